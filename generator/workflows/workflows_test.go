// Package workflows holds only tests: it lints the CI definitions of the repository (GitHub Actions
// with actionlint as a library, .gitlab-ci.yml with yaml.v3) and checks that they run exactly the
// commands the README gives, so CI and the documentation cannot drift apart.
//
// It lives in its own package so that it does not link Hugo and runs in a second.
package workflows

import (
	"bufio"
	"bytes"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// repoRoot is the module root: this package is generator/workflows.
var repoRoot = filepath.Join("..", "..")

// The README's commands, when it does not mark them (see readmeCommands).
const (
	defaultBuild = "go run ./generator build"
	defaultTest  = "CGO_ENABLED=0 go test ./..."
	checkGitHub  = "go run ./generator check --format github"
)

// commands are the README's build and test commands.
type commands struct{ build, test string }

// markerRE finds "<!-- command:build -->" / "<!-- command:test -->": the first command line of the
// fenced block that follows is the command.
var markerRE = regexp.MustCompile(`<!--\s*command:(build|test)\s*-->`)

// readmeCommands reads README.md. The lead marks the commands with <!-- command:build --> and
// <!-- command:test --> before their code blocks; without markers the literal commands are
// expected to appear in the README (when there is one).
func readmeCommands(t *testing.T) commands {
	t.Helper()
	c := commands{build: defaultBuild, test: defaultTest}
	src, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if os.IsNotExist(err) {
		t.Log("no README.md yet: expecting the literal commands")
		return c
	}
	if err != nil {
		t.Fatal(err)
	}
	marked := map[string]string{}
	for _, m := range markerRE.FindAllSubmatchIndex(src, -1) {
		which := string(src[m[2]:m[3]])
		cmd := firstCommandAfter(string(src[m[1]:]))
		if cmd == "" {
			t.Errorf("README.md: <!-- command:%s --> is not followed by a code block with a command", which)
			continue
		}
		marked[which] = cmd
	}
	if v, ok := marked["build"]; ok {
		c.build = v
	}
	if v, ok := marked["test"]; ok {
		c.test = v
	}
	for _, cmd := range []string{c.build, c.test} {
		if !bytes.Contains(src, []byte(cmd)) {
			t.Errorf("README.md does not contain the command %q", cmd)
		}
	}
	return c
}

// firstCommandAfter returns the first non-blank, non-comment line inside the first fenced code
// block of s, without a leading "$ " prompt.
func firstCommandAfter(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	in := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "```"):
			if in {
				return ""
			}
			in = true
		case in && line != "" && !strings.HasPrefix(line, "#"):
			return strings.TrimPrefix(line, "$ ")
		}
	}
	return ""
}

func TestFirstCommandAfter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\n```sh\n# build the sample site\n$ go run ./generator build\n```\n", "go run ./generator build"},
		{"\n```\nCGO_ENABLED=0 go test ./...\nmore\n```", "CGO_ENABLED=0 go test ./..."},
		{"\n```\n```\n", ""},
		{"no block", ""},
	}
	for _, tt := range tests {
		if got := firstCommandAfter(tt.in); got != tt.want {
			t.Errorf("firstCommandAfter(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func githubWorkflows(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no workflow files in .github/workflows")
	}
	return files
}

// TestActionlint fails on anything actionlint reports: syntax, expressions, unknown action inputs,
// outdated action versions, bad cron, permissions, job needs.
func TestActionlint(t *testing.T) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{WorkingDir: repoRoot})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range githubWorkflows(t) {
		errs, err := l.LintFile(f, nil)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range errs {
			t.Errorf("%s:%d:%d: %s [%s]", f, e.Line, e.Column, e.Message, e.Kind)
		}
	}
}

// TestActionlintCatchesErrors makes sure the lint above is not vacuous.
func TestActionlintCatchesErrors(t *testing.T) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n        with:\n          nonsense: 1\n      - run: echo ${{ github.nope }}\n")
	errs, err := l.Lint("bad.yml", bad, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) < 2 {
		t.Fatalf("actionlint found %d problems in a broken workflow, want at least 2: %v", len(errs), errs)
	}
}

// A GitHub workflow, as far as these tests read it.
type ghWorkflow struct {
	On          yaml.Node         `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency map[string]any    `yaml:"concurrency"`
	Jobs        map[string]ghJob  `yaml:"jobs"`
}

type ghJob struct {
	If       string            `yaml:"if"`
	Needs    any               `yaml:"needs"`
	Env      map[string]string `yaml:"env"`
	Strategy struct {
		Matrix map[string]any `yaml:"matrix"`
	} `yaml:"strategy"`
	Permissions map[string]string `yaml:"permissions"`
	Environment map[string]string `yaml:"environment"`
	Steps       []ghStep          `yaml:"steps"`
}

type ghStep struct {
	ID   string            `yaml:"id"`
	Env  map[string]string `yaml:"env"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

func readGitHub(t *testing.T, name string) ghWorkflow {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w ghWorkflow
	if err := yaml.Unmarshal(src, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w
}

// triggers lists the event names of an "on:" mapping.
func triggers(on yaml.Node) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if on.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(on.Content); i += 2 {
		out[on.Content[i].Value] = on.Content[i+1]
	}
	return out
}

// runs gathers the run: lines of every step of a job, one command per line.
func runs(j ghJob) []string {
	var out []string
	for _, s := range j.Steps {
		for line := range strings.SplitSeq(s.Run, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				out = append(out, line)
			}
		}
	}
	return out
}

