package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// "Changes since a date", served as static files: the releases first published on a day form
// that day's release package (/data/ocds/changes/YYYY-MM-DD.json), and an index lists every day
// with its count. A reuser polls the index and fetches the days after the last one it has; a
// day whose count changed was amended (a record added later with an earlier date).
//
// A day's package is dated that day, not the build date, so its bytes stay the same from one
// daily build to the next while its releases do.

// ChangesIndex is /data/ocds/changes/index.json.
type ChangesIndex struct {
	URI           string       `json:"uri"`
	PublishedDate string       `json:"publishedDate"`
	Releases      int          `json:"releases"` // the sum of the days' counts
	Days          []ChangesDay `json:"days"`
}

// ChangesDay is one day of the index.
type ChangesDay struct {
	Date     string `json:"date"` // YYYY-MM-DD, China Standard Time
	Releases int    `json:"releases"`
	URL      string `json:"url"`
}

// changesFlushBytes bounds the encoded releases held in memory: past it every day's pending
// releases are appended to its file. A variable so a test can make it flush at every release.
var changesFlushBytes = 8 << 20

// changesWriter gathers encoded releases by day, in the order they are added (project order),
// and writes each day's package.
type changesWriter struct {
	x       *exporter
	dir     string
	days    map[records.Date]*changesDay
	pending int // bytes buffered over all days
	// linked are the days whose package was taken from the published folder (aggregate.go),
	// with their number of releases, for the index.
	linked map[records.Date]int
}

type changesDay struct {
	buf     bytes.Buffer
	n       int  // releases added
	created bool // the file exists and holds the head and every release flushed so far
}

func (x *exporter) newChangesWriter(dir string) *changesWriter {
	return &changesWriter{x: x, dir: dir, days: map[records.Date]*changesDay{}, linked: map[records.Date]int{}}
}

// add appends one release, compact JSON without its final newline, to day's package.
func (w *changesWriter) add(day records.Date, rel []byte) error {
	d := w.days[day]
	if d == nil {
		d = &changesDay{}
		w.days[day] = d
	}
	if d.n > 0 {
		d.buf.WriteByte(',')
	}
	d.n++
	d.buf.Write(rel)
	w.pending += len(rel) + 1
	if w.pending > changesFlushBytes {
		return w.flushAll()
	}
	return nil
}

// head and tail of day's package: everything before and after its releases.
func (w *changesWriter) headTail(day records.Date) (head, tail []byte, err error) {
	path := links.OCDSChanges(day.String())
	pkg := w.x.releasePackage(w.x.abs(path), nil)
	pkg.PublishedDate = dayStart(day)
	return packageHeadTail(pkg, path)
}

// packageHeadTail splits the encoding of a package with no releases at its empty release list.
func packageHeadTail(pkg *ReleasePackage, path string) (head, tail []byte, err error) {
	empty, err := encodeJSON(pkg, "")
	if err != nil {
		return nil, nil, err
	}
	i := bytes.LastIndex(empty, []byte("[]"))
	if i < 0 {
		return nil, nil, fmt.Errorf("export: %s: unexpected package encoding", path)
	}
	return empty[:i+1], empty[i+1:], nil
}

// flush appends day's buffered releases to its file, creating it with the package head first.
func (w *changesWriter) flush(day records.Date, d *changesDay, last bool) error {
	path := links.OCDSChanges(day.String())
	name := out(w.dir, path)
	var f *os.File
	var err error
	if !d.created {
		head, _, err := w.headTail(day)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if f, err = os.Create(name); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		d.created = true
		if _, err := f.Write(head); err != nil {
			f.Close()
			return fmt.Errorf("export: %s: %w", path, err)
		}
	} else if f, err = os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := f.Write(d.buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("export: %s: %w", path, err)
	}
	w.pending -= d.buf.Len()
	d.buf = bytes.Buffer{}
	if last {
		_, tail, err := w.headTail(day)
		if err != nil {
			f.Close()
			return err
		}
		if _, err := f.Write(tail); err != nil {
			f.Close()
			return fmt.Errorf("export: %s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %s: %w", path, err)
	}
	return nil
}

func (w *changesWriter) sortedDays() []records.Date {
	days := make([]records.Date, 0, len(w.days))
	for d := range w.days {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	return days
}

func (w *changesWriter) flushAll() error {
	for _, day := range w.sortedDays() {
		if d := w.days[day]; d.buf.Len() > 0 {
			if err := w.flush(day, d, false); err != nil {
				return err
			}
		}
	}
	w.pending = 0
	return nil
}

// close finishes every day's package and writes the index.
func (w *changesWriter) close() error {
	idx := ChangesIndex{
		URI:           w.x.abs(links.OCDSChangesIndex),
		PublishedDate: w.x.asOf.Format("2006-01-02T15:04:05Z07:00"),
		Days:          []ChangesDay{},
	}
	days := w.sortedDays()
	for day := range w.linked {
		days = append(days, day)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	for _, day := range days {
		n, linked := w.linked[day]
		if !linked {
			d := w.days[day]
			if err := w.flush(day, d, true); err != nil {
				return err
			}
			n = d.n
		}
		idx.Days = append(idx.Days, ChangesDay{Date: day.String(), Releases: n, URL: w.x.abs(links.OCDSChanges(day.String()))})
		idx.Releases += n
	}
	return writeJSON(w.dir, links.OCDSChangesIndex, idx)
}
