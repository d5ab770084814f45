package site

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/figures"
	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// The overview pages (home, budgets, bodies, providers, catalogue, sanctions, compliance, open
// data) get their figures computed here, so their layouts never range over every page: a change
// to one project re-renders its own pages and a handful of small summaries.

// executionView is an execution row as the templates show it.
type executionView struct {
	Key        string `json:"key,omitempty"`
	Label      string `json:"label"`
	URL        string `json:"url,omitempty"`
	Budgeted   *money `json:"budgeted"`
	Tendered   *money `json:"tendered"`
	Awarded    *money `json:"awarded"`
	Contracted *money `json:"contracted"`
	Paid       *money `json:"paid"`
	Projects   int    `json:"projects"`
	Rate       string `json:"rate"` // paid / budgeted, percent

	vals [5]records.Money // the five steps in fen, for charts
}

func view(e figures.Amounts, key, label, url string) executionView {
	return executionView{Key: key, Label: label, URL: url, Budgeted: moneyOf(e.Budgeted), Tendered: moneyOf(e.Tendered),
		Awarded: moneyOf(e.Awarded), Contracted: moneyOf(e.Contracted), Paid: moneyOf(e.Paid), Projects: e.Projects,
		Rate: percent(int64(e.Paid), int64(e.Budgeted)),
		vals: [5]records.Money{e.Budgeted, e.Tendered, e.Awarded, e.Contracted, e.Paid}}
}

// percent is a/b with one decimal, "—" when b is 0.
func percent(a, b int64) string {
	if b == 0 {
		return "—"
	}
	t := (a*1000 + b/2) / b
	return strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10) + "%"
}

// --- home --------------------------------------------------------------------------------------

func (g *gen) home() {
	year := g.asOf.Year
	if year == 0 && len(g.years) > 0 {
		year = g.years[len(g.years)-1]
	}
	// The year's figures are the budget page's (package figures): one basis, one computation.
	var total figures.Amounts
	if y := g.fig.Years[year]; y != nil {
		total = y.Total
	}
	type openCall struct {
		Title    string `json:"title"`
		URL      string `json:"url"`
		Project  string `json:"project"`
		Body     ref    `json:"body"`
		Deadline *date  `json:"deadline"`
		DaysLeft int    `json:"daysleft"`
		Amount   *money `json:"amount"`
	}
	var open []openCall
	for _, p := range g.projects {
		c := p.Call
		if c == nil || !g.visible(c.Published) || c.BidDeadline.IsZero() ||
			(p.Award != nil && g.visible(p.Award.Published)) ||
			(p.Termination != nil && g.visible(p.Termination.Published)) {
			continue
		}
		deadline := c.BidDeadline
		for _, a := range p.Amendments {
			if g.visible(a.Published) && !a.NewDeadline.IsZero() {
				deadline = a.NewDeadline
			}
		}
		if g.asOf.IsZero() || deadline.Date().Before(g.asOf) {
			continue
		}
		amount := optMoney(c.Ceiling)
		if amount == nil {
			amount = moneyOf(p.Budget)
		}
		open = append(open, openCall{Title: p.Title, URL: links.Notice(records.Notice{Kind: records.KindCall, Project: p}),
			Project: links.Project(p.ID), Body: g.bodyRef(p.Body), Deadline: dateTimeOf(deadline),
			DaysLeft: g.asOf.DaysUntil(deadline.Date()), Amount: amount})
	}
	sort.SliceStable(open, func(i, j int) bool {
		if open[i].DaysLeft != open[j].DaysLeft {
			return open[i].DaysLeft < open[j].DaysLeft
		}
		return open[i].URL < open[j].URL
	})
	type latest struct {
		Title string `json:"title"` // the project's; the layout adds the kind in the page's language
		Index int    `json:"index,omitempty"`
		URL   string `json:"url"`
		Date  *date  `json:"date"`
		Body  ref    `json:"body"`
	}
	type kindLatest struct {
		Kind    string   `json:"kind"`
		URL     string   `json:"url"`
		Count   int      `json:"count"`
		Notices []latest `json:"notices"`
	}
	var kinds []kindLatest
	for _, k := range records.NoticeKinds {
		kl := kindLatest{Kind: string(k), URL: links.NoticeList(k), Count: len(g.byKind[k])}
		for i, n := range g.byKind[k] {
			if i == 5 {
				break
			}
			kl.Notices = append(kl.Notices, latest{n.Project.Title, n.Index, links.Notice(n), dateOf(n.Published), g.bodyRef(n.Project.Body)})
		}
		kinds = append(kinds, kl)
	}
	// Ways in for a citizen who knows who buys or what kind of service, not a project's name.
	var bodies, cats []ref
	for _, b := range g.ds.Bodies {
		bodies = append(bodies, g.bodyRef(b.ID))
	}
	if g.ds.Catalogue != nil {
		for _, c := range g.ds.Catalogue.Categories {
			cats = append(cats, ref{ID: c.Code, Name: c.Code + " " + c.Name, URL: links.Catalogue + "#" + c.Code})
		}
	}
	site := g.ds.Site
	if site == nil {
		site = &records.Site{}
	}
	g.section("", site.Title, map[string]any{
		"bodies":     bodies,
		"categories": cats,
		"year":       year,
		"asof":       dateOf(g.asOf),
		"budget":     moneyOf(total.Budgeted),
		"projects":   total.Projects,
		"awarded":    moneyOf(total.Awarded),
		"contracted": moneyOf(total.Contracted),
		"paid":       moneyOf(total.Paid),
		"open":       open,
		"latest":     kinds,
		"publisher":  site.Publisher,
		"region":     site.Region,
		"contact":    contactOf(site.Contact),
		"license":    map[string]string{"name": site.License, "url": site.LicenseURL},
		"feed":       links.FeedAll,
		"search":     g.searchURL,
	})
}

