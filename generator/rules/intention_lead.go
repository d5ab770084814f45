package rules

import "github.com/gongkai/gongkai/generator/records"

var intentionLead = &Rule{
	Code:           "intention-lead",
	Summary:        "采购意向至少在采购公告发布前{n}日公开",
	SummaryEnglish: "The procurement intention is published at least {n} days before the call",
	Source:         "财库〔2020〕10号",
	Threshold:      30,
	Unit:           Days,
	Message:        "采购意向应不晚于采购公告发布前{n}日（{deadline}）公开，实际于{actual}公开，晚{delay}日",
	English:        "The procurement intention must be published at least {n} days before the call, by {deadline}; it was published on {actual}, {delay} day(s) late",
	check:          checkIntentionLead,
}

// checkIntentionLead: the purchase starts with the call, so the intention is due N calendar days
// before the call's publication: deadline = call.published − N, and intention.published ≤
// deadline is on time (published exactly N days before is enough). A public call with no public
// intention leaves the intention missing (missing-stage), overdue counted only up to the call:
// after it an intention no longer serves its purpose. Both publications count from their first
// appearance in the repository history when that is later than the day they state.
//
// The lead is counted back from the call (a latest date, not the end of a period), so it does not
// roll over a holiday: a call on 2025-10-31 needs the intention by 10/1, inside 国庆.
//
// A project stating an exemption of 财库〔2020〕10号 (intention_exempt: 协议供货, 定点采购,
// 框架协议采购 or 批量集中采购) owes no intention: the rule does not apply, and the page shows the
// stated exemption instead.
func checkIntentionLead(c *checker, r *Rule, p *records.Project) {
	if p.Call == nil || p.IntentionExempt != "" {
		return
	}
	var cs claims
	called := callOn(&cs, p.Call)
	if !c.visible(called) {
		return
	}
	d := due{
		rule: r, stage: records.KindIntention,
		deadline:   called.AddDays(-c.threshold(r)),
		closes:     called,
		src:        p.Call.Src,
		key:        "published",
		what:       "公开采购意向",
		whatEn:     "publish the procurement intention",
		disclosure: true,
	}
	if p.Intention != nil {
		d.src = p.Intention.Src
		if on := cs.on(records.KindIntention, 0, p.Intention.Published, p.Intention.FirstSeen); c.visible(on) {
			d.done = on
		}
	}
	d.claims = cs
	c.judge(d)
}
