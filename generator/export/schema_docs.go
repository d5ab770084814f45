package export

import "github.com/gongkai/gongkai/generator/records"

// Chinese descriptions of the data format, keyed by model type name and "Type.yaml_key". A test
// checks that every field of every data file has one and that no entry names a field that does
// not exist, so this table cannot silently fall behind model.go.

// fieldDoc documents one key; enum, pattern, format and bounds refine its schema.
type fieldDoc struct {
	zh       string
	enum     []string
	pattern  string
	format   string
	min, max *float64
}

func bound(f float64) *float64 { return &f }

func doc(zh string) fieldDoc { return fieldDoc{zh: zh} }

func enumDoc(zh string, values []string) fieldDoc { return fieldDoc{zh: zh, enum: values} }

func patternDoc(zh, pattern string) fieldDoc { return fieldDoc{zh: zh, pattern: pattern} }

func creditCodeDoc(zh string) fieldDoc {
	return fieldDoc{zh: zh + "（统一社会信用代码，18 位，校验位由 generator check 核对）", pattern: records.CreditCodePattern}
}

var typeDocs = map[string]string{
	"Site":               "站点设置：发布单位、地区、网址、OCDS 前缀、联系方式、数据许可",
	"Contact":            "公开的办公联系方式（不得填写个人手机号）",
	"bodiesFile":         "购买主体名单",
	"Body":               "购买主体",
	"Provider":           "承接主体，一个文件一个，文件名为统一社会信用代码",
	"Sanction":           "不良记录或取消承接资格的期间",
	"Catalogue":          "政府购买服务指导目录：类 → 款 → 项",
	"CatalogueNode":      "指导目录的一级（类、款或项）",
	"BudgetYear":         "一个年度的政府购买服务预算",
	"BodyBudget":         "一个购买主体的预算项目",
	"BudgetLine":         "一条政府购买服务预算",
	"Calendar":           "一个年度的法定节假日和调休安排",
	"Holiday":            "一段放假日期",
	"LegalDoc":           "政策依据文件",
	"Attachment":         "附件（data/attachments/ 下的文件）",
	"Project":            "购买服务项目：一个项目一个文件，从采购意向到绩效评价",
	"Intention":          "采购意向",
	"SingleSourceNotice": "单一来源公示",
	"Call":               "采购公告",
	"Approval":           "财政部门对非公开招标方式的批准",
	"Opening":            "开启（开标）时间和地点",
	"Service":            "购买的服务",
	"Period":             "期间（起止日期，含当日）",
	"Standard":           "绩效评价标准：文字、指标，或两者",
	"Indicator":          "绩效评价指标",
	"Agency":             "采购代理机构",
	"Amendment":          "更正公告",
	"Change":             "一项更正",
	"Award":              "中标（成交）结果",
	"Winner":             "中标（成交）承接主体及金额",
	"Score":              "公布的评审得分或排名",
	"Contract":           "合同公告",
	"Payment":            "经费兑付",
	"Evaluation":         "绩效评价（验收）",
	"Evaluator":          "评价方",
	"IndicatorScore":     "按采购公告指标的得分",
	"Consequence":        "评价结果的处理",
	"Termination":        "终止公告",
}

