package records

import "github.com/gongkai/gongkai/generator/diag"

// FindingDiagnostics turns compliance findings into warnings (code = the rule, position = where in
// the data), so check and build report them with the load diagnostics.
func FindingDiagnostics(fs []Finding) diag.List {
	out := make(diag.List, 0, len(fs))
	for _, f := range fs {
		out.Warn(f.Pos, f.Rule, f.Message, f.English)
	}
	return out
}
