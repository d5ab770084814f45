package export

import (
	"fmt"
	"path"

	"github.com/gongkai/gongkai/generator/links"
)

// CSV on the Web (W3C, https://www.w3.org/TR/tabular-metadata/): /data/csv/csv-metadata.json
// describes every table and every column — its key, its titles in Chinese (the header row) and
// English, its datatype, its unit and what it holds — so a reuser's tools read the CSV typed.
// csv-metadata.json is the name CSVW processors look for beside the tables.

// Datatypes (CSVW built-in names, or a base with a format).
var (
	dtString   = "string"
	dtDate     = "date"          // 2025-06-05
	dtDateTime = "dateTimeStamp" // 2025-05-27T09:30:00+08:00
	dtMonth    = "gYearMonth"    // 2025-05
	dtYear     = "gYear"
	dtCount    = "nonNegativeInteger"
	dtDecimal  = "decimal"
	dtURL      = "anyURI"
	dtMoney    = map[string]any{"base": "decimal", "minimum": 0, "format": map[string]any{"pattern": "#0.00"}}
	dtYesNo    = map[string]any{"base": "boolean", "format": "是|否"}
	dtCredit   = map[string]any{"base": "string", "format": `^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$`}
)

// colDoc describes a column key wherever it appears; the Chinese header says which table.
type colDoc struct {
	en       string
	datatype any
	unit     string // schema:unitText, "" when the value has no unit
	desc     string
	required bool // never empty
}

