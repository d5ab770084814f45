package export

import (
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/links"
)

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestCSVMetadataCoversEveryColumn parses csv-metadata.json and every CSV file: each file is one
// table of the metadata and each table a file; the header row is the columns' Chinese titles in
// order; every column has a key, titles in Chinese and English, a datatype and a description;
// and every cell is a value of its column's datatype (empty only where the column may be).
func TestCSVMetadataCoversEveryColumn(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			_, dir := build(t, s.root)
			fs := files(t, dir)
			var meta struct {
				Context []any `json:"@context"`
				Tables  []struct {
					URL         string            `json:"url"`
					Title       map[string]string `json:"dc:title"`
					Description string            `json:"dc:description"`
					TableSchema struct {
						Columns []struct {
							Name        string            `json:"name"`
							Titles      map[string]string `json:"titles"`
							Datatype    any               `json:"datatype"`
							Required    bool              `json:"required"`
							Description string            `json:"dc:description"`
						} `json:"columns"`
					} `json:"tableSchema"`
				} `json:"tables"`
			}
			if err := json.Unmarshal(fs[strings.TrimPrefix(links.CSVMetadata, "/")], &meta); err != nil {
				t.Fatal(err)
			}
			if len(meta.Context) == 0 || meta.Context[0] != "http://www.w3.org/ns/csvw" {
				t.Errorf("@context %v is not CSVW's", meta.Context)
			}
			described := map[string]bool{}
			columns, cells := 0, 0
			for _, tbl := range meta.Tables {
				name := "data/csv/" + tbl.URL
				if described[name] {
					t.Errorf("%s described twice", tbl.URL)
				}
				described[name] = true
				if tbl.Title["zh-Hans"] == "" || tbl.Title["en"] == "" || tbl.Description == "" {
					t.Errorf("%s: title %v, description %q", tbl.URL, tbl.Title, tbl.Description)
				}
				if _, ok := fs[name]; !ok {
					t.Errorf("%s is described but not written", tbl.URL)
					continue
				}
				rows := readCSV(t, dir, "/"+name)
				cols := tbl.TableSchema.Columns
				if len(rows[0]) != len(cols) {
					t.Errorf("%s: %d header cells, %d columns described", tbl.URL, len(rows[0]), len(cols))
					continue
				}
				keys := map[string]bool{}
				for i, c := range cols {
					columns++
					if rows[0][i] != c.Titles["zh-Hans"] {
						t.Errorf("%s column %d: header %q, titles %v", tbl.URL, i, rows[0][i], c.Titles)
					}
					if !snakeCase.MatchString(c.Name) || keys[c.Name] || c.Titles["en"] == "" || c.Description == "" || c.Datatype == nil {
						t.Errorf("%s: column %q is not fully described or repeats: %+v", tbl.URL, c.Name, c)
					}
					keys[c.Name] = true
					for _, row := range rows[1:] {
						cells++
						v := row[i]
						if v == "" {
							if c.Required {
								t.Errorf("%s: required column %s is empty in row %v", tbl.URL, c.Name, row[:2])
							}
							continue
						}
						if err := checkDatatype(c.Datatype, v); err != "" {
							t.Errorf("%s: column %s: %q %s", tbl.URL, c.Name, v, err)
						}
					}
				}
			}
			for name := range fs {
				if strings.HasPrefix(name, "data/csv/") && path.Ext(name) == ".csv" && !described[name] {
					t.Errorf("%s has no table in csv-metadata.json", name)
				}
			}
			t.Logf("%d tables, %d columns, %d cells checked against their datatypes", len(meta.Tables), columns, cells)
		})
	}
}

var (
	isDate      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isYearMonth = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	isYear      = regexp.MustCompile(`^\d{4}$`)
	isCount     = regexp.MustCompile(`^\d+$`)
	isDecimal   = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
	isFen       = regexp.MustCompile(`^\d+\.\d{2}$`) // the LDML pattern #0.00
)

