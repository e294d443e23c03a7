package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

func paris(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// checkErrors asserts that err is an ErrorList holding exactly the wanted
// errors, in order. Each want is "line:col: part of the message"; the error
// must print as "file:line:col: message" with that exact prefix.
func checkErrors(t *testing.T, file string, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %T %q is not an ErrorList", err, err)
	}
	if len(list) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v\nwant:\n%s", len(list), len(want), err, strings.Join(want, "\n"))
	}
	for i, w := range want {
		pos, msg, _ := strings.Cut(w, ": ")
		got := list[i].Error()
		prefix := file + ":" + pos + ": "
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("error %d = %q, want prefix %q", i, got, prefix)
		}
		if !strings.Contains(got, msg) {
			t.Errorf("error %d = %q, want it to contain %q", i, got, msg)
		}
		if list[i].File != file {
			t.Errorf("error %d: File = %q, want %q", i, list[i].File, file)
		}
	}
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const bom = "\uFEFF"

var parseErrorTests = []struct {
	name string
	src  string
	errs []string
}{
	{"expiry before the embargo", "---\ntitle: x\ndate: 2024-01-01\nembargo: 2024-06-03T06:00:00+02:00\nexpiryDate: 2024-06-02\n---\n",
		[]string{`5:1: expiryDate is not after embargo: the text would never be public`}},
	// A contact's e-mail: the address alone, which a message may be sent from.
	{"contact email not an address", "---\ntitle: x\ndate: 2024-01-01\ncontacts: [{name: A, email: pas un courriel}]\n---\n",
		[]string{`4:29: contacts[0].email: "pas un courriel" is not an e-mail address`}},
	{"contact email with a header", "---\ntitle: x\ndate: 2024-01-01\ncontacts: [{name: A, email: \"a@b.example\\r\\nBcc: z@evil.example\"}]\n---\n",
		[]string{`4:29: contacts[0].email: `}},
	{"contact email with a name", "---\ntitle: x\ndate: 2024-01-01\ncontacts: [{name: A, email: \"A <a@b.example>\"}]\n---\n",
		[]string{`4:29: contacts[0].email: "A <a@b.example>" is not an e-mail address`}},
	{"contact email with mailto parameters", "---\ntitle: x\ndate: 2024-01-01\ncontacts: [{name: A, email: \"presse@example.org?cc=espion%40evil.org\"}]\n---\n",
		[]string{`4:29: contacts[0].email: "presse@example.org?cc=espion%40evil.org" is not an e-mail address`}},
	{"contact email without a domain", "---\ntitle: x\ndate: 2024-01-01\ncontacts: [{name: A, email: presse@localhost}]\n---\n",
		[]string{`4:29: contacts[0].email: "presse@localhost" is not an e-mail address`}},
	// Front matter delimiters.
	{"missing front matter", "# Titre\n\nTexte.\n",
		[]string{`1:1: missing front matter: the file must start with a line "---" (YAML) or "+++" (TOML)`}},
	{"front matter after a blank line", "\n---\ntitle: x\ndate: 2024-01-01\n---\n",
		[]string{`1:1: missing front matter`}},
	{"empty file", "", []string{`1:1: missing front matter`}},
	{"unclosed YAML", "---\ntitle: x\ndate: 2024-01-01\n\nTexte.\n",
		[]string{`1:1: front matter opened here is never closed: add a line "---" after it`}},
	{"unclosed TOML", "+++\ntitle = \"x\"\ndate = 2024-01-01\n\nTexte.\n",
		[]string{`1:1: front matter opened here is never closed: add a line "+++" after it`}},
	{"YAML closed by TOML delimiter", "---\ntitle: x\ndate: 2024-01-01\n+++\n",
		[]string{`1:1: front matter opened here is never closed: add a line "---"`}},

	// Malformed YAML: the line is that of the original file.
	{"YAML bad indentation", "---\ntitle: x\ndate: 2024-01-01\n  bad: indent\n---\n",
		[]string{`4:1: the lines around here are not shifted as YAML expects`}},
	{"YAML colon in plain value", "---\ntitle: x\ndate: 2024-01-01\nsummary: a: b\n---\n",
		[]string{`4:10: the value of summary holds " : ", which YAML reads as a new key: put the value in quotes, such as summary: "a: b"`}},
	{"YAML tab indentation", "---\ntitle: x\n\tdate: 2024-01-01\n---\n",
		[]string{`3:1: this line starts with a tab: shift front matter lines with spaces only`}},
	{"YAML unclosed flow list", "---\ntitle: x\ndate: 2024-01-01\ntags: [a, b\nsummary: y\n---\n",
		[]string{`4:1: invalid YAML: did not find expected ',' or ']'`}},
	{"YAML unclosed flow mapping", "---\ntitle: x\ndate: 2024-01-01\nimage: {src: a, alt: b\n---\n",
		[]string{`4:1: invalid YAML: did not find expected ',' or '}'`}},
	{"YAML broken list", "---\ntitle: x\ndate: 2024-01-01\nsignatories:\n  - name: a\n  role: b\n---\n",
		[]string{`5:1: the lines around here are not shifted as YAML expects: keys of the same level start at the same column, and a list's items with "- " (YAML says: did not find expected '-' indicator)`}},
	// yaml.v3 points at the list's opening line, except on the first line
	// of the front matter, where it points at the end of the front matter.
	{"YAML unclosed flow list on first line", "---\ntags: [a, b\n---\n",
		[]string{`3:1: invalid YAML: did not find expected ',' or ']'`}},
	{"YAML nested mapping dedented", "---\ntitle: x\ndate: 2024-01-01\nimage:\n    src: a\n  alt: b\n---\n",
		[]string{`6:1: the lines around here are not shifted as YAML expects: keys of the same level start at the same column, and a list's items with "- " (YAML says: did not find expected key)`}},
	// The commonest mistakes of press officers, said plainly.
	{"French title with a colon", "---\ntitle: Fermeture de Coco.gg : « un pas en avant »\ndate: 2024-01-01\n---\n",
		[]string{`2:8: the value of title holds " : ", which YAML reads as a new key: put the value in quotes, such as title: "Fermeture de Coco.gg : « un pas en avant »"`}},
	{"title in curly quotes with a colon", "---\ntitle: “Protéger les enfants en ligne : nos propositions”\ndate: 2024-01-01\n---\n",
		[]string{`2:8: the value of title holds " : ", which YAML reads as a new key: put the value in quotes, such as title: "Protéger les enfants en ligne : nos propositions"`}},
	{"a key in French", "---\ntitle: x\ndate: 2024-01-01\nsignataires: [{name: A}]\n---\n",
		[]string{`4:1: unknown key "signataires" (did you mean "signatories"?)`}},
	{"no space after the colon", "---\ntitle: x\ndate: 2024-01-01\ndraft:true\n---\n",
		[]string{`4:1: a space is missing after the colon of draft: write draft: true`}},
	{"value starting with quotes", "---\ntitle: \"Marianne\" publie notre tribune\ndate: 2024-01-01\n---\n",
		[]string{`2:8: the value of title starts with a quote and goes on after it, or never closes it: put the whole value in quotes, such as title: '"Marianne" publie notre tribune'`}},
	{"quote inside the same quotes", "---\ntitle: 'L'enfance d'abord'\ndate: 2024-01-01\n---\n",
		[]string{`2:8: the value of title holds the quote that opens it: write it between the other quotes, such as title: "L'enfance d'abord"`}},
	{"double quotes inside double quotes", "---\ntitle: \"Le \"grand\" débat\"\ndate: 2024-01-01\n---\n",
		[]string{`2:8: the value of title holds the quote that opens it: write it between the other quotes, such as title: 'Le "grand" débat'`}},
	{"unclosed quote", "---\ntitle: \"Le débat\ndate: 2024-01-01\nsummary: x\n---\n",
		[]string{`2:8: the value of title starts with a quote and goes on after it, or never closes it: put the whole value in quotes, such as title: "Le débat"`}},
	{"a hashtag", "---\ntitle: Notre combat #MeToo\ndate: 2024-01-01\n---\n",
		[]string{`2:8: the value of title holds a #, where YAML starts a comment and drops the rest: put the value in quotes, such as title: "Notre combat #MeToo"`}},
	{"a title starting with #", "---\ntitle: #1 des associations\ndate: 2024-01-01\n---\n",
		[]string{`2:8: the value of title holds a #, where YAML starts a comment and drops the rest`}},
	{"date in French words", "---\ntitle: x\ndate: 25 juin 2024\n---\n",
		[]string{`3:7: date: the date "25 juin 2024" is written in words: write it as numbers, year-month-day: 2024-06-25`}},
	{"date in French words with a day", "---\ntitle: x\ndate: mardi 1er décembre 2026\n---\n",
		[]string{`3:7: date: the date "mardi 1er décembre 2026" is written in words: write it as numbers, year-month-day: 2026-12-01`}},
	{"outlet as text", "---\ntitle: x\ndate: 2024-01-01\noutlet: \"Marianne\"\n---\n",
		[]string{`4:9: outlet: expected its fields, got the text "Marianne": write outlet: {name: "Marianne", url: "https://www.marianne.net/…"}`}},
	{"image as text", "---\ntitle: x\ndate: 2024-01-01\nimage: /images/photo.jpg\n---\n",
		[]string{`4:8: image: expected its fields, got the text "/images/photo.jpg": write image: {src: /images/photo.jpg, alt: "Ce que montre l’image"}`}},
	{"YAML unknown anchor", "---\ntitle: x\ndate: 2024-01-01\nsummary: *nope\n---\n",
		[]string{`2:1: invalid YAML: unknown anchor 'nope' referenced`}},
	{"YAML not a mapping", "---\n- a\n- b\n---\n",
		[]string{`2:1: front matter must be a mapping of keys to values`}},

	// Malformed TOML.
	{"TOML unclosed array after accents", "+++\ntitle = \"x\"\ndate = 2024-01-01\ntags = [\"éducation\"\n+++\n",
		[]string{`4:20: invalid TOML: array is incomplete`}},
	{"TOML missing value", "+++\ntitle = \"x\"\ndate = 2024-01-01\nsummary = \n+++\n",
		[]string{`4:11: invalid TOML: unexpected character U+000A at start of value`}},
	{"TOML unquoted text", "+++\ntitle = no\ndate = 2024-01-01\n+++\n",
		[]string{`2:9: the value of title is not in quotes: write title = "no" for a text, or true or false for yes or no`}},
	{"TOML unclosed string", "+++\ntitle = \"x\ndate = 2024-01-01\n+++\n",
		[]string{`2:11: the text of title opens with " and is not closed on this line: end it with "`}},
	{"TOML unclosed table header", "+++\ntitle = \"x\"\ndate = 2024-01-01\n[outlet\n+++\n",
		[]string{`4:8: invalid TOML: expected ']' to close table name`}},

	// Duplicate keys.
	{"YAML duplicate key", "---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n",
		[]string{`4:1: duplicate key "title" (first set on line 2)`}},
	{"YAML duplicate nested key", "---\ntitle: x\ndate: 2024-01-01\nsignatories:\n  - name: a\n    name: b\n---\n",
		[]string{`6:5: duplicate key "name" (first set on line 5)`}},
	{"YAML duplicate key in flow mapping", "---\ntitle: x\ndate: 2024-01-01\noutlet: {name: a, url: b, name: c}\n---\n",
		[]string{`4:27: duplicate key "name" (first set on line 4)`}},
	{"TOML duplicate key", "+++\ntitle = \"a\"\ndate = 2024-01-01\ntitle = \"b\"\n+++\n",
		[]string{`4:1: duplicate key "title" (first set on line 2)`}},
	{"TOML duplicate key in array of tables", "+++\ntitle = \"x\"\ndate = 2024-01-01\n[[signatories]]\nname = \"a\"\nname = \"b\"\n+++\n",
		[]string{`6:1: duplicate key "name" (first set on line 5)`}},
	{"TOML duplicate table", "+++\ntitle = \"x\"\ndate = 2024-01-01\n[outlet]\nname = \"a\"\n[outlet]\nurl = \"b\"\n+++\n",
		[]string{`6:2: table "outlet" is already defined on line 4`}},
	{"TOML duplicate key in inline table", "+++\ntitle = \"x\"\ndate = 2024-01-01\noutlet = {name = \"a\", name = \"b\"}\n+++\n",
		[]string{`4:23: duplicate key "name" (first set on line 4)`}},

	// Unknown keys.
	{"YAML typo", "---\ntitel: x\ndate: 2024-01-01\n---\n",
		[]string{`2:1: unknown key "titel" (did you mean "title"?)`}},
	{"TOML typo", "+++\ntitle = \"x\"\ndate = 2024-01-01\nsumary = \"y\"\n+++\n",
		[]string{`4:1: unknown key "sumary" (did you mean "summary"?)`}},
	{"YAML unknown nested key", "---\ntitle: x\ndate: 2024-01-01\nsignatories:\n  - name: a\n    nom: b\n---\n",
		[]string{`6:5: unknown key "signatories[0].nom" (did you mean "name"?)`}},
	{"TOML unknown key in table", "+++\ntitle = \"x\"\ndate = 2024-01-01\n[outlet]\nnom = \"a\"\n+++\n",
		[]string{`5:1: unknown key "outlet.nom" (did you mean "name"?)`}},
	{"unknown key far from any", "---\ntitle: x\ndate: 2024-01-01\nzzzzzz: 1\n---\n",
		[]string{`4:1: unknown key "zzzzzz" (known keys: aliases, attachments,`}},
	{"keys are case-sensitive", "---\nTitle: x\ntitle: x\ndate: 2024-01-01\n---\n",
		[]string{`2:1: unknown key "Title" (did you mean "title"?)`}},

	// Wrong types.
	{"title no", "---\ntitle: no\ndate: 2024-01-01\n---\n",
		[]string{`2:8: title: expected text, got no, which some tools read as a boolean: put it in quotes`}},
	{"title yes", "---\ntitle: Yes\ndate: 2024-01-01\n---\n",
		[]string{`2:8: title: expected text, got Yes`}},
	{"title list", "---\ntitle: [a]\ndate: 2024-01-01\n---\n",
		[]string{`2:8: title: expected text, got a list`}},
	{"title mapping", "---\ntitle:\n  fr: a\ndate: 2024-01-01\n---\n",
		[]string{`3:3: title: expected text, got a mapping`}},
	{"title empty", "---\ntitle: \"\"\ndate: 2024-01-01\n---\n",
		[]string{`2:1: title must not be empty`}},
	{"title blank", "---\ntitle:\ndate: 2024-01-01\n---\n",
		[]string{`2:1: title must not be empty`}},
	{"title invisible", "---\ntitle: \"\\u00a0\\u202f\\u200b\\ufeff\"\ndate: 2024-01-01\n---\n",
		[]string{`2:1: title must not be empty`}},
	{"draft text", "---\ntitle: x\ndraft: \"yes\"\ndate: 2024-01-01\n---\n",
		[]string{`3:8: draft: expected true or false, got the text "yes"`}},
	{"draft yes", "---\ntitle: x\ndraft: yes\ndate: 2024-01-01\n---\n",
		[]string{`3:8: draft: expected true or false, got the text "yes"`}},
	{"TOML draft text", "+++\ntitle = \"x\"\ndate = 2024-01-01\ndraft = \"yes\"\n+++\n",
		[]string{`4:9: draft: expected true or false, got the text "yes"`}},
	{"tags text", "---\ntitle: x\ntags: foo\ndate: 2024-01-01\n---\n",
		[]string{`3:7: tags: expected a list, got the text "foo"`}},
	{"tags item list", "---\ntitle: x\ntags: [a, [b]]\ndate: 2024-01-01\n---\n",
		[]string{`3:11: tags[1]: expected text, got a list`}},
	{"date number", "---\ntitle: x\ndate: 12\n---\n",
		[]string{`3:7: date: expected a date such as 2024-06-25 or 2024-06-25T06:00:00+02:00, got the number 12`}},
	{"TOML date number", "+++\ntitle = \"x\"\ndate = 12\n+++\n",
		[]string{`3:8: date: expected a date such as 2024-06-25`}},
	{"signatories mapping", "---\ntitle: x\ndate: 2024-01-01\nsignatories:\n  name: a\n---\n",
		[]string{`5:3: signatories: expected a list, got a mapping`}},
	{"signatory text", "---\ntitle: x\ndate: 2024-01-01\nsignatories:\n  - Claire\n---\n",
		[]string{`5:5: signatories[0]: expected a mapping of keys to values, got the text "Claire"`}},
	// Columns count characters, not bytes, in both formats.
	{"YAML column after accents", "---\ntitle: x\ndate: 2024-01-01\nimage: {alt: \"Élève\", decorative: oui}\n---\n",
		[]string{`4:35: image.decorative: expected true or false, got the text "oui"`}},
	{"TOML column after accents", "+++\ntitle = \"x\"\ndate = 2024-01-01\nimage = { alt = \"Élève\", decorative = \"oui\" }\n+++\n",
		[]string{`4:39: image.decorative: expected true or false, got the text "oui"`}},
	{"image decorative text", "---\ntitle: x\ndate: 2024-01-01\nimage:\n  src: a.png\n  decorative: oui\n---\n",
		[]string{`6:15: image.decorative: expected true or false, got the text "oui"`}},

	// Invalid dates.
	{"date 30 February", "---\ntitle: x\ndate: 2024-02-30\n---\n",
		[]string{`3:7: date: invalid date "2024-02-30": write 2024-06-25, 2024-06-25T06:00:00 or 2024-06-25T06:00:00+02:00`}},
	{"date in year 0", "---\ntitle: x\ndate: 0000-06-25\n---\n",
		[]string{`3:7: date: implausible date "0000-06-25": the year must be between 1800 and 2200`}},
	{"embargo in year 9999", "---\ntitle: x\ndate: 2024-06-25\nembargo: 9999-06-25T06:00\n---\n",
		[]string{`4:10: embargo: implausible date "9999-06-25T06:00": the year must be between 1800 and 2200`}},
	{"TOML date in year 0", "+++\ntitle = \"x\"\ndate = 0000-06-25\n+++\n",
		[]string{`3:8: date: implausible date "0000-06-25"`}},
	{"date hier", "---\ntitle: x\ndate: hier\n---\n",
		[]string{`3:7: date: invalid date "hier"`}},
	{"TOML date 30 February", "+++\ntitle = \"x\"\ndate = 2024-02-30\n+++\n",
		[]string{`3:8: date: invalid date "2024-02-30"`}},
	{"TOML date as text", "+++\ntitle = \"x\"\ndate = \"hier\"\n+++\n",
		[]string{`3:8: date: invalid date "hier"`}},
	{"nested date", "---\ntitle: x\ndate: 2024-01-01\ncorrections:\n  - date: 2024-13-01\n    note: erreur\n---\n",
		[]string{`5:11: corrections[0].date: invalid date "2024-13-01"`}},
	{"french date format", "---\ntitle: x\ndate: 25/06/2024\n---\n",
		[]string{`3:7: date: invalid date "25/06/2024"`}},

	// Encoding.
	{"invalid UTF-8", "---\ntitle: é\xffx\ndate: 2024-01-01\n---\n",
		[]string{`2:9: invalid UTF-8 byte 0xff: save the file as UTF-8`}},
	{"Latin-1 body", "---\ntitle: x\ndate: 2024-01-01\n---\n\nL'\xe9t\xe9 est l\xe0.\n",
		[]string{`6:3: invalid UTF-8 byte 0xe9`}},
	{"binary file", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		[]string{`3:1: binary data (NUL byte): this is not a Markdown text file`}},
	{"NUL in front matter", "---\ntitle: x\x00\ndate: 2024-01-01\n---\n",
		[]string{`2:9: binary data (NUL byte)`}},

	// Required keys and contradictions.
	{"missing title", "---\ndate: 2024-01-01\n---\n", []string{`1:1: missing required key "title"`}},
	{"missing date", "---\ntitle: x\n---\n", []string{`1:1: missing required key "date"`}},
	{"empty front matter", "---\n---\nTexte.\n",
		[]string{`1:1: missing required key "date"`, `1:1: missing required key "title"`}},
	{"TOML missing date", "+++\ntitle = \"x\"\n+++\n", []string{`1:1: missing required key "date"`}},
	{"embargo and publishDate", "---\ntitle: x\ndate: 2024-01-01\nembargo: 2024-01-02\npublishDate: 2024-01-03\n---\n",
		[]string{`5:14: embargo and publishDate say the same thing: keep only one`}},
	{"publishDate and embargo", "---\ntitle: x\ndate: 2024-01-01\npublishDate: 2024-01-03\nembargo: 2024-01-02\n---\n",
		[]string{`5:10: embargo and publishDate say the same thing: keep only one`}},
	{"TOML embargo and publishDate", "+++\ntitle = \"x\"\ndate = 2024-01-01\nembargo = 2024-01-02\npublishDate = 2024-01-03\n+++\n",
		[]string{`5:15: embargo and publishDate say the same thing`}},

	// Every problem of a file at once, sorted by position.
	{"several problems", "---\ndate: hier\ntitle: x\ndraft: 1\ntitel: y\n---\n",
		[]string{`2:7: date: invalid date "hier"`, `4:8: draft: expected true or false, got the number 1`, `5:1: unknown key "titel"`}},
}

