package texec

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

type variable struct {
	name  string
	value reflect.Value
}

type state struct {
	set  *Set
	w    *bytes.Buffer
	vars []variable
	// base is where the variables of the template executing start: a
	// template sees only its own.
	base  int
	depth int
}

// flow is how a list ended: normally, or on {{break}} or {{continue}}.
type flow uint8

const (
	flowNext flow = iota
	flowBreak
	flowContinue
)

var errFailed = errors.New("texec: evaluation failed")

// missing marks the absence of a piped value.
var missing = reflect.ValueOf(missingType{})

type missingType struct{}

func isMissing(v reflect.Value) bool {
	return v.IsValid() && v.Type() == missing.Type()
}

func (s *state) walk(dot reflect.Value, list []inst) (flow, error) {
	for _, in := range list {
		switch in := in.(type) {
		case textInst:
			s.w.Write(in)
		case *actionInst:
			if in.escs != nil {
				v, err := s.pipeline(dot, in.pre)
				if err != nil {
					return flowNext, err
				}
				str, ok := escape(in.escs[0], v)
				for _, e := range in.escs[1:] {
					if !ok {
						break
					}
					str, ok = escapeString(e, str, plain)
				}
				if !ok {
					return flowNext, ErrUnsupported
				}
				s.w.WriteString(str)
				continue
			}
			v, err := s.pipeline(dot, in.pipe)
			if err != nil {
				return flowNext, err
			}
			if in.print {
				if err := s.print(v); err != nil {
					return flowNext, err
				}
			}
		case *ifInst:
			f, err := s.walkIf(dot, in)
			if err != nil || f != flowNext {
				return f, err
			}
		case *rangeInst:
			if err := s.walkRange(dot, in); err != nil {
				return flowNext, err
			}
		case *templateInst:
			if err := s.walkTemplate(dot, in); err != nil {
				return flowNext, err
			}
		case breakInst:
			return flowBreak, nil
		case continueInst:
			return flowContinue, nil
		default:
			return flowNext, ErrUnsupported
		}
	}
	return flowNext, nil
}

// print writes an action's value: after html/template's escapers it is
// always a string; anything else is left to html/template.
func (s *state) print(v reflect.Value) error {
	if v.IsValid() && v.Type() == stringType {
		s.w.WriteString(v.String())
		return nil
	}
	return ErrUnsupported
}

func (s *state) walkIf(dot reflect.Value, in *ifInst) (flow, error) {
	mark := len(s.vars)
	defer s.pop(mark)
	v, err := s.pipeline(dot, in.pipe)
	if err != nil {
		return flowNext, err
	}
	truth, ok := isTrue(indirectInterface(v))
	if !ok {
		return flowNext, ErrUnsupported
	}
	if truth {
		if in.with {
			return s.walk(v, in.list)
		}
		return s.walk(dot, in.list)
	}
	if in.elseList != nil {
		return s.walk(dot, in.elseList)
	}
	return flowNext, nil
}

func (s *state) pop(mark int) { s.vars = s.vars[:mark] }

func (s *state) setVar(name string, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return nil
		}
	}
	return ErrUnsupported
}

func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, ErrUnsupported
}

