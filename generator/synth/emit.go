package synth

import (
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// emitter writes YAML the way a clerk would: block style, keys in the model's order, plain
// scalars where they read unambiguously, markdown as literal blocks. It is hand-written rather
// than yaml.Marshal because 50,000 files must take seconds and the output must look hand-made.
type emitter struct {
	b    []byte
	dash bool // the next key opens a sequence item
}

func (e *emitter) reset() { e.b = e.b[:0]; e.dash = false }

func (e *emitter) indent(n int) {
	if e.dash {
		for i := 0; i < n-2; i++ {
			e.b = append(e.b, ' ')
		}
		e.b = append(e.b, '-', ' ')
		e.dash = false
		return
	}
	for i := 0; i < n; i++ {
		e.b = append(e.b, ' ')
	}
}

// item makes the next key at indent n+2 start a "- " sequence item.
func (e *emitter) item() { e.dash = true }

// key opens a nested mapping or sequence.
func (e *emitter) key(n int, k string) {
	e.indent(n)
	e.b = append(e.b, k...)
	e.b = append(e.b, ":\n"...)
}

func (e *emitter) raw(n int, k, v string) {
	e.indent(n)
	e.b = append(e.b, k...)
	e.b = append(e.b, ": "...)
	e.b = append(e.b, v...)
	e.b = append(e.b, '\n')
}

func (e *emitter) str(n int, k, v string) {
	if v == "" {
		return
	}
	e.raw(n, k, scalar(v))
}

func (e *emitter) integer(n int, k string, v int) { e.raw(n, k, strconv.Itoa(v)) }

func (e *emitter) boolean(n int, k string, v bool) {
	if v {
		e.raw(n, k, "true")
	}
}

func (e *emitter) date(n int, k string, d records.Date) {
	if !d.IsZero() {
		e.raw(n, k, d.String())
	}
}

func (e *emitter) datetime(n int, k string, t records.DateTime) {
	if !t.IsZero() {
		e.raw(n, k, t.In(records.CST).Format("2006-01-02 15:04"))
	}
}

// money writes yuan with two decimals ("290000.00"), the form the finance systems export.
func (e *emitter) money(n int, k string, m records.Money) {
	if m != 0 {
		e.raw(n, k, m.Yuan())
	}
}

// moneyWan writes "29.8万元" when exact, as clerks often do for budgets.
func (e *emitter) moneyWan(n int, k string, m records.Money) {
	if m%10_000 != 0 {
		e.money(n, k, m)
		return
	}
	w := m.Wan()
	w = strings.TrimRight(strings.TrimRight(w, "0"), ".")
	e.raw(n, k, w+"万元")
}

func (e *emitter) score(n int, k string, v float64) {
	e.raw(n, k, strconv.FormatFloat(v, 'f', -1, 64))
}

// markdown writes a literal block scalar.
func (e *emitter) markdown(n int, k string, m records.Markdown) {
	if m.Source == "" {
		return
	}
	e.indent(n)
	e.b = append(e.b, k...)
	e.b = append(e.b, ": |"...)
	if !strings.HasSuffix(m.Source, "\n") {
		e.b = append(e.b, '-')
	}
	e.b = append(e.b, '\n')
	src := strings.TrimSuffix(m.Source, "\n")
	for _, line := range strings.Split(src, "\n") {
		if line != "" {
			for i := 0; i < n+2; i++ {
				e.b = append(e.b, ' ')
			}
			e.b = append(e.b, line...)
		}
		e.b = append(e.b, '\n')
	}
}

// list writes a sequence of plain strings.
func (e *emitter) list(n int, k string, xs []string) {
	if len(xs) == 0 {
		return
	}
	e.key(n, k)
	for _, x := range xs {
		e.indent(n + 2)
		e.b = append(e.b, "- "...)
		e.b = append(e.b, scalar(x)...)
		e.b = append(e.b, '\n')
	}
}

// scalar returns s plain when YAML reads it back as the same string, else double-quoted.
func scalar(s string) string {
	if plainSafe(s) {
		return s
	}
	return strconv.Quote(s)
}

func plainSafe(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`0123456789+.~") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.ContainsAny(s, "\n\t\r") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		return false
	}
	return true
}

func (e *emitter) contact(n int, k string, c records.Contact) {
	e.key(n, k)
	e.str(n+2, "name", c.Name)
	e.str(n+2, "phone", c.Phone)
	e.str(n+2, "email", c.Email)
	e.str(n+2, "address", c.Address)
}

func (e *emitter) site(s *records.Site) {
	e.str(0, "title", s.Title)
	e.str(0, "publisher", s.Publisher)
	e.str(0, "region", s.Region)
	e.str(0, "region_code", s.RegionCode)
	e.str(0, "base_url", s.BaseURL)
	e.str(0, "ocid_prefix", s.OCIDPrefix)
	e.contact(0, "contact", s.Contact)
	e.str(0, "license", s.License)
	e.str(0, "license_url", s.LicenseURL)
	e.str(0, "language", s.Language)
}

func (e *emitter) bodies(bs []*records.Body) {
	e.key(0, "bodies")
	for _, b := range bs {
		e.item()
		e.str(2, "id", b.ID)
		e.str(2, "name", b.Name)
		e.str(2, "kind", b.Kind)
		e.str(2, "parent", b.Parent)
		e.str(2, "credit_code", b.CreditCode)
		e.contact(2, "contact", b.Contact)
	}
}

func (e *emitter) provider(p *records.Provider) {
	e.str(0, "credit_code", p.CreditCode)
	e.str(0, "name", p.Name)
	e.str(0, "kind", p.Kind)
	e.str(0, "grade", p.Grade)
	if len(p.InspectionYears) > 0 {
		var ys []string
		for _, y := range p.InspectionYears {
			ys = append(ys, strconv.Itoa(y))
		}
		e.raw(0, "inspection_years", "["+strings.Join(ys, ", ")+"]")
	}
	e.str(0, "registration_authority", p.RegistrationAuthority)
	e.str(0, "address", p.Address)
	if len(p.Sanctions) > 0 {
		e.key(0, "sanctions")
		for _, s := range p.Sanctions {
			e.item()
			e.date(2, "from", s.From)
			e.date(2, "to", s.To)
			e.str(2, "reason", s.Reason)
			e.str(2, "document", s.Document)
			e.str(2, "decided_by", s.DecidedBy)
			e.boolean(2, "barred", s.Barred)
		}
	}
}

func (e *emitter) catalogue(c *records.Catalogue) {
	e.key(0, "categories")
	var node func(n int, x *records.CatalogueNode)
	node = func(n int, x *records.CatalogueNode) {
		e.item()
		e.str(n, "code", x.Code)
		e.str(n, "name", x.Name)
		e.boolean(n, "excluded", x.Excluded)
		if len(x.Children) > 0 {
			e.key(n, "children")
			for _, ch := range x.Children {
				node(n+2, ch)
			}
		}
	}
	for _, x := range c.Categories {
		node(2, x)
	}
}

func (e *emitter) budget(b *records.BudgetYear) {
	e.integer(0, "year", b.Year)
	e.key(0, "bodies")
	for _, bb := range b.Bodies {
		e.item()
		e.str(2, "body", bb.Body)
		e.key(2, "lines")
		for _, l := range bb.Lines {
			e.item()
			e.str(4, "id", l.ID)
			e.str(4, "name", l.Name)
			e.str(4, "item", l.Item)
			e.moneyWan(4, "amount", l.Amount)
			e.str(4, "source", l.Source)
			e.str(4, "note", l.Note)
		}
	}
}

func (e *emitter) calendar(c *records.Calendar) {
	e.integer(0, "year", c.Year)
	e.str(0, "source", c.Source)
	e.key(0, "holidays")
	for _, h := range c.Holidays {
		e.item()
		e.str(2, "name", h.Name)
		e.date(2, "from", h.From)
		e.date(2, "to", h.To)
	}
	e.key(0, "workdays")
	for _, x := range c.Workdays {
		e.b = append(e.b, "  - "...)
		e.b = append(e.b, x.String()...)
		e.b = append(e.b, '\n')
	}
}

func (e *emitter) period(n int, k string, p records.Period) {
	if p.From.IsZero() && p.To.IsZero() {
		return
	}
	e.key(n, k)
	e.date(n+2, "from", p.From)
	e.date(n+2, "to", p.To)
}

func (e *emitter) project(p *records.Project, wan bool) {
	e.str(0, "id", p.ID)
	e.str(0, "title", p.Title)
	e.str(0, "body", p.Body)
	e.str(0, "item", p.Item)
	e.str(0, "budget_line", p.BudgetLine)
	if wan {
		e.moneyWan(0, "budget", p.Budget)
	} else {
		e.money(0, "budget", p.Budget)
	}
	e.str(0, "funding", p.Funding)
	e.str(0, "form", p.Form)
	e.markdown(0, "summary", p.Summary)
	if len(p.LegalBasis) > 0 {
		e.key(0, "legal_basis")
		for _, l := range p.LegalBasis {
			e.item()
			e.str(2, "number", l.Number)
			e.str(2, "title", l.Title)
		}
	}
	if i := p.Intention; i != nil {
		e.b = append(e.b, '\n')
		e.key(0, "intention")
		e.date(2, "published", i.Published)
		e.raw(2, "expected_month", strconv.Quote(i.ExpectedMonth))
		e.markdown(2, "demand", i.Demand)
		if wan {
			e.moneyWan(2, "budget", i.Budget)
		} else {
			e.money(2, "budget", i.Budget)
		}
	}
	if s := p.SingleSource; s != nil {
		e.b = append(e.b, '\n')
		e.key(0, "single_source_notice")
		e.date(2, "published", s.Published)
		e.date(2, "ends", s.Ends)
		e.str(2, "provider", s.Provider)
		e.markdown(2, "reason", s.Reason)
		e.markdown(2, "expert_opinion", s.ExpertOpinion)
		e.list(2, "experts", s.Experts)
	}
	if c := p.Call; c != nil {
		e.b = append(e.b, '\n')
		e.key(0, "call")
		e.date(2, "published", c.Published)
		e.str(2, "method", c.Method)
		e.str(2, "method_detail", c.MethodDetail)
		if a := c.Approval; a != nil {
			e.key(2, "approval")
			e.str(4, "document", a.Document)
			e.date(4, "date", a.Date)
		}
		e.date(2, "documents_from", c.DocumentsFrom)
		e.date(2, "documents_to", c.DocumentsTo)
		e.str(2, "documents_at", c.DocumentsAt)
		e.datetime(2, "bid_deadline", c.BidDeadline)
		e.key(2, "opening")
		e.datetime(4, "time", c.Opening.Time)
		e.str(4, "place", c.Opening.Place)
		e.money(2, "ceiling", c.Ceiling)
		e.markdown(2, "conditions", c.Conditions)
		e.key(2, "service")
		e.str(4, "scope", c.Service.Scope)
		e.str(4, "quantity", c.Service.Quantity)
		e.str(4, "quality", c.Service.Quality)
		e.period(4, "period", c.Service.Period)
		e.str(4, "place", c.Service.Place)
		e.key(2, "standard")
		e.markdown(4, "text", c.Standard.Text)
		if len(c.Standard.Indicators) > 0 {
			e.key(4, "indicators")
			for _, in := range c.Standard.Indicators {
				e.item()
				e.str(6, "name", in.Name)
				e.integer(6, "weight", in.Weight)
				e.str(6, "description", in.Description)
			}
		}
		e.boolean(2, "consortium", c.Consortium)
		if a := c.Agency; a != nil {
			e.key(2, "agency")
			e.str(4, "name", a.Name)
			e.str(4, "credit_code", a.CreditCode)
			e.contact(4, "contact", a.Contact)
		}
		if len(c.Contacts) > 0 {
			e.key(2, "contacts")
			for _, ct := range c.Contacts {
				e.item()
				e.str(4, "name", ct.Name)
				e.str(4, "phone", ct.Phone)
				e.str(4, "email", ct.Email)
				e.str(4, "address", ct.Address)
			}
		}
	}
	if len(p.Amendments) > 0 {
		e.b = append(e.b, '\n')
		e.key(0, "amendments")
		for _, a := range p.Amendments {
			e.item()
			e.date(2, "published", a.Published)
			e.key(2, "changes")
			for _, ch := range a.Changes {
				e.item()
				e.str(4, "field", ch.Field)
				e.str(4, "from", ch.From)
				e.str(4, "to", ch.To)
			}
			e.str(2, "reason", a.Reason)
			e.datetime(2, "new_deadline", a.NewDeadline)
		}
	}
	if a := p.Award; a != nil {
		e.b = append(e.b, '\n')
		e.key(0, "award")
		e.date(2, "decided", a.Decided)
		e.date(2, "published", a.Published)
		e.key(2, "winners")
		for _, w := range a.Winners {
			e.item()
			e.str(4, "provider", w.Provider)
			e.money(4, "amount", w.Amount)
		}
		e.integer(2, "bids", a.Bids)
		e.list(2, "experts", a.Experts)
		if len(a.Scores) > 0 {
			e.key(2, "scores")
			for _, s := range a.Scores {
				e.item()
				e.str(4, "bidder", s.Bidder)
				if s.Score != 0 {
					e.score(4, "score", s.Score)
				}
				e.integer(4, "rank", s.Rank)
			}
		}
		e.money(2, "agency_fee", a.AgencyFee)
	}
	if k := p.Contract; k != nil {
		e.b = append(e.b, '\n')
		e.key(0, "contract")
		e.str(2, "number", k.Number)
		e.date(2, "signed", k.Signed)
		e.date(2, "published", k.Published)
		e.str(2, "provider", k.Provider)
		e.money(2, "amount", k.Amount)
		e.str(2, "subject", k.Subject)
		e.str(2, "scope", k.Scope)
		e.str(2, "quantity", k.Quantity)
		e.str(2, "quality", k.Quality)
		e.period(2, "period", k.Period)
		e.str(2, "place", k.Place)
		e.str(2, "payment_method", k.PaymentMethod)
		e.markdown(2, "obligations", k.Obligations)
		e.markdown(2, "liability", k.Liability)
	}
	if len(p.Payments) > 0 {
		e.b = append(e.b, '\n')
		e.key(0, "payments")
		for _, x := range p.Payments {
			e.item()
			e.date(2, "date", x.Date)
			e.money(2, "amount", x.Amount)
			e.str(2, "for", x.For)
		}
	}
	if len(p.Evaluations) > 0 {
		e.b = append(e.b, '\n')
		e.key(0, "evaluations")
		for _, v := range p.Evaluations {
			e.item()
			e.str(2, "kind", v.Kind)
			e.date(2, "date", v.Date)
			e.date(2, "published", v.Published)
			e.key(2, "evaluator")
			e.str(4, "kind", v.Evaluator.Kind)
			e.str(4, "name", v.Evaluator.Name)
			e.score(2, "score", v.Score)
			e.str(2, "grade", v.Grade)
			e.key(2, "indicators")
			for _, in := range v.Indicators {
				e.item()
				e.str(4, "name", in.Name)
				e.integer(4, "weight", in.Weight)
				e.score(4, "score", in.Score)
			}
			e.markdown(2, "findings", v.Findings)
			if c := v.Consequence; c != nil {
				e.key(2, "consequence")
				e.str(4, "kind", c.Kind)
				e.str(4, "detail", c.Detail)
				e.date(4, "from", c.From)
				e.date(4, "to", c.To)
			}
		}
	}
	if t := p.Termination; t != nil {
		e.b = append(e.b, '\n')
		e.key(0, "termination")
		e.date(2, "published", t.Published)
		e.markdown(2, "reason", t.Reason)
	}
}
