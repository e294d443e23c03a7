package locale

import (
	"maps"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Slug turns a title into a URL segment:
//
//   - letters of the Latin-1 Supplement, Latin Extended-A and a few other
//     Latin letters lose their accents (é→e, ç→c, à→a, ł→l, ș→s), ligatures
//     are spelt out (œ→oe, æ→ae, ß→ss, ĳ→ij, þ→th) and everything is lowercased;
//   - superscript and subscript digits become digits (CO₂ → co2);
//   - combining marks and invisible format characters (soft hyphen,
//     zero-width space) are dropped, so a decomposed "e\u0301" is still "e";
//   - letters and digits with no Latin equivalent (Cyrillic, Greek, CJK…)
//     are dropped;
//   - everything else, apostrophes (' ’ ʼ) included, is a separator: any run of
//     separators becomes one hyphen, and hyphens are trimmed at both ends.
//
// "L’ubérisation de la protection de l’enfance : 12 propositions" gives
// "l-uberisation-de-la-protection-de-l-enfance-12-propositions". The result
// may be empty; callers handle that.
func Slug(s string) string {
	return string(AppendSlug(make([]byte, 0, len(s)), s))
}

// MaxSlug bounds, in bytes, the slug of a URL segment (see PathSlug): far
// below the 255 bytes a file name may have on every system, with room for
// what a layout adds.
const MaxSlug = 150

// PathSlug is the slug of s for a URL segment, which becomes the name of a
// folder of the output: Slug, cut at the last hyphen before MaxSlug bytes
// when it is longer. A text with no Latin letter (a topic in Cyrillic or
// Greek) keeps its own letters and digits, lowercased, between hyphens
// ("Защита детей" gives "защита-детей"); the slug is empty only when s
// has no letter or digit at all.
func PathSlug(s string) string {
	slug := Slug(s)
	if !strings.ContainsFunc(slug, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
		if other := scriptSlug(s); other != "" {
			slug = other
		}
	}
	if len(slug) <= MaxSlug {
		return slug
	}
	cut := strings.LastIndexByte(slug[:MaxSlug+1], '-')
	if cut <= 0 {
		// One word longer than the bound: cut it, between two characters.
		cut = MaxSlug
		for cut > 0 && !utf8.RuneStart(slug[cut]) {
			cut--
		}
	}
	return strings.TrimRight(slug[:cut], "-")
}

// scriptSlug keeps the letters and digits of s, lowercased, whatever their
// script, with a hyphen for every run of other characters.
func scriptSlug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsMark(r) || unicode.Is(unicode.Cf, r):
			// Accents and invisible characters join.
		default:
			hyphen = true
		}
	}
	return b.String()
}

// AppendSlug appends the slug of s to dst.
func AppendSlug(dst []byte, s string) []byte {
	start := len(dst)
	hyphen := false
	emit := func(latin string) {
		if hyphen && len(dst) > start {
			dst = append(dst, '-')
		}
		hyphen = false
		dst = append(dst, latin...)
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			m := slugASCII[c]
			if m == 0 {
				// ASCII punctuation and spaces separate words.
				hyphen = true
				i++
				continue
			}
			if hyphen && len(dst) > start {
				dst = append(dst, '-')
			}
			hyphen = false
			if m != c {
				dst = append(dst, m)
				i++
				continue
			}
			// A run of lowercase letters and digits is copied whole.
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && s[j] != 0 && slugASCII[s[j]] == s[j] {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if f, ok := Fold(r); ok {
			emit(f)
		} else if !Dropped(r) {
			hyphen = true
		}
	}
	return dst
}

// slugASCII maps an ASCII byte to its slug byte (letters lowercased), 0
// for a separator.
var slugASCII = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c] = c
		t[c-'a'+'A'] = c
	}
	return t
}()

// SlugASCII is the slug byte of the ASCII byte c: c itself for a digit or a
// lowercase letter, the lowercase letter for an uppercase one, 0 for a
// separator.
func SlugASCII(c byte) byte { return slugASCII[c&0x7f] }

