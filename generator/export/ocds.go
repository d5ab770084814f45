package export

import (
	"encoding/json"

	"github.com/gongkai/gongkai/generator/records"
)

// The OCDS 1.1 objects this site publishes: the subset of release-schema.json it fills, plus the
// metrics extension's Metric. Field order follows the schema so the files read like its examples.

// OCDSVersion is the OCDS version the packages declare.
const OCDSVersion = "1.1"

// MetricsExtension is the OCDS metrics extension, declared in every package because evaluations
// are published as contracts[].implementation.metrics and call indicators as tender.targets.
const MetricsExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json"

// LocationExtension is the OCDS location extension: tender.items[].deliveryAddress carries the
// site's administrative division.
const LocationExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/master/extension.json"

// ocdsExtensions are declared by every package; extensionFields lists the fields each adds, and
// a test checks that every field written is core OCDS or theirs.
var ocdsExtensions = []string{MetricsExtension, LocationExtension}

// extensionFields are the fields (paths through objects and arrays) that the declared
// extensions add to the release schema, each with its extension; everything under them is theirs.
var extensionFields = map[string]string{
	"tender/targets":                   MetricsExtension,
	"contracts/implementation/metrics": MetricsExtension,
	"tender/items/deliveryAddress":     LocationExtension,
}

// Identifier scheme of the 统一社会信用代码 on org-id.guide.
const schemeUSCI = "CN-USCI"

// Classification scheme for the local guidance catalogue (政府购买服务指导目录). OCDS's
// itemClassificationScheme codelist is open, so a local scheme is allowed.
const schemeCatalogue = "CN-GMFW-ZDML"

// ReleasePackage is an OCDS release package.
type ReleasePackage struct {
	URI               string     `json:"uri"`
	Version           string     `json:"version"`
	Extensions        []string   `json:"extensions,omitempty"`
	PublishedDate     string     `json:"publishedDate"`
	Publisher         Publisher  `json:"publisher"`
	License           string     `json:"license,omitempty"`
	PublicationPolicy string     `json:"publicationPolicy,omitempty"`
	Releases          []*Release `json:"releases"`
}

// RecordPackage is an OCDS record package.
type RecordPackage struct {
	URI               string    `json:"uri"`
	Version           string    `json:"version"`
	Extensions        []string  `json:"extensions,omitempty"`
	PublishedDate     string    `json:"publishedDate"`
	Publisher         Publisher `json:"publisher"`
	License           string    `json:"license,omitempty"`
	PublicationPolicy string    `json:"publicationPolicy,omitempty"`
	Packages          []string  `json:"packages,omitempty"`
	Records           []Record  `json:"records"`
}

// Publisher of a package: scheme and uid identify it (its 统一社会信用代码, when site.yaml gives it).
type Publisher struct {
	Name   string `json:"name"`
	Scheme string `json:"scheme,omitempty"`
	UID    string `json:"uid,omitempty"`
	URI    string `json:"uri,omitempty"`
}

// Record gathers a contracting process's releases (linked by URL) and their compiled release.
type Record struct {
	OCID            string          `json:"ocid"`
	Releases        []LinkedRelease `json:"releases"`
	CompiledRelease *object         `json:"compiledRelease"`
}

// LinkedRelease points at a release inside a release package.
type LinkedRelease struct {
	URL  string   `json:"url"`
	Date string   `json:"date"`
	Tag  []string `json:"tag"`
}

// Release is one published notice (or payment) of a contracting process.
type Release struct {
	OCID           string         `json:"ocid"`
	ID             string         `json:"id"`
	Date           string         `json:"date"`
	Tag            []string       `json:"tag"`
	InitiationType string         `json:"initiationType"`
	Language       string         `json:"language,omitempty"`
	Parties        []Organization `json:"parties,omitempty"`
	Buyer          *OrgRef        `json:"buyer,omitempty"`
	Planning       *Planning      `json:"planning,omitempty"`
	Tender         *Tender        `json:"tender,omitempty"`
	Awards         []Award        `json:"awards,omitempty"`
	Contracts      []Contract     `json:"contracts,omitempty"`

	public records.Date // the day it is first public (its date), for the changes-since packages
}

// Organization is an entry of release.parties.
type Organization struct {
	Name         string        `json:"name,omitempty"`
	ID           string        `json:"id"`
	Identifier   *Identifier   `json:"identifier,omitempty"`
	Address      *Address      `json:"address,omitempty"`
	ContactPoint *ContactPoint `json:"contactPoint,omitempty"`
	Roles        []string      `json:"roles,omitempty"`
}

// OrgRef refers to an entry of release.parties.
type OrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Identifier is an organization's legal identifier.
type Identifier struct {
	Scheme    string `json:"scheme"`
	ID        string `json:"id"`
	LegalName string `json:"legalName,omitempty"`
}

// Address is a postal address. Region is the 6-digit administrative division code (GB/T 2260)
// of site.yaml's region_code, locality its name.
type Address struct {
	StreetAddress string `json:"streetAddress,omitempty"`
	Locality      string `json:"locality,omitempty"`
	Region        string `json:"region,omitempty"`
	CountryName   string `json:"countryName,omitempty"`
}

// ContactPoint is an office contact.
type ContactPoint struct {
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
	Telephone string `json:"telephone,omitempty"`
}

// Planning is release.planning.
type Planning struct {
	Rationale string  `json:"rationale,omitempty"`
	Budget    *Budget `json:"budget,omitempty"`
}

