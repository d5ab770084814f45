// Package selfcontained holds the test that the repository's tests need nothing beside it: a
// fresh clone passes `go test ./...` alone (.ci/fresh-clone proves it by doing so).
//
// What can really fail: a test reads a file through a path that leaves the repository — a
// sibling folder (../<name>) or an absolute path of one machine — and passes only where that
// file happens to be, or skips elsewhere without anyone noticing.
package selfcontained

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// finding is a path literal that leaves the repository.
type finding struct {
	pos  string
	path string
	why  string
}

// systemDirs are absolute paths every machine has, or that tests use as hostile input.
var systemDirs = []string{"/tmp", "/dev", "/proc", "/sys", "/usr", "/etc", "/bin", "/sbin", "/lib", "/var", "/opt/homebrew", "/nonexistent", "/no/such"}

// machineDirs hold one person's or one machine's files: a path in them exists nowhere else.
var machineDirs = []string{"/home/", "/Users/", "/work/", "/root/", "/mnt/", "/srv/"}

// scan looks at every Go file of the repository at root for path literals that leave it.
func scan(root string) ([]finding, error) {
	var out []finding
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "public", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if joined, unknownBase, ok := joinArgs(n); ok {
					bases := []string{dir}
					if unknownBase {
						// A directory variable: the package's or the repository's, as tests use.
						bases = append(bases, root)
					}
					for _, base := range bases {
						if p := filepath.Join(base, joined); leaves(root, p) && exists(p) {
							out = append(out, finding{fset.Position(n.Pos()).String(), p, "a path built from the repository that leaves it, to a file only this machine has"})
							return false
						}
					}
					return false
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				v, err := strconv.Unquote(n.Value)
				if err != nil || strings.ContainsAny(v, "\n\x00") {
					return true
				}
				if why := absoluteProblem(v); why != "" {
					out = append(out, finding{fset.Position(n.Pos()).String(), v, why})
				} else if strings.HasPrefix(v, "../") {
					if p := filepath.Join(dir, v); leaves(root, p) && exists(p) {
						out = append(out, finding{fset.Position(n.Pos()).String(), p, "a relative path that leaves the repository, to a file only this machine has"})
					}
				}
			}
			return true
		})
		return nil
	})
	return out, err
}

// joinArgs returns the relative path a filepath.Join or path.Join call builds from its literal
// arguments, when it climbs out of its base and then names something (a mere climb such as
// "../.." finds the repository root); unknownBase says the first argument is a variable.
func joinArgs(c *ast.CallExpr) (joined string, unknownBase, ok bool) {
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if !isSel || sel.Sel.Name != "Join" {
		return "", false, false
	}
	if pkg, isIdent := sel.X.(*ast.Ident); !isIdent || pkg.Name != "filepath" && pkg.Name != "path" {
		return "", false, false
	}
	var parts []string
	for i, a := range c.Args {
		lit, isLit := a.(*ast.BasicLit)
		if !isLit || lit.Kind != token.STRING {
			if i == 0 {
				unknownBase = true
				continue
			}
			return "", false, false
		}
		v, err := strconv.Unquote(lit.Value)
		if err != nil {
			return "", false, false
		}
		parts = append(parts, v)
	}
	joined = filepath.Join(parts...)
	climbs := strings.HasPrefix(joined, "../")
	names := strings.Trim(strings.ReplaceAll(joined, "..", ""), "/") != ""
	return joined, unknownBase, climbs && names
}

// absoluteProblem says why an absolute path literal cannot be found in a fresh clone elsewhere.
func absoluteProblem(v string) string {
	if !strings.HasPrefix(v, "/") || strings.Contains(v, " ") || len(v) < 2 {
		return ""
	}
	for _, d := range systemDirs {
		if v == d || strings.HasPrefix(v, d+"/") {
			return ""
		}
	}
	for _, d := range machineDirs {
		if strings.HasPrefix(v, d) && len(v) > len(d) {
			return "an absolute path in one machine's folders"
		}
	}
	return ""
}

func leaves(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err != nil || rel == ".." || strings.HasPrefix(rel, "../")
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestNoTestReadsOutsideTheRepository(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(root, "go.mod")) {
		t.Fatalf("%s is not the repository root", root)
	}
	found, err := scan(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s: %s: %s — vendor what the test needs under testdata/", f.pos, f.path, f.why)
	}
}

// TestScanBites plants the two ways a test used to leave the repository — a sibling folder
// reached through ../ and an absolute path of one machine — and requires scan to find both,
// and nothing in a test that stays inside.
func TestScanBites(t *testing.T) {
	top := t.TempDir()
	repo := filepath.Join(top, "repo")
	pkg := filepath.Join(repo, "generator", "export")
	os.MkdirAll(pkg, 0o755)
	os.MkdirAll(filepath.Join(top, "refs", "ocds"), 0o755)
	os.WriteFile(filepath.Join(top, "refs", "ocds", "schema.json"), []byte("{}"), 0o644)
	os.MkdirAll(filepath.Join(repo, "data"), 0o755)
	os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644)
	write := func(name, body string) {
		os.WriteFile(filepath.Join(pkg, name), []byte("package export\n\nimport \"path/filepath\"\n\nvar _ = filepath.Join\n\n"+body), 0o644)
	}
	write("a_test.go", "const refDir = \"../../../refs/ocds/schema.json\"\n")
	write("b_test.go", "var spec = filepath.Join(repoRoot, \"..\", \"refs\", \"ocds\")\nvar repoRoot = \"\"\n")
	write("c_test.go", "const machine = \"/work/someone/refs/design/compliance.md\"\n")
	write("ok_test.go", "var inside = filepath.Join(\"..\", \"..\", \"data\")\nconst hostile = \"/etc/passwd\"\nconst tmp = \"/tmp/x\"\n")
	found, err := scan(repo)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range found {
		got[filepath.Base(strings.SplitN(f.pos, ":", 2)[0])] = true
	}
	for _, want := range []string{"a_test.go", "b_test.go", "c_test.go"} {
		if !got[want] {
			t.Errorf("scan missed the path leaving the repository in %s: %v", want, found)
		}
	}
	if got["ok_test.go"] {
		t.Errorf("scan flagged paths that stay inside: %v", found)
	}
}
