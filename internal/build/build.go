// Package build wires tribune's stages together: read the site (content),
// convert Markdown (markdown), make the model (site), render it (render)
// and minify (publish). It writes nothing: the caller writes the files or
// serves them.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"tribune/internal/content"
	"tribune/internal/markdown"
	"tribune/internal/media"
	"tribune/internal/publish"
	"tribune/internal/render"
	"tribune/internal/site"
	"tribune/internal/theme"
)

// Options are a build's inputs besides the site's files.
type Options struct {
	// At is the build instant, used only for publishing decisions.
	At time.Time
	// BaseURL overrides site.toml's baseURL when not empty.
	BaseURL string
	// Preview includes drafts, embargoed, scheduled and expired pages.
	Preview bool
	// Minify minifies HTML, CSS, JS, SVG, JSON and XML.
	Minify bool
}

// Result is a successful build.
type Result struct {
	Site *site.Site
	// Files maps each output path to its bytes.
	Files map[string][]byte
	// Warnings are problems that did not stop the build.
	Warnings content.ErrorList
	// Timings say how long each stage took, in order.
	Timings []Timing
}

// Timing is the duration of one stage of a build.
type Timing struct {
	Stage string
	D     time.Duration
}

// Builder runs builds of one site. It keeps the parsed and converted
// content of earlier builds so that unchanged files are not read twice.
type Builder struct {
	src   fs.FS
	conv  markdown.Converter
	min   *publish.Minifier
	mu    sync.Mutex
	cache map[string]*entry
}

type entry struct {
	hash uint64
	key  convKey
	file *content.File
	doc  markdown.Doc
}

type convKey struct {
	opts markdown.Options
	loc  string
}

// New returns a Builder for the site rooted at src.
func New(src fs.FS) *Builder {
	return &Builder{src: src, min: publish.NewMinifier(), cache: map[string]*entry{}}
}

// Run builds the site once. Errors are a content.ErrorList naming every
// problem found, when the site has problems.
func (b *Builder) Run(ctx context.Context, opts Options) (*Result, error) {
	r := &pass{mark: time.Now()}
	m, err := b.model(ctx, opts, r)
	if err != nil {
		return nil, err
	}
	tmpl, err := render.Parse(render.Overlay{Top: subFS(b.src, "layouts"), Base: theme.Layouts()})
	if err != nil {
		r.add(err)
	}
	r.stage("model and layouts")
	if tmpl == nil {
		return nil, r.errs.Err()
	}

	extra := render.Extra{}
	if opts.Minify && len(r.errs) == 0 {
		extra.Post = b.min.Minify
	}
	s := m.site
	files, err := tmpl.All(ctx, s, extra)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.add(err)
	}
	if len(r.errs) > 0 {
		return nil, r.errs.Err()
	}
	r.stage("render")
	hidden := map[string]bool{}
	if !opts.Preview {
		for _, f := range s.HiddenFiles {
			hidden[strings.TrimPrefix(f, "/")] = true
		}
	}
	for _, name := range m.staticNames {
		if hidden[name] {
			continue // used only by hidden pages
		}
		if _, ok := files[name]; ok {
			r.add(content.Errorf("static/"+name, content.Pos{}, "this file has the same path as a generated page"))
			continue
		}
		data, err := fs.ReadFile(m.static, name)
		if err != nil {
			r.add(fmt.Errorf("static/%s: %w", name, err))
			continue
		}
		if opts.Minify {
			if data, err = b.min.Minify(name, data); err != nil {
				r.add(fmt.Errorf("static/%s: %w", name, err))
				continue
			}
		}
		files[name] = data
	}
	if len(r.errs) > 0 {
		return nil, r.errs.Err()
	}
	r.stage("static files")
	if !opts.Preview {
		if err := guard(s, files); err != nil {
			return nil, err
		}
		r.stage("leak guard")
	}
	return &Result{Site: s, Files: files, Warnings: m.warnings, Timings: r.timings}, nil
}

// Model builds the site's model only, without rendering: for commands
// that need to know the pages and their states (tribune schedule).
func (b *Builder) Model(ctx context.Context, opts Options) (*site.Site, error) {
	r := &pass{mark: time.Now()}
	m, err := b.model(ctx, opts, r)
	if err != nil {
		return nil, err
	}
	if len(r.errs) > 0 {
		return nil, r.errs.Err()
	}
	return m.site, nil
}

// pass gathers the problems and timings of one build.
type pass struct {
	errs    content.ErrorList
	timings []Timing
	mark    time.Time
}

func (r *pass) stage(name string) {
	now := time.Now()
	r.timings = append(r.timings, Timing{name, now.Sub(r.mark)})
	r.mark = now
}

func (r *pass) add(err error) {
	var l content.ErrorList
	var e *content.Error
	switch {
	case errors.As(err, &l):
		r.errs = append(r.errs, l...)
	case errors.As(err, &e):
		r.errs = append(r.errs, e)
	default:
		r.errs = append(r.errs, content.Errorf("", content.Pos{}, "%v", err))
	}
}

// modelled is what the first stages produce.
type modelled struct {
	site        *site.Site
	static      render.Overlay
	staticNames []string
	warnings    content.ErrorList
}

