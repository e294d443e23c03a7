package locale

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Typography is a per-language typesetting rule set.
type Typography int

const (
	// Off changes nothing.
	Off Typography = iota
	// French is the usage of France, Belgium and Switzerland: U+202F before
	// ; ! ? and inside « », U+00A0 before :.
	French
	// Quebec is Québec usage: no space before ; ! ?, U+00A0 before : and
	// U+202F inside « ».
	Quebec
)

const (
	nbsp  = '\u00A0' // no-break space, before ":"
	nnbsp = '\u202F' // narrow no-break space, before "; ! ? »" and after "«"
)

// ParseTypography reads the typography setting of site.toml: "fr" is French,
// "fr-CA" Quebec, "off", "none" or "" Off. Case does not matter and "fr_CA" is
// read as "fr-CA"; any other value is an error.
func ParseTypography(s string) (Typography, error) {
	switch strings.ReplaceAll(strings.ToLower(s), "_", "-") {
	case "fr":
		return French, nil
	case "fr-ca":
		return Quebec, nil
	case "", "off", "none":
		return Off, nil
	}
	return Off, M("typography %q: want \"fr\", \"fr-CA\" or \"off\"", s)
}

// ForLang gives the default rule set of a language code: Quebec for "fr-CA"
// (any French tag with the region CA), French for any other French tag ("fr",
// "fr-FR", "fr-BE", "fr-CH"…), Off for every other language.
func ForLang(code string) Typography {
	tags := strings.Split(strings.ReplaceAll(strings.ToLower(code), "_", "-"), "-")
	if tags[0] != "fr" {
		return Off
	}
	for _, t := range tags[1:] {
		if t == "ca" {
			return Quebec
		}
	}
	return French
}

// String typesets a whole text, such as a title or a summary: it is Apply
// with no preceding text.
func (t Typography) String(s string) string { return t.Apply(0, s) }

// Apply typesets one run of plain text (no markup inside) and returns it.
// prev is the last rune of the text that precedes s in the same paragraph or
// title, 0 at its start: the Markdown pass calls Apply once per text node, and
// a colon may follow an emphasis that closes on a letter. Apply never changes
// the text before s. Off returns s unchanged. French and Quebec:
//
//   - Before ; ! ? (French only) and », U+202F; before :, U+00A0; after «,
//     U+202F. Spaces already there (space, tab, U+00A0, U+202F, U+2009) are
//     replaced, so a space is never doubled; Quebec removes the ones before
//     ; ! ?. A line break is never replaced.
//   - ; ! ? : get their space only when they follow a letter, a digit or a
//     closing mark (» ) ] ’ " % … ) — directly or after spaces — and when
//     they are followed by a space, the end of s or closing punctuation. So
//     "15:30", "a:b", "http://x" and "index.php?id=1" are left alone, and in
//     a run of signs ("?!", "!!", "?!?") only the first gets a space.
//   - » gets its space after anything but a space, a line break or «;
//     « gets its space unless followed by a line break or ».
//   - Nothing changes inside a URL (from its scheme or "www." to the end of
//     the word, closing punctuation excepted) or an e-mail address.
//   - A straight apostrophe after a letter becomes ’.
//   - A straight double quote becomes « when it opens (at the start, after a
//     space or an opening mark) and » otherwise, spaced as above.
//
// Invalid UTF-8 becomes U+FFFD. "..." is not turned into "…". Apply is
// idempotent: Apply(p, Apply(p, s)) == Apply(p, s).
func (t Typography) Apply(prev rune, s string) string {
	if t != French && t != Quebec {
		return s
	}
	if !utf8.ValidString(s) {
		s = validUTF8(s)
	}
	s = numbers(s)
	if !HasSign(s) {
		return s
	}
	// Apply runs on every run of text of every page: it reuses its buffer.
	bp := applyBufs.Get().(*applyBuf)
	defer applyBufs.Put(bp)
	bp.out = t.apply(bp.out[:0], prev, s)
	return string(bp.out)
}

// ApplyBytes is Apply writing the result into buf, emptied first and grown
// if need be, and returning it.
func (t Typography) ApplyBytes(buf []byte, prev rune, s string) []byte {
	if t != French && t != Quebec {
		return append(buf[:0], s...)
	}
	if !utf8.ValidString(s) {
		s = validUTF8(s)
	}
	s = numbers(s)
	if !HasSign(s) {
		return append(buf[:0], s...)
	}
	return t.apply(buf[:0], prev, s)
}

