package export

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/cespare/xxhash/v2"
)

// An aggregate file — a yearly or a day's release package, a feed document, a CSV table — is made
// of many projects' releases, notices or rows. On a cached build (Reuse) it is taken from the
// published folder by a hard link when it would come out byte for byte the same: its members are
// the same, in the same order (the signature the last build noted for it), and every member's
// project is unchanged. The rest is written afresh.

// aggregate is the signature of an aggregate file, built member by member in file order.
type aggregate struct {
	h     *xxhash.Digest
	n     int
	clean bool // every member's project is unchanged
	u     *Reuse
}

// aggregate starts the signature of an aggregate file; meta is what its own lines say besides
// its members (a feed document's title and archive links).
func (x *exporter) aggregate(meta string) *aggregate {
	a := &aggregate{h: xxhash.New(), u: x.reuse, clean: x.reuse != nil && x.reuse.Unchanged != nil}
	a.h.WriteString(meta)
	a.h.WriteString("\x00")
	return a
}

// add notes a member: the project it comes from and what it is of that project.
func (a *aggregate) add(project, what string) {
	a.n++
	a.h.WriteString(project)
	a.h.WriteString("\x01")
	a.h.WriteString(what)
	a.h.WriteString("\x00")
	if a.clean && !a.u.Unchanged(project) {
		a.clean = false
	}
}

// noteFile notes the signature of the aggregate file at sitePath for the next build.
func (x *exporter) noteFile(sitePath string, a *aggregate) string {
	sig := strconv.FormatUint(a.h.Sum64(), 36)
	if x.reuse != nil {
		x.reuse.NextFiles[sitePath] = sig
	}
	return sig
}

// reuseFile notes the signature of the aggregate file at sitePath for the next build and, when
// the published file has the same signature and every member is unchanged, links it into dir
// and reports true: the caller then writes nothing. A file without members depends on no
// project and is always written.
func (x *exporter) reuseFile(dir, sitePath string, a *aggregate) bool {
	u := x.reuse
	if u == nil {
		return false
	}
	sig := x.noteFile(sitePath, a)
	if !a.clean || a.n == 0 || u.LastFiles[sitePath] != sig {
		return false
	}
	name := out(dir, sitePath)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return false
	}
	if err := os.Link(out(u.Dir, sitePath), name); err != nil {
		return false // not there any more: written afresh
	}
	u.Linked++
	return true
}
