package render

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/parallel"
	"tribune/internal/site"
)

// The search index lists the visible statements for the search page's
// script: small fields as they are, the text as its distinct words, folded
// (lowercase, no accents) and without stop words, which the script
// matches by prefix.
type searchDoc struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Kind    string `json:"k"`
	Date    string `json:"d"`
	ISO     string `json:"i"`
	Summary string `json:"s,omitempty"`
	Tags    string `json:"g,omitempty"`
	Words   string `json:"w"`
}

// searchFile renders the index of the site's statements, newest first.
// Each statement's entry is kept between preview rebuilds.
func (r *run) searchFile() ([]byte, error) {
	// Labels and dates in the site's language: the search page's.
	d := newData(r, r.s, r.s.Home, Extra{})
	docs := make([][]byte, len(r.s.Statements))
	keys := make([]uint64, len(docs))
	var missing []int
	for i, p := range r.s.Statements {
		k := newKeyer(r.itemKey(p) ^ 0x2545f4914f6cdd1d)
		for _, t := range p.Tags {
			k.str(t.Name) // a tag's name is its first spelling met
		}
		keys[i] = k.sum()
		if v, ok := r.cache.item(keys[i]); ok {
			docs[i] = []byte(v)
		} else {
			missing = append(missing, i)
		}
	}
	errs := make([]error, len(missing))
	parallel.For(len(missing), func(j int) {
		i := missing[j]
		p := r.s.Statements[i]
		var tags []string
		for _, t := range p.Tags {
			tags = append(tags, t.Name)
		}
		docs[i], errs[j] = json.Marshal(searchDoc{
			URL: p.URL, Title: p.Title, Kind: d.Kind(p), Date: d.Date(p.Date), ISO: d.ISO(p.Date),
			Summary: p.Summary, Tags: strings.Join(tags, ", "), Words: r.words(p),
		})
		if r.cache != nil {
			r.cache.putItem(keys[i], string(docs[i]))
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	size := len(`{"v":1,"docs":[]}`) + len(docs)
	for _, d := range docs {
		size += len(d)
	}
	b := make([]byte, 0, size)
	b = append(b, `{"v":1,"docs":[`...)
	for i, d := range docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, d...)
	}
	return append(b, "]}"...), nil
}

// words gives the distinct folded words of a statement's text (lowercase,
// no accents, œ→oe, as slugs fold them), in the order met, without stop
// words and single letters: what the search script matches. They are
// cached by content across preview rebuilds.
func (r *run) words(p *site.Page) string {
	if v, ok := r.prepared.get(p); ok {
		return v
	}
	key := r.itemKey(p) ^ 0x5bd1e995
	if v, ok := r.cache.item(key); ok {
		return v
	}
	v := indexWords(p.Text)
	r.cache.putItem(key, v)
	return v
}

// indexWords is the list of words of text for the search index: the words
// of its slug (locale.AppendSlug), each once, without stop words and
// single letters. It folds and splits in one pass, writing each word
// where it goes in the list and taking it back if it is not kept.
func indexWords(text string) string {
	out := make([]byte, 0, len(text)/2+16)
	// The stop words are in the set from the start: a word is kept if it
	// is new to the set.
	seen := stopWordSet(len(text) / 16)
	defer putWordSet(seen)
	start := -1 // where the word being read starts in out; -1 between words
	end := func() {
		if w := out[start:]; len(w) < 2 || !seen.add(w, out, start) {
			out = out[:max(start-1, 0)] // the word and the space before it
		}
		start = -1
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if locale.SlugASCII(c) == 0 {
				// ASCII punctuation and spaces separate words.
				if start >= 0 {
					end()
				}
				i++
				continue
			}
			if start < 0 {
				if len(out) > 0 {
					out = append(out, ' ')
				}
				start = len(out)
			}
			// A run of ASCII letters and digits, lowercased.
			j, upper := i, byte(0)
			for ; j < len(text); j++ {
				c := text[j]
				m := wordByte[c]
				if m == 0 {
					break
				}
				upper |= m ^ c
			}
			n := len(out)
			out = append(out, text[i:j]...)
			if upper != 0 {
				for k := n; k < len(out); k++ {
					out[k] = wordByte[out[k]]
				}
			}
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if f, ok := locale.Fold(r); ok {
			if start < 0 {
				if len(out) > 0 {
					out = append(out, ' ')
				}
				start = len(out)
			}
			out = append(out, f...)
		} else if !locale.Dropped(r) && start >= 0 {
			end()
		}
	}
	if start >= 0 {
		end()
	}
	return string(out)
}

// wordByte is locale.SlugASCII for every byte, 0 for the bytes of
// non-ASCII runes.
var wordByte = func() (t [256]byte) {
	for c := range byte(utf8.RuneSelf) {
		t[c] = locale.SlugASCII(c)
	}
	return t
}()

// Words are the search index's word lists, made ahead of rendering: a
// build makes them while it models the site, which leaves a core idle.
// Each list is made once, by whoever needs it first.
type Words struct {
	index map[*content.File]int
	texts []string
	once  []sync.Once
	lists []string
}

// PrepareWords sets up the word lists of the texts of files (files[i]'s
// is texts[i]); Start makes them.
func PrepareWords(files []*content.File, texts []string) *Words {
	w := &Words{index: make(map[*content.File]int, len(files)), texts: texts,
		once: make([]sync.Once, len(texts)), lists: make([]string, len(texts))}
	for i, f := range files {
		w.index[f] = i
	}
	return w
}

// Start makes the lists on one goroutine, stopping when ctx is done.
func (w *Words) Start(ctx context.Context) {
	go func() {
		for i := range w.texts {
			if ctx.Err() != nil {
				return
			}
			w.list(i)
		}
	}()
}

func (w *Words) list(i int) string {
	w.once[i].Do(func() { w.lists[i] = indexWords(w.texts[i]) })
	return w.lists[i]
}

// get gives p's list, if p's text was prepared.
func (w *Words) get(p *site.Page) (string, bool) {
	if w == nil || p.File == nil {
		return "", false
	}
	i, ok := w.index[p.File]
	if !ok || w.texts[i] != p.Text {
		return "", false
	}
	return w.list(i), true
}

// stopWords is a set holding the stop words (all of at most 8 bytes),
// which stopWordSet copies.
var stopWords = newStopWordSet(1 << 9)

func newStopWordSet(n int) wordSet {
	s := newWordSet(n)
	for w := range strings.FieldsSeq(StopWords) {
		if len(w) > 8 {
			panic("stop word longer than 8 bytes: " + w)
		}
		s.add([]byte(w), nil, 0)
	}
	return s
}

// stopWordSet is a set for about n words that holds the stop words.
// Sets of the usual size are reused: reuse its tables with putWordSet.
func stopWordSet(n int) *wordSet {
	if n > 1<<9 {
		s := newStopWordSet(n)
		return &s
	}
	s := wordSets.Get().(*wordSet)
	short, slots := s.short, s.slots
	*s = stopWords
	s.short, s.slots = short, slots
	if len(s.short) != len(stopWords.short) {
		s.short = make([]uint64, len(stopWords.short))
	}
	copy(s.short, stopWords.short)
	if len(s.slots) != len(stopWords.slots) {
		s.slots = make([]wordSlot, len(stopWords.slots))
	} else {
		clear(s.slots)
	}
	return s
}

// putWordSet gives s back for reuse.
func putWordSet(s *wordSet) {
	if len(s.short) == len(stopWords.short) && len(s.slots) == len(stopWords.slots) {
		wordSets.Put(s)
	}
}

var wordSets = sync.Pool{New: func() any { return new(wordSet) }}

// A wordSet is a set of words, found by hash: the search index dedupes
// the words of every statement, hundreds each. Words of up to 8 bytes (most
// of them) are kept as the number their bytes make; longer ones as offsets
// into the buffer where they are written.
type wordSet struct {
	short     []uint64 // 0: empty; a folded word has no zero byte
	shortMask uint64
	shortN    int
	slots     []wordSlot
	mask      uint64
	n         int
}

type wordSlot struct {
	hash      uint64 // 0: empty
	off, size int32
}

func newWordSet(n int) wordSet {
	size := 16
	for size < 2*n {
		size *= 2
	}
	long := max(16, size/2) // about a word in five is longer than 8 bytes
	return wordSet{short: make([]uint64, size), shortMask: uint64(size - 1), slots: make([]wordSlot, long), mask: uint64(long - 1)}
}

// pack is the number a word of at most 8 bytes makes.
func pack(w []byte) uint64 {
	if cap(w) >= 8 {
		// One load; the bytes past the word are masked off.
		return binary.LittleEndian.Uint64(w[:8]) & (uint64(1)<<(8*len(w)) - 1)
	}
	var k uint64
	for i, c := range w {
		k |= uint64(c) << (8 * i)
	}
	return k
}

func shortHash(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> 17 }

func wordHash(w []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range w {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h | 1
}

// add records w, which will be written at offset off of buf, unless an
// equal word is there already; it reports whether w is new.
func (s *wordSet) add(w, buf []byte, off int) bool {
	if len(w) <= 8 {
		if 2*(s.shortN+1) > len(s.short) {
			s.growShort()
		}
		k := pack(w)
		for i := shortHash(k) & s.shortMask; ; i = (i + 1) & s.shortMask {
			switch s.short[i] {
			case 0:
				s.short[i] = k
				s.shortN++
				return true
			case k:
				return false
			}
		}
	}
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	h := wordHash(w)
	for i := h & s.mask; ; i = (i + 1) & s.mask {
		sl := &s.slots[i]
		if sl.hash == 0 {
			*sl = wordSlot{h, int32(off), int32(len(w))}
			s.n++
			return true
		}
		if sl.hash == h && bytes.Equal(buf[sl.off:sl.off+sl.size], w) {
			return false
		}
	}
}

// growShort and grow double a table: it stays at most half full.
func (s *wordSet) growShort() {
	old := s.short
	s.short = make([]uint64, 2*len(old))
	s.shortMask = uint64(len(s.short) - 1)
	for _, k := range old {
		if k == 0 {
			continue
		}
		i := shortHash(k) & s.shortMask
		for s.short[i] != 0 {
			i = (i + 1) & s.shortMask
		}
		s.short[i] = k
	}
}

func (s *wordSet) grow() {
	old := s.slots
	s.slots = make([]wordSlot, 2*len(old))
	s.mask = uint64(len(s.slots) - 1)
	for _, sl := range old {
		if sl.hash == 0 {
			continue
		}
		i := sl.hash & s.mask
		for s.slots[i].hash != 0 {
			i = (i + 1) & s.mask
		}
		s.slots[i] = sl
	}
}

// StopWords lists the stop words, space-separated, folded.
const StopWords = "au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous est sont ete etre avoir ont fait comme si plus tout tous toute toutes dont ni car donc or sans sous entre vers chez aussi bien tres deja encore " +
	"the of and to in is are was were be been for on with as by at from that this these those it its or an not but have has had which who whom will would can could should into about than then there their them they he she we you our your his her"
