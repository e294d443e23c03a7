// Package render executes the layouts for every page of a site model and
// returns the output files as a map from path to bytes. It writes nothing.
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
// partials/feed-item.html renders a statement's full text in feeds.
//
// Files under layouts/partials/ are shared by all and called by path:
// {{template "partials/meta.html" .}}. A page's front matter key "layout"
// picks another file of layouts/. Every layout receives a *Data. A missing
// field or key is an error, not an empty string.
//
// # Execution
//
// Layouts are parsed by html/template and executed by package texec, which
// runs the trees html/template has made safe without its reflection, and
// leaves to html/template whatever it does not handle. For minified builds,
// ParseMinified also minifies the layouts' text (as Go templates): with
// Markdown bodies minified when converted, pages come out minified without
// a pass over each. Errors are always reported from the layouts as written.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tribune/internal/content"
	"tribune/internal/site"
	"tribune/internal/texec"
)

// Templates are the parsed layouts, ready to render pages concurrently.
type Templates struct {
	layouts Overlay
	// exact is parsed from the layouts as written: its errors name their
	// lines. run is what pages are rendered with: exact, or the layouts
	// minified beforehand (see ParseMinified).
	exact, run *tset
	// broken are layouts that failed to parse: already reported, so pages
	// using them are skipped rather than reported again.
	broken map[string]bool
	// hash identifies the layouts' text, for caches.
	hash hash.Hash64
	// cardOverridden is set when the site has its own partials/card.html.
	cardOverridden bool
	// top lists the layouts the site has its own version of.
	top       map[string]bool
	fallbacks atomic.Int64
}

// A tset is one parsing of the layouts: the shared base and partials, and
// for each page layout a clone of them with it. Each has its texec set,
// which runs the escaped trees without html/template's reflection;
// html/template runs whatever texec leaves to it.
type tset struct {
	common     *template.Template
	byName     map[string]*template.Template
	fastCommon *texec.Set
	fast       map[*template.Template]*texec.Set
}

// Slow, when set, renders the plain way: layouts with html/template alone,
// each feed encoded whole. The tests compare the two ways.
var Slow = false

// adapters are the signatures of the methods layouts call most, which
// texec then calls without reflection.
var adapters = []texec.Adapter{
	texec.Func0[*Data, string](),
	texec.Func0[*Data, bool](),
	texec.Func0[*Data, int](),
	texec.Func0[*Data, template.HTML](),
	texec.Func0[*Data, []site.Crumb](),
	texec.Func0[*Data, []*site.Feed](),
	texec.Func0[*Data, *site.Feed](),
	texec.Func0E[*Data, template.JS](),
	texec.Func1[*Data, string, string](),
	texec.Func1[*Data, time.Time, string](),
	texec.Func1[*Data, *site.Page, string](),
	texec.Func1[*Data, int64, string](),
	texec.Func1[*Data, string, *Image](),
	texec.Func1[*Data, *site.Page, template.HTML](),
	texec.Func1E[*Data, *site.Page, template.HTML](),
	texec.Func2E[*Data, string, string, template.HTML](),
	texec.Func0[*site.Kind, bool](),
	texec.Func0[*site.State, string](),
	texec.Func0[*time.Time, bool](),
	texec.Func0[*site.Page, time.Time](),
	texec.Func0[*site.Pager, []site.PagerLink](),
}

// execute runs the template name of tmpl, a template of set, by texec
// when it can.
func (t *Templates) execute(set *tset, tmpl *template.Template, buf *bytes.Buffer, name string, d *Data) error {
	if !Slow {
		fast := set.fastCommon
		if tmpl != set.common {
			fast = set.fast[tmpl]
		}
		if fast != nil {
			err := fast.Execute(buf, name, d)
			if err == nil {
				return nil
			}
			t.fallbacks.Add(1)
			if os.Getenv("TEXEC_DEBUG") != "" {
				fmt.Fprintln(os.Stderr, "texec fallback:", name, d.Page.URL, d.Page.Kind, err)
			}
		}
	}
	return tmpl.ExecuteTemplate(buf, name, d)
}

