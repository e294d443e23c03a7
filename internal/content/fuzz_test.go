package content

import (
	"bytes"
	"errors"
	"regexp"
	"testing"
	"testing/fstest"
	"time"
)

// positioned is the shape of every message about a file: its name, then
// line and column when known.
var positioned = regexp.MustCompile(`^(content/fuzz\.md|site\.toml)(:\d+:\d+)?: \S`)

// checkFuzzErrors checks that err is a list of positioned errors, each
// within the text.
func checkFuzzErrors(t *testing.T, err error, data []byte) {
	t.Helper()
	var l ErrorList
	if !errors.As(err, &l) || len(l) == 0 {
		t.Fatalf("error %v (%T) is not a list of positioned errors", err, err)
	}
	// Editors and YAML take a lone CR for a line break too.
	lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 2
	for _, e := range l {
		if !positioned.MatchString(e.Error()) {
			t.Fatalf("message %q does not start with its file", e.Error())
		}
		if e.Line < 0 || e.Line > lines || e.Col < 0 {
			t.Fatalf("message %q points outside the text (%d lines)", e.Error(), lines)
		}
		if len(e.Msg) > 4096 {
			t.Fatalf("message of %d bytes", len(e.Msg))
		}
	}
}

// FuzzParse: any bytes as a content file give a file or positioned
// errors, never a panic, and the same answer twice.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\ndate: 2024-06-01\n---\nCorps.\n",
		"+++\ntitle = \"A\"\ndate = 2024-06-01\ntags = [\"a\", \"b\"]\n[outlet]\nname = \"X\"\n+++\nCorps.\n",
		"---\ntitle: [a\n---\n",
		"+++\n[a.b.c]\nd = 1\n[[a.b.e]]\n+++\n",
		"---\ntitle: Fermeture : « x »\ndate: 25 juin 2024\nsignatories: [{name: A, role: B}]\nembargo: 0000-01-01\n---\n",
		"\ufeff---\r\ntitle: A\r\ndate: 2024-06-01\r\n---\r\n",
		"---\n&a [*a, *a]\n---\n",
		"+++\ntitle = \"\"\"\nmulti\n\"\"\"\ndate = 1979-05-27T07:32:00-08:00\n+++\n",
	} {
		f.Add([]byte(s))
	}
	loc := time.UTC
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.md", data, loc)
		if err != nil {
			if file != nil {
				t.Fatal("a file along with errors")
			}
			checkFuzzErrors(t, err, data)
		} else if file == nil {
			t.Fatal("neither a file nor an error")
		}
		_, again := Parse("fuzz.md", data, loc)
		if (err == nil) != (again == nil) || err != nil && err.Error() != again.Error() {
			t.Fatalf("two parses differ: %v / %v", err, again)
		}
	})
}

// FuzzLoadConfig: any bytes as site.toml give a configuration or
// positioned errors, never a panic.
func FuzzLoadConfig(f *testing.F) {
	for _, s := range []string{
		"title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"title = \"T\"\nbaseURL = \"https://ex.org/?q=1#frag\"\n",
		"baseURL = \"https://user:pass@ex.org:99999/\"\n",
		"title = = \"x\"\n",
		"[organisation]\nname = \"A\"\n[[contacts]]\nname = \"B\"\n[[kit]]\nfile = \"logo.png\"\n[[menu]]\nname = \"M\"\nurl = \"/m/\"\n",
		"keep = [\"..\", \"a/b\", \"CNAME\"]\ntimeZone = \"Mars/Olympus\"\n",
		"a.b.c = 1\na.b.d = 2\n[a]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := LoadConfig(fstest.MapFS{ConfigFile: {Data: data}})
		if cfg == nil {
			t.Fatal("no configuration")
		}
		if err != nil {
			checkFuzzErrors(t, err, data)
		}
	})
}
