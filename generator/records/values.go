package records

import (
	"fmt"
	"time"
)

// CST is China Standard Time; every date in the data is a day in this zone.
var CST = time.FixedZone("CST", 8*3600)

// Money is an exact amount in fen (0.01 yuan). Never a float.
type Money int64

// Yuan formats the amount as yuan with two decimals: "290000.00".
func (m Money) Yuan() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d.%02d", sign, int64(m)/100, int64(m)%100)
}

// Wan formats the amount in 万元 with two decimals, rounded half up: "29.00".
func (m Money) Wan() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	// 1 万元 = 1,000,000 fen; keep two decimals = units of 10,000 fen.
	hundredths := (int64(m) + 5000) / 10000
	return fmt.Sprintf("%s%d.%02d", sign, hundredths/100, hundredths%100)
}

// Date is a calendar day (China Standard Time). The zero Date means "not given".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate builds a Date, normalising overflow the way time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, CST))
}

// DateOf returns the CST calendar day of t.
func DateOf(t time.Time) Date {
	t = t.In(CST)
	return Date{t.Year(), t.Month(), t.Day()}
}

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation("2006-01-02", s, CST)
	if err != nil {
		return Date{}, err
	}
	return DateOf(t), nil
}

func (d Date) IsZero() bool       { return d == Date{} }
func (d Date) Time() time.Time    { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, CST) }
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }
func (d Date) Weekday() time.Weekday {
	return d.Time().Weekday()
}

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int { return d.Time().Compare(e.Time()) }
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }

// DaysUntil is the number of calendar days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.Time().Sub(d.Time()).Hours()+12) / 24
}

// String is ISO 8601: "2025-06-05"; "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Chinese is "2025年6月5日".
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

// DateTime is a moment; written without an offset it is +08:00. The zero value means "not given".
type DateTime struct{ time.Time }

// Date is the CST day of the moment.
func (t DateTime) Date() Date { return DateOf(t.Time) }

// Markdown is a block of text a clerk wrote in Markdown, checked and rendered by goldmark at load time.
type Markdown struct {
	Source string // as written
	HTML   string // goldmark output; raw HTML never passes through
}

func (m Markdown) IsZero() bool { return m.Source == "" }
