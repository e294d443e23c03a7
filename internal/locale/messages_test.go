package locale

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// messageCalls are the functions whose argument (by index; -1: the last
// string among the first three) is a message to show: locale.M,
// content.Errorf and the decoders' errorf, usagef, say and tr.
var messageCalls = map[string]int{"M": 0, "Errorf": -1, "errorf": -1, "usagef": 0, "say": 2, "tr": 1}

// codeMessages finds every message of the code, by its English form, with
// where it is written.
func codeMessages(t *testing.T) map[string]string {
	t.Helper()
	found, _ := scanMessages(t)
	return found
}

// wrappers are the functions that pass a message's format on: their own
// calls need no literal.
var wrappers = map[string]bool{"say": true, "usagef": true, "tr": true, "Errorf": true, "errorf": true, "M": true, "In": true, "flagError": true, "newFlags": true}

// scanMessages finds the messages of the code, and the calls whose format
// is not written in place: the test could not check their French.
func scanMessages(t *testing.T) (map[string]string, []string) {
	t.Helper()
	var dynamic []string
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	found := map[string]string{}
	add := func(lit *ast.BasicLit) {
		s, err := strconv.Unquote(lit.Value)
		if err == nil && strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) {
			found[s] = fset.Position(lit.Pos()).String()
		}
	}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata" || d.Name() == "bench") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || wrappers[fn.Name.Name] {
				continue
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				name := ""
				switch f := c.Fun.(type) {
				case *ast.SelectorExpr:
					name = f.Sel.Name
				case *ast.Ident:
					name = f.Name
				}
				if _, ok := messageCalls[name]; !ok || name == "Errorf" && isFmt(c) {
					return true
				}
				lits := 0
				for i, a := range c.Args {
					if bl, ok := a.(*ast.BasicLit); ok && bl.Kind == token.STRING && i <= 2 {
						lits++
					}
					if id, ok := a.(*ast.Ident); ok && id.Name == "usage" {
						lits++ // the command's help, found on its own
					}
				}
				if lits == 0 {
					dynamic = append(dynamic, fset.Position(c.Pos()).String())
				}
				return true
			})
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				idx, ok := messageCalls[name]
				if !ok {
					return true
				}
				var lit *ast.BasicLit
				for i, a := range n.Args {
					if bl, ok := a.(*ast.BasicLit); ok && bl.Kind == token.STRING && (i == idx || idx < 0 && i <= 2) {
						lit = bl
					}
				}
				if lit != nil {
					add(lit)
				}
			case *ast.KeyValueExpr:
				// Tables of formats: {re, "unknown option -%s"}.
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "format" {
					if bl, ok := n.Value.(*ast.BasicLit); ok && bl.Kind == token.STRING {
						add(bl)
					}
				}
			case *ast.ValueSpec:
				// The command's help.
				for i, name := range n.Names {
					if name.Name == "usage" && i < len(n.Values) {
						if bl, ok := n.Values[i].(*ast.BasicLit); ok {
							add(bl)
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found, dynamic
}

// isFmt reports whether a call is fmt.Errorf, whose text is the system's.
func isFmt(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "fmt"
}

// Every message's format is written where it is shown: a format held in a
// variable would escape the check of its French.
func TestMessagesWrittenInPlace(t *testing.T) {
	_, dynamic := scanMessages(t)
	for _, d := range dynamic {
		t.Errorf("%s: a message whose format is not a literal", d)
	}
}

var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Every message of the code has its French form, with the same verbs in
// the same order, French spacing before : ; ? !, and no French form is
// left without its message.
func TestEveryMessageInFrench(t *testing.T) {
	code := codeMessages(t)
	if len(code) < 100 {
		t.Fatalf("found %d messages in the code: the scan is broken", len(code))
	}
	for msg, where := range code {
		if _, ok := french[msg]; !ok && verbRE.ReplaceAllString(msg, "") != "" && strings.TrimSpace(verbRE.ReplaceAllString(msg, "")) != ":" {
			t.Errorf("%s: no French for %q", where, msg)
		}
	}
	// Values of flags, which the flag package names.
	kinds := []string{"string", "duration", "value"}
	badSpace := regexp.MustCompile(`[\p{L}\d)»] [:;?!](\s|$)`)
	for en, fr := range french {
		if !slices.Equal(verbRE.FindAllString(en, -1), verbRE.FindAllString(fr, -1)) {
			t.Errorf("French %q has the verbs %q, English %q has %q", fr, verbRE.FindAllString(fr, -1), en, verbRE.FindAllString(en, -1))
		}
		if badSpace.MatchString(fr) {
			t.Errorf("French %q: a plain space before a colon, semicolon, question or exclamation mark (want U+00A0)", fr)
		}
		if _, used := code[en]; !used && !slices.Contains(kinds, en) {
			t.Errorf("French for %q, a message the code no longer has", en)
		}
	}
}

// A message shows its arguments in its own language, messages and system
// errors included.
func TestMessageIn(t *testing.T) {
	m := M("%s would be written to %s, %s: change it", M("the page %s", "/x/"), "x/index.html", M("which builds keep as it is"))
	if got := m.In("en"); got != "the page /x/ would be written to x/index.html, which builds keep as it is: change it" {
		t.Errorf("English: %q", got)
	}
	if got := m.In("fr"); got != "la page /x/ irait en x/index.html, que les constructions gardent tel quel\u00a0: changez-le" {
		t.Errorf("French: %q", got)
	}
	_, err := os.Open(filepath.Join(t.TempDir(), "absent"))
	if got := M("cannot read: %v", err).In("fr"); !strings.HasSuffix(got, "absent\u00a0: fichier ou dossier introuvable") {
		t.Errorf("system error in French: %q", got)
	}
}
