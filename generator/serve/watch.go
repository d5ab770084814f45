package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watched are the folders of a site root whose changes the preview follows.
var Watched = []string{"data", "content", "layouts", "i18n", "static", "assets"}

// Everything is the one-element change list that means "something was missed: rebuild from
// scratch" (the kernel's event queue overflowed).
var Everything = []string{"*"}

// watcher turns file-system events under a site root into debounced batches of changed paths.
//
// It watches directories, never files: editors that save by writing a new file and renaming it
// over the old one (vim, IntelliJ, VS Code's atomic save) replace the file's inode, which would
// silently end a per-file watch. New sub-folders get a watch as soon as they appear.
type watcher struct {
	root     string
	fw       *fsnotify.Watcher
	debounce time.Duration
	logf     func(format string, args ...any)
}

func newWatcher(root string, debounce time.Duration, logf func(string, ...any)) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fw: fw, debounce: debounce, logf: logf}
	// The root itself, so that a watched folder created later (layouts/) is noticed.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range Watched {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches dir and every folder below it; it returns the files found, so that files
// created in a new folder before its watch existed are not missed.
func (w *watcher) addTree(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished or unreadable: nothing to watch
		}
		if p != dir && ignored(e.Name()) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if err := w.fw.Add(p); err != nil {
				w.logf("无法监视 %s：%v（cannot watch）", p, err)
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files
}

// inScope says whether p (absolute) is inside one of the watched folders.
func (w *watcher) inScope(p string) bool {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	return slices.Contains(Watched, first)
}

// ignored names are editor droppings and hidden files: swap files, backups, atomic-save temps.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		name == "4913" // vim probes whether it may write in a folder with this name
}

// run sends a batch of changed paths once events stop arriving for the debounce interval, so a
// burst (an editor's write-rename-chmod, a `git checkout`, a `cp -r`) becomes one rebuild. A
// batch is also flushed after maxWait of continuous events, so a long burst still shows progress.
func (w *watcher) run(ctx context.Context, out chan<- []string) {
	const maxWait = 500 * time.Millisecond
	pending := map[string]bool{}
	var timer <-chan time.Time
	var first time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		batch := make([]string, 0, len(pending))
		for p := range pending {
			batch = append(batch, p)
		}
		slices.Sort(batch)
		clear(pending)
		timer = nil
		select {
		case out <- batch:
		case <-ctx.Done():
		}
	}
	add := func(p string) {
		if len(pending) == 0 {
			first = time.Now()
		}
		pending[p] = true
		if time.Since(first) >= maxWait {
			flush()
			return
		}
		timer = time.After(w.debounce)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer:
			flush()
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: only a full rebuild is safe.
				pending[Everything[0]] = true
				timer = time.After(w.debounce)
				continue
			}
			w.logf("监视出错：%v（watch error）", err)
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || ignored(filepath.Base(ev.Name)) || !w.inScope(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					for _, f := range w.addTree(ev.Name) {
						add(f)
					}
					add(ev.Name)
					continue
				}
			}
			// Remove and Rename of a folder end its watch by themselves (inotify drops it);
			// the path still goes into the batch so the loader notices the files are gone.
			add(ev.Name)
		}
	}
}

func (w *watcher) close() error { return w.fw.Close() }
