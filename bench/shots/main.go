// Command shots takes screenshots of a built site with Debian's chromium,
// to look at the pages before calling a design done: each page at 1280 and
// 390 px wide, in the light and dark schemes, the whole page or (-top) its
// first screen.
//
//	go run ./cmd/tribune build -at 2026-12-01T12:00:00Z -out /tmp/site
//	go run ./bench/shots -site /tmp/site -out /tmp/shots / /tribunes/x/ …
//
// The folder is served on 127.0.0.1 only; the browser reaches no other host.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func main() {
	site := flag.String("site", "", "the built site's folder")
	out := flag.String("out", "shots", "where the PNG files go")
	top := flag.Bool("top", false, "only the first screen (1280×900 or 390×900), not the whole page")
	flag.Parse()
	if *site == "" || flag.NArg() == 0 {
		log.Fatal("usage: shots -site DIR [-out DIR] PATH…")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(ln, http.FileServer(http.Dir(*site)))
	base := "http://" + ln.Addr().String()

	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath("chromium"), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("hide-scrollbars", true))
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()

	for _, p := range flag.Args() {
		name := strings.Trim(strings.ReplaceAll(p, "/", "_"), "_")
		if name == "" {
			name = "home"
		}
		for _, width := range []int64{1280, 390} {
			for _, scheme := range []string{"light", "dark"} {
				mobile := width < 600
				media := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
				if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, media)
					return err
				})); err != nil {
					log.Fatal(err)
				}
				opts := []chromedp.EmulateViewportOption{}
				if mobile {
					opts = append(opts, chromedp.EmulateMobile)
				}
				if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900, opts...)); err != nil {
					log.Fatal(err)
				}
				if _, err := chromedp.Run(ctx, chromedp.Navigate(base+p)); err != nil {
					log.Fatalf("%s: %v", p, err)
				}
				// Lazy images load now: the whole page is shot at once.
				chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll("img[loading=lazy]").forEach(i => i.loading = "eager"); true`))
				chromedp.Run(ctx, chromedp.Sleep(250*time.Millisecond))
				shot := chromedp.FullScreenshot(100)
				if *top {
					shot = chromedp.CaptureScreenshot()
				}
				buf, err := chromedp.Run(ctx, shot)
				if err != nil {
					log.Fatalf("%s: %v", p, err)
				}
				f := filepath.Join(*out, fmt.Sprintf("%s-%d-%s.png", name, width, scheme))
				if err := os.WriteFile(f, buf, 0o644); err != nil {
					log.Fatal(err)
				}
				fmt.Println(f)
			}
		}
	}
}
