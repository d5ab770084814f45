package site

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// Corrections, read back from the built outputs: each amendment page's diff (原 → 新) is the
// reference, and the call notice, the project page and the OCDS releases are compared with it —
// the call page must hold the values first published and link every correction, the project page
// and the compiled release the values in force.

// shownValue is one value as a page shows it: an amount (<data value>), a moment (<time
// datetime>) or text.
type shownValue struct{ kind, val string }

func shownOf(n *html.Node) shownValue {
	if d := nodesWhere(n, func(n *html.Node) bool { return n.Data == "data" }); len(d) > 0 {
		return shownValue{"money", nodeAttr(d[0], "value")}
	}
	if d := nodesWhere(n, func(n *html.Node) bool { return n.Data == "time" }); len(d) > 0 {
		return shownValue{"time", nodeAttr(d[0], "datetime")}
	}
	return shownValue{"text", nodeText(n)}
}

// on says whether v is shown anywhere under n.
func (v shownValue) on(n *html.Node) bool {
	switch v.kind {
	case "money", "time":
		attr := map[string]string{"money": "value", "time": "datetime"}[v.kind]
		el := map[string]string{"money": "data", "time": "time"}[v.kind]
		return len(nodesWhere(n, func(x *html.Node) bool { return x.Data == el && nodeAttr(x, attr) == v.val })) > 0
	}
	return strings.Contains(nodeText(n), v.val)
}

// shownChange is one row of an amendment page's diff.
type shownChange struct {
	path     string
	from, to shownValue
}

func amendmentDiff(t *testing.T, doc *html.Node, where string) []shownChange {
	t.Helper()
	var out []shownChange
	for _, tr := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "tr" && nodeHasClass(n, "change") }) {
		c := shownChange{path: nodeAttr(tr, "data-field")}
		for _, td := range nodesWhere(tr, func(n *html.Node) bool { return n.Data == "td" }) {
			switch {
			case nodeHasClass(td, "from"):
				c.from = shownOf(td)
			case nodeHasClass(td, "to"):
				c.to = shownOf(td)
			}
		}
		if c.path == "" || c.from.val == "" || c.to.val == "" {
			t.Errorf("%s: a change row without field, 原 or 新: %+v", where, c)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		t.Errorf("%s: no 原 → 新 rows", where)
	}
	return out
}

func elementByID(doc *html.Node, id string) *html.Node {
	ns := nodesWhere(doc, func(n *html.Node) bool { return nodeAttr(n, "id") == id })
	if len(ns) == 0 {
		return nil
	}
	return ns[0]
}

func TestCorrectionsAcrossOutputs(t *testing.T) {
	ds, out := sharedBuild(t)
	_, data := sharedOpenData(t)
	amended := 0
	for _, p := range ds.Projects {
		var ams []records.Notice
		for _, n := range p.Notices(testAsOf) {
			if n.Kind == records.KindAmendment {
				ams = append(ams, n)
			}
		}
		if len(ams) == 0 {
			continue
		}
		amended++
		callURL := links.Notice(records.Notice{Kind: records.KindCall, Project: p})
		callDoc := parseHTMLPage(t, out, strings.TrimPrefix(callURL, "/")+"index.html")
		asPublished := nodesWhere(callDoc, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "aria-labelledby") == "content" })
		if len(asPublished) != 1 {
			t.Fatalf("%s: no notice content section", callURL)
		}
		projDoc := parseHTMLPage(t, out, strings.TrimPrefix(links.Project(p.ID), "/")+"index.html")
		inForce := elementByID(projDoc, "call")
		if inForce == nil {
			t.Fatalf("%s: no call section", p.ID)
		}

		first := map[string]shownValue{} // field → value first published (the earliest 原)
		last := map[string]shownValue{}  // field → value in force (the latest 新)
		lastURL := map[string]string{}
		var order []string
		for _, n := range ams {
			url := links.Notice(n)
			doc := parseHTMLPage(t, out, strings.TrimPrefix(url, "/")+"index.html")
			// The call page's banner links this correction, with its date.
			anchors := nodesWhere(callDoc, func(x *html.Node) bool { return x.Data == "a" && nodeAttr(x, "href") == url })
			if len(anchors) == 0 {
				t.Errorf("%s does not link its correction %s", callURL, url)
			} else if li := anchors[0].Parent; !(shownValue{"time", n.Published.String()}).on(li) {
				t.Errorf("%s: the link to %s does not give its date %s", callURL, url, n.Published)
			}
			for _, c := range amendmentDiff(t, doc, url) {
				if _, ok := first[c.path]; !ok {
					first[c.path] = c.from
					order = append(order, c.path)
				}
				last[c.path], lastURL[c.path] = c.to, url
			}
		}
		rel := firstTenderRelease(t, data, p.ID)
		compTender := compiledTender(t, data, p.ID)
		for _, path := range order {
			orig, now := first[path], last[path]
			if !orig.on(asPublished[0]) {
				t.Errorf("%s: %s as first published (%v) is not on the call notice", p.ID, path, orig)
			}
			if now != orig && !strings.Contains(orig.val, now.val) && now.on(asPublished[0]) {
				t.Errorf("%s: the call notice shows %s as corrected later (%v)", p.ID, path, now)
			}
			if !now.on(inForce) {
				t.Errorf("%s: the project page does not show %s in force (%v)", p.ID, path, now)
			}
			// The mark on the field: 更正于 <date> linking the correction, and the original.
			marks := nodesWhere(inForce, func(x *html.Node) bool { return nodeAttr(x, "data-field") == path })
			linked, original := false, false
			for _, m := range marks {
				linked = linked || len(nodesWhere(m, func(a *html.Node) bool { return a.Data == "a" && nodeAttr(a, "href") == lastURL[path] })) > 0
				for _, d := range nodesWhere(m, func(x *html.Node) bool { return x.Data == "del" }) {
					original = original || orig.on(d)
				}
			}
			if !linked || !original {
				t.Errorf("%s: the project page's mark on %s links %s: %v, gives the original %v: %v", p.ID, path, lastURL[path], linked, orig, original)
			}
			// OCDS: the call release as first published, the compiled release as in force.
			if got, ok := ocdsField(rel, path); ok && !sameValue(t, orig, got) {
				t.Errorf("%s: the OCDS call release has %s = %q, the call notice %v", p.ID, path, got, orig)
			}
			if got, ok := ocdsField(compTender, path); ok && !sameValue(t, now, got) {
				t.Errorf("%s: the compiled release has %s = %q, the project page %v", p.ID, path, got, now)
			}
		}
	}
	if amended < 3 {
		t.Errorf("only %d amended projects in the sample; the test needs several", amended)
	}
}

