package build

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tribune/internal/hosting"
	"tribune/internal/site"
)

const embargoFixture = `---
title: Communiqué sous embargo strict
date: 2024-06-25
embargo: 2024-06-25T06:00:00+02:00
attachments: [{src: /documents/secret.pdf, title: Dossier}]
tags: [Réservé]
---
Une phrase distinctive qui ne doit jamais fuiter avant l’heure.
`

func embargoSite() fstest.MapFS {
	return fstest.MapFS{
		"site.toml":                     {Data: []byte("title = \"Exemple\"\nbaseURL = \"https://exemple.example/\"\n")},
		"static/documents/secret.pdf":   {Data: []byte("%PDF secret")},
		"static/documents/public.pdf":   {Data: []byte("%PDF public")},
		"content/communiques/e.md":      {Data: []byte(embargoFixture)},
		"content/communiques/public.md": {Data: []byte("---\ntitle: Communiqué public\ndate: 2024-06-01\nattachments: [{src: /documents/public.pdf}]\n---\nCorps.\n")},
	}
}

// The embargo lifts at 6 h in Paris, 4 h UTC: one second before, the
// release exists nowhere; at the instant, everywhere.
func TestEmbargoBoundary(t *testing.T) {
	lift := time.Date(2024, 6, 25, 4, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		at     time.Time
		public bool
	}{
		{lift.Add(-time.Second), false},
		{lift.In(time.FixedZone("Tokyo", 9*3600)).Add(-time.Second), false},
		{lift, true},
		{lift.In(time.FixedZone("New York", -4*3600)), true},
		{lift.Add(time.Hour), true},
	} {
		res := buildFS(t, embargoSite(), Options{At: tt.at, Minify: true})
		_, page := res.Files["communiques/communique-sous-embargo-strict/index.html"]
		_, pdf := res.Files["documents/secret.pdf"]
		inFeed := bytes.Contains(res.Files["communiques/rss.xml"], []byte("embargo strict"))
		inSitemap := bytes.Contains(res.Files["sitemap.xml"], []byte("communique-sous-embargo-strict"))
		_, tag := res.Files["themes/reserve/index.html"]
		inSearch := bytes.Contains(res.Files["recherche/index.json"], []byte("communique-sous-embargo-strict"))
		inList := bytes.Contains(res.Files["communiques/index.html"], []byte("communique-sous-embargo-strict"))
		inAtom := bytes.Contains(res.Files["atom.xml"], []byte("embargo strict"))
		inJSON := bytes.Contains(res.Files["feed.json"], []byte("embargo strict"))
		for what, got := range map[string]bool{"page": page, "attachment": pdf, "feed item": inFeed, "sitemap line": inSitemap, "tag page": tag,
			"search entry": inSearch, "list entry": inList, "Atom entry": inAtom, "JSON Feed item": inJSON} {
			if got != tt.public {
				t.Errorf("at %v: %s present = %v, want %v", tt.at, what, got, tt.public)
			}
		}
		if _, ok := res.Files["documents/public.pdf"]; !ok {
			t.Errorf("at %v: the public attachment is missing", tt.at)
		}
	}
}

