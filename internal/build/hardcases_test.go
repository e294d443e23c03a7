package build

// The hard cases of issue 13, tried as a careless user and as a hostile
// pull request would: each test fails without its fix.

import (
	"bytes"
	"context"
	"encoding/xml"
	"maps"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"tribune/internal/locale"
)

var hardAt = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// minimalSite is the repros' site: a title, a base URL, one public
// communiqué.
func minimalSite() fstest.MapFS {
	return fstest.MapFS{
		"site.toml":                {Data: []byte("title = \"Exemple\"\nbaseURL = \"https://example.org/\"\n")},
		"content/communiques/a.md": {Data: []byte("---\ntitle: Communiqué A\ndate: 2024-06-01\n---\nCorps du communiqué.\n")},
	}
}

// withAliases is the minimal site whose communiqué has these aliases, in
// YAML flow style, on line 4.
func withAliases(aliases string) fstest.MapFS {
	fsys := minimalSite()
	fsys["content/communiques/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Communiqué A\ndate: 2024-06-01\naliases: " + aliases + "\ntags: [Justice]\n---\nCorps.\n")}
	return fsys
}

func buildErr(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	res, err := runFS(context.Background(), fsys, Options{At: hardAt, Minify: true})
	if err == nil {
		t.Fatalf("built %d files, want an error", len(res.Files))
	}
	return err.Error()
}

// No content adds a rule to Netlify's _redirects or _headers.
func TestNoInjectionIntoNetlifyFiles(t *testing.T) {
	for name, aliases := range map[string]string{
		"line breaks":    `["/old/\n/*  /communiques/a/  200!\n/y/"]`,
		"a space":        `["/ancien titre/"]`,
		"a tab":          `["/ancien\ttitre/"]`,
		"a control char": `["/ancien\u0007/"]`,
		"a carriage ret": `["/old/\r/* /x/ 200!"]`,
		// Invisible to Go's IsSpace, a field separator to Netlify's parser.
		"a byte order mark": `["/a\ufeff/secret\ufeff200"]`,
		"a zero width sp.":  `["/a\u200b/b/"]`,
		// Netlify may decode it where tribune's checks would not.
		"percent-encoded": `["/%2e%2e/x/"]`,
		"encoded slash":   `["/communiques%2Fa/"]`,
		// Under the embargo copies, whose lifted addresses get a splat.
		"embargo folder": `["/presse/embargo/x/"]`,
		"embargo root":   `["/presse/embargo"]`,
	} {
		t.Run(name, func(t *testing.T) {
			msg := buildErr(t, withAliases(aliases))
			if !regexp.MustCompile(`content/communiques/a\.md:4:\d+: `).MatchString(msg) {
				t.Errorf("error not at the alias:\n%s", msg)
			}
		})
	}
	fsys := minimalSite()
	fsys["static/documents/rapport.pdf\n/*\n  X-Frame-Options: ALLOW"] = &fstest.MapFile{Data: []byte("%PDF")}
	fsys["static/a b.pdf"] = &fstest.MapFile{Data: []byte("%PDF")}
	fsys["static/c\ufeffd.pdf"] = &fstest.MapFile{Data: []byte("%PDF")}
	fsys["static/rap%20port.pdf"] = &fstest.MapFile{Data: []byte("%PDF")}
	msg := buildErr(t, fsys)
	for _, want := range []string{"static/a b.pdf: ", `"static/documents/rapport.pdf\n/*\n  X-Frame-Options: ALLOW": `, `"static/c\ufeffd.pdf": `, "static/rap%20port.pdf: "} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not name %q:\n%s", want, msg)
		}
	}

	// What is accepted writes one rule per alias, each of three fields.
	res := buildFS(t, withAliases(`["/ancien-titre/", "/été-2024/"]`), Options{At: hardAt})
	for _, line := range strings.Split(strings.TrimSpace(string(res.Files["_redirects"])), "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if f := strings.Fields(line); len(f) != 3 || f[2] != "301!" {
			t.Errorf("_redirects line %q is not FROM TO 301!", line)
		}
	}
}

// An alias naming a file tribune makes is an error naming the statement's
// file and line and the generated path, in every build.
func TestAliasesCannotReplaceGeneratedFiles(t *testing.T) {
	for _, alias := range []string{
		"/index.html", "/", "/404.html", "/communiques/index.html", "/communiques/", "/themes/index.html", "/themes/justice/",
		"/rss.xml", "/atom.xml", "/feed.json", "/feed.json/", "/_redirects", "/_headers", "/recherche/index.json",
		"/recherche/", "/flux/", "/plan-du-site/", "/sitemap.xml", "/robots.txt", "/communiques/communique-a/",
		"/communiques/communique-a/index.html", "/favicon.svg", "/css/style.css", "/presse/",
		// The same file on a Mac's or Windows' disk.
		"/Index.html", "/RSS.XML", "/Communiques/Communique-A/",
	} {
		t.Run(alias, func(t *testing.T) {
			msg := buildErr(t, withAliases(`["`+alias+`"]`))
			if !regexp.MustCompile(`content/communiques/a\.md:4:\d+: `).MatchString(msg) {
				t.Errorf("error not at the alias:\n%s", msg)
			}
			if strings.Contains(msg, "open ") || strings.Contains(msg, "is a directory") {
				t.Errorf("raw system error:\n%s", msg)
			}
		})
	}
}

