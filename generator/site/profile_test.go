package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProfileBuild builds the site under $GONGKAI_PROFILE_ROOT, for go test -cpuprofile; skipped
// otherwise.
func TestProfileBuild(t *testing.T) {
	root := os.Getenv("GONGKAI_PROFILE_ROOT")
	if root == "" {
		t.Skip("set GONGKAI_PROFILE_ROOT to a site root to profile a build")
	}
	ds := load(t, root)
	templateMetrics = os.Getenv("GONGKAI_TEMPLATE_METRICS") != ""
	r, err := New(root, Options{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := r.Build(ds, filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", sum)
}

// TestProfilePages measures the generated content for the site under $GONGKAI_PROFILE_ROOT.
func TestProfilePages(t *testing.T) {
	root := os.Getenv("GONGKAI_PROFILE_ROOT")
	if root == "" {
		t.Skip("set GONGKAI_PROFILE_ROOT to a site root")
	}
	ds := load(t, root)
	start := time.Now()
	files := Pages(ds)
	el := time.Since(start)
	total := 0
	by := map[string]int{}
	for _, f := range files {
		total += len(f.Data)
		by[strings.SplitN(f.Path, "/", 2)[0]] += len(f.Data)
	}
	t.Logf("%d files, %d bytes, %v; by top folder: %v", len(files), total, el, by)
}
