package site

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestTwoBuildsAreIdentical builds the same data a second time, with a fresh renderer, and
// compares every byte of every file with the shared build.
func TestTwoBuildsAreIdentical(t *testing.T) {
	ds, first := sharedBuild(t)
	second := filepath.Join(t.TempDir(), "public")
	r, err := New(shared.root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, second); err != nil {
		t.Fatal(err)
	}
	a, b := treeOf(t, first), treeOf(t, second)
	if len(a) != len(b) {
		t.Errorf("first build has %d files, second %d", len(a), len(b))
	}
	for name, data := range a {
		if other, ok := b[name]; !ok {
			t.Errorf("%s: only in the first build", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s: differs between builds", name)
		}
	}
	if len(a) < 100 {
		t.Errorf("only %d files compared", len(a))
	}
}

// TestPagesDeterministic checks the generator alone, which is what the preview server diffs.
func TestPagesDeterministic(t *testing.T) {
	ds, _ := sharedBuild(t)
	a, b := Pages(ds), Pages(ds)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %d (%s) differs between two runs", i, a[i].Path)
		}
		if i > 0 && a[i-1].Path >= a[i].Path {
			t.Fatalf("files not sorted by path at %s", a[i].Path)
		}
	}
}
