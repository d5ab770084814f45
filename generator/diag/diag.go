// Package diag holds the one diagnostic type every stage reports problems with:
// a position, a stable code, a severity and a message in Chinese and English.
package diag

import (
	"fmt"
	"sort"
)

// Severity says whether a diagnostic blocks publication.
type Severity string

const (
	Error   Severity = "error"   // blocks check and build
	Warning Severity = "warning" // reported; fails only under --strict
)

// Pos is a place in a data file. File is relative to the site root, with forward slashes.
type Pos struct {
	File   string
	Line   int // 1-based; 0 when the problem concerns the whole file
	Column int // 1-based; 0 when unknown
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos
	Code     string // stable, kebab-case, e.g. "money-format"
	Severity Severity
	Message  string // Chinese
	English  string
}

// Text returns the message in lang ("zh" default, "en").
func (d Diagnostic) Text(lang string) string {
	if lang == "en" && d.English != "" {
		return d.English
	}
	return d.Message
}

// List gathers diagnostics so that all problems are reported at once.
type List []Diagnostic

// Add appends an error at pos.
func (l *List) Add(pos Pos, code, zh, en string) {
	*l = append(*l, Diagnostic{Pos: pos, Code: code, Severity: Error, Message: zh, English: en})
}

// Warn appends a warning at pos.
func (l *List) Warn(pos Pos, code, zh, en string) {
	*l = append(*l, Diagnostic{Pos: pos, Code: code, Severity: Warning, Message: zh, English: en})
}

// Errors counts the diagnostics of severity Error.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Sort orders by file, line, column, code, so output is deterministic.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Code < b.Code
	})
}
