package render

import (
	"html/template"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/markdown"
	"tribune/internal/media"
	"tribune/internal/site"
)

// env is what every layout and partial may ask: the site, the language of
// the page shown, and what the renderer knows besides the model (assets,
// images). It is comparable: partials rendered once are keyed by their
// input, env included.
type env struct {
	site *site.Site
	lang locale.Lang // of the page shown
	tree *site.Tree  // of the page shown
	r    *Renderer
	set  *tset
}

// Data is what every page layout receives: the page, and what its head
// shows, made ready.
type Data struct {
	env
	Site *site.Site
	Page *site.Page
	// L are the interface strings in the page's language, by key:
	// {{.L.skip}} (T gives them too, {{.T "skip"}}).
	L map[string]string
	// Colon is a colon after a label, spaced the page language's way
	// ("Téléphone : …", "Phone: …").
	Colon string
	// Description is the page's meta description: its summary, else a
	// sentence saying what the page holds.
	Description string
	// Canonical is the URL of the page's canonical link: itself, or the
	// outlet's article when the front matter says canonical: outlet.
	Canonical string
	// OGLocale is the page language as Open Graph writes it: "fr_FR".
	OGLocale string
	// ShareImage is the absolute URL of the picture networks show when the
	// page is shared, media.ShareWidth×media.ShareHeight, PNG or JPEG:
	// the page's image cropped, else the card drawn for it (a statement's
	// own, the site's for other pages). ShareAlt says what it shows,
	// ShareType is its media type. All are empty on an embargo copy.
	ShareImage, ShareAlt, ShareType string
	// ShareWidth and ShareHeight are its size.
	ShareWidth, ShareHeight int
	// ShareLinks are the links that share a public statement, with no
	// script of another site; empty on other pages.
	ShareLinks []ShareLink
	// Alternates are the page's versions in each language, itself
	// included, for <link rel="alternate" hreflang>: with "x-default", the
	// default language's. OGAlternates are the Open Graph locales of the
	// others. Both are empty for a page without translations.
	Alternates   []Alternate
	OGAlternates []string
	// Languages are the links of the language switcher, one per other
	// language of the site: to the page's translation in it, else to its
	// home. Empty on a site of one language.
	Languages []LangLink
	// ListKind is the label of the kind of every statement a topic's or a
	// signatory's page lists, when they are all of one kind (shown once,
	// above the list), else "".
	ListKind string
	// NoIndex says that search engines are asked not to index the page.
	NoIndex bool
	// JSONLD is the schema.org description of a statement page
	// (OpinionNewsArticle for a tribune, NewsArticle for a communiqué), or
	// nil for other pages. Layouts print it in a
	// <script type="application/ld+json"> element, where html/template
	// writes it as JSON.
	JSONLD *ldArticle
	// Breadcrumbs is the trail from the home page to the page.
	Breadcrumbs []site.Crumb
	// Head is extra HTML for the end of <head> (the live-reload script).
	Head template.HTML
	// Self is the page's own date and kind, made ready; Updated and
	// UpdatedISO its last update ("" when there is none), Modified its
	// last change in ISO 8601.
	Self                 *Entry
	Updated              template.HTML
	UpdatedISO, Modified string
	// Related are the statements related to the page's; Prev and Next,
	// the older and newer statements of its section (nil at the ends).
	Related    []Entry
	Prev, Next *Entry

	feed *site.Feed
	// inFeed marks the data of partials/feed-item.html: Content and Body
	// give the text with every URL absolute there.
	inFeed bool
}

// Entry is a statement shown in a list of the page, with what the list
// shows of it made ready.
type Entry struct {
	Page *site.Page
	// Kind is the label of its kind: "Tribune".
	Kind string
	// Date is its date as the page's language writes it (HTML: "1<sup>er</sup>
	// juin 2024"), ISO its date in ISO 8601.
	Date template.HTML
	ISO  string
	// Lang is its language when it differs from the page's, else "".
	Lang string
}

