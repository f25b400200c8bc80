package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Computed command names (issue #15): what a substitution of literal
// text prints is computed (decode.go), so $(echo rm) -rf / is rm -rf /;
// arrays, sh -c's positional parameters, set -- and a known IFS are
// followed here, and zsh's forms in zsh.go.

// maxArrayItems bounds the elements of an array followed one by one: a
// longer array is unknown, judged at its worst case.
const maxArrayItems = 256

// arrayValue is the value of a=(…): its elements when they are literal,
// unknown otherwise (a[k]=(…) and associative arrays are not followed).
func (a *analyzer) arrayValue(as *syntax.Assign, sc *scope) varVal {
	if as.Index != nil || as.Append || len(as.Array.Elems) > maxArrayItems {
		return varVal{dynamic: true}
	}
	var list []string
	dyn := false
	for _, e := range as.Array.Elems {
		if e.Index != nil || e.Value == nil {
			return varVal{dynamic: true}
		}
		for _, x := range a.expand(e.Value, sc) {
			dyn = dyn || x.Dynamic
			list = append(list, x.Value)
		}
		if len(list) > maxArrayItems {
			a.limit("too complex to judge here: an array of more than %d elements; its value is taken as unknown", maxArrayItems)
			return varVal{dynamic: true}
		}
	}
	a.charge(costVar + costField*len(list))
	return listVal(list, dyn)
}

// listVal is a variable holding a list: an array, or the positional
// parameters.
func listVal(list []string, dyn bool) varVal {
	l := list
	return varVal{val: strings.Join(list, " "), list: &l, dynamic: dyn}
}

// setPositional binds $0, $1… $9, $@, $* and $# in sc to args, as
// sh -c LINE NAME ARGS… and set -- ARGS… do. dollar0 is nil for set.
func (a *analyzer) setPositional(sc *scope, dollar0 *Arg, args []Arg) {
	if len(args) > maxArrayItems {
		a.limit("too complex to judge here: more than %d positional parameters; they are taken as unknown", maxArrayItems)
		for _, p := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#"} {
			sc.set(p, varVal{dynamic: true})
		}
		return
	}
	a.charge(costVar * (len(args) + 4))
	if dollar0 != nil {
		sc.set("0", varVal{val: dollar0.Value, dynamic: dollar0.Dynamic})
	}
	list := make([]string, len(args))
	dyn := false
	for i, x := range args {
		list[i] = x.Value
		dyn = dyn || x.Dynamic
		if i < 9 {
			sc.set(string(rune('1'+i)), varVal{val: x.Value, dynamic: x.Dynamic})
		}
	}
	for i := len(args); i < 9; i++ {
		sc.set(string(rune('1'+i)), varVal{})
	}
	sc.set("@", listVal(list, dyn))
	sc.set("*", listVal(list, dyn))
	sc.set("#", varVal{val: itoa(len(args))})
}

// setArgs follows set -- ARGS… and set ARGS… (the first not an option):
// they become the positional parameters.
func (a *analyzer) setArgs(args []Arg, sc *scope) {
	for i, x := range args {
		switch {
		case x.Value == "--":
			a.setPositional(sc, nil, args[i+1:])
			return
		case x.Dynamic:
			a.setPositional(sc, nil, args[i:])
			return
		case strings.HasPrefix(x.Value, "-") || strings.HasPrefix(x.Value, "+"):
			if x.Value == "-o" || x.Value == "+o" {
				return // set -o NAME: an option, not arguments
			}
		default:
			a.setPositional(sc, nil, args[i:])
			return
		}
	}
}
