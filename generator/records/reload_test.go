package records_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/synth"
)

// TestLoaderMatchesLoad edits, adds and removes files and checks after each step that the
// incremental Loader returns exactly what a fresh Load returns.
func TestLoaderMatchesLoad(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Projects: 40, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "data", "projects", "*", "*.yaml"))
	if len(files) < 3 {
		t.Fatalf("synth wrote %d project files", len(files))
	}
	l := records.NewLoader(root)
	edit := func(path, old, new string) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s lacks %q", path, old)
		}
		os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	}
	copyFile := filepath.Join(filepath.Dir(files[0]), "ZZ-COPY.yaml")
	bodies := filepath.Join(root, "data", "bodies.yaml")
	steps := []struct {
		name    string
		do      func()
		changed []string
		errors  bool
	}{
		{"first", func() {}, nil, false},
		{"edit title", func() { edit(files[0], "title: ", "title: 改过的") }, []string{files[0]}, false},
		{"relative path", func() { edit(files[1], "title: ", "title: 又改了") }, []string{mustRel(t, root, files[1])}, false},
		{"break a date", func() { edit(files[1], "published: 20", "published: 19x") }, []string{files[1]}, true},
		{"new file, unannounced", func() {
			b, _ := os.ReadFile(files[2])
			os.WriteFile(copyFile, b, 0o644) // id clash with files[2] and file-name mismatch
		}, []string{}, true},
		{"remove it", func() { os.Remove(copyFile) }, []string{copyFile}, true},
		{"new file beside an edit, announced", func() {
			b, _ := os.ReadFile(files[2])
			os.WriteFile(copyFile, b, 0o644)
			edit(files[0], "title: ", "title: 再改")
		}, []string{files[0], copyFile}, true},
		{"remove it again", func() { os.Remove(copyFile) }, []string{copyFile}, true},
		{"fix the date", func() { edit(files[1], "published: 19x", "published: 20") }, []string{files[1]}, false},
		// A body renamed: the projects of the old id, unchanged themselves, now refer to nothing.
		{"rename a body", func() { edit(bodies, "- id: mzj", "- id: mzjx") }, []string{bodies}, true},
		{"edit a project meanwhile", func() { edit(files[0], "title: ", "title: 三改") }, []string{files[0]}, true},
		{"rename it back", func() { edit(bodies, "- id: mzjx", "- id: mzj") }, []string{bodies}, false},
		{"everything", func() {}, []string{"*"}, false},
	}
	for _, s := range steps {
		s.do()
		got, gotDiags := l.Load(s.changed)
		want, wantDiags := records.Load(root)
		if (wantDiags.Errors() > 0) != s.errors {
			t.Fatalf("%s: Load has %d errors, test expects errors=%v: %v", s.name, wantDiags.Errors(), s.errors, wantDiags)
		}
		if !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Errorf("%s: diagnostics differ:\nloader %v\nload   %v", s.name, gotDiags, wantDiags)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: datasets differ", s.name)
		}
	}
}

func mustRel(t *testing.T, root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLoaderAffects(t *testing.T) {
	l := records.NewLoader("/site")
	for p, want := range map[string]bool{
		"/site/data/projects/2025/a.yaml": true, "data/site.yaml": true, "*": true,
		"/site/layouts/home.html": false, "/site/database/x": false, "/elsewhere/data/x": false,
	} {
		if got := l.Affects(p); got != want {
			t.Errorf("Affects(%q) = %v, want %v", p, got, want)
		}
	}
}