// apply appends s typeset to out, which is empty: s is valid UTF-8. It
// copies the bytes between signs as they are.
func (t Typography) apply(out []byte, prev rune, s string) []byte {
	var keep []bool
	if mayHoldLink(s) {
		keep = protectedBytes(s)
	}
	before := func() rune {
		if len(out) > 0 {
			r, _ := utf8.DecodeLastRune(out)
			return r
		}
		return prev
	}
	open := 0 // guillemets opened and not closed yet, to read ambiguous quotes
	// quotes are the quotes open, outer first: inside « », quotes are
	// “ ” (« grand “reset” »), with no space inside.
	var quotes []rune
	for i := 0; i < len(s); {
		if !signByte[s[i]] && (keep == nil || !keep[i]) {
			j := i + 1
			for j < len(s) && !signByte[s[j]] && (keep == nil || !keep[j]) {
				j++
			}
			out = append(out, s[i:j]...)
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		next := i + n
		if keep != nil && keep[i] {
			out = append(out, s[i:next]...)
			i = next
			continue
		}
		if r == '"' {
			r = quote(before(), runeAt(s, next), len(quotes))
		}
		switch {
		case r == '«' && len(quotes) > 0:
			r = '“'
		case r == '»' && len(quotes) > 0 && quotes[len(quotes)-1] == '“':
			r = '”'
		}
		switch r {
		case '“':
			quotes = append(quotes, r)
			out = utf8.AppendRune(out, r)
			i = skipSpaces(s, next)
			continue
		case '”':
			quotes = quotes[:len(quotes)-1]
			out = trimSpaces(out)
			out = utf8.AppendRune(out, r)
			i = next
			continue
		case '\'':
			if isWordRune(before()) {
				r = '’'
			}
		case '«':
			open++
			quotes = append(quotes, r)
			out = utf8.AppendRune(out, r)
			j := next
			for j < len(s) {
				c, m := utf8.DecodeRuneInString(s[j:])
				if !isHSpace(c) {
					break
				}
				j += m
			}
			if j == len(s) || runeAt(s, j) != '»' && !isLineBreak(runeAt(s, j)) {
				out = utf8.AppendRune(out, nnbsp)
				next = j
			}
			i = next
			continue
		case '»':
			open = max(open-1, 0)
			if len(quotes) > 0 {
				quotes = quotes[:len(quotes)-1]
			}
			out = spaceBefore(out, prev, nnbsp, func(c rune) bool {
				return c != 0 && c != '«' && !unicode.IsSpace(c)
			})
		case ';', '!', '?', ':':
			if !signEndsWord(s, next) || r == ';' && endsEntity(out) {
				break
			}
			space := rune(nnbsp)
			switch {
			case r == ':':
				space = nbsp
			case t == Quebec:
				space = 0
			}
			out = spaceBefore(out, prev, space, closesWord)
		}
		out = utf8.AppendRune(out, r)
		i = next
	}
	return out
}

// endsEntity reports whether out ends with what a ; would close as an HTML
// character reference ("&amp", "&#233", "&#xE9"): written in a plain text,
// it stays whole.
func endsEntity(out []byte) bool {
	i := bytes.LastIndexByte(out, '&')
	if i < 0 || len(out)-i < 2 || len(out)-i > 32 {
		return false
	}
	name := out[i+1:]
	if name[0] == '#' {
		name = name[1:]
		if len(name) > 0 && (name[0] == 'x' || name[0] == 'X') {
			name = name[1:]
		}
	}
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// skipSpaces is the offset of the first character of s from i on that is
// not a horizontal space.
func skipSpaces(s string, i int) int {
	for i < len(s) {
		c, m := utf8.DecodeRuneInString(s[i:])
		if !isHSpace(c) {
			break
		}
		i += m
	}
	return i
}

// trimSpaces removes the horizontal spaces at the end of out.
func trimSpaces(out []byte) []byte {
	for len(out) > 0 {
		r, n := utf8.DecodeLastRune(out)
		if !isHSpace(r) {
			break
		}
		out = out[:len(out)-n]
	}
	return out
}

// numbers keeps French numbers together, with U+202F: between the groups
// of a number ("23 000", "1 200 000"), before % ‰ € and °, and around the
// h of a time ("10 h", "10 h 30"). It returns s itself when there is
// nothing to do.
func numbers(s string) string {
	if !hasDigitSpace(s) {
		return s
	}
	rs := []rune(s)
	changed := false
	for i := 1; i < len(rs)-1; i++ {
		if !isHSpace(rs[i]) || rs[i] == nnbsp || !unicode.IsDigit(rs[i-1]) {
			continue
		}
		j := i
		for j < len(rs) && isHSpace(rs[j]) {
			j++
		}
		if j == len(rs) {
			break
		}
		keep := false
		switch next := rs[j]; {
		case strings.ContainsRune("%‰€°", next):
			keep = true
		case next == 'h' && (j+1 == len(rs) || !unicode.IsLetter(rs[j+1])):
			keep = true
		case unicode.IsDigit(next):
			// Thousands: a group of one to three digits, not part of a
			// longer number, then exactly three digits; or the minutes of
			// "10 h 30".
			k := i - 1
			for k > 0 && unicode.IsDigit(rs[k-1]) {
				k--
			}
			e := j
			for e < len(rs) && unicode.IsDigit(rs[e]) {
				e++
			}
			keep = i-k <= 3 && e-j == 3 && (k == 0 || !strings.ContainsRune(".,", rs[k-1]) || k < 2 || !unicode.IsDigit(rs[k-2]))
		}
		if keep && j == i+1 {
			rs[i], changed = nnbsp, true
		}
	}
	// The minutes of a time: "10\u202fh 30".
	for i := 3; i+1 < len(rs); i++ {
		if rs[i-1] == 'h' && rs[i-2] == nnbsp && unicode.IsDigit(rs[i-3]) && isHSpace(rs[i]) && rs[i] != nnbsp && unicode.IsDigit(rs[i+1]) {
			rs[i], changed = nnbsp, true
		}
	}
	if !changed {
		return s
	}
	return string(rs)
}

// hasDigitSpace reports whether s holds a digit followed by a space that
// numbers may keep together.
func hasDigitSpace[T string | []byte](s T) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' && (s[i+1] == ' ' || s[i+1] == '\t' || s[i+1] == 0xC2 || s[i+1] == 0xE2) {
			return true
		}
	}
	return false
}

