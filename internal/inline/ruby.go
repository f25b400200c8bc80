package inline

import (
	"strings"
	"sync"

	"github.com/belay-sh/belay/internal/lazy"
)

// readRuby reads ruby code: calls that run commands (system, exec, spawn,
// backticks, %x, IO.popen, Open3, PTY.spawn, open("|cmd")), touch files
// (FileUtils, File, Dir, Pathname), signal processes (Process.kill) or
// reboot (syscall), eval of a literal (read as ruby in turn), send and
// method(:name) with a literal name, and loops that fork without end.
func readRuby(code string) []Finding {
	s := newSink(len(code))
	r := newRbReader(s, rootEmitter(s, len(code)), code, 0, nil)
	r.run()
	return s.out
}

// rbReader reads one piece of ruby code.
type rbReader struct {
	e         emitter
	s         *sink
	code      string
	t         []tok
	nest      int
	outer     *rbReader
	binds     map[string]int
	consts    map[string]*rbBind
	ends      map[int]int // a block keyword's index ↔ its end's
	fileutils bool        // include FileUtils: its methods can be called bare
	forks     []int
	fnames    []string
	waits     []int
	stmtEnds  []int          // for each token, where its statement ends
	starts    []int          // for each token, where its statement starts
	conds     []int          // for each token, the next newline, ";" or do at its depth
	cmds      map[*tok][]int // for each token slice, where a command call's arguments end
	memo      map[*tok]value // the values of calls already computed, by their callee's last token
}

type rbBind struct {
	r      *rbReader
	lo, hi int
	state  uint8
	v      value
}

func newRbReader(s *sink, e emitter, code string, nest int, outer *rbReader) *rbReader {
	rbCallsOnce.Do(initRbCalls)
	s.spend(len(code) / 8)
	t := rbLex(code, 0, len(code), nest)
	r := &rbReader{e: e, s: s, code: code, t: t, nest: nest, outer: outer,
		binds: map[string]int{}, consts: map[string]*rbBind{}, ends: map[int]int{},
		cmds: map[*tok][]int{}, memo: map[*tok]value{}}
	r.stmtEnds = nextStops(t, func(i int) bool { return t[i].kind == tkNL || t[i].op(";") })
	r.conds = nextStops(t, func(i int) bool { return t[i].kind == tkNL || t[i].op(";") || t[i].name("do") })
	r.starts = stmtStarts(t, func(i int) bool {
		return t[i].kind == tkNL || t[i].op(";") || t[i].name("do") || t[i].name("then")
	})
	if outer != nil {
		r.fileutils = outer.fileutils
	}
	r.declare()
	r.pairBlocks()
	return r
}

func (r *rbReader) run() {
	r.scan(r.t)
	r.loops()
}

// valueEnd reports whether a token ends a value, so that an if, while or
// rescue after it is a modifier.
func rbValueEnd(t *tok) bool {
	switch t.kind {
	case tkStr, tkNum, tkVar, tkCmd, tkRegex:
		return true
	case tkName:
		return !rbKeywords.Get()[t.text] || rbValueNames.Get()[t.text]
	case tkOp:
		return t.text == ")" || t.text == "]" || t.text == "}"
	}
	return false
}

// stmtEnd is the index of the newline, ";" or unopened closer that ends
// the statement token i is in.
func (r *rbReader) stmtEnd(i int) int { return r.stmtEnds[min(i, len(r.t))] }

// declare counts the assignments and changes of each variable and keeps
// the expression of those assigned once; it notes include FileUtils.
func (r *rbReader) declare() {
	t := r.t
	for i := range t {
		if !r.s.spend(1) {
			return
		}
		tk := &t[i]
		var prev, next *tok
		if i > 0 {
			prev = &t[i-1]
		}
		if i+1 < len(t) {
			next = &t[i+1]
		}
		if tk.name("include") && next != nil && next.name("FileUtils") {
			r.fileutils = true
		}
		switch {
		case tk.op("|") && prev != nil && (prev.op("{") || prev.name("do")):
			for k := i + 1; k < len(t) && k < i+64 && !t[k].op("|") && t[k].kind != tkNL; k++ {
				if t[k].kind == tkName {
					r.binds[t[k].text] += 2
				}
			}
		case tk.name("for") || tk.name("def"):
			for k := i + 1; k < len(t) && k < i+64 && !t[k].name("in") && t[k].kind != tkNL && !t[k].op(";") && !t[k].op("=") &&
				!t[k].name("def") && !t[k].name("for"); k++ {
				if t[k].kind == tkName {
					r.binds[t[k].text] += 2
				}
			}
		case tk.op("=>") && prev != nil && prev.name("rescue") && next != nil:
			r.binds[next.text] += 2
		}
		if tk.kind != tkName && tk.kind != tkVar || prev != nil && (prev.op(".") || prev.op("&.") || prev.op("::")) {
			continue
		}
		name := tk.text
		start := prev == nil || prev.kind == tkNL || prev.op(";") || prev.op("{") || prev.op("|") && i >= 2 ||
			prev.name("then") || prev.name("do") || prev.name("else") || prev.name("begin")
		switch {
		case next == nil:
		case next.op("="):
			if start && r.binds[name] == 0 {
				r.consts[name] = &rbBind{r: r, lo: i + 2, hi: r.stmtEnd(i + 2)}
				r.binds[name]++
			} else {
				r.binds[name] += 2
			}
		case next.kind == tkOp && (plAssignOp(next.text) || next.text == "<<"):
			r.binds[name] += 2
		case next.op(",") && start:
			for k := i; k < len(t) && (t[k].kind == tkName || t[k].kind == tkVar || t[k].op(",") || t[k].op("*")); k++ {
				if t[k].kind == tkName || t[k].kind == tkVar {
					r.binds[t[k].text] += 2
				}
			}
		case (next.op(".") || next.op("&.")) && i+2 < len(t) && t[i+2].kind == tkName:
			m := t[i+2].text
			if strings.HasSuffix(m, "!") || m == "replace" || m == "concat" || m == "insert" || m == "prepend" || m == "clear" {
				r.binds[name] += 2
			}
		}
	}
}

