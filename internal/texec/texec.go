// Package texec executes html/template templates faster than
// html/template does, with the same output.
//
// html/template makes a template safe by rewriting its parse tree: every
// action gets the escapers its context needs. texec runs those rewritten
// trees itself. What text/template does by reflection at every step —
// finding a method by name, building its argument list, calling the
// escapers through reflect.Call — it does once per call site and type,
// and it calls escapers and the methods registered with Adapt directly.
//
// texec handles the common part of the language. On anything else — a
// construct or function it does not know, a value it would have to print
// by a rule it does not implement, or any error at all — Execute returns
// an error, leaves the buffer as it was, and the caller runs html/template,
// which gives the canonical output or the canonical error message. So a
// successful Execute is always byte-identical to html/template's output,
// which the tests check on every page of the sites they build.
package texec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// ErrUnsupported is returned for a template or value texec leaves to
// html/template.
var ErrUnsupported = errors.New("texec: left to html/template")

// Set executes the templates of one html/template set.
type Set struct {
	tmpl     *template.Template
	funcs    map[string]reflect.Value
	adapters map[reflect.Type]func(fn reflect.Value) caller

	mu    sync.Mutex
	progs sync.Map // name → *prog (nil when unsupported)
}

// New prepares the execution of t's templates. funcs must be the FuncMap
// t was parsed with. Templates are compiled on their first execution.
func New(t *template.Template, funcs template.FuncMap, adapters ...Adapter) *Set {
	s := &Set{tmpl: t, funcs: map[string]reflect.Value{}, adapters: map[reflect.Type]func(reflect.Value) caller{}}
	for name, f := range funcs {
		s.funcs[name] = reflect.ValueOf(f)
	}
	for _, a := range adapters {
		s.adapters[a.typ] = a.wrap
	}
	return s
}

// Execute writes the template name applied to data into buf. On any error,
// ErrUnsupported included, buf is left as it was.
func (s *Set) Execute(buf *bytes.Buffer, name string, data any) (err error) {
	p := s.prog(name)
	if p == nil {
		return ErrUnsupported
	}
	n := buf.Len()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("texec: panic: %v", r)
		}
		if err != nil {
			buf.Truncate(n)
		}
	}()
	dot := reflect.ValueOf(data)
	st := &state{set: s, w: buf, vars: make([]variable, 1, 8)}
	st.vars[0] = variable{"$", dot}
	_, err = st.walk(dot, p.root)
	return err
}

