package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The official OCDS 1.1.5 schemas and codelists, vendored unmodified with their licence in
// testdata/ocds/1.1 (see its README), registered offline under their ids.
const (
	ocdsBase            = "https://standard.open-contracting.org/schema/1__1__5/"
	releasePackageURL   = ocdsBase + "release-package-schema.json"
	recordPackageURL    = ocdsBase + "record-package-schema.json"
	ocdsSchemaDirectory = "testdata/ocds/1.1"
)

func ocdsSchemas(t *testing.T) (release, record *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat() // date-time and uri must be well formed, not just strings
	for _, name := range []string{"release-schema.json", "release-package-schema.json", "record-package-schema.json", "versioned-release-validation-schema.json"} {
		f, err := os.Open(filepath.Join(ocdsSchemaDirectory, name))
		if err != nil {
			t.Fatalf("OCDS schema: %v", err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(ocdsBase+name, doc); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if release, err = c.Compile(releasePackageURL); err != nil {
		t.Fatal(err)
	}
	if record, err = c.Compile(recordPackageURL); err != nil {
		t.Fatal(err)
	}
	return release, record
}

func decodeJSON(t *testing.T, name string, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestOCDSPackagesValidate validates every package written for each site against the official
// schemas, checks closed and open codelist values against the codelist CSVs, and checks the
// metrics extension objects' required fields.
func TestOCDSPackagesValidate(t *testing.T) {
	releaseSchema, recordSchema := ocdsSchemas(t)
	lists := codelists(t)
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			_, dir := build(t, s.root)
			n := 0
			for name, data := range files(t, dir) {
				if !strings.HasPrefix(name, "data/ocds/") || name == "data/ocds/changes/index.json" {
					continue // the index is not a package: TestChangesIndex reads it
				}
				n++
				v := decodeJSON(t, name, data)
				sch := releaseSchema
				if strings.HasPrefix(name, "data/ocds/records/") {
					sch = recordSchema
				}
				if err := sch.Validate(v); err != nil {
					t.Errorf("%s does not validate:\n%v", name, err)
				}
				checkCodelists(t, name, v, nil, lists)
				checkMetrics(t, name, v)
			}
			if n == 0 {
				t.Fatal("no OCDS package written")
			}
			t.Logf("%d OCDS packages valid", n)
		})
	}
}

// codelists reads the Code column of each codelist CSV.
func codelists(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	for _, name := range []string{"releaseTag", "method", "partyRole", "currency", "tenderStatus", "awardStatus", "contractStatus", "documentType", "procurementCategory", "initiationType", "milestoneType"} {
		f, err := os.Open(filepath.Join(ocdsSchemaDirectory, "codelists", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s.csv: %v", name, err)
		}
		col := -1
		for i, h := range rows[0] {
			if h == "Code" {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("%s.csv has no Code column", name)
		}
		out[name] = map[string]bool{}
		for _, r := range rows[1:] {
			out[name][r[col]] = true
		}
	}
	return out
}

// codelistOf names the codelist of a field, given the keys that lead to it.
func codelistOf(path []string) string {
	key := path[len(path)-1]
	parent := ""
	for i := len(path) - 2; i >= 0; i-- {
		if path[i] != "[]" {
			parent = path[i]
			break
		}
	}
	switch key {
	case "tag":
		return "releaseTag"
	case "procurementMethod":
		return "method"
	case "roles":
		return "partyRole"
	case "currency":
		return "currency"
	case "documentType":
		return "documentType"
	case "mainProcurementCategory":
		return "procurementCategory"
	case "initiationType":
		return "initiationType"
	case "status":
		switch parent {
		case "tender":
			return "tenderStatus"
		case "awards":
			return "awardStatus"
		case "contracts":
			return "contractStatus"
		}
	case "type":
		if parent == "milestones" {
			return "milestoneType"
		}
	}
	return ""
}

func checkCodelists(t *testing.T, file string, v any, path []string, lists map[string]map[string]bool) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			checkCodelists(t, file, val, append(append([]string(nil), path...), k), lists)
		}
	case []any:
		for _, val := range x {
			checkCodelists(t, file, val, append(append([]string(nil), path...), "[]"), lists)
		}
	case string:
		if len(path) == 0 {
			return
		}
		p := path
		if p[len(p)-1] == "[]" {
			p = p[:len(p)-1] // an item of tag or roles
		}
		if list := codelistOf(p); list != "" && !lists[list][x] {
			t.Errorf("%s: %s = %q is not in codelist %s", file, strings.Join(path, "."), x, list)
		}
	}
}

