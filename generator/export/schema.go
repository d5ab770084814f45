package export

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// The JSON Schema of each kind of data file is generated from the model types in package
// records by reflection over their yaml tags — the same tags the loader decodes — with the
// required keys, value lists and formats the loader enforces (records/facts.go) and Chinese
// descriptions from fieldDocs. Nothing about the shape is written twice.

// SchemaDraft is the dialect: draft-07, the newest one VS Code's YAML extension
// (yaml-language-server) fully supports.
const SchemaDraft = "http://json-schema.org/draft-07/schema#"

// Value formats, mirroring records.ParseMoney, records.ParseDate and records.ParseDateTime.
const (
	// An amount in yuan: optional ¥/￥/RMB/CNY, digits (optionally grouped by thousands), at
	// most two decimals, optional 元; or with 万/万元, at most six decimals. Trailing zeros of a
	// fraction do not count.
	MoneyPattern    = `^\s*(¥|￥|RMB|CNY)?\s*(\d{1,3}(,\d{3})+|\d+)((\.\d{1,2}0*)?\s*元?|(\.\d{1,6}0*)?\s*万元?)\s*$`
	DatePattern     = `^\s*\d{4}-\d{2}-\d{2}\s*$`
	DateTimePattern = `^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?|T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))\s*$`
	// ItemPattern is a catalogue code at any level: 类 A, 款 A01, 项 A0101.
	ItemPattern = `^[A-Z]([0-9]{2}){0,2}$`
	// LeafItemPattern is a 项 code, what projects and budget lines refer to.
	LeafItemPattern = `^[A-Z][0-9]{4}$`
)

// SchemaKinds lists the data file kinds that have a schema, in README order.
func SchemaKinds() []string {
	out := make([]string, len(records.FileKinds))
	for i, k := range records.FileKinds {
		out[i] = k.Name
	}
	return out
}

// Schema returns the JSON Schema of a data file kind. id becomes its $id when not empty.
func Schema(kind, id string) (*object, error) {
	for _, k := range records.FileKinds {
		if k.Name != kind {
			continue
		}
		g := &schemaGen{defs: map[reflect.Type]*object{}, onStack: map[reflect.Type]bool{}}
		root := g.structSchema(k.Type)
		for i := 0; i < len(g.order); i++ { // g.order may grow while definitions are built
			g.defs[g.order[i]] = g.structBody(g.order[i])
		}
		if g.err != nil {
			return nil, g.err
		}
		s := newObject()
		s.set("$schema", SchemaDraft)
		if id != "" {
			s.set("$id", id)
		}
		s.set("title", kindTitles[kind]+"（"+k.Path+"）")
		for _, key := range root.keys {
			s.set(key, root.vals[key])
		}
		if len(g.order) > 0 {
			defs := newObject()
			for _, t := range g.order {
				defs.set(t.Name(), g.defs[t])
			}
			s.set("definitions", defs)
		}
		return s, nil
	}
	return nil, fmt.Errorf("export: unknown data file kind %q (one of %s)", kind, strings.Join(SchemaKinds(), ", "))
}

var kindTitles = map[string]string{
	"site":      "站点设置",
	"bodies":    "购买主体",
	"provider":  "承接主体",
	"catalogue": "指导目录",
	"budget":    "政府购买服务预算",
	"calendar":  "节假日安排",
	"project":   "购买服务项目",
}

func (x *exporter) writeSchemas(dir string) error {
	for _, k := range SchemaKinds() {
		s, err := Schema(k, x.abs(links.Schema(k)))
		if err != nil {
			return err
		}
		if err := writeJSON(dir, links.Schema(k), s); err != nil {
			return err
		}
	}
	return nil
}

var (
	moneyType    = reflect.TypeFor[records.Money]()
	dateType     = reflect.TypeFor[records.Date]()
	dateTimeType = reflect.TypeFor[records.DateTime]()
	markdownType = reflect.TypeFor[records.Markdown]()
	srcType      = reflect.TypeFor[records.Src]()
)

// schemaGen walks the model types. A type met again inside itself (the catalogue's children)
// goes to definitions and is referenced; every other type is inlined, so each property keeps its
// own description (draft-07 ignores keywords next to $ref).
type schemaGen struct {
	defs    map[reflect.Type]*object
	order   []reflect.Type
	onStack map[reflect.Type]bool
	err     error
}

func (g *schemaGen) structSchema(t reflect.Type) *object {
	if g.onStack[t] {
		if _, ok := g.defs[t]; !ok {
			g.defs[t] = nil // filled by Schema once the root is done
			g.order = append(g.order, t)
		}
		ref := newObject()
		ref.set("$ref", "#/definitions/"+t.Name())
		return ref
	}
	return g.structBody(t)
}

func (g *schemaGen) structBody(t reflect.Type) *object {
	g.onStack[t] = true
	defer delete(g.onStack, t)

	s := newObject()
	if d := typeDocs[t.Name()]; d != "" {
		s.set("description", d)
	}
	s.set("type", "object")
	props := newObject()
	for _, f := range yamlFields(t) {
		props.set(f.key, g.fieldSchema(t, f))
	}
	s.set("properties", props)
	if req := records.RequiredKeys(t); len(req) > 0 {
		s.set("required", stringsAny(req))
	}
	s.set("additionalProperties", false)
	return s
}

type yamlField struct {
	key string
	typ reflect.Type
}

// yamlFields are t's fields as the loader reads them: by yaml tag, skipping `yaml:"-"` and Src.
func yamlFields(t reflect.Type) []yamlField {
	var out []yamlField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type == srcType {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		out = append(out, yamlField{tag, f.Type})
	}
	return out
}

