package workflows

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// The sharded workflows (README, "Large sites") are read here as a runner would run them: their
// expressions and variables filled in for every shard count, their small shell steps run by bash.

// shardFolder is where `generator build --shard K/N` writes by default.
func shardFolder(k, n int) string { return fmt.Sprintf("public-shard-%d-of-%d", k, n) }

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// fillExpr replaces the ${{ … }} expressions named in vals; others stay as they are.
func fillExpr(s string, vals map[string]string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := vals[exprRE.FindStringSubmatch(m)[1]]; ok {
			return v
		}
		return m
	})
}

// shellWords expands $VAR and ${VAR} from env and drops double quotes: the words a simple command
// line of these workflows runs.
func shellWords(line string, env map[string]string) []string {
	line = os.Expand(line, func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if name, def, ok := strings.Cut(k, ":-"); ok { // ${VAR:-default}
			if v := env[name]; v != "" {
				return v
			}
			return def
		}
		return "$" + k
	})
	return strings.Fields(strings.ReplaceAll(line, `"`, ""))
}

// generatorLine finds the line of lines that runs `go run ./generator <sub>`.
func generatorLine(lines []string, sub string) (string, bool) {
	for _, l := range lines {
		if strings.HasPrefix(l, "go run ./generator "+sub+" ") {
			return l, true
		}
	}
	return "", false
}

// bash runs script with env (and nothing else of this process's environment but PATH) in dir.
func bash(t *testing.T, dir, script string, env map[string]string) (string, error) {
	t.Helper()
	cmd := exec.Command("bash", "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func needsBash(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash to run the workflow's shell steps")
	}
}

// otherTZ is the local time zone the date steps run in: UTC−10 as a POSIX TZ (no tzdata needed),
// on another date than China for 18 hours of the day, so a step that used local time would fail.
const otherTZ = "XXX+10"

// chinaToday checks that a workflow's date is today in China Standard Time (UTC+8, no summer
// time): the day the script ran, so either the day before or after computing it here.
func chinaToday(t *testing.T, what, got string, before time.Time) {
	t.Helper()
	cst := time.FixedZone("CST", 8*3600)
	if d1, d2 := before.In(cst).Format(time.DateOnly), time.Now().In(cst).Format(time.DateOnly); got != d1 && got != d2 {
		t.Errorf("%s: the date is %q, want today in China Standard Time, %s", what, got, d2)
	}
}

// planOutputs runs the plan job's shards step as the runner does and reads $GITHUB_OUTPUT.
func planOutputs(t *testing.T, script string, shards string) (map[string]string, error) {
	t.Helper()
	dir := t.TempDir()
	outFile := filepath.Join(dir, "output")
	log, err := bash(t, dir, script, map[string]string{"GONGKAI_SHARDS": shards, "GONGKAI_DEPLOY_TO": "s3:bucket/site", "GITHUB_OUTPUT": outFile, "TZ": otherTZ})
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, log)
	}
	src, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for l := range strings.SplitSeq(strings.TrimSpace(string(src)), "\n") {
		k, v, _ := strings.Cut(l, "=")
		out[k] = v
	}
	return out, nil
}

// needsJob says whether job (transitively) needs dep, so that it is skipped when dep is.
func needsJob(w ghWorkflow, job, dep string) bool {
	var direct []string
	switch n := w.Jobs[job].Needs.(type) {
	case string:
		direct = []string{n}
	case []any:
		for _, x := range n {
			s, _ := x.(string)
			direct = append(direct, s)
		}
	}
	for _, d := range direct {
		if d == dep || needsJob(w, d, dep) {
			return true
		}
	}
	return false
}

func stepWithID(j ghJob, id string) *ghStep {
	for i, s := range j.Steps {
		if s.ID == id {
			return &j.Steps[i]
		}
	}
	return nil
}