// --- budgets -----------------------------------------------------------------------------------

func (g *gen) budgets() {
	byYear := g.fig.Years
	var years []executionView
	for i := len(g.years) - 1; i >= 0; i-- {
		y := g.years[i]
		ye := byYear[y]
		if ye == nil {
			continue
		}
		years = append(years, view(ye.Total, strconv.Itoa(y), strconv.Itoa(y), links.Budgets(y)))
	}
	g.section("budgets", "预算", map[string]any{"years": years, "chart": barChart(years), "csv": links.CSVBudgets})

	for _, y := range g.years {
		ye := byYear[y]
		if ye == nil {
			continue
		}
		var bodies, cats, sources []executionView
		for _, b := range g.ds.Bodies {
			if e := ye.Body[b.ID]; e != nil {
				bodies = append(bodies, view(*e, b.ID, b.Name, links.Body(b.ID)))
			}
		}
		if g.ds.Catalogue != nil {
			for _, c := range g.ds.Catalogue.Categories {
				if e := ye.Cat[c.Code]; e != nil {
					cats = append(cats, view(*e, c.Code, c.Code+" "+c.Name, links.Catalogue+"#"+c.Code))
				}
			}
		}
		for _, s := range records.FundingSources {
			if e := ye.Source[s]; e != nil {
				sources = append(sources, view(*e, s, s, ""))
			}
		}
		// Lines of the year, for the detailed table.
		type lineView struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Body   ref    `json:"body"`
			Item   string `json:"item"`
			Amount *money `json:"amount"`
			Source string `json:"source"`
			Note   string `json:"note,omitempty"`
		}
		var lines []lineView
		for _, by := range g.ds.Budgets {
			if by.Year != y {
				continue
			}
			for _, bb := range by.Bodies {
				for _, l := range bb.Lines {
					lines = append(lines, lineView{l.ID, l.Name, g.bodyRef(bb.Body), l.Item, moneyOf(l.Amount), l.Source, l.Note})
				}
			}
		}
		g.emit("budgets/"+strconv.Itoa(y)+".md", map[string]any{
			"title":   strconv.Itoa(y),
			"year":    y,
			"total":   view(ye.Total, "total", "total", ""),
			"bodies":  bodies,
			"cats":    cats,
			"sources": sources,
			"charts": map[string]*chart{
				"bodies": barChart(bodies), "cats": barChart(cats), "sources": barChart(sources),
			},
			"lines": lines,
			"csv":   links.CSVBudgets,
			"ocds":  links.OCDSYear(y),
		})
	}
}

