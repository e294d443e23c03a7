package render

import (
	"fmt"
	"net/url"
	"strings"

	"tribune/internal/media"
	"tribune/internal/site"
)

// ShareLink is a link that shares a statement on a network or by e-mail:
// a plain link, followed only when the reader chooses to, with no script
// or request of the network's before.
type ShareLink struct {
	// Network names the service ("email", "bluesky"…), for the class of
	// the link. The link reads Lead then Name ("Partager sur " "Bluesky"),
	// Lead for assistive technologies only: the list's heading says it.
	Network, Lead, Name string
	URL                 string
}

// shareLinks are the links that share a public statement. Mastodon has
// none: each reader is on an instance of their own, which the page asks
// for (partials/share.html).
func (d *Data) shareLinks() []ShareLink {
	p := d.Page
	if !p.Kind.IsStatement() || p.State != site.Public {
		return nil
	}
	q := url.QueryEscape
	title, link := p.Title, p.Permalink
	mail := "mailto:?subject=" + pathEscape(title) + "&body=" + pathEscape(title+"\n"+link)
	on := d.T("share_on") + " "
	return []ShareLink{
		{"email", d.T("share_by") + " ", d.T("email_share"), mail},
		{"bluesky", on, "Bluesky", "https://bsky.app/intent/compose?text=" + q(title+" "+link)},
		{"linkedin", on, "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + q(link)},
		{"x", on, "X", "https://x.com/intent/post?text=" + q(title) + "&url=" + q(link)},
	}
}

// pathEscape escapes s for a mailto: URL, where a space is %20, not +.
func pathEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// CardURL is the site path of the card drawn for sharing page p: a
// statement, or a home page, whose card is that of its language's site
// and is shared by the pages that are not statements.
func CardURL(p *site.Page) string { return p.URL + site.CardFile }

// Card is what the card drawn for sharing p shows (a home page's is the
// site's), without its logo: the caller reads the file.
func (r *Renderer) Card(p *site.Page) media.Card {
	s := r.s
	cfg := s.Config
	c := media.Card{Name: cfg.Organisation.Name, Background: cfg.Share.Background, Text: cfg.Share.Text, Accent: cfg.Share.Accent}
	if c.Name == "" {
		c.Name = cfg.Title
	}
	if p.Kind == site.Home {
		c.Title = s.TreeOf(p).Title
		if u, err := url.Parse(cfg.BaseURL); err == nil {
			c.Byline = u.Host
		}
		return c
	}
	e := env{site: s, lang: p.Lang, r: r}
	c.Kind, c.Title = e.Kind(p), p.Title
	date := e.lang.Date(p.Date.In(cfg.Location))
	if by := e.byline(p); by != "" {
		c.Byline = by + " – " + date
	} else {
		c.Byline = date
	}
	return c
}

// byline names who signed a tribune, as a list shows it: "Claire
// Vasseur", "Claire Vasseur et Karim Delorme", "Claire Vasseur et 2
// autres".
func (e env) byline(p *site.Page) string {
	var names []string
	for _, g := range p.Signatories {
		if n := strings.TrimSpace(g.Name); n != "" {
			names = append(names, n)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + " " + e.T("and") + " " + names[1]
	}
	return names[0] + " " + e.T("and") + " " + e.count(len(names)-1, "others")
}

// count is a counted string: key_one for 1, else key_many with n.
func (e env) count(n int, key string) string {
	if n == 1 {
		return e.T(key + "_one")
	}
	return fmt.Sprintf(e.T(key+"_many"), n)
}
