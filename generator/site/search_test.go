package site

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/synth"
)

// decodedIndex is the search index with its rows read back through its own field list, the way
// assets/js/search.js reads it.
type decodedIndex struct {
	raw  searchIndex
	rows map[string]map[string]any // by project id
	ids  []string                  // in index order
}

func searchIndexOf(t *testing.T, ds *records.Dataset) (decodedIndex, []byte) {
	t.Helper()
	var data []byte
	for _, f := range Pages(ds) {
		if f.Static && strings.HasPrefix(f.Path, "search/index.") {
			data = f.Data
		}
	}
	if data == nil {
		t.Fatal("no search index among the generated files")
	}
	var d decodedIndex
	if err := json.Unmarshal(data, &d.raw); err != nil {
		t.Fatal(err)
	}
	d.rows = map[string]map[string]any{}
	for _, p := range d.raw.Projects {
		if len(p) != len(d.raw.Fields) {
			t.Fatalf("row %v has %d values for %d fields", p, len(p), len(d.raw.Fields))
		}
		r := map[string]any{}
		for i, f := range d.raw.Fields {
			r[f] = p[i]
		}
		id := r["id"].(string)
		d.rows[id] = r
		d.ids = append(d.ids, id)
	}
	return d, data
}

// names resolves a row's positions in a table of names.
func names(table []string, v any) []string {
	var out []string
	switch v := v.(type) {
	case float64:
		out = append(out, table[int(v)])
	case []any:
		for _, i := range v {
			out = append(out, table[int(i.(float64))])
		}
	}
	return out
}

func TestSearchIndex(t *testing.T) {
	ds := load(t, siteRoot(t))
	idx, data := searchIndexOf(t, ds)

	if idx.raw.Version != searchIndexVersion {
		t.Errorf("version %d, want %d", idx.raw.Version, searchIndexVersion)
	}
	// The URL templates, filled in, are package links' URLs.
	p0 := ds.Projects[0]
	if got := strings.ReplaceAll(idx.raw.Project, "{id}", p0.ID); got != links.Project(p0.ID) {
		t.Errorf("project URL template gives %s, want %s", got, links.Project(p0.ID))
	}
	n := records.Notice{Kind: records.KindAmendment, Index: 2, Project: p0}
	got := strings.NewReplacer("{kind}", string(n.Kind), "{id}", n.ID()).Replace(idx.raw.Notice)
	if got != links.Notice(n) {
		t.Errorf("notice URL template gives %s, want %s", got, links.Notice(n))
	}

	visible := 0
	for _, p := range ds.Projects {
		ns := p.Notices(ds.AsOf)
		r, ok := idx.rows[p.ID]
		if len(ns) == 0 {
			if ok {
				t.Errorf("%s: nothing published yet, but it is in the index", p.ID)
			}
			continue
		}
		visible++
		if !ok {
			t.Errorf("%s: published, missing from the index", p.ID)
			continue
		}
		if r["title"] != p.Title || int(r["year"].(float64)) != p.Year {
			t.Errorf("%s: title %v year %v, want %q %d", p.ID, r["title"], r["year"], p.Title, p.Year)
		}
		if b := names(idx.raw.Bodies, r["body"]); len(b) != 1 || b[0] != ds.Index.Body[p.Body].Name {
			t.Errorf("%s: body %v, want %s", p.ID, b, ds.Index.Body[p.Body].Name)
		}
		var want []string
		for _, n := range ns {
			want = append(want, searchNotice(n))
		}
		var have []string
		for _, v := range r["notices"].([]any) {
			have = append(have, v.(string))
		}
		if !slices.Equal(have, want) {
			t.Errorf("%s: notices %v, want %v", p.ID, have, want)
		}
	}
	if visible == 0 || len(idx.rows) != visible {
		t.Errorf("%d rows for %d published projects", len(idx.rows), visible)
	}
	// Newest year first, as the lists are.
	for i := 1; i < len(idx.ids); i++ {
		a, b := idx.rows[idx.ids[i-1]], idx.rows[idx.ids[i]]
		if a["year"].(float64) < b["year"].(float64) {
			t.Errorf("%s (%v) before %s (%v): not newest first", idx.ids[i-1], a["year"], idx.ids[i], b["year"])
			break
		}
	}
	// Same data, same bytes.
	if _, again := searchIndexOf(t, ds); !bytes.Equal(data, again) {
		t.Error("two generations of the index differ")
	}
}

// TestSearchIndexHidesUnpublishedProviders: a winner is named only once the award is out.
func TestSearchIndexHidesUnpublishedProviders(t *testing.T) {
	ds := load(t, siteRoot(t))
	var p *records.Project
	for _, q := range ds.Projects {
		if q.Award != nil && len(q.Award.Winners) > 0 && q.SingleSource == nil && !q.Award.Published.IsZero() &&
			q.Call != nil && q.Call.Published.Before(q.Award.Published) {
			p = q
			break
		}
	}
	if p == nil {
		t.Skip("no awarded project with a call before its award in the sample")
	}
	winner := ds.Index.Provider[p.Award.Winners[0].Provider].Name
	for _, tc := range []struct {
		asOf  records.Date
		named bool
	}{
		{p.Award.Published.AddDays(-1), false},
		{p.Award.Published, true},
	} {
		ds.AsOf = tc.asOf
		idx, _ := searchIndexOf(t, ds)
		r := idx.rows[p.ID]
		if r == nil {
			t.Fatalf("%s as of %s: not in the index", p.ID, tc.asOf)
		}
		got := slices.Contains(names(idx.raw.Providers, r["providers"]), winner)
		if got != tc.named {
			t.Errorf("%s as of %s: winner %s named %v, want %v", p.ID, tc.asOf, winner, got, tc.named)
		}
		// Nor anywhere else in the file: the tables hold only names some row uses.
		if !tc.named && slices.Contains(idx.raw.Providers, winner) && !namedElsewhere(idx, winner) {
			t.Errorf("as of %s: %s is in the provider table though no published row names it", tc.asOf, winner)
		}
	}
}

func namedElsewhere(idx decodedIndex, name string) bool {
	for _, r := range idx.rows {
		if slices.Contains(names(idx.raw.Providers, r["providers"]), name) {
			return true
		}
	}
	return false
}

// TestSearchIndexSize measures the index at 10,000 projects (GONGKAI_SEARCH_SIZE=1 to run: the
// synthetic city takes a few seconds to generate and load).
func TestSearchIndexSize(t *testing.T) {
	if os.Getenv("GONGKAI_SEARCH_SIZE") == "" {
		t.Skip("set GONGKAI_SEARCH_SIZE=1 to measure the index at 10,000 projects")
	}
	root := t.TempDir()
	for _, d := range []string{"layouts", "i18n", "assets", "content"} {
		if err := os.Symlink(filepath.Join(repoRoot(t), d), filepath.Join(root, d)); err != nil {
			t.Fatal(err)
		}
	}
	if err := synth.Write(root, synth.Options{Projects: 10000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	ds := load(t, root)
	idx, data := searchIndexOf(t, ds)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	t.Logf("search index: %d projects, %d bytes, %d gzipped (%.0f / %.0f bytes a project)",
		len(idx.rows), len(data), gz.Len(), float64(len(data))/float64(len(idx.rows)), float64(gz.Len())/float64(len(idx.rows)))
	// Budget: under 3 MB raw and 600 kB gzipped at 10,000 projects, fetched only on first focus.
	if len(data) > 3<<20 || gz.Len() > 600<<10 {
		t.Errorf("search index too large: %d bytes, %d gzipped", len(data), gz.Len())
	}
}
