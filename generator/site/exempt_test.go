package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// factsRow is the text of the <dd> after the <dt> whose text is label in the project page's
// header facts, or "" when there is none.
func factsRow(doc *html.Node, label string) string {
	for _, dl := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "dl" && nodeHasClass(n, "facts") }) {
		for dt := dl.FirstChild; dt != nil; dt = dt.NextSibling {
			if dt.Type != html.ElementNode || dt.Data != "dt" || nodeText(dt) != label {
				continue
			}
			for dd := dt.NextSibling; dd != nil; dd = dd.NextSibling {
				if dd.Type == html.ElementNode && dd.Data == "dd" {
					return nodeText(dd)
				}
			}
		}
	}
	return ""
}

// TestIntentionExemptShown: a project stating an exemption of 财库〔2020〕10号 shows it in its
// header, and owes no intention: the intention-lead finding it had without the statement is gone
// from the rules and from its page.
func TestIntentionExemptShown(t *testing.T) {
	root := siteRoot(t)
	const id = "SLS-WJ-2026-002" // its intention is late: a planted intention-lead finding
	file := filepath.Join(root, "data", "projects", "2026", id+".yaml")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	before := load(t, root)
	if !hasFinding(before, id, "intention-lead") {
		t.Fatalf("%s: no intention-lead finding to begin with", id)
	}
	s := strings.Replace(string(b), "\nintention:\n", "\nintention_exempt: 框架协议采购\nintention:\n", 1)
	if s == string(b) {
		t.Fatal("no intention block to mark")
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := load(t, root)
	if hasFinding(ds, id, "intention-lead") {
		t.Errorf("%s: intention-lead still judged despite the stated exemption", id)
	}
	out := filepath.Join(t.TempDir(), "public")
	r, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, out); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, label, note string }{{"", "免于公开采购意向", "财库〔2020〕10号"}, {"en/", "Exempt from the procurement intention", "Cai Ku [2020] No. 10"}} {
		doc := parseHTMLPage(t, out, c.lang+"projects/"+id+"/index.html")
		if got := factsRow(doc, c.label); !strings.Contains(got, "框架协议采购") || !strings.Contains(got, c.note) {
			t.Errorf("%sprojects/%s: exemption row %q", c.lang, id, got)
		}
		if strings.Contains(nodeText(doc), "intention-lead") {
			t.Errorf("%sprojects/%s: still shows an intention-lead finding", c.lang, id)
		}
	}
}

func hasFinding(ds *records.Dataset, project, rule string) bool {
	for _, f := range ds.Findings {
		if f.Project == project && f.Rule == rule {
			return true
		}
	}
	return false
}

// TestSingleSourceGroundShown: every single-source project's page states its ground and whether
// the law required a 公示, as rules.SingleSourceNoticeRequired decides it.
func TestSingleSourceGroundShown(t *testing.T) {
	ds, out := sharedBuild(t)
	n := 0
	for _, p := range ds.Projects {
		if p.Call == nil || p.Call.Method != records.MethodSingleSource || !p.Call.Published.Before(ds.AsOf) {
			continue
		}
		n++
		want := "无须公示"
		if rules.SingleSourceNoticeRequired(ds.Site, p) {
			want = "须先公示"
		}
		doc := parseHTMLPage(t, out, "projects/"+p.ID+"/index.html")
		if got := factsRow(doc, "单一来源理由"); !strings.Contains(got, p.Call.SingleSourceGround) || !strings.Contains(got, want) {
			t.Errorf("projects/%s: ground row %q, want %s and %s", p.ID, got, p.Call.SingleSourceGround, want)
		}
	}
	if n == 0 {
		t.Fatal("the sample has no public single-source call")
	}
}

// TestTerminationLinksTheNoticeItEnds: every public termination notice, in both languages, links
// to the notice it ends — the project's call — and that page exists.
func TestTerminationLinksTheNoticeItEnds(t *testing.T) {
	ds, out := sharedBuild(t)
	n := 0
	for _, p := range ds.Projects {
		var term, call *records.Notice
		for _, m := range p.Notices(ds.AsOf) {
			switch m.Kind {
			case records.KindTermination:
				term = &m
			case records.KindCall:
				call = &m
			}
		}
		if term == nil {
			continue
		}
		n++
		if call == nil {
			t.Fatalf("%s: terminated without a public call", p.ID)
		}
		for _, lang := range []string{"", "en/"} {
			doc := parseHTMLPage(t, out, lang+strings.TrimPrefix(links.Notice(*term), "/")+"index.html")
			var hrefs []string
			for _, pe := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "p" && nodeHasClass(n, "ends") }) {
				for _, a := range nodesWhere(pe, func(n *html.Node) bool { return n.Data == "a" }) {
					hrefs = append(hrefs, nodeAttr(a, "href"))
				}
			}
			want := lang + strings.TrimPrefix(links.Notice(*call), "/")
			if len(hrefs) != 1 || !strings.HasSuffix(hrefs[0], want) {
				t.Errorf("%s%s: links %v, want one to %s", lang, links.Notice(*term), hrefs, want)
				continue
			}
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(want), "index.html")); err != nil {
				t.Errorf("%s%s links to a missing page: %v", lang, links.Notice(*term), err)
			}
		}
	}
	if n == 0 {
		t.Fatal("the sample has no public termination")
	}
}
