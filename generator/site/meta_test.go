package site

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPageMeta: every page of the built sample site has what a search engine and a link preview
// read — a description, Open Graph title and description, and hreflang alternates of both
// editions — and project and notice pages are described by their own content, not the site's
// generic description.
func TestPageMeta(t *testing.T) {
	_, out := sharedBuild(t)
	meta := func(page, attr, name string) string {
		m := regexp.MustCompile(`<meta ` + attr + `="` + regexp.QuoteMeta(name) + `" content="([^"]*)">`).FindStringSubmatch(page)
		if m == nil {
			return ""
		}
		return m[1]
	}
	generic := map[string]string{}
	pages := 0
	tree := treeOf(t, out)
	for name, data := range tree {
		if !strings.HasSuffix(name, ".html") || strings.HasSuffix(name, "404.html") {
			continue
		}
		pages++
		page := string(data)
		lang := "zh"
		if strings.HasPrefix(name, "en/") {
			lang = "en"
		}
		desc := meta(page, "name", "description")
		if strings.TrimSpace(desc) == "" || strings.Contains(desc, "\n") {
			t.Errorf("%s: description %q", name, desc)
		}
		if meta(page, "property", "og:title") == "" || meta(page, "property", "og:description") != desc {
			t.Errorf("%s: og:title %q, og:description %q", name, meta(page, "property", "og:title"), meta(page, "property", "og:description"))
		}
		for _, hl := range []string{"zh-CN", "en", "x-default"} {
			if !strings.Contains(page, `<link rel="alternate" hreflang="`+hl+`" href="`) {
				t.Errorf("%s: no hreflang %s alternate", name, hl)
			}
		}
		if name == "bodies/index.html" || name == "en/bodies/index.html" {
			generic[lang] = desc // a section page without its own text: the generic description
		}
	}
	if pages < 500 || generic["zh"] == "" || generic["en"] == "" {
		t.Fatalf("%d pages; generic descriptions %q", pages, generic)
	}
	for _, rel := range []string{"projects/SLS-FL-2025-002/index.html", "en/projects/SLS-FL-2025-002/index.html",
		"notices/call/SLS-FL-2025-002/index.html", "about/index.html"} {
		page := string(tree[filepath.ToSlash(rel)])
		lang := "zh"
		if strings.HasPrefix(rel, "en/") {
			lang = "en"
		}
		if d := meta(page, "name", "description"); d == generic[lang] || d == "" {
			t.Errorf("%s: described generically: %q", rel, d)
		}
	}
	// The 404 page of the Chinese edition is titled like its heading, in Chinese.
	nf := string(tree["404.html"])
	title := regexp.MustCompile(`<title>([^<·]*) · `).FindStringSubmatch(nf)
	h1 := regexp.MustCompile(`<h1>([^<]*)</h1>`).FindStringSubmatch(nf)
	if title == nil || h1 == nil || title[1] != h1[1] || !strings.Contains(nf, `<html lang="zh-CN">`) {
		t.Errorf("404.html: title %q, h1 %q", title, h1)
	}
}
