package site

import (
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
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

	"github.com/gongkai/gongkai/generator/records"
)

// Live is the preview server's renderer: one Hugo site kept in watch mode across builds, fed only
// the generated pages whose content changed, through Hugo's partial rebuild.
//
// An edit to one project is shown in two steps. Update regenerates just that project's own pages
// (its timeline and its notices: they depend on nothing but the project and the records it
// names) and the home page, so the edit is on screen within a second even at 10,000 projects.
// Settle then regenerates every page, compares it with what Hugo has, and rebuilds the overview
// pages that changed (lists, body, provider and budget pages) — seconds at that size, which is
// why it comes second.
//
// A Live is not safe for concurrent use.
type Live struct {
	r       *Renderer
	base    string // parent of the output folders
	out     string // the current output folder
	gen     int    // output folders made so far
	h       *hugolib.HugoSites
	config  string
	seed    maphash.Seed
	hashes  map[string]uint64 // generated content path → hash of what Hugo has
	settled bool              // hashes reflect every page of the last dataset
	heap    uint64            // live heap after the last full build, to notice growth
}

// LiveStats says what one step did.
type LiveStats struct {
	Full      bool          // a fresh Hugo site was built
	Changed   int           // generated content files given to Hugo
	Sources   int           // changed layout/content/i18n/assets files given to Hugo
	Generate  time.Duration // generating and comparing content files
	Hugo      time.Duration // Hugo's (partial) build
	OutputDir string
}

// Beyond this many changed files a fresh full build is faster than Hugo's partial rebuild
// (measured: hugo-notes.md, "Incremental rebuilds").
const maxPartial = 25

// Live returns a live renderer that writes into fresh folders under outBase (one per full build,
// so no stale page survives one). Dir names the current folder.
func (r *Renderer) Live(outBase string) *Live {
	return &Live{r: r, base: outBase, seed: maphash.MakeSeed(), hashes: map[string]uint64{}}
}

// Dir is the folder holding the last rendered site.
func (l *Live) Dir() string { return l.out }

// Close releases Hugo's resources.
func (l *Live) Close() error {
	if l.h != nil {
		l.h.Close()
		l.h = nil
	}
	return nil
}

