package markdown

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"tribune/internal/locale"
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

// TestLinkifyWhenNeeded converts random documents, full of URLs in and out
// of links, near-URLs, addresses and the signs the typographer changes,
// with linkify always and with linkify only when a document needs it, and
// wants the same documents. It also counts how often each way was taken,
// so that the test covers them all.
func TestLinkifyWhenNeeded(t *testing.T) {
	parts := []string{"mot", "l'école", " ", "  ", "  \n", "    \n", " \t \n", "\\\n", "\n", "\n\n", "\t", "*", "_", "~", "~~", "(", ")", "[", "]", "](", "!", "?", ":", ";", "\"", "'", "--", "...", "<<", ">>", "\\",
		"http://ex.fr/a?b=1", "https://www.ex.fr", "ftp://x.y", "www.ex.org/p", "www...x.fr", "www", "http:", "HTTP://X.FR", "w", "ww.", "https",
		"a@b.fr", "o'brien@ex.example", "@", "[lien](https://x.fr)", "[lien](https://www.x.fr/a_b)", "[lien](www.x.fr)", "[https://x.fr](/p)", "[a](https://x",
		"<https://x.fr>", "<a@b.fr>", "`code www.x.fr`", "*https://x.fr*", "_www.x.fr_", "# Titre www.x.fr\n", "- item https://x.fr\n", "| a | www.x.fr |\n|---|---|\n| b | c |\n",
		"[^1]", "\n\n[^1]: note www.n.fr\n", "&amp;", "é", "<b>www.x.fr</b>", "![image](https://x.fr/i.png)"}
	r := rand.New(rand.NewPCG(8, 9))
	var c Converter
	taken := map[string]int{}
	for i := range 30000 {
		var sb strings.Builder
		for range r.IntN(20) {
			sb.WriteString(parts[r.IntN(len(parts))])
		}
		src := []byte(sb.String())
		opts := Options{Typography: locale.French, AllowHTML: i%3 == 0}
		if i%4 == 1 {
			opts.Typography = locale.Off
		}
		forceLinkify = true
		want := c.Convert("x.md", src, 1, opts)
		forceLinkify = false
		got := c.Convert("x.md", src, 1, opts)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n linkify always    %#v\n linkify if needed %#v", src, want, got)
		}
		switch {
		case mayLinkifyAlways(src):
			taken["linkify"]++
		case linkText(&c, src, opts):
			taken["parsed again"]++
		default:
			taken["no linkify"]++
		}
	}
	for _, way := range []string{"linkify", "parsed again", "no linkify"} {
		if taken[way] < 100 {
			t.Errorf("%q taken %d times: %v", way, taken[way], taken)
		}
	}
}

// linkText reports whether src, parsed without linkify, had to be parsed
// again.
func linkText(c *Converter, src []byte, opts Options) bool {
	_, marks := mayLinkify(src)
	_, st, _ := c.parse(key{french: opts.Typography != locale.Off, unsafe: opts.AllowHTML}, "x.md", src, 1, opts, marks)
	return st.relink
}

func mayLinkifyAlways(src []byte) bool {
	always, _ := mayLinkify(src)
	return always
}

// TestMayLinkify checks mayLinkify against its plain definition, a scan
// back from each URL start to the start of its word, on random text.
func TestMayLinkify(t *testing.T) {
	plain := func(body []byte) bool {
		if bytes.IndexByte(body, '@') >= 0 {
			return true
		}
		for _, m := range linkMarks {
			for i := range body {
				if !bytes.HasPrefix(body[i:], m) {
					continue
				}
				j := i
				for j > 0 && !bytes.ContainsRune([]byte(" \t\n("), rune(body[j-1])) {
					j--
				}
				if j < 2 || body[j-1] != '(' || body[j-2] != ']' {
					return true
				}
			}
		}
		return false
	}
	parts := []string{"a", " ", "\t", "\n", "(", ")", "[", "]", "](", "http:", "https://", "ftp:", "www", "w", "ww.", "@", "/", "x.fr"}
	r := rand.New(rand.NewPCG(21, 22))
	for range 100_000 {
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(parts[r.IntN(len(parts))])
		}
		src := []byte(sb.String())
		got, marks := mayLinkify(src)
		if want := plain(src); got != want {
			t.Fatalf("mayLinkify(%q) = %v, want %v", src, got, want)
		}
		if !got && !slices.IsSorted(marks) {
			t.Fatalf("mayLinkify(%q): marks %v not sorted", src, marks)
		}
	}
}

// BenchmarkMayLinkifyLongWord is a worst case for scanning back to the
// start of each URL's word: one word full of them.
func BenchmarkMayLinkifyLongWord(b *testing.B) {
	src := []byte("[a](" + strings.Repeat("www", 40000) + ")")
	for b.Loop() {
		mayLinkify(src)
	}
}
