package checks

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tribune/internal/headless"
)

const commented = "/tribunes/budget-2027-la-prevention-n-est-pas-une-depense-c-est-un-investissement/"

// TestCommentFormInBrowser fills the comment form of a demo tribune in
// Debian's chromium and sends it to a server on 127.0.0.1 standing in for
// Netlify Forms: the fields arrive as the host receives them, the reader
// lands on the thank-you page, and a form without consent is not sent.
func TestCommentFormInBrowser(t *testing.T) {
	t.Parallel()
	command(t, "chromium", "apt-get install -y chromium")
	dir, _ := demo(t)
	var mu sync.Mutex
	var posts []url.Values
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			r.ParseForm()
			mu.Lock()
			posts = append(posts, r.PostForm)
			mu.Unlock()
			// Netlify answers with the page the form names.
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.URL.Path), "index.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(data)
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx := headless.Browser(t, 90*time.Second)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+commented)); err != nil {
		t.Fatal(err)
	}
	for sel, text := range map[string]string{"#reaction-nom": "Lina", "#reaction-courriel": "lina@lecteurs.example", "#reaction-message": "Je partage.\nMerci."} {
		if _, err := chromedp.Run(ctx, chromedp.SendKeys(sel, text)); err != nil {
			t.Fatal(err)
		}
	}
	// Without consent, the browser does not send it.
	if _, err := chromedp.Run(ctx, chromedp.Click(".comment-form button")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	mu.Lock()
	n := len(posts)
	mu.Unlock()
	if n != 0 {
		t.Fatal("the form was sent without consent")
	}
	if _, err := chromedp.Run(ctx, chromedp.Click("#reaction-accord")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Click(".comment-form button")); err != nil {
		t.Fatal(err)
	}
	headless.WaitTrue(t, ctx, "the thank-you page", `document.querySelector("h1") && document.querySelector("h1").textContent === "Merci pour votre réaction"`)
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != 1 {
		t.Fatalf("%d submissions", len(posts))
	}
	p := posts[0]
	for k, want := range map[string]string{"form-name": "reactions", "statement": commented, "name": "Lina", "email": "lina@lecteurs.example", "message": "Je partage.\r\nMerci.", "consent": "oui", "site-web": ""} {
		if got := p.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}
