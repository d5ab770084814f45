package rules

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

// seen sets the day a stage first appeared in the repository history.
func seen(d string) func(*records.Date) { return func(f *records.Date) { *f = day(d) } }

func awardSeen(decided, published, first string) func(*records.Project) {
	return func(p *records.Project) {
		p.Award = award(decided, published)
		seen(first)(&p.Award.FirstSeen)
	}
}

// TestHonestDates: the rules judge a stage by its first appearance in the history when that is
// later than the day it states, and report a stated date more than a day before it. The award
// cases are judged on 2025-06-30, before the contract falls due.
func TestHonestDates(t *testing.T) {
	callSeen := func(first string) func(*records.Project) {
		return func(p *records.Project) { seen(first)(&p.Call.FirstSeen) }
	}
	runCases(t, []ruleCase{
		{name: "result notice stated on time, first seen a week later", asOf: "2025-06-30",
			p: with(awardSeen("2025-06-03", "2025-06-04", "2025-06-11")),
			want: []string{
				"result-notice award#0 due=2025-06-05 actual=2025-06-11 +4workday",
				"backdated award#0 due=2025-06-04 actual=2025-06-11 +7day",
			}},
		{name: "first seen the day after the deadline: late, within the backdating allowance", asOf: "2025-06-30",
			p:    with(awardSeen("2025-06-03", "2025-06-05", "2025-06-06")),
			want: []string{"result-notice award#0 due=2025-06-05 actual=2025-06-06 +1workday"}},
		{name: "committed ahead of its stated date", asOf: "2025-06-30",
			p: with(awardSeen("2025-06-03", "2025-06-05", "2025-05-20"))},
		{name: "first seen two days late, deadline still met", asOf: "2025-06-30",
			p:    with(awardSeen("2025-06-03", "2025-06-03", "2025-06-05")),
			want: []string{"backdated award#0 due=2025-06-03 actual=2025-06-05 +2day"}},
		{name: "site allows no day", asOf: "2025-06-30", thresholds: map[string]int{"backdated": 0},
			p:    with(awardSeen("2025-06-03", "2025-06-04", "2025-06-05")),
			want: []string{"backdated award#0 due=2025-06-04 actual=2025-06-05 +1day"}},
		{name: "not in the record yet on the build date", asOf: "2025-06-09",
			p:    with(awardSeen("2025-06-03", "2025-06-04", "2025-06-11")),
			want: []string{"missing-stage award#0 due=2025-06-05 +2workday missing"}},
		{name: "back-dated call shortens the tender period", asOf: "2025-11-20",
			p: with(early, withCall("2025-04-07", records.MethodOpen, documents("2025-04-07", "2025-04-18"), bid("2025-04-27")),
				callSeen("2025-04-10")),
			want: []string{
				"tender-period call#0 due=2025-04-30 actual=2025-04-27 +3day",
				"backdated call#0 due=2025-04-07 actual=2025-04-10 +3day",
			}},
		{name: "back-dated intention is late for the call", asOf: "2025-11-20",
			p: with(withIntention("2025-03-01"), withCall("2025-04-07", records.MethodOther),
				func(p *records.Project) { seen("2025-03-20")(&p.Intention.FirstSeen) }),
			want: []string{
				"intention-lead intention#0 due=2025-03-08 actual=2025-03-20 +12day",
				"backdated intention#0 due=2025-03-01 actual=2025-03-20 +19day",
			}},
		{name: "back-dated evaluation", asOf: "2026-11-20",
			p: with(withContract("2025-03-03", "2025-03-04", "2025-12-31"), withEvaluation("结项验收", "2026-01-05", "2026-01-06"),
				func(p *records.Project) { seen("2026-03-02")(&p.Evaluations[0].FirstSeen) }),
			want: []string{
				"acceptance-public evaluation#1 due=2026-01-29 actual=2026-03-02 +18workday",
				"backdated evaluation#1 due=2026-01-06 actual=2026-03-02 +55day",
			}},
	})

	ds := apply("2025-06-30", nil, with(awardSeen("2025-06-03", "2025-06-04", "2025-06-11")))
	for _, f := range ds.Findings {
		zh := "结果公告声明发布日期为2025年6月4日，但该阶段于2025年6月11日才首次出现在公开记录中"
		en := "award notice states publication on 2025-06-04, but first appeared in the published record on 2025-06-11"
		if !strings.Contains(f.Message, zh) || !strings.Contains(f.English, en) {
			t.Errorf("%s does not give both dates:\n%s\n%s", f.Rule, f.Message, f.English)
		}
		if f.Pos.String() != at(awardLine, "published", awardKeys...) {
			t.Errorf("%s at %s, want the award's published", f.Rule, f.Pos)
		}
	}
}

// TestHistoryEndToEnd commits a small site in two steps, the second adding a result notice a week
// after the date it states, and checks what `generator check` would report: the notice judged
// late by its first appearance, and back-dated; the same site without git reports neither.
func TestHistoryEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(filepath.Join(repoRoot, "generator", "export", "testdata", "site"))); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "data", "projects", "2025", "SLS-2025-001.yaml")
	full, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	check := func() []string {
		t.Helper()
		ds, diags := records.Load(root)
		if diags.Errors() > 0 {
			t.Fatalf("load: %v", diags)
		}
		ds.AsOf = day("2026-12-15")
		if d := records.LoadHistory(ds); len(d) > 0 {
			t.Fatalf("history: %v", d)
		}
		Apply(ds)
		var out []string
		for _, f := range ds.Findings {
			if f.Project == "SLS-2025-001" && f.Stage == "award" {
				out = append(out, brief(f))
			}
		}
		return out
	}
	if got := check(); len(got) != 0 {
		t.Fatalf("without git: %v", got)
	}

	git := func(at string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=clerk", "GIT_AUTHOR_EMAIL=clerk@example.cn", "GIT_COMMITTER_NAME=clerk", "GIT_COMMITTER_EMAIL=clerk@example.cn")
		if at != "" {
			when, _ := time.ParseInLocation("2006-01-02 15:04", at, records.CST)
			s := when.Format(time.RFC3339)
			cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+s, "GIT_COMMITTER_DATE="+s)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	cut := strings.Index(string(full), "\naward:\n")
	if cut < 0 {
		t.Fatal("fixture SLS-2025-001 has no award")
	}
	if err := os.WriteFile(file, full[:cut+1], 0o644); err != nil {
		t.Fatal(err)
	}
	git("", "init", "-q")
	git("", "add", "-A")
	git("2025-03-01 09:00", "commit", "-q", "-m", "采购意向、采购公告")
	if err := os.WriteFile(file, full, 0o644); err != nil {
		t.Fatal(err)
	}
	git("", "add", "-A")
	git("2025-06-11 10:00", "commit", "-q", "-m", "结果公告（声明 6 月 4 日）")

	want := []string{
		"result-notice award#0 due=2025-06-05 actual=2025-06-11 +4workday",
		"backdated award#0 due=2025-06-04 actual=2025-06-11 +7day",
	}
	if got := check(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings on the award:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
