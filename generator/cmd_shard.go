package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/publish"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/shardset"
	"github.com/gongkai/gongkai/generator/site"
)

// `build --shard K/N` renders one partition of the site (site.Partition: 1 the overview and the
// open data, 2…N the projects by a hash of their id) into its own folder with a manifest, for
// `generator assemble` to put together. Each shard checks the whole data as build does.

const shardUsage = "只生成第 K 个（共 N 个）分片，供 generator assemble 合并（不用渲染缓存）/ render only partition K of N, for generator assemble (without the render cache)"

// shardFlags completes the options of a sharded build: the partition, and the default folder.
func shardFlags(o *buildOptions, fs *flag.FlagSet) error {
	p, err := site.ParsePartition(o.shard)
	if err != nil {
		return err
	}
	o.part = p
	cache := false
	fs.Visit(func(f *flag.Flag) { cache = cache || f.Name == "cache" })
	if cache {
		return errors.New("--shard 不用渲染缓存，不能与 --cache 同用 / --shard does not use the render cache: drop --cache")
	}
	if o.out == "" {
		o.out = filepath.Join(o.root, fmt.Sprintf("public-shard-%d-of-%d", p.K, p.N))
	}
	return nil
}

// buildShard renders o.part of ds and its manifest into a fresh folder swapped in place of o.out.
func buildShard(ds *records.Dataset, o buildOptions) (site.Summary, error) {
	start := time.Now()
	r, err := site.New(o.root, site.Options{BaseURL: o.baseURL})
	if err != nil {
		return site.Summary{}, err
	}
	key, err := shardKey(ds, o, r.BaseURL(ds))
	if err != nil {
		return site.Summary{}, err
	}
	o.part.Narrow(ds)
	var sum site.Summary
	err = publish.Dir(o.out, func(staging string) error {
		exp := func(out string) error {
			return export.Write(ds, out, export.Options{BaseURL: r.BaseURL(ds)})
		}
		s, po, err := r.BuildPartition(ds, staging, o.part, exp)
		if err != nil {
			return err
		}
		sum = partSummary(s, ds, o.part)
		files, err := shardset.Describe(staging, func(path string) bool {
			_, shared := slices.BinarySearch(po.Shared, "/"+path)
			return shared
		})
		if err != nil {
			return err
		}
		return shardset.Write(staging, shardset.Manifest{Format: shardset.Format, K: o.part.K, N: o.part.N, Key: key,
			Files: files, Pages: po.Pages, Lastmod: po.Lastmod})
	})
	sum.Elapsed = time.Since(start)
	return sum, err
}

// partSummary is s counting the projects and notices of the partition only (the findings are
// listed in the overview's).
func partSummary(s site.Summary, ds *records.Dataset, p site.Partition) site.Summary {
	s.Projects, s.Notices = 0, map[records.NoticeKind]int{}
	if !p.Overview() || p.N == 1 {
		for _, pr := range ds.Projects {
			if ns := pr.Notices(ds.AsOf); len(ns) > 0 && p.Owns(pr.ID) {
				s.Projects++
				for _, n := range ns {
					s.Notices[n.Kind]++
				}
			}
		}
	}
	if !p.Overview() {
		s.Findings = 0
	}
	return s
}

// shardKey is what the shard's bytes depend on besides its number: shards with equal keys make
// one site. Every shard computes it from its own checkout, never from another shard.
func shardKey(ds *records.Dataset, o buildOptions, baseURL string) (shardset.Key, error) {
	k := shardset.Key{Generator: cacheVersion(o.root), AsOf: ds.AsOf.String(), BaseURL: baseURL, History: "off"}
	var err error
	if k.Data, err = shardset.HashTree(o.root, "data"); err != nil {
		return k, err
	}
	if k.Site, err = shardset.HashTree(o.root, site.SourceDirs...); err != nil {
		return k, err
	}
	if h := ds.History; !o.noHistory && h != nil {
		// A shallow clone judges some stages differently from a full one: the commit alone is not enough.
		k.History = fmt.Sprintf("available=%v head=%s commits=%d shallow=%v uncommitted=%d",
			h.Available, h.Head, h.Commits, h.Shallow, h.Uncommitted)
	}
	return k, nil
}

func init() {
	register(command{
		name:    "assemble",
		summary: "合并 build --shard 生成的分片为 public/ / merge the folders of build --shard into public/",
		run:     runAssemble,
	})
}

func runAssemble(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("assemble", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "站点根目录 / site root")
	out := fs.String("out", "", "输出目录（默认 <root>/public）/ output folder (default <root>/public)")
	lang := fs.String("lang", "zh", "消息语言 zh | en / message language")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法 usage: generator assemble [--root DIR] [--out DIR] [--lang zh|en] SHARD_DIR...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if err := checkLang(*lang); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "没有给出分片目录 / no shard folders given")
		fs.Usage()
		return 2
	}
	if *out == "" {
		*out = filepath.Join(*root, "public")
	}
	start := time.Now()
	set, diags := shardset.Verify(fs.Args())
	if diags.Errors() > 0 {
		writeAssembleReport(stderr, diags, *lang)
		return 1
	}
	verified := time.Since(start)
	// The render cache's manifest describes the folder a build published; once assemble replaces
	// it, the next build must not take pages from it as that build's (OpenCache drops it).
	if _, err := site.OpenCache(filepath.Join(*root, ".gongkai-cache"), "", *out); err != nil {
		fmt.Fprintf(stderr, "合并失败，已发布的网站未改动 / assemble failed, the published site was not changed: %v\n", err)
		return 1
	}
	copied := 0
	err := publish.Dir(*out, func(staging string) error {
		var err error
		if copied, err = set.Merge(staging); err != nil {
			return err
		}
		return site.WriteSitemap(staging, set.Key.BaseURL, set.Pages, set.Lastmod)
	})
	if err != nil {
		fmt.Fprintf(stderr, "合并失败，已发布的网站未改动 / assemble failed, the published site was not changed: %v\n", err)
		return 1
	}
	how := "硬链接 hard-linked"
	if copied > 0 {
		how = fmt.Sprintf("复制 %d 个 copied %d (other filesystem)", copied, copied)
	}
	fmt.Fprintf(stdout, "合并 %d 个分片：%d 个文件，%.1f MB（%s）→ %s，校验 %.1f s，总计 %.1f s\n",
		set.N, set.Files(), float64(set.Bytes())/1e6, how, *out, verified.Seconds(), time.Since(start).Seconds())
	fmt.Fprintf(stdout, "assembled %d shards: %d files, %.1f MB → %s, verified in %.1f s, total %.1f s\n",
		set.N, set.Files(), float64(set.Bytes())/1e6, *out, verified.Seconds(), time.Since(start).Seconds())
	return 0
}

// writeAssembleReport prints every problem of the shard set, then that nothing was published.
func writeAssembleReport(w io.Writer, diags diag.List, lang string) {
	diag.WriteText(w, diags, lang)
	if lang == "en" {
		fmt.Fprintln(w, "assemble stopped; the published site was not changed")
	} else {
		fmt.Fprintln(w, "合并已停止，已发布的网站未改动")
	}
}
