package records

import "reflect"

// The facts below expose, read-only, the formats and lists the loader enforces, so that tools
// describing the data format (the JSON Schema written by package export) are generated from the
// same source and cannot drift from what `generator check` accepts.

// FileKind is a kind of data file and the type its YAML decodes into.
type FileKind struct {
	Name string       // site, bodies, provider, catalogue, budget, calendar, project
	Path string       // where such a file lives, e.g. data/projects/<year>/<id>.yaml
	Type reflect.Type // the struct the whole file decodes into
}

// FileKinds lists every kind of data file, in the order the README presents them.
var FileKinds = []FileKind{
	{"site", "data/site.yaml", reflect.TypeFor[Site]()},
	{"bodies", "data/bodies.yaml", reflect.TypeFor[bodiesFile]()},
	{"provider", "data/providers/<credit_code>.yaml", reflect.TypeFor[Provider]()},
	{"catalogue", "data/catalogue.yaml", reflect.TypeFor[Catalogue]()},
	{"budget", "data/budgets/<year>.yaml", reflect.TypeFor[BudgetYear]()},
	{"calendar", "data/calendar/<year>.yaml", reflect.TypeFor[Calendar]()},
	{"project", "data/projects/<year>/<id>.yaml", reflect.TypeFor[Project]()},
}

// RequiredKeys lists the keys a record of type t must give, non-empty; nil if none.
func RequiredKeys(t reflect.Type) []string { return append([]string(nil), requiredKeys[t]...) }

// Value lists the loader checks against.
var (
	BodyKinds      = append([]string(nil), bodyKinds...)
	ProviderKinds  = append([]string(nil), providerKinds...)
	ProviderGrades = append([]string(nil), providerGrade...)
)

// Patterns (RE2 and ECMA 262 alike) of the formats the loader checks.
var (
	ProjectIDPattern  = projectIDPattern.String()
	BodyIDPattern     = bodyIDPattern.String()
	RegionCodePattern = regionCodePattern.String()
	OCIDPrefixPattern = ocidPrefixPattern.String()
	MonthPattern      = monthPattern.String()
	// CreditCodePattern is the character set and length of a 统一社会信用代码; the checksum is
	// beyond a pattern and left to ValidCreditCode.
	CreditCodePattern = "^[" + creditCodeChars + "]{18}$"
)
