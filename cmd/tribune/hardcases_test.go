package main

// The hard cases of issue 13 that need the command: what -out may name,
// what builds keep and remove, signals, special files, read-only output,
// names the file system refuses, control characters.

import (
	"bufio"
	"bytes"
	"errors"
	"image"
	"image/png"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// tribune deletes only what it made: -out naming the site, a folder above
// it, a folder it reads, or a folder of other files is refused with exit
// status 2, and nothing changes.
func TestBuildRefusesOutputsItDidNotMake(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeFiles(t, src, siteArchive(t))
	writeFiles(t, src, "-- layouts/partials/footer.html --\n<footer>pied</footer>\n-- .tribune/notes.txt --\nà garder\n")
	writeFiles(t, root, "-- docs/these.txt --\nune thèse\n-- docs/vide/.keep --\n")
	if err := os.Symlink(src, filepath.Join(root, "lien")); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{
		"the site":               src,
		"the site, via a link":   filepath.Join(root, "lien"),
		"the site, with ..":      filepath.Join(src, "content", ".."),
		"a folder above it":      root,
		"the file system root":   "/",
		"content/":               filepath.Join(src, "content"),
		"a folder in content/":   filepath.Join(src, "content", "tribunes"),
		"a new folder in it":     filepath.Join(src, "content", "nouveau"),
		"static/":                filepath.Join(src, "static"),
		"layouts/":               filepath.Join(src, "layouts"),
		".tribune/":              filepath.Join(src, ".tribune"),
		"a folder of others":     filepath.Join(root, "docs"),
		"a folder of a dot file": filepath.Join(root, "docs", "vide"),
		"a file":                 filepath.Join(root, "docs", "these.txt"),
	} {
		t.Run(name, func(t *testing.T) {
			before := snapshot(t, root)
			r := buildSite(t, src, out)
			if exitCode(r.err) != 2 {
				t.Errorf("-out %s: exit status %d (%v), want 2", out, exitCode(r.err), r.err)
			}
			if r.err != nil && !strings.Contains(r.err.Error(), "-out") {
				t.Errorf("the message does not name -out: %v", r.err)
			}
			sameTree(t, "after a refused build", snapshot(t, root), before)
		})
	}
}

// -out given as a symbolic link to an output tribune made is refused at
// once, naming the folder to give instead: the build would replace the
// link, not the folder.
func TestBuildRefusesALinkAsOutput(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeFiles(t, src, siteArchive(t))
	real := filepath.Join(root, "www")
	mustBuild(t, src, real)
	link := filepath.Join(root, "public")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, root)
	r := buildSite(t, src, link)
	if exitCode(r.err) != 2 || !strings.Contains(r.err.Error(), "-out "+link) || !strings.Contains(r.err.Error(), real) {
		t.Errorf("exit status %d: %v", exitCode(r.err), r.err)
	}
	sameTree(t, "after a refused build", snapshot(t, root), before)
}

// The same, given as ".", ".." and a relative path. Not parallel: it
// changes the working folder.
func TestBuildRefusesRelativeOutputs(t *testing.T) {
	archive := siteArchive(t)
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeFiles(t, src, archive)
	before := snapshot(t, root)
	for _, c := range []struct{ dir, src, out string }{
		{src, ".", "."},
		{src, ".", ".."},
		{src, ".", "./content/tribunes"},
		{root, "site", "site/content/../static"},
		{root, "site", "."},
	} {
		t.Chdir(c.dir)
		r := tribune(t, "build", "-src", c.src, "-out", c.out, "-at", at)
		if exitCode(r.err) != 2 {
			t.Errorf("in %s, -src %s -out %s: exit status %d (%v), want 2", c.dir, c.src, c.out, exitCode(r.err), r.err)
		}
	}
	sameTree(t, "after refused builds", snapshot(t, root), before)
}

