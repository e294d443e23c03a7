package texec

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
)

// The escapers html/template inserts into the parse trees it rewrites
// (`{{.Title | _html_template_htmlescaper}}`), reimplemented to run without
// reflection. Each gives the same bytes as html/template's own; the
// differential tests compare them on random strings of every kind. An
// escaper name not listed here makes its template unsupported.
type escaper uint8

const (
	escHTML escaper = iota + 1
	escAttr
	escRCDATA
	escURLFilter
	escURLNormalizer
	escURLEscaper
	escSrcset
	escJSVal
)

var escapers = map[string]escaper{
	"_html_template_htmlescaper":   escHTML,
	"_html_template_attrescaper":   escAttr,
	"_html_template_rcdataescaper": escRCDATA,
	"_html_template_urlfilter":     escURLFilter,
	"_html_template_urlnormalizer": escURLNormalizer,
	"_html_template_urlescaper":    escURLEscaper,
	"_html_template_srcsetescaper": escSrcset,
	"_html_template_jsvalescaper":  escJSVal,
}

// contentType is html/template's typed-string kind of a value.
type contentType uint8

const (
	plain contentType = iota
	typeHTML
	typeURL
	typeJS
	typeJSStr
	typeCSS
	typeAttr
	typeSrcset
)

var (
	stringType   = reflect.TypeFor[string]()
	typedStrings = map[reflect.Type]contentType{
		reflect.TypeFor[template.HTML]():     typeHTML,
		reflect.TypeFor[template.URL]():      typeURL,
		reflect.TypeFor[template.JS]():       typeJS,
		reflect.TypeFor[template.JSStr]():    typeJSStr,
		reflect.TypeFor[template.CSS]():      typeCSS,
		reflect.TypeFor[template.HTMLAttr](): typeAttr,
		reflect.TypeFor[template.Srcset]():   typeSrcset,
	}
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
)

// stringify is html/template's: the string of a value piped into an
// escaper and its content type. ok is false for what it does not handle.
func stringify(v reflect.Value) (s string, t contentType, ok bool) {
	if !v.IsValid() {
		return "", plain, false
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", plain, false
		}
		v = v.Elem()
	}
	orig := v
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	typ := v.Type()
	if typ == stringType {
		return v.String(), plain, true
	}
	if ct, ok := typedStrings[typ]; ok {
		return v.String(), ct, true
	}
	// Integers with no String method print as fmt would.
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !typ.Implements(stringerType) && !typ.Implements(errorType) && !reflect.PointerTo(typ).Implements(stringerType) {
			return strconv.FormatInt(v.Int(), 10), plain, true
		}
	}
	// Anything else goes through fmt, as html/template does: pointers
	// followed down to a Stringer, an error or a value.
	for !orig.Type().Implements(stringerType) && !orig.Type().Implements(errorType) && orig.Kind() == reflect.Pointer && !orig.IsNil() {
		orig = orig.Elem()
	}
	return fmt.Sprint(orig.Interface()), plain, true
}

// escape applies one escaper to a value.
func escape(e escaper, v reflect.Value) (string, bool) {
	s, t, ok := stringify(v)
	if !ok {
		return "", false
	}
	return escapeString(e, s, t)
}

