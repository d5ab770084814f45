package site

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bep/logg"
	"github.com/bep/overlayfs"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// Live is the preview server's renderer. It shows an edit in two steps, because Hugo's partial
// rebuild does not scale to this site: at 1,000 projects, working out which of the ~28,000 page
// outputs depend on one changed content file takes Hugo 1–3 s on its own, and re-assembling the
// page tree another 0.6 s, both growing with the site (hugolib: resolveAndClearStateForIdentities,
// assemble) — at 10,000 projects tens of seconds before anything is rendered.
//
//   - Quick renders just the edited projects' own pages (the project page and its notices, in
//     both languages) with a small throw-away Hugo site holding only those pages and the home
//     page, and puts them in an overlay folder that the server consults first. Those pages depend
//     on nothing but the project, the records it names and the site settings, so they come out
//     exactly as the full site renders them (TestLiveEdit compares them byte for byte; a layout
//     that made a project page range over other pages would break this). It takes 60–80 ms of
//     Hugo at 10,000 projects as at 40.
//   - Settle brings the one long-lived Hugo site (watch mode) up to date: it regenerates every
//     content file, gives Hugo the ones whose content changed, and lets Hugo re-render what
//     depends on them (lists, facet pages, the home page). Then the overlay entries it has caught
//     up with are dropped. Settle is slow at scale and is meant to run in the background; Quick
//     may run while it does.
//
// Data versions tie the two together: the caller numbers its datasets, and an overlay page of
// version v is dropped only by a Full or Settle of version v or later, so a Settle that started
// before an edit never hides it.
//
// Full, Settle and Close must not run concurrently with each other; Quick, Dir and Overlay may
// run concurrently with any of them.
type Live struct {
	r    *Renderer
	base string // parent of the output folders

	// Owned by Full/Settle (one at a time).
	h       *hugolib.HugoSites
	dest    *countFs // Hugo's output, counting the pages each step writes
	config  string
	seed    maphash.Seed
	hashes  map[string]uint64 // generated content path → hash of what Hugo has
	settled int               // data version Hugo has; -1: none
	heap    uint64            // live heap after the last full build, to notice growth
	gen     int               // output folders made so far

	mu      sync.Mutex
	out     string         // the current output folder
	home    []byte         // the home page's content file as Hugo has it (Quick needs it)
	overlay map[string]int // file under Overlay() → data version it shows
	quick   int            // Quick renders so far, to name their temp files
}

// LiveStats says what one step did.
type LiveStats struct {
	Full      bool          // a fresh Hugo site was built
	Changed   int           // generated content files given to Hugo
	Sources   int           // changed layout/content/i18n/assets files given to Hugo
	Generate  time.Duration // generating and comparing content files
	Hugo      time.Duration // Hugo's (partial) build
	Written   int           // HTML pages Hugo wrote
	OutputDir string
}

// Beyond this many changed files a fresh full build is faster than Hugo's partial rebuild
// (measured: hugo-notes.md, "Incremental rebuilds").
const maxPartial = 25

// Live returns a live renderer that writes into fresh folders under outBase (one per full build,
// so no stale page survives one). Dir names the current folder.
func (r *Renderer) Live(outBase string) *Live {
	return &Live{r: r, base: outBase, seed: maphash.MakeSeed(), hashes: map[string]uint64{},
		settled: -1, overlay: map[string]int{}}
}

// Dir is the folder holding the last rendered site.
func (l *Live) Dir() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.out
}

// Overlay is the folder of pages Quick rendered that Dir does not show yet; a file there takes
// precedence over the same file in Dir.
func (l *Live) Overlay() string { return filepath.Join(l.base, "overlay") }

// Close releases Hugo's resources.
func (l *Live) Close() error {
	if l.h != nil {
		l.h.Close()
		l.h = nil
	}
	return nil
}

