// Package site renders the public disclosure website with Hugo, used as a library.
//
// The records become Hugo content files generated in memory (see Pages): JSON front matter that
// carries exactly what each layout shows, already formatted. They are layered over the site root
// with an overlay filesystem, so layouts/, content/, i18n/ and assets/ come from disk and a
// department can override any template the way Hugo users override a theme. Hugo never sees the
// YAML under data/.
package site

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// Options configure a Renderer.
type Options struct {
	// BaseURL is the absolute URL the site is published at; empty means data/site.yaml's
	// base_url, and failing that "/".
	BaseURL string
	// Stdout and Stderr receive Hugo's own messages; nil discards them.
	Stdout, Stderr io.Writer
}

// Renderer turns datasets into sites.
type Renderer struct {
	root string
	opts Options
}

// New returns a renderer for the site rooted at root (the folder holding data/ and layouts/).
func New(root string, opts Options) (*Renderer, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if !dirExists(filepath.Join(abs, "layouts")) {
		return nil, fmt.Errorf("site: %s has no layouts/ folder / 站点根目录缺少 layouts/", abs)
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	return &Renderer{root: abs, opts: opts}, nil
}

// Summary says what a build produced.
type Summary struct {
	Pages    int                        // HTML files written (both languages, pagers included)
	Files    int                        // generated content files
	Projects int                        // projects with at least one published stage
	Notices  map[records.NoticeKind]int // published notices by kind
	Findings int
	Elapsed  time.Duration // the whole build, as the caller measures it
	Generate time.Duration // generating the content files (Pages), part by part
	Render   time.Duration // Hugo, shard by shard
	Export   time.Duration // the open data, when the caller writes it (package export)
	Cache    *CacheStats   // how the render cache was used; nil without one
}

// String is the one-line build summary, Chinese then English.
func (s Summary) String() string {
	var b strings.Builder
	total := 0
	var kinds []string
	for _, k := range records.NoticeKinds {
		total += s.Notices[k]
		kinds = append(kinds, fmt.Sprintf("%s %d", k.Chinese(), s.Notices[k]))
	}
	fmt.Fprintf(&b, "页面 %d 个，项目 %d 个，公告 %d 条（%s），合规问题 %d 个，用时 %.1f 秒\n",
		s.Pages, s.Projects, total, strings.Join(kinds, "，"), s.Findings, s.Elapsed.Seconds())
	fmt.Fprintf(&b, "%d pages, %d projects, %d notices, %d findings, %.1f s (generate %.1f s, Hugo %.1f s, open data %.1f s)\n",
		s.Pages, s.Projects, total, s.Findings, s.Elapsed.Seconds(), s.Generate.Seconds(), s.Render.Seconds(), s.Export.Seconds())
	if c := s.Cache; c != nil && c.Used {
		fmt.Fprintf(&b, "渲染缓存：重新渲染 %d 个内容文件，沿用 %d 个文件（硬链接 %d 个），重新生成 %d 个项目，沿用 %d 个项目的 OCDS / render cache: %d content files rendered, %d files reused (%d hard-linked), %d projects generated again, %d projects' OCDS reused\n",
			c.Rendered, c.Reused, c.Linked, c.Projects, c.OpenData, c.Rendered, c.Reused, c.Linked, c.Projects, c.OpenData)
		if c.Spare {
			b.WriteString("备用树已就地更新后换入 / the spare tree was brought up to date in place and swapped in\n")
		}
	} else if c != nil {
		fmt.Fprintf(&b, "渲染缓存未用，全部渲染 / render cache not used (%s): every page rendered\n", c.Reason)
	}
	return b.String()
}

// BaseURL is the URL the site will be built for.
func (r *Renderer) BaseURL(ds *records.Dataset) string {
	u := r.opts.BaseURL
	if u == "" && ds.Site != nil {
		u = ds.Site.BaseURL
	}
	if u == "" {
		u = "/"
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// Build renders every page of ds into outDir, which must be empty or absent. It does not write
// the open data (package export) and does not swap anything into place (package publish).
func (r *Renderer) Build(ds *records.Dataset, outDir string) (Summary, error) {
	return r.BuildAlongside(ds, outDir, nil)
}

// BuildAlongside is Build, running alongside(outDir) concurrently with Hugo's render; its time is
// Summary.Export. The build command writes the open data this way: Hugo leaves most of a core
// idle, and the two write disjoint files (Hugo writes only data/index.html under data/, the open
// data only the folders data/ocds, data/csv, data/feeds and data/schema). alongside must only
// read ds and write nothing Hugo writes. Build returns only after it has finished, whatever
// failed.
func (r *Renderer) BuildAlongside(ds *records.Dataset, outDir string, alongside func(outDir string) error) (Summary, error) {
	return r.buildWith(ds, outDir, alongside, func(out string) (renderStats, error) {
		return r.renderSite(ds, out, r.BaseURL(ds), nil)
	})
}

// buildWith is BuildAlongside rendering with render (all pages, or only the changed ones).
func (r *Renderer) buildWith(ds *records.Dataset, outDir string, alongside func(outDir string) error, render func(out string) (renderStats, error)) (Summary, error) {
	start := time.Now()
	if ds == nil {
		return Summary{}, errors.New("site: no dataset")
	}
	out, err := filepath.Abs(outDir)
	if err != nil {
		return Summary{}, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return Summary{}, err
	}
	var (
		alongErr  error
		alongTime time.Duration
		done      = make(chan struct{})
	)
	go func() {
		defer close(done)
		if alongside != nil {
			t := time.Now()
			alongErr = alongside(out)
			alongTime = time.Since(t)
		}
	}()
	st, err := render(out)
	// The caller may delete out on failure: nothing may still be writing into it.
	<-done
	if err != nil {
		return Summary{}, err
	}
	if alongErr != nil {
		return Summary{}, alongErr
	}
	s := Stats(ds)
	s.Pages, s.Files, s.Elapsed = st.pages, st.files, time.Since(start)
	s.Generate, s.Render, s.Export = st.generate, st.render, alongTime
	return s, nil
}

// Config is the Hugo configuration (TOML) for ds, with the generated pages read from
// contentDir. The perf baseline writes Pages(ds) to disk and builds with this same config.
func (r *Renderer) Config(ds *records.Dataset, contentDir string) string {
	return r.config(ds, contentDir, false)
}

// config is Config for the core (shard false) or for the other shards (see shard.go).
func (r *Renderer) config(ds *records.Dataset, contentDir string, shard bool) string {
	title := ""
	if ds.Site != nil {
		title = ds.Site.Title
	}
	return hugoConfig(r.root, r.BaseURL(ds), title, contentDir, paramsOf(ds.Site), shard)
}

// Stats counts what ds publishes as of ds.AsOf.
func Stats(ds *records.Dataset) Summary {
	s := Summary{Notices: map[records.NoticeKind]int{}, Findings: len(ds.Findings)}
	for _, p := range ds.Projects {
		ns := p.Notices(ds.AsOf)
		if len(ns) > 0 {
			s.Projects++
		}
		for _, n := range ns {
			s.Notices[n.Kind]++
		}
	}
	return s
}

// copyAttachments publishes the documents that visible stages link to, and only those: a
// contract published after the build date keeps its text private until then.
func copyAttachments(ds *records.Dataset, out string) error {
	return copyAttachmentsOf(ds, ds.Projects, out)
}

// copyAttachmentsOf is copyAttachments for the projects ps only (a partition's).
func copyAttachmentsOf(ds *records.Dataset, ps []*records.Project, out string) error {
	base := filepath.Join(ds.Root, "data", "attachments")
	seen := map[string]bool{}
	var paths []string
	for _, p := range ps {
		for _, n := range p.Notices(ds.AsOf) {
			switch {
			case n.Kind == records.KindCall:
				for _, d := range p.Call.Documents {
					paths = append(paths, d.Path)
				}
			case n.Kind == records.KindContract && p.Contract.Document != nil:
				paths = append(paths, p.Contract.Document.Path)
			}
		}
	}
	for _, rel := range paths {
		if seen[rel] {
			continue
		}
		seen[rel] = true
		// The loader already refuses paths that leave data/attachments/; check again, since
		// this is where a mistake would publish an arbitrary file.
		clean := filepath.Clean(filepath.FromSlash(rel))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("site: attachment path %q leaves data/attachments/", rel)
		}
		src := filepath.Join(base, clean)
		dst := filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(links.Attachment(filepath.ToSlash(clean)), "/")))
		if err := copyFile(src, dst); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // the loader reports missing attachments; the link simply stays dead
			}
			return fmt.Errorf("site: attachment: %w", err)
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	o, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(o, in); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}
