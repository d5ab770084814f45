package export

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// publisher is the package publisher: site.yaml's publisher, identified by its credit code when
// site.yaml gives it, with the site as its URI.
func (x *exporter) publisher() Publisher {
	p := Publisher{Name: x.ds.Site.Publisher, URI: x.base + "/"}
	if c := x.ds.Site.PublisherCreditCode; c != "" {
		p.Scheme, p.UID = schemeUSCI, c
	}
	return p
}

func (x *exporter) releasePackage(uri string, rels []*Release) *ReleasePackage {
	if rels == nil {
		rels = []*Release{}
	}
	return &ReleasePackage{
		URI:               uri,
		Version:           OCDSVersion,
		Extensions:        ocdsExtensions,
		PublishedDate:     x.asOf.Format(time.RFC3339),
		Publisher:         x.publisher(),
		License:           x.ds.Site.LicenseURL,
		PublicationPolicy: x.abs(links.OpenData),
		Releases:          rels,
	}
}

// writeOCDS writes (compact JSON), for every project with at least one public release, its
// release package and its record package; and for every project year, the bulk release package
// of that year's projects (a process stays whole in the file of the year it was filed under, even
// when a later stage is published in the next calendar year). The bulk files are streamed.
//
// Building and encoding a project's packages is most of the export's time and depends on that
// project alone, so ocdsWorkers goroutines do it; the bulk files are then appended to in project
// order by this goroutine alone, so every byte is the same as a serial run.
func (x *exporter) writeOCDS(dir string) error {
	projects := x.ds.Projects
	res := make([]ocdsResult, len(projects))
	ready := make([]chan struct{}, len(projects))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	var next atomic.Int64 // the next project a worker takes: workers move through them in order
	var stop atomic.Bool  // set after an error: the remaining projects are skipped
	var wg sync.WaitGroup
	dirs := &dirSet{}
	for range min(ocdsWorkers, len(projects)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(projects) {
					return
				}
				if !stop.Load() {
					res[i] = x.projectOCDS(dir, projects[i], dirs)
					if res[i].err != nil {
						stop.Store(true)
					}
				}
				close(ready[i])
			}
		}()
	}

	years := map[int]*bulkWriter{}
	changes := x.newChangesWriter(dir)
	err := func() error {
		for i, p := range projects {
			<-ready[i]
			r := res[i]
			res[i] = ocdsResult{} // let the encoded releases go once appended
			if r.err != nil {
				return r.err
			}
			if r.rels == nil {
				continue // nothing public yet (or skipped after an error, reported further on)
			}
			if x.reuse != nil {
				pieces := make([]Piece, len(r.rels))
				for j, rel := range r.rels {
					pieces[j] = Piece{Day: r.days[j].String(), Len: len(rel)}
				}
				x.reuse.Next[p.ID] = pieces
				if r.reused {
					x.reuse.Reused++
				}
			}
			w := years[p.Year]
			if w == nil {
				var err error
				if w, err = x.newBulkWriter(dir, links.OCDSYear(p.Year)); err != nil {
					return err
				}
				years[p.Year] = w
			}
			if err := w.addEncoded(r.rels); err != nil {
				return err
			}
			for j, rel := range r.rels {
				if err := changes.add(r.days[j], rel); err != nil {
					return err
				}
			}
		}
		return changes.close()
	}()
	if err != nil {
		stop.Store(true)
	}
	// No worker may still be writing into dir once this returns: the caller may delete it.
	wg.Wait()
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		if err != nil {
			years[y].f.Close()
			continue
		}
		err = years[y].close()
	}
	return err
}

// ocdsWorkers is how many projects are encoded at once; the build machines have few cores and
// Hugo renders at the same time, so more would only add memory.
const ocdsWorkers = 4

// ocdsResult is one project's share of the bulk file: its releases, compact JSON each.
type ocdsResult struct {
	rels   [][]byte       // nil when nothing of the project is public
	days   []records.Date // the day each release is first public
	err    error
	reused bool // the packages were taken from the published folder
}

// projectOCDS writes p's release and record packages and returns its encoded releases.
func (x *exporter) projectOCDS(dir string, p *records.Project, dirs *dirSet) ocdsResult {
	if r, ok := x.reusedOCDS(dir, p, dirs); ok {
		return r
	}
	rels := x.releases(p)
	if len(rels) == 0 {
		return ocdsResult{} // nothing public yet: no package, as no page
	}
	relURI := x.abs(links.OCDSReleasePackage(p.ID))
	data, err := encodeJSON(x.releasePackage(relURI, rels), "")
	if err != nil {
		return ocdsResult{err: err}
	}
	if err := dirs.writeFile(dir, links.OCDSReleasePackage(p.ID), data); err != nil {
		return ocdsResult{err: err}
	}
	rec, err := x.recordPackage(p, relURI, rels)
	if err != nil {
		return ocdsResult{err: err}
	}
	if data, err = encodeJSON(rec, ""); err != nil {
		return ocdsResult{err: err}
	}
	if err := dirs.writeFile(dir, links.OCDSRecordPackage(p.ID), data); err != nil {
		return ocdsResult{err: err}
	}
	enc := make([][]byte, len(rels))
	days := make([]records.Date, len(rels))
	for i, r := range rels {
		days[i] = r.public
		b, err := encodeJSON(r, "")
		if err != nil {
			return ocdsResult{err: err}
		}
		enc[i] = bytes.TrimSuffix(b, []byte("\n"))
	}
	return ocdsResult{rels: enc, days: days}
}

