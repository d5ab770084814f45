package rules

import (
	"errors"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/workdays"
)

// Apply runs every rule against ds as of ds.AsOf, and stores the sorted findings in ds.Findings
// and each body's on-time record in ds.Disclosure. It reads nothing but ds and never fails:
// a deadline it cannot compute (no calendar for the year) becomes a calendar-missing finding.
//
// With a zero AsOf every stage counts as public and nothing is judged overdue.
func Apply(ds *records.Dataset) {
	if ds == nil {
		return
	}
	c := NewJudge(ds).checker()
	for _, p := range ds.Projects {
		if p != nil {
			c.project(p)
		}
	}
	c.calendarFindings()
	sortFindings(c.findings)
	if c.findings == nil {
		c.findings = []records.Finding{} // never nil: exports write [] rather than null
	}
	ds.Findings = c.findings
	ds.Disclosure = c.disclosure()
}

// checker is the state of one Apply run.
type checker struct {
	site       *records.Site
	asOf       records.Date
	cal        *workdays.Calendar
	thresholds []int // by Registry index: the site's or the default
	findings   []records.Finding
	missing    map[int]bool // years a deadline needed but no calendar covers
	// missingAt are the stages of the current project already given a calendar-missing finding
	// for a year, so a stage two rules judge gets it once.
	missingAt map[missingKey]bool
	tally     map[tallyKey]*records.BodyDisclosure

	// per project
	p       *records.Project
	end     records.Date // the visible termination's date; zero while the project runs
	overdue []due        // obligations past their deadline with nothing done, for missing-stage

	// record makes the checker note every judged obligation in deadlines (Judge.Deadlines).
	record    bool
	deadlines []Deadline
}

type missingKey struct {
	stage records.NoticeKind
	index int
	year  int
}

type tallyKey struct {
	body string
	year int
}

func (c *checker) project(p *records.Project) {
	c.p, c.end, c.overdue = p, records.Date{}, c.overdue[:0]
	clear(c.missingAt)
	if t := p.Termination; t != nil {
		if on := publishedOn(t.Published, t.FirstSeen); c.visible(on) {
			c.end = on
		}
	}
	for _, r := range Registry {
		if r.check != nil {
			r.check(c, r, p)
		}
	}
}

// visible reports whether a date is given and not after AsOf: a stage published then is public,
// an event dated then has happened.
func (c *checker) visible(d records.Date) bool {
	return !d.IsZero() && (c.asOf.IsZero() || cmpDate(d, c.asOf) <= 0)
}

// threshold is r's threshold on this site.
func (c *checker) threshold(r *Rule) int { return c.thresholds[r.idx] }

// place is where a rule's deadline belongs: the rule, the stage of the current project it
// judges and the position a finding points at.
type place struct {
	rule  *Rule
	stage records.NoticeKind
	index int
	pos   diag.Pos
}

// noCalendar records the year a calendar error names (the calendar returns no other kind of
// error): once for the whole site (calendarFindings), and as a calendar-missing finding on the
// stage of the current project whose deadline needed it, so its page says why it is not judged.
func (c *checker) noCalendar(err error, at place) {
	var m *workdays.MissingYearError
	if !errors.As(err, &m) {
		return
	}
	c.missing[m.Year] = true
	k := missingKey{at.stage, at.index, m.Year}
	if c.missingAt == nil {
		c.missingAt = map[missingKey]bool{}
	}
	if c.missingAt[k] {
		return
	}
	c.missingAt[k] = true
	c.add(c.stageCalendarFinding(at, m.Year))
}

// addWorkdays is the calendar's AddWorkdays: the n-th working day after d, d not counted
// (民法典 第二百零一条). ok is false when a year is missing (noted for at).
func (c *checker) addWorkdays(d records.Date, n int, at place) (records.Date, bool) {
	e, err := c.cal.AddWorkdays(d, n)
	if err != nil {
		c.noCalendar(err, at)
		return records.Date{}, false
	}
	return e, true
}

// addDays is the last day of a period of n calendar days from d: d not counted (民法典 第二百零一条),
// so d + n, rolled over to the next working day when that is a holiday or a rest day (第二百零三条).
// ok is false when the roll-over needs a missing year (noted for at).
func (c *checker) addDays(d records.Date, n int, at place) (records.Date, bool) {
	e, err := c.cal.RollOver(d.AddDays(n))
	if err != nil {
		c.noCalendar(err, at)
		return records.Date{}, false
	}
	return e, true
}

// lateness is how far t is after deadline, in u: calendar days, or the working days in
// (deadline, t]. A day past the deadline is late even when no working day has passed yet
// (published on the Saturday after a Friday deadline), so a late date is at least 1 late.
func (c *checker) lateness(deadline, t records.Date, u Unit, at place) (int, bool) {
	if u != Workdays {
		return deadline.DaysUntil(t), true
	}
	n, err := c.cal.WorkdaysBetween(deadline, t)
	if err != nil {
		c.noCalendar(err, at)
		return 0, false
	}
	return max(n, 1), true
}