// --- bodies ------------------------------------------------------------------------------------

func (g *gen) bodies() {
	type projectRow struct {
		projectBrief
		Award    *money       `json:"award,omitempty"`
		Contract *money       `json:"contract,omitempty"`
		Paid     *money       `json:"paid,omitempty"`
		Since    *date        `json:"since,omitempty"` // its first public notice
		first    records.Date // the same, to sort by: the table is in date order, newest first
	}
	byBody := map[string][]projectRow{}
	for _, p := range g.projects {
		f := g.fig.Project[p.ID]
		byBody[p.Body] = append(byBody[p.Body], projectRow{projectBrief: g.brief(p), Award: optMoney(f.Awarded),
			Contract: optMoney(f.Contracted), Paid: optMoney(f.Paid), Since: dateOf(g.noticesOf(p)[0].Published), first: g.noticesOf(p)[0].Published})
	}
	findings := map[string][]findingView{}
	for _, f := range g.ds.Findings {
		findings[f.Body] = append(findings[f.Body], g.findingView(f))
	}
	type disclosure struct {
		Year    int    `json:"year"`
		Checked int    `json:"checked"`
		OnTime  int    `json:"ontime"`
		Rate    string `json:"rate"`
	}
	disc := map[string][]disclosure{}
	for _, d := range g.ds.Disclosure {
		disc[d.Body] = append(disc[d.Body], disclosure{d.Year, d.Checked, d.OnTime, percent(int64(d.OnTime), int64(d.Checked))})
	}
	for _, ds := range disc { // newest year first, like the execution table beside it
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Year > ds[j].Year })
	}

	type bodyRow struct {
		ref
		Kind     string `json:"kind"`
		Projects int    `json:"projects"`
		Budgeted *money `json:"budgeted"`
		Paid     *money `json:"paid"`
		Findings int    `json:"findings"`
		Rate     string `json:"rate"`
	}
	var rows []bodyRow
	for _, b := range g.ds.Bodies {
		var all figures.Amounts
		var years []executionView
		for _, y := range g.fig.BodyYears(b.ID) {
			e := g.fig.BodyYear[b.ID][y]
			all.Add(*e)
			years = append(years, view(*e, strconv.Itoa(y), strconv.Itoa(y), links.Budgets(y)))
		}
		checked, onTime := 0, 0
		for _, d := range disc[b.ID] {
			checked += d.Checked
			onTime += d.OnTime
		}
		rate := percent(int64(onTime), int64(checked))
		rows = append(rows, bodyRow{ref: g.bodyRef(b.ID), Kind: b.Kind, Projects: len(byBody[b.ID]),
			Budgeted: moneyOf(all.Budgeted), Paid: moneyOf(all.Paid), Findings: len(findings[b.ID]), Rate: rate})
		var parent *ref
		if b.Parent != "" {
			r := g.bodyRef(b.Parent)
			parent = &r
		}
		projects := byBody[b.ID]
		sort.SliceStable(projects, func(i, j int) bool {
			if c := projects[i].first.Compare(projects[j].first); c != 0 {
				return c > 0
			}
			return projects[i].ID < projects[j].ID
		})
		g.emit("bodies/"+b.ID+".md", map[string]any{
			"title":      b.Name,
			"body":       map[string]any{"id": b.ID, "name": b.Name, "kind": b.Kind, "creditcode": b.CreditCode, "parent": parent, "contact": contactOf(b.Contact)},
			"projects":   projects,
			"execution":  years,
			"chart":      barChart(years),
			"disclosure": disc[b.ID],
			"rate":       rate,
			"findings":   findings[b.ID],
			"feed":       links.BodyFeed(b.ID),
		})
	}
	g.section("bodies", "购买主体", map[string]any{"bodies": rows})
}

