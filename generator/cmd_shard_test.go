package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/shardset"
)

// filesOf reads every file under dir by slash path relative to dir.
func filesOf(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameTree reports every file that is in one tree and not the other, or differs in a byte.
func sameTree(t *testing.T, what string, want, got map[string][]byte) {
	t.Helper()
	bad := 0
	for p, b := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s: %s missing", what, p)
			bad++
		case !bytes.Equal(b, g):
			t.Errorf("%s: %s differs (%d bytes, want %d)", what, p, len(g), len(b))
			bad++
		}
		if bad > 20 {
			t.Fatalf("%s: too many differences", what)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s is extra", what, p)
		}
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func manifestOf(t *testing.T, dir string) shardset.Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, shardset.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m shardset.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestShardedBuildIsTheBuild: the sample built once, and built as 3 shards (and as 1) then
// assembled, are the same trees byte for byte; every broken set of shards is refused with the
// folder and file named, and leaves the published site untouched.
func TestShardedBuildIsTheBuild(t *testing.T) {
	root := buildRoot(t)
	tmp := t.TempDir()
	at := func(name string) string { return filepath.Join(tmp, name) }
	common := []string{"--root", root, "--as-of", "2026-11-20", "--base-url", "https://gongkai.example.cn/"}
	mustRun(t, append([]string{"build", "--out", at("single"), "--no-cache"}, common...)...)
	single := filesOf(t, at("single"))

	for _, k := range []string{"1", "2", "3"} {
		mustRun(t, append([]string{"build", "--shard", k + "/3", "--out", at("s" + k)}, common...)...)
	}
	// Over a site a cached build published: the render cache must not trust that folder after.
	mustRun(t, append([]string{"build", "--out", at("public")}, common...)...)
	cacheManifest := filepath.Join(root, ".gongkai-cache", "manifest.json")
	if _, err := os.Stat(cacheManifest); err != nil {
		t.Fatalf("the cached build left no cache manifest: %v", err)
	}
	mustRun(t, "assemble", "--root", root, "--out", at("public"), at("s1"), at("s2"), at("s3"))
	sameTree(t, "3 shards assembled", single, filesOf(t, at("public")))
	if _, err := os.Stat(cacheManifest); err == nil {
		t.Error("assemble left the render cache's manifest of the folder it replaced")
	}

	// The partition: the overview and open data in shard 1 only, the projects split over 2 and 3.
	projects := map[int]int{}
	for k := 1; k <= 3; k++ {
		m := manifestOf(t, at("s"+string(rune('0'+k))))
		if m.K != k || m.N != 3 {
			t.Errorf("shard %d's manifest says %d/%d", k, m.K, m.N)
		}
		for _, p := range m.Pages {
			if strings.HasPrefix(p, "/projects/") && !strings.HasPrefix(p, "/projects/page/") && p != "/projects/index.html" {
				projects[k]++
			}
		}
		has := func(p string) bool {
			return slices.ContainsFunc(m.Files, func(f shardset.File) bool { return f.Path == p })
		}
		if overview := has("index.html") && has("data/feeds/all.xml"); overview != (k == 1) {
			t.Errorf("shard %d: home page and feed present %v", k, overview)
		}
		if has("sitemap.xml") || has("robots.txt") {
			t.Errorf("shard %d writes the sitemap or robots.txt, which assemble writes", k)
		}
	}
	if projects[1] != 0 || projects[2] == 0 || projects[3] == 0 {
		t.Errorf("project pages by shard: %v; want none in 1, some in 2 and 3", projects)
	}

	mustRun(t, append([]string{"build", "--shard", "1/1", "--out", at("whole")}, common...)...)
	mustRun(t, "assemble", "--root", root, "--out", at("public1"), at("whole"))
	sameTree(t, "1 shard assembled", single, filesOf(t, at("public1")))

	// Broken sets. The other key: shard 2 built for another day.
	mustRun(t, "build", "--shard", "2/3", "--out", at("s2-other"), "--root", root, "--as-of", "2026-11-19",
		"--base-url", "https://gongkai.example.cn/")
	// Tampered: a copy of shard 3 with one page changed, one removed and one file added.
	if err := os.CopyFS(at("s3-tampered"), os.DirFS(at("s3"))); err != nil {
		t.Fatal(err)
	}
	m3 := manifestOf(t, at("s3"))
	var changed, removed string
	for _, f := range m3.Files {
		if strings.HasSuffix(f.Path, ".html") {
			if changed == "" {
				changed = f.Path
			} else if removed == "" {
				removed = f.Path
			}
		}
	}
	page := filepath.Join(at("s3-tampered"), filepath.FromSlash(changed))
	b, _ := os.ReadFile(page)
	if err := os.WriteFile(page, bytes.Replace(b, []byte("<title>"), []byte("<title>X"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(at("s3-tampered"), filepath.FromSlash(removed))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(at("s3-tampered"), "extra.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	published := filesOf(t, at("public"))
	for _, c := range []struct {
		name  string
		dirs  []string
		wants []string // in the report
	}{
		{"missing", []string{"s1", "s3"}, []string{"shard-missing", "2/3"}},
		{"duplicated", []string{"s1", "s2", "s3", "s2"}, []string{"shard-duplicate", at("s2")}},
		{"other as-of", []string{"s1", "s2-other", "s3"}, []string{"shard-key", at("s2-other"), "as-of", "2026-11-19"}},
		{"tampered", []string{"s1", "s2", "s3-tampered"}, []string{
			"shard-file-changed", filepath.ToSlash(at("s3-tampered")) + "/" + changed,
			"shard-file-missing", filepath.ToSlash(at("s3-tampered")) + "/" + removed,
			"shard-unlisted", filepath.ToSlash(at("s3-tampered")) + "/extra.html"}},
		{"not a shard", []string{"s1", "s2", "single"}, []string{"shard-manifest", at("single"), "shard-missing"}},
	} {
		args := []string{"assemble", "--root", root, "--out", at("public")}
		for _, d := range c.dirs {
			args = append(args, at(d))
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", c.name, code, stderr.String())
		}
		for _, w := range c.wants {
			if !strings.Contains(stderr.String(), w) {
				t.Errorf("%s: the report does not say %q:\n%s", c.name, w, stderr.String())
			}
		}
		if !strings.Contains(stderr.String(), "已发布的网站未改动") {
			t.Errorf("%s: the report does not say the site is unchanged:\n%s", c.name, stderr.String())
		}
		sameTree(t, c.name+": the published site", published, filesOf(t, at("public")))
	}
	if es, _ := os.ReadDir(tmp); slices.ContainsFunc(es, func(e os.DirEntry) bool { return strings.Contains(e.Name(), ".tmp-") }) {
		t.Error("a refused assemble left a staging folder")
	}
}

// TestShardUsage: a bad --shard, or one with the render cache, is a usage error.
func TestShardUsage(t *testing.T) {
	root := buildRoot(t)
	for _, bad := range [][]string{{"--shard", "0/3"}, {"--shard", "4/3"}, {"--shard", "2"}, {"--shard", "a/b"},
		{"--shard", "1/2", "--cache", t.TempDir()}} {
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"build", "--root", root}, bad...), &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", bad, code, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"assemble", "--root", root}, &stdout, &stderr); code != 2 {
		t.Errorf("assemble without folders: exit %d, want 2", code)
	}

	// Data with an error: the shard stops as build does, with the diagnostic, and writes nothing.
	files, _ := filepath.Glob(filepath.Join(root, "data", "projects", "*", "*.yaml"))
	src, _ := os.ReadFile(files[0])
	if err := os.WriteFile(files[0], []byte(strings.Replace(string(src), "budget:", "budget: 十二万元 #", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "shard")
	stderr.Reset()
	if code := run([]string{"build", "--root", root, "--shard", "2/3", "--out", out}, &stdout, &stderr); code != 1 {
		t.Errorf("broken data: exit %d, want 1", code)
	}
	if rel, _ := filepath.Rel(root, files[0]); !strings.Contains(stderr.String(), filepath.ToSlash(rel)+":") {
		t.Errorf("the report does not name %s:\n%s", rel, stderr.String())
	}
	if es, _ := os.ReadDir(filepath.Dir(out)); len(es) != 0 {
		t.Errorf("a shard of broken data wrote %d entries", len(es))
	}
}
