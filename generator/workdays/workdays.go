// Package workdays answers working-day questions (工作日) from the official holiday schedules in
// data/calendar/<year>.yaml: Monday to Friday, minus public holidays, plus the adjusted working
// days (调休上班) the State Council announces each year.
//
// A question that touches a year with no schedule is answered with a *MissingYearError, never a
// guess: weekends alone would silently misjudge every deadline around a holiday.
package workdays

import (
	"fmt"
	"time"

	"github.com/gongkai/gongkai/generator/records"
)

// MissingYearError says a question needed a year for which no calendar file exists.
type MissingYearError struct {
	Year int
}

func (e *MissingYearError) Error() string {
	return fmt.Sprintf("no working-day calendar for %d (data/calendar/%d.yaml)", e.Year, e.Year)
}

// Calendar is an immutable working-day calendar covering the years it was built from.
// The zero value knows no year.
type Calendar struct {
	// One flat table from 1 January of the first known year to 31 December of the last, so a
	// question is index arithmetic: the rules ask a few per project on sites of 10,000 projects.
	first int    // day number of the table's first day
	state []int8 // per day: unknown (its year has no calendar), off, or work
	// upTo[i] and gapsUpTo[i] count the working days and the unknown days among state[:i], so
	// counting over any span is a few lookups however long it is.
	upTo, gapsUpTo []int32
}

const (
	unknown int8 = iota
	off
	work
)

// New builds a calendar from the loaded schedules. A day listed as an adjusted working day
// wins over a holiday run covering it (the official notices never overlap them). Dates outside
// a calendar's own year are applied to their own year when that year is known, else ignored
// (the loader reports them).
func New(cals []*records.Calendar) *Calendar {
	c := &Calendar{}
	lo, hi := 0, -1
	for _, cal := range cals {
		if cal == nil {
			continue
		}
		if hi < lo {
			lo, hi = cal.Year, cal.Year
		}
		lo, hi = min(lo, cal.Year), max(hi, cal.Year)
	}
	if hi < lo {
		return c
	}
	c.first = dayNumber(jan1(lo))
	c.state = make([]int8, dayNumber(jan1(hi+1))-c.first)
	for _, cal := range cals {
		if cal == nil {
			continue
		}
		for d, end := dayNumber(jan1(cal.Year)), dayNumber(jan1(cal.Year+1)); d < end; d++ {
			wd := weekday(d)
			c.state[d-c.first] = work
			if wd == time.Saturday || wd == time.Sunday {
				c.state[d-c.first] = off
			}
		}
	}
	for _, cal := range cals {
		if cal == nil {
			continue
		}
		for _, h := range cal.Holidays {
			if h.From.IsZero() || h.To.IsZero() {
				continue
			}
			for d, end := dayNumber(h.From), dayNumber(h.To); d <= end; d++ {
				c.set(d, off)
			}
		}
	}
	for _, cal := range cals {
		if cal == nil {
			continue
		}
		for _, w := range cal.Workdays {
			if !w.IsZero() {
				c.set(dayNumber(w), work)
			}
		}
	}
	c.upTo = make([]int32, len(c.state)+1)
	c.gapsUpTo = make([]int32, len(c.state)+1)
	for i, s := range c.state {
		c.upTo[i+1], c.gapsUpTo[i+1] = c.upTo[i], c.gapsUpTo[i]
		switch s {
		case work:
			c.upTo[i+1]++
		case unknown:
			c.gapsUpTo[i+1]++
		}
	}
	return c
}

func jan1(y int) records.Date { return records.Date{Year: y, Month: time.January, Day: 1} }

// set changes a day of a known year; days of unknown years stay unknown.
func (c *Calendar) set(day int, s int8) {
	if i := day - c.first; i >= 0 && i < len(c.state) && c.state[i] != unknown {
		c.state[i] = s
	}
}

// Has reports whether the calendar knows the year.
func (c *Calendar) Has(y int) bool {
	i := dayNumber(jan1(y)) - c.first
	return i >= 0 && i < len(c.state) && c.state[i] != unknown
}

// index returns day's place in the table, or the error naming its unknown year.
func (c *Calendar) index(day int) (int, error) {
	i := day - c.first
	if i < 0 || i >= len(c.state) || c.state[i] == unknown {
		return 0, &MissingYearError{Year: civil(day).Year}
	}
	return i, nil
}

func (c *Calendar) isWork(day int) (bool, error) {
	i, err := c.index(day)
	if err != nil {
		return false, err
	}
	return c.state[i] == work, nil
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d records.Date) (bool, error) {
	return c.isWork(dayNumber(d))
}

// AddWorkdays returns the n-th working day after d, not counting d itself: the last day of a
// period of "n working days from d" in the sense of 民法典 第二百零一条 (the starting day is not
// counted). n = 0 returns d; a negative n counts backwards (the n-th working day before d).
//
// Example: AddWorkdays(2025-09-30, 2) = 2025-10-10 (10/1–10/8 are the National Day holiday).
func (c *Calendar) AddWorkdays(d records.Date, n int) (records.Date, error) {
	day, step := dayNumber(d), 1
	if n < 0 {
		n, step = -n, -1
	}
	for n > 0 {
		day += step
		w, err := c.isWork(day)
		if err != nil {
			return records.Date{}, err
		}
		if w {
			n--
		}
	}
	return civil(day), nil
}

// RollOver is the last day of a period counted in calendar days whose nominal last day is d: d
// itself when it is a working day, else the next working day (民法典 第二百零三条: a period whose
// last day is a public holiday or rest day ends on the day after it).
//
// Example: RollOver(2025-10-01) = 2025-10-09 (10/1–10/8 are the National Day holiday).
func (c *Calendar) RollOver(d records.Date) (records.Date, error) {
	day := dayNumber(d)
	for {
		w, err := c.isWork(day)
		if err != nil {
			return records.Date{}, err
		}
		if w {
			return civil(day), nil
		}
		day++
	}
}

// WorkdaysBetween counts the working days d with a < d ≤ b: how many working days after a the
// day b is. It is negative when b is before a, and 0 when they are equal. Every day from a to b
// must be in a known year.
func (c *Calendar) WorkdaysBetween(a, b records.Date) (int, error) {
	if b.Before(a) {
		n, err := c.WorkdaysBetween(b, a)
		return -n, err
	}
	da, db := dayNumber(a), dayNumber(b)
	ia, err := c.index(da)
	if err != nil {
		return 0, err
	}
	ib, err := c.index(db)
	if err != nil {
		return 0, err
	}
	if c.gapsUpTo[ib+1] != c.gapsUpTo[ia] {
		for i := ia; i <= ib; i++ { // a year in between is missing: name the first
			if c.state[i] == unknown {
				return 0, &MissingYearError{Year: civil(c.first + i).Year}
			}
		}
	}
	return int(c.upTo[ib+1] - c.upTo[ia+1]), nil
}

// dayNumber is the number of days from 1970-01-01 to d (proleptic Gregorian), computed without
// time.Time because the rules ask it millions of times on large sites.
func dayNumber(d records.Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil is the inverse of dayNumber.
func civil(n int) records.Date {
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return records.Date{Year: y, Month: time.Month(m), Day: d}
}

func weekday(n int) time.Weekday {
	return time.Weekday(((n % 7) + 7 + 4) % 7) // 1970-01-01 was a Thursday
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
