package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
)

// CheckThresholds reports site.yaml threshold overrides that name no rule, or a rule without a
// threshold (blocking and presence rules): a misspelt code would otherwise be silently ignored
// and the default applied. Errors, code "unknown-threshold", in key order.
func CheckThresholds(site *records.Site) diag.List {
	var l diag.List
	if site == nil {
		return l
	}
	codes := make([]string, 0, len(site.Thresholds))
	for k := range site.Thresholds {
		codes = append(codes, k)
	}
	slices.Sort(codes)
	for _, k := range codes {
		r := Lookup(k)
		if r != nil && r.Unit != NoUnit {
			continue
		}
		var known []string
		for _, r := range Registry {
			if r.Unit != NoUnit {
				known = append(known, r.Code)
			}
		}
		l.Add(site.Src.At("thresholds"), "unknown-threshold",
			fmt.Sprintf("thresholds 中的 %q 不是可设期限的规则；可用：%s", k, strings.Join(known, "、")),
			fmt.Sprintf("thresholds: %q is not a rule with a threshold; known: %s", k, strings.Join(known, ", ")))
	}
	return l
}

// Describe is what the rule asks on site, with the site's threshold filled in, in Chinese and
// English: 中标（成交）结果自确定之日起2个工作日内公告.
func (r *Rule) Describe(site *records.Site) (zh, en string) {
	n := strconv.Itoa(r.ThresholdFor(site))
	return strings.ReplaceAll(r.Summary, "{n}", n), strings.ReplaceAll(r.SummaryEnglish, "{n}", n)
}
