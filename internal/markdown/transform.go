package markdown

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// transformer makes one pass over the document: it drops raw HTML (unless
// allowed), typesets text with the language's rules, collects the plain
// text a reader sees, for search, summaries and checks, and finds the
// site's images; then it puts the dateline, if any, at the start of the
// text.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := pc.Get(stateKey).(*state)
	w := &walker{st: st, src: reader.Source(), typo: st.opts.Typography}
	w.text.Grow(len(w.src))
	w.children(doc)
	st.text = bytes.TrimSpace(w.text.Bytes())
	st.lead = w.lead
	if st.opts.Dateline != "" {
		dateline(doc, st.opts.Dateline)
	}
}

type walker struct {
	st   *state
	src  []byte
	typo locale.Typography
	prev rune // last rune of the text before, in the current block
	text bytes.Buffer
	lead string
	run  []ast.Node
}

// children walks the children of parent, typesetting runs of adjacent text
// and string nodes as one text: goldmark splits text at characters such as
// "!", and the space to replace may sit in the node before the sign.
func (w *walker) children(parent ast.Node) {
	start := len(w.run)
	flush := func() {
		if len(w.run) > start {
			w.textRun(parent, w.run[start:])
			w.run = w.run[:start]
		}
	}
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch n := c.(type) {
		case *ast.Text:
			if (n.HardLineBreak() || n.SoftLineBreak()) && n.Segment.Len() == 0 {
				w.trimBeforeBreak(n)
			}
			w.run = append(w.run, n)
			if n.HardLineBreak() {
				flush()
			}
		case *ast.String:
			w.run = append(w.run, n)
		case *ast.CodeSpan:
			// Code and URLs are words to the rules around them, but are
			// never changed themselves.
			flush()
			for t := n.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					w.text.Write(t.Segment.Value(w.src))
				}
			}
			w.prev = 'a'
		case *ast.AutoLink:
			flush()
			w.link(util.URLEscape(n.URL(w.src), true), w.posOf(n))
			w.text.Write(n.Label(w.src))
			w.prev = 'a'
		case *ast.RawHTML:
			flush()
			w.dropHTML(n, n.Segments.Len() > 0, func() int { return n.Segments.At(0).Start })
		case *ast.HTMLBlock:
			flush()
			w.dropHTML(n, n.Lines().Len() > 0, func() int { return n.Lines().At(0).Start })
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			flush()
			lines := c.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				w.text.Write(seg.Value(w.src))
			}
			w.endBlock()
		case *east.FootnoteLink, *east.FootnoteBacklink:
			flush()
		default:
			flush()
			switch n := c.(type) {
			case *ast.Link:
				// As goldmark writes it: escapes and references resolved.
				w.link(util.URLEscape(n.Destination, true), w.posOf(n))
			case *ast.Image:
				w.link(util.URLEscape(n.Destination, true), w.posOf(n))
				w.image(n, parent)
				w.siteImage(n)
			}
			if c.Type() != ast.TypeBlock {
				w.children(c)
				break
			}
			w.prev = 0
			mark := w.text.Len()
			w.children(c)
			if w.lead == "" && c.Kind() == ast.KindParagraph && w.text.Len() > mark {
				w.lead = string(bytes.TrimSpace(w.text.Bytes()[mark:]))
			}
			w.endBlock()
			w.prev = 0
		}
		c = next
	}
	flush()
}

// decorative are the image titles that mark an image as carrying no
// information: ![](fleuron.png "décoratif"). It then gets alt="".
var decorative = map[string]bool{"decorative": true, "décoratif": true, "décorative": true, "decoratif": true}

// image checks that an image has a text alternative, unless marked
// decorative.
func (w *walker) image(n *ast.Image, parent ast.Node) {
	if decorative[strings.ToLower(strings.TrimSpace(string(n.Title)))] {
		n.Title = nil
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			n.RemoveChild(n, c)
			c = next
		}
		return
	}
	alt := ""
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		alt += string(nodeBytes(c, w.src))
	}
	if strings.TrimSpace(alt) != "" {
		return
	}
	pos := content.Pos{Line: w.st.line, Col: 1}
	for b := parent; b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			off := b.Lines().At(0).Start
			pos = content.Pos{Line: w.st.lineOf(off), Col: col(w.src, off)}
			break
		}
	}
	w.st.errors = append(w.st.errors, content.Errorf(w.st.file, pos,
		"image %s has no text alternative: write ![what it shows](%s), or ![](%s \"décoratif\") if it carries no information",
		n.Destination, n.Destination, n.Destination))
}

