package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"testing/fstest"

	"github.com/mmcdole/gofeed"
)

var feedAt = time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)

// feedFiles lists the output's feeds by format.
func feedFiles(res *built) (rss, atom, jsonf []string) {
	for _, p := range res.Paths() {
		switch {
		case strings.HasSuffix(p, "rss.xml"):
			rss = append(rss, p)
		case strings.HasSuffix(p, "atom.xml"):
			atom = append(atom, p)
		case strings.HasSuffix(p, "feed.json"):
			jsonf = append(jsonf, p)
		}
	}
	return
}

func parseFeed(t *testing.T, res *built, path string) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(string(res.Files[path]))
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", path, err, res.Files[path])
	}
	return f
}

func TestFeedsExistAndParse(t *testing.T) {
	for _, minify := range []bool{false, true} {
		res := buildFS(t, loadTxtar(t, "feeds.txtar"), Options{At: feedAt, Minify: minify})
		rss, atom, jsonf := feedFiles(res)
		want := []string{"communiques/", "langues/en/", "langues/fr/", "", "themes/education/", "themes/justice/", "themes/numerique/", "tribunes/"}
		for i, w := range want {
			want[i] = w + "rss.xml"
		}
		if !slices.Equal(rss, want) {
			t.Errorf("RSS feeds %q, want %q", rss, want)
		}
		if len(atom) != len(rss) || len(jsonf) != len(rss) {
			t.Errorf("%d RSS, %d Atom, %d JSON feeds", len(rss), len(atom), len(jsonf))
		}
		for _, p := range append(append(rss, atom...), jsonf...) {
			f := parseFeed(t, res, p)
			if f.Title == "" || f.Link == "" || f.Language == "" {
				t.Errorf("%s: title %q, link %q, language %q", p, f.Title, f.Link, f.Language)
			}
			if strings.HasSuffix(p, ".json") {
				var v map[string]any
				if err := json.Unmarshal(res.Files[p], &v); err != nil {
					t.Errorf("%s: %v", p, err)
				}
				if v["version"] != "https://jsonfeed.org/version/1.1" {
					t.Errorf("%s: version %v", p, v["version"])
				}
				continue
			}
			if err := xml.Unmarshal(res.Files[p], new(struct{})); err != nil {
				t.Errorf("%s is not well-formed XML: %v", p, err)
			}
			for _, it := range f.Items {
				if it.GUID == "" || it.Link == "" || it.Title == "" || it.PublishedParsed == nil || it.Content == "" {
					t.Errorf("%s: item %q lacks id, link, title, date or content: %+v", p, it.Title, it)
				}
				for _, m := range relativeURL.FindAllString(it.Content, -1) {
					t.Errorf("%s: item %q has a relative URL %s", p, it.Title, m)
				}
			}
		}
	}
}

var relativeURL = regexp.MustCompile(`(href|src)="[^h#][^"]*"|(href|src)="h[^t][^"]*"`)

