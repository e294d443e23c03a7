package build

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func commentsSite() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"site.toml":                                f("title = \"Exemple\"\nbaseURL = \"https://presse.example/\"\n"),
		"content/tribunes/ouverte.md":              f("---\ntitle: Ouverte\ndate: 2026-03-01\nsignatories: [{name: A}]\n---\nTexte.\n"),
		"content/tribunes/fermee.md":               f("---\ntitle: Fermée\ndate: 2026-03-01\ncomments: false\nsignatories: [{name: A}]\n---\nTexte.\n"),
		"content/tribunes/ancienne.md":             f("---\ntitle: Ancienne\ndate: 2025-01-01\nsignatories: [{name: A}]\n---\nTexte.\n"),
		"content/tribunes/english.md":              f("---\ntitle: In English\ndate: 2026-03-01\nlang: en\nsignatories: [{name: A}]\n---\nText.\n"),
		"content/communiques/un.md":                f("---\ntitle: Un communiqué\ndate: 2026-03-01\n---\nTexte.\n"),
		"content/communiques/deux.md":              f("---\ntitle: Deux\ndate: 2026-03-01\ncomments: true\n---\nTexte.\n"),
		"content/tribunes/brouillon.md":            f("---\ntitle: Brouillon\ndate: 2026-03-01\ndraft: true\nsignatories: [{name: A}]\n---\nTexte.\n"),
		"content/tribunes/brouillon.comments.yaml": f("comments:\n  - id: c1\n    name: Secrète\n    date: 2026-03-02T10:00:00Z\n    text: Une réaction à un brouillon.\n"),
		"content/tribunes/ancienne.comments.yaml":  f("comments:\n  - id: c2\n    name: Bea\n    date: 2025-01-05T10:00:00Z\n    text: \"Première : oui.\"\n    reply: Merci.\n  - id: c1\n    name: Ali\n    date: 2025-01-02T10:00:00Z\n    text: Plus ancienne.\n"),
	}
}

var commentsNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// Comments are open where the section or the statement says, until the
// delay; approved ones show oldest first, typeset, the organisation's
// reply marked; a hidden statement's never show.
func TestCommentsOnPages(t *testing.T) {
	res := buildFS(t, commentsSite(), Options{At: commentsNow})
	open := page(t, res, "tribunes/ouverte/index.html")
	mustContain(t, "open tribune", open,
		`<form class="comment-form" name="reactions" method="post" action="/reaction-envoyee/" data-netlify="true" data-netlify-honeypot="site-web">`,
		`<input type="hidden" name="form-name" value="reactions">`,
		`<input type="hidden" name="statement" value="/tribunes/ouverte/">`,
		`<label for="reaction-nom">Votre nom (publié)</label>`,
		`<input id="reaction-accord" name="consent" type="checkbox" value="oui" required>`,
		`<a href="/moderation/">règles de modération et de confidentialité</a>`)
	// The rules are in French: an English page says so.
	mustContain(t, "English tribune", page(t, res, "tribunes/in-english/index.html"), `<a href="/moderation/" hreflang="fr">moderation and privacy rules</a>`)
	for name, want := range map[string]bool{
		"tribunes/fermee/index.html": false, "communiques/un-communique/index.html": false, "communiques/deux/index.html": true,
	} {
		if got := strings.Contains(page(t, res, name), `class="comment-form"`); got != want {
			t.Errorf("%s: form %v, want %v", name, got, want)
		}
	}
	old := page(t, res, "tribunes/ancienne/index.html")
	if strings.Contains(old, "comment-form") {
		t.Error("comments still open 14 months after")
	}
	inOrder(t, "old tribune", old, `<h2 id="reactions">2 réactions</h2>`, "Ali", "Plus ancienne.", "Bea", "Première : oui.",
		`<p class="comment-meta"><span class="comment-author">Réponse de l’association</span></p><p>Merci.</p>`, "Les réactions sont fermées.")
	if ld := jsonLD(t, old); ld["commentCount"] != float64(2) {
		t.Errorf("JSON-LD: %v", ld["commentCount"])
	}
	mustContain(t, "thanks", page(t, res, "reaction-envoyee/index.html"), "<h1>Merci pour votre réaction</h1>")
	for name, data := range res.Files {
		if strings.Contains(string(data), "Secrète") || strings.Contains(string(data), "Une réaction à un brouillon") {
			t.Errorf("%s shows a draft's comment", name)
		}
	}

	// The page after sending is no page to find.
	if th := page(t, res, "reaction-envoyee/index.html"); !strings.Contains(th, `<meta name="robots" content="noindex">`) || strings.Contains(string(res.Files["sitemap.xml"]), "reaction-envoyee") {
		t.Error("the thank-you page is indexed")
	}

	// Another host: the form posts there, and the policy lets it.
	fsys := commentsSite()
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "\n[comments]\naction = \"https://formulaires.example/reactions\"\ncloseAfter = 0\ncommuniques = true\n"...)
	res = buildFS(t, fsys, Options{At: commentsNow})
	mustContain(t, "other host", page(t, res, "tribunes/ancienne/index.html"), `<form class="comment-form" name="reactions" method="post" action="https://formulaires.example/reactions">`)
	mustContain(t, "communiqué", page(t, res, "communiques/un-communique/index.html"), `class="comment-form"`)
	if h := string(res.Files["_headers"]); !strings.Contains(h, "form-action 'self' https://formulaires.example;") {
		t.Errorf("_headers:\n%s", h)
	}

	// A comments file with a mistake is an error at its line.
	bad := commentsSite()
	bad["content/tribunes/ouverte.comments.yaml"] = &fstest.MapFile{Data: []byte("comments:\n  - id: \"a b\"\n    name: X\n    date: 2026-03-02\n    text: Y\n")}
	if _, err := runFS(t.Context(), bad, Options{At: commentsNow}); err == nil || !strings.Contains(err.Error(), "content/tribunes/ouverte.comments.yaml:2:5: comments[0]: a comment needs its id") {
		t.Errorf("a bad comments file: %v", err)
	}
}

