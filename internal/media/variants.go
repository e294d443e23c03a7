package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
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
	planned, sh := Plan(name, b.Dx())
	for _, v := range planned {
		dst := image.NewRGBA(image.Rect(0, 0, v.Width, b.Dy()*v.Width/b.Dx()))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
		if v.Data, err = encode(dst, format); err != nil {
			return nil, nil, err
		}
		resized = append(resized, v)
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
	if sh.Data, err = encode(dst, format); err != nil {
		return nil, nil, err
	}
	return resized, &sh, nil
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

// Plan names the copies Variants makes of the image name (an output
// path) whose width is width, without making them: Data is nil.
func Plan(name string, width int) (resized []Variant, share Variant) {
	for _, w := range Widths {
		if w >= width {
			break
		}
		resized = append(resized, Variant{Name: resizedName(name, w), Width: w})
	}
	return resized, Variant{Name: shareName(name), Width: ShareWidth}
}

// resizedName and shareName name the copies of the image name.
func resizedName(name string, width int) string {
	ext := path.Ext(name)
	return fmt.Sprintf("%s-%dw%s", strings.TrimSuffix(name, ext), width, ext)
}

func shareName(name string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "-partage" + ext
}

// Cache keeps the copies made, by the content of their original, so that
// they are not made again: in memory, and in a folder when there is one,
// so that the next run of the command finds them too. It is safe for
// concurrent use.
type Cache struct {
	// dir, in root, is the folder of the copies kept between runs, made
	// when first needed: each original has a folder named by the SHA-256
	// of its content, holding a file per copy named by its width ("480w",
	// "partage"). With no root, copies are kept in memory only.
	root *os.Root
	dir  string
	mu   sync.Mutex
	m    map[[sha256.Size]byte]*made
}

// made is the copies of one original, made once.
type made struct {
	once    sync.Once
	resized []Variant
	share   Variant
	err     error
}

// NewCache returns a cache keeping copies in the folder dir of root
// between runs, or in memory only when root is nil.
func NewCache(root *os.Root, dir string) *Cache {
	return &Cache{root: root, dir: dir, m: map[[sha256.Size]byte]*made{}}
}

// Get returns the copies of the image name (an output path) holding
// data, making them if needed.
func (c *Cache) Get(name string, data []byte) ([]Variant, *Variant, error) {
	key := sha256.Sum256(data)
	c.mu.Lock()
	m, ok := c.m[key]
	if !ok {
		m = &made{}
		c.m[key] = m
	}
	c.mu.Unlock()
	m.once.Do(func() { m.resized, m.share, m.err = c.make(key, data) })
	if m.err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, m.err)
	}
	// The copies are named after this original.
	resized := make([]Variant, len(m.resized))
	for i, v := range m.resized {
		resized[i] = Variant{Name: resizedName(name, v.Width), Width: v.Width, Data: v.Data}
	}
	return resized, &Variant{Name: shareName(name), Width: ShareWidth, Data: m.share.Data}, nil
}

// make reads the copies of an original from the folder, or makes them
// (and stores them there).
func (c *Cache) make(key [sha256.Size]byte, data []byte) ([]Variant, Variant, error) {
	dir := path.Join(c.dir, hex.EncodeToString(key[:]))
	if resized, share, ok := c.load(dir, data); ok {
		return resized, share, nil
	}
	resized, share, err := Variants("x.img", data)
	if err != nil {
		return nil, Variant{}, err
	}
	c.store(dir, resized, *share)
	return resized, *share, nil
}

// load reads the copies from the folder, when all of them are there.
func (c *Cache) load(dir string, data []byte) ([]Variant, Variant, bool) {
	if c.root == nil {
		return nil, Variant{}, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, Variant{}, false
	}
	planned, share := Plan("x", cfg.Width)
	var resized []Variant
	for _, v := range planned {
		b, ok := c.read(dir, fmt.Sprintf("%dw", v.Width))
		if !ok {
			return nil, Variant{}, false
		}
		resized = append(resized, Variant{Width: v.Width, Data: b})
	}
	b, ok := c.read(dir, "partage")
	if !ok {
		return nil, Variant{}, false
	}
	share.Data = b
	return resized, share, true
}

// read reads a plain file of the cache: a named pipe would wait for ever.
func (c *Cache) read(dir, name string) ([]byte, bool) {
	p := path.Join(dir, name)
	if info, err := c.root.Lstat(p); err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	b, err := c.root.ReadFile(p)
	return b, err == nil
}

// store writes the copies to the folder; failing to is not an error, only
// a cache miss next time.
func (c *Cache) store(dir string, resized []Variant, share Variant) {
	if c.root == nil || c.root.MkdirAll(dir, 0o755) != nil {
		return
	}
	put := func(name string, data []byte) {
		tmp := path.Join(dir, "."+name+".tmp")
		if c.root.WriteFile(tmp, data, 0o644) == nil {
			c.root.Rename(tmp, path.Join(dir, name))
		}
	}
	for _, v := range resized {
		put(fmt.Sprintf("%dw", v.Width), v.Data)
	}
	put("partage", share.Data)
}
