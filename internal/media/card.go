package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// A Card is the picture shown when a page without an image of its own is
// shared: a ShareWidth×ShareHeight PNG with the title typeset in the site's
// colours, under the organisation's logo and name. The fonts are the Go
// fonts (BSD licence), embedded in the binary, so the same card gives the
// same bytes on every machine.
type Card struct {
	// Kind is the label above the title ("Tribune"), shown in capitals;
	// Title the page's title, typeset; Byline the line at the foot
	// ("Claire Vasseur, présidente · 8 avril 2026").
	Kind, Title, Byline string
	// Name is the organisation's name, beside its logo.
	Name string
	// Logo is a PNG or JPEG logo (nil for none), shown on a light backing
	// whatever the background.
	Logo []byte
	// Background, Text and Accent are the card's colours.
	Background, Text, Accent color.RGBA
}

// cardVersion changes when the drawing changes, so that cards kept by an
// earlier version are drawn again.
const cardVersion = "card-4"

// Key identifies what the card shows: two cards with one key are the
// same picture.
func (c Card) Key() [sha256.Size]byte {
	h := sha256.New()
	for _, s := range []string{cardVersion, c.Kind, c.Title, c.Byline, c.Name} {
		binary.Write(h, binary.LittleEndian, uint64(len(s)))
		h.Write([]byte(s))
	}
	binary.Write(h, binary.LittleEndian, uint64(len(c.Logo)))
	h.Write(c.Logo)
	for _, col := range []color.RGBA{c.Background, c.Text, c.Accent} {
		h.Write([]byte{col.R, col.G, col.B, col.A})
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// parsed are the fonts (bold, regular), parsed once: read only after.
var parsed = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var fs [2]*opentype.Font
	var err error
	for i, ttf := range [][]byte{gobold.TTF, goregular.TTF} {
		if fs[i], err = opentype.Parse(ttf); err != nil {
			return fs, err
		}
	}
	return fs, nil
})

// The fonts of parsed.
const (
	bold = iota
	regular
)

// The card's layout, in pixels.
const (
	cardMargin   = 80
	cardTextW    = ShareWidth - 2*cardMargin
	cardBand     = 14  // the accent band at the foot
	cardTitleTop = 250 // the first title line's top
	cardFootY    = ShareHeight - cardBand - 48
)

// A Painter draws cards, keeping what the cards of a site share: each
// font at each size with the glyphs drawn in it, and the top of the card
// (colours, band, logo and name), drawn once. It is safe for concurrent
// use.
type Painter struct {
	mu    sync.Mutex
	faces map[faceKey]*sized
	tops  map[[sha256.Size]byte]*top
	// pix are pictures' pixels, and encoders the PNG encoder's buffers,
	// used again from one card to the next: a build of thousands of cards
	// would otherwise spend its time collecting them.
	pix      sync.Pool
	encoders encoders
}

// encoders keeps the PNG encoder's buffers for the next card.
type encoders struct{ p sync.Pool }

func (e *encoders) Get() *png.EncoderBuffer {
	b, _ := e.p.Get().(*png.EncoderBuffer)
	return b
}

func (e *encoders) Put(b *png.EncoderBuffer) { e.p.Put(b) }

type faceKey struct {
	font int
	size float64
}

// NewPainter returns a Painter with nothing drawn yet.
func NewPainter() *Painter {
	return &Painter{faces: map[faceKey]*sized{}, tops: map[[sha256.Size]byte]*top{}}
}

// PNG draws the card, as a new Painter would.
func (c Card) PNG() ([]byte, error) { return NewPainter().PNG(c) }

// face returns a font at a size, shared by the cards the painter draws.
func (pt *Painter) face(font int, size float64) (*sized, error) {
	k := faceKey{font, size}
	pt.mu.Lock()
	defer pt.mu.Unlock()
	if f, ok := pt.faces[k]; ok {
		return f, nil
	}
	fs, err := parsed()
	if err != nil {
		return nil, err
	}
	f, err := newSized(fs[font], size)
	if err != nil {
		return nil, err
	}
	pt.faces[k] = f
	return f, nil
}

// A top is what every card of a site shows alike: the background, the
// band at the foot, the logo and the name, with the palette of the text
// drawn over them.
type top struct {
	once                sync.Once
	img                 *image.Paletted
	text, accent, muted uint8 // the first of the shades of each
	err                 error
}

func (pt *Painter) top(c Card) (*top, error) {
	h := sha256.New()
	for _, col := range []color.RGBA{c.Background, c.Text, c.Accent} {
		h.Write([]byte{col.R, col.G, col.B, col.A})
	}
	binary.Write(h, binary.LittleEndian, uint64(len(c.Name)))
	h.Write([]byte(c.Name))
	h.Write(c.Logo)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	pt.mu.Lock()
	t, ok := pt.tops[k]
	if !ok {
		t = &top{}
		pt.tops[k] = t
	}
	pt.mu.Unlock()
	t.once.Do(func() { t.err = pt.drawTop(t, c) })
	return t, t.err
}

