package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
)

// with builds a project from stage setters, so each case reads as the data a clerk would write.
func with(fs ...func(p *records.Project)) *records.Project {
	p := project("T-1")
	for _, f := range fs {
		f(p)
	}
	return p
}

func withIntention(published string) func(*records.Project) {
	return func(p *records.Project) { p.Intention = intention(published) }
}

func withCall(published, method string, fs ...func(*records.Call)) func(*records.Project) {
	return func(p *records.Project) {
		p.Call = call(published, method)
		for _, f := range fs {
			f(p.Call)
		}
	}
}

func documents(from, to string) func(*records.Call) {
	return func(c *records.Call) {
		if from != "" {
			c.DocumentsFrom = day(from)
		}
		if to != "" {
			c.DocumentsTo = day(to)
		}
	}
}

func bid(deadline string) func(*records.Call) {
	return func(c *records.Call) { c.BidDeadline = moment(deadline + " 09:30") }
}

func withSingleSource(published, ends string) func(*records.Project) {
	return func(p *records.Project) {
		p.SingleSource = &records.SingleSourceNotice{Published: day(published), Ends: day(ends), Src: src(ssLine, ssKeys...)}
	}
}

func withAmendment(published, newDeadline string) func(*records.Project) {
	return func(p *records.Project) {
		p.Amendments = append(p.Amendments, &records.Amendment{
			Published: day(published), NewDeadline: moment(newDeadline + " 09:30"), Src: src(amendLine, amendKeys...)})
	}
}

func withAward(decided, published string) func(*records.Project) {
	return func(p *records.Project) { p.Award = award(decided, published) }
}

func withContract(signed, published, periodTo string) func(*records.Project) {
	return func(p *records.Project) {
		p.Contract = contract(signed, published)
		if periodTo != "" {
			p.Contract.Period = records.Period{From: day(signed), To: day(periodTo)}
		}
	}
}

func withEvaluation(kind, date, published string) func(*records.Project) {
	return func(p *records.Project) {
		p.Evaluations = append(p.Evaluations, evaluation(len(p.Evaluations), kind, date, published))
	}
}

func withTermination(published string) func(*records.Project) {
	return func(p *records.Project) {
		p.Termination = &records.Termination{Published: day(published), Src: src(90)}
	}
}

var early = withIntention("2025-01-02") // long enough before every call in these tests

func TestIntentionLead(t *testing.T) {
	pub := at(intentionLine, "published", intentionKeys...)
	runCases(t, []ruleCase{
		{name: "call 4/7 − 30 days = 3/8: published 3/8, on the day", asOf: "2025-05-01",
			p: with(withIntention("2025-03-08"), withCall("2025-04-07", records.MethodOther))},
		{name: "published 3/9, 29 days before: a day late", asOf: "2025-05-01", pos: pub,
			p:    with(withIntention("2025-03-09"), withCall("2025-04-07", records.MethodOther)),
			want: []string{"intention-lead intention#0 due=2025-03-08 actual=2025-03-09 +1day"}},
		// Counted back from the call, the latest day is not a period's end: no roll-over. Call
		// 10/31 − 30 = 10/1 (国庆): published on 10/1 is on time, 10/2 a day late.
		{name: "call 2025-10-31 − 30 = 10/1 inside 国庆, published 10/1", asOf: "2025-11-20",
			p: with(withIntention("2025-10-01"), withCall("2025-10-31", records.MethodOther))},
		{name: "call 2025-10-31 − 30 = 10/1, published 10/2: +1 day", asOf: "2025-11-20",
			p:    with(withIntention("2025-10-02"), withCall("2025-10-31", records.MethodOther)),
			want: []string{"intention-lead intention#0 due=2025-10-01 actual=2025-10-02 +1day"}},
		{name: "no intention: overdue up to the call", asOf: "2025-11-20", pos: at(callLine, "published", callKeys...),
			p:    with(withCall("2025-04-07", records.MethodOther)),
			want: []string{"missing-stage intention#0 due=2025-03-08 +30day missing"}},
		{name: "call not public yet", asOf: "2025-04-06",
			p: with(withIntention("2025-03-20"), withCall("2025-04-07", records.MethodOther))},
		{name: "stated exemption 框架协议采购, no intention: not owed", asOf: "2025-11-20",
			p: with(withCall("2025-04-07", records.MethodOther), func(p *records.Project) { p.IntentionExempt = "框架协议采购" })},
		{name: "stated exemption 批量集中采购, a late intention is not judged", asOf: "2025-11-20",
			p: with(withIntention("2025-03-20"), withCall("2025-04-07", records.MethodOther), func(p *records.Project) { p.IntentionExempt = "批量集中采购" })},
		{name: "site threshold 10: 4/7 − 10 = 3/28, on the day", asOf: "2025-05-01", thresholds: map[string]int{"intention-lead": 10},
			p: with(withIntention("2025-03-28"), withCall("2025-04-07", records.MethodOther))},
		{name: "site threshold 10, a day late", asOf: "2025-05-01", thresholds: map[string]int{"intention-lead": 10},
			p:    with(withIntention("2025-03-29"), withCall("2025-04-07", records.MethodOther)),
			want: []string{"intention-lead intention#0 due=2025-03-28 actual=2025-03-29 +1day"}},
	})
}

// wan is a project budget in 万元.
func wan(n int64) func(*records.Project) {
	return func(p *records.Project) { p.Budget = records.Money(n * 10000 * 100) }
}

