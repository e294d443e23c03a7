package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"tribune/internal/content"

	toml "github.com/pelletier/go-toml/v2"
	yaml "go.yaml.in/yaml/v3"
)

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := Write(d, 60, 7); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(c, 60, 8); err != nil {
		t.Fatal(err)
	}
	fa, fb, fc := readTree(t, a), readTree(t, b), readTree(t, c)
	if len(fa) != len(fb) {
		t.Fatalf("file counts differ: %d vs %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two writes with the same seed", name)
		}
	}
	same := 0
	for name, data := range fa {
		if bytes.Equal(data, fc[name]) {
			same++
		}
	}
	if same > 3 { // site.toml and the two _index.md files
		t.Errorf("seeds 7 and 8 share %d identical files", same)
	}
}

func TestCounts(t *testing.T) {
	for _, n := range []int{0, 1, 10, 101} {
		dir := t.TempDir()
		if err := Write(dir, n, 1); err != nil {
			t.Fatal(err)
		}
		files := readTree(t, dir)
		if len(files) != n+3 {
			t.Errorf("n=%d: %d files, want %d", n, len(files), n+3)
		}
		for _, f := range []string{"site.toml", "content/tribunes/_index.md", "content/communiques/_index.md"} {
			if files[f] == nil {
				t.Errorf("n=%d: %s missing", n, f)
			}
		}
		count := map[string]int{}
		for name := range files {
			if strings.HasPrefix(name, "content/") && !strings.HasSuffix(name, "/_index.md") {
				count[strings.Split(name, "/")[1]]++
			}
		}
		if count["tribunes"] != (n+1)/2 || count["communiques"] != n/2 {
			t.Errorf("n=%d: %v", n, count)
		}
	}
}

