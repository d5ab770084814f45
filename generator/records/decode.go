package records

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/gongkai/gongkai/generator/diag"
	"gopkg.in/yaml.v3"
)

// The decoder is the one reflective walker that turns a yaml.Node tree into the typed records.
// It is driven by the yaml tags of model.go, so adding a field to a model type is all it takes
// to read it. Along the way it records every value's position (Src), reports unknown keys,
// wrong kinds of node, unparsable values, missing required keys, and checks every string it
// reads for personal data — in one place, so no field can be forgotten.

// Limits that keep hostile input (alias bombs, absurd nesting) from exhausting the machine.
const (
	maxDepth = 64
	maxNodes = 1 << 18 // a real project file has a few hundred
)

var (
	moneyType    = reflect.TypeFor[Money]()
	dateType     = reflect.TypeFor[Date]()
	dateTimeType = reflect.TypeFor[DateTime]()
	markdownType = reflect.TypeFor[Markdown]()
	srcType      = reflect.TypeFor[Src]()
)

// decoder decodes one file. It is not shared between goroutines.
type decoder struct {
	file    string // relative to the site root, forward slashes
	src     []byte
	lines   []string // source lines, split on first use
	diags   diag.List
	visited int
	tooDeep bool

	// path is where the walk is: keys and list indexes from the root, so that a missing key can
	// name the mapping it is missing from.
	path []pathStep

	markdown *markdownCache // shared by the files of one load; nil renders every value afresh
	arena    *yamlArena     // memory for the tree, reused by the next file; nil for a fresh one

	strs *strTable // the strings kept from earlier files; nil keeps each string as parsed

	keys []KeyPos // the keys of the mappings being decoded, innermost last
	slab []KeyPos // the current chunk the records' Src.Keys are cut from

	lineCount int // lines in src, counted when the first slab is made
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Column: n.Column}
}

// pathStep is one step of decoder.path: a key, or (key empty) a list index.
type pathStep struct {
	key   string
	index int
}

// pathString writes the path as a clerk reads it: call.service.period, award.winners[0].
func (d *decoder) pathString() string {
	var b strings.Builder
	for _, s := range d.path {
		if s.key == "" {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

func (d *decoder) errorf(p diag.Pos, code, zh, en string) { d.diags.Add(p, code, zh, en) }

// structInfo is what the walker knows about one model type, computed once per type.
type structInfo struct {
	fields   map[string]int // yaml key → field index
	keys     []string       // yaml keys in declaration order, for suggestions
	tags     []string       // by field index: its yaml key ("" for none)
	ids      []keyID        // by field index: its yaml key's number
	src      int            // index of the embedded Src, or -1
	required []string
	// requiredIDs are the numbers of the required keys.
	requiredIDs []keyID
}

var structInfos sync.Map // reflect.Type → *structInfo

func infoOf(t reflect.Type) *structInfo {
	if i, ok := structInfos.Load(t); ok {
		return i.(*structInfo)
	}
	info := &structInfo{fields: map[string]int{}, tags: make([]string, t.NumField()), ids: make([]keyID, t.NumField()), src: -1, required: requiredKeys[t]}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type == srcType {
			info.src = i
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		info.fields[tag] = i
		info.tags[i] = tag
		info.ids[i] = idOfKey(tag)
		info.keys = append(info.keys, tag)
	}
	for _, r := range info.required {
		info.requiredIDs = append(info.requiredIDs, idOfKey(r))
	}
	i, _ := structInfos.LoadOrStore(t, info)
	return i.(*structInfo)
}

// decodeRoot fills the struct pointed to by out from a file's top-level mapping.
func (d *decoder) decodeRoot(root *yaml.Node, out any) {
	d.value(root, reflect.ValueOf(out).Elem(), "", 0)
}

// deref follows aliases (a clerk may use YAML anchors to repeat a contact).
func (d *decoder) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i > maxDepth {
			return nil
		}
		n = n.Alias
	}
	return n
}

// isNull is n.ShortTag() == "!!null", without resolving the tag of every plain value (plainTag
// leaves most unresolved): yaml.v3 resolves exactly these plain spellings to null.
func isNull(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	if n.Tag == "" && n.Style == 0 {
		switch n.Value {
		case "", "~", "null", "Null", "NULL":
			return true
		}
		return false
	}
	return n.ShortTag() == "!!null"
}

// isEmpty is what a required key may not be: null, blank, or an empty list or mapping.
func isEmpty(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return isNull(n) || strings.TrimSpace(n.Value) == ""
	case yaml.SequenceNode, yaml.MappingNode:
		return len(n.Content) == 0
	}
	return false
}