func TestSingleSourceNotice(t *testing.T) {
	// 300万元, above the default 200万元 公开招标数额标准, on the default ground (唯一供应商): required.
	ss := func(published, ends, callDay string) *records.Project {
		return with(early, wan(300), withSingleSource(published, ends), withCall(callDay, records.MethodSingleSource))
	}
	runCases(t, []ruleCase{
		// The publication day is not counted: the 5 working days are those after it.
		{name: "published Mon 9/15, ends Mon 9/22: 16–19, 22 = 5 working days", asOf: "2025-11-20",
			p: ss("2025-09-15", "2025-09-22", "2025-09-23")},
		{name: "published Mon 9/15, ends Fri 9/19: 4 working days, 1 short", asOf: "2025-11-20", pos: at(ssLine, "ends", ssKeys...),
			p:    ss("2025-09-15", "2025-09-19", "2025-09-23"),
			want: []string{"single-source-notice single-source#0 due=2025-09-22 actual=2025-09-19 +1workday"}},
		{name: "published Mon 9/22, ends on the adjusted working Sunday 9/28: 23–26, 28", asOf: "2025-11-20",
			p: ss("2025-09-22", "2025-09-28", "2025-09-29")},
		{name: "published Mon 9/22, ends Sat 9/27: 1 short of the adjusted Sunday", asOf: "2025-11-20",
			p:    ss("2025-09-22", "2025-09-27", "2025-09-29"),
			want: []string{"single-source-notice single-source#0 due=2025-09-28 actual=2025-09-27 +1workday"}},
		{name: "国庆: published Fri 9/26, ends 10/10: 9/28, 9/29, 9/30, 10/9, 10/10", asOf: "2025-11-20",
			p: ss("2025-09-26", "2025-10-10", "2025-10-11")},
		{name: "国庆: published Fri 9/26, ends 10/9: 1 short", asOf: "2025-11-20",
			p:    ss("2025-09-26", "2025-10-09", "2025-10-13"),
			want: []string{"single-source-notice single-source#0 due=2025-10-10 actual=2025-10-09 +1workday"}},
		{name: "call on the last day 9/22: the notice ends 9/21, not before the call", asOf: "2025-11-20", pos: at(callLine, "published", callKeys...),
			p:    ss("2025-09-15", "2025-09-22", "2025-09-22"),
			want: []string{"single-source-notice single-source#0 due=2025-09-22 actual=2025-09-21 +1workday"}},
		{name: "春节 2026: published Wed 2/11, ends 2/25: 2/12, 2/13, 2/14 (adjusted), 2/24, 2/25", asOf: "2026-11-20",
			p: ss("2026-02-11", "2026-02-25", "2026-02-26")},
		{name: "春节 2026: ends 2/24, 1 short", asOf: "2026-11-20",
			p:    ss("2026-02-11", "2026-02-24", "2026-02-26"),
			want: []string{"single-source-notice single-source#0 due=2026-02-25 actual=2026-02-24 +1workday"}},
		{name: "2026 调休: published Tue 9/15, ends Mon 9/21: 16–18, Sunday 9/20 (adjusted), 21", asOf: "2026-11-20",
			p: ss("2026-09-15", "2026-09-21", "2026-09-22")},
		{name: "2026 调休: ends on the adjusted Sunday 9/20, 1 short", asOf: "2026-11-20",
			p:    ss("2026-09-15", "2026-09-20", "2026-09-22"),
			want: []string{"single-source-notice single-source#0 due=2026-09-21 actual=2026-09-20 +1workday"}},
		{name: "site threshold 7: 9/15 + 7 working days = 9/24; ends 9/22, 2 short", asOf: "2025-11-20", thresholds: map[string]int{"single-source-notice": 7},
			p:    ss("2025-09-15", "2025-09-22", "2025-10-13"),
			want: []string{"single-source-notice single-source#0 due=2025-09-24 actual=2025-09-22 +2workday"}},
		{name: "another method", asOf: "2025-11-20",
			p: with(early, wan(300), withSingleSource("2025-09-22", "2025-09-23"), withCall("2025-09-29", records.MethodOther))},
	})
}

// TestSingleSourceScope: the notice is required at or above the 公开招标数额标准 on the ground of a
// unique supplier (实施条例 第三十八条), and only then; where it is not, its absence or shortness is
// not a finding.
func TestSingleSourceScope(t *testing.T) {
	ground := func(g string) func(*records.Call) { return func(c *records.Call) { c.SingleSourceGround = g } }
	noNotice := func(budget int64, fs ...func(*records.Call)) *records.Project {
		return with(early, wan(budget), withCall("2025-09-29", records.MethodSingleSource, fs...))
	}
	short := func(budget int64, fs ...func(*records.Call)) *records.Project {
		return with(early, wan(budget), withSingleSource("2025-09-22", "2025-09-23"), withCall("2025-09-29", records.MethodSingleSource, fs...))
	}
	runCases(t, []ruleCase{
		{name: "200万元 exactly, no notice: required and missing", asOf: "2025-11-20", pos: at(callLine, "method", callKeys...),
			p: noNotice(200), want: []string{"single-source-notice single-source#0 missing"}},
		{name: "300万元, ground stated 唯一供应商, no notice", asOf: "2025-11-20",
			p: noNotice(300, ground(records.GroundUniqueSupplier)), want: []string{"single-source-notice single-source#0 missing"}},
		{name: "call not public yet", asOf: "2025-09-28", p: noNotice(300)},
		{name: "199万元, no notice: below the threshold, not required", asOf: "2025-11-20", p: noNotice(199)},
		{name: "199万元, a short notice is not judged", asOf: "2025-11-20", p: short(199)},
		{name: "300万元, 紧急情况: not required", asOf: "2025-11-20", p: noNotice(300, ground(records.GroundEmergency))},
		{name: "300万元, 添购, a short notice is not judged", asOf: "2025-11-20", p: short(300, ground(records.GroundAddition))},
		{name: "300万元, a short notice is judged: 9/22 + 5 working days = 9/28 (the adjusted Sunday)", asOf: "2025-11-20",
			p: short(300), want: []string{"single-source-notice single-source#0 due=2025-09-28 actual=2025-09-23 +4workday"}},
	})
	// The site's own 公开招标数额标准: 400万元 makes a 300万元 purchase need no notice.
	p := noNotice(300)
	ds := &records.Dataset{Site: &records.Site{OpenTenderThreshold: records.Money(400 * 10000 * 100)}, Calendars: officialCalendars(),
		Projects: []*records.Project{p}, AsOf: day("2025-11-20")}
	Apply(ds)
	if len(ds.Findings) != 0 {
		t.Errorf("site threshold 400万元: %v", briefs(ds.Findings))
	}
	ds.Site.OpenTenderThreshold = records.Money(300 * 10000 * 100)
	Apply(ds)
	if got := briefs(ds.Findings); len(got) != 1 || got[0] != "single-source-notice single-source#0 missing" ||
		ds.Findings[0].Message != "本项目预算300.00万元达到公开招标数额标准，且以只能从唯一供应商处采购为由采用单一来源方式，应在采购前公示不少于5个工作日，未见单一来源公示" {
		t.Errorf("site threshold 300万元: %v %q", got, ds.Findings[0].Message)
	}
}

