package site

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestFrontMatterIsEncodingJSON: a page's front matter is what encoding/json makes of its map,
// whichever values were encoded once beforehand (rawJSON, rawList), at the top level or below.
func TestFrontMatterIsEncodingJSON(t *testing.T) {
	type row struct {
		Title string `json:"title"`
		Note  string `json:"note,omitempty"`
		N     int    `json:"n"`
		Date  *date  `json:"date"`
	}
	rows := []row{{"<b>A & B</b>", "", 1, nil}, {"line\u2028sep \"q\"", "x", 2, &date{"2025-06-05", "2025年6月5日"}}}
	var nilRows []row
	plain := map[string]any{
		"title": "甲 <乙> & 丙", "rows": rows, "empty": rows[:0], "none": nilRows, "one": rows[1],
		"nested": map[string]any{"row": rows[0], "n": 3}, "z": nil, "a_b": []string{"x"},
		"count": -42, "url": "/notices/call/page/2/", "back\\slash": "tab\t", "ctl": "\x01", "bad": "\xff",
	}
	want, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	e := newEncoder()
	raw := make(rawList, len(rows))
	for i, r := range rows {
		raw[i] = e.raw(r)
	}
	pre := map[string]any{
		"title": "甲 <乙> & 丙", "rows": raw, "empty": raw[:0], "none": nilRows, "one": e.raw(rows[1]),
		"nested": map[string]any{"row": e.raw(rows[0]), "n": 3}, "z": nil, "a_b": []string{"x"},
		"count": -42, "url": "/notices/call/page/2/", "back\\slash": "tab\t", "ctl": "\x01", "bad": "\xff",
	}
	for name, fm := range map[string]map[string]any{"plain": plain, "encoded once": pre} {
		if got := e.frontMatter(fm); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}
