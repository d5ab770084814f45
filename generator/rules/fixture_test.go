package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
)

func day(s string) records.Date {
	d, err := records.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func moment(s string) records.DateTime {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, records.CST)
	if err != nil {
		panic(err)
	}
	return records.DateTime{Time: t}
}

// officialCalendars is testdata/holidays.md's table of the 2025 and 2026 schedules, written out by hand;
// TestFixtureMatchesSpec checks it against the table itself.
func officialCalendars() []*records.Calendar {
	hol := func(from, to string) records.Holiday { return records.Holiday{From: day(from), To: day(to)} }
	return []*records.Calendar{
		{Year: 2025,
			Holidays: []records.Holiday{hol("2025-01-01", "2025-01-01"), hol("2025-01-28", "2025-02-04"),
				hol("2025-04-04", "2025-04-06"), hol("2025-05-01", "2025-05-05"), hol("2025-05-31", "2025-06-02"),
				hol("2025-10-01", "2025-10-08")},
			Workdays: []records.Date{day("2025-01-26"), day("2025-02-08"), day("2025-04-27"), day("2025-09-28"), day("2025-10-11")}},
		{Year: 2026,
			Holidays: []records.Holiday{hol("2026-01-01", "2026-01-03"), hol("2026-02-15", "2026-02-23"),
				hol("2026-04-04", "2026-04-06"), hol("2026-05-01", "2026-05-05"), hol("2026-06-19", "2026-06-21"),
				hol("2026-09-25", "2026-09-27"), hol("2026-10-01", "2026-10-07")},
			Workdays: []records.Date{day("2026-01-04"), day("2026-02-14"), day("2026-02-28"), day("2026-05-09"), day("2026-09-20"), day("2026-10-10")}},
	}
}

// src gives a record a position and one position per key, on consecutive lines, so a test can
// tell which key a finding points at: key k of a record at line L sits at line L+1+index(k).
func src(line int, keys ...string) records.Src {
	s := records.Src{Pos: diag.Pos{File: "data/projects/test.yaml", Line: line, Column: 3}}
	for i, k := range keys {
		s.Keys = append(s.Keys, records.NewKeyPos(k, 0, line+1+i, 5))
	}
	return s
}

// at is where key of a record made by src(line, keys...) points.
func at(line int, key string, keys ...string) string {
	for i, k := range keys {
		if k == key {
			return fmt.Sprintf("data/projects/test.yaml:%d:5", line+1+i)
		}
	}
	return fmt.Sprintf("data/projects/test.yaml:%d:3", line)
}

var (
	intentionKeys = []string{"published"}
	callKeys      = []string{"published", "documents_from", "documents_to", "bid_deadline", "standard", "conditions", "service", "method"}
	amendKeys     = []string{"published", "new_deadline"}
	awardKeys     = []string{"decided", "published"}
	contractKeys  = []string{"signed", "published", "period"}
	evalKeys      = []string{"date", "published"}
	ssKeys        = []string{"published", "ends"}
)

const (
	intentionLine = 10
	ssLine        = 20
	callLine      = 30
	amendLine     = 50
	awardLine     = 60
	contractLine  = 70
	evalLine      = 80
)

func project(id string) *records.Project {
	return &records.Project{ID: id, Body: "mz", Year: 2025, File: "data/projects/test.yaml", Src: src(1)}
}

func intention(published string) *records.Intention {
	return &records.Intention{Published: day(published), Src: src(intentionLine, intentionKeys...)}
}

// call is a compliant call by method 其他 (no period rule applies) unless changed.
func call(published, method string) *records.Call {
	return &records.Call{
		Published:  day(published),
		Method:     method,
		Conditions: records.Markdown{Source: "依法登记的社会组织"},
		Standard:   records.Standard{Text: records.Markdown{Source: "按服务成效评价"}},
		Src:        src(callLine, callKeys...),
	}
}

func award(decided, published string) *records.Award {
	a := &records.Award{Decided: day(decided), Src: src(awardLine, awardKeys...)}
	if published != "" {
		a.Published = day(published)
	}
	return a
}

func contract(signed, published string) *records.Contract {
	k := &records.Contract{Signed: day(signed), Src: src(contractLine, contractKeys...)}
	if published != "" {
		k.Published = day(published)
	}
	return k
}

func evaluation(i int, kind, date, published string) *records.Evaluation {
	e := &records.Evaluation{Kind: kind, Date: day(date), Src: src(evalLine+10*i, evalKeys...)}
	if published != "" {
		e.Published = day(published)
	}
	return e
}

// apply runs Apply on the projects as of asOf with the official 2025–2026 calendars.
func apply(asOf string, thresholds map[string]int, ps ...*records.Project) *records.Dataset {
	ds := &records.Dataset{
		Site:      &records.Site{Thresholds: thresholds},
		Calendars: officialCalendars(),
		Projects:  ps,
		AsOf:      day(asOf),
	}
	Apply(ds)
	return ds
}

// brief is a finding in one line: rule stage#index deadline actual +delay unit [missing] @pos.
func brief(f records.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s#%d", f.Rule, f.Stage, f.Index)
	if !f.Deadline.IsZero() {
		fmt.Fprintf(&b, " due=%s", f.Deadline)
	}
	if !f.Actual.IsZero() {
		fmt.Fprintf(&b, " actual=%s", f.Actual)
	}
	if f.Delay != 0 {
		fmt.Fprintf(&b, " +%d%s", f.Delay, f.Unit)
	}
	if f.Missing {
		b.WriteString(" missing")
	}
	return b.String()
}

func briefs(fs []records.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, brief(f))
	}
	return out
}

// ruleCase is one boundary case: a project, a date to judge it on, the findings expected.
type ruleCase struct {
	name       string
	asOf       string
	thresholds map[string]int
	p          *records.Project
	want       []string // briefs, in order
	pos        string   // if set, the first finding's position
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := apply(tc.asOf, tc.thresholds, tc.p)
			got := briefs(ds.Findings)
			if tc.want == nil {
				tc.want = []string{}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			for _, f := range ds.Findings {
				if f.Message == "" || f.English == "" || strings.Contains(f.Message+f.English, "{") {
					t.Errorf("%s: message not filled: %q / %q", f.Rule, f.Message, f.English)
				}
				if f.Project != tc.p.ID || f.Body != tc.p.Body {
					t.Errorf("%s: project/body %q/%q", f.Rule, f.Project, f.Body)
				}
			}
			if tc.pos != "" && len(ds.Findings) > 0 && ds.Findings[0].Pos.String() != tc.pos {
				t.Errorf("position %s, want %s", ds.Findings[0].Pos, tc.pos)
			}
		})
	}
}
