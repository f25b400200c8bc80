package inline

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/lazy"
)

// rbTerm is what the ruby lexer expects next.
type rbTerm uint8

const (
	rbOp  rbTerm = iota // an operator: / divides, % is modulo
	rbYes               // a term: / starts a regex, % a literal, << a heredoc
	rbArg               // after a method name: a term only when spaced before and not after (foo /x/, foo %w[a])
)

// rbLexer turns ruby source into tokens: strings '…' "…" with #{code}
// read as code, %q %Q %() %w %W %i %I %x %r %s literals with any delimiter,
// heredocs (<<~EOF, <<-EOF, <<EOF, quoted tags, backticks), backticks,
// symbols, ?c character literals, regexes /…/, comments, =begin/=end and
// __END__. Like ruby, it tells a regex from a division by what came
// before, including whether a name is a local variable.
type rbLexer struct {
	src     string
	i, hi   int
	toks    []tok
	nest    int
	term    rbTerm
	stack   []byte // open brackets
	locals  map[string]bool
	pending []rbHeredoc
	sp      bool
	bol     bool
	inner   bool // lexing #{…}: stop at the "}" that closes it
}

type rbHeredoc struct {
	tok            int
	tag            string
	interp, squish bool
	dash           bool // <<- or <<~: the terminator may be indented
}

func rbLex(src string, lo, hi, nest int) []tok {
	l := &rbLexer{src: src, i: lo, hi: hi, nest: nest, term: rbYes, sp: true, bol: true, locals: map[string]bool{},
		toks: make([]tok, 0, (hi-lo)/4+4)}
	l.run()
	matchBrackets(l.toks)
	return l.toks
}

// termHere reports whether a term starts at l.i given what came before.
func (l *rbLexer) termHere() bool {
	switch l.term {
	case rbYes:
		return true
	case rbArg:
		return l.sp && l.i+1 < l.hi && l.src[l.i+1] != ' ' && l.src[l.i+1] != '\t' && l.src[l.i+1] != '=' && l.src[l.i+1] != '\n'
	}
	return false
}