// Fold is the slug spelling of the non-ASCII letter r (é→e, œ→oe), if it
// has one.
func Fold(r rune) (string, bool) {
	if uint32(r) < fastRunes {
		if i := foldIndex[r]; i > 0 {
			return foldOut[i-1], true
		}
		return "", false
	}
	f, ok := folds[r]
	return f, ok
}

// Folds lists every non-ASCII letter that has a fold, with its fold: the
// table the search page's script folds queries with.
func Folds() map[rune]string { return maps.Clone(folds) }

// Dropped reports whether the rune r, which has no fold, disappears from a
// slug without separating words (see dropped).
func Dropped(r rune) bool {
	if uint32(r) < fastRunes {
		return droppedBits[r/64]&(1<<(r%64)) != 0
	}
	return dropped(r)
}

// fastRunes bounds the runes whose fold and whether they are dropped are
// looked up in tables: Latin, Greek, Cyrillic and the general
// punctuation (’ « » — and the narrow spaces) of French text.
const fastRunes = 0x2100

var (
	foldOut     []string               // the distinct folds
	foldIndex   [fastRunes]uint8       // 1 + index in foldOut; 0: none
	droppedBits [fastRunes / 64]uint64 // dropped(r) for each r
)

func init() {
	at := map[string]uint8{}
	for r, f := range folds {
		if r >= fastRunes {
			continue
		}
		if at[f] == 0 {
			foldOut = append(foldOut, f)
			at[f] = uint8(len(foldOut))
		}
		foldIndex[r] = at[f]
	}
	for r := rune(0); r < fastRunes; r++ {
		if dropped(r) {
			droppedBits[r/64] |= 1 << (r % 64)
		}
	}
}

// dropped reports whether r disappears from a slug without separating words:
// a letter or digit of another script, a combining mark or a format
// character. Modifier letters (ʼ ʻ ˈ) look like punctuation and separate.
func dropped(r rune) bool {
	switch {
	case unicode.Is(unicode.Lm, r):
		return false
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		return true
	case unicode.Is(unicode.Cf, r):
		return true
	}
	return false
}

// folds maps a non-ASCII Latin letter to its slug spelling. It covers every
// letter of Latin-1 Supplement (U+00C0–U+00FF) and Latin Extended-A
// (U+0100–U+017F), the Romanian comma letters and a few others.
var folds = func() map[rune]string {
	groups := []struct{ from, to string }{
		{"ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎªȀȁȂȃ", "a"},
		{"Ææ", "ae"},
		{"ÇçĆćĈĉĊċČč", "c"},
		{"ÐðĎďĐđ", "d"},
		{"ÈÉÊËèéêëĒēĔĕĖėĘęĚěƏə", "e"},
		{"ƒ", "f"},
		{"ĜĝĞğĠġĢģ", "g"},
		{"ĤĥĦħ", "h"},
		{"ÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐ", "i"},
		{"Ĳĳ", "ij"},
		{"Ĵĵ", "j"},
		{"Ķķĸ", "k"},
		{"ĹĺĻļĽľĿŀŁł", "l"},
		{"ÑñŃńŅņŇňŉŊŋ", "n"},
		{"ÒÓÔÕÖØòóôõöøŌōŎŏŐőǑǒº", "o"},
		{"Œœ", "oe"},
		{"ŔŕŖŗŘř", "r"},
		{"ŚśŜŝŞşŠšſȘș", "s"},
		{"ßẞ", "ss"},
		{"ŢţŤťŦŧȚț", "t"},
		{"Þþ", "th"},
		{"ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųǓǔ", "u"},
		{"Ŵŵ", "w"},
		{"ÝýÿŶŷŸ", "y"},
		{"ŹźŻżŽž", "z"},
		{"⁰₀", "0"},
		{"¹₁", "1"},
		{"²₂", "2"},
		{"³₃", "3"},
		{"⁴₄", "4"},
		{"⁵₅", "5"},
		{"⁶₆", "6"},
		{"⁷₇", "7"},
		{"⁸₈", "8"},
		{"⁹₉", "9"},
	}
	m := make(map[rune]string)
	for _, g := range groups {
		for _, r := range g.from {
			m[r] = g.to
		}
	}
	return m
}()
