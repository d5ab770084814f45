package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/export"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/serve"
	"github.com/gongkai/gongkai/generator/site"
)

func init() {
	register(command{
		name:    "serve",
		summary: "本地预览，保存即刷新 / preview with live reload",
		run:     runServe,
	})
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "站点根目录 site root")
	port := fs.Int("port", 1313, "端口 port")
	bind := fs.String("bind", "127.0.0.1", "监听地址（默认仅本机）/ address to listen on (loopback by default)")
	asOf := fs.String("as-of", "", "按此日期预览（默认今天，北京时间）/ preview as of YYYY-MM-DD (default: today, China Standard Time)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法 usage: generator serve [--root DIR] [--port 1313] [--bind 127.0.0.1] [--as-of YYYY-MM-DD]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if code := rootMissing(*root, stderr); code != 0 {
		return code
	}
	var fixed records.Date
	if *asOf != "" {
		d, err := records.ParseDate(*asOf)
		if err != nil {
			fmt.Fprintf(stderr, "--as-of 应写成 2025-06-05（got %q）\n", *asOf)
			return 2
		}
		fixed = d
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(stderr, "无法监听 cannot listen: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := servePreview(ctx, ln, *root, fixed, stdout); err != nil {
		fmt.Fprintf(stderr, "预览出错 preview failed: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "预览已停止 preview stopped")
	return 0
}

// servePreview runs the preview on ln until ctx is done. The rendered site lives in a temporary
// folder that is removed afterwards; public/ is never touched.
func servePreview(ctx context.Context, ln net.Listener, root string, asOf records.Date, log io.Writer) error {
	abs, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", previewPrefix)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	go sweepPreviews(tmp)
	r, err := site.New(abs, site.Options{BaseURL: "/"})
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	p := &preview{root: abs, asOf: asOf, loader: records.NewLoader(abs), live: r.Live(tmp), log: log}
	s := serve.New(serve.Options{Root: abs, Renderer: p, Log: log, Static: []string{filepath.Join(abs, "static")}})
	err = s.Serve(ctx, ln)
	// A background Settle may still be inside Hugo, which cannot be interrupted: it is not waited
	// for, the process is about to exit.
	// Deleting a large rendered site takes long (10 s at 1,000 projects on a busy disk); Ctrl-C
	// must not. What is left is removed by the next preview (sweepPreviews).
	removed := make(chan struct{})
	go func() {
		os.RemoveAll(tmp)
		close(removed)
	}()
	select {
	case <-removed:
	case <-time.After(2 * time.Second):
		fmt.Fprintf(log, "临时文件留在 %s，下次预览时删除 / temporary files left in %s; the next preview removes them\n", tmp, tmp)
	}
	return err
}

// previewPrefix names the preview's temporary folders; each holds a "pid" file naming its process.
const previewPrefix = "gongkai-preview-"

// sweepPreviews removes the temporary folders of previews that are no longer running, except own.
func sweepPreviews(own string) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), previewPrefix+"*"))
	for _, d := range dirs {
		if d == own {
			continue
		}
		b, err := os.ReadFile(filepath.Join(d, "pid"))
		if err != nil {
			continue // not ours, or still being set up
		}
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && !processAlive(pid) {
			os.RemoveAll(d)
		}
	}
}

// processAlive says whether a process with this id exists. On Windows FindProcess fails for a
// missing process; elsewhere it always succeeds and signal 0 asks without disturbing it.
func processAlive(pid int) bool {
	pr, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		return true
	}
	return pr.Signal(syscall.Signal(0)) == nil
}

// preview is the real pipeline behind the preview server: records (re-reading only changed
// files) → rules → site. An edit to a project file is shown by site.Live.Quick right away;
// everything else (lists, overview pages, open data, changes to other data files or to layouts)
// follows in Settle, which the server runs in the background.
type preview struct {
	root   string
	asOf   records.Date // zero: today
	loader *records.Loader
	live   *site.Live
	log    io.Writer

	big      sync.Mutex // held by whatever renders into the site folder: Build, Settle
	exported int        // data version of the open data written (guarded by big)

	mu      sync.Mutex
	ds      *records.Dataset // the last good dataset
	version int              // of ds, counting good loads
	sources []string         // changed layouts etc. not yet given to Hugo
}

func (p *preview) Dir() string     { return p.live.Dir() }
func (p *preview) Overlay() string { return p.live.Overlay() }

// check loads (incrementally) and judges the rules, as `generator check` does.
func (p *preview) check(changed []string) (*records.Dataset, diag.List) {
	ds, diags := p.loader.Load(changed)
	ds.AsOf = p.asOf
	if ds.AsOf.IsZero() {
		ds.AsOf = records.DateOf(time.Now())
	}
	if diags.Errors() > 0 {
		return ds, diags
	}
	if err := applyRules(ds); err != nil {
		diags.Add(diag.Pos{File: "data"}, "internal", fmt.Sprintf("内部错误（合规检查）：%v", err), fmt.Sprintf("internal error in the compliance rules: %v", err))
	}
	return ds, diags
}

