package site

import (
	"net/url"
	"sort"
	"strings"

	"tribune/internal/locale"
)

// Feed is a list of statements offered as RSS, Atom and JSON Feed.
type Feed struct {
	// Path is the folder the three files live in ("/", "/tribunes/",
	// "/themes/numerique/"); they are rss.xml, atom.xml and feed.json.
	Path string
	// Title names the feed ("Communiqués de presse"); Description says
	// what it carries.
	Title, Description string
	// Link is the HTML page the feed mirrors.
	Link string
	Lang locale.Lang
	// Items are the newest statements, newest first, at most
	// Config.FeedItems.
	Items []*Page
}

// Feed file names, relative to Feed.Path.
const (
	RSSFile  = "rss.xml"
	AtomFile = "atom.xml"
	JSONFile = "feed.json"
)

// LanguagesSection holds the per-language feeds.
const LanguagesSection = "langues"

// feeds defines the feeds of each tree and links each page to those
// relevant to it. Only visible statements are in them.
func (b *builder) feeds() {
	s := b.s
	limit := func(ps []*Page) []*Page {
		if len(ps) > b.cfg.FeedItems {
			return ps[:b.cfg.FeedItems]
		}
		return ps
	}
	all := map[*Tree]*Feed{}
	type secKey struct {
		t    *Tree
		name string
	}
	bySection := map[secKey]*Feed{}
	byTag := map[*Tag]*Feed{}
	for _, tr := range s.Trees {
		t := tr.Lang.T
		a := &Feed{Path: tr.Prefix, Link: tr.Prefix, Title: tr.Title, Lang: tr.Lang,
			Description: t("feed_all"), Items: limit(tr.Statements)}
		all[tr] = a
		tr.Feeds = append(tr.Feeds, a)
		for _, name := range []string{TribunesSection, CommuniquesSection} {
			var items []*Page
			for _, p := range tr.Statements {
				if p.Section == name {
					items = append(items, p)
				}
			}
			sec := tr.Sections[name]
			u := tr.SectionURL(name)
			f := &Feed{Path: u, Link: u, Lang: tr.Lang, Items: limit(items),
				Title: t(strings.TrimSuffix(name, "s") + "s"), Description: t("feed_" + name)}
			if sec != nil && sec.Index != nil && sec.Index.Title != "" {
				f.Title = sec.Index.Title
			}
			bySection[secKey{tr, name}] = f
			tr.Feeds = append(tr.Feeds, f)
		}
		for _, tag := range tr.Tags {
			f := &Feed{Path: tag.URL, Link: tag.URL, Lang: tr.Lang, Items: limit(tag.Pages),
				Title: t("tag") + "\u00a0: " + tag.Name, Description: t("feed_tag") + " " + tag.Name + "."}
			if tr.Lang.Base != "fr" {
				f.Title = t("tag") + ": " + tag.Name
			}
			byTag[tag] = f
			tr.Feeds = append(tr.Feeds, f)
		}
	}
	// A site of one tree whose statements are in several languages has a
	// feed per language too.
	byLang := map[string]*Feed{}
	if !s.Multilingual() {
		tr := s.Tree
		langs := map[string][]*Page{}
		for _, p := range s.Statements {
			langs[p.Lang.Code] = append(langs[p.Lang.Code], p)
		}
		if len(langs) > 1 {
			codes := make([]string, 0, len(langs))
			for c := range langs {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, c := range codes {
				lang, _ := locale.Get(c)
				p := "/" + LanguagesSection + "/" + url.PathEscape(strings.ToLower(c)) + "/"
				f := &Feed{Path: p, Link: "/", Lang: lang, Items: limit(langs[c]),
					Title: s.Config.Title + " (" + lang.T("language_name") + ")", Description: lang.T("feed_lang")}
				byLang[c] = f
				tr.Feeds = append(tr.Feeds, f)
			}
		}
	}
	for _, tr := range s.Trees {
		s.Feeds = append(s.Feeds, tr.Feeds...)
	}
	for _, p := range s.Pages {
		tr := s.TreeOf(p)
		switch {
		case p.Kind.IsStatement():
			p.Feeds = append(p.Feeds, all[tr], bySection[secKey{tr, p.Section}])
			for _, tag := range p.Tags {
				p.Feeds = append(p.Feeds, byTag[tag])
			}
			if f := byLang[p.Lang.Code]; f != nil {
				p.Feeds = append(p.Feeds, f)
			}
		case p.Kind == Section && bySection[secKey{tr, p.Section}] != nil:
			p.Feeds = append(p.Feeds, bySection[secKey{tr, p.Section}], all[tr])
		case p.Kind == TagPage && byTag[p.Tag] != nil:
			p.Feeds = append(p.Feeds, byTag[p.Tag], all[tr])
		default:
			p.Feeds = append(p.Feeds, all[tr])
		}
	}
}