// reusedOCDS links p's packages from the published folder when p is unchanged, and cuts its
// releases out of the release package by the lengths the last build noted. Anything unexpected
// (a file missing, other bytes around the releases) leaves nothing behind and ok false: the
// packages are then built.
func (x *exporter) reusedOCDS(dir string, p *records.Project, dirs *dirSet) (r ocdsResult, ok bool) {
	u := x.reuse
	if u == nil || u.Unchanged == nil || !u.Unchanged(p.ID) || len(u.Last[p.ID]) == 0 {
		return r, false
	}
	relPath, recPath := links.OCDSReleasePackage(p.ID), links.OCDSRecordPackage(p.ID)
	var linked []string
	undo := func() (ocdsResult, bool) {
		for _, name := range linked {
			os.Remove(name) // never written through: the published file is the same inode
		}
		return ocdsResult{}, false
	}
	for _, sp := range []string{relPath, recPath} {
		name := out(dir, sp)
		if err := dirs.ensure(filepath.Dir(name)); err != nil {
			return undo()
		}
		if err := os.Link(out(u.Dir, sp), name); err != nil {
			return undo()
		}
		linked = append(linked, name)
	}
	data, err := os.ReadFile(linked[0])
	if err != nil {
		return undo()
	}
	head, tail, err := packageHeadTail(x.releasePackage(x.abs(relPath), nil), relPath)
	if err != nil || !bytes.HasPrefix(data, head) || !bytes.HasSuffix(data, tail) || len(data) < len(head)+len(tail) {
		return undo()
	}
	body := data[len(head) : len(data)-len(tail)]
	for i, pc := range u.Last[p.ID] {
		if i > 0 {
			if len(body) == 0 || body[0] != ',' {
				return undo()
			}
			body = body[1:]
		}
		day, err := records.ParseDate(pc.Day)
		if err != nil || pc.Len <= 0 || pc.Len > len(body) {
			return undo()
		}
		r.rels = append(r.rels, body[:pc.Len])
		r.days = append(r.days, day)
		body = body[pc.Len:]
	}
	if len(body) != 0 {
		return undo()
	}
	r.reused = true
	return r, true
}

// dirSet creates each output folder once, however many files and goroutines write into it
// (ten thousand packages share two folders).
type dirSet struct{ made sync.Map }

func (d *dirSet) writeFile(dir, sitePath string, data []byte) error {
	name := out(dir, sitePath)
	if err := d.ensure(filepath.Dir(name)); err != nil {
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// ensure creates the folder parent once.
func (d *dirSet) ensure(parent string) error {
	if _, ok := d.made.Load(parent); !ok {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		d.made.Store(parent, true)
	}
	return nil
}

// bulkWriter streams a release package: the package's fields, then its releases one by one.
type bulkWriter struct {
	f    *os.File
	w    *bufio.Writer
	tail []byte // what closes the package after the last release: "]}\n"
	n    int
	path string
}

func (x *exporter) newBulkWriter(dir, sitePath string) (*bulkWriter, error) {
	// The package with no releases ends in `"releases":[]}`; everything before the "]" is the
	// head, so the fields are written by encoding/json like every other package.
	head, tail, err := packageHeadTail(x.releasePackage(x.abs(sitePath), nil), sitePath)
	if err != nil {
		return nil, err
	}
	name := out(dir, sitePath)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	w := &bulkWriter{f: f, w: bufio.NewWriterSize(f, 1<<16), tail: tail, path: sitePath}
	_, err = w.w.Write(head)
	return w, err
}

// addEncoded appends releases already encoded as compact JSON without the final newline.
func (w *bulkWriter) addEncoded(rels [][]byte) error {
	for _, data := range rels {
		if w.n > 0 {
			w.w.WriteByte(',')
		}
		w.n++
		if _, err := w.w.Write(data); err != nil {
			return fmt.Errorf("export: %s: %w", w.path, err)
		}
	}
	return nil
}

func (w *bulkWriter) close() error {
	w.w.Write(w.tail)
	if err := w.w.Flush(); err != nil {
		w.f.Close()
		return fmt.Errorf("export: %s: %w", w.path, err)
	}
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("export: %s: %w", w.path, err)
	}
	return nil
}

func (x *exporter) recordPackage(p *records.Project, relURI string, rels []*Release) (*RecordPackage, error) {
	compiled, err := compile(rels)
	if err != nil {
		return nil, err
	}
	linked := make([]LinkedRelease, len(rels))
	for i, r := range rels {
		linked[i] = LinkedRelease{URL: relURI + "#" + r.ID, Date: r.Date, Tag: r.Tag}
	}
	return &RecordPackage{
		URI:               x.abs(links.OCDSRecordPackage(p.ID)),
		Version:           OCDSVersion,
		Extensions:        ocdsExtensions,
		PublishedDate:     x.asOf.Format(time.RFC3339),
		Publisher:         x.publisher(),
		License:           x.ds.Site.LicenseURL,
		PublicationPolicy: x.abs(links.OpenData),
		Packages:          []string{relURI},
		Records:           []Record{{OCID: x.ocid(p), Releases: linked, CompiledRelease: compiled}},
	}, nil
}
