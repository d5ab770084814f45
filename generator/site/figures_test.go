package site

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/records"
)

// One set of figures: every sum the site publishes is read back from the built outputs — the
// home page, the budget pages, the body and provider pages, the CSV tables and the OCDS record
// packages — and the outputs are compared with each other, never with the model. The budget
// pages are the reference only because they show every series for every year, body, category
// and funding source.

// openData is the open data of the shared build, written once.
var openData struct {
	once sync.Once
	dir  string
	err  error
}

const testBaseURL = "https://gongkai.example.cn/"

func sharedOpenData(t *testing.T) (site, data string) {
	t.Helper()
	ds, out := sharedBuild(t)
	openData.once.Do(func() {
		openData.dir = filepath.Join(filepath.Dir(out), "opendata")
		openData.err = export.Write(ds, openData.dir, export.Options{BaseURL: testBaseURL})
	})
	if openData.err != nil {
		t.Fatalf("open data: %v", openData.err)
	}
	return out, openData.dir
}

// figSeries are the figures' names, as the templates mark them (data-series).
var figSeries = []string{"budgeted", "tendered", "awarded", "contracted", "paid", "projects"}

// figKey says which sum: a year's total (dim "total"), or one body, category or funding source.
type figKey struct {
	year int
	dim  string // total | body | cat | source | provider (year 0)
	id   string
}

func (k figKey) String() string { return strconv.Itoa(k.year) + "/" + k.dim + "/" + k.id }

// figs are sums in fen (projects: a count) by key and series.
type figs map[figKey]map[string]int64

func (f figs) add(k figKey, s string, v int64) {
	if f[k] == nil {
		f[k] = map[string]int64{}
	}
	f[k][s] += v
}

// fen reads an amount in yuan as the outputs write it ("290000.00", "290000.5").
func fen(t *testing.T, where, s string) int64 {
	t.Helper()
	m, err := records.ParseMoney(s)
	if err != nil {
		t.Fatalf("%s: amount %q: %v", where, s, err)
	}
	return int64(m)
}

// seriesCells reads the data-series marked elements under n: the <data value> inside each (0
// when it shows "—"), or its number for the project count.
func seriesCells(t *testing.T, where string, n *html.Node) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, c := range nodesWhere(n, func(n *html.Node) bool { return nodeAttr(n, "data-series") != "" }) {
		s := nodeAttr(c, "data-series")
		if s == "projects" {
			txt := strings.TrimSpace(nodeText(c))
			if i := strings.LastIndexByte(txt, ' '); i >= 0 { // the home page: "项目数 30"
				txt = txt[i+1:]
			}
			v, err := strconv.Atoi(txt)
			if err != nil {
				t.Fatalf("%s: projects %q", where, nodeText(c))
			}
			out[s] = int64(v)
			continue
		}
		out[s] = 0
		if d := nodesWhere(c, func(n *html.Node) bool { return n.Data == "data" }); len(d) > 0 {
			out[s] = fen(t, where, nodeAttr(d[0], "value"))
		}
	}
	return out
}

var (
	budgetHref  = regexp.MustCompile(`/budgets/(\d{4})/$`)
	bodyHref    = regexp.MustCompile(`/bodies/([a-z0-9-]+)/$`)
	catHref     = regexp.MustCompile(`/catalogue/#([A-Z0-9]+)$`)
	budgetURI   = regexp.MustCompile(`/budgets/(\d{4})/$`)
	fundingDesc = regexp.MustCompile(`资金来源：(\S+)`)
)

