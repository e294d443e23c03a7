package markdown

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"tribune/internal/locale"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// writer is what a document is rendered into: a buffer, with what the
// node renderers need to know of this rendering.
type writer struct {
	*bytes.Buffer
	// images are the site's images of the document, by node.
	images map[*ast.Image]Image
	// base, when set, is the URL every relative URL is resolved against:
	// the rendering for feeds.
	base *url.URL
	// moved, when set, gives the new place of a site path (the copy for
	// journalists of a text under embargo, at another address): every
	// link to the site is then written as a site path, moved or not.
	moved    func(string) (string, bool)
	sitePath func(string) (string, bool)
}

func (*writer) Buffered() int { return 0 }
func (*writer) Flush() error  { return nil }

// url is the destination dest as written in an attribute of this
// rendering: URL-escaped, and made absolute in the rendering for feeds.
func (w *writer) url(dest []byte) []byte {
	d := util.URLEscape(dest, true)
	if w != nil && w.moved != nil && len(d) > 0 && d[0] != '#' {
		if p, ok := w.sitePath(string(d)); ok {
			if m, ok := w.moved(p); ok {
				p = m
			} else if u, err := url.Parse(string(d)); err == nil && strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
				p += "/" // a page's URL, as written
			}
			if w.base != nil {
				return []byte(w.base.ResolveReference(&url.URL{Path: p}).String())
			}
			return util.URLEscape([]byte(p), false)
		}
	}
	if w == nil || w.base == nil {
		return d
	}
	u, err := url.Parse(string(d))
	if err != nil || u.IsAbs() {
		return d
	}
	return []byte(w.base.ResolveReference(u).String())
}

// nodeRenderer renders the nodes whose output depends on the rendering:
// links, images, footnote references and raw HTML (absolute URLs in feeds,
// sizes and resized copies of the site's images), and the dateline.
type nodeRenderer struct {
	unsafe bool
	// plain are goldmark's own renderers, for raw HTML in pages.
	plain map[ast.NodeKind]renderer.NodeRendererFunc
}

func newNodeRenderer(unsafe bool) nodeRenderer {
	r := nodeRenderer{unsafe: unsafe, plain: map[ast.NodeKind]renderer.NodeRendererFunc{}}
	var opts []html.Option
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	}
	html.NewRenderer(opts...).(renderer.NodeRenderer).RegisterFuncs(funcs(r.plain))
	return r
}

// funcs collects a renderer's functions by node kind.
type funcs map[ast.NodeKind]renderer.NodeRendererFunc

func (f funcs) Register(k ast.NodeKind, v renderer.NodeRendererFunc) { f[k] = v }

func (r nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindImage, r.image)
	reg.Register(east.KindFootnoteLink, r.footnoteLink)
	reg.Register(east.KindFootnoteBacklink, r.footnoteBacklink)
	reg.Register(kindDateline, r.dateline)
	reg.Register(ast.KindRawHTML, r.raw)
	reg.Register(ast.KindHTMLBlock, r.raw)
}

// raw writes raw HTML as goldmark does, but for feeds, where the URLs of
// its links and images are made absolute.
func (r nodeRenderer) raw(bw util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	w, _ := bw.(*writer)
	if w == nil || w.base == nil && w.moved == nil || !r.unsafe {
		return r.plain[node.Kind()](bw, source, node, entering)
	}
	if entering {
		bw.Write(eachURL(rawBytes(node, source), func(_, v string) string { return string(w.url([]byte(v))) }))
	}
	return ast.WalkSkipChildren, nil
}

