package inline

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// What the readers of python, perl, ruby and awk share: the tokens their
// tokenizers produce, the values their recognizers compute from literals,
// and the sink findings go to, with its work budget.

// maxValue is the longest string a reader builds by folding literals; a
// longer one keeps its first maxValue bytes and becomes dynamic, so that
// doubling a constant again and again cannot use up memory.
const maxValue = 64 << 10

// maxNest bounds how deep a reader follows code inside code: exec of a
// literal, eval "code", s///e, an interpolation inside an interpolation.
// Deeper code is a Dynamic finding.
const maxNest = 6

// maxFindings bounds the findings of one piece of code; past it, one Dynamic
// finding stands for the rest, which are judged at their worst case.
const maxFindings = 512

// tokKind is what a token is.
type tokKind uint8

const (
	tkName  tokKind = iota + 1 // identifier, keyword or bareword
	tkNum                      // number literal
	tkStr                      // string literal (or symbol, or word list); its value in parts
	tkCmd                      // command literal: backticks, qx//, %x(): a shell line
	tkRegex                    // regex or transliteration: its contents are not code
	tkVar                      // a variable with a sigil: $x @x %x @x @@x
	tkOp                       // operator or punctuation
	tkNL                       // a newline that ends a statement
)

// tok is one token of code.
type tok struct {
	kind  tokKind
	words bool   // tkStr: a word list (qw//, %w[]): each part is one word
	sp    bool   // whitespace, a comment or a line start just before it
	ind   int32  // python: indentation of the token's line
	pos   int    // byte offset of its first byte in the code
	text  string // its source text (for a literal, the whole literal), so it ends at pos+len(text)
	parts []part // tkStr, tkCmd: the value in pieces; tkRegex: code it runs (s///e)
	repl  []part // tkRegex s/// without e: the replacement's value in pieces
	body  int    // tkStr: offset of the body in the code when the value is the body byte for byte, else -1
	match int    // ( [ {: index of the matching closer (len when unclosed); closers: the opener's, or -1
}

// end is the byte offset just past the token.
func (t *tok) end() int { return t.pos + len(t.text) }

// part is a piece of a string literal's value.
type part struct {
	lit  string // literal text, escapes decoded
	name string // a simple interpolated variable, looked up among the constants
	dyn  bool   // an interpolated expression whose value is not computed
	sub  []tok  // the code of that expression, read for findings of its own
	note string // code belay does not read, why: a Dynamic finding ("nested too deep to read")
}

func (t *tok) op(text string) bool { return t.kind == tkOp && t.text == text }

func (t *tok) name(text string) bool { return t.kind == tkName && t.text == text }

// matchBrackets pairs ( [ { with their closers. A closer that does not
// close the innermost opener closes the nearest one of its kind, leaving
// the ones above it unclosed (len(toks)); a closer with none gets -1.
func matchBrackets(toks []tok) {
	var stack []int
	for i := range toks {
		t := &toks[i]
		t.match = -1
		if t.kind != tkOp || len(t.text) != 1 {
			continue
		}
		switch t.text[0] {
		case '(', '[', '{':
			stack = append(stack, i)
		case ')', ']', '}':
			open := byte('(')
			switch t.text[0] {
			case ']':
				open = '['
			case '}':
				open = '{'
			}
			for k := len(stack) - 1; k >= 0; k-- {
				if toks[stack[k]].text[0] == open {
					for _, u := range stack[k+1:] {
						toks[u].match = len(toks)
					}
					toks[stack[k]].match = i
					t.match = stack[k]
					stack = stack[:k]
					break
				}
			}
		}
	}
	for _, u := range stack {
		toks[u].match = len(toks)
	}
}

// closeOf is the index of the closer of the opener at i, or len(toks).
func closeOf(toks []tok, i int) int {
	if m := toks[i].match; m > i && m <= len(toks) {
		return m
	}
	return len(toks)
}

// isOpener reports whether t opens a bracket pair.
func isOpener(t *tok) bool {
	return t.kind == tkOp && (t.text == "(" || t.text == "[" || t.text == "{")
}

func isCloser(t *tok) bool {
	return t.kind == tkOp && (t.text == ")" || t.text == "]" || t.text == "}")
}

