package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkify is goldmark's Linkify extension (bare URLs and e-mail addresses
// become links) with a quicker refusal. Its parser is called after every
// space of every paragraph; it can only succeed where the word starts with
// http:, https:, ftp: or www., or holds an @ before the next space. Other
// words are refused here, without the reader's bookkeeping and regular
// expressions, and the rest goes to goldmark's parser: the output is the
// same, which a test checks on random text.
type linkify struct{}

func (linkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
}

type quickLinkify struct{ parser.InlineParser }

var linkPrefixes = [][]byte{[]byte("http:"), []byte("https:"), []byte("ftp:"), []byte("www.")}

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) == 0 {
		return q.InlineParser.Parse(parent, block, pc)
	}
	word := line
	switch word[0] {
	case ' ', '*', '_', '~', '(':
		word = word[1:]
	}
	if len(word) > 0 && (word[0] == 'h' || word[0] == 'f' || word[0] == 'w') {
		for _, p := range linkPrefixes {
			if bytes.HasPrefix(word, p) {
				return q.InlineParser.Parse(parent, block, pc)
			}
		}
	}
	for _, c := range word {
		if wordEnd[c] {
			if c == '@' {
				return q.InlineParser.Parse(parent, block, pc)
			}
			return nil
		}
	}
	return nil
}

// wordEnd marks the bytes the scan for an @ stops at: the @ and the spaces
// that end the word.
var wordEnd = [256]bool{'@': true, ' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}

// Linkify's parser is called at every space of every paragraph, which
// costs a conversion about a tenth of its time, and it can only succeed
// where the text holds http:, https:, ftp:, www. or an @. A document
// without these at all is parsed without it. A document whose only
// URLs are in link destinations (the usual case: [texte](https://…)) is
// parsed without it too, then checked: if text that linkify could have
// turned into a link is found outside them, it is parsed again with it.
// The output is the same as with linkify always, which a test checks.

// forceLinkify parses every document with linkify (for tests).
var forceLinkify = false

var linkMarks = [][]byte{[]byte("http:"), []byte("https:"), []byte("ftp:"), []byte("www")}

// mayLinkify reports whether body should be parsed with linkify from the
// start: it holds an @, or a URL start outside a link destination
// ("](" then the URL). Otherwise it gives the offsets of the URL starts,
// all in what look like link destinations, for linkCheck.
func mayLinkify(body []byte) (bool, []int) {
	if bytes.IndexByte(body, '@') >= 0 {
		return true, nil
	}
	var marks []int
	for _, m := range linkMarks {
		for off := 0; ; {
			i := bytes.Index(body[off:], m)
			if i < 0 {
				break
			}
			marks = append(marks, off+i)
			off += i + len(m)
		}
	}
	slices.Sort(marks)
	// The word of each mark starts after the last space or "(" before it:
	// found in one pass over the body, whatever the number of marks.
	start, j := 0, 0
	for _, m := range marks {
		for ; j < m; j++ {
			switch body[j] {
			case ' ', '\t', '\n', '(':
				start = j + 1
			}
		}
		if start < 2 || body[start-1] != '(' || body[start-2] != ']' {
			return true, nil
		}
	}
	return false, marks
}

// linkCheck runs first (goldmark runs the lowest priority first), before
// the transformer changes text nodes, on documents parsed without
// linkify, and asks for another parse with it when a URL start that
// mayLinkify found is in a text node: the "](" before it did not open a
// link destination.
type linkCheck struct{}

func (linkCheck) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := pc.Get(stateKey).(*state)
	if len(st.marks) == 0 {
		return
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			// The marks are sorted: the first at or after the text's start.
			if i, _ := slices.BinarySearch(st.marks, t.Segment.Start); i < len(st.marks) && st.marks[i] < t.Segment.Stop {
				st.relink = true
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
}
