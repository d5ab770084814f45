package records

import (
	"fmt"
	"math"
	"slices"

	"github.com/gongkai/gongkai/generator/diag"
)

// project runs every check on one project file.
func (v *validator) project(p *Project) {
	v.amendments(p) // first: the checks below read the call as corrected (CallAsOf)
	v.projectRefs(p)
	v.enum(p.Src, "funding", p.Funding, FundingSources)
	v.enum(p.Src, "form", p.Form, PurchaseForms)
	v.enum(p.Src, "intention_exempt", p.IntentionExempt, IntentionExemptions)
	v.stagePrerequisites(p)
	v.lifecycleOrder(p)
	if p.Intention != nil && p.Intention.ExpectedMonth != "" && !monthPattern.MatchString(p.Intention.ExpectedMonth) {
		v.add(p.Intention.At("expected_month"), "date-format",
			fmt.Sprintf("预计采购月份应写成 2025-06，这里是 %q", p.Intention.ExpectedMonth),
			fmt.Sprintf("expected_month must be written 2025-06, found %q", p.Intention.ExpectedMonth))
	}
	if p.SingleSource != nil && p.SingleSource.Provider != "" && v.ds.Index.Provider[p.SingleSource.Provider] == nil {
		v.danglingProvider(p.SingleSource.At("provider"), p.SingleSource.Provider)
	}
	if p.Call != nil {
		v.callMethod(p)
		v.callStandard(p.Call)
		if a := p.Call.Agency; a != nil {
			v.creditCode(a.Src, "credit_code", a.CreditCode)
		}
	}
	if p.Award != nil {
		v.awardWinners(p)
	}
	if p.Contract != nil {
		v.contractParties(p)
	}
	v.paymentsTotal(p)
	v.evaluations(p)
}

// projectRefs resolves body, catalogue item and budget line, and bounds the budget by its line.
func (v *validator) projectRefs(p *Project) {
	if p.Body != "" && v.ds.Index.Body[p.Body] == nil {
		v.dangling(p.At("body"), "购买主体", "body", p.Body)
	}
	if n := v.item(p.Src, "item", p.Item); n != nil {
		v.excluded(p.Src, "item", n)
	}
	if p.BudgetLine == "" {
		return
	}
	l := v.ds.Index.BudgetLine[p.BudgetLine]
	switch {
	case l == nil:
		v.dangling(p.At("budget_line"), "预算项目", "budget line", p.BudgetLine)
	case l.Body != p.Body:
		v.add(p.At("budget_line"), "dangling-ref",
			fmt.Sprintf("预算项目 %s 属于购买主体 %s，不属于本项目的购买主体 %s", l.ID, l.Body, p.Body),
			fmt.Sprintf("budget line %s belongs to body %s, not to this project's body %s", l.ID, l.Body, p.Body))
	case l.Year != p.Year:
		v.add(p.At("budget_line"), "dangling-ref",
			fmt.Sprintf("预算项目 %s 属于 %d 年预算，而本项目在 %d 年文件夹中", l.ID, l.Year, p.Year),
			fmt.Sprintf("budget line %s is in the %d budget, but the project is in the %d folder", l.ID, l.Year, p.Year))
	case p.Budget > l.Amount:
		v.add(p.At("budget"), "budget-bound",
			fmt.Sprintf("项目预算 %s 元超过预算项目 %s 的金额 %s 元", p.Budget.Yuan(), l.ID, l.Amount.Yuan()),
			fmt.Sprintf("the project budget %s yuan exceeds budget line %s (%s yuan)", p.Budget.Yuan(), l.ID, l.Amount.Yuan()))
	}
	if l != nil {
		v.lineAgrees(p, l)
	}
}

