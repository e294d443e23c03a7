//go:build unix

package publish

import (
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// processAlive reports whether the process pid still runs (or may: when
// it cannot be told, it is taken as running).
func processAlive(pid string) bool {
	n, err := strconv.Atoi(pid)
	if err != nil {
		return true
	}
	return syscall.Kill(n, 0) != syscall.ESRCH
}

// writable reports whether this process may create and remove entries in
// the folder dir.
func writable(dir string) bool {
	return unix.Access(dir, unix.W_OK|unix.X_OK) == nil
}
