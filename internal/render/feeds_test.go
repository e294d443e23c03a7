package render

import "testing"

func TestAbsolutize(t *testing.T) {
	base := "https://exemple.example/tribunes/x/"
	for in, want := range map[string]string{
		`<a href="/a-propos/">a</a>`:                                   `<a href="https://exemple.example/a-propos/">a</a>`,
		`<a href="../y/">y</a>`:                                        `<a href="https://exemple.example/tribunes/y/">y</a>`,
		`<a href="#note">n</a>`:                                        `<a href="https://exemple.example/tribunes/x/#note">n</a>`,
		`<a href="/r?a=1&amp;b=2">r</a>`:                               `<a href="https://exemple.example/r?a=1&amp;b=2">r</a>`,
		`<a href="https://autre.example/">o</a>`:                       `<a href="https://autre.example/">o</a>`,
		`<a href="mailto:presse@exemple.example">m</a>`:                `<a href="mailto:presse@exemple.example">m</a>`,
		`<img src="photo.png" srcset="/p-480w.png 480w, /p.png 800w">`: `<img src="https://exemple.example/tribunes/x/photo.png" srcset="https://exemple.example/p-480w.png 480w, https://exemple.example/p.png 800w">`,
		`<p>href="/pas-un-attribut/"</p>`:                              `<p>href="/pas-un-attribut/"</p>`,
		`<a href="/a/">1</a> et <a href="/b/">2</a>`:                   `<a href="https://exemple.example/a/">1</a> et <a href="https://exemple.example/b/">2</a>`,
	} {
		if got := absolutize(in, base); got != want {
			t.Errorf("absolutize(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}
