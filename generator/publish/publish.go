// Package publish replaces a published directory atomically: the new tree is built in a fresh
// directory beside the old one and swapped in with renames, so an interrupted or failed build
// leaves the last good site complete.
package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Dir fills a fresh staging directory beside dir with fill, then swaps it in place of dir. When
// fill fails, the staging directory is removed and dir is left exactly as it was.
func Dir(dir string, fill func(staging string) error) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	removeLeftovers(parent, base)
	// Staging lives in the same folder so the final rename never crosses filesystems.
	staging, err := os.MkdirTemp(parent, base+".tmp-")
	if err != nil {
		return err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		os.RemoveAll(staging)
		return err
	}
	if err := fill(staging); err != nil {
		os.RemoveAll(staging)
		return err
	}
	return swap(dir, staging)
}

// swap renames the old tree away, the new one in, then deletes the old. Between the two renames
// dir is briefly absent (POSIX has no atomic exchange of non-empty directories); if the second
// rename fails, the old tree is put back.
func swap(dir, staging string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".old-")
		if err != nil {
			os.RemoveAll(staging)
			return err
		}
		os.Remove(o) // only the unique name is wanted
		if err := os.Rename(dir, o); err != nil {
			os.RemoveAll(staging)
			return fmt.Errorf("publish: %w", err)
		}
		old = o
	}
	if err := os.Rename(staging, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		os.RemoveAll(staging)
		return fmt.Errorf("publish: %w", err)
	}
	if old != "" {
		return removeTree(old)
	}
	return nil
}

// removeTree deletes a published tree. A 10,000-project site is some 160,000 files, and unlinking
// them one by one took longer than rendering them; the folders two levels down (notices/call,
// en/projects, …) are disjoint subtrees, so several are removed at once, then the rest.
func removeTree(root string) error {
	var units []string
	top, _ := os.ReadDir(root)
	for _, t := range top {
		if !t.IsDir() {
			continue
		}
		sub, _ := os.ReadDir(filepath.Join(root, t.Name()))
		for _, s := range sub {
			if s.IsDir() {
				units = append(units, filepath.Join(root, t.Name(), s.Name()))
			}
		}
	}
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range jobs {
				os.RemoveAll(d) // a failure shows in the final RemoveAll
			}
		}()
	}
	for _, u := range units {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
	return os.RemoveAll(root)
}

// removeLeftovers deletes staging and old trees that an interrupted earlier run left beside dir.
func removeLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() && (strings.HasPrefix(n, base+".tmp-") || strings.HasPrefix(n, base+".old-")) {
			removeTree(filepath.Join(parent, n))
		}
	}
}