// accept makes ds the current dataset and returns its version.
func (p *preview) accept(ds *records.Dataset, sources []string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ds = ds
	p.version++
	p.sources = append(p.sources, sources...)
	return p.version
}

func (p *preview) current() (*records.Dataset, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ds, p.version
}

func (p *preview) Build(ctx context.Context) (diag.List, error) {
	ds, diags := p.check(nil)
	if diags.Errors() > 0 {
		return diags, nil
	}
	p.big.Lock() // waits for a running Settle
	defer p.big.Unlock()
	p.mu.Lock()
	p.sources = nil // a full build reads every source anyway
	p.mu.Unlock()
	version := p.accept(ds, nil)
	st, err := p.live.Full(ds, version)
	if err != nil {
		return diags, err
	}
	p.logStats("全部生成 full build", st)
	return diags, nil // the open data follows in Settle: pages first (12 s sooner at 10,000 projects)
}

// Rebuild re-checks the data when data/ changed and shows the changed projects' own pages at
// once (site.Live.Quick). A change to any other data file (bodies, providers, catalogue,
// budgets, site) or to layouts touches pages of many projects: it waits for Settle.
func (p *preview) Rebuild(ctx context.Context, changed []string) (diag.List, error) {
	var data, sources []string
	everything := false
	for _, c := range changed {
		switch {
		case c == "*":
			everything = true
		case p.loader.Affects(c):
			data = append(data, c)
		case strings.HasPrefix(c, filepath.Join(p.root, "static")+string(filepath.Separator)):
			// served as it is from static/, nothing to render
		default:
			sources = append(sources, c)
		}
	}
	old, _ := p.current()
	if everything || old == nil {
		return p.Build(ctx)
	}
	ds := old
	var diags diag.List
	var projects []string
	var checked time.Duration
	start, cpu := time.Now(), processCPU()
	if len(data) > 0 {
		t := time.Now()
		ds, diags = p.check(data)
		checked = time.Since(t)
		if diags.Errors() > 0 {
			return diags, nil
		}
		for _, c := range data {
			rel, _ := filepath.Rel(p.root, c)
			rel = filepath.ToSlash(rel)
			if !strings.HasPrefix(rel, "data/projects/") {
				continue // Settle renders what it affects
			}
			// The project that was in the file and the one that is now (an id may change).
			for _, d := range []*records.Dataset{old, ds} {
				for _, pr := range d.Projects {
					if pr.File == rel {
						projects = append(projects, pr.ID)
					}
				}
			}
		}
	}
	version := p.accept(ds, sources)
	if len(projects) == 0 || ds.AsOf != old.AsOf {
		return diags, nil // nothing Quick can show right: Settle does it all
	}
	st, err := p.live.Quick(ds, version, projects)
	if err != nil {
		return diags, err
	}
	p.logStats("快速预览 quick", st)
	// The processor time says what the step costs whatever else the machine is doing.
	fmt.Fprintf(p.log, "  检查 check %v, 写出 publish %v; 共 total %v, 进程 CPU %v\n", checked.Round(time.Millisecond),
		st.Publish.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), (processCPU() - cpu).Round(time.Millisecond))
	return diags, nil
}

// Settle brings the whole site up to date with the current dataset: overview pages and the
// open data. It runs in the background while Rebuild shows further edits.
func (p *preview) Settle(ctx context.Context) (bool, error) {
	p.big.Lock()
	defer p.big.Unlock()
	p.mu.Lock()
	ds, version, sources := p.ds, p.version, p.sources
	p.sources = nil
	p.mu.Unlock()
	if ds == nil {
		return false, nil
	}
	st, err := p.live.Settle(ds, version, sources)
	if err != nil {
		return false, err
	}
	changed := st.Changed+st.Sources > 0 || st.Full
	if changed {
		p.logStats("汇总 settle", st)
	}
	if !changed && p.exported == version {
		return false, nil
	}
	if err := p.export(ds); err != nil {
		return true, err
	}
	p.exported = version
	return true, nil
}

func (p *preview) export(ds *records.Dataset) error {
	t := time.Now()
	err := export.Write(ds, p.live.Dir(), export.Options{BaseURL: "/"})
	fmt.Fprintf(p.log, "  开放数据 open data %v\n", time.Since(t).Round(time.Millisecond))
	return err
}

func (p *preview) logStats(what string, st site.LiveStats) {
	fmt.Fprintf(p.log, "  %s: %d 个页面文件 content files, %d 个模板等 sources, 写出 %d 页 pages written, 生成 generate %v, Hugo %v\n",
		what, st.Changed, st.Sources, st.Written, st.Generate.Round(time.Millisecond), st.Hugo.Round(time.Millisecond))
}
