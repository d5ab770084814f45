package export

import (
	"bytes"
	"encoding/json"
	"path"
	"sort"
	"strings"
	"testing"
)

// releasesIn parses a release package and returns its releases by id (each re-encoded, so two
// equal releases compare equal whatever their spacing) in file order.
func releasesIn(t *testing.T, name string, data []byte) (ids []string, byID map[string]string, dates map[string]string) {
	t.Helper()
	var pkg struct {
		Releases []json.RawMessage `json:"releases"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	byID, dates = map[string]string{}, map[string]string{}
	for _, raw := range pkg.Releases {
		var r struct {
			ID   string `json:"id"`
			Date string `json:"date"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var v any
		json.Unmarshal(raw, &v)
		canon, _ := json.Marshal(v)
		if _, dup := byID[r.ID]; dup {
			t.Errorf("%s: release %s twice", name, r.ID)
		}
		ids = append(ids, r.ID)
		byID[r.ID] = string(canon)
		dates[r.ID] = r.Date
	}
	return ids, byID, dates
}

// TestChangesUnionEqualsProjectPackages: the day packages hold exactly the releases of the
// per-project packages, each once and identical, each on the day it first became public.
func TestChangesUnionEqualsProjectPackages(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			_, dir := build(t, s.root)
			fs := files(t, dir)
			project := map[string]string{}
			projectDates := map[string]string{}
			contractDay := map[string]string{} // ocid → the day its contract release is dated
			packages := 0
			for name, data := range fs {
				if !strings.HasPrefix(name, "data/ocds/releases/") {
					continue
				}
				packages++
				_, byID, dates := releasesIn(t, name, data)
				for id, r := range byID {
					if _, dup := project[id]; dup {
						t.Errorf("release %s in two project packages", id)
					}
					project[id] = r
					projectDates[id] = dates[id]
					if strings.Contains(id, "-contract-") {
						contractDay[id[:strings.Index(id, "-contract-")]] = dates[id][:10]
					}
				}
			}
			seen := map[string]string{} // release id → day file
			for name, data := range fs {
				if !strings.HasPrefix(name, "data/ocds/changes/") || name == "data/ocds/changes/index.json" {
					continue
				}
				day := strings.TrimSuffix(path.Base(name), ".json")
				_, byID, dates := releasesIn(t, name, data)
				if len(byID) == 0 {
					t.Errorf("%s: an empty day package", name)
				}
				for id, r := range byID {
					if prev, dup := seen[id]; dup {
						t.Errorf("release %s in %s and %s", id, prev, name)
					}
					seen[id] = name
					if project[id] != r {
						t.Errorf("%s: release %s differs from (or is missing in) its project package", name, id)
					}
					released := dates[id][:10]
					if i := strings.Index(id, "-payment-"); i >= 0 {
						// Public from the later of its date and its contract's publication.
						want := max(released, contractDay[id[:i]])
						if day != want {
							t.Errorf("payment %s (dated %s, contract %s) is in day %s, want %s", id, released, contractDay[id[:i]], day, want)
						}
					} else if day != released {
						t.Errorf("%s dated %s is in day %s", id, released, day)
					}
				}
			}
			for id := range project {
				if seen[id] == "" {
					t.Errorf("release %s is in no day package", id)
				}
			}
			if len(project) == 0 {
				t.Fatal("no release")
			}
			t.Logf("%d releases in %d project packages = the day packages", len(project), packages)
		})
	}
}

// TestChangesIndex: the index lists every day package once, in order, with its count, and the
// counts sum to the number of releases.
func TestChangesIndex(t *testing.T) {
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			_, dir := build(t, s.root)
			fs := files(t, dir)
			var idx ChangesIndex
			if err := json.Unmarshal(fs["data/ocds/changes/index.json"], &idx); err != nil {
				t.Fatal(err)
			}
			total := 0
			for name, data := range fs {
				if strings.HasPrefix(name, "data/ocds/releases/") {
					ids, _, _ := releasesIn(t, name, data)
					total += len(ids)
				}
			}
			listed := map[string]bool{}
			sum := 0
			for i, d := range idx.Days {
				if i > 0 && d.Date <= idx.Days[i-1].Date {
					t.Errorf("index: %s after %s", d.Date, idx.Days[i-1].Date)
				}
				name := "data/ocds/changes/" + d.Date + ".json"
				if !strings.HasSuffix(d.URL, "/"+name) {
					t.Errorf("index: %s has url %s", d.Date, d.URL)
				}
				ids, _, _ := releasesIn(t, name, fs[name])
				if len(ids) != d.Releases {
					t.Errorf("index: %s counts %d, its package holds %d", d.Date, d.Releases, len(ids))
				}
				listed[name] = true
				sum += d.Releases
			}
			for name := range fs {
				if strings.HasPrefix(name, "data/ocds/changes/") && name != "data/ocds/changes/index.json" && !listed[name] {
					t.Errorf("%s is not in the index", name)
				}
			}
			if sum != idx.Releases || sum != total {
				t.Errorf("index: days sum to %d, says %d, the project packages hold %d", sum, idx.Releases, total)
			}
			t.Logf("%d days, %d releases", len(idx.Days), sum)
		})
	}
}

// TestChangesStable: a day's package is the same bytes when it is written in pieces (memory
// bound) and in a later build, when more releases have become public on later days.
func TestChangesStable(t *testing.T) {
	ds, dir := build(t, fixtureRoot)
	now := files(t, dir)

	defer func(n int) { changesFlushBytes = n }(changesFlushBytes)
	changesFlushBytes = 1
	pieces := t.TempDir()
	if err := Write(ds, pieces, Options{}); err != nil {
		t.Fatal(err)
	}
	changesFlushBytes = 8 << 20
	for name, data := range files(t, pieces) {
		if strings.HasPrefix(name, "data/ocds/changes/") && !bytes.Equal(data, now[name]) {
			t.Errorf("%s differs when flushed at every release", name)
		}
	}

	earlier := ds.AsOf.AddDays(-300)
	ds.AsOf = earlier
	before := t.TempDir()
	if err := Write(ds, before, Options{}); err != nil {
		t.Fatal(err)
	}
	var days []string
	for name, data := range files(t, before) {
		if !strings.HasPrefix(name, "data/ocds/changes/") || name == "data/ocds/changes/index.json" {
			continue
		}
		days = append(days, name)
		if !bytes.Equal(data, now[name]) {
			t.Errorf("%s changed between the builds as of %s and as of %s", name, earlier, testAsOf)
		}
	}
	sort.Strings(days)
	if len(days) == 0 {
		t.Fatalf("no day package as of %s: the case shows nothing", earlier)
	}
	nowDays := 0
	for name := range now {
		if strings.HasPrefix(name, "data/ocds/changes/") && name != "data/ocds/changes/index.json" {
			nowDays++
		}
	}
	if len(days) == nowDays {
		t.Fatalf("no new day between the builds: the case shows nothing")
	}
	t.Logf("%d day packages as of %s stay byte-identical as of %s", len(days), earlier, testAsOf)
}
