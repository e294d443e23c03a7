// Package markdown converts a content file's Markdown body to HTML with
// goldmark: GitHub tables, strikethrough, autolinks, footnotes, heading ids
// made like slugs, the typographer (curly quotes, dashes, ellipses) and the
// language's typography pass (French spacing before ; : ! ? and inside
// « », apostrophes), applied to text only, never to code, URLs or
// attributes.
//
// What a page adds to its text is added to the tree too, never to the
// HTML afterwards: a communiqué's dateline opens its first paragraph, and
// the images of the site get their width, height, resized copies and lazy
// loading from their node renderer. The same tree is rendered a second
// time for feeds when asked, with every URL made absolute.
//
// Raw HTML written in Markdown is dropped with a warning naming its file
// and line, unless the site allows it.
package markdown

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// Options are the per-document settings of a conversion. They are
// comparable: a cache of conversions may use them in its key.
type Options struct {
	Typography locale.Typography
	AllowHTML  bool
	// Minify passes the HTML through the Converter's Minify.
	Minify bool
	// Site is the site's base URL ("https://example.org/"): a link to it
	// is a link to the site. Page is the site path of the document's page
	// ("/tribunes/x/"): the relative destinations of its links and images
	// are resolved against it.
	Site, Page string
	// Permalink, when set, is the page's absolute URL: the document is
	// rendered a second time with every URL absolute, for feeds (FeedHTML).
	Permalink string
	// MoveTo, when set, is a folder of the site ("/presse/embargo/x/")
	// holding a copy of every file of the site the text links to or shows
	// (Converter.Files): the document is rendered once more with those
	// copies, and every other link to the site as a site path (MovedHTML),
	// for a copy of the page at another address. FilesKey identifies the
	// site's files, so that a conversion kept for the same options knew
	// the same files.
	MoveTo   string
	FilesKey uint64
	// Dateline, when set, opens the first paragraph: a communiqué's
	// "Paris, le 25 juin 2024 –".
	Dateline string
}

// Image is what the converter needs to know of an image file of the site.
type Image struct {
	// Width and Height are its size in pixels, zero when unknown.
	Width, Height int
	// Srcset lists its resized copies and itself with their widths
	// ("/images/a-480w.png 480w, /images/a.png 1200w"), empty when there
	// are none.
	Srcset string
}

// Sizes tells browsers how wide the images of a text are shown: the text
// column.
const Sizes = "(min-width: 48rem) 46rem, 100vw"

// Link is a destination of the text that stays on the site: its clean
// site path, and where the text names it.
type Link struct {
	Path string
	Pos  content.Pos
}

// ImageUse is one image of a document looked up on the site: a cache of
// conversions keeps a document only as long as its images stay the same.
type ImageUse struct {
	Path  string
	Image Image
	Found bool
}

// Doc is a converted body.
type Doc struct {
	HTML string
	// MovedHTML is HTML with the files moved, when Options.MoveTo is set.
	MovedHTML string
	// FeedHTML is HTML with every URL absolute (the files moved too, when
	// Options.MoveTo is set), when Options.Permalink
	// was set.
	FeedHTML string
	// Text is the body as plain text, blocks separated by newlines: for
	// search, summaries and checks.
	Text string
	// Lead is the plain text of the first paragraph.
	Lead string
	// Warnings are problems that do not stop the build (dropped raw HTML).
	Warnings content.ErrorList
	// Errors are problems that do: an image without a text alternative.
	Errors content.ErrorList
	// Links are the destinations of the body's links and images that stay
	// on the site, as clean site paths ("/documents/x.pdf"), in order.
	Links []Link
	// Images are the site's images the document shows.
	Images []ImageUse
	// Memo keeps what later stages derive from Text, made once per
	// conversion.
	Memo *Memo
}

// A Memo holds one value derived from a Doc, made on first use. A text
// converted again has a new Memo, so the value is never stale.
type Memo struct {
	once sync.Once
	v    any
}

// Get returns the value, made by make the first time.
func (m *Memo) Get(make func() any) any {
	m.once.Do(func() { m.v = make() })
	return m.v
}

// Converter holds the goldmark instances, built once and safe for
// concurrent use.
type Converter struct {
	md map[key]goldmark.Markdown
	// minify appends the minified form of html to dst.
	minify func(dst *bytes.Buffer, html []byte) error
	// images describes an image of the site by its site path.
	images func(path string) (Image, bool)
	// Files reports whether a site path is one of the site's files, for
	// Options.MoveTo.
	Files func(sitePath string) bool
}

