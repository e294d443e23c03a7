package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tribune/internal/build"
	"tribune/internal/serve"
)

// TestPreviewMatchesColdBuild applies random sequences of edits to a site
// while the preview runs: statements added, renamed, deleted, made draft,
// embargoed or public, retitled, retagged; a site's own layouts (one of
// which lists other statements), partials and stylesheets; images used by
// statements; site.toml, with or without an English part; statements
// moved into it and out, translations linked and unlinked; broken files
// and their fixes. After each edit,
// reported as the file watcher reports it, every file the preview serves
// must be byte-identical to a cold build of the same files, and the
// preview must serve no other file. Pages are asked for between edits, so
// that what the preview keeps is exercised.
func TestPreviewMatchesColdBuild(t *testing.T) {
	steps := 45
	if testing.Short() {
		steps = 12
	}
	for seed := range uint64(4) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			previewProperty(t, seed, steps)
		})
	}
}

// previewSite is a site being edited, and what the watcher would report.
type previewSite struct {
	t      *testing.T
	dir    string
	rng    *rand.Rand
	events []serve.Event
	// files are the content files, by path from the site's root.
	files map[string]*statement
	n     int
}

type statement struct {
	section, title, body string
	date                 time.Time
	tags                 []string
	draft, embargo       bool
	image                bool
	broken               bool
	// english puts it in the English part of the site (lang: en); key
	// is its translationKey.
	english bool
	key     string
}

var (
	previewAt = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	titles    = []string{"Protéger les enfants en ligne", "Le temps de la justice", "Financer l’écoute", "Une école qui prévient", "Europe : agir ensemble", "Budget 2027", "Un baromètre des plateformes", "Les assises de Lille"}
	topics    = []string{"numérique", "justice", "éducation", "financement", "prévention", "Europe"}
)

func (s *previewSite) write(name, data string, op serve.Op) {
	s.t.Helper()
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.events = append(s.events, serve.Event{Path: name, Op: op})
}

func (s *previewSite) remove(name string) {
	s.t.Helper()
	if err := os.RemoveAll(filepath.Join(s.dir, filepath.FromSlash(name))); err != nil {
		s.t.Fatal(err)
	}
	s.events = append(s.events, serve.Event{Path: name, Op: serve.Remove})
}

func (s *previewSite) exists(name string) bool {
	_, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(name)))
	return err == nil
}

func (s *previewSite) saveStatement(name string, st *statement, op serve.Op) {
	var b strings.Builder
	b.WriteString("---\n")
	if st.broken {
		b.WriteString("titel: " + st.title + "\n")
	} else {
		fmt.Fprintf(&b, "title: %q\n", st.title)
	}
	fmt.Fprintf(&b, "date: %s\n", st.date.Format(time.RFC3339))
	if len(st.tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(st.tags, ", "))
	}
	if st.draft {
		b.WriteString("draft: true\n")
	}
	if st.embargo {
		fmt.Fprintf(&b, "embargo: %s\n", previewAt.Add(48*time.Hour).Format(time.RFC3339))
	}
	if st.section == "tribunes" {
		b.WriteString("signatories: [{name: Claire Vasseur, role: Présidente}]\n")
	}
	if st.english {
		b.WriteString("lang: en\n")
	}
	if st.key != "" {
		fmt.Fprintf(&b, "translationKey: %s\n", st.key)
	}
	b.WriteString("---\n" + st.body + "\n")
	if st.image {
		b.WriteString("\n![Un atelier de prévention](/images/atelier.png)\n")
	}
	s.write(name, b.String(), op)
}

func (s *previewSite) newStatement() {
	s.n++
	section := []string{"tribunes", "communiques"}[s.rng.IntN(2)]
	st := &statement{
		section: section,
		title:   titles[s.rng.IntN(len(titles))] + fmt.Sprintf(" %d", s.n),
		body:    fmt.Sprintf("Texte numéro %d, %s : voir [la liste](/tribunes/) et « ceci ».", s.n, words(s.rng)),
		date:    previewAt.AddDate(0, 0, -s.rng.IntN(400)),
	}
	for _, tg := range topics {
		if s.rng.IntN(3) == 0 {
			st.tags = append(st.tags, tg)
		}
	}
	name := fmt.Sprintf("content/%s/s%d.md", section, s.n)
	s.files[name] = st
	s.saveStatement(name, st, serve.Create)
}

