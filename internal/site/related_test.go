package site

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"tribune/internal/content"
)

// TestRelatedMatchesReference compares the related statements chosen in
// one pass with a plain sort of every candidate, on random sites.
func TestRelatedMatchesReference(t *testing.T) {
	cfg := content.DefaultConfig()
	for seed := range 30 {
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		var inputs []*content.File
		tags := []string{"a", "b", "c", "d", "e", "f"}
		for i := range 40 {
			var mine []string
			for _, tg := range tags {
				if rng.IntN(3) == 0 {
					mine = append(mine, tg)
				}
			}
			date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(20)) // many ties
			src := fmt.Sprintf("---\ntitle: T%d\ndate: %s\ntags: [%s]\nsignatories: [{name: X}]\n---\n", i, date.Format("2006-01-02"), strings.Join(mine, ", "))
			f, err := content.Parse(fmt.Sprintf("tribunes/t%d.md", i), []byte(src), time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, f)
		}
		s, err := New(cfg, inputs, Options{At: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		index := map[*Page]int{}
		for i, p := range s.Statements {
			index[p] = i
		}
		for _, p := range s.Statements {
			shared := func(q *Page) int {
				n := 0
				for _, t1 := range p.Tags {
					if slices.Contains(q.Tags, t1) {
						n++
					}
				}
				return n
			}
			var cands []*Page
			for _, q := range s.Statements {
				if q != p && shared(q) > 0 {
					cands = append(cands, q)
				}
			}
			slices.SortFunc(cands, func(a, b *Page) int {
				if d := shared(b) - shared(a); d != 0 {
					return d
				}
				return index[a] - index[b]
			})
			want := cands[:min(MaxRelated, len(cands))]
			if !slices.Equal(p.Related, want) {
				t.Fatalf("seed %d, %s: related %v, want %v", seed, p.URL, urls(p.Related), urls(want))
			}
		}
	}
}

func urls(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.URL)
	}
	return out
}