func TestStatesAtBoundaries(t *testing.T) {
	page := func(front string) fstest.MapFS {
		return fstest.MapFS{"content/x.md": {Data: []byte("---\ntitle: Page d’essai\n" + front + "---\nCorps.\n")}}
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		name, front string
		at          time.Time
		public      bool
	}{
		{"bare date is midnight in Paris: before", "date: 2024-03-10\n", time.Date(2024, 3, 9, 22, 59, 59, 0, time.UTC), false},
		{"bare date is midnight in Paris: at", "date: 2024-03-10\n", time.Date(2024, 3, 9, 23, 0, 0, 0, time.UTC), true},
		{"summer offset", "date: 2024-07-10T08:00:00\n", time.Date(2024, 7, 10, 6, 0, 0, 0, time.UTC), true},
		{"summer offset, a second early", "date: 2024-07-10T08:00:00\n", time.Date(2024, 7, 10, 5, 59, 59, 0, time.UTC), false},
		{"publishDate is an embargo", "date: 2024-01-01\npublishDate: 2024-05-01T12:00:00+02:00\n", time.Date(2024, 5, 1, 9, 59, 59, 0, time.UTC), false},
		{"publishDate lifted", "date: 2024-01-01\npublishDate: 2024-05-01T12:00:00+02:00\n", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true},
		{"expiry a second later", "date: 2024-01-01\nexpiryDate: 2024-05-01\n", time.Date(2024, 5, 1, 0, 0, -1, 0, paris), true},
		{"expiry at the instant", "date: 2024-01-01\nexpiryDate: 2024-05-01\n", time.Date(2024, 5, 1, 0, 0, 0, 0, paris), false},
		{"draft stays hidden", "date: 2024-01-01\ndraft: true\n", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := buildFS(t, page(tt.front), Options{At: tt.at})
			_, ok := res.Files["x/index.html"]
			if ok != tt.public {
				t.Errorf("page present = %v, want %v", ok, tt.public)
			}
		})
	}
}

func TestLeakGuardFires(t *testing.T) {
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	for name, body := range map[string]string{
		"link to the hidden URL":    "Voir [le communiqué](/communiques/communique-sous-embargo-strict/).",
		"quote of the hidden title": "Bientôt : Communiqué sous embargo strict.",
		"its distinctive sentence":  "Une phrase distinctive qui ne doit jamais fuiter avant l’heure.",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := embargoSite()
			fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-01-01\n---\n" + body + "\n")}
			_, err := runFS(context.Background(), fsys, Options{At: at})
			if err == nil {
				t.Fatal("the build published a page that mentions a hidden statement")
			}
			// The public file and line, and the hidden statement's file.
			if msg := err.Error(); !regexp.MustCompile(`^content/a-propos\.md:5:\d+: .*\(content/communiques/e\.md\)`).MatchString(msg) || strings.Count(msg, "\n") > 0 {
				t.Errorf("error does not name the public file and line, and the hidden file, once:\n%s", msg)
			}
		})
	}
	// The same path on another site is not the page; on this one, in any
	// form, it is.
	for layout, leaks := range map[string]bool{
		`<a href="https://autre.example/communiques/communique-sous-embargo-strict/">ailleurs</a>`:     false,
		`<a href="https://EXEMPLE.example:443/communiques/communique-sous-embargo-strict">bientôt</a>`: true,
	} {
		fsys := embargoSite()
		fsys["layouts/partials/footer.html"] = &fstest.MapFile{Data: []byte("<footer>" + layout + "</footer>")}
		if _, err := runFS(context.Background(), fsys, Options{At: at}); (err != nil) != leaks {
			t.Errorf("%s: error %v, want one: %v", layout, err, leaks)
		}
	}
	// What the model cannot see (a layout) the guard finds in the output.
	fsys := embargoSite()
	fsys["layouts/partials/footer.html"] = &fstest.MapFile{Data: []byte(`<footer><a href="/communiques/communique-sous-embargo-strict">bientôt</a></footer>`)}
	_, err := runFS(context.Background(), fsys, Options{At: at})
	if err == nil || !strings.Contains(err.Error(), "content/communiques/e.md: leak guard:") || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("the guard did not fire on a layout linking the hidden URL: %v", err)
	}
	// The document of a communiqué under embargo, linked from a public
	// page's text, whichever way: the link would publish it before the
	// lift, an error at the public page.
	for name, page := range map[string]string{
		"site path":            "content/a-propos.md\x00Le [dossier](/documents/secret.pdf).",
		"relative":             "content/qui/a-propos.md\x00Le [dossier](../../documents/secret.pdf).",
		"own address":          "content/a-propos.md\x00Le [dossier](HTTPS://Exemple.example/documents/secret.pdf?v=2#p1).",
		"autolink":             "content/a-propos.md\x00Le dossier : <https://exemple.example/documents/secret.pdf>.",
		"raw HTML":             "content/a-propos.md\x00<p>Le <a href=\"/documents/secret.pdf\">dossier</a>.</p>",
		"raw HTML, relative":   "content/a-propos.md\x00<p>Le <a href='../documents/secret.pdf'>dossier</a>.</p>",
		"a section's _index":   "content/communiques/_index.md\x00Le [dossier](/documents/secret.pdf).",
		"the home page's text": "content/_index.md\x00Le [dossier](documents/secret.pdf).",
	} {
		t.Run(name, func(t *testing.T) {
			file, body, _ := strings.Cut(page, "\x00")
			fsys := embargoSite()
			fsys["site.toml"].Data = append([]byte("allowHTML = true\n"), fsys["site.toml"].Data...)
			date := "date: 2024-01-01\n"
			if strings.HasSuffix(file, "_index.md") {
				date = ""
			}
			fsys[file] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\n" + date + "---\n" + body + "\n")}
			_, err := runFS(context.Background(), fsys, Options{At: at})
			if err == nil || !strings.HasPrefix(err.Error(), file+":") || !strings.Contains(err.Error(), "content/communiques/e.md") {
				t.Errorf("a link to the embargoed document: %v", err)
			}
		})
	}
	// A document a public text shows as its own too is public.
	fsys = embargoSite()
	fsys["content/communiques/autre.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Autre\ndate: 2024-01-01\nattachments: [{src: /documents/secret.pdf, title: Dossier}]\n---\nLe [dossier](/documents/secret.pdf).\n")}
	if res := buildFS(t, fsys, Options{At: at}); res.Files["documents/secret.pdf"] == nil {
		t.Error("a document a public text shows was withheld")
	}
	// The same site in preview builds: the guard is for production.
	fsys = embargoSite()
	fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-01-01\n---\nVoir [le communiqué](/communiques/communique-sous-embargo-strict/).\n")}
	if _, err := runFS(context.Background(), fsys, Options{At: at, Preview: true}); err != nil {
		t.Errorf("preview: %v", err)
	}
}

