package shardset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shardDir writes files into a new folder with their manifest as shard k of n.
func shardDir(t *testing.T, k, n int, files map[string]string, shared ...string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := Describe(dir, func(p string) bool {
		for _, s := range shared {
			if s == p {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, f := range fs {
		if strings.HasSuffix(f.Path, ".html") {
			pages = append(pages, "/"+f.Path)
		}
	}
	m := Manifest{Format: Format, K: k, N: n, Key: Key{AsOf: "2026-11-20", BaseURL: "/"}, Files: fs, Pages: pages}
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
	return dir
}

func codes(t *testing.T, dirs ...string) string {
	t.Helper()
	set, diags := Verify(dirs)
	if (set == nil) == (len(diags) == 0) {
		t.Fatalf("Verify returned a set %v with %d problems", set != nil, len(diags))
	}
	var cs []string
	for _, d := range diags {
		cs = append(cs, d.Code)
	}
	return strings.Join(cs, " ")
}

// TestOverlap: a page in two shards is refused; a shared resource may be in both when its bytes
// are the same, and is then merged once.
func TestOverlap(t *testing.T) {
	a := shardDir(t, 1, 2, map[string]string{"index.html": "home", "css/site.css": "css"}, "css/site.css")
	b := shardDir(t, 2, 2, map[string]string{"projects/x/index.html": "x", "css/site.css": "css"}, "css/site.css")
	if got := codes(t, a, b); got != "" {
		t.Fatalf("a sound set: %s", got)
	}
	set, _ := Verify([]string{a, b})
	out := filepath.Join(t.TempDir(), "site")
	if _, err := set.Merge(out); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"index.html": "home", "css/site.css": "css", "projects/x/index.html": "x"} {
		if b, err := os.ReadFile(filepath.Join(out, p)); err != nil || string(b) != want {
			t.Errorf("merged %s: %q, %v", p, b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ManifestName)); err == nil {
		t.Error("the manifest was merged into the site")
	}

	page := shardDir(t, 2, 2, map[string]string{"index.html": "home"})
	if got := codes(t, a, page); got != "shard-overlap" {
		t.Errorf("a page in two shards: %q", got)
	}
	otherCSS := shardDir(t, 2, 2, map[string]string{"css/site.css": "other"}, "css/site.css")
	if got := codes(t, a, otherCSS); got != "shard-overlap" {
		t.Errorf("a shared file with other bytes: %q", got)
	}
	if got := codes(t, a, shardDir(t, 2, 3, nil)); !strings.Contains(got, "shard-count") {
		t.Errorf("shards of different N: %q", got)
	}
}

// TestHashTree: the hash follows every file's path and bytes, not where a folder is linked from.
func TestHashTree(t *testing.T) {
	write := func(p, body string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copied, linked, theme := t.TempDir(), t.TempDir(), t.TempDir()
	write(filepath.Join(copied, "layouts", "a", "b.html"), "b")
	write(filepath.Join(theme, "a", "b.html"), "b")
	if err := os.Symlink(theme, filepath.Join(linked, "layouts")); err != nil {
		t.Fatal(err)
	}
	hash := func(root string) string {
		h, err := HashTree(root, "layouts", "absent")
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if hash(copied) != hash(linked) {
		t.Error("a linked folder hashes differently from a copy")
	}
	before := hash(copied)
	write(filepath.Join(copied, "layouts", "a", "b.html"), "c")
	if hash(copied) == before {
		t.Error("a changed file leaves the hash")
	}
	write(filepath.Join(copied, "layouts", "a", "b.html"), "b")
	write(filepath.Join(copied, "layouts", "a", "c.html"), "")
	if hash(copied) == before {
		t.Error("an added empty file leaves the hash")
	}
}
