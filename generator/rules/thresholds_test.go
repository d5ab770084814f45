package rules

import (
	"testing"

	"github.com/gongkai/gongkai/generator/records"
)

func TestCheckThresholds(t *testing.T) {
	tests := []struct {
		thresholds map[string]int
		bad        int
	}{
		{nil, 0},
		{map[string]int{"result-notice": 3, "intention-lead": 45}, 0},
		{map[string]int{"result-notise": 3}, 1},                                                // a typo
		{map[string]int{"budget-bound": 1, "evaluation-standard": 1, "contract-notice": 1}, 2}, // no threshold to set
	}
	for _, tt := range tests {
		l := CheckThresholds(&records.Site{Thresholds: tt.thresholds})
		if len(l) != tt.bad || l.Errors() != tt.bad {
			t.Errorf("%v: %d diagnostics %v, want %d", tt.thresholds, len(l), l, tt.bad)
		}
		for _, d := range l {
			if d.Code != "unknown-threshold" || d.Message == "" || d.English == "" {
				t.Errorf("diagnostic %+v", d)
			}
		}
	}
	if CheckThresholds(nil) != nil {
		t.Error("nil site")
	}
}

func TestDescribe(t *testing.T) {
	zh, en := resultNotice.Describe(&records.Site{Thresholds: map[string]int{"result-notice": 3}})
	if zh != "中标（成交）结果自确定之日起3个工作日内公告" || en != "The award is announced within 3 working days of the winner being fixed" {
		t.Errorf("%q / %q", zh, en)
	}
	if zh, _ := intentionLead.Describe(nil); zh != "采购意向至少在采购公告发布前30日公开" {
		t.Errorf("%q", zh)
	}
}
