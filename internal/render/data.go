package render

import (
	"html"
	"html/template"
	"strings"
	"time"

	"tribune/internal/site"
)

// Data is what every layout receives.
type Data struct {
	Site *site.Site
	Page *site.Page
	// Item is the list entry a partial shows (see With).
	Item  *site.Page
	extra Extra
	run   *run
	set   *tset // the layouts executing
	feed  *site.Feed
}

func newData(r *run, s *site.Site, p *site.Page, extra Extra) *Data {
	return &Data{Site: s, Page: p, extra: extra, run: r, set: r.t.run}
}

// Partial renders the partial layout name once per distinct key in a
// build and reuses the result: for parts of the page that are the same on
// many pages (the header, the footer). key must capture everything the
// built-in partial reads besides the site and the language; a site's own
// version of the partial is rendered for every page.
func (d *Data) Partial(name, key string) (template.HTML, error) {
	if d.run.t.top[name] {
		// A site's own partial may read anything: no reuse.
		return d.run.t.execPartial(name, d)
	}
	k := partialKey{name, key + "\x00" + d.Page.Lang.Code}
	if v, ok := d.run.partials.Load(k); ok {
		return v.(template.HTML), nil
	}
	h, err := d.run.t.execPartial(name, d)
	if err != nil {
		return "", err
	}
	d.run.partials.Store(k, h)
	return h, nil
}

// ActiveMenu is the URL of the menu entry for the current page (or the
// page's own on the home and search pages), else "": what the built-in
// header depends on.
func (d *Data) ActiveMenu() string {
	if d.Page.URL == "/" || d.Page.Kind == site.Search {
		return d.Page.URL
	}
	for _, m := range d.Site.Config.Menu {
		if m.URL == d.Page.URL {
			return m.URL
		}
	}
	return ""
}

// Card renders partials/card.html for a statement shown in a list. A
// statement appears in many lists (its section, its tags, the home page),
// so the built-in card is rendered once per language in a build and
// reused; a site's own card is rendered every time.
func (d *Data) Card(p *site.Page) (template.HTML, error) {
	if d.run.t.cardOverridden {
		return d.run.t.execPartial("partials/card.html", d.With(p))
	}
	k := cardKey{p, d.Page.Lang.Code, d.CardLevel()}
	if v, ok := d.run.cards.Load(k); ok {
		return v.(template.HTML), nil
	}
	h, err := d.run.t.execPartial("partials/card.html", d.With(p))
	if err != nil {
		return "", err
	}
	d.run.cards.Store(k, h)
	return h, nil
}

// T is the interface string for key in the page's language.
func (d *Data) T(key string) string { return d.Page.Lang.T(key) }

// Date formats t in the site's time zone and the page's language:
// "1er juin 2024".
func (d *Data) Date(t time.Time) string { return d.Page.Lang.Date(t.In(d.Site.Config.Location)) }

// LongDate adds the weekday: "mardi 25 juin 2024".
func (d *Data) LongDate(t time.Time) string {
	return d.Page.Lang.LongDate(t.In(d.Site.Config.Location))
}

// Time formats the time of day: "6 h", "15 h 30".
func (d *Data) Time(t time.Time) string { return d.Page.Lang.Time(t.In(d.Site.Config.Location)) }

// ISO is the machine-readable form of t, with its offset.
func (d *Data) ISO(t time.Time) string {
	return t.In(d.Site.Config.Location).Format(time.RFC3339)
}

// Size formats a byte count: "240 Ko".
func (d *Data) Size(n int64) string { return d.Page.Lang.Size(n) }

// Abs makes a site path absolute with the base URL.
func (d *Data) Abs(p string) string { return absURL(d.Site, p) }

// absURL makes a site path absolute with the site's base URL; a URL that
// is absolute already stays as it is.
func absURL(s *site.Site, p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return strings.TrimSuffix(s.Config.BaseURL, "/") + "/" + strings.TrimPrefix(p, "/")
}

// Asset gives the published URL of a static file (fingerprinted when the
// build fingerprints it).
func (d *Data) Asset(p string) string {
	if u, ok := d.extra.Assets[p]; ok {
		return u
	}
	return p
}

// Content is the page's body HTML, produced by the Markdown converter,
// with its images completed (see images).
func (d *Data) Content(p *site.Page) template.HTML {
	return template.HTML(d.images(p.Content, p.URL))
}

// Head is extra HTML for the end of <head>.
func (d *Data) Head() template.HTML { return d.extra.Head }

// Latest gives the n newest public statements of a section.
func (d *Data) Latest(section string, n int) []*site.Page {
	sec, ok := d.Site.Sections[section]
	if !ok {
		return nil
	}
	if len(sec.Pages) < n {
		n = len(sec.Pages)
	}
	return sec.Pages[:n]
}