// pairBlocks pairs each keyword that opens a block (do, def, class,
// module, begin, case, and if/unless/while/until/for that start a
// statement) with its end.
func (r *rbReader) pairBlocks() {
	t := r.t
	var stack []int
	loopDo := false
	for i := range t {
		tk := &t[i]
		if tk.kind == tkNL || tk.op(";") {
			loopDo = false
			continue
		}
		if tk.kind != tkName || i > 0 && (t[i-1].op(".") || t[i-1].op("&.") || t[i-1].op("::")) ||
			i+1 < len(t) && t[i+1].op(":") && !t[i+1].sp {
			continue
		}
		switch tk.text {
		case "do":
			if loopDo {
				loopDo = false
				continue
			}
			stack = append(stack, i)
		case "def":
			if r.endlessDef(i) {
				continue
			}
			stack = append(stack, i)
		case "class", "module", "begin", "case":
			stack = append(stack, i)
		case "if", "unless", "while", "until", "for":
			if i > 0 && rbValueEnd(&t[i-1]) {
				continue // a modifier
			}
			stack = append(stack, i)
			loopDo = tk.text == "while" || tk.text == "until" || tk.text == "for"
		case "end":
			if n := len(stack); n > 0 {
				r.ends[stack[n-1]] = i
				r.ends[i] = stack[n-1]
				stack = stack[:n-1]
			}
		}
	}
	for _, o := range stack {
		r.ends[o] = len(t)
	}
}

// endlessDef reports whether the def at i is "def name(args) = expr".
func (r *rbReader) endlessDef(i int) bool {
	t := r.t
	j := i + 1
	for j < len(t) && (t[j].kind == tkName || t[j].op(".") || t[j].kind == tkVar) && t[j].kind != tkNL {
		j++
		if j-i > 4 {
			break
		}
	}
	if j < len(t) && t[j].op("(") {
		j = closeOf(t, j) + 1
	}
	return j < len(t) && t[j].op("=")
}

func (r *rbReader) lookup(name string) (value, bool) {
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

func (r *rbReader) bound(name string) bool {
	for q := r; q != nil; q = q.outer {
		if q.binds[name] > 0 {
			return true
		}
	}
	return false
}

// nameV is what the name or variable at token i of t stands for.
func (r *rbReader) nameV(t []tok, i int) value {
	name := t[i].text
	switch name {
	case "true":
		return boolV(true)
	case "false", "nil":
		return boolV(false)
	}
	if v, ok := r.lookup(name); ok {
		return v
	}
	if t[i].kind == tkVar || r.bound(name) {
		return dynV()
	}
	return refV(name)
}

// rbNorm gives the one name the reader knows a method by.
func rbNorm(ref string) string {
	ref = strings.TrimPrefix(ref, ".")
	for _, p := range []string{"Kernel.", "Object.", "self.", "FileUtils.Verbose."} {
		if strings.HasPrefix(ref, p) {
			switch p {
			case "FileUtils.Verbose.":
				ref = "FileUtils." + ref[len(p):]
			default:
				ref = ref[len(p):]
			}
		}
	}
	return ref
}

func (r *rbReader) attr(v value, name string) value {
	if len(v.ref) > 200 {
		return dynV()
	}
	switch v.k {
	case vRef:
		return refV(v.ref + "." + name)
	case vObj:
		if strings.HasPrefix(v.ref, "method:") && name == "call" {
			return refV(strings.TrimPrefix(v.ref, "method:"))
		}
		self := v
		return value{k: vRef, ref: v.ref + "." + name, self: &self}
	case vStr, vList:
		self := v
		kind := "String"
		if v.k == vList {
			kind = "Array"
		}
		return value{k: vRef, ref: kind + "." + name, self: &self}
	}
	return dynV()
}

// scan visits every call and command literal in t, in order.
func (r *rbReader) scan(t []tok) {
	for i := 0; i < len(t); i++ {
		if !r.s.spend(1) {
			return
		}
		tk := &t[i]
		switch tk.kind {
		case tkStr, tkRegex, tkCmd:
			for _, p := range tk.parts {
				if p.note != "" {
					r.e.dynamic(tk.pos, p.note)
				}
				if len(p.sub) > 0 {
					r.scan(p.sub)
				}
			}
			if tk.kind == tkCmd {
				call := "backticks"
				if strings.HasPrefix(tk.text, "%x") {
					call = "%x"
				} else if strings.HasPrefix(tk.text, "<<") {
					call = "<<`heredoc`"
				}
				r.e.shell(tk.pos, call, r.strVal(tk).word())
			}
		case tkName:
			if i > 0 && (t[i-1].op(".") || t[i-1].op("&.") || t[i-1].name("def") || t[i-1].name("alias")) ||
				i+1 < len(t) && t[i+1].op(":") && !t[i+1].sp || rbKeywords.Get()[tk.text] || rbNotCalls.Get()[tk.text] {
				continue
			}
			if i > 0 && t[i-1].op("::") && (i < 2 || rbValueEnd(&t[i-2])) {
				continue
			}
			r.chain(t, i, len(t), true)
		}
	}
}

// chain follows a callee from token i of t: Const::Name.method(args),
// method args (a command call), and returns its value and the index after.
func (r *rbReader) chain(t []tok, i, hi int, emit bool) (value, int) {
	v := r.nameV(t, i)
	j := i + 1
	called := false
	for j < hi {
		if !r.s.spend(1) {
			return dynV(), hi
		}
		switch {
		case j+1 < hi && (t[j].op(".") || t[j].op("&.") || t[j].op("::")) && t[j+1].kind == tkName:
			if !called && v.k == vRef && !strings.Contains(v.ref, ".") && r.handler(v.ref) != nil {
				// fork.then …: the bare method is called before its result is used.
				v = r.call(t, v, i, j-1, -1, -1, emit)
			}
			v = r.attr(v, t[j+1].text)
			called = false
			j += 2
		case t[j].op("(") && !t[j].sp:
			c := min(closeOf(t, j), hi)
			v = r.call(t, v, i, j-1, j+1, c, emit)
			called = true
			j = c + 1
		case t[j].op("[") && !t[j].sp:
			v = dynV()
			called = true
			j = min(closeOf(t, j)+1, hi)
		case !called && v.k == vRef && r.argStart(t, j):
			end := r.cmdEnd(t, j, hi)
			v = r.call(t, v, i, j-1, j, end, emit)
			return v, end
		default:
			if !called && v.k == vRef && r.handler(v.ref) != nil {
				v = r.call(t, v, i, j-1, -1, -1, emit)
			}
			return v, j
		}
	}
	if !called && v.k == vRef && r.handler(v.ref) != nil {
		v = r.call(t, v, i, j-1, -1, -1, emit)
	}
	return v, j
}

// rbNotCalls are the keywords that are never calls.
var rbNotCalls = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"def": true, "class": true, "module": true, "alias": true, "undef": true,
		"end": true, "self": true, "nil": true, "true": true, "false": true, "super": true, "__FILE__": true}
}}