func TestTenderPeriod(t *testing.T) {
	tender := func(from, deadline string, fs ...func(*records.Project)) *records.Project {
		return with(append([]func(*records.Project){early,
			withCall("2025-04-07", records.MethodOpen, documents(from, "2025-04-14"), bid(deadline))}, fs...)...)
	}
	// issuedOn: the call published on the day documents are first issued, documents for 14 days.
	issuedOn := func(from, deadline string) *records.Project {
		return with(early, withCall(from, records.MethodOpen, documents(from, day(from).AddDays(14).String()), bid(deadline)))
	}
	runCases(t, []ruleCase{
		{name: "4/7 + 20 = 4/27, an adjusted working Sunday: exactly 20 days", asOf: "2025-11-20", p: tender("2025-04-07", "2025-04-27")},
		{name: "4/26: 19 days", asOf: "2025-11-20", pos: at(callLine, "bid_deadline", callKeys...),
			p:    tender("2025-04-07", "2025-04-26"),
			want: []string{"tender-period call#0 due=2025-04-27 actual=2025-04-26 +1day"}},
		{name: "documents_from defaults to the call", asOf: "2025-11-20",
			p:    tender("", "2025-04-26"),
			want: []string{"tender-period call#0 due=2025-04-27 actual=2025-04-26 +1day"}},
		{name: "国庆: 9/11 + 20 = 10/1, rolled over to 10/9", asOf: "2025-11-20", p: issuedOn("2025-09-11", "2025-10-09")},
		{name: "国庆: 9/11 + 20 rolled to 10/9; bids due 10/8 is a day short", asOf: "2025-11-20",
			p:    issuedOn("2025-09-11", "2025-10-08"),
			want: []string{"tender-period call#0 due=2025-10-09 actual=2025-10-08 +1day"}},
		{name: "春节 2026: 1/26 + 20 = 2/15, rolled over to 2/24", asOf: "2026-11-20", p: issuedOn("2026-01-26", "2026-02-24")},
		{name: "春节 2026: bids due 2/23 are a day short of 2/24", asOf: "2026-11-20",
			p:    issuedOn("2026-01-26", "2026-02-23"),
			want: []string{"tender-period call#0 due=2026-02-24 actual=2026-02-23 +1day"}},
		{name: "weekend: 5/19 + 20 = Sun 6/8, rolled over to Mon 6/9", asOf: "2025-11-20", p: issuedOn("2025-05-19", "2025-06-09")},
		{name: "weekend: bids due Sun 6/8 are a day short", asOf: "2025-11-20",
			p:    issuedOn("2025-05-19", "2025-06-08"),
			want: []string{"tender-period call#0 due=2025-06-09 actual=2025-06-08 +1day"}},
		{name: "调休 2026: 1/19 + 20 = 2/8 Sunday → Mon 2/9; the adjusted Saturday 2/14 is not the end", asOf: "2026-11-20",
			p: issuedOn("2026-01-19", "2026-02-09")},
		{name: "amendment extends the deadline", asOf: "2025-11-20",
			p: tender("2025-04-07", "2025-04-20", withAmendment("2025-04-10", "2025-04-30"))},
		{name: "amendment not public yet", asOf: "2025-04-09",
			p:    tender("2025-04-07", "2025-04-20", withAmendment("2025-04-10", "2025-04-30")),
			want: []string{"tender-period call#0 due=2025-04-27 actual=2025-04-20 +7day"}},
		{name: "amendment shortens the deadline", asOf: "2025-11-20", pos: at(amendLine, "new_deadline", amendKeys...),
			p:    tender("2025-04-07", "2025-04-30", withAmendment("2025-04-08", "2025-04-25")),
			want: []string{"tender-period call#0 due=2025-04-27 actual=2025-04-25 +2day"}},
		{name: "invited tender too", asOf: "2025-11-20",
			p:    with(early, withCall("2025-04-07", records.MethodInvited, documents("2025-04-07", "2025-04-14"), bid("2025-04-26"))),
			want: []string{"tender-period call#0 due=2025-04-27 actual=2025-04-26 +1day"}},
		{name: "site threshold 15: 4/7 + 15 = Tue 4/22", asOf: "2025-11-20", thresholds: map[string]int{"tender-period": 15},
			p: tender("2025-04-07", "2025-04-22")},
	})
}

func TestDocumentsAvailable(t *testing.T) {
	docs := func(method, from, to, deadline string, more ...func(*records.Project)) *records.Project {
		return with(append([]func(*records.Project){early, withCall(from, method, documents(from, to), bid(deadline))}, more...)...)
	}
	runCases(t, []ruleCase{
		// The first day is not counted: 5 working days after it.
		{name: "Mon 4/7 to Mon 4/14: 8–11, 14", asOf: "2025-11-20", p: docs(records.MethodOpen, "2025-04-07", "2025-04-14", "2025-05-12")},
		{name: "Mon 4/7 to Fri 4/11: 4 working days, 1 short", asOf: "2025-11-20", pos: at(callLine, "documents_to", callKeys...),
			p:    docs(records.MethodOpen, "2025-04-07", "2025-04-11", "2025-05-12"),
			want: []string{"documents-available call#0 due=2025-04-14 actual=2025-04-11 +1workday"}},
		{name: "国庆: Mon 9/29 to 10/13: 9/30, 10/9, 10/10, adjusted Sat 10/11, 10/13", asOf: "2025-11-20",
			p: docs(records.MethodOpen, "2025-09-29", "2025-10-13", "2025-10-30")},
		{name: "国庆: Mon 9/29 to the adjusted Saturday 10/11, 1 short", asOf: "2025-11-20",
			p:    docs(records.MethodInvited, "2025-09-29", "2025-10-11", "2025-10-30"),
			want: []string{"documents-available call#0 due=2025-10-13 actual=2025-10-11 +1workday"}},
		{name: "调休 2025: Fri 9/26 to 10/10: adjusted Sun 9/28, 9/29, 9/30, 10/9, 10/10", asOf: "2025-11-20",
			p: docs(records.MethodOpen, "2025-09-26", "2025-10-10", "2025-10-30")},
		{name: "春节 2026: Wed 2/11 to 2/25: 2/12, 2/13, adjusted Sat 2/14, 2/24, 2/25", asOf: "2026-11-20",
			p: docs(records.MethodOpen, "2026-02-11", "2026-02-25", "2026-03-20")},
		{name: "春节 2026: to 2/23, a holiday: 2 short (2/24, 2/25)", asOf: "2026-11-20",
			p:    docs(records.MethodOpen, "2026-02-11", "2026-02-23", "2026-03-20"),
			want: []string{"documents-available call#0 due=2026-02-25 actual=2026-02-23 +2workday"}},
		{name: "not a tender (谈判)", asOf: "2025-11-20", p: docs(records.MethodNegotiation, "2025-04-07", "2025-04-08", "2025-05-12")},
		// A correction extending documents_to is judged as in force once it is public.
		{name: "Fri 4/11 corrected to Mon 4/14 on 4/9", asOf: "2025-11-20",
			p: docs(records.MethodOpen, "2025-04-07", "2025-04-11", "2025-05-12", withChange("2025-04-09", "documents_to", "2025-04-11", "2025-04-14"))},
		{name: "the correction is not public yet", asOf: "2025-04-08", pos: at(callLine, "documents_to", callKeys...),
			p:    docs(records.MethodOpen, "2025-04-07", "2025-04-11", "2025-05-12", withChange("2025-04-09", "documents_to", "2025-04-11", "2025-04-14")),
			want: []string{"documents-available call#0 due=2025-04-14 actual=2025-04-11 +1workday"}},
	})
}

