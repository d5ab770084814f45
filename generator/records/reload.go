package records

import (
	"path/filepath"
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
// the root) that may differ since the previous call; files that appeared are found by
// themselves, files that disappeared drop out. A nil changed, or one holding "*", re-parses
// every file.
func (l *Loader) Load(changed []string) (*Dataset, diag.List) {
	ds := &Dataset{Root: l.root}
	var diags diag.List
	files, found := discover(l.root, &diags)
	if !found {
		clear(l.cache)
		diags.Sort()
		return ds, diags
	}
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
	var todo []dataFile
	for _, f := range files {
		if c, ok := l.cache[f.rel]; all || !ok || stale[f.rel] || c.kind != f.kind || c.year != f.year {
			todo = append(todo, f)
		}
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
	validate(ds, &diags)
	diags.Sort()
	return ds, diags
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
