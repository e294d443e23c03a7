package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// langAt is the instant of the bilingual site's builds: the English
// communiqué is under embargo until langLift.
var (
	langAt   = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	langLift = time.Date(2026, 6, 1, 4, 0, 0, 0, time.UTC)
)

func bilingualSite() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"site.toml": f(`title = "Exemple — presse"
description = "Les tribunes d'Exemple."
baseURL = "https://presse.example/"
language = "fr"

[[menu]]
name = "Tribunes"
url = "/tribunes/"

[languages.en]
title = "Exemple — press room"
description = "Exemple's op-eds."

[languages.en.sections]
tribunes = "op-eds"

[[languages.en.menu]]
name = "Op-eds"
url = "/en/op-eds/"
`),
		"content/tribunes/budget.md": f(`---
title: "Le budget de la prévention"
date: 2026-03-01
translationKey: budget
tags: [Prévention]
signatories: [{name: Alice Martin, role: Présidente}]
---
Le texte français de la tribune.
`),
		"content/tribunes/budget.en.md": f(`---
title: "The prevention budget"
date: 2026-03-02
lang: en
translationKey: budget
tags: [Prevention]
signatories: [{name: Alice Martin, role: President}]
---
The English text of the op-ed.
`),
		"content/tribunes/seule.md": f(`---
title: "Une tribune sans traduction"
date: 2026-02-01
signatories: [{name: Bruno Petit}]
---
Seulement en français.
`),
		"content/communiques/rapport.md": f(`---
title: "Le rapport paraît"
date: 2026-04-01
translationKey: rapport
---
Le rapport paraît.
`),
		"content/communiques/rapport.en.md": f(`---
title: "The report is out"
date: 2026-04-01
embargo: 2026-06-01T06:00:00+02:00
lang: en
translationKey: rapport
---
The report is out.
`),
	}
}

