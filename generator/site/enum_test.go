package site

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/pelletier/go-toml/v2"
)

// TestEnumerationsTranslated: every value the loader accepts for an enumerated field (method,
// funding source, form, evaluation kind and grade, evaluator, consequence, body and provider
// kind) has an English translation, "enum-" + the value, so the English edition never shows a
// bare Chinese enumeration.
func TestEnumerationsTranslated(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "i18n", "en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]any
	if err := toml.Unmarshal(b, &en); err != nil {
		t.Fatal(err)
	}
	var values []string
	for m := range methodSlugs {
		values = append(values, m)
	}
	for _, l := range [][]string{records.FundingSources, records.PurchaseForms, records.EvaluationKinds,
		records.EvaluatorKinds, records.Grades, records.Consequences, records.BodyKinds, records.ProviderKinds} {
		values = append(values, l...)
	}
	if len(values) < 30 {
		t.Fatalf("only %d enumeration values", len(values))
	}
	for _, v := range values {
		if s, _ := en["enum-"+v].(string); s == "" {
			t.Errorf("i18n/en.toml has no enum-%s", v)
		}
	}
}
