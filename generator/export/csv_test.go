package export

import (
	"bytes"
	"encoding/csv"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

func readCSV(t *testing.T, dir, sitePath string) [][]string {
	t.Helper()
	data, err := os.ReadFile(out(dir, sitePath))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Errorf("%s: no UTF-8 byte-order mark", sitePath)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	rows, err := r.ReadAll() // also checks every row has the header's number of fields
	if err != nil {
		t.Fatalf("%s: %v", sitePath, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no header row", sitePath)
	}
	return rows
}

// TestCSVRoundTrip parses every table back and compares it with the model: the header, one row
// per public notice (per winner for awards), every cell as the columns compute it (so quoting of
// commas, quotes and line breaks survives), and amounts exact to the fen.
func TestCSVRoundTrip(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			ds, dir := build(t, s.root)
			x, err := newExporter(ds, Options{})
			if err != nil {
				t.Fatal(err)
			}
			byKind := map[records.NoticeKind][]records.Notice{}
			for _, n := range x.notices() {
				byKind[n.Kind] = append(byKind[n.Kind], n)
			}
			for _, k := range records.NoticeKinds {
				rows := readCSV(t, dir, links.CSV(k))
				cols := noticeColumns(k)
				for i, c := range cols {
					if rows[0][i] != c.Zh {
						t.Errorf("%s header[%d] = %q, want %q", k, i, rows[0][i], c.Zh)
					}
				}
				// Expected rows, keyed by notice id (+ winner), in any order.
				want := map[string][]string{}
				for _, n := range byKind[k] {
					r := row{x: x, n: n, p: n.Project}
					winners := []*records.Winner{nil}
					if k == records.KindAward {
						winners = nil
						for i := range n.Project.Award.Winners {
							winners = append(winners, &n.Project.Award.Winners[i])
						}
					}
					for _, w := range winners {
						r.winner = w
						cells := make([]string, len(cols))
						for i, c := range cols {
							cells[i] = csvCell(c.get(r))
						}
						key := n.ID()
						if w != nil {
							key += "/" + w.Provider
						}
						want[key] = cells
					}
				}
				if len(rows)-1 != len(want) {
					t.Errorf("%s.csv has %d rows, want %d", k, len(rows)-1, len(want))
				}
				for _, got := range rows[1:] {
					key := got[0]
					if k == records.KindAward {
						key += "/" + got[indexOf(cols, "provider_credit_code")]
					}
					w, ok := want[key]
					if !ok {
						t.Errorf("%s.csv: unexpected row %q", k, key)
						continue
					}
					for i := range cols {
						if got[i] != w[i] {
							t.Errorf("%s.csv row %s column %s = %q, want %q", k, key, cols[i].Key, got[i], w[i])
						}
					}
				}
				// Amounts read back to the exact fen.
				if k == records.KindAward {
					amount := indexOf(cols, "amount_yuan")
					for _, got := range rows[1:] {
						p := ds.Index.Project[got[indexOf(cols, "project_id")]]
						m, err := records.ParseMoney(got[amount])
						if err != nil {
							t.Fatalf("award amount %q: %v", got[amount], err)
						}
						found := false
						for _, w := range p.Award.Winners {
							found = found || (w.Provider == got[indexOf(cols, "provider_credit_code")] && w.Amount == m)
						}
						if !found {
							t.Errorf("award.csv: %s amount %s matches no winner", p.ID, got[amount])
						}
					}
				}
			}

			rows := readCSV(t, dir, links.CSVBudgets)
			var lines []*records.BudgetLine
			for _, by := range ds.Budgets {
				for _, bb := range by.Bodies {
					lines = append(lines, bb.Lines...)
				}
			}
			if len(rows)-1 != len(lines) {
				t.Fatalf("budgets.csv has %d rows, want %d", len(rows)-1, len(lines))
			}
			id, amount := budgetIndex("line_id"), budgetIndex("amount_yuan")
			for i, l := range lines {
				got := rows[i+1]
				m, err := records.ParseMoney(got[amount])
				if got[id] != l.ID || err != nil || m != l.Amount {
					t.Errorf("budgets.csv row %d = %s %s, want %s %s", i+1, got[id], got[amount], l.ID, l.Amount.Yuan())
				}
			}
		})
	}
}

