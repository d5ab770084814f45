package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// buildRoot copies the sample site (data and the look) into a temporary root.
func buildRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"data", "layouts", "i18n", "content", "assets"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("..", d))); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestBuildCommand runs one real build, then breaks a data file and checks that the failed build
// reports it with its position and leaves the published site exactly as it was.
func TestBuildCommand(t *testing.T) {
	root := buildRoot(t)
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"build", "--root", root, "--out", out, "--as-of", "2026-11-20"}

	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("build exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "页面") || !strings.Contains(stdout.String(), "pages") {
		t.Errorf("no summary: %q", stdout.String())
	}
	for _, f := range []string{"index.html", "en/index.html", "sitemap.xml", "data/feeds/all.xml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("after build: %v", err)
		}
	}
	before, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	// Break one amount: the build must stop with a positioned diagnostic.
	files, _ := filepath.Glob(filepath.Join(root, "data", "projects", "*", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("sample has no project")
	}
	src, _ := os.ReadFile(files[0])
	broken := strings.Replace(string(src), "budget:", "budget: 十二万元 #", 1)
	if broken == string(src) {
		t.Fatal("could not break the sample")
	}
	if err := os.WriteFile(files[0], []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(args, &stdout, &stderr); code != 1 {
		t.Fatalf("broken data: exit %d, want 1\n%s", code, stderr.String())
	}
	rel, _ := filepath.Rel(root, files[0])
	if !strings.Contains(stderr.String(), filepath.ToSlash(rel)+":") {
		t.Errorf("diagnostics do not name %s:\n%s", rel, stderr.String())
	}
	after, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("a failed build changed the published site (err %v)", err)
	}
	if es, _ := os.ReadDir(filepath.Dir(out)); len(es) != 1 {
		t.Errorf("a failed build left files beside the output: %d entries", len(es))
	}
}

// TestBuildUsesRenderCache: the second build of unchanged data renders nothing and takes every
// page from the published site; an edited title is rendered; --no-cache renders everything. (That
// the cached output equals a full build is site.TestCachedBuildsEqualFullBuilds.)
func TestBuildUsesRenderCache(t *testing.T) {
	root := buildRoot(t)
	out := filepath.Join(t.TempDir(), "public")
	build := func(extra ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		args := append([]string{"build", "--root", root, "--out", out, "--as-of", "2026-11-20"}, extra...)
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("build exit %d\n%s", code, stderr.String())
		}
		return stdout.String()
	}
	if s := build(); !strings.Contains(s, "render cache not used (no manifest)") {
		t.Errorf("first build:\n%s", s)
	}
	if _, err := os.Stat(filepath.Join(root, ".gongkai-cache", "manifest.json")); err != nil {
		t.Fatalf("no manifest after a build: %v", err)
	}
	if s := build(); !strings.Contains(s, "render cache: 0 content files rendered") {
		t.Errorf("unchanged data:\n%s", s)
	}
	files, _ := filepath.Glob(filepath.Join(root, "data", "projects", "*", "*.yaml"))
	src, _ := os.ReadFile(files[0])
	edited := regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(src, []byte("title: 缓存改过的标题"))
	if err := os.WriteFile(files[0], edited, 0o644); err != nil {
		t.Fatal(err)
	}
	s := build()
	if !strings.Contains(s, "render cache: ") || strings.Contains(s, "render cache: 0 content") || strings.Contains(s, "not used") {
		t.Errorf("after an edit:\n%s", s)
	}
	// The build before kept the tree it replaced; this one brought it up to date.
	if !strings.Contains(s, "the spare tree was brought up to date") {
		t.Errorf("the build after a cached build did not use the spare:\n%s", s)
	}
	spare := filepath.Join(root, ".gongkai-cache", "spare")
	if _, err := os.Stat(filepath.Join(spare, "index.html")); err != nil {
		t.Errorf("no spare kept in the cache folder: %v", err)
	}
	id := strings.TrimSuffix(filepath.Base(files[0]), ".yaml")
	if page, err := os.ReadFile(filepath.Join(out, "projects", id, "index.html")); err != nil || !strings.Contains(string(page), "缓存改过的标题") {
		t.Errorf("the edited project's page lacks the new title (%v)", err)
	}
	if s := build("--no-cache"); strings.Contains(s, "render cache") {
		t.Errorf("--no-cache:\n%s", s)
	}
	if _, err := os.Stat(spare); err == nil {
		t.Error("--no-cache left the spare")
	}
	// The manifest described the site --no-cache replaced: it must not be trusted again.
	if _, err := os.Stat(filepath.Join(root, ".gongkai-cache", "manifest.json")); err == nil {
		t.Error("--no-cache left the manifest of the site it replaced")
	}
}
