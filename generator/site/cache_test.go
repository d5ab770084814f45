package site

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/publish"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/synth"
)

// TestCachedBuildsEqualFullBuilds publishes a series of builds, pages and open data, through the
// render cache — random title edits, a renamed body, another build date, a deleted project, a
// layout change, a new generator version — and compares each published tree, file by file, with
// a from-scratch build of the same data. Every cached build after a cached build goes through
// the spare (the tree the last one replaced, brought up to date in place).
func TestCachedBuildsEqualFullBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a site with Hugo many times")
	}
	root := t.TempDir()
	repo := repoRoot(t)
	for _, d := range []string{"i18n", "assets", "content"} {
		if err := os.Symlink(filepath.Join(repo, d), filepath.Join(root, d)); err != nil {
			t.Fatal(err)
		}
	}
	// A copy: one step edits a layout.
	if err := os.CopyFS(filepath.Join(root, "layouts"), os.DirFS(filepath.Join(repo, "layouts"))); err != nil {
		t.Fatal(err)
	}
	if err := synth.Write(root, synth.Options{Projects: 30, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var projects []string
	filepath.WalkDir(filepath.Join(root, "data", "projects"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			projects = append(projects, p)
		}
		return err
	})
	rng := rand.New(rand.NewPCG(15, 1))
	title := regexp.MustCompile(`(?m)^title: .*$`)
	edit := func(n int, tag string) {
		for i := range n {
			p := projects[rng.IntN(len(projects))]
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, title.ReplaceAll(b, []byte("title: 缓存测试"+tag+string(rune('甲'+i)))), 0o644)
		}
	}
	cacheDir, pub := filepath.Join(root, ".gongkai-cache"), filepath.Join(t.TempDir(), "public")
	spare := publish.SpareDir(pub, filepath.Join(cacheDir, "spare"))
	lastWritten, freshPages := 0, 0
	version := "v1"
	asOf := testAsOf
	steps := []struct {
		name   string
		change func()
		cached bool // the cache is expected to be used
		// projects is the most projects whose own files may be generated again; -1: any
		projects int
		spare    bool // the spare is expected to be brought up to date
	}{
		{"first build", func() {}, false, -1, false},
		{"nothing changed", func() {}, true, 0, false},
		{"random edits", func() { edit(3, "一") }, true, 3, true},
		{"one edit", func() { edit(1, "二") }, true, 1, true},
		{"a body renamed", func() {
			// Not a project file, but named on its projects' pages: every project is generated.
			p := filepath.Join(root, "data", "bodies.yaml")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			first := regexp.MustCompile(`(?m)^  name: .*$`).FindIndex(b)
			if first == nil {
				t.Fatal("bodies.yaml has no name to change")
			}
			renamed := slices.Concat(b[:first[1]], []byte("（缓存）"), b[first[1]:])
			if bytes.Equal(renamed, b) {
				t.Fatal("bodies.yaml has no name to change")
			}
			os.WriteFile(p, renamed, 0o644)
		}, true, -1, true},
		{"another build date", func() { asOf = asOf.AddDays(1) }, true, -1, true},
		{"one edit at the new date", func() { edit(1, "四") }, true, 1, true},
		{"a project deleted", func() {
			i := rng.IntN(len(projects))
			if err := os.Remove(projects[i]); err != nil {
				t.Fatal(err)
			}
			projects = append(projects[:i], projects[i+1:]...)
		}, true, 0, true},
		{"a layout changed", func() {
			p := filepath.Join(root, "layouts", "baseof.html")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(b, []byte("</body>")) {
				t.Fatal("baseof.html has no </body>")
			}
			os.WriteFile(p, bytes.Replace(b, []byte("</body>"), []byte("<!-- 缓存 --></body>"), 1), 0o644)
		}, false, -1, false},
		{"an edit after the layout change", func() { edit(2, "三") }, true, 2, false},
		{"an edit through the spare again", func() { edit(1, "五") }, true, 1, true},
		{"the edit undone", func() { edit(1, "五") }, true, 1, true},
		{"another generator version", func() { version = "v2" }, false, -1, false},
		{"an edit after the version change", func() { edit(1, "六") }, true, 1, false},
	}
	for _, s := range steps {
		s.change()
		ds, diags := records.Load(root)
		if diags.Errors() > 0 {
			t.Fatalf("%s: %d load errors", s.name, diags.Errors())
		}
		ds.AsOf = asOf
		rules.Apply(ds)
		r, err := New(root, Options{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := OpenCache(cacheDir, version, pub)
		if err != nil {
			t.Fatal(err)
		}
		c.KeepSpare(spare)
		exp := func(out string, reuse *export.Reuse) error {
			return export.Write(ds, out, export.Options{BaseURL: r.BaseURL(ds), Reuse: reuse})
		}
		sum, cs, err := r.PublishCached(ds, c, exp)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		t.Logf("%s: %+v, %d pages", s.name, cs, sum.Pages)
		if cs.Used != s.cached {
			t.Errorf("%s: cache used %v, want %v (%s)", s.name, cs.Used, s.cached, cs.Reason)
		}
		if cs.Spare != s.spare {
			t.Errorf("%s: spare used %v, want %v", s.name, cs.Spare, s.spare)
		}
		if _, err := os.Stat(spare); (err == nil) != s.cached {
			t.Errorf("%s: a spare kept: %v, want %v", s.name, err == nil, s.cached)
		}
		// The spare costs what the last build wrote: it is linked again, nothing else.
		if s.spare && (cs.Linked < lastWritten || cs.Linked > lastWritten+freshPages) {
			t.Errorf("%s: %d files linked into the spare, the last build wrote %d", s.name, cs.Linked, lastWritten)
		}
		if s.cached {
			lastWritten, freshPages = unshared(t, pub, spare)
		}
		if s.projects >= 0 && cs.Projects > s.projects {
			t.Errorf("%s: %d projects generated again, want at most %d", s.name, cs.Projects, s.projects)
		}
		if s.cached && s.name != "nothing changed" && (cs.Rendered == 0 || cs.Rendered > sum.Files/2 || cs.Reused == 0) {
			t.Errorf("%s: rendered %d of %d content files, reused %d files", s.name, cs.Rendered, sum.Files, cs.Reused)
		}
		if s.cached && s.projects >= 0 && cs.OpenData < Stats(ds).Projects-s.projects {
			t.Errorf("%s: the OCDS packages of %d of %d projects reused, want all but %d", s.name, cs.OpenData, Stats(ds).Projects, s.projects)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		full, err := r.BuildAlongside(ds, fresh, func(out string) error { return exp(out, nil) })
		if err != nil {
			t.Fatal(err)
		}
		if full.Pages != sum.Pages {
			t.Errorf("%s: %d pages, a full build %d", s.name, sum.Pages, full.Pages)
		}
		sameTrees(t, s.name, fresh, pub)
	}
}

// unshared counts the files of the published tree pub that Hugo wrote (outside the open data,
// attachments and sitemaps) and that are not the same file in spare, and the files in those
// folders that Hugo wrote.
func unshared(t *testing.T, pub, spare string) (n, fresh int) {
	t.Helper()
	err := filepath.WalkDir(pub, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(pub, p)
		o := "/" + filepath.ToSlash(rel)
		if inFresh(o) || o == "/sitemap.xml" || o == "/robots.txt" {
			if strings.HasSuffix(o, ".html") {
				fresh++
			}
			return nil
		}
		a, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if b, err := os.Lstat(filepath.Join(spare, rel)); err != nil || !os.SameFile(a, b) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n, fresh
}

// sameTrees reports every file that is not byte-identical in the two trees, or only in one.
func sameTrees(t *testing.T, step, want, got string) {
	t.Helper()
	a, b := treeOf(t, want), treeOf(t, got)
	bad := 0
	for name, data := range a {
		if other, ok := b[name]; !ok {
			t.Errorf("%s: %s is missing from the cached build", step, name)
			bad++
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s: %s differs from a full build:\n%s", step, name, firstDiff(string(data), string(other)))
			bad++
		}
		if bad > 5 {
			t.FailNow()
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: %s is only in the cached build", step, name)
		}
	}
	if len(a) < 100 {
		t.Errorf("%s: only %d files compared", step, len(a))
	}
}
