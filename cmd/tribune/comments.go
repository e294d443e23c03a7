package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/site"
)

// A submission is a comment sent with the form, read from the CSV export
// of the form's submissions.
type submission struct {
	line    int
	id      string
	page    *site.Page
	comment content.Comment
}

// The columns of the form's submissions, as Netlify exports them: one per
// field of the form (layouts/partials/comments.html), and the date it was
// sent. An id column, when there is one, names each submission; otherwise
// its id is made from what it holds.
var commentColumns = map[string][]string{
	"statement": {"statement"},
	"name":      {"name"},
	"message":   {"message"},
	"date":      {"created_at", "date", "submitted_at"},
	"id":        {"id"},
	"trap":      {"site-web"},
	"consent":   {"consent"},
}

// emailInText finds an e-mail address written in a comment.
var emailInText = regexp.MustCompile(`[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}`)

// stdinIsTerminal reports whether the command may ask its questions.
func stdinIsTerminal(stdin *os.File) bool {
	info, err := stdin.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	// /dev/null is a character device too, and no one answers there.
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(info, null) {
		return false
	}
	return true
}

func runComments(ctx context.Context, args []string, stdin io.Reader, interactive bool, now time.Time, stdout, stderr io.Writer) error {
	lang := siteLanguage(args)
	if len(args) == 0 || args[0] != "import" {
		return usagef("tribune comments import [-src DIR] [-approve IDS] [-reject IDS] FILE.csv")
	}
	args = args[1:]
	fl := newFlags("comments import", lang, tr(lang, "tribune comments import [-src DIR] [-approve IDS] [-reject IDS] FILE.csv"), stderr)
	src := fl.String("src", ".", tr(lang, "site `folder`"))
	approve := fl.String("approve", "", tr(lang, "`ids` of the comments to publish, separated by commas, or all"))
	reject := fl.String("reject", "", tr(lang, "`ids` of the comments to refuse, separated by commas, or all"))
	rest, err := parseArgs(fl, args, stderr)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("give the CSV file of the form's submissions")
	}
	csvFile := rest[0]
	if *approve == "all" && *reject == "all" {
		return usagef("-approve all and -reject all: give one of them")
	}
	data, err := os.ReadFile(csvFile)
	if err != nil {
		return locale.M("cannot read %s: %v", csvFile, err)
	}
	root, err := openSite(*src)
	if err != nil {
		return err
	}
	defer root.Close()
	s, err := build.New(root.FS(), nil).Model(ctx, build.Options{At: now, EmbargoKey: embargoKey()})
	if err != nil {
		return err
	}
	pending, problems, err := readSubmissions(filepath.Base(csvFile), data, s, root.FS())
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(stderr, p.In(lang))
	}
	if len(pending) == 0 {
		say(stdout, lang, "no comment waits to be read\n")
		return nil
	}
	ids := func(list string) map[string]bool {
		out := map[string]bool{}
		for _, id := range strings.Split(list, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out[id] = true
			}
		}
		return out
	}
	yes, no := ids(*approve), ids(*reject)
	decided := map[string]bool{} // id → published
	for _, sub := range pending {
		switch {
		case yes[sub.id] || yes["all"] && !no[sub.id]:
			decided[sub.id] = true
		case no[sub.id] || no["all"] && !yes[sub.id]:
			decided[sub.id] = false
		}
	}
	for id := range yes {
		if id != "all" && !slices.ContainsFunc(pending, func(s submission) bool { return s.id == id }) {
			return locale.M("no comment waiting has the id %s", content.Quote(id))
		}
	}
	for id := range no {
		if id != "all" && !slices.ContainsFunc(pending, func(s submission) bool { return s.id == id }) {
			return locale.M("no comment waiting has the id %s", content.Quote(id))
		}
	}
	// Answers are read aside, so that Ctrl-C (the context) ends the
	// questions; what was decided until then is kept.
	lines := make(chan string)
	go func() {
		in := bufio.NewScanner(stdin)
		for in.Scan() {
			lines <- in.Text()
		}
		close(lines)
	}()
	stopped := false
	for _, sub := range pending {
		c := sub.comment
		say(stdout, lang, "[%s] %s, %s, on %s:\n", sub.id, c.Name, c.Date.In(s.Config.Location).Format("2006-01-02 15:04"), "« "+sub.page.Title+" »")
		for _, l := range strings.Split(c.Text, "\n") {
			fmt.Fprintln(stdout, "    "+l)
		}
		// The e-mail column is never kept, but an address written in the
		// text would be published with it.
		if emailInText.MatchString(c.Name + " " + c.Text) {
			say(stdout, lang, "    (it holds an e-mail address, which would be published: refuse it, or publish it and remove the address from the comments file)\n")
		}
		if _, ok := decided[sub.id]; ok || !interactive || len(yes)+len(no) > 0 || stopped {
			continue
		}
		for !stopped {
			say(stdout, lang, "Publish it? [y]es, [n]o, [l]ater: ")
			var answer string
			var ok bool
			select {
			case answer, ok = <-lines:
			case <-ctx.Done():
			}
			if !ok { // end of input (Ctrl-D) or Ctrl-C: no more questions
				stopped = true
				fmt.Fprintln(stdout)
				break
			}
			a := strings.ToLower(strings.TrimSpace(answer))
			if a == "o" || a == "oui" || a == "y" || a == "yes" {
				decided[sub.id] = true
			} else if a == "n" || a == "non" || a == "no" {
				decided[sub.id] = false
			} else if a != "l" && a != "p" && a != "plus tard" && a != "later" && a != "" {
				continue
			}
			break
		}
	}
	if !interactive && len(yes)+len(no) == 0 && len(decided) == 0 {
		say(stdout, lang, "%d comments wait: publish them with -approve ID,ID… or refuse them with -reject ID,ID… (or all), or run the command in a terminal to answer for each\n", len(pending))
		return nil
	}
	published, refused, err := recordDecisions(root, pending, decided)
	if err != nil {
		return err
	}
	say(stdout, lang, "%d published, %d refused, %d still waiting: the next build shows the published ones\n", published, refused, len(pending)-published-refused)
	return nil
}