func TestPreview(t *testing.T) {
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	fsys := embargoSite()
	fsys["content/tribunes/brouillon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tribune brouillon\ndate: 2024-01-01\ndraft: true\nsignatories: [{name: A}]\n---\nCorps.\n")}
	fsys["content/tribunes/future.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tribune future\ndate: 2024-09-01T09:00:00+02:00\nsignatories: [{name: A}]\n---\nCorps.\n")}
	fsys["content/tribunes/expiree.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tribune expirée\ndate: 2024-01-01\nexpiryDate: 2024-02-01\nsignatories: [{name: A}]\n---\nCorps.\n")}
	prev := buildFS(t, fsys, Options{At: at, Preview: true})
	for path, want := range map[string]string{
		"communiques/communique-sous-embargo-strict/index.html": "Sous embargo jusqu’au mardi 25 juin 2024 à 6\u202fh",
		"tribunes/tribune-brouillon/index.html":                 "Brouillon",
		"tribunes/tribune-future/index.html":                    "Publication prévue le dimanche 1<sup>er</sup> septembre 2024 à 9\u202fh",
		"tribunes/tribune-expiree/index.html":                   "Expiré le jeudi 1<sup>er</sup> février 2024 à 0\u202fh",
	} {
		html := page(t, prev, path)
		if !strings.Contains(html, `class="state-banner"`) || !strings.Contains(html, want) {
			t.Errorf("%s lacks the banner %q", path, want)
		}
	}
	if !strings.Contains(page(t, prev, "communiques/communique-sous-embargo-strict/index.html"), "Sous embargo jusqu’au mardi 25 juin 2024, 6\u202fh (heure de Paris)") {
		t.Error("the embargoed communiqué's top line is missing")
	}
	for _, p := range prev.Paths() {
		if strings.HasSuffix(p, "index.html") && !strings.Contains(string(prev.Files[p]), `<meta name="robots" content="noindex">`) {
			t.Errorf("preview page %s is not noindex", p)
		}
	}
	if !bytes.Contains(prev.Files["_headers"], []byte("X-Robots-Tag: noindex")) || !bytes.Contains(prev.Files["robots.txt"], []byte("Disallow: /")) {
		t.Error("preview _headers or robots.txt let search engines in")
	}
	if bytes.Contains(prev.Files["sitemap.xml"], []byte("<url>")) {
		t.Error("the preview's sitemap lists pages")
	}

	prod := buildFS(t, fsys, Options{At: at})
	for p, data := range prod.Files {
		if strings.HasSuffix(p, ".css") {
			continue
		}
		if p == "_headers" {
			// Only embargo copies are kept out of search engines.
			data = bytes.Replace(data, []byte(site.EmbargoDir+"*\n  X-Robots-Tag: noindex, nofollow\n"), nil, 1)
		}
		for _, bad := range []string{"state-banner", `content="noindex"`, "X-Robots-Tag", "Brouillon", "Disallow"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("production file %s contains %q", p, bad)
			}
		}
	}
}