func (s *previewSite) pick() (string, *statement) {
	names := slices.Sorted(mapKeys(s.files))
	if len(names) == 0 {
		return "", nil
	}
	name := names[s.rng.IntN(len(names))]
	return name, s.files[name]
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// words makes a phrase unlikely to be in another text: the leak guard
// looks for hidden texts' phrases in the output.
func words(r *rand.Rand) string {
	vocab := []string{"accompagner", "prévenir", "écouter", "protéger", "former", "signaler", "financer", "soutenir", "alerter", "informer", "rassembler", "défendre"}
	out := make([]string, 4)
	for i := range out {
		out[i] = vocab[r.IntN(len(vocab))]
	}
	return strings.Join(out, " ")
}

func pngOf(t testing.TB, w, h int, c color.Color) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

const listingLayout = `{{define "main"}}<article><h1>{{.Page.Title}}</h1>{{.Content .Page}}
<aside><h2>Derniers communiqués</h2><ul>{{range .Latest "communiques" 5}}<li><a href="{{.URL}}">{{.Title}}</a> ({{$.Date .Date}})</li>{{end}}</ul></aside></article>{{end}}
`

// edit makes one random change.
func (s *previewSite) edit() string {
	name, st := s.pick()
	switch r := s.rng.IntN(21); {
	case r < 3 || st == nil:
		s.newStatement()
		return "add a statement"
	case r == 3:
		st.title = titles[s.rng.IntN(len(titles))] + fmt.Sprintf(" revu %d", s.rng.IntN(5))
		s.saveStatement(name, st, serve.Write)
		return "retitle " + name
	case r == 4:
		st.body += fmt.Sprintf("\n\nUn ajout %d, %s !", s.rng.IntN(100), words(s.rng))
		s.saveStatement(name, st, serve.Write)
		return "edit the text of " + name
	case r == 5:
		st.draft = !st.draft
		s.saveStatement(name, st, serve.Write)
		return "draft or public: " + name
	case r == 6:
		st.embargo = !st.embargo
		s.saveStatement(name, st, serve.Write)
		return "embargo: " + name
	case r == 7:
		st.tags = nil
		for _, tg := range topics {
			if s.rng.IntN(2) == 0 {
				st.tags = append(st.tags, tg)
			}
		}
		s.saveStatement(name, st, serve.Write)
		return "retag " + name
	case r == 8:
		// Renamed as editors and file managers do: two events.
		to := strings.TrimSuffix(name, ".md") + "-r.md"
		if err := os.Rename(filepath.Join(s.dir, name), filepath.Join(s.dir, to)); err != nil {
			s.t.Fatal(err)
		}
		s.events = append(s.events, serve.Event{Path: name, Op: serve.Rename}, serve.Event{Path: to, Op: serve.Create})
		delete(s.files, name)
		s.files[to] = st
		return "rename " + name
	case r == 9:
		s.remove(name)
		delete(s.files, name)
		return "delete " + name
	case r == 10:
		st.broken = !st.broken
		s.saveStatement(name, st, serve.Write)
		return "break or fix " + name
	case r == 11:
		if s.exists("layouts/tribune.html") && s.rng.IntN(3) == 0 {
			s.remove("layouts/tribune.html")
			return "remove the site's tribune layout"
		}
		s.write("layouts/tribune.html", strings.Replace(listingLayout, "Derniers", []string{"Derniers", "Nos derniers"}[s.rng.IntN(2)], 1), serve.Write)
		return "a site's tribune layout that lists communiqués"
	case r == 12:
		if s.exists("layouts/partials/card.html") {
			s.remove("layouts/partials/card.html")
			return "remove the site's card"
		}
		s.write("layouts/partials/card.html", `<article class="ma-carte"><h2><a href="{{.Item.URL}}">{{.Item.Title}}</a></h2>{{with .Item.Tags}}<p>{{range .}}{{.Name}} {{end}}</p>{{end}}</article>`, serve.Create)
		return "the site's own card"
	case r == 13:
		s.write("layouts/partials/footer.html", fmt.Sprintf(`<footer>Pied %d – {{.Site.Config.Title}}</footer>`, s.rng.IntN(9)), serve.Write)
		return "the site's own footer"
	case r == 14:
		s.write("static/css/style.css", fmt.Sprintf("body{color:#%03x}", s.rng.IntN(4096)), serve.Write)
		return "the site's own stylesheet"
	case r == 15:
		if s.exists("static/images/atelier.png") && s.rng.IntN(3) == 0 {
			s.remove("static/images")
			return "remove the images folder"
		}
		s.write("static/images/atelier.png", pngOf(s.t, 500+s.rng.IntN(400), 300+s.rng.IntN(200), color.RGBA{uint8(s.rng.IntN(255)), 90, 140, 255}), serve.Write)
		return "an image"
	case r == 16:
		st.image = !st.image
		s.saveStatement(name, st, serve.Write)
		return "show or hide the image in " + name
	case r == 17:
		english := ""
		if s.rng.IntN(3) > 0 {
			english = fmt.Sprintf("\n[languages.en]\ntitle = \"Press room %d\"\n\n[languages.en.sections]\ntribunes = %q\n", s.rng.IntN(9), []string{"op-eds", "opinion"}[s.rng.IntN(2)])
		}
		s.write("site.toml", fmt.Sprintf("title = %q\npaginate = %d\nbaseURL = \"https://exemple.org/\"\n\n[typography]\nfr = %q\n%s",
			[]string{"Espace presse", "Nos communiqués", "L’association"}[s.rng.IntN(3)], 1+s.rng.IntN(3), []string{"fr", "off"}[s.rng.IntN(2)], english), serve.Write)
		return "site.toml"
	case r == 19 && s.rng.IntN(2) == 0:
		st.english = !st.english
		s.saveStatement(name, st, serve.Write)
		return "into or out of English: " + name
	case r == 19:
		// A translation: another statement takes this one's key, or the
		// key goes.
		if st.key != "" {
			st.key = ""
			s.saveStatement(name, st, serve.Write)
			return "no translation for " + name
		}
		other, ot := s.pick()
		if other == name {
			return "nothing"
		}
		key := fmt.Sprintf("k%d", s.rng.IntN(1000))
		st.key, ot.key = key, key
		s.saveStatement(name, st, serve.Write)
		s.saveStatement(other, ot, serve.Write)
		return "translations: " + name + " and " + other
	case r == 18:
		s.write("content/communiques/_index.md", fmt.Sprintf("---\ntitle: Communiqués %d\n---\nNos communiqués de presse.\n", s.rng.IntN(9)), serve.Write)
		return "the communiqués' introduction"
	default:
		s.write("content/a-propos.md", fmt.Sprintf("---\ntitle: À propos\ndate: 2024-01-01\n---\nQui sommes-nous ? Version %d.\n", s.rng.IntN(9)), serve.Write)
		return "a plain page"
	}
}

func previewProperty(t *testing.T, seed uint64, steps int) {
	s := &previewSite{t: t, dir: t.TempDir(), rng: rand.New(rand.NewPCG(seed, 12)), files: map[string]*statement{}}
	s.write("site.toml", "title = \"Espace presse\"\npaginate = 2\nbaseURL = \"https://exemple.org/\"\n\n[languages.en]\ntitle = \"Press room\"\n", serve.Create)
	for range 5 {
		s.newStatement()
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	opts := build.Options{Preview: seed%2 == 0, BaseURL: "http://127.0.0.1:1313/", Head: serve.Head}
	rebuild := previewBuild(build.New(root.FS(), root), opts, func() time.Time { return previewAt }, "en", io.Discard)
	srv := &serve.Server{}
	first := rebuild(t.Context(), nil)
	if len(first.Errors) > 0 {
		t.Fatalf("first build: %v", first.Errors)
	}
	site := first.Site
	srv.Publish(site)
	batches := make(chan []serve.Event)
	done := make(chan []string)
	// The last site published, to compare its list of files.
	last := site
	published := func(ctx context.Context, changed []string) serve.Built {
		b := rebuild(ctx, changed)
		if len(b.Errors) == 0 {
			last = b.Site
		}
		return b
	}
	go serve.Loop(t.Context(), batches, published, srv, &serve.Hub{}, func(_ []string, _ time.Duration, errs []string) { done <- errs })
	defer close(batches)

	get := func(name string) (int, []byte) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/"+name, nil))
		return rec.Code, rec.Body.Bytes()
	}
	var served []string // the files of the last good build
	for step := range steps {
		// Browsers look at some pages before the edit.
		for range 4 {
			if len(served) > 0 {
				get(served[s.rng.IntN(len(served))])
			}
		}
		s.events = nil
		what := s.edit()
		batches <- s.events
		errs := <-done

		cold, err := build.New(os.DirFS(s.dir), nil).Load(t.Context(), build.Options{At: previewAt, Preview: opts.Preview, BaseURL: opts.BaseURL, Head: opts.Head})
		if err != nil {
			t.Fatal(err)
		}
		if len(cold.Errors) > 0 {
			// The preview reports the same errors and keeps the last good
			// site.
			if want := errorLines(cold.Errors, "en"); !slices.Equal(errs, want) {
				t.Fatalf("step %d (%s): the preview says %q, a cold build %q", step, what, errs, want)
			}
			continue
		}
		served = cold.Paths()
		if got := last.(*build.Output).Paths(); !slices.Equal(sorted(got), sorted(served)) {
			t.Fatalf("step %d (%s): the preview has the files\n%q\na cold build\n%q", step, what, sorted(got), sorted(served))
		}
		var renderErrs []string
		for _, name := range served {
			want, err := cold.File(name)
			code, got := get(name)
			if err != nil {
				// A page that does not render shows its errors.
				renderErrs = append(renderErrs, errorLines(err, "en")...)
				if code != 500 || !bytes.Contains(got, []byte(html.EscapeString(errorLines(err, "en")[0]))) {
					t.Fatalf("step %d (%s): %s does not render (%v), but the preview serves it (status %d):\n%.400q", step, what, name, err, code, got)
				}
				continue
			}
			if code != 200 || !bytes.Equal(got, want) {
				t.Fatalf("step %d (%s): the preview serves %s (status %d) unlike a cold build:\n preview %.400q\n cold    %.400q", step, what, name, code, got, want)
			}
		}
		// The preview reports the errors of the page edited, rendered at
		// once.
		for _, e := range errs {
			if !slices.Contains(renderErrs, e) {
				t.Fatalf("step %d (%s): the preview says %q, which a cold build does not", step, what, e)
			}
		}
	}
}
