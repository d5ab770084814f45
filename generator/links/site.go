package links

import "github.com/gongkai/gongkai/generator/records"

// Pages the site adds beyond the contract's list; like those, they never change once published.

// NoticeFacet is a notice list filtered by one facet (year, body, category, method) and value,
// e.g. /notices/call/year/2025/. The value is URL-safe (a year, a body id, a lower-case category
// code, a method slug).
func NoticeFacet(k records.NoticeKind, facet, value string) string {
	return "/notices/" + string(k) + "/" + facet + "/" + value + "/"
}

// CatalogueItem is the page of one catalogue item with its projects.
func CatalogueItem(code string) string { return "/catalogue/" + code + "/" }

// Notices is the overview of every notice kind.
const Notices = "/notices/"

// BudgetsIndex is the overview of every budget year.
const BudgetsIndex = "/budgets/"
