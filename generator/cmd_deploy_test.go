package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeployUsage: a deploy that cannot mean anything stops before running a tool, exit 2 for
// bad usage and 1 for a folder that is not a whole site, with a message saying which.
func TestDeployUsage(t *testing.T) {
	tmp := t.TempDir()
	for _, tt := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--tool", "rsync"}, 2, "--to DEST"},
		{[]string{"--to", tmp, "--tool", "scp"}, 2, "unknown --tool"},
		{[]string{"--to", tmp, "--root", filepath.Join(tmp, "none")}, 2, "does not exist"},
		{[]string{"--to", tmp, "extra"}, 2, "--to DEST"},
		{[]string{"--to", filepath.Join(tmp, "www"), "--from", tmp}, 1, "not a built site"},
		{[]string{"--help"}, 0, "--dry-run"},
	} {
		var out, errOut bytes.Buffer
		if code := run(append([]string{"deploy"}, tt.args...), &out, &errOut); code != tt.code || !strings.Contains(errOut.String(), tt.says) {
			t.Errorf("deploy %v: exit %d, want %d with %q\n%s", tt.args, code, tt.code, tt.says, errOut.String())
		}
	}
}