// Full renders every page of ds, the caller's data version given, with a fresh Hugo site into a
// fresh folder.
func (l *Live) Full(ds *records.Dataset, version int) (LiveStats, error) {
	st := LiveStats{Full: true}
	t0 := time.Now()
	files := Pages(ds)
	cfg := l.r.Config(ds, genRoot+"/content")
	if err := writeMem(l.r.mem, cfg, files); err != nil {
		return st, fmt.Errorf("site: %w", err)
	}
	clear(l.hashes)
	var home []byte
	for _, f := range files {
		l.hashes[f.Path] = maphash.Bytes(l.seed, f.Data)
		if f.Path == "_index.md" {
			home = f.Data
		}
	}
	st.Generate = time.Since(t0)
	st.Changed = len(files)

	t1 := time.Now()
	l.Close()
	l.gen++
	out := filepath.Join(l.base, fmt.Sprintf("site-%d", l.gen))
	if err := os.RemoveAll(out); err != nil {
		return st, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return st, err
	}
	l.dest = &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out)}
	h, err := newSites(l.r, l.r.mem, l.dest, true)
	if err == nil {
		err = h.Build(hugolib.BuildCfg{})
	}
	if err != nil {
		if h != nil {
			h.Close()
		}
		os.RemoveAll(out)
		l.config, l.settled = "", -1 // force the next step to be a full one again
		return st, fmt.Errorf("site: hugo: %w", err)
	}
	if err := copyAttachments(ds, out); err != nil {
		return st, err
	}
	st.Hugo = time.Since(t1)
	st.Written = l.dest.count()
	l.h, l.config, l.settled = h, cfg, version
	st.OutputDir = out
	l.mu.Lock()
	old := l.out
	l.out, l.home = out, home
	l.mu.Unlock()
	l.caughtUp(version)
	if old != "" {
		os.RemoveAll(old)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	l.heap = ms.HeapAlloc
	return st, nil
}

// Settle brings every page up to date with ds (of the given data version) and the changed
// source files (absolute paths under layouts/, content/, i18n/, assets/): it regenerates all
// content files and rebuilds those whose content differs from what Hugo has (and removes pages
// that are gone). It reports Changed+Sources == 0 when there was nothing to do.
func (l *Live) Settle(ds *records.Dataset, version int, sources []string) (LiveStats, error) {
	if l.needFull(ds) {
		return l.Full(ds, version)
	}
	if l.settled == version && len(sources) == 0 {
		return LiveStats{OutputDir: l.Dir()}, nil
	}
	t0 := time.Now()
	files := Pages(ds)
	present := make(map[string]bool, len(files))
	var home []byte
	for _, f := range files {
		present[f.Path] = true
		if f.Path == "_index.md" {
			home = f.Data
		}
	}
	var removed []string
	for p := range l.hashes {
		if !present[p] {
			removed = append(removed, p)
		}
	}
	slices.Sort(removed)
	st, err := l.apply(files, removed, sources, t0)
	if errors.Is(err, errFullNeeded) {
		return l.Full(ds, version)
	}
	if err != nil {
		return st, err
	}
	l.settled = version
	l.mu.Lock()
	l.home = home
	l.mu.Unlock()
	l.caughtUp(version)
	return st, nil
}