func TestParseErrors(t *testing.T) {
	loc := paris(t)
	for _, tt := range parseErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("tribunes/a.md", []byte(tt.src), loc)
			if f != nil {
				t.Errorf("Parse returned a file along with the error")
			}
			checkErrors(t, "content/tribunes/a.md", err, tt.errs)
			if t.Failed() {
				return
			}
			// The same file saved with CRLF line endings, or with a
			// byte-order mark, gives exactly the same messages.
			for variant, src := range map[string]string{"CRLF": crlf(tt.src), "BOM": bom + tt.src, "BOM+CRLF": bom + crlf(tt.src)} {
				_, verr := Parse("tribunes/a.md", []byte(src), loc)
				if verr == nil || verr.Error() != err.Error() {
					t.Errorf("%s: got\n%v\nwant\n%v", variant, verr, err)
				}
			}
		})
	}
}

func TestParseIndexNeedsNoDate(t *testing.T) {
	f, err := Parse("tribunes/_index.md", []byte("---\ntitle: Tribunes\n---\nIntro.\n"), paris(t))
	if err != nil {
		t.Fatal(err)
	}
	if !f.IsIndex() || f.Section() != "tribunes" {
		t.Errorf("IsIndex = %v, Section = %q", f.IsIndex(), f.Section())
	}
	_, err = Parse("tribunes/_index.md", []byte("---\ndate: 2024-01-01\n---\n"), paris(t))
	checkErrors(t, "content/tribunes/_index.md", err, []string{`1:1: missing required key "title"`})
}

