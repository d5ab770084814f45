package export

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// publisher is the package publisher: site.yaml's publisher, with the site as its URI.
func (x *exporter) publisher() Publisher {
	return Publisher{Name: x.ds.Site.Publisher, URI: x.base + "/"}
}

func (x *exporter) releasePackage(uri string, rels []*Release) *ReleasePackage {
	if rels == nil {
		rels = []*Release{}
	}
	return &ReleasePackage{
		URI:               uri,
		Version:           OCDSVersion,
		Extensions:        []string{MetricsExtension},
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
// when a later stage is published in the next calendar year). The bulk files are streamed, so
// memory stays at one project's releases whatever the number of projects.
func (x *exporter) writeOCDS(dir string) error {
	years := map[int]*bulkWriter{}
	defer func() {
		for _, w := range years {
			w.f.Close() // after an error only; the normal path closes them below
		}
	}()
	for _, p := range x.ds.Projects {
		rels := x.releases(p)
		if len(rels) == 0 {
			continue // nothing public yet: no package, as no page
		}
		relURI := x.abs(links.OCDSReleasePackage(p.ID))
		if err := writeCompactJSON(dir, links.OCDSReleasePackage(p.ID), x.releasePackage(relURI, rels)); err != nil {
			return err
		}
		rec, err := x.recordPackage(p, relURI, rels)
		if err != nil {
			return err
		}
		if err := writeCompactJSON(dir, links.OCDSRecordPackage(p.ID), rec); err != nil {
			return err
		}
		w := years[p.Year]
		if w == nil {
			if w, err = x.newBulkWriter(dir, links.OCDSYear(p.Year)); err != nil {
				return err
			}
			years[p.Year] = w
		}
		if err := w.add(rels); err != nil {
			return err
		}
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		err := years[y].close()
		delete(years, y)
		if err != nil {
			return err
		}
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
	empty, err := encodeJSON(x.releasePackage(x.abs(sitePath), nil), "")
	if err != nil {
		return nil, err
	}
	i := bytes.LastIndex(empty, []byte("[]"))
	if i < 0 {
		return nil, fmt.Errorf("export: %s: unexpected package encoding", sitePath)
	}
	name := out(dir, sitePath)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	w := &bulkWriter{f: f, w: bufio.NewWriterSize(f, 1<<16), tail: empty[i+1:], path: sitePath}
	_, err = w.w.Write(empty[:i+1])
	return w, err
}

func (w *bulkWriter) add(rels []*Release) error {
	for _, r := range rels {
		data, err := encodeJSON(r, "")
		if err != nil {
			return err
		}
		if w.n > 0 {
			w.w.WriteByte(',')
		}
		w.n++
		if _, err := w.w.Write(bytes.TrimSuffix(data, []byte("\n"))); err != nil {
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
		Extensions:        []string{MetricsExtension},
		PublishedDate:     x.asOf.Format(time.RFC3339),
		Publisher:         x.publisher(),
		License:           x.ds.Site.LicenseURL,
		PublicationPolicy: x.abs(links.OpenData),
		Packages:          []string{relURI},
		Records:           []Record{{OCID: x.ocid(p), Releases: linked, CompiledRelease: compiled}},
	}, nil
}
