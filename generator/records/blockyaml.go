package records

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parseBlockYAML is a fast path for the plain block-style YAML that clerks, `generator new` and
// `generator synth` write: nested mappings and lists, plain, quoted and literal (|) values,
// one-line lists like [张三, 李四], comments. It builds the tree yaml.v3 would — kinds, styles,
// values, lines and columns, and tags as Node.ShortTag reports them (see plainTag); comments are
// dropped, nothing reads them — about ten times faster: yaml.v3 alone took 3 s of CPU for the
// 10,000-project synthetic site, more than the whole 2 s `check` budget on two cores.
//
// It never reports an error: ok=false means "not in the subset, or perhaps not valid YAML", and
// the caller parses with yaml.v3, which words the diagnostics. So anything unusual — anchors,
// tags, other flow collections, multi-line plain or quoted values, folded scalars, escapes, tabs,
// empty values, odd indentation — is handed over rather than interpreted. TestBlockYAMLCases,
// TestBlockYAMLCorpus and FuzzBlockYAML hold it to yaml.v3's trees.
//
// The nodes live in arena (nil: a fresh one), valid until the arena is reset for another file.
func parseBlockYAML(src []byte, arena *yamlArena) (doc *yaml.Node, ok bool) {
	s := string(src) // one copy; every plain value is a substring of it
	if !blockYAMLBytes(s) {
		return nil, false
	}
	if arena == nil {
		arena = new(yamlArena)
	}
	arena.text = s
	p := &blockParser{s: s, yamlArena: arena}
	p.split(arena.lines[:0])
	arena.lines = p.lines         // reused by the next file
	arena.reset(2 * len(p.lines)) // about the nodes a file of this length makes
	defer func() {
		if r := recover(); r != nil {
			if r != errNotBlock {
				panic(r) // a bug here must not hide behind the fallback
			}
			doc, ok = nil, false
		}
	}()
	first := p.next(0)
	if first < 0 {
		return nil, false
	}
	root, rest := p.block(first, -1)
	if rest >= 0 || root.Kind != yaml.MappingNode {
		return nil, false
	}
	doc = p.node(yaml.DocumentNode, "", "", root.Line, root.Column)
	p.stack = append(p.stack, root)
	doc.Content = p.children(0)
	return doc, true
}

// blockYAMLBytes reports whether s holds only characters yaml.v3 reads as ordinary printable
// text: no tab, no carriage return, no control character, no NEL, line or paragraph separator
// (which YAML treats as line breaks), no byte-order mark or non-character inside. s is valid
// UTF-8 (checked before).
func blockYAMLBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !oddByte[c] {
			continue // printable ASCII, or a UTF-8 byte that starts nothing suspect
		}
		switch {
		case c == '\n':
		case c < 0x20 || c == 0x7f:
			return false
		case c == 0xc2:
			if i+1 < len(s) && s[i+1] < 0xa0 {
				return false // U+0080–U+009F, including NEL
			}
		case c == 0xe2:
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9) {
				return false // U+2028, U+2029
			}
		case c == 0xef:
			if i+2 < len(s) && (s[i+1] == 0xbb && s[i+2] == 0xbf || s[i+1] == 0xbf && s[i+2] >= 0xbe) {
				return false // U+FEFF, U+FFFE, U+FFFF
			}
		}
	}
	return true
}

// oddByte marks the bytes blockYAMLBytes looks at more closely: one lookup for all the others.
var oddByte = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t[0x7f], t[0xc2], t[0xe2], t[0xef] = true, true, true, true
	return t
}()

// errNotBlock unwinds the parser when the input leaves the subset.
var errNotBlock = &struct{ string }{"not block YAML"}

func notBlock() { panic(errNotBlock) }

// bline is one source line.
type bline struct {
	start, end int // byte offsets of the line in s, without the '\n'
	indent     int // leading spaces
	skip       bool
}

type blockParser struct {
	s     string
	lines []bline
	*yamlArena
}

// yamlArena is the memory of one tree. Each parsing goroutine keeps one and reuses it file after
// file once the walker is done with the tree (it keeps strings, never nodes): the trees were a
// third of all allocations, and the garbage collector's work with them.
type yamlArena struct {
	chunks [][]yaml.Node // nodes, in fixed-size chunks so that pointers stay valid
	used   int           // chunks[:used] hold this tree's nodes (the last one partly)
	ptrs   []*yaml.Node  // the nodes' Content slices are carved from here
	stack  []*yaml.Node  // children of the nodes being parsed
	lines  []bline       // the lines of the text being parsed
	text   string        // the text of the tree, which its plain and quoted values are cut from
	want   int           // the size of new blocks: a fresh arena for a small text stays small
}

const arenaChunk = 512

