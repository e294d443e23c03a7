// Package publish minifies a build's files by media type and writes them to
// the output folder atomically: everything goes into a temporary sibling
// folder that replaces the previous output only once complete, so a failed
// build leaves the previous output as it was and stale files disappear.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

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

// HTML minifies a fragment of HTML, such as a converted Markdown body.
func (m *Minifier) HTML(s string) (string, error) {
	return m.m.String("text/html", s)
}

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
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeAll(ctx, tmp, files); err != nil {
		return err
	}
	if err := swap(tmp, out); err != nil {
		return err
	}
	ok = true
	return nil
}

func writeAll(ctx context.Context, root string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	// Folders first, parents before children, then files. Both are mostly
	// waiting on the file system, so many run at once whatever the number
	// of cores: on a slow disk that is where a build spends its time.
	dirSet := map[string]bool{}
	for _, name := range names {
		for d := path.Dir(name); d != "." && !dirSet[d]; d = path.Dir(d) {
			dirSet[d] = true
		}
	}
	byDepth := map[int][]string{}
	maxDepth := 0
	for d := range dirSet {
		n := strings.Count(d, "/")
		byDepth[n] = append(byDepth[n], d)
		maxDepth = max(maxDepth, n)
	}
	for depth := 0; depth <= maxDepth; depth++ {
		dirs := byDepth[depth]
		errs := make([]error, len(dirs))
		parallelIO(len(dirs), func(i int) {
			errs[i] = os.Mkdir(filepath.Join(root, filepath.FromSlash(dirs[i])), 0o755)
		})
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	errs := make([]error, len(names))
	parallelIO(len(names), func(i int) {
		if ctx.Err() != nil {
			return
		}
		errs[i] = os.WriteFile(filepath.Join(root, filepath.FromSlash(names[i])), files[names[i]], 0o644)
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
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
