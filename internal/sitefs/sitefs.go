// Package sitefs opens a site folder as a file system that no symbolic link
// can leave (an os.Root), and reads many of its files in a batch, keeping
// their folders open, without an os.File for each.
package sitefs

import (
	"io/fs"
	"os"
	"path"
	"sync"
)

// FS is a site folder. It implements fs.StatFS, fs.ReadFileFS,
// fs.ReadDirFS and fs.ReadLinkFS as os.Root's FS does.
type FS struct {
	root *os.Root
	fsys fs.FS
}

// Open opens the folder dir.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, fsys: root.FS()}, nil
}

// Close closes the folder.
func (s *FS) Close() error { return s.root.Close() }

func (s *FS) Open(name string) (fs.File, error)          { return s.fsys.Open(name) }
func (s *FS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(s.fsys, name) }
func (s *FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fsys, name) }
func (s *FS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(s.fsys, name) }
func (s *FS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(s.fsys, name) }
func (s *FS) ReadLink(name string) (string, error)       { return fs.ReadLink(s.fsys, name) }

// maxOpenDirs bounds the folders a batch keeps open, so that a site of
// thousands of folders does not run out of file descriptors: files in
// the others are read through the root.
const maxOpenDirs = 64

// A Batch reads files of the folder, keeping the folders it reads from
// (up to maxOpenDirs) open until Close. It is safe for concurrent use. A folder renamed
// during the batch may still be read under its former name, so a batch
// should last one pass over the files, not a session.
type Batch struct {
	fs   *FS
	mu   sync.Mutex
	dirs map[string]*os.File // nil: could not be opened
}

// Batch starts a batch of reads.
func (s *FS) Batch() *Batch { return &Batch{fs: s, dirs: map[string]*os.File{}} }

// ReadFile reads the file name as FS.ReadFile does, with the same result.
// A plain file is read straight from its open folder; anything else (a
// symbolic link, a special file, an error) goes through the root.
func (b *Batch) ReadFile(name string) ([]byte, error) {
	return b.ReadFileTo(nil, name)
}

// ReadFileTo is ReadFile reading into buf, whose bytes it may overwrite,
// when buf is large enough.
func (b *Batch) ReadFileTo(buf []byte, name string) ([]byte, error) {
	if fs.ValidPath(name) && name != "." {
		dir, base := path.Split(name)
		if dir == "" {
			dir = "."
		} else {
			dir = dir[:len(dir)-1]
		}
		if d := b.dir(dir); d != nil {
			if data, ok := readIn(buf, d, base); ok {
				return data, nil
			}
		}
	}
	return b.fs.ReadFile(name)
}

func (b *Batch) dir(name string) *os.File {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dirs == nil { // closed
		return nil
	}
	d, ok := b.dirs[name]
	if !ok {
		if len(b.dirs) >= maxOpenDirs {
			return nil // the root reads the file
		}
		d, _ = b.fs.root.Open(name)
		if d != nil {
			if info, err := d.Stat(); err != nil || !info.IsDir() {
				d.Close()
				d = nil
			}
		}
		b.dirs[name] = d
	}
	return d
}

// Close closes the folders the batch opened. Reads after it go through
// the root.
func (b *Batch) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range b.dirs {
		if d != nil {
			d.Close()
		}
	}
	b.dirs = nil
}