// prog compiles the template name once. html/template rewrites a tree on
// its first execution, so compiling first runs it on nil data (to
// io.Discard): that escapes it, then fails early.
func (s *Set) prog(name string) *prog {
	if p, ok := s.progs.Load(name); ok {
		return p.(*prog)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.progs.Load(name); ok {
		return p.(*prog)
	}
	var p *prog
	err := s.tmpl.ExecuteTemplate(io.Discard, name, nil)
	var escErr *template.Error
	if t := s.tmpl.Lookup(name); t != nil && t.Tree != nil && !errors.As(err, &escErr) {
		c := compiler{set: s, ok: true}
		root := c.sub(t.Tree.Root)
		if c.ok {
			p = &prog{root: root}
		}
	}
	s.progs.Store(name, p)
	return p
}

type prog struct{ root []inst }

// Compiled nodes.
type (
	inst       any
	textInst   []byte
	actionInst struct {
		pipe  *pipeline
		print bool
		// For a printed pipeline ending in escapers (as html/template
		// writes them): the commands before, and the escapers, applied to
		// strings without boxing each result.
		pre  *pipeline
		escs []escaper
	}
	ifInst struct {
		pipe           *pipeline
		with           bool
		list, elseList []inst
	}
	rangeInst struct {
		pipe           *pipeline
		list, elseList []inst
	}
	templateInst struct {
		name string
		pipe *pipeline
	}
	breakInst    struct{}
	continueInst struct{}
)

type pipeline struct {
	decl     []string
	isAssign bool
	cmds     []*command
}

type command struct {
	args []operand
}

// Operands.
type (
	operand any
	// chainOp is ., $x or (pipeline), followed by fields: .A.B, $x.A.
	chainOp struct {
		src    srcKind
		name   string    // the variable, for srcVar
		pipe   *pipeline // for srcPipe
		fields []*field
	}
	// funcOp is a function named in a command: a builtin, an escaper or
	// one of the set's functions.
	funcOp struct {
		name    string
		builtin builtin
		esc     escaper
		fn      reflect.Value
	}
	constOp struct {
		node  parse.Node
		value reflect.Value // as a command or an empty-interface argument
		typed atomic.Pointer[typedConst]
	}
	nilOp struct{}
)

type typedConst struct {
	typ reflect.Type
	v   reflect.Value
}

type srcKind uint8

const (
	srcDot srcKind = iota
	srcVar
	srcPipe
)

type builtin uint8

const (
	notBuiltin builtin = iota
	bAnd
	bOr
	bNot
	bEq
	bNe
	bLt
	bLe
	bGt
	bGe
	bLen
	bPrint
	bPrintf
)

var builtins = map[string]builtin{
	"and": bAnd, "or": bOr, "not": bNot, "eq": bEq, "ne": bNe, "lt": bLt,
	"le": bLe, "gt": bGt, "ge": bGe, "len": bLen, "print": bPrint, "printf": bPrintf,
}

type compiler struct {
	set *Set
	ok  bool
}

func (c *compiler) fail() { c.ok = false }

func (c *compiler) node(n parse.Node) inst {
	switch n := n.(type) {
	case *parse.TextNode:
		return textInst(n.Text)
	case *parse.ActionNode:
		a := &actionInst{pipe: c.pipe(n.Pipe), print: len(n.Pipe.Decl) == 0}
		if a.print && a.pipe != nil {
			cmds := a.pipe.cmds
			k := len(cmds)
			for k > 1 {
				f, ok := cmds[k-1].args[0].(*funcOp)
				if !ok || f.esc == 0 || f.fn.IsValid() || len(cmds[k-1].args) != 1 {
					break
				}
				k--
			}
			if k < len(cmds) {
				a.pre = &pipeline{cmds: cmds[:k]}
				for _, cmd := range cmds[k:] {
					a.escs = append(a.escs, cmd.args[0].(*funcOp).esc)
				}
			}
		}
		return a
	case *parse.CommentNode:
		return nil
	case *parse.IfNode:
		return &ifInst{pipe: c.pipe(n.Pipe), list: c.sub(n.List), elseList: c.sub(n.ElseList)}
	case *parse.WithNode:
		return &ifInst{pipe: c.pipe(n.Pipe), with: true, list: c.sub(n.List), elseList: c.sub(n.ElseList)}
	case *parse.RangeNode:
		r := &rangeInst{pipe: c.pipe(n.Pipe), list: c.sub(n.List), elseList: c.sub(n.ElseList)}
		if len(n.Pipe.Decl) > 2 {
			c.fail()
		}
		return r
	case *parse.TemplateNode:
		return &templateInst{name: n.Name, pipe: c.pipe(n.Pipe)}
	case *parse.BreakNode:
		return breakInst{}
	case *parse.ContinueNode:
		return continueInst{}
	}
	c.fail()
	return nil
}

// sub compiles a nested list; nil stays nil (no else branch).
func (c *compiler) sub(l *parse.ListNode) []inst {
	if l == nil {
		return nil
	}
	out := []inst{}
	for _, n := range l.Nodes {
		if i := c.node(n); i != nil {
			out = append(out, i)
		}
	}
	return out
}

func (c *compiler) pipe(p *parse.PipeNode) *pipeline {
	if p == nil {
		return nil
	}
	out := &pipeline{isAssign: p.IsAssign}
	for _, d := range p.Decl {
		if len(d.Ident) != 1 {
			c.fail()
			continue
		}
		out.decl = append(out.decl, d.Ident[0])
	}
	for _, cmd := range p.Cmds {
		cc := &command{}
		for _, a := range cmd.Args {
			cc.args = append(cc.args, c.operand(a))
		}
		if len(cc.args) == 0 {
			c.fail()
		}
		out.cmds = append(out.cmds, cc)
	}
	return out
}

func (c *compiler) fields(names []string) []*field {
	out := make([]*field, len(names))
	for i, n := range names {
		out[i] = &field{name: n}
	}
	return out
}

func (c *compiler) operand(n parse.Node) operand {
	switch n := n.(type) {
	case *parse.DotNode:
		return &chainOp{src: srcDot}
	case *parse.FieldNode:
		return &chainOp{src: srcDot, fields: c.fields(n.Ident)}
	case *parse.VariableNode:
		return &chainOp{src: srcVar, name: n.Ident[0], fields: c.fields(n.Ident[1:])}
	case *parse.PipeNode:
		return &chainOp{src: srcPipe, pipe: c.pipe(n)}
	case *parse.ChainNode:
		// (pipeline).Field: the parser folds the other chains into
		// field and variable nodes.
		if ch, ok := c.operand(n.Node).(*chainOp); ok && ch.src == srcPipe && len(ch.fields) == 0 {
			return &chainOp{src: srcPipe, pipe: ch.pipe, fields: c.fields(n.Field)}
		}
		c.fail()
		return nilOp{}
	case *parse.IdentifierNode:
		f := &funcOp{name: n.Ident}
		if fn, ok := c.set.funcs[n.Ident]; ok {
			f.fn = fn
			if fn.Kind() != reflect.Func || goodFunc(fn.Type()) != nil {
				c.fail()
			}
			return f
		}
		if b, ok := builtins[n.Ident]; ok {
			f.builtin = b
			return f
		}
		if e, ok := escapers[n.Ident]; ok {
			f.esc = e
			return f
		}
		c.fail()
		return f
	case *parse.StringNode:
		return &constOp{node: n, value: reflect.ValueOf(n.Text)}
	case *parse.BoolNode:
		return &constOp{node: n, value: reflect.ValueOf(n.True)}
	case *parse.NumberNode:
		k := &constOp{node: n}
		// Plain integers only: text/template's typing of "1.0", "1e3",
		// 'a' or 0x1p4 is left to it.
		if n.IsInt && isDecimal(n.Text) {
			k.value = reflect.ValueOf(int(n.Int64))
		} else {
			c.fail()
		}
		return k
	case *parse.NilNode:
		return nilOp{}
	}
	c.fail()
	return nilOp{}
}

// A field is one .Name of a chain, with the member it resolved to for the
// last receiver type seen there.
type field struct {
	name  string
	cache atomic.Pointer[member]
}

type memberKind uint8

const (
	mMethod memberKind = iota + 1
	mField
	mMap
)

// member is what .Name means on a receiver type.
type member struct {
	recv   reflect.Type // the type looked up: *T when addressable, else T
	kind   memberKind
	index  int    // method index
	path   []int  // field index
	call   caller // direct call, when an adapter knows the signature
	fnType reflect.Type
}

func goodFunc(t reflect.Type) error {
	switch {
	case t.NumOut() == 1:
		return nil
	case t.NumOut() == 2 && t.Out(1) == errorType:
		return nil
	}
	return ErrUnsupported
}

func (s *Set) resolve(typ reflect.Type, recv reflect.Value, name string) *member {
	if m, ok := typ.MethodByName(name); ok {
		mb := &member{recv: typ, kind: mMethod, index: m.Index, fnType: m.Type}
		if goodFunc(m.Type) != nil {
			return nil
		}
		if wrap, ok := s.adapters[m.Type]; ok {
			mb.call = wrap(m.Func)
		}
		return mb
	}
	switch recv.Kind() {
	case reflect.Struct:
		f, ok := recv.Type().FieldByName(name)
		if !ok || !f.IsExported() {
			return nil
		}
		return &member{recv: typ, kind: mField, path: f.Index}
	case reflect.Map:
		if stringType.AssignableTo(recv.Type().Key()) {
			return &member{recv: typ, kind: mMap}
		}
	}
	return nil
}

// isDecimal reports whether s is written with decimal digits only, an
// optional sign before them.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" || len(s) > 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