// needFull says whether only a fresh site will do: none yet, another configuration (base URL,
// title, a new content folder), or Hugo's memory grown well past what a fresh site needs
// (partial rebuilds accumulate state; hugo-notes.md measured 0.5 → 1.5 GB over 9 rebuilds).
func (l *Live) needFull(ds *records.Dataset) bool {
	if l.h == nil || l.r.Config(ds, genRoot+"/content") != l.config {
		return true
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return l.heap > 0 && ms.HeapAlloc > 3*l.heap
}

// apply writes the files whose hash changed into the memory layer, removes removed ones, and
// runs Hugo's partial rebuild with them and the changed sources — or asks for a full build when
// that is cheaper.
func (l *Live) apply(files []File, removed, sources []string, t0 time.Time) (LiveStats, error) {
	st := LiveStats{OutputDir: l.Dir()}
	var events []fsnotify.Event
	var changed []File
	for _, f := range files {
		h := maphash.Bytes(l.seed, f.Data)
		if old, ok := l.hashes[f.Path]; ok && old == h {
			continue
		}
		changed = append(changed, f)
	}
	st.Generate = time.Since(t0)
	for _, s := range sources {
		events = append(events, fsnotify.Event{Name: s, Op: fsnotify.Write})
	}
	st.Changed, st.Sources = len(changed)+len(removed), len(sources)
	if st.Changed+st.Sources == 0 {
		return st, nil
	}
	if st.Changed+st.Sources > maxPartial {
		l.config = "" // Full regenerates everything anyway
		return LiveStats{}, errFullNeeded
	}
	for _, f := range changed {
		p := genRoot + "/content/" + f.Path
		op := fsnotify.Write
		if _, ok := l.hashes[f.Path]; !ok {
			op = fsnotify.Create
			if err := l.r.mem.MkdirAll(p[:strings.LastIndexByte(p, '/')], 0o755); err != nil {
				return st, err
			}
		}
		if err := afero.WriteFile(l.r.mem, p, f.Data, 0o644); err != nil {
			return st, err
		}
		l.hashes[f.Path] = maphash.Bytes(l.seed, f.Data)
		events = append(events, fsnotify.Event{Name: p, Op: op})
	}
	for _, r := range removed {
		p := genRoot + "/content/" + r
		if err := l.r.mem.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return st, err
		}
		delete(l.hashes, r)
		events = append(events, fsnotify.Event{Name: p, Op: fsnotify.Remove})
		// Hugo never deletes output; a withdrawn notice must not stay reachable.
		for _, f := range outputFiles(r) {
			os.Remove(filepath.Join(st.OutputDir, filepath.FromSlash(f)))
		}
	}
	t1 := time.Now()
	l.dest.pages.Clear()
	if err := l.h.Build(hugolib.BuildCfg{}, events...); err != nil {
		l.config = "" // Hugo's state is unknown now: start afresh next time
		return st, fmt.Errorf("site: hugo: %w", err)
	}
	st.Hugo = time.Since(t1)
	st.Written = l.dest.count()
	return st, nil
}

// outputFiles are the HTML files, in both languages, of a generated leaf page's content path
// ("projects/X.md" → projects/X/index.html, en/projects/X/index.html). Sections ("_index.md")
// have pagers too and are left alone: they never go away by a single edit.
func outputFiles(contentPath string) []string {
	if strings.HasSuffix(contentPath, "_index.md") || !strings.HasSuffix(contentPath, ".md") {
		return nil
	}
	p := strings.TrimSuffix(contentPath, ".md") + "/index.html"
	return []string{p, "en/" + p}
}

// errFullNeeded tells Settle that a full build is cheaper; it retries with one.
var errFullNeeded = errors.New("site: full build needed")

// caughtUp drops the overlay pages that Hugo's site now shows: those of version or older.
func (l *Live) caughtUp(version int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for f, g := range l.overlay {
		if g <= version {
			os.Remove(filepath.Join(l.Overlay(), filepath.FromSlash(f)))
			delete(l.overlay, f)
		}
	}
}

// Quick renders the own pages of the named projects as of ds (of the given data version) into
// the overlay: the project page and its notices, in both languages. Projects that are gone or
// not public yet are skipped (Settle removes their pages). It needs a Full first, for the home
// page.
func (l *Live) Quick(ds *records.Dataset, version int, projects []string) (LiveStats, error) {
	t0 := time.Now()
	var st LiveStats
	g := &gen{ds: ds, asOf: ds.AsOf, byKind: map[records.NoticeKind][]records.Notice{}, findings: map[string][]records.Finding{}}
	for _, f := range ds.Findings {
		if slices.Contains(projects, f.Project) {
			g.findings[f.Project] = append(g.findings[f.Project], f)
		}
	}
	var pages []string // output files wanted, relative to the site root
	for _, id := range projects {
		p := ds.Index.Project[id]
		if p == nil {
			continue
		}
		ns := p.Notices(ds.AsOf)
		if len(ns) == 0 {
			continue
		}
		g.project(p)
		urls := []string{links.Project(p.ID)}
		for _, n := range ns {
			urls = append(urls, links.Notice(n))
		}
		for _, u := range urls {
			f := strings.TrimPrefix(u, "/") + "index.html"
			pages = append(pages, f, "en/"+f)
		}
	}
	l.mu.Lock()
	home := l.home
	l.mu.Unlock()
	if len(pages) == 0 || home == nil {
		return st, nil
	}
	// Footers and print headers read the site's publisher from the home page's parameters; the
	// one Hugo has is as good as a new one (site.yaml changes go through Settle).
	files := append(g.files, File{Path: "_index.md", Data: home})
	mem := afero.NewMemMapFs()
	if err := writeMem(mem, quickConfig(l.r.Config(ds, genRoot+"/content")), files); err != nil {
		return st, fmt.Errorf("site: %w", err)
	}
	st.Generate = time.Since(t0)
	st.Changed = len(files)

	t1 := time.Now()
	out := afero.NewMemMapFs()
	h, err := newSites(l.r, mem, out, false)
	if err == nil {
		err = h.Build(hugolib.BuildCfg{})
		h.Close()
	}
	if err != nil {
		return st, fmt.Errorf("site: hugo: %w", err)
	}
	st.Hugo = time.Since(t1)

	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range pages {
		b, err := afero.ReadFile(out, "/"+f)
		if err != nil {
			return st, fmt.Errorf("site: quick render: %s was not rendered: %w", f, err)
		}
		// Beside and rename: the server may be reading the old version right now.
		dst := filepath.Join(l.Overlay(), filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return st, err
		}
		l.quick++
		tmp := filepath.Join(filepath.Dir(dst), fmt.Sprintf(".quick-%d", l.quick))
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return st, err
		}
		if err := os.Rename(tmp, dst); err != nil {
			os.Remove(tmp)
			return st, err
		}
		l.overlay[f] = version
		st.Written++
	}
	st.OutputDir = l.Overlay()
	return st, nil
}