var rbArgStop = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"do": true, "if": true, "unless": true, "while": true, "until": true, "rescue": true,
		"and": true, "or": true, "then": true, "end": true, "in": true}
}}

// argStart reports whether token j starts the first argument of a command
// call (a method called without parentheses).
func (r *rbReader) argStart(t []tok, j int) bool {
	k := &t[j]
	if !k.sp {
		return false
	}
	switch k.kind {
	case tkStr, tkNum, tkVar, tkCmd, tkRegex:
		return true
	case tkName:
		return !rbArgStop.Get()[k.text]
	case tkOp:
		switch k.text {
		case "[", "(", "->", "::":
			return true
		case "-", "*", "&", "!", "**":
			return j+1 < len(t) && !t[j+1].sp && t[j+1].kind != tkOp
		}
	}
	return false
}

// cmdEnd is where the arguments of a command call starting at j end: at
// the end of the line (unless it ends in a comma), a block, a modifier.
func (r *rbReader) cmdEnd(t []tok, j, hi int) int {
	if len(t) == 0 {
		return hi
	}
	e, ok := r.cmds[&t[0]]
	if !ok {
		e = nextStops(t, func(k int) bool {
			tk := &t[k]
			switch {
			case tk.kind == tkNL:
				return k == 0 || !t[k-1].op(",") && !t[k-1].op("\\")
			case tk.kind == tkName:
				return rbArgStop.Get()[tk.text]
			}
			return tk.op(";") || tk.op("{") || tk.op("?") && tk.sp
		})
		r.cmds[&t[0]] = e
	}
	return min(e[min(j, len(t))], hi)
}

// rbCall is one call being read.
type rbCall struct {
	r      *rbReader
	t      []tok
	at     int
	pos    int
	name   string // as written
	ref    string // as the reader knows it
	args   []span
	kw     map[string]span
	star   bool
	emit   bool
	self   *value
	block  bool    // written with a block ({ } or do … end)
	splats []value // the items of *[…] arguments, after the positional ones
}

func (r *rbReader) handler(ref string) func(*rbCall) value {
	ref = rbNorm(ref)
	if h := rbCalls[ref]; h != nil {
		return h
	}
	if r.fileutils && !strings.Contains(ref, ".") {
		return rbCalls["FileUtils."+ref]
	}
	return nil
}