// reset readies the arena for a tree of about n nodes.
func (a *yamlArena) reset(n int) {
	a.used = 0
	a.ptrs = a.ptrs[:0]
	a.stack = a.stack[:0]
	a.want = min(arenaChunk, max(16, n))
}

// alloc returns a node from the arena, to be overwritten whole.
func (a *yamlArena) alloc() *yaml.Node {
	if a.used == 0 || len(a.chunks[a.used-1]) == cap(a.chunks[a.used-1]) {
		if a.used == len(a.chunks) {
			a.chunks = append(a.chunks, make([]yaml.Node, 0, a.want))
			a.want = arenaChunk // a text longer than expected: grow in large steps
		}
		a.chunks[a.used] = a.chunks[a.used][:0]
		a.used++
	}
	c := a.chunks[a.used-1]
	c = c[:len(c)+1]
	a.chunks[a.used-1] = c
	return &c[len(c)-1]
}

// children moves stack[base:] into a Content slice.
func (a *yamlArena) children(base int) []*yaml.Node {
	kids := a.stack[base:]
	if len(kids) == 0 {
		return nil // as yaml.v3 leaves an empty list
	}
	if len(a.ptrs)+len(kids) > cap(a.ptrs) {
		// Slices carved from the old block stay valid; the new one serves from now on.
		a.ptrs = make([]*yaml.Node, 0, max(a.want, 2*cap(a.ptrs), len(kids)))
	}
	at := len(a.ptrs)
	a.ptrs = append(a.ptrs, kids...)
	a.stack = a.stack[:base]
	return a.ptrs[at:len(a.ptrs):len(a.ptrs)]
}

// split cuts the text into lines, appending them to lines (a buffer to reuse).
func (p *blockParser) split(lines []bline) {
	p.lines = lines
	for start := 0; start <= len(p.s); {
		end := strings.IndexByte(p.s[start:], '\n')
		if end < 0 {
			end = len(p.s)
		} else {
			end += start
		}
		l := bline{start: start, end: end}
		for l.start+l.indent < end && p.s[l.start+l.indent] == ' ' {
			l.indent++
		}
		// Blank and comment lines carry nothing outside literal values.
		l.skip = l.start+l.indent == end || p.s[l.start+l.indent] == '#'
		p.lines = append(p.lines, l)
		start = end + 1
	}
}

// next is the first line at or after i that holds content, or -1.
func (p *blockParser) next(i int) int {
	for ; i < len(p.lines); i++ {
		if !p.lines[i].skip {
			return i
		}
	}
	return -1
}

func (p *blockParser) text(i int) string { return p.s[p.lines[i].start:p.lines[i].end] }

func (p *blockParser) node(kind yaml.Kind, tag, value string, line, col int) *yaml.Node {
	n := p.alloc()
	*n = yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: col}
	return n
}

// column is yaml.v3's 1-based column of byte off in line i: it counts characters.
func (p *blockParser) column(i, off int) int {
	t := p.text(i)[:off]
	for j := 0; j < len(t); j++ {
		if t[j] >= utf8.RuneSelf {
			return utf8.RuneCountInString(t) + 1
		}
	}
	return off + 1
}

// block parses the mapping or list starting on line i, whose parent sits at column parent (0-based,
// -1 for the top level). It returns the node and the next content line, or -1 at the end.
func (p *blockParser) block(i, parent int) (*yaml.Node, int) {
	l := p.lines[i]
	if l.indent <= parent {
		notBlock()
	}
	if isEntry(p.text(i), l.indent) {
		return p.sequence(i, l.indent)
	}
	return p.mapping(i, l.indent, l.indent)
}

// isEntry reports a list entry ("- …" or a lone "-") at byte off of t.
func isEntry(t string, off int) bool {
	return off < len(t) && t[off] == '-' && (off+1 == len(t) || t[off+1] == ' ')
}

// mapping parses a block mapping whose keys sit at column indent; the first key is at byte off of
// line i (after "- " for a mapping inside a list entry).
func (p *blockParser) mapping(i, indent, off int) (*yaml.Node, int) {
	m := p.node(yaml.MappingNode, "!!map", "", i+1, indent+1)
	base := len(p.stack)
	for {
		t := p.text(i)
		colon := keyEnd(t, off)
		if colon < 0 {
			notBlock()
		}
		key := t[off:colon]
		if key == "<<" {
			notBlock() // a merge key: needs the anchors this parser does not handle
		}
		k := p.node(yaml.ScalarNode, plainTag(key), key, i+1, p.column(i, off))
		v, j := p.value(i, colon+1, indent, true)
		p.stack = append(p.stack, k, v)
		if j < 0 || p.lines[j].indent < indent {
			m.Content = p.children(base)
			return m, j
		}
		if p.lines[j].indent > indent || isEntry(p.text(j), indent) {
			notBlock()
		}
		i, off = j, indent
	}
}

