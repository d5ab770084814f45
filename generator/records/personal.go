package records

import "time"

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

// PersonalMatch is one piece of personal data found in a text, as byte offsets into it.
type PersonalMatch struct {
	Kind       PersonalKind
	Start, End int
}

// FindPersonal returns the personal data in s, in order.
func FindPersonal(s string) []PersonalMatch {
	if !atLeastDigits(s, minPersonalDigits) {
		return nil // most texts — names, prose, dates, amounts — end here after one cheap pass
	}
	return scanPersonal(s)
}

// scanPersonal is FindPersonal without the digit count.
func scanPersonal(s string) []PersonalMatch {
	var out []PersonalMatch
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || c == '+') || (i > 0 && isAlnum(s[i-1])) {
			continue
		}
		if end, ok := matchResidentID(s, i); ok {
			out = append(out, PersonalMatch{ResidentID, i, end})
			i = end - 1
			continue
		}
		if end, ok := matchMobile(s, i); ok {
			out = append(out, PersonalMatch{Mobile, i, end})
			i = end - 1
			continue
		}
		if end, ok := matchBankCard(s, i); ok {
			out = append(out, PersonalMatch{BankCard, i, end})
			i = end - 1
			continue
		}
		// Skip the rest of this digit run: a match may only start at its beginning.
		for i+1 < len(s) && isDigit(s[i+1]) {
			i++
		}
	}
	return out
}

// minPersonalDigits is the fewest digits any kind holds: a mobile number's 11 (an ID number has
// 17 and a check character, a bank card 16 to 19).
const minPersonalDigits = 11

// atLeastDigits reports whether s holds n ASCII digits or more.
func atLeastDigits(s string, n int) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			if n--; n == 0 {
				return true
			}
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// collectDigits appends to dst up to max digits from s[i:], allowing one space or dash between
// digits when sep is true. It returns the digits and the offset just past the last digit read.
// Callers pass a small stack buffer: this runs on every number in every text.
func collectDigits(dst []byte, s string, i, max int, sep bool) (digits []byte, end int) {
	digits = dst
	end = i
	for j := i; j < len(s) && len(digits) < max; {
		switch {
		case isDigit(s[j]):
			digits = append(digits, s[j])
			j++
			end = j
		case sep && (s[j] == ' ' || s[j] == '-') && len(digits) > 0 && j+1 < len(s) && isDigit(s[j+1]):
			j++
		default:
			return digits, end
		}
	}
	return digits, end
}

// continues reports whether the number goes on at s[end:]: another digit, or a separator and a digit.
func continues(s string, end int) bool {
	if end >= len(s) {
		return false
	}
	if isDigit(s[end]) {
		return true
	}
	return (s[end] == ' ' || s[end] == '-') && end+1 < len(s) && isDigit(s[end+1])
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// ValidResidentID reports whether id is an 18-character resident ID number (GB 11643-1999) with a
// correct check character, a plausible province and a real birth date.
func ValidResidentID(id string) bool {
	if len(id) != 18 {
		return false
	}
	sum := 0
	for i := range 17 {
		if !isDigit(id[i]) {
			return false
		}
		sum += int(id[i]-'0') * idWeights[i]
	}
	check := "10X98765432"[sum%11]
	last := id[17]
	if last == 'x' {
		last = 'X'
	}
	if last != check {
		return false
	}
	if id[0] < '1' || id[0] > '8' || id[0:2] < "11" || id[0:2] > "82" {
		return false
	}
	y, m, d := atoi(id[6:10]), atoi(id[10:12]), atoi(id[12:14])
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func matchResidentID(s string, i int) (int, bool) {
	var buf [24]byte
	digits, end := collectDigits(buf[:0], s, i, 18, false)
	if len(digits) == 17 && end < len(s) && (s[end] == 'X' || s[end] == 'x') {
		digits = append(digits, 'X')
		end++
	}
	if len(digits) != 18 || (end < len(s) && isAlnum(s[end])) {
		return 0, false
	}
	return end, ValidResidentID(string(digits))
}

// matchMobile finds 1[3-9]xxxxxxxxx, optionally after +86 / 0086 / 86, grouped with spaces or
// dashes (138 1234 5678, 138-1234-5678).
func matchMobile(s string, i int) (int, bool) {
	j := i
	for _, p := range []string{"+86", "0086", "86"} {
		if len(s) >= j+len(p) && s[j:j+len(p)] == p {
			k := j + len(p)
			if k < len(s) && (s[k] == ' ' || s[k] == '-') {
				k++
			}
			if k+1 < len(s) && s[k] == '1' && s[k+1] >= '3' && s[k+1] <= '9' {
				j = k
			}
			break
		}
	}
	if j >= len(s) || !isDigit(s[j]) {
		return 0, false
	}
	var buf [24]byte
	digits, end := collectDigits(buf[:0], s, j, 11, true)
	if len(digits) != 11 || digits[0] != '1' || digits[1] < '3' || digits[1] > '9' || continues(s, end) {
		return 0, false
	}
	return end, true
}

// matchBankCard finds 16–19 digits (spaces or dashes allowed) that pass the Luhn check and start
// like a payment card (3 JCB/Amex, 4 Visa, 5 Mastercard, 6 UnionPay) — the prefix keeps long
// internal reference numbers that happen to pass Luhn (one in ten does) from being refused.
func matchBankCard(s string, i int) (int, bool) {
	var buf [24]byte
	digits, end := collectDigits(buf[:0], s, i, 20, true)
	if len(digits) < 16 || len(digits) > 19 || continues(s, end) {
		return 0, false
	}
	if digits[0] < '3' || digits[0] > '6' {
		return 0, false
	}
	return end, Luhn(string(digits))
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