func (s *state) walkRange(dot reflect.Value, r *rangeInst) error {
	mark := len(s.vars)
	defer s.pop(mark)
	v, err := s.pipeline(dot, r.pipe)
	if err != nil {
		return err
	}
	val, _ := indirect(v)
	inner := len(s.vars)
	one := func(index, elem reflect.Value) (flow, error) {
		decl := r.pipe.decl
		if len(decl) > 0 {
			if r.pipe.isAssign {
				if len(decl) > 1 {
					if err := s.setVar(decl[0], index); err != nil {
						return flowNext, err
					}
				} else if err := s.setVar(decl[0], elem); err != nil {
					return flowNext, err
				}
			} else {
				s.vars[len(s.vars)-1].value = elem
			}
		}
		if len(decl) > 1 {
			if r.pipe.isAssign {
				if err := s.setVar(decl[1], elem); err != nil {
					return flowNext, err
				}
			} else {
				s.vars[len(s.vars)-2].value = index
			}
		}
		f, err := s.walk(elem, r.list)
		s.pop(inner)
		return f, err
	}
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		if val.Len() == 0 {
			break
		}
		for i := 0; i < val.Len(); i++ {
			var index reflect.Value
			if len(r.pipe.decl) > 1 {
				index = reflect.ValueOf(i)
			}
			f, err := one(index, val.Index(i))
			if err != nil {
				return err
			}
			if f == flowBreak {
				break
			}
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if len(r.pipe.decl) > 1 {
			return ErrUnsupported
		}
		n := val.Int()
		if n <= 0 {
			break
		}
		for i := int64(0); i < n; i++ {
			f, err := one(reflect.Value{}, reflect.ValueOf(i).Convert(val.Type()))
			if err != nil {
				return err
			}
			if f == flowBreak {
				break
			}
		}
		return nil
	case reflect.Map:
		if val.Len() == 0 {
			break
		}
		keys, ok := sortedKeys(val)
		if !ok {
			return ErrUnsupported
		}
		for _, k := range keys {
			f, err := one(k, val.MapIndex(k))
			if err != nil {
				return err
			}
			if f == flowBreak {
				break
			}
		}
		return nil
	case reflect.Invalid:
		// A nil map or the like: empty.
	default:
		// Channels, iterator functions.
		return ErrUnsupported
	}
	if r.elseList != nil {
		_, err := s.walk(dot, r.elseList)
		return err
	}
	return nil
}

const maxDepth = 1000

func (s *state) walkTemplate(dot reflect.Value, t *templateInst) error {
	p := s.set.prog(t.name)
	if p == nil || s.depth >= maxDepth {
		return ErrUnsupported
	}
	v, err := s.pipeline(dot, t.pipe)
	if err != nil {
		return err
	}
	// The called template's variables go on the same stack, above a new
	// base: it sees none of the caller's.
	mark, base := len(s.vars), s.base
	s.vars = append(s.vars, variable{"$", v})
	s.base = mark
	s.depth++
	_, err = s.walk(v, p.root)
	s.depth--
	s.base = base
	s.vars = s.vars[:mark]
	return err
}

func (s *state) pipeline(dot reflect.Value, p *pipeline) (reflect.Value, error) {
	if p == nil {
		return reflect.Value{}, nil
	}
	value := missing
	for _, cmd := range p.cmds {
		v, err := s.command(dot, cmd, value)
		if err != nil {
			return reflect.Value{}, err
		}
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = v.Elem()
		}
		value = v
	}
	for _, name := range p.decl {
		if p.isAssign {
			if err := s.setVar(name, value); err != nil {
				return reflect.Value{}, err
			}
		} else {
			s.vars = append(s.vars, variable{name, value})
		}
	}
	return value, nil
}

func (s *state) command(dot reflect.Value, cmd *command, final reflect.Value) (reflect.Value, error) {
	switch op := cmd.args[0].(type) {
	case *chainOp:
		return s.chain(dot, op, cmd.args, final)
	case *funcOp:
		return s.function(dot, op, cmd.args[1:], final)
	case *constOp:
		if len(cmd.args) > 1 || !isMissing(final) {
			return reflect.Value{}, ErrUnsupported
		}
		if !op.value.IsValid() {
			return reflect.Value{}, ErrUnsupported
		}
		return op.value, nil
	}
	return reflect.Value{}, ErrUnsupported
}

// chain evaluates ., $x or (pipeline) and the fields after it; the last
// field gets the command's arguments.
func (s *state) chain(dot reflect.Value, op *chainOp, args []operand, final reflect.Value) (reflect.Value, error) {
	var v reflect.Value
	switch op.src {
	case srcDot:
		v = dot
	case srcVar:
		var err error
		if v, err = s.varValue(op.name); err != nil {
			return v, err
		}
	case srcPipe:
		var err error
		if v, err = s.pipeline(dot, op.pipe); err != nil {
			return v, err
		}
	}
	if len(op.fields) == 0 {
		if len(args) > 1 || !isMissing(final) {
			return reflect.Value{}, ErrUnsupported
		}
		return v, nil
	}
	n := len(op.fields)
	for _, f := range op.fields[:n-1] {
		var err error
		if v, err = s.field(dot, f, nil, missing, v); err != nil {
			return v, err
		}
	}
	return s.field(dot, op.fields[n-1], args, final, v)
}

