package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/synth"
)

func init() {
	register(command{
		name:    "synth",
		summary: "生成合成测试数据 / write a synthetic data/ tree for tests and benchmarks",
		run:     runSynth,
	})
}

func runSynth(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	projects := fs.Int("projects", 1000, "项目数 number of projects")
	seed := fs.Int64("seed", 1, "随机种子 seed (same seed, same bytes)")
	out := fs.String("out", "", "站点根目录 site root to write DIR/data/ into (required)")
	years := fs.String("years", "2025,2026", "预算年度 comma-separated budget years")
	asOf := fs.String("as-of", "", "合成世界的“今天” the synthetic world's today, YYYY-MM-DD (default 12-15 of the last year)")
	force := fs.Bool("force", false, "覆盖已有的 DIR/data/ replace an existing DIR/data/")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "用法 usage: generator synth --projects N [--seed S] [--years 2025,2026] [--as-of DATE] [--force] --out DIR")
		return 2
	}
	opt := synth.Options{Projects: *projects, Seed: *seed, Replace: *force}
	for _, y := range strings.Split(*years, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(y))
		if err != nil || n < 2000 || n > 2100 {
			fmt.Fprintf(stderr, "年度无效 %q（bad year）\n", y)
			return 2
		}
		opt.Years = append(opt.Years, n)
	}
	if *asOf != "" {
		d, err := records.ParseDate(*asOf)
		if err != nil {
			fmt.Fprintf(stderr, "日期无效 %q（bad --as-of date）\n", *asOf)
			return 2
		}
		opt.AsOf = d
	}
	start := time.Now()
	if err := synth.Write(*out, opt); err != nil {
		fmt.Fprintf(stderr, "生成失败（synth failed）: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "已生成 %d 个项目于 %s/data（wrote %d projects in %.2fs）\n", *projects, *out, *projects, time.Since(start).Seconds())
	return 0
}
