// Package site is tribune's model: it turns parsed content files into the
// pages of a site, decides each page's publishing state at the build
// instant, gives every page its URL and checks that no two pages claim the
// same one. It does no I/O.
//
// Publishing states are decided once, here, before any output exists: a
// production site holds only public pages; the hidden ones are kept apart
// (Site.Hidden) so a leak guard can look for them in the output.
package site

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/markdown"
	"tribune/internal/media"
)

// Kind says what a page is and so which layout renders it.
type Kind string

const (
	Home       Kind = "home"
	Section    Kind = "section"
	Tribune    Kind = "tribune"
	Communique Kind = "communique"
	Plain      Kind = "page"
	TagIndex   Kind = "tags"
	TagPage    Kind = "tag"
	NotFound   Kind = "404"
	Alias      Kind = "alias"
	Press      Kind = "press"   // the press room
	Person     Kind = "person"  // a signatory's statements
	People     Kind = "people"  // the index of signatories
	FeedList   Kind = "feeds"   // the list of every feed
	SiteMap    Kind = "sitemap" // the site map for readers
	Search     Kind = "search"  // the search page
	Thanks     Kind = "thanks"  // after a comment is sent
)

// The two newsroom sections.
const (
	TribunesSection    = "tribunes"
	CommuniquesSection = "communiques"
	TagsSection        = "themes"
	PeopleSection      = "signataires"
	// PressFile is the content file that gives the press room its text.
	PressFile = "presse.md"
	PressURL  = "/presse/"
)

// IsStatement reports whether the kind is one of the newsroom kinds.
func (k Kind) IsStatement() bool { return k == Tribune || k == Communique }

// Options are the build's choices that are not in the content.
type Options struct {
	// At is the build instant: every publishing decision is made against it.
	At time.Time
	// Preview keeps hidden pages, marked with their state, and asks search
	// engines to stay away (NoIndex).
	Preview bool
	// NoIndex asks search engines to stay away from every page (a copy of
	// the site at another address, such as a deploy preview).
	NoIndex bool
	// Static describes the static file served at a site path
	// ("/documents/x.pdf"); ok is false when there is none.
	Static func(urlPath string) (info media.Info, ok bool)
	// Kit lists the site paths of the press kit's files.
	Kit []string
	// EmbargoKey is the key of the secret addresses of embargo copies
	// (EmbargoToken), from the environment variable EmbargoKeyVar.
	EmbargoKey []byte
	// Comments are the comments files of content files, by file.
	Comments map[*content.File]*content.Comments
	// ListOnly says that the model is for listing, not publishing: a
	// missing EmbargoKey is no error then.
	ListOnly bool
}

// Site is the whole model of a build.
type Site struct {
	// words are the words the site shows besides its texts (siteWords).
	wordsOnce sync.Once
	words     string
	siteSeq   string // words as wordSeq, between spaces

	Config *content.Config
	Lang   locale.Lang
	// Trees are the site's languages, the default one first; Tree is that
	// one. Home, Sections, Tags, People and Press are its.
	Trees   []*Tree
	Tree    *Tree
	At      time.Time
	Preview bool
	// NoIndex says that no page is to be indexed: the site is a preview or
	// a copy at another address.
	NoIndex bool
	Home    *Page
	// About is the organisation's boilerplate, typeset.
	About string
	// ShareLogo is the site path of the logo share cards show (PNG or
	// JPEG), or "".
	ShareLogo string
	// Pages is every page to render, in URL order.
	Pages []*Page
	// Statements are the public (or, in preview, all) tribunes and
	// communiqués, newest first.
	Statements []*Page
	Sections   map[string]*SectionInfo
	Tags       []*Tag
	// People are the signatories of visible statements, by name.
	People []*Signatory
	// Press is the press room.
	Press *Page
	// Feeds are every feed of the site: everything, each section, each
	// tag, each language when there are several.
	Feeds []*Feed
	// Hidden are the pages left out of a production build.
	Hidden []*Page
	// EmbargoCopies are the copies of communiqués under embargo at their
	// secret addresses, for journalists (embargoAccess): in no list, feed,
	// sitemap or search index.
	EmbargoCopies []*Page
	// HiddenFiles are the static files (site paths) that only hidden pages
	// use or name: a production build does not publish them
	// (FindHiddenFiles).
	HiddenFiles []string
	// NextChange is the next instant after At when a page changes state
	// (zero if none): the site must be rebuilt then.
	NextChange time.Time
	// Changes are the coming state changes, soonest first.
	Changes []Change
}