// field evaluates .Name on receiver: a method (called with args[1:] and
// final), a struct field or a map entry.
func (s *state) field(dot reflect.Value, f *field, args []operand, final, receiver reflect.Value) (reflect.Value, error) {
	if !receiver.IsValid() {
		return reflect.Value{}, ErrUnsupported
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		return reflect.Value{}, ErrUnsupported
	}
	ptr := receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	typ := ptr.Type()
	m := f.cache.Load()
	if m == nil || m.recv != typ {
		m = s.set.resolve(typ, receiver, f.name)
		if m == nil {
			return reflect.Value{}, ErrUnsupported
		}
		f.cache.Store(m)
	}
	hasArgs := len(args) > 1 || !isMissing(final)
	switch m.kind {
	case mMethod:
		if m.call != nil {
			return s.fastCall(dot, m, ptr, args, final)
		}
		return s.call(dot, ptr.Method(m.index), args, final)
	case mField:
		if hasArgs {
			return reflect.Value{}, ErrUnsupported
		}
		v, err := receiver.FieldByIndexErr(m.path)
		if err != nil {
			return reflect.Value{}, ErrUnsupported
		}
		return v, nil
	case mMap:
		if hasArgs {
			return reflect.Value{}, ErrUnsupported
		}
		v := receiver.MapIndex(reflect.ValueOf(f.name).Convert(receiver.Type().Key()))
		if !v.IsValid() {
			return v, ErrUnsupported // missing key: html/template's option decides
		}
		return v, nil
	}
	return reflect.Value{}, ErrUnsupported
}

// function calls a builtin, an escaper or one of the set's functions.
func (s *state) function(dot reflect.Value, f *funcOp, args []operand, final reflect.Value) (reflect.Value, error) {
	switch {
	case f.fn.IsValid():
		return s.call(dot, f.fn, append([]operand{f}, args...), final)
	case f.esc != 0:
		if len(args) != 0 || isMissing(final) {
			return reflect.Value{}, ErrUnsupported
		}
		out, ok := escape(f.esc, final)
		if !ok {
			return reflect.Value{}, ErrUnsupported
		}
		return reflect.ValueOf(out), nil
	case f.builtin != notBuiltin:
		return s.builtin(dot, f.builtin, args, final)
	}
	return reflect.Value{}, ErrUnsupported
}

// arg evaluates an argument for a parameter of type typ (nil for
// reflect.Value parameters of builtins), as text/template's evalArg does.
func (s *state) arg(dot reflect.Value, typ reflect.Type, op operand) (reflect.Value, error) {
	switch op := op.(type) {
	case *chainOp:
		v, err := s.chain(dot, op, nil, missing)
		if err != nil {
			return v, err
		}
		return validateType(v, typ)
	case *funcOp:
		v, err := s.function(dot, op, nil, missing)
		if err != nil {
			return v, err
		}
		return validateType(v, typ)
	case nilOp:
		if typ != nil && canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, ErrUnsupported
	case *constOp:
		return op.as(typ)
	}
	return reflect.Value{}, ErrUnsupported
}

