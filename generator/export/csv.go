package export

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/figures"
	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// CSV tables: one per notice kind, one of public payments and one of budget lines with their
// execution. UTF-8 with a byte-order mark (so
// spreadsheet programs used in China detect the encoding), CRLF line ends, one header row in
// Chinese. Each column also has a stable English key; csv-metadata.json (csvw.go) describes them.
//
// Values: amounts in yuan with exactly two decimals (records.Money.Yuan), dates ISO 8601
// (2025-06-05), moments RFC 3339 with +08:00, Markdown as written, lists joined with "；".

// Column is one CSV column: its Chinese header and its English key.
type Column struct {
	Key string `json:"key"`
	Zh  string `json:"zh"`
}

// row is what a notice-kind column reads from: one notice, or one winner of an award.
type row struct {
	x      *exporter
	n      records.Notice
	p      *records.Project
	winner *records.Winner
}

type column struct {
	Column
	get func(row) string
}

func col(key, zh string, get func(row) string) column {
	return column{Column{Key: key, Zh: zh}, get}
}

func money(m records.Money) string { return m.Yuan() }

// optMoney is "" for a zero amount that means "not stated" (e.g. no ceiling price).
func optMoney(m records.Money) string {
	if m == 0 {
		return ""
	}
	return m.Yuan()
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// commonColumns start every notice-kind table.
var commonColumns = []column{
	col("notice_id", "公告编号", func(r row) string { return r.n.ID() }),
	col("project_id", "项目编号", func(r row) string { return r.p.ID }),
	col("project_title", "项目名称", func(r row) string { return r.p.Title }),
	col("body_id", "购买主体编号", func(r row) string { return r.p.Body }),
	col("body_name", "购买主体", func(r row) string { return r.x.bodyName(r.p.Body) }),
	col("item_code", "指导目录代码", func(r row) string { return r.p.Item }),
	col("budget_yuan", "项目预算（元）", func(r row) string { return money(r.p.Budget) }),
	col("funding", "资金来源", func(r row) string { return r.p.Funding }),
	col("budget_line", "预算项目编号", func(r row) string { return r.p.BudgetLine }),
	col("budget_year", "预算年度", func(r row) string { return strconv.Itoa(figures.BudgetYear(r.x.ds, r.p)) }),
	col("published", "发布日期", func(r row) string { return r.n.Published.String() }),
	col("url", "公告网址", func(r row) string { return r.x.abs(links.Notice(r.n)) }),
}

// kindColumns follow the common ones, per notice kind.
var kindColumns = map[records.NoticeKind][]column{
	records.KindIntention: {
		col("expected_month", "预计采购月份", func(r row) string { return r.p.Intention.ExpectedMonth }),
		col("intention_budget_yuan", "意向预算（元）", func(r row) string { return money(r.p.Intention.Budget) }),
		col("demand", "采购需求概况", func(r row) string { return r.p.Intention.Demand.Source }),
	},
	records.KindSingleSource: {
		col("notice_ends", "公示截止日期", func(r row) string { return r.p.SingleSource.Ends.String() }),
		col("provider_credit_code", "拟定承接主体统一社会信用代码", func(r row) string { return r.p.SingleSource.Provider }),
		col("provider_name", "拟定承接主体", func(r row) string { return r.x.providerName(r.p.SingleSource.Provider) }),
		col("reason", "单一来源理由", func(r row) string { return r.p.SingleSource.Reason.Source }),
		col("expert_opinion", "专家论证意见", func(r row) string { return r.p.SingleSource.ExpertOpinion.Source }),
	},
	records.KindCall: {
		col("method", "采购方式", func(r row) string { return r.p.Call.Method }),
		col("method_ocds", "采购方式（OCDS）", func(r row) string { return methodCodes[r.p.Call.Method] }),
		col("method_detail", "采购方式说明", func(r row) string { return r.p.Call.MethodDetail }),
		col("approval_document", "审批文件", func(r row) string {
			if a := r.p.Call.Approval; a != nil {
				return a.Document
			}
			return ""
		}),
		col("approval_date", "审批日期", func(r row) string {
			if a := r.p.Call.Approval; a != nil {
				return a.Date.String()
			}
			return ""
		}),
		col("documents_from", "文件获取开始日期", func(r row) string { return r.p.Call.DocumentsFrom.String() }),
		col("documents_to", "文件获取截止日期", func(r row) string { return r.p.Call.DocumentsTo.String() }),
		col("documents_at", "文件获取地点", func(r row) string { return r.p.Call.DocumentsAt }),
		col("bid_deadline", "响应截止时间", func(r row) string { return moment(r.p.Call.BidDeadline) }),
		col("opening_time", "开启时间", func(r row) string { return moment(r.p.Call.Opening.Time) }),
		col("opening_place", "开启地点", func(r row) string { return r.p.Call.Opening.Place }),
		col("ceiling_yuan", "最高限价（元）", func(r row) string { return optMoney(r.p.Call.Ceiling) }),
		col("service_scope", "服务范围", func(r row) string { return r.p.Call.Service.Scope }),
		col("service_quantity", "服务数量", func(r row) string { return r.p.Call.Service.Quantity }),
		col("service_quality", "质量要求", func(r row) string { return r.p.Call.Service.Quality }),
		col("service_from", "服务期限起", func(r row) string { return r.p.Call.Service.Period.From.String() }),
		col("service_to", "服务期限止", func(r row) string { return r.p.Call.Service.Period.To.String() }),
		col("service_place", "服务地点", func(r row) string { return r.p.Call.Service.Place }),
		col("consortium", "接受联合体", func(r row) string { return yesNo(r.p.Call.Consortium) }),
		col("agency_name", "代理机构", func(r row) string {
			if a := r.p.Call.Agency; a != nil {
				return a.Name
			}
			return ""
		}),
		col("conditions", "承接主体条件", func(r row) string { return r.p.Call.Conditions.Source }),
		col("standard", "绩效评价标准", func(r row) string { return r.p.Call.Standard.Text.Source }),
	},
	records.KindAmendment: {
		col("index", "更正序号", func(r row) string { return strconv.Itoa(r.n.Index) }),
		col("reason", "更正理由", func(r row) string { return r.amendment().Reason }),
		col("new_deadline", "新的响应截止时间", func(r row) string { return moment(r.amendment().NewDeadline) }),
	},
	records.KindAward: {
		col("decided", "确定日期", func(r row) string { return r.p.Award.Decided.String() }),
		col("provider_credit_code", "中标（成交）承接主体统一社会信用代码", func(r row) string { return r.winner.Provider }),
		col("provider_name", "中标（成交）承接主体", func(r row) string { return r.x.providerName(r.winner.Provider) }),
		col("amount_yuan", "中标（成交）金额（元）", func(r row) string { return money(r.winner.Amount) }),
		col("bids", "响应文件数量", func(r row) string { return strconv.Itoa(r.p.Award.Bids) }),
		col("agency_fee_yuan", "代理服务费（元）", func(r row) string { return optMoney(r.p.Award.AgencyFee) }),
	},
	records.KindContract: {
		col("contract_number", "合同编号", func(r row) string { return r.p.Contract.Number }),
		col("signed", "签订日期", func(r row) string { return r.p.Contract.Signed.String() }),
		col("provider_credit_code", "承接主体统一社会信用代码", func(r row) string { return r.p.Contract.Provider }),
		col("provider_name", "承接主体", func(r row) string { return r.x.providerName(r.p.Contract.Provider) }),
		col("amount_yuan", "合同金额（元）", func(r row) string { return money(r.p.Contract.Amount) }),
		col("subject", "合同标的", func(r row) string { return r.p.Contract.Subject }),
		col("scope", "服务范围", func(r row) string { return r.p.Contract.Scope }),
		col("quantity", "服务数量", func(r row) string { return r.p.Contract.Quantity }),
		col("quality", "质量要求", func(r row) string { return r.p.Contract.Quality }),
		col("period_from", "服务期限起", func(r row) string { return r.p.Contract.Period.From.String() }),
		col("period_to", "服务期限止", func(r row) string { return r.p.Contract.Period.To.String() }),
		col("place", "服务地点", func(r row) string { return r.p.Contract.Place }),
		col("payment_method", "资金支付方式", func(r row) string { return r.p.Contract.PaymentMethod }),
	},
	records.KindEvaluation: {
		col("index", "评价序号", func(r row) string { return strconv.Itoa(r.n.Index) }),
		col("kind", "评价类型", func(r row) string { return r.evaluation().Kind }),
		col("date", "评价日期", func(r row) string { return r.evaluation().Date.String() }),
		col("evaluator_kind", "评价方类型", func(r row) string { return r.evaluation().Evaluator.Kind }),
		col("evaluator_name", "评价方", func(r row) string { return r.evaluation().Evaluator.Name }),
		col("provider_credit_code", "承接主体统一社会信用代码", func(r row) string { return r.contractProvider() }),
		col("provider_name", "承接主体", func(r row) string {
			if c := r.contractProvider(); c != "" {
				return r.x.providerName(c)
			}
			return ""
		}),
		col("score", "得分", func(r row) string { return num(r.evaluation().Score) }),
		col("grade", "等级", func(r row) string { return r.evaluation().Grade }),
		col("findings", "评价结论", func(r row) string { return r.evaluation().Findings.Source }),
		col("consequence", "处理措施", func(r row) string {
			if c := r.evaluation().Consequence; c != nil {
				return c.Kind
			}
			return ""
		}),
		col("consequence_detail", "处理说明", func(r row) string {
			if c := r.evaluation().Consequence; c != nil {
				return c.Detail
			}
			return ""
		}),
		col("consequence_from", "处理期限起", func(r row) string {
			if c := r.evaluation().Consequence; c != nil {
				return c.From.String()
			}
			return ""
		}),
		col("consequence_to", "处理期限止", func(r row) string {
			if c := r.evaluation().Consequence; c != nil {
				return c.To.String()
			}
			return ""
		}),
	},
	records.KindTermination: {
		col("reason", "终止原因", func(r row) string { return r.p.Termination.Reason.Source }),
	},
}

func (r row) amendment() *records.Amendment   { return r.p.Amendments[r.n.Index-1] }
func (r row) evaluation() *records.Evaluation { return r.p.Evaluations[r.n.Index-1] }

func (r row) contractProvider() string {
	if r.p.Contract != nil {
		return r.p.Contract.Provider
	}
	return ""
}

// budgetRow is one budget line.
type budgetRow struct {
	x    *exporter
	l    *records.BudgetLine
	year int    // of the file, in case the loader left l.Year unset
	body string // likewise l.Body
}

type budgetColumn struct {
	Column
	get func(budgetRow) string
}

var budgetColumns = []budgetColumn{
	{Column{"year", "预算年度"}, func(r budgetRow) string { return strconv.Itoa(r.year) }},
	{Column{"line_id", "预算项目编号"}, func(r budgetRow) string { return r.l.ID }},
	{Column{"body_id", "购买主体编号"}, func(r budgetRow) string { return r.body }},
	{Column{"body_name", "购买主体"}, func(r budgetRow) string { return r.x.bodyName(r.body) }},
	{Column{"name", "预算项目名称"}, func(r budgetRow) string { return r.l.Name }},
	{Column{"item_code", "指导目录代码"}, func(r budgetRow) string { return r.l.Item }},
	{Column{"item_name", "指导目录项目"}, func(r budgetRow) string {
		if n := r.x.ds.Index.Item[r.l.Item]; n != nil {
			return n.Name
		}
		return ""
	}},
	{Column{"amount_yuan", "预算金额（元）"}, func(r budgetRow) string { return money(r.l.Amount) }},
	{Column{"source", "资金来源"}, func(r budgetRow) string { return r.l.Source }},
	{Column{"note", "备注"}, func(r budgetRow) string { return r.l.Note }},
	// The line's execution as of the build date, from package figures like the budget pages.
	{Column{"projects", "项目数"}, func(r budgetRow) string { return strconv.Itoa(r.exec().Projects) }},
	{Column{"tendered_yuan", "已采购（元）"}, func(r budgetRow) string { return money(r.exec().Tendered) }},
	{Column{"awarded_yuan", "已成交（元）"}, func(r budgetRow) string { return money(r.exec().Awarded) }},
	{Column{"contracted_yuan", "已签合同（元）"}, func(r budgetRow) string { return money(r.exec().Contracted) }},
	{Column{"paid_yuan", "已兑付（元）"}, func(r budgetRow) string { return money(r.exec().Paid) }},
}

// exec is the line's figures: its budget and what its public projects put to tender, won,
// contracted and paid.
func (r budgetRow) exec() figures.Amounts {
	if a := r.x.fig.Line[r.l.ID]; a != nil {
		return *a
	}
	return figures.Amounts{}
}

// payRow is one public payment (figures.PublicPayments: the payment rule the pages and the OCDS
// follow too).
type payRow struct {
	x   *exporter
	p   *records.Project
	pay figures.Payment
}

type payColumn struct {
	Column
	get func(payRow) string
}

var paymentColumns = []payColumn{
	{Column{"project_id", "项目编号"}, func(r payRow) string { return r.p.ID }},
	{Column{"project_title", "项目名称"}, func(r payRow) string { return r.p.Title }},
	{Column{"body_id", "购买主体编号"}, func(r payRow) string { return r.p.Body }},
	{Column{"body_name", "购买主体"}, func(r payRow) string { return r.x.bodyName(r.p.Body) }},
	{Column{"item_code", "指导目录代码"}, func(r payRow) string { return r.p.Item }},
	{Column{"funding", "资金来源"}, func(r payRow) string { return r.p.Funding }},
	{Column{"budget_line", "预算项目编号"}, func(r payRow) string { return r.p.BudgetLine }},
	{Column{"budget_year", "预算年度"}, func(r payRow) string { return strconv.Itoa(figures.BudgetYear(r.x.ds, r.p)) }},
	{Column{"contract_number", "合同编号"}, func(r payRow) string { return r.p.Contract.Number }},
	{Column{"provider_credit_code", "收款承接主体统一社会信用代码"}, func(r payRow) string { return r.p.Contract.Provider }},
	{Column{"provider_name", "收款承接主体"}, func(r payRow) string { return r.x.providerName(r.p.Contract.Provider) }},
	{Column{"index", "兑付序号"}, func(r payRow) string { return strconv.Itoa(r.pay.Index) }},
	{Column{"date", "兑付日期"}, func(r payRow) string { return r.pay.Date.String() }},
	{Column{"published", "公开日期"}, func(r payRow) string { return r.pay.Published.String() }},
	{Column{"amount_yuan", "兑付金额（元）"}, func(r payRow) string { return money(r.pay.Amount) }},
	{Column{"for", "兑付事项"}, func(r payRow) string { return r.pay.For }},
	{Column{"url", "项目网址"}, func(r payRow) string { return r.x.abs(links.Project(r.p.ID)) }},
}

// CSVTable is one CSV file and its columns, as csv-metadata.json and the 数据 page list them.
type CSVTable struct {
	File    string   `json:"file"`
	Kind    string   `json:"kind"`
	Title   string   `json:"title"`
	TitleEn string   `json:"title_en"` // from tableDocs, as csv-metadata.json gives it
	Columns []Column `json:"columns"`
}

// CSVTables lists every CSV file with its columns, in a stable order.
func CSVTables() []CSVTable {
	var out []CSVTable
	for _, k := range records.NoticeKinds {
		t := CSVTable{File: links.CSV(k), Kind: string(k), Title: k.Chinese()}
		for _, c := range noticeColumns(k) {
			t.Columns = append(t.Columns, c.Column)
		}
		out = append(out, t)
	}
	t := CSVTable{File: links.CSVPayments, Kind: "payments", Title: "经费兑付"}
	for _, c := range paymentColumns {
		t.Columns = append(t.Columns, c.Column)
	}
	out = append(out, t)
	t = CSVTable{File: links.CSVBudgets, Kind: "budgets", Title: "政府购买服务预算"}
	for _, c := range budgetColumns {
		t.Columns = append(t.Columns, c.Column)
	}
	out = append(append(out, t), detailCSVTables()...)
	for i := range out {
		out[i].TitleEn = tableDocs[out[i].Kind][0]
	}
	return out
}

func noticeColumns(k records.NoticeKind) []column {
	cols := append([]column(nil), commonColumns...)
	return append(cols, kindColumns[k]...)
}

func (x *exporter) writeCSV(dir string) error {
	byKind := map[records.NoticeKind][]records.Notice{}
	for _, n := range x.notices() {
		byKind[n.Kind] = append(byKind[n.Kind], n)
	}
	for _, k := range records.NoticeKinds {
		ns := byKind[k]
		csvOrder(ns)
		if x.reuseFile(dir, links.CSV(k), x.csvAggregate(links.CSV(k), ns)) {
			continue
		}
		cols := noticeColumns(k)
		var rows [][]string
		emit := func(r row) {
			rec := make([]string, len(cols))
			for i, c := range cols {
				rec[i] = c.get(r)
			}
			rows = append(rows, rec)
		}
		for _, n := range ns {
			r := row{x: x, n: n, p: n.Project}
			if k == records.KindAward {
				// One row per winner, so every amount stands in its own cell.
				for i := range n.Project.Award.Winners {
					r.winner = &n.Project.Award.Winners[i]
					emit(r)
				}
				if len(n.Project.Award.Winners) == 0 {
					r.winner = &records.Winner{}
					emit(r)
				}
				continue
			}
			emit(r)
		}
		header := make([]string, len(cols))
		for i, c := range cols {
			header[i] = c.Zh
		}
		if err := writeCSVFile(dir, links.CSV(k), header, rows); err != nil {
			return err
		}
	}

	// The payments: a project's in list order, as figures.PublicPayments makes them public.
	paid := x.aggregate(links.CSVPayments)
	public := make([][]figures.Payment, len(x.ds.Projects))
	for i, p := range x.ds.Projects {
		public[i] = figures.PublicPayments(p, x.ds.AsOf)
		for _, pay := range public[i] {
			paid.add(p.ID, strconv.Itoa(pay.Index))
		}
	}
	if !x.reuseFile(dir, links.CSVPayments, paid) {
		var pays [][]string
		for i, p := range x.ds.Projects {
			for _, pay := range public[i] {
				r := payRow{x: x, p: p, pay: pay}
				rec := make([]string, len(paymentColumns))
				for i, c := range paymentColumns {
					rec[i] = c.get(r)
				}
				pays = append(pays, rec)
			}
		}
		payHeader := make([]string, len(paymentColumns))
		for i, c := range paymentColumns {
			payHeader[i] = c.Zh
		}
		if err := writeCSVFile(dir, links.CSVPayments, payHeader, pays); err != nil {
			return err
		}
	}

	var rows [][]string
	for _, by := range x.ds.Budgets {
		for _, bb := range by.Bodies {
			for _, l := range bb.Lines {
				r := budgetRow{x: x, l: l, year: by.Year, body: bb.Body}
				rec := make([]string, len(budgetColumns))
				for i, c := range budgetColumns {
					rec[i] = c.get(r)
				}
				rows = append(rows, rec)
			}
		}
	}
	header := make([]string, len(budgetColumns))
	for i, c := range budgetColumns {
		header[i] = c.Zh
	}
	if err := writeCSVFile(dir, links.CSVBudgets, header, rows); err != nil {
		return err
	}
	if err := x.writeDetailCSV(dir, byKind); err != nil {
		return err
	}
	return x.writeCSVMetadata(dir)
}

// csvAggregate is the signature of a table of one kind's notices, ns in table order.
func (x *exporter) csvAggregate(table string, ns []records.Notice) *aggregate {
	a := x.aggregate(table)
	for _, n := range ns {
		a.add(n.Project.ID, strconv.Itoa(n.Index))
	}
	return a
}

// csvOrder sorts one kind's notices as its table lists them: oldest first.
func csvOrder(ns []records.Notice) {
	slices.SortStableFunc(ns, func(a, b records.Notice) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		if c := strings.Compare(a.Project.ID, b.Project.ID); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
}

// csvCell keeps a spreadsheet from taking a cell for a formula (OWASP, "CSV injection"): text
// that begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe, which
// spreadsheets hide and which makes the rest plain text. A Markdown list begins with "- ". Plain
// numbers ("-5", written by the exporter or a clerk) compute nothing and are left as they are.
func csvCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || plainNumber(s) {
		return s
	}
	return "'" + s
}

// plainNumber reports an optionally negative decimal number: -12, 3.50.
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			digits++
		case s[i] == '.' && !dot && digits > 0 && i+1 < len(s):
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

func writeCSVFile(dir, sitePath string, header []string, rows [][]string) error {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		return fmt.Errorf("export: %s: %w", sitePath, err)
	}
	for _, r := range rows {
		for i := range r {
			r[i] = csvCell(r[i]) // every table, every text cell: no column can be forgotten
		}
	}
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("export: %s: %w", sitePath, err)
	}
	return writeFile(dir, sitePath, b.Bytes())
}
