// Package browser drives headless Chromium over the DevTools protocol, so the built site can be
// tested the way readers meet it: laid out at a phone's width, with and without JavaScript,
// by keyboard. It talks to Chromium through --remote-debugging-pipe (file descriptors 3 and 4,
// NUL-separated JSON), which needs no websocket library and no open port.
package browser

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Find returns the Chromium executable: $CHROME if set, else the first of the usual names on
// PATH. It returns "" if there is none.
func Find() string {
	if p := os.Getenv("CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless Chromium process.
type Browser struct {
	cmd     *exec.Cmd
	w       io.WriteCloser // Chromium's fd 3: commands
	r       io.ReadCloser  // Chromium's fd 4: replies and events
	profile string

	mu      sync.Mutex
	wmu     sync.Mutex // one message on the pipe at a time
	nextID  int64
	pending map[int64]chan message
	pages   map[string]*Page // by session id
	err     error            // set once the pipe is gone
	done    chan struct{}
}

type message struct {
	ID        int64           `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// Launch starts Chromium headless with a fresh profile in a temporary folder.
func Launch(path string) (*Browser, error) {
	profile, err := os.MkdirTemp("", "gongkai-chromium-")
	if err != nil {
		return nil, err
	}
	// cmdR/cmdW are Chromium's ends of the two pipes.
	cmdR, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	r, cmdW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	args := []string{
		"--headless", "--remote-debugging-pipe", "--user-data-dir=" + profile,
		"--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
		"--disable-background-networking", "--disable-component-update", "--disable-default-apps",
		"--disable-gpu", "--mute-audio", "--hide-scrollbars", "--force-color-profile=srgb",
		"--disable-dev-shm-usage", "--lang=zh-CN",
	}
	if os.Geteuid() == 0 {
		args = append(args, "--no-sandbox") // Chromium refuses to run its sandbox as root (containers, CI)
	}
	cmd := exec.Command(path, append(args, "about:blank")...)
	cmd.ExtraFiles = []*os.File{cmdR, cmdW} // fd 3, fd 4
	var stderr strings.Builder
	cmd.Stderr = &limitWriter{w: &stderr, n: 8 << 10}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(profile)
		return nil, fmt.Errorf("browser: start %s: %w", path, err)
	}
	cmdR.Close()
	cmdW.Close()
	b := &Browser{cmd: cmd, w: w, r: r, profile: profile, pending: map[int64]chan message{},
		pages: map[string]*Page{}, done: make(chan struct{})}
	go b.read(&stderr)
	// A first command proves the pipe works (and fails fast with Chromium's own complaint).
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.call(ctx, "", "Browser.getVersion", nil, nil); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// limitWriter keeps the first n bytes of Chromium's stderr for error messages.
type limitWriter struct {
	mu sync.Mutex
	w  io.Writer
	n  int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

// read dispatches replies to their callers and events to their pages until the pipe closes.
func (b *Browser) read(stderr *strings.Builder) {
	br := bufio.NewReaderSize(b.r, 1<<20)
	var err error
	for {
		var raw []byte
		raw, err = br.ReadBytes(0)
		if err != nil {
			break
		}
		var m message
		if err = json.Unmarshal(raw[:len(raw)-1], &m); err != nil {
			break
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch := b.pending[m.ID]; ch != nil {
				delete(b.pending, m.ID)
				ch <- m
			}
		} else if p := b.pages[m.SessionID]; p != nil {
			p.event(m)
		}
		b.mu.Unlock()
	}
	b.mu.Lock()
	b.err = fmt.Errorf("browser: chromium went away: %v", err)
	if s := strings.TrimSpace(stderr.String()); s != "" {
		b.err = fmt.Errorf("%w\n%s", b.err, s)
	}
	for id, ch := range b.pending {
		close(ch)
		delete(b.pending, id)
	}
	b.mu.Unlock()
	close(b.done)
}

// call sends a command (to a page's session, or to the browser when session is "") and
// decodes its result into out when out is not nil.
func (b *Browser) call(ctx context.Context, session, method string, params, out any) error {
	var p json.RawMessage
	if params != nil {
		var err error
		if p, err = json.Marshal(params); err != nil {
			return err
		}
	}
	ch := make(chan message, 1)
	b.mu.Lock()
	if b.err != nil {
		b.mu.Unlock()
		return b.err
	}
	b.nextID++
	id := b.nextID
	b.pending[id] = ch
	b.mu.Unlock()

	data, err := json.Marshal(message{ID: id, Method: method, Params: p, SessionID: session})
	if err != nil {
		return err
	}
	b.wmu.Lock()
	_, err = b.w.Write(append(data, 0))
	b.wmu.Unlock()
	if err != nil {
		return fmt.Errorf("browser: %s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			b.mu.Lock()
			defer b.mu.Unlock()
			return b.err
		}
		if m.Error != nil {
			return fmt.Errorf("browser: %s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("browser: %s: %w", method, ctx.Err())
	}
}

// Close ends Chromium and removes its profile.
func (b *Browser) Close() error {
	b.w.Close() // Chromium exits when its command pipe closes
	select {
	case <-b.done:
	case <-time.After(5 * time.Second):
		b.cmd.Process.Kill()
		<-b.done
	}
	b.cmd.Wait()
	b.r.Close()
	return os.RemoveAll(b.profile)
}

// Page is one tab, attached with its own session.
type Page struct {
	b       *Browser
	target  string
	session string

	// Guarded by b.mu (events arrive on the reader goroutine).
	problems []string
	loaded   chan struct{}
}

// NewPage opens a blank tab and enables the events the tests watch: page loads, uncaught
// exceptions, console errors and failed requests.
func (b *Browser) NewPage(ctx context.Context) (*Page, error) {
	var t struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &t); err != nil {
		return nil, err
	}
	var s struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": t.TargetID, "flatten": true}, &s); err != nil {
		return nil, err
	}
	p := &Page{b: b, target: t.TargetID, session: s.SessionID, loaded: make(chan struct{}, 1)}
	b.mu.Lock()
	b.pages[s.SessionID] = p
	b.mu.Unlock()
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Network.enable"} {
		if err := p.Call(ctx, domain, nil, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// event runs on the reader goroutine with b.mu held.
func (p *Page) event(m message) {
	switch m.Method {
	case "Page.loadEventFired":
		select {
		case p.loaded <- struct{}{}:
		default:
		}
	case "Runtime.exceptionThrown":
		var e struct {
			Details struct {
				Text      string `json:"text"`
				URL       string `json:"url"`
				Line      int    `json:"lineNumber"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(m.Params, &e)
		p.problems = append(p.problems, fmt.Sprintf("uncaught %s %s (%s:%d)", e.Details.Text,
			e.Details.Exception.Description, e.Details.URL, e.Details.Line))
	case "Runtime.consoleAPICalled":
		var e struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		json.Unmarshal(m.Params, &e)
		if e.Type == "error" || e.Type == "assert" {
			var parts []string
			for _, a := range e.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, fmt.Sprint(a.Value))
				}
			}
			p.problems = append(p.problems, "console."+e.Type+": "+strings.Join(parts, " "))
		}
	case "Network.responseReceived":
		var e struct {
			Response struct {
				URL    string `json:"url"`
				Status int    `json:"status"`
			} `json:"response"`
		}
		json.Unmarshal(m.Params, &e)
		if e.Response.Status >= 400 {
			p.problems = append(p.problems, fmt.Sprintf("HTTP %d %s", e.Response.Status, e.Response.URL))
		}
	case "Network.loadingFailed":
		var e struct {
			ErrorText string `json:"errorText"`
			Canceled  bool   `json:"canceled"`
			Type      string `json:"type"`
		}
		json.Unmarshal(m.Params, &e)
		if !e.Canceled {
			p.problems = append(p.problems, fmt.Sprintf("request failed: %s %s", e.Type, e.ErrorText))
		}
	}
}

