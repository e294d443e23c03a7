//go:build unix

package content

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// TestWalkSpecialFiles reports a named pipe, or a link to one, whatever
// its name: reading it would wait forever.
func TestWalkSpecialFiles(t *testing.T) {
	site := t.TempDir()
	writeTree(t, site, `
-- content/tribunes/a.md --
---
title: a
date: 2024-01-01
---
`)
	content := filepath.Join(site, "content")
	for _, p := range []string{filepath.Join(site, "tube.md"), filepath.Join(content, "tribunes", "tube.md"), filepath.Join(content, "tube")} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("no named pipes here:", err)
		}
	}
	symlink(t, "../tube.md", filepath.Join(content, "lien.md"))

	got, err := Walk(context.Background(), openRoot(t, site).FS())
	if want := []string{"tribunes/a.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Walk = %q, want %q", got, want)
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	var msgs []string
	for _, e := range list {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		"content/lien.md:1:1: not a plain file (p---------): remove it",
		"content/tribunes/tube.md:1:1: not a plain file (p---------): remove it",
		"content/tube:1:1: not a plain file (p---------): remove it",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("errors:\n%q\nwant\n%q", msgs, want)
	}
}
