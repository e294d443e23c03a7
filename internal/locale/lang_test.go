package locale

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGet(t *testing.T) {
	tests := []struct {
		code, base string
		ok         bool
	}{
		{"fr", "fr", true},
		{"fr-CA", "fr", true},
		{"fr_BE", "fr", true},
		{"FR", "fr", true},
		{"en", "en", true},
		{"en-GB", "en", true},
		{"de", "", false},
		{"fry", "", false},
		{"", "", false},
		{"en-419", "en", true},
		{"fr-FR-x-presse", "fr", true},
		// Tags that would make a broken lang attribute or folder name.
		{"en-*", "", false},
		{"en- /x", "", false},
		{"en-\nx", "", false},
		{"en-", "", false},
		{"en--GB", "", false},
		{"-en", "", false},
		{"en-abcdefghi", "", false},
		{"e", "", false},
		{"fr-CA/../x", "", false},
	}
	for _, tt := range tests {
		l, ok := Get(tt.code)
		if ok != tt.ok || l.Base != tt.base || ok && l.Code != tt.code {
			t.Errorf("Get(%q) = %+v, %v; want base %q, %v", tt.code, l, ok, tt.base, tt.ok)
		}
	}
}

func lang(t *testing.T, code string) Lang {
	t.Helper()
	l, ok := Get(code)
	if !ok {
		t.Fatalf("Get(%q) failed", code)
	}
	return l
}

func TestDates(t *testing.T) {
	paris := time.FixedZone("CEST", 2*60*60)
	montreal := time.FixedZone("EDT", -4*60*60)
	// The same instant: 1 July in Paris, still 30 June in Montréal.
	instant := time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		code                         string
		t                            time.Time
		date, long, monthYear, clock string
	}{
		{"fr", time.Date(2024, 6, 25, 6, 0, 0, 0, paris), "25 juin 2024", "mardi 25 juin 2024", "juin 2024", "6\u202fh"},
		{"fr", time.Date(2024, 6, 1, 15, 30, 0, 0, paris), "1er juin 2024", "samedi 1er juin 2024", "juin 2024", "15\u202fh\u202f30"},
		{"fr", time.Date(2024, 8, 11, 0, 5, 0, 0, time.UTC), "11 août 2024", "dimanche 11 août 2024", "août 2024", "0\u202fh\u202f05"},
		{"fr", time.Date(2025, 2, 3, 9, 7, 59, 0, time.UTC), "3 février 2025", "lundi 3 février 2025", "février 2025", "9\u202fh\u202f07"},
		{"fr-CA", time.Date(2024, 12, 31, 23, 59, 0, 0, montreal), "31 décembre 2024", "mardi 31 décembre 2024", "décembre 2024", "23\u202fh\u202f59"},
		{"fr", instant.In(paris), "1er juillet 2024", "lundi 1er juillet 2024", "juillet 2024", "1\u202fh\u202f30"},
		{"fr", instant.In(montreal), "30 juin 2024", "dimanche 30 juin 2024", "juin 2024", "19\u202fh\u202f30"},
		{"en", time.Date(2024, 6, 25, 6, 0, 0, 0, paris), "25 June 2024", "Tuesday 25 June 2024", "June 2024", "6 am"},
		{"en", time.Date(2024, 6, 1, 15, 30, 0, 0, paris), "1 June 2024", "Saturday 1 June 2024", "June 2024", "3:30 pm"},
		{"en", time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC), "1 June 2024", "Saturday 1 June 2024", "June 2024", "12 pm"},
		{"en", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), "1 June 2024", "Saturday 1 June 2024", "June 2024", "12 am"},
		{"en-GB", time.Date(2024, 6, 1, 0, 5, 0, 0, time.UTC), "1 June 2024", "Saturday 1 June 2024", "June 2024", "12:05 am"},
		{"en", instant.In(montreal), "30 June 2024", "Sunday 30 June 2024", "June 2024", "7:30 pm"},
	}
	for _, tt := range tests {
		l := lang(t, tt.code)
		name := fmt.Sprintf("%s %s", tt.code, tt.t.Format(time.RFC3339))
		if got := l.Date(tt.t); got != tt.date {
			t.Errorf("%s: Date = %q, want %q", name, got, tt.date)
		}
		if got := l.LongDate(tt.t); got != tt.long {
			t.Errorf("%s: LongDate = %q, want %q", name, got, tt.long)
		}
		if got := l.MonthYear(tt.t); got != tt.monthYear {
			t.Errorf("%s: MonthYear = %q, want %q", name, got, tt.monthYear)
		}
		if got := l.Time(tt.t); got != tt.clock {
			t.Errorf("%s: Time = %q, want %q", name, got, tt.clock)
		}
	}
}

