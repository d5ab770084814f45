package rules

import "github.com/gongkai/gongkai/generator/records"

var singleSourceNotice = &Rule{
	Code:           "single-source-notice",
	Summary:        "单一来源采购公示期不少于{n}个工作日，且在采购公告发布前结束",
	SummaryEnglish: "A single-source purchase is publicly noticed for at least {n} working days, ending before the call",
	Source:         "政府采购法实施条例 第三十八条",
	Threshold:      5,
	Unit:           Workdays,
	Message:        "单一来源公示期应不少于{n}个工作日，且在采购公告发布前结束（最早至{deadline}），实际公示至{actual}，少{delay}个工作日",
	English:        "The single-source notice must run for at least {n} working days and end before the call (until {deadline} at the earliest); it ran until {actual}, {delay} working day(s) short",
	check:          checkSingleSourceNotice,
}

// checkSingleSourceNotice: 公示期 counts from the day after publication (民法典 第二百零一条): the
// working days in (published, end] must number at least N, so the first allowed end is
// AddWorkdays(published, N) — published on a Monday, the notice runs to the next Monday. It must
// also be over before the call is published (a notice ending on the call's day has not ended
// before it), so the notice's effective end is the earlier of its stated `ends` and the day
// before the call. The notice runs from, and the call
// is published on, their first appearance in the repository history when that is later. The shortfall is the working days
// between the effective end and that day. Judged once the single-source call is public.
func checkSingleSourceNotice(c *checker, r *Rule, p *records.Project) {
	n := p.SingleSource
	if p.Call == nil || p.Call.Method != records.MethodSingleSource || n == nil || n.Published.IsZero() {
		return // a single-source call without its notice is refused by the loader
	}
	var cs claims
	called := callOn(&cs, p.Call)
	if !c.visible(called) {
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
