package rules

import "github.com/gongkai/gongkai/generator/records"

var documentsAvailable = &Rule{
	Code:           "documents-available",
	Summary:        "招标文件的提供期限不少于{n}个工作日",
	SummaryEnglish: "Tender documents are available for at least {n} working days",
	Source:         "政府采购法实施条例 第三十一条",
	Threshold:      5,
	Unit:           Workdays,
	Message:        "招标文件提供期限不得少于{n}个工作日（最早至{deadline}），实际提供至{actual}，少{delay}个工作日",
	English:        "Tender documents must be available for at least {n} working days (until {deadline} at the earliest); they were available until {actual}, {delay} working day(s) short",
	check:          checkDocumentsAvailable,
}

// checkDocumentsAvailable: 提供期限 is the span of days documents can be obtained, both ends
// included (documents_from Monday to documents_to Friday is 5 working days): documents_to must
// be on or after AddWorkdays(documents_from − 1 day, N). Open and invited tenders only.
func checkDocumentsAvailable(c *checker, r *Rule, p *records.Project) {
	if !isTender(p) || !c.visible(publishedOn(p.Call.Published, p.Call.FirstSeen)) || p.Call.DocumentsTo.IsZero() {
		return
	}
	var cs claims
	earliest, ok := c.addWorkdays(issuedOn(&cs, p.Call).AddDays(-1), c.threshold(r))
	if !ok {
		return
	}
	c.short(r, records.KindCall, 0, p.Call.Src.At("documents_to"), earliest, p.Call.DocumentsTo, cs)
}
