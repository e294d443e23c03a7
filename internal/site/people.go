package site

import (
	"path"
	"slices"
	"sort"
	"strings"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// people makes a page per signatory of the visible statements, and links
// each signature to it.
func (b *builder) people() {
	byslug := map[string]*Signatory{}
	// Statements are newest first: a person's role is their newest one.
	for _, p := range b.s.Statements {
		for _, s := range p.Signatories {
			name := strings.TrimSpace(s.Name)
			slug := locale.PathSlug(name)
			if slug == "" {
				p.Signers = append(p.Signers, Signer{Person: s})
				continue
			}
			person, ok := byslug[slug]
			if !ok {
				person = &Signatory{Name: name, Slug: slug, URL: "/" + PeopleSection + "/" + slug + "/",
					Role: s.Role, Organisation: s.Organisation}
				byslug[slug] = person
				b.s.People = append(b.s.People, person)
			}
			if !containsPage(person.Pages, p) {
				person.Pages = append(person.Pages, p)
			}
			p.Signers = append(p.Signers, Signer{Person: s, Page: person.URL})
		}
	}
	if len(b.s.People) == 0 {
		return
	}
	sort.Slice(b.s.People, func(i, j int) bool { return b.s.People[i].Slug < b.s.People[j].Slug })
	idx := &Page{Kind: People, URL: "/" + PeopleSection + "/", Title: b.s.Lang.T("people"), Lang: b.s.Lang}
	idx.Permalink = b.absURL(idx.URL)
	if b.claimURL(idx.URL, claim{what: locale.M("the index of signatories")}) {
		b.s.Pages = append(b.s.Pages, idx)
	}
	for _, person := range b.s.People {
		b.paginate(&Page{Kind: Person, URL: person.URL, Title: person.Name, Person: person, Lang: b.s.Lang}, person.Pages, claim{what: locale.M("the page of the signatory %s", content.Quote(person.Name))})
	}
}

// press completes the press room, generating it when content/presse.md
// does not exist, and describes the press kit.
func (b *builder) press() {
	p := b.s.Press
	if p == nil {
		p = &Page{Kind: Press, URL: PressURL, Title: b.s.Lang.T("press_room"), Lang: b.s.Lang}
		p.Permalink = b.absURL(p.URL)
		if !b.claimURL(p.URL, claim{what: locale.M("the press room")}) {
			return
		}
		b.s.Pages = append(b.s.Pages, p)
		b.s.Press = p
	}
	entries := map[string]int{}
	for i, k := range b.cfg.Kit {
		entries[k.File] = i
	}
	used := map[string]bool{}
	for _, u := range b.opts.Kit {
		name := path.Base(u)
		i, ok := entries[name]
		info, _ := b.static(u)
		if !ok {
			b.errorf(content.ConfigFile, content.Pos{}, "press kit file static%s has no [[kit]] entry: add one with file = %s, its title, alt text and credit", u, content.Quote(name))
			continue
		}
		used[name] = true
		k := b.cfg.Kit[i]
		if info.IsImage() && strings.TrimSpace(k.Alt) == "" {
			b.errorf(content.ConfigFile, b.cfg.Pos[key("kit", i)], "press kit image %s needs alt text describing it", name)
		}
		title := k.Title
		if title == "" {
			title = name
		}
		typo, _ := Typography(b.cfg, b.cfg.Language)
		p.Kit = append(p.Kit, KitItem{URL: u, Title: typo.String(title), Alt: typo.String(k.Alt), Credit: typo.String(k.Credit), Info: info, order: i})
	}
	// In the order of site.toml, which the press officer chose.
	slices.SortStableFunc(p.Kit, func(a, b KitItem) int { return a.order - b.order })
	for i, k := range b.cfg.Kit {
		if !used[k.File] {
			b.errorf(content.ConfigFile, b.cfg.Pos[key("kit", i)], "press kit file %s not found in static/%s", content.Quote(k.File), b.cfg.KitFolder)
		}
	}
}
