package records

import (
	"errors"
	"strings"
	"time"
)

// maxYuanDigits bounds the integer part of an amount so that fen always fit an int64
// (10^15 yuan = 10^17 fen < 2^63 ≈ 9.2·10^18) — far beyond any real budget.
const maxYuanDigits = 15

// Errors ParseMoney returns; the loader turns them into a money-format diagnostic.
var (
	ErrMoneyNegative = errors.New("negative amount")
	ErrMoneyUnit     = errors.New("unknown unit")
	ErrMoneyDecimals = errors.New("more than two decimals (fen)")
	ErrMoneySyntax   = errors.New("not an amount")
	ErrMoneyTooLarge = errors.New("amount too large")
)

// ParseMoney reads an amount the way clerks write it: 290000, 290000.00, 29万元, 29万, ¥290,000,
// ￥290,000.00, 290,000元. The decimal string is converted with integer arithmetic only, so the
// result is exact: 万 shifts the decimal point four places, and what remains may have at most two
// decimals (fen).
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrMoneySyntax
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "－") || strings.HasPrefix(s, "−") {
		return 0, ErrMoneyNegative
	}
	for _, p := range []string{"¥", "￥", "RMB", "CNY"} {
		if strings.HasPrefix(s, p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	if strings.HasPrefix(s, "-") {
		return 0, ErrMoneyNegative
	}
	shift := 0 // decimal places moved by the unit
	switch {
	case strings.HasSuffix(s, "万元"):
		s, shift = strings.TrimSuffix(s, "万元"), 4
	case strings.HasSuffix(s, "万"):
		s, shift = strings.TrimSuffix(s, "万"), 4
	case strings.HasSuffix(s, "元"):
		s = strings.TrimSuffix(s, "元")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrMoneySyntax
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if hasDot && frac == "" {
		return 0, ErrMoneySyntax
	}
	intDigits, err := ungroup(intPart)
	if err != nil {
		// Distinguish "29千元" / "USD" (a unit we do not take) from plain garbage.
		if trailingUnit(s) {
			return 0, ErrMoneyUnit
		}
		return 0, err
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			if trailingUnit(s) {
				return 0, ErrMoneyUnit
			}
			return 0, ErrMoneySyntax
		}
	}
	// Drop trailing zeros of the fraction: 290000.000 is still exact to the fen.
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2+shift {
		return 0, ErrMoneyDecimals
	}
	// fen = (intDigits . frac) × 10^(2+shift), all in decimal digits.
	digits := intDigits + frac + strings.Repeat("0", 2+shift-len(frac))
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > maxYuanDigits+2 {
		return 0, ErrMoneyTooLarge
	}
	var fen int64
	for _, r := range digits {
		fen = fen*10 + int64(r-'0')
	}
	return Money(fen), nil
}

// ungroup validates an integer part, with or without thousands separators (290,000), and
// returns its plain digits.
func ungroup(s string) (string, error) {
	if s == "" {
		return "", ErrMoneySyntax
	}
	groups := strings.Split(s, ",")
	for i, g := range groups {
		if g == "" || (len(groups) > 1 && i > 0 && len(g) != 3) || (len(groups) > 1 && i == 0 && len(g) > 3) {
			return "", ErrMoneySyntax
		}
		for _, r := range g {
			if r < '0' || r > '9' {
				return "", ErrMoneySyntax
			}
		}
	}
	return strings.Join(groups, ""), nil
}

// trailingUnit reports whether s is digits followed by some non-digit suffix: a unit we do not accept.
func trailingUnit(s string) bool {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == ',' || s[i] == '.') {
		i++
	}
	return i > 0 && i < len(s)
}

// dateTimeLayouts are tried in order; layouts without an offset are read in China Standard Time.
var dateTimeLayouts = []struct {
	layout string
	zoned  bool
}{
	{"2006-01-02 15:04", false},
	{"2006-01-02 15:04:05", false},
	{"2006-01-02T15:04", false},
	{"2006-01-02T15:04:05", false},
	{time.RFC3339, true},
	{time.RFC3339Nano, true},
}

// ParseDateTime reads "2006-01-02 15:04" (China Standard Time) or RFC 3339; a value without an
// offset is +08:00.
func ParseDateTime(s string) (DateTime, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateTimeLayouts {
		var t time.Time
		var err error
		if l.zoned {
			t, err = time.Parse(l.layout, s)
		} else {
			t, err = time.ParseInLocation(l.layout, s, CST)
		}
		if err == nil {
			return DateTime{t}, nil
		}
	}
	return DateTime{}, errors.New("not a date-time")
}
