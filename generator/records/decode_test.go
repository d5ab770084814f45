package records

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/diag"
)

// decodeProject runs the walker on src as a project file.
func decodeProject(t testing.TB, src string) (*Project, diag.List) {
	t.Helper()
	d := &decoder{file: "p.yaml", src: []byte(src)}
	root := d.parseYAML()
	p := &Project{}
	if root != nil {
		d.decodeRoot(root, p)
	}
	return p, d.diags
}

func TestWalkerPositionsAndPointers(t *testing.T) {
	src := "id: X-1\ntitle: 标题\ncall:\n  published: 2025-05-06\n  ceiling: 29万元\n  opening:\n    place: 东城区\n"
	p, diags := decodeProject(t, src)
	for _, d := range diags {
		if d.Code != "missing-field" {
			t.Errorf("unexpected %s %s", d.Code, d.Message)
		}
	}
	if p.Award != nil || p.Contract != nil || p.Intention != nil {
		t.Error("absent stages must stay nil")
	}
	if p.Call == nil || p.Call.Ceiling != 29_000_000 || p.Call.Opening.Place != "东城区" {
		t.Fatalf("call = %+v", p.Call)
	}
	checks := []struct {
		got  diag.Pos
		line int
		col  int
	}{
		{p.Pos, 1, 1},
		{p.At("title"), 2, 8},
		{p.Call.Pos, 4, 3},
		{p.Call.At("ceiling"), 5, 12},
		{p.Call.Opening.At("place"), 7, 12},
		{p.Call.At("missing"), 4, 3}, // absent key: the record's own position
	}
	for i, c := range checks {
		if c.got.File != "p.yaml" || c.got.Line != c.line || c.got.Column != c.col {
			t.Errorf("check %d: got %v, want p.yaml:%d:%d", i, c.got, c.line, c.col)
		}
	}
}

func TestWalkerMissingFields(t *testing.T) {
	_, diags := decodeProject(t, "id: X-1\naward:\n  decided: 2025-06-01\n  winners: []\n")
	var missing []string
	for _, d := range diags {
		if d.Code == "missing-field" {
			missing = append(missing, d.Message)
		}
	}
	joined := strings.Join(missing, "|")
	for _, key := range []string{"title", "body", "budget", "winners"} {
		if !strings.Contains(joined, key) {
			t.Errorf("no missing-field for %s in %v", key, missing)
		}
	}
	if strings.Contains(joined, "published") {
		t.Errorf("award.published must be optional: %v", missing)
	}
}

func TestWalkerAnchorsAndMerge(t *testing.T) {
	src := "id: X-1\ncall:\n  contacts:\n    - &c {name: 科室, phone: 0871-12345678}\n    - *c\n    - <<: *c\n      name: 另一科室\n"
	p, diags := decodeProject(t, src)
	for _, d := range diags {
		if d.Code != "missing-field" {
			t.Errorf("unexpected %s: %s", d.Code, d.Message)
		}
	}
	if p.Call == nil || len(p.Call.Contacts) != 3 {
		t.Fatalf("contacts: %+v", p.Call)
	}
	if c := p.Call.Contacts; c[1].Phone != "0871-12345678" || c[2].Name != "另一科室" || c[2].Phone != "0871-12345678" {
		t.Errorf("contacts = %+v", c)
	}
}

func TestWalkerHostile(t *testing.T) {
	// An alias bomb through nested model lists (amendments → changes): a small file that would
	// expand to millions of records must stop with a diagnostic, not eat the machine.
	var b strings.Builder
	b.WriteString("id: X-1\nx: &c {field: f, to: t}\ny: &a {published: 2025-01-01, reason: r, changes: [")
	for i := range 1500 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*c")
	}
	b.WriteString("]}\namendments: [")
	for i := range 1500 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*a")
	}
	b.WriteString("]\n")
	p, diags := decodeProject(t, b.String())
	n := 0
	for _, d := range diags {
		if d.Code == "too-deep" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want exactly one too-deep diagnostic, got %d (of %d)", n, len(diags))
	}
	total := 0
	for _, a := range p.Amendments {
		total += len(a.Changes)
	}
	if total > maxNodes {
		t.Errorf("expanded %d changes", total)
	}
}

func TestWalkerMergeBomb(t *testing.T) {
	// Each level merges the previous one twice: 2^40 pairs if expanded naively.
	var b strings.Builder
	b.WriteString("id: X-1\nm0: &m0 {field: f, to: t}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "m%d: &m%d {<<: [*m%d, *m%d]}\n", i, i, i-1, i-1)
	}
	b.WriteString("amendments: [{published: 2025-01-01, reason: r, changes: [*m40]}]\n")
	done := make(chan struct{})
	go func() {
		defer close(done)
		decodeProject(t, b.String())
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("merge-key expansion did not stop")
	}
}

func TestWalkerThresholdsMap(t *testing.T) {
	root := validFixture().write(t)
	p := filepath.Join(root, "data", "site.yaml")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, "thresholds:\n  result-notice: 1\n  intention-lead: 45\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, diags := Load(root)
	if diags.Errors() > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if ds.Site.Thresholds["result-notice"] != 1 || ds.Site.Thresholds["intention-lead"] != 45 {
		t.Errorf("thresholds = %v", ds.Site.Thresholds)
	}
}

func TestClosestKey(t *testing.T) {
	known := []string{"published", "amount", "bid_deadline", "ceiling"}
	for in, want := range map[string]string{"amout": "amount", "bid-deadline": "bid_deadline", "Published": "published", "publisehd": "published", "zzz": ""} {
		if got := closest(in, known); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
}