func TestFeedItems(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "feeds.txtar"), Options{At: feedAt, Minify: true})
	rss := parseFeed(t, res, "tribunes/rss.xml")
	atom := parseFeed(t, res, "tribunes/atom.xml")
	jf := parseFeed(t, res, "tribunes/feed.json")
	// Three items (feedItems = 3), newest first; c and d share a date and
	// are ordered by URL.
	var titles []string
	for _, it := range rss.Items {
		titles = append(titles, it.Title)
	}
	wantTitles := []string{`Ampersand & <chevrons> «` + "\u202f" + `guillemets` + "\u202f" + `» 🎉`, "Nouveau titre corrigé", "Même date deux"}
	if !slices.Equal(titles, wantTitles) {
		t.Errorf("items %q\nwant %q", titles, wantTitles)
	}
	for _, f := range []*gofeed.Feed{atom, jf} {
		for i, it := range f.Items {
			if it.Title != rss.Items[i].Title {
				t.Errorf("%s item %d title %q, RSS says %q", f.FeedType, i, it.Title, rss.Items[i].Title)
			}
			if it.GUID != rss.Items[i].GUID {
				t.Errorf("%s item %d id %q, RSS says %q", f.FeedType, i, it.GUID, rss.Items[i].GUID)
			}
			if !it.PublishedParsed.Equal(*rss.Items[i].PublishedParsed) {
				t.Errorf("%s item %d published %v, RSS says %v", f.FeedType, i, it.PublishedParsed, rss.Items[i].PublishedParsed)
			}
		}
	}
	first := atom.Items[0]
	// Dates keep the site's offset in every format.
	for p, want := range map[string][]string{
		"tribunes/atom.xml":  {"<published>2024-06-01T08:00:00+02:00</published>", "<updated>2024-06-03T09:30:00+02:00</updated>"},
		"tribunes/rss.xml":   {"<pubDate>Sat, 01 Jun 2024 08:00:00 +0200</pubDate>"},
		"tribunes/feed.json": {`"date_published":"2024-06-01T08:00:00+02:00"`, `"date_modified":"2024-06-03T09:30:00+02:00"`},
	} {
		for _, w := range want {
			if !bytes.Contains(res.Files[p], []byte(w)) {
				t.Errorf("%s lacks %s", p, w)
			}
		}
	}
	if want := time.Date(2024, 6, 1, 6, 0, 0, 0, time.UTC); !first.PublishedParsed.Equal(want) {
		t.Errorf("published %v", first.PublishedParsed)
	}
	if !jf.Items[0].UpdatedParsed.Equal(*first.UpdatedParsed) {
		t.Error("JSON and Atom disagree on the updated date")
	}
	// The kind first, then the topics.
	if !slices.Equal(rss.Items[0].Categories, []string{"Tribune", "Éducation", "Numérique"}) || !slices.Equal(atom.Items[0].Categories, rss.Items[0].Categories) {
		t.Errorf("categories RSS %q Atom %q", rss.Items[0].Categories, atom.Items[0].Categories)
	}
	if !slices.Equal(jf.Items[0].Categories, rss.Items[0].Categories) {
		t.Errorf("JSON tags %q", jf.Items[0].Categories)
	}
	// Every signatory, in one author: readers that keep one lose none.
	for _, f := range []*gofeed.Feed{rss, atom, jf} {
		it := f.Items[0]
		if len(it.Authors) != 1 || it.Authors[0].Name != "Alice Martin et Bruno Petit" {
			var names []string
			for _, a := range it.Authors {
				names = append(names, a.Name)
			}
			t.Errorf("%s authors %q, want one naming both signatories", f.FeedType, names)
		}
	}
	content := rss.Items[0].Content
	for _, want := range []string{
		`href="https://exemple.example/a-propos/"`,
		`href="https://exemple.example/tribunes/b/"`,
		`src="https://exemple.example/logo.png"`,
		"Alice Martin",
	} {
		if !strings.Contains(content, want) {
			t.Errorf("content lacks %s:\n%s", want, content)
		}
	}
	if rss.Items[0].Description != "Un chapô & des <signes>." {
		t.Errorf("summary %q", rss.Items[0].Description)
	}
	// Feed-level: self link, updated = newest item's date, logo.
	if !strings.Contains(string(res.Files["tribunes/rss.xml"]), `<atom:link href="https://exemple.example/tribunes/rss.xml" rel="self"`) {
		t.Error("RSS lacks its self link")
	}
	if !atom.UpdatedParsed.Equal(*first.UpdatedParsed) {
		t.Errorf("feed updated %v, want the newest item's %v", atom.UpdatedParsed, first.UpdatedParsed)
	}
	if atom.Image == nil || atom.Image.URL != "https://exemple.example/logo.png" {
		t.Errorf("atom logo %+v", atom.Image)
	}
}

func TestFeedEnclosures(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "feeds.txtar"), Options{At: feedAt, Minify: true})
	size := len(res.Files["documents/rapport.pdf"])
	for _, p := range []string{"communiques/rss.xml", "communiques/atom.xml", "communiques/feed.json"} {
		f := parseFeed(t, res, p)
		var it *gofeed.Item
		for _, i := range f.Items {
			if strings.HasPrefix(i.Title, "Communiqué avec") {
				it = i
			}
		}
		if it == nil || len(it.Enclosures) != 1 {
			t.Fatalf("%s: no item with one enclosure: %+v", p, it)
		}
		e := it.Enclosures[0]
		if strings.HasSuffix(p, ".json") {
			// gofeed does not read JSON Feed sizes: check the JSON itself.
			if !bytes.Contains(res.Files[p], []byte(`"size_in_bytes":`+strconv.Itoa(size))) {
				t.Errorf("%s: attachment size missing", p)
			}
			e.Length = strconv.Itoa(size)
		}
		if e.URL != "https://exemple.example/documents/rapport.pdf" || e.Type != "application/pdf" || e.Length != strconv.Itoa(size) {
			t.Errorf("%s: enclosure %+v, want length %d", p, e, size)
		}
		if it.GUID != "urn:exemple:communique-e" {
			t.Errorf("%s: front matter id not used: %q", p, it.GUID)
		}
	}
	if !bytes.Contains(res.Files["communiques/rss.xml"], []byte(`<guid isPermaLink="false">urn:exemple:communique-e</guid>`)) {
		t.Error("RSS guid is not marked isPermaLink=false")
	}
}