// signByte marks the bytes that may start a character Apply changes or
// spaces: the ASCII signs and quotes, and 0xC2, which starts « and ».
var signByte = func() (t [256]bool) {
	for _, c := range []byte{'"', '\'', ';', ':', '!', '?', 0xC2} {
		t[c] = true
	}
	return t
}()

// validUTF8 replaces each byte of s that is not part of valid UTF-8 with
// U+FFFD, as ranging over s reads it.
func validUTF8(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

// runeAt is the character at byte offset i of s, 0 at the end.
func runeAt(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// spaceBefore replaces the spaces at the end of out with space (none if space
// is 0) when the rune before them, prev if out has nothing else, satisfies ok.
func spaceBefore(out []byte, prev, space rune, ok func(rune) bool) []byte {
	k := len(out)
	for k > 0 {
		r, n := utf8.DecodeLastRune(out[:k])
		if !isHSpace(r) {
			break
		}
		k -= n
	}
	c := prev
	if k > 0 {
		c, _ = utf8.DecodeLastRune(out[:k])
	}
	if !ok(c) {
		return out
	}
	out = out[:k]
	if space != 0 {
		out = utf8.AppendRune(out, space)
	}
	return out
}

// quote chooses the guillemet for a straight double quote between before and
// after (0 for the end of the text); open counts the unclosed guillemets.
func quote(before, after rune, open int) rune {
	opens := before == 0 || unicode.IsSpace(before) || isOpening(before)
	closes := after == 0 || unicode.IsSpace(after) || isClosing(after) ||
		strings.ContainsRune(".,;:!?…", after)
	switch {
	case !opens:
		return '»'
	case !closes:
		return '«'
	case open > 0:
		return '»'
	}
	return '«'
}

// signEndsWord reports whether the sign that ends before byte offset i of
// s ends a word: after it and the signs that directly follow comes a
// space, the end of the text or closing punctuation, not the rest of a word
// as in "15:30" or "a:b".
func signEndsWord(s string, i int) bool {
	for i < len(s) && strings.IndexByte(";:!?", s[i]) >= 0 {
		i++
	}
	if i == len(s) {
		return true
	}
	n := runeAt(s, i)
	return unicode.IsSpace(n) || isClosing(n) || strings.ContainsRune(`"'«“,.…`, n)
}

// closesWord reports whether a sign may be spaced from c: c is a letter, a
// digit or a mark that ends a word.
func closesWord(c rune) bool {
	return isWordRune(c) || unicode.IsDigit(c) || isClosing(c) ||
		strings.ContainsRune(`"'…%‰°€$£¥`, c)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) }

func isOpening(r rune) bool {
	return unicode.In(r, unicode.Ps, unicode.Pi, unicode.Pd) || r == '/' || r == '«'
}

func isClosing(r rune) bool { return unicode.In(r, unicode.Pe, unicode.Pf) }

// isHSpace reports whether r is a space that typography may replace.
func isHSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == nbsp || r == nnbsp || r == '\u2009'
}

