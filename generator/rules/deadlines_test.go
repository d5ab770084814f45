package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
)

// deadlineBrief is a deadline in one line: rule stage#index due|earliest actual state +delay unit.
func deadlineBrief(d Deadline) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s#%d", d.Rule, d.Stage, d.Index)
	if d.Earliest {
		b.WriteString(" earliest=")
	} else {
		b.WriteString(" due=")
	}
	b.WriteString(iso(d.Due))
	if !d.Actual.IsZero() {
		fmt.Fprintf(&b, " actual=%s", d.Actual)
	}
	fmt.Fprintf(&b, " %s", d.State)
	if d.Delay != 0 {
		fmt.Fprintf(&b, " +%d%s", d.Delay, d.Unit)
	}
	return b.String()
}

func TestDeadlines(t *testing.T) {
	tender := withCall("2025-04-07", records.MethodOpen, documents("2025-04-07", "2025-04-14"), bid("2025-04-27"))
	tests := []struct {
		name string
		asOf string
		p    *records.Project
		want []string
	}{
		{name: "every stage on time", asOf: "2025-11-20",
			p: with(withIntention("2025-03-01"), tender, withAward("2025-09-30", "2025-10-10"),
				withContract("2025-10-20", "2025-10-22", "2026-10-19")),
			want: []string{
				"intention-lead intention#0 due=2025-03-08 actual=2025-03-01 on-time",
				// 20 days from the documents' first issue, the issue day not counted: 4/7 + 20 =
				// 4/27, an adjusted working Sunday, so no roll-over.
				"tender-period call#0 earliest=2025-04-27 actual=2025-04-27 on-time",
				// 5 working days after Monday 7 April, the issue day not counted: 8–11 and 14 April.
				"documents-available call#0 earliest=2025-04-14 actual=2025-04-14 on-time",
				// Decided the day before National Day: the notice is due on 10 October.
				"result-notice award#0 due=2025-10-10 actual=2025-10-10 on-time",
				// Award notice 10/10 + 30 days = 11/9, a Sunday: rolled over to Monday 11/10.
				"contract-signing contract#0 due=2025-11-10 actual=2025-10-20 on-time",
				"contract-notice contract#0 due=2025-10-22 actual=2025-10-22 on-time",
				// The final acceptance is owed after the service period; its date is still to come.
				"acceptance-public evaluation#0 due=2026-11-16 pending",
			}},
		{name: "late, short and overdue", asOf: "2025-12-20",
			p: with(withIntention("2025-03-20"), withCall("2025-04-07", records.MethodOpen, documents("", "2025-04-10"), bid("2025-04-26")),
				withAward("2025-09-30", "2025-10-13")),
			want: []string{
				"intention-lead intention#0 due=2025-03-08 actual=2025-03-20 late +12day",
				"tender-period call#0 earliest=2025-04-27 actual=2025-04-26 late +1day",
				// Short by the working days in (4/10, 4/14]: the 11th and the 14th.
				"documents-available call#0 earliest=2025-04-14 actual=2025-04-10 late +2workday",
				"result-notice award#0 due=2025-10-10 actual=2025-10-13 late +2workday",
				// No contract 30 days after the award notice: overdue, counted to AsOf.
				"contract-signing contract#0 due=2025-11-12 overdue +38day",
			}},
		{name: "intention never published, result notice not due yet", asOf: "2025-09-30",
			p:    with(withCall("2025-04-07", records.MethodOther), withAward("2025-09-30", "")),
			want: []string{"intention-lead intention#0 due=2025-03-08 overdue +30day", "result-notice award#0 due=2025-10-10 pending"}},
		{name: "terminated before the result notice fell due", asOf: "2025-11-20",
			p: with(withCall("2025-04-07", records.MethodOther), withIntention("2025-03-01"), withAward("2025-09-30", ""),
				func(p *records.Project) {
					p.Termination = &records.Termination{Published: day("2025-10-09"), Src: src(90, "published")}
				}),
			want: []string{"intention-lead intention#0 due=2025-03-08 actual=2025-03-01 on-time"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := &records.Dataset{Site: &records.Site{}, Calendars: officialCalendars(), Projects: []*records.Project{tt.p}, AsOf: day(tt.asOf)}
			var got []string
			for _, d := range Deadlines(ds, tt.p) {
				got = append(got, deadlineBrief(d))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("deadlines:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// TestDeadlinesAgreeWithFindings: over the sample data, every late or overdue deadline is a
// finding of its rule (missing-stage for an overdue one) with the same stage, dates and delay, and
// every dated finding of a deadline rule is such a deadline. The page's verdicts and its findings
// come from one judgement.
func TestDeadlinesAgreeWithFindings(t *testing.T) {
	ds := loadSample(t)
	ds.AsOf = day("2026-11-20")
	Apply(ds)
	key := func(rule string, stage string, index int, due, actual records.Date, delay int) string {
		return fmt.Sprintf("%s %s#%d due=%s actual=%s +%d", rule, stage, index, iso(due), iso(actual), delay)
	}
	fromFindings := map[string]bool{}
	for _, f := range ds.Findings {
		if r := Lookup(f.Rule); f.Rule != backdated.Code && (f.Missing || (r != nil && r.Unit != NoUnit)) {
			fromFindings[key(f.Rule, f.Stage, f.Index, f.Deadline, f.Actual, f.Delay)] = true
		}
	}
	fromDeadlines := map[string]bool{}
	j := NewJudge(ds)
	states := map[State]int{}
	for _, p := range ds.Projects {
		for _, d := range j.Deadlines(p) {
			states[d.State]++
			if d.OnTime() != (d.State == OnTime) {
				t.Errorf("%s: OnTime() disagrees with %s", p.ID, d.State)
			}
			switch d.State {
			case Late:
				fromDeadlines[key(d.Rule, string(d.Stage), d.Index, d.Due, d.Actual, d.Delay)] = true
			case Overdue:
				fromDeadlines[key(missingStage.Code, string(d.Stage), d.Index, d.Due, d.Actual, d.Delay)] = true
			case OnTime:
				if !d.Actual.IsZero() && !d.Due.IsZero() && (d.Earliest == d.Actual.Before(d.Due)) && d.Actual != d.Due {
					t.Errorf("%s: %s on time with due %s and actual %s", p.ID, d.Rule, d.Due, d.Actual)
				}
			}
		}
	}
	for k := range fromFindings {
		if !fromDeadlines[k] {
			t.Errorf("finding without its deadline: %s", k)
		}
	}
	for k := range fromDeadlines {
		if !fromFindings[k] {
			t.Errorf("late deadline without its finding: %s", k)
		}
	}
	if states[OnTime] == 0 || states[Late] == 0 || states[Overdue] == 0 {
		t.Errorf("the sample should have deadlines in every state; got %v", states)
	}
}

// BenchmarkDeadlines: every project's deadlines for 10,000 projects, as a site build asks for
// them (one Judge, one call per project).
func BenchmarkDeadlines(b *testing.B) {
	ps := syntheticProjects(10000, 20)
	ds := &records.Dataset{Calendars: officialCalendars(), Projects: ps, AsOf: day("2026-11-20")}
	var n int
	for b.Loop() {
		j := NewJudge(ds)
		n = 0
		for _, p := range ps {
			n += len(j.Deadlines(p))
		}
	}
	b.ReportMetric(float64(n), "deadlines")
}