// Every French month and weekday is lowercase, and no day is "1 <month>".
func TestFrenchDatesLowercase(t *testing.T) {
	fr := lang(t, "fr")
	for d := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() == 2024; d = d.AddDate(0, 0, 1) {
		long := fr.LongDate(d)
		if long != strings.ToLower(long) {
			t.Errorf("LongDate(%s) = %q, not lowercase", d.Format(time.DateOnly), long)
		}
		if d.Day() == 1 && !strings.Contains(long, " 1er ") {
			t.Errorf("LongDate(%s) = %q, want 1er", d.Format(time.DateOnly), long)
		}
	}
}

func TestZeroLangIsFrench(t *testing.T) {
	d := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	if got := (Lang{}).Date(d); got != "1er juin 2024" {
		t.Errorf("Lang{}.Date = %q", got)
	}
	if got := (Lang{}).T("home"); got != "Accueil" {
		t.Errorf("Lang{}.T(home) = %q", got)
	}
}

func TestSize(t *testing.T) {
	tests := []struct {
		n      int64
		fr, en string
	}{
		{0, "0 octet", "0 bytes"},
		{1, "1 octet", "1 byte"},
		{512, "512 octets", "512 bytes"},
		{1023, "1023 octets", "1023 bytes"},
		{1024, "1 Ko", "1 KB"},
		{1536, "1,5 Ko", "1.5 KB"},
		{10188, "9,9 Ko", "9.9 KB"},
		{10200, "10 Ko", "10 KB"}, // 9.96 rounds to 10, shown without decimal
		{240 * 1024, "240 Ko", "240 KB"},
		{1024*1024 - 1, "1 Mo", "1 MB"},
		{1258291, "1,2 Mo", "1.2 MB"},
		{15 * 1024 * 1024, "15 Mo", "15 MB"},
		{3 << 30, "3 Go", "3 GB"},
		{5 << 40, "5 To", "5 TB"},
		{1<<63 - 1, "8 Eo", "8 EB"},
	}
	fr, en := lang(t, "fr"), lang(t, "en")
	for _, tt := range tests {
		if got := fr.Size(tt.n); got != tt.fr {
			t.Errorf("fr Size(%d) = %q, want %q", tt.n, got, tt.fr)
		}
		if got := en.Size(tt.n); got != tt.en {
			t.Errorf("en Size(%d) = %q, want %q", tt.n, got, tt.en)
		}
	}
}

func TestT(t *testing.T) {
	fr, en := lang(t, "fr-CA"), lang(t, "en")
	for _, key := range Keys() {
		for _, l := range []Lang{fr, en} {
			v := l.T(key)
			if v == "" || strings.HasPrefix(v, "⟦") {
				t.Errorf("%s: T(%q) = %q", l.Code, key, v)
			}
		}
		// French strings are already typeset.
		if v := fr.T(key); French.String(v) != v {
			t.Errorf("fr: T(%q) = %q, want %q", key, v, show(French.String(v)))
		}
	}
	if got := fr.T("no_such_key"); got != "⟦no_such_key⟧" {
		t.Errorf("T(unknown) = %q", got)
	}
	if got := fmt.Sprintf(fr.T("statement_many"), 3); got != "3 textes" {
		t.Errorf("statement_many = %q", got)
	}
	if got := fmt.Sprintf(en.T("statement_many"), 3); got != "3 statements" {
		t.Errorf("statement_many = %q", got)
	}
}