// call reads a call of v, written from token start to callee, with
// arguments in tokens [lo, hi) (lo < 0: none).
func (r *rbReader) call(t []tok, v value, start, callee, lo, hi int, emit bool) value {
	// start lies past the tokens when the call is the last thing read
	// ("method (A).A("): nothing is known of it.
	if v.k != vRef || start < 0 || start >= len(t) {
		return dynV()
	}
	key := &t[max(start, min(callee, len(t)-1))]
	if m, ok := r.memo[key]; ok && !emit {
		return m
	}
	ref := rbNorm(v.ref)
	method := ref
	if k := strings.LastIndexByte(ref, '.'); k >= 0 {
		method = ref[k+1:]
	}
	c := &rbCall{r: r, t: t, at: start, pos: t[start].pos, ref: ref, emit: emit, self: v.self, kw: map[string]span{}}
	callee = max(start, min(callee, len(t)-1))
	c.name = r.code[t[start].pos:t[callee].end()]
	if strings.ContainsAny(c.name, "([\n\"'") || len(c.name) > 60 {
		c.name = ref
	}
	if lo >= 0 {
		for _, a := range r.split(t, lo, hi) {
			for a.lo < a.hi && t[a.lo].kind == tkNL {
				a.lo++
			}
			if a.lo >= a.hi {
				continue
			}
			switch {
			case t[a.lo].op("*") && a.hi-a.lo > 1:
				// *list: its items are arguments; known ones stay known.
				if v := r.evalIn(t, a.lo+1, a.hi); v.k == vList && !v.more {
					c.splats = append(c.splats, v.items...)
					continue
				}
				c.star = true
			case t[a.lo].op("*") || t[a.lo].op("**"):
				c.star = true
			case t[a.lo].op("&"):
			case a.hi-a.lo >= 2 && t[a.lo].kind == tkName && t[a.lo+1].op(":") && !t[a.lo+1].sp:
				c.kw[t[a.lo].text] = span{a.lo + 2, a.hi}
			case a.hi-a.lo >= 2 && t[a.lo].kind == tkStr && t[a.lo+1].op("=>"):
				if len(t[a.lo].parts) == 1 {
					c.kw[t[a.lo].parts[0].lit] = span{a.lo + 2, a.hi}
				}
			default:
				c.args = append(c.args, a)
			}
		}
		after := hi + 1
		if after < len(t) && (t[after].op("{") || t[after].name("do")) {
			c.block = true
		}
	} else if start+1 < len(t) && (t[start+1].op("{") || t[start+1].name("do")) {
		c.block = true
	}
	var res value
	switch method {
	case "send", "public_send", "__send__":
		res = r.send(c, v)
	default:
		h := r.handler(ref)
		if h == nil {
			return dynV()
		}
		res = h(c)
	}
	r.memo[key] = res
	return res
}

// split splits a call's arguments at commas; a command call among them
// (foo "a", bar "b", "c") takes all that follows as its own, so it ends
// the split.
func (r *rbReader) split(t []tok, lo, hi int) []span {
	var out []span
	start := lo
	for i := lo; i < hi; i++ {
		k := &t[i]
		switch {
		case isOpener(k):
			i = closeOf(t, i)
			continue
		case k.op(","):
			if i > start {
				out = append(out, span{start, i})
			}
			start = i + 1
			continue
		case k.kind == tkName && !rbKeywords.Get()[k.text] && i+1 < hi && r.argStart(t, i+1):
			i = hi
		}
	}
	if hi > start && start < len(t) {
		out = append(out, span{start, min(hi, len(t))})
	}
	return out
}

// send reads recv.send(:name, args…) as recv.name(args…).
func (r *rbReader) send(c *rbCall, v value) value {
	recv := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(c.ref, "__send__"), "public_send"), "send")
	recv = strings.TrimSuffix(recv, ".")
	if len(c.args) == 0 {
		return dynV()
	}
	name := c.arg(0, "")
	if !name.known() {
		if c.emit && (recv == "" || rbDangerRecv.Get()[recv]) {
			c.r.e.dynamic(c.pos, "send of a method named at run time")
		}
		return dynV()
	}
	ref := name.w.Value
	if recv != "" {
		ref = recv + "." + ref
	}
	h := r.handler(ref)
	if h == nil {
		return dynV()
	}
	c.args = c.args[1:]
	c.ref = rbNorm(ref)
	c.name = c.ref
	return h(c)
}

var rbDangerRecv = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"Kernel": true, "Object": true, "self": true, "FileUtils": true, "File": true,
		"IO": true, "Process": true, "Open3": true, "Dir": true, "PTY": true}
}}

func (c *rbCall) arg(i int, kw string) value {
	if i >= 0 && i < len(c.args) {
		return c.r.evalIn(c.t, c.args[i].lo, c.args[i].hi)
	}
	if s, ok := c.kw[kw]; ok && kw != "" {
		return c.r.evalIn(c.t, s.lo, s.hi)
	}
	return dynV()
}

func (c *rbCall) has(i int) bool { return i < len(c.args)+len(c.splats) || c.star }

// values is the positional arguments from the from-th on, flattened.
func (c *rbCall) values(from int) []value {
	var out []value
	for k := from; k < len(c.args); k++ {
		v := c.arg(k, "")
		if v.k == vList {
			out = append(out, v.items...)
			if v.more {
				out = append(out, dynV())
			}
			continue
		}
		out = append(out, v)
	}
	out = append(out, c.splats...)
	if c.star {
		out = append(out, dynV())
	}
	return out
}

func (r *rbReader) evalIn(t []tok, lo, hi int) value {
	sub := *r
	sub.t = t
	return sub.eval(lo, hi)
}

// eval computes the value of the ruby expression in tokens [lo, hi).
func (r *rbReader) eval(lo, hi int) value {
	defer r.s.leave()
	if !r.s.enter() {
		return dynV()
	}
	for lo < hi && r.t[lo].kind == tkNL {
		lo++
	}
	if lo >= hi {
		return dynV()
	}
	v, j := r.term(lo, hi)
	for j < hi {
		if !r.s.spend(1) {
			return dynV()
		}
		t := &r.t[j]
		switch {
		case t.kind == tkNL:
			j++
		case t.op("+"):
			w, k := r.term(j+1, hi)
			if v.k == vObj && v.ref == "Pathname" {
				v.w = joinPath(v.w, w)
			} else if v.k == vList && w.k == vList {
				v = value{k: vList, items: append(append([]value{}, v.items...), w.items...), more: v.more || w.more}
			} else {
				v = r.s.concat(v, w)
			}
			j = k
		case t.op("/") && v.k == vObj && v.ref == "Pathname":
			w, k := r.term(j+1, hi)
			v.w = joinPath(v.w, w)
			j = k
		default:
			return dynV()
		}
	}
	return v
}

