// Package publish minifies a build's files by media type and writes them to
// the output folder atomically: everything goes into a temporary sibling
// folder that replaces the previous output only once complete, so a failed
// build leaves the previous output as it was and stale files disappear.
package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
	"golang.org/x/sync/errgroup"

	"tribune/internal/locale"
)

// Minifier minifies by file extension. It is safe for concurrent use.
type Minifier struct {
	m *minify.M
	// tmpl minifies the text of html/template layouts, leaving their
	// actions as they are.
	tmpl *minify.M
}

// htmlOptions are the HTML minifier's settings: what it keeps makes the
// output valid wherever a fragment of it lands.
var htmlOptions = html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true}

// NewMinifier sets up the minifiers for HTML, CSS, JS, SVG, JSON and XML.
func NewMinifier() *Minifier {
	m := minify.New()
	h := htmlOptions
	m.Add("text/html", &h)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	t := minify.New()
	ht := htmlOptions
	ht.TemplateDelims = html.GoTemplateDelims
	t.Add("text/html", &ht)
	t.AddFunc("text/css", css.Minify)
	t.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	t.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	return &Minifier{m: m, tmpl: t}
}

// Template minifies the text of an html/template layout, its actions
// kept as written.
func (m *Minifier) Template(name string, src []byte) ([]byte, error) {
	out, err := m.tmpl.Bytes("text/html", src)
	if err != nil {
		return nil, fmt.Errorf("minify layout %s: %w", name, err)
	}
	return out, nil
}

// AppendHTML appends the minified form of b, a fragment of HTML such as a
// converted Markdown body, to dst.
func (m *Minifier) AppendHTML(dst *bytes.Buffer, b []byte) error {
	return m.m.MinifyMimetype(htmlType, dst, buffer.NewReader(b), nil)
}

var htmlType = []byte("text/html")

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".mjs":  "application/javascript",
	".svg":  "image/svg+xml",
	".json": "application/json",
	".xml":  "application/xml",
}

// Minify returns data minified according to the name's extension, or data
// itself for other files.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		return data, nil
	}
	out, err := m.m.Bytes(mt, data)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return out, nil
}

// CheckPath reports whether name is a clean relative slash path that stays
// inside the output folder.
func CheckPath(name string) error {
	switch {
	case name == "" || name == ".":
		return errors.New("empty output path")
	case strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0):
		return fmt.Errorf("output path %q is not a relative slash path", name)
	case path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../"):
		return fmt.Errorf("output path %q is not clean or leaves the output folder", name)
	}
	return nil
}

// Write replaces the folder out with exactly files. Nothing under out
// changes unless every file was written.
func Write(ctx context.Context, out string, files map[string][]byte) error {
	for name := range files {
		if err := CheckPath(name); err != nil {
			return err
		}
	}
	st, err := Begin(ctx, out, Kept)
	if err != nil {
		return err
	}
	for name, data := range files {
		st.Put(name, data)
	}
	return st.Commit()
}

// Marker is the file tribune puts at the top of every output folder it
// makes: a folder that holds other files and no marker was not made by
// tribune, and tribune does not replace it.
const Marker = ".tribune-output"

const markerText = "Ce dossier est produit par tribune : il est remplacé à chaque construction.\n" +
	"This folder is made by tribune: every build replaces it.\n"

// Kept are the entries at the top of an output folder that every build
// keeps as they were: a version-control repository (a GitHub Pages
// worktree) and the file naming a host's custom domain.
var Kept = []string{".git", "CNAME"}

// CheckOutput says whether the folder out may receive a build: it does
// not exist, or is empty but for what builds keep (keep), or was made by
// tribune (it holds Marker).
func CheckOutput(out string, keep []string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		if info, serr := os.Stat(out); serr == nil && !info.IsDir() {
			return locale.M("%s is a file, not a folder", out)
		}
		return err
	}
	var others []string
	for _, e := range entries {
		switch {
		case e.Name() == Marker:
			return nil
		case slices.Contains(keep, e.Name()):
		default:
			others = append(others, e.Name())
		}
	}
	if len(others) > 0 {
		return locale.M("%s holds files that tribune did not make (%s): tribune replaces only the folders it made; empty it, or choose another folder", out, strings.Join(others[:min(3, len(others))], ", "))
	}
	return nil
}

// A Stage writes a build's files into a temporary sibling of the output
// folder while the build goes on, then puts it in place of the output
// folder (Commit) or removes it (Abort). Until Commit, the output folder
// does not change. Files are written through an os.Root of the temporary
// folder: no path can lead a write out of it.
type Stage struct {
	tmp  string
	root *os.Root // tmp
	out  string
	keep []string
	made []string // folders Begin created, deepest first
	g    *errgroup.Group
	ctx  context.Context

	mu    sync.Mutex
	count int
}

