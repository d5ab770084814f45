package site

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// File is one generated Hugo content file: JSON front matter carrying exactly what its layout
// needs, and no body. Path is relative to Hugo's content root, with forward slashes.
type File struct {
	Path string
	Data []byte
}

// Pages generates the content files for every page of the site from ds, judged as of ds.AsOf:
// a stage published after AsOf appears nowhere. The result is sorted by path and identical for
// identical input. Per-project files (the project page and its notices) depend only on that
// project and the records it refers to; the overview pages carry precomputed summaries so that
// no layout has to range over every page.
func Pages(ds *records.Dataset) []File {
	g := newGen(ds)
	g.home()
	g.noticeLists()
	g.files = append(g.files, g.projectPages()...)
	g.projectList()
	g.budgets()
	g.bodies()
	g.providers()
	g.catalogue()
	g.sanctions()
	g.compliance()
	g.openData()
	g.search()
	sortFiles(g.files)
	return g.files
}

// projectPages generates every project's page and notices. Projects are independent of each
// other, so the work is split across the CPUs; the caller sorts the result.
func (g *gen) projectPages() []File {
	workers := runtime.GOMAXPROCS(0)
	parts := make([][]File, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := *g // shares the read-only lookups; only files is written
			local.files = nil
			for i := w; i < len(g.projects); i += workers {
				local.project(g.projects[i])
			}
			parts[w] = local.files
		}()
	}
	wg.Wait()
	var out []File
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// gen holds the dataset and the lookups every page shares.
type gen struct {
	ds       *records.Dataset
	asOf     records.Date
	files    []File
	projects []*records.Project // visible: at least one stage published by AsOf
	byKind   map[records.NoticeKind][]records.Notice
	findings map[string][]records.Finding // by project id
	years    []int                        // every year with a budget or a visible project
	judge    *rules.Judge                 // per-project deadlines; nil: one is made per project
}

func newGen(ds *records.Dataset) *gen {
	g := &gen{ds: ds, asOf: ds.AsOf, byKind: map[records.NoticeKind][]records.Notice{}, findings: map[string][]records.Finding{},
		judge: rules.NewJudge(ds)}
	yearSet := map[int]bool{}
	for _, p := range ds.Projects {
		ns := p.Notices(ds.AsOf)
		if len(ns) == 0 {
			continue
		}
		g.projects = append(g.projects, p)
		yearSet[p.Year] = true
		for _, n := range ns {
			g.byKind[n.Kind] = append(g.byKind[n.Kind], n)
		}
	}
	for _, b := range ds.Budgets {
		yearSet[b.Year] = true
	}
	for y := range yearSet {
		g.years = append(g.years, y)
	}
	sort.Ints(g.years)
	for _, ns := range g.byKind {
		sortNewestFirst(ns)
	}
	for _, f := range ds.Findings {
		g.findings[f.Project] = append(g.findings[f.Project], f)
	}
	return g
}

// sortNewestFirst orders notices by publication date, newest first, then by id for a stable order.
func sortNewestFirst(ns []records.Notice) {
	sort.SliceStable(ns, func(i, j int) bool {
		if c := ns[i].Published.Compare(ns[j].Published); c != 0 {
			return c > 0
		}
		return ns[i].ID() > ns[j].ID()
	})
}

// visible says whether a dated fact is public as of the build date.
func (g *gen) visible(d records.Date) bool {
	return !d.IsZero() && (g.asOf.IsZero() || !d.After(g.asOf))
}

// emit marshals front matter into a content file. Map keys come out sorted, so output is stable.
func (g *gen) emit(path string, fm map[string]any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(fm); err != nil {
		// Every value is built from plain strings, numbers and slices; this cannot fail.
		panic("site: front matter: " + err.Error())
	}
	g.files = append(g.files, File{Path: path, Data: buf.Bytes()})
}

// section emits a section's _index.md with a layout-facing title and params.
func (g *gen) section(dir, title string, params map[string]any) {
	fm := map[string]any{"title": title}
	if d := g.sectionDate(); d != "" {
		fm["date"] = d // see sectionDate: keeps Hugo's partial rebuilds small
	}
	for k, v := range params {
		fm[k] = v
	}
	p := "_index.md"
	if dir != "" {
		p = dir + "/_index.md"
	}
	g.emit(p, fm)
}

// --- names -----------------------------------------------------------------------------------

func (g *gen) bodyRef(id string) ref {
	r := ref{ID: id, Name: id, URL: links.Body(id)}
	if b := g.ds.Index.Body[id]; b != nil {
		r.Name = b.Name
	}
	return r
}

// itemView is a catalogue item with its ancestors, for breadcrumbs and facets.
type itemView struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	URL      string `json:"url"`
	Category ref    `json:"category"`
}

