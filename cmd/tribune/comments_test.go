package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/site"
)

var commentsAt = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// hostileCSV is an export of the form's submissions as a hostile reader
// and a careless export would make it: markup, a javascript: URL, a
// right-to-left override, a 1 MB message, broken quoting, another site's
// statement, a hidden one, a robot, a line twice, an empty message.
func hostileCSV() string {
	big := strings.Repeat("a", 1<<20)
	return "\uFEFFstatement,name,email,message,created_at,site-web\r\n" +
		"/tribunes/plateformes/,\"<b>Zoé</b>\",zoe@lecteurs.example,\"<script>alert(1)</script> et [lien](javascript:alert(2)) <img src=x onerror=alert(3)>\",2026-03-02T10:00:00Z,\r\n" +
		"/tribunes/plateformes/,\"Ali\u202eecilA\",ali@lecteurs.example,\"Bien dit.\n\n\n\nDeuxième paragraphe\u202e inversé.\",2026-03-03T11:00:00.123Z,\r\n" +
		"/tribunes/plateformes/,Long,l@lecteurs.example," + big + ",2026-03-04T10:00:00Z,\r\n" +
		"/tribunes/plateformes/,\"Cassé,x@lecteurs.example,\"guillemet \"ouvert,2026-03-04T10:00:00Z,\r\n" +
		"/tribunes/autre-site/,Marc,m@lecteurs.example,Sur un autre texte.,2026-03-05T10:00:00Z,\r\n" +
		"/ancienne-tribune/,Par l'alias,a@lecteurs.example,Par une ancienne adresse.,2026-03-06T10:00:00Z,\r\n" +
		"/tribunes/plateformes/,Robot,r@spam.example,Achetez !,2026-03-06T10:00:00Z,http://spam.example\r\n" +
		"/tribunes/plateformes/,Ali\u202eecilA,ali@lecteurs.example,\"Bien dit.\n\n\n\nDeuxième paragraphe\u202e inversé.\",2026-03-03T11:00:00.123Z,\r\n" +
		"/tribunes/plateformes/,Vide,v@lecteurs.example,\"   \",2026-03-07T10:00:00Z,\r\n"
}

