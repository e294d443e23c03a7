package locale

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// In the tables, N stands for U+202F and B for U+00A0, which look like spaces.
const (
	N = "\u202F"
	B = "\u00A0"
)

func TestApply(t *testing.T) {
	tests := []struct {
		name string
		typo Typography
		prev rune
		in   string
		want string
	}{
		// A character reference written in plain text stays whole.
		{"entity in plain text", French, 0, "A &amp; B ; C", "A &amp; B" + N + "; C"},
		{"numeric entity", French, 0, "x &#233; y &#xE9; z", "x &#233; y &#xE9; z"},
		{"ampersand then a word", French, 0, "a&b ; c", "a&b" + N + "; c"},
		// Numbers keep together: thousands, %, €, times.
		{"thousands", French, 0, "23 000 élèves", "23" + N + "000 élèves"},
		{"millions", French, 0, "1 200 000 euros", "1" + N + "200" + N + "000 euros"},
		{"thousands with no-break space", French, 0, "23\u00a0000", "23" + N + "000"},
		{"not a year and a number", French, 0, "en 2026 300 élèves", "en 2026 300 élèves"},
		{"not four digits after", French, 0, "les 12 2026", "les 12 2026"},
		{"percent", French, 0, "80 % des élèves", "80" + N + "% des élèves"},
		{"euros", French, 0, "15 €", "15" + N + "€"},
		{"hours", French, 0, "à 10 h, puis à 10 h 30.", "à 10" + N + "h, puis à 10" + N + "h" + N + "30."},
		{"not a word after a number", French, 0, "10 heures", "10 heures"},
		{"numbers in Quebec too", Quebec, 0, "23 000", "23" + N + "000"},
		// Quotes inside guillemets are curly, unspaced.
		{"nested guillemets", French, 0, "« grand « reset » »", "«" + N + "grand “reset”" + N + "»"},
		{"nested straight quotes", French, 0, `« un "grand" reset »`, "«" + N + "un “grand” reset" + N + "»"},
		{"nested then closed", French, 0, `"Il a dit "non" hier."`, "«" + N + "Il a dit “non” hier." + N + "»"},
		// Each sign.
		{"semicolon", French, 0, "oui; non", "oui" + N + "; non"},
		{"exclamation", French, 0, "Enfin!", "Enfin" + N + "!"},
		{"question", French, 0, "Pourquoi?", "Pourquoi" + N + "?"},
		{"colon", French, 0, "Nos demandes: trois", "Nos demandes" + B + ": trois"},
		{"guillemets", French, 0, "«Oui»", "«" + N + "Oui" + N + "»"},
		{"after digit", French, 0, "en 2024!", "en 2024" + N + "!"},

		// Existing spaces are replaced, never doubled.
		{"space replaced", French, 0, "Pourquoi ?", "Pourquoi" + N + "?"},
		{"tab replaced", French, 0, "Note\t: rien", "Note" + B + ": rien"},
		{"spaces replaced", French, 0, "Note  \u00A0: rien", "Note" + B + ": rien"},
		{"wrong space replaced", French, 0, "Note" + N + ": rien", "Note" + B + ": rien"},
		{"right space kept", French, 0, "Note" + B + ": rien", "Note" + B + ": rien"},
		{"guillemet spaces replaced", French, 0, "«  Oui » et « non »", "«" + N + "Oui" + N + "» et «" + N + "non" + N + "»"},
		{"thin space replaced", French, 0, "Quoi\u2009?", "Quoi" + N + "?"},

		// Repeated signs: one space, before the first.
		{"?!", French, 0, "Vraiment?!", "Vraiment" + N + "?!"},
		{"!!", French, 0, "Jamais !!", "Jamais" + N + "!!"},
		{"?!?", French, 0, "Quoi ?!?", "Quoi" + N + "?!?"},
		{"spaced repeated signs kept", French, 0, "Quoi ? !", "Quoi" + N + "? !"},

		// Places where nothing changes.
		{"URL", French, 0, "Voir http://exemple.fr/a?b=1;c=2!", "Voir http://exemple.fr/a?b=1;c=2" + N + "!"},
		{"URL with query", French, 0, "https://asso.fr/p?id=3", "https://asso.fr/p?id=3"},
		{"URL then question", French, 0, "Lu sur https://asso.fr/faq ?", "Lu sur https://asso.fr/faq" + N + "?"},
		{"www", French, 0, "www.asso.fr/x?y:z!", "www.asso.fr/x?y:z" + N + "!"},
		{"URL in guillemets", French, 0, "«https://asso.fr/»", "«" + N + "https://asso.fr/" + N + "»"},
		{"e-mail", French, 0, "Écrire à presse@asso.fr!", "Écrire à presse@asso.fr" + N + "!"},
		{"mailto", French, 0, "mailto:presse@asso.fr?subject=Oui!", "mailto:presse@asso.fr?subject=Oui" + N + "!"},
		{"e-mail with apostrophe", French, 0, "o'neil@asso.fr", "o'neil@asso.fr"},
		{"time", French, 0, "à 15:30 précises", "à 15:30 précises"},
		{"ratio", French, 0, "un rapport 3:1", "un rapport 3:1"},
		{"code-like", French, 0, "clé a:b et x;y et c?d", "clé a:b et x;y et c?d"},
		{"scheme-like", French, 0, "tel:+33123456789", "tel:+33123456789"},
		{"sign at start", French, 0, "? non", "? non"},
		{"after line break", French, 0, "Quoi\n? non", "Quoi\n? non"},
		{"after period", French, 0, "etc. : rien", "etc. : rien"},
		{"empty guillemets", French, 0, "«»", "«»"},
		{"guillemet at line end", French, 0, "«\ntexte\n»", "«\ntexte\n»"},

		// Context before the sign.
		{"after closing guillemet", French, 0, "« Oui »?", "«" + N + "Oui" + N + "»" + N + "?"},
		{"after parenthesis", French, 0, "(voir plus haut) :", "(voir plus haut)" + B + ":"},
		{"after apostrophe", French, 0, "les parents’ ?", "les parents’" + N + "?"},
		{"after percent", French, 0, "50 %!", "50" + N + "%" + N + "!"},
		{"question then closing", French, 0, "« Et après? »", "«" + N + "Et après" + N + "?" + N + "»"},
		{"prev letter", French, 'e', ": la suite", B + ": la suite"},
		{"prev letter no space", French, 'e', "?", N + "?"},
		{"prev closing", French, '»', " !", N + "!"},
		{"prev space", French, ' ', "? oui", "? oui"},
		{"prev zero", French, 0, " : oui", " : oui"},
		{"prev question", French, '?', "!", "!"},
		{"prev for closing guillemet", French, 'i', "»", N + "»"},
		{"prev for quote", French, 'i', `" dit-il`, N + "» dit-il"},
		{"prev for apostrophe", French, 'l', "'asso", "’asso"},
		{"guillemet at end", French, 0, "Il a dit «", "Il a dit «" + N},
		{"guillemet and space at end", French, 0, "Il a dit « ", "Il a dit «" + N},

		// Apostrophes and quotes.
		{"apostrophe", French, 0, "l'enfance d'abord", "l’enfance d’abord"},
		{"apostrophe after letter", French, 0, "les parents' droits", "les parents’ droits"},
		{"apostrophe not after letter", French, 0, "'tis 80's", "'tis 80's"},
		{"quotes", French, 0, `Il a dit "non".`, "Il a dit «" + N + "non" + N + "»."},
		{"quotes at start", French, 0, `"Non" : voilà.`, "«" + N + "Non" + N + "»" + B + ": voilà."},
		{"quotes in parentheses", French, 0, `("oui")`, "(«" + N + "oui" + N + "»)"},
		{"quote after question", French, 0, `"Quoi?"`, "«" + N + "Quoi" + N + "?" + N + "»"},
		{"spaced quotes", French, 0, `" oui "`, "«" + N + "oui" + N + "»"},
		{"quote alone", French, 0, `"`, "«" + N},
		{"already typeset", French, 0, "«" + N + "Oui" + N + "»" + N + "!", "«" + N + "Oui" + N + "»" + N + "!"},

		// Québec: no space before ; ! ?, the rest as in France.
		{"Quebec question", Quebec, 0, "Pourquoi ?", "Pourquoi?"},
		{"Quebec exclamation", Quebec, 0, "Enfin" + N + "!", "Enfin!"},
		{"Quebec semicolon", Quebec, 0, "oui ; non", "oui; non"},
		{"Quebec colon", Quebec, 0, "Note: rien", "Note" + B + ": rien"},
		{"Quebec guillemets", Quebec, 0, `"Oui" et « non »`, "«" + N + "Oui" + N + "» et «" + N + "non" + N + "»"},
		{"Quebec apostrophe", Quebec, 0, "l'été", "l’été"},
		{"Quebec time", Quebec, 0, "15:30", "15:30"},

		// Off changes nothing.
		{"Off", Off, 0, `Pourquoi ? "l'été" : oui !`, `Pourquoi ? "l'été" : oui !`},
		{"Off prev", Off, 'e', ":", ":"},
		{"unknown typography", Typography(42), 0, "Quoi ?", "Quoi ?"},

		{"nothing to do", French, 0, "Rien à changer ici.", "Rien à changer ici."},
		{"empty", French, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.typo.Apply(tt.prev, tt.in)
			if got != tt.want {
				t.Errorf("Apply(%q, %q) = %q, want %q", tt.prev, tt.in, show(got), show(tt.want))
			}
			if again := tt.typo.Apply(tt.prev, got); again != got {
				t.Errorf("Apply is not idempotent on %q: %q, then %q", tt.in, show(got), show(again))
			}
		})
	}
}

