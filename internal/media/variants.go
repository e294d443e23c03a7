package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"path"
	"strings"
	"sync"

	"golang.org/x/image/draw"
)

// Widths are the widths of the resized copies offered in srcset.
var Widths = []int{480, 800, 1200}

// Share is the size of the image shown when a page is shared (og:image).
const ShareWidth, ShareHeight = 1200, 630

// Variant is a resized copy of an image.
type Variant struct {
	Name  string // output path, next to the original ("images/x-480w.png")
	Width int
	Data  []byte
}

// Resizable reports whether Variants can make copies of the file.
func Resizable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg":
		return true
	}
	return false
}

// Variants makes the copies of a PNG or JPEG image narrower than it, one
// per width of Widths, and a copy cropped to ShareWidth×ShareHeight for
// sharing. name is the original's output path.
func Variants(name string, data []byte) (resized []Variant, share *Variant, err error) {
	src, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("decode %s: %w", name, err)
	}
	b := src.Bounds()
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for _, w := range Widths {
		if w >= b.Dx() {
			break
		}
		h := b.Dy() * w / b.Dx()
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
		out, err := encode(dst, format)
		if err != nil {
			return nil, nil, err
		}
		resized = append(resized, Variant{Name: fmt.Sprintf("%s-%dw%s", base, w, ext), Width: w, Data: out})
	}
	// Cover crop: the largest centred box of the share ratio, scaled.
	cw, ch := b.Dx(), b.Dx()*ShareHeight/ShareWidth
	if ch > b.Dy() {
		ch, cw = b.Dy(), b.Dy()*ShareWidth/ShareHeight
	}
	crop := image.Rect(b.Min.X+(b.Dx()-cw)/2, b.Min.Y+(b.Dy()-ch)/2, 0, 0)
	crop.Max = crop.Min.Add(image.Pt(cw, ch))
	dst := image.NewRGBA(image.Rect(0, 0, ShareWidth, ShareHeight))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, crop, draw.Src, nil)
	out, err := encode(dst, format)
	if err != nil {
		return nil, nil, err
	}
	return resized, &Variant{Name: base + "-partage" + ext, Width: ShareWidth, Data: out}, nil
}

func encode(img image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 82})
	} else {
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img)
	}
	return buf.Bytes(), err
}

// Cache keeps the copies made, by content, so that rebuilds do not make
// them again. It is safe for concurrent use.
type Cache struct {
	mu sync.Mutex
	m  map[string]cachedVariants
}

type cachedVariants struct {
	resized []Variant
	share   *Variant
}

// Get returns the copies of name with content data, making them if needed.
func (c *Cache) Get(name string, data []byte) ([]Variant, *Variant, error) {
	key := fmt.Sprintf("%s\x00%x", name, sum(data))
	c.mu.Lock()
	if v, ok := c.m[key]; ok {
		c.mu.Unlock()
		return v.resized, v.share, nil
	}
	c.mu.Unlock()
	resized, share, err := Variants(name, data)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]cachedVariants{}
	}
	c.m[key] = cachedVariants{resized, share}
	c.mu.Unlock()
	return resized, share, nil
}

func sum(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}
