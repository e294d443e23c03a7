// Package build wires tribune's stages together: read the site (content),
// convert Markdown (markdown), make the model (site), render it (render)
// and minify (publish). It writes nothing: the caller writes the files or
// serves them.
package build

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	theme "tribune"
	"tribune/internal/content"
	"tribune/internal/markdown"
	"tribune/internal/media"
	"tribune/internal/parallel"
	"tribune/internal/publish"
	"tribune/internal/render"
	"tribune/internal/site"
	"tribune/internal/sitefs"
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
	// Changed, when not nil, lists the files (slash paths from the site's
	// root) changed since this Builder's previous run: the others are not
	// read again, and pages whose inputs did not change are not rendered
	// again. The preview server sets it from its file watcher.
	Changed []string
	// Head is HTML added to every page's head (the live-reload script).
	Head template.HTML
	// CacheDir, when set, is a folder where resized images are kept
	// between runs.
	CacheDir string
	// Emit, when set, receives every output file as soon as it is made
	// (from several goroutines, in no particular order) instead of the
	// Result keeping them: the command line writes files while the build
	// renders the others. When done is not nil, data is lent: Emit calls
	// done once it no longer uses it. When Run fails, files were given to
	// Emit all the same: the caller discards them. Not with Changed.
	Emit func(name string, data []byte, done func())
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
	// Count is the number of output files, whether kept in Files or given
	// to Options.Emit.
	Count int
}

// Timing is the duration of one stage of a build.
type Timing struct {
	Stage string
	D     time.Duration
	// CPU is the processor time the process used meanwhile, all cores
	// together (0 where it is not measured).
	CPU time.Duration
}

// Builder runs builds of one site. It keeps the parsed and converted
// content of earlier builds so that unchanged files are not read twice.
type Builder struct {
	src   fs.FS
	conv  markdown.Converter
	min   *publish.Minifier
	mu    sync.Mutex
	cache map[string]*entry
	// For incremental runs: the content files and static files of the
	// previous run, and its rendered output.
	names      map[string]bool
	nameList   []string
	staticData map[string][]byte
	rendered   *render.Cache
	memo       site.Memo
	variants   media.Cache
	tmpl       *render.Templates
	lastTmpl   *render.Templates // the last run's, for tests
	tmplMinify bool              // whether tmpl has minified layouts
	// lastInputs are the converted files of the previous incremental run,
	// valid while lastConfig (the settings they depend on) holds.
	lastInputs map[string]site.Input
	lastConfig string
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
	b := &Builder{src: src, min: publish.NewMinifier(), cache: map[string]*entry{}}
	b.conv.Minify = b.min.AppendHTML
	return b
}

// Run builds the site once. Errors are a content.ErrorList naming every
// problem found, when the site has problems.
func (b *Builder) Run(ctx context.Context, opts Options) (*Result, error) {
	r := &pass{mark: time.Now(), cpuMark: CPUTime()}
	m, err := b.model(ctx, opts, r)
	if err != nil {
		return nil, err
	}
	tmpl, err := b.layouts(opts.Changed, opts.Minify)
	if err != nil {
		r.add(err)
	}
	r.stage("layouts")
	if tmpl == nil {
		return nil, r.errs.Err()
	}

	s := m.site
	static, assets := b.staticFiles(m, opts, r)
	if opts.CacheDir != "" {
		b.variants.Dir = filepath.Join(opts.CacheDir, "images")
	}
	images := b.images(s, static, r)
	r.stage("static files")

	extra := render.Extra{Head: opts.Head, Version: m.version, Assets: assets, Images: images, Words: m.words}
	for _, k := range slices.Sorted(maps.Keys(assets)) {
		extra.Version = extra.Version*1099511628211 ^ fnvString(k+assets[k])
	}
	for _, k := range slices.Sorted(maps.Keys(images)) {
		extra.Version = extra.Version*1099511628211 ^ fnvString(fmt.Sprint(k, images[k]))
	}
	if opts.Minify && len(r.errs) == 0 {
		extra.Post = b.min.Minify
		extra.Minified = tmpl.Minified()
	}
	if opts.Changed != nil {
		if b.rendered == nil {
			b.rendered = render.NewCache()
		}
		extra.Cache = b.rendered
	}
	// Emitted files are checked by the leak guard one by one, as they
	// come; kept ones all at once at the end.
	var (
		lg      *leakGuard
		emitted sync.Map // name → struct{}
		count   atomic.Int64
	)
	if opts.Emit != nil && opts.Changed == nil {
		if !opts.Preview {
			lg = newGuard(s)
		}
		extra.Emit = func(name string, data []byte, done func()) {
			lg.check(name, data)
			emitted.Store(name, struct{}{})
			count.Add(1)
			opts.Emit(name, data, done)
		}
	}
	files, err := tmpl.All(ctx, s, extra)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.add(err)
	}
	for _, name := range slices.Sorted(maps.Keys(static)) {
		if files == nil {
			break // rendering failed: its errors are reported
		}
		_, made := files[name]
		if _, ok := emitted.Load(name); ok || made {
			r.add(content.Errorf("static/"+name, content.Pos{}, "this file has the same path as a generated page"))
			continue
		}
		if extra.Emit != nil {
			extra.Emit(name, static[name], nil)
			continue
		}
		files[name] = static[name]
	}
	if len(r.errs) > 0 {
		return nil, r.errs.Err()
	}
	r.stage("render")
	if !opts.Preview {
		err := lg.err()
		if extra.Emit == nil {
			err = guard(s, files)
		}
		if err != nil {
			return nil, err
		}
		r.stage("leak guard")
	}
	res := &Result{Site: s, Files: files, Warnings: m.warnings, Timings: r.timings, Count: len(files)}
	if extra.Emit != nil {
		res.Files, res.Count = nil, int(count.Load())
	}
	return res, nil
}

