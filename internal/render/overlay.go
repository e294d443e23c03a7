package render

import (
	"errors"
	"io/fs"
	"sort"
)

// Overlay is a file system whose files come from top when top has them,
// else from base: a site's layouts/ and static/ override the built-in ones
// file by file.
type Overlay struct {
	Top, Base fs.FS
}

// Open opens name from the top layer, falling back to the base.
func (o Overlay) Open(name string) (fs.File, error) {
	if o.Top != nil {
		f, err := o.Top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Base.Open(name)
}

// InTop reports whether name comes from the top layer.
func (o Overlay) InTop(name string) bool {
	if o.Top == nil {
		return false
	}
	_, err := fs.Stat(o.Top, name)
	return err == nil
}

// Files lists every regular file of both layers, sorted, each once.
func (o Overlay) Files() ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, layer := range []fs.FS{o.Top, o.Base} {
		if layer == nil {
			continue
		}
		err := fs.WalkDir(layer, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "." && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if d.IsDir() {
				if p != "." && d.Name()[0] == '.' {
					return fs.SkipDir
				}
				return nil
			}
			if d.Name()[0] == '.' || seen[p] {
				return nil
			}
			seen[p] = true
			out = append(out, p)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
