package rules

import "github.com/gongkai/gongkai/generator/records"

var missingStage = &Rule{
	Code:           "missing-stage",
	Summary:        "期限已过仍未公开（或未完成）的环节",
	SummaryEnglish: "A stage whose deadline has passed with nothing published (or done)",
	Source:         "—",
	Unit:           NoUnit, // each finding carries the unit of the rule whose deadline passed
	Message:        "应于{deadline}前{what}，截至{asof}尚未完成，已逾期{delay}{unit}",
	English:        "Must {what} by {deadline}; not done as of {asof}, {delay} {unit} overdue",
	check:          checkMissingStage,
}

// checkMissingStage reports what the deadline rules left overdue with nothing done (see judge):
// a result notice after the award was decided, a contract notice after signing, a contract not
// signed after the award notice, an acceptance after the service period, an intention before the
// call. It runs after them. The delay is how overdue it is so far, in the deadline rule's unit,
// counted to AsOf, or to the termination or the point the obligation closed when earlier. The
// finding carries the deadline rule's legal source.
func checkMissingStage(c *checker, r *Rule, p *records.Project) {
	for _, d := range c.overdue {
		limit := c.asOf
		if !d.closes.IsZero() && cmpDate(d.closes, limit) < 0 {
			limit = d.closes
		}
		if !c.end.IsZero() && cmpDate(c.end, limit) < 0 {
			limit = c.end
		}
		delay, ok := c.lateness(d.deadline, limit, d.rule.Unit, d.place())
		c.noteDue(d, Overdue, delay)
		if !ok {
			continue
		}
		what, whatEn, _, _ := d.texts()
		f := d.claims.annotate(c.finding(r, d.stage, d.index, d.pos(), text{
			n: c.threshold(d.rule), deadline: d.deadline, delay: delay, unit: d.rule.Unit,
			what: what, whatEn: whatEn,
		}))
		f.Source = d.rule.Source
		f.Missing = true
		c.add(f)
	}
	c.overdue = c.overdue[:0]
}
