package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/synth"
)

// liveRoot is a synthetic site of n projects with the repository's look, or $GONGKAI_LIVE_ROOT
// (a site root such as `generator synth` writes, with layouts/ etc. linked in; its project file is
// edited and left edited), e.g.
//
//	GONGKAI_LIVE_ROOT=/tmp/s10k GONGKAI_HUGO_INFO=1 go test ./generator/site -run TestLiveEdit -v -timeout 30m
func liveRoot(t testing.TB, n int) string {
	t.Helper()
	if root := os.Getenv("GONGKAI_LIVE_ROOT"); root != "" {
		return root
	}
	root := t.TempDir()
	repo := repoRoot(t)
	for _, d := range []string{"layouts", "i18n", "assets", "content"} {
		if err := os.Symlink(filepath.Join(repo, d), filepath.Join(root, d)); err != nil {
			t.Fatal(err)
		}
	}
	if err := synth.Write(root, synth.Options{Projects: n, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	return root
}

var liveTitle = regexp.MustCompile(`(?m)^title: .*$`)

// liveEdit is one clerk's edit through the preview's pipeline: rewrite the project's title in its
// file, reload incrementally, judge, and return the new dataset.
func liveEdit(t testing.TB, l *records.Loader, root string, p *records.Project, title string, asOf records.Date) *records.Dataset {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(p.File))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, liveTitle.ReplaceAll(b, []byte("title: "+title)), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, diags := l.Load([]string{path})
	if diags.Errors() > 0 {
		t.Fatalf("edit does not load: %v", diags)
	}
	ds.AsOf = asOf
	rules.Apply(ds)
	return ds
}

// publicProject is the first project with a page as of asOf.
func publicProject(t testing.TB, ds *records.Dataset) *records.Project {
	t.Helper()
	for _, p := range ds.Projects {
		if len(p.Notices(ds.AsOf)) > 0 {
			return p
		}
	}
	t.Fatal("no public project")
	return nil
}

func readOut(t testing.TB, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// served reads a page as the preview server would: the overlay first, then the site.
func served(t testing.TB, l *Live, rel string) string {
	t.Helper()
	if b, err := os.ReadFile(filepath.Join(l.Overlay(), filepath.FromSlash(rel))); err == nil {
		return string(b)
	}
	return readOut(t, l.Dir(), rel)
}

// listed says whether some page of the paginated project list (in Dir, not the overlay) shows s.
func listed(t testing.TB, l *Live, s string) bool {
	t.Helper()
	found := false
	filepath.WalkDir(filepath.Join(l.Dir(), "projects"), func(p string, e os.DirEntry, err error) error {
		if err != nil || found {
			return nil
		}
		if e.IsDir() && p != filepath.Join(l.Dir(), "projects") && !strings.Contains(p, string(filepath.Separator)+"page") {
			return filepath.SkipDir // a project's own page
		}
		if e.Name() == "index.html" {
			b, _ := os.ReadFile(p)
			found = strings.Contains(string(b), s)
		}
		return nil
	})
	return found
}

// TestLiveEdit: Quick shows an edited project's own pages at once, from the overlay, without
// touching the site folder; Settle brings the lists up to date, rewriting only the pages that show
// the project, and drops the overlay.
func TestLiveEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a site with Hugo")
	}
	root := liveRoot(t, 40)
	asOf := testAsOf
	loader := records.NewLoader(root)
	ds, diags := loader.Load(nil)
	if diags.Errors() > 0 {
		t.Fatalf("synthetic data has errors: %v", diags)
	}
	ds.AsOf = asOf
	rules.Apply(ds)
	r, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := r.Live(t.TempDir())
	t0 := time.Now()
	version := 1
	full, err := live.Full(ds, version)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full: %v, %d pages", time.Since(t0), full.Written)

	p := publicProject(t, ds)
	page := "projects/" + p.ID + "/index.html"
	notice := strings.TrimPrefix(links.Notice(p.Notices(asOf)[0]), "/") + "index.html"
	titles := []string{"实时预览甲", "实时预览乙", "实时预览丙"}
	if os.Getenv("GONGKAI_LIVE_ROOT") != "" {
		titles = titles[:1] // a large site: one edit says enough
	}
	for i, title := range titles {
		t0 := time.Now()
		ds = liveEdit(t, loader, root, p, title, asOf)
		version++
		load := time.Since(t0)
		st, err := live.Quick(ds, version, []string{p.ID})
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(t0)
		t.Logf("edit %d: visible after %v (load+rules %v, generate %v, hugo %v, %d pages written)",
			i, took, load, st.Generate, st.Hugo, st.Written)
		for _, rel := range []string{page, "en/" + page, notice, "en/" + notice} {
			if got := served(t, live, rel); !strings.Contains(got, title) {
				t.Errorf("edit %d: %s lacks the new title %q", i, rel, title)
			}
			if got := readOut(t, live.Dir(), rel); strings.Contains(got, title) {
				t.Errorf("edit %d: Quick wrote into the site folder's %s", i, rel)
			}
		}
		quick := map[string]string{}
		for _, rel := range []string{page, "en/" + page, notice, "en/" + notice} {
			quick[rel] = served(t, live, rel)
		}
		if listed(t, live, title) {
			t.Errorf("edit %d: the project list shows the title before Settle", i)
		}
		t1 := time.Now()
		st, err = live.Settle(ds, version, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("edit %d: settled in %v (generate %v, hugo %v, %d files in, %d pages written)",
			i, time.Since(t1), st.Generate, st.Hugo, st.Changed, st.Written)
		if !listed(t, live, title) {
			t.Errorf("edit %d: the project list lacks the new title after Settle", i)
		}
		if st.Full || st.Written == 0 || st.Written > full.Written/4 {
			t.Errorf("edit %d: Settle wrote %d of %d pages (full build: %v); want only those showing the project", i, st.Written, full.Written, st.Full)
		}
		// The small site renders these pages exactly as the whole site does.
		for rel, q := range quick {
			if _, err := os.Stat(filepath.Join(live.Overlay(), rel)); err == nil {
				t.Errorf("edit %d: %s is still in the overlay after Settle", i, rel)
			}
			if got := readOut(t, live.Dir(), rel); got != q {
				t.Errorf("edit %d: Quick's %s differs from the site's after Settle:\n%s", i, rel, firstDiff(q, got))
			}
		}
	}
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "quick: …" + a[from:min(len(a), i+80)] + "\nsite:  …" + b[from:min(len(b), i+80)]
}
