package scaffold

import (
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// field is one key of a scaffolded record: what the clerk sees, with the Chinese comment above it.
type field struct {
	key     string
	comment string // Chinese; printed as "# comment" above the key

	// Exactly one of the following describes the value.
	hint     string  // a placeholder: the value becomes "待填写：hint"
	literal  string  // a real YAML value written as is (e.g. false, a given id)
	markdown string  // a Markdown block placeholder: "|" then "待填写：markdown"
	children []field // a mapping
	list     []field // a list with one mapping item of these fields
	strings  string  // a list with one string placeholder item: "- 待填写：strings"

	// optional fields are written commented out, as an example the clerk can enable.
	optional []string // the commented lines, relative to the key's indent
}

const (
	dateHint     = "日期，格式 2026-06-05"
	datetimeHint = "时间，格式 2026-06-05 09:30"
	moneyHint    = "金额（元），例如 290000 或 29万元"
)

func oneOf(vs []string) string { return strings.Join(vs, " | ") }

var (
	publishedField = field{key: "published", comment: "公告发布日期（网站在这一天公开本阶段；格式 2026-06-05）", hint: "发布日期，格式 2026-06-05"}
	contactFields  = []field{
		{key: "name", comment: "联系人或科室，例如 社会组织管理科 王老师", hint: "联系人"},
		{key: "phone", comment: "办公电话，例如 0871-12345678（不得填写个人手机号）", hint: "办公电话"},
	}
	periodFields = []field{
		{key: "from", comment: "服务期开始日期", hint: dateHint},
		{key: "to", comment: "服务期结束日期", hint: dateHint},
	}
)

// projectFields are the top-level fields of a project, in the order the file shows them.
// id and body may be given by the caller (see Project).
func projectFields(id, body string) []field {
	idField := field{key: "id", comment: "项目编号：全市唯一，与文件名相同，只用字母、数字和连字符，例如 MZJ-2026-001", hint: "项目编号"}
	if id != "" {
		idField.hint, idField.literal = "", quote(id)
	}
	bodyField := field{key: "body", comment: "购买主体编号：data/bodies.yaml 中的 id，例如 mzj", hint: "购买主体编号"}
	if body != "" {
		bodyField.hint, bodyField.literal = "", quote(body)
	}
	return []field{
		idField,
		{key: "title", comment: "项目名称，例如 2026年示例市社区居家养老服务项目", hint: "项目名称"},
		bodyField,
		{key: "item", comment: "指导目录编码（项）：data/catalogue.yaml 中第三级的 code，例如 A0101", hint: "指导目录编码"},
		{key: "budget_line", comment: "预算项目编号：data/budgets/<年度>.yaml 中的 id", hint: "预算项目编号"},
		{key: "budget", comment: "项目预算金额（元），例如 290000 或 29万元", hint: moneyHint},
		{key: "funding", comment: "资金来源：" + oneOf(records.FundingSources), hint: "资金来源"},
		{key: "form", comment: "购买形式：" + oneOf(records.PurchaseForms), hint: "购买形式",
			optional: []string{
				"# 依财库〔2020〕10号免于公开采购意向的，写明情形（" + oneOf(records.IntentionExemptions) + "），项目页会显示该声明：",
				"# intention_exempt: 框架协议采购",
			}},
		{key: "summary", comment: "采购需求概况（Markdown）", markdown: "采购需求概况"},
		{key: "legal_basis", comment: "政策依据：文件编号和标题，可列多条", list: []field{
			{key: "number", comment: "文件编号，例如 云财教〔2017〕418号", hint: "文件编号"},
			{key: "title", comment: "文件标题", hint: "文件标题"},
		}},
	}
}

// stage is one step of a project's life that `generator new <stage>` can add.
type stage struct {
	name    string // the command-line name, e.g. "amendment"
	key     string // the top-level yaml key, e.g. "amendments"
	title   string // Chinese title, used in the header comment
	isList  bool   // the key holds a list; each `new` adds one item
	fields  []field
	comment string // extra advice printed in the header
}

// stages in lifecycle order; the order decides where a new stage is inserted in a file.
var stages = []stage{
	{name: "intention", key: "intention", title: "采购意向", fields: []field{
		publishedField,
		{key: "expected_month", comment: "预计采购月份，格式 2026-06", hint: "预计采购月份，格式 2026-06"},
		{key: "demand", comment: "采购需求概况（Markdown）", markdown: "采购需求概况"},
		{key: "budget", comment: "预算金额（元），例如 290000 或 29万元", hint: moneyHint},
	}},
	{name: "single_source_notice", key: "single_source_notice", title: "单一来源公示",
		comment: "采用单一来源方式前须先向社会公示", fields: []field{
			publishedField,
			{key: "ends", comment: "公示截止日期", hint: dateHint},
			{key: "provider", comment: "拟定承接主体的统一社会信用代码（data/providers/ 中的文件名）", hint: "统一社会信用代码"},
			{key: "reason", comment: "只能从唯一承接主体购买的理由（Markdown）", markdown: "单一来源理由"},
			{key: "expert_opinion", comment: "专家论证意见（Markdown）", markdown: "专家论证意见"},
			{key: "experts", comment: "论证专家姓名（只写姓名，不写身份证号或手机号）", strings: "专家姓名"},
		}},
	{name: "call", key: "call", title: "采购公告", fields: []field{
		publishedField,
		{key: "method", comment: "采购方式：" + oneOf(records.Methods), hint: "采购方式",
			optional: []string{
				"# 采购方式为“其他”时说明具体方式：",
				"# method_detail: 框架协议采购",
				"# 单一来源的理由：唯一供应商 / 紧急情况 / 添购（政府采购法第三十一条第一至三项；不填视为唯一供应商）。",
				"# 达到公开招标数额标准（site.yaml open_tender_threshold）且为唯一供应商的，须先进行单一来源公示：",
				"# single_source_ground: 唯一供应商",
				"# 公开招标以外的方式须填写财政部门批准文件：",
				"# approval:",
				"#   document: 示例财采〔2026〕1号",
				"#   date: 2026-05-20",
			}},
		{key: "documents_from", comment: "获取采购文件开始日期", hint: dateHint},
		{key: "documents_to", comment: "获取采购文件截止日期", hint: dateHint},
		{key: "documents_at", comment: "获取采购文件的地点或网址", hint: "获取采购文件地点"},
		{key: "bid_deadline", comment: "投标（响应）截止时间，格式 2026-06-05 09:30（北京时间）", hint: datetimeHint},
		{key: "opening", comment: "开标时间和地点", children: []field{
			{key: "time", comment: "开标时间，格式 2026-06-05 09:30", hint: datetimeHint},
			{key: "place", comment: "开标地点", hint: "开标地点"},
		}},
		{key: "ceiling", comment: "最高限价（元）；未设最高限价写 0", hint: moneyHint},
		{key: "conditions", comment: "承接主体条件（Markdown）", markdown: "承接主体应当具备的条件"},
		{key: "service", comment: "购买的服务", children: []field{
			{key: "scope", comment: "服务范围", hint: "服务范围"},
			{key: "quantity", comment: "服务数量，例如 服务老年人 300 名", hint: "服务数量"},
			{key: "quality", comment: "质量要求", hint: "质量要求"},
			{key: "period", comment: "服务期限", children: periodFields},
			{key: "place", comment: "服务地点", hint: "服务地点"},
		}},
		// Indicators are an example, not placeholders: half-filled weights would add a
		// weights-sum error on top of the placeholder ones.
		{key: "standard", comment: "绩效评价标准：文字说明和（或）评价指标", children: []field{
			{key: "text", comment: "绩效评价标准说明（Markdown）", markdown: "绩效评价标准",
				optional: []string{
					"# 评价指标（可选，可列多条；权重为整数，合计 100）：",
					"# indicators:",
					"#   - name: 服务覆盖率",
					"#     weight: 40",
					"#     description: 实际服务人数占计划人数的比例",
				}},
		}},
		{key: "consortium", comment: "是否接受联合体投标：true 或 false", literal: "false",
			optional: []string{
				"# 委托代理机构时填写：",
				"# agency:",
				"#   name: 示例招标代理有限公司",
				"#   credit_code: 91530100MA6K000000",
				"#   contact:",
				"#     name: 项目部",
				"#     phone: 0871-12345678",
			}},
		{key: "contacts", comment: "采购人联系方式，可列多条", list: contactFields},
		{key: "documents", comment: "采购文件：data/attachments/ 下的文件，可列多条", list: []field{
			{key: "title", comment: "文件标题", hint: "文件标题"},
			{key: "path", comment: "相对 data/attachments/ 的路径，例如 2026/MZJ-2026-001/采购文件.pdf", hint: "附件路径"},
		}},
	}},
	{name: "amendment", key: "amendments", title: "更正公告", isList: true, fields: []field{
		publishedField,
		{key: "changes", comment: "更正事项，可列多条", list: []field{
			{key: "field", comment: "更正的字段，例如 bid_deadline（投标截止时间）、opening.place（开标地点）、ceiling（最高限价）", hint: "更正字段"},
			{key: "from", comment: "更正前的内容，须与当时有效的内容一致", hint: "原内容"},
			{key: "to", comment: "更正后内容", hint: "更正后内容"},
		}},
		{key: "reason", comment: "更正理由", hint: "更正理由",
			optional: []string{
				"# 投标截止时间改变时填写新的截止时间：",
				"# new_deadline: 2026-06-12 09:30",
			}},
	}},
	{name: "award", key: "award", title: "中标（成交）结果公告", fields: []field{
		{key: "decided", comment: "采购人确认结果的日期", hint: dateHint},
		publishedField,
		{key: "winners", comment: "中标（成交）承接主体及金额，可列多条", list: []field{
			{key: "provider", comment: "统一社会信用代码（data/providers/ 中的文件名）", hint: "统一社会信用代码"},
			{key: "amount", comment: "中标（成交）金额（元）", hint: moneyHint},
		}},
		{key: "bids", comment: "收到的投标（响应）文件数（整数）", hint: "投标数"},
		{key: "experts", comment: "评审专家名单（只写姓名）", strings: "专家姓名",
			optional: []string{
				"# 公布评审得分或排名时填写：",
				"# scores:",
				"#   - bidder: 示例社会工作服务中心",
				"#     score: 92.5",
				"#     rank: 1",
				"# 代理服务费（元）：",
				"# agency_fee: 5000",
			}},
	}},
	{name: "contract", key: "contract", title: "合同公告", fields: []field{
		{key: "number", comment: "合同编号", hint: "合同编号"},
		{key: "signed", comment: "合同签订日期", hint: dateHint},
		publishedField,
		{key: "provider", comment: "承接主体统一社会信用代码", hint: "统一社会信用代码"},
		{key: "amount", comment: "合同金额（元）", hint: moneyHint},
		{key: "subject", comment: "合同标的", hint: "合同标的"},
		{key: "scope", comment: "服务范围", hint: "服务范围"},
		{key: "quantity", comment: "服务数量", hint: "服务数量"},
		{key: "quality", comment: "质量要求", hint: "质量要求"},
		{key: "period", comment: "服务期限", children: periodFields},
		{key: "place", comment: "服务地点", hint: "服务地点"},
		{key: "payment_method", comment: "资金支付方式，例如 按季度考核后支付", hint: "资金支付方式"},
		{key: "obligations", comment: "双方权利义务（Markdown）", markdown: "权利义务"},
		{key: "liability", comment: "违约责任（Markdown）", markdown: "违约责任"},
		{key: "document", comment: "合同文本：data/attachments/ 下的文件", children: []field{
			{key: "title", comment: "文件标题", hint: "文件标题"},
			{key: "path", comment: "相对 data/attachments/ 的路径", hint: "附件路径"},
		}},
	}},
	{name: "payment", key: "payments", title: "经费兑付", isList: true, fields: []field{
		{key: "date", comment: "支付日期", hint: dateHint},
		{key: "amount", comment: "支付金额（元）", hint: moneyHint},
		{key: "for", comment: "支付事项，例如 第一季度服务费（中期评估合格后）", hint: "支付事项"},
	}},
	{name: "evaluation", key: "evaluations", title: "绩效评价（验收）", isList: true, fields: []field{
		{key: "kind", comment: "评价类型：" + oneOf(records.EvaluationKinds), hint: "评价类型"},
		{key: "date", comment: "评价日期", hint: dateHint},
		publishedField,
		{key: "evaluator", comment: "评价主体", children: []field{
			{key: "kind", comment: "评价主体类型：" + oneOf(records.EvaluatorKinds), hint: "评价主体类型"},
			{key: "name", comment: "评价主体名称", hint: "评价主体名称"},
		}},
		{key: "score", comment: "总分（0–100）", hint: "总分"},
		{key: "grade", comment: "等次：" + oneOf(records.Grades), hint: "等次"},
		{key: "findings", comment: "评价发现（Markdown）", markdown: "评价发现",
			optional: []string{
				"# 各指标得分（采购公告列有评价指标时填写，指标名称与公告一致）：",
				"# indicators:",
				"#   - name: 服务覆盖率",
				"#     weight: 40",
				"#     score: 36",
				"# 评价不合格时的处理：" + oneOf(records.Consequences) + "；取消承接资格须写明期限",
				"# consequence:",
				"#   kind: 整改意见",
				"#   detail: 限期一个月整改",
				"#   from: 2026-12-01",
				"#   to: 2027-11-30",
			}},
	}},
	{name: "termination", key: "termination", title: "终止公告", fields: []field{
		publishedField,
		{key: "reason", comment: "终止理由（Markdown）", markdown: "终止理由"},
	}},
}

// Stages lists the stage names `generator new` accepts, in lifecycle order.
func Stages() []string {
	out := make([]string, len(stages))
	for i, s := range stages {
		out[i] = s.name
	}
	return out
}

func lookupStage(name string) (stage, int, bool) {
	for i, s := range stages {
		if s.name == name || s.key == name {
			return s, i, true
		}
	}
	return stage{}, 0, false
}
