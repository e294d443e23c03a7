package render

import (
	"encoding/binary"
	"hash"
	"hash/fnv"
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

// keyer hashes the inputs of a page.
type keyer struct{ h hash.Hash64 }

func newKeyer(version uint64) keyer {
	k := keyer{fnv.New64a()}
	k.u64(version)
	return k
}

func (k keyer) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	k.h.Write(b[:])
}

func (k keyer) str(s string) {
	k.h.Write([]byte(s))
	k.h.Write([]byte{0})
}

// page adds what a page contributes to the pages that show it: its file
// and its state.
func (k keyer) page(p *site.Page) {
	if p == nil {
		k.str("-")
		return
	}
	k.str(p.URL)
	k.u64(uint64(p.State))
	if p.File != nil {
		k.u64(p.File.Hash)
	}
}

func fnvString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// pageKey is the cache key of p's output; ok is false for the pages that
// depend on the whole site (home, indexes), which are always rendered.
func (r *run) pageKey(p *site.Page) (key uint64, ok bool) {
	if r.cache == nil {
		return 0, false
	}
	k := newKeyer(r.version)
	k.str(string(p.Kind))
	k.page(p)
	switch p.Kind {
	case site.Tribune, site.Communique, site.Plain:
		k.page(p.Prev)
		k.page(p.Next)
		for _, t := range p.Tags {
			k.str(t.Name)
		}
		if sec := r.s.Sections[p.Section]; sec != nil && sec.Index != nil {
			k.page(sec.Index)
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
			k.page(it)
		}
	case site.Alias:
		k.str(p.Target)
		k.str(p.Title)
	default:
		return 0, false
	}
	return k.h.Sum64(), true
}

// feedKey is the cache key of a feed's three files.
func (r *run) feedKey(f *site.Feed) uint64 {
	k := newKeyer(r.version)
	k.str(f.Path)
	k.str(f.Title)
	k.str(f.Description)
	k.str(f.Lang.Code)
	for _, p := range f.Items {
		k.page(p)
		// A tag's name is the first spelling met, maybe in another file.
		for _, t := range p.Tags {
			k.str(t.Name)
		}
	}
	return k.h.Sum64()
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
	k.page(p)
	if sec := r.s.Sections[p.Section]; sec != nil && sec.Index != nil {
		k.page(sec.Index)
	}
	return k.h.Sum64()
}
