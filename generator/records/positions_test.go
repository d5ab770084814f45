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
