package records_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/synth"
)

// BenchmarkHistory10k times LoadHistory on 10,000 synthetic projects committed in 20 commits, on
// top of Load (the bar: well under a second). Two histories:
//
//   - bulk: 500 new project files per commit, each committed once, complete;
//   - progressive: every project grows one stage per commit from a start commit (one in fifteen
//     projects starts in each of the first fifteen commits), so each file has about five versions
//     and every old version has to be read.
//
// The history is written with git fast-import, so setting up takes seconds, not minutes.
func BenchmarkHistory10k(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git not installed")
	}
	root := b.TempDir()
	if dir := os.Getenv("HISTORY_BENCH_ROOT"); dir != "" {
		root = dir // kept afterwards, to look at with git
	}
	if err := synth.Write(root, synth.Options{Projects: 10000, Seed: 1, Replace: true}); err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "data", "projects", "*", "*.yaml"))
	if err != nil || len(files) != 10000 {
		b.Fatalf("%d project files, %v", len(files), err)
	}
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		b.Fatalf("synthetic data: %d errors", diags.Errors())
	}
	ds.AsOf = records.NewDate(2026, 12, 15)

	for _, mode := range []string{"bulk", "progressive"} {
		b.Run(mode, func(b *testing.B) {
			if err := os.RemoveAll(filepath.Join(root, ".git")); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			versions := importHistory(b, root, files, mode)
			b.Logf("%s: %d file versions in 20 commits, set up in %v", mode, versions, time.Since(start).Round(time.Millisecond))
			b.ResetTimer()
			cpu := cpuTime()
			for b.Loop() {
				if d := records.LoadHistory(ds); len(d) > 0 {
					b.Fatal(d)
				}
			}
			b.StopTimer()
			// CPU time, ours and git's: on a shared machine the wall time mostly measures the others.
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			h := ds.History
			if !h.Available || h.Commits != 20 || h.Uncommitted != 0 {
				b.Fatalf("history %+v", h)
			}
			for _, p := range ds.Projects[:50] {
				for _, n := range p.Notices(records.Date{}) {
					if n.FirstSeen().IsZero() {
						b.Fatalf("%s %s: no first-seen date", p.ID, n.Kind)
					}
				}
			}
		})
	}
}

// importHistory writes a 20-commit history of the project files with git fast-import and points
// the index at it, leaving the working copy (the complete files) clean. It returns the number of
// file versions written.
func importHistory(b *testing.B, root string, files []string, mode string) int {
	b.Helper()
	run := func(stdin *os.File, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Stdin = stdin
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run(nil, "init", "-q", "-b", "main")
	stream, err := os.Create(filepath.Join(b.TempDir(), "history.fi"))
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(stream, 1<<20)
	contents := make([][]byte, len(files))
	rels := make([]string, len(files))
	for i, f := range files {
		if contents[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
		r, _ := filepath.Rel(root, f)
		rels[i] = filepath.ToSlash(r)
	}
	versions := 0
	base := time.Date(2024, 1, 1, 10, 0, 0, 0, records.CST)
	for c := range 20 {
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter 书记员 <clerk@example.cn> %d +0800\ndata 8\ncommit%d\n", base.AddDate(0, 0, c).Unix(), c%10)
		for i, rel := range rels {
			var content []byte
			switch mode {
			case "bulk":
				if i*20/len(rels) != c {
					continue
				}
				content = contents[i]
			default:
				start := i % 15
				if c < start {
					continue
				}
				content = grown(contents[i], c-start+1)
				if c == 19 {
					content = contents[i] // the last commit completes what is left
				}
				if c > start && len(grown(contents[i], c-start)) == len(content) {
					continue // complete already: nothing added in this commit
				}
			}
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n", rel, len(content))
			w.Write(content)
			w.WriteByte('\n')
			versions++
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	stream.Seek(0, 0)
	run(stream, "fast-import", "--quiet")
	stream.Close()
	run(nil, "reset", "-q")
	return versions
}

// stageKeys are the top-level keys that start a stage in a synthetic project file.
var stageKeys = []string{"intention:", "single_source_notice:", "call:", "amendments:", "award:", "contract:", "payments:", "evaluations:", "termination:"}

// grown is the project file as it stood with only its first n stages.
func grown(src []byte, n int) []byte {
	var b strings.Builder
	stages := 0
	for _, l := range strings.SplitAfter(string(src), "\n") {
		for _, k := range stageKeys {
			if strings.HasPrefix(l, k) {
				stages++
				break
			}
		}
		if stages > n {
			return []byte(b.String())
		}
		b.WriteString(l)
	}
	return src
}

// cpuTime is the CPU time used so far by this process and the children it has waited for (git).
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	d := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return d(self.Utime) + d(self.Stime) + d(children.Utime) + d(children.Stime)
}