func (e env) entry(p *site.Page) *Entry {
	if p == nil {
		return nil
	}
	return &Entry{Page: p, Kind: e.Kind(p), Date: e.Date(p.Date), ISO: e.ISO(p.Date), Lang: e.Foreign(p)}
}

func (r *Renderer) data(p *site.Page, set *tset) *Data {
	d := &Data{env: env{site: r.s, lang: p.Lang, tree: r.s.TreeOf(p), r: r, set: set}, Site: r.s, Page: p, Head: r.opts.Head, L: p.Lang.Strings()}
	d.Colon = d.env.Colon()
	d.Description, d.Canonical, d.OGLocale = d.description(), d.canonical(), d.ogLocale()
	// An embargo copy is for the journalists who have its address only.
	// The page after a comment is sent is no page to find.
	d.NoIndex = p.Meta != nil && p.Meta.NoIndex || p.Secret || p.Kind == site.Thanks
	if !p.Secret {
		d.ShareImage, d.ShareAlt, d.ShareType = d.shareImage()
		d.ShareWidth, d.ShareHeight = media.ShareWidth, media.ShareHeight
		d.ShareLinks = d.shareLinks()
	}
	d.ListKind = d.listKind()
	if !p.Secret {
		d.Alternates, d.OGAlternates, d.Languages = d.alternates()
	}
	d.JSONLD, d.Breadcrumbs = d.jsonLD(), r.s.Breadcrumbs(p)
	for _, q := range p.Related {
		d.Related = append(d.Related, *d.entry(q))
	}
	d.Prev, d.Next = d.entry(p.Prev), d.entry(p.Next)
	d.Self, d.Modified = d.entry(p), d.ISO(p.Modified())
	if !p.Updated.IsZero() {
		d.Updated, d.UpdatedISO = d.Date(p.Updated), d.ISO(p.Updated)
	}
	return d
}

// Chrome is what the header and the footer receive: they are the same on
// every page of a kind whose active menu entry is the same.
type Chrome struct {
	env
	Site *site.Site
	// Kind is the kind of the page shown.
	Kind site.Kind
	// Active is the URL of the menu entry of the page shown (the page's
	// own on the home and search pages), else "".
	Active string
}

// Card is what partials/card.html receives: a statement shown in a list.
type Card struct {
	env
	Site *site.Site
	Item *site.Page
	// Level is the heading level of the entry: 2 under the page's h1, 3
	// under an h2 (the home page, the press room).
	Level int
	// ShowKind says to label the statement's kind: not in a list of one
	// kind, whose heading or ListKind says it once.
	ShowKind bool
}

// Byline names who signed a statement, as lists show it: "Claire
// Vasseur et 2 autres" ("" for none).
func (e env) Byline(p *site.Page) string { return e.byline(p) }

// Header is the site's header, partials/header.html.
func (d *Data) Header() (template.HTML, error) {
	c := Chrome{env: d.env, Site: d.Site, Kind: d.Page.Kind}
	if d.Page.Kind == site.Home || d.Page.Kind == site.Search {
		c.Active = d.Page.URL
	} else {
		for _, m := range d.Tree().Menu {
			if m.URL == d.Page.URL {
				c.Active = m.URL
				break
			}
		}
	}
	return d.r.partial(d.set, "partials/header.html", c)
}

// Footer is the site's footer, partials/footer.html.
func (d *Data) Footer() (template.HTML, error) {
	return d.r.partial(d.set, "partials/footer.html", Chrome{env: d.env, Site: d.Site})
}

// Card renders partials/card.html for a statement shown in a list of the
// page.
func (d *Data) Card(p *site.Page) (template.HTML, error) {
	show := d.ListKind == ""
	switch d.Page.Kind {
	case site.Home, site.Section, site.Press:
		show = false
	}
	return d.r.partial(d.set, "partials/card.html", Card{env: d.env, Site: d.Site, Item: p, Level: d.CardLevel(), ShowKind: show})
}

