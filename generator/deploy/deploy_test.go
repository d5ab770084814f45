package deploy

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// needTool skips without the program, except in CI (CI is set), where .ci/run installs it.
func needTool(t *testing.T, tool Tool) {
	t.Helper()
	if _, err := exec.LookPath(string(tool)); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found and CI is set: the deploy tests must run in CI (see .ci/run)", tool)
		}
		t.Skipf("%s not installed (Debian: apt-get install %s)", tool, tool)
	}
}

// writeSite writes files into a fresh dir the way a build does: every file new, with a fresh
// modification time, whether its content changed or not.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fileState is what a copy would change: the file itself (inode), its time and its bytes.
type fileState struct {
	info fs.FileInfo
	body string
}

func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = fileState{info, string(body)}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// touched lists the files of after that are new or not the very same file as in before.
func touched(before, after map[string]fileState) []string {
	var out []string
	for name, a := range after {
		b, ok := before[name]
		if !ok || !os.SameFile(a.info, b.info) || !a.info.ModTime().Equal(b.info.ModTime()) || a.body != b.body {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func contents(s map[string]fileState) map[string]string {
	out := map[string]string{}
	for name, f := range s {
		out[name] = f.body
	}
	return out
}

func sameTree(t *testing.T, what string, src, dst string) {
	t.Helper()
	a, b := contents(snapshot(t, src)), contents(snapshot(t, dst))
	for name, body := range a {
		if got, ok := b[name]; !ok {
			t.Errorf("%s: %s missing at the destination", what, name)
		} else if got != body {
			t.Errorf("%s: %s differs at the destination", what, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: %s at the destination, not in the site", what, name)
		}
	}
}

// A small site with one file of every kind the passes tell apart.
func firstSite() map[string]string {
	return map[string]string{
		"index.html":                `<a href="/projects/a/">a</a> <a href="/projects/b/">b</a>`,
		"projects/a/index.html":     `<link href="/css/site.1.css">project a`,
		"projects/b/index.html":     `<link href="/css/site.1.css">project b`,
		"projects/c/index.html":     `<link href="/css/site.1.css">project c`,
		"css/site.1.css":            `body{color:black}`,
		"data/ocds/releases/a.json": `{"id":"a"}`,
		"data/feeds/all.xml":        `<feed><link href="/projects/a/"/></feed>`,
		"sitemap.xml":               `<urlset/>`,
		"robots.txt":                "Sitemap: /sitemap.xml\n",
		"attachments/a/doc.pdf":     "%PDF-1.4 a",
	}
}

// TestDeploy deploys to a local folder with the real rsync and rclone: the first deploy copies
// everything, a dry run changes nothing, the second copies exactly the changed and new files —
// the stylesheet before the page that uses it — and deletes the removed page last.
func TestDeploy(t *testing.T) {
	for _, tool := range []Tool{Rsync, Rclone} {
		t.Run(string(tool), func(t *testing.T) {
			needTool(t, tool)
			tmp := t.TempDir()
			src, dst := filepath.Join(tmp, "public"), filepath.Join(tmp, "www")
			site := firstSite()
			writeSite(t, src, site)
			deploy := func(dry bool) string {
				t.Helper()
				var out bytes.Buffer
				err := Run(context.Background(), Options{Tool: tool, From: src, To: dst, DryRun: dry}, &out, &out)
				if err != nil {
					t.Fatalf("deploy: %v\n%s", err, out.String())
				}
				return out.String()
			}

			deploy(false)
			sameTree(t, "first deploy", src, dst)

			// The next build: a new stylesheet, one page changed to use it, one page gone,
			// everything else the same bytes in new files with new times.
			time.Sleep(20 * time.Millisecond) // a later time than the first files, on any filesystem
			site["css/site.2.css"] = `body{color:navy}`
			site["projects/b/index.html"] = `<link href="/css/site.2.css">project b, changed`
			delete(site, "projects/c/index.html")
			writeSite(t, src, site)
			before := snapshot(t, dst)

			out := deploy(true)
			if got := touched(before, snapshot(t, dst)); len(got) > 0 || len(snapshot(t, dst)) != len(before) {
				t.Errorf("the dry run changed %v", got)
			}
			for _, name := range []string{"projects/b/index.html", "css/site.2.css", "projects/c/index.html"} {
				if !strings.Contains(out, name) {
					t.Errorf("the dry run does not list %s:\n%s", name, out)
				}
			}
			if strings.Contains(out, "projects/a/index.html") {
				t.Errorf("the dry run lists the unchanged projects/a/index.html:\n%s", out)
			}

			out = deploy(false)
			after := snapshot(t, dst)
			if got, want := touched(before, after), []string{"css/site.2.css", "projects/b/index.html"}; !slices.Equal(got, want) {
				t.Errorf("the second deploy wrote %v, want exactly %v\n%s", got, want, out)
			}
			if _, ok := after["projects/c/index.html"]; ok {
				t.Error("the removed page is still at the destination")
			}
			sameTree(t, "second deploy", src, dst)
			// The order the tool reported: the stylesheet, then the page using it, the deletion last.
			css, page, gone := strings.Index(out, "css/site.2.css"), strings.Index(out, "projects/b/index.html"), strings.Index(out, "projects/c/index.html")
			if css < 0 || page < 0 || gone < 0 || !(css < page && page < gone) {
				t.Errorf("order of the second deploy: stylesheet at %d, page at %d, deletion at %d; want them in that order\n%s", css, page, gone, out)
			}
		})
	}
}

// TestPlan: every command compares checksums, the passes come assets → pages → feeds, and the
// deletions come last and only there.
func TestPlan(t *testing.T) {
	for _, tool := range []Tool{Rsync, Rclone} {
		for _, dry := range []bool{false, true} {
			steps, err := Plan(Options{Tool: tool, From: "public", To: "dest:site", DryRun: dry})
			if err != nil {
				t.Fatal(err)
			}
			if len(steps) != len(passes)+1 {
				t.Fatalf("%s: %d steps, want %d", tool, len(steps), len(passes)+1)
			}
			for i, s := range steps {
				cmd := s.String()
				if s.Argv[0] != string(tool) {
					t.Errorf("%s step %d runs %s", tool, i+1, s.Argv[0])
				}
				last := i == len(steps)-1
				// The uploads compare checksums; the deletions copy nothing, so compare nothing.
				if compares := slices.Contains(s.Argv, "-rlc") && !slices.Contains(s.Argv, "--ignore-existing") || slices.Contains(s.Argv, "--checksum"); compares == last {
					t.Errorf("%s step %d: compares checksums %v, want every upload to and the deletions not to: %s", tool, i+1, compares, cmd)
				}
				if slices.Contains(s.Argv, "--dry-run") != dry {
					t.Errorf("%s step %d: dry run %v: %s", tool, i+1, dry, cmd)
				}
				deletes := strings.Contains(cmd, "--delete") || slices.Contains(s.Argv, "sync")
				if deletes != last {
					t.Errorf("%s step %d deletes = %v, want only the last step to: %s", tool, i+1, deletes, cmd)
				}
				if got := s.Argv[len(s.Argv)-2:]; got[0] != "public/" || got[1] != "dest:site" {
					t.Errorf("%s step %d copies %v, want the folder's contents to dest:site", tool, i+1, got)
				}
			}
			for i, want := range []string{"*.html", "*.html", "*.xml"} {
				if !slices.ContainsFunc(steps[i].Argv, func(a string) bool { return a == want || a == "--include="+want || a == "--exclude="+want }) {
					t.Errorf("%s pass %d does not filter %s: %s", tool, i+1, want, steps[i])
				}
			}
		}
	}
	if _, err := Plan(Options{Tool: "scp", From: "a", To: "b"}); err == nil {
		t.Error("Plan accepted the tool scp")
	}
}

// TestRefusesPartialSites: an empty folder or one shard would delete most of the served site.
func TestRefusesPartialSites(t *testing.T) {
	tmp := t.TempDir()
	empty := filepath.Join(tmp, "empty")
	os.Mkdir(empty, 0o755)
	shard := filepath.Join(tmp, "public-shard-2-of-3")
	writeSite(t, shard, map[string]string{"index.html": "x", ".gongkai-shard.json": "{}"})
	for dir, want := range map[string]string{empty: "index.html", shard: "assemble", filepath.Join(tmp, "none"): "generator build"} {
		err := Run(context.Background(), Options{Tool: Rsync, From: dir, To: filepath.Join(tmp, "www")}, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("deploy from %s: %v, want an error naming %s", dir, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "www")); err == nil {
		t.Error("a refused deploy created the destination")
	}
	site := filepath.Join(tmp, "public")
	writeSite(t, site, firstSite())
	for _, to := range []string{site, site + "/", filepath.Join(site, "www")} {
		err := Run(context.Background(), Options{Tool: Rsync, From: site, To: to}, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "inside") {
			t.Errorf("deploy of %s to %s: %v, want it refused", site, to, err)
		}
	}
	for _, to := range []string{"s3:bucket/site", "deploy@host:/var/www", filepath.Join(tmp, "public-www")} {
		if inside(to, site) {
			t.Errorf("%s is taken for a folder inside %s", to, site)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"--include=*.html": "'--include=*.html'",
		"s3:bucket/site":   "s3:bucket/site",
		"it's":             `'it'\''s'`,
		"":                 "''",
		"/tmp/a b":         "'/tmp/a b'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