// The English of the United States writes the month first.
func TestMonthFirstDates(t *testing.T) {
	d := time.Date(2024, 6, 25, 10, 0, 0, 0, time.UTC)
	for code, want := range map[string][2]string{
		"en":    {"25 June 2024", "Tuesday 25 June 2024"},
		"en-GB": {"25 June 2024", "Tuesday 25 June 2024"},
		"en-US": {"June 25, 2024", "Tuesday, June 25, 2024"},
		"en_us": {"June 25, 2024", "Tuesday, June 25, 2024"},
		"fr-CA": {"25 juin 2024", "mardi 25 juin 2024"},
	} {
		l, ok := Get(code)
		if !ok {
			t.Fatal(code)
		}
		if got := [2]string{l.Date(d), l.LongDate(d)}; got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}

// Both languages have the same keys (templates' keys are checked against
// the built-in layouts in package render).
func TestKeys(t *testing.T) {
	if !slices.Equal(slices.Sorted(maps.Keys(fr)), slices.Sorted(maps.Keys(en))) {
		t.Error("fr and en interface strings have different keys")
	}
	if !slices.IsSorted(Keys()) {
		t.Error("Keys() is not sorted")
	}
}

func TestAbout(t *testing.T) {
	fr, _ := Get("fr")
	en, _ := Get("en")
	for _, tt := range []struct {
		l        Lang
		in, want string
	}{
		{fr, "Enfance Protégée", "À propos d’Enfance Protégée"},
		{fr, "Lumière", "À propos de Lumière"},
		{fr, "Écoute", "À propos d’Écoute"},
		{en, "Enfance Protégée", "About Enfance Protégée"},
	} {
		if got := tt.l.About(tt.in); got != tt.want {
			t.Errorf("About(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestZoneTime(t *testing.T) {
	fr, _ := Get("fr")
	en, _ := Get("en")
	for _, tt := range []struct {
		l        Lang
		in, want string
	}{
		{fr, "Paris", "heure de Paris"},
		{fr, "Amsterdam", "heure d’Amsterdam"},
		{en, "Montreal", "Montreal time"},
	} {
		if got := tt.l.ZoneTime(tt.in); got != tt.want {
			t.Errorf("ZoneTime(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	fr, _ := Get("fr")
	en, _ := Get("en")
	for _, tt := range []struct {
		l     Lang
		names []string
		want  string
	}{
		{fr, nil, ""},
		{fr, []string{"Claire Vasseur"}, "Claire Vasseur"},
		{fr, []string{"Claire Vasseur", "Bertrand Aubry"}, "Claire Vasseur et Bertrand Aubry"},
		{fr, []string{"A", "B", "C"}, "A, B et C"},
		{en, []string{"A", "B", "C"}, "A, B and C"},
	} {
		if got := tt.l.List(tt.names); got != tt.want {
			t.Errorf("%s List(%q) = %q, want %q", tt.l.Code, tt.names, got, tt.want)
		}
	}
}

func TestHTMLOrdinal(t *testing.T) {
	for in, want := range map[string]string{
		"1er décembre 2026":              "1<sup>er</sup> décembre 2026",
		"mardi 1er décembre 2026":        "mardi 1<sup>er</sup> décembre 2026",
		"Paris, le 1er mars 2027\u00a0–": "Paris, le 1<sup>er</sup> mars 2027\u00a0–",
		"21 décembre 2026":               "21 décembre 2026",
		"les 1ers & <b>":                 "les 1ers &amp; &lt;b&gt;",
		"December 1, 2026":               "December 1, 2026",
	} {
		if got := HTML(in); got != want {
			t.Errorf("HTML(%q) = %q, want %q", in, got, want)
		}
	}
}
