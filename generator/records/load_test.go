package records

import (
	"testing"
)

func TestLoadValidFixture(t *testing.T) {
	root := validFixture().write(t)
	ds, diags := Load(root)
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s: %s %s", d.Pos, d.Code, d.Message)
	}
	if len(ds.Projects) != 1 || len(ds.Bodies) != 1 || len(ds.Providers) != 2 || len(ds.Budgets) != 1 || len(ds.Calendars) != 1 {
		t.Fatalf("counts: projects %d bodies %d providers %d budgets %d calendars %d",
			len(ds.Projects), len(ds.Bodies), len(ds.Providers), len(ds.Budgets), len(ds.Calendars))
	}
	p := ds.Index.Project["SLS-2025-001"]
	if p == nil {
		t.Fatal("project not indexed")
	}
	if p.Budget != 50_000_000 || p.Award.Winners[0].Amount != 48_000_000 || p.Contract.Amount != 48_000_000 {
		t.Errorf("money: budget %d, award %d, contract %d", p.Budget, p.Award.Winners[0].Amount, p.Contract.Amount)
	}
	if got := p.Call.BidDeadline.Format("2006-01-02T15:04:05-07:00"); got != "2025-05-27T09:30:00+08:00" {
		t.Errorf("bid deadline = %s", got)
	}
	if p.File != fixtureProject || p.Year != 2025 {
		t.Errorf("File %q Year %d", p.File, p.Year)
	}
	if pos := p.Call.At("ceiling"); pos.File != fixtureProject || pos.Line != 32 || pos.Column != 12 {
		t.Errorf("ceiling position = %v, want %s:32:12", pos, fixtureProject)
	}
	if p.Summary.HTML == "" || p.Summary.Source == "" {
		t.Errorf("summary not rendered: %+v", p.Summary)
	}
	item := ds.Index.Item["A0101"]
	if item == nil || item.Level != 3 || item.Parent == nil || item.Parent.Code != "A01" {
		t.Errorf("catalogue link: %+v", item)
	}
	if l := ds.Index.BudgetLine["MZ-2025-01"]; l == nil || l.Year != 2025 || l.Body != "mz" || l.Amount != 100_000_000 {
		t.Errorf("budget line: %+v", l)
	}
}