const allKeysYAML = `---
title: "Les plateformes : un devoir de protection"
subtitle: "Un sous-titre"
date: 2024-06-25
slug: plateformes
summary: |
  Un chapô
  sur deux lignes.
tags: [numérique, "protection de l’enfance"]
draft: true
embargo: 2024-06-25T06:00:00
expiryDate: 2025-01-01T00:00:00Z
updated: 2024-07-01T10:30:00+02:00
corrections:
  - date: 2024-07-02 09:15
    note: "Chiffre corrigé"
id: "urn:tribune:42"
aliases: ["/ancien-chemin/", /autre/]
image: {src: /images/x.png, alt: "Une salle de classe", credit: "Photo X", decorative: false}
signatories:
  - name: Claire Vasseur
    role: Présidente
    organisation: Enfance Protégée
    url: https://enfance.example/
  - name: "Olivier Brunet"
outlet:
  name: Le Quotidien
  url: https://quotidien.example/tribune
  date: 2024-06-24
contacts:
  - {name: Léa Martinon, role: Presse, email: presse@enfance.example, phone: "+33 1 99 00 42 17"}
dateline: Lyon
attachments:
  - src: /documents/rapport.pdf
    title: Rapport 2024
lang: fr-CA
layout: special
canonical: outlet
noindex: true
---

Premier paragraphe.
`