// as converts a constant for a parameter of type typ: a string constant to
// a string type, an integer to an int type, a bool to a bool type, or any
// constant to an empty interface.
func (k *constOp) as(typ reflect.Type) (reflect.Value, error) {
	if typ == nil || typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
		if !k.value.IsValid() {
			return reflect.Value{}, ErrUnsupported
		}
		return k.value, nil
	}
	if c := k.typed.Load(); c != nil && c.typ == typ {
		return c.v, nil
	}
	if !k.value.IsValid() || k.value.Kind() != typ.Kind() {
		return reflect.Value{}, ErrUnsupported
	}
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString(k.value.String())
	case reflect.Int, reflect.Int64:
		v.SetInt(k.value.Int())
	case reflect.Bool:
		v.SetBool(k.value.Bool())
	default:
		return reflect.Value{}, ErrUnsupported
	}
	k.typed.Store(&typedConst{typ, v})
	return v, nil
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	}
	return false
}

// validateType is text/template's: v made assignable to typ, by taking
// the value out of an interface, or one dereference or address-of.
func validateType(v reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if typ == nil {
		return v, nil
	}
	if !v.IsValid() {
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return v, ErrUnsupported
	}
	if v.Type().AssignableTo(typ) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
		if v.Type().AssignableTo(typ) {
			return v, nil
		}
	}
	switch {
	case v.Kind() == reflect.Pointer && v.Type().Elem().AssignableTo(typ):
		if v.IsNil() {
			return v, ErrUnsupported
		}
		return v.Elem(), nil
	case reflect.PointerTo(v.Type()).AssignableTo(typ) && v.CanAddr():
		return v.Addr(), nil
	}
	return v, ErrUnsupported
}

// call calls fn by reflection; args[0] is the function's own operand.
func (s *state) call(dot, fn reflect.Value, args []operand, final reflect.Value) (reflect.Value, error) {
	typ := fn.Type()
	if goodFunc(typ) != nil {
		return reflect.Value{}, ErrUnsupported
	}
	if len(args) > 0 {
		args = args[1:]
	}
	numIn := len(args)
	if !isMissing(final) {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return reflect.Value{}, ErrUnsupported
		}
	} else if numIn != typ.NumIn() {
		return reflect.Value{}, ErrUnsupported
	}
	argv := make([]reflect.Value, numIn)
	i := 0
	var err error
	for ; i < numFixed && i < len(args); i++ {
		if argv[i], err = s.arg(dot, typ.In(i), args[i]); err != nil {
			return reflect.Value{}, err
		}
	}
	if typ.IsVariadic() {
		et := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			if argv[i], err = s.arg(dot, et, args[i]); err != nil {
				return reflect.Value{}, err
			}
		}
	}
	if !isMissing(final) {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		if argv[i], err = validateType(final, t); err != nil {
			return reflect.Value{}, err
		}
	}
	out := fn.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errFailed
	}
	if out[0].Type() == reflect.TypeFor[reflect.Value]() {
		return reflect.Value{}, ErrUnsupported
	}
	return out[0], nil
}

// fastCall calls a method through its adapter: the same argument rules,
// no reflect.Call.
func (s *state) fastCall(dot reflect.Value, m *member, recv reflect.Value, args []operand, final reflect.Value) (reflect.Value, error) {
	typ := m.fnType // with the receiver first
	n := len(args) - 1
	if n < 0 {
		n = 0
	}
	if !isMissing(final) {
		n++
	}
	if n != typ.NumIn()-1 || n > 2 || typ.IsVariadic() {
		return reflect.Value{}, ErrUnsupported
	}
	var v [2]reflect.Value
	k := 0
	if len(args) > 1 {
		for _, a := range args[1:] {
			x, err := s.arg(dot, typ.In(k+1), a)
			if err != nil {
				return x, err
			}
			v[k] = x
			k++
		}
	}
	if !isMissing(final) {
		x, err := validateType(final, typ.In(typ.NumIn()-1))
		if err != nil {
			return x, err
		}
		v[k] = x
	}
	return m.call(recv, v[0], v[1])
}

