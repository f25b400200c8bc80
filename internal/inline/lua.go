package inline

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// The Lua reader: lua -e code and scripts on standard input. It reports
// os.execute and io.popen (shell lines), os.remove, os.rename, io.open
// and io.output for writing (effects), luaposix's exec, kill, unlink,
// rmdir, rename, chmod and chown, posix.fork in an endless loop, and
// load/loadstring of literal code (read again) or of computed code and
// dofile/loadfile (dynamic: code belay cannot see).

func readLua(code string) []Finding {
	c := newCollector(len(code))
	r := &luaReader{c: c, names: map[string]jsVal{}}
	r.read(code, 0)
	return c.f
}

// lexLua splits Lua into tokens: names, numbers, punctuation, strings
// ('…', "…" with escapes decoded; [[…]] and [==[…]==] long strings, flag
// set), comments (-- and --[[ … ]]) dropped.
func lexLua(code string) *tkList {
	out := make([]tk, 0, len(code)/4+8)
	s, i, nl := code, 0, false
	if strings.HasPrefix(s, "#") {
		for i < len(s) && s[i] != '\n' {
			i++
		}
	}
	emit := func(t tk) {
		t.nl = nl
		nl = false
		out = append(out, t)
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\n' || c == '\r':
			nl = true
			i++
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			if lvl, ok := longOpen(s, i+2); ok {
				_, i = longBody(s, i+2, lvl)
				continue
			}
			for i < len(s) && s[i] != '\n' && s[i] != '\r' {
				i++
			}
		case c == '[' && (i+1 < len(s) && (s[i+1] == '[' || s[i+1] == '=')):
			lvl, ok := longOpen(s, i)
			if !ok {
				emit(tk{kind: ctPunct, text: "[", pos: i, end: i + 1})
				i++
				continue
			}
			val, end := longBody(s, i, lvl)
			emit(tk{kind: ctStr, text: val, pos: i, end: end, flag: true})
			i = end
		case c == '\'' || c == '"':
			j := i + 1
			var b strings.Builder
			esc := false
			for j < len(s) && s[j] != c && s[j] != '\n' {
				if s[j] == '\\' && j+1 < len(s) {
					if !esc {
						esc = true
						b.WriteString(s[i+1 : j])
					}
					j = luaEscape(s, j, &b)
					continue
				}
				if esc {
					b.WriteByte(s[j])
				}
				j++
			}
			val := s[i+1 : j]
			if esc {
				val = b.String()
			}
			if j < len(s) && s[j] == c {
				j++
			}
			emit(tk{kind: ctStr, text: val, pos: i, end: j, exact: !esc})
			i = j
		case isNameStart(c) && c != '$':
			j := i + 1
			for j < len(s) && isNameByte(s[j]) && s[j] != '$' {
				j++
			}
			emit(tk{kind: ctIdent, text: s[i:j], pos: i, end: j})
			i = j
		case isDecimal(c) || c == '.' && i+1 < len(s) && isDecimal(s[i+1]):
			j := i
			for j < len(s) {
				d := s[j]
				if isNameByte(d) && d != '$' || d == '.' && !(j+1 < len(s) && s[j+1] == '.') {
					j++
				} else if (d == '+' || d == '-') && (s[j-1] == 'e' || s[j-1] == 'E' || s[j-1] == 'p' || s[j-1] == 'P') {
					j++
				} else {
					break
				}
			}
			emit(tk{kind: ctNum, text: s[i:j], pos: i, end: j})
			i = j
		default:
			p := s[i : i+1]
			for _, q := range []string{"...", "..", "==", "~=", "<=", ">=", "::", "//", "<<", ">>"} {
				if strings.HasPrefix(s[i:], q) {
					p = q
					break
				}
			}
			emit(tk{kind: ctPunct, text: p, pos: i, end: i + len(p)})
			i += len(p)
		}
	}
	l := &tkList{t: out}
	l.matchBrackets()
	return l
}

