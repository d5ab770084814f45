package site

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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

// shardsAtOnce is how many shards render at the same time. Hugo keeps both cores busy for most of
// a site's render, but not while it reads the content and assembles the pages, nor while the
// last pages finish; a second site fills those gaps. Memory is then bounded by two shards.
var shardsAtOnce = 2

// pool runs shard renders, at most shardsAtOnce at a time, and keeps the first error.
type pool struct {
	slots chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error
}

func newPool() *pool { return &pool{slots: make(chan struct{}, shardsAtOnce)} }

// start runs f once a slot is free, or returns the first error of an earlier f instead.
func (p *pool) start(f func() error) error {
	p.slots <- struct{}{}
	if err := p.failed(); err != nil {
		<-p.slots
		return err
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		err := f()
		<-p.slots
		if err != nil {
			p.mu.Lock()
			if p.err == nil {
				p.err = err
			}
			p.mu.Unlock()
		}
	}()
	return nil
}

func (p *pool) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// wait waits for every render started and returns the first error.
func (p *pool) wait() error {
	p.wg.Wait()
	return p.err
}

// render renders files into dest — one Hugo site per shard, at most shardsAtOnce at a time, each
// dropped when it is done — and writes the static files. dest counts what was written. It
// consumes files: the content of each is let go once it is handed to Hugo.
func (r *Renderer) render(files []File, cfg func(shard bool) string, dest *countFs) error {
	p := newPool()
	err := r.renderIn(p, files, cfg, dest)
	if werr := p.wait(); err == nil {
		err = werr
	}
	return err
}

// renderIn is render with the shards started in p, which the caller waits for. The shards of
// one call and of the next may render together: they write disjoint pages, and the assets every
// site writes (the stylesheet, the script) with the same bytes.
func (r *Renderer) renderIn(p *pool, files []File, cfg func(shard bool) string, dest *countFs) error {
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
		conf := cfg(!sh.core)
		err := p.start(func() error {
			mem := afero.NewMemMapFs()
			if err := writeMem(mem, conf, part); err != nil {
				return err
			}
			return hugoBuild(r.root, mem, dest, r.opts.Stdout, r.opts.Stderr)
		})
		if err != nil {
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
// sees each part before it is rendered (render consumes the files). The next part is generated
// while Hugo renders the current one (ahead).
func (r *Renderer) renderSite(ds *records.Dataset, out, baseURL string, seen func([]File)) (renderStats, error) {
	var st renderStats
	dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out)}
	cfg := func(shard bool) string { return r.config(ds, genRoot+"/content", shard) }
	lastmod := map[string]string{} // page URL (without the language prefix) → lastmod
	each := func(do func([]File) error) error { return eachPart(ds, do) }
	p := newPool()
	var first time.Time // when the first part reached Hugo
	gen, err := ahead(each, func(files []File) error {
		if first.IsZero() {
			first = time.Now()
		}
		st.files += len(files)
		noteLastmod(lastmod, files)
		if seen != nil {
			seen(files)
		}
		return r.renderIn(p, files, cfg, dest)
	})
	if werr := p.wait(); err == nil {
		err = werr
	}
	st.generate = gen
	if !first.IsZero() {
		st.render = time.Since(first)
	}
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

// ahead runs each (eachPart, or another generator of parts) one part ahead of do: while do
// renders a part, the next one is generated on another goroutine. Hugo leaves a core idle for
// part of each site's render (reading the content, assembling the pages), and generating a part
// is some tenth of the work of rendering it. Parts reach do in order, one at a time; at most one
// more waits, generated. gen is the time spent generating, not waiting. The first error of
// either side is returned, once the generator has stopped.
func ahead(each func(do func([]File) error) error, do func([]File) error) (gen time.Duration, err error) {
	parts := make(chan []File)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		defer close(parts)
		mark := time.Now()
		done <- each(func(files []File) error {
			gen += time.Since(mark)
			select {
			case parts <- files:
				mark = time.Now()
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	for files := range parts {
		if err = do(files); err != nil {
			close(stop) // no one receives any more: the generator's next hand-over stops it
			break
		}
	}
	if genErr := <-done; err == nil {
		err = genErr
	}
	return gen, err
}

// errStopped ends a generator whose parts are no longer wanted.
var errStopped = errors.New("site: generation stopped")

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
