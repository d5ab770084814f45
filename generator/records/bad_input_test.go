package records

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"
)

// badCase is one malformed dataset: the valid fixture plus one mutation, and the diagnostic it
// must produce. at is a substring of the mutated file whose line the diagnostic must point to
// ("" = the whole file, line 0).
type badCase struct {
	name   string
	mutate func(t *testing.T, f fixture)
	after  func(t *testing.T, root string) // for what a fixture map cannot express (symlinks)
	code   string
	file   string
	at     string
	msg    string // optional substring of the Chinese message
	warn   bool   // expect a warning rather than an error
	col    bool   // the column must be at's too
}

const (
	proj     = fixtureProject
	site     = "data/site.yaml"
	bodies   = "data/bodies.yaml"
	prov1    = "data/providers/" + fixtureProvider + ".yaml"
	prov2    = "data/providers/" + fixtureProvider2 + ".yaml"
	budget25 = "data/budgets/2025.yaml"
	cal25    = "data/calendar/2025.yaml"
)

// rep replaces old with new in file.
func rep(file, old, new string) func(*testing.T, fixture) {
	return func(t *testing.T, f fixture) { f.replace(t, file, old, new) }
}

// set writes a whole file.
func set(file, content string) func(*testing.T, fixture) {
	return func(t *testing.T, f fixture) { f[file] = content }
}

// all applies several mutations.
func all(ms ...func(*testing.T, fixture)) func(*testing.T, fixture) {
	return func(t *testing.T, f fixture) {
		for _, m := range ms {
			m(t, f)
		}
	}
}

// copyProject adds a copy of the fixture project under another path, with its id replaced.
func copyProject(rel, id string) func(*testing.T, fixture) {
	return func(t *testing.T, f fixture) {
		f[rel] = strings.Replace(f[proj], "id: SLS-2025-001", "id: "+id, 1)
	}
}

