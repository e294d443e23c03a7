package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestWords(t *testing.T) {
	for text, want := range map[string]string{
		"L’enfance protégée : l'École, et l’ÉCOLE !": "enfance protegee ecole",
		"Søren Kierkegaard à Łódź":                   "soren kierkegaard lodz",
		"Le CO₂ et l’Œuvre":                          "co2 oeuvre",
		"Straße, naïve, e\u0301lève":                 "strasse naive eleve",
		"Привет мир, a b c":                          "",
		"protection de l'enfance — 2024":             "protection enfance 2024",
		"the protection of children":                 "protection children",
		"soft\u00adhyphen zero\u200bwidth":           "softhyphen zerowidth",
	} {
		if got := Words(text); got != want {
			t.Errorf("Words(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestScriptFoldsAsTheIndex runs the search page's script, as it is
// published, in Node, with the folding table and stop words the index
// carries, and wants it to cut the same words as the build for every
// letter of Latin-1 and Latin Extended-A, combining marks, other scripts
// and the signs of French text: what is indexed is what is queried.
func TestScriptFoldsAsTheIndex(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is missing: .ci/run must install it (apt-get install -y nodejs)")
		}
		t.Skip("node is missing; install it with apt-get install -y nodejs")
	}
	var inputs []string
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			if unicode.IsControl(r) || r == 0xFFFD {
				continue
			}
			c := string(r)
			inputs = append(inputs, "ab"+c+"cd", c+"mot", "Mot"+c)
		}
	}
	add(0x20, 0x7E)     // ASCII
	add(0xA0, 0x17F)    // Latin-1 Supplement, Latin Extended-A
	add(0x180, 0x24F)   // Latin Extended-B
	add(0x2B0, 0x36F)   // modifier letters, combining marks
	add(0x370, 0x3FF)   // Greek
	add(0x400, 0x45F)   // Cyrillic
	add(0x2000, 0x206F) // general punctuation: spaces, dashes, quotes
	add(0x2070, 0x209F) // superscripts and subscripts
	add(0x20A0, 0x20C0) // currency signs
	add(0x2100, 0x214F) // letterlike symbols: №, ℃, ™
	inputs = append(inputs, "Søren", "Łódź", "CO₂", "L’enfance protégée", "Œuvre Straße", "e\u0301cole", "déjà vu très bien")

	index, err := json.Marshal(map[string]any{"fold": FoldTable(), "stop": StopWords})
	if err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("../../static/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	// Read here too, so that go test knows the result depends on it.
	if _, err := os.ReadFile(script); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", `
const s = require(process.argv[1]);
s.configure(JSON.parse(process.argv[2]));
const inputs = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(inputs.map(x => s.words(x))));
`, script, string(index))
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got [][]string
	if err := json.Unmarshal(outb, &got); err != nil {
		t.Fatalf("node printed %q: %v", outb, err)
	}
	if len(got) != len(inputs) {
		t.Fatalf("%d results for %d inputs", len(got), len(inputs))
	}
	bad := 0
	for i, text := range inputs {
		want := strings.Fields(Words(text))
		if !slices.Equal(got[i], want) && len(got[i])+len(want) > 0 {
			if bad++; bad <= 20 {
				t.Errorf("%q (%U): the script cuts %q, the index %q", text, []rune(text), got[i], want)
			}
		}
	}
	if bad > 20 {
		t.Errorf("and %d more", bad-20)
	}
}
