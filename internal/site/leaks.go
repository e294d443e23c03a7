package site

import (
	"bytes"
	"hash/maphash"
	"html"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// What hidden pages must never show through public ones: their URLs, the
// static files only they use, their titles and their text. The model finds
// links and quotes in the texts (Leaks), where it can say which line of
// which public file holds them; the build's leak guard looks for the same
// things in every output file, as a last defence.

// MinQuote is the length, in bytes, under which a title or a run of text
// is too common to be a sign of the page it comes from; MaxQuote, the
// length of text looked for.
const (
	MinQuote = 16
	MaxQuote = 48
)

// LongestRun is the longest stretch of letters, digits, spaces and
// apostrophes of s: text that every output format writes as it is, without
// escaping.
func LongestRun(s string) string {
	best := ""
	for _, run := range plainRuns(s) {
		if len(run) > len(best) {
			best = run
		}
	}
	return best
}

// Distinctive reports whether a title is a sign of the page it belongs to:
// four words and 24 bytes at least. "Droits de l’enfant" is not: another
// text may well say it.
func Distinctive(title string) bool {
	return len(title) >= 24 && len(strings.Fields(title)) >= 4
}

// Samples are the sentences `tribune new` writes in a new text, to be
// replaced: many drafts hold them, so they are the sign of none.
var Samples = []string{
	"Écrivez ici le texte de la tribune, en Markdown.",
	"Un paragraphe, avec un lien.",
	"Premier paragraphe : l’essentiel de l’annonce, en une ou deux phrases.",
	"« Une citation de la présidente ou du président », déclare Prénom Nom, présidente de l’association.",
	"Les détails, chiffres et prochaines étapes.",
}

// TextMarker is the run of a hidden page's text looked for in other pages
// (MinQuote to MaxQuote bytes): the start of its longest run of plain
// words that is not public wording already (alreadyPublic); "" when there
// is none long enough.
func (s *Site) TextMarker(p *Page) string {
	for _, m := range markerCandidates(p.Text) {
		if !s.alreadyPublic(p, fold(m), s.runHolders(m)) {
			return m
		}
	}
	return ""
}

// runHolders are the public texts with a run of plain words that starts
// with the marker m.
func (s *Site) runHolders(m string) []*Page {
	h := maphash.String(hashSeed, fold(m))
	var out []*Page
	for _, p := range s.publicPages() {
		if _, ok := slices.BinarySearch(p.info().runs, h); ok {
			out = append(out, p)
		}
	}
	return out
}

// alreadyPublic reports whether wording of the hidden page p (folded)
// held by the public texts holders was public before p, so that finding it
// there is no leak: the site's own words, shown on every page (its title,
// the organisation's boilerplate, its contacts); words two public texts
// hold, one of them dated no later than p was written (an invitation
// repeated in every communiqué, the name of a yearly event; two copies
// made at once are still copies); and, for a draft only, words of a
// tribune or communiqué dated no later than the draft (a draft made from an
// earlier text). A text under embargo or scheduled reused by one public
// text alone is a copy: its message says to reword it in the hidden text
// if it is common wording.
func (s *Site) alreadyPublic(p *Page, folded string, holders []*Page) bool {
	if words, seq := s.siteWords(); strings.Contains(words, folded) || strings.Contains(seq, " "+wordSeq(folded)+" ") {
		return true
	}
	// When p was written: its date, or the build instant if that is later
	// (a text dated on the day it becomes public).
	written := p.Date
	if p.Meta != nil && !p.Meta.Date.IsZero() {
		written = p.Meta.Date
	}
	if written.After(s.At) {
		written = s.At
	}
	earlier := 0
	for _, h := range holders {
		if h.Kind.IsStatement() && !h.Date.After(written) {
			earlier++
		}
	}
	switch {
	case len(holders) > 1 && earlier > 0:
		return true
	case p.State == Draft && !timeBound(p):
		return earlier > 0
	}
	return false
}

// timeBound reports whether a hidden page is to become public at an
// instant: under embargo or scheduled, or a draft that will be (a
// communiqué under embargo still being written).
func timeBound(p *Page) bool {
	return p.State == Embargoed || p.State == Scheduled || p.State == Draft && !p.Embargo.IsZero()
}

// TitleMarker is the hidden page's title as the leak guard looks for it in
// the output: the title, when it is distinctive, one run of plain words
// (output formats write it as it is) and not public wording already; ""
// otherwise. The model looks for every title in the texts (Leaks).
func (s *Site) TitleMarker(p *Page) string {
	if !Distinctive(p.Title) {
		return ""
	}
	if t := fold(p.Title); s.alreadyPublic(p, t, s.quoteHolders(s.publicPages(), t)) {
		return ""
	}
	// The whole title only: a part of it ("les enfants pauvres en France"
	// after "Baromètre 2025 :") may be anyone's words.
	if run := LongestRun(p.Title); run == strings.TrimSpace(p.Title) {
		return run
	}
	return ""
}

// publicPages are the public pages made from content files.
func (s *Site) publicPages() []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.File != nil && p.State == Public {
			out = append(out, p)
		}
	}
	return out
}

