package records

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// attachmentsDir is where every attachment lives, relative to the site root.
const attachmentsDir = "data/attachments"

// attachmentRoot is data/attachments with symlinks resolved ("" when it does not exist).
func attachmentRoot(root string) string {
	real, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(attachmentsDir)))
	if err != nil {
		return ""
	}
	return real
}

// projectAttachments lists the attachments a project points to.
func projectAttachments(p *Project) []*Attachment {
	var out []*Attachment
	if p.Call != nil {
		for i := range p.Call.Documents {
			out = append(out, &p.Call.Documents[i])
		}
	}
	if p.Contract != nil && p.Contract.Document != nil {
		out = append(out, p.Contract.Document)
	}
	return out
}

// checkAttachment validates one path: relative, clean, inside data/attachments/ once ".." and
// symlinks are resolved, and naming an existing file. attRoot is attachmentRoot(root).
func (d *decoder) checkAttachment(root, attRoot string, a *Attachment) {
	p := a.Path
	if p == "" {
		return
	}
	at := a.At("path")
	bad := func(zh, en string) {
		d.errorf(at, "attachment-path", fmt.Sprintf("附件路径 %q %s；路径应相对于 data/attachments/，例如 2025/招标文件.pdf", p, zh),
			fmt.Sprintf("attachment path %q %s; paths are relative to data/attachments/, e.g. 2025/call.pdf", p, en))
	}
	switch {
	case strings.ContainsRune(p, '\\'):
		bad("含有反斜杠 \\，请用 /", "uses a backslash; use /")
		return
	case path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		bad("是绝对路径", "is absolute")
		return
	case path.Clean(p) != p || strings.HasPrefix(p, "../") || p == "..":
		bad("不规范（不能含有 ..、./ 或 //）", "is not clean (no .., ./ or //)")
		return
	}
	full := filepath.Join(root, filepath.FromSlash(attachmentsDir), filepath.FromSlash(p))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		d.errorf(at, "attachment-missing", fmt.Sprintf("找不到附件 data/attachments/%s", p), fmt.Sprintf("attachment data/attachments/%s does not exist", p))
		return
	}
	if attRoot == "" || !strings.HasPrefix(real, attRoot+string(filepath.Separator)) {
		bad("经符号链接指向 data/attachments/ 之外", "leads outside data/attachments/ through a symbolic link")
		return
	}
	if st, err := os.Stat(real); err != nil || !st.Mode().IsRegular() {
		d.errorf(at, "attachment-missing", fmt.Sprintf("附件 data/attachments/%s 不是文件", p), fmt.Sprintf("attachment data/attachments/%s is not a file", p))
	}
}