// withChange adds a correction publishing one typed change of the call.
func withChange(published, field, from, to string) func(*records.Project) {
	return func(p *records.Project) {
		p.Amendments = append(p.Amendments, &records.Amendment{Published: day(published), Src: src(amendLine, amendKeys...),
			Changes: []records.Change{{Field: field, From: from, To: to}}})
	}
}

func TestConsultationDocuments(t *testing.T) {
	docs := func(from, to string) *records.Project {
		return with(early, withCall(from, records.MethodConsultation, documents(from, to), bid(day(from).AddDays(30).String())))
	}
	runCases(t, []ruleCase{
		{name: "Mon 4/7 to Mon 4/14: 8–11, 14", asOf: "2025-11-20", p: docs("2025-04-07", "2025-04-14")},
		{name: "Mon 4/7 to Fri 4/11: 1 short", asOf: "2025-11-20", pos: at(callLine, "documents_to", callKeys...),
			p:    docs("2025-04-07", "2025-04-11"),
			want: []string{"consultation-documents call#0 due=2025-04-14 actual=2025-04-11 +1workday"}},
		{name: "国庆 and 调休: Fri 9/26 to 10/10: adjusted Sun 9/28, 9/29, 9/30, 10/9, 10/10", asOf: "2025-11-20",
			p: docs("2025-09-26", "2025-10-10")},
		{name: "国庆: Fri 9/26 to 10/9: 1 short", asOf: "2025-11-20",
			p:    docs("2025-09-26", "2025-10-09"),
			want: []string{"consultation-documents call#0 due=2025-10-10 actual=2025-10-09 +1workday"}},
		{name: "春节 2026: Wed 2/11 to 2/25: 2/12, 2/13, adjusted Sat 2/14, 2/24, 2/25", asOf: "2026-11-20",
			p: docs("2026-02-11", "2026-02-25")},
		{name: "春节 2026: to 2/24, 1 short", asOf: "2026-11-20",
			p:    docs("2026-02-11", "2026-02-24"),
			want: []string{"consultation-documents call#0 due=2026-02-25 actual=2026-02-24 +1workday"}},
		{name: "site threshold 3: 4/7 + 3 working days = 4/10", asOf: "2025-11-20", thresholds: map[string]int{"consultation-documents": 3},
			p: docs("2025-04-07", "2025-04-10")},
		{name: "a tender is documents-available's", asOf: "2025-11-20",
			p:    with(early, withCall("2025-04-07", records.MethodOpen, documents("2025-04-07", "2025-04-11"), bid("2025-05-12"))),
			want: []string{"documents-available call#0 due=2025-04-14 actual=2025-04-11 +1workday"}},
	})
}

func TestNegotiationPeriod(t *testing.T) {
	neg := func(method, from, deadline string) *records.Project {
		return with(early, withCall(from, method, documents(from, ""), bid(deadline)))
	}
	runCases(t, []ruleCase{
		{name: "Friday to Tuesday over an adjusted Sunday", asOf: "2025-11-20", p: neg(records.MethodNegotiation, "2025-09-26", "2025-09-30")},
		{name: "a working day short", asOf: "2025-11-20", pos: at(callLine, "bid_deadline", callKeys...),
			p:    neg(records.MethodNegotiation, "2025-09-26", "2025-09-29"),
			want: []string{"negotiation-period call#0 due=2025-09-30 actual=2025-09-29 +1workday"}},
		{name: "quotation across National Day", asOf: "2025-11-20", p: neg(records.MethodQuotation, "2025-09-30", "2025-10-11")},
		{name: "quotation across National Day, short", asOf: "2025-11-20",
			p:    neg(records.MethodQuotation, "2025-09-30", "2025-10-10"),
			want: []string{"negotiation-period call#0 due=2025-10-11 actual=2025-10-10 +1workday"}},
		{name: "2026 Spring Festival", asOf: "2026-11-20", p: neg(records.MethodNegotiation, "2026-02-12", "2026-02-24")},
		{name: "2026 Spring Festival, short", asOf: "2026-11-20",
			p:    neg(records.MethodNegotiation, "2026-02-12", "2026-02-14"),
			want: []string{"negotiation-period call#0 due=2026-02-24 actual=2026-02-14 +1workday"}},
		{name: "site threshold 5", asOf: "2025-11-20", thresholds: map[string]int{"negotiation-period": 5},
			p:    neg(records.MethodNegotiation, "2025-09-26", "2025-09-30"),
			want: []string{"negotiation-period call#0 due=2025-10-10 actual=2025-09-30 +2workday"}},
	})
}

func TestConsultationPeriod(t *testing.T) {
	cons := func(from, deadline string) *records.Project {
		return with(early, withCall(from, records.MethodConsultation, documents(from, ""), bid(deadline)))
	}
	runCases(t, []ruleCase{
		{name: "4/7 + 10 = Thu 4/17: exactly 10 days", asOf: "2025-11-20", p: cons("2025-04-07", "2025-04-17")},
		{name: "4/16: 9 days", asOf: "2025-11-20", pos: at(callLine, "bid_deadline", callKeys...),
			p:    cons("2025-04-07", "2025-04-16"),
			want: []string{"consultation-period call#0 due=2025-04-17 actual=2025-04-16 +1day"}},
		{name: "国庆: 9/28 + 10 = 10/8, a holiday, rolled over to 10/9", asOf: "2025-11-20", p: cons("2025-09-28", "2025-10-09")},
		{name: "国庆: responses due 10/8 are a day short of 10/9", asOf: "2025-11-20",
			p:    cons("2025-09-28", "2025-10-08"),
			want: []string{"consultation-period call#0 due=2025-10-09 actual=2025-10-08 +1day"}},
		{name: "调休: 10/1 + 10 = 10/11, an adjusted working Saturday: no roll-over", asOf: "2025-11-20", p: cons("2025-10-01", "2025-10-11")},
		{name: "weekend: 6/4 + 10 = Sat 6/14, rolled over to Mon 6/16", asOf: "2025-11-20", p: cons("2025-06-04", "2025-06-16")},
		{name: "weekend: responses due Sat 6/14 are 2 days short", asOf: "2025-11-20",
			p:    cons("2025-06-04", "2025-06-14"),
			want: []string{"consultation-period call#0 due=2025-06-16 actual=2025-06-14 +2day"}},
		{name: "春节 2026: 2/5 + 10 = 2/15, rolled over to 2/24", asOf: "2026-11-20", p: cons("2026-02-05", "2026-02-24")},
		{name: "春节 2026: responses due on the adjusted Saturday 2/14 are 10 days short", asOf: "2026-11-20",
			p:    cons("2026-02-05", "2026-02-14"),
			want: []string{"consultation-period call#0 due=2026-02-24 actual=2026-02-14 +10day"}},
	})
}

