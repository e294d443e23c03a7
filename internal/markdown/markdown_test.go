package markdown

import (
	"strings"
	"testing"

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
