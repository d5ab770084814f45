package scaffold

import (
	"regexp"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// Values fill a scaffolded project (generator import): the text of a field by its path — "title",
// "call.method", "call.service.period.from", "award.winners.provider" (a list's one item) — as a
// clerk would write it in the YAML.
type Values map[string]string

// filler renders fields with the given values and a placeholder wherever there is none, and
// remembers the paths it left as placeholders.
type filler struct {
	values Values
	left   []string
}

func render(fields []field, indent int) []string { return (&filler{}).render(fields, indent, "") }

func listItem(fields []field, indent int) []string {
	return (&filler{}).listItem(fields, indent, "")
}

// render writes fields as YAML lines at indent; prefix is the path of their mapping.
func (fl *filler) render(fields []field, indent int, prefix string) []string {
	pad := strings.Repeat(" ", indent)
	var out []string
	for _, f := range fields {
		path := prefix + f.key
		if f.comment != "" {
			out = append(out, pad+"# "+f.comment)
		}
		v, has := fl.values[path]
		switch {
		case has && (f.hint != "" || f.literal != ""):
			out = append(out, pad+f.key+": "+scalar(v))
		case has && f.markdown != "":
			out = append(out, pad+f.key+": |")
			for _, l := range strings.Split(strings.TrimRight(v, "\n"), "\n") {
				if l = strings.TrimRight(l, " "); l != "" {
					l = pad + "  " + l
				}
				out = append(out, l)
			}
		case has && f.strings != "":
			out = append(out, pad+f.key+":")
			for _, item := range listSeparators.Split(v, -1) {
				if item = strings.TrimSpace(item); item != "" {
					out = append(out, pad+"  - "+scalar(item))
				}
			}
		case f.literal != "":
			out = append(out, pad+f.key+": "+f.literal)
		case f.hint != "":
			out = append(out, pad+f.key+": "+placeholder(f.hint))
			fl.left = append(fl.left, path)
		case f.markdown != "":
			out = append(out, pad+f.key+": |", pad+"  "+records.PlaceholderPrefix+"："+f.markdown)
			fl.left = append(fl.left, path)
		case f.children != nil:
			out = append(out, pad+f.key+":")
			out = append(out, fl.render(f.children, indent+2, path+".")...)
		case f.list != nil:
			out = append(out, pad+f.key+":")
			out = append(out, fl.listItem(f.list, indent+2, path+".")...)
		case f.strings != "":
			out = append(out, pad+f.key+":", pad+"  - "+placeholder(f.strings))
			fl.left = append(fl.left, path)
		}
		for _, o := range f.optional {
			out = append(out, pad+o)
		}
	}
	return out
}

// listItem renders one list item of fields whose dash sits at indent:
//
//	# comment of the first field
//	- first: …
//	  # comment
//	  second: …
func (fl *filler) listItem(fields []field, indent int, prefix string) []string {
	lines := fl.render(fields, indent+2, prefix)
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, "#") {
			lines[i] = pad + t
			continue
		}
		lines[i] = pad + "- " + t
		break
	}
	return lines
}

// listSeparators split a cell listing names: 张三、李四, 王五；赵六
var listSeparators = regexp.MustCompile(`[、,，;；]`)

// plainSafe matches text YAML reads back unchanged without quotes.
var plainSafe = regexp.MustCompile("^[^\\s\\-?:,\\[\\]{}#&*!|>'\"%@`][^\\n]*$")

// scalar writes v as a YAML scalar: plain when it reads back as the same text, quoted otherwise.
func scalar(v string) string {
	switch strings.ToLower(v) {
	case "true", "false", "null", "yes", "no", "on", "off", "~":
		return quote(v)
	}
	if plainSafe.MatchString(v) && !strings.Contains(v, ": ") && !strings.Contains(v, " #") &&
		!strings.HasSuffix(v, ":") && strings.TrimSpace(v) == v {
		return v
	}
	return quote(v)
}

// Field kinds, for a caller that must write values the way the loader reads them.
const (
	KindText     = ""
	KindDate     = "date"     // 2026-06-05
	KindDateTime = "datetime" // 2026-06-05 09:30
	KindMonth    = "month"    // 2026-06
	KindMoney    = "money"
)

// FieldPath is one path a value can fill, with its kind and what the scaffold says of it.
type FieldPath struct {
	Path, Kind, Comment string
}

// FieldPaths lists every path of a project file a value can fill, in file order: the project's
// own fields, then each stage's.
func FieldPaths() []FieldPath {
	var out []FieldPath
	var walk func(fields []field, prefix string)
	walk = func(fields []field, prefix string) {
		for _, f := range fields {
			path := prefix + f.key
			switch {
			case f.children != nil:
				walk(f.children, path+".")
			case f.list != nil:
				walk(f.list, path+".")
			default:
				out = append(out, FieldPath{Path: path, Kind: kindOf(f), Comment: f.comment})
			}
		}
	}
	walk(projectFields("", ""), "")
	for _, st := range stages {
		walk(st.fields, st.key+".")
	}
	return out
}

func kindOf(f field) string {
	switch {
	case f.hint == moneyHint:
		return KindMoney
	case strings.Contains(f.hint, "2026-06-05 09:30"):
		return KindDateTime
	case strings.Contains(f.hint, "2026-06-05"):
		return KindDate
	case strings.Contains(f.hint, "2026-06"):
		return KindMonth
	}
	return KindText
}

// stagesOf lists the stages values fill, in lifecycle order; the intention always.
func stagesOf(v Values) []stage {
	var out []stage
	for _, st := range stages {
		if st.name == "intention" || slices.ContainsFunc(mapsKeys(v), func(p string) bool { return strings.HasPrefix(p, st.key+".") }) {
			out = append(out, st)
		}
	}
	return out
}

func mapsKeys(v Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	return keys
}
