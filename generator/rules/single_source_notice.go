package rules

import "github.com/gongkai/gongkai/generator/records"

var singleSourceNotice = &Rule{
	Code:           "single-source-notice",
	Summary:        "达到公开招标数额标准、以只能从唯一供应商处采购为由的单一来源采购，公示期不少于{n}个工作日，且在采购公告发布前结束",
	SummaryEnglish: "A single-source purchase at or above the open-tender threshold, on the ground that only one supplier can provide it, is publicly noticed for at least {n} working days, ending before the call",
	Source:         "政府采购法 第三十一条第一项；政府采购法实施条例 第三十八条",
	Threshold:      5,
	Unit:           Workdays,
	Message:        "单一来源公示期应不少于{n}个工作日，且在采购公告发布前结束（最早至{deadline}），实际公示至{actual}，少{delay}个工作日",
	English:        "The single-source notice must run for at least {n} working days and end before the call (until {deadline} at the earliest); it ran until {actual}, {delay} working day(s) short",
	check:          checkSingleSourceNotice,
}

// The finding for a required notice never published.
const (
	singleSourceMissingMessage = "本项目预算{what}达到公开招标数额标准，且以只能从唯一供应商处采购为由采用单一来源方式，应在采购前公示不少于{n}个工作日，未见单一来源公示"
	singleSourceMissingEnglish = "The budget of {what} is at or above the open-tender threshold and the ground is that only one supplier can provide it, so the purchase must be publicly noticed for at least {n} working days first; there is no single-source notice"
)

// SingleSourceNoticeRequired reports whether p's call needs a 单一来源公示 (实施条例 第三十八条): a
// 单一来源 call whose project budget is at or above the site's 公开招标数额标准 (site.yaml
// open_tender_threshold, default 200万元), on the ground that only one supplier can provide it
// (政府采购法 第三十一条第一项; the call's single_source_ground, 唯一供应商 when not stated). An
// emergency or an addition to an earlier contract, or an amount below the threshold, needs none.
func SingleSourceNoticeRequired(site *records.Site, p *records.Project) bool {
	return p.Call != nil && p.Call.Method == records.MethodSingleSource &&
		(p.Call.SingleSourceGround == "" || p.Call.SingleSourceGround == records.GroundUniqueSupplier) &&
		p.Budget >= site.OpenTender()
}

// checkSingleSourceNotice: judged once the single-source call is public, and only where the
// notice is required (SingleSourceNoticeRequired); elsewhere a notice, published or not, is not
// the law's requirement and is not judged. A required notice never published is a finding at the
// call's method. 公示期 counts from the day after publication (民法典 第二百零一条): the working
// days in (published, end] must number at least N, so the first allowed end is
// AddWorkdays(published, N) — published on a Monday, the notice runs to the next Monday. It must
// also be over before the call is published (a notice ending on the call's day has not ended
// before it), so the notice's effective end is the earlier of its stated `ends` and the day
// before the call. The notice runs from, and the call is published on, their first appearance
// in the repository history when that is later. The shortfall is the working days between the
// effective end and that day.
func checkSingleSourceNotice(c *checker, r *Rule, p *records.Project) {
	if !SingleSourceNoticeRequired(c.site, p) {
		return
	}
	var cs claims
	called := callOn(&cs, p.Call)
	if !c.visible(called) {
		return
	}
	n := p.SingleSource
	if n == nil || n.Published.IsZero() {
		t := text{what: p.Budget.Wan() + "万元", whatEn: p.Budget.Wan() + " 10k yuan"}
		t.asOf, t.n = c.asOf, c.threshold(r)
		f := c.finding(r, records.KindSingleSource, 0, p.Call.Src.At("method"), t)
		f.Message, f.English = t.expand(singleSourceMissingMessage, false), t.expand(singleSourceMissingEnglish, true)
		f.Missing = true
		c.add(cs.annotate(f))
		return
	}
	start := cs.on(records.KindSingleSource, 0, n.Published, n.FirstSeen)
	end, pos := n.Ends, n.Src.At("ends")
	if eve := called.AddDays(-1); end.IsZero() || eve.Before(end) {
		end, pos = eve, p.Call.Src.At("published")
	}
	earliest, ok := c.addWorkdays(start, c.threshold(r), place{r, records.KindSingleSource, 0, pos})
	if !ok {
		return
	}
	c.short(r, records.KindSingleSource, 0, pos, earliest, end, cs)
}
