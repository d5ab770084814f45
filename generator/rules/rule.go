// Package rules checks a loaded dataset against the disclosure rules of compliance.md: deadlines
// counted in calendar days or in working days (package workdays), periods that must last long
// enough, and disclosures that must exist at all.
//
// Each rule is one value of type Rule, in a file of its own, listed in Registry in the order of
// compliance.md's table. A violated rule is a records.Finding: it never blocks the build (a late
// notice must still be published); `check --strict` turns findings into failures.
//
// Time is judged as of ds.AsOf, the build date. A stage published after AsOf is not public yet
// and counts as not published; an event (award decided, contract signed, evaluation held) dated
// after AsOf has not happened yet. A visible termination ends the project: no obligation falling
// due on or after it is owed any more.
package rules

import (
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// Unit is what a rule's threshold and a finding's delay count.
type Unit string

const (
	Workdays Unit = "workday" // working days per data/calendar (package workdays)
	Days     Unit = "day"     // calendar days
	NoUnit   Unit = ""        // the rule asks for presence, not time
)

// Chinese is the unit as it follows a number: 5个工作日, 30日.
func (u Unit) Chinese() string {
	switch u {
	case Workdays:
		return "个工作日"
	case Days:
		return "日"
	}
	return ""
}

// English is the unit as it follows a number.
func (u Unit) English() string {
	switch u {
	case Workdays:
		return "working day(s)"
	case Days:
		return "day(s)"
	}
	return ""
}

// Rule is one disclosure rule: what it asks, where the law says so, and how it is checked.
type Rule struct {
	Code           string // stable, kebab-case; the key of data/site.yaml thresholds
	Summary        string // what the rule asks, Chinese, with {n} for the threshold
	SummaryEnglish string
	Source         string // the regulation it comes from
	Threshold      int    // default; a site may override it in data/site.yaml `thresholds`
	Unit           Unit
	// Blocking rules are enforced by records.Load as errors (under the same code, or
	// missing-field for a required key); data that violates them never reaches Apply, so they
	// have no check here: the loader is their single owner.
	Blocking bool

	// Message and English are the finding's text. Placeholders: {n} threshold, {deadline},
	// {actual}, {delay}, {unit}, {asof}, {what} (rule-specific detail), {year}.
	Message string
	English string

	check func(c *checker, r *Rule, p *records.Project)
	idx   int // place in Registry
}

// Registry lists every rule in the order of compliance.md's table, the rules it adds beside their
// kin (consultation-documents, amendment-timing after the call's periods), then backdated (its
// last paragraph: the history's date is the honest one) and calendar-missing. missing-stage runs
// after every rule that leaves an obligation overdue.
var Registry = []*Rule{
	intentionLead,
	singleSourceNotice,
	tenderPeriod,
	documentsAvailable,
	negotiationPeriod,
	consultationPeriod,
	consultationDocuments,
	amendmentTiming,
	resultNotice,
	contractSigning,
	contractNotice,
	acceptancePublic,
	evaluationStandard,
	budgetBound,
	barredProvider,
	missingStage,
	backdated,
	calendarMissing,
}

var byCode = map[string]*Rule{}

func init() {
	for i, r := range Registry {
		r.idx = i
		byCode[r.Code] = r
	}
}

// Lookup returns the rule with the code, or nil.
func Lookup(code string) *Rule { return byCode[code] }

// ThresholdFor is the rule's threshold on site: the site's override when it sets one.
func (r *Rule) ThresholdFor(site *records.Site) int {
	if site != nil {
		if n, ok := site.Thresholds[r.Code]; ok {
			return n
		}
	}
	return r.Threshold
}

// order is the rule's place in Registry, for sorting findings.
func order(code string) int {
	if r := byCode[code]; r != nil {
		return r.idx
	}
	return len(Registry)
}

// text fills a message template. Dates are written the Chinese way in Chinese messages and as
// ISO 8601 in English ones.
type text struct {
	n                int
	deadline, actual records.Date
	asOf             records.Date
	delay            int
	unit             Unit
	what, whatEn     string
	year             int
}

func (t text) expand(tmpl string, english bool) string {
	date := chinese
	unit, what := t.unit.Chinese(), t.what
	if english {
		date, unit, what = iso, t.unit.English(), t.whatEn
	}
	// A hand-rolled scan: a strings.Replacer per finding costs more than all the rules together.
	var b strings.Builder
	b.Grow(len(tmpl) + 32)
	for {
		i := strings.IndexByte(tmpl, '{')
		j := strings.IndexByte(tmpl[i+1:], '}')
		if i < 0 || j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		switch key := tmpl[i+1 : i+1+j]; key {
		case "n":
			b.WriteString(strconv.Itoa(t.n))
		case "deadline":
			b.WriteString(date(t.deadline))
		case "actual":
			b.WriteString(date(t.actual))
		case "asof":
			b.WriteString(date(t.asOf))
		case "delay":
			b.WriteString(strconv.Itoa(t.delay))
		case "unit":
			b.WriteString(unit)
		case "what":
			b.WriteString(what)
		case "year":
			b.WriteString(strconv.Itoa(t.year))
		default:
			b.WriteString(tmpl[i : i+2+j]) // not a placeholder: keep it
		}
		tmpl = tmpl[i+2+j:]
	}
}

// chinese is records.Date.Chinese without fmt: 2025年6月5日.
func chinese(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	b := make([]byte, 0, 20)
	b = strconv.AppendInt(b, int64(d.Year), 10)
	b = append(b, "年"...)
	b = strconv.AppendInt(b, int64(d.Month), 10)
	b = append(b, "月"...)
	b = strconv.AppendInt(b, int64(d.Day), 10)
	return string(append(b, "日"...))
}

// iso is records.Date.String without fmt: 2025-06-05.
func iso(d records.Date) string {
	if d.IsZero() {
		return ""
	}
	b := make([]byte, 0, 10)
	for y := d.Year; y < 1000 && len(b) < 3; y *= 10 { // %04d
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(d.Year), 10)
	for _, n := range []int{int(d.Month), d.Day} {
		b = append(b, '-', byte('0'+n/10), byte('0'+n%10))
	}
	return string(b)
}

// cmpDate orders dates without going through time.Time.
func cmpDate(a, b records.Date) int {
	if a.Year != b.Year {
		return a.Year - b.Year
	}
	if a.Month != b.Month {
		return int(a.Month) - int(b.Month)
	}
	return a.Day - b.Day
}