func kindName(n *yaml.Node) (zh, en string) {
	switch n.Kind {
	case yaml.MappingNode:
		return "映射（键: 值）", "a mapping"
	case yaml.SequenceNode:
		return "列表", "a list"
	}
	return "单个值", "a single value"
}

func (d *decoder) wrongType(n *yaml.Node, key, wantZh, wantEn string) {
	gotZh, gotEn := kindName(n)
	d.errorf(d.pos(n), "wrong-type",
		fmt.Sprintf("字段 %s 应为%s，这里写的是%s", key, wantZh, gotZh),
		fmt.Sprintf("%s should be %s, found %s", key, wantEn, gotEn))
}

// scalar returns n's text, or reports a wrong-type when n is a list or mapping.
func (d *decoder) scalar(n *yaml.Node, key, wantZh, wantEn string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.wrongType(n, key, wantZh, wantEn)
		return "", false
	}
	return n.Value, true
}

// value decodes n into v. key is the yaml key the value belongs to, for messages.
func (d *decoder) value(n *yaml.Node, v reflect.Value, key string, depth int) {
	n = d.deref(n)
	if n == nil || d.tooDeep {
		return
	}
	d.visited++
	if depth > maxDepth || d.visited > maxNodes {
		d.tooDeep = true
		d.errorf(d.pos(n), "too-deep", "文件嵌套过深或别名展开过多，无法读取", "the file nests too deeply or expands too many aliases")
		return
	}
	if d.badTag(n) {
		return
	}
	if isNull(n) {
		return // absent: zero value, nil pointer or list; required keys are checked by the caller
	}
	if d.placeholder(n, v, key) {
		return // left by `generator new`; see placeholder.go
	}
	switch v.Type() {
	case moneyType:
		if s, ok := d.scalar(n, key, "金额", "an amount"); ok {
			m, err := ParseMoney(s)
			if err != nil {
				d.moneyError(n, key, s, err)
				return
			}
			v.SetInt(int64(m))
		}
		return
	case dateType:
		if s, ok := d.scalar(n, key, "日期", "a date"); ok {
			t, err := ParseDate(strings.TrimSpace(s))
			if err != nil {
				d.errorf(d.pos(n), "date-format",
					fmt.Sprintf("字段 %s 的日期格式不正确：%q，应写成 2025-06-05", key, s),
					fmt.Sprintf("%s: bad date %q, write it as 2025-06-05", key, s))
				return
			}
			*v.Addr().Interface().(*Date) = t
		}
		return
	case dateTimeType:
		if s, ok := d.scalar(n, key, "日期时间", "a date-time"); ok {
			t, err := ParseDateTime(s)
			if err != nil {
				d.errorf(d.pos(n), "date-format",
					fmt.Sprintf("字段 %s 的时间格式不正确：%q，应写成 2025-06-05 09:30（北京时间）", key, s),
					fmt.Sprintf("%s: bad date-time %q, write it as 2025-06-05 09:30 (China Standard Time) or RFC 3339", key, s))
				return
			}
			*v.Addr().Interface().(*DateTime) = t
		}
		return
	case markdownType:
		if s, ok := d.scalar(n, key, "文字（Markdown）", "text (Markdown)"); ok {
			m, issues := d.markdown.render(s)
			for _, is := range issues {
				d.errorf(d.posIn(n, s, is.Offset), is.Code, fmt.Sprintf("字段 %s：%s", key, is.Zh), fmt.Sprintf("%s: %s", key, is.En))
			}
			d.text(n, key, s)
			if !d.markdown.shares() {
				m.Source = d.own(s)
			}
			*v.Addr().Interface().(*Markdown) = m
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		if s, ok := d.scalar(n, key, "文字", "text"); ok {
			d.text(n, key, s)
			v.SetString(d.own(s))
		}
	case reflect.Int, reflect.Int64:
		if s, ok := d.scalar(n, key, "整数", "a whole number"); ok {
			i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || i > 1<<31-1 || i < -(1<<31) {
				d.errorf(d.pos(n), "wrong-type", fmt.Sprintf("字段 %s 应为整数，这里写的是 %q", key, s),
					fmt.Sprintf("%s should be a whole number, found %q", key, s))
				return
			}
			v.SetInt(i)
		}
	case reflect.Float64:
		if s, ok := d.scalar(n, key, "数字", "a number"); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || f != f || f > 1e15 || f < -1e15 {
				d.errorf(d.pos(n), "wrong-type", fmt.Sprintf("字段 %s 应为数字，这里写的是 %q", key, s),
					fmt.Sprintf("%s should be a number, found %q", key, s))
				return
			}
			v.SetFloat(f)
		}
	case reflect.Bool:
		if s, ok := d.scalar(n, key, "true 或 false", "true or false"); ok {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "true":
				v.SetBool(true)
			case "false":
				v.SetBool(false)
			default:
				d.errorf(d.pos(n), "wrong-type", fmt.Sprintf("字段 %s 应为 true 或 false，这里写的是 %q", key, s),
					fmt.Sprintf("%s should be true or false, found %q", key, s))
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.wrongType(n, key, "列表（每项以 - 开头）", "a list (items start with -)")
			return
		}
		s := reflect.MakeSlice(v.Type(), 0, len(n.Content))
		for _, c := range n.Content {
			if c = d.deref(c); c == nil {
				continue
			}
			if isNull(c) && v.Type().Elem().Kind() != reflect.String {
				// "- " with nothing after it: an item the clerk meant to fill.
				d.errorf(d.pos(c), "missing-field", fmt.Sprintf("字段 %s 的列表中有空项", key), fmt.Sprintf("%s has an empty list item", key))
				continue
			}
			if d.tooDeep {
				break
			}
			s = reflect.Append(s, reflect.Zero(v.Type().Elem()))
			d.path = append(d.path, pathStep{index: s.Len() - 1})
			d.value(c, s.Index(s.Len()-1), key, depth+1)
			d.path = d.path[:len(d.path)-1]
		}
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.value(n, p.Elem(), key, depth)
		v.Set(p)
	case reflect.Struct:
		d.structValue(n, v, key, depth)
	case reflect.Map:
		d.mapValue(n, v, key, depth)
	default:
		// A model type the walker does not know: a programming error, reported instead of panicking.
		d.errorf(d.pos(n), "internal", "内部错误：不支持的字段类型 "+v.Type().String(), "internal error: unsupported field type "+v.Type().String())
	}
}

