// Package feeds writes the site's feeds in RSS 2.0, Atom 1.0 and JSON Feed
// 1.1, on gorilla/feeds' types, wrapped where they fall short: RSS and
// Atom items carry one category each there, and none in Atom's term form;
// items have one author; RSS has no self link; JSON Feed 1.1 names an
// attachment's size size_in_bytes.
//
// A statement is an item of several feeds (its section's, its topics',
// the whole site's): its items are encoded once, and each feed document
// holds them as they are (an innerxml field, json.RawMessage).
package feeds

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"mime"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/feeds"

	"tribune/internal/site"
)

type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	ContentNS string   `xml:"xmlns:content,attr"`
	AtomNS    string   `xml:"xmlns:atom,attr"`
	DCNS      string   `xml:"xmlns:dc,attr"`
	Channel   *rssChannel
}

type rssChannel struct {
	feeds.RssFeed
	Self  atomLink `xml:"atom:link"`
	Items []byte   `xml:",innerxml"`
}

type rssItem struct {
	feeds.RssItem
	Categories []rssCategory `xml:"category"`
	Creator    string        `xml:"dc:creator"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Text   string `xml:",chardata"`
}

func rssCategories(tags []string) []rssCategory {
	out := make([]rssCategory, len(tags))
	for i, t := range tags {
		out[i] = rssCategory{Text: t}
	}
	return out
}

// KindScheme names the scheme of the category that says an item's kind
// (term "tribune" or "communique", labelled in the site's language): RSS
// readers see it as the category's domain, Atom ones as its scheme, JSON
// Feed ones as the first tag and in the item's "_tribune" extension.
const KindScheme = "urn:tribune:kind"

// kindCategory is an item's kind.
type kindCategory struct {
	Term  string `json:"kind"`
	Label string `json:"label"`
}

type atomLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

type atomDoc struct {
	feeds.AtomFeed
	Lang    string     `xml:"xml:lang,attr,omitempty"`
	Links   []atomLink `xml:"link"`
	Entries []byte     `xml:",innerxml"`
}

type atomEntry struct {
	feeds.AtomEntry
	Authors      []*feeds.AtomAuthor      `xml:"author"`
	Contributors []*feeds.AtomContributor `xml:"contributor"`
	Categories   []atomCategory           `xml:"category"`
	Links        []atomLink               `xml:"link"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type jsonFeed struct {
	feeds.JSONFeed
	Items []json.RawMessage `json:"items"`
}

type jsonItem struct {
	feeds.JSONItem
	Attachments []jsonAttachment `json:"attachments,omitempty"`
	// Tribune is the item's extension (JSON Feed's "_" keys): its kind.
	Tribune *kindCategory `json:"_tribune,omitempty"`
}

type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Title    string `json:"title,omitempty"`
	Size     int64  `json:"size_in_bytes,omitempty"`
}

// The formats, by their file name.
const (
	rss = iota
	atom
	jsonFormat
)

var formats = map[string]int{site.RSSFile: rss, site.AtomFile: atom, site.JSONFile: jsonFormat}

// An Encoder writes the feeds of one site model. It is safe for
// concurrent use.
type Encoder struct {
	s       *site.Site
	content func(*site.Page) (string, error)
	mu      sync.Mutex
	items   map[*site.Page]*item
}

// item is a statement's entries, encoded once for every feed.
type item struct {
	once sync.Once
	enc  [3][]byte
	err  error
}

// New returns the encoder of the feeds of s; content gives a statement's
// full text, as HTML whose URLs are absolute.
func New(s *site.Site, content func(*site.Page) (string, error)) *Encoder {
	return &Encoder{s: s, content: content, items: map[*site.Page]*item{}}
}

// File writes the file name (site.RSSFile, site.AtomFile or
// site.JSONFile) of feed f.
func (e *Encoder) File(f *site.Feed, name string) ([]byte, error) {
	format, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("feed %s%s: no such format", f.Path, name)
	}
	items := make([][]byte, len(f.Items))
	for i, p := range f.Items {
		it, err := e.item(p)
		if err != nil {
			return nil, err
		}
		items[i] = it.enc[format]
	}
	b, err := e.document(f, format, items)
	if err != nil {
		return nil, fmt.Errorf("feed %s%s: %w", f.Path, name, err)
	}
	return b, nil
}