// staticFiles reads (and minifies) the static files to publish, leaving
// out those only hidden pages use, and gives stylesheets and scripts a
// second, fingerprinted name ("css/style.1a2b3c4d.css") that layouts link
// through Asset, so that they can be cached for ever. Files unchanged since
// the previous incremental run are not read again.
func (b *Builder) staticFiles(m *modelled, opts Options, r *pass) (map[string][]byte, map[string]string) {
	hidden := map[string]bool{}
	if !opts.Preview {
		for _, f := range m.site.HiddenFiles {
			hidden[strings.TrimPrefix(f, "/")] = true
		}
	}
	changed := changedSet(opts.Changed, "static/")
	out := map[string][]byte{}
	assets := map[string]string{}
	staticData := map[string][]byte{}
	for _, name := range m.staticNames {
		if hidden[name] {
			continue // used only by hidden pages
		}
		data, ok := b.staticData[name]
		if !ok || changed == nil || changed[name] {
			var err error
			data, err = fs.ReadFile(m.static, name)
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
		}
		staticData[name] = data
		out[name] = data
		if ext := path.Ext(name); ext == ".css" || ext == ".js" {
			fp := strings.TrimSuffix(name, ext) + "." + fmt.Sprintf("%016x", fnvBytes(data))[:10] + ext
			out[fp] = data
			assets["/"+name] = "/" + fp
		}
	}
	if opts.Changed != nil {
		b.staticData = staticData
	}
	return out, assets
}

// images describes the images the visible pages show (their front matter
// image and those of their text) and adds to static the resized copies of
// the PNG and JPEG ones, made in parallel and kept between builds.
func (b *Builder) images(s *site.Site, static map[string][]byte, r *pass) map[string]render.Image {
	var srcs []string
	seen := map[string]bool{}
	for _, p := range s.Pages {
		for _, u := range p.Uses() {
			if seen[u] || !isImage(u) {
				continue
			}
			seen[u] = true
			if _, ok := static[strings.TrimPrefix(u, "/")]; ok {
				srcs = append(srcs, u)
			}
		}
	}
	sort.Strings(srcs)
	out := make([]render.Image, len(srcs))
	variants := make([][]media.Variant, len(srcs))
	errs := make([]error, len(srcs))
	parallel.For(len(srcs), func(i int) {
		name := strings.TrimPrefix(srcs[i], "/")
		data := static[name]
		info := media.Describe(name, data)
		img := render.Image{Width: info.Width, Height: info.Height}
		if media.Resizable(name) && info.IsImage() {
			resized, share, err := b.variants.Get(name, data)
			if err != nil {
				errs[i] = fmt.Errorf("static/%s: %w", name, err)
				return
			}
			var set []string
			for _, v := range resized {
				set = append(set, fmt.Sprintf("/%s %dw", v.Name, v.Width))
			}
			if len(set) > 0 {
				img.Srcset = strings.Join(append(set, fmt.Sprintf("/%s %dw", name, info.Width)), ", ")
			}
			img.Share = "/" + share.Name
			variants[i] = append(resized, *share)
		}
		out[i] = img
	})
	images := make(map[string]render.Image, len(srcs))
	for i, src := range srcs {
		if errs[i] != nil {
			r.add(errs[i])
			continue
		}
		images[src] = out[i]
		for _, v := range variants[i] {
			static[v.Name] = v.Data
		}
	}
	return images
}

func isImage(u string) bool {
	switch strings.ToLower(path.Ext(u)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif":
		return true
	}
	return false
}