// Problems returns the uncaught exceptions, console errors and failed requests seen since the
// last call, and forgets them.
func (p *Page) Problems() []string {
	p.b.mu.Lock()
	defer p.b.mu.Unlock()
	out := p.problems
	p.problems = nil
	return out
}

// Call sends a DevTools command to this page.
func (p *Page) Call(ctx context.Context, method string, params, out any) error {
	return p.b.call(ctx, p.session, method, params, out)
}

// Navigate loads url and waits for its load event.
func (p *Page) Navigate(ctx context.Context, url string) error {
	select { // forget a load event left from an earlier page
	case <-p.loaded:
	default:
	}
	var r struct {
		ErrorText string `json:"errorText"`
	}
	if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, &r); err != nil {
		return err
	}
	if r.ErrorText != "" {
		return fmt.Errorf("browser: navigate %s: %s", url, r.ErrorText)
	}
	select {
	case <-p.loaded:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("browser: waiting for %s to load: %w", url, ctx.Err())
	}
}

// Eval evaluates a JavaScript expression in the page (awaiting it if it is a promise) and
// decodes its JSON value into out. It works with the page's own scripts disabled.
func (p *Page) Eval(ctx context.Context, expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.Call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("browser: eval: %s %s", r.Exception.Text, r.Exception.Exception.Description)
	}
	if out == nil {
		return nil
	}
	if len(r.Result.Value) == 0 {
		return errors.New("browser: eval: no value")
	}
	return json.Unmarshal(r.Result.Value, out)
}