// document writes a feed's document in one format around its items,
// encoded already.
func (e *Encoder) document(f *site.Feed, format int, items [][]byte) ([]byte, error) {
	s := e.s
	loc := s.Config.Location
	abs := s.Abs
	link := abs(f.Link)
	updated := time.Unix(0, 0).In(loc)
	for _, p := range f.Items {
		if m := p.Modified(); m.After(updated) {
			updated = m.In(loc)
		}
	}
	logo := ""
	if l := s.Config.Organisation.Logo; l != "" {
		logo = abs(l)
	}
	org := s.OrgName()
	switch format {
	case rss:
		doc := &rssDoc{Version: "2.0", ContentNS: "http://purl.org/rss/1.0/modules/content/",
			AtomNS: "http://www.w3.org/2005/Atom", DCNS: "http://purl.org/dc/elements/1.1/",
			Channel: &rssChannel{
				RssFeed: feeds.RssFeed{Title: f.Title, Link: link, Description: f.Description,
					Language: f.Lang.Code, LastBuildDate: updated.Format(time.RFC1123Z), Generator: "tribune"},
				Self:  atomLink{Href: abs(f.Path + site.RSSFile), Rel: "self", Type: "application/rss+xml"},
				Items: concat(items),
			}}
		if logo != "" {
			doc.Channel.Image = &feeds.RssImage{Url: logo, Title: f.Title, Link: link}
		}
		return xmlDocument(doc)
	case atom:
		doc := &atomDoc{
			AtomFeed: feeds.AtomFeed{Xmlns: "http://www.w3.org/2005/Atom", Title: f.Title, Id: abs(f.Path + site.AtomFile),
				Updated: updated.Format(time.RFC3339), Subtitle: f.Description, Logo: logo,
				Icon: abs("/favicon.svg"), Author: &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: org, Uri: abs("/")}}},
			Lang: f.Lang.Code,
			Links: []atomLink{
				{Href: abs(f.Path + site.AtomFile), Rel: "self", Type: "application/atom+xml"},
				{Href: link, Rel: "alternate", Type: "text/html"},
			},
			Entries: concat(items),
		}
		return xmlDocument(doc)
	}
	doc := &jsonFeed{JSONFeed: feeds.JSONFeed{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, Language: f.Lang.Code,
		HomePageUrl: link, FeedUrl: abs(f.Path + site.JSONFile), Description: f.Description, Icon: logo, Favicon: abs("/favicon.svg"),
		Authors: []*feeds.JSONAuthor{{Name: org, Url: abs("/")}}}, Items: make([]json.RawMessage, len(items))}
	for i, it := range items {
		doc.Items[i] = it
	}
	return json.Marshal(doc)
}

func concat(items [][]byte) []byte {
	n := 0
	for _, it := range items {
		n += len(it)
	}
	out := make([]byte, 0, n)
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

func xmlDocument(v any) ([]byte, error) {
	b, err := xml.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), b...), nil
}

// item gives the entries of p, encoded once.
func (e *Encoder) item(p *site.Page) (*item, error) {
	e.mu.Lock()
	it, ok := e.items[p]
	if !ok {
		it = &item{}
		e.items[p] = it
	}
	e.mu.Unlock()
	it.once.Do(func() { it.enc, it.err = e.encode(p) })
	return it, it.err
}

