package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// mergeAll merges JSON documents in order the way compile merges releases.
func mergeAll(t *testing.T, docs ...string) string {
	t.Helper()
	out := newObject()
	for _, d := range docs {
		dec := json.NewDecoder(strings.NewReader(d))
		dec.UseNumber()
		v, err := decodeValue(dec)
		if err != nil {
			t.Fatal(err)
		}
		src := v.(*object)
		for _, k := range src.keys {
			mergeKey(out, k, src.vals[k])
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMergeFollowsOCDSRules(t *testing.T) {
	tests := []struct {
		name string
		docs []string
		want string
	}{
		{"objects merge key by key",
			[]string{`{"tender":{"id":"1","title":"a"}}`, `{"tender":{"id":"1","status":"active"}}`},
			`{"tender":{"id":"1","title":"a","status":"active"}}`},
		{"later scalar wins",
			[]string{`{"tender":{"status":"planning"}}`, `{"tender":{"status":"complete"}}`},
			`{"tender":{"status":"complete"}}`},
		{"null removes",
			[]string{`{"tender":{"id":"1","title":"a"}}`, `{"tender":{"title":null}}`},
			`{"tender":{"id":"1"}}`},
		{"arrays of objects with ids merge by id",
			[]string{`{"awards":[{"id":"a1","status":"pending"}]}`, `{"awards":[{"id":"a1","status":"active"},{"id":"a2"}]}`},
			`{"awards":[{"id":"a1","status":"active"},{"id":"a2"}]}`},
		{"nested id arrays merge too",
			[]string{`{"contracts":[{"id":"c","implementation":{"transactions":[{"id":"p1"}]}}]}`,
				`{"contracts":[{"id":"c","implementation":{"transactions":[{"id":"p2"}]}}]}`},
			`{"contracts":[{"id":"c","implementation":{"transactions":[{"id":"p1"},{"id":"p2"}]}}]}`},
		{"arrays of strings are replaced",
			[]string{`{"parties":[{"id":"x","roles":["buyer"]}]}`, `{"parties":[{"id":"x","roles":["payer"]}]}`},
			`{"parties":[{"id":"x","roles":["payer"]}]}`},
		{"string and integer ids differ",
			[]string{`{"items":[{"id":"1","a":1}]}`, `{"items":[{"id":1,"b":2}]}`},
			`{"items":[{"id":"1","a":1},{"id":1,"b":2}]}`},
		{"numbers stay exact",
			[]string{`{"value":{"amount":1234567890123456.78}}`},
			`{"value":{"amount":1234567890123456.78}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mergeAll(t, tt.docs...); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCompileSetsCompiledFields(t *testing.T) {
	rels := []*Release{
		{OCID: "ocds-x-1", ID: "ocds-x-1-call-1", Date: "2025-01-01T00:00:00+08:00", Tag: []string{"tender"}, InitiationType: "tender", Tender: &Tender{ID: "1", Status: "active"}},
		{OCID: "ocds-x-1", ID: "ocds-x-1-award-1", Date: "2025-02-01T00:00:00+08:00", Tag: []string{"award"}, InitiationType: "tender", Tender: &Tender{ID: "1", Status: "complete"}},
	}
	c, err := compile(rels)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	want := `{"ocid":"ocds-x-1","id":"ocds-x-1-compiled","date":"2025-02-01T00:00:00+08:00","tag":["compiled"],"initiationType":"tender","tender":{"id":"1","status":"complete"}}`
	if string(b) != want {
		t.Errorf("compiled:\n%s\nwant\n%s", b, want)
	}
}

// TestToValueMatchesEncodingJSON: the generic form of every fixture release, written by
// object's own writer, is byte for byte what encoding/json writes for the struct.
func TestToValueMatchesEncodingJSON(t *testing.T) {
	ds := load(t, fixtureRoot)
	x, err := newExporter(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range ds.Projects {
		for _, r := range x.releases(p) {
			n++
			want, err := encodeJSON(r, "")
			if err != nil {
				t.Fatal(err)
			}
			v, err := toValue(r)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.(*object).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(got)+"\n" != string(want) {
				t.Errorf("release %s:\n got %s\nwant %s", r.ID, got, want)
			}
		}
	}
	if n == 0 {
		t.Fatal("no releases")
	}
}

func TestAppendStringEscapes(t *testing.T) {
	for _, s := range []string{`plain`, `引号"和\反斜杠`, "换行\n回车\r制表\t", "\x00\x1f", "<a href=\"x?a=1&b=2\">", "\u2028\u2029", "bad\xffutf8"} {
		var b bytes.Buffer
		appendString(&b, s)
		var back string
		if err := json.Unmarshal(b.Bytes(), &back); err != nil {
			t.Errorf("%q → %s: %v", s, b.String(), err)
			continue
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); back != want {
			t.Errorf("%q → %s → %q", s, b.String(), back)
		}
	}
}
