package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// cacheVersion names the generator for the render cache: pages rendered by another generator
// may differ, so its manifest is not used. version() will not do: it carries the commit, and a
// commit that changes only data/ must not throw the cache away (CI builds every merge from a
// new commit), while two builds with different uncommitted edits share one. So when the
// generator is run from the source in the site root (`go run ./generator build`, as in CI), it
// is named by the hash of that source; otherwise (an installed binary) by its build
// information and, for a binary built from a modified tree, the executable's size and time.
func cacheVersion(root string) string {
	h := sha256.New()
	bi, ok := debug.ReadBuildInfo()
	if ok {
		fmt.Fprintf(h, "%s %s %s\n", bi.GoVersion, bi.Main.Path, bi.Main.Version)
		for _, d := range bi.Deps {
			fmt.Fprintf(h, "%s %s %s\n", d.Path, d.Version, d.Sum)
		}
	}
	var exe os.FileInfo
	if p, err := os.Executable(); err == nil {
		exe, _ = os.Stat(p)
	}
	if exe != nil {
		// The same source makes a binary of the same size whatever the commit: a cheap check
		// that this binary was built from the source found in root.
		fmt.Fprintln(h, exe.Size())
	}
	if src, ok := ownSource(root, bi); ok {
		h.Write([]byte(src))
		return hex.EncodeToString(h.Sum(nil))
	}
	fmt.Fprintln(h, version())
	if strings.Contains(version(), "modified") && exe != nil {
		fmt.Fprintln(h, exe.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ownSource hashes go.mod, go.sum and the generator's Go files (tests aside) when root is the
// module this program was built from.
func ownSource(root string, bi *debug.BuildInfo) (string, bool) {
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if bi == nil || err != nil || !strings.HasPrefix(string(mod), "module "+bi.Main.Path+"\n") {
		return "", false
	}
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		b, _ := os.ReadFile(filepath.Join(root, f))
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	err = filepath.WalkDir(filepath.Join(root, "generator"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\n", filepath.ToSlash(rel))
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		return "", false
	}
	return hex.EncodeToString(h.Sum(nil)), true
}