func uses(j ghJob, prefix string) *ghStep {
	for i, s := range j.Steps {
		if strings.HasPrefix(s.Uses, prefix) {
			return &j.Steps[i]
		}
	}
	return nil
}

func TestCheckWorkflow(t *testing.T) {
	cmds := readmeCommands(t)
	w := readGitHub(t, "check.yml")
	if _, ok := triggers(w.On)["pull_request"]; !ok {
		t.Error("check.yml does not run on pull_request")
	}
	var all []string
	for name, j := range w.Jobs {
		all = append(all, runs(j)...)
		if slices.ContainsFunc(j.Steps, func(s ghStep) bool { return s.Run != "" }) {
			sg := uses(j, "actions/setup-go@")
			if sg == nil {
				t.Errorf("check.yml job %s runs commands without actions/setup-go", name)
				continue
			}
			if sg.With["go-version-file"] != "go.mod" {
				t.Errorf("check.yml job %s: setup-go go-version-file = %q, want go.mod", name, sg.With["go-version-file"])
			}
			if sg.With["cache"] == "false" {
				t.Errorf("check.yml job %s: setup-go cache disabled", name)
			}
		}
	}
	for _, want := range []string{checkGitHub, cmds.test} {
		if !slices.Contains(all, want) {
			t.Errorf("check.yml never runs %q; it runs %q", want, all)
		}
	}
}

func TestPublishWorkflow(t *testing.T) {
	cmds := readmeCommands(t)
	w := readGitHub(t, "publish.yml")
	on := triggers(w.On)
	for _, ev := range []string{"push", "schedule", "workflow_dispatch"} {
		if _, ok := on[ev]; !ok {
			t.Errorf("publish.yml is not triggered by %s", ev)
		}
	}
	if push := on["push"]; push != nil {
		var p struct{ Branches []string }
		if err := push.Decode(&p); err != nil || !slices.Contains(p.Branches, "main") {
			t.Errorf("publish.yml: push does not name branch main (%v)", p.Branches)
		}
	}
	if sched := on["schedule"]; sched != nil {
		var s []struct{ Cron string }
		if err := sched.Decode(&s); err != nil || len(s) == 0 {
			t.Errorf("publish.yml: schedule has no cron: %v", err)
		}
	}
	if g, _ := w.Concurrency["group"].(string); g == "" {
		t.Error("publish.yml: no concurrency group; two deployments could race")
	}
	if c, _ := w.Concurrency["cancel-in-progress"].(bool); c {
		t.Error("publish.yml cancels a deployment in progress")
	}

	var built, uploaded, deployed bool
	for name, j := range w.Jobs {
		if slices.Contains(runs(j), cmds.build) {
			built = true
			if uses(j, "actions/setup-go@") == nil {
				t.Errorf("publish.yml job %s builds without actions/setup-go", name)
			}
			// The render cache is worth nothing without the site it was made for.
			if c := uses(j, "actions/cache@"); c == nil || !cachesRender(strings.Fields(c.With["path"])) {
				t.Errorf("publish.yml job %s does not restore and save .gongkai-cache and public", name)
			}
		}
		if up := uses(j, "actions/upload-pages-artifact@"); up != nil {
			uploaded = true
			if up.With["path"] != "public" && up.With["path"] != "public/" {
				t.Errorf("publish.yml uploads %q, want public", up.With["path"])
			}
		}
		if uses(j, "actions/deploy-pages@") != nil {
			deployed = true
			perms := j.Permissions
			if perms == nil {
				perms = w.Permissions
			}
			if perms["pages"] != "write" || perms["id-token"] != "write" {
				t.Errorf("publish.yml job %s deploys without pages: write and id-token: write (%v)", name, perms)
			}
			if j.Needs == nil {
				t.Errorf("publish.yml job %s deploys without needing the build", name)
			}
			if j.Environment["name"] != "github-pages" {
				t.Errorf("publish.yml job %s: environment %q, want github-pages", name, j.Environment["name"])
			}
		}
	}
	if !built {
		t.Errorf("publish.yml never runs the README build command %q", cmds.build)
	}
	if !uploaded || !deployed {
		t.Errorf("publish.yml: upload-pages-artifact %v, deploy-pages %v; want both", uploaded, deployed)
	}
}

