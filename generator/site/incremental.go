package site

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// Live is the preview server's renderer. Every generated page carries what it shows (see
// shard.go), so an edit needs only the pages whose content files changed rendered again, by a
// small Hugo site holding just those — Hugo's own partial rebuild would first work out which of
// the site's outputs depend on the change, which takes seconds at 1,000 projects and tens of
// seconds at 10,000 (hugolib: resolveAndClearStateForIdentities), and keeps a site of every
// page in memory. It shows an edit in two steps:
//
//   - Quick renders just the edited projects' own pages (the project page and its notices, in
//     both languages) and puts them in an overlay folder that the server consults first. It costs
//     the same at 10,000 projects as at 40: it never generates the rest of the site.
//   - Settle regenerates every content file, compares them with what was rendered last, renders
//     the changed ones (lists, facet pages, the home page…) into the current folder and deletes
//     the pages that are gone. Then the overlay entries it has caught up with are dropped. It is
//     meant to run in the background; Quick may run while it does.
//
// Data versions tie the two together: the caller numbers its datasets, and an overlay page of
// version v is dropped only by a Full or Settle of version v or later, so a Settle that started
// before an edit never hides it.
//
// Full and Settle must not run concurrently with each other; Quick, Dir and Overlay may
// run concurrently with any of them.
type Live struct {
	r    *Renderer
	base string // parent of the output folders

	// Owned by Full/Settle (one at a time).
	config  string            // the configuration of the last full build
	hashes  map[string]uint64 // generated content path → hash of what the folder shows
	settled int               // data version the folder shows; -1: none
	gen     int               // output folders made so far

	mu      sync.Mutex
	out     string         // the current output folder
	overlay map[string]int // file under Overlay() → data version it shows
	quick   int            // Quick renders so far, to name their temp files
}

// LiveStats says what one step did.
type LiveStats struct {
	Full      bool          // every page was rendered, into a fresh folder
	Changed   int           // generated content files rendered or removed
	Sources   int           // changed layout/content/i18n/assets files
	Generate  time.Duration // generating and comparing content files
	Hugo      time.Duration // rendering
	Publish   time.Duration // putting Quick's pages where the server finds them
	Written   int           // HTML pages written
	OutputDir string
}

// Beyond this share of the content files changed, a fresh full build is as cheap and leaves no
// stale file behind.
const maxPartialShare = 0.5

// Live returns a live renderer that writes into fresh folders under outBase (one per full build,
// so no stale page survives one). Dir names the current folder.
func (r *Renderer) Live(outBase string) *Live {
	return &Live{r: r, base: outBase, hashes: map[string]uint64{},
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

// cfg is the configuration function of ds for render.
func (l *Live) cfg(ds *records.Dataset) func(bool) string {
	return func(shard bool) string { return l.r.config(ds, genRoot+"/content", shard) }
}

// Full renders every page of ds, the caller's data version given, into a fresh folder.
func (l *Live) Full(ds *records.Dataset, version int) (LiveStats, error) {
	st := LiveStats{Full: true}
	l.gen++
	out := filepath.Join(l.base, fmt.Sprintf("site-%d", l.gen))
	if err := os.RemoveAll(out); err != nil {
		return st, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return st, err
	}
	clear(l.hashes)
	rs, err := l.r.renderSite(ds, out, "/", func(files []File) {
		for _, f := range files {
			l.hashes[f.Path] = contentHash(f.Data)
		}
	})
	st.Changed, st.Written, st.Generate, st.Hugo = rs.files, rs.pages, rs.generate, rs.render
	if err != nil {
		os.RemoveAll(out)
		clear(l.hashes)
		l.config, l.settled = "", -1 // force the next step to be a full one again
		return st, err
	}
	l.config, l.settled = l.r.Config(ds, genRoot+"/content"), version
	st.OutputDir = out
	l.mu.Lock()
	old := l.out
	l.out = out
	l.mu.Unlock()
	l.caughtUp(version)
	if old != "" {
		os.RemoveAll(old)
	}
	return st, nil
}

// Settle brings every page up to date with ds (of the given data version) and the changed
// source files (absolute paths under layouts/, content/, i18n/, assets/): it regenerates all
// content files and renders those whose content differs from what was rendered (and removes
// pages that are gone). A changed layout, translation or asset may change any page: that is a
// full build. It reports Changed+Sources == 0 when there was nothing to do.
func (l *Live) Settle(ds *records.Dataset, version int, sources []string) (LiveStats, error) {
	contentOnly := true
	for _, s := range sources {
		rel, err := filepath.Rel(l.r.root, s)
		if err != nil || !strings.HasPrefix(filepath.ToSlash(rel), "content/") {
			contentOnly = false
		}
	}
	if l.out == "" || !contentOnly || l.r.Config(ds, genRoot+"/content") != l.config {
		return l.Full(ds, version)
	}
	if l.settled == version && len(sources) == 0 {
		return LiveStats{OutputDir: l.Dir()}, nil
	}
	t0 := time.Now()
	files := Pages(ds)
	st := LiveStats{OutputDir: l.Dir(), Sources: len(sources)}
	changed, removed := l.diff(files, nil, len(sources) > 0)
	st.Generate = time.Since(t0)
	st.Changed = len(changed) + len(removed)
	if float64(len(changed)) > maxPartialShare*float64(len(files)) {
		return l.Full(ds, version)
	}
	if st.Changed > 0 {
		t1 := time.Now()
		dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), st.OutputDir)}
		hashes := make([]uint64, len(changed))
		for i, f := range changed {
			hashes[i] = contentHash(f.Data)
		}
		if err := l.r.render(changed, l.cfg(ds), dest); err != nil { // consumes changed
			l.config = "" // the folder's state is unknown now: start afresh next time
			return st, fmt.Errorf("site: hugo: %w", err)
		}
		for _, r := range removed {
			// Hugo never deletes output; a withdrawn notice must not stay reachable.
			for _, f := range outputFiles(r) {
				os.Remove(filepath.Join(st.OutputDir, filepath.FromSlash(f)))
			}
			delete(l.hashes, r)
		}
		for i, f := range changed {
			l.hashes[f.Path] = hashes[i]
		}
		st.Hugo = time.Since(t1)
		st.Written = dest.count()
	}
	l.settled = version
	l.caughtUp(version)
	return st, nil
}