func (r *rbReader) term(lo, hi int) (value, int) {
	if lo >= hi {
		return dynV(), hi
	}
	t := r.t
	k := &t[lo]
	var v value
	j := lo + 1
	switch k.kind {
	case tkStr:
		if k.words {
			var items []value
			for _, p := range k.parts {
				if p.dyn {
					return value{k: vList, items: items, more: true}, lo + 1
				}
				items = append(items, strV(p.lit))
			}
			v = listV(items)
		} else {
			v = r.strVal(k)
			for j < hi && t[j].kind == tkStr && !t[j].words && t[j].text[0] != ':' && k.text[0] != ':' {
				v = r.s.concat(v, r.strVal(&t[j]))
				j++
			}
		}
	case tkNum:
		v = numV(k.text)
	case tkVar:
		v = r.nameV(t, lo)
	case tkName:
		v, j = r.chain(t, lo, hi, false)
		return r.methods(v, j, hi)
	case tkOp:
		switch k.text {
		case "-":
			if lo+1 < hi && t[lo+1].kind == tkNum {
				v, j = numV("-"+t[lo+1].text), lo+2
				break
			}
			return dynV(), hi
		case "::":
			if lo+1 < hi && t[lo+1].kind == tkName {
				v, j = r.chain(t, lo+1, hi, false)
				return r.methods(v, j, hi)
			}
			return dynV(), hi
		case "(":
			c := closeOf(t, lo)
			if c >= hi {
				return dynV(), hi
			}
			v, j = r.eval(lo+1, c), c+1
		case "[":
			c := closeOf(t, lo)
			if c >= hi {
				return dynV(), hi
			}
			v = value{k: vList}
			for _, p := range splitTop(t, lo+1, c, func(k *tok) bool { return k.op(",") }) {
				for p.lo < p.hi && t[p.lo].kind == tkNL {
					p.lo++
				}
				if p.lo >= p.hi {
					continue
				}
				if t[p.lo].op("*") {
					v.more = true
					continue
				}
				v.items = append(v.items, r.eval(p.lo, p.hi))
			}
			j = c + 1
		case "{":
			return value{k: vObj, ref: "Hash"}, min(closeOf(t, lo)+1, hi)
		default:
			return dynV(), hi
		}
	default:
		return dynV(), hi
	}
	return r.methods(v, j, hi)
}

// methods follows .method(args) calls on a value: the ones that keep or
// build a string (to_s, freeze, join) are computed, others are unknown.
func (r *rbReader) methods(v value, j, hi int) (value, int) {
	t := r.t
	for j+1 < hi && (t[j].op(".") || t[j].op("&.")) && t[j+1].kind == tkName {
		if !r.s.spend(1) {
			return dynV(), hi
		}
		m := t[j+1].text
		j += 2
		lo, c := -1, -1
		if j < hi && t[j].op("(") && !t[j].sp {
			lo, c = j+1, min(closeOf(t, j), hi)
			j = c + 1
		}
		switch m {
		case "to_s", "to_str", "freeze", "dup", "strip", "chomp", "itself", "to_path", "b", "force_encoding", "to_a":
		case "join":
			sep := strV("")
			if lo >= 0 && c > lo {
				sep = r.eval(lo, c)
			}
			v = r.s.joinV(sep, v)
		case "unpack1", "unpack":
			if lo >= 0 {
				if f := r.eval(lo, c); f.known() && f.w.Value == "m" || f.known() && f.w.Value == "m0" {
					v = decode("base64", v)
					continue
				}
			}
			v = value{k: vDyn, w: Word{Dynamic: true}, note: "decoded"}
		default:
			if v.k == vObj || v.k == vRef {
				v = r.attr(v, m)
				if lo >= 0 {
					v = r.call(t, v, j-1, j-1, lo, c, false)
				}
				continue
			}
			v = dynV()
		}
	}
	return v, j
}