// columnDocs covers every column key of every table (TestCSVMetadataCoversEveryColumn).
var columnDocs = map[string]colDoc{
	// every notice table
	"notice_id":     {"Notice ID", dtString, "", "公告编号：项目编号，更正公告和绩效评价另加序号（-1、-2…）；与公告类型一起唯一确定一条公告，明细表以它关联", true},
	"project_id":    {"Project ID", dtString, "", "项目编号，在本站所有年份中唯一", true},
	"project_title": {"Project title", dtString, "", "项目名称", true},
	"body_id":       {"Purchasing body ID", dtString, "", "购买主体编号（本站 bodies.yaml 中的 id）", true},
	"body_name":     {"Purchasing body", dtString, "", "购买主体名称", true},
	"item_code":     {"Catalogue item code", dtString, "", "政府购买服务指导目录“项”的编码（如 A0101）", false},
	"budget_yuan":   {"Project budget", dtMoney, "元", "项目预算金额，单位元，保留两位小数", false},
	"funding":       {"Funding source", dtString, "", "资金来源：一般公共预算、政府性基金预算、彩票公益金、上级专项资金或其他", false},
	"budget_line":   {"Budget line ID", dtString, "", "项目所用的预算项目编号（budgets.csv 的 line_id）", false},
	"budget_year":   {"Budget year", dtYear, "", "项目计入的预算年度（其预算项目所属年度），各页面和预算执行按它统计", false},
	"published":     {"Published", dtDate, "", "公开日期（北京时间）：公告发布之日；经费兑付为兑付和合同公告都已公开之日", true},
	"url":           {"Web page", dtURL, "", "本站上该公告（经费兑付：该项目）页面的网址", true},
	// intention
	"expected_month":        {"Expected month of purchase", dtMonth, "", "采购意向中预计开展采购的月份", false},
	"intention_budget_yuan": {"Intended budget", dtMoney, "元", "采购意向公开的预算金额，单位元", false},
	"demand":                {"Demand", dtString, "", "采购需求概况（Markdown 原文）", false},
	// single source
	"notice_ends":          {"Notice period ends", dtDate, "", "单一来源公示截止日期", false},
	"provider_credit_code": {"Provider credit code", dtCredit, "", "承接主体的统一社会信用代码（18 位，GB 32100）：单一来源为拟定承接主体，结果公告为中标（成交）承接主体，合同、评价和兑付为签约承接主体", false},
	"provider_name":        {"Provider", dtString, "", "承接主体名称，含义同统一社会信用代码一列", false},
	"reason":               {"Reason", dtString, "", "理由：单一来源理由、更正理由或终止原因（Markdown 原文）", false},
	"expert_opinion":       {"Expert opinion", dtString, "", "单一来源专家论证意见（Markdown 原文）", false},
	// call
	"method":            {"Procurement method", dtString, "", "采购方式：公开招标、邀请招标、竞争性谈判、竞争性磋商、单一来源、询价或其他", false},
	"method_ocds":       {"Procurement method (OCDS)", dtString, "", "OCDS method 代码：open、selective、direct；“其他”为空", false},
	"method_detail":     {"Method detail", dtString, "", "采购方式为“其他”时的说明", false},
	"approval_document": {"Approval document", dtString, "", "采用公开招标以外方式的审批文件文号", false},
	"approval_date":     {"Approval date", dtDate, "", "审批日期", false},
	"documents_from":    {"Documents available from", dtDate, "", "采购文件获取开始日期", false},
	"documents_to":      {"Documents available until", dtDate, "", "采购文件获取截止日期", false},
	"documents_at":      {"Documents available at", dtString, "", "采购文件获取地点或方式", false},
	"bid_deadline":      {"Bid deadline", dtDateTime, "", "响应文件提交截止时间（北京时间 +08:00）", false},
	"opening_time":      {"Opening time", dtDateTime, "", "开标（开启）时间", false},
	"opening_place":     {"Opening place", dtString, "", "开标（开启）地点", false},
	"ceiling_yuan":      {"Ceiling price", dtMoney, "元", "最高限价，单位元；未设最高限价为空", false},
	"service_scope":     {"Service scope", dtString, "", "服务范围", false},
	"service_quantity":  {"Service quantity", dtString, "", "服务数量（文字，如“300 人”）", false},
	"service_quality":   {"Service quality", dtString, "", "服务质量要求", false},
	"service_from":      {"Service period from", dtDate, "", "服务期限起始日", false},
	"service_to":        {"Service period to", dtDate, "", "服务期限截止日（含当日）", false},
	"service_place":     {"Service place", dtString, "", "服务地点", false},
	"consortium":        {"Consortia accepted", dtYesNo, "", "是否接受联合体响应：是 / 否", false},
	"agency_name":       {"Procurement agency", dtString, "", "采购代理机构名称；购买主体自行采购为空", false},
	"conditions":        {"Provider conditions", dtString, "", "承接主体应具备的条件（Markdown 原文）", false},
	"standard":          {"Performance standard", dtString, "", "绩效评价标准的文字说明（Markdown 原文）；指标见 call-indicators.csv", false},
	// amendment, evaluation, payment
	"index":        {"Sequence number", dtCount, "", "同一项目中的序号（第几次更正、第几次评价、第几笔兑付），从 1 开始", true},
	"new_deadline": {"New bid deadline", dtDateTime, "", "更正后的响应截止时间；未变更为空", false},
	// award
	"decided":         {"Award decided", dtDate, "", "确定中标（成交）承接主体的日期", false},
	"amount_yuan":     {"Amount", dtMoney, "元", "金额，单位元，保留两位小数：中标（成交）金额、合同金额、预算金额或兑付金额（见中文表头）", false},
	"bids":            {"Bids received", dtCount, "个", "收到的响应文件数量", false},
	"agency_fee_yuan": {"Agency fee", dtMoney, "元", "代理服务费，单位元；无为空", false},
	// contract
	"contract_number": {"Contract number", dtString, "", "合同编号", false},
	"signed":          {"Contract signed", dtDate, "", "合同签订日期", false},
	"subject":         {"Contract subject", dtString, "", "合同标的", false},
	"scope":           {"Service scope", dtString, "", "合同约定的服务范围", false},
	"quantity":        {"Service quantity", dtString, "", "合同约定的服务数量（文字）", false},
	"quality":         {"Service quality", dtString, "", "合同约定的质量要求", false},
	"period_from":     {"Contract period from", dtDate, "", "合同服务期限起始日", false},
	"period_to":       {"Contract period to", dtDate, "", "合同服务期限截止日（含当日）", false},
	"place":           {"Service place", dtString, "", "合同约定的服务地点", false},
	"payment_method":  {"Payment method", dtString, "", "资金支付方式", false},
	// evaluation
	"kind":               {"Evaluation kind", dtString, "", "评价类型：中期评估、结项验收或第三方评估", false},
	"date":               {"Date", dtDate, "", "评价日期；兑付表为兑付日期", true},
	"evaluator_kind":     {"Evaluator kind", dtString, "", "评价方类型：购买方、服务对象或第三方", false},
	"evaluator_name":     {"Evaluator", dtString, "", "评价方名称", false},
	"score":              {"Score", dtDecimal, "分", "得分：绩效评价总分或指标得分（满分为权重），评审得分为评审委员会给出的综合得分", false},
	"grade":              {"Grade", dtString, "", "评价等级：优秀、良好、合格或不合格", false},
	"findings":           {"Findings", dtString, "", "评价结论（Markdown 原文）", false},
	"consequence":        {"Consequence", dtString, "", "处理措施：整改意见、暂停付款或取消承接资格；无为空", false},
	"consequence_detail": {"Consequence detail", dtString, "", "处理措施的说明", false},
	"consequence_from":   {"Consequence from", dtDate, "", "处理期限起始日", false},
	"consequence_to":     {"Consequence to", dtDate, "", "处理期限截止日（含当日）", false},
	// budgets
	"year":            {"Budget year", dtYear, "", "预算年度", true},
	"line_id":         {"Budget line ID", dtString, "", "预算项目编号，项目文件的 budget_line 引用它", true},
	"name":            {"Budget line", dtString, "", "预算项目名称", false},
	"item_name":       {"Catalogue item", dtString, "", "指导目录“项”的名称", false},
	"projects":        {"Projects", dtCount, "个", "使用该预算项目、截至生成日期已公开的项目数", false},
	"tendered_yuan":   {"Put to tender", dtMoney, "元", "已采购：已发布采购公告的项目预算合计，单位元", false},
	"awarded_yuan":    {"Awarded", dtMoney, "元", "已成交：结果公告中的成交金额合计，单位元", false},
	"contracted_yuan": {"Contracted", dtMoney, "元", "已签合同：合同公告中的合同金额合计，单位元", false},
	"paid_yuan":       {"Paid", dtMoney, "元", "已兑付：截至生成日期已公开的兑付金额合计，单位元", false},
	"source":          {"Funding source", dtString, "", "预算资金来源", false},
	"note":            {"Note", dtString, "", "备注", false},
	// detail tables
	"indicator":   {"Indicator", dtString, "", "绩效评价指标名称；评价中的指标名称与采购公告中的一致", true},
	"weight":      {"Weight", dtCount, "分", "指标权重（同一采购公告的权重合计 100）", false},
	"description": {"Indicator description", dtString, "", "指标说明", false},
	"field":       {"Item changed", dtString, "", "更正的事项（如 opening.place 或文字说明）", false},
	"from":        {"Was", dtString, "", "更正前的内容", false},
	"to":          {"Now", dtString, "", "更正后的内容", false},
	"expert":      {"Expert", dtString, "", "专家姓名（按规定公开）", true},
	"bidder":      {"Bidder", dtString, "", "响应人名称（按公告原文）", true},
	"rank":        {"Rank", dtCount, "", "评审名次，1 为第一名；未公布为空", false},
	"for":         {"Paid for", dtString, "", "兑付对应的服务阶段或事项", false},
}

