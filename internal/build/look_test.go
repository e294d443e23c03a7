package build

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"html"
	"image"
	"image/png"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"tribune/internal/hosting"
	"tribune/internal/media"
)

// signers writes n signatories in YAML, the first with a portrait and a
// site.
func signers(n int) string {
	var b strings.Builder
	b.WriteString("signatories:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - name: Personne %d\n    role: Fonction %d\n    organisation: Organisation %d\n", i, i, i)
		if i == 1 {
			b.WriteString("    url: https://personne1.example/\n    portrait: {src: /images/p1.png, alt: Portrait de Personne 1}\n")
		}
	}
	return b.String()
}

func lookSite(t *testing.T) fstest.MapFS {
	fsys := newsroomFS(t)
	fsys["static/images/p1.png"] = &fstest.MapFile{Data: kitPNG(t)}
	for _, n := range []int{1, 3, 12} {
		setFile(fsys, fmt.Sprintf("content/tribunes/t%d.md", n), fmt.Sprintf(
			"---\ntitle: Tribune à %d signataires\ndate: 2024-06-1%dT08:00:00+02:00\nslug: t%d\n%s---\nCorps de la tribune à %d.\n", n, n%10, n, signers(n), n))
	}
	return fsys
}

var signatureRE = regexp.MustCompile(`(?s)<section class="?signature.*?</section>`)