func (g *schemaGen) fieldSchema(owner reflect.Type, f yamlField) *object {
	doc := fieldDocs[owner.Name()+"."+f.key]
	required := false
	for _, r := range records.RequiredKeys(owner) {
		if r == f.key {
			required = true
		}
	}
	s := g.valueSchema(f.typ, doc)
	// Put the field's own description first, before the type's.
	// The field's description comes first; a value type's own (how to write an amount or a
	// date-time) follows it, but a record type's is dropped in favour of the field's.
	out := newObject()
	desc := doc.zh
	if d, ok := s.vals["description"].(string); ok {
		if _, isRecord := s.get("properties"); !isRecord || desc == "" {
			desc = strings.TrimPrefix(desc+"。"+d, "。")
		}
	}
	if desc != "" {
		out.set("description", desc)
	}
	for _, k := range s.keys {
		if k != "description" {
			out.set(k, s.vals[k])
		}
	}
	if required {
		nonEmpty(out)
	} else {
		nullable(out) // the loader reads a key written with no value as absent
	}
	return out
}

// valueSchema is the schema of a value of type t; doc adds enums and patterns.
func (g *schemaGen) valueSchema(t reflect.Type, doc fieldDoc) *object {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := newObject()
	switch t {
	case moneyType:
		s.set("description", "金额（元）：可写 290000、290000.00、29万元、29万 或 ¥290,000；不能为负，最多精确到分（小数位由 generator check 检查）")
		num := newObject()
		num.set("type", "number")
		num.set("minimum", 0)
		// No multipleOf 0.01: validators that divide in binary floating point reject valid amounts
		// (0.07 / 0.01 = 7.000000000000001). "At most two decimals" on a bare number is left to
		// generator check (money-format); the string form carries it in its pattern.
		str := newObject()
		str.set("type", "string")
		str.set("pattern", MoneyPattern)
		s.set("anyOf", []any{num, str})
		return s
	case dateType:
		s.set("type", "string")
		s.set("format", "date")
		s.set("pattern", DatePattern)
		return s
	case dateTimeType:
		s.set("description", "日期时间：2025-06-05 09:30（北京时间）或 RFC 3339")
		s.set("type", "string")
		s.set("pattern", DateTimePattern)
		return s
	case markdownType:
		s.set("type", "string")
		return s
	}
	switch t.Kind() {
	case reflect.String:
		switch {
		case len(doc.enum) > 0:
			s.set("type", "string")
			s.set("enum", stringsAny(doc.enum))
		case doc.pattern != "":
			s.set("type", "string")
			s.set("pattern", doc.pattern)
		default:
			// The loader reads any scalar as text: `quantity: 300` is the text "300".
			s.set("type", []any{"string", "number"})
		}
		if doc.format != "" {
			s.set("format", doc.format)
		}
	case reflect.Int, reflect.Int64:
		s.set("type", "integer")
		if doc.min != nil {
			s.set("minimum", *doc.min)
		}
		if doc.max != nil {
			s.set("maximum", *doc.max)
		}
	case reflect.Float64:
		s.set("type", "number")
		if doc.min != nil {
			s.set("minimum", *doc.min)
		}
		if doc.max != nil {
			s.set("maximum", *doc.max)
		}
	case reflect.Bool:
		s.set("type", "boolean")
	case reflect.Slice:
		s.set("type", "array")
		s.set("items", g.valueSchema(t.Elem(), fieldDoc{enum: doc.enum, pattern: doc.pattern, min: doc.min, max: doc.max}))
	case reflect.Map:
		s.set("type", "object")
		s.set("additionalProperties", g.valueSchema(t.Elem(), fieldDoc{}))
	case reflect.Struct:
		return g.structSchema(t)
	default:
		// A new kind of model field needs a case here.
		g.err = fmt.Errorf("export: no JSON Schema for model type %s", t)
	}
	return s
}

// nonEmpty mirrors the loader's check of a required key: not null, not blank, not an empty list
// or mapping.
func nonEmpty(s *object) {
	switch typ, _ := s.get("type"); typ {
	case "array":
		s.set("minItems", 1)
	case "object":
		s.set("minProperties", 1)
	}
	if _, hasPattern := s.get("pattern"); hasPattern {
		return
	}
	if _, hasEnum := s.get("enum"); hasEnum {
		return
	}
	switch typ, _ := s.get("type"); typ.(type) {
	case string:
		if typ == "string" {
			s.set("pattern", `\S`)
		}
	case []any:
		s.set("pattern", `\S`) // applies to the string alternative only
	}
}

// nullable lets an optional key be written with no value.
func nullable(s *object) {
	null := newObject()
	null.set("type", "null")
	if ref, ok := s.get("$ref"); ok {
		r := newObject()
		r.set("$ref", ref)
		s.del("$ref")
		s.set("anyOf", []any{r, null})
		return
	}
	if alts, ok := s.get("anyOf"); ok {
		s.set("anyOf", append(alts.([]any), null))
		return
	}
	switch typ := s.vals["type"].(type) {
	case string:
		s.set("type", []any{typ, "null"})
	case []any:
		s.set("type", append(typ, "null"))
	}
	if enum, ok := s.get("enum"); ok {
		s.set("enum", append(enum.([]any), nil))
	}
}

func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// SchemaJSON is Schema as indented JSON, as published at links.Schema(kind).
func SchemaJSON(kind, id string) ([]byte, error) {
	s, err := Schema(kind, id)
	if err != nil {
		return nil, err
	}
	return marshalJSON(s)
}
