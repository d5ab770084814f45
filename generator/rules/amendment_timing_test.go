package rules

import (
	"testing"

	"github.com/gongkai/gongkai/generator/records"
)

// correction is an amendment published on the day, changing the named call fields; moveTo, when
// set, is its new_deadline.
func correction(published, moveTo string, fields ...string) func(*records.Project) {
	return func(p *records.Project) {
		a := &records.Amendment{Published: day(published), Src: src(amendLine, amendKeys...)}
		if moveTo != "" {
			a.NewDeadline = moment(moveTo + " 09:30")
		}
		for _, f := range fields {
			a.Changes = append(a.Changes, records.Change{Field: f, To: "新内容", Src: src(amendLine + 5)})
		}
		p.Amendments = append(p.Amendments, a)
	}
}

func TestAmendmentTiming(t *testing.T) {
	// A tender published 2025-02-10 (documents 2/10–2/17) with bids due 2025-03-06.
	tender := func(fs ...func(*records.Project)) *records.Project {
		return with(append([]func(*records.Project){early,
			withCall("2025-02-10", records.MethodOpen, documents("2025-02-10", "2025-02-17"), bid("2025-03-06"))}, fs...)...)
	}
	published := at(amendLine, "published", amendKeys...)
	runCases(t, []ruleCase{
		{name: "ceiling corrected 2/19: 2/19 + 15 = Thu 3/6, exactly 15 days", asOf: "2025-11-20",
			p: tender(correction("2025-02-19", "", "ceiling"))},
		{name: "ceiling corrected 2/20: 2/20 + 15 = 3/7, a day short", asOf: "2025-11-20", pos: published,
			p:    tender(correction("2025-02-20", "", "最高限价")),
			want: []string{"amendment-timing amendment#1 due=2025-03-07 actual=2025-03-06 +1day"}},
		{name: "opening place and a contact corrected the day before: not bid preparation", asOf: "2025-11-20",
			p: tender(correction("2025-03-05", "", "opening.place", "contacts.1.phone", "documents_at"))},
		{name: "conditions corrected 2/24, deadline moved to 3/11 = 2/24 + 15", asOf: "2025-11-20",
			p: tender(correction("2025-02-24", "2025-03-11", "conditions"))},
		{name: "conditions corrected 2/24, deadline moved only to 3/10: a day short", asOf: "2025-11-20",
			pos:  at(amendLine, "new_deadline", amendKeys...),
			p:    tender(correction("2025-02-24", "2025-03-10", "conditions")),
			want: []string{"amendment-timing amendment#1 due=2025-03-11 actual=2025-03-10 +1day"}},
		{name: "a later correction of the contacts does not rescue an earlier short one", asOf: "2025-11-20",
			p:    tender(correction("2025-02-24", "", "service.scope"), correction("2025-02-25", "", "contacts.1.name")),
			want: []string{"amendment-timing amendment#1 due=2025-03-11 actual=2025-03-06 +5day"}},
		{name: "a later correction moving the deadline to 3/13 gives the 15 days after 2/24", asOf: "2025-11-20",
			p: tender(correction("2025-02-24", "", "service.scope"), correction("2025-02-26", "2025-03-13", "bid_deadline"))},
		{name: "a later correction moving it only to 3/10 is still a day short of 2/24 + 15", asOf: "2025-11-20",
			pos:  at(amendLine, "new_deadline", amendKeys...),
			p:    tender(correction("2025-02-24", "", "service.scope"), correction("2025-02-26", "2025-03-10", "bid_deadline")),
			want: []string{"amendment-timing amendment#1 due=2025-03-11 actual=2025-03-10 +1day"}},
		{name: "the deadline moved by a bid_deadline change alone (no new_deadline)", asOf: "2025-11-20",
			p: tender(correction("2025-02-24", "", "ceiling"), func(p *records.Project) {
				p.Amendments[0].Changes = append(p.Amendments[0].Changes, records.Change{Field: "投标截止时间", To: "2025-03-11 09:30"})
			})},
		{name: "correction not public yet", asOf: "2025-02-23",
			p: tender(correction("2025-02-24", "", "ceiling"))},
		{name: "site threshold 10: 2/24 + 10 = 3/6", asOf: "2025-11-20", thresholds: map[string]int{"amendment-timing": 10},
			p: tender(correction("2025-02-24", "", "ceiling"))},
		{name: "国庆: corrected 9/16, 9/16 + 15 = 10/1, rolled over to 10/9; bids due 10/9", asOf: "2025-11-20",
			p: with(early, withCall("2025-09-01", records.MethodOpen, documents("2025-09-01", "2025-09-08"), bid("2025-10-09")),
				correction("2025-09-16", "", "service.quantity"))},
		{name: "国庆: corrected 9/24, 9/24 + 15 = 10/9; bids due 10/8 are a day short", asOf: "2025-11-20",
			p: with(early, withCall("2025-09-01", records.MethodOpen, documents("2025-09-01", "2025-09-08"), bid("2025-10-08")),
				correction("2025-09-24", "", "service.quantity")),
			want: []string{"amendment-timing amendment#1 due=2025-10-09 actual=2025-10-08 +1day"}},
		{name: "春节 2026: corrected 2/2, 2/2 + 15 = 2/17 in the holiday, rolled over to 2/24", asOf: "2026-11-20",
			p: with(early, withCall("2026-01-20", records.MethodOpen, documents("2026-01-20", "2026-01-27"), bid("2026-02-24")),
				correction("2026-02-02", "", "standard.text"))},
		{name: "春节 2026: corrected 2/10, 2/10 + 15 = 2/25; bids due 2/24", asOf: "2026-11-20",
			p: with(early, withCall("2026-01-20", records.MethodOpen, documents("2026-01-20", "2026-01-27"), bid("2026-02-24")),
				correction("2026-02-10", "", "standard.text")),
			want: []string{"amendment-timing amendment#1 due=2026-02-25 actual=2026-02-24 +1day"}},
	})
}