// The output folder: made with a marker, accepted when empty or holding
// only what builds keep, and .git, CNAME and site.toml's keep survive
// every rebuild.
func TestBuildKeepsVersionControlAndHostFiles(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	writeFiles(t, src, "-- site.toml --\n"+strings.Replace(readFile(t, filepath.Join(src, "site.toml")), "city =", "keep = [\"google1234.html\", \".well-known\"]\ncity =", 1))
	out := filepath.Join(t.TempDir(), "public")
	writeFiles(t, out, "-- .git/HEAD --\nref: refs/heads/gh-pages\n-- .git/objects/ab/cdef --\nobjet\n-- CNAME --\npresse.example\n")
	buildOK(t, src, out)
	if _, err := os.Stat(filepath.Join(out, ".tribune-output")); err != nil {
		t.Errorf("no marker in the output: %v", err)
	}
	writeFiles(t, out, "-- google1234.html --\ngoogle-site-verification\n-- .well-known/security.txt --\nContact: x\n-- vieux.html --\nancien\n")
	kept := func() map[string]string {
		m := map[string]string{}
		for p, h := range snapshot(t, out) {
			for _, k := range []string{".git", "CNAME", "google1234.html", ".well-known"} {
				if p == k || strings.HasPrefix(p, k+"/") {
					m[p] = h
				}
			}
		}
		return m
	}
	before := kept()
	if len(before) != 9 {
		t.Fatalf("kept entries before the rebuild: %v", before)
	}
	for range 2 {
		buildOK(t, src, out)
		sameTree(t, "kept entries after a rebuild", kept(), before)
	}
	if _, err := os.Stat(filepath.Join(out, "vieux.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a file the build did not make and does not keep survived")
	}
	// A failed build leaves them too, with the rest.
	writeFiles(t, src, "-- content/a-propos.md --\n---\ntitel: x\n---\n")
	all := snapshot(t, out)
	if r := buildSite(t, src, out); exitCode(r.err) != 1 {
		t.Fatalf("broken site: %v", r.err)
	}
	sameTree(t, "after a failed build", snapshot(t, out), all)
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A build removes the temporary folders that killed builds left beside the
// output, and no other.
func TestBuildRemovesWhatKilledBuildsLeft(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	alive := ".public.tmp-" + strconv.Itoa(os.Getpid()) + "-77" // a build running now
	writeFiles(t, parent, "-- .public.tmp-999999999-1/index.html --\nx\n-- .public.tmp-999999999-1/.tribune-output --\n"+
		"-- .public.tmp-123456/a/b.html --\ny\n-- .public.tmp-123456/.tribune-output --\n"+
		"-- "+alive+"/index.html --\nz\n-- "+alive+"/.tribune-output --\n"+
		"-- .public.tmp-7/notes.txt --\nà moi, sans marque\n"+
		"-- .public.tmp-notes/x --\nà moi\n-- .autre.tmp-999999999-1/x --\nà moi\n")
	if err := os.Mkdir(filepath.Join(parent, ".public.tmp-999999998-3"), 0o755); err != nil {
		t.Fatal(err) // a build killed before its marker
	}
	mustBuild(t, src, out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".autre.tmp-999999999-1", alive, ".public.tmp-7", ".public.tmp-notes", "public"}
	sort.Strings(want) // as ReadDir gives them
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("beside the output: %q, want %q", names, want)
	}
}

func buildOK(t *testing.T, src, out string) {
	t.Helper()
	if r := buildSite(t, src, out); r.err != nil {
		t.Fatalf("build: %v\n%s", r.err, r.stderr)
	}
}

// Titles, tags and slugs of any length build on disk (file systems refuse
// names over 255 bytes); an alias with a part too long is an error, not a
// raw system one.
func TestLongNamesBuildOnDisk(t *testing.T) {
	t.Parallel()
	long := strings.TrimSpace(strings.Repeat("inconstitutionnellement ", 28))
	src := newSite(t, "-- content/communiques/long.md --\n---\ntitle: "+long+"\ndate: 2026-01-01\ntags: ["+strings.Repeat("b", 300)+", "+long+"]\n---\nCorps.\n"+
		"-- content/communiques/slug.md --\n---\ntitle: Court\nslug: "+strings.Repeat("c", 400)+"\ndate: 2026-01-01\n---\nCorps.\n")
	out := filepath.Join(t.TempDir(), "public")
	buildOK(t, src, out)
	longest := 0
	for p := range snapshot(t, out) {
		for _, seg := range strings.Split(p, "/") {
			longest = max(longest, len(seg))
		}
	}
	if longest > 150 {
		t.Errorf("an output name is %d bytes long", longest)
	}
	writeFiles(t, src, "-- content/communiques/alias.md --\n---\ntitle: Alias\ndate: 2026-01-01\naliases: [/"+strings.Repeat("a", 300)+"/]\n---\nCorps.\n")
	r := buildSite(t, src, out)
	if exitCode(r.err) != 1 || !strings.Contains(r.err.Error(), "content/communiques/alias.md:4:") || strings.Contains(r.err.Error(), "file name too long") {
		t.Errorf("long alias: %v", r.err)
	}
}

// The preview answers only to the Host names of the machine itself: a page
// of another site, whose name was made to point at 127.0.0.1 (DNS
// rebinding), cannot read drafts or embargoed statements through it.
func TestPreviewRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	src := newSite(t, "-- content/communiques/secret.md --\n---\ntitle: Annonce secrète\ndate: 2026-12-01\nembargo: 2027-01-01T06:00:00+01:00\n---\nTexte sous embargo.\n")
	p := startPreview(t, src)
	u, err := url.Parse(p.url)
	if err != nil {
		t.Fatal(err)
	}
	port := u.Port()
	get := func(host, path string) (int, string) {
		req, err := http.NewRequest("GET", p.url+strings.TrimPrefix(path, "/"), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, host := range []string{"attacker.example", "attacker.example:" + port, "127.0.0.1.attacker.example:" + port, "localhost.attacker.example", "192.168.1.10:" + port, "[::2]:" + port} {
		for _, path := range []string{"/communiques/", "/communiques/annonce-secrete/", "/recherche/index.json", "/_tribune/events"} {
			code, body := get(host, path)
			if code != http.StatusForbidden || strings.Contains(body, "secrète") || strings.Contains(body, "embargo") {
				t.Errorf("Host %q, %s: %d, want 403 and nothing of the site", host, path, code)
			}
		}
	}
	// HTTP/1.0 allows a request with no Host at all.
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /communiques/annonce-secrete/ HTTP/1.0\r\n\r\n")
	if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a request without Host: %v, %v; want 403", resp, err)
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port} {
		if code, body := get(host, "/communiques/annonce-secrete/"); code != 200 || !strings.Contains(body, "Texte sous embargo") {
			t.Errorf("Host %q: %d, want the preview's page", host, code)
		}
	}
}

