package rules

import (
	"strconv"

	"github.com/gongkai/gongkai/generator/records"
)

var backdated = &Rule{
	Code:           "backdated",
	Summary:        "各阶段声明的发布日期与其首次出现在公开记录（仓库历史）中的日期相差不超过{n}日",
	SummaryEnglish: "Each stage's stated publication date is at most {n} day(s) before it first appeared in the published record (the repository history)",
	Source:         "政府采购法 第十一条（采购信息应当在指定媒体上及时向社会公开发布）；公开记录以仓库历史为准",
	Threshold:      1,
	Unit:           Days,
	Message:        "{what}声明发布日期为{deadline}，但该阶段于{actual}才首次出现在公开记录中，晚{delay}日；各项期限按{actual}核对",
	English:        "The {what} states publication on {deadline}, but first appeared in the published record on {actual}, {delay} day(s) later; deadlines are judged by {actual}",
	check:          checkBackdated,
}

// checkBackdated: a stage whose first appearance in the repository history (records.LoadHistory)
// is more than N calendar days after the date it states is reported, even when every deadline is
// still met: a stated date the record contradicts is itself a disclosure problem. One day is
// allowed by default for a notice published in the evening and committed the next morning.
// Deadline is the stated date, Actual the first appearance. Judged for stages public by AsOf
// (counted from their first appearance). Without history FirstSeen is zero and nothing is found.
func checkBackdated(c *checker, r *Rule, p *records.Project) {
	n := c.threshold(r)
	check := func(kind records.NoticeKind, index int, stated, seen records.Date, src records.Src) {
		if stated.IsZero() || seen.IsZero() || !c.visible(seen) {
			return
		}
		late := stated.DaysUntil(seen)
		if late <= n {
			return
		}
		what, whatEn := stageName(kind, index)
		c.add(c.finding(r, kind, index, src.At("published"), text{
			deadline: stated, actual: seen, delay: late, unit: Days, what: what, whatEn: whatEn,
		}))
	}
	if s := p.Intention; s != nil {
		check(records.KindIntention, 0, s.Published, s.FirstSeen, s.Src)
	}
	if s := p.SingleSource; s != nil {
		check(records.KindSingleSource, 0, s.Published, s.FirstSeen, s.Src)
	}
	if s := p.Call; s != nil {
		check(records.KindCall, 0, s.Published, s.FirstSeen, s.Src)
	}
	for i, s := range p.Amendments {
		if s != nil {
			check(records.KindAmendment, i+1, s.Published, s.FirstSeen, s.Src)
		}
	}
	if s := p.Award; s != nil {
		check(records.KindAward, 0, s.Published, s.FirstSeen, s.Src)
	}
	if s := p.Contract; s != nil {
		check(records.KindContract, 0, s.Published, s.FirstSeen, s.Src)
	}
	for i, s := range p.Evaluations {
		if s != nil {
			check(records.KindEvaluation, i+1, s.Published, s.FirstSeen, s.Src)
		}
	}
	if s := p.Termination; s != nil {
		check(records.KindTermination, 0, s.Published, s.FirstSeen, s.Src)
	}
}

// stageName names a stage in messages: 结果公告, 更正公告（2）; award notice, correction notice 2.
func stageName(kind records.NoticeKind, index int) (zh, en string) {
	zh, en = kind.Chinese(), kind.English()
	if en != "" {
		en = string(en[0]|0x20) + en[1:] // mid-sentence: "the award notice"
	}
	if index > 0 {
		zh += "（" + strconv.Itoa(index) + "）"
		en += " " + strconv.Itoa(index)
	}
	return zh, en
}

// claim is a stage whose first appearance in the history is later than the date it states: the
// rules count it as published on its first appearance, and a finding that relied on that date
// says both.
type claim struct {
	kind         records.NoticeKind
	index        int
	stated, seen records.Date
}

// claims are the stages a judgement relied on with a corrected date; nil in the common case.
type claims []claim

// on is the day a stage counts as published — what it states, or its first appearance in the
// history when that is later (compliance.md: the later date is the honest one) — noting the
// correction in cs.
func (cs *claims) on(kind records.NoticeKind, index int, stated, seen records.Date) records.Date {
	if stated.IsZero() || seen.IsZero() || cmpDate(seen, stated) <= 0 {
		return stated
	}
	*cs = append(*cs, claim{kind: kind, index: index, stated: stated, seen: seen})
	return seen
}

// publishedOn is claims.on for a judgement that does not report the correction (visibility).
func publishedOn(stated, seen records.Date) records.Date {
	if stated.IsZero() || seen.IsZero() || cmpDate(seen, stated) <= 0 {
		return stated
	}
	return seen
}

// annotate adds to a finding the stated and first-seen dates of every corrected stage it relied
// on: "（结果公告声明发布日期为2025年6月4日，但该阶段于2025年6月11日才首次出现在公开记录中）".
func (cs claims) annotate(f records.Finding) records.Finding {
	for _, cl := range cs {
		zh, en := stageName(cl.kind, cl.index)
		f.Message += "（" + zh + "声明发布日期为" + chinese(cl.stated) + "，但该阶段于" + chinese(cl.seen) + "才首次出现在公开记录中）"
		f.English += " (the " + en + " states publication on " + iso(cl.stated) + ", but first appeared in the published record on " + iso(cl.seen) + ")"
	}
	return f
}

// callOn is the day the call counts as published, with the correction noted in cs.
func callOn(cs *claims, call *records.Call) records.Date {
	return cs.on(records.KindCall, 0, call.Published, call.FirstSeen)
}

// issuedOn is the day documents were first issued (issued), but no earlier than the call's first
// appearance in the history when the call is back-dated: documents a call announces cannot have
// been publicly available before the call itself was.
func issuedOn(cs *claims, call *records.Call) records.Date {
	d := issued(call)
	if seen := publishedOn(call.Published, call.FirstSeen); seen != call.Published && cmpDate(seen, d) > 0 {
		cs.on(records.KindCall, 0, call.Published, call.FirstSeen)
		return seen
	}
	return d
}