func (l *rbLexer) run() {
	for l.i < l.hi {
		c := l.src[l.i]
		if l.bol {
			rest := l.src[l.i:l.hi]
			if strings.HasPrefix(rest, "=begin") && (len(rest) == 6 || rest[6] == ' ' || rest[6] == '\n' || rest[6] == '\t') {
				l.skipBlockComment()
				continue
			}
			if strings.HasPrefix(rest, "__END__") && (len(rest) == 7 || rest[7] == '\n' || rest[7] == '\r') {
				l.i = l.hi
				return
			}
		}
		l.bol = false
		switch {
		case c == '\n':
			l.i++
			l.newline()
			l.sp, l.bol = true, true
			if len(l.pending) > 0 {
				l.heredocs()
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.i++
			l.sp = true
		case c == '\\' && l.i+1 < l.hi && l.src[l.i+1] == '\n':
			l.i += 2
			l.sp = true
		case c == '#':
			for l.i < l.hi && l.src[l.i] != '\n' {
				l.i++
			}
			l.sp = true
		case c == '}' && l.inner && len(l.stack) == 0:
			return
		case isIdentStart(c):
			l.word()
		case isDigit(c):
			l.number()
		case c == '"':
			l.literal(l.i, l.i, "Q")
		case c == '\'':
			l.literal(l.i, l.i, "q")
		case c == '`':
			l.literal(l.i, l.i, "x")
		case c == '$' || c == '@':
			l.variable()
		case c == ':' && l.symbol():
		case c == '?' && l.termHere() && l.char():
		case c == '%' && l.termHere() && l.percent():
		case c == '/' && l.termHere():
			l.literal(l.i, l.i, "r")
		case c == '<' && l.i+1 < l.hi && l.src[l.i+1] == '<' && l.termHere() && l.heredoc():
		default:
			l.operator()
		}
	}
}

func (l *rbLexer) skipBlockComment() {
	for l.i < l.hi {
		e := strings.IndexByte(l.src[l.i:l.hi], '\n')
		line := l.src[l.i:l.hi]
		if e >= 0 {
			line = line[:e]
		}
		end := strings.HasPrefix(line, "=end")
		if e < 0 {
			l.i = l.hi
			return
		}
		l.i += e + 1
		if end {
			break
		}
	}
	l.bol, l.sp = true, true
}

func (l *rbLexer) newline() {
	if n := len(l.stack); n > 0 && l.stack[n-1] != '{' {
		return
	}
	if n := len(l.toks); n > 0 && l.toks[n-1].kind != tkNL {
		l.toks = append(l.toks, tok{kind: tkNL, pos: l.i - 1, text: "\n", body: -1})
	}
	l.term = rbYes
}

func (l *rbLexer) add(t tok) {
	t.sp = l.sp
	if t.kind != tkStr && t.kind != tkCmd {
		t.body = -1
	}
	l.sp = false
	l.toks = append(l.toks, t)
	switch t.kind {
	case tkNum, tkStr, tkCmd, tkRegex, tkVar:
		l.term = rbOp
	case tkName:
		switch {
		case rbValueNames.Get()[t.text]:
			l.term = rbOp
		case rbKeywords.Get()[t.text]:
			l.term = rbYes
		case l.locals[t.text] && !l.afterDot():
			l.term = rbOp
		default:
			l.term = rbArg
		}
	case tkOp:
		switch t.text {
		case "(", "[", "{":
			l.stack = append(l.stack, t.text[0])
			l.term = rbYes
		case ")", "]", "}":
			if n := len(l.stack); n > 0 {
				l.stack = l.stack[:n-1]
			}
			l.term = rbOp
		case ".", "&.", "::":
			l.term = rbOp
		default:
			l.term = rbYes
		}
	}
}

// afterDot reports whether the token before the last is "." or "&.".
func (l *rbLexer) afterDot() bool {
	n := len(l.toks)
	return n >= 2 && (l.toks[n-2].op(".") || l.toks[n-2].op("&.") || l.toks[n-2].op("::"))
}

var rbValueNames = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"end": true, "self": true, "nil": true, "true": true, "false": true,
		"__FILE__": true, "__LINE__": true, "__dir__": true, "__method__": true, "redo": true, "retry": true}
}}

var rbKeywords = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"if": true, "unless": true, "while": true, "until": true, "and": true,
		"or": true, "not": true, "return": true, "then": true, "do": true, "else": true, "elsif": true,
		"when": true, "case": true, "in": true, "yield": true, "begin": true, "rescue": true, "ensure": true,
		"break": true, "next": true, "puts": true, "print": true, "p": true, "raise": true, "defined?": true}
}}

func (l *rbLexer) word() {
	start := l.i
	for l.i < l.hi && isIdentChar(l.src[l.i]) {
		l.i++
	}
	if l.i < l.hi && (l.src[l.i] == '?' || l.src[l.i] == '!') && !(l.i+1 < l.hi && l.src[l.i+1] == '=') &&
		!(l.src[l.i] == '?' && l.i+1 < l.hi && l.src[l.i+1] == ':') {
		l.i++
	}
	w := l.src[start:l.i]
	// name = … makes a local variable (not name == …, not a keyword argument name: …).
	if j := skipBlanks(l.src, l.i, l.hi); j < l.hi && l.src[j] == '=' && (j+1 >= l.hi || l.src[j+1] != '=' && l.src[j+1] != '~' && l.src[j+1] != '>') &&
		(w[0] >= 'a' && w[0] <= 'z' || w[0] == '_') {
		if !l.afterDotAt(len(l.toks)) {
			l.locals[w] = true
		}
	}
	l.add(tok{kind: tkName, pos: start, text: w})
}

