package site

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/synth"
)

// testAsOf is the fixed build date every site test judges visibility against.
var testAsOf = records.NewDate(2026, 11, 20)

// repoRoot is the module root, two levels above this package.
func repoRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// siteRoot makes a throw-away site root: the repository's layouts, i18n, assets and content, and
// a data/ tree — the sample data that ships in data/ when present, else a small synthetic city.
func siteRoot(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	fillRoot(t, root)
	return root
}

// fillRoot puts the look and the data into root.
func fillRoot(t testing.TB, root string) {
	t.Helper()
	repo := repoRoot(t)
	for _, d := range []string{"layouts", "i18n", "assets", "content"} {
		if err := os.Symlink(filepath.Join(repo, d), filepath.Join(root, d)); err != nil {
			t.Fatal(err)
		}
	}
	if dirExists(filepath.Join(repo, "data", "projects")) {
		// A copy, not a symlink: the tests must never touch the shipped sample.
		if err := os.CopyFS(filepath.Join(root, "data"), os.DirFS(filepath.Join(repo, "data"))); err != nil {
			t.Fatal(err)
		}
	} else if err := synth.Write(root, synth.Options{Projects: 40, Seed: 7}); err != nil {
		t.Fatal(err)
	}
}

// load reads root's data as of testAsOf and applies the rules, failing on any load error.
func load(t testing.TB, root string) *records.Dataset {
	t.Helper()
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		var b bytes.Buffer
		for _, d := range diags {
			b.WriteString(d.Pos.String() + ": " + d.Code + ": " + d.Message + "\n")
		}
		t.Fatalf("sample data does not load:\n%s", b.String())
	}
	ds.AsOf = testAsOf
	rules.Apply(ds)
	return ds
}

// shared is the one full build the read-only tests look at; Hugo builds cost seconds each.
var shared struct {
	once sync.Once
	root string
	ds   *records.Dataset
	out  string
	sum  Summary
	err  error
}

func sharedBuild(t *testing.T) (*records.Dataset, string) {
	t.Helper()
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "gongkai-site-test-")
		if err != nil {
			shared.err = err
			return
		}
		// Not t.TempDir: the shared build outlives the test that happens to make it.
		shared.root = filepath.Join(dir, "root")
		if shared.err = os.Mkdir(shared.root, 0o755); shared.err != nil {
			return
		}
		fillRoot(t, shared.root)
		shared.ds = load(t, shared.root)
		shared.out = filepath.Join(dir, "public")
		r, err := New(shared.root, Options{})
		if err != nil {
			shared.err = err
			return
		}
		shared.sum, shared.err = r.Build(shared.ds, shared.out)
	})
	if shared.err != nil {
		t.Fatalf("build: %v", shared.err)
	}
	return shared.ds, shared.out
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.out != "" {
		if keep := os.Getenv("GONGKAI_KEEP_SITE"); keep != "" {
			os.RemoveAll(keep)
			os.Rename(shared.out, keep)
		}
		os.RemoveAll(filepath.Dir(shared.out))
	}
	os.Exit(code)
}

func TestBuildWritesPages(t *testing.T) {
	_, out := sharedBuild(t)
	for _, p := range []string{"index.html", "en/index.html", "notices/index.html", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	t.Logf("summary: %+v", shared.sum)
}
