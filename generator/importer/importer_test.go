package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai/gongkai/generator/records"
)

// sampleCopy copies the repository's sample data/ into a fresh site root.
func sampleCopy(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "data"), os.DirFS("../../data")); err != nil {
		t.Fatal(err)
	}
	return root
}

// workbook builds a register as a clerk keeps it: a titled sheet, dates as real Excel dates in
// the default display format, an amount column in 万元, a column nobody maps, an empty row.
func workbook(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "项目台账"); err != nil {
		t.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: the display must not matter
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if v == nil {
				continue
			}
			if err := f.SetCellValue("项目台账", cell, v); err != nil {
				t.Fatal(err)
			}
			if _, isTime := v.(time.Time); isTime {
				f.SetCellStyle("项目台账", cell, cell, dateStyle)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "台账.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

var header = []any{"项目编号", "项目名称", "购买主体", "指导目录编码", "预算项目编号", "预算金额（万元）", "资金来源", "购买形式", "项目概况",
	"政策依据文号", "政策依据", "采购意向公开日期", "预计采购月份", "采购需求", "意向预算", "备注"}

func TestImportWorkbook(t *testing.T) {
	root := sampleCopy(t)
	existing := filepath.Join(root, "data", "projects", "2026", "SLS-MZ-2026-001.yaml")
	before, err := os.ReadFile(existing)
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	path := workbook(t, [][]any{
		header,
		// Every field of the project and its intention: numbered by site.yaml's id_pattern.
		{nil, "东城区老年助餐服务", "示例市民政局", "A0301", "2026-mz-01", 5, "一般公共预算", "购买项目", "为东城区老人提供助餐服务。",
			"云财教〔2017〕418号", "政策依据文件", published, "2026年8月", "助餐服务。", 50000, "旧台账第 7 行"},
		// Only a title, a body by id and a year in the id: the rest is left as placeholders.
		{"SLS-JY-2025-101", "课后服务", "jyj"},
		{},
		// An id the repository already has: never overwritten.
		{"SLS-MZ-2026-001", "覆盖测试", "mz"},
	})
	rep, err := Import(root, path, DefaultMapping())
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Unused; !slices.Equal(got, []string{"备注"}) {
		t.Errorf("unused columns = %v, want [备注]", got)
	}
	if len(rep.Rows) != 3 || rep.Rows[0].Line != 2 || rep.Rows[1].Line != 3 || rep.Rows[2].Line != 5 {
		t.Fatalf("rows = %+v", rep.Rows)
	}
	full, partial, dup := rep.Rows[0], rep.Rows[1], rep.Rows[2]
	if full.File != "data/projects/2026/SLS-MZ-2026-009.yaml" || len(full.Missing) != 0 {
		t.Errorf("full row: %s", full.String("zh"))
	}
	if partial.File != "data/projects/2025/SLS-JY-2025-101.yaml" || !slices.Contains(partial.Missing, "item") || slices.Contains(partial.Missing, "title") {
		t.Errorf("partial row: %s", partial.String("zh"))
	}
	if dup.Skipped == nil || dup.File != "" || !strings.Contains(dup.String("zh"), "不会覆盖") || !strings.Contains(dup.String("en"), "not overwriting") {
		t.Errorf("duplicate row: %s", dup.String("zh"))
	}
	if after, _ := os.ReadFile(existing); !bytes.Equal(before, after) {
		t.Error("an existing project file was changed")
	}

	// The loader's view of what was written: the complete row has no problem at all, the partial
	// one exactly the placeholders the report listed.
	ds, diags := records.Load(root)
	perFile := map[string][]string{}
	for _, d := range diags {
		if d.Severity == "error" {
			perFile[d.File] = append(perFile[d.File], d.Code+": "+d.Message)
		}
	}
	if got := perFile[full.File]; len(got) != 0 {
		t.Errorf("%s has errors:\n%s", full.File, strings.Join(got, "\n"))
	}
	got := perFile[partial.File]
	if len(got) != len(partial.Missing) {
		t.Errorf("%s: check reports %d errors, the import listed %d missing fields\n%s", partial.File, len(got), len(partial.Missing), strings.Join(got, "\n"))
	}
	for _, e := range got {
		if !strings.HasPrefix(e, "placeholder: ") {
			t.Errorf("%s: not a placeholder: %s", partial.File, e)
		}
	}
	for f, errs := range perFile {
		if f != full.File && f != partial.File {
			t.Errorf("errors in a file the import did not write: %s: %v", f, errs)
		}
	}
	p := ds.Index.Project["SLS-MZ-2026-009"]
	if p == nil {
		t.Fatal("the imported project is not in the dataset")
	}
	if p.Budget != 5*10000*100 || p.Intention.Budget != 50000*100 {
		t.Errorf("amounts: budget %s (want 5万元 from the 万元 column), intention %s", p.Budget.Yuan(), p.Intention.Budget.Yuan())
	}
	if p.Intention.Published != records.NewDate(2026, 3, 2) || p.Intention.ExpectedMonth != "2026-08" {
		t.Errorf("dates: published %v (the Excel date cell), month %q", p.Intention.Published, p.Intention.ExpectedMonth)
	}
	if p.Body != "mz" {
		t.Errorf("body %q: the name 示例市民政局 should become its id", p.Body)
	}
}

// TestImportCSV reads a register saved by Excel on a Chinese Windows: GB18030, no BOM; and
// a mapping file whose header row is the second.
func TestImportCSV(t *testing.T) {
	root := sampleCopy(t)
	text := "2025年项目台账,,\n编号,名称,单位\nSLS-SF-2025-201,社区矫正服务,sfj\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "台账.csv")
	os.WriteFile(csvPath, []byte(gbk), 0o644)
	mapPath := filepath.Join(dir, "映射.yaml")
	os.WriteFile(mapPath, []byte("header_row: 2\ncolumns:\n  编号: id\n  名称: title\n  单位: body\n"), 0o644)
	m, err := ReadMapping(mapPath)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Import(root, csvPath, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].File != "data/projects/2025/SLS-SF-2025-201.yaml" {
		t.Fatalf("rows = %+v", rep.Rows)
	}
	ds, _ := records.Load(root)
	if p := ds.Index.Project["SLS-SF-2025-201"]; p == nil || p.Title != "社区矫正服务" || p.Body != "sfj" {
		t.Errorf("project = %+v", p)
	}
}

func TestMappingRefusesUnknownFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.yaml")
	os.WriteFile(path, []byte("columns:\n  名称: titel\n  金额: call.budget\n  编号: id\n"), 0o644)
	_, err := ReadMapping(path)
	e, ok := err.(*Error)
	if !ok || !strings.Contains(e.Message, "名称: titel") || !strings.Contains(e.Message, "金额: call.budget") || strings.Contains(e.Message, "编号") || e.English == "" {
		t.Errorf("err = %v", err)
	}
	// The default mapping names only fields that exist.
	os.WriteFile(path, DefaultMappingFile(), 0o644)
	if m, err := ReadMapping(path); err != nil || len(m.Columns) != len(defaultColumns) {
		t.Errorf("default mapping file: %v (%d columns)", err, len(m.Columns))
	}
}

func TestNormalizeValue(t *testing.T) {
	for _, c := range []struct{ in, kind, want string }{
		{"2025/6/5", "date", "2025-06-05"},
		{"2025年6月5日", "date", "2025-06-05"},
		{"2025.06.05", "date", "2025-06-05"},
		{"45813", "date", "2025-06-05"}, // Excel's serial of 2025-06-05
		{"45813.395833333336", "datetime", "2025-06-05 09:30"},
		{"2025/6/5 9:30", "datetime", "2025-06-05 09:30"},
		{"2025/6/5", "datetime", "2025/6/5"}, // a deadline without its time is left for check to ask
		{"2025年5月", "month", "2025-05"},
		{"2025-02-30", "date", "2025-02-30"}, // not a day: written as it is, check reports it
		{"明年", "date", "明年"},
		{"2025年5月", "date", "2025年5月"}, // no day: not guessed
	} {
		if got := normalizeValue(c.in, c.kind, false); got != c.want {
			t.Errorf("normalizeValue(%q, %s) = %q, want %q", c.in, c.kind, got, c.want)
		}
	}
	if got := normalizeValue("12.5", "money", true); got != "12.5万元" {
		t.Errorf("万元 column: %q", got)
	}
	if got := normalizeValue("120000", "money", false); got != "120000" {
		t.Errorf("元 column: %q", got)
	}
}

func TestGroupPaths(t *testing.T) {
	got := groupPaths([]string{"item", "summary", "legal_basis.number", "legal_basis.title", "call.method", "call.service.scope"}, "; ")
	if want := "item, summary; legal_basis: number, title; call: method, service.scope"; got != want {
		t.Errorf("groupPaths = %q, want %q", got, want)
	}
}
