package publish

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestCheckPath(t *testing.T) {
	for name, ok := range map[string]bool{
		"index.html": true, "tribunes/x/index.html": true, "a/b/c.css": true,
		"": false, ".": false, "/etc/passwd": false, "../x": false, "a/../../x": false,
		"a//b": false, "a/./b": false, `a\b`: false, "a\x00b": false, "..": false,
	} {
		if err := CheckPath(name); (err == nil) != ok {
			t.Errorf("CheckPath(%q) = %v", name, err)
		}
	}
}

func TestWriteReplacesTheFolderWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	if err := Write(ctx, out, map[string][]byte{"index.html": []byte("un"), "vieux/index.html": []byte("vieux")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(ctx, out, map[string][]byte{"index.html": []byte("deux"), "a/b/c.txt": []byte("c")}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "deux" {
		t.Errorf("index.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "vieux")); err == nil {
		t.Error("a file of the previous output is still there")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
	// A bad path fails before anything changes.
	if err := Write(ctx, out, map[string][]byte{"index.html": []byte("trois"), "../evasion": []byte("x")}); err == nil {
		t.Fatal("a path leaving the output folder was written")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "deux" {
		t.Errorf("a failed write changed the output: %q", b)
	}
}

func TestMinify(t *testing.T) {
	m := NewMinifier()
	for name, in := range map[string]string{
		"a.html": "<!DOCTYPE html>\n<html lang=\"fr\">\n  <body>\n    <p>  texte  </p>\n  </body>\n</html>\n",
		"a.css":  "body {\n  color : red ;\n}\n",
		"a.js":   "function f ( a ) {\n  return a + 1 ;\n}\n",
		"a.json": "{\n  \"a\" : 1\n}\n",
		"a.svg":  "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"1\" height=\"1\" />\n</svg>\n",
		"a.xml":  "<a>\n  <b>x</b>\n</a>\n",
	} {
		out, err := m.Minify(name, []byte(in))
		if err != nil || len(out) >= len(in) || strings.Contains(string(out), "\n  ") {
			t.Errorf("%s: %q, %v", name, out, err)
		}
	}
	if out, _ := m.Minify("a.pdf", []byte("%PDF  x")); string(out) != "%PDF  x" {
		t.Error("a PDF was changed")
	}
}

// TestStage writes files from many goroutines while they are made, then
// commits; an aborted or failed stage leaves the output, and the folders
// above it, as they were.
func TestStage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	ctx := context.Background()
	if err := Write(ctx, out, map[string][]byte{"index.html": []byte("avant")}); err != nil {
		t.Fatal(err)
	}
	st, err := Begin(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				st.Put(fmt.Sprintf("s%d/p%d/index.html", i%5, g*50+i), []byte("page"))
			}
		}()
	}
	wg.Wait()
	st.Put("index.html", []byte("après"))
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if st.Count() != 402 { // with the marker
		t.Errorf("Count = %d, want 402", st.Count())
	}
	if b, _ := os.ReadFile(filepath.Join(out, "s3/p153/index.html")); string(b) != "page" {
		t.Errorf("s3/p153/index.html = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "après" {
		t.Errorf("index.html = %q", b)
	}

	// Aborted: nothing changes.
	st, err = Begin(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("index.html", []byte("abandonné"))
	st.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "après" {
		t.Errorf("an aborted stage changed the output: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}

	// A bad path fails the commit, which changes nothing.
	st, err = Begin(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("index.html", []byte("trois"))
	st.Put("../evasion", []byte("x"))
	if err := st.Commit(); err == nil {
		t.Fatal("a path leaving the output folder was committed")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "après" {
		t.Errorf("a failed commit changed the output: %q", b)
	}

	// An output folder under folders that do not exist yet: they go
	// again with the aborted stage.
	deep := filepath.Join(dir, "x", "y", "public")
	st, err = Begin(ctx, deep, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("index.html", []byte("x"))
	st.Abort()
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("an aborted stage left the folders it made")
	}
}

// TestStageFiles checks what the stage makes: whole large files, the
// permissions package os gives, and an error naming the path when a file
// stands where a folder must go.
func TestStageFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	ctx := context.Background()
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<17) // 2 MiB
	st, err := Begin(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("a/b/c/big.bin", big)
	st.Put("empty.txt", nil)
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(out, "a/b/c/big.bin")); err != nil || !bytes.Equal(got, big) {
		t.Errorf("big.bin: %d bytes, %v; want %d bytes", len(got), err, len(big))
	}
	// The same modes as os.WriteFile and os.Mkdir give under this umask.
	os.WriteFile(filepath.Join(dir, "ref"), nil, 0o644)
	os.Mkdir(filepath.Join(dir, "refdir"), 0o755)
	for name, ref := range map[string]string{"a/b/c/big.bin": "ref", "empty.txt": "ref", "a/b": "refdir"} {
		info, err := os.Stat(filepath.Join(out, name))
		want, err2 := os.Stat(filepath.Join(dir, ref))
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		if info.Mode() != want.Mode() {
			t.Errorf("%s: mode %v, want %v", name, info.Mode(), want.Mode())
		}
	}

	st, err = Begin(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("index.html", []byte("neuf"))
	st.Put("page", []byte("a file"))
	st.Put("page/index.html", []byte("under a file"))
	if err := st.Commit(); err == nil || !strings.Contains(err.Error(), "page") {
		t.Fatalf("a file where a folder must go: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "page")); err == nil {
		t.Error("the failed stage changed the output")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("left beside the output: %v", entries)
	}
}
