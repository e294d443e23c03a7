package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/serve"
	"tribune/internal/site"
)

// Batching of file system events: one save is often several operations
// (write a temporary file, rename it over the original).
const (
	batchQuiet = 5 * time.Millisecond
	batchMax   = 100 * time.Millisecond
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	lang := siteLanguage(args)
	fl := newFlags("serve", lang, tr(lang, "tribune serve [-src DIR] [-addr 127.0.0.1:1313] [-preview=BOOL] [-at TIME]"), stderr)
	src := fl.String("src", ".", tr(lang, "site `folder`"))
	addr := fl.String("addr", "127.0.0.1:1313", tr(lang, "`address` to listen on; keep it on 127.0.0.1 unless you mean to share the preview"))
	preview := fl.Bool("preview", true, tr(lang, "show drafts and hidden statements, marked as such"))
	at := fl.String("at", "", tr(lang, "build `instant`, RFC 3339 (default: the time of each rebuild)"))
	if err := parseFlags(fl, args, stderr); err != nil {
		return err
	}
	sf := siteFlags{at: *at}
	if _, err := sf.instant(time.Now()); err != nil {
		return err
	}
	instant := func() time.Time { t, _ := sf.instant(time.Now()); return t }
	if _, port, err := net.SplitHostPort(*addr); err != nil || !validPort(port) {
		return usagef("-addr %q: want host:port, such as 127.0.0.1:1313", *addr)
	}
	if !serve.IsLoopback(*addr) {
		say(stderr, lang, "warning: listening on %s: other machines can see this preview, drafts and embargoed statements included\n", *addr)
	}
	dir, err := filepath.Abs(*src)
	if err != nil {
		return err
	}
	root, err := openSite(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := ownFolder(root); err != nil {
		say(stderr, lang, "warning: %v\nwarning: resized images are not kept between runs\n", err)
	}
	b := build.New(root.FS(), root)
	srv := &serve.Server{}
	hub := &serve.Hub{}

	watcher, err := serve.Watch(dir)
	if err != nil {
		return locale.M("cannot watch %s for changes: %v", dir, err)
	}
	defer watcher.Close()

	var rebuild serve.BuildFunc
	started := make(chan struct{})
	err = serve.ListenAndServe(ctx, *addr, serve.Preview(srv, hub), func(a net.Addr) {
		base := "http://" + a.String() + "/"
		rebuild = previewBuild(b, build.Options{Preview: *preview, BaseURL: base, Head: serve.Head, EmbargoKey: embargoKey()}, instant, lang, stderr)
		start := time.Now()
		first := rebuild(ctx, nil)
		if errs := first.Errors; len(errs) > 0 {
			fmt.Fprintln(stderr, strings.Join(errs, "\n"))
			srv.Publish(errorSite(errs))
			hub.Publish(serve.Status{ID: 0, Errors: errs})
		} else {
			srv.Publish(first.Site)
			hub.Publish(serve.Status{ID: 1, Warnings: first.Warnings})
			say(stdout, lang, "built in %d ms\n", time.Since(start).Milliseconds())
		}
		say(stdout, lang, "preview at %s (Ctrl-C to stop)\n", base)
		close(started)
	}, func(ctx context.Context) {
		<-started
		batches := make(chan []serve.Event)
		go serve.Batch(ctx, watcher.Events, batchQuiet, batchMax, batches)
		serve.Loop(ctx, batches, rebuild, srv, hub, func(changed []string, took time.Duration, errs []string) {
			if len(errs) > 0 {
				if len(errs) == 1 {
					say(stderr, lang, "%s\nrebuild failed (1 error); the last good site is still served\n", errs[0])
				} else {
					say(stderr, lang, "%s\nrebuild failed (%d errors); the last good site is still served\n", strings.Join(errs, "\n"), len(errs))
				}
				return
			}
			say(stdout, lang, "rebuilt in %d ms: %s\n", took.Milliseconds(), strings.Join(changed, ", "))
		})
	})
	if errors.Is(err, syscall.EADDRINUSE) {
		return locale.M("the address %s is taken (is a preview already running?): give another with -addr, such as -addr %s", *addr, nextPort(*addr))
	}
	return err
}

// nextPort is addr with the next port: "127.0.0.1:1314" for
// "127.0.0.1:1313".
func nextPort(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	n, err2 := strconv.Atoi(port)
	if err != nil || err2 != nil || n >= 65535 {
		return "127.0.0.1:1314"
	}
	return net.JoinHostPort(host, strconv.Itoa(n+1))
}

// previewBuild is the preview's build step: it loads the site again with
// b, told what changed, at the instant at gives, and hands the new Output
// to the server, with the URL of the page edited, if one was. Warnings go
// to stderr.
func previewBuild(b *build.Builder, opts build.Options, at func() time.Time, lang string, stderr io.Writer) serve.BuildFunc {
	return func(ctx context.Context, changed []string) serve.Built {
		opts := opts
		opts.At, opts.Changed = at(), changed
		out, err := b.Load(ctx, opts)
		if err != nil {
			return serve.Built{Errors: errorLines(err, lang)}
		}
		if len(out.Errors) > 0 {
			return serve.Built{Errors: errorLines(out.Errors, lang)}
		}
		var warnings []string
		for _, w := range out.Warnings {
			say(stderr, lang, "warning: %v\n", w)
			warnings = append(warnings, w.In(lang))
		}
		return serve.Built{Site: out, URL: changedPage(out.Site, changed), Warnings: warnings}
	}
}

// changedPage is the URL of the one statement or page edited, if any.
func changedPage(s *site.Site, changed []string) string {
	if len(changed) != 1 || s == nil {
		return ""
	}
	rel, ok := strings.CutPrefix(changed[0], "content/")
	if !ok {
		return ""
	}
	for _, p := range s.Pages {
		if p.File != nil && p.File.Path == rel && p.Pager == nil {
			return p.URL
		}
	}
	return ""
}

// errorLines gives one "file:line:col: message" line per error.
func errorLines(err error, lang string) []string {
	var l content.ErrorList
	if errors.As(err, &l) {
		out := make([]string, len(l))
		for i, e := range l {
			out[i] = e.In(lang)
		}
		return out
	}
	return []string{locale.ErrorIn(err, lang)}
}

// errorSite is served for every URL while the site has never built: it
// lists the errors and reloads by itself once they are fixed.
func errorSite(errs []string) serve.Site {
	page := serve.ErrorPage(errs)
	return serve.Files{"index.html": page, "404.html": page}
}

// validPort reports whether port is a port number to listen on: 0 (any
// free port) to 65535.
func validPort(port string) bool {
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535 && port == strconv.Itoa(n)
}
