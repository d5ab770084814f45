package rules

import (
	"slices"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/workdays"
)

// State is how a deadline stands as of AsOf.
type State string

const (
	OnTime  State = "on-time" // done by the deadline (for a minimum period: it lasted long enough)
	Late    State = "late"    // done after the deadline (the period was too short)
	Overdue State = "overdue" // the deadline has passed with nothing done
	Pending State = "pending" // not done, and still time
)

// Deadline is one dated obligation of a project as the rules judged it: the notice or act a stage
// owed, the date the law sets, and what happened. It is the same judgement the findings come
// from — Deadlines runs the rules themselves and records each one instead of re-deriving the
// date math — so the page's "法定期限 … · 按时" and its findings can never disagree.
type Deadline struct {
	Rule  string             // the rule's code: result-notice, tender-period…
	Stage records.NoticeKind // the stage the obligation is about
	Index int                // 1-based for amendments and evaluations; 0 otherwise
	// Due is the latest allowed date; for a minimum period (Earliest) the first allowed end.
	// Zero when a working-day deadline falls in a year with no calendar yet but the outcome is
	// already certain (see judgeDue).
	Due records.Date
	// Actual is when it was done — published (from its first appearance in the history when
	// that is later), signed — or the period's real end; zero while not done.
	Actual   records.Date
	Earliest bool // Due is a lower bound: a period that must last at least so long
	State    State
	Delay    int  // late, short or (Overdue) overdue so far, in Unit; 0 when on time or pending
	Unit     Unit // the rule's unit
}

// OnTime reports a deadline met.
func (d Deadline) OnTime() bool { return d.State == OnTime }

// Judge answers per-project questions with the rules' own computations for one dataset. It
// holds the working-day calendar and the site's thresholds, built once; it is safe for
// concurrent use.
type Judge struct {
	site       *records.Site
	asOf       records.Date
	cal        *workdays.Calendar
	thresholds []int
}

// NewJudge prepares a Judge for ds as of ds.AsOf. ds must not change while the Judge is used.
func NewJudge(ds *records.Dataset) *Judge {
	j := &Judge{site: ds.Site, asOf: ds.AsOf, cal: workdays.New(ds.Calendars), thresholds: make([]int, len(Registry))}
	for i, r := range Registry {
		j.thresholds[i] = r.ThresholdFor(ds.Site)
	}
	return j
}

// checker is a fresh checker for Apply's run over the whole dataset.
func (j *Judge) checker() *checker {
	return &checker{
		site:       j.site,
		asOf:       j.asOf,
		cal:        j.cal,
		thresholds: j.thresholds,
		missing:    map[int]bool{},
		tally:      map[tallyKey]*records.BodyDisclosure{},
	}
}

// Deadlines lists every dated obligation of p the rules judge as of AsOf, in lifecycle order
// (by stage, then index, then rule). Obligations the project's termination made void are left
// out, and so are those whose date cannot be computed for want of a calendar (the
// calendar-missing finding reports those).
func (j *Judge) Deadlines(p *records.Project) []Deadline {
	if p == nil {
		return nil
	}
	c := &checker{site: j.site, asOf: j.asOf, cal: j.cal, thresholds: j.thresholds, missing: map[int]bool{}, record: true,
		deadlines: make([]Deadline, 0, 8)} // no tally: count does nothing while recording
	c.project(p)
	slices.SortStableFunc(c.deadlines, func(a, b Deadline) int {
		if n := stageOrder(string(a.Stage)) - stageOrder(string(b.Stage)); n != 0 {
			return n
		}
		if n := a.Index - b.Index; n != 0 {
			return n
		}
		return order(a.Rule) - order(b.Rule)
	})
	return c.deadlines
}

// Deadlines is NewJudge(ds).Deadlines(p): for one project; a caller asking for many should keep
// one Judge.
func Deadlines(ds *records.Dataset, p *records.Project) []Deadline {
	return NewJudge(ds).Deadlines(p)
}

// note records a judged obligation when the checker runs for Deadlines.
func (c *checker) note(d Deadline) {
	if c.record {
		c.deadlines = append(c.deadlines, d)
	}
}

// noteDue records the outcome of a due (see judge and checkMissingStage).
func (c *checker) noteDue(d due, state State, delay int) {
	if c.record {
		c.note(Deadline{Rule: d.rule.Code, Stage: d.stage, Index: d.index, Due: d.deadline, Actual: d.done,
			State: state, Delay: delay, Unit: d.rule.Unit})
	}
}
