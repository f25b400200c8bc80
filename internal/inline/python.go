package inline

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"

	"github.com/belay-sh/belay/internal/lazy"
)

// readPython reads python code: imports and their aliases, names bound
// once to a literal, and every call whose callee it can name — os.system,
// subprocess.*, shutil.rmtree, pathlib, open(…, "w"), os.kill, ctypes'
// reboot, exec of a literal (read as python in turn) — and loops that fork
// without end.
func readPython(code string) []Finding {
	s := newSink(len(code))
	r := newPyReader(s, rootEmitter(s, len(code)), code, 0, nil)
	r.run()
	return s.out
}

// pyReader reads one piece of python code: the code given, or code found
// in a literal that code execs.
type pyReader struct {
	e      emitter
	s      *sink
	code   string
	t      []tok
	nest   int
	outer  *pyReader          // the code that execs this one: its names are seen here
	alias  map[string]string  // a name imported: what it is ("sp" → "subprocess")
	stars  []string           // modules imported with *
	binds  map[string]int     // how often each name is bound (2 for "more than once")
	consts map[string]*pyBind // names bound once, to the expression in their assignment
	forks  []int              // token indexes of calls that fork
	fnames []string           // how those calls are written
	waits  []int              // token indexes of calls that wait for a child
	ends   []int              // for each token, where its statement ends (newline or ";")
	lines  []int              // for each token, the next newline at its depth
	colons []int              // for each token, the next ":" or newline at its depth
	parent []int              // for each token, the bracket around it
	memo   map[*tok]value     // the values of calls already computed, by their "("
}

// pyBind is the one assignment to a name.
type pyBind struct {
	r      *pyReader
	lo, hi int
	state  uint8 // 0 not read yet, 1 being read, 2 read
	v      value
}

func newPyReader(s *sink, e emitter, code string, nest int, outer *pyReader) *pyReader {
	pyCallsOnce.Do(initPyCalls)
	s.spend(len(code) / 8)
	toks, _ := pyLex(code, 0, len(code), 0, false)
	r := &pyReader{e: e, s: s, code: code, t: toks, nest: nest, outer: outer,
		alias: map[string]string{}, binds: map[string]int{}, consts: map[string]*pyBind{}, memo: map[*tok]value{}}
	r.ends = nextStops(toks, func(i int) bool { return toks[i].kind == tkNL || toks[i].op(";") })
	r.lines = nextStops(toks, func(i int) bool { return toks[i].kind == tkNL })
	r.colons = nextStops(toks, func(i int) bool { return toks[i].kind == tkNL || toks[i].op(":") })
	r.parent = parents(toks)
	r.declare()
	return r
}

func (r *pyReader) run() {
	r.scan()
	r.loops()
}

// stmtStart reports whether token i starts a statement: it follows a
// newline, a ";", or the ":" of a compound statement's header (but not the
// ":" of an annotation, x: int = 1).
func (r *pyReader) stmtStart(i int) bool {
	if i == 0 {
		return true
	}
	p := &r.t[i-1]
	if p.kind == tkNL || p.op(";") {
		return true
	}
	if !p.op(":") {
		return false
	}
	if i >= 2 && r.t[i-2].kind == tkName && !pyKeywords.Get()[r.t[i-2].text] && (i == 2 || r.t[i-3].kind == tkNL || r.t[i-3].op(";")) {
		return false
	}
	return true
}

var pyKeywords = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"False": true, "None": true, "True": true, "and": true, "as": true,
		"assert": true, "async": true, "await": true, "break": true, "class": true, "continue": true,
		"def": true, "del": true, "elif": true, "else": true, "except": true, "finally": true, "for": true,
		"from": true, "global": true, "if": true, "import": true, "in": true, "is": true, "lambda": true,
		"nonlocal": true, "not": true, "or": true, "pass": true, "raise": true, "return": true,
		"try": true, "while": true, "with": true, "yield": true}
}}

// stmtEnd is the index of the newline or ";" that ends the statement that
// token i is in.
func (r *pyReader) stmtEnd(i int) int { return r.ends[min(i, len(r.t))] }

// declare reads imports and bindings before anything else, so that a name
// is known however late it is imported or assigned.
func (r *pyReader) declare() {
	t := r.t
	for i := 0; i < len(t); i++ {
		if !r.s.spend(1) {
			return
		}
		if t[i].kind != tkName {
			continue
		}
		name := t[i].text
		start := r.stmtStart(i)
		switch {
		case start && name == "import":
			i = r.importNames(i + 1)
			continue
		case start && name == "from":
			i = r.fromImport(i + 1)
			continue
		case name == "for":
			for j := i + 1; j < len(t) && j < i+64 && !t[j].name("in") && t[j].kind != tkNL && !t[j].op(":"); j++ {
				if t[j].kind == tkName {
					r.binds[t[j].text] += 2
				}
			}
		case name == "as" || name == "def" || name == "class" || name == "global" || name == "nonlocal" || name == "del":
			for j := i + 1; j < len(t) && (t[j].kind == tkName && !pyKeywords.Get()[t[j].text] || t[j].op(",")); j++ {
				if t[j].kind == tkName {
					r.binds[t[j].text] += 2
				}
				if name == "as" || name == "def" || name == "class" {
					break
				}
			}
			if name == "def" && i+2 < len(t) && t[i+2].op("(") {
				for j := i + 3; j < closeOf(t, i+2); j++ {
					if t[j].kind == tkName {
						r.binds[t[j].text] += 2
					}
					if isOpener(&t[j]) {
						j = closeOf(t, j) // a default value's brackets
					}
				}
			}
		case name == "lambda":
			for j := i + 1; j < len(t) && j < i+64 && !t[j].op(":") && t[j].kind != tkNL && !t[j].name("lambda"); j++ {
				if t[j].kind == tkName {
					r.binds[t[j].text] += 2
				}
			}
		}
		if i+1 < len(t) && t[i+1].kind == tkOp {
			switch op := t[i+1].text; {
			case op == "=" && start:
				r.binds[name]++
				if r.binds[name] == 1 {
					r.consts[name] = &pyBind{r: r, lo: i + 2, hi: r.stmtEnd(i + 2)}
				}
			case op == "=" || op == ":=" || len(op) >= 2 && op[len(op)-1] == '=' && op != "==" && op != "!=" && op != "<=" && op != ">=":
				r.binds[name] += 2
			case op == ":" && start:
				r.binds[name] += 2 // annotated: x: str = …
			case op == "," && start:
				// a, b = …: every name of the target list is bound.
				j := i
				for j < len(t) && (t[j].kind == tkName || t[j].op(",") || t[j].op("*") || t[j].op("(") || t[j].op(")") || t[j].op("[") || t[j].op("]")) {
					j++
				}
				if j < len(t) && t[j].op("=") {
					for k := i; k < j; k++ {
						if t[k].kind == tkName {
							r.binds[t[k].text] += 2
						}
					}
				}
			}
		}
	}
}

