package synth

import (
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

// officialCalendars are the 国务院办公厅 holiday schedules of compliance.md. Only these years get a
// calendar file: inventing a schedule for another year would hide the rules' "calendar missing"
// finding behind made-up data.
var officialCalendars = map[int]records.Calendar{
	2025: {
		Year:   2025,
		Source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
		Holidays: []records.Holiday{
			{Name: "元旦", From: d(2025, 1, 1), To: d(2025, 1, 1)},
			{Name: "春节", From: d(2025, 1, 28), To: d(2025, 2, 4)},
			{Name: "清明节", From: d(2025, 4, 4), To: d(2025, 4, 6)},
			{Name: "劳动节", From: d(2025, 5, 1), To: d(2025, 5, 5)},
			{Name: "端午节", From: d(2025, 5, 31), To: d(2025, 6, 2)},
			{Name: "国庆节、中秋节", From: d(2025, 10, 1), To: d(2025, 10, 8)},
		},
		Workdays: []records.Date{d(2025, 1, 26), d(2025, 2, 8), d(2025, 4, 27), d(2025, 9, 28), d(2025, 10, 11)},
	},
	2026: {
		Year:   2026,
		Source: "国务院办公厅关于2026年部分节假日安排的通知",
		Holidays: []records.Holiday{
			{Name: "元旦", From: d(2026, 1, 1), To: d(2026, 1, 3)},
			{Name: "春节", From: d(2026, 2, 15), To: d(2026, 2, 23)},
			{Name: "清明节", From: d(2026, 4, 4), To: d(2026, 4, 6)},
			{Name: "劳动节", From: d(2026, 5, 1), To: d(2026, 5, 5)},
			{Name: "端午节", From: d(2026, 6, 19), To: d(2026, 6, 21)},
			{Name: "中秋节", From: d(2026, 9, 25), To: d(2026, 9, 27)},
			{Name: "国庆节", From: d(2026, 10, 1), To: d(2026, 10, 7)},
		},
		Workdays: []records.Date{d(2026, 1, 4), d(2026, 2, 14), d(2026, 2, 28), d(2026, 5, 9), d(2026, 9, 20), d(2026, 10, 10)},
	},
}

func d(y int, m time.Month, day int) records.Date { return records.Date{Year: y, Month: m, Day: day} }

// workdays answers "is this a working day" from the official schedules, falling back to
// Monday–Friday for years without one (only dates the synthetic world never publishes on).
type workdays struct {
	off, on map[records.Date]bool
}

func newWorkdays() workdays {
	w := workdays{off: map[records.Date]bool{}, on: map[records.Date]bool{}}
	for _, c := range officialCalendars {
		for _, h := range c.Holidays {
			for x := h.From; !x.After(h.To); x = x.AddDays(1) {
				w.off[x] = true
			}
		}
		for _, x := range c.Workdays {
			w.on[x] = true
		}
	}
	return w
}

func (w workdays) is(x records.Date) bool {
	if w.on[x] {
		return true
	}
	if w.off[x] {
		return false
	}
	wd := x.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// next returns x if it is a working day, else the next one.
func (w workdays) next(x records.Date) records.Date {
	for !w.is(x) {
		x = x.AddDays(1)
	}
	return x
}

// add returns the n-th working day after x (n ≥ 0; add(x, 0) is next(x)).
func (w workdays) add(x records.Date, n int) records.Date {
	x = w.next(x)
	for n > 0 {
		x = x.AddDays(1)
		if w.is(x) {
			n--
		}
	}
	return x
}
