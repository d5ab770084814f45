package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

// plan is what is decided for a project before its stages are generated: the cheap, sequential
// choices that other files (budget lines, ids) depend on.
type plan struct {
	index   int
	year    int
	body    *records.Body
	item    *item
	funding string
	id      string
	line    string // budget line id
}

// methodWeights are realistic proportions of procurement methods for services.
var methodWeights = []struct {
	method string
	weight int
}{
	{records.MethodOpen, 55}, {records.MethodConsultation, 18}, {records.MethodNegotiation, 7},
	{records.MethodSingleSource, 6}, {records.MethodInvited, 3}, {records.MethodQuotation, 7}, {records.MethodOther, 4},
}

func pickMethod(r *rand.Rand) string {
	x := r.IntN(100)
	for _, m := range methodWeights {
		if x < m.weight {
			return m.method
		}
		x -= m.weight
	}
	return records.MethodOpen
}

func pickFunding(r *rand.Rand, theme string) string {
	x := r.IntN(100)
	lottery := theme == "elderly" || theme == "disability" || theme == "youth"
	switch {
	case lottery && x < 30:
		return "彩票公益金"
	case x < 80:
		return "一般公共预算"
	case x < 92:
		return "上级专项资金"
	case x < 97:
		return "政府性基金预算"
	}
	return "其他"
}

var legalDocs = []records.LegalDoc{
	{Number: "国办发〔2013〕96号", Title: "国务院办公厅关于政府向社会力量购买服务的指导意见"},
	{Number: "财政部令第102号", Title: "政府购买服务管理办法"},
	{Number: "财综〔2016〕54号", Title: "财政部 民政部关于通过政府购买服务支持社会组织培育发展的指导意见"},
	{Number: "示政办发〔2021〕15号", Title: "示例市政府购买服务实施办法"},
}

// sloppy names the one disclosure rule a sloppy project breaks; "" for a compliant project.
var sloppyRules = []string{"intention", "single", "tender", "docs", "result", "signing", "contract", "eval"}

// generated is a project plus the facts the sequential post-pass needs.
type generated struct {
	p         *records.Project
	winner    int          // provider index, -1 when no award
	decided   records.Date // award decided, zero when none
	barEval   int          // index into p.Evaluations of a 取消承接资格 consequence, -1 if none
	bodyName  string
	providers []*records.Provider
}

func addMonths(x records.Date, m int) records.Date {
	return records.NewDate(x.Year, x.Month+time.Month(m), x.Day)
}

func maxDate(a, b records.Date) records.Date {
	if a.After(b) {
		return a
	}
	return b
}

// roundFen rounds fen down to a multiple of unit fen.
func roundFen(v float64, unit int64) records.Money {
	return records.Money(int64(v) / unit * unit)
}