// quickConfig is the site configuration for Quick's small site: the same, minus the page kinds
// it does not need (the taxonomy pages would only list the few notices it holds).
func quickConfig(cfg string) string {
	return strings.Replace(cfg, `disableKinds = ["rss"]`,
		`disableKinds = ["rss", "taxonomy", "term", "sitemap", "robotstxt", "404"]`, 1)
}

// newSites wires a HugoSites over the generated pages in mem and the site root, writing into
// dest. With watch, Build may be called again with the changed files (hugo-notes.md: the flag is
// internal.watch; a plain watch is ignored).
func newSites(r *Renderer, mem afero.Fs, dest afero.Fs, watch bool) (*hugolib.HugoSites, error) {
	src := overlayfs.New(overlayfs.Options{Fss: []afero.Fs{mem, afero.NewReadOnlyFs(afero.NewOsFs())}, FirstWritable: true})
	flags := config.New()
	flags.Set("workingDir", r.root)
	flags.Set("publishDir", "/")
	flags.Set("noBuildLock", true)
	flags.Set("cacheDir", filepath.Join(genRoot, "cache"))
	if watch {
		flags.Set("internal", hmaps.Params{"watch": true})
	}
	level := logg.LevelWarn
	var stdout, stderr io.Writer = r.opts.Stdout, r.opts.Stderr
	if os.Getenv("GONGKAI_HUGO_INFO") != "" { // Hugo's own step timings, for profiling the preview
		level, stdout, stderr = logg.LevelInfo, os.Stderr, os.Stderr
	}
	logger := loggers.New(loggers.Options{Level: level, StdOut: stdout, StdErr: stderr})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs: src, Flags: flags, Filename: genRoot + "/hugo.toml", Environment: "production", Logger: logger,
	})
	if err != nil {
		return nil, err
	}
	fs := hugofs.NewFromSourceAndDestination(src, dest, configs.LoadingInfo.Cfg)
	return hugolib.NewHugoSites(deps.DepsCfg{Fs: fs, Configs: configs, StdOut: stdout, StdErr: stderr, LogLevel: level})
}

// sectionDate is the date every section page (and the home page) carries: the newest
// publication date of any visible notice. Without a date of its own Hugo aggregates one from
// the section's pages, and in watch mode it resets and re-aggregates it on every rebuild and then
// counts the section as changed — and with the home page changed every page that shows the
// footer is rendered again (hugolib/content_map_page_assembler.go, applyAggregates). An explicit
// date keeps a one-page edit to that page.
func (g *gen) sectionDate() string {
	var newest records.Date
	for _, ns := range g.byKind {
		if len(ns) > 0 && ns[0].Published.After(newest) { // byKind is sorted newest first
			newest = ns[0].Published
		}
	}
	if newest.IsZero() {
		newest = g.asOf
	}
	if newest.IsZero() {
		return ""
	}
	return newest.String()
}
