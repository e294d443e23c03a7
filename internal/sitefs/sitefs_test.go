package sitefs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
)

// site makes a folder with plain files, symbolic links inside and
// outside it, and returns it with the folder outside.
func site(t *testing.T) (dir, outside string) {
	t.Helper()
	base := t.TempDir()
	dir, outside = filepath.Join(base, "site"), filepath.Join(base, "outside")
	for name, data := range map[string]string{
		"site/site.toml":                  "title = \"x\"\n",
		"site/content/a.md":               "---\ntitle: a\n---\n",
		"site/content/tribunes/b.md":      "---\ntitle: b\n---\nbody\n",
		"site/content/tribunes/empty.md":  "",
		"site/content/deep/er/still/c.md": string(bytes.Repeat([]byte("x"), 100_000)),
		"outside/secret.md":               "secret",
	} {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"content/tribunes/inside.md": "b.md",
		"content/up.md":              "tribunes/b.md",
		"content/out.md":             filepath.Join(outside, "secret.md"),
		"content/rel-out.md":         "../../outside/secret.md",
		"content/loop.md":            "loop.md",
		"content/dangling.md":        "nothing.md",
		"content/linked":             "tribunes",
		"content/outdir":             outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	return dir, outside
}

// TestBatchReadsAsRoot checks that a batch reads every kind of path
// exactly as the root does: same data, same error, nothing from outside.
func TestBatchReadsAsRoot(t *testing.T) {
	dir, _ := site(t)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	names := []string{
		"site.toml", "content/a.md", "content/tribunes/b.md", "content/tribunes/empty.md",
		"content/deep/er/still/c.md", "content/tribunes/inside.md", "content/up.md",
		"content/linked/b.md", "content/out.md", "content/rel-out.md", "content/loop.md",
		"content/dangling.md", "content/outdir/secret.md", "content/missing.md",
		"content/tribunes", "content", ".", "", "../outside/secret.md", "/etc/passwd",
		"content/../site.toml", "content//a.md", "content/a.md/x",
	}
	b := s.Batch()
	defer b.Close()
	for _, name := range names {
		want, wantErr := fs.ReadFile(root.FS(), name)
		for _, read := range []struct {
			how string
			f   func(string) ([]byte, error)
		}{{"batch", b.ReadFile}, {"FS", s.ReadFile}} {
			got, err := read.f(name)
			if !bytes.Equal(got, want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("%s.ReadFile(%q) = %q, %v; the root reads %q, %v", read.how, name, trunc(got), err, trunc(want), wantErr)
			}
			if bytes.Contains(got, []byte("secret")) {
				t.Errorf("%s.ReadFile(%q) read a file outside the site", read.how, name)
			}
		}
	}
	// The fast path did read the plain files from open folders.
	if len(b.dirs) == 0 {
		t.Error("the batch opened no folder")
	}
}

func trunc(b []byte) []byte { return b[:min(len(b), 20)] }

// TestBatchConcurrent reads from many goroutines, then after Close.
func TestBatchConcurrent(t *testing.T) {
	dir, _ := site(t)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := s.Batch()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				name := []string{"content/a.md", "content/tribunes/b.md", "content/up.md", "content/missing.md"}[(g+i)%4]
				got, err := b.ReadFile(name)
				want, wantErr := s.ReadFile(name)
				if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
					t.Errorf("ReadFile(%q) = %q, %v; want %q, %v", name, got, err, want, wantErr)
					return
				}
			}
		})
	}
	wg.Wait()
	b.Close()
	if got, err := b.ReadFile("content/tribunes/b.md"); err != nil || string(got) != "---\ntitle: b\n---\nbody\n" {
		t.Errorf("after Close: %q, %v", got, err)
	}
}

// TestFSInterfaces runs the standard file system checks on a site folder.
func TestFSInterfaces(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"content/a.md", "content/tribunes/b.md", "site.toml"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := fstest.TestFS(s, "content/a.md", "content/tribunes/b.md", "site.toml"); err != nil {
		t.Error(err)
	}
	if _, err := Open(filepath.Join(dir, "nothing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a missing folder: %v", err)
	}
}

// TestBatchManyFolders reads from more folders than a batch keeps open:
// the others are read through the root, with the same results.
func TestBatchManyFolders(t *testing.T) {
	dir := t.TempDir()
	n := maxOpenDirs + 20
	for i := range n {
		p := filepath.Join(dir, "content", fmt.Sprintf("d%03d", i), "x.md")
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(fmt.Sprint(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := s.Batch()
	defer b.Close()
	for i := range n {
		got, err := b.ReadFile(fmt.Sprintf("content/d%03d/x.md", i))
		if err != nil || string(got) != fmt.Sprint(i) {
			t.Fatalf("folder %d: %q, %v", i, got, err)
		}
	}
	if len(b.dirs) > maxOpenDirs {
		t.Errorf("the batch keeps %d folders open, more than %d", len(b.dirs), maxOpenDirs)
	}
}