const allKeysTOML = `+++
title = "Les plateformes : un devoir de protection"
subtitle = "Un sous-titre"
date = 2024-06-25
slug = "plateformes"
summary = """Un chapô
sur deux lignes.
"""
tags = ["numérique", "protection de l’enfance"]
draft = true
embargo = 2024-06-25T06:00:00
expiryDate = 2025-01-01T00:00:00Z
updated = 2024-07-01 10:30:00+02:00
id = "urn:tribune:42"
aliases = ["/ancien-chemin/", "/autre/"]
image = { src = "/images/x.png", alt = "Une salle de classe", credit = "Photo X", decorative = false }
dateline = "Lyon"
lang = "fr-CA"
layout = "special"
canonical = "outlet"
noindex = true

[outlet]
name = "Le Quotidien"
url = "https://quotidien.example/tribune"
date = 2024-06-24

[[signatories]]
name = "Claire Vasseur"
role = "Présidente"
organisation = "Enfance Protégée"
url = "https://enfance.example/"

[[signatories]]
name = "Olivier Brunet"

[[corrections]]
date = 2024-07-02T09:15:00
note = "Chiffre corrigé"

[[contacts]]
name = "Léa Martinon"
role = "Presse"
email = "presse@enfance.example"
phone = "+33 1 99 00 42 17"

[[attachments]]
src = "/documents/rapport.pdf"
title = "Rapport 2024"
+++

Premier paragraphe.
`

