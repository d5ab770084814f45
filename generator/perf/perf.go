// Package perf measures the generator against the speed bars of architecture.md: check time,
// full build time and peak memory, the same pages rendered by bare Hugo from files on disk, and
// the preview's edit-to-visible latency. Builds run as child processes of the real binary so
// wall time and peak RSS are those a user sees.
package perf

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/synth"
)

// Options configure Run.
type Options struct {
	Sizes    []int        // project counts
	Seed     int64        // synthetic data seed
	Work     string       // scratch folder; one site root per size under it
	Exe      string       // the generator binary (run as `build`, `bench-hugo`, `serve`)
	SiteFrom string       // site root whose layouts/, content/, i18n/, assets/, static/ are used
	AsOf     records.Date // build date; zero: the synthetic world's today (all data visible)
	Runs     int          // builds per size and side, best taken; 1 when 0
	ServeAt  int          // size at which to measure the preview latency; 0: none
	// BuildMax is the largest size that is built; larger sizes get the check column only.
	// 0: no limit.
	BuildMax int
	// BaselineMax is the largest size the bare-Hugo baseline renders: one Hugo site holding
	// every page needs ~0.7 GB per 1,000 projects (7 GB at 10,000), so at 50,000 it would not
	// fit in the 24 GB these machines have. 0: no limit.
	BaselineMax int
	// ServeOnly skips build and baseline: only check and the preview latency.
	ServeOnly bool
	Log       io.Writer // progress; io.Discard when nil
}

// Measure is one child run.
type Measure struct {
	Wall   time.Duration
	MaxRSS int64  // bytes
	Pages  int    // HTML files in the output
	Out    string // what the child printed (a build's summary with its phases)
}

// Row is one size's results.
type Row struct {
	N        int
	Check    time.Duration // `generator check --no-history` wall time (a child process), best of 3
	Build    Measure
	Baseline Measure
	Serve    time.Duration // edit-to-visible; 0 when not measured
	ServeErr string        // why the serve latency is n/a
	Diff     int           // HTML files whose bytes differ between build and baseline
	// A second build on the published folder and its render cache (a new process, as CI runs
	// it): with nothing changed, then with one project's title changed.
	Unchanged, OneChanged Measure
	Load                  [2]float64 // 1-minute load average when the size began and ended
}

// siteDirs are copied from SiteFrom into each benchmark root.
var siteDirs = []string{"layouts", "content", "i18n", "assets", "static"}

