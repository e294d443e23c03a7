package locale

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"L’ubérisation de la protection de l’enfance : 12 propositions", "l-uberisation-de-la-protection-de-l-enfance-12-propositions"},
		{"L'école d'été", "l-ecole-d-ete"},
		{"Lʼécole", "l-ecole"},
		{"Œuvres et cœur", "oeuvres-et-coeur"},
		{"Cæsar et Æsope", "caesar-et-aesope"},
		{"Straße", "strasse"},
		{"Ça suffit !", "ca-suffit"},
		{"À Noël, où êtes-vous ?", "a-noel-ou-etes-vous"},
		{"« Égalité » — maintenant…", "egalite-maintenant"},
		{"  --Déjà vu--  ", "deja-vu"},
		{"...Pourquoi ?!", "pourquoi"},
		{"2024 : 50 % de hausse", "2024-50-de-hausse"},
		{"Loi n° 2024-120", "loi-n-2024-120"},
		{"Émissions de CO₂ et m²", "emissions-de-co2-et-m2"},
		{"Climat 🌍 urgence", "climat-urgence"},
		{"🎉🎉", ""},
		{"", ""},
		{"Москва", ""},
		{"Москва 2024", "2024"},
		{"Zürich, Kraków, Łódź, İstanbul", "zurich-krakow-lodz-istanbul"},
		{"Ţară și Țară", "tara-si-tara"},
		{"Ĳsselmeer Þór ðe", "ijsselmeer-thor-de"},
		{"Cafe\u0301 de\u0301composé", "cafe-decompose"},       // combining accents
		{"pro\u00ADtection\u200Bsociale", "protectionsociale"}, // soft hyphen, zero-width space
		{"tab\tnew\nline", "tab-new-line"},
		{"UPPER_case__snake", "upper-case-snake"},
		{"Avant→après", "avant-apres"},
		{"ÀÁÂÃÄÅ ÈÉÊË ÌÍÎÏ ÒÓÔÕÖØ ÙÚÛÜ ÝŸ ÇÑ", "aaaaaa-eeee-iiii-oooooo-uuuu-yy-cn"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every letter of Latin-1 Supplement and Latin Extended-A has a slug spelling.
func TestSlugLatinCoverage(t *testing.T) {
	for r := rune(0xC0); r <= 0x17F; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		if got := Slug(string(r)); got == "" {
			t.Errorf("Slug(%q U+%04X) is empty", r, r)
		}
	}
}

var slugShape = regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*)?$`)

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"L’ubérisation : 12", "", "--", "Œ æ ß", "Москва", "a\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		if !slugShape.MatchString(got) {
			t.Fatalf("Slug(%q) = %q, not a slug", s, got)
		}
		if again := Slug(got); again != got {
			t.Fatalf("Slug(Slug(%q)) = %q, want %q", s, again, got)
		}
	})
}

func TestSlugNULSeparates(t *testing.T) {
	if got := Slug("ab\x00cd"); got != "ab-cd" {
		t.Errorf("Slug(%q) = %q, want ab-cd", "ab\x00cd", got)
	}
}

// slugRunes is Slug written plainly, rune by rune: the reference the fast
// one is checked against.
func slugRunes(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		var latin string
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			latin = string(r)
		case 'A' <= r && r <= 'Z':
			latin = string(r + 'a' - 'A')
		case r < 0x80:
		default:
			if f, ok := folds[r]; ok {
				latin = f
			} else if dropped(r) {
				continue
			}
		}
		if latin == "" {
			hyphen = true
			continue
		}
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(latin)
	}
	return b.String()
}

func TestSlugMatchesReference(t *testing.T) {
	parts := []string{"a", "Z", "mot", "MOT", "09", " ", "-", "'", "’", "\x00", "\xff", "é", "Œ", "ß", "\u00ad", "e\u0301", "Я", "CO₂", "ʼ", "—", "!", "\t", "\n", "ǅ"}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := Slug(s), slugRunes(s); got != want {
			t.Fatalf("Slug(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFoldTables checks the tables behind Fold and Dropped against the
// map and the Unicode classes they are made from, for every rune.
func TestFoldTables(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		f, ok := Fold(r)
		wf, wok := folds[r]
		if f != wf || ok != wok {
			t.Fatalf("Fold(%U) = %q, %v; want %q, %v", r, f, ok, wf, wok)
		}
		if Dropped(r) != dropped(r) {
			t.Fatalf("Dropped(%U) = %v", r, Dropped(r))
		}
	}
	for c := range byte(utf8.RuneSelf) {
		want := byte(0)
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'z':
			want = c
		case 'A' <= c && c <= 'Z':
			want = c - 'A' + 'a'
		}
		if SlugASCII(c) != want {
			t.Errorf("SlugASCII(%q) = %q, want %q", c, SlugASCII(c), want)
		}
	}
}

func TestPathSlug(t *testing.T) {
	long := strings.Repeat("protection de l'enfance ", 30)
	for in, want := range map[string]string{
		"Éducation":              "education",
		"Защита детей":           "защита-детей",
		"Παιδική προστασία 2024": "παιδική-προστασία-2024",
		"Ελλάδα και Europe":      "europe", // Latin letters win
		"???":                    "",
		strings.Repeat("a", 400): strings.Repeat("a", MaxSlug),
		strings.Repeat("я", 400): strings.Repeat("я", MaxSlug/2),
	} {
		if got := PathSlug(in); got != want {
			t.Errorf("PathSlug(%.40q) = %q, want %q", in, got, want)
		}
	}
	got := PathSlug(long)
	if len(got) > MaxSlug || strings.HasSuffix(got, "-") || !strings.HasPrefix(Slug(long), got+"-") {
		t.Errorf("long title: %q (%d bytes), not cut at a hyphen under %d bytes", got, len(got), MaxSlug)
	}
}
