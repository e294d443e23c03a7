package site

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// add registers a content page: its URL always (so preview and production
// agree on collisions), the rest only when it is visible in this build.
func (b *builder) add(p *Page) {
	b.all = append(b.all, p)
	c := pageClaim(p)
	p.From, p.FromPos = c.file, c.pos
	if !b.claimURL(p.URL, c) {
		return
	}
	if p.State != Public && !b.opts.Preview {
		b.s.Hidden = append(b.s.Hidden, p)
		return
	}
	b.visible = append(b.visible, p)
}

// topicNames gives each topic, by slug, the name it shows: the one
// site.toml declares (topics), else the spelling of its first use, that of
// the oldest statement. A newer statement spelling it otherwise ("l'enfance"
// for "l’enfance", a capital) renames nothing. Names are typeset.
//
// Each tree names its topics: "Prévention" in French, "Prevention" in
// English. site.toml's topics are the default tree's.
func (b *builder) topicNames() map[*Tree]map[string]string {
	typo, _ := Typography(b.cfg, b.cfg.Language)
	out := map[*Tree]map[string]string{}
	for _, t := range b.s.Trees {
		out[t] = map[string]string{}
	}
	for _, name := range b.cfg.Topics {
		if slug := locale.PathSlug(strings.TrimSpace(name)); slug != "" {
			out[b.s.Tree][slug] = typo.String(strings.TrimSpace(name))
		}
	}
	for i := len(b.visible) - 1; i >= 0; i-- { // oldest first
		p := b.visible[i]
		names := out[b.s.TreeOf(p)]
		for _, name := range p.Meta.Tags {
			name = strings.TrimSpace(name)
			if slug := locale.PathSlug(name); slug != "" && names[slug] == "" {
				t, _ := Typography(b.cfg, LangOf(b.cfg, p.File))
				names[slug] = t.String(name)
			}
		}
	}
	return out
}

// distribute files the visible pages, newest first, into the lists of
// their trees: sorted once here, every list built from them is sorted too.
func (b *builder) distribute() {
	newest(b.visible)
	names := b.topicNames()
	for _, p := range b.visible {
		t := b.s.TreeOf(p)
		b.s.Pages = append(b.s.Pages, p)
		sec := b.sectionOf(t, p.Section)
		sec.Pages = append(sec.Pages, p)
		if p.Kind.IsStatement() {
			b.s.Statements = append(b.s.Statements, p)
			t.Statements = append(t.Statements, p)
		}
		if p.Kind == Press && t.Default {
			t.Press = p
		}
		for i, name := range p.Meta.Tags {
			name = strings.TrimSpace(name)
			slug := locale.PathSlug(name)
			if slug == "" {
				b.errorf(p.File.Source, p.Meta.Pos[key("tags", i)], "tag %s has no letters or digits", content.Quote(name))
				continue
			}
			tag, ok := t.tags[slug]
			if !ok {
				tag = &Tag{Name: names[t][slug], Slug: slug, URL: t.TagsURL() + slug + "/"}
				t.tags[slug] = tag
			}
			if n := len(tag.Pages); n == 0 || tag.Pages[n-1] != p {
				tag.Pages = append(tag.Pages, p)
				p.Tags = append(p.Tags, tag)
			}
		}
		for i, a := range p.Meta.Aliases {
			u, err := cleanAlias(a)
			if err != nil {
				continue // reported by checkStatement
			}
			c := claim{file: p.File.Source, pos: p.Meta.Pos[key("aliases", i)], fix: locale.M("change or remove the alias")}
			if b.claimURL(u, c) {
				b.s.Pages = append(b.s.Pages, &Page{Kind: Alias, URL: u, Permalink: b.absURL(u), Target: p.URL, Title: p.Title, Lang: p.Lang, Section: p.Section,
					Tree: p.Tree, From: c.file, FromPos: c.pos})
			}
		}
	}
}

func containsPage(ps []*Page, p *Page) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func (b *builder) sectionOf(t *Tree, name string) *SectionInfo {
	s, ok := t.Sections[name]
	if !ok {
		s = &SectionInfo{Name: name}
		t.Sections[name] = s
	}
	return s
}