// lineAgrees warns when a project's funding source or service category differs from its budget
// line's: the budget pages set each line's amount beside what its projects spend, split by source
// and category (package figures), and such a project would be counted apart from its budget.
func (v *validator) lineAgrees(p *Project, l *BudgetLine) {
	if p.Funding != "" && l.Source != "" && p.Funding != l.Source {
		v.warn(p.At("funding"), "budget-line-mismatch",
			fmt.Sprintf("资金来源“%s”与预算项目 %s 的资金来源“%s”不一致；预算执行按资金来源分列时，本项目不计入该预算", p.Funding, l.ID, l.Source),
			fmt.Sprintf("funding source %q differs from budget line %s's %q; split by source, this project is counted apart from its budget", p.Funding, l.ID, l.Source))
	}
	top := func(code string) string {
		n := v.ds.Index.Item[code]
		for n != nil && n.Parent != nil {
			n = n.Parent
		}
		if n == nil {
			return ""
		}
		return n.Code
	}
	if pc, lc := top(p.Item), top(l.Item); pc != "" && lc != "" && pc != lc {
		v.warn(p.At("item"), "budget-line-mismatch",
			fmt.Sprintf("指导目录项目 %s 属于“%s”类，而预算项目 %s 属于“%s”类；预算执行按服务类别分列时，本项目不计入该预算", p.Item, pc, l.ID, lc),
			fmt.Sprintf("catalogue item %s is in category %s, but budget line %s is in %s; split by category, this project is counted apart from its budget", p.Item, pc, l.ID, lc))
	}
}

// stagePrerequisites: a stage cannot exist without the stage it follows.
func (v *validator) stagePrerequisites(p *Project) {
	need := func(has bool, at diag.Pos, stageZh, stageEn, prevZh, prevEn string) {
		if !has {
			v.add(at, "stage-order", fmt.Sprintf("有%s，但没有%s", stageZh, prevZh), fmt.Sprintf("there is a %s but no %s", stageEn, prevEn))
		}
	}
	for _, a := range p.Amendments {
		need(p.Call != nil, a.Pos, "更正公告", "correction notice", "采购公告（call）", "call (call)")
	}
	// A termination ends a procurement someone was told of: it links to the notice it ends.
	if t := p.Termination; t != nil {
		need(p.Call != nil || p.SingleSource != nil || p.Intention != nil, t.Pos, "终止公告", "termination notice",
			"它所终止的公告（call、single_source_notice 或 intention）", "notice it ends (call, single_source_notice or intention)")
	}
	if p.Award != nil {
		need(p.Call != nil, p.Award.Pos, "结果公告", "award", "采购公告（call）", "call (call)")
	}
	if p.Contract != nil {
		need(p.Award != nil, p.Contract.Pos, "合同", "contract", "中标/成交结果（award）", "award (award)")
	}
	for _, pay := range p.Payments {
		need(p.Contract != nil, pay.Pos, "经费兑付", "payment", "合同（contract）", "contract (contract)")
	}
	for _, e := range p.Evaluations {
		need(p.Contract != nil, e.Pos, "绩效评价", "evaluation", "合同（contract）", "contract (contract)")
	}
}

// deadline is the bid deadline in force once every correction applies.
func deadline(p *Project) Date {
	if c := p.CallAsOf(Date{}); c != nil {
		return dateOf(c.BidDeadline)
	}
	return Date{}
}

func dateOf(t DateTime) Date {
	if t.IsZero() {
		return Date{}
	}
	return t.Date()
}