// escapeString applies one escaper to s, of content type t.
func escapeString(e escaper, s string, t contentType) (string, bool) {
	switch e {
	case escHTML:
		if t == typeHTML {
			return s, true
		}
		return htmlReplace(s, &htmlTable), true
	case escAttr:
		if t == typeHTML {
			return "", false // would strip tags: left to html/template
		}
		return htmlReplace(s, &htmlTable), true
	case escRCDATA:
		if t == typeHTML {
			return htmlReplace(s, &htmlNormTable), true
		}
		return htmlReplace(s, &htmlTable), true
	case escURLFilter:
		if t == typeURL || safeURL(s) {
			return s, true
		}
		return "#ZgotmplZ", true
	case escURLNormalizer, escURLEscaper:
		norm := e == escURLNormalizer || t == typeURL
		if urlKept(s, norm) == len(s) {
			return s, true
		}
		var b strings.Builder
		urlOnto(s, norm, &b)
		return b.String(), true
	case escSrcset:
		switch t {
		case typeSrcset:
			return s, true
		case typeURL:
			var b strings.Builder
			if urlOnto(s, true, &b) {
				s = b.String()
			}
			return strings.ReplaceAll(s, ",", "%2c"), true
		}
		var b strings.Builder
		from := 0
		for i := 0; i < len(s); i++ {
			if s[i] == ',' {
				srcsetElement(s, from, i, &b)
				b.WriteByte(',')
				from = i + 1
			}
		}
		srcsetElement(s, from, len(s), &b)
		return b.String(), true
	case escJSVal:
		// Only what JSON-LD blocks pass: text already typed as JS.
		if t == typeJS {
			return s, true
		}
	}
	return "", false
}

var htmlTable = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlNormTable leaves '&' alone: the text is HTML already.
var htmlNormTable = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlMask and htmlNormMask have the bit of each byte their table
// replaces.
var htmlMask, htmlNormMask = maskOf(&htmlTable), maskOf(&htmlNormTable)

func maskOf(table *[63]string) uint64 {
	var mask uint64
	for c, r := range table {
		if r != "" {
			mask |= 1 << c
		}
	}
	return mask
}

// htmlReplace replaces the runes of the table, keeping every other byte,
// invalid UTF-8 included, as it is.
func htmlReplace(s string, table *[63]string) string {
	// Most texts have nothing to replace: they are scanned with a mask of
	// the bytes below 64 the table replaces.
	mask := htmlMask
	if table == &htmlNormTable {
		mask = htmlNormMask
	}
	i := 0
	for i < len(s) && (s[i] >= 64 || mask&(1<<s[i]) == 0) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	written := 0
	for ; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(table) || table[c] == "" {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(table[c])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// safeURL reports whether s is relative or uses http, https or mailto.
func safeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// urlOnto writes s percent-encoded (everything but unreserved bytes, and
// when norm is set, reserved bytes and valid escapes too) and reports
// whether anything changed.
func urlOnto(s string, norm bool, b *strings.Builder) bool {
	i := urlKept(s, norm)
	if i == len(s) {
		b.WriteString(s)
		return false
	}
	b.Grow(len(s) + 16)
	written := 0
	for ; i < len(s); i++ {
		if urlKeeps(s, i, norm) {
			continue
		}
		c := s[i]
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
	return true
}

// urlKept is the length of the start of s that percent-encoding keeps as
// it is: len(s) when nothing changes.
func urlKept(s string, norm bool) int {
	for i := 0; i < len(s); i++ {
		if !urlKeeps(s, i, norm) {
			return i
		}
	}
	return len(s)
}

// urlKeeps reports whether percent-encoding keeps byte i of s as it is.
func urlKeeps(s string, i int, norm bool) bool {
	c := s[i]
	switch c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		return norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isHTMLSpace is HTML's ASCII whitespace.
func isHTMLSpace(c byte) bool {
	switch c {
	case '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// srcsetElement writes one comma-separated part of a srcset: a safe URL,
// normalized, and metadata made of spaces and letters only; else a
// placeholder.
func srcsetElement(s string, left, right int, b *strings.Builder) {
	start := left
	for start < right && isHTMLSpace(s[start]) {
		start++
	}
	end := right
	for i := start; i < right; i++ {
		if isHTMLSpace(s[i]) {
			end = i
			break
		}
	}
	if url := s[start:end]; safeURL(url) {
		ok := true
		for i := end; i < right; i++ {
			if !isHTMLSpace(s[i]) && !isAlnum(s[i]) {
				ok = false
				break
			}
		}
		if ok {
			b.WriteString(s[left:start])
			urlOnto(url, true, b)
			b.WriteString(s[end:right])
			return
		}
	}
	b.WriteString("#ZgotmplZ")
}
