package records

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// sameTree reports the first difference between the fast parser's tree and yaml.v3's, on
// everything the walker may read: kind, tag (as ShortTag reports it), style, value, position,
// children, aliases.
func sameTree(path string, a, b *yaml.Node) error {
	switch {
	case a.Kind != b.Kind:
		return fmt.Errorf("%s: kind %v, yaml.v3 %v", path, a.Kind, b.Kind)
	case a.ShortTag() != b.ShortTag():
		return fmt.Errorf("%s: tag %q, yaml.v3 %q", path, a.ShortTag(), b.ShortTag())
	case a.Tag != "" && a.Tag != b.Tag:
		return fmt.Errorf("%s: Tag %q, yaml.v3 %q", path, a.Tag, b.Tag)
	case a.Style != b.Style:
		return fmt.Errorf("%s: style %v, yaml.v3 %v", path, a.Style, b.Style)
	case a.Value != b.Value:
		return fmt.Errorf("%s: value %q, yaml.v3 %q", path, a.Value, b.Value)
	case a.Line != b.Line || a.Column != b.Column:
		return fmt.Errorf("%s (%q): at %d:%d, yaml.v3 %d:%d", path, a.Value, a.Line, a.Column, b.Line, b.Column)
	case a.Anchor != b.Anchor || (a.Alias == nil) != (b.Alias == nil):
		return fmt.Errorf("%s: anchor or alias differs", path)
	case len(a.Content) != len(b.Content):
		return fmt.Errorf("%s: %d children, yaml.v3 %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if err := sameTree(fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i]); err != nil {
			return err
		}
	}
	return nil
}

// compareParsers checks the fast parser against yaml.v3 on src and says whether it took it.
// Whatever it accepts, yaml.v3 must accept too, with the same tree.
// arena is shared between calls, as parseAll shares one between the files of a goroutine.
func compareParsers(t *testing.T, arena *yamlArena, name string, src []byte) bool {
	t.Helper()
	if hasDocumentMarker(src) || bytes.IndexByte(src, 0) >= 0 || !utf8.Valid(src) {
		return false // parseYAML sends these to yaml.v3's stream decoder, or refuses them, first
	}
	fast, ok := parseBlockYAML(src, arena)
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(src, &want); err != nil {
		t.Errorf("%s: fast parser accepted what yaml.v3 refuses (%v):\n%s", name, err, src)
		return true
	}
	if err := sameTree("doc", fast, &want); err != nil {
		t.Errorf("%s: %v\n%s", name, err, src)
	}
	return true
}

