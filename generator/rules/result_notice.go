package rules

import "github.com/gongkai/gongkai/generator/records"

var resultNotice = &Rule{
	Code:           "result-notice",
	Summary:        "中标（成交）结果自确定之日起{n}个工作日内公告",
	SummaryEnglish: "The award is announced within {n} working days of the winner being fixed",
	Source:         "政府采购法实施条例 第四十三条",
	Threshold:      2,
	Unit:           Workdays,
	Message:        "中标（成交）结果应自确定之日起{n}个工作日内（{deadline}前）公告，实际于{actual}公告，迟延{delay}个工作日",
	English:        "The award must be announced within {n} working days of the winner being fixed, by {deadline}; it was announced on {actual}, {delay} working day(s) late",
	check:          checkResultNotice,
}

// checkResultNotice: deadline = AddWorkdays(award.decided, N), the decision day not counted;
// award.published ≤ deadline is on time, award.published being the day the notice first appeared
// in the repository history when that is later than the day it states. Fixed on 2025-09-30, the notice is due by 2025-10-10.
// An award decided by AsOf whose notice is not public by its deadline is missing (missing-stage).
func checkResultNotice(c *checker, r *Rule, p *records.Project) {
	a := p.Award
	if a == nil || !c.visible(a.Decided) {
		return
	}
	d := due{
		rule: r, stage: records.KindAward,
		src:        a.Src,
		key:        "published",
		what:       "公告中标（成交）结果",
		whatEn:     "publish the award notice",
		disclosure: true,
	}
	if on := d.claims.on(records.KindAward, 0, a.Published, a.FirstSeen); c.visible(on) {
		d.done = on
	}
	c.judgeDue(d, a.Decided, c.threshold(r))
}
