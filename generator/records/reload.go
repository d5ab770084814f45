package records

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
)

// Loader loads one site root again and again, re-parsing only the files that changed since its
// previous load: the preview server's path from a saved file to a checked Dataset. Parsing is
// what costs (10,000 project files take seconds); the cross-checks over the whole dataset are
// run in full every time, so a Loader's result is always exactly what Load would return.
//
// A Loader is not safe for concurrent use. Records of unchanged files are shared between the
// datasets it returns, so treat every returned Dataset as read-only.
type Loader struct {
	root  string
	cache map[string]parsed // by path relative to the root, as in dataFile.rel
	// The files the last walk of data/ found, and what it reported: the same until a file
	// appears, disappears or stops being a regular file.
	files  []dataFile
	walked diag.List
	// checked holds the project checks of the last load; valid while no other data file changes.
	checked projectChecks
}

// NewLoader returns a Loader for the site at root; its first Load parses everything.
func NewLoader(root string) *Loader {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	return &Loader{root: abs, cache: map[string]parsed{}}
}

// Load returns the dataset as Load(root) would. changed lists the files (absolute, or relative to
// the root) that may differ since the previous call, including files that appeared or
// disappeared; an empty changed finds those by itself. A nil changed, or one holding "*",
// re-parses every file.
func (l *Loader) Load(changed []string) (*Dataset, diag.List) {
	ds := &Dataset{Root: l.root}
	stale := map[string]bool{}
	all := changed == nil
	for _, c := range changed {
		if c == "*" {
			all = true
			break
		}
		if filepath.IsAbs(c) {
			if r, err := filepath.Rel(l.root, c); err == nil {
				c = r
			}
		}
		stale[filepath.ToSlash(filepath.Clean(c))] = true
	}
	var diags diag.List
	files := l.files
	// The project checks read the other data files: when those, or the set of files, may have
	// changed, every project is checked again.
	known := l.checked
	if all || !l.sameFiles(stale) {
		known = nil
		// Walking data/ took a fifth of an edit's reload at 10,000 projects: done only when the
		// set of files may have changed.
		var found bool
		files, found = discover(l.root, &diags)
		if !found {
			clear(l.cache)
			l.files, l.walked, l.checked = nil, nil, nil
			diags.Sort()
			return ds, diags
		}
		l.files, l.walked = files, slices.Clone(diags)
	} else {
		diags = slices.Clone(l.walked)
	}
	var todo []dataFile
	for _, f := range files {
		if c, ok := l.cache[f.rel]; all || !ok || stale[f.rel] || c.kind != f.kind || c.year != f.year {
			todo = append(todo, f)
		}
	}
	for _, f := range todo {
		if f.kind != projectFile {
			known = nil
		}
	}
	if known == nil {
		known = projectChecks{}
	}
	for i, p := range parseAll(l.root, todo, LoadOptions{}) {
		l.cache[todo[i].rel] = p
	}
	parsedFiles := make([]parsed, 0, len(files))
	keep := make(map[string]bool, len(files))
	for _, f := range files {
		keep[f.rel] = true
		parsedFiles = append(parsedFiles, l.cache[f.rel])
	}
	for rel := range l.cache {
		if !keep[rel] {
			delete(l.cache, rel)
		}
	}
	for i, p := range parsedFiles {
		diags = append(diags, p.diags...)
		// assemble compacts the body list in place; give it a copy so the cached file stays as
		// parsed and the next assemble sees the same input.
		if b, ok := p.value.(*bodiesFile); ok {
			c := *b
			c.Bodies = append([]*Body(nil), b.Bodies...)
			parsedFiles[i].value = &c
		}
	}
	assemble(ds, parsedFiles, &diags)
	buildIndex(ds, &diags)
	l.checked = validateWith(ds, &diags, known)
	diags.Sort()
	return ds, diags
}

// sameFiles reports whether the changed paths leave the files the last walk found as they were:
// each is one of them and still a regular file (an editor's save may replace it, not remove it).
func (l *Loader) sameFiles(changed map[string]bool) bool {
	if l.files == nil || len(changed) == 0 {
		return false // nothing announced: look
	}
	for rel := range changed {
		if _, ok := l.cache[rel]; !ok {
			return false // a new file, a folder, or something discover did not take
		}
		st, err := os.Stat(filepath.Join(l.root, filepath.FromSlash(rel)))
		if err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// Affects reports whether a changed path (absolute, or relative to the root) is one the loader
// reads: anything under data/.
func (l *Loader) Affects(path string) bool {
	if path == "*" {
		return true
	}
	if filepath.IsAbs(path) {
		r, err := filepath.Rel(l.root, path)
		if err != nil {
			return false
		}
		path = r
	}
	path = filepath.ToSlash(filepath.Clean(path))
	return path == "data" || strings.HasPrefix(path, "data/")
}
