package site

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/records"
)

// The compliance findings as the built site shows them, read from the HTML (not grepped):
// each finding beside its stage on its project page (or, for a stage with no public notice yet —
// a missing one — in the project's own findings block), on the 合规 page, and each body's
// on-time rate on its page.

func parseHTMLPage(t *testing.T, out, rel string) *html.Node {
	t.Helper()
	f, err := os.Open(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("page: %v", err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return doc
}

func nodeAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func nodeHasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+nodeAttr(n, "class")+" ", " "+class+" ")
}

// all returns the element nodes under n (n included) that match, in document order.
func nodesWhere(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// enclosingStageID is the id of the section.stage around n, "" when n is outside every stage.
func enclosingStageID(n *html.Node) string {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Data == "section" && nodeHasClass(p, "stage") {
			return nodeAttr(p, "id")
		}
	}
	return ""
}

// findingAnchor is the anchor of a finding's stage on the project page: award, evaluation-2.
func findingAnchor(f records.Finding) string {
	if f.Index > 0 {
		return f.Stage + "-" + strconv.Itoa(f.Index)
	}
	return f.Stage
}

// isFindingItem reports whether li is the rendering of f in the given language: its text starts
// with the message, its rule code is shown, and its deadline is a <time> with the ISO date.
func isFindingItem(li *html.Node, f records.Finding, msg string) bool {
	if !strings.HasPrefix(nodeText(li), strings.Join(strings.Fields(msg), " ")) {
		return false
	}
	codes := nodesWhere(li, func(n *html.Node) bool { return nodeHasClass(n, "code") })
	if len(codes) != 1 || nodeText(codes[0]) != f.Rule {
		return false
	}
	if f.Deadline.IsZero() {
		return true
	}
	for _, tm := range nodesWhere(li, func(n *html.Node) bool { return n.Data == "time" }) {
		if nodeAttr(tm, "datetime") == f.Deadline.String() {
			return true
		}
	}
	return false
}

func TestFindingsOnProjectPages(t *testing.T) {
	ds, out := sharedBuild(t)
	byProject := map[string][]records.Finding{}
	for _, f := range ds.Findings {
		if f.Project != "" { // calendar-missing concerns the site, not a project
			byProject[f.Project] = append(byProject[f.Project], f)
		}
	}
	if len(byProject) == 0 {
		t.Fatal("no project findings: the sample data plants some")
	}
	for id, fs := range byProject {
		for _, lang := range []string{"", "en/"} {
			doc := parseHTMLPage(t, out, lang+"projects/"+id+"/index.html")
			stages := map[string]bool{}
			for _, s := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" && nodeHasClass(n, "stage") }) {
				stages[nodeAttr(s, "id")] = true
			}
			items := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "li" && nodeHasClass(n, "finding") })
			if len(items) != len(fs) {
				t.Errorf("%sprojects/%s: %d findings shown, want %d", lang, id, len(items), len(fs))
			}
			for _, f := range fs {
				msg := f.Message
				if lang == "en/" {
					msg = f.English
				}
				// Beside its stage when the stage is on the page; else (the project as a whole,
				// or a stage with nothing public yet) in the project's own block.
				want := ""
				if stages[findingAnchor(f)] {
					want = findingAnchor(f)
				}
				found := false
				for _, li := range items {
					if isFindingItem(li, f, msg) {
						found = true
						if got := enclosingStageID(li); got != want {
							t.Errorf("%sprojects/%s: %s shown in stage %q, want %q", lang, id, f.Rule, got, want)
						}
					}
				}
				if !found {
					t.Errorf("%sprojects/%s: finding not shown: %s (%s#%d) %q", lang, id, f.Rule, f.Stage, f.Index, msg)
				}
			}
		}
	}
}

