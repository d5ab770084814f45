package export

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// benchDataset loads $GONGKAI_BENCH_ROOT (a site root, e.g. one `generator synth` wrote) or the
// fixture.
//
//	GONGKAI_BENCH_ROOT=/tmp/s10k go test ./generator/export -run ^$ -bench Write -benchtime 2x -cpuprofile cpu.prof
func benchDataset(b *testing.B) *records.Dataset {
	root := os.Getenv("GONGKAI_BENCH_ROOT")
	if root == "" {
		root = fixtureRoot
	}
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		b.Fatalf("records.Load(%s): %d errors", root, diags.Errors())
	}
	ds.AsOf = testAsOf
	rules.Apply(ds)
	return ds
}

// BenchmarkWrite is the open data of a full build.
func BenchmarkWrite(b *testing.B) {
	ds := benchDataset(b)
	defer reportCPU(b)()
	for b.Loop() {
		if err := Write(ds, b.TempDir(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteReused is the open data of a cached build where no project changed, or one.
func BenchmarkWriteReused(b *testing.B) {
	ds := benchDataset(b)
	last := b.TempDir()
	first := &Reuse{Dir: last}
	if err := Write(ds, last, Options{Reuse: first}); err != nil {
		b.Fatal(err)
	}
	for _, changed := range []string{"", ds.Projects[0].ID} {
		name := "none changed"
		if changed != "" {
			name = "one changed"
		}
		b.Run(name, func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "public")
				r := &Reuse{Dir: last, Last: first.Next, LastFiles: first.NextFiles, Unchanged: func(id string) bool { return id != changed }}
				if err := Write(ds, out, Options{Reuse: r}); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(r.Linked), "linked")
			}
		})
	}
}

// BenchmarkSteps times each step of Write on its own.
func BenchmarkSteps(b *testing.B) {
	ds := benchDataset(b)
	x, err := newExporter(ds, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []struct {
		name string
		step func(string) error
	}{{"ocds", x.writeOCDS}, {"csv", x.writeCSV}, {"feeds", x.writeFeeds}, {"schemas", x.writeSchemas}} {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				if err := s.step(b.TempDir()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportCPU starts counting the process's CPU time; the function it returns reports it per
// operation ("cpu-s/op").
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op") }
}
