package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tribune/internal/locale"
	"tribune/internal/serve"
)

// preview is a running tribune serve, for tests.
type preview struct {
	t      testing.TB
	url    string
	cancel context.CancelFunc
	done   chan error
	stdout *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var previewURL = regexp.MustCompile(`(?:aperçu sur|preview at) (http://127\.0\.0\.1:\d+/)`)

// startPreview runs tribune serve on src, on a free loopback port.
func startPreview(t testing.TB, src string, extra ...string) *preview {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &preview{t: t, cancel: cancel, done: make(chan error, 1), stdout: &lockedBuffer{}}
	args := append([]string{"-src", src, "-addr", "127.0.0.1:0"}, extra...)
	go func() { p.done <- runServe(ctx, args, p.stdout, io.Discard) }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := previewURL.FindStringSubmatch(p.stdout.String()); m != nil {
			p.url = m[1]
			t.Cleanup(p.stop)
			return p
		}
		select {
		case err := <-p.done:
			t.Fatalf("serve stopped: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start:\n%s", p.stdout.String())
	return nil
}

func (p *preview) stop() {
	p.cancel()
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		p.t.Error("serve did not stop within 10 s of Ctrl-C")
	}
}

func (p *preview) get(path string) (int, string) {
	p.t.Helper()
	resp, err := http.Get(p.url + strings.TrimPrefix(path, "/"))
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// events follows the preview's build statuses.
type events struct {
	c    chan serve.Status
	body io.Closer
}

func (p *preview) events() *events {
	p.t.Helper()
	resp, err := http.Get(p.url + "_tribune/events")
	if err != nil {
		p.t.Fatal(err)
	}
	e := &events{c: make(chan serve.Status, 64), body: resp.Body}
	go func() {
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(e.c)
				return
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				var s serve.Status
				if json.Unmarshal([]byte(data), &s) == nil {
					e.c <- s
				}
			}
		}
	}()
	p.t.Cleanup(func() { resp.Body.Close() })
	return e
}