func TestFindingsOnCompliancePage(t *testing.T) {
	ds, out := sharedBuild(t)
	doc := parseHTMLPage(t, out, "compliance/index.html")
	sections := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "aria-labelledby") == "all" })
	if len(sections) != 1 {
		t.Fatalf("compliance page: %d sections labelled 'all', want 1", len(sections))
	}
	rows := nodesWhere(sections[0], func(n *html.Node) bool {
		return n.Data == "tr" && len(nodesWhere(n, func(c *html.Node) bool { return c.Data == "td" })) > 0
	})
	if len(rows) != len(ds.Findings) {
		t.Errorf("compliance page lists %d findings, want %d", len(rows), len(ds.Findings))
	}
	for _, f := range ds.Findings {
		found := false
		for _, tr := range rows {
			th := nodesWhere(tr, func(n *html.Node) bool { return n.Data == "th" })
			var cells []string
			for _, td := range nodesWhere(tr, func(n *html.Node) bool { return n.Data == "td" }) {
				cells = append(cells, nodeText(td))
			}
			if len(th) == 1 && nodeText(th[0]) == f.Project && containsString(cells, strings.Join(strings.Fields(f.Message), " ")) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("compliance page: no row for %s %s %q", f.Project, f.Rule, f.Message)
		}
	}
	// The per-rule summary counts every rule that fired.
	perRule := map[string]int{}
	for _, f := range ds.Findings {
		perRule[f.Rule]++
	}
	for rule, n := range perRule {
		found := false
		for _, tr := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "tr" }) {
			th := nodesWhere(tr, func(n *html.Node) bool { return n.Data == "th" })
			tds := nodesWhere(tr, func(n *html.Node) bool { return n.Data == "td" })
			if len(th) == 1 && len(tds) >= 2 && strings.HasSuffix(nodeText(th[0]), rule) && nodeText(tds[1]) == strconv.Itoa(n) {
				found = true
			}
		}
		if !found {
			t.Errorf("compliance page: by-rule table lacks %s with %d findings", rule, n)
		}
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestOnTimeRateOnBodyPages(t *testing.T) {
	ds, out := sharedBuild(t)
	byBody := map[string][]records.BodyDisclosure{}
	for _, d := range ds.Disclosure {
		byBody[d.Body] = append(byBody[d.Body], d)
	}
	if len(byBody) == 0 {
		t.Fatal("no disclosure record: the sample data has deadline-bound notices")
	}
	for _, b := range ds.Bodies {
		doc := parseHTMLPage(t, out, "bodies/"+b.ID+"/index.html")
		checked, onTime := 0, 0
		for _, d := range byBody[b.ID] {
			checked += d.Checked
			onTime += d.OnTime
		}
		// The overall rate, beside its label in the body's facts.
		want := percent(int64(onTime), int64(checked))
		var rate string
		for _, dd := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "dd" }) {
			if s := nodesWhere(dd, func(n *html.Node) bool { return n.Data == "strong" }); len(s) == 1 {
				rate = nodeText(s[0])
			}
		}
		if rate != want {
			t.Errorf("bodies/%s: on-time rate %q, want %q (%d of %d)", b.ID, rate, want, onTime, checked)
		}
		// The per-year table: year, checked, on time, rate.
		sec := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "aria-labelledby") == "disc" })
		if len(sec) != 1 {
			t.Errorf("bodies/%s: no disclosure section", b.ID)
			continue
		}
		rows := map[string][]string{}
		for _, tr := range nodesWhere(sec[0], func(n *html.Node) bool { return n.Data == "tr" }) {
			th := nodesWhere(tr, func(n *html.Node) bool { return n.Data == "th" && nodeAttr(n, "scope") == "row" })
			if len(th) != 1 {
				continue
			}
			var cells []string
			for _, td := range nodesWhere(tr, func(n *html.Node) bool { return n.Data == "td" }) {
				cells = append(cells, nodeText(td))
			}
			rows[nodeText(th[0])] = cells
		}
		if len(rows) != len(byBody[b.ID]) {
			t.Errorf("bodies/%s: %d disclosure years shown, want %d", b.ID, len(rows), len(byBody[b.ID]))
		}
		for _, d := range byBody[b.ID] {
			got := rows[strconv.Itoa(d.Year)]
			want := []string{strconv.Itoa(d.Checked), strconv.Itoa(d.OnTime), percent(int64(d.OnTime), int64(d.Checked))}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("bodies/%s %d: row %v, want %v", b.ID, d.Year, got, want)
			}
		}
	}
}