// SectionInfo is a folder of content.
type SectionInfo struct {
	Name  string // folder name
	Index *Page  // the first list page
	Pages []*Page
}

// Tag is a topic shared by statements.
type Tag struct {
	Name, Slug, URL string
	Pages           []*Page
}

// Signatory is a person who signed statements.
type Signatory struct {
	Name, Slug, URL string
	// Role and Organisation are those of their newest statement.
	Role, Organisation string
	Pages              []*Page // newest first
}

// Signer is a statement's signatory with the URL of their page.
type Signer struct {
	content.Person
	Page string
}

// KitItem is a file of the press kit.
type KitItem struct {
	URL, Title, Alt, Credit string
	// Lang is the language of its texts, those of site.toml: the site's.
	Lang string
	media.Info
	order int // its place in site.toml
}

// Change is a coming change of a page's state.
type Change struct {
	At    time.Time
	Page  *Page
	State State // the state from At on
	// CommentsClose marks the end of the comments of a statement (its
	// state stays): its form goes at the next build.
	CommentsClose bool
}

// Page is one HTML page of the output.
type Page struct {
	Kind    Kind
	File    *content.File // nil for generated pages
	Section string
	// Title, Subtitle and Summary are typeset plain text.
	Title, Subtitle, Summary string
	Lang                     locale.Lang
	Tree                     *Tree // the tree of its language
	// Comments are its approved comments, oldest first; CommentsOpen says
	// that readers may send more, CommentsClosed that they could and no
	// longer can.
	Comments                     []content.Comment
	CommentsOpen, CommentsClosed bool
	Translations                 []*Page // the visible pages translating it, by language
	Date, Updated                time.Time
	Embargo, Expiry              time.Time
	State                        State
	Content                      string         // HTML, a communiqué's dateline included
	FeedContent                  string         // HTML with absolute URLs, for feeds (statements)
	Text                         string         // plain text of the body
	memo                         *markdown.Memo // what leak checks derive from Text (textInfo)
	URL                          string         // site path, "/tribunes/x/"
	Permalink                    string         // absolute URL
	Slug                         string
	ID                           string // permanent identifier in feeds
	Layout                       string // layout file name, "single.html"
	Tags                         []*Tag
	Meta                         *content.Meta
	Signatories                  []content.Person
	Signers                      []Signer        // Signatories with their pages
	Person                       *Signatory      // on a signatory's page
	Kit                          []KitItem       // on the press room
	Feeds                        []*Feed         // the feeds relevant to the page, most relevant first
	Links                        []markdown.Link // site paths the body links to or shows, and where
	Outlet                       *content.Outlet
	Contacts                     []content.Contact
	Dateline                     string
	Attachments                  []Attachment
	Corrections                  []content.Correction
	Image                        *content.Image
	Pager                        *Pager
	Tag                          *Tag   // on a tag page
	Target                       string // on an alias page: where it redirects
	// SecretURL is the secret address of a communiqué with embargoAccess
	// (its copy while under embargo, a redirect once public); Secret marks
	// the copy itself.
	SecretURL string
	Secret    bool
	// Original is, on an embargo copy, the communiqué it copies.
	Original *Page
	// From names, for messages, what gives the page its URL: the content
	// file (and the place of its slug, title or alias) or folder; "" for
	// the pages tribune makes of its own.
	From       string
	FromPos    content.Pos
	Prev, Next *Page   // within the section, older and newer
	Related    []*Page // statements sharing its tags
}

// Attachment is a downloadable file.
type Attachment struct {
	Title, URL, Format string
	Size               int64
}

// Pager is one page of a paginated list.
type Pager struct {
	Number, Total int
	Items         []*Page
	// All are the items of every page of the list.
	All        []*Page
	First      string
	Prev, Next string // URLs, empty at the ends
	URLs       []string
}