// tableDocs are each table's English title and description, by CSVTable.Kind.
var tableDocs = map[string][2]string{
	"intention":             {"Procurement intentions", "采购意向，一条公告一行"},
	"single-source":         {"Single-source notices", "单一来源公示，一条公告一行；论证专家见 single-source-experts.csv"},
	"call":                  {"Calls for bids", "采购公告，一条公告一行；绩效评价指标见 call-indicators.csv"},
	"amendment":             {"Amendments", "更正公告，一次更正一行；更正事项见 amendment-changes.csv"},
	"award":                 {"Awards", "中标（成交）结果公告，一个中标（成交）承接主体一行；评审专家和得分见 award-experts.csv、award-scores.csv"},
	"contract":              {"Contracts", "合同公告，一份合同一行"},
	"evaluation":            {"Performance evaluations", "绩效评价，一次评价一行；指标得分见 evaluation-indicators.csv"},
	"termination":           {"Terminations", "终止公告，一条公告一行"},
	"budgets":               {"Budgets", "政府购买服务年度预算，一个预算项目一行"},
	"call-indicators":       {"Call performance indicators", "采购公告中的绩效评价指标，一个指标一行；以 notice_id 关联 call.csv"},
	"amendment-changes":     {"Amendment changes", "更正公告中的更正事项，一项一行；以 notice_id 关联 amendment.csv"},
	"single-source-experts": {"Single-source experts", "单一来源论证专家，一人一行；以 notice_id 关联 single-source.csv"},
	"award-experts":         {"Evaluation committee", "评审专家，一人一行；以 notice_id 关联 award.csv"},
	"award-scores":          {"Bid scores", "评审得分，一个响应人一行；以 notice_id 关联 award.csv"},
	"evaluation-indicators": {"Evaluation indicator scores", "绩效评价的指标得分，一个指标一行；以 notice_id 关联 evaluation.csv"},
	"payments":              {"Payments", "经费兑付，一笔一行，自兑付日期和合同公告都已公开之日起公开；以 project_id 关联其他表"},
}