func TestResultNotice(t *testing.T) {
	pub := at(awardLine, "published", awardKeys...)
	runCases(t, []ruleCase{
		{name: "fixed 2025-09-30, published 2025-10-10", asOf: "2025-10-31", p: with(withAward("2025-09-30", "2025-10-10"))},
		{name: "published on the adjusted Saturday", asOf: "2025-10-31", pos: pub,
			p:    with(withAward("2025-09-30", "2025-10-11")),
			want: []string{"result-notice award#0 due=2025-10-10 actual=2025-10-11 +1workday"}},
		{name: "published on the Sunday after", asOf: "2025-10-31",
			p:    with(withAward("2025-09-30", "2025-10-12")),
			want: []string{"result-notice award#0 due=2025-10-10 actual=2025-10-12 +1workday"}},
		{name: "published the Monday after", asOf: "2025-10-31",
			p:    with(withAward("2025-09-30", "2025-10-13")),
			want: []string{"result-notice award#0 due=2025-10-10 actual=2025-10-13 +2workday"}},
		{name: "unpublished, deadline today", asOf: "2025-10-10", p: with(withAward("2025-09-30", ""))},
		{name: "unpublished, a working day overdue", asOf: "2025-10-11", pos: pub,
			p:    with(withAward("2025-09-30", "")),
			want: []string{"missing-stage award#0 due=2025-10-10 +1workday missing"}},
		{name: "published after the build date counts as unpublished", asOf: "2025-10-13",
			p:    with(withAward("2025-09-30", "2025-10-20")),
			want: []string{"missing-stage award#0 due=2025-10-10 +2workday missing"}},
		{name: "fixed 2026-02-13, published 2026-02-24", asOf: "2026-03-10", p: with(withAward("2026-02-13", "2026-02-24"))},
		{name: "fixed 2026-02-13, published 2026-02-25", asOf: "2026-03-10",
			p:    with(withAward("2026-02-13", "2026-02-25")),
			want: []string{"result-notice award#0 due=2026-02-24 actual=2026-02-25 +1workday"}},
		{name: "site threshold 3", asOf: "2025-10-31", thresholds: map[string]int{"result-notice": 3},
			p: with(withAward("2025-09-30", "2025-10-11"))},
		{name: "decided after the build date", asOf: "2025-09-29", p: with(withAward("2025-09-30", ""))},
		{name: "2026 国庆: decided Tue 9/29; 9/30, then 10/1–10/7 off, 10/8 = due; published 10/8", asOf: "2026-10-31",
			p: with(withAward("2026-09-29", "2026-10-08"))},
		{name: "2026 国庆: published Fri 10/9, 1 working day after 10/8", asOf: "2026-10-31",
			p:    with(withAward("2026-09-29", "2026-10-09")),
			want: []string{"result-notice award#0 due=2026-10-08 actual=2026-10-09 +1workday"}},
		{name: "2025 调休: decided Fri 1/24; adjusted Sunday 1/26, Mon 1/27 = due; published 1/27", asOf: "2025-02-20",
			p: with(withAward("2025-01-24", "2025-01-27"))},
		{name: "2025 春节: decided Mon 1/27; 1/28–2/4 off; 2/5, 2/6 = due; published 2/7", asOf: "2025-02-20",
			p:    with(withAward("2025-01-27", "2025-02-07")),
			want: []string{"result-notice award#0 due=2025-02-06 actual=2025-02-07 +1workday"}},
	})
}

func TestContractSigning(t *testing.T) {
	// notified: the award notice (result notice) on that day, the contract signed on signed.
	notified := func(notice, signed string) *records.Project {
		return with(withAward(notice, notice), withContract(signed, signed, ""))
	}
	runCases(t, []ruleCase{
		{name: "Mon 5/12 + 30 = Wed 6/11: signed on day 30", asOf: "2025-07-31", p: notified("2025-05-12", "2025-06-11")},
		{name: "Mon 5/12 + 30 = 6/11: signed 6/12, day 31", asOf: "2025-07-31", pos: at(contractLine, "signed", contractKeys...),
			p:    notified("2025-05-12", "2025-06-12"),
			want: []string{"contract-signing contract#0 due=2025-06-11 actual=2025-06-12 +1day"}},
		{name: "weekend: 5/9 + 30 = Sun 6/8, rolled over to Mon 6/9", asOf: "2025-07-31", p: notified("2025-05-09", "2025-06-09")},
		{name: "weekend: 5/9 + 30 rolled to 6/9; signed 6/10", asOf: "2025-07-31",
			p:    notified("2025-05-09", "2025-06-10"),
			want: []string{"contract-signing contract#0 due=2025-06-09 actual=2025-06-10 +1day"}},
		{name: "国庆: 9/1 + 30 = 10/1, rolled over to 10/9", asOf: "2025-11-20", p: notified("2025-09-01", "2025-10-09")},
		{name: "国庆: 9/1 + 30 rolled to 10/9; signed 10/10", asOf: "2025-11-20",
			p:    notified("2025-09-01", "2025-10-10"),
			want: []string{"contract-signing contract#0 due=2025-10-09 actual=2025-10-10 +1day"}},
		{name: "春节 2026: 1/16 + 30 = 2/15, rolled over to 2/24", asOf: "2026-11-20", p: notified("2026-01-16", "2026-02-24")},
		{name: "春节 2026: signed 2/25", asOf: "2026-11-20",
			p:    notified("2026-01-16", "2026-02-25"),
			want: []string{"contract-signing contract#0 due=2026-02-24 actual=2026-02-25 +1day"}},
		{name: "调休 2026: 1/29 + 30 = Sat 2/28, an adjusted working day: no roll-over; signed Mon 3/2", asOf: "2026-11-20",
			p:    notified("2026-01-29", "2026-03-02"),
			want: []string{"contract-signing contract#0 due=2026-02-28 actual=2026-03-02 +2day"}},
		{name: "no contract yet, deadline (6/9 rolled over) today", asOf: "2025-06-09", p: with(withAward("2025-05-08", "2025-05-09"))},
		{name: "no contract a day after 6/9", asOf: "2025-06-10", pos: at(awardLine, "published", awardKeys...),
			p:    with(withAward("2025-05-08", "2025-05-09")),
			want: []string{"missing-stage contract#0 due=2025-06-09 +1day missing"}},
		{name: "signed after the build date", asOf: "2025-06-11",
			p:    with(withAward("2025-05-08", "2025-05-09"), withContract("2025-06-20", "2025-06-20", "")),
			want: []string{"missing-stage contract#0 due=2025-06-09 +2day missing"}},
		{name: "no result notice, no clock", asOf: "2025-11-20",
			p:    with(withAward("2025-05-08", "")),
			want: []string{"missing-stage award#0 due=2025-05-12 +133workday missing"}},
		{name: "site threshold 45: 5/9 + 45 = Mon 6/23", asOf: "2025-07-31", thresholds: map[string]int{"contract-signing": 45}, p: notified("2025-05-09", "2025-06-23")},
	})
}

