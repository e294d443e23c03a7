package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"tribune/internal/locale"
)

// parseYAML reads a YAML document into a positioned tree, lines counted in
// the original file.
func parseYAML(file string, data []byte, line int) (*yaml.Node, ErrorList) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 reports syntax errors only as text ("yaml: line N: …").
		pos, msg := Pos{line, 1}, err.Error()
		if m := yamlErrRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			if yamlParserProblems[m[2]] {
				n++
			}
			pos.Line, msg = line+n-1, m[2]
			if e := yamlHint(file, data, n, msg, line); e != nil {
				return nil, ErrorList{e}
			}
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
			// No line given: the first line that shows the mistake.
			if e := yamlHint(file, data, 0, msg, line); e != nil {
				return nil, ErrorList{e}
			}
		}
		return nil, ErrorList{Errorf(file, pos, "invalid YAML: %s", msg)}
	}
	if errs := commentHint(file, data, line); len(errs) > 0 {
		return nil, errs
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: line, Column: 1}, nil
	}
	root := doc.Content[0]
	shift(root, line-1)
	if root.Kind != yaml.MappingNode {
		return nil, ErrorList{Errorf(file, Pos{root.Line, root.Column}, "front matter must be a mapping of keys to values")}
	}
	return root, nil
}

var yamlErrRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlLine is a line of front matter: a key and the value written after
// it on the same line.
var yamlLine = regexp.MustCompile(`^(\s*)(?:- )?([A-Za-z][\w.-]*):[ \t]+(.+?)\s*$`)

// yamlHint says in plain words what is wrong with the front matter around
// line n of data (the line yaml.v3 names; 0 when it names none), for the
// commonest mistakes: a tab, a value holding " : " or " #", or quoted
// wrongly. It gives nil when it cannot tell.
func yamlHint(file string, data []byte, n int, msg string, first int) *Error {
	lines := strings.Split(string(data), "\n")
	near := []int{n - 1, n - 2} // yaml.v3 may name the next line
	all := make([]int, len(lines))
	for i := range lines {
		all[i] = i
	}
	if n == 0 {
		near = all
	}
	for _, candidates := range [][]int{near, all} {
		for _, i := range candidates {
			if i < 0 || i >= len(lines) {
				continue
			}
			if e := lineHint(file, lines[i], first+i); e != nil {
				return e
			}
		}
	}
	if n > 0 && (strings.Contains(msg, "expected key") || strings.Contains(msg, "mapping values") || strings.Contains(msg, "block end") || strings.Contains(msg, "indicator")) {
		return Errorf(file, Pos{Line: first + n - 1, Col: 1}, "the lines around here are not shifted as YAML expects: keys of the same level start at the same column, and a list's items with \"- \" (YAML says: %s)", msg)
	}
	return nil
}

// lineHint finds a common mistake on one line of YAML, or gives nil.
// yamlNoSpace is a key and its value without a space between: "draft:true".
var yamlNoSpace = regexp.MustCompile(`^(\s*)([A-Za-z][A-Za-z0-9_]*):([^\s:/].*)$`)

func lineHint(file, text string, line int) *Error {
	pos := Pos{Line: line, Col: 1}
	if lead := text[:len(text)-len(strings.TrimLeft(text, " \t"))]; strings.Contains(lead, "\t") {
		return Errorf(file, pos, "this line starts with a tab: shift front matter lines with spaces only")
	}
	if m := yamlNoSpace.FindStringSubmatch(text); m != nil && !strings.HasPrefix(m[3], "//") {
		return Errorf(file, pos, "a space is missing after the colon of %s: write %s: %s", short(m[2]), short(m[2]), short(m[3]))
	}
	m := yamlLine.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	key, value := m[2], m[3]
	pos.Col = len([]rune(m[1]+key)) + 3
	q := value[0]
	switch {
	case q == '"' || q == '\'':
		inner := value[1:]
		if strings.HasSuffix(inner, string(q)) {
			inner = inner[:len(inner)-1]
		} else {
			example := value // "Le rapport" de l'association
			if !strings.ContainsRune(inner, rune(q)) {
				example = inner // "Baromètre 2026, never closed
			}
			return Errorf(file, pos, "the value of %s starts with a quote and goes on after it, or never closes it: put the whole value in quotes, such as %s", key, quoted(key, example))
		}
		escape := `\"`
		if q == '\'' {
			escape = "''"
		}
		if strings.Contains(strings.ReplaceAll(inner, escape, ""), string(q)) {
			return Errorf(file, pos, "the value of %s holds the quote that opens it: write it between the other quotes, such as %s", key, quoted(key, inner))
		}
	case q != '[' && q != '{' && strings.Contains(value, ": "):
		// Curly quotes (a word processor's) are not YAML's: the
		// straight ones replace them.
		if r, size := utf8.DecodeRuneInString(value); r == '“' {
			value = strings.TrimSpace(value[size:])
			if r, size := utf8.DecodeLastRuneInString(value); r == '”' {
				value = strings.TrimSpace(value[:len(value)-size])
			}
		}
		return Errorf(file, pos, "the value of %s holds \" : \", which YAML reads as a new key: put the value in quotes, such as %s", key, quoted(key, value))
	}
	return nil
}

