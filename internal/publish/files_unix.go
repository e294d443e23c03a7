//go:build unix

package publish

import (
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// stageDir is the open staging folder. Its files are made relative to it
// with plain system calls: an os.File's set-up (non-blocking mode, the
// poller, a finalizer) is of no use for a file written whole and closed,
// and cost a build of thousands of pages a few percent of its time.
type stageDir struct {
	fd   int
	path string
}

func openStageDir(path string) (stageDir, error) {
	fd, err := retry(func() (int, error) {
		return unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return stageDir{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return stageDir{fd: fd, path: path}, nil
}

// mkdir makes the folder name (a relative path in the system's form).
func (d stageDir) mkdir(name string) error {
	if _, err := retry(func() (int, error) { return 0, unix.Mkdirat(d.fd, name, 0o755) }); err != nil {
		return &fs.PathError{Op: "mkdir", Path: filepath.Join(d.path, name), Err: err}
	}
	return nil
}

// writeFile writes data to the new file name (a relative path in the
// system's form).
func (d stageDir) writeFile(name string, data []byte) error {
	fd, err := retry(func() (int, error) {
		return unix.Openat(d.fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: filepath.Join(d.path, name), Err: err}
	}
	for len(data) > 0 && err == nil {
		// At most 1 GiB at a time: some systems refuse larger writes.
		chunk := data[:min(len(data), 1<<30)]
		var n int
		if n, err = retry(func() (int, error) { return unix.Write(fd, chunk) }); err == nil {
			data = data[n:]
		}
	}
	op := "write"
	if cerr := unix.Close(fd); err == nil && cerr != nil {
		op, err = "close", cerr
	}
	if err != nil {
		return &fs.PathError{Op: op, Path: filepath.Join(d.path, name), Err: err}
	}
	return nil
}

func (d stageDir) close() {
	if d.path != "" { // opened
		unix.Close(d.fd)
	}
}

// retry calls f again while it is interrupted by a signal.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
