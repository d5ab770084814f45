package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/records"
)

// Every fact a project page shows — its amounts, the date of each notice, the providers and
// their amounts, the contract, each payment and the 2020 notice-format particulars — equals its
// counterpart in the project's compiled OCDS release, both read from the built files.

// ocdsDoc is a document of the compiled release.
type ocdsDoc struct {
	ID            string `json:"id"`
	Description   string `json:"description"`
	DatePublished string `json:"datePublished"`
}

// compiledRelease is what the tests read of a project's compiled OCDS release (the figures and
// the project-page comparisons).
type compiledRelease struct {
	Buyer    struct{ Name string } `json:"buyer"`
	Planning struct {
		Rationale string `json:"rationale"`
		Budget    struct {
			URI         string                       `json:"uri"`
			Description string                       `json:"description"`
			Amount      struct{ Amount json.Number } `json:"amount"`
		} `json:"budget"`
	} `json:"planning"`
	Tender struct {
		Items []struct {
			Classification struct{ ID string } `json:"classification"`
		} `json:"items"`
		Value     *struct{ Amount json.Number } `json:"value"`
		Documents []ocdsDoc                     `json:"documents"`
	} `json:"tender"`
	Awards []struct {
		ID        string
		Status    string
		Date      string
		Value     struct{ Amount json.Number }
		Suppliers []struct{ ID string }
		Documents []ocdsDoc
	} `json:"awards"`
	Contracts []struct {
		AwardID     string `json:"awardID"`
		Description string
		DateSigned  string `json:"dateSigned"`
		Period      *struct {
			StartDate string `json:"startDate"`
			EndDate   string `json:"endDate"`
		} `json:"period"`
		Value          *struct{ Amount json.Number }
		Documents      []ocdsDoc
		Implementation struct {
			Documents []ocdsDoc
			Metrics   []struct {
				ID           string
				Description  string
				Observations []struct {
					ID      string
					Measure any
				}
			}
			Transactions []struct {
				Date  string
				Value struct{ Amount json.Number }
				Payee struct{ ID string }
			}
		} `json:"implementation"`
	} `json:"contracts"`
	Parties []struct {
		ID         string
		Name       string
		Identifier struct{ ID string }
	} `json:"parties"`
}

func readProjectRelease(t *testing.T, data, id string) compiledRelease {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "data", "ocds", "records", id+".json"))
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	var pkg struct {
		Records []struct {
			CompiledRelease compiledRelease `json:"compiledRelease"`
		}
	}
	if err := json.Unmarshal(b, &pkg); err != nil || len(pkg.Records) != 1 {
		t.Fatalf("%s: record package: %v", id, err)
	}
	return pkg.Records[0].CompiledRelease
}

// ddAfter is the <dd> that follows the <dt> reading label under n, nil when there is none.
func ddAfter(n *html.Node, label string) *html.Node {
	for _, dt := range nodesWhere(n, func(n *html.Node) bool { return n.Data == "dt" }) {
		if strings.TrimSpace(nodeText(dt)) != label {
			continue
		}
		for s := dt.NextSibling; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode && s.Data == "dd" {
				return s
			}
		}
	}
	return nil
}

func firstAttr(n *html.Node, tag, key string) string {
	if n == nil {
		return ""
	}
	if es := nodesWhere(n, func(n *html.Node) bool { return n.Data == tag }); len(es) > 0 {
		return nodeAttr(es[0], key)
	}
	return ""
}

func byID(n *html.Node, tag, id string) *html.Node {
	if es := nodesWhere(n, func(n *html.Node) bool { return n.Data == tag && nodeAttr(n, "id") == id }); len(es) > 0 {
		return es[0]
	}
	return nil
}

// byLabel is the section labelled by the heading with id.
func byLabel(n *html.Node, id string) *html.Node {
	if es := nodesWhere(n, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "aria-labelledby") == id }); len(es) > 0 {
		return es[0]
	}
	return nil
}

var docLine = regexp.MustCompile(`(?m)^([^：\n]+)：(.*)$`)