// quoted is how to write key: value with the value in quotes a person can
// type: double quotes, single ones around a value holding double quotes,
// and « » for the double quotes of a value holding both.
func quoted(key, value string) string {
	switch {
	case !strings.Contains(value, `"`):
		return key + `: "` + value + `"`
	case !strings.Contains(value, "'"):
		return key + ": '" + value + "'"
	}
	v := value
	for open := true; strings.Contains(v, `"`); open = !open {
		g := "« "
		if !open {
			g = " »"
		}
		v = strings.Replace(v, `"`, g, 1)
	}
	return key + `: "` + v + `"`
}

// commentHint refuses the text values that YAML cuts at " #" or that
// start with "#": a comment to YAML, words to a press officer ("#MeToo").
func commentHint(file string, data []byte, first int) ErrorList {
	var errs ErrorList
	for i, text := range strings.Split(string(data), "\n") {
		m := yamlLine.FindStringSubmatch(text)
		if m == nil || !textKeys[m[2]] || strings.ContainsRune(`"'[{|>`, rune(m[3][0])) {
			continue
		}
		if strings.HasPrefix(m[3], "#") || strings.Contains(m[3], " #") {
			pos := Pos{Line: first + i, Col: len([]rune(m[1]+m[2])) + 3}
			errs = append(errs, Errorf(file, pos, "the value of %s holds a #, where YAML starts a comment and drops the rest: put the value in quotes, such as %s", m[2], quoted(m[2], m[3])))
		}
	}
	return errs
}

// textKeys are the keys whose values are sentences.
var textKeys = map[string]bool{"title": true, "subtitle": true, "summary": true, "dateline": true, "name": true, "role": true, "organisation": true, "note": true, "alt": true, "credit": true}

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// its scanner), whose "line N" counts from 0: "tags: [a" on line 3 of the
// front matter is reported on "line 2".
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

func shift(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

// decoder turns positioned trees into typed values, collecting every
// problem instead of stopping at the first.
type decoder struct {
	file string
	loc  *time.Location
	errs ErrorList
	pos  map[string]Pos
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, Errorf(d.file, Pos{n.Line, n.Column}, format, args...))
}

// field is the decoder of one key's value; path names the value for
// messages and for the position map ("signatories[1].name").
type field func(v *yaml.Node, path string)

// mappingExamples show how to write the keys whose value has fields of its
// own, for the commonest mistake: a text instead ("outlet: Marianne").
var mappingExamples = map[string]string{
	"outlet":        `outlet: {name: "Marianne", url: "https://www.marianne.net/…"}`,
	"image":         `image: {src: /images/photo.jpg, alt: "Ce que montre l’image"}`,
	"organisation":  "[organisation] then name = \"…\" on the next line",
	"accessibility": "[accessibility] then status = \"partiellement\" on the next line",
}

// mapping walks the keys of a mapping node, rejecting duplicates and
// unknown keys.
func (d *decoder) mapping(n *yaml.Node, path string, fields map[string]field) {
	n = deref(n)
	if isNull(n) && path != "" {
		return // an empty value: the key is as good as absent
	}
	if n.Kind != yaml.MappingNode {
		if ex, ok := mappingExamples[path]; ok {
			d.errorf(n, "%s: expected its fields, got %s: write %s", path, describe(n), ex)
			return
		}
		d.errorf(n, "%s: expected a mapping of keys to values, got %s", orRoot(path), describe(n))
		return
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			d.errorf(k, "merge keys (<<) are not supported in front matter")
			continue
		}
		name := k.Value
		if first, ok := seen[name]; ok {
			d.errorf(k, "duplicate key %s (first set on line %d)", Quote(name), first)
			continue
		}
		seen[name] = k.Line
		p := name
		if path != "" {
			p = path + "." + name
		}
		f, ok := fields[name]
		if !ok {
			d.errorf(k, "unknown key %s%s", Quote(p), suggest(name, fields))
			continue
		}
		if d.pos != nil {
			d.pos[p] = Pos{k.Line, k.Column}
		}
		f(deref(v), p)
	}
}

