package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Op is what happened to a path.
type Op int

const (
	Create Op = iota
	Write
	Remove
	Rename
	Chmod
)

// Everything is the path of an event that says that changes were lost:
// every file is to be read again.
const Everything = "."

// Event is a change of a path, a slash path relative to the site's root.
type Event struct {
	Path string
	Op   Op
}

// Watched are the parts of a site whose changes matter.
var watched = []string{"content", "layouts", "static"}

// ConfigFile is the settings file at the site's root.
const ConfigFile = "site.toml"

// Ignored reports whether a change to path (relative to the site's root)
// is irrelevant: outside the watched parts, or an editor's temporary,
// swap or backup file.
func Ignored(p string) bool {
	if p == ConfigFile {
		return false
	}
	top, _, _ := strings.Cut(p, "/")
	in := false
	for _, w := range watched {
		in = in || top == w
	}
	if !in {
		return true
	}
	base := path.Base(p)
	switch {
	case strings.HasSuffix(base, "~"), // emacs, gedit, kate backups
		strings.HasPrefix(base, ".#"),                                                                     // emacs lock files
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),                                      // emacs autosave
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"), // vim
		base == "4913",                                                   // vim's write test
		strings.HasSuffix(base, ".tmp"), strings.Contains(base, ".tmp."), // many editors' and tools' atomic saves
		sedTemp.MatchString(base),          // sed -i
		strings.HasSuffix(base, ".crswap"), // VS Code for the web, Chrome's file access
		strings.HasSuffix(base, ".kate-swp"), strings.HasSuffix(base, ".bck"),
		strings.Contains(base, "___jb_tmp___"), strings.Contains(base, "___jb_old___"), // JetBrains
		strings.HasPrefix(base, ".goutputstream-"), // GNOME
		base == ".DS_Store", strings.HasPrefix(base, "._"):
		return true
	}
	return false
}

// sedTemp is the temporary file of sed -i: "sed" and six letters or digits.
var sedTemp = regexp.MustCompile(`^sed[A-Za-z0-9]{6}$`)

// Classify turns a batch of events into the sorted list of site paths to
// rebuild for, each once. It is empty when nothing relevant changed.
func Classify(events []Event) []string {
	seen := map[string]bool{}
	for _, e := range events {
		if e.Path == Everything {
			return []string{Everything}
		}
		if e.Op == Chmod || Ignored(e.Path) {
			continue
		}
		seen[e.Path] = true
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Batch gathers events until quiet has passed without a new one (or max
// since the first), so that one save, even made of several file system
// operations, is one rebuild.
func Batch(ctx context.Context, in <-chan Event, quiet, max time.Duration, out chan<- []Event) {
	defer close(out)
	var batch []Event
	var quietT, maxT <-chan time.Time
	flush := func() {
		if len(batch) > 0 {
			select {
			case out <- batch:
			case <-ctx.Done():
			}
		}
		batch, quietT, maxT = nil, nil, nil
	}
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-in:
			if !ok {
				flush()
				return
			}
			if len(batch) == 0 {
				maxT = time.After(max)
			}
			batch = append(batch, e)
			quietT = time.After(quiet)
		case <-quietT:
			flush()
		case <-maxT:
			flush()
		}
	}
}

// Watcher reports the changes under a site's root, following the folders
// created after it started.
type Watcher struct {
	root   string
	w      *fsnotify.Watcher
	mu     sync.Mutex
	resync *time.Timer
	// Events receives every change, relative to the root; Errors the
	// watcher's own failures.
	Events chan Event
	Errors chan error
}

// Watch starts watching root's content/, layouts/, static/ and site.toml.
func Watch(root string) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, w: fw, Events: make(chan Event, 256), Errors: make(chan error, 8)}
	// The root itself, for site.toml and for watched folders created later.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watched {
		if err := w.addTree(filepath.Join(root, d), false); err != nil {
			fw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// resyncSoon watches again, a moment later, every folder of the watched
// parts: a folder renamed inside them keeps its watch under the system's
// books, which the watcher then drops with the old name; and a lost event
// may have been a new folder.
func (w *Watcher) resyncSoon() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.resync != nil {
		return
	}
	w.resync = time.AfterFunc(50*time.Millisecond, func() {
		w.mu.Lock()
		w.resync = nil
		w.mu.Unlock()
		for _, d := range watched {
			w.addTree(filepath.Join(w.root, d), false)
		}
	})
}

// Close stops the watcher.
func (w *Watcher) Close() error { return w.w.Close() }

// addTree watches dir and its subfolders; with announce, it also reports
// the files already there (a folder moved or created with content inside).
func (w *Watcher) addTree(dir string, announce bool) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return nil // a folder that vanished meanwhile
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return w.w.Add(p)
		}
		if announce {
			w.emit(p, Create)
		}
		return nil
	})
	return err
}

func (w *Watcher) emit(abs string, op Op) {
	rel, err := filepath.Rel(w.root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return
	}
	w.Events <- Event{Path: filepath.ToSlash(rel), Op: op}
}

func (w *Watcher) loop() {
	defer close(w.Events)
	for {
		select {
		case e, ok := <-w.w.Events:
			if !ok {
				return
			}
			op := Write
			switch {
			case e.Has(fsnotify.Create):
				op = Create
				if info, err := os.Lstat(e.Name); err == nil && info.IsDir() {
					rel, _ := filepath.Rel(w.root, e.Name)
					if top, _, _ := strings.Cut(filepath.ToSlash(rel), "/"); isWatched(top) {
						_ = w.addTree(e.Name, true)
					}
				}
			case e.Has(fsnotify.Remove):
				op = Remove
				w.resyncSoon()
			case e.Has(fsnotify.Rename):
				op = Rename
				w.resyncSoon()
			case e.Has(fsnotify.Chmod) && !e.Has(fsnotify.Write):
				op = Chmod
			}
			w.emit(e.Name, op)
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Changes were lost: everything is to be read again.
				w.Events <- Event{Path: Everything, Op: Write}
				w.resyncSoon()
			}
			select {
			case w.Errors <- err:
			default:
			}
		}
	}
}

func isWatched(top string) bool {
	for _, w := range watched {
		if top == w {
			return true
		}
	}
	return false
}
