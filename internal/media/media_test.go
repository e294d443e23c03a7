package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"os"
	"testing"
)

func TestDescribe(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 120, 80))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		data   []byte
		w, h   int
		format string
	}{
		{"photo.png", buf.Bytes(), 120, 80, "PNG"},
		{"logo.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><title>x</title></svg>`), 300, 100, "SVG"},
		{"logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 160"></svg>`), 640, 160, "SVG"},
		{"logo.svg", []byte(`<svg width="100%" viewBox="0 0 64 16"></svg>`), 64, 16, "SVG"},
		{"rapport.pdf", []byte("%PDF-1.4"), 0, 0, "PDF"},
		{"photo.jpg", []byte("not a jpeg"), 0, 0, "JPEG"},
	}
	for _, tt := range tests {
		got := Describe(tt.name, tt.data)
		if got.Width != tt.w || got.Height != tt.h || got.Format != tt.format || got.Size != int64(len(tt.data)) {
			t.Errorf("Describe(%s) = %+v, want %dx%d %s", tt.name, got, tt.w, tt.h, tt.format)
		}
	}
}

func TestVariantsDiskCache(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 900, 600))); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	first := NewCache(root, "cache/images")
	r1, s1, err := first.Get("images/x.png", buf.Bytes())
	if err != nil || len(r1) != 2 || s1 == nil || r1[0].Name != "images/x-480w.png" || s1.Name != "images/x-partage.png" {
		t.Fatalf("variants %v, share %v, %v", r1, s1, err)
	}
	// A new process: a new cache over the same folder reads the copies,
	// named after the original that asks for them.
	second := NewCache(root, "cache/images")
	if _, _, err := second.Get("autre/y.png", []byte("not this one")); err == nil {
		t.Fatal("a file that is not an image gave copies")
	}
	key := sha256.Sum256(buf.Bytes())
	r2, s2, ok := second.load("cache/images/"+hex.EncodeToString(key[:]), buf.Bytes())
	if !ok || len(r2) != 2 || !bytes.Equal(r2[1].Data, r1[1].Data) || !bytes.Equal(s2.Data, s1.Data) {
		t.Errorf("disk cache: ok %v, %d copies", ok, len(r2))
	}
	r3, _, err := second.Get("autre/y.png", buf.Bytes())
	if err != nil || r3[0].Name != "autre/y-480w.png" || !bytes.Equal(r3[0].Data, r1[0].Data) {
		t.Errorf("copies from the folder: %v %v", r3, err)
	}
}
