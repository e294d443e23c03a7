package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"tribune/internal/content"
	"tribune/internal/publish"
)

// demoKey is the key of the embargo copies in the tests' builds of the
// demo site, which has one.
var demoKey = []byte("clé de démonstration des tests")

// at is the build instant of the tests: after every date of basic.txtar but
// the embargo.
var at = time.Date(2024, 9, 20, 12, 0, 0, 0, time.UTC)

func loadTxtar(t testing.TB, name string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

func buildFS(t testing.TB, fsys fs.FS, opts Options) *built {
	t.Helper()
	res, err := runFS(context.Background(), fsys, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

// minified is a page of a minified build as the minifier writes it: pages
// rendered from minified layouts keep html/template's character references
// (&#43; for +) where the minifier writes the character itself.
func minified(t testing.TB, res *built, path string) string {
	t.Helper()
	out, err := publish.NewMinifier().Minify(path, []byte(page(t, res, path)))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func page(t testing.TB, res *built, path string) string {
	t.Helper()
	b, ok := res.Files[path]
	if !ok {
		t.Fatalf("no output file %s; have %v", path, res.Paths())
	}
	return string(b)
}

func TestBuildPagesAndURLs(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: at})
	want := []string{
		"404.html",
		"a-propos/index.html",
		"communiques/communique-public/index.html",
		"communiques/index.html",
		"css/style.css",
		"en/english/index.html",
		"en/index.html",
		"favicon.svg",
		"flux/index.html",
		"index.html",
		"js/search.js",
		"js/share.js",
		"plan-du-site/index.html",
		"presse/index.html",
		"reaction-envoyee/index.html",
		"recherche/index.html",
		"signataires/alice-martin/index.html",
		"signataires/alice-martin/page/2/index.html",
		"signataires/bruno-petit/index.html",
		"signataires/index.html",
		"themes/education/index.html",
		"themes/index.html",
		"themes/justice/index.html",
		"tribunes/deuxieme-tribune/index.html",
		"tribunes/index.html",
		"tribunes/l-ecole-premier-rempart/index.html",
		"tribunes/page/2/index.html",
		"tribunes/troisieme/index.html",
	}
	var got []string
	for _, p := range res.Paths() {
		if fingerprinted.MatchString(p) {
			continue // see TestFingerprintedAssets
		}
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".css") || strings.HasSuffix(p, ".svg") || strings.HasSuffix(p, ".js") {
			got = append(got, p)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHiddenPagesAreNotRendered(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: at})
	for path, data := range res.Files {
		for _, secret := range []string{"brouillon", "Tribune expirée", "sous embargo", "Secret", "secret"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s mentions hidden %q", path, secret)
			}
		}
	}
	if len(res.Site.Hidden) != 3 {
		t.Errorf("hidden pages = %d, want 3", len(res.Site.Hidden))
	}
	// At the embargo instant the communiqué is public.
	lift := time.Date(2024, 10, 1, 4, 0, 0, 0, time.UTC)
	res = buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: lift})
	page(t, res, "communiques/communique-sous-embargo/index.html")
	res = buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: lift.Add(-time.Second)})
	if _, ok := res.Files["communiques/communique-sous-embargo/index.html"]; ok {
		t.Error("embargoed communiqué rendered one second before its embargo")
	}
}