func (g *gen) item(code string) itemView {
	v := itemView{Code: code, Name: code, URL: links.CatalogueItem(code)}
	n := g.ds.Index.Item[code]
	if n == nil {
		return v
	}
	v.Name = n.Name
	top := n
	for top.Parent != nil {
		top = top.Parent
	}
	v.Category = ref{ID: top.Code, Name: top.Name, URL: links.Catalogue + "#" + top.Code}
	return v
}

// category is the top-level catalogue code (类) of an item, "" if unknown.
func (g *gen) category(code string) string {
	n := g.ds.Index.Item[code]
	if n == nil {
		return ""
	}
	for n.Parent != nil {
		n = n.Parent
	}
	return n.Code
}

// --- findings --------------------------------------------------------------------------------

type findingView struct {
	Rule     string `json:"rule"`
	Source   string `json:"source,omitempty"`
	Project  string `json:"project"`
	URL      string `json:"url"`
	Body     ref    `json:"body"`
	Stage    string `json:"stage,omitempty"`
	Index    int    `json:"index,omitempty"`
	Year     int    `json:"year"`
	Deadline *date  `json:"deadline,omitempty"`
	Actual   *date  `json:"actual,omitempty"`
	Delay    int    `json:"delay,omitempty"`
	Unit     string `json:"unit,omitempty"`
	Missing  bool   `json:"missing"`
	Message  string `json:"message"`
	English  string `json:"english,omitempty"`
}

func (g *gen) findingView(f records.Finding) findingView {
	return findingView{Rule: f.Rule, Source: f.Source, Project: f.Project, URL: links.Project(f.Project),
		Body: g.bodyRef(f.Body), Stage: f.Stage, Index: f.Index, Year: f.Year,
		Deadline: dateOf(f.Deadline), Actual: dateOf(f.Actual), Delay: f.Delay, Unit: f.Unit, Missing: f.Missing,
		Message: f.Message, English: f.English}
}

// findingsFor lists a project's findings about one stage ("" and 0: the project as a whole).
func (g *gen) findingsFor(project, stage string, index int) []findingView {
	var out []findingView
	for _, f := range g.findings[project] {
		if f.Stage == stage && f.Index == index {
			out = append(out, g.findingView(f))
		}
	}
	return out
}

// unplacedFindings are a project's findings that concern no published stage: the project as a
// whole, or a stage that is due but missing. They show in the project's own findings block.
func (g *gen) unplacedFindings(project string, stages []stageView) []findingView {
	shown := map[string]bool{}
	for _, s := range stages {
		shown[s.Kind+"#"+strconv.Itoa(s.Index)] = true
	}
	var out []findingView
	for _, f := range g.findings[project] {
		if f.Stage == "" || !shown[f.Stage+"#"+strconv.Itoa(f.Index)] {
			out = append(out, g.findingView(f))
		}
	}
	return out
}

// --- notices and projects ----------------------------------------------------------------------

// noticeTitle is the notice's headline: the project title and the kind, numbered for list stages.
func noticeTitle(n records.Notice) string {
	t := n.Project.Title + " " + n.Kind.Chinese()
	if n.Index > 0 {
		t += "（" + strconv.Itoa(n.Index) + "）"
	}
	return t
}

// projectHead is what every page about a project repeats: enough to name and link it.
type projectHead struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	URL     string   `json:"url"`
	Year    int      `json:"year"`
	Body    ref      `json:"body"`
	Item    itemView `json:"item"`
	Budget  *money   `json:"budget"`
	Funding string   `json:"funding,omitempty"`
	Method  string   `json:"method,omitempty"`
	Status  string   `json:"status"`
}

func (g *gen) head(p *records.Project) projectHead {
	h := projectHead{ID: p.ID, Title: p.Title, URL: links.Project(p.ID), Year: p.Year, Body: g.bodyRef(p.Body),
		Item: g.item(p.Item), Budget: moneyOf(p.Budget), Funding: p.Funding, Status: g.status(p)}
	if p.Call != nil && g.visible(p.Call.Published) {
		h.Method = p.Call.Method
	}
	return h
}

// projectBrief is a project as a row in someone else's list (a body's, a provider's, a
// catalogue item's): just enough to name, link and place it.
type projectBrief struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Year   int    `json:"year"`
	Body   ref    `json:"body"`
	Budget *money `json:"budget"`
	Status string `json:"status"`
}

func (g *gen) brief(p *records.Project) projectBrief {
	return projectBrief{ID: p.ID, Title: p.Title, URL: links.Project(p.ID), Year: p.Year, Body: g.bodyRef(p.Body),
		Budget: moneyOf(p.Budget), Status: g.status(p)}
}

