// Package corpus generates synthetic tribune sites for benchmarks: n
// statements (half tribunes, half communiqués) with realistic French front
// matter and about 600 words of Markdown each. The same statements can be
// written as a tribune site (Write) or as a Hugo site (WriteHugo), so that
// build times compare like with like. Output is fully determined by n and
// the seed.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sections of a tribune site.
const (
	SectionTribunes    = "tribunes"
	SectionCommuniques = "communiques"
)

// Target body length, in words (see CountWords).
const (
	minWords = 570
	maxWords = 630
)

// Statement is one generated tribune or communiqué.
type Statement struct {
	Section     string // SectionTribunes or SectionCommuniques
	Slug        string // file name without ".md", unique
	Title       string // unique
	Date        time.Time
	Summary     string
	Tags        []string
	Signatories []Signatory // tribunes only
	Dateline    string      // communiqués only
	Body        string      // Markdown
}

// Signatory is a tribune's signer.
type Signatory struct {
	Name, Role, Organisation string
}

// Path returns the statement's file path relative to the site root.
func (s *Statement) Path() string {
	return filepath.Join("content", s.Section, s.Slug+".md")
}

// URL returns the site path the statement is published at.
func (s *Statement) URL() string { return "/" + s.Section + "/" + s.Slug + "/" }

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// start of the three-year span the dates are spread over.
var start = time.Date(2023, time.November, 20, 0, 0, 0, 0, paris)

const spanDays = 3 * 365

// Generate returns the n statements for seed, in generation order:
// even indexes are tribunes, odd ones communiqués.
func Generate(n int, seed int64) []Statement {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7269_6275_6e65)) // "tribune"
	out := make([]Statement, 0, n)
	titles := make(map[string]bool, n)
	slugs := make(map[string]bool, n)
	for i := range n {
		s := Statement{Section: SectionTribunes}
		if i%2 == 1 {
			s.Section = SectionCommuniques
		}
		t1 := topics[r.IntN(len(topics))]
		t2 := topics[r.IntN(len(topics))]
		for t2 == t1 {
			t2 = topics[r.IntN(len(topics))]
		}
		s.Tags = []string{t1, t2}
		s.Title, s.Slug = uniqueTitle(r, &s, titles, slugs, i)
		// Minutes within the span, hours kept in office time (7 h–19 h).
		day := r.IntN(spanDays)
		s.Date = start.AddDate(0, 0, day).Add(time.Duration(7*60+r.IntN(12*60)) * time.Minute)
		s.Summary = summary(r, &s)
		if s.Section == SectionTribunes {
			k := 1 + r.IntN(3)
			for range k {
				fn := r.IntN(len(firstNames))
				s.Signatories = append(s.Signatories, Signatory{
					Name:         firstNames[fn] + " " + lastNames[r.IntN(len(lastNames))],
					Role:         roles[r.IntN(len(roles))][fn%2],
					Organisation: organisations[r.IntN(len(organisations))],
				})
			}
		} else {
			s.Dateline = cities[r.IntN(len(cities))]
		}
		s.Body = body(r, &s, out)
		out = append(out, s)
	}
	return out
}

func uniqueTitle(r *rand.Rand, s *Statement, titles, slugs map[string]bool, i int) (string, string) {
	for attempt := 0; ; attempt++ {
		var t string
		topic := s.Tags[0]
		q := qualifiers[r.IntN(len(qualifiers))]
		if s.Section == SectionTribunes {
			hook := tribuneHooks[r.IntN(len(tribuneHooks))]
			switch r.IntN(3) {
			case 0:
				t = capitalize(topic) + " : " + hook
			case 1:
				t = "« " + capitalize(hook) + " » : " + topicPhrases[topic]
			default:
				t = capitalize(topicPhrases[topic]) + ", " + hook
			}
		} else {
			hook := communiqueHooks[r.IntN(len(communiqueHooks))]
			if r.IntN(2) == 0 {
				t = capitalize(topic) + " : " + hook
			} else {
				t = capitalize(hook) + " sur " + topicPhrases[topic]
			}
		}
		if q != "" {
			t += " " + q
		}
		if attempt >= 20 {
			t = fmt.Sprintf("%s (n° %d)", t, i+1)
		}
		slug := Slugify(t)
		if !titles[t] && !slugs[slug] {
			titles[t] = true
			slugs[slug] = true
			return t, slug
		}
	}
}