func (d *decoder) moneyError(n *yaml.Node, key, s string, err error) {
	why, whyEn := "应写成 290000、290000.00、29万元 或 ¥290,000", "write 290000, 290000.00, 29万元 or ¥290,000"
	switch err {
	case ErrMoneyNegative:
		why, whyEn = "金额不能为负数", "amounts cannot be negative"
	case ErrMoneyUnit:
		why, whyEn = "单位只能是元或万元", "the only units are 元 and 万元"
	case ErrMoneyDecimals:
		why, whyEn = "最多精确到分（两位小数；以万元为单位时六位）", "at most two decimals (six when in 万元)"
	case ErrMoneyTooLarge:
		why, whyEn = "金额过大", "amount too large"
	}
	d.errorf(d.pos(n), "money-format",
		fmt.Sprintf("字段 %s 的金额格式不正确：%q，%s", key, s, why),
		fmt.Sprintf("%s: bad amount %q: %s", key, s, whyEn))
}

// badTag reports, and refuses, a tag written in the file other than the core schema's: !!binary
// would be published as its base64 text, a local tag such as !x means nothing here.
func (d *decoder) badTag(n *yaml.Node) bool {
	if n.Style&yaml.TaggedStyle == 0 {
		return false
	}
	switch n.ShortTag() {
	case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq":
		return false
	}
	d.errorf(d.pos(n), "yaml-tag", fmt.Sprintf("不支持 YAML 标签 %s：只能用 !!str、!!int、!!float、!!bool、!!null，或者不写标签", n.Tag),
		fmt.Sprintf("YAML tag %s is not supported: use !!str, !!int, !!float, !!bool, !!null or no tag", n.Tag))
	return true
}

