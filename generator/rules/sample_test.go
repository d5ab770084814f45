package rules

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// planted is every finding the shipped sample data must produce as of 2026-11-20, and nothing
// else: the list the sample-data engineer planted and computed independently (in Python), copied
// from planted-findings.md. Columns: project, body, brief, position.
var planted = [][4]string{
	{"SLS-WJ-2026-002", "wjw", "intention-lead intention#0 due=2026-03-21 actual=2026-04-02 +12day", "data/projects/2026/SLS-WJ-2026-002.yaml:27:14"},
	{"SLS-MZ-2026-007", "mz", "single-source-notice single-source#0 due=2026-06-12 actual=2026-06-10 +2workday", "data/projects/2026/SLS-MZ-2026-007.yaml:34:9"},
	{"SLS-RS-2025-001", "rsj", "tender-period call#0 due=2025-03-23 actual=2025-03-18 +5day", "data/projects/2025/SLS-RS-2025-001.yaml:40:17"},
	{"SLS-RC-2026-001", "rczx", "consultation-period call#0 due=2026-02-12 actual=2026-02-11 +1day", "data/projects/2026/SLS-RC-2026-001.yaml:39:17"},
	{"SLS-MZ-2025-003", "mz", "result-notice award#0 due=2025-10-09 actual=2025-10-14 +4workday", "data/projects/2025/SLS-MZ-2025-003.yaml:101:14"},
	{"SLS-SF-2026-001", "sfj", "result-notice award#0 due=2026-04-07 actual=2026-04-10 +3workday", "data/projects/2026/SLS-SF-2026-001.yaml:99:14"},
	{"SLS-JY-2025-001", "jyj", "contract-signing contract#0 due=2025-08-22 actual=2025-09-08 +17day", "data/projects/2025/SLS-JY-2025-001.yaml:118:11"},
	{"SLS-MZ-2026-002", "mz", "contract-notice contract#0 due=2026-02-14 actual=2026-02-26 +3workday", "data/projects/2026/SLS-MZ-2026-002.yaml:122:14"},
	{"SLS-ZJ-2026-001", "zjj", "missing-stage award#0 due=2026-10-23 +20workday missing", "data/projects/2026/SLS-ZJ-2026-001.yaml:93:3"},
	{"SLS-MZ-2026-004", "mz", "missing-stage contract#0 due=2026-09-08 +49workday missing", "data/projects/2026/SLS-MZ-2026-004.yaml:113:3"},
	{"SLS-FL-2026-001", "fl", "missing-stage evaluation#0 due=2026-07-28 +79workday missing", "data/projects/2026/SLS-FL-2026-001.yaml:127:5"},
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
	byProject := slices.Clone(planted)
	slices.SortStableFunc(byProject, func(a, b [4]string) int { return strings.Compare(a[0], b[0]) })
	want := make([]string, len(byProject))
	for i, p := range byProject {
		want[i] = fmt.Sprintf("%s %s %s @%s", p[0], p[1], p[2], p[3])
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

// TestPlantedListIsCurrent checks the table above against planted-findings.md when the brief is
// present (it lives outside the repository, beside it on the machine it was written on).
func TestPlantedListIsCurrent(t *testing.T) {
	b, err := os.ReadFile("/work/briefs/planted-findings.md")
	if err != nil {
		t.Skip("planted-findings.md not present")
	}
	row := regexp.MustCompile(`^\| (\d+) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| (\d+) \| (\S+) \| (\S+) \| (\d+) (\w+) \| (\S+) \|$`)
	var rows []string
	for _, line := range strings.Split(string(b), "\n") {
		m := row.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		actual := " actual=" + m[8]
		missing := ""
		if m[8] == "missing" {
			actual, missing = "", " missing"
		}
		rows = append(rows, fmt.Sprintf("%s %s %s %s#%s due=%s%s +%s%s%s @data/%s",
			m[2], m[3], m[4], m[5], m[6], m[7], actual, m[9], m[10], missing, m[11]))
	}
	var want []string
	for _, p := range planted {
		want = append(want, fmt.Sprintf("%s %s %s @%s", p[0], p[1], p[2], p[3]))
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("planted-findings.md:\n  %s\nthis test:\n  %s", strings.Join(rows, "\n  "), strings.Join(want, "\n  "))
	}
}