// Static files whose names differ from generated ones, or from each other,
// only by case are errors: on a Mac or Windows one would replace the other.
func TestNamesDifferingByCaseRefused(t *testing.T) {
	fsys := minimalSite()
	fsys["static/Index.html"] = &fstest.MapFile{Data: []byte("<p>x</p>")}
	fsys["static/docs/Rapport.pdf"] = &fstest.MapFile{Data: []byte("%PDF a")}
	fsys["static/docs/rapport.pdf"] = &fstest.MapFile{Data: []byte("%PDF b")}
	fsys["static/Communiques/note.pdf"] = &fstest.MapFile{Data: []byte("%PDF c")}
	fsys["static/Documents/a.pdf"] = &fstest.MapFile{Data: []byte("%PDF d")}
	fsys["static/documents/b.pdf"] = &fstest.MapFile{Data: []byte("%PDF e")}
	msg := buildErr(t, fsys)
	for _, want := range []string{"static/Index.html: ", "static/docs/Rapport.pdf: ", "static/Communiques/note.pdf: ", "static/Documents/a.pdf: "} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
}

// The same input gives the same bytes, build after build, aliases,
// collisions and all.
func TestSixBuildsIdentical(t *testing.T) {
	fsys := withAliases(`["/ancien/", "/a/b/", "/communiques/ancien/"]`)
	fsys["content/tribunes/t.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tribune\ndate: 2024-05-01\nsignatories: [{name: A}]\naliases: [/t/]\ntags: [Éducation, éducation, ÉDUCATION]\n---\nCorps.\n")}
	var first map[string][]byte
	for i := range 6 {
		res := buildFS(t, fsys, Options{At: hardAt, Minify: true})
		if i == 0 {
			first = res.Files
			continue
		}
		if len(res.Files) != len(first) {
			t.Fatalf("build %d: %d files, first build %d", i, len(res.Files), len(first))
		}
		for name, data := range first {
			if !bytes.Equal(res.Files[name], data) {
				t.Fatalf("build %d: %s differs", i, name)
			}
		}
	}
	// A collision is reported the same way every time.
	bad := withAliases(`["/index.html", "/404.html", "/communiques/index.html"]`)
	want := buildErr(t, bad)
	for range 5 {
		if got := buildErr(t, bad); got != want {
			t.Fatalf("errors differ between builds:\n%s\n---\n%s", got, want)
		}
	}
}

