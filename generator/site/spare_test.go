package site

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/publish"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
	"github.com/gongkai/gongkai/generator/synth"
)

// spareSite is a small site root whose builds publish through the render cache and its spare.
type spareSite struct {
	root, pub, cache, spare string
	n                       int // edits made, so that each makes another title
}

func newSpareSite(t *testing.T, root, pub string) *spareSite {
	t.Helper()
	cache := filepath.Join(root, ".gongkai-cache")
	return &spareSite{root: root, pub: pub, cache: cache, spare: publish.SpareDir(pub, filepath.Join(cache, "spare"))}
}

// makeSpareRoot writes the look and 12 synthetic projects into a fresh root.
func makeSpareRoot(t *testing.T, root string) {
	t.Helper()
	repo := repoRoot(t)
	for _, d := range []string{"layouts", "i18n", "assets", "content"} {
		if err := os.Symlink(filepath.Join(repo, d), filepath.Join(root, d)); err != nil {
			t.Fatal(err)
		}
	}
	if err := synth.Write(root, synth.Options{Projects: 12, Seed: 9}); err != nil {
		t.Fatal(err)
	}
}

// edit changes the title of the first project file.
func (s *spareSite) edit(t *testing.T) {
	t.Helper()
	s.n++
	files, _ := filepath.Glob(filepath.Join(s.root, "data", "projects", "*", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no project files")
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	b = regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(b, []byte(fmt.Sprintf("title: 备用树测试%d", s.n)))
	if err := os.WriteFile(files[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// build publishes the root's data through the cache; along, when set, runs beside the open data
// and fails the build with its error.
func (s *spareSite) build(along func() error) (CacheStats, *records.Dataset, *Renderer, error) {
	ds, diags := records.Load(s.root)
	if diags.Errors() > 0 {
		return CacheStats{}, nil, nil, fmt.Errorf("%d load errors", diags.Errors())
	}
	ds.AsOf = testAsOf
	rules.Apply(ds)
	r, err := New(s.root, Options{})
	if err != nil {
		return CacheStats{}, nil, nil, err
	}
	c, err := OpenCache(s.cache, "v1", s.pub)
	if err != nil {
		return CacheStats{}, nil, nil, err
	}
	c.KeepSpare(s.spare)
	_, cs, err := r.PublishCached(ds, c, func(out string, reuse *export.Reuse) error {
		if along != nil {
			if err := along(); err != nil {
				return err
			}
		}
		return export.Write(ds, out, export.Options{BaseURL: r.BaseURL(ds), Reuse: reuse})
	})
	return cs, ds, r, err
}

// mustBuild builds, checks whether the spare was used, and compares the published tree with a
// from-scratch build.
func (s *spareSite) mustBuild(t *testing.T, step string, wantSpare bool) CacheStats {
	t.Helper()
	cs, ds, r, err := s.build(nil)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	t.Logf("%s: %+v", step, cs)
	if cs.Spare != wantSpare {
		t.Errorf("%s: spare used %v, want %v (%s)", step, cs.Spare, wantSpare, cs.Reason)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := r.BuildAlongside(ds, fresh, func(out string) error {
		return export.Write(ds, out, export.Options{BaseURL: r.BaseURL(ds)})
	}); err != nil {
		t.Fatal(err)
	}
	sameTrees(t, step, fresh, s.pub)
	return cs
}

// readySpareSite makes a site in a temporary folder and builds it until the spare is in use.
func readySpareSite(t *testing.T) *spareSite {
	t.Helper()
	root := t.TempDir()
	makeSpareRoot(t, root)
	s := newSpareSite(t, root, filepath.Join(t.TempDir(), "public"))
	s.ready(t)
	return s
}

// ready builds three times: full, cached into a fresh folder (which keeps the spare), then
// through the spare.
func (s *spareSite) ready(t *testing.T) {
	t.Helper()
	s.mustBuild(t, "first build", false)
	s.edit(t)
	s.mustBuild(t, "cached build", false)
	s.edit(t)
	s.mustBuild(t, "through the spare", true)
}

// TestTamperedSpareIsNotTrusted: a file replaced or deleted in the spare or in the published
// folder, or a spare without its record, makes the next build take the fresh-folder path, and
// its output is still a from-scratch build's.
func TestTamperedSpareIsNotTrusted(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a site with Hugo many times")
	}
	s := readySpareSite(t)
	// A page no edit rewrites (the last project's): the spare and the published folder share it.
	pages, _ := filepath.Glob(filepath.Join(s.pub, "projects", "*", "index.html"))
	if len(pages) == 0 {
		t.Fatal("no project pages")
	}
	page, _ := filepath.Rel(s.pub, pages[len(pages)-1])
	shared := func() bool {
		a, errA := os.Lstat(filepath.Join(s.spare, page))
		b, errB := os.Lstat(filepath.Join(s.pub, page))
		return errA == nil && errB == nil && os.SameFile(a, b)
	}
	if !shared() {
		t.Fatalf("%s is not shared by the spare and the published folder", page)
	}
	tampers := []struct {
		name string
		do   func() error
	}{
		{"a spare page replaced", func() error {
			p := filepath.Join(s.spare, page)
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.WriteFile(p, []byte("篡改"), 0o644)
		}},
		{"a spare page deleted", func() error { return os.Remove(filepath.Join(s.spare, page)) }},
		{"a published page replaced", func() error {
			p := filepath.Join(s.pub, page)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			// The same bytes in a new file: the published site is still right, but the spare's
			// copy can no longer be told to be the published one.
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.WriteFile(p, b, 0o644)
		}},
		{"the manifest lost", func() error { return os.Remove(filepath.Join(s.cache, manifestName)) }},
	}
	for _, tc := range tampers {
		if err := tc.do(); err != nil {
			t.Fatal(err)
		}
		s.edit(t)
		s.mustBuild(t, tc.name, false)
		if tc.name == "the manifest lost" { // a full render, which keeps no spare
			s.edit(t)
			s.mustBuild(t, tc.name+", then an edit", false)
		}
		// The tampered spare is gone; the next edit goes through the new spare again.
		s.edit(t)
		s.mustBuild(t, tc.name+", then an edit", true)
		if !shared() {
			t.Fatalf("%s: %s is not shared by the new spare and the published folder", tc.name, page)
		}
	}
}

// TestFailedSpareUpdateLeavesSiteIntact: a build that fails while it brings the spare up to date
// leaves the published folder as it was and the spare untrusted; the next build is right.
func TestFailedSpareUpdateLeavesSiteIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a site with Hugo many times")
	}
	s := readySpareSite(t)
	before := treeOf(t, s.pub)
	s.edit(t)
	boom := errors.New("planted failure")
	inSpare := false
	_, _, _, err := s.build(func() error {
		// The spare is being updated: its open data folder has been moved out.
		_, err := os.Stat(filepath.Join(s.spare, "data", "ocds"))
		inSpare = errors.Is(err, os.ErrNotExist)
		time.Sleep(200 * time.Millisecond) // let the render write into the spare
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("the build did not fail with the planted error: %v", err)
	}
	if !inSpare {
		t.Fatal("the failing build was not updating the spare")
	}
	s.recovers(t, "failed", before)
}

// recovers checks that the published folder still holds exactly before after a build that
// was cut short (how: "failed", "killed"), and that the next builds recover: its manifest was
// dropped, so a full render, a cached build, then the spare again.
func (s *spareSite) recovers(t *testing.T, how string, before map[string][]byte) {
	t.Helper()
	after := treeOf(t, s.pub)
	if len(after) != len(before) {
		t.Errorf("the published folder has %d files, had %d", len(after), len(before))
	}
	for name, b := range before {
		if string(after[name]) != string(b) {
			t.Errorf("the %s build changed %s", how, name)
		}
	}
	s.mustBuild(t, "after the "+how+" build", false)
	s.edit(t)
	s.mustBuild(t, "after the "+how+" build, an edit", false)
	s.edit(t)
	s.mustBuild(t, "after the "+how+" build, another edit", true)
}

// spareKillEnv makes TestSpareKillHelper a child that builds root into pub and waits, killed,
// while it updates the spare.
const spareKillEnv = "GONGKAI_SPARE_KILL" // root,pub

func TestSpareKillHelper(t *testing.T) {
	spec := os.Getenv(spareKillEnv)
	if spec == "" {
		t.Skip("run by TestKilledSpareUpdateLeavesSiteIntact")
	}
	root, pub, _ := strings.Cut(spec, ",")
	s := newSpareSite(t, root, pub)
	s.build(func() error {
		time.Sleep(200 * time.Millisecond) // let the render write into the spare
		fmt.Println("ready")
		os.Stdout.Sync()
		time.Sleep(time.Minute) // killed here
		os.Exit(3)
		return nil
	})
	os.Exit(4)
}

// TestKilledSpareUpdateLeavesSiteIntact: a build killed while it brings the spare up to date
// leaves the published folder as it was; the next build does not trust the spare and is right.
func TestKilledSpareUpdateLeavesSiteIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a site with Hugo many times")
	}
	s := readySpareSite(t)
	before := treeOf(t, s.pub)
	s.edit(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSpareKillHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), spareKillEnv+"="+s.root+","+s.pub)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		cmd.Wait()
		t.Fatalf("the child never got to the spare (got %q, exit %v)", line, cmd.ProcessState)
	}
	if _, err := os.Stat(filepath.Join(s.spare, "data", "ocds")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the child was not updating the spare: %v", err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	s.recovers(t, "killed", before)
}