func (pt *Painter) drawTop(t *top, c Card) error {
	cv := newCanvas(c.Background)
	t.text, t.accent = cv.shades(c.Text), cv.shades(c.Accent)
	t.muted = cv.shades(mix(c.Text, c.Background, 0.85))
	cv.fill(image.Rect(0, ShareHeight-cardBand, ShareWidth, ShareHeight), t.accent+shadeLevels-1)
	// The logo on a light backing, then the organisation's name.
	x := cardMargin
	if logo := makeLogo(c.Logo); logo != nil {
		const pad = 14
		box := image.Rect(x, 56, x+logo.w+2*pad, 56+logoHeight+2*pad)
		cv.roundRect(box, 12, cv.add(color.RGBA{255, 255, 255, 255}))
		cv.picture(image.Pt(box.Min.X+pad, box.Min.Y+pad), logo)
		x = box.Max.X + 28
	}
	if c.Name != "" {
		f, err := pt.face(bold, 34)
		if err != nil {
			return err
		}
		cv.text(f, t.text, x, 56+46+12, f.fit(c.Name, ShareWidth-cardMargin-x))
	}
	t.img = cv.img
	return nil
}

// PNG draws the card. It is drawn in at most 256 colours, the text's
// shades among them: a paletted PNG is small and quick to encode, which
// counts for a site of thousands of statements.
func (pt *Painter) PNG(c Card) ([]byte, error) {
	c.Kind, c.Title, c.Byline, c.Name = cardText(c.Kind), cardText(c.Title), cardText(c.Byline), cardText(c.Name)
	t, err := pt.top(c)
	if err != nil {
		return nil, err
	}
	img := *t.img
	pix, _ := pt.pix.Get().(*[]byte)
	if pix == nil {
		pix = new([]byte)
	}
	img.Pix = append((*pix)[:0], t.img.Pix...)
	defer func() { *pix = img.Pix; pt.pix.Put(pix) }()
	cv := &canvas{img: &img, bg: c.Background}

	if c.Kind != "" {
		f, err := pt.face(bold, 28)
		if err != nil {
			return nil, err
		}
		cv.text(f, t.accent, cardMargin, cardTitleTop-28, f.fit(strings.ToUpper(c.Kind), cardTextW))
	}

	// The title at the largest size that fits; at the smallest, what does
	// not fit ends with an ellipsis.
	sizes := []float64{72, 64, 56, 50}
	for i, size := range sizes {
		f, err := pt.face(bold, size)
		if err != nil {
			return nil, err
		}
		lineH := int(size * 1.17)
		maxLines := (cardFootY - 40 - cardTitleTop) / lineH
		lines, whole := f.wrap(c.Title, cardTextW, maxLines)
		if whole || i == len(sizes)-1 {
			y := cardTitleTop + int(size*0.9)
			for _, l := range lines {
				cv.text(f, t.text, cardMargin, y, l)
				y += lineH
			}
			break
		}
	}

	if c.Byline != "" {
		f, err := pt.face(regular, 30)
		if err != nil {
			return nil, err
		}
		cv.text(f, t.muted, cardMargin, cardFootY, f.fit(c.Byline, cardTextW))
	}

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pt.encoders}
	if err := enc.Encode(&buf, cv.img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// shadeLevels is the number of shades of a colour over the background
// that text is drawn with (its anti-aliasing).
const shadeLevels = 16

// canvas is a paletted image being drawn: every colour drawn is in its
// palette, added as it is first needed.
type canvas struct {
	img *image.Paletted
	bg  color.RGBA
}

func newCanvas(bg color.RGBA) *canvas {
	return &canvas{img: image.NewPaletted(image.Rect(0, 0, ShareWidth, ShareHeight), color.Palette{bg}), bg: bg}
}

// add puts col in the palette and returns its index.
func (cv *canvas) add(col color.RGBA) uint8 {
	for i, p := range cv.img.Palette {
		if p == col {
			return uint8(i)
		}
	}
	cv.img.Palette = append(cv.img.Palette, col)
	return uint8(len(cv.img.Palette) - 1)
}

// shades adds the shadeLevels shades of col over the background, the
// last one col itself, and returns the index of the first.
func (cv *canvas) shades(col color.RGBA) uint8 {
	first := len(cv.img.Palette)
	for k := 1; k <= shadeLevels; k++ {
		cv.img.Palette = append(cv.img.Palette, mix(col, cv.bg, float64(k)/shadeLevels))
	}
	return uint8(first)
}

func (cv *canvas) fill(r image.Rectangle, i uint8) {
	r = r.Intersect(cv.img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := cv.img.Pix[cv.img.PixOffset(r.Min.X, y):cv.img.PixOffset(r.Max.X, y)]
		for x := range row {
			row[x] = i
		}
	}
}

// roundRect fills r with rounded corners of radius rad.
func (cv *canvas) roundRect(r image.Rectangle, rad int, i uint8) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			dx, dy := 0, 0
			switch {
			case x < r.Min.X+rad:
				dx = r.Min.X + rad - x
			case x >= r.Max.X-rad:
				dx = x - (r.Max.X - rad - 1)
			}
			switch {
			case y < r.Min.Y+rad:
				dy = r.Min.Y + rad - y
			case y >= r.Max.Y-rad:
				dy = y - (r.Max.Y - rad - 1)
			}
			if dx*dx+dy*dy <= rad*rad {
				cv.img.SetColorIndex(x, y, i)
			}
		}
	}
}

