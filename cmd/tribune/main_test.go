package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// at is the build instant of every test build.
const at = "2026-11-26T12:00:00+01:00"

// exitCode maps run's error to the exit status the way main does.
func exitCode(err error) int {
	var u usageError
	var e exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &e):
		return e.code
	case errors.As(err, &u):
		return 2
	}
	return 1
}

type result struct {
	err            error
	stdout, stderr string
}

// tribune runs the command in-process; a panic fails the test.
func tribune(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("tribune %q panicked: %v\n%s", args, r, debug.Stack())
			}
		}()
		err = run(context.Background(), args, &stdout, &stderr)
	}()
	return result{err, stdout.String(), stderr.String()}
}

func buildSite(t *testing.T, src, out string, extra ...string) result {
	t.Helper()
	return tribune(t, append([]string{"build", "-src", src, "-out", out, "-at", at}, extra...)...)
}

// mustBuild builds and checks the summary line against the output folder.
func mustBuild(t *testing.T, src, out string) {
	t.Helper()
	r := buildSite(t, src, out)
	if r.err != nil {
		t.Fatalf("build failed: %v\nstderr: %s", r.err, r.stderr)
	}
	m := regexp.MustCompile(`^(\d+) pages, (\d+) fichiers construits en \d+ ms\n$`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("summary = %q, want \"N pages, M fichiers construits en X ms\"", r.stdout)
	}
	pages, _ := strconv.Atoi(m[1])
	files, _ := strconv.Atoi(m[2])
	if n := len(regularFiles(t, out)); pages == 0 || files != n {
		t.Errorf("summary %q: %d files in %s", r.stdout, n, out)
	}
}

