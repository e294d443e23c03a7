package build

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"tribune/internal/content"
	"tribune/internal/feeds"
	"tribune/internal/hosting"
	"tribune/internal/markdown"
	"tribune/internal/media"
	"tribune/internal/render"
	"tribune/internal/search"
	"tribune/internal/site"
)

// An Output is a modelled site, ready to render any of its output files:
// the build renders them all, the preview those it is asked for. What it
// renders depends on its model alone, so nothing it keeps can be stale:
// the next change of the site makes a new Output. It is safe for
// concurrent use.
type Output struct {
	Site *site.Site
	// Errors are the problems with the site's files; Warnings those that
	// do not stop a build.
	Errors, Warnings content.ErrorList

	b           *Builder
	opts        Options
	staticFS    render.Overlay
	staticNames []string
	statics     map[string]bool // staticNames

	// files maps each output path to what makes it.
	files  map[string]func() ([]byte, error)
	render *render.Renderer
	feeds  *feeds.Encoder
	guard  *leakGuard

	static *staticFiles
	mu     sync.Mutex
	infos  map[string]*staticInfo // what is known of static files
}

// staticInfo is what a page may say of a static file.
type staticInfo struct {
	media.Info
	ok   bool // the file exists
	once sync.Once
}

// Has reports whether name is an output file.
func (out *Output) Has(name string) bool {
	_, ok := out.files[name]
	return ok
}

// File renders the output file name. In a production build, a file that
// names or quotes a hidden page is an error.
func (out *Output) File(name string) ([]byte, error) {
	produce, ok := out.files[name]
	if !ok {
		return nil, fmt.Errorf("%s: no such output file", name)
	}
	data, err := produce()
	if err != nil {
		return nil, err
	}
	if err := out.guard.check(name, data); err != nil {
		return nil, err
	}
	return data, nil
}