func TestContractNotice(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "signed 2026-02-13, published 2026-02-24", asOf: "2026-11-20", p: with(withContract("2026-02-13", "2026-02-24", ""))},
		{name: "published 2026-02-25", asOf: "2026-11-20", pos: at(contractLine, "published", contractKeys...),
			p:    with(withContract("2026-02-13", "2026-02-25", "")),
			want: []string{"contract-notice contract#0 due=2026-02-24 actual=2026-02-25 +1workday"}},
		{name: "unpublished, deadline today", asOf: "2026-02-24", p: with(withContract("2026-02-13", "", ""))},
		{name: "unpublished a working day after", asOf: "2026-02-25",
			p:    with(withContract("2026-02-13", "", "")),
			want: []string{"missing-stage contract#0 due=2026-02-24 +1workday missing"}},
		{name: "across National Day", asOf: "2025-11-20",
			p:    with(withContract("2025-09-30", "2025-10-13", "")),
			want: []string{"contract-notice contract#0 due=2025-10-10 actual=2025-10-13 +2workday"}},
		{name: "2026 调休: signed Fri 5/8; adjusted Saturday 5/9, Mon 5/11 = due; published 5/11", asOf: "2026-11-20",
			p: with(withContract("2026-05-08", "2026-05-11", ""))},
		{name: "2026 调休: published Tue 5/12", asOf: "2026-11-20",
			p:    with(withContract("2026-05-08", "2026-05-12", "")),
			want: []string{"contract-notice contract#0 due=2026-05-11 actual=2026-05-12 +1workday"}},
		{name: "site threshold 1", asOf: "2025-11-20", thresholds: map[string]int{"contract-notice": 1},
			p:    with(withContract("2025-09-30", "2025-10-10", "")),
			want: []string{"contract-notice contract#0 due=2025-10-09 actual=2025-10-10 +1workday"}},
	})
}

func TestAcceptancePublic(t *testing.T) {
	// The service period ends 2025-12-31; 20 working days later is 2026-01-29 (1/1–1/3 off,
	// 1/4 an adjusted working Sunday).
	k := withContract("2025-05-20", "2025-05-21", "2025-12-31")
	runCases(t, []ruleCase{
		{name: "final acceptance on the deadline", asOf: "2026-11-20",
			p: with(k, withEvaluation("结项验收", "2026-01-10", "2026-01-29"))},
		{name: "final acceptance a working day late", asOf: "2026-11-20", pos: at(evalLine, "published", evalKeys...),
			p:    with(k, withEvaluation("结项验收", "2026-01-10", "2026-01-30")),
			want: []string{"acceptance-public evaluation#1 due=2026-01-29 actual=2026-01-30 +1workday"}},
		{name: "no acceptance, deadline today", asOf: "2026-01-29", p: with(k)},
		{name: "no acceptance a working day after", asOf: "2026-01-30", pos: at(contractLine, "period", contractKeys...),
			p:    with(k),
			want: []string{"missing-stage evaluation#0 due=2026-01-29 +1workday missing"}},
		{name: "acceptance held but unpublished", asOf: "2026-02-02",
			p:    with(k, withEvaluation("结项验收", "2026-01-10", "")),
			want: []string{"missing-stage evaluation#1 due=2026-01-29 +2workday missing"}},
		{name: "mid-term evaluation on its deadline", asOf: "2026-11-20",
			p: with(k, withEvaluation("中期评估", "2025-09-30", "2025-11-04"), withEvaluation("结项验收", "2026-01-10", "2026-01-20"))},
		{name: "mid-term evaluation a day late", asOf: "2026-11-20",
			p:    with(k, withEvaluation("中期评估", "2025-09-30", "2025-11-05"), withEvaluation("结项验收", "2026-01-10", "2026-01-20")),
			want: []string{"acceptance-public evaluation#1 due=2025-11-04 actual=2025-11-05 +1workday"}},
		{name: "terminated before the period ended", asOf: "2026-11-20", p: with(k, withTermination("2025-12-01"))},
		{name: "period from the call when the contract has none", asOf: "2026-01-30", pos: at(callLine, "service", callKeys...),
			p: with(early, withCall("2025-04-07", records.MethodOther, func(c *records.Call) {
				c.Service.Period = records.Period{From: day("2025-06-01"), To: day("2025-12-31")}
			}), withContract("2025-05-20", "2025-05-21", "")),
			want: []string{"missing-stage evaluation#0 due=2026-01-29 +1workday missing"}},
		// 2026 国庆: the period ends Wed 9/30; 10/1–10/7 off; 10/8, 10/9, adjusted Sat 10/10, then
		// 10/12–10/30 (15), 11/2, 11/3: the 20th working day is 11/3.
		{name: "2026 国庆: period ends 9/30, acceptance published 11/3 (20th working day)", asOf: "2026-11-20",
			p: with(withContract("2026-01-05", "2026-01-06", "2026-09-30"), withEvaluation("结项验收", "2026-10-20", "2026-11-03"))},
		{name: "2026 国庆: published 11/4, 1 late", asOf: "2026-11-20",
			p:    with(withContract("2026-01-05", "2026-01-06", "2026-09-30"), withEvaluation("结项验收", "2026-10-20", "2026-11-04")),
			want: []string{"acceptance-public evaluation#1 due=2026-11-03 actual=2026-11-04 +1workday"}},
		// 2026 春节: the period ends Sat 1/31; 2/2–2/13 (10), adjusted Sat 2/14 (11), 2/15–2/23 off,
		// 2/24–2/27 (15), adjusted Sat 2/28 (16), 3/2–3/5 (20).
		{name: "2026 春节: period ends Sat 1/31, acceptance published 3/5 (20th working day)", asOf: "2026-11-20",
			p: with(withContract("2025-06-02", "2025-06-03", "2026-01-31"), withEvaluation("结项验收", "2026-02-10", "2026-03-05"))},
		{name: "2026 春节: published 3/6, 1 late", asOf: "2026-11-20",
			p:    with(withContract("2025-06-02", "2025-06-03", "2026-01-31"), withEvaluation("结项验收", "2026-02-10", "2026-03-06")),
			want: []string{"acceptance-public evaluation#1 due=2026-03-05 actual=2026-03-06 +1workday"}},
		{name: "site threshold 10", asOf: "2026-11-20", thresholds: map[string]int{"acceptance-public": 10},
			p:    with(k, withEvaluation("结项验收", "2026-01-10", "2026-01-29")),
			want: []string{"acceptance-public evaluation#1 due=2026-01-15 actual=2026-01-29 +10workday"}},
	})
}