// siteArchive is the valid site every test starts from.
func siteArchive(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// writeFiles writes the files of a txtar archive under dir, replacing any
// file of the same name.
func writeFiles(t testing.TB, dir, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newSite writes the valid site, then each patch, into a new folder.
func newSite(t *testing.T, patches ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	writeFiles(t, dir, siteArchive(t))
	for _, p := range patches {
		writeFiles(t, dir, p)
	}
	return dir
}

// snapshot maps every path under dir (slash-separated) to the hash of its
// bytes, "dir" for a folder or "-> target" for a link. The site's cache of
// drawn and resized pictures (.tribune/cache) is left out: it is not
// output, and a build that fails may have drawn some.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() && (path.Base(rel) == ".tribune" || strings.HasSuffix(rel, ".tribune/cache")) {
			if path.Base(rel) == "cache" {
				return filepath.SkipDir
			}
			return nil // its files are compared
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "-> " + target
		case d.IsDir():
			out[rel] = "dir"
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			out[rel] = hex.EncodeToString(sum[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func regularFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for p, h := range snapshot(t, dir) {
		if h != "dir" && !strings.HasPrefix(h, "-> ") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// sameTree reports every difference between two snapshots.
func sameTree(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var diffs []string
	for p, h := range want {
		switch g, ok := got[p]; {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case g != h:
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "added "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s: %d differences:\n%s", what, len(diffs), strings.Join(diffs, "\n"))
	}
}

func TestBuildGoodSite(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	out := filepath.Join(src, "public")
	mustBuild(t, src, out)
	for _, p := range []string{
		"index.html", "404.html",
		"tribunes/index.html", "tribunes/plateformes/index.html",
		"tribunes/eduquer-au-consentement-des-l-ecole/index.html",
		"communiques/index.html", "a-propos/index.html",
		"ancienne-tribune/index.html", "documents/barometre.pdf", "images/logo.svg",
	} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	// The default output folder is SRC/public.
	src2 := newSite(t)
	r := tribune(t, "build", "-src", src2, "-at", at)
	if r.err != nil {
		t.Fatal(r.err)
	}
	sameTree(t, "default -out", snapshot(t, filepath.Join(src2, "public")), snapshot(t, out))
}

// badInputs each break the valid site in one way. want are substrings of
// the error, in order; the first ones are the "file:line:col:" prefixes.
var badInputs = []struct {
	name  string
	patch string
	want  []string
}{
	{
		name: "template error",
		patch: `-- layouts/single.html --
{{define "main"}}
<h1>{{.Page.Title}}</h1>
<p>{{.Page.Nope}}</p>
{{end}}
`,
		want: []string{"layouts/single.html:3:", "Nope", "(rendering content/a-propos.md)"},
	},
	{
		name: "unknown layout",
		patch: `-- content/a-propos.md --
---
title: À propos
date: 2025-01-06
layout: nope
---
`,
		want: []string{`content/a-propos.md:4:1: unknown layout "nope": add the file "layouts/nope.html"`},
	},
	{
		name: "slug collision",
		patch: `-- content/tribunes/2026-05-01-doublon.md --
---
title: Une autre tribune
date: 2026-05-01
slug: plateformes
signatories: [{name: Claire Vasseur}]
---
`,
		want: []string{"content/tribunes/2026-05-01-doublon.md:4:1: URL /tribunes/plateformes/ is also produced by content/tribunes/2026-03-01-plateformes.md:4:1"},
	},
	{
		name: "title collision",
		patch: `-- content/tribunes/2026-05-01-doublon.md --
---
title: "Les plateformes doivent protéger les enfants !"
date: 2026-05-01
signatories: [{name: Claire Vasseur}]
slug: plateformes
---
`,
		want: []string{"content/tribunes/2026-05-01-doublon.md:5:1: URL /tribunes/plateformes/ is also produced by content/tribunes/2026-03-01-plateformes.md"},
	},
	{
		name: "alias collides with a page",
		patch: `-- content/tribunes/2026-05-01-alias.md --
---
title: Une tribune
date: 2026-05-01
signatories: [{name: Claire Vasseur}]
aliases: [/a-propos/]
---
`,
		want: []string{"content/tribunes/2026-05-01-alias.md:5:11: URL /a-propos/ is also produced by content/a-propos.md"},
	},
	{
		name: "slug leaving the folder",
		patch: `-- content/tribunes/2026-05-01-evasion.md --
---
title: Évasion
date: 2026-05-01
slug: ../../etc
signatories: [{name: Claire Vasseur}]
---
`,
		want: []string{`content/tribunes/2026-05-01-evasion.md:4:1: slug "../../etc" must be a single URL segment, without / or ..`},
	},
	{
		name: "alias leaving the folder",
		patch: `-- content/tribunes/2026-05-01-evasion.md --
---
title: Évasion
date: 2026-05-01
signatories: [{name: Claire Vasseur}]
aliases:
  - /ok/
  - /../../x/
---
`,
		want: []string{`content/tribunes/2026-05-01-evasion.md:7:5: alias "/../../x/": must not contain . or .. segments`},
	},
	{
		name: "malformed YAML",
		patch: `-- content/communiques/2026-04-08-barometre.md --
---
title: "Baromètre 2026
date: 2026-04-08
tags: [numérique
---
`,
		want: []string{`content/communiques/2026-04-08-barometre.md:2:8: the value of title starts with a quote and goes on after it, or never closes it: put the whole value in quotes, such as title: "Baromètre 2026"`},
	},
	{
		name: "malformed YAML indentation",
		patch: `-- content/communiques/2026-04-08-barometre.md --
---
title: Baromètre
date: 2026-04-08
  dateline: Lyon
---
`,
		want: []string{"content/communiques/2026-04-08-barometre.md:4:1: the lines around here are not shifted as YAML expects: keys of the same level start at the same column, and a list's items with \"- \" (YAML says: mapping values are not allowed in this context)"},
	},
	{
		name: "unknown key",
		patch: `-- content/communiques/2026-04-08-barometre.md --
---
titel: Baromètre
date: 2026-04-08
---
`,
		// The misspelt title alone: "missing title" would only confuse.
		want: []string{
			`content/communiques/2026-04-08-barometre.md:2:1: unknown key "titel" (did you mean "title"?)`,
		},
	},
	{
		name: "malformed TOML",
		patch: `-- content/tribunes/2026-06-10-ecole.md --
+++
title = "Éduquer"
date = 2026-06-10
tags = ["éducation"
+++
`,
		want: []string{"content/tribunes/2026-06-10-ecole.md:4:20: invalid TOML: array is incomplete"},
	},
	{
		name:  "CRLF file with a wrong type",
		patch: "-- content/a-propos.md --\r\n---\r\ntitle: À propos\r\ndate: 2025-01-06\r\ndraft: oui\r\n---\r\n",
		want:  []string{`content/a-propos.md:4:8: draft: expected true or false, got the text "oui"`},
	},
	{
		name:  "binary file",
		patch: "-- content/logo.md --\n\x89PNG\n\x00\x00",
		want:  []string{"content/logo.md:2:1: binary data (NUL byte)"},
	},
	{
		name: "bad site.toml",
		patch: `-- site.toml --
title = "x"
timeZone = "Europe/Pariss"
`,
		want: []string{`site.toml:2:1: unknown time zone "Europe/Pariss"`},
	},
	{
		name: "missing attachment",
		patch: `-- content/communiques/2026-04-08-barometre.md --
---
title: Baromètre
date: 2026-04-08
attachments:
  - src: /documents/absent.pdf
---
`,
		want: []string{"content/communiques/2026-04-08-barometre.md:5:5: attachment /documents/absent.pdf not found"},
	},
}

func TestBuildBadInput(t *testing.T) {
	for _, tt := range badInputs {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := newSite(t)
			out := filepath.Join(src, "public")
			mustBuild(t, src, out)
			writeFiles(t, src, tt.patch)
			before := snapshot(t, filepath.Dir(src))

			r := buildSite(t, src, out)
			if r.err == nil {
				t.Fatalf("build succeeded, want an error containing %q", tt.want)
			}
			if code := exitCode(r.err); code != 1 {
				t.Errorf("exit status %d, want 1 (%v)", code, r.err)
			}
			msg := r.err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("error does not contain %q (in order):\n%s", w, msg)
					break
				}
				rest = rest[i+len(w):]
			}
			if !strings.Contains(msg, "was left as it was") {
				t.Errorf("error does not say the output was kept:\n%s", msg)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing on failure", r.stdout)
			}
			// The previous output, and everything else, is untouched; no
			// temporary folder is left behind.
			sameTree(t, "after a failed build", snapshot(t, filepath.Dir(src)), before)
		})
	}
}

// TestBuildReportsEveryBadFile checks that one run names every bad file,
// each at its place.
func TestBuildReportsEveryBadFile(t *testing.T) {
	t.Parallel()
	src := newSite(t, `-- content/communiques/2026-04-08-barometre.md --
---
title: Baromètre
date: 2026-04-08
  dateline: Lyon
---
-- content/tribunes/2026-06-10-ecole.md --
+++
title = "Éduquer au consentement"
date = 2026-06-10
auteur = "Olivier Brunet"
+++
-- content/tribunes/2026-05-01-evasion.md --
---
title: Évasion
date: 2026-05-01
slug: ../../etc
signatories: [{name: Claire Vasseur}]
---
`)
	r := buildSite(t, src, filepath.Join(src, "public"))
	if exitCode(r.err) != 1 {
		t.Fatalf("exit status %d (%v), want 1", exitCode(r.err), r.err)
	}
	want := []string{
		"content/communiques/2026-04-08-barometre.md:4:1: the lines around here are not shifted",
		"content/tribunes/2026-05-01-evasion.md:4:1: slug \"../../etc\"",
		"content/tribunes/2026-06-10-ecole.md:4:1: unknown key \"auteur\"",
		"tribune: build failed with 3 errors",
	}
	lines := strings.Split(r.err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%v", len(lines), len(want), r.err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want prefix %q", i+1, lines[i], w)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed first build created the output folder: %v", err)
	}
}

// TestBuildReportsEveryStage checks that problems found while rendering
// (unknown layout, template error) are reported together, and in the same
// run as problems in front matter.
func TestBuildReportsEveryStage(t *testing.T) {
	t.Parallel()
	src := newSite(t, `-- content/tribunes/2026-06-10-ecole.md --
---
title: Éduquer au consentement
date: 2026-06-10
layout: nope
signatories: [{name: Olivier Brunet}]
---
-- layouts/single.html --
{{define "main"}}
<p>{{.Page.Nope}}</p>
{{end}}
`)
	renderErrors := []string{
		"content/tribunes/2026-06-10-ecole.md:4:1: unknown layout \"nope\"",
		"layouts/single.html:2:",
	}
	r := buildSite(t, src, filepath.Join(src, "public"))
	if exitCode(r.err) != 1 {
		t.Fatalf("exit status %d (%v), want 1", exitCode(r.err), r.err)
	}
	for _, w := range renderErrors {
		if !strings.Contains(r.err.Error(), w) {
			t.Errorf("error does not contain %q:\n%v", w, r.err)
		}
	}

	writeFiles(t, src, `-- content/communiques/2026-04-08-barometre.md --
---
titel: Baromètre
date: 2026-04-08
---
`)
	r = buildSite(t, src, filepath.Join(src, "public"))
	if exitCode(r.err) != 1 {
		t.Fatalf("exit status %d (%v), want 1", exitCode(r.err), r.err)
	}
	msg := r.err.Error()
	var missing []string
	for _, w := range append([]string{"content/communiques/2026-04-08-barometre.md:2:1: unknown key \"titel\""}, renderErrors...) {
		if !strings.Contains(msg, w) {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		t.Errorf("one run must report the errors of every stage; missing %q from:\n%s", missing, msg)
	}
}

func TestExitStatus(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	out := filepath.Join(t.TempDir(), "out")
	bad := newSite(t, "-- content/a-propos.md --\n---\ntitel: x\n---\n")
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"bild"}, 2},
		{"unknown flag", []string{"build", "-src", src, "-out", out, "-nope"}, 2},
		{"flag without value", []string{"build", "-src"}, 2},
		{"bad -at", []string{"build", "-src", src, "-out", out, "-at", "demain"}, 2},
		{"-at without offset", []string{"build", "-src", src, "-out", out, "-at", "2026-11-26T12:00:00"}, 2},
		{"-at date only", []string{"build", "-src", src, "-out", out, "-at", "2026-11-26"}, 2},
		{"bad -minify", []string{"build", "-src", src, "-out", out, "-minify=peut-être"}, 2},
		{"stray argument", []string{"build", "-src", src, "-out", out, "public"}, 2},
		{"help", []string{"help"}, 0},
		{"-h", []string{"-h"}, 0},
		{"version", []string{"version"}, 0},
		{"build -h", []string{"build", "-h"}, 0},
		// -h prints the usage and does nothing else: no site here.
		{"schedule -h", []string{"schedule", "-src", filepath.Join(src, "absent"), "-h"}, 0},
		{"serve -h", []string{"serve", "-src", filepath.Join(src, "absent"), "-h"}, 0},
		{"new -h", []string{"new", "-src", filepath.Join(src, "absent"), "-h", "tribune", "Titre"}, 0},
		{"email -h", []string{"email", "-src", filepath.Join(src, "absent"), "-h"}, 0},
		{"build -src absent -h", []string{"build", "-src", filepath.Join(src, "absent"), "-h"}, 0},
		{"content error", []string{"build", "-src", bad, "-out", out, "-at", at}, 1},
		{"missing site folder", []string{"build", "-src", filepath.Join(src, "absent"), "-out", out, "-at", at}, 1},
		{"bad -base-url", []string{"build", "-src", src, "-out", out, "-at", at, "-base-url", "presse.example"}, 2},
		{"-addr port too big", []string{"serve", "-src", src, "-addr", "127.0.0.1:99999"}, 2},
		{"-addr port in words", []string{"serve", "-src", src, "-addr", "127.0.0.1:http"}, 2},
		{"-addr negative port", []string{"serve", "-src", src, "-addr", "127.0.0.1:-1"}, 2},
		{"-next with -due", []string{"schedule", "-src", src, "-at", at, "-next", "-due"}, 2},
		{"-preview with -noindex", []string{"build", "-src", src, "-out", out, "-preview", "-noindex"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tribune(t, tt.args...)
			if got := exitCode(r.err); got != tt.code {
				t.Errorf("tribune %q: exit status %d (%v), want %d", tt.args, got, r.err, tt.code)
			}
		})
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed command wrote %s", out)
	}
}

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	r := tribune(t, "help")
	if r.err != nil || !strings.Contains(r.stdout, "Utilisation\u00a0:") || !strings.Contains(r.stdout, "tribune build") {
		t.Errorf("help: %v, stdout %q", r.err, r.stdout)
	}
	r = tribune(t, "version")
	if r.err != nil || !strings.HasPrefix(r.stdout, "tribune ") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("version: %v, stdout %q", r.err, r.stdout)
	}
	r = tribune(t)
	if exitCode(r.err) != 2 || !strings.Contains(r.stderr, "Utilisation\u00a0:") {
		t.Errorf("no command: %v, stderr %q", r.err, r.stderr)
	}
}

