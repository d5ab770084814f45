package site

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/bep/overlayfs"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/records"
)

// genRoot is where the generated pages and the Hugo config live in the memory layer. It is an
// absolute path outside any real site root, so nothing generated can shadow a file on disk and
// nothing is ever written next to the clerk's data.
const genRoot = "/__gongkai"

// Facets are the static filter pages of every notice list: /notices/<kind>/<facet>/<value>/.
// They are Hugo taxonomies (one per kind and facet) so Hugo paginates them and keeps them cheap.
var Facets = []string{"year", "body", "category", "method"}

// taxonomy names the Hugo taxonomy of a kind's facet, e.g. "call-year".
func taxonomy(k records.NoticeKind, facet string) string { return string(k) + "-" + facet }

// hugoConfig is the site configuration. It lives in code, not in a hugo.toml, because the
// mounts, taxonomies and base URL follow from the data; layouts, i18n and assets stay standard
// Hugo folders a department can override.
func hugoConfig(root, baseURL, title, contentDir string) string {
	var b strings.Builder
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	fmt.Fprintf(&b, "baseURL = %s\n", q(baseURL))
	fmt.Fprintf(&b, "title = %s\n", q(title))
	b.WriteString(`defaultContentLanguage = "zh-cn"
defaultContentLanguageInSubdir = false
disableDefaultLanguageRedirect = true
disablePathToLower = true
disableKinds = ["rss"]
enableRobotsTXT = false
enableGitInfo = false
buildFuture = true
buildExpired = true
timeout = "300s"
resourceDir = "/__gongkai/resources"
[pagination]
pagerSize = 30
[markup.goldmark.renderer]
unsafe = false
[outputs]
home = ["html"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]
[sitemap]
changeFreq = ""
priority = -1
[languages.zh-cn]
label = "中文"
locale = "zh-CN"
weight = 1
`)
	fmt.Fprintf(&b, "title = %s\n", q(title))
	b.WriteString(`[languages.en]
label = "English"
locale = "en"
weight = 2
`)
	fmt.Fprintf(&b, "title = %s\n", q(title))

	b.WriteString("[taxonomies]\n")
	for _, k := range records.NoticeKinds {
		for _, f := range Facets {
			fmt.Fprintf(&b, "%s = %s\n", q(taxonomy(k, f)), q(taxonomy(k, f)))
		}
	}
	for _, part := range []string{"taxonomy", "term"} {
		fmt.Fprintf(&b, "[permalinks.%s]\n", part)
		for _, k := range records.NoticeKinds {
			for _, f := range Facets {
				p := "/notices/" + string(k) + "/" + f + "/"
				if part == "term" {
					p += ":slug/"
				}
				fmt.Fprintf(&b, "%s = %s\n", q(taxonomy(k, f)), q(p))
			}
		}
	}

	// Mounts: generated pages exist in every language (the data is the same, the interface
	// differs); hand-written content keeps Hugo's per-language file names (about.en.md);
	// data/ is mounted from an empty directory so Hugo never parses the clerk's YAML.
	mount := func(src, target, langs string) {
		fmt.Fprintf(&b, "[[module.mounts]]\nsource = %s\ntarget = %s\n", q(src), q(target))
		if langs != "" {
			fmt.Fprintf(&b, "[module.mounts.sites.matrix]\nlanguages = [%s]\n", q(langs))
		}
	}
	mount(contentDir, "content", "**")
	for _, c := range []string{"content", "layouts", "i18n", "assets", "archetypes"} {
		if dirExists(filepath.Join(root, c)) {
			mount(c, c, "")
		}
	}
	mount(genRoot+"/empty", "data", "")
	return b.String()
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// templateMetrics makes Hugo print per-template timings to Options.Stdout (profiling aid).
var templateMetrics = false

// hugoBuild renders the generated pages in mem over root into out with a fresh HugoSites.
func hugoBuild(root string, mem afero.Fs, out string, stdout, stderr io.Writer) (written int, err error) {
	src := overlayfs.New(overlayfs.Options{Fss: []afero.Fs{mem, afero.NewReadOnlyFs(afero.NewOsFs())}, FirstWritable: true})

	flags := config.New()
	flags.Set("workingDir", root)
	flags.Set("publishDir", "/")
	flags.Set("noBuildLock", true)
	flags.Set("cacheDir", filepath.Join(genRoot, "cache"))
	if templateMetrics {
		flags.Set("templateMetrics", true)
	}
	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: stdout, StdErr: stderr})

	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          src,
		Flags:       flags,
		Filename:    genRoot + "/hugo.toml",
		Environment: "production",
		Logger:      logger,
	})
	if err != nil {
		return 0, err
	}
	dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out)}
	fs := hugofs.NewFromSourceAndDestination(src, dest, configs.LoadingInfo.Cfg)
	h, err := hugolib.NewHugoSites(deps.DepsCfg{Fs: fs, Configs: configs, StdOut: stdout, StdErr: stderr, TestLogger: nil, LogLevel: logg.LevelWarn})
	if err != nil {
		return 0, err
	}
	defer h.Close()
	if err := h.Build(hugolib.BuildCfg{}); err != nil {
		return 0, err
	}
	return dest.count(), nil
}

// countFs counts the distinct HTML pages Hugo writes, for the build summary (Hugo may open a
// file more than once).
type countFs struct {
	afero.Fs
	pages sync.Map
}

func (c *countFs) note(name string) {
	if strings.HasSuffix(name, ".html") {
		c.pages.Store(name, struct{}{})
	}
}

func (c *countFs) count() int {
	n := 0
	c.pages.Range(func(any, any) bool { n++; return true })
	return n
}

func (c *countFs) Create(name string) (afero.File, error) {
	c.note(name)
	return c.Fs.Create(name)
}

func (c *countFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&os.O_CREATE != 0 {
		c.note(name)
	}
	return c.Fs.OpenFile(name, flag, perm)
}

// writeMem replaces the generated tree in mem with files.
func writeMem(mem afero.Fs, cfg string, files []File) error {
	if err := mem.RemoveAll(genRoot); err != nil {
		return err
	}
	for _, d := range []string{genRoot + "/empty", genRoot + "/content"} {
		if err := mem.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := afero.WriteFile(mem, genRoot+"/hugo.toml", []byte(cfg), 0o644); err != nil {
		return err
	}
	dirs := map[string]bool{}
	for _, f := range files {
		p := genRoot + "/content/" + f.Path
		d := p[:strings.LastIndexByte(p, '/')]
		if !dirs[d] {
			if err := mem.MkdirAll(d, 0o755); err != nil {
				return err
			}
			dirs[d] = true
		}
		if err := afero.WriteFile(mem, p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// sortFiles orders files by path so everything downstream is deterministic.
func sortFiles(files []File) {
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
}
