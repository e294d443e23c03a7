package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// readStatus reads the next build event of an event stream.
func readStatus(t *testing.T, r *bufio.Reader) Status {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("event stream: %v", err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var s Status
			if err := json.Unmarshal([]byte(data), &s); err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
}

func TestLoopPublishesGoodBuildsAndKeepsTheLastOne(t *testing.T) {
	srv := testServer()
	hub := &Hub{}
	hub.Publish(Status{ID: 1})
	ts := httptest.NewServer(Preview(srv, hub))
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/_tribune/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("content type %q", ct)
	}
	events := bufio.NewReader(resp.Body)
	if s := readStatus(t, events); s.ID != 1 || len(s.Errors) != 0 {
		t.Errorf("first status %+v", s)
	}

	var mu sync.Mutex
	var calls [][]string
	broken := false
	build := func(_ context.Context, changed []string) Built {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, changed)
		if broken {
			return Built{Errors: []string{"content/tribunes/x.md:3:1: unknown key \"titel\""}}
		}
		return Built{Site: Files{"index.html": []byte("version " + changed[0])}, URL: "/tribunes/x/"}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan []Event)
	done := make(chan struct{})
	go func() { Loop(ctx, batches, build, srv, hub, nil); close(done) }()

	get := func() string {
		r, err := http.Get(ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var b strings.Builder
		bufio.NewReader(r.Body).WriteTo(&b)
		return b.String()
	}
	batches <- []Event{{"content/tribunes/x.md", Write}, {"content/tribunes/.x.md.swp", Write}}
	if s := readStatus(t, events); s.ID != 2 || s.URL != "/tribunes/x/" || len(s.Errors) != 0 {
		t.Errorf("after a good build: %+v", s)
	}
	if got := get(); got != "version content/tribunes/x.md" {
		t.Errorf("served %q", got)
	}
	// An irrelevant batch builds nothing.
	batches <- []Event{{"public/index.html", Write}, {"content/.x.swp", Write}}
	mu.Lock()
	broken = true
	mu.Unlock()
	batches <- []Event{{"content/tribunes/y.md", Write}}
	s := readStatus(t, events)
	if s.ID != 2 || len(s.Errors) != 1 || !strings.HasPrefix(s.Errors[0], "content/tribunes/x.md:3:1:") {
		t.Errorf("after a failed build: %+v", s)
	}
	if got := get(); got != "version content/tribunes/x.md" {
		t.Errorf("the last good site is not served during errors: %q", got)
	}
	mu.Lock()
	broken = false
	mu.Unlock()
	batches <- []Event{{"content/tribunes/z.md", Write}}
	if s := readStatus(t, events); s.ID != 3 || len(s.Errors) != 0 {
		t.Errorf("after the fix: %+v", s)
	}
	mu.Lock()
	if len(calls) != 3 {
		t.Errorf("%d builds, want 3: %q", len(calls), calls)
	}
	mu.Unlock()
	close(batches)
	<-done
}

func TestPreviewHandler(t *testing.T) {
	h := Preview(testServer(), &Hub{})
	for _, tt := range []struct {
		method, target string
		code           int
		ctype          string
	}{
		{"GET", "/_tribune/reload.js", 200, "text/javascript; charset=utf-8"},
		{"GET", "/_tribune/reload.css", 200, "text/css; charset=utf-8"},
		{"GET", "/_tribune/other", 404, ""},
		{"POST", "/_tribune/events", 405, ""},
		{"DELETE", "/tribunes/", 405, ""},
		{"GET", "/../_tribune/reload.js", 400, ""},
		{"GET", "/tribunes/%2e%2e/%2e%2e/etc/passwd", 400, ""},
		{"GET", "/tribunes/", 200, "text/html; charset=utf-8"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
		if rec.Code != tt.code || (tt.ctype != "" && rec.Header().Get("Content-Type") != tt.ctype) {
			t.Errorf("%s %s: %d %q", tt.method, tt.target, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/_tribune/reload.js", nil))
	if !strings.Contains(rec.Body.String(), `new EventSource("/_tribune/events")`) {
		t.Error("reload.js does not listen to the events")
	}
}

// The server keeps answering through a burst of concurrent requests while
// snapshots are published (bounded, loopback only).
func TestConcurrentRequestsDuringRebuilds(t *testing.T) {
	srv := testServer()
	ts := httptest.NewServer(Preview(srv, &Hub{}))
	defer ts.Close()
	stop := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			srv.Publish(Files{"index.html": []byte("<p>v" + strings.Repeat("x", i%50) + "</p>"), "404.html": []byte("x")})
		}
	}()
	defer close(stop)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				r, err := http.Get(ts.URL + "/")
				if err != nil {
					errs <- err
					return
				}
				var b strings.Builder
				bufio.NewReader(r.Body).WriteTo(&b)
				r.Body.Close()
				if r.StatusCode != 200 || !strings.HasPrefix(b.String(), "<p>v") {
					errs <- &httpErr{r.StatusCode, b.String()}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

type httpErr struct {
	code int
	body string
}

func (e *httpErr) Error() string { return e.body }
