// Package email writes a communiqué as a message for the press list: a
// plain text part and an HTML part with inline styles (mail programs drop
// style sheets), the embargo first while there is one, then the dateline,
// the text, the end mark, the organisation's boilerplate, the press
// contacts and the attachments as links.
package email

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"golang.org/x/net/html"

	"tribune/internal/site"
)

// Message is a statement made ready to send.
type Message struct {
	Subject string
	// Text and HTML are the two forms of the same message.
	Text, HTML string
}

// Links are the addresses a message gives: where to read the statement
// online (the public page, or its embargo copy for journalists), and its
// attachments.
type Links struct {
	Online string
	// Later is set when Online is only reachable after the embargo.
	Later       bool
	Attachments []Attachment
}

// Attachment is a file of the statement, by its absolute URL.
type Attachment struct {
	Title, URL, Format, Size string
}

// Compose writes the message of statement p of site s; body is its text as
// HTML with every URL absolute (build.Output.AbsoluteText).
func Compose(s *site.Site, p *site.Page, body string, links Links) (Message, error) {
	lang := p.Lang
	loc := s.Config.Location
	d := data{Lang: lang.Base, Title: p.Title, Subtitle: p.Subtitle, Kind: lang.T(string(p.Kind)), Org: s.OrgName(),
		EndMark: s.Config.EndMark, About: s.About, Links: links, Colon: colon(lang.Base)}
	if p.State == site.Embargoed {
		at := p.Embargo.In(loc)
		d.Embargo = fmt.Sprintf("%s %s, %s (%s)", lang.T("embargo_mail"), lang.LongDate(at), lang.Time(at), lang.ZoneTime(s.ZoneCity()))
	} else {
		d.Embargo = lang.T("immediate_release")
	}
	d.AboutTitle = lang.About(s.OrgName())
	d.ContactsTitle, d.AttachmentsTitle, d.OnlineTitle = lang.T("press_contacts"), lang.T("attachments"), lang.T("read_online")
	if links.Later {
		d.OnlineTitle = lang.T("online_at_lift")
		d.AttachmentsTitle = lang.T("attachments_at_lift")
	}
	for _, c := range p.Contacts {
		d.Contacts = append(d.Contacts, contact{c.Name, c.Role, c.Phone, c.Email})
	}
	inlined, err := inlineStyles(body)
	if err != nil {
		return Message{}, err
	}
	d.Body = template.HTML(inlined) // tribune's own rendering of the text: escaped already
	var h bytes.Buffer
	if err := htmlTemplate.Execute(&h, d); err != nil {
		return Message{}, err
	}
	plain := p.Text
	if line := site.Dateline(s.Config, p.File); line != "" {
		plain = line + " " + plain // the HTML text has it already
	}
	return Message{Subject: p.Title, Text: text(d, plain), HTML: h.String()}, nil
}

type data struct {
	Lang, Title, Subtitle, Kind, Org, Embargo, EndMark, About, Colon string
	AboutTitle, ContactsTitle, AttachmentsTitle, OnlineTitle         string
	Body                                                             template.HTML
	Contacts                                                         []contact
	Links                                                            Links
}

type contact struct{ Name, Role, Phone, Email string }

func (c contact) line() string {
	parts := []string{c.Name}
	for _, p := range []string{c.Role, c.Phone, c.Email} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// colon is a colon after a label, spaced the language's way.
func colon(base string) string {
	if base == "fr" {
		return "\u00a0:"
	}
	return ":"
}

// text is the plain text part: paragraphs apart, links written out.
func text(d data, body string) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(d.Embargo)
	line("")
	line(d.Title)
	if d.Subtitle != "" {
		line(d.Subtitle)
	}
	line("")
	for _, para := range strings.Split(strings.TrimSpace(body), "\n") {
		if strings.TrimSpace(para) != "" {
			line(para)
			line("")
		}
	}
	if d.EndMark != "" {
		line(d.EndMark)
		line("")
	}
	if d.About != "" {
		line(d.AboutTitle + d.Colon + " " + d.About)
		line("")
	}
	if len(d.Contacts) > 0 {
		line(d.ContactsTitle + d.Colon)
		for _, c := range d.Contacts {
			line("- " + c.line())
		}
		line("")
	}
	if len(d.Links.Attachments) > 0 {
		line(d.AttachmentsTitle + d.Colon)
		for _, a := range d.Links.Attachments {
			line("- " + a.Title + " (" + a.Format + ", " + a.Size + ")" + d.Colon + " " + a.URL)
		}
		line("")
	}
	if d.Links.Online != "" {
		line(d.OnlineTitle + d.Colon + " " + d.Links.Online)
	}
	return b.String()
}

