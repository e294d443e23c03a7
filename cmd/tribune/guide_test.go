package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tribune/internal/content"
)

var updateGuide = flag.Bool("update-guide", false, "write the reference tables of GUIDE.md again")

// GUIDE.md holds the reference of the front matter and of the settings as
// the code describes them (content.FrontMatter, content.Settings): a key
// added to the code is in the guide, or this test fails. Write them again
// with go test ./cmd/tribune -run TestGuide -update-guide.
func TestGuideHoldsTheReference(t *testing.T) {
	name := filepath.Join("..", "..", "GUIDE.md")
	guide := readFile(t, name)
	want := guide
	for marker, fields := range map[string][]content.Field{"champs": content.FrontMatter, "réglages": content.Settings} {
		begin, end := "<!-- début: "+marker+" -->\n", "<!-- fin: "+marker+" -->"
		i, j := strings.Index(want, begin), strings.Index(want, end)
		if i < 0 || j < i {
			t.Fatalf("GUIDE.md lacks the markers of %s", marker)
		}
		want = want[:i+len(begin)] + referenceMarkdown(fields, "fr") + want[j:]
	}
	if *updateGuide {
		if err := os.WriteFile(name, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if guide != want {
		t.Error("GUIDE.md's reference differs from the code's: go test ./cmd/tribune -run TestGuide -update-guide")
	}
	// Every command the guide shows exists.
	for _, cmd := range []string{"serve", "new", "schedule", "email", "help"} {
		if !strings.Contains(usage, "tribune "+cmd) {
			t.Errorf("the guide shows tribune %s, which the command does not have", cmd)
		}
	}
}

// help fields and help settings give the reference in the site's language.
func TestHelpReference(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	r := tribune(t, "help", "-src", src, "champs")
	if r.err != nil || !strings.Contains(r.stdout, "embargoAccess") || !strings.Contains(r.stdout, "exemple\u00a0:") || !strings.Contains(r.stdout, "Chapô") {
		t.Errorf("help champs: %v\n%.500s", r.err, r.stdout)
	}
	for _, f := range content.FrontMatter {
		if !strings.Contains(r.stdout, f.Key+"\n") && !strings.Contains(r.stdout, f.Key+"  (") {
			t.Errorf("help champs lacks %s", f.Key)
		}
	}
	writeFiles(t, src, "-- site.toml --\n"+strings.Replace(readFile(t, filepath.Join(src, "site.toml")), `language = "fr"`, `language = "en"`, 1))
	r = tribune(t, "help", "-src", src, "settings")
	if r.err != nil || !strings.Contains(r.stdout, "baseURL") || !strings.Contains(r.stdout, "example:") || !strings.Contains(r.stdout, "Address of the site online") {
		t.Errorf("help settings in English: %v\n%.500s", r.err, r.stdout)
	}
}