// blockCases are small documents on the edge of the subset. fast says whether the fast parser
// should take them (false: it must hand them to yaml.v3).
var blockCases = []struct {
	src  string
	fast bool
}{
	{"a: 1\n", true},
	{"a: 1", true},
	{"0: [<<]\n", false}, // a merge key in a flow list: yaml.v3 tags it !!merge (found by FuzzBlockYAML)
	{"a: [x, <<, y]\n", false},
	{"# 说明\na: x # 注释\n\n# 尾注\n", true},
	{"  a: 1\n  b: 2\n", true},
	{"标题: 值\n名称: 中文 值\n", true},
	{"a: 中文：冒号 a:b http://x/y?z=1#frag C# 语言\n", true},
	{"a: x   \nb:    y\n", true},
	{"a: ~\nb: null\nc: Null\nd: NULL\ne: true\nf: 2025-06-05\ng: 2025-02-30\nh: 206000.00\ni: 0870-1234\nj: .5\nk: +1\nl: 0x1F\nm: yes\nn: No\n", true},
	{"2025: a\ntrue: b\n1.5: c\n", true},
	{"a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", true},
	{"a:\n- 1\n- 2\nb:\n  - x: 1\n    y: 2\n  -   z: 3\n      w: 4\n", true},
	{"a:\n  -\n    b: 1\n  -\n    - 1\n    - 2\n", true},
	{"a:\n  - - 1\n", false},
	{"a:\n  - b:\n    - 1\n    - 2\n    c: 3\n", true},
	{"a: \"0870-1234\"\nb: 'it''s'\nc: \"x\" # c\nd: ''\ne: \"\"\n", true},
	{"a: \"x\\ty\"\n", false},
	{"a: \"x\ny\"\n", false},
	{"a: 'x\n  y'\n", false},
	{"a: \"x\"y\n", false},
	{"a: |\n  line 1\n\n  line 3\n    indented\n  # not a comment\nb: 2\n", true},
	{"a: |-\n  x\n  y\n\n\nb: 2\n", true},
	{"a: |\n  x\n\n\n", true},
	{"a: |\n  x", true},
	{"a: |-\n  x", true},
	{"a: | # 注释\n  x\n", true},
	{"- a: |\n    x\n  b: |\n    y\n", false}, // top level must be a mapping
	{"l:\n- t: |\n    x\n  u: 1\n- |\n  y\n", true},
	{"a: |\n\n  x\n", false},
	{"a: |2\n   x\n", false},
	{"a: |+\n  x\n\n", false},
	{"a: >\n  x\n  y\n", false},
	{"a: |\n  x\n      \n  y\n", false},
	{"a: |\n  x\n \n  y\n", true},
	{"a: |\nb: 1\n", false},
	{"a: b\n  c\n", false},
	{"a:\n  b: 1\n   c: 2\n", false},
	{"a:\n  b: 1\n c: 2\n", false},
	{"a:\n  - 1\n  b: 2\n", false},
	{"a:\nb: 1\n", false},
	{"a:\n", false},
	{"a: b: c\n", false},
	{"a :b\n", false},
	{"a : b\n", false},
	{"a:b\n", false},
	{"- a\n", false},
	{"a\n", false},
	{"a: &x 1\nb: *x\n", false},
	{"a: !!str 1\n", false},
	{"a: [1, 2]\n", true},
	{"a: {b: 1}\n", false},
	{"a: [张三, 李四 四, 王五]\nb: []\nc: [ ]\nd: [x] # 注\ne: [ 1 ,2, 2025-06-05, ~, true ]\n", true},
	{"l:\n  - [a, b]\n  - []\n", true},
	{"a: [x, [y]]\n", false},
	{"a: [x, {y: 1}]\n", false},
	{"a: [x: 1]\n", false},
	{"a: [x, \"y\"]\n", false},
	{"a: [x, 'y']\n", false},
	{"a: [x,, y]\n", false},
	{"a: [x, y,]\n", false},
	{"a: [x,\n  y]\n", false},
	{"a: [x] y\n", false},
	{"a: [x]#c\n", false},
	{"a: [x #c]\n", false},
	{"a: [-x, y]\n", false},
	{"a: [x y, z]\n", true},
	{"a: [x?, y]\n", false},
	{"a: x?y [z] {w}, v\n", true},
	{"a: [x,y]\n", true},
	{"<<: {a: 1}\n", false},
	{"a: <<\n", false},
	{"\ta: 1\n", false},
	{"a: 1\r\n", false},
	{"a: 1\u0085b: 2\n", false},
	{"a: x\u2028y\n", false},
	{"a: x\u00a0y\u00a0\n", true},
	{"a: x\ufeffy\n", false},
	{"a: x\uffffy\n", false},
	{"a: x\x7fy\n", false},
	{"a: x\u0080y\n", false},
	{"a: x\u2027y\u202f\n", true},
	{"a: -1\n", false},
	{"a: @x\n", false},
	{"a: %x\n", false},
	{"? a\n: b\n", false},
	{"\"a\": 1\n", false},
	{"a: 1\na: 2\n", true}, // duplicate keys are the walker's to report
	{"a:\n  # c\n  b: 1\n# c\nc: 2\n", true},
	{"a: 1\n   # indented comment\nb: 2\n", true},
	{"a:#x\n", false},
	{"a: x #c: d\n", true},
	{"l:\n  - a: 1\n  # c\n  - b: 2\n", true},
	{"l:\n  - x\n    y\n", false},
	{"l:\n  - a: 1\n    b\n", false},
	{"l:\n- 1\n- 2\n", true},
	{"m:\n  l:\n  - 1\n  n: 2\n", true},
	{"a:    |\n      x\n      y\n", true},
	{"a: 中文\nb: \"中文\" # 注\nc: 中文 # 注\n", true},
	{"中文键: 1\n  子: 2\n", false},
	{"k: v\n...\n", false},
	{strings.Repeat("k", 1100) + ": v\n", false},
}

func TestBlockYAMLCases(t *testing.T) {
	arena := new(yamlArena)
	for i, c := range blockCases {
		name := fmt.Sprintf("case %d %q", i, c.src)
		if got := compareParsers(t, arena, name, []byte(c.src)); got != c.fast {
			t.Errorf("%s: fast path %v, want %v", name, got, c.fast)
		}
	}
}

