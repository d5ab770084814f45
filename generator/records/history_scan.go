package records

import "bytes"

// Reading an old version of a project file only to learn which stages it shows would cost a
// full YAML parse per version — seconds for a history of 10,000 projects. But a project file's
// top level is a block mapping, written one key per line at column 0, so the text of each stage
// can be cut out by its key line, and of a singular stage only the lines up to its published
// date are needed. The cut text is then parsed and decoded by the loader itself, as before; this
// file only decides which bytes to hand it. Anything unusual at column 0 (document markers, flow
// style, quoted or complex keys, tabs), and any slice the parser rejects (an alias to an anchor
// outside it, say), sends the whole version to the full parse instead, so the shortcut can
// only save time, never change an answer for a file written the ordinary way.

// section is one top-level entry of a file: its key and the byte range of its lines.
type section struct {
	key        string
	start, end int
}

// topSections splits src into its top-level entries. ok is false when a line at column 0 is
// neither a plain `key:` line, an unindented list item of the entry above, a comment nor blank.
func topSections(src []byte) ([]section, bool) {
	var out []section
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := src[off:end]
		switch c := line[0]; {
		case c == ' ' || c == '\n' || c == '\r' || c == '#':
			// inside the current entry, blank, or a comment
		case c == '-' && len(out) > 0 && (len(line) == 1 || line[1] == ' ' || line[1] == '\n' || line[1] == '\r'):
			// an item of the current entry's list, written without indentation (`- date: …`)
		case c == '\t':
			return nil, false
		default:
			key, ok := plainKey(line)
			if !ok {
				return nil, false
			}
			if n := len(out); n > 0 {
				out[n-1].end = off
			}
			out = append(out, section{key: key, start: off})
		}
		off = end
	}
	if n := len(out); n > 0 {
		out[n-1].end = len(src)
	}
	return out, true
}

// plainKey reads `key:` followed by a space, a newline or the end, key being [A-Za-z0-9_-]+.
func plainKey(line []byte) (string, bool) {
	i := 0
	for i < len(line) && (line[i] == '_' || line[i] == '-' || line[i] >= '0' && line[i] <= '9' ||
		line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z') {
		i++
	}
	if i == 0 || i >= len(line) || line[i] != ':' {
		return "", false
	}
	if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\n' && line[i+1] != '\r' {
		return "", false
	}
	return string(line[:i]), true
}

// upToPublished cuts a singular stage's section after the line of its own `published:` key (at
// the indentation of the stage's first key), which clerks and `generator new` write first: the
// rest of the stage is not needed. The whole section when there is no such line.
func upToPublished(sec []byte) []byte {
	first := bytes.IndexByte(sec, '\n') + 1 // the line after `stage:`
	if first <= 0 {
		return sec
	}
	indent := -1
	for off := first; off < len(sec); {
		end := bytes.IndexByte(sec[off:], '\n')
		if end < 0 {
			end = len(sec)
		} else {
			end += off + 1
		}
		line := sec[off:end]
		n := 0
		for n < len(line) && line[n] == ' ' {
			n++
		}
		blank := n == len(line) || line[n] == '\n' || line[n] == '\r' || line[n] == '#'
		if !blank {
			if indent < 0 {
				indent = n
			}
			if n == indent && bytes.HasPrefix(line[n:], []byte("published:")) {
				// Only a plain one-line value: anything else (a block, quotes, a tag, an
				// anchor) is left to the parser with the whole section.
				v := bytes.TrimSpace(line[n+len("published:"):])
				if len(v) == 0 || bytes.IndexByte([]byte(`|>"'{[&*!`), v[0]) >= 0 {
					return sec
				}
				return sec[:end]
			}
		}
		off = end
	}
	return sec
}