// importNames reads "a.b as c, d" after "import".
func (r *pyReader) importNames(i int) int {
	t := r.t
	for i < len(t) && t[i].kind != tkNL && !t[i].op(";") {
		mod, j := r.dotted(i)
		if mod == "" {
			return i
		}
		local := strings.SplitN(mod, ".", 2)[0]
		r.alias[local] = local
		if j+1 < len(t) && t[j].name("as") && t[j+1].kind == tkName {
			local = t[j+1].text
			r.alias[local] = mod
			j += 2
		}
		i = j
		if i < len(t) && t[i].op(",") {
			i++
		}
	}
	return i
}

// fromImport reads "a.b import c as d, e" or "import (…)" or "import *".
func (r *pyReader) fromImport(i int) int {
	t := r.t
	mod, j := r.dotted(i)
	if j >= len(t) || !t[j].name("import") {
		return j
	}
	j++
	end := len(t)
	if j < len(t) && t[j].op("(") {
		end = closeOf(t, j)
		j++
	}
	for j < end && j < len(t) && t[j].kind != tkNL && !t[j].op(";") && !t[j].op(")") {
		switch {
		case t[j].op("*"):
			if mod != "" {
				r.stars = append(r.stars, mod)
			}
			j++
		case t[j].kind == tkName:
			name, local := t[j].text, t[j].text
			j++
			if j+1 < len(t) && t[j].name("as") && t[j+1].kind == tkName {
				local = t[j+1].text
				j += 2
			}
			if mod != "" {
				r.alias[local] = mod + "." + name
			} else {
				r.binds[local] += 2
			}
		default:
			j++
		}
	}
	return j
}

// dotted reads a dotted name at i; relative names ("." or "..x") give "".
func (r *pyReader) dotted(i int) (string, int) {
	t := r.t
	if i < len(t) && t[i].kind == tkOp && (t[i].text == "." || t[i].text == "...") {
		for i < len(t) && (t[i].kind == tkOp && (t[i].text == "." || t[i].text == "...") || t[i].kind == tkName && !t[i].name("import")) {
			i++
		}
		return "", i
	}
	var b strings.Builder
	for i < len(t) && t[i].kind == tkName {
		b.WriteString(t[i].text)
		i++
		if i+1 < len(t) && t[i].op(".") && t[i+1].kind == tkName {
			b.WriteByte('.')
			i++
			continue
		}
		break
	}
	return b.String(), i
}

// lookup finds a name bound once to a value, here or in the code that
// execs this code.
func (r *pyReader) lookup(name string) (value, bool) {
	for q := r; q != nil; q = q.outer {
		if n := q.binds[name]; n > 0 {
			b := q.consts[name]
			if n != 1 || b == nil {
				return value{}, false
			}
			switch b.state {
			case 1:
				return dynV(), true
			case 0:
				b.state = 1
				b.v = b.r.eval(b.lo, b.hi)
				b.state = 2
			}
			return b.v, true
		}
	}
	return value{}, false
}

func (r *pyReader) bound(name string) bool {
	for q := r; q != nil; q = q.outer {
		if q.binds[name] > 0 {
			return true
		}
	}
	return false
}

// nameV is what the name at token i stands for.
func (r *pyReader) nameV(i int) value {
	name := r.t[i].text
	switch name {
	case "True":
		return boolV(true)
	case "False", "None":
		return boolV(false)
	}
	for q := r; q != nil; q = q.outer {
		if a, ok := q.alias[name]; ok {
			return refV(a)
		}
		if q.binds[name] > 0 {
			break
		}
	}
	if v, ok := r.lookup(name); ok {
		return v
	}
	if r.bound(name) {
		return dynV()
	}
	for q := r; q != nil; q = q.outer {
		for _, m := range q.stars {
			if q := m + "." + name; pyCalls[pyNorm(q)] != nil {
				return refV(q)
			}
		}
	}
	return refV(name)
}

// pyNorm gives the one name the reader knows a callee by.
func pyNorm(ref string) string {
	for _, p := range []string{"builtins.", "__builtins__.", "__builtin__.", "pathlib."} {
		ref = strings.TrimPrefix(ref, p)
	}
	for _, p := range [][2]string{{"posix.", "os."}, {"posixpath.", "os.path."}, {"subprocess32.", "subprocess."},
		{"PosixPath", "Path"}, {"PurePosixPath", "Path"}, {"WindowsPath", "Path"}} {
		if strings.HasPrefix(ref, p[0]) {
			ref = p[1] + ref[len(p[0]):]
		}
	}
	return ref
}

// harmlessCallee reports whether the argument at i is given to a builtin
// that only looks at it (print(os.system) prints its name).
func (r *pyReader) harmlessCallee(t []tok, i int) bool {
	if len(t) != len(r.parent) || len(t) == 0 || &t[0] != &r.t[0] {
		return false
	}
	o := r.parent[i]
	if o < 1 || !t[o].op("(") || t[o-1].kind != tkName {
		return false
	}
	switch t[o-1].text {
	case "print", "repr", "str", "len", "id", "type", "callable", "hasattr", "isinstance", "help", "dir", "vars":
		return true
	}
	return false
}

// pyRunners reports whether a callee runs a command, deletes a file,
// kills or runs code: passed as a value, it is called where belay cannot see.
func pyRunners(name string) bool {
	switch name {
	case "os.system", "os.popen", "subprocess.run", "subprocess.call", "subprocess.check_call",
		"subprocess.check_output", "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput",
		"pty.spawn", "shutil.rmtree", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.kill",
		"os.killpg", "exec", "eval", "commands.getoutput", "asyncio.create_subprocess_shell",
		"asyncio.create_subprocess_exec", "os.posix_spawn", "os.posix_spawnp":
		return true
	}
	return strings.HasPrefix(name, "os.exec") || strings.HasPrefix(name, "os.spawn")
}

