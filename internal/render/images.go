package render

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// Image is what layouts know of an image file: its size, its resized
// copies and its copy for sharing.
type Image struct {
	Width, Height int
	// Srcset lists the resized copies and the original with their widths,
	// for the srcset attribute; empty when there are none.
	Srcset string
	// Share is the URL of the 1200×630 copy for og:image, if any.
	Share string
}

// Sizes tells browsers how wide images are shown: the text column.
const Sizes = "(min-width: 48rem) 46rem, 100vw"

// Img describes the image at a site path, or nil when it is not known.
func (d *Data) Img(src string) *Image {
	if img, ok := d.extra.Images[src]; ok {
		return &img
	}
	return nil
}

// Sizes is the sizes attribute of images shown in the text column.
func (d *Data) Sizes() string { return Sizes }

var imgTag = regexp.MustCompile(`<img src="([^"]*)"`)

// images gives the body's images their dimensions, so the page does not
// shift as they load, their resized copies, and lazy loading: they come
// after the title and standfirst, below the fold.
func (d *Data) images(html string, base string) string {
	if len(d.extra.Images) == 0 || !strings.Contains(html, "<img ") {
		return html
	}
	return imgTag.ReplaceAllStringFunc(html, func(m string) string {
		src := imgTag.FindStringSubmatch(m)[1]
		u, err := url.Parse(src)
		if err != nil || u.IsAbs() || u.Host != "" {
			return m
		}
		p := u.Path
		if !strings.HasPrefix(p, "/") {
			p = path.Join(base, p)
		}
		img, ok := d.extra.Images[p]
		if !ok {
			return m + ` loading="lazy" decoding="async"`
		}
		out := m + fmt.Sprintf(` width="%d" height="%d" loading="lazy" decoding="async"`, img.Width, img.Height)
		if img.Srcset != "" {
			out += ` srcset="` + img.Srcset + `" sizes="` + Sizes + `"`
		}
		return out
	})
}
