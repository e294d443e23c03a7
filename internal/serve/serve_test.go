package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func testServer() *Server {
	srv := &Server{}
	srv.Publish(Files{
		"index.html":          []byte("<p>accueil</p>"),
		"tribunes/index.html": []byte("<p>tribunes</p>"),
		"css/style.css":       []byte("body{}"),
		"404.html":            []byte("<p>introuvable</p>"),
		"en/index.html":       []byte("<p>home</p>"),
		"en/404.html":         []byte("<p>not found</p>"),
	})
	return srv
}

func TestHandler(t *testing.T) {
	srv := testServer()
	tests := []struct {
		method, target string
		code           int
		body, ctype    string
	}{
		{"GET", "/", 200, "accueil", "text/html; charset=utf-8"},
		{"GET", "/tribunes/", 200, "tribunes", "text/html; charset=utf-8"},
		{"GET", "/css/style.css", 200, "body{}", "text/css; charset=utf-8"},
		{"HEAD", "/", 200, "", "text/html; charset=utf-8"},
		{"GET", "/tribunes", 301, "", ""},
		{"GET", "/absent/", 404, "introuvable", "text/html; charset=utf-8"},
		// A language's own page for unknown URLs under its prefix.
		{"GET", "/en/absent/", 404, "not found", "text/html; charset=utf-8"},
		{"GET", "/en/a/b/c", 404, "not found", ""},
		{"GET", "/enx/absent/", 404, "introuvable", ""},
		{"POST", "/", 405, "", ""},
		{"PUT", "/", 405, "", ""},
		{"GET", "/../etc/passwd", 400, "", ""},
		{"GET", "/%2e%2e/etc/passwd", 400, "", ""},
		{"GET", "/tribunes/%2e%2e/%2e%2e/x", 400, "", ""},
		{"GET", "/%252e%252e/x", 404, "introuvable", ""},
		{"GET", "/a%5c..%5cb", 400, "", ""},
		{"GET", "/" + strings.Repeat("a", 5000), 400, "", ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.target, nil)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != tt.code {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.target, rec.Code, tt.code)
		}
		if tt.body != "" && !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("%s %s: body %q lacks %q", tt.method, tt.target, rec.Body.String(), tt.body)
		}
		if tt.ctype != "" && rec.Header().Get("Content-Type") != tt.ctype {
			t.Errorf("%s %s: content type %q", tt.method, tt.target, rec.Header().Get("Content-Type"))
		}
		if tt.method == "HEAD" && rec.Body.Len() != 0 {
			t.Errorf("HEAD returned a body")
		}
	}
}

func TestNoSnapshotYet(t *testing.T) {
	rec := httptest.NewRecorder()
	(&Server{}).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d", rec.Code)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:1313": true, "localhost:80": true, "[::1]:1313": true, "127.1.2.3:9": true,
		"0.0.0.0:1313": false, ":1313": false, "192.168.1.2:80": false, "exemple.fr:80": false, "nonsense": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}

func TestListenAndServeShutsDownOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- ListenAndServe(ctx, "127.0.0.1:0", testServer(), func(a net.Addr) { addrc <- a }) }()
	addr := <-addrc
	resp, err := http.Get("http://" + addr.String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "accueil") {
		t.Errorf("body %q", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// TestLocalHosts: a page of another site that makes its own name point at
// 127.0.0.1 (DNS rebinding) gets 403; the preview's own names get the page.
func TestLocalHosts(t *testing.T) {
	h := LocalHosts(testServer(), "127.0.0.1:4321")
	for host, code := range map[string]int{
		"127.0.0.1:4321": 200, "localhost:4321": 200, "LOCALHOST:4321": 200, "[::1]:4321": 200,
		"attacker.example": 403, "attacker.example:4321": 403, "127.0.0.1:9999": 403, "localhost": 403,
		"127.0.0.1.attacker.example:4321": 403, "": 403,
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != code {
			t.Errorf("Host %q: status %d, want %d", host, rec.Code, code)
		}
		if code == 403 && strings.Contains(rec.Body.String(), "accueil") {
			t.Errorf("Host %q: the page was served with the refusal", host)
		}
	}
}