// A tribune signed by one person ends with a signature, not a list; by a
// few, with the list under its heading; by many (a collective tribune),
// with the first few and the others folded under their count.
func TestSignatureBlock(t *testing.T) {
	res := buildFS(t, lookSite(t), Options{At: newsAt, Minify: true})

	one := signatureRE.FindString(minified(t, res, "tribunes/t1/index.html"))
	mustContain(t, "one signatory", one,
		`<section class="signature" aria-label="Signature">`,
		`<div class="signer"><img class="portrait" src="/images/p1.png" alt="Portrait de Personne 1" width="30" height="20"`,
		`<span class="name"><a href="/signataires/personne-1/">Personne 1</a></span> <span class="role">Fonction 1</span> <span class="org">Organisation 1</span>`,
		`<a class="website" href="https://personne1.example/">Site de Personne 1</a>`,
	)
	for _, not := range []string{"<h2", "<ul", "<li", "Signataires"} {
		if strings.Contains(one, not) {
			t.Errorf("one signatory: the signature holds %s:\n%s", not, one)
		}
	}

	three := signatureRE.FindString(minified(t, res, "tribunes/t3/index.html"))
	mustContain(t, "three signatories", three, `<h2 id="signataires">Signataires</h2>`, `<ul class="signers">`)
	if n := strings.Count(three, `<li class="signer">`); n != 3 {
		t.Errorf("three signatories: %d entries", n)
	}
	if strings.Contains(three, "<details") {
		t.Error("three signatories are folded")
	}

	many := signatureRE.FindString(minified(t, res, "tribunes/t12/index.html"))
	mustContain(t, "twelve signatories", many,
		`<h2 id="signataires">Les 12 signataires</h2>`,
		`<details class="more-signers"><summary>Voir les 9 autres signataires</summary>`,
		`<span class="name"><a href="/signataires/personne-12/">Personne 12</a></span>, Fonction 12, Organisation 12</li>`,
	)
	lead, folded, _ := strings.Cut(many, "<details")
	if n := strings.Count(lead, `<li class="signer">`); n != 3 {
		t.Errorf("twelve signatories: %d shown before the fold, want 3", n)
	}
	if n := strings.Count(folded, "<li>"); n != 9 {
		t.Errorf("twelve signatories: %d folded, want 9", n)
	}
	for i := 1; i <= 12; i++ {
		if !strings.Contains(many, fmt.Sprintf(">Personne %d<", i)) {
			t.Errorf("twelve signatories: Personne %d missing", i)
		}
	}

	// The portrait is checked like an image: a file, and its alt.
	fsys := lookSite(t)
	editFile(t, fsys, "content/tribunes/t1.md", "alt: Portrait de Personne 1", "decorative: false")
	editFile(t, fsys, "content/tribunes/t3.md", "src: /images/p1.png", "src: /images/absente.png")
	msg := buildErr(t, fsys)
	for _, want := range []string{
		"content/tribunes/t1.md:10:5: portrait needs alt text",
		"content/tribunes/t3.md:10:16: portrait /images/absente.png not found: put the file in static/images/absente.png",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

// Paths of pictures are site paths: "images/x.png" would be looked for
// under each page's folder.
func TestPicturePathsStartAtTheSite(t *testing.T) {
	fsys := lookSite(t)
	editFile(t, fsys, "content/tribunes/t1.md", "src: /images/p1.png", "src: images/p1.png")
	editFile(t, fsys, "content/tribunes/t3.md", "slug: t3\n", "slug: t3\nimage: {src: images/p1.png, alt: Une image}\n")
	editFile(t, fsys, "site.toml", `logo = "/images/logo.svg"`, "logo = \"/images/logo.svg\"\nlogoDark = \"images/logo.svg\"")
	msg := buildErr(t, fsys)
	for _, want := range []string{
		`content/tribunes/t1.md:10:16: portrait "images/p1.png" must be the path of a file under static/, starting with /`,
		`content/tribunes/t3.md:5:9: image "images/p1.png" must be the path of a file under static/, starting with /`,
		`site.toml:12:1: organisation.logoDark: "images/logo.svg" must be the path of a file under static/, starting with /`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

// An image too large to decode safely is refused, not decoded.
func TestHugeImagesRefused(t *testing.T) {
	fsys := lookSite(t)
	// A PNG whose header says 10,000 × 6,000 pixels: 240 MB once decoded.
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	ihdr := b[16:24]
	binary.BigEndian.PutUint32(ihdr[0:4], 10000)
	binary.BigEndian.PutUint32(ihdr[4:8], 6000)
	binary.BigEndian.PutUint32(b[29:33], crc32.ChecksumIEEE(b[12:29]))
	fsys["static/images/p1.png"] = &fstest.MapFile{Data: b}
	msg := buildErr(t, fsys)
	if !strings.Contains(msg, "static/images/p1.png: the image is 10000 × 6000 pixels: tribune resizes images of at most 50 million pixels") {
		t.Errorf("a huge portrait: %s", msg)
	}
}

// The co-publication is the news: it is said under the title, and the
// link to the outlet's article may carry the organisation's own words.
func TestCoPublicationLine(t *testing.T) {
	fsys := newsroomFS(t)
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true})
	p := minified(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	inOrder(t, "tribune page", p, "<h1>", `<p class="copub">Tribune publiée dans <cite>Marianne</cite> le`,
		`>Lire la tribune sur <cite>Marianne</cite></a></p>`, `<p class="standfirst">`)

	// A label of spaces or invisible characters keeps the default text.
	editFile(t, fsys, "content/tribunes/ecole.md", "  date: 2024-06-26\n", "  date: 2024-06-26\n  label: \" \\u200b \"\n")
	res = buildFS(t, fsys, Options{At: newsAt, Minify: true})
	p = minified(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	mustContain(t, "tribune with a blank label", p, `>Lire la tribune sur <cite>Marianne</cite></a></p>`)

	editFile(t, fsys, "content/tribunes/ecole.md", "  label: \" \\u200b \"\n", "  label: \"Accès à l'article\"\n")
	res = buildFS(t, fsys, Options{At: newsAt, Minify: true})
	p = minified(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	mustContain(t, "tribune with a label", p,
		`<a href="https://www.marianne.net/tribune-ecole">Accès à l’article<span class="visually-hidden"> (Marianne)</span></a>`)
	if strings.Contains(p, "Lire la tribune sur") {
		t.Error("the default label is shown with a label of its own")
	}
}

var cardRE = regexp.MustCompile(`(?s)<article class="?card"?.*?</article>`)

// Cards say who signed and where the tribune appeared; the kind is said
// once for a list of one kind, on each card of a mixed list.
func TestCards(t *testing.T) {
	res := buildFS(t, lookSite(t), Options{At: newsAt, Minify: true})
	list := minified(t, res, "tribunes/index.html")
	cards := cardRE.FindAllString(list, -1)
	if len(cards) < 3 {
		t.Fatalf("tribunes list: %d cards", len(cards))
	}
	for _, c := range cards {
		if strings.Contains(c, `class="kind`) {
			t.Errorf("a card of the tribunes list repeats the kind: %s", c)
		}
	}
	var ecole, twelve string
	for _, c := range cards {
		switch {
		case strings.Contains(c, "premier rempart"):
			ecole = c
		case strings.Contains(c, "12 signataires"):
			twelve = c
		}
	}
	mustContain(t, "three signatories' card", ecole, `<span class="byline">Alice Martin et 2 autres</span>`, `dans <cite>Marianne</cite>`)
	mustContain(t, "twelve signatories' card", twelve, `<span class="byline">Personne 1 et 11 autres</span>`)
	home := minified(t, res, "index.html")
	for _, c := range cardRE.FindAllString(home, -1) {
		if strings.Contains(c, `class="kind`) {
			t.Errorf("a card of the home page repeats the kind its column's heading says: %s", c)
		}
	}

	// A topic of tribunes and communiqués labels each card; a topic of
	// tribunes only says it once.
	fsys := lookSite(t)
	editFile(t, fsys, "content/communiques/ancien.md", "date: 2024-03-01\n", "date: 2024-03-01\ntags: [Numérique]\n")
	res = buildFS(t, fsys, Options{At: newsAt, Minify: true})
	mixed := minified(t, res, "themes/numerique/index.html")
	for _, c := range cardRE.FindAllString(mixed, -1) {
		if !strings.Contains(c, `<p class="kind kind-`) {
			t.Errorf("mixed topic: a card without its kind: %s", c)
		}
	}
	if strings.Contains(mixed, "list-kind") {
		t.Error("mixed topic: a kind for the whole list")
	}
	// Said for the whole list: with two entries a page, the mixed topic's
	// pages say no kind above their list either.
	editFile(t, fsys, "site.toml", "city = \"Lyon\"\n", "city = \"Lyon\"\npaginate = 1\n")
	paged := buildFS(t, fsys, Options{At: newsAt, Minify: true})
	for _, name := range []string{"themes/numerique/index.html", "themes/numerique/page/2/index.html"} {
		if strings.Contains(minified(t, paged, name), "list-kind") {
			t.Errorf("%s: a kind for the list of a mixed topic", name)
		}
	}
	one := minified(t, res, "themes/education/index.html")
	if n := strings.Count(one, `<p class="kind list-kind">Tribunes</p>`); n != 1 {
		t.Errorf("topic of tribunes: the kind said %d times for the list", n)
	}
	for _, c := range cardRE.FindAllString(one, -1) {
		if strings.Contains(c, `class="kind`) {
			t.Errorf("topic of tribunes: a card repeats the kind: %s", c)
		}
	}
}

// The breadcrumb ends with a short form of a long title, the whole title
// kept for assistive technologies.
func TestBreadcrumbShortensTheTitle(t *testing.T) {
	fsys := newsroomFS(t)
	long := "Violences sexuelles sur mineurs : la justice doit enfin prendre le temps des victimes"
	editFile(t, fsys, "content/tribunes/ecole.md", `title: "L'école : premier rempart ?"`, `title: "`+long+`"`+"\nslug: longue")
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true})
	nav := regexp.MustCompile(`(?s)<nav class="?breadcrumb.*?</nav>`).FindString(minified(t, res, "tribunes/longue/index.html"))
	mustContain(t, "breadcrumb", nav,
		`<li aria-current="page"><span aria-hidden="true">Violences sexuelles sur mineurs…</span><span class="visually-hidden">`+typeset(long)+`</span></li>`)
	short := regexp.MustCompile(`(?s)<nav class="?breadcrumb.*?</nav>`).FindString(minified(t, res, "tribunes/children-first/index.html"))
	mustContain(t, "breadcrumb", short, `<li aria-current="page">Children first</li>`)
}

// The logo keeps its drawing's ratio; in dark mode it is shown on a light
// backing, or replaced by its variant for dark backgrounds.
func TestHeaderLogo(t *testing.T) {
	fsys := newsroomFS(t)
	setFile(fsys, "static/images/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 216 80"><rect width="216" height="80" fill="#1f4e79"/></svg>`)
	res := buildFS(t, fsys, Options{At: newsAt})
	p := page(t, res, "index.html")
	mustContain(t, "header", p, `<img class="logo logo-backed" src="/images/logo.svg" alt="" width="119" height="44">`)

	setFile(fsys, "static/images/logo-sombre.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 216 80"><rect width="216" height="80" fill="#fff"/></svg>`)
	editFile(t, fsys, "site.toml", `logo = "/images/logo.svg"`, "logo = \"/images/logo.svg\"\nlogoDark = \"/images/logo-sombre.svg\"")
	res = buildFS(t, fsys, Options{At: newsAt})
	p = page(t, res, "index.html")
	mustContain(t, "header with a dark logo", p,
		`<picture><source srcset="/images/logo-sombre.svg" media="(prefers-color-scheme: dark)"><img class="logo" src="/images/logo.svg" alt="" width="119" height="44"></picture>`)

	editFile(t, fsys, "site.toml", `logoDark = "/images/logo-sombre.svg"`, `logoDark = "/images/absent.svg"`)
	if msg := buildErr(t, fsys); !strings.Contains(msg, `site.toml:12:1: organisation.logoDark: "/images/absent.svg" not found: put the file in static/images/absent.svg`) {
		t.Errorf("a missing logo: %s", msg)
	}
}

// ogImages maps each HTML page of res to its og:image and twitter:image.
func ogImages(t *testing.T, res *built) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	for _, name := range res.Paths() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		m := metas(string(res.Files[name]))
		og, tw := m["og:image"], m["twitter:image"]
		if len(og) > 1 || len(tw) > 1 {
			t.Errorf("%s: %d og:image, %d twitter:image", name, len(og), len(tw))
		}
		var pair [2]string
		if len(og) == 1 {
			pair[0] = og[0]
		}
		if len(tw) == 1 {
			pair[1] = tw[0]
		}
		out[name] = pair
	}
	return out
}

// Every page shared shows a picture networks show: a 1200×630 PNG or JPEG
// of the site, the page's own image cropped or a card drawn for it, never
// an SVG; an embargo copy shows none.
func TestShareImages(t *testing.T) {
	fsys := lookSite(t)
	fsys["static/images/photo.png"] = &fstest.MapFile{Data: kitPNG(t)}
	editFile(t, fsys, "content/tribunes/t3.md", "slug: t3\n", "slug: t3\nimage: {src: /images/photo.png, alt: Une photo}\n")
	setFile(fsys, "content/communiques/sous-embargo.md", "---\ntitle: Annonce secrète\ndate: 2024-06-20\nembargo: 2099-01-01T06:00:00+01:00\nembargoAccess: true\n---\nCorps secret.\n")
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true, EmbargoKey: demoKey})
	const base = "https://presse.example/"
	seen := 0
	for name, pair := range ogImages(t, res) {
		og := pair[0]
		if strings.HasPrefix(name, "presse/embargo/") {
			if og != "" || pair[1] != "" {
				t.Errorf("%s: the embargo copy shows a picture: %v", name, pair)
			}
			continue
		}
		if og == "" && !strings.HasSuffix(name, "404.html") && !isAlias(res.Files[name]) {
			t.Errorf("%s: no og:image", name)
			continue
		}
		if og == "" {
			continue
		}
		if pair[1] != og {
			t.Errorf("%s: twitter:image %q, og:image %q", name, pair[1], og)
		}
		if !strings.HasPrefix(og, base) {
			t.Errorf("%s: og:image %s is not of the site", name, og)
			continue
		}
		data, ok := res.Files[strings.TrimPrefix(og, base)]
		if !ok {
			t.Errorf("%s: og:image %s is not an output file", name, og)
			continue
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || (format != "png" && format != "jpeg") || cfg.Width != media.ShareWidth || cfg.Height != media.ShareHeight {
			t.Errorf("%s: og:image %s is %s %d×%d (%v), want a 1200×630 PNG or JPEG", name, og, format, cfg.Width, cfg.Height, err)
		}
		seen++
	}
	if seen < 10 {
		t.Errorf("only %d pages with a picture", seen)
	}
	want := map[string]string{
		"tribunes/t1/index.html":             base + "tribunes/t1/partage.png",
		"tribunes/t3/index.html":             base + "images/photo-partage.png",
		"index.html":                         base + "partage.png",
		"presse/index.html":                  base + "partage.png",
		"tribunes/index.html":                base + "partage.png",
		"tribunes/children-first/index.html": base + "tribunes/children-first/partage.png", // its image is an SVG
	}
	for name, w := range want {
		if got := metas(page(t, res, name))["og:image"]; len(got) != 1 || got[0] != w {
			t.Errorf("%s: og:image %v, want %s", name, got, w)
		}
	}
	mustContain(t, "tribune", page(t, res, "tribunes/t3/index.html"), `<meta property="og:image:alt" content="Une photo">`)
	// No card is drawn for a hidden statement, and a card is the same
	// picture from one build to the next.
	for name := range res.Files {
		if strings.Contains(name, "secrete") || strings.Contains(name, "brouillon") {
			t.Errorf("%s published", name)
		}
	}
	again := buildFS(t, fsys, Options{At: newsAt, Minify: true, EmbargoKey: demoKey})
	for name, data := range res.Files {
		if strings.HasSuffix(name, ".png") && !bytes.Equal(again.Files[name], data) {
			t.Errorf("%s differs from one build to the next", name)
		}
	}
	// The card is paletted: small.
	img, err := png.Decode(bytes.NewReader(res.Files["tribunes/t1/partage.png"]))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := img.(*image.Paletted); !ok {
		t.Errorf("the card is a %T", img)
	}
}

