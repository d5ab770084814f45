package rules

import (
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

var evaluationStandard = &Rule{
	Code:           "evaluation-standard",
	Summary:        "采购公告公开绩效评价标准和承接主体条件",
	SummaryEnglish: "The call discloses the performance-evaluation standard and the provider conditions",
	Source:         "财政部关于做好政府购买服务工作有关问题的通知（落实国办发〔2013〕96号）",
	Unit:           NoUnit,
	Message:        "采购公告未公开{what}",
	English:        "The call does not disclose {what}",
	check:          checkEvaluationStandard,
}

// checkEvaluationStandard: a public call must state the performance-evaluation standard (text or
// indicators) and the provider conditions, so providers compete knowing both. One finding per
// call, naming everything missing, at the first missing field.
func checkEvaluationStandard(c *checker, r *Rule, p *records.Project) {
	call := p.Call
	if call == nil || !c.visible(publishedOn(call.Published, call.FirstSeen)) {
		return
	}
	var zh, en []string
	pos := call.Src.Pos
	if call.Standard.Text.IsZero() && len(call.Standard.Indicators) == 0 {
		zh, en = append(zh, "绩效评价标准"), append(en, "the performance-evaluation standard")
		pos = call.Src.At("standard")
	}
	if strings.TrimSpace(call.Conditions.Source) == "" {
		if len(zh) == 0 {
			pos = call.Src.At("conditions")
		}
		zh, en = append(zh, "承接主体条件"), append(en, "the provider conditions")
	}
	if len(zh) == 0 {
		return
	}
	c.add(c.finding(r, records.KindCall, 0, pos, text{
		what: strings.Join(zh, "和"), whatEn: strings.Join(en, " and "),
	}))
}
