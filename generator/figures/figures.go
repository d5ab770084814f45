// Package figures computes every money figure the site and the open data publish — budgeted, put
// to tender, awarded, contracted and paid — by year, purchasing body, catalogue category, funding
// source, budget line, project and provider. The home page, the budget, body and provider pages,
// the CSV tables and the OCDS all read these numbers, so no two of them can disagree.
//
// The year basis (统计口径) is one for every figure: a project counts in the budget year
// (预算年度) of its budget line, and so do its award, contract and every payment, whatever the
// calendar year they fall in. A project without a known budget line counts in its folder's year.
// Body, category (类 of the project's catalogue item) and funding source are the project's own.
//
// A figure counts once it is public as of the build date: the amount put to tender once the call
// is published (the project's budget), the award and contract amounts once their notices are
// published, a payment once PaymentPublished says so. Budgeted is every budget line of the year.
package figures

import (
	"sort"

	"github.com/gongkai/gongkai/generator/records"
)

// Amounts is money at each step from budget to payment, in fen, and the number of projects.
type Amounts struct {
	Budgeted   records.Money
	Tendered   records.Money
	Awarded    records.Money
	Contracted records.Money
	Paid       records.Money
	Projects   int // projects with at least one public notice
}

// Add adds o to a.
func (a *Amounts) Add(o Amounts) {
	a.Budgeted += o.Budgeted
	a.Tendered += o.Tendered
	a.Awarded += o.Awarded
	a.Contracted += o.Contracted
	a.Paid += o.Paid
	a.Projects += o.Projects
}

// Payment is one payment that is public as of the build date.
type Payment struct {
	*records.Payment
	Index     int          // 1-based position in the project's payments list
	Published records.Date // the day it became public (see PaymentPublished)
}

// Project is what one project contributes, as of the build date.
type Project struct {
	Year     int    // budget year (see the package comment)
	Body     string // body id
	Category string // catalogue 类 code, "" if the item is unknown
	Source   string // funding source
	Line     string // budget line id
	Amounts
	Payments []Payment // public payments, in list order
}

// PaymentPublished is the day a payment becomes public: the later of its own date and the day
// the contract notice it pays under is published — a payment names its payee, who is public only
// through that notice. Zero when it never becomes public (no contract or no contract notice).
// The project page, the CSV and the OCDS all publish a payment from this day, never earlier.
func PaymentPublished(p *records.Project, pay *records.Payment) records.Date {
	if p.Contract == nil || p.Contract.Published.IsZero() || pay.Date.IsZero() {
		return records.Date{}
	}
	if p.Contract.Published.After(pay.Date) {
		return p.Contract.Published
	}
	return pay.Date
}

// PublicPayments are p's payments public as of asOf, in list order.
func PublicPayments(p *records.Project, asOf records.Date) []Payment {
	var out []Payment
	for i, pay := range p.Payments {
		if d := PaymentPublished(p, pay); public(d, asOf) {
			out = append(out, Payment{Payment: pay, Index: i + 1, Published: d})
		}
	}
	return out
}

// public says whether something dated d is public as of asOf (a zero asOf keeps everything dated).
func public(d, asOf records.Date) bool {
	return !d.IsZero() && (asOf.IsZero() || !d.After(asOf))
}

// AwardTotal is the sum of the award's winners' amounts.
func AwardTotal(a *records.Award) records.Money {
	var t records.Money
	for _, w := range a.Winners {
		t += w.Amount
	}
	return t
}

// BudgetYear is the year a project's figures count in: its budget line's, else its folder's.
func BudgetYear(ds *records.Dataset, p *records.Project) int {
	if l := ds.Index.BudgetLine[p.BudgetLine]; l != nil {
		return l.Year
	}
	return p.Year
}

// Category is the top-level catalogue code (类) of an item, "" if unknown.
func Category(ds *records.Dataset, item string) string {
	n := ds.Index.Item[item]
	if n == nil {
		return ""
	}
	for n.Parent != nil {
		n = n.Parent
	}
	return n.Code
}

