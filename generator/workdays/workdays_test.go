package workdays

import (
	"errors"
	"math/rand"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

func d(s string) records.Date {
	t, err := records.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// official is the 国务院办公厅 schedule for 2025 and 2026, as in generator/rules/testdata/holidays.md
// (the rules package checks its own fixture and the shipped data/calendar files against that table).
func official() *Calendar {
	hol := func(from, to string) records.Holiday { return records.Holiday{From: d(from), To: d(to)} }
	return New([]*records.Calendar{
		{Year: 2025,
			Holidays: []records.Holiday{hol("2025-01-01", "2025-01-01"), hol("2025-01-28", "2025-02-04"),
				hol("2025-04-04", "2025-04-06"), hol("2025-05-01", "2025-05-05"), hol("2025-05-31", "2025-06-02"),
				hol("2025-10-01", "2025-10-08")},
			Workdays: []records.Date{d("2025-01-26"), d("2025-02-08"), d("2025-04-27"), d("2025-09-28"), d("2025-10-11")}},
		{Year: 2026,
			Holidays: []records.Holiday{hol("2026-01-01", "2026-01-03"), hol("2026-02-15", "2026-02-23"),
				hol("2026-04-04", "2026-04-06"), hol("2026-05-01", "2026-05-05"), hol("2026-06-19", "2026-06-21"),
				hol("2026-09-25", "2026-09-27"), hol("2026-10-01", "2026-10-07")},
			Workdays: []records.Date{d("2026-01-04"), d("2026-02-14"), d("2026-02-28"), d("2026-05-09"), d("2026-09-20"), d("2026-10-10")}},
	})
}

func TestIsWorkday(t *testing.T) {
	c := official()
	tests := []struct {
		day  string
		want bool
		why  string
	}{
		{"2025-01-01", false, "New Year, a Wednesday"},
		{"2025-01-02", true, "ordinary Thursday"},
		{"2025-01-26", true, "adjusted working Sunday"},
		{"2025-02-04", false, "last day of Spring Festival"},
		{"2025-02-08", true, "adjusted working Saturday"},
		{"2025-06-07", false, "ordinary Saturday"},
		{"2025-09-28", true, "adjusted working Sunday before National Day"},
		{"2025-10-08", false, "last day of National Day holiday"},
		{"2025-10-09", true, "Thursday after the holiday"},
		{"2025-10-11", true, "adjusted working Saturday"},
		{"2025-10-12", false, "Sunday"},
		{"2026-01-04", true, "adjusted working Sunday"},
		{"2026-02-14", true, "adjusted working Saturday"},
		{"2026-02-23", false, "Monday inside Spring Festival"},
		{"2026-02-24", true, "first Tuesday after Spring Festival"},
		{"2026-02-28", true, "adjusted working Saturday"},
		{"2026-09-25", false, "Mid-Autumn Friday"},
		{"2026-10-10", true, "adjusted working Saturday"},
	}
	for _, tt := range tests {
		got, err := c.IsWorkday(d(tt.day))
		if err != nil || got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v (%s)", tt.day, got, err, tt.want, tt.why)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	c := official()
	tests := []struct {
		from    string
		n       int
		want    string
		missing int // year reported missing, 0 if none
	}{
		{"2025-09-30", 2, "2025-10-10", 0}, // the boundary: award fixed before National Day
		{"2026-02-13", 2, "2026-02-24", 0}, // the boundary: adjusted Saturday, then Spring Festival
		{"2025-09-26", 1, "2025-09-28", 0}, // Friday → adjusted working Sunday
		{"2025-06-06", 1, "2025-06-09", 0}, // Friday → Monday
		{"2025-06-06", 0, "2025-06-06", 0},
		{"2025-06-07", 0, "2025-06-07", 0}, // n = 0 never moves, even off a day off
		{"2025-10-10", -2, "2025-09-30", 0},
		{"2025-12-31", 1, "2026-01-04", 0}, // across the year: 1/1–1/3 off, 1/4 adjusted Sunday
		{"2025-05-30", 5, "2025-06-09", 0}, // Dragon Boat: 5/31–6/2 off
		{"2026-12-30", 2, "", 2027},
		{"2025-01-02", -2, "", 2024},
	}
	for _, tt := range tests {
		got, err := c.AddWorkdays(d(tt.from), tt.n)
		if tt.missing != 0 {
			var m *MissingYearError
			if !errors.As(err, &m) || m.Year != tt.missing {
				t.Errorf("AddWorkdays(%s, %d) = %v, %v; want missing %d", tt.from, tt.n, got, err, tt.missing)
			}
			continue
		}
		if err != nil || got != d(tt.want) {
			t.Errorf("AddWorkdays(%s, %d) = %v, %v; want %s", tt.from, tt.n, got, err, tt.want)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := official()
	tests := []struct {
		a, b    string
		want    int
		missing int
	}{
		{"2025-09-30", "2025-10-10", 2, 0},
		{"2025-10-10", "2025-09-30", -2, 0},
		{"2025-06-09", "2025-06-09", 0, 0},
		{"2025-06-06", "2025-06-08", 0, 0},   // a weekend has no working days
		{"2025-12-31", "2026-01-05", 2, 0},   // 2026-01-04 (adjusted) and 01-05
		{"2025-01-01", "2025-12-31", 248, 0}, // 1/1 itself is a holiday, so (a, b] still counts all 248
		{"2024-12-31", "2025-12-31", 0, 2024},
		{"2026-12-31", "2027-01-10", 0, 2027},
		{"2025-01-01", "2027-01-01", 0, 2027},
	}
	for _, tt := range tests {
		got, err := c.WorkdaysBetween(d(tt.a), d(tt.b))
		if tt.missing != 0 {
			var m *MissingYearError
			if !errors.As(err, &m) || m.Year != tt.missing {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want missing %d", tt.a, tt.b, got, err, tt.missing)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tt.a, tt.b, got, err, tt.want)
		}
	}
}

// TestYearTotals checks the yearly totals: since the 2025 revision of 全国年节及纪念日放假办法
// there are 13 public holidays, and the adjusted working days only move days off around, so
// 2025 and 2026 each have 365 − 104 weekend days − 13 = 248 working days.
func TestYearTotals(t *testing.T) {
	c := official()
	for _, y := range []int{2025, 2026} {
		n := 0
		for day := records.NewDate(y, time.January, 1); day.Year == y; day = day.AddDays(1) {
			if w, _ := c.IsWorkday(day); w {
				n++
			}
		}
		if n != 248 {
			t.Errorf("%d has %d working days, want 248", y, n)
		}
	}
}

// TestConsistency cross-checks the three functions against a brute-force count on random spans.
func TestConsistency(t *testing.T) {
	c := official()
	r := rand.New(rand.NewSource(1))
	start := d("2025-01-01")
	for range 2000 {
		a := start.AddDays(r.Intn(700))
		b := a.AddDays(r.Intn(30))
		brute := 0
		for x := a.AddDays(1); !x.After(b); x = x.AddDays(1) {
			if w, _ := c.IsWorkday(x); w {
				brute++
			}
		}
		got, err := c.WorkdaysBetween(a, b)
		if err != nil || got != brute {
			t.Fatalf("WorkdaysBetween(%v, %v) = %d, %v; brute force %d", a, b, got, err, brute)
		}
		n := r.Intn(8)
		e, err := c.AddWorkdays(a, n)
		if err != nil {
			continue // ran past 2026
		}
		if back, _ := c.WorkdaysBetween(a, e); back != n {
			t.Fatalf("WorkdaysBetween(%v, AddWorkdays(%v, %d) = %v) = %d", a, a, n, e, back)
		}
		if w, _ := c.IsWorkday(e); n > 0 && !w {
			t.Fatalf("AddWorkdays(%v, %d) = %v is not a working day", a, n, e)
		}
	}
}

func TestDayNumber(t *testing.T) {
	for _, y := range []int{1600, 1899, 1900, 1970, 2000, 2024, 2025, 2100, 2400} {
		for day := 0; day < 370; day += 7 {
			tm := time.Date(y, 1, 1+day, 0, 0, 0, 0, time.UTC)
			want := int(tm.Unix() / 86400) // floor: every tm is at midnight UTC
			rd := records.Date{Year: tm.Year(), Month: tm.Month(), Day: tm.Day()}
			if got := dayNumber(rd); got != want {
				t.Fatalf("dayNumber(%v) = %d, want %d", rd, got, want)
			}
			if got := civil(want); got != rd {
				t.Fatalf("civil(%d) = %v, want %v", want, got, rd)
			}
			if got := weekday(want); got != tm.Weekday() {
				t.Fatalf("weekday(%v) = %v, want %v", rd, got, tm.Weekday())
			}
		}
	}
}

func TestZeroCalendar(t *testing.T) {
	var c Calendar
	if _, err := c.IsWorkday(d("2025-06-09")); err == nil {
		t.Fatal("zero Calendar answered without a schedule")
	}
}

func TestGapYear(t *testing.T) {
	c := New([]*records.Calendar{{Year: 2025}, {Year: 2027}})
	if !c.Has(2025) || c.Has(2026) || !c.Has(2027) || c.Has(2028) {
		t.Fatal("Has")
	}
	var m *MissingYearError
	if _, err := c.WorkdaysBetween(d("2025-12-30"), d("2027-01-05")); !errors.As(err, &m) || m.Year != 2026 {
		t.Errorf("span over a missing year: %v", err)
	}
	if _, err := c.AddWorkdays(d("2025-12-31"), 1); !errors.As(err, &m) || m.Year != 2026 {
		t.Errorf("AddWorkdays into a missing year: %v", err)
	}
	// Without holidays a year is plain Monday–Friday.
	if n, err := c.WorkdaysBetween(d("2027-01-03"), d("2027-01-10")); err != nil || n != 5 {
		t.Errorf("a plain week: %d, %v", n, err)
	}
}

func TestRollOver(t *testing.T) {
	c := official()
	tests := []struct {
		last, want string
		why        string
	}{
		{"2025-10-01", "2025-10-09", "国庆 10/1–10/8 off: a period ending on National Day ends on Thursday 10/9"},
		{"2025-10-08", "2025-10-09", "last holiday day → the next day"},
		{"2025-10-11", "2025-10-11", "adjusted working Saturday: no roll-over"},
		{"2025-10-12", "2025-10-13", "ordinary Sunday → Monday"},
		{"2025-09-28", "2025-09-28", "adjusted working Sunday before National Day"},
		{"2026-02-15", "2026-02-24", "春节 2026: 2/15–2/23 off → Tuesday 2/24"},
		{"2026-02-14", "2026-02-14", "adjusted working Saturday before Spring Festival"},
		{"2025-01-28", "2025-02-05", "春节 2025: 1/28–2/4 off → Wednesday 2/5"},
		{"2025-06-09", "2025-06-09", "an ordinary Monday stays"},
		{"2025-12-31", "2025-12-31", "a Wednesday"},
		{"2026-01-01", "2026-01-04", "元旦 2026: 1/1–1/3 off, then the adjusted working Sunday"},
	}
	for _, tt := range tests {
		if got, err := c.RollOver(d(tt.last)); err != nil || got != d(tt.want) {
			t.Errorf("RollOver(%s) = %v, %v; want %s (%s)", tt.last, got, err, tt.want, tt.why)
		}
	}
	var m *MissingYearError
	if _, err := c.RollOver(d("2027-01-01")); !errors.As(err, &m) || m.Year != 2027 {
		t.Errorf("RollOver into a missing year: %v", err)
	}
	if _, err := c.RollOver(d("2026-12-31")); err != nil { // a Thursday: no need to look further
		t.Errorf("RollOver(2026-12-31): %v", err)
	}
}