// TestEvaluationStandard: the loader is the rule's single owner. It refuses a call without the
// standard or the provider conditions, so the rule is blocking and Apply never judges it.
func TestEvaluationStandard(t *testing.T) {
	if !evaluationStandard.Blocking || evaluationStandard.check != nil {
		t.Fatal("evaluation-standard must be a blocking rule without a check")
	}
	required := records.RequiredKeys(reflect.TypeFor[records.Call]())
	for _, k := range []string{"standard", "conditions"} {
		if !slices.Contains(required, k) {
			t.Errorf("the loader does not require call.%s: evaluation-standard would have no owner", k)
		}
	}
	noStandard := func(c *records.Call) { c.Standard = records.Standard{}; c.Conditions = records.Markdown{} }
	runCases(t, []ruleCase{{name: "Apply does not judge it", asOf: "2025-11-20",
		p: with(early, withCall("2025-04-07", records.MethodOther, noStandard))}})
}

func TestTermination(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "overdue before the termination, counted to it", asOf: "2025-11-20",
			p:    with(withAward("2025-05-08", ""), withTermination("2025-06-03")),
			want: []string{"missing-stage award#0 due=2025-05-12 +15workday missing"}},
		{name: "terminated on the deadline", asOf: "2025-11-20",
			p: with(withAward("2025-05-08", ""), withTermination("2025-05-12"))},
		{name: "no contract owed after termination", asOf: "2025-11-20",
			p: with(withAward("2025-05-08", "2025-05-09"), withTermination("2025-05-20"))},
		{name: "termination not public yet: 5/9 + 30 = Sun 6/8 → 6/9", asOf: "2025-06-10",
			p:    with(withAward("2025-05-08", "2025-05-09"), withTermination("2025-07-01")),
			want: []string{"missing-stage contract#0 due=2025-06-09 +1day missing"}},
	})
}

func TestMissingStageMessage(t *testing.T) {
	ds := apply("2025-10-13", nil, with(withAward("2025-09-30", "")))
	f := ds.Findings[0]
	if want := "应于2025年10月10日前公告中标（成交）结果，截至2025年10月13日尚未完成，已逾期2个工作日"; f.Message != want {
		t.Errorf("message %q, want %q", f.Message, want)
	}
	if want := "Must publish the award notice by 2025-10-10; not done as of 2025-10-13, 2 working day(s) overdue"; f.English != want {
		t.Errorf("English %q, want %q", f.English, want)
	}
	if f.Source != resultNotice.Source || f.Unit != "workday" || f.Year != 2025 {
		t.Errorf("source %q unit %q year %d", f.Source, f.Unit, f.Year)
	}
}

func TestLateMessage(t *testing.T) {
	ds := apply("2025-11-20", nil, with(withContract("2025-09-30", "2025-10-13", "")))
	f := ds.Findings[0]
	if want := "合同应自签订之日起2个工作日内（2025年10月10日前）公告，实际于2025年10月13日公告，迟延2个工作日"; f.Message != want {
		t.Errorf("message %q, want %q", f.Message, want)
	}
}

func TestCalendarMissing(t *testing.T) {
	late2026 := with(withContract("2026-12-30", "", ""))
	other := project("T-2")
	other.Contract = contract("2026-12-31", "")
	early2024 := project("T-3")
	early2024.Award = award("2024-12-30", "2025-01-02")
	ds := apply("2027-01-15", nil, late2026, other, early2024)
	want := []string{
		"calendar-missing #0",         // 2024: T-3's result notice deadline
		"calendar-missing #0",         // 2027: once for the site, although T-1 and T-2 both need it
		"calendar-missing contract#0", // T-1's contract notice, due 2 working days after 2026-12-30
		"calendar-missing contract#0", // T-2's, after 2026-12-31
		"calendar-missing award#0",    // T-3's result notice, 2 working days after 2024-12-30
		// T-3's contract was never signed: 2025-01-02 + 30 = Sat 2/1, inside 春节 (1/28–2/4),
		// rolled over to Wed 2/5; overdue from then to 2027-01-15 is 709 days.
		"missing-stage contract#0 due=2025-02-05 +709day missing",
	}
	if got := briefs(ds.Findings); !reflect.DeepEqual(got, want) {
		t.Fatalf("findings %v\nwant %v", got, want)
	}
	for i, w := range []struct {
		project string
		year    int
		pos     string
	}{{"T-1", 2027, at(contractLine, "published", contractKeys...)}, {"T-2", 2027, at(contractLine, "published", contractKeys...)},
		{"T-3", 2024, at(awardLine, "published", awardKeys...)}} {
		f := ds.Findings[2+i]
		if f.Project != w.project || f.Year != w.year || f.Pos.String() != w.pos || f.Body != "mz" ||
			!strings.Contains(f.Message, fmt.Sprintf("%d 年工作日历", w.year)) || !strings.Contains(f.Message, "个工作日内") ||
			!strings.Contains(f.English, fmt.Sprintf("the %d working-day calendar", w.year)) {
			t.Errorf("stage finding %d: %+v", i, f)
		}
	}
	for i, y := range []int{2024, 2027} {
		f := ds.Findings[i]
		file := fmt.Sprintf("data/calendar/%d.yaml", y)
		if f.Year != y || f.Project != "" || f.Pos.String() != file ||
			!strings.HasPrefix(f.Message, fmt.Sprintf("缺少 %d 年工作日历 %s", y, file)) {
			t.Errorf("finding %d: %+v", i, f)
		}
	}
}

