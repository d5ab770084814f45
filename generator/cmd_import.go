package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gongkai/gongkai/generator/importer"
	"github.com/gongkai/gongkai/generator/scaffold"
)

func init() {
	register(command{
		name:    "import",
		summary: "把项目台账（.xlsx/.csv）导入为项目文件 / import a project register (.xlsx/.csv)",
		run:     runImport,
	})
}

const importUsageText = `用法 usage:
  generator import <台账 register.xlsx|.csv> [--mapping 映射.yaml] [--sheet 工作表] [--root DIR] [--lang zh|en]
      每行写一个项目文件 data/projects/<年度>/<编号>.yaml：映射到的列填入，其余字段留“待填写”；
      已有的文件不会覆盖。没有 --mapping 时按常见的中文列名（项目编号、项目名称、购买主体……）对应。
      writes one project file per row: mapped columns filled in, every other field a placeholder;
      an existing file is never overwritten.
  generator import --write-mapping 映射.yaml
      写出默认的列映射，供修改 / writes the default column mapping to edit
  generator import --fields
      列出可以映射的字段 / lists the fields a column can fill
`

func runImport(args []string, stdout, stderr io.Writer) int {
	usage := func() { fmt.Fprint(stderr, importUsageText) }
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	root := fs.String("root", ".", "站点根目录 site root")
	mappingFile := fs.String("mapping", "", "列映射文件 column mapping file")
	sheet := fs.String("sheet", "", "工作表 sheet")
	writeMapping := fs.String("write-mapping", "", "写出默认映射 write the default mapping")
	fields := fs.Bool("fields", false, "列出字段 list the fields")
	lang := fs.String("lang", "zh", "消息语言 zh | en")
	pos, code, ok := parseArgs(fs, args, usage, stderr)
	if !ok {
		return code
	}
	if err := checkLang(*lang); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	switch {
	case *fields:
		for _, f := range scaffold.FieldPaths() {
			fmt.Fprintf(stdout, "%-32s %s\n", f.Path, f.Comment)
		}
		fmt.Fprintf(stdout, "%-32s %s\n", importer.YearField, "项目年度（data/projects/<年度>/）；不给时取项目编号或最早日期中的年份")
		return 0
	case *writeMapping != "":
		f, err := os.OpenFile(*writeMapping, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "错误：无法新建 %s（已存在或不可写）\n(error: cannot create %s: it exists or is not writable)\n", *writeMapping, *writeMapping)
			return 1
		}
		_, werr := f.Write(importer.DefaultMappingFile())
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			fmt.Fprintf(stderr, "错误：写入 %s 失败\n(error: writing %s failed)\n", *writeMapping, *writeMapping)
			return 1
		}
		fmt.Fprintf(stdout, "已写出 wrote %s；改好后运行 go run ./generator import <台账> --mapping %s\n", *writeMapping, *writeMapping)
		return 0
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "错误：请给出一个台账文件（error: name one register file）")
		usage()
		return 2
	}
	if code := rootMissing(*root, stderr); code != 0 {
		return code
	}
	m := importer.DefaultMapping()
	if *mappingFile != "" {
		var err error
		if m, err = importer.ReadMapping(*mappingFile); err != nil {
			fmt.Fprintf(stderr, "错误 error: %v\n", err)
			return 2
		}
	}
	if *sheet != "" {
		m.Sheet = *sheet
	}
	rep, err := importer.Import(*root, pos[0], m)
	if err != nil {
		fmt.Fprintf(stderr, "错误 error: %v\n", err)
		return 1
	}
	for _, r := range rep.Rows {
		fmt.Fprintln(stdout, r.String(*lang))
	}
	skipped := len(rep.Rows) - rep.Written()
	if *lang == "en" {
		if len(rep.Unused) > 0 {
			fmt.Fprintf(stdout, "columns not imported (not in the mapping): %v\n", rep.Unused)
		}
		fmt.Fprintf(stdout, "%d rows: %d files written, %d skipped. Next: fill the placeholders, then %s\n",
			len(rep.Rows), rep.Written(), skipped, nextCommand(*root, "check"))
	} else {
		if len(rep.Unused) > 0 {
			fmt.Fprintf(stdout, "未导入的列（映射中没有）：%v\n", rep.Unused)
		}
		fmt.Fprintf(stdout, "共 %d 行：写入 %d 个文件，跳过 %d 行。下一步：填写“待填写”的字段，然后运行 %s\n",
			len(rep.Rows), rep.Written(), skipped, nextCommand(*root, "check"))
	}
	if skipped > 0 {
		return 1
	}
	return 0
}
