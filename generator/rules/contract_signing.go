package rules

import "github.com/gongkai/gongkai/generator/records"

var contractSigning = &Rule{
	Code:           "contract-signing",
	Summary:        "自中标（成交）通知书发出之日起{n}日内签订合同",
	SummaryEnglish: "The contract is signed within {n} days of the award notice",
	Source:         "政府采购法 第四十六条",
	Threshold:      30,
	Unit:           Days,
	Message:        "合同应自中标（成交）通知书发出之日起{n}日内（{deadline}前）签订，实际于{actual}签订，迟延{delay}日",
	English:        "The contract must be signed within {n} days of the award notice, by {deadline}; it was signed on {actual}, {delay} day(s) late",
	check:          checkContractSigning,
}

// checkContractSigning: the award notice (中标、成交通知书) goes out with the result notice, so
// deadline = award.published + N calendar days, the notice's day not counted (民法典 第二百零一条)
// and a last day that is a holiday or rest day rolled over to the next working day (第二百零三条);
// contract.signed ≤ deadline is on time. Notified 2025-09-01, day 30 is 10/1, inside the
// National Day holiday (10/1–10/8), so the contract is due by 2025-10-09. No
// contract signed by AsOf once the deadline has passed is a missing stage. Before the result
// notice is public the clock has not started (its absence is result-notice's finding). The result
// notice counts from its first appearance in the repository history when that is later.
func checkContractSigning(c *checker, r *Rule, p *records.Project) {
	a := p.Award
	if a == nil {
		return
	}
	var cs claims
	notified := cs.on(records.KindAward, 0, a.Published, a.FirstSeen)
	if !c.visible(notified) {
		return
	}
	d := due{
		rule: r, stage: records.KindContract,
		src:    a.Src,
		key:    "published",
		what:   "签订合同",
		whatEn: "sign the contract",
		claims: cs,
	}
	if p.Contract != nil {
		d.src, d.key = p.Contract.Src, "signed"
		if c.visible(p.Contract.Signed) {
			d.done = p.Contract.Signed
		}
	}
	c.judgeDue(d, notified, c.threshold(r))
}
