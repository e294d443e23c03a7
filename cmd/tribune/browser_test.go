package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tribune/internal/headless"
)

func browser(t *testing.T) context.Context { return headless.Browser(t, 90*time.Second) }

// TestBrowserLiveReload drives a real browser: open a statement, edit its
// Markdown and see the page change without navigating; break its front
// matter and see the overlay naming the file and line; fix it and see the
// page recover by itself.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browser(t)
	src := newSite(t, "-- content/communiques/secret.md --\n---\ntitle: Annonce sous embargo\ndate: 2026-11-20\nembargo: 2099-01-01T06:00:00+01:00\n---\nCorps.\n")
	p := startPreview(t, src)
	file := filepath.Join(src, "content", "tribunes", "2026-03-01-plateformes.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(p.url+"tribunes/plateformes/")); err != nil {
		t.Fatal(err)
	}
	headless.WaitTrue(t, ctx, "the statement", `document.body.innerText.includes("Elles savent beaucoup de choses.")`)
	// Mark the window: a reload keeps the URL but loses this variable,
	// so we can tell that the page reloaded by itself.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__avant = true; true`)); err != nil {
		t.Fatal(err)
	}

	writeFile(t, file, strings.Replace(string(orig), "Elles savent **beaucoup** de choses.", "Elles savent **tant** de choses.", 1))
	headless.WaitTrue(t, ctx, "the edited text", `document.body.innerText.includes("Elles savent tant de choses.")`)
	headless.WaitTrue(t, ctx, "a reload", `window.__avant === undefined && location.pathname === "/tribunes/plateformes/"`)

	writeFile(t, file, strings.Replace(string(orig), "slug: plateformes", "slug: plateformes\ntitel: oups", 1))
	headless.WaitTrue(t, ctx, "the error overlay", `(() => {
		const o = document.getElementById("tribune-errors");
		return !!o && o.innerText.includes("content/tribunes/2026-03-01-plateformes.md:5:1") && o.innerText.includes("titel") &&
			o.innerText.includes("Le site n’a pas pu être reconstruit\u00a0: 1 erreur") && o.querySelector("button").textContent === "Masquer";
	})()`)
	// The last good page is still there under the overlay.
	headless.WaitTrue(t, ctx, "the last good text", `document.body.innerText.includes("Elles savent tant de choses.")`)

	writeFile(t, file, strings.Replace(string(orig), "Elles savent **beaucoup** de choses.", "Elles savent **enfin** de choses.", 1))
	headless.WaitTrue(t, ctx, "the recovery", `!document.getElementById("tribune-errors") && document.body.innerText.includes("Elles savent enfin de choses.")`)

	// A link to a communiqué under embargo: the page is rebuilt, with a
	// warning over it naming the line, until the link goes.
	writeFile(t, file, strings.Replace(string(orig), "Elles savent **beaucoup** de choses.", "Elles savent [tout](/communiques/annonce-sous-embargo/).", 1))
	// Opened again once rebuilt: the warning comes with the first status.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, html := p.get("/tribunes/plateformes/"); strings.Contains(html, "annonce-sous-embargo") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the edit was not rebuilt")
		}
	}
	// The page may be reloading itself for the same edit, which aborts a
	// navigation begun meanwhile: then once more.
	for try := 0; ; try++ {
		_, err := chromedp.Run(ctx, chromedp.Navigate(p.url+"tribunes/plateformes/"))
		if err == nil {
			break
		}
		if try == 2 || !strings.Contains(err.Error(), "ERR_ABORTED") {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	headless.WaitTrue(t, ctx, "the warning overlay", `(() => {
		const o = document.getElementById("tribune-errors");
		return !!o && o.className === "warning" && o.innerText.includes("content/tribunes/2026-03-01-plateformes.md:") &&
			o.innerText.includes("content/communiques/secret.md") && document.body.innerText.includes("Elles savent tout")
	})()`)
	writeFile(t, file, string(orig))
	headless.WaitTrue(t, ctx, "the warning gone", `!document.getElementById("tribune-errors") && document.body.innerText.includes("Elles savent beaucoup de choses.")`)
}

// TestBrowserOverlayInEnglish: on an English site, the preview's overlay
// speaks English too.
func TestBrowserOverlayInEnglish(t *testing.T) {
	ctx := browser(t)
	src := newSite(t)
	toml := filepath.Join(src, "site.toml")
	orig, err := os.ReadFile(toml)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, toml, strings.Replace(string(orig), `language = "fr"`, `language = "en"`, 1))
	p := startPreview(t, src)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(p.url+"tribunes/plateformes/")); err != nil {
		t.Fatal(err)
	}
	headless.WaitTrue(t, ctx, "the statement", `document.body.innerText.includes("Elles savent beaucoup de choses.")`)
	file := filepath.Join(src, "content", "tribunes", "2026-03-01-plateformes.md")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, strings.Replace(string(text), "slug: plateformes", "slug: plateformes\ntitel: oups", 1))
	headless.WaitTrue(t, ctx, "the English overlay", `(() => {
		const o = document.getElementById("tribune-errors");
		return !!o && o.innerText.includes("The site could not be rebuilt: 1 error") && o.innerText.includes("titel") &&
			o.querySelector("button").textContent === "Hide";
	})()`)
}

// TestBrowserSearch types queries into the search page and reads the
// results: accents and capitals do not matter, words match by prefix,
// title matches come first; the header's box leads there.
func TestBrowserSearch(t *testing.T) {
	ctx := browser(t)
	p := startPreview(t, newSite(t))
	if _, err := chromedp.Run(ctx, chromedp.Navigate(p.url+"recherche/")); err != nil {
		t.Fatal(err)
	}
	results := `Array.from(document.querySelectorAll("#search-results h2")).map(h => h.innerText).join("|")`
	for _, tt := range []struct{ query, first string }{
		{"EDUQUER", "Éduquer au consentement dès l’école"},
		{"consent écol", "Éduquer au consentement dès l’école"},
		{"platef", "Les plateformes doivent protéger les enfants"},
	} {
		headless.WaitTrue(t, ctx, "the search box", `document.getElementById("q") !== null`)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("q").value = ""; true`)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.SendKeys("#q", tt.query)); err != nil {
			t.Fatal(err)
		}
		headless.WaitTrue(t, ctx, "results for "+tt.query, results+`.split("|")[0] === `+jsString(tt.first))
	}
	// A query matching nothing says so.
	chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("q").value = ""; true`))
	chromedp.Run(ctx, chromedp.SendKeys("#q", "zzzzqqq"))
	headless.WaitTrue(t, ctx, "no result", `document.getElementById("search-status").innerText.includes("Aucun texte")`)

	// The header's search box, from another page.
	if _, err := chromedp.Run(ctx, chromedp.Navigate(p.url+"a-propos/")); err != nil {
		t.Fatal(err)
	}
	chromedp.Run(ctx, chromedp.SendKeys("#recherche-entete", "plateformes\n"))
	headless.WaitTrue(t, ctx, "results from the header box", `location.pathname === "/recherche/" && `+results+`.includes("Les plateformes doivent protéger les enfants")`)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
