package build

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tribune/bench/corpus"
	"tribune/internal/publish"
	"tribune/internal/render"
)

// TestFastTemplatesMatchHTMLTemplate builds sites twice, with the layouts
// run by texec and by html/template alone, and wants the same bytes in
// every file; and on the built-in layouts, texec must have left nothing
// to html/template.
func TestFastTemplatesMatchHTMLTemplate(t *testing.T) {
	sites := comparisonSites(t, 80, 3)
	defer func() { render.Slow = false }()
	for _, s := range sites {
		for _, preview := range []bool{false, true} {
			// Minified builds run the minified layouts' trees.
			opts := Options{At: s.at, Preview: preview, Minify: preview}
			render.Slow = false
			b := New(s.fsys)
			fast, err := b.Run(t.Context(), opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if n := b.lastTmpl.Fallbacks(); n != 0 {
				t.Errorf("%s (preview %v): %d executions left to html/template", s.name, preview, n)
			}
			render.Slow = true
			slow, err := New(s.fsys).Run(t.Context(), opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if len(fast.Files) != len(slow.Files) {
				t.Errorf("%s: %d files against %d", s.name, len(fast.Files), len(slow.Files))
			}
			for name, want := range slow.Files {
				if got := fast.Files[name]; !bytes.Equal(got, want) {
					t.Errorf("%s (preview %v): %s differs:\n texec         %.300q\n html/template %.300q", s.name, preview, name, got, want)
				}
			}
		}
	}
}

// TestPreMinifiedPagesAsMinified builds sites with minified layouts and
// bodies (the default) and by minifying each whole page instead: every page
// must be the same once minified, and about as small as it.
func TestPreMinifiedPagesAsMinified(t *testing.T) {
	sites := comparisonSites(t, 60, 5)
	min := publish.NewMinifier()
	defer func() { preMinify = true }()
	for _, s := range sites {
		for _, preview := range []bool{false, true} {
			opts := Options{At: s.at, Preview: preview, Minify: true}
			preMinify = true
			b := New(s.fsys)
			pre, err := b.Run(t.Context(), opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if !b.lastTmpl.Minified() {
				t.Fatalf("%s: the layouts were not minified", s.name)
			}
			preMinify = false
			post, err := New(s.fsys).Run(t.Context(), opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			var preSize, postSize int
			for name, want := range post.Files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				got, ok := pre.Files[name]
				if !ok {
					t.Errorf("%s: no %s", s.name, name)
					continue
				}
				preSize += len(got)
				postSize += len(want)
				canon, err := min.Minify(name, got)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(canon, want) {
					t.Errorf("%s (preview %v): %s differs once minified:\n pre  %.400q\n post %.400q", s.name, preview, name, canon, want)
				}
			}
			if float64(preSize) > 1.01*float64(postSize) {
				t.Errorf("%s: pages from minified layouts weigh %d bytes, against %d minified whole", s.name, preSize, postSize)
			}
		}
	}
}

type comparisonSite struct {
	name string
	fsys fs.FS
	at   time.Time
}

// comparisonSites are the sites built two ways and compared: the demo
// site, a generated corpus of n statements and the test sites.
func comparisonSites(t *testing.T, n int, seed int64) []comparisonSite {
	t.Helper()
	open := func(dir string) fs.FS {
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { root.Close() })
		return root.FS()
	}
	gen := t.TempDir()
	if err := corpus.Write(gen, n, seed); err != nil {
		t.Fatal(err)
	}
	demoAt := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	return []comparisonSite{
		{"demo", open("../.."), demoAt},
		{"corpus", open(gen), demoAt},
		{"basic", loadTxtar(t, "basic.txtar"), at},
		{"newsroom", newsroomFS(t), at},
		{"feeds", loadTxtar(t, "feeds.txtar"), at},
		{"readers", readersFS(t), at},
	}
}

// TestLayoutsTexecLeavesAlone: a site's own layout using what texec does
// not run (index, slice, a map with a missing key guarded by with…) builds
// the same through html/template.
func TestLayoutsTexecLeavesAlone(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	fsys["layouts/tribune.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}
<h1>{{.Page.Title}}</h1>
{{with .Page.Tags}}<p>{{(index . 0).Name}}</p>{{end}}
<p>{{slice .Page.Title 0 3}}</p>
<a href="{{.Page.URL}}" title="{{.Body .Page}}">x</a>
{{end}}`)}
	defer func() { render.Slow = false }()
	for _, minify := range []bool{false, true} {
		opts := Options{At: at, Minify: minify}
		render.Slow = false
		b := New(fsys)
		fast, err := b.Run(t.Context(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if b.lastTmpl.Fallbacks() == 0 {
			t.Error("texec ran a layout it should leave to html/template")
		}
		render.Slow = true
		slow, err := New(fsys).Run(t.Context(), opts)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range slow.Files {
			if !bytes.Equal(fast.Files[name], want) {
				t.Errorf("minify %v: %s differs", minify, name)
			}
		}
		p := string(fast.Files["tribunes/l-ecole-premier-rempart/index.html"])
		// html/template strips the tags of the body in the attribute.
		if !strings.Contains(p, `<a href="/tribunes/l-ecole-premier-rempart/" title="`) || strings.Contains(p, `title="<`) {
			i := strings.Index(p, "<h1>")
			t.Errorf("the layout's output is missing: %.300q", p[max(i, 0):])
		}
	}
}
