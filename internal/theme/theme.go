// Package theme holds tribune's built-in layouts and static files, embedded
// in the binary so that a folder holding only content/ builds. A site's own
// layouts/ and static/ files override them file by file.
package theme

import (
	"embed"
	"io/fs"
)

//go:embed layouts static
var files embed.FS

// Layouts are the built-in layouts (base.html, partials/…).
func Layouts() fs.FS { return sub("layouts") }

// Static are the built-in static files (css/style.css…).
func Static() fs.FS { return sub("static") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // the embedded folder exists by construction
	}
	return f
}