// longOpen reads [==[ at i and returns its level.
func longOpen(s string, i int) (int, bool) {
	if i >= len(s) || s[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(s) && s[j] == '=' {
		j++
	}
	if j < len(s) && s[j] == '[' {
		return j - i - 1, true
	}
	return 0, false
}

// longBody returns the text of the long bracket opening at i and the index
// after its close; a first newline is not part of it.
func longBody(s string, i, lvl int) (string, int) {
	start := i + lvl + 2
	closeTok := "]" + strings.Repeat("=", lvl) + "]"
	end := strings.Index(s[start:], closeTok)
	body, after := s[start:], len(s)
	if end >= 0 {
		body, after = s[start:start+end], start+end+len(closeTok)
	}
	if strings.HasPrefix(body, "\r\n") {
		body = body[2:]
	} else if strings.HasPrefix(body, "\n") {
		body = body[1:]
	}
	return body, after
}

// luaEscape decodes the escape at s[i].
func luaEscape(s string, i int, b *strings.Builder) int {
	c := s[i+1]
	switch c {
	case 'a':
		b.WriteByte('\a')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'v':
		b.WriteByte('\v')
	case '\n':
		b.WriteByte('\n')
	case 'z':
		j := i + 2
		for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r') {
			j++
		}
		return j
	case 'x':
		if r, ok := hexRune(s, i+2, 2); ok {
			b.WriteByte(byte(r))
			return i + 4
		}
		b.WriteByte('x')
	case 'u':
		if i+2 < len(s) && s[i+2] == '{' {
			end := strings.IndexByte(s[i+3:min(len(s), i+13)], '}')
			if end > 0 && end <= 8 {
				if r, ok := hexRune(s, i+3, end); ok {
					b.WriteRune(r)
					return i + 4 + end
				}
			}
		}
		b.WriteByte('u')
	default:
		if isDecimal(c) {
			v, j := 0, i+1
			for j < len(s) && j < i+4 && isDecimal(s[j]) {
				v = v*10 + int(s[j]-'0')
				j++
			}
			b.WriteByte(byte(v))
			return j
		}
		b.WriteByte(c)
	}
	return i + 2
}

type luaReader struct {
	c     *collector
	names map[string]jsVal
	cur   *tkList
}

type luaFn struct {
	kind   jsFnKind // fnShell, fnArgv (posix.exec), fnEffect, fnKill, fnEval, fnRequire, fnSpawner
	effect string
	path   int
	dest   int
	mode   int  // io.open: the mode argument; -1 none
	async  bool // fork bomb material
	file   bool // dofile, loadfile: code from a file
}

var luaFns = lazy.Value[map[string]luaFn]{Build: func() map[string]luaFn {
	return map[string]luaFn{
		"os.execute":   {kind: fnShell},
		"io.popen":     {kind: fnShell, async: true},
		"os.remove":    {kind: fnEffect, effect: "delete", dest: -1, mode: -1},
		"os.rename":    {kind: fnEffect, effect: "rename", dest: 1, mode: -1},
		"io.open":      {kind: fnEffect, effect: "write", dest: -1, mode: 1},
		"io.output":    {kind: fnEffect, effect: "write", dest: -1, mode: -1},
		"load":         {kind: fnEval},
		"loadstring":   {kind: fnEval},
		"dofile":       {kind: fnEval, file: true},
		"loadfile":     {kind: fnEval, file: true},
		"require":      {kind: fnRequire},
		"posix.exec":   {kind: fnArgv},
		"posix.execp":  {kind: fnArgv},
		"posix.spawn":  {kind: fnArgv, async: true},
		"posix.fork":   {kind: fnSpawner, async: true},
		"posix.kill":   {kind: fnKill},
		"posix.unlink": {kind: fnEffect, effect: "delete", dest: -1, mode: -1},
		"posix.remove": {kind: fnEffect, effect: "delete", dest: -1, mode: -1},
		"posix.rmdir":  {kind: fnEffect, effect: "delete", dest: -1, mode: -1},
		"posix.rename": {kind: fnEffect, effect: "rename", dest: 1, mode: -1},
		"posix.chmod":  {kind: fnEffect, effect: "chmod", dest: -1, mode: -1},
		"posix.chown":  {kind: fnEffect, effect: "chown", dest: -1, mode: -1},
		"posix.link":   {kind: fnEffect, effect: "write", path: 1, dest: -1, mode: -1},
		"lfs.rmdir":    {kind: fnEffect, effect: "delete", dest: -1, mode: -1},
		"lfs.link":     {kind: fnEffect, effect: "write", path: 1, dest: -1, mode: -1},
	}
}}