// pyDangerMods are the modules whose attributes, named at run time, could
// be anything that runs a command or deletes a file.
var pyDangerMods = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"os": true, "subprocess": true, "shutil": true, "pty": true, "posix": true,
		"commands": true, "ctypes": true, "builtins": true, "__builtins__": true, "pathlib": true, "asyncio": true}
}}

func (r *pyReader) attr(v value, name string) value {
	if len(v.ref) > 200 {
		return dynV()
	}
	switch v.k {
	case vRef:
		if v.ref == "ctypes.cdll" || v.ref == "ctypes.pydll" {
			if name != "LoadLibrary" {
				return value{k: vObj, ref: "libc"}
			}
		}
		return refV(v.ref + "." + name)
	case vObj:
		if v.ref == "Path" && name == "parent" {
			p := v
			p.w = pathParent(v.w)
			return p
		}
		self := v
		return value{k: vRef, ref: v.ref + "." + name, self: &self}
	case vStr:
		self := v
		return value{k: vRef, ref: "str." + name, self: &self}
	case vDyn:
		if v.note != "" {
			return v
		}
	}
	return dynV()
}

func pathParent(w Word) Word {
	if w.Dynamic {
		return Word{Value: w.Value, Dynamic: true}
	}
	v := strings.TrimRight(w.Value, "/")
	k := strings.LastIndexByte(v, '/')
	switch {
	case k > 0:
		return Word{Value: v[:k]}
	case k == 0:
		return Word{Value: "/"}
	}
	return Word{Value: "."}
}

// scan visits every call in the code in order.
func (r *pyReader) scan() {
	t := r.t
	for i := 0; i < len(t); i++ {
		if !r.s.spend(1) {
			return
		}
		switch t[i].kind {
		case tkStr:
			r.fields(&t[i])
		case tkOp:
			// (expression).method(…): a parenthesized value with calls on it.
			if t[i].op("(") && (i == 0 || t[i-1].kind == tkOp && t[i-1].text != ")" && t[i-1].text != "]") {
				if c := closeOf(t, i); c+2 < len(t) && t[c+1].op(".") && t[c+2].kind == tkName {
					r.trailers(r.eval(i+1, c), c+1, len(t), true, i)
				}
			}
		case tkName:
			if pyKeywords.Get()[t[i].text] {
				continue
			}
			if i > 0 && (t[i-1].op(".") || t[i-1].name("def") || t[i-1].name("class")) {
				continue
			}
			v, j := r.trailers(r.nameV(i), i+1, len(t), true, i)
			// map(os.system, cmds): a function that runs commands, passed
			// to be called where belay cannot follow.
			if v.k == vRef && pyRunners(pyNorm(v.ref)) && i > 0 && (t[i-1].op("(") || t[i-1].op(",") || t[i-1].op("=") && i >= 2 && !r.stmtStart(i-2)) &&
				j < len(t) && (t[j].op(",") || t[j].op(")")) && !r.harmlessCallee(t, i) {
				r.e.dynamic(t[i].pos, r.code[t[i].pos:t[j-1].end()]+" passed to be called elsewhere")
			}
		}
	}
}

// fields reads the code in an f-string's fields.
func (r *pyReader) fields(t *tok) {
	for _, p := range t.parts {
		if p.note != "" {
			r.e.dynamic(t.pos, p.note)
		}
		if len(p.sub) > 0 {
			sub := *r
			sub.t, sub.forks, sub.fnames, sub.waits = p.sub, nil, nil, nil
			sub.scan()
		}
	}
}

// trailers follows .name, (call) and [index] after a value that starts at
// token start, and returns the value of the whole and the index after it.
func (r *pyReader) trailers(v value, j, hi int, emit bool, start int) (value, int) {
	t := r.t
	for j < hi {
		if !r.s.spend(1) {
			return dynV(), hi
		}
		switch {
		case t[j].op(".") && j+1 < hi && t[j+1].kind == tkName:
			v = r.attr(v, t[j+1].text)
			j += 2
		case t[j].op("("):
			c := min(closeOf(t, j), hi)
			v = r.call(v, start, j, c, emit)
			j = c + 1
		case t[j].op("["):
			c := min(closeOf(t, j), hi)
			// sys.modules["os"] is the module os.
			if v.k == vRef && (v.ref == "sys.modules" || v.ref == "__builtins__.__dict__" || v.ref == "builtins.__dict__") {
				if k := r.eval(j+1, c); k.known() {
					v = refV(k.w.Value)
					j = c + 1
					continue
				}
			}
			v = dynV()
			j = c + 1
		default:
			return v, j
		}
	}
	return v, j
}

// pyCall is one call being read.
type pyCall struct {
	r    *pyReader
	at   int // token index where the callee starts
	pos  int
	name string // the callee as written
	args []span
	kw   map[string]span
	star bool // *args or **kwargs: more arguments than written
	emit bool // report what it does (false while computing a value)
	self *value
}

func (r *pyReader) call(v value, start, open, close int, emit bool) value {
	if v.k == vDyn && v.note != "" && emit && v.note != "decoded" {
		r.e.dynamic(r.t[start].pos, v.note)
		return dynV()
	}
	if v.k != vRef {
		return dynV()
	}
	name := pyNorm(v.ref)
	h := pyCalls[name]
	if h == nil {
		return dynV()
	}
	if m, ok := r.memo[&r.t[open]]; ok && !emit {
		return m
	}
	c := &pyCall{r: r, at: start, pos: r.t[start].pos, emit: emit, self: v.self, kw: map[string]span{}}
	c.name = r.code[r.t[start].pos:r.t[open-1].end()]
	if strings.ContainsAny(c.name, "([\n\\'\"") || len(c.name) > 60 {
		c.name = name
	}
	for _, a := range splitTop(r.t, open+1, close, func(t *tok) bool { return t.op(",") }) {
		switch {
		case r.t[a.lo].op("*") || r.t[a.lo].op("**"):
			c.star = true
		case a.hi-a.lo >= 2 && r.t[a.lo].kind == tkName && r.t[a.lo+1].op("="):
			c.kw[r.t[a.lo].text] = span{a.lo + 2, a.hi}
		default:
			c.args = append(c.args, a)
		}
	}
	res := h(c)
	r.memo[&r.t[open]] = res
	return res
}