// lifecycleOrder: intention ≤ call ≤ bid deadline ≤ award.decided ≤ contract.signed ≤
// evaluations; every notice published no earlier than the event it reports; amendments between
// call and award; single-source notice over before the call; nothing after a termination.
func (v *validator) lifecycleOrder(p *Project) {
	const code = "stage-order"
	in, ss, c, aw, ct := p.Intention, p.SingleSource, p.Call, p.Award, p.Contract
	var callPub, decided, signed Date
	if c != nil {
		callPub = c.Published
	}
	if aw != nil {
		decided = aw.Decided
	}
	if ct != nil {
		signed = ct.Signed
	}
	if in != nil && c != nil {
		v.order(code, in.Published, "采购意向发布日期", c.Published, "采购公告发布日期", c.At("published"))
	}
	if ss != nil {
		v.order(code, ss.Published, "单一来源公示发布日期", ss.Ends, "公示结束日期", ss.At("ends"))
		if c != nil {
			v.order(code, ss.Ends, "单一来源公示结束日期", c.Published, "采购公告发布日期", c.At("published"))
		}
	}
	if c != nil {
		v.order(code, c.Published, "采购公告发布日期", dateOf(c.BidDeadline), "投标截止时间", c.At("bid_deadline"))
		v.order(code, c.DocumentsFrom, "文件获取开始日期", c.DocumentsTo, "文件获取截止日期", c.At("documents_to"))
		if c.Approval != nil {
			v.order(code, c.Approval.Date, "采购方式批准日期", c.Published, "采购公告发布日期", c.At("published"))
		}
		v.order(code, c.Service.Period.From, "服务期开始", c.Service.Period.To, "服务期结束", c.Service.Period.At("to"))
	}
	for i, a := range p.Amendments {
		name := fmt.Sprintf("第 %d 个更正公告发布日期", i+1)
		v.order(code, callPub, "采购公告发布日期", a.Published, name, a.At("published"))
		if aw != nil {
			if !a.Published.IsZero() && !aw.Decided.IsZero() && aw.Decided.Before(a.Published) {
				v.add(a.At("published"), code,
					fmt.Sprintf("更正公告（%s）应在中标/成交确定（%s）之前发布", a.Published, aw.Decided),
					fmt.Sprintf("a correction notice (%s) must come before the award decision (%s)", a.Published, aw.Decided))
			}
		}
		v.order(code, a.Published, name, dateOf(a.NewDeadline), "新的投标截止时间", a.At("new_deadline"))
	}
	if aw != nil {
		v.order(code, deadline(p), "投标截止日期", aw.Decided, "中标/成交确定日期 decided", aw.At("decided"))
		v.order(code, aw.Decided, "中标/成交确定日期", aw.Published, "结果公告发布日期", aw.At("published"))
	}
	if ct != nil {
		v.order(code, decided, "中标/成交确定日期", ct.Signed, "合同签订日期", ct.At("signed"))
		v.order(code, ct.Signed, "合同签订日期", ct.Published, "合同公告发布日期", ct.At("published"))
		v.order(code, ct.Period.From, "合同期开始", ct.Period.To, "合同期结束", ct.Period.At("to"))
	}
	for _, pay := range p.Payments {
		v.order(code, signed, "合同签订日期", pay.Date, "付款日期", pay.At("date"))
	}
	for _, e := range p.Evaluations {
		v.order(code, signed, "合同签订日期", e.Date, "评价日期", e.At("date"))
		v.order(code, e.Date, "评价日期", e.Published, "评价结果发布日期", e.At("published"))
	}
	v.afterTermination(p)
}

// afterTermination: a termination ends the project, so no stage may be dated after it.
func (v *validator) afterTermination(p *Project) {
	t := p.Termination
	if t == nil || t.Published.IsZero() {
		return
	}
	check := func(d Date, at diag.Pos, what string) {
		if !d.IsZero() && d.After(t.Published) {
			v.add(at, "stage-order",
				fmt.Sprintf("项目已于 %s 终止，%s（%s）不能在终止之后", t.Published, what, d),
				fmt.Sprintf("the project was terminated on %s; %s (%s) cannot come after it", t.Published, what, d))
		}
	}
	if p.Intention != nil {
		check(p.Intention.Published, p.Intention.At("published"), "采购意向")
	}
	if p.SingleSource != nil {
		check(p.SingleSource.Published, p.SingleSource.At("published"), "单一来源公示")
	}
	if p.Call != nil {
		check(p.Call.Published, p.Call.At("published"), "采购公告")
	}
	for _, a := range p.Amendments {
		check(a.Published, a.At("published"), "更正公告")
	}
	if p.Award != nil {
		check(p.Award.Decided, p.Award.At("decided"), "中标/成交确定")
		check(p.Award.Published, p.Award.At("published"), "结果公告")
	}
	if p.Contract != nil {
		check(p.Contract.Signed, p.Contract.At("signed"), "合同签订")
		check(p.Contract.Published, p.Contract.At("published"), "合同公告")
	}
	for _, pay := range p.Payments {
		check(pay.Date, pay.At("date"), "经费兑付")
	}
	for _, e := range p.Evaluations {
		check(e.Date, e.At("date"), "绩效评价")
		check(e.Published, e.At("published"), "绩效评价公告")
	}
}