// finding builds a finding of r about the current project.
func (c *checker) finding(r *Rule, stage records.NoticeKind, index int, pos diag.Pos, t text) records.Finding {
	t.asOf = c.asOf
	if t.n == 0 {
		t.n = c.threshold(r)
	}
	year := c.p.Year
	if !t.deadline.IsZero() {
		year = t.deadline.Year
	}
	return records.Finding{
		Rule:     r.Code,
		Source:   r.Source,
		Project:  c.p.ID,
		Body:     c.p.Body,
		Stage:    string(stage),
		Index:    index,
		Year:     year,
		Deadline: t.deadline,
		Actual:   t.actual,
		Delay:    t.delay,
		Unit:     string(t.unit),
		Message:  t.expand(r.Message, false),
		English:  t.expand(r.English, true),
		Pos:      pos,
	}
}

func (c *checker) add(f records.Finding) { c.findings = append(c.findings, f) }

// due is one dated obligation of a deadline rule: something that must be done (a notice
// published, a contract signed) by deadline.
type due struct {
	rule     *Rule
	stage    records.NoticeKind
	index    int
	deadline records.Date
	done     records.Date // when it was done, if visibly done; zero otherwise
	// closes is when the obligation stops being meaningful even if never met (the call, for an
	// intention that had to precede it); zero if it stays owed. Overdue time stops counting there.
	closes records.Date
	// src.At(key) is the offending date, or where the missing date belongs; looked up only
	// for a finding (map lookups for every on-time stage cost more than the rules themselves).
	src          records.Src
	key          string
	what, whatEn string // the obligation for missing-stage messages: 公告中标（成交）结果
	name, nameEn string // {what} in the rule's own late message, where it has one
	// evaluation is the kind of an evaluation whose publication is due; it names the obligation
	// when what is empty (so the strings are built only for a finding).
	evaluation string
	disclosure bool // a publication that counts toward the body's on-time rate
	// claims are the stages whose first appearance in the history replaced their stated date in
	// this judgement; a finding says both dates.
	claims claims
}

func (d due) pos() diag.Pos { return d.src.At(d.key) }

func (d due) place() place { return place{d.rule, d.stage, d.index, d.pos()} }

// texts are the obligation's names for messages.
func (d due) texts() (what, whatEn, name, nameEn string) {
	if d.what == "" && d.evaluation != "" {
		return "公开" + d.evaluation + "结果", "publish the evaluation (" + d.evaluation + ")",
			d.evaluation + "结果", "evaluation (" + d.evaluation + ")"
	}
	return d.what, d.whatEn, d.name, d.nameEn
}

// judgeDue sets d's deadline to the end of a period of n units from start, the start not counted
// (民法典 第二百零一条): the n-th working day after it, or start + n calendar days rolled over to
// the next working day (第二百零三条). Then it judges d.
//
// When the deadline needs a year with no calendar, the outcome may still be certain. A
// calendar-day deadline is never before start + n, so something done by then is on time, and
// nothing is due while AsOf is not after it. For a working-day deadline, if fewer than n working
// days lie in (start, AsOf] — computable from the calendar up to AsOf — the deadline is after
// AsOf, so the obligation is either not due yet or, done by AsOf, on time. Then it is settled
// without the exact date and no calendar is reported missing: a contract running into a year
// whose holidays are not announced yet is normal. Only a deadline that might have passed needs
// the calendar.
func (c *checker) judgeDue(d due, start records.Date, n int) {
	var deadline records.Date
	var err error
	if d.rule.Unit == Workdays {
		deadline, err = c.cal.AddWorkdays(start, n)
	} else {
		deadline, err = c.cal.RollOver(start.AddDays(n))
	}
	if err == nil {
		d.deadline = deadline
		c.judge(d)
		return
	}
	if c.certain(d, start, n) {
		if d.done.IsZero() {
			c.noteDue(d, Pending, 0)
		} else {
			c.noteDue(d, OnTime, 0) // the exact deadline is unknown: Due stays zero
			d.deadline = d.done     // the tally's year: the deadline's is unknown, the disclosure's is not
			c.count(d, true)
		}
		return
	}
	c.noCalendar(err, d.place())
}

// certain reports, for a deadline of n units from start that the calendar cannot compute, that
// it is certainly not missed: d was done by its earliest possible date, or AsOf is not after it.
func (c *checker) certain(d due, start records.Date, n int) bool {
	if d.rule.Unit != Workdays {
		nominal := start.AddDays(n) // roll-over only moves it later
		if !d.done.IsZero() && cmpDate(d.done, nominal) <= 0 {
			return true
		}
		return !c.asOf.IsZero() && cmpDate(c.asOf, nominal) <= 0
	}
	if c.asOf.IsZero() || n <= 0 {
		return false
	}
	k := 0 // no working day in (start, AsOf] when start is not before AsOf
	if cmpDate(start, c.asOf) < 0 {
		var err error
		if k, err = c.cal.WorkdaysBetween(start, c.asOf); err != nil {
			return false
		}
	}
	return k < n
}

