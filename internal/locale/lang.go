package locale

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Lang holds the display rules of one language.
type Lang struct {
	Code string // the code as given: "fr", "en", "fr-CA"…
	Base string // the language whose rules apply: "fr" or "en"
}

// Get returns the rules for a language code: any French tag ("fr", "fr-CA",
// "fr_BE", "fra"…) gets the French rules, any English tag the English ones;
// for any other code ok is false.
func Get(code string) (Lang, bool) {
	if !wellFormed(code) {
		return Lang{}, false
	}
	base, _, _ := strings.Cut(strings.ReplaceAll(strings.ToLower(code), "_", "-"), "-")
	switch base {
	case "fr", "fra", "fre":
		return Lang{Code: code, Base: "fr"}, true
	case "en", "eng":
		return Lang{Code: code, Base: "en"}, true
	}
	return Lang{}, false
}

// wellFormed reports whether code has the shape of a language tag: two or
// three letters, then parts of one to eight letters or digits ("fr",
// "fr-CA", "en-GB", "fr_FR"). It becomes a lang attribute and a folder
// name: nothing else may pass.
func wellFormed(code string) bool {
	for i, part := range strings.FieldsFunc(code+"-", func(r rune) bool { return r == '-' || r == '_' }) {
		n := len(part)
		if i == 0 && (n < 2 || n > 3) || n < 1 || n > 8 {
			return false
		}
		for _, c := range part {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return !strings.HasPrefix(code, "-") && !strings.Contains(code, "--") && !strings.HasSuffix(code, "-") &&
		!strings.Contains(code, "__") && !strings.HasSuffix(code, "_") && !strings.HasPrefix(code, "_")
}

func (l Lang) english() bool { return l.Base == "en" }

// monthFirst says that dates are written month first, as in the United
// States ("June 25, 2024"): English of region US.
func (l Lang) monthFirst() bool {
	if !l.english() {
		return false
	}
	_, region, _ := strings.Cut(strings.ReplaceAll(strings.ToLower(l.Code), "_", "-"), "-")
	return region == "us"
}

var (
	frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin",
		"juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	frDays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
)

func (l Lang) month(m time.Month) string {
	if l.english() {
		return m.String()
	}
	return frMonths[m-1]
}

func (l Lang) weekday(d time.Weekday) string {
	if l.english() {
		return d.String()
	}
	return frDays[d]
}

// Date formats the day of t, in t's own location (it does not convert):
// "25 juin 2024", "1er juin 2024" (never "1 juin"), month in lowercase, no
// comma; in English "25 June 2024", "1 June 2024", and in the English of
// the United States (en-US) "June 25, 2024".
func (l Lang) Date(t time.Time) string {
	if l.monthFirst() {
		return fmt.Sprintf("%s %d, %d", l.month(t.Month()), t.Day(), t.Year())
	}
	day := fmt.Sprint(t.Day())
	if !l.english() && t.Day() == 1 {
		day = "1er"
	}
	return day + " " + l.MonthYear(t)
}

// HTML is a text of dates (Date, LongDate, a dateline) for HTML: escaped,
// with the French ordinal as a superscript, "1<sup>er</sup> décembre". Feeds
// and titles keep the plain text.
func HTML(text string) string {
	var b strings.Builder
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "1er")
		if j < 0 {
			b.WriteString(html.EscapeString(text[i:]))
			break
		}
		j += i
		b.WriteString(html.EscapeString(text[i:j]))
		end := j + len("1er")
		// "1er" standing alone, as a date writes it: not "21er", "1ers".
		if (j == 0 || !unicode.IsDigit(rune(text[j-1]))) && (end == len(text) || text[end] == ' ' || strings.HasPrefix(text[end:], "\u00a0")) {
			b.WriteString("1<sup>er</sup>")
		} else {
			b.WriteString("1er")
		}
		i = end
	}
	return b.String()
}

// LongDate is Date with the weekday first: "mardi 25 juin 2024",
// "samedi 1er juin 2024"; in English "Tuesday 25 June 2024".
func (l Lang) LongDate(t time.Time) string {
	if l.monthFirst() {
		return l.weekday(t.Weekday()) + ", " + l.Date(t)
	}
	return l.weekday(t.Weekday()) + " " + l.Date(t)
}

