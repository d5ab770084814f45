package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestCacheVersion: run from its source, the generator is named by that source — a change to a
// generator file gives another name (the cache is not used), a change to data or to a test does not.
func TestCacheVersion(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Path == "" {
		t.Skip("no build information in this test binary")
	}
	root := t.TempDir()
	write := func(rel, s string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module "+bi.Main.Path+"\n\ngo 1.26\n")
	write("generator/site/a.go", "package site\n")
	v := cacheVersion(root)
	if _, ok := ownSource(root, bi); !ok {
		t.Fatal("the source in the root was not recognised")
	}
	write("data/projects/2025/X.yaml", "title: 改\n")
	write("generator/site/a_test.go", "package site\n")
	if got := cacheVersion(root); got != v {
		t.Error("a change to data or to a test changed the generator's name")
	}
	write("generator/site/a.go", "package site\n\n// changed\n")
	if got := cacheVersion(root); got == v {
		t.Error("a change to the generator's source kept its name")
	}
	write("go.mod", "module example.com/other\n")
	if _, ok := ownSource(root, bi); ok {
		t.Error("another module's source was taken for the generator's")
	}
}