func (r nodeRenderer) link(bw util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	w, _ := bw.(*writer)
	n := node.(*ast.Link)
	if !entering {
		bw.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	bw.WriteString(`<a href="`)
	r.dest(bw, w, n.Destination)
	bw.WriteByte('"')
	if n.Title != nil {
		bw.WriteString(` title="`)
		html.DefaultWriter.Write(bw, n.Title)
		bw.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(bw, n, html.LinkAttributeFilter)
	}
	bw.WriteByte('>')
	return ast.WalkContinue, nil
}

// dest writes a link or image destination, or nothing when it is
// dangerous (javascript:…) and raw HTML is not allowed.
func (r nodeRenderer) dest(bw util.BufWriter, w *writer, dest []byte) {
	if !r.unsafe && html.IsDangerousURL(util.URLEscape(dest, true)) {
		return
	}
	bw.Write(util.EscapeHTML(w.url(dest)))
}

// image writes the <img> of an image; one of the site's images gets its
// width and height (the page does not shift as it loads), its resized
// copies and lazy loading: the text comes after the title and standfirst,
// below the fold.
func (r nodeRenderer) image(bw util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w, _ := bw.(*writer)
	n := node.(*ast.Image)
	bw.WriteString(`<img src="`)
	r.dest(bw, w, n.Destination)
	bw.WriteByte('"')
	if img, ok := w.image(n); ok {
		if img.Width > 0 && img.Height > 0 {
			bw.WriteString(` width="` + strconv.Itoa(img.Width) + `" height="` + strconv.Itoa(img.Height) + `"`)
		}
		bw.WriteString(` loading="lazy" decoding="async"`)
		if img.Srcset != "" {
			bw.WriteString(` srcset="`)
			bw.Write(util.EscapeHTML([]byte(w.srcset(img.Srcset))))
			bw.WriteString(`" sizes="` + Sizes + `"`)
		}
	}
	bw.WriteString(` alt="`)
	altText(bw, source, n)
	bw.WriteByte('"')
	if n.Title != nil {
		bw.WriteString(` title="`)
		html.DefaultWriter.Write(bw, n.Title)
		bw.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(bw, n, html.ImageAttributeFilter)
	}
	bw.WriteString(">")
	return ast.WalkSkipChildren, nil
}

func (w *writer) image(n *ast.Image) (Image, bool) {
	if w == nil {
		return Image{}, false
	}
	img, ok := w.images[n]
	return img, ok
}

// srcset resolves each URL of a srcset in the rendering for feeds.
func (w *writer) srcset(s string) string {
	if w.base == nil && w.moved == nil {
		return s
	}
	parts := strings.Split(s, ", ")
	for i, part := range parts {
		u, width, _ := strings.Cut(part, " ")
		parts[i] = string(w.url([]byte(u))) + " " + width
	}
	return strings.Join(parts, ", ")
}

// altText writes the text of an image's description, as goldmark's own
// renderer does.
func altText(bw util.BufWriter, source []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.String:
			switch {
			case c.IsCode():
				bw.Write(c.Value)
			case c.IsRaw():
				html.DefaultWriter.RawWrite(bw, c.Value)
			default:
				html.DefaultWriter.Write(bw, c.Value)
			}
		case *ast.Text:
			if c.IsRaw() {
				html.DefaultWriter.RawWrite(bw, c.Segment.Value(source))
				continue
			}
			html.DefaultWriter.Write(bw, c.Segment.Value(source))
			if c.HardLineBreak() {
				bw.WriteString("<br>\n")
			} else if c.SoftLineBreak() {
				bw.WriteByte('\n')
			}
		default:
			altText(bw, source, c)
		}
	}
}

// footnoteLink and footnoteBacklink write the links between a footnote
// and where it is called, as goldmark's footnote extension does with its
// default settings, with the page's own URL before the fragment in feeds.
func (r nodeRenderer) footnoteLink(bw util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w, _ := bw.(*writer)
	n := node.(*east.FootnoteLink)
	i := strconv.Itoa(n.Index)
	bw.WriteString(`<sup id="fnref` + refIndex(n.RefIndex) + ":" + i + `"><a href="`)
	bw.Write(util.EscapeHTML(w.url([]byte("#fn:" + i))))
	bw.WriteString(`" class="footnote-ref" role="doc-noteref">` + i + `</a></sup>`)
	return ast.WalkContinue, nil
}

func (r nodeRenderer) footnoteBacklink(bw util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w, _ := bw.(*writer)
	n := node.(*east.FootnoteBacklink)
	bw.WriteString(`&#160;<a href="`)
	bw.Write(util.EscapeHTML(w.url([]byte("#fnref" + refIndex(n.RefIndex) + ":" + strconv.Itoa(n.Index)))))
	bw.WriteString(`" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>`)
	return ast.WalkContinue, nil
}

func refIndex(i int) string {
	if i > 0 {
		return strconv.Itoa(i)
	}
	return ""
}

// kindDateline is the kind of the dateline node.
var kindDateline = ast.NewNodeKind("Dateline")

// datelineNode is a communiqué's dateline, "Paris, le 25 juin 2024 –",
// at the start of its first paragraph.
type datelineNode struct {
	ast.BaseInline
	text string
}

func (n *datelineNode) Kind() ast.NodeKind { return kindDateline }

func (n *datelineNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Text": n.text}, nil)
}

// dateline opens the first paragraph of doc with the dateline text, or
// puts it in a paragraph of its own when the text does not start with one.
func dateline(doc *ast.Document, text string) {
	first, ok := doc.FirstChild().(*ast.Paragraph)
	if !ok {
		first = ast.NewParagraph()
		prepend(doc, first)
	}
	prepend(first, &datelineNode{text: text})
}

func prepend(parent, child ast.Node) {
	if parent.FirstChild() == nil {
		parent.AppendChild(parent, child)
		return
	}
	parent.InsertBefore(parent, parent.FirstChild(), child)
}

func (r nodeRenderer) dateline(bw util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		bw.WriteString(`<span class="dateline">`)
		text := node.(*datelineNode).text
		if w, _ := bw.(*writer); w != nil && w.base != nil {
			bw.Write(util.EscapeHTML([]byte(text))) // feeds: plain text
		} else {
			bw.WriteString(locale.HTML(text)) // "le 1<sup>er</sup> mars"
		}
		bw.WriteString(`</span> `)
	}
	return ast.WalkContinue, nil
}