func (l *rbLexer) afterDotAt(n int) bool {
	return n >= 1 && (l.toks[n-1].op(".") || l.toks[n-1].op("&."))
}

func skipBlanks(s string, i, hi int) int {
	for i < hi && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func (l *rbLexer) number() {
	start := l.i
	src := l.src
	j := l.i
	for j < l.hi && (isIdentChar(src[j])) {
		j++
	}
	if j+1 < l.hi && src[j] == '.' && isDigit(src[j+1]) {
		j++
		for j < l.hi && (isDigit(src[j]) || src[j] == '_') {
			j++
		}
		if j < l.hi && (src[j] == 'e' || src[j] == 'E') {
			k := j + 1
			if k < l.hi && (src[k] == '+' || src[k] == '-') {
				k++
			}
			for k < l.hi && isDigit(src[k]) {
				k++
			}
			j = k
		}
	}
	l.i = j
	l.add(tok{kind: tkNum, pos: start, text: src[start:l.i]})
}

// variable reads $global, $0, $!, @ivar, @@cvar.
func (l *rbLexer) variable() {
	start := l.i
	src := l.src
	j := l.i + 1
	if src[start] == '@' && j < l.hi && src[j] == '@' {
		j++
	}
	switch {
	case j < l.hi && isIdentStart(src[j]):
		for j < l.hi && isIdentChar(src[j]) {
			j++
		}
	case src[start] == '$' && j < l.hi && (isDigit(src[j]) || strings.IndexByte("!@&`'+~=/\\,;.<>_*$?:\"0", src[j]) >= 0):
		j++
	case src[start] == '$' && j+1 < l.hi && src[j] == '-' && isIdentChar(src[j+1]):
		j += 2
	default:
		l.operator()
		return
	}
	l.i = j
	l.add(tok{kind: tkVar, pos: start, text: src[start:j]})
}

// symbol reads :name, :"str", :+ where a symbol can start, and reports
// whether it did.
func (l *rbLexer) symbol() bool {
	src := l.src
	j := l.i + 1
	if j >= l.hi || src[j] == ':' {
		return false
	}
	start := l.i
	if l.term == rbOp || l.term == rbArg && !l.sp {
		return false
	}
	if src[j] == '"' || src[j] == '\'' {
		l.literal(start, j, map[byte]string{'"': "Q", '\'': "q"}[src[j]])
		return true
	}
	k := j
	switch {
	case isIdentStart(src[k]):
		for k < l.hi && isIdentChar(src[k]) {
			k++
		}
		if k < l.hi && (src[k] == '?' || src[k] == '!' || src[k] == '=') && !(k+1 < l.hi && (src[k+1] == '=' || src[k+1] == '>')) {
			k++
		}
	case src[k] == '$' || src[k] == '@':
		k++
		for k < l.hi && (isIdentChar(src[k]) || src[k] == '@') {
			k++
		}
	default:
		for _, o := range []string{"[]=", "[]", "<=>", "===", "==", "=~", "!=", "!~", "<<", ">>", "<=", ">=", "**", "+@", "-@", "+", "-", "*", "/", "%", "<", ">", "!", "&", "|", "^", "~"} {
			if strings.HasPrefix(src[k:l.hi], o) {
				k += len(o)
				break
			}
		}
		if k == j {
			return false
		}
	}
	l.i = k
	l.add(tok{kind: tkStr, pos: start, text: src[start:k], parts: []part{{lit: src[j:k]}}, body: j})
	return true
}

// char reads a ?c character literal.
func (l *rbLexer) char() bool {
	src := l.src
	j := l.i + 1
	if j >= l.hi || src[j] == ' ' || src[j] == '\t' || src[j] == '\n' {
		return false
	}
	start := l.i
	var b strings.Builder
	var parts []part
	if src[j] == '\\' && j+1 < l.hi {
		j = rbEscape(src, j, l.hi, &b, &parts, func() {})
	} else {
		_, size := utf8.DecodeRuneInString(src[j:l.hi])
		if j+size < l.hi && isIdentChar(src[j+size]) {
			return false
		}
		b.WriteString(src[j : j+size])
		j += size
	}
	l.i = j
	l.add(tok{kind: tkStr, pos: start, text: src[start:j], parts: append(parts, part{lit: b.String()}), body: -1})
	return true
}

// percent reads a %-literal and reports whether there was one.
func (l *rbLexer) percent() bool {
	src := l.src
	j := l.i + 1
	if j >= l.hi {
		return false
	}
	kind := "Q"
	if strings.IndexByte("qQwWiIxrs", src[j]) >= 0 && j+1 < l.hi && !isIdentChar(src[j+1]) && src[j+1] != ' ' && src[j+1] != '\n' {
		kind = string(src[j])
		j++
	} else if isIdentChar(src[j]) || src[j] == ' ' || src[j] == '\n' || src[j] == '=' || src[j] == '\t' || src[j] == '\r' {
		return false
	}
	l.literal(l.i, j, kind)
	return true
}

// heredoc reads <<~TAG, <<-TAG, <<TAG, with the tag quoted or not, and
// queues its body. It reports whether there was one.
func (l *rbLexer) heredoc() bool {
	src := l.src
	start := l.i
	j := l.i + 2
	squish, dash := false, false
	if j < l.hi && (src[j] == '~' || src[j] == '-') {
		squish, dash = src[j] == '~', true
		j++
	}
	var tag string
	interp, cmd := true, false
	switch {
	case j < l.hi && (src[j] == '"' || src[j] == '\'' || src[j] == '`'):
		q := src[j]
		e := strings.IndexByte(src[j+1:l.hi], q)
		if e < 0 || strings.Contains(src[j+1:j+1+e], "\n") {
			return false
		}
		tag = src[j+1 : j+1+e]
		interp, cmd = q != '\'', q == '`'
		j += e + 2
	case j < l.hi && (isIdentStart(src[j])):
		if !dash && !(src[j] >= 'A' && src[j] <= 'Z' || src[j] == '_') {
			return false
		}
		e := j
		for e < l.hi && isIdentChar(src[e]) {
			e++
		}
		tag = src[j:e]
		j = e
	default:
		return false
	}
	kind := tkStr
	if cmd {
		kind = tkCmd
	}
	l.i = j
	l.add(tok{kind: kind, pos: start, text: src[start:j], body: -1})
	l.pending = append(l.pending, rbHeredoc{tok: len(l.toks) - 1, tag: tag, interp: interp, squish: squish, dash: dash})
	return true
}

func (l *rbLexer) heredocs() {
	for _, h := range l.pending {
		lo, hi, next, minInd := heredocBody(l.src, l.i, l.hi, h.tag, h.dash)
		t := &l.toks[h.tok]
		if h.interp {
			t.parts, t.body = l.interp(lo, hi, 0, 0)
		} else {
			t.parts, t.body = []part{{lit: l.src[lo:hi]}}, lo
		}
		if h.squish && minInd > 0 {
			t.body = -1
			for k := range t.parts {
				t.parts[k].lit = dedent(t.parts[k].lit, minInd, k == 0)
			}
		}
		l.i = next
	}
	l.pending = l.pending[:0]
}

// literal reads a literal of kind q (single-quoted), Q (double-quoted), w,
// W, i, I (word lists), x (command), r (regex) or s (symbol) whose opening
// delimiter is at d.
func (l *rbLexer) literal(start, d int, kind string) {
	open := l.src[d]
	closer := plCloser(open)
	if kind == "r" && d == start {
		closer = '/'
	}
	t := tok{pos: start, body: -1}
	interp := kind == "Q" || kind == "W" || kind == "I" || kind == "x" || kind == "r"
	var end int
	if interp {
		t.parts, t.body, end = l.interpTo(d+1, open, closer)
	} else {
		end = l.rawEnd(d+1, open, closer)
		body := l.src[d+1 : max(end-1, d+1)]
		if end > l.hi || end-1 < d+1 || l.src[end-1] != closer {
			body = l.src[d+1 : min(end, l.hi)]
		}
		val, verbatim := plSingle(body, open)
		t.parts = []part{{lit: val}}
		if verbatim {
			t.body = d + 1
		}
	}
	switch kind {
	case "q", "Q", "s":
		t.kind = tkStr
	case "x":
		t.kind = tkCmd
	case "r":
		t.kind = tkRegex
		t.parts = subsOnly(t.parts)
		for end < l.hi && isAlpha(l.src[end]) {
			end++
		}
	default: // word lists
		t.kind, t.words = tkStr, true
		var words []part
		dyn := false
		for _, p := range t.parts {
			if p.dyn || p.name != "" {
				dyn = true
			}
		}
		if dyn {
			words = append(subsOnly(t.parts), part{dyn: true})
		} else {
			var all strings.Builder
			for _, p := range t.parts {
				all.WriteString(p.lit)
			}
			for _, w := range strings.Fields(all.String()) {
				words = append(words, part{lit: w})
			}
		}
		t.parts, t.body = words, -1
	}
	l.i = min(end, l.hi)

	t.text = l.src[start:l.i]
	l.add(t)
}

// rawEnd finds the index after the closer of a non-interpolating literal.
func (l *rbLexer) rawEnd(j int, open, closer byte) int {
	depth := 0
	for ; j < l.hi; j++ {
		c := l.src[j]
		switch {
		case c == '\\':
			j++
		case c == closer && depth == 0:
			return j + 1
		case c == closer:
			depth--
		case c == open && open != closer:
			depth++
		}
	}
	return l.hi
}

// interpTo reads an interpolating body from j to its closer: escapes,
// #{code} (read as ruby), #@ivar and #$global. It returns the parts, the
// body's offset when the value is the body byte for byte (else -1), and the
// index after the closer.
func (l *rbLexer) interpTo(j int, open, closer byte) ([]part, int, int) {
	lo := j
	depth := 0
	var parts []part
	var b strings.Builder
	verbatim := true
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, part{lit: b.String()})
			b.Reset()
		}
	}
	src := l.src
	for j < l.hi {
		c := src[j]
		switch {
		case c == closer && depth == 0:
			flush()
			if verbatim {
				return parts, lo, j + 1
			}
			return parts, -1, j + 1
		case c == closer && closer != open:
			depth--
			b.WriteByte(c)
			j++
		case c == open && open != closer:
			depth++
			b.WriteByte(c)
			j++
		case c == '\\' && j+1 < l.hi:
			verbatim = false
			if closer != 0 && (src[j+1] == closer || src[j+1] == open) {
				b.WriteByte(src[j+1])
				j += 2
				continue
			}
			j = rbEscape(src, j, l.hi, &b, &parts, flush)
		case c == '#' && j+1 < l.hi && src[j+1] == '{':
			verbatim = false
			flush()
			var p part
			p, j = l.code(j + 2)
			parts = append(parts, p)
		case c == '#' && j+1 < l.hi && (src[j+1] == '@' || src[j+1] == '$') && j+2 < l.hi && (isIdentStart(src[j+2]) || src[j+2] == '@'):
			verbatim = false
			flush()
			k := j + 2
			for k < l.hi && (isIdentChar(src[k]) || src[k] == '@') {
				k++
			}
			parts = append(parts, part{name: src[j+1 : k]})
			j = k
		default:
			b.WriteByte(c)
			j++
		}
	}
	flush()
	return parts, -1, l.hi
}

