package rules

import (
	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
)

var tenderPeriod = &Rule{
	Code:           "tender-period",
	Summary:        "公开招标、邀请招标自招标文件开始发出之日起至投标截止之日止不少于{n}日",
	SummaryEnglish: "Open and invited tenders allow at least {n} days from the first issue of the tender documents to the bid deadline",
	Source:         "政府采购法 第三十五条",
	Threshold:      20,
	Unit:           Days,
	Message:        "自招标文件开始发出之日起至投标截止之日止不得少于{n}日，投标截止日最早应为{deadline}，实际为{actual}，少{delay}日",
	English:        "At least {n} days must pass from the first issue of the tender documents to the bid deadline, so no earlier than {deadline}; the deadline was {actual}, {delay} day(s) short",
	check:          checkTenderPeriod,
}

// checkTenderPeriod: counted in calendar days, the day documents are first issued not counted
// (民法典 第二百零一条; 财政部令第87号 第八十五条), and a last day that is a holiday or rest day rolled
// over to the next working day (民法典 第二百零三条): the bid deadline's date ≥ RollOver(documents_from
// + N). Issued 2025-09-11, the 20th day is 10/1, so bids are due on 2025-10-09 at the earliest. Documents_from defaults to the
// call's publication, and is never before the call's first appearance in the history (issuedOn).
// The bid deadline is the one in force: the last public amendment that moved
// it, else the call's.
func checkTenderPeriod(c *checker, r *Rule, p *records.Project) {
	if !isTender(p) || !c.visible(publishedOn(p.Call.Published, p.Call.FirstSeen)) {
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

// isTender reports a call by open or invited tender (招标), which the tender-period and
// documents-available rules govern.
func isTender(p *records.Project) bool {
	return p.Call != nil && (p.Call.Method == records.MethodOpen || p.Call.Method == records.MethodInvited)
}

// issued is the day documents were first issued: documents_from, else the call's publication.
func issued(call *records.Call) records.Date {
	if !call.DocumentsFrom.IsZero() {
		return call.DocumentsFrom
	}
	return call.Published
}

// bidDeadline is the date of the bid (or first response) deadline in force as of AsOf, with its
// position (deadlineInForce).
func bidDeadline(c *checker, p *records.Project) (records.Date, diag.Pos) {
	d, pos, _ := deadlineInForce(c, p)
	return d, pos
}
