package content

import (
	"context"
	"errors"
	"hash/maphash"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// File is one parsed content file.
type File struct {
	// Path is the slash path under content/ ("tribunes/x.md"); Source is
	// the path from the site's root used in messages ("content/tribunes/x.md").
	Path, Source string
	Format       Format
	Meta         Meta
	// Body is the Markdown after the front matter; BodyLine is the line of
	// its first byte in the original file.
	Body     []byte
	BodyLine int
	// Hash identifies the file's bytes, so unchanged files can be reused.
	Hash uint64
}

// Section is the first folder of the file's path ("" at the top level).
func (f *File) Section() string {
	if i := strings.IndexByte(f.Path, '/'); i >= 0 {
		return f.Path[:i]
	}
	return ""
}

// IsIndex reports whether the file is a section's _index.md.
func (f *File) IsIndex() bool { return path.Base(f.Path) == "_index.md" }

// Hash returns the hash Parse stores in File.Hash, so callers can check a
// cache before parsing. It identifies contents within one process only
// (its seed is drawn at start): nothing written out depends on it.
func Hash(data []byte) uint64 { return maphash.Bytes(hashSeed, data) }

var hashSeed = maphash.MakeSeed()

// Parse reads one content file. rel is its path under content/; loc is the
// site's time zone, used for dates written without an offset.
func Parse(rel string, data []byte, loc *time.Location) (*File, error) {
	f := &File{Path: rel, Source: "content/" + rel, Hash: Hash(data)}
	text, perr := normalize(f.Source, data)
	if perr != nil {
		return nil, ErrorList{perr}
	}
	format, fm, fmLine, body, bodyLine, perr := split(f.Source, text)
	if perr != nil {
		return nil, ErrorList{perr}
	}
	f.Format, f.Body, f.BodyLine = format, body, bodyLine
	root, errs := parseFrontMatter(f.Source, format, fm, fmLine)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	d := &decoder{file: f.Source, loc: loc, pos: map[string]Pos{}}
	d.meta(root, &f.Meta)
	f.Meta.Pos = d.pos
	if f.Meta.Title == "" && d.pos["title"] == (Pos{}) && len(d.errs) == 0 {
		// (With other errors, one of them is likely the title misspelt.)
		d.errs = append(d.errs, Errorf(f.Source, Pos{fmLine - 1, 1}, "missing required key \"title\""))
	}
	if f.IsIndex() {
		// A section's introduction is shown whenever the section is: a
		// state of its own would be ignored, which is worse than refused.
		for _, key := range []string{"draft", "embargo", "publishDate", "expiryDate", "embargoAccess"} {
			if pos, ok := d.pos[key]; ok {
				d.errs = append(d.errs, Errorf(f.Source, pos, "%s has no effect in a section's _index.md, which is published with its section: remove it (draft, embargo and expiryDate are for the statements and pages of the section)", key))
			}
		}
	}
	if !f.Meta.Expiry.IsZero() && !f.Meta.Embargo.IsZero() && !f.Meta.Expiry.After(f.Meta.Embargo) {
		// The text would never be public, and its copy for journalists
		// would outlive its withdrawal.
		key := "embargo"
		if _, ok := d.pos[key]; !ok {
			key = "publishDate"
		}
		d.errs = append(d.errs, Errorf(f.Source, d.pos["expiryDate"], "expiryDate is not after %s: the text would never be public; check both dates", key))
	}
	if f.Meta.Date.IsZero() && !f.IsIndex() {
		if pos, ok := d.pos["date"]; !ok {
			d.errs = append(d.errs, Errorf(f.Source, Pos{fmLine - 1, 1}, "missing required key \"date\""))
		} else if len(d.errs) == 0 {
			d.errs = append(d.errs, Errorf(f.Source, pos, "date must not be empty"))
		}
	}
	if len(d.errs) > 0 {
		return nil, d.errs.Err()
	}
	return f, nil
}

// Walk lists the Markdown files under content/ in fsys, sorted by path. A
// symbolic link is followed when it stays inside the site; one that loops,
// dangles or points outside is an error, as is a linked folder.
func Walk(ctx context.Context, fsys fs.FS) ([]string, error) {
	files, _, _, err := WalkLinks(ctx, fsys)
	return files, err
}

// WalkLinks is Walk, which also lists the comments files
// (CommentsFile), and the files that are symbolic links: a change of what
// they point to changes them without a change of their own.
func WalkLinks(ctx context.Context, fsys fs.FS) (files, comments, links []string, err error) {
	var errs ErrorList
	err = fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if p == "content" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			errs = append(errs, Errorf(p, Pos{}, "cannot read: %v", unwrapPath(err)))
			return nil
		}
		name := d.Name()
		if p != "content" && (strings.HasPrefix(name, ".") || (strings.HasPrefix(name, "_") && name != "_index.md")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		typ := d.Type()
		if typ&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			switch {
			case err != nil:
				errs = append(errs, Errorf(p, Pos{1, 1}, "broken symbolic link: it loops, dangles or points outside the site (%v)", unwrapPath(err)))
				return nil
			case info.IsDir():
				errs = append(errs, Errorf(p, Pos{1, 1}, "symbolic link to a folder: move or copy the folder into content/ instead"))
				return nil
			}
			typ = info.Mode().Type()
			if typ.IsRegular() && strings.HasSuffix(name, ".md") {
				links = append(links, strings.TrimPrefix(p, "content/"))
			}
		} else if d.IsDir() {
			return nil
		}
		if !typ.IsRegular() {
			// Reading a named pipe would wait for a writer forever.
			errs = append(errs, Errorf(p, Pos{1, 1}, "not a plain file (%v): remove it", typ))
			return nil
		}
		if strings.HasSuffix(name, ".comments.yaml") {
			comments = append(comments, strings.TrimPrefix(p, "content/"))
		}
		if strings.HasSuffix(name, ".md") {
			files = append(files, strings.TrimPrefix(p, "content/"))
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	sort.Strings(files)
	sort.Strings(comments)
	return files, comments, links, errs.Err()
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parseFrontMatter(file string, format Format, data []byte, line int) (*yaml.Node, ErrorList) {
	if format == TOML {
		return parseTOML(file, data, line)
	}
	return parseYAML(file, data, line)
}

// NoLinks reports an error when a folder or file on the way to name (a
// slash path in root, such as ".tribune/cache/images") is a symbolic link:
// tribune's own folder is used as it is, never through a link, which could
// lead its files into static/ and so onto the site. What does not exist
// yet is fine.
func NoLinks(root *os.Root, name string) error {
	p := ""
	for _, part := range strings.Split(name, "/") {
		p = path.Join(p, part)
		info, err := root.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return Errorf(p, Pos{}, "is a link: tribune keeps its own files there and follows no link; remove it (rm %s)", p)
		}
	}
	return nil
}
