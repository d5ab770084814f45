package publish

import (
	"os"
	"path/filepath"
)

// SpareDir is where DirSpare keeps the tree it replaces in dir: the folder inside (the render
// cache's) when it is on dir's filesystem — a rename cannot cross filesystems — and otherwise a
// hidden sibling of dir, .<name>.spare, never a new visible folder beside the site.
func SpareDir(dir, inside string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(filepath.Dir(inside), 0o755); err == nil && sameDevice(parent, filepath.Dir(inside)) {
		if abs, err := filepath.Abs(inside); err == nil {
			return abs
		}
	}
	return filepath.Join(parent, "."+base+".spare")
}