// MonthYear formats the month of t: "juin 2024", "June 2024".
func (l Lang) MonthYear(t time.Time) string {
	return fmt.Sprintf("%s %d", l.month(t.Month()), t.Year())
}

// Time formats the time of day of t, in t's own location, to the minute:
// "6 h", "15 h 30", "0 h 05" in French; "6 am", "3:30 pm", "12 pm" (noon),
// "12 am" (midnight) in English.
func (l Lang) Time(t time.Time) string {
	h, m := t.Hour(), t.Minute()
	if !l.english() {
		// Kept together: "6\u202fh", "6\u202fh\u202f30".
		if m == 0 {
			return fmt.Sprintf("%d\u202fh", h)
		}
		return fmt.Sprintf("%d\u202fh\u202f%02d", h, m)
	}
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	h %= 12
	if h == 0 {
		h = 12
	}
	if m == 0 {
		return fmt.Sprintf("%d %s", h, suffix)
	}
	return fmt.Sprintf("%d:%02d %s", h, m, suffix)
}

// Size formats a byte count for a download link, with binary multiples
// (1 Ko = 1024 octets, as file managers count): "512 octets", "240 Ko",
// "1,2 Mo" in French; "512 bytes", "240 KB", "1.2 MB" in English. Below 10
// units one decimal is shown unless it is 0 ("1 Mo", not "1,0 Mo"); from 10
// units, none.
func (l Lang) Size(n int64) string {
	units, comma := []string{"Ko", "Mo", "Go", "To", "Po", "Eo"}, ","
	if l.english() {
		units, comma = []string{"KB", "MB", "GB", "TB", "PB", "EB"}, "."
	}
	if n < 1024 {
		switch {
		case l.english() && n == 1:
			return "1 byte"
		case l.english():
			return fmt.Sprintf("%d bytes", n)
		case n == 0 || n == 1:
			return fmt.Sprintf("%d octet", n)
		}
		return fmt.Sprintf("%d octets", n)
	}
	v := float64(n)
	for i, unit := range units {
		v /= 1024
		if tenths := math.Round(v * 10); tenths < 100 {
			whole, frac := int64(tenths)/10, int64(tenths)%10
			if frac == 0 {
				return fmt.Sprintf("%d %s", whole, unit)
			}
			return fmt.Sprintf("%d%s%d %s", whole, comma, frac, unit)
		}
		if r := math.Round(v); r < 1024 || i == len(units)-1 {
			return fmt.Sprintf("%.0f %s", r, unit)
		}
	}
	panic("unreachable")
}

// About titles an organisation's boilerplate: "À propos de Lumière",
// "À propos d’Enfance Protégée" (French elides "de" before a vowel),
// "About Lumière".
func (l Lang) About(name string) string {
	if l.Base == "en" {
		return l.T("about") + " " + name
	}
	if elides(name) {
		return strings.TrimSuffix(l.T("about"), "de") + "d’" + name
	}
	return l.T("about") + " " + name
}

// ZoneTime names the local time of a city: "heure de Paris",
// "heure d’Amsterdam", "Paris time".
func (l Lang) ZoneTime(city string) string {
	if l.Base == "en" {
		return fmt.Sprintf(l.T("zone_time"), city)
	}
	if elides(city) {
		return strings.TrimSuffix(l.T("zone_time"), "de %s") + "d’" + city
	}
	return fmt.Sprintf(l.T("zone_time"), city)
}

// elides reports whether French "de" becomes "d’" before word.
func elides(word string) bool {
	first, _ := utf8.DecodeRuneInString(word)
	return strings.ContainsRune("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸŒÆaeiouyàâäéèêëîïôöùûüÿœæ", first)
}

// List joins names as a sentence does: "Claire Vasseur et Bertrand Aubry",
// "A, B et C"; "A, B and C" in English.
func (l Lang) List(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	and := " et "
	if l.english() {
		and = " and "
	}
	return strings.Join(names[:len(names)-1], ", ") + and + names[len(names)-1]
}
