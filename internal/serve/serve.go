// Package serve is tribune's preview server: it serves a built site from
// memory, never from disk, on the loopback interface by default, and
// renders each file the first time it is asked for. It does not import
// the pipeline's stages: the build step is injected, so the server can be
// tested with any Site.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A Site is one complete build of the site, which renders its files when
// asked. The server asks for each file once and keeps it until the next
// Site is published.
type Site interface {
	// Has reports whether name (a slash path, "tribunes/index.html") is
	// one of its files.
	Has(name string) bool
	// File renders the file name.
	File(name string) ([]byte, error)
}

// Files is a Site whose files are made already.
type Files map[string][]byte

func (f Files) Has(name string) bool { _, ok := f[name]; return ok }

func (f Files) File(name string) ([]byte, error) {
	if b, ok := f[name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("%s: no such file", name)
}

// snapshot is a published Site with the files rendered from it so far.
type snapshot struct {
	site  Site
	built time.Time
	mu    sync.Mutex
	files map[string]*rendered
}

type rendered struct {
	once sync.Once
	data []byte
	err  error
}

// file renders name once in this snapshot.
func (s *snapshot) file(name string) ([]byte, error) {
	s.mu.Lock()
	r, ok := s.files[name]
	if !ok {
		r = &rendered{}
		s.files[name] = r
	}
	s.mu.Unlock()
	r.once.Do(func() { r.data, r.err = s.site.File(name) })
	return r.data, r.err
}

// Server serves the latest published Site.
type Server struct {
	current atomic.Pointer[snapshot]
}

// Publish makes s the site served from now on, and drops every file
// rendered from the one before. Requests in flight finish with the site
// they started with.
func (srv *Server) Publish(s Site) {
	srv.current.Store(&snapshot{site: s, built: time.Now(), files: map[string]*rendered{}})
}

// Render renders the page at URL path p of the current site now, so that
// the browser asking for it next gets it at once.
func (srv *Server) Render(p string) error {
	snap := srv.current.Load()
	if snap == nil {
		return nil
	}
	name, ok := fileName(p)
	if !ok || !snap.site.Has(name) {
		return nil
	}
	_, err := snap.file(name)
	return err
}

// maxPath bounds the URL paths the server looks up.
const maxPath = 2048

// fileName is the file a URL path asks for ("/tribunes/" →
// "tribunes/index.html"), if it is a clean path.
func fileName(p string) (string, bool) {
	if len(p) > maxPath || !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name, true
}

// ServeHTTP serves GET and HEAD requests from the current site.
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
	name, ok := fileName(p)
	if !ok {
		http.Error(w, "chemin invalide", http.StatusBadRequest)
		return
	}
	found := snap.site.Has(name)
	if !found && !strings.HasSuffix(p, "/") && path.Ext(name) == "" && snap.site.Has(name+"/index.html") {
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	if !found {
		status = http.StatusNotFound
		// A language's own page for unknown URLs under its prefix
		// ("en/404.html"), as Netlify shows it, else the site's.
		missing := name
		name = "404.html"
		for d := path.Dir(missing); d != "." && d != "/"; d = path.Dir(d) {
			if snap.site.Has(d + "/404.html") {
				name = d + "/404.html"
				break
			}
		}
		if !snap.site.Has(name) {
			http.NotFound(w, r)
			return
		}
	}
	data, err := snap.file(name)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if err != nil {
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		if r.Method == http.MethodGet {
			w.Write(ErrorPage(strings.Split(err.Error(), "\n")))
		}
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h.Set("Content-Type", ctype)
	if status == http.StatusOK {
		http.ServeContent(w, r, name, snap.built, bytes.NewReader(data))
		return
	}
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// ErrorPage is the page served where the site could not be built or a
// page not rendered: it lists the errors and reloads by itself once they
// are fixed.
func ErrorPage(errs []string) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreurs de construction</title>` + Head + `</head><body><main><h1>Le site n’a pas pu être construit</h1><ul>`)
	for _, e := range errs {
		b.WriteString("<li><code>" + html.EscapeString(e) + "</code></li>")
	}
	b.WriteString("</ul></main></body></html>")
	return []byte(b.String())
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

// LocalHosts answers 403 to requests whose Host is not the address
// listened on (addr, host:port) or a loopback name at its port (localhost,
// 127.0.0.1, [::1]): a web page in the same browser could otherwise make a
// name of its own point at 127.0.0.1 and read the preview, drafts and
// embargoed statements included (DNS rebinding).
func LocalHosts(h http.Handler, addr string) http.Handler {
	_, port, _ := net.SplitHostPort(addr)
	allowed := map[string]bool{strings.ToLower(addr): true}
	for _, host := range []string{"localhost", "127.0.0.1", "[::1]"} {
		allowed[host+":"+port] = true
		if port == "80" {
			allowed[host] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[strings.ToLower(r.Host)] {
			http.Error(w, "accès refusé : l’aperçu ne répond qu’à l’adresse "+addr+", localhost ou 127.0.0.1", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
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
	hs := &http.Server{Handler: LocalHosts(h, ln.Addr().String()), ReadHeaderTimeout: 10 * time.Second,
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