// nextStops gives, for each token index i, the first index at or after i
// at the same bracket depth whose token stop accepts or that closes an
// enclosing bracket (len(toks) when none): the end of a statement or an
// argument list, found in O(1) after one O(n) pass.
func nextStops(toks []tok, stop func(i int) bool) []int {
	n := len(toks)
	ns := make([]int, n+1)
	ns[n] = n
	for i := n - 1; i >= 0; i-- {
		t := &toks[i]
		switch {
		case stop(i) || isCloser(t):
			ns[i] = i
		case isOpener(t):
			ns[i] = ns[min(closeOf(toks, i)+1, n)]
		default:
			ns[i] = ns[i+1]
		}
	}
	return ns
}

// parents gives, for each token index, the index of the innermost bracket
// that encloses it, or -1.
func parents(toks []tok) []int {
	ps := make([]int, len(toks))
	var stack []int
	for i := range toks {
		t := &toks[i]
		for len(stack) > 0 && closeOf(toks, stack[len(stack)-1]) <= i {
			stack = stack[:len(stack)-1]
		}
		ps[i] = -1
		if len(stack) > 0 {
			ps[i] = stack[len(stack)-1]
		}
		if isOpener(t) {
			stack = append(stack, i)
		}
	}
	return ps
}

// stmtStarts gives, for each token index, the index where its statement
// starts: after the last boundary (boundary accepts it) at the same depth,
// or just inside its bracket.
func stmtStarts(toks []tok, boundary func(i int) bool) []int {
	ss := make([]int, len(toks))
	cur := 0
	var stack []int
	for i := range toks {
		t := &toks[i]
		if isCloser(t) && len(stack) > 0 {
			cur = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		}
		ss[i] = cur
		switch {
		case isOpener(t) && closeOf(toks, i) < len(toks):
			stack = append(stack, cur)
			cur = i + 1
		case boundary(i) || t.op("}"):
			cur = i + 1
		}
	}
	return ss
}

// span is a range of token indexes [lo, hi).
type span struct{ lo, hi int }

// splitTop splits toks[lo:hi] at the tokens sep says are separators,
// skipping bracketed groups. Empty pieces are dropped.
func splitTop(toks []tok, lo, hi int, sep func(*tok) bool) []span {
	var out []span
	start := lo
	for i := lo; i < hi; i++ {
		t := &toks[i]
		if isOpener(t) {
			i = closeOf(toks, i)
			continue
		}
		if sep(t) {
			if i > start {
				out = append(out, span{start, i})
			}
			start = i + 1
		}
	}
	if hi > start && start < len(toks) {
		out = append(out, span{start, min(hi, len(toks))})
	}
	return out
}

// sink collects the findings of one Analyze call, and holds its budget of
// work: every reader loop spends from it, and when it runs out the reading
// stops with a Dynamic finding, so that no input takes more than linear time.
type sink struct {
	out     []Finding
	work    int
	stopped bool
	full    bool
	depth   int // how deep evaluation of nested expressions has gone
}

// maxDepth bounds how deep a reader evaluates nested expressions
// (((((x))))) before it calls the value unknown.
const maxDepth = 200

// enter starts evaluating a nested expression, and reports whether it may.
func (s *sink) enter() bool {
	s.depth++
	return s.depth <= maxDepth && s.spend(1)
}

func (s *sink) leave() { s.depth-- }

func newSink(codeLen int) *sink { return &sink{work: 64*codeLen + 1<<16} }

// spend takes n units of work and reports whether reading may go on.
func (s *sink) spend(n int) bool {
	if s.stopped {
		return false
	}
	s.work -= n
	if s.work < 0 {
		s.stopped = true
		s.out = append(s.out, Finding{Kind: Dynamic, Call: "code too complex to read in time"})
		return false
	}
	return true
}

// emitter adds findings to a sink, mapping positions in the code at hand
// to positions in the code Analyze was given.
type emitter struct {
	s  *sink
	at func(int) int
}

func rootEmitter(s *sink, codeLen int) emitter {
	return emitter{s: s, at: func(p int) int { return max(0, min(p, codeLen-1)) }}
}

// inner is the emitter for code found inside a literal: when the literal's
// body is the code byte for byte (body >= 0) positions map into it,
// otherwise every finding is placed at the call that runs it.
func (e emitter) inner(body, callPos int) emitter {
	return emitter{s: e.s, at: func(p int) int {
		if body >= 0 {
			return e.at(body + p)
		}
		return e.at(callPos)
	}}
}

