package site

import (
	"strconv"

	"github.com/gongkai/gongkai/generator/records"
)

// Charts are drawn at build time as SVG geometry the layout only has to print: no script, no
// arithmetic in templates. Each group (a body, a category, a year…) is a label above five
// horizontal bars, budgeted → tendered → awarded → contracted → paid, on one scale.

// series are the five steps, as i18n keys and CSS classes.
var series = [5]string{"budgeted", "tendered", "awarded", "contracted", "paid"}

const (
	chartWidth = 420 // viewBox units; the SVG scales to its container (about 1:1 on a phone)
	barMax     = 340 // the longest bar; the rest of the width holds its value
	labelH     = 22  // room for a group's label
	barH       = 11
	barGap     = 3
	groupGap   = 12
)

type chart struct {
	Width  int          `json:"width"`
	Height int          `json:"height"`
	Groups []chartGroup `json:"groups"`
	Series []string     `json:"series"`
}

type chartGroup struct {
	Label string     `json:"label"`
	Y     int        `json:"y"` // label baseline
	Bars  []chartBar `json:"bars"`
}

type chartBar struct {
	Series string `json:"series"`
	Y      int    `json:"y"`
	W      string `json:"w"` // width in viewBox units, one decimal
	H      int    `json:"h"`
	TX     string `json:"tx"` // where the value label starts
	Wan    string `json:"wan"`
}

// barChart lays out rows on a common scale; nil when there is nothing to draw.
func barChart(rows []executionView) *chart {
	var max records.Money
	for _, r := range rows {
		for _, v := range r.vals {
			if v > max {
				max = v
			}
		}
	}
	if len(rows) == 0 || max == 0 {
		return nil
	}
	c := &chart{Width: chartWidth, Series: series[:]}
	y := 0
	for _, r := range rows {
		grp := chartGroup{Label: r.Label, Y: y + labelH - 6}
		y += labelH
		for i, v := range r.vals {
			// Tenths of a viewBox unit, rounded, so the output is exact and stable.
			w := (int64(v)*barMax*10 + int64(max)/2) / int64(max)
			grp.Bars = append(grp.Bars, chartBar{Series: series[i], Y: y, H: barH,
				W: tenths(w), TX: tenths(w + 40), Wan: v.Wan()})
			y += barH + barGap
		}
		y += groupGap
		c.Groups = append(c.Groups, grp)
	}
	c.Height = y
	return c
}

// tenths formats n tenths as "12.3".
func tenths(n int64) string { return strconv.FormatInt(n/10, 10) + "." + strconv.FormatInt(n%10, 10) }
