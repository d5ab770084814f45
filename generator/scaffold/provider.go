package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"github.com/gongkai/gongkai/generator/records"
)

// providerFields are the keys of a provider file, the credit code filled in.
func providerFields(code string) []field {
	return []field{
		{key: "credit_code", comment: "统一社会信用代码：与文件名相同", literal: quote(code)},
		{key: "name", comment: "名称（与登记证书一致），例如 示例市阳光社会工作服务中心", hint: "名称"},
		{key: "kind", comment: "类型：" + oneOf(records.ProviderKinds), hint: "类型"},
		{key: "address", comment: "住所（办公地址，不写个人信息）", hint: "住所",
			optional: []string{
				"# registration_authority: 示例市民政局  # 登记管理机关（可不填）",
				"# grade: 4A                          # 社会组织评估等级：" + oneOf(records.ProviderGrades) + "（可不填）",
				"# inspection_years: [2024, 2025]     # 年检合格的年度（可不填）",
			}},
	}
}

// CheckCreditCode refuses a code that is not a valid 统一社会信用代码, naming the valid code when
// only the check character (or the case) is wrong.
func CheckCreditCode(code string) error {
	if records.ValidCreditCode(code) {
		return nil
	}
	if fix := records.SuggestCreditCode(code); fix != "" {
		return errorf("%s 不是有效的统一社会信用代码：校验位不对，校验位正确的代码是 %s（请对照登记证书核对）",
			"%s is not a valid unified social credit code: the check character is wrong; the valid code is %s (compare with the certificate)", code, fix)
	}
	return errorf("%s 不是有效的统一社会信用代码：应为 18 位，由数字和除 I、O、Z、S、V 以外的大写字母组成",
		"%s is not a valid unified social credit code: 18 characters, digits and capitals without I, O, Z, S, V", code)
}

// Provider returns the text of a new provider file for a valid credit code.
func Provider(code, schemaURL string) ([]byte, error) {
	if err := CheckCreditCode(code); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if schemaURL != "" {
		fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", schemaURL)
	}
	b.WriteString("# 承接主体：一家一个文件，文件名即统一社会信用代码。\n")
	b.WriteString("# 把每个“" + records.PlaceholderPrefix + "：…”换成实际内容；只要还有一处未填写，检查就会报错。\n\n")
	for _, l := range render(providerFields(code), 0) {
		b.WriteString(l + "\n")
	}
	return b.Bytes(), nil
}

// ProviderPath is where a provider file lives, relative to the site root.
func ProviderPath(code string) string { return "data/providers/" + code + ".yaml" }

// NewProvider writes a new provider file under root and returns its path relative to root; it
// never overwrites one.
func NewProvider(root, code, schemaURL string) (string, error) {
	src, err := Provider(code, schemaURL)
	if err != nil {
		return "", err
	}
	rel := ProviderPath(code)
	return rel, writeNew(root, rel, src)
}

// ioError words a file system failure in Chinese and English.
func ioError(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	path := ""
	if errors.As(err, &pe) {
		path = pe.Path
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errorf("找不到文件或文件夹 %s", "%s does not exist", path)
	case errors.Is(err, fs.ErrPermission):
		return errorf("没有权限写入 %s", "no permission to write %s", path)
	}
	return errorf("无法读写文件：%v", "cannot read or write the file: %v", err)
}
