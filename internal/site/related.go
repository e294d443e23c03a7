package site

import (
	"runtime"
	"strings"

	"tribune/internal/parallel"
)

// MaxRelated is how many related statements a statement lists.
const MaxRelated = 3

// relate gives each visible statement up to MaxRelated others that share
// the most tags with it, the newest first among equals. A statement's
// related list depends only on the members and dates of its tags' lists,
// so it is remembered between builds while those stay the same.
func (b *builder) relate() {
	s := b.s
	// Each statement knows its index while relating, instead of a map
	// looked up for every member of every tag of every statement.
	for i, p := range s.Statements {
		p.statement = i + 1
	}
	defer func() {
		for _, p := range s.Statements {
			p.statement = 0
		}
	}()
	// A signature of each tag's list: its members and their dates.
	sig := make(map[*Tag]uint64, len(s.Tags))
	for _, t := range b.tags {
		h := uint64(14695981039346656037)
		for _, p := range t.Pages {
			h = (h ^ p.urlHash) * 1099511628211
			h = (h ^ uint64(p.Date.UnixNano())) * 1099511628211
		}
		sig[t] = h
	}
	// Each statement's list is chosen on its own: the statements are
	// shared among the cores, each with its own counters.
	workers := runtime.GOMAXPROCS(0)
	parallel.For(workers, func(w int) {
		counts := make([]int32, len(s.Statements))
		var touched []int
		for k := w; k < len(s.Statements); k += workers {
			touched = b.relateOne(s.Statements[k], sig, counts, touched)
		}
	})
}

// relateOne chooses p's related statements; counts is zero for every
// statement, and so again on return.
func (b *builder) relateOne(p *Page, sig map[*Tag]uint64, counts []int32, touched []int) []int {
	s := b.s
	if len(p.Tags) == 0 {
		return touched
	}
	key := p.urlHash
	for _, t := range p.Tags {
		key = (key ^ sig[t]) * 1099511628211
	}
	if urls, ok := b.opts.Memo.related(p.URL, key); ok {
		for _, u := range urls {
			if c := b.urls[u]; c != nil && c.page != nil {
				p.Related = append(p.Related, c.page)
			}
		}
		if len(p.Related) == len(urls) {
			return touched
		}
		p.Related = p.Related[:0]
	}
	touched = touched[:0]
	for _, t := range p.Tags {
		for _, q := range t.Pages {
			i := q.statement - 1
			if i < 0 || q == p {
				continue
			}
			if counts[i] == 0 {
				touched = append(touched, i)
			}
			counts[i]++
		}
	}
	// Statements are newest first, so the best are those with the most
	// shared tags, then the lowest index: kept in one pass, without
	// sorting every candidate.
	var best [MaxRelated]int
	n := 0
	better := func(a, c int) bool { return counts[a] > counts[c] || counts[a] == counts[c] && a < c }
	for _, i := range touched {
		if n < MaxRelated {
			best[n] = i
			n++
		} else if better(i, best[n-1]) {
			best[n-1] = i
		} else {
			continue
		}
		for j := n - 1; j > 0 && better(best[j], best[j-1]); j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	urls := make([]string, 0, MaxRelated)
	for _, i := range best[:n] {
		p.Related = append(p.Related, s.Statements[i])
		urls = append(urls, s.Statements[i].URL)
	}
	for _, i := range touched {
		counts[i] = 0
	}
	b.opts.Memo.putRelated(p.URL, key, urls)
	return touched
}

func mix(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h * 1099511628211
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
	trail := []Crumb{{Title: p.Lang.T("home"), URL: "/"}}
	switch p.Kind {
	case TagPage:
		return append(trail, Crumb{p.Lang.T("tags"), "/" + TagsSection + "/"})
	case Person:
		return append(trail, Crumb{p.Lang.T("people"), "/" + PeopleSection + "/"})
	case Section:
		if p.Pager != nil && p.Pager.Number > 1 {
			return append(trail, Crumb{p.Title, p.Pager.First})
		}
		return trail
	}
	if p.Section != "" && !strings.HasPrefix(p.URL, "/"+TagsSection+"/") {
		if sec := s.Sections[p.Section]; sec != nil && sec.Index != nil {
			trail = append(trail, Crumb{sec.Index.Title, sec.Index.URL})
		}
	}
	return trail
}