// siteImage looks up an image shown from the site's own files, for its
// node renderer.
func (w *walker) siteImage(n *ast.Image) {
	p, ok := w.st.sitePath(string(n.Destination))
	if !ok || w.st.conv.images == nil {
		return
	}
	img, found := w.st.conv.images(p)
	w.st.uses = append(w.st.uses, ImageUse{Path: p, Image: img, Found: found})
	if w.st.images == nil {
		w.st.images = map[*ast.Image]Image{}
	}
	if found {
		w.st.images[n] = img
	} else {
		w.st.images[n] = Image{} // lazy loading only
	}
}

// sitePath is the site path ("/documents/x.pdf") a destination written in
// the text leads to, when it stays on the site: a relative or site path,
// or an absolute URL of the site's own address, in any case, with or
// without its scheme, its default port or the dot that ends a full domain
// name. It reads the destination as browsers do: tabs and line breaks
// dropped, backslashes taken for slashes, "https:/x" for "/x".
func (st *state) sitePath(dest string) (string, bool) {
	dest = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return -1
		case r == '\\':
			return '/'
		}
		return r
	}, strings.TrimFunc(dest, func(r rune) bool { return r <= ' ' }))
	u, err := url.Parse(dest)
	if err != nil {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	web := scheme == "" || scheme == "http" || scheme == "https"
	switch {
	case u.Host != "":
		base, err := url.Parse(st.opts.Site)
		if err != nil || !web || !sameHost(u, base) {
			return "", false
		}
		rest, ok := strings.CutPrefix(u.Path, strings.TrimSuffix(base.Path, "/"))
		if !ok || rest != "" && rest[0] != '/' {
			return "", false
		}
		return cleanPath(rest), true
	case u.Opaque != "" && web:
		// "https:docs/x.pdf": relative, as browsers read it on a page of
		// the same scheme.
		return cleanPath(path.Join(st.opts.Page, u.Opaque)), true
	case !web || u.Opaque != "":
		return "", false // mailto:, tel:…
	case u.Path == "":
		return st.opts.Page, u.Fragment == "" && u.RawQuery == ""
	case strings.HasPrefix(u.Path, "/"):
		return cleanPath(u.Path), true
	}
	return cleanPath(path.Join(st.opts.Page, u.Path)), true
}

// sameHost reports whether u names the host of the site's base URL: in any
// case, with or without a final dot or the scheme's default port.
func sameHost(u, base *url.URL) bool {
	host := func(u *url.URL) string {
		h, port := strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), u.Port()
		if port == "" || port == "443" && u.Scheme != "http" || port == "80" && strings.ToLower(u.Scheme) != "https" {
			return h
		}
		return h + ":" + port
	}
	return host(u) == host(base)
}

func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	return path.Clean(p)
}

// link records a destination that stays on the site, and where it is.
func (w *walker) link(dest []byte, pos content.Pos) {
	if p, ok := w.st.sitePath(string(dest)); ok && len(dest) > 0 && dest[0] != '#' {
		w.st.links = append(w.st.links, Link{Path: p, Pos: pos})
	}
}

// rawLinks records the destinations in raw HTML that stay on the site:
// of links and images, and of every other attribute, style or refresh that
// makes a browser fetch or follow a URL.
func (w *walker) rawLinks(raw []byte, pos content.Pos) {
	eachRef(raw, func(v string) { w.link([]byte(v), pos) })
}

// posOf is where a link or image starts in the source: at its text, else
// at the block that holds it.
func (w *walker) posOf(n ast.Node) content.Pos {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok && t.Segment.Len() > 0 {
			return content.Pos{Line: w.st.lineOf(t.Segment.Start), Col: col(w.src, t.Segment.Start)}
		}
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			off := b.Lines().At(0).Start
			return content.Pos{Line: w.st.lineOf(off), Col: col(w.src, off)}
		}
	}
	return content.Pos{Line: w.st.line, Col: 1}
}

// endBlock separates blocks with a newline in the plain text.
func (w *walker) endBlock() {
	if b := w.text.Bytes(); len(b) > 0 && b[len(b)-1] != '\n' {
		w.text.WriteByte('\n')
	}
}

