package serve

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

//go:embed live
var liveFiles embed.FS

// Head is the HTML the preview adds to every page: the live-reload script,
// from its own URL so that a strict Content-Security-Policy still works.
const Head = `<script src="/_tribune/reload.js" defer></script>`

// Status is the outcome of the latest build, as sent to browsers.
type Status struct {
	// ID changes with every successful build; browsers reload when it does.
	ID int `json:"id"`
	// Errors are the latest build's errors ("file:line:col: message");
	// the last good site stays served meanwhile.
	Errors []string `json:"errors,omitempty"`
	// Warnings are the latest good build's warnings, shown over the page
	// too: a public page linking to one under embargo is a warning in the
	// preview and an error in production.
	Warnings []string `json:"warnings,omitempty"`
	// URL is the page of the one statement changed, when there is one:
	// browsers showing another page may go there.
	URL string `json:"url,omitempty"`
}

// Hub sends build statuses to the browsers that listen, over Server-Sent
// Events.
type Hub struct {
	mu      sync.Mutex
	status  Status
	clients map[chan Status]bool
}

// Publish sends s to every browser and keeps it for those that connect
// later.
func (h *Hub) Publish(s Status) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.status = s
	for c := range h.clients {
		select {
		case c <- s:
		default: // a slow browser gets the next one
		}
	}
}

// Current is the latest status.
func (h *Hub) Current() Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.status
}

func (h *Hub) subscribe() chan Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients == nil {
		h.clients = map[chan Status]bool{}
	}
	c := make(chan Status, 4)
	h.clients[c] = true
	c <- h.status
	return c
}

func (h *Hub) unsubscribe(c chan Status) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// ServeHTTP streams statuses as "build" events.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	c := h.subscribe()
	defer h.unsubscribe(c)
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case s := <-c:
			data, _ := json.Marshal(s)
			if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", data); err != nil {
				return
			}
			flusher.Flush()
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// Preview is the handler of the preview server: the site from the latest
// snapshot, plus the live-reload endpoints under /_tribune/. It does its
// own dispatch rather than use http.ServeMux, which would redirect paths
// with ".." instead of refusing them.
func Preview(site *Server, hub *Hub) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			site.ServeHTTP(w, r) // answers 405
			return
		}
		switch r.URL.Path {
		case "/_tribune/events":
			hub.ServeHTTP(w, r)
		case "/_tribune/reload.js", "/_tribune/reload.css":
			data, _ := liveFiles.ReadFile("live/" + strings.TrimPrefix(r.URL.Path, "/_tribune/"))
			ctype := "text/javascript; charset=utf-8"
			if strings.HasSuffix(r.URL.Path, ".css") {
				ctype = "text/css; charset=utf-8"
			}
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.Write(data)
		default:
			site.ServeHTTP(w, r)
		}
	})
}

// BuildFunc builds the site after the listed paths changed (nil: all of
// it) and returns it, or the errors that stopped it.
type BuildFunc func(ctx context.Context, changed []string) Built

// Built is the outcome of a build: the site, or the errors that stopped
// it; URL names the page of the one statement changed, if any; Warnings
// are the problems that do not stop it (but may stop a production build).
type Built struct {
	Site             Site
	URL              string
	Errors, Warnings []string
}

// Loop rebuilds the site on every batch of relevant changes, publishing
// each good build to srv and each outcome to hub, until ctx is done. The
// page of the statement changed is rendered before browsers are told to
// reload, so that they get it at once. Loop returns after the watcher's
// events stop.
func Loop(ctx context.Context, batches <-chan []Event, build BuildFunc, srv *Server, hub *Hub, report func(changed []string, took time.Duration, errs []string)) {
	id := hub.Current().ID
	for {
		select {
		case <-ctx.Done():
			return
		case batch, ok := <-batches:
			if !ok {
				return
			}
			changed := Classify(batch)
			if len(changed) == 0 {
				continue
			}
			start := time.Now()
			b := build(ctx, changed)
			if ctx.Err() != nil {
				return
			}
			errs := b.Errors
			if len(errs) == 0 {
				srv.Publish(b.Site)
				if err := srv.Render(b.URL); err != nil {
					errs = strings.Split(err.Error(), "\n")
				}
				id++
			}
			hub.Publish(Status{ID: id, Errors: errs, Warnings: b.Warnings, URL: b.URL})
			if report != nil {
				report(changed, time.Since(start), errs)
			}
		}
	}
}
