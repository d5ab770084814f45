package records

import (
	"path/filepath"
	"reflect"
	"testing"
)

// TestDropPositions: after DropPositions no record of the sample keeps key positions, every
// record keeps its own, and nothing else changes.
func TestDropPositions(t *testing.T) {
	ds, diags := Load(filepath.Join("..", "..")) // the sample site
	if diags.Errors() > 0 {
		t.Fatalf("sample: %v", diags)
	}
	keys := func() (records, withKeys int) {
		seen := map[uintptr]bool{}
		var walk func(v reflect.Value)
		walk = func(v reflect.Value) {
			switch v.Kind() {
			case reflect.Pointer:
				if !v.IsNil() && !seen[v.Pointer()] {
					seen[v.Pointer()] = true
					walk(v.Elem())
				}
			case reflect.Struct:
				if v.Type() == srcType {
					records++
					if len(v.Interface().(Src).Keys) > 0 {
						withKeys++
					}
					if v.Interface().(Src).Pos.Line == 0 {
						t.Errorf("a record at %v has no line", v.Interface().(Src).Pos)
					}
					return
				}
				for i := range v.NumField() {
					if v.Type().Field(i).IsExported() {
						walk(v.Field(i))
					}
				}
			case reflect.Slice, reflect.Array:
				for i := range v.Len() {
					walk(v.Index(i))
				}
			}
		}
		walk(reflect.ValueOf(ds))
		return
	}
	n, before := keys()
	if n < 500 || before < n/2 {
		t.Fatalf("the sample has %d records, %d with key positions: the walk sees too little", n, before)
	}
	title := ds.Projects[0].Title
	ds.DropPositions()
	m, after := keys()
	if m != n || after != 0 {
		t.Errorf("after DropPositions: %d records (was %d), %d still with key positions", m, n, after)
	}
	if ds.Projects[0].Title != title || ds.Index.Project[ds.Projects[0].ID] != ds.Projects[0] {
		t.Error("DropPositions changed more than the key positions")
	}
}

// TestKeyPositions: a record finds each key's value, each plain item of a list (key[i]), and
// says which keys its mapping holds, with the record's own position for the others.
func TestKeyPositions(t *testing.T) {
	src := "decided: 2026-01-05\npublished: 2026-01-06\nexperts:\n  - 张三\n  - 李四\nbids: 3\n"
	d := &decoder{file: "data/x.yaml", src: []byte(src), strs: newStrTable()}
	root := d.parseYAML()
	var a Award
	d.decodeRoot(root, &a)
	cases := map[string]string{
		"published":   "data/x.yaml:2:12",
		"experts":     "data/x.yaml:4:3",
		"experts[0]":  "data/x.yaml:4:5",
		"experts[1]":  "data/x.yaml:5:5",
		"experts[2]":  "data/x.yaml:1:1", // no such item: the record
		"bids":        "data/x.yaml:6:7",
		"agency_fee":  "data/x.yaml:1:1",
		"experts[x]":  "data/x.yaml:1:1",
		"experts[-1]": "data/x.yaml:1:1",
	}
	for key, want := range cases {
		if got := a.At(key).String(); got != want {
			t.Errorf("At(%q) = %s, want %s", key, got, want)
		}
	}
	if !a.Has("experts") || !a.Has("bids") || a.Has("agency_fee") || a.Has("experts[0]") {
		t.Errorf("Has: experts %v, bids %v, agency_fee %v, experts[0] %v", a.Has("experts"), a.Has("bids"), a.Has("agency_fee"), a.Has("experts[0]"))
	}
	if len(a.Experts) != 2 || a.Experts[1] != "李四" || a.Bids != 3 {
		t.Errorf("decoded %+v", a)
	}
}
