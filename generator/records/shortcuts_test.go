package records

// The shortcuts that make `check` fast — no HTML, a pre-filter before goldmark, a digit count
// before the personal-data scan — must give exactly the answers of the full path.

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestCheckMarkdown: checkMarkdown finds exactly the issues renderMarkdown finds, including in
// text its pre-filter lets through to goldmark, and never renders.
func TestCheckMarkdown(t *testing.T) {
	for _, src := range []string{
		"按合同约定。",
		"服务内容：\n\n1. 助餐\n2. 助洁\n",
		"a <b>x</b>\n\n<div>\nblock\n</div>\n",
		"见 <script>alert(1)</script> 和 [链接](JavaScript:alert(1)) 以及 ![图](data:image/svg+xml;base64,AAAA)",
		"[引用][r]\n\n[r]: javascript:alert(1)\n",
		"<javascript:alert(1)> 与 <https://example.cn/>",
		"[正常](https://example.cn/) 与 [站内](/projects/)",
		"x < y，且 [a] 不是链接",
		"<!-- 注释 -->",
		"| 表 | 头 |\n|---|---|\n| <i>x</i> | [y](vbscript:z) |\n",
	} {
		want, wantIssues := renderMarkdown(src)
		got, issues := checkMarkdown(src)
		if !reflect.DeepEqual(issues, wantIssues) {
			t.Errorf("%q: issues %+v, renderMarkdown %+v", src, issues, wantIssues)
		}
		if got.Source != want.Source || got.HTML != "" {
			t.Errorf("%q: got %+v, want the source and no HTML", src, got)
		}
	}
}

// TestLoadNoHTML: on every broken fixture, LoadWith(NoHTML) reports exactly what Load does, and
// leaves the HTML out.
func TestLoadNoHTML(t *testing.T) {
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			f := validFixture()
			if c.mutate != nil {
				c.mutate(t, f)
			}
			root := f.write(t)
			if c.after != nil {
				c.after(t, root)
			}
			_, want := Load(root)
			ds, got := LoadWith(root, LoadOptions{NoHTML: true})
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("diagnostics differ:\n got %v\nwant %v", got, want)
			}
			for _, p := range ds.Projects {
				if p.Summary.Source != "" && p.Summary.HTML != "" {
					t.Fatalf("%s: summary rendered with NoHTML", p.ID)
				}
			}
		})
	}
	ds, _ := Load(validFixture().write(t))
	if len(ds.Projects) == 0 || ds.Projects[0].Summary.HTML == "" {
		t.Error("Load must render the Markdown")
	}
}

// TestPersonalDigitFilter: FindPersonal skips texts with fewer than 11 digits; on texts made of
// digit groups, separators and prefixes — matches and near misses alike — it finds exactly what
// the full scan finds.
func TestPersonalDigitFilter(t *testing.T) {
	parts := []string{"1", "13", "138", "1234", "5678", "86", "+86", "0086", "11010519491231002", "X", "x",
		"4111", "6250", "9460", " ", "-", "，", "号", "a",
		"１３８", "１２３４", "＋８６", "&#49;", "&#x33;", "&amp;", "&", "\u200b", "．", "**", "\\-", "\\"}
	r := rand.New(rand.NewPCG(3, 4))
	found := 0
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s := b.String()
		want := scanPersonal(s)
		if got := FindPersonal(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("FindPersonal(%q) = %v, full scan %v", s, got, want)
		}
		found += len(want)
	}
	if found == 0 {
		t.Error("the generated texts should hold some personal data")
	}
	if FindPersonal("手机 1381234567") != nil || FindPersonal("手机 13812345678") == nil {
		t.Error("the filter is off by one")
	}
}