func (s *state) builtin(dot reflect.Value, b builtin, args []operand, final reflect.Value) (reflect.Value, error) {
	if b == bAnd || b == bOr {
		if len(args) == 0 && isMissing(final) {
			return reflect.Value{}, ErrUnsupported
		}
		var v reflect.Value
		for _, a := range args {
			var err error
			if v, err = s.arg(dot, nil, a); err != nil {
				return v, err
			}
			if truth(v) == (b == bOr) {
				return v, nil
			}
		}
		if !isMissing(final) {
			v = final
		}
		return v, nil
	}
	vals := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		v, err := s.arg(dot, nil, a)
		if err != nil {
			return v, err
		}
		vals = append(vals, v)
	}
	if !isMissing(final) {
		vals = append(vals, final)
	}
	switch b {
	case bNot:
		if len(vals) != 1 {
			return reflect.Value{}, ErrUnsupported
		}
		return reflect.ValueOf(!truth(vals[0])), nil
	case bLen:
		if len(vals) != 1 {
			return reflect.Value{}, ErrUnsupported
		}
		v, isNil := indirect(vals[0])
		if isNil {
			return reflect.Value{}, ErrUnsupported
		}
		switch v.Kind() {
		case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len()), nil
		}
		return reflect.Value{}, ErrUnsupported
	case bPrint, bPrintf:
		ifaces := make([]any, len(vals))
		for i, v := range vals {
			if !v.IsValid() {
				return reflect.Value{}, ErrUnsupported
			}
			ifaces[i] = v.Interface()
		}
		if b == bPrint {
			return reflect.ValueOf(fmt.Sprint(ifaces...)), nil
		}
		format, ok := ifaces[0].(string)
		if !ok || len(vals) == 0 {
			return reflect.Value{}, ErrUnsupported
		}
		return reflect.ValueOf(fmt.Sprintf(format, ifaces[1:]...)), nil
	case bEq, bNe:
		if len(vals) < 2 || b == bNe && len(vals) != 2 {
			return reflect.Value{}, ErrUnsupported
		}
		equal := false
		for _, v := range vals[1:] {
			e, ok := compare(vals[0], v, true)
			if !ok {
				return reflect.Value{}, ErrUnsupported
			}
			equal = equal || e
		}
		return reflect.ValueOf(equal == (b == bEq)), nil
	case bLt, bLe, bGt, bGe:
		if len(vals) != 2 {
			return reflect.Value{}, ErrUnsupported
		}
		x, y := vals[0], vals[1]
		if b == bGt || b == bLe {
			x, y = y, x // a > b is b < a; a <= b is not (b < a)
		}
		less, ok := compare(x, y, false)
		if !ok {
			return reflect.Value{}, ErrUnsupported
		}
		if b == bLe || b == bGe {
			return reflect.ValueOf(!less), nil
		}
		return reflect.ValueOf(less), nil
	}
	return reflect.Value{}, ErrUnsupported
}

// compare gives a == b (eq) or a < b, for values of the same basic kind:
// bool (equality only), integers, floats, strings. ok is false for
// anything else, which html/template decides.
func compare(a, b reflect.Value, eq bool) (result, ok bool) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	if ka == 0 || ka != kb {
		return false, false
	}
	switch ka {
	case kBool:
		if !eq {
			return false, false
		}
		return a.Bool() == b.Bool(), true
	case kInt:
		if eq {
			return a.Int() == b.Int(), true
		}
		return a.Int() < b.Int(), true
	case kUint:
		if eq {
			return a.Uint() == b.Uint(), true
		}
		return a.Uint() < b.Uint(), true
	case kFloat:
		if eq {
			return a.Float() == b.Float(), true
		}
		return a.Float() < b.Float(), true
	case kString:
		if eq {
			return a.String() == b.String(), true
		}
		return a.String() < b.String(), true
	}
	return false, false
}

const (
	kBool = iota + 1
	kInt
	kUint
	kFloat
	kString
)

func basicKind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Bool:
		return kBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kUint
	case reflect.Float32, reflect.Float64:
		return kFloat
	case reflect.String:
		return kString
	}
	return 0
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// isTrue is text/template's truth: not the zero of its type.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// sortedKeys gives a map's keys in text/template's order, for string and
// integer keys.
func sortedKeys(m reflect.Value) ([]reflect.Value, bool) {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	default:
		return nil, false
	}
	return keys, true
}