// encode writes a statement as an item of each format.
func (e *Encoder) encode(p *site.Page) (enc [3][]byte, err error) {
	s := e.s
	loc := s.Config.Location
	abs := s.Abs
	body, err := e.content(p)
	if err != nil {
		return enc, err
	}
	pub, mod := p.Date.In(loc), p.Modified().In(loc)
	var tags []string
	for _, tag := range p.Tags {
		tags = append(tags, tag.Name)
	}
	// One author, naming every signatory in the order they signed: readers
	// that keep a single author (most RSS readers keep the last dc:creator)
	// lose none of them. Atom keeps each signatory, with their page, as a
	// contributor.
	var names []string
	var contributors []*feeds.AtomContributor
	for _, sg := range p.Signers {
		names = append(names, sg.Name)
		u := sg.URL
		if sg.Page != "" {
			u = abs(sg.Page)
		}
		contributors = append(contributors, &feeds.AtomContributor{AtomPerson: feeds.AtomPerson{Name: sg.Name, Uri: u}})
	}
	author := feeds.AtomPerson{Name: p.Lang.List(names)}
	switch {
	case len(names) == 0:
		author = feeds.AtomPerson{Name: s.OrgName(), Uri: abs("/")}
	case len(names) == 1:
		author.Uri, contributors = contributors[0].Uri, nil
	}
	// The kind of statement, as a category of its own scheme.
	kind := kindCategory{Term: string(p.Kind), Label: p.Lang.T(string(p.Kind))}
	guid := &feeds.RssGuid{Id: p.ID, IsPermaLink: "false"}
	if p.ID == p.Permalink {
		guid.IsPermaLink = "true"
	}
	ri := &rssItem{
		RssItem: feeds.RssItem{Title: p.Title, Link: p.Permalink, Description: p.Summary,
			Content: &feeds.RssContent{Content: body}, Guid: guid, PubDate: pub.Format(time.RFC1123Z)},
		Categories: append([]rssCategory{{Domain: KindScheme, Text: kind.Label}}, rssCategories(tags)...),
		Creator:    author.Name,
	}
	ae := &atomEntry{
		AtomEntry: feeds.AtomEntry{Title: p.Title, Id: p.ID, Updated: mod.Format(time.RFC3339),
			Published: pub.Format(time.RFC3339), Content: &feeds.AtomContent{Content: body, Type: "html"}},
		Authors:      []*feeds.AtomAuthor{{AtomPerson: author}},
		Contributors: contributors,
		Categories:   []atomCategory{{Term: kind.Term, Label: kind.Label, Scheme: KindScheme}},
		Links:        []atomLink{{Href: p.Permalink, Rel: "alternate", Type: "text/html"}},
	}
	if p.Summary != "" {
		ae.Summary = &feeds.AtomSummary{Content: p.Summary, Type: "text"}
	}
	ji := &jsonItem{JSONItem: feeds.JSONItem{Id: p.ID, Url: p.Permalink, Title: p.Title, ContentHTML: body, Summary: p.Summary,
		PublishedDate: &pub, ModifiedDate: &mod, Authors: []*feeds.JSONAuthor{{Name: author.Name, Url: author.Uri}},
		Tags: append([]string{kind.Label}, tags...)}, Tribune: &kind}
	if p.Outlet != nil {
		ji.ExternalUrl = p.Outlet.URL
	}
	if img := p.Image; img != nil && img.Src != "" {
		ji.Image = abs(img.Src)
	}
	for _, tag := range tags {
		ae.Categories = append(ae.Categories, atomCategory{Term: tag})
	}
	for i, a := range p.Attachments {
		u, typ, size := abs(a.URL), mimeType(a.URL), strconv.FormatInt(a.Size, 10)
		// RSS allows one enclosure per item; Atom and JSON Feed carry all.
		if i == 0 {
			ri.Enclosure = &feeds.RssEnclosure{Url: u, Length: size, Type: typ}
		}
		ae.Links = append(ae.Links, atomLink{Href: u, Rel: "enclosure", Type: typ, Length: size, Title: a.Title})
		ji.Attachments = append(ji.Attachments, jsonAttachment{URL: u, MIMEType: typ, Title: a.Title, Size: a.Size})
	}
	if enc[rss], err = xmlElement(ri, "item"); err == nil {
		if enc[atom], err = xmlElement(ae, "entry"); err == nil {
			enc[jsonFormat], err = json.Marshal(ji)
		}
	}
	if err != nil {
		return enc, fmt.Errorf("feed item %s: %w", p.Source(), err)
	}
	return enc, nil
}

// xmlElement encodes v as the element name, as encoding/xml writes a
// field tagged with that name.
func xmlElement(v any, name string) ([]byte, error) {
	var b strings.Builder
	if err := xml.NewEncoder(&b).EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

func mimeType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return strings.TrimSuffix(strings.SplitN(t, ";", 2)[0], " ")
	}
	return "application/octet-stream"
}
