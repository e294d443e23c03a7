package main

// Tests of `tribune new` (issue 3): the file it creates, where, with which
// date and fields, and that it never overwrites.

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/site"
)

// newAt is 22 h 30 UTC on 24 June 2024: already 25 June in Paris (UTC+2),
// still 24 June in Montréal (UTC−4).
var newAt = time.Date(2024, 6, 24, 22, 30, 0, 0, time.UTC)

type newResult struct {
	err            error
	stdout, stderr string
}

func runNewAt(t *testing.T, now time.Time, args ...string) newResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := runNew(args, now, &stdout, &stderr)
	return newResult{err, stdout.String(), stderr.String()}
}

// mustNew creates a statement and returns the file's path and text.
func mustNew(t *testing.T, dir, kind, title string) (string, string) {
	t.Helper()
	r := runNewAt(t, newAt, "-src", dir, kind, title)
	if r.err != nil {
		t.Fatalf("tribune new %s %q: %v\nstderr: %s", kind, title, r.err, r.stderr)
	}
	rel := strings.TrimSuffix(r.stdout, "\n")
	if rel == r.stdout || strings.Contains(rel, "\n") {
		t.Fatalf("stdout = %q, want the path created on one line", r.stdout)
	}
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatalf("the path printed does not exist: %v", err)
	}
	return rel, string(data)
}

// frontMatter is the text between the --- lines.
func frontMatter(t *testing.T, text string) []string {
	t.Helper()
	lines := strings.Split(text, "\n")
	if lines[0] != "---" {
		t.Fatalf("file does not start with ---:\n%s", text)
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] == "---" {
			return lines[1:i]
		}
	}
	t.Fatalf("front matter not closed:\n%s", text)
	return nil
}

var keyRE = regexp.MustCompile(`^([A-Za-z]+):`)

// topKeys lists the top-level keys of a YAML front matter, checking that a
// comment line comes right before each.
func topKeys(t *testing.T, fm []string) []string {
	t.Helper()
	var keys []string
	for i, line := range fm {
		m := keyRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		keys = append(keys, m[1])
		if i == 0 || !regexp.MustCompile(`^# \S.*\pL.*\pL`).MatchString(fm[i-1]) {
			t.Errorf("key %s is not preceded by a comment line explaining it (line before: %q)", m[1], prev(fm, i))
		}
	}
	return keys
}

func prev(lines []string, i int) string {
	if i == 0 {
		return ""
	}
	return lines[i-1]
}

// parse reads the created file the way a build does.
func parse(t *testing.T, rel, text string) *content.File {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	f, err := content.Parse(strings.TrimPrefix(filepath.ToSlash(rel), "content/"), []byte(text), paris)
	if err != nil {
		t.Fatalf("the created file does not parse: %v\n%s", err, text)
	}
	return f
}

func hasAll(t *testing.T, what string, keys, want []string) {
	t.Helper()
	have := map[string]bool{}
	for _, k := range keys {
		if have[k] {
			t.Errorf("%s: key %s twice", what, k)
		}
		have[k] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("%s lacks the key %s (has %v)", what, w, keys)
		}
	}
}

// frenchComment is a word that only French comments would hold.
var frenchComment = regexp.MustCompile(`(?i)\b(le|la|les|du|des|une?|ou|et|pour|avec)\b`)

