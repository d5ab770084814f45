package shardset

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
)

// Set is a verified complete set of shard folders.
type Set struct {
	Key     Key
	N       int
	Pages   []string          // every shard's HTML pages, sorted
	Lastmod map[string]string // every shard's lastmod by URL
	files   []source          // every file of the site, sorted by path, each once
}

// source is a file of the site and the shard folder it is taken from.
type source struct {
	dir string
	File
}

// Files counts the files Merge links.
func (s *Set) Files() int { return len(s.files) }

// Bytes is the size of the files Merge links.
func (s *Set) Bytes() int64 {
	var n int64
	for _, f := range s.files {
		n += f.Size
	}
	return n
}

// shard is one folder as read.
type shard struct {
	dir string
	m   Manifest
}

// Verify reads the shard folders dirs and checks that they form one complete set: every
// manifest readable and of this format, one key, each K of 1…N exactly once, every listed file
// present with its size and hash, no file unlisted, and no path in two shards (but shared files
// with the same bytes). It reports every problem at once, each at the folder or file concerned.
func Verify(dirs []string) (*Set, diag.List) {
	var diags diag.List
	var shards []shard
	for _, d := range dirs {
		m, err := read(d)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			diags.Add(diag.Pos{File: slash(d, ManifestName)}, "shard-manifest",
				"不是分片生成的目录：缺少清单（用 generator build --shard K/N 生成）",
				"not a shard folder: no manifest (made by generator build --shard K/N)")
			continue
		case err != nil:
			diags.Add(diag.Pos{File: slash(d, ManifestName)}, "shard-manifest",
				fmt.Sprintf("分片清单无法读取：%v", err), fmt.Sprintf("the shard manifest cannot be read: %v", err))
			continue
		case m.Format != Format:
			diags.Add(diag.Pos{File: slash(d, ManifestName)}, "shard-manifest",
				fmt.Sprintf("分片清单格式版本为 %d，本程序只接受 %d：用同一版本的 generator 生成全部分片", m.Format, Format),
				fmt.Sprintf("the shard manifest is format %d, this generator reads %d: build every shard with the same generator", m.Format, Format))
			continue
		case m.N < 1 || m.K < 1 || m.K > m.N:
			diags.Add(diag.Pos{File: slash(d, ManifestName)}, "shard-manifest",
				fmt.Sprintf("分片编号 %d/%d 无效", m.K, m.N), fmt.Sprintf("invalid shard number %d/%d", m.K, m.N))
			continue
		}
		shards = append(shards, shard{d, m})
	}
	if len(shards) == 0 {
		if len(dirs) == 0 {
			diags.Add(diag.Pos{File: "."}, "shard-missing", "没有给出分片目录", "no shard folders given")
		}
		return nil, diags
	}
	// The overview shard's key is the reference (the first folder's without one): every shard
	// that differs is named with the field that differs.
	ref := shards[0]
	for _, s := range shards {
		if s.m.K == 1 {
			ref = s
			break
		}
	}
	byK := map[int][]string{}
	var members []shard // the shards of the set: the first folder of each K
	for _, s := range shards {
		pos := diag.Pos{File: slash(s.dir, ManifestName)}
		if s.m.N != ref.m.N {
			diags.Add(pos, "shard-count",
				fmt.Sprintf("本分片是 %d 个分片之一，%s 是 %d 个之一：所有分片须按同一个 N 生成", s.m.N, ref.dir, ref.m.N),
				fmt.Sprintf("this shard is one of %d, %s one of %d: build every shard with the same N", s.m.N, ref.dir, ref.m.N))
			continue
		}
		for _, d := range keyDiff(s.m.Key, ref.m.Key) {
			diags.Add(pos, "shard-key",
				fmt.Sprintf("本分片与 %s 不是同一次生成：%s 为 %q，而那里为 %q", ref.dir, d.name, d.this, d.ref),
				fmt.Sprintf("this shard and %s are not from the same build: %s is %q here, %q there", ref.dir, d.name, d.this, d.ref))
		}
		if len(byK[s.m.K]) == 0 {
			members = append(members, s)
		}
		byK[s.m.K] = append(byK[s.m.K], s.dir)
	}
	for k := 1; k <= ref.m.N; k++ {
		switch ds := byK[k]; {
		case len(ds) == 0:
			diags.Add(diag.Pos{File: "."}, "shard-missing",
				fmt.Sprintf("缺少第 %d 个分片（共 %d 个）：用 generator build --shard %d/%d 生成", k, ref.m.N, k, ref.m.N),
				fmt.Sprintf("shard %d of %d is missing: build it with generator build --shard %d/%d", k, ref.m.N, k, ref.m.N))
		case len(ds) > 1:
			for _, d := range ds[1:] {
				diags.Add(diag.Pos{File: slash(d, ManifestName)}, "shard-duplicate",
					fmt.Sprintf("第 %d/%d 个分片重复给出（%s 也是）", k, ref.m.N, ds[0]),
					fmt.Sprintf("shard %d/%d is given twice (%s is too)", k, ref.m.N, ds[0]))
			}
		}
	}
	checked := map[string]bool{}
	for _, s := range shards {
		if abs, _ := filepath.Abs(s.dir); !checked[abs] { // a folder given twice is checked once
			checked[abs] = true
			diags = append(diags, checkFiles(s)...)
		}
	}
	set := &Set{Key: ref.m.Key, N: ref.m.N, Lastmod: map[string]string{}}
	owner := map[string]source{}
	for _, s := range members {
		for _, f := range s.m.Files {
			prev, seen := owner[f.Path]
			if !seen {
				owner[f.Path] = source{s.dir, f}
				set.files = append(set.files, source{s.dir, f})
				continue
			}
			if !f.Shared || !prev.Shared || f.SHA256 != prev.SHA256 {
				diags.Add(diag.Pos{File: slash(s.dir, f.Path)}, "shard-overlap",
					fmt.Sprintf("此文件也由 %s 生成：每个页面只能属于一个分片", prev.dir),
					fmt.Sprintf("this file is also written by %s: every page belongs to one shard", prev.dir))
			}
		}
		set.Pages = append(set.Pages, s.m.Pages...)
		for u, d := range s.m.Lastmod {
			set.Lastmod[u] = d
		}
	}
	if diags.Errors() > 0 {
		diags.Sort()
		return nil, diags
	}
	slices.Sort(set.Pages)
	slices.SortFunc(set.files, func(a, b source) int { return strings.Compare(a.Path, b.Path) })
	return set, nil
}

