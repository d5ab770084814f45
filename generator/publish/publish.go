// Package publish replaces a published directory atomically: the new tree is built in a fresh
// directory beside the old one and swapped in, so an interrupted or failed build leaves the last
// good site complete.
//
// On Linux the swap is one renameat2(RENAME_EXCHANGE): at every instant the directory is either
// the whole old tree or the whole new one. Elsewhere, or on a filesystem without the exchange,
// two renames do it, and the next run puts back an old tree that a crash between them left
// without a published directory. A lock file beside the directory keeps two builds from
// publishing to it at once.
//
// The old tree is not deleted before Dir returns: unlinking a 10,000-project site (some 160,000
// files) took longer than rendering it. It is renamed aside (dir.trash-*) and removed in the
// background (see Remove); any aside tree still there is removed again at the next Dir.
//
// DirSpare keeps the replaced tree instead (the spare): a build that changed a few files brings
// the spare up to date in place and swaps it in, which costs what changed rather than a link per
// file of the site. The published tree then becomes the spare.
package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// testHook, when set, is called before each step that changes what is published (a rename or an
// exchange) and after the last one: the crash tests stop the process there.
var testHook func(step string)

func at(step string) {
	if testHook != nil {
		testHook(step)
	}
}

// noExchange forces the two-rename swap, for the tests of that fallback.
var noExchange bool

// Dir fills a fresh staging directory beside dir with fill, then swaps it in place of dir. When
// fill fails, the staging directory is removed and dir is left exactly as it was. When another
// Dir holds dir (another build on the same root), it fails at once with an *BusyError.
func Dir(dir string, fill func(staging string) error) error {
	return DirSpare(dir, "", func(staging string, _ bool) (bool, error) { return false, fill(staging) })
}

// ErrNoSpare, returned by DirSpare's fill when it was handed the spare, says the spare cannot be
// brought up to date (it is in doubt, or the build needs a fresh tree): DirSpare removes it and
// calls fill again with a fresh folder. fill must return it before writing into the spare, or
// after undoing nothing — the spare is removed either way.
var ErrNoSpare = errors.New("publish: the spare tree is not usable")

// DirSpare is Dir keeping the tree it replaces at spare (see SpareDir) for the next build, which
// may bring it up to date in place instead of making a tree from nothing. When spare holds a
// tree, fill is first called with it (inSpare); when there is none, or fill returned
// ErrNoSpare, with a fresh folder. keep says whether the replaced tree is worth keeping (it
// differs from the new one in few files); otherwise it is removed as Dir removes it. The spare
// filled in place is swapped with dir in one exchange, so dir then holds the new tree and spare
// the old one. A fill that fails in the spare leaves dir as it was and the spare removed.
// The caller keeps a record of which build the spare holds and must trust the spare only
// through it: drop the record before the fill, write it after DirSpare returns.
func DirSpare(dir, spare string, fill func(staging string, inSpare bool) (keep bool, err error)) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if spare != "" {
		if spare, err = filepath.Abs(spare); err != nil {
			return err
		}
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, err := lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := recoverOld(dir); err != nil {
		return err
	}
	removeLeftovers(parent, base)
	if len(aside(dir)) > 0 {
		Remove(dir) // earlier builds' old trees, whose removal was cut short
	}
	if spare != "" {
		if fi, err := os.Lstat(spare); err == nil {
			if _, errDir := os.Lstat(dir); fi.IsDir() && errDir == nil {
				_, err := fill(spare, true)
				if err == nil {
					return swapSpare(dir, spare)
				}
				if !errors.Is(err, ErrNoSpare) {
					discard(dir, spare)
					return err
				}
			}
			discard(dir, spare)
		}
	}
	// Staging lives in the same folder so the swap never crosses filesystems; the process id in
	// its name tells whose it is.
	staging, err := os.MkdirTemp(parent, base+".tmp-"+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		os.RemoveAll(staging)
		return err
	}
	keep, err := fill(staging, false)
	if err != nil {
		os.RemoveAll(staging)
		return err
	}
	if !keep {
		spare = ""
	}
	return swap(dir, staging, spare)
}

// discard moves the spare aside with the old trees, to be removed in the background, or
// removes it now if it cannot be moved (nothing may trust it again).
func discard(dir, spare string) {
	if !putAside(dir, spare) {
		os.RemoveAll(spare)
	}
}

// swapSpare puts the spare, brought up to date, in place of dir, and the old tree at spare.
func swapSpare(dir, spare string) error {
	if !noExchange {
		at("exchange")
		switch err := exchange(spare, dir); {
		case err == nil:
			at("done")
			return nil
		case !errors.Is(err, errNoExchange):
			discard(dir, spare)
			return fmt.Errorf("publish: %w", err)
		}
	}
	// The old tree goes where the spare was.
	return swapByRenames(dir, spare, spare, func() { discard(dir, spare) })
}

