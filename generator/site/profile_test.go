package site

import (
	"os"
	"path/filepath"
	"testing"
)

// TestProfileBuild builds the site under $GONGKAI_PROFILE_ROOT, for go test -cpuprofile; skipped
// otherwise.
func TestProfileBuild(t *testing.T) {
	root := os.Getenv("GONGKAI_PROFILE_ROOT")
	if root == "" {
		t.Skip("set GONGKAI_PROFILE_ROOT to a site root to profile a build")
	}
	ds := load(t, root)
	r, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := r.Build(ds, filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", sum)
}
