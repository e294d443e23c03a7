package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"tribune/bench/corpus"
	"tribune/internal/serve"
)

// BenchmarkServeEditToPage measures, on sites of 4,000 and 10,000
// generated statements, the time from the moment an edit of one statement
// is written to the moment the browser has the edited page: the preview
// sees the change, loads the site again, renders the page and tells the
// browser, which asks for it. Run it with -benchtime=60x: it reports the
// median and the 95th percentile, and the time serve took to start.
func BenchmarkServeEditToPage(b *testing.B) {
	for _, n := range []int{4000, 10000} {
		b.Run(fmt.Sprintf("statements=%d", n), func(b *testing.B) { editToPage(b, n) })
	}
}

func editToPage(b *testing.B, n int) {
	dir := b.TempDir()
	if err := corpus.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	p := startPreview(b, dir)
	cold := time.Since(start)
	ev := p.events()
	last := ev.next(b, func(serve.Status) bool { return true }).ID
	files, _ := filepath.Glob(filepath.Join(dir, "content", "tribunes", "*.md"))
	sort.Strings(files)
	var target string
	for _, f := range files {
		if !strings.HasSuffix(f, "_index.md") {
			target = f
			break
		}
	}
	orig, err := os.ReadFile(target)
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		data := string(orig) + fmt.Sprintf("\nÉdition numéro %d.\n", i)
		if err := os.WriteFile(target, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		s := ev.next(b, func(s serve.Status) bool { return s.ID > last || len(s.Errors) > 0 })
		if len(s.Errors) > 0 {
			b.Fatalf("build errors: %v", s.Errors)
		}
		code, page := p.get(s.URL)
		lat = append(lat, time.Since(t0))
		if code != 200 || !strings.Contains(page, fmt.Sprintf("Édition numéro %d.", i)) {
			b.Fatalf("%s: status %d, the edit is not there", s.URL, code)
		}
		last = s.ID
		// Let the writer's next save come as a new one.
		time.Sleep(30 * time.Millisecond)
	}
	b.StopTimer()
	if testing.Verbose() {
		out := strings.Split(p.stdout.String(), "\n")
		b.Log(strings.Join(out[max(0, len(out)-6):], "\n"))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-p50")
	b.ReportMetric(ms(lat[(len(lat)*95)/100]), "ms-p95")
	b.ReportMetric(float64(cold.Milliseconds()), "ms-cold-start")
	b.ReportMetric(0, "ns/op")
}
