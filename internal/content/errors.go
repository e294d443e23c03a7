package content

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"tribune/internal/locale"
)

// Pos is a place in a source file. Line and Col count from 1; zero means
// unknown.
type Pos struct {
	Line, Col int
}

// Error is a problem at a place in a source file. It prints as
// "file:line:col: message".
type Error struct {
	File string // slash path from the site's root, e.g. "content/tribunes/x.md"
	Pos
	Msg string // in English
	msg locale.Message
}

func (e *Error) Error() string { return e.In("en") }

// In is the error in the language base ("fr", "en"), its place first.
func (e *Error) In(base string) string {
	file := e.File
	if strings.ContainsFunc(file, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
		// A name with a line break would start a line of its own, and
		// one with an invisible character look like another.
		file = strconv.Quote(file)
	}
	msg := e.Msg
	if e.msg.Set() {
		msg = e.msg.In(base)
	}
	switch {
	case e.Line > 0 && e.Col > 0:
		return Printable(fmt.Sprintf("%s:%d:%d: %s", file, e.Line, e.Col, msg))
	case e.Line > 0:
		return Printable(fmt.Sprintf("%s:%d: %s", file, e.Line, msg))
	default:
		return Printable(fmt.Sprintf("%s: %s", file, msg))
	}
}

// Printable is s with every control character (C0, DEL, C1) and every
// character that reorders text (bidirectional overrides and isolates)
// replaced by U+FFFD: text from files printed to a terminal can neither
// send it commands (ESC, BEL) nor make a line read otherwise than it is.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// Errorf builds a positioned error.
func Errorf(file string, pos Pos, format string, args ...any) *Error {
	m := locale.M(format, args...)
	return &Error{File: file, Pos: pos, Msg: m.String(), msg: m}
}

// ErrorList gathers every problem of a run so they are reported at once.
type ErrorList []*Error

func (l ErrorList) Error() string { return l.In("en") }

// In is the list in the language base, an error a line.
func (l ErrorList) In(base string) string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.In(base))
	}
	return b.String()
}

// Sort orders the list by file, line and column, so output is stable
// whatever order parallel workers found the problems in.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// short is s cut to maxQuote runes with an ellipsis: for text a message
// shows as it is, such as the key and value of a suggested fix.
func short(s string) string {
	if utf8.RuneCountInString(s) <= maxQuote {
		return s
	}
	i := 0
	for range maxQuote {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "…"
}

// maxQuote bounds, in runes, the text that messages quote: a five
// megabyte title makes a message of a line.
const maxQuote = 80

// Quote is s as messages quote it: in double quotes, Go-escaped (control
// characters included), cut to maxQuote runes with an ellipsis.
func Quote(s string) string {
	if n := utf8.RuneCountInString(s); n > maxQuote {
		i := 0
		for range maxQuote {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		return strconv.Quote(s[:i]) + "…"
	}
	return strconv.Quote(s)
}
