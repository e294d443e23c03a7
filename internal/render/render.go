// Package render executes the layouts for the pages of a site model. It
// writes nothing: it gives each page's bytes to whoever asks.
//
// # Layouts
//
// Layouts are html/template files under layouts/. base.html is the page
// skeleton; it calls the block "main", which each kind's layout defines:
//
//	home.html        the home page
//	list.html        a section's list (paginated)
//	tribune.html     a tribune        (falls back to single.html)
//	communique.html  a communiqué     (falls back to single.html)
//	page.html        any other page   (falls back to single.html)
//	tags.html        the index of topics
//	tag.html         a topic's list (paginated)
//	404.html         the page for unknown URLs
//	alias.html       the redirect left at an old URL
//	press.html       the press room (/presse/)
//	person.html      a signatory's statements (falls back to list.html)
//	people.html      the index of signatories
//	feeds.html       the list of every feed (/flux/)
//	sitemap.html     the site map for readers (/plan-du-site/)
//	search.html      the search page (/recherche/)
//
// Files under layouts/partials/ are shared by all and called by path:
// {{template "partials/meta.html" .}}. A page's front matter key "layout"
// picks another file of layouts/. A missing field or key is an error, not
// an empty string.
//
// Page layouts receive a *Data. Four partials are rendered once for all
// the pages that show the same thing, and receive only what they show:
//
//	partials/header.html     a Chrome: the site, the language, the kind
//	                         of page and the active menu entry
//	partials/footer.html     a Chrome
//	partials/card.html       a Card: a statement in a list, its heading
//	                         level
//	partials/feed-links.html a FeedLinks: a feed the page links in its head
//	partials/feed-item.html  a *Data: a statement's full text in feeds,
//	                         whose URLs must be absolute (.Abs)
//
// Their output depends on nothing else, so it is kept and reused for the
// rendering of one model, and made again for the next.
//
// # Execution
//
// Layouts are parsed and executed by html/template. For minified builds,
// Parse also minifies the layouts' text (as Go templates): with Markdown
// bodies minified when converted, pages then come out minified without a
// pass over each. Errors are always reported from the layouts as written.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"tribune/internal/content"
	"tribune/internal/site"
)

// Templates are the parsed layouts, ready to render pages concurrently.
// They depend on the layouts' text alone.
type Templates struct {
	layouts Overlay
	// exact is parsed from the layouts as written: its errors name their
	// lines. run is what pages are rendered with: exact, or the layouts
	// minified beforehand.
	exact, run *tset
	// broken are layouts that failed to parse: already reported, so pages
	// using them are skipped rather than reported again.
	broken map[string]bool
}

// A tset is one parsing of the layouts: the shared base and partials, and
// for each page layout a clone of them with it.
type tset struct {
	common *template.Template
	byName map[string]*template.Template
}

// ErrBroken marks a page whose layout does not parse: the layout's own
// error says why.
var ErrBroken = errors.New("layout does not parse")

// kindLayouts gives, for each kind, the layouts to try in order.
var kindLayouts = map[site.Kind][]string{
	site.Home:       {"home.html", "list.html"},
	site.Section:    {"list.html"},
	site.Tribune:    {"tribune.html", "single.html"},
	site.Communique: {"communique.html", "single.html"},
	site.Plain:      {"page.html", "single.html"},
	site.TagIndex:   {"tags.html", "list.html"},
	site.TagPage:    {"tag.html", "list.html"},
	site.NotFound:   {"404.html"},
	site.Alias:      {"alias.html"},
	site.Press:      {"press.html"},
	site.Person:     {"person.html", "list.html"},
	site.People:     {"people.html"},
	site.FeedList:   {"feeds.html"},
	site.SiteMap:    {"sitemap.html"},
	site.Search:     {"search.html"},
	site.Thanks:     {"thanks.html"},
}

