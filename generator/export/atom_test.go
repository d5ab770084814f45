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
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
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
					var alternate, related string
					for _, l := range e.Links {
						switch l.Rel {
						case "alternate":
							alternate = l.Href
						case "related":
							related = l.Href
						}
					}
					if !strings.HasPrefix(alternate, base+"/notices/") {
						t.Errorf("%s: entry alternate link %q", p, alternate)
					}
					// The related link names a release that is in the package it points at.
					pkg, relID, _ := strings.Cut(strings.TrimPrefix(related, base), "#")
					data, err := os.ReadFile(out(dir, pkg))
					if err != nil || relID == "" {
						t.Errorf("%s: entry related link %q: %v", p, related, err)
					} else if _, rels, _ := releasesIn(t, pkg, data); rels[relID] == "" {
						t.Errorf("%s: entry related link %q: no such release in %s", p, related, pkg)
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

// TestFeedPages: with more notices than a page, the current feed holds the newest ones and the
// archives hold the rest, FeedEntries each, newest first within a document.
func TestFeedPages(t *testing.T) {
	ds := load(t, fixtureRoot)
	x, err := newExporter(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := ds.Projects[0]
	var ns []records.Notice
	for i := 0; i < 2*FeedEntries+7; i++ {
		ns = append(ns, records.Notice{Kind: records.KindCall, Published: records.NewDate(2025, 1, 1).AddDays(i), Project: p})
	}
	feedOrder(ns)
	docs := x.feedDocuments(links.FeedAll, "t", links.Home, ns)
	if len(docs) != 3 || len(docs[0].ns) != 7 || len(docs[1].ns) != FeedEntries || len(docs[2].ns) != FeedEntries {
		t.Fatalf("%d documents; want the current feed with 7 entries and 2 archives of %d", len(docs), FeedEntries)
	}
	if docs[0].feed.Updated != records.NewDate(2025, 1, 1).AddDays(2*FeedEntries+6).Time().Format(time.RFC3339) {
		t.Errorf("first entry %s is not the newest", docs[0].feed.Updated)
	}
	if docs[1].path != "/data/feeds/all/1.xml" || docs[1].ns[FeedEntries-1].Published != records.NewDate(2025, 1, 1) {
		t.Errorf("archive 1 (%s) does not end with the oldest notice", docs[1].path)
	}
	if docs[0].feed.Archive != nil || docs[1].feed.Archive == nil {
		t.Error("only archives carry fh:archive")
	}
}

// walkFeed follows prev-archive from the current feed at self through the written files and
// returns every entry id in the order met, and the archive paths.
func walkFeed(t *testing.T, dir, base, self string) (ids, archives []string) {
	t.Helper()
	seen := map[string]bool{}
	for path := self; path != ""; {
		if seen[path] {
			t.Fatalf("%s: prev-archive loops back to %s", self, path)
		}
		seen[path] = true
		data, err := os.ReadFile(out(dir, path))
		if err != nil {
			t.Fatalf("%s: prev-archive leads to %s: %v", self, path, err)
		}
		var f struct {
			Archive *struct{} `xml:"http://purl.org/syndication/history/1.0 archive"`
			Links   []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Entries []struct {
				ID string `xml:"http://www.w3.org/2005/Atom id"`
			} `xml:"http://www.w3.org/2005/Atom entry"`
		}
		if err := xml.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if (path != self) != (f.Archive != nil) {
			t.Errorf("%s: fh:archive present = %v", path, f.Archive != nil)
		}
		next := ""
		for _, l := range f.Links {
			switch l.Rel {
			case "prev-archive":
				next = strings.TrimPrefix(l.Href, base)
			case "current":
				if l.Href != base+self {
					t.Errorf("%s: current is %s, want %s", path, l.Href, base+self)
				}
			case "next-archive":
				t.Errorf("%s: a next-archive link would change when the next archive fills", path)
			}
		}
		if path != self {
			archives = append(archives, path)
			if len(f.Entries) != FeedEntries {
				t.Errorf("%s: archive of %d entries, want %d", path, len(f.Entries), FeedEntries)
			}
		}
		for _, e := range f.Entries {
			ids = append(ids, e.ID)
		}
		path = next
	}
	return ids, archives
}

// TestFeedHistoryComplete: following prev-archive from each current feed reaches every notice
// of that feed exactly once, and the archives are every archive file written.
func TestFeedHistoryComplete(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			ds, dir := build(t, s.root)
			base := strings.TrimRight(ds.Site.BaseURL, "/")
			want := map[string]map[string]bool{links.FeedAll: {}}
			for _, p := range ds.Projects {
				for _, n := range p.Notices(ds.AsOf) {
					u := base + links.Notice(n)
					for _, f := range []string{links.FeedAll, links.Feed(n.Kind), links.BodyFeed(p.Body)} {
						if want[f] == nil {
							want[f] = map[string]bool{}
						}
						want[f][u] = true
					}
				}
			}
			walked := map[string]bool{}
			for _, self := range feedPaths(ds) {
				ids, archives := walkFeed(t, dir, base, self)
				got := map[string]int{}
				for _, id := range ids {
					got[id]++
					if got[id] == 2 {
						t.Errorf("%s: %s reached twice", self, id)
					}
					if !want[self][id] {
						t.Errorf("%s: %s does not belong in it", self, id)
					}
				}
				if len(got) != len(want[self]) {
					t.Errorf("%s: %d notices reached, want %d", self, len(got), len(want[self]))
				}
				for _, a := range archives {
					walked[a] = true
				}
			}
			current := map[string]bool{}
			for _, f := range feedPaths(ds) {
				current[f] = true
			}
			for name := range files(t, dir) {
				if strings.HasPrefix(name, "data/feeds/") && !current["/"+name] && !walked["/"+name] {
					t.Errorf("%s is reached from no current feed", name)
				}
			}
			t.Logf("all.xml + archives: %d notices, %d archive documents in all", len(want[links.FeedAll]), len(walked))
		})
	}
}

// TestFeedArchivesStable: an archive written as of an earlier day is byte-identical in a later
// build, when more notices have been published.
func TestFeedArchivesStable(t *testing.T) {
	defer func(n int) { FeedEntries = n }(FeedEntries)
	FeedEntries = 3 // the fixture's 17 notices make archives of the all and per-kind feeds
	ds, later := build(t, fixtureRoot)
	now := files(t, later)
	ds.AsOf = records.NewDate(2025, 9, 1)
	before := t.TempDir()
	if err := Write(ds, before, Options{}); err != nil {
		t.Fatal(err)
	}
	current := map[string]bool{}
	for _, f := range feedPaths(ds) {
		current[f] = true
	}
	n := 0
	for name, data := range files(t, before) {
		if !strings.HasPrefix(name, "data/feeds/") || current["/"+name] {
			continue // not an archive
		}
		n++
		if string(data) != string(now[name]) {
			t.Errorf("%s changed between the builds as of %s and %s", name, ds.AsOf, testAsOf)
		}
	}
	if n == 0 {
		t.Fatal("no archive written as of the earlier day: the case shows nothing")
	}
	if string(now["data/feeds/all.xml"]) == string(files(t, before)["data/feeds/all.xml"]) {
		t.Fatal("the current feed did not change: the case shows nothing")
	}
	t.Logf("%d archives stable", n)
}
