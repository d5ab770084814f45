// Package export writes the open data under <dir>/data/: OCDS 1.1 release and record packages,
// CSV tables, Atom feeds and the JSON Schema of the data files.
//
// Everything is derived from the loaded records.Dataset; nothing re-reads YAML. Only what is public
// as of ds.AsOf is written (records.Project.Notices), and every byte is a function of the dataset
// alone — no clock, no map order — so two builds of the same data are identical.
package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/figures"
	"github.com/gongkai/gongkai/generator/records"
)

// Options for Write.
type Options struct {
	BaseURL string // absolute site URL, e.g. https://example.gov.cn/; defaults to site.yaml's base_url
	// Reuse, when set, takes unchanged projects' OCDS packages from the published folder instead
	// of building them (the build's render cache), and notes every project's releases for the
	// next build.
	Reuse *Reuse
}

// Reuse is what Write needs to take a project's OCDS release and record packages from the last
// published build: they are hard-linked, and the releases the yearly and changes-since packages
// need are cut out of the release package, whose bytes are those of a fresh build when nothing
// the project's packages are made of has changed.
type Reuse struct {
	Dir string // the published folder
	// Unchanged says whether everything project id's packages are made of (its file, its
	// history, the shared data files, the build date, the base URL, the generator) is what the
	// published build was made from.
	Unchanged func(id string) bool
	Last      map[string][]Piece // project id → its releases as the published build wrote them
	Next      map[string][]Piece // filled by Write: the same for this build
	Reused    int                // projects whose packages were taken from Dir
	// LastFiles are the signatures of the published build's aggregate files (the yearly and
	// day packages, the feeds, the CSV tables; see aggregate.go) by site path; NextFiles, filled
	// by Write, this build's.
	LastFiles, NextFiles map[string]string
	Linked               int // aggregate files taken from Dir
}

// Piece is one release in a project's release package: the day it is first public (the
// changes-since package it goes into) and the length of its compact JSON.
type Piece struct {
	Day string `json:"d"`
	Len int    `json:"n"`
}

// Write writes every open-data file for ds into dir/data/.
func Write(ds *records.Dataset, dir string, opt Options) error {
	x, err := newExporter(ds, opt)
	if err != nil {
		return err
	}
	x.reuse = opt.Reuse
	if x.reuse != nil {
		x.reuse.Next, x.reuse.Reused = map[string][]Piece{}, 0
		x.reuse.NextFiles, x.reuse.Linked = map[string]string{}, 0
	}
	steps := []func(string) error{x.writeOCDS, x.writeCSV, x.writeFeeds, x.writeSchemas}
	for _, step := range steps {
		if err := step(dir); err != nil {
			return err
		}
	}
	return nil
}

// exporter carries what every output needs: the dataset, the base URL and the "as of" moment.
type exporter struct {
	ds    *records.Dataset
	base  string    // without trailing slash
	asOf  time.Time // ds.AsOf at 00:00 China Standard Time
	fig   *figures.Table
	reuse *Reuse // nil: build every package
	all   []records.Notice
}

func newExporter(ds *records.Dataset, opt Options) (*exporter, error) {
	if ds == nil || ds.Site == nil {
		return nil, errors.New("export: dataset has no site (data/site.yaml)")
	}
	if ds.AsOf.IsZero() {
		// The package dates and the visibility cut-off both come from AsOf; a zero AsOf would
		// publish stages dated in the future.
		return nil, errors.New("export: ds.AsOf is not set")
	}
	base := opt.BaseURL
	if base == "" {
		base = ds.Site.BaseURL
	}
	if base == "" {
		return nil, errors.New("export: no base URL (site.yaml base_url or Options.BaseURL)")
	}
	return &exporter{ds: ds, base: strings.TrimRight(base, "/"), asOf: ds.AsOf.Time(), fig: figures.Compute(ds, ds.AsOf)}, nil
}

// abs makes a site path (from package links) absolute.
func (x *exporter) abs(path string) string { return x.base + path }

// out is the file for a site path such as /data/csv/call.csv under dir.
func out(dir, sitePath string) string {
	return filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(sitePath, "/")))
}

// writeFile writes data to the site path under dir, creating folders.
func writeFile(dir, sitePath string, data []byte) error {
	name := out(dir, sitePath)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// marshalJSON is indented JSON with a final newline and without HTML escaping (URLs keep their &).
func marshalJSON(v any) ([]byte, error) { return encodeJSON(v, "  ") }

// encodeJSON is JSON with a final newline, indented by indent ("" for compact).
func encodeJSON(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return b.Bytes(), nil
}

func writeJSON(dir, sitePath string, v any) error {
	data, err := marshalJSON(v)
	if err != nil {
		return err
	}
	return writeFile(dir, sitePath, data)
}

// writeCompactJSON is for the OCDS files, read by programs (browsers indent JSON for people):
// no indentation, about 40% smaller, which counts at ten thousand projects.
func writeCompactJSON(dir, sitePath string, v any) error {
	data, err := encodeJSON(v, "")
	if err != nil {
		return err
	}
	return writeFile(dir, sitePath, data)
}

// dayStart is the first moment of d in China Standard Time, RFC 3339: 2025-06-05T00:00:00+08:00.
func dayStart(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.RFC3339)
}

// dayEnd is the last second of d: an end date in the data includes the whole day.
func dayEnd(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Add(24*time.Hour - time.Second).Format(time.RFC3339)
}

// moment is t in China Standard Time, RFC 3339.
func moment(t records.DateTime) string {
	if t.IsZero() {
		return ""
	}
	return t.In(records.CST).Format(time.RFC3339)
}

// yuan is an exact JSON number in yuan built from integer fen, without float formatting:
// 29000050 fen → 290000.5.
func yuan(m records.Money) json.Number {
	s := m.Yuan()
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	return json.Number(s)
}

// body and provider look-ups that tolerate a dangling ref (the loader reports those as errors,
// but export must never panic on a dataset it is handed).
func (x *exporter) body(id string) *records.Body {
	if b := x.ds.Index.Body[id]; b != nil {
		return b
	}
	for _, b := range x.ds.Bodies {
		if b.ID == id {
			return b
		}
	}
	return nil
}

func (x *exporter) provider(code string) *records.Provider {
	if p := x.ds.Index.Provider[code]; p != nil {
		return p
	}
	for _, p := range x.ds.Providers {
		if p.CreditCode == code {
			return p
		}
	}
	return nil
}

func (x *exporter) bodyName(id string) string {
	if b := x.body(id); b != nil {
		return b.Name
	}
	return id
}

func (x *exporter) providerName(code string) string {
	if p := x.provider(code); p != nil {
		return p.Name
	}
	return code
}

// notices is every public notice of every project, in project order then lifecycle order: a
// copy the caller may sort.
func (x *exporter) notices() []records.Notice {
	if x.all == nil {
		for _, p := range x.ds.Projects {
			x.all = append(x.all, p.Notices(x.ds.AsOf)...)
		}
	}
	return slices.Clone(x.all)
}
