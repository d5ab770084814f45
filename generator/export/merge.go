package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// MarshalJSON writes the keys in order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		var vb bytes.Buffer
		enc := json.NewEncoder(&vb)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(o.vals[k]); err != nil {
			return nil, err
		}
		b.Write(bytes.TrimRight(vb.Bytes(), "\n"))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// toValue turns v into the generic form (object, []any, json.Number, string, bool, nil) by a
// round trip through JSON, keeping key order and exact numbers.
func toValue(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	val, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("export: trailing data after JSON value")
	}
	return val, nil
}

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
