package shell

import (
	"path"
	"strconv"
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

// arrayValue is the value of a=(…) and a+=(…): its elements when they
// are literal, unknown otherwise (a[k]=(…) and associative arrays are not
// followed). a+=(…) appends to what a held: to its elements when it was
// an array, to its value when it was a plain variable; when a was unknown
// (set in the session, or from something dynamic) the new elements are
// followed and marked dynamic, as the worst case of what comes before.
func (a *analyzer) arrayValue(as *syntax.Assign, sc *scope) varVal {
	if as.Index != nil || len(as.Array.Elems) > maxArrayItems {
		return varVal{dynamic: true}
	}
	var list []string
	dyn := false
	if as.Append {
		old, _ := sc.get(as.Name.Value)
		switch {
		case old.assoc != nil:
			return a.assocValue(as, sc)
		case old.dynamic:
			dyn = true
		case old.list != nil:
			list = append(list, (*old.list)...)
		case old.val != "":
			list = append(list, old.val)
		}
	}
	// a=([2]=/ [0]=rm [1]=-rf): each element at its index, the ones
	// without one after the last; "${a[@]}" lists them by index.
	type elem struct {
		i   int
		val string
	}
	var elems []elem
	next := len(list)
	for _, e := range as.Array.Elems {
		if e.Value == nil {
			return varVal{dynamic: true}
		}
		if e.Index != nil {
			i, ok := literalIndex(e.Index, a.dialect)
			if !ok || i < 0 || i >= maxArrayItems {
				return varVal{dynamic: true}
			}
			next = i
		}
		for _, x := range a.expand(e.Value, sc) {
			dyn = dyn || x.Dynamic
			elems = append(elems, elem{next, x.Value})
			next++
		}
		if len(list)+len(elems) > maxArrayItems {
			a.limit("too complex to judge here: an array of more than %d elements; its value is taken as unknown", maxArrayItems)
			return varVal{dynamic: true}
		}
	}
	for _, e := range elems {
		for len(list) <= e.i {
			list = append(list, "")
		}
		list[e.i] = e.val
	}
	a.charge(costVar + costField*len(list))
	return listVal(list, dyn)
}

// literalIndex is an array subscript that is a literal number: zsh's
// count from 1, bash's from 0.
func literalIndex(x syntax.ArithmExpr, d Dialect) (int, bool) {
	w, ok := x.(*syntax.Word)
	if !ok {
		return 0, false
	}
	lit, ok := plainLit(w)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(lit)
	if err != nil {
		return 0, false
	}
	if d == Zsh {
		i--
	}
	return i, true
}

// assocValue is the value of an associative array as declare -A
// m=([k]=v …) or m+=([k]=v) sets it: its literal keys and values; an
// element whose key or value is not literal makes it unknown. declare -A
// m alone is an empty one.
func (a *analyzer) assocValue(as *syntax.Assign, sc *scope) varVal {
	m := map[string]string{}
	if old, _ := sc.get(as.Name.Value); as.Append && old.assoc != nil {
		for k, v := range *old.assoc {
			m[k] = v
		}
	}
	if as.Array == nil {
		if as.Value != nil {
			return varVal{dynamic: true} // declare -A m=x
		}
		return varVal{assoc: &m}
	}
	if a.dialect == Zsh && len(as.Array.Elems) > 0 && as.Array.Elems[0].Index == nil {
		// zsh: typeset -A m=(k1 v1 k2 v2).
		elems := as.Array.Elems
		if len(elems)%2 != 0 || len(elems)/2 > maxArrayItems {
			return varVal{dynamic: true}
		}
		for i := 0; i < len(elems); i += 2 {
			if elems[i].Value == nil || elems[i+1].Value == nil || elems[i].Index != nil || elems[i+1].Index != nil {
				return varVal{dynamic: true}
			}
			k, dk := a.literal(elems[i].Value, sc)
			v, dv := a.literal(elems[i+1].Value, sc)
			if dk || dv {
				return varVal{dynamic: true}
			}
			m[k] = v
		}
		a.charge(costVar + costField*len(m))
		return varVal{assoc: &m}
	}
	for _, e := range as.Array.Elems {
		w, ok := e.Index.(*syntax.Word)
		if !ok || e.Value == nil || len(m) >= maxArrayItems {
			return varVal{dynamic: true}
		}
		k, dk := a.literal(w, sc)
		v, dv := a.literal(e.Value, sc)
		if dk || dv {
			return varVal{dynamic: true}
		}
		m[k] = v
	}
	a.charge(costVar + costField*len(m))
	return varVal{assoc: &m}
}

// elemValue is the value of NAME after NAME[INDEX]=WORD: the element set
// in the array's list when the index is a literal number and the array
// was known (a[0]=rm; a[1]=-rf; a[2]=/; "${a[@]}" runs rm -rf /). An
// array that was unknown gets the element in a list of its own, marked
// dynamic (the session's elements may be around it); any other index,
// an append to an element, or an index past maxArrayItems leaves the whole
// array unknown. zsh counts from 1, bash from 0.
func (a *analyzer) elemValue(as *syntax.Assign, sc *scope) varVal {
	unknown := varVal{dynamic: true}
	if as.Append || as.Array != nil || a.dialect == Fish {
		return unknown
	}
	old, _ := sc.get(as.Name.Value)
	if old.assoc != nil {
		// m[k]=v on a declare -A m: a key, not a number.
		w, ok := as.Index.(*syntax.Word)
		if !ok || as.Value == nil || len(*old.assoc) >= maxArrayItems {
			return unknown
		}
		k, dk := a.literal(w, sc)
		v, dv := a.literal(as.Value, sc)
		if dk || dv {
			return unknown
		}
		m := make(map[string]string, len(*old.assoc)+1)
		for x, y := range *old.assoc {
			m[x] = y
		}
		m[k] = v
		a.charge(costVar + costField*len(m))
		return varVal{assoc: &m}
	}
	i, ok := literalIndex(as.Index, a.dialect)
	if !ok || i < 0 || i >= maxArrayItems {
		return unknown
	}
	val, dyn := "", false
	if as.Value != nil {
		val, dyn = a.literal(as.Value, sc)
	}
	var list []string
	switch {
	case old.dynamic:
		dyn = true
	case old.list != nil:
		list = append(list, (*old.list)...)
	case old.val != "":
		list = append(list, old.val) // a scalar is element 0
	}
	if i < len(list) {
		list[i] = val
	} else {
		// bash's arrays are sparse: "${a[@]}" after a[5]=x on an
		// empty a is x alone. Past a gap the element is appended, and
		// its index is no longer known.
		dyn = dyn || i > len(list)
		list = append(list, val)
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
	dyn, listed := false, len(args) > 0
	for i, x := range args {
		list[i] = x.Value
		dyn = dyn || x.Dynamic
		listed = listed && isListed(x)
		switch {
		case i >= 9:
		case isListed(x):
			// xargs sh -c 'rm -rf "$1"' _ after find DIR: $1 is
			// the listed paths (listed.go).
			sc.set(string(rune('1'+i)), listedVal([]Arg{x}))
		default:
			sc.set(string(rune('1'+i)), varVal{val: x.Value, dynamic: x.Dynamic})
		}
	}
	for i := len(args); i < 9; i++ {
		sc.set(string(rune('1'+i)), varVal{})
	}
	all := listVal(list, dyn)
	if listed {
		all = listedVal(args)
	}
	sc.set("@", all)
	sc.set("*", all)
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

// shiftArgs follows shift [N]: the positional parameters lose their first
// N (1 when not given); when they or N are unknown they stay unknown.
func (a *analyzer) shiftArgs(args []Arg, sc *scope) {
	n := 1
	if len(args) > 0 {
		v, err := strconv.Atoi(args[0].Value)
		if args[0].Dynamic || err != nil || v < 0 {
			for _, p := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#"} {
				sc.set(p, varVal{dynamic: true})
			}
			return
		}
		n = v
	}
	cur, ok := sc.get("@")
	if !ok || cur.list == nil || cur.dynamic {
		return
	}
	if n > len(*cur.list) {
		return // shift fails and changes nothing
	}
	rest := make([]Arg, 0, len(*cur.list)-n)
	for _, v := range (*cur.list)[n:] {
		rest = append(rest, Arg{Value: v})
	}
	a.setPositional(sc, nil, rest)
}

// guards returns the names w reads as ${NAME:?} or ${NAME?} while they
// are unknown: the shell stops before running the command when they are
// empty or unset, so their value is taken as an opaque non-empty name
// ("…"), not as the empty worst case.
func (a *analyzer) guards(w *syntax.Word, sc *scope) map[string]bool {
	var out map[string]bool
	syntax.Walk(w, func(n syntax.Node) bool {
		pe, ok := n.(*syntax.ParamExp)
		if !ok || pe.Param == nil || pe.Exp == nil {
			return true
		}
		if pe.Exp.Op != syntax.ErrorUnsetOrNull && pe.Exp.Op != syntax.ErrorUnset {
			return true
		}
		if v, set := sc.get(pe.Param.Value); set && !v.dynamic {
			return true
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[pe.Param.Value] = true
		return true
	})
	return out
}

// opaqueMark stands for a value known to be a plain non-empty name whose
// text is unknown: a guarded ${D:?}, $$, the random part of mktemp's.
const opaqueMark = "…"

// opaqueVar returns the value a parameter the shell always sets to a
// number is taken as ($$, $BASHPID, $RANDOM, $PPID), and guarded names'.
func opaqueVar(name string, guarded map[string]bool) (string, bool) {
	switch name {
	case "$", "BASHPID", "RANDOM", "PPID", "SRANDOM", "EPOCHSECONDS":
		return "$" + name, true
	}
	if guarded[name] {
		return opaqueMark, true
	}
	return "", false
}

// guardClimbs reports whether a field made with a guarded value climbs
// out of it (${D:?}/..): then it is as unknown as any dynamic path.
func guardClimbs(fields []string) bool {
	for _, f := range fields {
		if strings.Contains(f, opaqueMark) {
			for _, seg := range strings.Split(f, "/") {
				if seg == ".." {
					return true
				}
			}
		}
	}
	return false
}

// mktempSubst returns what $(mktemp …) prints when its words are plain
// literals (no expansion, so nothing nested to follow): a new name
// (mktempOutput).
func (a *analyzer) mktempSubst(cs *syntax.CmdSubst, sc *scope) (string, bool) {
	if len(cs.Stmts) != 1 {
		return "", false
	}
	st := cs.Stmts[0]
	c, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || st.Negated || st.Background || st.Coprocess || len(st.Redirs) > 0 || len(c.Assigns) > 0 ||
		len(c.Args) == 0 || c.Args[0].Lit() != "mktemp" || !a.charge(costCopy*len(c.Args)) {
		return "", false
	}
	argv := make([]Arg, len(c.Args))
	for i, w := range c.Args {
		v, ok := plainLit(w)
		if !ok {
			return "", false
		}
		argv[i] = Arg{Value: v}
	}
	return mktempOutput(argv, sc)
}

// mktempOutput is the path mktemp prints: a new name in /tmp (or the
// directory of -p/--tmpdir, or the template's), its random part unknown.
func mktempOutput(argv []Arg, sc *scope) (string, bool) {
	dir, tmpl, inTmp := "", "tmp.XXXXXXXXXX", false
	args := argv[1:]
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		switch {
		case v == "-p" || v == "--tmpdir":
			if v == "-p" && i+1 < len(args) {
				dir = args[i+1].Value
				i++
			}
			inTmp = true
		case strings.HasPrefix(v, "--tmpdir="):
			dir, inTmp = strings.TrimPrefix(v, "--tmpdir="), true
		case strings.HasPrefix(v, "-p") && len(v) > 2:
			dir, inTmp = v[2:], true
		case v == "--" || strings.HasPrefix(v, "--suffix=") || v == "--dry-run" || v == "-u":
			return "", false // -u: a name that does not exist; the rest: rare
		case strings.HasPrefix(v, "-") && len(v) > 1 && !strings.HasPrefix(v, "--"):
			for _, f := range v[1:] {
				switch f {
				case 'd', 'q':
				case 't':
					inTmp = true
				default:
					return "", false
				}
			}
		case strings.HasPrefix(v, "--"):
			if v != "--directory" && v != "--quiet" {
				return "", false
			}
		default:
			tmpl = v
		}
	}
	if !strings.Contains(tmpl, "XXX") {
		return "", false
	}
	if dir == "" {
		dir = "/tmp"
		if t, ok := sc.get("TMPDIR"); ok && !t.dynamic && t.val != "" {
			dir = t.val
		}
	}
	if strings.Contains(tmpl, "/") && !inTmp {
		dir = ""
	}
	x := strings.IndexByte(tmpl, 'X')
	end := x
	for end < len(tmpl) && tmpl[end] == 'X' {
		end++
	}
	name := tmpl[:x] + opaqueMark + tmpl[end:]
	if dir == "" {
		if !path.IsAbs(name) {
			return "", false
		}
		return path.Clean(name), true
	}
	if !path.IsAbs(dir) {
		return "", false
	}
	return path.Join(dir, name), true
}

// readsGlobVar reports whether w reads a variable holding one match of a
// glob pattern (a for loop's over *.bak): its fields are judged as the
// pattern, as rm -rf *.bak would be.
func (a *analyzer) readsGlobVar(w *syntax.Word, sc *scope) bool {
	found := false
	syntax.Walk(w, func(n syntax.Node) bool {
		if found || n == nil || !a.charge(costNode) {
			return false
		}
		if pe, ok := n.(*syntax.ParamExp); ok && pe.Param != nil {
			if v, ok := sc.get(pe.Param.Value); ok && v.glob {
				found = true
			}
		}
		return !found
	})
	return found
}

// lsOutput is what ls -d PATTERN… prints, as the patterns: one line per
// match of each, which xargs reads as that match (stdinGlob). Only ls -d
// (with -1) of literal words is followed: without -d a directory's
// contents are listed, relative to it.
func (a *analyzer) lsOutput(s *syntax.Stmt, sc *scope) (string, bool) {
	c, ok := s.Cmd.(*syntax.CallExpr)
	if !ok || len(c.Args) < 3 || len(c.Assigns) > 0 || len(s.Redirs) > 0 || c.Args[0].Lit() != "ls" {
		return "", false
	}
	a.charge(costCopy * len(c.Args))
	var argv []Arg
	for _, w := range c.Args[1:] {
		argv = a.expandAppend(argv, w, sc)
	}
	d := false
	var names []string
	for _, x := range argv {
		switch {
		case x.Dynamic || x.Value == "":
			return "", false
		case x.Value == "-d" || x.Value == "-1d" || x.Value == "-d1":
			d = true
		case x.Value == "-1":
		case strings.HasPrefix(x.Value, "-"):
			return "", false
		case strings.ContainsAny(x.Value, " \t\n"):
			return "", false // a name xargs would split
		default:
			names = append(names, x.Value)
		}
	}
	if !d || len(names) == 0 {
		return "", false
	}
	return strings.Join(names, "\n") + "\n", true
}

// maxFuncCalls bounds the calls of functions defined in the line that
// are analysed with their arguments; past it, a call is judged as the
// command of that name (and its body was judged where it was defined,
// with its arguments unknown).
const maxFuncCalls = 64

// defineFunc records a function the line defines, so that a call of it
// later in the line is analysed with its arguments: f() { "$@"; }; f rm
// -rf / runs rm -rf /.
func (a *analyzer) defineFunc(name string, body *syntax.Stmt) {
	if body == nil {
		return
	}
	if a.funcs == nil {
		a.funcs = map[string]*syntax.Stmt{}
	}
	a.funcs[name] = body
}

// callFunc analyses a call of a function the line defined, its
// positional parameters bound to the call's arguments. It returns false
// when argv does not call one.
func (a *analyzer) callFunc(argv []Arg, sc *scope) bool {
	body, ok := a.funcs[argv[0].Value]
	if !ok || a.calling[argv[0].Value] {
		return false
	}
	if a.calls >= maxFuncCalls {
		a.limit("too complex to judge here: more than %d calls of functions defined in the line; the rest are judged with their arguments unknown", maxFuncCalls)
		return true // its body was judged where it was defined
	}
	if a.depth >= maxDepth {
		a.limit("commands nested more than %d levels deep ($(…), bash -c, eval, ssh)", maxDepth)
		return true
	}
	a.calls++
	if a.calling == nil {
		a.calling = map[string]bool{}
	}
	a.calling[argv[0].Value] = true
	a.depth++
	in := within(sc, argv[0].Value+"()")
	a.setPositional(in, nil, argv[1:])
	if a.dialect == Fish {
		args, _ := in.get("@")
		in.set("argv", args) // fish's $argv
	}
	a.stmt(body, in)
	a.depth--
	delete(a.calling, argv[0].Value)
	return true
}
