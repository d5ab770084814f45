package export

import (
	"sort"
	"strconv"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// Detail tables: what a notice lists (indicators, changes, scores, experts) one item a row,
// keyed by the notice's notice_id, instead of joined into one cell; and the payments table.

// detailTable lists, for each public notice of kind, one row per item.
type detailTable struct {
	name  string // file name without .csv, and the table's key in csv-metadata.json
	title string // Chinese
	kind  records.NoticeKind
	cols  []Column
	rows  func(x *exporter, n records.Notice) [][]string
}

var detailKey = []Column{{"notice_id", "公告编号"}, {"project_id", "项目编号"}}

var detailTables = []detailTable{
	{"call-indicators", "采购公告绩效评价指标", records.KindCall,
		[]Column{{"indicator", "指标名称"}, {"weight", "权重"}, {"description", "指标说明"}},
		func(x *exporter, n records.Notice) (rows [][]string) {
			for _, in := range n.Project.Call.Standard.Indicators {
				rows = append(rows, []string{in.Name, strconv.Itoa(in.Weight), in.Description})
			}
			return rows
		}},
	{"amendment-changes", "更正事项", records.KindAmendment,
		[]Column{{"field", "更正事项"}, {"from", "原内容"}, {"to", "更正为"}},
		func(x *exporter, n records.Notice) (rows [][]string) {
			for _, c := range n.Project.Amendments[n.Index-1].Changes {
				rows = append(rows, []string{c.Field, c.From, c.To})
			}
			return rows
		}},
	{"single-source-experts", "单一来源论证专家", records.KindSingleSource,
		[]Column{{"expert", "专家姓名"}},
		func(x *exporter, n records.Notice) (rows [][]string) {
			for _, e := range n.Project.SingleSource.Experts {
				rows = append(rows, []string{e})
			}
			return rows
		}},
	{"award-experts", "评审专家", records.KindAward,
		[]Column{{"expert", "专家姓名"}},
		func(x *exporter, n records.Notice) (rows [][]string) {
			for _, e := range n.Project.Award.Experts {
				rows = append(rows, []string{e})
			}
			return rows
		}},
	{"award-scores", "评审得分", records.KindAward,
		[]Column{{"bidder", "响应人"}, {"score", "评审得分"}, {"rank", "名次"}},
		func(x *exporter, n records.Notice) (rows [][]string) {
			for _, s := range n.Project.Award.Scores {
				rank := ""
				if s.Rank > 0 {
					rank = strconv.Itoa(s.Rank)
				}
				rows = append(rows, []string{s.Bidder, num(s.Score), rank})
			}
			return rows
		}},
	{"evaluation-indicators", "绩效评价指标得分", records.KindEvaluation,
		[]Column{{"indicator", "指标名称"}, {"weight", "权重"}, {"score", "得分"}},
		func(x *exporter, n records.Notice) (rows [][]string) {
			for _, is := range n.Project.Evaluations[n.Index-1].Indicators {
				rows = append(rows, []string{is.Name, strconv.Itoa(is.Weight), num(is.Score)})
			}
			return rows
		}},
}

// paymentColumns are the payments table's: one row per payment public as of the build.
var paymentColumns = []Column{
	{"project_id", "项目编号"}, {"project_title", "项目名称"}, {"body_id", "购买主体编号"}, {"body_name", "购买主体"},
	{"contract_number", "合同编号"}, {"provider_credit_code", "承接主体统一社会信用代码"}, {"provider_name", "承接主体"},
	{"index", "兑付序号"}, {"date", "兑付日期"}, {"published", "公开日期"}, {"amount_yuan", "兑付金额（元）"},
	{"for", "兑付事项"}, {"url", "项目网址"},
}

// detailCSVTables lists the detail tables and the payments table for CSVTables.
func detailCSVTables() []CSVTable {
	var out []CSVTable
	for _, d := range detailTables {
		cols := append(append([]Column(nil), detailKey...), d.cols...)
		out = append(out, CSVTable{File: links.CSVFile(d.name), Kind: d.name, Title: d.title, Columns: cols})
	}
	return append(out, CSVTable{File: links.CSVFile("payments"), Kind: "payments", Title: "经费兑付", Columns: paymentColumns})
}

// writeDetailCSV writes the detail tables from the notices by kind, each kind already in table
// order (csvOrder), and the payments table.
func (x *exporter) writeDetailCSV(dir string, byKind map[records.NoticeKind][]records.Notice) error {
	for _, d := range detailTables {
		var rows [][]string
		for _, n := range byKind[d.kind] {
			for _, r := range d.rows(x, n) {
				rows = append(rows, append([]string{n.ID(), n.Project.ID}, r...))
			}
		}
		if err := writeCSVFile(dir, links.CSVFile(d.name), headerOf(detailKey, d.cols), rows); err != nil {
			return err
		}
	}
	return writeCSVFile(dir, links.CSVFile("payments"), headerOf(paymentColumns), x.paymentRows())
}

func headerOf(cols ...[]Column) []string {
	var h []string
	for _, cs := range cols {
		for _, c := range cs {
			h = append(h, c.Zh)
		}
	}
	return h
}

// paymentRows are the public payments, by the day they became public, then project and order.
func (x *exporter) paymentRows() [][]string {
	type pay struct {
		public records.Date
		row    []string
	}
	var ps []pay
	for _, p := range x.ds.Projects {
		if p.Contract == nil {
			continue
		}
		notices := p.Notices(x.ds.AsOf)
		for i, py := range p.Payments {
			public, ok := paymentPublic(p, py, notices, x.ds.AsOf)
			if !ok {
				continue
			}
			ps = append(ps, pay{public, []string{
				p.ID, p.Title, p.Body, x.bodyName(p.Body),
				p.Contract.Number, p.Contract.Provider, x.providerName(p.Contract.Provider),
				strconv.Itoa(i + 1), py.Date.String(), public.String(), money(py.Amount),
				py.For, x.abs(links.Project(p.ID)),
			}})
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].public.Before(ps[j].public) })
	rows := make([][]string, len(ps))
	for i, p := range ps {
		rows[i] = p.row
	}
	return rows
}
