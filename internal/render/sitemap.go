package render

import (
	"bytes"
	"encoding/xml"
	"time"

	"tribune/internal/site"
)

// sitemap lists every indexable page with its last modification, in URL
// order. Aliases, the 404 page and noindex pages are left out.
func sitemap(s *site.Site) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, p := range s.Pages {
		if p.Kind == site.Alias || p.Kind == site.NotFound || (p.Meta != nil && p.Meta.NoIndex) || s.Preview {
			continue
		}
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(p.Permalink))
		b.WriteString("</loc>")
		if m := lastmod(s, p); !m.IsZero() {
			b.WriteString("<lastmod>" + m.In(s.Config.Location).Format(time.RFC3339) + "</lastmod>")
		}
		b.WriteString("</url>")
	}
	b.WriteString("</urlset>")
	return b.Bytes()
}

// lastmod is a page's last change: its own, or for a list the newest of
// the statements it shows.
func lastmod(s *site.Site, p *site.Page) time.Time {
	m := p.Modified()
	if p.Kind == site.Home && len(s.Statements) > 0 {
		for _, q := range s.Statements {
			if q.Modified().After(m) {
				m = q.Modified()
			}
		}
	}
	if p.Pager != nil {
		for _, q := range p.Pager.Items {
			if q.Modified().After(m) {
				m = q.Modified()
			}
		}
	}
	return m
}

// robots points crawlers to the sitemap; a preview asks them to stay away.
func robots(s *site.Site) []byte {
	if s.Preview {
		return []byte("User-agent: *\nDisallow: /\n")
	}
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.Config.BaseURL + "sitemap.xml\n")
}
