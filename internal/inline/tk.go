package inline

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// This file holds what the readers of JavaScript, PHP and Lua share: a
// token, a token list with its brackets matched, the splitting of a call's
// arguments, the evaluation of a concatenation of literals into a Word,
// and the collector that bounds the findings and the work.

// tkKind is what a token is.
type tkKind uint8

const (
	ctIdent tkKind = iota + 1 // a name or keyword
	ctStr                     // a string literal; text is its value, decoded
	ctNum                     // a number literal
	ctPunct                   // an operator or bracket
	ctRegex                   // a JS regular expression literal
	ctVar                     // a PHP variable ($name: text is name)
)

// tk is one token of code.
type tk struct {
	kind  tkKind
	text  string // name, punctuation or number as written; a string's decoded value (its literal prefix when dyn)
	pos   int    // byte offset in the code
	end   int    // byte offset just after it
	dyn   bool   // a string with interpolation: text is only its literal prefix
	exact bool   // a string whose value is its source bytes from pos+1 verbatim, so offsets map back
	nl    bool   // a newline comes between this token and the one before
	flag  bool   // JS ")" that closes if/while/for/with ( … ); PHP backticks; Lua long string
}

// tkList is the tokens of some code with their brackets matched.
type tkList struct {
	t     []tk
	match []int32 // for an opening bracket, the index of its closer (len(t) when unclosed); -1 otherwise
}

// isOpen reports whether p opens a bracket: ( [ { and the interpolations
// ${ (JS templates) and {$ (PHP strings).
func isOpen(p string) bool {
	switch p {
	case "(", "[", "{", "${", "{$":
		return true
	}
	return false
}

func isClose(p string) bool { return p == ")" || p == "]" || p == "}" }

// matchBrackets pairs each opening bracket with its closer in one pass.
// A closer of another kind still closes the innermost open bracket: the
// code is wrong, and this keeps the pass linear.
func (l *tkList) matchBrackets() {
	l.match = make([]int32, len(l.t))
	var stack []int32
	for i := range l.t {
		l.match[i] = -1
		if l.t[i].kind != ctPunct {
			continue
		}
		switch p := l.t[i].text; {
		case isOpen(p):
			stack = append(stack, int32(i))
		case isClose(p) && len(stack) > 0:
			l.match[stack[len(stack)-1]] = int32(i)
			stack = stack[:len(stack)-1]
		}
	}
	for _, o := range stack {
		l.match[o] = int32(len(l.t))
	}
}

// is reports whether token i is the punctuation or keyword p.
func (l *tkList) is(i int, p string) bool {
	return i >= 0 && i < len(l.t) && (l.t[i].kind == ctPunct || l.t[i].kind == ctIdent) && l.t[i].text == p
}

// isPunct reports whether token i is the punctuation p.
func (l *tkList) isPunct(i int, p string) bool {
	return i >= 0 && i < len(l.t) && l.t[i].kind == ctPunct && l.t[i].text == p
}

// closer returns the index of the closer of the bracket at i, or i+1 when
// i is not an opening bracket.
func (l *tkList) closer(i int) int {
	if i >= 0 && i < len(l.match) && l.match[i] >= 0 {
		return int(l.match[i])
	}
	return i + 1
}

// skip returns the index after the token or bracketed group at i.
func (l *tkList) skip(i int) int {
	if i >= 0 && i < len(l.match) && l.match[i] >= 0 {
		return int(l.match[i]) + 1
	}
	return i + 1
}

// tkSpan is a half-open range of token indexes.
type tkSpan struct{ lo, hi int }

func (s tkSpan) empty() bool { return s.lo >= s.hi }

// args splits the bracketed group opening at i into its comma-separated
// parts, skipping nested groups. A trailing empty part is dropped.
func (l *tkList) args(i int) []tkSpan {
	end := l.closer(i)
	var out []tkSpan
	lo := i + 1
	for j := i + 1; j < end && j < len(l.t); {
		if l.isPunct(j, ",") {
			out = append(out, tkSpan{lo, j})
			lo = j + 1
			j++
			continue
		}
		j = l.skip(j)
	}
	if hi := min(end, len(l.t)); lo < hi {
		out = append(out, tkSpan{lo, hi})
	}
	return out
}

// arg returns the n-th argument, or an empty span.
func arg(a []tkSpan, n int) tkSpan {
	if n >= 0 && n < len(a) {
		return a[n]
	}
	return tkSpan{}
}

// group reports whether s is exactly one bracketed group opening with p.
func (l *tkList) group(s tkSpan, p string) bool {
	return !s.empty() && l.isPunct(s.lo, p) && l.closer(s.lo) == s.hi-1
}

