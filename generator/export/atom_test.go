package export

import (
	"encoding/xml"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// parsedFeed is decoded independently of the writer's types, so a wrong namespace or element
// name shows up as a missing value.
type parsedFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Author  struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID      string `xml:"http://www.w3.org/2005/Atom id"`
		Title   string `xml:"http://www.w3.org/2005/Atom title"`
		Updated string `xml:"http://www.w3.org/2005/Atom updated"`
		Link    struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Category struct {
			Term string `xml:"term,attr"`
		} `xml:"http://www.w3.org/2005/Atom category"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func readFeed(t *testing.T, dir, sitePath string) parsedFeed {
	t.Helper()
	data, err := os.ReadFile(out(dir, sitePath))
	if err != nil {
		t.Fatal(err)
	}
	var f parsedFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s is not XML: %v", sitePath, err)
	}
	return f
}

func feedPaths(ds *records.Dataset) []string {
	paths := []string{links.FeedAll}
	for _, k := range records.NoticeKinds {
		paths = append(paths, links.Feed(k))
	}
	for _, b := range ds.Bodies {
		paths = append(paths, links.BodyFeed(b.ID))
	}
	return paths
}

// TestFeedsAreAtom checks RFC 4287's required elements, absolute links, unique ids that are the
// same in a second build, newest-first order and the cap.
func TestFeedsAreAtom(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			ds, dir := build(t, s.root)
			_, dir2 := build(t, s.root)
			base := strings.TrimRight(ds.Site.BaseURL, "/")
			for _, p := range feedPaths(ds) {
				f := readFeed(t, dir, p)
				if f.ID != base+p || f.Title == "" || f.Author.Name == "" {
					t.Errorf("%s: id %q title %q author %q", p, f.ID, f.Title, f.Author.Name)
				}
				if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
					t.Errorf("%s: updated %q: %v", p, f.Updated, err)
				}
				self := false
				for _, l := range f.Links {
					self = self || (l.Rel == "self" && l.Href == base+p)
				}
				if !self {
					t.Errorf("%s: no rel=self link to itself", p)
				}
				if len(f.Entries) > FeedEntries {
					t.Errorf("%s: %d entries, cap is %d", p, len(f.Entries), FeedEntries)
				}
				ids := map[string]bool{}
				prev := ""
				for _, e := range f.Entries {
					if e.ID == "" || e.Title == "" || ids[e.ID] {
						t.Errorf("%s: entry id %q title %q empty or repeated", p, e.ID, e.Title)
					}
					ids[e.ID] = true
					if !strings.HasPrefix(e.Link.Href, base+"/notices/") || e.Link.Rel != "alternate" {
						t.Errorf("%s: entry link %q", p, e.Link.Href)
					}
					if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
						t.Errorf("%s: entry updated %q", p, e.Updated)
					}
					if prev != "" && e.Updated > prev { // same offset everywhere, so strings order as times
						t.Errorf("%s: %s (%s) comes after a older entry", p, e.ID, e.Updated)
					}
					prev = e.Updated
				}
				if len(f.Entries) > 0 && f.Updated != f.Entries[0].Updated {
					t.Errorf("%s: feed updated %s, newest entry %s", p, f.Updated, f.Entries[0].Updated)
				}
				g := readFeed(t, dir2, p)
				if len(g.Entries) != len(f.Entries) {
					t.Fatalf("%s: second build has %d entries, first %d", p, len(g.Entries), len(f.Entries))
				}
				for i := range f.Entries {
					if f.Entries[i].ID != g.Entries[i].ID {
						t.Errorf("%s: entry %d id %s, then %s", p, i, f.Entries[i].ID, g.Entries[i].ID)
					}
				}
			}
		})
	}
}

func TestFeedContents(t *testing.T) {
	ds, dir := build(t, fixtureRoot)
	all := readFeed(t, dir, links.FeedAll)
	// 15 notices are public on 2026-11-20 (see testdata/site): 6 + 3 + 2 + 4.
	var public int
	for _, p := range ds.Projects {
		public += len(p.Notices(ds.AsOf))
	}
	if len(all.Entries) != public || public != 15 {
		t.Errorf("all.xml has %d entries; %d notices are public (fixture has 15)", len(all.Entries), public)
	}
	if got := all.Entries[0].ID; got != "https://gongkai.example.cn/notices/contract/SLS-2026-001/" {
		t.Errorf("newest entry = %s", got)
	}
	awards := readFeed(t, dir, links.Feed(records.KindAward))
	for _, e := range awards.Entries {
		if e.Category.Term != "award" || !strings.HasPrefix(e.Title, "【结果公告】") {
			t.Errorf("award feed entry %s: category %q title %q", e.ID, e.Category.Term, e.Title)
		}
	}
	wj := readFeed(t, dir, links.BodyFeed("wj"))
	if len(wj.Entries) != 2 { // SLS-2025-003: call and termination
		t.Errorf("wj feed has %d entries, want 2", len(wj.Entries))
	}
}

func TestFeedCap(t *testing.T) {
	ds := load(t, fixtureRoot)
	x, err := newExporter(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := ds.Projects[0]
	var ns []records.Notice
	for i := 0; i < FeedEntries+7; i++ {
		ns = append(ns, records.Notice{Kind: records.KindCall, Published: records.NewDate(2025, 1, 1).AddDays(i), Project: p})
	}
	feedOrder(ns)
	f := x.feed(links.FeedAll, "t", links.Home, ns)
	if len(f.Entries) != FeedEntries {
		t.Fatalf("%d entries, want %d", len(f.Entries), FeedEntries)
	}
	if f.Entries[0].Updated != records.NewDate(2025, 1, 1).AddDays(FeedEntries+6).Time().Format(time.RFC3339) {
		t.Errorf("first entry %s is not the newest", f.Entries[0].Updated)
	}
}