// readSubmissions reads the CSV export of the form's submissions: the
// comments that wait to be read, and what is wrong with the others, one
// line each (a comment for no statement or a hidden one, too long, empty).
// Comments already published or refused are left out.
func readSubmissions(file string, data []byte, s *site.Site, fsys fs.FS) (pending []submission, problems []locale.Message, err error) {
	r := spreadsheetReader(data)
	header, err := r.Read()
	if err != nil {
		return nil, nil, locale.M("%s: no first line naming the columns (%v)", file, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for key, names := range commentColumns {
			if _, seen := col[key]; !seen && slices.Contains(names, h) {
				col[key] = i
			}
		}
	}
	for _, key := range []string{"statement", "name", "message"} {
		if _, ok := col[key]; !ok {
			return nil, nil, locale.M("%s: no column %s: export the submissions of the comments form", file, content.Quote(key))
		}
	}
	byURL := map[string]*site.Page{}
	hidden := map[string]*site.Page{}
	for _, p := range s.Pages {
		if p.Kind.IsStatement() {
			byURL[p.URL] = p
		}
	}
	for _, p := range s.Hidden {
		hidden[p.URL] = p
	}
	for _, p := range s.Pages {
		if p.Kind == site.Alias && byURL[p.Target] != nil {
			byURL[p.URL] = byURL[p.Target]
		}
	}
	known := map[*site.Page]map[string]bool{}
	seen := map[string]bool{}
	line := 1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			var pe interface{ Unwrap() error }
			if errors.As(err, &pe) {
				problems = append(problems, locale.M("%s:%d: not a line of CSV (%v): left out", file, line, err))
				continue
			}
			return nil, nil, locale.M("%s:%d: %v", file, line, err)
		}
		if l, _ := r.FieldPos(0); l > 0 {
			line = l
		}
		get := func(key string) string {
			if i, ok := col[key]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		if strings.TrimSpace(get("trap")) != "" {
			continue // a robot filled the hidden field
		}
		u := strings.TrimSpace(get("statement"))
		p := byURL[u]
		if p == nil {
			if h := hidden[u]; h != nil {
				problems = append(problems, locale.M("%s:%d: a comment on %s, which is not public: left out", file, line, content.Quote(u)))
			} else {
				problems = append(problems, locale.M("%s:%d: a comment on %s, which is not a statement of the site: left out", file, line, content.Quote(content.Printable(u))))
			}
			continue
		}
		name, text := content.CleanName(get("name")), content.CleanText(get("message"))
		switch {
		case name == "" || text == "":
			problems = append(problems, locale.M("%s:%d: a comment without a name or a text: left out", file, line))
			continue
		case utf8.RuneCountInString(name) > content.MaxCommentName:
			problems = append(problems, locale.M("%s:%d: a name of %d characters (at most %d): left out", file, line, utf8.RuneCountInString(name), content.MaxCommentName))
			continue
		case utf8.RuneCountInString(text) > content.MaxCommentText:
			problems = append(problems, locale.M("%s:%d: a text of %d characters (at most %d): left out", file, line, utf8.RuneCountInString(text), content.MaxCommentText))
			continue
		}
		if _, ok := col["consent"]; ok && strings.TrimSpace(get("consent")) == "" {
			problems = append(problems, locale.M("%s:%d: a comment sent without consent to the rules: left out", file, line))
			continue
		}
		date, ok := submissionDate(get("date"), s.Config.Location)
		if !ok {
			problems = append(problems, locale.M("%s:%d: no date it was sent (%s): left out", file, line, content.Quote(content.Printable(get("date")))))
			continue
		}
		id := strings.TrimSpace(get("id"))
		if !content.ValidCommentID(id) {
			sum := sha256.Sum256([]byte(u + "\x00" + name + "\x00" + text + "\x00" + date.UTC().Format(time.RFC3339)))
			id = hex.EncodeToString(sum[:6])
		}
		if known[p] == nil {
			known[p] = map[string]bool{}
			if c, err := readCommentsFile(fsys, p); err == nil && c != nil {
				for _, a := range c.Approved {
					known[p][a.ID] = true
				}
				for _, r := range c.Rejected {
					known[p][r] = true
				}
			} else if err != nil {
				return nil, nil, err
			}
		}
		if open, closed := s.CommentsAt(p, date); !open {
			why := locale.M("%s:%d: a comment on %s, which takes none: left out", file, line, content.Quote(u))
			if closed {
				why = locale.M("%s:%d: a comment on %s sent after its comments closed: left out", file, line, content.Quote(u))
			}
			problems = append(problems, why)
			continue
		}
		if known[p][id] || seen[u+"\x00"+id] {
			continue // published, refused, or twice in the export
		}
		seen[u+"\x00"+id] = true
		pending = append(pending, submission{line: line, id: id, page: p, comment: content.Comment{ID: id, Name: name, Date: date, Text: text}})
	}
	return pending, problems, nil
}