// Parse reads every layout. Errors name the layout file and line; the
// Templates returned with errors still render the pages whose layouts
// parsed. When minify is not nil, pages are rendered from the layouts
// minified by it (as Go templates); if minified layouts cannot be made,
// from the layouts as written.
func Parse(layouts Overlay, minify func(name string, src []byte) ([]byte, error)) (*Templates, error) {
	t := &Templates{layouts: layouts, broken: map[string]bool{}}
	names, _, err := layouts.Files()
	if err != nil {
		return nil, fmt.Errorf("read layouts: %w", err)
	}
	sources := map[string][]byte{}
	var errs content.ErrorList
	for _, name := range names {
		if path.Ext(name) != ".html" {
			continue
		}
		data, err := fs.ReadFile(layouts, name)
		if err != nil {
			errs = append(errs, content.Errorf(t.source(name), content.Pos{}, "cannot read: %v", err))
			continue
		}
		sources[name] = data
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	t.exact, errs = t.parseSet(names, sources, true)
	if t.exact == nil {
		return nil, errs.Err()
	}
	t.run = t.exact
	if minify != nil && len(errs) == 0 {
		small := make(map[string][]byte, len(sources))
		for name, src := range sources {
			if small[name], err = minify(name, src); err != nil {
				break
			}
		}
		if err == nil {
			if set, serrs := t.parseSet(names, small, false); set != nil && len(serrs) == 0 {
				t.run = set
			}
		}
	}
	return t, errs.Err()
}

// Minified reports whether pages are rendered from minified layouts.
func (t *Templates) Minified() bool { return t.run != t.exact }

// parseSet parses the layouts from sources; report records broken page
// layouts (for the layouts as written).
func (t *Templates) parseSet(names []string, sources map[string][]byte, report bool) (*tset, content.ErrorList) {
	var errs content.ErrorList
	set := &tset{byName: map[string]*template.Template{}}
	set.common = template.New("").Funcs(funcs).Option("missingkey=error")
	var pages []string
	for _, name := range names {
		if _, ok := sources[name]; !ok {
			continue
		}
		if name != "base.html" && !strings.HasPrefix(name, "partials/") {
			pages = append(pages, name)
			continue
		}
		if err := t.parse(set.common, name, sources[name]); err != nil {
			errs = append(errs, err)
		}
	}
	if set.common.Lookup("base.html") == nil {
		errs = append(errs, content.Errorf("layouts/base.html", content.Pos{}, "missing: every site needs a base layout"))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for _, name := range pages {
		c, err := set.common.Clone()
		if err != nil {
			return nil, content.ErrorList{content.Errorf("layouts", content.Pos{}, "%v", err)}
		}
		if perr := t.parse(c, name, sources[name]); perr != nil {
			errs = append(errs, perr)
			if report {
				t.broken[name] = true
			}
			continue
		}
		set.byName[name] = c
	}
	return set, errs
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

func (t *Templates) parse(into *template.Template, name string, data []byte) *content.Error {
	if _, err := into.New(name).Parse(string(data)); err != nil {
		return t.templateError(err, "")
	}
	return nil
}

// source names a layout for messages, saying when it is a built-in one.
func (t *Templates) source(name string) string {
	if t.layouts.InTop(name) {
		return "layouts/" + name
	}
	return "layouts/" + name + " (built-in)"
}

// html/template reports positions only inside its messages
// ("template: NAME:LINE:COL: …"); this turns them into positioned errors.
// A partial rendered through a method (.Header) fails inside the message of
// the layout calling it: the last position is the one where it failed.
var tmplErrRE = regexp.MustCompile(`template: ([^:\s]+):(\d+):(?:(\d+):)? ?`)

func (t *Templates) templateError(err error, page string) *content.Error {
	msg := err.Error()
	e := &content.Error{File: "layouts", Msg: msg}
	if all := tmplErrRE.FindAllStringSubmatchIndex(msg, -1); all != nil {
		m := all[len(all)-1]
		e.File = t.source(msg[m[2]:m[3]])
		e.Line, _ = strconv.Atoi(msg[m[4]:m[5]])
		if m[6] >= 0 {
			e.Col, _ = strconv.Atoi(msg[m[6]:m[7]])
		}
		if e.Col == 0 {
			e.Col = 1
		}
		e.Msg = msg[m[1]:]
	}
	if page != "" {
		e.Msg += " (rendering " + page + ")"
	}
	return e
}

// layout picks the layout file of a page.
func (t *Templates) layout(p *site.Page) (string, error) {
	if p.Layout != "" {
		name := p.Layout
		if path.Ext(name) == "" {
			name += ".html"
		}
		if _, ok := t.exact.byName[name]; ok {
			return name, nil
		}
		if t.broken[name] {
			return "", ErrBroken
		}
		pos := content.Pos{}
		if p.Meta != nil {
			pos = p.Meta.Pos["layout"]
		}
		return "", content.Errorf(p.Source(), pos, "unknown layout %s: add the file %s", content.Quote(p.Layout), content.Quote("layouts/"+name))
	}
	for _, name := range kindLayouts[p.Kind] {
		if _, ok := t.exact.byName[name]; ok {
			return name, nil
		}
		if t.broken[name] {
			return "", ErrBroken
		}
	}
	names := kindLayouts[p.Kind]
	if len(names) == 0 {
		return "", fmt.Errorf("no layout is known for %s pages", p.Kind)
	}
	return "", content.Errorf("layouts/"+names[0], content.Pos{}, "missing layout for %s pages (rendering %s)", p.Kind, p.Source())
}

// Options are what pages need besides the model and the layouts.
type Options struct {
	// Assets maps a static file's path to its published URL
	// ("/css/style.css" → "/css/style.1a2b3c4d.css").
	Assets map[string]string
	// Images describes the site's images by site path.
	Images func(path string) (Image, bool)
	// Head is HTML added at the end of <head> (the live-reload script).
	Head template.HTML
	// Minify, when set, minifies a page rendered from layouts as written
	// (minified layouts need no pass over their pages).
	Minify func(name string, data []byte) ([]byte, error)
}

// A Renderer renders the pages of one site model. What its partials make
// is kept for the model's other pages. It is safe for concurrent use.
type Renderer struct {
	t    *Templates
	s    *site.Site
	opts Options
	// made holds the output of the partials rendered once (see the
	// package documentation), by their input.
	mu   sync.Mutex
	made map[partialKey]*once
}

type once struct {
	sync.Once
	html template.HTML
	err  error
}

// For returns the renderer of the pages of s.
func (t *Templates) For(s *site.Site, opts Options) *Renderer {
	return &Renderer{t: t, s: s, opts: opts, made: map[partialKey]*once{}}
}

// Page renders one page.
func (r *Renderer) Page(p *site.Page) ([]byte, error) {
	lname, err := r.t.layout(p)
	if err != nil {
		return nil, err
	}
	name := "base.html"
	if p.Kind == site.Alias {
		name = "alias.html"
	}
	var buf bytes.Buffer
	set := r.t.run
	err = set.byName[lname].ExecuteTemplate(&buf, name, r.data(p, set))
	if err != nil && set != r.t.exact {
		// The layouts as written give the error with its line, or the
		// page when minifying them broke it.
		set = r.t.exact
		buf.Reset()
		err = set.byName[lname].ExecuteTemplate(&buf, name, r.data(p, set))
	}
	if err != nil {
		return nil, r.t.templateError(err, p.Source())
	}
	if r.opts.Minify != nil && set == r.t.exact {
		return r.opts.Minify(p.OutputPath(), buf.Bytes())
	}
	return buf.Bytes(), nil
}

// partial renders the partial name of the layouts set with data, once for
// the model: data is everything it shows.
func (r *Renderer) partial(set *tset, name string, data any) (template.HTML, error) {
	k := partialKey{set, name, data}
	r.mu.Lock()
	o, ok := r.made[k]
	if !ok {
		o = &once{}
		r.made[k] = o
	}
	r.mu.Unlock()
	o.Do(func() { o.html, o.err = execPartial(set, name, data) })
	return o.html, o.err
}

type partialKey struct {
	set  *tset
	name string
	data any
}

func execPartial(set *tset, name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := set.common.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// FeedContent renders partials/feed-item.html for a statement: its full
// text in feeds, with every URL absolute (feed readers show items away
// from the site).
func (r *Renderer) FeedContent(p *site.Page) (string, error) {
	d := r.data(p, r.t.run)
	d.inFeed = true
	h, err := execPartial(r.t.run, "partials/feed-item.html", d)
	if err != nil {
		return "", r.t.templateError(err, p.Source())
	}
	return string(h), nil
}
