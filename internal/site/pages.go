package site

import (
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/media"
)

// page builds the page of a content file, or nil when it has errors. Its
// text comes later (SetTexts).
func (b *builder) page(f *content.File) *Page {
	m := &f.Meta
	nerr := len(b.errs)
	p := &Page{
		File:        f,
		Meta:        m,
		Kind:        kindOf(f),
		Section:     f.Section(),
		Date:        PublicDate(m),
		Updated:     m.Updated,
		Embargo:     m.Embargo,
		Expiry:      m.Expiry,
		Signatories: m.Signatories,
		Outlet:      m.Outlet,
		Contacts:    m.Contacts,
		Dateline:    m.Dateline,
		Corrections: m.Corrections,
		Image:       m.Image,
	}
	if len(p.Contacts) == 0 && p.Kind == Communique {
		p.Contacts = b.cfg.Contacts
	}
	if p.Dateline == "" && p.Kind == Communique {
		p.Dateline = b.cfg.City
	}
	for _, c := range m.Corrections {
		if c.Date.After(p.Updated) {
			p.Updated = c.Date
		}
	}
	if !p.Updated.After(p.Date) {
		p.Updated = time.Time{} // changed before it was public
	}

	code := LangOf(b.cfg, f)
	lang, ok := locale.Get(code)
	if _, own := m.Pos["lang"]; !ok && own {
		// Without a lang of its own, the text has the site's, whose
		// error site.toml's line says.
		b.errorf(f.Source, m.Pos["lang"], "unknown language %s: use fr or en", content.Quote(code))
	}
	p.Lang = lang
	typo, err := Typography(b.cfg, code)
	if err != nil {
		b.errorf(f.Source, m.Pos["lang"], "%v", err)
	}
	if m.Image != nil {
		img := *m.Image
		img.Alt, img.Credit = typo.String(img.Alt), typo.String(img.Credit)
		p.Image = &img
	}
	// Every text readers see is typeset, not the body alone.
	p.Signatories = make([]content.Person, len(m.Signatories))
	for i, sg := range m.Signatories {
		p.Signatories[i] = content.Person{Name: typo.String(sg.Name), Role: typo.String(sg.Role), Organisation: typo.String(sg.Organisation), URL: sg.URL}
		if sg.Portrait != nil {
			img := *sg.Portrait
			img.Alt = typo.String(img.Alt)
			p.Signatories[i].Portrait = &img
		}
	}
	if m.Outlet != nil {
		o := *m.Outlet
		o.Name, o.Label = typo.String(o.Name), typo.String(o.Label)
		if Invisible(o.Label) {
			o.Label = "" // the link keeps its default text, which shows
		}
		p.Outlet = &o
	}
	p.Contacts = typesetContacts(typo, p.Contacts)
	p.Title = typo.String(strings.TrimSpace(m.Title))
	p.Subtitle = typo.String(m.Subtitle)
	p.Summary = typo.String(strings.TrimSpace(m.Summary))

	var slugPos content.Pos
	p.URL, p.Slug, slugPos = locate(f)
	p.Tree = b.treeOf(f)
	if !p.Tree.Default && p.URL != "" {
		p.URL = PagePath(b.cfg, f)
	}
	if m.Slug != "" && (strings.ContainsAny(m.Slug, `/\`) || strings.Contains(m.Slug, "..")) {
		b.errorf(f.Source, slugPos, "slug %s must be a single URL segment, without / or ..", content.Quote(m.Slug))
	}
	if p.Slug == "" {
		base := strings.TrimSuffix(path.Base(f.Path), ".md")
		b.errorf(f.Source, slugPos, "cannot make a URL from %s: add a slug made of letters or digits", content.Quote(firstNonEmpty(m.Slug, m.Title, base)))
		return nil
	}
	p.Permalink = b.absURL(p.URL)
	p.ID = b.itemID(p)

	if m.Layout != "" && (strings.ContainsAny(m.Layout, `/\`) || strings.HasPrefix(m.Layout, ".")) {
		b.errorf(f.Source, m.Pos["layout"], "layout %s must be a file name in layouts/", content.Quote(m.Layout))
	}
	p.Layout = m.Layout

	b.checkStatement(p)
	b.attachments(p)
	p.State = stateAt(p, b.opts.At)
	b.comments(p)
	if len(b.errs) > nerr {
		return nil
	}
	return p
}

// kindOf says what kind of page a content file makes.
func kindOf(f *content.File) Kind {
	switch f.Section() {
	case TribunesSection:
		return Tribune
	case CommuniquesSection:
		return Communique
	}
	if f.Path == PressFile {
		return Press
	}
	return Plain
}

// PagePath is the site path of the page a content file makes
// ("/tribunes/x/", "/en/op-eds/x/" in a language of [languages]), or ""
// when no URL can be made from it (the model reports why).
func PagePath(cfg *content.Config, f *content.File) string {
	u := pagePath(f)
	if u == "" || f.IsIndex() {
		return u
	}
	if l := declared(cfg, LangOf(cfg, f)); l != nil {
		if lang, ok := locale.Get(l.Code); ok {
			return relocate(u, l, lang)
		}
	}
	return u
}

func pagePath(f *content.File) string {
	if f.IsIndex() {
		// The list the file introduces.
		dir := path.Dir(f.Path)
		if dir == "." {
			return "/"
		}
		return "/" + locale.PathSlug(dir) + "/"
	}
	u, _, _ := locate(f)
	return u
}

// locate makes the URL of a content file's page: statements take their
// slug from the title, other pages from the file name; front matter slug
// replaces either. pos is where the slug came from. The URL is empty when
// the slug is.
func locate(f *content.File) (url, slug string, pos content.Pos) {
	m := &f.Meta
	base := strings.TrimSuffix(path.Base(f.Path), ".md")
	// "a-propos.en.md", the English version of "a-propos.md", is "a-propos".
	if m.Lang != "" {
		if b, ok := strings.CutSuffix(strings.ToLower(base), "."+strings.ToLower(m.Lang)); ok && b != "" {
			base = base[:len(b)]
		}
	}
	switch {
	case m.Slug != "":
		slug, pos = locale.PathSlug(m.Slug), m.Pos["slug"]
	case kindOf(f).IsStatement():
		slug, pos = locale.PathSlug(m.Title), m.Pos["title"]
	default:
		slug, pos = locale.PathSlug(base), m.Pos["slug"]
	}
	if slug == "" {
		return "", "", pos
	}
	dir := path.Dir(f.Path)
	if dir == "." {
		return "/" + slug + "/", slug, pos
	}
	segs := strings.Split(dir, "/")
	for i, s := range segs {
		segs[i] = locale.PathSlug(s)
	}
	return "/" + strings.Join(segs, "/") + "/" + slug + "/", slug, pos
}

// Dateline is the line that opens a communiqué's text, "Paris, le 25 juin
// 2024 –": its dateline (the site's city by default) and date in its
// language; "" for other pages.
func Dateline(cfg *content.Config, f *content.File) string {
	if kindOf(f) != Communique || f.IsIndex() {
		return ""
	}
	city := f.Meta.Dateline
	if city == "" {
		city = cfg.City
	}
	if city == "" {
		return ""
	}
	lang, _ := locale.Get(LangOf(cfg, f))
	line := city + ", "
	if lang.Base == "fr" {
		line += "le "
	}
	return line + lang.Date(PublicDate(&f.Meta).In(cfg.Location)) + "\u00a0–"
}

// PublicDate is the date a statement shows, in its dateline and in feeds:
// the day it became public, the later of its date and its embargo (or
// publishDate). A communiqué written on 1 December under embargo until
// 3 December is dated 3 December.
func PublicDate(m *content.Meta) time.Time {
	if m.Embargo.After(m.Date) {
		return m.Embargo
	}
	return m.Date
}

// checkStatement validates what a newsroom kind needs.
func (b *builder) checkStatement(p *Page) {
	m, src := p.Meta, p.File.Source
	if p.Kind == Tribune {
		named := false
		for _, s := range m.Signatories {
			named = named || strings.TrimSpace(s.Name) != ""
		}
		if !named {
			b.errorf(src, firstPos(m.Pos, "signatories", "title"), "a tribune needs at least one signatory with a name (signatories: [{name: …, role: …}])")
		}
	}
	for i, s := range m.Signatories {
		if strings.TrimSpace(s.Name) == "" && len(m.Signatories) > 1 {
			b.errorf(src, m.Pos[key("signatories", i)], "signatory %d has no name", i+1)
		}
		if s.URL != "" && !isHTTP(s.URL) {
			b.errorf(src, m.Pos[key("signatories", i)+".url"], "signatory url %s must be an absolute http(s) URL", content.Quote(s.URL))
		}
		if img := s.Portrait; img != nil {
			k := key("signatories", i) + ".portrait"
			if Invisible(img.Alt) && !img.Decorative {
				b.errorf(src, m.Pos[k], "portrait needs alt text describing it (or decorative: true if it carries no information)")
			}
			if img.Src == "" {
				b.errorf(src, m.Pos[k], "portrait needs a src")
			} else if !strings.HasPrefix(img.Src, "/") {
				b.errorf(src, firstPos(m.Pos, k+".src", k), "portrait %s must be the path of a file under static/, starting with / (\"/images/portrait.jpg\")", content.Quote(img.Src))
			} else if _, ok := b.static(img.Src); !ok {
				b.errorf(src, firstPos(m.Pos, k+".src", k), "portrait %s not found: put the file in static%s", img.Src, img.Src)
			}
		}
	}
	if o := m.Outlet; o != nil {
		if strings.TrimSpace(o.Name) == "" {
			b.errorf(src, m.Pos["outlet"], "outlet needs a name")
		}
		if !isHTTP(o.URL) {
			b.errorf(src, firstPos(m.Pos, "outlet.url", "outlet"), "outlet url %s must be an absolute http(s) URL", content.Quote(o.URL))
		}
	}
	for i, c := range m.Contacts {
		k := key("contacts", i)
		if strings.TrimSpace(c.Name) == "" {
			b.errorf(src, m.Pos[k], "contact %d needs a name", i+1)
		}
		if c.Email == "" && c.Phone == "" {
			b.errorf(src, m.Pos[k], "contact %d needs an email or a phone", i+1)
		}
	}
	if img := m.Image; img != nil {
		if img.Src == "" {
			b.errorf(src, m.Pos["image"], "image needs a src")
		}
		if strings.TrimSpace(img.Alt) == "" && !img.Decorative {
			b.errorf(src, m.Pos["image"], "image needs alt text describing it (or decorative: true if it carries no information)")
		}
		if img.Src != "" && !strings.HasPrefix(img.Src, "/") {
			b.errorf(src, firstPos(m.Pos, "image.src", "image"), "image %s must be the path of a file under static/, starting with / (\"/images/photo.jpg\")", content.Quote(img.Src))
		} else if img.Src != "" {
			if _, ok := b.static(img.Src); !ok {
				b.errorf(src, firstPos(m.Pos, "image.src", "image"), "image %s not found: put the file in static%s", img.Src, img.Src)
			}
		}
	}
	switch m.Canonical {
	case "", "self":
	case "outlet":
		if m.Outlet == nil {
			b.errorf(src, m.Pos["canonical"], "canonical: outlet needs an outlet")
		}
	default:
		b.errorf(src, m.Pos["canonical"], "canonical must be \"self\" or \"outlet\", not %s", content.Quote(m.Canonical))
	}
	for i, a := range m.Aliases {
		if _, err := cleanAlias(a); err != nil {
			b.errorf(src, m.Pos[key("aliases", i)], "alias %s: %v", content.Quote(a), err)
		}
	}
}

// attachments resolves downloadable files and their sizes.
func (b *builder) attachments(p *Page) {
	m := p.Meta
	for i, a := range m.Attachments {
		k := key("attachments", i)
		pos := firstPos(m.Pos, k+".src", k)
		if !strings.HasPrefix(a.Src, "/") || strings.Contains(a.Src, "..") || strings.Contains(a.Src, "\\") {
			b.errorf(p.File.Source, pos, "attachment %s must be the path of a file under static/, starting with / (\"/documents/rapport.pdf\")", content.Quote(a.Src))
			continue
		}
		info, ok := b.static(a.Src)
		if !ok {
			b.errorf(p.File.Source, pos, "attachment %s not found: put the file in static%s", a.Src, a.Src)
			continue
		}
		title := a.Title
		if title == "" {
			title = path.Base(a.Src)
		}
		p.Attachments = append(p.Attachments, Attachment{Title: title, URL: a.Src, Format: info.Format, Size: info.Size})
	}
}

// static describes the static file served at a site path.
func (b *builder) static(u string) (media.Info, bool) {
	if b.opts.Static == nil {
		return media.Info{}, false
	}
	return b.opts.Static(u)
}

// maxAliasSegment bounds each part of an alias, which becomes the name of
// a folder or file of the output: file systems refuse names over 255
// bytes.
const maxAliasSegment = 200

func cleanAlias(a string) (string, error) {
	if strings.ContainsFunc(a, blank) {
		return "", locale.M("must not hold spaces, tabs, line breaks, control or invisible characters")
	}
	if !strings.HasPrefix(a, "/") {
		return "", locale.M("must be a site path starting with /")
	}
	if strings.Contains(a, "\\") || strings.ContainsAny(a, "?#") {
		return "", locale.M("must be a plain path, without \\, ? or #")
	}
	if strings.Contains(a, "%") {
		// Netlify may decode it: the checks below would see one path,
		// and Netlify another.
		return "", locale.M("must not hold %%: write the characters themselves (/café/, not /caf%%C3%%A9/)")
	}
	if strings.ContainsAny(a, ":*") {
		// Netlify's _redirects reads them as placeholders and splats: a
		// rule for one old URL would catch others.
		return "", locale.M("must not hold : or *, which Netlify reads as patterns")
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			return "", locale.M("must not contain . or .. segments")
		}
		if strings.HasPrefix(seg, ".") {
			return "", locale.M("must not name a hidden file or folder (a part starting with .)")
		}
		if len(seg) > maxAliasSegment {
			return "", locale.M("a part between two / is %d bytes long, more than the %d a file name may have", len(seg), maxAliasSegment)
		}
	}
	c := path.Clean(a)
	if c == "/" {
		return "", locale.M("cannot redirect the home page")
	}
	if strings.HasPrefix(c+"/", EmbargoDir) {
		return "", locale.M("must not be under %s, the folder of embargo copies", EmbargoDir)
	}
	if path.Ext(c) == ".html" {
		return c, nil
	}
	return c + "/", nil
}

// blank reports whether r is a space, a control character or an invisible
// one (a format character, such as U+FEFF or U+200B): a line of Netlify's
// _redirects or _headers is made of fields separated by what JavaScript's
// \s matches, U+FEFF included.
func blank(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// Blank reports whether s holds a space or a control character.
func Blank(s string) bool { return strings.ContainsFunc(s, blank) }

// Separates reports whether r is one of the characters Blank finds.
func Separates(r rune) bool { return blank(r) }

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func key(list string, i int) string {
	return list + "[" + strconv.Itoa(i) + "]"
}

func firstPos(pos map[string]content.Pos, keys ...string) content.Pos {
	for _, k := range keys {
		if p, ok := pos[k]; ok {
			return p
		}
	}
	return content.Pos{}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// truncate cuts s to at most n runes, at a word boundary, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for cut > n/2 && r[cut] != ' ' {
		cut--
	}
	return strings.TrimRight(string(r[:cut]), " ,;:\u00a0\u202f") + "…"
}

// itemID is the permanent identifier of a page in feeds: the front matter
// id, else a tag: URI (RFC 4151) made of the site's domain, the day of first
// publication and the page's original path. A corrected slug needs an alias
// from the old path, and the first alias is taken as that original path, so
// the id survives the correction.
func (b *builder) itemID(p *Page) string {
	if id := strings.TrimSpace(p.Meta.ID); id != "" {
		return id
	}
	if b.host == "" {
		b.host = "localhost"
		if u, err := url.Parse(b.cfg.BaseURL); err == nil && u.Hostname() != "" {
			b.host = u.Hostname()
		}
	}
	host := b.host
	orig := p.URL
	for _, a := range p.Meta.Aliases {
		if c, err := cleanAlias(a); err == nil {
			orig = c
			break
		}
	}
	// The front matter's date, not the public one: ids made before the
	// public date existed stay the same.
	return "tag:" + host + "," + p.Meta.Date.In(b.cfg.Location).Format("2006-01-02") + ":" + orig
}

// uniqueIDs refuses an id given to two texts: feed readers would take the
// second for a new version of the first, and their embargo copies would
// share an address.
func (b *builder) uniqueIDs() {
	seen := map[string]*Page{}
	for _, p := range b.all {
		if p.Meta == nil || strings.TrimSpace(p.Meta.ID) == "" {
			continue
		}
		id := strings.TrimSpace(p.Meta.ID)
		if q, ok := seen[id]; ok {
			b.errorf(p.File.Source, p.Meta.Pos["id"], "id %s is already the id of %s: give each text its own", content.Quote(id), q.File.Source)
			continue
		}
		seen[id] = p
	}
}

// typesetContacts gives contacts with their names and roles typeset.
func typesetContacts(typo locale.Typography, cs []content.Contact) []content.Contact {
	out := make([]content.Contact, len(cs))
	for i, c := range cs {
		out[i] = content.Contact{Name: typo.String(c.Name), Role: typo.String(c.Role), Email: c.Email, Phone: c.Phone}
	}
	return out
}

// comments gives a statement its approved comments and says whether it is
// open to more: by its front matter, else its section's setting, until
// closeAfter days after it became public.
func (b *builder) comments(p *Page) {
	if !p.Kind.IsStatement() {
		return
	}
	p.CommentsOpen, p.CommentsClosed = b.s.CommentsAt(p, b.opts.At)
	if c := b.opts.Comments[p.File]; c != nil {
		p.Comments = slices.Clone(c.Approved)
		// The organisation's replies are typeset as its texts are; the
		// readers' words are shown as they wrote them (typography would
		// turn a quote in their code or formula around).
		if typo, err := Typography(b.cfg, LangOf(b.cfg, p.File)); err == nil {
			for i := range p.Comments {
				p.Comments[i].Reply = typo.String(p.Comments[i].Reply)
			}
		}
		slices.SortStableFunc(p.Comments, func(x, y content.Comment) int { return x.Date.Compare(y.Date) })
	}
}

// CommentsAt says whether a statement takes comments at instant at (open),
// or took them and no longer does (closed): by its front matter, else its
// section's setting, until closeAfter days after it became public.
func (s *Site) CommentsAt(p *Page, at time.Time) (open, closed bool) {
	if !p.Kind.IsStatement() || p.Meta == nil {
		return false, false
	}
	cs := s.Config.Comments
	on := cs.Sections[p.Section]
	if p.Meta.Comments != nil {
		on = *p.Meta.Comments
	}
	if !on {
		return false, false
	}
	if cs.CloseAfter > 0 && !p.Date.IsZero() && !at.Before(p.Date.AddDate(0, 0, cs.CloseAfter)) {
		return false, true
	}
	return true, false
}
