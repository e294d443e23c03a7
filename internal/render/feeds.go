package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"mime"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/feeds"

	"tribune/internal/site"
)

// The feed formats are gorilla/feeds' types, wrapped where they fall short:
// RSS and Atom items carry one category each there, and none in Atom's
// term form; items have one author; RSS has no self link.

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
	Self  atomLink   `xml:"atom:link"`
	Items []*rssItem `xml:"item"`
}

type rssItem struct {
	feeds.RssItem
	Categories []string `xml:"category"`
	Creators   []string `xml:"dc:creator"`
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
	Lang    string       `xml:"xml:lang,attr,omitempty"`
	Links   []atomLink   `xml:"link"`
	Entries []*atomEntry `xml:"entry"`
}

type atomEntry struct {
	feeds.AtomEntry
	Authors    []*feeds.AtomAuthor `xml:"author"`
	Categories []atomCategory      `xml:"category"`
	Links      []atomLink          `xml:"link"`
}

// JSON Feed 1.1 names an attachment's size size_in_bytes; gorilla/feeds
// writes "size".
type jsonFeed struct {
	feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

type jsonItem struct {
	feeds.JSONItem
	Attachments []jsonAttachment `json:"attachments,omitempty"`
}

type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Title    string `json:"title,omitempty"`
	Size     int64  `json:"size_in_bytes,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// feedFiles renders a feed in the three formats, keyed by output path.
// With pooled set, the files are in buffers of feedBufs, to be given back
// with putFeedBuf once written.
func (t *Templates) feedFiles(r *run, s *site.Site, f *site.Feed, pooled bool) (map[string][]byte, error) {
	alloc := func(n int) []byte { return make([]byte, 0, n) }
	if pooled && !Slow {
		alloc = feedBuf
	}
	loc := s.Config.Location
	abs := func(u string) string { return absURL(s, u) }
	dir := strings.TrimPrefix(f.Path, "/")
	rssURL, atomURL, jsonURL := abs(f.Path+site.RSSFile), abs(f.Path+site.AtomFile), abs(f.Path+site.JSONFile)
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

	rss := &rssDoc{Version: "2.0", ContentNS: "http://purl.org/rss/1.0/modules/content/",
		AtomNS: "http://www.w3.org/2005/Atom", DCNS: "http://purl.org/dc/elements/1.1/",
		Channel: &rssChannel{
			RssFeed: feeds.RssFeed{Title: f.Title, Link: link, Description: f.Description,
				Language: f.Lang.Code, LastBuildDate: updated.Format(time.RFC1123Z), Generator: "tribune"},
			Self: atomLink{Href: rssURL, Rel: "self", Type: "application/rss+xml"},
		}}
	if logo != "" {
		rss.Channel.Image = &feeds.RssImage{Url: logo, Title: f.Title, Link: link}
	}
	atom := &atomDoc{
		AtomFeed: feeds.AtomFeed{Xmlns: "http://www.w3.org/2005/Atom", Title: f.Title, Id: atomURL,
			Updated: updated.Format(time.RFC3339), Subtitle: f.Description, Logo: logo,
			Icon: abs("/favicon.svg"), Author: &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: orgName(s), Uri: abs("/")}}},
		Lang: f.Lang.Code,
		Links: []atomLink{
			{Href: atomURL, Rel: "self", Type: "application/atom+xml"},
			{Href: link, Rel: "alternate", Type: "text/html"},
		},
	}
	jf := &jsonFeed{JSONFeed: feeds.JSONFeed{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, Language: f.Lang.Code,
		HomePageUrl: link, FeedUrl: jsonURL, Description: f.Description, Icon: logo, Favicon: abs("/favicon.svg"),
		Authors: []*feeds.JSONAuthor{{Name: orgName(s), Url: abs("/")}}}, Items: []*jsonItem{}}

	items := make([]*feedItem, len(f.Items))
	for i, p := range f.Items {
		it, err := t.feedItem(r, s, p)
		if err != nil {
			return nil, err
		}
		items[i] = it
		rss.Channel.Items = append(rss.Channel.Items, it.rss)
		atom.Entries = append(atom.Entries, it.atom)
		jf.Items = append(jf.Items, it.json)
	}

	// Written into buffers sized for the texts, which are most of a feed.
	size := 4 << 10
	for _, it := range items {
		size += len(it.enc[fmtAtom])
	}
	out := map[string][]byte{}
	if Slow {
		// The plain way, which the tests compare with: each document
		// encoded whole.
		for name, v := range map[string]any{site.RSSFile: rss, site.AtomFile: atom} {
			var b bytes.Buffer
			b.WriteString(xml.Header)
			if err := xml.NewEncoder(&b).Encode(v); err != nil {
				return nil, fmt.Errorf("feed %s%s: %w", f.Path, name, err)
			}
			out[path.Join(dir, name)] = b.Bytes()
		}
		b, err := json.Marshal(jf)
		if err != nil {
			return nil, fmt.Errorf("feed %s%s: %w", f.Path, site.JSONFile, err)
		}
		out[path.Join(dir, site.JSONFile)] = b
		return out, nil
	}
	// A statement is an item of several feeds (its section's, its topics',
	// the whole site's): its items are encoded once per build and put into
	// each document, encoded without them, before the element that closes
	// the list.
	rss.Channel.Items, atom.Entries, jf.Items = nil, nil, []*jsonItem{}
	for _, d := range []struct {
		name  string
		v     any
		close string
		f     int
	}{{site.RSSFile, rss, "</channel>", fmtRSS}, {site.AtomFile, atom, "</feed>", fmtAtom}} {
		var b bytes.Buffer
		b.WriteString(xml.Header)
		if err := xml.NewEncoder(&b).Encode(d.v); err != nil {
			return nil, fmt.Errorf("feed %s%s: %w", f.Path, d.name, err)
		}
		doc := b.Bytes()
		i := bytes.LastIndex(doc, []byte(d.close))
		if i < 0 {
			return nil, fmt.Errorf("feed %s%s: no %s", f.Path, d.name, d.close)
		}
		whole := alloc(len(doc) + size)
		whole = append(whole, doc[:i]...)
		for _, it := range items {
			whole = append(whole, it.enc[d.f]...)
		}
		out[path.Join(dir, d.name)] = append(whole, doc[i:]...)
	}
	doc, err := json.Marshal(jf)
	if err != nil {
		return nil, fmt.Errorf("feed %s%s: %w", f.Path, site.JSONFile, err)
	}
	if !bytes.HasSuffix(doc, []byte(`"items":[]}`)) {
		return nil, fmt.Errorf("feed %s%s: items are not last", f.Path, site.JSONFile)
	}
	whole := alloc(len(doc) + size)
	whole = append(whole, doc[:len(doc)-2]...)
	for i, it := range items {
		if i > 0 {
			whole = append(whole, ',')
		}
		whole = append(whole, it.enc[fmtJSON]...)
	}
	out[path.Join(dir, site.JSONFile)] = append(whole, "]}"...)
	return out, nil
}

// A feedItem is a statement as an item of every feed format, with its
// encodings: the same in every feed it is part of.
type feedItem struct {
	rss  *rssItem
	atom *atomEntry
	json *jsonItem
	enc  [3][]byte
}

const (
	fmtRSS = iota
	fmtAtom
	fmtJSON
)

// feedItem makes the feed items of p, once per build.
func (t *Templates) feedItem(r *run, s *site.Site, p *site.Page) (*feedItem, error) {
	if v, ok := r.feedEnc.Load(p); ok {
		return v.(*feedItem), nil
	}
	loc := s.Config.Location
	abs := func(u string) string { return absURL(s, u) }
	body, err := t.feedContent(r, s, p)
	if err != nil {
		return nil, err
	}
	pub, mod := p.Date.In(loc), p.Modified().In(loc)
	var tags []string
	for _, tag := range p.Tags {
		tags = append(tags, tag.Name)
	}
	var names []string
	var atomAuthors []*feeds.AtomAuthor
	var jsonAuthors []*feeds.JSONAuthor
	for _, sg := range p.Signers {
		names = append(names, sg.Name)
		u := sg.URL
		if sg.Page != "" {
			u = abs(sg.Page)
		}
		atomAuthors = append(atomAuthors, &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: sg.Name, Uri: u}})
		jsonAuthors = append(jsonAuthors, &feeds.JSONAuthor{Name: sg.Name, Url: u})
	}
	if len(names) == 0 {
		names = []string{orgName(s)}
		atomAuthors = []*feeds.AtomAuthor{{AtomPerson: feeds.AtomPerson{Name: orgName(s), Uri: abs("/")}}}
		jsonAuthors = []*feeds.JSONAuthor{{Name: orgName(s), Url: abs("/")}}
	}
	guid := &feeds.RssGuid{Id: p.ID, IsPermaLink: "false"}
	if p.ID == p.Permalink {
		guid.IsPermaLink = "true"
	}
	ri := &rssItem{
		RssItem: feeds.RssItem{Title: p.Title, Link: p.Permalink, Description: p.Summary,
			Content: &feeds.RssContent{Content: body}, Guid: guid, PubDate: pub.Format(time.RFC1123Z)},
		Categories: tags, Creators: names,
	}
	ae := &atomEntry{
		AtomEntry: feeds.AtomEntry{Title: p.Title, Id: p.ID, Updated: mod.Format(time.RFC3339),
			Published: pub.Format(time.RFC3339), Content: &feeds.AtomContent{Content: body, Type: "html"}},
		Authors: atomAuthors,
		Links:   []atomLink{{Href: p.Permalink, Rel: "alternate", Type: "text/html"}},
	}
	if p.Summary != "" {
		ae.Summary = &feeds.AtomSummary{Content: p.Summary, Type: "text"}
	}
	ji := &jsonItem{JSONItem: feeds.JSONItem{Id: p.ID, Url: p.Permalink, Title: p.Title, ContentHTML: body, Summary: p.Summary,
		PublishedDate: &pub, ModifiedDate: &mod, Authors: jsonAuthors, Tags: tags}}
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
	it := &feedItem{rss: ri, atom: ae, json: ji}
	for f, enc := range []func() ([]byte, error){
		fmtRSS:  func() ([]byte, error) { return xmlElement(ri, "item", len(body)) },
		fmtAtom: func() ([]byte, error) { return xmlElement(ae, "entry", len(body)) },
		fmtJSON: func() ([]byte, error) { return json.Marshal(ji) },
	} {
		if it.enc[f], err = enc(); err != nil {
			return nil, fmt.Errorf("feed item %s: %w", p.Source(), err)
		}
	}
	r.feedEnc.Store(p, it)
	return it, nil
}

// xmlElement encodes v as the element name, as encoding/xml writes a
// field tagged with that name; size is about the length of its texts.
func xmlElement(v any, name string, size int) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(size + size/4 + 1024) // escaped, and the other fields
	if err := xml.NewEncoder(&b).EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func orgName(s *site.Site) string {
	o := s.Config.Organisation
	switch {
	case o.FullName != "":
		return o.FullName
	case o.Name != "":
		return o.Name
	}
	return s.Config.Title
}

func mimeType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return strings.TrimSuffix(strings.SplitN(t, ";", 2)[0], " ")
	}
	return "application/octet-stream"
}

// feedContent renders partials/feed-item.html for a statement, once per
// build, with every URL made absolute: feed readers show items away from
// the site.
func (t *Templates) feedContent(r *run, s *site.Site, p *site.Page) (string, error) {
	if v, ok := r.feedItems.Load(p); ok {
		return v.(string), nil
	}
	key := r.itemKey(p)
	if v, ok := r.cache.item(key); ok {
		r.feedItems.Store(p, v)
		return v, nil
	}
	d := newData(r, s, p, Extra{})
	h, err := t.execPartial("partials/feed-item.html", d)
	if err != nil {
		return "", t.templateError(err, p.Source())
	}
	body := absolutize(string(h), p.Permalink)
	r.feedItems.Store(p, body)
	r.cache.putItem(key, body)
	return body, nil
}

// absolutize resolves the href, src and srcset attributes of html (as the
// Markdown converter and the layouts write them: double-quoted) against
// base. It scans rather than uses a regular expression: every feed item
// goes through it.
func absolutize(s, base string) string {
	b, err := url.Parse(base)
	if err != nil {
		return s
	}
	resolve := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil || u.IsAbs() {
			return raw
		}
		return b.ResolveReference(u).String()
	}
	var out strings.Builder
	out.Grow(len(s) + len(s)/8)
	rest := s
	for {
		i := nextURLAttr(rest)
		if i < 0 {
			out.WriteString(rest)
			return out.String()
		}
		q := strings.IndexByte(rest[i:], '"') + i + 1 // after the opening quote
		end := strings.IndexByte(rest[q:], '"')
		if end < 0 {
			out.WriteString(rest)
			return out.String()
		}
		name := rest[i : q-2]
		v := html.UnescapeString(rest[q : q+end])
		if name == "srcset" {
			parts := strings.Split(v, ",")
			for j, part := range parts {
				if f := strings.Fields(part); len(f) > 0 {
					f[0] = resolve(f[0])
					parts[j] = strings.Join(f, " ")
				}
			}
			v = strings.Join(parts, ", ")
		} else {
			v = resolve(v)
		}
		out.WriteString(rest[:q])
		out.WriteString(html.EscapeString(v))
		out.WriteByte('"')
		rest = rest[q+end+1:]
	}
}

// nextURLAttr finds the next ` href="`, ` src="` or ` srcset="` in s and
// returns the index of the attribute's name, or -1.
func nextURLAttr(s string) int {
	best := -1
	for _, a := range [...]string{` href="`, ` src="`, ` srcset="`} {
		if i := strings.Index(s, a); i >= 0 && (best < 0 || i+1 < best) {
			best = i + 1
		}
	}
	return best
}

// feedBufs are the buffers of feed files being written: a feed is a few
// hundred kilobytes, and each build writes dozens.
var feedBufs sync.Pool

// feedBuf is an empty buffer of feedBufs that holds at least n bytes.
func feedBuf(n int) []byte {
	if b, ok := feedBufs.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:0]
	}
	return make([]byte, 0, n+n/8)
}

// putFeedBuf gives back a buffer of feedBuf.
func putFeedBuf(b []byte) {
	feedBufs.Put(&b)
}