// checkMetrics checks what the metrics extension requires: every metric and observation has a
// non-empty id, unique within its list, and observations have a measure.
func checkMetrics(t *testing.T, file string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if k == "metrics" || k == "targets" {
				metrics, _ := val.([]any)
				if len(metrics) == 0 {
					t.Errorf("%s: %s is empty (the extension wants minItems 1)", file, k)
				}
				ids := map[string]bool{}
				for _, m := range metrics {
					mo, _ := m.(map[string]any)
					id, _ := mo["id"].(string)
					if id == "" || ids[id] {
						t.Errorf("%s: %s has a missing or repeated id %q", file, k, id)
					}
					ids[id] = true
					obsIDs := map[string]bool{}
					obs, hasObs := mo["observations"].([]any)
					if _, present := mo["observations"]; present && (!hasObs || len(obs) == 0) {
						t.Errorf("%s: metric %q has empty observations", file, id)
					}
					for _, o := range obs {
						oo, _ := o.(map[string]any)
						oid, _ := oo["id"].(string)
						if oid == "" || obsIDs[oid] {
							t.Errorf("%s: metric %q has an observation with a missing or repeated id %q", file, id, oid)
						}
						obsIDs[oid] = true
						if _, ok := oo["measure"]; !ok {
							t.Errorf("%s: metric %q observation %q has no measure", file, id, oid)
						}
					}
				}
			}
			checkMetrics(t, file, val)
		}
	case []any:
		for _, val := range x {
			checkMetrics(t, file, val)
		}
	}
}

// readRelease reads a written release package.
func readReleases(t *testing.T, dir, id string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "data", "ocds", "releases", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Releases []map[string]any `json:"releases"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	return pkg.Releases
}

func readCompiled(t *testing.T, dir, id string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "data", "ocds", "records", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Records []struct {
			CompiledRelease map[string]any `json:"compiledRelease"`
		} `json:"records"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Records) != 1 {
		t.Fatalf("%s: %d records, want 1", id, len(pkg.Records))
	}
	return pkg.Records[0].CompiledRelease
}