// Fallbacks counts the executions texec left to html/template.
func (t *Templates) Fallbacks() int64 { return t.fallbacks.Load() }

// errBroken marks a page whose layout is broken.
var errBroken = errors.New("layout does not parse")

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
}

// Parse reads every layout. Errors name the layout file and line.
func Parse(layouts Overlay) (*Templates, error) {
	return ParseMinified(layouts, nil)
}

// ParseMinified is Parse, and when minify is set, it also renders pages
// with the layouts minified by it (as Go templates): with Markdown bodies
// minified once when converted, pages then come out minified without a
// pass over each. The layouts as written still report errors, with their
// own line numbers; when minified layouts cannot be made, pages are
// rendered from the layouts as written.
func ParseMinified(layouts Overlay, minify func(name string, src []byte) ([]byte, error)) (*Templates, error) {
	t := &Templates{layouts: layouts, broken: map[string]bool{}, hash: fnv.New64a()}
	names, err := layouts.Files()
	if err != nil {
		return nil, fmt.Errorf("read layouts: %w", err)
	}
	t.top = map[string]bool{}
	for _, name := range names {
		t.top[name] = layouts.InTop(name)
	}
	t.cardOverridden = t.top["partials/card.html"]
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
		t.hash.Write([]byte(name))
		t.hash.Write(data)
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
		t.hash.Write([]byte("\x00minified"))
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
	set.fastCommon = texec.New(set.common, funcs, adapters...)
	set.fast = make(map[*template.Template]*texec.Set, len(set.byName))
	for _, c := range set.byName {
		set.fast[c] = texec.New(c, funcs, adapters...)
	}
	return set, errs
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
var tmplErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

func (t *Templates) templateError(err error, page string) *content.Error {
	msg := err.Error()
	e := &content.Error{File: "layouts", Msg: msg}
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		e.File = t.source(m[1])
		e.Line, _ = strconv.Atoi(m[2])
		e.Col, _ = strconv.Atoi(m[3])
		if e.Col == 0 {
			e.Col = 1
		}
		e.Msg = m[4]
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
			return "", errBroken
		}
		pos := content.Pos{}
		if p.Meta != nil {
			pos = p.Meta.Pos["layout"]
		}
		return "", content.Errorf(p.Source(), pos, "unknown layout %q: add layouts/%s", p.Layout, name)
	}
	for _, name := range kindLayouts[p.Kind] {
		if _, ok := t.exact.byName[name]; ok {
			return name, nil
		}
		if t.broken[name] {
			return "", errBroken
		}
	}
	names := kindLayouts[p.Kind]
	if len(names) == 0 {
		return "", fmt.Errorf("no layout is known for %s pages", p.Kind)
	}
	return "", content.Errorf("layouts/"+names[0], content.Pos{}, "missing layout for %s pages (rendering %s)", p.Kind, p.Source())
}

// bufs recycles page buffers: pages are rendered by the thousand.
var bufs = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// run is the state shared by the pages of one rendering of a site.
type run struct {
	t         *Templates
	s         *site.Site
	version   uint64
	cache     *Cache
	digests   map[*site.Page]uint64 // read-only once rendering starts
	cards     sync.Map              // cardKey → template.HTML
	partials  sync.Map              // partialKey → template.HTML
	feedItems sync.Map              // *site.Page → string
	feedEnc   sync.Map              // *site.Page → *feedItem
	prepared  *Words
}

type partialKey struct{ name, key string }

type cardKey struct {
	p     *site.Page
	lang  string
	level int
}

func (t *Templates) execPartial(name string, d *Data) (template.HTML, error) {
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf)
	buf.Reset()
	if err := t.execute(d.set, d.set.common, buf, name, d); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// Page renders one page.
func (t *Templates) Page(s *site.Site, p *site.Page, extra Extra) ([]byte, error) {
	return t.page(&run{t: t}, s, p, extra)
}

