package content

import (
	"encoding/hex"
	"errors"
	"image/color"
	"io/fs"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // sites name IANA zones; do not depend on the host's database

	"go.yaml.in/yaml/v3"

	"tribune/internal/locale"
)

// Config is the site's settings, from site.toml.
type Config struct {
	Title string
	// Description says what the site is, for search engines and shared
	// links of pages that have no summary of their own.
	Description   string
	BaseURL       string // absolute, ending in "/"
	Language      string
	TimeZone      string
	Location      *time.Location
	Paginate      int
	FeedItems     int
	City          string
	EndMark       string
	AllowHTML     bool
	Organisation  Organisation
	Share         Share
	Comments      CommentSettings
	Contacts      []Contact
	Accessibility string // "non", "partiellement" or "totalement"
	Menu          []MenuItem
	// Languages are the site's other languages, by code ("en"), each under
	// its prefix ("/en/"); the default language (Language) is at the root.
	Languages  map[string]*Language
	Typography map[string]string // language code → setting
	// KitFolder is the folder under static/ holding the press kit;
	// Kit describes each of its files.
	KitFolder string
	Kit       []KitFile
	// Keep names entries at the top of the output folder that builds keep
	// as they are, besides .git and CNAME.
	Keep []string
	// Topics are the names topics show, when declared: a statement's
	// spelling of one then changes nothing.
	Topics []string
	Pos    map[string]Pos
}

// Language is a language of the site besides the default one: its pages
// are under Prefix, with its own title, description, menu and names of
// the sections in URLs.
type Language struct {
	Code, Title, Description string
	// Prefix is the first segment of its URLs, without slashes: "en".
	Prefix string
	// Sections names the newsroom sections in its URLs, by folder:
	// tribunes → "op-eds".
	Sections map[string]string
	Menu     []MenuItem
}

// CommentSettings say where readers may comment, and how long.
type CommentSettings struct {
	// Sections opens a section to comments by default (tribunes: true).
	Sections map[string]bool
	// CloseAfter is the number of days after publication comments stay
	// open (0: they never close).
	CloseAfter int
	// Action is where the form posts, for a host other than Netlify;
	// empty, it posts to Netlify Forms.
	Action string
	// Policy is the site path of the page of moderation and privacy
	// rules, which the form links.
	Policy string
}

// KitFile describes a file of the press kit.
type KitFile struct {
	File, Title, Alt, Credit string
}

// Organisation is the association publishing the site.
type Organisation struct {
	Name, FullName, URL, Logo, About string
	// LogoDark is the logo drawn for dark backgrounds, shown when the
	// reader's system is in dark mode.
	LogoDark string
}

// Share is how the pictures of shared links are drawn, for pages with no
// image of their own: the logo (PNG or JPEG) and the colours.
type Share struct {
	Logo                     string
	Background, Text, Accent color.RGBA
}

// MenuItem is an entry of the header navigation.
type MenuItem struct {
	Name, URL string
}

// ConfigFile is the settings file's name at the site's root.
const ConfigFile = "site.toml"

// DefaultConfig returns the settings of a site without site.toml.
func DefaultConfig() *Config {
	loc, _ := time.LoadLocation("Europe/Paris")
	return &Config{
		Title:         "Tribune",
		BaseURL:       "http://localhost:1313/",
		Language:      "fr",
		TimeZone:      "Europe/Paris",
		Location:      loc,
		Paginate:      10,
		FeedItems:     50,
		City:          "Paris",
		EndMark:       "###",
		Accessibility: "non",
		KitFolder:     "presse/kit",
		Comments:      CommentSettings{Sections: map[string]bool{"tribunes": true, "communiques": false}, CloseAfter: 60, Policy: "/moderation/"},
		Share: Share{
			Background: color.RGBA{0x1d, 0x3c, 0x6e, 0xff},
			Text:       color.RGBA{0xff, 0xff, 0xff, 0xff},
			Accent:     color.RGBA{0xf2, 0xb1, 0x34, 0xff},
		},
		Pos: map[string]Pos{},
	}
}

