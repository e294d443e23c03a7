package render

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"tribune/bench/corpus"
	"tribune/internal/locale"
	"tribune/internal/site"
)

// words is the plain definition of what search matches: the text's
// folded words (lowercase, no accents, œ→oe), without stop words and
// single letters.
func words(text string) []string {
	stop := map[string]bool{}
	for _, w := range strings.Fields(StopWords) {
		stop[w] = true
	}
	var out []string
	for w := range strings.SplitSeq(locale.Slug(text), "-") {
		if len(w) >= 2 && !stop[w] {
			out = append(out, w)
		}
	}
	return out
}

// TestIndexWordsAreDistinctWords checks the search index's word list, built
// in one pass over the folded text, against words followed by removing
// repeats, on random French-looking text.
func TestIndexWordsAreDistinctWords(t *testing.T) {
	parts := []string{"L’enfance", "protégée", "de", "la", "Œuvre", "ÉCOLE", "école", "a", "x", "2024", "CO₂", "l'État", "—", "«", "»", "ça", "Straße", "\u00ad", "e\u0301", "Привет", "!", "  ", "\n", "-", "déjà", "très", "the", "and", "Bonjour", "\xff", "Protection", "associations", "interministériel", "anticonstitutionnellement", "protections"}
	rng := rand.New(rand.NewPCG(7, 9))
	r := &run{s: &site.Site{Sections: map[string]*site.SectionInfo{}}}
	for i := range 520 {
		var b strings.Builder
		if i >= 500 {
			// Thousands of distinct words: the set grows.
			for j := range 3000 + rng.IntN(3000) {
				fmt.Fprintf(&b, "mot%d %s longmot%d ", rng.IntN(4000), parts[j%len(parts)], rng.IntN(3000))
			}
		}
		for range rng.IntN(40) {
			b.WriteString(parts[rng.IntN(len(parts))])
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		text := b.String()
		var want []string
		for _, w := range words(text) {
			if !slices.Contains(want, w) {
				want = append(want, w)
			}
		}
		if got := r.words(&site.Page{Text: text}); got != strings.Join(want, " ") {
			t.Fatalf("%q:\n got  %q\n want %q", text, got, strings.Join(want, " "))
		}
	}
}

// BenchmarkIndexWords makes the word lists of generated statements (their
// Markdown, close enough to their text for the speed of this).
func BenchmarkIndexWords(b *testing.B) {
	var texts []string
	size := 0
	for _, s := range corpus.Generate(200, 1) {
		texts = append(texts, s.Body)
		size += len(s.Body)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, t := range texts {
			indexWords(t)
		}
	}
}

// TestPack checks that a word packs to the same number whatever lies past
// it in its buffer.
func TestPack(t *testing.T) {
	for n := range 9 {
		word := []byte("abcdefgh"[:n])
		want := uint64(0)
		for i, c := range word {
			want |= uint64(c) << (8 * i)
		}
		for _, buf := range [][]byte{append(word[:n:n], "XYZXYZXYZ"...), []byte("abcdefgh"[:n])} {
			if got := pack(buf[:n]); got != want {
				t.Errorf("pack(%q) with %d bytes of room = %#x, want %#x", word, cap(buf), got, want)
			}
		}
	}
}