// ocdsTender is the part of an OCDS tender a correction can change.
type ocdsTender struct {
	Value *struct {
		Amount json.Number `json:"amount"`
	} `json:"value"`
	TenderPeriod *struct {
		EndDate string `json:"endDate"`
	} `json:"tenderPeriod"`
	EligibilityCriteria string `json:"eligibilityCriteria"`
	Milestones          []struct {
		ID          string `json:"id"`
		Description string `json:"description"`
		DueDate     string `json:"dueDate"`
	} `json:"milestones"`
}

func firstTenderRelease(t *testing.T, data, id string) ocdsTender {
	t.Helper()
	var pkg struct {
		Releases []struct {
			Tag    []string   `json:"tag"`
			Tender ocdsTender `json:"tender"`
		} `json:"releases"`
	}
	readJSON(t, filepath.Join(data, "data", "ocds", "releases", id+".json"), &pkg)
	for _, r := range pkg.Releases {
		if len(r.Tag) == 1 && r.Tag[0] == "tender" {
			return r.Tender
		}
	}
	t.Fatalf("%s: no tender release", id)
	return ocdsTender{}
}

func compiledTender(t *testing.T, data, id string) ocdsTender {
	t.Helper()
	var pkg struct {
		Records []struct {
			CompiledRelease struct {
				Tender ocdsTender `json:"tender"`
			} `json:"compiledRelease"`
		} `json:"records"`
	}
	readJSON(t, filepath.Join(data, "data", "ocds", "records", id+".json"), &pkg)
	return pkg.Records[0].CompiledRelease.Tender
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// ocdsField is the OCDS counterpart of a call field, when OCDS has one.
func ocdsField(tn ocdsTender, path string) (string, bool) {
	opening := func() (d, p string) {
		for _, m := range tn.Milestones {
			if m.ID == "bid-opening" {
				return m.DueDate, m.Description
			}
		}
		return "", ""
	}
	switch path {
	case "ceiling":
		if tn.Value != nil {
			return string(tn.Value.Amount), true
		}
	case "bid_deadline":
		if tn.TenderPeriod != nil {
			return tn.TenderPeriod.EndDate, true
		}
	case "opening.time":
		d, _ := opening()
		return d, true
	case "opening.place":
		_, p := opening()
		return p, true
	case "conditions":
		return tn.EligibilityCriteria, true
	}
	return "", false
}

// sameValue compares a page's value with OCDS's: amounts as numbers, moments as instants, text
// as contained (OCDS carries the whole text, a change may name a passage).
func sameValue(t *testing.T, v shownValue, ocds string) bool {
	t.Helper()
	switch v.kind {
	case "money":
		a, ok1 := new(big.Rat).SetString(v.val)
		b, ok2 := new(big.Rat).SetString(ocds)
		return ok1 && ok2 && a.Cmp(b) == 0
	case "time":
		a, err1 := time.ParseInLocation("2006-01-02 15:04", v.val, records.CST)
		b, err2 := time.Parse(time.RFC3339, ocds)
		return err1 == nil && err2 == nil && a.Equal(b)
	}
	return strings.Contains(strings.Join(strings.Fields(ocds), " "), v.val)
}
