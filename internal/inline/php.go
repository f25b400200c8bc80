package inline

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// The PHP reader: php -r code, and PHP files fed on standard input. It
// reports calls of PHP's process functions (exec, system, shell_exec,
// passthru, popen, proc_open, pcntl_exec, backticks), its file functions
// (unlink, rmdir, file_put_contents, fopen for writing, rename, copy,
// chmod, chown), posix_kill, pcntl_fork in an endless loop, and eval,
// assert and create_function of literal code (read again) or computed
// code (dynamic). Function names are case-insensitive, as in PHP.

func readPHP(code string) []Finding {
	c := newCollector(len(code))
	r := &phpReader{c: c, vars: map[string]phpVal{}}
	r.read(code, 0, false)
	// Code on standard input starts as HTML; php -r code starts as PHP.
	// Which one this is, the caller knows and this function does not: when
	// the code has an opening tag, it is read both ways.
	if strings.Contains(code, "<?") && !c.full {
		first := len(c.f)
		r2 := &phpReader{c: c, vars: map[string]phpVal{}}
		r2.read(code, 0, true)
		c.f = append(c.f[:first], dedupe(c.f[:first], c.f[first:])...)
	}
	return c.f
}

// dedupe returns the findings of b not already in a.
func dedupe(a, b []Finding) []Finding {
	seen := map[[2]int]string{}
	for _, f := range a {
		seen[[2]int{f.Pos, int(f.Kind)}] = f.Call
	}
	var out []Finding
	for _, f := range b {
		if call, ok := seen[[2]int{f.Pos, int(f.Kind)}]; ok && call == f.Call {
			continue
		}
		out = append(out, f)
	}
	return out
}

type phpVal struct {
	str     *Word
	list    []Word
	isList  bool
	closure bool
}

type phpReader struct {
	c    *collector
	vars map[string]phpVal
	cur  *tkList
}

type phpFnKind uint8

const (
	phpShell         phpFnKind = iota + 1 // arg 0 a shell command line
	phpProc                               // proc_open: a string (shell) or an array (argv)
	phpExecv                              // pcntl_exec(path, args)
	phpEffect                             // an effect on a path argument
	phpKill                               // posix_kill(pid, sig)
	phpFork                               // pcntl_fork
	phpEval                               // code in an argument
	phpAssert                             // assert: code only when given a string
	phpCallUser                           // call_user_func(name, args…)
	phpCallUserArray                      // call_user_func_array(name, [args])
	phpMap                                // array_map(callback, array)
	phpWalk                               // array_walk(array, callback)
)

type phpFn struct {
	kind   phpFnKind
	effect string
	path   int // the path argument; the code argument for phpEval
	dest   int // rename: the destination; -1 none
	mode   int // fopen: the mode argument; -1 none
	async  bool
}

var phpFns = lazy.Value[map[string]phpFn]{Build: func() map[string]phpFn {
	return map[string]phpFn{
		"exec": {kind: phpShell}, "system": {kind: phpShell}, "passthru": {kind: phpShell},
		"shell_exec": {kind: phpShell}, "popen": {kind: phpShell, async: true}, "expect_popen": {kind: phpShell, async: true},
		"proc_open":            {kind: phpProc, async: true},
		"pcntl_exec":           {kind: phpExecv},
		"unlink":               {kind: phpEffect, effect: "delete", dest: -1, mode: -1},
		"rmdir":                {kind: phpEffect, effect: "delete", dest: -1, mode: -1},
		"file_put_contents":    {kind: phpEffect, effect: "write", dest: -1, mode: -1},
		"fopen":                {kind: phpEffect, effect: "write", dest: -1, mode: 1},
		"new splfileobject":    {kind: phpEffect, effect: "write", dest: -1, mode: 1},
		"rename":               {kind: phpEffect, effect: "rename", dest: 1, mode: -1},
		"move_uploaded_file":   {kind: phpEffect, effect: "rename", dest: 1, mode: -1},
		"copy":                 {kind: phpEffect, effect: "write", path: 1, dest: -1, mode: -1},
		"symlink":              {kind: phpEffect, effect: "write", path: 1, dest: -1, mode: -1},
		"link":                 {kind: phpEffect, effect: "write", path: 1, dest: -1, mode: -1},
		"chmod":                {kind: phpEffect, effect: "chmod", dest: -1, mode: -1},
		"chown":                {kind: phpEffect, effect: "chown", dest: -1, mode: -1},
		"chgrp":                {kind: phpEffect, effect: "chown", dest: -1, mode: -1},
		"lchown":               {kind: phpEffect, effect: "chown", dest: -1, mode: -1},
		"lchgrp":               {kind: phpEffect, effect: "chown", dest: -1, mode: -1},
		"posix_kill":           {kind: phpKill},
		"pcntl_fork":           {kind: phpFork, async: true},
		"eval":                 {kind: phpEval},
		"assert":               {kind: phpAssert},
		"create_function":      {kind: phpEval, path: 1},
		"call_user_func":       {kind: phpCallUser},
		"call_user_func_array": {kind: phpCallUserArray},
		"array_map":            {kind: phpMap},
		"array_walk":           {kind: phpWalk},
		// Symfony Process
		"new process":                   {kind: phpProc, async: true},
		"process::fromshellcommandline": {kind: phpShell, async: true},
	}
}}