// checkDatatype reads a CSVW datatype as the metadata states it and says what is wrong with v.
func checkDatatype(dt any, v string) string {
	switch dt := dt.(type) {
	case string:
		switch dt {
		case "string":
			return ""
		case "date":
			if _, err := time.Parse("2006-01-02", v); err != nil || !isDate.MatchString(v) {
				return "is not a date"
			}
		case "dateTimeStamp":
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				return "is not a date-time with an offset"
			}
		case "gYearMonth":
			if !isYearMonth.MatchString(v) {
				return "is not a year and month"
			}
		case "gYear":
			if !isYear.MatchString(v) {
				return "is not a year"
			}
		case "nonNegativeInteger":
			if !isCount.MatchString(v) {
				return "is not a non-negative integer"
			}
		case "decimal":
			if !isDecimal.MatchString(v) {
				return "is not a decimal"
			}
		case "anyURI":
			if u, err := url.Parse(v); err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
				return "is not an absolute URL"
			}
		default:
			return "has an unknown datatype " + dt
		}
		return ""
	case map[string]any:
		base, _ := dt["base"].(string)
		switch base {
		case "decimal":
			if msg := checkDatatype("decimal", v); msg != "" {
				return msg
			}
			if min, ok := dt["minimum"].(float64); ok {
				if f, _ := strconv.ParseFloat(v, 64); f < min {
					return "is below the minimum"
				}
			}
			if f, ok := dt["format"].(map[string]any); ok {
				if f["pattern"] != "#0.00" {
					return "has a number format the test does not know"
				}
				if !isFen.MatchString(v) {
					return "does not have exactly two decimals"
				}
			}
		case "boolean":
			f, _ := dt["format"].(string)
			if yes, no, ok := strings.Cut(f, "|"); !ok || v != yes && v != no {
				return "is not " + f
			}
		case "string":
			f, _ := dt["format"].(string)
			re, err := regexp.Compile(f)
			if err != nil {
				return "has a bad format: " + err.Error()
			}
			if !re.MatchString(v) {
				return "does not match " + f
			}
		default:
			return "has an unknown base datatype " + base
		}
		return ""
	}
	return "has no datatype"
}

// TestCheckDatatypeBites: the datatype check refuses what a column's datatype does not allow.
func TestCheckDatatypeBites(t *testing.T) {
	bad := []struct {
		dt any
		v  string
	}{
		{"date", "2025-13-01"}, {"date", "2025/06/05"}, {"dateTimeStamp", "2025-05-27 09:30"},
		{"gYearMonth", "2025-5"}, {"gYear", "25"}, {"nonNegativeInteger", "-1"}, {"decimal", "1,5"},
		{"anyURI", "/notices/x/"}, {dtMoney, "100"}, {dtMoney, "100.5"}, {dtMoney, "-1.00"},
		{dtYesNo, "true"}, {dtCredit, "91440300"}, {"float", "1"},
	}
	for _, b := range bad {
		// Through JSON, as the test reads the metadata.
		data, _ := json.Marshal(b.dt)
		var dt any
		json.Unmarshal(data, &dt)
		if checkDatatype(dt, b.v) == "" {
			t.Errorf("%v accepts %q", b.dt, b.v)
		}
	}
}

// TestPaymentsCSVMatchesOCDS: every row of payments.csv is a payment release of the OCDS, with
// the same amount and date, found in the changes package of the day the CSV says it became
// public — and every payment release is a row.
func TestPaymentsCSVMatchesOCDS(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			_, dir := build(t, s.root)
			fs := files(t, dir)
			type pay struct{ day, date, amount string }
			fromOCDS := map[string]pay{}
			for name, data := range fs {
				if !strings.HasPrefix(name, "data/ocds/changes/") || name == "data/ocds/changes/index.json" {
					continue
				}
				var pkg struct {
					Releases []struct {
						ID        string `json:"id"`
						Contracts []struct {
							Implementation struct {
								Transactions []struct {
									Date  string `json:"date"`
									Value struct {
										Amount json.Number `json:"amount"`
									} `json:"value"`
								} `json:"transactions"`
							} `json:"implementation"`
						} `json:"contracts"`
					} `json:"releases"`
				}
				if err := json.Unmarshal(data, &pkg); err != nil {
					t.Fatal(err)
				}
				for _, r := range pkg.Releases {
					if !strings.Contains(r.ID, "-payment-") {
						continue
					}
					tr := r.Contracts[0].Implementation.Transactions[0]
					fromOCDS[r.ID] = pay{strings.TrimSuffix(path.Base(name), ".json"), tr.Date[:10], string(tr.Value.Amount)}
				}
			}
			rows := readCSV(t, dir, links.CSVPayments)
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			prefix := ""
			for id := range fromOCDS {
				prefix = id[:strings.Index(id, "SLS-")] // the site's ocid prefix and "-"
				break
			}
			for _, row := range rows[1:] {
				id := prefix + row[col["项目编号"]] + "-payment-" + row[col["兑付序号"]]
				o, ok := fromOCDS[id]
				if !ok {
					t.Errorf("payments.csv row %v: no OCDS release %s", row[:2], id)
					continue
				}
				delete(fromOCDS, id)
				f, _ := strconv.ParseFloat(row[col["兑付金额（元）"]], 64)
				g, _ := strconv.ParseFloat(o.amount, 64)
				if f != g || o.date != row[col["兑付日期"]] || o.day != row[col["公开日期"]] {
					t.Errorf("%s: CSV %s on %s public %s; OCDS %s on %s in day %s", id, row[col["兑付金额（元）"]],
						row[col["兑付日期"]], row[col["公开日期"]], o.amount, o.date, o.day)
				}
			}
			for id := range fromOCDS {
				t.Errorf("OCDS payment %s is not in payments.csv", id)
			}
			if len(rows) < 2 {
				t.Fatal("no payment: the case shows nothing")
			}
			t.Logf("%d payments agree", len(rows)-1)
		})
	}
}