// lines reads "名称：内容" lines (the 2020 fields in OCDS descriptions).
func lines(s string) map[string]string {
	out := map[string]string{}
	for _, m := range docLine.FindAllStringSubmatch(s, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestProjectPagesMatchOCDS(t *testing.T) {
	out, data := sharedOpenData(t)
	ids := subdirs(t, filepath.Join(out, "projects"))
	checked := map[string]int{}
	for _, id := range ids {
		where := "projects/" + id + "/"
		doc := parseHTMLPage(t, out, where+"index.html")
		r := readProjectRelease(t, data, id)
		yuan := func(n json.Number) string { return fen2(t, id, n.String()) }

		// Amounts, in the order money moves.
		flow := map[string]string{}
		for _, li := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "li" && nodeAttr(n, "data-series") != "" }) {
			flow[nodeAttr(li, "data-series")] = fen2(t, id, firstAttr(li, "data", "value"))
		}
		if flow["amount-budget"] != yuan(r.Planning.Budget.Amount.Amount) {
			t.Errorf("%s: budget %s on the page, %s in OCDS", id, flow["amount-budget"], yuan(r.Planning.Budget.Amount.Amount))
		}
		if c, ok := flow["amount-ceiling"]; ok {
			checked["ceiling"]++
			if r.Tender.Value == nil || c != yuan(r.Tender.Value.Amount) {
				t.Errorf("%s: ceiling %s on the page, OCDS tender.value %v", id, c, r.Tender.Value)
			}
		}
		code := map[string]string{}
		for _, p := range r.Parties {
			code[p.ID] = p.Identifier.ID
		}
		var awarded int64
		var ocdsWinners []string
		for _, a := range r.Awards {
			awarded += fen(t, id, a.Value.Amount.String())
			ocdsWinners = append(ocdsWinners, code[a.Suppliers[0].ID]+" "+yuan(a.Value.Amount))
		}
		if a, ok := flow["amount-award"]; ok != (len(r.Awards) > 0) || (ok && a != fen2(t, id, moneyString(awarded))) {
			t.Errorf("%s: awarded %q on the page, %d in OCDS (%d awards)", id, a, awarded, len(r.Awards))
		}
		var contracted, paid int64
		var ocdsPayments []string
		for _, k := range r.Contracts {
			if k.Value != nil {
				contracted += fen(t, id, k.Value.Amount.String())
			}
			for _, tr := range k.Implementation.Transactions {
				paid += fen(t, id, tr.Value.Amount.String())
				ocdsPayments = append(ocdsPayments, tr.Date[:10]+" "+yuan(tr.Value.Amount)+" "+code[tr.Payee.ID])
			}
		}
		if c, ok := flow["amount-contract"]; ok != (contracted > 0) || (ok && c != fen2(t, id, moneyString(contracted))) {
			t.Errorf("%s: contracted %q on the page, %d in OCDS", id, c, contracted)
		}
		if p, ok := flow["amount-paid"]; ok != (paid > 0) || (ok && p != fen2(t, id, moneyString(paid))) {
			t.Errorf("%s: paid %q on the page, %d in OCDS", id, p, paid)
		}

		// Every notice and its date: the page's stage sections, the release's notice documents.
		var pageNotices, ocdsNotices []string
		for _, s := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "section" && nodeHasClass(n, "stage") }) {
			h2 := nodesWhere(s, func(n *html.Node) bool { return n.Data == "h2" })[0]
			pageNotices = append(pageNotices, "notice-"+nodeAttr(s, "id")+" "+firstAttr(h2, "time", "datetime"))
		}
		docs := append([]ocdsDoc(nil), r.Tender.Documents...)
		for _, a := range r.Awards {
			docs = append(docs, a.Documents...)
		}
		for _, k := range r.Contracts {
			docs = append(docs, k.Documents...)
			docs = append(docs, k.Implementation.Documents...)
		}
		seen := map[string]bool{}
		notice := map[string]ocdsDoc{}
		for _, d := range docs {
			if strings.HasPrefix(d.ID, "notice-") && !seen[d.ID] {
				seen[d.ID] = true
				notice[d.ID] = d
				ocdsNotices = append(ocdsNotices, d.ID+" "+d.DatePublished[:10])
			}
		}
		if !sameSet(pageNotices, ocdsNotices) {
			t.Errorf("%s: notices on the page %v, in OCDS %v", id, sorted(pageNotices), sorted(ocdsNotices))
		}
		checked["notices"] += len(pageNotices)

		// Winners and their amounts; the award date.
		if aw := byID(doc, "section", "award"); aw != nil {
			var winners []string
			for _, tr := range nodesWhere(aw, func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" }) {
				c := nodesWhere(tr, func(n *html.Node) bool { return n.Data == "td" && nodeHasClass(n, "code") })
				if len(c) == 1 && firstAttr(tr, "data", "value") != "" {
					winners = append(winners, nodeText(c[0])+" "+fen2(t, id, firstAttr(tr, "data", "value")))
				}
			}
			if !sameSet(winners, ocdsWinners) {
				t.Errorf("%s: winners on the page %v, in OCDS %v", id, winners, ocdsWinners)
			}
			checked["winners"] += len(winners)
			decided := firstAttr(aw, "time", "datetime") // the h2's publication date comes first
			if ts := nodesWhere(aw, func(n *html.Node) bool { return n.Data == "dl" }); len(ts) > 0 {
				decided = firstAttr(ts[0], "time", "datetime")
			}
			for _, a := range r.Awards {
				if a.Date[:10] != decided {
					t.Errorf("%s: award decided %s on the page, %s in OCDS", id, decided, a.Date[:10])
				}
			}
			// The result notice's 2020 particulars.
			d := lines(notice["notice-award"].Description)
			if dd := ddAfter(aw, "代理服务费"); dd != nil {
				checked["agency fee"]++
				if want := fen2(t, id, firstAttr(dd, "data", "value")) + "元"; d["代理服务费"] != want {
					t.Errorf("%s: agency fee %s on the page, OCDS %q", id, want, d["代理服务费"])
				}
			}
			for _, h3 := range nodesWhere(aw, func(n *html.Node) bool { return n.Data == "h3" && nodeText(n) == "评审专家名单" }) {
				checked["experts"]++
				if p := h3.NextSibling; p == nil || strings.TrimSpace(nodeText(p)) != d["评审专家"] {
					t.Errorf("%s: experts on the page differ from OCDS %q", id, d["评审专家"])
				}
			}
		}

		// The contract: number, signing date, supplier.
		if ct := byID(doc, "section", "contract"); ct != nil {
			checked["contracts"]++
			if len(r.Contracts) != 1 {
				t.Fatalf("%s: %d OCDS contracts", id, len(r.Contracts))
			}
			k := r.Contracts[0]
			terms := lines(k.Description)
			if n := strings.TrimSpace(nodeText(ddAfter(ct, "合同编号"))); n != terms["合同编号"] {
				t.Errorf("%s: contract number %q on the page, %q in OCDS", id, n, terms["合同编号"])
			}
			if s := firstAttr(ddAfter(ct, "签订日期"), "time", "datetime"); s != k.DateSigned[:10] {
				t.Errorf("%s: signed %s on the page, %s in OCDS", id, s, k.DateSigned)
			}
			if dd := ddAfter(ct, "服务期限"); dd != nil {
				checked["contract periods"]++
				var ts []string
				for _, tm := range nodesWhere(dd, func(n *html.Node) bool { return n.Data == "time" }) {
					ts = append(ts, nodeAttr(tm, "datetime"))
				}
				if k.Period == nil || len(ts) != 2 || ts[0] != k.Period.StartDate[:10] || ts[1] != k.Period.EndDate[:10] {
					t.Errorf("%s: contract period %v on the page, OCDS %+v", id, ts, k.Period)
				}
			}
			// Each evaluation: its date and score, against the contract's metric.
			metric := map[string]string{}
			for _, m := range k.Implementation.Metrics {
				for _, o := range m.Observations {
					if o.ID == "score" {
						metric[m.ID] = lines(m.Description)["评价日期"] + " " + strings.TrimSpace(toString(o.Measure))
					}
				}
			}
			var pageEvals []string
			var ocdsEvals []string
			for _, sec := range nodesWhere(doc, func(n *html.Node) bool {
				return n.Data == "section" && nodeHasClass(n, "stage") && strings.HasPrefix(nodeAttr(n, "id"), "evaluation-")
			}) {
				date := firstAttr(ddAfter(sec, "评价日期"), "time", "datetime")
				score := strings.TrimSpace(nodeText(ddAfter(sec, "得分")))
				pageEvals = append(pageEvals, date+" "+score)
				ocdsEvals = append(ocdsEvals, metric[nodeAttr(sec, "id")])
			}
			if !sameSet(pageEvals, ocdsEvals) {
				t.Errorf("%s: evaluations on the page %v, in OCDS %v", id, pageEvals, ocdsEvals)
			}
			checked["evaluations"] += len(pageEvals)
			supplier := ""
			for _, a := range r.Awards {
				if a.ID == k.AwardID {
					supplier = code[a.Suppliers[0].ID]
				}
			}
			if dd := ddAfter(ct, "承接主体"); dd == nil || !strings.Contains(nodeText(dd), supplier) || supplier == "" {
				t.Errorf("%s: contract supplier %q is not the page's", id, supplier)
			}
			for _, clause := range []string{"权利义务", "违约责任"} {
				onPage := len(nodesWhere(ct, func(n *html.Node) bool { return n.Data == "h3" && nodeText(n) == clause })) > 0
				if onPage != (terms[clause] != "") {
					t.Errorf("%s: %s on the page %v, in OCDS %v", id, clause, onPage, terms[clause] != "")
				}
			}
			// Payments: date, amount and payee (the contract's supplier).
			var pagePayments []string
			if ps := byLabel(doc, "payments"); ps != nil {
				for _, tr := range nodesWhere(ps, func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" }) {
					pagePayments = append(pagePayments, firstAttr(tr, "time", "datetime")+" "+fen2(t, id, firstAttr(tr, "data", "value"))+" "+supplier)
				}
			}
			if !sameSet(pagePayments, ocdsPayments) {
				t.Errorf("%s: payments on the page %v, in OCDS %v", id, pagePayments, ocdsPayments)
			}
			checked["payments"] += len(pagePayments)
		} else if len(ocdsPayments) > 0 || byLabel(doc, "payments") != nil {
			t.Errorf("%s: payments without a public contract (page section: %v, OCDS %v)", id, byLabel(doc, "payments") != nil, ocdsPayments)
		}

		// The call's particulars.
		if cl := byID(doc, "section", "call"); cl != nil {
			checked["calls"]++
			d := lines(notice["notice-call"].Description)
			if c := strings.TrimSpace(nodeText(ddAfter(cl, "接受联合体"))); c == "" || c != d["是否接受联合体"] {
				t.Errorf("%s: consortium %q on the page, %q in OCDS", id, c, d["是否接受联合体"])
			}
		}
		// The project's form and legal basis.
		rationale := lines(r.Planning.Rationale)
		if f := strings.TrimSpace(nodeText(ddAfter(doc, "购买形式"))); f != rationale["购买形式"] {
			t.Errorf("%s: form %q on the page, %q in OCDS", id, f, rationale["购买形式"])
		}
		if lg := byLabel(doc, "legal"); lg != nil {
			for _, c := range nodesWhere(lg, func(n *html.Node) bool { return n.Data == "span" && nodeHasClass(n, "code") }) {
				checked["legal basis"]++
				if !strings.Contains(rationale["政策依据"], nodeText(c)) {
					t.Errorf("%s: legal basis %s not in OCDS planning.rationale", id, nodeText(c))
				}
			}
		}
	}
	if len(ids) == 0 {
		t.Fatal("no project pages")
	}
	for _, k := range []string{"ceiling", "notices", "winners", "contracts", "contract periods", "evaluations", "payments", "calls", "legal basis", "agency fee", "experts"} {
		if checked[k] == 0 {
			t.Errorf("the sample exercised no %s: the comparison proves nothing there", k)
		}
	}
	t.Logf("%d project pages against their OCDS: %v", len(ids), checked)
}

// fen2 normalises an amount in yuan to two decimals through fen.
func fen2(t *testing.T, where, s string) string {
	t.Helper()
	if s == "" {
		return ""
	}
	return moneyString(fen(t, where, s))
}

// toString is a JSON measure as written: a number (json.Number through encoding/json's any is a
// float64, so it is formatted the shortest way) or a string.
func toString(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	return ""
}

// moneyString is fen as yuan with two decimals.
func moneyString(f int64) string { return records.Money(f).Yuan() }

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
