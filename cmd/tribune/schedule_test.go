package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
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
		"changements à venir (Europe/Paris)\u00a0:",
		"2026-12-01 06:00 CET levée d’embargo content/communiques/embargo.md",
		"2026-12-24 18:00 CET publication",
		"2027-01-15 12:30 CET retrait",
		// The comments of the tribune close 60 days after it is published.
		"2027-02-22 18:00 CET fin des réactions content/tribunes/future.md",
	}
	if len(lines) < len(want) {
		t.Fatalf("schedule printed:\n%s", r.stdout)
	}
	for i, w := range want {
		if got := strings.Join(strings.Fields(lines[i]), " "); !strings.HasPrefix(got, strings.Join(strings.Fields(w), " ")) {
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
	r = tribune(t, "schedule", "-src", src, "-next", "-at", "2027-03-01T00:00:00+01:00")
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
	if !strings.Contains(r.stdout, "prochain changement le mardi 1er décembre 2026, 6\u202fh (heure de Paris)") || !strings.Contains(r.stdout, "(2026-12-01T06:00:00+01:00, noté dans .tribune/next-change)") {
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

// schedule -due answers with its exit status whether the deployed site
// must be rebuilt: one second before the lift, at it, after it, whatever
// the time zone the instants are written in.
func TestScheduleDue(t *testing.T) {
	t.Parallel()
	src := newSite(t, scheduled)
	due := func(args ...string) int {
		t.Helper()
		r := tribune(t, append([]string{"schedule", "-src", src, "-due"}, args...)...)
		return exitCode(r.err)
	}
	const built = "2026-11-26T12:00:00+01:00"
	for _, c := range []struct {
		since, at string
		want      int
	}{
		{built, "2026-12-01T05:59:59+01:00", 1},
		{built, "2026-12-01T04:59:59Z", 1},
		{built, "2026-12-01T06:00:00+01:00", 0},
		{built, "2026-12-01T05:00:00Z", 0},
		{built, "2026-12-01T00:00:00-05:00", 0},
		{built, "2026-12-01T06:00:01+01:00", 0},
		{"2026-11-26T11:00:00Z", "2026-12-02T00:00:00+01:00", 0},
		// Built at the lift or after: the lift is in the deployed site.
		{"2026-12-01T06:00:00+01:00", "2026-12-01T06:05:00+01:00", 1},
		{"2026-12-01T05:00:00Z", "2026-12-24T17:59:59+01:00", 1},
		{"2026-12-01T05:00:00Z", "2026-12-24T18:00:00+01:00", 0},
	} {
		if got := due("-since", c.since, "-at", c.at); got != c.want {
			t.Errorf("-since %s -at %s: exit status %d, want %d", c.since, c.at, got, c.want)
		}
	}
	// From the last production build's record.
	if got := due("-at", "2026-12-01T06:00:00+01:00"); got != 1 {
		t.Errorf("no record: exit status %d, want 1", got)
	}
	buildOK(t, src, filepath.Join(t.TempDir(), "public"))
	for at, want := range map[string]int{
		"2026-11-30T12:00:00+01:00": 1, "2026-12-01T05:59:59+01:00": 1, "2026-12-01T04:59:59Z": 1,
		"2026-12-01T06:00:00+01:00": 0, "2026-12-01T05:00:00Z": 0, "2026-12-01T06:00:01+01:00": 0,
	} {
		if got := due("-at", at); got != want {
			t.Errorf("record, -at %s: exit status %d, want %d", at, got, want)
		}
	}
	// A broken site is neither due nor not due.
	writeFiles(t, src, "-- site.toml --\ntitle = = 1\n")
	if got := due("-since", built, "-at", "2026-12-02T00:00:00Z"); got != 2 {
		t.Errorf("broken site: exit status %d, want 2", got)
	}
	if got := due("-since", "hier"); got != 2 {
		t.Errorf("bad -since: exit status %d, want 2", got)
	}
}

// schedule gives the press officer the address of each embargo copy, to
// send to journalists; without the key, it says which variable to set.
// Not parallel: it sets the environment.
func TestScheduleEmbargoCopyAddress(t *testing.T) {
	src := newSite(t, "-- content/communiques/acces.md --\n---\ntitle: Accès presse\ndate: 2026-11-20\nembargo: 2026-12-01T06:00:00+01:00\nembargoAccess: true\n---\nCorps.\n")
	r := tribune(t, "schedule", "-src", src, "-at", at)
	if r.err != nil || !strings.Contains(r.stdout, "copie sous embargo de content/communiques/acces.md\u00a0: définissez TRIBUNE_EMBARGO_KEY") {
		t.Errorf("without a key: %v\n%s", r.err, r.stdout)
	}
	t.Setenv("TRIBUNE_EMBARGO_KEY", "une clé de test assez longue")
	r = tribune(t, "schedule", "-src", src, "-at", at)
	m := regexp.MustCompile(`copie sous embargo de content/communiques/acces\.md, pour les journalistes jusqu’au 2026-12-01 06:00 CET\x{a0}: (https://presse\.example/presse/embargo/[0-9a-f]{32}/)`).FindStringSubmatch(r.stdout)
	if r.err != nil || m == nil {
		t.Fatalf("with a key: %v\n%s", r.err, r.stdout)
	}
	out := filepath.Join(t.TempDir(), "public")
	buildOK(t, src, out)
	if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(m[1], "https://presse.example/"), "index.html")); err != nil {
		t.Errorf("the address schedule gives is not the copy the build makes: %v", err)
	}
}

// An embargo given to the fraction of a second is recorded rounded up: a
// rebuild at the instant recorded publishes it, and records the next.
func TestNextChangeRoundedUp(t *testing.T) {
	t.Parallel()
	src := newSite(t, "-- content/communiques/fraction.md --\n---\ntitle: Une levée à la demi-seconde\ndate: 2026-11-20\nembargo: 2026-12-01T06:00:00.5+01:00\n---\nTexte.\n")
	out := filepath.Join(t.TempDir(), "public")
	if r := buildSite(t, src, out); r.err != nil {
		t.Fatal(r.err)
	}
	next := strings.TrimSpace(readFile(t, filepath.Join(src, ".tribune", "next-change")))
	if next != "2026-12-01T06:00:01+01:00" {
		t.Fatalf("next-change = %q, want the second after the lift", next)
	}
	if r := tribune(t, "build", "-src", src, "-out", out, "-at", next); r.err != nil {
		t.Fatal(r.err)
	}
	if _, err := os.Stat(filepath.Join(out, "communiques", "une-levee-a-la-demi-seconde", "index.html")); err != nil {
		t.Errorf("not published at the instant recorded: %v", err)
	}
}
