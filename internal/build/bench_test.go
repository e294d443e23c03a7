package build

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
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

// BenchmarkEdit times what the preview does after one statement of a site
// of 4,000 or 10,000 statements changed: load the site again (that file
// read and converted again) and render the edited page.
func BenchmarkEdit(b *testing.B) {
	for _, bench := range []struct {
		n      int
		hidden bool
	}{{4000, false}, {4000, true}, {10000, false}} {
		name := fmt.Sprintf("statements=%d", bench.n)
		if bench.hidden {
			// As while a press officer writes: a draft and a communiqué
			// under embargo, which public texts are checked against.
			name += "/hidden"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, bench.n, 1); err != nil {
				b.Fatal(err)
			}
			if bench.hidden {
				for file, front := range map[string]string{
					"tribunes/zz-brouillon.md":  "title: Un brouillon de tribune sur la protection des enfants\ndate: 2026-11-20\ndraft: true\nsignatories: [{name: Camille Martin}]",
					"communiques/zz-embargo.md": "title: Un communiqué sous embargo sur le rapport annuel\ndate: 2026-11-20\nembargo: 2099-01-01T06:00:00+01:00",
				} {
					text := "---\n" + front + "\n---\n" + strings.Repeat("Une phrase écrite pour ce texte seul, qui ne ressemble à aucune autre du corpus. ", 40) + "\n"
					if err := os.WriteFile(dir+"/content/"+file, []byte(text), 0o644); err != nil {
						b.Fatal(err)
					}
				}
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			bl := New(root.FS(), nil)
			opts := Options{At: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Preview: true}
			if _, err := bl.Load(context.Background(), opts); err != nil {
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
				out, err := bl.Load(context.Background(), opts)
				if err != nil || len(out.Errors) > 0 {
					b.Fatal(err, out.Errors)
				}
				for _, p := range out.Site.Pages {
					if p.File != nil && "content/"+p.File.Path == target {
						if _, err := out.File(p.OutputPath()); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}

// BenchmarkPages renders pages of a site of 4,000 statements, loaded
// once: statements, then lists (sections, topics, signatories). Each page
// is rendered anew each time; what a model renders once for all its pages
// (header, footer, cards, feed links) is made already.
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 4000, 1); err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	out, err := New(root.FS(), nil).Load(context.Background(), Options{At: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), Minify: true})
	if err != nil || len(out.Errors) > 0 {
		b.Fatal(err, out.Errors)
	}
	for _, kinds := range [][]string{{"tribune", "communique"}, {"section", "tag", "person"}} {
		var names []string
		for _, p := range out.Site.Pages {
			if slices.Contains(kinds, string(p.Kind)) {
				names = append(names, p.OutputPath())
			}
		}
		for _, name := range names {
			if _, err := out.File(name); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(kinds[0], func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := out.File(names[(i*7919)%len(names)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