// TestNoIndex: a deploy preview (-noindex) publishes what production
// publishes, no draft and nothing under embargo, and keeps search engines
// away from all of it: its address is easy to guess.
func TestNoIndex(t *testing.T) {
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	fsys := embargoSite()
	fsys["content/tribunes/brouillon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tribune brouillon\ndate: 2024-01-01\ndraft: true\nsignatories: [{name: A}]\n---\nCorps secret du brouillon.\n")}
	prod := buildFS(t, fsys, Options{At: at})
	copyRes := buildFS(t, fsys, Options{At: at, NoIndex: true})
	if !slices.Equal(prod.Paths(), copyRes.Paths()) {
		t.Errorf("a -noindex build publishes other files than production:\n%v\n%v", copyRes.Paths(), prod.Paths())
	}
	for p, data := range copyRes.Files {
		if strings.HasSuffix(p, ".css") {
			continue
		}
		for _, bad := range []string{"Corps secret du brouillon", "Tribune brouillon", "jamais fuiter", "state-banner"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("-noindex file %s contains %q", p, bad)
			}
		}
		if strings.HasSuffix(p, "index.html") && !bytes.Contains(data, []byte(`<meta name="robots" content="noindex">`)) {
			t.Errorf("-noindex page %s is not noindex", p)
		}
	}
	if !bytes.Contains(copyRes.Files["_headers"], []byte(hosting.ContentSecurityPolicy+"\n  X-Robots-Tag: noindex, nofollow\n")) {
		t.Errorf("-noindex _headers keep no page from search engines:\n%s", copyRes.Files["_headers"])
	}
	if !bytes.Contains(copyRes.Files["robots.txt"], []byte("Disallow: /")) || bytes.Contains(copyRes.Files["sitemap.xml"], []byte("<url>")) {
		t.Error("-noindex robots.txt or sitemap.xml let search engines in")
	}
}

func TestNetlifyFiles(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "feeds.txtar"), Options{At: feedAt})
	if got := string(res.Files["_redirects"]); !strings.Contains(got, "/tribunes/ancien-titre/ /tribunes/titre-corrige/ 301!\n") {
		t.Errorf("_redirects = %q", got)
	}
	h := string(res.Files["_headers"])
	for _, want := range []string{
		"Content-Security-Policy: default-src 'self'", "X-Content-Type-Options: nosniff", "Referrer-Policy: ",
		"Strict-Transport-Security: max-age=", "/tribunes/rss.xml\n  Content-Type: application/rss+xml; charset=utf-8",
		"/themes/education/feed.json\n  Content-Type: application/feed+json",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("_headers lacks %q", want)
		}
	}
	if strings.Contains(h, "unsafe-inline") {
		t.Error("the CSP allows inline code")
	}
	for p, data := range res.Files {
		if strings.HasSuffix(p, ".html") && (bytes.Contains(data, []byte(" style=")) || bytes.Contains(data, []byte("<style"))) {
			t.Errorf("%s has inline style, which the CSP blocks", p)
		}
	}
}

