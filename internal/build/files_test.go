package build

import (
	"context"
	"io/fs"
	"slices"
	"sync"
)

// built is a build whose files are kept in memory, for tests.
type built struct {
	*Result
	Files map[string][]byte
}

// Paths lists the output paths, sorted.
func (r *built) Paths() []string {
	out := make([]string, 0, len(r.Files))
	for p := range r.Files {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// runFS builds the site fsys once, keeping its files.
func runFS(ctx context.Context, fsys fs.FS, opts Options) (*built, error) {
	return runWith(ctx, New(fsys, nil), opts)
}

// runWith builds with b, keeping the files.
func runWith(ctx context.Context, b *Builder, opts Options) (*built, error) {
	var mu sync.Mutex
	files := map[string][]byte{}
	res, err := b.Run(ctx, opts, func(name string, data []byte) {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := files[name]; dup {
			panic("written twice: " + name)
		}
		files[name] = data
	})
	if err != nil {
		return nil, err
	}
	return &built{res, files}, nil
}
