package render

import (
	"maps"
	"slices"
	"strings"

	"tribune/internal/site"
)

// The files below tell Netlify how to serve the site. Other hosts ignore
// them; they hold nothing a reader could not see on the site itself.

// ContentSecurityPolicy is the policy production pages are served with: no
// inline script or style, nothing from other origins.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"

// redirects makes each alias a permanent redirect. The "!" forces it over
// the small HTML page left at the old URL for hosts without redirects.
func redirects(s *site.Site) []byte {
	var b strings.Builder
	b.WriteString("# Old URLs of pages (front matter aliases)\n")
	for _, p := range s.Pages {
		if p.Kind == site.Alias {
			b.WriteString(p.URL + " " + p.Target + " 301!\n")
		}
	}
	return []byte(b.String())
}

// headers sets the security headers, the feeds' media types and, in a
// preview, asks search engines to stay away.
func headers(s *site.Site, assets map[string]string) []byte {
	var b strings.Builder
	b.WriteString("/*\n")
	b.WriteString("  X-Content-Type-Options: nosniff\n")
	b.WriteString("  Referrer-Policy: strict-origin-when-cross-origin\n")
	b.WriteString("  Strict-Transport-Security: max-age=63072000; includeSubDomains\n")
	b.WriteString("  X-Frame-Options: DENY\n")
	b.WriteString("  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n")
	b.WriteString("  Content-Security-Policy: " + ContentSecurityPolicy + "\n")
	if s.Preview {
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
	// Fingerprinted files change name when they change: cache for ever.
	for _, fp := range slices.Sorted(maps.Values(assets)) {
		b.WriteString(fp + "\n  Cache-Control: public, max-age=31536000, immutable\n")
	}
	return []byte(b.String())
}