// execRows reads an execution table's rows, keyed by what the row's link (or label) names.
func execRows(t *testing.T, where string, table *html.Node, key func(href, label string) (figKey, bool)) figs {
	t.Helper()
	out := figs{}
	for _, tr := range nodesWhere(table, func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" }) {
		th := nodesWhere(tr, func(n *html.Node) bool { return n.Data == "th" })[0]
		href := ""
		if a := nodesWhere(th, func(n *html.Node) bool { return n.Data == "a" }); len(a) > 0 {
			href = nodeAttr(a[0], "href")
		}
		k, ok := key(href, strings.TrimSpace(nodeText(th)))
		if !ok {
			t.Fatalf("%s: row %q (%s) names nothing", where, nodeText(th), href)
		}
		for s, v := range seriesCells(t, where, tr) {
			out.add(k, s, v)
		}
	}
	return out
}

func sectionTable(t *testing.T, where string, doc *html.Node, labelledBy string) *html.Node {
	t.Helper()
	secs := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "aria-labelledby") == labelledBy })
	if len(secs) != 1 {
		t.Fatalf("%s: %d sections %s", where, len(secs), labelledBy)
	}
	tables := nodesWhere(secs[0], func(n *html.Node) bool { return n.Data == "table" })
	if len(tables) != 1 {
		t.Fatalf("%s: %d tables in %s", where, len(tables), labelledBy)
	}
	return tables[0]
}

func subdirs(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if e.IsDir() && e.Name() != "page" {
			out = append(out, e.Name())
		}
	}
	return out
}

// pageFigures reads the budget section and every budget page: the reference.
func pageFigures(t *testing.T, out string) (ref, section figs, cats []string) {
	ref, section = figs{}, figs{}
	doc := parseHTMLPage(t, out, "budgets/index.html")
	tables := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "table" && nodeHasClass(n, "exec") })
	if len(tables) != 1 {
		t.Fatalf("budgets/: %d execution tables", len(tables))
	}
	section = execRows(t, "budgets/", tables[0], func(href, _ string) (figKey, bool) {
		m := budgetHref.FindStringSubmatch(href)
		if m == nil {
			return figKey{}, false
		}
		y, _ := strconv.Atoi(m[1])
		return figKey{y, "total", ""}, true
	})
	catSeen := map[string]bool{}
	for k := range section {
		where := "budgets/" + strconv.Itoa(k.year) + "/"
		doc := parseHTMLPage(t, out, where+"index.html")
		stats := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "ul" && nodeHasClass(n, "stats") })
		if len(stats) != 1 {
			t.Fatalf("%s: %d stats lists", where, len(stats))
		}
		for s, v := range seriesCells(t, where, stats[0]) {
			ref.add(figKey{k.year, "total", ""}, s, v)
		}
		// The stats carry no project count; the total row of the section gives it.
		ref.add(figKey{k.year, "total", ""}, "projects", section[k]["projects"])
		y := k.year
		for _, part := range []struct{ id, dim string }{{"by-body", "body"}, {"by-cat", "cat"}, {"by-source", "source"}} {
			rows := execRows(t, where, sectionTable(t, where, doc, part.id), func(href, label string) (figKey, bool) {
				switch part.dim {
				case "body":
					if m := bodyHref.FindStringSubmatch(href); m != nil {
						return figKey{y, "body", m[1]}, true
					}
				case "cat":
					if m := catHref.FindStringSubmatch(href); m != nil {
						catSeen[m[1]] = true
						return figKey{y, "cat", m[1]}, true
					}
				case "source":
					return figKey{y, "source", label}, label != ""
				}
				return figKey{}, false
			})
			for k, v := range rows {
				for s, n := range v {
					ref.add(k, s, n)
				}
			}
		}
	}
	for c := range catSeen {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	return ref, section, cats
}

// category is the category (类) code an item code extends.
func category(t *testing.T, cats []string, item string) string {
	t.Helper()
	best := ""
	for _, c := range cats {
		if strings.HasPrefix(item, c) && len(c) > len(best) {
			best = c
		}
	}
	if best == "" {
		t.Fatalf("item %s is under no category the budget pages show (%v)", item, cats)
	}
	return best
}