// Budget is planning.budget.
type Budget struct {
	ID          string `json:"id,omitempty"`
	Description string `json:"description,omitempty"`
	Amount      *Value `json:"amount,omitempty"`
	Project     string `json:"project,omitempty"`
	ProjectID   string `json:"projectID,omitempty"`
	URI         string `json:"uri,omitempty"`
}

// Value is an amount of money.
type Value struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

// Period is a span of time.
type Period struct {
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

// Tender is release.tender.
type Tender struct {
	ID                         string      `json:"id"`
	Title                      string      `json:"title,omitempty"`
	Description                string      `json:"description,omitempty"`
	Status                     string      `json:"status,omitempty"`
	ProcuringEntity            *OrgRef     `json:"procuringEntity,omitempty"`
	Items                      []Item      `json:"items,omitempty"`
	Value                      *Value      `json:"value,omitempty"`
	ProcurementMethod          string      `json:"procurementMethod,omitempty"`
	ProcurementMethodDetails   string      `json:"procurementMethodDetails,omitempty"`
	ProcurementMethodRationale string      `json:"procurementMethodRationale,omitempty"`
	MainProcurementCategory    string      `json:"mainProcurementCategory,omitempty"`
	SubmissionMethodDetails    string      `json:"submissionMethodDetails,omitempty"`
	TenderPeriod               *Period     `json:"tenderPeriod,omitempty"`
	EligibilityCriteria        string      `json:"eligibilityCriteria,omitempty"`
	ContractPeriod             *Period     `json:"contractPeriod,omitempty"`
	NumberOfTenderers          *int        `json:"numberOfTenderers,omitempty"`
	Tenderers                  []OrgRef    `json:"tenderers,omitempty"`
	Documents                  []Document  `json:"documents,omitempty"`
	Milestones                 []Milestone `json:"milestones,omitempty"`
	Amendments                 []Amendment `json:"amendments,omitempty"`
	Targets                    []Metric    `json:"targets,omitempty"` // metrics extension
}

// Item is a line of what is bought.
type Item struct {
	ID              string          `json:"id"`
	Description     string          `json:"description,omitempty"`
	Classification  *Classification `json:"classification,omitempty"`
	DeliveryAddress *Address        `json:"deliveryAddress,omitempty"` // location extension
}

// Classification places an item in a scheme.
type Classification struct {
	Scheme      string `json:"scheme"`
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
	URI         string `json:"uri,omitempty"`
}

// Document is a notice page or an attachment.
type Document struct {
	ID            string `json:"id"`
	DocumentType  string `json:"documentType,omitempty"`
	Title         string `json:"title,omitempty"`
	Description   string `json:"description,omitempty"`
	URL           string `json:"url,omitempty"`
	DatePublished string `json:"datePublished,omitempty"`
	Format        string `json:"format,omitempty"`
	Language      string `json:"language,omitempty"`
}

// Milestone is a dated event.
type Milestone struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	DueDate     string `json:"dueDate,omitempty"`
}

// Amendment records a 更正公告.
type Amendment struct {
	ID              string `json:"id"`
	Date            string `json:"date,omitempty"`
	Rationale       string `json:"rationale,omitempty"`
	Description     string `json:"description,omitempty"`
	AmendsReleaseID string `json:"amendsReleaseID,omitempty"`
	ReleaseID       string `json:"releaseID,omitempty"`
}

// Award is one awarded provider (one per winner, so each keeps its own amount).
type Award struct {
	ID          string     `json:"id"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Status      string     `json:"status,omitempty"`
	Date        string     `json:"date,omitempty"`
	Value       *Value     `json:"value,omitempty"`
	Suppliers   []OrgRef   `json:"suppliers,omitempty"`
	Documents   []Document `json:"documents,omitempty"`
}

// Contract is release.contracts[].
type Contract struct {
	ID             string          `json:"id"`
	AwardID        string          `json:"awardID"`
	Title          string          `json:"title,omitempty"`
	Description    string          `json:"description,omitempty"`
	Status         string          `json:"status,omitempty"`
	Period         *Period         `json:"period,omitempty"`
	Value          *Value          `json:"value,omitempty"`
	DateSigned     string          `json:"dateSigned,omitempty"`
	Documents      []Document      `json:"documents,omitempty"`
	Implementation *Implementation `json:"implementation,omitempty"`
}

// Implementation holds payments and evaluations.
type Implementation struct {
	Transactions []Transaction `json:"transactions,omitempty"`
	Documents    []Document    `json:"documents,omitempty"`
	Metrics      []Metric      `json:"metrics,omitempty"` // metrics extension
}

// Transaction is one payment (经费兑付).
type Transaction struct {
	ID    string  `json:"id"`
	Date  string  `json:"date,omitempty"`
	Value *Value  `json:"value,omitempty"`
	Payer *OrgRef `json:"payer,omitempty"`
	Payee *OrgRef `json:"payee,omitempty"`
}

// Metric is the metrics extension's Metric.
type Metric struct {
	ID           string        `json:"id"`
	Title        string        `json:"title,omitempty"`
	Description  string        `json:"description,omitempty"`
	Observations []Observation `json:"observations,omitempty"`
}

// Observation is the metrics extension's Observation. Measure is a json.Number or a string.
type Observation struct {
	ID         string            `json:"id"`
	Period     *Period           `json:"period,omitempty"`
	Measure    any               `json:"measure,omitempty"`
	Unit       *Unit             `json:"unit,omitempty"`
	Dimensions map[string]string `json:"dimensions,omitempty"` // encoding/json sorts the keys
	Notes      string            `json:"notes,omitempty"`
}

// Unit of an observation.
type Unit struct {
	Name string `json:"name"`
}
