package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/generator/records"
)

// Hostile strings a clerk (or an attacker with commit access) might put in any text field.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`javascript:alert(1)`,
}

// hostileMarkdown is rendered the way the loader renders Markdown (goldmark, raw HTML off), so the
// test sees what a template really receives; the loader additionally refuses most of it.
const hostileMarkdown = "<script>alert(1)</script>\n\n\"><img src=x onerror=alert(1)>\n\n[点此](javascript:alert(1)) <a href=\"javascript:alert(1)\">x</a>\n"

// refFields hold ids and codes that must keep resolving (the loader checks them); every other
// string in the model is free text.
var refFields = map[string]bool{
	"ID": true, "Body": true, "Item": true, "BudgetLine": true, "Provider": true, "CreditCode": true,
	"Method": true, "Kind": true, "Funding": true, "Source": true, "Form": true, "Path": true,
	"Parent": true, "Code": true, "File": true, "Grade": true, "ExpectedMonth": true, "Rule": true, "Stage": true,
	"Project": true, "Unit": true, "Language": true, "BaseURL": true, "OCIDPrefix": true, "RegionCode": true,
	"PublisherCreditCode": true,
}

// poison sets every free-text string and Markdown field reachable from v to hostile values.
func poison(t *testing.T, v reflect.Value, seen map[uintptr]bool, i *int) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		poison(t, v.Elem(), seen, i)
	case reflect.Slice:
		for j := 0; j < v.Len(); j++ {
			e := v.Index(j)
			if e.Kind() == reflect.String && e.CanSet() {
				e.SetString(hostile[*i%len(hostile)])
				*i++
				continue
			}
			poison(t, e, seen, i)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(records.Markdown{}) {
			if v.Field(0).String() != "" {
				var b bytes.Buffer
				if err := goldmark.Convert([]byte(hostileMarkdown), &b); err != nil {
					t.Fatal(err)
				}
				v.Set(reflect.ValueOf(records.Markdown{Source: hostileMarkdown, HTML: b.String()}))
			}
			return
		}
		for j := 0; j < v.NumField(); j++ {
			f, sf := v.Field(j), v.Type().Field(j)
			if !sf.IsExported() || sf.Name == "Src" || sf.Name == "Index" || sf.Name == "Parent" {
				continue
			}
			if f.Kind() == reflect.String {
				if !refFields[sf.Name] && f.String() != "" {
					f.SetString(hostile[*i%len(hostile)])
					*i++
				}
				continue
			}
			poison(t, f, seen, i)
		}
	}
}

func TestHostileStringsComeOutInert(t *testing.T) {
	root := siteRoot(t)
	ds := load(t, root)
	ds.Projects = ds.Projects[:min(6, len(ds.Projects))] // one Hugo build; a few projects show every template
	n := 0
	poison(t, reflect.ValueOf(ds), map[uintptr]bool{}, &n)
	if n < 50 {
		t.Fatalf("only %d fields poisoned; the walk is broken", n)
	}
	out := filepath.Join(t.TempDir(), "public")
	r, err := New(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ds, out); err != nil {
		t.Fatal(err)
	}

	seenEscaped := false
	scripts := map[string][]*html.Node{} // page → its <script> elements, checked below
	err = filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if n.Data == "script" {
					scripts[rel] = append(scripts[rel], n)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(strings.ToLower(a.Key), "on") {
						t.Errorf("%s: <%s %s=%q>", rel, n.Data, a.Key, a.Val)
					}
					if (a.Key == "href" || a.Key == "src" || a.Key == "action") &&
						strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
						t.Errorf("%s: <%s %s=%q>", rel, n.Data, a.Key, a.Val)
					}
				}
				if n.Data == "img" {
					t.Errorf("%s: <img> from data", rel)
				}
			}
			if n.Type == html.TextNode && strings.Contains(n.Data, "<script>alert(1)</script>") {
				seenEscaped = true // shown as text, which is the point
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !seenEscaped {
		t.Error("no hostile string reached a page as text; the test does not exercise the templates")
	}
	checkScripts(t, out, scripts)
}

// ourScript is the only script a page may carry: search and table sorting, from our own
// assets, deferred (layouts/_partials/js.html).
var ourScript = regexp.MustCompile(`^/js/site\.min\.[0-9a-f]{64}\.js$`)

// checkScripts asserts that the only script elements are ours: one per page at most, with our
// src, defer and nothing else (no inline code, no other attribute, so no handler or type trick),
// nothing a record could have put there. The pages readers use most must have it.
func checkScripts(t *testing.T, out string, scripts map[string][]*html.Node) {
	t.Helper()
	for rel, ns := range scripts {
		if len(ns) != 1 {
			t.Errorf("%s: %d <script> elements, want 1", rel, len(ns))
			continue
		}
		n := ns[0]
		attrs := map[string]string{}
		for _, a := range n.Attr {
			attrs[a.Key] = a.Val
		}
		src := attrs["src"]
		_, hasDefer := attrs["defer"]
		if len(attrs) != 2 || !hasDefer || !ourScript.MatchString(src) {
			t.Errorf("%s: <script %v>, want exactly src=/js/site.min.<hash>.js and defer", rel, n.Attr)
		}
		if n.FirstChild != nil {
			t.Errorf("%s: <script> has inline content %q", rel, n.FirstChild.Data)
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(src))); err != nil {
			t.Errorf("%s: script %s is not published: %v", rel, src, err)
		}
	}
	for _, rel := range []string{"index.html", "projects/index.html", "en/index.html", "en/projects/index.html"} {
		if len(scripts[filepath.FromSlash(rel)]) == 0 {
			t.Errorf("%s: no script (the checks above would pass vacuously)", rel)
		}
	}
}
