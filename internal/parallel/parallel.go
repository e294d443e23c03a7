// Package parallel runs the iterations of a loop on several goroutines:
// tribune's stages work page by page, file by file, on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0) … f(n-1) on as many goroutines as there are cores, and
// returns when all calls have.
func For(n int, f func(i int)) { ForN(n, runtime.GOMAXPROCS(0), f) }

// ForN is For on the given number of goroutines: more than the cores for
// work that mostly waits (file system calls).
func ForN(n, workers int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