var luaGlobals = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"os": true, "posix": true, "io": true, "load": true, "loadstring": true, "dofile": true, "loadfile": true, "require": true, "_G": true, "string": true}
}}

func luaModule(m string) string {
	if m == "posix" || strings.HasPrefix(m, "posix.") {
		return "posix"
	}
	return m
}

func (r *luaReader) read(code string, depth int) {
	l := lexLua(code)
	r.cur = l
	loops := luaEndless(l)
	for i := 0; i < len(l.t); i++ {
		if r.c.full {
			return
		}
		t := l.t[i]
		if t.kind != ctIdent || l.isPunct(i-1, ".") || l.isPunct(i-1, ":") {
			continue
		}
		switch t.text {
		case "local":
			if l.is(i+1, "function") {
				continue
			}
			r.assign(l, i+1, true)
			continue
		case "function":
			continue
		}
		if (l.isPunct(i+1, "=") || l.isPunct(i+1, ",")) && !l.isPunct(i-1, ",") && !l.isPunct(i-1, "{") {
			r.assign(l, i, false)
		}
		r.chain(l, i, depth, loops[i] > 0, true)
	}
}

// assign binds a, b = x, y from i (the first name); local a, b without a
// value unbinds them.
func (r *luaReader) assign(l *tkList, i int, local bool) {
	var names []string
	j := i
	for n := 0; n < 64 && j < len(l.t) && l.t[j].kind == ctIdent; n++ {
		names = append(names, l.t[j].text)
		j++
		if l.is(j, "<") { // local x <const> = …
			j += 3
		}
		if !l.isPunct(j, ",") {
			break
		}
		j++
	}
	if !l.isPunct(j, "=") {
		if local {
			for _, n := range names {
				delete(r.names, n)
			}
		}
		return
	}
	j++
	for _, n := range names {
		v, next := r.value(l, j)
		if v.path == "" && v.str == nil && !v.isList {
			delete(r.names, n)
		} else {
			r.names[n] = v
		}
		j = next
		if !l.isPunct(j, ",") {
			j = len(l.t)
		} else {
			j++
		}
	}
}

// value reads the expression at j without reporting anything.
func (r *luaReader) value(l *tkList, j int) (jsVal, int) {
	if j >= len(l.t) {
		return jsVal{}, j
	}
	if l.isPunct(j, "{") {
		return jsVal{list: r.table(l, j), isList: true}, l.closer(j) + 1
	}
	if l.t[j].kind == ctIdent {
		if v, end, ok := r.chain(l, j, 0, false, false); ok && v.path != "" && !l.isPunct(end, "..") {
			return v, end
		}
	}
	r.cur = l
	w, next := l.concat(r.c, j, len(l.t), "..", 0, r.term)
	if next < len(l.t) && !l.t[next].nl && !l.isPunct(next, ";") && !l.isPunct(next, ",") && !l.isPunct(next, ")") && l.t[next].kind != ctIdent {
		w.Dynamic = true
	}
	return jsVal{str: &w}, next
}

func (r *luaReader) term(i, hi, depth int) (Word, int) {
	l := r.cur
	if w, next, ok := l.litTerm(r.c, i, hi, depth, "..", r.term); ok {
		if !w.Dynamic && l.isPunct(next, ":") && l.is(next+1, "format") {
			return fmtPrefix(w.Value), l.skip(next + 2)
		}
		return w, next
	}
	t := l.t[i]
	if t.kind == ctIdent {
		if t.text == "string" && l.isPunct(i+1, ".") && l.is(i+2, "format") && l.isPunct(i+3, "(") {
			a := l.args(i + 3)
			if f := arg(a, 0); f.hi-f.lo == 1 && l.t[f.lo].kind == ctStr {
				return fmtPrefix(l.t[f.lo].text), l.skip(i + 3)
			}
			return Word{Dynamic: true}, l.skip(i + 3)
		}
		if v, ok := r.names[t.text]; ok && v.str != nil && !l.isPunct(i+1, ".") && !l.isPunct(i+1, "[") && !l.isPunct(i+1, "(") && !l.isPunct(i+1, ":") {
			return *v.str, i + 1
		}
	}
	return Word{Dynamic: true}, i + 1
}

