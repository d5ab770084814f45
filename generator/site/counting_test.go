package site

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// TestComplianceCounting: the 合规 page explains how periods are counted, in both languages, and
// its roll-over example is the date the contract-signing rule itself computes with the shipped
// calendars (an award notice of 2025-09-01: day 30 is inside the National Day holiday).
func TestComplianceCounting(t *testing.T) {
	ds, out := sharedBuild(t)
	notice := records.Date{Year: 2025, Month: 9, Day: 1}
	p := &records.Project{ID: "X", Award: &records.Award{Decided: notice, Published: notice}}
	var due records.Date
	for _, d := range rules.Deadlines(&records.Dataset{Site: ds.Site, Calendars: ds.Calendars, AsOf: notice}, p) {
		if d.Rule == "contract-signing" {
			due = d.Due
		}
	}
	if due.IsZero() {
		t.Fatal("no contract-signing deadline for the example")
	}
	for _, c := range []struct{ lang, law, date string }{
		{"", "第二百零三条", due.Chinese()},
		{"en/", "art. 203", due.String()},
	} {
		doc := parseHTMLPage(t, out, c.lang+"compliance/index.html")
		sections := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "aria-labelledby") == "counting" })
		if len(sections) != 1 {
			t.Fatalf("%scompliance: %d counting sections, want 1", c.lang, len(sections))
		}
		items := nodesWhere(sections[0], func(n *html.Node) bool { return n.Data == "li" })
		if len(items) != 5 {
			t.Errorf("%scompliance: %d counting items, want 5", c.lang, len(items))
		}
		var all []string
		for _, li := range items {
			s := nodeText(li)
			if len(s) < 40 || strings.HasPrefix(s, "compliance-") {
				t.Errorf("%scompliance: counting item not translated: %q", c.lang, s)
			}
			all = append(all, s)
		}
		text := strings.Join(all, "\n")
		if !strings.Contains(text, c.law) || !strings.Contains(text, c.date) {
			t.Errorf("%scompliance: the roll-over example should cite %s and end on %s:\n%s", c.lang, c.law, c.date, text)
		}
	}
}