// listKind is the label of the kind of the statements a topic's or a
// signatory's page lists, when they are all of one kind.
func (d *Data) listKind() string {
	p := d.Page
	if (p.Kind != site.TagPage && p.Kind != site.Person) || p.Pager == nil || len(p.Pager.All) == 0 {
		return ""
	}
	// The whole list, so that every page of it says the same.
	kind := p.Pager.All[0].Kind
	for _, q := range p.Pager.All {
		if q.Kind != kind {
			return ""
		}
	}
	return d.T(string(kind) + "s")
}

// Alternate is a version of a page in a language: its hreflang code
// ("fr", "en", "x-default") and absolute URL.
type Alternate struct{ HrefLang, URL string }

// LangLink is a link of the language switcher: the language's name in
// that language ("English"), its code, and where it leads.
type LangLink struct{ Name, Code, URL string }

func (d *Data) alternates() (alts []Alternate, og []string, links []LangLink) {
	p, s := d.Page, d.Site
	// Search engines are pointed only at versions they may index, at
	// their own address.
	indexed := func(q *site.Page) bool {
		return q.Meta == nil || !q.Meta.NoIndex && q.Meta.Canonical != "outlet"
	}
	if len(p.Translations) > 0 && indexed(p) {
		alts = append(alts, Alternate{p.Lang.Code, p.Permalink})
		for _, q := range p.Translations {
			if indexed(q) {
				alts = append(alts, Alternate{q.Lang.Code, q.Permalink})
				og = append(og, ogLocaleOf(q.Lang.Code))
			}
		}
		if orig := s.Original(p); orig != nil && indexed(orig) && len(alts) > 1 {
			alts = append(alts, Alternate{"x-default", orig.Permalink})
		}
		if len(alts) == 1 {
			alts = nil
		}
	}
	if s.Multilingual() {
		here := s.TreeOf(p)
		bases := map[string]int{}
		for _, t := range s.Trees {
			bases[t.Lang.Base]++
		}
		for _, t := range s.Trees {
			if t == here || t.Home == nil {
				continue
			}
			u := equivalent(p, t)
			for _, q := range p.Translations {
				if s.TreeOf(q) == t {
					u = q.URL
					break
				}
			}
			name := t.Lang.T("language_name")
			if r, n := utf8.DecodeRuneInString(name); n > 0 {
				name = string(unicode.ToUpper(r)) + name[n:]
			}
			// Two variants of one language ("en", "en-US") are told apart
			// by their region.
			if _, region, ok := strings.Cut(strings.ReplaceAll(t.Lang.Code, "_", "-"), "-"); ok && bases[t.Lang.Base] > 1 {
				name += " (" + strings.ToUpper(region) + ")"
			}
			links = append(links, LangLink{Name: name, Code: t.Lang.Code, URL: u})
		}
		// The homes of the languages are versions of one page.
		if p.Kind == site.Home && p.Tree != nil && len(alts) == 0 {
			for _, t := range s.Trees {
				if t.Home != nil {
					alts = append(alts, Alternate{t.Lang.Code, t.Home.Permalink})
					if t != here {
						og = append(og, ogLocaleOf(t.Lang.Code))
					}
				}
			}
			alts = append(alts, Alternate{"x-default", s.Tree.Home.Permalink})
		}
	}
	return alts, og, links
}

// equivalent is the page of tree t that stands for p when p has no
// translation there: the same list or generated page, else t's home.
func equivalent(p *site.Page, t *site.Tree) string {
	switch p.Kind {
	case site.Section:
		if sec := t.Sections[p.Section]; sec != nil && sec.Index != nil {
			return sec.Index.URL
		}
	case site.Press:
		if t.Press != nil {
			return t.Press.URL
		}
	case site.TagIndex:
		if len(t.Tags) > 0 {
			return t.TagsURL()
		}
	case site.People:
		if len(t.People) > 0 {
			return t.PeopleURL()
		}
	case site.SiteMap:
		return t.SiteMapURL()
	case site.Search:
		return t.SearchURL()
	case site.FeedList:
		return t.FeedsURL()
	}
	return t.Home.URL
}

