package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// page is a parsed HTML page with what the tests look at.
type page struct {
	h1    string
	text  string          // all text, whitespace-collapsed
	data  map[string]bool // <data value>
	times map[string]bool // <time datetime>
	hrefs map[string]bool // <a href>
	ids   map[string]bool // id attributes
	root  *html.Node
}

func readPage(t *testing.T, file string) *page {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v", err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	p := &page{data: map[string]bool{}, times: map[string]bool{}, hrefs: map[string]bool{}, ids: map[string]bool{}, root: doc}
	var text strings.Builder
	var walk func(n *html.Node, inH1 bool)
	walk = func(n *html.Node, inH1 bool) {
		switch n.Type {
		case html.TextNode:
			text.WriteString(n.Data)
			if inH1 {
				p.h1 += n.Data
			}
		case html.ElementNode:
			for _, a := range n.Attr {
				switch {
				case n.Data == "data" && a.Key == "value":
					p.data[a.Val] = true
				case n.Data == "time" && a.Key == "datetime":
					p.times[a.Val] = true
				case n.Data == "a" && a.Key == "href":
					p.hrefs[a.Val] = true
				case a.Key == "id":
					p.ids[a.Val] = true
				}
			}
			inH1 = inH1 || n.Data == "h1"
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inH1)
		}
	}
	walk(doc, false)
	p.text = strings.Join(strings.Fields(text.String()), " ")
	p.h1 = strings.Join(strings.Fields(p.h1), " ")
	return p
}

// file is the index.html of a site path under out.
func pageFile(out, sitePath string) string {
	return filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(sitePath, "/")), "index.html")
}

func TestEveryProjectPageHasItsFacts(t *testing.T) {
	ds, out := sharedBuild(t)
	checked := 0
	for _, p := range ds.Projects {
		ns := p.Notices(ds.AsOf)
		if len(ns) == 0 {
			if _, err := os.Stat(pageFile(out, links.Project(p.ID))); err == nil {
				t.Errorf("%s: nothing published yet, but its project page exists", p.ID)
			}
			continue
		}
		checked++
		for _, lang := range []string{"", "/en"} {
			pg := readPage(t, pageFile(out, lang+links.Project(p.ID)))
			if pg.h1 != p.Title {
				t.Errorf("%s%s: h1 = %q, want %q", lang, p.ID, pg.h1, p.Title)
			}
			if !pg.data[p.Budget.Yuan()] {
				t.Errorf("%s: budget %s not on the project page", p.ID, p.Budget.Yuan())
			}
			for _, n := range ns {
				if !pg.times[n.Published.String()] {
					t.Errorf("%s: %s published %s not shown", p.ID, n.Kind, n.Published)
				}
				if !pg.hrefs[lang+links.Notice(n)] {
					t.Errorf("%s%s: no link to its %s notice %s", lang, p.ID, n.Kind, links.Notice(n))
				}
			}
			if a := p.Award; a != nil && published(a.Published, ds.AsOf) {
				for _, w := range a.Winners {
					if !pg.data[w.Amount.Yuan()] {
						t.Errorf("%s: award amount %s missing", p.ID, w.Amount.Yuan())
					}
					if pr := ds.Index.Provider[w.Provider]; pr != nil && !strings.Contains(pg.text, pr.Name) {
						t.Errorf("%s: provider %s missing", p.ID, pr.Name)
					}
				}
			}
			if c := p.Contract; c != nil && published(c.Published, ds.AsOf) {
				if !pg.data[c.Amount.Yuan()] {
					t.Errorf("%s: contract amount %s missing", p.ID, c.Amount.Yuan())
				}
				if !strings.Contains(pg.text, c.Number) {
					t.Errorf("%s: contract number %s missing", p.ID, c.Number)
				}
			}
			for _, e := range p.Evaluations {
				if !published(e.Published, ds.AsOf) {
					continue
				}
				for _, is := range e.Indicators {
					if !strings.Contains(pg.text, is.Name) {
						t.Errorf("%s: evaluation indicator %q missing", p.ID, is.Name)
					}
				}
			}
			if !pg.hrefs[links.OCDSReleasePackage(p.ID)] {
				t.Errorf("%s: no link to its OCDS release package", p.ID)
			}
		}
	}
	if checked == 0 {
		t.Fatal("the sample publishes no project")
	}
}

func TestEveryNoticePageHasItsFacts(t *testing.T) {
	ds, out := sharedBuild(t)
	for _, p := range ds.Projects {
		for _, n := range p.Notices(ds.AsOf) {
			pg := readPage(t, pageFile(out, links.Notice(n)))
			if !strings.HasPrefix(pg.h1, p.Title+" "+n.Kind.Chinese()) {
				t.Errorf("%s: h1 = %q", links.Notice(n), pg.h1)
			}
			if !pg.times[n.Published.String()] || !strings.Contains(pg.text, n.Published.Chinese()) {
				t.Errorf("%s: publication date %s not shown in Chinese", links.Notice(n), n.Published)
			}
			if !pg.hrefs[links.Project(p.ID)] {
				t.Errorf("%s: no link to the project", links.Notice(n))
			}
			switch n.Kind {
			case records.KindCall:
				if p.Call.Ceiling != 0 && !pg.data[p.Call.Ceiling.Yuan()] {
					t.Errorf("%s: ceiling missing", links.Notice(n))
				}
				if !strings.Contains(pg.text, p.Call.Method) {
					t.Errorf("%s: method missing", links.Notice(n))
				}
			case records.KindAward:
				for _, w := range p.Award.Winners {
					if !pg.data[w.Amount.Yuan()] {
						t.Errorf("%s: winner amount %s missing", links.Notice(n), w.Amount.Yuan())
					}
					if !pg.hrefs[links.Provider(w.Provider)] {
						t.Errorf("%s: no link to the winner", links.Notice(n))
					}
				}
				for _, e := range p.Award.Experts {
					if !strings.Contains(pg.text, e) {
						t.Errorf("%s: expert %s missing", links.Notice(n), e)
					}
				}
			case records.KindContract:
				if !pg.data[p.Contract.Amount.Yuan()] || !strings.Contains(pg.text, p.Contract.Signed.Chinese()) {
					t.Errorf("%s: contract amount or signing date missing", links.Notice(n))
				}
			case records.KindEvaluation:
				e := p.Evaluations[n.Index-1]
				if !strings.Contains(pg.text, e.Grade) || !strings.Contains(pg.text, score(e.Score)) {
					t.Errorf("%s: grade or score missing", links.Notice(n))
				}
			}
			// The English edition exists too, with ISO dates.
			en := readPage(t, pageFile(out, "/en"+links.Notice(n)))
			if !strings.Contains(en.text, n.Published.String()) {
				t.Errorf("/en%s: ISO date missing", links.Notice(n))
			}
		}
	}
}