func orRoot(path string) string {
	if path == "" {
		return "front matter"
	}
	return path
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// suggest proposes the closest known key for a typo.
func suggest(name string, fields map[string]field) locale.Message {
	// A key written in French names the English one.
	if k, ok := frenchKeys[strings.ToLower(strings.TrimSpace(name))]; ok {
		if _, known := fields[k]; known {
			return locale.M(" (did you mean %q?)", k)
		}
	}
	best, bestD := "", 3
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if d := distance(strings.ToLower(name), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return locale.M(" (known keys: %s)", strings.Join(keys, ", "))
	}
	return locale.M(" (did you mean %q?)", best)
}

// frenchKeys are the French words press officers write for keys.
var frenchKeys = map[string]string{
	"titre": "title", "sous-titre": "subtitle", "soustitre": "subtitle", "chapô": "summary", "chapo": "summary",
	"chapeau": "summary", "résumé": "summary", "resume": "summary", "brouillon": "draft", "signataires": "signatories",
	"signataire": "signatories", "thèmes": "tags", "themes": "tags", "thème": "tags", "mots-clés": "tags",
	"pièces-jointes": "attachments", "pieces-jointes": "attachments", "documents": "attachments", "ville": "city",
	"lieu": "dateline", "média": "outlet", "media": "outlet", "journal": "outlet", "parution": "outlet",
	"contact": "contacts", "contacts-presse": "contacts", "langue": "language", "publication": "publishDate",
	"levée": "embargo", "levee": "embargo", "retrait": "expiryDate", "expiration": "expiryDate",
	"mise-à-jour": "updated", "modifié": "updated", "adresse": "baseURL", "fuseau": "timeZone", "fuseau-horaire": "timeZone",
	"organisme": "organisation", "association": "organisation", "nom": "name", "fonction": "role", "rôle": "role",
	"courriel": "email", "téléphone": "phone", "telephone": "phone", "légende": "alt", "crédit": "credit", "credit": "credit",
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func describe(n *yaml.Node) locale.Message {
	switch n.Kind {
	case yaml.MappingNode:
		return locale.M("a mapping")
	case yaml.SequenceNode:
		return locale.M("a list")
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!bool":
			return locale.M("the boolean %s", n.Value)
		case "!!int", "!!float":
			return locale.M("the number %s", n.Value)
		case "!!null":
			return locale.M("nothing")
		case "!!timestamp":
			return locale.M("the date %s", n.Value)
		}
		return locale.M("the text %s", Quote(n.Value))
	}
	return locale.M("an unexpected value")
}

// yaml11Bools are the plain words YAML 1.1 reads as booleans. YAML 1.2
// reads them as text, so a title "no" means different things to different
// tools: ask for quotes rather than guess.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}

// email is an e-mail address alone (no name, no line break), with a
// dot in its domain, as press contacts give them.
func (d *decoder) email(n *yaml.Node, path string) string {
	s := strings.TrimSpace(d.str(n, path))
	if s == "" {
		return ""
	}
	if !PlainAddress(s) {
		d.errorf(n, "%s: %s is not an e-mail address: write it alone, such as presse@example.org", path, Quote(s))
		return ""
	}
	return s
}

// PlainAddress reports whether s is an e-mail address alone, as people
// give theirs: no name, no space or hidden character, no quoted part, a
// dot in the domain, and none of the signs (? & = % /) that would add
// parameters to a mailto: link.
func PlainAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	return err == nil && a.Name == "" && a.Address == s && at > 0 && strings.Contains(s[at:], ".") &&
		!strings.ContainsAny(s, "?&=%/\"\\<>") &&
		!strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) })
}

// link is a web address (http or https, with a host), a path of the site
// (/…) or a mailto: address: what a menu, an outlet or a signatory links
// to. Anything else (javascript:, a relative path) is refused here rather
// than neutralised, unseen, by the layouts.
func (d *decoder) link(n *yaml.Node, path string) string {
	s := strings.TrimSpace(d.str(n, path))
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	ok := err == nil && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
	switch {
	case !ok:
	case u.Scheme == "http" || u.Scheme == "https":
		ok = u.Host != "" && u.User == nil
	case u.Scheme == "mailto":
		ok = u.Opaque != ""
	default:
		ok = u.Scheme == "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")
	}
	if !ok {
		d.errorf(n, "%s: %s is neither a web address (https://…) nor a path of the site (/…)", path, Quote(s))
		return ""
	}
	return s
}