// generate builds one project's full lifecycle, then cuts it at the horizon: stages dated later
// have not happened yet. Published dates of award, contract and evaluations may be missing when
// the stage happened but its notice is still due.
func (w *world) generate(pl plan, r *rand.Rand) generated {
	H := w.opt.horizon
	wd := w.wd
	th := themes[pl.item.theme]
	out := generated{winner: -1, barEval: -1, bodyName: pl.body.Name}
	sloppy := ""
	if r.IntN(100) < 5 {
		sloppy = pick(r, sloppyRules)
	}
	method := pickMethod(r)

	// Money: budget log-uniform in the item's range, rounded to 1,000 yuan.
	lo, hi := math.Log(float64(pl.item.minWan)), math.Log(float64(pl.item.maxWan))
	budgetWan := math.Exp(lo + r.Float64()*(hi-lo))
	budget := roundFen(budgetWan*1_000_000, 100_000)
	if budget < 1_000_000 {
		budget = 1_000_000
	}
	ceiling := budget
	if r.IntN(10) < 3 {
		ceiling = roundFen(float64(budget)*(0.9+0.09*r.Float64()), 10_000)
	}
	months := pick(r, []int{12, 12, 12, 12, 12, 12, 6, 6, 10, 24, 36})

	service := pl.item.name
	title := fmt.Sprintf("%s%d年%s项目", pl.body.Name, pl.year, service)
	if r.IntN(10) < 3 {
		title = fmt.Sprintf("%s%d年%s项目（%s片区）", pl.body.Name, pl.year, service, strings.TrimSuffix(strings.TrimSuffix(pick(r, streets), "路"), "街"))
	}
	qtyN := th.qtyMin + int(float64(th.qtyMax-th.qtyMin)*math.Sqrt(r.Float64()))
	qty := fmt.Sprintf(pick(r, th.quantity), qtyN)

	p := &records.Project{
		ID: pl.id, Title: title, Body: pl.body.ID, Item: pl.item.code, BudgetLine: pl.line,
		Budget: budget, Funding: pl.funding, Form: records.PurchaseForms[0],
		Summary: records.Markdown{Source: summaryText(r, th, pl.body.Name, service, months, qty)},
		Year:    pl.year,
	}
	if r.IntN(10) == 0 && (th == themes["social"] || th == themes["elderly"]) {
		p.Form = records.PurchaseForms[1] // 购买岗位: social-work posts
	}
	p.LegalBasis = append(p.LegalBasis, legalDocs[0], legalDocs[1])
	if th == themes["social"] || th == themes["youth"] {
		p.LegalBasis = append(p.LegalBasis, legalDocs[2])
	}
	if r.IntN(10) < 4 {
		p.LegalBasis = append(p.LegalBasis, legalDocs[3])
	}
	out.p = p

	// Timeline. Margins keep compliant projects clear of every threshold whichever way a rule
	// counts its first day; sloppy ones break exactly one rule.
	start := records.NewDate(pl.year, 1, 6).AddDays(r.IntN(290))
	t0 := wd.next(start)
	hasIntention := r.IntN(100) < 99 || sloppy == "intention"
	lead := 32 + r.IntN(45)
	if sloppy == "intention" {
		lead = 10 + r.IntN(15)
	}
	callPub := wd.next(t0.AddDays(lead))
	if !hasIntention {
		callPub = t0
	}
	var ss *records.SingleSourceNotice
	ssWinner := -1
	var ssEnds records.Date
	if method == records.MethodSingleSource {
		ssPub := wd.next(t0.AddDays(3 + r.IntN(8)))
		n := 5 + r.IntN(2)
		if sloppy == "single" {
			n = 2
		}
		ssEnds = wd.add(ssPub, n)
		callPub = maxDate(callPub, wd.add(ssEnds, 1+r.IntN(4)))
		ss = &records.SingleSourceNotice{Published: ssPub, Ends: ssEnds,
			Reason:        records.Markdown{Source: pick(r, ssReasons) + "\n"},
			ExpertOpinion: records.Markdown{Source: pick(r, ssOpinions) + "\n"},
		}
		for range 3 {
			ss.Experts = append(ss.Experts, personName(r))
		}
		// the proposed provider is named now; it must stay free of bars until the award
		ssWinner = w.pickProvider(r, pl.item.theme, ssPub, ssPub.AddDays(180))
		ss.Provider = w.providers[ssWinner].CreditCode
	}
	if hasIntention {
		p.Intention = &records.Intention{
			Published: t0, ExpectedMonth: fmt.Sprintf("%04d-%02d", callPub.Year, int(callPub.Month)),
			Demand: records.Markdown{Source: fmt.Sprintf("采购%s，%s。\n", service, pick(r, th.contents))},
			Budget: budget,
		}
	}
	if ss != nil && ss.Published.After(H) {
		return out
	}
	p.SingleSource = ss

	// Call.
	docsFrom := callPub
	var deadlineDay, docsTo records.Date
	switch method {
	case records.MethodOpen, records.MethodInvited:
		days := 21 + r.IntN(10)
		if sloppy == "tender" {
			days = 15 + r.IntN(4)
		}
		deadlineDay = wd.next(docsFrom.AddDays(days))
		n := 6 + r.IntN(2)
		if sloppy == "docs" {
			n = 3
		}
		docsTo = wd.add(docsFrom, n)
	case records.MethodConsultation:
		days := 11 + r.IntN(5)
		if sloppy == "tender" {
			days = 7
		}
		deadlineDay = wd.next(docsFrom.AddDays(days))
		docsTo = wd.add(docsFrom, 6)
	case records.MethodOther:
		deadlineDay = wd.next(docsFrom.AddDays(10 + r.IntN(6)))
		docsTo = wd.add(docsFrom, 6)
	default: // 竞争性谈判, 询价, 单一来源
		n := 6 + r.IntN(3)
		if sloppy == "tender" && method != records.MethodSingleSource {
			n = 2
		}
		deadlineDay = wd.add(docsFrom, n)
		docsTo = wd.add(docsFrom, min(n, 6))
	}
	if docsTo.After(deadlineDay) {
		docsTo = deadlineDay
	}
	clock := pick(r, [][2]int{{9, 0}, {9, 30}, {9, 30}, {10, 0}, {14, 30}, {15, 0}})
	deadline := records.DateTime{Time: time.Date(deadlineDay.Year, deadlineDay.Month, deadlineDay.Day, clock[0], clock[1], 0, 0, records.CST)}
	c := &records.Call{
		Published: callPub, Method: method, DocumentsFrom: docsFrom, DocumentsTo: docsTo,
		BidDeadline: deadline, Ceiling: ceiling,
		Conditions: records.Markdown{Source: conditionsText(r, th)},
		Consortium: r.IntN(100) < 15,
	}
	if ceiling == budget && r.IntN(4) == 0 {
		c.Ceiling = 0 // no ceiling stated: the budget bounds the award
	}
	if method == records.MethodOther {
		c.MethodDetail = pick(r, []string{"框架协议采购", "合作创新采购"})
	}
	if method != records.MethodOpen {
		ad := callPub.AddDays(-(2 + r.IntN(12)))
		if ss != nil {
			ad = ssEnds.AddDays(1)
		}
		c.Approval = &records.Approval{Document: fmt.Sprintf("示财采审〔%d〕%d号", ad.Year, 1+r.IntN(400)), Date: ad}
	}
	useAgency := r.IntN(10) < 4 || (method == records.MethodOpen && r.IntN(10) < 8)
	var agency *records.Agency
	if useAgency {
		agency = pick(r, w.agencies)
		c.Agency = agency
		c.DocumentsAt = "示例市政府采购云平台（电子招标文件）"
		c.Opening.Place = fmt.Sprintf("示例市公共资源交易中心第%d开标室", 1+r.IntN(8))
	} else {
		c.DocumentsAt = pl.body.Name + "（" + pl.body.Contact.Address + "）"
		c.Opening.Place = pl.body.Name + "会议室"
	}
	c.Opening.Time = deadline
	periodFrom := deadlineDay.AddDays(30)
	c.Service = records.Service{
		Scope:    fmt.Sprintf("%s，包括%s等", service, strings.Join(pickN(r, th.contents, 2), "，")),
		Quantity: qty,
		Quality:  strings.Join(pickN(r, th.quality, 2), "；"),
		Period:   records.Period{From: periodFrom, To: addMonths(periodFrom, months).AddDays(-1)},
		Place:    th.place,
	}
	set := pick(r, indicatorSets)
	c.Standard.Text = records.Markdown{Source: standardText(r, th)}
	for _, it := range set {
		c.Standard.Indicators = append(c.Standard.Indicators, records.Indicator{Name: it.name, Weight: it.weight, Description: it.description})
	}
	bc := pl.body.Contact
	bc.Email = ""
	c.Contacts = []records.Contact{bc}
	if agency != nil {
		c.Contacts = append(c.Contacts, agency.Contact)
	}
	if callPub.After(H) {
		return out
	}
	p.Call = c

	// Amendments, before the deadline.
	effDeadline := deadline
	if method != records.MethodSingleSource && r.IntN(100) < 12 && deadlineDay.DaysUntil(callPub) < -4 {
		n := 1
		if r.IntN(10) == 0 {
			n = 2
		}
		at := callPub
		for i := 0; i < n; i++ {
			span := effDeadline.Date().DaysUntil(at) * -1
			if span < 3 {
				break
			}
			pub := wd.next(at.AddDays(1 + r.IntN(span-2)))
			if !pub.Before(effDeadline.Date()) || pub.After(H) {
				break
			}
			a := &records.Amendment{Published: pub}
			if r.IntN(2) == 0 {
				nd := wd.next(effDeadline.Date().AddDays(7 + r.IntN(9)))
				ndt := records.DateTime{Time: time.Date(nd.Year, nd.Month, nd.Day, effDeadline.Hour(), effDeadline.Minute(), 0, 0, records.CST)}
				a.Changes = []records.Change{{Field: "bid_deadline", From: effDeadline.Format("2006-01-02 15:04"), To: ndt.Format("2006-01-02 15:04")}}
				a.Reason = amendmentReasons[3]
				a.NewDeadline = ndt
				effDeadline = ndt
			} else {
				qn := qtyN + qtyN/10 + 1
				to := fmt.Sprintf(pick(r, th.quantity), qn)
				a.Changes = []records.Change{{Field: "service.quantity", From: qty, To: to}}
				a.Reason = pick(r, amendmentReasons[:3])
				qty, qtyN = to, qn // a later correction starts from this one's value
			}
			p.Amendments = append(p.Amendments, a)
			at = pub
		}
	}

	// Termination ends a few calls without award.
	if method != records.MethodSingleSource && r.IntN(1000) < 25 {
		tp := wd.add(effDeadline.Date(), 1+r.IntN(5))
		if !tp.After(H) {
			p.Termination = &records.Termination{Published: tp, Reason: records.Markdown{Source: pick(r, terminationReasons) + "\n"}}
		}
		return out
	}

	// Award.
	decided := wd.add(effDeadline.Date(), 1+r.IntN(5))
	if decided.After(H) {
		return out
	}
	awardPub := wd.add(decided, r.IntN(2))
	if sloppy == "result" {
		awardPub = wd.add(decided, 3+r.IntN(4))
	}
	winner := ssWinner
	if winner < 0 {
		winner = w.pickProvider(r, pl.item.theme, decided, decided)
	}
	amount := roundFen(float64(ceilingOr(c.Ceiling, budget))*(0.85+0.145*r.Float64()), 100)
	if r.IntN(3) == 0 {
		amount = roundFen(float64(amount), 10_000)
	}
	a := &records.Award{Decided: decided, Winners: []records.Winner{{Provider: w.providers[winner].CreditCode, Amount: amount}}}
	if !awardPub.After(H) {
		a.Published = awardPub
	}
	switch method {
	case records.MethodSingleSource:
		a.Bids = 1
	case records.MethodOpen:
		a.Bids = 3 + r.IntN(7)
	default:
		a.Bids = 3 + r.IntN(3)
	}
	nExperts := 3
	if method == records.MethodOpen {
		nExperts = 5 + 2*r.IntN(2)
	} else if r.IntN(2) == 0 {
		nExperts = 5
	}
	for range nExperts {
		a.Experts = append(a.Experts, personName(r))
	}
	if method != records.MethodSingleSource {
		scored := method == records.MethodOpen || method == records.MethodInvited || method == records.MethodConsultation
		score := 85 + r.Float64()*10
		rank := 1
		a.Scores = append(a.Scores, records.Score{Bidder: w.providers[winner].Name, Score: tenth(score), Rank: rank})
		for _, oi := range w.sampleProviders(r, a.Bids-1, winner) {
			o := w.providers[oi]
			rank++
			score -= 0.5 + r.Float64()*6
			s := records.Score{Bidder: o.Name, Rank: rank}
			if scored {
				s.Score = tenth(score)
			}
			a.Scores = append(a.Scores, s)
		}
		if !scored {
			a.Scores[0].Score = 0
		}
	}
	if agency != nil {
		fee := roundFen(float64(amount)*(0.008+0.007*r.Float64()), 100)
		if fee < 200_000 {
			fee = 200_000
		}
		a.AgencyFee = fee
	}
	p.Award = a
	out.winner, out.decided = winner, decided
	if a.Published.IsZero() {
		return out
	}

	// Contract.
	signed := wd.next(awardPub.AddDays(3 + r.IntN(20)))
	if sloppy == "signing" {
		signed = wd.next(awardPub.AddDays(33 + r.IntN(15)))
	}
	if signed.After(H) {
		return out
	}
	cPub := wd.add(signed, r.IntN(2))
	if sloppy == "contract" {
		cPub = wd.add(signed, 3+r.IntN(4))
	}
	from := signed.AddDays(1 + r.IntN(10))
	to := addMonths(from, months).AddDays(-1)
	k := &records.Contract{
		Number: fmt.Sprintf("示%s购合〔%d〕%d号", strings.ToUpper(strings.ReplaceAll(pl.body.ID, "-", "")), signed.Year, 1+pl.index%997),
		Signed: signed, Provider: w.providers[winner].CreditCode, Amount: amount,
		Subject: service, Scope: c.Service.Scope, Quantity: qty, Quality: c.Service.Quality,
		Period: records.Period{From: from, To: to}, Place: th.place,
		Obligations: records.Markdown{Source: obligationsText(r)},
		Liability:   records.Markdown{Source: liabilityText(r)},
	}
	shares := pick(r, [][]int{{40, 30}, {30, 40}, {50, 30}, {30, 30}})
	if months < 10 {
		k.PaymentMethod = fmt.Sprintf("合同签订后支付合同金额的%d%%，结项验收合格后支付剩余款项。", shares[0])
	} else {
		k.PaymentMethod = fmt.Sprintf("分三期支付：合同签订后支付%d%%，中期评估合格后支付%d%%，结项验收合格后支付剩余款项。", shares[0], shares[1])
	}
	if !cPub.After(H) {
		k.Published = cPub
	}
	p.Contract = k

	// Payments and evaluations.
	pay := func(d records.Date, m records.Money, forWhat string) {
		if d.After(H) || m <= 0 {
			return
		}
		p.Payments = append(p.Payments, &records.Payment{Date: d, Amount: m, For: forWhat})
	}
	first := roundFen(float64(amount)*float64(shares[0])/100, 100)
	pay(wd.next(signed.AddDays(10+r.IntN(20))), first, milestoneNames[0])
	quality := w.providerQuality(winner)
	stopPay := false
	evaluate := func(kind string, d records.Date, ek, en string) *records.Evaluation {
		if d.After(H) {
			return nil
		}
		e := &records.Evaluation{Kind: kind, Date: d, Evaluator: records.Evaluator{Kind: ek, Name: en}}
		if pub := wd.add(d, 1+r.IntN(6)); !(sloppy == "eval" && kind == "结项验收") && !pub.After(H) {
			e.Published = pub
		}
		target := quality + (r.Float64()-0.5)*16
		total := 0
		for _, ind := range c.Standard.Indicators {
			frac := target/100 + (r.Float64()-0.5)*0.12
			frac = math.Max(0.3, math.Min(0.985, frac))
			tenths := int(frac * float64(ind.Weight) * 10)
			total += tenths
			e.Indicators = append(e.Indicators, records.IndicatorScore{Name: ind.Name, Weight: ind.Weight, Score: float64(tenths) / 10})
		}
		e.Score = float64(total) / 10
		e.Grade = gradeOf(e.Score)
		e.Findings = records.Markdown{Source: findingsText(r, e.Grade)}
		switch {
		case e.Grade == "不合格":
			x := r.IntN(10)
			switch {
			case x < 6:
				e.Consequence = &records.Consequence{Kind: "整改意见", Detail: "限期30日内整改，整改期间暂缓支付后续款项"}
			case x < 9:
				e.Consequence = &records.Consequence{Kind: "暂停付款", Detail: "暂停支付剩余服务费用，待整改验收合格后恢复"}
				stopPay = true
			default:
				f := d.AddDays(10)
				e.Consequence = &records.Consequence{Kind: "取消承接资格", Detail: "自决定之日起一年内取消承接本市政府购买服务项目的资格", From: f, To: f.AddDays(364)}
				stopPay = true
				out.barEval = len(p.Evaluations)
			}
		case e.Score < 70 && r.IntN(3) == 0:
			e.Consequence = &records.Consequence{Kind: "整改意见", Detail: "针对评价发现的问题限期整改"}
		}
		p.Evaluations = append(p.Evaluations, e)
		return e
	}
	if months >= 10 {
		mid := wd.next(addMonths(from, months/2).AddDays(r.IntN(15)))
		ek, en := "购买方", pl.body.Name
		if r.IntN(4) == 0 {
			ek, en = "服务对象", "服务对象代表评议小组"
		}
		if e := evaluate("中期评估", mid, ek, en); e != nil && !stopPay {
			m := roundFen(float64(amount)*float64(shares[1])/100, 100)
			pay(wd.next(mid.AddDays(10+r.IntN(20))), m, milestoneNames[1])
		}
	}
	// The final acceptance (结项验收) is held within days of the period's end and published well
	// inside the acceptance-public limit (20 working days after the end); a fifth of the
	// projects also commission a third-party assessment.
	end := wd.add(to, 1+r.IntN(8))
	ek, en := "购买方", pl.body.Name
	if r.IntN(2) == 0 {
		ek, en = "第三方", pick(r, thirdParties)
	}
	if e := evaluate("结项验收", end, ek, en); e != nil && !stopPay && len(p.Payments) > 0 {
		var sum records.Money
		for _, x := range p.Payments {
			sum += x.Amount
		}
		rest := amount - sum
		if r.IntN(5) == 0 {
			rest -= roundFen(float64(amount)*0.05, 100) // 质保金 kept back
		}
		pay(wd.next(end.AddDays(10+r.IntN(20))), rest, milestoneNames[2])
	}
	if r.IntN(5) == 0 {
		evaluate("第三方评估", wd.add(end, 5+r.IntN(20)), "第三方", pick(r, thirdParties))
	}
	return out
}