// tribune schedule prints titles without their control characters: a
// title cannot send the terminal commands.
func TestScheduleControlCharacters(t *testing.T) {
	t.Parallel()
	src := newSite(t, "-- content/communiques/bip.md --\n---\ntitle: \"Bip\\a \\e[2J\\e]0;piège\\a \\u202Eenryab\"\ndate: 2026-12-01\nembargo: 2027-01-01T06:00:00+01:00\n---\nCorps.\n")
	r := tribune(t, "schedule", "-src", src, "-at", at)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !strings.Contains(r.stdout, "Bip") {
		t.Fatalf("schedule does not list the statement:\n%s", r.stdout)
	}
	for _, c := range r.stdout + r.stderr {
		if c != '\n' && c != '\t' && (unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c)) {
			t.Errorf("schedule printed %U:\n%q", c, r.stdout)
		}
	}
}

// .tribune/ is confined like the rest of the site: links there lead no
// write out of it.
func TestNextChangeStaysInTheSite(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T, links map[string]string) (src, outside string) {
		root := t.TempDir()
		src = filepath.Join(root, "site")
		writeFiles(t, src, siteArchive(t))
		writeFiles(t, src, scheduled)
		outside = filepath.Join(root, "dehors")
		writeFiles(t, outside, "-- victime --\nà garder\n-- autre --\nà garder aussi\n")
		if err := os.MkdirAll(filepath.Join(src, ".tribune"), 0o755); err != nil {
			t.Fatal(err)
		}
		for name, target := range links {
			os.Remove(filepath.Join(src, name))
			if err := os.Symlink(filepath.Join(outside, target), filepath.Join(src, name)); err != nil {
				t.Fatal(err)
			}
		}
		return src, outside
	}
	// A link left where the record is written first: replaced, not
	// followed.
	src, outside := setup(t, map[string]string{".tribune/next-change.tmp": "autre"})
	before := snapshot(t, outside)
	buildOK(t, src, filepath.Join(t.TempDir(), "public"))
	sameTree(t, "outside the site", snapshot(t, outside), before)
	if got := readFile(t, filepath.Join(src, ".tribune", "next-change")); got != "2026-12-01T06:00:00+01:00\n" {
		t.Errorf("next-change = %q", got)
	}
	// The record, or .tribune itself, a link: refused before anything is
	// written.
	for name, target := range map[string]string{".tribune/next-change": "victime", ".tribune": "."} {
		src, outside := setup(t, map[string]string{name: target})
		before := snapshot(t, outside)
		out := filepath.Join(t.TempDir(), "public")
		if r := buildSite(t, src, out); exitCode(r.err) != 1 || !strings.Contains(r.err.Error(), name+": is a link") {
			t.Errorf("%s a link: %v", name, r.err)
		}
		sameTree(t, "outside the site", snapshot(t, outside), before)
		if _, err := os.Stat(out); err == nil {
			t.Error("the build wrote its output")
		}
	}
}

// .tribune, or its cache, as a link (to static/, where its files would be
// published): the build refuses it before writing anything, and the
// preview keeps its copies in memory only.
func TestOwnFolderThroughNoLink(t *testing.T) {
	t.Parallel()
	for name, link := range map[string]string{".tribune": "static/x", ".tribune/cache": "static/c"} {
		t.Run(name, func(t *testing.T) {
			src := newSite(t, "-- static/images/photo.png --\n")
			writeFile(t, filepath.Join(src, "static", "images", "photo.png"), string(pngBytes(t, 900, 600)))
			writeFiles(t, src, "-- content/a-propos.md --\n---\ntitle: À propos\ndate: 2026-01-01\n---\n![Une photo](/images/photo.png)\n")
			os.MkdirAll(filepath.Join(src, link), 0o755)
			os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755)
			if err := os.Symlink(filepath.Join(src, link), filepath.Join(src, name)); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "public")
			r := buildSite(t, src, out, "-preview")
			if exitCode(r.err) != 1 || !strings.Contains(r.err.Error(), name+": is a link") {
				t.Errorf("build: %v", r.err)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("the build wrote its output")
			}
			if entries, _ := os.ReadDir(filepath.Join(src, link)); len(entries) > 0 {
				t.Errorf("files written through the link: %v", entries)
			}
		})
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
