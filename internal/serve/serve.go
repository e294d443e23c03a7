// Package serve is tribune's preview server: it serves a built site from
// memory, never from disk, on the loopback interface by default. It does
// not import the pipeline's stages: the build step is injected, so the
// server can be tested with any function that returns files.
package serve

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Snapshot is one complete build: output path → bytes. It is never
// modified once published, so requests read it without locks.
type Snapshot struct {
	Files map[string][]byte
	// Built is when the snapshot was made, for Last-Modified.
	Built time.Time
}

// Server serves the latest complete snapshot.
type Server struct {
	current atomic.Pointer[Snapshot]
}

// Publish makes s the snapshot served from now on. Requests in flight
// finish with the one they started with.
func (srv *Server) Publish(s *Snapshot) { srv.current.Store(s) }

// maxPath bounds the URL paths the server looks up.
const maxPath = 2048

// ServeHTTP serves GET and HEAD requests from the current snapshot.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "méthode non autorisée", http.StatusMethodNotAllowed)
		return
	}
	snap := srv.current.Load()
	if snap == nil {
		http.Error(w, "le site est en cours de construction", http.StatusServiceUnavailable)
		return
	}
	p := r.URL.Path
	if len(p) > maxPath || !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		http.Error(w, "chemin invalide", http.StatusBadRequest)
		return
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			http.Error(w, "chemin invalide", http.StatusBadRequest)
			return
		}
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := snap.Files[name]
	if !ok && !strings.HasSuffix(p, "/") && path.Ext(name) == "" {
		if _, dir := snap.Files[name+"/index.html"]; dir {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		name = "404.html"
		data, ok = snap.Files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
	}
	h := w.Header()
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if status == http.StatusOK {
		http.ServeContent(w, r, name, snap.Built, bytes.NewReader(data))
		return
	}
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// IsLoopback reports whether addr (host:port) listens only on this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ListenAndServe serves h on addr until ctx is cancelled, then shuts down
// gracefully. ready, when not nil, is called with the address actually
// listened on (useful with port 0) before requests are served; each of
// also runs in its own goroutine until ctx is done.
func ListenAndServe(ctx context.Context, addr string, h http.Handler, ready func(net.Addr), also ...func(context.Context)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Requests share ctx, so that event streams end when the server stops.
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	if ready != nil {
		ready(ln.Addr())
	}
	var wg sync.WaitGroup
	for _, f := range also {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(ctx)
		}()
	}
	defer wg.Wait()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Browsers keep their event streams open: do not wait for them long.
	shutdown, stop := context.WithTimeout(context.Background(), 2*time.Second)
	defer stop()
	if err := hs.Shutdown(shutdown); err != nil {
		hs.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
