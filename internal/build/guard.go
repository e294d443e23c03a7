package build

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"tribune/internal/content"
	"tribune/internal/site"
)

// A marker is a string that identifies a hidden page: if it appears in the
// output, the page leaked.
type marker struct {
	page *site.Page
	what string
	text []byte
}

// Leak guard thresholds for the markers taken from text: shorter than
// minMarker they could match ordinary text; long ones are cut to maxMarker
// bytes, which keeps the search on the fast path of bytes.Index. URLs, ids
// and file paths are searched whole.
const (
	minMarker = 16
	maxMarker = 48
)

// markers lists what identifies each hidden page: its URL, its feed id,
// the longest plain run of its title and of its text, and the files only
// it uses.
func markers(s *site.Site) []marker {
	var out []marker
	add := func(p *site.Page, what, text string) {
		switch what {
		case "title", "text":
			if len(text) < minMarker {
				return
			}
			text = cut(text, maxMarker)
		}
		out = append(out, marker{p, what, []byte(text)})
	}
	for _, p := range s.Hidden {
		add(p, "URL", p.URL)
		add(p, "id", p.ID)
		add(p, "title", longestRun(p.Title))
		add(p, "text", longestRun(p.Text))
	}
	for _, f := range s.HiddenFiles {
		for _, p := range s.Hidden {
			if slices.Contains(p.Uses(), f) {
				add(p, "file", f)
				break
			}
		}
	}
	return out
}

// longestRun is the longest stretch of letters, digits, spaces and
// apostrophes of s: text that every output format writes as it is, without
// escaping.
func longestRun(s string) string {
	best, start := "", -1
	for i, r := range s + "\x00" {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '’'
		switch {
		case ok && start < 0:
			start = i
		case !ok && start >= 0:
			if run := strings.TrimSpace(s[start:i]); len(run) > len(best) {
				best = run
			}
			start = -1
		}
	}
	return best
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// A leakGuard checks output files one by one, as they are made: defence
// in depth behind the model, which never gives hidden pages to later
// stages. It is safe for concurrent use.
type leakGuard struct {
	ms []marker
}

// newGuard gives the guard of a site's hidden pages, nil when none is
// hidden.
func newGuard(s *site.Site) *leakGuard {
	ms := markers(s)
	if len(ms) == 0 {
		return nil
	}
	return &leakGuard{ms: ms}
}

// check fails when any hidden page's marker appears in the output file
// name holding data.
func (g *leakGuard) check(name string, data []byte) error {
	if g == nil {
		return nil
	}
	var errs content.ErrorList
	for _, m := range g.ms {
		if bytes.Contains(data, m.text) {
			errs = append(errs, content.Errorf(m.page.File.Source, content.Pos{},
				"leak guard: the %s of this %s page (%q) appears in the output file %s",
				m.what, m.page.State, m.text, name))
		}
	}
	return errs.Err()
}
