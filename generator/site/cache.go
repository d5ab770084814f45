package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/publish"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/shardset"
)

// The render cache lets a build re-render only what changed since the last one. A folder (by
// default .gongkai-cache/ under the site root) keeps a manifest of the last published build: the
// hash of every generated content file, every file the render wrote, and a key made of the
// generator version, the Hugo configuration and the bytes of layouts/, i18n/, assets/, content/
// and static/. When the key still holds, the next build renders only the content files whose
// hash changed — with the same diff the preview server settles with (Live.diff: a changed
// file's whole unit and the section pages above it) — and takes every other page from the
// published folder by hard link. The sitemap, the attachments and the open data are written
// afresh every time. Any doubt (no manifest, another key, another output folder, more than half
// the files changed) means a full render, which writes the manifest for the next build.
//
// A cached build also keeps the tree it replaced as the spare (publish.DirSpare; the manifest
// records which files it lacks or holds in another version: the ones the published build wrote
// and the ones it dropped). The next cached build brings the spare up to date in place — renders
// the changed files into it, links from the published folder the ones the last build wrote,
// deletes what is gone — and swaps it in: it costs what changed, where linking the whole site
// into a fresh folder costs a link per file (some 140,000 at 10,000 projects). The spare is
// trusted only when its record is there (the manifest is dropped at the start of a build) and
// every file it shares with the published build is still the same file (inode) in both.

// contentHash is the hash by which content files are compared, in the preview and in the cache.
func contentHash(b []byte) uint64 { return xxhash.Sum64(b) }

const manifestName = "manifest.json"

// manifest describes the published build the cache belongs to.
type manifest struct {
	Key     string               `json:"key"`
	Content map[string]uint64    `json:"content"` // generated content path → contentHash
	Outputs []string             `json:"outputs"` // every file the render wrote, relative, sorted
	Units   map[string]unitFiles `json:"units"`   // project unit ("project/<id>") → its inputs and files
	// OpenData is each project's releases as the open data wrote them (export.Reuse).
	OpenData map[string][]export.Piece `json:"opendata,omitempty"`
	Spare    *spareRecord              `json:"spare,omitempty"`
	// OpenDataFiles are the signatures of the aggregate open-data files (export.Reuse).
	OpenDataFiles map[string]string `json:"opendatafiles,omitempty"`
}

// spareRecord says how the spare (the build published before this one) differs from the
// published build: every other output file is the same file (hard link) in both.
type spareRecord struct {
	Dir     string   `json:"dir"`
	Written []string `json:"written"` // output files the published build wrote (rendered)
	Gone    []string `json:"gone"`    // output files of the spare's build that the published one lacks
}

// ErrNoSpare is what BuildCached returns, having written nothing, when it is handed a spare it
// cannot bring up to date (publish.ErrNoSpare: build into a fresh folder instead).
var ErrNoSpare = errors.New("site: cache: the spare is not usable")

// freshDirs are the output folders not made by Hugo (the open data, the attachments, the
// sitemaps): written whole by every build, they are moved out of the spare before it is brought
// up to date, since their writers create files in place. Hugo's pages inside them are linked back.
var freshDirs = []string{"data", "attachments", "sitemaps"}

// unitFiles is what a project's own content files (its page and notices) were made from, and
// which they are: a project whose inputs hash the same is not generated again.
type unitFiles struct {
	Input   uint64   `json:"input"`   // projectInputs
	Files   []string `json:"files"`   // content paths
	Lastmod []string `json:"lastmod"` // File.Lastmod of each, for the sitemap
}

// Cache is a render cache folder for builds published to one output folder.
type Cache struct {
	dir, version, published string
	spare                   string    // where the published build's predecessor is kept; "" none
	last                    *manifest // the published build's, when it can be used
	next                    *manifest // this build's, saved by Save once it is published
}