// PagerLink is an entry of a pager's navigation: a page, or a gap ("…").
type PagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// Links lists the first and last pages and those around the current one,
// with gaps between, so a list of 400 pages does not link 400 times from
// each of them.
func (p *Pager) Links() []PagerLink {
	var out []PagerLink
	for n := 1; n <= p.Total; n++ {
		if n == 1 || n == p.Total || (n >= p.Number-2 && n <= p.Number+2) {
			out = append(out, PagerLink{Number: n, URL: p.URLs[n-1], Current: n == p.Number})
		} else if len(out) > 0 && !out[len(out)-1].Gap {
			out = append(out, PagerLink{Gap: true})
		}
	}
	return out
}

// OutputPath is the file a page is written to.
func (p *Page) OutputPath() string { return OutputPath(p.URL) }

// OutputPath is the file the page at URL path u is written to:
// "tribunes/x/index.html" for "/tribunes/x/", "404.html" for "/404.html".
func OutputPath(u string) string {
	if strings.HasSuffix(u, ".html") {
		return strings.TrimPrefix(u, "/")
	}
	return strings.TrimPrefix(u, "/") + "index.html"
}

// Modified is the page's last change: updated, else its date.
func (p *Page) Modified() time.Time {
	if !p.Updated.IsZero() {
		return p.Updated
	}
	return p.Date
}

// Source names the page's content file for messages.
func (p *Page) Source() string {
	if p.File == nil {
		return p.URL
	}
	return p.File.Source
}

// Typography returns the rule set for a language code under cfg.
func Typography(cfg *content.Config, lang string) (locale.Typography, error) {
	if s, ok := cfg.Typography[lang]; ok {
		return locale.ParseTypography(s)
	}
	if l, ok := locale.Get(lang); ok {
		if s, ok := cfg.Typography[l.Base]; ok {
			return locale.ParseTypography(s)
		}
	}
	return locale.ForLang(lang), nil
}

// LangOf gives the language code a file is written in.
func LangOf(cfg *content.Config, f *content.File) string {
	if f.Meta.Lang != "" {
		return f.Meta.Lang
	}
	return cfg.Language
}

// New builds the model of the site made of files, their texts aside:
// SetTexts gives the pages their texts. Every problem found is returned
// together.
func New(cfg *content.Config, files []*content.File, opts Options) (*Site, error) {
	b := &builder{
		cfg:  cfg,
		opts: opts,
		s:    &Site{Config: cfg, At: opts.At, Preview: opts.Preview, NoIndex: opts.NoIndex || opts.Preview, Sections: map[string]*SectionInfo{}},
		urls: make(map[string]claim, 2*len(files)),
		tags: map[string]*Tag{},

		failedKeys: map[string]bool{},
	}
	lang, ok := locale.Get(cfg.Language)
	if !ok {
		b.errorf(content.ConfigFile, cfg.Pos["language"], "unknown language %s: use fr or en", content.Quote(cfg.Language))
	}
	b.s.Lang = lang
	for key, v := range cfg.Typography {
		if _, err := locale.ParseTypography(v); err != nil {
			b.errorf(content.ConfigFile, cfg.Pos["typography."+key], "typography.%s: %v", key, err)
		}
	}
	if typo, err := Typography(cfg, cfg.Language); err == nil {
		b.s.About = typo.String(strings.TrimSpace(cfg.Organisation.About))
		// The settings readers see, typeset as the texts are.
		cfg.Title, cfg.Description = typo.String(cfg.Title), typo.String(cfg.Description)
		cfg.Organisation.Name, cfg.Organisation.FullName = typo.String(cfg.Organisation.Name), typo.String(cfg.Organisation.FullName)
		cfg.Contacts = typesetContacts(typo, cfg.Contacts)
		for i := range cfg.Menu {
			cfg.Menu[i].Name = typo.String(cfg.Menu[i].Name)
		}
	}
	b.trees()
	b.logos()
	b.host = "localhost"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
		b.host = u.Hostname()
	}
	b.reserve()
	indexes := map[string]*content.File{}
	for _, f := range files {
		if f.IsIndex() {
			indexes[path.Dir(f.Path)] = f
			continue
		}
		if p := b.page(f); p != nil {
			b.add(p)
		} else if k := f.Meta.TranslationKey; k != "" {
			b.failedKeys[k] = true
		}
	}
	b.translations()
	b.lists(indexes)
	b.uniqueIDs()
	b.embargoAccess()
	b.s.Changes = changes(b.all, opts.At)
	b.s.Changes = append(b.s.Changes, b.commentsClose()...)
	sortChanges(b.s.Changes)
	if len(b.s.Changes) > 0 {
		// Rounded up to the second, as it is written down: a rebuild at
		// the instant written must find the change made.
		next := b.s.Changes[0].At
		if t := next.Truncate(time.Second); !t.Equal(next) {
			next = t.Add(time.Second)
		}
		b.s.NextChange = next
	}
	slices.SortFunc(b.s.Pages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
	return b.s, b.errs.Err()
}

