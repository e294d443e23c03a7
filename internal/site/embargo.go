package site

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"tribune/internal/locale"
	"unicode/utf8"
)

// EmbargoKeyVar is the environment variable holding the key of the secret
// addresses of embargo copies; MinEmbargoKey, its shortest length.
const (
	EmbargoKeyVar = "TRIBUNE_EMBARGO_KEY"
	MinEmbargoKey = 16
	// EmbargoDir is the folder of the embargo copies.
	EmbargoDir = PressURL + "embargo/"
)

// EmbargoToken is the secret part of the address of a statement's embargo
// copy: an HMAC-SHA-256 of what names it (AccessName) under key, cut to
// 128 bits. The same for every build, different for every statement, and
// not to be found without the key.
func EmbargoToken(key []byte, id string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("tribune embargo access\x00" + id))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// embargoAccess gives each communiqué asking for it (embargoAccess: true)
// its secret address: while under embargo, a copy of it is made there for
// journalists (Site.EmbargoCopies), linked from nowhere; once public, the
// address redirects to it.
func (b *builder) embargoAccess() {
	// Spaces around the key are a slip of copy and paste: the same key
	// with or without them gives the same addresses.
	key := bytes.TrimSpace(b.opts.EmbargoKey)
	for _, p := range b.all {
		if p.Meta == nil || !p.Meta.EmbargoAccess {
			continue
		}
		src, pos := p.File.Source, p.Meta.Pos["embargoAccess"]
		switch {
		case p.Kind != Communique:
			b.errorf(src, pos, "embargoAccess is for communiqués: remove it")
			continue
		case p.Embargo.IsZero():
			b.errorf(src, pos, "embargoAccess needs an embargo: the copy for journalists exists until the embargo lifts")
			continue
		case len(key) == 0:
			switch {
			case b.opts.Preview || b.opts.ListOnly:
			case p.State == Embargoed:
				b.errorf(src, pos, "embargoAccess: the key of the secret addresses is missing: set the environment variable %s (%d characters at least, kept secret) where the site is built", EmbargoKeyVar, MinEmbargoKey)
			case p.State == Public:
				// Its address, sent to journalists, must keep leading
				// to it.
				b.errorf(src, pos, "embargoAccess: the key of the secret addresses is missing: without it, the address sent to journalists no longer leads to the communiqué; set the environment variable %s where the site is built", EmbargoKeyVar)
			}
			continue
		case utf8.RuneCount(key) < MinEmbargoKey:
			// Refused in the preview too: a key that short would be
			// kept, and the addresses guessed.
			if (p.State == Embargoed || p.State == Public && !b.opts.Preview) && !b.opts.ListOnly {
				b.errorf(src, pos, "embargoAccess: the key in %s has %d characters, too few to keep the addresses secret: give it %d at least", EmbargoKeyVar, utf8.RuneCount(key), MinEmbargoKey)
			}
			continue
		}
		p.SecretURL = EmbargoDir + EmbargoToken(key, AccessName(p)) + "/"
		switch p.State {
		case Embargoed:
			if b.claimURL(p.SecretURL, claim{file: src, pos: pos, what: locale.M("the embargo copy of %s", src), fix: locale.M("change the id")}) {
				b.s.EmbargoCopies = append(b.s.EmbargoCopies, b.embargoCopy(p))
			}
		case Public:
			// Journalists' links lead to the communiqué.
			c := claim{file: src, pos: pos, what: locale.M("the embargo address of %s", src), fix: locale.M("change the id")}
			if b.claimURL(p.SecretURL, c) {
				b.s.Pages = append(b.s.Pages, &Page{Kind: Alias, URL: p.SecretURL, Permalink: b.absURL(p.SecretURL), Target: p.URL,
					Title: p.Title, Lang: p.Lang, Section: p.Section, From: c.file, FromPos: c.pos})
			}
		}
	}
}

// embargoCopy is the copy of a communiqué under embargo at its secret
// address, with its image and attachments copied there too (Moved).
func (b *builder) embargoCopy(p *Page) *Page {
	c := *p
	// The copy is for journalists: no reader's comment, no form, whose
	// hidden field would carry the secret address to the form service.
	c.Comments, c.CommentsOpen, c.CommentsClosed = nil, false, false
	c.Secret, c.Original = true, p
	c.URL, c.Permalink = p.SecretURL, b.absURL(p.SecretURL)
	if p.Image != nil {
		img := *p.Image
		img.Src = c.Moved(img.Src)
		c.Image = &img
	}
	c.Attachments = make([]Attachment, len(p.Attachments))
	for i, a := range p.Attachments {
		a.URL = c.Moved(a.URL)
		c.Attachments[i] = a
	}
	c.Related, c.Prev, c.Next, c.Tags = nil, nil, nil, nil
	return &c
}

// AccessName is what the secret address of p's embargo copy is made
// from: its id when the front matter gives one, else its file's path under
// content/. Correcting its title, date, slug or embargo keeps the address
// sent to journalists; renaming the file changes it, unless id is set.
func AccessName(p *Page) string {
	if p.Meta != nil {
		if id := strings.TrimSpace(p.Meta.ID); id != "" {
			return "id:" + id
		}
	}
	return "file:" + p.File.Path
}

// Moved is where the embargo copy c shows a file of the site: its own
// copy of it, under its secret address.
func (c *Page) Moved(sitePath string) string {
	return c.SecretURL + strings.TrimPrefix(sitePath, "/")
}
