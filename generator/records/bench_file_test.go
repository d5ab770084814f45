package records

import (
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// BenchmarkProjectFile splits the cost of one project file: the YAML parse alone (yaml.v3, and
// the block-style fast path), and the parse plus the walker (values, Markdown, positions,
// personal-data scan).
func BenchmarkProjectFile(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "..", "data", "projects", "2025", "SLS-MZ-2025-001.yaml"))
	if err != nil {
		b.Skip("sample project not found:", err)
	}
	b.Run("yaml", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			var n yaml.Node
			if err := yaml.Unmarshal(src, &n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("block", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		arena := new(yamlArena)
		for b.Loop() {
			if _, ok := parseBlockYAML(src, arena); !ok {
				b.Fatal("the sample project should take the fast path")
			}
		}
	})
	b.Run("yaml+walker", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, diags := decodeProject(b, string(src)); len(diags) > 0 {
				b.Fatal(diags)
			}
		}
	})
}
