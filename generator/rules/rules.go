// Package rules checks the disclosure deadlines of compliance.md against the working-day calendar.
package rules

import "github.com/gongkai/gongkai/generator/records"

// Apply runs every rule against ds as of ds.AsOf and stores the findings in ds.Findings.
// TODO(compliance issue): implement.
func Apply(ds *records.Dataset) {}