func summary(r *rand.Rand, s *Statement) string {
	p := topicPhrases[s.Tags[0]]
	if s.Section == SectionTribunes {
		return capitalize(p) + " mérite mieux que des annonces : " +
			lowerFirst(clause(r, s.Tags[1])) + "."
	}
	return "L'association rend publiques ses propositions sur " + p + " et appelle les pouvoirs publics à agir " +
		complements[r.IntN(len(complements))] + "."
}

// block is a paragraph, a list, a heading or a quote, before rendering.
type block struct {
	kind  byte // 'p' paragraph, 'h' heading, 'u' bullets, 'o' numbered, 'q' quote
	lines []string
}

func sentence(r *rand.Rand, topic string) string {
	if r.IntN(4) == 0 {
		st := standalones[r.IntN(len(standalones))]
		if strings.Contains(st, "%s") {
			return fmt.Sprintf(st, topicPhrases[topic])
		}
		return st
	}
	s := clause(r, topic)
	switch r.IntN(6) {
	case 0:
		s += ", " + emphases[r.IntN(len(emphases))]
	case 1, 2:
		s += tails[r.IntN(len(tails))]
	}
	return s + "."
}

// clause composes subject, verb, object and complement, in agreement.
func clause(r *rand.Rand, topic string) string {
	sub := subjects[r.IntN(len(subjects))]
	v := verbs[r.IntN(len(verbs))][0]
	if sub.plural {
		v = verbs[r.IntN(len(verbs))][1]
	}
	obj := fmt.Sprintf(objects[r.IntN(len(objects))], topicPhrases[topic])
	obj = contract.Replace(obj)
	return sub.text + " " + v + " " + obj + " " + complements[r.IntN(len(complements))]
}

// contract applies the French contractions of « à » and « de » with « le »
// and « les ».
var contract = strings.NewReplacer(" à le ", " au ", " à les ", " aux ", " de le ", " du ", " de les ", " des ")

func lowerFirst(s string) string {
	for i, c := range s {
		return string(unicode.ToLower(c)) + s[i+len(string(c)):]
	}
	return s
}

func paragraph(r *rand.Rand, topics []string, k int) block {
	b := block{kind: 'p'}
	for range k {
		b.lines = append(b.lines, sentence(r, topics[r.IntN(len(topics))]))
	}
	return b
}