// --- providers ---------------------------------------------------------------------------------

func (g *gen) providers() {
	type win struct {
		Project projectBrief `json:"project"`
		URL     string       `json:"url"`
		Date    *date        `json:"date"`
		Amount  *money       `json:"amount"`
	}
	type evalRow struct {
		Project projectBrief `json:"project"`
		Eval    evalBrief    `json:"eval"`
		URL     string       `json:"url"`
	}
	awards := map[string][]win{}
	contracts := map[string][]win{}
	evals := map[string][]evalRow{}
	for _, p := range g.projects {
		var h *projectBrief
		lazy := func() projectBrief {
			if h == nil {
				v := g.brief(p)
				h = &v
			}
			return *h
		}
		if a := p.Award; a != nil && g.visible(a.Published) {
			n := records.Notice{Kind: records.KindAward, Published: a.Published, Project: p}
			for _, w := range a.Winners {
				awards[w.Provider] = append(awards[w.Provider], win{lazy(), links.Notice(n), dateOf(a.Published), moneyOf(w.Amount)})
			}
		}
		if c := p.Contract; c != nil && g.visible(c.Published) {
			n := records.Notice{Kind: records.KindContract, Published: c.Published, Project: p}
			contracts[c.Provider] = append(contracts[c.Provider], win{lazy(), links.Notice(n), dateOf(c.Signed), moneyOf(c.Amount)})
		}
		// Evaluations judge whoever holds the contract (else the award).
		holder := ""
		if p.Contract != nil && g.visible(p.Contract.Published) {
			holder = p.Contract.Provider
		} else if p.Award != nil && g.visible(p.Award.Published) && len(p.Award.Winners) > 0 {
			holder = p.Award.Winners[0].Provider
		}
		if holder != "" {
			for i, e := range p.Evaluations {
				if !g.visible(e.Published) {
					continue
				}
				n := records.Notice{Kind: records.KindEvaluation, Index: i + 1, Published: e.Published, Project: p}
				sv := g.stage(n)
				evals[holder] = append(evals[holder], evalRow{lazy(), briefEval(sv.Evaluation), sv.URL})
			}
		}
	}
	type provRow struct {
		ref
		Kind      string `json:"kind"`
		Grade     string `json:"grade,omitempty"`
		Awards    int    `json:"awards"`
		AwardSum  *money `json:"awardsum"`
		Contracts int    `json:"contracts"`
		Sanctions int    `json:"sanctions"`
	}
	// Newest first, like every list of the site. Each list is sorted on its own, so the order
	// the maps are visited in does not matter.
	newest := func(a, b *date) bool { return a != nil && (b == nil || a.ISO > b.ISO) }
	for _, ws := range awards {
		sort.SliceStable(ws, func(i, j int) bool { return newest(ws[i].Date, ws[j].Date) })
	}
	for _, ws := range contracts {
		sort.SliceStable(ws, func(i, j int) bool { return newest(ws[i].Date, ws[j].Date) })
	}
	for _, es := range evals {
		sort.SliceStable(es, func(i, j int) bool { return newest(es[i].Eval.Date, es[j].Eval.Date) })
	}
	var rows []provRow
	for _, pr := range g.ds.Providers {
		sanctions := g.sanctionsOf(pr)
		won := g.fig.Provider[pr.CreditCode]
		if won == nil {
			won = &figures.Won{}
		}
		rows = append(rows, provRow{ref: g.providerRef(pr.CreditCode), Kind: pr.Kind, Grade: pr.Grade,
			Awards: won.Awards, AwardSum: moneyOf(won.Awarded), Contracts: won.Contracts,
			Sanctions: len(sanctions)})
		g.emit("providers/"+pr.CreditCode+".md", map[string]any{
			"title": pr.Name,
			"provider": map[string]any{"creditcode": pr.CreditCode, "name": pr.Name, "kind": pr.Kind, "grade": pr.Grade,
				"inspection": pr.InspectionYears, "authority": pr.RegistrationAuthority, "address": pr.Address},
			"awards":      awards[pr.CreditCode],
			"awardsum":    moneyOf(won.Awarded),
			"contracts":   contracts[pr.CreditCode],
			"contractsum": moneyOf(won.Contracted),
			"evaluations": evals[pr.CreditCode],
			"sanctions":   sanctions,
		})
	}
	g.section("providers", "承接主体", map[string]any{"providers": rows})
}

