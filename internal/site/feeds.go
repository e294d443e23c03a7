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

// FeedsPage is where every feed is listed.
const FeedsPage = "/flux/"

// LanguagesSection holds the per-language feeds.
const LanguagesSection = "langues"

// feeds defines the site's feeds and links each page to those relevant to
// it. Only visible statements are in them.
func (b *builder) feeds() {
	s := b.s
	limit := func(ps []*Page) []*Page {
		if len(ps) > b.cfg.FeedItems {
			return ps[:b.cfg.FeedItems]
		}
		return ps
	}
	t := s.Lang.T
	all := &Feed{Path: "/", Link: "/", Title: s.Config.Title, Lang: s.Lang,
		Description: t("feed_all"), Items: limit(s.Statements)}
	s.Feeds = append(s.Feeds, all)
	bySection := map[string]*Feed{}
	for _, name := range []string{TribunesSection, CommuniquesSection} {
		var items []*Page
		for _, p := range s.Statements {
			if p.Section == name {
				items = append(items, p)
			}
		}
		sec := s.Sections[name]
		f := &Feed{Path: "/" + name + "/", Link: "/" + name + "/", Lang: s.Lang, Items: limit(items),
			Title: t(strings.TrimSuffix(name, "s") + "s"), Description: t("feed_" + name)}
		if sec != nil && sec.Index != nil && sec.Index.Title != "" {
			f.Title = sec.Index.Title
		}
		bySection[name] = f
		s.Feeds = append(s.Feeds, f)
	}
	byTag := map[*Tag]*Feed{}
	for _, tag := range s.Tags {
		f := &Feed{Path: tag.URL, Link: tag.URL, Lang: s.Lang, Items: limit(tag.Pages),
			Title: t("tag") + "\u00a0: " + tag.Name, Description: t("feed_tag") + " " + tag.Name + "."}
		if s.Lang.Base != "fr" {
			f.Title = t("tag") + ": " + tag.Name
		}
		byTag[tag] = f
		s.Feeds = append(s.Feeds, f)
	}
	langs := map[string][]*Page{}
	for _, p := range s.Statements {
		langs[p.Lang.Code] = append(langs[p.Lang.Code], p)
	}
	byLang := map[string]*Feed{}
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
			s.Feeds = append(s.Feeds, f)
		}
	}
	for _, p := range s.Pages {
		switch {
		case p.Kind.IsStatement():
			p.Feeds = append(p.Feeds, all, bySection[p.Section])
			for _, tag := range p.Tags {
				p.Feeds = append(p.Feeds, byTag[tag])
			}
			if f := byLang[p.Lang.Code]; f != nil {
				p.Feeds = append(p.Feeds, f)
			}
		case p.Kind == Section && bySection[p.Section] != nil:
			p.Feeds = append(p.Feeds, bySection[p.Section], all)
		case p.Kind == TagPage && byTag[p.Tag] != nil:
			p.Feeds = append(p.Feeds, byTag[p.Tag], all)
		default:
			p.Feeds = append(p.Feeds, all)
		}
	}
}
