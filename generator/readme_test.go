package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The README is the front door: its examples must work as written. TestReadmeExamples runs
// every shell example of README.md on a fresh copy of the sample site, block by block in the
// README's order (so the clerk's steps chain: the file `new project` writes is the one the next
// line names), and checks every YAML example against the sample data.

type readmeBlock struct {
	lang, text string
	line       int // of the opening fence
}

var fenceRE = regexp.MustCompile("(?ms)^```(\\w*)\\n(.*?)^```")

func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []readmeBlock
	for _, m := range fenceRE.FindAllSubmatchIndex(src, -1) {
		out = append(out, readmeBlock{
			lang: string(src[m[2]:m[3]]),
			text: string(src[m[4]:m[5]]),
			line: bytes.Count(src[:m[0]], []byte("\n")) + 1,
		})
	}
	if len(out) < 10 {
		t.Fatalf("only %d code blocks found in README.md", len(out))
	}
	return out
}

// readmeSite copies what a build needs (data, layouts, i18n, assets, content) into a new root.
func readmeSite(t *testing.T, repo string) string {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"data", "layouts", "i18n", "assets", "content"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join(repo, dir))); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// shellLines are the commands of a shell block: comments and blank lines dropped.
func shellLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if i := strings.Index(l, " #"); i >= 0 {
			l = l[:i]
		}
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// notRun are commands the test does not run, and why.
var notRun = map[string]string{
	"CGO_ENABLED=0 go test":    "the test command itself (.ci/run runs it)",
	"CGO_ENABLED=0 go build":   "builds the binary the bench lines use",
	"/tmp/gongkai bench":       "the benchmark harness: minutes of work (perf tests cover it)",
	"go tool pprof":            "reads a profile of the benchmark",
	"go run ./generator serve": "blocks until stopped (cmd_serve_test runs the preview)",
}

func TestReadmeExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site")
	}
	// The clerk's steps name this year's files: pin the year they were written in.
	defer func(old func() time.Time) { today = old }(today)
	today = func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) }
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var ranNew, ranImport, ranBuild, checkedYAML int
	for _, b := range readmeBlocks(t) {
		t.Run(fmt.Sprintf("README.md:%d", b.line), func(t *testing.T) {
			switch b.lang {
			case "sh":
				runShellBlock(t, repo, b, &ranNew, &ranImport, &ranBuild)
			case "yaml":
				checkYAMLBlock(t, repo, b)
				checkedYAML++
			case "":
				checkTreeBlock(t, repo, b)
			default:
				t.Errorf("README.md:%d: a %s block the test does not know how to run", b.line, b.lang)
			}
		})
	}
	if ranNew < 3 || ranImport < 2 || ranBuild < 2 || checkedYAML < 3 {
		t.Errorf("ran %d new, %d import, %d build commands and %d YAML examples: the README lost its examples?", ranNew, ranImport, ranBuild, checkedYAML)
	}
}

func runShellBlock(t *testing.T, repo string, b readmeBlock, ranNew, ranImport, ranBuild *int) {
	root := readmeSite(t, repo)
	t.Chdir(root) // the README's commands work on the current directory
	scratch := t.TempDir()
	if strings.Contains(b.text, "台账.xlsx") {
		writeRegister(t, filepath.Join(root, "台账.xlsx"))
	}
	clerk := strings.Contains(b.text, "new project")
	var lastCheck string
	var lastCode int
	deployed := map[string]bool{} // local folders a deploy example copied the site to
lines:
	for _, l := range shellLines(b.text) {
		for prefix, why := range notRun {
			if strings.HasPrefix(l, prefix) {
				t.Logf("README.md:%d: not run (%s): %s", b.line, why, l)
				continue lines
			}
		}
		args, ok := strings.CutPrefix(l, "go run ./generator ")
		if !ok {
			t.Errorf("README.md:%d: a shell line the test cannot run: %s", b.line, l)
			continue
		}
		// Paths under /tmp go to a scratch folder; synthetic sites are kept small.
		args = strings.ReplaceAll(args, "/tmp/", scratch+"/")
		args = strings.Replace(args, "--projects 10000", "--projects 40", 1)
		argv := strings.Fields(args)
		var out, errOut bytes.Buffer
		code := run(argv, &out, &errOut)
		if code == 2 {
			t.Errorf("README.md:%d: %s: bad usage (exit 2)\n%s", b.line, l, errOut.String())
			continue
		}
		switch argv[0] {
		case "new":
			*ranNew++
			if code != 0 {
				t.Errorf("README.md:%d: %s: exit %d\n%s", b.line, l, code, errOut.String())
			}
		case "import":
			*ranImport++
		case "build", "assemble":
			if argv[0] == "build" {
				*ranBuild++
			}
			if code != 0 {
				t.Errorf("README.md:%d: %s: exit %d\n%s", b.line, l, code, errOut.String())
			}
		case "deploy":
			// The deploy examples copy to a local folder with the real tool (.ci/run installs it):
			// a dry run leaves it as it was, a deploy makes it public/ byte for byte.
			if code != 0 {
				if os.Getenv("CI") != "" || !strings.Contains(errOut.String(), "not found") {
					t.Errorf("README.md:%d: %s: exit %d\n%s%s", b.line, l, code, out.String(), errOut.String())
				}
				continue
			}
			dest := argv[slices.Index(argv, "--to")+1]
			if slices.Contains(argv, "--dry-run") {
				if _, err := os.Stat(dest); err == nil && !deployed[dest] {
					t.Errorf("README.md:%d: %s wrote %s", b.line, l, dest)
				}
				continue
			}
			deployed[dest] = true
			sameTree(t, l, filesOf(t, filepath.Join(root, "public")), filesOf(t, dest))
		case "check":
			lastCheck, lastCode = out.String(), code
			strict := strings.Contains(l, "--strict")
			if !clerk && !strict && !strings.Contains(b.text, "import ") && code != 0 {
				t.Errorf("README.md:%d: %s on the sample: exit %d\n%s", b.line, l, code, tail(out.String()))
			}
		}
	}
	if clerk {
		// After the clerk's steps, check finds the placeholders they left, and nothing else.
		if lastCode != 1 || !strings.Contains(lastCheck, "placeholder") {
			t.Errorf("README.md:%d: check after the clerk's steps: exit %d, want the placeholders\n%s", b.line, lastCode, tail(lastCheck))
		}
		for _, l := range strings.Split(lastCheck, "\n") {
			if strings.Contains(l, " 错误 ") && !strings.Contains(l, "placeholder") {
				t.Errorf("README.md:%d: after the clerk's steps: %s", b.line, l)
			}
		}
	}
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-8):], "\n")
}