func TestSortAndDisclosure(t *testing.T) {
	a := project("A-1") // result notice late, contract notice missing (2025)
	a.Award = award("2025-09-30", "2025-10-13")
	a.Contract = contract("2025-10-20", "")
	b := project("B-1") // on time in 2025, contract notice pending
	b.Body = "wj"
	b.Award = award("2025-11-10", "2025-11-11")
	b.Contract = contract("2025-11-19", "")
	c := project("A-0") // intention on time, consultation period a day short
	c.Intention = intention("2025-01-02")
	c.Call = call("2025-04-07", records.MethodConsultation)
	c.Call.BidDeadline = moment("2025-04-16 09:30")
	ds := apply("2025-11-20", nil, b, a, c)
	want := []string{
		"consultation-period call#0 due=2025-04-17 actual=2025-04-16 +1day",
		"result-notice award#0 due=2025-10-10 actual=2025-10-13 +2workday",
		"missing-stage contract#0 due=2025-10-22 +21workday missing",
	}
	if got := briefs(ds.Findings); !reflect.DeepEqual(got, want) {
		t.Fatalf("findings %v\nwant %v", got, want)
	}
	if ds.Findings[0].Project != "A-0" || ds.Findings[1].Project != "A-1" {
		t.Errorf("not sorted by project: %+v", ds.Findings)
	}
	wantD := []records.BodyDisclosure{
		{Body: "mz", Year: 2025, Checked: 3, OnTime: 1}, // A-0 intention; A-1 result late, contract missing
		{Body: "wj", Year: 2025, Checked: 1, OnTime: 1}, // B-1 result; its contract notice not due yet
	}
	if !reflect.DeepEqual(ds.Disclosure, wantD) {
		t.Errorf("disclosure %+v\nwant %+v", ds.Disclosure, wantD)
	}
	// Determinism: the input order does not matter.
	again := apply("2025-11-20", nil, c, a, b)
	if !reflect.DeepEqual(again.Findings, ds.Findings) || !reflect.DeepEqual(again.Disclosure, ds.Disclosure) {
		t.Error("findings depend on project order")
	}
}

func TestRegistry(t *testing.T) {
	want := []string{"intention-lead", "single-source-notice", "tender-period", "documents-available",
		"negotiation-period", "consultation-period", "consultation-documents", "amendment-timing", "result-notice", "contract-signing", "contract-notice",
		"acceptance-public", "evaluation-standard", "budget-bound", "barred-provider", "missing-stage", "backdated", "calendar-missing"}
	var got []string
	for _, r := range Registry {
		got = append(got, r.Code)
		if r.Source == "" || r.Summary == "" || r.SummaryEnglish == "" {
			t.Errorf("%s: source or summary missing", r.Code)
		}
		if r.Blocking != (r.check == nil && r.Message == "") {
			t.Errorf("%s: blocking rules, and only they, have neither check nor message", r.Code)
		}
		if Lookup(r.Code) != r {
			t.Errorf("Lookup(%s)", r.Code)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("registry %v", got)
	}
	if Lookup("no-such-rule") != nil {
		t.Error("Lookup of an unknown code")
	}
}

func TestDateFormats(t *testing.T) {
	for _, s := range []string{"2025-01-02", "2025-10-10", "2026-12-31", "0999-03-04"} {
		d := day(s)
		if chinese(d) != d.Chinese() || iso(d) != d.String() {
			t.Errorf("%s: %q %q", s, chinese(d), iso(d))
		}
		if e := d.AddDays(1); cmpDate(d, e) >= 0 || cmpDate(e, d) <= 0 || cmpDate(d, d) != 0 {
			t.Errorf("cmpDate around %s", s)
		}
	}
	if chinese(records.Date{}) != "" || iso(records.Date{}) != "" {
		t.Error("zero date")
	}
}

func TestApplyDegenerate(t *testing.T) {
	Apply(nil)
	ds := &records.Dataset{Projects: []*records.Project{nil, with(withAward("2025-09-30", ""))}}
	Apply(ds) // no site, no calendars, no AsOf: nothing is overdue, nothing can be counted
	if got := briefs(ds.Findings); !reflect.DeepEqual(got, []string{"calendar-missing #0", "calendar-missing award#0"}) ||
		ds.Findings[0].Year != 2025 || ds.Findings[1].Year != 2025 {
		t.Errorf("findings %v", got)
	}
	if ds.Findings == nil || ds.Disclosure == nil {
		t.Error("nil slices: the site ranges over them")
	}
	empty := &records.Dataset{AsOf: day("2025-01-01")}
	Apply(empty)
	if empty.Findings == nil || len(empty.Findings) != 0 {
		t.Errorf("no projects: %v", empty.Findings)
	}
}

// TestCertainWithoutCalendar: a deadline in a year with no calendar is not needed when it
// certainly lies after AsOf (fewer than N working days from its start to AsOf).
func TestCertainWithoutCalendar(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "service period ends next year", asOf: "2026-11-20",
			p: with(withContract("2026-03-02", "2026-03-03", "2027-03-01"))},
		{name: "acceptance published early, deadline next year", asOf: "2026-11-20",
			p: with(withContract("2026-03-02", "2026-03-03", "2027-03-01"), withEvaluation("结项验收", "2026-11-02", "2026-11-10"))},
		{name: "contract signed on the last days of the year", asOf: "2026-12-31",
			p: with(withContract("2026-12-31", "", ""))},
	})
	// Early acceptance counts as on time, in the year it was published.
	ds := apply("2026-11-20", nil, with(withContract("2026-03-02", "2026-03-03", "2027-03-01"), withEvaluation("结项验收", "2026-11-02", "2026-11-10")))
	want := []records.BodyDisclosure{{Body: "mz", Year: 2026, Checked: 2, OnTime: 2}}
	if !reflect.DeepEqual(ds.Disclosure, want) {
		t.Errorf("disclosure %+v", ds.Disclosure)
	}
	// But a deadline that may have passed needs the calendar.
	ds = apply("2027-01-06", nil, with(withContract("2026-12-30", "", "")))
	if got := briefs(ds.Findings); !reflect.DeepEqual(got, []string{"calendar-missing #0", "calendar-missing contract#0"}) {
		t.Errorf("findings %v", got)
	}
	// A calendar-day deadline is never before start + n: signed by then is on time without the
	// calendar (2026-12-20 + 30 = 2027-01-19 at the earliest).
	ds = apply("2027-02-01", nil, with(withAward("2026-12-18", "2026-12-20"), withContract("2027-01-19", "", "")))
	for _, f := range ds.Findings {
		if f.Rule == contractSigning.Code || (f.Rule == calendarMissing.Code && f.Stage == "contract" && f.Index == 0 && strings.Contains(f.Message, "签订合同")) {
			t.Errorf("signed on the nominal day 30 needs no calendar: %v", briefs(ds.Findings))
		}
	}
}
