// Package scaffold writes new project files and adds stages to existing ones, with every required
// field present as a placeholder the loader refuses ("待填写：…") and a Chinese comment above each.
//
// Adding a stage edits the clerk's file as text: the block is inserted at its place in the
// lifecycle and nothing else changes, so the clerk's own comments, order and formatting survive
// (re-marshalling the YAML would lose them).
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// ProjectOptions describe a new project file.
type ProjectOptions struct {
	ID        string // 项目编号; required
	Year      int    // the folder: data/projects/<Year>/
	Body      string // purchasing body id; a placeholder when empty
	SchemaURL string // the JSON Schema the editor hint points to; no hint when empty
}

// Error is a scaffolding failure with a Chinese and an English message.
type Error struct {
	Message string // Chinese
	English string
}

func (e *Error) Error() string { return e.Message + "（" + e.English + "）" }

func errorf(zh, en string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(zh, args...), English: fmt.Sprintf(en, args...)}
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

// Project returns the text of a new project file: the schema hint, a short guide, every
// top-level field and the intention stage.
func Project(opt ProjectOptions) ([]byte, error) {
	src, _, err := ProjectFilled(opt, nil)
	return src, err
}

// ProjectFilled is Project with values filled in at their paths (see Values): the intention and
// every stage a value belongs to are written, in lifecycle order, with a placeholder wherever
// no value is given. It also returns the paths left as placeholders, in file order.
func ProjectFilled(opt ProjectOptions, v Values) ([]byte, []string, error) {
	if !idRE.MatchString(opt.ID) {
		return nil, nil, errorf("项目编号 %q 只能包含字母、数字和连字符", "project id %q may only contain letters, digits and hyphens", opt.ID)
	}
	fl := &filler{values: v}
	var b bytes.Buffer
	if opt.SchemaURL != "" {
		fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", opt.SchemaURL)
	}
	fmt.Fprintf(&b, "# 购买服务项目 %s：一个项目一个文件，从采购意向到绩效评价，每个阶段都写在这里。\n", opt.ID)
	b.WriteString("# 把每个“" + records.PlaceholderPrefix + "：…”换成实际内容；只要还有一处未填写，检查就会报错，网站不会发布。\n")
	b.WriteString("# 项目进入下一阶段时运行：go run ./generator new <阶段> <本文件>\n")
	b.WriteString("# 阶段：" + strings.Join(Stages(), ", ") + "\n\n")
	for _, l := range fl.render(projectFields(opt.ID, opt.Body), 0, "") {
		b.WriteString(l + "\n")
	}
	for _, st := range stagesOf(v) {
		b.WriteString("\n")
		for _, l := range fl.stageBlock(st) {
			b.WriteString(l + "\n")
		}
	}
	return b.Bytes(), fl.left, nil
}

// ProjectPath is where a project file lives, relative to the site root.
func ProjectPath(year int, id string) string {
	return filepath.ToSlash(filepath.Join("data", "projects", strconv.Itoa(year), id+".yaml"))
}

// NewProject writes a new project file under root and returns its path relative to root.
// It refuses to overwrite a file and refuses an id already used in any year.
func NewProject(root string, opt ProjectOptions) (string, error) {
	rel, _, err := NewProjectFilled(root, opt, nil)
	return rel, err
}

// NewProjectFilled is NewProject with values (see ProjectFilled); it also returns the paths left
// as placeholders.
func NewProjectFilled(root string, opt ProjectOptions, v Values) (string, []string, error) {
	if opt.Year < 1949 || opt.Year > 9999 {
		return "", nil, errorf("年度 %d 不正确", "year %d is out of range", opt.Year)
	}
	src, left, err := ProjectFilled(opt, v)
	if err != nil {
		return "", nil, err
	}
	if dup, _ := filepath.Glob(filepath.Join(root, "data", "projects", "*", opt.ID+".yaml")); len(dup) > 0 {
		rel, _ := filepath.Rel(root, dup[0])
		return "", nil, errorf("项目编号 %s 已被 %s 使用，不会覆盖", "project id %s is already used by %s; not overwriting it", opt.ID, filepath.ToSlash(rel))
	}
	rel := ProjectPath(opt.Year, opt.ID)
	if err := writeNew(root, rel, src); err != nil {
		return "", nil, err
	}
	return rel, left, nil
}

