package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/links"
)

func init() {
	register(command{
		name:    "schema",
		summary: "输出数据文件的 JSON Schema / print the JSON Schema of the data files",
		run:     runSchema,
	})
}

// runSchema prints one kind's schema (--kind K), or writes every kind's (or the one kind's) to
// DIR/<kind>.schema.json (--out DIR). The schemas are generated from the model types, so they
// need no data: --root is accepted for symmetry with the other commands and ignored.
func runSchema(args []string, stdout, stderr io.Writer) int {
	var kind, outDir, baseURL, root string
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&kind, "kind", "", "数据文件类型 / data file kind: "+strings.Join(export.SchemaKinds(), " | "))
	fs.StringVar(&outDir, "out", "", "写入此目录，每类一个 <kind>.schema.json / write <kind>.schema.json files into DIR")
	fs.StringVar(&baseURL, "base-url", "", "网站地址，用于 $id / site URL for $id, e.g. https://gongkai.example.gov.cn/")
	fs.StringVar(&root, "root", ".", "站点根目录（不需要）/ site root (not needed)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法 usage: generator schema [--kind K] [--out DIR] [--base-url URL]")
		fmt.Fprintln(stderr, "  不带 --out 时须指定 --kind，输出到标准输出 / without --out, --kind is required and the schema goes to stdout")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "多余的参数 unexpected arguments: %v\n", fs.Args())
		return 2
	}
	kinds := export.SchemaKinds()
	if kind != "" {
		known := false
		for _, k := range kinds {
			known = known || k == kind
		}
		if !known {
			fmt.Fprintf(stderr, "未知的数据文件类型 %q（unknown kind）；可选 / one of: %s\n", kind, strings.Join(kinds, ", "))
			return 2
		}
		kinds = []string{kind}
	}
	if outDir == "" && kind == "" {
		fs.Usage()
		return 2
	}
	id := func(k string) string {
		if baseURL == "" {
			return ""
		}
		return strings.TrimRight(baseURL, "/") + links.Schema(k)
	}
	if outDir == "" {
		data, err := export.SchemaJSON(kind, id(kind))
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		_, _ = stdout.Write(data)
		return 0
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, k := range kinds {
		data, err := export.SchemaJSON(k, id(k))
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		name := filepath.Join(outDir, k+".schema.json")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "已写入 wrote %s\n", name)
	}
	return 0
}
