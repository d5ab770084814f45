package browser

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/site"
)

// The sample site is built once, as of this date, and every test looks at it in one Chromium.
const asOf = "2026-11-20"

// known is a sample project the search must find, by a word of its title and by its id.
const (
	knownID   = "SLS-FL-2025-002"
	knownWord = "反家庭暴力"
)

// widths are a phone's and a desktop's CSS width.
var widths = []struct {
	name          string
	width, height int
	mobile        bool
}{{"390", 390, 844, true}, {"1280", 1280, 900, false}}

// fixture is the built, served sample site and the browser looking at it.
type fixture struct {
	base   string // http://127.0.0.1:port (no trailing slash)
	ds     *records.Dataset
	pages  []pageCase
	b      *Browser
	shots  string // GONGKAI_SHOTS: where to write screenshots, "" for none
	cancel context.CancelFunc
	ctx    context.Context
}

// pageCase is one page every check runs on.
type pageCase struct {
	name, path string
	table      bool // a list: rows must be there without script
	// cells are what every row of the page's list must show on a phone (CSS selectors inside
	// the row): its date, amount, provider…
	cells []string
	list  bool // a list page: its first row must be on a phone's first screen
}

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// setup builds the sample site into a temporary folder, serves it on loopback and starts
// Chromium. Without Chromium the tests skip, except in CI where they must run.
func setup(t *testing.T) *fixture {
	t.Helper()
	chrome := Find()
	if chrome == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not found and CI is set: the browser tests must run in CI (see .ci/run)")
		}
		t.Skip("chromium not found (apt-get install chromium); skipping the browser tests")
	}
	root := repoRoot()
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		t.Fatalf("sample data does not load: %d errors, first: %s", diags.Errors(), diags[0].Message)
	}
	d, err := records.ParseDate(asOf)
	if err != nil {
		t.Fatal(err)
	}
	ds.AsOf = d
	rules.Apply(ds)

	// Listen first, so the site is built for the address it is served at (absolute links work).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	out := filepath.Join(t.TempDir(), "public")
	r, err := site.New(root, site.Options{BaseURL: base + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, out); err != nil {
		t.Fatal(err)
	}
	if err := export.Write(ds, out, export.Options{BaseURL: base + "/"}); err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(out)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	b, err := Launch(chrome)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // 49 pages, each at two widths, several times
	t.Cleanup(cancel)

	f := &fixture{base: base, ds: ds, b: b, ctx: ctx, cancel: cancel, shots: os.Getenv("GONGKAI_SHOTS")}
	if p := ds.Index.Project[knownID]; p == nil || len(p.Notices(ds.AsOf)) == 0 {
		t.Fatalf("the sample data has no published project %s; update knownID/knownWord", knownID)
	}
	year := 0
	for _, by := range ds.Budgets {
		year = max(year, by.Year)
	}
	// One page of every type: a notice, a body, a provider (a winner) and a catalogue item of
	// the sample data.
	known := ds.Index.Project[knownID]
	notice := links.Notice(known.Notices(ds.AsOf)[0])
	var provider string
	for _, p := range ds.Projects {
		if p.Award != nil && len(p.Award.Winners) > 0 && !p.Award.Published.IsZero() && !p.Award.Published.After(ds.AsOf) {
			provider = links.Provider(p.Award.Winners[0].Provider)
			break
		}
	}
	if provider == "" {
		t.Fatal("the sample data has no published award")
	}
	var rule string
	for _, fd := range ds.Findings {
		rule = fd.Rule
		break
	}
	if rule == "" {
		t.Fatal("the sample data has no compliance finding")
	}
	date, money, prov := "time", "data.money", `a[href*="/providers/"]`
	for _, lang := range []string{"", "/en"} {
		tag := "zh"
		if lang != "" {
			tag = "en"
		}
		f.pages = append(f.pages,
			pageCase{name: "home-" + tag, path: lang + "/"},
			pageCase{name: "notices-" + tag, path: lang + "/notices/"},
			pageCase{name: "list-" + tag, path: lang + "/notices/call/", table: true, cells: []string{date, money}, list: true},
			pageCase{name: "list-page-2-" + tag, path: lang + "/notices/call/page/2/", table: true, cells: []string{date, money}, list: true},
			pageCase{name: "facet-" + tag, path: lang + "/notices/call/body/mz/", table: true, cells: []string{date, money}, list: true},
			pageCase{name: "facet-index-" + tag, path: lang + "/notices/call/year/"},
			pageCase{name: "awards-" + tag, path: lang + "/notices/award/", table: true, cells: []string{date, money, prov}, list: true},
			pageCase{name: "contracts-" + tag, path: lang + "/notices/contract/", table: true, cells: []string{date, money, prov}, list: true},
			pageCase{name: "notice-" + tag, path: lang + notice},
			pageCase{name: "projects-" + tag, path: lang + "/projects/", table: true, cells: []string{money}, list: true},
			pageCase{name: "project-" + tag, path: lang + "/projects/" + knownID + "/"},
			pageCase{name: "budgets-" + tag, path: lang + "/budgets/", table: true},
			pageCase{name: "budget-" + tag, path: lang + fmt.Sprintf("/budgets/%d/", year), table: true},
			pageCase{name: "bodies-" + tag, path: lang + "/bodies/", table: true, cells: []string{money}},
			pageCase{name: "body-" + tag, path: lang + links.Body(known.Body), table: true},
			pageCase{name: "providers-" + tag, path: lang + "/providers/", table: true},
			pageCase{name: "provider-" + tag, path: lang + provider, table: true, cells: []string{date}},
			pageCase{name: "catalogue-" + tag, path: lang + "/catalogue/"},
			pageCase{name: "item-" + tag, path: lang + links.CatalogueItem(known.Item), table: true, cells: []string{money}},
			pageCase{name: "sanctions-" + tag, path: lang + "/sanctions/", table: true},
			pageCase{name: "compliance-" + tag, path: lang + "/compliance/", table: true, cells: []string{"a.code", date}, list: true},
			pageCase{name: "compliance-rule-" + tag, path: lang + links.ComplianceFilter("rule", rule), table: true, cells: []string{"a.code"}, list: true},
			pageCase{name: "data-" + tag, path: lang + "/data/"},
			pageCase{name: "about-" + tag, path: lang + "/about/"},
		)
	}
	f.pages = append(f.pages, pageCase{name: "404", path: "/404.html"})
	return f
}

