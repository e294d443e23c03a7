package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes of raw HTML that hold a URL (srcset holds
// several, each followed by a width or a density).
var urlAttrs = map[string]bool{"href": true, "src": true, "srcset": true, "poster": true, "cite": true, "action": true, "data": true,
	"formaction": true, "background": true, "longdesc": true, "icon": true, "manifest": true, "xlink:href": true, "codebase": true,
	"archive": true, "usemap": true, "itemid": true, "profile": true, "lowsrc": true, "dynsrc": true}

// cssURL finds the URLs of CSS: url(x), url("x"), @import "x".
var cssURL = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

// eachRef calls f with every URL in raw HTML that a browser would fetch
// or follow: those of urlAttrs, the links of ping, the URLs in style
// attributes and style elements, a meta refresh's target, and those of the
// HTML of srcdoc, recursively.
func eachRef(raw []byte, f func(string)) {
	eachRefDepth(raw, f, 0)
}

func eachRefDepth(raw []byte, f func(string), depth int) {
	css := func(s string) {
		for _, m := range cssURL.FindAllStringSubmatch(s, -1) {
			for _, v := range m[1:] {
				if v != "" {
					f(v)
				}
			}
		}
	}
	z := html.NewTokenizer(bytes.NewReader(raw))
	inStyle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if inStyle {
				css(string(z.Text()))
			}
			continue
		case html.EndTagToken:
			inStyle = false
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		tok := z.Token()
		inStyle = tok.Data == "style" && tt == html.StartTagToken
		refresh := false
		for _, a := range tok.Attr {
			if a.Key == "http-equiv" && strings.EqualFold(strings.TrimSpace(a.Val), "refresh") {
				refresh = true
			}
		}
		for _, a := range tok.Attr {
			switch {
			case a.Key == "srcset":
				eachCandidate(a.Val, func(u string) string { f(u); return u })
			case a.Key == "ping":
				for _, u := range strings.Fields(a.Val) {
					f(u)
				}
			case urlAttrs[a.Key]:
				f(a.Val)
			case a.Key == "style":
				css(a.Val)
			case a.Key == "srcdoc" && depth < 4:
				eachRefDepth([]byte(a.Val), f, depth+1)
			case a.Key == "content" && refresh:
				// "5; url=/x/" or "5;/x/"
				if _, target, ok := strings.Cut(a.Val, ";"); ok {
					target = strings.TrimSpace(target)
					if k, v, ok := strings.Cut(target, "="); ok && strings.EqualFold(strings.TrimSpace(k), "url") {
						target = strings.Trim(strings.TrimSpace(v), `"'`)
					}
					f(target)
				}
			}
		}
	}
}

// eachURL calls f with the name and the value of every attribute of raw
// that holds a URL, and gives raw back with the values f returns: only the
// tags whose values changed are written anew, by the HTML tokenizer; the
// rest is kept as written.
func eachURL(raw []byte, f func(name, value string) string) []byte {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		kept := z.Raw()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(kept)
			continue
		}
		kept = bytes.Clone(kept)
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			if !urlAttrs[a.Key] || a.Namespace != "" {
				continue
			}
			v := a.Val
			if a.Key == "srcset" {
				v = eachCandidate(v, func(u string) string { return f(a.Key, u) })
			} else {
				v = f(a.Key, v)
			}
			if v != a.Val {
				tok.Attr[i].Val, changed = v, true
			}
		}
		if changed {
			out.WriteString(tok.String())
		} else {
			out.Write(kept)
		}
	}
}

// eachCandidate maps the URLs of a srcset ("a.png 480w, b.png 800w").
func eachCandidate(srcset string, f func(string) string) string {
	var out []string
	for _, c := range strings.Split(srcset, ",") {
		if fields := strings.Fields(c); len(fields) > 0 {
			fields[0] = f(fields[0])
			out = append(out, strings.Join(fields, " "))
		}
	}
	return strings.Join(out, ", ")
}