// siteWords are the words the site shows on its pages besides the texts,
// folded (its title, the organisation's name and boilerplate, its press
// contacts, the press kit's titles), and the same as wordSeq, between
// spaces.
func (s *Site) siteWords() (words, seq string) {
	s.wordsOnce.Do(func() {
		cfg := s.Config
		parts := []string{cfg.Title, cfg.Organisation.Name, cfg.Organisation.About, s.About, cfg.City, cfg.EndMark}
		for _, c := range cfg.Contacts {
			parts = append(parts, c.Name, c.Role)
		}
		for _, k := range cfg.Kit {
			parts = append(parts, k.Title, k.Alt, k.Credit)
		}
		s.words = fold(strings.Join(parts, "\n"))
		s.siteSeq = " " + wordSeq(s.words) + " "
	})
	return s.words, s.siteSeq
}

// wordSeq are the letters and digits of folded text as words separated by
// single spaces: how passages are compared.
func wordSeq(folded string) string {
	return strings.Join(strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// markerCandidates are the possible markers of a text, best first: the
// starts (MaxQuote bytes) of its runs of plain words of MinQuote bytes at
// least, the longest runs first, the sample sentences left out.
func markerCandidates(text string) []string {
	for _, sample := range Samples {
		text = strings.ReplaceAll(text, locale.French.String(sample), "\x00")
		text = strings.ReplaceAll(text, sample, "\x00")
	}
	runs := plainRuns(text)
	slices.SortStableFunc(runs, func(a, b string) int { return len(b) - len(a) })
	var out []string
	for _, run := range runs {
		if len(run) < MinQuote {
			break
		}
		out = append(out, Cut(run, MaxQuote))
	}
	return out
}

// plainRuns are the stretches of letters, digits, spaces and apostrophes
// of s (LongestRun's), trimmed.
func plainRuns(s string) []string {
	var out []string
	start := -1
	for i, r := range s + "\x00" {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '’'
		switch {
		case ok && start < 0:
			start = i
		case !ok && start >= 0:
			if run := strings.TrimSpace(s[start:i]); run != "" {
				out = append(out, run)
			}
			start = -1
		}
	}
	return out
}

// hashSeed seeds the hashes of textInfo, compared within one run of
// tribune only.
var hashSeed = maphash.MakeSeed()

// textInfo is what leak checks derive from a page's front matter and
// text, once per conversion of its file.
type textInfo struct {
	title     string   // as it was when it was made
	summary   string   // likewise
	head      string   // the front matter's words (frontWords), folded
	folded    string   // the text folded, its blocks on lines of their own
	sentences []string // the sentences of the front matter's words and of the text
	hashes    []uint64 // the hash of each sentence
	runs      []uint64 // the hashes of the starts of the text's runs of plain words, folded, sorted
	passages  []uint64 // the hashes of its passages (eachPassage), front matter's and text's
}

// info is what leak checks derive from the page, made once per conversion
// of its file (its front matter comes from the same file; should its title
// or summary differ, it is made again).
func (p *Page) info() *textInfo {
	make := func() any {
		t := &textInfo{title: p.Title, summary: p.Summary, head: fold(p.frontWords()), folded: fold(p.Text)}
		t.sentences = slices.Concat(sentences(t.head), sentences(t.folded))
		for _, s := range t.sentences {
			t.hashes = append(t.hashes, maphash.String(hashSeed, s))
		}
		for _, run := range plainRuns(p.Text) {
			if len(run) >= MinQuote {
				t.runs = append(t.runs, maphash.String(hashSeed, fold(Cut(run, MaxQuote))))
			}
		}
		slices.Sort(t.runs)
		for _, f := range []string{t.head, t.folded} {
			eachPassage(f, func(h uint64, _ func() string) { t.passages = append(t.passages, h) })
		}
		return t
	}
	if p.memo != nil {
		if t := p.memo.Get(make).(*textInfo); t.title == p.Title && t.summary == p.Summary {
			return t
		}
	}
	return make().(*textInfo)
}

// shown is a quote as messages show it: cut after a word, 60 bytes at
// most, with an ellipsis when cut.
func shown(q string) string {
	if len(q) <= 60 {
		return q
	}
	cut := Cut(q, 60)
	if i := strings.LastIndexByte(cut, ' '); i > 20 {
		cut = cut[:i]
	}
	return cut + "…"
}

// Cut shortens s to at most n bytes without splitting a character.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// FindHiddenFiles lists in HiddenFiles the static files (site paths) that
// hidden pages use or name in their text, and that no public page uses: a
// production build does not publish them. static holds the names of the
// site's static files ("documents/x.pdf"); shared reports the site paths
// of those published whatever the pages: the theme's, the logo, the press
// kit's, those the layouts name.
func (s *Site) FindHiddenFiles(static map[string]bool, shared func(string) bool) {
	public := map[string]bool{}
	for _, p := range s.Pages {
		if p.State == Public {
			for _, u := range p.Uses() {
				public[u] = true
			}
		}
	}
	seen := map[string]bool{}
	s.HiddenFiles = nil
	add := func(u string) {
		if !seen[u] && !public[u] && static[strings.TrimPrefix(u, "/")] && !shared(u) {
			seen[u] = true
			s.HiddenFiles = append(s.HiddenFiles, u)
		}
	}
	for _, p := range s.hidden() {
		for _, u := range p.Uses() {
			add(u)
		}
		if p.File != nil {
			named(p.File.Body, static, add)
		}
	}
	sort.Strings(s.HiddenFiles)
}

// named calls add with the site path of every static file whose name text
// holds, whatever the form of the link around it: "../docs/x.pdf",
// "https://example.org/docs/x.pdf?v=2", "docs%2Fx.pdf" in a style.
func named(text []byte, static map[string]bool, add func(string)) {
	sep := func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("\"'()<>[]`=,;", r) }
	for _, tok := range bytes.FieldsFunc(text, sep) {
		t := strings.ReplaceAll(string(tok), `\`, "/")
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
		if i := strings.IndexAny(t, "?#"); i >= 0 {
			t = t[:i]
		}
		for t != "" {
			if static[t] {
				add("/" + t)
			}
			_, rest, ok := strings.Cut(t, "/")
			if !ok {
				break
			}
			t = rest
		}
	}
}

// hidden are the content pages not public at the build instant: in a
// production build, those left out; in a preview, those shown marked.
func (s *Site) hidden() []*Page {
	out := s.Hidden
	for _, p := range s.Pages {
		if p.File != nil && p.State != Public {
			out = append(out, p)
		}
	}
	return out
}

// A Leak is a public page that links to a hidden one, or quotes it.
type Leak struct {
	Err    *content.Error // at the public page's line
	Hidden *Page
}

// Leaks lists where public pages link to or quote pages that are not
// public: each error names the public file and line, and the hidden
// statement's file and state.
func (s *Site) Leaks() []Leak {
	hidden := s.hidden()
	if len(hidden) == 0 {
		return nil
	}
	byURL := map[string]*Page{}
	type quote struct {
		page *Page
		what string
		text string
	}
	public := s.publicPages()
	// Each public text's folded forms, on every core: a text converted
	// before keeps those it had.
	eachPage(public, func(_ int, p *Page) { p.info() })
	var quotes []quote
	for _, p := range hidden {
		byURL[linkKey(p.URL)] = p
		for _, a := range p.Meta.Aliases {
			if c, err := cleanAlias(a); err == nil {
				byURL[linkKey(c)] = p
			}
		}
		if p.State == Expired {
			// Its words were public: a link to it is what would fail.
		} else {
			if Distinctive(p.Title) {
				// Unless public wording already: decided below, once the
				// public texts holding it are known.
				quotes = append(quotes, quote{p, "title", fold(p.Title)})
			}
			if t := fold(s.TextMarker(p)); t != "" {
				quotes = append(quotes, quote{p, "text", t})
			}
		}
		if p.SecretURL != "" {
			// Its copy for journalists: linked from nowhere.
			byURL[linkKey(p.SecretURL)] = p
		}
	}
	// The documents and image of a hidden text (not a withdrawn one),
	// unless a public text shows them too: a link from a public page
	// would publish them.
	publicFiles := map[string]bool{}
	for _, p := range public {
		for _, a := range p.Attachments {
			publicFiles[linkKey(a.URL)] = true
		}
		for _, src := range p.Pictures() {
			publicFiles[linkKey(src)] = true
		}
	}
	for _, p := range hidden {
		if p.State == Expired {
			continue
		}
		files := []string{}
		for _, a := range p.Attachments {
			files = append(files, a.URL)
		}
		files = append(files, p.Pictures()...)
		for _, f := range files {
			if k := linkKey(f); strings.HasPrefix(f, "/") && !publicFiles[k] && byURL[k] == nil {
				byURL[k] = p
			}
		}
	}
	// The pages of the topics and signatories only hidden texts have (and
	// their feeds): their addresses name them.
	// (In a preview those pages exist: what counts is whether a public
	// text has the topic or signatory.)
	dirsOf := func(p *Page) []string {
		var dirs []string
		if p.Meta == nil {
			return nil
		}
		for _, t := range p.Meta.Tags {
			dirs = append(dirs, linkKey(s.TreeOf(p).TagsURL()+locale.PathSlug(strings.TrimSpace(t))+"/"))
		}
		for _, g := range p.Meta.Signatories {
			dirs = append(dirs, linkKey(s.TreeOf(p).PeopleURL()+locale.PathSlug(strings.TrimSpace(g.Name))+"/"))
		}
		return dirs
	}
	publicDirs := map[string]bool{}
	for _, p := range public {
		for _, d := range dirsOf(p) {
			publicDirs[d] = true
		}
	}
	hiddenDirs := map[string]*Page{}
	for _, p := range hidden {
		for _, k := range dirsOf(p) {
			if !strings.HasSuffix(k, "/") && !publicDirs[k] && hiddenDirs[k] == nil {
				hiddenDirs[k] = p
			}
		}
	}
	hiddenLink := func(u string) (*Page, bool) {
		if q, ok := byURL[linkKey(u)]; ok {
			return q, true
		}
		if strings.HasPrefix(u, EmbargoDir) {
			// A file of an embargo copy.
			q, ok := byURL[linkKey(EmbargoDir+strings.SplitN(strings.TrimPrefix(u, EmbargoDir), "/", 2)[0])]
			return q, ok
		}
		for d := linkKey(u); d != "" && d != "/"; d = path.Dir(d) {
			if q, ok := hiddenDirs[d]; ok {
				return q, true
			}
		}
		return nil, false
	}
	var out []Leak
	for i, m := range s.Config.Menu {
		if q, ok := hiddenLink(m.URL); ok {
			out = append(out, Leak{content.Errorf(content.ConfigFile, s.Config.Pos[key("menu", i)+".url"], "links to %s, %s (%s): the link would reveal it; remove it until then",
				m.URL, s.describe(q), q.File.Source), q})
		}
	}
	copied := s.copiedSentences(hidden, public)
	// Which public texts hold each quote, on every core; a title that is
	// public wording already is no sign of its page.
	holds := make([][]int, len(public))
	eachPage(public, func(i int, p *Page) {
		info := p.info()
		for j, q := range quotes {
			if q.page != p && (strings.Contains(info.head, q.text) || strings.Contains(info.folded, q.text)) {
				holds[i] = append(holds[i], j)
			}
		}
	})
	holders := make([][]*Page, len(quotes))
	for i, p := range public {
		for _, j := range holds[i] {
			holders[j] = append(holders[j], p)
		}
	}
	common := make([]bool, len(quotes))
	for j, q := range quotes {
		common[j] = s.alreadyPublic(q.page, q.text, holders[j])
	}
	leaks := make([][]Leak, len(public))
	eachPage(public, func(i int, p *Page) {
		var out []Leak
		for _, l := range p.Links {
			if q, ok := hiddenLink(l.Path); ok {
				out = append(out, Leak{content.Errorf(p.File.Source, l.Pos, "links to %s, %s (%s): the link would reveal it; remove it until then",
					l.Path, s.describe(q), q.File.Source), q})
			}
		}
		quoted := map[*Page]bool{}
		var mine []sentenceCopy
		if copied != nil {
			mine = copied[i]
		}
		for _, c := range mine {
			quoted[c.from] = true
			e := content.Errorf(p.File.Source, quotePos(p, c.sentence), "copies a sentence, %s, of the text %s (%s): remove it until then or, if it is common wording, reword it in %s (the organisation's boilerplate belongs in site.toml, [organisation] about, shown under every communiqué)",
				content.Quote(shown(c.sentence)), s.describe(c.from), c.from.File.Source, c.from.File.Source)
			out = append(out, Leak{e, c.from})
		}
		if len(quotes) > 0 {
			for _, j := range holds[i] {
				q := quotes[j]
				if common[j] || quoted[q.page] {
					continue
				}
				var e *content.Error
				if q.what == "title" {
					e = content.Errorf(p.File.Source, quotePos(p, q.text), "quotes the title of %s, %s (%s): remove it until then",
						content.Quote(shown(q.text)), s.describe(q.page), q.page.File.Source)
				} else {
					e = content.Errorf(p.File.Source, quotePos(p, q.text), "quotes the text of %s, %s (%s): remove it until then",
						content.Quote(shown(q.text)), s.describe(q.page), q.page.File.Source)
				}
				out = append(out, Leak{e, q.page})
			}
		}
		leaks[i] = out
	})
	return append(out, slices.Concat(leaks...)...)
}

// quoteHolders are the public texts whose title, summary or text hold
// the folded words q.
func (s *Site) quoteHolders(public []*Page, q string) []*Page {
	holds := make([]bool, len(public))
	eachPage(public, func(i int, p *Page) {
		info := p.info()
		holds[i] = strings.Contains(info.head, q) || strings.Contains(info.folded, q)
	})
	var out []*Page
	for i, p := range public {
		if holds[i] {
			out = append(out, p)
		}
	}
	return out
}

// eachPage calls f for every page, on every core.
func eachPage(pages []*Page, f func(i int, p *Page)) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range pages {
		g.Go(func() error { f(i, p); return nil })
	}
	g.Wait()
}

// MinSentence is the number of words under which a sentence is too common
// to be the sign of the text it comes from.
const MinSentence = 6

// sentences are the pieces of a folded text between the marks that end a
// line, a sentence, a clause or a quotation, with MinSentence words at
// least: what a public text may copy from a hidden one.
func sentences(folded string) []string {
	var out []string
	start, words, inWord := 0, 0, false
	end := func(i int) {
		if words >= MinSentence {
			out = append(out, strings.Trim(folded[start:i], " -–—"))
		}
		start, words, inWord = i, 0, false
	}
	for i := 0; i < len(folded); {
		r, size := utf8.DecodeRuneInString(folded[i:])
		switch {
		case clauseMark(r):
			end(i)
			start = i + size
		case r == ' ':
			inWord = false
		case !inWord:
			inWord = true
			words++
		}
		i += size
	}
	end(len(folded))
	return out
}

// A sentenceCopy is a sentence of a hidden statement that a public text
// holds.
type sentenceCopy struct {
	sentence string
	from     *Page
	h        uint64
}

// copiedSentences finds, for each public text, the sentences it holds word
// for word of the statements under embargo or scheduled (their title,
// subtitle, summary and text): it would publish them before their time,
// unless they are public wording already (alreadyPublic) or the sample
// sentences of new texts. Drafts and withdrawn texts are looked for by
// their title and marker only: they wait for no instant, and their wording
// often comes from public texts.
func (s *Site) copiedSentences(hidden, public []*Page) [][]sentenceCopy {
	samples := map[uint64]bool{}
	for _, sample := range Samples {
		for _, f := range []string{fold(sample), fold(locale.French.String(sample))} {
			for _, t := range sentences(f) {
				samples[maphash.String(hashSeed, t)] = true
			}
			eachPassage(f, func(h uint64, _ func() string) { samples[h] = true })
		}
	}
	from := map[uint64]*Page{}
	passages := map[uint64]string{} // the words of each passage of a hidden text
	for _, p := range hidden {
		if p.File == nil || !timeBound(p) {
			continue
		}
		info := p.info()
		for _, h := range info.hashes {
			if _, ok := from[h]; !ok && !samples[h] {
				from[h] = p
			}
		}
		for _, f := range []string{info.head, info.folded} {
			eachPassage(f, func(h uint64, words func() string) {
				if _, ok := from[h]; !ok && !samples[h] {
					from[h], passages[h] = p, words()
				}
			})
		}
	}
	if len(from) == 0 {
		return nil
	}
	// What each public text holds, on every core: its sentences, then the
	// passages of other words around them (a word added, a colon put in);
	// then who else holds them.
	held := make([][]sentenceCopy, len(public))
	eachPage(public, func(i int, p *Page) {
		info := p.info()
		found := map[*Page]bool{}
		add := func(h uint64, text string) {
			for _, c := range held[i] {
				if c.h == h {
					return
				}
			}
			q := from[h]
			held[i] = append(held[i], sentenceCopy{text, q, h})
			found[q] = true
		}
		for j, h := range info.hashes {
			if from[h] != nil {
				add(h, info.sentences[j])
			}
		}
		for _, h := range info.passages {
			if q := from[h]; q != nil && !found[q] && passages[h] != "" {
				add(h, passages[h])
			}
		}
	})
	holders := map[uint64][]*Page{}
	for i, p := range public {
		for _, c := range held[i] {
			holders[c.h] = append(holders[c.h], p)
		}
	}
	for i := range held {
		held[i] = slices.DeleteFunc(held[i], func(c sentenceCopy) bool {
			return s.alreadyPublic(c.from, c.sentence, holders[c.h])
		})
	}
	return held
}

// Passage is the number of words in a row of a hidden text that, found in
// a public text whatever the punctuation and the words around them, are a
// copy of it.
const Passage = 8

// eachPassage calls f with the hash of every Passage words in a row of a
// clause of folded text (words of letters and digits; a clause ends where
// sentences does, at . , ; : « » and the like, so that a common
// attribution, "», déclare X, présidente de Y.", is no passage) and a
// function giving those words.
func eachPassage(folded string, f func(h uint64, words func() string)) {
	var starts, ends []int
	var hs []uint64
	const prime = 1099511628211
	pow := uint64(1)
	for range Passage - 1 {
		pow *= prime
	}
	var h uint64
	start := -1
	for i, r := range folded + " " {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start < 0 {
			if clauseMark(r) {
				starts, ends, hs, h = starts[:0], ends[:0], hs[:0], 0
			}
			continue
		}
		w := maphash.String(hashSeed, folded[start:i])
		starts, ends, hs = append(starts, start), append(ends, i), append(hs, w)
		start = -1
		n := len(hs)
		if n > Passage {
			h -= hs[n-Passage-1] * pow
		}
		h = h*prime + w
		if n >= Passage {
			first := n - Passage
			f(h, func() string { return passageWords(folded, starts[first:n], ends[first:n]) })
		}
		if clauseMark(r) {
			starts, ends, hs, h = starts[:0], ends[:0], hs[:0], 0
		}
	}
}

// clauseMark reports whether r ends a clause, as sentences cuts them.
func clauseMark(r rune) bool {
	return strings.ContainsRune(".,!?;:\"()[]\n…«»“”", r)
}

// passageWords are the words between starts and ends, joined by spaces.
func passageWords(s string, starts, ends []int) string {
	var b strings.Builder
	for k := range ends {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[starts[k]:ends[k]])
	}
	return b.String()
}

// linkKey is how a link and a URL are compared: in any case, with or
// without the final slash or index.html.
func linkKey(u string) string {
	u = strings.TrimSuffix(strings.TrimSuffix(u, "index.html"), "/")
	return strings.ToLower(u)
}

// describe says why a page is not public: "under embargo until 3
// décembre 2026, 6 h".
func (s *Site) describe(p *Page) locale.Message {
	when := func(t time.Time) string {
		return s.Lang.Date(t.In(s.Config.Location)) + ", " + s.Lang.Time(t.In(s.Config.Location))
	}
	switch p.State {
	case Draft:
		return locale.M("a draft")
	case Embargoed:
		return locale.M("under embargo until %s", when(p.PublishAt()))
	case Scheduled:
		return locale.M("to be published on %s", when(p.PublishAt()))
	case Expired:
		return locale.M("withdrawn since %s", when(p.Expiry))
	}
	return locale.M("public")
}

// fold makes text comparable whatever its case, hyphenation and spacing:
// lower case, soft hyphens dropped, every run of spaces (no-break and thin
// ones too) one space, line breaks kept, typographic apostrophes straight.
func fold(s string) string {
	b := make([]byte, 0, len(s))
	space := true // no space first
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n':
				if n := len(b); n > 0 && b[n-1] == ' ' {
					b = b[:n-1]
				}
				b = append(b, '\n')
				space = true
				continue
			case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
				if !space {
					b = append(b, ' ')
				}
				space = true
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			b = append(b, c)
			space = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\u00AD' || r == '\u200B':
			continue
		case unicode.IsSpace(r) || r == '\u00A0' || r == '\u202F' || r == '\u2009':
			if !space {
				b = append(b, ' ')
			}
			space = true
			continue
		case r == '’':
			r = '\''
		}
		space = false
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	if n := len(b); n > 0 && b[n-1] == ' ' {
		b = b[:n-1]
	}
	return string(b)
}

// quotePos is where in a public page's file a quote starts: the line of
// its text holding its first words, else the title or summary that holds
// it, else the start of the text.
func quotePos(p *Page, quote string) content.Pos {
	// The body's letters and digits alone, line by line: typography,
	// emphasis, entities and line breaks differ between the source and
	// the text the quote comes from, the words do not.
	var body strings.Builder
	var starts []int
	lines := strings.Split(string(p.File.Body), "\n")
	for _, line := range lines {
		starts = append(starts, body.Len())
		body.WriteString(letters(html.UnescapeString(linkTarget.ReplaceAllString(line, "$1"))))
	}
	text := body.String()
	q := letters(quote)
	// The whole quote, else its first words: the line it starts on.
	for _, n := range []int{0, 6, 3} {
		try := q
		if n > 0 {
			words := strings.Fields(quote)
			if len(words) <= n {
				continue
			}
			try = letters(strings.Join(words[:n], " "))
		}
		if at := strings.Index(text, try); try != "" && at >= 0 {
			line, _ := slices.BinarySearch(starts, at+1)
			return content.Pos{Line: p.File.BodyLine + line - 1, Col: 1}
		}
	}
	switch {
	case strings.Contains(letters(p.Title), q):
		return p.Meta.Pos["title"]
	case strings.Contains(letters(p.Subtitle), q):
		return p.Meta.Pos["subtitle"]
	case strings.Contains(letters(p.Summary), q):
		return p.Meta.Pos["summary"]
	}
	return content.Pos{Line: p.File.BodyLine, Col: 1}
}

// frontWords are the words of a page's front matter that its page and
// feeds show: title, subtitle, summary, dateline, the titles of its
// attachments, its image's text alternative and credit, its signatories'
// roles and organisations, its outlet, its contacts' roles, its topics.
func (p *Page) frontWords() string {
	parts := []string{p.Title, p.Subtitle, p.Summary, p.Dateline}
	for _, a := range p.Attachments {
		parts = append(parts, a.Title)
	}
	if p.Image != nil {
		parts = append(parts, p.Image.Alt, p.Image.Credit)
	}
	for _, g := range p.Signatories {
		parts = append(parts, g.Name, g.Role, g.Organisation)
		if g.Portrait != nil {
			parts = append(parts, g.Portrait.Alt)
		}
	}
	for _, c := range p.Corrections {
		parts = append(parts, c.Note)
	}
	if p.Outlet != nil {
		parts = append(parts, p.Outlet.Name, p.Outlet.Label)
	}
	// Readers' comments show on the page too: one that copies a hidden
	// text would publish it.
	for _, c := range p.Comments {
		parts = append(parts, c.Name, c.Text, c.Reply)
	}
	for _, c := range p.Contacts {
		parts = append(parts, c.Name, c.Role)
	}
	if p.Meta != nil {
		parts = append(parts, p.Meta.Tags...)
	}
	return strings.Join(parts, "\n")
}

// linkTarget matches a Markdown link or image, its text kept.
var linkTarget = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)

// letters are the letters and digits of s, in lower case.
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
