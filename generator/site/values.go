package site

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gongkai/gongkai/generator/records"
)

// The values below are how amounts and dates travel to the templates: every form a page shows
// is computed here once, so templates only choose by language and never do arithmetic.

// money is an amount as the templates show it: 万元 for reading, exact yuan for hover, tables
// and machines.
type money struct {
	Wan  string `json:"wan"`  // "29.00" (万元)
	Yuan string `json:"yuan"` // "290,000.00" (元, grouped)
	Raw  string `json:"raw"`  // "290000.00", the <data value>
	En   string `json:"en"`   // "CNY 2.86 million", "CNY 368,600": the English edition's reading form
}

// Amounts and days repeat from page to page (a site of 10,000 projects shows a few hundred days,
// and each amount on several pages), so their forms are made once per process and shared: the
// templates' values are never changed after they are made.
var moneys sync.Map // records.Money → *money

// dates holds the days of the years firstYear to firstYear+len(dates)/372-1 by 372 a year
// (12 × 31): a lock-free look-up, since every page shows several. A race makes two equal values,
// one of which is kept.
var dates [100 * 372]atomic.Pointer[date]

const firstYear = 2000

func moneyOf(m records.Money) *money {
	if v, ok := moneys.Load(m); ok {
		return v.(*money)
	}
	v, _ := moneys.LoadOrStore(m, &money{Wan: m.Wan(), Yuan: groupYuan(m.Yuan()), Raw: m.Yuan(), En: english(m)})
	return v.(*money)
}

// english is an amount as an English reader expects it: millions with two decimals from one
// million yuan up, whole yuan below; rounded half up, exact yuan stay in the title and tables.
func english(m records.Money) string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	const fenPerMillion = 100 * 1000000
	if m >= fenPerMillion {
		h := (int64(m) + fenPerMillion/200) / (fenPerMillion / 100) // hundredths of a million
		return fmt.Sprintf("CNY %s%s.%02d million", sign, groupYuan(strconv.FormatInt(h/100, 10)), h%100)
	}
	return "CNY " + sign + groupYuan(strconv.FormatInt((int64(m)+50)/100, 10))
}

// optMoney is nil for a zero amount, so "not stated" and 0.00 are told apart in templates.
func optMoney(m records.Money) *money {
	if m == 0 {
		return nil
	}
	return moneyOf(m)
}

// groupYuan inserts thousands separators into "1234567.89".
func groupYuan(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// date is a day as the templates show it: Chinese in the zh-CN edition, ISO in English.
type date struct {
	ISO string `json:"iso"`
	Zh  string `json:"zh"`
}

func dateOf(d records.Date) *date {
	if d.IsZero() {
		return nil
	}
	i := (d.Year-firstYear)*372 + (int(d.Month)-1)*31 + d.Day - 1
	if i < 0 || i >= len(dates) || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return &date{ISO: d.String(), Zh: d.Chinese()}
	}
	if v := dates[i].Load(); v != nil {
		return v
	}
	v := &date{ISO: d.String(), Zh: d.Chinese()}
	dates[i].Store(v)
	return v
}

// dateTimeOf shows a moment to the minute in China Standard Time.
func dateTimeOf(t records.DateTime) *date {
	if t.IsZero() {
		return nil
	}
	c := t.In(records.CST)
	return &date{ISO: c.Format("2006-01-02 15:04"), Zh: c.Format("2006年1月2日 15:04")}
}

// period is a from–to span of days.
type period struct {
	From *date `json:"from,omitempty"`
	To   *date `json:"to,omitempty"`
}

func periodOf(p records.Period) *period {
	if p.From.IsZero() && p.To.IsZero() {
		return nil
	}
	return &period{From: dateOf(p.From), To: dateOf(p.To)}
}

// methodSlugs are the URL-safe names of procurement methods, used in facet URLs.
var methodSlugs = map[string]string{
	records.MethodOpen:         "open",
	records.MethodInvited:      "invited",
	records.MethodNegotiation:  "negotiation",
	records.MethodConsultation: "consultation",
	records.MethodSingleSource: "single-source",
	records.MethodQuotation:    "quotation",
	records.MethodOther:        "other",
}

// html is goldmark output the loader already checked; templates pass it through with safeHTML.
func markdownHTML(m records.Markdown) string { return m.HTML }