// Crumb is the page's own entry in its breadcrumb trail: its title,
// shortened to a few words when long (Full is then the whole title, for
// assistive technologies).
type Crumb struct{ Short, Full string }

// Crumb gives the page's own entry in its breadcrumb trail.
func (d *Data) Crumb() Crumb {
	t := d.Page.Title
	if s := shorten(t, 32); s != t {
		return Crumb{s, t}
	}
	return Crumb{Short: t}
}

// Signature is what the signature block of a tribune shows: Lead signed
// it as a letter is signed; Others, when there are many signatories (a
// collective tribune), are folded in a list under a count.
type Signature struct {
	Lead, Others []site.Signer
	// Count is the number of signatories.
	Count int
}

// ManySigners is the number of signatories from which a tribune's
// signature shows the first few and folds the others.
const ManySigners = 11

// Signature gives the signature block of the page.
func (d *Data) Signature() *Signature {
	g := d.Page.Signers
	if len(g) == 0 {
		return nil
	}
	s := &Signature{Lead: g, Count: len(g)}
	if len(g) >= ManySigners {
		s.Lead, s.Others = g[:3], g[3:]
	}
	return s
}

// SignerData is what partials/signer.html receives: one signatory.
type SignerData struct {
	env
	Signer site.Signer
}

// Signer renders partials/signer.html for a signatory of the page.
func (d *Data) Signer(g site.Signer) (template.HTML, error) {
	return d.r.partial(d.set, "partials/signer.html", SignerData{env: d.env, Signer: g})
}

// Counted is a counted string: key_one for 1, else key_many with n
// ("Les %d signataires").
func (e env) Counted(key string, n int) string { return e.count(n, key) }

// Logo is the site's logo as the header shows it: its file, the one for
// dark backgrounds if any, and its size at the header's height.
type Logo struct {
	Src, Dark     string
	Width, Height int
}

// LogoHeight is the logo's height in the header, in CSS pixels.
const LogoHeight = 44

// Logo describes the organisation's logo for the header, or nil.
func (e env) Logo() *Logo {
	o := e.site.Config.Organisation
	if o.Logo == "" {
		return nil
	}
	l := &Logo{Src: e.Asset(o.Logo)}
	if o.LogoDark != "" {
		l.Dark = e.Asset(o.LogoDark)
	}
	if img := e.Img(o.Logo); img != nil && img.Width > 0 && img.Height > 0 {
		l.Width, l.Height = (img.Width*LogoHeight+img.Height/2)/img.Height, LogoHeight
	}
	return l
}

// FeedLinks is what partials/feed-links.html receives: a feed linked from
// the head of pages, for feed readers' autodiscovery.
type FeedLinks struct {
	env
	Site *site.Site
	Feed *site.Feed
}

// FeedLinks renders partials/feed-links.html for one of the page's feeds.
func (d *Data) FeedLinks(f *site.Feed) (template.HTML, error) {
	return d.r.partial(d.set, "partials/feed-links.html", FeedLinks{env: d.env, Site: d.Site, Feed: f})
}

// Tree is the tree of the page shown: its language's home, lists, menu
// and the URLs of its generated pages ({{.Tree.SearchURL}}).
func (e env) Tree() *site.Tree {
	if e.tree != nil {
		return e.tree
	}
	return e.site.Tree
}

// T is the interface string for key in the page's language.
func (e env) T(key string) string { return e.lang.T(key) }

// Date formats t in the site's time zone and the page's language:
// "1er juin 2024".
func (e env) Date(t time.Time) template.HTML {
	return template.HTML(locale.HTML(e.lang.Date(t.In(e.site.Config.Location))))
}

