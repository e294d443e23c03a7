package locale

import (
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
		if f, ok := folds[r]; ok {
			emit(f)
		} else if !dropped(r) {
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
