package content

import (
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Meta is a content file's front matter, decoded and checked for types.
// Rules that need the whole site (slug collisions, layouts, attachments)
// are checked later; Pos says where each key was written so those errors
// can point at it too.
type Meta struct {
	Title       string
	Subtitle    string
	Date        time.Time
	Slug        string
	Summary     string
	Tags        []string
	Draft       bool
	Embargo     time.Time
	Expiry      time.Time
	Updated     time.Time
	Corrections []Correction
	ID          string
	Aliases     []string
	Image       *Image
	Signatories []Person
	Outlet      *Outlet
	Contacts    []Contact
	Dateline    string
	Attachments []Attachment
	Lang        string
	// TranslationKey is shared by the translations of one statement.
	TranslationKey string
	Layout         string
	Canonical      string
	NoIndex        bool
	// Comments opens (true) or closes (false) the statement to readers'
	// comments, against its section's default; nil keeps the default.
	Comments *bool
	// EmbargoAccess asks for a copy of the statement, while under embargo,
	// at a secret address for journalists.
	EmbargoAccess bool

	// Pos maps a key path ("slug", "aliases[1]", "attachments[0].src") to
	// where it was written.
	Pos map[string]Pos
}

// Correction is a visible note about a change made after publication.
type Correction struct {
	Date time.Time
	Note string
}

// Image is an illustration with its text alternative.
type Image struct {
	Src, Alt, Credit string
	Decorative       bool
}

// Person is a signatory of a tribune.
type Person struct {
	Name, Role, Organisation, URL string
	// Portrait is their photo or drawing, shown beside the signature.
	Portrait *Image
}

// Outlet is where a tribune was co-published.
type Outlet struct {
	Name, URL string
	Date      time.Time
	// Label is the text of the link to the outlet's article, when the
	// organisation words it its own way ("Accès à l’article").
	Label string
}

// Contact is a press contact.
type Contact struct {
	Name, Role, Email, Phone string
}

// Attachment is a file offered for download.
type Attachment struct {
	Src, Title string
}

func (d *decoder) meta(root *yaml.Node, m *Meta) {
	str := func(dst *string) field { return func(v *yaml.Node, p string) { *dst = d.str(v, p) } }
	tm := func(dst *time.Time) field { return func(v *yaml.Node, p string) { *dst = d.time(v, p) } }
	boolean := func(dst *bool) field { return func(v *yaml.Node, p string) { *dst = d.boolean(v, p) } }
	list := func(dst *[]string) field { return func(v *yaml.Node, p string) { *dst = d.strList(v, p) } }
	var publishDate, embargo bool
	d.mapping(root, "", map[string]field{
		"title": func(v *yaml.Node, p string) {
			before := len(d.errs)
			m.Title = d.str(v, p)
			// Spaces and invisible characters alone (U+200B, U+FEFF)
			// make an empty title too.
			if len(d.errs) == before && strings.TrimFunc(m.Title, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == "" {
				d.errs = append(d.errs, Errorf(d.file, d.pos[p], "title must not be empty"))
			}
		},
		"subtitle":       str(&m.Subtitle),
		"date":           tm(&m.Date),
		"slug":           str(&m.Slug),
		"summary":        str(&m.Summary),
		"tags":           list(&m.Tags),
		"draft":          boolean(&m.Draft),
		"expiryDate":     tm(&m.Expiry),
		"updated":        tm(&m.Updated),
		"id":             str(&m.ID),
		"aliases":        list(&m.Aliases),
		"dateline":       str(&m.Dateline),
		"lang":           str(&m.Lang),
		"translationKey": func(v *yaml.Node, p string) { m.TranslationKey = strings.TrimSpace(d.str(v, p)) },
		"comments": func(v *yaml.Node, p string) {
			b := d.boolean(v, p)
			m.Comments = &b
		},
		"layout":        str(&m.Layout),
		"canonical":     str(&m.Canonical),
		"noindex":       boolean(&m.NoIndex),
		"embargoAccess": boolean(&m.EmbargoAccess),
		"embargo": func(v *yaml.Node, p string) {
			if publishDate {
				d.errorf(v, "embargo and publishDate say the same thing: keep only one")
			}
			embargo = true
			m.Embargo = d.time(v, p)
		},
		"publishDate": func(v *yaml.Node, p string) {
			if embargo {
				d.errorf(v, "embargo and publishDate say the same thing: keep only one")
			}
			publishDate = true
			m.Embargo = d.time(v, p)
		},
		"corrections": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				var c Correction
				d.mapping(v, p, map[string]field{"date": tm(&c.Date), "note": str(&c.Note)})
				m.Corrections = append(m.Corrections, c)
			})
		},
		"image": func(v *yaml.Node, p string) {
			if isNull(v) {
				return
			}
			img := &Image{}
			d.mapping(v, p, map[string]field{
				"src": str(&img.Src), "alt": str(&img.Alt), "credit": str(&img.Credit),
				"decorative": boolean(&img.Decorative),
			})
			m.Image = img
		},
		"signatories": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				var s Person
				d.mapping(v, p, map[string]field{
					"name": str(&s.Name), "role": str(&s.Role),
					"organisation": str(&s.Organisation), "url": str(&s.URL),
					"portrait": func(v *yaml.Node, p string) {
						if isNull(v) {
							return
						}
						img := &Image{}
						d.mapping(v, p, map[string]field{
							"src": str(&img.Src), "alt": str(&img.Alt), "decorative": boolean(&img.Decorative),
						})
						s.Portrait = img
					},
				})
				m.Signatories = append(m.Signatories, s)
			})
		},
		"outlet": func(v *yaml.Node, p string) {
			if isNull(v) {
				return
			}
			o := &Outlet{}
			d.mapping(v, p, map[string]field{"name": str(&o.Name), "url": str(&o.URL), "date": tm(&o.Date), "label": str(&o.Label)})
			m.Outlet = o
		},
		"contacts": func(v *yaml.Node, p string) {
			m.Contacts = d.contacts(v, p)
		},
		"attachments": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				var a Attachment
				d.mapping(v, p, map[string]field{"src": str(&a.Src), "title": str(&a.Title)})
				m.Attachments = append(m.Attachments, a)
			})
		},
	})
}

func (d *decoder) contacts(v *yaml.Node, p string) []Contact {
	var out []Contact
	d.list(v, p, func(_ int, v *yaml.Node, p string) {
		var c Contact
		d.mapping(v, p, map[string]field{
			"name":  func(v *yaml.Node, p string) { c.Name = d.str(v, p) },
			"role":  func(v *yaml.Node, p string) { c.Role = d.str(v, p) },
			"email": func(v *yaml.Node, p string) { c.Email = d.email(v, p) },
			"phone": func(v *yaml.Node, p string) { c.Phone = d.str(v, p) },
		})
		out = append(out, c)
	})
	return out
}