// pairs yields a mapping's key/value pairs, expanding YAML merge keys (<<: *anchor); explicit
// keys win over merged ones. Without merge keys — nearly always — it allocates nothing.
func (d *decoder) pairs(n *yaml.Node, depth int) iter.Seq2[*yaml.Node, *yaml.Node] {
	return func(yield func(k, v *yaml.Node) bool) {
		merges := false
		for i := 0; i+1 < len(n.Content) && depth < maxDepth; i += 2 {
			merges = merges || isMergeKey(n.Content[i])
		}
		if !merges {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if !yield(n.Content[i], n.Content[i+1]) {
					return
				}
			}
			return
		}
		for _, p := range d.pairList(n, depth) {
			if !yield(p[0], p[1]) {
				return
			}
		}
	}
}

// isMergeKey is k.ShortTag() == "!!merge". A node without a tag (blockyaml.go leaves plain tags
// unresolved) never resolves to one: yaml.v3 tags "<<" as a merge while parsing, not in ShortTag.
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag != "" && k.ShortTag() == "!!merge"
}

// pairList is pairs for a mapping with merge keys.
func (d *decoder) pairList(n *yaml.Node, depth int) [][2]*yaml.Node {
	var explicit, merged [][2]*yaml.Node
	explicit = make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) && depth < maxDepth {
			v = d.deref(v)
			if v == nil {
				continue
			}
			srcs := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, m := range srcs {
				if m = d.deref(m); m != nil && m.Kind == yaml.MappingNode {
					// Merges of merges can double at every level: count what they expand to
					// against the same budget as the values themselves.
					if d.visited += len(m.Content) / 2; d.visited > maxNodes {
						break
					}
					merged = append(merged, d.pairList(m, depth+1)...)
				}
			}
			continue
		}
		explicit = append(explicit, [2]*yaml.Node{k, v})
	}
	if len(merged) == 0 {
		return explicit
	}
	have := map[string]bool{}
	for _, p := range explicit {
		have[p[0].Value] = true
	}
	out := explicit
	for _, p := range merged {
		if !have[p[0].Value] {
			have[p[0].Value] = true
			out = append(out, p)
		}
	}
	return out
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, key string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.wrongType(n, key, "映射（键: 值）", "a mapping (key: value)")
		return
	}
	info := infoOf(v.Type())
	// This mapping's keys go on d.keys above base while its values are decoded (nested mappings
	// push theirs above and take them off again), then move to the file's slab.
	base := len(d.keys)
	var empty map[string]bool
	for k, val := range d.pairs(n, depth) {
		k := d.deref(k)
		if k != nil && d.badTag(k) {
			continue
		}
		if k == nil || k.Kind != yaml.ScalarNode {
			if k != nil {
				d.errorf(d.pos(k), "wrong-type", "键必须是简单的文字", "a key must be plain text")
			}
			continue
		}
		name := k.Value
		idx, ok := info.fields[name]
		if !ok {
			d.unknownKey(k, name, info.keys)
			continue
		}
		id := info.ids[idx]
		if d.keyAt(base, id) >= 0 {
			d.errorf(d.pos(k), "duplicate-key", fmt.Sprintf("字段 %s 重复出现", name), fmt.Sprintf("key %s appears twice", name))
			continue
		}
		rv := d.deref(val)
		if rv == nil {
			continue
		}
		name = info.tags[idx] // the model's copy of the key: no reference into the file
		d.keys = append(d.keys, KeyPos{key: id, line: int32(rv.Line), column: int32(rv.Column)})
		if isEmpty(rv) {
			if empty == nil {
				empty = map[string]bool{}
			}
			empty[name] = true
		}
		d.path = append(d.path, pathStep{key: name})
		d.value(rv, v.Field(idx), name, depth+1)
		d.path = d.path[:len(d.path)-1]
		if rv.Kind == yaml.SequenceNode {
			// Plain values in a list (dates, names) have no Src of their own: keep their
			// positions as items of the key so checks can point at the exact item.
			for i, c := range rv.Content {
				if c.Kind == yaml.ScalarNode {
					d.keys = append(d.keys, KeyPos{key: id, item: int32(i + 1), line: int32(c.Line), column: int32(c.Column)})
				}
			}
		}
	}
	for j, r := range info.required {
		var p diag.Pos
		i := d.keyAt(base, info.requiredIDs[j])
		present := i >= 0
		if present {
			p = diag.Pos{File: d.file, Line: int(d.keys[i].line), Column: int(d.keys[i].column)}
		}
		switch {
		case !present && len(d.path) > 0:
			at := d.pathString()
			d.errorf(d.pos(n), "missing-field", fmt.Sprintf("%s 中缺少必填字段 %s", at, r), fmt.Sprintf("required key %s is missing in %s", r, at))
		case !present:
			d.errorf(d.pos(n), "missing-field", fmt.Sprintf("缺少必填字段 %s", r), fmt.Sprintf("required key %s is missing", r))
		case empty[r]:
			d.errorf(p, "missing-field", fmt.Sprintf("必填字段 %s 不能为空", r), fmt.Sprintf("required key %s is empty", r))
		}
	}
	if info.src >= 0 {
		*v.Field(info.src).Addr().Interface().(*Src) = Src{Pos: d.pos(n), Keys: d.keep(d.keys[base:])}
	}
	d.keys = d.keys[:base]
}