// LongDate adds the weekday: "mardi 25 juin 2024".
func (e env) LongDate(t time.Time) template.HTML {
	return template.HTML(locale.HTML(e.lang.LongDate(t.In(e.site.Config.Location))))
}

// Time formats the time of day: "6 h", "15 h 30".
func (e env) Time(t time.Time) string { return e.lang.Time(t.In(e.site.Config.Location)) }

// ISO is the machine-readable form of t, with its offset.
func (e env) ISO(t time.Time) string { return t.In(e.site.Config.Location).Format(time.RFC3339) }

// Size formats a byte count: "240 Ko".
func (e env) Size(n int64) string { return e.lang.Size(n) }

// Abs makes a site path absolute with the base URL.
func (e env) Abs(p string) string { return e.site.Abs(p) }

// Asset gives the published URL of a static file (fingerprinted when the
// build fingerprints it).
func (e env) Asset(p string) string {
	if u, ok := e.r.opts.Assets[p]; ok {
		return u
	}
	return p
}

// About titles the organisation's boilerplate: "À propos d’Enfance Protégée".
func (e env) About(name string) string { return e.lang.About(name) }

// Colon is a colon after a label, spaced the page language's way
// ("Téléphone : …", "Phone: …").
func (e env) Colon() string {
	if e.lang.Base == "fr" {
		return "\u00a0:"
	}
	return ":"
}

