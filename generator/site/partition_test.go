package site

import (
	"strings"
	"testing"
)

// TestPartitionsCoverThePages: for every N, the N partitions generate every content file of the
// site exactly once; partition 1 no project's own file, the others only their own projects'
// (with the generation split into many parts, as at a large site's scale).
func TestPartitionsCoverThePages(t *testing.T) {
	ds := load(t, siteRoot(t))
	all := map[string]File{}
	for _, f := range Pages(ds) {
		all[f.Path] = f
	}
	defer func(n, b int) { shardFiles, shardBytes = n, b }(shardFiles, shardBytes)
	shardFiles, shardBytes = 40, 48<<10
	for n := 1; n <= 5; n++ {
		seen := map[string]int{}
		for k := 1; k <= n; k++ {
			p := Partition{k, n}
			err := eachPartOf(ds, p, func(files []File) error {
				for _, f := range files {
					seen[f.Path]++
					project, own := strings.CutPrefix(f.Unit, "project/")
					switch {
					case n == 1:
					case k == 1 && own:
						t.Errorf("%v generates %s of project %s", p, f.Path, project)
					case k > 1 && (!own || PartitionOf(project, n) != k):
						t.Errorf("%v generates %s (unit %q)", p, f.Path, f.Unit)
					}
					if w, ok := all[f.Path]; !ok || string(w.Data) != string(f.Data) {
						t.Errorf("%v: %s is not the file Pages generates", p, f.Path)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for path := range all {
			if seen[path] != 1 {
				t.Errorf("N=%d: %s generated %d times", n, path, seen[path])
			}
		}
		for path := range seen {
			if _, ok := all[path]; !ok {
				t.Errorf("N=%d: %s is not a page of the site", n, path)
			}
		}
	}
	// Every project partition gets some of the sample's projects.
	count := map[int]int{}
	for _, p := range ds.Projects {
		count[PartitionOf(p.ID, 4)]++
	}
	if len(count) != 3 || count[1] != 0 {
		t.Errorf("the sample's projects over 4 partitions: %v", count)
	}
}
