package records

import (
	"strings"
	"testing"
)

// The slips a clerk makes first (issue 16): what the input method types, indentation that does
// not line up, a mistyped credit code, a key missing deep in a stage. Each diagnostic must name
// the cause at its line, in Chinese.
var slipCases = []badCase{
	{name: "full-width colon", mutate: rep(proj, "title: 东城区居家养老服务项目", "title：东城区居家养老服务项目"),
		code: "yaml-syntax", file: proj, at: "title：", msg: "全角冒号"},
	{name: "full-width colon in a stage", mutate: rep(proj, "  demand: 居家养老服务", "  demand：居家养老服务"),
		code: "yaml-syntax", file: proj, at: "  demand：", msg: "全角冒号"},
	{name: "full-width space after colon", mutate: rep(proj, "form: 购买项目", "form:\u3000购买项目"),
		code: "yaml-syntax", file: proj, at: "form:\u3000", msg: "全角空格"},
	{name: "full-width space indent", mutate: rep(proj, "  demand: 居家养老服务", "\u3000demand: 居家养老服务"),
		code: "yaml-syntax", file: proj, at: "\u3000demand", msg: "缩进中有全角空格"},
	{name: "full-width space before a top key", mutate: rep(proj, "form: 购买项目", "\u3000form: 购买项目"),
		code: "unknown-key", file: proj, at: "\u3000form", msg: "全角空格"},
	{name: "indentation matches no level", mutate: rep(proj, "    quality: 符合示例市居家养老服务规范", "   quality: 符合示例市居家养老服务规范"),
		code: "yaml-syntax", file: proj, at: "   quality:", msg: "缩进不一致"},
	{name: "syntax message in Chinese", mutate: rep(proj, "title: 东城区居家养老服务项目", "title: [东城区"),
		code: "yaml-syntax", file: proj, at: "title:", msg: "方括号"},
	{name: "provider ref fails checksum", mutate: rep(proj, "    - provider: 51530100MJ0000001H", "    - provider: 51530100MJ0000001J"),
		code: "dangling-ref", file: proj, at: "    - provider: 51530100MJ0000001J", msg: "校验位正确的代码是 51530100MJ0000001H，data/providers/51530100MJ0000001H.yaml 存在"},
	{name: "contract provider fails checksum", mutate: rep(proj, "  provider: 51530100MJ0000001H\n  amount: 480000", "  provider: 51530100MJ0000001X\n  amount: 480000"),
		code: "dangling-ref", file: proj, at: "  provider: 51530100MJ0000001X", msg: "51530100MJ0000001H"},
	{name: "own credit code suggests", mutate: rep(bodies, "credit_code: 11530100MB00000017", "credit_code: 11530100MB00000018"),
		code: "credit-code", file: bodies, at: "credit_code:", msg: "应为 11530100MB00000017"},
	{name: "missing key names its parent", mutate: rep(proj, "    period:\n      from: 2025-07-01\n      to: 2026-06-30\n    place: 东城区", "    period:\n      from: 2025-07-01\n    place: 东城区"),
		code: "missing-field", file: proj, at: "      from: 2025-07-01\n    place", msg: "call.service.period 中缺少必填字段 to"},
	{name: "missing key in a list item", mutate: rep(proj, "      amount: 48万元\n", ""),
		code: "missing-field", file: proj, at: "    - provider: 51530100MJ0000001H\n  bids", msg: "award.winners[0] 中缺少必填字段 amount"},
	{name: "id pattern without a running number", mutate: func(t *testing.T, f fixture) { f[site] += "id_pattern: SLS-{body}-{year}\n" },
		code: "bad-format", file: site, at: "id_pattern:", msg: "流水号"},
	{name: "body abbr not letters", mutate: rep(bodies, "    kind: 行政机关", "    kind: 行政机关\n    abbr: M-Z"),
		code: "bad-format", file: bodies, at: "abbr: M-Z", msg: "简称"},
}

func TestClerkSlips(t *testing.T) { runBadCases(t, slipCases) }

// TestYAMLSyntaxHasColumn: the error points at the slip itself, not only its line.
func TestYAMLSyntaxHasColumn(t *testing.T) {
	f := validFixture()
	f.replace(t, proj, "  demand: 居家养老服务", "  demand：居家养老服务")
	_, diags := Load(f.write(t))
	for _, d := range diags {
		if d.Code == "yaml-syntax" {
			if d.Column != len("  demand")+1 {
				t.Errorf("column %d, want %d (the full-width colon): %s", d.Column, len("  demand")+1, d.Message)
			}
			if !strings.Contains(d.English, "full-width colon") {
				t.Errorf("English message lacks the cause: %s", d.English)
			}
			return
		}
	}
	t.Fatalf("no yaml-syntax diagnostic: %v", diags)
}

func TestIDPattern(t *testing.T) {
	p, m := ParseIDPattern("SLS-{body}-{year}-{seq:03}")
	if m != nil {
		t.Fatal(m)
	}
	if got := p.Format("jy", 2026, 9); got != "SLS-JY-2026-009" {
		t.Errorf("Format = %s", got)
	}
	for id, want := range map[string]int{"SLS-JY-2026-009": 9, "SLS-JY-2026-1234": 1234, "SLS-JY-2025-009": -1, "SLS-MZ-2026-009": -1, "SLS-JY-2026-00A": -1, "SLS-JY-2026-": -1} {
		n, _, ok := p.Seq(id, "jy", 2026)
		if !ok {
			n = -1
		}
		if n != want {
			t.Errorf("Seq(%s) = %d, want %d", id, n, want)
		}
	}
	for _, bad := range []string{"SLS-{body}-{year}", "{seq}-{seq}", "项目-{seq}", "X-{month}-{seq}", "-{seq}", "X {seq}"} {
		if _, m := ParseIDPattern(bad); m == nil || m.Zh == "" || m.En == "" {
			t.Errorf("ParseIDPattern(%q) accepted it", bad)
		}
	}
}

func TestSuggestCreditCode(t *testing.T) {
	if got := SuggestCreditCode("51530100MJ0000001J"); got != "51530100MJ0000001H" || !ValidCreditCode(got) {
		t.Errorf("SuggestCreditCode = %q", got)
	}
	if got := SuggestCreditCode("51530100mj0000001h"); got != "51530100MJ0000001H" {
		t.Errorf("lower case: %q", got)
	}
	for _, none := range []string{"51530100MJ0000001H", "5153", "51530100IJ0000001H"} {
		if got := SuggestCreditCode(none); got != "" {
			t.Errorf("SuggestCreditCode(%s) = %q, want none", none, got)
		}
	}
}