func fnvBytes(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

func fnvString(s string) uint64 { return fnvBytes([]byte(s)) }

// layouts parses the layouts, or reuses those of the previous incremental
// run when no layout changed.
func (b *Builder) layouts(changed []string, minify bool) (*render.Templates, error) {
	if changed != nil && b.tmpl != nil && b.tmplMinify == minify && !slices.ContainsFunc(changed, func(p string) bool { return strings.HasPrefix(p, "layouts/") || p == "layouts" }) {
		return b.tmpl, nil
	}
	var min func(string, []byte) ([]byte, error)
	if minify && preMinify {
		min = b.min.Template
	}
	b.tmplMinify = minify
	t, err := render.ParseMinified(render.Overlay{Top: subFS(b.src, "layouts"), Base: theme.Layouts()}, min)
	b.tmpl = nil
	if err == nil && changed != nil {
		b.tmpl = t
	}
	b.lastTmpl = t
	return t, err
}

// Model builds the site's model only, without rendering: for commands
// that need to know the pages and their states (tribune schedule).
func (b *Builder) Model(ctx context.Context, opts Options) (*site.Site, error) {
	r := &pass{mark: time.Now(), cpuMark: CPUTime()}
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
	cpuMark time.Duration
}

func (r *pass) stage(name string) {
	now, cpu := time.Now(), CPUTime()
	r.timings = append(r.timings, Timing{name, now.Sub(r.mark), cpu - r.cpuMark})
	r.mark, r.cpuMark = now, cpu
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
	words       *render.Words
	static      render.Overlay
	staticNames []string
	warnings    content.ErrorList
	// version identifies the settings and static files: what every page
	// depends on besides the model.
	version uint64
}

// changedSet gives the changed paths under prefix, without it; nil when
// every file is to be taken as changed.
func changedSet(changed []string, prefix string) map[string]bool {
	if changed == nil {
		return nil
	}
	set := map[string]bool{}
	for _, p := range changed {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			set[rest] = true
		}
	}
	return set
}

// contentNames lists the content files: from the previous run when the
// changes only edited known files, else by walking content/.
func (b *Builder) contentNames(ctx context.Context, changed []string) ([]string, error) {
	if changed != nil && b.names != nil {
		same := true
		for c := range changedSet(changed, "content/") {
			if _, err := fs.Stat(b.src, "content/"+c); !b.names[c] || err != nil {
				same = false
				break
			}
		}
		if same {
			return b.nameList, nil
		}
	}
	names, err := content.Walk(ctx, b.src)
	b.nameList = names
	b.names = make(map[string]bool, len(names))
	for _, n := range names {
		b.names[n] = true
	}
	if err != nil {
		b.names, b.nameList = nil, nil
	}
	return names, err
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
	if opts.Changed == nil || slices.ContainsFunc(opts.Changed, func(p string) bool {
		return p == content.ConfigFile || strings.HasPrefix(p, "static/")
	}) {
		b.memo.Reset()
	}
	names, err := b.contentNames(ctx, opts.Changed)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.add(err)
	}
	contentChanged := changedSet(opts.Changed, "content/")
	if slices.Contains(opts.Changed, content.ConfigFile) {
		contentChanged = nil // settings change how every file is read
	}
	inputs, warnings, err := b.read(ctx, cfg, names, contentChanged, opts.Minify, opts.Changed != nil)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.add(err)
	}
	r.stage("read and convert")
	// The search index's word lists depend on the texts alone: they are
	// made now, on the core that modelling the site leaves idle. (Preview
	// rebuilds keep them from one run to the next instead.)
	var words *render.Words
	if opts.Changed == nil {
		files := make([]*content.File, len(inputs))
		texts := make([]string, len(inputs))
		for i, in := range inputs {
			files[i], texts[i] = in.File, in.Doc.Text
		}
		words = render.PrepareWords(files, texts)
		words.Start(ctx)
	}

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
		Memo:    &b.memo,
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
	r.stage("model")
	v := fnv.New64a()
	settings, _ := fs.ReadFile(b.src, content.ConfigFile)
	v.Write(settings)
	for _, n := range staticNames {
		v.Write([]byte(n + "\x00"))
	}
	fmt.Fprintf(v, "%v %v %s", opts.Preview, opts.Minify, opts.BaseURL)
	return &modelled{site: s, words: words, static: static, staticNames: staticNames, warnings: warnings, version: v.Sum64()}, nil
}

