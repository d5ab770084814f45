package browser

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// phoneJS measures a page as laid out on a phone: the elements of main that stick out of the
// viewport (outside a scroll region, a focusable box that scrolls on purpose), for each list row
// the cells that are hidden or cut off, and for each row of the page's main list (its first) the
// wanted content (selectors) it does not show.
const phoneJS = `((want) => {
  const W = document.documentElement.clientWidth;
  const shown = e => e.checkVisibility({ visibilityProperty: true });
  const desc = e => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") + ' "' + (e.textContent || "").trim().slice(0, 30) + '"';
  const out = { width: W, wide: [], regions: 0, rows: 0, hidden: [], missing: [] };
  const main = document.querySelector("main");
  for (const e of main.querySelectorAll("*")) {
    if (!shown(e) || e.closest(".scroll[role=region]")) continue;
    const r = e.getBoundingClientRect();
    if (r.right > W + 0.5 || r.left < -0.5) { out.wide.push(desc(e) + " " + Math.round(r.left) + "–" + Math.round(r.right)); }
  }
  out.regions = main.querySelectorAll(".scroll[role=region]").length;
  const mainList = main.querySelector("table.list");
  for (const tr of main.querySelectorAll("table.list tbody tr")) {
    out.rows++;
    for (const c of tr.cells) {
      const r = c.getBoundingClientRect();
      if (!shown(c) || r.width < 1 || r.right > W + 0.5 || r.left < -0.5) out.hidden.push(desc(c));
    }
    for (const sel of (tr.closest("table") === mainList ? want : [])) {
      const e = tr.querySelector(sel);
      if (!e || !shown(e)) { out.missing.push(sel + " in " + desc(tr)); continue; }
      const r = e.getBoundingClientRect();
      if (r.right > W + 0.5 || r.left < -0.5) out.missing.push(sel + " off-screen in " + desc(tr));
    }
  }
  // The first list row or, on other pages, the h1: how far down the first screen it starts.
  const first = main.querySelector("table.list tbody tr") || main.querySelector("h1");
  out.firstTop = first ? Math.round(first.getBoundingClientRect().top + window.scrollY) : -1;
  return out;
})(%s)`

type phoneAudit struct {
	Width    float64  `json:"width"`
	Wide     []string `json:"wide"`
	Regions  int      `json:"regions"`
	Rows     int      `json:"rows"`
	Hidden   []string `json:"hidden"`
	Missing  []string `json:"missing"`
	FirstTop float64  `json:"firstTop"`
}

// testPhone looks at every page at 390 px: nothing in main is wider than the screen (wide
// numeric tables scroll inside a focusable region instead), every list row shows all its cells
// and what a reader needs of it — date, amount, provider — and the first list row is on the
// first screen.
func (f *fixture) testPhone(t *testing.T) {
	p := f.page(t, 390, 844, true, true)
	rows, regions := 0, 0
	for _, pc := range f.pages {
		where := pc.name + "@390"
		f.open(t, p, pc.path)
		want, _ := json.Marshal(append([]string{}, pc.cells...))
		var a phoneAudit
		if err := p.Eval(f.ctx, fmt.Sprintf(phoneJS, want), &a); err != nil {
			t.Fatal(err)
		}
		if a.Width != 390 {
			t.Errorf("%s: layout viewport %v px, want 390", where, a.Width)
		}
		if len(a.Wide) > 0 {
			t.Errorf("%s: %d elements of main wider than the screen, e.g. %v", where, len(a.Wide), a.Wide[:min(3, len(a.Wide))])
		}
		if len(a.Hidden) > 0 {
			t.Errorf("%s: %d list cells hidden or cut off, e.g. %v", where, len(a.Hidden), a.Hidden[:min(3, len(a.Hidden))])
		}
		if len(a.Missing) > 0 {
			t.Errorf("%s: %d list rows do not show what they must, e.g. %v", where, len(a.Missing), a.Missing[:min(3, len(a.Missing))])
		}
		if len(pc.cells) > 0 && a.Rows == 0 {
			t.Errorf("%s: no list rows to check", where)
		}
		if pc.list && a.FirstTop > 844 {
			t.Errorf("%s: the first list row starts %v px down, below the first screen (844 px)", where, a.FirstTop)
		}
		rows += a.Rows
		regions += a.Regions
		problems(t, p, where)
	}
	t.Logf("phone: %d pages at 390 px, %d list rows as cards, %d wide tables in scroll regions", len(f.pages), rows, regions)
}

// axe is axe-core (MPL-2.0, https://github.com/dequelabs/axe-core, `npm pack axe-core`), run
// inside each page; see testdata/axe-LICENSE.txt.
//
//go:embed testdata/axe.min.js
var axe string

// axeRunJS runs the WCAG 2.1 A and AA rules on the page and reports violations and passes.
const axeRunJS = `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
  .then(r => ({ passes: r.passes.length, violations: r.violations.map(v => ({ id: v.id, impact: v.impact || "",
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\n").slice(1, 2).join("")), count: v.nodes.length })) }))`

type axeResult struct {
	Passes     int `json:"passes"`
	Violations []struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Nodes  []string `json:"nodes"`
		Count  int      `json:"count"`
	} `json:"violations"`
}

// testAxe runs axe-core on every page in both languages at a phone's and a desktop's width:
// zero WCAG 2.1 A/AA violations.
func (f *fixture) testAxe(t *testing.T) {
	runs, violations := 0, 0
	rules := map[string]bool{}
	for _, w := range widths {
		p := f.page(t, w.width, w.height, w.mobile, true)
		for _, pc := range f.pages {
			where := pc.name + "@" + w.name
			f.open(t, p, pc.path)
			if err := p.Eval(f.ctx, axe+"\n;true", nil); err != nil {
				t.Fatalf("%s: loading axe: %v", where, err)
			}
			var r axeResult
			if err := p.Eval(f.ctx, axeRunJS, &r); err != nil {
				t.Fatalf("%s: axe.run: %v", where, err)
			}
			if r.Passes == 0 {
				t.Errorf("%s: axe passed no rule: it did not run", where)
			}
			runs++
			for _, v := range r.Violations {
				violations += v.Count
				rules[v.ID] = true
				t.Errorf("%s: axe %s (%s) on %d elements: %s", where, v.ID, v.Impact, v.Count, strings.Join(v.Nodes, "; "))
			}
		}
	}
	var ids []string
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	t.Logf("axe-core: %d page views (%d pages × %d widths), WCAG 2.1 A/AA: %d violations %v", runs, len(f.pages), len(widths), violations, ids)
}