// arg is the value of positional argument i, or of keyword kw.
func (c *pyCall) arg(i int, kw string) (value, bool) {
	if i >= 0 && i < len(c.args) {
		return c.r.eval(c.args[i].lo, c.args[i].hi), true
	}
	if s, ok := c.kw[kw]; ok && kw != "" {
		return c.r.eval(s.lo, s.hi), true
	}
	if c.star {
		return dynV(), true
	}
	return value{}, false
}

// argOr is arg, or unknown when it is missing.
func (c *pyCall) argOr(i int, kw string) value {
	v, ok := c.arg(i, kw)
	if !ok {
		return dynV()
	}
	return v
}

// literal reports where the body of argument i is, when it is a single
// string literal whose value is its body byte for byte.
func (c *pyCall) literal(i int) int {
	if i < len(c.args) && c.args[i].hi-c.args[i].lo == 1 {
		if t := &c.r.t[c.args[i].lo]; t.kind == tkStr {
			return t.body
		}
	}
	return -1
}

// eval computes the value of the expression in tokens [lo, hi): literals,
// names bound once, + and % on strings, lists and tuples, and the calls
// that build values (os.path.join, Path, " ".join, b64decode, __import__).
func (r *pyReader) eval(lo, hi int) value {
	defer r.s.leave()
	if !r.s.enter() || lo >= hi {
		return dynV()
	}
	v, j := r.term(lo, hi)
	for j < hi {
		if !r.s.spend(1) {
			return dynV()
		}
		t := &r.t[j]
		if t.kind != tkOp {
			return dynV()
		}
		switch t.text {
		case "+":
			w, k := r.term(j+1, hi)
			if v.k == vList && w.k == vList {
				v = value{k: vList, items: append(append([]value{}, v.items...), w.items...), more: v.more || w.more}
			} else {
				v = r.s.concat(v, w)
			}
			j = k
		case "%":
			w, k := r.term(j+1, hi)
			v = r.s.percent(v, w)
			j = k
		case "/":
			w, k := r.term(j+1, hi)
			if v.k == vObj && v.ref == "Path" {
				v.w = joinPath(v.w, w)
			} else {
				v = dynV()
			}
			j = k
		default:
			return dynV()
		}
	}
	return v
}

func (r *pyReader) term(lo, hi int) (value, int) {
	if lo >= hi {
		return dynV(), hi
	}
	t := &r.t[lo]
	switch t.kind {
	case tkStr:
		v := r.strVal(t)
		j := lo + 1
		for j < hi && r.t[j].kind == tkStr {
			v = r.s.concat(v, r.strVal(&r.t[j]))
			j++
		}
		return r.trailers(v, j, hi, false, lo)
	case tkNum:
		return numV(t.text), lo + 1
	case tkName:
		switch t.text {
		case "not":
			v, j := r.term(lo+1, hi)
			if b, ok := truth(v); ok {
				return boolV(!b), j
			}
			return dynV(), j
		case "lambda", "await", "yield", "if", "for", "and", "or", "in", "is":
			return dynV(), hi
		}
		return r.trailers(r.nameV(lo), lo+1, hi, false, lo)
	case tkOp:
		switch t.text {
		case "-", "+":
			if lo+1 < hi && r.t[lo+1].kind == tkNum {
				s := r.t[lo+1].text
				if t.text == "-" {
					s = "-" + s
				}
				return numV(s), lo + 2
			}
		case "(", "[":
			c := closeOf(r.t, lo)
			if c >= hi {
				return dynV(), hi
			}
			pieces := splitTop(r.t, lo+1, c, func(t *tok) bool { return t.op(",") })
			var v value
			comma := len(pieces) > 1 || c > lo+1 && r.t[c-1].op(",")
			if t.text == "(" && !comma && len(pieces) == 1 {
				v = r.eval(pieces[0].lo, pieces[0].hi)
			} else {
				v = value{k: vList}
				for _, p := range pieces {
					if r.t[p.lo].op("*") {
						v.more = true
						continue
					}
					if r.hasTop(p, "for") {
						return r.trailers(dynV(), c+1, hi, false, lo)
					}
					v.items = append(v.items, r.eval(p.lo, p.hi))
				}
			}
			return r.trailers(v, c+1, hi, false, lo)
		case "{":
			return dynV(), min(closeOf(r.t, lo)+1, hi)
		}
	}
	return dynV(), hi
}

// hasTop reports whether the name kw is in s outside brackets.
func (r *pyReader) hasTop(s span, kw string) bool {
	for k := s.lo; k < s.hi; k++ {
		if r.t[k].name(kw) {
			return true
		}
		if isOpener(&r.t[k]) {
			k = closeOf(r.t, k)
		}
	}
	return false
}

// strVal is the value of a string literal, its f-string fields looked up.
func (r *pyReader) strVal(t *tok) value {
	v := strV("")
	for _, p := range t.parts {
		switch {
		case p.name != "":
			c, ok := r.lookup(p.name)
			if !ok {
				c = dynV()
			}
			v = r.s.concat(v, c)
		case p.dyn:
			v = r.s.concat(v, dynV())
		default:
			v = r.s.concat(v, strV(p.lit))
		}
	}
	return v
}

// truth is python's truth of a value known at read time.
func truth(v value) (bool, bool) {
	switch {
	case v.k == vBool:
		return v.truth, true
	case v.k == vNum && !v.w.Dynamic:
		if n, ok := intOf(v); ok {
			return n != 0, true
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(v.w.Value, "_", ""), 64)
		return f != 0, err == nil
	case v.k == vStr && !v.w.Dynamic:
		return v.w.Value != "", true
	case v.k == vList && !v.more:
		return len(v.items) > 0, true
	}
	return false, false
}