// fmtPrefix is the value of string.format(f, …): f up to its first
// directive, dynamic when it has one.
func fmtPrefix(f string) Word {
	if k := strings.IndexByte(f, '%'); k >= 0 && !strings.HasPrefix(f[k:], "%%") {
		return Word{Value: f[:k], Dynamic: true}
	}
	if strings.Contains(f, "%") {
		return Word{Value: f, Dynamic: true}
	}
	return Word{Value: f}
}

func (r *luaReader) word(l *tkList, s tkSpan) Word {
	r.cur = l
	return l.wholeWord(r.c, s, "..", r.term)
}

// table evaluates the positional fields of a table constructor.
func (r *luaReader) table(l *tkList, open int) []Word {
	var out []Word
	for _, a := range l.args(open) {
		if !r.c.spend(1) {
			break
		}
		if l.isPunct(a.lo, "[") || a.hi-a.lo > 1 && l.isPunct(a.lo+1, "=") {
			continue
		}
		if l.isPunct(a.lo, "...") {
			out = append(out, Word{Dynamic: true})
			continue
		}
		out = append(out, r.word(l, a))
	}
	return out
}

// chain reads a.b.c:d(args) "str" {tbl} from i, reporting known calls.
func (r *luaReader) chain(l *tkList, i, depth int, inLoop, report bool) (jsVal, int, bool) {
	start := l.t[i]
	var v jsVal
	if b, ok := r.names[start.text]; ok {
		v = b
	} else if luaGlobals.Get()[start.text] {
		v = jsVal{path: start.text}
	}
	j := i + 1
	for j < len(l.t) {
		if !r.c.spend(1) {
			return jsVal{}, len(l.t), true
		}
		switch {
		case (l.isPunct(j, ".") || l.isPunct(j, ":")) && j+1 < len(l.t) && l.t[j+1].kind == ctIdent:
			v = luaMember(v, l.t[j+1].text)
			j += 2
		case l.isPunct(j, "["):
			end := l.closer(j)
			if end == j+2 && l.t[j+1].kind == ctStr {
				v = luaMember(v, l.t[j+1].text)
			} else {
				if report && (v.path == "os" || v.path == "io" || v.path == "posix") && (l.isPunct(end+1, "(") || end+1 < len(l.t) && l.t[end+1].kind == ctStr) {
					r.c.add(Finding{Kind: Dynamic, Pos: start.pos, Call: v.path + "[…]"})
				}
				v = jsVal{}
			}
			j = end + 1
		case l.isPunct(j, "("):
			v = r.call(l, v, l.args(j), start.pos, depth, inLoop, report)
			j = l.closer(j) + 1
		case l.t[j].kind == ctStr:
			v = r.call(l, v, []tkSpan{{j, j + 1}}, start.pos, depth, inLoop, report)
			j++
		case l.isPunct(j, "{"):
			v = r.call(l, v, []tkSpan{{j, l.closer(j) + 1}}, start.pos, depth, inLoop, report)
			j = l.closer(j) + 1
		default:
			return v, j, true
		}
	}
	return v, j, true
}

func luaMember(v jsVal, name string) jsVal {
	switch {
	case v.path == "":
		return jsVal{}
	case v.path == "_G":
		if luaGlobals.Get()[name] {
			return jsVal{path: name}
		}
		return jsVal{}
	}
	return jsVal{path: v.path + "." + name}
}

