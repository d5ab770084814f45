package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func sample() List {
	var l List
	l.Add(Pos{File: "data/projects/2025/X.yaml", Line: 12, Column: 5}, "money-format", "金额格式不正确：\"29千元\"", "bad amount \"29千元\"")
	l.Warn(Pos{File: "data/notes.txt"}, "unknown-file", "data/ 中不应有这个文件", "unexpected file, 100% ignored\nsecond line")
	l.Add(Pos{File: "data/a,b:c.yaml", Line: 3}, "yaml-syntax", "语法错误", "syntax error")
	l.Sort()
	return l
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, sample(), "zh"); err != nil {
		t.Fatal(err)
	}
	want := "data/a,b:c.yaml:3: 错误 yaml-syntax: 语法错误\n" +
		"data/notes.txt: 警告 unknown-file: data/ 中不应有这个文件\n" +
		"data/projects/2025/X.yaml:12:5: 错误 money-format: 金额格式不正确：\"29千元\"\n" +
		"2 个错误（阻止发布），1 个警告（不阻止发布）\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	_ = WriteText(&b, List{}, "en")
	if b.String() != "0 errors, 0 warnings\n" {
		t.Errorf("empty en summary = %q", b.String())
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample(), "en"); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d entries", len(got))
	}
	for _, o := range got {
		if len(o) != 6 {
			t.Errorf("want exactly 6 keys, got %v", o)
		}
		for _, k := range []string{"file", "line", "column", "code", "severity", "message"} {
			if _, ok := o[k]; !ok {
				t.Errorf("missing key %s in %v", k, o)
			}
		}
	}
	if got[2]["message"] != "bad amount \"29千元\"" || got[2]["line"] != 12.0 || got[2]["severity"] != "error" {
		t.Errorf("entry = %v", got[2])
	}
	b.Reset()
	_ = WriteJSON(&b, nil, "zh")
	if strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("empty list = %q", b.String())
	}
}

func TestWriteGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := WriteGitHub(&b, sample(), "en"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		"::error file=data/a%2Cb%3Ac.yaml,line=3,title=yaml-syntax::yaml-syntax: syntax error",
		"::warning file=data/notes.txt,title=unknown-file::unknown-file: unexpected file, 100%25 ignored%0Asecond line",
		"::error file=data/projects/2025/X.yaml,line=12,col=5,title=money-format::money-format: bad amount \"29千元\"",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), b.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
}