// percent is the value of f % args with %s and %d filled in.
func (s *sink) percent(f, args value) value {
	if f.k != vStr {
		return dynV()
	}
	items := []value{args}
	if args.k == vList {
		items = args.items
	}
	out := Word{Dynamic: f.w.Dynamic || args.k == vList && args.more}
	src := f.w.Value
	if !s.spend(1 + len(src)/16) {
		return dynV()
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(src); i++ {
		if src[i] != '%' {
			b.WriteByte(src[i])
			continue
		}
		j := i + 1
		for j < len(src) && strings.IndexByte("#0- +.123456789*", src[j]) >= 0 {
			j++
		}
		if j < len(src) && src[j] == '(' {
			// %(name)s: a mapping; unknown.
			if k := strings.IndexByte(src[j:], ')'); k >= 0 {
				j += k + 1
				for j < len(src) && !isIdentStart(src[j]) {
					j++
				}
			}
			out.Dynamic = true
			i = j
			continue
		}
		if j >= len(src) {
			out.Dynamic = true
			break
		}
		switch src[j] {
		case '%':
			b.WriteByte('%')
		case 's', 'd', 'i':
			if n < len(items) {
				w := items[n].strWord()
				b.WriteString(w.Value)
				out.Dynamic = out.Dynamic || w.Dynamic
			} else {
				out.Dynamic = true
			}
			n++
		default:
			out.Dynamic = true
			n++
		}
		i = j
		if !s.spend(1) {
			break
		}
	}
	out = catWord(Word{}, Word{Value: b.String(), Dynamic: out.Dynamic})
	return value{k: vStr, w: out}
}

// format is the value of f.format(args…) with positional fields filled in.
func (s *sink) format(f value, args []value) value {
	if f.k != vStr {
		return dynV()
	}
	src := f.w.Value
	out := Word{Dynamic: f.w.Dynamic}
	if !s.spend(1 + len(src)/16) {
		return dynV()
	}
	var b strings.Builder
	auto := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if (c == '{' || c == '}') && i+1 < len(src) && src[i+1] == c {
			b.WriteByte(c)
			i++
			continue
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		k := strings.IndexByte(src[i:], '}')
		if k < 0 {
			out.Dynamic = true
			break
		}
		field := src[i+1 : i+k]
		i += k
		if c := strings.IndexAny(field, "!:"); c >= 0 {
			field = field[:c]
		}
		idx := -1
		if field == "" {
			idx = auto
			auto++
		} else if n, err := strconv.Atoi(field); err == nil {
			idx = n
		}
		if idx >= 0 && idx < len(args) {
			w := args[idx].strWord()
			b.WriteString(w.Value)
			out.Dynamic = out.Dynamic || w.Dynamic
		} else {
			out.Dynamic = true
		}
		if !s.spend(1) {
			break
		}
	}
	out = catWord(Word{}, Word{Value: b.String(), Dynamic: out.Dynamic})
	return value{k: vStr, w: out}
}

// joinPath joins path components as os.path.join and pathlib do: an
// absolute component starts the path again.
func joinPath(a Word, v value) Word {
	b := v.word()
	if v.k == vObj {
		b = v.w
	}
	if !b.Dynamic && strings.HasPrefix(b.Value, "/") {
		return b
	}
	if a.Value == "" && !a.Dynamic {
		return b
	}
	if !strings.HasSuffix(a.Value, "/") {
		a = catWord(a, Word{Value: "/"})
	}
	return catWord(a, b)
}

// decode is the value of a decoding call on a literal: base64, hex, rot13.
func decode(kind string, v value) value {
	bad := value{k: vDyn, w: Word{Dynamic: true}, note: "decoded"}
	if !v.known() {
		return bad
	}
	s := v.w.Value
	var out []byte
	var err error
	switch kind {
	case "base64":
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, s)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if out, err = enc.DecodeString(clean); err == nil {
				break
			}
		}
	case "hex":
		out, err = hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	case "rot13":
		out = []byte(strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z':
				return 'a' + (r-'a'+13)%26
			case r >= 'A' && r <= 'Z':
				return 'A' + (r-'A'+13)%26
			}
			return r
		}, s))
	default:
		return bad
	}
	if err != nil {
		return bad
	}
	return strV(string(out))
}

// pyCalls maps each callee the python reader knows to what it does. A
// handler reports findings only when c.emit, and returns the call's value.
var pyCalls map[string]func(c *pyCall) value

// pyCallsOnce builds pyCalls when the first python is read, not at every
// start of belay.
var pyCallsOnce sync.Once