func TestAmendmentTimingOtherMethods(t *testing.T) {
	// 竞争性磋商 published 2025-04-07 (documents 4/7–4/14), 5 days.
	cons := func(deadline string, fs ...func(*records.Project)) *records.Project {
		return with(append([]func(*records.Project){early,
			withCall("2025-04-07", records.MethodConsultation, documents("2025-04-07", "2025-04-14"), bid(deadline))}, fs...)...)
	}
	// 竞争性谈判 published 2025-09-22, 3 working days.
	neg := func(method, deadline string, fs ...func(*records.Project)) *records.Project {
		return with(append([]func(*records.Project){early,
			withCall("2025-09-22", method, documents("2025-09-22", ""), bid(deadline))}, fs...)...)
	}
	runCases(t, []ruleCase{
		{name: "磋商: corrected 4/19, 4/19 + 5 = 4/24", asOf: "2025-11-20", p: cons("2025-04-24", correction("2025-04-19", "", "service.scope"))},
		{name: "磋商: corrected 4/20, 4/20 + 5 = 4/25, a day short", asOf: "2025-11-20",
			p:    cons("2025-04-24", correction("2025-04-20", "", "service.scope")),
			want: []string{"amendment-timing amendment#1 due=2025-04-25 actual=2025-04-24 +1day"}},
		{name: "磋商 调休: corrected 4/22, 4/22 + 5 = Sunday 4/27, an adjusted working day: no roll-over", asOf: "2025-11-20",
			p: cons("2025-04-27", correction("2025-04-22", "", "service.scope"))},
		{name: "磋商 劳动节: corrected 4/26, 4/26 + 5 = 5/1 in the holiday, rolled over to 5/6; responses due 4/30", asOf: "2025-11-20",
			p:    cons("2025-04-30", correction("2025-04-26", "", "service.scope")),
			want: []string{"amendment-timing amendment#1 due=2025-05-06 actual=2025-04-30 +6day"}},
		{name: "谈判: corrected 9/29; 9/30, 10/9, 10/10 are the 3 working days after", asOf: "2025-11-20",
			p: neg(records.MethodNegotiation, "2025-10-10", correction("2025-09-29", "", "service.quality"))},
		{name: "谈判: corrected 9/30; 10/9, 10/10, adjusted Saturday 10/11: a working day short", asOf: "2025-11-20",
			p:    neg(records.MethodNegotiation, "2025-10-10", correction("2025-09-30", "", "service.quality")),
			want: []string{"amendment-timing amendment#1 due=2025-10-11 actual=2025-10-10 +1workday"}},
		{name: "询价 too", asOf: "2025-11-20",
			p:    neg(records.MethodQuotation, "2025-10-10", correction("2025-09-30", "", "service.quality")),
			want: []string{"amendment-timing amendment#1 due=2025-10-11 actual=2025-10-10 +1workday"}},
		{name: "单一来源: no such period", asOf: "2025-11-20",
			p: with(early, withSingleSource("2025-09-01", "2025-09-08"), withCall("2025-09-22", records.MethodSingleSource, bid("2025-10-10")),
				correction("2025-10-09", "", "service.quality"))},
	})
}

// TestBidPreparationFields: every field the rule treats as bid preparation is a call field a
// correction can name, under that canonical path.
func TestBidPreparationFields(t *testing.T) {
	for path := range bidPreparation {
		if f, ok := records.CallFieldNamed(path); !ok || f.Path != path {
			t.Errorf("%s is not a call field a correction can change", path)
		}
	}
}
