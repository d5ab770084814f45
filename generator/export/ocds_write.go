package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
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
// order by this goroutine alone, so every byte is the same as a serial run. On a cached build
// (Reuse with Unchanged) it goes writeOCDSReused's way instead.
func (x *exporter) writeOCDS(dir string) error {
	if u := x.reuse; u != nil && u.Unchanged != nil {
		return x.writeOCDSReused(dir)
	}
	dirs := &dirSet{}
	years := yearPackages{}
	changes := x.newChangesWriter(dir)
	sigs := x.newPackageSigs()
	err := x.inOrder(func(p *records.Project) ocdsResult { return x.buildOCDS(dir, p, dirs) },
		func(p *records.Project, r ocdsResult) error {
			if r.rels == nil {
				return nil // nothing public yet (or skipped after an error, reported further on)
			}
			pieces := make([]Piece, len(r.rels))
			for j, rel := range r.rels {
				pieces[j] = Piece{Day: r.days[j].String(), Len: len(rel)}
			}
			if x.reuse != nil {
				x.reuse.Next[p.ID] = pieces
			}
			sigs.add(p, pieces)
			if err := years.add(x, dir, p.Year, r.rels); err != nil {
				return err
			}
			for j, rel := range r.rels {
				if err := changes.add(r.days[j], rel); err != nil {
					return err
				}
			}
			return nil
		})
	if err == nil {
		err = changes.close()
	}
	err = years.close(err)
	if err == nil {
		sigs.note()
	}
	return err
}

// yearPackages are the yearly release packages being written, by year.
type yearPackages map[int]*bulkWriter

// add appends a project's encoded releases to its year's package, creating the file at the first.
func (years yearPackages) add(x *exporter, dir string, year int, rels [][]byte) error {
	w := years[year]
	if w == nil {
		var err error
		if w, err = x.newBulkWriter(dir, links.OCDSYear(year)); err != nil {
			return err
		}
		years[year] = w
	}
	return w.addEncoded(rels)
}

// close finishes the bulk files, or only closes them after the error err.
func (years yearPackages) close(err error) error {
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

// writeOCDSReused is writeOCDS on a cached build, in two passes. First every project's packages:
// an unchanged project's are linked from the published folder, the others built. Then the
// aggregate packages (yearly, changes-since): one whose members and signature are the published
// one's is linked (aggregate.go), the others are written, with each member's releases cut out of
// its release package by the lengths noted in the first pass — read only for the projects such
// a file needs.
func (x *exporter) writeOCDSReused(dir string) error {
	u := x.reuse
	dirs := &dirSet{}
	err := x.inOrder(func(p *records.Project) ocdsResult {
		if last := u.Last[p.ID]; len(last) > 0 && u.Unchanged(p.ID) {
			return x.linkOCDS(dir, p, dirs, last)
		}
		return x.buildOCDS(dir, p, dirs)
	}, func(p *records.Project, r ocdsResult) error {
		if r.pieces == nil && r.rels != nil {
			r.pieces = make([]Piece, len(r.rels))
			for j, rel := range r.rels {
				r.pieces[j] = Piece{Day: r.days[j].String(), Len: len(rel)}
			}
		}
		if r.pieces != nil {
			u.Next[p.ID] = r.pieces
		}
		if r.reused {
			u.Reused++
		}
		return nil
	})
	if err != nil {
		return err
	}
	sigs := x.newPackageSigs()
	for _, p := range x.ds.Projects {
		sigs.add(p, u.Next[p.ID])
	}
	// The files to write; the others are linked.
	dirtyYear := map[int]bool{}
	for y, a := range sigs.years {
		dirtyYear[y] = !x.reuseFile(dir, links.OCDSYear(y), a)
	}
	changes := x.newChangesWriter(dir)
	dirtyDay := map[string]bool{}
	for d, a := range sigs.days {
		day, err := records.ParseDate(d)
		if err != nil {
			return fmt.Errorf("export: day %q: %w", d, err)
		}
		if x.reuseFile(dir, links.OCDSChanges(d), a) {
			changes.linked[day] = a.n
		} else {
			dirtyDay[d] = true
		}
	}
	needed := func(p *records.Project) bool {
		pieces := u.Next[p.ID]
		if len(pieces) == 0 {
			return false
		}
		if dirtyYear[p.Year] {
			return true
		}
		for _, pc := range pieces {
			if dirtyDay[pc.Day] {
				return true
			}
		}
		return false
	}
	years := yearPackages{}
	err = x.inOrder(func(p *records.Project) ocdsResult {
		if !needed(p) {
			return ocdsResult{}
		}
		return x.readOCDS(dir, p, dirs, u.Next[p.ID])
	}, func(p *records.Project, r ocdsResult) error {
		if r.rels == nil {
			return nil
		}
		if dirtyYear[p.Year] {
			if err := years.add(x, dir, p.Year, r.rels); err != nil {
				return err
			}
		}
		for j, rel := range r.rels {
			if !dirtyDay[r.days[j].String()] {
				continue
			}
			if err := changes.add(r.days[j], rel); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = changes.close()
	}
	return years.close(err)
}

// inOrder runs work on every project, ocdsWorkers at a time, and hands each result to consume in
// project order. After an error the remaining projects are skipped (consume sees them empty)
// and the first error is returned, once no worker runs any more.
func (x *exporter) inOrder(work func(p *records.Project) ocdsResult, consume func(p *records.Project, r ocdsResult) error) error {
	projects := x.ds.Projects
	res := make([]ocdsResult, len(projects))
	ready := make([]chan struct{}, len(projects))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	var next atomic.Int64 // the next project a worker takes: workers move through them in order
	var stop atomic.Bool  // set after an error: the remaining projects are skipped
	var wg sync.WaitGroup
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
					res[i] = work(projects[i])
					if res[i].err != nil {
						stop.Store(true)
					}
				}
				close(ready[i])
			}
		}()
	}
	err := func() error {
		for i, p := range projects {
			<-ready[i]
			r := res[i]
			res[i] = ocdsResult{} // let the encoded releases go once consumed
			if r.err != nil {
				return r.err
			}
			if err := consume(p, r); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		stop.Store(true)
	}
	// No worker may still be writing into dir once this returns: the caller may delete it.
	wg.Wait()
	return err
}