type difference struct{ name, this, ref string }

func keyDiff(a, b Key) []difference {
	var out []difference
	for _, f := range []struct{ name, a, b string }{
		{"generator", a.Generator, b.Generator}, {"as-of", a.AsOf, b.AsOf}, {"data", a.Data, b.Data},
		{"history", a.History, b.History}, {"layouts", a.Site, b.Site}, {"base-url", a.BaseURL, b.BaseURL},
	} {
		if f.a != f.b {
			out = append(out, difference{f.name, f.a, f.b})
		}
	}
	return out
}

// checkFiles compares a shard folder with its manifest: every listed file there with its size
// and hash, nothing else.
func checkFiles(s shard) diag.List {
	var diags diag.List
	listed := make(map[string]bool, len(s.m.Files))
	for _, f := range s.m.Files {
		listed[f.Path] = true
	}
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(s.dir, p)
		if rel = filepath.ToSlash(rel); rel != ManifestName && !listed[rel] {
			diags.Add(diag.Pos{File: slash(s.dir, rel)}, "shard-unlisted",
				"此文件不在分片清单中：分片生成后目录被改动了", "this file is not in the shard manifest: the folder was changed after the build")
		}
		return nil
	})
	if err != nil {
		diags.Add(diag.Pos{File: s.dir}, "shard-manifest", fmt.Sprintf("无法读取分片目录：%v", err), fmt.Sprintf("cannot read the shard folder: %v", err))
	}
	problems := make([]string, len(s.m.Files))
	parallel(len(s.m.Files), func(i int) {
		f := s.m.Files[i]
		if !local(f.Path) {
			problems[i] = "path"
			return
		}
		size, sum, err := hashFile(filepath.Join(s.dir, filepath.FromSlash(f.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems[i] = "missing"
		case err != nil:
			problems[i] = err.Error()
		case size != f.Size || sum != f.SHA256:
			problems[i] = "changed"
		}
	})
	for i, pr := range problems {
		pos := diag.Pos{File: slash(s.dir, s.m.Files[i].Path)}
		switch pr {
		case "":
		case "path":
			diags.Add(pos, "shard-manifest", "清单中的路径不在分片目录之内", "the manifest names a path outside the shard folder")
		case "missing":
			diags.Add(pos, "shard-file-missing", "清单列出的文件不存在", "a file the manifest lists is missing")
		case "changed":
			diags.Add(pos, "shard-file-changed", "文件内容与分片清单不符（大小或 SHA-256）：分片生成后被改动或传输出错",
				"the file does not match the shard manifest (size or SHA-256): changed after the build, or damaged in transfer")
		default:
			diags.Add(pos, "shard-file-missing", "无法读取清单列出的文件："+pr, "cannot read a file the manifest lists: "+pr)
		}
	}
	return diags
}

// local says whether a manifest path stays inside its folder.
func local(p string) bool {
	return p != "" && p != ManifestName && filepath.IsLocal(filepath.FromSlash(p)) && !strings.Contains(p, "\\")
}

// Merge puts every file of the set into dir (empty or absent): a hard link to the shard's file
// where the filesystem allows, a copy otherwise. It returns how many files were copied.
func (s *Set) Merge(dir string) (copied int, err error) {
	made := map[string]bool{}
	for _, f := range s.files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Path))
		if d := filepath.Dir(dst); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return copied, err
			}
			made[d] = true
		}
		src := filepath.Join(f.dir, filepath.FromSlash(f.Path))
		c, err := LinkOrCopy(src, dst)
		if err != nil {
			return copied, err
		}
		if c {
			copied++
		}
	}
	return copied, nil
}

// LinkOrCopy makes the new file dst the file src: a hard link, or a copy across filesystems
// (copied says which).
func LinkOrCopy(src, dst string) (copied bool, err error) {
	if os.Link(src, dst) == nil {
		return false, nil
	}
	return true, copyFile(src, dst)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
