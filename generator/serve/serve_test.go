package serve

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/diag"
)

// fakeRenderer "renders" every file under data/ into one page: its text, or an error when a
// file says BAD. It records the batches it was given.
type fakeRenderer struct {
	root, out string
	mu        sync.Mutex
	batches   [][]string
}

func (f *fakeRenderer) Dir() string { return f.out }

func (f *fakeRenderer) Build(ctx context.Context) (diag.List, error) {
	return f.render()
}

func (f *fakeRenderer) Rebuild(ctx context.Context, changed []string) (diag.List, error) {
	f.mu.Lock()
	f.batches = append(f.batches, changed)
	f.mu.Unlock()
	return f.render()
}

func (f *fakeRenderer) render() (diag.List, error) {
	var text []string
	var diags diag.List
	filepath.WalkDir(filepath.Join(f.root, "data"), func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(f.root, p)
		if strings.Contains(string(b), "BAD") {
			diags.Add(diag.Pos{File: filepath.ToSlash(rel), Line: 3, Column: 7}, "money-format",
				"金额格式不正确："+string(b), "bad amount: "+string(b))
		}
		text = append(text, strings.TrimSpace(string(b)))
		return nil
	})
	if diags.Errors() > 0 {
		return diags, nil
	}
	page := "<!DOCTYPE html><html><body><main>" + strings.Join(text, "|") + "</main></body></html>"
	return nil, os.WriteFile(filepath.Join(f.out, "index.html"), []byte(page), 0o644)
}

func (f *fakeRenderer) saw(path string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, b := range f.batches {
		for _, p := range b {
			if p == path {
				return true
			}
		}
	}
	return false
}

// startServer runs a Server on a free loopback port and stops it when the test ends.
func startServer(t *testing.T, r Renderer, root string) (base string, s *Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s = New(Options{Root: root, Renderer: r, Debounce: 30 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil && err != http.ErrServerClosed {
				t.Errorf("Serve returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not stop within 10 s of cancel")
		}
	})
	return "http://" + ln.Addr().String(), s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		b.WriteString(sc.Text() + "\n")
	}
	return resp.StatusCode, b.String()
}

// eventually polls cond every 20 ms for at most 20 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// sse reads the "state" events of the stream into a channel of generations (as text).
func sse(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type = %q", ct)
	}
	out := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		event := ""
		for sc.Scan() {
			l := sc.Text()
			switch {
			case strings.HasPrefix(l, "event: "):
				event = strings.TrimPrefix(l, "event: ")
			case strings.HasPrefix(l, "data: ") && event == "state":
				out <- strings.TrimPrefix(l, "data: ")
			}
		}
	}()
	return out
}

func TestServeReloadErrorRecover(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data", "projects"), 0o755)
	a := filepath.Join(root, "data", "projects", "a.yaml")
	os.WriteFile(a, []byte("one"), 0o644)
	r := &fakeRenderer{root: root, out: t.TempDir()}
	base, s := startServer(t, r, root)

	eventually(t, "first build", func() bool { g, ok, _ := s.State(); return g >= 1 && ok })
	code, page := get(t, base+"/")
	if code != 200 || !strings.Contains(page, "<main>one</main>") || !strings.Contains(page, EventsPath) {
		t.Fatalf("GET / = %d\n%s", code, page)
	}
	if strings.Contains(readFile(t, filepath.Join(r.out, "index.html")), EventsPath) {
		t.Fatal("the reload script was written into the rendered files")
	}
	events := sse(t, base)
	first := <-events

	// An edit: the page changes and the stream announces a new generation.
	os.WriteFile(a, []byte("two"), 0o644)
	eventually(t, "edit visible", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "<main>two</main>") })
	select {
	case g := <-events:
		if g == first {
			t.Errorf("reload event repeats generation %s", g)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reload event after an edit")
	}

	// A broken file: the last good page stays, under an escaped error overlay.
	os.WriteFile(a, []byte("BAD <script>alert(1)</script>"), 0o644)
	eventually(t, "error overlay", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "gongkai-errors") })
	_, page = get(t, base+"/")
	for _, want := range []string{"<main>two</main>", "data/projects/a.yaml:3:7", "money-format", "&lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("error page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("the clerk's input reached the page unescaped")
	}

	// Fixing it recovers.
	os.WriteFile(a, []byte("three"), 0o644)
	eventually(t, "recovery", func() bool {
		_, p := get(t, base+"/")
		return strings.Contains(p, "<main>three</main>") && !strings.Contains(p, "gongkai-errors")
	})
}

