package site

import (
	"bytes"
	"html"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// What hidden pages must never show through public ones: their URLs, the
// static files only they use, their titles and their text. The model finds
// links and quotes in the texts (Leaks), where it can say which line of
// which public file holds them; the build's leak guard looks for the same
// things in every output file, as a last defence.

// MinQuote is the length, in bytes, under which a title or a run of text
// is too common to be a sign of the page it comes from; MaxQuote, the
// length of text looked for.
const (
	MinQuote = 16
	MaxQuote = 48
)

// LongestRun is the longest stretch of letters, digits, spaces and
// apostrophes of s: text that every output format writes as it is, without
// escaping.
func LongestRun(s string) string {
	best, start := "", -1
	for i, r := range s + "\x00" {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '’'
		switch {
		case ok && start < 0:
			start = i
		case !ok && start >= 0:
			if run := strings.TrimSpace(s[start:i]); len(run) > len(best) {
				best = run
			}
			start = -1
		}
	}
	return best
}

// Distinctive reports whether a title is a sign of the page it belongs to:
// four words and 24 bytes at least. "Droits de l’enfant" is not: another
// text may well say it.
func Distinctive(title string) bool {
	return len(title) >= 24 && len(strings.Fields(title)) >= 4
}

// Samples are the sentences `tribune new` writes in a new text, to be
// replaced: many drafts hold them, so they are the sign of none.
var Samples = []string{
	"Écrivez ici le texte de la tribune, en Markdown.",
	"Un paragraphe, avec un lien.",
	"Premier paragraphe : l’essentiel de l’annonce, en une ou deux phrases.",
	"« Une citation de la présidente ou du président », déclare Prénom Nom, présidente de l’association.",
	"Les détails, chiffres et prochaines étapes.",
}

// TextMarker is the run of a text looked for in other pages (MinQuote to
// MaxQuote bytes): its longest run of plain words, the sample sentences of
// new texts left out; "" when there is none long enough.
func TextMarker(text string) string {
	for _, sample := range Samples {
		text = strings.ReplaceAll(text, locale.French.String(sample), "\x00")
		text = strings.ReplaceAll(text, sample, "\x00")
	}
	run := Cut(LongestRun(text), MaxQuote)
	if len(run) < MinQuote {
		return ""
	}
	return run
}

// Cut shortens s to at most n bytes without splitting a character.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// FindHiddenFiles lists in HiddenFiles the static files (site paths) that
// hidden pages use or name in their text, and that no public page uses: a
// production build does not publish them. static holds the names of the
// site's static files ("documents/x.pdf"); shared reports the site paths
// of those published whatever the pages: the theme's, the logo, the press
// kit's, those the layouts name.
func (s *Site) FindHiddenFiles(static map[string]bool, shared func(string) bool) {
	public := map[string]bool{}
	for _, p := range s.Pages {
		if p.State == Public {
			for _, u := range p.Uses() {
				public[u] = true
			}
		}
	}
	seen := map[string]bool{}
	s.HiddenFiles = nil
	add := func(u string) {
		if !seen[u] && !public[u] && static[strings.TrimPrefix(u, "/")] && !shared(u) {
			seen[u] = true
			s.HiddenFiles = append(s.HiddenFiles, u)
		}
	}
	for _, p := range s.hidden() {
		for _, u := range p.Uses() {
			add(u)
		}
		if p.File != nil {
			named(p.File.Body, static, add)
		}
	}
	sort.Strings(s.HiddenFiles)
}

// named calls add with the site path of every static file whose name text
// holds, whatever the form of the link around it: "../docs/x.pdf",
// "https://example.org/docs/x.pdf?v=2", "docs%2Fx.pdf" in a style.
func named(text []byte, static map[string]bool, add func(string)) {
	sep := func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("\"'()<>[]`=,;", r) }
	for _, tok := range bytes.FieldsFunc(text, sep) {
		t := strings.ReplaceAll(string(tok), `\`, "/")
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
		if i := strings.IndexAny(t, "?#"); i >= 0 {
			t = t[:i]
		}
		for t != "" {
			if static[t] {
				add("/" + t)
			}
			_, rest, ok := strings.Cut(t, "/")
			if !ok {
				break
			}
			t = rest
		}
	}
}

// hidden are the content pages not public at the build instant: in a
// production build, those left out; in a preview, those shown marked.
func (s *Site) hidden() []*Page {
	out := s.Hidden
	for _, p := range s.Pages {
		if p.File != nil && p.State != Public {
			out = append(out, p)
		}
	}
	return out
}

// A Leak is a public page that links to a hidden one, or quotes it.
type Leak struct {
	Err    *content.Error // at the public page's line
	Hidden *Page
}

// Leaks lists where public pages link to or quote pages that are not
// public: each error names the public file and line, and the hidden
// statement's file and state.
func (s *Site) Leaks() []Leak {
	hidden := s.hidden()
	if len(hidden) == 0 {
		return nil
	}
	byURL := map[string]*Page{}
	type quote struct {
		page *Page
		what string
		text string
	}
	var quotes []quote
	for _, p := range hidden {
		byURL[linkKey(p.URL)] = p
		for _, a := range p.Meta.Aliases {
			if c, err := cleanAlias(a); err == nil {
				byURL[linkKey(c)] = p
			}
		}
		if Distinctive(p.Title) {
			quotes = append(quotes, quote{p, "title", fold(p.Title)})
		}
		if t := fold(TextMarker(p.Text)); t != "" {
			quotes = append(quotes, quote{p, "text", t})
		}
		if p.SecretURL != "" {
			// Its copy for journalists: linked from nowhere.
			byURL[linkKey(p.SecretURL)] = p
		}
	}
	var out []Leak
	for _, p := range s.Pages {
		if p.File == nil || p.State != Public {
			continue
		}
		for _, l := range p.Links {
			q, ok := byURL[linkKey(l.Path)]
			if !ok && strings.HasPrefix(l.Path, EmbargoDir) {
				// A file of an embargo copy.
				q, ok = byURL[linkKey(EmbargoDir+strings.SplitN(strings.TrimPrefix(l.Path, EmbargoDir), "/", 2)[0])]
			}
			if ok {
				out = append(out, Leak{content.Errorf(p.File.Source, l.Pos, "links to %s, %s (%s): the link would reveal it; remove it until then",
					l.Path, s.describe(q), q.File.Source), q})
			}
		}
		if len(quotes) == 0 {
			continue
		}
		text := fold(p.Title + "\n" + p.Summary + "\n" + p.Text)
		for _, q := range quotes {
			if q.page == p || !strings.Contains(text, q.text) {
				continue
			}
			var e *content.Error
			if q.what == "title" {
				e = content.Errorf(p.File.Source, quotePos(p, q.text), "quotes the title of %s, %s (%s): remove it until then",
					content.Quote(Cut(q.text, MaxQuote)), s.describe(q.page), q.page.File.Source)
			} else {
				e = content.Errorf(p.File.Source, quotePos(p, q.text), "quotes the text of %s, %s (%s): remove it until then",
					content.Quote(Cut(q.text, MaxQuote)), s.describe(q.page), q.page.File.Source)
			}
			out = append(out, Leak{e, q.page})
		}
	}
	return out
}

// linkKey is how a link and a URL are compared: in any case, with or
// without the final slash or index.html.
func linkKey(u string) string {
	u = strings.TrimSuffix(strings.TrimSuffix(u, "index.html"), "/")
	return strings.ToLower(u)
}

// describe says why a page is not public: "under embargo until 3
// décembre 2026, 6 h".
func (s *Site) describe(p *Page) locale.Message {
	when := func(t time.Time) string {
		return s.Lang.Date(t.In(s.Config.Location)) + ", " + s.Lang.Time(t.In(s.Config.Location))
	}
	switch p.State {
	case Draft:
		return locale.M("a draft")
	case Embargoed:
		return locale.M("under embargo until %s", when(p.PublishAt()))
	case Scheduled:
		return locale.M("to be published on %s", when(p.PublishAt()))
	case Expired:
		return locale.M("withdrawn since %s", when(p.Expiry))
	}
	return locale.M("public")
}

// fold makes text comparable whatever its case, hyphenation and spacing:
// lower case, soft hyphens dropped, every run of spaces (no-break and thin
// ones too) one space, typographic apostrophes straight.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u00AD' || r == '\u200B':
			continue
		case unicode.IsSpace(r) || r == '\u00A0' || r == '\u202F' || r == '\u2009':
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case r == '’':
			r = '\''
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimSpace(b.String())
}

// quotePos is where in a public page's file a quote starts: the line of
// its text holding its first words, else the title or summary that holds
// it, else the start of the text.
func quotePos(p *Page, quote string) content.Pos {
	start := quote
	if words := strings.Fields(quote); len(words) > 2 {
		start = strings.Join(words[:2], " ")
	}
	for i, line := range strings.Split(string(p.File.Body), "\n") {
		if strings.Contains(fold(html.UnescapeString(line)), start) {
			return content.Pos{Line: p.File.BodyLine + i, Col: 1}
		}
	}
	switch {
	case strings.Contains(fold(p.Title), quote):
		return p.Meta.Pos["title"]
	case strings.Contains(fold(p.Summary), quote):
		return p.Meta.Pos["summary"]
	}
	return content.Pos{Line: p.File.BodyLine, Col: 1}
}
