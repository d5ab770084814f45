package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCommand runs `generator check` on the shipped sample data and on a broken copy of one
// file, checking exit codes and the three output formats.
func TestCheckCommand(t *testing.T) {
	repo, _ := filepath.Abs("..")
	if _, err := os.Stat(filepath.Join(repo, "data", "site.yaml")); err != nil {
		t.Skip("no sample data yet")
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--root", repo, "--as-of", "2026-11-20"}, &out, &errOut); code != 0 {
		t.Fatalf("sample data: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.HasPrefix(lastLine(out.String()), "0 个错误") {
		t.Errorf("summary = %q", lastLine(out.String()))
	}
	out.Reset()
	if code := run([]string{"check", "--root", repo, "--as-of", "2026-11-20", "--strict"}, &out, &errOut); code != 1 {
		t.Errorf("--strict with findings: exit %d, want 1", code)
	}

	// A broken site: the sample data with one bad amount.
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "data"), os.DirFS(filepath.Join(repo, "data"))); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(root, "data", "site.yaml")
	b, _ := os.ReadFile(site)
	if err := os.WriteFile(site, append(b, "thresholds: {result-notice: 两天}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"check", "--root", root, "--format", "json", "--lang", "en"}, &out, &errOut); code != 1 {
		t.Errorf("broken data: exit %d, want 1", code)
	}
	var diags []map[string]any
	if err := json.Unmarshal(out.Bytes(), &diags); err != nil || len(diags) != 1 {
		t.Fatalf("json: %v %s", err, out.String())
	}
	if diags[0]["file"] != "data/site.yaml" || diags[0]["code"] != "wrong-type" || diags[0]["severity"] != "error" {
		t.Errorf("diagnostic = %v", diags[0])
	}
	out.Reset()
	run([]string{"check", "--root", root, "--format", "github"}, &out, &errOut)
	if !strings.HasPrefix(out.String(), "::error file=data/site.yaml,line=") {
		t.Errorf("github format = %q", out.String())
	}

	for _, bad := range [][]string{{"--format", "xml"}, {"--lang", "fr"}, {"--as-of", "2026-02-30"}, {"stray"}} {
		if code := run(append([]string{"check", "--root", root}, bad...), &out, &errOut); code != 2 {
			t.Errorf("check %v: exit %d, want 2", bad, code)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestCheckUnknownThreshold: a misspelt rule code in site.yaml's thresholds would silently leave
// the default in force, so check reports it as an error (and build refuses to publish); a real
// override passes.
func TestCheckUnknownThreshold(t *testing.T) {
	repo, _ := filepath.Abs("..")
	if _, err := os.Stat(filepath.Join(repo, "data", "site.yaml")); err != nil {
		t.Skip("no sample data yet")
	}
	tests := []struct {
		name, thresholds string
		code             int
		want             []string // "code severity"
	}{
		{"known rule", "thresholds: {result-notice: 3}\n", 0, nil},
		{"misspelt rule", "thresholds: {result-notise: 3}\n", 1, []string{"unknown-threshold error"}},
		{"rule without a threshold", "thresholds: {missing-stage: 3, tender-period: 25}\n", 1, []string{"unknown-threshold error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.CopyFS(filepath.Join(root, "data"), os.DirFS(filepath.Join(repo, "data"))); err != nil {
				t.Fatal(err)
			}
			site := filepath.Join(root, "data", "site.yaml")
			b, _ := os.ReadFile(site)
			if err := os.WriteFile(site, append(b, tt.thresholds...), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := run([]string{"check", "--root", root, "--as-of", "2026-11-20", "--format", "json", "--no-history"}, &out, &errOut)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, errOut.String())
			}
			var diags []map[string]any
			if err := json.Unmarshal(out.Bytes(), &diags); err != nil {
				t.Fatalf("json: %v %s", err, out.String())
			}
			var got []string
			for _, d := range diags {
				if d["severity"] == "error" {
					got = append(got, d["code"].(string)+" error")
					if d["file"] != "data/site.yaml" {
						t.Errorf("error in %v, want data/site.yaml", d["file"])
					}
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("errors %v, want %v", got, tt.want)
			}
		})
	}
}
