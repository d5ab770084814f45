package export

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// The tests run on two sites: testdata/site, a small dataset written to exercise every stage
// (and stages dated after the as-of day, which must not leak), and the repository's sample data
// in ../../data when it is there.

var testAsOf = records.NewDate(2026, 11, 20)

const fixtureRoot = "testdata/site"

// sampleRoot is the repository root, whose data/ holds the shipped sample data.
const sampleRoot = "../.."

type site struct {
	name string
	root string
}

// sites lists the sites to test on; the sample data is skipped (with a log line) until it exists.
func sites(t *testing.T) []site {
	t.Helper()
	out := []site{{"fixture", fixtureRoot}}
	if _, err := os.Stat(filepath.Join(sampleRoot, "data", "site.yaml")); err == nil {
		out = append(out, site{"sample", sampleRoot})
	} else {
		t.Logf("no sample data at %s/data: testing on the fixture only", sampleRoot)
	}
	return out
}

func load(t *testing.T, root string) *records.Dataset {
	t.Helper()
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		var b strings.Builder
		for _, d := range diags {
			if d.Severity == "error" {
				b.WriteString(d.Pos.String() + " " + d.Code + " " + d.Message + "\n")
			}
		}
		t.Fatalf("records.Load(%s): %d errors:\n%s", root, diags.Errors(), b.String())
	}
	ds.AsOf = testAsOf
	rules.Apply(ds)
	return ds
}

// build loads root and writes its open data into a fresh directory, returned with the dataset.
func build(t *testing.T, root string) (*records.Dataset, string) {
	t.Helper()
	ds := load(t, root)
	dir := t.TempDir()
	if err := Write(ds, dir, Options{}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return ds, dir
}

// files maps every written file (slash path relative to dir) to its bytes.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteIsDeterministic(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			ds, dir1 := build(t, s.root)
			dir2 := t.TempDir()
			if err := Write(ds, dir2, Options{}); err != nil {
				t.Fatal(err)
			}
			a, b := files(t, dir1), files(t, dir2)
			if len(a) != len(b) {
				t.Fatalf("first write has %d files, second %d", len(a), len(b))
			}
			for name, data := range a {
				if !bytes.Equal(data, b[name]) {
					t.Errorf("%s differs between two writes", name)
				}
			}
		})
	}
}

// TestWriteLayout checks that the files the site links to exist, at the paths package links gives.
func TestWriteLayout(t *testing.T) {
	_, dir := build(t, fixtureRoot)
	got := files(t, dir)
	want := []string{
		"data/ocds/releases/SLS-2025-001.json",
		"data/ocds/records/SLS-2025-001.json",
		"data/ocds/2025.json",
		"data/ocds/2026.json",
		"data/csv/call.csv",
		"data/csv/budgets.csv",
		"data/csv/csv-metadata.json",
		"data/csv/payments.csv",
		"data/csv/award-scores.csv",
		"data/ocds/changes/index.json",
		"data/feeds/all.xml",
		"data/feeds/award.xml",
		"data/feeds/bodies/mz.xml",
		"data/feeds/bodies/fl.xml",
		"data/schema/project.schema.json",
		"data/schema/bodies.schema.json",
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("missing %s", w)
		}
	}
	// SLS-2026-002 has only an intention dated after the as-of day: nothing about it is public.
	for name, data := range got {
		if strings.Contains(name, "SLS-2026-002") || bytes.Contains(data, []byte("SLS-2026-002")) {
			t.Errorf("%s mentions SLS-2026-002, which has no public notice yet", name)
		}
	}
}

// TestNothingAfterAsOf: stages published (or payments made) after the as-of day stay out of every
// file.
func TestNothingAfterAsOf(t *testing.T) {
	_, dir := build(t, fixtureRoot)
	leaks := []string{
		"120000.01",          // payment dated 2026-11-30
		"SLS-MZ-HT-2025-002", // contract of SLS-2025-002, published 2026-12-15
		"2026-12-01",         // the 结项验收 and SLS-2026-002's intention
		"/notices/contract/SLS-2025-002/",
	}
	all := files(t, dir)
	for _, leak := range leaks {
		for name, data := range all {
			if strings.HasPrefix(name, "data/schema/") {
				continue
			}
			if bytes.Contains(data, []byte(leak)) {
				t.Errorf("%s contains %q, which is not public as of %s", name, leak, testAsOf)
			}
		}
	}
	// The guard: a value that is public does appear, so the scan above can find things.
	found := false
	for _, data := range all {
		found = found || bytes.Contains(data, []byte("SLS-MZ-HT-2025-001"))
	}
	if !found {
		t.Error("public contract number SLS-MZ-HT-2025-001 appears nowhere: the leak scan proves nothing")
	}
}

func TestWriteRefusesMissingAsOf(t *testing.T) {
	ds := load(t, fixtureRoot)
	ds.AsOf = records.Date{}
	if err := Write(ds, t.TempDir(), Options{}); err == nil {
		t.Error("Write with a zero AsOf succeeded; it must refuse (it would publish future stages)")
	}
}

func TestYuanIsExact(t *testing.T) {
	tests := []struct {
		fen  records.Money
		want string
	}{
		{0, "0"},
		{1, "0.01"},
		{10, "0.1"},
		{29000050, "290000.5"},
		{29000000, "290000"},
		{123456789012345678, "1234567890123456.78"}, // beyond float64's exact range
	}
	for _, tt := range tests {
		if got := yuan(tt.fen); string(got) != tt.want {
			t.Errorf("yuan(%d) = %s, want %s", tt.fen, got, tt.want)
		}
	}
}
