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
func (b *builder) topicNames() map[string]string {
	typo, _ := Typography(b.cfg, b.cfg.Language)
	names := map[string]string{}
	for _, name := range b.cfg.Topics {
		if slug := locale.PathSlug(strings.TrimSpace(name)); slug != "" {
			names[slug] = typo.String(strings.TrimSpace(name))
		}
	}
	for i := len(b.visible) - 1; i >= 0; i-- { // oldest first
		p := b.visible[i]
		for _, name := range p.Meta.Tags {
			name = strings.TrimSpace(name)
			if slug := locale.PathSlug(name); slug != "" && names[slug] == "" {
				t, _ := Typography(b.cfg, LangOf(b.cfg, p.File))
				names[slug] = t.String(name)
			}
		}
	}
	return names
}

// distribute files the visible pages, newest first, into the site's lists:
// sorted once here, every list built from them is sorted too.
func (b *builder) distribute() {
	newest(b.visible)
	names := b.topicNames()
	for _, p := range b.visible {
		b.s.Pages = append(b.s.Pages, p)
		sec := b.section(p.Section)
		sec.Pages = append(sec.Pages, p)
		if p.Kind.IsStatement() {
			b.s.Statements = append(b.s.Statements, p)
		}
		if p.Kind == Press {
			b.s.Press = p
		}
		for i, name := range p.Meta.Tags {
			name = strings.TrimSpace(name)
			slug := locale.PathSlug(name)
			if slug == "" {
				b.errorf(p.File.Source, p.Meta.Pos[key("tags", i)], "tag %s has no letters or digits", content.Quote(name))
				continue
			}
			t, ok := b.tags[slug]
			if !ok {
				t = &Tag{Name: names[slug], Slug: slug, URL: "/" + TagsSection + "/" + slug + "/"}
				b.tags[slug] = t
			}
			if n := len(t.Pages); n == 0 || t.Pages[n-1] != p {
				t.Pages = append(t.Pages, p)
				p.Tags = append(p.Tags, t)
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
					From: c.file, FromPos: c.pos})
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

func (b *builder) section(name string) *SectionInfo {
	s, ok := b.s.Sections[name]
	if !ok {
		s = &SectionInfo{Name: name}
		b.s.Sections[name] = s
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

// lists makes the generated pages: home, section lists, tags, 404.
func (b *builder) lists(indexes map[string]*content.File) {
	b.distribute()
	site := b.s
	home := &Page{Kind: Home, URL: "/", Title: b.cfg.Title, Lang: site.Lang}
	if f := indexes["."]; f != nil {
		b.fromIndex(home, f)
	}
	home.Permalink = b.absURL("/")
	b.claimURL("/", claim{what: locale.M("the home page")})
	site.Home = home
	site.Pages = append(site.Pages, home)

	// Every folder of content gets a list, the newsroom ones even when empty.
	b.section(TribunesSection)
	b.section(CommuniquesSection)
	names := make([]string, 0, len(site.Sections))
	for name := range site.Sections {
		if name != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		sec := site.Sections[name]
		for i, p := range sec.Pages {
			if i > 0 {
				p.Next = sec.Pages[i-1]
			}
			if i+1 < len(sec.Pages) {
				p.Prev = sec.Pages[i+1]
			}
		}
		tmpl := &Page{Kind: Section, Section: name, URL: "/" + locale.PathSlug(name) + "/", Title: name, Lang: site.Lang}
		c := claim{file: "content/" + name + "/", what: locale.M("the list of %s", name), fix: locale.M("rename the folder")}
		if f := indexes[name]; f != nil {
			b.fromIndex(tmpl, f)
		} else if name == TribunesSection {
			tmpl.Title = site.Lang.T("tribunes")
		} else if name == CommuniquesSection {
			tmpl.Title = site.Lang.T("communiques")
		}
		sec.Index = b.paginate(tmpl, sec.Pages, c)
	}

	sort.Slice(b.s.Tags, func(i, j int) bool { return b.s.Tags[i].Slug < b.s.Tags[j].Slug })
	for _, t := range b.tags {
		site.Tags = append(site.Tags, t)
	}
	sort.Slice(site.Tags, func(i, j int) bool { return site.Tags[i].Slug < site.Tags[j].Slug })
	if len(site.Tags) > 0 {
		idx := &Page{Kind: TagIndex, URL: "/" + TagsSection + "/", Title: site.Lang.T("tags"), Lang: site.Lang}
		idx.Permalink = b.absURL(idx.URL)
		if b.claimURL(idx.URL, claim{what: locale.M("the index of topics")}) {
			site.Pages = append(site.Pages, idx)
		}
	}
	for _, t := range site.Tags {
		b.paginate(&Page{Kind: TagPage, URL: t.URL, Title: t.Name, Tag: t, Lang: site.Lang}, t.Pages, claim{what: locale.M("the page of the topic %s", content.Quote(t.Name))})
	}
	b.people()
	b.press()
	b.relate()
	for _, g := range []struct {
		kind      Kind
		url, name string
		what      locale.Message
	}{
		{SiteMap, SiteMapURL, "sitemap", locale.M("the site map")},
		{Search, SearchURL, "search", locale.M("the search page")},
		{NotFound, "/404.html", "not_found_title", locale.M("the page for unknown URLs")},
		{FeedList, FeedsPage, "feeds", locale.M("the list of feeds")},
	} {
		p := &Page{Kind: g.kind, URL: g.url, Title: site.Lang.T(g.name), Lang: site.Lang}
		p.Permalink = b.absURL(p.URL)
		if b.claimURL(p.URL, claim{what: g.what}) {
			site.Pages = append(site.Pages, p)
		}
	}
	b.feeds()
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
