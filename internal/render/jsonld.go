package render

import (
	"encoding/json"
	"html/template"
	"strings"

	"tribune/internal/site"
)

// JSONLD is the schema.org description of a statement page
// (OpinionNewsArticle for a tribune, NewsArticle for a communiqué), as
// JSON, or "" for other pages. Layouts print it in a
// <script type="application/ld+json"> element. encoding/json writes <, >,
// & and the line separators as \u escapes, so no text can close the element
// or start another: it is marked safe rather than escaped again by
// html/template, which would cost a reflective pass over every page.
func (d *Data) JSONLD() (template.JS, error) {
	ld := d.jsonLD()
	if ld == nil {
		return "", nil
	}
	b, err := json.Marshal(ld)
	return template.JS(b), err
}

func (d *Data) jsonLD() map[string]any {
	p := d.Page
	if !p.Kind.IsStatement() {
		return nil
	}
	org := d.Site.Config.Organisation
	orgName := org.FullName
	if orgName == "" {
		orgName = org.Name
	}
	if orgName == "" {
		orgName = d.Site.Config.Title
	}
	publisher := map[string]any{"@type": "Organization", "name": orgName}
	if org.URL != "" {
		publisher["url"] = org.URL
	}
	if org.Logo != "" {
		publisher["logo"] = map[string]any{"@type": "ImageObject", "url": d.Abs(org.Logo)}
	}
	typ := "NewsArticle"
	if p.Kind == site.Tribune {
		typ = "OpinionNewsArticle"
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            typ,
		"headline":         p.Title,
		"url":              p.Permalink,
		"mainEntityOfPage": p.Permalink,
		"datePublished":    d.ISO(p.Date),
		"dateModified":     d.ISO(p.Modified()),
		"inLanguage":       p.Lang.Code,
		"articleSection":   d.Kind(p),
		"publisher":        publisher,
	}
	if p.Summary != "" {
		ld["description"] = p.Summary
	}
	if len(p.Tags) > 0 {
		names := make([]string, len(p.Tags))
		for i, t := range p.Tags {
			names[i] = t.Name
		}
		ld["keywords"] = strings.Join(names, ", ")
	}
	if img := d.ShareImage(); img != "" {
		ld["image"] = img
	}
	var authors []any
	for _, s := range p.Signers {
		a := map[string]any{"@type": "Person", "name": s.Name}
		if s.Role != "" {
			a["jobTitle"] = s.Role
		}
		if s.Organisation != "" {
			a["affiliation"] = map[string]any{"@type": "Organization", "name": s.Organisation}
		}
		if s.Page != "" {
			a["url"] = d.Abs(s.Page)
		} else if s.URL != "" {
			a["url"] = s.URL
		}
		if s.URL != "" && s.Page != "" {
			a["sameAs"] = s.URL
		}
		authors = append(authors, a)
	}
	if len(authors) == 0 {
		authors = append(authors, publisher)
	}
	ld["author"] = authors
	if o := p.Outlet; o != nil && p.Kind == site.Tribune {
		based := map[string]any{
			"@type":     typ,
			"url":       o.URL,
			"headline":  p.Title,
			"publisher": map[string]any{"@type": "Organization", "name": o.Name},
		}
		if !o.Date.IsZero() {
			based["datePublished"] = d.ISO(o.Date)
		}
		ld["isBasedOn"] = based
		ld["sameAs"] = o.URL
	}
	return ld
}
