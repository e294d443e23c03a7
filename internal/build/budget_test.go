package build

import (
	"bytes"
	"compress/gzip"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func gzipped(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

var assetRef = regexp.MustCompile(`(?:href|src)="?(/[^" >]+\.(?:css|js))(?:"|\s|>)`)

// TestBudgets checks the demo site's weight as a reader's browser gets it
// (gzip, as CDNs serve it): a page with its stylesheets and scripts,
// images excluded.
func TestBudgets(t *testing.T) {
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res := buildFS(t, root.FS(), Options{At: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Minify: true, EmbargoKey: demoKey})
	weigh := func(path string) (int, []string) {
		html := page(t, res, path)
		total := gzipped([]byte(html))
		var assets []string
		for _, m := range assetRef.FindAllStringSubmatch(html, -1) {
			data, ok := res.Files[strings.TrimPrefix(m[1], "/")]
			if !ok {
				t.Errorf("%s links %s, which is not in the output", path, m[1])
				continue
			}
			total += gzipped(data)
			assets = append(assets, m[1])
		}
		return total, assets
	}
	var statement string
	for _, p := range res.Site.Statements {
		if p.Kind == "communique" && len(p.Attachments) > 0 {
			statement = p.OutputPath()
		}
	}
	for _, b := range []struct {
		path  string
		limit int
	}{{"index.html", 50 << 10}, {statement, 40 << 10}} {
		size, assets := weigh(b.path)
		t.Logf("%s: %d bytes transferred with %v", b.path, size, assets)
		if size > b.limit {
			t.Errorf("%s weighs %d bytes, over its budget of %d", b.path, size, b.limit)
		}
		css := 0
		for _, a := range assets {
			if strings.HasSuffix(a, ".css") {
				css++
			}
		}
		if css != 1 {
			t.Errorf("%s links %d stylesheets, want one", b.path, css)
		}
	}
	for p, data := range res.Files {
		if strings.HasSuffix(p, ".css") && len(data) > 12<<10 {
			t.Errorf("%s is %d bytes: the stylesheet should stay small", p, len(data))
		}
		if strings.HasPrefix(p, "js/search") && len(data) > 10<<10 {
			t.Errorf("%s is %d bytes minified, over 10 KB", p, len(data))
		}
	}
}
