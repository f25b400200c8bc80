package inline

import (
	"path"
	"strings"
	"sync"

	"github.com/belay-sh/belay/internal/lazy"
)

// readPerl reads perl code: calls of the builtins that run commands
// (system, exec, backticks, qx, open with a pipe, readpipe, open2/open3),
// touch files (unlink, rmdir, rmtree, rename, chmod, chown, open for
// writing, truncate), signal processes (kill) or reboot (syscall), eval of
// a literal (read as perl in turn) and loops that fork without end.
func readPerl(code string) []Finding {
	s := newSink(len(code))
	r := newPlReader(s, rootEmitter(s, len(code)), code, 0, nil)
	r.run()
	return s.out
}

// plReader reads one piece of perl code.
type plReader struct {
	e      emitter
	s      *sink
	code   string
	t      []tok
	nest   int
	outer  *plReader
	binds  map[string]int // how often each scalar is assigned or changed
	consts map[string]*plBind
	forks  []int
	waits  []int
	ends   []int          // for each token, where its statement ends
	starts []int          // for each token, where its statement starts
	parent []int          // for each token, the bracket around it
	lists  map[*tok][]int // for each token slice, where a list operator's arguments end
}

type plBind struct {
	r      *plReader
	lo, hi int
	state  uint8
	v      value
}

func newPlReader(s *sink, e emitter, code string, nest int, outer *plReader) *plReader {
	plCallsOnce.Do(initPlCalls)
	s.spend(len(code) / 8)
	t := plLex(code, 0, len(code), nest)
	r := &plReader{e: e, s: s, code: code, t: t, nest: nest, outer: outer,
		binds: map[string]int{}, consts: map[string]*plBind{}, lists: map[*tok][]int{}}
	r.ends = nextStops(t, func(i int) bool { return t[i].op(";") })
	r.starts = stmtStarts(t, func(i int) bool { return t[i].op(";") })
	r.parent = parents(t)
	r.declare()
	return r
}

func (r *plReader) run() {
	r.scan(r.t)
	r.loops()
}

// stmtEnd is the index of the ";" or unopened closer that ends the
// statement token i is in.
func (r *plReader) stmtEnd(i int) int { return r.ends[min(i, len(r.t))] }

// listEnds gives where the arguments of a list operator at each index of t
// end: at the end of the statement, a closer, or a low-precedence operator.
func (r *plReader) listEnds(t []tok) []int {
	if len(t) == 0 {
		return []int{0}
	}
	if e, ok := r.lists[&t[0]]; ok {
		return e
	}
	e := nextStops(t, func(i int) bool {
		k := &t[i]
		return k.op(";") || k.kind == tkName && plLowPrec.Get()[k.text] ||
			k.kind == tkOp && (k.text == "||" || k.text == "&&" || k.text == "//" || k.text == "?" || k.text == ":")
	})
	r.lists[&t[0]] = e
	return e
}

var plDecl = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"my": true, "our": true, "local": true, "state": true}
}}

