package rules

import (
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
)

var amendmentTiming = &Rule{
	Code:           "amendment-timing",
	Summary:        "可能影响投标（响应）文件编制的更正，应在提交截止之日至少{n}日前发布（竞争性磋商5日，竞争性谈判、询价3个工作日），不足的应顺延截止时间",
	SummaryEnglish: "A correction that may affect preparing bids comes at least {n} days before the bid deadline (5 days for competitive consultation, 3 working days for negotiation and quotation), or the deadline is moved",
	Source:         "政府采购货物和服务招标投标管理办法（财政部令第87号）第二十七条；财政部令第74号 第二十九条、第四十五条；财库〔2014〕214号 第十条",
	Threshold:      15,
	Unit:           Days,
	Message:        "更正公告修改了{what}，可能影响投标（响应）文件编制，应在提交截止之日至少{n}{unit}前发布，不足的应顺延截止时间：截止时间最早应为{deadline}，实际为{actual}，少{delay}{unit}",
	English:        "The correction changes {what}, which may affect preparing bids, so it must come at least {n} {unit} before the deadline or move it: the deadline could be no earlier than {deadline}; it was {actual}, {delay} {unit} short",
	check:          checkAmendmentTiming,
}

// bidPreparation are the call fields (records.CallFields paths) whose correction may affect
// preparing a bid: what is bought, on what terms, judged how, by whom. Corrections of where and
// when bids are opened, where documents are obtained, the agency and the contacts do not, and
// moving the deadline is the remedy itself.
var bidPreparation = map[string]bool{
	"ceiling": true, "conditions": true, "consortium": true, "standard.text": true,
	"service.scope": true, "service.quantity": true, "service.quality": true,
	"service.period.from": true, "service.period.to": true, "service.place": true,
}

// checkAmendmentTiming: a public correction (更正公告) published on day A that changes a field of
// bidPreparation must leave at least N before the bid deadline in force (as of AsOf), B: counted
// like every period, A not counted (民法典 第二百零一条). For 公开招标 and 邀请招标 N is the site's
// threshold, 15 days by default (财政部令第87号 第二十七条); for 竞争性磋商 5 days (财库〔2014〕214号
// 第十条): B ≥ A + N, rolled over to the next working day when that is a holiday or rest day
// (第二百零三条), as for tender-period. For 竞争性谈判 and 询价 3 working days (财政部令第74号 第二十九条、
// 第四十五条): B ≥ AddWorkdays(A, 3). A correction that moves the deadline far enough complies
// ("不足…的，应当顺延"), and so does a short one whose deadline a later correction moves far
// enough: bidders had the time. Otherwise it is a finding at the deadline that left too little
// time when a correction moved it there, else at the correction's date. A correction dated
// 2025-02-24 of a ceiling with bids due 2025-03-06 is 5 days short: 2/24 + 15 = 3/11.
func checkAmendmentTiming(c *checker, r *Rule, p *records.Project) {
	if p.Call == nil || !c.visible(publishedOn(p.Call.Published, p.Call.FirstSeen)) {
		return
	}
	n, unit := c.threshold(r), Days
	switch p.Call.Method {
	case records.MethodOpen, records.MethodInvited:
	case records.MethodConsultation:
		n = 5
	case records.MethodNegotiation, records.MethodQuotation:
		n, unit = 3, Workdays
	default:
		return
	}
	for i, a := range p.Amendments {
		if a == nil {
			continue
		}
		var cs claims
		on := cs.on(records.KindAmendment, i+1, a.Published, a.FirstSeen)
		if !c.visible(on) {
			continue
		}
		zh, en := preparationChanges(a)
		if len(zh) == 0 {
			continue
		}
		due, pos, by := deadlineInForce(c, p)
		if due.IsZero() {
			continue
		}
		if by < i {
			pos = a.Src.At("published")
		}
		at := place{r, records.KindAmendment, i + 1, pos}
		var earliest records.Date
		var ok bool
		if unit == Workdays {
			earliest, ok = c.addWorkdays(on, n, at)
		} else {
			earliest, ok = c.addDays(on, n, at)
		}
		if !ok {
			continue
		}
		c.shortBy(r, n, unit, at, earliest, due, cs, strings.Join(zh, "、"), strings.Join(en, ", "))
	}
}

// preparationChanges names the amendment's changes of bidPreparation fields, in Chinese and English.
func preparationChanges(a *records.Amendment) (zh, en []string) {
	for _, ch := range a.Changes {
		if f, ok := records.CallFieldNamed(ch.Field); ok && bidPreparation[f.Path] {
			zh, en = append(zh, f.Label), append(en, f.English)
		}
	}
	return zh, en
}

// movedDeadline is the bid deadline a correction sets, with its position: its new_deadline, else
// a change of bid_deadline (new_deadline is shorthand for one); zero if it leaves the deadline.
func movedDeadline(a *records.Amendment) (records.Date, diag.Pos) {
	if !a.NewDeadline.IsZero() {
		return a.NewDeadline.Date(), a.Src.At("new_deadline")
	}
	for _, ch := range a.Changes {
		if f, ok := records.CallFieldNamed(ch.Field); ok && f.Path == "bid_deadline" {
			if t, err := records.ParseDateTime(strings.TrimSpace(ch.To)); err == nil && !t.IsZero() {
				return t.Date(), ch.Src.At("to")
			}
		}
	}
	return records.Date{}, diag.Pos{}
}

// deadlineInForce is the date of the bid (or first response) deadline in force as of AsOf, with
// its position and the index of the amendment that set it (-1: the call's): the last public
// amendment moving it (new_deadline, or a change of bid_deadline) wins over the call.
func deadlineInForce(c *checker, p *records.Project) (records.Date, diag.Pos, int) {
	d, pos, by := records.Date{}, p.Call.Src.At("bid_deadline"), -1
	if !p.Call.BidDeadline.IsZero() {
		d = p.Call.BidDeadline.Date()
	}
	for i, a := range p.Amendments {
		if a == nil || !c.visible(publishedOn(a.Published, a.FirstSeen)) {
			continue
		}
		if moved, at := movedDeadline(a); !moved.IsZero() {
			d, pos, by = moved, at, i
		}
	}
	return d, pos, by
}
