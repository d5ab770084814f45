package records_test

import (
	"runtime"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/synth"
)

// TestMemoryPerProject holds the loaded dataset to a memory budget per project, measured as the
// live heap after a collection: a shard of 25,000 projects must fit a 7 GB CI runner with the
// rest of the build. At 1,000 synthetic projects (8.9 KB of YAML each) the dataset took 36 KB
// per project loaded and 18 KB once the key positions were dropped while every record kept a
// map of its keys' positions and every value kept its whole file's text; it takes about 12 KB
// and 9 KB now.
func TestMemoryPerProject(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 1,000 projects")
	}
	const n = 1000
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Projects: n, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	live := func() int {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int(m.HeapAlloc)
	}
	before := live()
	ds, diags := records.Load(root)
	if e := diags.Errors(); e > 0 || len(ds.Projects) != n {
		t.Fatalf("%d projects, %d errors", len(ds.Projects), e)
	}
	loaded := (live() - before) / n
	ds.DropPositions()
	dropped := (live() - before) / n
	runtime.KeepAlive(ds)
	t.Logf("per project: %d B loaded, %d B without key positions", loaded, dropped)
	if loaded > 16<<10 || dropped > 12<<10 {
		t.Errorf("the dataset takes %d B per project loaded (budget 16 KiB), %d B without key positions (budget 12 KiB)", loaded, dropped)
	}
}
