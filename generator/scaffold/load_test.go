package scaffold_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/scaffold"
	"github.com/gongkai/gongkai/generator/synth"
	"gopkg.in/yaml.v3"
)

// world is a valid synthetic dataset to scaffold into, with the refs a project needs.
type world struct {
	root, body, item, line, provider string
	year                             int
}

func newWorld(t *testing.T) world {
	t.Helper()
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Projects: 3, Seed: 1, Years: []int{2026}}); err != nil {
		t.Fatal(err)
	}
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		t.Fatalf("the synthetic fixture does not load: %v", diags)
	}
	w := world{root: root, year: 2026}
	// The attachments the filled-in values name.
	for _, a := range []string{"2026/x.pdf", "2026/ht.pdf"} {
		p := filepath.Join(root, "data", "attachments", filepath.FromSlash(a))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("%PDF-1.4\n"), 0o644)
	}
	for _, by := range ds.Budgets {
		for _, bb := range by.Bodies {
			for _, l := range bb.Lines {
				if w.line == "" && by.Year == 2026 && l.Amount >= 1_000_000_00 {
					w.body, w.item, w.line = bb.Body, l.Item, l.ID
				}
			}
		}
	}
	for _, p := range ds.Providers {
		if w.provider == "" && len(p.Sanctions) == 0 {
			w.provider = p.CreditCode
		}
	}
	if w.line == "" || w.provider == "" {
		t.Fatalf("fixture lacks a 2026 budget line of 1,000,000 yuan or an unsanctioned provider")
	}
	return w
}

// values are real values for every placeholder, by key path (list indexes left out).
func (w world) values() map[string]string {
	return map[string]string{
		"title": "2026年测试社区养老服务", "item": w.item, "budget_line": w.line, "budget": "50万元",
		"funding": "一般公共预算", "form": "购买项目", "summary": "为辖区老年人提供上门服务。",
		"legal_basis.number": "云财教〔2017〕418号", "legal_basis.title": "政府购买服务管理办法",

		"intention.published": "2026-01-05", "intention.expected_month": "2026-03",
		"intention.demand": "上门助餐助浴。", "intention.budget": "50万元",

		"single_source_notice.published": "2026-02-01", "single_source_notice.ends": "2026-02-08",
		"single_source_notice.provider": w.provider, "single_source_notice.reason": "唯一具备资质。",
		"single_source_notice.expert_opinion": "同意。", "single_source_notice.experts": "李四",

		"call.published": "2026-03-02", "call.method": "公开招标",
		"call.documents_from": "2026-03-02", "call.documents_to": "2026-03-09", "call.documents_at": "示例市公共资源交易网",
		"call.bid_deadline": "2026-03-25 09:30", "call.opening.time": "2026-03-25 09:30", "call.opening.place": "开标室",
		"call.ceiling": "48万元", "call.conditions": "具备社会工作服务能力。",
		"call.service.scope": "全区", "call.service.quantity": "300 人", "call.service.quality": "满意度 90% 以上",
		"call.service.period.from": "2026-05-01", "call.service.period.to": "2027-04-30", "call.service.place": "示例区",
		"call.standard.text": "按服务覆盖率、满意度评分。",
		"call.contacts.name": "社会组织管理科", "call.contacts.phone": "0871-12345678",
		"call.documents.title": "采购文件", "call.documents.path": "2026/x.pdf",

		"amendments.published": "2026-03-10", "amendments.changes.field": "开标地点",
		"amendments.changes.from": "开标室", "amendments.changes.to": "第二开标室", "amendments.reason": "场地调整",

		"award.decided": "2026-03-30", "award.published": "2026-03-31", "award.winners.provider": w.provider,
		"award.winners.amount": "45万元", "award.bids": "4", "award.experts": "王五",

		"contract.number": "HT-2026-001", "contract.signed": "2026-04-20", "contract.published": "2026-04-22",
		"contract.provider": w.provider, "contract.amount": "45万元", "contract.subject": "社区养老服务",
		"contract.scope": "全区", "contract.quantity": "300 人", "contract.quality": "满意度 90% 以上",
		"contract.period.from": "2026-05-01", "contract.period.to": "2027-04-30", "contract.place": "示例区",
		"contract.payment_method": "按季度支付", "contract.obligations": "按合同履行。", "contract.liability": "按合同承担。",
		"contract.document.title": "合同文本", "contract.document.path": "2026/ht.pdf",

		"payments.date": "2026-08-01", "payments.amount": "10万元", "payments.for": "第一季度",

		"evaluations.kind": "中期评估", "evaluations.date": "2026-11-01", "evaluations.published": "2026-11-05",
		"evaluations.evaluator.kind": "第三方", "evaluations.evaluator.name": "示例评估中心", "evaluations.score": "90",
		"evaluations.grade": "优秀", "evaluations.findings": "良好。",

		"termination.published": "2026-12-01", "termination.reason": "服务对象迁移。",
	}
}

