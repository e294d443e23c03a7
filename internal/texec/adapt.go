package texec

import "reflect"

// A caller calls a method without reflect.Call: r is the receiver, a and b
// the arguments it takes (zero Values past them). Passed by value, they stay
// on the stack.
type caller func(r, a, b reflect.Value) (reflect.Value, error)

// An Adapter lets texec call methods or functions of one signature
// directly. Without one, a method is called by reflection, as
// text/template does. Results of interface types are not adapted: their
// static type would be lost.
type Adapter struct {
	typ  reflect.Type
	wrap func(fn reflect.Value) caller
}

func adapter[F any](wrap func(f F) caller) Adapter {
	t := reflect.TypeFor[F]()
	for i := range t.NumOut() {
		if i == 0 && t.Out(0).Kind() == reflect.Interface {
			panic("texec: adapter for a function returning an interface: " + t.String())
		}
	}
	return Adapter{typ: t, wrap: func(fn reflect.Value) caller { return wrap(fn.Interface().(F)) }}
}

// get takes the argument out of v, of v's exact type or one v is
// assignable to.
func get[A any](v reflect.Value) A {
	if t := reflect.TypeFor[A](); v.Type() != t {
		v = v.Convert(t)
	}
	if v.CanAddr() {
		return *v.Addr().Interface().(*A)
	}
	return v.Interface().(A)
}

func result[T any](v T, err error) (reflect.Value, error) {
	if err != nil {
		return reflect.Value{}, errFailed
	}
	return reflect.ValueOf(v), nil
}

// Func0 adapts func(R) T: a method without arguments.
func Func0[R, T any]() Adapter {
	return adapter(func(f func(R) T) caller {
		return func(r, _, _ reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(get[R](r))), nil }
	})
}

// Func0E adapts func(R) (T, error).
func Func0E[R, T any]() Adapter {
	return adapter(func(f func(R) (T, error)) caller {
		return func(r, _, _ reflect.Value) (reflect.Value, error) { return result(f(get[R](r))) }
	})
}

// Func1 adapts func(R, A) T.
func Func1[R, A, T any]() Adapter {
	return adapter(func(f func(R, A) T) caller {
		return func(r, a, _ reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(get[R](r), get[A](a))), nil
		}
	})
}

// Func1E adapts func(R, A) (T, error).
func Func1E[R, A, T any]() Adapter {
	return adapter(func(f func(R, A) (T, error)) caller {
		return func(r, a, _ reflect.Value) (reflect.Value, error) { return result(f(get[R](r), get[A](a))) }
	})
}

// Func2E adapts func(R, A, B) (T, error).
func Func2E[R, A, B, T any]() Adapter {
	return adapter(func(f func(R, A, B) (T, error)) caller {
		return func(r, a, b reflect.Value) (reflect.Value, error) {
			return result(f(get[R](r), get[A](a), get[B](b)))
		}
	})
}
