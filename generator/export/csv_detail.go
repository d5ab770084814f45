package export

import (
	"strconv"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// Detail tables: what a notice lists (indicators, changes, scores, experts) one item a row,
// keyed by the notice's notice_id, instead of joined into one cell.

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

// detailCSVTables lists the detail tables for CSVTables.
func detailCSVTables() []CSVTable {
	var out []CSVTable
	for _, d := range detailTables {
		cols := append(append([]Column(nil), detailKey...), d.cols...)
		out = append(out, CSVTable{File: links.CSVFile(d.name), Kind: d.name, Title: d.title, Columns: cols})
	}
	return out
}

// writeDetailCSV writes the detail tables from the notices by kind, each kind already in table
// order (csvOrder).
func (x *exporter) writeDetailCSV(dir string, byKind map[records.NoticeKind][]records.Notice) error {
	for _, d := range detailTables {
		if x.reuseFile(dir, links.CSVFile(d.name), x.csvAggregate(links.CSVFile(d.name), byKind[d.kind])) {
			continue
		}
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
	return nil
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