// Invisible reports whether s shows nothing: empty, or only spaces and
// invisible characters (U+200B, U+FEFF, direction marks).
func Invisible(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == ""
}

// CardFile is the name, in the folder of a statement's page (or at the
// top for the site), of the picture drawn for sharing it (media.Card).
const CardFile = "partage.png"

// logos checks that the logos of site.toml are files of static/, and
// picks the one share cards show: share.logo, else the organisation's
// logo when networks can show it (PNG or JPEG).
func (b *builder) logos() {
	cfg := b.s.Config
	for _, l := range []struct{ key, url string }{
		{"organisation.logo", cfg.Organisation.Logo},
		{"organisation.logoDark", cfg.Organisation.LogoDark},
		{"share.logo", cfg.Share.Logo},
	} {
		if l.url == "" {
			continue
		}
		if !strings.HasPrefix(l.url, "/") {
			b.errorf(content.ConfigFile, cfg.Pos[l.key], "%s: %s must be the path of a file under static/, starting with / (\"/images/logo.svg\")", l.key, content.Quote(l.url))
			continue
		}
		if _, ok := b.static(l.url); !ok {
			b.errorf(content.ConfigFile, cfg.Pos[l.key], "%s: %s not found: put the file in static%s", l.key, content.Quote(l.url), l.url)
		}
	}
	switch {
	case cfg.Share.Logo != "" && !media.Resizable(cfg.Share.Logo):
		b.errorf(content.ConfigFile, cfg.Pos["share.logo"], "share.logo must be a PNG or JPEG file: the pictures of shared links cannot show %s", media.Format(cfg.Share.Logo))
	case cfg.Share.Logo != "":
		b.s.ShareLogo = cfg.Share.Logo
	case media.Resizable(cfg.Organisation.Logo):
		b.s.ShareLogo = cfg.Organisation.Logo
	}
}

// ZoneCity is the city that names the site's time zone: "Paris" for
// Europe/Paris, "New York" for America/New_York.
func (s *Site) ZoneCity() string {
	tz := s.Config.TimeZone
	return strings.ReplaceAll(tz[strings.LastIndexByte(tz, '/')+1:], "_", " ")
}

// FeedFiles are the content files whose texts feeds carry in full: their
// texts are converted for feeds too, every URL absolute.
func (s *Site) FeedFiles() map[*content.File]bool {
	out := map[*content.File]bool{}
	for _, f := range s.Feeds {
		for _, p := range f.Items {
			out[p.File] = true
		}
	}
	return out
}

// SetTexts gives each page made from a content file its converted text.
func (s *Site) SetTexts(docs map[*content.File]markdown.Doc) {
	set := func(p *Page) {
		if p.File == nil {
			return
		}
		doc := docs[p.File]
		p.Content, p.FeedContent, p.Text, p.memo = doc.HTML, doc.FeedHTML, doc.Text, doc.Memo
		p.Links = doc.Links
		if p.Summary == "" && !p.File.IsIndex() {
			p.Summary = truncate(doc.Lead, 240)
		}
	}
	for _, p := range s.Pages {
		set(p)
	}
	for _, p := range s.Hidden {
		set(p)
	}
	for _, c := range s.EmbargoCopies {
		set(c)
		c.Content, c.FeedContent, c.Links = docs[c.File].MovedHTML, "", nil
	}
}

type builder struct {
	cfg     *content.Config
	opts    Options
	s       *Site
	errs    content.ErrorList
	urls    map[string]claim // by output path
	tags    map[string]*Tag
	all     []*Page // every content page, hidden ones included
	visible []*Page // the content pages of this build
	host    string  // the base URL's host, for feed ids
	// failedKeys are the translationKeys of files whose page could not be
	// made: their translations are not alone.
	failedKeys map[string]bool
}

