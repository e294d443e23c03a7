package texec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

type kind string

func (k kind) IsBig() bool { return k == "big" }

type stringer struct{ n int }

func (s stringer) String() string { return fmt.Sprintf("stringer#%d", s.n) }

type sub struct {
	Value string
	Tags  []string
}

func (s *sub) Ptr() string { return "ptr:" + s.Value }

type data struct {
	Name    string
	URL     string
	Kind    kind
	HTML    template.HTML
	TURL    template.URL
	JS      template.JS
	Srcset  string
	Items   []string
	Empty   []string
	N       int
	F       float64
	A, B, C bool
	M       map[string]string
	Ints    map[int]string
	Sub     *sub
	Nil     *sub
	Any     any
	Str     stringer
}

func (d *data) Greet(who string) string { return "bonjour " + who }
func (d *data) Twice(n int) int         { return 2 * n }
func (d *data) Fail() (string, error)   { return "", errors.New("refused") }
func (d data) Value() string            { return "value:" + d.Name }
func (d *data) Pick(s *sub) string      { return s.Value }

func sample() *data {
	return &data{
		Name: `Léa « l'<b>ami</b> » & "co" +1`, URL: "/tribunes/a b/?x=1&y=2#frag", Kind: "big",
		HTML: "<em>déjà</em>", TURL: "javascript:ok()", JS: `{"a":"<\/script>"}`,
		Srcset: "/a.jpg 480w, /b c.jpg 800w, javascript:x 1x",
		Items:  []string{"a", "b", "c"}, N: 42, F: 1.5, A: true, C: true,
		M: map[string]string{"key": "v<al>", "b": "2", "a": "1", "Z": "0"}, Ints: map[int]string{10: "dix", -1: "moins", 2: "deux"}, Sub: &sub{Value: "sous", Tags: []string{"x"}},
		Any: "interface", Str: stringer{7},
	}
}

// cases are templates texec must run itself (want true) or may leave to
// html/template (false); either way the output must be html/template's.
var cases = []struct {
	src  string
	fast bool
}{
	{`<p>{{.Name}}</p>`, true},
	{`<a href="{{.URL}}" title="{{.Name}}">{{.Name}}</a>`, true},
	{`<a href="{{.TURL}}">x</a><a href="{{.Name}}">y</a>`, true},
	{`<a href="/q?s={{.Name}}&amp;k={{.URL}}">x</a><a href="tel:{{.Name}}">t</a>`, true},
	{`<title>{{.Name}} {{.HTML}}</title>`, true},
	{`<script type="application/ld+json">{{.JS}}</script>`, true},
	{`<img src="/x.jpg" alt="" srcset="{{.Srcset}}">`, true},
	{`<div>{{.HTML}}</div>`, true},
	{`{{range $i, $e := .Items}}<li>{{$i}}:{{$e}}</li>{{else}}none{{end}}`, true},
	{`{{range .Empty}}<li>{{.}}</li>{{else}}<p>rien</p>{{end}}`, true},
	{`{{range .Items}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}|{{range .Items}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}`, true},
	{`{{if and .A .B}}ab{{else if or .B .C}}c{{else}}none{{end}} {{if not .B}}notb{{end}} {{and .A .N}} {{or .B .Name}}`, true},
	{`{{.Greet "vous"}} {{.Greet .Sub.Value}} {{.Twice 21}} {{.Value}} {{.Sub.Ptr}} {{.Pick .Sub}}`, true},
	{`{{if eq .Kind "big"}}grand{{end}} {{if .Kind.IsBig}}oui{{end}} {{if ne .N 3}}ne{{end}} {{if gt .N 1}}gt{{end}} {{if lt .N 1}}lt{{end}} {{if le .N 42}}le{{end}} {{if ge .N 43}}ge{{end}} {{if eq .N 1 2 42}}any{{end}}`, true},
	{`{{define "sub"}}<i>{{.Value}}</i>{{end}}{{template "sub" .Sub}}{{block "b" .}}[{{.N}}]{{end}}`, true},
	{`{{print "a" 1 "b"}} {{printf "%d-%s" 3 .Name}} {{len .Items}} {{.Sub.Value | printf "%s!"}}`, true},
	{`{{$x := 1}}{{range .Items}}{{$x = .}}{{end}}{{$x}} {{with $y := .Name}}{{$y}}{{end}} {{$.N}}`, true},
	{`{{.M.key}} {{range 3}}{{.}}{{end}} {{.N}} {{.F}} {{.Str}} {{.Any}} {{.Kind}}`, true},
	{`{{with .Sub}}{{.Value}}{{range .Tags}}#{{.}}{{end}}{{end}}{{with .Nil}}nil{{else}}none{{end}}`, true},
	{`{{with .Empty}}x{{else with .Items}}{{len .}}{{end}}`, true},
	// Errors: html/template reports them.
	{`{{.Fail}}`, false},
	{`{{.Missing}}`, false},
	{`{{.Nil.Value}}`, false},
	{`{{.M.nokey}}`, false},
	{`{{index .Items 1}}`, false},
	{`{{range $k, $v := .M}}{{$k}}={{$v}}{{end}}{{range .Ints}}{{.}}{{end}}`, true},
	{`<a href="{{.HTML}}" title="{{.HTML}}">x</a>`, false},
	{`<script>var x = {{.Name}};</script>`, false},
}