// writeNew writes a new file at rel under root, never overwriting one (O_EXCL: not even a file
// that appeared since the caller looked).
func writeNew(root, rel string, src []byte) error {
	path := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return ioError(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return errorf("文件 %s 已存在，不会覆盖", "%s already exists; not overwriting it", rel)
	}
	if err != nil {
		return ioError(err)
	}
	if _, err := f.Write(src); err != nil {
		f.Close()
		os.Remove(path)
		return ioError(err)
	}
	return ioError(f.Close())
}

// NextID proposes an unused id for the next project of body (its abbreviation in ids) in year,
// numbered by pattern: one more than the highest running number any project file of any year
// already has for that body and year, written with the pattern's width or the widest number
// those files use.
func NextID(root string, pattern records.IDPattern, body string, year int) string {
	highest, width := 0, 0
	files, _ := filepath.Glob(filepath.Join(root, "data", "projects", "*", "*.yaml"))
	for _, f := range files {
		if n, digits, ok := pattern.Seq(strings.TrimSuffix(filepath.Base(f), ".yaml"), body, year); ok {
			highest, width = max(highest, n), max(width, digits)
		}
	}
	return pattern.WithSeqWidth(width).Format(body, year, highest+1)
}

// SchemaURL is the address the export publishes the project schema at, for a site whose base URL
// is baseURL; with no base URL it is the path of the locally built copy, relative to a project
// file (data/projects/<year>/), which works after `generator build`.
func SchemaURL(baseURL string) string { return SchemaURLOf("project", baseURL) }

// SchemaURLOf is SchemaURL for the schema of any file kind; without a base URL the path is
// relative to the folder such files live in (data/providers/ is one level less deep).
func SchemaURLOf(kind, baseURL string) string {
	schema := "data/schema/" + kind + ".schema.json" // links.Schema(kind) without its leading slash
	if baseURL == "" {
		if kind == "project" {
			return "../../../public/" + schema
		}
		return "../../public/" + schema
	}
	return strings.TrimSuffix(baseURL, "/") + "/" + schema
}

func placeholder(hint string) string {
	return quote(records.PlaceholderPrefix + "：" + hint)
}

// quote writes s as a YAML double-quoted scalar.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// stageBlock is a new top-level stage: header comment, key, and its fields (one item for a list).
func stageBlock(st stage) []string { return (&filler{}).stageBlock(st) }

func (fl *filler) stageBlock(st stage) []string {
	head := fmt.Sprintf("# ── %s（%s）", st.title, st.name)
	if st.isList {
		head += "：每次添加一条"
	}
	out := []string{head + " ──"}
	if st.comment != "" {
		out = append(out, "# "+st.comment)
	}
	out = append(out, st.key+":")
	if st.isList {
		return append(out, fl.listItem(st.fields, 2, st.key+".")...)
	}
	return append(out, fl.render(st.fields, 2, st.key+".")...)
}

