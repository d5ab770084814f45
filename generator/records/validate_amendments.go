package records

import (
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
)

// amendments checks every correction against the call in force just before it and records the
// call in force after it (Amendment.after, read by CallAsOf). A change that names no call field,
// whose from is not the value in force, or whose to does not parse is reported and not applied;
// the corrections after it are still checked against what is in force.
func (v *validator) amendments(p *Project) {
	if p.Call == nil {
		return // stagePrerequisites reports the missing call
	}
	cur := p.Call
	for _, a := range p.Amendments {
		a.after = v.corrected(cur, a)
		cur = a.after
	}
}

// corrected is prev with a's changes applied. v hears about each problem; a nil v (a project
// built in memory, never loaded) applies what holds silently.
func (v *validator) corrected(prev *Call, a *Amendment) *Call {
	next := copyCall(prev)
	movedDeadline := false
	for _, ch := range a.Changes {
		if v.change(next, ch) {
			if f, _ := CallFieldNamed(ch.Field); f.Path == "bid_deadline" {
				movedDeadline = true
				if to, err := f.parse(ch.To); err == nil && !a.NewDeadline.IsZero() && !a.NewDeadline.Equal(to.(DateTime).Time) {
					v.report(a.At("new_deadline"), "amendment-change",
						fmt.Sprintf("new_deadline（%s）与更正事项中的新投标截止时间（%s）不一致", a.NewDeadline.In(CST).Format("2006-01-02 15:04"), strings.TrimSpace(ch.To)),
						fmt.Sprintf("new_deadline (%s) differs from the bid deadline the changes set (%s)", a.NewDeadline.In(CST).Format("2006-01-02 15:04"), strings.TrimSpace(ch.To)))
				}
			}
		}
	}
	// new_deadline is shorthand for a change of bid_deadline.
	if !movedDeadline && !a.NewDeadline.IsZero() {
		next.BidDeadline = a.NewDeadline
	}
	return next
}

// report adds a diagnostic unless v is nil.
func (v *validator) report(p diag.Pos, code, zh, en string) {
	if v != nil {
		v.add(p, code, zh, en)
	}
}

// change checks one change against c, the call in force, and applies it to c when it holds.
func (v *validator) change(c *Call, ch Change) bool {
	if strings.TrimSpace(ch.Field) == "" {
		return false // missing or a placeholder: reported as such
	}
	f, ok := CallFieldNamed(ch.Field)
	if !ok {
		var names []string
		for _, f := range CallFields() {
			names = append(names, f.Path+"（"+f.Label+"）")
		}
		v.report(ch.At("field"), "amendment-field",
			fmt.Sprintf("更正事项“%s”不是采购公告的字段；可以写：%s（第 n 个联系人写 contacts.n.phone 等）", ch.Field, strings.Join(names, "、")),
			fmt.Sprintf("%q is not a field of the call; use one of: %s (contacts.n.phone etc. for the n-th contact)", ch.Field, strings.Join(names, ", ")))
		return false
	}
	if _, ok := f.Current(c); !ok {
		v.report(ch.At("field"), "amendment-field",
			fmt.Sprintf("采购公告没有“%s”（%s）可以更正", f.Label, f.Path),
			fmt.Sprintf("the call has no %s (%s) to correct", f.English, f.Path))
		return false
	}
	from, errFrom := f.parse(ch.From)
	to, errTo := f.parse(ch.To)
	for _, e := range []struct {
		key string
		err error
	}{{"from", errFrom}, {"to", errTo}} {
		if e.err != nil {
			code, what := "bad-format", "是/否（true 或 false）"
			switch f.Type {
			case FieldMoney:
				code, what = "money-format", "金额（如 3,150,000.00元）"
			case FieldDate:
				code, what = "date-format", "日期（如 2025-03-17）"
			case FieldDateTime:
				code, what = "date-format", "日期时间（如 2025-03-31 09:00）"
			}
			val := ch.From
			if e.key == "to" {
				val = ch.To
			}
			v.report(ch.At(e.key), code,
				fmt.Sprintf("%s（%s）的 %s 应为%s，这里是 %q", f.Label, f.Path, e.key, what, val),
				fmt.Sprintf("%s of %s must be a %s, found %q: %v", e.key, f.Path, strings.ToLower(fieldTypeEnglish[f.Type]), val, e.err))
		}
	}
	if errFrom != nil || errTo != nil {
		return false
	}
	if !f.matches(c, from) {
		inForce, _ := f.Current(c)
		what, whatEn := "与当时有效的值不一致", "is not the value in force"
		if f.Type == FieldMarkdown {
			what, whatEn = "既不是当时有效的全文，也不是其中只出现一次的一段", "is neither the text in force nor a passage occurring once in it"
		}
		v.report(ch.At("from"), "amendment-from",
			fmt.Sprintf("%s（%s）的原值“%s”%s：更正前为“%s”", f.Label, f.Path, strings.TrimSpace(ch.From), what, inForce),
			fmt.Sprintf("from %q of %s %s: before this correction it was %q", strings.TrimSpace(ch.From), f.Path, whatEn, inForce))
		return false
	}
	f.set(c, from, to)
	return true
}

var fieldTypeEnglish = map[FieldType]string{FieldBool: "true or false", FieldMoney: "Amount", FieldDate: "Date (2025-03-17)",
	FieldDateTime: "Date-time (2025-03-31 09:00)"}
