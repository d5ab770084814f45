package site

import (
	"os"
	"path/filepath"
	"testing"
)

// benchRoot is $GONGKAI_BENCH_ROOT (a site root, e.g. one written by `generator synth`) or a copy
// of the sample. GONGKAI_TEMPLATE_METRICS=1 also prints Hugo's per-template timings.
//
//	GONGKAI_BENCH_ROOT=/tmp/s2k go test ./generator/site -run ^$ -bench Build -benchtime 1x -cpuprofile cpu.prof
func benchRoot(b *testing.B) string {
	if root := os.Getenv("GONGKAI_BENCH_ROOT"); root != "" {
		return root
	}
	return siteRoot(b)
}

func BenchmarkBuild(b *testing.B) {
	root := benchRoot(b)
	ds := load(b, root)
	templateMetrics = os.Getenv("GONGKAI_TEMPLATE_METRICS") != ""
	defer func() { templateMetrics = false }()
	r, err := New(root, Options{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sum, err := r.Build(ds, filepath.Join(b.TempDir(), "public"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Pages), "pages")
	}
}

func BenchmarkPages(b *testing.B) {
	ds := load(b, benchRoot(b))
	defer reportCPU(b)()
	for b.Loop() {
		files := Pages(ds)
		n := 0
		for _, f := range files {
			n += len(f.Data)
		}
		b.ReportMetric(float64(len(files)), "files")
		b.ReportMetric(float64(n), "bytes")
	}
}

// BenchmarkOverview is what a cached build generates every time: the lookups and the overview.
func BenchmarkOverview(b *testing.B) {
	ds := load(b, benchRoot(b))
	defer reportCPU(b)()
	for b.Loop() {
		g := newGen(ds)
		files := g.overview(allPages)
		b.ReportMetric(float64(len(files)), "files")
	}
}

// BenchmarkProjectInputs is the cached build's hashing of every project's inputs.
func BenchmarkProjectInputs(b *testing.B) {
	ds := load(b, benchRoot(b))
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := projectInputs(ds); err != nil {
			b.Fatal(err)
		}
	}
}

// reportCPU starts counting the process's CPU time; the function it returns reports it per
// operation ("cpu-s/op").
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op") }
}
