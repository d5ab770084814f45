package site

import (
	"os"
	"path/filepath"
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

// TestCalendarMissingOnProjectPages: without data/calendar/2026.yaml, the deadlines that need it
// are calendar-missing findings on their projects' stages, and each shows on its project page
// beside that stage (or in the project's block when the stage is not public yet).
func TestCalendarMissingOnProjectPages(t *testing.T) {
	root := siteRoot(t)
	if err := os.Remove(filepath.Join(root, "data", "calendar", "2026.yaml")); err != nil {
		t.Fatal(err)
	}
	ds := load(t, root)
	var stageFindings []records.Finding
	for _, f := range ds.Findings {
		if f.Rule == "calendar-missing" && f.Project != "" {
			stageFindings = append(stageFindings, f)
		}
	}
	if len(stageFindings) == 0 {
		t.Fatal("no calendar-missing finding on a project stage without the 2026 calendar")
	}
	t.Logf("%d calendar-missing findings on project stages", len(stageFindings))
	out := filepath.Join(t.TempDir(), "public")
	r, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, out); err != nil {
		t.Fatal(err)
	}
	for _, f := range stageFindings {
		doc := parseHTMLPage(t, out, "projects/"+f.Project+"/index.html")
		stages := map[string]bool{}
		for _, s := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" && nodeHasClass(n, "stage") }) {
			stages[nodeAttr(s, "id")] = true
		}
		want := ""
		if stages[findingAnchor(f)] {
			want = findingAnchor(f)
		}
		found := false
		for _, li := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "li" && nodeHasClass(n, "finding") }) {
			if isFindingItem(li, f, f.Message) && enclosingStageID(li) == want {
				found = true
			}
		}
		if !found {
			t.Errorf("projects/%s: calendar-missing (%s#%d) not shown at %q: %q", f.Project, f.Stage, f.Index, want, f.Message)
		}
	}
}