// callMethod: 其他 needs its description, a non-open method its approval; a ground only on a
// single-source call. Whether a single-source call needed its notice is the single-source-notice
// rule's question (it depends on the amount and the ground), not the loader's.
func (v *validator) callMethod(p *Project) {
	c := p.Call
	v.enum(c.Src, "method", c.Method, Methods)
	if c.Method == MethodOther && c.MethodDetail == "" {
		v.add(c.At("method"), "missing-field", "采购方式为“其他”时须填写 method_detail 说明具体方式",
			"method 其他 needs method_detail saying which method")
	}
	if c.Method != "" && c.Method != MethodOpen && slices.Contains(Methods, c.Method) && c.Approval == nil {
		v.add(c.At("method"), "approval-missing",
			fmt.Sprintf("采购方式“%s”须经财政部门批准：请填写 approval（批准文件和日期）", c.Method),
			fmt.Sprintf("method %s needs the finance department's approval: add approval (document, date)", c.Method))
	}
	v.enum(c.Src, "single_source_ground", c.SingleSourceGround, SingleSourceGrounds)
	if c.SingleSourceGround != "" && c.Method != MethodSingleSource {
		v.add(c.At("single_source_ground"), "single-source-ground",
			fmt.Sprintf("single_source_ground 只用于单一来源采购，本项目采购方式为“%s”", c.Method),
			fmt.Sprintf("single_source_ground is for single-source purchases only; this call's method is %s", c.Method))
	}
}

// callStandard: the performance-evaluation standard is text or indicators; weights sum to 100.
func (v *validator) callStandard(c *Call) {
	s := c.Standard
	if c.Has("standard") && s.Text.IsZero() && len(s.Indicators) == 0 {
		v.add(c.At("standard"), "missing-field", "绩效评价标准须填写 text（文字说明）或 indicators（指标及权重）",
			"the performance standard needs text or indicators")
	}
	if len(s.Indicators) == 0 {
		return
	}
	sum := 0
	seen := map[string]bool{}
	for _, in := range s.Indicators {
		sum += in.Weight
		if in.Weight < 0 {
			v.add(in.At("weight"), "weights-sum", "权重不能为负数", "a weight cannot be negative")
		}
		if seen[in.Name] {
			v.add(in.At("name"), "duplicate-id", fmt.Sprintf("指标“%s”重复", in.Name), fmt.Sprintf("indicator %q appears twice", in.Name))
		}
		seen[in.Name] = true
	}
	if sum != 100 {
		v.add(s.At("indicators"), "weights-sum", fmt.Sprintf("各指标权重合计应为 100，这里是 %d", sum),
			fmt.Sprintf("indicator weights must sum to 100, not %d", sum))
	}
}

