package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// siblings lists what sits beside dir, to catch staging or old trees left behind.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestDir(t *testing.T) {
	tests := []struct {
		name     string
		existing bool // a previous site is published
		fillErr  error
		want     string // index.html afterwards
		wantErr  bool
	}{
		{name: "first build", existing: false, want: "new"},
		{name: "replaces old", existing: true, want: "new"},
		{name: "failed build keeps old", existing: true, fillErr: errors.New("bad data"), want: "old", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if tt.existing {
				write(t, filepath.Join(out, "index.html"), "old")
				write(t, filepath.Join(out, "stale.html"), "stale")
			}
			err := Dir(out, func(staging string) error {
				if !strings.HasPrefix(filepath.Base(staging), "public.tmp-") || filepath.Dir(staging) != filepath.Dir(out) {
					t.Errorf("staging %s is not beside %s", staging, out)
				}
				write(t, filepath.Join(staging, "index.html"), "new")
				return tt.fillErr
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got := read(t, filepath.Join(out, "index.html")); got != tt.want {
				t.Errorf("index.html = %q, want %q", got, tt.want)
			}
			_, staleErr := os.Stat(filepath.Join(out, "stale.html"))
			if tt.existing && tt.fillErr == nil && staleErr == nil {
				t.Error("a file of the old site survived the swap")
			}
			if tt.fillErr != nil && staleErr != nil {
				t.Error("a failed build changed the old site")
			}
			RemoveAside(out)
			if s := siblings(t, out); len(s) != 1 || s[0] != "public" {
				t.Errorf("left beside the output: %v", s)
			}
			if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("published dir mode: %v %v", fi.Mode(), err)
			}
		})
	}
}

func TestDirRemovesLeftoversOfInterruptedRuns(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	write(t, filepath.Join(parent, "public.tmp-123", "index.html"), "half")
	write(t, filepath.Join(parent, "public.old-456", "index.html"), "older")
	write(t, filepath.Join(parent, "publicity", "keep.txt"), "not ours")
	if err := Dir(out, func(staging string) error {
		write(t, filepath.Join(staging, "index.html"), "new")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	RemoveAside(out)
	got := siblings(t, out)
	if strings.Join(got, ",") != "public,publicity" {
		t.Errorf("after build: %v, want [public publicity]", got)
	}
}

// TestDirReplacesALinkWithoutEmptyingItsTarget: when the published path is a symbolic link (to a
// web server's folder, say), the swap replaces the link and leaves what it pointed to alone.
func TestDirReplacesALinkWithoutEmptyingItsTarget(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "www")
	write(t, filepath.Join(target, "sub", "x", "keep.html"), "keep")
	out := filepath.Join(parent, "public")
	if err := os.Symlink(target, out); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := Dir(out, func(s string) error { write(t, filepath.Join(s, "index.html"), "new"); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "new" {
		t.Errorf("published %q", got)
	}
	if got := read(t, filepath.Join(target, "sub", "x", "keep.html")); got != "keep" {
		t.Errorf("the link's target lost its files: %q", got)
	}
}

// TestOldTreeIsRemovedAfterDirReturns: Dir returns with the old tree moved aside, not deleted; its
// removal is handed to Remove, and a tree whose removal never ran (the process ended first) is
// handed to it again by the next Dir.
func TestOldTreeIsRemovedAfterDirReturns(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	tree(t, out, "old")
	var handed []string
	defer func(r func(string)) { Remove = r }(Remove)
	Remove = func(dir string) { handed = append(handed, dir) } // a removal that never runs
	if err := Dir(out, func(s string) error { tree(t, s, "new"); return nil }); err != nil {
		t.Fatal(err)
	}
	if v, err := version(out); v != "new" || err != nil {
		t.Fatalf("published %q %v", v, err)
	}
	trash := aside(out)
	if len(trash) != 1 || len(handed) != 1 || handed[0] != out {
		t.Fatalf("aside %v, handed to Remove %v", trash, handed)
	}
	if v, err := version(trash[0]); v != "old" || err != nil {
		t.Errorf("the tree aside: %q %v", v, err)
	}
	if err := Dir(out, func(s string) error { tree(t, s, "old"); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(handed) != 3 { // the leftover at the start, this build's old tree after the swap
		t.Errorf("handed to Remove %d times, want 3", len(handed))
	}
	RemoveAside(out)
	if s := siblings(t, out); !slices.Equal(s, []string{"public"}) {
		t.Errorf("left beside the output: %v", s)
	}
}

// TestDirSpareKeepsTheReplacedTree: a kept tree becomes the spare, the spare filled in place is
// swapped in (the published tree becoming the spare), a spare refused with ErrNoSpare gives way
// to a fresh folder, and a fill that fails in the spare leaves the site and drops the spare.
func TestDirSpareKeepsTheReplacedTree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	spare := spareOf(out)
	tree(t, out, "old")
	publishAs := func(v string, keep bool, inSpareErr error) error {
		t.Helper()
		return DirSpare(out, spare, func(staging string, inSpare bool) (bool, error) {
			if inSpare && inSpareErr != nil {
				return false, inSpareErr
			}
			if inSpare {
				os.RemoveAll(filepath.Join(staging, "sub"))
				os.Remove(filepath.Join(staging, "index.html"))
			}
			tree(t, staging, v)
			return keep, nil
		})
	}
	has := func(dir, want string) {
		t.Helper()
		if v, err := version(dir); v != want || err != nil {
			t.Fatalf("%s holds %q (%v), want %q", dir, v, err, want)
		}
	}
	if err := publishAs("new", true, nil); err != nil {
		t.Fatal(err)
	}
	has(out, "new")
	has(spare, "old")
	if err := publishAs("next", true, nil); err != nil {
		t.Fatal(err)
	}
	has(out, "next")
	has(spare, "new")
	if err := publishAs("fresh", false, fmt.Errorf("in doubt: %w", ErrNoSpare)); err != nil {
		t.Fatal(err)
	}
	has(out, "fresh")
	if _, err := os.Stat(spare); err == nil {
		t.Error("a refused spare or a tree not to keep is still at the spare")
	}
	if err := publishAs("kept", true, nil); err != nil {
		t.Fatal(err)
	}
	has(spare, "fresh")
	boom := errors.New("planted")
	if err := publishAs("never", true, boom); !errors.Is(err, boom) {
		t.Fatalf("a failed fill returned %v", err)
	}
	has(out, "kept")
	if _, err := os.Stat(spare); err == nil {
		t.Error("a spare a fill failed in is still there")
	}
	RemoveAside(out)
	if s := siblings(t, out); !slices.Equal(s, []string{"cache", "public"}) {
		t.Errorf("left beside the output: %v", s)
	}
}