// Full renders every page of ds with a fresh Hugo site into a fresh folder.
func (l *Live) Full(ds *records.Dataset) (LiveStats, error) {
	st := LiveStats{Full: true}
	t0 := time.Now()
	files := Pages(ds)
	cfg := l.r.Config(ds, genRoot+"/content")
	if err := writeMem(l.r.mem, cfg, files); err != nil {
		return st, fmt.Errorf("site: %w", err)
	}
	clear(l.hashes)
	for _, f := range files {
		l.hashes[f.Path] = maphash.Bytes(l.seed, f.Data)
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
	h, err := l.newHugo(out)
	if err == nil {
		err = h.Build(hugolib.BuildCfg{})
	}
	if err != nil {
		if h != nil {
			h.Close()
		}
		os.RemoveAll(out)
		l.config, l.settled = "", false // force the next step to be a full one again
		return st, fmt.Errorf("site: hugo: %w", err)
	}
	if err := copyAttachments(ds, out); err != nil {
		return st, err
	}
	st.Hugo = time.Since(t1)
	old := l.out
	l.h, l.out, l.config, l.settled = h, out, cfg, true
	st.OutputDir = out
	if old != "" {
		os.RemoveAll(old)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	l.heap = ms.HeapAlloc
	return st, nil
}

// Update shows an edit quickly: it regenerates the pages of the named projects (and the home
// page) and gives Hugo those whose content changed, plus the changed source files (absolute
// paths under layouts/, content/, i18n/, assets/). Call Settle afterwards for the rest.
func (l *Live) Update(ds *records.Dataset, projects []string, sources []string) (LiveStats, error) {
	if l.needFull(ds) {
		return l.Full(ds)
	}
	t0 := time.Now()
	g := &gen{ds: ds, asOf: ds.AsOf, byKind: map[records.NoticeKind][]records.Notice{}, findings: map[string][]records.Finding{}}
	for _, f := range ds.Findings {
		if slices.Contains(projects, f.Project) {
			g.findings[f.Project] = append(g.findings[f.Project], f)
		}
	}
	var gone []string
	for _, id := range projects {
		p := ds.Index.Project[id]
		if p == nil || len(p.Notices(ds.AsOf)) == 0 {
			gone = append(gone, id) // removed or not yet public: its pages go in Settle
			continue
		}
		g.project(p)
	}
	// Not even the home page here: its summaries need a pass over every project (newGen),
	// which alone costs about half a second at 10,000 projects. Settle brings it up to date.
	l.settled = false
	st, err := l.apply(g.files, nil, sources, t0)
	if errors.Is(err, errFullNeeded) {
		return l.Full(ds)
	}
	if err != nil || len(gone) == 0 {
		return st, err
	}
	return l.Settle(ds) // removals cannot wait: the project's pages must disappear
}

// Settle brings every page up to date with ds: it regenerates all pages, and rebuilds those whose
// content differs from what Hugo has (and removes pages that are gone). It reports Changed == 0
// when there was nothing left to do.
func (l *Live) Settle(ds *records.Dataset) (LiveStats, error) {
	if l.needFull(ds) {
		return l.Full(ds)
	}
	if l.settled {
		return LiveStats{OutputDir: l.out}, nil
	}
	t0 := time.Now()
	files := Pages(ds)
	present := make(map[string]bool, len(files))
	for _, f := range files {
		present[f.Path] = true
	}
	var removed []string
	for p := range l.hashes {
		if !present[p] {
			removed = append(removed, p)
		}
	}
	slices.Sort(removed)
	st, err := l.apply(files, removed, nil, t0)
	if errors.Is(err, errFullNeeded) {
		return l.Full(ds)
	}
	if err == nil {
		l.settled = true
	}
	return st, err
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
// runs Hugo's partial rebuild with them and the changed sources — or a full build when that is
// cheaper.
func (l *Live) apply(files []File, removed, sources []string, t0 time.Time) (LiveStats, error) {
	st := LiveStats{OutputDir: l.out}
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
	}
	t1 := time.Now()
	if err := l.h.Build(hugolib.BuildCfg{}, events...); err != nil {
		l.config = "" // Hugo's state is unknown now: start afresh next time
		return st, fmt.Errorf("site: hugo: %w", err)
	}
	st.Hugo = time.Since(t1)
	return st, nil
}

// errFullNeeded tells the caller (Update, Settle) that a full build is cheaper; they retry.
var errFullNeeded = errors.New("site: full build needed")

// newHugo is hugoBuild's wiring with Hugo's watch mode on, so that Build may be called again
// with the changed files (hugo-notes.md: the flag is internal.watch; a plain watch is ignored).
func (l *Live) newHugo(out string) (*hugolib.HugoSites, error) {
	r := l.r
	src := overlayfs.New(overlayfs.Options{Fss: []afero.Fs{r.mem, afero.NewReadOnlyFs(afero.NewOsFs())}, FirstWritable: true})
	flags := config.New()
	flags.Set("workingDir", r.root)
	flags.Set("publishDir", "/")
	flags.Set("noBuildLock", true)
	flags.Set("cacheDir", filepath.Join(genRoot, "cache"))
	flags.Set("internal", hmaps.Params{"watch": true})
	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: r.opts.Stdout, StdErr: r.opts.Stderr})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs: src, Flags: flags, Filename: genRoot + "/hugo.toml", Environment: "production", Logger: logger,
	})
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	dest := afero.NewBasePathFs(afero.NewOsFs(), out)
	fs := hugofs.NewFromSourceAndDestination(src, dest, configs.LoadingInfo.Cfg)
	return hugolib.NewHugoSites(deps.DepsCfg{Fs: fs, Configs: configs, StdOut: r.opts.Stdout, StdErr: r.opts.Stderr, LogLevel: logg.LevelWarn})
}