func TestShardedGitHubWorkflow(t *testing.T) {
	needsBash(t)
	w := readGitHub(t, "publish-sharded.yml")
	on := triggers(w.On)
	for _, ev := range []string{"push", "schedule", "workflow_dispatch"} {
		if _, ok := on[ev]; !ok {
			t.Errorf("publish-sharded.yml is not triggered by %s, as publish.yml is", ev)
		}
	}
	if c, _ := w.Concurrency["cancel-in-progress"].(bool); c || w.Concurrency["group"] == nil {
		t.Error("publish-sharded.yml: deployments must queue in a concurrency group, never cancel")
	}

	// Opt-in: the plan job runs only with GONGKAI_SHARDS set, every other job needs it, and
	// publish.yml builds only without it — never both.
	plan, ok := w.Jobs["plan"]
	if !ok {
		t.Fatal("publish-sharded.yml has no plan job")
	}
	if !strings.Contains(plan.If, "vars.GONGKAI_SHARDS != ''") {
		t.Errorf("publish-sharded.yml: plan runs if %q, want only with the variable GONGKAI_SHARDS set", plan.If)
	}
	for name := range w.Jobs {
		if name != "plan" && !needsJob(w, name, "plan") {
			t.Errorf("publish-sharded.yml job %s does not need plan, so it runs without GONGKAI_SHARDS", name)
		}
	}
	cmds := readmeCommands(t)
	for name, j := range readGitHub(t, "publish.yml").Jobs {
		if slices.Contains(runs(j), cmds.build) && !strings.Contains(j.If, "vars.GONGKAI_SHARDS == ''") {
			t.Errorf("publish.yml job %s builds even when GONGKAI_SHARDS is set (if: %q)", name, j.If)
		}
	}

	// The plan: N from the variable, the shards 1..N, one date; anything else stops the run.
	sh := stepWithID(plan, "shards")
	if sh == nil {
		t.Fatal("publish-sharded.yml: the plan job has no step with id shards")
	}
	checkLine, ok := generatorLine(runs(plan), "check")
	if !ok {
		t.Error("publish-sharded.yml: the plan job does not check the data")
	}
	for _, bad := range []string{"", "0", "04", "-1", "abc", "2x", "257", "1000"} {
		if _, err := planOutputs(t, sh.Run, bad); err == nil {
			t.Errorf("publish-sharded.yml: GONGKAI_SHARDS=%q is accepted", bad)
		}
	}
	dir := t.TempDir()
	if log, err := bash(t, dir, sh.Run, map[string]string{"GONGKAI_SHARDS": "3", "GITHUB_OUTPUT": filepath.Join(dir, "o")}); err == nil {
		t.Errorf("publish-sharded.yml: a run without GONGKAI_DEPLOY_TO passes the plan: %s", log)
	}

	shard, deploy := w.Jobs["shard"], w.Jobs["deploy"]
	if m := fmt.Sprint(shard.Strategy.Matrix["shard"]); m != "${{ fromJSON(needs.plan.outputs.shards) }}" {
		t.Errorf("publish-sharded.yml: the matrix is %s, want the plan's shards", m)
	}
	if !needsJob(w, "deploy", "shard") {
		t.Error("publish-sharded.yml: deploy does not wait for the shards")
	}
	up, dl := uses(shard, "actions/upload-artifact@"), uses(deploy, "actions/download-artifact@")
	if up == nil || dl == nil {
		t.Fatalf("publish-sharded.yml: upload-artifact in shard %v, download-artifact in deploy %v; want both", up != nil, dl != nil)
	}
	if up.With["include-hidden-files"] != "true" {
		t.Error("publish-sharded.yml: the upload leaves out hidden files, the shard's .gongkai-shard.json among them")
	}
	if dl.With["merge-multiple"] == "true" || (dl.With["path"] != "." && dl.With["path"] != "") {
		t.Errorf("publish-sharded.yml: download-artifact path %q merge-multiple %q: want each shard in a folder of its own name", dl.With["path"], dl.With["merge-multiple"])
	}

	for _, n := range []int{1, 2, 3, 7} {
		before := time.Now()
		out, err := planOutputs(t, sh.Run, strconv.Itoa(n))
		if err != nil {
			t.Fatalf("GONGKAI_SHARDS=%d: %v", n, err)
		}
		var ks []int
		if err := json.Unmarshal([]byte(out["shards"]), &ks); err != nil {
			t.Fatalf("GONGKAI_SHARDS=%d: shards=%q: %v", n, out["shards"], err)
		}
		if want := seq(n); !slices.Equal(ks, want) || out["count"] != strconv.Itoa(n) {
			t.Errorf("GONGKAI_SHARDS=%d: the matrix is %v of %s, want %v of %d", n, ks, out["count"], want, n)
		}
		asOf := out["as-of"]
		chinaToday(t, "publish-sharded.yml plan", asOf, before)
		if got, want := strings.Join(shellWords(fillExpr(checkLine, nil), map[string]string{"AS_OF": asOf}), " "), "go run ./generator check --format github --as-of "+asOf; got != want {
			t.Errorf("publish-sharded.yml: the plan checks with %q, want %q", got, want)
		}
		vals := map[string]string{"needs.plan.outputs.count": out["count"], "needs.plan.outputs.shards": out["shards"], "needs.plan.outputs.as-of": asOf}

		// Every shard builds its own part with the plan's date and uploads the folder it wrote
		// under that folder's name.
		var built []string
		for _, k := range ks {
			vals["matrix.shard"] = strconv.Itoa(k)
			env := map[string]string{}
			for key, v := range shard.Env {
				env[key] = fillExpr(v, vals)
			}
			line, ok := generatorLine(runs(shard), "build")
			if !ok {
				t.Fatal("publish-sharded.yml: the shard job does not build")
			}
			if got, want := strings.Join(shellWords(line, env), " "), fmt.Sprintf("go run ./generator build --shard %d/%d --as-of %s", k, n, asOf); got != want {
				t.Errorf("publish-sharded.yml shard %d of %d runs %q, want %q", k, n, got, want)
			}
			name, p := fillExpr(up.With["name"], vals), fillExpr(up.With["path"], vals)
			if p != shardFolder(k, n) || name != p {
				t.Errorf("publish-sharded.yml shard %d of %d uploads %q as %q, want the folder it built, %s, under its own name", k, n, p, name, shardFolder(k, n))
			}
			built = append(built, name)
		}

		// The deploy job fetches every shard of this N, and assembles every one of them.
		pattern := fillExpr(dl.With["pattern"], vals)
		env := map[string]string{}
		for key, v := range deploy.Env {
			env[key] = fillExpr(v, vals)
		}
		line, ok := generatorLine(runs(deploy), "assemble")
		if !ok {
			t.Fatal("publish-sharded.yml: the deploy job does not assemble")
		}
		args := shellWords(line, env)[4:]
		for _, b := range built {
			if ok, _ := path.Match(pattern, b); !ok {
				t.Errorf("publish-sharded.yml: N=%d: the download pattern %q misses %s", n, pattern, b)
			}
			if !slices.ContainsFunc(args, func(a string) bool { ok, _ := path.Match(a, b); return ok }) {
				t.Errorf("publish-sharded.yml: N=%d: assemble %v leaves out %s", n, args, b)
			}
		}
		stale := shardFolder(1, n+1)
		if ok, _ := path.Match(pattern, stale); ok {
			t.Errorf("publish-sharded.yml: N=%d: the download pattern %q also takes %s", n, pattern, stale)
		}
	}
	if _, ok := generatorLine(runs(deploy), "deploy"); !ok {
		t.Error("publish-sharded.yml: the deploy job never runs generator deploy")
	}
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// glShardJob is a GitLab job as the sharded tests read it, with its extends resolved.
type glShardJob struct {
	Stage        string
	Script       []string
	BeforeScript []string `yaml:"before_script"`
	Rules        []glRule
	Parallel     int
	Needs        []string
	Artifacts    struct {
		Paths   []string
		Reports struct {
			Dotenv string
		}
	}
}

// gitlabFile reads one GitLab CI file as top-level key → value.
func gitlabFile(t *testing.T, name string) map[string]any {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := yaml.Unmarshal(src, &top); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return top
}

// gitlabJobs reads .gitlab-ci.yml and the local files it includes: the stages, and every job of
// the included files with its extends templates merged in (the job's own keys win).
func gitlabIncludedJobs(t *testing.T) ([]string, map[string]glShardJob) {
	t.Helper()
	main := gitlabFile(t, ".gitlab-ci.yml")
	var stages []string
	for _, s := range main["stages"].([]any) {
		stages = append(stages, s.(string))
	}
	jobs := map[string]glShardJob{}
	includes, _ := main["include"].([]any)
	if len(includes) == 0 {
		t.Fatal(".gitlab-ci.yml includes no file")
	}
	for _, inc := range includes {
		m, _ := inc.(map[string]any)
		local, _ := m["local"].(string)
		if local == "" {
			t.Fatalf(".gitlab-ci.yml: include %v is not a local file", inc)
		}
		name := strings.TrimPrefix(local, "/")
		top := gitlabFile(t, name)
		for key, v := range top {
			if strings.HasPrefix(key, ".") {
				continue
			}
			job, _ := v.(map[string]any)
			if ext, ok := job["extends"].(string); ok {
				tmpl, _ := top[ext].(map[string]any)
				if tmpl == nil {
					t.Fatalf("%s job %s extends %s, which the file does not define", name, key, ext)
				}
				for k, tv := range tmpl {
					if _, own := job[k]; !own {
						job[k] = tv
					}
				}
			}
			src, _ := yaml.Marshal(job)
			var j glShardJob
			if err := yaml.Unmarshal(src, &j); err != nil {
				t.Fatalf("%s job %s: %v", name, key, err)
			}
			if !slices.Contains(stages, j.Stage) {
				t.Errorf("%s job %s: stage %q is not in the stages of .gitlab-ci.yml %v", name, key, j.Stage, stages)
			}
			if len(j.Script) == 0 {
				t.Errorf("%s job %s has no script", name, key)
			}
			jobs[key] = j
		}
	}
	return stages, jobs
}

func TestShardedGitLabPipeline(t *testing.T) {
	needsBash(t)
	_, jobs := gitlabIncludedJobs(t)
	check, build, deploy := jobs["sharded:check"], jobs["sharded:build"], jobs["sharded:deploy"]
	for name, j := range map[string]glShardJob{"sharded:check": check, "sharded:build": build, "sharded:deploy": deploy} {
		if len(j.Script) == 0 {
			t.Fatalf(".gitlab/sharded.yml: no job %s", name)
		}
		// Opt-in: every rule that lets the job run asks for GONGKAI_SHARDS.
		for _, r := range j.Rules {
			if r.When != "never" && !strings.Contains(r.If, "$GONGKAI_SHARDS") {
				t.Errorf("%s runs without GONGKAI_SHARDS (rule %q)", name, r.If)
			}
		}
		if len(j.Rules) == 0 {
			t.Errorf("%s has no rules: it runs in every pipeline", name)
		}
	}
	// … and the pages job stands down when it is set, before any rule lets it run.
	var pages struct{ Pages glShardJob }
	src, _ := yaml.Marshal(gitlabFile(t, ".gitlab-ci.yml"))
	yaml.Unmarshal(src, &pages)
	if r := pages.Pages.Rules; len(r) == 0 || r[0].If != "$GONGKAI_SHARDS" || r[0].When != "never" {
		t.Errorf(".gitlab-ci.yml: the pages job's first rule is %v, want `if: $GONGKAI_SHARDS, when: never`", r)
	}

	// The check writes one date for every shard, passed on by a dotenv report.
	dir := t.TempDir()
	var shell []string
	for _, l := range check.Script {
		if !strings.HasPrefix(l, "go run ") {
			shell = append(shell, l)
		}
	}
	before := time.Now()
	if log, err := bash(t, dir, strings.Join(shell, "\n"), map[string]string{"TZ": otherTZ}); err != nil {
		t.Fatalf("sharded:check: %v: %s", err, log)
	}
	env, err := os.ReadFile(filepath.Join(dir, check.Artifacts.Reports.Dotenv))
	asOf, ok := strings.CutPrefix(strings.TrimSpace(string(env)), "AS_OF=")
	if err != nil || !ok {
		t.Fatalf("sharded:check writes %q to its dotenv report %q (%v), want AS_OF=<date>", env, check.Artifacts.Reports.Dotenv, err)
	}
	chinaToday(t, "sharded:check", asOf, before)
	line, ok := generatorLine(check.Script, "check")
	if got, want := strings.Join(shellWords(line, map[string]string{"AS_OF": asOf}), " "), "go run ./generator check --as-of "+asOf; !ok || got != want {
		t.Errorf("sharded:check runs %q, want %q", got, want)
	}
	if !slices.Contains(build.Needs, "sharded:check") || !slices.Contains(deploy.Needs, "sharded:build") {
		t.Errorf("sharded:build needs %v, sharded:deploy needs %v: want check → build → deploy", build.Needs, deploy.Needs)
	}

	// GitLab numbers the parallel jobs 1..parallel: each builds its shard and keeps its folder.
	n := build.Parallel
	if n < 1 {
		t.Fatalf("sharded:build: parallel %d", n)
	}
	var guard []string
	for _, l := range build.Script {
		if !strings.HasPrefix(l, "go run ") {
			guard = append(guard, l)
		}
	}
	for k := 1; k <= n; k++ {
		env := map[string]string{"CI_NODE_INDEX": strconv.Itoa(k), "CI_NODE_TOTAL": strconv.Itoa(n), "GONGKAI_SHARDS": strconv.Itoa(n), "AS_OF": asOf}
		line, ok := generatorLine(build.Script, "build")
		if got, want := strings.Join(shellWords(line, env), " "), fmt.Sprintf("go run ./generator build --shard %d/%d --as-of %s", k, n, asOf); !ok || got != want {
			t.Errorf("sharded:build %d/%d runs %q, want %q", k, n, got, want)
		}
		if !slices.ContainsFunc(build.Artifacts.Paths, func(p string) bool {
			ok, _ := path.Match(strings.TrimSuffix(shellWords(p, env)[0], "/"), shardFolder(k, n))
			return ok
		}) {
			t.Errorf("sharded:build %d/%d: artifacts %v do not keep %s", k, n, build.Artifacts.Paths, shardFolder(k, n))
		}
		if log, err := bash(t, dir, strings.Join(guard, "\n"), env); err != nil {
			t.Errorf("sharded:build %d/%d with GONGKAI_SHARDS=%d stops: %v %s", k, n, n, err, log)
		}
		env["GONGKAI_SHARDS"] = strconv.Itoa(n + 1)
		if _, err := bash(t, dir, strings.Join(guard, "\n"), env); err == nil {
			t.Errorf("sharded:build with parallel %d runs on with GONGKAI_SHARDS=%d", n, n+1)
		}
	}

	// The deploy job assembles every shard of this N, then deploys.
	line, ok = generatorLine(deploy.Script, "assemble")
	if !ok {
		t.Fatal("sharded:deploy does not assemble")
	}
	args := shellWords(line, map[string]string{"GONGKAI_SHARDS": strconv.Itoa(n)})[4:]
	for k := 1; k <= n; k++ {
		if !slices.ContainsFunc(args, func(a string) bool { ok, _ := path.Match(a, shardFolder(k, n)); return ok }) {
			t.Errorf("sharded:deploy: assemble %v leaves out %s", args, shardFolder(k, n))
		}
	}
	if _, ok := generatorLine(deploy.Script, "deploy"); !ok {
		t.Error("sharded:deploy never runs generator deploy")
	}
}

// generatorFlags is the subcommand and the flag names of a `go run ./generator …` line.
func generatorFlags(line string) (string, []string) {
	words := strings.Fields(strings.TrimPrefix(line, "go run ./generator "))
	var flags []string
	for _, w := range words[1:] {
		if strings.HasPrefix(w, "--") {
			name, _, _ := strings.Cut(w, "=")
			flags = append(flags, name)
		}
	}
	return words[0], flags
}

// TestShardedCommandsInReadme: every generator command the sharded workflows run is one the
// README shows — the same subcommand, with every flag the workflow passes — so the README's
// "Large sites" steps are what CI does.
func TestShardedCommandsInReadme(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string][]string{} // subcommand → every flag the README shows with it
	for l := range strings.SplitSeq(string(src), "\n") {
		l = strings.TrimSpace(l)
		if i := strings.Index(l, " #"); i >= 0 {
			l = l[:i]
		}
		if strings.HasPrefix(l, "go run ./generator ") {
			sub, flags := generatorFlags(l)
			documented[sub] = append(documented[sub], flags...)
		}
	}
	var lines []string
	for _, j := range readGitHub(t, "publish-sharded.yml").Jobs {
		lines = append(lines, runs(j)...)
	}
	_, jobs := gitlabIncludedJobs(t)
	for _, j := range jobs {
		lines = append(lines, j.Script...)
	}
	ran := map[string]bool{}
	for _, l := range lines {
		if !strings.HasPrefix(l, "go run ./generator ") {
			continue
		}
		sub, flags := generatorFlags(l)
		ran[sub] = true
		for _, f := range flags {
			if !slices.Contains(documented[sub], f) {
				t.Errorf("a sharded workflow runs %q; the README never shows generator %s with %s", l, sub, f)
			}
		}
	}
	for _, sub := range []string{"check", "build", "assemble", "deploy"} {
		if !ran[sub] {
			t.Errorf("the sharded workflows never run generator %s", sub)
		}
	}
}
