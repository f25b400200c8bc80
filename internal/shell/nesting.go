package shell

import "strings"

// The parser recurses once per level of nesting, and so does everything
// that walks the tree it makes; some levels are costly: a parenthesis
// inside $(( )) goes through fifteen levels of operator precedence, about
// 2 KiB of stack. A line of 128 KiB can nest 64,000 parentheses (500 MB of
// stack), a script of 1 MiB past the 1 GB a goroutine may have, which no
// recover catches; 10,000 nested ifs took 70 ms to parse. So before
// parsing, a light lexer measures how deep a line nests, and the parts
// nested deeper than maxNesting are replaced by a word whose value is
// unknown (deepWord): what is inside is judged at its worst case, with a
// Problem, and the commands around it are still found.
//
// What nests: brackets ( { [ and ${ $( $(( $[ `, quotes, the compound
// commands if, while, until, for, select and case, and the operators of
// arithmetic and of [[ ]] (1+1+1… is a tree as deep as it is long).
//
// The lexer knows the shell's quoting (quotes, $'…', comments, heredocs,
// backquotes) so that brackets in text are not taken for nesting. Where
// it could disagree with the parser it errs towards counting more: a
// bracket in text is counted too, though only a closer in the same text
// takes it back, and a closer it is not sure of takes nothing back. The
// fuzz target FuzzNesting checks its count against the parsed tree.

// maxNesting is the deepest nesting parsed as it is.
const maxNesting = 1000

// deepVar is the variable standing for a part nested too deep: never
// set, so it is unknown whatever the line does (env.Get).
const deepVar = "__belay_too_deep"

const deepWord = "${" + deepVar + "}"

// nestKind is what an entry of the lexer's stack is.
type nestKind uint8

const (
	nParen     nestKind = iota // ( $( $(( <( >( @(…
	nBrace                     // { … } as a command group
	nWordBrace                 // {a,b} inside a word
	nParam                     // ${ … }
	nBracket                   // $[ … ], [ … ], [[ … ]]
	nIf                        // if … fi
	nLoop                      // while, until, for, select … done
	nCase                      // case … esac
	nLet                       // let …, to the end of the command
	nTime                      // time or coproc …, to the end of the list
	nBackq                     // ` … `
	nSingle                    // ' … '
	nANSI                      // $' … '
	nDouble                    // " … "
	nComment                   // # … to the end of the line
	nHeredoc                   // the body of a heredoc
)

// nestMode is how the text inside an entry is read.
type nestMode uint8

const (
	mCode    nestMode = iota // commands: every quote and bracket counts
	mParam                   // inside ${ }: quotes count, # is an operator
	mDouble                  // "…" or an unquoted heredoc: only $( ${ ` open code
	mLiteral                 // '…', comments, quoted heredocs: nothing opens
	mANSI                    // $'…': like literal, with backslash escapes
)

// nestEntry is an entry of the lexer's stack: small, as a line of
// 128 KiB can open 64,000 of them.
type nestEntry struct {
	kind  nestKind
	mode  nestMode
	local bool  // a bracket inside text: only text's closers take it back
	arith bool  // its operators nest (arithmetic, [[ ]], ${ }, an index)
	dbl   bool  // [[ rather than [; for if, an elif or else
	index bool  // [ in code: an index or a glob, where | & end the command
	ops   int32 // operators counted inside it
	start int32 // offset of the opener
	doc   int32 // a heredoc's index in nestLexer.docs
	base  int32 // index of the entry that is not local at or under this one, or -1
}

// heredoc is a heredoc the lexer read the operator of.
type heredoc struct {
	delim string
	tabs  bool // <<-: leading tabs are stripped
	lit   bool // a quoted delimiter: the body is literal
	toEOF bool // a delimiter the lexer cannot read: the body runs to the end
}

type nestLexer struct {
	src    string
	stack  []nestEntry
	frozen int // brackets left open in closed text: counted for good
	ops    int // operators counted in the open entries
	max    int
	limit  int

	cmdStart   bool // at the start of a command, where keywords are keywords
	afterParen bool // just after ): f() { opens a group
	pending    []heredoc
	docs       []heredoc // the heredocs whose body is open

	span     int // start of the span being cut, or -1
	spanBase int // stack size when it opened
	spans    [][2]int
	textDeep bool // text nested past the limit: not parseable safely
}

func (l *nestLexer) depth() int { return len(l.stack) + l.frozen + l.ops }

func (l *nestLexer) top() *nestEntry {
	if len(l.stack) == 0 {
		return nil
	}
	return &l.stack[len(l.stack)-1]
}

