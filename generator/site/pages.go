package site

import (
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/generator/figures"
	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

// File is one generated Hugo content file: JSON front matter carrying exactly what its layout
// needs, and no body. Path is relative to Hugo's content root, with forward slashes.
type File struct {
	Path string
	Data []byte
	// Unit groups the files one Hugo site must render together: "" for the section pages (and the
	// home page), which need Hugo's section kinds; "project/<id>" for a project page and its
	// notices, since the project page reads its notices' parameters. Every other page stands
	// alone; its Unit is its own path.
	Unit string
	// Static files are published as they are, not rendered (the search index).
	Static bool
	// Lastmod is the day the page last changed (YYYY-MM-DD, from its front matter's lastmod or
	// date), for the sitemap; "" when unknown.
	Lastmod string
}

// Pages generates the content files for every page of the site from ds, judged as of ds.AsOf:
// a stage published after AsOf appears nowhere. The result is sorted by path and identical for
// identical input. Per-project files (the project page and its notices) depend only on that
// project and the records it refers to; the overview pages carry precomputed summaries so that
// no layout has to range over every page.
func Pages(ds *records.Dataset) []File {
	return newGen(ds).all()
}

// all generates every file, sorted by path.
func (g *gen) all() []File {
	files := g.overview(allPages)
	files = append(files, g.projectPages(g.projects)...)
	sortFiles(files)
	return files
}

// overview generates every file but the projects' own (see projectPages), sorted by path; of
// the notice lists, those pages which says.
func (g *gen) overview(which listPages) []File {
	g.search() // first: the home page and the project list link to the index
	g.home()
	g.noticeLists(which)
	g.projectList()
	g.budgets()
	g.bodies()
	g.providers()
	g.catalogue()
	g.sanctions()
	g.compliance()
	g.openData()
	files := g.files
	g.files = nil
	sortFiles(files)
	return files
}

// projectPages generates the pages and notices of the projects ps. Projects are independent of
// each other, so the work is split across the CPUs; the caller sorts the result.
func (g *gen) projectPages(ps []*records.Project) []File {
	workers := runtime.GOMAXPROCS(0)
	parts := make([][]File, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := *g // shares the read-only lookups; only files and the encoder are written
			local.files, local.enc = nil, newEncoder()
			for i := w; i < len(ps); i += workers {
				local.project(ps[i])
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

// eachPart generates the site's files part by part — the overview with the first page of each
// notice list, the later pages one kind at a time, then the projects a few thousand files at a
// time, each part sorted — and hands each part to do, which may keep it or let it go: only one
// part is in memory at a time. The union of the parts is Pages(ds).
func eachPart(ds *records.Dataset, do func([]File) error) error {
	g := newGen(ds)
	own, sizes := 0, make([]int, len(g.projects)) // each project's own files: its page and notices
	for i, p := range g.projects {
		sizes[i] = 1 + len(g.noticesOf(p))
		own += sizes[i]
	}
	if own <= shardFiles { // a small site: one part (render may still make it more than one shard)
		return do(g.all())
	}
	if err := do(g.overview(firstPages)); err != nil {
		return err
	}
	// The later list pages, a kind at a time, small kinds together.
	flush := func() error {
		part := g.files
		g.files = nil
		sortFiles(part)
		return do(part)
	}
	for _, k := range records.NoticeKinds {
		g.noticeList(k, laterPages)
		size := 0
		for _, f := range g.files {
			size += len(f.Data)
		}
		if len(g.files) >= shardFiles/2 || size >= shardBytes/2 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for lo := 0; lo < len(g.projects); {
		hi, files := lo, 0
		for hi < len(g.projects) {
			if hi > lo && files+sizes[hi] > shardFiles {
				break
			}
			files += sizes[hi]
			hi++
		}
		part := g.projectPages(g.projects[lo:hi])
		sortFiles(part)
		if err := do(part); err != nil {
			return err
		}
		lo = hi
	}
	return nil
}

// gen holds the dataset and the lookups every page shares.
type gen struct {
	ds        *records.Dataset
	asOf      records.Date
	files     []File
	projects  []*records.Project // visible: at least one stage published by AsOf
	byKind    map[records.NoticeKind][]records.Notice
	findings  map[string][]records.Finding // by project id
	years     []int                        // every year with a budget or a visible project
	judge     *rules.Judge                 // per-project deadlines; nil: one is made per project
	unit      string                       // File.Unit of what emit writes; "": each file its own
	searchURL string                       // where the search index is published
	fig       *figures.Table               // every published money figure (package figures)
	enc       *encoder                     // this goroutine's front-matter encoder; nil: made on first use
	// Of each visible project, asked for by many pages: its public notices and its status key.
	notices  map[*records.Project][]records.Notice
	statuses map[*records.Project]string
}

func newGen(ds *records.Dataset) *gen {
	g := &gen{ds: ds, asOf: ds.AsOf, byKind: map[records.NoticeKind][]records.Notice{}, findings: map[string][]records.Finding{},
		judge: rules.NewJudge(ds), fig: figures.Compute(ds, ds.AsOf)}
	g.notices, g.statuses = map[*records.Project][]records.Notice{}, map[*records.Project]string{}
	yearSet := map[int]bool{}
	for _, p := range ds.Projects {
		ns := p.Notices(ds.AsOf)
		if len(ns) == 0 {
			continue
		}
		g.notices[p], g.statuses[p] = ns, p.StatusAsOf(ds.AsOf).Key()
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
	type keyed struct {
		n  records.Notice
		id string
	}
	ks := make([]keyed, len(ns))
	for i, n := range ns {
		ks[i] = keyed{n, n.ID()}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if c := a.n.Published.Compare(b.n.Published); c != 0 {
			return -c
		}
		return -strings.Compare(a.id, b.id)
	})
	for i, k := range ks {
		ns[i] = k.n
	}
}

// noticesOf is p.Notices(g.asOf).
func (g *gen) noticesOf(p *records.Project) []records.Notice {
	if ns, ok := g.notices[p]; ok {
		return ns
	}
	return p.Notices(g.asOf)
}

// visible says whether a dated fact is public as of the build date.
func (g *gen) visible(d records.Date) bool {
	return !d.IsZero() && (g.asOf.IsZero() || !d.After(g.asOf))
}

// emit marshals front matter into a content file (see frontMatter).
func (g *gen) emit(path string, fm map[string]any) {
	unit := g.unit
	if unit == "" {
		unit = path
	}
	lastmod, _ := fm["lastmod"].(string)
	if lastmod == "" {
		lastmod, _ = fm["date"].(string)
	}
	if g.enc == nil {
		g.enc = newEncoder()
	}
	g.files = append(g.files, File{Path: path, Data: g.enc.frontMatter(fm), Unit: unit, Lastmod: lastmod})
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
	g.files[len(g.files)-1].Unit = "" // the core: see File.Unit
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
func (g *gen) category(code string) string { return figures.Category(g.ds, code) }

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
	if s, ok := g.statuses[p]; ok {
		return s
	}
	return p.StatusAsOf(g.asOf).Key()
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
		c := p.CallAsOf(g.asOf) // a list says what is in force: the corrected ceiling and deadline
		r.Method = c.Method
		r.Amount = optMoney(c.Ceiling)
		if r.Amount == nil {
			r.Amount = moneyOf(p.Budget)
		}
		r.Deadline = dateTimeOf(c.BidDeadline)
	case records.KindAward:
		r.Amount = moneyOf(figures.AwardTotal(p.Award))
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
	g.unit = "project/" + p.ID
	defer func() { g.unit = "" }()
	ns := g.noticesOf(p)
	if g.enc == nil {
		g.enc = newEncoder()
	}
	// What every notice page of the project repeats is worked out and encoded once.
	h := g.enc.raw(g.head(p))
	status := g.statusView(p)
	var parties [2]rawJSON // particulars of the call notice, and of the others
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
		pi := 0
		if n.Kind != records.KindCall {
			pi = 1
		}
		if parties[pi] == nil {
			parties[pi] = g.enc.raw(g.noticeParticulars(p, n))
		}
		fm := map[string]any{
			"title":   noticeTitle(n),
			"date":    n.Published.String(),
			"kind":    string(n.Kind),
			"project": h,
			"stage":   s,
			"row":     g.row(n),
			"parties": parties[pi],
			"banner":  g.banner(n, status),
		}
		g.emit("notices/"+string(n.Kind)+"/"+n.ID()+".md", fm)
	}

	// Amounts in the order money moves: budget → ceiling → award → contract → paid.
	type amount struct {
		Key    string `json:"key"`
		Amount *money `json:"amount"`
	}
	amounts := []amount{{"amount-budget", moneyOf(p.Budget)}}
	if c := p.CallAsOf(g.asOf); c != nil && c.Ceiling != 0 {
		amounts = append(amounts, amount{"amount-ceiling", moneyOf(c.Ceiling)})
	}
	fig := figures.Of(g.ds, p, g.asOf) // the same numbers the budget, body and provider pages add up
	if p.Award != nil && g.visible(p.Award.Published) {
		amounts = append(amounts, amount{"amount-award", moneyOf(fig.Awarded)})
	}
	if p.Contract != nil && g.visible(p.Contract.Published) {
		amounts = append(amounts, amount{"amount-contract", moneyOf(fig.Contracted)})
	}
	// Payments as the payment rule makes them public (figures.PaymentPublished), like the OCDS.
	type payment struct {
		Date      *date  `json:"date"`
		Published *date  `json:"published,omitempty"` // when later than the date: the contract notice came later
		Amount    *money `json:"amount"`
		For       string `json:"for,omitempty"`
	}
	var payments []payment
	for _, pay := range fig.Payments {
		pv := payment{Date: dateOf(pay.Date), Amount: moneyOf(pay.Amount), For: pay.For}
		if pay.Published.After(pay.Date) {
			pv.Published = dateOf(pay.Published)
		}
		payments = append(payments, pv)
	}
	if len(payments) > 0 {
		amounts = append(amounts, amount{"amount-paid", moneyOf(fig.Paid)})
	}
	var legal []map[string]string
	for _, l := range p.LegalBasis {
		legal = append(legal, map[string]string{"number": l.Number, "title": l.Title})
	}
	line := map[string]any{"id": p.BudgetLine}
	if bl := g.ds.Index.BudgetLine[p.BudgetLine]; bl != nil {
		line = map[string]any{"id": bl.ID, "name": bl.Name, "year": bl.Year, "url": links.Budgets(bl.Year)}
	}
	// What the project states about the notices the law may not require of it: an exemption from
	// the 采购意向, a single-source ground and whether that needs a 公示 (the rules' own answer).
	var exempt map[string]any
	if p.IntentionExempt != "" {
		exempt = map[string]any{"intention": p.IntentionExempt}
	}
	if p.Call != nil && p.Call.Method == records.MethodSingleSource {
		if exempt == nil {
			exempt = map[string]any{}
		}
		ground := p.Call.SingleSourceGround
		if ground == "" {
			ground = records.GroundUniqueSupplier
		}
		exempt["ground"], exempt["noticerequired"] = ground, rules.SingleSourceNoticeRequired(g.ds.Site, p)
	}
	g.emit("projects/"+p.ID+".md", map[string]any{
		"exempt":     exempt,
		"title":      p.Title,
		"date":       ns[0].Published.String(),
		"lastmod":    lastChange(ns, fig.Payments).String(),
		"project":    h,
		"form":       p.Form,
		"summary":    markdownHTML(p.Summary),
		"legal":      legal,
		"budgetline": line,
		"amounts":    amounts,
		"payments":   payments,
		"stages":     notices,
		"call":       g.currentCall(p), // the call in force, shown in place of the call as published
		"standing":   g.standing(p, deadlines),
		"findings":   g.unplacedFindings(p.ID, stages),
		"source":     p.File,
		"ocds":       links.OCDSReleasePackage(p.ID),
		"ocdsrecord": links.OCDSRecordPackage(p.ID),
	})
}

// --- lists ---------------------------------------------------------------------------------------

// The lists are paginated here, not by Hugo: a list page then carries its own rows and depends on
// no other page, so any page can be rendered by a Hugo site that holds only a few of the others
// (see shard.go) — which keeps memory flat however many projects there are.

// pageSize is how many rows a list page shows (a variable: tests paginate the small sample finely).
var pageSize = 30

// pager says where a list page is among its list's pages; Prev and Next are URLs.
type pager struct {
	N     int    `json:"n"`
	Total int    `json:"total"`
	Prev  string `json:"prev,omitempty"`
	Next  string `json:"next,omitempty"`
}

// paginate splits count rows of the list at url into pages and calls page for each, with its
// pager and the range of rows it shows. A list with no rows still has its first page.
func paginate(url string, count int, page func(pg pager, lo, hi int)) {
	total := max(1, (count+pageSize-1)/pageSize)
	for n := 1; n <= total; n++ {
		pg := pager{N: n, Total: total}
		if n > 1 {
			pg.Prev = links.ListPage(url, n-1)
		}
		if n < total {
			pg.Next = links.ListPage(url, n+1)
		}
		page(pg, (n-1)*pageSize, min(n*pageSize, count))
	}
}

// contentPath is the content file of a regular page at url: /notices/call/page/2/ →
// notices/call/page/2.md.
func contentPath(url string) string {
	return strings.TrimPrefix(strings.TrimSuffix(url, "/"), "/") + ".md"
}

// listRow is one notice as a list shows it.
type listRow struct {
	URL       string `json:"url"`
	Title     string `json:"title"` // the project's
	Project   string `json:"project"`
	Index     int    `json:"index,omitempty"`
	Published *date  `json:"published"`
	row
}

func (g *gen) listRow(n records.Notice) listRow {
	return listRow{URL: links.Notice(n), Title: n.Project.Title, Project: n.Project.ID, Index: n.Index,
		Published: dateOf(n.Published), row: g.row(n)}
}

// facetTerm is one value of a facet, as a filter link.
type facetTerm struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Count int    `json:"count"`
}

// noticeLists emits the notice overview and, per kind, its paginated list, and per facet value
// its filtered list (/notices/<kind>/<facet>/<value>/) and the index of the facet's values.
func (g *gen) noticeLists(which listPages) {
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
		g.noticeList(k, which)
	}
}

// listPages says which pages of a paginated list to emit. The first pages are section pages (the
// core); the others are most of the bytes of the overview, so a build generates them one kind at
// a time (eachPart).
type listPages int

const (
	allPages   listPages = iota
	firstPages           // page 1 of each list, and the facet indexes
	laterPages           // pages 2…
)

func (w listPages) want(n int) bool {
	return w == allPages || (w == firstPages) == (n == 1)
}

// noticeList emits one kind's list pages and its facet pages, those of which says.
func (g *gen) noticeList(k records.NoticeKind, which listPages) {
	ns := g.byKind[k] // newest first
	if g.enc == nil {
		g.enc = newEncoder()
	}
	rows := make(rawList, len(ns))           // each row is on a page of the list and of every filter
	members := map[string]map[string][]int{} // facet → value → rows, newest first
	titles := map[string]map[string]string{} // facet → value → what its filter link reads
	for _, f := range Facets {
		members[f], titles[f] = map[string][]int{}, map[string]string{}
	}
	for i, n := range ns {
		rows[i] = g.enc.raw(g.listRow(n))
		for facet, val := range g.facetValues(n) {
			if val != "" {
				members[facet][val] = append(members[facet][val], i)
				titles[facet][val] = g.facetTitle(facet, val, n)
			}
		}
	}
	facets := map[string][]facetTerm{}
	for _, f := range Facets {
		var ts []facetTerm
		for slug, title := range titles[f] {
			ts = append(ts, facetTerm{slug, title, links.NoticeFacet(k, f, slug), len(members[f][slug])})
		}
		sort.Slice(ts, func(i, j int) bool {
			if f == "year" {
				return ts[i].Slug > ts[j].Slug // newest year first
			}
			return ts[i].Slug < ts[j].Slug
		})
		facets[f] = ts
	}
	allFacets := g.enc.raw(facets) // on every page of the list and of its filters

	list := links.NoticeList(k)
	paginate(list, len(rows), func(pg pager, lo, hi int) {
		if !which.want(pg.N) {
			return
		}
		fm := map[string]any{"layout": "notice-list", "kind": string(k), "facets": allFacets, "feed": links.Feed(k),
			"csv": links.CSV(k), "count": len(rows), "rows": rows[lo:hi], "pager": pg}
		if pg.N == 1 {
			g.section("notices/"+string(k), k.Chinese(), fm)
			return
		}
		fm["title"] = k.Chinese()
		g.emit(contentPath(links.ListPage(list, pg.N)), fm)
	})
	for _, f := range Facets {
		if len(facets[f]) == 0 {
			continue
		}
		// The first page of each list with pages below it is a section: Hugo drops the English
		// copies of pages below a regular page (x.md beside x/…).
		if which != laterPages {
			g.section(strings.Trim(links.NoticeFacetIndex(k, f), "/"), k.Chinese(), map[string]any{
				"layout": "facet-index", "kind": string(k), "facet": f, "list": list, "terms": facets[f],
			})
		}
		for _, t := range facets[f] {
			idx := members[f][t.Slug]
			paginate(t.URL, len(idx), func(pg pager, lo, hi int) {
				if !which.want(pg.N) {
					return
				}
				page := make(rawList, 0, hi-lo)
				for _, i := range idx[lo:hi] {
					page = append(page, rows[i])
				}
				fm := map[string]any{
					"layout": "facet", "kind": string(k), "facet": f,
					"here": t.URL, "list": list, "facets": allFacets, "count": len(idx), "rows": page, "pager": pg,
				}
				if pg.N == 1 {
					g.section(strings.Trim(t.URL, "/"), t.Title, fm)
					return
				}
				fm["title"] = t.Title
				g.emit(contentPath(links.ListPage(t.URL, pg.N)), fm)
			})
		}
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

// projectList is the paginated index of all visible projects, the newest first.
func (g *gen) projectList() {
	ps := append([]*records.Project(nil), g.projects...)
	first := make(map[*records.Project]records.Date, len(ps))
	for _, p := range ps {
		first[p] = g.noticesOf(p)[0].Published
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if c := first[ps[i]].Compare(first[ps[j]]); c != 0 {
			return c > 0
		}
		return ps[i].ID < ps[j].ID
	})
	rows := make([]projectBrief, len(ps))
	for i, p := range ps {
		rows[i] = g.brief(p)
	}
	paginate(links.Projects, len(rows), func(pg pager, lo, hi int) {
		fm := map[string]any{"layout": "project-list", "count": len(rows), "rows": rows[lo:hi], "pager": pg,
			"search": g.searchURL}
		if pg.N == 1 {
			g.section("projects", "项目", fm)
			return
		}
		fm["title"] = "项目"
		g.emit(contentPath(links.ListPage(links.Projects, pg.N)), fm)
	})
}

// sectionDate is the date every section page (and the home page) carries: the newest
// publication date of any visible notice. Without a date of its own Hugo aggregates one from
// whatever pages of the section the same Hugo site holds (hugolib/content_map_page_assembler.go,
// applyAggregates), which depends on how the pages were sharded; an explicit date does not.
func (g *gen) sectionDate() string {
	var newest records.Date
	for _, ns := range g.byKind {
		if len(ns) > 0 && ns[0].Published.After(newest) { // byKind is sorted newest first
			newest = ns[0].Published
		}
	}
	if newest.IsZero() {
		newest = g.asOf
	}
	if newest.IsZero() {
		return ""
	}
	return newest.String()
}

// standingView is the head of a project page, what a reader opens it for: where the project
// stands (records.StatusAsOf, the one source of the status), who won and for how much, what the
// contract is worth, and the deadline that comes next or has passed.
type standingView struct {
	Status   string         `json:"status"` // i18n key
	Since    *date          `json:"since,omitempty"`
	Bids     *date          `json:"bids,omitempty"` // bid deadline in force, while the call is open
	Winners  []winnerView   `json:"winners,omitempty"`
	Awarded  *money         `json:"awarded,omitempty"`
	Contract *signedView    `json:"contract,omitempty"`
	Next     *deadlineView  `json:"next,omitempty"`    // the earliest pending deadline
	Overdue  []deadlineView `json:"overdue,omitempty"` // passed with nothing done
}

// signedView is the contract in a project's head: with whom, for how much, signed when.
type signedView struct {
	Provider ref    `json:"provider"`
	Amount   *money `json:"amount"`
	Signed   *date  `json:"signed,omitempty"`
}

func (g *gen) standing(p *records.Project, deadlines []rules.Deadline) standingView {
	st := p.StatusAsOf(g.asOf)
	v := standingView{Status: st.Key(), Since: dateOf(st.Since)}
	if st.Phase == records.PhaseOpen {
		v.Bids = dateTimeOf(st.Deadline)
	}
	for _, w := range st.Winners {
		v.Winners = append(v.Winners, winnerView{g.providerRef(w.Provider), moneyOf(w.Amount)})
	}
	if len(st.Winners) > 0 {
		v.Awarded = moneyOf(st.Awarded)
	}
	if c := st.Contract; c != nil {
		v.Contract = &signedView{g.providerRef(c.Provider), moneyOf(c.Amount), dateOf(c.Signed)}
	}
	for _, d := range deadlines {
		dv := deadlineView{Rule: d.Rule, Due: dateOf(d.Due), Actual: dateOf(d.Actual), Earliest: d.Earliest,
			State: string(d.State), Delay: d.Delay, Unit: string(d.Unit)}
		switch {
		case d.State == rules.Overdue:
			v.Overdue = append(v.Overdue, dv)
		case d.State == rules.Pending && !d.Earliest && !d.Due.IsZero():
			if v.Next == nil || d.Due.String() < v.Next.Due.ISO { // ISO dates sort as strings
				v.Next = &dv
			}
		}
	}
	return v
}

// lastChange is the day a project page last changed: its newest public notice or payment (on
// the day the payment rule made it public).
func lastChange(ns []records.Notice, pays []figures.Payment) records.Date {
	var d records.Date
	for _, n := range ns {
		if n.Published.After(d) {
			d = n.Published
		}
	}
	for _, p := range pays {
		if p.Published.After(d) {
			d = p.Published
		}
	}
	return d
}