// findingsCap bounds what one reading returns: each finding is judged like
// a command line, and code with more calls than this is not an everyday
// one-liner.
const findingsCap = 1000

// nestCap bounds recursion: eval of literal code inside eval, nested
// brackets when evaluating a value, Tcl scripts inside scripts.
const nestCap = 8

// collector gathers findings and bounds the work of one reading.
type collector struct {
	f      []Finding
	full   bool
	budget int // token visits left for evaluation; at zero the reading stops
}

func newCollector(n int) *collector { return &collector{budget: 64*n + 4096} }

func (c *collector) add(f Finding) {
	if c.full {
		return
	}
	if len(c.f) >= findingsCap {
		c.full = true
		c.f = append(c.f, Finding{Kind: Dynamic, Pos: f.Pos, Call: callTooMany})
		return
	}
	c.f = append(c.f, f)
}

// spend takes n from the work budget and reports whether any was left.
func (c *collector) spend(n int) bool {
	if c.budget <= 0 {
		return false
	}
	c.budget -= n
	if c.budget <= 0 {
		c.add(Finding{Kind: Dynamic, Call: "code too complex to read"})
		c.full = true
		return false
	}
	return true
}

// maxWordLen bounds a word built from parts (a concatenation, an append,
// Tcl's substitutions): x = x + x doubles at each step. A longer word
// keeps its first maxWordLen bytes and is dynamic.
const maxWordLen = 4096

// capWord cuts a word to maxWordLen.
func capWord(w Word) Word {
	if len(w.Value) > maxWordLen {
		return Word{Value: w.Value[:maxWordLen], Dynamic: true}
	}
	return w
}

// termFunc evaluates the operand starting at token i, and returns its
// value and the index after it; ok is false when it is not a value the
// caller knows (the word is then dynamic).
type termFunc func(i, hi, depth int) (w Word, next int)

// concat evaluates tokens lo..hi as a concatenation with op of operands
// read by term. It stops at the first operand that is dynamic, keeping the
// literal prefix, and at the first token that is neither op nor the end:
// it returns the value so far and that token's index.
func (l *tkList) concat(c *collector, lo, hi int, op string, depth int, term termFunc) (Word, int) {
	var b strings.Builder
	i := lo
	for i < hi {
		if !c.spend(1) {
			return Word{Value: b.String(), Dynamic: true}, hi
		}
		w, next := term(i, hi, depth)
		if b.Len()+len(w.Value) > maxWordLen {
			b.WriteString(w.Value[:maxWordLen-b.Len()])
			return Word{Value: b.String(), Dynamic: true}, next
		}
		b.WriteString(w.Value)
		c.spend(len(w.Value) / 256)
		if w.Dynamic {
			return Word{Value: b.String(), Dynamic: true}, next
		}
		i = next
		if i < hi && l.isPunct(i, op) {
			i++
			continue
		}
		break
	}
	if lo >= hi {
		return Word{Dynamic: true}, hi
	}
	return Word{Value: b.String()}, i
}

// wholeWord evaluates the span as a concatenation and is dynamic unless
// the concatenation covers all of it.
func (l *tkList) wholeWord(c *collector, s tkSpan, op string, term termFunc) Word {
	if s.empty() {
		return Word{Dynamic: true}
	}
	w, next := l.concat(c, s.lo, s.hi, op, 0, term)
	if next < s.hi {
		w.Dynamic = true
	}
	return w
}

// litTerm is the part of a term that every language shares: a string, a
// number (with its sign), a parenthesised concatenation.
func (l *tkList) litTerm(c *collector, i, hi, depth int, op string, term termFunc) (Word, int, bool) {
	t := l.t[i]
	switch {
	case t.kind == ctStr:
		if t.dyn {
			return Word{Value: t.text, Dynamic: true}, l.skipInterp(i + 1), true
		}
		return Word{Value: t.text}, i + 1, true
	case t.kind == ctNum:
		return Word{Value: t.text}, i + 1, true
	case t.kind == ctPunct && t.text == "-" && i+1 < hi && l.t[i+1].kind == ctNum:
		return Word{Value: "-" + l.t[i+1].text}, i + 2, true
	case l.isPunct(i, "(") && depth < nestCap:
		end := l.closer(i)
		w, next := l.concat(c, i+1, min(end, hi), op, depth+1, term)
		if next < end {
			w.Dynamic = true
		}
		return w, min(end+1, hi), true
	}
	return Word{}, i, false
}

// skipInterp skips the interpolation groups that follow a string token.
func (l *tkList) skipInterp(i int) int {
	for i < len(l.t) && (l.isPunct(i, "${") || l.isPunct(i, "{$")) {
		i = l.skip(i)
	}
	return i
}

