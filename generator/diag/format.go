package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Counts returns the number of errors and warnings.
func (l List) Counts() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

func severityWord(s Severity, lang string) string {
	switch {
	case lang == "en":
		return string(s)
	case s == Error:
		return "错误"
	}
	return "警告"
}

// Summary is the closing line of a text report; it says what blocks publishing:
// "3 个错误（阻止发布），2 个警告（不阻止发布）" or "3 errors (block publishing), 2 warnings (do not)".
func (l List) Summary(lang string) string {
	e, w := l.Counts()
	if lang == "en" {
		s := fmt.Sprintf("%d %s", e, plural(e, "error"))
		if e > 0 {
			s += " (block publishing)"
		}
		s += fmt.Sprintf(", %d %s", w, plural(w, "warning"))
		if w > 0 {
			s += " (do not block)"
		}
		return s
	}
	s := fmt.Sprintf("%d 个错误", e)
	if e > 0 {
		s += "（阻止发布）"
	}
	s += fmt.Sprintf("，%d 个警告", w)
	if w > 0 {
		s += "（不阻止发布）"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// WriteText writes one line per diagnostic, as compilers do, then the summary:
//
//	data/projects/2025/X.yaml:12:5: 错误 money-format: 金额格式不正确：…
//	1 个错误，0 个警告
func WriteText(w io.Writer, l List, lang string) error {
	var b strings.Builder
	for _, d := range l {
		fmt.Fprintf(&b, "%s: %s %s: %s\n", d.Pos, severityWord(d.Severity, lang), d.Code, d.Text(lang))
	}
	b.WriteString(l.Summary(lang))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonDiagnostic is the stable JSON shape of a diagnostic; tools depend on exactly these keys.
type jsonDiagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// WriteJSON writes the diagnostics as a JSON array (an empty list is []).
func WriteJSON(w io.Writer, l List, lang string) error {
	out := make([]jsonDiagnostic, 0, len(l))
	for _, d := range l {
		out = append(out, jsonDiagnostic{d.File, d.Line, d.Column, d.Code, d.Severity, d.Text(lang)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// WriteGitHub writes GitHub Actions workflow commands, which show as annotations on the files:
//
//	::error file=data/x.yaml,line=12,col=5::money-format: 金额格式不正确：…
func WriteGitHub(w io.Writer, l List, lang string) error {
	var b strings.Builder
	for _, d := range l {
		cmd := "warning"
		if d.Severity == Error {
			cmd = "error"
		}
		fmt.Fprintf(&b, "::%s file=%s", cmd, escapeProperty(d.File))
		if d.Line > 0 {
			fmt.Fprintf(&b, ",line=%d", d.Line)
			if d.Column > 0 {
				fmt.Fprintf(&b, ",col=%d", d.Column)
			}
		}
		fmt.Fprintf(&b, ",title=%s::%s\n", escapeProperty(d.Code), escapeData(d.Code+": "+d.Text(lang)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message as the Actions runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value (also ':' and ',').
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
