package export

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/xeipuuv/gojsonschema"
)

// A second, independent validator (gojsonschema, draft-07) beside santhosh-tekuri/jsonschema:
// the published schema is only useful if the validators reusers run agree with each other and
// with the loader.

func compileGoSchema(t *testing.T, kind string) *gojsonschema.Schema {
	t.Helper()
	data, err := SchemaJSON(kind, "https://gongkai.example.cn/data/schema/"+kind+".schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(data))
	if err != nil {
		t.Fatalf("%s schema does not load in gojsonschema: %v", kind, err)
	}
	return s
}

func goValidate(t *testing.T, s *gojsonschema.Schema, doc any) []string {
	t.Helper()
	res, err := s.Validate(gojsonschema.NewGoLoader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, e := range res.Errors() {
		errs = append(errs, e.String())
	}
	return errs
}

// TestSchemaTwoValidatorsAcceptShippedData: every data file of every site validates under both.
func TestSchemaTwoValidatorsAcceptShippedData(t *testing.T) {
	santhosh := map[string]*jsonschema.Schema{}
	other := map[string]*gojsonschema.Schema{}
	for _, k := range SchemaKinds() {
		santhosh[k] = compileSchema(t, k)
		other[k] = compileGoSchema(t, k)
	}
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			n := 0
			err := filepath.WalkDir(filepath.Join(s.root, "data"), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(s.root, p)
				rel = filepath.ToSlash(rel)
				kind := kindOf(rel)
				if kind == "" {
					return nil
				}
				src, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				doc := yamlToJSON(t, rel, src)
				n++
				if err := santhosh[kind].Validate(doc); err != nil {
					t.Errorf("%s: santhosh-tekuri/jsonschema rejects it: %v", rel, err)
				}
				if errs := goValidate(t, other[kind], doc); len(errs) > 0 {
					t.Errorf("%s: gojsonschema rejects it: %s", rel, strings.Join(errs, "; "))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatal("no data file checked")
			}
			t.Logf("%d files accepted by both validators", n)
		})
	}
}

// TestSchemaMoneyValidatorsAgree sets a project's budget to amounts that are valid or not, as a
// JSON number decoded to float64 (how JavaScript and Python editors see it), as an exact
// json.Number, and as a string, and expects both validators to give the loader's answer.
func TestSchemaMoneyValidatorsAgree(t *testing.T) {
	const file = "data/projects/2025/SLS-2025-001.yaml"
	src, err := os.ReadFile(filepath.Join(fixtureRoot, file))
	if err != nil {
		t.Fatal(err)
	}
	santhosh := compileSchema(t, "project")
	other := compileGoSchema(t, "project")
	tests := []struct {
		value any
		ok    bool
	}{
		{0.07, true}, {19.99, true}, {1234567.89, true}, {0.0, true}, {290000.0, true},
		{json.Number("0.07"), true}, {json.Number("19.99"), true}, {json.Number("1234567.89"), true},
		{json.Number("290000"), true},
		{"0.07", true}, {"19.99", true}, {"1234567.89", true}, {"¥1,234,567.89", true}, {"29万元", true},
		{"29.123456万", true}, {"290,000元", true},
		{-0.01, false}, {json.Number("-5"), false}, {"-5", false}, {"1.001", false}, {"12千元", false},
		{"USD 5", false}, {"29.1234567万", false}, {"", false},
	}
	for _, tc := range tests {
		doc := yamlToJSON(t, file, src).(map[string]any)
		doc["budget"] = tc.value
		a := santhosh.Validate(doc) == nil
		b := len(goValidate(t, other, doc)) == 0
		if a != tc.ok || b != tc.ok {
			t.Errorf("budget %#v: santhosh-tekuri accepts=%v, gojsonschema accepts=%v, want %v", tc.value, a, b, tc.ok)
		}
	}
}

// TestSchemaNoFractionalMultipleOf: no schema of any kind divides by a fraction anywhere.
func TestSchemaNoFractionalMultipleOf(t *testing.T) {
	for _, k := range SchemaKinds() {
		data, err := SchemaJSON(k, "https://gongkai.example.cn/data/schema/"+k+".schema.json")
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case map[string]any:
				if m, ok := v["multipleOf"].(float64); ok && m != float64(int64(m)) {
					t.Errorf("%s schema: multipleOf %v", k, m)
				}
				for _, c := range v {
					walk(c)
				}
			case []any:
				for _, c := range v {
					walk(c)
				}
			}
		}
		walk(doc)
	}
}