var htmlTemplate = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{.Title}}</title></head>
<body style="margin:0;padding:0;background:#ffffff;">
<div style="max-width:640px;margin:0 auto;padding:24px 16px;font-family:Georgia,'Times New Roman',serif;font-size:17px;line-height:1.55;color:#1a1a1a;">
<p style="margin:0 0 24px;padding:12px 16px;border:2px solid #a1001f;color:#a1001f;font-family:Arial,Helvetica,sans-serif;font-size:15px;font-weight:bold;">{{.Embargo}}</p>
<p style="margin:0 0 8px;font-family:Arial,Helvetica,sans-serif;font-size:13px;letter-spacing:.04em;text-transform:uppercase;color:#555555;">{{.Kind}} · {{.Org}}</p>
<h1 style="margin:0 0 8px;font-size:26px;line-height:1.25;">{{.Title}}</h1>
{{with .Subtitle}}<p style="margin:0 0 20px;font-size:19px;color:#444444;">{{.}}</p>
{{end}}<div>{{.Body}}</div>
{{with .EndMark}}<p style="margin:24px 0;text-align:center;">{{.}}</p>
{{end}}{{with .About}}<p style="margin:0 0 16px;font-size:15px;color:#333333;"><strong>{{$.AboutTitle}}</strong>{{$.Colon}} {{.}}</p>
{{end}}{{with .Contacts}}<p style="margin:16px 0 4px;font-size:15px;"><strong>{{$.ContactsTitle}}</strong>{{$.Colon}}</p>
<ul style="margin:0 0 16px;padding-left:20px;font-size:15px;">{{range .}}<li style="margin:0 0 4px;">{{.Name}}{{with .Role}}, {{.}}{{end}}{{with .Phone}}, {{.}}{{end}}{{with .Email}}, <a href="mailto:{{.}}" style="color:#0b4fb3;">{{.}}</a>{{end}}</li>{{end}}</ul>
{{end}}{{with .Links.Attachments}}<p style="margin:16px 0 4px;font-size:15px;"><strong>{{$.AttachmentsTitle}}</strong>{{$.Colon}}</p>
<ul style="margin:0 0 16px;padding-left:20px;font-size:15px;">{{range .}}<li style="margin:0 0 4px;"><a href="{{.URL}}" style="color:#0b4fb3;">{{.Title}}</a> ({{.Format}}, {{.Size}})</li>{{end}}</ul>
{{end}}{{with .Links.Online}}<p style="margin:16px 0 0;font-size:15px;">{{$.OnlineTitle}}{{$.Colon}} <a href="{{.}}" style="color:#0b4fb3;">{{.}}</a></p>
{{end}}</div>
</body>
</html>
`))

// styles are the inline styles of the elements of a text.
var styles = map[string]string{
	"p":          "margin:0 0 16px;",
	"h2":         "margin:28px 0 8px;font-size:21px;line-height:1.3;",
	"h3":         "margin:24px 0 8px;font-size:18px;line-height:1.3;",
	"a":          "color:#0b4fb3;",
	"blockquote": "margin:16px 0;padding:0 0 0 16px;border-left:4px solid #cccccc;color:#333333;",
	"ul":         "margin:0 0 16px;padding-left:20px;",
	"ol":         "margin:0 0 16px;padding-left:20px;",
	"li":         "margin:0 0 6px;",
	"img":        "max-width:100%;height:auto;",
	"figure":     "margin:16px 0;",
	"figcaption": "font-size:14px;color:#555555;",
	"table":      "border-collapse:collapse;margin:0 0 16px;",
	"th":         "border:1px solid #cccccc;padding:4px 8px;text-align:left;",
	"td":         "border:1px solid #cccccc;padding:4px 8px;",
}

// inlineStyles gives the elements of an HTML text the style attributes of
// styles, through the HTML tokenizer: every tag rewritten whole.
func inlineStyles(s string) (string, error) {
	var out strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return "", err
			}
			return out.String(), nil
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if st, ok := styles[tok.Data]; ok {
				tok.Attr = append(tok.Attr, html.Attribute{Key: "style", Val: st})
				out.WriteString(tok.String())
				continue
			}
		}
		out.Write(z.Raw())
	}
}
