package build

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tdewolff/parse/v2"

	"tribune/internal/content"
	"tribune/internal/feeds"
	"tribune/internal/hosting"
	"tribune/internal/locale"
	"tribune/internal/markdown"
	"tribune/internal/media"
	"tribune/internal/publish"
	"tribune/internal/render"
	"tribune/internal/search"
	"tribune/internal/site"
)

// An Output is a modelled site, ready to render any of its output files:
// the build renders them all, the preview those it is asked for. What it
// renders depends on its model alone, so nothing it keeps can be stale:
// the next change of the site makes a new Output. It is safe for
// concurrent use.
type Output struct {
	Site *site.Site
	// Errors are the problems with the site's files; Warnings those that
	// do not stop a build.
	Errors, Warnings content.ErrorList

	b           *Builder
	opts        Options
	staticFS    render.Overlay
	staticNames []string
	statics     map[string]bool // staticNames

	// files maps each output path to what makes it.
	files  map[string]func() ([]byte, error)
	render *render.Renderer
	feeds  *feeds.Encoder
	guard  *leakGuard
	// leaked are the hidden pages the model found public pages showing:
	// their errors name the public file and line already.
	leaked map[*site.Page]bool

	static *staticFiles
	mu     sync.Mutex
	infos  map[string]*staticInfo // what is known of static files
}

// staticInfo is what a page may say of a static file.
type staticInfo struct {
	media.Info
	ok   bool // the file exists
	once sync.Once
}

// Has reports whether name is an output file.
func (out *Output) Has(name string) bool {
	_, ok := out.files[name]
	return ok
}

// File renders the output file name. In a production build, a file that
// names or quotes a hidden page is an error.
func (out *Output) File(name string) ([]byte, error) {
	produce, ok := out.files[name]
	if !ok {
		return nil, fmt.Errorf("%s: no such output file", name)
	}
	data, err := produce()
	if err != nil {
		return nil, err
	}
	if err := out.guard.check(name, data); err != nil {
		return nil, err
	}
	return data, nil
}

