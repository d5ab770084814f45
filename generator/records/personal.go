package records

import (
	"html"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Personal data a clerk must never publish (records.md "What a clerk must never publish").
// The scanners below look for whole numbers only — a match must not be part of a longer run of
// digits or letters — so dates, amounts, office phones and document numbers stay clean.

// PersonalKind names a kind of personal data.
type PersonalKind int

const (
	ResidentID PersonalKind = iota + 1 // 居民身份证号码
	Mobile                             // 个人手机号码
	BankCard                           // 银行卡号
)

func (k PersonalKind) names() (zh, en string) {
	switch k {
	case ResidentID:
		return "居民身份证号码", "resident ID number"
	case Mobile:
		return "个人手机号码", "personal mobile number"
	}
	return "银行卡号", "bank card number"
}

// PersonalMatch is one piece of personal data found in a text: byte offsets into it, and the
// number as the scanner read it (ASCII digits, no separators), for a masked diagnostic.
type PersonalMatch struct {
	Kind       PersonalKind
	Start, End int
	Value      string
}

// FindPersonal returns the personal data in s, in order. It reads a normalised view of s, the
// number a reader sees: full-width and other compatibility digits as ASCII (NFKC; Chinese input
// methods type １３９…), HTML character references decoded (&#52; is a 4 on a page), invisible
// characters, Markdown escapes and emphasis marks dropped, and — in the scanners — spaces,
// dashes and dots between digits skipped.
func FindPersonal(s string) []PersonalMatch {
	if !mayHoldDigits(s, minPersonalDigits) {
		return nil // most texts — names, prose, dates, amounts — end here after one cheap pass
	}
	return scanPersonal(s)
}

// scanPersonal is FindPersonal without the digit count.
func scanPersonal(s string) []PersonalMatch {
	v := normalise(s, nil)
	var out []PersonalMatch
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(isDigit(c) || c == '+') || (i > 0 && isAlnum(v[i-1])) {
			continue
		}
		kind, end, digits := PersonalKind(0), 0, ""
		if e, d, ok := matchResidentID(v, i); ok {
			kind, end, digits = ResidentID, e, d
		} else if e, d, ok := matchMobile(v, i); ok {
			kind, end, digits = Mobile, e, d
		} else if e, d, ok := matchBankCard(v, i); ok {
			kind, end, digits = BankCard, e, d
		}
		if kind != 0 {
			out = append(out, PersonalMatch{kind, i, end, digits}) // offsets into v for now
			i = end - 1
			continue
		}
		// Skip the rest of this digit run: a match may only start at its beginning.
		for i+1 < len(v) && isDigit(v[i+1]) {
			i++
		}
	}
	if len(out) > 0 && v != s {
		// Matches are rare: only then is the view made again with the way back to s.
		var from []int
		normalise(s, &from)
		for k := range out {
			out[k].Start, out[k].End = from[out[k].Start], from[out[k].End]
		}
	}
	return out
}

// minPersonalDigits is the fewest digits any kind holds: a mobile number's 11 (an ID number has
// 17 and a check character, a bank card 16 to 19).
const minPersonalDigits = 11

// mayHoldDigits reports whether s may hold n digits or more once normalised: it counts ASCII
// digits, other number characters, and '&' (a character reference may be a digit). The CJK
// ideographs (lead bytes E4–E9) are skipped without decoding: none is a number.
func mayHoldDigits(s string, n int) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if isDigit(c) || c == '&' {
				n--
			}
			i++
		case c >= 0xe4 && c <= 0xe9:
			i += 3
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsNumber(r) {
				n--
			}
			i += size
		}
		if n <= 0 {
			return true
		}
	}
	return false
}

