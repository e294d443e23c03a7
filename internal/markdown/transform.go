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

// typeset applies the typography rules to every run of text, carrying the
// previous rune across inline boundaries ("**mot** :"). Adjacent text nodes
// are typeset as one run, since goldmark splits text at characters such as
// "!" and the space to replace may sit in the node before the sign.
func typeset(doc *ast.Document, src []byte, t locale.Typography) {
	var prev rune
	typesetChildren(doc, src, t, &prev)
}

func typesetChildren(parent ast.Node, src []byte, t locale.Typography, prev *rune) {
	var run []ast.Node
	flush := func() {
		if len(run) > 0 {
			typesetRun(parent, run, src, t, prev)
			run = run[:0]
		}
	}
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch n := c.(type) {
		case *ast.Text:
			run = append(run, n)
			if n.HardLineBreak() {
				flush()
			}
		case *ast.String:
			run = append(run, n)
		case *ast.CodeSpan, *ast.AutoLink:
			// Code and URLs are words to the rules around them, but are
			// never changed themselves.
			flush()
			*prev = 'a'
		case *ast.RawHTML:
			flush()
		default:
			flush()
			if c.Type() == ast.TypeBlock {
				*prev = 0
			}
			typesetChildren(c, src, t, prev)
			if c.Type() == ast.TypeBlock {
				*prev = 0
			}
		}
		c = next
	}
	flush()
}

// typesetRun typesets consecutive text and string siblings as one text.
// When anything changes, the run is replaced by one string node, escaped
// on output but not unescaped again; emptied text nodes stay for the hard
// line break that may end the run.
func typesetRun(parent ast.Node, run []ast.Node, src []byte, t locale.Typography, prev *rune) {
	// Most runs hold no sign the rules change: skip them without
	// allocating, only remembering their last rune.
	signs := false
	var last []byte
	for _, n := range run {
		v := nodeBytes(n, src)
		if len(v) > 0 {
			last = v
		}
		signs = signs || locale.HasSign(v)
	}
	if !signs {
		if r, _ := utf8.DecodeLastRune(last); len(last) > 0 {
			*prev = r
		}
		return
	}
	var raw, plain []byte
	for _, n := range run {
		v := nodeBytes(n, src)
		raw = append(raw, v...)
		if s, ok := n.(*ast.String); ok && (s.IsCode() || s.IsRaw()) {
			plain = append(plain, v...)
		} else {
			plain = append(plain, unescape(v)...)
		}
		if t, ok := n.(*ast.Text); ok && t.SoftLineBreak() {
			raw = append(raw, '\n')
			plain = append(plain, '\n')
		}
	}
	out := t.Apply(*prev, string(plain))
	if r, _ := utf8.DecodeLastRuneInString(out); out != "" {
		*prev = r
	}
	if out == string(raw) {
		return
	}
	s := ast.NewString([]byte(out))
	s.SetRaw(true)
	parent.InsertBefore(parent, run[0], s)
	for _, n := range run {
		switch n := n.(type) {
		case *ast.Text:
			n.Segment = text.NewSegment(n.Segment.Stop, n.Segment.Stop)
			n.SetSoftLineBreak(false)
		case *ast.String:
			parent.RemoveChild(parent, n)
		}
	}
}

// nodeBytes is the source text of a text node or the value of a string.
func nodeBytes(n ast.Node, src []byte) []byte {
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Value(src)
	case *ast.String:
		return n.Value
	}
	return nil
}
