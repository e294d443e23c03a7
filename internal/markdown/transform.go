package markdown

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// transformer drops raw HTML (unless allowed) and typesets text nodes.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := pc.Get(stateKey).(*state)
	src := reader.Source()
	if !st.opts.AllowHTML {
		dropHTML(doc, src, st)
	}
	if st.opts.Typography != locale.Off {
		typeset(doc, src, st.opts.Typography)
	}
}

// dropHTML removes raw HTML blocks and inline tags, warning about each.
func dropHTML(doc *ast.Document, src []byte, st *state) {
	var drop []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		off := -1
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				off = n.Lines().At(0).Start
			}
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
		default:
			return ast.WalkContinue, nil
		}
		drop = append(drop, n)
		pos := content.Pos{Line: st.line, Col: 1}
		if off >= 0 {
			pos = content.Pos{Line: st.lineOf(off), Col: col(src, off)}
		}
		st.warnings = append(st.warnings, content.Errorf(st.file, pos,
			"raw HTML dropped: write it in Markdown, or set allowHTML = true in site.toml"))
		return ast.WalkSkipChildren, nil
	})
	for _, n := range drop {
		n.Parent().RemoveChild(n.Parent(), n)
	}
}

func col(src []byte, off int) int {
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	return 1 + utf8.RuneCount(src[start:off])
}

// typeset applies the typography rules to every text run, block by block,
// carrying the previous rune across inline boundaries ("**mot** :").
func typeset(doc *ast.Document, src []byte, t locale.Typography) {
	var prev rune
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			prev = 0
			return ast.WalkContinue, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.AutoLink:
			// Code and URLs are words to the rules around them, but are
			// never changed themselves.
			prev = 'a'
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			raw := n.Segment.Value(src)
			plain := unescape(raw)
			out := t.Apply(prev, string(plain))
			if last, _ := utf8.DecodeLastRuneInString(out); out != "" {
				prev = last
			}
			if out == string(raw) {
				return ast.WalkContinue, nil
			}
			// Replace the text with a string node that is escaped but not
			// unescaped again, and keep the Text node, emptied, for its
			// line breaks.
			s := ast.NewString([]byte(out))
			s.SetRaw(true)
			n.Parent().InsertBefore(n.Parent(), n, s)
			n.Segment = text.NewSegment(n.Segment.Stop, n.Segment.Stop)
		case *ast.String:
			out := t.Apply(prev, string(n.Value))
			if last, _ := utf8.DecodeLastRuneInString(out); out != "" {
				prev = last
			}
			n.Value = []byte(out)
		}
		return ast.WalkContinue, nil
	})
}
