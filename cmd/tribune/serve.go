package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net"
	"strings"
	"time"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/serve"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	src := fl.String("src", ".", "site `folder`")
	addr := fl.String("addr", "127.0.0.1:1313", "`address` to listen on; keep it on 127.0.0.1 unless you mean to share the preview")
	preview := fl.Bool("preview", true, "show drafts and hidden statements, marked as such")
	at := fl.String("at", "", "build instant, RFC 3339 (default now)")
	if err := parseFlags(fl, args, stderr); err != nil {
		return err
	}
	sf := siteFlags{at: *at}
	instant, err := sf.instant(time.Now())
	if err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return usageError{fmt.Sprintf("-addr %q: want host:port, such as 127.0.0.1:1313", *addr)}
	}
	if !serve.IsLoopback(*addr) {
		fmt.Fprintf(stderr, "warning: listening on %s: other machines can see this preview, drafts and embargoed statements included\n", *addr)
	}
	root, err := openSite(*src)
	if err != nil {
		return err
	}
	defer root.Close()
	b := build.New(root.FS())
	srv := &serve.Server{}
	return serve.ListenAndServe(ctx, *addr, srv, func(a net.Addr) {
		base := "http://" + a.String() + "/"
		start := time.Now()
		res, err := b.Run(ctx, build.Options{At: instant, Preview: *preview, BaseURL: base})
		if err != nil {
			fmt.Fprintln(stderr, err)
			srv.Publish(&serve.Snapshot{Files: errorPage(err), Built: time.Now()})
		} else {
			for _, w := range res.Warnings {
				fmt.Fprintln(stderr, "warning:", w)
			}
			srv.Publish(&serve.Snapshot{Files: res.Files, Built: time.Now()})
			fmt.Fprintf(stdout, "built %d pages in %d ms\n", len(res.Site.Pages), time.Since(start).Milliseconds())
		}
		fmt.Fprintf(stdout, "preview at %s (Ctrl-C to stop)\n", base)
	})
}

// errorPage lists a failed build's errors in a page served for every URL.
func errorPage(err error) map[string][]byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreurs de construction</title></head><body><main><h1>Le site n’a pas pu être construit</h1><ul>`)
	var l content.ErrorList
	if errors.As(err, &l) {
		for _, e := range l {
			b.WriteString("<li><code>" + html.EscapeString(e.Error()) + "</code></li>")
		}
	} else {
		b.WriteString("<li><code>" + html.EscapeString(err.Error()) + "</code></li>")
	}
	b.WriteString("</ul></main></body></html>")
	page := []byte(b.String())
	return map[string][]byte{"index.html": page, "404.html": page}
}