func TestFeedIDsSurviveSlugCorrection(t *testing.T) {
	fsys := loadTxtar(t, "feeds.txtar")
	// Before the correction: the slug came from the title, no alias.
	before := fsys["content/tribunes/b.md"].Data
	fsys["content/tribunes/b.md"].Data = []byte("---\ntitle: Ancien titre\ndate: 2024-05-01\ntags: [Éducation]\nsignatories: [{name: Alice Martin}]\n---\nCorps b.\n")
	old := parseFeed(t, buildFS(t, fsys, Options{At: feedAt}), "tribunes/atom.xml")
	fsys["content/tribunes/b.md"].Data = before
	res := buildFS(t, fsys, Options{At: feedAt})
	cur := parseFeed(t, res, "tribunes/atom.xml")
	id := func(f *gofeed.Feed, prefix string) string {
		for _, it := range f.Items {
			if strings.Contains(it.Link, prefix) {
				return it.GUID
			}
		}
		return ""
	}
	was, is := id(old, "/tribunes/ancien-titre/"), id(cur, "/tribunes/titre-corrige/")
	if was == "" || was != is {
		t.Errorf("id changed with the slug: %q → %q", was, is)
	}
	if was != "tag:exemple.example,2024-05-01:/tribunes/ancien-titre/" {
		t.Errorf("id = %q", was)
	}
	if _, ok := res.Files["tribunes/ancien-titre/index.html"]; !ok {
		t.Error("the alias page is missing")
	}
	// No duplicate ids in any feed.
	rss, atom, jsonf := feedFiles(res)
	for _, p := range append(append(rss, atom...), jsonf...) {
		seen := map[string]bool{}
		for _, it := range parseFeed(t, res, p).Items {
			if seen[it.GUID] {
				t.Errorf("%s: duplicate id %s", p, it.GUID)
			}
			seen[it.GUID] = true
		}
	}
}

func TestFeedsLeaveOutHiddenStatements(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "feeds.txtar"), Options{At: feedAt, Minify: true})
	for p, data := range res.Files {
		if bytes.Contains(data, []byte("secret")) || bytes.Contains(data, []byte("confidentielle")) || bytes.Contains(data, []byte("Secret")) {
			t.Errorf("%s mentions the embargoed communiqué", p)
		}
	}
	if _, ok := res.Files["themes/secret/rss.xml"]; ok {
		t.Error("a tag used only by a hidden statement has a feed")
	}
}

