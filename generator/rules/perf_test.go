package rules

import (
	"fmt"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

// syntheticProjects makes n full-lifecycle projects spread over 2025–2026, every few of them late
// somewhere, so every rule and the missing-stage path do real work.
func syntheticProjects(n int) []*records.Project {
	methods := []string{records.MethodOpen, records.MethodConsultation, records.MethodNegotiation, records.MethodSingleSource}
	ps := make([]*records.Project, n)
	start := day("2025-01-06")
	for i := range ps {
		p := project(fmt.Sprintf("P-%05d", i))
		p.Body = fmt.Sprintf("b%d", i%12)
		base := start.AddDays(i % 400)
		p.Intention = intention(base.String())
		p.Intention.Published = base
		m := methods[i%len(methods)]
		p.Call = call(base.AddDays(31+i%3).String(), m)
		p.Call.DocumentsFrom, p.Call.DocumentsTo = p.Call.Published, p.Call.Published.AddDays(8)
		p.Call.BidDeadline = records.DateTime{Time: p.Call.Published.AddDays(21).Time()}
		if m == records.MethodSingleSource {
			p.SingleSource = &records.SingleSourceNotice{Published: base.AddDays(20), Ends: base.AddDays(28), Src: src(ssLine, ssKeys...)}
		}
		decided := p.Call.Published.AddDays(25)
		p.Award = award(decided.String(), decided.AddDays(1+i%5).String())
		if i%7 != 0 {
			signed := p.Award.Published.AddDays(10 + i%25)
			p.Contract = contract(signed.String(), signed.AddDays(i%4).String())
			p.Contract.Period = records.Period{From: signed, To: signed.AddDays(120)}
			if i%3 != 0 {
				p.Evaluations = append(p.Evaluations, evaluation(0, "结项验收", signed.AddDays(125).String(), signed.AddDays(130+i%30).String()))
			}
		}
		ps[i] = p
	}
	return ps
}

// TestApplyCost guards the cost with a wide margin (the target is well under 100 ms for 10,000
// projects; see BenchmarkApply for the figure).
func TestApplyCost(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	ps := syntheticProjects(10000)
	ds := &records.Dataset{Calendars: officialCalendars(), Projects: ps, AsOf: day("2026-11-20")}
	t0 := time.Now()
	Apply(ds)
	if d := time.Since(t0); d > 500*time.Millisecond {
		t.Errorf("Apply on 10,000 projects took %v", d)
	}
	if len(ds.Findings) == 0 || len(ds.Disclosure) == 0 {
		t.Error("synthetic data produced no findings or disclosure")
	}
}

func BenchmarkApply(b *testing.B) {
	ps := syntheticProjects(10000)
	cals := officialCalendars()
	b.ResetTimer()
	for b.Loop() {
		ds := &records.Dataset{Calendars: cals, Projects: ps, AsOf: day("2026-11-20")}
		Apply(ds)
	}
}