// page opens a tab at a viewport; it is closed when the test ends.
func (f *fixture) page(t *testing.T, width, height int, mobile, js bool) *Page {
	t.Helper()
	p, err := f.b.NewPage(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close(context.Background()) })
	if err := p.SetViewport(f.ctx, width, height, mobile); err != nil {
		t.Fatal(err)
	}
	if err := p.SetJavaScript(f.ctx, js); err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) open(t *testing.T, p *Page, path string) {
	t.Helper()
	if err := p.Navigate(f.ctx, f.base+path); err != nil {
		t.Fatal(err)
	}
}

// problems fails the test on uncaught exceptions, console errors and failed requests.
func problems(t *testing.T, p *Page, where string) {
	t.Helper()
	for _, pr := range p.Problems() {
		t.Errorf("%s: %s", where, pr)
	}
}

// audit is what auditJS reports about the page as laid out.
type audit struct {
	ScrollWidth float64    `json:"scrollWidth"`
	InnerWidth  float64    `json:"innerWidth"`
	Overflowing []string   `json:"overflowing"`
	Headings    [][]string `json:"headings"`
	Unlabelled  []string   `json:"unlabelled"`
	NoAlt       []string   `json:"noAlt"`
	Unfocusable []string   `json:"unfocusable"`
	Nameless    []string   `json:"nameless"`
	Links       int        `json:"links"`
	MainText    int        `json:"mainText"`
	Rows        int        `json:"rows"`
	SearchShown bool       `json:"searchShown"`
	HasSearch   bool       `json:"hasSearch"`
}

