package perf

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/site"
)

// The baseline is the yardstick of the speed bar: the very pages the site generates, written as
// plain content files on disk, rendered by the same hugolib with the same layouts and config and
// nothing else — no YAML, no rules, no open data, no in-memory layer.

// memRoot is the site package's in-memory prefix, replaced by real folders in the baseline.
const memRoot = "/__gongkai"

// WriteBaseline writes the content files of ds (site.Pages, judged as of ds.AsOf) under
// src/content, and src/hugo.toml: the site's own configuration pointed at those files.
// root is the site root holding layouts/.
func WriteBaseline(root string, ds *records.Dataset, src string) (files int, err error) {
	src, err = filepath.Abs(src)
	if err != nil {
		return 0, err
	}
	if err := os.RemoveAll(src); err != nil {
		return 0, err
	}
	r, err := site.New(root, site.Options{})
	if err != nil {
		return 0, err
	}
	content := filepath.Join(src, "content")
	for _, d := range []string{content, filepath.Join(src, "empty"), filepath.Join(src, "resources")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return 0, err
		}
	}
	pages := site.Pages(ds)
	dirs := map[string]bool{}
	for _, f := range pages {
		if f.Static {
			continue // published as is by the build (the search index): no page, no Hugo work
		}
		p := filepath.Join(content, filepath.FromSlash(f.Path))
		if d := filepath.Dir(p); !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return 0, err
			}
			dirs[d] = true
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return 0, err
		}
	}
	cfg := r.Config(ds, content)
	// The site keeps its empty data mount and resources in memory; on disk they need real
	// folders, or Hugo silently falls back to parsing data/ (see hugo-notes.md).
	cfg = strings.ReplaceAll(cfg, memRoot+"/empty", filepath.Join(src, "empty"))
	cfg = strings.ReplaceAll(cfg, memRoot+"/resources", filepath.Join(src, "resources"))
	if strings.Contains(cfg, memRoot) {
		return 0, fmt.Errorf("perf: the site config refers to %s in a way the baseline does not mirror", memRoot)
	}
	return len(pages), os.WriteFile(filepath.Join(src, "hugo.toml"), []byte(cfg), 0o644)
}

// BuildBaseline renders src (from WriteBaseline) with root as Hugo's working dir into out,
// reading everything from disk. It returns the number of HTML files written. With metrics,
// Hugo's per-template timings are printed to stdout (the profile of the layouts).
func BuildBaseline(root, src, out string, metrics bool, stdout, stderr io.Writer) (int, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return 0, err
	}
	src, _ = filepath.Abs(src)
	out, _ = filepath.Abs(out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	osfs := afero.NewOsFs() // Hugo creates its cache dirs through the source fs
	flags := config.New()
	flags.Set("workingDir", root)
	flags.Set("publishDir", "/")
	flags.Set("noBuildLock", true)
	flags.Set("cacheDir", filepath.Join(src, "cache"))
	level := logg.LevelWarn
	if metrics {
		flags.Set("templateMetrics", true)
		flags.Set("templateMetricsHints", true)
		level = logg.LevelInfo
	}
	logger := loggers.New(loggers.Options{Level: level, StdOut: stdout, StdErr: stderr})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs: osfs, Flags: flags, Filename: filepath.Join(src, "hugo.toml"), Environment: "production", Logger: logger,
	})
	if err != nil {
		return 0, err
	}
	dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out)}
	fs := hugofs.NewFromSourceAndDestination(osfs, dest, configs.LoadingInfo.Cfg)
	h, err := hugolib.NewHugoSites(deps.DepsCfg{Fs: fs, Configs: configs, StdOut: stdout, StdErr: stderr, LogLevel: level, TestLogger: logger})
	if err != nil {
		return 0, err
	}
	defer h.Close()
	if err := h.Build(hugolib.BuildCfg{}); err != nil {
		return 0, err
	}
	return int(dest.pages.Load()), nil
}

// countFs counts the HTML files Hugo creates.
type countFs struct {
	afero.Fs
	pages atomic.Int64
}

func (c *countFs) Create(name string) (afero.File, error) {
	if strings.HasSuffix(name, ".html") {
		c.pages.Add(1)
	}
	return c.Fs.Create(name)
}

func (c *countFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_CREATE != 0 && strings.HasSuffix(name, ".html") {
		c.pages.Add(1)
	}
	return c.Fs.OpenFile(name, flag, perm)
}
