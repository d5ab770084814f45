package records

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadFixture(t *testing.T, f fixture) *Project {
	t.Helper()
	ds, diags := Load(f.write(t))
	if diags.Errors() > 0 {
		t.Fatalf("fixture does not load: %v", diags)
	}
	return ds.Index.Project["SLS-2025-001"]
}

// TestCallAsOf: the call as first published until the correction's day, corrected from then on,
// and the project's own call never rewritten.
func TestCallAsOf(t *testing.T) {
	f := validFixture()
	// A second correction on a money field written two ways, and a Markdown passage.
	f.replace(t, proj, "award:\n", `  - published: 2025-05-20
    reason: 调整限价和条件
    changes:
      - field: 最高限价
        from: 50万元
        to: 490,000.00元
      - field: conditions
        from: 独立法人
        to: 独立法人或其他组织
award:
`)
	p := loadFixture(t, f)
	for _, c := range []struct {
		day, place, ceiling, conditions string
		corrections                     int
	}{
		{"2025-05-05", "", "", "", 0},
		{"2025-05-14", "示例市公共资源交易中心开标室", "500000.00", "具有独立法人资格。\n", 0},
		{"2025-05-15", "示例市公共资源交易中心第二开标室", "500000.00", "具有独立法人资格。\n", 1},
		{"2025-05-20", "示例市公共资源交易中心第二开标室", "490000.00", "具有独立法人或其他组织资格。\n", 3},
		{"", "示例市公共资源交易中心第二开标室", "490000.00", "具有独立法人或其他组织资格。\n", 3},
	} {
		var d Date
		if c.day != "" {
			d = day(c.day)
		}
		call := p.CallAsOf(d)
		if c.place == "" {
			if call != nil {
				t.Errorf("%s: the call is not public yet, got one", c.day)
			}
			continue
		}
		if call.Opening.Place != c.place || call.Ceiling.Yuan() != c.ceiling || call.Conditions.Source != c.conditions {
			t.Errorf("%s: call = %q, %s, %q; want %q, %s, %q", c.day, call.Opening.Place, call.Ceiling.Yuan(), call.Conditions.Source, c.place, c.ceiling, c.conditions)
		}
		if got := len(p.CorrectionsAsOf(d)); got != c.corrections {
			t.Errorf("%s: %d corrected fields, want %d", c.day, got, c.corrections)
		}
	}
	if p.Call.Opening.Place != "示例市公共资源交易中心开标室" || p.Call.Ceiling.Yuan() != "500000.00" {
		t.Errorf("the call as published was rewritten: %q, %s", p.Call.Opening.Place, p.Call.Ceiling.Yuan())
	}
	cs := p.CorrectionsAsOf(Date{})
	if cs[0].Field.Path != "opening.place" || cs[0].Original != "示例市公共资源交易中心开标室" || cs[0].Amendment != 1 ||
		cs[1].Field.Path != "ceiling" || cs[1].Original != "500000.00" || cs[1].Current != "490000.00" || cs[1].Amendment != 2 || cs[1].Published != day("2025-05-20") {
		t.Errorf("corrections = %+v", cs)
	}
}

// TestStatusAsOf walks the fixture project through its phases.
func TestStatusAsOf(t *testing.T) {
	p := loadFixture(t, validFixture())
	for _, c := range []struct {
		day   string
		phase Phase
		since string
	}{
		{"2025-03-01", PhasePlanned, "2025-03-01"},
		{"2025-05-06", PhaseOpen, "2025-05-06"},
		{"2025-05-27", PhaseOpen, "2025-05-06"},
		{"2025-05-28", PhaseEvaluating, "2025-05-27"},
		{"2025-06-04", PhaseAwarded, "2025-06-04"},
		{"2025-06-23", PhasePerforming, "2025-06-23"},
	} {
		s := p.StatusAsOf(day(c.day))
		if s.Phase != c.phase || s.Since.String() != c.since {
			t.Errorf("%s: %s since %s, want %s since %s", c.day, s.Phase, s.Since, c.phase, c.since)
		}
	}
	s := p.StatusAsOf(day("2025-06-04"))
	if len(s.Winners) != 1 || s.Awarded.Yuan() != "480000.00" || s.Contract != nil || s.Corrections != 1 {
		t.Errorf("awarded status = %+v", s)
	}
	if s := p.StatusAsOf(day("2025-05-20")); s.Deadline.Format("2006-01-02 15:04") != "2025-05-27 09:30" {
		t.Errorf("deadline in force = %v", s.Deadline)
	}
	f := validFixture()
	f.replace(t, proj, "    reason: 更正开标地点\n", "    reason: 更正开标地点\n    new_deadline: 2025-05-30 09:30\n")
	if s := loadFixture(t, f).StatusAsOf(day("2025-05-29")); s.Phase != PhaseOpen || s.Deadline.Format("2006-01-02 15:04") != "2025-05-30 09:30" {
		t.Errorf("a moved deadline keeps the call open: %s until %v", s.Phase, s.Deadline)
	}
}

// TestREADMEListsCallFields keeps the README's table of correctable fields in step with the code.
func TestREADMEListsCallFields(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range CallFields() {
		row := "| `" + f.Path + "` | " + f.Label + " |"
		if !strings.Contains(string(b), row) {
			t.Errorf("README has no row %q", row)
		}
		for _, a := range f.Aliases {
			if f, ok := CallFieldNamed(a); !ok || !strings.Contains(string(b), a) {
				t.Errorf("alias %s (of %s) not resolved or not in README", a, f.Path)
			}
		}
	}
}