func initPyCalls() {
	shell := func(c *pyCall) value {
		if c.emit {
			v := c.argOr(0, "cmd")
			if v.k == vList && len(v.items) > 0 {
				v = v.items[0]
			}
			c.r.e.shell(c.pos, c.name, v.word())
		}
		return dynV()
	}
	subprocess := func(c *pyCall) value {
		if !c.emit {
			return dynV()
		}
		v := c.argOr(0, "args")
		sh := boolV(false)
		if s, ok := c.arg(-1, "shell"); ok {
			sh = s
		}
		on, known := truth(sh)
		switch {
		case on || !known && v.k != vList:
			if v.k == vList {
				if len(v.items) == 0 {
					v = dynV()
				} else {
					v = v.items[0]
				}
			}
			c.r.e.shell(c.pos, c.name, v.word())
		default:
			argv := v.words()
			if ex, ok := c.arg(-1, "executable"); ok && len(argv) > 0 {
				argv[0] = ex.word()
			}
			c.r.e.argv(c.pos, c.name, argv)
		}
		return dynV()
	}
	// prog runs file with the argument vector list: argv[0] is only a name.
	prog := func(c *pyCall, file value, list []Word) {
		argv := []Word{file.word()}
		if len(list) > 1 {
			argv = append(argv, list[1:]...)
		}
		c.r.e.argv(c.pos, c.name, argv)
	}
	execl := func(first int, env bool) func(c *pyCall) value {
		return func(c *pyCall) value {
			if !c.emit {
				return dynV()
			}
			var list []Word
			n := len(c.args)
			if env && n > 0 {
				n--
			}
			for i := first + 1; i < n; i++ {
				list = append(list, c.argOr(i, "").words()...)
			}
			if c.star {
				list = append(list, Word{Dynamic: true})
			}
			prog(c, c.argOr(first, "path"), list)
			return dynV()
		}
	}
	execv := func(first int) func(c *pyCall) value {
		return func(c *pyCall) value {
			if c.emit {
				prog(c, c.argOr(first, "path"), c.argOr(first+1, "argv").words())
			}
			return dynV()
		}
	}
	argvAll := func(c *pyCall) value {
		if c.emit {
			var list []Word
			for i := range c.args {
				list = append(list, c.argOr(i, "").words()...)
			}
			if c.star || len(list) == 0 {
				list = append(list, Word{Dynamic: true})
			}
			c.r.e.argv(c.pos, c.name, list)
		}
		return dynV()
	}
	effect := func(eff string, i int, kw string, recurse bool) func(c *pyCall) value {
		return func(c *pyCall) value {
			if c.emit {
				p := c.argOr(i, kw)
				if p.k == vNum {
					return dynV() // a file descriptor
				}
				c.r.e.effect(c.pos, c.name, eff, p.word(), recurse)
			}
			return dynV()
		}
	}
	rename := func(c *pyCall) value {
		if c.emit {
			c.r.e.rename(c.pos, c.name, c.argOr(0, "src").word(), c.argOr(1, "dst").word())
		}
		return dynV()
	}
	self := func(c *pyCall) Word {
		if c.self == nil {
			return Word{Dynamic: true}
		}
		return c.self.w
	}
	pathEffect := func(eff string) func(c *pyCall) value {
		return func(c *pyCall) value {
			if c.emit {
				c.r.e.effect(c.pos, c.name, eff, self(c), false)
			}
			return dynV()
		}
	}
	writeMode := func(m value, ok bool) bool {
		if !ok {
			return false
		}
		if !m.known() {
			return true
		}
		return strings.ContainsAny(m.w.Value, "wax+")
	}
	open := func(c *pyCall) value {
		if c.emit {
			p := c.argOr(0, "file")
			m, ok := c.arg(1, "mode")
			if p.k != vNum && writeMode(m, ok) {
				c.r.e.effect(c.pos, c.name, "write", p.word(), false)
			}
		}
		return dynV()
	}
	osOpen := func(c *pyCall) value {
		if !c.emit {
			return dynV()
		}
		write := true
		if len(c.args) > 1 {
			a := c.args[1]
			f := c.r.eval(a.lo, a.hi)
			if n, ok := intOf(f); ok {
				write = n&(1|2|0o100|0o1000|0o2000) != 0
			} else {
				write = false
				any := false
				for k := a.lo; k < a.hi; k++ {
					t := &c.r.t[k]
					if t.kind != tkName {
						continue
					}
					any = true
					switch t.text {
					case "O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND":
						write = true
					}
				}
				if !any {
					write = true
				}
			}
		}
		if write {
			c.r.e.effect(c.pos, c.name, "write", c.argOr(0, "path").word(), false)
		}
		return dynV()
	}
	kill := func(group bool) func(c *pyCall) value {
		return func(c *pyCall) value {
			if !c.emit {
				return dynV()
			}
			p := c.argOr(0, "pid")
			sig := c.argOr(1, "sig")
			if group {
				if n, ok := intOf(p); ok && n > 0 {
					p = numV(strconv.FormatInt(-n, 10))
				}
			}
			if w, ok := killTarget(sig, p); ok {
				c.r.e.kill(c.pos, c.name, w)
			}
			return dynV()
		}
	}
	fork := func(c *pyCall) value {
		if c.emit {
			c.r.forks = append(c.r.forks, c.at)
			c.r.fnames = append(c.r.fnames, c.name)
		}
		return dynV()
	}
	wait := func(c *pyCall) value {
		if c.emit {
			c.r.waits = append(c.r.waits, c.at)
		}
		return dynV()
	}
	execCode := func(c *pyCall) value {
		if !c.emit {
			return dynV()
		}
		v := c.argOr(0, "source")
		switch {
		case v.known() && v.k == vStr:
			c.r.exec(v.w.Value, c.literal(0), c.pos)
		case v.note == "decoded":
			c.r.e.dynamic(c.pos, c.name+" of decoded data")
		default:
			c.r.e.dynamic(c.pos, c.name+" of code computed at run time")
		}
		return dynV()
	}
	identity := func(c *pyCall) value {
		if c.self != nil {
			return *c.self
		}
		v := c.argOr(0, "")
		if v.k == vObj && v.ref == "Path" {
			return strV(v.w.Value).withDyn(v.w.Dynamic)
		}
		return v
	}
	module := func(c *pyCall) value {
		v := c.argOr(0, "name")
		if v.known() {
			return refV(v.w.Value)
		}
		return value{k: vDyn, w: Word{Dynamic: true}, note: "a module named at run time"}
	}
	getattr := func(c *pyCall) value {
		obj := c.argOr(0, "")
		name := c.argOr(1, "")
		if name.known() {
			return c.r.attr(obj, name.w.Value)
		}
		if obj.k == vRef && pyDangerMods.Get()[strings.SplitN(pyNorm(obj.ref), ".", 2)[0]] || obj.k == vObj && obj.ref == "libc" {
			return value{k: vDyn, w: Word{Dynamic: true}, note: "getattr of a name computed at run time"}
		}
		return dynV()
	}
	pathNew := func(c *pyCall) value {
		p := value{k: vObj, ref: "Path", w: Word{Value: "."}}
		for i := range c.args {
			if i == 0 {
				p.w = Word{}
			}
			p.w = joinPath(p.w, c.argOr(i, ""))
		}
		if c.star {
			p.w.Dynamic = true
		}
		return p
	}
	pathDyn := func(c *pyCall) value { return value{k: vObj, ref: "Path", w: Word{Dynamic: true}} }
	libc := func(c *pyCall) value { return value{k: vObj, ref: "libc"} }
	dec := func(kind string) func(c *pyCall) value {
		return func(c *pyCall) value {
			v := c.argOr(0, "")
			if c.self != nil {
				v = *c.self
			}
			if !c.r.s.spend(1 + len(v.w.Value)/16) {
				return dynV()
			}
			return decode(kind, v)
		}
	}
	undecodable := func(c *pyCall) value { return value{k: vDyn, w: Word{Dynamic: true}, note: "decoded"} }

	pyCalls = map[string]func(c *pyCall) value{
		"os.system": shell, "os.popen": shell, "os.popen2": shell, "os.popen3": shell, "os.popen4": shell,
		"popen2.popen2": shell, "popen2.popen3": shell, "popen2.popen4": shell, "platform.popen": shell,
		"subprocess.getoutput": shell, "subprocess.getstatusoutput": shell,
		"commands.getoutput": shell, "commands.getstatusoutput": shell,
		"asyncio.create_subprocess_shell": shell, "libc.system": shell,

		"subprocess.run": subprocess, "subprocess.call": subprocess, "subprocess.check_call": subprocess,
		"subprocess.check_output": subprocess, "subprocess.Popen": subprocess,

		"os.execl": execl(0, false), "os.execlp": execl(0, false), "os.execle": execl(0, true), "os.execlpe": execl(0, true),
		"os.execv": execv(0), "os.execvp": execv(0), "os.execve": execv(0), "os.execvpe": execv(0),
		"os.spawnl": execl(1, false), "os.spawnlp": execl(1, false), "os.spawnle": execl(1, true), "os.spawnlpe": execl(1, true),
		"os.spawnv": execv(1), "os.spawnvp": execv(1), "os.spawnve": execv(1), "os.spawnvpe": execv(1),
		"os.posix_spawn": execv(0), "os.posix_spawnp": execv(0),
		"asyncio.create_subprocess_exec": argvAll,
		"pty.spawn": func(c *pyCall) value {
			if c.emit {
				c.r.e.argv(c.pos, c.name, c.argOr(0, "argv").words())
			}
			return dynV()
		},

		"shutil.rmtree": effect("delete", 0, "path", true),
		"os.remove":     effect("delete", 0, "path", false), "os.unlink": effect("delete", 0, "path", false),
		"os.rmdir": effect("delete", 0, "path", false), "os.removedirs": effect("delete", 0, "name", false),
		"os.truncate": effect("write", 0, "path", false),
		"os.chmod":    effect("chmod", 0, "path", false), "os.lchmod": effect("chmod", 0, "path", false),
		"os.chown": effect("chown", 0, "path", false), "os.lchown": effect("chown", 0, "path", false),
		"shutil.chown": effect("chown", 0, "path", false),
		"os.rename":    rename, "os.replace": rename, "os.renames": rename, "shutil.move": rename,
		"shutil.copy": effect("write", 1, "dst", false), "shutil.copy2": effect("write", 1, "dst", false),
		"shutil.copyfile": effect("write", 1, "dst", false), "shutil.copytree": effect("write", 1, "dst", false),
		"shutil.copymode": effect("chmod", 1, "dst", false),
		"open":            open, "io.open": open, "codecs.open": open, "os.open": osOpen,

		"Path": pathNew, "PurePath": pathNew, "Path.home": pathDyn, "Path.cwd": pathDyn,
		"Path.joinpath": func(c *pyCall) value {
			p := value{k: vObj, ref: "Path", w: Word{Dynamic: true}}
			if c.self != nil {
				p.w = c.self.w
			}
			for i := range c.args {
				p.w = joinPath(p.w, c.argOr(i, ""))
			}
			return p
		},
		"Path.expanduser": func(c *pyCall) value {
			if c.self == nil || strings.HasPrefix(c.self.w.Value, "~") {
				return pathDyn(c)
			}
			return *c.self
		},
		"Path.resolve": identity, "Path.absolute": identity,
		"Path.unlink": pathEffect("delete"), "Path.rmdir": pathEffect("delete"),
		"Path.write_text": pathEffect("write"), "Path.write_bytes": pathEffect("write"),
		"Path.chmod": pathEffect("chmod"), "Path.lchmod": pathEffect("chmod"),
		"Path.rename": func(c *pyCall) value {
			if c.emit {
				c.r.e.rename(c.pos, c.name, self(c), c.argOr(0, "target").word())
			}
			return dynV()
		},
		"Path.open": func(c *pyCall) value {
			if m, ok := c.arg(0, "mode"); c.emit && writeMode(m, ok) {
				c.r.e.effect(c.pos, c.name, "write", self(c), false)
			}
			return dynV()
		},

		"os.kill": kill(false), "os.killpg": kill(true), "libc.kill": kill(false), "libc.killpg": kill(true),
		"libc.reboot": func(c *pyCall) value {
			if c.emit {
				c.r.e.power(c.pos, c.name)
			}
			return dynV()
		},
		"libc.syscall": func(c *pyCall) value {
			if !c.emit {
				return dynV()
			}
			n, ok := intOf(c.argOr(0, ""))
			switch {
			case ok && rebootSyscalls.Get()[n]:
				c.r.e.power(c.pos, c.name)
			case !ok:
				c.r.e.dynamic(c.pos, "syscall with a number computed at run time")
			}
			return dynV()
		},
		"os.fork": fork, "os.forkpty": fork, "pty.fork": fork, "libc.fork": fork,
		"os.wait": wait, "os.waitpid": wait, "os.wait3": wait, "os.wait4": wait, "os.waitid": wait,

		"exec": execCode, "eval": execCode,
		"compile": func(c *pyCall) value { return c.argOr(0, "source") },

		"__import__": module, "importlib.import_module": module, "importlib.__import__": module,
		"getattr":     getattr,
		"ctypes.CDLL": libc, "ctypes.PyDLL": libc, "ctypes.cdll.LoadLibrary": libc, "ctypes.pydll.LoadLibrary": libc,
		"ctypes.LibraryLoader": libc,

		"str": identity, "os.fspath": identity, "os.fsencode": identity, "os.fsdecode": identity,
		"os.path.abspath": identity, "os.path.normpath": identity, "os.path.realpath": identity,
		"str.encode": identity, "str.decode": identity, "str.strip": identity, "str.rstrip": identity,
		"os.path.join": func(c *pyCall) value {
			w := Word{}
			for i := range c.args {
				w = joinPath(w, c.argOr(i, ""))
			}
			if c.star || len(c.args) == 0 {
				w.Dynamic = true
			}
			return value{k: vStr, w: w}
		},
		"os.path.expanduser": func(c *pyCall) value {
			v := c.argOr(0, "path")
			if v.known() && strings.HasPrefix(v.w.Value, "~") {
				return value{k: vStr, w: Word{Value: strings.TrimLeft(v.w.Value[1:], "abcdefghijklmnopqrstuvwxyz_0123456789-"), Dynamic: true}}
			}
			return v
		},
		"str.join": func(c *pyCall) value {
			if c.self == nil {
				return dynV()
			}
			return c.r.s.joinV(*c.self, c.argOr(0, ""))
		},
		"str.format": func(c *pyCall) value {
			if c.self == nil {
				return dynV()
			}
			var args []value
			for i := range c.args {
				args = append(args, c.argOr(i, ""))
			}
			return c.r.s.format(*c.self, args)
		},
		"str.replace": func(c *pyCall) value {
			a, b := c.argOr(0, ""), c.argOr(1, "")
			if c.self == nil || !c.self.known() || !a.known() || !b.known() || len(c.args) != 2 || !c.r.s.spend(1+len(c.self.w.Value)/16) {
				return dynV()
			}
			return strV(catWord(Word{}, Word{Value: strings.ReplaceAll(c.self.w.Value, a.w.Value, b.w.Value)}).Value)
		},

		"base64.b64decode": dec("base64"), "base64.standard_b64decode": dec("base64"),
		"base64.urlsafe_b64decode": dec("base64"), "base64.decodebytes": dec("base64"),
		"base64.decodestring": dec("base64"), "binascii.a2b_base64": dec("base64"),
		"bytes.fromhex": dec("hex"), "binascii.unhexlify": dec("hex"), "binascii.a2b_hex": dec("hex"),
		"codecs.decode": func(c *pyCall) value {
			enc := c.argOr(1, "encoding")
			if !enc.known() {
				return undecodable(c)
			}
			switch strings.ReplaceAll(strings.ToLower(enc.w.Value), "-", "_") {
			case "rot13", "rot_13":
				return decode("rot13", c.argOr(0, "obj"))
			case "base64", "base_64":
				return decode("base64", c.argOr(0, "obj"))
			case "hex":
				return decode("hex", c.argOr(0, "obj"))
			case "utf8", "utf_8", "ascii", "latin1", "latin_1":
				return c.argOr(0, "obj")
			}
			return undecodable(c)
		},
		"zlib.decompress": undecodable, "gzip.decompress": undecodable, "bz2.decompress": undecodable,
		"lzma.decompress": undecodable, "marshal.loads": undecodable, "pickle.loads": undecodable,
	}
}