// A file that only hidden statements use is not published, whichever way
// they link to it, and the leak guard knows it.
func TestHiddenOnlyFilesWithheld(t *testing.T) {
	for name, link := range map[string]string{
		"absolute URL":          "[Rapport](https://example.org/documents/rapport.pdf)",
		"scheme-relative":       "[Rapport](//example.org/documents/rapport.pdf)",
		"host in capitals":      "[Rapport](https://EXAMPLE.org/documents/rapport.pdf)",
		"autolink":              "<https://example.org/documents/rapport.pdf>",
		"raw HTML link":         `<a href="https://example.org/documents/rapport.pdf">Rapport</a>`,
		"raw HTML image":        `<img src="/documents/rapport.pdf" alt="">`,
		"reference":             "[Rapport][r]\n\n[r]: /documents/rapport.pdf",
		"encoded":               "[Rapport](/documents/rapp%6Frt.pdf)",
		"dot dot":               "[Rapport](../../documents/./rapport.pdf)",
		"relative":              "[Rapport](../../documents/rapport.pdf)",
		"query and fragment":    "[Rapport](/documents/rapport.pdf?v=2#page=3)",
		"http, not https":       "[Rapport](http://example.org/documents/rapport.pdf)",
		"raw HTML, single-quot": `<p><a href='/documents/rapport.pdf'>Rapport</a></p>`,
		"default port":          "[Rapport](https://example.org:443/documents/rapport.pdf)",
		"scheme-relative port":  "[Rapport](//example.org:443/documents/rapport.pdf)",
		"empty port":            "[Rapport](https://example.org:/documents/rapport.pdf)",
		"final dot":             "[Rapport](HTTPS://EXAMPLE.ORG./documents/rapport.pdf)",
		"scheme, no host":       "[Rapport](https:/documents/rapport.pdf)",
		"escaped slash":         "[Rapport](\\/documents/rapport.pdf)",
		"backslashes":           `<a href="https://example.org\documents\rapport.pdf">Rapport</a>`,
		"line break entity":     `<a href="/docu&#10;ments/rapport.pdf">Rapport</a>`,
		"style":                 `<p style="background:url(/documents/rapport.pdf)">x</p>`,
		"meta refresh":          `<meta http-equiv="refresh" content="0;url=/documents/rapport.pdf">`,
		"formaction":            `<button formaction="/documents/rapport.pdf">x</button>`,
		"xlink:href":            `<svg><a xlink:href="/documents/rapport.pdf">x</a></svg>`,
		"srcdoc":                `<iframe srcdoc="<a href='/documents/rapport.pdf'>x</a>"></iframe>`,
		"named in a code block": "```\ncurl https://example.org/documents/rapport.pdf\n```",
	} {
		for _, state := range []string{"embargo: 2030-01-01T06:00:00+01:00", "draft: true"} {
			t.Run(name+", "+state, func(t *testing.T) {
				fsys := minimalSite()
				fsys["site.toml"].Data = append([]byte("allowHTML = true\n"), fsys["site.toml"].Data...)
				fsys["static/documents/rapport.pdf"] = &fstest.MapFile{Data: []byte("%PDF rapport")}
				fsys["content/communiques/cache.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Communiqué caché\ndate: 2024-06-01\n" + state + "\n---\n" + link + "\n")}
				res := buildFS(t, fsys, Options{At: hardAt})
				if _, ok := res.Files["documents/rapport.pdf"]; ok {
					t.Error("a file only a hidden statement links to was published")
				}
				// A public page naming it makes the guard fire.
				fsys["content/communiques/a.md"].Data = []byte("---\ntitle: Communiqué A\ndate: 2024-06-01\n---\nVoir /documents/rapport.pdf bientôt.\n")
				if _, err := runFS(context.Background(), fsys, Options{At: hardAt}); err == nil || !strings.Contains(err.Error(), "rapport.pdf") {
					t.Errorf("the leak guard let the hidden file's path through: %v", err)
				}
			})
		}
	}
}

// Publishing states in a list's _index.md are refused, never ignored.
func TestIndexStatesRefused(t *testing.T) {
	for key, line := range map[string]string{
		"draft":       "draft: true",
		"embargo":     "embargo: 2030-01-01T06:00:00+01:00",
		"publishDate": "publishDate: 2030-01-01",
		"expiryDate":  "expiryDate: 2024-01-01",
	} {
		t.Run(key, func(t *testing.T) {
			fsys := minimalSite()
			fsys["content/communiques/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Nos communiqués\n" + line + "\n---\nIntroduction secrète.\n")}
			msg := buildErr(t, fsys)
			if !strings.Contains(msg, "content/communiques/_index.md:3:1: ") || !strings.Contains(msg, key) {
				t.Errorf("error not at the key:\n%s", msg)
			}
		})
	}
}

