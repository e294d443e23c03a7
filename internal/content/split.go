package content

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// normalize checks that data is text and returns it without a byte-order
// mark and with LF line endings. Line numbers are unchanged by both.
func normalize(file string, data []byte) ([]byte, *Error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, Errorf(file, posAt(data, i), "binary data (NUL byte): this is not a Markdown text file")
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return nil, Errorf(file, posAt(data, i), "invalid UTF-8 byte 0x%02x: save the file as UTF-8", data[i])
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	if bytes.ContainsFunc(data, isControl) {
		data = bytes.Map(Uncontrol, data)
	}
	return data, nil
}

// isControl reports the control characters a text keeps from no editor
// on purpose (a vertical tab pasted from a word processor, an escape):
// every one but tab and line feed. XML forbids most of them, so a feed
// holding one would not be read at all.
func isControl(r rune) bool {
	return r != '\t' && r != '\n' && unicode.IsControl(r)
}

// Uncontrol maps a control character to a space (one column, as it was),
// for strings.Map and bytes.Map.
func Uncontrol(r rune) rune {
	if isControl(r) {
		return ' '
	}
	return r
}

// posAt gives the line and column (in runes, from 1) of byte offset i.
func posAt(data []byte, i int) Pos {
	line := 1 + bytes.Count(data[:i], []byte("\n"))
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	col := 1 + utf8.RuneCount(data[start:i])
	return Pos{Line: line, Col: col}
}

// Format is the syntax of a front matter block.
type Format int

const (
	YAML Format = iota
	TOML
)

// split separates the front matter from the body of normalized data.
// fmLine is the line of the first front matter line, bodyLine that of the
// first body line, both counted in the original file.
func split(file string, data []byte) (format Format, fm []byte, fmLine int, body []byte, bodyLine int, err *Error) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	var delim []byte
	switch string(bytes.TrimRight(first, " \t")) {
	case "---":
		format, delim = YAML, []byte("---")
	case "+++":
		format, delim = TOML, []byte("+++")
	default:
		return 0, nil, 0, nil, 0, Errorf(file, Pos{1, 1}, "missing front matter: the file must start with a line \"---\" (YAML) or \"+++\" (TOML)")
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if bytes.Equal(bytes.TrimRight(l, " \t"), delim) {
			fm = rest[:off]
			if end < 0 {
				body = nil
			} else {
				body = rest[off+end+1:]
			}
			return format, fm, 2, body, line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return 0, nil, 0, nil, 0, Errorf(file, Pos{1, 1}, "front matter opened here is never closed: add a line %q after it", string(delim))
}
