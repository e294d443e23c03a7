// Package build wires tribune's stages together: read the site (content),
// convert Markdown (markdown), make the model (site), and render any of its
// output files (render, feeds, search, hosting, with publish's minifier).
// It writes nothing: a build gives each file to the caller, and the
// preview asks for the files it serves.
//
// Load reads the site and makes its model: an Output, which renders any
// output file on demand. Run renders them all. A Builder remembers what it
// read, by path and content, so that the next Load of a preview reads only
// the files that changed and converts only the texts whose inputs changed;
// everything rendered belongs to one Output and goes with it.
package build

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	theme "tribune"
	"tribune/internal/content"
	"tribune/internal/markdown"
	"tribune/internal/media"
	"tribune/internal/publish"
	"tribune/internal/render"
	"tribune/internal/site"
)

// Options are a build's inputs besides the site's files.
type Options struct {
	// At is the build instant, used only for publishing decisions.
	At time.Time
	// BaseURL overrides site.toml's baseURL when not empty.
	BaseURL string
	// Preview includes drafts, embargoed, scheduled and expired pages, and
	// implies NoIndex.
	Preview bool
	// NoIndex asks search engines to stay away from every page, publishing
	// only what production publishes (deploy previews).
	NoIndex bool
	// Minify minifies HTML, CSS, JS, SVG, JSON and XML.
	Minify bool
	// Head is HTML added to every page's head (the live-reload script).
	Head template.HTML
	// Changed, when not nil, lists the paths (slash paths from the site's
	// root, files or folders) changed since the Builder's previous Load:
	// the files read then and not under these paths are not read again;
	// "." stands for every file. The preview server sets it from its file
	// watcher.
	Changed []string
	// EmbargoKey is the key of the secret addresses of embargo copies
	// (site.EmbargoKeyVar).
	EmbargoKey []byte

	// listOnly marks the load of Model, which publishes nothing: a missing
	// embargo key is no error there.
	listOnly bool
}

// Result is a successful build.
type Result struct {
	Site *site.Site
	// Warnings are problems that did not stop the build.
	Warnings content.ErrorList
	// Timings say how long each stage took, in order.
	Timings []Timing
	// Count is the number of output files.
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

// Builder builds one site, again and again in a preview. It is safe for
// one Load at a time.
type Builder struct {
	src    fs.FS
	min    *publish.Minifier
	images *media.Cache

	mu sync.Mutex
	// texts is the last conversion of each content file, with the inputs
	// it was made from; static, the static files the last Output read.
	// Both hold only the files of the last Load.
	texts  map[string]*text
	static *staticFiles
	// layouts are the last parsed layouts, with the text they were parsed
	// from.
	layouts *parsedLayouts
	// names are the content files and static files found by the last
	// Load, for the next when no file came or went.
	// links are those that are symbolic links: what they point to may
	// change without a word from the watcher.
	names, staticNames []string
	links, staticLinks []string
	// comments are the comments files of content/ (content.CommentsFile).
	comments   []string
	staticErrs error
}

// text is a content file read and parsed, with its last conversion.
type text struct {
	hash uint64 // of the file's bytes
	zone string // the time zone it was parsed in
	file *content.File
	errs content.ErrorList // when it could not be read or parsed
	conv atomic.Pointer[conversion]
}

// conversion is a text converted, with the settings it was converted with.
type conversion struct {
	opts markdown.Options
	doc  markdown.Doc
}

// staticFiles are the static files an Output read, as published
// (minified when the build minifies), each read once.
type staticFiles struct {
	minify bool
	mu     sync.Mutex
	files  map[string]*staticFile
}

type staticFile struct {
	once sync.Once
	data []byte
	err  error
}

// get gives the file name, to read once.
func (s *staticFiles) get(name string) *staticFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[name]
	if !ok {
		f = &staticFile{}
		s.files[name] = f
	}
	return f
}