// CacheStats says how a build used the cache.
type CacheStats struct {
	Used     bool // only changed files were rendered
	Rendered int  // content files rendered
	// Projects is how many projects' own files were generated again (their inputs changed); the
	// others' were taken from the manifest without generating them.
	Projects int
	OpenData int // projects whose OCDS packages were taken from the published folder
	Reused   int // files taken from the published folder (unchanged in the spare, or linked)
	Linked   int // files hard-linked from the published folder
	// Spare says the build brought the spare up to date in place instead of making a tree.
	Spare  bool
	Reason string
}

// OpenCache opens the cache folder dir for builds that publish to published, made by the
// generator version given (any other version's manifest is not used). The manifest is removed
// at once: if this build dies after publishing and before Save, the next one must not trust it.
func OpenCache(dir, version, published string) (*Cache, error) {
	pub, err := filepath.Abs(published)
	if err != nil {
		return nil, err
	}
	c := &Cache{dir: dir, version: version, published: pub}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err == nil {
		var m manifest
		if json.Unmarshal(b, &m) == nil {
			c.last = &m
		}
		if err := os.Remove(filepath.Join(dir, manifestName)); err != nil {
			return nil, fmt.Errorf("site: cache: %w", err)
		}
	}
	return c, nil
}

// KeepSpare makes the cache keep the tree each cached build replaces at dir (publish.SpareDir),
// and bring it up to date at the next build.
func (c *Cache) KeepSpare(dir string) {
	if abs, err := filepath.Abs(dir); err == nil {
		c.spare = abs
	}
}

// Save writes this build's manifest; call it once the build is published.
func (c *Cache) Save() error {
	if c == nil || c.next == nil {
		return nil
	}
	b, err := json.Marshal(c.next)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return fmt.Errorf("site: cache: %w", err)
	}
	tmp := filepath.Join(c.dir, manifestName+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("site: cache: %w", err)
	}
	return os.Rename(tmp, filepath.Join(c.dir, manifestName))
}

// SourceDirs are the folders of the site root every page depends on, besides the data: the
// render cache's key and a shard's build key hash them.
var SourceDirs = []string{"layouts", "i18n", "assets", "content", "static", "archetypes"}

// key is what every page depends on besides its own content file.
func (r *Renderer) cacheKey(ds *records.Dataset, c *Cache) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", c.version, c.published, r.Config(ds, genRoot+"/content"))
	tree, err := shardset.HashTree(r.root, SourceDirs...)
	if err != nil {
		return "", fmt.Errorf("site: cache: %w", err)
	}
	h.Write([]byte(tree))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// BuildCached is BuildAlongside using the cache c: out is a fresh folder, or with inSpare the