func body(r *rand.Rand, s *Statement, earlier []Statement) string {
	tp := s.Tags
	var blocks []block
	if s.Section == SectionCommuniques {
		blocks = append(blocks, block{kind: 'p', lines: []string{
			"L'association publie aujourd'hui ses propositions sur " + topicPhrases[tp[0]] + ".",
			sentence(r, tp[0]), sentence(r, tp[1]),
		}})
	} else {
		blocks = append(blocks, paragraph(r, tp, 3))
	}
	// Headings, without repeats.
	hs := r.Perm(len(headings))[:4]
	for k, h := range hs {
		blocks = append(blocks, block{kind: 'h', lines: []string{headings[h]}})
		blocks = append(blocks, paragraph(r, tp, 3))
		switch k {
		case 0:
			items := r.Perm(len(listItems))[:4]
			b := block{kind: 'u'}
			for _, it := range items {
				b.lines = append(b.lines, listItems[it])
			}
			blocks = append(blocks, b)
		case 1:
			q := block{kind: 'q', lines: []string{quotes[r.IntN(len(quotes))]}}
			if s.Section == SectionCommuniques {
				q = block{kind: 'p', lines: []string{"« " + strings.TrimSuffix(quotes[r.IntN(len(quotes))], ".") + " », déclare la présidente de l'association."}}
			}
			blocks = append(blocks, q)
		case 2:
			items := r.Perm(len(listItems))[:3]
			b := block{kind: 'o'}
			for _, it := range items {
				b.lines = append(b.lines, capitalize(listItems[it])+" ;")
			}
			b.lines[len(b.lines)-1] = strings.TrimSuffix(b.lines[len(b.lines)-1], " ;") + "."
			blocks = append(blocks, b)
		}
	}
	// Links: one absolute, one relative to an earlier statement (or to a section).
	host := linkHosts[r.IntN(len(linkHosts))]
	abs := fmt.Sprintf("Pour aller plus loin, consultez [%s](%s%s-%d/) : les données y sont détaillées.",
		linkTexts[r.IntN(len(linkTexts))], host, Slugify(s.Tags[0]), 2020+r.IntN(7))
	rel := "/" + SectionTribunes + "/"
	relText := "nos tribunes"
	if len(earlier) > 0 {
		e := &earlier[r.IntN(len(earlier))]
		rel, relText = e.URL(), "« "+e.Title+" »"
	}
	link := block{kind: 'p', lines: []string{abs, "Nous l'évoquions déjà dans " + mdLinkText(relText) + "(" + rel + ")."}}
	blocks = append(blocks[:3], append([]block{link}, blocks[3:]...)...)

	closing := block{kind: 'p', lines: []string{closings[r.IntN(len(closings))]}}

	// Grow paragraphs round-robin until the target length is reached.
	target := minWords + r.IntN(maxWords-minWords+1)
	words := CountWords(closing.lines[0])
	for _, b := range blocks {
		for _, l := range b.lines {
			words += CountWords(l)
		}
	}
	for i := 0; words < target; i++ {
		b := &blocks[i%len(blocks)]
		if b.kind != 'p' {
			continue
		}
		l := sentence(r, tp[r.IntN(len(tp))])
		w := CountWords(l)
		if words+w > maxWords {
			break
		}
		b.lines = append(b.lines, l)
		words += w
	}
	blocks = append(blocks, closing)

	var sb strings.Builder
	sb.Grow(4500)
	for i, b := range blocks {
		if i > 0 {
			sb.WriteByte('\n')
		}
		switch b.kind {
		case 'p':
			sb.WriteString(strings.Join(b.lines, " "))
			sb.WriteByte('\n')
		case 'h':
			sb.WriteString("## " + b.lines[0] + "\n")
		case 'u':
			for _, l := range b.lines {
				sb.WriteString("- " + l + "\n")
			}
		case 'o':
			for k, l := range b.lines {
				fmt.Fprintf(&sb, "%d. %s\n", k+1, l)
			}
		case 'q':
			for _, l := range b.lines {
				sb.WriteString("> " + l + "\n")
			}
		}
	}
	return sb.String()
}

var linkTextEscaper = strings.NewReplacer("[", "\\[", "]", "\\]")

func mdLinkText(s string) string {
	s = linkTextEscaper.Replace(s)
	return "[" + s + "]"
}

// CountWords counts the whitespace-separated tokens of s that contain a
// letter or a digit, so Markdown markers ("##", "-", ">") are not words.
func CountWords(s string) int {
	n := 0
	counted := false
	for _, c := range s {
		var space, alnum bool
		if c < utf8.RuneSelf {
			space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
			alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		} else {
			space = unicode.IsSpace(c)
			alnum = unicode.IsLetter(c) || unicode.IsDigit(c)
		}
		if space {
			counted = false
		} else if alnum && !counted {
			n++
			counted = true
		}
	}
	return n
}

func capitalize(s string) string {
	for i, c := range s {
		return string(unicode.ToUpper(c)) + s[i+len(string(c)):]
	}
	return s
}

