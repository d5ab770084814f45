package records

// Phase is where a project stands in its lifecycle. The values are stable: the site's i18n keys
// (status-<phase>) and the search filter use them.
type Phase string

const (
	PhasePlanned    Phase = "planned"    // only the intention or single-source notice is public
	PhaseOpen       Phase = "open"       // call public, bids still accepted
	PhaseEvaluating Phase = "evaluating" // bid deadline passed, no result notice yet
	PhaseAwarded    Phase = "awarded"    // result notice public (Winners may be empty: 废标)
	PhasePerforming Phase = "performing" // contract notice public
	PhaseCompleted  Phase = "completed"  // final acceptance (结项验收) public
	PhaseTerminated Phase = "terminated" // termination notice public
)

// Status is a project's state as the public could know it on a day: only notices published on
// or before that day count, and the call is read as corrected by then (CallAsOf).
type Status struct {
	Phase Phase
	// Since is the publication date of the notice that set the phase; for PhaseEvaluating, the
	// day of the bid deadline.
	Since Date
	// Deadline is the bid deadline in force (after corrections); zero without a public call.
	Deadline DateTime
	// Winners and Awarded (their sum) once the result notice is public.
	Winners []Winner
	Awarded Money
	// Contract once the contract notice is public.
	Contract *Contract
	// Corrections counts the correction notices public by the day.
	Corrections int
}

// Key is the status's i18n key, e.g. "status-open".
func (s Status) Key() string { return "status-" + string(s.Phase) }

// Visible says whether a notice dated d is public on asOf (a zero asOf: everything is).
func Visible(d, asOf Date) bool {
	return !d.IsZero() && (asOf.IsZero() || !d.After(asOf))
}

// StatusAsOf is the project's status on day d (a zero d: with every stage, the deadline
// not yet judged). It is the one place the site, the feeds and the open data learn it from.
func (p *Project) StatusAsOf(d Date) Status {
	s := Status{Phase: PhasePlanned}
	for _, n := range p.Notices(d) {
		if s.Since.IsZero() {
			s.Since = n.Published
		}
	}
	if c := p.CallAsOf(d); c != nil {
		s.Phase, s.Since, s.Deadline = PhaseOpen, c.Published, c.BidDeadline
		if !d.IsZero() && !c.BidDeadline.IsZero() && c.BidDeadline.Date().Before(d) {
			s.Phase, s.Since = PhaseEvaluating, c.BidDeadline.Date()
		}
	}
	for _, a := range p.Amendments {
		if a != nil && Visible(a.Published, d) {
			s.Corrections++
		}
	}
	if a := p.Award; a != nil && Visible(a.Published, d) {
		s.Phase, s.Since, s.Winners = PhaseAwarded, a.Published, a.Winners
		for _, w := range a.Winners {
			s.Awarded += w.Amount
		}
	}
	if c := p.Contract; c != nil && Visible(c.Published, d) {
		s.Phase, s.Since, s.Contract = PhasePerforming, c.Published, c
	}
	for _, e := range p.Evaluations {
		if e.Kind == "结项验收" && Visible(e.Published, d) {
			s.Phase, s.Since = PhaseCompleted, e.Published
		}
	}
	if t := p.Termination; t != nil && Visible(t.Published, d) {
		s.Phase, s.Since = PhaseTerminated, t.Published
	}
	return s
}
