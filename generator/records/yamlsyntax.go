package records

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The YAML parser's messages are English and name the construct, not the typing slip behind it.
// A clerk's slips are few — a full-width colon or space typed by the Chinese input method,
// indentation that does not line up — so the line is looked at for them first.

// yamlMessages translates the parser's usual messages (yaml.v3 wording).
var yamlMessages = []struct{ en, zh string }{
	{"could not find expected ':'", "找不到键后面的冒号“: ”"},
	{"mapping values are not allowed in this context", "这里不能再出现“键: 值”（值里有“: ”时要给整个值加引号）"},
	{"did not find expected key", "这一行不是上一层应有的键（缩进不对？）"},
	{"did not find expected '-' indicator", "列表项应以“- ”开头，且与其他项对齐"},
	{"block sequence entries are not allowed in this context", "这里不能出现列表项“- ”（缩进不对，或上一行已经写了值）"},
	{"did not find expected ',' or ']'", "方括号 [ ] 没有闭合"},
	{"did not find expected ',' or '}'", "花括号 { } 没有闭合"},
	{"did not find expected node content", "缺少值"},
	{"found unexpected end of stream", "文件意外结束：引号或括号没有闭合"},
	{"found unknown escape character", "双引号中有无法识别的反斜杠转义（路径等含 \\ 的文字请改用单引号）"},
	{"found character that cannot start any token", "出现了不能作为值开头的字符（如 @ 或 `，请给值加引号）"},
	{"found undefined tag handle", "未定义的标签（! 开头）"},
	{"unknown anchor", "引用了未定义的锚点（* 开头）"},
	{"did not find expected alphabetic or numeric character", "锚点或别名（& 或 *）后面缺少名称"},
	{"found unexpected ':'", "出现了多余的冒号（请给值加引号）"},
	{"found a tab character", "缩进中有制表符（Tab）"},
}

// translateYAML returns the Chinese for a parser message; an unknown message is kept, marked
// as the parser's own words.
func translateYAML(msg string) string {
	for _, m := range yamlMessages {
		if strings.HasPrefix(msg, m.en) {
			return m.zh
		}
	}
	return "解析器提示：" + msg
}

// keyFullWidthColon matches a line whose key ends in a full-width colon: `title：…`, `- name：…`.
var keyFullWidthColon = regexp.MustCompile(`^[ ]*(?:- +)?[A-Za-z_][A-Za-z0-9_]*[ ]*：`)

// yamlCause looks at lines near the one the parser stopped at (1-based bad) for the slips a
// clerk makes, and returns where the slip is and what to say, in Chinese and English.
func yamlCause(lines []string, bad int) (line, col int, zh, en string) {
	// The slip is usually on the bad line; a full-width colon can also end the line before,
	// when the parser only notices at the next key.
	for _, l := range []int{bad, bad - 1} {
		if l < 1 || l > len(lines) {
			continue
		}
		text := lines[l-1]
		if m := keyFullWidthColon.FindString(text); m != "" {
			return l, utf8.RuneCountInString(m), "用了全角冒号“：”：键后面要用半角冒号加空格“: ”（切换到英文标点输入）",
				"a full-width colon “：” follows the key: write an ASCII colon and a space “: ”"
		}
		if i := strings.Index(text, ":\u3000"); i >= 0 {
			return l, utf8.RuneCountInString(text[:i]) + 2, "冒号后面是全角空格：要用半角空格（切换到英文标点输入）",
				"a full-width space follows the colon: use an ASCII space"
		}
		if i := strings.IndexRune(text, '\u3000'); i >= 0 && strings.TrimLeft(text[:i], " ") == "" {
			return l, utf8.RuneCountInString(text[:i]) + 1, "缩进中有全角空格：只能用半角空格缩进",
				"a full-width space is used for indentation: indent with ASCII spaces only"
		}
	}
	if bad < 1 || bad > len(lines) {
		return bad, 0, "", ""
	}
	// Indentation that matches no line above it: the line belongs to no mapping.
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	content := func(s string) bool {
		t := strings.TrimSpace(s)
		return t != "" && !strings.HasPrefix(t, "#")
	}
	text := lines[bad-1]
	if !content(text) {
		return bad, 0, "", ""
	}
	ind := indent(text)
	seen := map[int]bool{}
	prev := -1
	for _, l := range lines[:bad-1] {
		if content(l) {
			seen[indent(l)] = true
			prev = indent(l)
		}
	}
	if prev >= 0 && ind != prev && !seen[ind] {
		return bad, ind + 1, "缩进不一致：这一行缩进了 " + strconv.Itoa(ind) + " 个空格，与上面任何一层都对不齐（同一层的字段要对齐，每层多缩进 2 个空格）",
			"inconsistent indentation: this line is indented " + strconv.Itoa(ind) + " spaces, matching no level above (keys of one level line up; each level indents 2 more)"
	}
	return bad, ind + 1, "", ""
}
