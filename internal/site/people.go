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
func (b *builder) people(t *Tree) {
	byslug := map[string]*Signatory{}
	// Statements are newest first: a person's role is their newest one.
	for _, p := range t.Statements {
		for _, s := range p.Signatories {
			name := strings.TrimSpace(s.Name)
			slug := locale.PathSlug(name)
			if slug == "" {
				p.Signers = append(p.Signers, Signer{Person: s})
				continue
			}
			person, ok := byslug[slug]
			if !ok {
				person = &Signatory{Name: name, Slug: slug, URL: t.PeopleURL() + slug + "/",
					Role: s.Role, Organisation: s.Organisation}
				byslug[slug] = person
				t.People = append(t.People, person)
			}
			if !containsPage(person.Pages, p) {
				person.Pages = append(person.Pages, p)
			}
			p.Signers = append(p.Signers, Signer{Person: s, Page: person.URL})
		}
	}
	if len(t.People) == 0 {
		return
	}
	sort.Slice(t.People, func(i, j int) bool { return t.People[i].Slug < t.People[j].Slug })
	idx := &Page{Kind: People, URL: t.PeopleURL(), Title: t.Lang.T("people"), Lang: t.Lang, Tree: t}
	idx.Permalink = b.absURL(idx.URL)
	if b.claimURL(idx.URL, claim{what: locale.M("the index of signatories")}) {
		b.s.Pages = append(b.s.Pages, idx)
	}
	for _, person := range t.People {
		b.paginate(&Page{Kind: Person, URL: person.URL, Title: person.Name, Person: person, Lang: t.Lang, Tree: t}, person.Pages, claim{what: locale.M("the page of the signatory %s", content.Quote(person.Name))})
	}
}

// press completes the press room, generating it when content/presse.md
// does not exist, and describes the press kit.
func (b *builder) press(t *Tree) {
	p := t.Press
	if p == nil {
		p = &Page{Kind: Press, URL: t.PressURL(), Title: t.Lang.T("press_room"), Lang: t.Lang, Tree: t}
		p.Permalink = b.absURL(p.URL)
		if !b.claimURL(p.URL, claim{what: locale.M("the press room")}) {
			return
		}
		b.s.Pages = append(b.s.Pages, p)
		t.Press = p
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
			if !t.Default {
				continue // said once, for the default tree
			}
			b.errorf(content.ConfigFile, content.Pos{}, "press kit file static%s has no [[kit]] entry: add one with file = %s, its title, alt text and credit", u, content.Quote(name))
			continue
		}
		used[name] = true
		k := b.cfg.Kit[i]
		if info.IsImage() && strings.TrimSpace(k.Alt) == "" && t.Default {
			b.errorf(content.ConfigFile, b.cfg.Pos[key("kit", i)], "press kit image %s needs alt text describing it", name)
		}
		title := k.Title
		if title == "" {
			title = name
		}
		typo, _ := Typography(b.cfg, b.cfg.Language)
		p.Kit = append(p.Kit, KitItem{URL: u, Title: typo.String(title), Alt: typo.String(k.Alt), Credit: typo.String(k.Credit), Lang: b.cfg.Language, Info: info, order: i})
	}
	// In the order of site.toml, which the press officer chose.
	slices.SortStableFunc(p.Kit, func(a, b KitItem) int { return a.order - b.order })
	for i, k := range b.cfg.Kit {
		if !used[k.File] && t.Default {
			b.errorf(content.ConfigFile, b.cfg.Pos[key("kit", i)], "press kit file %s not found in static/%s", content.Quote(k.File), b.cfg.KitFolder)
		}
	}
}
