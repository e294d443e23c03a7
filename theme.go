// Package tribune is tribune's built-in theme: the default layouts
// (layouts/) and the theme's stylesheet, search script and favicon
// (static/css, static/js, static/favicon.svg), embedded in the binary so
// that a folder holding only content/ builds. A site's own layouts/ and
// static/ files override them file by file.
//
// This repository is also the demo site: it uses these folders as its own,
// beside its content/, its site.toml and its other static files (documents,
// images, press kit), which are not embedded.
package tribune

import (
	"embed"
	"io/fs"
)

//go:embed layouts static/css static/js static/favicon.svg
var theme embed.FS

// Layouts are the default layouts (base.html, partials/…).
func Layouts() fs.FS { return sub("layouts") }

// Static are the theme's static files (css/style.css, js/search.js,
// favicon.svg).
func Static() fs.FS { return sub("static") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(theme, dir)
	if err != nil {
		panic(err) // the embedded folder exists by construction
	}
	return f
}
