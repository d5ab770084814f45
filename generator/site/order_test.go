package site

import (
	"testing"

	"golang.org/x/net/html"
)

// TestBodyAndProviderTablesNewestFirst: the project table of every body page and the award,
// contract and evaluation tables of every provider page are in date order, newest first, read
// from the dates the pages show.
func TestBodyAndProviderTablesNewestFirst(t *testing.T) {
	ds, out := sharedBuild(t)
	check := func(rel string, sections ...string) int {
		doc := parseHTMLPage(t, out, rel)
		rows := 0
		for _, sec := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" }) {
			id := nodeAttr(sec, "aria-labelledby")
			want := false
			for _, s := range sections {
				want = want || s == id
			}
			if !want {
				continue
			}
			prev := ""
			for _, tr := range nodesWhere(sec, func(n *html.Node) bool { return n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody" }) {
				times := nodesWhere(tr, func(n *html.Node) bool { return n.Data == "time" })
				if len(times) == 0 {
					t.Errorf("%s #%s: a row without a date: %q", rel, id, nodeText(tr))
					continue
				}
				d := nodeAttr(times[0], "datetime")
				if prev != "" && d > prev {
					t.Errorf("%s #%s: %s after %s: not newest first", rel, id, d, prev)
				}
				prev = d
				rows++
			}
		}
		return rows
	}
	rows := 0
	for _, b := range ds.Bodies {
		rows += check("bodies/"+b.ID+"/index.html", "projects")
	}
	for _, p := range ds.Providers {
		rows += check("providers/"+p.CreditCode+"/index.html", "awards", "contracts", "evals")
	}
	if rows < 100 {
		t.Errorf("only %d dated rows checked", rows)
	}
}
