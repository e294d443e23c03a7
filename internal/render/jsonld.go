package render

import (
	"strings"

	"tribune/internal/site"
)

// The schema.org objects, as structs rather than maps (encoding/json sorts
// a map's keys on every call): the fields are in the order of their names,
// so the JSON is the same.
type (
	ldArticle struct {
		Context          string      `json:"@context"`
		Type             string      `json:"@type"`
		ArticleSection   string      `json:"articleSection"`
		Author           []any       `json:"author"`
		Comment          []ldComment `json:"comment,omitempty"`
		CommentCount     int         `json:"commentCount,omitempty"`
		DateModified     string      `json:"dateModified"`
		DatePublished    string      `json:"datePublished"`
		Description      string      `json:"description,omitempty"`
		Headline         string      `json:"headline"`
		Image            string      `json:"image,omitempty"`
		InLanguage       string      `json:"inLanguage"`
		IsBasedOn        *ldBased    `json:"isBasedOn,omitempty"`
		Keywords         string      `json:"keywords,omitempty"`
		MainEntityOfPage string      `json:"mainEntityOfPage"`
		Publisher        *ldOrg      `json:"publisher"`
		SameAs           string      `json:"sameAs,omitempty"`
		// TranslationOfWork is the original a translation translates (the
		// default language's version); WorkTranslation the translations
		// of an original.
		TranslationOfWork *ldWork  `json:"translationOfWork,omitempty"`
		URL               string   `json:"url"`
		WorkTranslation   []ldWork `json:"workTranslation,omitempty"`
	}
	ldComment struct {
		Type        string    `json:"@type"`
		Author      *ldPerson `json:"author"`
		DateCreated string    `json:"dateCreated"`
		Text        string    `json:"text"`
	}
	ldWork struct {
		Type       string `json:"@type"`
		Headline   string `json:"headline"`
		InLanguage string `json:"inLanguage"`
		URL        string `json:"url"`
	}
	ldOrg struct {
		Type string   `json:"@type"`
		Logo *ldImage `json:"logo,omitempty"`
		Name string   `json:"name"`
		URL  string   `json:"url,omitempty"`
	}
	ldImage struct {
		Type string `json:"@type"`
		URL  string `json:"url"`
	}
	ldPerson struct {
		Type        string `json:"@type"`
		Affiliation *ldOrg `json:"affiliation,omitempty"`
		JobTitle    string `json:"jobTitle,omitempty"`
		Name        string `json:"name"`
		SameAs      string `json:"sameAs,omitempty"`
		URL         string `json:"url,omitempty"`
	}
	ldBased struct {
		Type          string `json:"@type"`
		DatePublished string `json:"datePublished,omitempty"`
		Headline      string `json:"headline"`
		Publisher     *ldOrg `json:"publisher"`
		URL           string `json:"url"`
	}
)

func (d *Data) jsonLD() *ldArticle {
	p := d.Page
	if !p.Kind.IsStatement() || p.Secret {
		return nil
	}
	org := d.Site.Config.Organisation
	publisher := &ldOrg{Type: "Organization", Name: d.Site.OrgName(), URL: org.URL}
	if org.Logo != "" {
		publisher.Logo = &ldImage{Type: "ImageObject", URL: d.Abs(org.Logo)}
	}
	typ := ldType(p)
	ld := &ldArticle{
		Context:          "https://schema.org",
		Type:             typ,
		Headline:         p.Title,
		URL:              p.Permalink,
		MainEntityOfPage: p.Permalink,
		DatePublished:    d.ISO(p.Date),
		DateModified:     d.ISO(p.Modified()),
		InLanguage:       p.Lang.Code,
		ArticleSection:   d.Kind(p),
		Publisher:        publisher,
		Description:      p.Summary,
		Image:            d.ShareImage,
	}
	for _, c := range p.Comments {
		ld.Comment = append(ld.Comment, ldComment{Type: "Comment", Author: &ldPerson{Type: "Person", Name: c.Name}, DateCreated: d.ISO(c.Date), Text: c.Text})
	}
	ld.CommentCount = len(p.Comments)
	work := func(q *site.Page) ldWork {
		return ldWork{Type: ldType(q), Headline: q.Title, InLanguage: q.Lang.Code, URL: q.Permalink}
	}
	if orig := d.Site.Original(p); orig == p {
		for _, q := range p.Translations {
			ld.WorkTranslation = append(ld.WorkTranslation, work(q))
		}
	} else if orig != nil {
		w := work(orig)
		ld.TranslationOfWork = &w
	}
	if len(p.Tags) > 0 {
		names := make([]string, len(p.Tags))
		for i, t := range p.Tags {
			names[i] = t.Name
		}
		ld.Keywords = strings.Join(names, ", ")
	}
	for _, s := range p.Signers {
		a := &ldPerson{Type: "Person", Name: s.Name, JobTitle: s.Role}
		if s.Organisation != "" {
			a.Affiliation = &ldOrg{Type: "Organization", Name: s.Organisation}
		}
		if s.Page != "" {
			a.URL = d.Abs(s.Page)
		} else if s.URL != "" {
			a.URL = s.URL
		}
		if s.URL != "" && s.Page != "" {
			a.SameAs = s.URL
		}
		ld.Author = append(ld.Author, a)
	}
	if len(ld.Author) == 0 {
		ld.Author = append(ld.Author, publisher)
	}
	if o := p.Outlet; o != nil && p.Kind == site.Tribune {
		ld.IsBasedOn = &ldBased{
			Type:      typ,
			URL:       o.URL,
			Headline:  p.Title,
			Publisher: &ldOrg{Type: "Organization", Name: o.Name},
		}
		if !o.Date.IsZero() {
			ld.IsBasedOn.DatePublished = d.ISO(o.Date)
		}
		ld.SameAs = o.URL
	}
	return ld
}

// ldType is the schema.org type of a statement.
func ldType(p *site.Page) string {
	if p.Kind == site.Tribune {
		return "OpinionNewsArticle"
	}
	return "NewsArticle"
}
