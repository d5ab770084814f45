package figures

import (
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

func day(m time.Month, d int) records.Date { return records.NewDate(2026, m, d) }

// TestPaymentPublished pins the payment rule: public from the later of the payment's date and
// its contract notice, never without a contract notice.
func TestPaymentPublished(t *testing.T) {
	pay := &records.Payment{Date: day(5, 10), Amount: 100}
	cases := []struct {
		name     string
		contract *records.Contract
		want     records.Date
	}{
		{"no contract", nil, records.Date{}},
		{"contract not yet noticed", &records.Contract{Signed: day(5, 1)}, records.Date{}},
		{"contract noticed before the payment", &records.Contract{Published: day(5, 3)}, day(5, 10)},
		{"contract noticed after the payment", &records.Contract{Published: day(6, 1)}, day(6, 1)},
	}
	for _, c := range cases {
		p := &records.Project{Contract: c.contract, Payments: []*records.Payment{pay}}
		if got := PaymentPublished(p, pay); got != c.want {
			t.Errorf("%s: published %v, want %v", c.name, got, c.want)
		}
	}
	p := &records.Project{Contract: &records.Contract{Published: day(6, 1)}, Payments: []*records.Payment{pay}}
	if got := PublicPayments(p, day(5, 31)); len(got) != 0 {
		t.Errorf("before the contract notice: %d public payments, want 0", len(got))
	}
	if got := PublicPayments(p, day(6, 1)); len(got) != 1 || got[0].Index != 1 || got[0].Published != day(6, 1) {
		t.Errorf("on the contract notice's day: %+v, want payment 1 public since 6-01", got)
	}
}

// TestComputeBudgetYear: a payment made in a later calendar year counts in the budget year of
// the project's line, like every other figure of the project, and sums by body, category and
// source add up to the year's total.
func TestComputeBudgetYear(t *testing.T) {
	a := &records.CatalogueNode{Code: "A", Level: 1}
	a01 := &records.CatalogueNode{Code: "A01", Level: 2, Parent: a}
	a0101 := &records.CatalogueNode{Code: "A0101", Level: 3, Parent: a01}
	line := &records.BudgetLine{ID: "L1", Item: "A0101", Amount: 1000, Source: "一般公共预算", Year: 2025, Body: "mz"}
	p := &records.Project{ID: "P1", Body: "mz", Item: "A0101", BudgetLine: "L1", Budget: 900, Funding: "一般公共预算", Year: 2025,
		Call:     &records.Call{Published: records.NewDate(2025, 3, 1)},
		Award:    &records.Award{Published: records.NewDate(2025, 5, 1), Winners: []records.Winner{{Provider: "X", Amount: 800}}},
		Contract: &records.Contract{Published: records.NewDate(2025, 6, 1), Provider: "X", Amount: 800},
		Payments: []*records.Payment{{Date: records.NewDate(2025, 7, 1), Amount: 300}, {Date: records.NewDate(2026, 2, 1), Amount: 500}},
	}
	ds := &records.Dataset{
		Budgets:  []*records.BudgetYear{{Year: 2025, Bodies: []*records.BodyBudget{{Body: "mz", Lines: []*records.BudgetLine{line}}}}},
		Projects: []*records.Project{p},
		Index: records.Index{BudgetLine: map[string]*records.BudgetLine{"L1": line},
			Item: map[string]*records.CatalogueNode{"A": a, "A01": a01, "A0101": a0101}},
	}
	tb := Compute(ds, records.NewDate(2026, 12, 1))
	if _, ok := tb.Years[2026]; ok {
		t.Errorf("a payment dated 2026 made a 2026 row; it belongs to budget year 2025")
	}
	want := Amounts{Budgeted: 1000, Tendered: 900, Awarded: 800, Contracted: 800, Paid: 800, Projects: 1}
	y := tb.Years[2025]
	if y == nil || y.Total != want {
		t.Fatalf("2025 = %+v, want %+v", y, want)
	}
	for name, m := range map[string]map[string]*Amounts{"body": y.Body, "category": y.Cat, "source": y.Source} {
		var sum Amounts
		for _, a := range m {
			sum.Add(*a)
		}
		if sum != want {
			t.Errorf("by %s sums to %+v, want %+v", name, sum, want)
		}
	}
	if got := *tb.Line["L1"]; got != want {
		t.Errorf("line L1 = %+v, want %+v", got, want)
	}
	if w := tb.Provider["X"]; w == nil || w.Awarded != 800 || w.Contracted != 800 || w.Awards != 1 || w.Contracts != 1 {
		t.Errorf("provider X won %+v", w)
	}
	// Before the contract notice nothing is contracted or paid.
	tb = Compute(ds, records.NewDate(2025, 5, 31))
	if got := tb.Years[2025].Total; got.Contracted != 0 || got.Paid != 0 || got.Awarded != 800 {
		t.Errorf("as of 2025-05-31: %+v, want awarded only", got)
	}
}
