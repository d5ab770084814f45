package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/gongkai/gongkai/generator/deploy"
)

func init() {
	register(command{
		name:    "deploy",
		summary: "把 public/ 中变化的文件上传到存储桶或服务器 / copy what changed in public/ to a bucket (rclone) or server (rsync)",
		run:     runDeploy,
	})
}

func runDeploy(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "站点根目录 / site root")
	from := fs.String("from", "", "要发布的网站（默认 <root>/public）/ the built site (default <root>/public)")
	to := fs.String("to", "", "目标：rclone 的 remote:bucket/path，rsync 的 user@host:/path，或本地文件夹 / destination (required)")
	tool := fs.String("tool", "rclone", "rclone | rsync")
	dry := fs.Bool("dry-run", false, "只列出会上传和删除的文件，不做改动 / list what would be copied and deleted, change nothing")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法 usage: generator deploy --to DEST [--tool rclone|rsync] [--dry-run] [--from DIR | --root DIR]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if *tool != string(deploy.Rclone) && *tool != string(deploy.Rsync) {
		fmt.Fprintf(stderr, "未知的工具 %q，可用 rclone 或 rsync / unknown --tool %q: rclone or rsync\n", *tool, *tool)
		return 2
	}
	if *from == "" {
		if code := rootMissing(*root, stderr); code != 0 {
			return code
		}
		*from = filepath.Join(*root, "public")
	}
	// Ctrl-C stops the tool, and with it every later step: the deletions come last.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	o := deploy.Options{Tool: deploy.Tool(*tool), From: *from, To: *to, DryRun: *dry}
	if err := deploy.Run(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "发布失败 deploy failed: %v\n", err)
		return 1
	}
	if *dry {
		fmt.Fprintln(stdout, "试运行，未做任何改动 / dry run: nothing was changed")
	}
	return 0
}