// next gives the static files of the next Output: those read already
// that keep says did not change, when the next one minifies as this one.
func (s *staticFiles) next(minify bool, keep func(name string) bool) *staticFiles {
	n := &staticFiles{minify: minify, files: map[string]*staticFile{}}
	if s == nil || s.minify != minify {
		return n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, f := range s.files {
		if keep(name) {
			n.files[name] = f
		}
	}
	return n
}

type parsedLayouts struct {
	key uint64
	t   *render.Templates
	err error
	// text is every layout's text, one after the other: the static files
	// it names are published whatever the pages.
	text string
}

// ImageCache is the folder of the site where resized images are kept.
const ImageCache = ".tribune/cache/images"

// New returns a Builder of the site rooted at src. When root, the site's
// folder, is not nil, resized images are kept between runs in its
// .tribune/cache/images, signed with this user's key (media.MachineKey).
func New(src fs.FS, root *os.Root) *Builder {
	var key []byte
	if root != nil {
		key = media.MachineKey()
	}
	return &Builder{src: src, min: publish.NewMinifier(), images: media.NewCache(root, ImageCache, key)}
}

// Run builds the whole site and gives every output file to write, from
// several goroutines at once; write owns the bytes it is given. Errors
// are a content.ErrorList naming every problem found, when the site has
// problems; files were given to write all the same, and the caller
// discards them.
func (b *Builder) Run(ctx context.Context, opts Options, write func(name string, data []byte)) (*Result, error) {
	p := newPass()
	out, err := b.load(ctx, opts, p)
	if err != nil {
		return nil, err
	}
	errs := out.Errors
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	var mu sync.Mutex
	for _, name := range out.Paths() {
		g.Go(func() error {
			if gctx.Err() != nil {
				return gctx.Err()
			}
			data, err := out.File(name)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, asList(err)...)
				return nil
			}
			write(name, data)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	p.stage("render")
	if len(errs) > 0 {
		return nil, dedupe(errs).Err()
	}
	return &Result{Site: out.Site, Warnings: out.Warnings, Timings: p.timings, Count: len(out.files)}, nil
}

// Load reads the site and makes its model, ready to render any output
// file. Its errors are those of a site that cannot be read at all or of a
// cancelled load; problems with the site's files are in Output.Errors,
// and an Output with errors renders what it can.
func (b *Builder) Load(ctx context.Context, opts Options) (*Output, error) {
	return b.load(ctx, opts, newPass())
}

// Model builds the site's model only, for commands that need to know the
// pages and their states (tribune schedule).
func (b *Builder) Model(ctx context.Context, opts Options) (*site.Site, error) {
	opts.listOnly = true
	out, err := b.Load(ctx, opts)
	if err != nil {
		return nil, err
	}
	return out.Site, out.Errors.Err()
}

// pass times the stages of one build.
type pass struct {
	timings []Timing
	mark    time.Time
	cpuMark time.Duration
}

func newPass() *pass { return &pass{mark: time.Now(), cpuMark: CPUTime()} }

func (p *pass) stage(name string) {
	now, cpu := time.Now(), CPUTime()
	p.timings = append(p.timings, Timing{name, now.Sub(p.mark), cpu - p.cpuMark})
	p.mark, p.cpuMark = now, cpu
}

// asList turns an error into positioned errors.
func asList(err error) content.ErrorList {
	if err == nil {
		return nil
	}
	var l content.ErrorList
	var e *content.Error
	switch {
	case errors.As(err, &l):
		return l
	case errors.As(err, &e):
		return content.ErrorList{e}
	case errors.Is(err, render.ErrBroken):
		return nil // the layout's own error is reported
	}
	return content.ErrorList{content.Errorf("", content.Pos{}, "%v", err)}
}

// dedupe merges the errors that a broken layout gives for every page using
// it: one line per place, naming the first page and how many others.
func dedupe(errs content.ErrorList) content.ErrorList {
	errs.Sort()
	type place struct {
		file      string
		line, col int
		msg       string
	}
	seen := map[place]int{}
	var out content.ErrorList
	counts := map[int]int{}
	for _, e := range errs {
		msg, _, _ := strings.Cut(e.Msg, " (rendering ")
		k := place{e.File, e.Line, e.Col, msg}
		if i, ok := seen[k]; ok {
			counts[i]++
			continue
		}
		seen[k] = len(out)
		c := *e
		out = append(out, &c)
	}
	for i, n := range counts {
		out[i].Msg += fmt.Sprintf(" (and %d other pages)", n)
	}
	return out
}

// changes is the set of paths changed since the previous Load; all is set
// when every file is to be taken as changed.
type changes struct {
	all   bool
	paths []string
}

func changesOf(opts Options) changes {
	return changes{all: opts.Changed == nil || slices.Contains(opts.Changed, "."), paths: opts.Changed}
}

// has reports whether the file name changed: it or a folder above it is
// among the changed paths.
func (c changes) has(name string) bool {
	if c.all {
		return true
	}
	for _, p := range c.paths {
		if name == p || strings.HasPrefix(name, p+"/") {
			return true
		}
	}
	return false
}

// under reports whether a path under (or at) dir changed: files may have
// come or gone there.
func (c changes) under(dir string) bool {
	if c.all {
		return true
	}
	for _, p := range c.paths {
		if p == dir || strings.HasPrefix(p, dir+"/") || strings.HasPrefix(dir, p+"/") {
			return true
		}
	}
	return false
}

// load reads the site and makes its model.
func (b *Builder) load(ctx context.Context, opts Options, p *pass) (out *Output, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if opts.BaseURL != "" {
		if err := content.DefaultConfig().SetBaseURL(opts.BaseURL); err != nil {
			return nil, fmt.Errorf("base URL: %w", err)
		}
	}
	changed := changesOf(opts)
	var errs content.ErrorList
	cfg, err := content.LoadConfig(b.src)
	if err != nil {
		errs = append(errs, asList(err)...)
		// What it says of the press kit is unknown: its files are not
		// checked against it, which would only add errors that are not.
		cfg.Kit = nil
	}
	cfgRead := err == nil
	if opts.BaseURL != "" {
		_ = cfg.SetBaseURL(opts.BaseURL) // checked above
	}

	// Static files first: texts show the site's images, with their size.
	static := render.Overlay{Top: subFS(b.src, "static"), Base: theme.Static(), Dir: "static"}
	if changed.under("static") || b.staticNames == nil || b.staticErrs != nil {
		b.staticNames, b.staticLinks, b.staticErrs = static.Files()
	}
	errs = append(errs, asList(b.staticErrs)...)
	out = &Output{b: b, opts: opts, staticFS: static, staticNames: b.staticNames,
		statics: map[string]bool{}, infos: map[string]*staticInfo{}}
	for _, n := range b.staticNames {
		out.statics[n] = true
	}
	// The static files the previous Output read, unless they changed
	// (symbolic links may have, unseen).
	out.static = b.static.next(opts.Minify, func(name string) bool {
		return out.statics[name] && !changed.has("static/"+name) && !slices.Contains(b.staticLinks, name)
	})
	b.static = out.static

	names, err := b.contentNames(ctx, changed)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		errs = append(errs, asList(err)...)
	}
	texts, err := b.parseTexts(ctx, cfg, names, changed)
	if err != nil {
		return nil, err
	}
	var files []*content.File
	for _, t := range texts {
		errs = append(errs, t.errs...)
		if t.file != nil && len(t.errs) == 0 {
			files = append(files, t.file)
		}
	}
	comments, cerrs, orphans := b.readComments(files, cfg)
	errs = append(errs, cerrs...)
	p.stage("read")

	tmpl, err := b.parseLayouts(opts.Minify)
	if err != nil {
		errs = append(errs, asList(err)...)
	}
	var kit []string
	kitDir := strings.Trim(cfg.KitFolder, "/") + "/"
	for _, n := range b.staticNames {
		if cfgRead && strings.HasPrefix(n, kitDir) {
			kit = append(kit, "/"+n)
		}
	}
	s, err := site.New(cfg, files, site.Options{At: opts.At, Preview: opts.Preview, NoIndex: opts.NoIndex, Kit: kit, EmbargoKey: opts.EmbargoKey, ListOnly: opts.listOnly,
		Comments: comments,
		Static: func(u string) (media.Info, bool) {
			info := out.info(u)
			return info.Info, info.ok
		}})
	if err != nil {
		errs = append(errs, asList(err)...)
	}
	p.stage("model")
	docs, warnings, cerrs := b.convertTexts(ctx, cfg, texts, s.FeedFiles(), s.EmbargoCopies, out)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	errs = append(errs, cerrs...)
	s.SetTexts(docs)
	out.Site = s
	out.findHiddenFiles()
	for _, l := range s.Leaks() {
		if opts.Preview {
			warnings = append(warnings, l.Err)
			continue
		}
		errs = append(errs, l.Err)
		if out.leaked == nil {
			out.leaked = map[*site.Page]bool{}
		}
		out.leaked[l.Hidden] = true // said here: the guard need not say it again
	}
	p.stage("convert")
	out.Site, out.Warnings = s, append(warnings, orphans...)
	if tmpl != nil {
		out.finish(tmpl)
		errs = append(errs, out.Errors...)
	}
	out.Errors = errs
	out.Errors.Sort()
	return out, nil
}

// contentNames lists the content files: those of the previous Load when
// no path under content/ came or went, else by walking content/.
func (b *Builder) contentNames(ctx context.Context, changed changes) ([]string, error) {
	if b.names != nil && !changed.all {
		same := true
		for _, c := range changed.paths {
			if c == "content" {
				same = false // the folder itself, replaced
				break
			}
			rest, ok := strings.CutPrefix(c, "content/")
			if !ok {
				continue
			}
			_, known := slices.BinarySearch(b.names, rest)
			if !known {
				_, known = slices.BinarySearch(b.comments, rest)
			}
			if info, err := fs.Stat(b.src, c); !known || err != nil || !info.Mode().IsRegular() {
				same = false
				break
			}
		}
		if same {
			return b.names, nil
		}
	}
	names, comments, links, err := content.WalkLinks(ctx, b.src)
	b.names, b.comments, b.links = names, comments, links
	if err != nil {
		b.names = nil
	}
	return names, err
}

// readComments reads the comments files the walk of content/ found
// (content.CommentsFile), each for the text beside it: they are few and
// small, and read again at every load, so an import shows at once in the
// preview. A comments file of no text is warned of: a text renamed
// without it would lose its comments, and forget the refused ones.
func (b *Builder) readComments(files []*content.File, cfg *content.Config) (map[*content.File]*content.Comments, content.ErrorList, content.ErrorList) {
	byPath := map[string]*content.File{}
	for _, f := range files {
		if !f.IsIndex() {
			byPath[content.CommentsFile(f.Path)] = f
		}
	}
	out := map[*content.File]*content.Comments{}
	var errs, orphans content.ErrorList
	for _, rel := range b.comments {
		name := "content/" + rel
		f := byPath[rel]
		if f == nil {
			text := "content/" + strings.TrimSuffix(rel, ".comments.yaml") + ".md"
			orphans = append(orphans, content.Errorf(name, content.Pos{}, "comments file %s belongs to no text (%s is missing): rename it with its text", name, text))
			continue
		}
		data, err := fs.ReadFile(b.src, name)
		if err != nil {
			errs = append(errs, content.Errorf(name, content.Pos{}, "cannot read: %v", unwrap(err)))
			continue
		}
		c, err := content.ParseComments(name, data, cfg.Location)
		if err != nil {
			errs = append(errs, asList(err)...)
			continue
		}
		out[f] = c
	}
	return out, errs, orphans
}

// parseTexts reads and parses every content file on all cores, except
// those unchanged since the previous Load, whose parsing is kept.
func (b *Builder) parseTexts(ctx context.Context, cfg *content.Config, names []string, changed changes) ([]*text, error) {
	texts := make([]*text, len(names))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	for i, name := range names {
		_, link := slices.BinarySearch(b.links, name)
		prev, again := b.texts[name], changed.has("content/"+name) || link
		g.Go(func() error {
			if gctx.Err() == nil {
				texts[i] = b.parseText(cfg, name, prev, again)
			}
			return nil
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.texts = make(map[string]*text, len(names))
	for i, t := range texts {
		b.texts[names[i]] = t
	}
	return texts, nil
}

// parseText reads and parses one content file, unless prev, its previous
// parsing, was made from the same inputs: the file did not change since
// (changed is not set), or it holds the same bytes.
func (b *Builder) parseText(cfg *content.Config, name string, prev *text, changed bool) *text {
	if prev != nil && !changed && prev.file != nil && prev.zone == cfg.TimeZone {
		return prev
	}
	source := "content/" + name
	data, err := fs.ReadFile(b.src, source)
	if err != nil {
		return &text{errs: content.ErrorList{content.Errorf(source, content.Pos{Line: 1, Col: 1}, "cannot read: %v", unwrap(err))}}
	}
	t := &text{hash: content.Hash(data), zone: cfg.TimeZone}
	if prev != nil && prev.hash == t.hash && prev.zone == t.zone && prev.file != nil {
		// Saved again unchanged: its conversion is kept too.
		return prev
	}
	if t.file, err = content.Parse(name, data, cfg.Location); err != nil {
		t.errs = asList(err)
		return t
	}
	return t
}

// convertTexts converts the parsed texts on all cores, reusing a
// conversion made from the same inputs by an earlier Load. The texts
// feeds carry are converted for feeds too.
func (b *Builder) convertTexts(ctx context.Context, cfg *content.Config, texts []*text, feed map[*content.File]bool, copies []*site.Page, out *Output) (docs map[*content.File]markdown.Doc, warnings, errs content.ErrorList) {
	conv := markdown.NewConverter(b.min.AppendHTML, out.markdownImage)
	conv.Files = func(p string) bool { return out.statics[strings.TrimPrefix(p, "/")] }
	// Texts with an embargo copy are converted for it too, their files
	// moved under its secret address.
	moveTo := map[*content.File]string{}
	var filesKey uint64
	if len(copies) > 0 {
		h := fnv.New64a()
		for _, n := range out.staticNames {
			h.Write([]byte(n + "\x00"))
		}
		filesKey = h.Sum64()
	}
	for _, c := range copies {
		moveTo[c.File] = c.SecretURL
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	converted := make([]*conversion, len(texts))
	for i, t := range texts {
		if t.file == nil || len(t.errs) > 0 {
			continue
		}
		g.Go(func() error {
			if gctx.Err() != nil {
				return nil
			}
			opts := convOptions(cfg, t.file, out.opts.Minify, feed[t.file])
			if to, ok := moveTo[t.file]; ok {
				opts.MoveTo, opts.FilesKey = to, filesKey
			}
			c := t.conv.Load()
			if c == nil || c.opts != opts || !out.sameImages(c.doc.Images) {
				c = &conversion{opts: opts, doc: conv.Convert(t.file.Source, t.file.Body, t.file.BodyLine, opts)}
				t.conv.Store(c)
			}
			converted[i] = c
			return nil
		})
	}
	g.Wait()
	docs = make(map[*content.File]markdown.Doc, len(texts))
	for i, c := range converted {
		if c == nil {
			continue
		}
		docs[texts[i].file] = c.doc
		warnings = append(warnings, c.doc.Warnings...)
		errs = append(errs, c.doc.Errors...)
	}
	warnings.Sort()
	return docs, warnings, errs
}

// convOptions are the conversion settings of a content file; one whose
// text feeds carry is converted for them too.
func convOptions(cfg *content.Config, f *content.File, minify, feed bool) markdown.Options {
	typo, _ := site.Typography(cfg, site.LangOf(cfg, f))
	o := markdown.Options{Typography: typo, AllowHTML: cfg.AllowHTML, Minify: minify,
		Site: cfg.BaseURL, Page: site.PagePath(cfg, f), Dateline: site.Dateline(cfg, f)}
	if feed && o.Page != "" {
		o.Permalink = strings.TrimSuffix(cfg.BaseURL, "/") + o.Page
	}
	return o
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseLayouts parses the layouts, or gives those of the previous Load
// when their text is the same.
func (b *Builder) parseLayouts(minify bool) (*render.Templates, error) {
	layouts := render.Overlay{Top: subFS(b.src, "layouts"), Base: theme.Layouts(), Dir: "layouts"}
	names, _, err := layouts.Files()
	if err != nil {
		return nil, err
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%v\x00", minify)
	var text strings.Builder
	for _, name := range names {
		data, err := fs.ReadFile(layouts, name)
		if err != nil {
			return nil, content.Errorf("layouts/"+name, content.Pos{}, "cannot read: %v", unwrap(err))
		}
		fmt.Fprintf(h, "%s\x00%v\x00%d\x00", name, layouts.InTop(name), len(data))
		h.Write(data)
		text.Write(data)
		text.WriteByte(0)
	}
	if b.layouts != nil && b.layouts.key == h.Sum64() {
		return b.layouts.t, b.layouts.err
	}
	var min func(string, []byte) ([]byte, error)
	if minify {
		min = b.min.Template
	}
	t, err := render.Parse(layouts, min)
	b.layouts = &parsedLayouts{key: h.Sum64(), t: t, err: err, text: text.String()}
	return t, err
}

func subFS(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return sub
}

// fnvBytes is the hash in a fingerprinted name.
func fnvBytes(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// isImage reports whether a site path names a picture.
func isImage(u string) bool {
	switch strings.ToLower(path.Ext(u)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif":
		return true
	}
	return false
}

func workers() int { return runtime.GOMAXPROCS(0) }