func importComments(t *testing.T, src, csvFile string, stdin string, interactive bool, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	full := append([]string{"import", "-src", src}, args...)
	err := runComments(context.Background(), append(full, csvFile), strings.NewReader(stdin), interactive, commentsAt, &stdout, &stderr)
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// A hostile export is read line by line: what can be published is, as
// plain text, bounded and without the characters that would turn a page
// around; the rest is named with its line; the e-mail addresses go
// nowhere.
func TestCommentsImport(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	csvFile := filepath.Join(t.TempDir(), "reactions.csv")
	if err := os.WriteFile(csvFile, []byte(hostileCSV()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := importComments(t, src, csvFile, "", false, "-approve", "all")
	if r.err != nil {
		t.Fatalf("import: %v\n%s", r.err, r.stderr)
	}
	for _, want := range []string{
		"reactions.csv:8 : un texte de 1048576 caractères (au plus 5000) : laissée de côté",
		"reactions.csv:9 : ce n’est pas une ligne de CSV",
		`reactions.csv:10 : une réaction sur "/tribunes/autre-site/", qui n’est pas un texte du site : laissée de côté`,
		"reactions.csv:18 : une réaction sans nom ou sans texte : laissée de côté",
	} {
		if !strings.Contains(strings.ReplaceAll(r.stderr, "\u00a0", " "), want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stdout, "3 publiée(s), 0 refusée(s), 0 en attente") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	data, err := os.ReadFile(filepath.Join(src, "content", "tribunes", "2026-03-01-plateformes.comments.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"@lecteurs.example", "\u202e", "Robot", "Achetez"} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("the comments file holds %q:\n%s", bad, data)
		}
	}
	c, err := content.ParseComments("x", data, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Approved) != 3 {
		t.Fatalf("%d comments published: %+v", len(c.Approved), c.Approved)
	}
	if c.Approved[1].Name != "AliecilA" || c.Approved[1].Text != "Bien dit.\n\nDeuxième paragraphe inversé." {
		t.Errorf("cleaned comment: %+v", c.Approved[1])
	}

	// Built: plain text, escaped, no script, no link.
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, src, out)
	page, err := os.ReadFile(filepath.Join(out, "tribunes", "plateformes", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>alert", "<b>Zoé", `href="javascript`, "<img src=x", "lecteurs.example"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page holds %q", bad)
		}
	}
	for _, want := range []string{"3 réactions", "&lt;b&gt;Zoé&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;", "<p>Deuxième paragraphe inversé.</p>", `"commentCount":3`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}

	// The team's notes and replies in the file are kept by the next
	// imports.
	file := filepath.Join(src, "content", "tribunes", "2026-03-01-plateformes.comments.yaml")
	edited := strings.Replace(string(data), "comments:", "# Note de l’équipe : à relire.\ncomments:", 1)
	for _, l := range strings.Split(edited, "\n") {
		if strings.TrimSpace(l) == "text: Par une ancienne adresse." {
			indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
			edited = strings.Replace(edited, l, l+"\n"+indent+"reply: Merci.", 1)
			break
		}
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	// Imported again: nothing waits; a refused comment stays refused.
	r = importComments(t, src, csvFile, "", false)
	if r.err != nil || !strings.Contains(r.stdout, "aucune réaction n’attend") {
		t.Errorf("second import: %v\n%s", r.err, r.stdout)
	}
	more := filepath.Join(t.TempDir(), "plus.csv")
	os.WriteFile(more, []byte("statement;name;message;created_at\n/tribunes/plateformes/;Nina;Je ne suis pas d'accord.;2026-03-08 09:00:00\n/tribunes/plateformes/;Omar;D'accord, écrivez-moi : omar@lecteurs.example;2026-03-08 10:00:00\n"), 0o644)
	r = importComments(t, src, more, "n\nl\n", true)
	if r.err != nil || !strings.Contains(r.stdout, "0 publiée(s), 1 refusée(s), 1 en attente") {
		t.Fatalf("interactive import: %v\n%s", r.err, r.stdout)
	}
	r = importComments(t, src, more, "", false)
	if !strings.Contains(strings.ReplaceAll(r.stdout, "\u00a0", " "), "1 réaction(s) en attente : publiez-les avec -approve") {
		t.Errorf("without a terminal nor a decision:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "(elle contient une adresse électronique, qui serait publiée") {
		t.Errorf("an address in the text is not pointed out:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "Nina") || !strings.Contains(r.stdout, "Omar") {
		t.Errorf("after refusing Nina:\n%s", r.stdout)
	}
	kept, _ := os.ReadFile(file)
	if !strings.Contains(string(kept), "# Note de l’équipe : à relire.") || !strings.Contains(string(kept), "reply: Merci.") || !strings.Contains(string(kept), "rejected:") {
		t.Errorf("the comments file lost what the team wrote:\n%s", kept)
	}
	if r := importComments(t, src, more, "", false, "-approve", "nope"); r.err == nil {
		t.Error("an unknown id was accepted")
	}
}

// Forged submissions are left out: without consent, on a statement that
// takes no comments, sent after its comments closed.
func TestCommentsForged(t *testing.T) {
	t.Parallel()
	src := newSite(t, "-- content/communiques/avis.md --\n---\ntitle: Avis\ndate: 2026-02-01\nslug: avis\n---\nTexte.\n")
	csvFile := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(csvFile, []byte("statement,name,message,consent,created_at\n"+
		"/tribunes/plateformes/,Sans accord,Texte.,,2026-03-02T10:00:00Z\n"+
		"/communiques/avis/,Communiqué,Texte.,oui,2026-03-02T10:00:00Z\n"+
		"/tribunes/plateformes/,Tard,Texte.,oui,02/06/2026 10:00\n"+
		"/tribunes/plateformes/,Bon,Texte.,oui,02/03/2026 10:00\n"), 0o644)
	r := importComments(t, src, csvFile, "", false, "-approve", "all")
	stderr := strings.ReplaceAll(r.stderr, "\u00a0", " ")
	for _, want := range []string{"r.csv:2 : une réaction envoyée sans accord aux règles", "r.csv:3 : une réaction sur \"/communiques/avis/\", qui n’en accepte pas", "r.csv:4 : une réaction sur \"/tribunes/plateformes/\" envoyée après la fermeture des réactions"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if r.err != nil || !strings.Contains(r.stdout, "1 publiée(s)") {
		t.Errorf("%v\n%s", r.err, r.stdout)
	}
}

// A comment on a statement that is not public is named, never written.
func TestCommentsOnHiddenStatements(t *testing.T) {
	t.Parallel()
	src := newSite(t, "-- content/tribunes/brouillon.md --\n---\ntitle: Brouillon\ndate: 2026-03-01\nslug: brouillon\ndraft: true\nsignatories: [{name: X}]\n---\nTexte.\n")
	csvFile := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(csvFile, []byte("statement,name,message,created_at\n/tribunes/brouillon/,Eve,Déjà ?,2026-03-02T10:00:00Z\n"), 0o644)
	r := importComments(t, src, csvFile, "", false, "-approve", "all")
	if r.err != nil || !strings.Contains(r.stderr, "qui n’est pas public") {
		t.Errorf("%v\n%s\n%s", r.err, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(src, "content", "tribunes", "brouillon.comments.yaml")); err == nil {
		t.Error("a comments file was written for a draft")
	}
}

// FuzzReadSubmissions reads any export without panicking, and keeps only
// comments within bounds, as plain text.
func FuzzReadSubmissions(f *testing.F) {
	f.Add([]byte(hostileCSV()[:2000]))
	f.Add([]byte("statement;name;message;created_at\n/tribunes/plateformes/;A;B;2026-03-02\n"))
	f.Add([]byte("sep=;\nstatement;name;message\n\"a;b\n"))
	dir := f.TempDir()
	writeFiles(f, dir, siteArchive(f))
	root, err := os.OpenRoot(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer root.Close()
	s, err := buildModel(root)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pending, _, err := readSubmissions("f.csv", data, s, root.FS())
		if err != nil {
			return
		}
		for _, p := range pending {
			c := p.comment
			if !content.ValidCommentID(c.ID) || c.Name == "" || c.Text == "" || len([]rune(c.Name)) > content.MaxCommentName || len([]rune(c.Text)) > content.MaxCommentText {
				t.Fatalf("kept %+v", c)
			}
			if content.CleanText(c.Text) != c.Text || strings.ContainsAny(c.Text+c.Name, "\u202e\u200b\x00") {
				t.Fatalf("not clean: %q", c.Text)
			}
		}
	})
}

func buildModel(root *os.Root) (*site.Site, error) {
	return build.New(root.FS(), nil).Model(context.Background(), build.Options{At: commentsAt})
}