// Begin starts writing a new version of the folder out, which must pass
// CheckOutput. Commit moves into the new version the entries of the old
// one named in keep. Begin removes what builds that were killed left
// beside out.
func Begin(ctx context.Context, out string, keep []string) (*Stage, error) {
	out = filepath.Clean(out)
	if err := CheckOutput(out, keep); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	// The folders made for the output's parent are removed again if the
	// build fails: a failed build leaves no trace.
	var made []string
	for d := parent; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		made = append(made, d)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeLeftovers(parent, filepath.Base(out))
	st := &Stage{out: out, keep: keep, made: made}
	tmp, err := os.MkdirTemp(parent, tempPrefix(filepath.Base(out))+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		st.unmake()
		return nil, err
	}
	st.tmp = tmp
	if err := os.Chmod(tmp, 0o755); err != nil {
		st.Abort()
		return nil, err
	}
	if st.root, err = os.OpenRoot(tmp); err != nil {
		st.Abort()
		return nil, err
	}
	if err := st.root.WriteFile(Marker, []byte(markerText), 0o644); err != nil {
		st.Abort()
		return nil, err
	}
	st.count = 1
	// Writes mostly wait on the file system, so many run at once whatever
	// the number of cores: on a slow disk that is where a build spends its
	// time, alongside the rendering.
	st.g, st.ctx = errgroup.WithContext(ctx)
	st.g.SetLimit(ioWorkers)
	return st, nil
}

// tempPrefix starts the names of the temporary folders of the output
// folder base: ".public.tmp-", then the process id and a number.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// removeLeftovers removes the temporary folders of the output folder base
// in parent that builds killed before they could remove them left: those
// of processes that are gone (and those named in the older way, with no
// process id), holding tribune's marker or nothing.
func removeLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), tempPrefix(base))
		if !ok || !e.IsDir() {
			continue
		}
		pid, num, two := strings.Cut(rest, "-")
		if !two {
			pid, num = "", rest
		}
		if !allDigits(num) || pid != "" && (!allDigits(pid) || processAlive(pid)) {
			continue
		}
		// Only what a build made: the marker is its first file, and a
		// build killed before writing it left the folder empty.
		dir := filepath.Join(parent, e.Name())
		if _, err := os.Lstat(filepath.Join(dir, Marker)); err == nil {
			os.RemoveAll(dir)
		} else if entries, err := os.ReadDir(dir); err == nil && len(entries) == 0 {
			os.Remove(dir)
		}
	}
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// ioWorkers bounds the files being written at once.
const ioWorkers = 16

// Put writes the file name (a slash path inside the output folder), as
// soon as a writer is free; the stage owns data from now on. Errors are
// reported by Commit.
func (st *Stage) Put(name string, data []byte) {
	st.g.Go(func() error {
		if err := st.ctx.Err(); err != nil {
			return err
		}
		if err := CheckPath(name); err != nil {
			return err
		}
		if dir := path.Dir(name); dir != "." {
			if err := st.root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		if err := st.root.WriteFile(name, data, 0o644); err != nil {
			return err
		}
		st.mu.Lock()
		st.count++
		st.mu.Unlock()
		return nil
	})
}

// Count is how many files were written so far, the marker included.
func (st *Stage) Count() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.count
}

// finish waits for the files being written.
func (st *Stage) finish() error {
	if st.g == nil {
		return nil
	}
	err := st.g.Wait()
	st.g = nil
	if st.root != nil {
		st.root.Close()
	}
	return err
}

// Commit waits for the files being written and puts the new folder in
// place of the output folder, with the entries of the old one it keeps;
// on any error it removes the new folder instead, and the output folder
// is as it was.
func (st *Stage) Commit() error {
	if err := st.finish(); err != nil {
		st.Abort()
		return locale.M("write %s: %v", st.out, err)
	}
	if err := removable(st.out); err != nil {
		st.Abort()
		return err
	}
	var moved []string
	for _, name := range st.keep {
		from, to := filepath.Join(st.out, name), filepath.Join(st.tmp, name)
		if _, err := os.Lstat(from); err != nil {
			continue
		}
		if _, err := os.Lstat(to); err == nil {
			continue // the site makes it
		}
		if err := os.Rename(from, to); err != nil {
			st.unkeep(moved)
			st.Abort()
			return locale.M("replace %s: %v", st.out, err)
		}
		moved = append(moved, name)
	}
	if err := swap(st.tmp, st.out); err != nil {
		st.unkeep(moved)
		st.Abort()
		return locale.M("replace %s: %v", st.out, err)
	}
	return nil
}

// unkeep puts back into the output folder the entries Commit moved.
func (st *Stage) unkeep(moved []string) {
	for _, name := range moved {
		os.Rename(filepath.Join(st.tmp, name), filepath.Join(st.out, name))
	}
}

// removable checks that the folder out, if it exists, can be removed
// whole once replaced: a folder of it that cannot be written to would
// leave the old output half removed.
func removable(out string) error {
	return filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == out {
			return filepath.SkipAll
		}
		if err != nil {
			return err
		}
		if d.IsDir() && !writable(p) {
			return locale.M("%s cannot be replaced: its folder %s cannot be written to; make it writable (chmod -R u+w %s) and build again", out, p, out)
		}
		return nil
	})
}

// Abort waits for the files being written and removes the new folder: the
// output folder stays as it was.
func (st *Stage) Abort() {
	st.finish()
	os.RemoveAll(st.tmp)
	st.unmake()
}

// unmake removes the folders Begin made, if nothing else went in them.
func (st *Stage) unmake() {
	for _, d := range st.made {
		if os.Remove(d) != nil {
			return
		}
	}
}

// swap puts the folder tmp in place of out: atomically where the system
// can exchange two names in one call (Linux's renameat2 with
// RENAME_EXCHANGE), else by two renames, between which out is missing.
func swap(tmp, out string) error {
	info, err := os.Lstat(out)
	if errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return locale.M("output %s exists and is not a folder", out)
	}
	if exchange(tmp, out) == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous output
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}
