package site

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

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

// Facets are the filters of every notice list: /notices/<kind>/<facet>/<value>/.
var Facets = []string{"year", "body", "category", "method"}

// siteParams are what every page's header and footer show of the publisher: Hugo site
// parameters, so that a page needs no other page (not even the home page) to be rendered.
type siteParams struct {
	Publisher, Phone, Address, License, LicenseURL string
}

func paramsOf(s *records.Site) siteParams {
	if s == nil {
		return siteParams{}
	}
	return siteParams{Publisher: s.Publisher, Phone: s.Contact.Phone, Address: s.Contact.Address,
		License: s.License, LicenseURL: s.LicenseURL}
}

// hugoConfig is the site configuration. It lives in code, not in a hugo.toml, because the
// mounts, parameters and base URL follow from the data; layouts, i18n and assets stay standard
// Hugo folders a department can override. A shard (see shard.go) renders regular pages only:
// no home, section or 404 page, and none of the hand-written content.
func hugoConfig(root, baseURL, title, contentDir string, params siteParams, shard bool) string {
	var b strings.Builder
	q := tomlString
	fmt.Fprintf(&b, "baseURL = %s\n", q(baseURL))
	fmt.Fprintf(&b, "title = %s\n", q(title))
	if shard {
		b.WriteString(`disableKinds = ["home", "section", "taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]` + "\n")
	} else {
		// The sitemap is written from what all shards rendered (sitemap.go).
		b.WriteString(`disableKinds = ["taxonomy", "term", "rss", "sitemap"]` + "\n")
	}
	b.WriteString(`defaultContentLanguage = "zh-cn"
defaultContentLanguageInSubdir = false
disableDefaultLanguageRedirect = true
disablePathToLower = true
enableRobotsTXT = false
enableGitInfo = false
buildFuture = true
buildExpired = true
timeout = "300s"
resourceDir = "/__gongkai/resources"
[taxonomies]
[markup.goldmark.renderer]
unsafe = false
[outputs]
home = ["html"]
section = ["html"]
page = ["html"]
[params]
`)
	fmt.Fprintf(&b, "publisher = %s\nphone = %s\naddress = %s\nlicense = %s\nlicenseurl = %s\n",
		q(params.Publisher), q(params.Phone), q(params.Address), q(params.License), q(params.LicenseURL))
	b.WriteString(`[languages.zh-cn]
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
		if c == "content" && shard {
			continue
		}
		if dirExists(filepath.Join(root, c)) {
			mount(c, c, "")
		}
	}
	mount(genRoot+"/empty", "data", "")
	return b.String()
}

// tomlString quotes s as a TOML basic string. (Go's %q is not TOML: it writes \x escapes.)
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// templateMetrics makes Hugo print per-template timings to Options.Stdout (profiling aid).
var templateMetrics = false

// hugoBuild renders the generated pages in mem over root into dest with a fresh HugoSites.
func hugoBuild(root string, mem afero.Fs, dest *countFs, stdout, stderr io.Writer) error {
	src := overlayfs.New(overlayfs.Options{Fss: []afero.Fs{mem, afero.NewReadOnlyFs(afero.NewOsFs())}, FirstWritable: true})

	flags := config.New()
	flags.Set("workingDir", root)
	flags.Set("publishDir", "/")
	flags.Set("noBuildLock", true)
	flags.Set("cacheDir", filepath.Join(genRoot, "cache"))
	if templateMetrics {
		flags.Set("templateMetrics", true)
	}
	level := logg.LevelWarn
	if os.Getenv("GONGKAI_HUGO_INFO") != "" { // Hugo's own step timings, for profiling
		level, stdout, stderr = logg.LevelInfo, os.Stderr, os.Stderr
	}
	logger := loggers.New(loggers.Options{Level: level, StdOut: stdout, StdErr: stderr})

	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          src,
		Flags:       flags,
		Filename:    genRoot + "/hugo.toml",
		Environment: "production",
		Logger:      logger,
	})
	if err != nil {
		return err
	}
	fs := hugofs.NewFromSourceAndDestination(src, dest, configs.LoadingInfo.Cfg)
	h, err := hugolib.NewHugoSites(deps.DepsCfg{Fs: fs, Configs: configs, StdOut: stdout, StdErr: stderr, LogLevel: level})
	if err != nil {
		return err
	}
	defer h.Close()
	return h.Build(hugolib.BuildCfg{})
}

// countFs counts the distinct HTML pages Hugo writes, for the build summary (Hugo may open a
// file more than once).
type countFs struct {
	afero.Fs
	pages sync.Map
	all   sync.Map // every file created, as /slash/path
	// replace removes a file before creating it: the render cache fills the folder with hard
	// links to the published site, which must not be written through.
	replace bool
}

func (c *countFs) note(name string) {
	if strings.HasSuffix(name, ".html") {
		c.pages.Store(name, struct{}{})
	}
	c.all.Store("/"+strings.TrimPrefix(filepath.ToSlash(name), "/"), struct{}{})
	if c.replace {
		c.Fs.Remove(name) // absent is fine
	}
}

// written are every file created, sorted.
func (c *countFs) written() []string {
	var out []string
	c.all.Range(func(k, _ any) bool { out = append(out, k.(string)); return true })
	slices.Sort(out)
	return out
}

func (c *countFs) count() int {
	n := 0
	c.pages.Range(func(any, any) bool { n++; return true })
	return n
}

// names are the HTML files written, in no particular order.
func (c *countFs) names() []string {
	var out []string
	c.pages.Range(func(k, _ any) bool { out = append(out, k.(string)); return true })
	return out
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