// strTable holds copies of the short string values the records of a load keep, so that the
// values repeated across files share one (see decoder.own). It is a cache, not a set: a slot
// holds the last value that hashed to it, which keeps every lookup in a small table the
// processor's cache holds; a map of every value took longer than the copies it saved.
type strTable struct {
	seed  maphash.Seed
	slots [1 << 12]string
}

func newStrTable() *strTable { return &strTable{seed: maphash.MakeSeed()} }

// own returns the copy of s the records keep. The fast parser's values are substrings of the
// whole file's text, which would keep every file's text in memory for as long as the dataset;
// a copy of each value instead is a fraction of that. Short values repeat across files (a body,
// a provider, a method, a contact) and are shared; a longer one is rarely repeated outside
// Markdown (which markdownCache shares).
func (d *decoder) own(s string) string {
	if d.strs == nil || s == "" {
		return s
	}
	if len(s) > maxShared {
		if d.arena != nil && !within(s, d.arena.text) {
			return s // made for this value (a literal block's text, or yaml.v3's): already a copy
		}
		return strings.Clone(s)
	}
	slot := &d.strs.slots[maphash.String(d.strs.seed, s)%uint64(len(d.strs.slots))]
	if *slot == s {
		return *slot
	}
	*slot = strings.Clone(s)
	return *slot
}

// within reports whether s lies in the memory of text (is a substring of it).
func within(s, text string) bool {
	if s == "" || text == "" {
		return false
	}
	p, t := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
	return p >= t && p < t+uintptr(len(text))
}

