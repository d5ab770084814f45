package records

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// PlaceholderPrefix marks a value `generator new` wrote for the clerk to fill in:
// "待填写：发布日期，格式 2026-06-05". The loader refuses any value that still contains it, with
// the code "placeholder", so a half-filled project can never be published.
//
// One marker for every kind of field (text, Markdown, date, money, number) keeps the scheme
// simple: the clerk looks for 待填写, and check names each one that is left.
const PlaceholderPrefix = "待填写"

// IsPlaceholder reports whether s still holds a scaffold placeholder.
func IsPlaceholder(s string) bool { return strings.Contains(s, PlaceholderPrefix) }

// placeholder reports a scalar that still holds a placeholder and says whether it did; the
// walker then skips the value, so the clerk sees "not filled in" instead of a confusing
// date-format or money-format error for the same spot. A Markdown field keeps the text (it is
// never published while the error stands): left empty, it would add a second error where a
// rule needs "text or indicators".
func (d *decoder) placeholder(n *yaml.Node, v reflect.Value, key string) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	off := strings.Index(n.Value, PlaceholderPrefix)
	if off < 0 {
		return false
	}
	hint := strings.TrimSpace(n.Value[off+len(PlaceholderPrefix):])
	hint = strings.TrimSpace(strings.TrimLeft(hint, "：:"))
	if i := strings.IndexByte(hint, '\n'); i >= 0 {
		hint = hint[:i]
	}
	zh := fmt.Sprintf("字段 %s 尚未填写", key)
	en := fmt.Sprintf("%s is still a placeholder; fill it in", key)
	if hint != "" {
		zh += "：" + hint
	}
	d.errorf(d.posIn(n, n.Value, off), "placeholder", zh, en)
	if v.Type() == markdownType {
		v.Set(reflect.ValueOf(Markdown{Source: d.own(n.Value)}))
	}
	return true
}
