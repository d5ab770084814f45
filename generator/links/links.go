// Package links designs every public URL once, so the site, the feeds and the open-data exports
// agree. A published URL never changes: add new ones, never rename these.
package links

import (
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// Project is the project timeline page.
func Project(id string) string { return "/projects/" + id + "/" }

// NoticeList is the list page of one notice kind.
func NoticeList(k records.NoticeKind) string { return "/notices/" + string(k) + "/" }

// Notice is one notice's page.
func Notice(n records.Notice) string { return "/notices/" + string(n.Kind) + "/" + n.ID() + "/" }

// Body is a purchasing body's page.
func Body(id string) string { return "/bodies/" + id + "/" }

// Provider is a provider's page, by credit code.
func Provider(code string) string { return "/providers/" + code + "/" }

// Budgets is the budget page of a year.
func Budgets(year int) string { return "/budgets/" + strconv.Itoa(year) + "/" }

// Fixed pages.
const (
	Home       = "/"
	Catalogue  = "/catalogue/"
	Sanctions  = "/sanctions/"
	Compliance = "/compliance/"
	OpenData   = "/data/"
	Bodies     = "/bodies/"
	Providers  = "/providers/"
	Projects   = "/projects/"
)

// Open data, all under /data/.

// OCDSReleasePackage is a project's OCDS release package.
func OCDSReleasePackage(id string) string { return "/data/ocds/releases/" + id + ".json" }

// OCDSRecordPackage is a project's OCDS record package.
func OCDSRecordPackage(id string) string { return "/data/ocds/records/" + id + ".json" }

// OCDSChangesIndex lists every day with releases first published that day, and how many.
const OCDSChangesIndex = "/data/ocds/changes/index.json"

// OCDSChanges is the release package of the releases first published on day (YYYY-MM-DD).
func OCDSChanges(day string) string { return "/data/ocds/changes/" + day + ".json" }

// OCDSYear is the bulk release package of a year.
func OCDSYear(year int) string { return "/data/ocds/" + strconv.Itoa(year) + ".json" }

// CSV is the CSV of a notice kind.
func CSV(k records.NoticeKind) string { return "/data/csv/" + string(k) + ".csv" }

// CSVPayments is the CSV of every public payment.
const CSVPayments = "/data/csv/payments.csv"

// CSVBudgets is the CSV of all budget lines.
const CSVBudgets = "/data/csv/budgets.csv"

// FeedAll is the Atom feed of every notice.
const FeedAll = "/data/feeds/all.xml"

// Feed is the Atom feed of a notice kind.
func Feed(k records.NoticeKind) string { return "/data/feeds/" + string(k) + ".xml" }

// BodyFeed is the Atom feed of a body's notices.
func BodyFeed(id string) string { return "/data/feeds/bodies/" + id + ".xml" }

// FeedArchive is archive n (1 = the oldest) of the feed at feed (RFC 5005):
// /data/feeds/all.xml → /data/feeds/all/1.xml.
func FeedArchive(feed string, n int) string {
	return strings.TrimSuffix(feed, ".xml") + "/" + strconv.Itoa(n) + ".xml"
}

// Schema is the JSON Schema of a data file kind (site, bodies, provider, catalogue, budget, calendar, project).
func Schema(kind string) string { return "/data/schema/" + kind + ".schema.json" }

// Attachment is a file under data/attachments/, published at the same relative path.
func Attachment(path string) string { return "/attachments/" + path }

// CSVFile is a CSV table that is not one notice kind's: payments, and the tables that list
// the items of a notice one row each (award-scores, call-indicators, …).
func CSVFile(name string) string { return "/data/csv/" + name + ".csv" }

// CSVMetadata describes every CSV table and column (W3C CSV on the Web).
const CSVMetadata = "/data/csv/csv-metadata.json"