var badCases = []badCase{
	// File-level problems.
	{name: "yaml syntax", mutate: rep(proj, "title: 东城区居家养老服务项目", "title: [东城区"), code: "yaml-syntax", file: proj, at: "title:"},
	{name: "tab indentation", mutate: rep(proj, "  published: 2025-03-01", "\tpublished: 2025-03-01"), code: "yaml-tab", file: proj, at: "\tpublished"},
	{name: "empty file", mutate: set(prov1, ""), code: "empty-file", file: prov1},
	{name: "comments only", mutate: set(prov1, "# 待补充\n"), code: "empty-file", file: prov1},
	{name: "binary file", mutate: set(prov1, "\x89PNG\r\n\x1a\n\x00\x00"), code: "binary-file", file: prov1, at: "\x89", col: true},
	{name: "GBK encoded", mutate: set(prov1, "name: \xca\xbe\xc0\xfd\n"), code: "binary-file", file: prov1, at: "\xc0", col: true}, // \xca\xbe is U+02BE
	{name: "one bad byte", mutate: rep(proj, "title: 东城区居家养老服务项目", "title: 东城区\xff居家养老服务项目"), code: "binary-file", file: proj, at: "\xff", col: true, msg: "0xFF"},
	{name: "NUL byte", mutate: rep(proj, "  - 助洁", "  - 助\x00洁"), code: "binary-file", file: proj, at: "\x00", col: true},
	{name: "named pipe", after: func(t *testing.T, root string) {
		if err := syscall.Mkfifo(filepath.Join(root, "data", "projects", "2025", "pipe.yaml"), 0o644); err != nil {
			t.Skip("no named pipes:", err)
		}
	}, code: "special-file", file: "data/projects/2025/pipe.yaml"},
	{name: "named pipe in attachments", after: func(t *testing.T, root string) {
		if err := syscall.Mkfifo(filepath.Join(root, "data", "attachments", "x.pdf"), 0o644); err != nil {
			t.Skip("no named pipes:", err)
		}
	}, code: "special-file", file: "data/attachments/x.pdf"},
	{name: "control character from an escape", mutate: rep(proj, "title: 东城区居家养老服务项目", `title: "东城区\u0007居家养老服务项目"`), code: "control-char", file: proj, at: `\u0007`, col: true},
	{name: "carriage return from an escape", mutate: rep(proj, "findings: 服务规范。", `findings: "服务\r规范。"`), code: "control-char", file: proj, at: "findings:"},
	{name: "binary tag", mutate: rep(proj, "title: 东城区居家养老服务项目", "title: !!binary 5Lic5Z+O"), code: "yaml-tag", file: proj, at: "!!binary", col: true},
	{name: "local tag", mutate: rep(proj, "title: 东城区居家养老服务项目", "title: !x 东城区"), code: "yaml-tag", file: proj, at: "!x", col: true},
	{name: "timestamp tag on a key", mutate: rep(proj, "title: 东城区居家养老服务项目", "!!timestamp title: 东城区"), code: "yaml-tag", file: proj, at: "!!timestamp", col: true},
	{name: "top level list", mutate: set(proj, "- id: SLS-2025-001\n"), code: "not-mapping", file: proj, at: "- id"},
	{name: "bodies as bare list", mutate: set(bodies, "- id: mz\n  name: 示例市民政局\n"), code: "not-mapping", file: bodies, at: "- id"},
	{name: "two documents", mutate: func(t *testing.T, f fixture) { f[prov1] += "---\nname: x\n" }, code: "yaml-syntax", file: prov1, at: "---"},
	{name: "project file name", mutate: rep(proj, "id: SLS-2025-001", "id: SLS-2025-002"), code: "file-name", file: proj, at: "id: SLS-2025-002"},
	{name: "provider file name", mutate: func(t *testing.T, f fixture) {
		f["data/providers/52530100MJ0000002H.yaml"] = f[prov2]
	}, code: "file-name", file: "data/providers/52530100MJ0000002H.yaml", at: "credit_code"},
	{name: "calendar year", mutate: rep(cal25, "year: 2025", "year: 2026"), code: "file-name", file: cal25, at: "year: 2026"},
	{name: "unexpected file", mutate: set("data/notes.txt", "备忘"), code: "unknown-file", file: "data/notes.txt", warn: true},
	{name: "yml extension", mutate: set("data/projects/2025/X.yml", "id: X\n"), code: "unknown-file", file: "data/projects/2025/X.yml", warn: true},

	// Keys and types.
	{name: "unknown key suggests", mutate: rep(proj, "  ceiling: 500000", "  cieling: 500000"), code: "unknown-key", file: proj, at: "cieling", msg: "你是不是想写 ceiling"},
	{name: "unknown top key", mutate: rep(proj, "funding: 一般公共预算", "funding: 一般公共预算\nfundng_note: x"), code: "unknown-key", file: proj, at: "fundng_note"},
	{name: "duplicate key", mutate: rep(proj, "form: 购买项目", "form: 购买项目\nform: 购买岗位"), code: "duplicate-key", file: proj, at: "form: 购买岗位"},
	{name: "list expected", mutate: rep(proj, "experts: [张三, 李四, 王五]", "experts: 张三"), code: "wrong-type", file: proj, at: "experts:"},
	{name: "integer expected", mutate: rep(proj, "bids: 3", "bids: 三家"), code: "wrong-type", file: proj, at: "bids:"},
	{name: "bool expected", mutate: rep("data/catalogue.yaml", "excluded: true", "excluded: 是的"), code: "wrong-type", file: "data/catalogue.yaml", at: "excluded:"},
	{name: "mapping expected", mutate: rep(proj, "    place: 示例市公共资源交易中心开标室", "    place: [a, b]"), code: "wrong-type", file: proj, at: "place: [a, b]"},

	// Values.
	{name: "money unit", mutate: rep(proj, "budget: 50万元\nfunding", "budget: 50万美元\nfunding"), code: "money-format", file: proj, at: "budget: 50万美元"},
	{name: "money decimals", mutate: rep(proj, "amount: 480000", "amount: 480000.123"), code: "money-format", file: proj, at: "amount: 480000.123"},
	{name: "money wan decimals", mutate: rep(proj, "amount: 48万元", "amount: 48.1234567万元"), code: "money-format", file: proj, at: "48.1234567万元"},
	{name: "money negative", mutate: rep(proj, "amount: 120000", "amount: -120000"), code: "money-format", file: proj, at: "amount: -120000"},
	{name: "money garbage", mutate: rep(proj, "  ceiling: 500000", "  ceiling: 五十万"), code: "money-format", file: proj, at: "ceiling:"},
	{name: "date format", mutate: rep(proj, "published: 2025-03-01", "published: 2025/03/01"), code: "date-format", file: proj, at: "2025/03/01"},
	{name: "date impossible", mutate: rep(proj, "signed: 2025-06-20", "signed: 2025-06-31"), code: "date-format", file: proj, at: "signed:"},
	{name: "datetime format", mutate: rep(proj, "bid_deadline: 2025-05-27 09:30", "bid_deadline: 5月27日上午"), code: "date-format", file: proj, at: "bid_deadline:"},
	{name: "expected month", mutate: rep(proj, "expected_month: 2025-05", "expected_month: 2025-5"), code: "date-format", file: proj, at: "expected_month:"},
	{name: "missing title", mutate: rep(proj, "title: 东城区居家养老服务项目\n", ""), code: "missing-field", file: proj, at: "id: SLS-2025-001", msg: "title"},
	{name: "empty published", mutate: rep(proj, "  published: 2025-05-06\n", "  published:\n"), code: "missing-field", file: proj, at: "  published:\n"},
	{name: "bad enum funding", mutate: rep(proj, "funding: 一般公共预算", "funding: 财政拨款"), code: "bad-enum", file: proj, at: "funding:"},
	{name: "bad enum body kind", mutate: rep(bodies, "kind: 行政机关", "kind: 事业单位"), code: "bad-enum", file: bodies, at: "kind:"},
	{name: "bad enum grade", mutate: rep(proj, "grade: 良好", "grade: 较好"), code: "bad-enum", file: proj, at: "grade: 较好"},
	{name: "bad enum provider grade", mutate: rep(prov1, "grade: 4A", "grade: AAAA"), code: "bad-enum", file: prov1, at: "grade:"},
	{name: "region code", mutate: rep(site, `region_code: "530199"`, `region_code: "5301"`), code: "bad-format", file: site, at: "region_code"},
	{name: "publisher credit code", mutate: rep(site, `region_code: "530199"`, "region_code: \"530199\"\npublisher_credit_code: 11530199MB0C2XJ01A"), code: "credit-code", file: site, at: "publisher_credit_code:"},
	{name: "ocid prefix", mutate: rep(site, "ocid_prefix: ocds-gk5301", "ocid_prefix: ocds-GK5301x"), code: "bad-format", file: site, at: "ocid_prefix"},

	// Ids and refs.
	{name: "duplicate project id", mutate: copyProject("data/projects/2026/SLS-2025-001.yaml", "SLS-2025-001"), code: "duplicate-id", file: "data/projects/2026/SLS-2025-001.yaml", at: "id:"},
	{name: "duplicate body id", mutate: func(t *testing.T, f fixture) {
		f[bodies] += "  - id: mz\n    name: 重复\n    kind: 行政机关\n    credit_code: 11530100MB00000017\n"
	}, code: "duplicate-id", file: bodies, at: "  - id: mz\n    name: 重复"},
	{name: "duplicate budget line", mutate: func(t *testing.T, f fixture) {
		f[budget25] += "      - id: MZ-2025-01\n        name: 重复\n        item: A0101\n        amount: 1\n        source: 其他\n"
	}, code: "duplicate-id", file: budget25, at: "      - id: MZ-2025-01\n        name: 重复"},
	{name: "project id characters", mutate: copyProject("data/projects/2025/SLS_2025_009.yaml", "SLS_2025_009"), code: "bad-id", file: "data/projects/2025/SLS_2025_009.yaml", at: "id:"},
	{name: "body id characters", mutate: all(rep(bodies, "id: mz", "id: MZ")), code: "bad-id", file: bodies, at: "id: MZ"},
	{name: "dangling body", mutate: rep(proj, "body: mz", "body: jy"), code: "dangling-ref", file: proj, at: "body: jy"},
	{name: "dangling provider", mutate: rep(proj, "    - provider: 51530100MJ0000001H", "    - provider: 52530100MJ0000002H"), code: "dangling-ref", file: proj, at: "    - provider: 52530100MJ0000002H"},
	{name: "dangling item", mutate: rep(proj, "item: A0101", "item: A0199"), code: "dangling-ref", file: proj, at: "item: A0199"},
	{name: "item not level 3", mutate: rep(proj, "item: A0101", "item: A01"), code: "dangling-ref", file: proj, at: "item: A01", msg: "不是“项”"},
	{name: "dangling budget line", mutate: rep(proj, "budget_line: MZ-2025-01", "budget_line: MZ-2025-99"), code: "dangling-ref", file: proj, at: "budget_line:"},
	{name: "budget line of another year", mutate: all(
		set("data/budgets/2026.yaml", "year: 2026\nbodies:\n  - body: mz\n    lines:\n      - id: MZ-2026-01\n        name: 居家养老\n        item: A0101\n        amount: 100万元\n        source: 彩票公益金\n"),
		rep(proj, "budget_line: MZ-2025-01", "budget_line: MZ-2026-01")), code: "dangling-ref", file: proj, at: "budget_line:", msg: "2026"},
	{name: "dangling parent body", mutate: rep(bodies, "    kind: 行政机关", "    kind: 行政机关\n    parent: czj"), code: "dangling-ref", file: bodies, at: "parent: czj"},
	{name: "credit code checksum", mutate: rep(bodies, "credit_code: 11530100MB00000017", "credit_code: 11530100MB00000018"), code: "credit-code", file: bodies, at: "credit_code:", msg: "校验位"},
	{name: "credit code characters", mutate: rep(bodies, "credit_code: 11530100MB00000017", "credit_code: 11530100IB00000017"), code: "credit-code", file: bodies, at: "credit_code:"},
	{name: "credit code length", mutate: rep(bodies, "credit_code: 11530100MB00000017", "credit_code: 1153010"), code: "credit-code", file: bodies, at: "credit_code:"},

	// Lifecycle.
	{name: "award before deadline", mutate: rep(proj, "decided: 2025-06-03", "decided: 2025-05-20"), code: "stage-order", file: proj, at: "decided:"},
	{name: "contract before award", mutate: rep(proj, "signed: 2025-06-20", "signed: 2025-06-01"), code: "stage-order", file: proj, at: "signed:"},
	{name: "documents to before from", mutate: rep(proj, "documents_to: 2025-05-13", "documents_to: 2025-05-01"), code: "stage-order", file: proj, at: "documents_to:"},
	{name: "call before intention", mutate: rep(proj, "published: 2025-03-01", "published: 2025-05-10"), code: "stage-order", file: proj, at: "  published: 2025-05-06"},
	{name: "award notice before decision", mutate: rep(proj, "published: 2025-06-04", "published: 2025-06-02"), code: "stage-order", file: proj, at: "published: 2025-06-02"},
	{name: "amendment after award", mutate: rep(proj, "published: 2025-05-15", "published: 2025-06-10"), code: "stage-order", file: proj, at: "published: 2025-06-10"},
	{name: "moved deadline after award", mutate: rep(proj, "    reason: 更正开标地点", "    reason: 更正开标地点\n    new_deadline: 2025-06-05 09:30"), code: "stage-order", file: proj, at: "decided:"},
	// Corrections: typed changes checked against the call in force before them.
	{name: "amendment unknown field", mutate: rep(proj, "      - field: opening.place", "      - field: 开标房间"), code: "amendment-field", file: proj, at: "field: 开标房间", msg: "开标房间"},
	{name: "amendment wrong from", mutate: rep(proj, "        from: 示例市公共资源交易中心开标室", "        from: 开标室一"), code: "amendment-from", file: proj, at: "from: 开标室一", msg: "示例市公共资源交易中心开标室"},
	{name: "amendment money from parsed", mutate: rep(proj, "      - field: opening.place\n        from: 示例市公共资源交易中心开标室\n        to: 示例市公共资源交易中心第二开标室",
		"      - field: 最高限价\n        from: 50万元\n        to: 480,000.00元\n      - field: ceiling\n        from: 500,000.00元\n        to: 47万"), code: "amendment-from", file: proj, at: "from: 500,000.00元", msg: "480000.00"},
	{name: "amendment to not a date", mutate: rep(proj, "      - field: opening.place\n        from: 示例市公共资源交易中心开标室\n        to: 示例市公共资源交易中心第二开标室",
		"      - field: bid_deadline\n        from: 2025-05-27 09:30\n        to: 下周一"), code: "date-format", file: proj, at: "to: 下周一"},
	{name: "amendment of a missing contact", mutate: rep(proj, "      - field: opening.place\n        from: 示例市公共资源交易中心开标室",
		"      - field: contacts.2.phone\n        from: 示例市公共资源交易中心开标室"), code: "amendment-field", file: proj, at: "field: contacts.2.phone"},
	{name: "amendment new_deadline disagrees", mutate: rep(proj, "      - field: opening.place\n        from: 示例市公共资源交易中心开标室\n        to: 示例市公共资源交易中心第二开标室",
		"      - field: bid_deadline\n        from: 2025-05-27 09:30\n        to: 2025-05-29 09:30\n    new_deadline: 2025-05-30 09:30"), code: "amendment-change", file: proj, at: "new_deadline:"},
	{name: "amended ceiling bounds the award", mutate: rep(proj, "      - field: opening.place\n        from: 示例市公共资源交易中心开标室\n        to: 示例市公共资源交易中心第二开标室",
		"      - field: ceiling\n        from: 500000\n        to: 40万元"), code: "budget-bound", file: proj, at: "amount: 48万元", msg: "最高限价 400000.00"},
	{name: "stage after termination", mutate: func(t *testing.T, f fixture) {
		f[proj] += "termination:\n  published: 2025-06-01\n  reason: 预算调整，项目终止。\n"
	}, code: "stage-order", file: proj, at: "decided: 2025-06-03", msg: "终止"},
	{name: "contract without award", mutate: func(t *testing.T, f fixture) {
		s := f[proj]
		i, j := strings.Index(s, "award:\n"), strings.Index(s, "contract:\n")
		f[proj] = s[:i] + s[j:]
	}, code: "stage-order", file: proj, at: "  number:"},

	// Amounts and parties.
	{name: "award over budget", mutate: rep(proj, "amount: 48万元", "amount: 60万元"), code: "budget-bound", file: proj, at: "amount: 60万元", msg: "预算"},
	{name: "contract over ceiling", mutate: all(rep(proj, "  ceiling: 500000", "  ceiling: 450000")), code: "budget-bound", file: proj, at: "amount: 480000", msg: "最高限价"},
	{name: "project over budget line", mutate: rep(budget25, "amount: 100万元", "amount: 10万元"), code: "budget-bound", file: proj, at: "budget: 50万元"},
	{name: "funding differs from its line", mutate: rep(proj, "funding: 一般公共预算", "funding: 彩票公益金"),
		code: "budget-line-mismatch", file: proj, at: "funding:", warn: true},
	{name: "category differs from its line", mutate: all(
		rep("data/catalogue.yaml", "            excluded: true\n", "            excluded: true\n  - code: B\n    name: 社会管理性服务\n    children:\n      - code: B01\n        name: 社区治理\n        children:\n          - code: B0101\n            name: 社区服务\n"),
		rep(proj, "item: A0101", "item: B0101")),
		code: "budget-line-mismatch", file: proj, at: "item: B0101", warn: true},
	{name: "line total warning", mutate: all(copyProject("data/projects/2025/SLS-2025-002.yaml", "SLS-2025-002"), copyProject("data/projects/2025/SLS-2025-003.yaml", "SLS-2025-003")),
		code: "budget-bound", file: budget25, at: "amount: 100万元", warn: true},
	{name: "payments exceed", mutate: rep(proj, "amount: 120000", "amount: 490000"), code: "payments-exceed", file: proj, at: "amount: 490000"},
	{name: "barred provider", mutate: all(
		rep(prov2, "to: 2024-12-31", "to: 2025-12-31"),
		rep(proj, "    - provider: 51530100MJ0000001H", "    - provider: 91530100MA00000033"),
		rep(proj, "  provider: 51530100MJ0000001H", "  provider: 91530100MA00000033")), code: "barred-provider", file: proj, at: "    - provider: 91530100MA00000033"},
	{name: "excluded item", mutate: rep(proj, "item: A0101", "item: A0102"), code: "excluded-item", file: proj, at: "item: A0102"},
	{name: "approval missing", mutate: rep(proj, "method: 公开招标", "method: 邀请招标"), code: "approval-missing", file: proj, at: "method:"},
	{name: "termination of nothing", mutate: set(proj, "id: SLS-2025-001\ntitle: 东城区居家养老服务项目\nbody: mz\nitem: A0101\n"+
		"budget_line: MZ-2025-01\nbudget: 50万元\nfunding: 一般公共预算\nform: 购买项目\nsummary: 居家养老服务。\n"+
		"termination:\n  published: 2025-06-01\n  reason: 预算调整。\n"),
		code: "stage-order", file: proj, at: "  published: 2025-06-01", msg: "终止公告"},
	{name: "single-source ground on a tender", mutate: rep(proj, "method: 公开招标", "method: 公开招标\n  single_source_ground: 唯一供应商"),
		code: "single-source-ground", file: proj, at: "single_source_ground:"},
	{name: "unknown single-source ground", mutate: rep(proj, "method: 公开招标", "method: 单一来源\n  single_source_ground: 独家代理\n  approval:\n    document: 示财采〔2025〕1号\n    date: 2025-04-30"),
		code: "bad-enum", file: proj, at: "single_source_ground:"},
	{name: "unknown intention exemption", mutate: rep(proj, "funding: 一般公共预算", "funding: 一般公共预算\nintention_exempt: 小额采购"),
		code: "bad-enum", file: proj, at: "intention_exempt:"},
	{name: "single-source provider differs", mutate: rep(proj, "method: 公开招标", "method: 单一来源\n  approval:\n    document: 示财采〔2025〕1号\n    date: 2025-04-30"+
		"\nsingle_source_notice:\n  published: 2025-04-20\n  ends: 2025-04-28\n  provider: 91530100MA00000033\n  reason: 唯一\n  expert_opinion: 同意"),
		code: "single-source-provider", file: proj, at: "amount: 48万元"},
	{name: "method other without detail", mutate: rep(proj, "method: 公开招标", "method: 其他\n  approval:\n    document: 示财采〔2025〕1号\n    date: 2025-04-30"),
		code: "missing-field", file: proj, at: "method:", msg: "method_detail"},
	{name: "weights sum", mutate: rep(proj, "weight: 40\n", "weight: 30\n"), code: "weights-sum", file: proj, at: "      - name: 服务质量"},
	{name: "unknown indicator", mutate: rep(proj, "      - name: 服务质量\n        weight: 60\n        score: 52", "      - name: 服务效果\n        weight: 60\n        score: 52"),
		code: "unknown-indicator", file: proj, at: "- name: 服务效果"},
	{name: "contract provider not winner", mutate: rep(proj, "  provider: 51530100MJ0000001H\n  amount: 480000", "  provider: 91530100MA00000033\n  amount: 480000"),
		code: "contract-provider", file: proj, at: "  provider: 91530100MA00000033"},
	{name: "calendar date outside year", mutate: rep(cal25, "to: 2025-10-08", "to: 2026-10-08"), code: "calendar-year", file: cal25, at: "to: 2026-10-08"},

	// Personal data, Markdown safety.
	{name: "ID number in markdown", mutate: rep(proj, "  - 助洁", "  - 助洁（联系人身份证 11010519491231002X）"), code: "personal-data", file: proj, at: "11010519491231002X", msg: "居民身份证"},
	{name: "mobile in contact", mutate: rep(site, "phone: 0871-12345678", "phone: 138 1234 5678"), code: "personal-data", file: site, at: "138 1234 5678", msg: "手机"},
	{name: "mobile with +86 in experts", mutate: rep(proj, "experts: [张三, 李四, 王五]", "experts: [张三, \"李四 +86-13912345678\", 王五]"), code: "personal-data", file: proj, at: "13912345678"},
	{name: "bank card in payment", mutate: rep(proj, "for: 第一季度", "for: 第一季度，汇入 4111 1111 1111 1111"), code: "personal-data", file: proj, at: "4111", msg: "银行卡"},
	{name: "full-width ID in title", mutate: rep(proj, "title: 东城区居家养老服务项目", "title: 服务对象身份证１１０１０５１９４９１２３１００２Ｘ"), code: "personal-data", file: proj, at: "１１０", col: true, msg: "110*************2X"},
	{name: "full-width mobile in markdown", mutate: rep(proj, "  - 助洁", "  - 联系人手机１３９１２３４５６７８"), code: "personal-data", file: proj, at: "１３９", col: true, msg: "手机"},
	{name: "ID as character references", mutate: rep(proj, "  - 助洁", "  - 证件&#52;&#52;&#48;&#51;&#48;&#52;199003071234"), code: "personal-data", file: proj, at: "&#52;", col: true},
	{name: "ID with a bad check digit", mutate: rep(proj, "for: 第一季度", "for: 第一季度 110101199003071234"), code: "personal-data", file: proj, at: "110101", col: true},
	{name: "mobile with 0086", mutate: rep(site, "phone: 0871-12345678", "phone: 0086 139-1234-5678"), code: "personal-data", file: site, at: "0086", col: true},
	{name: "19-digit bank card", mutate: rep(proj, "findings: 服务规范。", "findings: 服务规范，退款至 6222 0000 0000 0000 004。"), code: "personal-data", file: proj, at: "6222", col: true, msg: "银行卡"},
	{name: "mobile in provider address", mutate: rep(prov1, "address: 示例市东城区", "address: 示例市东城区（13712345678）"), code: "personal-data", file: prov1, at: "13712345678"},
	{name: "raw inline html", mutate: rep(proj, "  - 助餐", "  - <b>助餐</b>"), code: "raw-html", file: proj, at: "<b>"},
	{name: "raw html block", mutate: rep(proj, "  - 助洁\n", "  - 助洁\n\n  <div>附加说明</div>\n"), code: "raw-html", file: proj, at: "<div>"},
	{name: "javascript link", mutate: rep(proj, "    具有独立法人资格。", "    具有独立法人资格，详见[附件](javascript:alert(1))。"), code: "unsafe-link", file: proj, at: "javascript"},
	{name: "link with a character reference", mutate: rep(proj, "    具有独立法人资格。", "    具有独立法人资格，详见[附件](&#106;avascript:alert(1))。"), code: "unsafe-link", file: proj, at: "[附件]", col: true},
	{name: "link with an escaped tab", mutate: rep(proj, "    具有独立法人资格。", "    具有独立法人资格，详见[附件](java&#x09;script:alert(1))。"), code: "unsafe-link", file: proj, at: "[附件]", col: true},
	{name: "file link", mutate: rep(proj, "    具有独立法人资格。", "    具有独立法人资格，详见[附件](file:///etc/passwd)。"), code: "unsafe-link", file: proj, at: "[附件]", col: true},
	{name: "file autolink", mutate: rep(proj, "    具有独立法人资格。", "    具有独立法人资格，详见 <file:///etc/passwd>。"), code: "unsafe-link", file: proj, at: "具有独立法人资格，详见"},
	{name: "data link", mutate: rep(proj, "findings: 服务规范。", "findings: \"[报告](data:text/html;base64,PHNjcmlwdD4=)\""), code: "unsafe-link", file: proj, at: "findings:"},

	// Attachments.
	{name: "attachment leaves with ..", mutate: rep(proj, "path: 2025/SLS-2025-001/call.pdf", "path: ../site.yaml"), code: "attachment-path", file: proj, at: "path:"},
	{name: "attachment not clean", mutate: rep(proj, "path: 2025/SLS-2025-001/call.pdf", "path: 2025/../2025/SLS-2025-001/call.pdf"), code: "attachment-path", file: proj, at: "path:"},
	{name: "attachment absolute", mutate: rep(proj, "path: 2025/SLS-2025-001/call.pdf", "path: /etc/passwd"), code: "attachment-path", file: proj, at: "path:"},
	{name: "attachment via symlink", mutate: rep(proj, "path: 2025/SLS-2025-001/call.pdf", "path: evil.pdf"),
		after: func(t *testing.T, root string) {
			if err := os.Symlink(filepath.Join(root, "data", "site.yaml"), filepath.Join(root, "data", "attachments", "evil.pdf")); err != nil {
				t.Skip("symlinks unavailable:", err)
			}
		}, code: "attachment-path", file: proj, at: "path:", msg: "符号链接"},
	{name: "attachment missing", mutate: rep(proj, "path: 2025/SLS-2025-001/call.pdf", "path: 2025/none.pdf"), code: "attachment-missing", file: proj, at: "path:"},
}

