package build

import (
	"bytes"
	"net/url"
	"slices"
	"strings"

	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/site"
)

// A marker is a string that identifies a hidden page: if it appears in the
// output, the page leaked.
type marker struct {
	page *site.Page
	what string
	text []byte
	host []byte // for an address: the site's host, the only one it may follow
}

// markers lists what identifies each hidden page (but those in skip): its
// URL, its feed id, the longest plain run of its title and of its text
// (site.MinQuote bytes at least, cut to site.MaxQuote, which keeps the
// search on the fast path of bytes.Index), and the files only it uses.
func markers(s *site.Site, skip map[*site.Page]bool) []marker {
	var out []marker
	add := func(p *site.Page, what, text string) {
		switch what {
		case "title", "text", "id", "secret":
			if len(text) < site.MinQuote {
				return
			}
			if what != "id" {
				text = site.Cut(text, site.MaxQuote)
			}
		}
		m := marker{page: p, what: what, text: []byte(text)}
		if what == "URL" {
			if u, err := url.Parse(s.Config.BaseURL); err == nil {
				m.host = []byte(strings.ToLower(u.Hostname()))
			}
		}
		out = append(out, m)
	}
	for _, p := range s.Hidden {
		if skip[p] {
			continue
		}
		// Without its final slash: "/communiques/x" is a link too.
		add(p, "URL", strings.TrimSuffix(p.URL, "/"))
		add(p, "id", p.ID)
		if p.State != site.Expired {
			// A withdrawn text's words were public: only its address
			// and id are its signs.
			add(p, "title", s.TitleMarker(p))
			add(p, "text", s.TextMarker(p))
		}
		if p.SecretURL != "" {
			// The secret address of its copy: only the copy may hold it.
			add(p, "secret", strings.TrimPrefix(strings.TrimSuffix(p.SecretURL, "/"), site.EmbargoDir))
		}
	}
	for _, f := range s.HiddenFiles {
		for _, p := range s.Hidden {
			if slices.Contains(p.Uses(), f) || p.File != nil && bytes.Contains(p.File.Body, []byte(strings.TrimPrefix(f, "/"))) {
				add(p, "file", f)
				break
			}
		}
	}
	return out
}

// markerWords say what a marker is, for messages.
var markerWords = map[string]locale.Message{
	"URL": locale.M("the address"), "id": locale.M("the feed id"), "title": locale.M("the title"),
	"text": locale.M("a sentence of the text"), "file": locale.M("a file only it uses"),
	"secret": locale.M("the secret address of its copy for journalists"),
}

// A leakGuard checks output files one by one, as they are made: defence
// in depth behind the model, which never gives hidden pages to later
// stages. It is safe for concurrent use.
type leakGuard struct {
	ms []marker
}

// newGuard gives the guard of a site's hidden pages, nil when none is
// hidden.
func newGuard(s *site.Site, skip map[*site.Page]bool) *leakGuard {
	ms := markers(s, skip)
	if len(ms) == 0 {
		return nil
	}
	return &leakGuard{ms: ms}
}

// check fails when any hidden page's marker appears in the output file
// name holding data.
func (g *leakGuard) check(name string, data []byte) error {
	if g == nil {
		return nil
	}
	var errs content.ErrorList
	for _, m := range g.ms {
		if m.page.SecretURL != "" && strings.HasPrefix("/"+name, m.page.SecretURL) {
			continue // the page's copy for journalists, at its secret address
		}
		if found(data, m) {
			errs = append(errs, content.Errorf(m.page.File.Source, content.Pos{},
				"leak guard: %s of this page, %s, appears in the output file %s: %q",
				markerWords[m.what], m.page.State.Words(), name, m.text))
		}
	}
	return errs.Err()
}

// found reports whether data holds the marker: a URL only as a whole
// segment ("/communiques/x" in "/communiques/x/" or "/communiques/x"",
// not in "/communiques/x-2/").
func found(data []byte, m marker) bool {
	if m.what != "URL" {
		return bytes.Contains(data, m.text)
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], m.text)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(m.text)
		i = end
		if end < len(data) && slugByte(data[end]) {
			continue // a longer address
		}
		// After a host, the site's own only: /communiques/x on another
		// site is not this page.
		h := start
		for h > 0 && hostByte(data[h-1]) {
			h--
		}
		host, _, _ := bytes.Cut(data[h:start], []byte(":")) // its port aside
		if h < start && !bytes.EqualFold(host, m.host) {
			continue
		}
		return true
	}
}

func hostByte(c byte) bool {
	return c == '.' || c == '-' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func slugByte(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