// addMoney adds without overflowing: hostile input must not wrap a total below a bound.
func addMoney(a, b Money) Money {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// bound reports an amount above the project budget or the call's ceiling price.
func (v *validator) bound(p *Project, amount Money, at diag.Pos, whatZh, whatEn string) {
	if p.Budget > 0 && amount > p.Budget {
		v.add(at, "budget-bound", fmt.Sprintf("%s %s 元超过项目预算 %s 元", whatZh, amount.Yuan(), p.Budget.Yuan()),
			fmt.Sprintf("%s %s yuan exceeds the project budget of %s yuan", whatEn, amount.Yuan(), p.Budget.Yuan()))
	}
	// The ceiling in force once every correction applies: corrections come before the award.
	if c := p.CallAsOf(Date{}); c != nil && c.Ceiling > 0 && amount > c.Ceiling {
		v.add(at, "budget-bound", fmt.Sprintf("%s %s 元超过最高限价 %s 元", whatZh, amount.Yuan(), c.Ceiling.Yuan()),
			fmt.Sprintf("%s %s yuan exceeds the ceiling price of %s yuan", whatEn, amount.Yuan(), c.Ceiling.Yuan()))
	}
}

// awardWinners: winners exist, are not barred on the decision date, total within budget and
// ceiling, and match the single-source notice.
func (v *validator) awardWinners(p *Project) {
	a := p.Award
	var total Money
	for _, w := range a.Winners {
		total = addMoney(total, w.Amount)
		if w.Provider == "" {
			continue
		}
		pr := v.ds.Index.Provider[w.Provider]
		if pr == nil {
			v.danglingProvider(w.At("provider"), w.Provider)
			continue
		}
		v.barred(pr, a.Decided, w.At("provider"))
	}
	at := a.At("winners")
	if len(a.Winners) == 1 {
		at = a.Winners[0].At("amount")
	}
	v.bound(p, total, at, "中标/成交金额", "the award")
	ss := p.SingleSource
	if p.Call != nil && p.Call.Method == MethodSingleSource && ss != nil && ss.Provider != "" && len(a.Winners) > 0 &&
		!slices.ContainsFunc(a.Winners, func(w Winner) bool { return w.Provider == ss.Provider }) {
		v.add(at, "single-source-provider",
			fmt.Sprintf("单一来源采购的成交供应商应为公示中的 %s", ss.Provider),
			fmt.Sprintf("a single-source award must go to the provider in the single-source notice, %s", ss.Provider))
	}
}

// barred reports a provider inside a barring sanction on day d.
func (v *validator) barred(pr *Provider, d Date, at diag.Pos) {
	if d.IsZero() {
		return
	}
	for _, s := range pr.Sanctions {
		if !s.Barred || s.From.IsZero() || d.Before(s.From) || (!s.To.IsZero() && d.After(s.To)) {
			continue
		}
		until := s.To.String()
		if until == "" {
			until = "—"
		}
		v.add(at, "barred-provider",
			fmt.Sprintf("%s（%s）在 %s 至 %s 期间被取消承接资格（%s），不能在 %s 中标", pr.Name, pr.CreditCode, s.From, until, s.Document, d),
			fmt.Sprintf("%s (%s) is barred from %s to %s (%s) and cannot win on %s", pr.Name, pr.CreditCode, s.From, until, s.Document, d))
		return
	}
}

// contractParties: the contract's provider exists and won the award; its amount is within bounds.
func (v *validator) contractParties(p *Project) {
	c := p.Contract
	if c.Provider != "" {
		if v.ds.Index.Provider[c.Provider] == nil {
			v.danglingProvider(c.At("provider"), c.Provider)
		} else if p.Award != nil && len(p.Award.Winners) > 0 &&
			!slices.ContainsFunc(p.Award.Winners, func(w Winner) bool { return w.Provider == c.Provider }) {
			v.add(c.At("provider"), "contract-provider", fmt.Sprintf("合同承接主体 %s 不是中标/成交供应商", c.Provider),
				fmt.Sprintf("the contract's provider %s is not one of the award's winners", c.Provider))
		}
	}
	v.bound(p, c.Amount, c.At("amount"), "合同金额", "the contract amount")
}

// paymentsTotal: the payments never exceed the contract amount; reported at the payment that
// crosses it.
func (v *validator) paymentsTotal(p *Project) {
	if p.Contract == nil {
		return
	}
	var total Money
	for _, pay := range p.Payments {
		total = addMoney(total, pay.Amount)
		if total > p.Contract.Amount {
			v.add(pay.At("amount"), "payments-exceed",
				fmt.Sprintf("累计付款 %s 元超过合同金额 %s 元", total.Yuan(), p.Contract.Amount.Yuan()),
				fmt.Sprintf("payments total %s yuan, more than the contract amount of %s yuan", total.Yuan(), p.Contract.Amount.Yuan()))
			return
		}
	}
}

// evaluations: enums, score range, indicators named in the call's standard, and a barring
// consequence with its period.
func (v *validator) evaluations(p *Project) {
	var names []string
	if p.Call != nil {
		for _, in := range p.Call.Standard.Indicators {
			names = append(names, in.Name)
		}
	}
	for _, e := range p.Evaluations {
		v.enum(e.Src, "kind", e.Kind, EvaluationKinds)
		v.enum(e.Evaluator.Src, "kind", e.Evaluator.Kind, EvaluatorKinds)
		v.enum(e.Src, "grade", e.Grade, Grades)
		if e.Score < 0 || e.Score > 100 {
			v.add(e.At("score"), "bad-format", fmt.Sprintf("评分应在 0 到 100 之间，这里是 %g", e.Score),
				fmt.Sprintf("score must be between 0 and 100, not %g", e.Score))
		}
		for _, is := range e.Indicators {
			if is.Name != "" && !slices.Contains(names, is.Name) {
				v.add(is.At("name"), "unknown-indicator",
					fmt.Sprintf("指标“%s”不在采购公告的绩效评价标准中", is.Name),
					fmt.Sprintf("indicator %q is not in the call's performance standard", is.Name))
			}
		}
		if c := e.Consequence; c != nil {
			v.enum(c.Src, "kind", c.Kind, Consequences)
			if c.Kind == "取消承接资格" {
				for _, k := range []string{"from", "to"} {
					if !c.Has(k) {
						v.add(c.Pos, "missing-field", fmt.Sprintf("取消承接资格须写明期限：缺少 %s", k),
							fmt.Sprintf("a bar needs its period: %s is missing", k))
					}
				}
			}
			v.order("date-order", c.From, "开始日期 from", c.To, "结束日期 to", c.At("to"))
		}
	}
}
