package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/publish"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/site"
)

func init() {
	register(command{
		name:    "build",
		summary: "检查后生成网站到 public/ / check, then render the site into public/",
		run:     runBuild,
	})
}

// buildOptions are the flags of `generator build`.
type buildOptions struct {
	root, out, baseURL, lang string
	asOf                     records.Date
	noHistory                bool   // judge stages by their stated dates, without the git history
	cache                    string // render cache folder; empty: render every page
	noCache                  bool   // render every page, and invalidate the cache folder's manifest
	shard                    string // "K/N": render only that partition of the site (cmd_shard.go)
	part                     site.Partition
}

func parseBuildFlags(args []string, stderr io.Writer) (buildOptions, error) {
	var o buildOptions
	var asOf string
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.root, "root", ".", "站点根目录（含 data/ 和 layouts/）/ site root holding data/ and layouts/")
	fs.StringVar(&o.out, "out", "", "输出目录（默认 <root>/public）/ output folder (default <root>/public)")
	fs.StringVar(&o.baseURL, "base-url", "", "网站地址，覆盖 site.yaml 的 base_url / site URL, overrides site.yaml's base_url")
	fs.StringVar(&asOf, "as-of", "", "按此日期发布（默认今天，北京时间）/ publish as of YYYY-MM-DD (default: today, China Standard Time)")
	fs.StringVar(&o.lang, "lang", "zh", "消息语言 zh | en / message language")
	fs.BoolVar(&o.noHistory, "no-history", false, noHistoryUsage)
	fs.StringVar(&o.cache, "cache", "", "渲染缓存目录（默认 <root>/.gongkai-cache）/ render cache folder (default <root>/.gongkai-cache)")
	fs.BoolVar(&o.noCache, "no-cache", false, "不用渲染缓存，重新渲染每一页 / render every page, without the render cache")
	fs.StringVar(&o.shard, "shard", "", shardUsage)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法 usage: generator build [--root DIR] [--out DIR] [--base-url URL] [--as-of YYYY-MM-DD] [--lang zh|en] [--no-history] [--cache DIR | --no-cache] [--shard K/N]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("多余的参数 unexpected arguments: %v", fs.Args())
	}
	if err := checkLang(o.lang); err != nil {
		return o, err
	}
	if o.shard != "" {
		if err := shardFlags(&o, fs); err != nil {
			return o, err
		}
	}
	if o.out == "" {
		o.out = filepath.Join(o.root, "public")
	}
	if o.cache == "" && o.shard == "" {
		o.cache = filepath.Join(o.root, ".gongkai-cache")
	}
	var err error
	o.asOf, err = parseAsOf(asOf)
	return o, err
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	o, err := parseBuildFlags(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if code := rootMissing(o.root, stderr); code != 0 {
		return code
	}
	tuneGC()
	start := time.Now()
	ds, diags := checkDataset(o.root, o.asOf, !o.noHistory)
	checked := time.Since(start)
	if diags.Errors() > 0 {
		// Errors block publication: report every problem as check does, and leave out/ alone.
		writeReport(stderr, diags, o.lang)
		if o.lang == "en" {
			fmt.Fprintln(stderr, "build stopped; the published site was not changed")
		} else {
			fmt.Fprintln(stderr, "生成已停止，已发布的网站未改动")
		}
		return 1
	}
	// Past the check nothing reports a problem at a key: let the key positions go, about half the
	// dataset's memory, before the long render.
	ds.DropPositions()
	build := build
	if o.shard != "" {
		build = buildShard
	}
	sum, err := build(ds, o)
	if err != nil {
		fmt.Fprintf(stderr, "生成失败，已发布的网站未改动 / build failed, the published site was not changed: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, sum)
	fmt.Fprintf(stdout, "检查 check %.1f s，总计 total %.1f s\n", checked.Seconds(), time.Since(start).Seconds())
	return 0
}

// Garbage collection for a build. The render is a series of Hugo sites of bounded size, each
// allocating several times its live heap and dropped whole: at Go's default (GOGC=100) the
// collector took 15% of a build's CPU. A build lets the heap grow to gcPercent above the live
// data, up to the soft limit gcLimit, past which Go collects as often as it must; peak memory
// then stays near the limit rather than growing with the site. GOGC and GOMEMLIMIT in the
// environment override either.
const (
	gcPercent = 400
	gcLimit   = 3 << 30
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcLimit)
	}
}

// build renders ds and its open data into a fresh folder and swaps it in place of o.out.
func build(ds *records.Dataset, o buildOptions) (site.Summary, error) {
	start := time.Now()
	r, err := site.New(o.root, site.Options{BaseURL: o.baseURL})
	if err != nil {
		return site.Summary{}, err
	}
	// The open data is written while Hugo renders (see site.BuildAlongside).
	exp := func(out string, reuse *export.Reuse) error {
		return export.Write(ds, out, export.Options{BaseURL: r.BaseURL(ds), Reuse: reuse})
	}
	var sum site.Summary
	if o.cache != "" && !o.noCache {
		cache, err := site.OpenCache(o.cache, cacheVersion(o.root), o.out)
		if err != nil {
			return site.Summary{}, err
		}
		// The tree a cached build replaces is kept for the next one (publish.DirSpare).
		cache.KeepSpare(publish.SpareDir(o.out, filepath.Join(o.cache, "spare")))
		s, cs, err := r.PublishCached(ds, cache, exp)
		sum, sum.Cache = s, &cs
		sum.Elapsed = time.Since(start)
		return sum, err
	}
	spare := ""
	if o.cache != "" {
		// --no-cache: the manifest goes, which will not describe public/ any more, and the spare.
		if _, err := site.OpenCache(o.cache, cacheVersion(o.root), o.out); err != nil {
			return site.Summary{}, err
		}
		spare = publish.SpareDir(o.out, filepath.Join(o.cache, "spare"))
	}
	err = publish.DirSpare(o.out, spare, func(staging string, inSpare bool) (bool, error) {
		if inSpare {
			return false, publish.ErrNoSpare
		}
		s, err := r.BuildAlongside(ds, staging, func(out string) error { return exp(out, nil) })
		sum = s
		return false, err
	})
	sum.Elapsed = time.Since(start)
	return sum, err
}
