// Tribune builds the press site of an advocacy organisation from Markdown:
// tribunes (op-eds) and communiqués de presse (press releases), with feeds,
// embargoes and a live preview.
//
// Usage:
//
//	tribune serve [-src DIR] [-addr 127.0.0.1:1313] [-preview=BOOL] [-at TIME]
//	tribune build [-src DIR] [-out DIR] [-at TIME] [-base-url URL] [-minify=BOOL] [-preview | -noindex] [-netlify-functions DIR] [-timings]
//	tribune new [-src DIR] tribune|communique "Titre"
//	tribune schedule [-src DIR] [-at TIME] [-next | -due [-since TIME]]
//	tribune email [-src DIR] [-o FILE.eml] FILE
//	tribune email [-src DIR] -smtp HOST:PORT -from ADDR -to LIST.csv [-send] FILE
//	tribune help
//	tribune version
//
// serve builds the site in memory and serves it on 127.0.0.1:1313 for
// preview: drafts and embargoed statements are shown, marked as such.
//
// new creates content/<section>/<slug>.md, a draft dated today with every
// field of its kind explained, and prints its path; it never overwrites.
//
// schedule lists the coming changes of state (embargoes that lift,
// scheduled publications, expiries) in the site's time zone; -next prints
// only the next instant, for deploy scripts.
//
// build turns DIR/content into a complete site in DIR/public (or -out).
// -at is the build instant (RFC 3339, default now): embargoes, scheduled
// pages and expiries are decided against it. -preview includes drafts and
// hidden statements, marked as such. The output folder is replaced only
// when the whole build succeeded.
//
// Exit status: 0 on success, 1 when the site has errors (each printed as
// file:line:col: message), 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/publish"
	"tribune/internal/site"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	lang := siteLanguage(os.Args[1:])
	var u usageError
	var e exitError
	switch {
	case err == nil:
	case errors.As(err, &e):
		if e.err != nil {
			fmt.Fprintln(os.Stderr, locale.ErrorIn(e.err, lang))
		}
		os.Exit(e.code)
	case errors.As(err, &u):
		say(os.Stderr, lang, "tribune: %v\n", u)
		say(os.Stderr, lang, "run 'tribune help' for usage\n")
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, locale.ErrorIn(err, lang))
		os.Exit(1)
	}
}