type key struct {
	french bool // guillemets instead of English curly quotes
	unsafe bool
}

// NewConverter returns a converter. minify, when not nil, is applied to
// the documents converted with Options.Minify; images describes the
// site's images by site path (nil: none is known).
func NewConverter(minify func(dst *bytes.Buffer, html []byte) error, images func(path string) (Image, bool)) *Converter {
	c := &Converter{md: map[key]goldmark.Markdown{}, minify: minify, images: images}
	for _, french := range []bool{false, true} {
		for _, unsafe := range []bool{false, true} {
			c.md[key{french, unsafe}] = newMarkdown(french, unsafe)
		}
	}
	return c
}

func newMarkdown(french, unsafe bool) goldmark.Markdown {
	subs := map[extension.TypographicPunctuation]string{
		extension.LeftSingleQuote:  "‘",
		extension.RightSingleQuote: "’",
		extension.LeftDoubleQuote:  "“",
		extension.RightDoubleQuote: "”",
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
		extension.Apostrophe:       "’",
	}
	if french {
		subs[extension.LeftDoubleQuote] = "«"
		subs[extension.RightDoubleQuote] = "»"
	}
	ropts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(newNodeRenderer(unsafe), 100))}
	if unsafe {
		ropts = append(ropts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(subs))),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(transformer{}, 1000)),
		),
		goldmark.WithRendererOptions(ropts...),
	)
}

var stateKey = parser.NewContextKey()

// state carries one conversion's settings and findings through goldmark.
type state struct {
	opts     Options
	conv     *Converter
	file     string
	body     []byte
	line     int
	warnings content.ErrorList
	errors   content.ErrorList
	text     []byte // plain text, filled by the transformer
	lead     string
	links    []Link
	images   map[*ast.Image]Image // the site's images found, by node
	uses     []ImageUse
}

// Convert renders body, the Markdown of file starting at line firstLine.
func (c *Converter) Convert(file string, body []byte, firstLine int, opts Options) Doc {
	md := c.md[key{french: opts.Typography != locale.Off, unsafe: opts.AllowHTML}]
	st := &state{opts: opts, conv: c, file: file, body: body, line: firstLine}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, st)
	root := md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	doc := Doc{Text: string(st.text), Lead: st.lead, Links: st.links, Images: st.uses, Memo: &Memo{}}
	doc.HTML = c.render(md, st, root, nil, nil)
	var moved func(string) (string, bool)
	if opts.MoveTo != "" && c.Files != nil {
		moved = func(p string) (string, bool) {
			if c.Files(p) {
				return opts.MoveTo + strings.TrimPrefix(p, "/"), true
			}
			return "", false
		}
		doc.MovedHTML = c.render(md, st, root, nil, moved)
	}
	if opts.Permalink != "" {
		if base, err := url.Parse(opts.Permalink); err == nil && base.IsAbs() {
			doc.FeedHTML = c.render(md, st, root, base, moved)
		}
	}
	doc.Warnings, doc.Errors = st.warnings, st.errors
	return doc
}

// render renders the tree, with every URL resolved against base when it
// is not nil, and the site's files moved by moved when it is not nil.
func (c *Converter) render(md goldmark.Markdown, st *state, root ast.Node, base *url.URL, moved func(string) (string, bool)) string {
	w := &writer{Buffer: &bytes.Buffer{}, images: st.images, base: base, moved: moved, sitePath: st.sitePath}
	w.Grow(len(st.body) + len(st.body)/4)
	if err := md.Renderer().Render(w, st.body, root); err != nil {
		// The HTML renderer only fails when its writer does; a bytes.Buffer
		// does not.
		panic(err)
	}
	if !st.opts.Minify || c.minify == nil {
		return w.String()
	}
	var min bytes.Buffer
	min.Grow(w.Len())
	if err := c.minify(&min, w.Bytes()); err != nil {
		if base == nil {
			st.errors = append(st.errors, content.Errorf(st.file, content.Pos{Line: st.line, Col: 1}, "minify: %v", err))
		}
		return w.String()
	}
	return min.String()
}

// lineOf gives the line in the original file of byte offset off of body.
func (s *state) lineOf(off int) int {
	return s.line + bytes.Count(s.body[:off], []byte("\n"))
}

// ids makes heading ids the way page slugs are made, unique in a document.
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := locale.Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// unescape resolves backslash escapes and character references, as the
// HTML renderer does, giving the text a reader sees.
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return b
	}
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	return util.ResolveEntityNames(b)
}
