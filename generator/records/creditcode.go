package records

import "strings"

// creditCodeChars are the 31 characters of a 统一社会信用代码 (GB 32100-2015), in value order:
// the digits and the capitals without I, O, Z, S, V.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidCreditCode reports whether code is a well-formed unified social credit code: 18 characters
// from the code set, the last one the GB 32100 check character (31 − Σ(value×weight) mod 31, 31 → 0).
func ValidCreditCode(code string) bool {
	if len(code) != 18 {
		return false
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(creditCodeChars, code[i])
		if v < 0 {
			return false
		}
		sum += v * creditCodeWeights[i]
	}
	check := (31 - sum%31) % 31
	return code[17] == creditCodeChars[check]
}

// CreditCodeCheck returns the check character for the first 17 characters of a credit code,
// or 0 if they are not from the code set. Handy for clerks and for generating test data.
func CreditCodeCheck(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(creditCodeChars, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * creditCodeWeights[i]
	}
	return creditCodeChars[(31-sum%31)%31]
}

// SuggestCreditCode returns the valid code a mistyped one most likely meant: the same first 17
// characters (in capitals) with the right check character. Empty when code is valid, not 18
// characters, or holds characters outside the code set.
func SuggestCreditCode(code string) string {
	up := strings.ToUpper(code)
	if len(up) != 18 || ValidCreditCode(code) {
		return ""
	}
	c := CreditCodeCheck(up[:17])
	if c == 0 {
		return ""
	}
	return up[:17] + string(c)
}