// auditJS inspects the page in one round trip. Elements are described as tag#id.class "text".
const auditJS = `(() => {
  const desc = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") + ' "' + (e.textContent || "").trim().slice(0, 30) + '"';
  // checkVisibility: also false inside a closed <details> (content-visibility: hidden).
  const shown = e => e.checkVisibility({ visibilityProperty: true });
  const text = e => (e.textContent || "").trim();
  const byIds = ids => (ids || "").split(/\s+/).map(id => document.getElementById(id)).filter(Boolean).map(text).join(" ").trim();
  const name = e => (e.getAttribute("aria-label") || "").trim() || byIds(e.getAttribute("aria-labelledby")) ||
    Array.from(e.labels || []).map(text).join(" ").trim() || (e.getAttribute("title") || "").trim() ||
    (e.tagName === "BUTTON" ? text(e) : "") || (e.type === "submit" || e.type === "button" ? (e.value || "").trim() : "");
  const de = document.documentElement;
  const W = de.clientWidth; // the layout viewport: the device width on a phone
  const out = { scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, overflowing: [] };
  if (de.scrollWidth > W) {
    // Name the outermost elements sticking out, skipping what scrolls inside its own box.
    for (const e of document.body.querySelectorAll("*")) {
      const r = e.getBoundingClientRect();
      if (r.right <= W + 0.5 || !shown(e)) continue;
      let p = e.parentElement, inner = false;
      while (p && p !== document.body) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === "auto" || ox === "scroll" || ox === "hidden" || p.getBoundingClientRect().right > W + 0.5) { inner = true; break; }
        p = p.parentElement;
      }
      if (!inner) out.overflowing.push(desc(e) + " right=" + Math.round(r.right));
      if (out.overflowing.length >= 5) break;
    }
  }
  out.headings = Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6")).map(h => [h.tagName.slice(1), text(h).slice(0, 40)]);
  out.unlabelled = Array.from(document.querySelectorAll("input,select,textarea,button")).filter(e => e.type !== "hidden" && !name(e)).map(desc);
  out.noAlt = Array.from(document.querySelectorAll("img")).filter(i => !i.hasAttribute("alt")).map(desc)
    .concat(Array.from(document.querySelectorAll("svg")).filter(s => {
      if (s.closest("[aria-hidden=true]")) return false;
      const t = s.querySelector(":scope > title");
      return !((s.getAttribute("role") === "img" || s.getAttribute("role") === "graphics-document") &&
        (name(s) || (t && text(t))));
    }).map(desc));
  const links = Array.from(document.querySelectorAll("a[href]"));
  out.links = links.length;
  out.unfocusable = links.filter(a => a.tabIndex < 0).map(desc);
  out.nameless = links.filter(a => !name(a) && !text(a) && !a.querySelector("img[alt]:not([alt=''])")).map(desc);
  const main = document.querySelector("main");
  out.mainText = main ? text(main).length : 0;
  out.rows = document.querySelectorAll("main tbody tr").length;
  const form = document.querySelector("form.search");
  out.hasSearch = !!form;
  out.searchShown = !!form && shown(form);
  return out;
})()`