// Tel turns a phone number as written into a tel: URI's number.
func (e env) Tel(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Kind is the label of a statement's kind: "Tribune".
func (e env) Kind(p *site.Page) string {
	switch p.Kind {
	case site.Tribune, site.Communique:
		return e.T(string(p.Kind))
	}
	return ""
}

// Foreign is the language code of p when it differs from the page's, for
// a lang attribute on the passage showing p ("" otherwise).
func (e env) Foreign(p *site.Page) string {
	if p.Lang.Code != e.lang.Code {
		return p.Lang.Code
	}
	return ""
}

// Other is code when it is not the language of the page, for a lang
// attribute on a passage in another language ("" otherwise).
func (e env) Other(code string) string {
	if strings.EqualFold(code, e.lang.Code) {
		return ""
	}
	return code
}

// ContactsLang is the language of a communiqué's contacts when they are
// the site's (from site.toml, in the site's language) and the page is in
// another, for a lang attribute; "" otherwise.
func (d *Data) ContactsLang() string {
	if d.Page.Meta != nil && len(d.Page.Meta.Contacts) > 0 {
		return ""
	}
	return d.Other(d.Site.Lang.Code)
}

// Paragraphs are the paragraphs of a comment's plain text.
func (e env) Paragraphs(s string) []string { return content.Paragraphs(s) }

// ReplyBy labels the organisation's reply to a comment.
func (e env) ReplyBy() string { return e.T("comment_reply") }

// CommentAction is where the comment form posts: comments.action, or the
// page after a comment is sent, which Netlify Forms shows once it has the
// comment.
func (d *Data) CommentAction() string {
	if a := d.Site.Config.Comments.Action; a != "" {
		return a
	}
	return d.Tree().ThanksURL()
}

// StateNote is the banner of a page hidden from production, shown in
// previews: "Brouillon", "Sous embargo jusqu’au mardi 25 juin 2024 à 6 h".
// It is empty for public pages.
func (e env) StateNote(p *site.Page) template.HTML {
	note := func(s string) template.HTML { return template.HTML(locale.HTML(s)) }
	at := func(t time.Time) string {
		t = t.In(e.site.Config.Location)
		if e.lang.Base == "fr" {
			return e.lang.LongDate(t) + " à " + e.lang.Time(t)
		}
		return e.lang.LongDate(t) + ", " + e.lang.Time(t)
	}
	switch p.State {
	case site.Draft:
		return note(e.T("draft"))
	case site.Embargoed:
		return note(e.T("embargoed") + " " + at(p.Embargo))
	case site.Scheduled:
		return note(e.T("scheduled") + " " + at(p.PublishAt()))
	case site.Expired:
		return note(e.T("expired") + " " + at(p.Expiry))
	}
	return ""
}

// ZoneTime names the site's time zone by its city: "heure de Paris".
func (e env) ZoneTime() string { return e.lang.ZoneTime(e.site.ZoneCity()) }

// Image is what layouts know of an image file: its size, its resized
// copies and its copy for sharing.
type Image struct {
	markdown.Image
	// Share is the URL of the 1200×630 copy for og:image, if any.
	Share string
}

// Img describes the image at a site path, or nil when it is not known.
func (e env) Img(src string) *Image {
	if e.r.opts.Images == nil {
		return nil
	}
	if img, ok := e.r.opts.Images(src); ok {
		return &img
	}
	return nil
}

// Sizes is the sizes attribute of images shown in the text column.
func (e env) Sizes() string { return markdown.Sizes }

// Content is a page's body HTML, produced by the Markdown converter: a
// communiqué's opens with its dateline. In partials/feed-item.html it is
// FeedContent.
func (d *Data) Content(p *site.Page) template.HTML {
	if d.inFeed {
		return d.FeedContent(p)
	}
	return template.HTML(p.Content)
}

// Date is a date as the page's language writes it: in HTML, with the
// ordinal as a superscript, except in feeds, which show plain text.
func (d *Data) Date(t time.Time) template.HTML {
	if d.inFeed {
		return template.HTML(template.HTMLEscapeString(d.lang.Date(t.In(d.site.Config.Location))))
	}
	return d.env.Date(t)
}

// Body is Content.
func (d *Data) Body(p *site.Page) template.HTML { return d.Content(p) }

// FeedContent is a statement's body HTML for feeds, every URL absolute.
func (d *Data) FeedContent(p *site.Page) template.HTML { return template.HTML(p.FeedContent) }

// Latest gives the n newest public statements of a section of the page's
// tree.
func (d *Data) Latest(section string, n int) []*site.Page {
	sec, ok := d.Tree().Sections[section]
	if !ok {
		return nil
	}
	if len(sec.Pages) < n {
		n = len(sec.Pages)
	}
	return sec.Pages[:n]
}

func (d *Data) ogLocale() string { return ogLocaleOf(d.Page.Lang.Code) }

// ogLocaleOf is a language code as Open Graph writes it: "fr_FR".
func ogLocaleOf(code string) string {
	code = strings.ToLower(strings.ReplaceAll(code, "-", "_"))
	if strings.Contains(code, "_") {
		base, region, _ := strings.Cut(code, "_")
		return strings.ToLower(base) + "_" + strings.ToUpper(region)
	}
	switch code {
	case "fr":
		return "fr_FR"
	case "en":
		return "en_GB"
	}
	return code
}

func (d *Data) canonical() string {
	p := d.Page
	if p.Meta != nil && p.Meta.Canonical == "outlet" && p.Outlet != nil {
		return p.Outlet.URL
	}
	return p.Permalink
}

func (d *Data) shareImage() (url, alt, typ string) {
	p := d.Page
	if share := d.ownShare(p); share != "" {
		typ = "image/png"
		if media.Format(share) == "JPEG" {
			typ = "image/jpeg"
		}
		return d.Abs(share), p.Image.Alt, typ
	}
	c := d.r.Card(d.cardPage())
	alt = c.Title + " – " + c.Name
	if c.Kind != "" {
		alt = c.Kind + d.Colon + " " + alt
	}
	return d.Abs(CardURL(d.cardPage())), alt, "image/png"
}

// ownShare is the site path of the copy of p's image made for sharing, or
// "" when p has no image that can be cropped (none, a decorative one, an
// SVG or a GIF): a card is drawn instead.
func (e env) ownShare(p *site.Page) string {
	if img := p.Image; img != nil && img.Src != "" && !img.Decorative {
		if i := e.Img(img.Src); i != nil {
			return i.Share
		}
	}
	return ""
}

// NeedsCard reports whether statement p is shared with a card drawn for
// it, having no image of its own to show.
func (r *Renderer) NeedsCard(p *site.Page) bool {
	return env{site: r.s, lang: p.Lang, r: r}.ownShare(p) == ""
}

// cardPage is the page whose card a page's links show: a statement's
// own, else its language's home page's.
func (d *Data) cardPage() *site.Page {
	if d.Page.Kind.IsStatement() {
		return d.Page
	}
	return d.Tree().Home
}

// Feed is the feed a partial shows (see WithFeed).
func (d *Data) Feed() *site.Feed { return d.feed }

// WithFeed returns a copy of d for a partial that shows feed f.
func (d *Data) WithFeed(f *site.Feed) *Data {
	c := *d
	c.feed = f
	return &c
}

// MainFeeds are the feed of everything and those of the sections.
func (d *Data) MainFeeds() []*site.Feed {
	return d.feedsWhere(func(f *site.Feed) bool { return d.feedKind(f) == "main" })
}

// TagFeeds are the feeds of each topic.
func (d *Data) TagFeeds() []*site.Feed {
	return d.feedsWhere(func(f *site.Feed) bool { return d.feedKind(f) == "tag" })
}

// LangFeeds are the feeds of each language, when there are several.
func (d *Data) LangFeeds() []*site.Feed {
	return d.feedsWhere(func(f *site.Feed) bool { return d.feedKind(f) == "lang" })
}

func (d *Data) feedKind(f *site.Feed) string {
	switch {
	case strings.HasPrefix(f.Path, d.Tree().TagsURL()):
		return "tag"
	case strings.HasPrefix(f.Path, "/"+site.LanguagesSection+"/"):
		return "lang"
	}
	return "main"
}

func (d *Data) feedsWhere(keep func(*site.Feed) bool) []*site.Feed {
	var out []*site.Feed
	for _, f := range d.Tree().Feeds {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// CardLevel is the heading level of list entries: under the page's h1
// directly (lists), or under an h2 (the home page, the press room).
func (d *Data) CardLevel() int {
	switch d.Page.Kind {
	case site.Home, site.Press, site.Person:
		return 3
	}
	return 2
}

// description is the page's summary, else a sentence saying what the page
// holds, else the start of its text, else the site's description, else
// the organisation's.
func (d *Data) description() string {
	p := d.Page
	if p.Summary != "" {
		return p.Summary
	}
	if s := d.kindDescription(); s != "" {
		return s
	}
	if p.Text != "" && p.Kind != site.Home {
		return shorten(p.Text, 160)
	}
	if s := d.Tree().Description; s != "" {
		return s
	}
	return shorten(d.Site.About, 160)
}

func (d *Data) kindDescription() string {
	p := d.Page
	switch p.Kind {
	case site.TagPage:
		return d.T("feed_tag") + " " + p.Title + "."
	case site.Press:
		return d.T("press_description")
	case site.Search:
		return d.T("search_label") + "."
	case site.SiteMap:
		return d.T("sitemap_intro")
	case site.FeedList:
		return d.T("feeds_intro")
	case site.Person:
		return d.T("statements_of") + d.Colon + " " + p.Title + "."
	case site.Section:
		if p.Section == "tribunes" || p.Section == "communiques" {
			return d.T("about_" + p.Section)
		}
	case site.TagIndex:
		return d.T("about_tags")
	case site.People:
		return d.T("about_people")
	}
	return ""
}

// shorten cuts s after at most n characters: after a sentence when one
// ends in the second half, else at a space, with an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, ". "); i > len(cut)/2 {
		return cut[:i+1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.\u00a0\u202f") + "…"
}