// packageSigs are the signatures of the yearly and the day packages, member by member.
type packageSigs struct {
	x     *exporter
	years map[int]*aggregate
	days  map[string]*aggregate
}

func (x *exporter) newPackageSigs() *packageSigs {
	return &packageSigs{x: x, years: map[int]*aggregate{}, days: map[string]*aggregate{}}
}

// add notes p's releases (in project order): all in its year's package, each in its day's.
func (s *packageSigs) add(p *records.Project, pieces []Piece) {
	if len(pieces) == 0 {
		return
	}
	a := s.years[p.Year]
	if a == nil {
		a = s.x.aggregate(links.OCDSYear(p.Year))
		s.years[p.Year] = a
	}
	a.add(p.ID, strconv.Itoa(len(pieces)))
	for j, pc := range pieces {
		d := s.days[pc.Day]
		if d == nil {
			d = s.x.aggregate(links.OCDSChanges(pc.Day))
			s.days[pc.Day] = d
		}
		d.add(p.ID, strconv.Itoa(j))
	}
}

// note keeps the signatures for the next build (when there is one to keep them for).
func (s *packageSigs) note() {
	for y, a := range s.years {
		s.x.noteFile(links.OCDSYear(y), a)
	}
	for d, a := range s.days {
		s.x.noteFile(links.OCDSChanges(d), a)
	}
}

// ocdsWorkers is how many projects are encoded at once; the build machines have few cores and
// Hugo renders at the same time, so more would only add memory.
const ocdsWorkers = 4

// ocdsResult is one project's share of the bulk file: its releases, compact JSON each.
type ocdsResult struct {
	rels   [][]byte       // nil when nothing of the project is public, or not read
	days   []records.Date // the day each release is first public
	pieces []Piece        // the same with the releases' lengths, when the packages were linked
	err    error
	reused bool // the packages were taken from the published folder
}

// buildOCDS writes p's release and record packages and returns its encoded releases.
func (x *exporter) buildOCDS(dir string, p *records.Project, dirs *dirSet) ocdsResult {
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

// linkOCDS links the unchanged project p's packages from the published folder, whose releases
// the last build noted as last. If they are not there, they are built.
func (x *exporter) linkOCDS(dir string, p *records.Project, dirs *dirSet, last []Piece) ocdsResult {
	var linked []string
	for _, sp := range []string{links.OCDSReleasePackage(p.ID), links.OCDSRecordPackage(p.ID)} {
		name := out(dir, sp)
		if err := dirs.ensure(filepath.Dir(name)); err != nil {
			return ocdsResult{err: err}
		}
		if err := os.Link(out(x.reuse.Dir, sp), name); err != nil {
			for _, l := range linked {
				os.Remove(l) // never written through: the published file is the same inode
			}
			return x.buildOCDS(dir, p, dirs)
		}
		linked = append(linked, name)
	}
	return ocdsResult{pieces: slices.Clone(last), reused: true}
}

// readOCDS cuts p's releases out of its release package in dir by the lengths in pieces. Should
// the package not hold them as noted (a published file changed by hand), its packages are built
// again in place.
func (x *exporter) readOCDS(dir string, p *records.Project, dirs *dirSet, pieces []Piece) ocdsResult {
	relPath := links.OCDSReleasePackage(p.ID)
	if data, err := os.ReadFile(out(dir, relPath)); err == nil {
		if r, ok := x.cutReleases(data, relPath, pieces); ok {
			return r
		}
	}
	for _, sp := range []string{relPath, links.OCDSRecordPackage(p.ID)} {
		if err := os.Remove(out(dir, sp)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return ocdsResult{err: fmt.Errorf("export: %w", err)}
		}
	}
	return x.buildOCDS(dir, p, dirs)
}

// cutReleases splits the release package data at sitePath into its releases, whose lengths and
// days pieces gives; ok is false when the package is not the head, those releases and the tail.
func (x *exporter) cutReleases(data []byte, sitePath string, pieces []Piece) (r ocdsResult, ok bool) {
	head, tail, err := packageHeadTail(x.releasePackage(x.abs(sitePath), nil), sitePath)
	if err != nil || !bytes.HasPrefix(data, head) || !bytes.HasSuffix(data, tail) || len(data) < len(head)+len(tail) {
		return r, false
	}
	body := data[len(head) : len(data)-len(tail)]
	for i, pc := range pieces {
		if i > 0 {
			if len(body) == 0 || body[0] != ',' {
				return r, false
			}
			body = body[1:]
		}
		day, err := records.ParseDate(pc.Day)
		if err != nil || pc.Len <= 0 || pc.Len > len(body) {
			return r, false
		}
		r.rels = append(r.rels, body[:pc.Len])
		r.days = append(r.days, day)
		body = body[pc.Len:]
	}
	return r, len(body) == 0
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