// declare counts the assignments and changes of each scalar, and keeps the
// expression of those assigned once.
func (r *plReader) declare() {
	t := r.t
	// bump marks the variables in [lo, hi), outside nested brackets, as
	// changed.
	bump := func(lo, hi int) {
		for k := lo; k < hi && k < len(t); k++ {
			if t[k].kind == tkVar {
				r.binds[plVarKey(t[k].text)] += 2
			}
			if isOpener(&t[k]) {
				k = closeOf(t, k)
			}
		}
	}
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
		switch {
		case tk.kind == tkName && (tk.text == "chomp" || tk.text == "chop" || tk.text == "read" || tk.text == "sysread" ||
			tk.text == "recv" || tk.text == "undef" || tk.text == "local"):
			if next != nil && next.op("(") {
				bump(i+2, closeOf(t, i+1))
			} else {
				bump(i+1, i+2)
			}
		case tk.op("(") && prev != nil && prev.kind == tkName && plDecl.Get()[prev.text]:
			bump(i+1, closeOf(t, i))
		}
		if tk.kind != tkVar || !strings.HasPrefix(tk.text, "$") {
			continue
		}
		name := plVarKey(tk.text)
		decl := prev != nil && prev.kind == tkName && plDecl.Get()[prev.text]
		start := prev == nil || prev.op(";") || prev.op("{") || prev.op("}") || decl
		switch {
		case next != nil && next.op("="):
			if start && r.binds[name] == 0 {
				r.consts[name] = &plBind{r: r, lo: i + 2, hi: r.stmtEnd(i + 2)}
				r.binds[name]++
			} else {
				r.binds[name] += 2
			}
		case next != nil && next.kind == tkOp && plAssignOp(next.text):
			r.binds[name] += 2
		case next != nil && next.op("=~") && i+2 < len(t) && t[i+2].kind == tkRegex && !strings.HasPrefix(t[i+2].text, "m") &&
			!strings.HasPrefix(t[i+2].text, "/") && !strings.HasPrefix(t[i+2].text, "qr"):
			r.binds[name] += 2
		}
		if prev != nil && (prev.op("++") || prev.op("--") || prev.op("\\") || prev.name("for") || prev.name("foreach")) ||
			decl && i >= 2 && (t[i-2].name("for") || t[i-2].name("foreach")) {
			r.binds[name] += 2
		}
	}
}

// plVarKey is the name a scalar is known by: ${name} is $name.
func plVarKey(text string) string {
	if strings.HasPrefix(text, "${") && strings.HasSuffix(text, "}") {
		return "$" + strings.TrimSpace(text[2:len(text)-1])
	}
	return text
}

func plAssignOp(op string) bool {
	switch op {
	case "==", "!=", "<=", ">=", "=>", "=~", "=":
		return false
	case "++", "--":
		return true
	}
	return strings.HasSuffix(op, "=")
}

func (r *plReader) lookup(name string) (value, bool) {
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

// plNorm gives the one name the reader knows a function by.
func plNorm(name string) string {
	for _, p := range []string{"CORE::GLOBAL::", "CORE::", "File::Path::", "File::Copy::", "IPC::Open2::", "IPC::Open3::", "POSIX::", "main::", "::"} {
		name = strings.TrimPrefix(name, p)
	}
	return name
}

// scan visits every token that runs or touches something, in order.
func (r *plReader) scan(t []tok) {
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
				if strings.HasPrefix(tk.text, "qx") {
					call = "qx"
				} else if strings.HasPrefix(tk.text, "<<") {
					call = "<<`heredoc`"
				}
				r.e.shell(tk.pos, call, r.strVal(tk).word())
			}
		case tkName:
			if i > 0 && (t[i-1].op("->") || t[i-1].name("sub")) || plHashKey(t, i) {
				continue
			}
			if i+1 < len(t) && t[i+1].op("=>") {
				continue
			}
			if h := plCalls[plNorm(tk.text)]; h != nil {
				h(&plCall{r: r, t: t, i: i, pos: tk.pos, name: tk.text})
			}
		}
	}
}

// plHashKey reports whether the name at i is a hash subscript's key:
// $h{system}, $h->{exec}, $a[0]{fork}.
func plHashKey(t []tok, i int) bool {
	if i < 2 || i+1 >= len(t) || !t[i-1].op("{") || !t[i+1].op("}") || t[i-1].sp {
		return false
	}
	p := &t[i-2]
	return p.kind == tkVar || p.op("->") || p.op("]") || p.op("}")
}

// plCall is a call of a perl function at token i of t.
type plCall struct {
	r     *plReader
	t     []tok
	i     int
	pos   int
	name  string
	args  []span
	block span // system { PROG } LIST: the block
	paren bool
	read  bool
}

// modeWrites says whether an open's mode, its second argument, writes to
// the command it runs: "|-".
func (c *plCall) modeWrites() bool {
	if len(c.args) < 2 {
		return false
	}
	m := c.eval(c.args[1])
	return m.known() && strings.HasPrefix(strings.TrimSpace(m.w.Value), "|")
}

var plLowPrec = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"or": true, "and": true, "xor": true, "if": true, "unless": true, "while": true,
		"until": true, "for": true, "foreach": true}
}}

