package records

import (
	"bytes"
	stdhtml "html"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// md renders every Markdown field. The default HTML renderer is not "unsafe": raw HTML is
// replaced by a comment and dangerous link destinations are dropped. The checks below report them
// anyway so the clerk learns the text will not appear as written. A goldmark.Markdown is safe for
// concurrent use, as Hugo relies on too.
var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// markdownIssue is a problem at a byte offset of the Markdown source.
type markdownIssue struct {
	Offset int
	Code   string
	Zh, En string
}

// renderMarkdown parses src once, reports raw HTML and unsafe links, and renders the HTML.
func renderMarkdown(src string) (Markdown, []markdownIssue) {
	if html, ok := plainParagraph(src); ok {
		return Markdown{Source: src, HTML: html}, nil
	}
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	issues := markdownIssuesIn(source, doc)
	buf := htmlBuffers.Get().(*htmlBuffer)
	defer htmlBuffers.Put(buf)
	buf.Reset()
	html := ""
	// The HTML renderer only fails on a failing writer; a bytes.Buffer never fails.
	if err := md.Renderer().Render(buf, source, doc); err == nil {
		html = buf.String()
	}
	return Markdown{Source: src, HTML: html}, issues
}

// checkMarkdown is renderMarkdown without the HTML: the same issues, for `check`. Raw HTML and
// autolinks need a '<', links and images a '[' (this goldmark has no linkify extension), so text
// with neither — most of it — cannot have any and is not parsed.
func checkMarkdown(src string) (Markdown, []markdownIssue) {
	if !strings.ContainsAny(src, "<[") {
		return Markdown{Source: src}, nil
	}
	source := []byte(src)
	return Markdown{Source: src}, markdownIssuesIn(source, md.Parser().Parse(text.NewReader(source)))
}

// markdownIssuesIn walks a parsed document for raw HTML and unsafe link destinations.
func markdownIssuesIn(source []byte, doc ast.Node) []markdownIssue {
	var issues []markdownIssue
	lastHTMLLine := -1
	rawHTML := func(off int) {
		// <b>x</b> is two raw HTML nodes; one diagnostic per line is enough.
		if l := bytes.Count(source[:off], []byte("\n")); l != lastHTMLLine {
			lastHTMLLine = l
			issues = append(issues, rawHTMLIssue(source, off))
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			off := 0
			if n.Lines().Len() > 0 {
				off = n.Lines().At(0).Start
			}
			rawHTML(off)
		case *ast.RawHTML:
			off := 0
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			rawHTML(off)
		case *ast.Link:
			if unsafeURL(n.Destination) {
				issues = append(issues, unsafeLinkIssue(inlineOffset(n, source), n.Destination))
			}
		case *ast.Image:
			if unsafeURL(n.Destination) {
				issues = append(issues, unsafeLinkIssue(inlineOffset(n, source), n.Destination))
			}
		case *ast.AutoLink:
			if u := n.URL(source); unsafeURL(u) {
				issues = append(issues, unsafeLinkIssue(inlineOffset(n, source), u))
			}
		}
		return ast.WalkContinue, nil
	})
	return issues
}

// htmlBuffer is a bytes.Buffer that goldmark's renderer accepts as its buffered writer, so it
// does not wrap every render in a fresh 4 KB bufio.Writer (a quarter of the walker's allocations).
type htmlBuffer struct{ bytes.Buffer }

func (b *htmlBuffer) Available() int { return b.Cap() - b.Len() }
func (b *htmlBuffer) Buffered() int  { return b.Len() }
func (b *htmlBuffer) Flush() error   { return nil }

var htmlBuffers = sync.Pool{New: func() any { return new(htmlBuffer) }}

func rawHTMLIssue(src []byte, off int) markdownIssue {
	tag := excerpt(src, off)
	if i := strings.IndexByte(tag, '>'); i >= 0 {
		tag = tag[:i+1] // the tag itself: <b>, <script>, <!-- …
	}
	return markdownIssue{Offset: off, Code: "raw-html",
		Zh: "Markdown 中不能写 HTML 代码（" + tag + "），发布时会被删除；请改用 Markdown 语法",
		En: "raw HTML is not allowed in Markdown (" + tag + "); it would be dropped — use Markdown syntax instead"}
}

func unsafeLinkIssue(off int, dest []byte) markdownIssue {
	d := excerpt(dest, 0)
	return markdownIssue{Offset: off, Code: "unsafe-link",
		Zh: "不安全的链接地址（" + d + "）：只允许 http、https、mailto 或站内相对地址",
		En: "unsafe link destination (" + d + "): only http, https, mailto or relative links are allowed"}
}