// sequence parses a block list whose dashes sit at column indent, starting on line i.
func (p *blockParser) sequence(i, indent int) (*yaml.Node, int) {
	seq := p.node(yaml.SequenceNode, "!!seq", "", i+1, indent+1)
	base := len(p.stack)
	for {
		v, j := p.value(i, indent+1, indent, false)
		p.stack = append(p.stack, v)
		if j < 0 || p.lines[j].indent < indent {
			seq.Content = p.children(base)
			return seq, j
		}
		if p.lines[j].indent > indent {
			notBlock()
		}
		if !isEntry(p.text(j), indent) {
			seq.Content = p.children(base)
			return seq, j // a mapping key at the dash's column: the list was indentless
		}
		i = j
	}
}

// value parses what follows a key's colon (inMap) or a list entry's dash, from byte off of line i;
// parent is the column of the mapping's keys or of the dash. It returns the node and the next
// content line.
func (p *blockParser) value(i, off, parent int, inMap bool) (*yaml.Node, int) {
	t := p.text(i)
	for off < len(t) && t[off] == ' ' {
		off++
	}
	if off == len(t) || t[off] == '#' { // (a colon or dash is followed by a space or the end)
		// The value is on the following lines: a nested block, or a list at the key's column.
		j := p.next(i + 1)
		if j < 0 {
			notBlock() // an empty value
		}
		if p.lines[j].indent > parent {
			return p.block(j, parent)
		}
		if inMap && p.lines[j].indent == parent && isEntry(p.text(j), parent) {
			return p.sequence(j, parent)
		}
		notBlock() // an empty value: yaml.v3 places its null where the next token starts
	}
	if !inMap {
		if isEntry(t, off) {
			notBlock() // "- - x"
		}
		if keyEnd(t, off) >= 0 {
			return p.mapping(i, p.column(i, off)-1, off)
		}
	}
	var n *yaml.Node
	switch t[off] {
	case '"':
		n = p.quoted(i, off, '"')
	case '\'':
		n = p.quoted(i, off, '\'')
	case '|':
		return p.literal(i, off, parent)
	case '[':
		n = p.flowList(i, off)
	default:
		n = p.plain(i, off)
	}
	return n, p.next(i + 1)
}

// indicators cannot start a plain value or key (some could, followed by a non-space; those few
// are left to yaml.v3).
const indicators = "-?:,[]{}#&*!|>'\"%@`"