// Comments never open a way around an embargo: the journalists' copy has
// neither comments nor form, and a comment copying a hidden text is a leak
// as a public text copying it is. A comments file is checked, and one
// whose text is gone is named.
func TestCommentsAndHiddenTexts(t *testing.T) {
	fsys := commentsSite()
	setFile(fsys, "content/communiques/secret.md", "---\ntitle: Annonce secrète\ndate: 2026-03-01\nembargo: 2026-06-01T06:00:00+02:00\nembargoAccess: true\ncomments: true\n---\nLe gouvernement annoncera demain un plan inédit de protection des enfants en ligne.\n")
	setFile(fsys, "content/communiques/secret.comments.yaml", "comments:\n  - id: s1\n    name: Curieux\n    date: 2026-03-02T10:00:00Z\n    text: Une réaction cachée.\n")
	res := buildFS(t, fsys, Options{At: commentsNow, EmbargoKey: demoKey})
	if len(res.Site.EmbargoCopies) != 1 {
		t.Fatal("no embargo copy")
	}
	cp := page(t, res, strings.TrimPrefix(res.Site.EmbargoCopies[0].URL, "/")+"index.html")
	if strings.Contains(cp, "comment") || strings.Contains(cp, "réaction") || strings.Contains(cp, "Curieux") {
		t.Errorf("the embargo copy shows comments or a form")
	}
	leak := commentsSite()
	setFile(leak, "content/communiques/secret.md", "---\ntitle: Annonce secrète\ndate: 2026-03-01\nembargo: 2026-06-01T06:00:00+02:00\n---\nLe gouvernement annoncera demain un plan inédit de protection des enfants en ligne.\n")
	setFile(leak, "content/tribunes/ouverte.comments.yaml", "comments:\n  - id: l1\n    name: Fuite\n    date: 2026-03-02T10:00:00Z\n    text: J'ai lu que le gouvernement annoncera demain un plan inédit de protection des enfants en ligne.\n")
	if _, err := runFS(t.Context(), leak, Options{At: commentsNow}); err == nil || !strings.Contains(err.Error(), "content/communiques/secret.md") {
		t.Errorf("a comment copying a text under embargo: %v", err)
	}
	twice := commentsSite()
	setFile(twice, "content/tribunes/ouverte.comments.yaml", "comments:\n  - id: a1\n    name: A\n    date: 2026-03-02T10:00:00Z\n    text: Un.\n  - id: a1\n    name: B\n    date: 2026-03-02T11:00:00Z\n    text: Deux.\nrejected: [a1, \"../x\"]\n")
	_, err := runFS(t.Context(), twice, Options{At: commentsNow})
	for _, want := range []string{`the id "a1" is given to two comments`, `the id "a1" is both published and refused`, `a comment needs its id, letters, digits, - and _ ("../x")`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	orphan := commentsSite()
	setFile(orphan, "content/tribunes/renommee.comments.yaml", "comments: []\n")
	res = buildFS(t, orphan, Options{At: commentsNow})
	if w := res.Warnings.Error(); !strings.Contains(w, "comments file content/tribunes/renommee.comments.yaml belongs to no text (content/tribunes/renommee.md is missing)") {
		t.Errorf("warnings: %s", w)
	}
}