// A title of any length gives a slug cut at a word under 150 bytes, and
// messages quote input cut to a readable length.
func TestLongAndOddNames(t *testing.T) {
	words := strings.Repeat("protection numérique des enfants exposés ", 7) // 28 words
	fsys := minimalSite()
	fsys["content/communiques/long.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + words + "\ndate: 2024-06-01\ntags: [Защита детей, Προστασία, 儿童保护]\n---\nCorps.\n")}
	res := buildFS(t, fsys, Options{At: hardAt})
	var slug string
	for name := range res.Files {
		if d, ok := strings.CutPrefix(name, "communiques/protection"); ok && strings.HasSuffix(d, "/index.html") {
			slug = "protection" + strings.TrimSuffix(d, "/index.html")
		}
	}
	if full := locale.Slug(words); slug == "" || len(slug) > 150 || !strings.HasPrefix(full, slug+"-") {
		t.Errorf("slug %q (%d bytes): want the title's first words, under 150 bytes", slug, len(slug))
	}
	for _, tag := range []string{"Защита детей", "Προστασία", "儿童保护"} {
		found := false
		for name, data := range res.Files {
			if strings.HasPrefix(name, "themes/") && strings.HasSuffix(name, "/index.html") && bytes.Contains(data, []byte("<h1>"+tag)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no topic page for %q", tag)
		}
	}

	// Absolute URLs are URLs, not IRIs: the sitemap and the feeds escape
	// what is not ASCII.
	for _, name := range []string{"sitemap.xml", "themes/rss.xml", "rss.xml", "atom.xml"} {
		for _, m := range regexp.MustCompile(`(<loc>|<link>|<id>|href=")([^<"]*)`).FindAllStringSubmatch(string(res.Files[name]), -1) {
			if strings.ContainsFunc(m[2], func(r rune) bool { return r > 0x7f }) {
				t.Errorf("%s: URL %q is not escaped", name, m[2])
			}
		}
	}
	if !bytes.Contains(res.Files["sitemap.xml"], []byte("<loc>https://example.org/themes/%D0%B7%D0%B0%D1%89%D0%B8%D1%82%D0%B0-%D0%B4%D0%B5%D1%82%D0%B5%D0%B9/</loc>")) {
		t.Errorf("the Cyrillic topic's page is not in the sitemap:\n%s", res.Files["sitemap.xml"])
	}

	huge := strings.Repeat("très long titre ", 300000) // 4.8 MB
	fsys = minimalSite()
	fsys["content/communiques/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Communiqué B\ndate: 2024-06-01\nlayout: " + huge + "\n---\n")}
	msg := buildErr(t, fsys)
	if len(msg) > 2000 {
		t.Errorf("a message of %d bytes quotes the input whole: %.300s…", len(msg), msg)
	}
	if !strings.Contains(msg, "content/communiques/b.md:4:") {
		t.Errorf("message does not say where:\n%.500s", msg)
	}
}

// Messages: a broken site.toml is the only error; a collision names files.
func TestMessagesNameTheirFile(t *testing.T) {
	fsys := minimalSite()
	fsys["site.toml"].Data = []byte("title = \"T\"\nbaseURL = \"https://example.org/\"\ntitle = = \"x\"\n")
	fsys["static/presse/kit/logo.png"] = &fstest.MapFile{Data: []byte("x")}
	fsys["static/presse/kit/dossier.pdf"] = &fstest.MapFile{Data: []byte("%PDF")}
	res, err := runFS(context.Background(), fsys, Options{At: hardAt})
	if err == nil {
		t.Fatalf("built %d files", len(res.Files))
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "site.toml:3:") {
		t.Errorf("want the site.toml error alone, got:\n%v", err)
	}

	// A folder whose list takes the URL of a page.
	fsys = minimalSite()
	fsys["content/foo.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Foo\ndate: 2024-06-01\n---\nx\n")}
	fsys["content/foo/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2024-06-01\n---\nx\n")}
	msg := buildErr(t, fsys)
	for _, line := range strings.Split(msg, "\n") {
		if !regexp.MustCompile(`^(content/|static/|layouts/|site\.toml)[^:]*(:\d+:\d+)?: \S`).MatchString(line) {
			t.Errorf("message does not start with its file: %q", line)
		}
	}
	if !strings.Contains(msg, "content/foo.md") || !strings.Contains(msg, "content/foo") {
		t.Errorf("collision does not name both:\n%s", msg)
	}
}