// parse finds the call's arguments: in its parentheses, or as a list
// operator's, up to the end of the statement or a low-precedence operator.
func (c *plCall) parse() {
	if c.read {
		return
	}
	c.read = true
	t := c.t
	j := c.i + 1
	var lo, hi int
	if j < len(t) && t[j].op("(") {
		c.paren = true
		lo, hi = j+1, closeOf(t, j)
	} else {
		lo = j
		hi = c.r.listEnds(t)[min(j, len(t))]
	}
	if lo < hi && t[lo].op("{") && (c.name == "system" || c.name == "exec" || plNorm(c.name) == "system" || plNorm(c.name) == "exec") {
		e := closeOf(t, lo)
		c.block = span{lo + 1, min(e, hi)}
		lo = e + 1
	}
	c.args = plSplit(t, lo, hi)
}

// plUnary are the named operators that take one argument, and the
// declarators: they do not take the rest of a list.
var plUnary = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"my": true, "our": true, "local": true, "state": true, "defined": true, "ref": true,
		"scalar": true, "lc": true, "uc": true, "lcfirst": true, "ucfirst": true, "length": true, "chr": true, "ord": true,
		"hex": true, "oct": true, "abs": true, "int": true, "sqrt": true, "log": true, "exp": true, "sin": true, "cos": true,
		"rand": true, "srand": true, "exists": true, "delete": true, "each": true, "keys": true, "values": true,
		"shift": true, "pop": true, "chdir": true, "rmdir": true, "readlink": true, "require": true, "undef": true,
		"quotemeta": true, "fc": true, "lock": true, "exit": true, "umask": true, "sleep": true, "alarm": true,
		"caller": true, "localtime": true, "gmtime": true, "stat": true, "lstat": true, "not": true, "x": true,
		"lt": true, "gt": true, "le": true, "ge": true, "eq": true, "ne": true, "cmp": true}
}}

// plSplit splits a list operator's arguments at commas; a list operator
// among them (a name followed by a term, as in system "a", foo "b", "c")
// takes all that follows as its own, so it ends the split.
func plSplit(t []tok, lo, hi int) []span {
	var out []span
	start := lo
	for i := lo; i < hi; i++ {
		k := &t[i]
		switch {
		case isOpener(k):
			i = closeOf(t, i)
			continue
		case k.op(",") || k.op("=>"):
			if i > start {
				out = append(out, span{start, i})
			}
			start = i + 1
			continue
		case k.kind == tkName && !plUnary.Get()[k.text] && i+1 < hi && !t[i+1].op("(") && !t[i+1].op("=>") && !t[i+1].op(",") && !t[i+1].op("->") &&
			(t[i+1].kind != tkOp || t[i+1].op("\\")):
			i = hi
		}
	}
	if hi > start && start < len(t) {
		out = append(out, span{start, min(hi, len(t))})
	}
	return out
}

// main reports whether the call is in the reader's own tokens (not in
// code inside a string), whose loops the reader looks at.
func (c *plCall) main() bool {
	return len(c.t) == len(c.r.t) && len(c.t) > 0 && &c.t[0] == &c.r.t[0]
}

func (c *plCall) eval(s span) value {
	sub := *c.r
	sub.t = c.t
	return sub.eval(s.lo, s.hi)
}

// values is the call's arguments as a flat list, as perl passes them.
func (c *plCall) values(from int) []value {
	c.parse()
	var out []value
	for k := from; k < len(c.args); k++ {
		v := c.eval(c.args[k])
		if v.k == vList {
			out = append(out, v.items...)
			if v.more {
				out = append(out, dynV())
			}
			continue
		}
		out = append(out, v)
	}
	return out
}

func wordsOf(vs []value) []Word {
	var out []Word
	for _, v := range vs {
		out = append(out, v.words()...)
	}
	return out
}