func (l *nestLexer) mode() nestMode {
	if t := l.top(); t != nil {
		return t.mode
	}
	return mCode
}

// baseIndex is the index of the entry under the local brackets on top,
// or -1. Each entry holds it (push): text of 128 KiB can hold 64,000
// local brackets, and walking down them at every byte was quadratic.
func (l *nestLexer) baseIndex() int {
	if t := l.top(); t != nil {
		return int(t.base)
	}
	return -1
}

// base is the kind of the entry under the local brackets on top.
func (l *nestLexer) base() nestKind {
	if k := l.baseIndex(); k >= 0 {
		return l.stack[k].kind
	}
	return nParen
}

// push opens an entry; one in code past the limit opens the span that
// will be cut.
func (l *nestLexer) push(e nestEntry) {
	e.base = int32(len(l.stack))
	if e.local {
		e.base = int32(l.baseIndex())
	}
	l.stack = append(l.stack, e)
	l.deeper(len(l.stack) - 1)
}

// deeper notes the depth after entry k opened or counted an operator.
func (l *nestLexer) deeper(k int) {
	d := l.depth()
	l.max = max(l.max, d)
	if d <= l.limit || l.span >= 0 {
		return
	}
	e := &l.stack[k]
	if e.local || e.kind == nHeredoc || e.kind == nComment {
		l.textDeep = true
		return
	}
	l.span, l.spanBase = int(e.start), k
}

// op counts an operator inside the arithmetic entry on top.
func (l *nestLexer) op() {
	k := len(l.stack) - 1
	l.stack[k].ops++
	l.ops++
	l.deeper(k)
}

// pop closes the top entry; end is the offset just past its closer.
func (l *nestLexer) pop(end int) {
	l.ops -= int(l.top().ops)
	l.stack = l.stack[:len(l.stack)-1]
	l.closeSpan(end)
}

func (l *nestLexer) closeSpan(end int) {
	if l.span >= 0 && len(l.stack) <= l.spanBase {
		l.spans = append(l.spans, [2]int{l.span, end})
		l.span = -1
	}
}

// popTo closes entries down to and including the one at index k; the
// brackets among them stay counted (frozen). end is past the closer.
func (l *nestLexer) popTo(k, end int) {
	for len(l.stack) > k+1 {
		l.ops -= int(l.top().ops)
		l.stack = l.stack[:len(l.stack)-1]
		l.frozen++
	}
	if len(l.stack) > k && k >= 0 {
		l.pop(end)
	}
	l.closeSpan(end)
}

// closeText closes the text entry under the local brackets on top.
func (l *nestLexer) closeText(end int) { l.popTo(l.baseIndex(), end) }

// isBlank reports whether c separates words: \r does, to the parser.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// wordEnd reports whether the byte at i ends a word (or the input ended).
// Control bytes end one too: the parser takes time\x00 for the keyword.
func wordEnd(src string, i int) bool {
	return i >= len(src) || src[i] < ' ' || strings.IndexByte(" \t\n;&|()<>`", src[i]) >= 0
}

// nesting measures how deep src nests; it returns the spans nested past
// limit, to be cut, and false when text (quotes, comments, heredocs)
// nests past it, which cannot be cut safely.
func nesting(src string, limit int) (spans [][2]int, depth int, ok bool) {
	l := &nestLexer{src: src, limit: limit, span: -1, cmdStart: true}
	l.run()
	if l.span >= 0 {
		l.spans = append(l.spans, [2]int{l.span, len(src)})
	}
	return l.spans, l.max, !l.textDeep
}

func (l *nestLexer) run() {
	src := l.src
	checked := -1
	for i := 0; i < len(src); {
		if i > 0 && src[i-1] == '\n' && i != checked && l.base() == nHeredoc {
			checked = i
			if next, done := l.heredocLine(i); done {
				i = next
				continue
			}
		}
		switch l.mode() {
		case mCode, mParam:
			i = l.code(i)
		case mDouble:
			i = l.double(i)
		case mLiteral:
			i = l.literal(i)
		case mANSI:
			i = l.ansi(i)
		}
	}
}

// heredocLine looks at the line starting at i inside a heredoc body: when
// it is the delimiter, the heredoc ends (and the next pending one starts)
// and it returns the offset past the line.
func (l *nestLexer) heredocLine(i int) (int, bool) {
	t := &l.docs[l.stack[l.baseIndex()].doc]
	end := strings.IndexByte(l.src[i:], '\n')
	if end < 0 {
		end = len(l.src)
	} else {
		end += i
	}
	line := l.src[i:end]
	if t.tabs {
		line = strings.TrimLeft(line, "\t")
	}
	if t.toEOF || line != t.delim {
		return i, false
	}
	next := min(end+1, len(l.src))
	l.closeText(next)
	l.startHeredoc(next)
	return next, true
}