// Nothing the site makes takes the place of what builds keep (.git,
// CNAME, site.toml's keep, the marker), and no alias is a Netlify pattern.
func TestKeptEntriesAndPatternsRefused(t *testing.T) {
	for _, alias := range []string{"/.git/", "/.git/config", "/CNAME/", "/CNAME", "/.tribune-output/", "/google1234.html", "/.well-known/x/",
		"/:section/", "/:section/:slug/", "/y/*", "/*"} {
		t.Run(alias, func(t *testing.T) {
			fsys := withAliases(`["` + alias + `"]`)
			fsys["site.toml"].Data = append(fsys["site.toml"].Data, "keep = [\"google1234.html\"]\n"...)
			msg := buildErr(t, fsys)
			if !regexp.MustCompile(`content/communiques/a\.md:4:\d+: `).MatchString(msg) {
				t.Errorf("error not at the alias:\n%s", msg)
			}
		})
	}
	// A keep entry naming a file tribune makes.
	fsys := minimalSite()
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "keep = [\"index.html\", \"communiques\", \"notes.html\"]\n"...)
	msg := buildErr(t, fsys)
	for _, want := range []string{`site.toml:3:9: keep names "index.html", where tribune writes `, `site.toml:3:23: keep names "communiques"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
	// The site's own CNAME is published in place of the old one.
	fsys = minimalSite()
	fsys["static/CNAME"] = &fstest.MapFile{Data: []byte("presse.example\n")}
	if res := buildFS(t, fsys, Options{At: hardAt}); string(res.Files["CNAME"]) != "presse.example\n" {
		t.Error("static/CNAME not published")
	}
	for _, name := range []string{"static/css/*.css", "static/a:b.pdf"} {
		fsys = minimalSite()
		fsys[name] = &fstest.MapFile{Data: []byte("x")}
		if msg := buildErr(t, fsys); !strings.Contains(msg, name+": ") {
			t.Errorf("%s: %s", name, msg)
		}
	}
}

// Control characters (a vertical tab pasted from a word processor, an
// escape in YAML) reach no output: every feed stays well-formed XML.
func TestControlCharactersReachNoOutput(t *testing.T) {
	fsys := minimalSite()
	fsys["content/communiques/v.md"] = &fstest.MapFile{Data: []byte("---\ntitle: \"Titre\\vavec\\x1b[2J tabulation\"\nsummary: \"Chapô\\u0085 ici\"\ndate: 2024-06-01\n---\nUn corps \v avec \x1b[31m des \x7f caractères\u0085.\n")}
	res := buildFS(t, fsys, Options{At: hardAt, Minify: true})
	for name, data := range res.Files {
		if strings.HasSuffix(name, ".png") {
			continue // an image, not text
		}
		if i := bytes.IndexFunc(data, func(r rune) bool { return r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) }); i >= 0 {
			t.Errorf("%s holds a control character: %q", name, data[max(0, i-20):min(len(data), i+20)])
		}
		if strings.HasSuffix(name, ".xml") {
			if err := xml.Unmarshal(data, new(struct{})); err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
			}
		}
	}
	if !bytes.Contains(res.Files["communiques/rss.xml"], []byte("Titre avec")) {
		t.Error("the title lost its words")
	}
}

// A public page that links to a hidden statement or quotes it is an error
// at the public page's line, naming the hidden statement's file, however
// it writes the link or the quote.
func TestLeaksNamePublicLine(t *testing.T) {
	const hidden = "---\ntitle: Projet de fusion confidentiel\ndate: 2024-06-01\ndraft: true\n---\nLa fusion des deux associations sera annoncée en janvier.\n"
	for name, body := range map[string]string{
		"link":                    "[x](/communiques/projet-de-fusion-confidentiel/)",
		"link without slash":      "[x](/communiques/projet-de-fusion-confidentiel)",
		"link to index.html":      "[x](/communiques/projet-de-fusion-confidentiel/index.html)",
		"escaped hyphen":          "[x](/communiques/projet%2Dde-fusion-confidentiel/)",
		"double slash":            "[x](/communiques//projet-de-fusion-confidentiel/)",
		"capitals":                "[x](/Communiques/Projet-De-Fusion-Confidentiel/)",
		"absolute":                "[x](https://example.org/communiques/projet-de-fusion-confidentiel/)",
		"raw HTML":                `<a href="/communiques/projet-de-fusion-confidentiel">x</a>`,
		"title in capitals":       "Bientôt : PROJET DE FUSION CONFIDENTIEL.",
		"title with emphasis":     "Bientôt : Projet de *fusion* confidentiel.",
		"title with soft hyphens": "Bientôt : Projet de fu&shy;sion confi&shy;dentiel.",
		"title with no-break sp.": "Bientôt : Projet&nbsp;de fusion confidentiel.",
		"title over two lines":    "Bientôt : Projet de\nfusion confidentiel.",
		"its text":                "Rumeur : la fusion des deux associations sera annoncée en janvier.",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := minimalSite()
			fsys["site.toml"].Data = append([]byte("allowHTML = true\n"), fsys["site.toml"].Data...)
			fsys["content/communiques/fusion.md"] = &fstest.MapFile{Data: []byte(hidden)}
			fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-06-01\n---\nIntroduction.\n\n" + body + "\n")}
			msg := buildErr(t, fsys)
			if !regexp.MustCompile(`^content/a-propos\.md:7:\d+: .*content/communiques/fusion\.md`).MatchString(msg) {
				t.Errorf("error does not name the public line and the hidden file:\n%s", msg)
			}
			// The preview shows it as a warning, and builds.
			out, err := New(fsys, nil).Load(context.Background(), Options{At: hardAt, Preview: true})
			if err != nil || len(out.Errors) > 0 {
				t.Fatalf("preview: %v %v", err, out.Errors)
			}
			if !strings.Contains(out.Warnings.Error(), "content/a-propos.md:7:") {
				t.Errorf("preview warnings lack the leak: %v", out.Warnings)
			}
		})
	}
	// A draft that shows the site's logo or favicon, or has a short id,
	// stops nothing.
	fsys := minimalSite()
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "[organisation]\nname = \"Ex\"\nlogo = \"/logo.png\"\n"...)
	fsys["static/logo.png"] = &fstest.MapFile{Data: []byte("png")}
	fsys["content/communiques/brouillon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Brouillon\nid: \"<\"\ndate: 2024-06-01\ndraft: true\n---\n![logo](/logo.png) ![](/favicon.svg \"décoratif\")\n")}
	res := buildFS(t, fsys, Options{At: hardAt})
	if _, ok := res.Files["logo.png"]; !ok {
		t.Error("the logo was withheld")
	}
}

// TestLeaksOfCopiedSentences: a public text that copies, word for word,
// any sentence of a communiqué under embargo (its text, a quotation in it,
// its summary) is a leak at its line; wording that two public texts share,
// or that two hidden statements share, is not.
func TestLeaksOfCopiedSentences(t *testing.T) {
	const embargoed = "---\ntitle: Enquête annuelle\ndate: 2024-06-01\nembargo: 2099-01-01T06:00:00+01:00\n" +
		"summary: \"Les premiers résultats de notre enquête sur les écrans.\"\n---\n" +
		"Le conseil a voté le plan. Résultat principal : 21 % des élèves déclarent n'avoir personne à qui parler.\n\n" +
		"« Un enfant sur cinq se sent seul face à ce qui l'inquiète », déclare la présidente.\n\n" +
		"Les journalistes qui souhaitent y assister sont invités à s'inscrire auprès du service de presse.\n"
	for name, body := range map[string]string{
		"a sentence of its text": "Selon l’enquête, 21 % des élèves déclarent n’avoir personne à qui parler.",
		// Eight words in a row of a clause, whatever is around them.
		"words added around it": "Aujourd’hui un enfant sur cinq se sent seul face à ce qui l’inquiète, et ailleurs aussi.",
		"a colon put in":        "Résultat principal : vingt et un pour cent des élèves déclarent n’avoir personne à qui parler.",
		"its quotation":         "Elle l’a dit : « un enfant sur cinq se sent seul face à ce qui l’inquiète ».",
		"its summary":           "Les premiers résultats de notre enquête sur les écrans !",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := minimalSite()
			fsys["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte(embargoed)}
			fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-06-01\n---\nIntroduction.\n\n" + body + "\n")}
			msg := buildErr(t, fsys)
			if !regexp.MustCompile(`^content/a-propos\.md:7:\d+: .*content/communiques/enquete\.md`).MatchString(msg) || strings.Count(msg, "\n") > 1 {
				t.Errorf("want one error naming the public line and the embargoed file:\n%s", msg)
			}
		})
	}
	// A public text's attachment title copying the embargoed summary.
	att := minimalSite()
	att["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte(embargoed)}
	att["static/documents/x.pdf"] = &fstest.MapFile{Data: []byte("%PDF")}
	att["content/communiques/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2024-07-01\n" +
		"attachments: [{src: /documents/x.pdf, title: \"Les premiers résultats de notre enquête sur les écrans\"}]\n---\nCorps.\n")}
	if msg := buildErr(t, att); !strings.HasPrefix(msg, "content/communiques/b.md:") || !strings.Contains(msg, "content/communiques/enquete.md") {
		t.Errorf("an attachment's title copying the embargoed summary:\n%s", msg)
	}
	// The line of the copy, though an earlier line starts alike and the
	// copy has emphasis and a link.
	fsys := minimalSite()
	fsys["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte(embargoed)}
	fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-06-01\n---\n" +
		"Un enfant sur deux lit chaque jour.\n\nAutre chose.\n\nCar « un **enfant** sur cinq se sent seul face à ce qui [l’inquiète](/a/) ».\n")}
	if msg := buildErr(t, fsys); !strings.HasPrefix(msg, "content/a-propos.md:9:") {
		t.Errorf("want the error at the copy's line, 9:\n%s", msg)
	}
	// Common wording: a sentence two public communiqués hold, one of them
	// from before the hidden one was written; a short one.
	fsys = minimalSite()
	fsys["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte(embargoed)}
	for name, date := range map[string]string{"a": "2024-05-01", "b": "2024-07-01"} {
		fsys["content/communiques/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: Communiqué " + name + "\ndate: " + date + "\n---\n" +
			"Les journalistes qui souhaitent y assister sont invités à s’inscrire auprès du service de presse. Le conseil a voté le plan.\n")}
	}
	if _, err := runFS(context.Background(), fsys, Options{At: hardAt}); err != nil {
		t.Errorf("common wording stopped the build: %v", err)
	}

	// Words already public: the organisation's boilerplate (shown on every
	// page), a sentence of a communiqué published before the hidden one was
	// written, a title two public texts name.
	const boilerplate = "L’association Exemple agit depuis 2009 pour les enfants et leurs familles, partout en France."
	fsys = minimalSite()
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "[organisation]\nname = \"Exemple\"\nabout = \""+boilerplate+"\"\n"...)
	for _, name := range []string{"ancien", "ancien2"} {
		fsys["content/communiques/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + name + "\ndate: 2024-01-10\n---\n" +
			"Pour toute demande d'interview, contactez le service de presse de l'association.\n")}
	}
	for _, name := range []string{"t1", "t2"} {
		fsys["content/tribunes/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tribune " + name + "\ndate: 2024-02-01\nsignatories: [{name: A}]\n---\n" +
			"Nous serons là pour la journée internationale des droits de l'enfant.\n")}
	}
	fsys["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Journée internationale des droits de l'enfant\ndate: 2024-06-01\nembargo: 2099-01-01T06:00:00+01:00\n---\n" +
		"Une seule phrase propre à ce communiqué, avec ses chiffres.\n\n" + boilerplate + "\n\n" +
		"Pour toute demande d'interview, contactez le service de presse de l'association.\n")}
	if _, err := runFS(context.Background(), fsys, Options{At: hardAt}); err != nil {
		t.Errorf("words already public stopped the build: %v", err)
	}
	// Reused from one public communiqué only, even an earlier one: a copy
	// for all tribune can tell, whose message says to reword it in the
	// hidden text; two copies made after it are copies still.
	once := maps.Clone(fsys)
	delete(once, "content/communiques/ancien2.md")
	if msg := buildErr(t, once); !strings.HasPrefix(msg, "content/communiques/ancien.md:5:") || !strings.Contains(msg, "content/communiques/enquete.md") {
		t.Errorf("a sentence one earlier communiqué holds:\n%s", msg)
	}
	twice := maps.Clone(fsys)
	for _, name := range []string{"c1", "c2"} {
		twice["content/communiques/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + name + "\ndate: 2024-07-01\n---\nUne seule phrase propre à ce communiqué, avec ses chiffres.\n")}
	}
	if msg := buildErr(t, twice); strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "c1.md:5:") || !strings.Contains(msg, "c2.md:5:") {
		t.Errorf("two copies made at once:\n%s", msg)
	}
	// The same sentence in a communiqué written after the hidden one, or
	// in a page (which may be rewritten at any time): a copy.
	for file, front := range map[string]string{
		"content/communiques/apres.md": "title: Après\ndate: 2024-07-01",
		"content/a-propos.md":          "title: À propos\ndate: 2020-01-01",
	} {
		copyFS := maps.Clone(fsys)
		copyFS[file] = &fstest.MapFile{Data: []byte("---\n" + front + "\n---\nUne seule phrase propre à ce communiqué, avec ses chiffres.\n")}
		if msg := buildErr(t, copyFS); !strings.HasPrefix(msg, file+":5:") {
			t.Errorf("%s: want an error at the copy:\n%s", file, msg)
		}
	}
	// A communiqué dated on the day it becomes public, later than any
	// public text: a copy is a copy.
	future := minimalSite()
	future["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte(strings.Replace(embargoed, "date: 2024-06-01", "date: 2099-01-01", 1))}
	future["content/communiques/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2024-07-01\n---\nLe conseil a voté le plan. Résultat principal : 21 % des élèves déclarent n'avoir personne à qui parler.\n")}
	if msg := buildErr(t, future); !strings.HasPrefix(msg, "content/communiques/b.md:5:") {
		t.Errorf("a copy of a communiqué dated on its lift day:\n%s", msg)
	}
	// A communiqué under embargo still a draft (as new writes it) is
	// watched as closely.
	drafted := minimalSite()
	drafted["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte(strings.Replace(embargoed, "date: 2024-06-01", "date: 2024-06-01\ndraft: true", 1))}
	drafted["content/communiques/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2024-07-01\n---\n« Un enfant sur cinq se sent seul face à ce qui l'inquiète. »\n")}
	if msg := buildErr(t, drafted); !strings.HasPrefix(msg, "content/communiques/b.md:5:") {
		t.Errorf("a copy of a communiqué under embargo still a draft:\n%s", msg)
	}
	// A draft made from an earlier communiqué, its date unchanged, and a
	// withdrawn text's words: no leak.
	draft := minimalSite()
	draft["content/communiques/2023.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Rapport annuel 2023 sur les écrans des enfants\ndate: 2024-03-01\n---\nCette année encore, les écrans occupent une place croissante dans la vie des enfants.\n")}
	draft["content/communiques/2024.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Rapport annuel 2024 sur les écrans des enfants\ndate: 2024-03-01\ndraft: true\n---\nCette année encore, les écrans occupent une place croissante dans la vie des enfants.\n")}
	draft["content/communiques/retire.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Invitation à notre colloque annuel de printemps\ndate: 2024-03-01\nexpiryDate: 2024-04-01\n---\nLes journalistes souhaitant y assister sont priés de s'inscrire.\n")}
	draft["content/communiques/suite.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Suite\ndate: 2024-05-01\n---\nLes journalistes souhaitant y assister sont priés de s'inscrire, comme à notre colloque annuel de printemps.\n")}
	if _, err := runFS(context.Background(), draft, Options{At: hardAt}); err != nil {
		t.Errorf("a draft made from an earlier text, a withdrawn text's words: %v", err)
	}
	// A finding two hidden texts share (a communiqué and its tribune) is
	// still theirs alone.
	fsys = minimalSite()
	fsys["content/communiques/enquete.md"] = &fstest.MapFile{Data: []byte(embargoed)}
	fsys["content/tribunes/tribune.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Notre tribune\ndate: 2024-06-01\npublishDate: 2099-01-01T06:00:00+01:00\nsignatories: [{name: A}]\n---\n" +
		"Un enfant sur cinq se sent seul face à ce qui l'inquiète, disions-nous.\n")}
	fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-06-01\n---\nIntroduction.\n\nUn enfant sur cinq se sent seul face à ce qui l’inquiète.\n")}
	if msg := buildErr(t, fsys); !strings.HasPrefix(msg, "content/a-propos.md:7:") {
		t.Errorf("a finding two hidden texts share: want an error at the copy:\n%s", msg)
	}
}

// A link to the page or feed of a topic or signatory that only hidden
// texts have names it: an error at the link, like a link to the text.
func TestLinksToHiddenTopicsRefused(t *testing.T) {
	const hidden = "---\ntitle: Fusion\ndate: 2024-06-01\nembargo: 2099-01-01T06:00:00+01:00\ntags: [Zorglubisme, Justice]\n---\nTexte.\n"
	for name, link := range map[string]string{
		"its topic":      "/themes/zorglubisme/",
		"its topic feed": "/themes/zorglubisme/rss.xml",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := minimalSite()
			fsys["content/communiques/fusion.md"] = &fstest.MapFile{Data: []byte(hidden)}
			fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-06-01\n---\nIntroduction.\n\n[x](" + link + ")\n")}
			msg := buildErr(t, fsys)
			if !regexp.MustCompile(`^content/a-propos\.md:7:\d+: .*content/communiques/fusion\.md`).MatchString(msg) {
				t.Errorf("error does not name the public line and the hidden file:\n%s", msg)
			}
			// The preview, where the topic's page exists, warns the same.
			out, err := New(fsys, nil).Load(context.Background(), Options{At: hardAt, Preview: true})
			if err != nil || !strings.Contains(out.Warnings.Error(), "content/a-propos.md:7:") {
				t.Errorf("preview warnings lack the leak: %v %v", err, out.Warnings)
			}
		})
	}
	// A menu entry of site.toml: an error at its line.
	menu := minimalSite()
	menu["site.toml"].Data = append(menu["site.toml"].Data, "\n[[menu]]\nname = \"Bientôt\"\nurl = \"/communiques/fusion/\"\n"...)
	menu["content/communiques/fusion.md"] = &fstest.MapFile{Data: []byte(hidden)}
	if msg := buildErr(t, menu); !strings.HasPrefix(msg, "site.toml:6:") || !strings.Contains(msg, "content/communiques/fusion.md") {
		t.Errorf("a menu entry to a hidden text: want an error at its line:\n%s", msg)
	}
	// A topic public texts have too is theirs to link.
	fsys := minimalSite()
	fsys["content/communiques/fusion.md"] = &fstest.MapFile{Data: []byte(hidden)}
	fsys["content/communiques/public.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Public\ndate: 2024-06-01\ntags: [Justice]\n---\nTexte public.\n")}
	fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-06-01\n---\n[x](/themes/justice/)\n")}
	if _, err := runFS(context.Background(), fsys, Options{At: hardAt}); err != nil {
		t.Errorf("a link to a public topic stopped the build: %v", err)
	}
}

// The document of a communiqué under embargo, linked from a public page:
// the link would publish it. A document a public text shows too is public.
func TestLinksToHiddenDocumentsRefused(t *testing.T) {
	fsys := minimalSite()
	fsys["static/documents/rapport-2025.pdf"] = &fstest.MapFile{Data: []byte("%PDF rapport")}
	fsys["content/communiques/rapport.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Rapport\ndate: 2024-06-01\nembargo: 2099-01-01T06:00:00+01:00\n" +
		"attachments: [{src: /documents/rapport-2025.pdf, title: Le rapport}]\n---\nTexte.\n")}
	fsys["content/communiques/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2024-06-01\n---\nLire [le document](/documents/rapport-2025.pdf).\n")}
	if msg := buildErr(t, fsys); !strings.HasPrefix(msg, "content/communiques/b.md:5:") || !strings.Contains(msg, "content/communiques/rapport.md") {
		t.Errorf("a link to an embargoed document:\n%s", msg)
	}
	fsys["content/communiques/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: C\ndate: 2024-05-01\nattachments: [{src: /documents/rapport-2025.pdf, title: Le rapport}]\n---\nTexte.\n")}
	if _, err := runFS(context.Background(), fsys, Options{At: hardAt}); err != nil {
		t.Errorf("a document a public text shows too: %v", err)
	}
}
