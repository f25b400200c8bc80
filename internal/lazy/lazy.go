// Package lazy holds values built on first use instead of at start-up.
//
// belay starts once per command line, and every package-level map
// literal costs its allocations and page faults at each start, whether
// the line needs the table or not (most lines have no inline code, no
// deferred code, no fish). A Value written as a package-level composite
// literal is laid out by the compiler: nothing runs for it at start-up,
// and its Build runs once, when Get is first called.
package lazy

import (
	"regexp"
	"sync"
)

// Value is a value of type T that Build makes the first time Get is
// called. The zero Value has no Build and must not be used.
type Value[T any] struct {
	once  sync.Once
	Build func() T // makes the value; called once, by the first Get
	v     T
}

// Get returns the value, building it first if no Get has. It is safe for
// concurrent use.
func (l *Value[T]) Get() T {
	l.once.Do(func() { l.v = l.Build() })
	return l.v
}

// Regexp is a regular expression compiled the first time it is used, so
// that a pattern the line never needs costs nothing at start-up.
type Regexp struct {
	once sync.Once
	Expr string // the expression, in regexp's syntax; it must compile
	re   *regexp.Regexp
}

// Get returns the compiled expression, compiling it first if no Get has;
// it panics if Expr does not compile, as regexp.MustCompile does.
func (r *Regexp) Get() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.Expr) })
	return r.re
}
