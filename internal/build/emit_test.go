package build

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// TestEmitGivesTheSameFiles builds sites keeping the files and giving them
// to Emit as they are made: the same files, each once.
func TestEmitGivesTheSameFiles(t *testing.T) {
	for _, s := range comparisonSites(t, 40, 7) {
		for _, opts := range []Options{{At: s.at, Minify: true}, {At: s.at, Preview: true}} {
			kept, err := New(s.fsys).Run(t.Context(), opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			var mu sync.Mutex
			got := map[string][]byte{}
			opts.Emit = func(name string, data []byte, done func()) {
				mu.Lock()
				defer mu.Unlock()
				if _, dup := got[name]; dup {
					t.Errorf("%s: %s emitted twice", s.name, name)
				}
				got[name] = bytes.Clone(data)
				if done != nil {
					done()
				}
			}
			res, err := New(s.fsys).Run(t.Context(), opts)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if res.Files != nil || res.Count != len(kept.Files) || len(got) != len(kept.Files) {
				t.Errorf("%s: emitted %d files (count %d), kept %d", s.name, len(got), res.Count, len(kept.Files))
			}
			for name, want := range kept.Files {
				if !bytes.Equal(got[name], want) {
					t.Errorf("%s: %s differs when emitted", s.name, name)
				}
			}
		}
	}
}

// TestLeakGuardFiresOnEmittedFiles: the guard checks files as they go.
func TestLeakGuardFiresOnEmittedFiles(t *testing.T) {
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	fsys := embargoSite()
	fsys["content/a-propos.md"] = &fstest.MapFile{Data: []byte("---\ntitle: À propos\ndate: 2024-01-01\n---\nVoir [le communiqué](/communiques/communique-sous-embargo-strict/).\n")}
	_, err := New(fsys).Run(context.Background(), Options{At: at, Emit: func(_ string, _ []byte, done func()) {
		if done != nil {
			done()
		}
	}})
	if err == nil || !strings.Contains(err.Error(), "leak guard:") || !strings.Contains(err.Error(), "a-propos/index.html") {
		t.Fatalf("the guard let an emitted page mention a hidden statement: %v", err)
	}
}