func isAlias(page []byte) bool { return bytes.Contains(page, []byte(`http-equiv="refresh"`)) }

// The settings of share cards are checked where they are written.
func TestShareSettings(t *testing.T) {
	wide := image.NewGray(image.Rect(0, 0, 5000, 2))
	var buf bytes.Buffer
	if err := png.Encode(&buf, wide); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ toml, want string }{
		{"[share]\nlogo = \"/images/large.png\"\n", `site.toml:38:1: share.logo: "/images/large.png" is 5000 × 2 pixels: give a logo of at most 4000 pixels a side`},
		{"[share]\nlogo = \"/images/broken.png\"\n", `site.toml:38:1: share.logo: "/images/broken.png" is not a PNG or JPEG image tribune can read`},
		{"[share]\nlogo = \"/images/cut.png\"\n", `site.toml:38:1: share.logo: "/images/cut.png" is not a PNG or JPEG image tribune can read`},
		{"[share]\nlogo = \"images/logo.png\"\n", `site.toml:38:1: share.logo: "images/logo.png" must be the path of a file under static/, starting with /`},
		{"[share]\naccent = \"#2a4a80\"\n", "site.toml:38:1: share: the accent and background colours are too close (contrast under 3:1)"},
		{"[share]\nlogo = \"/images/logo.svg\"\n", "site.toml:38:1: share.logo must be a PNG or JPEG file: the pictures of shared links cannot show SVG"},
		{"[share]\nlogo = \"/images/absent.png\"\n", `site.toml:38:1: share.logo: "/images/absent.png" not found`},
		{"[share]\nbackground = \"bleu\"\n", `site.toml:38:14: share.background: "bleu" is not a colour: write it #rrggbb, as in #1d3c6e`},
		{"[share]\nbackground = \"#ffffff\"\ntext = \"#eeeeee\"\naccent = \"#8a1c1c\"\n", "site.toml:39:1: share: the text and background colours are too close (contrast under 4.5:1)"},
	} {
		fsys := newsroomFS(t)
		fsys["static/images/large.png"] = &fstest.MapFile{Data: buf.Bytes()}
		fsys["static/images/broken.png"] = &fstest.MapFile{Data: []byte("\x89PNG pas vraiment")}
		fsys["static/images/cut.png"] = &fstest.MapFile{Data: kitPNG(t)[:60]}
		fsys["site.toml"].Data = append(fsys["site.toml"].Data, "\n"+tt.toml...)
		msg := buildErr(t, fsys)
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%q: %s", tt.toml, msg)
		}
	}
}

