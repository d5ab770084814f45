package scaffold

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"gopkg.in/yaml.v3"
)

func TestProjectText(t *testing.T) {
	src, err := Project(ProjectOptions{ID: "MZJ-2026-001", Year: 2026, Body: "mzj", SchemaURL: SchemaURL("https://example.gov.cn/")})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	if want := "# yaml-language-server: $schema=https://example.gov.cn/data/schema/project.schema.json"; lines[0] != want {
		t.Errorf("first line = %q, want %q", lines[0], want)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("scaffold is not valid YAML: %v\n%s", err, src)
	}
	if doc["id"] != "MZJ-2026-001" || doc["body"] != "mzj" {
		t.Errorf("id, body = %v, %v; want the given values", doc["id"], doc["body"])
	}
	for _, k := range []string{"title", "item", "budget_line", "budget", "funding", "form", "summary", "legal_basis", "intention"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("scaffold lacks %s", k)
		}
	}
	// Every key line has a Chinese comment right above it (for list items: above the dash).
	keyRE := regexp.MustCompile(`^\s*(- )?[a-z_]+:`)
	han := regexp.MustCompile(`\p{Han}`)
	for i, l := range lines {
		if !keyRE.MatchString(l) || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		if i == 0 || !strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#") || !han.MatchString(lines[i-1]) {
			t.Errorf("line %d %q has no Chinese comment above it", i+1, l)
		}
	}
	if n := strings.Count(string(src), records.PlaceholderPrefix+"："); n < 10 {
		t.Errorf("only %d placeholders in a new project", n)
	}
}

func TestProjectBadID(t *testing.T) {
	for _, id := range []string{"", "a b", "../x", "x/y", "-x"} {
		if _, err := Project(ProjectOptions{ID: id, Year: 2026}); err == nil {
			t.Errorf("Project(id %q) succeeded, want an error", id)
		}
	}
}

