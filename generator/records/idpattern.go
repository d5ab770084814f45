package records

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// DefaultIDPattern numbers projects when site.yaml gives no id_pattern.
const DefaultIDPattern = "{body}-{year}-{seq:03}"

// IDPattern is site.yaml's id_pattern, how `generator new project` numbers a new project:
// literal letters, digits and hyphens around the fields {body} (the body's abbr, or its id, in
// capitals), {year} and exactly one {seq} or {seq:0N} (the running number, zero-padded to N
// digits).
// Existing ids are not held to it: records imported from before keep their numbers.
type IDPattern struct {
	parts    []idPart
	seqWidth int
}

type idPart struct {
	literal string
	field   string // "body", "year", "seq"; empty for a literal
}

var (
	idFieldRE   = regexp.MustCompile(`\{([a-z]+)(?::0([1-9]))?\}`)
	idLiteralRE = regexp.MustCompile(`^[A-Za-z0-9-]*$`)
)

// ParseIDPattern reads an id pattern; the error is in Chinese and English.
func ParseIDPattern(s string) (IDPattern, *Message) {
	var p IDPattern
	last, seqs := 0, 0
	for _, m := range idFieldRE.FindAllStringSubmatchIndex(s, -1) {
		if lit := s[last:m[0]]; lit != "" {
			p.parts = append(p.parts, idPart{literal: lit})
		}
		name := s[m[2]:m[3]]
		switch name {
		case "body", "year":
		case "seq":
			seqs++
			p.seqWidth = 1
			if m[4] >= 0 {
				p.seqWidth, _ = strconv.Atoi(s[m[4]:m[5]])
			}
		default:
			return p, msg(fmt.Sprintf("编号规则 %q 中的 {%s} 无法识别：只能用 {body}、{year}、{seq} 或 {seq:03}", s, name),
				fmt.Sprintf("id pattern %q: unknown field {%s}; use {body}, {year}, {seq} or {seq:03}", s, name))
		}
		p.parts = append(p.parts, idPart{field: name})
		last = m[1]
	}
	if lit := s[last:]; lit != "" {
		p.parts = append(p.parts, idPart{literal: lit})
	}
	for _, part := range p.parts {
		if !idLiteralRE.MatchString(part.literal) {
			return p, msg(fmt.Sprintf("编号规则 %q 中的 %q 不能用：项目编号只能包含字母、数字和连字符，字段写成 {body}、{year}、{seq:03}", s, part.literal),
				fmt.Sprintf("id pattern %q: %q is not allowed; ids hold letters, digits and hyphens, fields are {body}, {year}, {seq:03}", s, part.literal))
		}
	}
	if seqs != 1 {
		return p, msg(fmt.Sprintf("编号规则 %q 必须恰好含一个流水号 {seq} 或 {seq:03}", s),
			fmt.Sprintf("id pattern %q must hold exactly one running number {seq} or {seq:03}", s))
	}
	if p.parts[0].literal != "" && p.parts[0].literal[0] == '-' {
		return p, msg(fmt.Sprintf("编号规则 %q 不能以连字符开头", s), fmt.Sprintf("id pattern %q cannot start with a hyphen", s))
	}
	return p, nil
}

// Message is a text in Chinese and English.
type Message struct{ Zh, En string }

func msg(zh, en string) *Message { return &Message{zh, en} }

func (m *Message) Error() string { return m.Zh + "（" + m.En + "）" }

// WithSeqWidth returns the pattern with its running number at least width digits wide, to keep
// an existing wider numbering (RSJ-2025-0041 → RSJ-2025-0042).
func (p IDPattern) WithSeqWidth(width int) IDPattern {
	p.seqWidth = max(p.seqWidth, width)
	return p
}

// SiteIDPattern is the site's id pattern, the default when site.yaml gives none or an invalid one
// (check reports that).
func SiteIDPattern(s *Site) IDPattern {
	if s != nil && s.IDPattern != "" {
		if p, m := ParseIDPattern(s.IDPattern); m == nil {
			return p
		}
	}
	p, _ := ParseIDPattern(DefaultIDPattern)
	return p
}

// UsesBody reports whether the pattern needs a purchasing body.
func (p IDPattern) UsesBody() bool {
	for _, part := range p.parts {
		if part.field == "body" {
			return true
		}
	}
	return false
}

// Format returns the id of running number seq of body's projects in year; body is the body's
// abbreviation in ids (Body.IDCode).
func (p IDPattern) Format(body string, year, seq int) string {
	var b strings.Builder
	for _, part := range p.parts {
		switch part.field {
		case "":
			b.WriteString(part.literal)
		case "body":
			b.WriteString(strings.ToUpper(body))
		case "year":
			b.WriteString(strconv.Itoa(year))
		case "seq":
			fmt.Fprintf(&b, "%0*d", p.seqWidth, seq)
		}
	}
	return b.String()
}

// Seq returns the running number of id, and how many digits it is written with, if id is an id
// of body's projects in year.
func (p IDPattern) Seq(id, body string, year int) (n, digits int, ok bool) {
	var prefix, suffix strings.Builder
	out := &prefix
	for _, part := range p.parts {
		if part.field == "seq" {
			out = &suffix
			continue
		}
		out.WriteString(IDPattern{parts: []idPart{part}}.Format(body, year, 0))
	}
	pre, suf := prefix.String(), suffix.String()
	if !strings.HasPrefix(id, pre) || !strings.HasSuffix(id, suf) || len(id) <= len(pre)+len(suf) {
		return 0, 0, false
	}
	text := id[len(pre) : len(id)-len(suf)]
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
	}
	n, err := strconv.Atoi(text)
	return n, len(text), err == nil
}