func TestTribunePage(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: at, Minify: true})
	html := minified(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	for _, want := range []string{
		`<html lang="fr">`,
		"<title>L’école\u00a0: premier rempart\u202f? – Association Exemple</title>",
		`<p class="kind kind-tribune">Tribune</p>`,
		"<h1>L’école\u00a0: premier rempart\u202f?</h1>",
		`<time datetime="2024-06-01T00:00:00+02:00">1<sup>er</sup> juin 2024</time>`,
		`<p class="standfirst">Un chapô.</p>`,
		`<h2 id="une-partie">Une partie</h2>`,
		`<span class="name"><a href="/signataires/alice-martin/">Alice Martin</a></span> <span class="role">Présidente</span> <span class="org">Association Exemple</span>`,
		"Bruno Petit",
		`<p class="copub">Tribune publiée dans <cite>Le Journal Fictif</cite> le <time datetime="2024-06-02T00:00:00+02:00">2 juin 2024</time>.`,
		`<a href="https://journal.example/tribune">Lire la tribune sur <cite>Le Journal Fictif</cite></a>`,
		`<a href="/themes/education/">Éducation</a>`, // its first use; the newer "éducation" renames nothing
		`<link rel="canonical" href="https://exemple.example/tribunes/l-ecole-premier-rempart/">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("tribune page lacks %q", want)
		}
	}
}

func TestCommuniquePage(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: at})
	html := page(t, res, "communiques/communique-public/index.html")
	for _, want := range []string{
		"Communiqué de presse", "Pour diffusion immédiate",
		"<p><span class=\"dateline\">Lyon, le 1<sup>er</sup> septembre 2024\u00a0–</span> Corps public.",
		"Camille Durand", "mailto:presse@exemple.example",
		"À propos d’Exemple", "L’association Exemple protège les enfants.",
		`<p class="end-mark"`, "###",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("communiqué page lacks %q", want)
		}
	}
}

func TestEnglishPage(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: at})
	html := page(t, res, "en/english/index.html")
	for _, want := range []string{`<html lang="en">`, "<h1>An English page: really?</h1>", "It’s here.", "Skip to content"} {
		if !strings.Contains(html, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
}

func TestListsPaginationAndTags(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "basic.txtar"), Options{At: at})
	first := page(t, res, "tribunes/index.html")
	second := page(t, res, "tribunes/page/2/index.html")
	// Newest first, two a page: trois (août), deux (juillet) | une (juin).
	if i, j := strings.Index(first, "Troisième tribune"), strings.Index(first, "Deuxième tribune"); i < 0 || j < 0 || i > j {
		t.Errorf("first page order wrong:\n%s", first)
	}
	if strings.Contains(first, "premier rempart") || !strings.Contains(second, "premier rempart") {
		t.Error("the oldest tribune is not alone on page 2")
	}
	if !strings.Contains(first, `href="/tribunes/page/2/" rel="next"`) || !strings.Contains(second, `href="/tribunes/" rel="prev"`) {
		t.Error("pager links missing")
	}
	if !strings.Contains(first, "<h1>Nos tribunes</h1>") || !strings.Contains(first, "Les tribunes de l’association.") {
		t.Error("section _index.md title or intro missing")
	}
	tag := page(t, res, "themes/education/index.html")
	if !strings.Contains(tag, "Deuxième tribune") || !strings.Contains(tag, "premier rempart") {
		t.Error("tag page lacks its statements (Éducation and éducation are one tag)")
	}
	home := page(t, res, "index.html")
	for _, want := range []string{"Accueil de l’association", "Troisième tribune", "Communiqué public"} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	if nf := page(t, res, "404.html"); !strings.Contains(nf, "Page introuvable") {
		t.Error("404 page lacks its title")
	}
}

func TestMinify(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	plain := buildFS(t, fsys, Options{At: at})
	min := buildFS(t, fsys, Options{At: at, Minify: true})
	for _, p := range []string{"index.html", "css/style.css", "favicon.svg"} {
		if len(min.Files[p]) >= len(plain.Files[p]) {
			t.Errorf("%s: minified %d bytes, plain %d", p, len(min.Files[p]), len(plain.Files[p]))
		}
	}
	if !strings.Contains(string(min.Files["index.html"]), "Troisième tribune") {
		t.Error("minified home lost its content")
	}
}

func TestDeterministic(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	a := buildFS(t, fsys, Options{At: at, Minify: true})
	b := buildFS(t, fsys, Options{At: at, Minify: true})
	if len(a.Files) != len(b.Files) {
		t.Fatal("different file counts")
	}
	for p, data := range a.Files {
		if !bytes.Equal(data, b.Files[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

func TestOnlyContentBuilds(t *testing.T) {
	fsys := fstest.MapFS{"content/tribunes/x.md": {Data: []byte("---\ntitle: Seule\ndate: 2024-01-01\nsignatories: [{name: A}]\n---\nTexte.\n")}}
	res := buildFS(t, fsys, Options{At: at})
	if !strings.Contains(page(t, res, "tribunes/seule/index.html"), "Texte.") {
		t.Error("page body missing")
	}
	page(t, res, "css/style.css")
}

func TestSiteOverridesLayoutsAndStatic(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	fsys["layouts/partials/footer.html"] = &fstest.MapFile{Data: []byte(`<footer>pied personnalisé</footer>`)}
	fsys["static/css/style.css"] = &fstest.MapFile{Data: []byte(`body{color:red}`)}
	fsys["static/documents/a.pdf"] = &fstest.MapFile{Data: []byte("%PDF-1.4")}
	res := buildFS(t, fsys, Options{At: at})
	html := page(t, res, "index.html")
	if !strings.Contains(html, "pied personnalisé") || !strings.Contains(html, `class="skip"`) {
		t.Error("overridden footer missing, or built-in base lost")
	}
	if got := page(t, res, "css/style.css"); got != `body{color:red}` {
		t.Errorf("style.css = %q", got)
	}
	page(t, res, "documents/a.pdf")
}

func TestTemplateErrors(t *testing.T) {
	// Minified builds render from minified layouts: errors still give the
	// lines of the layouts as written.
	for _, minify := range []bool{false, true} {
		fsys := loadTxtar(t, "basic.txtar")
		fsys["layouts/tribune.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n<h1>{{.Page.Titre}}</h1>\n{{end}}\n")}
		_, err := runFS(context.Background(), fsys, Options{At: at, Minify: minify})
		if err == nil {
			t.Fatal("a layout using an unknown field built")
		}
		if !regexp.MustCompile(`layouts/tribune\.html:2:\d+: .*Titre.*\(rendering content/tribunes/`).MatchString(err.Error()) {
			t.Errorf("minify %v: error does not name the layout, line and page:\n%v", minify, err)
		}

		fsys = loadTxtar(t, "basic.txtar")
		fsys["layouts/list.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n\n{{if}}\n{{end}}\n")}
		_, err = runFS(context.Background(), fsys, Options{At: at, Minify: minify})
		if err == nil || !strings.Contains(err.Error(), "layouts/list.html:3:") {
			t.Errorf("minify %v: parse error not positioned: %v", minify, err)
		}
	}

	// A partial that fails inside a method the layout calls (.Header) is
	// named, not the layout calling it.
	fsys := loadTxtar(t, "basic.txtar")
	fsys["layouts/partials/header.html"] = &fstest.MapFile{Data: []byte("<header>\n{{.Site.Config.Titre}}</header>\n")}
	_, err := runFS(context.Background(), fsys, Options{At: at})
	if err == nil || !regexp.MustCompile(`layouts/partials/header\.html:2:\d+: .*Titre`).MatchString(err.Error()) || strings.Contains(err.Error(), "base.html") {
		t.Errorf("error in a partial does not name it:\n%v", err)
	}

	fsys = loadTxtar(t, "basic.txtar")
	fsys["content/tribunes/une.md"].Data = bytes.Replace(fsys["content/tribunes/une.md"].Data, []byte("date: 2024-06-01\n"), []byte("date: 2024-06-01\nlayout: inexistant\n"), 1)
	_, err = runFS(context.Background(), fsys, Options{At: at})
	if err == nil || !strings.Contains(err.Error(), `content/tribunes/une.md:4:1: unknown layout "inexistant"`) {
		t.Errorf("unknown layout: %v", err)
	}
}

func TestAllErrorsReported(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	fsys["content/tribunes/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndate: 2024-01-01\ntitel: typo\n---\n")}
	fsys["content/communiques/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [liste]\ndate: 2024-01-01\n---\n")}
	fsys["content/c.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"C\"\ndate = 2024-13-01\n+++\n")}
	_, err := runFS(context.Background(), fsys, Options{At: at})
	var l content.ErrorList
	if err == nil || !isList(err, &l) {
		t.Fatalf("want an error list, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"content/c.md:3:",
		"content/communiques/b.md:2:8: title: expected text",
		`content/tribunes/a.md:4:1: unknown key "titel" (did you mean "title"?)`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
}

func isList(err error, l *content.ErrorList) bool {
	v, ok := err.(content.ErrorList)
	*l = v
	return ok
}

func TestCollisionNamesBothFiles(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	fsys["content/tribunes/copie.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Deuxième  tribune !\ndate: 2024-01-01\nsignatories: [{name: A}]\n---\n")}
	_, err := runFS(context.Background(), fsys, Options{At: at})
	if err == nil || !strings.Contains(err.Error(), "/tribunes/deuxieme-tribune/ is also produced by content/tribunes/") {
		t.Fatalf("collision not reported: %v", err)
	}
}

func TestRealDemoSiteBuilds(t *testing.T) {
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res := buildFS(t, root.FS(), Options{At: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Minify: true, EmbargoKey: demoKey})
	if len(res.Warnings) > 0 {
		t.Errorf("demo site has warnings: %v", res.Warnings)
	}
	var tribunes, communiques int
	for _, p := range res.Site.Statements {
		switch p.Kind {
		case "tribune":
			tribunes++
		case "communique":
			communiques++
		}
	}
	if tribunes < 4 || communiques < 3 {
		t.Errorf("demo site has %d tribunes and %d communiqués", tribunes, communiques)
	}
	if len(res.Site.Hidden) < 2 {
		t.Errorf("demo site should hide its draft and its embargoed communiqué; hidden = %d", len(res.Site.Hidden))
	}
}

var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js)$`)

func TestFingerprintedAssets(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	res := buildFS(t, fsys, Options{At: at, Minify: true})
	link := regexp.MustCompile(`href="?/css/(style\.[0-9a-f]{10}\.css)"?`).FindStringSubmatch(page(t, res, "index.html"))
	if link == nil {
		t.Fatal("the home page does not link a fingerprinted stylesheet")
	}
	if !bytes.Equal(res.Files["css/"+link[1]], res.Files["css/style.css"]) {
		t.Error("the fingerprinted stylesheet differs from style.css")
	}
	if !bytes.Contains(res.Files["_headers"], []byte("/css/"+link[1]+"\n  Cache-Control: public, max-age=31536000, immutable")) {
		t.Error("_headers does not let browsers cache the stylesheet for ever")
	}
	fsys["static/css/style.css"] = &fstest.MapFile{Data: []byte("body{color:navy}")}
	res2 := buildFS(t, fsys, Options{At: at, Minify: true})
	if strings.Contains(page(t, res2, "index.html"), link[1]) {
		t.Error("a changed stylesheet kept its fingerprint")
	}
	search := page(t, res, "recherche/index.html")
	if !regexp.MustCompile(`src="?/js/search\.[0-9a-f]{10}\.js"?`).MatchString(search) {
		t.Error("the search page does not load a fingerprinted script")
	}
}

// A static file the minifier cannot read is one error, at its place, with
// the other errors of the build.
func TestStaticMinifyErrors(t *testing.T) {
	fsys := loadTxtar(t, "basic.txtar")
	fsys["static/js/casse.js"] = &fstest.MapFile{Data: []byte("// un script\nfunction ( {\n")}
	fsys["static/js/module.mjs"] = &fstest.MapFile{Data: []byte("export const = 1;\n")}
	fsys["content/tribunes/z.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Z\ndate: 2024-13-01\n---\n")}
	_, err := runFS(context.Background(), fsys, Options{At: at, Minify: true})
	var l content.ErrorList
	if err == nil || !isList(err, &l) {
		t.Fatalf("want an error list, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"static/js/casse.js:2:10: cannot minify: ", "static/js/module.mjs:1:", "content/tribunes/z.md:3:"} {
		if strings.Count(msg, want) != 1 {
			t.Errorf("errors hold %q %d times, want once:\n%s", want, strings.Count(msg, want), msg)
		}
	}
	if len(l) != 3 {
		t.Errorf("%d errors, want 3:\n%s", len(l), msg)
	}
}

// A topic's name is that of its first use, or the one site.toml declares:
// a newer statement spelling it another way (an apostrophe, a capital)
// renames it nowhere, feeds included; and its name is typeset.
func TestTopicNamesStable(t *testing.T) {
	site := func(topics string) fstest.MapFS {
		return fstest.MapFS{
			"site.toml":                      {Data: []byte("title = \"Exemple\"\nbaseURL = \"https://exemple.example/\"\n" + topics)},
			"content/communiques/ancien.md":  {Data: []byte("---\ntitle: Ancien\ndate: 2024-01-01\ntags: [\"protection de l’enfance\"]\n---\nx\n")},
			"content/communiques/nouveau.md": {Data: []byte("---\ntitle: Nouveau\ndate: 2024-06-01\ntags: [\"Protection de l'Enfance\"]\n---\nx\n")},
		}
	}
	res := buildFS(t, site(""), Options{At: at})
	if len(res.Site.Tags) != 1 || res.Site.Tags[0].Name != "protection de l’enfance" {
		t.Fatalf("tags %+v: want one, named as first used", res.Site.Tags)
	}
	for _, name := range []string{"themes/protection-de-l-enfance/index.html", "communiques/nouveau/index.html", "communiques/rss.xml"} {
		if data := string(res.Files[name]); strings.Contains(data, "Protection de l") || !strings.Contains(data, "protection de l’enfance") {
			t.Errorf("%s does not name the topic as first used", name)
		}
	}
	res = buildFS(t, site("topics = [\"Protection de l'enfance\"]\n"), Options{At: at})
	if len(res.Site.Tags) != 1 || res.Site.Tags[0].Name != "Protection de l’enfance" {
		t.Errorf("declared name not used: %+v", res.Site.Tags)
	}
}