// diff returns the files to render again and the paths gone. To render again: the files whose
// content changed, with every other file of their unit (a project page is rendered with its
// notices), the whole core when core is set (the hand-written content changed), and the section
// pages above each of them, since Hugo makes up any section page that is missing (an empty one,
// which would overwrite the real one) — the home page included. kept are content paths known
// unchanged without being generated again (the render cache's unchanged projects).
func (l *Live) diff(files []File, kept []string, core bool) (changed []File, removed []string) {
	present := make(map[string]bool, len(files)+len(kept))
	for _, p := range kept {
		present[p] = true
	}
	units := map[string]bool{}
	dirty := map[string]bool{} // changed core files
	for _, f := range files {
		present[f.Path] = true
		if old, ok := l.hashes[f.Path]; !ok || old != contentHash(f.Data) {
			if f.Unit == "" {
				dirty[f.Path] = true
			} else {
				units[f.Unit] = true
			}
		}
	}
	above := map[string]bool{}
	for _, f := range files {
		if units[f.Unit] || dirty[f.Path] {
			for d := path.Dir(f.Path); ; d = path.Dir(d) {
				if d == "." {
					above["_index.md"] = true
					break
				}
				above[d+"/_index.md"] = true
			}
		}
	}
	for _, f := range files {
		if f.Unit == "" && (core || dirty[f.Path] || above[f.Path]) || f.Unit != "" && units[f.Unit] {
			changed = append(changed, f)
		}
	}
	for p := range l.hashes {
		if !present[p] {
			removed = append(removed, p)
		}
	}
	slices.Sort(removed)
	return changed, removed
}

// outputFiles are the files, in both languages, of a generated leaf page's content path
// ("projects/X.md" → projects/X/index.html, en/projects/X/index.html), or the static file itself.
// Sections ("_index.md") never go away by a single edit.
func outputFiles(contentPath string) []string {
	if strings.HasSuffix(contentPath, "_index.md") {
		return nil
	}
	if !strings.HasSuffix(contentPath, ".md") {
		return []string{contentPath}
	}
	p := strings.TrimSuffix(contentPath, ".md") + "/index.html"
	return []string{p, "en/" + p}
}

// caughtUp drops the overlay pages that the folder now shows: those of version or older.
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
// not public yet are skipped (Settle removes their pages). It needs a Full first.
func (l *Live) Quick(ds *records.Dataset, version int, projects []string) (st LiveStats, err error) {
	t0 := time.Now()
	if l.Dir() == "" {
		return st, nil
	}
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
	if len(pages) == 0 {
		return st, nil
	}
	st.Generate = time.Since(t0)
	st.Changed = len(g.files)

	t1 := time.Now()
	out := &countFs{Fs: afero.NewMemMapFs()}
	if err := l.r.render(g.files, l.cfg(ds), out); err != nil {
		return st, fmt.Errorf("site: hugo: %w", err)
	}
	st.Hugo = time.Since(t1)

	t2 := time.Now()
	defer func() { st.Publish = time.Since(t2) }()
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