// topKeyRE matches a top-level mapping key at column 0. Block scalars and nested values are
// indented, so they never match.
var topKeyRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(.*)$`)

type topKey struct {
	name  string
	line  int    // index into lines
	value string // the rest of the line after the colon, trimmed
}

// AddStage returns src with the named stage added: a new top-level block inserted at its place in
// the lifecycle, or, for amendment/payment/evaluation, one more item at the end of the existing
// list. Warnings say when an earlier stage the new one normally follows is missing.
func AddStage(src []byte, name string) (out []byte, warnings []string, err error) {
	st, order, ok := lookupStage(name)
	if !ok {
		return nil, nil, errorf("未知阶段 %q；可用阶段：%s", "unknown stage %q; stages: %s", name, strings.Join(Stages(), ", "))
	}
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if text == "" {
		lines = nil
	}
	var keys []topKey
	for i, l := range lines {
		if m := topKeyRE.FindStringSubmatch(l); m != nil {
			keys = append(keys, topKey{name: m[1], line: i, value: strings.TrimSpace(m[2])})
		}
	}
	has := func(key string) bool {
		return slices.ContainsFunc(keys, func(k topKey) bool { return k.name == key })
	}
	warnings = prerequisites(st, has)

	if i := slices.IndexFunc(keys, func(k topKey) bool { return k.name == st.key }); i >= 0 {
		if !st.isList {
			return nil, nil, errorf("文件已有%s（%s）阶段，不能重复添加", "the file already has a %[2]s stage (%[1]s)", st.title, st.name)
		}
		lines, err = appendItem(lines, keys, i, st)
		if err != nil {
			return nil, nil, err
		}
	} else {
		lines = insertBlock(lines, keys, order, stageBlock(st))
	}
	return []byte(strings.Join(lines, nl) + nl), warnings, nil
}

// prerequisites warns when the stage that normally comes first is not in the file.
func prerequisites(st stage, has func(string) bool) []string {
	need := map[string][]string{
		"amendment":  {"call"},
		"award":      {"call"},
		"contract":   {"award"},
		"payment":    {"contract"},
		"evaluation": {"contract"},
	}
	var out []string
	for _, n := range need[st.name] {
		pre, _, _ := lookupStage(n)
		if !has(pre.key) {
			out = append(out, fmt.Sprintf("提示：文件中还没有%s（%s）阶段（note: no %s stage yet）", pre.title, pre.name, pre.name))
		}
	}
	if has("termination") && st.name != "termination" {
		out = append(out, "提示：项目已有终止公告（note: the project is terminated）")
	}
	return out
}

// insertBlock puts block before the first top-level stage key that comes later in the lifecycle
// (with the comment lines directly above it, which belong to it), or at the end.
func insertBlock(lines []string, keys []topKey, order int, block []string) []string {
	at := len(lines)
	for _, k := range keys {
		if _, o, ok := lookupStage(k.name); ok && o > order {
			at = k.line
			for at > 0 && strings.HasPrefix(lines[at-1], "#") {
				at--
			}
			break
		}
	}
	var ins []string
	if at > 0 && strings.TrimSpace(lines[at-1]) != "" {
		ins = append(ins, "")
	}
	ins = append(ins, block...)
	if at < len(lines) {
		ins = append(ins, "")
	}
	return slices.Insert(lines, at, ins...)
}

// appendItem adds one item at the end of the list under keys[i].
func appendItem(lines []string, keys []topKey, i int, st stage) ([]string, error) {
	k := keys[i]
	end := len(lines)
	if i+1 < len(keys) {
		end = keys[i+1].line
	}
	switch {
	case k.value == "" || strings.HasPrefix(k.value, "#"):
	case k.value == "[]" || strings.HasPrefix(k.value, "[]") && strings.HasPrefix(strings.TrimSpace(k.value[2:]), "#"):
		lines[k.line] = k.name + ":"
	default:
		return nil, errorf("第 %d 行的 %s 不是逐行书写的列表，无法自动添加；请改为每项一行“- ”的格式",
			"%[2]s on line %[1]d is not a block list; write it with one \"- \" item per line to add to it", k.line+1, k.name)
	}
	// The list ends at its last indented line; comments at column 0 before the next key belong
	// to that key.
	last := k.line
	indent := -1
	for j := k.line + 1; j < end; j++ {
		l := lines[j]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		last = j
		if t := strings.TrimLeft(l, " "); indent < 0 && strings.HasPrefix(t, "-") {
			indent = len(l) - len(t)
		}
	}
	if indent < 0 {
		indent = 2
	}
	return slices.Insert(lines, last+1, listItem(st.fields, indent)...), nil
}

// AddStageToFile adds the named stage to the project file at path, replacing the file atomically
// (write beside it, then rename) so an editor or the preview never sees half a file.
func AddStageToFile(path, name string) (warnings []string, err error) {
	warnings, err = addStageToFile(path, name)
	var e *Error
	if err != nil && !errors.As(err, &e) {
		err = ioError(err)
	}
	return warnings, err
}

func addStageToFile(path, name string) (warnings []string, err error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errorf("找不到项目文件 %s（新项目请先运行 generator new project）", "no project file %s (start a new project with generator new project)", path)
	}
	if err != nil {
		return nil, err
	}
	out, warnings, err := AddStage(src, name)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	return warnings, os.Rename(tmp.Name(), path)
}