// status is the project's current state as of the build date, as an i18n key.
func (g *gen) status(p *records.Project) string {
	switch {
	case p.Termination != nil && g.visible(p.Termination.Published):
		return "status-terminated"
	case g.finalEvaluation(p):
		return "status-completed"
	case p.Contract != nil && g.visible(p.Contract.Published):
		return "status-performing"
	case p.Award != nil && g.visible(p.Award.Published):
		return "status-awarded"
	case p.Call != nil && g.visible(p.Call.Published):
		if !p.Call.BidDeadline.IsZero() && !g.asOf.IsZero() && p.Call.BidDeadline.Date().Before(g.asOf) {
			return "status-evaluating"
		}
		return "status-open"
	}
	return "status-planned"
}

func (g *gen) finalEvaluation(p *records.Project) bool {
	for _, e := range p.Evaluations {
		if e.Kind == "结项验收" && g.visible(e.Published) {
			return true
		}
	}
	return false
}

// row is what a list shows of one notice.
type row struct {
	Body     ref    `json:"body"`
	Amount   *money `json:"amount,omitempty"`
	Provider *ref   `json:"provider,omitempty"`
	Method   string `json:"method,omitempty"`
	Deadline *date  `json:"deadline,omitempty"`
}

func (g *gen) row(n records.Notice) row {
	p := n.Project
	r := row{Body: g.bodyRef(p.Body)}
	switch n.Kind {
	case records.KindIntention:
		r.Amount = optMoney(p.Intention.Budget)
		if r.Amount == nil {
			r.Amount = moneyOf(p.Budget)
		}
	case records.KindSingleSource:
		pr := g.providerRef(p.SingleSource.Provider)
		r.Provider = &pr
	case records.KindCall:
		r.Method = p.Call.Method
		r.Amount = optMoney(p.Call.Ceiling)
		if r.Amount == nil {
			r.Amount = moneyOf(p.Budget)
		}
		r.Deadline = dateTimeOf(p.Call.BidDeadline)
	case records.KindAward:
		var total records.Money
		for _, w := range p.Award.Winners {
			total += w.Amount
		}
		r.Amount = moneyOf(total)
		if len(p.Award.Winners) > 0 {
			pr := g.providerRef(p.Award.Winners[0].Provider)
			r.Provider = &pr
		}
	case records.KindContract:
		r.Amount = moneyOf(p.Contract.Amount)
		pr := g.providerRef(p.Contract.Provider)
		r.Provider = &pr
	}
	return r
}

// facetValues are the notice's filter terms, one per facet; empty when unknown.
func (g *gen) facetValues(n records.Notice) map[string]string {
	p := n.Project
	v := map[string]string{
		"year":     strconv.Itoa(n.Published.Year),
		"body":     p.Body,
		"category": strings.ToLower(g.category(p.Item)),
	}
	if p.Call != nil && g.visible(p.Call.Published) {
		v["method"] = methodSlugs[p.Call.Method]
	}
	return v
}

