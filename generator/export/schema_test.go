package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// compileSchema compiles the generated schema of kind; compiling also checks it against the
// draft-07 metaschema.
func compileSchema(t *testing.T, kind string) *jsonschema.Schema {
	t.Helper()
	data, err := SchemaJSON(kind, "https://gongkai.example.cn/data/schema/"+kind+".schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "https://gongkai.example.cn/data/schema/" + kind + ".schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s schema does not compile: %v", kind, err)
	}
	return s
}

// yamlToJSON converts YAML the way an editor's YAML 1.2 language server sees it: dates and
// date-times stay strings (YAML 1.2 has no timestamp type), numbers stay exact, aliases and
// merge keys are expanded.
func yamlToJSON(t *testing.T, name string, src []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	v, err := nodeValue(doc.Content[0], 0)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func nodeValue(n *yaml.Node, depth int) (any, error) {
	if depth > 64 {
		return nil, fmt.Errorf("too deep")
	}
	switch n.Kind {
	case yaml.AliasNode:
		return nodeValue(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			v, err := nodeValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := map[string]any{}
		var merged []map[string]any
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			v, err := nodeValue(vn, depth+1)
			if err != nil {
				return nil, err
			}
			if k.ShortTag() == "!!merge" {
				switch m := v.(type) {
				case map[string]any:
					merged = append(merged, m)
				case []any:
					for _, it := range m {
						if mm, ok := it.(map[string]any); ok {
							merged = append(merged, mm)
						}
					}
				}
				continue
			}
			out[k.Value] = v
		}
		for _, m := range merged {
			for k, v := range m {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			return strings.EqualFold(n.Value, "true"), nil
		case "!!int", "!!float":
			return json.Number(n.Value), nil
		default: // !!str, !!timestamp
			return n.Value, nil
		}
	}
	return nil, fmt.Errorf("unexpected YAML node kind %v", n.Kind)
}

// kindOf names the schema of a file under data/ ("" for attachments and other files).
func kindOf(rel string) string {
	parts := strings.Split(rel, "/")
	if !strings.HasSuffix(rel, ".yaml") || len(parts) < 2 {
		return ""
	}
	switch {
	case rel == "data/site.yaml":
		return "site"
	case rel == "data/bodies.yaml":
		return "bodies"
	case rel == "data/catalogue.yaml":
		return "catalogue"
	case parts[1] == "providers":
		return "provider"
	case parts[1] == "budgets":
		return "budget"
	case parts[1] == "calendar":
		return "calendar"
	case parts[1] == "projects":
		return "project"
	}
	return ""
}

// TestSchemaAcceptsShippedData validates every data file of each site against its schema.
func TestSchemaAcceptsShippedData(t *testing.T) {
	schemas := map[string]*jsonschema.Schema{}
	for _, k := range SchemaKinds() {
		schemas[k] = compileSchema(t, k)
	}
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			counts := map[string]int{}
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
				counts[kind]++
				if err := schemas[kind].Validate(yamlToJSON(t, rel, src)); err != nil {
					t.Errorf("%s does not validate against the %s schema:\n%v", rel, kind, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range SchemaKinds() {
				if counts[k] == 0 {
					t.Errorf("no %s file checked", k)
				}
			}
			t.Logf("files checked per kind: %v", counts)
		})
	}
}

// TestSchemaRejectsBadInput mutates valid files and expects the schema — and the loader, so the
// two agree — to refuse each.
func TestSchemaRejectsBadInput(t *testing.T) {
	const project = "data/projects/2025/SLS-2025-001.yaml"
	tests := []struct {
		name, file, old, new string
	}{
		{"unknown key", project, "funding: 一般公共预算", "funding: 一般公共预算\nfundng: 一般公共预算"},
		{"unknown nested key", project, "  bids: 3", "  bids: 3\n  bidders: 3"},
		{"money with a unit not taken", project, "\nbudget: 50万元", "\nbudget: 50千元"},
		// A bare number with three decimals is left to the loader: see TestSchemaMoneyValidatorsAgree.
		{"money with three decimals", project, "  ceiling: 500000", "  ceiling: \"500000.123\""},
		{"money string with three decimals", project, "  amount: 120000\n", "  amount: 120000.123元\n"},
		{"negative money", project, "  ceiling: 500000", "  ceiling: -500000"},
		{"bad date", project, "  published: 2025-03-01", "  published: 2025/03/01"},
		{"bad date-time", project, "bid_deadline: 2025-05-27 09:30", "bid_deadline: 2025-05-27 9h30"},
		{"bad credit code", project, "    - provider: 51530100MJ0000001H", "    - provider: 51530100MJ000001"},
		{"credit code with a letter not used", "data/providers/52530100MJ0000003L.yaml", "credit_code: 52530100MJ0000003L", "credit_code: 52530100MJ0000003I"},
		{"wrong enum", project, "method: 公开招标", "method: 公开竞价"},
		{"wrong evaluation grade", project, "grade: 良好", "grade: 很好"},
		{"missing required key", project, "title: 东城区居家养老服务项目\n", ""},
		{"bad body id", "data/bodies.yaml", "id: mz", "id: MZ_1"},
		{"bad ocid prefix", "data/site.yaml", "ocid_prefix: ocds-gk5301", "ocid_prefix: ocds-GK"},
		{"bad expected month", project, "expected_month: 2025-05", "expected_month: 2025-13"},
		{"year as text", "data/budgets/2025.yaml", "year: 2025", "year: 二〇二五"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copySite(t, fixtureRoot)
			p := filepath.Join(root, filepath.FromSlash(tt.file))
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Count(string(src), tt.old) != 1 {
				t.Fatalf("%q is not in %s exactly once", tt.old, tt.file)
			}
			src = []byte(strings.Replace(string(src), tt.old, tt.new, 1))
			if err := os.WriteFile(p, src, 0o644); err != nil {
				t.Fatal(err)
			}
			kind := kindOf(tt.file)
			doc := yamlToJSON(t, tt.file, src)
			if err := compileSchema(t, kind).Validate(doc); err == nil {
				t.Errorf("the %s schema accepts it", kind)
			}
			if errs := goValidate(t, compileGoSchema(t, kind), doc); len(errs) == 0 {
				t.Errorf("the %s schema accepts it under gojsonschema", kind)
			}
			if _, diags := records.Load(root); diags.Errors() == 0 {
				t.Errorf("the loader accepts it too: the case does not show a real error")
			}
		})
	}
}