func TestAutodiscoveryAndFeedsPage(t *testing.T) {
	res := buildFS(t, loadTxtar(t, "feeds.txtar"), Options{At: feedAt})
	html := page(t, res, "communiques/communique-avec-piece-jointe/index.html")
	for _, want := range []string{
		`<link rel="alternate" type="application/rss+xml" title="Association Exemple (RSS)" href="/rss.xml">`,
		`<link rel="alternate" type="application/atom+xml" title="Communiqués de presse (Atom)" href="/communiques/atom.xml">`,
		`<link rel="alternate" type="application/feed+json" title="Thème` + "\u00a0" + `: Justice (JSON Feed)" href="/themes/justice/feed.json">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("communiqué page lacks %s", want)
		}
	}
	for _, p := range res.Paths() {
		if strings.HasSuffix(p, "index.html") && !strings.Contains(string(res.Files[p]), `rel="alternate" type="application/rss+xml"`) && !strings.Contains(string(res.Files[p]), `http-equiv="refresh"`) {
			t.Errorf("%s has no feed autodiscovery link", p)
		}
	}
	list := page(t, res, "flux/index.html")
	for _, want := range []string{`href="/rss.xml"`, `href="/tribunes/atom.xml"`, `href="/themes/numerique/feed.json"`, `href="/langues/en/rss.xml"`, "texte intégral"} {
		if !strings.Contains(list, want) {
			t.Errorf("feeds page lacks %s", want)
		}
	}
	if !strings.Contains(page(t, res, "presse/index.html"), `href="/flux/"`) {
		t.Error("the press room does not link the feeds page")
	}
}

func TestSitemapAndRobots(t *testing.T) {
	fsys := loadTxtar(t, "feeds.txtar")
	fsys["content/tribunes/c.md"].Data = bytes.Replace(fsys["content/tribunes/c.md"].Data, []byte("date: 2024-04-01\n"), []byte("date: 2024-04-01\nnoindex: true\n"), 1)
	res := buildFS(t, fsys, Options{At: feedAt, Minify: true})
	var sm struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(res.Files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	locs := map[string]string{}
	for _, u := range sm.URLs {
		locs[u.Loc] = u.Lastmod
	}
	if got := locs["https://exemple.example/tribunes/a/"]; got != "" {
		t.Errorf("a statement listed under its file name: %q", got)
	}
	title := "https://exemple.example/tribunes/ampersand-chevrons-guillemets/"
	if got := locs[title]; got != "2024-06-03T09:30:00+02:00" {
		t.Errorf("lastmod of %s = %q (have %v)", title, got, locs)
	}
	for _, absent := range []string{"https://exemple.example/tribunes/meme-date-un/", "https://exemple.example/tribunes/ancien-titre/", "https://exemple.example/404.html", "https://exemple.example/communiques/communique-secret-sous-embargo/"} {
		if _, ok := locs[absent]; ok {
			t.Errorf("sitemap lists %s", absent)
		}
	}
	for _, present := range []string{"https://exemple.example/", "https://exemple.example/tribunes/", "https://exemple.example/communiques/communique-avec-piece-jointe/"} {
		if _, ok := locs[present]; !ok {
			t.Errorf("sitemap lacks %s", present)
		}
	}
	if got := string(res.Files["robots.txt"]); !strings.Contains(got, "Sitemap: https://exemple.example/sitemap.xml") {
		t.Errorf("robots.txt = %q", got)
	}
}

// A site's own feed-item partial gets the absolute text from .Content and
// .Body, raw HTML links included.
func TestFeedItemPartialContentIsAbsolute(t *testing.T) {
	fsys := loadTxtar(t, "feeds.txtar")
	fsys["site.toml"].Data = append([]byte("allowHTML = true\n"), fsys["site.toml"].Data...)
	a := fsys["content/tribunes/a.md"]
	a.Data = append(slices.Clip(a.Data), "\n<p><a href=\"/documents/rapport.pdf\">le rapport</a> <img src=\"../../logo.png\" alt=\"\"></p>\n"...)
	fsys["layouts/partials/feed-item.html"] = &fstest.MapFile{Data: []byte(`<div>{{.Content .Page}}</div><div>{{.Body .Page}}</div>`)}
	res := buildFS(t, fsys, Options{At: feedAt})
	item := parseFeed(t, res, "tribunes/rss.xml").Items[0].Content
	for _, want := range []string{
		`href="https://exemple.example/a-propos/"`,
		`href="https://exemple.example/tribunes/b/"`,
		`href="https://exemple.example/documents/rapport.pdf"`,
		`src="https://exemple.example/logo.png"`,
	} {
		if strings.Count(item, want) < 2 {
			t.Errorf("item does not hold %s in both:\n%s", want, item)
		}
	}
	if m := relativeURL.FindAllString(item, -1); m != nil {
		t.Errorf("relative URLs %q in\n%s", m, item)
	}
	// The page itself keeps site paths.
	if html := page(t, res, "tribunes/ampersand-chevrons-guillemets/index.html"); !strings.Contains(html, `href="/documents/rapport.pdf"`) {
		t.Errorf("page lost its site path:\n%s", html)
	}
}

// feedparser is a Python with Universal Feed Parser, the library many
// readers are built on, or "".
func feedparser(t *testing.T) string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import feedparser").Run() == nil {
			return py
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("feedparser is missing: .ci/run must install it (apt-get install -y python3-feedparser)")
	}
	t.Skip("feedparser is missing; install it with apt-get install -y python3-feedparser")
	return ""
}

// Universal Feed Parser keeps one author per item (the last one it reads):
// it is every signatory; and it tells the kind from the topics by its
// scheme.
func TestFeedsAsFeedparserReadsThem(t *testing.T) {
	py := feedparser(t)
	res := buildFS(t, loadTxtar(t, "feeds.txtar"), Options{At: feedAt, Minify: true})
	for _, name := range []string{"tribunes/rss.xml", "tribunes/atom.xml", "communiques/rss.xml", "communiques/atom.xml"} {
		cmd := exec.Command(py, "-c", `
import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps([{"author": e.get("author", ""), "kind": [t.get("label") or t.get("term") for t in e.get("tags", []) if t.get("scheme") == "`+"urn:tribune:kind"+`"]} for e in d.entries]))
`)
		cmd.Stdin = bytes.NewReader(res.Files[name])
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: feedparser: %v", name, err)
		}
		var entries []struct {
			Author string
			Kind   []string
		}
		if err := json.Unmarshal(out, &entries); err != nil || len(entries) == 0 {
			t.Fatalf("%s: %v %s", name, err, out)
		}
		for i, e := range entries {
			// In the item's language.
			labels := []string{"Tribune", "Op-ed"}
			if strings.HasPrefix(name, "communiques/") {
				labels = []string{"Communiqué de presse", "Press release"}
			}
			if len(e.Kind) != 1 || !slices.Contains(labels, e.Kind[0]) {
				t.Errorf("%s item %d: kind %q, want one of %q", name, i, e.Kind, labels)
			}
			if e.Author == "" {
				t.Errorf("%s item %d: no author", name, i)
			}
		}
		if strings.HasPrefix(name, "tribunes/") && entries[0].Author != "Alice Martin et Bruno Petit" {
			t.Errorf("%s: feedparser's author %q, want both signatories", name, entries[0].Author)
		}
	}
}
