package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"path/filepath"
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
// them again: in memory, and in Dir when it is set, so that the next run
// of the command finds them too. It is safe for concurrent use.
type Cache struct {
	Dir string
	mu  sync.Mutex
	m   map[string]cachedVariants
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
	resized, share, ok := c.load(name, data)
	if !ok {
		var err error
		resized, share, err = Variants(name, data)
		if err != nil {
			return nil, nil, err
		}
		c.store(name, data, resized, share)
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

// dir is where the copies of a file with content data are kept on disk.
func (c *Cache) dir(data []byte) string {
	return filepath.Join(c.Dir, fmt.Sprintf("%016x", sum(data)))
}

// load reads the copies of name from disk, when all of them are there.
func (c *Cache) load(name string, data []byte) ([]Variant, *Variant, bool) {
	if c.Dir == "" {
		return nil, nil, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, nil, false
	}
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	dir := c.dir(data)
	read := func(n string, w int) (Variant, bool) {
		b, err := os.ReadFile(filepath.Join(dir, path.Base(n)))
		return Variant{Name: n, Width: w, Data: b}, err == nil
	}
	var resized []Variant
	for _, w := range Widths {
		if w >= cfg.Width {
			break
		}
		v, ok := read(fmt.Sprintf("%s-%dw%s", base, w, ext), w)
		if !ok {
			return nil, nil, false
		}
		resized = append(resized, v)
	}
	share, ok := read(base+"-partage"+ext, ShareWidth)
	if !ok {
		return nil, nil, false
	}
	return resized, &share, true
}

// store writes the copies to disk; failing to is not an error, only a
// cache miss next time.
func (c *Cache) store(name string, data []byte, resized []Variant, share *Variant) {
	if c.Dir == "" {
		return
	}
	dir := c.dir(data)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	for _, v := range append(resized, *share) {
		tmp := filepath.Join(dir, "."+path.Base(v.Name)+".tmp")
		if os.WriteFile(tmp, v.Data, 0o644) == nil {
			os.Rename(tmp, filepath.Join(dir, path.Base(v.Name)))
		}
	}
}