// strVal is the value of a string literal, its #{name} looked up.
func (r *rbReader) strVal(k *tok) value {
	v := strV("")
	for _, p := range k.parts {
		switch {
		case p.name != "":
			c, ok := r.lookup(p.name)
			if !ok || c.k != vStr && c.k != vNum {
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

// rbTruth is ruby's truth of a value known at read time: all but nil and
// false are true.
func rbTruth(v value) (bool, bool) {
	switch v.k {
	case vBool:
		return v.truth, true
	case vStr, vNum, vList:
		return true, true
	}
	return false, false
}

// rbCalls maps the methods the ruby reader knows to what they do.
var rbCalls map[string]func(c *rbCall) value

// rbCallsOnce builds rbCalls when the first ruby is read, not at every
// start of belay.
var rbCallsOnce sync.Once

func initRbCalls() {
	// spawn reads the arguments of system, exec, spawn, Open3.*: an
	// optional env hash, then one command line, or a program and its
	// arguments ([cmd, argv0] for the program), then options.
	spawn := func(c *rbCall) value {
		if !c.emit {
			return dynV()
		}
		args := c.args
		if len(args) > 0 && c.t[args[0].lo].op("{") {
			args = args[1:]
		}
		if len(args) > 0 && c.t[args[len(args)-1].lo].op("{") {
			args = args[:len(args)-1]
		}
		sub := *c
		sub.args = args
		vals := sub.values(0)
		if len(c.splats) > 0 {
			// system(*%w[rm -rf /]): one word is a command line, more an argv.
			if len(vals) == 1 && !c.star {
				c.r.e.shell(c.pos, c.name, vals[0].word())
			} else {
				c.r.e.argv(c.pos, c.name, wordsOf(vals))
			}
			return dynV()
		}
		switch {
		case len(args) == 0 && !c.star:
			return dynV()
		case len(args) == 1 && !c.star:
			v := sub.arg(0, "")
			if v.k == vList {
				// [cmd, argv0]: the program, run without a shell.
				w := Word{Dynamic: true}
				if len(v.items) > 0 {
					w = v.items[0].word()
				}
				c.r.e.argv(c.pos, c.name, []Word{w})
				return dynV()
			}
			c.r.e.shell(c.pos, c.name, v.word())
		default:
			first := sub.arg(0, "")
			argv := wordsOf(vals)
			if first.k == vList {
				argv = wordsOf(sub.values(1))
				w := Word{Dynamic: true}
				if len(first.items) > 0 {
					w = first.items[0].word()
				}
				argv = append([]Word{w}, argv...)
			}
			c.r.e.argv(c.pos, c.name, argv)
		}
		return dynV()
	}
	popen := func(c *rbCall) value {
		if !c.emit || !c.has(0) {
			return dynV()
		}
		v := c.arg(0, "")
		if v.k == vObj && len(c.args) > 1 {
			v = c.arg(1, "") // an env hash first
		}
		switch v.k {
		case vList:
			items := v.items
			if len(items) > 0 && items[0].k == vObj {
				items = items[1:]
			}
			if len(items) > 0 && items[len(items)-1].k == vObj {
				items = items[:len(items)-1]
			}
			c.r.e.argv(c.pos, c.name, wordsOf(items))
		default:
			if v.known() && v.w.Value == "-" {
				return dynV()
			}
			c.r.e.shell(c.pos, c.name, v.word())
		}
		return dynV()
	}
	pipeline := func(c *rbCall) value {
		if !c.emit {
			return dynV()
		}
		for i := range c.args {
			v := c.arg(i, "")
			if v.k == vList {
				c.r.e.argv(c.pos, c.name, wordsOf(v.items))
			} else if v.k != vObj {
				c.r.e.shell(c.pos, c.name, v.word())
			}
		}
		return dynV()
	}
	writeMode := func(c *rbCall, i int) bool {
		if s, ok := c.kw["mode"]; ok {
			m := c.r.evalIn(c.t, s.lo, s.hi)
			return !m.known() || strings.ContainsAny(m.w.Value, "wa+")
		}
		if i >= len(c.args) {
			return false
		}
		a := c.args[i]
		m := c.arg(i, "")
		if m.known() && m.k == vStr {
			return strings.ContainsAny(m.w.Value, "wa+")
		}
		for k := a.lo; k < a.hi; k++ {
			switch c.t[k].text {
			case "WRONLY", "RDWR", "CREAT", "TRUNC", "APPEND":
				return true
			case "RDONLY":
				return false
			}
		}
		return true
	}
	// open reads Kernel#open and File.open: a path starting with "|"
	// runs a command; a write mode writes the file.
	open := func(pipe bool) func(c *rbCall) value {
		return func(c *rbCall) value {
			if !c.emit || !c.has(0) {
				return dynV()
			}
			p := c.arg(0, "")
			if pipe && p.k == vStr && strings.HasPrefix(strings.TrimSpace(p.w.Value), "|") {
				w := p.w
				w.Value = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(w.Value), "|"))
				c.r.e.shell(c.pos, c.name, w)
				return dynV()
			}
			if writeMode(c, 1) {
				c.r.e.effect(c.pos, c.name, "write", p.word(), false)
			}
			return dynV()
		}
	}
	// ioRead reads IO.read and its kin: "|cmd" runs cmd (before ruby 4).
	ioRead := func(write bool) func(c *rbCall) value {
		return func(c *rbCall) value {
			if !c.emit || !c.has(0) {
				return dynV()
			}
			p := c.arg(0, "")
			if p.k == vStr && strings.HasPrefix(strings.TrimSpace(p.w.Value), "|") {
				w := p.w
				w.Value = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(w.Value), "|"))
				c.r.e.shell(c.pos, c.name, w)
			} else if write {
				c.r.e.effect(c.pos, c.name, "write", p.word(), false)
			}
			return dynV()
		}
	}
	noop := func(c *rbCall) bool {
		if s, ok := c.kw["noop"]; ok {
			b, known := rbTruth(c.r.evalIn(c.t, s.lo, s.hi))
			return known && b
		}
		return false
	}
	each := func(eff string, from int, recurse bool) func(c *rbCall) value {
		return func(c *rbCall) value {
			if !c.emit || noop(c) {
				return dynV()
			}
			vals := c.values(from)
			if len(vals) == 0 && from == 0 && c.self != nil {
				c.r.e.effect(c.pos, c.name, eff, c.self.word(), recurse)
			}
			for _, v := range vals {
				c.r.e.effect(c.pos, c.name, eff, v.word(), recurse)
			}
			return dynV()
		}
	}
	// selfEffect reads Pathname#rmtree and its kin: the path is the receiver.
	selfEffect := func(eff string, recurse bool) func(c *rbCall) value {
		return func(c *rbCall) value {
			if c.emit {
				w := Word{Dynamic: true}
				if c.self != nil {
					w = c.self.w
				}
				c.r.e.effect(c.pos, c.name, eff, w, recurse)
			}
			return dynV()
		}
	}
	move := func(c *rbCall) value {
		if !c.emit || noop(c) {
			return dynV()
		}
		to := c.arg(1, "")
		src := c.arg(0, "")
		if src.k == vList {
			for _, w := range src.words() {
				c.r.e.rename(c.pos, c.name, w, to.word())
			}
			return dynV()
		}
		c.r.e.rename(c.pos, c.name, src.word(), to.word())
		return dynV()
	}
	copyTo := func(c *rbCall) value {
		if c.emit && !noop(c) {
			c.r.e.effect(c.pos, c.name, "write", c.arg(1, "").word(), false)
		}
		return dynV()
	}
	writeFirst := func(c *rbCall) value {
		if c.emit && c.has(0) {
			c.r.e.effect(c.pos, c.name, "write", c.arg(0, "").word(), false)
		}
		return dynV()
	}
	kill := func(c *rbCall) value {
		if !c.emit || !c.has(0) {
			return dynV()
		}
		sig := c.arg(0, "")
		for _, p := range c.values(1) {
			if w, ok := killTarget(sig, p); ok {
				c.r.e.kill(c.pos, c.name, w)
			}
		}
		return dynV()
	}
	fork := func(c *rbCall) value {
		if c.emit && c.main() {
			c.r.forks = append(c.r.forks, c.at)
			c.r.fnames = append(c.r.fnames, c.name)
		}
		return dynV()
	}
	wait := func(c *rbCall) value {
		if c.emit && c.main() {
			c.r.waits = append(c.r.waits, c.at)
		}
		return dynV()
	}
	eval := func(c *rbCall) value {
		if !c.emit || len(c.args) == 0 && !c.star {
			return dynV() // a block: ordinary code
		}
		v := c.arg(0, "")
		if !v.known() || v.k != vStr {
			what := " of code computed at run time"
			if v.note == "decoded" {
				what = " of decoded data"
			}
			c.r.e.dynamic(c.pos, c.name+what)
			return dynV()
		}
		body := -1
		if a := c.args[0]; a.hi-a.lo == 1 && c.t[a.lo].kind == tkStr {
			body = c.t[a.lo].body
		}
		c.r.evalCode(v.w.Value, body, c.pos)
		return dynV()
	}
	pathname := func(c *rbCall) value {
		return value{k: vObj, ref: "Pathname", w: c.arg(0, "").word()}
	}
	decoder := func(c *rbCall) value { return decode("base64", c.arg(0, "")) }

	rbCalls = map[string]func(c *rbCall) value{
		"system": spawn, "exec": spawn, "spawn": spawn, "Process.spawn": spawn, "Process.exec": spawn,
		"PTY.spawn": spawn, "PTY.getpty": spawn,
		"Open3.capture2": spawn, "Open3.capture2e": spawn, "Open3.capture3": spawn,
		"Open3.popen2": spawn, "Open3.popen2e": spawn, "Open3.popen3": spawn,
		"Open3.pipeline": pipeline, "Open3.pipeline_r": pipeline, "Open3.pipeline_w": pipeline,
		"Open3.pipeline_rw": pipeline, "Open3.pipeline_start": pipeline,
		"IO.popen": popen,
		"`": func(c *rbCall) value {
			if c.emit {
				c.r.e.shell(c.pos, c.name, c.arg(0, "").word())
			}
			return dynV()
		},
		"open": open(true), "URI.open": open(true), "File.open": open(false), "File.new": open(false),
		"IO.read": ioRead(false), "IO.readlines": ioRead(false), "IO.foreach": ioRead(false), "IO.binread": ioRead(false),
		"IO.write": ioRead(true), "IO.binwrite": ioRead(true),
		"File.write": writeFirst, "File.binwrite": writeFirst, "File.truncate": writeFirst,

		"FileUtils.rm_rf": each("delete", 0, true), "FileUtils.rm_r": each("delete", 0, true),
		"FileUtils.rmtree": each("delete", 0, true), "FileUtils.remove_dir": each("delete", 0, true),
		"FileUtils.remove_entry": each("delete", 0, true), "FileUtils.remove_entry_secure": each("delete", 0, true),
		"FileUtils.rm": each("delete", 0, false), "FileUtils.rm_f": each("delete", 0, false),
		"FileUtils.remove": each("delete", 0, false), "FileUtils.safe_unlink": each("delete", 0, false),
		"FileUtils.remove_file": each("delete", 0, false), "FileUtils.rmdir": each("delete", 0, false),
		"FileUtils.mv": move, "FileUtils.move": move,
		"FileUtils.cp": copyTo, "FileUtils.copy": copyTo, "FileUtils.cp_r": copyTo, "FileUtils.copy_entry": copyTo,
		"FileUtils.copy_file": copyTo, "FileUtils.install": copyTo, "FileUtils.cp_lr": copyTo,
		"FileUtils.chmod": each("chmod", 1, false), "FileUtils.chmod_R": each("chmod", 1, true),
		"FileUtils.chown": each("chown", 2, false), "FileUtils.chown_R": each("chown", 2, true),

		"File.delete": each("delete", 0, false), "File.unlink": each("delete", 0, false),
		"Dir.rmdir": each("delete", 0, false), "Dir.delete": each("delete", 0, false), "Dir.unlink": each("delete", 0, false),
		"File.rename": move,
		"File.chmod":  each("chmod", 1, false), "File.lchmod": each("chmod", 1, false),
		"File.chown": each("chown", 2, false), "File.lchown": each("chown", 2, false),

		"Pathname": pathname, "Pathname.new": pathname,
		"Pathname.rmtree": selfEffect("delete", true), "Pathname.delete": selfEffect("delete", false),
		"Pathname.unlink": selfEffect("delete", false), "Pathname.rmdir": selfEffect("delete", false),
		"Pathname.write": selfEffect("write", false), "Pathname.binwrite": selfEffect("write", false),
		"Pathname.chmod": selfEffect("chmod", false),
		"Pathname.rename": func(c *rbCall) value {
			if c.emit && c.self != nil {
				c.r.e.rename(c.pos, c.name, c.self.w, c.arg(0, "").word())
			}
			return dynV()
		},
		"File.join": func(c *rbCall) value {
			w := Word{}
			for _, v := range c.values(0) {
				w = joinPath(w, v)
			}
			return value{k: vStr, w: w}
		},
		"File.expand_path": func(c *rbCall) value {
			v := c.arg(0, "")
			if v.known() && strings.HasPrefix(v.w.Value, "/") {
				return v
			}
			return dynV()
		},

		"Process.kill": kill,
		"syscall": func(c *rbCall) value {
			if !c.emit || !c.has(0) {
				return dynV()
			}
			n, ok := intOf(c.arg(0, ""))
			switch {
			case ok && rebootSyscalls.Get()[n]:
				c.r.e.power(c.pos, c.name)
			case !ok:
				c.r.e.dynamic(c.pos, "syscall with a number computed at run time")
			}
			return dynV()
		},
		"fork": fork, "Process.fork": fork,
		"Process.wait": wait, "Process.waitpid": wait, "Process.wait2": wait, "Process.waitall": wait,
		"Process.detach": wait,

		"eval": eval, "instance_eval": eval, "class_eval": eval, "module_eval": eval, "binding.eval": eval,
		"TOPLEVEL_BINDING.eval": eval, "class_exec": eval, "instance_exec": eval,
		"method": func(c *rbCall) value {
			v := c.arg(0, "")
			if v.known() {
				return value{k: vObj, ref: "method:" + v.w.Value}
			}
			return dynV()
		},
		"Base64.decode64": decoder, "Base64.strict_decode64": decoder, "Base64.urlsafe_decode64": decoder,
		"Zlib::Inflate.inflate": func(c *rbCall) value { return value{k: vDyn, w: Word{Dynamic: true}, note: "decoded"} },
		"Marshal.load":          func(c *rbCall) value { return value{k: vDyn, w: Word{Dynamic: true}, note: "decoded"} },
	}
}

