package checks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"tribune/internal/headless"
)

const shared = "/tribunes/plateformes-securite-des-enfants/"

// TestShareInBrowser shares a tribune of the demo site in Debian's
// chromium: the link is copied with the script, and stays selectable
// without it; Mastodon opens on the reader's own instance, with the title
// and the address. Nothing leaves 127.0.0.1: the instance's page is
// intercepted before any request is made.
func TestShareInBrowser(t *testing.T) {
	t.Parallel()
	command(t, "chromium", "apt-get install -y chromium")
	dir, _ := demo(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	ctx := headless.Browser(t, 90*time.Second)
	permalink := "https://enfance-protegee.example" + shared

	// Requests to the instance are stopped and written down.
	asked := make(chan string, 4)
	paused := make(chan *fetch.EventRequestPaused, 4)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			paused <- e
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "https://mastodon.example/*"}}})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			var e *fetch.EventRequestPaused
			select {
			case e = <-paused:
			case <-ctx.Done():
				return
			}
			asked <- e.Request.URL
			chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: "BlockedByClient"})
				return err
			}))
		}
	}()

	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+shared)); err != nil {
		t.Fatal(err)
	}
	headless.WaitTrue(t, ctx, "the copy button", `!document.querySelector(".share .copy").hidden`)
	if _, err := chromedp.Run(ctx, chromedp.Click(".share .copy")); err != nil {
		t.Fatal(err)
	}
	headless.WaitTrue(t, ctx, "the copy said", `document.querySelector(".copy-status").textContent === "Lien copié."`)

	// Mastodon: the reader's instance, written as readers write it.
	headless.WaitTrue(t, ctx, "the Mastodon entry", `!document.querySelector(".share-mastodon").hidden`)
	if _, err := chromedp.Run(ctx, chromedp.Click(".share-mastodon summary")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.SendKeys("#instance-mastodon", "@lea@Mastodon.example")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Click(".share-mastodon button")); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-asked:
		u, err := url.Parse(got)
		if err != nil || u.Host != "mastodon.example" || u.Path != "/share" {
			t.Fatalf("Mastodon opened %s", got)
		}
		text := u.Query().Get("text")
		if !strings.HasSuffix(text, " "+permalink) || !strings.Contains(text, "plateformes doivent répondre") {
			t.Errorf("Mastodon is given %q", text)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Mastodon was not opened")
	}

	// Without scripts: no button that does nothing, the address selectable.
	noJS := emulation.SetScriptExecutionDisabledParams{Value: true}
	if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, noJS)
		return err
	})); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+shared)); err != nil {
		t.Fatal(err)
	}
	type view struct {
		Copy, Mastodon, Field bool
		Value                 string
	}
	// Read through the DevTools protocol's own evaluation, which runs even
	// with the page's scripts off.
	v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`({
		Copy: document.querySelector(".share .copy").offsetParent !== null,
		Mastodon: document.querySelector(".share-mastodon").offsetParent !== null,
		Field: document.querySelector("#adresse-page").offsetParent !== null,
		Value: document.querySelector("#adresse-page").value,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Copy || v.Mastodon || !v.Field || v.Value != permalink {
		t.Errorf("without scripts: %+v", v)
	}
}
