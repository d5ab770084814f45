package site

import (
	"fmt"
	"strconv"
	"strings"

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

func moneyOf(m records.Money) *money {
	return &money{Wan: m.Wan(), Yuan: groupYuan(m.Yuan()), Raw: m.Yuan(), En: english(m)}
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
	return &date{ISO: d.String(), Zh: d.Chinese()}
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