// startHeredoc begins the body of the next pending heredoc, if any.
func (l *nestLexer) startHeredoc(at int) {
	if len(l.pending) == 0 {
		return
	}
	d := l.pending[0]
	l.pending = l.pending[1:]
	m := mDouble
	if d.lit {
		m = mLiteral
	}
	l.docs = append(l.docs, d)
	l.push(nestEntry{kind: nHeredoc, mode: m, start: int32(at), doc: int32(len(l.docs) - 1)})
}

// endCmd closes the entries that last to the end of a command: a let
// (at any of ; & | and a newline), and with list, time and coproc (at ;
// & and a newline, not at && || |, which they time as a whole).
func (l *nestLexer) endCmd(at int, list bool) {
	for {
		t := l.top()
		if t == nil || t.local || !(t.kind == nLet || list && t.kind == nTime) {
			return
		}
		l.pop(at)
	}
}

// code reads one token at i in code (or inside ${ }) and returns the
// offset after it.
func (l *nestLexer) code(i int) int {
	src := l.src
	c := src[i]
	if c >= 0x80 {
		l.cmdStart, l.afterParen = false, false
		return i + 1
	}
	t := l.top()
	param := l.mode() == mParam
	arith := t != nil && t.arith && !t.local
	next := byte(0)
	if i+1 < len(src) {
		next = src[i+1]
	}
	cmdStart, afterParen := l.cmdStart, l.afterParen
	l.cmdStart, l.afterParen = false, false
	switch {
	case c == '\\':
		return i + 2
	case c == '\'':
		l.push(nestEntry{kind: nSingle, mode: mLiteral, start: int32(i)})
	case c == '"':
		l.push(nestEntry{kind: nDouble, mode: mDouble, start: int32(i)})
	case c == '`':
		// The first backquote closes the innermost one open in code.
		if k := l.openBackq(); k >= 0 {
			l.popTo(k, i+1)
		} else {
			l.push(nestEntry{kind: nBackq, mode: mCode, start: int32(i)})
			l.cmdStart = true
		}
	case c == '$':
		switch next {
		case '\'':
			l.push(nestEntry{kind: nANSI, mode: mANSI, start: int32(i)})
			return i + 2
		case '"':
			l.push(nestEntry{kind: nDouble, mode: mDouble, start: int32(i)})
			return i + 2
		case '(':
			ar := i+2 < len(src) && src[i+2] == '('
			l.push(nestEntry{kind: nParen, mode: mCode, start: int32(i), arith: ar})
			l.cmdStart = !ar
			return i + 2
		case '{':
			l.push(nestEntry{kind: nParam, mode: mParam, start: int32(i), arith: true})
			return i + 2
		case '[':
			l.push(nestEntry{kind: nBracket, mode: mCode, start: int32(i), arith: true})
			return i + 2
		}
	case c == '#' && !param && (i == 0 || strings.IndexByte(" \t\r\n;&|()<>`", src[i-1]) >= 0):
		l.push(nestEntry{kind: nComment, mode: mLiteral, start: int32(i)})
	case param && c == '}':
		l.closeText(i + 1)
	case param && (c == '(' || c == ')' || c == '[' || c == ']'):
		// ${x/(/y}: a pattern's brackets are text.
		l.textBracket(i)
	case c == '(':
		ar := arith || cmdStart && next == '('
		l.push(nestEntry{kind: nParen, mode: mCode, start: int32(i), arith: ar})
		l.cmdStart = !ar
	case c == ')':
		l.endCmd(i, true)
		if t := l.top(); t != nil && t.kind == nParen && !t.local {
			l.pop(i + 1)
		}
		l.afterParen = true
		// The end of a case pattern: a command starts.
		l.cmdStart = l.top() != nil && l.top().kind == nCase
	case c == '[' && cmdStart && next == '[':
		l.push(nestEntry{kind: nBracket, mode: mCode, start: int32(i), arith: true, dbl: true})
		return i + 2
	case c == '[':
		// An index (a[1+1]) or a glob: not | & ; as operators (opIn).
		l.push(nestEntry{kind: nBracket, mode: mCode, start: int32(i), arith: true, index: true})
	case c == ']':
		if t != nil && t.kind == nBracket && !t.local {
			if !t.dbl {
				l.pop(i + 1)
			} else if next == ']' {
				l.pop(i + 2)
				return i + 2
			}
		}
	case c == '{' && (cmdStart || afterParen) && (i+1 >= len(src) || isBlank(next) || next == '\n' || next == '('):
		l.push(nestEntry{kind: nBrace, mode: mCode, start: int32(i)})
		l.cmdStart = true
	case c == '}' && cmdStart && wordEnd(src, i+1):
		l.endCmd(i, true)
		if t := l.top(); t != nil && t.kind == nBrace && !t.local {
			l.pop(i + 1)
		}
	case c == '{':
		// Brace expansion nests too: {a,{b,{c,…}}}.
		l.push(nestEntry{kind: nWordBrace, mode: mCode, start: int32(i)})
	case c == '}':
		if t != nil && t.kind == nWordBrace && !t.local {
			l.pop(i + 1)
		}
	case c == '<' && next == '<' && !arith:
		if i+2 < len(src) && src[i+2] == '<' {
			return i + 3 // a here-string
		}
		return l.heredocOp(i + 2)
	case arith && opIn(t, c):
		l.op()
	case c == '\n' || c == ';' || c == '&' || c == '|':
		single := c != '|' && !(c == '&' && (next == '&' || i > 0 && src[i-1] == '&'))
		l.endCmd(i, single)
		l.cmdStart = true
		if c == '\n' && len(l.pending) > 0 {
			l.startHeredoc(i + 1)
		}
	case isBlank(c):
		l.cmdStart, l.afterParen = cmdStart, afterParen
	case !param && cmdStart && 'a' <= c && c <= 'z' || c == '!':
		return l.keyword(i)
	}
	return i + 1
}

