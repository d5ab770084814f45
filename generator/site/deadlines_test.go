package site

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// Every published stage shows its dates against its deadlines (site.md), on its notice page and
// under its entry in the project's timeline, exactly as the rules judged them: read from the
// built HTML.

// wantDeadline is the Chinese line a deadline must read as, written out independently of the
// templates: "结果公告时限 法定期限 2025年10月9日 · 逾期 4 个工作日".
func wantDeadline(d rules.Deadline) string {
	unit := d.Unit.Chinese() // the deadline's own: amendment-timing counts working days for 谈判
	label := map[string]string{
		"intention-lead": "采购意向提前公开", "single-source-notice": "单一来源公示", "tender-period": "招标期限",
		"documents-available": "招标文件提供期限", "negotiation-period": "谈判、询价期限", "consultation-period": "磋商期限",
		"consultation-documents": "磋商文件发售期限", "amendment-timing": "更正公告时间",
		"result-notice": "结果公告时限", "contract-signing": "合同签订时限", "contract-notice": "合同公告时限",
		"acceptance-public": "验收结果公开",
	}[d.Rule]
	due := "—"
	if !d.Due.IsZero() {
		due = d.Due.Chinese()
	}
	var b strings.Builder
	if d.Earliest {
		fmt.Fprintf(&b, "%s 最早可截止于 %s · 实际 %s · ", label, due, d.Actual.Chinese())
	} else {
		fmt.Fprintf(&b, "%s 法定期限 %s · ", label, due)
	}
	switch {
	case d.State == rules.OnTime && d.Earliest:
		b.WriteString("期限足够")
	case d.State == rules.OnTime:
		b.WriteString("按时")
	case d.State == rules.Pending:
		b.WriteString("尚未到期")
	case d.State == rules.Overdue:
		fmt.Fprintf(&b, "已逾期 %d %s，尚未完成", d.Delay, unit)
	case d.Earliest:
		fmt.Fprintf(&b, "少 %d %s", d.Delay, unit)
	default:
		fmt.Fprintf(&b, "逾期 %d %s", d.Delay, unit)
	}
	return b.String()
}

// shownDeadlines are the texts of the deadline items under n, with their state classes.
func shownDeadlines(n *html.Node) []string {
	var out []string
	for _, li := range nodesWhere(n, func(c *html.Node) bool { return c.Data == "li" && nodeHasClass(c, "deadline") }) {
		out = append(out, nodeAttr(li, "class")+": "+nodeText(li))
	}
	return out
}

func TestDeadlinesOnPages(t *testing.T) {
	ds, out := sharedBuild(t)
	j := rules.NewJudge(ds)
	states := map[rules.State]int{}
	for _, p := range ds.Projects {
		ns := p.Notices(ds.AsOf)
		if len(ns) == 0 {
			continue
		}
		all := j.Deadlines(p)
		project := parseHTMLPage(t, out, strings.TrimPrefix(links.Project(p.ID), "/")+"index.html")
		timeline := nodesWhere(project, func(n *html.Node) bool { return n.Data == "nav" && nodeHasClass(n, "timeline") })
		if len(timeline) != 1 {
			t.Fatalf("projects/%s: %d timelines", p.ID, len(timeline))
		}
		entries := nodesWhere(timeline[0], func(n *html.Node) bool {
			return n.Data == "li" && n.Parent != nil && n.Parent.Data == "ol"
		})
		if len(entries) != len(ns) {
			t.Fatalf("projects/%s: %d timeline entries, want %d", p.ID, len(entries), len(ns))
		}
		for i, n := range ns {
			var want []string
			for _, d := range all {
				if d.Stage == n.Kind && d.Index == n.Index {
					want = append(want, "deadline "+string(d.State)+": "+wantDeadline(d))
					states[d.State]++
				}
			}
			notice := parseHTMLPage(t, out, strings.TrimPrefix(links.Notice(n), "/")+"index.html")
			if got := shownDeadlines(notice); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: deadlines\n  %s\nwant\n  %s", links.Notice(n), strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			if got := shownDeadlines(entries[i]); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("projects/%s timeline, %s: deadlines\n  %s\nwant\n  %s", p.ID, n.ID(), strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		}
	}
	if states[rules.OnTime] == 0 || states[rules.Late] == 0 {
		t.Errorf("the sample shows deadlines in too few states: %v", states)
	}
}

// TestDeadlineExample pins the example of the brief on the sample data: a result notice four
// working days late, in both languages.
func TestDeadlineExample(t *testing.T) {
	ds, out := sharedBuild(t)
	p := ds.Index.Project["SLS-MZ-2025-003"]
	if p == nil || p.Award == nil {
		t.Skip("sample project SLS-MZ-2025-003 not present")
	}
	n := records.Notice{Kind: records.KindAward, Published: p.Award.Published, Project: p}
	for _, tc := range []struct{ dir, want string }{
		{"", "deadline late: 结果公告时限 法定期限 2025年10月9日 · 逾期 4 个工作日"},
		{"en/", "deadline late: Result notice on time Legal deadline 2025-10-09 · 4 working days late"},
	} {
		doc := parseHTMLPage(t, out, tc.dir+strings.TrimPrefix(links.Notice(n), "/")+"index.html")
		if got := shownDeadlines(doc); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s%s: %q, want %q", tc.dir, links.Notice(n), got, tc.want)
		}
	}
}