// usage is the command's help, in English; locale's table has it in
// French.
const usage = `tribune builds the press site of an advocacy organisation.

Usage:

	tribune serve [-src DIR] [-addr 127.0.0.1:1313] [-preview=BOOL] [-at TIME]
	tribune build [-src DIR] [-out DIR] [-at TIME] [-base-url URL] [-minify=BOOL] [-preview | -noindex] [-netlify-functions DIR] [-timings]
	tribune new [-src DIR] tribune|communique "Title"
	tribune schedule [-src DIR] [-at TIME] [-next | -due [-since TIME]]
	tribune email [-src DIR] [-o FILE.eml] FILE
	tribune email [-src DIR] -smtp HOST:PORT -from ADDR -to LIST.csv [-send] FILE
	tribune comments import [-src DIR] [-approve IDS] [-reject IDS] FILE.csv
	tribune help [fields | settings]
	tribune version

serve    previews the site while you write: every saved file shows at once
build    makes the site to publish, in public/
new      starts a tribune or a communiqué, as a draft
schedule lists the embargoes that lift and the statements to come
email    writes a communiqué as a message for journalists, or sends it
comments reads the comments readers sent, to publish or refuse them
help     this help; "help fields" describes every front matter key,
         "help settings" every setting of site.toml

Run 'tribune COMMAND -h' for a command's options.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	lang := siteLanguage(args)
	if len(args) == 0 {
		say(stderr, lang, usage)
		return usagef("missing command")
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], time.Now(), stdout, stderr)
	case "schedule":
		return runSchedule(ctx, args[1:], stdout, stderr)
	case "email":
		return runEmail(ctx, args[1:], stdout, stderr)
	case "comments":
		return runComments(ctx, args[1:], os.Stdin, stdinIsTerminal(os.Stdin), time.Now(), stdout, stderr)
	case "help", "-h", "-help", "--help":
		return runHelp(args[1:], lang, stdout)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "tribune", version())
		return nil
	}
	return usagef("unknown command \"%s\"", content.Printable(args[0]))
}

// version is the module's version and, when the binary was built from a
// repository (go build, go install), the revision it was built from:
// "v1.2.0", "(devel) 3f2a9c1e0b7d, 2026-12-01T10:00:00Z, modified".
func version() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(info)
}

func versionOf(info *debug.BuildInfo) string {
	if info == nil {
		return "(devel)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v += " " + rev
	if when != "" {
		v += ", " + when
	}
	if modified {
		v += ", modified"
	}
	return v
}

// siteFlags are the flags shared by the commands that build.
type siteFlags struct {
	src, out, at, baseURL string
	minify, preview       bool
	timings               bool
}

func (f *siteFlags) register(fs *flag.FlagSet, lang string) {
	fs.StringVar(&f.src, "src", ".", tr(lang, "site `folder` (holding content/, and optionally site.toml, layouts/, static/)"))
	fs.StringVar(&f.out, "out", "", tr(lang, "output `folder` (default SRC/public)"))
	fs.StringVar(&f.at, "at", "", tr(lang, "build `instant`, RFC 3339 (default now): decides embargoes and expiries"))
	fs.StringVar(&f.baseURL, "base-url", "", tr(lang, "absolute `URL` the site is served at (overrides site.toml)"))
	fs.BoolVar(&f.minify, "minify", true, tr(lang, "minify HTML, CSS, JS, SVG, JSON and XML"))
	fs.BoolVar(&f.preview, "preview", false, tr(lang, "include drafts and hidden statements, marked, and mark the site noindex"))
	fs.BoolVar(&f.timings, "timings", false, tr(lang, "print how long each stage took"))
}

func (f *siteFlags) instant(now time.Time) (time.Time, error) {
	if f.at == "" {
		return now, nil
	}
	t, err := time.Parse(time.RFC3339, f.at)
	if err != nil {
		return time.Time{}, usagef("-at %q: want an RFC 3339 time such as 2024-06-25T06:00:00+02:00", f.at)
	}
	return t, nil
}

// openSite opens the site folder so that no symbolic link inside it can
// lead reads outside.
func openSite(dir string) (*os.Root, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, locale.M("cannot open the site folder: %v", err)
	}
	return root, nil
}

// outsideSources refuses an output folder that holds the site or lies
// among the files it is made of: replacing it would delete them. The site
// folder, any folder above it and any folder inside content/, static/,
// layouts/ or .tribune/ are refused ("-out .", "..", "/" among them).
func outsideSources(src, out string) error {
	s, err := resolve(src)
	if err != nil {
		return err
	}
	o, err := resolve(out)
	if err != nil {
		return err
	}
	if o == s || within(s, o) {
		return locale.M("-out %s holds the site folder %s: replacing it would delete the site; choose a folder of its own, such as %s", out, src, filepath.Join(src, "public"))
	}
	for _, dir := range []string{"content", "static", "layouts", ".tribune"} {
		if d := filepath.Join(s, dir); o == d || within(o, d) {
			return locale.M("-out %s is in %s, which tribune reads: choose a folder of its own, such as %s", out, filepath.Join(src, dir), filepath.Join(src, "public"))
		}
	}
	if info, err := os.Lstat(filepath.Clean(out)); err == nil && info.Mode()&os.ModeSymlink != 0 {
		// The new output replaces the folder named, in one move: the
		// link itself, not what it leads to.
		return locale.M("-out %s is a symbolic link: give the folder it leads to, %s", out, o)
	}
	return nil
}

// resolve makes p absolute, following its symbolic links as the system
// does: each part in turn, so that "link/.." is the folder above the
// link's target, not the folder holding the link. The part of p that does
// not exist yet is joined as written.
func resolve(p string) (string, error) {
	vol := filepath.VolumeName(p)
	rest := p[len(vol):]
	var cur string
	if filepath.IsAbs(p) {
		cur = vol + string(filepath.Separator)
	} else {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		if cur, err = filepath.EvalSymlinks(wd); err != nil {
			return "", err
		}
		if vol != "" { // "C:x" on Windows
			return filepath.Abs(p)
		}
	}
	for _, part := range strings.FieldsFunc(rest, func(r rune) bool { return r == '/' || r == filepath.Separator }) {
		switch part {
		case ".":
			continue
		case "..":
			cur = filepath.Dir(cur)
			continue
		}
		next := filepath.Join(cur, part)
		if real, err := filepath.EvalSymlinks(next); err == nil {
			next = real
		}
		cur = next
	}
	return cur, nil
}

// within reports whether path p is inside folder dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// ownFolder checks that tribune's own folder in the site (.tribune/, its
// cache and records) is reached through no link, before anything is
// written.
func ownFolder(root *os.Root) error {
	var errs content.ErrorList
	for _, name := range []string{build.ImageCache, nextChangeFile} {
		err := content.NoLinks(root, name)
		var e *content.Error
		switch {
		case err == nil:
		case !errors.As(err, &e):
			return err
		case !slices.ContainsFunc(errs, func(x *content.Error) bool { return x.File == e.File }):
			errs = append(errs, e)
		}
	}
	return errs.Err()
}

// embargoKey is the key of the secret addresses of embargo copies, from
// the environment.
func embargoKey() []byte { return []byte(os.Getenv(site.EmbargoKeyVar)) }

// keep lists the entries at the top of the output folder that builds
// keep: publish.Kept and site.toml's keep.
func keep(root *os.Root) []string {
	cfg, _ := content.LoadConfig(root.FS())
	return append(slices.Clone(publish.Kept), cfg.Keep...)
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	var f siteFlags
	var cpuProfile, memProfile string
	lang := siteLanguage(args)
	fl := newFlags("build", lang, tr(lang, "tribune build [-src DIR] [-out DIR] [-at TIME] [-base-url URL] [-minify=BOOL] [-preview | -noindex] [-netlify-functions DIR] [-timings]"), stderr)
	f.register(fl, lang)
	fl.StringVar(&cpuProfile, "cpuprofile", "", tr(lang, "write a CPU profile of the build to `file`, for go tool pprof"))
	fl.StringVar(&memProfile, "memprofile", "", tr(lang, "write a profile of the build's memory allocations to `file`, for go tool pprof"))
	var functions string
	var noIndex bool
	fl.BoolVar(&noIndex, "noindex", false, tr(lang, "publish only what production publishes, and mark the site noindex (deploy previews)"))
	fl.StringVar(&functions, "netlify-functions", "", tr(lang, "`folder` of the site (netlify/functions) where a production build writes the Netlify scheduled function that rebuilds the site when its next change is due"))
	if err := parseFlags(fl, args, stderr); err != nil {
		return err
	}
	if noIndex && f.preview {
		return usagef("-preview and -noindex build different sites (with drafts, or only what production publishes): give one of them")
	}
	stopProfiles, err := startProfiles(cpuProfile, memProfile)
	if err != nil {
		return err
	}
	defer func() {
		if perr := stopProfiles(); perr != nil && err == nil {
			err = perr
		}
	}()
	start := time.Now()
	at, err := f.instant(start)
	if err != nil {
		return err
	}
	if f.baseURL != "" {
		if err := content.DefaultConfig().SetBaseURL(f.baseURL); err != nil {
			return usagef("-base-url: %v", err)
		}
	}
	root, err := openSite(f.src)
	if err != nil {
		return err
	}
	defer root.Close()
	out := f.out
	if out == "" {
		out = filepath.Join(f.src, "public")
	}
	if err := outsideSources(f.src, out); err != nil {
		return usagef("%v", err)
	}
	if err := publish.CheckOutput(out, keep(root)); err != nil {
		return usagef("-out: %v", err)
	}
	if err := ownFolder(root); err != nil {
		return err
	}
	if functions != "" {
		if err := checkFunctionsDir(functions); err != nil {
			return err
		}
		// Never published: it holds the next instant and the page.
		fd, ferr := resolve(filepath.Join(f.src, functions))
		od, oerr := resolve(out)
		if ferr != nil || oerr != nil || fd == od || within(fd, od) {
			return usagef("-netlify-functions %s: the folder is in the output folder %s, which is published; use netlify/functions", functions, out)
		}
		if err := content.NoLinks(root, filepath.ToSlash(filepath.Join(functions, netlifyFunction))); err != nil {
			return err
		}
	}
	// Files are written into a new folder while the build renders the
	// others; it replaces out only if the whole build succeeds.
	stage, err := publish.Begin(ctx, out, keep(root))
	if err != nil {
		return locale.M("cannot write %s: %v", out, err)
	}
	res, err := build.New(root.FS(), root).Run(ctx, build.Options{At: at, BaseURL: f.baseURL, Preview: f.preview, NoIndex: noIndex, Minify: f.minify, EmbargoKey: embargoKey()}, stage.Put)
	if err != nil {
		stage.Abort()
		var l content.ErrorList
		if ctx.Err() != nil {
			return locale.M("tribune: build stopped (interrupted); the folder %s was left as it was", out)
		}
		if errors.As(err, &l) && len(l) == 1 {
			return locale.M("%v\ntribune: build failed with 1 error; the folder %s was left as it was", l, out)
		}
		if errors.As(err, &l) {
			return locale.M("%v\ntribune: build failed with %d errors; the folder %s was left as it was", l, len(l), out)
		}
		return err
	}
	for _, w := range res.Warnings {
		say(stderr, lang, "warning: %v\n", w)
	}
	writeStart, writeCPU := time.Now(), build.CPUTime()
	if err := stage.Commit(); err != nil {
		if ctx.Err() != nil {
			return locale.M("tribune: build stopped (interrupted); the folder %s was left as it was", out)
		}
		return locale.M("%v\ntribune: the folder %s was left as it was", err, out)
	}
	if f.timings {
		for _, t := range append(res.Timings, build.Timing{Stage: "write", D: time.Since(writeStart), CPU: build.CPUTime() - writeCPU}) {
			fmt.Fprintf(stderr, "%-18s %6d ms  (cpu %d ms)\n", t.Stage, t.D.Milliseconds(), t.CPU.Milliseconds())
		}
	}
	say(stdout, lang, "built %d pages, %d files in %d ms\n", len(res.Site.Pages), stage.Count(), time.Since(start).Milliseconds())
	if !f.preview {
		next, err := writeNextChange(root, res.Site)
		if err != nil {
			return locale.M("cannot record the next change: %v", err)
		}
		if next != "" {
			s := res.Site
			at := s.NextChange.In(s.Config.Location)
			when := s.Lang.LongDate(at) + ", " + s.Lang.Time(at) + " (" + s.Lang.ZoneTime(s.ZoneCity()) + ")"
			say(stdout, lang, "next change on %s: the site must be rebuilt then, which Netlify's scheduled function does (%s, in %s)\n",
				when, strings.TrimSpace(next), nextChangeFile)
		}
		if functions != "" {
			if err := writeNetlifyFunction(root, functions, res.Site); err != nil {
				return locale.M("cannot write the Netlify function: %v", err)
			}
		}
	}
	return nil
}
