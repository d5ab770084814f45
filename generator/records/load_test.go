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

// TestLoadDeterministic: files are parsed in parallel, yet two loads of the same broken data
// report the same diagnostics in the same order.
func TestLoadDeterministic(t *testing.T) {
	f := validFixture()
	f.replace(t, fixtureProject, "budget: 50万元\nfunding", "budget: 50万美元\nfunding")
	f.replace(t, fixtureProject, "  ceiling: 500000", "  cieling: 500000")
	f["data/projects/2025/SLS-2025-002.yaml"] = "id: SLS-2025-002\ntitle: x\n"
	f["data/providers/52530100MJ0000002H.yaml"] = "credit_code: 52530100MJ0000002X\n"
	f["data/stray.md"] = "x"
	root := f.write(t)
	_, first := Load(root)
	if len(first) < 8 {
		t.Fatalf("expected many diagnostics, got %d", len(first))
	}
	for range 5 {
		_, again := Load(root)
		if len(again) != len(first) {
			t.Fatalf("%d diagnostics, then %d", len(first), len(again))
		}
		for i := range first {
			if first[i] != again[i] {
				t.Fatalf("diagnostic %d differs:\n%+v\n%+v", i, first[i], again[i])
			}
		}
	}
}