func isLineBreak(r rune) bool { return unicode.IsSpace(r) && !isHSpace(r) }

// protected marks the runes of URLs and e-mail addresses, which typography
// must not touch. A URL runs from its scheme ("https://", "mailto:" is found
// through its "@") or its "www." to the end of the word; an e-mail address
// from the start of its local part to the end of the word. Trailing
// punctuation (". , ; : ! ? » " ’") is not part of either.
func protected(in []rune) []bool {
	keep := make([]bool, len(in))
	for a := 0; a < len(in); {
		if unicode.IsSpace(in[a]) {
			a++
			continue
		}
		b := a
		for b < len(in) && !unicode.IsSpace(in[b]) {
			b++
		}
		if start := linkStart(in[a:b]); start >= 0 {
			end := b
			for end > a+start && strings.ContainsRune(".,;:!?»\"'’", in[end-1]) {
				end--
			}
			for k := a + start; k < end; k++ {
				keep[k] = true
			}
		}
		a = b
	}
	return keep
}

// protectedBytes is protected by byte offset of s, a valid UTF-8 text.
func protectedBytes(s string) []bool {
	in := []rune(s)
	kr := protected(in)
	keep := make([]bool, len(s))
	b := 0
	for k, r := range in {
		n := utf8.RuneLen(r)
		if kr[k] {
			for j := b; j < b+n; j++ {
				keep[j] = true
			}
		}
		b += n
	}
	return keep
}

// linkStart returns where a URL or e-mail address starts in word, or -1.
func linkStart(word []rune) int {
	for p := range word {
		switch {
		case word[p] == ':' && p+2 < len(word) && word[p+1] == '/' && word[p+2] == '/':
			q := p
			for q > 0 && isSchemeRune(word[q-1]) {
				q--
			}
			if q < p {
				return q
			}
		case word[p] == '@' && p > 0 && p+1 < len(word) &&
			isEmailRune(word[p-1]) && (unicode.IsLetter(word[p+1]) || unicode.IsDigit(word[p+1])):
			q := p
			for q > 0 && isEmailRune(word[q-1]) {
				q--
			}
			return q
		case (word[p] == 'w' || word[p] == 'W') && (p == 0 || !isSchemeRune(word[p-1])) &&
			strings.EqualFold(string(word[p:min(p+4, len(word))]), "www."):
			return p
		}
	}
	return -1
}

func isSchemeRune(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
		r == '+' || r == '-' || r == '.'
}

func isEmailRune(r rune) bool {
	return isSchemeRune(r) || r == '_' || r == '%' || r == '\''
}

type applyBuf struct{ out []byte }

var applyBufs = sync.Pool{New: func() any { return new(applyBuf) }}

// Changes reports whether Apply may change s: it holds a sign, or a digit
// then a space (numbers kept together). Callers skip text that needs
// nothing.
func Changes[T string | []byte](s T) bool { return HasSign(s) || hasDigitSpace(s) }

// HasSign reports whether s holds a sign or quote Apply may change. It
// reads bytes: strings.ContainsAny is slow with non-ASCII sets, and this
// runs on every text of every page.
func HasSign[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !signByte[s[i]] {
			continue
		}
		// « is C2 AB, » is C2 BB; C2 starts other characters too.
		if s[i] != 0xC2 || i+1 < len(s) && (s[i+1] == 0xAB || s[i+1] == 0xBB) {
			return true
		}
	}
	return false
}

// mayHoldLink reports whether s may hold a URL or an e-mail address, the
// only text protected cares about, so that most runs skip it.
func mayHoldLink(s string) bool {
	if strings.Contains(s, "://") || strings.IndexByte(s, '@') >= 0 {
		return true
	}
	// "www.", in any case.
	for i := 3; i < len(s); i++ {
		j := strings.IndexByte(s[i:], '.')
		if j < 0 {
			return false
		}
		i += j
		if s[i-3]|0x20 == 'w' && s[i-2]|0x20 == 'w' && s[i-1]|0x20 == 'w' {
			return true
		}
	}
	return false
}
