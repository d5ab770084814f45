package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// A site of 10,000 projects is some 140,000 HTML pages, and one Hugo site holding them all needs
// ~7 GB (bare Hugo with the same pages ~5 GB), growing with every project. Since every generated
// page carries what it shows (the lists are paginated by Pages), no page needs the others, and
// the pages can be rendered by a series of small Hugo sites — shards — one after another. Memory
// is then bounded by the shard size, not by the size of the site, and the output is byte for
// byte what one big site would write (the perf baseline checks this on every benchmark run).

// A shard holds at most shardFiles content files (each rendered in both languages) and
// shardBytes of front matter: Hugo keeps every page's parsed front matter and source in memory,
// some five times the bytes, and the list pages are large (30 rows each). At these sizes a shard
// needs a few hundred MB, and its fixed cost (a new Hugo site, the templates parsed again) stays
// a few per cent of its render time. Variables, so that tests can make many shards of the sample.
var (
	shardFiles = 6000
	shardBytes = 32 << 20
)

// shard is the content one Hugo site renders, as indexes into the files given to shards. The
// core shard holds the section pages (and the home page), which need Hugo's section kinds and
// the hand-written content; the others render regular pages only.
type shard struct {
	core  bool
	files []int
}

// shards groups the non-static files into shards within the limits above (a unit larger than
// that gets a shard of its own); the core, if any file of it is present, comes first. The
// grouping follows the files' order, so it is deterministic.
func shards(files []File) []shard {
	var core []int
	var units [][]int
	at := map[string]int{}
	for i, f := range files {
		switch {
		case f.Static:
		case f.Unit == "":
			core = append(core, i)
		default:
			u, ok := at[f.Unit]
			if !ok {
				u = len(units)
				at[f.Unit] = u
				units = append(units, nil)
			}
			units[u] = append(units[u], i)
		}
	}
	size := func(idx []int) int {
		n := 0
		for _, i := range idx {
			n += len(files[i].Data)
		}
		return n
	}
	var out []shard
	cur := shard{core: len(core) > 0, files: core}
	bytes := size(core)
	for _, u := range units {
		ub := size(u)
		if len(cur.files) > 0 && (len(cur.files)+len(u) > shardFiles || bytes+ub > shardBytes) {
			out = append(out, cur)
			cur, bytes = shard{}, 0
		}
		cur.files = append(cur.files, u...)
		bytes += ub
	}
	if len(cur.files) > 0 {
		out = append(out, cur)
	}
	return out
}

// render renders files into dest — one Hugo site per shard, each dropped before the next
// starts — and writes the static files. dest counts what was written. It consumes files: the
// content of each is let go once it is handed to Hugo.
func (r *Renderer) render(files []File, cfg func(shard bool) string, dest *countFs) error {
	for _, f := range files {
		if f.Static {
			if err := writeFile(dest, "/"+f.Path, f.Data); err != nil {
				return err
			}
		}
	}
	for _, sh := range shards(files) {
		part := make([]File, len(sh.files))
		for j, i := range sh.files {
			part[j] = files[i]
			files[i].Data = nil
		}
		mem := afero.NewMemMapFs()
		if err := writeMem(mem, cfg(!sh.core), part); err != nil {
			return err
		}
		if err := hugoBuild(r.root, mem, dest, r.opts.Stdout, r.opts.Stderr); err != nil {
			return err
		}
	}
	return nil
}

// renderStats says what renderSite did.
type renderStats struct {
	files, pages     int      // content files generated, HTML pages written
	outputs          []string // every file the render wrote (/slash/path), sorted
	generate, render time.Duration
}

// renderSite generates every page of ds part by part (eachPart) and renders each part into the
// folder out, then writes the sitemap (under baseURL) and copies the attachments. seen, if not nil,
// sees each part before it is rendered (render consumes the files).
func (r *Renderer) renderSite(ds *records.Dataset, out, baseURL string, seen func([]File)) (renderStats, error) {
	var st renderStats
	dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out)}
	cfg := func(shard bool) string { return r.config(ds, genRoot+"/content", shard) }
	mark := time.Now()
	lastmod := map[string]string{} // page URL (without the language prefix) → lastmod
	err := eachPart(ds, func(files []File) error {
		t := time.Now()
		st.generate += t.Sub(mark)
		st.files += len(files)
		noteLastmod(lastmod, files)
		if seen != nil {
			seen(files)
		}
		err := r.render(files, cfg, dest)
		mark = time.Now()
		st.render += mark.Sub(t)
		return err
	})
	if err != nil {
		return st, fmt.Errorf("site: hugo: %w", err)
	}
	st.pages = dest.count()
	st.outputs = dest.written()
	if err := writeSitemap(dest.Fs, baseURL, dest.names(), lastmod); err != nil {
		return st, err
	}
	return st, copyAttachments(ds, out)
}

// noteLastmod records the sitemap's lastmod of each page of files.
func noteLastmod(lastmod map[string]string, files []File) {
	for _, f := range files {
		if f.Lastmod != "" && !f.Static {
			lastmod[pageURL(f.Path)] = f.Lastmod
		}
	}
}

func writeFile(fs afero.Fs, name string, data []byte) error {
	if err := fs.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return afero.WriteFile(fs, name, data, 0o644)
}

// sitemapURLs is how many URLs one sitemap may list (sitemaps.org).
const sitemapURLs = 50000

// pageURL is the URL of the page a content file renders: projects/X.md → /projects/X/,
// notices/call/_index.md → /notices/call/, _index.md → /.
func pageURL(content string) string {
	p := strings.TrimSuffix(strings.TrimSuffix(content, ".md"), "_index")
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// writeSitemap writes the sitemap index and its sitemaps, listing every HTML page in pages (paths
// as written, e.g. /notices/call/X/index.html) but the 404 pages, sorted, under baseURL, each with
// the day it last changed where lastmod (by URL without the /en/ prefix) knows it; and robots.txt,
// which points crawlers at the sitemap.
func writeSitemap(fs afero.Fs, baseURL string, pages []string, lastmod map[string]string) error {
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
			if d := lastmod["/"+strings.TrimPrefix(strings.TrimPrefix(u, "/"), "en/")]; d != "" {
				fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>%s</lastmod></url>\n", xmlEscape(abs(u)), d)
				continue
			}
			fmt.Fprintf(&b, "<url><loc>%s</loc></url>\n", xmlEscape(abs(u)))
		}
		b.WriteString("</urlset>\n")
		if err := writeFile(fs, links.SitemapPart(n), b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(&index, "<sitemap><loc>%s</loc></sitemap>\n", xmlEscape(abs(links.SitemapPart(n))))
	}
	index.WriteString("</sitemapindex>\n")
	if err := writeFile(fs, links.Sitemap, index.Bytes()); err != nil {
		return err
	}
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + abs(links.Sitemap) + "\n"
	return writeFile(fs, links.Robots, []byte(robots))
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}
