// Package deploy copies a built site to where it is served — an S3-compatible bucket or any other
// rclone remote, or a web server over ssh with rsync — for sites too large for GitHub Pages.
//
// Only files whose content changed are copied: every build writes fresh modification times (and
// the render cache's hard-linked pages keep old ones), so both tools compare checksums, never
// times. The upload runs in passes so that a visitor never follows a link to a file that is not
// there yet: first everything that pages point at (stylesheets, scripts, attachments, open data),
// then the pages, then the feeds and sitemaps that point at pages, and only when all of that has
// succeeded, the deletion of files the site no longer has. A failed pass stops the deploy before
// anything is deleted.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Tool is the program that does the copying.
type Tool string

const (
	// Rclone reaches S3-compatible buckets and every other rclone remote ("remote:bucket/path"),
	// configured by rclone.conf or RCLONE_CONFIG_* variables.
	Rclone Tool = "rclone"
	// Rsync reaches a server over ssh ("user@host:/var/www/site"); RSYNC_RSH sets the ssh command.
	Rsync Tool = "rsync"
)

// Options say what to copy where.
type Options struct {
	Tool   Tool
	From   string // the built site, a folder
	To     string // the destination as the tool writes it
	DryRun bool   // let the tool list what it would do, change nothing
}

// A Step is one run of the tool.
type Step struct {
	Title string   // what the pass copies, Chinese / English
	Argv  []string // the command, program first
}

// String is the step's command as a shell would take it, so a printed command can be pasted.
func (s Step) String() string {
	q := make([]string, len(s.Argv))
	for i, a := range s.Argv {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

// pass is one upload pass, by file name: rsync and rclone both read these patterns as "a file of
// this name in any folder".
type pass struct {
	title   string
	include []string // only these; none: every file not excluded
	exclude []string
}

// passes are the upload passes in order; every file of a site falls in exactly one.
var passes = []pass{
	{title: "资源和数据文件 assets, attachments and open data", exclude: []string{"*.html", "*.xml"}},
	{title: "页面 pages", include: []string{"*.html"}},
	{title: "订阅源和站点地图 feeds and sitemaps", include: []string{"*.xml"}},
}

const deleteTitle = "删除网站已不再有的文件 delete what the site no longer has"

// Plan returns the commands a deploy runs, in order: the upload passes, then the deletions.
func Plan(o Options) ([]Step, error) {
	if o.From == "" || o.To == "" {
		return nil, errors.New("需要 --from 和 --to / both --from and --to are required")
	}
	src := strings.TrimSuffix(o.From, string(filepath.Separator)) + string(filepath.Separator)
	var steps []Step
	switch o.Tool {
	case Rsync:
		// -r recurse, -l symlinks as symlinks, -c compare by checksum. No -t: the server's file
		// times then say when the content last changed, and unchanged files are left untouched.
		// --delay-updates moves a pass's files into place together at its end.
		base := []string{"rsync", "-rlc", "--chmod=D755,F644", "--delay-updates", "--itemize-changes"}
		if o.DryRun {
			base = append(base, "--dry-run")
		}
		for _, p := range passes {
			argv := append([]string{}, base...)
			for _, e := range p.exclude {
				argv = append(argv, "--exclude="+e)
			}
			if len(p.include) > 0 {
				argv = append(argv, "--include=*/") // descend into every folder
				for _, in := range p.include {
					argv = append(argv, "--include="+in)
				}
				argv = append(argv, "--exclude=*")
			}
			steps = append(steps, Step{p.title, append(argv, src, o.To)})
		}
		// Deletions only: --existing copies no new file, --ignore-existing no changed one.
		del := append(append([]string{}, base...), "--existing", "--ignore-existing", "--delete-after", src, o.To)
		steps = append(steps, Step{deleteTitle, del})
	case Rclone:
		// --checksum: equal size and hash mean equal (S3 keeps the MD5), whatever the times say;
		// with it rclone also leaves the times of unchanged files alone. -v lists every file.
		base := []string{"--checksum", "-v"}
		if o.DryRun {
			base = append(base, "--dry-run")
		}
		for _, p := range passes {
			argv := append([]string{"rclone", "copy"}, base...)
			for _, e := range p.exclude {
				argv = append(argv, "--exclude", e)
			}
			for _, in := range p.include {
				argv = append(argv, "--include", in)
			}
			steps = append(steps, Step{p.title, append(argv, src, o.To)})
		}
		// Deletions only: after the copies no file is missing, and --ignore-existing skips every
		// file the destination has without hashing it again; sync deletes what the source lacks.
		del := []string{"rclone", "sync", "--ignore-existing", "-v"}
		if o.DryRun {
			del = append(del, "--dry-run")
		}
		del = append(del, "--delete-after", src, o.To)
		steps = append(steps, Step{deleteTitle, del})
	default:
		return nil, fmt.Errorf("未知的工具 %q，可用 rclone 或 rsync / unknown tool %q: rclone or rsync", o.Tool, o.Tool)
	}
	return steps, nil
}

// CheckSite refuses a folder that is not a whole built site: deploying an empty folder or one
// shard of a sharded build would delete most of the published site.
func CheckSite(dir string) error {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return fmt.Errorf("%s 不是文件夹（先运行 generator build）/ %s is not a folder (run generator build first)", dir, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gongkai-shard.json")); err == nil {
		return fmt.Errorf("%s 只是分片构建的一部分，先用 generator assemble 合并 / %s is one shard of a sharded build: run generator assemble first", dir, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("%s 中没有 index.html，不是生成的网站 / %s has no index.html: not a built site", dir, dir)
	}
	return nil
}

// Run checks the site, then runs the plan's steps one after another, printing each command
// before it runs; the tool's own output goes to stdout and stderr. It stops at the first step
// that fails, so nothing is deleted after a failed upload.
func Run(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	if err := CheckSite(o.From); err != nil {
		return err
	}
	if inside(o.To, o.From) {
		return fmt.Errorf("目标 %s 在 %s 之内 / the destination %s is inside the site %s", o.To, o.From, o.To, o.From)
	}
	steps, err := Plan(o)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath(steps[0].Argv[0]); err != nil {
		return fmt.Errorf("找不到 %s，请先安装（Debian/Ubuntu：apt-get install %s）/ %s not found: install it first", o.Tool, o.Tool, o.Tool)
	}
	for i, s := range steps {
		fmt.Fprintf(stdout, "# %d/%d %s\n+ %s\n", i+1, len(steps), s.Title, s)
		cmd := exec.CommandContext(ctx, s.Argv[0], s.Argv[1:]...)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("第 %d 步失败，其后的步骤（包括删除）未运行 / step %d failed, the steps after it (deletions included) did not run: %s: %w", i+1, i+1, s.Argv[0], err)
		}
	}
	return nil
}

// inside says whether the destination is a local folder that is the site or in it: the copy
// would copy itself. A destination with a colon before any slash is a remote ("s3:bucket",
// "host:/path"), as both tools read it.
func inside(to, from string) bool {
	if i := strings.IndexByte(to, ':'); i >= 0 && !strings.ContainsRune(to[:i], '/') && !filepath.IsAbs(to) {
		return false
	}
	t, err1 := filepath.Abs(to)
	f, err2 := filepath.Abs(from)
	if err1 != nil || err2 != nil {
		return false
	}
	return t == f || strings.HasPrefix(t, f+string(filepath.Separator))
}

// shellQuote leaves plain words alone and single-quotes the rest.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