func (r *luaReader) call(l *tkList, v jsVal, a []tkSpan, pos, depth int, inLoop, report bool) jsVal {
	fn, ok := luaFns.Get()[v.path]
	if !ok {
		return jsVal{}
	}
	add := func(f Finding) {
		if report {
			f.Pos, f.Call = pos, v.path
			r.c.add(f)
		}
	}
	if fn.async && inLoop {
		add(Finding{Kind: ForkBomb})
	}
	switch fn.kind {
	case fnRequire:
		if s := arg(a, 0); s.hi-s.lo == 1 && l.t[s.lo].kind == ctStr {
			return jsVal{path: luaModule(l.t[s.lo].text)}
		}
	case fnShell:
		if len(a) > 0 {
			add(Finding{Kind: ShellLine, Text: r.word(l, a[0])})
		}
	case fnArgv:
		ws := []Word{r.word(l, arg(a, 0))}
		for _, s := range a[min(1, len(a)):] {
			if l.group(s, "{") {
				ws = append(ws, r.table(l, s.lo)...)
			} else {
				ws = append(ws, r.word(l, s))
			}
		}
		add(Finding{Kind: Argv, Argv: ws})
	case fnEffect:
		s := arg(a, fn.path)
		if fn.mode >= 0 {
			m := arg(a, fn.mode)
			if m.empty() {
				return jsVal{}
			}
			if w := r.word(l, m); !w.Dynamic && !strings.ContainsAny(w.Value, "wa+") {
				return jsVal{}
			}
		}
		if v.path == "io.output" && (s.empty() || l.is(s.lo, "io")) {
			return jsVal{} // io.output() or io.output(io.stdout)
		}
		f := Finding{Kind: Effect, Effect: fn.effect, Path: r.word(l, s)}
		if fn.dest >= 0 {
			f.Dest = r.word(l, arg(a, fn.dest))
		}
		add(f)
	case fnKill:
		add(Finding{Kind: Kill, Target: r.word(l, arg(a, 0))})
	case fnEval:
		s := arg(a, 0)
		if fn.file {
			add(Finding{Kind: Dynamic})
			return jsVal{}
		}
		w := r.word(l, s)
		if w.Dynamic || depth >= nestCap {
			add(Finding{Kind: Dynamic})
			return jsVal{}
		}
		if !report {
			return jsVal{}
		}
		sub := &collector{budget: r.c.budget}
		inner := &luaReader{c: sub, names: r.names}
		inner.read(w.Value, depth+1)
		r.cur = l
		r.c.budget = sub.budget
		strTok := tk{pos: pos}
		if s.hi-s.lo == 1 && !l.t[s.lo].flag {
			strTok = l.t[s.lo]
		}
		nested(r.c, sub.f, strTok, pos)
		if sub.full {
			r.c.full = true
		}
	}
	return jsVal{}
}

// luaEndless marks the tokens inside endless loops: while true do … end
// (any value but false and nil is true in Lua) and repeat … until false.
func luaEndless(l *tkList) []int32 {
	e := newEndless(len(l.t))
	// match blocks: function, if, do and repeat open; end and until close
	type open struct {
		i    int
		loop bool // the do of an endless while
	}
	var stack []open
	pendingWhile := -1 // the index of the do of an endless while
	for i := range l.t {
		if l.t[i].kind != ctIdent {
			continue
		}
		switch l.t[i].text {
		case "while":
			k := i + 1
			for n := 0; k < len(l.t) && n < 256 && !l.is(k, "do"); n++ {
				k = l.skip(k)
			}
			if l.is(k, "do") && luaTrue(l, tkSpan{i + 1, k}) {
				pendingWhile = k
			}
		case "function", "if", "repeat":
			stack = append(stack, open{i: i})
		case "do":
			stack = append(stack, open{i: i, loop: i == pendingWhile})
		case "end":
			if n := len(stack); n > 0 {
				o := stack[n-1]
				stack = stack[:n-1]
				if o.loop && !waits(l, o.i, i) {
					e.mark(o.i, i+1)
				}
			}
		case "until":
			if n := len(stack); n > 0 {
				o := stack[n-1]
				stack = stack[:n-1]
				if l.t[o.i].text == "repeat" && (l.is(i+1, "false") || l.is(i+1, "nil")) && !waits(l, o.i, i) {
					e.mark(o.i, i+1)
				}
			}
		}
	}
	for _, o := range stack {
		if o.loop {
			e.mark(o.i, len(l.t))
		}
	}
	return e.done()
}

// luaTrue reports whether a Lua condition is always true.
func luaTrue(l *tkList, s tkSpan) bool {
	for l.group(s, "(") {
		s = tkSpan{s.lo + 1, s.hi - 1}
	}
	neg := false
	for s.hi-s.lo > 1 && l.is(s.lo, "not") {
		neg = !neg
		s.lo++
	}
	if s.hi-s.lo != 1 {
		return false
	}
	t := l.t[s.lo]
	falsy := t.kind == ctIdent && (t.text == "false" || t.text == "nil")
	truthy := t.kind == ctNum || t.kind == ctStr || t.kind == ctIdent && t.text == "true"
	if neg {
		return falsy
	}
	return truthy
}