func copySite(t *testing.T, from string) string {
	t.Helper()
	root := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(root, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestSchemaDocsCoverModel: every key of every data file has a Chinese description and every
// documented key exists, so the docs table follows model.go.
func TestSchemaDocsCoverModel(t *testing.T) {
	seen := map[string]bool{}
	types := map[string]bool{}
	var walk func(reflect.Type)
	walk = func(t0 reflect.Type) {
		for t0.Kind() == reflect.Pointer || t0.Kind() == reflect.Slice || t0.Kind() == reflect.Map {
			t0 = t0.Elem()
		}
		if t0.Kind() != reflect.Struct || t0 == moneyType || t0 == dateType || t0 == dateTimeType || t0 == markdownType || types[t0.Name()] {
			return
		}
		types[t0.Name()] = true
		for _, f := range yamlFields(t0) {
			key := t0.Name() + "." + f.key
			seen[key] = true
			if fieldDocs[key].zh == "" {
				t.Errorf("no Chinese description for %s (add it to fieldDocs)", key)
			}
			walk(f.typ)
		}
	}
	for _, k := range records.FileKinds {
		walk(k.Type)
	}
	for key := range fieldDocs {
		if !seen[key] {
			t.Errorf("fieldDocs has %s, which is no key of any data file", key)
		}
	}
	for name := range types {
		if typeDocs[name] == "" {
			t.Errorf("no Chinese description for type %s (add it to typeDocs)", name)
		}
	}
	for name := range typeDocs {
		if !types[name] {
			t.Errorf("typeDocs has %s, which no data file uses", name)
		}
	}
}

func TestSchemaShape(t *testing.T) {
	s, err := Schema("catalogue", "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(s)
	for _, want := range []string{
		`"$schema":"http://json-schema.org/draft-07/schema#"`,
		`"additionalProperties":false`,
		`"$ref":"#/definitions/CatalogueNode"`, // the recursive children
		`"definitions":{"CatalogueNode":`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("catalogue schema lacks %s", want)
		}
	}
	if strings.Contains(string(b), `"$id"`) {
		t.Error("a schema asked for without an id has a $id")
	}
	if _, err := Schema("nonsense", ""); err == nil {
		t.Error("Schema(nonsense) succeeded")
	}
}
