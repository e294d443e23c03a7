package site

import (
	"sync"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// Memo remembers typeset texts and slugs from one build to the next of
// the same site: the preview server rebuilds after every save, and all
// titles but one are unchanged. The zero Memo is ready; a nil *Memo
// remembers nothing.
type Memo struct {
	mu    sync.Mutex
	typo  map[memoKey]string
	slugs map[string]string
	// pages holds, for each content file, its page as made from the file
	// alone, before lists, tags and neighbours are linked to it. A file
	// changed on disk is a new *content.File, so it is made afresh.
	pages map[*content.File]Page
	// rel holds each statement's related statements, with the signature
	// of the tag lists they were chosen from.
	rel map[string]relatedEntry
}

type relatedEntry struct {
	key  uint64
	urls []string
}

func (m *Memo) related(url string, key uint64) ([]string, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.rel[url]
	if !ok || e.key != key {
		return nil, false
	}
	return e.urls, true
}

func (m *Memo) putRelated(url string, key uint64, urls []string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rel == nil || len(m.rel) > memoMax {
		m.rel = map[string]relatedEntry{}
	}
	m.rel[url] = relatedEntry{key, urls}
}

// Reset forgets the pages made, when what they depend on besides their
// file changed: the settings or the static files (attachment sizes).
func (m *Memo) Reset() {
	m.mu.Lock()
	m.pages = nil
	m.mu.Unlock()
}

func (m *Memo) proto(f *content.File) *Page {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.pages[f]; ok {
		return &p
	}
	return nil
}

func (m *Memo) putProto(f *content.File, p *Page) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pages == nil || len(m.pages) > memoMax {
		m.pages = map[*content.File]Page{}
	}
	m.pages[f] = *p
}

type memoKey struct {
	t locale.Typography
	s string
}

// memoMax bounds each table: past it, the table starts again empty rather
// than grow through a long editing session.
const memoMax = 200_000

func (m *Memo) typeset(t locale.Typography, s string) string {
	if m == nil || s == "" {
		return t.String(s)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	k := memoKey{t, s}
	if v, ok := m.typo[k]; ok {
		return v
	}
	if m.typo == nil || len(m.typo) > memoMax {
		m.typo = map[memoKey]string{}
	}
	v := t.String(s)
	m.typo[k] = v
	return v
}

func (m *Memo) slug(s string) string {
	if m == nil {
		return locale.Slug(s)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.slugs[s]; ok {
		return v
	}
	if m.slugs == nil || len(m.slugs) > memoMax {
		m.slugs = map[string]string{}
	}
	v := locale.Slug(s)
	m.slugs[s] = v
	return v
}

func (b *builder) typeset(t locale.Typography, s string) string { return b.opts.Memo.typeset(t, s) }
func (b *builder) slug(s string) string                         { return b.opts.Memo.slug(s) }
