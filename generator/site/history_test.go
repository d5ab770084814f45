package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// A stage committed to the repository weeks after the date it states shows both dates — the
// stated one and its first appearance in the history — on its notice page and on its project's
// timeline, and carries a backdated finding (compliance.md: the history's date is the honest one).

// gitIn runs git in dir with a clean configuration, the commit dated at when unless zero.
func gitIn(t *testing.T, dir string, when time.Time, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=书记员", "GIT_AUTHOR_EMAIL=clerk@example.cn", "GIT_COMMITTER_NAME=书记员", "GIT_COMMITTER_EMAIL=clerk@example.cn")
	if !when.IsZero() {
		s := when.Format(time.RFC3339)
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+s, "GIT_COMMITTER_DATE="+s)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// withoutSection is a project file without one top-level entry (key: and its indented lines).
func withoutSection(src, key string) string {
	var out []string
	skipping := false
	for _, line := range strings.SplitAfter(src, "\n") {
		top := line != "" && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '\n' && line[0] != '-'
		if top {
			skipping = strings.HasPrefix(line, key+":")
		}
		if !skipping {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

func TestBackdatedStageShowsBothDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := siteRoot(t)
	// An award public by the build date and stated at least three weeks before it.
	var p *records.Project
	for _, q := range load(t, root).Projects {
		if a := q.Award; a != nil && !a.Published.IsZero() && !a.Published.AddDays(21).After(testAsOf) {
			p = q
			break
		}
	}
	if p == nil {
		t.Fatal("the sample has no published award to back-date")
	}
	stated := p.Award.Published
	seen := stated.AddDays(20)

	// History: everything but that award committed long before any stated date, then the award
	// added 20 days after the day it claims.
	file := filepath.Join(root, filepath.FromSlash(p.File))
	full, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := withoutSection(string(full), "award")
	if cut == string(full) || strings.Contains(cut, "\naward:") {
		t.Fatalf("%s: could not take the award out", p.File)
	}
	if err := os.WriteFile(file, []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, root, time.Time{}, "init", "-q", "-b", "main")
	gitIn(t, root, time.Time{}, "add", "-A")
	gitIn(t, root, time.Date(2020, 1, 2, 10, 0, 0, 0, records.CST), "commit", "-q", "-m", "import")
	if err := os.WriteFile(file, full, 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, root, time.Time{}, "add", "-A")
	gitIn(t, root, time.Date(seen.Year, seen.Month, seen.Day, 10, 0, 0, 0, records.CST), "commit", "-q", "-m", "award")

	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		t.Fatalf("load: %v", diags)
	}
	ds.AsOf = testAsOf
	ds.Site.HistorySince = records.Date{} // the shipped history_since postdates these commits
	if d := records.LoadHistory(ds); len(d) > 0 {
		t.Fatalf("history: %v", d)
	}
	p = ds.Index.Project[p.ID]
	if p.Award.FirstSeen != seen {
		t.Fatalf("award first seen %s, want %s", p.Award.FirstSeen, seen)
	}
	rules.Apply(ds)
	var found bool
	for _, f := range ds.Findings {
		if f.Project == p.ID && f.Rule == "backdated" && f.Stage == string(records.KindAward) && f.Deadline == stated && f.Actual == seen {
			found = true
		}
	}
	if !found {
		t.Errorf("no backdated finding for %s's award (stated %s, first seen %s)", p.ID, stated, seen)
	}

	out := filepath.Join(t.TempDir(), "public")
	r, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, out); err != nil {
		t.Fatal(err)
	}
	var award records.Notice
	for _, n := range p.Notices(ds.AsOf) {
		if n.Kind == records.KindAward {
			award = n
		}
	}
	for _, lang := range []struct{ dir, claimed string }{{"", "声明发布："}, {"en/", "Stated: "}} {
		// The notice page: the published <dd> states the claim, then the first appearance.
		notice := parseHTMLPage(t, out, lang.dir+strings.TrimPrefix(links.Notice(award), "/")+"index.html")
		var dd *html.Node
		for _, n := range nodesWhere(notice, func(n *html.Node) bool { return n.Data == "dd" }) {
			if len(nodesWhere(n, func(c *html.Node) bool { return nodeHasClass(c, "first-seen") })) > 0 {
				dd = n
			}
		}
		if dd == nil {
			t.Fatalf("%s%s: no first-seen date", lang.dir, links.Notice(award))
		}
		if !strings.HasPrefix(nodeText(dd), lang.claimed) {
			t.Errorf("%s%s: published reads %q, want it to start %q", lang.dir, links.Notice(award), nodeText(dd), lang.claimed)
		}
		if got := datetimes(dd); strings.Join(got, " ") != stated.String()+" "+seen.String() {
			t.Errorf("%s%s: dates %v, want stated %s then first seen %s", lang.dir, links.Notice(award), got, stated, seen)
		}

		// The project page: the award's timeline entry and its section heading show both, and
		// the finding sits in the award's section.
		project := parseHTMLPage(t, out, lang.dir+strings.TrimPrefix(links.Project(p.ID), "/")+"index.html")
		marks := nodesWhere(project, func(n *html.Node) bool { return nodeHasClass(n, "first-seen") })
		if len(marks) != 2 {
			t.Errorf("%sprojects/%s: %d first-seen marks, want 2 (timeline and heading)", lang.dir, p.ID, len(marks))
		}
		for _, m := range marks {
			if got := datetimes(m); len(got) != 1 || got[0] != seen.String() {
				t.Errorf("%sprojects/%s: first-seen mark shows %v, want %s", lang.dir, p.ID, got, seen)
			}
		}
		var inAward bool
		for _, li := range nodesWhere(project, func(n *html.Node) bool { return n.Data == "li" && nodeHasClass(n, "finding") }) {
			codes := nodesWhere(li, func(n *html.Node) bool { return nodeHasClass(n, "code") })
			if len(codes) == 1 && nodeText(codes[0]) == "backdated" && enclosingStageID(li) == "award" {
				inAward = true
			}
		}
		if !inAward {
			t.Errorf("%sprojects/%s: the backdated finding is not shown in the award's section", lang.dir, p.ID)
		}
	}

	// The project's other stages were all committed in 2020, before the dates they state: they
	// show their stated date alone.
	for _, n := range p.Notices(ds.AsOf) {
		if n.Kind == records.KindAward {
			continue
		}
		doc := parseHTMLPage(t, out, strings.TrimPrefix(links.Notice(n), "/")+"index.html")
		if k := len(nodesWhere(doc, func(n *html.Node) bool { return nodeHasClass(n, "first-seen") })); k != 0 {
			t.Errorf("%s: %d first-seen marks, want none", links.Notice(n), k)
		}
	}
}

// datetimes lists the datetime attributes of the <time> elements under n, in order.
func datetimes(n *html.Node) []string {
	var out []string
	for _, tm := range nodesWhere(n, func(c *html.Node) bool { return c.Data == "time" }) {
		out = append(out, nodeAttr(tm, "datetime"))
	}
	return out
}
