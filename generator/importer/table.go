package importer

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// readTable reads the rows of a register: the named (or first) sheet of an .xlsx workbook, with
// cell values raw (a date is its serial number, whatever its display format), or a .csv file in
// UTF-8 (with or without BOM) or GB18030, as Excel saves it on a Chinese Windows.
func readTable(path, sheet string) ([][]string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return readWorkbook(path, sheet)
	case ".csv":
		return readCSV(path)
	}
	return nil, errorf("只能导入 .xlsx 或 .csv 文件：%s（.xls 请先在 Excel 中另存为 .xlsx）",
		"only .xlsx and .csv files can be imported: %s (save an .xls as .xlsx first)", path)
}

func readWorkbook(path, sheet string) ([][]string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, errorf("无法打开工作簿 %s：%v", "cannot open the workbook %s: %v", path, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheet == "" && len(sheets) > 0 {
		sheet = sheets[0]
	}
	if !slices.Contains(sheets, sheet) {
		return nil, errorf("工作簿 %s 中没有工作表“%s”；有：%s", "the workbook %s has no sheet %q; it has: %s",
			path, sheet, strings.Join(sheets, "、"))
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, errorf("无法读取工作表“%s”：%v", "cannot read the sheet %q: %v", sheet, err)
	}
	return rows, nil
}

func readCSV(path string) ([][]string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, errorf("无法读取 %s", "cannot read %s", path)
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		if src, err = simplifiedchinese.GB18030.NewDecoder().Bytes(src); err != nil {
			return nil, errorf("%s 既不是 UTF-8 也不是 GB18030 编码", "%s is neither UTF-8 nor GB18030", path)
		}
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1 // registers have ragged rows
	rows, err := r.ReadAll()
	if err != nil {
		return nil, errorf("%s 不是有效的 CSV：%v", "%s is not valid CSV: %v", path, err)
	}
	return rows, nil
}
