package records

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
)

// validate runs every field check and cross-field truth of records.md over the assembled
// dataset. Each check is a small named function in the validate_<kind>.go files; they only read
// the dataset and append diagnostics, so their order does not matter (the list is sorted).
func validate(ds *Dataset, diags *diag.List) { validateWith(ds, diags, nil) }

// projectChecks are the diagnostics of validator.project by project record, kept by a Loader:
// they depend on the record and on the files that are not projects' only (the index of bodies,
// providers, catalogue items and budget lines), so a record parsed earlier is not checked
// again while those stay as they were.
type projectChecks map[*Project]diag.List

// validateWith is validate reusing the project checks in known; unless known is nil it returns
// the project checks of ds, for the next time.
func validateWith(ds *Dataset, diags *diag.List, known projectChecks) projectChecks {
	v := &validator{ds: ds, diags: diags}
	var next projectChecks
	if known != nil {
		next = make(projectChecks, len(ds.Projects))
	}
	if ds.Site != nil {
		v.site(ds.Site)
	}
	v.bodies()
	v.providers()
	v.catalogue()
	v.budgets()
	v.calendars()
	for _, p := range ds.Projects {
		if d, ok := known[p]; ok {
			*diags = append(*diags, d...)
			next[p] = d
			continue
		}
		at := len(*diags)
		v.project(p)
		if next != nil {
			next[p] = slices.Clone((*diags)[at:])
		}
	}
	v.budgetLineTotals()
	return next
}

// validator carries the dataset and the diagnostics through the checks.
type validator struct {
	ds    *Dataset
	diags *diag.List
}

func (v *validator) add(p diag.Pos, code, zh, en string)  { v.diags.Add(p, code, zh, en) }
func (v *validator) warn(p diag.Pos, code, zh, en string) { v.diags.Warn(p, code, zh, en) }

// enum reports a value outside its allowed list (empty values are the required-key check's job).
func (v *validator) enum(src Src, key, val string, allowed []string) {
	if val == "" || slices.Contains(allowed, val) {
		return
	}
	v.add(src.At(key), "bad-enum",
		fmt.Sprintf("字段 %s 的值“%s”无效，只能是：%s", key, val, strings.Join(allowed, "、")),
		fmt.Sprintf("%s: %q is not one of: %s", key, val, strings.Join(allowed, ", ")))
}

// creditCode checks a credit code's form and GB 32100 check character.
func (v *validator) creditCode(src Src, key, code string) {
	if code == "" || ValidCreditCode(code) {
		return
	}
	why, whyEn := "校验位不正确", "the check character is wrong"
	if fix := SuggestCreditCode(code); fix != "" {
		why, whyEn = fmt.Sprintf("校验位不正确，应为 %s", fix), fmt.Sprintf("the check character is wrong; the valid code is %s", fix)
	}
	if len(code) != 18 {
		why, whyEn = fmt.Sprintf("应为 18 位，这里是 %d 位", len([]rune(code))), fmt.Sprintf("it must be 18 characters, not %d", len([]rune(code)))
	} else if c := CreditCodeCheck(code[:17]); c == 0 {
		why, whyEn = "含有不允许的字符（只能用数字和除 I、O、Z、S、V 以外的大写字母）", "it holds characters outside 0-9 and A-Z without I, O, Z, S, V"
	}
	v.add(src.At(key), "credit-code",
		fmt.Sprintf("统一社会信用代码 %s 无效：%s", code, why),
		fmt.Sprintf("invalid unified social credit code %s: %s", code, whyEn))
}

// order reports b before a when both are given: "a ≤ b" must hold. aName/bName say what they are.
func (v *validator) order(code string, a Date, aName string, b Date, bName string, at diag.Pos) {
	if a.IsZero() || b.IsZero() || !b.Before(a) {
		return
	}
	v.add(at, code,
		fmt.Sprintf("日期顺序不对：%s（%s）不能早于%s（%s）", bName, b, aName, a),
		fmt.Sprintf("dates out of order: %s (%s) is before %s (%s)", bName, b, aName, a))
}