func TestDemoSitePublishingStates(t *testing.T) {
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	at := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	prod := buildFS(t, root.FS(), Options{At: at, Minify: true, EmbargoKey: demoKey})
	if len(prod.Site.Hidden) < 2 {
		t.Fatalf("the demo site hides %d pages", len(prod.Site.Hidden))
	}
	prev := buildFS(t, root.FS(), Options{At: at, Minify: true, Preview: true, EmbargoKey: demoKey})
	for _, h := range prod.Site.Hidden {
		marker := []byte(site.LongestRun(h.Title))
		for p, data := range prod.Files {
			if h.SecretURL != "" && strings.HasPrefix("/"+p, h.SecretURL) {
				continue // its copy for journalists
			}
			if bytes.Contains(data, marker) {
				t.Errorf("production %s mentions hidden %s", p, h.File.Source)
			}
		}
		html, ok := prev.Files[h.OutputPath()]
		if !ok || !bytes.Contains(html, []byte(`class="state-banner"`)) {
			t.Errorf("preview lacks %s with its banner", h.OutputPath())
		}
	}
}

// TestNoLeakProperty builds many random sites at random instants and checks
// that every hidden statement is absent from every output file, and every
// public one present wherever it belongs.
func TestNoLeakProperty(t *testing.T) {
	seeds := 60
	if testing.Short() {
		seeds = 10
	}
	var hidden, public int
	for seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			h, p := leakCase(t, uint64(seed))
			hidden, public = hidden+h, public+p
		})
	}
	// The generator must exercise both sides.
	if hidden < seeds || public < seeds {
		t.Errorf("only %d hidden and %d public statements over %d sites", hidden, public, seeds)
	}
}

type genPage struct {
	file, title, sentence, section, alias string
	tags, docs                            []string
	public                                bool
}

