package records

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The git plumbing LoadHistory needs: one `git log` over data/projects on the first-parent
// chain, one `git status`, and one `git cat-file --batch` process for the old versions it has
// to read. Nothing here knows about YAML.

// repo is the git work tree holding a site root.
type repo struct {
	root    string          // the site root; git runs there, so pathspecs are relative to it
	prefix  string          // the site root relative to the work tree's top, "" or "site/" (slash-terminated)
	shallow map[string]bool // the commits a shallow clone was cut at; nil when complete
	head    string          // HEAD's commit id; "" before the first commit
}

// errNoRepo means the site root is not inside a git work tree (or git is not installed): history
// is simply unavailable, which is not a problem.
var errNoRepo = errors.New("not a git work tree")

// git runs a git command in r.root and returns its standard output.
func (r *repo) git(args ...string) ([]byte, error) {
	// Settings of the clerk's own git config that would change the output are switched off.
	cmd := exec.Command("git", append([]string{"-c", "log.showSignature=false", "-c", "color.ui=false", "-c", "core.quotePath=false"}, args...)...)
	cmd.Dir = r.root
	// No pager, no prompts, no locale-dependent output; never take optional locks, since a
	// build must not write to the repository (and may run beside a clerk's git client).
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return out, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

// openRepo finds the work tree holding root. errNoRepo when there is none or no git.
func openRepo(root string) (*repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errNoRepo
	}
	r := &repo{root: root}
	out, err := r.git("rev-parse", "--is-inside-work-tree", "--show-prefix", "--is-shallow-repository", "--git-path", "shallow")
	if err != nil {
		if strings.Contains(err.Error(), "not a git repository") {
			return nil, errNoRepo
		}
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 4 || lines[0] != "true" {
		return nil, errNoRepo // inside a .git folder, or a bare repository
	}
	r.prefix = lines[1]
	if lines[2] == "true" {
		path := lines[3]
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("shallow clone, cannot read %s: %v", path, err)
		}
		r.shallow = map[string]bool{}
		for _, l := range strings.Fields(string(b)) {
			r.shallow[l] = true
		}
	}
	if out, err := r.git("rev-parse", "--verify", "-q", "HEAD"); err == nil {
		r.head = strings.TrimSpace(string(out))
	}
	return r, nil
}

// commit is one commit of the first-parent chain that touched the pathspec.
type commit struct {
	id   string
	day  Date // committer date, CST, never earlier than an older commit's (see log)
	edge bool // a shallow clone was cut here: what it shows may be older than it
}

// version is one state of a file: the blob a commit left it with.
type version struct {
	commit int    // index into the commits
	blob   string // "" when the commit deleted the file
}

// log lists, oldest first, the first-parent commits of HEAD that changed anything under the
// pathspec (relative to the site root), and for each file (relative to the site root) the
// versions those commits left. Renames show as a deletion and an addition.
//
// A merge counts on the day it landed: with --first-parent, a merge's changes are its diff
// against the first parent, dated with the merge, whatever the dates inside the merged branch.
func (r *repo) log(pathspec string) ([]commit, map[string][]version, error) {
	if r.head == "" {
		return nil, nil, nil
	}
	out, err := r.git("log", "--first-parent", "--reverse", "--diff-merges=first-parent", "--root",
		"--raw", "--no-abbrev", "--no-renames", "--no-color", "-z", "--format=%x01%H %ct", "HEAD", "--", pathspec)
	if err != nil {
		return nil, nil, err
	}
	var commits []commit
	files := map[string][]version{}
	var latest time.Time
	for _, chunk := range bytes.Split(out, []byte{1}) {
		if len(chunk) == 0 {
			continue
		}
		head, rest, _ := bytes.Cut(chunk, []byte{0})
		id, ct, ok := strings.Cut(string(head), " ")
		secs, err := strconv.ParseInt(ct, 10, 64)
		if !ok || err != nil {
			return nil, nil, fmt.Errorf("git log: unexpected header %q", head)
		}
		// Committer dates are set by whoever commits. A commit dated before one already on the
		// chain would let a clerk back-date the history itself; it is taken to have landed no
		// earlier than the commit before it.
		t := time.Unix(secs, 0)
		if t.Before(latest) {
			t = latest
		}
		latest = t
		commits = append(commits, commit{id: id, day: DateOf(t), edge: r.shallow[id]})
		n := len(commits) - 1
		toks := bytes.Split(rest, []byte{0})
		for i := 0; i+1 < len(toks); i++ {
			meta := bytes.TrimLeft(toks[i], "\n")
			if len(meta) == 0 || meta[0] != ':' {
				continue
			}
			// :100644 100644 <old> <new> M
			f := strings.Fields(string(meta))
			if len(f) < 5 {
				return nil, nil, fmt.Errorf("git log: unexpected entry %q", meta)
			}
			path := string(toks[i+1])
			i++
			rel, inside := strings.CutPrefix(path, r.prefix)
			if !inside {
				continue
			}
			blob := f[3]
			if f[4] == "D" || strings.Trim(blob, "0") == "" {
				blob = ""
			}
			files[rel] = append(files[rel], version{commit: n, blob: blob})
		}
	}
	return commits, files, nil
}

