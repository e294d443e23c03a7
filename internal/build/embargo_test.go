package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tribune/internal/site"
)

var embargoKey = []byte("une clé de test assez longue")

const accessFixture = `---
title: Rapport sur les plateformes en ligne
date: 2024-06-20
embargo: 2024-06-25T06:00:00+02:00
embargoAccess: true
attachments: [{src: /documents/rapport.pdf, title: Le rapport}]
image: {src: /images/couverture.png, alt: La couverture du rapport}
---
Le rapport annuel sur les plateformes, [à télécharger](/documents/rapport.pdf), et [notre communiqué précédent](../public/).
`

func accessSite() fstest.MapFS {
	fsys := embargoSite()
	fsys["content/communiques/acces.md"] = &fstest.MapFile{Data: []byte(accessFixture)}
	fsys["static/documents/rapport.pdf"] = &fstest.MapFile{Data: []byte("%PDF rapport sous embargo")}
	fsys["static/images/couverture.png"] = &fstest.MapFile{Data: []byte("png couverture")}
	fsys["content/communiques/public.md"].Data = []byte("---\ntitle: Communiqué public\nslug: public\ndate: 2024-06-01\n---\nCorps.\n")
	return fsys
}

// A communiqué with embargoAccess has, while under embargo, a copy at an
// address made with the key, for journalists: marked, noindex, linked from
// nowhere, with its files; the one without leaves no trace; after the
// lift, the address leads to the communiqué.
func TestEmbargoAccess(t *testing.T) {
	before := time.Date(2024, 6, 24, 12, 0, 0, 0, time.UTC)
	res := buildFS(t, accessSite(), Options{At: before, EmbargoKey: embargoKey})
	var copyPage string
	for name := range res.Files {
		if strings.HasPrefix(name, "presse/embargo/") && strings.HasSuffix(name, "/index.html") {
			if copyPage != "" {
				t.Errorf("two embargo copies: %s and %s", copyPage, name)
			}
			copyPage = name
		}
	}
	m := regexp.MustCompile(`^presse/embargo/([0-9a-f]{32})/index\.html$`).FindStringSubmatch(copyPage)
	if m == nil {
		t.Fatalf("no embargo copy at a secret address: %q", res.Paths())
	}
	token := m[1]
	html := page(t, res, copyPage)
	dir := "/presse/embargo/" + token + "/"
	for _, want := range []string{"Rapport sur les plateformes en ligne", "Réservé aux journalistes", "Sous embargo jusqu’au mardi 25 juin 2024, 6\u202fh (heure de Paris)",
		`<meta name="robots" content="noindex">`, `href="` + dir + `documents/rapport.pdf"`, `src="` + dir + `images/couverture.png"`, `href="/communiques/public/"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the copy lacks %s", want)
		}
	}
	if strings.Contains(html, "application/ld+json") {
		t.Error("the copy describes itself for search engines")
	}
	// Nothing for the services that preview a link pasted in a chat: they
	// would show the title, summary and image to everyone there.
	head := html[:strings.Index(html, "</head>")]
	for _, bad := range []string{"og:", "twitter:", `name="description"`, "Rapport sur les plateformes"} {
		if strings.Contains(head, bad) {
			t.Errorf("the copy's head holds %s", bad)
		}
	}
	for name, want := range map[string]string{"documents/rapport.pdf": "%PDF rapport sous embargo", "images/couverture.png": "png couverture"} {
		if got := string(res.Files[strings.TrimPrefix(dir, "/")+name]); got != want {
			t.Errorf("copy of %s = %q", name, got)
		}
		if _, ok := res.Files[name]; ok {
			t.Errorf("%s, used by the communiqué under embargo only, is published", name)
		}
	}
	// Linked from nowhere, listed nowhere: neither the token nor the
	// communiqué's words are in any other file.
	for name, data := range res.Files {
		if strings.HasPrefix(name, strings.TrimPrefix(dir, "/")) {
			continue
		}
		for _, secret := range []string{token, "plateformes en ligne", "Communiqué sous embargo strict", "phrase distinctive"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
	}
	if !bytes.Contains(res.Files["_headers"], []byte("/presse/embargo/*\n  X-Robots-Tag: noindex, nofollow\n  Referrer-Policy: no-referrer\n")) {
		t.Errorf("_headers does not keep the copies out of search engines:\n%s", res.Files["_headers"])
	}
	// The same address in every build, another with another key, none to
	// be made from the id without the key.
	again := buildFS(t, accessSite(), Options{At: before, EmbargoKey: embargoKey})
	if _, ok := again.Files[copyPage]; !ok {
		t.Error("another build gave another address")
	}
	other := buildFS(t, accessSite(), Options{At: before, EmbargoKey: []byte("une autre clé, assez longue elle aussi")})
	if _, ok := other.Files[copyPage]; ok {
		t.Error("another key gave the same address")
	}
	var id string
	for _, p := range res.Site.Hidden {
		if p.File.Path == "communiques/acces.md" {
			id = p.ID
		}
	}
	if token != site.EmbargoToken(embargoKey, "file:communiques/acces.md") {
		t.Error("the token is not the one of the key and the file")
	}
	for _, guess := range []string{id, "communiques/acces.md", "file:communiques/acces.md", "/communiques/rapport-sur-les-plateformes-en-ligne/"} {
		sum := sha256.Sum256([]byte(guess))
		if strings.Contains(hex.EncodeToString(sum[:]), token) || site.EmbargoToken(nil, guess) == token {
			t.Errorf("the token can be made from %q without the key", guess)
		}
	}

	// Preview: the copy is there too, beside the marked communiqué.
	prev := buildFS(t, accessSite(), Options{At: before, Preview: true, EmbargoKey: embargoKey})
	if _, ok := prev.Files[copyPage]; !ok {
		t.Error("the preview has no embargo copy")
	}

	// Without the key, a production build refuses, saying which variable to set.
	_, err := runFS(context.Background(), accessSite(), Options{At: before})
	if err == nil || !strings.Contains(err.Error(), "content/communiques/acces.md:5:") || !strings.Contains(err.Error(), site.EmbargoKeyVar) {
		t.Errorf("no key: %v", err)
	}
	// Spaces are no key; a short one is refused even in the preview, by
	// its characters, not its bytes.
	if _, err := runFS(context.Background(), accessSite(), Options{At: before, EmbargoKey: []byte("                    ")}); err == nil || !strings.Contains(err.Error(), "is missing") {
		t.Errorf("blank key: %v", err)
	}
	for _, preview := range []bool{false, true} {
		_, err := runFS(context.Background(), accessSite(), Options{At: before, Preview: preview, EmbargoKey: []byte("éééééééééééééé")})
		if err == nil || !strings.Contains(err.Error(), "has 14 characters, too few") {
			t.Errorf("short key (preview %v): %v", preview, err)
		}
	}

	// After the lift: the address leads to the communiqué, its copy is gone.
	after := buildFS(t, accessSite(), Options{At: time.Date(2024, 6, 25, 4, 0, 0, 0, time.UTC), EmbargoKey: embargoKey})
	if !strings.Contains(string(after.Files["_redirects"]), dir+" /communiques/rapport-sur-les-plateformes-en-ligne/ 301!\n") {
		t.Errorf("_redirects does not send the secret address to the communiqué:\n%s", after.Files["_redirects"])
	}
	if alias := page(t, after, copyPage); !strings.Contains(alias, `/communiques/rapport-sur-les-plateformes-en-ligne/`) || strings.Contains(alias, "Réservé aux journalistes") {
		t.Errorf("after the lift the secret address is not a redirect:\n%s", alias)
	}
	if _, ok := after.Files[strings.TrimPrefix(dir, "/")+"documents/rapport.pdf"]; ok {
		t.Error("the copied file outlived the embargo")
	}
	if _, ok := after.Files["documents/rapport.pdf"]; !ok {
		t.Error("the report is not published after the lift")
	}
	// The links journalists kept to the copy's files lead to the published ones.
	if !strings.Contains(string(after.Files["_redirects"]), dir+"* /:splat 301!\n") {
		t.Errorf("_redirects does not send the copy's files to the published ones:\n%s", after.Files["_redirects"])
	}
}

// The address sent to journalists survives corrections of the title, the
// date, the slug or the embargo; an id keeps it when the file is renamed.
func TestEmbargoAddressStable(t *testing.T) {
	before := time.Date(2024, 6, 24, 12, 0, 0, 0, time.UTC)
	address := func(fsys fstest.MapFS) string {
		t.Helper()
		res := buildFS(t, fsys, Options{At: before, EmbargoKey: embargoKey})
		for name := range res.Files {
			if strings.HasPrefix(name, "presse/embargo/") && strings.HasSuffix(name, "/index.html") {
				return name
			}
		}
		t.Fatalf("no embargo copy: %q", res.Paths())
		return ""
	}
	first := address(accessSite())
	corrected := accessSite()
	corrected["content/communiques/acces.md"].Data = []byte(strings.NewReplacer(
		"title: Rapport sur les plateformes en ligne", "title: Rapport 2024 sur les plateformes\nslug: rapport-plateformes",
		"date: 2024-06-20", "date: 2024-06-21",
		"2024-06-25T06:00:00", "2024-06-26T06:00:00").Replace(accessFixture))
	if got := address(corrected); got != first {
		t.Errorf("correcting the title, date, slug and embargo moved the address from %s to %s", first, got)
	}
	withID := func(file string) fstest.MapFS {
		fsys := accessSite()
		delete(fsys, "content/communiques/acces.md")
		fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(accessFixture, "embargoAccess: true", "embargoAccess: true\nid: rapport-plateformes-2024", 1))}
		return fsys
	}
	if a, b := address(withID("content/communiques/acces.md")), address(withID("content/communiques/rapport.md")); a != b {
		t.Errorf("renaming a file with an id moved the address from %s to %s", a, b)
	}
	if renamed := address(withID("content/communiques/rapport.md")); renamed == first {
		t.Error("the id does not name the address")
	}
	// The key pasted with a space or a line break gives the same address.
	res := buildFS(t, accessSite(), Options{At: before, EmbargoKey: append(append([]byte(" "), embargoKey...), '\n')})
	if _, ok := res.Files[first]; !ok {
		t.Errorf("a key with spaces around it moved the address from %s", first)
	}
}

// After the lift, the address sent to journalists must keep leading to the
// communiqué: a production build without the key is refused, not left
// without the redirect.
func TestEmbargoAddressNeedsTheKeyAfterTheLift(t *testing.T) {
	after := time.Date(2024, 6, 26, 12, 0, 0, 0, time.UTC)
	for name, key := range map[string][]byte{"missing": nil, "blank": []byte(" \n"), "too short": []byte("court")} {
		t.Run(name, func(t *testing.T) {
			_, err := runFS(context.Background(), accessSite(), Options{At: after, EmbargoKey: key})
			if err == nil || !strings.Contains(err.Error(), "content/communiques/acces.md:") || !strings.Contains(err.Error(), site.EmbargoKeyVar) {
				t.Errorf("built without the key after the lift: %v", err)
			}
		})
	}
	res := buildFS(t, accessSite(), Options{At: after, EmbargoKey: embargoKey})
	if !bytes.Contains(res.Files["_redirects"], []byte("/presse/embargo/")) {
		t.Errorf("_redirects lacks the embargo address:\n%s", res.Files["_redirects"])
	}
}

// embargoAccess is for communiqués under embargo.
func TestEmbargoAccessRefused(t *testing.T) {
	for name, front := range map[string]string{
		"a tribune":      "---\ntitle: Une tribune\ndate: 2024-06-20\nembargo: 2024-06-25T06:00:00+02:00\nembargoAccess: true\nsignatories: [{name: A}]\n---\n",
		"no embargo":     "---\ntitle: Sans embargo\ndate: 2024-06-20\nembargoAccess: true\n---\n",
		"a list's intro": "---\ntitle: Les communiqués\nembargoAccess: true\n---\n",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := embargoSite()
			file := "content/communiques/x.md"
			switch name {
			case "a tribune":
				file = "content/tribunes/x.md"
			case "a list's intro":
				file = "content/communiques/_index.md"
			}
			fsys[file] = &fstest.MapFile{Data: []byte(front)}
			_, err := runFS(context.Background(), fsys, Options{At: time.Date(2024, 6, 24, 0, 0, 0, 0, time.UTC), EmbargoKey: embargoKey})
			if err == nil || !regexp.MustCompile(regexp.QuoteMeta(file)+`:\d+:1: .*embargoAccess`).MatchString(err.Error()) {
				t.Errorf("%v", err)
			}
		})
	}
}

// A public page that links to the secret address, or names its token, is
// refused: the address is for journalists only.
func TestEmbargoAddressNotLinked(t *testing.T) {
	before := time.Date(2024, 6, 24, 12, 0, 0, 0, time.UTC)
	res := buildFS(t, accessSite(), Options{At: before, EmbargoKey: embargoKey})
	var token string
	for name := range res.Files {
		if rest, ok := strings.CutPrefix(name, "presse/embargo/"); ok {
			token, _, _ = strings.Cut(rest, "/")
		}
	}
	if token == "" {
		t.Fatal("no embargo copy")
	}
	for name, body := range map[string]string{
		"link":          "[la copie](/presse/embargo/" + token + "/)",
		"absolute link": "[la copie](https://exemple.example/presse/embargo/" + token + "/)",
		"its file":      "[le rapport](/presse/embargo/" + token + "/documents/rapport.pdf)",
		"the token":     "Code : " + token,
	} {
		t.Run(name, func(t *testing.T) {
			fsys := accessSite()
			fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-01-01\n---\n" + body + "\n")}
			_, err := runFS(context.Background(), fsys, Options{At: before, EmbargoKey: embargoKey})
			if err == nil || !strings.Contains(err.Error(), "content/communiques/acces.md") {
				t.Errorf("build: %v", err)
			}
		})
	}
}

// What many texts say is the sign of none: a short title, the sample
// sentences of new texts. Drafts holding them block no build.
func TestCommonWordsAreNotLeaks(t *testing.T) {
	fsys := embargoSite()
	fsys["content/communiques/brouillon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Droits de l’enfant\ndate: 2024-06-01\ndraft: true\n---\n" +
		"Premier paragraphe : l’essentiel de l’annonce, en une ou deux phrases.\n\n« Une citation de la présidente ou du président », déclare Prénom Nom, présidente de l’association.\n")}
	fsys["content/communiques/autre.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Autre brouillon\ndate: 2024-06-02\ndraft: true\n---\n" +
		"« Une citation de la présidente ou du président », déclare Prénom Nom, présidente de l’association.\n")}
	fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-01-01\n---\nNous défendons les droits de l’enfant.\n\nLes détails, chiffres et prochaines étapes.\n")}
	buildFS(t, fsys, Options{At: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)})
}

// Two texts with the same id are refused, a draft's too: feed readers
// would take one for a new version of the other, and their embargo copies
// would share an address.
func TestDuplicateIDRefused(t *testing.T) {
	fsys := accessSite()
	fsys["content/communiques/acces.md"].Data = []byte(strings.Replace(accessFixture, "embargoAccess: true", "embargoAccess: true\nid: rapport-2024", 1))
	fsys["content/communiques/brouillon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Brouillon\ndate: 2024-06-21\ndraft: true\nid: rapport-2024\n---\nCorps.\n")}
	_, err := runFS(context.Background(), fsys, Options{At: time.Date(2024, 6, 24, 12, 0, 0, 0, time.UTC), EmbargoKey: embargoKey})
	if err == nil || !strings.Contains(err.Error(), `content/communiques/brouillon.md:5:1: id "rapport-2024" is already the id of content/communiques/acces.md`) {
		t.Errorf("%v", err)
	}
}
