package main

import (
	"bytes"
	"os"
	"path/filepath"
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
