package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestNoMergeMarkers: a conflict left in a template or a strings file still renders (Hugo prints
// the markers as text), so no other test need notice it.
func TestNoMergeMarkers(t *testing.T) {
	repo := repoRoot(t)
	for _, dir := range []string{"layouts", "i18n", "assets", "content"} {
		err := filepath.WalkDir(filepath.Join(repo, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range [][]byte{[]byte("\n<<<<<<< "), []byte("\n>>>>>>> "), []byte("\n=======\n")} {
				if bytes.Contains(append([]byte("\n"), b...), m) {
					t.Errorf("%s holds a merge conflict marker %q", path, bytes.TrimSpace(m))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