// CSVW metadata documents.
type csvwMetadata struct {
	Context   []any       `json:"@context"`
	Title     string      `json:"dc:title"`
	Publisher string      `json:"dc:publisher,omitempty"`
	License   string      `json:"dc:license,omitempty"`
	Dialect   csvwDialect `json:"dialect"`
	Tables    []csvwTable `json:"tables"`
}

type csvwDialect struct {
	Encoding        string   `json:"encoding"`
	LineTerminators []string `json:"lineTerminators"`
	Header          bool     `json:"header"`
}

type csvwTable struct {
	URL         string          `json:"url"`
	Title       csvwTitles      `json:"dc:title"`
	Description string          `json:"dc:description"`
	TableSchema csvwTableSchema `json:"tableSchema"`
}

type csvwTableSchema struct {
	Columns []csvwColumn `json:"columns"`
}

// csvwTitles is a natural-language property: the Chinese text and its English translation.
type csvwTitles struct {
	Zh string `json:"zh-Hans"`
	En string `json:"en"`
}

type csvwColumn struct {
	Name        string     `json:"name"`
	Titles      csvwTitles `json:"titles"`
	Datatype    any        `json:"datatype"`
	Required    bool       `json:"required,omitempty"`
	Unit        string     `json:"schema:unitText,omitempty"`
	Description string     `json:"dc:description"`
}

// CSVMetadata is csv-metadata.json for this site's tables; an error names a column or table
// without a description (a developer's omission, caught by the tests).
func (x *exporter) csvMetadata() (*csvwMetadata, error) {
	m := &csvwMetadata{
		Context:   []any{"http://www.w3.org/ns/csvw", map[string]string{"@language": "zh-Hans", "schema": "http://schema.org/"}},
		Title:     x.ds.Site.Title + " — 开放数据表格",
		Publisher: x.ds.Site.Publisher,
		License:   x.ds.Site.LicenseURL,
		Dialect:   csvwDialect{Encoding: "utf-8", LineTerminators: []string{"\r\n"}, Header: true},
	}
	for _, t := range CSVTables() {
		td, ok := tableDocs[t.Kind]
		if !ok {
			return nil, fmt.Errorf("export: CSV table %s has no description in tableDocs", t.Kind)
		}
		ct := csvwTable{
			URL:         path.Base(t.File),
			Title:       csvwTitles{Zh: t.Title, En: td[0]},
			Description: td[1],
		}
		for _, c := range t.Columns {
			d, ok := columnDocs[c.Key]
			if !ok {
				return nil, fmt.Errorf("export: CSV column %s of %s has no description in columnDocs", c.Key, t.Kind)
			}
			ct.TableSchema.Columns = append(ct.TableSchema.Columns, csvwColumn{
				Name: c.Key, Titles: csvwTitles{Zh: c.Zh, En: d.en}, Datatype: d.datatype,
				Required: d.required, Unit: d.unit, Description: d.desc,
			})
		}
		m.Tables = append(m.Tables, ct)
	}
	return m, nil
}

func (x *exporter) writeCSVMetadata(dir string) error {
	m, err := x.csvMetadata()
	if err != nil {
		return err
	}
	return writeJSON(dir, links.CSVMetadata, m)
}
