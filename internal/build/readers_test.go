package build

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var readersAt = time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)

func pngFile(t *testing.T, w, h int) *fstest.MapFile {
	t.Helper()
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i % 251)
	}
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return &fstest.MapFile{Data: buf.Bytes()}
}

func readersFS(t *testing.T) fstest.MapFS {
	fsys := loadTxtar(t, "readers.txtar")
	fsys["static/images/photo.png"] = pngFile(t, 1280, 720)
	fsys["static/images/graphique.png"] = pngFile(t, 640, 400)
	fsys["static/images/fleuron.png"] = pngFile(t, 40, 20)
	return fsys
}

func TestImages(t *testing.T) {
	fsys := readersFS(t)
	b := New(fsys, nil)
	res, err := runWith(context.Background(), b, Options{At: readersAt, Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	html := page(t, res, "tribunes/l-uberisation-de-la-protection-de-l-enfance/index.html")
	hero := regexp.MustCompile(`<figure class="?hero"?><img [^>]*>`).FindString(html)
	for _, want := range []string{`src="/images/photo.png"`, `alt="Une salle de classe"`, `width="1280"`, `height="720"`,
		`srcset="/images/photo-480w.png 480w, /images/photo-800w.png 800w, /images/photo-1200w.png 1200w, /images/photo.png 1280w"`} {
		if !strings.Contains(hero, want) {
			t.Errorf("hero image lacks %s: %s", want, hero)
		}
	}
	if strings.Contains(hero, "lazy") {
		t.Error("the hero image, above the fold, is lazy")
	}
	body := regexp.MustCompile(`<img src="?/images/graphique.png"?[^>]*>`).FindString(html)
	for _, want := range []string{`alt="Un graphique des signalements"`, `width="640"`, `height="400"`, `loading="lazy"`, `480w`} {
		if !strings.Contains(body, want) {
			t.Errorf("body image lacks %s: %s", want, body)
		}
	}
	if deco := regexp.MustCompile(`<img src="?/images/fleuron.png"?[^>]*>`).FindString(html); !regexp.MustCompile(`\salt(="")?[\s>]`).MatchString(deco) || strings.Contains(deco, "title") {
		t.Errorf("decorative image: %s", deco)
	}
	for name, w := range map[string]int{"images/photo-480w.png": 480, "images/photo-800w.png": 800, "images/photo-1200w.png": 1200, "images/graphique-480w.png": 480} {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(res.Files[name]))
		if err != nil || cfg.Width != w {
			t.Errorf("%s: %v, width %d, want %d", name, err, cfg.Width, w)
		}
	}
	share, _, err := image.DecodeConfig(bytes.NewReader(res.Files["images/photo-partage.png"]))
	if err != nil || share.Width != 1200 || share.Height != 630 {
		t.Errorf("share image: %v %dx%d", err, share.Width, share.Height)
	}
	if !strings.Contains(html, `content="https://exemple.example/images/photo-partage.png"`) {
		t.Error("og:image is not the 1200×630 copy")
	}
	if _, ok := res.Files["images/fleuron-480w.png"]; ok {
		t.Error("a copy wider than its original was made")
	}
	// A second build takes the copies from the cache: the very same bytes.
	res2, err := runWith(context.Background(), b, Options{At: readersAt, Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	if &res2.Files["images/photo-800w.png"][0] != &res.Files["images/photo-800w.png"][0] {
		t.Error("the resized copies were made again")
	}
}

func TestImageErrors(t *testing.T) {
	for name, tt := range map[string]struct{ file, data, want string }{
		"markdown image without alt":     {"content/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\nTexte.\n\n![](/images/graphique.png)\n", `content/x.md:7:1: image /images/graphique.png has no text alternative`},
		"front matter image without alt": {"content/x.md", "---\ntitle: X\ndate: 2024-01-01\nimage: {src: /images/graphique.png}\n---\n", `content/x.md:4:1: image needs alt text`},
		"front matter image missing":     {"content/x.md", "---\ntitle: X\ndate: 2024-01-01\nimage: {src: /images/absente.png, alt: Absente}\n---\n", `image /images/absente.png not found`},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := readersFS(t)
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := runFS(context.Background(), fsys, Options{At: readersAt})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestRelatedAndNeighbours(t *testing.T) {
	res := buildFS(t, readersFS(t), Options{At: readersAt})
	html := page(t, res, "tribunes/l-uberisation-de-la-protection-de-l-enfance/index.html")
	rel := regexp.MustCompile(`(?s)<section class="related".*?</section>`).FindString(html)
	// Most shared tags first (d: three), then b (two), then the newest of
	// those sharing one (the English release, then c).
	order := []string{"Trois thèmes communs anciens", "Deux thèmes communs", "A release in English"}
	last := -1
	for _, title := range order {
		i := strings.Index(rel, title)
		if i < 0 || i < last {
			t.Fatalf("related list is not %q:\n%s", order, rel)
		}
		last = i
	}
	if strings.Contains(rel, "Aucun thème commun") || strings.Contains(rel, "brouillon") || strings.Count(rel, "<li") != 3 {
		t.Errorf("related list:\n%s", rel)
	}
	if !strings.Contains(rel, `<li lang="en">`) {
		t.Error("the English statement has no lang attribute in a French list")
	}
	nav := regexp.MustCompile(`(?s)<nav class="prevnext".*?</nav>`).FindString(html)
	if !strings.Contains(nav, `href="/tribunes/aucun-theme-commun/" rel="next"`) || !strings.Contains(nav, `href="/tribunes/deux-themes-communs/" rel="prev"`) {
		t.Errorf("previous and next:\n%s", nav)
	}
}

func TestSearchIndex(t *testing.T) {
	res := buildFS(t, readersFS(t), Options{At: readersAt, Minify: true})
	var idx struct {
		Docs []struct{ U, T, K, D, I, S, G, W string }
	}
	if err := json.Unmarshal(res.Files["recherche/index.json"], &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Docs) != 7 {
		t.Fatalf("%d documents, want the 7 public statements", len(idx.Docs))
	}
	first := idx.Docs[0]
	if first.T != "A release in English" || first.K != "Communiqué de presse" || first.D != "6 juin 2024" || first.I != "2024-06-06T00:00:00+02:00" {
		t.Errorf("first document %+v", first)
	}
	for _, d := range idx.Docs {
		if strings.Contains(d.T, "brouillon") {
			t.Error("a draft is in the search index")
		}
		if d.T == "Deux thèmes communs" {
			words := " " + d.W + " "
			for _, w := range []string{" texte ", " fermeture ", " plateforme "} {
				if !strings.Contains(words, w) {
					t.Errorf("words %q lack %q", d.W, w)
				}
			}
			for _, stop := range []string{" sur ", " la ", " une "} {
				if strings.Contains(words, stop) {
					t.Errorf("words %q keep the stop word %q", d.W, stop)
				}
			}
			if d.G != "Numérique, Justice" {
				t.Errorf("tags %q", d.G)
			}
		}
	}
	if bytes.Contains(res.Files["recherche/index.json"], []byte("confidentiel")) {
		t.Error("the draft's text is in the index")
	}
	search := page(t, res, "recherche/index.html")
	for _, want := range []string{`role="search"`, `<label for="q">`, `href="/plan-du-site/"`, `<noscript>`, `aria-live="polite"`} {
		if !strings.Contains(search, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
}

func TestReaderNavigation(t *testing.T) {
	res := buildFS(t, readersFS(t), Options{At: readersAt})
	html := page(t, res, "tribunes/deux-themes-communs/index.html")
	crumb := regexp.MustCompile(`(?s)<nav class="breadcrumb.*?</nav>`).FindString(html)
	for _, want := range []string{`<a href="/">Accueil</a>`, `<a href="/tribunes/">Nos tribunes</a>`, `<li aria-current="page">Deux thèmes communs</li>`} {
		if !strings.Contains(crumb, want) {
			t.Errorf("breadcrumb lacks %s:\n%s", want, crumb)
		}
	}
	sm := page(t, res, "plan-du-site/index.html")
	for _, want := range []string{`href="/tribunes/deux-themes-communs/"`, `href="/communiques/a-release-in-english/"`, `href="/recherche/"`, `<li lang="en">`} {
		if !strings.Contains(sm, want) {
			t.Errorf("site map lacks %s", want)
		}
	}
	if strings.Contains(sm, "brouillon") {
		t.Error("the site map lists a draft")
	}
	for _, p := range res.Paths() {
		if !strings.HasSuffix(p, "index.html") || bytes.Contains(res.Files[p], []byte("http-equiv=\"refresh\"")) {
			continue
		}
		h := string(res.Files[p])
		if n := strings.Count(h, "<h1"); n != 1 {
			t.Errorf("%s has %d h1", p, n)
		}
		if !strings.Contains(h, `href="/plan-du-site/"`) || !strings.Contains(h, `action="/recherche/"`) && !strings.HasPrefix(p, "recherche/") {
			t.Errorf("%s lacks a way to the site map or the search", p)
		}
		prev := 1
		for _, m := range regexp.MustCompile(`<h([1-6])`).FindAllStringSubmatch(h, -1) {
			level := int(m[1][0] - '0')
			if level > prev+1 {
				t.Errorf("%s: heading h%d after h%d", p, level, prev)
				break
			}
			prev = level
		}
	}
}

// Image names with commas or accents give srcsets whose every candidate is
// one URL leading to a file of the output.
func TestSrcsetEscapesNames(t *testing.T) {
	fsys := readersFS(t)
	fsys["static/images/bilan,été.png"] = pngFile(t, 900, 300)
	fsys["content/tribunes/virgule.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Virgule\ndate: 2024-06-20\nsignatories: [{name: A}]\n---\n![Un bilan](/images/bilan,été.png)\n")}
	for _, minify := range []bool{false, true} {
		res := buildFS(t, fsys, Options{At: readersAt, Minify: minify})
		html := page(t, res, "tribunes/virgule/index.html")
		m := regexp.MustCompile(`srcset="?([^">]*)`).FindStringSubmatch(html)
		if m == nil {
			t.Fatalf("no srcset:\n%s", html)
		}
		checkSrcset(t, res, m[1])
	}
}

func checkSrcset(t *testing.T, res *built, srcset string) {
	t.Helper()
	m := []string{"", srcset}
	cands := strings.Split(m[1], ", ")
	if len(cands) != 3 {
		t.Fatalf("srcset %q: want 3 candidates (480w, 800w, 900w)", m[1])
	}
	for _, c := range cands {
		f := strings.Fields(c)
		if len(f) != 2 || strings.Contains(f[0], ",") {
			t.Fatalf("candidate %q of %q is not one URL and a width", c, m[1])
		}
		name, err := url.PathUnescape(strings.TrimPrefix(f[0], "/"))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := res.Files[name]; !ok {
			t.Errorf("candidate %q leads to no file (%s)", c, name)
		}
	}
}

// French typography reaches every text readers see, not the body alone:
// signatories, outlet, topics, contacts, settings; numbers keep together;
// nested quotes are curly; ordinals are superscripts in pages, plain in
// feeds; URLs and addresses are left alone.
func TestTypographyEverywhere(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml": {Data: []byte("title = \"L'espace presse : ici\"\nbaseURL = \"https://exemple.example/\"\ncity = \"Paris\"\n" +
			"[organisation]\nname = \"L'Asso\"\n[[contacts]]\nname = \"Léa\"\nrole = \"Chargée de l'info\"\nemail = \"l.a'b@exemple.example\"\n" +
			"[[menu]]\nname = \"L'équipe\"\nurl = \"/a-propos/\"\n")},
		"content/tribunes/t.md": {Data: []byte("---\ntitle: Tribune\ndate: 2024-03-01\ntags: [\"protection de l'enfance\"]\n" +
			"signatories: [{name: \"Jeanne d'Arc\", role: \"Présidente de l'ACPE\", organisation: \"L'association\"}]\n" +
			"outlet: {name: \"L'Hebdo\", url: \"https://hebdo.example/l'article\"}\n---\n" +
			"Plus de 23 000 élèves, soit 80 % d'entre eux, à 10 h 30 : « un grand « reset » ». Voir https://exemple.example/l'page.\n")},
		"content/communiques/c.md": {Data: []byte("---\ntitle: Communiqué\ndate: 2024-03-01\n---\nCorps.\n")},
	}
	res := buildFS(t, fsys, Options{At: at, Minify: true})
	trib := page(t, res, "tribunes/tribune/index.html")
	for _, want := range []string{"Jeanne d’Arc", "Présidente de l’ACPE", "L’association", "<cite>L’Hebdo</cite>", "protection de l’enfance",
		"L’espace presse\u00a0: ici", "L’équipe", "23\u202f000 élèves", "80\u202f% d’entre eux", "10\u202fh\u202f30", "«\u202fun grand “reset”\u202f»",
		"https://exemple.example/l'page", "1<sup>er</sup> mars 2024"} {
		if !strings.Contains(trib, want) {
			t.Errorf("tribune page lacks %q", want)
		}
	}
	comm := page(t, res, "communiques/communique/index.html")
	for _, want := range []string{"Chargée de l’info", "l.a&#39;b@exemple.example", "Paris, le 1<sup>er</sup> mars 2024"} {
		if !strings.Contains(comm, want) {
			t.Errorf("communiqué page lacks %q", want)
		}
	}
	// Addresses are left alone.
	if strings.Contains(trib, "l’article") || strings.Contains(comm, "l.a’b") {
		t.Error("typography changed a URL or an e-mail address")
	}
	for _, feed := range []string{"tribunes/rss.xml", "communiques/atom.xml", "feed.json"} {
		data := string(res.Files[feed])
		if strings.Contains(data, "sup") || !strings.Contains(data, "1er mars 2024") && strings.Contains(feed, "communiques") {
			t.Errorf("%s: dates are not plain text", feed)
		}
	}
}
