// Package serve is the live preview: it renders the site into a private folder, serves it on
// loopback, watches the site's sources, re-renders what changed and reloads open tabs.
//
// The rendering itself is behind the Renderer interface (the command wires in the real pipeline:
// records → rules → site); this package knows HTTP, file watching and the browser side only.
// Nothing here writes to public/: the preview's script and error overlay are added to pages as
// they are served, never to files.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/generator/diag"
)

// Renderer renders the site for the preview.
type Renderer interface {
	// Build renders everything from scratch. Diagnostics with errors mean the sources are bad;
	// a non-nil error means rendering itself failed. Either way the previous output stays.
	Build(ctx context.Context) (diag.List, error)
	// Rebuild re-renders after the files at the given absolute paths changed (Everything: all).
	Rebuild(ctx context.Context, changed []string) (diag.List, error)
	// Dir is the folder holding the last successfully rendered site.
	Dir() string
}

// Settler is a Renderer that shows an edit in a quick first step (Rebuild) and finishes the
// rest (pages that summarise many records) in Settle, which the server runs in the background
// after a successful build, one at a time: Settle must be safe to call while Rebuild and Dir
// run. Settle reports whether it changed what is shown.
type Settler interface {
	Settle(ctx context.Context) (changed bool, err error)
}

// Overlayer is a Renderer whose quick first step writes pages into a folder of their own, which
// takes precedence over Dir until the second step has caught up.
type Overlayer interface {
	Overlay() string
}

// Options configure a Server.
type Options struct {
	Root     string        // site root (holds data/, content/, layouts/, …)
	Renderer Renderer      // renders the site
	Log      io.Writer     // progress and timings; io.Discard when nil
	Debounce time.Duration // quiet time before a burst of file events becomes a rebuild; 30 ms when 0
	// Static folders served as they are when the rendered site lacks a file (Hugo as a library
	// does not copy static/); typically root/static.
	Static []string
}

// Server is the preview server. Create it with New, then call Serve.
type Server struct {
	opt Options

	mu    sync.RWMutex
	state state // of the last build
	subs  map[chan state]bool
}

// state is what the browser is told after each build.
type state struct {
	Gen     int // increases with every build attempt that changed what is shown
	Good    bool
	Diags   diag.List // the errors of a failed build (warnings are not shown)
	Failure string    // a rendering failure (not the clerk's fault), if any
	Took    time.Duration
	HadGood bool // some build succeeded, so Dir holds a site to show under the overlay
}

// New makes a server; nothing runs until Serve.
func New(opt Options) *Server {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Debounce == 0 {
		// An editor's save (write, or write-rename-chmod) is one burst of a few milliseconds;
		// every millisecond waited here is one more before the edit shows (budget: 300 ms).
		opt.Debounce = 30 * time.Millisecond
	}
	return &Server{opt: opt, subs: map[chan state]bool{}}
}

func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.opt.Log, format+"\n", args...)
}

// Serve builds the site, serves it on ln and rebuilds on every change until ctx is done; then it
// shuts the HTTP server down (waiting briefly for open requests) and stops watching.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	w, err := newWatcher(s.opt.Root, s.opt.Debounce, s.logf)
	if err != nil {
		return fmt.Errorf("无法监视文件（cannot watch files）: %w", err)
	}
	defer w.close()

	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	// Start the watcher before the first build so that edits made during it are not lost.
	changes := make(chan []string, 1)
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go w.run(wctx, changes)

	httpErr := make(chan error, 1)
	go func() { httpErr <- srv.Serve(ln) }()
	s.logf("预览 preview: http://%s/", ln.Addr())

	shutdown := func() error {
		s.closeSubscribers() // SSE streams never end by themselves; let Shutdown finish
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if errors.Is(err, context.DeadlineExceeded) {
			err = srv.Close()
		}
		return err
	}
	settler, _ := s.opt.Renderer.(Settler)
	// The slow step runs in the background, so that an edit made meanwhile is shown at once
	// (Rebuild does not wait for it). At most one runs; edits during it are settled by the next.
	settled := make(chan settleResult, 1)
	// Builds run beside the loop so that Ctrl-C is obeyed at once even during a first build of
	// minutes; the loop still waits for each before taking the next batch.
	build := func(batch []string) (good, stopped bool) {
		done := make(chan bool, 1)
		go func() { done <- s.build(ctx, batch) }()
		select {
		case good := <-done:
			return good, false
		case <-ctx.Done():
			return false, true
		}
	}
	good, stopped := build(nil)
	if stopped {
		return shutdown()
	}
	settling, unsettled := false, good && settler != nil
	for {
		if unsettled && !settling {
			settling, unsettled = true, false
			go func() {
				start := time.Now()
				changed, err := settler.Settle(ctx)
				settled <- settleResult{changed, err, time.Since(start)}
			}()
		}
		select {
		case <-ctx.Done():
			// A running Settle is not waited for: Hugo cannot be interrupted, and the clerk
			// pressed Ctrl-C. Settle gets the same ctx and must not block on it afterwards.
			return shutdown()
		case err := <-httpErr:
			return err
		case batch := <-changes:
			good, stopped := build(batch)
			if stopped {
				return shutdown()
			}
			if good && settler != nil {
				unsettled = true
			}
		case r := <-settled:
			settling = false
			s.settle(r)
		}
	}
}