// keepAt moves the old tree old to spare, or aside when spare is "" or the move fails.
func keepAt(dir, old, spare string) {
	if spare != "" {
		if err := os.MkdirAll(filepath.Dir(spare), 0o755); err == nil {
			if err := os.Rename(old, spare); err == nil {
				return
			}
		}
	}
	putAside(dir, old)
}

// swap puts staging in place of dir and moves the old tree to spare, or aside when spare is "".
func swap(dir, staging, spare string) error {
	if _, err := os.Lstat(dir); err != nil {
		// Nothing published yet: one rename.
		at("rename-new")
		if err := os.Rename(staging, dir); err != nil {
			os.RemoveAll(staging)
			return fmt.Errorf("publish: %w", err)
		}
		at("done")
		return nil
	}
	if !noExchange {
		at("exchange")
		switch err := exchange(staging, dir); {
		case err == nil:
			at("aside")
			keepAt(dir, staging, spare) // now the old tree
			at("done")
			return nil
		case !errors.Is(err, errNoExchange):
			os.RemoveAll(staging)
			return fmt.Errorf("publish: %w", err)
		}
	}
	return swapByRenames(dir, staging, spare, func() { os.RemoveAll(staging) })
}

// errNoExchange is what exchange returns when the system or filesystem cannot exchange.
var errNoExchange = errors.New("atomic exchange not supported")

// swapByRenames renames the old tree away, the new one (newTree) in, then moves the old to spare
// or aside. Between the two renames dir is absent; if the process dies there, recoverOld puts the
// old tree back on the next run, and if the second rename fails, it is put back at once. drop
// gets rid of the new tree when the swap fails.
func swapByRenames(dir, newTree, spare string, drop func()) error {
	o, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".old-")
	if err != nil {
		drop()
		return err
	}
	os.Remove(o) // only the unique name is wanted
	at("rename-old")
	if err := os.Rename(dir, o); err != nil {
		drop()
		return fmt.Errorf("publish: %w", err)
	}
	at("rename-new")
	if err := os.Rename(newTree, dir); err != nil {
		os.Rename(o, dir)
		drop()
		return fmt.Errorf("publish: %w", err)
	}
	at("aside")
	keepAt(dir, o, spare)
	at("done")
	return nil
}

// Remove deletes the old trees that Dir moved aside beside dir; it is set by a program whose
// process ends when its build does (the build command starts a detached process), and by
// default deletes them in a goroutine of this process. Nothing but removal touches an aside
// tree, so it needs no lock and may run beside a build.
var Remove = func(dir string) { go RemoveAside(dir) }

// RemoveAside deletes, now, the old trees that Dir moved aside beside dir.
func RemoveAside(dir string) {
	for _, p := range aside(dir) {
		removeTree(p)
	}
}

// aside lists the old trees moved aside beside dir.
func aside(dir string) []string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	ps, _ := filepath.Glob(globEscape(dir) + ".trash-*")
	return ps
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// putAside renames the old tree old to a fresh dir.trash-* and starts its removal; it says
// whether it could. If not, old keeps its staging or .old- name, which the next Dir removes
// under its lock.
func putAside(dir, old string) bool {
	t, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".trash-")
	if err != nil {
		return false
	}
	os.Remove(t) // only the unique name is wanted; the lock keeps it ours
	if err := os.Rename(old, t); err != nil {
		return false
	}
	Remove(dir)
	return true
}

// recoverOld puts back the old tree that a run killed between the two renames of swapByRenames
// left: dir is missing and a dir.old-* exists. If there are several (several crashes), the most
// recently renamed is the last published one. Called with the lock held.
func recoverOld(dir string) error {
	if _, err := os.Lstat(dir); err == nil || !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	parent, base := filepath.Split(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	type cand struct {
		path string
		mod  int64
	}
	var olds []cand
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), base+".old-") {
			if fi, err := e.Info(); err == nil {
				// A rename changes the moved directory's ctime only; its mtime is the build's,
				// which orders the trees well enough to pick the newest.
				olds = append(olds, cand{filepath.Join(parent, e.Name()), fi.ModTime().UnixNano()})
			}
		}
	}
	if len(olds) == 0 {
		return nil
	}
	sort.Slice(olds, func(i, j int) bool {
		if olds[i].mod != olds[j].mod {
			return olds[i].mod > olds[j].mod
		}
		return olds[i].path > olds[j].path
	})
	if err := os.Rename(olds[0].path, dir); err != nil {
		return fmt.Errorf("publish: restoring %s: %w", olds[0].path, err)
	}
	return nil
}

// removeTree deletes a published tree. A 10,000-project site is some 160,000 files, and unlinking
// them one by one took longer than rendering them; the folders two levels down (notices/call,
// en/projects, …) are disjoint subtrees, so several are removed at once, then the rest.
func removeTree(root string) error {
	if fi, err := os.Lstat(root); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return os.Remove(root) // a published path that was a link: remove the link, not what it leads to
	}
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
// Called with the lock held (and after recoverOld), so none of them belongs to a running build.
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
