package records

import "reflect"

// DropPositions lets go of the key positions every record keeps (Src.Keys) — about half of
// the dataset's memory — once nothing will report a problem at a key any more: the build calls
// it after the rules have run, before rendering. The records' own positions stay.
func (ds *Dataset) DropPositions() {
	seen := map[uintptr]bool{}
	dropPositions(reflect.ValueOf(ds), seen)
}

func dropPositions(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		dropPositions(v.Elem(), seen)
	case reflect.Interface:
		if !v.IsNil() {
			dropPositions(v.Elem(), seen)
		}
	case reflect.Struct:
		if v.Type() == srcType {
			if v.CanSet() {
				v.Field(1).Set(reflect.Zero(v.Field(1).Type()))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				dropPositions(v.Field(i), seen)
			}
		}
	case reflect.Slice:
		if v.IsNil() || v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			dropPositions(v.Index(i), seen)
		}
	case reflect.Map:
		// Map values cannot be set in place; the model's maps hold pointers (the indexes).
		if v.Type().Elem().Kind() == reflect.Pointer {
			it := v.MapRange()
			for it.Next() {
				dropPositions(it.Value(), seen)
			}
		}
	}
}