// spare c keeps (KeepSpare), to be brought up to date in place; the published folder c was
// opened for holds the last build. alongside (the open data) is handed what it needs to take
// unchanged projects' files from the published folder. Given a spare it cannot use, it returns
// an error that is ErrNoSpare: the spare must then be dropped and out a fresh folder. keep in
// the stats (Used) says whether the replaced tree is worth keeping as the next spare.
func (r *Renderer) BuildCached(ds *records.Dataset, outDir string, c *Cache, inSpare bool, alongside func(outDir string, reuse *export.Reuse) error) (Summary, CacheStats, error) {
	var cs CacheStats
	t0 := time.Now()
	var out string
	var doubt chan string // why the spare's files are in doubt, or ""
	if inSpare {
		var err error
		if out, err = filepath.Abs(outDir); err != nil {
			return Summary{}, cs, err
		}
		if why := c.spareRecordInDoubt(out); why != "" {
			return Summary{}, cs, fmt.Errorf("%w: %s", ErrNoSpare, why)
		}
		// Comparing every shared file costs a second or so at 10,000 projects: done while the
		// inputs are hashed.
		doubt = make(chan string, 1)
		go func() { doubt <- c.spareFilesInDoubt(out) }()
	}
	key, err := r.cacheKey(ds, c)
	var inputs map[string]uint64
	if err == nil {
		inputs, err = projectInputs(ds)
	}
	if doubt != nil {
		why := <-doubt
		if err == nil && why == "" && c.last.Key != key {
			why = "layouts, configuration or generator changed"
		}
		if err == nil && why != "" {
			err = fmt.Errorf("%w: %s", ErrNoSpare, why)
		}
	}
	if err != nil {
		return Summary{}, cs, err
	}
	var cleared chan struct{} // closed once the spare's fresh folders are deleted
	if inSpare {
		if cleared, err = clearFresh(out); err != nil {
			return Summary{}, cs, fmt.Errorf("%w: %v", ErrNoSpare, err)
		}
		defer func() { <-cleared }()
	}
	hashing := time.Since(t0)
	next := &manifest{Key: key, Content: map[string]uint64{}, Units: map[string]unitFiles{}}
	reuse := &export.Reuse{Dir: c.published}
	if c.last != nil && c.last.Key == key {
		reuse.Last, reuse.LastFiles = c.last.OpenData, c.last.OpenDataFiles
		reuse.Unchanged = func(id string) bool {
			u := "project/" + id
			e, ok := c.last.Units[u]
			return ok && e.Input == inputs[u]
		}
	}
	var along func(string) error
	if alongside != nil {
		along = func(out string) error { return alongside(out, reuse) }
	}
	var written, gone []string // for the record of the tree this build replaces
	render := func(out string) (renderStats, error) {
		if c.last == nil {
			cs.Reason = "no manifest"
		} else if c.last.Key != key {
			cs.Reason = "layouts, configuration or generator changed"
		} else if st, ok, err := r.renderChanged(ds, out, c, inSpare, next, inputs, &cs, &written, &gone); ok || err != nil {
			st.generate += hashing
			return st, err
		}
		if inSpare {
			return renderStats{}, fmt.Errorf("%w: %s", ErrNoSpare, cs.Reason)
		}
		cs.Rendered = 0
		clear(next.Content)
		clear(next.Units)
		st, err := r.renderSite(ds, out, r.BaseURL(ds), func(files []File) {
			for _, f := range files {
				next.Content[f.Path] = contentHash(f.Data)
				noteUnit(next.Units, inputs, f)
			}
		})
		next.Outputs = st.outputs
		cs.Rendered = st.files
		st.generate += hashing
		return st, err
	}
	sum, err := r.buildWith(ds, outDir, along, render)
	if err == nil {
		next.OpenData, next.OpenDataFiles = reuse.Next, reuse.NextFiles
		cs.OpenData = reuse.Reused
		if cs.Used && c.spare != "" {
			next.Spare = &spareRecord{Dir: c.spare, Written: written, Gone: gone}
		}
		c.next = next
	}
	return sum, cs, err
}

// PublishCached builds ds with the cache c into the published folder c was opened for, in place
// of what it holds (publish.DirSpare): in the spare when it can be brought up to date, else in a
// fresh folder; the replaced tree becomes the spare after a cached build. Then it saves c.
func (r *Renderer) PublishCached(ds *records.Dataset, c *Cache, alongside func(outDir string, reuse *export.Reuse) error) (Summary, CacheStats, error) {
	var sum Summary
	var cs CacheStats
	err := publish.DirSpare(c.published, c.spare, func(staging string, inSpare bool) (bool, error) {
		var err error
		sum, cs, err = r.BuildCached(ds, staging, c, inSpare, alongside)
		if errors.Is(err, ErrNoSpare) {
			err = fmt.Errorf("%w (%v)", publish.ErrNoSpare, err)
		}
		return cs.Used, err
	})
	if err != nil {
		return Summary{}, cs, err
	}
	return sum, cs, c.Save()
}

// spareRecordInDoubt says why the manifest does not vouch for a spare at out, or "".
func (c *Cache) spareRecordInDoubt(out string) string {
	switch {
	case c.last == nil:
		return "no manifest"
	case c.last.Spare == nil || c.last.Spare.Dir != out || out != c.spare:
		return "no record of the spare"
	}
	return ""
}

