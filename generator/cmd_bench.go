package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/perf"
	"github.com/gongkai/gongkai/generator/records"
)

func init() {
	register(command{
		name:    "bench",
		summary: "性能基准：与裸 Hugo 对比 / benchmark check, build and serve against bare Hugo",
		run:     runBench,
	})
	register(command{
		name:    "bench-hugo",
		summary: "（基准内部使用）裸 Hugo 渲染磁盘上的页面 / (internal to bench) bare-Hugo baseline",
		run:     runBenchHugo,
	})
}

func runBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "1000,10000,50000", "项目数列表 comma-separated project counts")
	seed := fs.Int64("seed", 1, "合成数据种子 synthetic data seed")
	work := fs.String("work", filepath.Join(os.TempDir(), "gongkai-bench"), "工作目录 scratch folder (synthetic data is kept there between runs)")
	siteFrom := fs.String("site", ".", "提供 layouts/ content/ i18n/ assets/ 的站点根目录 site root providing the layouts")
	runs := fs.Int("runs", 1, "每个规模的构建次数（取最好）builds per size and side, best taken")
	serveAt := fs.Int("serve-at", 10000, "在此规模测量预览延迟（0 不测）size at which to measure the serve latency (0: skip)")
	serveOnly := fs.Bool("serve-only", false, "只测 check 和预览延迟 measure check and the serve latency only")
	buildMax := fs.Int("build-max", 0, "超过此规模只测 check（0 不限）sizes above this get the check column only (0: no limit)")
	baselineMax := fs.Int("baseline-max", 10000, "超过此规模不跑纯 Hugo 基线（0 不限）sizes above this skip the bare-Hugo baseline, which needs ~0.7 GB per 1,000 projects (0: no limit)")
	asOf := fs.String("as-of", "2026-12-15", "构建日期 build date YYYY-MM-DD")
	profile := fs.String("profile", "", "不跑基准，改为在进程内分析最大规模的 check+build，写 cpu.pprof 和 heap.pprof 到此目录 / instead of the table, profile check+build in process for the largest size into DIR")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var opt perf.Options
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			fmt.Fprintf(stderr, "规模无效 %q（bad size）\n", s)
			return 2
		}
		opt.Sizes = append(opt.Sizes, n)
	}
	d, err := records.ParseDate(*asOf)
	if err != nil {
		fmt.Fprintf(stderr, "日期无效 %q（bad --as-of）\n", *asOf)
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	site, _ := filepath.Abs(*siteFrom)
	w, _ := filepath.Abs(*work)
	opt.Seed, opt.Work, opt.Exe, opt.SiteFrom, opt.AsOf, opt.Runs, opt.ServeAt, opt.BuildMax, opt.Log = *seed, w, exe, site, d, *runs, *serveAt, *buildMax, stderr

	opt.ServeOnly, opt.BaselineMax = *serveOnly, *baselineMax
	if *profile != "" {
		return benchProfile(opt, *profile, stdout, stderr)
	}
	fmt.Fprintf(stderr, "基准 benchmark: sizes %v, seed %d, work %s, %d CPUs\n", opt.Sizes, opt.Seed, w, runtime.NumCPU())
	rows, err := perf.Run(opt)
	perf.WriteTable(stdout, rows)
	if err != nil {
		fmt.Fprintf(stderr, "基准失败（benchmark failed）: %v\n", err)
		return 1
	}
	return 0
}

// benchProfile runs check and build in this process for the largest size, with the CPU
// profiler on, and writes a heap profile at the end.
func benchProfile(opt perf.Options, dir string, stdout, stderr io.Writer) int {
	n := 0
	for _, s := range opt.Sizes {
		n = max(n, s)
	}
	opt.Sizes = []int{n}
	root, err := perf.Prepare(opt, n)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	f, err := os.Create(filepath.Join(dir, "cpu.pprof"))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	out := filepath.Join(root, "public")
	os.RemoveAll(out)
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	start := time.Now()
	ds, diags := checkDataset(root, opt.AsOf, true)
	tCheck := time.Since(start)
	var sum fmt.Stringer
	if opt.BuildMax > 0 && n > opt.BuildMax {
		fmt.Fprintf(stderr, "build skipped (above --build-max %d): profiling check only\n", opt.BuildMax)
	} else if diags.Errors() == 0 {
		s, berr := build(ds, buildOptions{root: root, out: out, lang: "zh", asOf: opt.AsOf})
		err, sum = berr, s
	}
	pprof.StopCPUProfile()
	f.Close()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	h, herr := os.Create(filepath.Join(dir, "heap.pprof"))
	if herr == nil {
		pprof.Lookup("heap").WriteTo(h, 0)
		h.Close()
	}
	fmt.Fprintf(stdout, "N=%d check %.2fs, total %.2fs\n%v", n, tCheck.Seconds(), time.Since(start).Seconds(), sum)
	fmt.Fprintf(stdout, "go tool pprof -top %s %s\n", mustExe(), filepath.Join(dir, "cpu.pprof"))
	return 0
}

func mustExe() string {
	e, _ := os.Executable()
	return e
}

func runBenchHugo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench-hugo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "站点根目录（含 layouts/）site root holding layouts/")
	src := fs.String("src", "", "perf.WriteBaseline 写出的目录 folder written by the benchmark (hugo.toml, content/)")
	out := fs.String("out", "", "输出目录 output folder")
	metrics := fs.Bool("metrics", false, "打印每个模板的耗时 print Hugo's template metrics")
	cpuprofile := fs.String("cpuprofile", "", "CPU 分析文件 write a CPU profile to FILE")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if *src == "" || *out == "" {
		fmt.Fprintln(stderr, "用法 usage: generator bench-hugo --root DIR --src DIR --out DIR")
		return 2
	}
	start := time.Now()
	hugoOut := io.Discard
	if *metrics {
		hugoOut = stdout
	}
	pages, err := perf.BuildBaseline(*root, *src, *out, *metrics, hugoOut, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "bench-hugo: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d pages, %.2f s\n", pages, time.Since(start).Seconds())
	return 0
}
