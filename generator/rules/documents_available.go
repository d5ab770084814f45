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

// checkDocumentsAvailable: 招标文件的提供期限自开始发出之日起不得少于5个工作日 (实施条例 第三十一条).
// The day documents are first issued is not counted (民法典 第二百零一条; 财政部令第87号 第八十五条):
// the working days in (documents_from, documents_to] must number at least N, so documents_to ≥
// AddWorkdays(documents_from, N). Issued Monday 2025-04-07, documents must be available until
// Monday 2025-04-14 at least. Open and invited tenders only (磋商: consultation-documents).
func checkDocumentsAvailable(c *checker, r *Rule, p *records.Project) {
	if !isTender(p) {
		return
	}
	checkDocumentsPeriod(c, r, p)
}

// checkDocumentsPeriod judges a public call's documents_to against N working days after the
// documents were first issued (issuedOn), the issue day not counted.
func checkDocumentsPeriod(c *checker, r *Rule, p *records.Project) {
	if !c.visible(publishedOn(p.Call.Published, p.Call.FirstSeen)) || p.Call.DocumentsTo.IsZero() {
		return
	}
	var cs claims
	pos := p.Call.Src.At("documents_to")
	earliest, ok := c.addWorkdays(issuedOn(&cs, p.Call), c.threshold(r), place{r, records.KindCall, 0, pos})
	if !ok {
		return
	}
	// A correction may extend the period: judge the documents_to in force (records.CallAsOf).
	c.short(r, records.KindCall, 0, pos, earliest, p.CallAsOf(c.asOf).DocumentsTo, cs)
}