// A language of [languages] has its own site under its prefix: home,
// lists with its names, topics, signatories, press room, site map,
// search, 404 and feeds, in its language; the default language keeps
// the root.
func TestLanguageTrees(t *testing.T) {
	res := buildFS(t, bilingualSite(), Options{At: langAt})
	for _, name := range []string{
		"index.html", "tribunes/le-budget-de-la-prevention/index.html", "themes/prevention/index.html", "signataires/alice-martin/index.html",
		"en/index.html", "en/op-eds/index.html", "en/op-eds/the-prevention-budget/index.html", "en/press-releases/index.html",
		"en/topics/index.html", "en/topics/prevention/index.html", "en/signatories/alice-martin/index.html", "en/press/index.html",
		"en/sitemap/index.html", "en/search/index.html", "en/search/index.json", "en/404.html", "en/feeds/index.html",
		"en/rss.xml", "en/op-eds/rss.xml", "en/topics/prevention/atom.xml", "en/partage.png",
	} {
		if _, ok := res.Files[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	mustContain(t, "English 404", page(t, res, "en/404.html"), `<a href="/en/">Back to the home page</a>`)
	home := page(t, res, "en/index.html")
	mustContain(t, "English home", home, `<html lang="en">`, "<title>Exemple — press room</title>",
		`<a href="/en/op-eds/">Op-eds</a>`, `action="/en/search/"`, `<p class="intro">Exemple&#39;s op-eds.</p>`,
		`<a href="/en/press/">Press room</a>`, `<a href="/en/sitemap/">`, `<a href="/en/topics/">`)
	if strings.Contains(home, "Le budget") || strings.Contains(home, `href="/tribunes/`) {
		t.Error("the English home lists a French statement or links the French list")
	}
	op := page(t, res, "en/op-eds/the-prevention-budget/index.html")
	mustContain(t, "English op-ed", op, `<a href="/en/">Home</a>`, `<a href="/en/op-eds/">Op-eds</a>`,
		`<a href="/en/topics/prevention/">Prevention</a>`, `<a href="/en/signatories/alice-martin/">Alice Martin</a>`)
	// Each search index holds its language's statements.
	var idx struct {
		Docs []struct {
			URL string `json:"u"`
		} `json:"docs"`
	}
	for name, want := range map[string][]string{
		"recherche/index.json": {"/communiques/le-rapport-parait/", "/tribunes/le-budget-de-la-prevention/", "/tribunes/une-tribune-sans-traduction/"},
		"en/search/index.json": {"/en/op-eds/the-prevention-budget/"},
	} {
		if err := json.Unmarshal(res.Files[name], &idx); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range idx.Docs {
			got = append(got, d.URL)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	// Each index leaves out its language's stop words: "car" is a word in
	// English.
	var stops struct {
		Stop string `json:"stop"`
	}
	for name, want := range map[string]bool{"recherche/index.json": true, "en/search/index.json": false} {
		if err := json.Unmarshal(res.Files[name], &stops); err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(strings.Fields(stops.Stop), "car"); got != want || !slices.Contains(strings.Fields(stops.Stop), map[bool]string{true: "les", false: "the"}[want]) {
			t.Errorf("%s: stop words %q", name, stops.Stop)
		}
	}
	feed := string(res.Files["en/rss.xml"])
	if !strings.Contains(feed, "The prevention budget") || strings.Contains(feed, "Le budget") || !strings.Contains(feed, "<language>en</language>") {
		t.Errorf("English feed:\n%s", feed)
	}
	// Netlify shows the English 404 under /en/, after every other rule.
	red := string(res.Files["_redirects"])
	if !strings.HasSuffix(red, "/en/* /en/404.html 404\n") {
		t.Errorf("_redirects:\n%s", red)
	}
}

var hreflangRE = regexp.MustCompile(`<link rel="?alternate"? hreflang="?([^" >]+)"? href="?([^" >]+)"?>`)

func hreflangs(page string) map[string]string {
	out := map[string]string{}
	for _, m := range hreflangRE.FindAllStringSubmatch(page, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// Translations link each other both ways: hreflang with x-default, the
// language switcher, Open Graph locales, JSON-LD. A page without a
// translation links the other language's home.
func TestTranslationsLinked(t *testing.T) {
	res := buildFS(t, bilingualSite(), Options{At: langAt})
	fr := page(t, res, "tribunes/le-budget-de-la-prevention/index.html")
	en := page(t, res, "en/op-eds/the-prevention-budget/index.html")
	frURL, enURL := "https://presse.example/tribunes/le-budget-de-la-prevention/", "https://presse.example/en/op-eds/the-prevention-budget/"
	want := map[string]string{"fr": frURL, "en": enURL, "x-default": frURL}
	for what, p := range map[string]string{"French": fr, "English": en} {
		got := hreflangs(p)
		if len(got) != 3 || got["fr"] != want["fr"] || got["en"] != want["en"] || got["x-default"] != want["x-default"] {
			t.Errorf("%s hreflang: %v", what, got)
		}
	}
	mustContain(t, "French tribune", fr,
		`<nav class="languages wrap" aria-label="Langues"><ul><li><a href="/en/op-eds/the-prevention-budget/" lang="en" hreflang="en">English</a></li></ul></nav>`,
		`<meta property="og:locale:alternate" content="en_GB">`)
	mustContain(t, "English op-ed", en,
		`<nav class="languages wrap" aria-label="Languages"><ul><li><a href="/tribunes/le-budget-de-la-prevention/" lang="fr" hreflang="fr">Français</a></li></ul></nav>`,
		`<meta property="og:locale:alternate" content="fr_FR">`)
	if ld := jsonLD(t, fr); !strings.Contains(ld["workTranslation"].([]any)[0].(map[string]any)["url"].(string), "/en/op-eds/the-prevention-budget/") {
		t.Errorf("French JSON-LD: %v", ld["workTranslation"])
	}
	if ld := jsonLD(t, en); ld["translationOfWork"].(map[string]any)["url"] != frURL || ld["inLanguage"] != "en" {
		t.Errorf("English JSON-LD: %v", ld)
	}
	// No translation: no hreflang, the switcher leads to the English home.
	alone := page(t, res, "tribunes/une-tribune-sans-traduction/index.html")
	if len(hreflangs(alone)) != 0 {
		t.Errorf("a tribune without translation has hreflang: %v", hreflangs(alone))
	}
	mustContain(t, "tribune without translation", alone, `<a href="/en/" lang="en" hreflang="en">English</a>`)
}

// A translation under embargo hides itself only: its public counterpart
// does not link it until the lift, when both link each other.
func TestHiddenTranslation(t *testing.T) {
	res := buildFS(t, bilingualSite(), Options{At: langAt})
	for name := range res.Files {
		if strings.Contains(name, "report-is-out") {
			t.Errorf("%s published under embargo", name)
		}
	}
	fr := page(t, res, "communiques/le-rapport-parait/index.html")
	if len(hreflangs(fr)) != 0 || strings.Contains(fr, "report-is-out") || strings.Contains(fr, "The report") {
		t.Errorf("the public communiqué names its hidden translation:\n%s", fr)
	}
	mustContain(t, "public communiqué", fr, `<a href="/en/" lang="en" hreflang="en">English</a>`)
	if bytes.Contains(res.Files["sitemap.xml"], []byte("report-is-out")) {
		t.Error("the sitemap names the hidden translation")
	}

	// The lift of the translation is the site's next change, and it may
	// have a copy for journalists, in English.
	if !res.Site.NextChange.Equal(langLift) {
		t.Errorf("next change %v, want the English embargo %v", res.Site.NextChange, langLift)
	}
	access := bilingualSite()
	editFile(t, access, "content/communiques/rapport.en.md", "lang: en\n", "lang: en\nembargoAccess: true\n")
	withCopy := buildFS(t, access, Options{At: langAt, EmbargoKey: demoKey})
	if len(withCopy.Site.EmbargoCopies) != 1 {
		t.Fatalf("%d embargo copies", len(withCopy.Site.EmbargoCopies))
	}
	c := withCopy.Site.EmbargoCopies[0]
	mustContain(t, "English embargo copy", page(t, withCopy, strings.TrimPrefix(c.URL, "/")+"index.html"), `<html lang="en">`, "The report is out.")
	if len(hreflangs(page(t, withCopy, strings.TrimPrefix(c.URL, "/")+"index.html"))) != 0 {
		t.Error("the embargo copy names its translation")
	}

	after := buildFS(t, bilingualSite(), Options{At: langLift})
	fr = page(t, after, "communiques/le-rapport-parait/index.html")
	if h := hreflangs(fr); h["en"] != "https://presse.example/en/press-releases/the-report-is-out/" {
		t.Errorf("after the lift, hreflang %v", h)
	}
	// A public text linking the translation before its lift is a leak.
	fsys := bilingualSite()
	editFile(t, fsys, "content/tribunes/seule.md", "Seulement en français.", "Voir [la version anglaise](/en/press-releases/the-report-is-out/).")
	if _, err := runFS(t.Context(), fsys, Options{At: langAt}); err == nil || !strings.Contains(err.Error(), "content/tribunes/seule.md:6:7: links to /en/press-releases/the-report-is-out, under embargo") {
		t.Errorf("a link to the hidden translation: %v", err)
	}
}

// Search engines read the pair in the sitemap, as an XML parser reads it.
func TestSitemapAlternates(t *testing.T) {
	res := buildFS(t, bilingualSite(), Options{At: langAt})
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(res.Files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, u := range sm.URLs {
		switch u.Loc {
		case "https://presse.example/tribunes/le-budget-de-la-prevention/", "https://presse.example/en/op-eds/the-prevention-budget/":
			found++
			got := map[string]string{}
			for _, l := range u.Links {
				if l.Rel == "alternate" {
					got[l.HrefLang] = l.Href
				}
			}
			if got["fr"] != "https://presse.example/tribunes/le-budget-de-la-prevention/" || got["en"] != "https://presse.example/en/op-eds/the-prevention-budget/" || got["x-default"] != got["fr"] {
				t.Errorf("%s: alternates %v", u.Loc, got)
			}
		case "https://presse.example/en/":
			found++
		}
	}
	if found != 3 {
		t.Errorf("the sitemap has %d of the pair and the English home", found)
	}
}

// Mistakes with languages are errors at their line.
func TestLanguageErrors(t *testing.T) {
	fsys := bilingualSite()
	setFile(fsys, "content/tribunes/autre.en.md", "---\ntitle: Another\ndate: 2026-03-03\nlang: en\ntranslationKey: budget\nsignatories: [{name: X}]\n---\nText.\n")
	setFile(fsys, "content/tribunes/perdue.md", "---\ntitle: Perdue\ndate: 2026-03-03\ntranslationKey: nulle-part\nsignatories: [{name: X}]\n---\nTexte.\n")
	setFile(fsys, "content/tribunes/us.md", "---\ntitle: American\ndate: 2026-03-03\nlang: en-US\nsignatories: [{name: X}]\n---\nText.\n")
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "\n[languages.en-GB]\nprefix = \"uk\"\n"...)
	msg := buildErr(t, fsys)
	for _, want := range []string{
		`content/tribunes/budget.en.md:5:1: translationKey "budget" is also that of content/tribunes/autre.en.md, in the same language (en)`,
		`content/tribunes/perdue.md:4:1: translationKey "nulle-part": no other text has it`,
		`content/tribunes/us.md:4:1: lang: "en-US" is not a language of the site: write one of fr, en, en-GB, or declare it in site.toml`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	for toml, want := range map[string]string{
		"[languages.fr]\ntitle = \"x\"\n":                     `languages.fr: it is the site's language already`,
		"[languages.de]\ntitle = \"x\"\n":                     `languages.de: unknown language: use fr or en`,
		"[languages.en-US]\nprefix = \"en\"\n":                `languages.en-US: the prefix "en" is also that of languages.en`,
		"[languages.en-GB]\nprefix = \"En GB\"\n":             `languages.en-GB.prefix "En GB": use lower-case letters, digits and hyphens`,
		"[languages.en-US.sections]\ntribunes = \"Op Eds\"\n": `languages.en-US.sections.tribunes "Op Eds": use lower-case letters, digits and hyphens`,
	} {
		fsys := bilingualSite()
		fsys["site.toml"].Data = append(fsys["site.toml"].Data, "\n"+toml...)
		if msg := buildErr(t, fsys); !strings.Contains(msg, want) {
			t.Errorf("%q: %s", toml, msg)
		}
	}
}

// Review cases: regional and upper-case codes, a site of one tree with
// translations, the old language feeds, names that collide, translations
// of another kind or kept from search engines, the switcher on lists.
func TestLanguageCases(t *testing.T) {
	fsys := bilingualSite()
	setFile(fsys, "content/tribunes/region.md", "---\ntitle: Régionale\ndate: 2026-03-05\nlang: fr-FR\nsignatories: [{name: X}]\n---\nTexte.\n")
	setFile(fsys, "content/tribunes/uk.md", "---\ntitle: British\ndate: 2026-03-05\nlang: EN\nsignatories: [{name: X}]\n---\nText.\n")
	setFile(fsys, "content/a-propos.md", "---\ntitle: À propos\ndate: 2024-01-01\ntranslationKey: about\n---\nQui nous sommes.\n")
	setFile(fsys, "content/a-propos.en.md", "---\ntitle: About\ndate: 2024-01-01\nlang: en\ntranslationKey: about\n---\nWho we are.\n")
	res := buildFS(t, fsys, Options{At: langAt})
	page(t, res, "tribunes/regionale/index.html")
	uk := page(t, res, "en/op-eds/british/index.html")
	mustContain(t, "upper-case code", uk, `<meta property="og:locale" content="en_GB">`)
	if h := hreflangs(page(t, res, "a-propos/index.html")); h["en"] != "https://presse.example/en/a-propos/" {
		t.Errorf("a plain page and its translation: %v", h)
	}
	// The switcher leads to the same list, the same generated page.
	mustContain(t, "tribunes list", page(t, res, "tribunes/index.html"), `<a href="/en/op-eds/" lang="en" hreflang="en">English</a>`)
	mustContain(t, "press room", page(t, res, "presse/index.html"), `<a href="/en/press/" lang="en" hreflang="en">English</a>`)
	// The homes are versions of one page.
	if h := hreflangs(page(t, res, "en/index.html")); h["fr"] != "https://presse.example/" || h["en"] != "https://presse.example/en/" || h["x-default"] != "https://presse.example/" {
		t.Errorf("homes: %v", h)
	}
	// Subscribers of the old language feeds follow.
	if !strings.Contains(string(res.Files["_redirects"]), "/langues/en/* /en/:splat 301\n") {
		t.Errorf("_redirects:\n%s", res.Files["_redirects"])
	}

	// One tree with translations: the sitemap is XML, and the French
	// version is the original on both pages.
	one := bilingualSite()
	one["site.toml"].Data = []byte("title = \"Exemple\"\nbaseURL = \"https://presse.example/\"\n")
	res = buildFS(t, one, Options{At: langAt})
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(res.Files["sitemap.xml"], &sm); err != nil || len(sm.URLs) == 0 {
		t.Errorf("sitemap of one tree with translations: %v", err)
	}
	fr, en := page(t, res, "tribunes/le-budget-de-la-prevention/index.html"), page(t, res, "tribunes/the-prevention-budget/index.html")
	for what, p := range map[string]string{"French": fr, "English": en} {
		if h := hreflangs(p); h["x-default"] != "https://presse.example/tribunes/le-budget-de-la-prevention/" {
			t.Errorf("%s, one tree: %v", what, h)
		}
	}
	if ld := jsonLD(t, en); ld["translationOfWork"] == nil || ld["workTranslation"] != nil {
		t.Errorf("English, one tree: %v", ld)
	}

	// Kept from search engines: no hreflang to it.
	hidden := bilingualSite()
	editFile(t, hidden, "content/tribunes/budget.en.md", "lang: en\n", "lang: en\nnoindex: true\n")
	res = buildFS(t, hidden, Options{At: langAt})
	if h := hreflangs(page(t, res, "tribunes/le-budget-de-la-prevention/index.html")); len(h) != 0 {
		t.Errorf("hreflang to a noindex translation: %v", h)
	}

	for _, tt := range []struct{ edit, want string }{
		{"[languages.en.sections]\ntribunes = \"op-eds\"", "[languages.en.sections]\ntribunes = \"topics\"\x00site.toml:15:1: languages.en.sections.tribunes \"topics\": it is the address of another page of the language (\"/en/topics/\")"},
		{"[languages.en]\n", "[languages.en]\nprefix = \"presse\"\n\x00site.toml:11:1: languages.en.prefix \"presse\": it is an address of the site's own pages"},
	} {
		fsys := bilingualSite()
		edit, want, _ := strings.Cut(tt.want, "\x00")
		editFile(t, fsys, "site.toml", tt.edit, edit)
		if _, err := runFS(t.Context(), fsys, Options{At: langAt}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", edit, err)
		}
	}
	// A menu entry to an address the site does not have is warned of.
	menu := bilingualSite()
	editFile(t, menu, "site.toml", "url = \"/en/op-eds/\"", "url = \"/en/opinion/\"")
	res = buildFS(t, menu, Options{At: langAt})
	if w := res.Warnings.Error(); !strings.Contains(w, `menu entry "Op-eds" leads to "/en/opinion/", which the site does not have`) {
		t.Errorf("warnings: %s", w)
	}

	kinds := bilingualSite()
	editFile(t, kinds, "content/communiques/rapport.md", "translationKey: rapport", "translationKey: budget")
	if _, err := runFS(t.Context(), kinds, Options{At: langAt}); err == nil || !strings.Contains(err.Error(), "a translation is of the same kind") {
		t.Errorf("a communiqué translating a tribune: %v", err)
	}
}