// next waits for a status that satisfies ok.
func (e *events) next(t testing.TB, ok func(serve.Status) bool) serve.Status {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case s, open := <-e.c:
			if !open {
				t.Fatal("event stream closed")
			}
			if ok(s) {
				return s
			}
		case <-timeout:
			t.Fatal("no matching build event within 30 s")
		}
	}
}

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestServeRebuildsOnSave(t *testing.T) {
	src := newSite(t)
	p := startPreview(t, src)
	ev := p.events()
	first := ev.next(t, func(serve.Status) bool { return true })
	if first.ID != 1 || len(first.Errors) != 0 {
		t.Fatalf("first status %+v", first)
	}
	code, html := p.get("/tribunes/plateformes/")
	if code != 200 || !strings.Contains(html, `<script src="/_tribune/reload.js" defer></script>`) {
		t.Fatalf("statement page: %d, reload script present: %v", code, strings.Contains(html, "reload.js"))
	}
	if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
		t.Error("serve wrote public/")
	}
	file := filepath.Join(src, "content", "tribunes", "2026-03-01-plateformes.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	// An edit, saved the way many editors do: a temporary file renamed
	// over the original.
	edited := strings.Replace(string(orig), "Elles savent **beaucoup** de choses.", "Elles savent **énormément** de choses.", 1)
	tmp := file + ".tmp"
	writeFile(t, tmp, edited)
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
	s := ev.next(t, func(s serve.Status) bool { return s.ID > first.ID || len(s.Errors) > 0 })
	if len(s.Errors) > 0 || s.URL != "/tribunes/plateformes/" {
		t.Fatalf("after the edit: %+v", s)
	}
	if _, html := p.get("/tribunes/plateformes/"); !strings.Contains(html, "énormément") {
		t.Error("the edit is not served")
	}

	// Broken front matter: an overlay-worthy error naming the file and
	// line, while the last good page stays served.
	broken := strings.Replace(edited, "slug: plateformes", "slug: plateformes\ntitel: oups", 1)
	writeFile(t, file, broken)
	s = ev.next(t, func(s serve.Status) bool { return len(s.Errors) > 0 })
	if !strings.Contains(strings.Join(s.Errors, "\n"), "content/tribunes/2026-03-01-plateformes.md:5:1: clé inconnue \"titel\"") {
		t.Errorf("errors: %q", s.Errors)
	}
	if code, html := p.get("/tribunes/plateformes/"); code != 200 || !strings.Contains(html, "énormément") {
		t.Error("the last good page is not served while the site is broken")
	}

	// Fixed: a new build, and the page follows.
	writeFile(t, file, strings.Replace(edited, "énormément", "vraiment beaucoup", 1))
	s = ev.next(t, func(s serve.Status) bool { return len(s.Errors) == 0 && s.ID > first.ID+1 })
	if _, html := p.get("/tribunes/plateformes/"); !strings.Contains(html, "vraiment beaucoup") {
		t.Error("the fix is not served")
	}

	// A new statement in a new folder shows up.
	dir := filepath.Join(src, "content", "dossiers")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "nouveau.md"), "---\ntitle: Nouveau dossier\ndate: 2026-01-01\n---\nTexte neuf.\n")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if code, html := p.get("/dossiers/nouveau/"); code == 200 && strings.Contains(html, "Texte neuf.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a file in a new folder was not built")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// A layout change re-renders every page; a static change is served.
	if err := os.MkdirAll(filepath.Join(src, "static", "css"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(src, "static", "css", "extra.css"), "body{color:navy}")
	deadline = time.Now().Add(30 * time.Second)
	for {
		if code, css := p.get("/css/extra.css"); code == 200 && css == "body{color:navy}" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a new static file was not served")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Hundreds of rapid saves end with the last version served, and the server
// answers throughout.
func TestServeRapidSaves(t *testing.T) {
	src := newSite(t)
	p := startPreview(t, src)
	file := filepath.Join(src, "content", "a-propos.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var failures sync.Map
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(p.url)
				if err != nil {
					failures.Store(w, err.Error())
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failures.Store(w, resp.Status)
				}
			}
		}()
	}
	const saves = 300
	for i := range saves {
		writeFile(t, file, string(orig)+fmt.Sprintf("\nVersion %d.\n", i))
		time.Sleep(time.Millisecond)
	}
	want := fmt.Sprintf("Version %d.", saves-1)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, html := p.get("/a-propos/"); strings.Contains(html, want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last save is not served")
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	failures.Range(func(k, v any) bool {
		t.Errorf("reader %v: %v", k, v)
		return true
	})
}

func TestServeStartsWithABrokenSiteAndRecovers(t *testing.T) {
	src := newSite(t)
	file := filepath.Join(src, "content", "a-propos.md")
	orig, _ := os.ReadFile(file)
	writeFile(t, file, "---\ntitle: [cassé\n---\n")
	p := startPreview(t, src)
	ev := p.events()
	s := ev.next(t, func(serve.Status) bool { return true })
	if len(s.Errors) == 0 {
		t.Fatalf("status %+v", s)
	}
	code, html := p.get("/")
	if code != 200 || !strings.Contains(html, "content/a-propos.md:") || !strings.Contains(html, "reload.js") {
		t.Errorf("error page: %d %q", code, html)
	}
	writeFile(t, file, string(orig))
	s = ev.next(t, func(s serve.Status) bool { return len(s.Errors) == 0 })
	if s.ID < 1 {
		t.Errorf("recovered status %+v", s)
	}
	if _, html := p.get("/a-propos/"); strings.Contains(html, "Erreurs") {
		t.Error("still the error page after the fix")
	}
}

func TestServeWarnsOffLoopback(t *testing.T) {
	var stderr strings.Builder
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // start and stop at once
	err := runServe(ctx, []string{"-src", newSite(t), "-addr", "0.0.0.0:0"}, io.Discard, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "avertissement\u00a0: écoute sur 0.0.0.0:0") {
		t.Errorf("stderr %q", stderr.String())
	}
	for _, args := range [][]string{{"-addr", "nonsense"}, {"-at", "demain"}, {"-nope"}} {
		if err := runServe(context.Background(), append([]string{"-src", t.TempDir()}, args...), io.Discard, io.Discard); exitCode(err) != 2 {
			t.Errorf("serve %q: %v", args, err)
		}
	}
}

// A public page that links to a communiqué under embargo is a warning over
// the preview, naming the public file and line and the hidden one: a
// production build would refuse it.
func TestServeWarnsOfLeaks(t *testing.T) {
	t.Parallel()
	src := newSite(t, "-- content/communiques/secret.md --\n---\ntitle: Annonce sous embargo\ndate: 2026-11-20\nembargo: 2027-01-01T06:00:00+01:00\n---\nCorps.\n")
	p := startPreview(t, src, "-at", at)
	ev := p.events()
	first := ev.next(t, func(serve.Status) bool { return true })
	if len(first.Warnings) != 0 {
		t.Fatalf("warnings before the link: %q", first.Warnings)
	}
	writeFiles(t, src, "-- content/a-propos.md --\n---\ntitle: À propos\ndate: 2026-01-01\n---\nBientôt : [notre annonce](/communiques/annonce-sous-embargo/).\n")
	s := ev.next(t, func(s serve.Status) bool { return s.ID > first.ID || len(s.Errors) > 0 })
	if len(s.Errors) > 0 || len(s.Warnings) != 1 || !strings.HasPrefix(s.Warnings[0], "content/a-propos.md:5:") || !strings.Contains(s.Warnings[0], "content/communiques/secret.md") {
		t.Errorf("status after the link: %+v", s)
	}
	// The production build refuses it.
	if r := buildSite(t, src, filepath.Join(t.TempDir(), "public")); r.err == nil || !strings.Contains(r.err.Error(), "content/a-propos.md:5:") {
		t.Errorf("production build: %v", r.err)
	}
}

// A port already taken: the message names -addr and a free one to try.
func TestServeBusyPort(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	src := newSite(t)
	err = runServe(context.Background(), []string{"-src", src, "-addr", ln.Addr().String()}, io.Discard, io.Discard)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	n, _ := strconv.Atoi(port)
	if err == nil || !strings.Contains(locale.ErrorIn(err, "fr"), "donnez-en une autre avec -addr, par exemple -addr 127.0.0.1:"+strconv.Itoa(n+1)) {
		t.Errorf("busy port: %v", err)
	}
}