// TestFutureStagesAppearNowhere checks that a stage published after the build date has no page,
// no link and no trace of its own facts anywhere in the site.
func TestFutureStagesAppearNowhere(t *testing.T) {
	ds, out := sharedBuild(t)
	var future []records.Notice
	for _, p := range ds.Projects {
		visible := map[string]bool{}
		for _, n := range p.Notices(ds.AsOf) {
			visible[links.Notice(n)] = true
		}
		for _, n := range p.Notices(records.Date{}) {
			if !visible[links.Notice(n)] {
				future = append(future, n)
			}
		}
	}
	if len(future) == 0 {
		t.Skip("the sample has no stage dated after the build date")
	}
	for _, n := range future {
		if _, err := os.Stat(pageFile(out, links.Notice(n))); err == nil {
			t.Errorf("future %s has a page", links.Notice(n))
		}
	}
	// No page links to them, and no page shows their date as a publication date.
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, n := range future {
			if bytes.Contains(b, []byte(`href="`+links.Notice(n)+`"`)) || bytes.Contains(b, []byte(`href="/en`+links.Notice(n)+`"`)) {
				t.Errorf("%s links to future %s", path, links.Notice(n))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOverviewPages(t *testing.T) {
	ds, out := sharedBuild(t)
	paths := []string{links.Home, links.Catalogue, links.Sanctions, links.Compliance, links.OpenData, links.Bodies,
		links.Providers, links.Projects, links.Notices, links.BudgetsIndex, "/about/", "/policy/", "/data-notes/"}
	for _, k := range records.NoticeKinds {
		paths = append(paths, links.NoticeList(k))
	}
	for _, b := range ds.Bodies {
		paths = append(paths, links.Body(b.ID))
	}
	for _, p := range ds.Providers {
		paths = append(paths, links.Provider(p.CreditCode))
	}
	for _, b := range ds.Budgets {
		paths = append(paths, links.Budgets(b.Year))
	}
	for _, p := range paths {
		for _, lang := range []string{"", "/en"} {
			pg := readPage(t, pageFile(out, lang+p))
			if pg.h1 == "" {
				t.Errorf("%s%s: no h1", lang, p)
			}
		}
	}

	// Budget page: each year's total budget equals the sum of its lines, in exact yuan.
	for _, by := range ds.Budgets {
		var total records.Money
		for _, bb := range by.Bodies {
			for _, l := range bb.Lines {
				total += l.Amount
			}
		}
		pg := readPage(t, pageFile(out, links.Budgets(by.Year)))
		if !pg.data[total.Yuan()] {
			t.Errorf("budget %d: total %s not shown", by.Year, total.Yuan())
		}
		if !hasElement(pg.root, "svg") {
			t.Errorf("budget %d: no chart", by.Year)
		}
	}

	// Lists link to the Atom feed export writes; facets are static pages.
	call := readPage(t, pageFile(out, links.NoticeList(records.KindCall)))
	if !hasAlternateFeed(call.root, links.Feed(records.KindCall)) {
		t.Error("call list: no <link rel=alternate> to its Atom feed")
	}
	year := ds.AsOf.Year
	facet := links.NoticeFacet(records.KindCall, "year", strconv.Itoa(year))
	if !call.hrefs[facet] {
		t.Errorf("call list: no filter link %s", facet)
	}
	fp := readPage(t, pageFile(out, facet))
	for href := range fp.hrefs {
		if strings.HasPrefix(href, "/notices/call/") && strings.Count(href, "/") == 4 && !strings.Contains(href, "/year/") {
			// A notice linked from the year facet must be published in that year.
			id := strings.Split(href, "/")[3]
			if p := ds.Index.Project[id]; p != nil && p.Call != nil && p.Call.Published.Year != year {
				t.Errorf("year facet %d lists %s published %s", year, id, p.Call.Published)
			}
		}
	}
}

// published says whether a stage dated d is public as of asOf (an undated stage never is).
func published(d, asOf records.Date) bool { return !d.IsZero() && !d.After(asOf) }

func hasElement(n *html.Node, tag string) bool {
	if n.Type == html.ElementNode && n.Data == tag {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasElement(c, tag) {
			return true
		}
	}
	return false
}

func hasAlternateFeed(n *html.Node, href string) bool {
	if n.Type == html.ElementNode && n.Data == "link" {
		var rel, typ, h string
		for _, a := range n.Attr {
			switch a.Key {
			case "rel":
				rel = a.Val
			case "type":
				typ = a.Val
			case "href":
				h = a.Val
			}
		}
		if rel == "alternate" && typ == "application/atom+xml" && h == href {
			return true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasAlternateFeed(c, href) {
			return true
		}
	}
	return false
}
