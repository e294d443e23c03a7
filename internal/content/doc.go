// Package content reads a tribune site's sources: site.toml and the Markdown
// files under content/, each opened by front matter. It knows nothing of
// Markdown or HTML: it splits front matter from the body (keeping the body's
// line numbers), decodes the front matter into typed values and reports every
// problem as a positioned error, "file:line:col: message", with the line
// counted in the original file.
//
// # Files
//
// A content file is UTF-8 Markdown (a byte-order mark is removed, CRLF line
// endings are read as LF) that starts with front matter, either YAML between
// two "---" lines or TOML between two "+++" lines. Folders are sections:
// content/tribunes/ holds op-eds, content/communiques/ press releases, any
// other folder a plain section. content/presse.md, when present, gives the
// press room (/presse/) its title and introduction. content/<section>/_index.md gives a section
// its title and introduction; content/_index.md does the same for the home
// page. Files and folders whose name starts with "." or "_" (but _index.md)
// are ignored, and so is every file that does not end in ".md".
//
// # Front matter and settings
//
// The keys of the front matter and the settings of site.toml are described
// once, in fields.go (FrontMatter, Settings), in French and in English:
// "tribune help fields" and "tribune help settings" print them, GUIDE.md
// holds them, and a test checks that every key the decoders read is there.
package content
