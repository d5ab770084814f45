package rules

import "github.com/gongkai/gongkai/generator/records"

var consultationPeriod = &Rule{
	Code:           "consultation-period",
	Summary:        "竞争性磋商从磋商文件开始发出之日起至首次响应文件提交截止之日止不少于{n}日",
	SummaryEnglish: "Competitive consultation allows at least {n} days from the first issue of the documents to the first responses",
	Source:         "财库〔2014〕214号 第十条",
	Threshold:      10,
	Unit:           Days,
	Message:        "磋商文件从开始发出之日起至首次响应文件提交截止之日止不得少于{n}日，截止日最早应为{deadline}，实际为{actual}，少{delay}日",
	English:        "At least {n} days must pass from the first issue of the consultation documents to the first responses, so no earlier than {deadline}; the deadline was {actual}, {delay} day(s) short",
	check:          checkConsultationPeriod,
}

// checkConsultationPeriod: calendar days, the issue day not counted (民法典 第二百零一条), the last
// day rolled over to the next working day when it is a holiday or rest day (第二百零三条): the
// response deadline's date ≥ RollOver(documents_from + N). Issued 2025-09-21, the 10th day is
// 10/1, inside the National Day holiday, so responses are due on 2025-10-09 at the earliest. The
// deadline in force counts, as for tender-period.
func checkConsultationPeriod(c *checker, r *Rule, p *records.Project) {
	if p.Call == nil || p.Call.Method != records.MethodConsultation || !c.visible(publishedOn(p.Call.Published, p.Call.FirstSeen)) {
		return
	}
	due, pos := bidDeadline(c, p)
	if due.IsZero() {
		return
	}
	var cs claims
	earliest, ok := c.addDays(issuedOn(&cs, p.Call), c.threshold(r), place{r, records.KindCall, 0, pos})
	if !ok {
		return
	}
	c.short(r, records.KindCall, 0, pos, earliest, due, cs)
}