func (e emitter) add(f Finding) {
	if e.s.full {
		return
	}
	if len(e.s.out) >= maxFindings {
		e.s.full, e.s.stopped = true, true
		e.s.out = append(e.s.out, Finding{Kind: Dynamic, Pos: e.at(f.Pos), Call: callTooManyEach})
		return
	}
	f.Pos = e.at(f.Pos)
	if len(f.Call) > 80 {
		f.Call = f.Call[:77] + "..."
	}
	e.s.out = append(e.s.out, f)
}

func (e emitter) shell(pos int, call string, text Word) {
	e.add(Finding{Kind: ShellLine, Pos: pos, Call: call, Text: text})
}

func (e emitter) argv(pos int, call string, argv []Word) {
	if len(argv) == 0 {
		argv = []Word{{Dynamic: true}}
	}
	e.add(Finding{Kind: Argv, Pos: pos, Call: call, Argv: argv})
}

func (e emitter) effect(pos int, call, effect string, path Word, recurse bool) {
	e.add(Finding{Kind: Effect, Pos: pos, Call: call, Effect: effect, Path: path, Recurse: recurse})
}

func (e emitter) rename(pos int, call string, from, to Word) {
	e.add(Finding{Kind: Effect, Pos: pos, Call: call, Effect: "rename", Path: from, Dest: to})
}

func (e emitter) kill(pos int, call string, target Word) {
	e.add(Finding{Kind: Kill, Pos: pos, Call: call, Target: target})
}

func (e emitter) power(pos int, call string) {
	e.add(Finding{Kind: Power, Pos: pos, Call: call})
}

func (e emitter) forkBomb(pos int, call string) {
	e.add(Finding{Kind: ForkBomb, Pos: pos, Call: call})
}

func (e emitter) dynamic(pos int, what string) {
	e.add(Finding{Kind: Dynamic, Pos: pos, Call: what})
}

// vkind is what a value is.
type vkind uint8

const (
	vDyn  vkind = iota // not known until the code runs
	vStr               // a string; w.Dynamic when parts of it are unknown
	vNum               // a number, as written
	vList              // a list of values
	vRef               // a module, class or function, by qualified name ("os.system")
	vObj               // an object: ref says what ("Path", "libc"), w its path
	vBool              // true or false (truth), or python's None (false)
)

// value is what an expression in the code evaluates to, as far as a reader
// can tell without running it. A string that is only partly known keeps
// its known parts with the unknown ones empty, the worst case a shell word
// gets too: "/srv/" + name reads as "/srv/".
type value struct {
	k     vkind
	w     Word
	items []value
	more  bool   // vList: may hold further items not known
	ref   string // vRef: qualified name; vObj: its kind
	self  *value // vRef of a method: the receiver
	truth bool   // vBool
	note  string // vDyn: why it is unknown, when that is worth a finding
}

func strV(s string) value       { return value{k: vStr, w: Word{Value: s}} }
func dynV() value               { return value{k: vDyn, w: Word{Dynamic: true}} }
func numV(s string) value       { return value{k: vNum, w: Word{Value: s}} }
func refV(ref string) value     { return value{k: vRef, ref: ref} }
func boolV(b bool) value        { return value{k: vBool, truth: b} }
func listV(items []value) value { return value{k: vList, items: items} }

// known reports whether v is a string or number known in full.
func (v value) known() bool { return (v.k == vStr || v.k == vNum) && !v.w.Dynamic }

// word is v as one word: a string or number as it is, anything else dynamic.
func (v value) word() Word {
	switch v.k {
	case vStr, vNum:
		return v.w
	case vObj:
		if v.w.Value != "" || v.w.Dynamic {
			return v.w
		}
	case vDyn:
		return Word{Value: v.w.Value, Dynamic: true}
	}
	return Word{Dynamic: true}
}

// words flattens v into words: a list's items, a single value as one word.
func (v value) words() []Word {
	if v.k != vList {
		return []Word{v.word()}
	}
	var out []Word
	for _, it := range v.items {
		out = append(out, it.words()...)
	}
	if v.more {
		out = append(out, Word{Dynamic: true})
	}
	return out
}