// The organisation's logo, which cards show when there is no share.logo,
// gives a warning when tribune cannot read it, and cards without a logo.
func TestShareCardsWithABrokenLogo(t *testing.T) {
	fsys := newsroomFS(t)
	fsys["static/images/logo.png"] = &fstest.MapFile{Data: []byte("\x89PNG pas vraiment")}
	editFile(t, fsys, "site.toml", `logo = "/images/logo.svg"`, `logo = "/images/logo.png"`)
	res := buildFS(t, fsys, Options{At: newsAt})
	if w := res.Warnings.Error(); !strings.Contains(w, `site.toml:11:1: organisation.logo: "/images/logo.png" is not a PNG or JPEG image tribune can read`) {
		t.Errorf("warnings: %s", w)
	}
	if _, err := png.Decode(bytes.NewReader(res.Files["tribunes/l-ecole-premier-rempart/partage.png"])); err != nil {
		t.Errorf("no card: %v", err)
	}
}

var hrefRE = regexp.MustCompile(`<a class="?share-([a-z]+)"? href="?([^" >]+)"?`)

// A public statement offers plain links to share it, each with its
// service named; nothing of another site is loaded before a reader
// follows one. Hidden pages and embargo copies offer none.
func TestShareLinks(t *testing.T) {
	fsys := newsroomFS(t)
	setFile(fsys, "content/communiques/sous-embargo.md", "---\ntitle: Annonce secrète\ndate: 2024-06-20\nembargo: 2099-01-01T06:00:00+01:00\nembargoAccess: true\n---\nCorps secret.\n")
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true, EmbargoKey: demoKey})
	p := minified(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	links := map[string]string{}
	for _, m := range hrefRE.FindAllStringSubmatch(p, -1) {
		links[m[1]] = html.UnescapeString(m[2])
	}
	u := "https://presse.example/tribunes/l-ecole-premier-rempart/"
	title := "L%E2%80%99%C3%A9cole%C2%A0%3A+premier+rempart%E2%80%AF%3F"
	want := map[string]string{
		"email":    "mailto:?subject=" + strings.ReplaceAll(title, "+", "%20") + "&body=" + strings.ReplaceAll(title, "+", "%20") + "%0A" + strings.ReplaceAll(strings.ReplaceAll(u, ":", "%3A"), "/", "%2F"),
		"bluesky":  "https://bsky.app/intent/compose?text=" + title + "+" + strings.ReplaceAll(strings.ReplaceAll(u, ":", "%3A"), "/", "%2F"),
		"linkedin": "https://www.linkedin.com/sharing/share-offsite/?url=" + strings.ReplaceAll(strings.ReplaceAll(u, ":", "%3A"), "/", "%2F"),
		"x":        "https://x.com/intent/post?text=" + title + "&url=" + strings.ReplaceAll(strings.ReplaceAll(u, ":", "%3A"), "/", "%2F"),
	}
	for k, w := range want {
		if links[k] != w {
			t.Errorf("%s link: %q, want %q", k, links[k], w)
		}
	}
	mustContain(t, "share block", p,
		`<span class="visually-hidden">Partager sur </span>Bluesky</a>`,
		`<span class="visually-hidden">Partager par </span>Courriel</a>`,
		`<summary><span class="visually-hidden">Partager sur </span>Mastodon</summary>`,
		`<label for="instance-mastodon">Votre instance Mastodon</label>`,
		`<label for="adresse-page">Adresse de cette page</label>`,
		`<input id="adresse-page" type="url" readonly value="`+u+`">`,
		`<button type="button" class="copy" hidden data-done="Lien copié.">Copier le lien</button>`,
	)
	// What the page loads is the site's own, as the Content-Security-Policy
	// requires (script-src 'self', img-src 'self' data:).
	if !strings.Contains(hosting.ContentSecurityPolicy, "script-src 'self';") || !strings.Contains(hosting.ContentSecurityPolicy, "default-src 'self'") {
		t.Fatalf("the policy changed: %s", hosting.ContentSecurityPolicy)
	}
	for name, data := range res.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, tag := range startTags(string(data)) {
			for _, attr := range []string{"src", "srcset"} {
				m := regexp.MustCompile(`(?:^|\s)` + attr + `="?([^" >]+)`).FindStringSubmatch(tag.attrs)
				if m != nil && (strings.Contains(m[1], "//") || strings.HasPrefix(m[1], "http")) {
					t.Errorf("%s: <%s> loads %s", name, tag.name, m[1])
				}
			}
			if tag.name == "link" && strings.Contains(tag.attrs, "stylesheet") && strings.Contains(tag.attrs, "//") {
				t.Errorf("%s: a stylesheet of another site", name)
			}
		}
	}
	// None on pages that are not public statements, on embargo copies.
	for name, data := range res.Files {
		if !strings.HasSuffix(name, ".html") || strings.HasPrefix(name, "tribunes/") && strings.Count(name, "/") == 2 && name != "tribunes/index.html" ||
			strings.HasPrefix(name, "communiques/") && strings.Count(name, "/") == 2 && name != "communiques/index.html" {
			continue
		}
		if bytes.Contains(data, []byte("share-links")) {
			t.Errorf("%s offers share links", name)
		}
	}
	prev := buildFS(t, fsys, Options{At: newsAt, Preview: true, EmbargoKey: demoKey})
	for _, name := range []string{"communiques/annonce-secrete/index.html", "tribunes/tribune-brouillon/index.html"} {
		if bytes.Contains(prev.Files[name], []byte("share-links")) {
			t.Errorf("preview of hidden %s offers share links", name)
		}
		if _, ok := prev.Files[name]; !ok {
			t.Errorf("no %s in the preview; have %v", name, slices.Sorted(func(yield func(string) bool) {
				for n := range prev.Files {
					if !yield(n) {
						return
					}
				}
			}))
		}
	}
}

