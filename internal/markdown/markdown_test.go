package markdown

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"tribune/internal/locale"
)

func convert(t *testing.T, src string, opts Options) Doc {
	t.Helper()
	return NewConverter(nil, nil).Convert("content/x.md", []byte(src), 5, opts)
}

func TestFrenchTypography(t *testing.T) {
	fr := Options{Typography: locale.French}
	tests := []struct{ name, in, want string }{
		{"colon", "Note : voici", "<p>Note\u00a0: voici</p>\n"},
		{"question", "Vraiment ?", "<p>Vraiment\u202f?</p>\n"},
		{"no space written", "Vraiment?", "<p>Vraiment\u202f?</p>\n"},
		{"after emphasis", "**Attention** : danger", "<p><strong>Attention</strong>\u00a0: danger</p>\n"},
		{"guillemets", "« bonjour »", "<p>«\u202fbonjour\u202f»</p>\n"},
		{"straight quotes", `Il a dit "non".`, "<p>Il a dit «\u202fnon\u202f».</p>\n"},
		{"apostrophe", "l'enfance", "<p>l’enfance</p>\n"},
		{"code untouched", "Tapez `a : b ?` puis", "<p>Tapez <code>a : b ?</code> puis</p>\n"},
		{"url untouched", "Voir https://exemple.fr/a?b=c ici", `<p>Voir <a href="https://exemple.fr/a?b=c">https://exemple.fr/a?b=c</a> ici</p>` + "\n"},
		{"link destination untouched", "[Lien !](https://exemple.fr/x?y=1)", `<p><a href="https://exemple.fr/x?y=1">Lien` + "\u202f" + `!</a></p>` + "\n"},
		{"email untouched", "Écrire à presse@exemple.fr !", "<p>Écrire à <a href=\"mailto:presse@exemple.fr\">presse@exemple.fr</a>\u202f!</p>\n"},
		{"repeated signs", "Quoi ?!", "<p>Quoi\u202f?!</p>\n"},
		{"time", "À 15:30 précises", "<p>À 15:30 précises</p>\n"},
		{"entity kept valid", "A &amp; B ; C", "<p>A &amp; B\u202f; C</p>\n"},
		{"heading", "## Pourquoi ?", "<h2 id=\"pourquoi\">Pourquoi\u202f?</h2>\n"},
		{"fenced code untouched", "```\na : b ?\n```", "<pre><code>a : b ?\n</code></pre>\n"},
		// Numbers alone in their text, with no other sign to typeset.
		{"thousands alone", "Entre octobre et décembre 2026, 12 000 collégiens", "<p>Entre octobre et décembre 2026, 12\u202f000 collégiens</p>\n"},
		{"thousands after an apostrophe", "L'enquête. Au total 12 000 collégiens", "<p>L’enquête. Au total 12\u202f000 collégiens</p>\n"},
		{"percent and hours alone", "soit 27 % à 10 h 30", "<p>soit 27\u202f% à 10\u202fh\u202f30</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := convert(t, tt.in, fr).HTML
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTypographyOffForEnglish(t *testing.T) {
	got := convert(t, `He said "no" : it's done ?`, Options{Typography: locale.Off}).HTML
	want := "<p>He said “no” : it’s done ?</p>\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestQuebecTypography(t *testing.T) {
	got := convert(t, "Vraiment ? Oui : « là »", Options{Typography: locale.Quebec}).HTML
	want := "<p>Vraiment? Oui\u00a0: «\u202flà\u202f»</p>\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestExtensions(t *testing.T) {
	src := "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~barré~~ et https://exemple.fr et note[^1]\n\n[^1]: La note.\n"
	html := convert(t, src, Options{}).HTML
	for _, want := range []string{"<table>", "<td>1</td>", "<del>barré</del>", `<a href="https://exemple.fr">`, `class="footnote-ref"`, "La note."} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %q:\n%s", want, html)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	html := convert(t, "## L’éducation à l’école\n\n## L’éducation à l’école\n\n## ???\n", Options{}).HTML
	for _, want := range []string{`id="l-education-a-l-ecole"`, `id="l-education-a-l-ecole-1"`, `id="section"`} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %q:\n%s", want, html)
		}
	}
}

func TestRawHTMLDroppedWithWarning(t *testing.T) {
	src := "Texte.\n\n<script>alert(1)</script>\n\nUn <b>gras</b> mot.\n"
	doc := convert(t, src, Options{})
	if strings.Contains(doc.HTML, "<script") || strings.Contains(doc.HTML, "<b>") || strings.Contains(doc.HTML, "omitted") {
		t.Errorf("raw HTML kept: %s", doc.HTML)
	}
	if len(doc.Warnings) != 3 { // the block, <b> and </b>
		t.Fatalf("want 3 warnings, got %v", doc.Warnings)
	}
	// The body starts on line 5 of the file: the block is on line 7, the
	// inline tag on line 9, column 4.
	if got := doc.Warnings[0].Error(); !strings.HasPrefix(got, "content/x.md:7:1: raw HTML dropped") {
		t.Errorf("first warning = %q", got)
	}
	if got := doc.Warnings[1].Error(); !strings.HasPrefix(got, "content/x.md:9:4: ") {
		t.Errorf("second warning = %q", got)
	}
}

func TestRawHTMLAllowed(t *testing.T) {
	doc := convert(t, "Un <b>gras</b> mot.\n", Options{AllowHTML: true})
	if !strings.Contains(doc.HTML, "<b>gras</b>") || len(doc.Warnings) != 0 {
		t.Errorf("got %q, warnings %v", doc.HTML, doc.Warnings)
	}
}

func TestPlainTextAndLead(t *testing.T) {
	doc := convert(t, "Premier *paragraphe* &amp; suite.\n\n## Titre\n\nSecond.\n", Options{Typography: locale.French})
	if doc.Lead != "Premier paragraphe & suite." {
		t.Errorf("lead = %q", doc.Lead)
	}
	if doc.Text != "Premier paragraphe & suite.\nTitre\nSecond." {
		t.Errorf("text = %q", doc.Text)
	}
}

func TestTypographyIsIdempotentOnOutputText(t *testing.T) {
	// Converting text that is already typeset changes nothing more.
	once := convert(t, "Pourquoi ? « Parce que » : voilà !", Options{Typography: locale.French}).Text
	twice := convert(t, once, Options{Typography: locale.French}).Text
	if once != twice {
		t.Errorf("once %q, twice %q", once, twice)
	}
}

func BenchmarkConvert(b *testing.B) {
	src := []byte(strings.Repeat("## Une partie\n\nL'association « Enfance » demande : pourquoi ? Voir [le rapport](https://exemple.fr/r).\n\n- un point ;\n- un autre !\n\n> Une citation.\n\n", 20))
	c := NewConverter(nil, nil)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		c.Convert("x.md", src, 1, Options{Typography: locale.French})
	}
}

