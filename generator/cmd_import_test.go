package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommand: the report names each row's file and what is missing, a second run skips
// every row (nothing is overwritten) and exits 1, and the next command it prints finds exactly
// the placeholders.
func TestImportCommand(t *testing.T) {
	root := copySample(t)
	register := filepath.Join(t.TempDir(), "台账.csv")
	os.WriteFile(register, []byte("\xef\xbb\xbf项目编号,项目名称,购买主体,采购方式,备注\nSLS-MZ-2025-301,助浴服务,示例市民政局,公开招标,旧\n"), 0o644)
	var out, errOut bytes.Buffer
	if code := run([]string{"import", register, "--root", root}, &out, &errOut); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	report := out.String()
	for _, want := range []string{"第 2 行 → data/projects/2025/SLS-MZ-2025-301.yaml：已写入；待填写", "item", "call: ", "documents_from", "未导入的列（映射中没有）：[备注]"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	out.Reset()
	if code := run([]string{"import", register, "--root", root, "--lang", "en"}, &out, &errOut); code != 1 || !strings.Contains(out.String(), "row 2: skipped") {
		t.Errorf("second import: exit %d\n%s", code, out.String())
	}
	out.Reset()
	run([]string{"check", "--root", root, "--no-history"}, &out, &errOut)
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.Contains(l, " 错误 ") && !strings.Contains(l, "placeholder") {
			t.Errorf("an error other than a placeholder after import: %s", l)
		}
	}
	for _, bad := range [][]string{{"import"}, {"import", "a.xls"}, {"import", register, "--mapping", "/nonexistent.yaml"}, {"import", register, "--root", filepath.Join(root, "nope")}} {
		errOut.Reset()
		if code := run(bad, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "error") {
			t.Errorf("%v: exit %d, %q", bad, code, errOut.String())
		}
	}
}