// model reads the site and makes its model. Problems go to r, so that the
// later stages run too and one run reports them all; the error returned is
// only for a cancelled or unusable build.
func (b *Builder) model(ctx context.Context, opts Options, r *pass) (*modelled, error) {
	if opts.BaseURL != "" {
		if err := content.DefaultConfig().SetBaseURL(opts.BaseURL); err != nil {
			return nil, fmt.Errorf("base URL: %w", err)
		}
	}
	cfg, err := content.LoadConfig(b.src)
	if err != nil {
		r.add(err)
	}
	if opts.BaseURL != "" {
		_ = cfg.SetBaseURL(opts.BaseURL) // checked above
	}
	names, err := content.Walk(ctx, b.src)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.add(err)
	}
	inputs, warnings, err := b.read(ctx, cfg, names)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.add(err)
	}
	r.stage("read and convert")

	static := render.Overlay{Top: subFS(b.src, "static"), Base: theme.Static()}
	staticNames, err := static.Files()
	if err != nil {
		return nil, fmt.Errorf("read static files: %w", err)
	}
	staticSet := make(map[string]bool, len(staticNames))
	for _, n := range staticNames {
		staticSet[n] = true
	}
	var kit []string
	kitDir := strings.Trim(cfg.KitFolder, "/") + "/"
	for _, n := range staticNames {
		if strings.HasPrefix(n, kitDir) {
			kit = append(kit, "/"+n)
		}
	}
	var infoMu sync.Mutex
	infos := map[string]media.Info{}
	s, err := site.New(cfg, inputs, site.Options{
		At:      opts.At,
		Preview: opts.Preview,
		Kit:     kit,
		Static: func(u string) (media.Info, bool) {
			name := strings.TrimPrefix(u, "/")
			if !staticSet[name] {
				return media.Info{}, false
			}
			infoMu.Lock()
			defer infoMu.Unlock()
			if info, ok := infos[name]; ok {
				return info, true
			}
			data, err := fs.ReadFile(static, name)
			if err != nil {
				return media.Info{}, false
			}
			if opts.Minify {
				// Describe the file as it will be served.
				if min, err := b.min.Minify(name, data); err == nil {
					data = min
				}
			}
			info := media.Describe(name, data)
			infos[name] = info
			return info, true
		},
	})
	if err != nil {
		r.add(err)
	}
	return &modelled{site: s, static: static, staticNames: staticNames, warnings: warnings}, nil
}

// read parses and converts every content file on all cores, reusing the
// results of files unchanged since the last build.
func (b *Builder) read(ctx context.Context, cfg *content.Config, names []string) ([]site.Input, content.ErrorList, error) {
	inputs := make([]site.Input, len(names))
	errs := make([]error, len(names))
	warns := make([]content.ErrorList, len(names))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					continue
				}
				inputs[i], warns[i], errs[i] = b.readOne(cfg, names[i])
			}
		}()
	}
	for i := range names {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var all content.ErrorList
	var warnings content.ErrorList
	ok := inputs[:0]
	for i := range names {
		warnings = append(warnings, warns[i]...)
		if errs[i] != nil {
			var l content.ErrorList
			if errors.As(errs[i], &l) {
				all = append(all, l...)
			} else {
				all = append(all, content.Errorf("content/"+names[i], content.Pos{}, "%v", errs[i]))
			}
			continue
		}
		ok = append(ok, inputs[i])
	}
	warnings.Sort()
	return ok, warnings, all.Err()
}

func (b *Builder) readOne(cfg *content.Config, name string) (site.Input, content.ErrorList, error) {
	data, err := fs.ReadFile(b.src, "content/"+name)
	if err != nil {
		return site.Input{}, nil, content.ErrorList{content.Errorf("content/"+name, content.Pos{Line: 1, Col: 1}, "cannot read: %v", errors.Unwrap(err))}
	}
	h := content.Hash(data)
	b.mu.Lock()
	e := b.cache[name]
	b.mu.Unlock()
	var f *content.File
	if e != nil && e.hash == h && e.key.loc == cfg.TimeZone {
		f = e.file
	} else {
		f, err = content.Parse(name, data, cfg.Location)
		if err != nil {
			return site.Input{}, nil, err
		}
	}
	typo, err := site.Typography(cfg, site.LangOf(cfg, f))
	if err != nil {
		return site.Input{}, nil, content.ErrorList{content.Errorf(f.Source, f.Meta.Pos["lang"], "%v", err)}
	}
	key := convKey{opts: markdown.Options{Typography: typo, AllowHTML: cfg.AllowHTML}, loc: cfg.TimeZone}
	if e != nil && e.hash == h && e.key == key {
		return site.Input{File: e.file, Doc: e.doc}, e.doc.Warnings, nil
	}
	doc := b.conv.Convert(f.Source, f.Body, f.BodyLine, key.opts)
	b.mu.Lock()
	b.cache[name] = &entry{hash: h, key: key, file: f, doc: doc}
	b.mu.Unlock()
	return site.Input{File: f, Doc: doc}, doc.Warnings, nil
}

func subFS(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return sub
}

// Paths lists the output paths of a result, sorted.
func (r *Result) Paths() []string {
	out := make([]string, 0, len(r.Files))
	for p := range r.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
