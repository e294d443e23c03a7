package build

import (
	"bytes"
	"context"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"tribune/internal/publish"
)

var fuzzMessage = regexp.MustCompile(`^(content/|static/|layouts/|site\.toml)`)

// FuzzBuild: any bytes as a statement give a site or positioned errors,
// never a panic; a site's files stay in the output folder, its XML files
// are well-formed, and two builds give the same bytes.
func FuzzBuild(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: Communiqué B\ndate: 2024-06-01\n---\nCorps.\n",
		"---\ntitle: \"<script>alert(1)</script> & « guillemets »\"\ndate: 2024-06-01\ntags: [a, A, \"\"]\naliases: [/x/, /x/]\nslug: ../../x\n---\n[lien](javascript:alert(1)) <b>gras</b> ![](/x.png)\n",
		"+++\ntitle = \"T\"\ndate = 2024-06-01\nembargo = 2030-01-01T06:00:00+01:00\n[[attachments]]\nsrc = \"/a.pdf\"\n+++\n# Titre {#id}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"---\ntitle: T\ndate: 2024-06-01\nsignatories: [{name: A}]\noutlet: {name: Le Monde, url: \"https://x.example/\"}\ncanonical: outlet\n---\nTexte[^1].\n\n[^1]: Note.\n",
		"---\ntitle: T\ndate: 2024-06-01\nlayout: ../../etc/passwd\nimage: {src: /nope.png}\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := minimalSite()
		fsys["content/communiques/fuzz.md"] = &fstest.MapFile{Data: data}
		res, err := runFS(context.Background(), fsys, Options{At: hardAt, Minify: true})
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !fuzzMessage.MatchString(line) {
					t.Fatalf("message %q does not start with its file", line)
				}
			}
			return
		}
		for name, data := range res.Files {
			if err := publish.CheckPath(name); err != nil {
				t.Fatalf("output path %q: %v", name, err)
			}
			if strings.HasSuffix(name, ".xml") {
				if err := xml.Unmarshal(data, new(struct{})); err != nil {
					t.Fatalf("%s is not well-formed XML: %v", name, err)
				}
			}
		}
		again, err := runFS(context.Background(), fsys, Options{At: hardAt, Minify: true})
		if err != nil || len(again.Files) != len(res.Files) {
			t.Fatalf("second build: %v", err)
		}
		for name, b := range res.Files {
			if !bytes.Equal(again.Files[name], b) {
				t.Fatalf("%s differs between two builds", name)
			}
		}
	})
}