func TestLangSpanKept(t *testing.T) {
	doc := convert(t, "Il a dit <span lang=\"en\">*safety by design*</span> ; <b>non</b>.\n", Options{Typography: locale.French})
	if !strings.Contains(doc.HTML, `<span lang="en"><em>safety by design</em></span>`) {
		t.Errorf("lang span lost: %s", doc.HTML)
	}
	if strings.Contains(doc.HTML, "<b>") || len(doc.Warnings) != 2 {
		t.Errorf("other raw HTML kept or not warned: %s %v", doc.HTML, doc.Warnings)
	}
	for _, bad := range []string{`<span lang="en" onclick="x()">`, `<span lang="e">`, `<span lang="en"><script>`} {
		doc := convert(t, "Texte "+bad+"x</span>.\n", Options{})
		if strings.Contains(doc.HTML, "onclick") || strings.Contains(doc.HTML, "<script") || strings.Contains(doc.HTML, `lang="e"`) {
			t.Errorf("%s kept: %s", bad, doc.HTML)
		}
	}
}

// TestSpacesBeforeBreak: the spaces and tabs that end a line are dropped
// before a hard or soft line break, as CommonMark says, whether or not
// the document holds a URL that linkify may turn into a link (goldmark
// keeps some when linkify has cut the line).
func TestSpacesBeforeBreak(t *testing.T) {
	for _, tail := range []string{"", "\n\nVoir https://exemple.org/page"} {
		for src, want := range map[string]string{
			"Un mot    \nsuite":   "<p>Un mot<br>\nsuite</p>",
			"Un mot \t\nsuite":    "<p>Un mot\nsuite</p>",
			"*Un mot*    \nsuite": "<p><em>Un mot</em><br>\nsuite</p>",
		} {
			html := convert(t, src+tail, Options{}).HTML
			if !strings.HasPrefix(html, want) {
				t.Errorf("%q: %q, want it to start with %q", src+tail, html, want)
			}
		}
	}
}