func (t *Templates) page(r *run, s *site.Site, p *site.Page, extra Extra) ([]byte, error) {
	b, done, err := t.pageBuf(r, s, p, extra)
	if done != nil {
		b = bytes.Clone(b)
		done()
	}
	return b, err
}

// pageBuf renders a page; when done is not nil, the page is in a pooled
// buffer that done gives back.
func (t *Templates) pageBuf(r *run, s *site.Site, p *site.Page, extra Extra) (page []byte, done func(), err error) {
	lname, lerr := t.layout(p)
	if lerr != nil {
		return nil, nil, lerr
	}
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if done == nil {
			bufs.Put(buf)
		}
	}()
	name := "base.html"
	if p.Kind == site.Alias {
		name = "alias.html"
	}
	set := t.run
	d := newData(r, s, p, extra)
	err = t.execute(set, set.byName[lname], buf, name, d)
	if err != nil && set != t.exact {
		// The layouts as written give the error with its line, or the
		// page when minifying them broke it.
		set = t.exact
		buf.Reset()
		d.set = set
		err = t.execute(set, set.byName[lname], buf, name, d)
	}
	if err != nil {
		return nil, nil, t.templateError(err, p.Source())
	}
	if extra.Post != nil && (set == t.exact || !extra.Minified) {
		out, err := extra.Post(p.OutputPath(), buf.Bytes())
		if err == nil && len(out) > 0 && &out[0] == &buf.Bytes()[0] {
			out = bytes.Clone(out) // Post gave the buffer back: it is reused
		}
		return out, nil, err
	}
	return buf.Bytes(), func() { bufs.Put(buf) }, nil
}

// Extra is what a page's templates need beyond the model.
type Extra struct {
	// Assets maps a static file's path to its published URL
	// ("/css/style.css" → "/css/style.1a2b3c4d.css").
	Assets map[string]string
	// Head is HTML added at the end of <head> (the live-reload script).
	Head template.HTML
	// Post, when set, transforms each rendered page (minification), in
	// the same worker so the page is still in the cache.
	Post func(name string, data []byte) ([]byte, error)
	// Minified says that the Markdown bodies are minified already: pages
	// rendered from minified layouts then skip Post.
	Minified bool
	// Images describes the site's images by site path.
	Images map[string]Image
	// Cache, when set, keeps the output of this rendering for the next one,
	// which re-renders only the pages whose inputs changed.
	Cache *Cache
	// Version identifies everything besides the model that output depends
	// on (the settings, the static files); a change re-renders every page.
	Version uint64
	// Words, when set, are the search index's word lists made ahead.
	Words *Words
	// Emit, when set, receives each output file as soon as it is made,
	// from several goroutines, instead of All keeping it in the map it
	// returns: the build writes files while it renders the others. When
	// done is not nil, data is lent: Emit calls done once it no longer
	// uses it. Not with Cache.
	Emit func(name string, data []byte, done func())
}

