package site

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
)

// Front matter is JSON, byte for byte what encoding/json makes of the page's map (keys sorted,
// HTML characters escaped, a final newline), but a value several pages show — a notice's row in
// its list and in every filter of it, a kind's filter terms, a project's head on each of its
// notices — is encoded once (encoder.raw) and copied into each page: encoding was most of the
// generation's time.

// rawJSON is a value already encoded by encoder.raw; emit copies it as it is.
type rawJSON []byte

// MarshalJSON lets a rawJSON stand below the top level of a page's map too (encoding/json then
// checks and copies it).
func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// rawList is a JSON array of values encoded once (never null, like a non-nil slice).
type rawList []rawJSON

// encoder encodes front matter into one reused buffer; one per goroutine.
type encoder struct {
	buf  bytes.Buffer
	json *json.Encoder // writes into buf; HTML escaped, as json.Marshal
}

func newEncoder() *encoder {
	e := &encoder{}
	e.json = json.NewEncoder(&e.buf)
	return e
}

// value appends v, encoded, to the buffer.
func (e *encoder) value(v any) {
	switch v := v.(type) {
	case rawJSON:
		e.buf.Write(v)
	case rawList:
		e.buf.WriteByte('[')
		for i, r := range v {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			e.buf.Write(r)
		}
		e.buf.WriteByte(']')
	case string:
		if plainASCII(v) { // most keys and values: no escaping to do
			e.buf.WriteByte('"')
			e.buf.WriteString(v)
			e.buf.WriteByte('"')
			return
		}
		e.encode(v)
	case int:
		e.buf.Write(strconv.AppendInt(e.buf.AvailableBuffer(), int64(v), 10))
	default:
		e.encode(v)
	}
}

// encode appends v as encoding/json encodes it.
func (e *encoder) encode(v any) {
	if err := e.json.Encode(v); err != nil {
		// Every value is built from plain strings, numbers and slices; this cannot fail.
		panic("site: front matter: " + err.Error())
	}
	e.buf.Truncate(e.buf.Len() - 1) // Encode's newline
}

// plainASCII says whether s is printable ASCII that encoding/json writes as it is: no quote,
// backslash or HTML character to escape.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// raw encodes v once, for several pages.
func (e *encoder) raw(v any) rawJSON {
	e.buf.Reset()
	e.value(v)
	return rawJSON(bytes.Clone(e.buf.Bytes()))
}

// frontMatter is the content file of fm: its keys sorted, as encoding/json sorts a map's.
func (e *encoder) frontMatter(fm map[string]any) []byte {
	keys := make([]string, 0, len(fm))
	for k := range fm {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.buf.Reset()
	e.buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		e.value(k)
		e.buf.WriteByte(':')
		e.value(fm[k])
	}
	e.buf.WriteString("}\n")
	// A copy of the exact size: a site holds many files.
	return bytes.Clone(e.buf.Bytes())
}