// WaitFor polls a JavaScript condition until it is true or ctx ends.
func (p *Page) WaitFor(ctx context.Context, cond string) error {
	for {
		var ok bool
		if err := p.Eval(ctx, "!!("+cond+")", &ok); err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("browser: waiting for %s: %w", cond, ctx.Err())
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// SetViewport sizes the page as a device width×height CSS pixels; mobile makes Chromium honour
// the viewport meta tag as a phone does.
func (p *Page) SetViewport(ctx context.Context, width, height int, mobile bool) error {
	return p.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
	}, nil)
}

// SetJavaScript turns the page's own scripts on or off (for the next navigation on).
func (p *Page) SetJavaScript(ctx context.Context, enabled bool) error {
	return p.Call(ctx, "Emulation.setScriptExecutionDisabled", map[string]any{"value": !enabled}, nil)
}

// keys are the few keys the tests press: DOM key name → Windows virtual key code.
var keys = map[string]int{"Tab": 9, "Enter": 13, "Escape": 27, "ArrowUp": 38, "ArrowDown": 40}

// Press presses and releases a key, with shift held when shift is true.
func (p *Page) Press(ctx context.Context, key string, shift bool) error {
	code, ok := keys[key]
	if !ok {
		return fmt.Errorf("browser: unknown key %q", key)
	}
	mods := 0
	if shift {
		mods = 8
	}
	down := map[string]any{"type": "rawKeyDown", "key": key, "code": key, "windowsVirtualKeyCode": code, "modifiers": mods}
	if key == "Enter" {
		down["type"], down["text"] = "keyDown", "\r"
	}
	if err := p.Call(ctx, "Input.dispatchKeyEvent", down, nil); err != nil {
		return err
	}
	return p.Call(ctx, "Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code, "modifiers": mods}, nil)
}

// Type enters text into the focused element as an input method would (firing input events).
func (p *Page) Type(ctx context.Context, text string) error {
	return p.Call(ctx, "Input.insertText", map[string]any{"text": text}, nil)
}

// Screenshot captures the whole page, not just the viewport, as PNG.
func (p *Page) Screenshot(ctx context.Context) ([]byte, error) {
	var m struct {
		Content struct {
			Width, Height float64
		} `json:"cssContentSize"`
		Viewport struct {
			ClientWidth float64 `json:"clientWidth"`
		} `json:"cssLayoutViewport"`
	}
	if err := p.Call(ctx, "Page.getLayoutMetrics", nil, &m); err != nil {
		return nil, err
	}
	var r struct {
		Data string `json:"data"`
	}
	err := p.Call(ctx, "Page.captureScreenshot", map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": max(m.Content.Width, m.Viewport.ClientWidth), "height": m.Content.Height, "scale": 1},
	}, &r)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(r.Data)
}

// Close closes the tab.
func (p *Page) Close(ctx context.Context) error {
	p.b.mu.Lock()
	delete(p.b.pages, p.session)
	p.b.mu.Unlock()
	return p.b.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": p.target}, nil)
}