// submissionDate reads the date a submission was sent, as exports and
// spreadsheets write it; one without an offset is in the site's zone.
func submissionDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 MST"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// commentsPath is the comments file of a statement, from the site's root.
func commentsPath(p *site.Page) string { return "content/" + content.CommentsFile(p.File.Path) }

func readCommentsFile(fsys fs.FS, p *site.Page) (*content.Comments, error) {
	name := commentsPath(p)
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return content.ParseComments(name, data, time.UTC)
}

// recordDecisions writes the decisions into the statements' comments
// files: a published comment with its id, name, date and text (never its
// e-mail address), a refused one by its id only.
func recordDecisions(root *os.Root, pending []submission, decided map[string]bool) (published, refused int, err error) {
	byPage := map[*site.Page][]submission{}
	var pages []*site.Page
	for _, sub := range pending {
		if _, ok := decided[sub.id]; !ok {
			continue
		}
		if byPage[sub.page] == nil {
			pages = append(pages, sub.page)
		}
		byPage[sub.page] = append(byPage[sub.page], sub)
	}
	for _, p := range pages {
		var approved []content.Comment
		var rejected []string
		for _, sub := range byPage[p] {
			if decided[sub.id] {
				approved = append(approved, sub.comment)
				published++
			} else {
				rejected = append(rejected, sub.id)
				refused++
			}
		}
		slices.SortStableFunc(approved, func(a, b content.Comment) int { return a.Date.Compare(b.Date) })
		if err := addToCommentsFile(root, commentsPath(p), p.Title, approved, rejected); err != nil {
			return published, refused, err
		}
	}
	return published, refused, nil
}

// addToCommentsFile adds comments and refused ids to a statement's
// comments file, making it if needed: what is there (the team's notes and
// replies, its comments) is kept, the new entries added at the end of
// their lists. It writes through a temporary file renamed into place.
func addToCommentsFile(root *os.Root, name, title string, approved []content.Comment, rejected []string) error {
	var doc yaml.Node
	data, err := root.ReadFile(name)
	switch {
	case err == nil:
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return locale.M("%s: %v", name, err)
		}
	case errors.Is(err, fs.ErrNotExist):
		data = nil
	default:
		return err
	}
	if len(doc.Content) == 0 {
		head := "Réactions publiées sous « " + strings.Join(strings.Fields(content.Printable(title)), " ") + " », écrites par tribune comments import.\n" +
			"Une réponse de l’association s’ajoute sous un texte : reply: \"…\"."
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, HeadComment: head}}}
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return locale.M("%s: not a comments file (comments: and rejected:)", name)
	}
	list := func(key string) *yaml.Node {
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == key {
				n := top.Content[i+1]
				if n.Kind != yaml.SequenceNode {
					n.Kind, n.Tag, n.Value, n.Content = yaml.SequenceNode, "!!seq", "", nil
				}
				return n
			}
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
		v := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		top.Content = append(top.Content, k, v)
		return v
	}
	if len(approved) > 0 {
		comments := list("comments")
		for _, a := range approved {
			var n yaml.Node
			if err := n.Encode(commentYAML{ID: a.ID, Name: a.Name, Date: a.Date.Format(time.RFC3339), Text: a.Text}); err != nil {
				return err
			}
			comments.Content = append(comments.Content, &n)
		}
	}
	if len(rejected) > 0 {
		refused := list("rejected")
		for _, id := range rejected {
			refused.Content = append(refused.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: id})
		}
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return err
	}
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+".tmp")
	if err := root.WriteFile(tmp, out, 0o644); err != nil {
		return err
	}
	return root.Rename(tmp, name)
}

type commentYAML struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	Date string `yaml:"date"`
	Text string `yaml:"text"`
}
