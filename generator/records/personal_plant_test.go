package records

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/diag"
	"gopkg.in/yaml.v3"
)

// personalPlants are the kinds of personal data a clerk's text may carry in a form that a byte
// scanner misses but a reader of the page, CSV or feed sees.
var personalPlants = []struct{ name, text string }{
	{"full-width ID", "身份证１１０１０５１９４９１２３１００２Ｘ"},
	{"ID as character references", "身份证&#49;&#49;&#48;&#49;&#48;&#53;19491231002X"},
	{"grouped ID", "身份证 110105 1949 1231 002X"},
	{"ID with a bad check digit", "身份证110101199003071234"},
	{"full-width mobile with +86", "手机＋８６ １３９ １２３４ ５６７８"},
	{"mobile with 0086", "手机0086-139-1234-5678"},
	{"mobile with dots", "手机139.1234.5678"},
	{"mobile with an invisible space", "手机1\u200b3912345678"},
	{"mobile with emphasis marks", "手机139**1234**5678"},
	{"mobile with Markdown escapes", "手机139\\-1234\\-5678"},
	{"16-digit bank card", "卡号4111-1111-1111-1111"},
	{"19-digit bank card", "卡号6222 0000 0000 0000 004"},
}

// TestPersonalDataPlantedEverywhere plants each kind of personal data in every value of every
// file of the sample data and requires `check` to refuse each one at its line: as personal-data
// in every field that takes free text (one that accepts an ordinary suffix without an error),
// and with some error in every other field (a date, an amount, a reference), whose text is never
// published. A build publishes nothing while check reports an error, so nothing planted can
// reach a page, a CSV file, the OCDS release or a feed.
func TestPersonalDataPlantedEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample data a dozen times")
	}
	sample, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(sample, "data", "site.yaml")); err != nil {
		t.Skip("no sample data")
	}
	// Fields that take free text: those where an ordinary suffix is accepted.
	root, spots := plantedCopy(t, sample, "（补充）")
	_, diags := Load(root)
	byFile := errorsByFile(diags)
	text := map[plantSpot]bool{}
	for _, s := range spots {
		text[s] = len(errorsAt(byFile, s)) == 0
	}
	nText := 0
	for _, ok := range text {
		if ok {
			nText++
		}
	}
	if nText < 100 {
		t.Fatalf("only %d of %d values take free text: the baseline is broken", nText, len(spots))
	}
	t.Logf("%d values, %d of them free text", len(spots), nText)

	for _, p := range personalPlants {
		t.Run(p.name, func(t *testing.T) {
			root, spots := plantedCopy(t, sample, p.text)
			_, diags := Load(root)
			byFile := errorsByFile(diags)
			missed := 0
			for _, s := range spots {
				errs := errorsAt(byFile, s)
				personal := false
				for _, d := range errs {
					personal = personal || d.Code == "personal-data"
				}
				if (text[s] && !personal) || len(errs) == 0 {
					if missed++; missed <= 10 {
						t.Errorf("%s:%d (%s): not refused as personal data; errors there: %v", s.file, s.line, s.path, errs)
					}
				}
			}
			if missed > 10 {
				t.Errorf("… %d values in all", missed)
			}
		})
	}
}

// plantSpot is one planted value: its file, its lines after planting, and its path in the tree.
type plantSpot struct {
	file       string
	line, last int
	path       string
}

// errorsByFile indexes the errors of a load by file.
func errorsByFile(diags diag.List) map[string][]diag.Diagnostic {
	m := map[string][]diag.Diagnostic{}
	for _, d := range diags {
		if d.Severity == "error" {
			m[d.File] = append(m[d.File], d)
		}
	}
	return m
}

// errorsAt lists the errors reported in s's file on s's lines.
func errorsAt(byFile map[string][]diag.Diagnostic, s plantSpot) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range byFile[s.file] {
		if d.Line >= s.line && d.Line <= s.last {
			out = append(out, d)
		}
	}
	return out
}

// plantedCopy copies the site at src into a temporary root with text appended to every scalar
// value (not keys, not nulls) of every data file, and returns the root and the planted values.
func plantedCopy(t *testing.T, src, text string) (string, []plantSpot) {
	t.Helper()
	root := t.TempDir()
	var spots []plantSpot
	err := filepath.WalkDir(filepath.Join(src, "data"), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(root, rel)
		if e.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".yaml") {
			var s []plantSpot
			b, s = plantFile(t, filepath.ToSlash(rel), b, text)
			spots = append(spots, s...)
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(spots, func(i, j int) bool { return spots[i].file+spots[i].path < spots[j].file+spots[j].path })
	return root, spots
}

// plantFile appends text to every scalar value of one YAML file and finds the planted values'
// lines in the rewritten file.
func plantFile(t *testing.T, rel string, src []byte, text string) ([]byte, []plantSpot) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	seen := map[*yaml.Node]bool{}
	walkValues(&doc, "", func(n *yaml.Node, path string) {
		if seen[n] || n.ShortTag() == "!!null" {
			return
		}
		seen[n] = true
		if n.Style&yaml.LiteralStyle != 0 {
			n.Value = strings.TrimRight(n.Value, "\n") + "\n\n" + text + "\n"
			return
		}
		n.Value += " " + text
		n.Tag, n.Style = "!!str", yaml.DoubleQuotedStyle
	})
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	var again yaml.Node
	if err := yaml.Unmarshal(out, &again); err != nil {
		t.Fatalf("%s rewritten: %v", rel, err)
	}
	var spots []plantSpot
	seen = map[*yaml.Node]bool{}
	walkValues(&again, "", func(n *yaml.Node, path string) {
		if seen[n] || !strings.Contains(n.Value, text) {
			return
		}
		seen[n] = true
		spots = append(spots, plantSpot{rel, n.Line, n.Line + strings.Count(n.Value, "\n") + 1, path})
	})
	return out, spots
}

// walkValues calls f on every scalar that is a mapping value or a list item, in document order.
func walkValues(n *yaml.Node, path string, f func(n *yaml.Node, path string)) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			walkValues(c, path, f)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkValues(n.Content[i+1], path+"."+n.Content[i].Value, f)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walkValues(c, fmt.Sprintf("%s[%d]", path, i), f)
		}
	case yaml.ScalarNode:
		f(n, path)
	}
}
