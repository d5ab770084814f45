package perf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ServeLatency starts `exe serve` on root, waits for the first render, then edits one project
// file three times and measures each time from the write to the project page showing the
// change over HTTP. It returns the median and restores the file.
func ServeLatency(exe, root, asOf string, logf func(string, ...any)) (time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.CommandContext(ctx, exe, "serve", "--root", root, "--port", strconv.Itoa(port), "--as-of", asOf)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		cancel() // kills exactly the child started here
		<-done
	}()

	home := "http://" + addr + "/"
	start := time.Now()
	for {
		select {
		case err := <-done:
			done <- err
			return 0, fmt.Errorf("serve exited: %v: %s", err, tail(out.String()))
		default:
		}
		if _, ok := get(home); ok {
			break
		}
		if time.Since(start) > 20*time.Minute {
			return 0, errors.New("serve: no home page after 20 minutes")
		}
		time.Sleep(200 * time.Millisecond)
	}
	logf("serve: first render %.1fs", time.Since(start).Seconds())
	file, id, err := pickProject(root, func(id string) bool {
		_, ok := get("http://" + addr + "/projects/" + id + "/")
		return ok
	})
	if err != nil {
		return 0, err
	}
	page := "http://" + addr + "/projects/" + id + "/"

	orig, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	defer os.WriteFile(file, orig, 0o644)
	titleRe := regexp.MustCompile(`(?m)^title: (.*)$`)
	if !titleRe.Match(orig) {
		return 0, fmt.Errorf("%s has no top-level title line", file)
	}
	// The server logs this when its background step (overview pages, open data) is done; that
	// step is silent while it runs, for a minute at 10,000 projects.
	settled := func() int { return strings.Count(out.String(), "overview pages updated") }
	out.waitFor(func() bool { return settled() > 0 }, 20*time.Minute)
	var lat []time.Duration
	for i := 1; i <= 3; i++ {
		// Each edit starts from an idle server (the previous edit settled, the log quiet for
		// 2 s), as when a clerk saves once: otherwise an edit shares the processor with the
		// previous one's settling of overview pages.
		out.waitQuiet(2*time.Second, 10*time.Minute)
		before := settled()
		marker := fmt.Sprintf("延迟测量%d", i)
		edited := titleRe.ReplaceAll(orig, []byte("title: ${1}"+marker))
		t0 := time.Now()
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			return 0, err
		}
		for {
			if body, ok := get(page); ok && bytes.Contains(body, []byte(marker)) {
				break
			}
			if time.Since(t0) > 5*time.Minute {
				logTail(out, logf)
				return 0, fmt.Errorf("edit %d not visible after 5 minutes", i)
			}
			time.Sleep(10 * time.Millisecond)
		}
		lat = append(lat, time.Since(t0))
		logf("serve: edit %d visible after %.2fs", i, lat[len(lat)-1].Seconds())
		out.waitFor(func() bool { return settled() > before }, 10*time.Minute)
	}
	out.waitQuiet(2*time.Second, 10*time.Minute)
	logTail(out, logf)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat[len(lat)/2], nil
}

func get(url string) ([]byte, bool) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return nil, false
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return b, err == nil && resp.StatusCode == http.StatusOK
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// pickProject returns the first project file (in path order) whose page is shown, and its id
// (the file name): a project with nothing published yet has no page to watch.
func pickProject(root string, shown func(id string) bool) (string, string, error) {
	files, err := filepath.Glob(filepath.Join(root, "data", "projects", "*", "*.yaml"))
	if err != nil || len(files) == 0 {
		return "", "", errors.New("no project files")
	}
	sort.Strings(files)
	for i, f := range files {
		if i == 200 {
			break
		}
		id := strings.TrimSuffix(filepath.Base(f), ".yaml")
		if shown(id) {
			return f, id, nil
		}
	}
	return "", "", errors.New("none of the first 200 projects has a page")
}

// logTail passes the end of the server's own log (its timings per step) to the benchmark log.
func logTail(out *syncBuffer, logf func(string, ...any)) {
	for _, line := range strings.Split(tail(out.String()), "\n") {
		if line != "" {
			logf("serve log: %s", line)
		}
	}
}

func tail(s string) string {
	if len(s) > 1000 {
		return "…" + s[len(s)-1000:]
	}
	return s
}

// syncBuffer collects the child's output; the benchmark reads it while the child writes.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written time.Time
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written = time.Now()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor returns once ok holds (checked every 100 ms), or after max.
func (s *syncBuffer) waitFor(ok func() bool, max time.Duration) {
	deadline := time.Now().Add(max)
	for !ok() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
}

// waitQuiet returns once nothing was written for quiet, or after max.
func (s *syncBuffer) waitQuiet(quiet, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		last := s.written
		s.mu.Unlock()
		if time.Since(last) >= quiet {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