func TestNewTribune(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	title := "L'école : premier rempart ?"
	rel, text := mustNew(t, dir, "tribune", title)
	if want := filepath.Join("content", "tribunes", "l-ecole-premier-rempart.md"); rel != want {
		t.Errorf("created %s, want %s", rel, want)
	}
	f := parse(t, rel, text)
	m := f.Meta
	if m.Title != title {
		t.Errorf("title = %q, want %q", m.Title, title)
	}
	// Today in Paris, not in UTC.
	if got := m.Date.Format("2006-01-02 15:04 -07:00"); got != "2024-06-25 00:00 +02:00" {
		t.Errorf("date = %s, want 2024-06-25 in Paris", got)
	}
	if !regexp.MustCompile(`(?m)^date: 2024-06-25$`).MatchString(text) {
		t.Errorf("date line is not today's date in Paris:\n%s", text)
	}
	if !m.Draft {
		t.Error("not a draft")
	}
	if !regexp.MustCompile(`(?m)^draft: true$`).MatchString(text) {
		t.Error("draft: true not written")
	}
	keys := topKeys(t, frontMatter(t, text))
	hasAll(t, "tribune", keys, []string{"title", "date", "draft", "summary", "tags", "signatories", "outlet",
		"canonical", "image", "corrections", "embargo", "expiryDate", "aliases"})
	if !frenchComment.MatchString(text) {
		t.Error("comments are not in French")
	}
	// The signatory fields, and the outlet's, are there to fill in.
	for _, sub := range []string{"name:", "role:", "organisation:", "url:", "date:"} {
		if !strings.Contains(text, sub) {
			t.Errorf("tribune lacks %s", sub)
		}
	}
	if len(m.Signatories) != 1 || m.Signatories[0].Name == "" {
		t.Errorf("signatories = %+v, want one placeholder to fill in", m.Signatories)
	}
	if len(bytes.TrimSpace(f.Body)) == 0 {
		t.Error("no body to start from")
	}
}

func TestNewCommunique(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	for kind, title := range map[string]string{"communique": "Un rapport publié", "communiqué": "Un autre rapport"} {
		rel, text := mustNew(t, dir, kind, title)
		if !strings.HasPrefix(rel, filepath.Join("content", "communiques")+string(filepath.Separator)) {
			t.Errorf("%s: created %s, want a file in content/communiques", kind, rel)
		}
		f := parse(t, rel, text)
		m := f.Meta
		if m.Title != title || !m.Draft || m.Date.Format("2006-01-02") != "2024-06-25" {
			t.Errorf("%s: title %q, draft %v, date %s", kind, m.Title, m.Draft, m.Date)
		}
		if m.Dateline != "Paris" {
			t.Errorf("%s: dateline = %q, want the site's city", kind, m.Dateline)
		}
		keys := topKeys(t, frontMatter(t, text))
		hasAll(t, kind, keys, []string{"title", "subtitle", "date", "draft", "embargo", "dateline", "summary",
			"tags", "contacts", "attachments", "image", "corrections", "expiryDate", "aliases"})
		if !frenchComment.MatchString(text) {
			t.Error("comments are not in French")
		}
		// The embargo line is explained by the comments above it, with an
		// example, and what it does to the statement's date; no commented
		// copy of the key, which could be filled in by mistake.
		if !regexp.MustCompile(`(?m)^# .*par exemple \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\.`).MatchString(text) || !strings.Contains(text, "daté de ce jour-là") ||
			regexp.MustCompile(`(?m)^#\s*embargo:`).MatchString(text) {
			t.Errorf("%s: no commented embargo line saying the date becomes the lift's:\n%s", kind, text)
		}
	}
}

// TestNewOptionalFields checks the fields that issue 3 names for each kind
// and that the templates of new.go leave out.
func TestNewOptionalFields(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	_, tribune := mustNew(t, dir, "tribune", "Champs facultatifs")
	_, communique := mustNew(t, dir, "communique", "Champs facultatifs")
	var missing []string
	tkeys := topKeys(t, frontMatter(t, tribune))
	ckeys := topKeys(t, frontMatter(t, communique))
	has := func(keys []string, k string) bool {
		for _, x := range keys {
			if x == k {
				return true
			}
		}
		return false
	}
	for _, k := range []string{"updated", "noindex"} {
		if !has(tkeys, k) {
			missing = append(missing, "tribune: "+k)
		}
	}
	if !has(ckeys, "updated") {
		missing = append(missing, "communiqué: updated")
	}
	sig := tribune[strings.Index(tribune, "\nsignatories:"):]
	sig = sig[:strings.Index(sig[1:], "\n#")+1]
	if !regexp.MustCompile(`(?m)^\s*#?\s*url:`).MatchString(sig) {
		missing = append(missing, "tribune: signatories[].url")
	}
	for kind, text := range map[string]string{"tribune": tribune, "communiqué": communique} {
		if !strings.Contains(text, "decorative:") {
			missing = append(missing, kind+": image.decorative")
		}
	}
	if len(missing) > 0 {
		t.Errorf("cmd/tribune/new.go templates lack fields of their kind that issue 3 names "+
			"(updated, noindex, a signatory's url, an image's decorative): %s", strings.Join(missing, ", "))
	}
}