func (v value) withDyn(d bool) value {
	v.w.Dynamic = v.w.Dynamic || d
	return v
}

// exec reads code that the code runs with exec or eval.
func (r *pyReader) exec(code string, body, pos int) {
	if r.nest+1 >= maxNest {
		r.e.dynamic(pos, "exec nested too deep to read")
		return
	}
	child := newPyReader(r.s, r.e.inner(body, pos), code, r.nest+1, r)
	child.run()
}

// loops finds the loops that fork without end: while with a condition that
// is always true (or forks itself), for over an endless or huge iterable,
// whose body forks and never waits.
func (r *pyReader) loops() {
	t := r.t
	for i := 0; i < len(t) && len(r.forks) > 0; i++ {
		if !r.s.spend(1) {
			return
		}
		if t[i].kind != tkName {
			continue
		}
		switch t[i].text {
		case "while":
			colon := r.colon(i + 1)
			if colon < 0 {
				continue
			}
			infinite := inRange(r.forks, i+1, colon)
			if !infinite && colon-i <= 8 {
				b, ok := truth(r.eval(i+1, colon))
				infinite = ok && b
			}
			if infinite {
				r.bomb(i, r.bodyEnd(i, colon))
			}
		case "for":
			in := -1
			for k := i + 1; k < len(t) && k < i+64 && t[k].kind != tkNL; k++ {
				if t[k].name("in") {
					in = k
					break
				}
				if isOpener(&t[k]) {
					k = closeOf(t, k)
				}
			}
			if in < 0 {
				continue
			}
			if r.stmtStart(i) {
				colon := r.colon(in + 1)
				if colon >= 0 && r.endless(in+1, colon) {
					r.bomb(i, r.bodyEnd(i, colon))
				}
				continue
			}
			// A comprehension: the loop is its brackets.
			open := r.parent[i]
			if open < 0 {
				continue
			}
			end := in + 1
			for end < closeOf(t, open) && end < in+64 && !t[end].name("for") && !t[end].name("if") {
				if isOpener(&t[end]) {
					end = closeOf(t, end)
				}
				end++
			}
			if r.endless(in+1, min(end, closeOf(t, open))) {
				r.bomb(open, closeOf(t, open))
			}
		}
	}
}

