package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/scaffold"
)

// Row is what became of one row of the register.
type Row struct {
	Line    int      // the row's number in the sheet, from 1
	ID      string   // the project id, given or numbered
	File    string   // the file written, relative to the root; empty when none was
	Missing []string // the fields left as placeholders, in file order
	Skipped *Error   // why no file was written
}

// Report is what an import did.
type Report struct {
	Rows   []Row
	Unused []string // columns of the register no mapping names, in sheet order
}

// Written counts the files written.
func (r Report) Written() int {
	n := 0
	for _, row := range r.Rows {
		if row.File != "" {
			n++
		}
	}
	return n
}

// column is one mapped column of the register.
type column struct {
	index int
	field string
	kind  string
	wan   bool // the column name gives 万元 as the unit: bare numbers are 万元
}

// Import writes one project file under root for each row of the register at path. A file that
// exists, or an id used in any year, is never overwritten: that row is skipped and says why.
func Import(root, path string, m Mapping) (Report, error) {
	var rep Report
	rows, err := readTable(path, m.Sheet)
	if err != nil {
		return rep, err
	}
	hr := max(m.HeaderRow, 1)
	if len(rows) < hr {
		return rep, errorf("%s 中没有第 %d 行（列名行）", "%s has no row %d (the column names)", path, hr)
	}
	cols, unused := mapColumns(rows[hr-1], m)
	rep.Unused = unused
	if len(cols) == 0 {
		return rep, errorf("台账的列名一个也对不上映射（第 %d 行：%s）；用 --mapping 指定映射文件，generator import --write-mapping 可生成模板",
			"no column name of the register is in the mapping (row %d: %s); give a mapping file with --mapping (generator import --write-mapping writes one)",
			hr, strings.Join(rows[hr-1], "、"))
	}
	st, bodies := records.LoadSettings(root)
	pattern := records.SiteIDPattern(st)
	for i := hr; i < len(rows); i++ {
		row, ok := importRow(root, rows[i], cols, bodies, pattern)
		if !ok {
			continue // an empty row
		}
		row.Line = i + 1
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

// mapColumns finds the mapped columns of the header row; the first column naming a field wins.
func mapColumns(header []string, m Mapping) ([]column, []string) {
	byName := map[string]string{}
	for name, field := range m.Columns {
		key, _ := normalizeHeader(name)
		byName[key] = field
	}
	kinds := map[string]string{}
	for _, f := range scaffold.FieldPaths() {
		kinds[f.Path] = f.Kind
	}
	var cols []column
	var unused []string
	taken := map[string]bool{}
	for i, h := range header {
		key, unit := normalizeHeader(h)
		field, ok := byName[key]
		switch {
		case key == "":
		case !ok:
			unused = append(unused, strings.TrimSpace(h))
		case !taken[field]:
			taken[field] = true
			cols = append(cols, column{index: i, field: field, kind: kinds[field], wan: unit == "万元"})
		default:
			// A second column for the same field: read it when the first is empty.
			cols = append(cols, column{index: i, field: field, kind: kinds[field], wan: unit == "万元"})
		}
	}
	return cols, unused
}

// unitRE is a unit in brackets at the end of a column name: 预算金额（万元）, 金额(元).
var unitRE = regexp.MustCompile(`[（(]([^）)]*)[）)]$`)

// normalizeHeader compares column names without spaces or a bracketed unit, which it returns.
func normalizeHeader(h string) (key, unit string) {
	key = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u3000' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, h)
	if m := unitRE.FindStringSubmatch(key); m != nil {
		key, unit = strings.TrimSuffix(key, m[0]), m[1]
	}
	return key, unit
}

// importRow writes the project file of one row; ok is false for an empty row.
func importRow(root string, cells []string, cols []column, bodies []*records.Body, pattern records.IDPattern) (row Row, ok bool) {
	values := scaffold.Values{}
	for _, c := range cols {
		if c.index >= len(cells) {
			continue
		}
		v := strings.TrimSpace(cells[c.index])
		if v == "" || values[c.field] != "" {
			continue
		}
		values[c.field] = normalizeValue(v, c.kind, c.wan)
	}
	if len(values) == 0 {
		return row, false
	}
	id, bodyText, yearText := values["id"], values["body"], values[YearField]
	delete(values, "id")
	delete(values, "body")
	delete(values, YearField)

	body, code := bodyText, bodyText
	for _, b := range bodies {
		if b.ID == bodyText || b.Name == bodyText {
			body, code = b.ID, b.IDCode()
		}
	}
	year := yearOf(yearText, id, values)
	if year == 0 {
		row.Skipped = errorf("无法确定项目年度：请加“年度”列，或在项目编号或日期中写明年份", "no year: add a 年度 column, or give the year in the id or a date")
		return row, true
	}
	if id == "" {
		if body == "" && pattern.UsesBody() {
			row.Skipped = errorf("没有项目编号，也没有购买主体，无法按编号规则编号", "no id, and no body to number one by the id pattern")
			return row, true
		}
		id = scaffold.NextID(root, pattern, code, year)
	}
	row.ID = id
	rel, missing, err := scaffold.NewProjectFilled(root, scaffold.ProjectOptions{ID: id, Year: year, Body: body}, values)
	if err != nil {
		if e, isScaffold := err.(*scaffold.Error); isScaffold {
			row.Skipped = &Error{Message: e.Message, English: e.English}
		} else {
			row.Skipped = errorf("%v", "%v", err)
		}
		return row, true
	}
	row.File, row.Missing = rel, missing
	return row, true
}

var (
	yearRE     = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)
	dateTextRE = regexp.MustCompile(`^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*(?:[-/.月]\s*([0-9]{1,2})\s*日?|月)?\s*(?:([0-9]{1,2})[:：]([0-9]{2})(?:[:：][0-9]{2})?)?$`)
	numberRE   = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
)

// yearOf is the project's year: the year column, else a year in the id, else the year of the
// earliest date given.
func yearOf(yearText, id string, values scaffold.Values) int {
	if m := yearRE.FindStringSubmatch(yearText); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	if m := yearRE.FindStringSubmatch(id); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	earliest := ""
	for _, f := range scaffold.FieldPaths() {
		if v := values[f.Path]; f.Kind == scaffold.KindDate && len(v) == 10 && (earliest == "" || v < earliest) {
			earliest = v
		}
	}
	if earliest != "" {
		y, _ := strconv.Atoi(earliest[:4])
		return y
	}
	return 0
}

// normalizeValue writes a cell the way the loader reads its field: dates (an Excel serial
// number or 2025/6/5, 2025年6月5日, 2025.6.5) as 2025-06-05, amounts of a 万元 column with their
// unit. What it cannot read is written as it is, and check reports it at its line.
func normalizeValue(v, kind string, wan bool) string {
	switch kind {
	case scaffold.KindDate, scaffold.KindDateTime, scaffold.KindMonth:
		t, hasTime, hasDay, ok := parseDate(v)
		if !ok || !hasDay && kind != scaffold.KindMonth {
			return v // 2025年5月 is no day: written as it is, check asks for one
		}
		switch {
		case kind == scaffold.KindMonth:
			return t.Format("2006-01")
		case kind == scaffold.KindDateTime && hasTime:
			return t.Format("2006-01-02 15:04")
		case kind == scaffold.KindDateTime:
			return v // a deadline needs its time: let check ask for it
		}
		return t.Format("2006-01-02")
	case scaffold.KindMoney:
		if wan && numberRE.MatchString(v) {
			return v + "万元"
		}
	}
	return v
}

// parseDate reads an Excel serial date (with a fraction for the time of day) or a written one.
func parseDate(v string) (t time.Time, hasTime, hasDay, ok bool) {
	if numberRE.MatchString(v) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 1 || f > 2958465 {
			return t, false, false, false
		}
		t, err = excelize.ExcelDateToTime(f, false)
		if err != nil {
			return t, false, false, false
		}
		// Round to the minute: serials carry binary fractions of a day.
		t = t.Round(time.Minute)
		return t, f != math.Trunc(f), true, true
	}
	m := dateTextRE.FindStringSubmatch(v)
	if m == nil {
		return t, false, false, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d := 1
	if m[3] != "" {
		d, _ = strconv.Atoi(m[3])
	}
	h, mi := 0, 0
	if m[4] != "" {
		h, _ = strconv.Atoi(m[4])
		mi, _ = strconv.Atoi(m[5])
	}
	t = time.Date(y, time.Month(mo), d, h, mi, 0, 0, time.UTC)
	if t.Month() != time.Month(mo) || t.Day() != d || h > 23 || mi > 59 {
		return t, false, false, false // 2025-02-30: let check report it as written
	}
	return t, m[4] != "", m[3] != "", true
}

// String is the report line of a row, in lang ("zh" or "en").
func (r Row) String(lang string) string {
	if lang == "en" {
		switch {
		case r.Skipped != nil:
			return fmt.Sprintf("row %d: skipped: %s", r.Line, r.Skipped.English)
		case len(r.Missing) == 0:
			return fmt.Sprintf("row %d → %s: written, complete", r.Line, r.File)
		}
		return fmt.Sprintf("row %d → %s: written; %d fields to fill: %s", r.Line, r.File, len(r.Missing), groupPaths(r.Missing, "; "))
	}
	switch {
	case r.Skipped != nil:
		return fmt.Sprintf("第 %d 行：跳过，%s", r.Line, r.Skipped.Message)
	case len(r.Missing) == 0:
		return fmt.Sprintf("第 %d 行 → %s：已写入，没有缺项", r.Line, r.File)
	}
	return fmt.Sprintf("第 %d 行 → %s：已写入；待填写 %d 项：%s", r.Line, r.File, len(r.Missing), groupPaths(r.Missing, "；"))
}

// groupPaths writes field paths grouped by their stage, in order: "item, summary; call: method,
// service.scope" reads faster than thirty full paths.
func groupPaths(paths []string, sep string) string {
	var groups []string
	last := ""
	for _, p := range paths {
		stage, rest, nested := strings.Cut(p, ".")
		if !nested {
			stage, rest = "", p
		}
		switch {
		case len(groups) > 0 && stage == last:
			groups[len(groups)-1] += ", " + rest
		case stage == "":
			groups = append(groups, rest)
		default:
			groups = append(groups, stage+": "+rest)
		}
		last = stage
	}
	return strings.Join(groups, sep)
}