func TestUniqueAndWordCount(t *testing.T) {
	ss := Generate(4000, 1)
	titles, slugs := map[string]bool{}, map[string]bool{}
	first, last := ss[0].Date, ss[0].Date
	for i := range ss {
		s := &ss[i]
		if titles[s.Title] {
			t.Errorf("duplicate title %q", s.Title)
		}
		if slugs[s.Section+"/"+s.Slug] {
			t.Errorf("duplicate slug %q", s.Slug)
		}
		titles[s.Title], slugs[s.Section+"/"+s.Slug] = true, true
		if s.Slug != Slugify(s.Title) || s.Slug == "" {
			t.Errorf("slug %q for title %q", s.Slug, s.Title)
		}
		if w := CountWords(s.Body); w < 500 || w > 700 {
			t.Errorf("%s: %d words", s.Slug, w)
		}
		for _, want := range []string{"\n## ", "\n- ", "\n1. ", "](https://", "](/", "«", "*", " : ", " ?", "'"} {
			if !strings.Contains(s.Body, want) && !(want == " ?" && strings.Contains(s.Body, "?")) {
				t.Errorf("%s: body lacks %q", s.Slug, want)
			}
		}
		if s.Section == SectionTribunes && !strings.Contains(s.Body, "\n> ") {
			t.Errorf("%s: tribune without a blockquote", s.Slug)
		}
		if s.Date.Before(first) {
			first = s.Date
		}
		if s.Date.After(last) {
			last = s.Date
		}
	}
	if span := last.Sub(first); span < 2*365*24*time.Hour || span > 3*366*24*time.Hour {
		t.Errorf("dates span %v", span)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"L'État, l'œuvre et l'ex æquo : ça ?": "l-etat-l-oeuvre-et-l-ex-aequo-ca",
		"« Osons la confiance » : l’école":    "osons-la-confiance-l-ecole",
		"Accès aux droits (n° 12)":            "acces-aux-droits-n-12",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// schema is the documented front matter (each key with its fields, for
// the keys that have some) and site.toml settings: content.FrontMatter and
// content.Settings, the one reference of both.
func schema(t *testing.T) (front map[string][]string, site map[string]bool) {
	t.Helper()
	front, site = map[string][]string{}, map[string]bool{}
	for _, f := range content.FrontMatter {
		key, field, nested := strings.Cut(strings.Replace(f.Key, "[]", "", 1), ".")
		if _, ok := front[key]; !ok {
			front[key] = nil
		}
		if nested {
			front[key] = append(front[key], field)
		}
	}
	for _, f := range content.Settings {
		key, _, _ := strings.Cut(strings.Replace(f.Key, "[]", "", 1), ".")
		site[key] = true
	}
	if len(front) < 10 || len(site) < 5 {
		t.Fatalf("could not read the schema: %v %v", front, site)
	}
	return front, site
}

func TestFrontMatterFollowsSchema(t *testing.T) {
	front, site := schema(t)
	dir := t.TempDir()
	if err := Write(dir, 200, 3); err != nil {
		t.Fatal(err)
	}
	for name, data := range readTree(t, dir) {
		if name == "site.toml" {
			var m map[string]any
			if err := toml.Unmarshal(data, &m); err != nil {
				t.Fatalf("site.toml: %v", err)
			}
			for k := range m {
				if !site[k] {
					t.Errorf("site.toml: key %q not in the schema", k)
				}
			}
			continue
		}
		s := string(data)
		if !strings.HasPrefix(s, "---\n") {
			t.Fatalf("%s: no YAML front matter", name)
		}
		end := strings.Index(s[4:], "\n---\n")
		if end < 0 {
			t.Fatalf("%s: unterminated front matter", name)
		}
		var m map[string]any
		if err := yaml.Unmarshal([]byte(s[4:4+end+1]), &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, ok := m["title"].(string); !ok {
			t.Errorf("%s: title is not text", name)
		}
		if _, ok := m["date"].(time.Time); !ok {
			t.Errorf("%s: date %v is not a time", name, m["date"])
		}
		for k, v := range m {
			fields, ok := front[k]
			if !ok {
				t.Errorf("%s: key %q not in the schema", name, k)
				continue
			}
			items, _ := v.([]any)
			for _, it := range items {
				rec, isRec := it.(map[string]any)
				if !isRec {
					continue
				}
				for f := range rec {
					if !contains(fields, f) {
						t.Errorf("%s: %s.%s not in the schema %v", name, k, f, fields)
					}
				}
			}
		}
		if strings.HasPrefix(name, "content/tribunes/") && !strings.HasSuffix(name, "_index.md") && m["signatories"] == nil {
			t.Errorf("%s: tribune without signatories", name)
		}
		if strings.HasPrefix(name, "content/communiques/") && !strings.HasSuffix(name, "_index.md") && m["dateline"] == nil {
			t.Errorf("%s: communiqué without dateline", name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestHugoSameContent(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a, 30, 5); err != nil {
		t.Fatal(err)
	}
	if err := WriteHugo(b, 30, 5); err != nil {
		t.Fatal(err)
	}
	fa, fb := readTree(t, a), readTree(t, b)
	for name, data := range fa {
		if strings.HasPrefix(name, "content/") && !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between the tribune and Hugo sites", name)
		}
	}
	for _, name := range append([]string{"hugo.toml"}, hugoLayoutNames...) {
		if fb[name] == nil {
			t.Errorf("%s missing from the Hugo site", name)
		}
	}
}

// TestHugoBuilds builds the Hugo corpus when hugo is installed.
func TestHugoBuilds(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil || testing.Short() {
		t.Skip("hugo not installed or -short")
	}
	src, out := t.TempDir(), t.TempDir()
	const n = 60
	if err := WriteHugo(src, n, 2); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hugo, "--source", src, "--destination", out, "--quiet")
	if msg, err := cmd.CombinedOutput(); err != nil || len(bytes.TrimSpace(msg)) > 0 {
		t.Fatalf("hugo: %v\n%s", err, msg)
	}
	tags := map[string]bool{}
	for _, s := range Generate(n, 2) {
		p := filepath.Join(out, s.Section, s.Slug, "index.html")
		page, err := os.ReadFile(p)
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Contains(page, []byte("<h2")) || !bytes.Contains(page, []byte("<blockquote")) && s.Section == SectionTribunes {
			t.Errorf("%s: content not rendered", p)
		}
		for _, tag := range s.Tags {
			tags[tag] = true
		}
	}
	terms, err := os.ReadDir(filepath.Join(out, "tags"))
	if err != nil {
		t.Fatal(err)
	}
	dirs := 0
	for _, e := range terms {
		if e.IsDir() && e.Name() != "page" {
			dirs++
		}
	}
	if dirs != len(tags) {
		t.Errorf("%d term pages, want %d", dirs, len(tags))
	}
	for _, p := range []string{"index.html", "page/2/index.html", "tribunes/page/3/index.html", "index.xml", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkGenerate4000(b *testing.B) {
	for b.Loop() {
		Generate(4000, 1)
	}
}
