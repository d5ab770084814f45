package site

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestEnglishNoticesTranslateEnumerations: on every English notice page, the enumerated values
// (method, form, evaluation kind, evaluator, grade, consequence) read in English — a value left
// in Chinese starts with a Han character (a name or detail after it may stay as written).
func TestEnglishNoticesTranslateEnumerations(t *testing.T) {
	_, out := sharedBuild(t)
	pages, err := filepath.Glob(filepath.Join(out, "en", "notices", "*", "*", "index.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no English notice pages: %v", err)
	}
	labels := []string{"Method", "Form of purchase", "Kind", "Evaluator", "Grade", "Consequence"}
	seen := map[string]int{}
	for _, page := range pages {
		rel, _ := filepath.Rel(out, page)
		doc := parseHTMLPage(t, out, rel)
		for _, label := range labels {
			dd := ddAfter(doc, label)
			if dd == nil {
				continue
			}
			seen[label]++
			text := strings.TrimSpace(nodeText(dd))
			if r := []rune(text); len(r) > 0 && unicode.Is(unicode.Han, r[0]) {
				t.Errorf("%s: %s reads %q", rel, label, text)
			}
		}
	}
	for _, label := range labels {
		if seen[label] == 0 {
			t.Errorf("no English notice page shows %q: the test looks at nothing", label)
		}
	}
}
