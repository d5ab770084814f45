package site

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// treeOf reads every file under dir, by path relative to dir.
func treeOf(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestShardsRenderTheSameSite: rendered by many small Hugo sites, the site is byte for byte the
// one a single Hugo site renders (the shared build is one shard at the sample's size).
func TestShardsRenderTheSameSite(t *testing.T) {
	ds, single := sharedBuild(t)
	files := Pages(ds)
	if got := len(shards(files)); got != 1 {
		t.Fatalf("the sample makes %d shards at %d files a shard; the comparison needs one", got, shardFiles)
	}
	if err := eachPart(ds, func(part []File) error {
		if len(part) != len(files) {
			t.Errorf("the sample is generated in parts of %d files, not at once (%d)", len(part), len(files))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	defer func(n, b int) { shardFiles, shardBytes = n, b }(shardFiles, shardBytes)
	shardFiles, shardBytes = 40, 48<<10
	sh := shards(files)
	parts, inParts := 0, map[string]bool{}
	if err := eachPart(ds, func(part []File) error {
		parts++
		for _, f := range part {
			inParts[f.Path] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if parts < 5 || len(inParts) != len(files) {
		t.Errorf("generated in %d parts, %d distinct files of %d", parts, len(inParts), len(files))
	}
	if len(sh) < 5 || !sh[0].core {
		t.Fatalf("%d shards (first is core: %v); want many, the core first", len(sh), len(sh) > 0 && sh[0].core)
	}
	unitShard := map[string]int{}
	for i, s := range sh {
		if i > 0 && s.core {
			t.Errorf("shard %d is a core shard too", i)
		}
		for _, fi := range s.files {
			f := files[fi]
			if f.Unit == "" && i > 0 {
				t.Errorf("core file %s in shard %d", f.Path, i)
			}
			if j, ok := unitShard[f.Unit]; ok && j != i && f.Unit != "" {
				t.Errorf("unit %s split over shards %d and %d", f.Unit, j, i)
			}
			unitShard[f.Unit] = i
		}
	}

	many := filepath.Join(t.TempDir(), "public")
	r, err := New(shared.root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, many); err != nil {
		t.Fatal(err)
	}
	a, b := treeOf(t, single), treeOf(t, many)
	for name, data := range a {
		if other, ok := b[name]; !ok {
			t.Errorf("%s: only in the one-shard build", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s: differs between one shard and %d", name, len(sh))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: only in the %d-shard build", name, len(sh))
		}
	}
}

// TestEveryPageInBothLanguages: each page exists in Chinese at / and in English under /en/.
func TestEveryPageInBothLanguages(t *testing.T) {
	_, out := sharedBuild(t)
	zh, en := map[string]bool{}, map[string]bool{}
	for name := range treeOf(t, out) {
		if !strings.HasSuffix(name, "index.html") {
			continue
		}
		if rest, ok := strings.CutPrefix(name, "en/"); ok {
			en[rest] = true
		} else {
			zh[name] = true
		}
	}
	for p := range zh {
		if !en[p] {
			t.Errorf("%s has no English page", p)
		}
	}
	for p := range en {
		if !zh[p] {
			t.Errorf("en/%s has no Chinese page", p)
		}
	}
	if len(zh) < 500 {
		t.Errorf("only %d pages", len(zh))
	}
}

// relNext is the href of a page's rel=next link, "" if none.
func relNext(n *html.Node) string {
	if n.Type == html.ElementNode && n.Data == "a" {
		var href string
		next := false
		for _, a := range n.Attr {
			next = next || a.Key == "rel" && a.Val == "next"
			if a.Key == "href" {
				href = a.Val
			}
		}
		if next {
			return href
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if h := relNext(c); h != "" {
			return h
		}
	}
	return ""
}

// listedNotices follows a list's pager from its first page and returns the notice links of every
// page, in order, and how many pages there were.
func listedNotices(t *testing.T, out, list string, k records.NoticeKind) (hrefs []string, pages int) {
	t.Helper()
	for url := list; url != ""; pages++ {
		if pages > 1000 {
			t.Fatalf("%s: the pager does not end", list)
		}
		pg := readPage(t, pageFile(out, url))
		for n := range pg.root.Descendants() {
			if n.Type != html.ElementNode || n.Data != "th" || n.Parent == nil || n.Parent.Data != "tr" {
				continue
			}
			for a := range n.Descendants() {
				if a.Type == html.ElementNode && a.Data == "a" {
					for _, at := range a.Attr {
						if at.Key == "href" && strings.HasPrefix(at.Val, links.NoticeList(k)) {
							hrefs = append(hrefs, at.Val)
						}
					}
				}
			}
		}
		url = relNext(pg.root)
	}
	return hrefs, pages
}

// TestListsShowEveryNotice walks every kind's list and its year, body and method pages through
// their pagers, three rows a page so that most lists have several: each published notice appears
// once, newest first, on ⌈n/3⌉ pages.
func TestListsShowEveryNotice(t *testing.T) {
	ds, _ := sharedBuild(t)
	defer func(n int) { pageSize = n }(pageSize)
	pageSize = 3
	out := filepath.Join(t.TempDir(), "public")
	r, err := New(shared.root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, out); err != nil {
		t.Fatal(err)
	}
	want := map[records.NoticeKind][]records.Notice{}
	for _, p := range ds.Projects {
		for _, n := range p.Notices(ds.AsOf) {
			want[n.Kind] = append(want[n.Kind], n)
		}
	}
	total := 0
	for _, k := range records.NoticeKinds {
		ns := want[k]
		hrefs, pages := listedNotices(t, out, links.NoticeList(k), k)
		total += len(hrefs)
		var urls []string
		published := map[string]records.Date{}
		for _, n := range ns {
			urls = append(urls, links.Notice(n))
			published[links.Notice(n)] = n.Published
		}
		if got, want := sorted(hrefs), sorted(urls); !slices.Equal(got, want) {
			t.Errorf("%s: the list shows %d notices, %d are published", k, len(got), len(want))
		}
		if want := max(1, (len(ns)+pageSize-1)/pageSize); pages != want {
			t.Errorf("%s: %d list pages for %d notices, want %d", k, pages, len(ns), want)
		}
		for i := 1; i < len(hrefs); i++ {
			if published[hrefs[i]].After(published[hrefs[i-1]]) {
				t.Errorf("%s: %s listed after the older %s", k, hrefs[i], hrefs[i-1])
			}
		}
		// The pages of each value of a facet split the same notices.
		for _, facet := range []string{"year", "body", "method"} {
			var split []string
			values := map[string]int{}
			for _, n := range ns {
				values[facetOf(n, facet)]++
			}
			for v, count := range values {
				if v == "" {
					continue
				}
				h, pages := listedNotices(t, out, links.NoticeFacet(k, facet, v), k)
				if want := (count + pageSize - 1) / pageSize; pages != want {
					t.Errorf("%s %s %s: %d pages for %d notices, want %d", k, facet, v, pages, count, want)
				}
				split = append(split, h...)
			}
			if values[""] == 0 {
				if got, want := sorted(split), sorted(urls); !slices.Equal(got, want) {
					t.Errorf("%s: the %s pages show %d notices, %d are published", k, facet, len(got), len(want))
				}
			}
		}
	}
	if total < 100 {
		t.Errorf("the lists show %d notices in all", total)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// facetOf is a notice's value of a facet as its URL names it, "" if it has none.
func facetOf(n records.Notice, facet string) string {
	switch facet {
	case "year":
		return strconv.Itoa(n.Published.Year)
	case "body":
		return n.Project.Body
	case "method":
		if n.Project.Call != nil && !n.Project.Call.Published.IsZero() && !n.Project.Call.Published.After(testAsOf) {
			return methodSlugs[n.Project.Call.Method]
		}
	}
	return ""
}

// TestSitemapListsEveryPage: the sitemap index and its sitemaps list every page, in both
// languages, at the site's absolute URLs; the 404 page is no page of the site.
func TestSitemapListsEveryPage(t *testing.T) {
	ds, out := sharedBuild(t)
	base := strings.TrimSuffix(ds.Site.BaseURL, "/")
	var index struct {
		Sitemaps []string `xml:"sitemap>loc"`
	}
	b, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &index); err != nil || len(index.Sitemaps) == 0 {
		t.Fatalf("sitemap index: %v, %d sitemaps", err, len(index.Sitemaps))
	}
	listed := map[string]bool{}
	for _, loc := range index.Sitemaps {
		var set struct {
			URLs []string `xml:"url>loc"`
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(loc, base))))
		if err != nil {
			t.Fatalf("sitemap %s: %v", loc, err)
		}
		if err := xml.Unmarshal(b, &set); err != nil {
			t.Fatalf("sitemap %s: %v", loc, err)
		}
		for _, u := range set.URLs {
			if listed[u] {
				t.Errorf("%s listed twice", u)
			}
			listed[u] = true
		}
	}
	pages := 0
	for name := range treeOf(t, out) {
		if strings.HasSuffix(name, "/index.html") || name == "index.html" {
			pages++
			u := base + "/" + strings.TrimSuffix(name, "index.html")
			if !listed[u] {
				t.Errorf("%s is not in the sitemap", u)
			}
		}
	}
	if pages != len(listed) || pages < 500 {
		t.Errorf("%d pages, %d URLs in the sitemap", pages, len(listed))
	}
}

// TestAheadKeepsOrderAndStops: ahead hands the parts over in the order they were generated,
// stops the generator at the first error of the render, and returns the generator's own error.
func TestAheadKeepsOrderAndStops(t *testing.T) {
	gen := func(n int, fail error) func(func([]File) error) error {
		return func(do func([]File) error) error {
			for i := 0; i < n; i++ {
				if err := do([]File{{Path: strconv.Itoa(i)}}); err != nil {
					return err
				}
			}
			return fail
		}
	}
	var got []string
	if _, err := ahead(gen(50, nil), func(f []File) error { got = append(got, f[0].Path); return nil }); err != nil {
		t.Fatal(err)
	}
	for i, p := range got {
		if p != strconv.Itoa(i) {
			t.Fatalf("part %d arrived as %s: %v", i, p, got)
		}
	}
	if len(got) != 50 {
		t.Fatalf("%d parts of 50 rendered", len(got))
	}

	boom := errors.New("render failed")
	rendered, generated := 0, 0
	counting := func(do func([]File) error) error {
		return gen(50, nil)(func(f []File) error { generated++; return do(f) })
	}
	_, err := ahead(counting, func([]File) error {
		rendered++
		if rendered == 3 {
			return boom
		}
		return nil
	})
	if err != boom || rendered != 3 {
		t.Fatalf("render error: got %v after %d parts, want %v after 3", err, rendered, boom)
	}
	if generated > 4 {
		t.Errorf("the generator went on to %d parts after the render failed at the third", generated)
	}

	bad := errors.New("generation failed")
	if _, err := ahead(gen(2, bad), func([]File) error { return nil }); err != bad {
		t.Fatalf("generator error: got %v, want %v", err, bad)
	}
}