// nested reads literal code found inside code (eval of a string): its
// findings are placed inside the string when the string is its source
// verbatim, and at the call otherwise.
func nested(c *collector, fs []Finding, strTok tk, callPos int) {
	for _, f := range fs {
		if strTok.exact {
			f.Pos += strTok.pos + 1
		} else {
			f.Pos = callPos
		}
		c.add(f)
	}
}

// endless is a per-token count of the endless loops around it, built from
// regions marked in any order.
type endless struct{ d []int32 }

func newEndless(n int) *endless { return &endless{d: make([]int32, n+1)} }

func (e *endless) mark(lo, hi int) {
	if lo < 0 || lo >= hi || hi > len(e.d)-1 {
		return
	}
	e.d[lo]++
	e.d[hi]--
}

// done turns the marks into counts.
func (e *endless) done() []int32 {
	var run int32
	for i := range e.d {
		run += e.d[i]
		e.d[i] = run
	}
	return e.d
}

// cEndless marks the tokens inside endless loops of C-like code (JS, PHP):
// while (true), for (;;), do … while (1); in JS also setInterval's
// callback, in PHP also while (1): … endwhile.
func cEndless(l *tkList, php bool) []int32 {
	e := newEndless(len(l.t))
	skip := map[int]bool{}
	for i := range l.t {
		if l.t[i].kind != ctIdent {
			continue
		}
		word := l.t[i].text
		if php {
			word = strings.ToLower(word)
		}
		switch word {
		case "while":
			if skip[i] || !l.isPunct(i+1, "(") {
				continue
			}
			end := l.closer(i + 1)
			if on, known := condTruth(l, tkSpan{i + 2, end}); on && known {
				markBody(l, e, end+1, "endwhile")
			}
		case "for":
			if !l.isPunct(i+1, "(") {
				continue
			}
			end := l.closer(i + 1)
			var semis []int
			for j := i + 2; j < end && len(semis) < 3; j = l.skip(j) {
				if l.isPunct(j, ";") {
					semis = append(semis, j)
				}
			}
			if len(semis) == 2 {
				cond := tkSpan{semis[0] + 1, semis[1]}
				if on, known := condTruth(l, cond); cond.empty() || on && known {
					markBody(l, e, end+1, "endfor")
				}
			}
		case "do":
			if !l.isPunct(i+1, "{") {
				continue
			}
			m := l.closer(i + 1)
			if l.is(m+1, "while") && l.isPunct(m+2, "(") {
				skip[m+1] = true
				if on, known := condTruth(l, tkSpan{m + 3, l.closer(m + 2)}); on && known && !waits(l, i+1, m+1) {
					e.mark(i+1, m+1)
				}
			}
		case "setInterval":
			// a callback run again at once, not every few seconds
			if !php && l.isPunct(i+1, "(") {
				a := l.args(i + 1)
				d := arg(a, 1)
				if fast := d.empty() || d.hi-d.lo == 1 && l.t[d.lo].kind == ctNum && len(l.t[d.lo].text) <= 2; fast {
					e.mark(i+1, l.closer(i+1)+1)
				}
			}
		}
	}
	return e.done()
}

// markBody marks a loop body at j: a block, PHP's alternative syntax up to
// end (endwhile), or one statement (at most 256 tokens of either) — unless
// the body waits or leaves (see waits).
func markBody(l *tkList, e *endless, j int, end string) {
	if l.isPunct(j, "{") {
		if hi := min(l.closer(j)+1, len(l.t)); !waits(l, j, hi) {
			e.mark(j, hi)
		}
		return
	}
	stop := ";"
	if l.isPunct(j, ":") {
		stop = end
	}
	k := j
	for n := 0; k < len(l.t) && n < 256 && !l.is(k, stop); n++ {
		k = l.skip(k)
	}
	if hi := min(k+1, len(l.t)); !waits(l, j, hi) {
		e.mark(j, hi)
	}
}

// loopWaits are the words that, in a loop's body, make it something other
// than a fork bomb: it waits for what it started, sleeps, or can leave.
var loopWaits = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"await": true, "break": true, "return": true, "sleep": true, "usleep": true, "setTimeout": true,
		"pcntl_wait": true, "pcntl_waitpid": true, "wait": true, "waitpid": true, "after": true,
	}
}}

// waits reports whether the tokens lo..hi (the first 512 of them) hold a
// word of loopWaits.
func waits(l *tkList, lo, hi int) bool {
	for k := lo; k < hi && k < lo+512; k++ {
		if l.t[k].kind == ctIdent && loopWaits.Get()[l.t[k].text] {
			return true
		}
	}
	return false
}