// Paths lists the output files, the longest to make first.
func (out *Output) Paths() []string {
	names := make([]string, 0, len(out.files))
	for name := range out.files {
		names = append(names, name)
	}
	slices.Sort(names)
	first := func(name string) int {
		switch {
		case strings.HasSuffix(name, "/index.json"):
			return 0
		case strings.HasSuffix(name, site.RSSFile) || strings.HasSuffix(name, site.AtomFile) || strings.HasSuffix(name, site.JSONFile):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(names, func(a, b string) int { return first(a) - first(b) })
	return names
}

// findHiddenFiles lists the static files that only hidden pages use or
// name: none of those published whatever the pages (stylesheets and
// scripts, the theme's files, the logo, the press kit, the menu's and
// those the layouts name).
func (out *Output) findHiddenFiles() {
	if out.opts.Preview {
		return // a preview shows the hidden pages, with their files
	}
	cfg := out.Site.Config
	kit := strings.Trim(cfg.KitFolder, "/") + "/"
	layouts := ""
	if out.b.layouts != nil {
		layouts = out.b.layouts.text
	}
	out.Site.FindHiddenFiles(out.statics, func(u string) bool {
		name := strings.TrimPrefix(u, "/")
		if ext := path.Ext(name); ext == ".css" || ext == ".js" || u == cfg.Organisation.Logo ||
			strings.HasPrefix(name, kit) || strings.Contains(layouts, u) {
			return true
		}
		for _, m := range cfg.Menu {
			if m.URL == u {
				return true
			}
		}
		return !out.staticFS.InTop(name)
	})
}

// finish lists the output files of the model and how to make each.
func (out *Output) finish(tmpl *render.Templates) {
	s, opts := out.Site, out.opts
	out.files = map[string]func() ([]byte, error){}
	if !s.Preview {
		out.guard = newGuard(s, out.leaked)
	}
	hidden := map[string]bool{}
	for _, f := range s.HiddenFiles {
		hidden[strings.TrimPrefix(f, "/")] = true
	}

	// Static files, stylesheets and scripts also under a fingerprinted name
	// ("css/style.1a2b3c4d5e.css") that layouts link through Asset, so that
	// they can be cached for ever; the resized copies of the images shown.
	static := map[string]func() ([]byte, error){}
	srcOf := map[string]string{} // a copy's original
	assets := map[string]string{}
	for _, name := range out.staticNames {
		if hidden[name] {
			continue // used only by hidden pages
		}
		if site.Blank(name) {
			// Its name would be a line of _headers, or its URL an
			// argument of _redirects.
			out.Errors = append(out.Errors, content.Errorf("static/"+name, content.Pos{},
				"the name of a published file must not hold spaces, tabs, line breaks, control or invisible characters: rename it (with hyphens: %s)",
				content.Quote(strings.Join(strings.FieldsFunc(name, site.Separates), "-"))))
			continue
		}
		if strings.ContainsAny(name, ":*%") {
			// Netlify's _headers reads : and * as patterns, and may
			// decode a %.
			out.Errors = append(out.Errors, content.Errorf("static/"+name, content.Pos{},
				"the name of a published file must not hold :, * or %%: rename it"))
			continue
		}
		file := func() ([]byte, error) { return out.readStatic(name) }
		if ext := path.Ext(name); ext == ".css" || ext == ".js" {
			data, err := file()
			if err != nil {
				out.Errors = append(out.Errors, asList(err)...)
				continue // reported once, not again when written
			}
			fp := strings.TrimSuffix(name, ext) + "." + fmt.Sprintf("%016x", fnvBytes(data))[:10] + ext
			static[fp], srcOf[fp] = file, name
			assets["/"+name] = "/" + fp
		}
		static[name] = file
	}
	for _, p := range s.Pages {
		for _, u := range p.Uses() {
			name := strings.TrimPrefix(u, "/")
			if _, ok := static[name]; !ok || !media.Resizable(name) {
				continue
			}
			info := out.info(u)
			if !info.IsImage() {
				continue
			}
			resized, share := media.Plan(name, info.Width)
			for i, v := range append(resized, share) {
				static[v.Name], srcOf[v.Name] = func() ([]byte, error) { return out.variant(name, i) }, name
			}
		}
	}

	out.render = tmpl.For(s, render.Options{Assets: assets, Images: out.renderImage, Head: opts.Head, Minify: out.minifyPage()})
	out.feeds = feeds.New(s, out.render.FeedContent)
	// Every output file, with what makes it for messages: the page's file
	// and the place of its URL, or what tribune makes.
	from := map[string]maker{}
	add := func(name string, made maker, produce func() ([]byte, error)) {
		if prev, ok := from[name]; ok {
			out.clash(name, made, name, prev)
			return
		}
		from[name] = made
		out.files[name] = produce
	}
	made := func(p *site.Page) maker {
		return maker{file: p.From, pos: p.FromPos, what: locale.M("the page %s", p.URL)}
	}
	for _, p := range s.Pages {
		add(p.OutputPath(), made(p), func() ([]byte, error) { return out.render.Page(p) })
	}
	// Embargo copies, with a copy of every file of the site they show or
	// link to, under their secret address.
	for _, c := range s.EmbargoCopies {
		made := maker{file: c.File.Source, pos: c.Meta.Pos["embargoAccess"], what: locale.M("the embargo copy %s", c.URL)}
		add(c.OutputPath(), made, func() ([]byte, error) { return out.render.Page(c) })
		seen := map[string]bool{}
		for _, u := range c.Original.Uses() {
			name := strings.TrimPrefix(u, "/")
			if out.statics[name] && !seen[name] {
				seen[name] = true
				add(strings.TrimPrefix(c.Moved(u), "/"), made, func() ([]byte, error) { return out.readStatic(name) })
			}
		}
	}
	out.checkShareLogo()
	// The pictures drawn for sharing the statements with no image of
	// their own, and the site.
	for _, p := range s.Pages {
		if p.Kind.IsStatement() && out.render.NeedsCard(p) {
			add(strings.TrimPrefix(render.CardURL(p), "/"), made(p), func() ([]byte, error) { return out.card(p) })
		}
	}
	for _, t := range s.Trees {
		if t.Home != nil {
			add(strings.TrimPrefix(render.CardURL(t.Home), "/"), maker{what: locale.M("the picture of shared links")}, func() ([]byte, error) { return out.card(t.Home) })
		}
	}
	for _, f := range s.Feeds {
		dir := strings.TrimPrefix(f.Path, "/")
		for _, name := range []string{site.RSSFile, site.AtomFile, site.JSONFile} {
			// Written compact (no indentation, no comments): minifying them
			// again would cost much and save nothing.
			add(path.Join(dir, name), maker{what: locale.M("the feed %s", f.Path+name)}, func() ([]byte, error) { return out.feeds.File(f, name) })
		}
	}
	for _, t := range s.Trees {
		add(t.SearchIndex(), maker{what: locale.M("the search index")}, func() ([]byte, error) { return search.Index(s, t) })
	}
	add(hosting.SitemapFile, maker{what: locale.M("the site map for search engines")}, func() ([]byte, error) { return hosting.Sitemap(s), nil })
	add(hosting.RobotsFile, maker{what: locale.M("the file robots.txt")}, func() ([]byte, error) { return hosting.Robots(s), nil })
	add(hosting.RedirectsFile, maker{what: locale.M("Netlify's redirects")}, func() ([]byte, error) { return hosting.Redirects(s), nil })
	add(hosting.HeadersFile, maker{what: locale.M("Netlify's headers")}, func() ([]byte, error) { return hosting.Headers(s, assets), nil })
	for _, name := range slices.Sorted(maps.Keys(static)) {
		src := name
		if o, ok := srcOf[name]; ok {
			src = o
		}
		add(name, maker{file: "static/" + src}, static[name])
	}
	out.checkKept(from)
	out.checkMenus()
	// A file where another needs a folder: "rss.xml" and "rss.xml/index.html".
	dirs := map[string]string{} // folder → a file in it
	for _, name := range slices.Sorted(maps.Keys(from)) {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if _, ok := dirs[d]; !ok {
				dirs[d] = name
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(from)) {
		if in, ok := dirs[name]; ok {
			out.clash(in, from[in], name, from[name])
			delete(out.files, in)
		}
	}
	// Names that differ only by case ("Index.html", "index.html"), or a
	// file where another needs a folder but for case ("RSS.XML/index.html"
	// beside "rss.xml"): the one with capitals is at fault, tribune's own
	// names being in lower case.
	folded := map[string]string{}
	odd := func(a, b string) (culprit, other string) {
		if a == strings.ToLower(a) {
			return b, a
		}
		return a, b
	}
	for _, name := range slices.Sorted(maps.Keys(out.files)) {
		key := strings.ToLower(name)
		if other, ok := folded[key]; ok {
			culprit, other := odd(name, other)
			out.clash(culprit, from[culprit], other, from[other])
			delete(out.files, culprit)
			continue
		}
		folded[key] = name
	}
	folders := map[string]string{} // folded folder → its first spelling, and a file in it
	inFolder := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(out.files)) {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if file, ok := folded[strings.ToLower(d)]; ok && file != d {
				culprit, other := odd(name, file)
				out.clash(culprit, from[culprit], other, from[other])
				delete(out.files, culprit)
				break
			}
			// Two spellings of one folder ("Documents/", "documents/"):
			// one folder on a Mac or Windows, named by whichever came
			// first.
			key := strings.ToLower(d)
			if first, ok := folders[key]; !ok {
				folders[key], inFolder[key] = d, name
			} else if first != d {
				culprit, other := odd(name, inFolder[key])
				out.clash(culprit, from[culprit], other, from[other])
				delete(out.files, culprit)
				if culprit != name {
					// The folder keeps the spelling of the files it holds.
					folders[key], inFolder[key] = d, name
				}
				break
			}
		}
	}
}

// A maker is what makes an output file, for messages: a file of the site
// (and the place of the URL in it), or tribune itself; what names the file
// made ("the page /x/").
type maker struct {
	file string
	pos  content.Pos
	what locale.Message
}

// In names what makes a file, in the language base.
func (m maker) In(base string) string {
	switch {
	case !m.what.Set():
		return m.file
	case m.file == "":
		return locale.M("%s (which tribune makes)", m.what).In(base)
	case m.pos.Line > 0:
		return fmt.Sprintf("%s (%s:%d:%d)", m.what.In(base), m.file, m.pos.Line, m.pos.Col)
	}
	return m.what.In(base) + " (" + m.file + ")"
}

// name is what a maker makes, for the start of a message.
func (m maker) name() locale.Message {
	if m.what.Set() {
		return m.what
	}
	return locale.M("this file")
}

// checkKept refuses output files that would take the place of what builds
// keep at the top of the output folder (.git, CNAME, site.toml's keep) or
// of the marker of tribune's folders: a commit would replace them. The
// site's own static file of the same name is the one exception
// (static/CNAME).
func (out *Output) checkKept(from map[string]maker) {
	cfg := out.Site.Config
	why := map[string]locale.Message{publish.Marker: locale.M("the file that marks the folders tribune makes")}
	for _, k := range publish.Kept {
		why[k] = locale.M("which builds keep as it is")
	}
	keepAt := map[string]content.Pos{}
	for i, k := range cfg.Keep {
		why[k] = locale.M("which site.toml's keep asks builds to keep as it is")
		keepAt[k] = cfg.Pos[fmt.Sprintf("keep[%d]", i)]
	}
	for _, name := range slices.Sorted(maps.Keys(from)) {
		top, _, _ := strings.Cut(name, "/")
		reason, ok := why[top]
		made := from[name]
		if !ok || made.file == "static/"+name && top != publish.Marker {
			continue
		}
		delete(out.files, name)
		if made.file == "" {
			out.Errors = append(out.Errors, content.Errorf(content.ConfigFile, keepAt[top],
				"keep names %s, where tribune writes %s: remove it from keep", content.Quote(top), made.what))
			continue
		}
		out.Errors = append(out.Errors, content.Errorf(made.file, made.pos,
			"%s would be written to %s, %s: change it", made.name(), name, reason))
	}
}

// clash reports that two output files cannot both be made: the same
// file twice, or a file (bName) where another (aName) needs a folder. The
// error goes to what can change: a static file, else a content file (its
// slug, title, alias or folder); tribune's own files never move.
func (out *Output) clash(aName string, a maker, bName string, b maker) {
	for _, m := range []*maker{&a, &b} {
		if name, ok := strings.CutPrefix(m.file, "static/"); ok && !out.staticFS.InTop(name) {
			// The theme's own: what collides with it must move.
			*m = maker{what: locale.M("the built-in file %s", m.file)}
		}
	}
	rank := func(m maker) int {
		switch {
		case strings.HasPrefix(m.file, "static/"):
			return 0
		case m.file != "":
			return 1
		}
		return 2
	}
	if rank(b) < rank(a) {
		aName, a, bName, b = bName, b, aName, a
	}
	file := a.file
	if file == "" {
		file = content.ConfigFile
	}
	var e *content.Error
	switch {
	case strings.HasPrefix(aName, bName+"/"):
		e = content.Errorf(file, a.pos, "%s is written to %s, where %s is the file %s: change the slug, the alias or the file's name", a.name(), aName, b, bName)
	case strings.HasPrefix(bName, aName+"/"):
		e = content.Errorf(file, a.pos, "%s is the file %s, where %s is written to %s: change the slug, the alias or the file's name", a.name(), aName, b, bName)
	case aName != bName:
		// Names that differ only by case: one file on a Mac's or Windows'
		// disk, which either would replace.
		e = content.Errorf(file, a.pos, "%s is written to %s, and %s to %s, the same file on a Mac or Windows: change the slug, the alias or the file's name", a.name(), aName, b, bName)
	default:
		e = content.Errorf(file, a.pos, "%s is written to %s, and so is %s: change the slug, the alias or the file's name", a.name(), aName, b)
	}
	out.Errors = append(out.Errors, e)
}

// minifyPage is the minifier of pages rendered from layouts as written,
// when the build minifies.
func (out *Output) minifyPage() func(string, []byte) ([]byte, error) {
	if !out.opts.Minify {
		return nil
	}
	return out.b.min.Minify
}

// readStatic reads a static file as it is published: minified when the
// build minifies. It is read once for this Output, and not again by the
// next Load unless it changed.
func (out *Output) readStatic(name string) ([]byte, error) {
	f := out.static.get(name)
	f.once.Do(func() {
		f.data, f.err = fs.ReadFile(out.staticFS, name)
		if f.err != nil {
			f.err = content.Errorf("static/"+name, content.Pos{}, "cannot read: %v", unwrap(f.err))
		} else if out.opts.Minify {
			if f.data, f.err = out.b.min.Minify(name, f.data); f.err != nil {
				f.err = minifyError("static/"+name, f.err)
			}
		}
	})
	return f.data, f.err
}

// minifyError says where the minifier found a file it cannot read.
func minifyError(file string, err error) error {
	var pe *parse.Error
	if errors.As(err, &pe) {
		return content.Errorf(file, content.Pos{Line: pe.Line, Col: pe.Column}, "cannot minify: %s", pe.Message)
	}
	return content.Errorf(file, content.Pos{}, "cannot minify: %v", errors.Unwrap(err))
}

// info describes the static file at site path u, as it is published.
func (out *Output) info(u string) *staticInfo {
	name := strings.TrimPrefix(u, "/")
	out.mu.Lock()
	i, ok := out.infos[name]
	if !ok {
		i = &staticInfo{}
		out.infos[name] = i
	}
	out.mu.Unlock()
	i.once.Do(func() {
		if !out.statics[name] {
			return
		}
		data, err := out.readStatic(name)
		if err != nil {
			return
		}
		i.Info, i.ok = media.Describe(name, data), true
	})
	return i
}

// markdownImage describes an image of the site for the Markdown
// converter: its size, and its resized copies with their widths.
func (out *Output) markdownImage(u string) (markdown.Image, bool) {
	img, ok := out.renderImage(u)
	return img.Image, ok
}

// renderImage describes an image of the site for layouts.
func (out *Output) renderImage(u string) (render.Image, bool) {
	if !isImage(u) {
		return render.Image{}, false
	}
	info := out.info(u)
	if !info.ok {
		return render.Image{}, false
	}
	img := render.Image{Image: markdown.Image{Width: info.Width, Height: info.Height}}
	name := strings.TrimPrefix(u, "/")
	if media.Resizable(name) && info.IsImage() {
		resized, share := media.Plan(name, info.Width)
		var set []string
		for _, v := range resized {
			set = append(set, candidate(v.Name, v.Width))
		}
		if len(set) > 0 {
			img.Srcset = strings.Join(append(set, candidate(name, info.Width)), ", ")
		}
		img.Share = "/" + share.Name
	}
	return img, true
}

// candidate is an image of a srcset: its URL escaped, commas included (they
// separate candidates), and its width.
func candidate(name string, width int) string {
	u := strings.ReplaceAll((&url.URL{Path: "/" + name}).EscapedPath(), ",", "%2C")
	return u + " " + strconv.Itoa(width) + "w"
}

// sameImages reports whether the images a text showed are still as they
// were when it was converted.
func (out *Output) sameImages(uses []markdown.ImageUse) bool {
	for _, u := range uses {
		img, ok := out.markdownImage(u.Path)
		if ok != u.Found || img != u.Image {
			return false
		}
	}
	return true
}

// variant makes the i-th copy (the resized ones, then the one for
// sharing) of the image name.
func (out *Output) variant(name string, i int) ([]byte, error) {
	data, err := out.readStatic(name)
	if err != nil {
		return nil, err
	}
	resized, share, err := out.b.images.Get(name, data)
	if err != nil {
		return nil, content.Errorf("static/"+name, content.Pos{}, "%v", err)
	}
	all := append(resized, *share)
	if i >= len(all) {
		return nil, content.Errorf("static/"+name, content.Pos{}, "no resized copy %d", i)
	}
	return all[i].Data, nil
}

// checkMenus warns of a menu entry of site.toml leading to an address of
// the site that no page or file answers (a section renamed, a typo): it
// would be a broken link on every page of its language. An address the
// host answers otherwise (a page deployed beside the site) is only
// warned of.
func (out *Output) checkMenus() {
	cfg := out.Site.Config
	for _, t := range out.Site.Trees {
		key := "menu"
		if !t.Default {
			key = "languages." + t.Lang.Code + ".menu"
		}
		for i, m := range t.Menu {
			u, _, _ := strings.Cut(m.URL, "#")
			u, _, _ = strings.Cut(u, "?")
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				continue
			}
			name := strings.TrimPrefix(u, "/")
			if name == "" || strings.HasSuffix(name, "/") {
				name += "index.html"
			}
			if _, ok := out.files[name]; ok {
				continue
			}
			pos := cfg.Pos[fmt.Sprintf("%s[%d].url", key, i)]
			if pos == (content.Pos{}) {
				pos = cfg.Pos[key]
			}
			out.Warnings = append(out.Warnings, content.Errorf(content.ConfigFile, pos, "menu entry %s leads to %s, which the site does not have: fix the address", content.Quote(m.Name), content.Quote(m.URL)))
		}
	}
}

