package inline

import (
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/lazy"
)

// readAwk reads an awk program (POSIX awk, gawk, mawk, busybox): system(),
// print and printf into a pipe or a file, "cmd" | getline, and @include.
// Strings are concatenated as awk does, by juxtaposition; a variable
// assigned once to a literal stands for it.
func readAwk(code string) []Finding {
	s := newSink(len(code))
	t := awkLex(code)
	r := &awkReader{e: rootEmitter(s, len(code)), s: s, code: code, t: t,
		binds: map[string]int{}, consts: map[string]*awkBind{}}
	r.ends = nextStops(t, func(i int) bool { return t[i].kind == tkNL || t[i].op(";") })
	r.exprs = nextStops(t, func(i int) bool { return t[i].kind == tkNL || t[i].op(";") || t[i].op(",") })
	r.declare()
	r.scan()
	return s.out
}

// awkLex turns an awk program into tokens: names, numbers, "strings" with
// escapes decoded, /regexes/ (where a term is expected), operators and
// newlines. Comments and backslash-newlines are dropped.
func awkLex(src string) []tok {
	toks := make([]tok, 0, len(src)/4+4)
	depth := 0
	sp := true
	term := func() bool {
		if len(toks) == 0 {
			return true
		}
		p := &toks[len(toks)-1]
		switch p.kind {
		case tkNum, tkStr, tkRegex:
			return false
		case tkName:
			return awkTermAfter.Get()[p.text]
		case tkOp:
			return p.text != ")" && p.text != "]" && p.text != "$" && p.text != "++" && p.text != "--"
		}
		return true
	}
	add := func(t tok) {
		t.sp = sp
		sp = false
		if t.kind != tkStr {
			t.body = -1
		}
		toks = append(toks, t)
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 && len(toks) > 0 && toks[len(toks)-1].kind != tkNL {
				add(tok{kind: tkNL, pos: i, text: "\n"})
			}
			i++
			sp = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			sp = true
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			i += 2
			if i < len(src) && src[i-1] == '\r' && src[i] == '\n' {
				i++
			}
			sp = true
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case isIdentStart(c) && c < utf8.RuneSelf || c == '@' && i+1 < len(src) && isAlpha(src[i+1]):
			j := i + 1
			for j < len(src) && isIdentChar(src[j]) && src[j] < utf8.RuneSelf {
				j++
			}
			add(tok{kind: tkName, pos: i, text: src[i:j]})
			i = j
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			j := i
			for j < len(src) && (isIdentChar(src[j]) && src[j] < utf8.RuneSelf || src[j] == '.') {
				if (src[j] == 'e' || src[j] == 'E') && j+1 < len(src) && (src[j+1] == '+' || src[j+1] == '-') {
					j++
				}
				j++
			}
			add(tok{kind: tkNum, pos: i, text: src[i:j]})
			i = j
		case c == '"':
			j, val, verbatim := awkString(src, i+1)
			t := tok{kind: tkStr, pos: i, text: src[i:j], parts: []part{{lit: val}}, body: -1}
			if verbatim {
				t.body = i + 1
			}
			add(t)
			i = j
		case c == '/' && term():
			j := i + 1
			bracket := false
			for j < len(src) && src[j] != '\n' {
				if src[j] == '\\' && j+1 < len(src) {
					j += 2
					continue
				}
				if src[j] == '[' && !bracket {
					bracket = true
					if j+1 < len(src) && src[j+1] == ']' {
						j++
					}
				} else if src[j] == ']' {
					bracket = false
				} else if src[j] == '/' && !bracket {
					break
				}
				j++
			}
			if j < len(src) && src[j] == '/' {
				j++
			}
			add(tok{kind: tkRegex, pos: i, text: src[i:j]})
			i = j
		default:
			n := 1
			for _, o := range awkOps {
				if strings.HasPrefix(src[i:], o) {
					n = len(o)
					break
				}
			}
			if n == 1 {
				_, n = utf8.DecodeRuneInString(src[i:])
				n = max(n, 1)
			}
			switch src[i] {
			case '(', '[':
				depth++
			case ')', ']':
				depth = max(depth-1, 0)
			}
			add(tok{kind: tkOp, pos: i, text: src[i : i+n]})
			i += n
		}
	}
	matchBrackets(toks)
	return toks
}

var awkOps = []string{"**=", "+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "++", "--", "&&", "||",
	">>", "|&", "!~", "**"}

// awkTermAfter are the keywords after which a term (so a /regex/) comes.
var awkTermAfter = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"print": true, "printf": true, "return": true, "in": true, "case": true,
		"if": true, "while": true, "do": true, "else": true, "getline": true}
}}

