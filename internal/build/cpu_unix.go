//go:build unix

package build

import (
	"syscall"
	"time"
)

// CPUTime is the processor time the process has used so far, user and
// system, for -timings.
func CPUTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
