package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadRereadsWhatChangedUnseen: a text converted again (here, because
// the typography changed) is read again from its file; when the file has
// changed since it was parsed without the Builder being told, the Load
// reads it again as changed, and the model and texts agree with a cold
// build.
func TestLoadRereadsWhatChangedUnseen(t *testing.T) {
	dir := t.TempDir()
	for name, f := range loadTxtar(t, "basic.txtar") {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	b := New(root.FS(), nil)
	opts := Options{At: at, Preview: true}
	if _, err := b.Load(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	write := func(name, old, new string) {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s lacks %q", name, old)
		}
		os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
	}
	// Changed without a word to the Builder: title and text.
	write("content/tribunes/une.md", "Premier paragraphe", "Paragraphe récrit")
	write("content/tribunes/une.md", "title: \"L'école", "title: \"La nouvelle école")
	// Said: the typography, which every text is converted again for.
	site, _ := os.ReadFile(filepath.Join(dir, "site.toml"))
	os.WriteFile(filepath.Join(dir, "site.toml"), append(site, "\n[typography]\nfr = \"off\"\n"...), 0o644)
	opts.Changed = []string{"site.toml"}
	out, err := b.Load(context.Background(), opts)
	if err != nil || len(out.Errors) > 0 {
		t.Fatal(err, out.Errors)
	}
	cold, err := New(root.FS(), nil).Load(context.Background(), Options{At: at, Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(out.Paths(), " ") != strings.Join(cold.Paths(), " ") {
		t.Fatalf("files:\n%v\ncold:\n%v", out.Paths(), cold.Paths())
	}
	found := false
	for _, name := range cold.Paths() {
		got, err1 := out.File(name)
		want, err2 := cold.File(name)
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from a cold build (%v, %v)", name, err1, err2)
		}
		found = found || bytes.Contains(want, []byte("Paragraphe récrit"))
	}
	if !found {
		t.Error("the text changed unseen is nowhere")
	}
}
