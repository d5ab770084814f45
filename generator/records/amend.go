package records

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A correction notice (更正公告) changes named fields of the call: each change says which field,
// the value in force before it (from) and the new value (to). The call as first published stays
// as written in the file; CallAsOf applies the corrections published by a given day. This file
// is the one list of the fields a correction may change and the one place they are applied.

// FieldType is how a call field's values are written, compared and shown.
type FieldType int

const (
	FieldText     FieldType = iota // compared as written
	FieldMarkdown                  // from may be the whole text or a passage occurring once in it
	FieldMoney                     // 3,200,000.00元 equals 3200000
	FieldDate                      // 2025-03-17
	FieldDateTime                  // 2025-03-31 09:00
	FieldBool                      // true/false, 是/否
)

// CallField is a field of the call a correction may change.
type CallField struct {
	Path    string   // canonical name: the yaml path in the call, e.g. opening.place, contacts.1.phone
	Label   string   // Chinese label, e.g. 开标地点
	English string   // English label
	Aliases []string // other Chinese names clerks write for it; Label is always accepted too
	Type    FieldType
	ref     func(c *Call) any // pointer to the field in c; nil when c has no such field (a missing contact)
}

// callFields lists the fields in the order the call shows them. Contacts are numbered from 1
// (contacts.1.phone is the first contact's phone) and resolved by CallFieldNamed.
var callFields = []CallField{
	{"documents_from", "获取文件开始日期", "documents available from", []string{"招标文件获取开始日期", "文件获取开始日期"}, FieldDate, func(c *Call) any { return &c.DocumentsFrom }},
	{"documents_to", "获取文件截止日期", "documents available until", []string{"招标文件获取截止日期", "文件获取截止日期"}, FieldDate, func(c *Call) any { return &c.DocumentsTo }},
	{"documents_at", "获取文件地点", "where to obtain documents", []string{"文件获取地点"}, FieldText, func(c *Call) any { return &c.DocumentsAt }},
	{"bid_deadline", "投标截止时间", "bid deadline", []string{"响应截止时间", "响应文件提交截止时间", "投标（响应）截止时间"}, FieldDateTime, func(c *Call) any { return &c.BidDeadline }},
	{"opening.time", "开标时间", "opening time", []string{"开启时间"}, FieldDateTime, func(c *Call) any { return &c.Opening.Time }},
	{"opening.place", "开标地点", "opening place", []string{"开启地点"}, FieldText, func(c *Call) any { return &c.Opening.Place }},
	{"ceiling", "最高限价", "price ceiling", []string{"采购最高限价"}, FieldMoney, func(c *Call) any { return &c.Ceiling }},
	{"conditions", "承接主体条件", "provider conditions", []string{"供应商资格条件", "资格条件", "申请人的资格要求"}, FieldMarkdown, func(c *Call) any { return &c.Conditions }},
	{"consortium", "是否接受联合体", "consortia accepted", []string{"联合体投标"}, FieldBool, func(c *Call) any { return &c.Consortium }},
	{"service.scope", "服务内容", "service scope", []string{"服务范围"}, FieldText, func(c *Call) any { return &c.Service.Scope }},
	{"service.quantity", "服务数量", "quantity", nil, FieldText, func(c *Call) any { return &c.Service.Quantity }},
	{"service.quality", "服务质量", "quality", []string{"服务标准"}, FieldText, func(c *Call) any { return &c.Service.Quality }},
	{"service.period.from", "服务期开始", "service period from", nil, FieldDate, func(c *Call) any { return &c.Service.Period.From }},
	{"service.period.to", "服务期结束", "service period to", nil, FieldDate, func(c *Call) any { return &c.Service.Period.To }},
	{"service.place", "服务地点", "service place", nil, FieldText, func(c *Call) any { return &c.Service.Place }},
	{"standard.text", "绩效评价标准", "evaluation standard", nil, FieldMarkdown, func(c *Call) any { return &c.Standard.Text }},
	{"agency.name", "代理机构名称", "agency name", nil, FieldText, func(c *Call) any { return agencyField(c, func(a *Agency) any { return &a.Name }) }},
	{"agency.contact.name", "代理机构联系人", "agency contact", nil, FieldText, func(c *Call) any { return agencyField(c, func(a *Agency) any { return &a.Contact.Name }) }},
	{"agency.contact.phone", "代理机构联系电话", "agency phone", nil, FieldText, func(c *Call) any { return agencyField(c, func(a *Agency) any { return &a.Contact.Phone }) }},
	{"agency.contact.address", "代理机构地址", "agency address", nil, FieldText, func(c *Call) any { return agencyField(c, func(a *Agency) any { return &a.Contact.Address }) }},
}