// evalBrief is an evaluation as a row in a provider's history or the sanctions list.
type evalBrief struct {
	Kind          string        `json:"kind"`
	Date          *date         `json:"date,omitempty"`
	EvaluatorKind string        `json:"evaluatorkind,omitempty"`
	Evaluator     string        `json:"evaluator,omitempty"`
	Score         string        `json:"score"`
	Grade         string        `json:"grade"`
	Failed        bool          `json:"failed"`
	Consequence   *consequenceV `json:"consequence,omitempty"`
}

func briefEval(e *evaluationView) evalBrief {
	return evalBrief{Kind: e.Kind, Date: e.Date, EvaluatorKind: e.EvaluatorKind, Evaluator: e.Evaluator,
		Score: e.Score, Grade: e.Grade, Failed: e.Failed, Consequence: e.Consequence}
}

type sanctionView struct {
	Provider  ref    `json:"provider"`
	From      *date  `json:"from,omitempty"`
	To        *date  `json:"to,omitempty"`
	Reason    string `json:"reason"`
	Document  string `json:"document,omitempty"`
	DecidedBy string `json:"decidedby,omitempty"`
	Barred    bool   `json:"barred"`
	Active    bool   `json:"active"`
	URL       string `json:"url,omitempty"` // the evaluation that gave rise to it, if any
}

// sanctionsOf lists a provider's recorded sanctions that have begun by the build date.
func (g *gen) sanctionsOf(pr *records.Provider) []sanctionView {
	var out []sanctionView
	for _, s := range pr.Sanctions {
		if !s.From.IsZero() && !g.visible(s.From) {
			continue
		}
		decided := s.DecidedBy
		if b := g.ds.Index.Body[s.DecidedBy]; b != nil {
			decided = b.Name
		}
		active := !g.asOf.IsZero() && !g.asOf.Before(s.From) && (s.To.IsZero() || !g.asOf.After(s.To))
		out = append(out, sanctionView{Provider: g.providerRef(pr.CreditCode), From: dateOf(s.From), To: dateOf(s.To),
			Reason: s.Reason, Document: s.Document, DecidedBy: decided, Barred: s.Barred, Active: active})
	}
	return out
}

// --- catalogue ---------------------------------------------------------------------------------

type catNode struct {
	Code     string     `json:"code"`
	Name     string     `json:"name"`
	Level    int        `json:"level"`
	Excluded bool       `json:"excluded"`
	URL      string     `json:"url,omitempty"`
	Count    int        `json:"count"`
	Children []*catNode `json:"children,omitempty"`
}

func (g *gen) catalogue() {
	byItem := map[string][]projectBrief{}
	for _, p := range g.projects {
		byItem[p.Item] = append(byItem[p.Item], g.brief(p))
	}
	var walk func(n *records.CatalogueNode) *catNode
	walk = func(n *records.CatalogueNode) *catNode {
		v := &catNode{Code: n.Code, Name: n.Name, Level: n.Level, Excluded: n.Excluded, Count: len(byItem[n.Code])}
		if len(n.Children) == 0 {
			v.URL = links.CatalogueItem(n.Code)
			ps := byItem[n.Code]
			sort.SliceStable(ps, func(i, j int) bool {
				if ps[i].Year != ps[j].Year {
					return ps[i].Year > ps[j].Year
				}
				return ps[i].ID < ps[j].ID
			})
			g.emit("catalogue/"+n.Code+".md", map[string]any{
				"title": n.Name, "code": n.Code, "excluded": n.Excluded, "item": g.item(n.Code), "projects": ps,
			})
		}
		for _, c := range n.Children {
			cv := walk(c)
			v.Count += cv.Count
			v.Children = append(v.Children, cv)
		}
		return v
	}
	var tree []*catNode
	if g.ds.Catalogue != nil {
		for _, c := range g.ds.Catalogue.Categories {
			tree = append(tree, walk(c))
		}
	}
	g.section("catalogue", "指导目录", map[string]any{"tree": tree})
}

