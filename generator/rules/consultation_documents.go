package rules

import "github.com/gongkai/gongkai/generator/records"

var consultationDocuments = &Rule{
	Code:           "consultation-documents",
	Summary:        "磋商文件的发售期限自开始之日起不少于{n}个工作日",
	SummaryEnglish: "Consultation documents are available for at least {n} working days",
	Source:         "财库〔2014〕214号 第十条",
	Threshold:      5,
	Unit:           Workdays,
	Message:        "磋商文件的发售期限不得少于{n}个工作日（最早至{deadline}），实际提供至{actual}，少{delay}个工作日",
	English:        "Consultation documents must be available for at least {n} working days (until {deadline} at the earliest); they were available until {actual}, {delay} working day(s) short",
	check:          checkConsultationDocuments,
}

// checkConsultationDocuments: 磋商文件的发售期限自开始之日起不得少于5个工作日 (财库〔2014〕214号
// 第十条), counted as documents-available counts: the first day not counted (民法典 第二百零一条),
// documents_to ≥ AddWorkdays(documents_from, N). Issued Friday 2025-09-26, documents must be
// available until Friday 2025-10-10 at least: 9/28 (the adjusted working Sunday), 9/29, 9/30,
// then 10/1–10/8 off, 10/9, 10/10. 竞争性磋商 only.
func checkConsultationDocuments(c *checker, r *Rule, p *records.Project) {
	if p.Call == nil || p.Call.Method != records.MethodConsultation {
		return
	}
	checkDocumentsPeriod(c, r, p)
}