// judge settles a due: on time, late (a finding of its rule), overdue with nothing done (kept for
// missing-stage), or not yet due. Disclosures are tallied for the body's on-time rate, in the year
// of their deadline, once they are settled: done, or overdue.
func (c *checker) judge(d due) {
	if d.done.IsZero() && !c.end.IsZero() && cmpDate(d.deadline, c.end) >= 0 {
		return // the project ended before this fell due
	}
	if !d.done.IsZero() {
		late := cmpDate(d.done, d.deadline) > 0
		c.count(d, !late)
		if !late {
			c.noteDue(d, OnTime, 0)
			return
		}
		delay, ok := c.lateness(d.deadline, d.done, d.rule.Unit, d.place())
		c.noteDue(d, Late, delay)
		if !ok {
			return
		}
		_, _, name, nameEn := d.texts()
		c.add(d.claims.annotate(c.finding(d.rule, d.stage, d.index, d.pos(), text{
			deadline: d.deadline, actual: d.done, delay: delay, unit: d.rule.Unit, what: name, whatEn: nameEn,
		})))
		return
	}
	if c.asOf.IsZero() || cmpDate(c.asOf, d.deadline) <= 0 {
		c.noteDue(d, Pending, 0)
		return // still time
	}
	c.count(d, false)
	c.overdue = append(c.overdue, d) // noted by checkMissingStage, which counts how overdue
}

func (c *checker) count(d due, onTime bool) {
	if !d.disclosure || c.p.Body == "" || c.record { // Deadlines has no use for the tally
		return
	}
	k := tallyKey{c.p.Body, d.deadline.Year}
	t := c.tally[k]
	if t == nil {
		t = &records.BodyDisclosure{Body: k.body, Year: k.year}
		c.tally[k] = t
	}
	t.Checked++
	if onTime {
		t.OnTime++
	}
}

// short reports a period that is shorter than the rule allows: earliest is the first allowed
// end, actual the real one. The delay is the shortfall, in the rule's unit. cs are the stages
// whose first appearance replaced their stated date in computing the two.
func (c *checker) short(r *Rule, stage records.NoticeKind, index int, pos diag.Pos, earliest, actual records.Date, cs claims) {
	c.shortBy(r, c.threshold(r), r.Unit, place{r, stage, index, pos}, earliest, actual, cs, "", "")
}

// shortBy is short for a rule whose period is n units of u on this stage (amendment-timing's
// differ by procurement method); what and whatEn fill the message's {what}.
func (c *checker) shortBy(r *Rule, n int, u Unit, at place, earliest, actual records.Date, cs claims, what, whatEn string) {
	d := Deadline{Rule: r.Code, Stage: at.stage, Index: at.index, Due: earliest, Actual: actual, Earliest: true, State: OnTime, Unit: u}
	if cmpDate(actual, earliest) >= 0 {
		c.note(d)
		return
	}
	d.State = Late
	if u == Workdays {
		w, err := c.cal.WorkdaysBetween(actual, earliest)
		if err != nil {
			c.note(d)
			c.noCalendar(err, at)
			return
		}
		d.Delay = w
	} else {
		d.Delay = actual.DaysUntil(earliest)
	}
	c.note(d)
	c.add(cs.annotate(c.finding(r, at.stage, at.index, at.pos, text{n: n, deadline: earliest, actual: actual, delay: d.Delay, unit: u,
		what: what, whatEn: whatEn})))
}

// disclosure returns the tally sorted by body id, then year.
func (c *checker) disclosure() []records.BodyDisclosure {
	out := make([]records.BodyDisclosure, 0, len(c.tally))
	for _, t := range c.tally {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b records.BodyDisclosure) int {
		if n := strings.Compare(a.Body, b.Body); n != 0 {
			return n
		}
		return a.Year - b.Year
	})
	return out
}

// stageOrder is a stage's place in the lifecycle; the project as a whole ("") comes first.
func stageOrder(s string) int {
	for i, k := range records.NoticeKinds {
		if string(k) == s {
			return i + 1
		}
	}
	if s == "" {
		return 0
	}
	return len(records.NoticeKinds) + 1
}

// sortFindings orders by project, stage, index, rule (registry order), then the remaining fields
// (a total order short of identical findings, so an unstable sort is deterministic),
// so the order never depends on the order rules ran in.
func sortFindings(fs []records.Finding) {
	slices.SortFunc(fs, func(a, b records.Finding) int {
		if n := strings.Compare(a.Project, b.Project); n != 0 {
			return n
		}
		if n := stageOrder(a.Stage) - stageOrder(b.Stage); n != 0 {
			return n
		}
		if n := a.Index - b.Index; n != 0 {
			return n
		}
		if n := order(a.Rule) - order(b.Rule); n != 0 {
			return n
		}
		if n := a.Year - b.Year; n != 0 {
			return n
		}
		if n := cmpDate(a.Deadline, b.Deadline); n != 0 {
			return n
		}
		return strings.Compare(a.Message, b.Message)
	})
}
