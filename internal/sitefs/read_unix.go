//go:build unix

package sitefs

import (
	"os"

	"golang.org/x/sys/unix"
)

// readIn reads the plain file base of the open folder dir, if it is one:
// base is a single name, and O_NOFOLLOW refuses a symbolic link, so the
// file read is inside the folder.
func readIn(buf []byte, dir *os.File, base string) ([]byte, bool) {
	conn, err := dir.SyscallConn()
	if err != nil {
		return nil, false
	}
	var data []byte
	var ok bool
	conn.Control(func(dfd uintptr) { data, ok = readAt(buf, int(dfd), base) })
	return data, ok
}

func readAt(buf []byte, dfd int, base string) ([]byte, bool) {
	fd, err := retry(func() (int, error) {
		return unix.Openat(dfd, base, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	})
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false
	}
	// One byte more than the size, to see the end of the file in the first
	// read; the file may have grown since.
	data := buf[:0]
	if int64(cap(data)) < st.Size+1 {
		data = make([]byte, 0, st.Size+1)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := retry(func() (int, error) { return unix.Read(fd, data[len(data):cap(data)]) })
		if err != nil {
			return nil, false
		}
		if n == 0 {
			return data, true
		}
		data = data[:len(data)+n]
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