func (d *decoder) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: expected text, got %s", path, describe(n))
		return ""
	}
	switch n.ShortTag() {
	case "!!str":
		if n.Style == 0 && yaml11Bools[n.Value] {
			d.errorf(n, "%s: expected text, got %s, which some tools read as a boolean: put it in quotes", path, n.Value)
			return ""
		}
		// Escapes ("\v", "\e") can make control characters the text
		// itself does not hold.
		return strings.Map(Uncontrol, n.Value)
	case "!!int", "!!float", "!!timestamp":
		return n.Value
	case "!!null":
		return ""
	}
	d.errorf(n, "%s: expected text, got %s (put it in quotes if it is text)", path, describe(n))
	return ""
}

func (d *decoder) boolean(n *yaml.Node, path string) bool {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err == nil {
			return b
		}
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return false
	}
	d.errorf(n, "%s: expected true or false, got %s", path, describe(n))
	return false
}

func (d *decoder) integer(n *yaml.Node, path string) int {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		i, err := strconv.Atoi(n.Value)
		if err == nil {
			return i
		}
	}
	d.errorf(n, "%s: expected a whole number, got %s", path, describe(n))
	return 0
}

func (d *decoder) strList(n *yaml.Node, path string) []string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: expected a list, got %s", path, describe(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, c := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		if d.pos != nil {
			d.pos[p] = Pos{c.Line, c.Column}
		}
		out = append(out, d.str(deref(c), p))
	}
	return out
}

// list decodes a sequence of mappings, calling item for each element.
func (d *decoder) list(n *yaml.Node, path string, item func(i int, v *yaml.Node, path string)) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: expected a list, got %s", path, describe(n))
		return
	}
	for i, c := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		if d.pos != nil {
			d.pos[p] = Pos{c.Line, c.Column}
		}
		item(i, deref(c), p)
	}
}

// Time layouts accepted for dates, most specific first. Layouts without an
// offset are read in the site's time zone.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
}

// isNull reports whether n is an empty value ("key:" with nothing after).
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func (d *decoder) time(n *yaml.Node, path string) time.Time {
	if isNull(n) {
		return time.Time{}
	}
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!timestamp") {
		d.errorf(n, "%s: expected a date such as 2024-06-25 or 2024-06-25T06:00:00+02:00, got %s", path, describe(n))
		return time.Time{}
	}
	t, err := ParseTime(n.Value, d.loc)
	if err != nil {
		d.errorf(n, "%s: %v", path, err)
	}
	return t
}

// ParseTime reads a date, a local time (in loc) or an RFC 3339 time.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	v := strings.TrimSpace(s)
	if len(v) > 10 && v[10] == ' ' {
		v = v[:10] + "T" + v[11:]
	}
	for i, layout := range timeLayouts {
		var t time.Time
		var err error
		if i == 0 {
			t, err = time.Parse(layout, v)
		} else {
			t, err = time.ParseInLocation(layout, v, loc)
		}
		if err == nil {
			if t.Year() < minYear || t.Year() > maxYear {
				return time.Time{}, locale.M("implausible date %s: the year must be between %d and %d", Quote(s), minYear, maxYear)
			}
			return t, nil
		}
	}
	return time.Time{}, frenchDateHint(s, locale.M("invalid date %s: write 2024-06-25, 2024-06-25T06:00:00 or 2024-06-25T06:00:00+02:00", Quote(s)))
}

// The years a date may have: statements of associations founded since the
// 19th century, embargoes no further than the end of this one. Year 0000,
// or 9999 for 1999, is a slip of the keyboard.
const (
	minYear = 1800
	maxYear = 2200
)

// frenchDate is a date written in French words: "25 juin 2024", "mardi
// 1er décembre 2026".
var frenchDate = regexp.MustCompile(`(?i)^(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(\d{1,2})(?:er)?\s+(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)\s+(\d{4})$`)

var frenchMonths = map[string]int{"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
	"août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12}

// frenchDateHint is err, or for a date written in French words, how to
// write it: "25 juin 2024" is 2024-06-25.
func frenchDateHint(s string, err error) error {
	m := frenchDate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return err
	}
	day, _ := strconv.Atoi(m[1])
	return locale.M("the date %s is written in words: write it as numbers, year-month-day: %04s-%02d-%02d", Quote(s), m[3], frenchMonths[strings.ToLower(m[2])], day)
}
