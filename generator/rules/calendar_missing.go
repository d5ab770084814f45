package rules

import (
	"fmt"
	"slices"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
)

var calendarMissing = &Rule{
	Code:           "calendar-missing",
	Summary:        "计算期限所需年份的工作日历存在",
	SummaryEnglish: "The working-day calendar exists for every year a deadline needs",
	Source:         "国务院办公厅关于部分节假日安排的通知",
	Message:        "缺少 {year} 年工作日历 data/calendar/{year}.yaml，依赖该年的期限无法核对",
	English:        "The working-day calendar for {year} is missing (data/calendar/{year}.yaml); deadlines that need it cannot be checked",
}

// calendarFindings reports each year a working-day question needed and no calendar covered,
// once, for the whole site: the deadlines depending on it are skipped rather than guessed.
func (c *checker) calendarFindings() {
	years := make([]int, 0, len(c.missing))
	for y := range c.missing {
		years = append(years, y)
	}
	slices.Sort(years)
	r := calendarMissing
	for _, y := range years {
		t := text{year: y}
		c.add(records.Finding{
			Rule:    r.Code,
			Source:  r.Source,
			Year:    y,
			Message: t.expand(r.Message, false),
			English: t.expand(r.English, true),
			Pos:     diag.Pos{File: fmt.Sprintf("data/calendar/%d.yaml", y)},
		})
	}
}