// checkAllKeys checks, field by field, the Meta decoded from allKeysYAML
// or allKeysTOML.
func checkAllKeys(t *testing.T, f *File, loc *time.Location) {
	t.Helper()
	m := f.Meta
	str := func(name, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	// tm checks the instant and the UTC offset it was written with.
	tm := func(name string, got, want time.Time) {
		t.Helper()
		_, gotOff := got.Zone()
		_, wantOff := want.Zone()
		if !got.Equal(want) || gotOff != wantOff {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	str("Title", m.Title, "Les plateformes : un devoir de protection")
	str("Subtitle", m.Subtitle, "Un sous-titre")
	tm("Date", m.Date, time.Date(2024, 6, 25, 0, 0, 0, 0, loc))
	if m.Date.Location() != loc {
		t.Errorf("Date location = %v, want the site's zone", m.Date.Location())
	}
	str("Slug", m.Slug, "plateformes")
	str("Summary", m.Summary, "Un chapô\nsur deux lignes.\n")
	if want := []string{"numérique", "protection de l’enfance"}; !reflect.DeepEqual(m.Tags, want) {
		t.Errorf("Tags = %q, want %q", m.Tags, want)
	}
	if !m.Draft {
		t.Error("Draft = false")
	}
	tm("Embargo", m.Embargo, time.Date(2024, 6, 25, 6, 0, 0, 0, loc))
	tm("Expiry", m.Expiry, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	tm("Updated", m.Updated, time.Date(2024, 7, 1, 10, 30, 0, 0, time.FixedZone("", 2*3600)))
	if len(m.Corrections) != 1 {
		t.Fatalf("Corrections = %v", m.Corrections)
	}
	tm("Corrections[0].Date", m.Corrections[0].Date, time.Date(2024, 7, 2, 9, 15, 0, 0, loc))
	str("Corrections[0].Note", m.Corrections[0].Note, "Chiffre corrigé")
	str("ID", m.ID, "urn:tribune:42")
	if want := []string{"/ancien-chemin/", "/autre/"}; !reflect.DeepEqual(m.Aliases, want) {
		t.Errorf("Aliases = %q, want %q", m.Aliases, want)
	}
	if want := (&Image{Src: "/images/x.png", Alt: "Une salle de classe", Credit: "Photo X"}); !reflect.DeepEqual(m.Image, want) {
		t.Errorf("Image = %+v, want %+v", m.Image, want)
	}
	wantSig := []Person{
		{Name: "Claire Vasseur", Role: "Présidente", Organisation: "Enfance Protégée", URL: "https://enfance.example/"},
		{Name: "Olivier Brunet"},
	}
	if !reflect.DeepEqual(m.Signatories, wantSig) {
		t.Errorf("Signatories = %+v, want %+v", m.Signatories, wantSig)
	}
	if m.Outlet == nil {
		t.Fatal("Outlet = nil")
	}
	str("Outlet.Name", m.Outlet.Name, "Le Quotidien")
	str("Outlet.URL", m.Outlet.URL, "https://quotidien.example/tribune")
	tm("Outlet.Date", m.Outlet.Date, time.Date(2024, 6, 24, 0, 0, 0, 0, loc))
	wantContacts := []Contact{{Name: "Léa Martinon", Role: "Presse", Email: "presse@enfance.example", Phone: "+33 1 99 00 42 17"}}
	if !reflect.DeepEqual(m.Contacts, wantContacts) {
		t.Errorf("Contacts = %+v, want %+v", m.Contacts, wantContacts)
	}
	str("Dateline", m.Dateline, "Lyon")
	if want := []Attachment{{Src: "/documents/rapport.pdf", Title: "Rapport 2024"}}; !reflect.DeepEqual(m.Attachments, want) {
		t.Errorf("Attachments = %+v, want %+v", m.Attachments, want)
	}
	str("Lang", m.Lang, "fr-CA")
	str("Layout", m.Layout, "special")
	str("Canonical", m.Canonical, "outlet")
	if !m.NoIndex {
		t.Error("NoIndex = false")
	}
	if !m.Embargo.After(m.Date) {
		t.Error("embargo not after date")
	}
	// Positions of keys, for the checks made later on the whole site.
	for key, want := range map[string]Pos{"title": {2, 1}, "slug": {5, 1}} {
		if got := m.Pos[key]; got != want {
			t.Errorf("Pos[%q] = %v, want %v", key, got, want)
		}
	}
	for _, key := range []string{"aliases[1]", "signatories[0].url", "outlet.url", "attachments[0].src", "image", "layout", "lang", "tags[0]"} {
		if m.Pos[key].Line < 2 {
			t.Errorf("Pos[%q] = %v, want a line in the front matter", key, m.Pos[key])
		}
	}
	if got := string(f.Body); got != "\nPremier paragraphe.\n" {
		t.Errorf("Body = %q", got)
	}
}

func TestParseAllKeysYAML(t *testing.T) {
	loc := paris(t)
	f, err := Parse("tribunes/x.md", []byte(allKeysYAML), loc)
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != YAML || f.Path != "tribunes/x.md" || f.Source != "content/tribunes/x.md" || f.Section() != "tribunes" || f.IsIndex() {
		t.Errorf("File = %+v", f)
	}
	checkAllKeys(t, f, loc)
	if got := f.Meta.Pos["aliases[1]"]; got != (Pos{18, 30}) {
		t.Errorf(`Pos["aliases[1]"] = %v, want 18:30`, got)
	}
	if got := f.Meta.Pos["signatories[0].url"]; got != (Pos{24, 5}) {
		t.Errorf(`Pos["signatories[0].url"] = %v, want 24:5`, got)
	}
}

func TestParseAllKeysTOML(t *testing.T) {
	loc := paris(t)
	f, err := Parse("tribunes/x.md", []byte(allKeysTOML), loc)
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != TOML {
		t.Errorf("Format = %v, want TOML", f.Format)
	}
	checkAllKeys(t, f, loc)
	if got := f.Meta.Pos["outlet.url"]; got != (Pos{25, 1}) {
		t.Errorf(`Pos["outlet.url"] = %v, want 25:1`, got)
	}
	if got := f.Meta.Pos["signatories[1]"]; got.Line != 34 {
		t.Errorf(`Pos["signatories[1]"] = %v, want line 34`, got)
	}
	// The body starts after the closing "+++", line 51.
	if f.BodyLine != 51 {
		t.Errorf("BodyLine = %d, want 51", f.BodyLine)
	}
}

func TestParseBodyLine(t *testing.T) {
	src := "---\ntitle: x\ndate: 2024-01-01\n---\nPremière ligne du corps.\n"
	f, err := Parse("a.md", []byte(src), paris(t))
	if err != nil {
		t.Fatal(err)
	}
	if f.BodyLine != 5 || string(f.Body) != "Première ligne du corps.\n" {
		t.Errorf("BodyLine = %d, Body = %q", f.BodyLine, f.Body)
	}
	// A file that ends right after the closing delimiter has an empty body.
	f, err = Parse("a.md", []byte("---\ntitle: x\ndate: 2024-01-01\n---"), paris(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Body) != 0 {
		t.Errorf("Body = %q, want empty", f.Body)
	}
}

func TestParseDates(t *testing.T) {
	loc := paris(t)
	tests := []struct {
		name, value string
		want        time.Time
		offset      int // seconds east of UTC the time must keep
	}{
		{"bare date is midnight in Paris", "2024-06-25", time.Date(2024, 6, 25, 0, 0, 0, 0, loc), 2 * 3600},
		{"bare date in winter", "2024-01-15", time.Date(2024, 1, 15, 0, 0, 0, 0, loc), 3600},
		{"local time in the site's zone", "2024-06-25T06:00:00", time.Date(2024, 6, 25, 6, 0, 0, 0, loc), 2 * 3600},
		{"local time with a space", "2024-06-25 06:00:00", time.Date(2024, 6, 25, 6, 0, 0, 0, loc), 2 * 3600},
		{"local time without seconds", "2024-12-25T18:30", time.Date(2024, 12, 25, 18, 30, 0, 0, loc), 3600},
		{"RFC 3339 offset kept", "2024-06-25T06:00:00-04:00", time.Date(2024, 6, 25, 10, 0, 0, 0, time.UTC), -4 * 3600},
		{"RFC 3339 UTC", "2024-06-25T06:00:00Z", time.Date(2024, 6, 25, 6, 0, 0, 0, time.UTC), 0},
		{"quoted date", `"2024-06-25"`, time.Date(2024, 6, 25, 0, 0, 0, 0, loc), 2 * 3600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, src := range []string{
				"---\ntitle: x\ndate: " + tt.value + "\n---\n",
				"+++\ntitle = \"x\"\ndate = " + strings.Trim(tt.value, `"`) + "\n+++\n",
			} {
				f, err := Parse("a.md", []byte(src), loc)
				if err != nil {
					t.Fatalf("%q: %v", src, err)
				}
				got := f.Meta.Date
				_, off := got.Zone()
				if !got.Equal(tt.want) || off != tt.offset {
					t.Errorf("%q: Date = %v (offset %d), want %v (offset %d)", src, got, off, tt.want, tt.offset)
				}
			}
		})
	}
	// The zone is the one passed in, not the host's.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("a.md", []byte("---\ntitle: x\ndate: 2024-06-25\n---\n"), ny)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 6, 25, 4, 0, 0, 0, time.UTC); !f.Meta.Date.Equal(want) {
		t.Errorf("Date in New York = %v, want %v", f.Meta.Date, want)
	}
}

func TestParseBOM(t *testing.T) {
	loc := paris(t)
	for _, src := range []string{allKeysYAML, allKeysTOML} {
		plain, err := Parse("tribunes/x.md", []byte(src), loc)
		if err != nil {
			t.Fatal(err)
		}
		withBOM, err := Parse("tribunes/x.md", []byte(bom+src), loc)
		if err != nil {
			t.Fatalf("with BOM: %v", err)
		}
		sameFile(t, withBOM, plain)
	}
}

func TestParseCRLF(t *testing.T) {
	loc := paris(t)
	for _, src := range []string{allKeysYAML, allKeysTOML, "---\ntitle: x\ndate: 2024-01-01\n---\n\nUn.\n\nDeux\nlignes.\n"} {
		lf, err := Parse("tribunes/x.md", []byte(src), loc)
		if err != nil {
			t.Fatal(err)
		}
		for name, variant := range map[string]string{"CRLF": crlf(src), "BOM+CRLF": bom + crlf(src)} {
			f, err := Parse("tribunes/x.md", []byte(variant), loc)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if bytes.IndexByte(f.Body, '\r') >= 0 {
				t.Errorf("%s: body keeps CR: %q", name, f.Body)
			}
			sameFile(t, f, lf)
		}
	}
}

// sameFile checks that two parses of the same text differ only by their
// hash.
func sameFile(t *testing.T, got, want *File) {
	t.Helper()
	if !reflect.DeepEqual(got.Meta, want.Meta) {
		t.Errorf("Meta differs:\n got %+v\nwant %+v", got.Meta, want.Meta)
	}
	if !bytes.Equal(got.Body, want.Body) {
		t.Errorf("Body = %q, want %q", got.Body, want.Body)
	}
	if got.BodyLine != want.BodyLine || got.Format != want.Format || got.Path != want.Path || got.Source != want.Source {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// Config.

func TestLoadConfig(t *testing.T) {
	c, err := LoadConfig(fstest.MapFS{"site.toml": {Data: []byte(`title = "Espace presse"
baseURL = "https://presse.example/sous-dossier"
language = "fr"
timeZone = "America/Martinique"
paginate = 5
allowHTML = true
[organisation]
name = "Enfance Protégée"
[[contacts]]
name = "Léa"
email = "lea@presse.example"
[accessibility]
status = "totalement"
[[menu]]
name = "Tribunes"
url = "/tribunes/"
[typography]
fr = "fr"
en = "off"
`)}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Espace presse" || c.BaseURL != "https://presse.example/sous-dossier/" || c.Paginate != 5 || c.FeedItems != 50 ||
		!c.AllowHTML || c.Organisation.Name != "Enfance Protégée" || len(c.Contacts) != 1 || c.Contacts[0].Email != "lea@presse.example" ||
		c.Accessibility != "totalement" || len(c.Menu) != 1 || c.Menu[0].URL != "/tribunes/" || c.Typography["en"] != "off" {
		t.Errorf("config = %+v", c)
	}
	if c.Location == nil || c.Location.String() != "America/Martinique" {
		t.Errorf("Location = %v", c.Location)
	}

	c, err = LoadConfig(fstest.MapFS{})
	if err != nil || c.TimeZone != "Europe/Paris" || c.Location.String() != "Europe/Paris" {
		t.Errorf("without site.toml: %+v, %v", c, err)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name, src string
		errs      []string
	}{
		{"unknown key", "title = \"x\"\ntitel = \"y\"\n", []string{`2:1: unknown key "titel" (did you mean "title"?)`}},
		{"unknown key in table", "[organisation]\nnom = \"x\"\n", []string{`2:1: unknown key "organisation.nom" (did you mean "name"?)`}},
		{"wrong type", "title = \"x\"\npaginate = \"dix\"\n", []string{`2:12: paginate: expected a whole number, got the text "dix"`}},
		{"wrong type bool", "allowHTML = \"non\"\n", []string{`1:13: allowHTML: expected true or false, got the text "non"`}},
		{"zero paginate", "paginate = 0\n", []string{`1:12: paginate must be at least 1`}},
		{"menu not a list", "menu = \"accueil\"\n", []string{`1:8: menu: expected a list, got the text "accueil"`}},
		{"empty title", "title = \"  \"\n", []string{`1:9: title must not be empty`}},
		{"menu with a script", "[[menu]]\nname = \"x\"\nurl = \"javascript:alert(1)\"\n", []string{`3:7: menu[0].url: "javascript:alert(1)" is neither a web address`}},
		{"menu with a relative path", "[[menu]]\nname = \"x\"\nurl = \"a-propos/\"\n", []string{`3:7: menu[0].url: "a-propos/" is neither`}},
		{"bad time zone", "title = \"x\"\ntimeZone = \"Europe/Pariss\"\n", []string{`2:1: unknown time zone "Europe/Pariss": use an IANA name such as Europe/Paris`}},
		{"host time zone", "timeZone = \"Local\"\n", []string{`1:1: unknown time zone "Local"`}},
		{"bad baseURL", "title = \"x\"\n\nbaseURL = \"presse.example\"\n", []string{`3:1: baseURL "presse.example" is not an absolute http or https URL`}},
		{"ftp baseURL", "baseURL = \"ftp://presse.example/\"\n", []string{`1:1: baseURL "ftp://presse.example/" is not an absolute http or https URL`}},
		{"baseURL with a query", "baseURL = \"https://ex.org/?q=1#frag\"\n", []string{`1:1: baseURL "https://ex.org/?q=1#frag" holds a query`}},
		{"baseURL with a fragment", "baseURL = \"https://ex.org/#frag\"\n", []string{`1:1: baseURL "https://ex.org/#frag" holds a fragment`}},
		{"baseURL with a user", "baseURL = \"https://user:pass@ex.org/\"\n", []string{`1:1: baseURL "https://user:pass@ex.org/" holds a user name or password`}},
		{"baseURL with a port too high", "baseURL = \"https://ex.org:99999/\"\n", []string{`1:1: baseURL "https://ex.org:99999/" has an impossible port`}},
		{"baseURL with dots", "baseURL = \"https://ex.org/a/../b/\"\n", []string{`1:1: baseURL "https://ex.org/a/../b/" has . or .. in its path`}},
		{"bad accessibility status", "[accessibility]\nstatus = \"oui\"\n", []string{`2:10: accessibility.status: expected "non", "partiellement" or "totalement", got "oui"`}},
		{"duplicate key", "title = \"a\"\ntitle = \"b\"\n", []string{`2:1: duplicate key "title" (first set on line 1)`}},
		{"malformed TOML", "title = \"a\"\nbaseURL = \n", []string{`2:11: invalid TOML: unexpected character U+000A at start of value`}},
		{"invalid UTF-8", "title = \"Espace presse \xe9\"\n", []string{`1:24: invalid UTF-8 byte 0xe9`}},
		{"several", "titel = \"a\"\npaginate = -1\n[accessibility]\nstatus = \"non conforme\"\n",
			[]string{`1:1: unknown key "titel"`, `2:12: paginate must be at least 1`, `4:10: accessibility.status`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, src := range []string{tt.src, crlf(tt.src), bom + tt.src} {
				_, err := LoadConfig(fstest.MapFS{"site.toml": {Data: []byte(src)}})
				checkErrors(t, "site.toml", err, tt.errs)
			}
		})
	}
}

// Walk.

// writeTree writes a txtar archive's files under dir.
func writeTree(t *testing.T, dir, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links unavailable: %v", err)
	}
}

func openRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root
}

func TestWalkIgnores(t *testing.T) {
	data, err := os.ReadFile("testdata/walk.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeTree(t, dir, string(data))
	archive, err := txtar.FS(txtar.Parse(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"_index.md", "a-propos.md", "communiques/_index.md", "communiques/c.md", "tribunes/2024/t.md", "tribunes/a.md"}
	for _, fsys := range []struct {
		name string
		fs   fs.FS
	}{
		{"txtar", archive},
		{"DirFS", os.DirFS(dir)},
		{"Root", openRoot(t, dir).FS()},
	} {
		got, err := Walk(context.Background(), fsys.fs)
		if err != nil {
			t.Errorf("%s: %v", fsys.name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Walk = %q, want %q", fsys.name, got, want)
		}
	}
}

func TestWalkNoContent(t *testing.T) {
	got, err := Walk(context.Background(), fstest.MapFS{"site.toml": {}})
	if err != nil || len(got) != 0 {
		t.Errorf("Walk = %q, %v; want nothing", got, err)
	}
}

func TestWalkCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Walk(ctx, fstest.MapFS{"content/a.md": {}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Walk = %v, want context.Canceled", err)
	}
}

// TestWalkSymlinks reads the site through os.Root, as the command does, so
// that no link can lead outside the site.
func TestWalkSymlinks(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	writeTree(t, tmp, `
-- outside.md --
---
title: secret
date: 2024-01-01
---
-- site/content/tribunes/a.md --
---
title: a
date: 2024-01-01
---
-- site/shared/partage.md --
---
title: partagé
date: 2024-01-01
---
-- site/shared/folder/b.md --
---
title: b
date: 2024-01-01
---
`)
	content := filepath.Join(site, "content")
	symlink(t, "absent.md", filepath.Join(content, "tribunes", "lien.md"))
	symlink(t, "../../shared/partage.md", filepath.Join(content, "tribunes", "partage.md"))
	symlink(t, "boucle.md", filepath.Join(content, "boucle.md"))
	symlink(t, "ping.md", filepath.Join(content, "pong.md"))
	symlink(t, "pong.md", filepath.Join(content, "ping.md"))
	symlink(t, "../../outside.md", filepath.Join(content, "dehors.md"))
	symlink(t, filepath.Join(tmp, "outside.md"), filepath.Join(content, "absolu.md"))
	symlink(t, "../shared/folder", filepath.Join(content, "dossier"))
	symlink(t, "../shared/folder", filepath.Join(content, "dossier.md"))
	symlink(t, "nulle-part.md", filepath.Join(content, ".cache.md")) // hidden: ignored before it is followed
	symlink(t, "../shared/partage.md", filepath.Join(content, "_brouillon.md"))

	got, err := Walk(context.Background(), openRoot(t, site).FS())
	wantFiles := []string{"tribunes/a.md", "tribunes/partage.md"}
	if !reflect.DeepEqual(got, wantFiles) {
		t.Errorf("Walk = %q, want %q", got, wantFiles)
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	want := map[string]string{
		"content/absolu.md":        "broken symbolic link: it loops, dangles or points outside the site",
		"content/boucle.md":        "broken symbolic link: it loops, dangles or points outside the site",
		"content/dehors.md":        "broken symbolic link: it loops, dangles or points outside the site",
		"content/dossier":          "symbolic link to a folder: move or copy the folder into content/ instead",
		"content/dossier.md":       "symbolic link to a folder",
		"content/ping.md":          "broken symbolic link",
		"content/pong.md":          "broken symbolic link",
		"content/tribunes/lien.md": "broken symbolic link: it loops, dangles or points outside the site",
	}
	if len(list) != len(want) {
		t.Errorf("got %d errors, want %d:\n%v", len(list), len(want), err)
	}
	for _, e := range list {
		msg, ok := want[e.File]
		if !ok {
			t.Errorf("unexpected error %v", e)
			continue
		}
		if prefix := e.File + ":1:1: "; !strings.HasPrefix(e.Error(), prefix) || !strings.Contains(e.Msg, msg) {
			t.Errorf("error %q, want %q%s", e, prefix, msg)
		}
	}
}

// BenchmarkLargeFrontMatter parses front matter of thousands of tags and
// of thousands of dotted keys, in YAML and TOML, at two sizes: the time
// per byte stays the same (every position and key is found without
// looking from the start).
func BenchmarkLargeFrontMatter(b *testing.B) {
	for _, n := range []int{6000, 60000} {
		tags := make([]string, n)
		for i := range tags {
			tags[i] = fmt.Sprintf("theme%d", i)
		}
		var dotted strings.Builder
		for i := range n / 6 {
			fmt.Fprintf(&dotted, "outlet.k%d = \"v\"\n", i)
		}
		docs := map[string]string{
			"yaml-tags":   "---\ntitle: x\ndate: 2024-01-01\ntags: [" + strings.Join(tags, ", ") + "]\n---\n",
			"toml-tags":   "+++\ntitle = \"x\"\ndate = 2024-01-01\ntags = [\"" + strings.Join(tags, "\", \"") + "\"]\n+++\n",
			"toml-dotted": "+++\ntitle = \"x\"\ndate = 2024-01-01\n" + dotted.String() + "+++\n",
		}
		for _, name := range slices.Sorted(maps.Keys(docs)) {
			doc := []byte(docs[name])
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				for b.Loop() {
					Parse("x.md", doc, time.UTC)
				}
			})
		}
	}
}

// site.toml written the YAML way gets the TOML way to write it.
func TestTOMLColonHint(t *testing.T) {
	_, err := LoadConfig(fstest.MapFS{ConfigFile: {Data: []byte("baseURL = \"https://x.example/\"\ntitle: Mon site\n")}})
	if err == nil || !strings.Contains(err.Error(), `site.toml:2:1: site.toml is written key = value, not key: value: write title = "Mon site"`) {
		t.Errorf("%v", err)
	}
	_, err = Parse("x.md", []byte("+++\ntitle: \"x\"\n+++\n"), time.UTC)
	if err == nil || !strings.Contains(err.Error(), `content/x.md:2:1: content/x.md is written key = value, not key: value: write title = "x"`) {
		t.Errorf("%v", err)
	}
}