func (r *pyReader) bomb(lo, hi int) {
	if k := firstIn(r.forks, lo, hi); k >= 0 && !inRange(r.waits, lo, hi) {
		r.e.forkBomb(r.t[lo].pos, r.fnames[k])
	}
}

// colon is the index of the ":" ending a compound statement's header that
// starts at i, or -1.
func (r *pyReader) colon(i int) int {
	if k := r.colons[min(i, len(r.t))]; k < len(r.t) && r.t[k].op(":") {
		return k
	}
	return -1
}

// bodyEnd is the index just past the body of the compound statement at i
// whose header ends at colon.
func (r *pyReader) bodyEnd(i, colon int) int {
	t := r.t
	k := colon + 1
	if k < len(t) && t[k].kind != tkNL {
		return r.lines[k]
	}
	k++
	for k < len(t) && (t[k].kind == tkNL || t[k].ind > t[i].ind) && r.s.spend(1) {
		k++
	}
	return k
}

// endless reports whether the iterable in [lo, hi) never ends or is big
// enough that forking in each turn is a fork bomb.
func (r *pyReader) endless(lo, hi int) bool {
	if lo >= hi || r.t[lo].kind != tkName {
		return false
	}
	j := lo
	v := r.nameV(j)
	j++
	for j+1 < hi && r.t[j].op(".") && r.t[j+1].kind == tkName {
		v = r.attr(v, r.t[j+1].text)
		j += 2
	}
	if j >= hi || !r.t[j].op("(") || closeOf(r.t, j) != hi-1 || v.k != vRef {
		return false
	}
	args := splitTop(r.t, j+1, hi-1, func(t *tok) bool { return t.op(",") })
	switch pyNorm(v.ref) {
	case "itertools.count", "itertools.cycle":
		return true
	case "itertools.repeat":
		return len(args) == 1
	case "iter":
		return len(args) == 2
	case "range":
		var ns []int64
		for _, a := range args {
			n, ok := intOf(r.eval(a.lo, a.hi))
			if !ok {
				return false
			}
			ns = append(ns, n)
		}
		switch len(ns) {
		case 1:
			return ns[0] >= bigLoop
		case 2, 3:
			return ns[1]-ns[0] >= bigLoop && (len(ns) == 2 || ns[2] == 1)
		}
	}
	return false
}