func testImages(path string) (Image, bool) {
	switch path {
	case "/images/a.png":
		return Image{Width: 1200, Height: 800, Srcset: "/images/a-480w.png 480w, /images/a.png 1200w"}, true
	case "/tribunes/t/photo.png":
		return Image{Width: 300, Height: 200}, true
	case "/images/b.webp":
		return Image{}, true // no size known
	}
	return Image{}, false
}

// TestImages: the site's images get their size, resized copies and lazy
// loading from their node renderer; other images are left as written.
func TestImages(t *testing.T) {
	c := NewConverter(nil, testImages)
	opts := Options{Page: "/tribunes/t/"}
	for src, want := range map[string]string{
		"![Une photo](/images/a.png)":       `<p><img src="/images/a.png" width="1200" height="800" loading="lazy" decoding="async" srcset="/images/a-480w.png 480w, /images/a.png 1200w" sizes="` + Sizes + `" alt="Une photo"></p>`,
		"![Là](photo.png \"Titre\")":        `<p><img src="photo.png" width="300" height="200" loading="lazy" decoding="async" alt="Là" title="Titre"></p>`,
		"![Sans taille](/images/b.webp)":    `<p><img src="/images/b.webp" loading="lazy" decoding="async" alt="Sans taille"></p>`,
		"![Absente](/images/c.png)":         `<p><img src="/images/c.png" loading="lazy" decoding="async" alt="Absente"></p>`,
		"![Ailleurs](https://ex.org/x.png)": `<p><img src="https://ex.org/x.png" alt="Ailleurs"></p>`,
		"![*Texte* `code`](/images/c.png)":  `<p><img src="/images/c.png" loading="lazy" decoding="async" alt="Texte code"></p>`,
	} {
		doc := c.Convert("content/x.md", []byte(src), 1, opts)
		if got := strings.TrimSpace(doc.HTML); got != want {
			t.Errorf("%s:\n got  %s\n want %s", src, got, want)
		}
	}
	doc := c.Convert("content/x.md", []byte("![a](/images/a.png) ![b](photo.png) ![c](/images/c.png) ![d](https://ex.org/d.png)"), 1, opts)
	want := []ImageUse{
		{Path: "/images/a.png", Image: Image{Width: 1200, Height: 800, Srcset: "/images/a-480w.png 480w, /images/a.png 1200w"}, Found: true},
		{Path: "/tribunes/t/photo.png", Image: Image{Width: 300, Height: 200}, Found: true},
		{Path: "/images/c.png"},
	}
	if !slices.Equal(doc.Images, want) {
		t.Errorf("images used: %+v\nwant %+v", doc.Images, want)
	}
}

