package records

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// gitSite is a site root that is also a git work tree, committed step by step with chosen dates.
type gitSite struct {
	t    testing.TB
	root string
}

func newGitSite(t testing.TB, f fixture) *gitSite {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	g := &gitSite{t: t, root: f.write(t)}
	g.git(time.Time{}, "init", "-q", "-b", "main")
	return g
}

// git runs git in the site with a clean configuration; a non-zero when dates the commit.
func (g *gitSite) git(when time.Time, args ...string) string {
	g.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = g.root
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=书记员", "GIT_AUTHOR_EMAIL=clerk@example.cn", "GIT_COMMITTER_NAME=书记员", "GIT_COMMITTER_EMAIL=clerk@example.cn")
	if !when.IsZero() {
		s := when.Format(time.RFC3339)
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+s, "GIT_COMMITTER_DATE="+s)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		g.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// write replaces a file of the site.
func (g *gitSite) write(rel, content string) {
	g.t.Helper()
	p := filepath.Join(g.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// commit commits everything at the given CST moment ("2025-06-11 10:00").
func (g *gitSite) commit(at, msg string) {
	g.t.Helper()
	when, err := time.ParseInLocation("2006-01-02 15:04", at, CST)
	if err != nil {
		g.t.Fatal(err)
	}
	g.git(time.Time{}, "add", "-A")
	g.git(when, "commit", "-q", "--allow-empty", "-m", msg)
}

// load loads the site as of asOf and reads its history.
func (g *gitSite) load(asOf Date) *Dataset {
	g.t.Helper()
	ds, diags := Load(g.root)
	if diags.Errors() > 0 {
		g.t.Fatalf("load: %v", diags)
	}
	ds.AsOf = asOf
	if d := LoadHistory(ds); len(d) > 0 {
		g.t.Fatalf("history diagnostics: %v", d)
	}
	return ds
}

// upTo is the fixture project cut just before the top-level key stop ("" keeps it all): the file
// as it stood before that stage was added.
func upTo(project, stop string) string {
	if stop == "" {
		return project
	}
	i := strings.Index(project, "\n"+stop+":\n")
	if i < 0 {
		panic("no stage " + stop)
	}
	return project[:i+1]
}

func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// firstSeen lists every stage of the project as kind[-index]=date, for one comparison.
func firstSeen(p *Project) map[string]string {
	out := map[string]string{}
	for _, n := range p.Notices(Date{}) {
		k := string(n.Kind)
		if n.Index > 0 {
			k += "-" + string(rune('0'+n.Index))
		}
		out[k] = n.FirstSeen().String()
	}
	return out
}

// TestLoadHistoryStages commits the fixture project stage by stage, one stage (the award) days
// after the date it claims, and leaves the evaluation uncommitted.
func TestLoadHistoryStages(t *testing.T) {
	f := validFixture()
	full := f[fixtureProject]
	f[fixtureProject] = upTo(full, "call")
	g := newGitSite(t, f)
	g.commit("2025-03-01 09:00", "采购意向")
	g.write(fixtureProject, upTo(full, "award"))
	g.commit("2025-05-16 07:00", "采购公告、更正公告") // 2025-05-15 23:00 UTC: the day is counted in CST
	g.write(fixtureProject, upTo(full, "contract"))
	g.commit("2025-06-11 10:00", "结果公告（声明 6 月 4 日发布）")
	g.write(fixtureProject, upTo(full, "evaluations"))
	g.commit("2025-06-23 16:00", "合同公告")
	g.write(fixtureProject, full) // the evaluation: not committed yet

	ds := g.load(day("2026-01-05"))
	want := map[string]string{
		"intention":    "2025-03-01",
		"call":         "2025-05-16",
		"amendment-1":  "2025-05-16",
		"award":        "2025-06-11",
		"contract":     "2025-06-23",
		"evaluation-1": "2026-01-05", // uncommitted: first public with this build
	}
	p := ds.Index.Project["SLS-2025-001"]
	if got := firstSeen(p); !reflect.DeepEqual(got, want) {
		t.Errorf("first seen:\n got %v\nwant %v", got, want)
	}
	if got := p.Award.Published; got != day("2025-06-04") {
		t.Errorf("award.published changed to %s: the stated date must be kept", got)
	}
	if got := (Notice{Kind: KindAward, Project: p}).Honest(); got != day("2025-06-11") {
		t.Errorf("honest award date %s, want 2025-06-11", got)
	}
	if got := (Notice{Kind: KindIntention, Project: p, Published: p.Intention.Published}).Honest(); got != day("2025-03-01") {
		t.Errorf("honest intention date %s, want the stated 2025-03-01", got)
	}
	h := ds.History
	if h == nil || !h.Available || h.Commits != 4 || h.Uncommitted != 1 || h.Shallow || len(h.Head) < 40 {
		t.Errorf("history = %+v", h)
	}

	// Committed, the evaluation is first seen on its commit day; a build on another day gives
	// the same dates (the result depends on the history only).
	g.commit("2025-12-26 09:00", "中期评估")
	ds = g.load(day("2026-03-01"))
	want["evaluation-1"] = "2025-12-26"
	if got := firstSeen(ds.Index.Project["SLS-2025-001"]); !reflect.DeepEqual(got, want) {
		t.Errorf("after committing the evaluation:\n got %v\nwant %v", got, want)
	}
	if ds.History.Uncommitted != 0 {
		t.Errorf("uncommitted = %d, want 0", ds.History.Uncommitted)
	}

	// history_since: what was in the repository before the site went live keeps its stated dates.
	ds.Site.HistorySince = day("2025-06-01")
	LoadHistory(ds)
	want["intention"], want["call"], want["amendment-1"] = "", "", ""
	if got := firstSeen(ds.Index.Project["SLS-2025-001"]); !reflect.DeepEqual(got, want) {
		t.Errorf("with history_since 2025-06-01:\n got %v\nwant %v", got, want)
	}
}

// TestLoadHistoryMergeAndDates: a stage counts from the day its merge landed on the branch, and
// a commit dated before its parent cannot move a stage back in time.
func TestLoadHistoryMergeAndDates(t *testing.T) {
	f := validFixture()
	full := f[fixtureProject]
	f[fixtureProject] = upTo(full, "award")
	g := newGitSite(t, f)
	g.commit("2025-05-15 09:00", "采购公告")

	// The award is prepared on a branch dated 2025-06-04 and merged on 2025-06-09.
	g.git(time.Time{}, "checkout", "-q", "-b", "award")
	g.write(fixtureProject, upTo(full, "contract"))
	g.commit("2025-06-04 09:00", "结果公告")
	g.git(time.Time{}, "checkout", "-q", "main")
	g.write("data/bodies.yaml", f["data/bodies.yaml"]+"\n# 注释\n")
	g.commit("2025-06-05 09:00", "其他修改")
	merged, _ := time.ParseInLocation("2006-01-02 15:04", "2025-06-09 11:00", CST)
	g.git(merged, "merge", "-q", "--no-ff", "-m", "合并结果公告", "award")

	// The contract is committed with a date before the merge.
	g.write(fixtureProject, upTo(full, "evaluations"))
	g.commit("2025-06-01 09:00", "合同公告（提交时间倒填）")

	ds := g.load(day("2026-01-05"))
	got := firstSeen(ds.Index.Project["SLS-2025-001"])
	if got["award"] != "2025-06-09" {
		t.Errorf("award first seen %s, want 2025-06-09 (the merge)", got["award"])
	}
	if got["contract"] != "2025-06-09" {
		t.Errorf("contract first seen %s, want 2025-06-09 (not before the commit it follows)", got["contract"])
	}
}

// TestLoadHistoryListItems: amendments have no id; one inserted in front of an older one with a
// back-dated date is the new one, not the older one it displaced.
func TestLoadHistoryListItems(t *testing.T) {
	f := validFixture()
	g := newGitSite(t, f)
	g.commit("2025-05-15 09:00", "全部阶段")
	inserted := strings.Replace(f[fixtureProject], "amendments:\n", `amendments:
  - published: 2025-05-10
    reason: 补发更正
    changes:
      - field: documents_at
        from: 示例市公共资源交易中心
        to: 示例市公共资源交易中心二楼
`, 1)
	g.write(fixtureProject, inserted)
	g.commit("2025-05-20 09:00", "插入一条更正公告")
	got := firstSeen(g.load(day("2026-01-05")).Index.Project["SLS-2025-001"])
	if got["amendment-1"] != "2025-05-20" || got["amendment-2"] != "2025-05-15" {
		t.Errorf("amendments first seen %s (inserted) and %s (original); want 2025-05-20 and 2025-05-15", got["amendment-1"], got["amendment-2"])
	}
}

// TestLoadHistoryShallow: in a shallow clone the commit it was cut at proves nothing about the
// stages it already holds; later commits still do.
func TestLoadHistoryShallow(t *testing.T) {
	f := validFixture()
	full := f[fixtureProject]
	f[fixtureProject] = upTo(full, "award")
	g := newGitSite(t, f)
	g.commit("2025-05-15 09:00", "采购公告")
	g.write(fixtureProject, upTo(full, "contract"))
	g.commit("2025-06-11 09:00", "结果公告")
	g.write(fixtureProject, full)
	g.commit("2025-12-26 09:00", "合同、评估")

	clone := filepath.Join(t.TempDir(), "clone")
	g.git(time.Time{}, "clone", "-q", "--depth", "2", "file://"+g.root, clone)
	ds, diags := Load(clone)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	ds.AsOf = day("2026-01-05")
	d := LoadHistory(ds)
	if len(d) != 1 || d[0].Code != "history-shallow" || d[0].Severity != "warning" {
		t.Errorf("diagnostics %v, want one history-shallow warning", d)
	}
	if !ds.History.Shallow || !ds.History.Available {
		t.Errorf("history = %+v, want available and shallow", ds.History)
	}
	got := firstSeen(ds.Index.Project["SLS-2025-001"])
	want := map[string]string{"intention": "", "call": "", "amendment-1": "", "award": "",
		"contract": "2025-12-26", "evaluation-1": "2025-12-26"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("shallow first seen:\n got %v\nwant %v", got, want)
	}
}

// TestLoadHistoryUnavailable: without a repository, or before anything is committed, the build
// works as before: no first-seen dates, no diagnostics.
func TestLoadHistoryUnavailable(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	for _, tc := range []struct {
		name string
		init bool
	}{{"no repository", false}, {"nothing committed", true}} {
		t.Run(tc.name, func(t *testing.T) {
			root := validFixture().write(t)
			if tc.init {
				(&gitSite{t: t, root: root}).git(time.Time{}, "init", "-q")
			}
			ds, diags := Load(root)
			if diags.Errors() > 0 {
				t.Fatal(diags)
			}
			ds.AsOf = day("2026-01-05")
			if d := LoadHistory(ds); len(d) != 0 {
				t.Errorf("diagnostics: %v", d)
			}
			if ds.History == nil || ds.History.Available || ds.History.Reason == "" {
				t.Errorf("history = %+v, want unavailable with a reason", ds.History)
			}
			for k, v := range firstSeen(ds.Index.Project["SLS-2025-001"]) {
				if v != "" {
					t.Errorf("%s first seen %s without history", k, v)
				}
			}
		})
	}
}

// TestProjectStagesMatchModel keeps the stage table in step with model.go: every Project field
// whose records carry a published date, by its yaml key, and nothing else.
func TestProjectStagesMatchModel(t *testing.T) {
	var want []string
	pt := reflect.TypeFor[Project]()
	for i := range pt.NumField() {
		f := pt.Field(i)
		et := f.Type
		for et.Kind() == reflect.Slice || et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if et.Kind() != reflect.Struct {
			continue
		}
		if pf, ok := et.FieldByName("Published"); ok && pf.Type == dateType {
			if _, ok := et.FieldByName("FirstSeen"); !ok {
				t.Errorf("%s has a published date but no FirstSeen field", et.Name())
			}
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			want = append(want, tag+map[bool]string{true: "[]", false: ""}[f.Type.Kind() == reflect.Slice])
		}
	}
	var got []string
	for _, s := range projectStages {
		got = append(got, s.key+map[bool]string{true: "[]", false: ""}[s.list])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("projectStages = %v, model.go has %v", got, want)
	}
}

// TestLoadHistoryBrokenRepository: an old version git cannot read is a warning, and the stages
// it left undecided keep their stated dates; nothing is taken as first seen on the build date.
func TestLoadHistoryBrokenRepository(t *testing.T) {
	f := validFixture()
	full := f[fixtureProject]
	f[fixtureProject] = upTo(full, "award")
	g := newGitSite(t, f)
	g.commit("2025-05-15 09:00", "采购公告")
	old := strings.TrimSpace(g.git(time.Time{}, "rev-parse", "HEAD:"+fixtureProject))
	g.write(fixtureProject, full)
	g.commit("2025-06-11 09:00", "结果公告")
	if err := os.Remove(filepath.Join(g.root, ".git", "objects", old[:2], old[2:])); err != nil {
		t.Fatal(err)
	}
	ds, diags := Load(g.root)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	ds.AsOf = day("2026-01-05")
	d := LoadHistory(ds)
	if len(d) != 1 || d[0].Code != "history-unavailable" {
		t.Errorf("diagnostics %v, want one history-unavailable warning", d)
	}
	for k, v := range firstSeen(ds.Index.Project["SLS-2025-001"]) {
		if v != "" {
			t.Errorf("%s first seen %s, want unknown", k, v)
		}
	}
}