func leakCase(t *testing.T, seed uint64) (hidden, public int) {
	rng := rand.New(rand.NewPCG(seed, 0x7269))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	at := base.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Second)
	word := func() string {
		const letters = "bcdfghjklmnpqrstvz"
		b := make([]byte, 10)
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	randTime := func() time.Time {
		return base.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Minute)
	}
	tagPool := []string{"Alpha", "Beta", "Gamma", "Delta", "Epsilon"}
	docPool := []string{"/documents/a.pdf", "/documents/b.pdf", "/documents/c.pdf", "/documents/d.pdf"}
	fsys := fstest.MapFS{
		"site.toml": {Data: []byte("title = \"Essai\"\nbaseURL = \"https://essai.example/\"\nfeedItems = 100\npaginate = 3\n")},
	}
	for _, d := range docPool {
		fsys["static"+d] = &fstest.MapFile{Data: []byte("%PDF " + d)}
	}
	var pages []genPage
	n := 4 + rng.IntN(10)
	for i := range n {
		g := genPage{
			section:  []string{"tribunes", "communiques"}[rng.IntN(2)],
			title:    fmt.Sprintf("Titre %s numero %d", word(), i),
			sentence: fmt.Sprintf("Phrase %s distinctive numero %d", word(), i),
		}
		g.file = fmt.Sprintf("content/%s/p%d.md", g.section, i)
		date := randTime()
		var fm strings.Builder
		fmt.Fprintf(&fm, "---\ntitle: %s\ndate: %s\n", g.title, date.Format(time.RFC3339))
		draft := rng.IntN(6) == 0
		var embargo, expiry time.Time
		if rng.IntN(3) == 0 {
			embargo = randTime()
			fmt.Fprintf(&fm, "embargo: %s\n", embargo.Format(time.RFC3339))
		}
		if rng.IntN(4) == 0 {
			expiry = randTime()
			if !embargo.IsZero() && !expiry.After(embargo) {
				// Refused (never public): a withdrawal after the lift.
				expiry = embargo.Add(time.Duration(1+rng.IntN(1000)) * time.Hour)
			}
			fmt.Fprintf(&fm, "expiryDate: %s\n", expiry.Format(time.RFC3339))
		}
		if draft {
			fm.WriteString("draft: true\n")
		}
		for _, tg := range tagPool {
			if rng.IntN(3) == 0 {
				g.tags = append(g.tags, tg)
			}
		}
		if len(g.tags) > 0 {
			fmt.Fprintf(&fm, "tags: [%s]\n", strings.Join(g.tags, ", "))
		}
		for _, d := range docPool {
			if rng.IntN(4) == 0 {
				g.docs = append(g.docs, d)
				fmt.Fprintf(&fm, "attachments: [{src: %s}]\n", d)
				break
			}
		}
		if rng.IntN(3) == 0 {
			g.alias = fmt.Sprintf("/ancien/%s-%d/", word(), i)
			fmt.Fprintf(&fm, "aliases: [%s]\n", g.alias)
		}
		if g.section == "tribunes" {
			fmt.Fprintf(&fm, "signatories: [{name: Signataire %s}]\n", word())
		}
		publishAt := date
		if !embargo.IsZero() {
			publishAt = embargo
		}
		g.public = !draft && !at.Before(publishAt) && (expiry.IsZero() || at.Before(expiry))
		fm.WriteString("---\n" + g.sentence + ".\n")
		fsys[g.file] = &fstest.MapFile{Data: []byte(fm.String())}
		pages = append(pages, g)
	}
	for _, g := range pages {
		if g.public {
			public++
		} else {
			hidden++
		}
	}
	res, err := runFS(context.Background(), fsys, Options{At: at, Minify: seed%2 == 0})
	if err != nil {
		t.Fatalf("build at %v: %v", at, err)
	}
	all := bytes.Join(func() [][]byte {
		var out [][]byte
		for _, p := range res.Paths() {
			out = append(out, []byte(p), res.Files[p])
		}
		return out
	}(), []byte{0})
	publicDocs, publicTags := map[string]bool{}, map[string]bool{}
	for _, g := range pages {
		if g.public {
			for _, d := range g.docs {
				publicDocs[d] = true
			}
			for _, tg := range g.tags {
				publicTags[tg] = true
			}
		}
	}
	for _, g := range pages {
		slugged := strings.ToLower(strings.ReplaceAll(g.title, " ", "-"))
		url := "/" + g.section + "/" + slugged + "/"
		if !g.public {
			for _, m := range []string{g.title, g.sentence, url, g.alias} {
				if m != "" && bytes.Contains(all, []byte(m)) {
					t.Errorf("at %v, hidden %s leaks %q", at, g.file, m)
				}
			}
			for _, d := range g.docs {
				if _, ok := res.Files[strings.TrimPrefix(d, "/")]; ok && !publicDocs[d] {
					t.Errorf("at %v, hidden %s's attachment %s is published", at, g.file, d)
				}
			}
			continue
		}
		html, ok := res.Files[strings.TrimPrefix(url, "/")+"index.html"]
		if !ok || !bytes.Contains(html, []byte(g.sentence)) {
			t.Errorf("public %s: page missing at %s", g.file, url)
		}
		count := func(prefix string) int {
			c := 0
			for p, data := range res.Files {
				if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, ".html") && bytes.Contains(data, []byte(`href="`+url+`"`)) {
					c++
				}
			}
			return c
		}
		if count(g.section+"/") == 0 {
			t.Errorf("public %s is in no list of its section", g.file)
		}
		for _, tg := range g.tags {
			if count("themes/"+strings.ToLower(tg)+"/") == 0 {
				t.Errorf("public %s is on no page of its tag %s", g.file, tg)
			}
		}
		for _, f := range []string{"rss.xml", "atom.xml", "feed.json", g.section + "/rss.xml", "sitemap.xml"} {
			if !bytes.Contains(res.Files[f], []byte("https://essai.example"+url)) {
				t.Errorf("public %s is missing from %s", g.file, f)
			}
		}
		if g.alias != "" {
			if _, ok := res.Files[strings.TrimPrefix(g.alias, "/")+"index.html"]; !ok {
				t.Errorf("public %s: alias %s missing", g.file, g.alias)
			}
		}
		for _, d := range g.docs {
			if _, ok := res.Files[strings.TrimPrefix(d, "/")]; !ok {
				t.Errorf("public %s: attachment %s missing", g.file, d)
			}
		}
	}
	for _, tg := range tagPool {
		_, ok := res.Files["themes/"+strings.ToLower(tg)+"/index.html"]
		if ok != publicTags[tg] {
			t.Errorf("at %v, tag %s page present = %v, public statements use it = %v", at, tg, ok, publicTags[tg])
		}
	}
	return hidden, public
}

