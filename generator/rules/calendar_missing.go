package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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

// The calendar-missing finding on a project's stage: {what} is the rule whose deadline needed the
// year, as Describe says it.
const (
	stageCalendarMessage = "无法核对“{what}”：该期限需要 {year} 年工作日历 data/calendar/{year}.yaml，该文件缺失"
	stageCalendarEnglish = "Cannot check “{what}”: the deadline needs the {year} working-day calendar (data/calendar/{year}.yaml), which is missing"
)

// stageCalendarFinding is the calendar-missing finding on the current project's stage whose
// deadline (by rule at.rule) needed year: shown on the project page beside the stage, so a
// reader sees why that deadline is not judged rather than silently nothing.
func (c *checker) stageCalendarFinding(at place, year int) records.Finding {
	n := strconv.Itoa(c.threshold(at.rule))
	r := calendarMissing
	t := text{year: year,
		what:   strings.ReplaceAll(at.rule.Summary, "{n}", n),
		whatEn: strings.ReplaceAll(at.rule.SummaryEnglish, "{n}", n)}
	return records.Finding{
		Rule:    r.Code,
		Source:  r.Source,
		Project: c.p.ID,
		Body:    c.p.Body,
		Stage:   string(at.stage),
		Index:   at.index,
		Year:    year,
		Message: t.expand(stageCalendarMessage, false),
		English: t.expand(stageCalendarEnglish, true),
		Pos:     at.pos,
	}
}

// calendarFindings reports each year a working-day question needed and no calendar covered,
// once, for the whole site: the deadlines depending on it are skipped rather than guessed (and
// each carries its own calendar-missing finding on its project's stage).
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
