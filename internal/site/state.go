package site

import (
	"sort"
	"time"

	"tribune/internal/locale"
)

// State is a page's publishing state at the build instant.
type State int

const (
	Public State = iota
	Draft
	Embargoed // a communiqué whose embargo has not lifted
	Scheduled // any other page whose publication instant is to come
	Expired
)

func (s State) String() string {
	return [...]string{"public", "draft", "embargoed", "scheduled", "expired"}[s]
}

// Words say the state in a message: "a draft", "under embargo".
func (s State) Words() locale.Message {
	return [...]locale.Message{locale.M("public"), locale.M("a draft"), locale.M("under embargo"), locale.M("scheduled"), locale.M("withdrawn")}[s]
}

// PublishAt is the instant a page becomes public: its embargo, else its date.
func (p *Page) PublishAt() time.Time {
	if !p.Embargo.IsZero() {
		return p.Embargo
	}
	return p.Date
}

// stateAt decides the state of a content page at instant at. It is the only
// place where publishing rules are written.
func stateAt(p *Page, at time.Time) State {
	switch {
	case p.Meta != nil && p.Meta.Draft:
		return Draft
	case at.Before(p.PublishAt()):
		if p.Kind == Communique && !p.Embargo.IsZero() {
			return Embargoed
		}
		return Scheduled
	case !p.Expiry.IsZero() && !at.Before(p.Expiry):
		return Expired
	}
	return Public
}

// changes lists the instants after at when a page's state changes.
func changes(pages []*Page, at time.Time) []Change {
	var out []Change
	for _, p := range pages {
		if p.Meta != nil && p.Meta.Draft {
			continue
		}
		if t := p.PublishAt(); t.After(at) {
			out = append(out, Change{At: t, Page: p, State: Public})
		}
		if !p.Expiry.IsZero() && p.Expiry.After(at) {
			out = append(out, Change{At: p.Expiry, Page: p, State: Expired})
		}
	}
	sortChanges(out)
	return out
}

// sortChanges orders changes soonest first, then by URL.
func sortChanges(out []Change) {
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Page.URL < out[j].Page.URL
	})
}

// commentsClose are the instants the comments of statements close: the
// site is rebuilt then, and their forms go on time.
func (b *builder) commentsClose() []Change {
	days := b.cfg.Comments.CloseAfter
	if days <= 0 {
		return nil
	}
	var out []Change
	for _, p := range b.all {
		if p.Meta == nil || p.Meta.Draft || p.Date.IsZero() {
			continue
		}
		if open, _ := b.s.CommentsAt(p, p.Date); !open {
			continue
		}
		if t := p.Date.AddDate(0, 0, days); t.After(b.opts.At) {
			out = append(out, Change{At: t, Page: p, State: p.State, CommentsClose: true})
		}
	}
	return out
}

// Uses lists the site paths of the files a page makes public: its
// attachments, its image and what its body links to or shows.
func (p *Page) Uses() []string {
	var out []string
	for _, a := range p.Attachments {
		out = append(out, a.URL)
	}
	out = append(out, p.Pictures()...)
	for _, l := range p.Links {
		out = append(out, l.Path)
	}
	return out
}

// Pictures are the site paths of the images its front matter shows: its
// illustration and its signatories' portraits.
func (p *Page) Pictures() []string {
	var out []string
	if p.Image != nil && p.Image.Src != "" {
		out = append(out, p.Image.Src)
	}
	for _, g := range p.Signatories {
		if g.Portrait != nil && g.Portrait.Src != "" {
			out = append(out, g.Portrait.Src)
		}
	}
	return out
}