func indexOf(cols []column, key string) int {
	for i, c := range cols {
		if c.Key == key {
			return i
		}
	}
	panic("no column " + key)
}

func budgetIndex(key string) int {
	for i, c := range budgetColumns {
		if c.Key == key {
			return i
		}
	}
	panic("no budget column " + key)
}

// TestCSVFormulaInjection: text a spreadsheet would run as a formula is written with a leading
// apostrophe; amounts and other numbers are written as they are.
func TestCSVFormulaInjection(t *testing.T) {
	ds := load(t, fixtureRoot)
	hostile := map[string]string{
		"=HYPERLINK(\"http://x.example/\",\"点击\")": "'=HYPERLINK(\"http://x.example/\",\"点击\")",
		"+1+cmd|' /C calc'!A0":                     "'+1+cmd|' /C calc'!A0",
		"@SUM(1+1)":                                "'@SUM(1+1)",
		"- 助餐\n- 助洁\n":                             "'- 助餐\n- 助洁\n",
		"\t=1+1":                                   "'\t=1+1",
		"-5":                                       "-5", // a number computes nothing
	}
	var texts []string
	for h := range hostile {
		texts = append(texts, h)
	}
	sort.Strings(texts)
	var p *records.Project
	for _, q := range ds.Projects {
		if q.Intention != nil && p == nil {
			p = q
		}
	}
	p.Title, p.Funding = texts[0], texts[1]
	p.Intention.Demand.Source = texts[2]
	l := ds.Budgets[0].Bodies[0].Lines[0]
	l.Note, l.Name = texts[3], texts[4]
	p.Intention.ExpectedMonth = texts[5]
	dir := t.TempDir()
	if err := Write(ds, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, tab := range CSVTables() {
		for _, r := range readCSV(t, dir, tab.File)[1:] {
			for _, cell := range r {
				for h, want := range hostile {
					if cell == want {
						found[h] = true
					}
				}
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !plainNumber(cell) {
					t.Errorf("%s: cell %q would run as a formula", tab.File, cell)
				}
			}
		}
	}
	for _, h := range texts {
		if !found[h] {
			t.Errorf("no cell holds %q written as %q", h, hostile[h])
		}
	}
}

// TestCSVFixtureCells spot-checks cells whose encoding is easy to get wrong.
func TestCSVFixtureCells(t *testing.T) {
	_, dir := build(t, fixtureRoot)
	budgets := readCSV(t, dir, links.CSVBudgets)
	if got := budgets[2][budgetIndex("amount_yuan")]; got != "300000.50" {
		t.Errorf("MZ-2025-02 amount = %q, want 300000.50 (¥300,000.50 exactly)", got)
	}
	if got := budgets[1][budgetIndex("note")]; got != `含上级补助, 另见 "说明"` {
		t.Errorf("note with comma and quotes = %q", got)
	}
	intention := readCSV(t, dir, links.CSV(records.KindIntention))
	cols := noticeColumns(records.KindIntention)
	if got := intention[1][indexOf(cols, "demand")]; got != `居家养老服务，"助餐、助洁"` {
		t.Errorf("demand = %q", got)
	}
	call := readCSV(t, dir, links.CSV(records.KindCall))
	ccols := noticeColumns(records.KindCall)
	var deadlines []string
	for _, r := range call[1:] {
		deadlines = append(deadlines, r[indexOf(ccols, "bid_deadline")]+" "+r[indexOf(ccols, "method_ocds")])
	}
	want := "2025-04-25T10:00:00+08:00 direct|2025-05-27T09:30:00+08:00 open|2025-07-11T09:00:00+08:00 selective|2026-03-23T09:30:00+08:00 selective"
	if strings.Join(deadlines, "|") != want {
		t.Errorf("call rows (by publication date):\n%s\nwant\n%s", strings.Join(deadlines, "|"), want)
	}
}