// newest orders pages newest first, then by URL so ties are stable.
func newest(ps []*Page) {
	slices.SortFunc(ps, func(a, b *Page) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
}

// lists makes the generated pages of each tree: home, section lists,
// topics, signatories, press room, site map, search, 404, feeds.
func (b *builder) lists(indexes map[string]*content.File) {
	b.distribute()
	for _, t := range b.s.Trees {
		b.treeLists(t, indexes)
	}
	b.relate()
	b.feeds()
	def := b.s.Tree
	b.s.Home, b.s.Sections, b.s.Tags, b.s.People, b.s.Press = def.Home, def.Sections, def.Tags, def.People, def.Press
}

func (b *builder) treeLists(t *Tree, indexes map[string]*content.File) {
	site := b.s
	home := &Page{Kind: Home, URL: t.Prefix, Title: t.Title, Lang: t.Lang, Tree: t, Summary: t.Description}
	if f := indexes["."]; f != nil && t.Default {
		b.fromIndex(home, f)
	}
	home.Permalink = b.absURL(home.URL)
	b.claimURL(home.URL, claim{what: locale.M("the home page")})
	t.Home = home
	site.Pages = append(site.Pages, home)

	// Every folder of content gets a list, the newsroom ones even when empty.
	b.sectionOf(t, TribunesSection)
	b.sectionOf(t, CommuniquesSection)
	names := make([]string, 0, len(t.Sections))
	for name := range t.Sections {
		if name != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		sec := t.Sections[name]
		for i, p := range sec.Pages {
			if i > 0 {
				p.Next = sec.Pages[i-1]
			}
			if i+1 < len(sec.Pages) {
				p.Prev = sec.Pages[i+1]
			}
		}
		tmpl := &Page{Kind: Section, Section: name, URL: t.SectionURL(name), Title: name, Lang: t.Lang, Tree: t}
		c := claim{file: "content/" + name + "/", what: locale.M("the list of %s", name), fix: locale.M("rename the folder")}
		if f := indexes[name]; f != nil && t.Default {
			b.fromIndex(tmpl, f)
		} else if name == TribunesSection {
			tmpl.Title = t.Lang.T("tribunes")
		} else if name == CommuniquesSection {
			tmpl.Title = t.Lang.T("communiques")
		}
		sec.Index = b.paginate(tmpl, sec.Pages, c)
	}

	for _, tag := range t.tags {
		t.Tags = append(t.Tags, tag)
	}
	sort.Slice(t.Tags, func(i, j int) bool { return t.Tags[i].Slug < t.Tags[j].Slug })
	if len(t.Tags) > 0 {
		idx := &Page{Kind: TagIndex, URL: t.TagsURL(), Title: t.Lang.T("tags"), Lang: t.Lang, Tree: t}
		idx.Permalink = b.absURL(idx.URL)
		if b.claimURL(idx.URL, claim{what: locale.M("the index of topics")}) {
			site.Pages = append(site.Pages, idx)
		}
	}
	for _, tag := range t.Tags {
		b.paginate(&Page{Kind: TagPage, URL: tag.URL, Title: tag.Name, Tag: tag, Lang: t.Lang, Tree: t}, tag.Pages, claim{what: locale.M("the page of the topic %s", content.Quote(tag.Name))})
	}
	b.people(t)
	b.press(t)
	// The page after a comment is sent, when comments are open somewhere.
	for _, p := range t.Statements {
		if p.CommentsOpen {
			th := &Page{Kind: Thanks, URL: t.ThanksURL(), Title: t.Lang.T("comment_thanks_title"), Lang: t.Lang, Tree: t}
			th.Permalink = b.absURL(th.URL)
			if b.claimURL(th.URL, claim{what: locale.M("the page after a comment is sent")}) {
				site.Pages = append(site.Pages, th)
			}
			break
		}
	}
	for _, g := range []struct {
		kind      Kind
		url, name string
		what      locale.Message
	}{
		{SiteMap, t.SiteMapURL(), "sitemap", locale.M("the site map")},
		{Search, t.SearchURL(), "search", locale.M("the search page")},
		{NotFound, t.NotFoundURL(), "not_found_title", locale.M("the page for unknown URLs")},
		{FeedList, t.FeedsURL(), "feeds", locale.M("the list of feeds")},
	} {
		p := &Page{Kind: g.kind, URL: g.url, Title: t.Lang.T(g.name), Lang: t.Lang, Tree: t}
		p.Permalink = b.absURL(p.URL)
		if b.claimURL(p.URL, claim{what: g.what}) {
			site.Pages = append(site.Pages, p)
		}
	}
}

// fromIndex copies what an _index.md gives a list page.
func (b *builder) fromIndex(p *Page, f *content.File) {
	code := LangOf(b.cfg, f)
	typo, _ := Typography(b.cfg, code)
	p.File, p.Meta = f, &f.Meta
	p.Title = typo.String(strings.TrimSpace(f.Meta.Title))
	p.Summary = typo.String(f.Meta.Summary)
	p.Layout = f.Meta.Layout
}

// paginate adds the pages of a list, tmpl giving the first page's fields
// and c saying what makes them.
func (b *builder) paginate(tmpl *Page, items []*Page, c claim) *Page {
	per := b.cfg.Paginate
	total := (len(items) + per - 1) / per
	if total == 0 {
		total = 1
	}
	urls := make([]string, total)
	for i := range urls {
		urls[i] = tmpl.URL
		if i > 0 {
			urls[i] = tmpl.URL + "page/" + strconv.Itoa(i+1) + "/"
		}
	}
	var first *Page
	for i := 0; i < total; i++ {
		p := *tmpl
		p.URL, p.From = urls[i], c.file
		p.Permalink = b.absURL(p.URL)
		lo, hi := i*per, min((i+1)*per, len(items))
		p.Pager = &Pager{Number: i + 1, Total: total, Items: items[lo:hi], All: items, First: urls[0], URLs: urls}
		if i > 0 {
			p.Pager.Prev = urls[i-1]
		}
		if i+1 < total {
			p.Pager.Next = urls[i+1]
		}
		if !b.claimURL(p.URL, c) {
			continue
		}
		pp := &p
		if first == nil {
			first = pp
		}
		b.s.Pages = append(b.s.Pages, pp)
	}
	return first
}
