package main

import (
	"errors"
	"os"
	"runtime"
	"runtime/pprof"
	"tribune/internal/locale"
)

// startProfiles starts the profiles asked for by build's -cpuprofile and
// -memprofile (file names; empty for none). stop writes them.
func startProfiles(cpu, mem string) (stop func() error, err error) {
	var cpuFile *os.File
	if cpu != "" {
		if cpuFile, err = os.Create(cpu); err != nil {
			return nil, locale.M("cannot write the profile (-cpuprofile): %v", err)
		}
		if err := pprof.StartCPUProfile(cpuFile); err != nil {
			cpuFile.Close()
			return nil, locale.M("cannot write the profile (-cpuprofile): %v", err)
		}
	}
	if mem != "" {
		// Every 4 KiB allocated is sampled, instead of every 512 KiB.
		runtime.MemProfileRate = 4096
	}
	return func() error {
		var errs []error
		if cpuFile != nil {
			pprof.StopCPUProfile()
			if err := cpuFile.Close(); err != nil {
				errs = append(errs, locale.M("cannot write the profile (-cpuprofile): %v", err))
			}
		}
		if mem != "" {
			runtime.GC() // the profile counts what the last collection saw
			if err := writeHeapProfile(mem); err != nil {
				errs = append(errs, locale.M("cannot write the profile (-memprofile): %v", err))
			}
		}
		return errors.Join(errs...)
	}, nil
}

func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