// picture draws a logo at p.
func (cv *canvas) picture(p image.Point, l *logo) {
	if len(l.colors) > 256-len(cv.img.Palette) {
		return
	}
	first := len(cv.img.Palette)
	cv.img.Palette = append(cv.img.Palette, l.colors...)
	for y := range logoHeight {
		row := cv.img.Pix[cv.img.PixOffset(p.X, p.Y+y):]
		for x := range l.w {
			row[x] = uint8(first) + l.pix[y*l.w+x]
		}
	}
}

// The logo's height on a card.
const logoHeight = 64

// A logo is a logo made ready for cards: scaled, on white, its colours
// rounded as coarsely as needed to leave room in a card's palette.
type logo struct {
	w      int
	colors []color.Color
	pix    []uint8 // indices into colors, row by row
}

func makeLogo(data []byte) *logo {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	b := src.Bounds()
	if b.Dx() == 0 || b.Dy() == 0 {
		return nil
	}
	w := max(1, min(b.Dx()*logoHeight/b.Dy(), 420))
	pic := image.NewRGBA(image.Rect(0, 0, w, logoHeight))
	draw.Draw(pic, pic.Bounds(), image.White, image.Point{}, draw.Src)
	draw.CatmullRom.Scale(pic, pic.Bounds(), src, b, draw.Over, nil)
	for _, step := range []int{4, 8, 16, 32, 64, 128} {
		round := func(v uint8) uint8 { return uint8(min(255, (int(v)+step/2)/step*step)) }
		l := &logo{w: w, pix: make([]uint8, 0, w*logoHeight)}
		index := map[color.RGBA]uint8{}
		for i := 0; i < len(pic.Pix) && len(index) <= 200; i += 4 {
			col := color.RGBA{round(pic.Pix[i]), round(pic.Pix[i+1]), round(pic.Pix[i+2]), 255}
			n, ok := index[col]
			if !ok {
				n = uint8(len(index))
				index[col] = n
				l.colors = append(l.colors, col)
			}
			l.pix = append(l.pix, n)
		}
		if len(index) <= 200 {
			return l
		}
	}
	return nil
}

// text draws s with its baseline at y, in the shades from first on. Each
// glyph is drawn at a whole pixel, so that its mask can be kept.
func (cv *canvas) text(f *sized, first uint8, x, y int, s string) {
	f.glyphs(s, func(g rune, dot fixed.Int26_6) {
		m := f.mask(g)
		if m == nil || g == '\u202f' || g == '\u00a0' {
			return
		}
		at := image.Pt((fixed.I(x) + dot).Round(), y)
		for my := m.rect.Min.Y; my < m.rect.Max.Y; my++ {
			py := at.Y + my
			if py < 0 || py >= ShareHeight {
				continue
			}
			row := m.alpha.Pix[(my-m.rect.Min.Y)*m.alpha.Stride:]
			for mx := m.rect.Min.X; mx < m.rect.Max.X; mx++ {
				px := at.X + mx
				level := (int(row[mx-m.rect.Min.X])*shadeLevels + 127) / 255
				if level > 0 && px >= 0 && px < ShareWidth {
					cv.img.Pix[py*cv.img.Stride+px] = first + uint8(level-1)
				}
			}
		}
	})
}

// glyphs lays s out: it calls at for each glyph drawn, with its pen
// position from the start, and returns the width of the whole. text and
// measure go through it, so that what is measured is what is drawn.
func (f *sized) glyphs(s string, at func(g rune, dot fixed.Int26_6)) fixed.Int26_6 {
	var dot fixed.Int26_6
	var prev rune = -1
	for _, r := range s {
		g := glyph(f, r)
		if g == 0 {
			continue
		}
		if prev >= 0 {
			dot += f.kern(prev, g)
		}
		prev = g
		if at != nil {
			at(g, dot)
		}
		adv, _ := f.advance(g)
		dot += adv
	}
	return dot
}