// main reports whether the call is in the reader's own tokens, whose loops
// the reader looks at.
func (c *rbCall) main() bool {
	return len(c.t) == len(c.r.t) && len(c.t) > 0 && &c.t[0] == &c.r.t[0]
}

// evalCode reads code that the code evals.
func (r *rbReader) evalCode(code string, body, pos int) {
	if r.nest+1 >= maxNest {
		r.e.dynamic(pos, "eval nested too deep to read")
		return
	}
	child := newRbReader(r.s, r.e.inner(body, pos), code, r.nest+1, r)
	child.run()
}

// loops finds loops that fork without end: loop { }, while/until with a
// condition always true (or forking), their modifier forms, begin … end
// while, and N.times with a big N.
func (r *rbReader) loops() {
	t := r.t
	if len(r.forks) == 0 {
		return
	}
	for i := 0; i < len(t); i++ {
		if !r.s.spend(1) {
			return
		}
		if t[i].kind != tkName || i > 0 && (t[i-1].op(".") || t[i-1].op("&.")) && !t[i].name("times") {
			continue
		}
		switch kw := t[i].text; kw {
		case "loop":
			if lo, hi, ok := r.blockAfter(i + 1); ok {
				r.bomb(i, lo, hi)
			}
		case "times":
			if i >= 2 && t[i-1].op(".") && t[i-2].kind == tkNum {
				if n, ok := intOf(numV(t[i-2].text)); ok && n >= bigLoop {
					if lo, hi, ok := r.blockAfter(i + 1); ok {
						r.bomb(i-2, lo, hi)
					}
				}
			}
		case "while", "until":
			if i > 0 && rbValueEnd(&t[i-1]) {
				// A modifier: STATEMENT while COND, or begin … end while COND.
				end := r.stmtEnd(i + 1)
				s := i - 1
				if t[s].name("end") {
					if o, ok := r.ends[s]; ok && o < s && t[o].name("begin") {
						if r.endless(kw, i+1, end) {
							r.bomb(o, o, end)
						}
						continue
					}
				}
				if r.endless(kw, i+1, end) {
					r.bomb(r.starts[i], r.starts[i], end)
				}
				continue
			}
			condEnd := r.conds[i+1]
			if r.endless(kw, i+1, min(condEnd, len(t))) {
				r.bomb(i, i, r.ends[i])
			}
		}
	}
}

// blockAfter finds the block ({ } or do … end) that starts at token j.
func (r *rbReader) blockAfter(j int) (int, int, bool) {
	t := r.t
	if j >= len(t) {
		return 0, 0, false
	}
	if t[j].op("{") {
		return j, closeOf(r.t, j), true
	}
	if t[j].name("do") {
		if e, ok := r.ends[j]; ok {
			return j, e, true
		}
	}
	return 0, 0, false
}

func (r *rbReader) endless(kw string, lo, hi int) bool {
	if inRange(r.forks, lo, hi) {
		return true
	}
	if hi-lo > 8 {
		return false // a condition always true is short: true, 1, (true)
	}
	b, ok := rbTruth(r.eval(lo, hi))
	return ok && b == (kw == "while")
}

// bomb reports a fork bomb at token at when a fork lies in [lo, hi] and no
// wait does.
func (r *rbReader) bomb(at, lo, hi int) {
	if k := firstIn(r.forks, lo, hi+1); k >= 0 && !inRange(r.waits, lo, hi+1) {
		r.e.forkBomb(r.t[at].pos, r.fnames[k])
	}
}
