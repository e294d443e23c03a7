//go:build !unix

package build

import "time"

// CPUTime is not measured here: -timings shows wall time only.
func CPUTime() time.Duration { return 0 }
