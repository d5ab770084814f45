package rules

import (
	"fmt"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
)

// syntheticProjects makes n full-lifecycle projects spread over 2025–2026. One in lateEvery is late
// at every stage; the others vary their dates but stay on time, so every rule and the
// missing-stage path do real work.
func syntheticProjects(n, lateEvery int) []*records.Project {
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
		late := 0
		if i%lateEvery == 0 {
			late = 40
		}
		decided := p.Call.Published.AddDays(25)
		p.Award = award(decided.String(), decided.AddDays(i%2+late/8).String())
		signed := p.Award.Published.AddDays(10 + i%15 + late)
		p.Contract = contract(signed.String(), signed.AddDays(i%2+late/8).String())
		p.Contract.Period = records.Period{From: signed, To: signed.AddDays(120)}
		p.Evaluations = append(p.Evaluations,
			evaluation(0, "中期评估", signed.AddDays(60).String(), signed.AddDays(62+late).String()),
			evaluation(1, "结项验收", signed.AddDays(125).String(), signed.AddDays(125+i%5+late).String()))
		ps[i] = p
	}
	return ps
}

// TestApplyAtScale runs every rule over 10,000 synthetic projects and checks they do real work.
// The cost is measured by BenchmarkApply, not here: a wall-clock limit in a test only measures
// how busy the machine is.
func TestApplyAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 projects")
	}
	ps := syntheticProjects(10000, 20)
	ds := &records.Dataset{Calendars: officialCalendars(), Projects: ps, AsOf: day("2026-11-20")}
	Apply(ds)
	if len(ds.Findings) == 0 || len(ds.Disclosure) == 0 {
		t.Error("synthetic data produced no findings or disclosure")
	}
}

// BenchmarkApply: 10,000 projects, one in 20 late at every stage (a poor but plausible site).
func BenchmarkApply(b *testing.B) { benchmarkApply(b, 20) }

// BenchmarkApplyAllLate: 10,000 projects, every one late at every stage (the worst case: the cost
// is then mostly building the findings' messages).
func BenchmarkApplyAllLate(b *testing.B) { benchmarkApply(b, 1) }

func benchmarkApply(b *testing.B, lateEvery int) {
	ps := syntheticProjects(10000, lateEvery)
	cals := officialCalendars()
	var findings int
	for b.Loop() {
		ds := &records.Dataset{Calendars: cals, Projects: ps, AsOf: day("2026-11-20")}
		Apply(ds)
		findings = len(ds.Findings)
	}
	b.ReportMetric(float64(findings), "findings")
}