func (r *phpReader) read(code string, depth int, html bool) {
	l := lexPHP(code, html)
	r.cur = l
	loops := cEndless(l, true)
	for i := 0; i < len(l.t); i++ {
		if r.c.full {
			return
		}
		t := l.t[i]
		switch {
		case t.kind == ctStr && t.flag: // backticks
			r.c.add(Finding{Kind: ShellLine, Pos: t.pos, Call: "backticks", Text: Word{Value: t.text, Dynamic: t.dyn}})
		case t.kind == ctVar && (l.isPunct(i+1, "=") || l.isPunct(i+1, ".=")) && !l.isPunct(i-1, "->") && !l.isPunct(i-1, "::"):
			r.assign(l, i)
		case t.kind == ctVar && l.isPunct(i+1, "[") && l.isPunct(l.closer(i+1)+1, "(") && !l.isPunct(i-1, "->") && !l.isPunct(i-1, "::"):
			// $_GET['f']($x): a function named by the request
			r.c.add(Finding{Kind: Dynamic, Pos: t.pos, Call: "$" + t.text + "[…](…)"})
		case t.kind == ctVar && l.isPunct(i+1, "(") && !l.isPunct(i-1, "->") && !l.isPunct(i-1, "::"):
			v, ok := r.vars[t.text]
			switch {
			case ok && v.closure:
			case ok && v.str != nil && !v.str.Dynamic:
				r.call(l, strings.ToLower(v.str.Value), t.pos, l.args(i+1), depth, loops[i] > 0)
			default:
				r.c.add(Finding{Kind: Dynamic, Pos: t.pos, Call: "$" + t.text + "(…)"})
			}
		case t.kind == ctIdent && l.isPunct(i+1, "("):
			if l.isPunct(i-1, "->") || l.isPunct(i-1, "?->") || l.is(i-1, "function") || l.is(i-1, "fn") || l.is(i-1, "const") {
				continue
			}
			name := strings.TrimPrefix(strings.ToLower(t.text), `\`)
			pos := t.pos
			switch {
			case l.is(i-1, "new"):
				name = "new " + name[strings.LastIndexByte(name, '\\')+1:]
				pos = l.t[i-1].pos
			case l.isPunct(i-1, "::") && i >= 2 && l.t[i-2].kind == ctIdent:
				cls := strings.ToLower(l.t[i-2].text)
				name = cls[strings.LastIndexByte(cls, '\\')+1:] + "::" + name
				pos = l.t[i-2].pos
			case l.isPunct(i-1, "::"):
				continue
			case strings.Contains(name, `\`):
				continue // a namespaced function is not PHP's
			}
			r.call(l, name, pos, l.args(i+1), depth, loops[i] > 0)
		}
	}
}

// assign tracks $name = value and $name .= value.
func (r *phpReader) assign(l *tkList, i int) {
	name := l.t[i].text
	j := i + 2
	if l.isPunct(i+1, ".=") {
		old, ok := r.vars[name]
		r.cur = l
		w, _ := l.concat(r.c, j, len(l.t), ".", 0, r.term)
		if ok && old.str != nil && !old.str.Dynamic {
			nw := capWord(Word{Value: old.str.Value + w.Value, Dynamic: w.Dynamic})
			r.vars[name] = phpVal{str: &nw}
		} else {
			delete(r.vars, name)
		}
		return
	}
	switch {
	case l.is(j, "function") || l.is(j, "fn") || l.is(j, "static") && (l.is(j+1, "function") || l.is(j+1, "fn")):
		r.vars[name] = phpVal{closure: true}
	case l.isPunct(j, "[") || l.is(j, "array") && l.isPunct(j+1, "("):
		open := j
		if !l.isPunct(j, "[") {
			open = j + 1
		}
		r.vars[name] = phpVal{list: r.elems(l, open), isList: true}
	default:
		r.cur = l
		w, next := l.concat(r.c, j, len(l.t), ".", 0, r.term)
		if next < len(l.t) && !l.isPunct(next, ";") && !l.isPunct(next, ",") && !l.isPunct(next, ")") {
			w.Dynamic = true
		}
		r.vars[name] = phpVal{str: &w}
	}
}

func (r *phpReader) term(i, hi, depth int) (Word, int) {
	l := r.cur
	if w, next, ok := l.litTerm(r.c, i, hi, depth, ".", r.term); ok {
		return w, next
	}
	t := l.t[i]
	if t.kind == ctVar && !l.isPunct(i+1, "[") && !l.isPunct(i+1, "->") && !l.isPunct(i+1, "(") {
		if v, ok := r.vars[t.text]; ok && v.str != nil {
			return *v.str, i + 1
		}
	}
	return Word{Dynamic: true}, i + 1
}

func (r *phpReader) word(l *tkList, s tkSpan) Word {
	r.cur = l
	return l.wholeWord(r.c, s, ".", r.term)
}

// elems evaluates the elements of an array literal opening at open ([ or
// the ( of array(…)); keys (k => v) are dropped, spreads are dynamic.
func (r *phpReader) elems(l *tkList, open int) []Word {
	var out []Word
	for _, a := range l.args(open) {
		if !r.c.spend(1) {
			break
		}
		for j := a.lo; j < a.hi; j = l.skip(j) {
			if l.isPunct(j, "=>") {
				a.lo = j + 1
				break
			}
		}
		if l.isPunct(a.lo, "...") {
			out = append(out, Word{Dynamic: true})
			continue
		}
		out = append(out, r.word(l, a))
	}
	return out
}

// list evaluates an array argument: a literal, or a variable holding one.
func (r *phpReader) list(l *tkList, s tkSpan) ([]Word, bool) {
	switch {
	case l.group(s, "["):
		return r.elems(l, s.lo), true
	case s.hi-s.lo > 1 && l.is(s.lo, "array") && l.group(tkSpan{s.lo + 1, s.hi}, "("):
		return r.elems(l, s.lo+1), true
	case s.hi-s.lo == 1 && l.t[s.lo].kind == ctVar:
		if v, ok := r.vars[l.t[s.lo].text]; ok && v.isList {
			return v.list, true
		}
	}
	return nil, false
}

// call handles a call of the function name with arguments a.
func (r *phpReader) call(l *tkList, name string, pos int, a []tkSpan, depth int, inLoop bool) {
	fn, ok := phpFns.Get()[name]
	if !ok || depth > nestCap {
		return
	}
	add := func(f Finding) {
		f.Pos, f.Call = pos, name
		r.c.add(f)
	}
	if fn.async && inLoop {
		add(Finding{Kind: ForkBomb})
	}
	switch fn.kind {
	case phpShell:
		add(Finding{Kind: ShellLine, Text: r.word(l, arg(a, 0))})
	case phpProc:
		s := arg(a, 0)
		if ws, ok := r.list(l, s); ok {
			add(Finding{Kind: Argv, Argv: ws})
		} else {
			add(Finding{Kind: ShellLine, Text: r.word(l, s)})
		}
	case phpExecv:
		ws := []Word{r.word(l, arg(a, 0))}
		if s := arg(a, 1); !s.empty() {
			rest, ok := r.list(l, s)
			if !ok {
				rest = []Word{{Dynamic: true}}
			}
			ws = append(ws, rest...)
		}
		add(Finding{Kind: Argv, Argv: ws})
	case phpEffect:
		if fn.mode >= 0 {
			s := arg(a, fn.mode)
			if s.empty() {
				return
			}
			if m := r.word(l, s); !m.Dynamic && !strings.ContainsAny(m.Value, "waxc+") {
				return
			}
		}
		f := Finding{Kind: Effect, Effect: fn.effect, Path: r.word(l, arg(a, fn.path))}
		if fn.dest >= 0 {
			f.Dest = r.word(l, arg(a, fn.dest))
		}
		add(f)
	case phpKill:
		s := arg(a, 0)
		if s.hi-s.lo == 3 && (l.is(s.lo, "getmypid") || l.is(s.lo, "posix_getpid") || l.is(s.lo, "posix_getppid")) {
			return
		}
		add(Finding{Kind: Kill, Target: r.word(l, s)})
	case phpFork:
	case phpAssert:
		s := arg(a, 0)
		if s.empty() || l.t[s.lo].kind != ctStr {
			return
		}
		r.eval(l, s, pos, depth, add)
	case phpEval:
		r.eval(l, arg(a, fn.path), pos, depth, add)
	case phpCallUser, phpCallUserArray:
		w := r.word(l, arg(a, 0))
		if w.Dynamic {
			add(Finding{Kind: Dynamic})
			return
		}
		rest := a[min(1, len(a)):]
		if fn.kind == phpCallUserArray {
			s := arg(a, 1)
			switch {
			case l.group(s, "["):
				rest = l.args(s.lo)
			case s.hi-s.lo > 1 && l.is(s.lo, "array"):
				rest = l.args(s.lo + 1)
			default:
				rest = []tkSpan{{}}
			}
		}
		r.call(l, strings.ToLower(strings.TrimPrefix(w.Value, `\`)), pos, rest, depth+1, inLoop)
	case phpMap, phpWalk:
		cb, arr := arg(a, 0), arg(a, 1)
		if fn.kind == phpWalk {
			cb, arr = arr, cb
		}
		w := r.word(l, cb)
		if w.Dynamic {
			return // a closure, or a name computed at run time
		}
		target, ok := phpFns.Get()[strings.ToLower(w.Value)]
		if !ok || target.kind != phpShell && target.kind != phpEffect || target.path != 0 || target.mode >= 0 || target.dest >= 0 {
			return
		}
		var items []Word
		switch {
		case arr.hi-arr.lo > 1 && l.is(arr.lo, "glob") && l.isPunct(arr.lo+1, "("):
			items = []Word{r.word(l, arg(l.args(arr.lo+1), 0))}
		default:
			ws, ok := r.list(l, arr)
			if !ok {
				ws = []Word{{Dynamic: true}}
			}
			items = ws
		}
		for _, it := range items {
			if target.kind == phpShell {
				add(Finding{Kind: ShellLine, Text: it})
			} else {
				add(Finding{Kind: Effect, Effect: target.effect, Path: it})
			}
		}
	}
}

// eval reads literal PHP code again, and reports computed code.
func (r *phpReader) eval(l *tkList, s tkSpan, pos, depth int, add func(Finding)) {
	w := r.word(l, s)
	if w.Dynamic || depth >= nestCap {
		add(Finding{Kind: Dynamic})
		return
	}
	sub := &collector{budget: r.c.budget}
	inner := &phpReader{c: sub, vars: r.vars}
	inner.read(w.Value, depth+1, false)
	r.cur = l
	r.c.budget = sub.budget
	strTok := tk{pos: pos}
	if s.hi-s.lo == 1 {
		strTok = l.t[s.lo]
	}
	nested(r.c, sub.f, strTok, pos)
	if sub.full {
		r.c.full = true
	}
}