type settleResult struct {
	changed bool
	err     error
	took    time.Duration
}

// settle tells the browsers when the renderer's second step changed what is shown.
func (s *Server) settle(r settleResult) {
	switch {
	case r.err != nil:
		s.logf("渲染失败 render failed (%v): %v", r.took.Round(time.Millisecond), r.err)
		s.publish(state{Failure: r.err.Error(), Took: r.took})
	case r.changed:
		s.logf("汇总页已更新 overview pages updated in %v", r.took.Round(time.Millisecond))
		s.publish(state{Good: true, Took: r.took})
	}
}

// build runs one (re)build, publishes its outcome to the browsers and reports whether it
// succeeded.
func (s *Server) build(ctx context.Context, changed []string) bool {
	start := time.Now()
	var diags diag.List
	var err error
	if changed == nil {
		diags, err = s.opt.Renderer.Build(ctx)
	} else {
		diags, err = s.opt.Renderer.Rebuild(ctx, changed)
	}
	took := time.Since(start)
	next := state{Good: err == nil && diags.Errors() == 0, Took: took}
	if err != nil {
		next.Failure = err.Error()
	}
	for _, d := range diags {
		if d.Severity == diag.Error {
			next.Diags = append(next.Diags, d)
		}
	}
	switch {
	case err != nil:
		s.logf("渲染失败 render failed (%v): %v", took.Round(time.Millisecond), err)
	case !next.Good:
		s.logf("有 %d 个错误，继续显示上次成功的结果 (%d errors; still showing the last good site)", len(next.Diags), len(next.Diags))
		for _, d := range next.Diags {
			s.logf("  %s: %s [%s]", d.Pos, d.Message, d.Code)
		}
	default:
		s.logf("已更新 updated in %v (%d changed)", took.Round(time.Millisecond), len(changed))
	}
	s.publish(next)
	return next.Good
}

func (s *Server) publish(next state) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next.Gen = s.state.Gen + 1
	next.HadGood = next.Good || s.state.HadGood
	s.state = next
	for c := range s.subs {
		select {
		case c <- next:
		default: // a slow tab misses an intermediate state; it gets the next one
		}
	}
}

// State returns the generation and outcome of the last build (for tests and logs).
func (s *Server) State() (gen int, good bool, diags diag.List) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state.Gen, s.state.Good, s.state.Diags
}

func (s *Server) subscribe() (chan state, state) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := make(chan state, 1)
	s.subs[c] = true
	return c, s.state
}

func (s *Server) unsubscribe(c chan state) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.subs[c] {
		delete(s.subs, c)
		close(c)
	}
}

func (s *Server) closeSubscribers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.subs {
		delete(s.subs, c)
		close(c)
	}
}

// EventsPath is the Server-Sent Events stream the injected script listens to.
const EventsPath = "/_gongkai/events"

// Handler serves the rendered site, the event stream and the error overlay.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(EventsPath, s.events)
	mux.HandleFunc("/", s.file)
	return mux
}

// events streams one "state" event per build: the page reloads when the generation it was
// served with is not the current one.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c, cur := s.subscribe()
	defer s.unsubscribe(c)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	send := func(st state) {
		fmt.Fprintf(w, "event: state\ndata: %d\n\n", st.Gen)
		fl.Flush()
	}
	fmt.Fprintf(w, "retry: 500\n\n")
	send(cur)
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case st, ok := <-c:
			if !ok {
				return
			}
			send(st)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

