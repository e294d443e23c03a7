package markdown

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// TestQuickLinkifyIsLinkify converts random text full of near-URLs and
// near-addresses with goldmark's Linkify and with linkify, and wants the
// same HTML.
func TestQuickLinkifyIsLinkify(t *testing.T) {
	ext := []goldmark.Extender{extension.Table, extension.Strikethrough, extension.Footnote}
	theirs := goldmark.New(goldmark.WithExtensions(append(ext, extension.Linkify)...))
	ours := goldmark.New(goldmark.WithExtensions(append(ext, linkify{})...))
	parts := []string{"mot", " ", "  ", "\n", "\t", "*", "_", "~", "(", ")", "http://ex.fr/a?b=1", "https://www.ex.fr", "ftp://x.y", "www.ex.org/p", "http:", "www", "www.", "HTTP://X.FR",
		"a@b.fr", "nom.prenom+x@ex.example", "@", "x@", "@y.fr", "a@b", "<https://x.fr>", "[lien](https://x.fr)", "`code www.x.fr`", "**", "~~", "é", "mailto:a@b.fr", ".", ",", "\\", "&amp;", "[^1]", "\n\n[^1]: note www.n.fr\n"}
	r := rand.New(rand.NewPCG(5, 6))
	var a, b bytes.Buffer
	for range 20000 {
		var sb strings.Builder
		for range r.IntN(16) {
			sb.WriteString(parts[r.IntN(len(parts))])
		}
		src := []byte(sb.String())
		a.Reset()
		b.Reset()
		if err := theirs.Convert(src, &a); err != nil {
			t.Fatal(err)
		}
		if err := ours.Convert(src, &b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Fatalf("%q:\n goldmark %q\n linkify  %q", src, a.String(), b.String())
		}
	}
}
