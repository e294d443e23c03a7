package build

// Tests of issue 3, "Newsroom statements": every element of the tribune and
// communiqué pages, their validation errors, the press room, the signatory
// pages, the JSON-LD and Open Graph tags, and the escaping of hostile
// values, all through the real pipeline (New(fsys).Run) on the fixture
// testdata/newsroom.txtar.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tribune/internal/locale"
	"tribune/internal/site"
)

// newsAt is the production build instant of these tests: after every date
// of newsroom.txtar, the embargo included.
var newsAt = time.Date(2024, 9, 1, 12, 0, 0, 0, time.UTC)

// beforeLift is a day before the embargo of communiques/embargo.md lifts
// (mardi 25 juin 2024, 6 h, heure de Paris).
var beforeLift = time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)

// pdfSize is the length of the PDF attachment: 2 Ko exactly.
const pdfSize = 2048

// kitPNG is a 30 × 20 picture for the press kit.
func kitPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	for x := range 30 {
		for y := range 20 {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 12), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdf is a file of n bytes that starts like a PDF.
func pdf(n int) []byte {
	head := []byte("%PDF-1.4\n")
	return append(head, bytes.Repeat([]byte("x"), n-len(head))...)
}

// newsroomFS is newsroom.txtar with its binary files added.
func newsroomFS(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := loadTxtar(t, "newsroom.txtar")
	fsys["static/presse/kit/photo.png"] = &fstest.MapFile{Data: kitPNG(t), Mode: 0o644}
	fsys["static/documents/rapport.pdf"] = &fstest.MapFile{Data: pdf(pdfSize), Mode: 0o644}
	return fsys
}

// setFile adds or replaces a file of fsys.
func setFile(fsys fstest.MapFS, name, text string) {
	fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
}

// editFile replaces old by new in a file of fsys, failing when old is not there.
func editFile(t testing.TB, fsys fstest.MapFS, name, old, new string) {
	t.Helper()
	f, ok := fsys[name]
	if !ok || !bytes.Contains(f.Data, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	f.Data = bytes.Replace(f.Data, []byte(old), []byte(new), 1)
}

// mustContain reports each wanted string the text lacks.
func mustContain(t testing.TB, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// mustNotContain reports each unwanted string the text has.
func mustNotContain(t testing.TB, what, text string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			t.Errorf("%s contains %q", what, w)
		}
	}
}

// inOrder checks that the strings appear in text in this order.
func inOrder(t testing.TB, what, text string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Errorf("%s: %q missing or out of order (want order %q)", what, p, parts)
			return
		}
		at += i + len(p)
	}
}

var ldRE = regexp.MustCompile(`(?s)<script type="?application/ld\+json"?>(.*?)</script>`)

// jsonLD parses the page's only JSON-LD block.
func jsonLD(t testing.TB, page string) map[string]any {
	t.Helper()
	m := ldRE.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("want one JSON-LD block, found %d", len(m))
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[0][1])
	}
	return ld
}

// obj and list read JSON values, failing on the wrong type.
func obj(t testing.TB, v any, what string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s = %#v, want an object", what, v)
	}
	return m
}

func list(t testing.TB, v any, what string) []any {
	t.Helper()
	l, ok := v.([]any)
	if !ok {
		t.Fatalf("%s = %#v, want a list", what, v)
	}
	return l
}

// checkFields compares string fields of a JSON object.
func checkFields(t testing.TB, what string, o map[string]any, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if got, ok := o[k]; !ok {
			t.Errorf("%s.%s missing, want %q", what, k, w)
		} else if got != w {
			t.Errorf("%s.%s = %#v, want %q", what, k, got, w)
		}
	}
}

// keywords reads schema.org keywords, written as one comma-separated text
// or as a list.
func keywords(t testing.TB, v any) []string {
	t.Helper()
	switch k := v.(type) {
	case string:
		parts := strings.Split(k, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts
	case []any:
		var out []string
		for _, s := range k {
			out = append(out, fmt.Sprint(s))
		}
		return out
	}
	t.Fatalf("keywords = %#v", v)
	return nil
}

var metaRE = regexp.MustCompile(`<meta (?:property|name)="?([^" >]+)"? content="([^"]*)">`)

// metas maps each meta property or name of a page to its decoded values.
func metas(page string) map[string][]string {
	out := map[string][]string{}
	for _, m := range metaRE.FindAllStringSubmatch(page, -1) {
		out[m[1]] = append(out[m[1]], html.UnescapeString(m[2]))
	}
	return out
}

func checkMeta(t testing.TB, what string, m map[string][]string, want map[string][]string) {
	t.Helper()
	for k, w := range want {
		if got := m[k]; strings.Join(got, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s: meta %s = %q, want %q", what, k, got, w)
		}
	}
}

var canonicalRE = regexp.MustCompile(`<link rel="?canonical"? href="?([^" >]+)"?>`)

func canonical(t testing.TB, page string) string {
	t.Helper()
	m := canonicalRE.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("want one canonical link, found %d", len(m))
	}
	return html.UnescapeString(m[0][1])
}

// typeset is a title as French typography writes it.
func typeset(s string) string { return locale.French.String(s) }