// Run measures every size in turn.
func Run(opt Options) ([]Row, error) {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Runs < 1 {
		opt.Runs = 1
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = records.NewDate(2026, 12, 15)
	}
	var rows []Row
	for _, n := range opt.Sizes {
		row, err := runSize(opt, n)
		if err != nil {
			return rows, fmt.Errorf("N=%d: %w", n, err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func runSize(opt Options, n int) (row Row, err error) {
	row.N = n
	row.Load[0] = loadAverage()
	defer func() { row.Load[1] = loadAverage() }()
	root := filepath.Join(opt.Work, strconv.Itoa(n))
	logf := func(format string, a ...any) { fmt.Fprintf(opt.Log, "[N=%d] "+format+"\n", append([]any{n}, a...)...) }

	if err := prepareRoot(opt, root, n, logf); err != nil {
		return row, err
	}

	// check: the command as a clerk or CI runs it (a child process, like the builds), best of 3.
	asOf := opt.AsOf.String()
	for i := 0; i < 3; i++ {
		m, err := child(opt.Exe, "check", "--root", root, "--as-of", asOf, "--no-history")
		if err != nil {
			return row, fmt.Errorf("check of the synthetic data: %w", err)
		}
		if row.Check == 0 || m.Wall < row.Check {
			row.Check = m.Wall
		}
	}
	logf("check %.2fs", row.Check.Seconds())

	if opt.BuildMax > 0 && n > opt.BuildMax {
		logf("build and baseline skipped (above --build-max %d)", opt.BuildMax)
		return row, nil
	}
	if opt.ServeOnly {
		return row, serveRow(opt, &row, root, logf)
	}
	bare := filepath.Join(root, "bare")
	withBaseline := opt.BaselineMax == 0 || n <= opt.BaselineMax
	if withBaseline {
		// The baseline's pages are generated from the dataset, Markdown rendered.
		ds, diags := records.Load(root)
		if e := diags.Errors(); e > 0 {
			return row, fmt.Errorf("synthetic data has %d load errors (first: %s %s)", e, diags[0].Pos, diags[0].Message)
		}
		ds.AsOf = opt.AsOf
		rules.Apply(ds)
		files, err := WriteBaseline(root, ds, bare)
		if err != nil {
			return row, err
		}
		logf("baseline: %d content files on disk", files)
	} else {
		logf("baseline skipped (above --baseline-max %d)", opt.BaselineMax)
	}
	runtime.GC()
	debug.FreeOSMemory()

	out := filepath.Join(root, "public")
	bareOut := filepath.Join(root, "bare-public")
	runBuild := func() error {
		if err := removeOutputs(root); err != nil {
			return err
		}
		settle()
		m, err := child(opt.Exe, "build", "--root", root, "--out", out, "--as-of", asOf)
		if err != nil {
			return fmt.Errorf("build: %w", err)
		}
		m.Pages = countHTML(out)
		logf("build %.2fs, peak RSS %s, %d pages", m.Wall.Seconds(), mib(m.MaxRSS), m.Pages)
		row.Build = best(row.Build, m)
		return nil
	}
	runBaseline := func() error {
		if err := os.RemoveAll(bareOut); err != nil {
			return err
		}
		settle()
		m, err := child(opt.Exe, "bench-hugo", "--root", root, "--src", bare, "--out", bareOut)
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		m.Pages = countHTML(bareOut)
		logf("baseline %.2fs, peak RSS %s, %d pages", m.Wall.Seconds(), mib(m.MaxRSS), m.Pages)
		row.Baseline = best(row.Baseline, m)
		return nil
	}
	for i := 0; i < opt.Runs; i++ {
		// Alternate the order: whichever runs second shares the disk with the first one's
		// write-back and the page cache it left.
		first, second := runBuild, runBaseline
		if i%2 == 1 {
			first, second = runBaseline, runBuild
		}
		if !withBaseline {
			first, second = runBuild, func() error { return nil }
		}
		if err := first(); err != nil {
			return row, err
		}
		if err := second(); err != nil {
			return row, err
		}
	}
	if withBaseline {
		row.Diff, err = diffHTML(out, bareOut)
		if err != nil {
			return row, err
		}
		if row.Diff > 0 {
			logf("warning: %d HTML files differ between build and baseline", row.Diff)
		}
	}
	if err := cachedRows(opt, &row, root, out, logf); err != nil {
		return row, err
	}
	return row, serveRow(opt, &row, root, logf)
}

// cachedRows measures the builds after the first, as CI runs them on a merge: a new process
// with the published folder and the render cache of the last build, first with nothing
// changed (which links a fresh tree and keeps the replaced one as the spare), then with one
// project's title changed (restored afterwards), which brings the spare up to date. The changed
// title must be on the published page.
func cachedRows(opt Options, row *Row, root, out string, logf func(string, ...any)) error {
	asOf := opt.AsOf.String()
	build := func(what string) (Measure, error) {
		settle()
		m, err := child(opt.Exe, "build", "--root", root, "--out", out, "--as-of", asOf)
		if err != nil {
			return m, fmt.Errorf("build (%s): %w", what, err)
		}
		m.Pages = countHTML(out)
		logf("build, %s: %.2fs, peak RSS %s, %d pages", what, m.Wall.Seconds(), mib(m.MaxRSS), m.Pages)
		for _, line := range strings.Split(strings.TrimSpace(m.Out), "\n") {
			logf("  %s", line)
		}
		return m, nil
	}
	var err error
	if row.Unchanged, err = build("cached, nothing changed"); err != nil {
		return err
	}
	file, id, err := pickProject(root, func(id string) bool {
		_, err := os.Stat(filepath.Join(out, "projects", id, "index.html"))
		return err == nil
	})
	if err != nil {
		return err
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	defer os.WriteFile(file, orig, 0o644)
	marker := "基准改动"
	edited := regexp.MustCompile(`(?m)^title: (.*)$`).ReplaceAll(orig, []byte("title: ${1}"+marker))
	if bytes.Equal(edited, orig) {
		return fmt.Errorf("%s has no top-level title line", file)
	}
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		return err
	}
	if row.OneChanged, err = build("cached, one project changed"); err != nil {
		return err
	}
	// The build before kept the tree it replaced; this one must have brought it up to date
	// (the spare), which is what a merge after a merge costs.
	if !strings.Contains(row.OneChanged.Out, "spare tree was brought up to date") {
		return fmt.Errorf("the cached build after a cached build did not go through the spare:\n%s", row.OneChanged.Out)
	}
	page, err := os.ReadFile(filepath.Join(out, "projects", id, "index.html"))
	if err != nil || !bytes.Contains(page, []byte(marker)) {
		return fmt.Errorf("the cached build did not publish the changed title of %s", id)
	}
	return nil
}

// loadAverage is the 1-minute load average (0 where /proc/loadavg is not available): the
// machine is shared, and a figure means little without it.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b) + " 0")[0], 64)
	return f
}

// serveRow measures the preview latency when this is the size for it; a failure to measure is
// recorded in the row (n/a), not returned.
func serveRow(opt Options, row *Row, root string, logf func(string, ...any)) error {
	if row.N != opt.ServeAt {
		return nil
	}
	var err error
	row.Serve, err = ServeLatency(opt.Exe, root, opt.AsOf.String(), logf)
	if err != nil {
		row.ServeErr = err.Error()
		logf("serve: %v", err)
	}
	return nil
}

func best(a, b Measure) Measure {
	if a.Wall == 0 || b.Wall < a.Wall {
		// keep the larger peak: memory is not a best-of figure
		if a.MaxRSS > b.MaxRSS {
			b.MaxRSS = a.MaxRSS
		}
		return b
	}
	if b.MaxRSS > a.MaxRSS {
		a.MaxRSS = b.MaxRSS
	}
	return a
}

// Prepare makes the benchmark root for n projects (synthetic data and site folders) and
// returns its path.
func Prepare(opt Options, n int) (string, error) {
	root := filepath.Join(opt.Work, strconv.Itoa(n))
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	return root, prepareRoot(opt, root, n, func(format string, a ...any) { fmt.Fprintf(opt.Log, format+"\n", a...) })
}

// prepareRoot writes the synthetic data once per (size, seed) and refreshes the site folders.
func prepareRoot(opt Options, root string, n int, logf func(string, ...any)) error {
	stamp := filepath.Join(root, ".synth")
	want := fmt.Sprintf("projects=%d seed=%d\n", n, opt.Seed)
	if b, err := os.ReadFile(stamp); err != nil || string(b) != want {
		start := time.Now()
		if err := os.MkdirAll(root, 0o755); err != nil {
			return err
		}
		if err := synth.Write(root, synth.Options{Projects: n, Seed: opt.Seed, Replace: true}); err != nil {
			return err
		}
		if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
			return err
		}
		logf("synth %.1fs", time.Since(start).Seconds())
	}
	for _, d := range siteDirs {
		dst := filepath.Join(root, d)
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
		if err := copyTree(filepath.Join(opt.SiteFrom, d), dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func removeOutputs(root string) error {
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	for _, e := range entries {
		// public/ and whatever staging or previous folders the publish step leaves beside it
		// and the render cache, whose manifest describes public/
		if strings.HasPrefix(e.Name(), "public") || strings.HasPrefix(e.Name(), ".public") || e.Name() == ".gongkai-cache" {
			if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// settle flushes dirty pages before a timed run, so one run's output is not written back to
// disk on the next run's time.
func settle() {
	syscall.Sync()
	time.Sleep(time.Second)
}

// child runs the generator with args, returning wall time and peak RSS.
func child(exe string, args ...string) (Measure, error) {
	cmd := exec.Command(exe, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	m := Measure{Wall: time.Since(start), Out: stdout.String()}
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			m.MaxRSS = int64(ru.Maxrss) * 1024 // Linux reports KiB
		}
	}
	if err != nil {
		msg := stderr.String()
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return m, fmt.Errorf("%s %s: %v\n%s", filepath.Base(exe), args[0], err, msg)
	}
	return m, nil
}

func countHTML(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return nil
	})
	return n
}

// diffHTML counts HTML files present on one side only or with different bytes: the baseline
// is only a fair yardstick if it renders exactly the site's pages.
func diffHTML(a, b string) (int, error) {
	ha, err := hashHTML(a)
	if err != nil {
		return 0, err
	}
	hb, err := hashHTML(b)
	if err != nil {
		return 0, err
	}
	diff := 0
	for p, h := range ha {
		if hb[p] != h {
			diff++
		}
	}
	for p := range hb {
		if _, ok := ha[p]; !ok {
			diff++
		}
	}
	return diff, nil
}

func hashHTML(dir string) (map[string][32]byte, error) {
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return nil
	})
	return out, err
}

func copyTree(src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		t := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(t, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(t, b, 0o644)
	})
}

func mib(b int64) string { return fmt.Sprintf("%d MiB", b>>20) }

// WriteTable prints the results as a Markdown table.
func WriteTable(w io.Writer, rows []Row) {
	fmt.Fprintf(w, "load average (1 min) when the table was written: %.2f\n\n", loadAverage())
	fmt.Fprintln(w, "| N | check | build | baseline | build/baseline | peak RSS build | peak RSS baseline | serve edit→visible | pages build/baseline | cached, nothing changed | cached, one project changed | load begin–end |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		cached := func(m Measure) string {
			if m.Wall == 0 {
				return "—"
			}
			return fmt.Sprintf("%.2f s", m.Wall.Seconds())
		}
		tail := fmt.Sprintf(" %s | %s | %.1f–%.1f |", cached(r.Unchanged), cached(r.OneChanged), r.Load[0], r.Load[1])
		serve := "n/a"
		if r.Serve > 0 {
			serve = fmt.Sprintf("%.2f s", r.Serve.Seconds())
		} else if r.ServeErr == "" {
			serve = "—"
		}
		ratio := "—"
		if r.Build.Wall == 0 {
			fmt.Fprintf(w, "| %d | %.2f s | skipped | skipped | — | — | — | %s | — |%s\n", r.N, r.Check.Seconds(), serve, tail)
			continue
		}
		if r.Baseline.Wall > 0 {
			ratio = fmt.Sprintf("%.2f×", r.Build.Wall.Seconds()/r.Baseline.Wall.Seconds())
		}
		pages := fmt.Sprintf("%d/%d", r.Build.Pages, r.Baseline.Pages)
		if r.Diff > 0 {
			pages += fmt.Sprintf(" (%d differ)", r.Diff)
		}
		base, baseRSS := fmt.Sprintf("%.2f s", r.Baseline.Wall.Seconds()), mib(r.Baseline.MaxRSS)
		if r.Baseline.Wall == 0 {
			base, baseRSS, pages = "skipped", "—", fmt.Sprintf("%d/—", r.Build.Pages)
		}
		fmt.Fprintf(w, "| %d | %.2f s | %.2f s | %s | %s | %s | %s | %s | %s |%s\n",
			r.N, r.Check.Seconds(), r.Build.Wall.Seconds(), base, ratio,
			mib(r.Build.MaxRSS), baseRSS, serve, pages, tail)
	}
}
