package content

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// knownKeys asks a decoder which keys it reads at a place, by giving it
// one it does not know: its error lists them.
func knownKeys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("an unknown key was accepted")
	}
	m := regexp.MustCompile(`known keys: ([^)]*)\)`).FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("the error does not list the known keys: %v", err)
	}
	return strings.Split(m[1], ", ")
}

// Every key the decoders read is described once in FrontMatter or
// Settings, and every description is of a key they read.
func TestEveryKeyDescribed(t *testing.T) {
	const bogus = "zzzzzzzzzzzz"
	check := func(what string, fields []Field, places map[string]func() error) {
		described := map[string]bool{}
		for _, f := range fields {
			if described[f.Key] {
				t.Errorf("%s: %s described twice", what, f.Key)
			}
			described[f.Key] = true
			if f.FR == "" || f.EN == "" || f.Example == "" {
				t.Errorf("%s: %s lacks its French, its English or its example", what, f.Key)
			}
		}
		read := map[string]bool{}
		for prefix, try := range places {
			for _, k := range knownKeys(t, try()) {
				read[prefix+k] = true
			}
		}
		for k := range read {
			if !described[k] {
				t.Errorf("%s: the key %s is read but not described", what, k)
			}
		}
		for k := range described {
			if !read[k] && !strings.HasPrefix(k, "typography.") {
				t.Errorf("%s: %s is described but not read", what, k)
			}
		}
	}
	fm := func(yaml string) func() error {
		return func() error {
			_, err := Parse("x.md", []byte("---\ntitle: x\ndate: 2024-01-01\n"+yaml+"\n---\n"), time.UTC)
			return err
		}
	}
	check("front matter", FrontMatter, map[string]func() error{
		"":                        fm(bogus + ": 1"),
		"image.":                  fm("image: {" + bogus + ": 1}"),
		"outlet.":                 fm("outlet: {" + bogus + ": 1}"),
		"signatories[].":          fm("signatories: [{" + bogus + ": 1}]"),
		"signatories[].portrait.": fm("signatories: [{portrait: {" + bogus + ": 1}}]"),
		"contacts[].":             fm("contacts: [{" + bogus + ": 1}]"),
		"attachments[].":          fm("attachments: [{" + bogus + ": 1}]"),
		"corrections[].":          fm("corrections: [{" + bogus + ": 1}]"),
	})
	cfg := func(toml string) func() error {
		return func() error {
			_, err := LoadConfig(fstest.MapFS{ConfigFile: {Data: []byte(toml)}})
			return err
		}
	}
	check("settings", Settings, map[string]func() error{
		"":                      cfg(bogus + " = 1\n"),
		"organisation.":         cfg("[organisation]\n" + bogus + " = 1\n"),
		"contacts[].":           cfg("[[contacts]]\n" + bogus + " = 1\n"),
		"kit[].":                cfg("[[kit]]\n" + bogus + " = 1\n"),
		"menu[].":               cfg("[[menu]]\n" + bogus + " = 1\n"),
		"accessibility.":        cfg("[accessibility]\n" + bogus + " = 1\n"),
		"share.":                cfg("[share]\n" + bogus + " = 1\n"),
		"comments.":             cfg("[comments]\n" + bogus + " = 1\n"),
		"languages.*.":          cfg("[languages.en]\n" + bogus + " = 1\n"),
		"languages.*.sections.": cfg("[languages.en.sections]\n" + bogus + " = 1\n"),
		"languages.*.menu[].":   cfg("[[languages.en.menu]]\n" + bogus + " = 1\n"),
	})
	if !slices.ContainsFunc(FrontMatter, func(f Field) bool { return f.Key == "embargoAccess" }) {
		t.Error("embargoAccess is not described")
	}
}