// maxShared is the longest value own shares: 20 Chinese characters.
const maxShared = 60

// keyAt is the index in d.keys, at or above base, of key's own entry, or -1.
func (d *decoder) keyAt(base int, key keyID) int {
	for i := base; i < len(d.keys); i++ {
		if d.keys[i].key == key && d.keys[i].item == 0 {
			return i
		}
	}
	return -1
}

// keep copies a record's key positions into the file's slab, which is allocated a chunk at a
// time: one allocation for many records instead of one each.
func (d *decoder) keep(keys []KeyPos) []KeyPos {
	if len(keys) == 0 {
		return nil
	}
	if cap(d.slab)-len(d.slab) < len(keys) {
		if d.lineCount == 0 {
			d.lineCount = bytes.Count(d.src, []byte("\n")) + 1
		}
		// About what the rest of the file needs (a key per line or so): a small file gets a
		// small slab, a large one few chunks.
		d.slab = make([]KeyPos, 0, max(len(keys), min(4096, max(32, d.lineCount/2))))
	}
	at := len(d.slab)
	d.slab = append(d.slab, keys...)
	return d.slab[at:len(d.slab):len(d.slab)]
}

func (d *decoder) mapValue(n *yaml.Node, v reflect.Value, key string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.wrongType(n, key, "映射（键: 值）", "a mapping (key: value)")
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	for k, val := range d.pairs(n, depth) {
		k := d.deref(k)
		if k == nil || k.Kind != yaml.ScalarNode || d.badTag(k) {
			continue
		}
		ev := reflect.New(v.Type().Elem()).Elem()
		d.value(val, ev, key+"."+k.Value, depth+1)
		m.SetMapIndex(reflect.ValueOf(d.own(k.Value)).Convert(v.Type().Key()), ev)
	}
	v.Set(m)
}

func (d *decoder) unknownKey(k *yaml.Node, name string, known []string) {
	zh := fmt.Sprintf("未知字段 %s", name)
	en := fmt.Sprintf("unknown key %s", name)
	if trimmed := strings.Trim(name, " \u3000"); trimmed != name && slices.Contains(known, trimmed) {
		// The input method's full-width space: invisible in most editors.
		zh += fmt.Sprintf("：%s 前后有全角空格，只能用半角空格缩进", trimmed)
		en += fmt.Sprintf(": %s has a full-width space around it; indent with ASCII spaces only", trimmed)
	} else if s := closest(name, known); s != "" {
		zh += fmt.Sprintf("，你是不是想写 %s？", s)
		en += fmt.Sprintf("; did you mean %s?", s)
	} else if len(known) > 0 {
		zh += "，可用的字段：" + strings.Join(known, ", ")
		en += "; known keys: " + strings.Join(known, ", ")
	}
	d.errorf(d.pos(k), "unknown-key", zh, en)
}

