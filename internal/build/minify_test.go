package build

import (
	"bytes"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"tribune/bench/corpus"
	"tribune/internal/publish"
)

// TestPreMinifiedPagesAsMinified builds sites minified (layouts minified as
// templates, Markdown bodies when converted) and not minified: every page
// of the first must be, once minified again, its page of the second
// minified whole, and about as small as that.
func TestPreMinifiedPagesAsMinified(t *testing.T) {
	min := publish.NewMinifier()
	for _, s := range comparisonSites(t, 60, 5) {
		for _, preview := range []bool{false, true} {
			b := New(s.fsys, nil)
			pre, err := runWith(t.Context(), b, Options{At: s.at, Preview: preview, Minify: true, EmbargoKey: demoKey})
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if !b.layouts.t.Minified() {
				t.Fatalf("%s: the layouts were not minified", s.name)
			}
			plain, err := runFS(t.Context(), s.fsys, Options{At: s.at, Preview: preview, EmbargoKey: demoKey})
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			var preSize, postSize int
			for name, page := range plain.Files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				// The fingerprints of the stylesheets and scripts and the sizes
				// of SVG files differ: static files are minified in one build
				// only.
				page = normal(page)
				want, err := min.Minify(name, page)
				if err != nil {
					t.Fatal(err)
				}
				got, ok := pre.Files[name]
				if !ok {
					t.Errorf("%s: no %s", s.name, name)
					continue
				}
				got = normal(got)
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

var (
	fingerprint = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js)\b`)
	size        = regexp.MustCompile(`\d+(,\d)? (octets|Ko|Mo|bytes|KB|MB)`)
)

func normal(page []byte) []byte {
	return size.ReplaceAll(fingerprint.ReplaceAll(page, []byte(".$1")), []byte("N"))
}

type comparisonSite struct {
	name string
	fsys fs.FS
	at   time.Time
}

// comparisonSites are the demo site, a generated corpus of n statements
// and the test sites.
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

// TestDeterministicEverywhere builds every comparison site twice, in both
// modes: the same bytes, whatever order the files were made in.
func TestDeterministicEverywhere(t *testing.T) {
	for _, s := range comparisonSites(t, 80, 9) {
		for _, opts := range []Options{{At: s.at, Minify: true, EmbargoKey: demoKey}, {At: s.at, Preview: true, EmbargoKey: demoKey}} {
			a, err := runFS(t.Context(), s.fsys, opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			b, err := runFS(t.Context(), s.fsys, opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if len(a.Files) != len(b.Files) || a.Count != len(a.Files) {
				t.Errorf("%s: %d files, then %d (count %d)", s.name, len(a.Files), len(b.Files), a.Count)
			}
			for name, data := range a.Files {
				if !bytes.Equal(b.Files[name], data) {
					t.Errorf("%s: %s differs between two builds", s.name, name)
				}
			}
		}
	}
}