// normalise returns the normalised view of s (see FindPersonal). With from non-nil it also
// sets *from to the way back: a byte of the view at offset i came from the character of s at
// (*from)[i], and (*from)[len(view)] is len(s). Characters whose compatibility form is not ASCII
// are kept as they are.
func normalise(s string, from *[]int) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c < utf8.RuneSelf && c != '&' && c != '\\' && c != '*' && c != '_' && c != '`' && c != '~'
	}
	if plain {
		if from != nil {
			*from = make([]int, len(s)+1)
			for i := range *from {
				(*from)[i] = i
			}
		}
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	// mark records that the bytes written since the last call came from s[at:].
	mark := func(at int) {}
	if from != nil {
		*from = make([]int, 0, len(s)+1)
		mark = func(at int) {
			for len(*from) < b.Len() {
				*from = append(*from, at)
			}
		}
	}
	emit := func(r rune, at int) {
		switch {
		case r == '*' || r == '_' || r == '`' || r == '~':
			return // Markdown emphasis and code marks: 139**1234**5678 shows as one number
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		case invisible(r):
			return
		case isDash(r):
			b.WriteByte('-')
		case isIdeograph(r):
			// A Chinese character is its own compatibility form (TestIdeographsAreNFKC): the
			// lookup below, for every character of every Chinese text, was most of the time here.
			b.WriteRune(r)
		default:
			if f := asciiForm(r); f != nil {
				b.Write(f)
			} else {
				b.WriteRune(r)
			}
		}
		mark(at)
	}
	for i := 0; i < len(s); {
		if s[i] == '\\' && i+1 < len(s) && isPunct(s[i+1]) {
			i++ // a Markdown escape: 139\-1234 shows as 139-1234
			continue
		}
		if s[i] == '&' {
			if dec, n := charRef(s[i:]); n > 0 {
				for _, r := range dec {
					emit(r, i)
				}
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		emit(r, i)
		i += size
	}
	if from != nil {
		*from = append(*from, len(s))
	}
	return b.String()
}

// asciiForm returns the compatibility form (NFKC) of r when it is ASCII, else nil — a full-width digit's
// digit, an ideographic space's space — without the allocations of norm.NFKC.String, which
// were a third of all that check allocated (TestASCIIFormIsNFKC holds the two equal). A
// character's NFKC form is ASCII only when its full compatibility decomposition is: ASCII
// characters compose with nothing.
// The bytes returned are norm's own table: read them, never change them.
func asciiForm(r rune) []byte {
	var buf [utf8.UTFMax]byte
	d := norm.NFKC.Properties(buf[:utf8.EncodeRune(buf[:], r)]).Decomposition()
	for _, c := range d {
		if c >= utf8.RuneSelf {
			return nil
		}
	}
	return d // nil when r is its own form
}

// charRef decodes the HTML character reference at the start of s (&#52; &#x34; &amp; &nbsp;)
// and returns it with its length, or n=0. Numeric references are decoded without the ';' too,
// as browsers do.
func charRef(s string) (dec string, n int) {
	j := 1
	if j < len(s) && s[j] == '#' {
		j++
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			j++
		}
		for j < len(s) && j < 12 && isAlnum(s[j]) {
			j++
		}
		if j < len(s) && s[j] == ';' {
			j++
		}
	} else {
		for j < len(s) && j < 34 && isAlnum(s[j]) {
			j++
		}
		if j == len(s) || s[j] != ';' {
			return "", 0
		}
		j++
	}
	if d := html.UnescapeString(s[:j]); d != s[:j] {
		return d, j
	}
	return "", 0
}

// invisible characters are dropped: they would hide a number from the scanners, not from a reader.
func invisible(r rune) bool {
	return r == 0xad || r >= 0x200b && r <= 0x200d || r == 0x2060 || r == 0xfeff
}

// isDash reports the dashes and minus signs NFKC leaves as they are (or makes non-ASCII).
func isDash(r rune) bool {
	return r >= 0x2010 && r <= 0x2015 || r == 0x2212 || r == 0xfe58 || r == 0xfe63 || r == 0xff0d
}

// isPunct reports the ASCII punctuation a Markdown backslash escapes.
func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isAlnum(c)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isSep reports a character a number may be grouped with: 138 1234 5678, 138-1234-5678, 138.1234.5678.
func isSep(c byte) bool { return c == ' ' || c == '-' || c == '.' }

// maxSep is the longest run of separators between two digits of one number ("138 - 1234").
const maxSep = 3

// skipSep returns the offset after a run of at most maxSep separators at s[j:].
func skipSep(s string, j int) int {
	k := j
	for k < len(s) && k-j < maxSep && isSep(s[k]) {
		k++
	}
	return k
}

// collectDigits appends to dst up to max digits from s[i:], skipping separators between digits
// when sep is true. It returns the digits and the offset just past the last digit read.
// Callers pass a small stack buffer: this runs on every number in every text.
func collectDigits(dst []byte, s string, i, max int, sep bool) (digits []byte, end int) {
	digits = dst
	end = i
	for j := i; j < len(s) && len(digits) < max; {
		if isDigit(s[j]) {
			digits = append(digits, s[j])
			j++
			end = j
			continue
		}
		if k := skipSep(s, j); sep && len(digits) > 0 && k > j && k < len(s) && isDigit(s[k]) {
			j = k
			continue
		}
		break
	}
	return digits, end
}

// continues reports whether the number read from s[start:end] goes on: another digit, or — when
// the number itself was grouped with separators — a separator and a digit. An ungrouped number
// followed by " 2025" is a whole number.
func continues(s string, start, end, ndigits int) bool {
	if end >= len(s) {
		return false
	}
	if isDigit(s[end]) {
		return true
	}
	grouped := end-start != ndigits
	k := skipSep(s, end)
	return grouped && k > end && k < len(s) && isDigit(s[k])
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// ValidResidentID reports whether id is an 18-character resident ID number (GB 11643-1999) with a
// correct check character, a province code and a real birth date.
func ValidResidentID(id string) bool {
	if !plausibleResidentID(id) {
		return false
	}
	sum := 0
	for i := range 17 {
		sum += int(id[i]-'0') * idWeights[i]
	}
	last := id[17]
	if last == 'x' {
		last = 'X'
	}
	return last == "10X98765432"[sum%11]
}

// plausibleResidentID reports 17 digits and a digit or X that begin with a province code and hold
// a real birth date, whatever the check character: a typo in a real ID is still a person's ID.
func plausibleResidentID(id string) bool {
	if len(id) != 18 {
		return false
	}
	for i := range 17 {
		if !isDigit(id[i]) {
			return false
		}
	}
	if l := id[17]; !isDigit(l) && l != 'X' && l != 'x' {
		return false
	}
	if !provinces[atoi(id[0:2])] {
		return false
	}
	y, m, d := atoi(id[6:10]), atoi(id[10:12]), atoi(id[12:14])
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

// provinces are the first two digits of a resident ID (GB/T 2260), and 83 of the residence
// permits of Taiwan residents.
var provinces = func() (p [100]bool) {
	for _, r := range [][2]int{{11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54}, {61, 65}, {71, 71}, {81, 83}} {
		for c := r[0]; c <= r[1]; c++ {
			p[c] = true
		}
	}
	return p
}()

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func matchResidentID(s string, i int) (int, string, bool) {
	var buf [24]byte
	digits, end := collectDigits(buf[:0], s, i, 18, true)
	if len(digits) == 17 {
		if k := skipSep(s, end); k < len(s) && (s[k] == 'X' || s[k] == 'x') {
			digits = append(digits, 'X')
			end = k + 1
		}
	}
	if len(digits) != 18 || (end < len(s) && isAlnum(s[end])) || continues(s, i, end, 18) {
		return 0, "", false
	}
	id := string(digits)
	// An organisation's credit code may be all digits and look like an ID; a true ID check
	// character wins, and anything else that is a valid credit code is one.
	if ValidResidentID(id) || plausibleResidentID(id) && !ValidCreditCode(id) {
		return end, id, true
	}
	return 0, "", false
}

// matchMobile finds 1[3-9]xxxxxxxxx, optionally after +86 / 0086 / 86, grouped with separators
// (138 1234 5678, 138-1234-5678, +86 138…).
func matchMobile(s string, i int) (int, string, bool) {
	j := i
	for _, p := range []string{"+86", "0086", "86"} {
		if len(s) >= j+len(p) && s[j:j+len(p)] == p {
			k := skipSep(s, j+len(p))
			if k+1 < len(s) && s[k] == '1' && s[k+1] >= '3' && s[k+1] <= '9' {
				j = k
			}
			break
		}
	}
	if j >= len(s) || !isDigit(s[j]) {
		return 0, "", false
	}
	var buf [24]byte
	digits, end := collectDigits(buf[:0], s, j, 11, true)
	// Only a digit or letter right after the number makes it part of something longer: a grouped
	// mobile may be followed by the next one (138 1234 5678 139 1234 5678), and within a longer
	// grouped number (a card's 4-4-4-4) eleven digits end inside a group.
	if len(digits) != 11 || digits[0] != '1' || digits[1] < '3' || digits[1] > '9' || end < len(s) && isAlnum(s[end]) {
		return 0, "", false
	}
	return end, string(digits), true
}

// matchBankCard finds 16–19 digits (separators allowed) that pass the Luhn check and start like
// a payment card (3 JCB/Amex, 4 Visa, 5 Mastercard, 6 UnionPay) — the prefix keeps long internal
// reference numbers that happen to pass Luhn (one in ten does) from being refused.
func matchBankCard(s string, i int) (int, string, bool) {
	var buf [24]byte
	digits, end := collectDigits(buf[:0], s, i, 20, true)
	if len(digits) < 16 || len(digits) > 19 || continues(s, i, end, len(digits)) {
		return 0, "", false
	}
	if digits[0] < '3' || digits[0] > '6' || !Luhn(string(digits)) {
		return 0, "", false
	}
	return end, string(digits), true
}

// Luhn reports whether the digit string passes the Luhn (mod 10) check.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if !isDigit(c) {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// isIdeograph reports the CJK Unified Ideographs and Extension A (U+3400–U+9FFF, with the
// Yijing hexagram symbols between them): none has another compatibility form.
func isIdeograph(r rune) bool { return r >= 0x3400 && r <= 0x9fff }
