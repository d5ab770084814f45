package synth

import (
	"math/rand/v2"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// GB 32100-2015 统一社会信用代码: 1 registration authority + 1 type + 6 region + 9 organisation
// code (GB 11714, its own check digit last) + 1 check character (records.CreditCodeCheck).

// orgCheck is the GB 11714 check character of an 8-character organisation code body.
func orgCheck(body string) byte {
	w := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * w[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// orgAlphabet is the GB 32100 alphabet without the letters GB 11714 check digits cannot be
// confused with; new registrations (post-2015) start with "MA" (market regulators) or "MJ"
// (civil affairs), which also keeps the codes from looking like an 18-digit number.
const orgAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// newCreditCode makes a valid code: authority+type ("91" company, "51" 社会团体, "52" 民非,
// "53" 基金会, "12" 事业单位, "11" 机关, "13" 群团), region, and an organisation code whose first
// two characters are prefix (or random digits when prefix is "").
func newCreditCode(r *rand.Rand, kind, region, prefix string) string {
	var b strings.Builder
	b.WriteString(kind)
	b.WriteString(region)
	org := []byte(prefix)
	for len(org) < 8 {
		if len(prefix) > 0 {
			org = append(org, orgAlphabet[r.IntN(len(orgAlphabet))])
		} else {
			org = append(org, byte('0'+r.IntN(10)))
		}
	}
	b.Write(org)
	b.WriteByte(orgCheck(string(org)))
	s := b.String()
	return s + string(records.CreditCodeCheck(s))
}

// luhnValid reports whether an all-digit string passes the Luhn check (bank card numbers do).
func luhnValid(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return records.Luhn(s)
}
