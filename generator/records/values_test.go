package records

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Money
		err  error
	}{
		{"290000", 29_000_000, nil},
		{"290000.00", 29_000_000, nil},
		{"290000.5", 29_000_050, nil},
		{"290000.05", 29_000_005, nil},
		{"29万元", 29_000_000, nil},
		{"29万", 29_000_000, nil},
		{"29.5万元", 29_500_000, nil},
		{"29.123456万元", 29_123_456, nil},
		{"0.01万", 10_000, nil},
		{"¥290,000", 29_000_000, nil},
		{"￥290,000.00", 29_000_000, nil},
		{"290,000元", 29_000_000, nil},
		{"1,234,567.89", 123_456_789, nil},
		{" 12 ", 1_200, nil},
		{"0", 0, nil},
		{"290000.000", 29_000_000, nil}, // trailing zeros are still exact to the fen
		{"999999999999999", 99_999_999_999_999_900, nil},
		{"290000.001", 0, ErrMoneyDecimals},
		{"29.1234567万", 0, ErrMoneyDecimals},
		{"-100", 0, ErrMoneyNegative},
		{"¥-100", 0, ErrMoneyNegative},
		{"100美元", 0, ErrMoneyUnit},
		{"29千元", 0, ErrMoneyUnit},
		{"100 USD", 0, ErrMoneyUnit},
		{"", 0, ErrMoneySyntax},
		{"万元", 0, ErrMoneySyntax},
		{"很多", 0, ErrMoneySyntax},
		{"29,00", 0, ErrMoneySyntax},
		{"2,9000", 0, ErrMoneySyntax},
		{"1.", 0, ErrMoneySyntax},
		{".5", 0, ErrMoneySyntax},
		{"1e6", 0, ErrMoneyUnit},
		{"1.2.3", 0, ErrMoneySyntax},
		{"9999999999999999", 0, ErrMoneyTooLarge},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if err != tt.err || got != tt.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2025-06-05 09:30", "2025-06-05T09:30:00+08:00"},
		{"2025-06-05T09:30", "2025-06-05T09:30:00+08:00"},
		{"2025-06-05 09:30:15", "2025-06-05T09:30:15+08:00"},
		{"2025-06-05T01:30:00Z", "2025-06-05T01:30:00Z"},
		{"2025-06-05T09:30:00+08:00", "2025-06-05T09:30:00+08:00"},
	}
	for _, tt := range tests {
		got, err := ParseDateTime(tt.in)
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "2025-06-05", "2025/06/05 09:30", "2025-06-05 25:00", "明天"} {
		if _, err := ParseDateTime(bad); err == nil {
			t.Errorf("ParseDateTime(%q) succeeded", bad)
		}
	}
	if d, _ := ParseDateTime("2025-06-04T20:00:00Z"); d.Date() != NewDate(2025, 6, 5) {
		t.Errorf("Date() of 20:00 UTC should be the next day in CST, got %v", d.Date())
	}
}