// ref reports a reference that does not resolve.
func (v *validator) dangling(at diag.Pos, whatZh, whatEn, id string) {
	v.add(at, "dangling-ref", fmt.Sprintf("找不到%s“%s”", whatZh, id), fmt.Sprintf("no %s %q", whatEn, id))
}

// danglingProvider reports a reference to a provider that has no file. When the code itself
// fails its checksum — the usual cause is one mistyped character — it says so and names the
// valid code, and whether that provider exists.
func (v *validator) danglingProvider(at diag.Pos, code string) {
	if ValidCreditCode(code) {
		v.dangling(at, "承接主体", "provider", code)
		return
	}
	zh := fmt.Sprintf("找不到承接主体“%s”：这不是有效的统一社会信用代码", code)
	en := fmt.Sprintf("no provider %q: it is not a valid unified social credit code", code)
	if fix := SuggestCreditCode(code); fix != "" {
		zh += fmt.Sprintf("（校验位不对，校验位正确的代码是 %s", fix)
		en += fmt.Sprintf(" (the check character is wrong; the valid code is %s", fix)
		if v.ds.Index.Provider[fix] != nil {
			zh += fmt.Sprintf("，data/providers/%s.yaml 存在，是否写错了？", fix)
			en += fmt.Sprintf(", and data/providers/%s.yaml exists: a typo?", fix)
		} else {
			zh += "，但也没有这家承接主体的文件"
			en += ", but no provider has that code either"
		}
		zh += "）"
		en += ")"
	}
	v.add(at, "dangling-ref", zh, en)
}

var (
	regionCodePattern = regexp.MustCompile(`^[0-9]{6}$`)
	ocidPrefixPattern = regexp.MustCompile(`^ocds-[a-z0-9]{6}$`)
	monthPattern      = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
)

func (v *validator) site(s *Site) {
	v.creditCode(s.Src, "publisher_credit_code", s.PublisherCreditCode)
	if s.RegionCode != "" && !regionCodePattern.MatchString(s.RegionCode) {
		v.add(s.At("region_code"), "bad-format", fmt.Sprintf("行政区划代码应为 6 位数字（写成带引号的 \"530199\"），这里是 %q", s.RegionCode),
			fmt.Sprintf("region_code must be 6 digits (quoted, \"530199\"), found %q", s.RegionCode))
	}
	if s.OCIDPrefix != "" && !ocidPrefixPattern.MatchString(s.OCIDPrefix) {
		v.add(s.At("ocid_prefix"), "bad-format", fmt.Sprintf("OCDS 前缀应为 ocds- 加 6 位小写字母或数字，这里是 %q", s.OCIDPrefix),
			fmt.Sprintf("ocid_prefix must be ocds- and 6 lowercase letters or digits, found %q", s.OCIDPrefix))
	}
	if s.BaseURL != "" && !strings.HasPrefix(s.BaseURL, "https://") && !strings.HasPrefix(s.BaseURL, "http://") {
		v.add(s.At("base_url"), "bad-format", fmt.Sprintf("网站地址应以 https:// 开头，这里是 %q", s.BaseURL),
			fmt.Sprintf("base_url must start with https://, found %q", s.BaseURL))
	}
	if s.IDPattern != "" {
		if _, m := ParseIDPattern(s.IDPattern); m != nil {
			v.add(s.At("id_pattern"), "bad-format", m.Zh, m.En)
		}
	}
	for _, k := range sortedKeys(s.Thresholds) {
		if s.Thresholds[k] < 0 {
			v.add(s.At("thresholds"), "bad-format", fmt.Sprintf("期限 %s 不能为负数", k), fmt.Sprintf("threshold %s cannot be negative", k))
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