// All renders every page of s in parallel, keyed by output path, with the
// feeds, the sitemap and robots.txt.
func (t *Templates) All(ctx context.Context, s *site.Site, extra Extra) (map[string][]byte, error) {
	out := make(map[string][]byte, len(s.Pages)+3*len(s.Feeds)+2)
	var (
		mu   sync.Mutex
		errs content.ErrorList
		wg   sync.WaitGroup
	)
	report := func(src string, err error) {
		var ce *content.Error
		switch {
		case errors.Is(err, errBroken):
			// reported when parsing
		case errors.As(err, &ce):
			errs = append(errs, ce)
		default:
			errs = append(errs, content.Errorf(src, content.Pos{}, "%v", err))
		}
	}
	r := &run{t: t, s: s, version: extra.Version ^ t.hash.Sum64(), cache: extra.Cache, prepared: extra.Words}
	if r.cache != nil {
		r.digests = make(map[*site.Page]uint64, len(s.Pages))
		for _, p := range s.Pages {
			r.digests[p] = digest(p)
		}
	}
	if extra.Head != "" {
		r.version ^= fnvString(string(extra.Head))
	}
	if extra.Post != nil {
		r.version ^= 0x9e3779b97f4a7c15 // minified output differs
		if extra.Minified {
			r.version ^= 0x2545f4914f6cdd1d
		}
	}
	jobs := make(chan func())
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				job()
			}
		}()
	}
	// The files made from the whole site go first, alongside the pages:
	// the search index is the longest job.
	var siteErr error
	jobs <- func() {
		if ctx.Err() != nil {
			return
		}
		files, err := r.siteFiles(s, extra)
		if err == nil && extra.Emit != nil {
			for name, b := range files {
				extra.Emit(name, b, nil)
			}
			return
		}
		mu.Lock()
		defer mu.Unlock()
		siteErr = err
		maps.Copy(out, files)
	}
	// Pages unchanged since the cached rendering are taken as they are,
	// here; only the others go to the workers.
	for _, p := range s.Pages {
		if ctx.Err() != nil {
			break
		}
		key, cacheable := r.pageKey(p)
		if b, ok := extra.Cache.get(p.OutputPath(), key, cacheable); ok {
			mu.Lock()
			out[p.OutputPath()] = b
			mu.Unlock()
			continue
		}
		jobs <- func() {
			if extra.Emit != nil {
				// The page goes out in its pooled buffer, given back
				// once written.
				b, done, err := t.pageBuf(r, s, p, extra)
				if err == nil {
					extra.Emit(p.OutputPath(), b, done)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				report(p.Source(), err)
				return
			}
			b, err := t.page(r, s, p, extra)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				report(p.Source(), err)
				return
			}
			out[p.OutputPath()] = b
			extra.Cache.put(p.OutputPath(), key, cacheable, b)
		}
	}
	for _, f := range s.Feeds {
		if ctx.Err() != nil {
			break
		}
		jobs <- func() {
			key := r.feedKey(f)
			files, ok := extra.Cache.feed(f.Path, key)
			var err error
			if !ok {
				// Written compact (no indentation, no comments): minifying
				// them again would cost much and save nothing.
				files, err = t.feedFiles(r, s, f, extra.Emit != nil)
			}
			if err == nil && extra.Emit != nil {
				for name, b := range files {
					var done func()
					if !ok { // pooled
						done = func() { putFeedBuf(b) }
					}
					extra.Emit(name, b, done)
				}
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				report(f.Path, err)
				return
			}
			extra.Cache.putFeed(f.Path, key, files)
			for name, b := range files {
				out[name] = b
			}
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, dedupe(errs).Err()
	}
	if siteErr != nil {
		return nil, siteErr
	}
	extra.Cache.sweep(out)
	return out, nil
}

// siteFiles are the files made from the whole site: the search index, the
// site map, robots.txt and Netlify's _redirects and _headers.
func (r *run) siteFiles(s *site.Site, extra Extra) (map[string][]byte, error) {
	idx, err := r.searchFile()
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		site.SearchIndex: idx,
		"sitemap.xml":    sitemap(s),
		"robots.txt":     robots(s),
		"_redirects":     redirects(s),
		"_headers":       headers(s, extra.Assets),
	}, nil
}

// dedupe merges the errors that a broken layout gives for every page using
// it: one line per place, naming the first page and how many others.
func dedupe(errs content.ErrorList) content.ErrorList {
	errs.Sort()
	type place struct {
		file      string
		line, col int
		msg       string
	}
	seen := map[place]int{}
	var out content.ErrorList
	counts := map[int]int{}
	for _, e := range errs {
		msg, _, _ := strings.Cut(e.Msg, " (rendering ")
		k := place{e.File, e.Line, e.Col, msg}
		if i, ok := seen[k]; ok {
			counts[i]++
			continue
		}
		seen[k] = len(out)
		c := *e
		out = append(out, &c)
	}
	for i, n := range counts {
		out[i].Msg += fmt.Sprintf(" (and %d other pages)", n)
	}
	return out
}