// glRule is one entry of a GitLab rules: list.
type glRule struct {
	If   string `yaml:"if"`
	When string `yaml:"when"`
}

// glJob is a GitLab CI job, as far as these tests read it.
// cachesRender says whether the cached paths hold the render cache and the published site.
func cachesRender(paths []string) bool {
	has := func(p string) bool {
		return slices.ContainsFunc(paths, func(q string) bool { return strings.TrimSuffix(q, "/") == p })
	}
	return has(".gongkai-cache") && has("public")
}

type glJob struct {
	Cache []struct {
		Paths []string `yaml:"paths"`
	} `yaml:"cache"`
	Stage        string `yaml:"stage"`
	Script       []string
	BeforeScript []string `yaml:"before_script"`
	Rules        []glRule `yaml:"rules"`
	Artifacts    struct {
		Paths []string `yaml:"paths"`
	} `yaml:"artifacts"`
}

func TestGitLabCI(t *testing.T) {
	cmds := readmeCommands(t)
	src, err := os.ReadFile(filepath.Join(repoRoot, ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]yaml.Node
	if err := yaml.Unmarshal(src, &top); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}
	var stages []string
	if n, ok := top["stages"]; !ok || n.Decode(&stages) != nil {
		t.Fatal(".gitlab-ci.yml: no stages list")
	}
	// GitLab's reserved top-level keys; everything else is a job.
	reserved := map[string]bool{"default": true, "include": true, "stages": true, "variables": true, "workflow": true, "image": true, "services": true, "cache": true, "before_script": true, "after_script": true}
	jobs := map[string]glJob{}
	for name, n := range top {
		if reserved[name] || strings.HasPrefix(name, ".") {
			continue
		}
		var j glJob
		if err := n.Decode(&j); err != nil {
			t.Errorf(".gitlab-ci.yml job %s: %v", name, err)
			continue
		}
		if j.Stage != "" && !slices.Contains(stages, j.Stage) {
			t.Errorf(".gitlab-ci.yml job %s: stage %q is not in stages %v", name, j.Stage, stages)
		}
		if len(j.Script) == 0 {
			t.Errorf(".gitlab-ci.yml job %s has no script", name)
		}
		jobs[name] = j
	}

	onMR := func(j glJob) bool {
		return slices.ContainsFunc(j.Rules, func(r glRule) bool {
			return strings.Contains(r.If, `"merge_request_event"`) && r.When != "never"
		})
	}
	onDefault := func(j glJob) bool {
		return slices.ContainsFunc(j.Rules, func(r glRule) bool {
			return strings.Contains(r.If, "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH") && r.When != "never"
		})
	}
	find := func(cmd string, pred func(glJob) bool) bool {
		for _, j := range jobs {
			if slices.Contains(j.Script, cmd) && pred(j) {
				return true
			}
		}
		return false
	}
	if !find(cmds.test, onMR) {
		t.Errorf(".gitlab-ci.yml: no merge-request job runs the README test command %q", cmds.test)
	}
	if !slices.ContainsFunc(slices.Collect(maps.Values(jobs)), func(j glJob) bool {
		return onMR(j) && slices.ContainsFunc(j.Script, func(s string) bool { return strings.HasPrefix(s, "go run ./generator check") })
	}) {
		t.Error(".gitlab-ci.yml: no merge-request job runs the check")
	}
	pages, ok := jobs["pages"]
	switch {
	case !ok:
		t.Error(".gitlab-ci.yml: no pages job (GitLab Pages publishes only the job named pages)")
	case !slices.Contains(pages.Script, cmds.build):
		t.Errorf(".gitlab-ci.yml: pages does not run the README build command %q: %v", cmds.build, pages.Script)
	case !slices.Contains(pages.Artifacts.Paths, "public"):
		t.Errorf(".gitlab-ci.yml: pages artifacts %v, want public", pages.Artifacts.Paths)
	case !onDefault(pages):
		t.Error(".gitlab-ci.yml: pages does not run on the default branch")
	case !slices.ContainsFunc(pages.Cache, func(c struct {
		Paths []string `yaml:"paths"`
	}) bool {
		return cachesRender(c.Paths)
	}):
		t.Errorf(".gitlab-ci.yml: pages does not cache .gongkai-cache and public: %v", pages.Cache)
	}
	// A schedule on the default branch must reach the pages job: the workflow rules must let it in.
	var wf struct {
		Rules []glRule `yaml:"rules"`
	}
	if n, ok := top["workflow"]; ok {
		if err := n.Decode(&wf); err != nil {
			t.Fatalf(".gitlab-ci.yml workflow: %v", err)
		}
		admits := false
		for _, r := range wf.Rules {
			if r.When == "never" {
				continue
			}
			if strings.Contains(r.If, `"schedule"`) || strings.Contains(r.If, "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH") {
				admits = true
			}
		}
		if !admits {
			t.Error(".gitlab-ci.yml: workflow rules keep scheduled pipelines out")
		}
	}
}
