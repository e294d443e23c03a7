package media

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/image/draw"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// Widths are the widths of the resized copies offered in srcset.
var Widths = []int{480, 800, 1200}

// MaxPixels bounds the images tribune resizes: 50 million pixels, more
// than any phone's photo.
const MaxPixels = 50_000_000

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
	// Decoded whole, an image takes 4 bytes a pixel: a file of a few
	// megabytes can hold one that would take the machine's memory.
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && cfg.Width*cfg.Height > MaxPixels {
		return nil, nil, locale.M("the image is %d × %d pixels: tribune resizes images of at most %d million pixels; make it smaller (a photo 6,000 pixels wide is more than enough)",
			cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
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
	// key signs the manifests of the folder (HMAC-SHA-256): it is kept
	// out of the site, so that no file of the site can pass for a copy.
	key     []byte
	mu      sync.Mutex
	m       map[[sha256.Size]byte]*made
	cards   map[[sha256.Size]byte]*madeCard
	painter *Painter
}

// madeCard is a share card, drawn once.
type madeCard struct {
	once sync.Once
	data []byte
	err  error
}

// made is the copies of one original, made once.
type made struct {
	once    sync.Once
	resized []Variant
	share   Variant
	err     error
}

// NewCache returns a cache keeping copies in the folder dir of root
// between runs, their manifests signed with key, or in memory only when
// root is nil.
func NewCache(root *os.Root, dir string, key []byte) *Cache {
	return &Cache{root: root, dir: dir, key: key, m: map[[sha256.Size]byte]*made{}, cards: map[[sha256.Size]byte]*madeCard{}, painter: NewPainter()}
}

// MachineKey is the key of this user's caches, made on first use in the
// user's cache folder ($XDG_CACHE_HOME/tribune/key, or the system's
// equivalent), outside every site. When it cannot be kept there, a key for
// this process only is returned: copies made are then not found again by
// the next run.
func MachineKey() []byte {
	key := make([]byte, 32)
	rand.Read(key)
	dir, err := os.UserCacheDir()
	if err != nil {
		return key
	}
	file := filepath.Join(dir, "tribune", "key")
	if b, err := os.ReadFile(file); err == nil && len(b) == len(key) {
		return b
	}
	if os.MkdirAll(filepath.Dir(file), 0o700) != nil {
		return key
	}
	// Two runs starting at once: the first key written is everyone's.
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if b, err := os.ReadFile(file); err == nil && len(b) == len(key) {
			return b
		}
		return key
	}
	_, werr := f.Write(key)
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(file)
	}
	return key
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
		return nil, nil, m.err
	}
	// The copies are named after this original.
	resized := make([]Variant, len(m.resized))
	for i, v := range m.resized {
		resized[i] = Variant{Name: resizedName(name, v.Width), Width: v.Width, Data: v.Data}
	}
	return resized, &Variant{Name: shareName(name), Width: ShareWidth, Data: m.share.Data}, nil
}

// Card returns the PNG of a share card. With a folder, cards are kept
// there by what they show (Card.Key), signed like the copies of images,
// and read from it again: a build of thousands of statements need not
// hold them all in memory. Without one, they are kept in memory.
func (c *Cache) Card(card Card) ([]byte, error) {
	key := card.Key()
	if c.root == nil {
		c.mu.Lock()
		m, ok := c.cards[key]
		if !ok {
			m = &madeCard{}
			c.cards[key] = m
		}
		c.mu.Unlock()
		m.once.Do(func() { m.data, m.err = c.painter.PNG(card) })
		return m.data, m.err
	}
	id := hex.EncodeToString(key[:])
	dir := path.Join(c.dir, "cards", id)
	if content.NoLinks(c.root, dir) == nil {
		if man, ok := c.read(dir, manifestName); ok {
			sums := parseManifest(man)
			b, ok := c.read(dir, "png")
			if ok && hmac.Equal([]byte(sums[sourceKey]), []byte(c.sum([]byte(id)))) && hmac.Equal([]byte(sums["png"]), []byte(c.sum(b))) {
				if cfg, f, err := image.DecodeConfig(bytes.NewReader(b)); err == nil && f == "png" && cfg.Width == ShareWidth && cfg.Height == ShareHeight {
					return b, nil
				}
			}
		}
	}
	data, err := c.painter.PNG(card)
	if err == nil {
		c.put(dir, []byte(id), map[string][]byte{"png": data})
	}
	return data, err
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
	c.store(dir, data, resized, *share)
	return resized, *share, nil
}