// LoadConfig reads site.toml from fsys; a missing file gives the defaults.
// The returned Config is usable even with errors (broken settings keep their
// defaults), so a build can go on and report every other problem too.
func LoadConfig(fsys fs.FS) (*Config, error) {
	c := DefaultConfig()
	if info, err := fs.Stat(fsys, ConfigFile); err == nil && !info.Mode().IsRegular() {
		// Reading a named pipe would wait for a writer forever.
		return c, ErrorList{Errorf(ConfigFile, Pos{}, "not a plain file (%v): remove it", info.Mode().Type())}
	}
	data, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, ErrorList{Errorf(ConfigFile, Pos{}, "cannot read: %v", unwrapPath(err))}
	}
	text, perr := normalize(ConfigFile, data)
	if perr != nil {
		return c, ErrorList{perr}
	}
	root, errs := parseTOML(ConfigFile, text, 1)
	if len(errs) > 0 {
		return c, errs.Err()
	}
	d := &decoder{file: ConfigFile, loc: time.UTC, pos: c.Pos}
	str := func(dst *string) field { return func(v *yaml.Node, p string) { *dst = d.str(v, p) } }
	positive := func(dst *int) field {
		return func(v *yaml.Node, p string) {
			before := len(d.errs)
			n := d.integer(v, p)
			switch {
			case len(d.errs) > before:
			case n < 1:
				d.errorf(v, "%s must be at least 1", p)
			default:
				*dst = n
			}
		}
	}
	d.mapping(root, "", map[string]field{
		"title": func(v *yaml.Node, p string) {
			if c.Title = strings.TrimSpace(d.str(v, p)); c.Title == "" {
				d.errorf(v, "title must not be empty: it names the site in every page and feed")
			}
		},
		"description": func(v *yaml.Node, p string) { c.Description = strings.TrimSpace(d.str(v, p)) },
		"baseURL":     str(&c.BaseURL),
		"language":    str(&c.Language),
		"timeZone":    str(&c.TimeZone),
		"paginate":    positive(&c.Paginate),
		"feedItems":   positive(&c.FeedItems),
		"city":        str(&c.City),
		"endMark":     str(&c.EndMark),
		"allowHTML":   func(v *yaml.Node, p string) { c.AllowHTML = d.boolean(v, p) },
		"organisation": func(v *yaml.Node, p string) {
			o := &c.Organisation
			d.mapping(v, p, map[string]field{
				"name": str(&o.Name), "fullName": str(&o.FullName), "url": str(&o.URL),
				"logo": str(&o.Logo), "about": str(&o.About), "logoDark": str(&o.LogoDark),
			})
		},
		"share": func(v *yaml.Node, p string) {
			sh := &c.Share
			colour := func(dst *color.RGBA) field {
				return func(v *yaml.Node, p string) {
					if col, ok := parseColour(d.str(v, p)); ok {
						*dst = col
					} else {
						d.errorf(v, "%s: %s is not a colour: write it #rrggbb, as in #1d3c6e", p, Quote(v.Value))
					}
				}
			}
			d.mapping(v, p, map[string]field{
				"logo": str(&sh.Logo), "background": colour(&sh.Background), "text": colour(&sh.Text), "accent": colour(&sh.Accent),
			})
			// The title is text (4.5:1, WCAG AA); the kind label is large
			// bold text and the band a shape (3:1).
			at := func(keys ...string) *yaml.Node {
				for _, want := range keys {
					for i := 0; i+1 < len(v.Content); i += 2 {
						if v.Content[i].Value == want {
							return v.Content[i]
						}
					}
				}
				return v
			}
			if Contrast(sh.Text, sh.Background) < 4.5 {
				d.errorf(at("text", "background"), "share: the text and background colours are too close (contrast under 4.5:1): the title would be hard to read")
			}
			if Contrast(sh.Accent, sh.Background) < 3 {
				d.errorf(at("accent", "background"), "share: the accent and background colours are too close (contrast under 3:1): the kind of the text would be hard to read")
			}
		},
		"contacts": func(v *yaml.Node, p string) { c.Contacts = d.contacts(v, p) },
		"keep": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				name := d.str(v, p)
				if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
					d.errorf(v, "%s: %s is not the name of an entry at the top of the output folder", p, Quote(name))
					return
				}
				c.Keep = append(c.Keep, name)
			})
		},
		"kitFolder": str(&c.KitFolder),
		"topics":    func(v *yaml.Node, p string) { c.Topics = d.strList(v, p) },
		"kit": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				var k KitFile
				d.mapping(v, p, map[string]field{
					"file": str(&k.File), "title": str(&k.Title), "alt": str(&k.Alt), "credit": str(&k.Credit),
				})
				c.Kit = append(c.Kit, k)
			})
		},
		"accessibility": func(v *yaml.Node, p string) {
			d.mapping(v, p, map[string]field{"status": func(v *yaml.Node, p string) {
				c.Accessibility = d.str(v, p)
				switch c.Accessibility {
				case "non", "partiellement", "totalement":
				default:
					d.errorf(v, "%s: expected \"non\", \"partiellement\" or \"totalement\", got %s", p, Quote(c.Accessibility))
				}
			}})
		},
		"menu": func(v *yaml.Node, p string) {
			d.list(v, p, func(_ int, v *yaml.Node, p string) {
				var m MenuItem
				d.mapping(v, p, map[string]field{"name": str(&m.Name), "url": func(v *yaml.Node, p string) { m.URL = d.link(v, p) }})
				c.Menu = append(c.Menu, m)
			})
		},
		"comments": func(v *yaml.Node, p string) {
			cs := &c.Comments
			d.mapping(v, p, map[string]field{
				"tribunes":    func(v *yaml.Node, p string) { cs.Sections["tribunes"] = d.boolean(v, p) },
				"communiques": func(v *yaml.Node, p string) { cs.Sections["communiques"] = d.boolean(v, p) },
				"closeAfter": func(v *yaml.Node, p string) {
					if n := d.integer(v, p); n >= 0 {
						cs.CloseAfter = n
					} else {
						d.errorf(v, "%s: a number of days, 0 or more", p)
					}
				},
				"action": func(v *yaml.Node, p string) {
					cs.Action = strings.TrimSpace(d.str(v, p))
					if u, err := url.Parse(cs.Action); cs.Action != "" && (err != nil || u.Scheme != "https" || u.Host == "") {
						d.errorf(v, "%s: %s is not an https address", p, Quote(cs.Action))
						cs.Action = ""
					}
				},
				"policy": func(v *yaml.Node, p string) { cs.Policy = d.link(v, p) },
			})
		},
		"languages": func(v *yaml.Node, p string) {
			if v.Kind != yaml.MappingNode {
				d.errorf(v, "%s: expected a table per language, [languages.en]", p)
				return
			}
			c.Languages = map[string]*Language{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				code, lv := v.Content[i].Value, v.Content[i+1]
				lp := p + "." + code
				c.Pos[lp] = Pos{v.Content[i].Line, v.Content[i].Column}
				l := &Language{Code: code, Prefix: strings.ToLower(code), Sections: map[string]string{}}
				d.mapping(lv, lp, map[string]field{
					"title":       func(v *yaml.Node, p string) { l.Title = strings.TrimSpace(d.str(v, p)) },
					"description": func(v *yaml.Node, p string) { l.Description = strings.TrimSpace(d.str(v, p)) },
					"prefix":      str(&l.Prefix),
					"sections": func(v *yaml.Node, p string) {
						d.mapping(v, p, map[string]field{
							"tribunes":    func(v *yaml.Node, p string) { l.Sections["tribunes"] = d.str(v, p) },
							"communiques": func(v *yaml.Node, p string) { l.Sections["communiques"] = d.str(v, p) },
						})
					},
					"menu": func(v *yaml.Node, p string) {
						d.list(v, p, func(_ int, v *yaml.Node, p string) {
							var m MenuItem
							d.mapping(v, p, map[string]field{"name": str(&m.Name), "url": func(v *yaml.Node, p string) { m.URL = d.link(v, p) }})
							l.Menu = append(l.Menu, m)
						})
					},
				})
				c.Languages[code] = l
			}
		},
		"typography": func(v *yaml.Node, p string) {
			if v.Kind != yaml.MappingNode {
				d.errorf(v, "%s: expected a table of language = setting", p)
				return
			}
			c.Typography = map[string]string{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k := v.Content[i].Value
				c.Typography[k] = d.str(v.Content[i+1], p+"."+k)
				c.Pos[p+"."+k] = Pos{v.Content[i+1].Line, v.Content[i+1].Column}
			}
		},
	})
	if c.TimeZone != "" {
		loc, err := time.LoadLocation(c.TimeZone)
		if err != nil || c.TimeZone == "Local" {
			d.errs = append(d.errs, Errorf(ConfigFile, c.Pos["timeZone"], "unknown time zone %s: use an IANA name such as Europe/Paris", Quote(c.TimeZone)))
		} else {
			c.Location = loc
		}
	}
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		d.errs = append(d.errs, Errorf(ConfigFile, c.Pos["baseURL"], "%v", err))
	}
	return c, d.errs.Err()
}

