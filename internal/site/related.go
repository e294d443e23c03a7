package site

import "strings"

// MaxRelated is how many related statements a statement lists.
const MaxRelated = 3

// relate gives each visible statement up to MaxRelated others that share
// the most tags with it, the newest first among equals.
//
// Each tag's statements are listed newest first, so a statement's
// candidates come, newest first, from merging the lists of its tags: a
// candidate on several of them comes up on each at once, with its count
// of shared tags. The merge stops as soon as no candidate to come can
// beat the ones kept: one that comes later must share more tags, and it
// can share no more than the lists not yet exhausted. Statements whose
// tags are often together stop after a few steps; the site is then
// related in time proportional to its size.
func (b *builder) relate() {
	s := b.s
	lists := make(map[*Tag][]int32, len(s.Tags))
	for i, p := range s.Statements {
		for _, t := range p.Tags {
			lists[t] = append(lists[t], int32(i))
		}
	}
	var heads [][]int32
	for i, p := range s.Statements {
		heads = heads[:0]
		for _, t := range p.Tags {
			heads = append(heads, lists[t])
		}
		for _, j := range related(int32(i), heads) {
			p.Related = append(p.Related, s.Statements[j])
		}
	}
}

// related merges lists, each sorted, of the statements sharing a tag
// with statement self, and gives the MaxRelated that are on the most
// lists, the lowest first among equals. It consumes lists.
func related(self int32, lists [][]int32) []int32 {
	type cand struct{ i, n int32 }
	var best []cand
	for {
		// The lowest statement at the head of a list, and on how many.
		lowest, n, left := int32(-1), int32(0), int32(0)
		for _, l := range lists {
			if len(l) == 0 {
				continue
			}
			left++
			switch {
			case lowest < 0 || l[0] < lowest:
				lowest, n = l[0], 1
			case l[0] == lowest:
				n++
			}
		}
		if len(best) == MaxRelated && best[MaxRelated-1].n >= left {
			break // nothing to come can do better
		}
		if lowest < 0 {
			break
		}
		for j, l := range lists {
			if len(l) > 0 && l[0] == lowest {
				lists[j] = l[1:]
			}
		}
		if lowest == self {
			continue
		}
		// Kept if it beats the last kept: more lists, as it comes later.
		k := len(best)
		if k == MaxRelated {
			if n <= best[k-1].n {
				continue
			}
			k--
		} else {
			best = append(best, cand{})
		}
		for k > 0 && best[k-1].n < n {
			best[k] = best[k-1]
			k--
		}
		best[k] = cand{lowest, n}
	}
	out := make([]int32, len(best))
	for i, c := range best {
		out[i] = c.i
	}
	return out
}

// Crumb is a step of a page's breadcrumb trail.
type Crumb struct {
	Title, URL string
}

// Breadcrumbs is the trail from the home page to p, p excluded.
func (s *Site) Breadcrumbs(p *Page) []Crumb {
	if p.Kind == Home {
		return nil
	}
	t := s.TreeOf(p)
	trail := []Crumb{{Title: p.Lang.T("home"), URL: t.Prefix}}
	switch p.Kind {
	case TagPage:
		return append(trail, Crumb{p.Lang.T("tags"), t.TagsURL()})
	case Person:
		return append(trail, Crumb{p.Lang.T("people"), t.PeopleURL()})
	case Section:
		if p.Pager != nil && p.Pager.Number > 1 {
			return append(trail, Crumb{p.Title, p.Pager.First})
		}
		return trail
	}
	if p.Section != "" && !strings.HasPrefix(p.URL, t.TagsURL()) {
		if sec := t.Sections[p.Section]; sec != nil && sec.Index != nil {
			trail = append(trail, Crumb{sec.Index.Title, sec.Index.URL})
		}
	}
	return trail
}