// keyEnd returns the offset of the colon ending a plain key that starts at byte off of t, or -1
// when t[off:] is not "key:" or "key: …".
func keyEnd(t string, off int) int {
	if off >= len(t) || strings.IndexByte(indicators, t[off]) >= 0 {
		return -1
	}
	for j := off; j < len(t); j++ {
		switch t[j] {
		case ':':
			if j+1 == len(t) || t[j+1] == ' ' {
				if t[j-1] == ' ' || j-off > 1000 {
					notBlock() // "key :" and over-long keys: leave them to yaml.v3
				}
				return j
			}
		case '#':
			if t[j-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

// plain reads a one-line plain value at byte off of line i, up to a comment.
func (p *blockParser) plain(i, off int) *yaml.Node {
	t := p.text(i)
	if strings.IndexByte(indicators, t[off]) >= 0 {
		notBlock()
	}
	end := len(t)
	for j := off + 1; j < len(t); j++ {
		if t[j] == '#' && t[j-1] == ' ' {
			end = j
			break
		}
		if t[j] == ':' && (j+1 == len(t) || t[j+1] == ' ') {
			notBlock() // "a: b: c" is an error for yaml.v3 to word
		}
	}
	v := strings.TrimRight(t[off:end], " ")
	if v == "<<" {
		notBlock()
	}
	return p.node(yaml.ScalarNode, plainTag(v), v, i+1, p.column(i, off))
}

// quoted reads a one-line quoted value without escapes at byte off of line i.
func (p *blockParser) quoted(i, off int, q byte) *yaml.Node {
	t := p.text(i)
	var v string
	j := off + 1
	for ; ; j++ {
		if j == len(t) || t[j] == '\\' && q == '"' {
			notBlock() // continues on the next line, or has an escape
		}
		if t[j] == q {
			if q == '\'' && j+1 < len(t) && t[j+1] == '\'' {
				j++ // '' is a quote
				continue
			}
			break
		}
	}
	v = t[off+1 : j]
	if q == '\'' && strings.Contains(v, "''") {
		v = strings.ReplaceAll(v, "''", "'")
	}
	rest := strings.TrimLeft(t[j+1:], " ")
	if rest != "" && (rest[0] != '#' || len(rest) == len(t)-j-1) {
		notBlock() // something after the closing quote other than " # comment"
	}
	n := p.node(yaml.ScalarNode, "!!str", v, i+1, p.column(i, off))
	n.Style = yaml.DoubleQuotedStyle
	if q == '\'' {
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

// flowList reads a one-line list of plain values, "[张三, 李四]" or "[]", at byte off of line i.
func (p *blockParser) flowList(i, off int) *yaml.Node {
	t := p.text(i)
	seq := p.node(yaml.SequenceNode, "!!seq", "", i+1, p.column(i, off))
	seq.Style = yaml.FlowStyle
	base := len(p.stack)
	j := off + 1
	for j < len(t) && t[j] == ' ' {
		j++
	}
	if j < len(t) && t[j] == ']' {
		j++
	} else {
		for {
			start := j
			for j < len(t) && t[j] != ',' && t[j] != ']' {
				if strings.IndexByte("[{}:?#\"'", t[j]) >= 0 {
					notBlock() // nested, mappings, comments, quotes: yaml.v3's ('?' ends a value here)
				}
				j++
			}
			v := strings.TrimRight(t[start:j], " ")
			if j == len(t) || v == "" || strings.IndexByte(indicators, v[0]) >= 0 || v == "<<" {
				notBlock() // continues on the next line, empty item, an indicator, or a merge key
			}
			p.stack = append(p.stack, p.node(yaml.ScalarNode, plainTag(v), v, i+1, p.column(i, start)))
			if t[j] == ']' {
				j++
				break
			}
			for j++; j < len(t) && t[j] == ' '; j++ {
			}
		}
	}
	if rest := strings.TrimLeft(t[j:], " "); rest != "" && (rest[0] != '#' || len(rest) == len(t)-j) {
		notBlock()
	}
	seq.Content = p.children(base)
	return seq
}

// literal reads a literal block value ("|" or "|-") whose indicator is at byte off of line i;
// parent is the column of its key or dash. Its text is the following lines indented more than
// parent, less their indentation, which the first line sets.
func (p *blockParser) literal(i, off, parent int) (*yaml.Node, int) {
	t := p.text(i)
	h := off + 1
	strip := h < len(t) && t[h] == '-'
	if strip {
		h++
	}
	if rest := strings.TrimLeft(t[h:], " "); rest != "" && (rest[0] != '#' || len(rest) == len(t)-h) {
		notBlock() // indentation indicator, "|+", or text after the indicator
	}
	first := i + 1
	if first >= len(p.lines) || p.lines[first].start+p.lines[first].indent == p.lines[first].end {
		notBlock() // no text, or leading blank lines (which may set the indentation)
	}
	ind := p.lines[first].indent
	if ind <= parent {
		notBlock() // an empty literal
	}
	end, j := first, first // the last line of text, the line after the value
	for ; j < len(p.lines); j++ {
		l := p.lines[j]
		if l.start+l.indent == l.end { // blank
			if l.indent > ind {
				notBlock() // spaces beyond the indentation would be text
			}
			continue
		}
		if l.indent < ind {
			break
		}
		end = j
	}
	var b strings.Builder
	b.Grow(p.lines[end].end - p.lines[first].start + 1) // an upper bound: one allocation
	last := first
	for k := first; k <= end; k++ {
		l := p.lines[k]
		if l.start+l.indent == l.end {
			continue
		}
		for ; last+1 < k; last++ {
			b.WriteByte('\n') // blank lines inside the text
		}
		if k > first {
			b.WriteByte('\n')
		}
		b.WriteString(p.s[l.start+ind : l.end])
		last = k
	}
	if !strip && p.lines[last].end < len(p.s) {
		b.WriteByte('\n') // clip: keep the last line break, if the file has one
	}
	n := p.node(yaml.ScalarNode, "!!str", b.String(), i+1, p.column(i, off))
	n.Style = yaml.LiteralStyle
	return n, p.next(j)
}

// plainTag is the tag yaml.v3 gives a plain value. Only values starting with a sign, a digit, a
// dot, a tilde or one of the letters of true/false/null can be anything but a string; their tag
// is left empty, which Node.ShortTag resolves with yaml.v3's own resolver when asked — and
// resolving every date and amount up front (time and float parsing) cost a quarter of this
// parser's time for nothing: the walker only asks isNull, which is exact without it.
func plainTag(v string) string {
	switch c := v[0]; {
	case c == '+' || c == '-' || c == '.' || c == '~' || c >= '0' && c <= '9':
	case strings.IndexByte("yYnNtTfFoO", c) >= 0:
	default:
		return "!!str"
	}
	return ""
}
