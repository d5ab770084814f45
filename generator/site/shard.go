package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/links"
)

// A site of 10,000 projects is some 140,000 HTML pages, and one Hugo site holding them all needs
// ~7 GB (bare Hugo with the same pages ~5 GB), growing with every project. Since every generated
// page carries what it shows (the lists are paginated by Pages), no page needs the others, and
// the pages can be rendered by a series of small Hugo sites — shards — one after another. Memory
// is then bounded by the shard size, not by the size of the site, and the output is byte for
// byte what one big site would write (the perf baseline checks this on every benchmark run).

// shardFiles is how many content files (each rendered in both languages) one shard holds at
// most: at ~40 KB of Hugo memory per page, ~0.5 GB a shard, while a shard's fixed cost (a new
// Hugo site, the templates parsed again) stays a few per cent of its render time.
var shardFiles = 6000

// shard is the content one Hugo site renders. The core shard holds the section pages (and the
// home page), which need Hugo's section kinds and the hand-written content; the others render
// regular pages only.
type shard struct {
	core  bool
	files []File
}

// shards groups the non-static files into shards of at most shardFiles files (a unit larger
// than that gets a shard of its own); the core, if any file of it is present, comes first. The
// grouping follows the files' order, so it is deterministic.
func shards(files []File) []shard {
	var core []File
	var units [][]File
	at := map[string]int{}
	for _, f := range files {
		switch {
		case f.Static:
		case f.Unit == "":
			core = append(core, f)
		default:
			i, ok := at[f.Unit]
			if !ok {
				i = len(units)
				at[f.Unit] = i
				units = append(units, nil)
			}
			units[i] = append(units[i], f)
		}
	}
	var out []shard
	cur := shard{core: len(core) > 0, files: core}
	for _, u := range units {
		if len(cur.files) > 0 && len(cur.files)+len(u) > shardFiles {
			out = append(out, cur)
			cur = shard{}
		}
		cur.files = append(cur.files, u...)
	}
	if len(cur.files) > 0 {
		out = append(out, cur)
	}
	return out
}

// render renders files into dest — one Hugo site per shard, each dropped before the next
// starts — and writes the static files. dest counts what was written.
func (r *Renderer) render(files []File, cfg func(shard bool) string, dest *countFs) error {
	for _, sh := range shards(files) {
		mem := afero.NewMemMapFs()
		if err := writeMem(mem, cfg(!sh.core), sh.files); err != nil {
			return err
		}
		if err := hugoBuild(r.root, mem, dest, r.opts.Stdout, r.opts.Stderr); err != nil {
			return err
		}
	}
	for _, f := range files {
		if f.Static {
			if err := writeFile(dest, "/"+f.Path, f.Data); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeFile(fs afero.Fs, name string, data []byte) error {
	if err := fs.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return afero.WriteFile(fs, name, data, 0o644)
}

// sitemapURLs is how many URLs one sitemap may list (sitemaps.org).
const sitemapURLs = 50000

// writeSitemap writes the sitemap index and its sitemaps, listing every HTML page in pages (paths
// as written, e.g. /notices/call/X/index.html) but the 404 pages, sorted, under baseURL.
func writeSitemap(fs afero.Fs, baseURL string, pages []string) error {
	var urls []string
	for _, p := range pages {
		p = "/" + strings.TrimPrefix(filepath.ToSlash(p), "/")
		if !strings.HasSuffix(p, "/index.html") {
			continue // 404.html
		}
		urls = append(urls, strings.TrimSuffix(p, "index.html"))
	}
	slices.Sort(urls)
	abs := func(path string) string { return strings.TrimSuffix(baseURL, "/") + path }
	var index bytes.Buffer
	index.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for n := 1; len(urls) > 0 || n == 1; n++ {
		part := urls[:min(sitemapURLs, len(urls))]
		urls = urls[len(part):]
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, u := range part {
			fmt.Fprintf(&b, "<url><loc>%s</loc></url>\n", xmlEscape(abs(u)))
		}
		b.WriteString("</urlset>\n")
		if err := writeFile(fs, links.SitemapPart(n), b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(&index, "<sitemap><loc>%s</loc></sitemap>\n", xmlEscape(abs(links.SitemapPart(n))))
	}
	index.WriteString("</sitemapindex>\n")
	return writeFile(fs, links.Sitemap, index.Bytes())
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}
