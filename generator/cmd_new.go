package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/scaffold"
)

func init() {
	register(command{
		name:    "new",
		summary: "新建项目文件或添加下一阶段 / scaffold a project or its next stage",
		run:     runNew,
	})
}

const newUsageText = `用法 usage:
  generator new project [--root DIR] [--year 2026] [--body ID] [--id ID]
      新建 data/projects/<年度>/<编号>.yaml，含全部必填字段和采购意向阶段
      writes a new project file with every required field and the intention stage
  generator new <阶段 stage> <项目文件 project-file>
      在项目文件中添加一个阶段 / adds a stage to a project file
      阶段 stages: %s
`

func runNew(args []string, stdout, stderr io.Writer) int {
	usage := func() { fmt.Fprintf(stderr, newUsageText, strings.Join(scaffold.Stages(), ", ")) }
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage
	root := fs.String("root", ".", "站点根目录 site root")
	year := fs.Int("year", time.Now().In(records.CST).Year(), "项目年度 project year")
	body := fs.String("body", "", "购买主体编号 purchasing body id")
	id := fs.String("id", "", "项目编号 project id (default: <BODY>-<year>-NNN)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) == 0 {
		usage()
		return 2
	}
	if pos[0] == "project" {
		if len(pos) != 1 {
			usage()
			return 2
		}
		return newProject(*root, *year, *body, *id, stdout, stderr)
	}
	if !slices.Contains(scaffold.Stages(), pos[0]) {
		fmt.Fprintf(stderr, "未知阶段 %q（unknown stage）\n\n", pos[0])
		usage()
		return 2
	}
	if len(pos) != 2 {
		usage()
		return 2
	}
	return newStage(*root, pos[0], pos[1], stdout, stderr)
}

// parseInterspersed lets flags follow the positional arguments, as in
// `generator new call data/projects/2026/X.yaml --root site`.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newProject(root string, year int, body, id string, stdout, stderr io.Writer) int {
	// Only the settings are needed (base URL for the schema hint, the known bodies): parsing every
	// project would make scaffolding as slow as a full check on a big site.
	st, bodies := records.LoadSettings(root)
	baseURL := ""
	if st != nil {
		baseURL = st.BaseURL
	}
	known := make([]string, 0, len(bodies))
	for _, b := range bodies {
		if b.ID != "" {
			known = append(known, b.ID)
		}
	}
	if body != "" && len(known) > 0 && !slices.Contains(known, body) {
		slices.Sort(known)
		fmt.Fprintf(stderr, "错误：购买主体 %q 不在 data/bodies.yaml 中；已有：%s\n(error: unknown body %q)\n", body, strings.Join(known, ", "), body)
		return 1
	}
	if id == "" {
		prefix := "XM" // 项目
		if body != "" {
			prefix = body
		}
		id = scaffold.NextID(root, prefix, year)
	}
	rel, err := scaffold.NewProject(root, scaffold.ProjectOptions{
		ID: id, Year: year, Body: body, SchemaURL: scaffold.SchemaURL(baseURL),
	})
	if err != nil {
		fmt.Fprintf(stderr, "错误 error: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "已创建 created %s\n", rel)
	fmt.Fprintf(stdout, "把所有“%s：…”换成实际内容，然后运行 go run ./generator check\n", records.PlaceholderPrefix)
	fmt.Fprintf(stdout, "(replace every %s placeholder, then run go run ./generator check)\n", records.PlaceholderPrefix)
	return 0
}

func newStage(root, stage, file string, stdout, stderr io.Writer) int {
	path := file
	if _, err := os.Stat(path); err != nil && !filepath.IsAbs(file) {
		// A path relative to --root, as check prints it.
		if _, err2 := os.Stat(filepath.Join(root, file)); err2 == nil {
			path = filepath.Join(root, file)
		}
	}
	warnings, err := scaffold.AddStageToFile(path, stage)
	if err != nil {
		fmt.Fprintf(stderr, "错误 error: %v\n", err)
		return 1
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, w)
	}
	fmt.Fprintf(stdout, "已在 %s 中添加 %s（added the %s stage）；填写其中的“%s：…”后运行 go run ./generator check\n",
		file, stage, stage, records.PlaceholderPrefix)
	return 0
}
