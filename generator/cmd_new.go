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
  generator new project --body ID [--year 2026] [--id ID] [--root DIR]
      新建 data/projects/<年度>/<编号>.yaml，含全部必填字段和采购意向阶段；编号按 data/site.yaml 的
      id_pattern（如 SLS-{body}-{year}-{seq:03}）取下一个流水号
      writes a new project file with every required field and the intention stage, numbered by
      site.yaml's id_pattern
  generator new provider <统一社会信用代码 credit-code> [--root DIR]
      新建 data/providers/<信用代码>.yaml（先核对校验位）/ writes a new provider file (checking the code)
  generator new <阶段 stage> <项目文件 project-file> [--root DIR]
      在项目文件中添加一个阶段 / adds a stage to a project file
      阶段 stages: %s
`

func runNew(args []string, stdout, stderr io.Writer) int {
	usage := func() { fmt.Fprintf(stderr, newUsageText, strings.Join(scaffold.Stages(), ", ")) }
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the flag package's errors are English only: worded below
	root := fs.String("root", ".", "站点根目录 site root")
	year := fs.Int("year", today().In(records.CST).Year(), "项目年度 project year")
	body := fs.String("body", "", "购买主体编号 purchasing body id")
	id := fs.String("id", "", "项目编号 project id (default: the next one of site.yaml's id_pattern)")
	pos, code, ok := parseArgs(fs, args, usage, stderr)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		usage()
		return 2
	}
	if code := rootMissing(*root, stderr); code != 0 {
		return code
	}
	switch {
	case pos[0] == "project" && len(pos) == 1:
		return newProject(*root, *year, *body, *id, stdout, stderr)
	case pos[0] == "provider" && len(pos) == 2:
		return newProvider(*root, pos[1], stdout, stderr)
	case pos[0] == "project" || pos[0] == "provider":
		fmt.Fprintf(stderr, "错误：参数个数不对（error: wrong number of arguments）\n\n")
		usage()
		return 2
	}
	if !slices.Contains(scaffold.Stages(), pos[0]) {
		fmt.Fprintf(stderr, "错误：未知阶段 %q（error: unknown stage %q）\n\n", pos[0], pos[0])
		usage()
		return 2
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "错误：请给出项目文件，例如 generator new %s data/projects/2026/SLS-MZ-2026-001.yaml\n(error: name the project file)\n\n", pos[0])
		usage()
		return 2
	}
	return newStage(*root, pos[0], pos[1], stdout, stderr)
}

// today is the clock `new` numbers this year's projects by; the README test pins it to the
// year its examples were written in.
var today = time.Now

// parseArgs parses a command's flags and positional arguments; on --help or a bad flag it has
// printed what the user needs and ok is false, with the exit code to return.
func parseArgs(fs *flag.FlagSet, args []string, usage func(), stderr io.Writer) (pos []string, code int, ok bool) {
	pos, err := parseInterspersed(fs, args)
	if err == nil {
		return pos, 0, true
	}
	if errors.Is(err, flag.ErrHelp) {
		usage()
		return nil, 0, false
	}
	fmt.Fprintln(stderr, flagError(err))
	usage()
	return nil, 2, false
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
	// Only the settings are needed (base URL for the schema hint, the known bodies, the id
	// pattern): parsing every project would make scaffolding as slow as a full check.
	st, bodies := records.LoadSettings(root)
	baseURL := ""
	if st != nil {
		baseURL = st.BaseURL
	}
	pattern := records.SiteIDPattern(st)
	known := make([]string, 0, len(bodies))
	var chosen *records.Body
	for _, b := range bodies {
		if b.ID != "" {
			known = append(known, b.ID)
		}
		if b.ID == body {
			chosen = b
		}
	}
	slices.Sort(known)
	if body != "" && len(known) > 0 && chosen == nil {
		fmt.Fprintf(stderr, "错误：购买主体 %q 不在 data/bodies.yaml 中；已有：%s\n(error: unknown body %q; known: %s)\n",
			body, strings.Join(known, ", "), body, strings.Join(known, ", "))
		return 1
	}
	if id == "" {
		if body == "" && pattern.UsesBody() {
			fmt.Fprintf(stderr, "错误：请用 --body 指定购买主体（编号规则含 {body}）；已有：%s\n(error: give the purchasing body with --body; known: %s)\n",
				strings.Join(known, ", "), strings.Join(known, ", "))
			return 2
		}
		code := body
		if chosen != nil {
			code = chosen.IDCode()
		}
		id = scaffold.NextID(root, pattern, code, year)
	}
	rel, err := scaffold.NewProject(root, scaffold.ProjectOptions{
		ID: id, Year: year, Body: body, SchemaURL: scaffold.SchemaURL(baseURL),
	})
	if err != nil {
		fmt.Fprintf(stderr, "错误 error: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "已创建 created %s\n", rel)
	fmt.Fprintf(stdout, "把所有“%s：…”换成实际内容，然后检查（replace every %s placeholder, then check）：\n", records.PlaceholderPrefix, records.PlaceholderPrefix)
	fmt.Fprintf(stdout, "  %s\n", nextCommand(root, "check"))
	fmt.Fprintf(stdout, "项目进入下一阶段时（when the project reaches its next stage）：\n")
	fmt.Fprintf(stdout, "  %s\n", nextCommand(root, "new call "+rel))
	return 0
}

func newProvider(root, code string, stdout, stderr io.Writer) int {
	st, _ := records.LoadSettings(root)
	baseURL := ""
	if st != nil {
		baseURL = st.BaseURL
	}
	rel, err := scaffold.NewProvider(root, code, scaffold.SchemaURLOf("provider", baseURL))
	if err != nil {
		fmt.Fprintf(stderr, "错误 error: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "已创建 created %s\n", rel)
	fmt.Fprintf(stdout, "把所有“%s：…”换成实际内容，然后检查（replace every %s placeholder, then check）：\n", records.PlaceholderPrefix, records.PlaceholderPrefix)
	fmt.Fprintf(stdout, "  %s\n", nextCommand(root, "check"))
	return 0
}

// nextCommand is the command line a clerk types next, with --root when it is not the current
// directory.
func nextCommand(root, args string) string {
	cmd := "go run ./generator " + args
	if filepath.Clean(root) != "." {
		cmd += " --root " + root
	}
	return cmd
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
	fmt.Fprintf(stdout, "已在 %s 中添加 %s（added the %s stage）；填写其中的“%s：…”后检查：\n  %s\n",
		file, stage, stage, records.PlaceholderPrefix, nextCommand(root, "check"))
	return 0
}

// flagError words an error of the flag package in Chinese and English.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Sprintf("错误：没有选项 %s\n(error: unknown option %s)\n", name, name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Sprintf("错误：选项 %s 后面要写一个值\n(error: option %s needs a value)\n", name, name)
	}
	return fmt.Sprintf("错误：选项的值不对（%s）\n(error: bad option value: %s)\n", msg, msg)
}