// Paths lists the output files, the longest to make first.
func (out *Output) Paths() []string {
	names := make([]string, 0, len(out.files))
	for name := range out.files {
		names = append(names, name)
	}
	slices.Sort(names)
	first := func(name string) int {
		switch {
		case name == site.SearchIndex:
			return 0
		case strings.HasSuffix(name, site.RSSFile) || strings.HasSuffix(name, site.AtomFile) || strings.HasSuffix(name, site.JSONFile):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(names, func(a, b string) int { return first(a) - first(b) })
	return names
}

// finish lists the output files of the model and how to make each.
func (out *Output) finish(tmpl *render.Templates) {
	s, opts := out.Site, out.opts
	out.files = map[string]func() ([]byte, error){}
	if !s.Preview {
		out.guard = newGuard(s)
	}
	hidden := map[string]bool{}
	for _, f := range s.HiddenFiles {
		hidden[strings.TrimPrefix(f, "/")] = true
	}

	// Static files, stylesheets and scripts also under a fingerprinted name
	// ("css/style.1a2b3c4d5e.css") that layouts link through Asset, so that
	// they can be cached for ever; the resized copies of the images shown.
	static := map[string]func() ([]byte, error){}
	assets := map[string]string{}
	for _, name := range out.staticNames {
		if hidden[name] {
			continue // used only by hidden pages
		}
		file := func() ([]byte, error) { return out.readStatic(name) }
		static[name] = file
		if ext := path.Ext(name); ext == ".css" || ext == ".js" {
			data, err := file()
			if err != nil {
				out.Errors = append(out.Errors, content.Errorf("static/"+name, content.Pos{}, "%v", unwrap(err)))
				continue
			}
			fp := strings.TrimSuffix(name, ext) + "." + fmt.Sprintf("%016x", fnvBytes(data))[:10] + ext
			static[fp] = file
			assets["/"+name] = "/" + fp
		}
	}
	for _, p := range s.Pages {
		for _, u := range p.Uses() {
			name := strings.TrimPrefix(u, "/")
			if _, ok := static[name]; !ok || !media.Resizable(name) {
				continue
			}
			info := out.info(u)
			if !info.IsImage() {
				continue
			}
			resized, share := media.Plan(name, info.Width)
			for i, v := range append(resized, share) {
				static[v.Name] = func() ([]byte, error) { return out.variant(name, i) }
			}
		}
	}

	out.render = tmpl.For(s, render.Options{Assets: assets, Images: out.renderImage, Head: opts.Head, Minify: out.minifyPage()})
	out.feeds = feeds.New(s, out.render.FeedContent)
	for _, p := range s.Pages {
		out.files[p.OutputPath()] = func() ([]byte, error) { return out.render.Page(p) }
	}
	for _, f := range s.Feeds {
		dir := strings.TrimPrefix(f.Path, "/")
		for _, name := range []string{site.RSSFile, site.AtomFile, site.JSONFile} {
			// Written compact (no indentation, no comments): minifying them
			// again would cost much and save nothing.
			out.files[path.Join(dir, name)] = func() ([]byte, error) { return out.feeds.File(f, name) }
		}
	}
	out.files[site.SearchIndex] = func() ([]byte, error) { return search.Index(s) }
	out.files[hosting.SitemapFile] = func() ([]byte, error) { return hosting.Sitemap(s), nil }
	out.files[hosting.RobotsFile] = func() ([]byte, error) { return hosting.Robots(s), nil }
	out.files[hosting.RedirectsFile] = func() ([]byte, error) { return hosting.Redirects(s), nil }
	out.files[hosting.HeadersFile] = func() ([]byte, error) { return hosting.Headers(s, assets), nil }
	for _, name := range slices.Sorted(maps.Keys(static)) {
		if _, made := out.files[name]; made {
			out.Errors = append(out.Errors, content.Errorf("static/"+name, content.Pos{}, "this file has the same path as a generated page"))
			continue
		}
		out.files[name] = static[name]
	}
}

// minifyPage is the minifier of pages rendered from layouts as written,
// when the build minifies.
func (out *Output) minifyPage() func(string, []byte) ([]byte, error) {
	if !out.opts.Minify {
		return nil
	}
	return out.b.min.Minify
}

// readStatic reads a static file as it is published: minified when the
// build minifies. It is read once for this Output, and not again by the
// next Load unless it changed.
func (out *Output) readStatic(name string) ([]byte, error) {
	f := out.static.get(name)
	f.once.Do(func() {
		f.data, f.err = readFile(out.staticFS, name)
		if f.err == nil && out.opts.Minify {
			f.data, f.err = out.b.min.Minify(name, f.data)
		}
	})
	return f.data, f.err
}

// info describes the static file at site path u, as it is published.
func (out *Output) info(u string) *staticInfo {
	name := strings.TrimPrefix(u, "/")
	out.mu.Lock()
	i, ok := out.infos[name]
	if !ok {
		i = &staticInfo{}
		out.infos[name] = i
	}
	out.mu.Unlock()
	i.once.Do(func() {
		if !out.statics[name] {
			return
		}
		data, err := out.readStatic(name)
		if err != nil {
			return
		}
		i.Info, i.ok = media.Describe(name, data), true
	})
	return i
}

// markdownImage describes an image of the site for the Markdown
// converter: its size, and its resized copies with their widths.
func (out *Output) markdownImage(u string) (markdown.Image, bool) {
	img, ok := out.renderImage(u)
	return img.Image, ok
}

// renderImage describes an image of the site for layouts.
func (out *Output) renderImage(u string) (render.Image, bool) {
	if !isImage(u) {
		return render.Image{}, false
	}
	info := out.info(u)
	if !info.ok {
		return render.Image{}, false
	}
	img := render.Image{Image: markdown.Image{Width: info.Width, Height: info.Height}}
	name := strings.TrimPrefix(u, "/")
	if media.Resizable(name) && info.IsImage() {
		resized, share := media.Plan(name, info.Width)
		var set []string
		for _, v := range resized {
			set = append(set, fmt.Sprintf("/%s %dw", v.Name, v.Width))
		}
		if len(set) > 0 {
			img.Srcset = strings.Join(append(set, fmt.Sprintf("/%s %dw", name, info.Width)), ", ")
		}
		img.Share = "/" + share.Name
	}
	return img, true
}

// sameImages reports whether the images a text showed are still as they
// were when it was converted.
func (out *Output) sameImages(uses []markdown.ImageUse) bool {
	for _, u := range uses {
		img, ok := out.markdownImage(u.Path)
		if ok != u.Found || img != u.Image {
			return false
		}
	}
	return true
}

// variant makes the i-th copy (the resized ones, then the one for
// sharing) of the image name.
func (out *Output) variant(name string, i int) ([]byte, error) {
	data, err := out.readStatic(name)
	if err != nil {
		return nil, err
	}
	resized, share, err := out.b.images.Get(name, data)
	if err != nil {
		return nil, content.Errorf("static/"+name, content.Pos{}, "%v", err)
	}
	all := append(resized, *share)
	if i >= len(all) {
		return nil, content.Errorf("static/"+name, content.Pos{}, "no resized copy %d", i)
	}
	return all[i].Data, nil
}
