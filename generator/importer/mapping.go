// Package importer brings a clerk's existing register (项目台账, an .xlsx workbook or a .csv
// file, one project a row) into the repository: one project file per row, the mapped columns
// filled in, every other field a placeholder that check reports, never overwriting a file.
package importer

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/generator/scaffold"
)

// Mapping says which column of the register fills which field of a project file.
type Mapping struct {
	Sheet     string            `yaml:"sheet"`      // .xlsx: the sheet to read; empty = the first
	HeaderRow int               `yaml:"header_row"` // the row holding the column names, from 1; 0 = 1
	Columns   map[string]string `yaml:"columns"`    // column name → field path (scaffold.FieldPaths), or "year"
}

// YearField is the pseudo field of a column giving the project's year (the folder under
// data/projects/); without one the year is read from the id or the earliest date.
const YearField = "year"

// defaultColumns are the column names registers commonly use, in the order the mapping file
// lists them. Names are compared without spaces and without a unit in brackets, so
// “预算金额（万元）” matches 预算金额 (and its bare numbers are read as 万元).
var defaultColumns = [][2]string{
	{"项目编号", "id"}, {"项目名称", "title"}, {"年度", YearField},
	{"购买主体", "body"}, {"购买主体编号", "body"}, {"采购单位", "body"},
	{"指导目录编码", "item"}, {"目录编码", "item"},
	{"预算项目编号", "budget_line"}, {"预算项目", "budget_line"},
	{"项目预算", "budget"}, {"预算金额", "budget"},
	{"资金来源", "funding"}, {"购买形式", "form"},
	{"项目概况", "summary"}, {"项目简介", "summary"},
	{"政策依据文号", "legal_basis.number"}, {"政策依据", "legal_basis.title"},
	{"采购意向公开日期", "intention.published"}, {"预计采购月份", "intention.expected_month"},
	{"采购需求", "intention.demand"}, {"意向预算", "intention.budget"},
	{"采购公告日期", "call.published"}, {"采购方式", "call.method"},
	{"投标截止时间", "call.bid_deadline"}, {"最高限价", "call.ceiling"},
	{"服务范围", "call.service.scope"}, {"服务数量", "call.service.quantity"},
	{"服务开始日期", "call.service.period.from"}, {"服务结束日期", "call.service.period.to"},
	{"中标确定日期", "award.decided"}, {"结果公告日期", "award.published"},
	{"中标供应商信用代码", "award.winners.provider"}, {"承接主体信用代码", "award.winners.provider"},
	{"中标金额", "award.winners.amount"}, {"成交金额", "award.winners.amount"},
	{"投标数", "award.bids"}, {"评审专家", "award.experts"},
	{"合同编号", "contract.number"}, {"合同签订日期", "contract.signed"},
	{"合同公告日期", "contract.published"}, {"合同承接主体信用代码", "contract.provider"},
	{"合同金额", "contract.amount"}, {"合同标的", "contract.subject"},
}

// DefaultMapping is the mapping used without a mapping file.
func DefaultMapping() Mapping {
	m := Mapping{Columns: map[string]string{}}
	for _, c := range defaultColumns {
		m.Columns[c[0]] = c[1]
	}
	return m
}

// DefaultMappingFile is the text of the default mapping, for a clerk to copy and edit.
func DefaultMappingFile() []byte {
	var b bytes.Buffer
	b.WriteString("# 台账导入的列映射（generator import --mapping 本文件）：左边是台账中的列名，右边是项目文件中的字段。\n")
	b.WriteString("# 列名比较时忽略空格和括号中的单位：“预算金额（万元）”与“预算金额”相同，其中的数字按万元读。\n")
	b.WriteString("# 字段写法见 generator import --fields；year 表示项目年度（data/projects/<年度>/）。\n")
	b.WriteString("# sheet: 项目台账      # 读取的工作表，默认第一个\n# header_row: 1        # 列名所在的行\ncolumns:\n")
	for _, c := range defaultColumns {
		fmt.Fprintf(&b, "  %s: %s\n", c[0], c[1])
	}
	return b.Bytes()
}

// ReadMapping reads a mapping file and checks that every field it names exists.
func ReadMapping(path string) (Mapping, error) {
	var m Mapping
	src, err := os.ReadFile(path)
	if err != nil {
		return m, errorf("无法读取映射文件 %s", "cannot read the mapping file %s", path)
	}
	if err := yaml.Unmarshal(src, &m); err != nil {
		return m, errorf("映射文件 %s 的格式不对：%v", "the mapping file %s is malformed: %v", path, err)
	}
	if len(m.Columns) == 0 {
		return m, errorf("映射文件 %s 中没有 columns:（列名: 字段）", "the mapping file %s has no columns: (column: field)", path)
	}
	known := knownPaths()
	var bad []string
	for col, field := range m.Columns {
		if !slices.Contains(known, field) {
			bad = append(bad, fmt.Sprintf("%s: %s", col, field))
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return m, errorf("映射文件 %s 中的字段不存在：%s（可用字段见 generator import --fields）",
			"the mapping file %s names fields that do not exist: %s (see generator import --fields)", path, strings.Join(bad, "; "))
	}
	return m, nil
}

// knownPaths are the fields a column may fill.
func knownPaths() []string {
	out := []string{YearField}
	for _, f := range scaffold.FieldPaths() {
		out = append(out, f.Path)
	}
	return out
}

// Error is an import failure in Chinese and English.
type Error struct{ Message, English string }

func (e *Error) Error() string { return e.Message + "（" + e.English + "）" }

func errorf(zh, en string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(zh, args...), English: fmt.Sprintf(en, args...)}
}