// closest is the known key nearest to name by edit distance, if near enough to be a typo.
func closest(name string, known []string) string {
	best, bestD := "", 1<<30
	lname := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	for _, k := range known {
		if dist := editDistance(lname, k); dist < bestD {
			best, bestD = k, dist
		}
	}
	limit := max(2, utf8.RuneCountInString(name)/3)
	if bestD <= limit {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// textCheck inspects a free-text value and returns problems at byte offsets into it.
type textCheck func(key, s string) []textIssue

type textIssue struct {
	Offset int
	Code   string
	Zh, En string
}

// textChecks run on every string and Markdown value the walker reads. Other checks (e.g. for
// placeholders left by `generator new`) add themselves here in an init function.
var textChecks = []textCheck{personalDataCheck, controlCharCheck}

func (d *decoder) text(n *yaml.Node, key, s string) {
	for _, c := range textChecks {
		for _, is := range c(key, s) {
			d.errorf(d.posIn(n, s, is.Offset), is.Code, is.Zh, is.En)
		}
	}
}

// personalDataCheck refuses resident ID numbers, personal mobile numbers and bank card numbers.
// The credit-code field is exempt: a credit code is an organisation's public identifier.
func personalDataCheck(key, s string) []textIssue {
	if key == "credit_code" {
		return nil
	}
	var out []textIssue
	for _, m := range FindPersonal(s) {
		zh, en := m.Kind.names()
		masked := mask(m.Value)
		out = append(out, textIssue{Offset: m.Start, Code: "personal-data",
			Zh: fmt.Sprintf("字段 %s 含有疑似%s（%s），个人信息不得公开，请删除", key, zh, masked),
			En: fmt.Sprintf("%s contains what looks like a %s (%s); personal data must not be published", key, en, masked)})
	}
	return out
}

// controlCharCheck refuses control characters other than tab and line feed: a YAML escape
// ("\u0007", "\r") can put them in a value, and pages, CSV cells and feeds would carry them raw.
func controlCharCheck(key, s string) []textIssue {
	// Byte by byte, not rune by rune (a Chinese text decoded took a twentieth of check): the C0
	// controls and DEL are single bytes, the C1 controls U+0080–U+009F are 0xC2 0x80–0x9F.
	for i := 0; i < len(s); i++ {
		c := s[i]
		var r rune
		switch {
		case c < 0x20 && c != '\t' && c != '\n' || c == 0x7f:
			r = rune(c)
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			r = rune(s[i+1])
		default:
			continue
		}
		return []textIssue{{Offset: i, Code: "control-char",
			Zh: fmt.Sprintf("字段 %s 含有控制字符 U+%04X，不能发布；请删除（通常来自转义写法，如 \"\\u0007\"）", key, r),
			En: fmt.Sprintf("%s contains the control character U+%04X, which cannot be published; remove it (it usually comes from an escape such as \"\\u0007\")", key, r)}}
	}
	return nil
}

// mask keeps the first three and last two characters, so the diagnostic (which may end up in a
// public CI log) does not republish the number.
func mask(s string) string {
	if len(s) <= 5 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-5) + s[len(s)-2:]
}

// posIn maps a byte offset inside a scalar's value to its line and column in the file. For a
// literal block (|) the mapping is exact; for folded or multi-line flow scalars the text is
// searched for in the source.
func (d *decoder) posIn(n *yaml.Node, s string, off int) diag.Pos {
	off = min(max(off, 0), len(s))
	before := s[:off]
	lineIdx := strings.Count(before, "\n")
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:])
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		line := n.Line + 1 + lineIdx
		return diag.Pos{File: d.file, Line: line, Column: d.indent(line) + col + 1}
	case lineIdx == 0 && !strings.Contains(s, "\n") && n.Style&yaml.FoldedStyle == 0:
		shift := 0
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			shift = 1
		}
		return diag.Pos{File: d.file, Line: n.Line, Column: n.Column + shift + col}
	}
	// Search the first line of the remaining text in the source, from the value's line on.
	needle := s[off:]
	if i := strings.IndexByte(needle, '\n'); i >= 0 {
		needle = needle[:i]
	}
	if len(needle) > 24 {
		needle = strings.ToValidUTF8(needle[:24], "")
	}
	if needle != "" {
		d.splitLines()
		for l := n.Line; l <= len(d.lines) && l < n.Line+2000; l++ {
			if i := strings.Index(d.lines[l-1], needle); i >= 0 {
				return diag.Pos{File: d.file, Line: l, Column: utf8.RuneCountInString(d.lines[l-1][:i]) + 1}
			}
		}
	}
	return d.pos(n)
}

func (d *decoder) splitLines() {
	if d.lines == nil {
		d.lines = strings.Split(string(d.src), "\n")
	}
}

// indent is the number of leading spaces of a 1-based source line.
func (d *decoder) indent(line int) int {
	d.splitLines()
	if line < 1 || line > len(d.lines) {
		return 0
	}
	l := d.lines[line-1]
	return len(l) - len(strings.TrimLeft(l, " "))
}