// contactKeys are the fields of a numbered contact, with their labels; the first contact also
// answers to the labels clerks write for the buyer's contact (采购人联系电话).
var contactKeys = []struct {
	key, label, english string
	aliases             []string
}{
	{"name", "联系人", "contact", []string{"采购人联系人"}},
	{"phone", "联系电话", "phone", []string{"采购人联系电话", "采购人联系人电话", "采购人电话"}},
	{"email", "电子邮箱", "email", nil},
	{"address", "联系地址", "address", []string{"采购人地址"}},
}

var contactPath = regexp.MustCompile(`^contacts\.([1-9][0-9]?)\.(name|phone|email|address)$`)

func agencyField(c *Call, f func(*Agency) any) any {
	if c.Agency == nil {
		return nil
	}
	return f(c.Agency)
}

// contactField is the CallField of the n-th contact's key (n from 1).
func contactField(n int, key string) (CallField, bool) {
	for _, k := range contactKeys {
		if k.key != key {
			continue
		}
		f := CallField{Path: fmt.Sprintf("contacts.%d.%s", n, key), Label: fmt.Sprintf("第%d联系人%s", n, k.label),
			English: fmt.Sprintf("contact %d %s", n, k.english), Type: FieldText}
		if n == 1 {
			f.Label, f.Aliases = "采购人"+k.label, k.aliases
		}
		f.ref = func(c *Call) any {
			if n > len(c.Contacts) {
				return nil
			}
			ct := &c.Contacts[n-1]
			switch key {
			case "name":
				return &ct.Name
			case "phone":
				return &ct.Phone
			case "email":
				return &ct.Email
			}
			return &ct.Address
		}
		return f, true
	}
	return CallField{}, false
}

// CallFieldNamed resolves what a clerk wrote as a change's field: a canonical path, a Chinese
// label or an alias.
func CallFieldNamed(name string) (CallField, bool) {
	name = strings.TrimSpace(name)
	if m := contactPath.FindStringSubmatch(name); m != nil {
		n, _ := strconv.Atoi(m[1])
		return contactField(n, m[2])
	}
	for _, f := range callFields {
		if f.Path == name || f.Label == name || slices.Contains(f.Aliases, name) {
			return f, true
		}
	}
	for _, k := range contactKeys {
		if "采购人"+k.label == name || slices.Contains(k.aliases, name) {
			return contactField(1, k.key)
		}
	}
	return CallField{}, false
}

// CallFields lists the fields a correction may change, the first contact standing for every
// numbered one: the list README and the diagnostics show.
func CallFields() []CallField {
	out := slices.Clone(callFields)
	for _, k := range contactKeys {
		f, _ := contactField(1, k.key)
		out = append(out, f)
	}
	return out
}

// parse reads a written value as the field's type.
func (f CallField) parse(s string) (any, error) {
	s = strings.TrimSpace(s)
	switch f.Type {
	case FieldMoney:
		return ParseMoney(s)
	case FieldDate:
		return ParseDate(s)
	case FieldDateTime:
		return ParseDateTime(s)
	case FieldBool:
		switch s {
		case "true", "是", "接受":
			return true, nil
		case "false", "否", "不接受":
			return false, nil
		}
		return nil, fmt.Errorf("not true or false")
	}
	return s, nil
}

// Current is the field's value in c, written the way the data format writes it; ok is false when
// c has no such field (a contact it does not have).
func (f CallField) Current(c *Call) (s string, ok bool) {
	r := f.ref(c)
	if r == nil {
		return "", false
	}
	switch v := r.(type) {
	case *string:
		return *v, true
	case *Markdown:
		return v.Source, true
	case *Money:
		return v.Yuan(), true
	case *Date:
		return v.String(), true
	case *DateTime:
		if v.IsZero() {
			return "", true
		}
		return v.In(CST).Format("2006-01-02 15:04"), true
	case *bool:
		return strconv.FormatBool(*v), true
	}
	return "", false
}

