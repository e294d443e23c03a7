// Package search makes the search index the search page's script reads
// (/recherche/index.json): the visible statements, newest first, with
// their small fields as they are and their text as its distinct words,
// folded and without stop words, which the script matches by prefix.
//
// Words are folded the way slugs are (lowercase, no accents, œ→oe; see
// locale.Slug). The folding table goes out with the index, so that the
// script folds the reader's query exactly as the text was folded: what is
// indexed is what is queried.
package search

import (
	"encoding/json"
	"strings"
	"time"

	"tribune/internal/locale"
	"tribune/internal/site"
)

// Version is the index format's version, which the script checks.
const Version = 2

// index is the file the script reads.
type index struct {
	Version int `json:"v"`
	// Fold maps each non-ASCII character that has a fold to it; Stop
	// lists the stop words, space-separated.
	Fold map[string]string `json:"fold"`
	Stop string            `json:"stop"`
	Docs []doc             `json:"docs"`
}

// doc is a statement: its URL, title, kind, date (as shown and as
// ISO 8601), summary, topics and words.
type doc struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Kind    string `json:"k"`
	Date    string `json:"d"`
	ISO     string `json:"i"`
	Summary string `json:"s,omitempty"`
	Tags    string `json:"g,omitempty"`
	Words   string `json:"w"`
}

// Index is the search index of the statements of a tree of the site (a
// language's), labelled and dated in its language.
func Index(s *site.Site, t *site.Tree) ([]byte, error) {
	list, set := StopWords, stop
	if s.Multilingual() {
		list, set = FrenchStopWords, frenchStop
		if t.Lang.Base == "en" {
			list, set = EnglishStopWords, englishStop
		}
	}
	idx := index{Version: Version, Fold: FoldTable(), Stop: list, Docs: make([]doc, len(t.Statements))}
	loc := s.Config.Location
	for i, p := range t.Statements {
		tags := make([]string, len(p.Tags))
		for j, t := range p.Tags {
			tags[j] = t.Name
		}
		idx.Docs[i] = doc{
			URL: p.URL, Title: p.Title, Kind: t.Lang.T(string(p.Kind)), Date: t.Lang.Date(p.Date.In(loc)),
			ISO: p.Date.In(loc).Format(time.RFC3339), Summary: p.Summary, Tags: strings.Join(tags, ", "), Words: words(p.Text, set),
		}
	}
	return json.Marshal(idx)
}

// Words lists the distinct words of text, in the order met: the words of
// its slug (see locale.Slug), each once, without stop words and single
// letters.
func Words(text string) string { return words(text, stop) }

func words(text string, stop map[string]bool) string {
	seen := make(map[string]bool, len(text)/16)
	var out strings.Builder
	out.Grow(len(text) / 2)
	for w := range strings.SplitSeq(locale.Slug(text), "-") {
		if len(w) < 2 || stop[w] || seen[w] {
			continue
		}
		seen[w] = true
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(w)
	}
	return out.String()
}

// FoldTable maps each non-ASCII character that has a fold to it ("é" →
// "e", "œ" → "oe"), for the script. Other characters the script folds as
// locale.Slug does: an ASCII letter or digit is lowercased; a letter or
// digit of another script, a combining mark or a format character is
// dropped; anything else separates words.
func FoldTable() map[string]string {
	out := map[string]string{}
	for r, f := range locale.Folds() {
		out[string(r)] = f
	}
	return out
}

// French and English stop words: the words the search leaves out,
// space-separated, folded. StopWords are both, for a site of one language
// (whose statements may be in either); with [languages], each language's
// index leaves out its own ("car" is a word in English).
const (
	FrenchStopWords  = "au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous est sont ete etre avoir ont fait comme si plus tout tous toute toutes dont ni car donc or sans sous entre vers chez aussi bien tres deja encore"
	EnglishStopWords = "the of and to in is are was were be been for on with as by at from that this these those it its or an not but have has had which who whom will would can could should into about than then there their them they he she we you our your his her"
	StopWords        = FrenchStopWords + " " + EnglishStopWords
)

// stopSet is a list of stop words as a set.
func stopSet(list string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(list) {
		m[w] = true
	}
	return m
}

var (
	stop        = stopSet(StopWords)
	frenchStop  = stopSet(FrenchStopWords)
	englishStop = stopSet(EnglishStopWords)
)
