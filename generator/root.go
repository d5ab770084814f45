package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// rootMissing reports a --root that does not exist or is not a folder: a usage error (exit 2),
// unlike a folder that exists without data/ in it, which check reports as a problem (exit 1).
func rootMissing(root string, stderr io.Writer) int {
	st, err := os.Stat(root)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "错误：站点根目录 %s 不存在（用 --root 指定含 data/ 的文件夹）\n(error: the site root %s does not exist; point --root at the folder holding data/)\n", root, root)
		return 2
	case !st.IsDir():
		fmt.Fprintf(stderr, "错误：站点根目录 %s 不是文件夹\n(error: the site root %s is not a folder)\n", root, root)
		return 2
	}
	return 0
}

// version is what --version prints: the module version (a tag when installed with
// go install …@vX), the commit it was built from when the build recorded it, and the Hugo
// and Go versions inside.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "gongkai (unknown build)"
	}
	v := "gongkai " + bi.Main.Version
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "，有未提交的修改 modified"
			}
		}
	}
	if rev != "" {
		v += fmt.Sprintf("（提交 commit %.12s %s%s）", rev, at, dirty)
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/gohugoio/hugo" {
			v += " hugo " + d.Version
		}
	}
	return strings.TrimSpace(v + " " + bi.GoVersion)
}