// interp reads an interpolating heredoc body src[lo:hi].
func (l *rbLexer) interp(lo, hi int, open, closer byte) ([]part, int) {
	sub := *l
	sub.hi = hi
	parts, body, _ := sub.interpTo(lo, open, closer)
	return parts, body
}

// code reads the code of #{…} from j up to its closing brace, and returns
// it as a part and the index after the brace.
func (l *rbLexer) code(j int) (part, int) {
	if l.nest >= maxNest {
		end := braceEnd(l.src, j-1, l.hi)
		return part{dyn: true, note: "interpolated code nested too deep to read"}, end
	}
	sub := &rbLexer{src: l.src, i: j, hi: l.hi, nest: l.nest + 1, term: rbYes, sp: true, locals: l.locals, inner: true}
	sub.run()
	matchBrackets(sub.toks)
	p := part{dyn: true, sub: sub.toks}
	if len(sub.toks) == 1 && (sub.toks[0].kind == tkName || sub.toks[0].kind == tkVar) {
		p.name = sub.toks[0].text
	}
	end := sub.i
	if end < l.hi && l.src[end] == '}' {
		end++
	}
	return p, end
}

// rbEscape decodes the escape at src[j] ('\\') in a double-quoted string.
func rbEscape(src string, j, hi int, b *strings.Builder, parts *[]part, flush func()) int {
	c := src[j+1]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 's':
		b.WriteByte(' ')
	case 'r':
		b.WriteByte('\r')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case 'a':
		b.WriteByte(7)
	case 'b':
		b.WriteByte(8)
	case 'e':
		b.WriteByte(27)
	case '\n':
	case '0', '1', '2', '3', '4', '5', '6', '7':
		k := j + 1
		for k < hi && k < j+4 && src[k] >= '0' && src[k] <= '7' {
			k++
		}
		n, _ := strconv.ParseUint(src[j+1:k], 8, 32)
		b.WriteByte(byte(n))
		return k
	case 'x':
		k := j + 2
		e := k
		for e < hi && e < k+2 && strings.IndexByte("0123456789abcdefABCDEF", src[e]) >= 0 {
			e++
		}
		n, _ := strconv.ParseUint("0"+src[k:e], 16, 32)
		b.WriteByte(byte(n))
		return e
	case 'u':
		k := j + 2
		if k < hi && src[k] == '{' {
			e := strings.IndexByte(src[k:hi], '}')
			if e < 0 {
				return hi
			}
			for _, h := range strings.Fields(src[k+1 : k+e]) {
				n, err := strconv.ParseUint(h, 16, 32)
				if err == nil {
					writeCode(b, rune(n), false)
				}
			}
			return k + e + 1
		}
		if k+4 <= hi {
			if n, err := strconv.ParseUint(src[k:k+4], 16, 32); err == nil {
				writeCode(b, rune(n), false)
				return k + 4
			}
		}
	case 'c', 'C', 'M':
		flush()
		*parts = append(*parts, part{dyn: true})
	default:
		if c >= utf8.RuneSelf {
			return j + 1
		}
		b.WriteByte(c)
	}
	return j + 2
}

var rbOps3 = []string{"**=", "<=>", "===", "...", "<<=", ">>=", "&&=", "||="}
var rbOps2 = []string{"**", "==", "!=", ">=", "<=", "&&", "||", "<<", ">>", "=~", "!~", "..", "::", "->",
	"=>", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "&."}

func (l *rbLexer) operator() {
	start := l.i
	rest := l.src[l.i:l.hi]
	n := 1
	for _, o := range rbOps3 {
		if strings.HasPrefix(rest, o) {
			n = 3
			break
		}
	}
	if n == 1 {
		for _, o := range rbOps2 {
			if strings.HasPrefix(rest, o) {
				n = 2
				break
			}
		}
	}
	if n == 1 {
		_, size := utf8.DecodeRuneInString(rest)
		n = max(size, 1)
	}
	l.i += n
	l.add(tok{kind: tkOp, pos: start, text: l.src[start:l.i]})
}