// A statement is dated the day it became public: the later of its date and
// its embargo, on its page, in its dateline, in lists and in feeds; its
// feed id keeps the front matter's date.
func TestPublicDateIsTheLift(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml":                {Data: []byte("title = \"Exemple\"\nbaseURL = \"https://exemple.example/\"\ncity = \"Paris\"\n")},
		"content/communiques/e.md": {Data: []byte("---\ntitle: Communiqué sous embargo\ndate: 2026-12-01\nembargo: 2026-12-03T06:00:00+01:00\nupdated: 2026-12-02\n---\nCorps.\n")},
	}
	res := buildFS(t, fsys, Options{At: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)})
	// Spaces as the text shows them, + as html/template writes it.
	plain := strings.NewReplacer("\u00a0", " ", "\u202f", " ", "&#43;", "+")
	html := plain.Replace(page(t, res, "communiques/communique-sous-embargo/index.html"))
	for _, want := range []string{"Paris, le 3 décembre 2026 –", `datetime="2026-12-03T06:00:00+01:00"`, `"datePublished":"2026-12-03T06:00:00+01:00"`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(html, "1 décembre") || strings.Contains(html, "2026-12-01") || strings.Contains(html, "2 décembre") {
		t.Errorf("page shows the date written before the lift, or an update made before it:\n%s", html)
	}
	for name, want := range map[string]string{
		"communiques/rss.xml":   "<pubDate>Thu, 03 Dec 2026 06:00:00 +0100</pubDate>",
		"communiques/atom.xml":  "<published>2026-12-03T06:00:00+01:00</published>",
		"communiques/feed.json": `"date_published":"2026-12-03T06:00:00+01:00"`,
	} {
		if !strings.Contains(string(res.Files[name]), want) {
			t.Errorf("%s lacks %s", name, want)
		}
		if !strings.Contains(string(res.Files[name]), "tag:exemple.example,2026-12-01:/communiques/communique-sous-embargo/") {
			t.Errorf("%s: the item's id changed", name)
		}
	}
	if list := plain.Replace(page(t, res, "communiques/index.html")); !strings.Contains(list, "3 décembre 2026") {
		t.Error("the list shows another date")
	}
}

// A preview shows the images and attachments of the pages it shows, drafts
// and embargoed ones included.
func TestPreviewKeepsHiddenPagesFiles(t *testing.T) {
	fsys := embargoSite()
	fsys["static/images/graphe.png"] = &fstest.MapFile{Data: []byte("png")}
	fsys["content/communiques/brouillon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Brouillon\ndate: 2024-06-01\ndraft: true\n---\n![Un graphe](/images/graphe.png)\n")}
	res := buildFS(t, fsys, Options{At: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC), Preview: true})
	for _, name := range []string{"documents/secret.pdf", "images/graphe.png"} {
		if _, ok := res.Files[name]; !ok {
			t.Errorf("the preview lacks %s", name)
		}
	}
}