// eval computes the value of the perl expression in tokens [lo, hi): a
// list when it has commas.
func (r *plReader) eval(lo, hi int) value {
	defer r.s.leave()
	if !r.s.enter() || lo >= hi {
		return dynV()
	}
	if k := &r.t[lo]; k.kind == tkName && k.text != "join" && k.text != "glob" && !plUnary.Get()[k.text] && lo+1 < hi &&
		!r.t[lo+1].op("(") && !r.t[lo+1].op("=>") && !r.t[lo+1].op(",") && !r.t[lo+1].op("->") {
		return dynV() // a list operator's call: it takes the whole list as its arguments
	}
	pieces := splitTop(r.t, lo, hi, func(k *tok) bool { return k.op(",") || k.op("=>") })
	if len(pieces) == 1 {
		return r.expr(pieces[0].lo, pieces[0].hi)
	}
	var items []value
	more := false
	for _, p := range pieces {
		v := r.expr(p.lo, p.hi)
		if v.k == vList {
			items = append(items, v.items...)
			more = more || v.more
			continue
		}
		items = append(items, v)
	}
	return value{k: vList, items: items, more: more}
}

// expr computes a concatenation of terms.
func (r *plReader) expr(lo, hi int) value {
	v, j := r.term(lo, hi)
	for j < hi {
		if !r.s.spend(1) || !r.t[j].op(".") {
			return dynV()
		}
		w, k := r.term(j+1, hi)
		v = r.s.concat(v, w)
		j = k
	}
	return v
}

func (r *plReader) term(lo, hi int) (value, int) {
	if lo >= hi {
		return dynV(), hi
	}
	t := r.t
	k := &t[lo]
	switch k.kind {
	case tkStr:
		if k.words {
			var items []value
			for _, p := range k.parts {
				items = append(items, strV(p.lit))
			}
			return listV(items), lo + 1
		}
		return r.strVal(k), lo + 1
	case tkNum:
		return numV(k.text), lo + 1
	case tkVar:
		j := lo + 1
		for j < hi && (t[j].op("[") || t[j].op("{") || t[j].op("->")) {
			if t[j].op("->") {
				j++
				continue
			}
			return dynV(), min(closeOf(t, j)+1, hi)
		}
		if strings.HasPrefix(k.text, "@") {
			return value{k: vList, more: true}, j
		}
		if v, ok := r.lookup(plVarKey(k.text)); ok {
			return v, j
		}
		return dynV(), j
	case tkOp:
		switch k.text {
		case "-":
			if lo+1 < hi {
				switch n := &t[lo+1]; n.kind {
				case tkNum:
					return numV("-" + n.text), lo + 2
				case tkName:
					return strV("-" + n.text), lo + 2
				case tkStr:
					return r.s.concat(strV("-"), r.strVal(n)), lo + 2
				}
			}
		case "!":
			v, j := r.term(lo+1, hi)
			if b, ok := plTruth(v); ok {
				return boolV(!b), j
			}
			return dynV(), j
		case "(":
			c := closeOf(t, lo)
			if c >= hi {
				return dynV(), hi
			}
			if c == lo+1 {
				return listV(nil), c + 1
			}
			return r.eval(lo+1, c), c + 1
		case "[":
			c := closeOf(t, lo)
			if c >= hi {
				return dynV(), hi
			}
			v := r.eval(lo+1, c)
			if v.k != vList {
				v = listV([]value{v})
			}
			return v, c + 1
		}
	case tkName:
		if lo+1 < len(t) && t[lo+1].op("=>") {
			return strV(k.text), lo + 1
		}
		if k.text == "join" {
			c := &plCall{r: r, t: t, i: lo, name: "join"}
			c.parse()
			end := hi
			if c.paren {
				end = closeOf(t, lo+1) + 1
			}
			vals := c.values(1)
			if len(c.args) == 0 {
				return dynV(), end
			}
			return r.s.joinV(c.eval(c.args[0]), listV(vals)), end
		}
		if k.text == "glob" {
			// glob "/etc/*": the paths matching the pattern; unlink
			// glob … deletes each of them.
			c := &plCall{r: r, t: t, i: lo, name: "glob"}
			c.parse()
			end := hi
			if c.paren {
				end = closeOf(t, lo+1) + 1
			}
			if len(c.args) == 0 {
				return dynV(), end
			}
			v := c.eval(c.args[0])
			if v.k != vStr {
				return dynV(), end
			}
			v.w.Glob = true
			return v, end
		}
		if lo+1 < hi && t[lo+1].op("(") {
			return dynV(), min(closeOf(t, lo+1)+1, hi)
		}
	}
	return dynV(), hi
}

