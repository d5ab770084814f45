package rules

import "github.com/gongkai/gongkai/generator/records"

var negotiationPeriod = &Rule{
	Code:           "negotiation-period",
	Summary:        "竞争性谈判、询价从文件发出之日起至首次响应文件提交截止之日止不少于{n}个工作日",
	SummaryEnglish: "Competitive negotiation and quotation allow at least {n} working days from issuing the documents to the first responses",
	Source:         "政府采购非招标采购方式管理办法（财政部令第74号）第二十九条、第四十五条",
	Threshold:      3,
	Unit:           Workdays,
	Message:        "从谈判（询价）文件发出之日起至首次响应文件提交截止之日止不得少于{n}个工作日，截止日最早应为{deadline}，实际为{actual}，少{delay}个工作日",
	English:        "At least {n} working days must pass from issuing the negotiation or quotation documents to the first responses, so no earlier than {deadline}; the deadline was {actual}, {delay} working day(s) short",
	check:          checkNegotiationPeriod,
}

// checkNegotiationPeriod: the day documents are issued is not counted (民法典 第二百零一条; the
// 期间 clause of 财政部令第74号); the response deadline's date must be on or after
// AddWorkdays(documents_from, N): issued Monday, due Thursday at the earliest for N = 3. The
// deadline in force counts, as for tender-period.
func checkNegotiationPeriod(c *checker, r *Rule, p *records.Project) {
	if p.Call == nil || (p.Call.Method != records.MethodNegotiation && p.Call.Method != records.MethodQuotation) ||
		!c.visible(publishedOn(p.Call.Published, p.Call.FirstSeen)) {
		return
	}
	due, pos := bidDeadline(c, p)
	if due.IsZero() {
		return
	}
	var cs claims
	earliest, ok := c.addWorkdays(issuedOn(&cs, p.Call), c.threshold(r), place{r, records.KindCall, 0, pos})
	if !ok {
		return
	}
	c.short(r, records.KindCall, 0, pos, earliest, due, cs)
}