// awkString decodes a string body from j to its closing quote, and reports
// the index after it and whether the value is the body byte for byte.
func awkString(src string, j int) (int, string, bool) {
	var b strings.Builder
	verbatim := true
	for j < len(src) {
		c := src[j]
		if c == '"' {
			return j + 1, b.String(), verbatim
		}
		if c == '\n' {
			return j, b.String(), verbatim
		}
		if c != '\\' || j+1 >= len(src) {
			b.WriteByte(c)
			j++
			continue
		}
		verbatim = false
		e := src[j+1]
		switch e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'v':
			b.WriteByte(11)
		case '\n':
		case '0', '1', '2', '3', '4', '5', '6', '7':
			k := j + 1
			for k < len(src) && k < j+4 && src[k] >= '0' && src[k] <= '7' {
				k++
			}
			n, _ := strconv.ParseUint(src[j+1:k], 8, 32)
			b.WriteByte(byte(n))
			j = k
			continue
		default:
			b.WriteByte(e)
		}
		j += 2
	}
	return j, b.String(), verbatim
}

// awkReader reads one awk program.
type awkReader struct {
	e      emitter
	s      *sink
	code   string
	t      []tok
	binds  map[string]int
	consts map[string]*awkBind
	ends   []int // for each token, where its statement ends
	exprs  []int // for each token, where the expression it is in ends at its depth (statement end or ",")
}

type awkBind struct {
	lo, hi int
	state  uint8
	v      value
}

var awkBuiltins = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"BEGIN": true, "END": true, "BEGINFILE": true, "ENDFILE": true, "function": true,
		"func": true, "if": true, "else": true, "while": true, "for": true, "do": true, "break": true, "continue": true,
		"next": true, "nextfile": true, "exit": true, "return": true, "delete": true, "in": true, "getline": true,
		"print": true, "printf": true, "system": true, "close": true, "fflush": true, "switch": true, "case": true, "default": true}
}}

// declare counts the assignments of each variable and keeps the expression
// of those assigned once.
func (r *awkReader) declare() {
	t := r.t
	for i := range t {
		if !r.s.spend(1) {
			return
		}
		tk := &t[i]
		if tk.kind != tkName || awkBuiltins.Get()[tk.text] {
			if tk.name("function") || tk.name("func") {
				// Parameters are bound by every call.
				if i+2 < len(t) && t[i+2].op("(") {
					for k := i + 3; k < closeOf(t, i+2); k++ {
						if t[k].kind == tkName {
							r.binds[t[k].text] += 2
						}
						if isOpener(&t[k]) {
							k = closeOf(t, k)
						}
					}
				}
			}
			if tk.name("getline") && i+1 < len(t) && t[i+1].kind == tkName {
				r.binds[t[i+1].text] += 2
			}
			if (tk.name("for")) && i+3 < len(t) && t[i+1].op("(") && t[i+2].kind == tkName && t[i+3].name("in") {
				r.binds[t[i+2].text] += 2
			}
			continue
		}
		var prev, next *tok
		if i > 0 {
			prev = &t[i-1]
		}
		if i+1 < len(t) {
			next = &t[i+1]
		}
		if prev != nil && (prev.op("++") || prev.op("--") || prev.op("$")) {
			if !prev.op("$") {
				r.binds[tk.text] += 2
			}
			continue
		}
		switch {
		case next == nil:
		case next.op("="):
			r.binds[tk.text]++
			if r.binds[tk.text] == 1 {
				r.consts[tk.text] = &awkBind{lo: i + 2, hi: r.exprs[min(i+2, len(t))]}
			}
		case next.kind == tkOp && (plAssignOp(next.text) && next.text != "=") || next.op("["):
			r.binds[tk.text] += 2
		}
		// sub(re, repl, var), gsub, split(s, arr) change their last argument.
		if prev != nil && prev.op(",") && next != nil && next.op(")") {
			if o := next.match; o > 0 && t[o-1].kind == tkName {
				switch t[o-1].text {
				case "sub", "gsub", "split", "patsplit", "match", "asort", "asorti":
					r.binds[tk.text] += 2
				}
			}
		}
	}
}

func (r *awkReader) lookup(name string) (value, bool) {
	if r.binds[name] != 1 {
		return value{}, false
	}
	b := r.consts[name]
	if b == nil {
		return value{}, false
	}
	switch b.state {
	case 1:
		return dynV(), true
	case 0:
		b.state = 1
		b.v = r.eval(b.lo, b.hi)
		b.state = 2
	}
	return b.v, true
}

