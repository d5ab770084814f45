package perf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/site"
	"github.com/gongkai/gongkai/generator/synth"
)

// repoRoot is the site root of this repository (tests run in generator/perf).
const repoRoot = "../.."

// TestBaselineMatchesSite: the yardstick is only fair if bare Hugo renders exactly the pages the
// site renders, byte for byte.
func TestBaselineMatchesSite(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a small site twice")
	}
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Projects: 40, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	for _, d := range siteDirs {
		if err := copyTree(filepath.Join(repoRoot, d), filepath.Join(root, d)); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		t.Fatalf("%d load errors", diags.Errors())
	}
	ds.AsOf = records.NewDate(2026, 12, 15)
	rules.Apply(ds)

	r, err := site.New(root, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	siteOut := filepath.Join(root, "site-out")
	if _, err := r.Build(ds, siteOut); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(root, "bare")
	files, err := WriteBaseline(root, ds, bare)
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no content files written")
	}
	bareOut := filepath.Join(root, "bare-out")
	if _, err := BuildBaseline(root, bare, bareOut, false, nil, nil); err != nil {
		t.Fatal(err)
	}
	n := countHTML(siteOut)
	if n == 0 || countHTML(bareOut) != n {
		t.Fatalf("site wrote %d HTML files, baseline %d", n, countHTML(bareOut))
	}
	diff, err := diffHTML(siteOut, bareOut)
	if err != nil {
		t.Fatal(err)
	}
	if diff != 0 {
		t.Fatalf("%d of %d HTML files differ between the site and the baseline", diff, n)
	}
	if _, err := os.Stat(filepath.Join(root, "data", "site.yaml")); err != nil {
		t.Fatal("the baseline must not touch the site's data")
	}
}

func TestDiffHTML(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write := func(dir, name, s string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "x/index.html", "same")
	write(b, "x/index.html", "same")
	write(a, "y.html", "one")
	write(b, "y.html", "two")
	write(a, "only-a.html", "a")
	write(b, "only-b/index.html", "b")
	write(a, "data.json", "ignored")
	n, err := diffHTML(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("diffHTML = %d, want 3 (one changed, one on each side only)", n)
	}
}

func TestBestKeepsFastestWallAndLargestMemory(t *testing.T) {
	for _, c := range []struct {
		a, b, want Measure
	}{
		{Measure{}, Measure{Wall: 2, MaxRSS: 5}, Measure{Wall: 2, MaxRSS: 5}},
		{Measure{Wall: 3, MaxRSS: 9}, Measure{Wall: 2, MaxRSS: 5}, Measure{Wall: 2, MaxRSS: 9}},
		{Measure{Wall: 1, MaxRSS: 4}, Measure{Wall: 2, MaxRSS: 5}, Measure{Wall: 1, MaxRSS: 5}},
	} {
		if got := best(c.a, c.b); got != c.want {
			t.Errorf("best(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	WriteTable(&b, []Row{
		{N: 1000, Check: 500 * time.Millisecond, Build: Measure{Wall: 3 * time.Second, MaxRSS: 300 << 20, Pages: 10},
			Baseline: Measure{Wall: 2 * time.Second, MaxRSS: 200 << 20, Pages: 10}},
		{N: 10000, Build: Measure{Wall: time.Second}, Baseline: Measure{Wall: time.Second}, ServeErr: "no serve", Diff: 2},
		{N: 20000, Build: Measure{Wall: time.Second}, Baseline: Measure{Wall: time.Second}, Serve: 800 * time.Millisecond},
		{N: 50000, Check: 9 * time.Second},
		{N: 2000, Build: Measure{Wall: time.Second}, Unchanged: Measure{Wall: 4 * time.Second}, OneChanged: Measure{Wall: 6500 * time.Millisecond}, Load: [2]float64{1.5, 7.3}},
	})
	out := b.String()
	for _, want := range []string{"| 1000 | 0.50 s | 3.00 s | 2.00 s | 1.50× | 300 MiB | 200 MiB | — | 10/10 | — | — |", "n/a", "(2 differ)", "0.80 s", "| 50000 | 9.00 s | skipped |",
		"| 4.00 s | 6.50 s | 1.5–7.3 |", "load average (1 min)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
