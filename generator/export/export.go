// Package export writes the open data (OCDS, CSV, Atom feeds, JSON Schema) under <dir>/data/.
package export

import "github.com/gongkai/gongkai/generator/records"

// Options for Write.
type Options struct {
	BaseURL string // absolute site URL, e.g. https://example.gov.cn/
}

// Write writes every open-data file for ds into dir/data/.
// TODO(open-data issue): implement.
func Write(ds *records.Dataset, dir string, opt Options) error { return nil }