func (f *fixture) audit(t *testing.T, p *Page) audit {
	t.Helper()
	var a audit
	if err := p.Eval(f.ctx, auditJS, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// headingProblems says what is wrong with the heading outline: one h1 first, no skipped level.
func headingProblems(hs [][]string) []string {
	var out []string
	if len(hs) == 0 {
		return []string{"no headings"}
	}
	if hs[0][0] != "1" {
		out = append(out, fmt.Sprintf("first heading is h%s %q, not h1", hs[0][0], hs[0][1]))
	}
	h1 := 0
	prev := 0
	for _, h := range hs {
		lvl := int(h[0][0] - '0')
		if lvl == 1 {
			h1++
		}
		if prev > 0 && lvl > prev+1 {
			out = append(out, fmt.Sprintf("h%d %q follows h%d: a level is skipped", lvl, h[1], prev))
		}
		prev = lvl
	}
	if h1 != 1 {
		out = append(out, fmt.Sprintf("%d h1 elements, want 1", h1))
	}
	return out
}

func TestHeadingProblems(t *testing.T) {
	tests := []struct {
		hs   [][]string
		want int
	}{
		{[][]string{{"1", "a"}, {"2", "b"}, {"3", "c"}, {"2", "d"}}, 0},
		{[][]string{{"1", "a"}, {"3", "b"}}, 1},
		{[][]string{{"2", "a"}, {"3", "b"}}, 2}, // not h1 first, and no h1
		{[][]string{{"1", "a"}, {"1", "b"}}, 1},
		{nil, 1},
	}
	for _, tt := range tests {
		if got := headingProblems(tt.hs); len(got) != tt.want {
			t.Errorf("headingProblems(%v) = %v, want %d problems", tt.hs, got, tt.want)
		}
	}
}

// TestSiteInBrowser runs every check on the sample site in one build and one browser.
func TestSiteInBrowser(t *testing.T) {
	f := setup(t)
	t.Run("layout", f.testLayout)
	t.Run("keyboard", f.testKeyboard)
	t.Run("search", f.testSearch)
	t.Run("sort", f.testSort)
	t.Run("no-script", f.testNoScript)
	t.Run("phone", f.testPhone)
	t.Run("axe", f.testAxe)
}

// testLayout checks each page at a phone's and a desktop's width: no horizontal overflow,
// headings in order, labelled controls, text alternatives, focusable links.
func (f *fixture) testLayout(t *testing.T) {
	for _, w := range widths {
		p := f.page(t, w.width, w.height, w.mobile, true)
		for _, pc := range f.pages {
			where := pc.name + "@" + w.name
			f.open(t, p, pc.path)
			a := f.audit(t, p)
			// Against the device width, not innerWidth: a phone zooms out to fit a page that
			// is too wide, which widens innerWidth with it.
			if a.ScrollWidth > float64(w.width) || a.InnerWidth > float64(w.width) {
				t.Errorf("%s: page is %v px wide (window %v px) on a %d px screen; sticking out: %v",
					where, a.ScrollWidth, a.InnerWidth, w.width, a.Overflowing)
			}
			for _, h := range headingProblems(a.Headings) {
				t.Errorf("%s: headings: %s", where, h)
			}
			for _, e := range a.Unlabelled {
				t.Errorf("%s: form control without a label: %s", where, e)
			}
			for _, e := range a.NoAlt {
				t.Errorf("%s: image without a text alternative: %s", where, e)
			}
			for _, e := range a.Unfocusable {
				t.Errorf("%s: link taken out of the tab order: %s", where, e)
			}
			for _, e := range a.Nameless {
				t.Errorf("%s: link with no text: %s", where, e)
			}
			if a.Links < 10 || a.MainText < 30 {
				t.Errorf("%s: %d links and %d characters of main text: the page did not render", where, a.Links, a.MainText)
			}
			if pc.table && a.Rows == 0 {
				t.Errorf("%s: no table rows", where)
			}
			problems(t, p, where)
			f.shot(t, p, pc.name+"-"+w.name)
		}
	}
}

// shot writes a full-page screenshot when GONGKAI_SHOTS names a folder.
func (f *fixture) shot(t *testing.T, p *Page, name string) {
	t.Helper()
	if f.shots == "" {
		return
	}
	png, err := p.Screenshot(f.ctx)
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(f.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// focusJS records every element that receives focus, with how its focus is drawn.
const focusJS = `(() => {
  window.__focus = [];
  window.__seen = new Set();
  document.addEventListener("focusin", e => {
    const el = e.target, cs = getComputedStyle(el), r = el.getBoundingClientRect();
    window.__seen.add(el);
    window.__focus.push({
      tag: el.tagName.toLowerCase(), text: (el.textContent || el.value || "").trim().slice(0, 30),
      outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
      shadow: cs.boxShadow !== "none", visible: el.matches(":focus-visible"),
      onscreen: r.right > 0 && r.bottom > 0 && r.left < window.innerWidth && r.width > 0 && r.height > 0
    });
  });
  return true;
})()`

// unseenJS lists the visible links that never received focus.
const unseenJS = `Array.from(document.querySelectorAll("a[href]"))
  .filter(a => a.checkVisibility({ visibilityProperty: true }) && !window.__seen.has(a))
  .map(a => (a.textContent || "").trim().slice(0, 30) + " → " + a.getAttribute("href"))`

type focused struct {
	Tag      string `json:"tag"`
	Text     string `json:"text"`
	Outline  bool   `json:"outline"`
	Shadow   bool   `json:"shadow"`
	Visible  bool   `json:"visible"`
	Onscreen bool   `json:"onscreen"`
}

// testKeyboard tabs through each page: the skip link comes first and shows itself, every
// visible link is reached, and every focused element draws a visible focus indicator.
func (f *fixture) testKeyboard(t *testing.T) {
	for _, w := range widths {
		p := f.page(t, w.width, w.height, w.mobile, true)
		for _, pc := range f.pages {
			where := pc.name + "@" + w.name
			f.open(t, p, pc.path)
			var links int
			// Tab stops: links, controls, disclosures, focusable boxes, and (Chromium 130+) boxes
			// that scroll sideways.
			if err := p.Eval(f.ctx, `document.querySelectorAll("a[href], input, button, select, textarea, summary, [tabindex]:not([tabindex='-1'])").length +
				Array.from(document.querySelectorAll("main *")).filter(e => !e.hasAttribute("tabindex") && /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth).length`, &links); err != nil {
				t.Fatal(err)
			}
			if err := p.Eval(f.ctx, focusJS, nil); err != nil {
				t.Fatal(err)
			}
			for range links + 1 {
				if err := p.Press(f.ctx, "Tab", false); err != nil {
					t.Fatal(err)
				}
			}
			var seen []focused
			if err := p.Eval(f.ctx, "window.__focus", &seen); err != nil {
				t.Fatal(err)
			}
			if len(seen) == 0 {
				t.Errorf("%s: Tab focused nothing", where)
				continue
			}
			if first := seen[0]; first.Tag != "a" || !first.Onscreen {
				t.Errorf("%s: first Tab stop is %+v, want the skip link, shown on screen", where, first)
			}
			bad := 0
			for _, s := range seen {
				if !s.Visible || !(s.Outline || s.Shadow) || !s.Onscreen {
					if bad++; bad <= 3 {
						t.Errorf("%s: focus not visibly drawn on %+v", where, s)
					}
				}
			}
			var unseen []string
			if err := p.Eval(f.ctx, unseenJS, &unseen); err != nil {
				t.Fatal(err)
			}
			if len(unseen) > 0 {
				t.Errorf("%s: %d visible links never got keyboard focus, e.g. %v", where, len(unseen), unseen[:min(3, len(unseen))])
			}
			problems(t, p, where)
		}
	}
}

// result is a search result as shown.
type result struct {
	Href  string `json:"href"`
	Title string `json:"title"`
}

const resultsJS = `({
  status: (document.querySelector(".search [role=status]") || {}).textContent || "",
  results: Array.from(document.querySelectorAll(".search .results > li > a")).map(a => ({href: a.getAttribute("href"), title: a.textContent})),
  active: document.activeElement ? (document.activeElement.getAttribute("href") || document.activeElement.id) : ""
})`

type searchState struct {
	Status  string   `json:"status"`
	Results []result `json:"results"`
	Active  string   `json:"active"`
}

func (f *fixture) results(t *testing.T, p *Page) searchState {
	t.Helper()
	var s searchState
	if err := p.Eval(f.ctx, resultsJS, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// waitResults waits until the first result links to want.
func (f *fixture) waitResults(t *testing.T, p *Page, where, want string) searchState {
	t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 10*time.Second)
	defer cancel()
	cond := fmt.Sprintf(`Array.from(document.querySelectorAll(".search .results > li > a")).some(a => a.getAttribute("href") === %q)`, want)
	if err := p.WaitFor(ctx, cond); err != nil {
		s := f.results(t, p)
		t.Fatalf("%s: no result linking to %s; status %q, results %v (%v)", where, want, s.Status, s.Results, err)
	}
	return f.results(t, p)
}

// testSearch types into the search box as a reader would, on a phone.
func (f *fixture) testSearch(t *testing.T) {
	p := f.page(t, 390, 844, true, true)
	project := "/projects/" + knownID + "/"

	f.open(t, p, "/")
	var before int
	if err := p.Eval(f.ctx, `performance.getEntriesByType("resource").filter(e => e.name.includes("/search/")).length`, &before); err != nil {
		t.Fatal(err)
	}
	if before != 0 {
		t.Errorf("the search index was fetched on page load; it must wait for the reader to search")
	}
	if err := p.Eval(f.ctx, `document.getElementById("q").focus()`, nil); err != nil {
		t.Fatal(err)
	}
	if err := p.Type(f.ctx, knownWord); err != nil {
		t.Fatal(err)
	}
	s := f.waitResults(t, p, "search by word", project)
	if s.Status == "" {
		t.Errorf("search by word: the live status says nothing")
	}
	for _, r := range s.Results {
		if !strings.Contains(r.Title, knownWord) && r.Href != project {
			t.Logf("search by word: also found %q", r.Title) // other fields may match; only logged
		}
	}
	a := f.audit(t, p)
	if a.ScrollWidth > 390 || a.InnerWidth > 390 {
		t.Errorf("search results overflow the phone's width: %v (window %v) > 390, %v", a.ScrollWidth, a.InnerWidth, a.Overflowing)
	}
	f.shot(t, p, "search-390")

	// Arrow down moves from the box to the first result.
	if err := p.Press(f.ctx, "ArrowDown", false); err != nil {
		t.Fatal(err)
	}
	if s := f.results(t, p); s.Active != s.Results[0].Href {
		t.Errorf("ArrowDown: focus on %q, want the first result %q", s.Active, s.Results[0].Href)
	}

	// Escape clears; the id, typed in lower case, finds the project first.
	if err := p.Eval(f.ctx, `document.getElementById("q").focus()`, nil); err != nil {
		t.Fatal(err)
	}
	if err := p.Press(f.ctx, "Escape", false); err != nil {
		t.Fatal(err)
	}
	if s := f.results(t, p); len(s.Results) != 0 || s.Status != "" {
		t.Errorf("Escape left %d results, status %q", len(s.Results), s.Status)
	}
	if err := p.Type(f.ctx, strings.ToLower(knownID)); err != nil {
		t.Fatal(err)
	}
	s = f.waitResults(t, p, "search by id", project)
	if s.Results[0].Href != project {
		t.Errorf("search by id: first result %v, want %s", s.Results[0], project)
	}

	// A result's notice links lead to real pages.
	var notice string
	if err := p.Eval(f.ctx, `(document.querySelector(".search .results .notices a") || {}).href || ""`, &notice); err != nil {
		t.Fatal(err)
	}
	if notice == "" {
		t.Error("search results list no notices")
	}
	problems(t, p, "search")
	if notice != "" {
		if err := p.Navigate(f.ctx, notice); err != nil {
			t.Fatal(err)
		}
		var h1 string
		if err := p.Eval(f.ctx, `(document.querySelector("h1") || {}).textContent || ""`, &h1); err != nil {
			t.Fatal(err)
		}
		if h1 == "" {
			t.Errorf("notice link %s from the search leads to a page without h1", notice)
		}
		problems(t, p, notice)
	}

	// The English edition, with the query in the address (what Enter on the home page shares),
	// links to English pages; and the projects list searches the same way.
	for _, tc := range []struct{ path, want string }{
		{"/en/?q=" + knownID, "/en" + project},
		{"/projects/?q=" + knownWord, project},
	} {
		f.open(t, p, tc.path)
		f.waitResults(t, p, tc.path, tc.want)
		problems(t, p, tc.path)
	}

	// Enter keeps the reader on the page with the query in the address.
	f.open(t, p, "/")
	if err := p.Eval(f.ctx, `document.getElementById("q").focus()`, nil); err != nil {
		t.Fatal(err)
	}
	if err := p.Type(f.ctx, knownWord); err != nil {
		t.Fatal(err)
	}
	if err := p.Press(f.ctx, "Enter", false); err != nil {
		t.Fatal(err)
	}
	f.waitResults(t, p, "Enter", project)
	var loc string
	if err := p.Eval(f.ctx, `location.pathname + location.search`, &loc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(loc, "/?q=") {
		t.Errorf("after Enter the address is %q, want /?q=…", loc)
	}
	problems(t, p, "Enter")
}

// testNoScript loads every page with JavaScript off: the content is all there, and the search
// form, which needs script, is not offered.
func (f *fixture) testNoScript(t *testing.T) {
	p := f.page(t, 390, 844, true, false)
	for _, pc := range f.pages {
		where := pc.name + " without script"
		f.open(t, p, pc.path)
		a := f.audit(t, p)
		if a.MainText < 30 || a.Links < 10 {
			t.Errorf("%s: %d characters of main text, %d links", where, a.MainText, a.Links)
		}
		if pc.table && a.Rows == 0 {
			t.Errorf("%s: no table rows", where)
		}
		if a.SearchShown {
			t.Errorf("%s: the search form shows, but cannot work without script", where)
		}
		if a.ScrollWidth > 390 || a.InnerWidth > 390 {
			t.Errorf("%s: horizontal overflow %v (window %v) > 390", where, a.ScrollWidth, a.InnerWidth)
		}
		problems(t, p, where)
	}
	// And with script on, the form is there (so the check above means something).
	q := f.page(t, 390, 844, true, true)
	f.open(t, q, "/")
	if a := f.audit(t, q); !a.HasSearch || !a.SearchShown {
		t.Errorf("home with script: search form present %v, shown %v", a.HasSearch, a.SearchShown)
	}
}

// sortJS clicks the sort button of column col of the first sortable table and reads back the
// header's aria-sort and the column's machine values, in row order.
const sortJS = `((col) => {
  const table = document.querySelector("table[data-sortable]");
  const th = table.tHead.rows[0].cells[col];
  th.querySelector("button.sort").click();
  return { sort: th.getAttribute("aria-sort") || "",
    values: Array.from(table.tBodies[0].rows).map(r => { const d = r.cells[col].querySelector("data[value]"); return d ? Number(d.getAttribute("value")) : -1; }) };
})(%d)`

// testSort sorts a budget table by its amount column, both ways.
func (f *fixture) testSort(t *testing.T) {
	p := f.page(t, 1280, 900, false, true)
	var budget string
	for _, pc := range f.pages {
		if strings.HasPrefix(pc.name, "budget-zh") {
			budget = pc.path
		}
	}
	f.open(t, p, budget)
	var cols int
	if err := p.Eval(f.ctx, `document.querySelectorAll("table[data-sortable] thead button.sort").length`, &cols); err != nil {
		t.Fatal(err)
	}
	if cols == 0 {
		t.Fatal("the budget page has no sortable table headers")
	}
	for _, want := range []string{"ascending", "descending"} {
		var got struct {
			Sort   string    `json:"sort"`
			Values []float64 `json:"values"`
		}
		if err := p.Eval(f.ctx, fmt.Sprintf(sortJS, 1), &got); err != nil {
			t.Fatal(err)
		}
		if got.Sort != want {
			t.Errorf("aria-sort %q, want %q", got.Sort, want)
		}
		if len(got.Values) < 2 {
			t.Fatalf("only %d rows to sort", len(got.Values))
		}
		for i := 1; i < len(got.Values); i++ {
			a, b := got.Values[i-1], got.Values[i]
			if (want == "ascending" && a > b) || (want == "descending" && a < b) {
				t.Errorf("%s: %v before %v in %v", want, a, b, got.Values)
				break
			}
		}
	}
	problems(t, p, "sort")
}