var thirdParties = []string{"示例市社会工作评估中心", "示例市公共服务绩效评价研究院", "南湖会计师事务所（普通合伙）", "云岭社会组织评估服务中心"}

func ceilingOr(ceiling, budget records.Money) records.Money {
	if ceiling > 0 {
		return ceiling
	}
	return budget
}

func tenth(x float64) float64 { return math.Round(x*10) / 10 }

func gradeOf(score float64) string {
	switch {
	case score >= 90:
		return "优秀"
	case score >= 80:
		return "良好"
	case score >= 60:
		return "合格"
	}
	return "不合格"
}

// providerQuality is a provider's typical evaluation score: stable per provider, so good
// providers keep getting good grades and a few keep failing.
func (w *world) providerQuality(i int) float64 {
	h := uint32(i)*2654435761 + 12345
	x := float64(h%1000) / 1000
	return 62 + 34*math.Sqrt(x)
}

// pickProvider chooses a provider suited to the theme and not barred on any day of [from, to].
func (w *world) pickProvider(r *rand.Rand, theme string, from, to records.Date) int {
	cands := w.byKind[theme]
	if len(cands) == 0 {
		cands = w.byKind["social"]
	}
	for try := 0; ; try++ {
		if try == 100 {
			// every suited provider barred that day (only in tiny worlds): take any free one
			cands = allProviders(len(w.providers))
		}
		// the first few suited providers win more: markets concentrate
		var i int
		if r.IntN(3) == 0 {
			i = cands[r.IntN(min(len(cands), 8))]
		} else {
			i = cands[r.IntN(len(cands))]
		}
		if !barredIn(w.providers[i], from, to) {
			return i
		}
	}
}

func barredIn(p *records.Provider, from, to records.Date) bool {
	for _, s := range p.Sanctions {
		if s.Barred && !to.Before(s.From) && !from.After(s.To) {
			return true
		}
	}
	return false
}

func allProviders(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// sampleProviders picks n distinct provider indices other than not (the losing bidders).
func (w *world) sampleProviders(r *rand.Rand, n, not int) []int {
	if n > len(w.providers)-1 {
		n = len(w.providers) - 1
	}
	out := make([]int, 0, n)
	for len(out) < n {
		i := r.IntN(len(w.providers))
		if i == not || slices.Contains(out, i) {
			continue
		}
		out = append(out, i)
	}
	return out
}