func TestValidCreditCode(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		// Published codes of well-known companies (national enterprise credit publicity system).
		{"914403001922038216", true}, // 华为技术有限公司
		{"91330100716105852F", true}, // 阿里巴巴（中国）有限公司
		{"9144030071526726XG", true}, // 深圳市腾讯计算机系统有限公司
		{"91110108551385082Q", true}, // 小米科技有限责任公司
		{"91350100M000100Y43", true}, // the GB 32100 style example
		{"914403001922038217", false},
		{"91330100716105852G", false},
		{"9144030071526726XI", false}, // I is not in the code set
		{"91440300715267", false},
		{"", false},
		{"9144030071526726xg", false}, // lower case is not in the code set
	}
	for _, tt := range tests {
		if got := ValidCreditCode(tt.code); got != tt.want {
			t.Errorf("ValidCreditCode(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
	for _, c := range []string{"914403001922038216", "91330100716105852F", "9144030071526726XG"} {
		if got := CreditCodeCheck(c[:17]); got != c[17] {
			t.Errorf("CreditCodeCheck(%s) = %c, want %c", c[:17], got, c[17])
		}
	}
}

func TestValidResidentID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"11010519491231002X", true}, // the example in GB 11643-1999
		{"11010519491231002x", true},
		{"110105194912310021", false}, // wrong check character
		{"11010519491331002X", false}, // month 13 (checksum recomputed below would still fail the date)
		{"00010519491231002X", false},
		{"1101051949123100", false},
	}
	for _, tt := range tests {
		if got := ValidResidentID(tt.id); got != tt.want {
			t.Errorf("ValidResidentID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
	// A correct checksum on an impossible birth date is still refused.
	base := "11010520250230001" // 30 February
	for _, c := range "0123456789X" {
		if ValidResidentID(base + string(c)) {
			t.Errorf("%s%c accepted with an impossible birth date", base, c)
		}
	}
}

func TestLuhn(t *testing.T) {
	for _, ok := range []string{"4111111111111111", "6250946000000016", "79927398713", "0"} {
		if !Luhn(ok) {
			t.Errorf("Luhn(%s) = false", ok)
		}
	}
	for _, bad := range []string{"4111111111111112", "79927398710", "", "12a4"} {
		if Luhn(bad) {
			t.Errorf("Luhn(%q) = true", bad)
		}
	}
}

func TestFindPersonal(t *testing.T) {
	tests := []struct {
		in    string
		kinds []PersonalKind
	}{
		{"联系电话 0871-12345678", nil},
		{"联系电话 0871-6512 3456", nil},
		{"手机 13812345678", []PersonalKind{Mobile}},
		{"手机 138 1234 5678。", []PersonalKind{Mobile}},
		{"手机 138-1234-5678", []PersonalKind{Mobile}},
		{"+86 139 1234 5678", []PersonalKind{Mobile}},
		{"+8613912345678", []PersonalKind{Mobile}},
		{"编号 213812345678", nil},    // part of a longer number
		{"合同号 SLS13812345678", nil}, // part of an identifier
		{"12812345678", nil},        // 12x is not a mobile prefix
		{"身份证 11010519491231002X", []PersonalKind{ResidentID}},
		{"11010519491231002X1", nil},                       // longer run
		{"110105194912310021", []PersonalKind{ResidentID}}, // bad check digit: still a person's ID
		{"110105194913310021", nil},                        // no such birth date
		{"990105194912310021", nil},                        // no such province
		// Written so that a reader sees the number but a byte scanner does not.
		{"服务对象身份证１１０１０５１９４９１２３１００２Ｘ", []PersonalKind{ResidentID}},
		{"联系人手机１３９１２３４５６７８", []PersonalKind{Mobile}},
		{"手机＋８６ １３９－１２３４－５６７８", []PersonalKind{Mobile}},
		{"手机 0086 139 1234 5678", []PersonalKind{Mobile}},
		{"手机 139.1234.5678", []PersonalKind{Mobile}},
		{"手机 139 - 1234 - 5678", []PersonalKind{Mobile}},
		{"手机 139​1234​5678", []PersonalKind{Mobile}},
		{"&#49;&#51;&#57;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;", []PersonalKind{Mobile}},
		{"身份证 &#x31;10105194912310021", []PersonalKind{ResidentID}},
		{"身份证 110105 19491231 002X", []PersonalKind{ResidentID}},
		{"手机 139\\-1234\\-5678", []PersonalKind{Mobile}},
		{"手机 139**1234**5678", []PersonalKind{Mobile}},
		{"手机 `13912345678`", []PersonalKind{Mobile}},
		{"手机 13812345678 2025年", []PersonalKind{Mobile}}, // an ungrouped number ends at the space
		{"手机 138 1234 5678 139 1234 5678", []PersonalKind{Mobile, Mobile}},
		{"编号 6222 1381 2345 6788", nil}, // 11 digits from the second group end inside the last
		{"手机 13812345678x", nil},
		{"卡号 6250 9460 0000 0016 124", nil}, // grouped, and goes on: 19 digits failing Luhn
		{"卡号 ６２５０９４６０００００００１６", []PersonalKind{BankCard}},
		{"卡号 6222 0000 0000 0000 004", []PersonalKind{BankCard}}, // 19 digits
		// Must stay allowed: office phones, credit codes, dates, amounts, document numbers.
		{"电话 (0871) 6512-3456，0871-12345678 转 8001", nil},
		{"电话 ０８７１－１２３４５６７８", nil},
		{"信用代码 12530199MB5BQHCY2P", nil},
		{"日期 2025-06-05 至 2025-12-31，2025.06.05", nil},
		{"金额 ¥1,234,567.89 元，290000.00 元", nil},
		{"云财教〔2017〕418号、示财购〔2025〕12 号", nil},
		{"合同编号 SLS-MZ-2025-001-HT", nil},
		{"卡号 4111 1111 1111 1111", []PersonalKind{BankCard}},
		{"卡号 6250-9460-0000-0016", []PersonalKind{BankCard}},
		{"卡号 4111111111111112", nil}, // Luhn fails
		{"金额 290000.00 元，日期 2025-06-05 09:30", nil},
		{"统一社会信用代码 914403001922038216", nil}, // starts with 9, not a card prefix
		{"13812345678 与 11010519491231002X", []PersonalKind{Mobile, ResidentID}},
	}
	for _, tt := range tests {
		var got []PersonalKind
		for _, m := range FindPersonal(tt.in) {
			got = append(got, m.Kind)
			if m.Start < 0 || m.End > len(tt.in) || m.Start >= m.End {
				t.Errorf("FindPersonal(%q): bad span %+v", tt.in, m)
			}
		}
		if len(got) > 0 && !strings.Contains(mask(FindPersonal(tt.in)[0].Value), "*") {
			t.Errorf("FindPersonal(%q): value %q", tt.in, FindPersonal(tt.in)[0].Value)
		}
		if len(got) != len(tt.kinds) {
			t.Errorf("FindPersonal(%q) = %v, want %v", tt.in, got, tt.kinds)
			continue
		}
		for i := range got {
			if got[i] != tt.kinds[i] {
				t.Errorf("FindPersonal(%q) = %v, want %v", tt.in, got, tt.kinds)
			}
		}
	}
}

// TestPlainParagraph checks the fast path renders exactly what goldmark renders, on chosen
// cases and on random strings built from characters that matter to Markdown.
func TestPlainParagraph(t *testing.T) {
	cases := []string{"按合同约定。", "按合同约定。\n", "第一行\n第二行", "服务 300 人（含 80 岁以上老人）。", "费用：50%", "a  b", "中\u3000文",
		"# 标题", "- 列表", "1. 列表", "行尾空格  \n下一行", "段一\n\n段二", " 缩进", "a\tb", "<b>x</b>", "a & b", "\"引号\"", "x\n===", "http://example.cn/"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "中", " ", "\n", "#", "-", "1", ".", ")", "*", "=", ":", "(", "%", "'", "\u3000", "+", "x"}
	for range 3000 {
		var b strings.Builder
		for range r.IntN(12) + 1 {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	fast := 0
	for _, c := range cases {
		html, ok := plainParagraph(c)
		if !ok {
			continue
		}
		fast++
		var buf bytes.Buffer
		src := []byte(c)
		if err := md.Renderer().Render(&buf, src, md.Parser().Parse(text.NewReader(src))); err != nil {
			t.Fatal(err)
		}
		if html != buf.String() {
			t.Errorf("plainParagraph(%q) = %q, goldmark renders %q", c, html, buf.String())
		}
	}
	if fast < 100 {
		t.Errorf("fast path taken only %d times; the test exercises too little", fast)
	}
}

func TestRenderMarkdown(t *testing.T) {
	m, issues := renderMarkdown("服务内容：\n\n- 助餐\n- 助洁\n")
	if len(issues) != 0 || !strings.Contains(m.HTML, "<li>助餐</li>") {
		t.Errorf("list: %q %v", m.HTML, issues)
	}
	m, issues = renderMarkdown("见 <script>alert(1)</script> 和 [链接](JavaScript:alert(1)) 以及 ![图](data:image/svg+xml;base64,AAAA)")
	codes := map[string]int{}
	for _, is := range issues {
		codes[is.Code]++
	}
	if codes["raw-html"] != 1 || codes["unsafe-link"] != 2 {
		t.Errorf("issues = %v", issues)
	}
	if strings.Contains(m.HTML, "<script") || strings.Contains(strings.ToLower(m.HTML), "javascript:") {
		t.Errorf("unsafe output: %q", m.HTML)
	}
	if len(issues) > 0 && !strings.Contains(issues[0].Zh, "（<script>）") {
		t.Errorf("raw-html should quote the tag: %s", issues[0].Zh)
	}
	// One diagnostic per line, at the right offsets.
	_, issues = renderMarkdown("a <b>x</b>\n\n<div>\nblock\n</div>\n")
	if len(issues) != 2 || issues[0].Offset != 2 || issues[1].Offset != 12 {
		t.Errorf("issues = %+v", issues)
	}
}

// TestIdeographsAreNFKC: normalise copies the characters isIdeograph accepts as they are, without
// the compatibility lookup; that is right only if each is its own NFKC form.
func TestIdeographsAreNFKC(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0x10ffff; r++ {
		if !isIdeograph(r) {
			continue
		}
		n++
		if s := string(r); norm.NFKC.String(s) != s {
			t.Errorf("U+%04X is not its own compatibility form", r)
		}
	}
	if n < 20000 {
		t.Errorf("isIdeograph accepts %d characters: the range is wrong", n)
	}
	var from []int
	src := "电话１３９：&#49;"
	v := normalise(src, &from)
	if v != "电话139:1" || from[len("电话")] != len("电话") || from[len("电话13")] != len("电话１３") ||
		from[len(v)-1] != strings.Index(src, "&") || from[len(v)] != len(src) {
		t.Errorf("normalise = %q, way back %v", v, from)
	}
	if w := normalise(src, nil); w != v {
		t.Errorf("normalise without the way back = %q, with it %q", w, v)
	}
}

// TestASCIIFormIsNFKC holds asciiForm to norm.NFKC.String for every character: the same ASCII
// form where NFKC gives one, nil where it does not.
func TestASCIIFormIsNFKC(t *testing.T) {
	ascii := 0
	for r := rune(0x80); r <= 0x10ffff; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are no characters
		}
		want := norm.NFKC.String(string(r))
		if !isASCII(want) {
			want = ""
		}
		if got := string(asciiForm(r)); got != want {
			t.Errorf("U+%04X: asciiForm %q, NFKC %q", r, got, want)
		}
		if want != "" {
			ascii++
		}
	}
	if ascii < 500 {
		t.Errorf("only %d characters have an ASCII compatibility form: the comparison is wrong", ascii)
	}
}

// TestControlCharCheckByRune holds the byte scan of controlCharCheck to the rule it implements,
// read rune by rune: the first rune below U+0020 other than tab and line feed, or in
// U+007F–U+009F, at its byte offset.
func TestControlCharCheckByRune(t *testing.T) {
	for _, s := range []string{"", "东城区居家养老", "a\tb\nc", "东\u0007城", "东城\r", "x\u007f", "养老\u0085服务",
		"\u0080", "\u009f", "\u00a0\u00c2\u00a9", "© ¢ Â", "\x00", "服务\u009f\u0001"} {
		wantAt, wantR := -1, rune(0)
		for i, r := range s {
			if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f {
				wantAt, wantR = i, r
				break
			}
		}
		got := controlCharCheck("title", s)
		switch {
		case wantAt < 0 && len(got) > 0:
			t.Errorf("%q: reported %+v, has no control character", s, got[0])
		case wantAt >= 0 && (len(got) != 1 || got[0].Offset != wantAt || !strings.Contains(got[0].En, fmt.Sprintf("U+%04X", wantR))):
			t.Errorf("%q: got %+v, want U+%04X at %d", s, got, wantR, wantAt)
		}
	}
}
