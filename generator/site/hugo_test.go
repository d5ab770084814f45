package site

import (
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// TestTOMLString: whatever a clerk writes as the site's title or publisher comes back from the
// Hugo configuration exactly (Go's %q would write \x escapes, which TOML refuses).
func TestTOMLString(t *testing.T) {
	for _, s := range []string{
		"示例市财政局", `引号"和\反斜杠`, "换行\n制表\t回车\r", "\x00\x1f\x7f", "{{ .Site }} <b>", "emoji 🎉", "",
	} {
		var got map[string]string
		if err := toml.Unmarshal([]byte("k = "+tomlString(s)), &got); err != nil {
			t.Errorf("%q: %s does not parse: %v", s, tomlString(s), err)
			continue
		}
		if got["k"] != s {
			t.Errorf("%q came back as %q", s, got["k"])
		}
	}
}