// TestBuildRemovesStaleFiles checks that the output is exactly the last
// build: a page whose file was deleted, and any stray file, are gone.
func TestBuildRemovesStaleFiles(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	out := filepath.Join(src, "public")
	mustBuild(t, src, out)
	if _, err := os.Stat(filepath.Join(out, "a-propos", "index.html")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, "-- vieux/index.html --\nancienne page\n-- .htaccess --\nDeny from all\n")
	if err := os.Remove(filepath.Join(src, "content", "a-propos.md")); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, src, out)
	for _, p := range []string{"a-propos", "vieux", ".htaccess"} {
		if _, err := os.Stat(filepath.Join(out, p)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still in the output after a rebuild (%v)", p, err)
		}
	}
	// Only the site, its output and tribune's cache are left: no
	// temporary folders.
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "content", "static", "public", "site.toml", ".tribune":
		default:
			t.Errorf("left in the site folder: %s", e.Name())
		}
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	mustBuild(t, src, fresh)
	sameTree(t, "rebuild vs fresh build", snapshot(t, out), snapshot(t, fresh))
}

// TestBuildStaysInOutput checks that no slug, alias or file name leads a
// write outside the output folder.
func TestBuildStaysInOutput(t *testing.T) {
	t.Parallel()
	t.Run("rejected", func(t *testing.T) {
		for _, patch := range []string{
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\nslug: ../../../evasion\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\nslug: ..\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\nslug: 'a\\..\\..\\b'\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\naliases: [/../../../evasion/]\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\naliases: [/a/../../evasion.html]\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\naliases: [/%2e%2e/%2e%2e/evasion/]\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\naliases: ['\\..\\evasion\\']\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\naliases: [../evasion/]\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\naliases: [/..evasion../]\nsignatories: [{name: A}]\n---\n",
			"-- content/tribunes/x.md --\n---\ntitle: x\ndate: 2026-05-01\nlayout: ../../../etc/passwd\nsignatories: [{name: A}]\n---\n",
		} {
			root := t.TempDir()
			src := filepath.Join(root, "site")
			writeFiles(t, src, siteArchive(t))
			writeFiles(t, src, patch)
			out := filepath.Join(root, "a", "b", "out")
			before := snapshot(t, root)
			r := buildSite(t, src, out)
			if exitCode(r.err) != 1 {
				t.Errorf("%q: exit status %d (%v), want 1", patch, exitCode(r.err), r.err)
			}
			if !strings.Contains(r.err.Error(), "content/tribunes/x.md:") {
				t.Errorf("%q: error does not name the file:\n%v", patch, r.err)
			}
			sameTree(t, "after a rejected build", snapshot(t, root), before)
		}
	})
	t.Run("accepted", func(t *testing.T) {
		root := t.TempDir()
		src := filepath.Join(root, "site")
		writeFiles(t, src, siteArchive(t))
		writeFiles(t, src, `-- content/tribunes/x.md --
---
title: x
date: 2026-05-01
slug: "…etc…"
signatories: [{name: A}]
aliases: ["//etc/evasion/", "/a//b/"]
---
-- content/Évasion ../y.md --
---
title: page y
date: 2026-05-01
---
`)
		out := filepath.Join(root, "a", "b", "out")
		srcBefore := snapshot(t, src)
		mustBuild(t, src, out)
		for _, p := range []string{"etc/evasion/index.html", "a/b/index.html", "tribunes/etc/index.html", "evasion/y/index.html"} {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
				t.Errorf("missing output inside the output folder: %v\n%q", err, regularFiles(t, out))
			}
		}
		sameTree(t, "site folder", snapshot(t, src), srcBefore)
		for p := range snapshot(t, root) {
			switch {
			case p == "." || p == "a" || p == "a/b" || p == "site" || strings.HasPrefix(p, "site/"):
			case p == "a/b/out" || strings.HasPrefix(p, "a/b/out/"):
			default:
				t.Errorf("written outside the output folder: %s", p)
			}
		}
	})
}

