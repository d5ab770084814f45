// Package shardset describes the folder a sharded build writes (`generator build --shard K/N`) and
// puts a complete set of them together (`generator assemble`): each shard folder carries a
// manifest naming the build it belongs to and every file it holds with its size and SHA-256;
// Verify checks that the folders are one complete, untouched set, and Merge links their files
// into one tree. Neither needs the data or Hugo: the assemble step reads the shard folders only.
package shardset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// ManifestName is the manifest's file name in a shard folder; it is not part of the site.
const ManifestName = ".gongkai-shard.json"

// Format is the manifest format version; assemble refuses any other.
const Format = 1

// Manifest describes one shard folder.
type Manifest struct {
	Format int `json:"format"`
	K      int `json:"shard"` // this shard, 1…N
	N      int `json:"of"`
	Key    Key `json:"key"`
	// Files are every file of the folder but the manifest, sorted by path.
	Files []File `json:"files"`
	// Pages are the HTML pages Hugo wrote (/slash/paths) and Lastmod their last change by URL
	// without the language prefix: what the sitemap lists.
	Pages   []string          `json:"pages"`
	Lastmod map[string]string `json:"lastmod"`
}

// Key is what a build's output depends on: shards with different keys do not make one site.
type Key struct {
	Generator string `json:"generator"` // the generator's version (its source hash when run from source)
	AsOf      string `json:"asOf"`      // the build date, YYYY-MM-DD
	Data      string `json:"data"`      // SHA-256 over every file under data/ (path and bytes)
	History   string `json:"history"`   // the git history the dates were judged with, or "off"
	Site      string `json:"site"`      // SHA-256 over layouts/, i18n/, assets/, content/, archetypes/
	BaseURL   string `json:"baseURL"`
}

// File is one file of a shard folder.
type File struct {
	Path   string `json:"path"` // relative, forward slashes
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Shared files may be written by several shards, with the same bytes: the resources every
	// Hugo site writes (stylesheet, script) and attachments (two projects may link one document).
	// Pages and open data belong to exactly one shard.
	Shared bool `json:"shared,omitempty"`
}

// Describe lists every file under dir but the manifest, with its size and hash, sorted by path;
// shared says which paths (relative, forward slashes) may also be in other shards.
func Describe(dir string, shared func(path string) bool) ([]File, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel != ManifestName {
			paths = append(paths, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	files := make([]File, len(paths))
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) {
		size, sum, err := hashFile(filepath.Join(dir, filepath.FromSlash(paths[i])))
		files[i] = File{Path: paths[i], Size: size, SHA256: sum, Shared: shared(paths[i])}
		errs[i] = err
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// Write writes m as dir's manifest.
func Write(dir string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), append(b, '\n'), 0o644)
}

// read reads dir's manifest.
func read(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return m, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err = dec.Decode(&m)
	return m, err
}

// hashFile returns a regular file's size and SHA-256 (hex).
func hashFile(p string) (int64, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, "", err
	}
	if !fi.Mode().IsRegular() {
		return 0, "", fmt.Errorf("%s: not a regular file", p)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// HashTree hashes the files under root's folders dirs (absent ones count as empty): every file's
// path relative to root and its bytes, in path order.
func HashTree(root string, dirs ...string) (string, error) {
	h := sha256.New()
	for _, d := range dirs {
		// The folder may be a symbolic link (a shared theme); what is below it is walked as is.
		top, err := filepath.EvalSymlinks(filepath.Join(root, d))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		var paths []string
		err = filepath.WalkDir(top, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			paths = append(paths, p)
			return nil
		})
		if err != nil {
			return "", err
		}
		slices.Sort(paths)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return "", err
			}
			rel, _ := filepath.Rel(top, p)
			fmt.Fprintf(h, "%s/%s\x00%d\x00", d, filepath.ToSlash(rel), len(b))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// parallel runs do(0…n−1) on every CPU.
func parallel(n int, do func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// slash is a folder and a file in it as a message names them.
func slash(dir, rel string) string {
	return strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/" + rel
}
