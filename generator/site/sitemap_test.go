package site

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestSitemapLastmod: every project and notice page in the sitemap says when it last changed,
// and for a project page that is the newest publication or payment date the page itself shows;
// robots.txt points at the sitemap.
func TestSitemapLastmod(t *testing.T) {
	ds, out := sharedBuild(t)
	base := strings.TrimSuffix(ds.Site.BaseURL, "/")
	robots, err := os.ReadFile(filepath.Join(out, "robots.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(robots), "Sitemap: "+base+"/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
	var index struct {
		Sitemaps []string `xml:"sitemap>loc"`
	}
	b, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &index); err != nil {
		t.Fatal(err)
	}
	page := regexp.MustCompile(`^/(en/)?(projects/[^/]+|notices/[a-z-]+/[A-Za-z0-9-]+)/$`)
	day := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	projects := 0
	for _, loc := range index.Sitemaps {
		var set struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				Lastmod string `xml:"lastmod"`
			} `xml:"url"`
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(loc, base))))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(b, &set); err != nil {
			t.Fatal(err)
		}
		for _, u := range set.URLs {
			path := strings.TrimPrefix(u.Loc, base)
			if u.Lastmod != "" && !day.MatchString(u.Lastmod) {
				t.Errorf("%s: lastmod %q is not a day", path, u.Lastmod)
			}
			m := page.FindStringSubmatch(path)
			if m == nil || strings.Contains(path, "/page/") {
				continue
			}
			if u.Lastmod == "" {
				t.Errorf("%s: no lastmod", path)
				continue
			}
			if !strings.HasPrefix(m[2], "projects/") {
				continue
			}
			// The newest of the dates the page shows for its stages and payments.
			doc := parseHTMLPage(t, out, strings.TrimPrefix(path, "/")+"index.html")
			newest := ""
			for _, n := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "time" }) {
				p := n.Parent
				stage := p != nil && p.Data == "span" && nodeHasClass(p, "when")
				paid := p != nil && p.Data == "td" && ancestorSection(n) == "payments"
				if d := nodeAttr(n, "datetime"); (stage || paid) && d > newest {
					newest = d
				}
			}
			projects++
			if newest != u.Lastmod {
				t.Errorf("%s: lastmod %s, but the newest date the page shows is %s", path, u.Lastmod, newest)
			}
		}
	}
	if projects < 20 {
		t.Errorf("only %d project pages checked", projects)
	}
}

// ancestorSection is the aria-labelledby of the nearest section around n.
func ancestorSection(n *html.Node) string {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Data == "section" {
			return nodeAttr(p, "aria-labelledby")
		}
	}
	return ""
}