// TestBuildDeterministic checks that output is a function of input only:
// two builds are byte-identical, and so are builds of the same content
// saved with CRLF line endings or a byte-order mark.
func TestBuildDeterministic(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	out1 := filepath.Join(t.TempDir(), "out1")
	out2 := filepath.Join(t.TempDir(), "out2")
	mustBuild(t, src, out1)
	mustBuild(t, src, out2)
	want := snapshot(t, out1)
	sameTree(t, "second build", snapshot(t, out2), want)

	for name, convert := range map[string]func(string) string{
		"CRLF":     func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"BOM":      func(s string) string { return "\uFEFF" + s },
		"BOM+CRLF": func(s string) string { return "\uFEFF" + strings.ReplaceAll(s, "\n", "\r\n") },
	} {
		t.Run(name, func(t *testing.T) {
			a := txtar.Parse([]byte(siteArchive(t)))
			dir := filepath.Join(t.TempDir(), "site")
			converted := 0
			for _, f := range a.Files {
				data := string(f.Data)
				if strings.HasPrefix(f.Name, "content/") || f.Name == "site.toml" {
					data = convert(data)
					converted++
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if converted < 5 {
				t.Fatalf("converted only %d files", converted)
			}
			out := filepath.Join(t.TempDir(), "out")
			mustBuild(t, dir, out)
			sameTree(t, name+" copy", snapshot(t, out), want)
		})
	}
}

// TestBuildHTMLAlias checks that an alias naming an old .html page, which
// the site model accepts, is written at that path.
func TestBuildHTMLAlias(t *testing.T) {
	t.Parallel()
	src := newSite(t, `-- content/tribunes/2026-03-01-plateformes.md --
---
title: "Les plateformes doivent protéger les enfants"
date: 2026-03-01T07:00:00+01:00
slug: plateformes
aliases: ["/archives/tribune-2026.html"]
signatories: [{name: Claire Vasseur}]
---
`)
	out := filepath.Join(src, "public")
	mustBuild(t, src, out)
	data, err := os.ReadFile(filepath.Join(out, "archives", "tribune-2026.html"))
	if err != nil {
		t.Fatalf("alias page not written at archives/tribune-2026.html: %v; output: %q", err, regularFiles(t, out))
	}
	if !strings.Contains(string(data), "/tribunes/plateformes/") {
		t.Errorf("alias page does not redirect to /tribunes/plateformes/:\n%s", data)
	}
}

// version names the module's version and the revision it was built from.
func TestVersionOf(t *testing.T) {
	t.Parallel()
	info := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "3f2a9c1e0b7d5566778899aabbccddeeff001122"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got := versionOf(info); got != "(devel) 3f2a9c1e0b7d, 2026-12-01T10:00:00Z, modified" {
		t.Errorf("versionOf = %q", got)
	}
	if got := versionOf(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}); got != "v1.2.0" {
		t.Errorf("versionOf release = %q", got)
	}
	if got := versionOf(nil); got != "(devel)" {
		t.Errorf("versionOf(nil) = %q", got)
	}
}