// TestBlockYAMLCorpus compares the parsers on every file of the sample site and of the test
// fixtures, valid and broken; GK_BLOCKYAML_ROOT names another site to compare (a synthetic one).
func TestBlockYAMLCorpus(t *testing.T) {
	files := map[string][]byte{}
	for _, root := range []string{filepath.Join("..", ".."), os.Getenv("GK_BLOCKYAML_ROOT")} {
		if root == "" {
			continue
		}
		_ = filepath.WalkDir(filepath.Join(root, "data"), func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.HasSuffix(p, ".yaml") {
				if b, err := os.ReadFile(p); err == nil {
					files[p] = b
				}
			}
			return nil
		})
	}
	for rel, s := range validFixture() {
		if strings.HasSuffix(rel, ".yaml") {
			files["fixture/"+rel] = []byte(s)
		}
	}
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			f := validFixture()
			if c.mutate != nil {
				c.mutate(t, f)
			}
			for rel, s := range f {
				if strings.HasSuffix(rel, ".yaml") {
					files["bad/"+c.name+"/"+rel] = []byte(s)
				}
			}
		})
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	fast := 0
	arena := new(yamlArena)
	for _, n := range names {
		if compareParsers(t, arena, n, files[n]) {
			fast++
		}
	}
	t.Logf("fast path took %d of %d files", fast, len(files))
	// Guard against a vacuous pass: the sample site and the fixture are written in the subset.
	if fast*10 < len(files)*9 {
		t.Errorf("fast path took only %d of %d files", fast, len(files))
	}
	for _, rel := range []string{fixtureProject, "data/site.yaml", "data/bodies.yaml"} {
		if _, ok := parseBlockYAML(files["fixture/"+rel], nil); !ok {
			t.Errorf("fixture %s should take the fast path", rel)
		}
	}
}

// TestBlockYAMLMutants compares the parsers on small edits of the fixture and sample files — a
// space more or less, a character dropped, an indicator inserted, lines swapped — the near misses
// a clerk makes, where a parser that is too lenient would show.
func TestBlockYAMLMutants(t *testing.T) {
	srcs := []string{validFixture()[fixtureProject], validFixture()["data/bodies.yaml"]}
	for _, pat := range []string{"data/projects/*/*.yaml", "data/*.yaml"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", pat))
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil {
				srcs = append(srcs, string(b))
			}
		}
	}
	inserts := []string{": ", ":", "#", " #", "- ", "-", "'", "\"", "|", "|-", "[", "]", ", ", "?", " ", "  ",
		"\n", "\n  ", "\n- ", "~", "<<", "&a", "*a", "!", ">", "{", "%", "@", "\\", "中", "''", "x: ", "   # c\n"}
	r := rand.New(rand.NewPCG(1, 2))
	arena := new(yamlArena)
	fast, total := 0, 0
	for _, src := range srcs {
		lines := strings.SplitAfter(src, "\n")
		for range 60 {
			ls := slices.Clone(lines)
			i := r.IntN(len(ls))
			switch l := ls[i]; r.IntN(5) {
			case 0:
				ls[i] = " " + l
			case 1:
				ls[i] = strings.TrimPrefix(l, " ")
			case 2:
				p := r.IntN(len(l) + 1)
				ls[i] = l[:p] + inserts[r.IntN(len(inserts))] + l[p:]
			case 3:
				if p := r.IntN(len(l) + 1); p < len(l) {
					ls[i] = l[:p] + l[p+1:] // may cut a character: such files never reach a parser
				}
			case 4:
				j := r.IntN(len(ls))
				ls[i], ls[j] = ls[j], ls[i]
			}
			total++
			if compareParsers(t, arena, "mutant", []byte(strings.Join(ls, ""))) {
				fast++
			}
		}
	}
	t.Logf("fast path took %d of %d mutants", fast, total)
	if fast == 0 || fast == total {
		t.Errorf("fast path took %d of %d mutants: the edits should give both kinds", fast, total)
	}
}

// FuzzBlockYAML: whatever the fast parser accepts, yaml.v3 parses to the same tree.
func FuzzBlockYAML(f *testing.F) {
	for _, c := range blockCases {
		f.Add([]byte(c.src))
	}
	for _, s := range validFixture() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b) {
			return // parseYAML refuses these before any parser runs
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		compareParsers(t, nil, "fuzz", b)
	})
}