// SetBaseURL checks and sets the base URL, adding the final slash. It is
// an http or https URL made of a host, an optional port and an optional
// path: every absolute URL of the site starts with it, so a query, a
// fragment or a user name would be in all of them.
func (c *Config) SetBaseURL(s string) error {
	u, err := url.Parse(s)
	bad := func(why locale.Message) error {
		return locale.M("baseURL %s %s: write an address such as https://example.org/ or https://example.org/presse/", Quote(s), why)
	}
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "":
		return bad(locale.M("is not an absolute http or https URL"))
	case u.User != nil:
		return bad(locale.M("holds a user name or password"))
	case u.RawQuery != "" || u.ForceQuery || strings.Contains(s, "?"):
		return bad(locale.M("holds a query (?…)"))
	case u.Fragment != "" || strings.Contains(s, "#"):
		return bad(locale.M("holds a fragment (#…)"))
	case strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return bad(locale.M("holds spaces or control characters"))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad(locale.M("has an impossible port"))
		}
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return bad(locale.M("has . or .. in its path"))
		}
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	c.BaseURL = s
	return nil
}

// parseColour reads a colour written "#1d3c6e" or "#fff".
func parseColour(s string) (color.RGBA, bool) {
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if !strings.HasPrefix(s, "#") || len(h) != 6 {
		return color.RGBA{}, false
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return color.RGBA{}, false
	}
	return color.RGBA{b[0], b[1], b[2], 0xff}, true
}

// Contrast is the contrast ratio of two colours, as WCAG computes it:
// from 1 (the same) to 21 (black on white).
func Contrast(a, b color.RGBA) float64 {
	lum := func(c color.RGBA) float64 {
		ch := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.04045 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
