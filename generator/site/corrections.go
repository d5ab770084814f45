package site

import (
	"cmp"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// A notice page shows the notice as it was published; what changed later is said around it: a
// banner with the project's status and every later correction, and on the project page the call
// as corrected with each corrected field marked. Every value comes from records.CallAsOf and
// records.CorrectionsAsOf, so the pages, the feeds and the open data agree on what is in force.

// valueView is a call field's value as the templates show it: exactly one part is set.
type valueView struct {
	Text  string `json:"text,omitempty"`
	Money *money `json:"money,omitempty"`
	Date  *date  `json:"date,omitempty"`
	Bool  string `json:"bool,omitempty"` // i18n key: yes | no
	HTML  string `json:"html,omitempty"` // a Markdown text, rendered
}

// valueOf reads a value written in the data format (a change's from/to, a Correction's
// original) as the field's type; what does not parse is shown as written.
func valueOf(f records.CallField, s string) valueView {
	switch f.Type {
	case records.FieldMoney:
		if m, err := records.ParseMoney(s); err == nil {
			return valueView{Money: moneyOf(m)}
		}
	case records.FieldDate:
		if d, err := records.ParseDate(s); err == nil {
			return valueView{Date: dateOf(d)}
		}
	case records.FieldDateTime:
		if d, err := records.ParseDateTime(s); err == nil {
			return valueView{Date: dateTimeOf(d)}
		}
	case records.FieldBool:
		switch s {
		case "true", "是", "接受":
			return valueView{Bool: "yes"}
		case "false", "否", "不接受":
			return valueView{Bool: "no"}
		}
	}
	return valueView{Text: s}
}

// correctedView marks a field of the call in force: which correction last changed it, and
// the value first published.
type correctedView struct {
	Label    string    `json:"label"`
	Date     *date     `json:"date"`
	Index    int       `json:"index"`
	URL      string    `json:"url"`
	Original valueView `json:"original"`
}

// currentCall is the call in force on the build date, each corrected field marked (keyed by
// its canonical path, e.g. opening.place).
func (g *gen) currentCall(p *records.Project) *callView {
	c := p.CallAsOf(g.asOf)
	if c == nil {
		return nil
	}
	v := g.call(c)
	// A corrected Markdown text is shown whole as first published, rendered from the call itself.
	originalHTML := map[string]string{"conditions": markdownHTML(p.Call.Conditions), "standard.text": markdownHTML(p.Call.Standard.Text)}
	for _, cr := range p.CorrectionsAsOf(g.asOf) {
		if v.Corrected == nil {
			v.Corrected = map[string]correctedView{}
		}
		n := records.Notice{Kind: records.KindAmendment, Index: cr.Amendment, Published: cr.Published, Project: p}
		orig := valueOf(cr.Field, cr.Original)
		if cr.Field.Type == records.FieldMarkdown {
			orig = valueView{HTML: originalHTML[cr.Field.Path]}
		}
		v.Corrected[cr.Field.Path] = correctedView{Label: cr.Field.Label, Date: dateOf(cr.Published), Index: cr.Amendment,
			URL: links.Notice(n), Original: orig}
	}
	return v
}

// changeViews is an amendment's diff: each change with its field's label, the old and new values.
func changeViews(a *records.Amendment) []changeView {
	var out []changeView
	for _, c := range a.Changes {
		f, ok := records.CallFieldNamed(c.Field)
		if !ok { // check refuses it; shown as written should a caller skip the check
			out = append(out, changeView{Field: c.Field, From: valueView{Text: c.From}, To: valueView{Text: c.To}})
			continue
		}
		out = append(out, changeView{Field: f.Label, En: f.English, Path: f.Path, From: valueOf(f, c.From), To: valueOf(f, c.To)})
	}
	return out
}

// laterCorrection is a correction notice published after the notice a page shows.
type laterCorrection struct {
	Index  int      `json:"index"`
	Date   *date    `json:"date"`
	URL    string   `json:"url"`
	Reason string   `json:"reason,omitempty"`
	Fields []string `json:"fields,omitempty"` // labels of the fields it changed
	En     []string `json:"en,omitempty"`     // the same in English
}

// statusView is the project's status on the build date, as a banner says it.
type statusView struct {
	Key      string       `json:"key"` // i18n status-<phase>
	Since    *date        `json:"since,omitempty"`
	Deadline *date        `json:"deadline,omitempty"` // bid deadline in force, while open
	Winners  []winnerView `json:"winners,omitempty"`
	Awarded  *money       `json:"awarded,omitempty"`
	Contract *money       `json:"contract,omitempty"`
	Failed   bool         `json:"failed,omitempty"` // a result notice awarding nobody
}

func (g *gen) statusView(p *records.Project) statusView {
	s := p.StatusAsOf(g.asOf)
	v := statusView{Key: s.Key(), Since: dateOf(s.Since)}
	if s.Phase == records.PhaseOpen {
		v.Deadline = dateTimeOf(s.Deadline)
	}
	if p.Award != nil && records.Visible(p.Award.Published, g.asOf) {
		for _, w := range s.Winners {
			v.Winners = append(v.Winners, winnerView{Provider: g.providerRef(w.Provider), Amount: moneyOf(w.Amount)})
		}
		v.Awarded = moneyOf(s.Awarded)
		v.Failed = len(s.Winners) == 0
	}
	if s.Contract != nil {
		v.Contract = moneyOf(s.Contract.Amount)
	}
	return v
}

// banner is what a notice page says around the notice as published: the project's status now
// (g.statusView) and, for the call and its corrections, every correction published after it.
func (g *gen) banner(n records.Notice, status statusView) map[string]any {
	p := n.Project
	b := map[string]any{"status": status, "asof": dateOf(g.asOf)}
	if n.Kind != records.KindCall && n.Kind != records.KindAmendment {
		return b
	}
	var later []laterCorrection
	for i, a := range p.Amendments {
		if i+1 <= n.Index || !records.Visible(a.Published, g.asOf) {
			continue // this notice itself, an earlier one, or one not public yet
		}
		an := records.Notice{Kind: records.KindAmendment, Index: i + 1, Published: a.Published, Project: p}
		lc := laterCorrection{Index: i + 1, Date: dateOf(a.Published), URL: links.Notice(an), Reason: a.Reason}
		for _, c := range changeViews(a) {
			lc.Fields = append(lc.Fields, c.Field)
			lc.En = append(lc.En, cmp.Or(c.En, c.Field))
		}
		later = append(later, lc)
	}
	if later != nil {
		b["corrections"] = later
	}
	return b
}
