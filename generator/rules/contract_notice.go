package rules

import "github.com/gongkai/gongkai/generator/records"

var contractNotice = &Rule{
	Code:           "contract-notice",
	Summary:        "政府采购合同自签订之日起{n}个工作日内公告",
	SummaryEnglish: "The contract is published within {n} working days of signing",
	Source:         "政府采购法实施条例 第五十条",
	Threshold:      2,
	Unit:           Workdays,
	Message:        "合同应自签订之日起{n}个工作日内（{deadline}前）公告，实际于{actual}公告，迟延{delay}个工作日",
	English:        "The contract must be published within {n} working days of signing, by {deadline}; it was published on {actual}, {delay} working day(s) late",
	check:          checkContractNotice,
}

// checkContractNotice: deadline = AddWorkdays(contract.signed, N), the signing day not counted;
// contract.published (or its later first appearance in the history) ≤ deadline is on time. Signed on 2026-02-13 (a Friday before the adjusted
// working Saturday and the Spring Festival), the notice is due by 2026-02-24.
func checkContractNotice(c *checker, r *Rule, p *records.Project) {
	k := p.Contract
	if k == nil || !c.visible(k.Signed) {
		return
	}
	d := due{
		rule: r, stage: records.KindContract,
		src:        k.Src,
		key:        "published",
		what:       "公告政府采购合同",
		whatEn:     "publish the contract notice",
		disclosure: true,
	}
	if on := d.claims.on(records.KindContract, 0, k.Published, k.FirstSeen); c.visible(on) {
		d.done = on
	}
	c.judgeDue(d, k.Signed, c.threshold(r))
}
