package records

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadPathShapes: data/ or the site root behind a symbolic link, linked-in folders, broken
// links and link cycles either load or give diagnostics — never a panic.
func TestLoadPathShapes(t *testing.T) {
	// move puts the fixture's rel (a file or folder) elsewhere and links it back in.
	move := func(t *testing.T, root, rel, dest string) {
		t.Helper()
		from := filepath.Join(root, filepath.FromSlash(rel))
		to := filepath.Join(t.TempDir(), dest)
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(to, from); err != nil {
			t.Fatal(err)
		}
	}
	link := func(t *testing.T, target, at string) {
		t.Helper()
		if err := os.Symlink(target, at); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		shape func(t *testing.T, root string) string // changes the site; returns the root to load
		want  []string                               // diagnostics as "file code"; nil: none
		ok    bool                                   // the project loads
	}{
		{name: "plain", shape: func(t *testing.T, root string) string { return root }, ok: true},
		{name: "data is a link", ok: true, shape: func(t *testing.T, root string) string {
			move(t, root, "data", "store")
			return root
		}},
		{name: "data links to a hidden folder", ok: true, shape: func(t *testing.T, root string) string {
			move(t, root, "data", ".data")
			return root
		}},
		{name: "root is a link", ok: true, shape: func(t *testing.T, root string) string {
			at := filepath.Join(t.TempDir(), "site")
			link(t, root, at)
			return at
		}},
		{name: "root is a relative link", ok: true, shape: func(t *testing.T, root string) string {
			at := filepath.Join(filepath.Dir(root), "relsite")
			link(t, filepath.Base(root), at)
			return at
		}},
		{name: "projects is a link", ok: true, shape: func(t *testing.T, root string) string {
			move(t, root, "data/projects", "projects")
			return root
		}},
		{name: "a year of projects is a link", ok: true, shape: func(t *testing.T, root string) string {
			move(t, root, "data/projects/2025", "2025")
			return root
		}},
		{name: "a project file is a link", ok: true, shape: func(t *testing.T, root string) string {
			move(t, root, fixtureProject, "p.yaml")
			return root
		}},
		{name: "broken data link", want: []string{"data missing-file"}, shape: func(t *testing.T, root string) string {
			os.RemoveAll(filepath.Join(root, "data"))
			link(t, filepath.Join(root, "nowhere"), filepath.Join(root, "data"))
			return root
		}},
		{name: "data links to a file", want: []string{"data missing-file"}, shape: func(t *testing.T, root string) string {
			f := filepath.Join(root, "data.txt")
			os.WriteFile(f, []byte("x"), 0o644)
			os.RemoveAll(filepath.Join(root, "data"))
			link(t, f, filepath.Join(root, "data"))
			return root
		}},
		{name: "broken project link", ok: true, want: []string{"data/projects/2025/SLS-2025-009.yaml unreadable"},
			shape: func(t *testing.T, root string) string {
				link(t, filepath.Join(root, "gone.yaml"), filepath.Join(root, "data/projects/2025/SLS-2025-009.yaml"))
				return root
			}},
		{name: "link cycle", ok: true, want: []string{"data/projects/2026/2025 unknown-file", "data/projects/2026/2026 unknown-file"},
			shape: func(t *testing.T, root string) string {
				// A year folder linking back to projects/: walked again once, where its
				// folders are misplaced, and the walk ends there.
				link(t, ".", filepath.Join(root, "data/projects/2026"))
				return root
			}},
		{name: "link back to data", ok: true, shape: func(t *testing.T, root string) string {
			// data/ is walked once: the link adds nothing.
			link(t, "..", filepath.Join(root, "data/projects/2026"))
			return root
		}},
		{name: "linked folder in the wrong place", ok: true, want: []string{"data/extra unknown-file"},
			shape: func(t *testing.T, root string) string {
				link(t, filepath.Join(root, "data"), filepath.Join(root, "data/extra"))
				return root
			}},
		{name: "no root", want: []string{"data missing-file"}, shape: func(t *testing.T, root string) string {
			return filepath.Join(root, "missing")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tt.shape(t, validFixture().write(t))
			ds, diags := Load(root)
			var got []string
			for _, d := range diags {
				got = append(got, d.Pos.File+" "+d.Code)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			p := ds.Index.Project["SLS-2025-001"]
			if loaded := p != nil; loaded != tt.ok {
				t.Fatalf("project loaded: %v, want %v", loaded, tt.ok)
			}
			if p != nil && p.File != fixtureProject {
				t.Errorf("project file %q, want %q", p.File, fixtureProject)
			}
		})
	}
}

// TestLoadSettingsNamedPipe: LoadSettings reads site.yaml without discovering data/; a named pipe
// there must not block it.
func TestLoadSettingsNamedPipe(t *testing.T) {
	root := validFixture().write(t)
	site := filepath.Join(root, "data", "site.yaml")
	os.Remove(site)
	if err := syscall.Mkfifo(site, 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	done := make(chan struct{})
	go func() {
		LoadSettings(root)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("LoadSettings blocked on a named pipe")
	}
}
