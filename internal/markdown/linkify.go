package markdown

import (
	"bytes"

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
