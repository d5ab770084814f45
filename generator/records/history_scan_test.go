package records

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fullParse is what stagesIn must always agree with: the whole version parsed by the loader.
func fullParse(src string, wanted uint16) []stageKey {
	out, _ := decodeStages("t.yaml", []byte(src), wanted)
	return keysOf(out)
}

var allStages = uint16(1)<<len(projectStages) - 1

// TestStagesInAgreesWithFullParse: cutting a version into its stages never changes the answer,
// for ordinary files and for files written in every unusual way that must fall back.
func TestStagesInAgreesWithFullParse(t *testing.T) {
	project := validFixture()[fixtureProject]
	cases := map[string]string{
		"fixture":                    project,
		"stage indented by 4":        "id: X\naward:\n    decided: 2025-06-03\n    published: 2025-06-04\n",
		"published not first":        "id: X\naward:\n  decided: 2025-06-03\n  experts: [张三]\n  published: 2025-06-04\n",
		"published is a placeholder": "id: X\naward:\n  published: 待填写：发布日期\n",
		"published quoted":           "id: X\naward:\n  published: \"2025-06-04\"\n  decided: 2025-06-03\n",
		"block scalar trap":          "id: X\ncall:\n  conditions: |\n    published: 2020-01-01\n  published: 2025-05-06\n",
		"nested published first":     "id: X\ncall:\n  approval:\n    date: 2025-01-01\n  published: 2025-05-06\n",
		"flow mapping stage":         "id: X\naward: {decided: 2025-06-03, published: 2025-06-04}\n",
		"flow top level":             "{id: X, award: {published: 2025-06-04}}\n",
		"document marker":            "---\nid: X\naward:\n  published: 2025-06-04\n",
		"anchor across stages":       "id: X\ncall:\n  published: &d 2025-05-06\naward:\n  published: *d\n",
		"merge across stages":        "id: X\nintention: &i\n  published: 2025-03-01\ntermination:\n  <<: *i\n  reason: 终止\n",
		"quoted key":                 "id: X\n\"award\":\n  published: 2025-06-04\n",
		"comment and blank lines":    "# 项目\nid: X\n\naward:\n  # 结果\n\n  published: 2025-06-04\n",
		"amendments with duplicates": "id: X\namendments:\n  - published: 2025-05-15\n  - published: 2025-05-15\n  - published: 2025-05-20\n",
		"empty stage":                "id: X\naward:\naward_x: 1\n",
		"crlf":                       "id: X\r\naward:\r\n  published: 2025-06-04\r\n",
		"bom":                        "\xef\xbb\xbfid: X\naward:\n  published: 2025-06-04\n",
		"unindented lists":           "id: X\namendments:\n- published: 2025-05-15\n-\n  published: 2025-05-16\naward:\n  published: 2025-06-04\nevaluations:\n- published: 2025-12-25\n",
		"no trailing newline":        "id: X\naward:\n  published: 2025-06-04",
	}
	for name, src := range cases {
		for _, wanted := range []uint16{allStages, 1 << 4, 1<<3 | 1<<6, 1 << 2} {
			got := stagesIn("t.yaml", []byte(src), wanted)
			want := fullParse(strings.TrimPrefix(src, "\xef\xbb\xbf"), wanted)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, stages %b: cut %v, full parse %v", name, wanted, got, want)
			}
		}
	}
	// A syntax error outside the stages looked at does not hide them (see LoadHistory's rules).
	if got := stagesIn("t.yaml", []byte("id: [X\naward:\n  published: 2025-06-04\n"), allStages); len(got) != 1 {
		t.Errorf("broken id: %v, want the award", got)
	}
	if got := stagesIn("t.yaml", []byte("id: X\naward:\n  published: [2025-06-04\n"), allStages); len(got) != 0 {
		t.Errorf("broken award: %v, want nothing", got)
	}
	// And the answers themselves, for a few.
	if got := stagesIn("t.yaml", []byte(cases["anchor across stages"]), allStages); len(got) != 2 {
		t.Errorf("anchor across stages: %v, want call and award", got)
	}
	if got := stagesIn("t.yaml", []byte(cases["published is a placeholder"]), allStages); len(got) != 0 {
		t.Errorf("a placeholder date is no publication: %v", got)
	}
	want := []stageKey{{kind: KindAmendment, published: day("2025-05-15"), nth: 1},
		{kind: KindAmendment, published: day("2025-05-15"), nth: 2}, {kind: KindAmendment, published: day("2025-05-20"), nth: 1}}
	if got := stagesIn("t.yaml", []byte(cases["amendments with duplicates"]), allStages); !reflect.DeepEqual(got, want) {
		t.Errorf("amendments: %v", got)
	}
}

func TestTopSections(t *testing.T) {
	for _, tc := range []struct {
		src  string
		keys []string // nil: must refuse
	}{
		{"id: X\naward:\n  published: 2025-06-04\n", []string{"id", "award"}},
		{"# c\nid: X\n\ncall:\n  a: 1\n", []string{"id", "call"}},
		{"id: X\n\tcall: 1\n", nil},
		{"- id: X\n", nil},
		{"id: X\nlist:\n- a\n-\n  b\nnext: 1\n", []string{"id", "list", "next"}},
		{"---\nid: X\n", nil},
		{"id:X\n", nil},
		{"? id\n: X\n", nil},
		{"...\n", nil},
	} {
		secs, ok := topSections([]byte(tc.src))
		if tc.keys == nil {
			if ok {
				t.Errorf("%q: cut into %v, want refused", tc.src, secs)
			}
			continue
		}
		var keys []string
		end := -1
		for _, s := range secs {
			if end >= 0 && s.start != end {
				t.Errorf("%q: gap before %s", tc.src, s.key)
			}
			keys, end = append(keys, s.key), s.end
		}
		if !ok || !reflect.DeepEqual(keys, tc.keys) {
			t.Errorf("%q: keys %v ok=%v, want %v", tc.src, keys, ok, tc.keys)
		}
	}
}

// TestStagesInSampleData: on the sample projects (written the way clerks write), the cut agrees
// with the full parse for every set of stages, and the cut is actually taken.
func TestStagesInSampleData(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "data", "projects", "*", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Skip("no sample data")
	}
	masks := []uint16{allStages}
	for i := range projectStages {
		masks = append(masks, 1<<i)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := topSections(src); !ok {
			t.Logf("%s: not cut, parsed whole (slower, same answer)", f)
		}
		for _, m := range masks {
			if got, want := stagesIn("t.yaml", src, m), fullParse(string(src), m); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, stages %b: cut %v, full parse %v", f, m, got, want)
			}
		}
	}
}
