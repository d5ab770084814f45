package links

import (
	"strconv"

	"github.com/gongkai/gongkai/generator/records"
)

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

// NoticeFacetIndex lists every value of one facet of a notice list, e.g. /notices/call/year/.
func NoticeFacetIndex(k records.NoticeKind, facet string) string {
	return "/notices/" + string(k) + "/" + facet + "/"
}

// ListPage is page n (from 1) of a paginated list at list, e.g. /notices/call/page/2/; page 1
// is the list itself. These are the URLs Hugo's own paginator used, so links kept working when
// the lists began to be paginated by the generator.
func ListPage(list string, n int) string {
	if n <= 1 {
		return list
	}
	return list + "page/" + strconv.Itoa(n) + "/"
}

// SearchIndex is the search index, named by a digest of its content so that browsers may cache
// it for good.
func SearchIndex(digest string) string { return "/search/index." + digest + ".json" }

// Sitemap is the sitemap index; SitemapPart is one of the sitemaps it lists.
const Sitemap = "/sitemap.xml"

// Robots is robots.txt, which names the sitemap.
const Robots = "/robots.txt"

// SitemapPart is the n-th sitemap (from 1) of the sitemap index.
func SitemapPart(n int) string { return "/sitemaps/" + strconv.Itoa(n) + ".xml" }

// ComplianceFilter is the compliance findings filtered by one facet (rule, body, year) and value,
// e.g. /compliance/rule/result-notice/. Rule codes, body ids and years are URL-safe.
func ComplianceFilter(facet, value string) string {
	return "/compliance/" + facet + "/" + value + "/"
}
