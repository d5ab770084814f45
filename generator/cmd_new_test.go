package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// copySample copies the shipped sample data/ into a fresh site root.
func copySample(t *testing.T) string {
	t.Helper()
	repo, _ := filepath.Abs("..")
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "data"), os.DirFS(filepath.Join(repo, "data"))); err != nil {
		t.Fatal(err)
	}
	return root
}

// nextCommandRE finds the commands `new` tells the clerk to run next.
var nextCommandRE = regexp.MustCompile(`(?m)^  go run \./generator (.+)$`)

// TestNewProjectChains: `new project` numbers by site.yaml's id_pattern (SLS-{body}-{year}-{seq:03},
// the body's abbr in it), says where it wrote, and the commands it prints run as printed.
func TestNewProjectChains(t *testing.T) {
	root := copySample(t)
	for _, c := range []struct{ body, want string }{
		{"mz", "data/projects/2026/SLS-MZ-2026-009.yaml"},  // after the sample's SLS-MZ-2026-008
		{"jyj", "data/projects/2026/SLS-JY-2026-003.yaml"}, // jyj's abbr is JY
		{"mz", "data/projects/2026/SLS-MZ-2026-010.yaml"},
	} {
		var out, errOut bytes.Buffer
		if code := run([]string{"new", "project", "--body", c.body, "--year", "2026", "--root", root}, &out, &errOut); code != 0 {
			t.Fatalf("new project --body %s: exit %d\n%s", c.body, code, errOut.String())
		}
		if !strings.Contains(out.String(), "已创建 created "+c.want+"\n") {
			t.Errorf("new project --body %s printed\n%s\nwant the path %s", c.body, out.String(), c.want)
		}
		if _, err := os.Stat(filepath.Join(root, c.want)); err != nil {
			t.Errorf("not written: %v", err)
		}
		cmds := nextCommandRE.FindAllStringSubmatch(out.String(), -1)
		if len(cmds) != 2 || !strings.Contains(cmds[1][1], "new call "+c.want) {
			t.Fatalf("next commands = %q", cmds)
		}
		// Run the next stage's command exactly as printed.
		out.Reset()
		if code := run(strings.Fields(cmds[1][1]), &out, &errOut); code != 0 {
			t.Errorf("%s: exit %d\n%s", cmds[1][1], code, errOut.String())
		}
	}
	// The check it points to finds the placeholders, in the new files only.
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--root", root, "--no-history"}, &out, &errOut); code != 1 {
		t.Fatalf("check after new: exit %d, want 1 (placeholders)", code)
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if strings.Contains(l, " 错误 ") && !strings.Contains(l, "placeholder") {
			t.Errorf("an error other than a placeholder: %s", l)
		}
	}
}

func TestNewProvider(t *testing.T) {
	root := copySample(t)
	const code = "52530199MJ0000009B"
	valid := code[:17] + string(checkChar(t, code[:17]))
	var out, errOut bytes.Buffer
	if c := run([]string{"new", "provider", valid, "--root", root}, &out, &errOut); c != 0 {
		t.Fatalf("new provider %s: exit %d\n%s", valid, c, errOut.String())
	}
	rel := "data/providers/" + valid + ".yaml"
	if !strings.Contains(out.String(), rel) {
		t.Errorf("output does not name %s:\n%s", rel, out.String())
	}
	// Left as scaffolded the file is all placeholders; check names each.
	out.Reset()
	run([]string{"check", "--root", root, "--no-history"}, &out, &errOut)
	if n := strings.Count(out.String(), rel+":"); n != 3 {
		t.Errorf("check reports %d problems in %s, want 3 placeholders (name, kind, address…):\n%s", n, rel, out.String())
	}
	// A mistyped check character: refused, with the valid code named in both languages.
	wrong := valid[:17] + "0"
	if wrong == valid {
		wrong = valid[:17] + "1"
	}
	errOut.Reset()
	if c := run([]string{"new", "provider", wrong, "--root", root}, &out, &errOut); c != 1 {
		t.Errorf("invalid code: exit %d, want 1", c)
	}
	if !strings.Contains(errOut.String(), "校验位正确的代码是 "+valid) || !strings.Contains(errOut.String(), "the valid code is "+valid) {
		t.Errorf("no suggestion of %s: %s", valid, errOut.String())
	}
	if _, err := os.Stat(filepath.Join(root, "data", "providers", wrong+".yaml")); err == nil {
		t.Error("a file was written for an invalid code")
	}
	// Never overwrites.
	if c := run([]string{"new", "provider", valid, "--root", root}, &out, &errOut); c != 1 {
		t.Errorf("second new provider: exit %d, want 1", c)
	}
}

