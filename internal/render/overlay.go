package render

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"tribune/internal/content"
)

// Overlay is a file system whose files come from top when top has them,
// else from base: a site's layouts/ and static/ override the built-in ones
// file by file. Dir names the folder for messages ("static").
type Overlay struct {
	Top, Base fs.FS
	Dir       string
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

// Files lists every regular file of both layers, sorted, each once. A
// file of the site that is not a plain file (a named pipe, a device, a
// symbolic link that dangles, leads out of the site or to a folder) is an
// error naming it: reading a named pipe would wait for ever. The files
// listed are good even with errors. links are those of them that are
// symbolic links: a change of what they point to changes them without a
// change of their own.
func (o Overlay) Files() (files, links []string, err error) {
	seen := map[string]bool{}
	var errs content.ErrorList
	for _, layer := range []fs.FS{o.Top, o.Base} {
		if layer == nil {
			continue
		}
		err := fs.WalkDir(layer, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "." && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				errs = append(errs, content.Errorf(path.Join(o.Dir, p), content.Pos{}, "cannot read: %v", err))
				return nil
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
			typ := d.Type()
			if typ&fs.ModeSymlink != 0 {
				info, err := fs.Stat(layer, p)
				switch {
				case err != nil:
					errs = append(errs, content.Errorf(path.Join(o.Dir, p), content.Pos{}, "broken symbolic link: it loops, dangles or leads out of the site"))
					return nil
				case info.IsDir():
					errs = append(errs, content.Errorf(path.Join(o.Dir, p), content.Pos{}, "symbolic link to a folder: move or copy the folder here instead"))
					return nil
				}
				if target, err := fs.ReadLink(layer, p); err == nil && !path.IsAbs(target) {
					// Into the texts or tribune's own folder: a source,
					// perhaps a hidden text's, would be published as it is.
					to := path.Join(o.Dir, path.Dir(p), target)
					if to == "content" || strings.HasPrefix(to, "content/") || strings.HasPrefix(to, ".tribune/") || to == content.ConfigFile {
						errs = append(errs, content.Errorf(path.Join(o.Dir, p), content.Pos{}, "symbolic link to %s: the source of the site would be published as it is; copy what readers need here instead", to))
						return nil
					}
				}
				typ = info.Mode().Type()
				if typ.IsRegular() {
					links = append(links, p)
				}
			}
			if !typ.IsRegular() {
				errs = append(errs, content.Errorf(path.Join(o.Dir, p), content.Pos{}, "not a plain file (%v): remove it", typ))
				return nil
			}
			seen[p] = true
			files = append(files, p)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(files)
	return files, links, errs.Err()
}