// TestFeedHTML: the rendering for feeds resolves every URL against the
// page's address, and changes nothing else.
func TestFeedHTML(t *testing.T) {
	c := NewConverter(nil, testImages)
	src := "Voir [le rapport](/documents/r.pdf), [la photo](photo.png \"t\"), [ailleurs](https://ex.org/a?b=1&c=2),\n" +
		"<https://ex.org/auto>, [une section](#partie) et presse@exemple.fr.[^1] ![Photo](/images/a.png)\n\n" +
		"[mal](javascript:alert(1))\n\n[^1]: Une note.\n"
	doc := c.Convert("content/x.md", []byte(src), 1, Options{Page: "/tribunes/t/", Permalink: "https://site.example/tribunes/t/"})
	for _, want := range []string{
		`<a href="https://site.example/documents/r.pdf">le rapport</a>`,
		`<a href="https://site.example/tribunes/t/photo.png" title="t">la photo</a>`,
		`<a href="https://ex.org/a?b=1&amp;c=2">ailleurs</a>`,
		`<a href="https://ex.org/auto">https://ex.org/auto</a>`,
		`<a href="https://site.example/tribunes/t/#partie">une section</a>`,
		`<a href="mailto:presse@exemple.fr">presse@exemple.fr</a>`,
		`<sup id="fnref:1"><a href="https://site.example/tribunes/t/#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
		`<a href="https://site.example/tribunes/t/#fnref:1" class="footnote-backref" role="doc-backlink">`,
		`<img src="https://site.example/images/a.png" width="1200" height="800" loading="lazy" decoding="async" srcset="https://site.example/images/a-480w.png 480w, https://site.example/images/a.png 1200w"`,
		`<a href="">mal</a>`,
	} {
		if !strings.Contains(doc.FeedHTML, want) {
			t.Errorf("feed HTML lacks %s:\n%s", want, doc.FeedHTML)
		}
	}
	if strings.Contains(doc.HTML, "site.example") {
		t.Errorf("the page's HTML has absolute URLs:\n%s", doc.HTML)
	}
	if noFeed := c.Convert("content/x.md", []byte(src), 1, Options{Page: "/tribunes/t/"}); noFeed.FeedHTML != "" || noFeed.HTML != doc.HTML {
		t.Errorf("without a permalink: feed HTML %q, HTML changed %v", noFeed.FeedHTML, noFeed.HTML != doc.HTML)
	}
}

// TestRenderersAsGoldmark: the node renderers tribune replaces write, for
// a page, what goldmark's own write.
func TestRenderersAsGoldmark(t *testing.T) {
	theirs := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.Footnote))
	ours := NewConverter(nil, nil)
	for _, src := range []string{
		"[a](/x \"titre\") [b](<c d.pdf>) [c](https://ex.org/é?a=1&b=\"2\") [d](mailto:x@y.fr) [e](javascript:x)",
		"![a](/x.png) ![b *c*](y.png \"t\") ![](javascript:x) ![d\\\ne](z.png)",
		"Un appel[^a] et un autre[^b], puis encore[^a].\n\n[^a]: Note A.\n[^b]: Note B.",
		"www.exemple.fr et https://ex.org/x?y=1 et a@b.fr",
	} {
		var want bytes.Buffer
		if err := theirs.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if got := ours.Convert("x.md", []byte(src), 1, Options{Typography: locale.Off}).HTML; got != want.String() {
			t.Errorf("%q:\n ours     %q\n goldmark %q", src, got, want.String())
		}
	}
}

// TestDateline: a communiqué's dateline opens its first paragraph, or a
// paragraph of its own when the text starts otherwise; it is not part of
// the plain text.
func TestDateline(t *testing.T) {
	c := NewConverter(nil, nil)
	line := "Paris, le 1er juin 2024\u00a0–"
	html := "Paris, le 1<sup>er</sup> juin 2024\u00a0–" // the ordinal a superscript
	for src, want := range map[string]string{
		"Premier paragraphe.\n\nSecond.": `<p><span class="dateline">` + html + `</span> Premier paragraphe.</p>`,
		"## Titre\n\nTexte.":             `<p><span class="dateline">` + html + `</span> </p>` + "\n" + `<h2 id="titre">Titre</h2>`,
		"":                               `<p><span class="dateline">` + html + `</span> </p>`,
	} {
		doc := c.Convert("x.md", []byte(src), 1, Options{Typography: locale.French, Dateline: line})
		if !strings.HasPrefix(doc.HTML, want) {
			t.Errorf("%q:\n got  %q\n want %q…", src, doc.HTML, want)
		}
		if strings.Contains(doc.Text, "Paris") || strings.Contains(doc.Lead, "Paris") {
			t.Errorf("%q: the dateline is in the text %q or lead %q", src, doc.Text, doc.Lead)
		}
	}
	escaped := c.Convert("x.md", []byte("Texte."), 1, Options{Dateline: `<b>L'Haÿ</b> & co`})
	if !strings.Contains(escaped.HTML, `<span class="dateline">&lt;b&gt;L&#39;Haÿ&lt;/b&gt; &amp; co</span>`) {
		t.Errorf("dateline not escaped: %s", escaped.HTML)
	}
	// Feeds show the plain text.
	feed := c.Convert("x.md", []byte("Texte."), 1, Options{Dateline: line, Permalink: "https://exemple.example/communiques/x/"})
	if !strings.Contains(feed.FeedHTML, `<span class="dateline">`+line+`</span>`) {
		t.Errorf("feed dateline: %s", feed.FeedHTML)
	}
}

// Every way a text can make a browser fetch or follow a URL of the site is
// a link to the site, with where the text writes it; links elsewhere are
// not.
func TestLinksToTheSite(t *testing.T) {
	opts := Options{AllowHTML: true, Site: "https://example.org/", Page: "/communiques/a/"}
	const want = "/docs/x.pdf"
	for _, src := range []string{
		"[l](/docs/x.pdf)", "[l](../../docs/x.pdf)", "[l](/docs/./x.pdf?v=2#p)", "[l][r]\n\n[r]: /docs/x.pdf",
		"[l](https://example.org/docs/x.pdf)", "[l](//example.org/docs/x.pdf)", "[l](HTTPS://EXAMPLE.ORG/docs/x.pdf)",
		"[l](https://example.org:443/docs/x.pdf)", "[l](//example.org:443/docs/x.pdf)", "[l](http://example.org:80/docs/x.pdf)",
		"[l](https://example.org:/docs/x.pdf)", "[l](https://example.org./docs/x.pdf)", "[l](HTTPS://EXAMPLE.ORG./docs/x.pdf)",
		"[l](https:/docs/x.pdf)", "[l](https:../../docs/x.pdf)", "[l](\\/docs/x.pdf)", "[l](/docs/x%2Epdf)",
		"<https://example.org/docs/x.pdf>",
		`<a href="https://example.org\docs\x.pdf">l</a>`, `<a href="/do&#10;cs/x.pdf">l</a>`, `<A HREF="/docs/x.pdf">l</A>`,
		`<img srcset="/docs/x.pdf 2x" alt="">`, `<p style="background:url(/docs/x.pdf)">x</p>`, `<div style='background: URL( "/docs/x.pdf" )'>x</div>`,
		`<meta http-equiv="refresh" content="0; url=/docs/x.pdf">`, `<button formaction="/docs/x.pdf">x</button>`,
		`<svg><a xlink:href="/docs/x.pdf">x</a></svg>`, `<iframe srcdoc="<a href='/docs/x.pdf'>x</a>"></iframe>`,
		"<style>p { background: url('/docs/x.pdf') }</style>", `<a ping="/y /docs/x.pdf" href="#">x</a>`,
		`<object data="/docs/x.pdf"></object>`, `<video poster="/docs/x.pdf"></video>`,
	} {
		doc := convert(t, "Texte.\n\n"+src+"\n", opts)
		found := false
		for _, l := range doc.Links {
			if l.Path == want {
				found = true
				if l.Pos.Line != 7 {
					t.Errorf("%s: link at %v, want line 7", src, l.Pos)
				}
			}
		}
		if !found {
			t.Errorf("%s: links %v, want %s", src, doc.Links, want)
		}
	}
	for _, src := range []string{
		"[l](https://example.com/docs/x.pdf)", "[l](https://example.org.evil/docs/x.pdf)", "[l](https://example.org:8443/docs/x.pdf)",
		"[l](mailto:a@example.org)", "[l](ftp://example.org/docs/x.pdf)", "[l](#docs)",
	} {
		if doc := convert(t, src+"\n", opts); len(doc.Links) != 0 {
			t.Errorf("%s: links %v, want none", src, doc.Links)
		}
	}
}

// The copy of a text at another address links to copies of the site's
// files it uses, and to the rest of the site by site paths.
func TestMovedHTML(t *testing.T) {
	c := NewConverter(nil, nil)
	c.Files = func(p string) bool { return p == "/docs/x.pdf" || p == "/images/p.png" }
	src := "[r](/docs/x.pdf) [rel](../b/) ![i](/images/p.png) [ext](https://x.example/y.pdf) [a](#s) [abs](https://example.org/docs/x.pdf)\n\n<p><a href='../../docs/x.pdf'>h</a></p>\n"
	doc := c.Convert("content/x.md", []byte(src), 1, Options{AllowHTML: true, Site: "https://example.org/", Page: "/communiques/a/", MoveTo: "/presse/embargo/t/"})
	for _, want := range []string{`href="/presse/embargo/t/docs/x.pdf"`, `href="/communiques/b/"`, `src="/presse/embargo/t/images/p.png"`,
		`href="https://x.example/y.pdf"`, `href="#s"`} {
		if !strings.Contains(doc.MovedHTML, want) {
			t.Errorf("moved HTML lacks %s:\n%s", want, doc.MovedHTML)
		}
	}
	if strings.Count(doc.MovedHTML, "/presse/embargo/t/docs/x.pdf") != 3 {
		t.Errorf("every link to the file, raw HTML and own address too, goes to its copy:\n%s", doc.MovedHTML)
	}
	if strings.Contains(doc.HTML, "/presse/") {
		t.Errorf("the page's own HTML changed:\n%s", doc.HTML)
	}
}
