// Package hosting writes the files the host and crawlers read rather than
// readers: sitemap.xml and robots.txt for search engines, and Netlify's
// _redirects and _headers, which other hosts ignore. They hold nothing a
// reader could not see on the site itself.
package hosting

import (
	"bytes"
	"encoding/xml"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"tribune/internal/site"
)

// The files this package writes, by output path.
const (
	SitemapFile   = "sitemap.xml"
	RobotsFile    = "robots.txt"
	RedirectsFile = "_redirects"
	HeadersFile   = "_headers"
)

// Sitemap lists every indexable page with its last modification, in URL
// order. Aliases, the 404 page and noindex pages are left out.
func Sitemap(s *site.Site) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
	if s.HasTranslations() {
		b.WriteString(` xmlns:xhtml="http://www.w3.org/1999/xhtml"`)
	}
	b.WriteString(`>`)
	for _, p := range s.Pages {
		if p.Kind == site.Alias || p.Kind == site.NotFound || p.Kind == site.Thanks || (p.Meta != nil && p.Meta.NoIndex) || s.NoIndex {
			continue
		}
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(p.Permalink))
		b.WriteString("</loc>")
		if m := lastmod(s, p); !m.IsZero() {
			b.WriteString("<lastmod>" + m.In(s.Config.Location).Format(time.RFC3339) + "</lastmod>")
		}
		// The versions of the page in each language, itself included,
		// as search engines read them (xhtml:link, like hreflang).
		if len(p.Translations) > 0 {
			alt := func(lang, url string) {
				b.WriteString(`<xhtml:link rel="alternate" hreflang="`)
				xml.EscapeText(&b, []byte(lang))
				b.WriteString(`" href="`)
				xml.EscapeText(&b, []byte(url))
				b.WriteString(`"/>`)
			}
			alt(p.Lang.Code, p.Permalink)
			for _, q := range p.Translations {
				if q.Meta == nil || !q.Meta.NoIndex && q.Meta.Canonical != "outlet" {
					alt(q.Lang.Code, q.Permalink)
				}
			}
			if orig := s.Original(p); orig != nil {
				alt("x-default", orig.Permalink)
			}
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

// Robots points crawlers to the sitemap; a preview or a copy at another
// address (NoIndex) asks them to stay away.
func Robots(s *site.Site) []byte {
	if s.NoIndex {
		return []byte("User-agent: *\nDisallow: /\n")
	}
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.Config.BaseURL + "sitemap.xml\n")
}

// ContentSecurityPolicy is the policy production pages are served with: no
// inline script or style, nothing from other origins.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"

// Redirects makes each alias a permanent redirect. The "!" forces it over
// the small HTML page left at the old URL for hosts without redirects.
func Redirects(s *site.Site) []byte {
	var b strings.Builder
	b.WriteString("# Old URLs of pages (front matter aliases)\n")
	for _, p := range s.Pages {
		if p.Kind == site.Alias {
			b.WriteString(p.URL + " " + p.Target + " 301!\n")
			if strings.HasPrefix(p.URL, site.EmbargoDir) {
				// A lifted embargo: the copy's files were the site's,
				// under the secret address (site.Page.Moved).
				b.WriteString(p.URL + "* /:splat 301!\n")
			}
		}
	}
	// The feeds of a language, at /langues/<code>/ while the site had no
	// [languages], are now its own: their subscribers follow.
	if s.Multilingual() {
		for _, t := range s.Trees {
			b.WriteString("/" + site.LanguagesSection + "/" + strings.ToLower(t.Lang.Code) + "/* " + t.Prefix + ":splat 301\n")
		}
	}
	// Last, as Netlify reads rules in order: a URL no file answers under a
	// language's prefix shows that language's page for unknown URLs
	// (Netlify shows /404.html elsewhere).
	for _, t := range s.Trees {
		if !t.Default {
			b.WriteString(t.Prefix + "* " + t.NotFoundURL() + " 404\n")
		}
	}
	return []byte(b.String())
}

// Headers sets the security headers, the feeds' media types and, in a
// preview, asks search engines to stay away.
func Headers(s *site.Site, assets map[string]string) []byte {
	var b strings.Builder
	b.WriteString("/*\n")
	b.WriteString("  X-Content-Type-Options: nosniff\n")
	b.WriteString("  Referrer-Policy: strict-origin-when-cross-origin\n")
	b.WriteString("  Strict-Transport-Security: max-age=63072000; includeSubDomains\n")
	b.WriteString("  X-Frame-Options: DENY\n")
	b.WriteString("  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n")
	csp := ContentSecurityPolicy
	// The comment form may post to another host (comments.action).
	if a := s.Config.Comments.Action; a != "" {
		if u, err := url.Parse(a); err == nil && u.Scheme == "https" && u.Host != "" {
			csp = strings.Replace(csp, "form-action 'self'", "form-action 'self' https://"+u.Host, 1)
		}
	}
	b.WriteString("  Content-Security-Policy: " + csp + "\n")
	if s.NoIndex {
		b.WriteString("  X-Robots-Tag: noindex, nofollow\n")
	}
	for _, f := range s.Feeds {
		for _, ft := range []struct{ name, typ string }{
			{site.RSSFile, "application/rss+xml; charset=utf-8"},
			{site.AtomFile, "application/atom+xml; charset=utf-8"},
			{site.JSONFile, "application/feed+json; charset=utf-8"},
		} {
			b.WriteString(f.Path + ft.name + "\n  Content-Type: " + ft.typ + "\n")
		}
	}
	b.WriteString("/sitemap.xml\n  Content-Type: application/xml; charset=utf-8\n")
	// Embargo copies: for the journalists who have their address only,
	// which no Referer may carry away.
	b.WriteString(site.EmbargoDir + "*\n  X-Robots-Tag: noindex, nofollow\n  Referrer-Policy: no-referrer\n")
	// Fingerprinted files change name when they change: cache for ever.
	for _, fp := range slices.Sorted(maps.Values(assets)) {
		b.WriteString(fp + "\n  Cache-Control: public, max-age=31536000, immutable\n")
	}
	return []byte(b.String())
}