// spareFilesInDoubt says why the spare at out does not hold what its record says, or "": every
// output file the published build did not write must be the same file (inode) in the spare and
// in the published folder. A file replaced or deleted in either tree shows; a file edited in
// place is edited in both, as the published folder the fresh-folder path links from would be.
func (c *Cache) spareFilesInDoubt(out string) string {
	written := make(map[string]bool, len(c.last.Spare.Written))
	for _, o := range c.last.Spare.Written {
		written[o] = true
	}
	var shared []string
	for _, o := range c.last.Outputs {
		if !written[o] && !inFresh(o) {
			shared = append(shared, o)
		}
	}
	var bad atomic.Pointer[string]
	parallel(len(shared), func(i int) bool {
		o := filepath.FromSlash(shared[i])
		a, errA := os.Lstat(filepath.Join(out, o))
		b, errB := os.Lstat(filepath.Join(c.published, o))
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			bad.Store(&shared[i])
			return false
		}
		return true
	})
	if p := bad.Load(); p != nil {
		return "the spare's " + *p + " is not the published one"
	}
	return ""
}

// inFresh says whether the output file o (/slash/path) is in one of the freshDirs.
func inFresh(o string) bool {
	for _, d := range freshDirs {
		if strings.HasPrefix(o, "/"+d+"/") {
			return true
		}
	}
	return false
}