// eval computes a concatenation of terms in tokens [lo, hi): strings,
// numbers, variables assigned once, parenthesized groups; any other
// operator makes the whole unknown.
func (r *awkReader) eval(lo, hi int) value {
	defer r.s.leave()
	t := r.t
	if !r.s.enter() || lo >= hi {
		return dynV()
	}
	v := strV("")
	for j := lo; j < hi; {
		if !r.s.spend(1) {
			return dynV()
		}
		k := &t[j]
		switch {
		case k.kind == tkStr:
			v = r.s.concat(v, strV(k.parts[0].lit))
			j++
		case k.kind == tkNum:
			v = r.s.concat(v, numV(k.text))
			if hi-lo == 1 {
				return numV(k.text)
			}
			j++
		case k.kind == tkName && !awkBuiltins.Get()[k.text]:
			if j+1 < hi && (t[j+1].op("(") && !t[j+1].sp || t[j+1].op("[")) {
				v = r.s.concat(v, dynV())
				j = closeOf(t, j+1) + 1
				continue
			}
			c, ok := r.lookup(k.text)
			if !ok {
				c = dynV()
			}
			v = r.s.concat(v, c)
			j++
		case k.op("$"):
			v = r.s.concat(v, dynV())
			j++
			if j < hi && t[j].op("(") {
				j = closeOf(t, j) + 1
			} else if j < hi && (t[j].kind == tkName || t[j].kind == tkNum) {
				j++
			}
		case k.op("("):
			c := min(closeOf(t, j), hi)
			v = r.s.concat(v, r.eval(j+1, c))
			j = c + 1
		default:
			return dynV()
		}
	}
	return v
}

// stmtEnd is the index of the newline, ";" or unopened closer that ends
// the statement token i is in.
func (r *awkReader) stmtEnd(i int) int { return r.ends[min(i, len(r.t))] }

// shells are the programs that run what they read as shell commands.
var shells = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "ash": true,
		"mksh": true, "busybox": true}
}}

func (r *awkReader) scan() {
	t := r.t
	for i := 0; i < len(t); i++ {
		if !r.s.spend(1) {
			return
		}
		if t[i].kind != tkName {
			continue
		}
		switch t[i].text {
		case "system":
			if i+1 < len(t) && t[i+1].op("(") {
				c := closeOf(t, i+1)
				r.e.shell(t[i].pos, "system", r.eval(i+2, c).word())
			}
		case "print", "printf":
			r.print(i)
		case "getline":
			if i > 0 && (t[i-1].op("|") || t[i-1].op("|&")) {
				r.getline(i - 1)
			}
		case "@include", "@load":
			r.e.dynamic(t[i].pos, t[i].text+" reads code from a file")
		}
	}
}

// print reads a print or printf statement at i: output into a pipe runs a
// command (and when that command is a shell, what is printed is its
// command line); output into a file writes it.
func (r *awkReader) print(i int) {
	t := r.t
	end := r.stmtEnd(i + 1)
	for k := i + 1; k < end; k++ {
		if isOpener(&t[k]) {
			k = closeOf(t, k)
			continue
		}
		if t[k].name("print") || t[k].name("printf") {
			return // not awk; the next print is read on its own
		}
		if t[k].kind != tkOp {
			continue
		}
		switch t[k].text {
		case ">", ">>":
			r.e.effect(t[i].pos, t[i].text, "write", r.eval(k+1, end).word(), false)
			return
		case "|", "|&":
			cmd := r.eval(k+1, end)
			r.e.shell(t[i].pos, t[i].text, cmd.word())
			if w := cmd.word(); !w.Dynamic && shells.Get()[path.Base(strings.Fields(w.Value + " x")[0])] && t[i].name("print") {
				var parts []string
				dyn := false
				for _, a := range splitTop(t, i+1, k, func(x *tok) bool { return x.op(",") }) {
					v := r.eval(a.lo, a.hi)
					parts = append(parts, v.strWord().Value)
					dyn = dyn || v.strWord().Dynamic
				}
				if len(parts) == 0 {
					parts, dyn = []string{""}, true
				}
				r.e.shell(t[i].pos, "print | "+w.Value, Word{Value: strings.Join(parts, " "), Dynamic: dyn})
			}
			return
		}
	}
}

// getline reads "cmd" | getline: the command is the concatenation just
// before the pipe at p.
func (r *awkReader) getline(p int) {
	t := r.t
	s := p
	for s > 0 {
		k := &t[s-1]
		switch {
		case k.kind == tkStr || k.kind == tkNum:
			s--
		case k.kind == tkName && !awkBuiltins.Get()[k.text]:
			s--
		case k.op(")") || k.op("]"):
			o := k.match
			if o < 0 || o >= s {
				goto done
			}
			s = o
			if s > 0 && t[s-1].kind == tkName && !awkBuiltins.Get()[t[s-1].text] {
				s--
			}
		default:
			goto done
		}
		if s > 0 && t[s-1].op("$") {
			s--
		}
		if !r.s.spend(1) {
			return
		}
	}
done:
	if s >= p {
		r.e.shell(t[p].pos, "getline", Word{Dynamic: true})
		return
	}
	r.e.shell(t[s].pos, "getline", r.eval(s, p).word())
}