func TestSchemaURL(t *testing.T) {
	tests := map[string]string{
		"https://a.gov.cn/":     "https://a.gov.cn/data/schema/project.schema.json",
		"https://a.gov.cn/sub":  "https://a.gov.cn/sub/data/schema/project.schema.json",
		"https://a.gov.cn/sub/": "https://a.gov.cn/sub/data/schema/project.schema.json",
		"":                      "../../../public/data/schema/project.schema.json",
	}
	for in, want := range tests {
		if got := SchemaURL(in); got != want {
			t.Errorf("SchemaURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewProjectRefusesOverwriteAndDuplicateID(t *testing.T) {
	root := t.TempDir()
	opt := ProjectOptions{ID: "MZJ-2026-001", Year: 2026}
	rel, err := NewProject(root, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rel != "data/projects/2026/MZJ-2026-001.yaml" {
		t.Errorf("path = %s", rel)
	}
	path := filepath.Join(root, filepath.FromSlash(rel))
	os.WriteFile(path, []byte("# mine\n"), 0o644)
	if _, err := NewProject(root, opt); err == nil {
		t.Error("second NewProject overwrote the file")
	}
	if b, _ := os.ReadFile(path); string(b) != "# mine\n" {
		t.Error("the clerk's file was changed")
	}
	// The same id in another year is a duplicate too: ids are unique across years.
	if _, err := NewProject(root, ProjectOptions{ID: "MZJ-2026-001", Year: 2027}); err == nil {
		t.Error("NewProject accepted an id used in another year")
	}
	def := records.SiteIDPattern(nil)
	if got := NextID(root, def, "mzj", 2026); got != "MZJ-2026-002" {
		t.Errorf("NextID = %s, want MZJ-2026-002", got)
	}
	if got := NextID(root, def, "XM", 2027); got != "XM-2027-001" {
		t.Errorf("NextID = %s, want XM-2027-001", got)
	}
	// The width of existing numbers is kept.
	os.MkdirAll(filepath.Join(root, "data", "projects", "2025"), 0o755)
	os.WriteFile(filepath.Join(root, "data", "projects", "2025", "RSJ-2025-0041.yaml"), nil, 0o644)
	if got := NextID(root, def, "rsj", 2025); got != "RSJ-2025-0042" {
		t.Errorf("NextID = %s, want RSJ-2025-0042", got)
	}
}

// topKeys lists the top-level keys of a YAML document in order.
func topKeys(t *testing.T, src []byte) []string {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		t.Fatalf("invalid YAML: %v\n%s", err, src)
	}
	var out []string
	m := n.Content[0]
	for i := 0; i < len(m.Content); i += 2 {
		out = append(out, m.Content[i].Value)
	}
	return out
}

const clerkFile = `# 我自己的说明：这个项目由王老师负责
id: X-1   # 编号
title: 社区养老
intention:
  published: 2026-03-01 # 按时发布

# 我的评论：下面是评价
evaluations:
  - kind: 中期评估   # 第一次
    date: 2026-09-01

  # 第二次评价之前的说明
# 顶格注释属于 termination
termination:
  published: 2026-12-01
`

func TestAddStageKeepsClerkTextAndOrder(t *testing.T) {
	tests := []struct {
		stage    string
		wantKeys []string
		// item count of a list stage after adding, when it is one
		listKey string
		items   int
	}{
		{"call", []string{"id", "title", "intention", "call", "evaluations", "termination"}, "", 0},
		{"single_source_notice", []string{"id", "title", "intention", "single_source_notice", "evaluations", "termination"}, "", 0},
		{"contract", []string{"id", "title", "intention", "contract", "evaluations", "termination"}, "", 0},
		{"payment", []string{"id", "title", "intention", "payments", "evaluations", "termination"}, "payments", 1},
		{"evaluation", []string{"id", "title", "intention", "evaluations", "termination"}, "evaluations", 2},
	}
	for _, tt := range tests {
		t.Run(tt.stage, func(t *testing.T) {
			out, _, err := AddStage([]byte(clerkFile), tt.stage)
			if err != nil {
				t.Fatal(err)
			}
			if got := topKeys(t, out); !slices.Equal(got, tt.wantKeys) {
				t.Errorf("keys = %v, want %v", got, tt.wantKeys)
			}
			// Every original line survives, in order: the edit only inserts.
			rest := strings.Split(string(out), "\n")
			for _, l := range strings.Split(strings.TrimSuffix(clerkFile, "\n"), "\n") {
				i := slices.Index(rest, l)
				if i < 0 {
					t.Fatalf("line %q lost or reordered:\n%s", l, out)
				}
				rest = rest[i+1:]
			}
			if tt.listKey != "" {
				var doc map[string][]map[string]any
				var full map[string]any
				yaml.Unmarshal(out, &full)
				b, _ := yaml.Marshal(map[string]any{tt.listKey: full[tt.listKey]})
				yaml.Unmarshal(b, &doc)
				if len(doc[tt.listKey]) != tt.items {
					t.Errorf("%s has %d items, want %d:\n%s", tt.listKey, len(doc[tt.listKey]), tt.items, out)
				}
			}
			// The termination's own comment stays directly above it.
			if !strings.Contains(string(out), "# 顶格注释属于 termination\ntermination:") {
				t.Errorf("comment detached from termination:\n%s", out)
			}
		})
	}
}

func TestAddStageErrors(t *testing.T) {
	if _, _, err := AddStage([]byte(clerkFile), "intention"); err == nil {
		t.Error("adding a second intention succeeded")
	}
	if _, _, err := AddStage([]byte(clerkFile), "bogus"); err == nil {
		t.Error("unknown stage accepted")
	}
	if _, _, err := AddStage([]byte("id: x\npayments: [{date: 2026-01-01, amount: 1}]\n"), "payment"); err == nil {
		t.Error("appending to a flow list succeeded; it must refuse rather than corrupt")
	}
	_, warn, err := AddStage([]byte("id: x\n"), "contract")
	if err != nil || len(warn) == 0 {
		t.Errorf("contract without award: warnings %v, err %v; want a warning", warn, err)
	}
}

func TestAddStageVariants(t *testing.T) {
	tests := []struct{ name, in, stage, want string }{
		{"empty flow list", "id: x\namendments: []\n", "amendment", "amendments:\n  # "},
		{"zero-indent list", "id: x\npayments:\n- date: 2026-01-01\n  amount: 1\n", "payment", "\n- date: \"" + records.PlaceholderPrefix},
		{"crlf", "id: x\r\ntitle: y\r\n", "call", "\r\ncall:\r\n"},
		{"no trailing newline", "id: x", "call", "id: x\n\n# ── 采购公告（call） ──\ncall:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := AddStage([]byte(tt.in), tt.stage)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			topKeys(t, []byte(strings.ReplaceAll(string(out), "\r\n", "\n")))
			if tt.name == "crlf" && strings.Count(string(out), "\n") != strings.Count(string(out), "\r\n") {
				t.Error("mixed line endings")
			}
		})
	}
}

func TestAddStageToFileAtomicAndPermissions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "X-1.yaml")
	os.WriteFile(path, []byte("id: X-1\n"), 0o600)
	if _, err := AddStageToFile(path, "call"); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 kept", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
	if _, err := AddStageToFile(path, "call"); err == nil {
		t.Error("second call added")
	}
}