// checkChar is the GB 32100 check character, computed here independently of records.
func checkChar(t *testing.T, first17 string) byte {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(chars, first17[i]) * weights[i]
	}
	return chars[(31-sum%31)%31]
}

// TestNewErrorsBilingual: every way `new` can fail says so in Chinese and in English.
func TestNewErrorsBilingual(t *testing.T) {
	root := copySample(t)
	existing := "data/projects/2026/SLS-MZ-2026-001.yaml"
	for _, args := range [][]string{
		{"new", "project", "--year", "2026"},                          // no --body, the pattern needs one
		{"new", "project", "--body", "nosuch"},                        // unknown body
		{"new", "project", "--body", "mz", "--id", "SLS MZ 1"},        // bad id
		{"new", "project", "--body", "mz", "--id", "SLS-MZ-2026-001"}, // id taken
		{"new", "project", "--body", "mz", "--year", "12"},            // year
		{"new", "provider", "91530100MA0000003X"},                     // bad checksum
		{"new", "provider", "12345"},                                  // bad length
		{"new", "provider", "12530199MB5BQHCY2P"},                     // exists
		{"new", "call", "data/projects/2026/NOPE.yaml"},               // no such file
		{"new", "contract", existing},                                 // stage exists? (the sample has one) or a hint
		{"new", "publish", existing},                                  // unknown stage
		{"new", "call"},                                               // no file
		{"new", "project", "--bogus"},                                 // unknown flag
		{"new", "provider"},                                           // no code
		{"new", "project", "--root", filepath.Join(root, "nope")},     // no root
	} {
		var out, errOut bytes.Buffer
		code := run(append(args, "--root", root), &out, &errOut)
		if args[len(args)-2] == "--root" {
			code = run(args, &out, &errOut)
		}
		if code == 0 {
			if args[1] == "contract" {
				continue // the sample project may lack a contract: adding it is no error
			}
			t.Errorf("%v: exit 0", args)
			continue
		}
		msg := errOut.String()
		hasHan := strings.IndexFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
		if !hasHan || !strings.Contains(msg, "error") {
			t.Errorf("%v: exit %d, message not in Chinese and English:\n%s", args, code, msg)
		}
		if strings.Contains(msg, "no such file") || strings.Contains(msg, "flag provided") {
			t.Errorf("%v: a raw Go error reached the clerk:\n%s", args, msg)
		}
	}
}

// TestRootAndVersion: a --root that does not exist is a usage error (exit 2) for every command
// that reads the site; --version prints the version.
func TestRootAndVersion(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	for _, cmd := range []string{"check", "build", "serve"} {
		var out, errOut bytes.Buffer
		if code := run([]string{cmd, "--root", missing}, &out, &errOut); code != 2 {
			t.Errorf("%s --root %s: exit %d, want 2", cmd, missing, code)
		}
		if !strings.Contains(errOut.String(), "不存在") || !strings.Contains(errOut.String(), "does not exist") {
			t.Errorf("%s: message = %q", cmd, errOut.String())
		}
	}
	// A folder that exists but holds no data/ is a problem with the input (exit 1), not usage.
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--root", t.TempDir()}, &out, &errOut); code != 1 {
		t.Errorf("check of an empty folder: exit %d, want 1", code)
	}
	out.Reset()
	if code := run([]string{"--version"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "gongkai ") {
		t.Errorf("--version: exit %d, %q", code, out.String())
	}
}