func TestBadInput(t *testing.T) {
	if len(badCases) < 45 {
		t.Fatalf("only %d bad-input cases", len(badCases))
	}
	runBadCases(t, badCases)
}

// runBadCases loads each case's mutated fixture and looks for its diagnostic.
func runBadCases(t *testing.T, cases []badCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validFixture()
			if c.mutate != nil {
				c.mutate(t, f)
			}
			root := f.write(t)
			if c.after != nil {
				c.after(t, root)
			}
			_, diags := Load(root)
			wantLine, wantCol := 0, 0
			if c.at != "" {
				content, ok := f[c.file]
				i := strings.Index(content, c.at)
				if !ok || i < 0 {
					t.Fatalf("test bug: %q not in %s", c.at, c.file)
				}
				wantLine = strings.Count(content[:i], "\n") + 1
				if c.col {
					wantCol = utf8.RuneCountInString(strings.ToValidUTF8(content[strings.LastIndexByte(content[:i], '\n')+1:i], "?")) + 1
				}
			}
			for _, d := range diags {
				if d.Code == c.code && d.File == c.file && d.Line == wantLine && (!c.col || d.Column == wantCol) &&
					strings.Contains(d.Message, c.msg) && (d.Severity == "warning") == c.warn {
					if d.Message == "" || d.English == "" {
						t.Errorf("diagnostic lacks a message: %+v", d)
					}
					return
				}
			}
			t.Errorf("want %s at %s:%d:%d (msg %q, warning %v); got:", c.code, c.file, wantLine, wantCol, c.msg, c.warn)
			for _, d := range diags {
				t.Logf("  %s: %s %s: %s", d.Pos, d.Severity, d.Code, d.Message)
			}
		})
	}
}
