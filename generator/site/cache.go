package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/export"
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
}

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
	Reused   int // files taken from the published folder
	Reason   string
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

// BuildCached is BuildAlongside using the cache c: out is a fresh folder, and the published
// folder c was opened for holds the last build. alongside (the open data) is handed what it
// needs to take unchanged projects' files from the published folder.
func (r *Renderer) BuildCached(ds *records.Dataset, outDir string, c *Cache, alongside func(outDir string, reuse *export.Reuse) error) (Summary, CacheStats, error) {
	var cs CacheStats
	t0 := time.Now()
	key, err := r.cacheKey(ds, c)
	if err != nil {
		return Summary{}, cs, err
	}
	inputs, err := projectInputs(ds)
	if err != nil {
		return Summary{}, cs, err
	}
	hashing := time.Since(t0)
	next := &manifest{Key: key, Content: map[string]uint64{}, Units: map[string]unitFiles{}}
	reuse := &export.Reuse{Dir: c.published}
	if c.last != nil && c.last.Key == key {
		reuse.Last = c.last.OpenData
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
	render := func(out string) (renderStats, error) {
		if c.last == nil {
			cs.Reason = "no manifest"
		} else if c.last.Key != key {
			cs.Reason = "layouts, configuration or generator changed"
		} else if st, ok, err := r.renderChanged(ds, out, c, next, inputs, &cs); ok || err != nil {
			st.generate += hashing
			return st, err
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
		next.OpenData = reuse.Next
		cs.OpenData = reuse.Reused
		c.next = next
	}
	return sum, cs, err
}

// renderChanged renders into out only the content files that changed since c.last and links the
// rest of the published output. ok is false when a full render is the better choice.
func (r *Renderer) renderChanged(ds *records.Dataset, out string, c *Cache, next *manifest, inputs map[string]uint64, cs *CacheStats) (st renderStats, ok bool, err error) {
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
	if float64(len(changed)) > maxPartialShare*float64(total) {
		cs.Reason = "more than half the pages changed"
		return st, false, nil
	}
	noteLastmod(lastmod, files)
	for _, f := range files {
		next.Content[f.Path] = contentHash(f.Data)
		noteUnit(next.Units, inputs, f)
	}
	st.files = total
	gone := map[string]bool{}
	for _, p := range removed {
		for _, o := range outputFiles(p) {
			gone["/"+o] = true
		}
	}
	// Link what stays; a file the render writes again is unlinked first (countFs.replace), so
	// the published tree is never written through a link.
	outputs := map[string]bool{}
	made := map[string]bool{}
	for _, o := range c.last.Outputs {
		if gone[o] {
			continue
		}
		dst := filepath.Join(out, filepath.FromSlash(o))
		if d := filepath.Dir(dst); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return st, true, err
			}
			made[d] = true
		}
		if _, err := shardset.LinkOrCopy(filepath.Join(c.published, filepath.FromSlash(o)), dst); err != nil {
			// Someone changed the published folder: render it all. Hugo would write through
			// the links made so far, so they go first.
			cs.Reason = "the published folder lacks " + o
			for o := range outputs {
				if err := os.Remove(filepath.Join(out, filepath.FromSlash(o))); err != nil {
					return st, true, err
				}
			}
			cs.Reused = 0
			return st, false, nil
		}
		outputs[o] = true
		cs.Reused++
	}
	cs.Rendered = len(changed)
	dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out), replace: true}
	if err := r.render(changed, func(shard bool) string { return r.config(ds, genRoot+"/content", shard) }, dest); err != nil {
		return st, true, fmt.Errorf("site: hugo: %w", err)
	}
	for _, o := range dest.written() {
		if outputs[o] {
			cs.Reused--
		}
		outputs[o] = true
	}
	st.outputs = slices.Sorted(func(yield func(string) bool) {
		for o := range outputs {
			if !yield(o) {
				return
			}
		}
	})
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