// file serves the rendered site. HTML pages get the reload script and, after a failed build,
// the error overlay over the last good page. Before any good build every page is the error page.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	st := s.state
	s.mu.RUnlock()
	w.Header().Set("Cache-Control", "no-store")

	dir := s.opt.Renderer.Dir()
	var body []byte
	status := http.StatusOK
	var dirs []string
	if o, ok := s.opt.Renderer.(Overlayer); ok {
		dirs = append(dirs, o.Overlay())
	}
	dirs = append(append(dirs, dir), s.opt.Static...)
	var name string
	var isHTML bool
	err := fs.ErrNotExist
	for _, d := range dirs {
		if name, isHTML, err = s.resolve(d, r.URL.Path); err == nil {
			break
		}
	}
	if err == nil && !isHTML {
		http.ServeFile(w, r, name) // sets the type, handles ranges; name is inside dir
		return
	}
	if err == nil {
		body, err = os.ReadFile(name)
	}
	if err != nil {
		status = http.StatusNotFound
		if b, err404 := os.ReadFile(path.Join(dir, "404.html")); err404 == nil {
			body = b
		} else {
			body = []byte("<!DOCTYPE html><html><head><meta charset=utf-8><title>404</title></head><body><h1>404 找不到页面 page not found</h1></body></html>")
		}
	}
	if !st.Good && !st.HadGood {
		body = nil // nothing good to show yet: the overlay is the page
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	out := inject(body, snippet(st))
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}

// resolve maps a URL path to a file in dir: "/a/" → a/index.html. It never leaves dir.
func (s *Server) resolve(dir, urlPath string) (name string, isHTML bool, err error) {
	if dir == "" {
		return "", false, fs.ErrNotExist
	}
	clean := path.Clean("/" + urlPath) // removes .. against the root
	rel := strings.TrimPrefix(clean, "/")
	if rel == "" {
		rel = "."
	}
	if !fs.ValidPath(rel) {
		return "", false, fs.ErrNotExist
	}
	fsys := os.DirFS(dir)
	st, err := fs.Stat(fsys, rel)
	if err == nil && st.IsDir() {
		rel = path.Join(rel, "index.html")
		st, err = fs.Stat(fsys, rel)
	}
	if err != nil {
		return "", false, err
	}
	if st.IsDir() {
		return "", false, fs.ErrNotExist
	}
	return path.Join(dir, rel), strings.HasSuffix(rel, ".html"), nil
}

// inject puts snip before the last </body>, or appends it; a nil page becomes a minimal one.
func inject(page, snip []byte) []byte {
	if page == nil {
		var b bytes.Buffer
		b.WriteString("<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>预览出错 preview error</title></head><body>")
		b.Write(snip)
		b.WriteString("</body></html>")
		return b.Bytes()
	}
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), snip...)
	}
	out := make([]byte, 0, len(page)+len(snip))
	out = append(out, page[:i]...)
	out = append(out, snip...)
	return append(out, page[i:]...)
}

// The overlay is rendered with html/template: messages quote the clerk's input, which may hold
// anything, including markup.
var snippetTmpl = template.Must(template.New("snippet").Parse(`
{{- if eq .Gen 0}}<div id="gongkai-errors" role="status" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;background:#f5f8ff;padding:1em 1.5em;font:14px/1.5 system-ui,sans-serif">正在生成预览… · Building the preview…</div>
{{- else if not .Good}}<div id="gongkai-errors" role="alert" style="position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#1a1a1a;border-bottom:3px solid #b00020;padding:1em 1.5em;font:14px/1.5 system-ui,sans-serif;box-shadow:0 2px 12px rgba(0,0,0,.3)">
<h2 style="margin:0 0 .5em;color:#b00020;font-size:1.2em">数据有错误，页面显示的是上次成功生成的结果 · The data has errors; showing the last good build</h2>
{{- if .Failure}}<pre style="white-space:pre-wrap">{{.Failure}}</pre>{{end}}
<ol style="margin:0;padding-left:1.5em">
{{- range .Diags}}<li><code>{{.Pos}}</code> {{.Message}} <span style="color:#555">({{.English}})</span> <code style="color:#555">[{{.Code}}]</code></li>
{{end}}</ol>
<p style="margin:.5em 0 0;color:#555">保存修正后的文件，页面会自动刷新 · Save a fix and this page reloads by itself.</p></div>
{{end -}}
<script>(function(){var g={{.Gen}};var es=new EventSource({{.Events}});es.addEventListener("state",function(e){if(+e.data!==g){es.close();location.reload();}});})();</script>
`))

func snippet(st state) []byte {
	var b bytes.Buffer
	err := snippetTmpl.Execute(&b, struct {
		state
		Events string
	}{st, EventsPath})
	if err != nil {
		return []byte("<!-- gongkai preview: " + template.HTMLEscapeString(err.Error()) + " -->")
	}
	return b.Bytes()
}