// --- sanctions ---------------------------------------------------------------------------------

func (g *gen) sanctions() {
	var recorded []sanctionView
	for _, pr := range g.ds.Providers {
		recorded = append(recorded, g.sanctionsOf(pr)...)
	}
	type failed struct {
		Provider ref          `json:"provider"`
		Project  projectBrief `json:"project"`
		Eval     evalBrief    `json:"eval"`
		URL      string       `json:"url"`
	}
	var fails []failed
	for _, p := range g.projects {
		for i, e := range p.Evaluations {
			if !g.visible(e.Published) || (e.Grade != "不合格" && e.Consequence == nil) {
				continue
			}
			holder := ""
			if p.Contract != nil && g.visible(p.Contract.Published) {
				holder = p.Contract.Provider
			} else if p.Award != nil && g.visible(p.Award.Published) && len(p.Award.Winners) > 0 {
				holder = p.Award.Winners[0].Provider
			}
			sv := g.stage(records.Notice{Kind: records.KindEvaluation, Index: i + 1, Published: e.Published, Project: p})
			fails = append(fails, failed{g.providerRef(holder), g.brief(p), briefEval(sv.Evaluation), sv.URL})
		}
	}
	g.section("sanctions", "不良记录", map[string]any{"recorded": recorded, "failed": fails})
}

// --- compliance --------------------------------------------------------------------------------

func (g *gen) compliance() {
	type count struct {
		Key    string `json:"key"`
		Label  string `json:"label"`
		URL    string `json:"url,omitempty"`
		Source string `json:"source,omitempty"`
		Count  int    `json:"count"`
		Late   int    `json:"late"`
		Miss   int    `json:"missing"`
	}
	tally := func(m map[string]*count, order *[]string, key, label, url, source string, f records.Finding) {
		c := m[key]
		if c == nil {
			c = &count{Key: key, Label: label, URL: url, Source: source}
			m[key] = c
			*order = append(*order, key)
		}
		c.Count++
		if f.Missing {
			c.Miss++
		} else {
			c.Late++
		}
	}
	byRule, byBody, byYear := map[string]*count{}, map[string]*count{}, map[string]*count{}
	var ruleOrder, bodyOrder, yearOrder []string
	var all []findingView
	members := map[string]map[string][]int{"rule": {}, "body": {}, "year": {}} // facet → value → findings
	for i, f := range g.ds.Findings {
		b := g.bodyRef(f.Body)
		year := strconv.Itoa(f.Year)
		tally(byRule, &ruleOrder, f.Rule, f.Rule, links.ComplianceFilter("rule", f.Rule), f.Source, f)
		tally(byBody, &bodyOrder, f.Body, b.Name, links.ComplianceFilter("body", f.Body), "", f)
		tally(byYear, &yearOrder, year, year, links.ComplianceFilter("year", year), "", f)
		all = append(all, g.findingView(f))
		members["rule"][f.Rule] = append(members["rule"][f.Rule], i)
		members["body"][f.Body] = append(members["body"][f.Body], i)
		members["year"][year] = append(members["year"][year], i)
	}
	list := func(m map[string]*count, order []string, desc bool) []count {
		sort.Strings(order)
		if desc {
			sort.Sort(sort.Reverse(sort.StringSlice(order)))
		}
		out := make([]count, 0, len(order))
		for _, k := range order {
			out = append(out, *m[k])
		}
		return out
	}
	// Every rule the site checks, from package rules (the one place a rule is defined), with this
	// site's threshold and how often it was broken.
	type ruleView struct {
		Code    string `json:"code"`
		Summary string `json:"summary"`
		English string `json:"english"`
		Source  string `json:"source"`
		Count   int    `json:"count"`
	}
	var ruleList []ruleView
	for _, r := range rules.Registry {
		n := strconv.Itoa(r.ThresholdFor(g.ds.Site))
		c := 0
		if byRule[r.Code] != nil {
			c = byRule[r.Code].Count
		}
		ruleList = append(ruleList, ruleView{Code: r.Code, Summary: strings.ReplaceAll(r.Summary, "{n}", n),
			English: strings.ReplaceAll(r.SummaryEnglish, "{n}", n), Source: r.Source, Count: c})
	}
	byrule, bybody, byyear := list(byRule, ruleOrder, false), list(byBody, bodyOrder, false), list(byYear, yearOrder, true)
	g.section("compliance", "合规", map[string]any{
		"byrule": byrule, "bybody": bybody, "byyear": byyear, "findings": all, "rules": ruleList,
	})
	// The findings filtered by rule, body or year: static pages, linked from the filter bar and
	// the summary tables, each carrying its own rows.
	filters := map[string][]count{"rule": byrule, "body": bybody, "year": byyear}
	for _, facet := range []string{"rule", "body", "year"} {
		for _, c := range filters[facet] {
			rows := make([]findingView, 0, c.Count)
			for _, i := range members[facet][c.Key] {
				rows = append(rows, all[i])
			}
			g.emit(contentPath(c.URL), map[string]any{
				"title": c.Label, "layout": "compliance-filter", "facet": facet, "key": c.Key, "here": c.URL,
				"filters": filters, "findings": rows,
			})
		}
	}
}

