package build

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"tribune/bench/corpus"
)

// BenchmarkBuild times a full in-memory build (read, parse, convert,
// render, minify; no writing) of generated French corpora.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("statements=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, n, 1); err != nil {
				b.Fatal(err)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			opts := Options{At: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Minify: true}
			for b.Loop() {
				// A new Builder each time: a cold build, no cache.
				if _, err := runFS(context.Background(), root.FS(), opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIncrementalEdit times a preview rebuild after one statement of a
// 4,000-statement site changed.
func BenchmarkIncrementalEdit(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 4000, 1); err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	bl := New(root.FS(), nil)
	opts := Options{At: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Preview: true, Changed: []string{}}
	if _, err := runWith(context.Background(), bl, opts); err != nil {
		b.Fatal(err)
	}
	names, _ := os.ReadDir(dir + "/content/tribunes")
	target := "content/tribunes/" + names[1].Name()
	orig, _ := os.ReadFile(dir + "/" + target)
	opts.Changed = []string{target}
	i := 0
	for b.Loop() {
		i++
		os.WriteFile(dir+"/"+target, append(orig, []byte(fmt.Sprintf("\nÉdition %d.\n", i))...), 0o644)
		if _, err := runWith(context.Background(), bl, opts); err != nil {
			b.Fatal(err)
		}
	}
}
