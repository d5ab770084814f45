package site

import (
	"strconv"

	"github.com/gongkai/gongkai/generator/figures"
	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// The stage views carry every field of a published stage, already formatted. The same view is
// used by the notice page (the notice as published) and by the project timeline, so the two
// can never disagree.

type ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type contact struct {
	Name    string `json:"name,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Address string `json:"address,omitempty"`
}

func contactOf(c records.Contact) *contact {
	if c.Name == "" && c.Phone == "" && c.Email == "" && c.Address == "" {
		return nil
	}
	return &contact{Name: c.Name, Phone: c.Phone, Email: c.Email, Address: c.Address}
}

type doc struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

func docOf(a records.Attachment) doc {
	return doc{Title: a.Title, URL: links.Attachment(a.Path)}
}

type intentionView struct {
	ExpectedMonth string `json:"expectedmonth,omitempty"`
	Demand        string `json:"demand,omitempty"`
	Budget        *money `json:"budget,omitempty"`
}

type singleSourceView struct {
	Ends          *date    `json:"ends,omitempty"`
	Provider      ref      `json:"provider"`
	Reason        string   `json:"reason,omitempty"`
	ExpertOpinion string   `json:"expertopinion,omitempty"`
	Experts       []string `json:"experts,omitempty"`
}

type indicatorView struct {
	Name        string `json:"name"`
	Weight      int    `json:"weight"`
	Description string `json:"description,omitempty"`
	Score       string `json:"score,omitempty"`
}

type callView struct {
	Method        string          `json:"method"`
	MethodDetail  string          `json:"methoddetail,omitempty"`
	Approval      *approvalView   `json:"approval,omitempty"`
	DocumentsFrom *date           `json:"documentsfrom,omitempty"`
	DocumentsTo   *date           `json:"documentsto,omitempty"`
	DocumentsAt   string          `json:"documentsat,omitempty"`
	BidDeadline   *date           `json:"biddeadline,omitempty"`
	OpeningTime   *date           `json:"openingtime,omitempty"`
	OpeningPlace  string          `json:"openingplace,omitempty"`
	Ceiling       *money          `json:"ceiling,omitempty"`
	Conditions    string          `json:"conditions,omitempty"`
	Scope         string          `json:"scope,omitempty"`
	Quantity      string          `json:"quantity,omitempty"`
	Quality       string          `json:"quality,omitempty"`
	Period        *period         `json:"period,omitempty"`
	Place         string          `json:"place,omitempty"`
	StandardText  string          `json:"standardtext,omitempty"`
	Indicators    []indicatorView `json:"indicators,omitempty"`
	Consortium    bool            `json:"consortium"`
	Agency        *agencyView     `json:"agency,omitempty"`
	Contacts      []*contact      `json:"contacts,omitempty"`
	Documents     []doc           `json:"documents,omitempty"`
	// Corrected marks the fields a correction changed, by canonical path: set only where the
	// call is shown as in force (the project page), never on the call notice as published.
	Corrected map[string]correctedView `json:"corrected,omitempty"`
}

type approvalView struct {
	Document string `json:"document"`
	Date     *date  `json:"date,omitempty"`
}

type agencyView struct {
	Name       string   `json:"name"`
	CreditCode string   `json:"creditcode,omitempty"`
	Contact    *contact `json:"contact,omitempty"`
}

type changeView struct {
	Field string    `json:"field"`          // the field's Chinese label
	En    string    `json:"en,omitempty"`   // its English label
	Path  string    `json:"path,omitempty"` // its canonical name
	From  valueView `json:"from"`
	To    valueView `json:"to"`
}

type amendmentView struct {
	Changes     []changeView `json:"changes,omitempty"`
	Reason      string       `json:"reason,omitempty"`
	NewDeadline *date        `json:"newdeadline,omitempty"`
}

type winnerView struct {
	Provider ref    `json:"provider"`
	Amount   *money `json:"amount"`
}

type scoreView struct {
	Bidder string `json:"bidder"`
	Score  string `json:"score,omitempty"`
	Rank   int    `json:"rank,omitempty"`
}

type awardView struct {
	Decided   *date        `json:"decided,omitempty"`
	Winners   []winnerView `json:"winners,omitempty"`
	Total     *money       `json:"total,omitempty"`
	Bids      int          `json:"bids"`
	Experts   []string     `json:"experts,omitempty"`
	Scores    []scoreView  `json:"scores,omitempty"`
	AgencyFee *money       `json:"agencyfee,omitempty"`
}

type contractView struct {
	Number        string  `json:"number"`
	Signed        *date   `json:"signed,omitempty"`
	Provider      ref     `json:"provider"`
	Amount        *money  `json:"amount"`
	Subject       string  `json:"subject,omitempty"`
	Scope         string  `json:"scope,omitempty"`
	Quantity      string  `json:"quantity,omitempty"`
	Quality       string  `json:"quality,omitempty"`
	Period        *period `json:"period,omitempty"`
	Place         string  `json:"place,omitempty"`
	PaymentMethod string  `json:"paymentmethod,omitempty"`
	Obligations   string  `json:"obligations,omitempty"`
	Liability     string  `json:"liability,omitempty"`
	Document      *doc    `json:"document,omitempty"`
}

type evaluationView struct {
	Kind          string          `json:"kind"`
	Date          *date           `json:"date,omitempty"`
	EvaluatorKind string          `json:"evaluatorkind,omitempty"`
	Evaluator     string          `json:"evaluator,omitempty"`
	Score         string          `json:"score"`
	Grade         string          `json:"grade"`
	Failed        bool            `json:"failed"`
	Indicators    []indicatorView `json:"indicators,omitempty"`
	Findings      string          `json:"findings,omitempty"`
	Consequence   *consequenceV   `json:"consequence,omitempty"`
}

type consequenceV struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail,omitempty"`
	From   *date  `json:"from,omitempty"`
	To     *date  `json:"to,omitempty"`
}

type terminationView struct {
	Reason string    `json:"reason,omitempty"`
	Ends   *endsView `json:"ends,omitempty"` // the notice it ends
}

// endsView links a termination to the notice it ends: the call, else the single-source notice,
// else the intention.
type endsView struct {
	Kind      string `json:"kind"`
	URL       string `json:"url"`
	Published *date  `json:"published"`
}

// stageView is one published stage: exactly one of the kind-specific fields is set.
type stageView struct {
	Kind         string            `json:"kind"`
	Index        int               `json:"index,omitempty"`
	URL          string            `json:"url"`
	Published    *date             `json:"published"`
	FirstSeen    *date             `json:"firstseen,omitempty"`
	Intention    *intentionView    `json:"intention,omitempty"`
	SingleSource *singleSourceView `json:"singlesource,omitempty"`
	Call         *callView         `json:"call,omitempty"`
	Amendment    *amendmentView    `json:"amendment,omitempty"`
	Award        *awardView        `json:"award,omitempty"`
	Contract     *contractView     `json:"contract,omitempty"`
	Evaluation   *evaluationView   `json:"evaluation,omitempty"`
	Termination  *terminationView  `json:"termination,omitempty"`
	Findings     []findingView     `json:"findings,omitempty"`
	// Deadlines are the stage's dated obligations as the rules judged them: filled on the
	// project's own pages (g.project), not where a stage is only summarised.
	Deadlines []deadlineView `json:"deadlines,omitempty"`
}

// deadlineView is one rules.Deadline: "法定期限 2025年10月10日 · 按时", "逾期 3 个工作日".
type deadlineView struct {
	Rule     string `json:"rule"`
	Due      *date  `json:"due,omitempty"`
	Actual   *date  `json:"actual,omitempty"`
	Earliest bool   `json:"earliest,omitempty"` // due is the earliest allowed end of a period
	State    string `json:"state"`              // on-time, late, overdue, pending
	Delay    int    `json:"delay,omitempty"`
	Unit     string `json:"unit,omitempty"`
}

// deadlinesFor picks a stage's deadlines out of its project's, in their order.
func deadlinesFor(all []rules.Deadline, kind records.NoticeKind, index int) []deadlineView {
	var out []deadlineView
	for _, d := range all {
		if d.Stage == kind && d.Index == index {
			out = append(out, deadlineView{Rule: d.Rule, Due: dateOf(d.Due), Actual: dateOf(d.Actual), Earliest: d.Earliest,
				State: string(d.State), Delay: d.Delay, Unit: string(d.Unit)})
		}
	}
	return out
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (g *gen) providerRef(code string) ref {
	r := ref{ID: code, Name: code, URL: links.Provider(code)}
	if p := g.ds.Index.Provider[code]; p != nil {
		r.Name = p.Name
	}
	return r
}

func (g *gen) stage(n records.Notice) stageView {
	p := n.Project
	v := stageView{Kind: string(n.Kind), Index: n.Index, URL: links.Notice(n), Published: dateOf(n.Published)}
	// Shown only when the history proves the stage became public after the date it states.
	if fs := n.FirstSeen(); fs.After(n.Published) {
		v.FirstSeen = dateOf(fs)
	}
	switch n.Kind {
	case records.KindIntention:
		s := p.Intention
		v.Intention = &intentionView{ExpectedMonth: s.ExpectedMonth, Demand: markdownHTML(s.Demand), Budget: optMoney(s.Budget)}
	case records.KindSingleSource:
		s := p.SingleSource
		v.SingleSource = &singleSourceView{Ends: dateOf(s.Ends), Provider: g.providerRef(s.Provider),
			Reason: markdownHTML(s.Reason), ExpertOpinion: markdownHTML(s.ExpertOpinion), Experts: s.Experts}
	case records.KindCall:
		v.Call = g.call(p.Call)
	case records.KindAmendment:
		s := p.Amendments[n.Index-1]
		v.Amendment = &amendmentView{Reason: s.Reason, NewDeadline: dateTimeOf(s.NewDeadline), Changes: changeViews(s)}
	case records.KindAward:
		s := p.Award
		a := &awardView{Decided: dateOf(s.Decided), Bids: s.Bids, Experts: s.Experts, AgencyFee: optMoney(s.AgencyFee)}
		for _, w := range s.Winners {
			a.Winners = append(a.Winners, winnerView{Provider: g.providerRef(w.Provider), Amount: moneyOf(w.Amount)})
		}
		if len(s.Winners) > 1 {
			a.Total = moneyOf(figures.AwardTotal(s))
		}
		for _, sc := range s.Scores {
			a.Scores = append(a.Scores, scoreView{Bidder: sc.Bidder, Score: nonZeroScore(sc.Score), Rank: sc.Rank})
		}
		v.Award = a
	case records.KindContract:
		s := p.Contract
		c := &contractView{Number: s.Number, Signed: dateOf(s.Signed), Provider: g.providerRef(s.Provider),
			Amount: moneyOf(s.Amount), Subject: s.Subject, Scope: s.Scope, Quantity: s.Quantity, Quality: s.Quality,
			Period: periodOf(s.Period), Place: s.Place, PaymentMethod: s.PaymentMethod,
			Obligations: markdownHTML(s.Obligations), Liability: markdownHTML(s.Liability)}
		if s.Document != nil {
			d := docOf(*s.Document)
			c.Document = &d
		}
		v.Contract = c
	case records.KindEvaluation:
		s := p.Evaluations[n.Index-1]
		e := &evaluationView{Kind: s.Kind, Date: dateOf(s.Date), EvaluatorKind: s.Evaluator.Kind, Evaluator: s.Evaluator.Name,
			Score: score(s.Score), Grade: s.Grade, Failed: s.Grade == "不合格", Findings: markdownHTML(s.Findings)}
		for _, is := range s.Indicators {
			e.Indicators = append(e.Indicators, indicatorView{Name: is.Name, Weight: is.Weight, Score: score(is.Score)})
		}
		if c := s.Consequence; c != nil {
			e.Consequence = &consequenceV{Kind: c.Kind, Detail: c.Detail, From: dateOf(c.From), To: dateOf(c.To)}
		}
		v.Evaluation = e
	case records.KindTermination:
		t := &terminationView{Reason: markdownHTML(p.Termination.Reason)}
		for _, m := range g.noticesOf(p) { // lifecycle order: the call, when there is one, comes last
			if m.Kind == records.KindCall || m.Kind == records.KindSingleSource || m.Kind == records.KindIntention {
				t.Ends = &endsView{Kind: string(m.Kind), URL: links.Notice(m), Published: dateOf(m.Published)}
			}
		}
		v.Termination = t
	}
	v.Findings = g.findingsFor(p.ID, string(n.Kind), n.Index)
	return v
}

func nonZeroScore(f float64) string {
	if f == 0 {
		return ""
	}
	return score(f)
}

func (g *gen) call(s *records.Call) *callView {
	c := &callView{Method: s.Method, MethodDetail: s.MethodDetail,
		DocumentsFrom: dateOf(s.DocumentsFrom), DocumentsTo: dateOf(s.DocumentsTo), DocumentsAt: s.DocumentsAt,
		BidDeadline: dateTimeOf(s.BidDeadline), OpeningTime: dateTimeOf(s.Opening.Time), OpeningPlace: s.Opening.Place,
		Ceiling: optMoney(s.Ceiling), Conditions: markdownHTML(s.Conditions),
		Scope: s.Service.Scope, Quantity: s.Service.Quantity, Quality: s.Service.Quality,
		Period: periodOf(s.Service.Period), Place: s.Service.Place,
		StandardText: markdownHTML(s.Standard.Text), Consortium: s.Consortium}
	if a := s.Approval; a != nil {
		c.Approval = &approvalView{Document: a.Document, Date: dateOf(a.Date)}
	}
	for _, in := range s.Standard.Indicators {
		c.Indicators = append(c.Indicators, indicatorView{Name: in.Name, Weight: in.Weight, Description: in.Description})
	}
	if a := s.Agency; a != nil {
		c.Agency = &agencyView{Name: a.Name, CreditCode: a.CreditCode, Contact: contactOf(a.Contact)}
	}
	for _, ct := range s.Contacts {
		if v := contactOf(ct); v != nil {
			c.Contacts = append(c.Contacts, v)
		}
	}
	for _, d := range s.Documents {
		c.Documents = append(c.Documents, docOf(d))
	}
	return c
}

// particulars are what the 2020 notice-format specification (政府采购公告和公示信息格式规范（2020年版）)
// asks every notice to state besides its own fields: the purchase form, the legal basis, and who
// to contact — the buyer, the agency and the project contacts of the call (a call notice shows
// its agency and contacts in its own fields, so they are not repeated).
type particulars struct {
	Form     string              `json:"form,omitempty"`
	Legal    []map[string]string `json:"legal,omitempty"`
	Buyer    ref                 `json:"buyer"`
	Contact  *contact            `json:"contact,omitempty"` // the buyer's office
	Agency   *agencyView         `json:"agency,omitempty"`
	Contacts []*contact          `json:"contacts,omitempty"`
}

func (g *gen) noticeParticulars(p *records.Project, n records.Notice) particulars {
	v := particulars{Form: p.Form, Buyer: g.bodyRef(p.Body)}
	for _, l := range p.LegalBasis {
		v.Legal = append(v.Legal, map[string]string{"number": l.Number, "title": l.Title})
	}
	if b := g.ds.Index.Body[p.Body]; b != nil {
		v.Contact = contactOf(b.Contact)
	}
	if c := p.Call; c != nil && n.Kind != records.KindCall && g.visible(c.Published) {
		cv := g.call(c)
		v.Agency, v.Contacts = cv.Agency, cv.Contacts
	}
	return v
}