var fieldDocs = map[string]fieldDoc{
	"Site.title":                 doc("网站名称，如 示例市政府购买服务信息公开"),
	"Site.publisher":             doc("发布单位，如 示例市财政局"),
	"Site.region":                doc("地区名称，如 示例市"),
	"Site.publisher_credit_code": creditCodeDoc("发布单位的统一社会信用代码，可不填；开放数据（OCDS）以它标识发布者"),
	"Site.region_code":           patternDoc("6 位行政区划代码，写成带引号的字符串，如 \"530100\"", records.RegionCodePattern),
	"Site.base_url":              {zh: "网站地址，如 https://gongkai.example.gov.cn/", pattern: `^https?://`, format: "uri"},
	"Site.ocid_prefix":           patternDoc("OCDS 开放合同标识前缀：ocds- 加 6 位小写字母或数字", records.OCIDPrefixPattern),
	"Site.contact":               doc("网站联系方式"),
	"Site.license":               doc("公开数据的许可协议名称，如 CC BY 4.0"),
	"Site.license_url":           {zh: "许可协议网址", format: "uri"},
	"Site.language":              doc("默认语言，如 zh-CN"),
	"Site.thresholds":            doc("按规则代码覆盖合规规则的期限（天数）"),
	"Site.id_pattern":            patternDoc("新项目的编号规则（generator new project 使用），如 SLS-{body}-{year}-{seq:03}：{body} 为购买主体简称（abbr，未填则为 id）的大写，{year} 为年度，{seq:03} 为 3 位流水号", `^[A-Za-z0-9{}:-]+$`),
	"Site.open_tender_threshold": doc("本地服务类公开招标数额标准，如 200万元；达到该金额、以只能从唯一供应商处采购为由的单一来源采购须先公示（实施条例第三十八条）。不填为 200万元"),
	"Site.history_since":         doc("本仓库成为公开记录的日期，如 2026-12-01：此前已在仓库中的阶段视为导入的旧记录，按声明的发布日期核对，不以仓库历史判断首次公开日期"),

	"Contact.name":    doc("科室或联系人，如 社会组织管理科 王老师"),
	"Contact.phone":   doc("办公电话，如 0871-12345678"),
	"Contact.email":   {zh: "电子邮箱", format: "email"},
	"Contact.address": doc("办公地址"),

	"bodiesFile.bodies": doc("购买主体列表"),

	"Body.id":          patternDoc("简短编号，小写字母、数字和连字符，如 mz", records.BodyIDPattern),
	"Body.name":        doc("名称"),
	"Body.kind":        enumDoc("类型", records.BodyKinds),
	"Body.parent":      patternDoc("上级购买主体的编号（可选）", records.BodyIDPattern),
	"Body.credit_code": creditCodeDoc("统一社会信用代码"),
	"Body.contact":     doc("联系方式"),
	"Body.abbr":        patternDoc("项目编号中的简称（site.yaml 中 id_pattern 的 {body}），如 JY；不填则用 id", `^[A-Za-z0-9]+$`),

	"Provider.credit_code":            creditCodeDoc("统一社会信用代码，须与文件名相同"),
	"Provider.name":                   doc("名称"),
	"Provider.kind":                   enumDoc("类型", records.ProviderKinds),
	"Provider.grade":                  enumDoc("社会组织评估等级（仅社会组织，可选）", records.ProviderGrades),
	"Provider.inspection_years":       {zh: "年检（年报）合格的年度", min: bound(1949), max: bound(2200)},
	"Provider.registration_authority": doc("登记管理机关"),
	"Provider.address":                doc("住所"),
	"Provider.sanctions":              doc("不良记录"),

	"Sanction.from":       doc("起始日期"),
	"Sanction.to":         doc("截止日期"),
	"Sanction.reason":     doc("原因"),
	"Sanction.document":   doc("处理决定文号"),
	"Sanction.decided_by": doc("作出决定的购买主体编号或机关名称"),
	"Sanction.barred":     doc("是否取消承接资格：期间内不得中标"),

	"Catalogue.categories": doc("类（一级）"),

	"CatalogueNode.code":     patternDoc("代码：类 A，款 A01，项 A0101", ItemPattern),
	"CatalogueNode.name":     doc("名称"),
	"CatalogueNode.excluded": doc("禁止购买（应当由政府直接提供）"),
	"CatalogueNode.children": doc("下一级（类下为款，款下为项）"),

	"BudgetYear.year":   {zh: "预算年度，须与文件名相同", min: bound(1949), max: bound(2200)},
	"BudgetYear.bodies": doc("各购买主体的预算"),

	"BodyBudget.body":  patternDoc("购买主体编号", records.BodyIDPattern),
	"BodyBudget.lines": doc("预算项目"),

	"BudgetLine.id":     doc("预算项目编号，各年度间唯一"),
	"BudgetLine.name":   doc("预算项目名称"),
	"BudgetLine.item":   patternDoc("指导目录中的项代码，如 A0101", LeafItemPattern),
	"BudgetLine.amount": doc("预算金额"),
	"BudgetLine.source": enumDoc("资金来源", records.FundingSources),
	"BudgetLine.note":   doc("备注"),

	"Calendar.year":     {zh: "年度，须与文件名相同", min: bound(1949), max: bound(2200)},
	"Calendar.source":   doc("所依据的国务院办公厅通知"),
	"Calendar.holidays": doc("放假安排"),
	"Calendar.workdays": doc("调休上班的日期（通常是周末）"),

	"Holiday.name": doc("节日名称"),
	"Holiday.from": doc("放假首日"),
	"Holiday.to":   doc("放假末日"),

	"LegalDoc.number": doc("文号，如 云财教〔2017〕418号"),
	"LegalDoc.title":  doc("文件标题"),

	"Attachment.title": doc("附件标题"),
	"Attachment.path":  patternDoc("相对于 data/attachments/ 的路径，如 2025/SLS-2025-001/call.pdf", `^[^/\\]`),

	"Project.id":                   patternDoc("项目编号，各年度间唯一，须与文件名相同；字母、数字和连字符", records.ProjectIDPattern),
	"Project.title":                doc("项目名称"),
	"Project.body":                 patternDoc("购买主体编号", records.BodyIDPattern),
	"Project.item":                 patternDoc("指导目录中的项代码，如 A0101", LeafItemPattern),
	"Project.budget_line":          doc("预算项目编号"),
	"Project.budget":               doc("项目预算金额"),
	"Project.funding":              enumDoc("资金来源", records.FundingSources),
	"Project.form":                 enumDoc("购买形式", records.PurchaseForms),
	"Project.summary":              doc("采购需求概况（Markdown）"),
	"Project.legal_basis":          doc("政策依据"),
	"Project.intention_exempt":     enumDoc("免于公开采购意向的情形（财库〔2020〕10号）；填写后不再要求采购意向，项目页显示该声明", records.IntentionExemptions),
	"Project.intention":            doc("采购意向"),
	"Project.single_source_notice": doc("单一来源公示（单一来源采购须先公示）"),
	"Project.call":                 doc("采购公告"),
	"Project.amendments":           doc("更正公告（可多次）"),
	"Project.award":                doc("中标（成交）结果公告"),
	"Project.contract":             doc("合同公告"),
	"Project.payments":             doc("经费兑付"),
	"Project.evaluations":          doc("绩效评价（验收），可多次"),
	"Project.termination":          doc("终止公告"),

	"Intention.published":      doc("发布日期"),
	"Intention.expected_month": patternDoc("预计采购月份，如 2025-06", records.MonthPattern),
	"Intention.demand":         doc("采购需求概况（Markdown）"),
	"Intention.budget":         doc("预算金额"),

	"SingleSourceNotice.published":      doc("发布日期"),
	"SingleSourceNotice.ends":           doc("公示截止日期"),
	"SingleSourceNotice.provider":       creditCodeDoc("拟定承接主体"),
	"SingleSourceNotice.reason":         doc("只能从唯一承接主体购买的理由（Markdown）"),
	"SingleSourceNotice.expert_opinion": doc("专家论证意见（Markdown）"),
	"SingleSourceNotice.experts":        doc("论证专家姓名"),

	"Call.published":            doc("发布日期"),
	"Call.method":               enumDoc("采购方式", records.Methods),
	"Call.method_detail":        doc("采购方式为“其他”时的具体方式"),
	"Call.single_source_ground": enumDoc("单一来源的理由（政府采购法第三十一条）：唯一供应商（第一项）、紧急情况（第二项）、添购（第三项）；不填视为唯一供应商", records.SingleSourceGrounds),
	"Call.approval":             doc("财政部门批准（公开招标以外的方式必填）"),
	"Call.documents_from":       doc("采购文件获取开始日期"),
	"Call.documents_to":         doc("采购文件获取截止日期"),
	"Call.documents_at":         doc("采购文件获取地点或网址"),
	"Call.bid_deadline":         doc("响应文件提交截止时间"),
	"Call.opening":              doc("开启（开标）"),
	"Call.ceiling":              doc("最高限价；不设则不写"),
	"Call.conditions":           doc("承接主体条件（Markdown）"),
	"Call.service":              doc("购买的服务"),
	"Call.standard":             doc("绩效评价标准"),
	"Call.consortium":           doc("是否接受联合体"),
	"Call.agency":               doc("采购代理机构（如有）"),
	"Call.contacts":             doc("联系方式"),
	"Call.documents":            doc("采购文件等附件"),

	"Approval.document": doc("批准文件文号"),
	"Approval.date":     doc("批准日期"),

	"Opening.time":  doc("开启时间"),
	"Opening.place": doc("开启地点"),

	"Service.scope":    doc("服务范围"),
	"Service.quantity": doc("服务数量"),
	"Service.quality":  doc("质量要求"),
	"Service.period":   doc("服务期限"),
	"Service.place":    doc("服务地点"),

	"Period.from": doc("开始日期"),
	"Period.to":   doc("结束日期"),

	"Standard.text":       doc("绩效评价标准（Markdown）"),
	"Standard.indicators": doc("评价指标；给出时权重之和为 100"),

	"Indicator.name":        doc("指标名称"),
	"Indicator.weight":      {zh: "权重（分）", min: bound(0), max: bound(100)},
	"Indicator.description": doc("指标说明"),

	"Agency.name":        doc("名称"),
	"Agency.credit_code": creditCodeDoc("统一社会信用代码"),
	"Agency.contact":     doc("联系方式"),

	"Amendment.published":    doc("发布日期"),
	"Amendment.changes":      doc("更正事项"),
	"Amendment.reason":       doc("更正理由"),
	"Amendment.new_deadline": doc("新的响应截止时间（截止时间未变则不写）"),

	"Change.field": doc("更正的采购公告字段：规范名（如 bid_deadline、opening.place、ceiling、contacts.1.phone）或中文名（如 最高限价），见 README“更正公告”"),
	"Change.from":  doc("更正前有效的内容，须与之一致（按字段类型比较）"),
	"Change.to":    doc("更正为（须能按字段类型读出）"),

	"Award.decided":    doc("采购人确定中标（成交）结果的日期"),
	"Award.published":  doc("发布日期"),
	"Award.winners":    doc("中标（成交）承接主体"),
	"Award.bids":       {zh: "收到的响应文件数量", min: bound(0)},
	"Award.experts":    doc("评审专家姓名（不写身份证号、电话）"),
	"Award.scores":     doc("公布的评审得分或排名"),
	"Award.agency_fee": doc("采购代理服务费"),

	"Winner.provider": creditCodeDoc("承接主体"),
	"Winner.amount":   doc("中标（成交）金额"),

	"Score.bidder": doc("供应商名称（按公布的写）"),
	"Score.score":  {zh: "得分", min: bound(0)},
	"Score.rank":   {zh: "名次", min: bound(0)},

	"Contract.number":         doc("合同编号"),
	"Contract.signed":         doc("签订日期"),
	"Contract.published":      doc("发布日期"),
	"Contract.provider":       creditCodeDoc("承接主体（购买方为项目的购买主体）"),
	"Contract.amount":         doc("合同金额"),
	"Contract.subject":        doc("合同标的"),
	"Contract.scope":          doc("服务范围"),
	"Contract.quantity":       doc("服务数量"),
	"Contract.quality":        doc("质量要求"),
	"Contract.period":         doc("服务期限"),
	"Contract.place":          doc("服务地点"),
	"Contract.payment_method": doc("资金支付方式"),
	"Contract.obligations":    doc("权利义务（Markdown）"),
	"Contract.liability":      doc("违约责任（Markdown）"),
	"Contract.document":       doc("合同文本附件"),

	"Payment.date":   doc("兑付日期"),
	"Payment.amount": doc("兑付金额"),
	"Payment.for":    doc("所兑付的服务节点或评价"),

	"Evaluation.kind":        enumDoc("评价类型", records.EvaluationKinds),
	"Evaluation.date":        doc("评价日期"),
	"Evaluation.published":   doc("发布日期"),
	"Evaluation.evaluator":   doc("评价方"),
	"Evaluation.score":       {zh: "得分（0–100）", min: bound(0), max: bound(100)},
	"Evaluation.grade":       enumDoc("等级", records.Grades),
	"Evaluation.indicators":  doc("按采购公告评价指标的得分"),
	"Evaluation.findings":    doc("评价结论（Markdown）"),
	"Evaluation.consequence": doc("处理（如有）"),

	"Evaluator.kind": enumDoc("评价方类型", records.EvaluatorKinds),
	"Evaluator.name": doc("评价方名称"),

	"IndicatorScore.name":   doc("指标名称，与采购公告中的指标一致"),
	"IndicatorScore.weight": {zh: "权重（分）", min: bound(0), max: bound(100)},
	"IndicatorScore.score":  {zh: "得分", min: bound(0)},

	"Consequence.kind":   enumDoc("处理措施", records.Consequences),
	"Consequence.detail": doc("说明"),
	"Consequence.from":   doc("取消承接资格的起始日期"),
	"Consequence.to":     doc("取消承接资格的截止日期"),

	"Termination.published": doc("发布日期"),
	"Termination.reason":    doc("终止原因（Markdown）"),
}
