package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// object is a JSON object that keeps its keys in first-seen order, so a compiled release reads
// in the same order as the releases it is merged from (encoding/json would sort map keys).
type object struct {
	keys []string
	vals map[string]any
}

func newObject() *object { return &object{vals: map[string]any{}} }

func (o *object) get(k string) (any, bool) { v, ok := o.vals[k]; return v, ok }

func (o *object) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *object) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, key := range o.keys {
		if key == k {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// MarshalJSON writes the keys in order. The whole tree is written in one pass (a nested
// Marshaler would have encoding/json re-scan every level).
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := appendValue(&b, o); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func appendValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case *object:
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			appendString(b, k)
			b.WriteByte(':')
			if err := appendValue(b, x.vals[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, it := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendValue(b, it); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case string:
		appendString(b, x)
	case json.Number:
		if !json.Valid([]byte(x)) {
			return fmt.Errorf("export: invalid number %q", string(x))
		}
		b.WriteString(string(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case nil:
		b.WriteString("null")
	default: // numbers and the like in hand-built objects (the JSON Schema)
		data, err := encodeJSON(v, "")
		if err != nil {
			return err
		}
		b.Write(bytes.TrimSuffix(data, []byte("\n")))
	}
	return nil
}

// appendString writes s as a JSON string, escaping what JSON requires (and U+2028/U+2029, as
// encoding/json does) but leaving <, > and & alone.
func appendString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b.WriteString(`\u`)
			b.WriteByte(hex[r>>12&0xf])
			b.WriteByte(hex[r>>8&0xf])
			b.WriteByte(hex[r>>4&0xf])
			b.WriteByte(hex[r&0xf])
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`) // invalid UTF-8, as encoding/json does
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

var numberType = reflect.TypeFor[json.Number]()

// toValue turns one of this package's OCDS structs into the generic form (object, []any,
// json.Number, string, bool, nil) that merging works on, following the encoding/json rules the
// struct tags use (name, omitempty), in field order. Map keys are sorted, as encoding/json does.
func toValue(v any) (any, error) { return reflectValue(reflect.ValueOf(v)) }

func reflectValue(v reflect.Value) (any, error) {
	if !v.IsValid() {
		return nil, nil
	}
	if v.Type() == numberType {
		return json.Number(v.String()), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		return reflectValue(v.Elem())
	case reflect.Struct:
		o := newObject()
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() || strings.Contains(opts, "omitempty") && (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0 {
				continue
			}
			val, err := reflectValue(fv)
			if err != nil {
				return nil, err
			}
			o.set(name, val)
		}
		return o, nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, nil
		}
		out := make([]any, v.Len())
		for i := range out {
			val, err := reflectValue(v.Index(i))
			if err != nil {
				return nil, err
			}
			out[i] = val
		}
		return out, nil
	case reflect.Map:
		if v.IsNil() {
			return nil, nil
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		o := newObject()
		for _, k := range keys {
			val, err := reflectValue(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())))
			if err != nil {
				return nil, err
			}
			o.set(k, val)
		}
		return o, nil
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return json.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return json.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Float32, reflect.Float64:
		return json.Number(strconv.FormatFloat(v.Float(), 'f', -1, 64)), nil
	}
	return nil, fmt.Errorf("export: cannot convert %s to JSON", v.Type())
}

// decodeValue reads one JSON value into the generic form, keeping key order (tests use it).
func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := newObject()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o.set(k, v)
			}
			_, err := dec.Token() // '}'
			return o, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token() // ']'
			return arr, err
		}
		return nil, fmt.Errorf("export: unexpected %v", t)
	default:
		return tok, nil // json.Number, string, bool, nil
	}
}

// omitWhenMerged are the release fields the OCDS merge routine leaves out of a compiled release.
var omitWhenMerged = map[string]bool{"id": true, "date": true, "tag": true}

// compile merges releases (already in date order) into a compiled release following the OCDS
// 1.1 merge routine: objects merge key by key, a null removes a field, arrays of objects that all
// have an "id" merge item by item on that id, and any other array replaces the earlier one.
func compile(releases []*Release) (*object, error) {
	out := newObject()
	if len(releases) == 0 {
		return out, nil
	}
	last := releases[len(releases)-1]
	out.set("ocid", last.OCID)
	out.set("id", last.OCID+"-compiled")
	out.set("date", last.Date)
	out.set("tag", []any{"compiled"})
	for _, r := range releases {
		v, err := toValue(r)
		if err != nil {
			return nil, err
		}
		src, ok := v.(*object)
		if !ok {
			return nil, errors.New("export: release is not a JSON object")
		}
		for _, k := range src.keys {
			if omitWhenMerged[k] {
				continue
			}
			mergeKey(out, k, src.vals[k])
		}
	}
	return out, nil
}

func mergeKey(dst *object, k string, v any) {
	switch sv := v.(type) {
	case nil:
		dst.del(k)
	case *object:
		d, ok := dst.vals[k].(*object)
		if !ok {
			d = newObject()
		}
		for _, kk := range sv.keys {
			mergeKey(d, kk, sv.vals[kk])
		}
		dst.set(k, d)
	case []any:
		if old, ok := dst.vals[k].([]any); ok && identified(sv) && identified(old) {
			dst.set(k, mergeByID(old, sv))
			return
		}
		if identified(sv) {
			// First sight: still merge so that items repeating an id collapse into one.
			dst.set(k, mergeByID(nil, sv))
			return
		}
		dst.set(k, sv)
	default:
		dst.set(k, v)
	}
}

// identified reports whether every item is an object with an id (an empty array is not).
func identified(arr []any) bool {
	if len(arr) == 0 {
		return false
	}
	for _, it := range arr {
		o, ok := it.(*object)
		if !ok {
			return false
		}
		if _, ok := o.vals["id"]; !ok {
			return false
		}
	}
	return true
}

func idKey(o *object) string {
	b, _ := json.Marshal(o.vals["id"]) // ids may be strings or integers: "1" and 1 differ
	return string(b)
}

func mergeByID(old, src []any) []any {
	out := make([]any, 0, len(old)+len(src))
	at := map[string]int{}
	for _, it := range old {
		o := it.(*object)
		at[idKey(o)] = len(out)
		out = append(out, o)
	}
	for _, it := range src {
		o := it.(*object)
		key := idKey(o)
		i, ok := at[key]
		if !ok {
			at[key] = len(out)
			out = append(out, newObject())
			i = len(out) - 1
		}
		d := out[i].(*object)
		for _, kk := range o.keys {
			mergeKey(d, kk, o.vals[kk])
		}
	}
	return out
}
