package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const scheduled = `
-- content/communiques/embargo.md --
---
title: Annonce sous embargo
date: 2026-12-01
embargo: 2026-12-01T06:00:00+01:00
---
Corps.
-- content/tribunes/temporaire.md --
---
title: Tribune temporaire
date: 2026-01-01
expiryDate: 2027-01-15T12:30:00+01:00
signatories: [{name: A}]
---
Corps.
-- content/tribunes/future.md --
---
title: Tribune programmée
date: 2026-12-24T18:00:00+01:00
signatories: [{name: A}]
---
Corps.
`

func TestSchedule(t *testing.T) {
	src := newSite(t, scheduled)
	r := tribune(t, "schedule", "-src", src, "-at", "2026-11-26T12:00:00+01:00")
	if r.err != nil {
		t.Fatal(r.err)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	want := []string{
		"coming changes (Europe/Paris):",
		"2026-12-01 06:00 CET  embargo lifts  content/communiques/embargo.md",
		"2026-12-24 18:00 CET  published",
		"2027-01-15 12:30 CET  expires",
	}
	if len(lines) < len(want) {
		t.Fatalf("schedule printed:\n%s", r.stdout)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want it to start with %q", i, lines[i], w)
		}
	}
	r = tribune(t, "schedule", "-src", src, "-next", "-at", "2026-11-26T12:00:00+01:00")
	if r.err != nil || r.stdout != "2026-12-01T06:00:00+01:00\n" {
		t.Errorf("schedule -next = %q, %v", r.stdout, r.err)
	}
	// At the lift, the next change is the scheduled tribune.
	r = tribune(t, "schedule", "-src", src, "-next", "-at", "2026-12-01T06:00:00+01:00")
	if r.stdout != "2026-12-24T18:00:00+01:00\n" {
		t.Errorf("schedule -next at the lift = %q", r.stdout)
	}
	r = tribune(t, "schedule", "-src", src, "-next", "-at", "2027-02-01T00:00:00+01:00")
	if r.err != nil || r.stdout != "" {
		t.Errorf("schedule -next with nothing planned = %q, %v", r.stdout, r.err)
	}
}

func TestBuildRecordsNextChange(t *testing.T) {
	src := newSite(t, scheduled)
	out := filepath.Join(t.TempDir(), "public")
	r := buildSite(t, src, out, "-at", "2026-11-26T12:00:00+01:00")
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !strings.Contains(r.stdout, "next change at 2026-12-01T06:00:00+01:00") {
		t.Errorf("build output: %q", r.stdout)
	}
	data, err := os.ReadFile(filepath.Join(src, ".tribune", "next-change"))
	if err != nil || string(data) != "2026-12-01T06:00:00+01:00\n" {
		t.Errorf("next-change file = %q, %v", data, err)
	}
	// The instant is not in the published output.
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if strings.Contains(string(b), "2026-12-01T06:00") || strings.Contains(string(b), "Annonce sous embargo") {
			t.Errorf("%s reveals the embargo", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Once nothing is planned, the record goes away.
	if r := buildSite(t, src, out, "-at", "2027-06-01T00:00:00+02:00"); r.err != nil {
		t.Fatal(r.err)
	}
	if _, err := os.Stat(filepath.Join(src, ".tribune", "next-change")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale next-change file: %v", err)
	}
}