// strVal is the value of a string literal, its simple interpolated
// scalars looked up among the constants.
func (r *plReader) strVal(k *tok) value {
	v := strV("")
	for _, p := range k.parts {
		switch {
		case p.name != "":
			c, ok := r.lookup(p.name)
			if !ok || c.k == vList {
				c = dynV()
			}
			v = r.s.concat(v, c)
		case p.dyn:
			v = r.s.concat(v, dynV())
		default:
			v = r.s.concat(v, strV(p.lit))
		}
	}
	if k.words {
		return dynV()
	}
	return v
}

// plTruth is perl's truth of a value known at read time.
func plTruth(v value) (bool, bool) {
	switch {
	case v.k == vBool:
		return v.truth, true
	case v.k == vNum && !v.w.Dynamic:
		if n, ok := intOf(v); ok {
			return n != 0, true
		}
		return truth(v)
	case v.k == vStr && !v.w.Dynamic:
		return v.w.Value != "" && v.w.Value != "0", true
	}
	return false, false
}

// plCalls maps the perl functions the reader knows to what they do.
var plCalls map[string]func(c *plCall)

// plCallsOnce builds plCalls when the first perl is read, not at every
// start of belay.
var plCallsOnce sync.Once

func initPlCalls() {
	run := func(c *plCall) {
		c.parse()
		if c.block.hi > c.block.lo {
			prog := c.eval(c.block)
			list := wordsOf(c.values(0))
			argv := []Word{prog.word()}
			if len(list) > 1 {
				argv = append(argv, list[1:]...)
			}
			c.r.e.argv(c.pos, c.name, argv)
			return
		}
		vals := c.values(0)
		switch {
		case len(c.args) == 0:
		case len(c.args) == 1 && len(vals) == 1 && c.eval(c.args[0]).k != vList:
			c.r.e.shell(c.pos, c.name, vals[0].word())
		default:
			c.r.e.argv(c.pos, c.name, wordsOf(vals))
		}
	}
	shell := func(c *plCall) {
		c.parse()
		v := dynV()
		if len(c.args) > 0 {
			v = c.eval(c.args[0])
		}
		c.r.e.shell(c.pos, c.name, v.word())
	}
	// What the code writes into a shell it opened (open F, "| sh";
	// open2 …, "bash") is code belay cannot see: the prints to the
	// handle are not followed.
	intoShell := func(c *plCall, cmd Word) {
		if f := strings.Fields(cmd.Value); !cmd.Dynamic && len(f) > 0 && shells.Get()[path.Base(f[0])] {
			c.r.e.dynamic(c.pos, "code "+c.name+" writes into "+f[0])
		}
	}
	openPipe := func(skip int) func(c *plCall) {
		return func(c *plCall) {
			vals := c.values(skip)
			switch {
			case len(c.args) == skip+1 && len(vals) == 1:
				c.r.e.shell(c.pos, c.name, vals[0].word())
				if c.name != "open" || c.modeWrites() {
					intoShell(c, vals[0].word())
				}
			case len(vals) > 0:
				c.r.e.argv(c.pos, c.name, wordsOf(vals))
				if c.name != "open" || c.modeWrites() {
					intoShell(c, vals[0].word())
				}
			}
		}
	}
	each := func(eff string, from int, recurse bool) func(c *plCall) {
		return func(c *plCall) {
			c.parse()
			if len(c.args) <= from {
				if from == 0 {
					// unlink; rmdir: $_
					c.r.e.effect(c.pos, c.name, eff, Word{Dynamic: true}, recurse)
				}
				return
			}
			for k := from; k < len(c.args); k++ {
				a := c.args[k]
				if c.t[a.lo].op("{") {
					continue // rmtree's options
				}
				for _, w := range c.eval(a).words() {
					c.r.e.effect(c.pos, c.name, eff, w, recurse)
				}
			}
		}
	}
	rename := func(c *plCall) {
		vals := c.values(0)
		from, to := Word{Dynamic: true}, Word{Dynamic: true}
		if len(vals) > 0 {
			from = vals[0].word()
		}
		if len(vals) > 1 {
			to = vals[1].word()
		}
		c.r.e.rename(c.pos, c.name, from, to)
	}
	copyTo := func(c *plCall) {
		vals := c.values(0)
		to := Word{Dynamic: true}
		if len(vals) > 1 {
			to = vals[1].word()
		}
		c.r.e.effect(c.pos, c.name, "write", to, false)
	}
	open := func(c *plCall) {
		c.parse()
		switch len(c.args) {
		case 0, 1:
			return
		case 2:
			m := c.eval(c.args[1])
			if m.k != vStr {
				c.r.e.dynamic(c.pos, "open with a mode computed at run time")
				return
			}
			s := strings.TrimSpace(m.w.Value)
			switch {
			case s == "" && m.w.Dynamic:
				c.r.e.dynamic(c.pos, "open with a mode computed at run time")
			case s == "-|" || s == "|-":
			case strings.HasPrefix(s, "|"):
				c.r.e.shell(c.pos, c.name, Word{Value: strings.TrimSpace(s[1:]), Dynamic: m.w.Dynamic})
				intoShell(c, Word{Value: strings.TrimSpace(s[1:]), Dynamic: m.w.Dynamic})
			case strings.HasSuffix(s, "|"):
				c.r.e.shell(c.pos, c.name, Word{Value: strings.TrimSpace(s[:len(s)-1]), Dynamic: m.w.Dynamic})
			default:
				if mode, path := plWriteMode(s); mode {
					c.r.e.effect(c.pos, c.name, "write", Word{Value: strings.TrimSpace(path), Dynamic: m.w.Dynamic}, false)
				}
			}
		default:
			m := c.eval(c.args[1])
			if !m.known() {
				c.r.e.dynamic(c.pos, "open with a mode computed at run time")
				return
			}
			mode := strings.TrimSpace(m.w.Value)
			if k := strings.IndexByte(mode, ':'); k >= 0 {
				mode = strings.TrimSpace(mode[:k])
			}
			switch mode {
			case "-|", "|-":
				openPipe(2)(c)
			case ">", ">>", "+<", "+>", "+>>":
				if c.t[c.args[2].lo].op("\\") {
					return // a string in memory
				}
				c.r.e.effect(c.pos, c.name, "write", c.eval(c.args[2]).word(), false)
			case "<", "":
			default:
				c.r.e.dynamic(c.pos, "open with a mode belay does not know")
			}
		}
	}
	sysopen := func(c *plCall) {
		c.parse()
		if len(c.args) < 3 {
			return
		}
		f := c.args[2]
		write := false
		if n, ok := intOf(c.eval(f)); ok {
			write = n&(1|2|0o100|0o1000|0o2000) != 0
		} else {
			any := false
			for k := f.lo; k < f.hi; k++ {
				if c.t[k].kind == tkName {
					any = true
					switch c.t[k].text {
					case "O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND":
						write = true
					}
				}
			}
			write = write || !any
		}
		if write {
			c.r.e.effect(c.pos, c.name, "write", c.eval(c.args[1]).word(), false)
		}
	}
	kill := func(c *plCall) {
		c.parse()
		if len(c.args) == 0 {
			return
		}
		sig := c.eval(c.args[0])
		for _, p := range c.values(1) {
			if w, ok := killTarget(sig, p); ok {
				c.r.e.kill(c.pos, c.name, w)
			}
		}
	}
	plCalls = map[string]func(c *plCall){
		"system": run, "exec": run,
		"readpipe": shell,
		"open2":    openPipe(2), "open3": openPipe(3),
		"open":    open,
		"sysopen": sysopen,
		"unlink":  each("delete", 0, false), "rmdir": each("delete", 0, false),
		"rmtree": each("delete", 0, true), "remove_tree": each("delete", 0, true),
		"chmod": each("chmod", 1, false), "chown": each("chown", 2, false),
		"rename": rename, "move": rename, "mv": rename,
		"copy": copyTo, "cp": copyTo,
		"truncate": func(c *plCall) {
			c.parse()
			if len(c.args) > 0 {
				if v := c.eval(c.args[0]); v.k == vStr {
					c.r.e.effect(c.pos, c.name, "write", v.word(), false)
				}
			}
		},
		"kill": kill,
		"syscall": func(c *plCall) {
			c.parse()
			if len(c.args) == 0 {
				return
			}
			a := c.args[0]
			n, ok := intOf(c.eval(a))
			named := false
			for k := a.lo; k < a.hi; k++ {
				if strings.Contains(c.t[k].text, "SYS_reboot") {
					named = true
				}
			}
			switch {
			case named || ok && rebootSyscalls.Get()[n]:
				c.r.e.power(c.pos, c.name)
			case !ok:
				c.r.e.dynamic(c.pos, "syscall with a number computed at run time")
			}
		},
		"fork": func(c *plCall) {
			if c.main() {
				c.r.forks = append(c.r.forks, c.i)
			}
		},
		"wait": func(c *plCall) {
			if c.main() {
				c.r.waits = append(c.r.waits, c.i)
			}
		},
		"waitpid": func(c *plCall) {
			if c.main() {
				c.r.waits = append(c.r.waits, c.i)
			}
		},
		"eval": func(c *plCall) {
			if c.i+1 < len(c.t) && c.t[c.i+1].op("{") {
				return
			}
			c.parse()
			if len(c.args) == 0 {
				c.r.e.dynamic(c.pos, "eval of $_, computed at run time")
				return
			}
			v := c.eval(c.args[0])
			if !v.known() || v.k != vStr {
				c.r.e.dynamic(c.pos, "eval of code computed at run time")
				return
			}
			body := -1
			if a := c.args[0]; a.hi-a.lo == 1 && c.t[a.lo].kind == tkStr {
				body = c.t[a.lo].body
			}
			c.r.evalCode(v.w.Value, body, c.pos)
		},
		"do": func(c *plCall) {
			if c.i+1 < len(c.t) && (c.t[c.i+1].kind == tkStr || c.t[c.i+1].kind == tkVar) {
				c.r.e.dynamic(c.pos, "do FILE runs perl code from a file")
			}
		},
	}
}

