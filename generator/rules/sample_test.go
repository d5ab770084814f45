package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// plantedFindings parses testdata/planted-findings.md, the hand-computed list of every finding the
// shipped sample data must produce as of 2026-11-20, into one line per finding in the form of
// brief plus the project, body and position: "project body brief @position".
func plantedFindings(t *testing.T) [][2]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "planted-findings.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`^\| \d+ \|`)
	var out [][2]string // project, line
	for _, line := range strings.Split(string(b), "\n") {
		if !row.MatchString(line) {
			continue
		}
		var c []string
		for _, cell := range strings.Split(strings.Trim(line, "| "), "|") {
			c = append(c, strings.TrimSpace(cell))
		}
		if len(c) < 10 {
			t.Fatalf("planted-findings.md: short row %q", line)
		}
		project, body, rule, stage, index, due, actual, delay, pos := c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]
		n, unit, _ := strings.Cut(delay, " ")
		s := fmt.Sprintf("%s %s %s %s#%s due=%s", project, body, rule, stage, index, due)
		if actual != "missing" {
			s += " actual=" + actual
		}
		s += " +" + n + unit
		if actual == "missing" {
			s += " missing"
		}
		out = append(out, [2]string{project, s + " @data/" + pos})
	}
	if len(out) == 0 {
		t.Fatal("planted-findings.md: no rows")
	}
	return out
}

// TestSampleData: the shipped data/ as of 2026-11-20 yields exactly the planted findings, in
// order (sorted by project), at the planted positions.
func TestSampleData(t *testing.T) {
	ds := loadSample(t)
	ds.AsOf = day("2026-11-20")
	Apply(ds)
	got := make([]string, len(ds.Findings))
	for i, f := range ds.Findings {
		got[i] = fmt.Sprintf("%s %s %s @%s", f.Project, f.Body, brief(f), f.Pos)
	}
	// Findings are sorted by project id; the planted table is in rule order.
	byProject := plantedFindings(t)
	slices.SortStableFunc(byProject, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	want := make([]string, len(byProject))
	for i, p := range byProject {
		want[i] = p[1]
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sample findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	for _, f := range ds.Findings {
		if f.Message == "" || f.English == "" || f.Source == "" || f.Year == 0 {
			t.Errorf("%s %s: incomplete finding %+v", f.Project, f.Rule, f)
		}
	}
}
