package site

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var (
	exampleURL   = regexp.MustCompile(`https?://[^\s'"\\]+`)
	exampleSince = regexp.MustCompile(`select\(\.date > "(\d{4}-\d{2}-\d{2})"\)`)
)

// TestDataPageWorkedExample reads the 数据 page (Chinese and English) as a reuser would: every
// link under /data/ is a file the export wrote, every CSV table is listed, and the worked curl
// example is run against the written files — its URLs exist, and the days after its date that
// it fetches hold the releases the index counts for them.
func TestDataPageWorkedExample(t *testing.T) {
	out, data := sharedOpenData(t)
	for _, page := range []string{"data/index.html", "en/data/index.html"} {
		doc := parseHTMLPage(t, out, page)
		linked := map[string]bool{}
		for _, a := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "a" }) {
			href := nodeAttr(a, "href")
			if !strings.HasPrefix(href, "/data/") || href == "/data/" {
				continue
			}
			linked[href] = true
			if _, err := os.Stat(filepath.Join(data, filepath.FromSlash(href))); err != nil {
				t.Errorf("%s links %s, which the export did not write", page, href)
			}
		}
		csvs, _ := filepath.Glob(filepath.Join(data, "data", "csv", "*.csv"))
		for _, f := range csvs {
			if !linked["/data/csv/"+filepath.Base(f)] {
				t.Errorf("%s does not list %s", page, filepath.Base(f))
			}
		}
		if len(csvs) == 0 || !linked["/data/csv/csv-metadata.json"] || !linked["/data/ocds/changes/index.json"] {
			t.Errorf("%s: CSV tables (%d), csv-metadata.json or the changes index not linked", page, len(csvs))
		}

		var example string
		for _, c := range nodesWhere(doc, func(n *html.Node) bool { return n.Data == "pre" }) {
			if s := nodeText(c); strings.Contains(s, "curl") {
				example = s
			}
		}
		if example == "" {
			t.Fatalf("%s: no curl example", page)
		}
		for _, u := range exampleURL.FindAllString(example, -1) {
			rel, ok := strings.CutPrefix(u, strings.TrimSuffix(testBaseURL, "/"))
			if !ok {
				t.Errorf("%s: example URL %s is not on the site", page, u)
				continue
			}
			if _, err := os.Stat(filepath.Join(data, filepath.FromSlash(rel))); err != nil {
				t.Errorf("%s: example URL %s: no such file", page, u)
			}
		}
		m := exampleSince.FindStringSubmatch(example)
		if m == nil {
			t.Fatalf("%s: the example has no date filter:\n%s", page, example)
		}
		// Run step 2: the index's days after the date, each fetched (read) and counted.
		var idx struct {
			Days []struct {
				Date     string `json:"date"`
				Releases int    `json:"releases"`
				URL      string `json:"url"`
			} `json:"days"`
		}
		b, err := os.ReadFile(filepath.Join(data, "data", "ocds", "changes", "index.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &idx); err != nil {
			t.Fatal(err)
		}
		fetched, counted := 0, 0
		for _, d := range idx.Days {
			if d.Date <= m[1] {
				continue
			}
			f, err := os.ReadFile(filepath.Join(data, "data", "ocds", "changes", path.Base(d.URL)))
			if err != nil {
				t.Errorf("%s: %v", d.URL, err)
				continue
			}
			var pkg struct {
				Releases []json.RawMessage `json:"releases"`
			}
			if err := json.Unmarshal(f, &pkg); err != nil {
				t.Fatal(err)
			}
			fetched += len(pkg.Releases)
			counted += d.Releases
		}
		if fetched == 0 || fetched != counted {
			t.Errorf("%s: the example fetches %d releases after %s; the index counts %d", page, fetched, m[1], counted)
		}
	}
}
