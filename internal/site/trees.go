package site

import (
	"slices"
	"strings"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// A Tree is the pages of one language of the site, under its prefix: the
// default language's at the root, each language of [languages] in
// site.toml under its own ("/en/"), with its home, lists, topics,
// signatories, press room, site map, search, feeds and 404. A site with
// one language has one tree.
type Tree struct {
	Lang locale.Lang
	// Prefix is where its URLs start: "/" for the default language,
	// "/en/" for another.
	Prefix string
	// Title and Description are the site's in this language; Menu is its
	// header menu.
	Title, Description string
	Menu               []content.MenuItem
	// Default says that this is the default language's tree.
	Default bool

	Home       *Page
	Statements []*Page // visible tribunes and communiqués, newest first
	Sections   map[string]*SectionInfo
	Tags       []*Tag
	People     []*Signatory
	Press      *Page
	// Feeds are its feeds: everything, each section, each topic.
	Feeds []*Feed

	words map[string]string // URL segments, by French name
	tags  map[string]*Tag
}

// words are the URL segments of a tree's generated pages and sections, by
// their names in the default tree; a tree of another language names them
// in its language.
var englishWords = map[string]string{
	TribunesSection: "op-eds", CommuniquesSection: "press-releases",
	TagsSection: "topics", PeopleSection: "signatories", "presse": "press",
	"plan-du-site": "sitemap", "recherche": "search", "flux": "feeds",
	"reaction-envoyee": "comment-sent",
}

var frenchWords = map[string]string{
	TribunesSection: TribunesSection, CommuniquesSection: CommuniquesSection,
	TagsSection: TagsSection, PeopleSection: PeopleSection, "presse": "presse",
	"plan-du-site": "plan-du-site", "recherche": "recherche", "flux": "flux",
	"reaction-envoyee": "reaction-envoyee",
}

func newTree(lang locale.Lang, prefix string, def bool) *Tree {
	return &Tree{Lang: lang, Prefix: prefix, Default: def, Sections: map[string]*SectionInfo{}, tags: map[string]*Tag{}, words: frenchWords}
}

// declared is the language of [languages] with code, or nil for the
// default language and undeclared ones.
func declared(cfg *content.Config, code string) *content.Language {
	if strings.EqualFold(code, cfg.Language) {
		return nil
	}
	for c, l := range cfg.Languages {
		if strings.EqualFold(c, code) {
			return l
		}
	}
	return nil
}

// wordsOf are the URL segments of a declared language's tree: its
// language's words, and the names of sections site.toml gives.
func wordsOf(lang locale.Lang, l *content.Language) map[string]string {
	base := frenchWords
	if lang.Base == "en" {
		base = englishWords
	}
	out := make(map[string]string, len(base))
	for k, v := range base {
		out[k] = v
	}
	taken := map[string]bool{}
	for _, w := range out {
		taken[w] = true
	}
	for _, folder := range []string{TribunesSection, CommuniquesSection} {
		name, ok := l.Sections[folder]
		if seg := locale.PathSlug(name); ok && seg != "" && seg == name && !taken[seg] {
			delete(taken, out[folder])
			out[folder] = seg
			taken[seg] = true
		}
	}
	return out
}

// relocate moves a page's URL ("/tribunes/x/") into the tree of a
// declared language ("/en/op-eds/x/").
func relocate(u string, l *content.Language, lang locale.Lang) string {
	words := wordsOf(lang, l)
	rest := strings.TrimPrefix(u, "/")
	first, after, ok := strings.Cut(rest, "/")
	if w, known := words[first]; ok && known {
		rest = w + "/" + after
	}
	return "/" + l.Prefix + "/" + rest
}

// word is the URL segment of a section or generated page, named as in the
// default tree ("themes").
func (t *Tree) word(name string) string {
	if w, ok := t.words[name]; ok {
		return w
	}
	return locale.PathSlug(name)
}

// SectionURL is the URL of the list of a section (a folder of content).
func (t *Tree) SectionURL(name string) string { return t.Prefix + t.word(name) + "/" }

// TagsURL is the URL of the index of topics; PeopleURL of signatories;
// PressURL of the press room; SiteMapURL of the site map; SearchURL of the
// search page; FeedsURL of the list of feeds.
func (t *Tree) TagsURL() string    { return t.Prefix + t.word(TagsSection) + "/" }
func (t *Tree) PeopleURL() string  { return t.Prefix + t.word(PeopleSection) + "/" }
func (t *Tree) PressURL() string   { return t.Prefix + t.word("presse") + "/" }
func (t *Tree) SiteMapURL() string { return t.Prefix + t.word("plan-du-site") + "/" }
func (t *Tree) SearchURL() string  { return t.Prefix + t.word("recherche") + "/" }
func (t *Tree) FeedsURL() string   { return t.Prefix + t.word("flux") + "/" }

// ThanksURL is the page a reader sees after sending a comment.
func (t *Tree) ThanksURL() string { return t.Prefix + t.word("reaction-envoyee") + "/" }

// NotFoundURL is the page shown for an unknown URL under the tree.
func (t *Tree) NotFoundURL() string { return t.Prefix + "404.html" }

// SearchIndex is the output path of the tree's search index.
func (t *Tree) SearchIndex() string { return strings.TrimPrefix(t.SearchURL(), "/") + "index.json" }

// trees makes the site's trees from site.toml: the default language's,
// then each of [languages], by prefix.
func (b *builder) trees() {
	cfg := b.cfg
	def := newTree(b.s.Lang, "/", true)
	def.Title, def.Description, def.Menu = cfg.Title, cfg.Description, cfg.Menu
	b.s.Trees = []*Tree{def}
	b.s.Tree = def
	codes := make([]string, 0, len(cfg.Languages))
	for code := range cfg.Languages {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	prefixes := map[string]string{}
	for _, code := range codes {
		l := cfg.Languages[code]
		pos := cfg.Pos["languages."+code]
		lang, ok := locale.Get(code)
		switch {
		case !ok:
			b.errorf(content.ConfigFile, pos, "languages.%s: unknown language: use fr or en", code)
			continue
		case strings.EqualFold(code, cfg.Language):
			b.errorf(content.ConfigFile, pos, "languages.%s: it is the site's language already (language = %s): declare only the others", code, content.Quote(cfg.Language))
			continue
		}
		// A bad prefix or section name is reported, and the tree made with
		// the language's code and words: its pages are not left to
		// collide with the default tree's.
		prefixPos := firstPos(cfg.Pos, "languages."+code+".prefix", "languages."+code)
		prefix := locale.PathSlug(l.Prefix)
		switch {
		case prefix == "" || prefix != l.Prefix:
			b.errorf(content.ConfigFile, prefixPos, "languages.%s.prefix %s: use lower-case letters, digits and hyphens (%s)", code, content.Quote(l.Prefix), content.Quote(locale.PathSlug(code)))
			prefix = locale.PathSlug(code)
		case reservedPrefix(prefix):
			b.errorf(content.ConfigFile, prefixPos, "languages.%s.prefix %s: it is an address of the site's own pages: choose another (%s)", code, content.Quote(prefix), content.Quote(locale.PathSlug(code)))
			prefix = locale.PathSlug(code)
		}
		if other, ok := prefixes[prefix]; ok {
			b.errorf(content.ConfigFile, prefixPos, "languages.%s: the prefix %s is also that of languages.%s", code, content.Quote(prefix), other)
			continue
		}
		prefixes[prefix] = code
		t := newTree(lang, "/"+prefix+"/", false)
		t.words = wordsOf(lang, l)
		t.Title, t.Description, t.Menu = l.Title, l.Description, l.Menu
		if t.Title == "" {
			t.Title = cfg.Title
		}
		for _, folder := range []string{TribunesSection, CommuniquesSection} {
			name, ok := l.Sections[folder]
			if !ok {
				continue
			}
			pos := firstPos(cfg.Pos, "languages."+code+".sections."+folder, "languages."+code)
			seg := locale.PathSlug(name)
			if seg == "" || seg != name {
				b.errorf(content.ConfigFile, pos, "languages.%s.sections.%s %s: use lower-case letters, digits and hyphens", code, folder, content.Quote(name))
				continue
			}
			for other, w := range t.words {
				if w == seg && other != folder {
					b.errorf(content.ConfigFile, pos, "languages.%s.sections.%s %s: it is the address of another page of the language (%s): choose another", code, folder, content.Quote(name), content.Quote("/"+prefix+"/"+w+"/"))
					break
				}
			}
		}
		if typo, err := Typography(cfg, code); err == nil {
			t.Title, t.Description = typo.String(t.Title), typo.String(t.Description)
			for i := range t.Menu {
				t.Menu[i].Name = typo.String(t.Menu[i].Name)
			}
		}
		b.s.Trees = append(b.s.Trees, t)
	}
}

// reservedPrefix reports whether a prefix is the first segment of an
// address of the default tree's own pages.
func reservedPrefix(p string) bool {
	if p == LanguagesSection || p == "404-html" || p == "partage-png" {
		return true
	}
	for _, w := range frenchWords {
		if w == p {
			return true
		}
	}
	return false
}

// treeOf is the tree of a content file: the tree of its language's code
// (in any case), else of its language ("fr-FR" and "fr-CA" are French,
// "en-GB" English), the default one for a language site.toml does not
// declare.
func (b *builder) treeOf(f *content.File) *Tree {
	code := LangOf(b.cfg, f)
	for _, t := range b.s.Trees {
		if strings.EqualFold(t.Lang.Code, code) {
			return t
		}
	}
	lang, ok := locale.Get(code)
	if !ok {
		return b.s.Trees[0] // reported as an unknown language
	}
	var same []*Tree
	for _, t := range b.s.Trees {
		if t.Lang.Base == lang.Base {
			same = append(same, t)
		}
	}
	if len(same) == 1 {
		return same[0]
	}
	if len(b.s.Trees) > 1 {
		var codes []string
		for _, t := range b.s.Trees {
			codes = append(codes, t.Lang.Code)
		}
		b.errorf(f.Source, f.Meta.Pos["lang"], "lang: %s is not a language of the site: write one of %s, or declare it in site.toml", content.Quote(code), strings.Join(codes, ", "))
	}
	return b.s.Trees[0]
}

// TreeOf is the tree a page of the site is in.
func (s *Site) TreeOf(p *Page) *Tree {
	if p.Tree != nil {
		return p.Tree
	}
	return s.Tree
}

// Multilingual reports whether the site has several trees.
func (s *Site) Multilingual() bool { return len(s.Trees) > 1 }

// translations links the pages that share a translationKey: each visible
// one lists the others that are visible too. Two of one language, or a
// key no other page has, are errors.
func (b *builder) translations() {
	visible := make(map[*Page]bool, len(b.visible))
	for _, p := range b.visible {
		visible[p] = true
	}
	groups := map[string][]*Page{}
	var keys []string
	for _, p := range b.all {
		if p.Meta == nil || p.Meta.TranslationKey == "" {
			continue
		}
		k := p.Meta.TranslationKey
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], p)
	}
	for _, k := range keys {
		g := groups[k]
		byLang := map[string]*Page{}
		for _, p := range g {
			code := strings.ToLower(p.Lang.Code)
			if q, ok := byLang[code]; ok {
				b.errorf(p.File.Source, p.Meta.Pos["translationKey"], "translationKey %s is also that of %s, in the same language (%s): a translation is in another language", content.Quote(k), q.File.Source, p.Lang.Code)
				continue
			}
			byLang[code] = p
		}
		if len(g) == 1 {
			p := g[0]
			if !b.failedKeys[k] { // else its translation's errors say why
				b.errorf(p.File.Source, p.Meta.Pos["translationKey"], "translationKey %s: no other text has it: give its translation the same translationKey", content.Quote(k))
			}
			continue
		}
		for _, p := range g[1:] {
			if p.Kind != g[0].Kind {
				b.errorf(p.File.Source, p.Meta.Pos["translationKey"], "translationKey %s: %s is a %s, %s a %s: a translation is of the same kind", content.Quote(k), p.File.Source, p.Kind, g[0].File.Source, g[0].Kind)
			}
		}
		order := func(p *Page) int {
			for i, t := range b.s.Trees {
				if t == p.Tree {
					return i
				}
			}
			return len(b.s.Trees)
		}
		slices.SortStableFunc(g, func(x, y *Page) int {
			if c := order(x) - order(y); c != 0 {
				return c
			}
			return strings.Compare(x.Lang.Code, y.Lang.Code)
		})
		for _, p := range g {
			if !visible[p] {
				continue
			}
			for _, q := range g {
				if q != p && visible[q] {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
}

// Original is the page of p's translations (p included) in the default
// language, or nil when there is none.
func (s *Site) Original(p *Page) *Page {
	if len(p.Translations) == 0 {
		return nil
	}
	orig := func(q *Page) bool {
		return s.TreeOf(q).Default && q.Lang.Base == s.Lang.Base
	}
	if orig(p) {
		return p
	}
	for _, q := range p.Translations {
		if orig(q) {
			return q
		}
	}
	return nil
}

// HasTranslations reports whether a page of the site links translations.
func (s *Site) HasTranslations() bool {
	for _, p := range s.Pages {
		if len(p.Translations) > 0 {
			return true
		}
	}
	return false
}
