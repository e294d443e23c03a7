package main

import (
	"os"
	"testing"
)

// TestMain lets tests run the command in a process of its own (tribuneCmd):
// the test binary runs main when TRIBUNE_TEST_MAIN is set.
func TestMain(m *testing.M) {
	if os.Getenv("TRIBUNE_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
