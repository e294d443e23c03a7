// Package markdown converts a content file's Markdown body to HTML with
// goldmark: GitHub tables, strikethrough, autolinks, footnotes, heading ids
// made like slugs, the typographer (curly quotes, dashes, ellipses) and the
// language's typography pass (French spacing before ; : ! ? and inside
// « », apostrophes), applied to text only, never to code, URLs or
// attributes.
//
// Raw HTML written in Markdown is dropped with a warning naming its file
// and line, unless the site allows it.
package markdown

import (
	"bytes"
	"strconv"
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

// Options are the per-document settings of a conversion.
type Options struct {
	Typography locale.Typography
	AllowHTML  bool
	// Minify passes the HTML through the Converter's Minify.
	Minify bool
}

// Doc is a converted body.
type Doc struct {
	HTML string
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
	// on the site ("/documents/x.pdf", "photo.jpg"), in order.
	Links []string
}

// Converter holds the goldmark instances, built once and safe for
// concurrent use.
type Converter struct {
	once sync.Once
	md   map[key]goldmark.Markdown
	// Minify, when set, appends the minified form of html to dst, for the
	// documents converted with Options.Minify.
	Minify func(dst *bytes.Buffer, html []byte) error
}

type key struct {
	french  bool // guillemets instead of English curly quotes
	unsafe  bool
	linkify bool // bare URLs and e-mail addresses become links
}

var stateKey = parser.NewContextKey()

// state carries one conversion's settings and findings through goldmark.
type state struct {
	opts     Options
	file     string
	body     []byte
	line     int
	warnings content.ErrorList
	errors   content.ErrorList
	text     []byte        // plain text, filled by the transformer
	textBuf  *bytes.Buffer // holds text
	lead     string
	links    []string
	// relink is set when a document parsed without linkify has text that
	// linkify might turn into a link: it is parsed again with it.
	relink bool
	marks  []int // where the URLs that linkCheck looks for start
}

func (c *Converter) init() {
	c.md = map[key]goldmark.Markdown{}
	for i := range 8 {
		french, unsafe, link := i&1 != 0, i&2 != 0, i&4 != 0
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
		var ropts []renderer.Option
		if unsafe {
			ropts = append(ropts, html.WithUnsafe())
		}
		exts := []goldmark.Extender{extension.Table, extension.Strikethrough}
		transformers := []util.PrioritizedValue{util.Prioritized(transformer{}, 1000)}
		if link {
			exts = append(exts, linkify{})
		} else {
			transformers = append(transformers, util.Prioritized(linkCheck{}, 100))
		}
		exts = append(exts, extension.Footnote, extension.NewTypographer(extension.WithTypographicSubstitutions(subs)))
		c.md[key{french, unsafe, link}] = goldmark.New(
			goldmark.WithExtensions(exts...),
			goldmark.WithParserOptions(
				parser.WithAutoHeadingID(),
				parser.WithASTTransformers(transformers...),
			),
			goldmark.WithRendererOptions(ropts...),
		)
	}
}

// Convert renders body, the Markdown of file starting at line firstLine.
func (c *Converter) Convert(file string, body []byte, firstLine int, opts Options) Doc {
	c.once.Do(c.init)
	link, marks := mayLinkify(body)
	k := key{french: opts.Typography != locale.Off, unsafe: opts.AllowHTML, linkify: forceLinkify || link}
	md, st, root := c.parse(k, file, body, firstLine, opts, marks)
	if st.relink {
		k.linkify = true
		md, st, root = c.parse(k, file, body, firstLine, opts, nil)
	}
	bufs := convBufs.Get().(*[2]bytes.Buffer)
	defer convBufs.Put(bufs)
	buf := &bufs[0]
	buf.Reset()
	if err := md.Renderer().Render(bufWriter{buf}, body, root); err != nil {
		// The HTML renderer only fails when its writer does; a bytes.Buffer
		// does not.
		panic(err)
	}
	html := buf.Bytes()
	if opts.Minify && c.Minify != nil {
		min := &bufs[1]
		min.Reset()
		if err := c.Minify(min, html); err != nil {
			st.errors = append(st.errors, content.Errorf(file, content.Pos{Line: firstLine, Col: 1}, "minify: %v", err))
		} else {
			html = min.Bytes()
		}
	}
	doc := Doc{HTML: string(html), Text: string(st.text), Lead: st.lead, Warnings: st.warnings, Errors: st.errors, Links: st.links}
	if st.textBuf != nil {
		textBufs.Put(st.textBuf)
	}
	return doc
}

// convBufs are the buffers a conversion renders and minifies into.
var convBufs = sync.Pool{New: func() any { return new([2]bytes.Buffer) }}

func (c *Converter) parse(k key, file string, body []byte, firstLine int, opts Options, marks []int) (goldmark.Markdown, *state, ast.Node) {
	md := c.md[k]
	st := &state{opts: opts, file: file, body: body, line: firstLine, marks: marks}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, st)
	return md, st, md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
}

// bufWriter lets goldmark's renderer write straight into a bytes.Buffer,
// instead of through a bufio.Writer of its own.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

var _ util.BufWriter = bufWriter{}

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
