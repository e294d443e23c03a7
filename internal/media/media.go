// Package media reads what pages say about files: their format and, for
// images, their dimensions.
package media

import (
	"bytes"
	"image"
	_ "image/gif" // registered for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Info describes a static file.
type Info struct {
	Size          int64
	Width, Height int // zero when unknown or not an image
	Format        string
}

// IsImage reports whether the file is a picture.
func (i Info) IsImage() bool { return i.Width > 0 && i.Height > 0 }

// Describe reads the format and dimensions of the file name holding data.
func Describe(name string, data []byte) Info {
	info := Info{Size: int64(len(data)), Format: Format(name)}
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif":
		if c, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
			info.Width, info.Height = c.Width, c.Height
		}
	case ".svg":
		info.Width, info.Height = svgSize(data)
	}
	return info
}

// Format names a file's format for readers: "PDF", "JPEG", "SVG".
func Format(name string) string {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	switch ext {
	case "jpg", "jpeg":
		return "JPEG"
	case "doc", "docx":
		return "Word"
	case "odt":
		return "OpenDocument"
	case "":
		return ""
	}
	return strings.ToUpper(ext)
}

var (
	svgTag     = regexp.MustCompile(`(?s)<svg\b[^>]*>`)
	svgWidth   = regexp.MustCompile(`\swidth\s*=\s*["']\s*([0-9.]+)(px)?\s*["']`)
	svgHeight  = regexp.MustCompile(`\sheight\s*=\s*["']\s*([0-9.]+)(px)?\s*["']`)
	svgViewBox = regexp.MustCompile(`\sviewBox\s*=\s*["']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*["']`)
)

// svgSize reads an SVG's intrinsic size from its width and height in pixels,
// else from its viewBox.
func svgSize(data []byte) (int, int) {
	tag := svgTag.Find(data)
	if tag == nil {
		return 0, 0
	}
	if w, h := svgWidth.FindSubmatch(tag), svgHeight.FindSubmatch(tag); w != nil && h != nil {
		if wf, hf := atof(w[1]), atof(h[1]); wf > 0 && hf > 0 {
			return int(wf + 0.5), int(hf + 0.5)
		}
	}
	if vb := svgViewBox.FindSubmatch(tag); vb != nil {
		return int(atof(vb[1]) + 0.5), int(atof(vb[2]) + 0.5)
	}
	return 0, 0
}

func atof(b []byte) float64 {
	f, _ := strconv.ParseFloat(string(b), 64)
	return f
}