// sized is a font at a size, with what has been asked of it kept: the
// advance of each character, the kerning of pairs, the mask of each glyph.
// It is safe for concurrent use (a font.Face is not).
type sized struct {
	mu    sync.Mutex
	face  font.Face
	adv   map[rune]advance
	kerns map[[2]rune]fixed.Int26_6
	masks map[rune]*glyphMask
}

type advance struct {
	w  fixed.Int26_6
	ok bool
}

// glyphMask is a glyph drawn at the origin: its coverage over rect, in
// pixels from the dot.
type glyphMask struct {
	rect  image.Rectangle
	alpha *image.Alpha
}

func newSized(f *opentype.Font, size float64) (*sized, error) {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	return &sized{face: face, adv: map[rune]advance{}, kerns: map[[2]rune]fixed.Int26_6{}, masks: map[rune]*glyphMask{}}, nil
}

// advance is the width of r; no-break spaces, which the fonts lack, are a
// space (U+00A0) and three fifths of one (U+202F).
func (f *sized) advance(r rune) (fixed.Int26_6, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.adv[r]; ok {
		return a.w, a.ok
	}
	var a advance
	switch r {
	case '\u00a0', '\u202f':
		a.w, _ = f.face.GlyphAdvance(' ')
		if r == '\u202f' {
			a.w = a.w * 3 / 5
		}
		a.ok = true
	default:
		a.w, a.ok = f.face.GlyphAdvance(r)
	}
	f.adv[r] = a
	return a.w, a.ok
}

func (f *sized) kern(a, b rune) fixed.Int26_6 {
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.kerns[[2]rune{a, b}]
	if !ok {
		k = f.face.Kern(a, b)
		f.kerns[[2]rune{a, b}] = k
	}
	return k
}

func (f *sized) mask(r rune) *glyphMask {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.masks[r]; ok {
		return m
	}
	var m *glyphMask
	dr, mask, mp, _, ok := f.face.Glyph(fixed.Point26_6{}, r)
	if ok && !dr.Empty() {
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(a, a.Bounds(), mask, mp, draw.Src)
		m = &glyphMask{rect: dr, alpha: a}
	}
	f.masks[r] = m
	return m
}

// glyph is the character drawn for r, 0 for none: the fonts lack a few
// that French typography uses, drawn as their nearest; a letter of another
// script is drawn "?", and what else they lack (emoji, invisible and
// direction marks) is left out.
func glyph(f *sized, r rune) rune {
	switch r {
	case '\u202f', '\u00a0':
		return r
	case '\u2011':
		return '-'
	}
	if _, ok := f.advance(r); ok && !unicode.Is(unicode.Cf, r) && !unicode.IsControl(r) {
		return r
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return '?'
	}
	return 0
}

// measure is the width of s as text draws it.
func (f *sized) measure(s string) fixed.Int26_6 { return f.glyphs(s, nil) }

const ellipsis = "…"

// fit shortens s, with an ellipsis, to width pixels.
func (f *sized) fit(s string, width int) string {
	limit := fixed.I(width)
	if f.measure(s) <= limit {
		return s
	}
	for s != "" {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
		t := strings.TrimRight(s, " \u00a0\u202f,;:")
		if f.measure(t+ellipsis) <= limit {
			return t + ellipsis
		}
	}
	return ellipsis
}

// wrap breaks s into at most max lines of width pixels, at spaces (never
// at the no-break spaces typography puts before « : » or inside « 12 000 »).
// whole says that all of s fits; if not, the last line ends with an
// ellipsis.
func (f *sized) wrap(s string, width, max int) (lines []string, whole bool) {
	limit := fixed.I(width)
	words := strings.Split(s, " ")
	line := ""
	for i, w := range words {
		if w == "" {
			continue
		}
		try := w
		if line != "" {
			try = line + " " + w
		}
		if f.measure(try) <= limit || line == "" {
			line = try
			if f.measure(line) > limit { // one word wider than a line
				line = f.fit(line, width)
				if len(lines)+1 == max || i == len(words)-1 {
					return append(lines, line), false
				}
				lines, line = append(lines, line), ""
			}
			continue
		}
		if len(lines)+1 == max {
			rest := strings.Join(append([]string{line}, words[i:]...), " ")
			return append(lines, f.fit(rest, width)), false
		}
		lines, line = append(lines, line), w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines, true
}

// cardText is s as a card draws it: composed (an "é" pasted as "e" and
// an accent is one letter, which the fonts have), every space that breaks
// a line (a tab, a line break, U+2028) a plain space.
func cardText(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' && r != '\u2007'
	}), " ")
}

// mix blends a over b: share 1 is a.
func mix(a, b color.RGBA, share float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x)*share + float64(y)*(1-share) + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}