func TestNewUsesTheSiteTimeZone(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	cfg := filepath.Join(dir, "site.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`timeZone = "Europe/Paris"`), []byte(`timeZone = "America/Montreal"`), 1)
	data = bytes.Replace(data, []byte(`city = "Paris"`), []byte(`city = "Montréal"`), 1)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, text := mustNew(t, dir, "communique", "Heure de Montréal")
	if !regexp.MustCompile(`(?m)^date: 2024-06-24$`).MatchString(text) {
		t.Errorf("date is not today in Montréal (24 June):\n%s", text)
	}
	if !regexp.MustCompile(`(?m)^dateline: "Montréal"$`).MatchString(text) {
		t.Errorf("dateline is not the site's city:\n%s", text)
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	rel, _ := mustNew(t, dir, "tribune", "Une tribune")
	path := filepath.Join(dir, rel)
	edited := []byte("---\ntitle: Déjà écrite\ndate: 2024-06-01\nsignatories: [{name: A}]\n---\nMon texte.\n")
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	// Same slug, other spelling of the title.
	r := runNewAt(t, newAt.Add(48*time.Hour), "-src", dir, "tribune", "Une  tribune !")
	if r.err == nil {
		t.Fatal("overwrote an existing file without error")
	}
	if exitCode(r.err) != 1 {
		t.Errorf("exit status %d, want 1", exitCode(r.err))
	}
	if !strings.Contains(r.err.Error(), "already exists") || !strings.Contains(r.err.Error(), "une-tribune.md") {
		t.Errorf("error does not say which file exists: %v", r.err)
	}
	if r.stdout != "" {
		t.Errorf("printed %q after failing", r.stdout)
	}
	sameTree(t, "site after a refused new", snapshot(t, dir), before)
	if got, _ := os.ReadFile(path); !bytes.Equal(got, edited) {
		t.Errorf("the existing file changed:\n%s", got)
	}
}

func TestNewUsageErrors(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	before := snapshot(t, dir)
	for _, args := range [][]string{
		{"new", "-src", dir, "article", "Titre"},
		{"new", "-src", dir, "Tribune", "Titre"},
		{"new", "-src", dir, "tribune"},
		{"new", "-src", dir, "communique"},
		{"new", "-src", dir},
		{"new", "-src", dir, "tribune", ""},
		{"new", "-src", dir, "tribune", "   "},
		{"new", "-src", dir, "tribune", "?!…"},
		{"new", "-src", dir, "tribune", "Titre", "de trop"},
		{"new", "-src", dir, "-nope", "tribune", "Titre"},
	} {
		r := tribune(t, args...)
		if code := exitCode(r.err); code != 2 {
			t.Errorf("tribune %q: exit status %d (%v), want 2", args[3:], code, r.err)
		}
		if r.stdout != "" {
			t.Errorf("tribune %q printed %q", args[3:], r.stdout)
		}
	}
	sameTree(t, "site after usage errors", snapshot(t, dir), before)
}

func TestNewThroughRun(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	r := tribune(t, "new", "-src", dir, "tribune", "Par la ligne de commande")
	if r.err != nil {
		t.Fatalf("tribune new: %v", r.err)
	}
	rel := filepath.Join("content", "tribunes", "par-la-ligne-de-commande.md")
	if r.stdout != rel+"\n" {
		t.Errorf("stdout = %q, want %q", r.stdout, rel+"\n")
	}
	if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
		t.Error(err)
	}
}

func TestNewFilesBuild(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	trel, _ := mustNew(t, dir, "tribune", "L'école : premier rempart ?")
	crel, _ := mustNew(t, dir, "communique", "Un rapport publié aujourd'hui")
	pages := []string{
		filepath.Join("tribunes", "l-ecole-premier-rempart", "index.html"),
		filepath.Join("communiques", "un-rapport-publie-aujourd-hui", "index.html"),
	}
	for _, rel := range []string{trel, crel} {
		if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}

	// Production: the drafts build and are absent.
	out := filepath.Join(t.TempDir(), "prod")
	r := buildSite(t, dir, out)
	if r.err != nil {
		t.Fatalf("production build with the new drafts failed: %v\n%s", r.err, r.stderr)
	}
	if strings.Contains(r.stderr, "warning") {
		t.Errorf("warnings: %s", r.stderr)
	}
	for _, p := range pages {
		if _, err := os.Stat(filepath.Join(out, p)); err == nil {
			t.Errorf("draft %s published in production", p)
		}
	}
	for _, p := range regularFiles(t, out) {
		data, _ := os.ReadFile(filepath.Join(out, p))
		if bytes.Contains(data, []byte("premier rempart")) || bytes.Contains(data, []byte("Prénom Nom")) {
			t.Errorf("%s mentions a draft", p)
		}
	}

	// Preview: both are there.
	prev := filepath.Join(t.TempDir(), "preview")
	r = buildSite(t, dir, prev, "-preview")
	if r.err != nil {
		t.Fatalf("preview build with the new drafts failed: %v\n%s", r.err, r.stderr)
	}
	for _, p := range pages {
		data, err := os.ReadFile(filepath.Join(prev, p))
		if err != nil {
			t.Errorf("draft %s absent from the preview: %v", p, err)
			continue
		}
		if !bytes.Contains(data, []byte("25 juin 2024")) {
			t.Errorf("%s does not show today's date", p)
		}
	}
	c, _ := os.ReadFile(filepath.Join(prev, pages[1]))
	if !bytes.Contains(c, []byte(`<span class="dateline">Paris, le 25 juin 2024`)) {
		t.Error("the new communiqué's dateline is not the site's city")
	}
}

// new run from inside the site (content/, content/tribunes/) writes where
// the build reads, and says where from there; with no site above, it says
// so and writes nothing.
func TestNewFindsTheSite(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	for _, from := range []string{"content", filepath.Join("content", "tribunes"), filepath.Join("static")} {
		os.MkdirAll(filepath.Join(dir, from), 0o755)
		title := "Depuis " + filepath.Base(from)
		rel, _ := mustNew(t, filepath.Join(dir, from), "tribune", title)
		want := filepath.Join(dir, "content", "tribunes", locale.Slug(title)+".md")
		if got := filepath.Join(dir, from, rel); got != want {
			t.Errorf("from %s: printed %s, want a path to %s", from, rel, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "content")); err == nil {
		t.Error("a content/ folder made inside content/")
	}
	empty := t.TempDir()
	r := runNewAt(t, newAt, "-src", empty, "tribune", "Nulle part")
	if r.err == nil || !strings.Contains(r.err.Error(), "no site in") {
		t.Errorf("no site: %v", r.err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) > 0 {
		t.Errorf("wrote %v", entries)
	}
}

// new writes a short slug, cut at a word, and follows no link out of the
// site.
func TestNewSlugAndLinks(t *testing.T) {
	t.Parallel()
	dir := newSite(t)
	title := "L’ubérisation de la protection de l’enfance : un danger pour les plus vulnérables, selon les associations"
	rel, text := mustNew(t, dir, "tribune", title)
	m := regexp.MustCompile(`(?m)^slug: (\S+)$`).FindStringSubmatch(text)
	if m == nil || len(m[1]) > 60 || !strings.HasPrefix(locale.Slug(title), m[1]+"-") {
		t.Fatalf("slug line %q: want the title's first words, 60 bytes at most", m)
	}
	if filepath.Base(rel) != m[1]+".md" {
		t.Errorf("file %s, slug %s", rel, m[1])
	}
	outside := t.TempDir()
	os.RemoveAll(filepath.Join(dir, "content", "communiques"))
	if err := os.Symlink(outside, filepath.Join(dir, "content", "communiques")); err != nil {
		t.Fatal(err)
	}
	if r := runNewAt(t, newAt, "-src", dir, "communique", "Évasion"); r.err == nil {
		t.Error("new wrote through a link out of the site")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("written outside the site: %v", entries)
	}
}

// The sample sentences of new texts are those the leak checks leave out.
func TestNewSamplesKnown(t *testing.T) {
	text := regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(tribuneTemplate+communiqueTemplate, "$1")
	for _, s := range site.Samples {
		if !strings.Contains(text, s) {
			t.Errorf("no template holds the sample %q", s)
		}
	}
}