func readFile(t *testing.T, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWatchNewFoldersAtomicSavesAndBursts(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	r := &fakeRenderer{root: root, out: t.TempDir()}
	base, s := startServer(t, r, root)
	eventually(t, "first build", func() bool { g, _, _ := s.State(); return g >= 1 })

	// A new nested folder with a file in it, created in one go.
	deep := filepath.Join(root, "data", "projects", "2031")
	os.MkdirAll(deep, 0o755)
	f := filepath.Join(deep, "n.yaml")
	os.WriteFile(f, []byte("nested"), 0o644)
	eventually(t, "file in new folder", func() bool { return r.saw(f) })

	// A later edit in that folder is seen too: the new folder got its own watch.
	os.WriteFile(f, []byte("nested2"), 0o644)
	eventually(t, "edit in new folder", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "nested2") })

	// An atomic save: write a hidden temp file, rename it over the original.
	tmp := filepath.Join(deep, ".n.yaml.tmp123")
	os.WriteFile(tmp, []byte("renamed"), 0o644)
	os.Rename(tmp, f)
	eventually(t, "atomic save", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "renamed") })
	if r.saw(tmp) {
		t.Error("a hidden temp file reached the renderer")
	}

	// A burst of 50 writes becomes few rebuilds.
	r.mu.Lock()
	before := len(r.batches)
	r.mu.Unlock()
	for i := range 50 {
		os.WriteFile(filepath.Join(deep, "b"+string(rune('a'+i%26))+".yaml"), []byte("x"), 0o644)
	}
	os.WriteFile(filepath.Join(deep, "last.yaml"), []byte("burst-done"), 0o644)
	eventually(t, "burst", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "burst-done") })
	r.mu.Lock()
	n := len(r.batches) - before
	r.mu.Unlock()
	if n > 5 {
		t.Errorf("a burst of 51 writes caused %d rebuilds; want it coalesced", n)
	}

	// A new watched top-level folder appearing later (layouts/) is followed.
	lay := filepath.Join(root, "layouts", "_partials")
	os.MkdirAll(lay, 0o755)
	lf := filepath.Join(lay, "x.html")
	os.WriteFile(lf, []byte("<p>"), 0o644)
	eventually(t, "new layouts folder", func() bool { return r.saw(lf) })
}

func TestResolveStaysInside(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "index.html"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "s.css"), []byte("x"), 0o644)
	s := New(Options{})
	tests := []struct {
		path string
		want string // relative to dir; "" = not found
		html bool
	}{
		{"/a/", "a/index.html", true},
		{"/a", "a/index.html", true},
		{"/s.css", "s.css", false},
		{"/../../etc/passwd", "", false},
		{"/a/../../s.css", "s.css", false},
		{"/missing/", "", false},
	}
	for _, tt := range tests {
		name, html, err := s.resolve(dir, tt.path)
		got := ""
		if err == nil {
			got, _ = filepath.Rel(dir, name)
		}
		if filepath.ToSlash(got) != tt.want || (err == nil && html != tt.html) {
			t.Errorf("resolve(%q) = %q html=%v err=%v; want %q html=%v", tt.path, got, html, err, tt.want, tt.html)
		}
	}
}

func TestInject(t *testing.T) {
	tests := []struct{ page, want string }{
		{"<html><body><p>x</p></BODY></html>", "<html><body><p>x</p>SNIP</BODY></html>"},
		{"<p>no body</p>", "<p>no body</p>SNIP"},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.page), []byte("SNIP"))); got != tt.want {
			t.Errorf("inject(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

// slowSettler renders edits into an overlay (the quick step) and catches the main folder up in
// Settle, which blocks until the test lets it finish.
type slowSettler struct {
	fakeRenderer
	overlay  string
	release  chan struct{}
	settling chan struct{} // receives when a Settle starts
}

func (f *slowSettler) Overlay() string { return f.overlay }

func (f *slowSettler) Rebuild(ctx context.Context, changed []string) (diag.List, error) {
	f.mu.Lock()
	f.batches = append(f.batches, changed)
	f.mu.Unlock()
	b, _ := os.ReadFile(filepath.Join(f.root, "data", "a.yaml"))
	page := "<!DOCTYPE html><html><body><main>quick:" + strings.TrimSpace(string(b)) + "</main></body></html>"
	return nil, os.WriteFile(filepath.Join(f.overlay, "index.html"), []byte(page), 0o644)
}

func (f *slowSettler) Settle(ctx context.Context) (bool, error) {
	f.settling <- struct{}{}
	<-f.release
	if ctx.Err() != nil {
		return false, ctx.Err() // stopped meanwhile: the test's folders are going away
	}
	if _, err := f.render(); err != nil {
		return false, err
	}
	return true, os.Remove(filepath.Join(f.overlay, "index.html"))
}

// TestSettleInBackground: a slow Settle neither delays the next edit nor Ctrl-C, the overlay
// wins over the rendered folder while it exists, and a finished Settle is announced.
func TestSettleInBackground(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	a := filepath.Join(root, "data", "a.yaml")
	os.WriteFile(a, []byte("one"), 0o644)
	r := &slowSettler{fakeRenderer: fakeRenderer{root: root, out: t.TempDir()}, overlay: t.TempDir(),
		release: make(chan struct{}), settling: make(chan struct{}, 10)}
	// Registered before startServer's: cleanups run last-first, so the server is stopped while
	// a Settle is blocked, and only then is that Settle let go.
	t.Cleanup(func() { close(r.release) })
	base, s := startServer(t, r, root)
	eventually(t, "first build", func() bool { g, ok, _ := s.State(); return g >= 1 && ok })

	select {
	case <-r.settling: // the first build is settled too
	case <-time.After(5 * time.Second):
		t.Fatal("no Settle after a successful build")
	}
	// That Settle is now blocked; edits must still be shown.
	os.WriteFile(a, []byte("two"), 0o644)
	eventually(t, "edit during Settle", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "<main>quick:two</main>") })
	os.WriteFile(a, []byte("three"), 0o644)
	eventually(t, "edit during Settle", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "<main>quick:three</main>") })

	events := sse(t, base)
	before := <-events
	r.release <- struct{}{}
	select {
	case g := <-events:
		if g == before {
			t.Errorf("Settle announced generation %s again", g)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a Settle that changed pages was not announced")
	}
	eventually(t, "settled page", func() bool { _, p := get(t, base+"/"); return strings.Contains(p, "<main>three</main>") })

	// The edits during the first Settle get a Settle of their own; Ctrl-C while it is blocked
	// must still stop the server at once (startServer's cleanup allows 10 s).
	select {
	case <-r.settling:
	case <-time.After(5 * time.Second):
		t.Fatal("the edit made during a Settle was never settled")
	}
}