func (g *gen) project(p *records.Project) {
	ns := p.Notices(g.asOf)
	h := g.head(p)
	var stages []stageView
	var notices []string // content paths of the notice pages, which carry each stage's fields
	judge := g.judge
	if judge == nil {
		judge = rules.NewJudge(g.ds)
	}
	deadlines := judge.Deadlines(p)
	for _, n := range ns {
		s := g.stage(n)
		s.Deadlines = deadlinesFor(deadlines, n.Kind, n.Index)
		stages = append(stages, s)
		notices = append(notices, "/notices/"+string(n.Kind)+"/"+n.ID())
		fm := map[string]any{
			"title":   noticeTitle(n),
			"date":    n.Published.String(),
			"kind":    string(n.Kind),
			"project": h,
			"stage":   s,
			"row":     g.row(n),
		}
		for facet, val := range g.facetValues(n) {
			if val != "" {
				fm[taxonomy(n.Kind, facet)] = []string{val}
			}
		}
		g.emit("notices/"+string(n.Kind)+"/"+n.ID()+".md", fm)
	}

	// Amounts in the order money moves: budget → ceiling → award → contract → paid.
	type amount struct {
		Key    string `json:"key"`
		Amount *money `json:"amount"`
	}
	amounts := []amount{{"amount-budget", moneyOf(p.Budget)}}
	if p.Call != nil && g.visible(p.Call.Published) && p.Call.Ceiling != 0 {
		amounts = append(amounts, amount{"amount-ceiling", moneyOf(p.Call.Ceiling)})
	}
	if p.Award != nil && g.visible(p.Award.Published) {
		var t records.Money
		for _, w := range p.Award.Winners {
			t += w.Amount
		}
		amounts = append(amounts, amount{"amount-award", moneyOf(t)})
	}
	if p.Contract != nil && g.visible(p.Contract.Published) {
		amounts = append(amounts, amount{"amount-contract", moneyOf(p.Contract.Amount)})
	}
	type payment struct {
		Date   *date  `json:"date"`
		Amount *money `json:"amount"`
		For    string `json:"for,omitempty"`
	}
	var payments []payment
	var paid records.Money
	for _, pay := range p.Payments {
		if g.visible(pay.Date) {
			payments = append(payments, payment{dateOf(pay.Date), moneyOf(pay.Amount), pay.For})
			paid += pay.Amount
		}
	}
	if len(payments) > 0 {
		amounts = append(amounts, amount{"amount-paid", moneyOf(paid)})
	}
	var legal []map[string]string
	for _, l := range p.LegalBasis {
		legal = append(legal, map[string]string{"number": l.Number, "title": l.Title})
	}
	line := map[string]any{"id": p.BudgetLine}
	if bl := g.ds.Index.BudgetLine[p.BudgetLine]; bl != nil {
		line = map[string]any{"id": bl.ID, "name": bl.Name, "year": bl.Year, "url": links.Budgets(bl.Year)}
	}
	g.emit("projects/"+p.ID+".md", map[string]any{
		"title":      p.Title,
		"date":       ns[0].Published.String(),
		"project":    h,
		"form":       p.Form,
		"summary":    markdownHTML(p.Summary),
		"legal":      legal,
		"budgetline": line,
		"amounts":    amounts,
		"payments":   payments,
		"stages":     notices,
		"findings":   g.unplacedFindings(p.ID, stages),
		"source":     p.File,
		"ocds":       links.OCDSReleasePackage(p.ID),
		"ocdsrecord": links.OCDSRecordPackage(p.ID),
	})
}

// noticeLists emits the notice overview, one paginated section per kind, and the facet term
// pages' titles (the terms themselves come from each notice's front matter).
func (g *gen) noticeLists() {
	type kindCount struct {
		Kind  string `json:"kind"`
		URL   string `json:"url"`
		Count int    `json:"count"`
		Feed  string `json:"feed"`
		CSV   string `json:"csv"`
	}
	var kinds []kindCount
	for _, k := range records.NoticeKinds {
		kinds = append(kinds, kindCount{string(k), links.NoticeList(k), len(g.byKind[k]), links.Feed(k), links.CSV(k)})
	}
	g.section("notices", "公告", map[string]any{"kinds": kinds, "feed": links.FeedAll})

	for _, k := range records.NoticeKinds {
		ns := g.byKind[k]
		// Facet terms present in this kind, for the filter links on the list page.
		terms := map[string]map[string]string{} // facet → slug → title
		for _, f := range Facets {
			terms[f] = map[string]string{}
		}
		for _, n := range ns {
			for facet, val := range g.facetValues(n) {
				if val != "" {
					terms[facet][val] = g.facetTitle(facet, val, n)
				}
			}
		}
		type term struct {
			Slug  string `json:"slug"`
			Title string `json:"title"`
			URL   string `json:"url"`
		}
		facets := map[string][]term{}
		for _, f := range Facets {
			var ts []term
			for slug, title := range terms[f] {
				ts = append(ts, term{slug, title, links.NoticeFacet(k, f, slug)})
				g.emit(taxonomy(k, f)+"/"+slug+"/_index.md", map[string]any{
					"title": title, "kind": string(k), "facet": f, "slug": slug,
				})
			}
			sort.Slice(ts, func(i, j int) bool {
				if f == "year" {
					return ts[i].Slug > ts[j].Slug // newest year first
				}
				return ts[i].Slug < ts[j].Slug
			})
			facets[f] = ts
			g.emit(taxonomy(k, f)+"/_index.md", map[string]any{"title": k.Chinese(), "kind": string(k), "facet": f})
		}
		g.section("notices/"+string(k), k.Chinese(), map[string]any{
			"kind": string(k), "facets": facets, "feed": links.Feed(k), "csv": links.CSV(k), "count": len(ns),
		})
	}
}

// facetTitle is what a filter link reads.
func (g *gen) facetTitle(facet, slug string, n records.Notice) string {
	switch facet {
	case "body":
		return g.bodyRef(n.Project.Body).Name
	case "category":
		c := g.category(n.Project.Item)
		if it := g.ds.Index.Item[c]; it != nil {
			return c + " " + it.Name
		}
		return c
	case "method":
		return n.Project.Call.Method
	}
	return slug
}

// projectList is the paginated index of all visible projects.
func (g *gen) projectList() {
	g.section("projects", "项目", map[string]any{"count": len(g.projects)})
}