// TestCheckSaysWhatBlocks: with errors, the warnings are still listed — the compliance findings
// of every project whose file is sound too — and the report says which block publishing.
func TestCheckSaysWhatBlocks(t *testing.T) {
	root := copySample(t)
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--root", root, "--no-history", "--as-of", "2026-11-20"}, &out, &errOut); code != 0 {
		t.Fatalf("sample: exit %d", code)
	}
	findings := findingLines(out.String())
	if len(findings) < 3 {
		t.Fatalf("the sample has only %d findings", len(findings))
	}
	// Break a project that has findings of its own: they must go, and the others' stay.
	broken := ""
	for f := range findings {
		if file, _, _ := strings.Cut(f, ":"); strings.HasPrefix(file, "data/projects/") && (broken == "" || file < broken) {
			broken = file
		}
	}
	if broken == "" {
		t.Fatal("no project of the sample has a finding")
	}
	os.WriteFile(filepath.Join(root, "data", "notes.txt"), []byte("x"), 0o644) // a warning
	b, _ := os.ReadFile(filepath.Join(root, broken))
	if !bytes.Contains(b, []byte("\nform: 购买项目")) {
		t.Fatalf("%s has no form: 购买项目 to break", broken)
	}
	os.WriteFile(filepath.Join(root, broken), bytes.Replace(b, []byte("\nform: 购买项目"), []byte("\nform: 购买项"), 1), 0o644) // an error
	out.Reset()
	if code := run([]string{"check", "--root", root, "--no-history", "--as-of", "2026-11-20"}, &out, &errOut); code != 1 {
		t.Fatalf("exit %d", code)
	}
	s := out.String()
	if !strings.Contains(s, "警告 unknown-file") || !strings.Contains(s, "错误 bad-enum") {
		t.Errorf("the error and the warning are not both listed:\n%s", s)
	}
	if !regexp.MustCompile(`1 个错误（阻止发布），\d+ 个警告（不阻止发布）`).MatchString(s) || !strings.Contains(s, "有错误的项目文件不做合规检查") {
		t.Errorf("the report does not say what blocks:\n%s", s)
	}
	// Every finding of the sound projects is still there; none of the broken file's.
	got := findingLines(s)
	for f := range findings {
		if strings.HasPrefix(f, broken) {
			if got[f] {
				t.Errorf("a finding of the file with an error: %s", f)
			}
		} else if !got[f] {
			t.Errorf("finding lost while another file has an error: %s", f)
		}
	}
	// An error outside the project files leaves nothing to judge, and says so.
	os.WriteFile(filepath.Join(root, broken), b, 0o644)
	bodies := filepath.Join(root, "data", "bodies.yaml")
	bb, _ := os.ReadFile(bodies)
	os.WriteFile(bodies, bytes.Replace(bb, []byte("kind: 行政机关"), []byte("kind: 机关"), 1), 0o644)
	out.Reset()
	run([]string{"check", "--root", root, "--no-history", "--as-of", "2026-11-20"}, &out, &errOut)
	if n := len(findingLines(out.String())); n != 0 || !strings.Contains(out.String(), "有错误时不做合规检查") {
		t.Errorf("with bodies.yaml broken: %d findings\n%s", n, out.String())
	}
}

// findingLines are the compliance warnings of a text report (every warning but unknown-file
// and budget-bound, which the loader reports).
func findingLines(report string) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(report, "\n") {
		if strings.Contains(l, ": 警告 ") && !strings.Contains(l, "unknown-file") && !strings.Contains(l, "budget-bound") {
			out[l] = true
		}
	}
	return out
}
