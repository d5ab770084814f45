package publish

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The crash tests run this test binary again as a child that publishes and stops at one step of
// the swap; the parent SIGKILLs it there and looks at what is published.
const crashEnv = "GONGKAI_PUBLISH_CRASH" // step,mode,dir

// tree writes a site of version v ("old", "new") into dir: files whose names and contents both
// say which version they belong to, so a mix of two versions or a partial tree shows.
func tree(t *testing.T, dir, v string) {
	for i := range 20 {
		write(t, filepath.Join(dir, "sub", fmt.Sprintf("%s-%d", v, i), "page.html"), v)
	}
	write(t, filepath.Join(dir, "index.html"), v)
}

// version returns the version dir holds completely, or an error saying what is wrong.
func version(dir string) (string, error) {
	idx, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return "", err
	}
	v := string(idx)
	n := 0
	err = filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if string(b) != v || (e.Name() == "page.html" && !strings.HasPrefix(filepath.Base(filepath.Dir(p)), v+"-")) {
			return fmt.Errorf("%s does not belong to version %s", p, v)
		}
		n++
		return nil
	})
	if err == nil && n != 21 {
		err = fmt.Errorf("%d files of version %s, want 21", n, v)
	}
	return v, err
}

// TestCrashHelper is the child: it publishes "new" over dir and stops at the step it is told.
func TestCrashHelper(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("run by TestKilledBuildLeavesCompleteSite")
	}
	parts := strings.SplitN(spec, ",", 3)
	step, mode, dir := parts[0], parts[1], parts[2]
	noExchange = mode == "renames"
	stop := func() {
		fmt.Println("ready")
		os.Stdout.Sync()
		time.Sleep(time.Minute) // killed here
		os.Exit(3)
	}
	testHook = func(s string) {
		if s == step {
			stop()
		}
	}
	if strings.HasPrefix(mode, "spare-") {
		// The spare (a tree of version "old" beside the published one) is brought up to date in
		// place: its files replaced one by one, then swapped in.
		noExchange = mode == "spare-renames"
		DirSpare(dir, spareOf(dir), func(staging string, inSpare bool) (bool, error) {
			if !inSpare {
				os.Exit(5)
			}
			os.RemoveAll(filepath.Join(staging, "sub"))
			if step == "fill" {
				write(t, filepath.Join(staging, "half.html"), "new")
				stop()
			}
			tree(t, staging, "new")
			return true, nil
		})
		os.Exit(4)
	}
	Dir(dir, func(staging string) error {
		tree(t, staging, "new")
		if step == "fill" {
			write(t, filepath.Join(staging, "half.html"), "new")
			stop()
		}
		return nil
	})
	os.Exit(4) // the step was never reached
}

// spareOf is where the crash tests keep the spare of dir: in a folder of its own beside it, as
// the render cache's.
func spareOf(dir string) string { return filepath.Join(filepath.Dir(dir), "cache", "spare") }