// openBackq returns the index of the innermost backquote open in code,
// or -1.
func (l *nestLexer) openBackq() int {
	for k := len(l.stack) - 1; k >= 0; k-- {
		switch l.stack[k].kind {
		case nBackq:
			return k
		case nSingle, nDouble, nANSI, nComment, nHeredoc:
			return -1
		}
	}
	return -1
}

// opIn reports whether c is an operator inside the arithmetic entry t:
// in an index or a glob ([ ]), | & and ; end the command instead.
func opIn(t *nestEntry, c byte) bool {
	ops := "+-*/%<>=!&|^~?:,"
	if t.index {
		ops = "+-*/%<>=!^~?:,"
	}
	return strings.IndexByte(ops, c) >= 0
}

// keyword reads a word at the start of a command: the compound commands
// open and close entries, and some words keep a command starting after
// them.
func (l *nestLexer) keyword(i int) int {
	src := l.src
	j := i
	for j < len(src) && ('a' <= src[j] && src[j] <= 'z' || src[j] == '!') {
		j++
	}
	if !wordEnd(src, j) {
		return i + 1
	}
	closes := func(k nestKind) {
		l.endCmd(i, true)
		if t := l.top(); t != nil && t.kind == k && !t.local {
			l.pop(j)
		}
	}
	switch w := src[i:j]; w {
	case "if":
		l.push(nestEntry{kind: nIf, mode: mCode, start: int32(i)})
		l.cmdStart = true
	case "elif", "else":
		// An elif (and an else) is an if inside the one before.
		l.endCmd(i, true)
		l.push(nestEntry{kind: nIf, mode: mCode, start: int32(i), dbl: true})
		l.cmdStart = true
	case "fi":
		l.endCmd(i, true)
		for t := l.top(); t != nil && t.kind == nIf && t.dbl && !t.local; t = l.top() {
			l.pop(j)
		}
		closes(nIf)
	case "while", "until", "for", "select":
		l.push(nestEntry{kind: nLoop, mode: mCode, start: int32(i)})
		l.cmdStart = true
	case "done":
		closes(nLoop)
	case "case":
		l.push(nestEntry{kind: nCase, mode: mCode, start: int32(i)})
	case "esac":
		closes(nCase)
	case "let":
		l.push(nestEntry{kind: nLet, mode: mCode, start: int32(i), arith: true})
	case "time", "coproc":
		l.push(nestEntry{kind: nTime, mode: mCode, start: int32(i)})
		l.cmdStart = true
	case "then", "do":
		l.endCmd(i, true)
		l.cmdStart = true
	case "!", "in":
		l.cmdStart = true
	}
	return j
}