// Kind is the label of a statement's kind: "Tribune".
func (d *Data) Kind(p *site.Page) string {
	switch p.Kind {
	case site.Tribune:
		return d.T("tribune")
	case site.Communique:
		return d.T("communique")
	}
	return ""
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// With returns a copy of d whose Item is p, for partials that show one
// statement of a list.
func (d *Data) With(p *site.Page) *Data {
	c := *d
	c.Item = p
	return &c
}

// About titles the organisation's boilerplate: "À propos d’Enfance Protégée".
func (d *Data) About(name string) string { return d.Page.Lang.About(name) }

// Colon is a colon after a label, spaced the page language's way
// ("Téléphone : …", "Phone: …").
func (d *Data) Colon() string {
	if d.Page.Lang.Base == "fr" {
		return "\u00a0:"
	}
	return ":"
}

// Tel turns a phone number as written into a tel: URI's number.
func (d *Data) Tel(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Body is a page's body HTML; a communiqué's dateline ("Paris, le 25 juin
// 2024 –") opens its first paragraph.
func (d *Data) Body(p *site.Page) template.HTML {
	if p.Kind != site.Communique || p.Dateline == "" {
		return d.Content(p)
	}
	line := p.Dateline + ", "
	if p.Lang.Base == "fr" {
		line += "le "
	}
	line += p.Lang.Date(p.Date.In(d.Site.Config.Location)) + "\u00a0–"
	span := `<span class="dateline">` + html.EscapeString(line) + `</span> `
	body := string(d.Content(p))
	if rest, ok := strings.CutPrefix(body, "<p>"); ok {
		return template.HTML("<p>" + span + rest)
	}
	return template.HTML("<p>" + span + "</p>\n" + body)
}

// OGLocale is the page language as Open Graph writes it: "fr_FR".
func (d *Data) OGLocale() string {
	code := strings.ReplaceAll(d.Page.Lang.Code, "-", "_")
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

// Canonical is the URL of the page's canonical link: itself, or the
// outlet's article when the front matter says canonical: outlet.
func (d *Data) Canonical() string {
	p := d.Page
	if p.Meta != nil && p.Meta.Canonical == "outlet" && p.Outlet != nil {
		return p.Outlet.URL
	}
	return p.Permalink
}

// NoIndex reports whether search engines are asked not to index the page.
func (d *Data) NoIndex() bool {
	return d.Page.Meta != nil && d.Page.Meta.NoIndex
}

// ShareImage is the absolute URL of the image shown when the page is
// shared: its own, else the organisation's logo.
func (d *Data) ShareImage() string {
	if img := d.Page.Image; img != nil && img.Src != "" {
		if i := d.Img(img.Src); i != nil && i.Share != "" {
			return d.Abs(i.Share)
		}
		return d.Abs(img.Src)
	}
	if logo := d.Site.Config.Organisation.Logo; logo != "" {
		return d.Abs(logo)
	}
	return ""
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
	case strings.HasPrefix(f.Path, "/"+site.TagsSection+"/"):
		return "tag"
	case strings.HasPrefix(f.Path, "/"+site.LanguagesSection+"/"):
		return "lang"
	}
	return "main"
}

func (d *Data) feedsWhere(keep func(*site.Feed) bool) []*site.Feed {
	var out []*site.Feed
	for _, f := range d.Site.Feeds {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// StateNote is the banner of a page hidden from production, shown in
// previews: "Brouillon", "Sous embargo jusqu’au mardi 25 juin 2024 à 6 h".
// It is empty for public pages.
func (d *Data) StateNote(p *site.Page) string {
	at := func(t time.Time) string {
		t = t.In(d.Site.Config.Location)
		if d.Page.Lang.Base == "fr" {
			return d.Page.Lang.LongDate(t) + " à " + d.Page.Lang.Time(t)
		}
		return d.Page.Lang.LongDate(t) + ", " + d.Page.Lang.Time(t)
	}
	switch p.State {
	case site.Draft:
		return d.T("draft")
	case site.Embargoed:
		return d.T("embargoed") + " " + at(p.Embargo)
	case site.Scheduled:
		return d.T("scheduled") + " " + at(p.PublishAt())
	case site.Expired:
		return d.T("expired") + " " + at(p.Expiry)
	}
	return ""
}

// ZoneTime names the site's time zone by its city: "heure de Paris".
func (d *Data) ZoneTime() string {
	tz := d.Site.Config.TimeZone
	city := strings.ReplaceAll(tz[strings.LastIndexByte(tz, '/')+1:], "_", " ")
	return d.Page.Lang.ZoneTime(city)
}

// Breadcrumbs is the trail from the home page to the page.
func (d *Data) Breadcrumbs() []site.Crumb { return d.Site.Breadcrumbs(d.Page) }

// Foreign is the language code of p when it differs from the page's, for
// a lang attribute on the passage showing p ("" otherwise).
func (d *Data) Foreign(p *site.Page) string {
	if p.Lang.Code != d.Page.Lang.Code {
		return p.Lang.Code
	}
	return ""
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

// StopWords are the words the search leaves out, for the search script.
func (d *Data) StopWords() string { return StopWords }

// Description is the page's meta description: its summary, else a sentence
// saying what the page holds.
func (d *Data) Description() string {
	p := d.Page
	if p.Summary != "" {
		return p.Summary
	}
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
		return d.T("statements_of") + d.Colon() + " " + p.Title + "."
	}
	return ""
}

// FeedKey identifies the feeds the page links in its head, for Partial.
func (d *Data) FeedKey() string {
	var b strings.Builder
	for _, f := range d.Page.Feeds {
		b.WriteString(f.Path)
		b.WriteByte(0)
	}
	return b.String()
}