// dirty lists the files under the pathspec (relative to the site root) whose working copy is not
// what HEAD holds: modified, staged, added or untracked.
func (r *repo) dirty(pathspec string) (map[string]bool, error) {
	out, err := r.git("status", "--porcelain", "-z", "--untracked-files=all", "--no-renames", "--", pathspec)
	if err != nil {
		return nil, err
	}
	d := map[string]bool{}
	for _, e := range bytes.Split(out, []byte{0}) {
		if len(e) < 4 {
			continue
		}
		if rel, ok := strings.CutPrefix(string(e[3:]), r.prefix); ok {
			d[rel] = true
		}
	}
	return d, nil
}

// catFile is a running `git cat-file --batch`: requests are written to it, and the blobs read
// back in the same order. Without --buffer git flushes each blob as soon as it is written, so a
// reader never waits on output git is holding back; the writer must flush its own requests
// before it waits for anything (see walk).
type catFile struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	w      *bufio.Writer
	out    *bufio.Reader
	stderr bytes.Buffer
}

func (r *repo) catFile() (*catFile, error) {
	c := &catFile{cmd: exec.Command("git", "cat-file", "--batch")}
	c.cmd.Dir = r.root
	c.cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	c.cmd.Stderr = &c.stderr
	var err error
	if c.in, err = c.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	c.w = bufio.NewWriterSize(c.in, 32<<10)
	c.out = bufio.NewReaderSize(out, 256<<10)
	return c, nil
}

// request asks for a blob; it reaches git when the writer is flushed.
func (c *catFile) request(id string) error {
	c.w.WriteString(id)
	return c.w.WriteByte('\n')
}

func (c *catFile) flush() error { return c.w.Flush() }

// done sends the last requests and tells git there are no more.
func (c *catFile) done() error {
	err := c.w.Flush()
	if cerr := c.in.Close(); err == nil {
		err = cerr
	}
	return err
}

// read returns the next blob, which must be want.
func (c *catFile) read(want string) ([]byte, error) {
	line, err := c.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %v %s", err, strings.TrimSpace(c.stderr.String()))
	}
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != want || f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file: unexpected reply %q for %s", strings.TrimSpace(line), want)
	}
	size, err := strconv.Atoi(f[2])
	if err != nil || size < 0 {
		return nil, fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(line))
	}
	data := make([]byte, size+1) // content and its trailing newline
	if _, err := io.ReadFull(c.out, data); err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	return data[:size], nil
}

// close ends the process; after an error it is killed rather than waited for.
func (c *catFile) close(failed bool) error {
	if failed {
		c.cmd.Process.Kill()
		c.cmd.Wait()
		return nil
	}
	io.Copy(io.Discard, c.out)
	if err := c.cmd.Wait(); err != nil {
		return fmt.Errorf("git cat-file: %v %s", err, strings.TrimSpace(c.stderr.String()))
	}
	return nil
}