// plWriteMode reads the mode at the start of a 2-argument open's string.
func plWriteMode(s string) (bool, string) {
	for _, m := range []string{"+>>", "+>", "+<", ">>", ">"} {
		if strings.HasPrefix(s, m) {
			rest := s[len(m):]
			if strings.HasPrefix(rest, "&") {
				return false, "" // a duplicated handle
			}
			return true, rest
		}
	}
	return false, ""
}

// evalCode reads code that the code evals.
func (r *plReader) evalCode(code string, body, pos int) {
	if r.nest+1 >= maxNest {
		r.e.dynamic(pos, "eval nested too deep to read")
		return
	}
	child := newPlReader(r.s, r.e.inner(body, pos), code, r.nest+1, r)
	child.run()
}

// loops finds loops that fork without end: while/until with a condition
// that is always true (or forks itself), for(;;), for over a huge range,
// statement modifiers (fork while 1; 1 while fork), do {…} while, and a
// bare block that forks and redoes.
func (r *plReader) loops() {
	t := r.t
	if len(r.forks) == 0 {
		return
	}
	for i := 0; i < len(t); i++ {
		if !r.s.spend(1) {
			return
		}
		if t[i].kind != tkName {
			continue
		}
		kw := t[i].text
		switch kw {
		case "while", "until", "for", "foreach":
		case "redo":
			if k := r.parent[i]; k >= 0 && t[k].op("{") {
				r.bomb(k, closeOf(t, k), false)
			}
			continue
		default:
			continue
		}
		var prev *tok
		if i > 0 {
			prev = &t[i-1]
		}
		// do { … } while COND
		if prev != nil && prev.op("}") && prev.match > 0 && t[prev.match-1].name("do") {
			end := r.stmtEnd(i + 1)
			if r.endless(kw, i+1, end) {
				r.bomb(prev.match, end, false)
			}
			continue
		}
		start := prev == nil || prev.op(";") || prev.op("{") || prev.op("}") || prev.op(":")
		if start {
			j := i + 1
			for j < len(t) && (t[j].kind == tkVar || t[j].name("my") || t[j].name("our") || t[j].name("state")) {
				j++
			}
			if j >= len(t) || !t[j].op("(") {
				continue
			}
			c := closeOf(t, j)
			if c+1 >= len(t) || !t[c+1].op("{") {
				continue
			}
			body := closeOf(t, c+1)
			cond := span{j + 1, c}
			if kw == "for" || kw == "foreach" {
				semis := 0
				first := -1
				for k := j + 1; k < c; k++ {
					if t[k].op(";") {
						semis++
						if first < 0 {
							first = k
						} else if semis == 2 {
							cond = span{first + 1, k}
						}
					}
					if isOpener(&t[k]) {
						k = closeOf(t, k)
					}
				}
				if semis >= 2 {
					kw = "while"
				}
			}
			if r.endless(kw, cond.lo, cond.hi) {
				r.bomb(i, body, false)
			}
			continue
		}
		// STATEMENT while COND: from the statement's start.
		end := r.stmtEnd(i + 1)
		if r.endless(kw, i+1, end) {
			r.bomb(r.starts[i], end, false)
		}
	}
}