// csvTable reads a CSV file of the open data as maps by English column key (csv-metadata.json).
func csvTable(t *testing.T, data, file string) []map[string]string {
	t.Helper()
	// The column keys, from the CSV on the Web metadata published beside the tables.
	var meta struct {
		Tables []struct {
			URL         string `json:"url"`
			TableSchema struct {
				Columns []struct {
					Key string `json:"name"`
				} `json:"columns"`
			} `json:"tableSchema"`
		} `json:"tables"`
	}
	b, err := os.ReadFile(filepath.Join(data, "data", "csv", "csv-metadata.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	var cols []struct {
		Key string `json:"name"`
	}
	for _, tb := range meta.Tables {
		if tb.URL == file {
			cols = tb.TableSchema.Columns
		}
	}
	f, err := os.Open(filepath.Join(data, "data", "csv", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(rows) == 0 || len(rows[0]) != len(cols) {
		t.Fatalf("%s: header does not match csv-metadata.json", file)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, c := range cols {
			m[c.Key] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// addAll adds v under the year's total and its body, category and source.
func (f figs) addAll(year int, body, cat, source, s string, v int64) {
	f.add(figKey{year, "total", ""}, s, v)
	f.add(figKey{year, "body", body}, s, v)
	f.add(figKey{year, "cat", cat}, s, v)
	f.add(figKey{year, "source", source}, s, v)
}

func atoi(t *testing.T, where, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s: %q is not a number", where, s)
	}
	return n
}

// readRecords reads every project's compiled OCDS release, by project id.
func readRecords(t *testing.T, data string) map[string]compiledRelease {
	t.Helper()
	es, err := os.ReadDir(filepath.Join(data, "data", "ocds", "records"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]compiledRelease{}
	for _, e := range es {
		id := strings.TrimSuffix(e.Name(), ".json")
		out[id] = readProjectRelease(t, data, id)
	}
	return out
}

// compareFigs reports every sum of got that differs from want, for the series got shows, over
// the keys either has in the dimensions got covers.
func compareFigs(t *testing.T, name string, want, got figs, shows []string, dims ...string) int {
	t.Helper()
	inDims := func(k figKey) bool {
		for _, d := range dims {
			if k.dim == d {
				return true
			}
		}
		return false
	}
	keys := map[figKey]bool{}
	for k := range want {
		if inDims(k) {
			keys[k] = true
		}
	}
	for k := range got {
		if !inDims(k) {
			t.Errorf("%s: unexpected key %s", name, k)
		}
		keys[k] = true
	}
	compared := 0
	for k := range keys {
		for _, s := range shows {
			w, g := want[k][s], got[k][s]
			if w != g {
				t.Errorf("%s: %s %s = %d, budget page says %d", name, k, s, g, w)
			}
			compared++
		}
	}
	return compared
}

func TestOneSetOfFigures(t *testing.T) {
	out, data := sharedOpenData(t)
	ref, section, cats := pageFigures(t, out)
	if len(section) == 0 || len(cats) == 0 {
		t.Fatal("the budget pages show no years or no categories")
	}
	years := map[int]bool{}
	for k := range section {
		years[k.year] = true
	}
	money := []string{"budgeted", "tendered", "awarded", "contracted", "paid"}
	// The sample must exercise every series, or the comparisons below prove little.
	var total map[string]int64 = map[string]int64{}
	for k, v := range ref {
		if k.dim == "total" {
			for s, n := range v {
				total[s] += n
			}
		}
	}
	for _, s := range figSeries {
		if total[s] == 0 {
			t.Errorf("no %s anywhere on the budget pages", s)
		}
	}
	n := 0

	// The budgets section's year rows.
	n += compareFigs(t, "budgets/ (years)", ref, section, figSeries, "total")

	// The home page: its year in numbers.
	home := parseHTMLPage(t, out, "index.html")
	numbers := nodesWhere(home, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "aria-labelledby") == "numbers" })
	if len(numbers) != 1 {
		t.Fatal("home: no year in numbers")
	}
	var homeYear int
	for _, a := range nodesWhere(numbers[0], func(n *html.Node) bool { return n.Data == "a" }) {
		if m := budgetHref.FindStringSubmatch(nodeAttr(a, "href")); m != nil {
			homeYear, _ = strconv.Atoi(m[1])
		}
	}
	if !years[homeYear] {
		t.Fatalf("home: its year %d has no budget page", homeYear)
	}
	homeFigs := figs{}
	for s, v := range seriesCells(t, "home", numbers[0]) {
		homeFigs.add(figKey{homeYear, "total", ""}, s, v)
	}
	want := figs{figKey{homeYear, "total", ""}: ref[figKey{homeYear, "total", ""}]}
	n += compareFigs(t, "home", want, homeFigs, []string{"budgeted", "awarded", "contracted", "paid", "projects"}, "total")

	// Every body page: its execution by year.
	bodyFigs := figs{}
	bodyNames := map[string]string{} // name → id, to read the OCDS buyer
	for _, id := range subdirs(t, filepath.Join(out, "bodies")) {
		where := "bodies/" + id + "/"
		doc := parseHTMLPage(t, out, where+"index.html")
		h1 := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "h1" })
		bodyNames[strings.TrimSpace(nodeText(h1[0]))] = id
		rows := execRows(t, where, sectionTable(t, where, doc, "exec"), func(href, _ string) (figKey, bool) {
			m := budgetHref.FindStringSubmatch(href)
			if m == nil {
				return figKey{}, false
			}
			y, _ := strconv.Atoi(m[1])
			return figKey{y, "body", id}, true
		})
		for k, v := range rows {
			for s, x := range v {
				bodyFigs.add(k, s, x)
			}
		}
	}
	n += compareFigs(t, "body pages", ref, bodyFigs, figSeries, "body")

	// CSV, row by row: budget lines, calls, awards (a row per winner), contracts, payments.
	csvFigs := figs{}
	for _, r := range csvTable(t, data, "budgets.csv") {
		y := atoi(t, "budgets.csv", r["year"])
		csvFigs.addAll(y, r["body_id"], category(t, cats, r["item_code"]), r["source"], "budgeted", fen(t, "budgets.csv", r["amount_yuan"]))
	}
	for file, s := range map[string]string{"call.csv": "tendered", "award.csv": "awarded", "contract.csv": "contracted", "payments.csv": "paid"} {
		amount := map[string]string{"call.csv": "budget_yuan", "payments.csv": "amount_yuan"}[file]
		if amount == "" {
			amount = "amount_yuan"
		}
		for _, r := range csvTable(t, data, file) {
			y := atoi(t, file, r["budget_year"])
			csvFigs.addAll(y, r["body_id"], category(t, cats, r["item_code"]), r["funding"], s, fen(t, file, r[amount]))
		}
	}
	n += compareFigs(t, "CSV rows", ref, csvFigs, money, "total", "body", "cat", "source")

	// budgets.csv's own execution columns, summed over the lines of each year and body.
	lineFigs := figs{}
	for _, r := range csvTable(t, data, "budgets.csv") {
		y := atoi(t, "budgets.csv", r["year"])
		for _, s := range figSeries {
			col := s + "_yuan"
			if s == "budgeted" {
				col = "amount_yuan"
			}
			var v int64
			if s == "projects" {
				v = int64(atoi(t, "budgets.csv", r["projects"]))
			} else {
				v = fen(t, "budgets.csv", r[col])
			}
			lineFigs.add(figKey{y, "total", ""}, s, v)
			lineFigs.add(figKey{y, "body", r["body_id"]}, s, v)
		}
	}
	n += compareFigs(t, "budgets.csv lines", ref, lineFigs, figSeries, "total", "body")

	// OCDS: every compiled release, by the budget year its budget links to, its buyer, the
	// category of its item and its funding source.
	ocdsFigs := figs{}
	for id, c := range readRecords(t, data) {
		m := budgetURI.FindStringSubmatch(c.Planning.Budget.URI)
		if m == nil {
			t.Errorf("%s: planning.budget.uri %q names no budget year", id, c.Planning.Budget.URI)
			continue
		}
		y := atoi(t, id, m[1])
		body, ok := bodyNames[c.Buyer.Name]
		if !ok {
			t.Errorf("%s: buyer %q has no body page", id, c.Buyer.Name)
		}
		src := ""
		if m := fundingDesc.FindStringSubmatch(c.Planning.Budget.Description); m != nil {
			src = m[1]
		}
		if len(c.Tender.Items) == 0 {
			t.Errorf("%s: no tender item", id)
			continue
		}
		cat := category(t, cats, c.Tender.Items[0].Classification.ID)
		for _, a := range c.Awards {
			ocdsFigs.addAll(y, body, cat, src, "awarded", fen(t, id, a.Value.Amount.String()))
		}
		for _, k := range c.Contracts {
			if k.Value != nil {
				ocdsFigs.addAll(y, body, cat, src, "contracted", fen(t, id, k.Value.Amount.String()))
			}
			for _, tr := range k.Implementation.Transactions {
				ocdsFigs.addAll(y, body, cat, src, "paid", fen(t, id, tr.Value.Amount.String()))
			}
		}
	}
	n += compareFigs(t, "OCDS", ref, ocdsFigs, []string{"awarded", "contracted", "paid"}, "total", "body", "cat", "source")

	// Provider pages: totals won, against the award and contract CSVs and the OCDS suppliers.
	provPages, provCSV, provOCDS := figs{}, figs{}, figs{}
	for _, code := range subdirs(t, filepath.Join(out, "providers")) {
		where := "providers/" + code + "/"
		doc := parseHTMLPage(t, out, where+"index.html")
		stats := nodesWhere(doc, func(n *html.Node) bool { return n.Data == "ul" && nodeHasClass(n, "stats") })
		if len(stats) != 1 {
			t.Fatalf("%s: %d stats lists", where, len(stats))
		}
		for s, v := range seriesCells(t, where, stats[0]) {
			provPages.add(figKey{0, "provider", code}, s, v)
		}
	}
	for _, r := range csvTable(t, data, "award.csv") {
		provCSV.add(figKey{0, "provider", r["provider_credit_code"]}, "awarded", fen(t, "award.csv", r["amount_yuan"]))
	}
	for _, r := range csvTable(t, data, "contract.csv") {
		provCSV.add(figKey{0, "provider", r["provider_credit_code"]}, "contracted", fen(t, "contract.csv", r["amount_yuan"]))
	}
	for id, c := range readRecords(t, data) {
		code := map[string]string{}
		for _, p := range c.Parties {
			code[p.ID] = p.Identifier.ID
		}
		for _, a := range c.Awards {
			provOCDS.add(figKey{0, "provider", code[a.Suppliers[0].ID]}, "awarded", fen(t, id, a.Value.Amount.String()))
		}
		for _, k := range c.Contracts {
			if k.Value == nil {
				continue
			}
			// The contract's supplier is the supplier of the award it names.
			sup := ""
			for _, a := range c.Awards {
				if a.ID == k.AwardID {
					sup = code[a.Suppliers[0].ID]
				}
			}
			if sup == "" {
				t.Errorf("%s: contract names award %q, which has no supplier", id, k.AwardID)
			}
			provOCDS.add(figKey{0, "provider", sup}, "contracted", fen(t, id, k.Value.Amount.String()))
		}
	}
	n += compareFigs(t, "award/contract CSV by provider", provPages, provCSV, []string{"awarded", "contracted"}, "provider")
	n += compareFigs(t, "OCDS by provider", provPages, provOCDS, []string{"awarded", "contracted"}, "provider")
	t.Logf("%d sums compared across home, budget, body and provider pages, CSV and OCDS", n)
}