func TestNewsroomTribunePage(t *testing.T) {
	res := buildFS(t, newsroomFS(t), Options{At: newsAt, Minify: true})
	p := minified(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	title := "L’école\u00a0: premier rempart\u202f?"
	if got := typeset("L'école : premier rempart ?"); got != title {
		t.Fatalf("typeset title = %q, want %q", got, title)
	}
	mustContain(t, "tribune page", p,
		`<p class="kind kind-tribune">Tribune</p>`,
		"<h1>"+title+"</h1>",
		`Publié le <time datetime="2024-06-25T08:00:00+02:00">25 juin 2024</time>`,
		`<p class="standfirst">Un chapô qui résume la tribune.</p>`,
		`<p>Premier paragraphe de la tribune.</p>`,
		`<h2 id="une-partie">Une partie</h2>`,
		`<p>Le corps de la tribune.</p>`,
	)
	// The signature block: every signatory, in order, linked to their page,
	// with role and organisation, and the link to their site named after
	// them.
	sig := regexp.MustCompile(`(?s)<section class="?signature signature-many"?.*?</section>`).FindString(p)
	if sig == "" {
		t.Fatal("no signature block")
	}
	inOrder(t, "signature block", sig,
		`<h2 id="signataires">Signataires</h2>`,
		`<a href="/signataires/alice-martin/">Alice Martin</a>`,
		`<span class="role">Présidente</span>`,
		`<span class="org">Enfance Protégée</span>`,
		`<a class="website" href="https://alice.example/">Site de Alice Martin</a>`,
		`<a href="/signataires/bruno-petit/">Bruno Petit</a>`,
		`<span class="role">Pédiatre</span>`,
		`<span class="org">CHU de Lyon</span>`,
		`<a href="/signataires/chloe-durand/">Chloé Durand</a>`,
		`<span class="role">Juriste</span>`,
	)
	if n := strings.Count(sig, `<li class="signer">`); n != 3 {
		t.Errorf("signature block has %d entries, want 3:\n%s", n, sig)
	}
	if n := strings.Count(sig, `href="https://`); n != 1 {
		t.Errorf("signature block has %d external links, want only Alice Martin's", n)
	}
	// The co-publication line under the title, and a link whose text
	// names the outlet.
	mustContain(t, "tribune page", p,
		`<p class="copub">Tribune publiée dans <cite>Marianne</cite> le <time datetime="2024-06-26T00:00:00+02:00">26 juin 2024</time>.`,
		`<a href="https://www.marianne.net/tribune-ecole">Lire la tribune sur <cite>Marianne</cite></a>`,
	)
	// Tags.
	inOrder(t, "tags", p, `<a href="/themes/education/">Éducation</a>`, `<a href="/themes/numerique/">Numérique</a>`)
	// Corrections, and updated.
	mustContain(t, "tribune page", p,
		`Mis à jour le <time datetime="2024-06-28T00:00:00+02:00">28 juin 2024</time>`,
		"Mis à jour le <time datetime=\"2024-06-27T00:00:00+02:00\">27 juin 2024</time>\u00a0: Une coquille corrigée dans le deuxième paragraphe.",
	)
	// In order on the page: label, title, co-publication, date,
	// standfirst, body, signatures, sharing, tags.
	inOrder(t, "tribune page", p, "kind-tribune", "<h1>", "Tribune publiée dans", "25 juin 2024", "standfirst", "Premier paragraphe",
		`class="signer"`, "Alice Martin", "Chloé Durand", `class="share"`, "/themes/education/")

	// Without updated, a correction alone dates the update; the outlet's
	// date is optional.
	fsys := newsroomFS(t)
	editFile(t, fsys, "content/tribunes/ecole.md", "updated: 2024-06-28\n", "")
	editFile(t, fsys, "content/tribunes/ecole.md", "  date: 2024-06-26\n", "")
	res = buildFS(t, fsys, Options{At: newsAt, Minify: true})
	p = minified(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	mustContain(t, "tribune page without updated", p,
		`· Mis à jour le <time datetime="2024-06-27T00:00:00+02:00">27 juin 2024</time>`,
		`Tribune publiée dans <cite>Marianne</cite>. <a href="https://www.marianne.net/tribune-ecole">`,
	)
	if ld := jsonLD(t, p); ld["dateModified"] != "2024-06-27T00:00:00+02:00" {
		t.Errorf("dateModified = %v, want the correction's date", ld["dateModified"])
	}
}

func TestNewsroomCommuniquePage(t *testing.T) {
	res := buildFS(t, newsroomFS(t), Options{At: newsAt, Minify: true})
	p := minified(t, res, "communiques/le-rapport-annuel-parait/index.html")
	mustContain(t, "communiqué page", p,
		`<p class="kind kind-communique">Communiqué de presse</p>`,
		`<p class="release">Pour diffusion immédiate</p>`,
		"<h1>Le rapport annuel paraît</h1>",
		`<p class="subtitle">Des chiffres en hausse pour la troisième année</p>`,
		// The dateline opens the first paragraph; the city is site.toml's.
		"<p><span class=\"dateline\">Lyon, le 20 juin 2024\u00a0–</span> Le rapport paraît aujourd’hui.</p>",
		"<p>«\u202fLes chiffres sont clairs\u202f», déclare Alice Martin.</p>",
		`<p class="end-mark"><span class="visually-hidden">Fin du communiqué</span><span aria-hidden="true">###</span></p>`,
		"<h2 id=\"a-propos-org\">À propos d’Enfance Protégée</h2>",
		"<p>L’association Enfance Protégée agit depuis 2009\u00a0: prévention, écoute, plaidoyer.</p>",
		`<a href="/documents/rapport.pdf" download>Le rapport complet</a> <span class="filemeta">(PDF, 2 Ko)</span>`,
	)
	mustNotContain(t, "communiqué page", p, "Sous embargo", "Paris, le")
	if n := strings.Count(p, `class="dateline"`); n != 1 {
		t.Errorf("%d datelines, want 1", n)
	}
	// Site contacts: name, role, phone, e-mail.
	contacts := regexp.MustCompile(`(?s)<section class="?contacts"?.*?</section>`).FindString(p)
	inOrder(t, "contacts", contacts,
		"Léa Martin", "Relations presse",
		"Téléphone\u00a0: <a href=\"tel:+33123456789\">+33 1 23 45 67 89</a>",
		"Courriel\u00a0: <a href=\"mailto:presse@enfance.example\">presse@enfance.example</a>",
		"Hugo Bernard", "Porte-parole", `<a href="tel:0611223344">06 11 22 33 44</a>`)
	// Order of the parts.
	inOrder(t, "communiqué page", p, "kind-communique", "Pour diffusion immédiate", "<h1>", "subtitle",
		"dateline", "Les chiffres sont clairs", "end-mark", "À propos", "Contacts presse", "Documents joints")
	mustContain(t, "communiqué page", p, `<a href="/themes/rapport/">Rapport</a>`)

	// The size shown is the file's: 240 Ko for 245 760 bytes.
	fsys := newsroomFS(t)
	fsys["static/documents/rapport.pdf"].Data = pdf(240 * 1024)
	res = buildFS(t, fsys, Options{At: newsAt, Minify: true})
	mustContain(t, "communiqué page", page(t, res, "communiques/le-rapport-annuel-parait/index.html"),
		`<span class="filemeta">(PDF, 240 Ko)</span>`)
	// An attachment without title is named by its file.
	editFile(t, fsys, "content/communiques/rapport.md", "    title: Le rapport complet\n", "")
	res = buildFS(t, fsys, Options{At: newsAt, Minify: true})
	mustContain(t, "communiqué page", page(t, res, "communiques/le-rapport-annuel-parait/index.html"),
		`<a href="/documents/rapport.pdf" download>rapport.pdf</a>`)
}

func TestNewsroomCommuniqueOwnContactsAndDateline(t *testing.T) {
	res := buildFS(t, newsroomFS(t), Options{At: newsAt, Minify: true})
	p := page(t, res, "communiques/annonce-sous-embargo/index.html")
	mustContain(t, "communiqué page", p,
		"<p><span class=\"dateline\">Marseille, le 25 juin 2024\u00a0–</span> L’annonce est faite ce matin.</p>",
		`<span class="name">Zoé Propre</span>, Attachée de presse`,
		`<a href="mailto:zoe@enfance.example">zoe@enfance.example</a>`,
		// After the lift, the release is for immediate release.
		`<p class="release">Pour diffusion immédiate</p>`,
	)
	// The release's contacts replace the site's.
	mustNotContain(t, "communiqué page", p, "Léa Martin", "Hugo Bernard", "presse@enfance.example", "Lyon", "Sous embargo")
}

func TestNewsroomEmbargoLine(t *testing.T) {
	fsys := newsroomFS(t)
	// Previewed before the lift, the release says until when it is embargoed,
	// in French, in Paris time.
	res := buildFS(t, fsys, Options{At: beforeLift, Preview: true, Minify: true})
	p := page(t, res, "communiques/annonce-sous-embargo/index.html")
	mustContain(t, "embargoed communiqué", p,
		"<p class=\"release\">Sous embargo jusqu’au mardi 25 juin 2024, 6\u202fh (heure de Paris)</p>")
	mustNotContain(t, "embargoed communiqué", p, "Pour diffusion immédiate")
	// A public release of the same preview build is for immediate release.
	mustContain(t, "public communiqué in preview", page(t, res, "communiques/le-rapport-annuel-parait/index.html"),
		`<p class="release">Pour diffusion immédiate</p>`)

	// Minutes are written "6 h 30".
	editFile(t, fsys, "content/communiques/embargo.md", "embargo: 2024-06-25T06:00:00+02:00", "embargo: 2024-06-25T06:30:00+02:00")
	res = buildFS(t, fsys, Options{At: beforeLift, Preview: true, Minify: true})
	mustContain(t, "embargoed communiqué", page(t, res, "communiques/annonce-sous-embargo/index.html"),
		"Sous embargo jusqu’au mardi 25 juin 2024, 6\u202fh\u202f30 (heure de Paris)")

	// An embargo written in UTC is shown in Paris time: 4 h UTC is 6 h.
	fsys = newsroomFS(t)
	editFile(t, fsys, "content/communiques/embargo.md", "embargo: 2024-06-25T06:00:00+02:00", "embargo: 2024-06-25T04:00:00Z")
	res = buildFS(t, fsys, Options{At: beforeLift, Preview: true, Minify: true})
	mustContain(t, "embargoed communiqué", page(t, res, "communiques/annonce-sous-embargo/index.html"),
		"Sous embargo jusqu’au mardi 25 juin 2024, 6\u202fh (heure de Paris)")

	// In production the release does not exist before the lift.
	res = buildFS(t, newsroomFS(t), Options{At: beforeLift, Minify: true})
	if _, ok := res.Files["communiques/annonce-sous-embargo/index.html"]; ok {
		t.Error("embargoed communiqué rendered in production before its lift")
	}
	for name, data := range res.Files {
		if bytes.Contains(data, []byte("Annonce sous embargo")) || bytes.Contains(data, []byte("Sous embargo")) {
			t.Errorf("%s mentions the embargoed communiqué", name)
		}
	}
}

func TestNewsroomEndMarkFromConfig(t *testing.T) {
	fsys := newsroomFS(t)
	editFile(t, fsys, "site.toml", `city = "Lyon"`, "city = \"Lyon\"\nendMark = \"Fin du communiqué\"")
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true})
	p := minified(t, res, "communiques/le-rapport-annuel-parait/index.html")
	mustContain(t, "communiqué page", p, `<p class="end-mark"><span class="visually-hidden">Fin du communiqué</span><span aria-hidden="true">Fin du communiqué</span></p>`)
	mustNotContain(t, "communiqué page", p, "###")
}

