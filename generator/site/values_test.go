package site

import (
	"testing"

	"github.com/gongkai/gongkai/generator/records"
)

func TestEnglishAmount(t *testing.T) {
	tests := []struct {
		fen  records.Money
		want string
	}{
		{286_000_000, "CNY 2.86 million"},         // 2,860,000 yuan
		{100_000_000, "CNY 1.00 million"},         // exactly one million
		{99_999_999, "CNY 1,000,000"},             // 999,999.99 yuan: below a million, rounded to the yuan
		{36_860_000, "CNY 368,600"},               // 368,600 yuan
		{36_860_050, "CNY 368,601"},               // half a yuan rounds up
		{241_329_500_000, "CNY 2,413.30 million"}, // 2,413,295,000 yuan: millions grouped, rounded half up
		{0, "CNY 0"},
		{-150, "CNY -2"},
	}
	for _, tt := range tests {
		if got := english(tt.fen); got != tt.want {
			t.Errorf("english(%d fen) = %q, want %q", tt.fen, got, tt.want)
		}
	}
}