// heredocOp reads the delimiter after << or <<- at i and queues the body.
// It returns the offset of the delimiter word, which is then lexed as
// any word: "$(( … ))" in a delimiter nests as much as anywhere.
func (l *nestLexer) heredocOp(i int) int {
	src := l.src
	d := heredoc{}
	if i < len(src) && src[i] == '-' {
		d.tabs = true
		i++
	}
	word := i
	for i < len(src) && isBlank(src[i]) {
		i++
	}
	var b strings.Builder
	for i < len(src) && !wordEnd(src, i) {
		switch c := src[i]; c {
		case '\\':
			d.lit = true
			if i+1 < len(src) {
				b.WriteByte(src[i+1])
			}
			i += 2
		case '\'':
			d.lit = true
			k := strings.IndexByte(src[i+1:], '\'')
			if k < 0 {
				d.toEOF = true
				i = len(src)
				continue
			}
			b.WriteString(src[i+1 : i+1+k])
			i += k + 2
		case '"':
			d.lit = true
			i++
			for i < len(src) && src[i] != '"' {
				if src[i] == '\\' || src[i] == '$' || src[i] == '`' {
					d.toEOF = true // a delimiter the lexer does not read
				}
				b.WriteByte(src[i])
				i++
			}
			i++
		case '$', '`':
			d.toEOF = true
			b.WriteByte(c)
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	d.delim = b.String()
	if d.delim == "" {
		d.toEOF = true
	}
	l.pending = append(l.pending, d)
	return word
}

// double reads inside "…" or an unquoted heredoc body.
func (l *nestLexer) double(i int) int {
	src := l.src
	switch c := src[i]; {
	case c == '\\':
		return i + 2
	case c == '"' && l.base() != nHeredoc:
		l.closeText(i + 1)
	case c == '`':
		l.push(nestEntry{kind: nBackq, mode: mCode, start: int32(i)})
		l.cmdStart = true
	case c == '$' && i+1 < len(src) && src[i+1] == '(':
		ar := i+2 < len(src) && src[i+2] == '('
		l.push(nestEntry{kind: nParen, mode: mCode, start: int32(i), arith: ar})
		l.cmdStart = !ar
		return i + 2
	case c == '$' && i+1 < len(src) && src[i+1] == '{':
		l.push(nestEntry{kind: nParam, mode: mParam, start: int32(i), arith: true})
		return i + 2
	case c == '$' && i+1 < len(src) && src[i+1] == '[':
		l.push(nestEntry{kind: nBracket, mode: mCode, start: int32(i), arith: true})
		return i + 2
	default:
		l.textBracket(i)
	}
	return i + 1
}

// textBracket counts a bracket inside text (or a ${ } pattern), local to
// it.
func (l *nestLexer) textBracket(i int) {
	var k nestKind
	switch l.src[i] {
	case '(', ')':
		k = nParen
	case '{', '}':
		k = nBrace
	case '[', ']':
		k = nBracket
	default:
		return
	}
	switch l.src[i] {
	case '(', '{', '[':
		l.push(nestEntry{kind: k, mode: l.mode(), local: true, start: int32(i)})
	default:
		if t := l.top(); t != nil && t.local && t.kind == k {
			l.pop(i + 1)
		}
	}
}

// literal reads inside '…', a comment or a quoted heredoc body.
func (l *nestLexer) literal(i int) int {
	c := l.src[i]
	switch base := l.base(); {
	case c == '\'' && base == nSingle:
		l.closeText(i + 1)
	case c == '\n' && base == nComment:
		l.closeText(i) // the newline is code's
		return i
	default:
		l.textBracket(i)
	}
	return i + 1
}

// ansi reads inside $'…'.
func (l *nestLexer) ansi(i int) int {
	switch l.src[i] {
	case '\\':
		return i + 2
	case '\'':
		l.closeText(i + 1)
	default:
		l.textBracket(i)
	}
	return i + 1
}

// normalize returns src as the parser reads it: without NUL bytes, which
// it skips as bash does (tim\x00e is the keyword time to it, and must be to
// the lexer), and with \r\n as \n.
func normalize(src string) string {
	if strings.IndexByte(src, 0) >= 0 {
		src = strings.ReplaceAll(src, "\x00", "")
	}
	if strings.Contains(src, "\r\n") {
		src = strings.ReplaceAll(src, "\r\n", "\n")
	}
	return src
}

// cutDeep returns src with the spans nested past limit replaced by
// deepWord, and whether it did so; ok is false when the line cannot be
// parsed safely at all.
func cutDeep(src string, limit int) (out string, cut, ok bool) {
	src = normalize(src)
	spans, _, ok := nesting(src, limit)
	if !ok || len(spans) == 0 {
		return src, false, ok
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s[0] < last {
			continue
		}
		b.WriteString(src[last:s[0]])
		b.WriteString(deepWord)
		last = s[1]
	}
	b.WriteString(src[last:])
	return b.String(), true, true
}