// claim says what makes a page: a content file or folder (and where its
// URL comes from), or tribune itself; what describes it for messages ("the
// list of feeds"), and fix says how to change its URL.
type claim struct {
	file string
	pos  content.Pos
	what locale.Message
	fix  locale.Message
	url  string
	// fixed marks the URL of a page every site has, taken before any
	// content page or alias: it is the one tribune makes with this what.
	fixed bool
}

// In names what makes the page, in the language base: its file and place,
// or what tribune makes.
func (c claim) In(base string) string {
	switch {
	case c.file == "":
		return c.what.In(base)
	case c.pos.Line > 0:
		return fmt.Sprintf("%s:%d:%d", c.file, c.pos.Line, c.pos.Col)
	}
	return c.file
}

// A content page's claim: its URL comes from its slug or its title.
func pageClaim(p *Page) claim {
	return claim{file: p.File.Source, pos: firstPos(p.Meta.Pos, "slug", "title"), fix: locale.M("change a slug or a title")}
}

func (b *builder) errorf(file string, pos content.Pos, format string, args ...any) {
	b.errs = append(b.errs, content.Errorf(file, pos, format, args...))
}

// claimURL registers that c makes the page at url, unless a page made
// already has the same output file: then it reports the clash on a file
// that can change, and c's page is not made.
func (b *builder) claimURL(url string, c claim) bool {
	key := OutputPath(url)
	prev, ok := b.urls[key]
	if !ok || prev.fixed && prev.what.String() == c.what.String() {
		c.url = url
		b.urls[key] = c
		return true
	}
	switch {
	case c.file != "" && prev.url == url:
		b.errorf(c.file, c.pos, "URL %s is also produced by %s: %s", url, prev, c.fix)
	case c.file != "":
		b.errorf(c.file, c.pos, "URL %s writes the file %s, as does %s: %s", url, key, prev, c.fix)
	case prev.file != "":
		b.errorf(prev.file, prev.pos, "URL %s is that of %s, which tribune makes: %s", prev.url, c.what, prev.fix)
	default:
		b.errorf(content.ConfigFile, content.Pos{}, "URL %s is both %s and %s", url, prev, c.what)
	}
	return false
}

// reserve takes the URLs of the pages every site has, before any content
// page or alias.
func (b *builder) reserve() {
	for _, t := range b.s.Trees {
		for _, r := range []struct {
			url  string
			what locale.Message
		}{
			{t.Prefix, locale.M("the home page")}, {t.NotFoundURL(), locale.M("the page for unknown URLs")}, {t.FeedsURL(), locale.M("the list of feeds")},
			{t.SearchURL(), locale.M("the search page")}, {t.SiteMapURL(), locale.M("the site map")},
			{t.SectionURL(TribunesSection), locale.M("the list of %s", TribunesSection)},
			{t.SectionURL(CommuniquesSection), locale.M("the list of %s", CommuniquesSection)},
		} {
			b.claimURL(r.url, claim{what: r.what, fixed: true})
		}
	}
}

// absURL makes a site path absolute with the base URL.
func (b *builder) absURL(p string) string {
	return strings.TrimSuffix(b.cfg.BaseURL, "/") + escapePath(p)
}

// escapePath percent-encodes the characters of a site path that an
// absolute URL cannot hold as they are (sitemaps, feeds and search
// engines want URLs, not IRIs): "/themes/защита/" becomes
// "/themes/%D0%B7%D0%B0…/". Plain paths stay as they are.
func escapePath(p string) string {
	if !strings.ContainsFunc(p, func(r rune) bool { return r >= utf8.RuneSelf || r <= ' ' || r == 0x7f }) {
		return p
	}
	rest := ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, rest = p[:i], p[i:]
	}
	return (&url.URL{Path: p}).EscapedPath() + rest
}

// Abs makes a site path absolute with the site's base URL; a URL that is
// absolute already stays as it is.
func (s *Site) Abs(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return strings.TrimSuffix(s.Config.BaseURL, "/") + escapePath("/"+strings.TrimPrefix(p, "/"))
}

// OrgName is the name the site publishes under: the organisation's full
// name, else its name, else the site's title.
func (s *Site) OrgName() string {
	o := s.Config.Organisation
	switch {
	case o.FullName != "":
		return o.FullName
	case o.Name != "":
		return o.Name
	}
	return s.Config.Title
}