// at follows a path of keys and indexes ("awards.1.value.amount") through decoded JSON.
func at(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			if _, err := fmt.Sscan(k, &i); err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// TestOCDSMapping pins the mapping decisions on the fixture.
func TestOCDSMapping(t *testing.T) {
	_, dir := build(t, fixtureRoot)

	t.Run("release ids, tags and dates", func(t *testing.T) {
		var got []string
		for _, r := range readReleases(t, dir, "SLS-2025-001") {
			got = append(got, fmt.Sprintf("%s %v %s", r["id"], r["tag"], r["date"]))
		}
		want := []string{
			"ocds-gk5301-SLS-2025-001-intention-1 [planning] 2025-03-01T00:00:00+08:00",
			"ocds-gk5301-SLS-2025-001-call-1 [tender] 2025-05-06T00:00:00+08:00",
			"ocds-gk5301-SLS-2025-001-amendment-1 [tenderAmendment] 2025-05-15T00:00:00+08:00",
			"ocds-gk5301-SLS-2025-001-award-1 [award] 2025-06-04T00:00:00+08:00",
			"ocds-gk5301-SLS-2025-001-contract-1 [contract] 2025-06-23T00:00:00+08:00",
			"ocds-gk5301-SLS-2025-001-payment-1 [implementation] 2025-10-10T00:00:00+08:00",
			"ocds-gk5301-SLS-2025-001-evaluation-1 [implementation] 2025-12-25T00:00:00+08:00",
			// payment-2 (2026-11-30) and evaluation-2 (published 2026-12-01) are after the as-of day
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("releases:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	tests := []struct {
		project, path string
		want          string
	}{
		// 公开招标 with an agency: the agency is the procuring entity.
		{"SLS-2025-001", "tender.procurementMethod", "open"},
		{"SLS-2025-001", "tender.procurementMethodDetails", "公开招标"},
		{"SLS-2025-001", "tender.procuringEntity.id", "CN-USCI-91530100MA0000006C"},
		{"SLS-2025-001", "tender.value.amount", "500000"}, // ceiling
		{"SLS-2025-001", "planning.budget.amount.amount", "500000"},
		{"SLS-2025-001", "tender.tenderPeriod.endDate", "2025-05-29T09:30:00+08:00"}, // moved by the amendment
		{"SLS-2025-001", "tender.status", "complete"},
		{"SLS-2025-001", "tender.numberOfTenderers", "3"},
		{"SLS-2025-001", "tender.tenderers.2.id", "tenderer-3"}, // bidder known only by name
		{"SLS-2025-001", "tender.amendments.0.amendsReleaseID", "ocds-gk5301-SLS-2025-001-call-1"},
		{"SLS-2025-001", "tender.targets.1.observations.0.measure", "60"},
		{"SLS-2025-001", "contracts.0.implementation.transactions.0.value.amount", "120000"},
		{"SLS-2025-001", "contracts.0.implementation.metrics.0.observations.0.measure", "88.5"},
		{"SLS-2025-001", "contracts.0.implementation.metrics.0.observations.2.dimensions.indicator", "服务质量"},
		{"SLS-2025-001", "contracts.0.dateSigned", "2025-06-20T00:00:00+08:00"},
		{"SLS-2025-001", "contracts.0.period.endDate", "2026-06-30T23:59:59+08:00"},
		{"SLS-2025-001", "buyer.id", "CN-USCI-11530100MB00000017"},
		// 单一来源: direct; amounts exact to the fen; the contract is not public yet.
		{"SLS-2025-002", "tender.procurementMethod", "direct"},
		{"SLS-2025-002", "planning.budget.amount.amount", "300000.5"},
		{"SLS-2025-002", "awards.0.value.amount", "290000.5"},
		{"SLS-2025-002", "tender.milestones.0.dueDate", "2025-04-08T23:59:59+08:00"},
		{"SLS-2025-002", "contracts", "<nil>"},
		// 竞争性磋商 → selective, then terminated.
		{"SLS-2025-003", "tender.procurementMethod", "selective"},
		{"SLS-2025-003", "tender.procurementMethodDetails", "竞争性磋商"},
		{"SLS-2025-003", "tender.status", "cancelled"},
		// 邀请招标 with two winners: one award each; the contract points at the right one.
		{"SLS-2026-001", "tender.procurementMethod", "selective"},
		{"SLS-2026-001", "tender.value.amount", "550000"}, // no ceiling: the budget
		{"SLS-2026-001", "awards.1.value.amount", "250000"},
		{"SLS-2026-001", "awards.1.suppliers.0.id", "CN-USCI-91530100MA00000046"},
		{"SLS-2026-001", "contracts.0.awardID", "award-2"},
		{"SLS-2026-001", "tender.procuringEntity.id", "CN-USCI-12530100MB0000005G"}, // no agency: the body
	}
	compiled := map[string]map[string]any{}
	for _, tt := range tests {
		c, ok := compiled[tt.project]
		if !ok {
			c = readCompiled(t, dir, tt.project)
			compiled[tt.project] = c
		}
		if got := fmt.Sprint(at(c, tt.path)); got != tt.want {
			t.Errorf("%s compiled %s = %s, want %s", tt.project, tt.path, got, tt.want)
		}
	}

	t.Run("party roles accumulate across releases", func(t *testing.T) {
		c := compiled["SLS-2025-001"]
		roles := map[string]string{}
		for _, p := range c["parties"].([]any) {
			p := p.(map[string]any)
			var rs []string
			for _, r := range p["roles"].([]any) {
				rs = append(rs, r.(string))
			}
			roles[p["id"].(string)] = strings.Join(rs, ",")
		}
		want := map[string]string{
			"CN-USCI-11530100MB00000017": "buyer,payer",
			"CN-USCI-91530100MA0000006C": "procuringEntity",
			"CN-USCI-51530100MJ0000001H": "supplier,tenderer,payee",
			"CN-USCI-52530100MJ0000003L": "tenderer",
			"tenderer-3":                 "tenderer",
		}
		for id, w := range want {
			if roles[id] != w {
				t.Errorf("party %s roles = %q, want %q", id, roles[id], w)
			}
		}
		if len(roles) != len(want) {
			t.Errorf("parties = %v, want %d of them", roles, len(want))
		}
	})

	t.Run("bulk package per project year", func(t *testing.T) {
		for year, want := range map[string][]string{
			"2025": {"ocds-gk5301-SLS-2025-001", "ocds-gk5301-SLS-2025-002", "ocds-gk5301-SLS-2025-003"},
			"2026": {"ocds-gk5301-SLS-2026-001"},
		} {
			data, err := os.ReadFile(filepath.Join(dir, "data", "ocds", year+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var pkg struct {
				Releases []struct {
					OCID string `json:"ocid"`
				} `json:"releases"`
			}
			if err := json.Unmarshal(data, &pkg); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, r := range pkg.Releases {
				seen[r.OCID] = true
			}
			var got []string
			for o := range seen {
				got = append(got, o)
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s.json processes = %v, want %v", year, got, want)
			}
		}
	})
}

// TestOCDSValidatorBites guards the validation above: broken packages must fail it.
func TestOCDSValidatorBites(t *testing.T) {
	releaseSchema, _ := ocdsSchemas(t)
	_, dir := build(t, fixtureRoot)
	data, err := os.ReadFile(filepath.Join(dir, "data", "ocds", "releases", "SLS-2025-001.json"))
	if err != nil {
		t.Fatal(err)
	}
	breakers := map[string]func(map[string]any){
		"no ocid":      func(p map[string]any) { delete(at(p, "releases.0").(map[string]any), "ocid") },
		"bad currency": func(p map[string]any) { at(p, "releases.1.tender.value").(map[string]any)["currency"] = "RMB" },
		"bad tag":      func(p map[string]any) { at(p, "releases.0").(map[string]any)["tag"] = []any{"notice"} },
		"bad date":     func(p map[string]any) { at(p, "releases.0").(map[string]any)["date"] = "2025-03-01" },
		"no publisher": func(p map[string]any) { delete(p, "publisher") },
		"method unknown": func(p map[string]any) {
			at(p, "releases.1.tender").(map[string]any)["procurementMethod"] = "negotiated"
		},
	}
	for name, breakIt := range breakers {
		v := decodeJSON(t, name, data).(map[string]any)
		breakIt(v)
		if err := releaseSchema.Validate(v); err == nil {
			t.Errorf("%s: the OCDS release package schema accepted it", name)
		}
	}
}
