package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fsnotify/fsnotify"
	"testing/synctest"
	"time"
)

func TestIgnored(t *testing.T) {
	for p, want := range map[string]bool{
		"site.toml":                     false,
		"content/tribunes/x.md":         false,
		"layouts/partials/footer.html":  false,
		"static/css/style.css":          false,
		"content/tribunes/.x.md.swp":    true,
		"content/tribunes/.x.md.swx":    true,
		"content/tribunes/x.md~":        true,
		"content/tribunes/#x.md#":       true,
		"content/tribunes/.#x.md":       true,
		"content/tribunes/4913":         true,
		"content/tribunes/x.md.tmp":     true,
		"content/x.md___jb_tmp___":      true,
		"content/x.md___jb_old___":      true,
		"content/.goutputstream-ABC123": true,
		"content/tribunes/sedAb12Cd":    true, // sed -i
		"content/tribunes/sed.md":       false,
		"content/tribunes/sediment.md":  false,
		"content/x.md.tmp.93809.4dbd82": true,
		"content/x.md.crswap":           true, // VS Code for the web
		"content/x.md.kate-swp":         true,
		"content/x.md.bck":              true, // Helix
		"static/.DS_Store":              true,
		"public/index.html":             true,
		".git/index":                    true,
		".tribune/next-change":          true,
		"README.md":                     true,
		"site.toml~":                    true,
		"content":                       false,
		"contents/x.md":                 true,
	} {
		if got := Ignored(p); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", p, got, want)
		}
	}
}

// Classify sees through editors' save sequences: each gives the one file
// saved.
func TestClassifyEditorSaves(t *testing.T) {
	const f = "content/tribunes/x.md"
	tests := map[string][]Event{
		"plain write": {{f, Write}, {f, Write}, {f, Chmod}},
		"vim (backup, then new file)": {
			{"content/tribunes/4913", Create}, {"content/tribunes/4913", Remove},
			{f, Rename}, {"content/tribunes/x.md~", Create}, {f, Create}, {f, Write}, {f, Chmod},
			{"content/tribunes/x.md~", Remove},
			{"content/tribunes/.x.md.swp", Write},
		},
		"atomic rename (VS Code, gedit, sed -i)": {
			{"content/tribunes/.goutputstream-XYZ", Create}, {"content/tribunes/.goutputstream-XYZ", Write},
			{"content/tribunes/.goutputstream-XYZ", Rename}, {f, Create},
		},
		"JetBrains safe write": {
			{f + "___jb_tmp___", Create}, {f + "___jb_tmp___", Write}, {f, Rename},
			{f + "___jb_old___", Create}, {f + "___jb_tmp___", Rename}, {f, Create}, {f + "___jb_old___", Remove},
		},
		"emacs": {{"content/tribunes/.#x.md", Create}, {"content/tribunes/#x.md#", Write}, {f, Write}, {"content/tribunes/.#x.md", Remove}},
	}
	for name, events := range tests {
		if got := Classify(events); !slices.Equal(got, []string{f}) {
			t.Errorf("%s: Classify = %q", name, got)
		}
	}
	if got := Classify([]Event{{"content/.x.swp", Write}, {"public/a.html", Write}, {f, Chmod}}); len(got) != 0 {
		t.Errorf("irrelevant batch classified as %q", got)
	}
	got := Classify([]Event{{"static/b.css", Write}, {"site.toml", Write}, {"static/a.css", Create}, {"static/b.css", Write}})
	if !slices.Equal(got, []string{"site.toml", "static/a.css", "static/b.css"}) {
		t.Errorf("Classify = %q", got)
	}
}

func TestBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		in := make(chan Event)
		out := make(chan []Event, 10)
		go Batch(ctx, in, 15*time.Millisecond, 100*time.Millisecond, out)
		// A save: three events within a few milliseconds make one batch.
		for _, op := range []Op{Create, Write, Rename} {
			in <- Event{"content/x.md", op}
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		synctest.Wait()
		if b := <-out; len(b) != 3 {
			t.Errorf("first batch has %d events", len(b))
		}
		// Two saves 50 ms apart make two batches.
		in <- Event{"content/a.md", Write}
		time.Sleep(50 * time.Millisecond)
		in <- Event{"content/b.md", Write}
		time.Sleep(50 * time.Millisecond)
		synctest.Wait()
		if len(out) != 2 {
			t.Fatalf("%d batches, want 2", len(out))
		}
		<-out
		<-out
		// A steady stream is cut at the maximum delay.
		start := time.Now()
		for time.Since(start) < 250*time.Millisecond {
			in <- Event{"content/c.md", Write}
			time.Sleep(5 * time.Millisecond)
		}
		synctest.Wait()
		if n := len(out); n < 2 {
			t.Errorf("a 250 ms stream gave %d batches, want at least 2", n)
		}
	})
}

func TestWatcherFollowsNewFolders(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/tribunes", "layouts", "static"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := Watch(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	want := map[string]bool{"content/tribunes/a.md": false, "content/nouveau/dossier/b.md": false, "site.toml": false, "static/css/x.css": false}
	write := func(p string) {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/tribunes/a.md")
	write("site.toml")
	// A folder tree created at once: its file may be written before the
	// watcher sees the folder, and must be reported anyway.
	write("content/nouveau/dossier/b.md")
	write("static/css/x.css")
	deadline := time.After(5 * time.Second)
	for {
		done := true
		for _, seen := range want {
			done = done && seen
		}
		if done {
			break
		}
		select {
		case e := <-w.Events:
			if _, ok := want[e.Path]; ok {
				want[e.Path] = true
			}
		case <-deadline:
			t.Fatalf("events missing: %v", want)
		}
	}
	// A later write in the new folder is seen too.
	write("content/nouveau/dossier/c.md")
	for {
		select {
		case e := <-w.Events:
			if e.Path == "content/nouveau/dossier/c.md" {
				return
			}
		case <-deadline:
			t.Fatal("no event for a file in a folder created after the start")
		}
	}
}

// TestWatcherFollowsRenamedFolders: after a folder is renamed, the files
// saved in it under its new name are still seen.
func TestWatcherFollowsRenamedFolders(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"content/tribunes/a.md", "static/images/x.png"} {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := Watch(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, mv := range [][2]string{{"content/tribunes", "content/opinions"}, {"static/images", "static/photos"}, {"content/opinions", "content/tribunes"}} {
		if err := os.Rename(filepath.Join(root, mv[0]), filepath.Join(root, mv[1])); err != nil {
			t.Fatal(err)
		}
		// Let the watcher take the rename in, then save in the folder.
		time.Sleep(200 * time.Millisecond)
		saved := mv[1] + "/b.md"
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(saved)), []byte("y"), 0o644); err != nil {
			t.Fatal(err)
		}
		deadline := time.After(3 * time.Second)
	wait:
		for {
			select {
			case e := <-w.Events:
				if e.Path == saved {
					break wait
				}
			case <-deadline:
				t.Fatalf("after renaming %s to %s, no event for %s", mv[0], mv[1], saved)
			}
		}
	}
}

// TestClassifyOverflow: when the system lost events, everything is read
// again.
func TestClassifyOverflow(t *testing.T) {
	got := Classify([]Event{{"content/a.md", Write}, {Everything, Write}})
	if len(got) != 1 || got[0] != Everything {
		t.Errorf("Classify = %q, want %q", got, Everything)
	}
}

// TestWatcherOverflow: when the system's queue overflowed, the watcher says
// that everything is to be read again.
func TestWatcherOverflow(t *testing.T) {
	w, err := Watch(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.w.Errors <- fsnotify.ErrEventOverflow
	select {
	case e := <-w.Events:
		if e.Path != Everything {
			t.Errorf("event %+v, want %q", e, Everything)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no event after an overflow")
	}
}
