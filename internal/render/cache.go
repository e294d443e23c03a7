package render

import (
	"sync"

	"tribune/internal/site"
)

// Cache keeps the output of a rendering so that the next one re-renders
// only what changed: each page's output is stored with a key computed from
// everything the page shows (its own file, the statements it lists, its
// neighbours, the layouts and settings). The preview server keeps one
// across rebuilds; a nil *Cache caches nothing.
type Cache struct {
	mu    sync.Mutex
	pages map[string]cached
	items map[uint64]string // feed item content by key
	feeds map[string]cachedFeed
}

type cachedFeed struct {
	key   uint64
	files map[string][]byte
}

type cached struct {
	key  uint64
	data []byte
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{pages: map[string]cached{}, items: map[uint64]string{}, feeds: map[string]cachedFeed{}}
}

func (c *Cache) get(path string, key uint64, ok bool) ([]byte, bool) {
	if c == nil || !ok {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, found := c.pages[path]
	if !found || e.key != key {
		return nil, false
	}
	return e.data, true
}

func (c *Cache) put(path string, key uint64, ok bool, data []byte) {
	if c == nil || !ok {
		return
	}
	c.mu.Lock()
	c.pages[path] = cached{key, data}
	c.mu.Unlock()
}

// sweep forgets the pages that are no longer part of the site.
func (c *Cache) sweep(out map[string][]byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) <= len(out) && len(c.items) < 4*len(c.pages)+1000 {
		// Every cached page may still be in out: check only when the
		// cache holds more pages than the output has files.
		return
	}
	for p := range c.pages {
		if _, ok := out[p]; !ok {
			delete(c.pages, p)
		}
	}
	// Item contents are keyed by content: drop them all now and then
	// rather than track which are still used.
	if len(c.items) > 4*len(c.pages)+1000 {
		c.items = map[uint64]string{}
	}
}

// keyer hashes the inputs of a page with FNV-1a, inline: it runs for
// every page of every preview rebuild.
type keyer struct{ h *uint64 }

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newKeyer(version uint64) keyer {
	h := uint64(fnvOffset)
	k := keyer{&h}
	k.u64(version)
	return k
}

func (k keyer) u64(v uint64) {
	h := *k.h
	for range 8 {
		h = (h ^ (v & 0xff)) * fnvPrime
		v >>= 8
	}
	*k.h = h
}

func (k keyer) str(s string) {
	h := *k.h
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	*k.h = h * fnvPrime
}

func (k keyer) sum() uint64 { return *k.h }

// page adds what a page contributes to the pages that show it: its URL,
// file and state, digested once per rendering.
func (k keyer) page(p *site.Page, digests map[*site.Page]uint64) {
	if p == nil {
		k.u64(0)
		return
	}
	d, ok := digests[p]
	if !ok {
		d = digest(p)
	}
	k.u64(d)
}

func digest(p *site.Page) uint64 {
	d := newKeyer(0)
	d.str(p.URL)
	d.u64(uint64(p.State))
	if p.File != nil {
		d.u64(p.File.Hash)
	}
	return d.sum()
}

func fnvString(s string) uint64 {
	k := newKeyer(0)
	k.str(s)
	return k.sum()
}

// pageKey is the cache key of p's output; ok is false for kinds it does
// not know, which are always rendered.
func (r *run) pageKey(p *site.Page) (key uint64, ok bool) {
	if r.cache == nil {
		return 0, false
	}
	k := newKeyer(r.version)
	k.str(string(p.Kind))
	k.page(p, r.digests)
	switch p.Kind {
	case site.Tribune, site.Communique, site.Plain:
		k.page(p.Prev, r.digests)
		k.page(p.Next, r.digests)
		for _, q := range p.Related {
			k.page(q, r.digests)
		}
		for _, t := range p.Tags {
			k.str(t.Name)
		}
		if sec := r.s.Sections[p.Section]; sec != nil && sec.Index != nil {
			k.page(sec.Index, r.digests)
		}
	case site.Section, site.TagPage, site.Person:
		if p.Pager == nil {
			return 0, false
		}
		k.u64(uint64(p.Pager.Number))
		k.u64(uint64(p.Pager.Total))
		k.str(p.Title)
		if p.Person != nil {
			k.str(p.Person.Role)
			k.str(p.Person.Organisation)
		}
		for _, it := range p.Pager.Items {
			k.page(it, r.digests)
		}
	case site.Alias:
		k.str(p.Target)
		k.str(p.Title)
	case site.NotFound:
	case site.Home, site.Press:
		// They show the newest statements, as many as their layout says.
		for _, q := range r.s.Statements {
			k.page(q, r.digests)
		}
		for _, q := range p.Kit {
			k.str(q.URL)
			k.str(q.Title)
			k.u64(uint64(q.Size))
		}
	case site.TagIndex:
		for _, t := range r.s.Tags {
			k.str(t.URL)
			k.str(t.Name)
			k.u64(uint64(len(t.Pages)))
		}
	case site.People:
		for _, q := range r.s.People {
			k.str(q.URL)
			k.str(q.Name)
			k.str(q.Role)
			k.str(q.Organisation)
			k.u64(uint64(len(q.Pages)))
		}
	case site.SiteMap:
		// It shows titles, dates and languages, not texts.
		for _, q := range r.s.Pages {
			k.str(q.URL)
			k.str(q.Title)
			k.str(q.Lang.Code)
			k.u64(uint64(q.Date.Unix()))
			k.u64(uint64(q.State))
		}
	case site.Search:
	case site.FeedList:
		for _, f := range r.s.Feeds {
			k.str(f.Path)
			k.str(f.Title)
			k.str(f.Description)
		}
	default:
		return 0, false
	}
	return k.sum(), true
}

// feedKey is the cache key of a feed's three files.
func (r *run) feedKey(f *site.Feed) uint64 {
	k := newKeyer(r.version)
	k.str(f.Path)
	k.str(f.Title)
	k.str(f.Description)
	k.str(f.Lang.Code)
	for _, p := range f.Items {
		k.page(p, r.digests)
		// A tag's name is the first spelling met, maybe in another file.
		for _, t := range p.Tags {
			k.str(t.Name)
		}
	}
	return k.sum()
}

func (c *Cache) feed(path string, key uint64) (map[string][]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.feeds[path]
	if !ok || e.key != key {
		return nil, false
	}
	return e.files, true
}

func (c *Cache) putFeed(path string, key uint64, files map[string][]byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.feeds[path] = cachedFeed{key, files}
	c.mu.Unlock()
}

// item returns the feed content of a statement rendered by an earlier
// build, when nothing it depends on changed.
func (c *Cache) item(key uint64) (string, bool) {
	if c == nil {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[key]
	return v, ok
}

func (c *Cache) putItem(key uint64, v string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.items[key] = v
	c.mu.Unlock()
}

// itemKey is the cache key of a statement's feed content.
func (r *run) itemKey(p *site.Page) uint64 {
	k := newKeyer(r.version)
	k.page(p, r.digests)
	if sec := r.s.Sections[p.Section]; sec != nil && sec.Index != nil {
		k.page(sec.Index, r.digests)
	}
	return k.sum()
}
