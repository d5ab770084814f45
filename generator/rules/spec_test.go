package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

// repoRoot is the repository root, from this package's directory.
const repoRoot = "../.."

// specSchedules parses the holiday table of testdata/holidays.md (the 国务院办公厅 notices), the
// external truth:
//
//	| 2025 | 1/1; 1/28–2/4; … | 1/26, 2/8, … |
//
// into, per year, the set of days off and the set of adjusted working days.
func specSchedules(t *testing.T) map[int][2]map[records.Date]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "holidays.md"))
	if err != nil {
		t.Fatalf("the holiday table: %v", err)
	}
	row := regexp.MustCompile(`^\|\s*(\d{4})\s*\|([^|]*)\|([^|]*)\|\s*$`)
	md := regexp.MustCompile(`^(\d{1,2})/(\d{1,2})$`)
	parseDay := func(y int, s string) records.Date {
		m := md.FindStringSubmatch(strings.TrimSpace(s))
		if m == nil {
			t.Fatalf("holidays.md: bad day %q", s)
		}
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		return records.Date{Year: y, Month: time.Month(mo), Day: d}
	}
	out := map[int][2]map[records.Date]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		m := row.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		offDays, workDays := map[records.Date]bool{}, map[records.Date]bool{}
		for _, part := range strings.Split(m[2], ";") {
			from, to, isRange := strings.Cut(part, "–")
			first := parseDay(y, from)
			last := first
			if isRange {
				last = parseDay(y, to)
			}
			for d := first; !d.After(last); d = d.AddDays(1) {
				offDays[d] = true
			}
		}
		for _, part := range strings.Split(m[3], ",") {
			workDays[parseDay(y, part)] = true
		}
		out[y] = [2]map[records.Date]bool{offDays, workDays}
	}
	if len(out) == 0 {
		t.Fatal("holidays.md: no holiday table found")
	}
	return out
}

// schedules flattens calendars the same way.
func schedules(cals []*records.Calendar) map[int][2]map[records.Date]bool {
	out := map[int][2]map[records.Date]bool{}
	for _, c := range cals {
		offDays, workDays := map[records.Date]bool{}, map[records.Date]bool{}
		for _, h := range c.Holidays {
			for d := h.From; !d.After(h.To); d = d.AddDays(1) {
				offDays[d] = true
			}
		}
		for _, w := range c.Workdays {
			workDays[w] = true
		}
		out[c.Year] = [2]map[records.Date]bool{offDays, workDays}
	}
	return out
}

func TestFixtureMatchesSpec(t *testing.T) {
	spec := specSchedules(t)
	if len(spec) != 2 || len(spec[2025][0]) != 28 || len(spec[2026][1]) != 6 {
		t.Fatalf("parsed the spec table wrong: %d years, %d days off in 2025, %d working days in 2026",
			len(spec), len(spec[2025][0]), len(spec[2026][1]))
	}
	if got := schedules(officialCalendars()); !reflect.DeepEqual(got, spec) {
		t.Errorf("test fixture differs from holidays.md")
	}
}

// loadSample loads the shipped sample data, failing on any error.
func loadSample(t *testing.T) *records.Dataset {
	t.Helper()
	ds, diags := records.Load(repoRoot)
	if diags.Errors() > 0 {
		for _, d := range diags {
			t.Log(d.Pos, d.Code, d.Message)
		}
		t.Fatalf("sample data: %d errors", diags.Errors())
	}
	return ds
}

func TestCalendarFilesMatchSpec(t *testing.T) {
	ds := loadSample(t)
	spec := specSchedules(t)
	got := schedules(ds.Calendars)
	for y, want := range spec {
		g, ok := got[y]
		if !ok {
			t.Errorf("data/calendar/%d.yaml missing", y)
			continue
		}
		for i, what := range []string{"days off", "adjusted working days"} {
			for d := range want[i] {
				if !g[i][d] {
					t.Errorf("data/calendar/%d.yaml: %s lacks %s", y, what, d)
				}
			}
			for d := range g[i] {
				if !want[i][d] {
					t.Errorf("data/calendar/%d.yaml: %s has %s, not in holidays.md", y, what, d)
				}
			}
		}
	}
	for y := range got {
		if _, ok := spec[y]; !ok {
			t.Errorf("data/calendar/%d.yaml is not in holidays.md's table", y)
		}
	}
}