// maxLogoSide bounds the logo of share cards, in pixels: it is decoded
// whole, and a logo is drawn 64 pixels high.
const maxLogoSide = 4000

// checkShareLogo checks that the logo of share cards is an image tribune
// can read, and not so large that reading it would take the machine's
// memory. share.logo that is not is an error; the organisation's logo, which
// cards show when there is no share.logo, gives a warning and cards
// without a logo.
func (out *Output) checkShareLogo() {
	s := out.Site
	l := s.ShareLogo
	if l == "" {
		return
	}
	key, report := "share.logo", &out.Errors
	if s.Config.Share.Logo == "" {
		key, report = "organisation.logo", &out.Warnings
	}
	pos := s.Config.Pos[key]
	data, err := out.readStatic(strings.TrimPrefix(l, "/"))
	if err != nil {
		return // reported with the static files
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err == nil && (cfg.Width > maxLogoSide || cfg.Height > maxLogoSide || cfg.Width < 1 || cfg.Height < 1) {
		*report = append(*report, content.Errorf(content.ConfigFile, pos, "%s: %s is %d × %d pixels: give a logo of at most %d pixels a side", key, content.Quote(l), cfg.Width, cfg.Height, maxLogoSide))
		s.ShareLogo = ""
		return
	}
	if err == nil {
		// Read whole: a file cut short reads its header well.
		_, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		*report = append(*report, content.Errorf(content.ConfigFile, pos, "%s: %s is not a PNG or JPEG image tribune can read: save it again as PNG or JPEG", key, content.Quote(l)))
		s.ShareLogo = ""
	}
}

// card draws the picture for sharing p (a home page's is the site's), with
// the logo of share cards.
func (out *Output) card(p *site.Page) ([]byte, error) {
	c := out.render.Card(p)
	if l := out.Site.ShareLogo; l != "" {
		data, err := out.readStatic(strings.TrimPrefix(l, "/"))
		if err != nil {
			return nil, err
		}
		c.Logo = data
	}
	return out.b.images.Card(c)
}

// AbsoluteText is the text of a statement with every URL absolute, to be
// read away from the site (an e-mail): for a communiqué under embargo with
// an embargo copy, its files are those of the copy.
func (out *Output) AbsoluteText(p *site.Page) string {
	cfg := out.Site.Config
	opts := convOptions(cfg, p.File, false, true)
	conv := markdown.NewConverter(nil, out.markdownImage)
	conv.Files = func(u string) bool { return out.statics[strings.TrimPrefix(u, "/")] }
	if p.SecretURL != "" && p.State == site.Embargoed {
		opts.MoveTo = p.SecretURL
		opts.Permalink = out.Site.Abs(p.SecretURL)
	}
	return conv.Convert(p.File.Source, p.File.Body, p.File.BodyLine, opts).FeedHTML
}