func TestKilledBuildLeavesCompleteSite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	cases := []struct {
		mode     string // "exchange" or "renames"
		existing bool
		steps    []string
	}{
		{"exchange", true, []string{"fill", "exchange", "aside", "done"}},
		{"renames", true, []string{"fill", "rename-old", "rename-new", "aside", "done"}},
		{"exchange", false, []string{"fill", "rename-new", "done"}},
		{"spare-exchange", true, []string{"fill", "exchange", "done"}},
		{"spare-renames", true, []string{"fill", "rename-old", "rename-new", "aside", "done"}},
	}
	for _, c := range cases {
		for _, step := range c.steps {
			name := fmt.Sprintf("%s/existing=%v/%s", c.mode, c.existing, step)
			t.Run(name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "public")
				if c.existing {
					tree(t, out, "old")
				}
				if strings.HasPrefix(c.mode, "spare-") {
					tree(t, spareOf(out), "old")
				}
				cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
				cmd.Env = append(os.Environ(), crashEnv+"="+step+","+c.mode+","+out)
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
					t.Fatalf("the child never reached step %s (got %q, exit %v)", step, line, cmd.ProcessState)
				}
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()

				// Right after the kill: a complete old or new site. Only the two-rename fallback
				// may leave none, with the old tree beside it for the next run to put back.
				v, err := version(out)
				_, statErr := os.Lstat(out)
				if !c.existing && errors.Is(statErr, os.ErrNotExist) && (step == "fill" || step == "rename-new") {
					err, v = nil, "new" // a first build killed before its rename publishes nothing, not a part
				}
				if errors.Is(statErr, os.ErrNotExist) && c.existing && strings.HasSuffix(c.mode, "renames") && step == "rename-new" {
					olds, _ := filepath.Glob(out + ".old-*")
					if len(olds) != 1 {
						t.Fatalf("no published site and old trees %v", olds)
					}
					if v, err = version(olds[0]); v != "old" || err != nil {
						t.Fatalf("the old tree beside the site: %q %v", v, err)
					}
				} else if err != nil {
					t.Fatalf("after a kill at %s: %v", step, err)
				} else if !c.existing && v != "new" {
					t.Fatalf("first build killed at %s published %q", step, v)
				}

				// The next build finds a complete site before it writes, and leaves nothing behind.
				err = Dir(out, func(staging string) error {
					if v, err := version(out); c.existing && err != nil {
						t.Errorf("at the next build's start: %q %v", v, err)
					}
					write(t, filepath.Join(staging, "index.html"), "next")
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if got := read(t, filepath.Join(out, "index.html")); got != "next" {
					t.Errorf("next build published %q", got)
				}
				RemoveAside(out)
				want := []string{"public"}
				if strings.HasPrefix(c.mode, "spare-") {
					want = []string{"cache", "public"}
				}
				if s := siblings(t, out); !slices.Equal(s, want) {
					t.Errorf("left beside the output: %v", s)
				}
			})
		}
	}
}

// TestExchangeIsUsed guards the atomic path: on Linux the swap must not fall back to renames.
func TestExchangeIsUsed(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	tree(t, a, "old")
	tree(t, b, "new")
	err := exchange(a, b)
	if errors.Is(err, errNoExchange) {
		t.Skip("no renameat2(RENAME_EXCHANGE) here")
	}
	if err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(a, "index.html")) != "new" || read(t, filepath.Join(b, "index.html")) != "old" {
		t.Error("the directories were not exchanged")
	}
}

func TestSecondBuildFailsAtOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tree(t, out, "old")
	filling, finish := make(chan string), make(chan struct{})
	first := make(chan error)
	go func() {
		first <- Dir(out, func(staging string) error {
			tree(t, staging, "new")
			filling <- staging
			<-finish
			return nil
		})
	}()
	staging := <-filling
	start := time.Now()
	err := Dir(out, func(string) error {
		t.Error("the second build ran while the first held the lock")
		return nil
	})
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("second build: %v, want a BusyError", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("the second build waited %v", time.Since(start))
	}
	if !strings.Contains(err.Error(), "另一个生成正在写入") || !strings.Contains(err.Error(), "another build") ||
		!strings.Contains(err.Error(), fmt.Sprint(os.Getpid())) {
		t.Errorf("message: %s", err)
	}
	if v, err := version(staging); v != "new" || err != nil {
		t.Errorf("the second build touched the first one's staging tree: %q %v", v, err)
	}
	close(finish)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if v, err := version(out); v != "new" || err != nil {
		t.Errorf("published %q %v", v, err)
	}
	// The lock is free again, and its file gone.
	if err := Dir(out, func(s string) error { tree(t, s, "old"); return nil }); err != nil {
		t.Fatal(err)
	}
	RemoveAside(out)
	if s := siblings(t, out); !slices.Equal(s, []string{"public"}) {
		t.Errorf("left beside the output: %v", s)
	}
}