// dropHTML removes a raw HTML node with a warning, unless HTML is allowed:
// then the destinations of its links are recorded.
func (w *walker) dropHTML(n ast.Node, hasPos bool, start func() int) {
	if w.st.opts.AllowHTML {
		pos := content.Pos{Line: w.st.line, Col: 1}
		if hasPos {
			pos = content.Pos{Line: w.st.lineOf(start()), Col: col(w.src, start())}
		}
		w.rawLinks(rawBytes(n, w.src), pos)
		return
	}
	if _, ok := n.(*ast.RawHTML); ok {
		if tag := rawBytes(n, w.src); langSpan.Match(tag) {
			// The one tag kept: a passage in another language.
			s := ast.NewString(tag)
			s.SetCode(true)
			n.Parent().ReplaceChild(n.Parent(), n, s)
			return
		}
	}
	pos := content.Pos{Line: w.st.line, Col: 1}
	if hasPos {
		off := start()
		pos = content.Pos{Line: w.st.lineOf(off), Col: col(w.src, off)}
	}
	w.st.warnings = append(w.st.warnings, content.Errorf(w.st.file, pos,
		"raw HTML dropped: write it in Markdown, or set allowHTML = true in site.toml"))
	n.Parent().RemoveChild(n.Parent(), n)
}

// rawBytes is the source of a raw HTML node.
func rawBytes(n ast.Node, src []byte) []byte {
	var out []byte
	switch n := n.(type) {
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			out = append(out, seg.Value(src)...)
		}
	case *ast.HTMLBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			out = append(out, seg.Value(src)...)
		}
		if n.HasClosure() {
			seg := n.ClosureLine
			out = append(out, seg.Value(src)...)
		}
	}
	return out
}

// langSpan matches the tags that mark a passage in another language,
// <span lang="en">…</span>: kept even when raw HTML is not allowed.
var langSpan = regexp.MustCompile(`^(<span lang="[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?">|</span>)$`)

func col(src []byte, off int) int {
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	return 1 + utf8.RuneCount(src[start:off])
}

// textRun typesets consecutive text and string siblings as one text and
// adds it to the plain text. When typesetting changes anything, the run is
// replaced by one string node, escaped on output but not unescaped again;
// emptied text nodes stay for the hard line break that may end the run.
func (w *walker) textRun(parent ast.Node, run []ast.Node) {
	mark := w.text.Len()
	signs := false
	for _, n := range run {
		v := nodeBytes(n, w.src)
		if s, ok := n.(*ast.String); ok && (s.IsCode() || s.IsRaw()) {
			w.text.Write(v)
		} else {
			w.text.Write(unescape(v))
		}
		if t, ok := n.(*ast.Text); ok {
			if t.HardLineBreak() {
				w.text.WriteByte('\n')
			} else if t.SoftLineBreak() {
				w.text.WriteByte(' ')
			}
		}
		signs = signs || locale.Changes(v)
	}
	plain := w.text.Bytes()[mark:]
	if !signs || w.typo == locale.Off {
		if r, size := utf8.DecodeLastRune(bytes.TrimRight(plain, "\n ")); size > 0 {
			w.prev = r
		}
		return
	}
	hard := false
	if t, ok := run[len(run)-1].(*ast.Text); ok && t.HardLineBreak() {
		hard = true
		plain = plain[:len(plain)-1] // the break stays with its node
	}
	out := w.typo.ApplyBytes(make([]byte, 0, len(plain)+8), w.prev, string(plain))
	if r, _ := utf8.DecodeLastRune(out); len(out) > 0 {
		w.prev = r
	}
	w.text.Truncate(mark)
	w.text.Write(out)
	if hard {
		w.text.WriteByte('\n')
	}
	s := ast.NewString(out)
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

// trimBeforeBreak removes the spaces and tabs that end the line of t, an
// empty text node that ends it, from the text nodes before it. goldmark
// trims them when a line is one text node, but not when linkify's parser,
// called at every space, has cut the line into several: "a    " then a
// hard break would keep a space before <br>.
func (w *walker) trimBeforeBreak(t *ast.Text) {
	start := t.Segment.Start
	for n := t.PreviousSibling(); n != nil; n = n.PreviousSibling() {
		p, ok := n.(*ast.Text)
		if !ok || p.Segment.Stop != start {
			return
		}
		seg := p.Segment
		for seg.Stop > seg.Start && (w.src[seg.Stop-1] == ' ' || w.src[seg.Stop-1] == '\t') {
			seg.Stop--
		}
		p.Segment = seg
		if seg.Len() > 0 {
			return
		}
		start = seg.Start
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