// load reads the copies from the folder, when all of them are there and
// are what the folder's manifest, signed with the key, says was made from
// this original: each file has the signature the manifest gives it and is
// an image of its width. A copy that was cut short, changed or put there
// by hand (or by a commit) is made again.
func (c *Cache) load(dir string, data []byte) ([]Variant, Variant, bool) {
	if c.root == nil || content.NoLinks(c.root, dir) != nil {
		return nil, Variant{}, false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, Variant{}, false
	}
	m, ok := c.read(dir, manifestName)
	if !ok {
		return nil, Variant{}, false
	}
	sums := parseManifest(m)
	if !hmac.Equal([]byte(sums[sourceKey]), []byte(c.sum(data))) {
		return nil, Variant{}, false
	}
	get := func(name string, width int) ([]byte, bool) {
		b, ok := c.read(dir, name)
		if !ok || !hmac.Equal([]byte(sums[name]), []byte(c.sum(b))) {
			return nil, false
		}
		got, f, err := image.DecodeConfig(bytes.NewReader(b))
		return b, err == nil && f == format && got.Width == width
	}
	planned, share := Plan("x", cfg.Width)
	var resized []Variant
	for _, v := range planned {
		b, ok := get(fmt.Sprintf("%dw", v.Width), v.Width)
		if !ok {
			return nil, Variant{}, false
		}
		resized = append(resized, Variant{Width: v.Width, Data: b})
	}
	if share.Data, ok = get("partage", ShareWidth); !ok {
		return nil, Variant{}, false
	}
	return resized, share, true
}

// The manifest of a folder of copies lists the signature (Cache.key) of
// the original ("source") and of each copy, a line each: "480w 9f86d0…".
const (
	manifestName = "manifest"
	sourceKey    = "source"
)

// sum signs the bytes of an original or of a copy.
func (c *Cache) sum(b []byte) string {
	h := hmac.New(sha256.New, c.key)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

func parseManifest(b []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if name, sum, ok := strings.Cut(line, " "); ok {
			out[name] = sum
		}
	}
	return out
}

// read reads a plain file of the cache: a named pipe would wait for ever,
// and a link is not followed.
func (c *Cache) read(dir, name string) ([]byte, bool) {
	p := path.Join(dir, name)
	if info, err := c.root.Lstat(p); err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	b, err := c.root.ReadFile(p)
	return b, err == nil
}

// store writes the copies to the folder, then their manifest; failing to
// is not an error, only a cache miss next time.
func (c *Cache) store(dir string, source []byte, resized []Variant, share Variant) {
	files := map[string][]byte{"partage": share.Data}
	for _, v := range resized {
		files[fmt.Sprintf("%dw", v.Width)] = v.Data
	}
	c.put(dir, source, files)
}

// put writes files to the folder dir, then their manifest, which signs
// source (what they were made from) and each file.
func (c *Cache) put(dir string, source []byte, files map[string][]byte) {
	// Never through a link: one to static/ would publish the copies.
	if c.root == nil || content.NoLinks(c.root, dir) != nil || c.root.MkdirAll(dir, 0o755) != nil {
		return
	}
	put := func(name string, data []byte) bool {
		tmp := path.Join(dir, "."+name+".tmp")
		c.root.Remove(tmp) // a link left there is not followed
		if c.root.WriteFile(tmp, data, 0o644) != nil {
			return false
		}
		return c.root.Rename(tmp, path.Join(dir, name)) == nil
	}
	manifest := sourceKey + " " + c.sum(source) + "\n"
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !put(name, files[name]) {
			return
		}
		manifest += name + " " + c.sum(files[name]) + "\n"
	}
	put(manifestName, []byte(manifest))
}
