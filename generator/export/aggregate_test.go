package export

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/synth"
)

// TestReusedOpenDataEqualsFresh publishes a series of open-data builds through Reuse, as cached
// builds do — nothing changed, random title edits, a deleted project, another build date, an
// edit after it — and compares each with a from-scratch Write, file by file. Small feed pages
// and day-package flushes give every kind of aggregate file many instances, so some are linked
// and some written in each step; the test checks that both happen where they must.
func TestReusedOpenDataEqualsFresh(t *testing.T) {
	defer func(n, b int) { FeedEntries, changesFlushBytes = n, b }(FeedEntries, changesFlushBytes)
	FeedEntries, changesFlushBytes = 7, 1<<12
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Projects: 80, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	var projects []string
	filepath.WalkDir(filepath.Join(root, "data", "projects"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			projects = append(projects, p)
		}
		return err
	})
	// The projects of 2025 have public stages on the build dates below; those of 2026 not yet.
	projects = slices.DeleteFunc(projects, func(p string) bool { return !strings.Contains(filepath.ToSlash(p), "/2025/") })
	slices.Sort(projects)
	rng := rand.New(rand.NewPCG(15, 2))
	title := regexp.MustCompile(`(?m)^title: .*$`)
	edit := func(n int, tag string) {
		for i := range n {
			p := projects[rng.IntN(len(projects))]
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, title.ReplaceAll(b, []byte("title: 复用测试"+tag+string(rune('甲'+i)))), 0o644)
		}
	}
	asOf := records.NewDate(2025, 12, 15)
	pub := filepath.Join(t.TempDir(), "public")
	var last *Reuse
	lastInputs := map[string]uint64{}
	steps := []struct {
		name   string
		change func()
		linked bool // some aggregate files are expected to be linked
		all    bool // every aggregate file with members is expected to be linked
	}{
		{"first build", func() {}, false, false},
		{"nothing changed", func() {}, true, true},
		{"random edits", func() { edit(3, "一") }, true, false},
		{"one edit", func() { edit(1, "二") }, true, false},
		{"a project deleted", func() {
			i := rng.IntN(len(projects))
			if err := os.Remove(projects[i]); err != nil {
				t.Fatal(err)
			}
			projects = slices.Delete(projects, i, i+1)
		}, true, false},
		{"another build date", func() { asOf = asOf.AddDays(1) }, false, false},
		{"one edit at the new date", func() { edit(1, "三") }, true, false},
	}
	for _, s := range steps {
		s.change()
		ds, diags := records.Load(root)
		if diags.Errors() > 0 {
			t.Fatalf("%s: %d load errors", s.name, diags.Errors())
		}
		ds.AsOf = asOf
		rules.Apply(ds)
		inputs := inputsOf(t, ds)
		reuse := &Reuse{Dir: pub}
		if last != nil {
			reuse.Last, reuse.LastFiles = last.Next, last.NextFiles
			reuse.Unchanged = func(id string) bool { in, ok := lastInputs[id]; return ok && in == inputs[id] }
		}
		staging := filepath.Join(filepath.Dir(pub), "staging")
		if err := Write(ds, staging, Options{Reuse: reuse}); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if err := os.RemoveAll(pub); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(staging, pub); err != nil {
			t.Fatal(err)
		}
		last, lastInputs = reuse, inputs
		fresh := t.TempDir()
		if err := Write(ds, fresh, Options{}); err != nil {
			t.Fatal(err)
		}
		want, got := files(t, fresh), files(t, pub)
		for name, b := range want {
			if !bytes.Equal(b, got[name]) {
				t.Errorf("%s: %s differs from a fresh build", s.name, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: %s is only in the reusing build", s.name, name)
			}
		}
		aggregates := 0
		for name := range want {
			if !strings.Contains(name, "ocds/releases/") && !strings.Contains(name, "ocds/records/") {
				aggregates++
			}
		}
		t.Logf("%s: %d of %d aggregate files linked (%d noted), %d projects' packages of %d files", s.name, reuse.Linked, aggregates, len(reuse.NextFiles), reuse.Reused, len(want))
		switch {
		case s.linked && reuse.Linked == 0:
			t.Errorf("%s: no aggregate file linked", s.name)
		case !s.linked && reuse.Linked > 0:
			t.Errorf("%s: %d aggregate files linked, want none", s.name, reuse.Linked)
		case !s.all && reuse.Linked >= len(reuse.NextFiles):
			t.Errorf("%s: all %d aggregate files linked, some changed", s.name, reuse.Linked)
		case s.all && reuse.Linked < len(reuse.NextFiles)-empty(t, pub):
			t.Errorf("%s: %d of %d aggregate files linked, want every one with members", s.name, reuse.Linked, len(reuse.NextFiles))
		}
	}
}

// inputsOf hashes what each project's open data is made of: its file, the build date and every
// data file that is not a project's (the render cache's projectInputs, without the history).
func inputsOf(t *testing.T, ds *records.Dataset) map[string]uint64 {
	shared := xxhash.New()
	fmt.Fprintf(shared, "%s\x00", ds.AsOf)
	data := filepath.Join(ds.Root, "data")
	filepath.WalkDir(data, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || strings.Contains(p, string(filepath.Separator)+"projects"+string(filepath.Separator)) {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(shared, "%s\x00%d\x00", p, len(b))
		shared.Write(b)
		return err
	})
	in := map[string]uint64{}
	for _, p := range ds.Projects {
		b, err := os.ReadFile(filepath.Join(ds.Root, filepath.FromSlash(p.File)))
		if err != nil {
			t.Fatal(err)
		}
		h := xxhash.New()
		fmt.Fprintf(h, "%d\x00%s\x00", shared.Sum64(), p.File)
		h.Write(b)
		in[p.ID] = h.Sum64()
	}
	return in
}

// empty counts the feed documents without entries and the CSV tables without rows: they have
// no members and are always written.
func empty(t *testing.T, dir string) int {
	n := 0
	for name, b := range files(t, dir) {
		if strings.HasSuffix(name, ".xml") && !bytes.Contains(b, []byte("<entry>")) ||
			strings.HasSuffix(name, ".csv") && bytes.Count(b, []byte("\n")) == 1 {
			n++
		}
	}
	return n
}
