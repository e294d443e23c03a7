package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildProfiles writes the profiles -cpuprofile and -memprofile ask
// for, as gzipped protocol buffers pprof reads, and reports a file it
// cannot create as an error.
func TestBuildProfiles(t *testing.T) {
	src := newSite(t)
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	r := tribune(t, "build", "-src", src, "-at", at, "-cpuprofile", cpu, "-memprofile", mem)
	if r.err != nil {
		t.Fatal(r.err, r.stderr)
	}
	for _, p := range []string{cpu, mem} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			t.Errorf("%s is not gzipped: % x", p, b[:min(len(b), 8)])
		}
	}
	r = tribune(t, "build", "-src", src, "-at", at, "-cpuprofile", filepath.Join(dir, "missing", "cpu.prof"))
	if r.err == nil || !strings.Contains(r.err.Error(), "-cpuprofile") {
		t.Errorf("a profile that cannot be written: %v", r.err)
	}
	r = tribune(t, "build", "-src", src, "-at", at, "-memprofile", filepath.Join(dir, "missing", "mem.prof"))
	if r.err == nil || !strings.Contains(r.err.Error(), "-memprofile") {
		t.Errorf("a profile that cannot be written: %v", r.err)
	}
}
