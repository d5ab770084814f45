package records

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadProject feeds arbitrary bytes as a project file inside the valid fixture. Load must
// never panic (parseFile turns a parser panic into an "internal" diagnostic, which counts as a
// failure here too) and every diagnostic must carry a file and both messages.
func FuzzLoadProject(f *testing.F) {
	fx := validFixture()
	f.Add([]byte(fx[fixtureProject]))
	f.Add([]byte("id: SLS-2025-001\ncall:\n  method: 单一来源\n  bid_deadline: 2025-13-40 25:61\n"))
	f.Add([]byte("id: SLS-2025-001\nsummary: \"<script>x</script> [a](javascript:b) 11010519491231002X\"\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("\tid: x\n"))
	f.Add([]byte("--- \n...\n---\nid: 1\n"))
	f.Add([]byte("id: SLS-2025-001\namendments: [{published: 2025-01-01, changes: [{<<: {field: x}}]}]\n"))
	// Merges of merges double at every level; this once ran for ever (decode.go counts them now).
	f.Add([]byte("id: X\nm0: &m0 {field: f}\nm1: &m1 {<<: [*m0, *m0]}\nm2: &m2 {<<: [*m1, *m1]}\nm3: &m3 {<<: [*m2, *m2]}\n" +
		"amendments: [{published: 2025-01-01, changes: [*m3]}]\n"))
	// Disguised personal data, control characters from escapes, tags, links that hide a scheme.
	f.Add([]byte("id: SLS-2025-001\ntitle: \"身份证１１０１０５１９４９１２３１００２Ｘ\\u0007\"\nsummary: |\n  手机 &#49;3912345678、139**1234**5678、[a](java&#x09;script:x)\n"))
	f.Add([]byte("id: !!binary U0xT\ntitle: !x 标题\n!!timestamp k: 1\n0: [<<]\n"))
	root := fx.write(f)
	path := filepath.Join(root, filepath.FromSlash(fixtureProject))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		ds, diags := Load(root)
		if ds == nil {
			t.Fatal("nil dataset")
		}
		for _, d := range diags {
			if d.Code == "internal" {
				t.Fatalf("internal error: %s %s", d.Pos, d.Message)
			}
			if d.File == "" || d.Message == "" || d.English == "" || d.Code == "" || d.Line < 0 || d.Column < 0 {
				t.Fatalf("malformed diagnostic %+v", d)
			}
		}
	})
}