// Of is what project p contributes as of asOf.
func Of(ds *records.Dataset, p *records.Project, asOf records.Date) Project {
	f := Project{Year: BudgetYear(ds, p), Body: p.Body, Category: Category(ds, p.Item), Source: p.Funding, Line: p.BudgetLine}
	if len(p.Notices(asOf)) > 0 {
		f.Projects = 1
	}
	if p.Call != nil && public(p.Call.Published, asOf) {
		f.Tendered = p.Budget
	}
	if p.Award != nil && public(p.Award.Published, asOf) {
		f.Awarded = AwardTotal(p.Award)
	}
	if p.Contract != nil && public(p.Contract.Published, asOf) {
		f.Contracted = p.Contract.Amount
	}
	f.Payments = PublicPayments(p, asOf)
	for _, pay := range f.Payments {
		f.Paid += pay.Amount
	}
	return f
}

// Year is one budget year's figures, in total and split three ways.
type Year struct {
	Year   int
	Total  Amounts
	Body   map[string]*Amounts // by body id
	Cat    map[string]*Amounts // by catalogue 类 code
	Source map[string]*Amounts // by funding source
}

// Won is what a provider won: public awards (one per winning) and contracts, counted and summed.
type Won struct {
	Awards     int
	Awarded    records.Money
	Contracts  int
	Contracted records.Money
}

// Table is every figure of a dataset as of a date.
type Table struct {
	AsOf     records.Date
	Years    map[int]*Year
	Line     map[string]*Amounts         // by budget line id
	Project  map[string]Project          // by project id, projects with a public notice only
	Provider map[string]*Won             // by credit code
	BodyYear map[string]map[int]*Amounts // by body id, then budget year
}

// Compute builds the table for ds as of asOf.
func Compute(ds *records.Dataset, asOf records.Date) *Table {
	t := &Table{AsOf: asOf, Years: map[int]*Year{}, Line: map[string]*Amounts{}, Project: map[string]Project{},
		Provider: map[string]*Won{}, BodyYear: map[string]map[int]*Amounts{}}
	for _, by := range ds.Budgets {
		for _, bb := range by.Bodies {
			for _, l := range bb.Lines {
				a := Amounts{Budgeted: l.Amount}
				t.add(by.Year, bb.Body, Category(ds, l.Item), l.Source, a)
				into(t.Line, l.ID, a)
			}
		}
	}
	for _, p := range ds.Projects {
		f := Of(ds, p, asOf)
		if f.Projects == 0 {
			continue // nothing about it is public yet
		}
		t.Project[p.ID] = f
		t.add(f.Year, f.Body, f.Category, f.Source, f.Amounts)
		into(t.Line, f.Line, f.Amounts)
		if p.Award != nil && public(p.Award.Published, asOf) {
			for _, w := range p.Award.Winners {
				won := t.won(w.Provider)
				won.Awards++
				won.Awarded += w.Amount
			}
		}
		if c := p.Contract; c != nil && public(c.Published, asOf) {
			won := t.won(c.Provider)
			won.Contracts++
			won.Contracted += c.Amount
		}
	}
	return t
}

func into(m map[string]*Amounts, k string, a Amounts) {
	if m[k] == nil {
		m[k] = &Amounts{}
	}
	m[k].Add(a)
}

func (t *Table) add(year int, body, cat, source string, a Amounts) {
	y := t.Years[year]
	if y == nil {
		y = &Year{Year: year, Body: map[string]*Amounts{}, Cat: map[string]*Amounts{}, Source: map[string]*Amounts{}}
		t.Years[year] = y
	}
	y.Total.Add(a)
	into(y.Body, body, a)
	into(y.Cat, cat, a)
	into(y.Source, source, a)
	if t.BodyYear[body] == nil {
		t.BodyYear[body] = map[int]*Amounts{}
	}
	if t.BodyYear[body][year] == nil {
		t.BodyYear[body][year] = &Amounts{}
	}
	t.BodyYear[body][year].Add(a)
}

func (t *Table) won(code string) *Won {
	if t.Provider[code] == nil {
		t.Provider[code] = &Won{}
	}
	return t.Provider[code]
}

// YearList is the years with any figure, ascending.
func (t *Table) YearList() []int {
	ys := make([]int, 0, len(t.Years))
	for y := range t.Years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// BodyYears is a body's years with any figure, newest first.
func (t *Table) BodyYears(body string) []int {
	ys := make([]int, 0, len(t.BodyYear[body]))
	for y := range t.BodyYear[body] {
		ys = append(ys, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	return ys
}
