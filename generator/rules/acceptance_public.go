package rules

import "github.com/gongkai/gongkai/generator/records"

// finalAcceptance is the evaluation kind that closes a project.
const finalAcceptance = "结项验收"

var acceptancePublic = &Rule{
	Code:           "acceptance-public",
	Summary:        "服务期满后{n}个工作日内公开结项验收结果；各次绩效评价结果自评价之日起{n}个工作日内公开",
	SummaryEnglish: "The final acceptance is published within {n} working days after the service period ends; every evaluation within {n} working days of being held",
	Source:         "政府采购法实施条例 第四十五条；地方政府购买服务绩效评价规定",
	Threshold:      20,
	Unit:           Workdays,
	Message:        "{what}应于{deadline}前公开（{n}个工作日内），实际于{actual}公开，迟延{delay}个工作日",
	English:        "The {what} must be published by {deadline} (within {n} working days); it was published on {actual}, {delay} working day(s) late",
	check:          checkAcceptancePublic,
}

// checkAcceptancePublic decides the table's "published at all, and within the project's own
// stated period" as two dated obligations, both N working days (default 20, about a month):
//
//   - Final acceptance. Once a contract is signed, its service period (the contract's period,
//     else the call's) ends on day E; a 结项验收 must be published by AddWorkdays(E, N). The
//     first 结项验收 in the file is the one judged; none public by then is a missing stage.
//     An early acceptance (before E) is simply on time.
//   - Every other evaluation held by AsOf (中期评估, 第三方评估, a second 结项验收) must be
//     published within N working days of its date: results are made public, good or poor.
//
// A termination before a deadline ends the obligation (see judge).
func checkAcceptancePublic(c *checker, r *Rule, p *records.Project) {
	n := c.threshold(r)
	final := -1
	if k := p.Contract; k != nil && c.visible(k.Signed) {
		end, src, key := k.Period.To, k.Src, "period"
		if end.IsZero() && p.Call != nil {
			end, src, key = p.CallAfter(len(p.Amendments)).Service.Period.To, p.Call.Src, "service" // as corrected
		}
		if !end.IsZero() {
			for i, e := range p.Evaluations {
				if e != nil && e.Kind == finalAcceptance {
					final = i
					break
				}
			}
			d := due{
				rule: r, stage: records.KindEvaluation, src: src, key: key,
				what:       "公开结项验收结果",
				whatEn:     "publish the final acceptance",
				name:       "结项验收结果",
				nameEn:     "final acceptance",
				disclosure: true,
			}
			if final >= 0 {
				e := p.Evaluations[final]
				d.index, d.src, d.key = final+1, e.Src, "published"
				if on := d.claims.on(records.KindEvaluation, final+1, e.Published, e.FirstSeen); c.visible(on) {
					d.done = on
				}
			}
			c.judgeDue(d, end, n)
		}
	}
	for i, e := range p.Evaluations {
		if e == nil || i == final || !c.visible(e.Date) {
			continue
		}
		d := due{
			rule: r, stage: records.KindEvaluation, index: i + 1,
			src:        e.Src,
			key:        "published",
			evaluation: e.Kind,
			disclosure: true,
		}
		if on := d.claims.on(records.KindEvaluation, i+1, e.Published, e.FirstSeen); c.visible(on) {
			d.done = on
		}
		c.judgeDue(d, e.Date, n)
	}
}