// Every page has a description: its summary, a sentence saying what it
// holds, the start of its text, else the site's description, else the
// organisation's.
func TestDescriptionOnEveryPage(t *testing.T) {
	fsys := minimalSite()
	setFile(fsys, "content/a-propos.md", "---\ntitle: À propos\ndate: 2024-01-01\n---\nNous sommes une association qui agit depuis longtemps pour les enfants.\n")
	setFile(fsys, "content/tribunes/t.md", "---\ntitle: Une tribune\ndate: 2024-05-01\ntags: [Justice]\nsignatories: [{name: Alice Martin}]\n---\nLe texte de la tribune.\n")
	check := func(what string, res *built, home string) {
		t.Helper()
		for _, name := range res.Paths() {
			if !strings.HasSuffix(name, ".html") || isAlias(res.Files[name]) {
				continue
			}
			d := metas(string(res.Files[name]))["description"]
			if len(d) != 1 || strings.TrimSpace(d[0]) == "" {
				t.Errorf("%s: %s has no description", what, name)
			}
		}
		if d := metas(page(t, res, "index.html"))["description"]; len(d) != 1 || d[0] != home {
			t.Errorf("%s: home description %q, want %q", what, d, home)
		}
	}
	about := strings.Repeat("L’association agit pour la protection des enfants en ligne et hors ligne. ", 4)
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "[organisation]\nname = \"Exemple\"\nabout = \""+about+"\"\n"...)
	res := buildFS(t, fsys, Options{At: hardAt})
	check("with the organisation's about", res, "L’association agit pour la protection des enfants en ligne et hors ligne. L’association agit pour la protection des enfants en ligne et hors ligne.")
	if d := metas(page(t, res, "a-propos/index.html"))["description"]; len(d) != 1 || d[0] != "Nous sommes une association qui agit depuis longtemps pour les enfants." {
		t.Errorf("page without summary: %q", d)
	}
	editFile(t, fsys, "site.toml", "title = \"Exemple\"\n", "title = \"Exemple\"\ndescription = \"Les prises de position d'Exemple.\"\n")
	check("with the site's description", buildFS(t, fsys, Options{At: hardAt}), "Les prises de position d’Exemple.")
}
