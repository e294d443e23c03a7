package render

import (
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
}

func newData(s *site.Site, p *site.Page, extra Extra) *Data {
	return &Data{Site: s, Page: p, extra: extra}
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
func (d *Data) Abs(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return strings.TrimSuffix(d.Site.Config.BaseURL, "/") + "/" + strings.TrimPrefix(p, "/")
}

// Asset gives the published URL of a static file (fingerprinted when the
// build fingerprints it).
func (d *Data) Asset(p string) string {
	if u, ok := d.extra.Assets[p]; ok {
		return u
	}
	return p
}

// Content is the page's body HTML, produced by the Markdown converter.
func (d *Data) Content(p *site.Page) template.HTML { return template.HTML(p.Content) }

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
