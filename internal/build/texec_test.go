package build

import (
	"bytes"
	"io/fs"
	"os"
	"testing"
	"time"

	"tribune/internal/corpus"
	"tribune/internal/render"
)

// TestFastTemplatesMatchHTMLTemplate builds sites twice, with the layouts
// run by texec and by html/template alone, and wants the same bytes in
// every file; and on the built-in layouts, texec must have left nothing
// to html/template.
func TestFastTemplatesMatchHTMLTemplate(t *testing.T) {
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	gen := t.TempDir()
	if err := corpus.Write(gen, 80, 3); err != nil {
		t.Fatal(err)
	}
	genRoot, err := os.OpenRoot(gen)
	if err != nil {
		t.Fatal(err)
	}
	defer genRoot.Close()
	demoAt := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	sites := []struct {
		name string
		fsys fs.FS
		at   time.Time
	}{
		{"demo", root.FS(), demoAt},
		{"corpus", genRoot.FS(), demoAt},
		{"basic", loadTxtar(t, "basic.txtar"), at},
		{"newsroom", newsroomFS(t), at},
		{"feeds", loadTxtar(t, "feeds.txtar"), at},
		{"readers", readersFS(t), at},
	}
	defer func() { render.Slow = false }()
	for _, s := range sites {
		for _, preview := range []bool{false, true} {
			opts := Options{At: s.at, Preview: preview}
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
