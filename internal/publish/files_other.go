//go:build !unix

package publish

import (
	"os"
	"path/filepath"
)

// stageDir is the staging folder; here its files are made through package
// os.
type stageDir struct{ path string }

func openStageDir(path string) (stageDir, error) { return stageDir{path: path}, nil }

func (d stageDir) mkdir(name string) error { return os.Mkdir(filepath.Join(d.path, name), 0o755) }

func (d stageDir) writeFile(name string, data []byte) error {
	return os.WriteFile(filepath.Join(d.path, name), data, 0o644)
}

func (d stageDir) close() {}