func TestNewsroomDefaultCity(t *testing.T) {
	// Without city in site.toml the dateline says Paris.
	fsys := newsroomFS(t)
	editFile(t, fsys, "site.toml", "city = \"Lyon\"\n", "")
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true})
	mustContain(t, "communiqué page", page(t, res, "communiques/le-rapport-annuel-parait/index.html"),
		"<p><span class=\"dateline\">Paris, le 20 juin 2024\u00a0–</span> Le rapport paraît aujourd’hui.</p>")
}

func TestNewsroomValidation(t *testing.T) {
	const (
		tribune    = "content/tribunes/bad.md"
		communique = "content/communiques/bad.md"
	)
	tests := []struct {
		name  string
		file  string
		text  string
		want  []string // "file:line:col: message" prefixes, each must appear
		setup func(fsys fstest.MapFS)
	}{
		{
			name: "tribune without signatories",
			file: tribune,
			text: "---\ntitle: Sans signataire\ndate: 2024-06-01\n---\nTexte.\n",
			want: []string{tribune + ":2:1: a tribune needs at least one signatory with a name"},
		},
		{
			name: "tribune with an empty list of signatories",
			file: tribune,
			text: "---\ntitle: Liste vide\ndate: 2024-06-01\nsignatories: []\n---\nTexte.\n",
			want: []string{tribune + ":4:1: a tribune needs at least one signatory with a name"},
		},
		{
			name: "tribune whose only signatory has no name",
			file: tribune,
			text: "---\ntitle: Anonyme\ndate: 2024-06-01\nsignatories:\n  - role: Présidente\n---\nTexte.\n",
			want: []string{tribune + ":4:1: a tribune needs at least one signatory with a name"},
		},
		{
			name: "signatory without name",
			file: tribune,
			text: "---\ntitle: Un sans nom\ndate: 2024-06-01\nsignatories:\n  - name: Alice Martin\n  - role: Pédiatre\n---\nTexte.\n",
			want: []string{tribune + ":6:5: signatory 2 has no name"},
		},
		{
			name: "signatory with a blank name",
			file: tribune,
			text: "---\ntitle: Un nom blanc\ndate: 2024-06-01\nsignatories:\n  - name: Alice Martin\n  - name: \"  \"\n    role: Pédiatre\n---\nTexte.\n",
			want: []string{tribune + ":6:5: signatory 2 has no name"},
		},
		{
			name: "outlet without name",
			file: tribune,
			text: "---\ntitle: Sans journal\ndate: 2024-06-01\nsignatories: [{name: Alice Martin}]\noutlet:\n  url: https://journal.example/a\n---\nTexte.\n",
			want: []string{tribune + ":5:1: outlet needs a name"},
		},
		{
			name: "outlet with a non-http URL",
			file: tribune,
			text: "---\ntitle: Mauvais lien\ndate: 2024-06-01\nsignatories: [{name: Alice Martin}]\noutlet:\n  name: Le Journal\n  url: ftp://journal.example/a\n---\nTexte.\n",
			want: []string{tribune + `:7:3: outlet url "ftp://journal.example/a" must be an absolute http(s) URL`},
		},
		{
			name: "outlet with a javascript: URL",
			file: tribune,
			text: "---\ntitle: Lien piégé\ndate: 2024-06-01\nsignatories: [{name: Alice Martin}]\noutlet:\n  name: Le Journal\n  url: \"javascript:alert(1)\"\n---\nTexte.\n",
			want: []string{tribune + `:7:3: outlet url "javascript:alert(1)" must be an absolute http(s) URL`},
		},
		{
			name: "outlet with a relative URL",
			file: tribune,
			text: "---\ntitle: Lien relatif\ndate: 2024-06-01\nsignatories: [{name: Alice Martin}]\noutlet:\n  name: Le Journal\n  url: /tribune\n---\nTexte.\n",
			want: []string{tribune + `:7:3: outlet url "/tribune" must be an absolute http(s) URL`},
		},
		{
			name: "outlet without URL",
			file: tribune,
			text: "---\ntitle: Sans lien\ndate: 2024-06-01\nsignatories: [{name: Alice Martin}]\noutlet:\n  name: Le Journal\n---\nTexte.\n",
			want: []string{tribune + `:5:1: outlet url "" must be an absolute http(s) URL`},
		},
		{
			name: "contact without name",
			file: communique,
			text: "---\ntitle: Contact anonyme\ndate: 2024-06-01\ncontacts:\n  - email: a@enfance.example\n---\nTexte.\n",
			want: []string{communique + ":5:5: contact 1 needs a name"},
		},
		{
			name: "contact with neither email nor phone",
			file: communique,
			text: "---\ntitle: Contact injoignable\ndate: 2024-06-01\ncontacts:\n  - name: Léa Martin\n    email: presse@enfance.example\n  - name: Hugo Bernard\n    role: Porte-parole\n---\nTexte.\n",
			want: []string{communique + ":7:5: contact 2 needs an email or a phone"},
		},
		{
			name: "attachment that does not exist",
			file: communique,
			text: "---\ntitle: Pièce manquante\ndate: 2024-06-01\nattachments:\n  - src: /documents/absent.pdf\n    title: Absent\n---\nTexte.\n",
			want: []string{communique + ":5:5: attachment /documents/absent.pdf not found"},
		},
		{
			name: "image without alt",
			file: tribune,
			text: "---\ntitle: Image muette\ndate: 2024-06-01\nsignatories: [{name: Alice Martin}]\nimage:\n  src: /images/logo.svg\n---\nTexte.\n",
			want: []string{tribune + ":5:1: image needs alt text"},
		},
		{
			name: "image with a blank alt",
			file: communique,
			text: "---\ntitle: Image blanche\ndate: 2024-06-01\nimage:\n  src: /images/logo.svg\n  alt: \" \"\n---\nTexte.\n",
			want: []string{communique + ":4:1: image needs alt text"},
		},
		{
			name: "canonical outlet without outlet",
			file: tribune,
			text: "---\ntitle: Canonique orpheline\ndate: 2024-06-01\nsignatories: [{name: Alice Martin}]\ncanonical: outlet\n---\nTexte.\n",
			want: []string{tribune + ":5:1: canonical: outlet needs an outlet"},
		},
		{
			name: "press kit file without a [[kit]] entry",
			setup: func(fsys fstest.MapFS) {
				setFile(fsys, "static/presse/kit/inconnu.pdf", "%PDF-1.4\n")
			},
			want: []string{"site.toml: press kit file static/presse/kit/inconnu.pdf has no [[kit]] entry"},
		},
		{
			name: "[[kit]] entry for a missing file",
			setup: func(fsys fstest.MapFS) {
				delete(fsys, "static/presse/kit/photo.png")
			},
			want: []string{`site.toml:31:3: press kit file "photo.png" not found in static/presse/kit`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := newsroomFS(t)
			if tt.file != "" {
				setFile(fsys, tt.file, tt.text)
			}
			if tt.setup != nil {
				tt.setup(fsys)
			}
			res, err := runFS(context.Background(), fsys, Options{At: newsAt})
			if err == nil {
				t.Fatalf("built %d files without error", len(res.Files))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("errors lack %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestNewsroomValidInputsBuild(t *testing.T) {
	// Decorative images need no alt text; signatories beyond the first
	// need no role; an outlet may be http.
	fsys := newsroomFS(t)
	setFile(fsys, "content/tribunes/deco.md", "---\ntitle: Image décorative\ndate: 2024-06-01\n"+
		"signatories:\n  - name: Alice Martin\n  - name: Eve Dupont\n"+
		"outlet: {name: Le Journal, url: \"http://journal.example/a\"}\n"+
		"image:\n  src: /images/logo.svg\n  alt: \"\"\n  decorative: true\n---\nTexte.\n")
	setFile(fsys, "content/communiques/deco.md", "---\ntitle: Communiqué décoré\ndate: 2024-06-01\n"+
		"contacts: [{name: Léa, phone: \"01 02 03 04 05\"}]\n"+
		"image: {src: /images/logo.svg, decorative: true}\n---\nTexte.\n")
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true})
	page(t, res, "tribunes/image-decorative/index.html")
	page(t, res, "communiques/communique-decore/index.html")
	// The English tribune of the fixture has a decorative image too.
	page(t, res, "tribunes/children-first/index.html")
}

func TestNewsroomPressRoom(t *testing.T) {
	fsys := newsroomFS(t)
	res := buildFS(t, fsys, Options{At: beforeLift})
	p := page(t, res, "presse/index.html")
	// content/presse.md gives the title and intro.
	mustContain(t, "press room", p,
		"<title>Espace journalistes – Enfance Protégée — presse</title>",
		"<h1>Espace journalistes</h1>",
		"Bienvenue aux journalistes\u00a0: tout ce qu’il faut pour écrire sur nous.",
	)
	// Contacts from site.toml.
	inOrder(t, "press room contacts", p,
		"Léa Martin", "Relations presse", `<a href="tel:&#43;33123456789">`, `<a href="mailto:presse@enfance.example">presse@enfance.example</a>`,
		"Hugo Bernard", "Porte-parole", `<a href="tel:0611223344">06 11 22 33 44</a>`)
	// The latest communiqués, newest first; the embargoed one and the draft
	// are absent.
	inOrder(t, "press room", p, `href="/communiques/le-rapport-annuel-parait/"`, `href="/communiques/un-ancien-communique/"`)
	mustNotContain(t, "press room", p, "Annonce sous embargo", "annonce-sous-embargo", "Communiqué en brouillon", "cache", "/tribunes/l-ecole")
	// The press kit: title, alt text, dimensions, format, size, credit.
	png := fsys["static/presse/kit/photo.png"].Data
	svg := fsys["static/presse/kit/logo.svg"].Data
	inOrder(t, "press kit", p,
		`<img src="/presse/kit/logo.svg" alt="Logo bleu en forme de main ouverte" width="200" height="100"`,
		`<a href="/presse/kit/logo.svg" download>`, "Logo de l",
		fmt.Sprintf("(SVG, 200 × 100 px, %d octets)", len(svg)),
		"Crédit\u00a0: Enfance Protégée",
		`<img src="/presse/kit/photo.png" alt="Alice Martin souriant devant une école" width="30" height="20"`,
		`<a href="/presse/kit/photo.png" download>`, "Photo de la présidente",
		fmt.Sprintf("(PNG, 30 × 20 px, %d octets)", len(png)),
		"Crédit\u00a0: Jeanne Photographe",
	)
	if len(png) >= 1024 || len(svg) >= 1024 {
		t.Fatalf("kit files of %d and %d bytes: the expected sizes above assume less than 1 Ko", len(png), len(svg))
	}
	page(t, res, "presse/kit/photo.png")
	page(t, res, "presse/kit/logo.svg")

	// After the lift the embargoed communiqué is the newest.
	res = buildFS(t, fsys, Options{At: newsAt})
	inOrder(t, "press room", page(t, res, "presse/index.html"),
		`href="/communiques/annonce-sous-embargo/"`, `href="/communiques/le-rapport-annuel-parait/"`, `href="/communiques/un-ancien-communique/"`)

	// Without content/presse.md the press room is generated.
	delete(fsys, "content/presse.md")
	res = buildFS(t, fsys, Options{At: newsAt})
	p = page(t, res, "presse/index.html")
	mustContain(t, "generated press room", p, "<h1>Espace presse</h1>", "<title>Espace presse – ", "Contacts presse", "Kit presse")
	mustNotContain(t, "generated press room", p, "Espace journalistes", "Bienvenue aux journalistes")
}

func TestNewsroomPressRoomLinkedFromEveryPage(t *testing.T) {
	for _, preview := range []bool{false, true} {
		res := buildFS(t, newsroomFS(t), Options{At: newsAt, Preview: preview})
		n := 0
		for _, p := range res.Site.Pages {
			if p.Kind == site.Alias {
				continue
			}
			n++
			label := "Espace presse"
			if p.Lang.Base == "en" {
				label = "Press room"
			}
			if !strings.Contains(page(t, res, p.OutputPath()), `<a href="/presse/">`+label+`</a>`) {
				t.Errorf("%s (preview %v) does not link the press room", p.OutputPath(), preview)
			}
		}
		if n < 15 {
			t.Errorf("only %d pages checked", n)
		}
	}
}

func TestNewsroomPressKitSizeIsTheServedFile(t *testing.T) {
	// With -minify the SVG of the press kit is minified: the size shown
	// next to its download link must be that of the file served.
	fsys := newsroomFS(t)
	setFile(fsys, "static/presse/kit/logo.svg", "<?xml version=\"1.0\"?>\n<!-- Logo -->\n"+
		"<svg xmlns=\"http://www.w3.org/2000/svg\"   width=\"200\"   height=\"100\"   viewBox=\"0 0 200 100\">\n"+
		"  <rect   width=\"200\"   height=\"100\"   fill=\"#0055aa\" />\n</svg>\n")
	res := buildFS(t, fsys, Options{At: newsAt, Minify: true})
	served := len(page(t, res, "presse/kit/logo.svg"))
	want := fmt.Sprintf("(SVG, 200 × 100 px, %d octets)", served)
	if p := page(t, res, "presse/index.html"); !strings.Contains(p, want) {
		t.Errorf("press kit shows the size of static/presse/kit/logo.svg before minification (%d bytes), "+
			"the file served is %d bytes; want %q in:\n%s",
			len(fsys["static/presse/kit/logo.svg"].Data), served, want,
			regexp.MustCompile(`\(SVG[^)]*\)`).FindString(p))
	}
}

func TestNewsroomPeople(t *testing.T) {
	res := buildFS(t, newsroomFS(t), Options{At: newsAt})
	idx := page(t, res, "signataires/index.html")
	inOrder(t, "signatories index", idx,
		`<a href="/signataires/alice-martin/">Alice Martin</a>, Présidente, Enfance Protégée`,
		`<a href="/signataires/bruno-petit/">Bruno Petit</a>, Pédiatre, CHU de Lyon`,
		`<a href="/signataires/chloe-durand/">Chloé Durand</a>, Juriste`,
	)
	// Bruno Petit signed two tribunes, with two roles: his page gives the
	// newest and lists both, newest first.
	bruno := page(t, res, "signataires/bruno-petit/index.html")
	mustContain(t, "Bruno Petit's page", bruno,
		"<title>Bruno Petit – Enfance Protégée — presse</title>",
		"<h1>Bruno Petit</h1>",
		`<p class="standfirst">Pédiatre, CHU de Lyon</p>`,
	)
	inOrder(t, "Bruno Petit's page", bruno,
		`<a href="/tribunes/l-ecole-premier-rempart/">L’école`, `<a href="/tribunes/le-numerique-a-l-ecole/">Le numérique à l’école</a>`)
	mustNotContain(t, "Bruno Petit's page", bruno, "children-first", "/communiques/")
	alice := page(t, res, "signataires/alice-martin/index.html")
	mustContain(t, "Alice Martin's page", alice, `<p class="standfirst">Présidente, Enfance Protégée</p>`)
	inOrder(t, "Alice Martin's page", alice, `href="/tribunes/l-ecole-premier-rempart/"`, `href="/tribunes/children-first/"`)
	mustNotContain(t, "Alice Martin's page", alice, "le-numerique-a-l-ecole")
	mustContain(t, "Chloé Durand's page", page(t, res, "signataires/chloe-durand/index.html"),
		`<p class="standfirst">Juriste</p>`, `href="/tribunes/l-ecole-premier-rempart/"`)

	// Denise Cachée signed only a draft: no page, no mention in production.
	for name, data := range res.Files {
		if strings.Contains(name, "denise") || bytes.Contains(data, []byte("Denise")) {
			t.Errorf("%s: the signatory of a draft appears in production", name)
		}
	}
	// In preview she has her page.
	res = buildFS(t, newsroomFS(t), Options{At: newsAt, Preview: true})
	mustContain(t, "preview", page(t, res, "signataires/denise-cachee/index.html"), "<h1>Denise Cachée</h1>", `href="/tribunes/tribune-brouillon/"`)
	mustContain(t, "preview", page(t, res, "signataires/index.html"), `<a href="/signataires/denise-cachee/">Denise Cachée</a>`)
}

func TestNewsroomJSONLD(t *testing.T) {
	res := buildFS(t, newsroomFS(t), Options{At: newsAt, Minify: true})

	ld := jsonLD(t, page(t, res, "tribunes/l-ecole-premier-rempart/index.html"))
	checkFields(t, "tribune", ld, map[string]string{
		"@context":         "https://schema.org",
		"@type":            "OpinionNewsArticle",
		"headline":         "L’école\u00a0: premier rempart\u202f?",
		"datePublished":    "2024-06-25T08:00:00+02:00",
		"dateModified":     "2024-06-28T00:00:00+02:00",
		"inLanguage":       "fr",
		"url":              "https://presse.example/tribunes/l-ecole-premier-rempart/",
		"mainEntityOfPage": "https://presse.example/tribunes/l-ecole-premier-rempart/",
		"description":      "Un chapô qui résume la tribune.",
	})
	authors := list(t, ld["author"], "author")
	if len(authors) != 3 {
		t.Fatalf("%d authors, want 3", len(authors))
	}
	wantAuthors := []struct{ name, job, org, url string }{
		{"Alice Martin", "Présidente", "Enfance Protégée", "https://presse.example/signataires/alice-martin/"},
		{"Bruno Petit", "Pédiatre", "CHU de Lyon", "https://presse.example/signataires/bruno-petit/"},
		{"Chloé Durand", "Juriste", "", "https://presse.example/signataires/chloe-durand/"},
	}
	for i, w := range wantAuthors {
		a := obj(t, authors[i], fmt.Sprintf("author[%d]", i))
		what := fmt.Sprintf("author[%d]", i)
		checkFields(t, what, a, map[string]string{"@type": "Person", "name": w.name, "jobTitle": w.job, "url": w.url})
		if w.org == "" {
			if _, ok := a["affiliation"]; ok {
				t.Errorf("%s has an affiliation: %v", what, a["affiliation"])
			}
			continue
		}
		checkFields(t, what+".affiliation", obj(t, a["affiliation"], what+".affiliation"),
			map[string]string{"@type": "Organization", "name": w.org})
	}
	if same := obj(t, authors[0], "author[0]")["sameAs"]; same != "https://alice.example/" && fmt.Sprint(same) != "[https://alice.example/]" {
		t.Errorf("author[0].sameAs = %v, want her own site", same)
	}
	pub := obj(t, ld["publisher"], "publisher")
	checkFields(t, "publisher", pub, map[string]string{"@type": "Organization", "name": "Association Enfance Protégée"})
	checkFields(t, "publisher.logo", obj(t, pub["logo"], "publisher.logo"), map[string]string{"url": "https://presse.example/images/logo.svg"})
	based := obj(t, ld["isBasedOn"], "isBasedOn")
	checkFields(t, "isBasedOn", based, map[string]string{"url": "https://www.marianne.net/tribune-ecole", "datePublished": "2024-06-26T00:00:00+02:00"})
	checkFields(t, "isBasedOn.publisher", obj(t, based["publisher"], "isBasedOn.publisher"), map[string]string{"name": "Marianne"})
	if k := keywords(t, ld["keywords"]); strings.Join(k, "|") != "Éducation|Numérique" {
		t.Errorf("keywords = %q", k)
	}

	// A communiqué: NewsArticle; winter dates have the +01:00 offset.
	ld = jsonLD(t, page(t, res, "communiques/le-rapport-annuel-parait/index.html"))
	checkFields(t, "communiqué", ld, map[string]string{
		"@type":         "NewsArticle",
		"headline":      "Le rapport annuel paraît",
		"datePublished": "2024-06-20T10:00:00+02:00",
		"dateModified":  "2024-06-20T10:00:00+02:00",
		"inLanguage":    "fr",
		"url":           "https://presse.example/communiques/le-rapport-annuel-parait/",
	})
	if k := keywords(t, ld["keywords"]); strings.Join(k, "|") != "Rapport" {
		t.Errorf("communiqué keywords = %q", k)
	}
	if _, ok := ld["isBasedOn"]; ok {
		t.Error("a communiqué has isBasedOn")
	}
	checkFields(t, "communiqué publisher.logo", obj(t, obj(t, ld["publisher"], "publisher")["logo"], "publisher.logo"),
		map[string]string{"url": "https://presse.example/images/logo.svg"})
	ld = jsonLD(t, page(t, res, "communiques/un-ancien-communique/index.html"))
	checkFields(t, "winter communiqué", ld, map[string]string{"datePublished": "2024-03-01T00:00:00+01:00", "dateModified": "2024-03-01T00:00:00+01:00"})

	// An English tribune says so.
	ld = jsonLD(t, page(t, res, "tribunes/children-first/index.html"))
	checkFields(t, "English tribune", ld, map[string]string{"@type": "OpinionNewsArticle", "inLanguage": "en", "headline": "Children first"})

	// Pages that are not statements have none.
	for _, name := range []string{"index.html", "presse/index.html", "signataires/alice-martin/index.html", "tribunes/index.html"} {
		if ldRE.MatchString(page(t, res, name)) {
			t.Errorf("%s has JSON-LD", name)
		}
	}
}

func TestNewsroomOpenGraphAndCanonical(t *testing.T) {
	res := buildFS(t, newsroomFS(t), Options{At: newsAt, Minify: true})
	title := "L’école\u00a0: premier rempart\u202f?"
	p := page(t, res, "tribunes/l-ecole-premier-rempart/index.html")
	checkMeta(t, "tribune", metas(p), map[string][]string{
		"og:type":                {"article"},
		"og:title":               {title},
		"og:url":                 {"https://presse.example/tribunes/l-ecole-premier-rempart/"},
		"og:locale":              {"fr_FR"},
		"og:description":         {"Un chapô qui résume la tribune."},
		"article:published_time": {"2024-06-25T08:00:00+02:00"},
		"article:modified_time":  {"2024-06-28T00:00:00+02:00"},
		"article:section":        {"Tribune"},
		"article:tag":            {"Éducation", "Numérique"},
		"og:image":               {"https://presse.example/tribunes/l-ecole-premier-rempart/partage.png"},
		"og:image:type":          {"image/png"},
		"og:image:width":         {"1200"},
		"og:image:height":        {"630"},
		"og:image:alt":           {"Tribune\u00a0: " + title + " – Enfance Protégée"},
		"twitter:card":           {"summary_large_image"},
		"twitter:image":          {"https://presse.example/tribunes/l-ecole-premier-rempart/partage.png"},
		"twitter:title":          {title},
		"description":            {"Un chapô qui résume la tribune."},
		"robots":                 nil,
	})
	if got := canonical(t, p); got != "https://presse.example/tribunes/l-ecole-premier-rempart/" {
		t.Errorf("tribune canonical = %q, want itself", got)
	}

	c := page(t, res, "communiques/le-rapport-annuel-parait/index.html")
	checkMeta(t, "communiqué", metas(c), map[string][]string{
		"og:type":                {"article"},
		"article:section":        {"Communiqué de presse"},
		"article:published_time": {"2024-06-20T10:00:00+02:00"},
		"article:modified_time":  {"2024-06-20T10:00:00+02:00"},
		"article:tag":            {"Rapport"},
		"og:locale":              {"fr_FR"},
		"robots":                 nil,
	})
	if got := canonical(t, c); got != "https://presse.example/communiques/le-rapport-annuel-parait/" {
		t.Errorf("communiqué canonical = %q, want itself", got)
	}

	// canonical: outlet and noindex: true.
	n := page(t, res, "tribunes/le-numerique-a-l-ecole/index.html")
	if got := canonical(t, n); got != "https://quotidien.example/numerique" {
		t.Errorf("canonical: outlet gives %q, want the outlet's article", got)
	}
	checkMeta(t, "noindex tribune", metas(n), map[string][]string{"robots": {"noindex"}, "article:tag": nil})
	if strings.Count(n, `name="robots"`) != 1 {
		t.Error("want exactly one robots meta")
	}

	// An English page: en_GB, and a large card. Its image is an SVG,
	// which networks do not show: the card drawn for it is shared instead.
	e := page(t, res, "tribunes/children-first/index.html")
	mustContain(t, "English tribune", e, `<html lang="en">`, `<p class="kind kind-tribune">Op-ed</p>`)
	checkMeta(t, "English tribune", metas(e), map[string][]string{
		"og:locale":       {"en_GB"},
		"article:section": {"Op-ed"},
		"twitter:card":    {"summary_large_image"},
		"og:image":        {"https://presse.example/tribunes/children-first/partage.png"},
	})

	// Other pages are websites, self-canonical.
	pr := page(t, res, "presse/index.html")
	checkMeta(t, "press room", metas(pr), map[string][]string{"og:type": {"website"}, "article:section": nil, "og:locale": {"fr_FR"}})
	if got := canonical(t, pr); got != "https://presse.example/presse/" {
		t.Errorf("press room canonical = %q", got)
	}
}

// hostile is a value that would break out of every context if it were not
// escaped.
const hostile = `</script><script>alert(1)</script> "guillemets" & 'apostrophes'`

func hostileFS(t testing.TB) fstest.MapFS {
	t.Helper()
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) } // JSON strings are YAML
	fsys := newsroomFS(t)
	setFile(fsys, "content/tribunes/hostile.md", "---\n"+
		"title: "+q(hostile)+"\n"+
		"date: 2024-07-01T09:00:00+02:00\n"+
		"slug: hostile\n"+
		"summary: "+q(hostile)+"\n"+
		"tags: ["+q(hostile)+"]\n"+
		"signatories:\n  - name: "+q(hostile)+"\n    role: "+q(hostile)+"\n    organisation: "+q(hostile)+"\n"+
		"outlet:\n  name: "+q(hostile)+"\n  url: https://journal.example/a?b=1&c=2\n"+
		"---\nTexte.\n")
	return fsys
}

func TestNewsroomEscaping(t *testing.T) {
	want := typeset(hostile)
	if want == hostile {
		t.Log("typography left the hostile value unchanged")
	}
	esc := template.HTMLEscapeString(want)
	escRaw := template.HTMLEscapeString(hostile)
	for _, minify := range []bool{false, true} {
		t.Run(fmt.Sprintf("minify=%v", minify), func(t *testing.T) {
			res := buildFS(t, hostileFS(t), Options{At: newsAt, Minify: minify})
			// The only script elements are JSON-LD blocks and the site's
			// own search and sharing scripts, loaded from their files: no
			// inline code.
			for _, name := range res.Paths() {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				for _, tag := range startTags(string(res.Files[name])) {
					if tag.name == "script" && !strings.Contains(tag.attrs, "application/ld+json") && !strings.HasPrefix(strings.TrimSpace(tag.attrs), `src="/js/search.`) && !strings.HasPrefix(strings.TrimSpace(tag.attrs), `src="/js/share.`) {
						t.Errorf("%s: a <script%s> element", name, tag.attrs)
					}
					if tag.name == "" {
						t.Errorf("%s: unterminated tag", name)
					}
				}
			}
			var literal []string
			for name, data := range res.Files {
				if bytes.Contains(bytes.ToLower(data), []byte("<script>alert")) {
					literal = append(literal, name)
				}
			}
			if len(literal) > 0 {
				if !minify {
					t.Errorf("%v contain <script>alert", literal)
				} else {
					// The minifier unescapes < and > inside quoted attribute
					// values: valid HTML, not an element, but against the
					// rule "no <script>alert in any output".
					// The tokenizer check above proves it is no element.
					t.Logf("minified %v contain <script>alert inside quoted attribute values", literal)
				}
			}
			p := page(t, res, "tribunes/hostile/index.html")

			// Title, h1, meta tags and og tags: escaped, and decoding gives
			// back the typeset text.
			tm := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(p)
			if tm == nil || html.UnescapeString(tm[1]) != want+" – Enfance Protégée — presse" {
				t.Errorf("<title> = %q, want %q", tm, want+" – Enfance Protégée — presse")
			}
			h1 := regexp.MustCompile(`<h1>([^<]*)</h1>`).FindStringSubmatch(p)
			if h1 == nil || html.UnescapeString(h1[1]) != want {
				t.Errorf("<h1> = %q, want %q", h1, want)
			}
			m := metas(p)
			checkMeta(t, "hostile tribune", m, map[string][]string{
				"og:title":            {want},
				"twitter:title":       {want},
				"og:description":      {want},
				"twitter:description": {want},
				"description":         {want},
			})
			if tags := m["article:tag"]; len(tags) != 1 || (tags[0] != hostile && tags[0] != want) {
				t.Errorf("article:tag = %q, want %q", tags, hostile)
			}
			if !minify {
				// The exact forms html/template writes.
				mustContain(t, "hostile tribune", p,
					"<title>"+esc+" – ",
					"<h1>"+esc+"</h1>",
					`<meta property="og:title" content="`+esc+`">`,
					`<meta name="description" content="`+esc+`">`,
				)
				if !strings.Contains(p, ">"+escRaw+"</a></span>") && !strings.Contains(p, ">"+esc+"</a></span>") {
					t.Error("signatory name not escaped in the signature block")
				}
				if !strings.Contains(p, "<cite>"+escRaw+"</cite>") && !strings.Contains(p, "<cite>"+esc+"</cite>") {
					t.Error("outlet name not escaped in the co-publication line")
				}
				mustContain(t, "hostile tribune", p, `href="https://journal.example/a?b=1&amp;c=2"`)
			}

			// The JSON-LD parses and holds the exact values.
			ld := jsonLD(t, p)
			checkFields(t, "hostile JSON-LD", ld, map[string]string{"headline": want, "description": want})
			a := obj(t, list(t, ld["author"], "author")[0], "author[0]")
			if a["name"] != hostile && a["name"] != want {
				t.Errorf("author name = %q, want %q", a["name"], hostile)
			}
			if a["jobTitle"] != hostile && a["jobTitle"] != want {
				t.Errorf("author jobTitle = %q, want %q", a["jobTitle"], hostile)
			}
			based := obj(t, ld["isBasedOn"], "isBasedOn")
			if n := obj(t, based["publisher"], "isBasedOn.publisher")["name"]; n != hostile && n != want {
				t.Errorf("outlet name = %q, want %q", n, hostile)
			}
			if based["url"] != "https://journal.example/a?b=1&c=2" {
				t.Errorf("isBasedOn.url = %q", based["url"])
			}
			if k := keywords(t, ld["keywords"]); len(k) != 1 || (k[0] != hostile && k[0] != want) {
				// a comma-separated keywords text cannot hold a comma, but
				// the hostile value has none
				t.Errorf("keywords = %q, want [%q]", k, hostile)
			}

			// The signatory's page and the tag page hold it as text too.
			for _, name := range res.Paths() {
				if strings.HasPrefix(name, "signataires/") && name != "signataires/index.html" &&
					bytes.Contains(res.Files[name], []byte("guillemets")) {
					h := regexp.MustCompile(`<h1>([^<]*)</h1>`).FindStringSubmatch(string(res.Files[name]))
					if h == nil || (html.UnescapeString(h[1]) != hostile && html.UnescapeString(h[1]) != want) {
						t.Errorf("%s: <h1> = %q", name, h)
					}
				}
			}
		})
	}
}

type startTag struct{ name, attrs string }

// startTags lists the start tags of an HTML document the way a browser's
// tokenizer finds them: quoted attribute values, comments and the raw text
// of script, style, title and textarea elements are skipped. A tag left
// open at the end of the document gives a startTag with an empty name.
func startTags(doc string) []startTag {
	var out []startTag
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	i := 0
	for i < len(doc) {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		switch {
		case strings.HasPrefix(doc[i:], "<!--"):
			end := strings.Index(doc[i+4:], "-->")
			if end < 0 {
				return out
			}
			i += 4 + end + 3
			continue
		case strings.HasPrefix(doc[i:], "<!") || strings.HasPrefix(doc[i:], "</"):
			end := strings.IndexByte(doc[i:], '>')
			if end < 0 {
				return out
			}
			i += end + 1
			continue
		case i+1 < len(doc) && isLetter(doc[i+1]):
		default:
			i++
			continue
		}
		// A start tag: its name, then attributes until an unquoted >.
		j := i + 1
		for j < len(doc) && doc[j] != ' ' && doc[j] != '\n' && doc[j] != '\t' && doc[j] != '>' && doc[j] != '/' {
			j++
		}
		name := strings.ToLower(doc[i+1 : j])
		k := j
		for k < len(doc) && doc[k] != '>' {
			if doc[k] == '=' {
				k++
				for k < len(doc) && (doc[k] == ' ' || doc[k] == '\n') {
					k++
				}
				if k < len(doc) && (doc[k] == '"' || doc[k] == '\'') {
					q := doc[k]
					end := strings.IndexByte(doc[k+1:], q)
					if end < 0 {
						return append(out, startTag{})
					}
					k += 1 + end + 1
					continue
				}
			}
			k++
		}
		if k >= len(doc) {
			return append(out, startTag{})
		}
		out = append(out, startTag{name, doc[j:k]})
		i = k + 1
		switch name {
		case "script", "style", "title", "textarea":
			end := strings.Index(strings.ToLower(doc[i:]), "</"+name)
			if end < 0 {
				return append(out, startTag{})
			}
			i += end
		}
	}
	return out
}

func TestNewsroomEmbargoLineNamesTheRightZone(t *testing.T) {
	// A site in Montréal: 6 h in Paris is 0 h in Montréal. The line must not
	// give Montréal's time labelled "heure de Paris".
	fsys := newsroomFS(t)
	editFile(t, fsys, "site.toml", `timeZone = "Europe/Paris"`, `timeZone = "America/Montreal"`)
	res := buildFS(t, fsys, Options{At: beforeLift, Preview: true, Minify: true})
	p := page(t, res, "communiques/annonce-sous-embargo/index.html")
	line := regexp.MustCompile(`<p class="?release"?>([^<]*)</p>`).FindStringSubmatch(p)
	if line == nil {
		t.Fatal("no release line")
	}
	paris := strings.Contains(line[1], "mardi 25 juin 2024, 6\u202fh (heure de Paris)")
	local := strings.Contains(line[1], "mardi 25 juin 2024, 0\u202fh (heure de Montreal)")
	if !paris && !local {
		t.Errorf("the embargo line names the wrong time zone: %q", line[1])
	}
}

// The press kit keeps the order of site.toml, and each link reads as a
// sentence: "Télécharger la photo de la présidente".
func TestNewsroomPressKitOrderAndLinks(t *testing.T) {
	fsys := newsroomFS(t)
	editFile(t, fsys, "site.toml", `title = "Logo de l'association"`, `title = "le logo de l'association"`)
	editFile(t, fsys, "site.toml", `title = "Photo de la présidente"`, `title = "la photo de la présidente"`)
	toml := string(fsys["site.toml"].Data)
	logo := toml[strings.Index(toml, "[[kit]]\nfile = \"logo.svg\""):strings.Index(toml, "[[kit]]\nfile = \"photo.png\"")]
	fsys["site.toml"].Data = []byte(strings.Replace(toml, logo, "", 1) + "\n" + logo)
	res := buildFS(t, fsys, Options{At: beforeLift, Minify: true})
	inOrder(t, "press kit in site.toml's order", page(t, res, "presse/index.html"),
		"Télécharger la photo de la présidente", "Télécharger le logo de l’association")
}