// read parses and converts every content file on all cores, reusing the
// results of files unchanged since the last build.
func (b *Builder) read(ctx context.Context, cfg *content.Config, names []string, changed map[string]bool, minify, keep bool) ([]site.Input, content.ErrorList, error) {
	inputs := make([]site.Input, len(names))
	errs := make([]error, len(names))
	warns := make([]content.ErrorList, len(names))
	// A site folder reads its files faster in a batch.
	readFile := func(_ []byte, name string) ([]byte, error) { return fs.ReadFile(b.src, name) }
	if s, ok := b.src.(*sitefs.FS); ok {
		batch := s.Batch()
		defer batch.Close()
		readFile = batch.ReadFileTo
	}
	var todo []int
	for i, name := range names {
		// Unchanged since the previous run of an incremental series: taken
		// as it was, without a worker.
		if prev, ok := b.lastInputs[name]; ok && changed != nil && !changed[name] && b.lastConfig == fmt.Sprint(cfg.TimeZone, "\x00", cfg.BaseURL, minify) {
			inputs[i], warns[i] = prev, prev.Doc.Warnings
			continue
		}
		todo = append(todo, i)
	}
	parallel.For(len(todo), func(j int) {
		if i := todo[j]; ctx.Err() == nil {
			inputs[i], warns[i], errs[i] = b.readOne(readFile, cfg, names[i], changed, minify, keep)
		}
	})
	if changed != nil {
		b.lastInputs = make(map[string]site.Input, len(names))
		for i, name := range names {
			if errs[i] == nil {
				b.lastInputs[name] = inputs[i]
			}
		}
		b.lastConfig = fmt.Sprint(cfg.TimeZone, "\x00", cfg.BaseURL, minify)
	} else {
		b.lastInputs = nil
	}
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

// readOne reads and converts one content file. keep is set for the runs
// of a preview series, which keep what they read for the next.
func (b *Builder) readOne(readFile func([]byte, string) ([]byte, error), cfg *content.Config, name string, changed map[string]bool, minify, keep bool) (site.Input, content.ErrorList, error) {
	if changed != nil && !changed[name] {
		// Not changed since the previous run: reuse it without reading.
		b.mu.Lock()
		e := b.cache[name]
		b.mu.Unlock()
		if e != nil && e.key.loc == cfg.TimeZone {
			if typo, err := site.Typography(cfg, site.LangOf(cfg, e.file)); err == nil &&
				e.key == (convKey{opts: markdown.Options{Typography: typo, AllowHTML: cfg.AllowHTML, Minify: minify && preMinify}, loc: cfg.TimeZone}) {
				return docInput(e.file, e.doc)
			}
		}
	}
	var data []byte
	var err error
	if keep {
		data, err = readFile(nil, "content/"+name)
	} else {
		// A one-off build keeps nothing of the file's bytes once it is
		// parsed and converted (see below): they are read into a buffer
		// that the next file reuses.
		bp := srcBufs.Get().(*[]byte)
		data, err = readFile(*bp, "content/"+name)
		defer func() {
			*bp = data[:0]
			srcBufs.Put(bp)
		}()
	}
	if err != nil {
		b.forget(name)
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
			b.forget(name) // a broken file is read again next time
			return site.Input{}, nil, err
		}
	}
	typo, err := site.Typography(cfg, site.LangOf(cfg, f))
	if err != nil {
		return site.Input{}, nil, content.ErrorList{content.Errorf(f.Source, f.Meta.Pos["lang"], "%v", err)}
	}
	key := convKey{opts: markdown.Options{Typography: typo, AllowHTML: cfg.AllowHTML, Minify: minify && preMinify}, loc: cfg.TimeZone}
	if e != nil && e.hash == h && e.key == key {
		return docInput(e.file, e.doc)
	}
	// Minified once here, the body needs no minifying in each page (see
	// render.ParseMinified).
	doc := b.conv.Convert(f.Source, f.Body, f.BodyLine, key.opts)
	if !keep && (e == nil || e.file != f) {
		// A one-off build keeps nothing for a next run: the Markdown of a
		// file it parsed, converted, is let go.
		f.Body = nil
		return docInput(f, doc)
	}
	b.mu.Lock()
	b.cache[name] = &entry{hash: h, key: key, file: f, doc: doc}
	b.mu.Unlock()
	return docInput(f, doc)
}

// srcBufs hold the bytes of content files being read.
var srcBufs = sync.Pool{New: func() any { return new([]byte) }}

// docInput is a converted file, or the errors its body has.
func docInput(f *content.File, doc markdown.Doc) (site.Input, content.ErrorList, error) {
	if len(doc.Errors) > 0 {
		return site.Input{}, doc.Warnings, doc.Errors
	}
	return site.Input{File: f, Doc: doc}, doc.Warnings, nil
}

func (b *Builder) forget(name string) {
	b.mu.Lock()
	delete(b.cache, name)
	b.mu.Unlock()
}

func subFS(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return sub
}

// preMinify makes minified builds minify layouts and Markdown bodies
// before rendering instead of each whole page after: the tests compare the
// two ways.
var preMinify = true

// Paths lists the output paths of a result, sorted.
func (r *Result) Paths() []string {
	out := make([]string, 0, len(r.Files))
	for p := range r.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
