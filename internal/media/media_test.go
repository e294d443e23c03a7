package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var testKey = []byte("clé de test")

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
	first := NewCache(root, "cache/images", testKey)
	r1, s1, err := first.Get("images/x.png", buf.Bytes())
	if err != nil || len(r1) != 2 || s1 == nil || r1[0].Name != "images/x-480w.png" || s1.Name != "images/x-partage.png" {
		t.Fatalf("variants %v, share %v, %v", r1, s1, err)
	}
	// A new process: a new cache over the same folder reads the copies,
	// named after the original that asks for them.
	second := NewCache(root, "cache/images", testKey)
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

// A copy in the folder is used only when it is what the manifest says was
// made from this original; anything else is made again, and repaired.
func TestDiskCacheVerifiesCopies(t *testing.T) {
	pngOf := func(w, h int, shade byte) []byte {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = shade
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	original := pngOf(900, 600, 10)
	key := sha256.Sum256(original)
	dir := "cache/images/" + hex.EncodeToString(key[:])
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("root:x:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without the key, the best forgery signs with SHA-256 alone, or with
	// another key.
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	other, mine := NewCache(nil, "", []byte("une autre clé")), NewCache(nil, "", testKey)
	replace := func(r *os.Root, name string, data []byte, sig string) {
		r.WriteFile(dir+"/"+name, data, 0o644)
		m, _ := r.ReadFile(dir + "/manifest")
		lines := strings.Split(string(m), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, name+" ") {
				lines[i] = name + " " + sig
			}
		}
		r.WriteFile(dir+"/manifest", []byte(strings.Join(lines, "\n")), 0o644)
	}
	forged := pngOf(480, 320, 200)
	wide := pngOf(800, 100, 200)
	for name, tamper := range map[string]func(r *os.Root){
		"another image": func(r *os.Root) { r.WriteFile(dir+"/480w", forged, 0o644) },
		"cut short": func(r *os.Root) {
			b, _ := r.ReadFile(dir + "/partage")
			r.WriteFile(dir+"/partage", b[:len(b)/2], 0o644)
		},
		"no manifest":          func(r *os.Root) { r.Remove(dir + "/manifest") },
		"link out of the site": func(r *os.Root) { r.Remove(dir + "/480w"); os.Symlink(outside, filepath.Join(r.Name(), dir, "480w")) },
		// A copy replaced, and its line of the manifest with it.
		"manifest forged":                  func(r *os.Root) { replace(r, "480w", forged, sum(forged)) },
		"manifest signed with another key": func(r *os.Root) { replace(r, "480w", forged, other.sum(forged)) },
		"wrong width, right signature":     func(r *os.Root) { replace(r, "480w", wide, mine.sum(wide)) },
		"another original's manifest": func(r *os.Root) {
			m, _ := r.ReadFile(dir + "/manifest")
			r.WriteFile(dir+"/manifest", []byte(strings.Replace(string(m), "source "+mine.sum(original), "source "+mine.sum(forged), 1)), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			root, err := os.OpenRoot(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			want, wantShare, err := NewCache(root, "cache/images", testKey).Get("x.png", original)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, ok := NewCache(root, "cache/images", testKey).load(dir, original); !ok {
				t.Fatal("the copies just stored are not read back")
			}
			tamper(root)
			if _, _, ok := NewCache(root, "cache/images", testKey).load(dir, original); ok {
				t.Fatal("a tampered copy was read from the folder")
			}
			got, share, err := NewCache(root, "cache/images", testKey).Get("x.png", original)
			if err != nil || len(got) != len(want) || !bytes.Equal(share.Data, wantShare.Data) {
				t.Fatalf("copies made again: %v, %d copies", err, len(got))
			}
			for i := range got {
				if !bytes.Equal(got[i].Data, want[i].Data) {
					t.Errorf("copy %d differs from the one made from the original", i)
				}
			}
			if _, _, ok := NewCache(root, "cache/images", testKey).load(dir, original); !ok {
				t.Error("the folder was not repaired")
			}
			if b, _ := os.ReadFile(outside); string(b) != "root:x:0:0" {
				t.Error("a file outside the site was written through a link")
			}
		})
	}
}

func TestMachineKey(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("HOME", dir)
	a, b := MachineKey(), MachineKey()
	if len(a) != 32 || !bytes.Equal(a, b) {
		t.Fatalf("keys %x and %x: want the same 32 bytes twice", a, b)
	}
	info, err := os.Stat(filepath.Join(dir, "tribune", "key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, mode %v; want 0600", err, info)
	}
}

// The cache's folder is never reached through a link, even one that stays
// in the site: it could lead the copies into static/.
func TestDiskCacheFollowsNoLink(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "static", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "static", "x"), filepath.Join(dir, ".tribune")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 900, 600))); err != nil {
		t.Fatal(err)
	}
	if _, _, err := NewCache(root, ".tribune/cache/images", testKey).Get("x.png", buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "static", "x")); len(entries) > 0 {
		t.Errorf("copies written through the link: %v", entries)
	}
}
