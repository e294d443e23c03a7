package content

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A Comment is a reader's reaction to a statement, approved by the press
// team: its text is plain text, never HTML.
type Comment struct {
	// ID is the form submission's, so that an import does not bring it
	// back.
	ID   string
	Name string
	Date time.Time
	// Text and Reply (the organisation's answer, optional) are plain text,
	// paragraphs separated by blank lines.
	Text, Reply string
}

// Comments are what the comments file of a statement holds: the approved
// comments, oldest first, and the ids of the rejected ones.
type Comments struct {
	Approved []Comment
	Rejected []string
}

// CommentsFile is the name of a statement's comments file, beside it:
// "tribunes/x.md" → "tribunes/x.comments.yaml".
func CommentsFile(statement string) string {
	return strings.TrimSuffix(statement, ".md") + ".comments.yaml"
}

// Limits of a comment, checked at import and again when building.
const (
	MaxCommentName = 80
	MaxCommentText = 5000
)

// ParseComments reads a comments file (file names it in messages). Every
// text is cleaned as at import (CleanText): what a hand edit put there is
// shown as plain text too.
func ParseComments(file string, data []byte, loc *time.Location) (*Comments, error) {
	text, perr := normalize(file, data)
	if perr != nil {
		return nil, ErrorList{perr}
	}
	root, errs := parseYAML(file, []byte(text), 1)
	if len(errs) > 0 {
		return nil, errs
	}
	d := &decoder{file: file, loc: loc, pos: map[string]Pos{}}
	c := &Comments{}
	d.mapping(root, "", map[string]field{
		"comments": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				var cm Comment
				d.mapping(v, p, map[string]field{
					"id":    func(v *yaml.Node, p string) { cm.ID = strings.TrimSpace(d.str(v, p)) },
					"name":  func(v *yaml.Node, p string) { cm.Name = CleanName(d.str(v, p)) },
					"date":  func(v *yaml.Node, p string) { cm.Date = d.time(v, p) },
					"text":  func(v *yaml.Node, p string) { cm.Text = CleanText(d.str(v, p)) },
					"reply": func(v *yaml.Node, p string) { cm.Reply = CleanText(d.str(v, p)) },
				})
				switch {
				case !ValidCommentID(cm.ID):
					d.errorf(v, "%s: a comment needs its id, letters, digits, - and _ (%s)", p, Quote(cm.ID))
				case cm.Name == "" || cm.Text == "":
					d.errorf(v, "%s: a comment needs a name and a text", p)
				case cm.Date.IsZero():
					d.errorf(v, "%s: a comment needs its date", p)
				case utf8.RuneCountInString(cm.Name) > MaxCommentName || utf8.RuneCountInString(cm.Text) > MaxCommentText:
					d.errorf(v, "%s: a name is at most %d characters, a text %d", p, MaxCommentName, MaxCommentText)
				default:
					c.Approved = append(c.Approved, cm)
				}
			})
		},
		"rejected": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				id := strings.TrimSpace(d.str(v, p))
				if !ValidCommentID(id) {
					d.errorf(v, "%s: a comment needs its id, letters, digits, - and _ (%s)", p, Quote(id))
					return
				}
				c.Rejected = append(c.Rejected, id)
			})
		},
	})
	// An id names one comment: published once, or refused.
	seen := map[string]bool{}
	for _, a := range c.Approved {
		if seen[a.ID] {
			d.errs = append(d.errs, Errorf(file, Pos{}, "the id %s is given to two comments: keep one", Quote(a.ID)))
		}
		seen[a.ID] = true
	}
	for _, r := range c.Rejected {
		if seen[r] {
			d.errs = append(d.errs, Errorf(file, Pos{}, "the id %s is both published and refused: keep one", Quote(r)))
		}
		seen[r] = true
	}
	return c, d.errs.Err()
}

// CleanText makes a reader's text safe to keep: no control characters but
// line breaks, no invisible or direction-changing characters (U+202E
// would turn the page around it), lines trimmed, at most one blank line
// between paragraphs.
func CleanText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == '\u2028', r == '\u2029', r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
	var paras []string
	for _, p := range strings.Split(s, "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(paras, "\n\n")
}

// CleanName is CleanText on one line.
func CleanName(s string) string { return strings.Join(strings.Fields(CleanText(s)), " ") }

// Paragraphs splits a cleaned text into its paragraphs.
func Paragraphs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n\n")
}

// ValidCommentID reports whether id can name a comment: 1 to 64 letters,
// digits, hyphens and underscores (it becomes an anchor of the page).
func ValidCommentID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
