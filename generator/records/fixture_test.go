package records

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is the one valid minimal dataset every test starts from: site-relative path → content.
// Tests mutate a copy, write it into a temporary directory and load it.
type fixture map[string]string

const (
	fixtureBody      = "11530100MB00000017"
	fixtureProvider  = "51530100MJ0000001H"
	fixtureProvider2 = "91530100MA00000033"
	fixtureProject   = "data/projects/2025/SLS-2025-001.yaml"
)

func validFixture() fixture {
	return fixture{
		"data/site.yaml": `title: 示例市政府购买服务信息公开
publisher: 示例市财政局
region: 示例市
region_code: "530199"
base_url: https://gongkai.example.cn/
ocid_prefix: ocds-gk5301
contact:
  name: 政府采购监督管理科
  phone: 0871-12345678
license: CC BY 4.0
language: zh-CN
`,
		"data/bodies.yaml": `bodies:
  - id: mz
    name: 示例市民政局
    kind: 行政机关
    credit_code: 11530100MB00000017
    contact:
      phone: 0871-12345678
      address: 示例市东城区人民路 1 号
`,
		"data/providers/51530100MJ0000001H.yaml": `credit_code: 51530100MJ0000001H
name: 示例市阳光社会工作服务中心
kind: 民办非企业单位/社会服务机构
grade: 4A
inspection_years: [2023, 2024]
registration_authority: 示例市民政局
address: 示例市东城区
`,
		"data/providers/91530100MA00000033.yaml": `credit_code: 91530100MA00000033
name: 示例市安康物业服务有限公司
kind: 企业
registration_authority: 示例市市场监督管理局
address: 示例市西山区
sanctions:
  - from: 2024-01-01
    to: 2024-12-31
    reason: 评估不合格
    document: 示民发〔2023〕9号
    decided_by: mz
    barred: true
`,
		"data/catalogue.yaml": `categories:
  - code: A
    name: 基本公共服务
    children:
      - code: A01
        name: 养老服务
        children:
          - code: A0101
            name: 居家养老服务
          - code: A0102
            name: 养老机构行政许可
            excluded: true
`,
		"data/budgets/2025.yaml": `year: 2025
bodies:
  - body: mz
    lines:
      - id: MZ-2025-01
        name: 居家养老服务
        item: A0101
        amount: 100万元
        source: 一般公共预算
        note: 含上级补助
`,
		"data/calendar/2025.yaml": `year: 2025
source: 国务院办公厅关于2025年部分节假日安排的通知
holidays:
  - name: 国庆节、中秋节
    from: 2025-10-01
    to: 2025-10-08
workdays: [2025-09-28, 2025-10-11]
`,
		"data/attachments/2025/SLS-2025-001/call.pdf": "%PDF-1.4\n%%EOF\n",
		fixtureProject: `id: SLS-2025-001
title: 东城区居家养老服务项目
body: mz
item: A0101
budget_line: MZ-2025-01
budget: 50万元
funding: 一般公共预算
form: 购买项目
summary: |
  为东城区 300 名老人提供居家养老服务。

  - 助餐
  - 助洁
legal_basis:
  - number: 云财教〔2017〕418号
    title: 政府购买服务管理办法
intention:
  published: 2025-03-01
  expected_month: 2025-05
  demand: 居家养老服务
  budget: 50万元
call:
  published: 2025-05-06
  method: 公开招标
  documents_from: 2025-05-06
  documents_to: 2025-05-13
  documents_at: 示例市公共资源交易中心
  bid_deadline: 2025-05-27 09:30
  opening:
    time: 2025-05-27 09:30
    place: 示例市公共资源交易中心开标室
  ceiling: 500000
  conditions: |
    具有独立法人资格。
  service:
    scope: 东城区
    quantity: 300 人
    quality: 符合示例市居家养老服务规范
    period:
      from: 2025-07-01
      to: 2026-06-30
    place: 东城区
  standard:
    text: 按指标评价。
    indicators:
      - name: 服务质量
        weight: 60
      - name: 满意度
        weight: 40
  contacts:
    - name: 养老服务科
      phone: 0871-12345678
  documents:
    - title: 招标文件
      path: 2025/SLS-2025-001/call.pdf
amendments:
  - published: 2025-05-15
    reason: 更正开标地点
    changes:
      - field: opening.place
        from: 示例市公共资源交易中心开标室
        to: 示例市公共资源交易中心第二开标室
award:
  decided: 2025-06-03
  published: 2025-06-04
  winners:
    - provider: 51530100MJ0000001H
      amount: 48万元
  bids: 3
  experts: [张三, 李四, 王五]
contract:
  number: SLS-MZ-HT-2025-001
  signed: 2025-06-20
  published: 2025-06-23
  provider: 51530100MJ0000001H
  amount: 480000
  subject: 居家养老服务
  period:
    from: 2025-07-01
    to: 2026-06-30
  payment_method: 按季度支付
  obligations: 按合同约定。
  liability: 按合同约定。
payments:
  - date: 2025-10-10
    amount: 120000
    for: 第一季度
evaluations:
  - kind: 中期评估
    date: 2025-12-20
    published: 2025-12-25
    evaluator:
      kind: 第三方
      name: 示例市评估中心
    score: 88
    grade: 良好
    indicators:
      - name: 服务质量
        weight: 60
        score: 52
    findings: 服务规范。
`,
	}
}

// write puts the fixture into a fresh directory and returns the site root.
func (f fixture) write(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	for rel, content := range f {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// replace substitutes old with new in one file, failing the test if old is not there exactly once.
func (f fixture) replace(t testing.TB, rel, old, new string) {
	t.Helper()
	if n := strings.Count(f[rel], old); n != 1 {
		t.Fatalf("fixture %s: %q occurs %d times, want 1", rel, old, n)
	}
	f[rel] = strings.Replace(f[rel], old, new, 1)
}