var slugFold = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "á", "a", "ã", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "í", "i",
	"ô", "o", "ö", "o", "ó", "o",
	"ù", "u", "û", "u", "ü", "u", "ú", "u",
	"ç", "c", "ÿ", "y", "ñ", "n",
	"œ", "oe", "æ", "ae",
)

// Slugify turns a title into a URL segment the way the tribune schema
// describes: lowercase, accents stripped, œ→oe, æ→ae, apostrophes and every
// other non-alphanumeric run → one hyphen.
func Slugify(title string) string {
	s := slugFold.Replace(strings.ToLower(title))
	var b strings.Builder
	hyphen := false
	for _, c := range s {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(c)
			continue
		}
		hyphen = true
	}
	return b.String()
}

// yq quotes s as a YAML double-quoted scalar.
func yq(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func frontMatter(s *Statement) string {
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: " + yq(s.Title) + "\n")
	b.WriteString("date: " + s.Date.Format(time.RFC3339) + "\n")
	b.WriteString("summary: " + yq(s.Summary) + "\n")
	b.WriteString("tags: [" + yq(s.Tags[0]) + ", " + yq(s.Tags[1]) + "]\n")
	if len(s.Signatories) > 0 {
		b.WriteString("signatories:\n")
		for _, g := range s.Signatories {
			b.WriteString("  - name: " + yq(g.Name) + "\n")
			b.WriteString("    role: " + yq(g.Role) + "\n")
			b.WriteString("    organisation: " + yq(g.Organisation) + "\n")
		}
	}
	if s.Dateline != "" {
		b.WriteString("dateline: " + yq(s.Dateline) + "\n")
	}
	b.WriteString("---\n\n")
	return b.String()
}

// File returns the complete content file (front matter and body).
func (s *Statement) File() []byte {
	return []byte(frontMatter(s) + s.Body)
}

const (
	siteTitle = "Corpus de démonstration"
	baseURL   = "https://corpus.example/"
)

var sectionIndexes = []struct{ section, title, intro string }{
	{SectionTribunes, "Tribunes", "Les tribunes de l'association, publiées sur ce site et dans la presse."},
	{SectionCommuniques, "Communiqués de presse", "Les communiqués de presse de l'association, du plus récent au plus ancien."},
}

func writeFiles(dir string, files map[string][]byte, order []string) error {
	made := map[string]bool{}
	for _, name := range order {
		p := filepath.Join(dir, name)
		d := filepath.Dir(p)
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func contentFiles(n int, seed int64) (map[string][]byte, []string) {
	files := map[string][]byte{}
	var order []string
	add := func(name string, data []byte) {
		files[name] = data
		order = append(order, name)
	}
	for _, si := range sectionIndexes {
		add(filepath.Join("content", si.section, "_index.md"), []byte(
			"---\ntitle: "+yq(si.title)+"\ndate: "+start.Format(time.RFC3339)+"\n---\n\n"+si.intro+"\n"))
	}
	for _, s := range Generate(n, seed) {
		add(s.Path(), s.File())
	}
	return files, order
}

// Write writes a complete tribune site with n statements into dir.
func Write(dir string, n int, seed int64) error {
	files, order := contentFiles(n, seed)
	files["site.toml"] = []byte(fmt.Sprintf("title = %q\nbaseURL = %q\nlanguage = \"fr\"\n", siteTitle, baseURL))
	order = append([]string{"site.toml"}, order...)
	return writeFiles(dir, files, order)
}

// WriteHugo writes the same n statements as a Hugo site into dir, with
// minimal layouts rendering the same things (title, date, standfirst,
// content, signatures, tags, paginated lists).
func WriteHugo(dir string, n int, seed int64) error {
	files, order := contentFiles(n, seed)
	files["hugo.toml"] = []byte(fmt.Sprintf(hugoConfig, baseURL, siteTitle))
	order = append([]string{"hugo.toml"}, order...)
	for _, name := range hugoLayoutNames {
		files[name] = []byte(hugoLayouts[name])
		order = append(order, name)
	}
	return writeFiles(dir, files, order)
}