// show makes the typographic spaces visible in failure messages.
func show(s string) string {
	return strings.NewReplacer(N, "⟨N⟩", B, "⟨B⟩").Replace(s)
}

func TestString(t *testing.T) {
	in := "L'école: pourquoi?"
	if got, want := French.String(in), French.Apply(0, in); got != want {
		t.Errorf("String(%q) = %q, want %q", in, got, want)
	}
	if got, want := French.String(in), "L’école"+B+": pourquoi"+N+"?"; got != want {
		t.Errorf("String(%q) = %q, want %q", in, show(got), show(want))
	}
}

func TestParseTypography(t *testing.T) {
	tests := []struct {
		in      string
		want    Typography
		wantErr bool
	}{
		{"fr", French, false},
		{"FR", French, false},
		{"fr-CA", Quebec, false},
		{"fr_ca", Quebec, false},
		{"off", Off, false},
		{"none", Off, false},
		{"", Off, false},
		{"en", Off, true},
		{"fr-FR", Off, true},
		{"french", Off, true},
	}
	for _, tt := range tests {
		got, err := ParseTypography(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseTypography(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestForLang(t *testing.T) {
	tests := []struct {
		in   string
		want Typography
	}{
		{"fr", French},
		{"fr-FR", French},
		{"fr-BE", French},
		{"fr-CH", French},
		{"fr_LU", French},
		{"fr-CA", Quebec},
		{"fr-ca", Quebec},
		{"en", Off},
		{"en-CA", Off},
		{"fry", Off},
		{"", Off},
	}
	for _, tt := range tests {
		if got := ForLang(tt.in); got != tt.want {
			t.Errorf("ForLang(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// doubleSpaces counts the places where two replaceable spaces touch.
func doubleSpaces(s string) int {
	n := 0
	var last rune
	for _, r := range s {
		if isHSpace(r) && isHSpace(last) && (r != ' ' || last != ' ') {
			n++
		}
		last = r
	}
	return n
}

func FuzzApply(f *testing.F) {
	seeds := []string{
		"L'enfance : 12 propositions !", `"Oui" ou "non" ?`, "« Quoi ? »", "?!?", "15:30",
		"http://x.fr/a?b", "a@b.fr!", "«\n»", `""`, " « ", "Note\t:\u00A0x", "www.x.fr:",
		"«\u202F»", `"«"`, "a ; ; b", "l'" + `"x"` + "'",
	}
	for _, s := range seeds {
		f.Add(s, int32(0), false)
		f.Add(s, int32('a'), true)
	}
	f.Fuzz(func(t *testing.T, s string, prev int32, quebec bool) {
		typo := French
		if quebec {
			typo = Quebec
		}
		got := typo.Apply(prev, s)
		if !utf8.ValidString(got) {
			t.Fatalf("Apply(%q, %q) = %q, not UTF-8", prev, s, got)
		}
		if again := typo.Apply(prev, got); again != got {
			t.Fatalf("Apply(%q, %q) = %q, then %q", prev, s, show(got), show(again))
		}
		if doubleSpaces(got) > doubleSpaces(s) {
			t.Fatalf("Apply(%q, %q) = %q doubles a space", prev, s, show(got))
		}
	})
}

// TestQuickScans checks HasSign and mayHoldLink against their plain
// definitions on random text made of the bytes they look for.
func TestQuickScans(t *testing.T) {
	alphabet := []string{"a", "w", "W", ".", ":", "/", "@", "'", "\"", ";", "!", "?", "«", "»", "é", "\u00a0", " ", "\xc2", "\xab"}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 200_000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if want := strings.ContainsAny(s, "'\";:!?«»"); HasSign(s) != want || HasSign([]byte(s)) != want {
			t.Fatalf("HasSign(%q) = %v, want %v", s, HasSign(s), want)
		}
		if want := strings.Contains(s, "://") || strings.Contains(s, "@") || strings.Contains(strings.ToLower(s), "www."); mayHoldLink(s) != want {
			t.Fatalf("mayHoldLink(%q) = %v, want %v", s, mayHoldLink(s), want)
		}
	}
}

// TestApplyBytes checks that ApplyBytes writes what Apply returns, into
// a buffer that already holds something.
func TestApplyBytes(t *testing.T) {
	alphabet := []string{"a", "l'", "é", " ", "\u00a0", ":", ";", "!", "?", "\"", "«", "»", "http://x.fr", "a@b.fr", "\xff", "15:30", "\n"}
	rng := rand.New(rand.NewPCG(11, 13))
	buf := []byte("déjà là")
	for range 50_000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		prev := []rune{0, 'a', ' ', '«'}[rng.IntN(4)]
		for _, ty := range []Typography{Off, French, Quebec} {
			buf = ty.ApplyBytes(buf, prev, s)
			if want := ty.Apply(prev, s); string(buf) != want {
				t.Fatalf("%v.ApplyBytes(%q, %q) = %q, want %q", ty, prev, s, buf, want)
			}
		}
	}
}