// fill replaces every placeholder in src from values; it fails on a placeholder it has no value
// for, so a new scaffold field cannot slip past this test.
func fill(t *testing.T, src []byte, values map[string]string) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			walk(n.Content[0], path)
		case yaml.MappingNode:
			for i := 0; i < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if path != "" {
					p = path + "." + p
				}
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.ScalarNode:
			if !records.IsPlaceholder(n.Value) {
				return
			}
			v, ok := values[path]
			if !ok {
				t.Errorf("no test value for placeholder %s (%q)", path, n.Value)
				return
			}
			n.Value, n.Tag, n.Style = v, "!!str", 0
		}
	}
	walk(&doc, "")
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func errorsOnly(l diag.List) (out diag.List) {
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// TestScaffoldEveryStageLoads scaffolds a project, adds every stage in lifecycle order and checks
// after each step: left as scaffolded, every placeholder is a `placeholder` error at its line;
// filled in, the project loads without a single error.
func TestScaffoldEveryStageLoads(t *testing.T) {
	w := newWorld(t)
	id := scaffold.NextID(w.root, records.SiteIDPattern(nil), w.body, w.year)
	rel, err := scaffold.NewProject(w.root, scaffold.ProjectOptions{ID: id, Year: w.year, Body: w.body, SchemaURL: scaffold.SchemaURL("https://gk.example.cn/")})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(w.root, filepath.FromSlash(rel))
	values := w.values()

	for _, stage := range append([]string{""}, scaffold.Stages()[1:]...) {
		name := stage
		if name == "" {
			name = "project"
		}
		t.Run(name, func(t *testing.T) {
			if stage != "" {
				if _, err := scaffold.AddStageToFile(path, stage); err != nil {
					t.Fatal(err)
				}
			}
			scaffolded, _ := os.ReadFile(path)

			// As scaffolded: one placeholder error per placeholder line, at that line.
			_, diags := records.Load(w.root)
			want := map[int]bool{}
			for i, l := range strings.Split(string(scaffolded), "\n") {
				if strings.Contains(l, records.PlaceholderPrefix+"：") && !strings.HasPrefix(strings.TrimSpace(l), "#") {
					want[i+1] = true
				}
			}
			got := map[int]bool{}
			for _, d := range errorsOnly(diags) {
				if d.File != rel {
					t.Errorf("error outside the new file: %v", d)
					continue
				}
				if d.Code != "placeholder" {
					t.Errorf("scaffold causes a %s error, not placeholder: %s: %s", d.Code, d.Pos, d.Message)
					continue
				}
				got[d.Line] = true
				if !want[d.Line] {
					t.Errorf("placeholder error at line %d, which holds no placeholder", d.Line)
				}
			}
			for l := range want {
				if !got[l] {
					t.Errorf("placeholder on line %d not reported", l)
				}
			}

			// Filled in, on a copy (the next stage builds on the scaffolded text).
			filled := fill(t, scaffolded, values)
			if err := os.WriteFile(path, filled, 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(path, scaffolded, 0o644)
			ds, diags := records.Load(w.root)
			for _, d := range errorsOnly(diags) {
				t.Errorf("filled-in scaffold: %s: %s [%s]", d.Pos, d.Message, d.Code)
			}
			if p := ds.Index.Project[id]; p == nil {
				t.Errorf("project %s not in the dataset", id)
			} else if stage != "" && len(p.Notices(records.Date{})) == 0 {
				t.Errorf("no notices after adding %s", stage)
			}
		})
	}
}

// TestFutureStagesHidden: a stage published after AsOf is not a notice yet.
func TestFutureStagesHidden(t *testing.T) {
	w := newWorld(t)
	rel, err := scaffold.NewProject(w.root, scaffold.ProjectOptions{ID: "F-1", Year: w.year, Body: w.body})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(w.root, rel)
	for _, s := range []string{"call", "award"} {
		if _, err := scaffold.AddStageToFile(path, s); err != nil {
			t.Fatal(err)
		}
	}
	src, _ := os.ReadFile(path)
	os.WriteFile(path, fill(t, src, w.values()), 0o644)
	ds, diags := records.Load(w.root)
	for _, d := range errorsOnly(diags) {
		t.Fatalf("%s: %s [%s]", d.Pos, d.Message, d.Code)
	}
	p := ds.Index.Project["F-1"]
	tests := []struct {
		asOf records.Date
		want string
	}{
		{records.NewDate(2026, 1, 4), ""},
		{records.NewDate(2026, 1, 5), "intention"},
		{records.NewDate(2026, 3, 30), "intention call"}, // award decided but published on 3-31
		{records.NewDate(2026, 3, 31), "intention call award"},
	}
	for _, tt := range tests {
		var kinds []string
		for _, n := range p.Notices(tt.asOf) {
			kinds = append(kinds, string(n.Kind))
		}
		if got := strings.Join(kinds, " "); got != tt.want {
			t.Errorf("Notices(%s) = %q, want %q", tt.asOf, got, tt.want)
		}
	}
}