// matches says whether from, parsed as the field's type, is the value in force in c.
func (f CallField) matches(c *Call, from any) bool {
	switch v := f.ref(c).(type) {
	case *string:
		return strings.TrimSpace(*v) == from.(string)
	case *Markdown:
		src, p := strings.TrimSpace(v.Source), from.(string)
		return src == p || (p != "" && strings.Count(src, p) == 1)
	case *Money:
		return *v == from.(Money)
	case *Date:
		return *v == from.(Date)
	case *DateTime:
		return v.Equal(from.(DateTime).Time)
	case *bool:
		return *v == from.(bool)
	}
	return false
}

// set writes to into c. A Markdown passage (from not the whole text) is replaced in place; the
// new text is rendered once, here.
func (f CallField) set(c *Call, from, to any) {
	switch v := f.ref(c).(type) {
	case *string:
		*v = to.(string)
	case *Markdown:
		src, p := strings.TrimSpace(v.Source), from.(string)
		if src != p {
			src = strings.Replace(src, p, to.(string), 1)
		} else {
			src = to.(string)
		}
		*v, _ = renderMarkdown(src + "\n")
	case *Money:
		*v = to.(Money)
	case *Date:
		*v = to.(Date)
	case *DateTime:
		*v = to.(DateTime)
	case *bool:
		*v = to.(bool)
	}
}

// copyCall copies c deeply enough that a correction applied to the copy leaves c untouched.
func copyCall(c *Call) *Call {
	cp := *c
	cp.Contacts = slices.Clone(c.Contacts)
	if c.Agency != nil {
		a := *c.Agency
		cp.Agency = &a
	}
	return &cp
}

// CallAsOf is the call in force on day d: as first published, with every correction published
// on or before d applied in order. A zero d applies every correction. Nil when the call is not
// public on d. The result is shared: callers must not modify it.
func (p *Project) CallAsOf(d Date) *Call {
	if p.Call == nil || !Visible(p.Call.Published, d) {
		return nil
	}
	c := p.Call
	for _, a := range p.Amendments {
		if a != nil && Visible(a.Published, d) {
			c = a.callAfter(c)
		}
	}
	return c
}

// CallAfter is the call in force once the i-th correction (1-based) applies, whatever its date;
// i = 0 is the call as first published. Nil without a call. Shared: callers must not modify it.
func (p *Project) CallAfter(i int) *Call {
	if p.Call == nil {
		return nil
	}
	c := p.Call
	for _, a := range p.Amendments[:min(i, len(p.Amendments))] {
		if a != nil {
			c = a.callAfter(c)
		}
	}
	return c
}

// callAfter is the call in force once a applies to prev: as the validator recorded it, or, for a
// project built in memory and never loaded, computed afresh (without recording it: the model is
// read concurrently once loaded).
func (a *Amendment) callAfter(prev *Call) *Call {
	if a.after != nil {
		return a.after
	}
	var v *validator
	return v.corrected(prev, a)
}

// Correction is a field of the call as corrected by a day: its value first published and the
// correction notice that last changed it.
type Correction struct {
	Field     CallField
	Original  string // as first published, in the data format's writing
	Current   string
	Amendment int  // 1-based index of the last correction notice that changed it
	Published Date // that notice's date
}

// CorrectionsAsOf lists the call's fields changed by the corrections public on day d, in the
// order of the field list (contacts by number), each once with its latest correction.
func (p *Project) CorrectionsAsOf(d Date) []Correction {
	cur := p.CallAsOf(d)
	if cur == nil {
		return nil
	}
	byPath := map[string]*Correction{}
	var order []string
	for i, a := range p.Amendments {
		if a == nil || !Visible(a.Published, d) {
			continue
		}
		note := func(f CallField) {
			c := byPath[f.Path]
			if c == nil {
				orig, _ := f.Current(p.Call)
				c = &Correction{Field: f, Original: orig}
				byPath[f.Path] = c
				order = append(order, f.Path)
			}
			c.Amendment, c.Published = i+1, a.Published
		}
		for _, ch := range a.Changes {
			if f, ok := CallFieldNamed(ch.Field); ok {
				note(f)
			}
		}
		if !a.NewDeadline.IsZero() {
			f, _ := CallFieldNamed("bid_deadline")
			note(f)
		}
	}
	rank := func(path string) int {
		for i, f := range callFields {
			if f.Path == path {
				return i
			}
		}
		return len(callFields) // contacts, after the fixed fields, by path
	}
	slices.SortStableFunc(order, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	out := make([]Correction, 0, len(order))
	for _, path := range order {
		c := byPath[path]
		c.Current, _ = c.Field.Current(cur)
		if c.Current == c.Original {
			continue // corrected back to what was first published
		}
		out = append(out, *c)
	}
	return out
}
