package build

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// TestIncrementalMatchesFullBuild applies a series of edits to a site and,
// after each, checks that an incremental run told what changed gives
// exactly the output of a fresh full build.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	b := New(fsys)
	opts := Options{At: at, Minify: true, Changed: []string{}}
	if _, err := b.Run(context.Background(), Options{At: at, Minify: true}); err != nil {
		t.Fatal(err)
	}
	set := func(name, data string) { fsys[name] = &fstest.MapFile{Data: []byte(data)} }
	edit := func(name, old, new string) {
		d := string(fsys[name].Data)
		if !strings.Contains(d, old) {
			t.Fatalf("%s lacks %q", name, old)
		}
		set(name, strings.Replace(d, old, new, 1))
	}
	steps := []struct {
		name    string
		change  func()
		changed []string
		broken  bool
	}{
		{"edit a body", func() { edit("content/tribunes/une.md", "Premier paragraphe", "Tout premier paragraphe") }, []string{"content/tribunes/une.md"}, false},
		{"edit a title", func() {
			edit("content/tribunes/deux.md", `title = "Deuxième tribune"`, `title = "Deuxième tribune, revue"`)
		}, []string{"content/tribunes/deux.md"}, false},
		{"move a date", func() { edit("content/tribunes/trois.md", "date: 2024-08-15", "date: 2024-05-15") }, []string{"content/tribunes/trois.md"}, false},
		{"change tags", func() { edit("content/communiques/public.md", "tags: [Justice]", "tags: [Justice, Éducation]") }, []string{"content/communiques/public.md"}, false},
		{"add a file", func() {
			set("content/tribunes/quatre.md", "---\ntitle: Quatrième\ndate: 2024-09-01\nsignatories: [{name: Zoé Roux}]\ntags: [Justice]\n---\nCorps quatre.\n")
		}, []string{"content/tribunes/quatre.md"}, false},
		{"break a file", func() { edit("content/tribunes/quatre.md", "title: Quatrième", "titel: Quatrième") }, []string{"content/tribunes/quatre.md"}, true},
		{"edit another file while one is broken", func() { edit("content/a-propos.md", "Qui sommes-nous", "Qui sommes-nous donc") }, []string{"content/a-propos.md"}, true},
		{"fix it", func() { edit("content/tribunes/quatre.md", "titel: Quatrième", "title: Quatrième") }, []string{"content/tribunes/quatre.md"}, false},
		{"delete a file", func() { delete(fsys, "content/tribunes/deux.md") }, []string{"content/tribunes/deux.md"}, false},
		{"change a layout", func() {
			set("layouts/partials/footer.html", `<footer>pied {{.Page.Title}}</footer>`)
		}, []string{"layouts/partials/footer.html"}, false},
		{"change the settings", func() { edit("site.toml", `title = "Association Exemple"`, `title = "Association Exemple bis"`) }, []string{"site.toml"}, false},
		{"change the typography", func() { set("site.toml", string(fsys["site.toml"].Data)+"\n[typography]\nfr = \"off\"\n") }, []string{"site.toml"}, false},
		{"change a static file", func() { set("static/css/style.css", "body{color:navy}") }, []string{"static/css/style.css"}, false},
		{"section intro", func() { edit("content/tribunes/_index.md", "title: Nos tribunes", "title: Toutes nos tribunes") }, []string{"content/tribunes/_index.md"}, false},
	}
	for _, st := range steps {
		st.change()
		opts.Changed = st.changed
		inc, err := b.Run(context.Background(), opts)
		full, ferr := New(fsys).Run(context.Background(), Options{At: at, Minify: true})
		if st.broken {
			if err == nil || ferr == nil || err.Error() != ferr.Error() {
				t.Fatalf("%s: incremental error %v\nfull error %v", st.name, err, ferr)
			}
			continue
		}
		if err != nil || ferr != nil {
			t.Fatalf("%s: %v / %v", st.name, err, ferr)
		}
		if strings.Join(inc.Paths(), "\n") != strings.Join(full.Paths(), "\n") {
			t.Fatalf("%s: files differ:\n%v\n%v", st.name, inc.Paths(), full.Paths())
		}
		for p, data := range full.Files {
			if !bytes.Equal(inc.Files[p], data) {
				t.Errorf("%s: %s differs from a full build", st.name, p)
			}
		}
	}
}
