package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestHugoLeavesOpenDataFolders guards what BuildAlongside relies on: the open data is written
// into data/ while Hugo renders, so Hugo must write nothing there but the open-data page.
func TestHugoLeavesOpenDataFolders(t *testing.T) {
	_, out := sharedBuild(t)
	var got []string
	err := filepath.WalkDir(filepath.Join(out, "data"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "data/index.html" {
		t.Errorf("Hugo wrote under data/: %v; want only data/index.html", got)
	}
}

// TestBuildAlongside checks that the concurrent step's files land in the output, its error fails
// the build, and the build never returns while it is still writing.
func TestBuildAlongside(t *testing.T) {
	root := siteRoot(t)
	ds := load(t, root)
	r, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	errAlong := errors.New("open data failed")
	for _, tc := range []struct {
		name    string
		fail    error
		wantErr error
	}{
		{name: "succeeds", fail: nil},
		{name: "fails", fail: errAlong, wantErr: errAlong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			sum, err := r.BuildAlongside(ds, out, func(dir string) error {
				// Slower than nothing, so a build that did not wait would return first.
				time.Sleep(50 * time.Millisecond)
				if err := os.MkdirAll(filepath.Join(dir, "data", "ocds"), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(dir, "data", "ocds", "x.json"), []byte("{}\n"), 0o644); err != nil {
					return err
				}
				return tc.fail
			})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			// Written before the build returned, on failure too (the caller then deletes out).
			if _, err := os.Stat(filepath.Join(out, "data", "ocds", "x.json")); err != nil {
				t.Errorf("alongside's file: %v", err)
			}
			if tc.wantErr != nil {
				return
			}
			if _, err := os.Stat(filepath.Join(out, "data", "index.html")); err != nil {
				t.Errorf("Hugo's open-data page: %v", err)
			}
			if sum.Export < 50*time.Millisecond || sum.Pages == 0 {
				t.Errorf("summary: Export %v, Pages %d", sum.Export, sum.Pages)
			}
		})
	}
}
