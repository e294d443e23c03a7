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

	"tribune/internal/parallel"
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
	st, err := Begin(ctx, out)
	if err != nil {
		return err
	}
	for name, data := range files {
		st.Put(name, data, nil)
	}
	return st.Commit()
}

// A Stage writes a build's files into a temporary sibling of the output
// folder while the build goes on, then puts it in place of the output
// folder (Commit) or removes it (Abort). Until Commit, the output folder
// does not change.
type Stage struct {
	ctx  context.Context
	tmp  string
	dir  stageDir // tmp, open
	out  string
	made []string // folders Begin created, deepest first
	jobs chan stageJob
	wg   sync.WaitGroup
	dirs sync.Map // folder → *dirOnce

	mu    sync.Mutex
	errs  []error
	count int
}

type stageJob struct {
	name string
	data []byte
	done func()
}

type dirOnce struct {
	once sync.Once
	err  error
}

// Begin starts writing a new version of the folder out.
func Begin(ctx context.Context, out string) (*Stage, error) {
	out = filepath.Clean(out)
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
	st := &Stage{ctx: ctx, out: out, made: made, jobs: make(chan stageJob, 256)}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		st.unmake()
		return nil, err
	}
	st.tmp = tmp
	if err := os.Chmod(tmp, 0o755); err != nil {
		st.Abort()
		return nil, err
	}
	if st.dir, err = openStageDir(tmp); err != nil {
		st.Abort()
		return nil, err
	}
	// Writes mostly wait on the file system, so many run at once whatever
	// the number of cores: on a slow disk that is where a build spends
	// its time, now alongside the rendering.
	for range ioWorkers {
		st.wg.Add(1)
		go func() {
			defer st.wg.Done()
			for j := range st.jobs {
				st.write(j.name, j.data)
				if j.done != nil {
					j.done()
				}
			}
		}()
	}
	return st, nil
}

// Put queues the file name (a slash path inside the output folder) for
// writing. data must not change until done (when not nil) is called, once
// it is written; without done, it must not change at all. Errors are
// reported by Commit.
func (st *Stage) Put(name string, data []byte, done func()) {
	if err := CheckPath(name); err != nil {
		st.fail(err)
		if done != nil {
			done()
		}
		return
	}
	st.jobs <- stageJob{name, data, done}
}

func (st *Stage) fail(err error) {
	st.mu.Lock()
	st.errs = append(st.errs, err)
	st.mu.Unlock()
}

func (st *Stage) write(name string, data []byte) {
	if st.ctx.Err() != nil {
		return
	}
	if err := st.mkdir(path.Dir(name)); err != nil {
		st.fail(err)
		return
	}
	if err := st.dir.writeFile(filepath.FromSlash(name), data); err != nil {
		st.fail(err)
		return
	}
	st.mu.Lock()
	st.count++
	st.mu.Unlock()
}

// mkdir creates the folder dir of the stage and its parents, each once.
func (st *Stage) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	v, _ := st.dirs.LoadOrStore(dir, &dirOnce{})
	d := v.(*dirOnce)
	d.once.Do(func() {
		if d.err = st.mkdir(path.Dir(dir)); d.err == nil {
			d.err = st.dir.mkdir(filepath.FromSlash(dir))
		}
	})
	return d.err
}

// Count is how many files were written so far.
func (st *Stage) Count() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.count
}

func (st *Stage) finish() error {
	if st.jobs != nil {
		close(st.jobs)
		st.wg.Wait()
		st.jobs = nil
		st.dir.close()
	}
	if err := st.ctx.Err(); err != nil {
		return err
	}
	return errors.Join(st.errs...)
}

// Commit waits for the queued files and puts the new folder in place of
// the output folder; on any error it removes the new folder instead.
func (st *Stage) Commit() error {
	if err := st.finish(); err != nil {
		st.Abort()
		return err
	}
	if err := swap(st.tmp, st.out); err != nil {
		st.Abort()
		return err
	}
	return nil
}

// Abort waits for the queued files and removes the new folder: the output
// folder stays as it was.
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

// ioWorkers bounds the file operations in flight.
const ioWorkers = 16

func parallelIO(n int, f func(i int)) { parallel.ForN(n, ioWorkers, f) }

// swap puts the folder tmp in place of out: atomically where the system
// can exchange two names, else by two renames.
func swap(tmp, out string) error {
	info, err := os.Lstat(out)
	if errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("output %s exists and is not a folder", out)
	}
	if exchange(tmp, out) == nil {
		return removeAll(tmp) // tmp now holds the previous output
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out)
		return err
	}
	return removeAll(old)
}

// removeAll deletes the folder dir like os.RemoveAll, with many file
// removals in flight at once.
func removeAll(dir string) error {
	var files []string
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return os.RemoveAll(dir)
	}
	errs := make([]error, len(files))
	parallelIO(len(files), func(i int) { errs[i] = os.Remove(files[i]) })
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// Children before parents: WalkDir listed parents first.
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Remove(dirs[i]); err != nil {
			return err
		}
	}
	return nil
}