// clearFresh moves the spare's freshDirs, sitemap and robots.txt out of it, and deletes them
// (with any a killed build left) while the build runs; cleared is closed when they are gone.
func clearFresh(out string) (cleared chan struct{}, err error) {
	parent, base := filepath.Split(out)
	var old []string // what a killed build left
	if es, err := os.ReadDir(parent); err == nil {
		for _, e := range es {
			if strings.HasPrefix(e.Name(), "."+base+".trash-") {
				old = append(old, filepath.Join(parent, e.Name()))
			}
		}
	}
	trash, err := os.MkdirTemp(parent, "."+base+".trash-")
	if err != nil {
		return nil, err
	}
	for _, d := range freshDirs {
		if err := os.Rename(filepath.Join(out, d), filepath.Join(trash, d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	for _, f := range []string{links.Sitemap, links.Robots} {
		if err := os.Remove(filepath.Join(out, filepath.FromSlash(f))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	cleared = make(chan struct{})
	go func() {
		defer close(cleared)
		for _, t := range append(old, trash) {
			os.RemoveAll(t)
		}
	}()
	return cleared, nil
}

// parallel calls do(i) for every i < n on a few goroutines, until one returns false. Each takes
// a run of consecutive i at a time: sorted paths, so the goroutines mostly work in different
// folders and do not queue on one folder's lock.
func parallel(n int, do func(i int) bool) {
	const run = 64
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range linkWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				i := int(next.Add(run) - run)
				if i >= n {
					return
				}
				for j := i; j < min(i+run, n); j++ {
					if !do(j) {
						stop.Store(true)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// linkWorkers is how many goroutines link or compare files at once. A link is a system call
// that waits on the file system more than it computes, so more than the two cores help.
const linkWorkers = 4

// renderChanged renders into out only the content files that changed since c.last and takes the
// rest of the published output: by a hard link per file into a fresh out, or, with inSpare, by
// linking only the files the last build wrote into the spare out and deleting the ones gone.
// ok is false when a full render is the better choice. written and gone are set to the files
// this build wrote and the published files it drops.
func (r *Renderer) renderChanged(ds *records.Dataset, out string, c *Cache, inSpare bool, next *manifest, inputs map[string]uint64, cs *CacheStats, written, gone *[]string) (st renderStats, ok bool, err error) {
	t0 := time.Now()
	lastmod := map[string]string{} // for the sitemap
	// The overview is generated every time; a project's own files only when its inputs changed.
	g := newGen(ds)
	files := g.overview(allPages)
	var kept []string
	var todo []*records.Project
	for _, p := range g.projects {
		u := "project/" + p.ID
		e, ok := c.last.Units[u]
		if !ok || e.Input != inputs[u] || len(e.Lastmod) != len(e.Files) || !allKnown(c.last.Content, e.Files) {
			todo = append(todo, p)
			continue
		}
		next.Units[u] = e
		for i, f := range e.Files {
			next.Content[f] = c.last.Content[f]
			if e.Lastmod[i] != "" {
				lastmod[pageURL(f)] = e.Lastmod[i]
			}
		}
		kept = append(kept, e.Files...)
	}
	cs.Projects = len(todo)
	files = append(files, g.projectPages(todo)...)
	sortFiles(files)
	l := &Live{r: r, hashes: c.last.Content}
	changed, removed := l.diff(files, kept, false)
	st.generate = time.Since(t0)
	defer func() { st.render = time.Since(t0) - st.generate }()
	total := len(files) + len(kept)
	// Rendering more than half the pages in a fresh folder costs more than rendering them all;
	// in the spare it is still less.
	if !inSpare && float64(len(changed)) > maxPartialShare*float64(total) {
		cs.Reason = "more than half the pages changed"
		return st, false, nil
	}
	noteLastmod(lastmod, files)
	for _, f := range files {
		next.Content[f.Path] = contentHash(f.Data)
		noteUnit(next.Units, inputs, f)
	}
	st.files = total
	isGone := map[string]bool{}
	for _, p := range removed {
		for _, o := range outputFiles(p) {
			isGone["/"+o] = true
		}
	}
	// What to take from the published folder: every file that stays, or in the spare the
	// files the last build wrote (the spare holds another version of them) and Hugo's pages in
	// the folders clearFresh moved out. A file the render writes again is unlinked first
	// (countFs.replace), so the published tree is never written through a link.
	var stale map[string]bool // in the spare: the files the last build wrote
	if inSpare {
		rec := c.last.Spare
		for _, o := range slices.Concat(rec.Gone, slices.Collect(maps.Keys(isGone))) {
			if err := removeOutput(out, o); err != nil {
				return st, true, fmt.Errorf("%w: %v", ErrNoSpare, err)
			}
		}
		stale = make(map[string]bool, len(rec.Written))
		for _, o := range rec.Written {
			stale[o] = true
		}
	}
	var take []string
	outputs := make(map[string]bool, len(c.last.Outputs))
	for _, o := range c.last.Outputs {
		if isGone[o] {
			*gone = append(*gone, o)
			continue
		}
		outputs[o] = true
		if !inSpare || stale[o] || inFresh(o) {
			take = append(take, o)
		}
	}
	if missing, err := linkFrom(c.published, out, take, inSpare); err != nil {
		return st, true, err
	} else if missing != "" {
		cs.Reason = "the published folder lacks " + missing
		if inSpare {
			return st, true, fmt.Errorf("%w: %s", ErrNoSpare, cs.Reason)
		}
		return st, false, nil
	}
	cs.Linked = len(take)
	cs.Rendered = len(changed)
	dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out), replace: true}
	if err := r.render(changed, func(shard bool) string { return r.config(ds, genRoot+"/content", shard) }, dest); err != nil {
		return st, true, fmt.Errorf("site: hugo: %w", err)
	}
	*written = dest.written()
	for _, o := range *written {
		outputs[o] = true
	}
	cs.Reused = len(outputs) - len(*written)
	cs.Spare = inSpare
	st.outputs = slices.Sorted(maps.Keys(outputs))
	next.Outputs = st.outputs
	var pages []string
	for _, o := range st.outputs {
		if strings.HasSuffix(o, ".html") {
			pages = append(pages, o)
		}
	}
	st.pages = len(pages)
	cs.Used = true
	if err := writeSitemap(dest.Fs, r.BaseURL(ds), pages, lastmod); err != nil {
		return st, true, err
	}
	return st, true, copyAttachments(ds, out)
}

// removeOutput deletes the output file o (/slash/path) from out, and the folders it leaves empty.
func removeOutput(out, o string) error {
	p := filepath.Join(out, filepath.FromSlash(o))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for d := filepath.Dir(p); len(d) > len(out); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break // not empty (or already gone)
		}
	}
	return nil
}

// linkFrom hard-links (or copies, across filesystems) the output files take from the published
// folder pub into out, replacing what out holds there when replace is set. Folders are made
// once each, parents first; the files are linked by several goroutines. missing is a file pub
// lacks: then every link made is removed again (Hugo would write through them).
func linkFrom(pub, out string, take []string, replace bool) (missing string, err error) {
	dirs := map[string]bool{}
	for _, o := range take {
		for d := path.Dir(o); d != "/" && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) { // a parent sorts before its children
		if err := os.Mkdir(filepath.Join(out, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	var bad atomic.Pointer[string]
	var failed atomic.Pointer[error]
	done := make([]bool, len(take))
	parallel(len(take), func(i int) bool {
		o := filepath.FromSlash(take[i])
		dst := filepath.Join(out, o)
		if replace {
			if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
				failed.Store(&err)
				return false
			}
		}
		if _, err := shardset.LinkOrCopy(filepath.Join(pub, o), dst); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				bad.Store(&take[i])
			} else {
				failed.Store(&err)
			}
			return false
		}
		done[i] = true
		return true
	})
	if e := failed.Load(); e != nil {
		return "", *e
	}
	if p := bad.Load(); p != nil {
		for i, o := range take {
			if done[i] {
				if err := os.Remove(filepath.Join(out, filepath.FromSlash(o))); err != nil {
					return "", err
				}
			}
		}
		return *p, nil
	}
	return "", nil
}

// allKnown says whether every content path has a hash in content.
func allKnown(content map[string]uint64, paths []string) bool {
	for _, p := range paths {
		if _, ok := content[p]; !ok {
			return false
		}
	}
	return true
}

// noteUnit adds a generated file of a project unit to units, with the unit's inputs.
func noteUnit(units map[string]unitFiles, inputs map[string]uint64, f File) {
	in, ok := inputs[f.Unit]
	if !ok {
		return // not a project's own file
	}
	e := units[f.Unit]
	e.Input = in
	e.Files = append(e.Files, f.Path)
	e.Lastmod = append(e.Lastmod, f.Lastmod)
	units[f.Unit] = e
}

// projectInputs hashes, for every project unit ("project/<id>"), everything its own content files
// are generated from: the project file's bytes and path, the publication and first-seen dates of
// its public stages (the history), its findings, the build date and every data file that is not
// a project's (site, bodies, providers, catalogue, budgets, calendars) — which any project page
// may name. The generator, the layouts and the configuration are the cache key's.
func projectInputs(ds *records.Dataset) (map[string]uint64, error) {
	shared := xxhash.New()
	fmt.Fprintf(shared, "as-of %s\x00", ds.AsOf)
	data := filepath.Join(ds.Root, "data")
	err := filepath.WalkDir(data, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(data, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			if rel == "projects" || rel == "attachments" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(shared, "%s\x00%d\x00", rel, len(b))
		shared.Write(b)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("site: cache: %w", err)
	}
	base := shared.Sum64()
	findings := map[string][]records.Finding{}
	for _, f := range ds.Findings {
		findings[f.Project] = append(findings[f.Project], f)
	}
	sums := make([]uint64, len(ds.Projects))
	errs := make([]error, len(ds.Projects))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ds.Projects); i += workers {
				p := ds.Projects[i]
				b, err := os.ReadFile(filepath.Join(ds.Root, filepath.FromSlash(p.File)))
				if err != nil {
					errs[i] = err
					continue
				}
				h := xxhash.New()
				fmt.Fprintf(h, "%d\x00%s\x00%d\x00", base, p.File, len(b))
				h.Write(b)
				for _, n := range p.Notices(ds.AsOf) {
					fmt.Fprintf(h, "%s %d %s %s\x00", n.Kind, n.Index, n.Published, n.FirstSeen())
				}
				for _, f := range findings[p.ID] {
					fmt.Fprintf(h, "%+v\x00", f)
				}
				sums[i] = h.Sum64()
			}
		}()
	}
	wg.Wait()
	inputs := make(map[string]uint64, len(ds.Projects))
	for i, p := range ds.Projects {
		if errs[i] != nil {
			return nil, fmt.Errorf("site: cache: %w", errs[i])
		}
		inputs["project/"+p.ID] = sums[i]
	}
	return inputs, nil
}