func run(t *testing.T, src string, d any) (fast string, fastErr error, slow string, slowErr error) {
	t.Helper()
	parse := func() *template.Template {
		tm, err := template.New("t").Option("missingkey=error").Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		return tm
	}
	var sb bytes.Buffer
	slowErr = parse().Execute(&sb, d)
	set := New(parse(), nil, Func1[*data, string, string](), Func0[kind, bool]())
	var fb bytes.Buffer
	fb.WriteString("kept|")
	fastErr = set.Execute(&fb, "t", d)
	out, ok := strings.CutPrefix(fb.String(), "kept|")
	if !ok {
		t.Fatalf("%s: Execute changed what the buffer held before", src)
	}
	if fastErr != nil && out != "" {
		t.Fatalf("%s: failed Execute left %q in the buffer", src, out)
	}
	return out, fastErr, sb.String(), slowErr
}

func TestSameOutputAsHTMLTemplate(t *testing.T) {
	for _, c := range cases {
		fast, ferr, slow, serr := run(t, c.src, sample())
		if c.fast && ferr != nil {
			t.Errorf("%s: texec left it to html/template: %v", c.src, ferr)
			continue
		}
		if ferr == nil {
			if serr != nil {
				t.Errorf("%s: texec succeeded where html/template fails: %v", c.src, serr)
			} else if fast != slow {
				t.Errorf("%s:\n texec         %q\n html/template %q", c.src, fast, slow)
			}
		}
		if !c.fast && ferr == nil && serr != nil {
			t.Errorf("%s: should fail", c.src)
		}
	}
}

// TestEscapersOnRandomText puts random text, with every character the
// escapers treat specially, in every context the layouts use.
func TestEscapersOnRandomText(t *testing.T) {
	alphabet := []string{"a", "Z", "0", " ", "\t", "\n", "<", ">", "&", "\"", "'", "+", "=", "`", ",", ":", "/", "?", "#", "%", "%2F", "%zz",
		"é", "«", "\u202f", "\x00", "\xff", "\uFFFD", "javascript:", "mailto:", "HTTP:", "!", "*", "(", ")", "[", "]", "@", ";", "$", "~", "_", "-", ".", "\\", "\u2028"}
	r := rand.New(rand.NewPCG(1, 2))
	srcs := []string{
		`<p>{{.Name}}</p><div>{{.HTML}}</div>`,
		`<a href="{{.Name}}" title="{{.Name}}">x</a>`,
		`<a href="{{.TURL}}">x</a>`,
		`<a href="/x?q={{.Name}}">x</a><a href="tel:{{.Name}}">x</a><a href="mailto:{{.Name}}">x</a>`,
		`<title>{{.Name}}{{.HTML}}</title>`,
		`<img alt="" src="/a.jpg" srcset="{{.Srcset}}">`,
	}
	for i := range 3000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		d := &data{Name: s, HTML: template.HTML(s), TURL: template.URL(s), Srcset: s}
		src := srcs[i%len(srcs)]
		fast, ferr, slow, serr := run(t, src, d)
		if ferr != nil || serr != nil {
			t.Fatalf("%q in %s: texec %v, html/template %v", s, src, ferr, serr)
		}
		if fast != slow {
			t.Fatalf("%q in %s:\n texec         %q\n html/template %q", s, src, fast, slow)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	tm := template.Must(template.New("t").Parse(`{{range .Items}}<li title="{{.}}">{{$.Greet .}}</li>{{end}}`))
	set := New(tm, nil, Func1[*data, string, string]())
	want := `<li title="a">bonjour a</li><li title="b">bonjour b</li><li title="c">bonjour c</li>`
	done := make(chan error)
	for range 4 {
		go func() {
			var err error
			for range 200 {
				var b bytes.Buffer
				if e := set.Execute(&b, "t", sample()); e != nil {
					err = e
				} else if b.String() != want {
					err = fmt.Errorf("got %q", b.String())
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzSameOutputAsHTMLTemplate runs mutated templates on the sample data:
// whenever texec gives an output, it is html/template's. (go test runs the
// seeds; go test -fuzz explores.)
func FuzzSameOutputAsHTMLTemplate(f *testing.F) {
	for _, c := range cases {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		parse := func() *template.Template {
			tm, err := template.New("t").Option("missingkey=error").Parse(src)
			if err != nil {
				return nil
			}
			return tm
		}
		slowT, fastT := parse(), parse()
		if slowT == nil {
			return
		}
		d := sample()
		var sb bytes.Buffer
		serr := slowT.Execute(&sb, d)
		set := New(fastT, nil, Func1[*data, string, string](), Func0[kind, bool]())
		var fb bytes.Buffer
		if err := set.Execute(&fb, "t", d); err != nil {
			return
		}
		if serr != nil {
			t.Fatalf("%q: texec succeeded where html/template fails: %v", src, serr)
		}
		if fb.String() != sb.String() {
			t.Fatalf("%q:\n texec         %q\n html/template %q", src, fb.String(), sb.String())
		}
	})
}

// FuzzEscapers puts fuzzed text in every context the layouts use.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "a<b>&\"'+", "javascript:x", "/a b.jpg 2x, /c.jpg", "%zz%41", "\x00\xff"} {
		f.Add(s)
	}
	src := `<p>{{.Name}}</p><div>{{.HTML}}</div><a href="{{.Name}}" title="{{.Name}}">x</a><a href="{{.TURL}}">x</a>` +
		`<a href="/x?q={{.Name}}">x</a><a href="tel:{{.Name}}">x</a><title>{{.Name}}{{.HTML}}</title><img alt="" src="/a.jpg" srcset="{{.Srcset}}">`
	f.Fuzz(func(t *testing.T, s string) {
		d := &data{Name: s, HTML: template.HTML(s), TURL: template.URL(s), Srcset: s}
		fast, ferr, slow, serr := run(t, src, d)
		if ferr != nil || serr != nil {
			t.Fatalf("%q: texec %v, html/template %v", s, ferr, serr)
		}
		if fast != slow {
			t.Fatalf("%q:\n texec         %q\n html/template %q", s, fast, slow)
		}
	})
}
