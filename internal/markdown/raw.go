package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes of raw HTML that hold a URL (srcset holds
// several, each followed by a width or a density).
var urlAttrs = map[string]bool{"href": true, "src": true, "srcset": true, "poster": true, "cite": true, "action": true, "data": true}

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
