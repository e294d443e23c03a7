package media

import (
	"bytes"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/image/math/fixed"
)

func demoCard(t testing.TB) Card {
	logo, err := os.ReadFile("../../static/presse/kit/logo-enfance-protegee.png")
	if err != nil {
		t.Fatal(err)
	}
	return Card{
		Kind:       "Tribune",
		Title:      "Budget 2027\u00a0: la prévention n’est pas une dépense, c’est un investissement",
		Byline:     "Claire Vasseur et Bertrand Aubry – 14 octobre 2026",
		Name:       "Enfance Protégée",
		Logo:       logo,
		Background: color.RGBA{0x1d, 0x3c, 0x6e, 255},
		Text:       color.RGBA{255, 255, 255, 255},
		Accent:     color.RGBA{0xf2, 0xb1, 0x34, 255},
	}
}

// BenchmarkCard draws the demo site's card with the painter of a build:
// what each statement without an image costs a build that has not drawn
// its card before (go test ./internal/media -bench Card).
func BenchmarkCard(b *testing.B) {
	c := demoCard(b)
	pt := NewPainter()
	for b.Loop() {
		if _, err := pt.PNG(c); err != nil {
			b.Fatal(err)
		}
	}
}

// A card is a paletted PNG of the share size, the same bytes each time it
// is drawn; CARD_OUT=file.png writes it, to look at.
func TestCardPicture(t *testing.T) {
	c := demoCard(t)
	data, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, ShareWidth, ShareHeight) {
		t.Fatalf("card of %v", img.Bounds())
	}
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("card is a %T, want paletted", img)
	}
	// The background, the title's colour and the accent are all drawn.
	count := map[color.Color]int{}
	for _, i := range p.Pix {
		count[p.Palette[i]]++
	}
	for what, col := range map[string]color.RGBA{"background": c.Background, "text": c.Text, "accent": c.Accent} {
		if count[col] < 1000 {
			t.Errorf("%s drawn on %d pixels", what, count[col])
		}
	}
	again, err := c.PNG()
	if err != nil || !bytes.Equal(again, data) {
		t.Error("the same card drawn twice differs")
	}
	if len(data) > 60_000 {
		t.Errorf("card weighs %d bytes", len(data))
	}
	c.Title += " (2)"
	if other, _ := c.PNG(); bytes.Equal(other, data) || c.Key() == demoCard(t).Key() {
		t.Error("another title draws the same card")
	}
	if out := os.Getenv("CARD_OUT"); out != "" {
		os.WriteFile(out, data, 0o644)
	}
}

// The fonts draw every letter and sign of French typography: nothing is
// drawn as "?".
func TestCardGlyphs(t *testing.T) {
	pt := NewPainter()
	for _, font := range []int{bold, regular} {
		face, err := pt.face(font, 40)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789àâäçéèêëîïôöùûüÿæœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ«»’‘“”–—…€%&@#()[]!?;:,.'\"/\u00a0\u202f\u2011" {
			if g := glyph(face, r); g == '?' && r != '?' || g == 0 {
				t.Errorf("%q has no glyph", r)
			}
		}
		// What the fonts lack is left out, or is "?" for a letter.
		for r, want := range map[rune]rune{'😀': 0, '\u200b': 0, '\u202e': 0, '\ufe0f': 0, '中': '?', 'ש': '?'} {
			if g := glyph(face, r); g != want {
				t.Errorf("%q drawn as %q, want %q", r, g, want)
			}
		}
	}
}

func testFace(t *testing.T) *sized {
	f, err := NewPainter().face(bold, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Long titles wrap at spaces, never at the no-break spaces of French
// typography, and what does not fit ends with an ellipsis.
func TestCardWrap(t *testing.T) {
	f := testFace(t)
	title := "Budget 2027\u00a0: la prévention n’est pas une dépense, c’est un investissement"
	lines, whole := f.wrap(title, cardTextW, 4)
	if !whole || strings.Join(lines, " ") != title {
		t.Errorf("wrap = %q, %v", lines, whole)
	}
	for _, l := range lines {
		if f.measure(l) > fixed.I(cardTextW) {
			t.Errorf("%q is wider than the card", l)
		}
		if strings.HasPrefix(l, ":") || strings.HasSuffix(l, "\u00a0") {
			t.Errorf("a line broken at a no-break space: %q", l)
		}
	}
	long := strings.Repeat("Les enfants d’abord, partout et toujours ", 10)
	lines, whole = f.wrap(long, cardTextW, 3)
	if whole || len(lines) != 3 || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("long title: %q, %v", lines, whole)
	}
	for _, l := range lines {
		if f.measure(l) > fixed.I(cardTextW) {
			t.Errorf("%q is wider than the card", l)
		}
	}
	// Pasted text: decomposed accents, tabs and line breaks.
	if got := cardText("E\u0301couter,\tprote\u0301ger\nles\u2028enfants\u00a0: oui"); got != "Écouter, protéger les enfants\u00a0: oui" {
		t.Errorf("cardText = %q", got)
	}
	// One word wider than the card is cut.
	lines, _ = f.wrap(strings.Repeat("x", 200), cardTextW, 3)
	if len(lines) != 1 || !strings.HasSuffix(lines[0], "…") || f.measure(lines[0]) > fixed.I(cardTextW) {
		t.Errorf("a long word: %q", lines)
	}
	if got := f.fit("Court", cardTextW); got != "Court" {
		t.Errorf("fit shortened %q", got)
	}
	if !utf8.ValidString(f.fit(strings.Repeat("é", 300), 200)) {
		t.Error("fit cut a character in two")
	}
}

// Cards are kept by what they show, in memory and in the cache folder,
// where a card changed by hand is drawn again.
func TestCardCache(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	key := []byte("une clé de test, longue assez")
	c := demoCard(t)
	first, err := NewCache(root, "cache", key).Card(c)
	if err != nil {
		t.Fatal(err)
	}
	k := c.Key()
	file := "cache/cards/" + hex.EncodeToString(k[:]) + "/png"
	if _, err := root.Stat(file); err != nil {
		t.Fatalf("the card is not kept: %v", err)
	}
	// Another run finds it; a card put there by hand is not taken.
	if got, err := NewCache(root, "cache", key).Card(c); err != nil || !bytes.Equal(got, first) {
		t.Errorf("kept card: %v", err)
	}
	fake := bytes.Clone(first)
	fake[len(fake)/2] ^= 0xff
	if err := root.WriteFile(file, fake, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := NewCache(root, "cache", key).Card(c); err != nil || !bytes.Equal(got, first) {
		t.Error("a changed card was taken")
	}
	if got, err := NewCache(root, "cache", []byte("une autre clé, tout aussi longue")).Card(c); err != nil || !bytes.Equal(got, first) {
		t.Error("a card signed with another key was not drawn again")
	}
}
