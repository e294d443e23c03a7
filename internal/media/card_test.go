package media

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
)

func demoCard(t testing.TB) Card {
	logo, err := os.ReadFile("../../static/presse/kit/logo-enfance-protegee.png")
	if err != nil {
		t.Fatal(err)
	}
	return Card{
		Kind:       "Tribune",
		Title:      "Budget 2027\u00a0: la prévention n’est pas une dépense, c’est un investissement",
		Byline:     "Claire Vasseur, présidente · 14 octobre 2026",
		Name:       "Enfance Protégée",
		Logo:       logo,
		Background: color.RGBA{0x1d, 0x3c, 0x6e, 255},
		Text:       color.RGBA{255, 255, 255, 255},
		Accent:     color.RGBA{0xf2, 0xb1, 0x34, 255},
	}
}

func BenchmarkCard(b *testing.B) {
	c := demoCard(b)
	for b.Loop() {
		if _, err := c.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCardLook(t *testing.T) {
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
		t.Fatal(img.Bounds())
	}
	if out := os.Getenv("CARD_OUT"); out != "" {
		os.WriteFile(out, data, 0o644)
	}
	t.Log(len(data))
}