// writeRegister is a register as the import examples expect: a sheet 项目台账 with the default
// column names.
func writeRegister(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "项目台账")
	rows := [][]any{
		{"项目编号", "项目名称", "购买主体", "预算金额（万元）", "采购意向公开日期"},
		{"SLS-MZ-2024-001", "老年助餐服务", "示例市民政局", 30, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{nil, "青少年社会工作服务", "jyj", 12, time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC)},
	}
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := f.SetSheetRow("项目台账", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// checkYAMLBlock puts a YAML example where the README says it goes and checks the sample with it.
func checkYAMLBlock(t *testing.T, repo string, b readmeBlock) {
	root := readmeSite(t, repo)
	var out, errOut bytes.Buffer
	switch {
	case strings.HasPrefix(b.text, "# yaml-language-server:"):
		// The editor hint: the first line of a scaffolded project file.
		if code := run([]string{"new", "project", "--body", "mz", "--root", root}, &out, &errOut); code != 0 {
			t.Fatalf("README.md:%d: new project: exit %d\n%s", b.line, code, errOut.String())
		}
		rel := strings.Fields(strings.SplitN(out.String(), "\n", 2)[0])[2]
		src, _ := os.ReadFile(filepath.Join(root, rel))
		if first, _, _ := strings.Cut(string(src), "\n"); first+"\n" != b.text {
			t.Errorf("README.md:%d: the README shows\n%sa scaffolded file starts\n%s", b.line, b.text, first)
		}
		return
	case strings.HasPrefix(b.text, "id: "):
		// The complete project file replaces the sample's file of that id.
		id := strings.Fields(b.text)[1]
		matches, _ := filepath.Glob(filepath.Join(root, "data", "projects", "*", id+".yaml"))
		if len(matches) != 1 {
			t.Fatalf("README.md:%d: the sample has no file for %s to replace", b.line, id)
		}
		os.WriteFile(matches[0], []byte(b.text), 0o644)
	case strings.HasPrefix(b.text, "thresholds:"):
		site := filepath.Join(root, "data", "site.yaml")
		src, _ := os.ReadFile(site)
		os.WriteFile(site, append(src, b.text...), 0o644)
	default:
		t.Errorf("README.md:%d: a YAML example the test does not know where to put:\n%s", b.line, b.text)
		return
	}
	if code := run([]string{"check", "--root", root, "--no-history", "--as-of", "2026-11-20"}, &out, &errOut); code != 0 {
		t.Errorf("README.md:%d: the example does not check clean against the sample data:\n%s", b.line, tail(out.String()))
	}
}

// treeRE is an entry of the data/ tree: two spaces, a path.
var treeRE = regexp.MustCompile(`^  ([a-z][a-z_]*(?:\.yaml|/))`)

// checkTreeBlock checks that the data/ layout the README draws is the sample's.
func checkTreeBlock(t *testing.T, repo string, b readmeBlock) {
	if !strings.HasPrefix(b.text, "data/\n") {
		return // the repository layout and others: prose in a box
	}
	for _, l := range strings.Split(b.text, "\n")[1:] {
		m := treeRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(repo, "data", strings.TrimSuffix(m[1], "/"))); err != nil {
			t.Errorf("README.md:%d: the data/ tree shows %s, the sample has none", b.line, m[1])
		}
	}
}