// catWord joins two words as strings are concatenated.
func catWord(a, b Word) Word {
	w := Word{Value: a.Value + b.Value, Dynamic: a.Dynamic || b.Dynamic}
	if len(w.Value) > maxValue {
		w.Value, w.Dynamic = w.Value[:maxValue], true
	}
	return w
}

// concat is a + b where both are strings; anything else makes the result
// a string with that piece unknown.
func (s *sink) concat(a, b value) value {
	s.spend(1 + (len(a.w.Value)+len(b.w.Value))/32)
	return value{k: vStr, w: catWord(a.strWord(), b.strWord())}
}

// strWord is v as a piece of a string.
func (v value) strWord() Word {
	switch v.k {
	case vStr, vNum:
		return v.w
	case vDyn:
		return Word{Value: v.w.Value, Dynamic: true}
	}
	return Word{Dynamic: true}
}

// joinV joins a list's items with sep, as str.join and perl's join do.
func (s *sink) joinV(sep value, list value) value {
	if list.k != vList {
		return value{k: vStr, w: Word{Value: list.strWord().Value, Dynamic: true}}
	}
	acc := strV("")
	for i, it := range list.items {
		if i > 0 {
			acc = s.concat(acc, sep)
		}
		acc = s.concat(acc, it)
	}
	if list.more {
		acc.w.Dynamic = true
	}
	return acc
}

// intOf reads a number literal in the forms the four languages share:
// decimal, 0x, 0o, 0b, a leading 0 for octal (perl, ruby, awk), underscores,
// a sign, and a float that holds an integer ("1e9").
func intOf(v value) (int64, bool) {
	if v.k != vNum && v.k != vStr || v.w.Dynamic {
		return 0, false
	}
	s := strings.ReplaceAll(strings.TrimSpace(v.w.Value), "_", "")
	neg := false
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}
	if s == "" {
		return 0, false
	}
	var n int64
	var err error
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		n, err = strconv.ParseInt(s[2:], 16, 64)
	case len(s) > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O'):
		n, err = strconv.ParseInt(s[2:], 8, 64)
	case len(s) > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B'):
		n, err = strconv.ParseInt(s[2:], 2, 64)
	case len(s) > 1 && s[0] == '0' && strings.Trim(s, "01234567") == "":
		n, err = strconv.ParseInt(s[1:], 8, 64)
	default:
		n, err = strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 1<<62 {
				return 0, false
			}
			n, err = int64(f), nil
		}
	}
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// rebootSyscalls are the numbers of reboot(2) on x86_64 (169), arm64 and
// the other generic-table architectures (142), and i386 (88).
var rebootSyscalls = lazy.Value[map[int64]bool]{Build: func() map[int64]bool {
	return map[int64]bool{169: true, 142: true, 88: true}
}}

// bigLoop is how many iterations of a loop that forks make it a fork bomb:
// each child runs the rest of the loop too, so n iterations make 2^n
// processes.
const bigLoop = 16

// inRange reports whether some index in idx (sorted) lies in [lo, hi).
func inRange(idx []int, lo, hi int) bool {
	a, b := 0, len(idx)
	for a < b {
		m := (a + b) / 2
		if idx[m] < lo {
			a = m + 1
		} else {
			b = m
		}
	}
	return a < len(idx) && idx[a] < hi
}

// firstIn is the position in idx (sorted) of the first index in [lo, hi),
// or -1.
func firstIn(idx []int, lo, hi int) int {
	k := sort.SearchInts(idx, lo)
	if k < len(idx) && idx[k] < hi {
		return k
	}
	return -1
}

// killTarget is the pid a kill call signals, for a signal value sig and a
// pid value p: a negative signal (perl, ruby) signals the process group.
func killTarget(sig, p value) (Word, bool) {
	if n, ok := intOf(sig); ok && n == 0 {
		return Word{}, false // signal 0 only asks whether the process exists
	}
	group := false
	if n, ok := intOf(sig); ok && n < 0 {
		group = true
	} else if sig.k == vStr && strings.HasPrefix(sig.w.Value, "-") {
		group = true
	}
	w := p.word()
	if group && !w.Dynamic && w.Value != "" && !strings.HasPrefix(w.Value, "-") {
		w.Value = "-" + w.Value
	}
	if n, ok := intOf(p); ok && !w.Dynamic {
		if group && n > 0 {
			n = -n
		}
		w.Value = strconv.FormatInt(n, 10)
	}
	return w, true
}