// endless reports whether a loop with keyword kw and condition (or list)
// in tokens [lo, hi) never ends, or runs often enough that forking in it
// is a fork bomb.
func (r *plReader) endless(kw string, lo, hi int) bool {
	switch kw {
	case "while", "until":
		if inRange(r.forks, lo, hi) {
			return true
		}
		if lo >= hi {
			return kw == "while"
		}
		if hi-lo > 8 {
			return false // a condition always true is short: 1, (1), !0, "x"
		}
		b, ok := plTruth(r.eval(lo, hi))
		return ok && b == (kw == "while")
	}
	// for LIST: a range A..B
	t := r.t
	if lo < hi && t[lo].op("(") && closeOf(t, lo) == hi-1 {
		lo, hi = lo+1, hi-1
	}
	if hi-lo == 3 && t[lo+1].op("..") {
		a, ok1 := intOf(r.eval(lo, lo+1))
		b, ok2 := intOf(r.eval(lo+2, lo+3))
		return ok1 && ok2 && b-a+1 >= bigLoop
	}
	return false
}

// bomb reports a fork bomb if a fork lies in [lo, hi) and no wait does.
func (r *plReader) bomb(lo, hi int, _ bool) {
	if inRange(r.forks, lo, hi) && !inRange(r.waits, lo, hi) {
		r.e.forkBomb(r.t[lo].pos, "fork")
	}
}

// maxWritten bounds the texts Written returns.
const maxWritten = 256

// Written returns the text that code in lang may write into the files it
// edits in place (perl -i -pe CODE FILE): its string literals and the
// replacements of its substitutions, escapes decoded, each a Word,
// dynamic where it interpolates what is not known (a variable, $1), with
// only its literal text in Value. Only Perl is read; other languages,
// code past MaxCode and an internal error give nil.
func Written(lang Lang, code string) (out []Word) {
	if lang != Perl || len(code) > MaxCode {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	word := func(ps []part) Word {
		var w Word
		var b strings.Builder
		for _, p := range ps {
			if p.name != "" || p.dyn {
				w.Dynamic = true
				continue
			}
			b.WriteString(p.lit)
		}
		w.Value = b.String()
		return w
	}
	for _, t := range plLex(code, 0, len(code), 0) {
		if len(out) >= maxWritten {
			break
		}
		switch {
		case t.kind == tkStr && !t.words:
			out = append(out, word(t.parts))
		case t.kind == tkRegex && len(t.repl) > 0:
			out = append(out, word(t.repl))
		}
	}
	return out
}