// --- open data ---------------------------------------------------------------------------------

func (g *gen) openData() {
	type file struct {
		Label string `json:"label"`
		URL   string `json:"url"`
	}
	type table struct {
		Zh  string `json:"zh"`
		En  string `json:"en"`
		URL string `json:"url"`
	}
	var ocds, feeds, bodyFeeds, schemas []file
	var csv []table
	for i := len(g.years) - 1; i >= 0; i-- {
		ocds = append(ocds, file{strconv.Itoa(g.years[i]), links.OCDSYear(g.years[i])})
	}
	for _, k := range records.NoticeKinds {
		feeds = append(feeds, file{string(k), links.Feed(k)})
	}
	// Every table the export writes, named as its CSV on the Web metadata names it.
	for _, t := range export.CSVTables() {
		csv = append(csv, table{t.Title, t.TitleEn, t.File})
	}
	for _, b := range g.ds.Bodies {
		bodyFeeds = append(bodyFeeds, file{b.Name, links.BodyFeed(b.ID)})
	}
	for _, s := range []string{"site", "bodies", "provider", "catalogue", "budget", "calendar", "project"} {
		schemas = append(schemas, file{s, links.Schema(s)})
	}
	site := g.ds.Site
	if site == nil {
		site = &records.Site{}
	}
	g.section("data", "开放数据", map[string]any{
		"ocds": ocds, "csv": csv, "feeds": feeds, "feedall": links.FeedAll, "bodyfeeds": bodyFeeds, "schemas": schemas,
		"license": map[string]string{"name": site.License, "url": site.LicenseURL}, "prefix": site.OCIDPrefix,
		"example": exampleProject(g.projects),
		"changes": links.OCDSChangesIndex, "csvmeta": links.CSVMetadata,
		// The worked example fetches the days of the week before the build.
		"since": g.ds.AsOf.AddDays(-7).String(),
	})
}

func exampleProject(ps []*records.Project) map[string]string {
	if len(ps) == 0 {
		return nil
	}
	id := ps[0].ID
	return map[string]string{"id": id, "release": links.OCDSReleasePackage(id), "record": links.OCDSRecordPackage(id)}
}