// excerpt is the first line of b[off:], at most 40 bytes, cut on a rune boundary.
func excerpt(b []byte, off int) string {
	s := string(b[off:])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// unsafeURL reports a destination that will not be published as written: any scheme but http,
// https and mailto (javascript:, data:, file:, …), however disguised — browsers ignore ASCII
// whitespace and control characters inside the scheme, and character references (&#106;) are
// decoded first — and whatever goldmark's renderer drops.
func unsafeURL(dest []byte) bool {
	if html.IsDangerousURL(dest) {
		return true
	}
	d := stdhtml.UnescapeString(string(dest))
	var b strings.Builder
	for i := 0; i < len(d) && b.Len() <= 16; i++ {
		c := d[i]
		if c <= ' ' || c == 0x7f {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	s := b.String()
	i := strings.IndexAny(s, ":/?#")
	if i < 0 || s[i] != ':' {
		return false // relative: no scheme
	}
	switch s[:i] {
	case "http", "https", "mailto":
		return false
	}
	return true
}

// inlineOffset is the source offset of an inline node: its first text segment, else its
// block's first line.
func inlineOffset(n ast.Node, src []byte) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			// Point at the "[" before the link text where possible.
			if s := t.Segment.Start; s > 0 && src[s-1] == '[' {
				return s - 1
			}
			return t.Segment.Start
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// plainParagraph renders, without goldmark, the most common Markdown value: one paragraph of
// ordinary text with no Markdown syntax at all ("按合同约定。"). It returns ok=false whenever a
// character could mean anything to Markdown, and goldmark takes over; TestPlainParagraph checks
// the output is byte-identical to goldmark's. At 10,000 projects this halves the Markdown cost.
func plainParagraph(src string) (string, bool) {
	s := strings.TrimRight(src, "\n")
	if s == "" || len(s) > 4096 {
		return "", false
	}
	lineStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '|', '~', '"':
			return "", false
		case '\n':
			if lineStart || s[i-1] == ' ' {
				// a blank line starts a new paragraph;
				// trailing spaces make a hard line break
				return "", false
			}
			lineStart = true
			continue
		}
		if c < ' ' || c == 0x7f {
			return "", false // tabs, NUL (goldmark replaces it) and other controls
		}
		if lineStart {
			if c == ' ' || c == '#' || c == '-' || c == '+' || c == '=' || c == ':' || (c >= '0' && c <= '9') {
				return "", false // indented code, heading, list, setext underline, ordered list
			}
			lineStart = false
		}
	}
	if s[len(s)-1] == ' ' {
		return "", false
	}
	return "<p>" + s + "</p>\n", true
}

// markdownCache shares the rendering of identical Markdown values within one load: boilerplate
// (provider conditions, contract clauses) repeats across hundreds of projects. Issues hold
// offsets into the text, so a cached result is valid wherever the same text appears.
type markdownCache struct {
	mu     sync.Mutex
	m      map[string]markdownResult
	noHTML bool // check only: see checkMarkdown
}

type markdownResult struct {
	source string // the key, copied: every record with this text shares it
	html   string
	issues []markdownIssue
}

func newMarkdownCache(noHTML bool) *markdownCache {
	return &markdownCache{m: map[string]markdownResult{}, noHTML: noHTML}
}

// shares reports whether render returns a copy of the source shared by every value with the
// same text; otherwise the source is returned as given. A cache for check renders no HTML and
// keeps nothing.
func (c *markdownCache) shares() bool { return c != nil && !c.noHTML }

// render is renderMarkdown through the cache; a nil cache renders directly.
func (c *markdownCache) render(src string) (Markdown, []markdownIssue) {
	if c == nil {
		return renderMarkdown(src)
	}
	if c.noHTML {
		return checkMarkdown(src) // cheaper than a cache lookup when there is nothing to parse
	}
	c.mu.Lock()
	r, ok := c.m[src]
	c.mu.Unlock()
	if ok {
		return Markdown{Source: r.source, HTML: r.html}, r.issues
	}
	m, issues := renderMarkdown(src)
	m.Source = strings.Clone(src) // src may be a substring of the whole file (see decoder.own)
	c.mu.Lock()
	c.m[m.Source] = markdownResult{m.Source, m.HTML, issues}
	c.mu.Unlock()
	return m, issues
}
