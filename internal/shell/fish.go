package shell

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/lazy"
	"mvdan.cc/sh/v3/syntax"
)

// This file is a parser for fish's grammar, as fish 3.6 reads it (plus
// "$(cmd)" inside double quotes, which fish 3.4 added). It builds the
// syntax tree types of mvdan.cc/sh, so that the analyzer walks a fish
// line as it walks a bash one:
//
//	begin … end, { …; }          *syntax.Block ({ } is fish 4.1's); its set -l
//	                             variables are erased (unknown) at its end
//	if … else if … else … end    *syntax.IfClause
//	while … end                  *syntax.WhileClause
//	for X in ITEMS; … end        *syntax.ForClause over a *syntax.WordIter
//	switch W; case P…; … end     *syntax.CaseClause
//	function NAME …; … end       *syntax.FuncDecl; -a NAMES become set -l NAME $argv[N]
//	a && b, a; and b, a | b      *syntax.BinaryCmd (and/or join a job to the one before it)
//	not X, ! X                   Stmt.Negated
//	time X                       *syntax.TimeClause
//	set [-x…] NAME VALUES…       *syntax.DeclClause "set": flags, then NAME=(VALUES…)
//	VAR=val cmd                  CallExpr.Assigns
//	VAR=val begin … end          *syntax.Subshell: a set marked --prefix, the block
//	(cmd), $(cmd)                *syntax.CmdSubst
//	$var, $var[1..2]             *syntax.ParamExp (Short, Index holds the slice)
//	$$var, (cmd)[1]              *syntax.ParamExp with NestedParam
//
// Words keep fish's source text: a *syntax.Lit holds the unquoted text
// with its escapes, braces and wildcards as typed, a *syntax.SglQuoted
// the text between the quotes. They are expanded with fish's rules by
// fishFields (fishexpand.go), never by mvdan's bash expansion.
//
// Every loop reads input forward; nesting (blocks, substitutions, not
// not …, $$…) is limited to maxFishDepth, and errors carry line:col as a
// syntax.ParseError, incomplete (syntax.IsIncomplete) when fish would
// read another line: an open quote, "(", block, or a trailing \, | or &&.
// On an error the tree holds what came before it, the word it stopped in
// included, so that what an unfinished line holds is judged.

// maxFishDepth is how deeply blocks, substitutions and the like may nest.
const maxFishDepth = 256

type ftokKind uint8

const (
	ftEOF        ftokKind = iota
	ftWord                // a word (fish calls it a string)
	ftEnd                 // ; or a newline
	ftPipe                // |, &|, 2>|
	ftAndAnd              // &&
	ftOrOr                // ||
	ftRedir               // >, >>, <, 2>, &>, >&2, …
	ftBackground          // &
	ftClose               // ) ending a command substitution
	ftLbrace              // { followed by a space where a token starts (fish 4.1's begin)
	ftRbrace              // } where a token starts
	ftError               // the lexer stopped here; the error is recorded
)

// ftok is one token of a fish line.
type ftok struct {
	kind     ftokKind
	pos, end int // byte offsets in the source
	word     *syntax.Word
	newline  bool                 // ftEnd: a newline rather than ';'
	op       syntax.RedirOperator // ftRedir
	fd       string               // ftRedir: the explicit descriptor, as written
	all      bool                 // ftPipe: &| (stdout and stderr)
}

// fishState is shared by a parser and the parsers of its substitutions.
type fishState struct {
	src   string
	lines []int // offset of the start of each line
	err   *syntax.ParseError
	depth int
}

// fishParser reads one job list: the whole line, or the inside of a
// command substitution (sub), which ends at its ')'.
type fishParser struct {
	*fishState
	off int
	la  [2]ftok // lookahead: la[:n]
	n   int
	sub bool
}

// parseFish parses a fish line. On an error it returns the error with
// the statements read before it (and the unfinished one, as far as it
// got), so that `rm -rf / )` is still judged.
func parseFish(src string) (*syntax.File, error) {
	st := &fishState{src: src, lines: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			st.lines = append(st.lines, i+1)
		}
	}
	p := &fishParser{fishState: st}
	stmts := p.jobList()
	if p.ok() {
		if t := p.peek(0); t.kind != ftEOF {
			p.unbalanced(t)
		}
	}
	f := &syntax.File{Stmts: stmts}
	if st.err != nil {
		return f, *st.err
	}
	return f, nil
}

func (p *fishParser) ok() bool { return p.err == nil }

// posAt returns the position of a byte offset.
func (s *fishState) posAt(off int) syntax.Pos {
	off = min(max(off, 0), len(s.src))
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	col := off - s.lines[line-1] + 1
	return syntax.NewPos(uint(off), uint(line), uint(col))
}

// fail records the first error; incomplete says that fish would wait for
// more input rather than reject the line.
func (s *fishState) fail(off int, incomplete bool, format string, args ...any) {
	if s.err != nil {
		return
	}
	s.err = &syntax.ParseError{Pos: s.posAt(off), Text: fmt.Sprintf(format, args...), Incomplete: incomplete}
}

// unbalanced reports a token that no rule could take where it stands.
func (p *fishParser) unbalanced(t ftok) {
	switch p.keyword(t) {
	case "end":
		p.fail(t.pos, false, "'end' outside of a block")
	case "else":
		p.fail(t.pos, false, "'else' builtin not inside of if block")
	case "case":
		p.fail(t.pos, false, "'case' builtin not inside of switch block")
	default:
		if t.kind == ftRbrace {
			p.fail(t.pos, false, "Unexpected '}' for unopened brace expansion")
			return
		}
		p.fail(t.pos, false, "Expected a string, but found %s", p.describe(t))
	}
}

// brief shortens source text quoted in an error message.
func brief(s string) string {
	if len(s) <= 40 {
		return s
	}
	return strings.ToValidUTF8(s[:40], "") + "…"
}

func (p *fishParser) describe(t ftok) string {
	switch t.kind {
	case ftEOF:
		return "end of the input"
	case ftWord:
		if kw := p.keyword(t); kw != "" {
			return "keyword '" + kw + "'"
		}
		return "a string"
	case ftEnd:
		return "end of the statement"
	case ftPipe:
		return "a pipe"
	case ftAndAnd:
		return "'&&'"
	case ftOrOr:
		return "'||'"
	case ftRedir:
		return "a redirection"
	case ftBackground:
		return "a '&'"
	case ftClose:
		return "')'"
	case ftLbrace:
		return "'{'"
	case ftRbrace:
		return "'}'"
	}
	return "an error"
}

// enter guards one more level of nesting.
func (p *fishParser) enter(off int) bool {
	if p.depth >= maxFishDepth {
		p.fail(off, false, "nested more than %d levels deep", maxFishDepth)
		return false
	}
	p.depth++
	return true
}

func (p *fishParser) leave() { p.depth-- }

// peek returns the token i places ahead (0 or 1). It does not read past
// the end, an error, a ')' or a '{': what follows a '{' depends on whether
// it opens a block or a word, so it repeats those instead.
func (p *fishParser) peek(i int) ftok {
	for p.n <= i {
		if !p.ok() {
			// Nothing is read after an error.
			p.la[p.n] = ftok{kind: ftError, pos: p.off, end: p.off}
		} else if p.n > 0 && sticky(p.la[p.n-1].kind) {
			p.la[p.n] = p.la[p.n-1]
		} else {
			p.la[p.n] = p.lex()
		}
		p.n++
	}
	return p.la[i]
}

func sticky(k ftokKind) bool {
	return k == ftEOF || k == ftError || k == ftClose || k == ftLbrace
}

func (p *fishParser) next() ftok {
	t := p.peek(0)
	p.la[0], p.la[1] = p.la[1], ftok{}
	p.n--
	if t.kind == ftLbrace {
		p.n = 0 // its repeats: reading goes on after the '{'
	}
	return t
}

// wordish reports whether t can be read as a word: a '{' can.
func wordish(t ftok) bool { return t.kind == ftWord || t.kind == ftLbrace }

// takeWord reads the next token as a word: a '{' where a word is wanted
// is the start of one ({ a, b }).
func (p *fishParser) takeWord() ftok {
	t := p.next()
	if t.kind != ftLbrace {
		return t
	}
	p.off = t.pos
	w := p.lexWord()
	t = ftok{kind: ftWord, pos: t.pos, end: p.off, word: w}
	if !p.ok() {
		t.kind = ftError
	}
	return t
}

// skipNewlines skips the newlines fish allows after |, && and ||.
func (p *fishParser) skipNewlines() {
	for p.ok() {
		if t := p.peek(0); t.kind != ftEnd || !t.newline {
			return
		}
		p.next()
	}
}

// isFishSpace reports whether r separates tokens where a token may start:
// fish skips what the C library calls a space (iswspace), but for '\n'.
func isFishSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\v', '\f', 0x1680, 0x2028, 0x2029, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a && r != 0x2007
}

// lex reads the token at p.off.
func (p *fishParser) lex() ftok {
	src := p.src
	cont := false // after a \ newline, a comment does not end the line
	for p.off < len(src) {
		c := src[p.off]
		if c == '\\' && p.off+1 < len(src) && src[p.off+1] == '\n' {
			p.off += 2
			cont = true
			continue
		}
		if c == '#' {
			for p.off < len(src) && src[p.off] != '\n' {
				p.off++
			}
			if cont && p.off < len(src) {
				p.off++
			}
			continue
		}
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(src[p.off:])
		}
		if !isFishSpace(r) {
			break
		}
		p.off += n
	}
	start := p.off
	if start >= len(src) {
		return ftok{kind: ftEOF, pos: start, end: start}
	}
	at := func(i int) byte {
		if i < len(src) {
			return src[i]
		}
		return 0
	}
	tok := func(k ftokKind, n int) ftok {
		p.off = start + n
		return ftok{kind: k, pos: start, end: start + n}
	}
	c := src[start]
	switch c {
	case '\n', ';':
		t := tok(ftEnd, 1)
		t.newline = c == '\n'
		for p.off < len(src) && (src[p.off] == '\n' || src[p.off] == '\r' || src[p.off] == ' ' || src[p.off] == '\t') {
			p.off++
		}
		return t
	case '&':
		switch at(start + 1) {
		case '&':
			return tok(ftAndAnd, 2)
		case '|':
			t := tok(ftPipe, 2)
			t.all = true
			return t
		case '>':
			return p.redirection(start, start)
		}
		return tok(ftBackground, 1)
	case '|':
		switch at(start + 1) {
		case '|':
			return tok(ftOrOr, 2)
		case '&':
			p.fail(start, false, "|& is not valid. In fish, use &| to pipe both stdout and stderr.")
			return tok(ftError, 2)
		}
		return tok(ftPipe, 1)
	case '>', '<':
		return p.redirection(start, start)
	case ')':
		if p.sub {
			return tok(ftClose, 1)
		}
		p.fail(start, false, "Unexpected ')' for unopened parenthesis")
		return tok(ftError, 1)
	case '{':
		switch at(start + 1) {
		case ' ', '\t', '\n', '\r', ';':
			return tok(ftLbrace, 1)
		}
	case '}':
		return tok(ftRbrace, 1)
	case 0:
		p.fail(start, false, "a NUL byte in the line")
		return tok(ftError, 1)
	}
	if c >= '0' && c <= '9' {
		i := start
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		if at(i) == '>' || at(i) == '<' {
			return p.redirection(start, i)
		}
	}
	w := p.lexWord()
	t := ftok{kind: ftWord, pos: start, end: p.off, word: w}
	if !p.ok() {
		t.kind = ftError
	}
	return t
}

// redirection reads a redirection or an fd pipe (2>|) starting at start,
// whose operator starts at op (after any descriptor digits).
func (p *fishParser) redirection(start, op int) ftok {
	src := p.src
	at := func(i int) byte {
		if i < len(src) {
			return src[i]
		}
		return 0
	}
	t := ftok{kind: ftRedir, pos: start, fd: src[start:op]}
	i := op
	switch {
	case src[i] == '&': // &> &>> &>? &>>?
		i += 2
		t.op = syntax.RdrAll
		if at(i) == '>' {
			i++
			t.op = syntax.AppAll
		}
		if at(i) == '?' {
			i++
			t.op = syntax.RdrAll
		}
	case src[i] == '<':
		i++
		t.op = syntax.RdrIn
		if at(i) == '&' {
			i++
			t.op = syntax.DplIn
		}
	default: // '>'
		i++
		t.op = syntax.RdrOut
		if at(i) == '>' {
			i++
			t.op = syntax.AppOut
		}
		switch at(i) {
		case '|':
			i++
			if t.fd != "" && strings.Trim(t.fd, "0") == "" {
				p.fail(start, false, "Cannot use stdin (fd 0) as pipe output")
				p.off = i
				return ftok{kind: ftError, pos: start, end: i}
			}
			t.kind = ftPipe
		case '&':
			i++
			t.op = syntax.DplOut
		case '?':
			// >? and >>? create the file only if it does not exist: a
			// write all the same, judged as one.
			i++
			t.op = syntax.RdrOut
		}
	}
	if len(t.fd) > 9 {
		p.fail(start, false, "Invalid input/output redirection")
		p.off = i
		return ftok{kind: ftError, pos: start, end: i}
	}
	p.off = i
	t.end = i
	return t
}

// wordEnds reports whether the byte at i ends an unquoted word.
func (s *fishState) wordEnds(i int) bool {
	switch s.src[i] {
	case ' ', '\t', '\n', '\r', ';', '|', '<', '>', 0:
		return true
	case '&':
		// fish 3.4 and later: & inside a word is a letter of it.
		if i+1 >= len(s.src) {
			return true
		}
		switch s.src[i+1] {
		case ' ', '\t', '\n', '\r', ';', '|', '<', '>', '&', 0:
			return true
		}
	}
	return false
}

func (s *fishState) lit(from, to int) *syntax.Lit {
	return &syntax.Lit{ValuePos: s.posAt(from), ValueEnd: s.posAt(to), Value: s.src[from:to]}
}

// lexWord reads one word at p.off, up to the first unquoted separator
// outside braces and brackets (where fish lets spaces and ; be letters).
func (p *fishParser) lexWord() *syntax.Word {
	src := p.src
	start := p.off
	var parts []syntax.WordPart
	litFrom := -1
	flush := func() {
		if litFrom >= 0 && litFrom < p.off {
			parts = append(parts, p.lit(litFrom, p.off))
		}
		litFrom = -1
	}
	var braces []int // offsets of the open braces
	bracket := -1    // offset of the [ that made spaces letters
loop:
	for p.off < len(src) && p.ok() {
		c := src[p.off]
		if len(braces) == 0 && bracket < 0 && p.wordEnds(p.off) {
			break
		}
		switch c {
		case '\'':
			flush()
			parts = append(parts, p.sglQuoted())
			continue
		case '"':
			flush()
			parts = append(parts, p.dblQuoted())
			continue
		case '$':
			flush()
			hadIndex := false
			parts = append(parts, p.dollar(false, &hadIndex))
			if hadIndex {
				bracket = -1 // fish's tokenizer: its ] ends [ mode too
			}
			continue
		case '(':
			flush()
			parts = append(parts, p.cmdSubst(p.off, p.off, true))
			continue
		case ')':
			if len(braces) > 0 {
				p.fail(p.off, false, "Unexpected ')' found, expecting '}'")
				return p.word(parts, start)
			}
			break loop
		}
		if litFrom < 0 {
			litFrom = p.off
		}
		switch c {
		case '\\':
			p.off = p.escape(p.off)
			continue
		case '{':
			braces = append(braces, p.off)
		case '}':
			if len(braces) == 0 {
				p.fail(p.off, false, "Unexpected '}' for unopened brace expansion")
				flush()
				return p.word(parts, start)
			}
			braces = braces[:len(braces)-1]
		case '[':
			if p.off != start && bracket < 0 {
				bracket = p.off
			}
		case ']':
			bracket = -1
		}
		p.off++
	}
	if len(parts) == 0 && litFrom >= 0 && litFrom < p.off && p.ok() && len(braces) == 0 && bracket < 0 {
		// The common case, one plain word: one allocation.
		pw := &litWord{lit: syntax.Lit{ValuePos: p.posAt(litFrom), ValueEnd: p.posAt(p.off), Value: src[litFrom:p.off]}}
		pw.parts[0] = &pw.lit
		pw.word.Parts = pw.parts[:]
		return &pw.word
	}
	flush()
	if p.ok() {
		switch {
		case len(braces) > 0:
			p.fail(braces[len(braces)-1], false, "Unexpected end of string, incomplete parameter expansion")
		case bracket >= 0:
			p.fail(bracket, false, "Unexpected end of string, square brackets do not match")
		}
	}
	return p.word(parts, start)
}

// litWord is a word of one literal, allocated at once.
type litWord struct {
	word  syntax.Word
	parts [1]syntax.WordPart
	lit   syntax.Lit
}

// word makes a word of parts; a word always has a part, for its position.
func (p *fishParser) word(parts []syntax.WordPart, at int) *syntax.Word {
	if len(parts) == 0 {
		parts = []syntax.WordPart{p.lit(at, at)}
	}
	return &syntax.Word{Parts: parts}
}

// escape checks the unquoted escape at i (a backslash) and returns the
// offset after it. A backslash at the end of the input continues the
// line; an escape fish rejects ("\x" without digits, "\400") is an error.
func (p *fishParser) escape(i int) int {
	if i+1 >= len(p.src) {
		p.fail(i, true, "Unexpected end of string, incomplete escape sequence")
		return len(p.src)
	}
	_, next, bad := fishEscape(p.src, i)
	if bad != "" {
		p.fail(i, false, "%s", bad)
	}
	return next
}

// fishEscape decodes the unquoted escape sequence at src[i] == '\\'. It
// returns the bytes it stands for, the offset after it, and why fish
// rejects it, if it does. \xHH is a byte; \ooo at most \177; \uXXXX and
// \UXXXXXXXX a character (a surrogate stands for nothing); \cX a control
// character; a backslash before a newline nothing; before anything else,
// that character itself.
func fishEscape(src string, i int) (out string, next int, bad string) {
	if i+1 >= len(src) {
		return "", len(src), ""
	}
	c := src[i+1]
	digits := func(from, most, base int) (val, n int) {
		for n < most && from+n < len(src) {
			d := digitVal(src[from+n])
			if d < 0 || d >= base {
				break
			}
			val = val*base + d
			n++
		}
		return
	}
	switch c {
	case '\n':
		return "", i + 2, ""
	case 'x', 'X':
		v, n := digits(i+2, 2, 16)
		if n == 0 {
			return "", i + 2, "Incomplete escape sequence '\\" + string(c) + "'"
		}
		return string([]byte{byte(v)}), i + 2 + n, ""
	case 'u', 'U':
		most, limit := 4, 0xffff
		if c == 'U' {
			most, limit = 8, 0x10ffff
		}
		v, n := digits(i+2, most, 16)
		if n == 0 {
			return "", i + 2, "Incomplete escape sequence '\\" + string(c) + "'"
		}
		if v > limit {
			return "", i + 2 + n, "Invalid token '" + src[i:i+2+n] + "'"
		}
		if v >= 0xd800 && v <= 0xdfff {
			return "", i + 2 + n, ""
		}
		return string(rune(v)), i + 2 + n, ""
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v, n := digits(i+1, 3, 8)
		if v > 0x7f {
			return "", i + 1 + n, "Invalid token '" + src[i:i+1+n] + "'"
		}
		return string([]byte{byte(v)}), i + 1 + n, ""
	case 'c':
		if i+2 >= len(src) {
			return "", i + 2, "Incomplete escape sequence '\\c'"
		}
		x := src[i+2]
		switch {
		case x >= 'a' && x <= 'a'+32:
			return string([]byte{x - 'a' + 1}), i + 3, ""
		case x >= 'A' && x <= 'A'+32:
			return string([]byte{x - 'A' + 1}), i + 3, ""
		}
		return "", i + 3, "Invalid token '" + src[i:i+3] + "'"
	case 'a':
		return "\a", i + 2, ""
	case 'b':
		return "\b", i + 2, ""
	case 'e':
		return "\x1b", i + 2, ""
	case 'f':
		return "\f", i + 2, ""
	case 'n':
		return "\n", i + 2, ""
	case 'r':
		return "\r", i + 2, ""
	case 't':
		return "\t", i + 2, ""
	case 'v':
		return "\v", i + 2, ""
	}
	_, n := utf8.DecodeRuneInString(src[i+1:])
	return src[i+1 : i+1+n], i + 1 + n, ""
}

func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// sglQuoted reads '…', where only \' and \\ are escapes.
func (p *fishParser) sglQuoted() *syntax.SglQuoted {
	left := p.off
	i := left + 1
	for ; i < len(p.src); i++ {
		switch p.src[i] {
		case '\\':
			i++
			continue
		case '\'':
			p.off = i + 1
			return &syntax.SglQuoted{Left: p.posAt(left), Right: p.posAt(i), Value: p.src[left+1 : i]}
		}
	}
	p.fail(left, true, "Unexpected end of string, quotes are not balanced")
	p.off = len(p.src)
	return &syntax.SglQuoted{Left: p.posAt(left), Right: p.posAt(len(p.src)), Value: p.src[left+1:]}
}

// dblQuoted reads "…", with $var, $var[…] and $(cmd) inside.
func (p *fishParser) dblQuoted() *syntax.DblQuoted {
	left := p.off
	q := &syntax.DblQuoted{Left: p.posAt(left)}
	p.off++
	litFrom := p.off
	flush := func() {
		if litFrom < p.off {
			q.Parts = append(q.Parts, p.lit(litFrom, p.off))
		}
	}
	for p.off < len(p.src) && p.ok() {
		switch p.src[p.off] {
		case '\\':
			p.off += 2
			continue
		case '"':
			flush()
			q.Right = p.posAt(p.off)
			p.off++
			return q
		case '$':
			flush()
			q.Parts = append(q.Parts, p.dollar(true, nil))
			litFrom = p.off
			continue
		}
		p.off++
	}
	p.off = min(p.off, len(p.src))
	flush()
	p.fail(left, true, "Unexpected end of string, quotes are not balanced")
	q.Right = p.posAt(len(p.src))
	return q
}

// isVarChar reports whether the rune at i can be part of a variable
// name, and its length.
func (s *fishState) isVarChar(i int) (bool, int) {
	if i >= len(s.src) {
		return false, 0
	}
	c := s.src[i]
	if c < utf8.RuneSelf {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9', 1
	}
	r, n := utf8.DecodeRuneInString(s.src[i:])
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)), n
}

// dollar reads $name, $name[…], $$name or $(cmd) at p.off.
func (p *fishParser) dollar(quoted bool, hadIndex *bool) syntax.WordPart {
	d := p.off
	if d+1 < len(p.src) {
		switch p.src[d+1] {
		case '(':
			cs := p.cmdSubst(d, d+1, !quoted)
			return cs
		case '$':
			if !p.enter(d) {
				p.off = len(p.src)
				return p.lit(d, d+1)
			}
			p.off++
			inner := p.dollar(quoted, hadIndex)
			p.leave()
			// Short with a nil Param has no End: give it a brace instead.
			return &syntax.ParamExp{Dollar: p.posAt(d), Rbrace: p.posAt(p.off - 1), NestedParam: inner}
		}
	}
	i := d + 1
	for {
		ok, n := p.isVarChar(i)
		if !ok {
			break
		}
		i += n
	}
	if i == d+1 {
		if d+1 < len(p.src) && p.src[d+1] == '$' {
			p.fail(d, false, "$$ is not the pid. In fish, please use $fish_pid.")
		} else {
			p.fail(d, false, "Expected a variable name after this $.")
		}
		p.off = d + 1
		return p.lit(d, d+1)
	}
	pe := &syntax.ParamExp{Dollar: p.posAt(d), Short: true, Param: p.lit(d+1, i)}
	p.off = i
	if i < len(p.src) && p.src[i] == '[' {
		pe.Index = p.index()
		if hadIndex != nil {
			*hadIndex = true
		}
	}
	return pe
}

// index reads a slice [1], [2..3], [$i], [(cmd)] at p.off, and returns
// what is between the brackets.
func (p *fishParser) index() *syntax.Word {
	open := p.off
	if !p.enter(open) {
		p.off = len(p.src)
		return p.word(nil, open)
	}
	defer p.leave()
	p.off++
	var parts []syntax.WordPart
	litFrom := p.off
	flush := func() {
		if litFrom < p.off {
			parts = append(parts, p.lit(litFrom, p.off))
		}
	}
	for p.off < len(p.src) && p.ok() {
		switch p.src[p.off] {
		case ']':
			flush()
			if len(parts) == 0 {
				parts = append(parts, p.lit(p.off, p.off))
			}
			p.off++
			return &syntax.Word{Parts: parts}
		case '\\':
			p.off = p.escape(p.off)
			continue
		case '\'':
			flush()
			parts = append(parts, p.sglQuoted())
		case '"':
			flush()
			parts = append(parts, p.dblQuoted())
		case '$':
			flush()
			parts = append(parts, p.dollar(false, nil))
		case '(':
			flush()
			parts = append(parts, p.cmdSubst(p.off, p.off, false))
		default:
			p.off++
			continue
		}
		litFrom = p.off
	}
	p.off = min(p.off, len(p.src))
	flush()
	p.fail(open, false, "Unexpected end of string, square brackets do not match")
	return p.word(parts, open)
}

// cmdSubst reads (cmd) or $(cmd), whose '(' is at lparen and which
// starts at left; slice says whether (cmd)[…] may follow.
func (p *fishParser) cmdSubst(left, lparen int, slice bool) syntax.WordPart {
	cs := &syntax.CmdSubst{Left: p.posAt(left)}
	if !p.enter(lparen) {
		p.off = len(p.src)
		cs.Right = p.posAt(len(p.src))
		return cs
	}
	sp := &fishParser{fishState: p.fishState, off: lparen + 1, sub: true}
	cs.Stmts = sp.jobList()
	p.leave()
	if !p.ok() {
		p.off = len(p.src)
		cs.Right = p.posAt(len(p.src))
		return cs
	}
	t := sp.peek(0)
	switch t.kind {
	case ftClose:
		cs.Right = p.posAt(t.pos)
		p.off = t.end
	case ftEOF:
		p.fail(lparen, true, "Unexpected end of string, expecting ')'")
		p.off = len(p.src)
		cs.Right = p.posAt(len(p.src))
		return cs
	default:
		sp.unbalanced(t)
		p.off = len(p.src)
		cs.Right = p.posAt(len(p.src))
		return cs
	}
	if slice && p.off < len(p.src) && p.src[p.off] == '[' {
		return &syntax.ParamExp{Dollar: cs.Left, Short: true, NestedParam: cs, Index: p.index()}
	}
	return cs
}

// fishKeywords are the words fish reads as keywords where a command starts.
var fishKeywords = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"and": true, "begin": true, "builtin": true, "case": true, "command": true, "else": true,
		"end": true, "exec": true, "for": true, "function": true, "if": true, "in": true,
		"not": true, "or": true, "switch": true, "time": true, "while": true,
	}
}}

// keyword returns the keyword a token is, if any. Like fish, quotes are
// removed first ('if' is a keyword), but an escape makes a command (\if).
func (p *fishParser) keyword(t ftok) string {
	if t.kind != ftWord {
		return ""
	}
	raw := p.src[t.pos:t.end]
	if raw == "!" {
		return "!"
	}
	quoted := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\'' || c == '"' {
			quoted = true
		} else if c < 'a' || c > 'z' {
			return ""
		}
	}
	if quoted {
		raw = strings.NewReplacer("'", "", `"`, "").Replace(raw)
	}
	if fishKeywords.Get()[raw] {
		return raw
	}
	return ""
}

func (p *fishParser) raw(t ftok) string { return p.src[t.pos:t.end] }

func (p *fishParser) isHelp(t ftok) bool {
	return t.kind == ftWord && (p.raw(t) == "-h" || p.raw(t) == "--help")
}

func (p *fishParser) dashed(t ftok) bool {
	return t.kind == ftWord && strings.HasPrefix(p.raw(t), "-")
}

// assignEq returns the offset of the = of a word like NAME=value, or -1.
func (p *fishParser) assignEq(t ftok) int {
	if t.kind != ftWord {
		return -1
	}
	i := t.pos
	for i < t.end {
		ok, n := p.isVarChar(i)
		if !ok {
			break
		}
		i += n
	}
	if i > t.pos && i < t.end && p.src[i] == '=' {
		return i
	}
	return -1
}

// jobList reads jobs up to the end of the input, a ')' of a substitution,
// or end, else and case, which the caller handles.
func (p *fishParser) jobList() []*syntax.Stmt {
	var list []*syntax.Stmt
	for p.ok() {
		t := p.peek(0)
		switch t.kind {
		case ftEnd:
			p.next()
			continue
		case ftError:
			if t.word != nil {
				list = p.conjunction(list) // the word an error stopped in
			}
			return list
		case ftEOF, ftClose, ftRbrace:
			return list
		case ftWord, ftLbrace:
			switch p.keyword(t) {
			case "end", "else", "case":
				return list
			}
		default:
			p.next()
			p.fail(t.pos, false, "Expected a string, but found %s", p.describe(t))
			return list
		}
		list = p.conjunction(list)
	}
	return list
}

// conjunction reads one job conjunction (a && b || c, maybe after and or
// or) and adds it to list: and/or join it to the job before it, as &&
// and || would.
func (p *fishParser) conjunction(list []*syntax.Stmt) []*syntax.Stmt {
	t := p.peek(0)
	deco := ""
	if kw := p.keyword(t); (kw == "and" || kw == "or") && !p.isHelp(p.peek(1)) {
		deco = kw
		p.next()
	}
	s := p.job()
	for s != nil && p.ok() {
		t := p.peek(0)
		if t.kind != ftAndAnd && t.kind != ftOrOr {
			break
		}
		p.next()
		p.skipNewlines()
		if p.peek(0).kind == ftEOF {
			p.fail(p.peek(0).pos, true, "Expected a command, but found end of the input")
			break
		}
		y := p.job()
		if y == nil {
			break
		}
		op := syntax.AndStmt
		if t.kind == ftOrOr {
			op = syntax.OrStmt
		}
		s = &syntax.Stmt{Position: s.Position, Cmd: &syntax.BinaryCmd{OpPos: p.posAt(t.pos), Op: op, X: s, Y: y}}
	}
	if s == nil {
		return list
	}
	if deco != "" && len(list) > 0 {
		op := syntax.AndStmt
		if deco == "or" {
			op = syntax.OrStmt
		}
		prev := list[len(list)-1]
		list[len(list)-1] = &syntax.Stmt{Position: prev.Position, Cmd: &syntax.BinaryCmd{OpPos: p.posAt(t.pos), Op: op, X: prev, Y: s}}
		return list
	}
	// and/or with nothing before them in this list depend on a status
	// from outside it: the job may run.
	return append(list, s)
}

// job reads [time] [VAR=val…] statement [| statement…] [&].
func (p *fishParser) job() *syntax.Stmt {
	timePos := -1
	if p.keyword(p.peek(0)) == "time" && !p.dashed(p.peek(1)) {
		timePos = p.next().pos
	}
	s := p.assigned()
	if s == nil {
		return nil
	}
	for p.ok() {
		t := p.peek(0)
		if t.kind != ftPipe {
			break
		}
		p.next()
		p.skipNewlines()
		n := p.peek(0)
		if n.kind == ftEOF {
			p.fail(n.pos, true, "Expected a command, but found end of the input")
			break
		}
		if kw := p.keyword(n); kw == "and" || kw == "or" {
			p.fail(n.pos, false, "The '%s' command can not be used in a pipeline", kw)
			break
		}
		y := p.assigned()
		if y == nil {
			break
		}
		op := syntax.Pipe
		if t.all {
			op = syntax.PipeAll
		}
		s = &syntax.Stmt{Position: s.Position, Cmd: &syntax.BinaryCmd{OpPos: p.posAt(t.pos), Op: op, X: s, Y: y}}
	}
	if timePos >= 0 {
		s = &syntax.Stmt{Position: p.posAt(timePos), Cmd: &syntax.TimeClause{Time: p.posAt(timePos), Stmt: s}}
	}
	if p.ok() && p.peek(0).kind == ftBackground {
		t := p.next()
		s.Background = true
		s.Semicolon = p.posAt(t.pos)
	}
	return s
}

// assigned reads a statement with the VAR=value words before it.
func (p *fishParser) assigned() *syntax.Stmt {
	var assigns []*syntax.Assign
	for p.ok() {
		t := p.peek(0)
		eq := p.assignEq(t)
		if eq < 0 || !wordish(p.peek(1)) {
			break
		}
		p.next()
		assigns = append(assigns, p.assign(t, eq))
	}
	if !p.ok() && p.peek(0).word == nil {
		return nil
	}
	s := p.statement()
	if s == nil || len(assigns) == 0 {
		return s
	}
	if c, ok := s.Cmd.(*syntax.CallExpr); ok && !s.Negated {
		c.Assigns = assigns
		s.Position = assigns[0].Pos()
		return s
	}
	// VAR=val begin … end: the variables hold inside the statement only.
	// They are a set marked as a prefix (BELAY_ACK= counts there).
	pre := make([]*syntax.Stmt, 0, len(assigns)+1)
	for _, as := range assigns {
		at := as.Pos()
		mark := &syntax.Assign{Naked: true, Value: &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{ValuePos: at, ValueEnd: at, Value: prefixFlag}}}}
		pre = append(pre, &syntax.Stmt{Position: at, Cmd: p.setDecl(at, []*syntax.Assign{mark}, as)})
	}
	rparen := p.closer(int(s.End().Offset()), len(")"))
	return &syntax.Stmt{Position: assigns[0].Pos(), Cmd: &syntax.Subshell{Lparen: assigns[0].Pos(), Rparen: rparen, Stmts: append(pre, s)}}
}

// assign splits a NAME=value word at its '=' (at offset eq).
func (p *fishParser) assign(t ftok, eq int) *syntax.Assign {
	as := &syntax.Assign{Name: p.lit(t.pos, eq)}
	var parts []syntax.WordPart
	// The name is plain letters, so the = is in the first part, a Lit.
	if first, ok := t.word.Parts[0].(*syntax.Lit); ok && first.ValueEnd.Offset() > uint(eq) {
		if rest := int(first.ValueEnd.Offset()); rest > eq+1 {
			parts = append(parts, p.lit(eq+1, rest))
		}
		parts = append(parts, t.word.Parts[1:]...)
	}
	if len(parts) > 0 {
		as.Value = &syntax.Word{Parts: parts}
	}
	return as
}

// setDecl builds the DeclClause for set with the given flag words and
// assignment.
func (p *fishParser) setDecl(at syntax.Pos, flags []*syntax.Assign, as ...*syntax.Assign) *syntax.DeclClause {
	return &syntax.DeclClause{
		Variant: &syntax.Lit{ValuePos: at, ValueEnd: at, Value: "set"},
		Args:    append(flags, as...),
	}
}

// statement reads one statement; like fish, a keyword followed by an
// option or by nothing is an ordinary command (if --help, a naked not).
func (p *fishParser) statement() *syntax.Stmt {
	t := p.peek(0)
	if t.kind == ftLbrace {
		return p.braceStatement()
	}
	if t.kind == ftError && t.word != nil {
		return p.decorated() // the word an error stopped in
	}
	if t.kind != ftWord {
		if t.kind != ftError {
			p.fail(t.pos, false, "Expected a command, but found %s", p.describe(t))
		}
		return nil
	}
	if p.assignEq(t) >= 0 {
		p.next()
		name := p.src[t.pos:p.assignEq(t)]
		p.fail(t.pos, false, "Unsupported use of '='. In fish, please use 'set %s %s'.", brief(name), brief(p.src[p.assignEq(t)+1:t.end]))
		return nil
	}
	kw := p.keyword(t)
	t2 := p.peek(1)
	switch {
	case kw == "":
		return p.decorated()
	case kw == "function" && p.isHelp(t2):
		return p.decorated()
	case kw != "function" && p.dashed(t2):
		return p.decorated()
	case kw != "begin" && kw != "end" && (t2.kind == ftEnd || t2.kind == ftEOF):
		return p.decorated()
	}
	switch kw {
	case "not", "!":
		return p.notStatement()
	case "for":
		return p.forStatement()
	case "while":
		return p.whileStatement()
	case "function":
		return p.functionStatement()
	case "begin":
		return p.beginStatement()
	case "if":
		return p.ifStatement()
	case "switch":
		return p.switchStatement()
	case "end":
		p.fail(t.pos, false, "Expected a command, but found keyword 'end'")
		return nil
	case "and", "or":
		// `true && and rm -rf /`: fish runs its builtin "and", which does
		// nothing; judging the command after it costs nothing.
		if wordish(t2) {
			p.next()
			return p.statement()
		}
	}
	return p.decorated()
}

// decorated reads a command and its arguments and redirections.
func (p *fishParser) decorated() *syntax.Stmt {
	t := p.next()
	cs := &callStmt{}
	s, call := &cs.stmt, &cs.call
	s.Position = p.posAt(t.pos)
	call.Args = append(cs.args[:0], t.word)
	s.Cmd = call
	if hasCmdSubst(t.word.Parts) {
		p.fail(t.pos, false, "command substitutions not allowed here")
		return s
	}
	p.argsAndRedirs(s, &call.Args)
	if d := p.setStatement(call); d != nil {
		s.Cmd = d
	}
	return s
}

// argsAndRedirs reads the words and redirections of a statement.
func (p *fishParser) argsAndRedirs(s *syntax.Stmt, args *[]*syntax.Word) {
	for {
		t := p.peek(0)
		switch t.kind {
		case ftWord, ftLbrace, ftError:
			if t.kind != ftError {
				t = p.takeWord()
			} else if t.word != nil {
				p.next() // the word an error stopped in: what it holds is judged
			}
			if t.word == nil {
				return
			}
			if args == nil {
				p.fail(t.pos, false, "'end' does not take arguments. Did you forget a ';'?")
				return
			}
			*args = append(*args, t.word)
		case ftRedir:
			p.next()
			if r := p.redirect(t); r != nil {
				s.Redirs = append(s.Redirs, r)
			}
		default:
			return
		}
		if !p.ok() {
			return
		}
	}
}

// callStmt is a statement that calls a command, allocated at once.
type callStmt struct {
	stmt syntax.Stmt
	call syntax.CallExpr
	args [4]*syntax.Word
}

// hasCmdSubst reports whether word parts hold a command substitution.
func hasCmdSubst(parts []syntax.WordPart) bool {
	for _, part := range parts {
		switch x := part.(type) {
		case *syntax.CmdSubst:
			return true
		case *syntax.DblQuoted:
			if hasCmdSubst(x.Parts) {
				return true
			}
		case *syntax.ParamExp:
			if x.NestedParam != nil && hasCmdSubst([]syntax.WordPart{x.NestedParam}) {
				return true
			}
			if w, ok := x.Index.(*syntax.Word); ok && hasCmdSubst(w.Parts) {
				return true
			}
		}
	}
	return false
}

// redirect reads the target of a redirection token t.
func (p *fishParser) redirect(t ftok) *syntax.Redirect {
	w := p.peek(0)
	if !wordish(w) {
		if w.kind != ftError {
			p.fail(w.pos, false, "Expected a string, but found %s", p.describe(w))
		}
		return nil
	}
	if w = p.takeWord(); w.kind != ftWord {
		return nil
	}
	r := &syntax.Redirect{OpPos: p.posAt(t.pos + len(t.fd)), Op: t.op, Word: w.word}
	if t.fd != "" {
		r.N = p.lit(t.pos, t.pos+len(t.fd))
	}
	return r
}

func (p *fishParser) notStatement() *syntax.Stmt {
	t := p.next()
	if !p.enter(t.pos) {
		return nil
	}
	defer p.leave()
	timePos := -1
	if p.keyword(p.peek(0)) == "time" && !p.dashed(p.peek(1)) {
		timePos = p.next().pos
	}
	s := p.assigned()
	if s == nil {
		return nil
	}
	if timePos >= 0 {
		s = &syntax.Stmt{Position: p.posAt(timePos), Cmd: &syntax.TimeClause{Time: p.posAt(timePos), Stmt: s}}
	}
	if s.Negated {
		// not not X: the status of X; keep the statement's shape.
		rbrace := p.closer(int(s.End().Offset()), len("}"))
		return &syntax.Stmt{Position: p.posAt(t.pos), Negated: true, Cmd: &syntax.Block{Lbrace: p.posAt(t.pos), Rbrace: rbrace, Stmts: []*syntax.Stmt{s}}}
	}
	s.Negated = true
	s.Position = p.posAt(t.pos)
	return s
}

// header reads the words of a block header up to its end of statement;
// a redirection there is an error.
func (p *fishParser) header(what string, start int) ([]*syntax.Word, bool) {
	var words []*syntax.Word
	for {
		t := p.peek(0)
		switch t.kind {
		case ftWord, ftLbrace, ftError:
			if t.kind != ftError {
				t = p.takeWord()
			} else if t.word != nil {
				p.next()
			}
			if t.word != nil {
				words = append(words, t.word)
			}
			if p.ok() {
				continue
			}
		case ftEnd:
			p.next()
			return words, true
		case ftEOF:
			p.fail(start, true, "Missing end to balance this %s", what)
		default:
			p.fail(t.pos, false, "Expected end of the statement, but found %s", p.describe(t))
		}
		break
	}
	return words, false
}

// blockEnd reads the end of a block that started at start, with the
// redirections after it, and returns the offset after the end (after
// the input when it is missing).
func (p *fishParser) blockEnd(what string, start int, s *syntax.Stmt) int {
	if !p.ok() {
		return len(p.src)
	}
	t := p.peek(0)
	switch {
	case p.keyword(t) == "end":
		p.next()
		p.argsAndRedirs(s, nil)
		return t.end
	case t.kind == ftEOF:
		p.fail(start, true, "Missing end to balance this %s", what)
	case p.keyword(t) == "else" || p.keyword(t) == "case":
		p.unbalanced(t)
	case t.kind != ftError:
		p.fail(start, false, "Missing end to balance this %s", what)
	}
	return len(p.src)
}

// closer returns the position to give a node's closing keyword so that
// its End (which adds width, the length of bash's keyword) is end.
func (p *fishParser) closer(end, width int) syntax.Pos {
	return p.posAt(end - width)
}

func (p *fishParser) body(at int) []*syntax.Stmt {
	if !p.enter(at) {
		return nil
	}
	defer p.leave()
	return p.jobList()
}

func (p *fishParser) forStatement() *syntax.Stmt {
	t := p.next()
	s := &syntax.Stmt{Position: p.posAt(t.pos)}
	fc := &syntax.ForClause{ForPos: p.posAt(t.pos)}
	s.Cmd = fc
	end := len(p.src)
	defer func() { fc.DonePos = p.closer(end, len("done")) }()
	name := p.takeWord()
	wi := &syntax.WordIter{Name: p.lit(name.pos, name.end)}
	fc.Loop = wi
	if name.kind != ftWord {
		p.fail(name.pos, false, "Expected a string, but found %s", p.describe(name))
		return s
	}
	if !validVarName(p.raw(name)) {
		p.fail(name.pos, false, "for: %s: invalid variable name", brief(p.raw(name)))
		return s
	}
	in := p.peek(0)
	switch {
	case p.keyword(in) == "in":
		p.next()
		wi.InPos = p.posAt(in.pos)
	case in.kind == ftEOF:
		p.fail(t.pos, true, "Missing end to balance this for loop")
		return s
	default:
		if in.kind != ftError {
			p.fail(in.pos, false, "Expected keyword 'in', but found %s", p.describe(in))
		}
		return s
	}
	items, ok := p.header("for loop", t.pos)
	wi.Items = items
	if !ok {
		return s
	}
	fc.DoPos = p.posAt(in.pos)
	fc.Do = p.body(t.pos)
	end = p.blockEnd("for loop", t.pos, s)
	return s
}

func validVarName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// condition reads the condition of if or while: a job conjunction, then
// the jobs after it that start with and or or.
func (p *fishParser) condition(start int, what string) []*syntax.Stmt {
	cond := p.conjunction(nil)
	for p.ok() {
		t := p.peek(0)
		if t.kind == ftEnd {
			p.next()
			continue
		}
		if t.kind == ftEOF {
			p.fail(start, true, "Missing end to balance this %s", what)
			break
		}
		kw := p.keyword(t)
		if (kw != "and" && kw != "or") || !wordish(p.peek(1)) || p.isHelp(p.peek(1)) {
			break
		}
		cond = p.conjunction(cond)
	}
	return cond
}

func (p *fishParser) whileStatement() *syntax.Stmt {
	t := p.next()
	s := &syntax.Stmt{Position: p.posAt(t.pos)}
	wc := &syntax.WhileClause{WhilePos: p.posAt(t.pos), DoPos: p.posAt(t.pos)}
	s.Cmd = wc
	end := len(p.src)
	defer func() { wc.DonePos = p.closer(end, len("done")) }()
	if !p.enter(t.pos) {
		return s
	}
	defer p.leave()
	wc.Cond = p.condition(t.pos, "while loop")
	if !p.ok() {
		return s
	}
	wc.Do = p.jobList()
	end = p.blockEnd("while loop", t.pos, s)
	return s
}

func (p *fishParser) ifStatement() *syntax.Stmt {
	t := p.next()
	s := &syntax.Stmt{Position: p.posAt(t.pos)}
	ic := &syntax.IfClause{Position: p.posAt(t.pos), ThenPos: p.posAt(t.pos)}
	s.Cmd = ic
	end := len(p.src)
	defer func() {
		for c := ic; c != nil; c = c.Else {
			c.FiPos = p.closer(end, len("fi"))
		}
	}()
	if !p.enter(t.pos) {
		return s
	}
	defer p.leave()
	ic.Cond = p.condition(t.pos, "if statement")
	if !p.ok() {
		return s
	}
	ic.Then = p.jobList()
	cur := ic
	for p.ok() && p.keyword(p.peek(0)) == "else" {
		e := p.next()
		next := &syntax.IfClause{Position: p.posAt(e.pos)}
		cur.Else = next
		cur = next
		if p.keyword(p.peek(0)) == "if" && !p.dashed(p.peek(1)) {
			p.next()
			next.ThenPos = next.Position
			next.Cond = p.condition(t.pos, "if statement")
			if !p.ok() {
				return s
			}
			next.Then = p.jobList()
			continue
		}
		if p.peek(0).kind == ftEnd {
			p.next()
		}
		next.Then = p.jobList()
		break
	}
	end = p.blockEnd("if statement", t.pos, s)
	return s
}

func (p *fishParser) switchStatement() *syntax.Stmt {
	t := p.next()
	w := p.takeWord()
	if w.kind != ftWord {
		p.fail(w.pos, false, "Expected a string, but found %s", p.describe(w))
		return nil
	}
	s := &syntax.Stmt{Position: p.posAt(t.pos)}
	cc := &syntax.CaseClause{Case: p.posAt(t.pos), In: p.posAt(t.pos), Word: w.word}
	s.Cmd = cc
	end := len(p.src)
	defer func() { cc.Esac = p.closer(end, len("esac")) }()
	if !p.enter(t.pos) {
		return s
	}
	defer p.leave()
	switch n := p.peek(0); n.kind {
	case ftEnd:
		p.next()
	case ftEOF:
		p.fail(t.pos, true, "Missing end to balance this switch statement")
		return s
	case ftError:
		return s
	default:
		p.fail(n.pos, false, "Expected end of the statement, but found %s", p.describe(n))
		return s
	}
	for p.ok() {
		c := p.peek(0)
		if c.kind == ftEnd {
			p.next()
			continue
		}
		if p.keyword(c) != "case" {
			break
		}
		p.next()
		item := &syntax.CaseItem{Op: syntax.Break}
		cc.Items = append(cc.Items, item)
		pats, ok := p.header("switch statement", t.pos)
		if len(pats) == 0 {
			// case with no pattern matches nothing; a node needs one.
			pats = []*syntax.Word{p.word(nil, c.end)}
		}
		item.Patterns = pats
		itemEnd := int(pats[len(pats)-1].End().Offset())
		if ok {
			item.Stmts = p.jobList()
			if n := len(item.Stmts); n > 0 {
				itemEnd = int(item.Stmts[n-1].End().Offset())
			}
		}
		// Its End is that of its last statement.
		item.OpPos = p.closer(itemEnd, len(";;"))
		if !ok {
			return s
		}
	}
	end = p.blockEnd("switch statement", t.pos, s)
	return s
}

// braceStatement reads { …; }, which fish 4.1 reads as begin; …; end.
func (p *fishParser) braceStatement() *syntax.Stmt {
	t := p.next()
	s := &syntax.Stmt{Position: p.posAt(t.pos)}
	b := &syntax.Block{Lbrace: p.posAt(t.pos)}
	s.Cmd = b
	end := len(p.src)
	defer func() { b.Rbrace = p.closer(end, len("}")) }()
	b.Stmts = p.scoped(p.body(t.pos))
	if !p.ok() {
		return s
	}
	switch c := p.peek(0); c.kind {
	case ftRbrace:
		p.next()
		end = c.end
		p.argsAndRedirs(s, nil)
	case ftEOF:
		p.fail(t.pos, true, "Missing '}' to balance this '{'")
	default:
		p.unbalanced(c)
	}
	return s
}

func (p *fishParser) beginStatement() *syntax.Stmt {
	t := p.next()
	s := &syntax.Stmt{Position: p.posAt(t.pos)}
	b := &syntax.Block{Lbrace: p.posAt(t.pos)}
	s.Cmd = b
	end := len(p.src)
	defer func() { b.Rbrace = p.closer(end, len("}")) }()
	if p.peek(0).kind == ftEnd {
		p.next()
	}
	b.Stmts = p.scoped(p.body(t.pos))
	end = p.blockEnd("begin", t.pos, s)
	return s
}

// scoped ends the statements of a begin block with set -e of the
// variables set -l (--local) made in it: they are the block's own, and
// after it the name is what it was, which is not known here.
func (p *fishParser) scoped(stmts []*syntax.Stmt) []*syntax.Stmt {
	var names []*syntax.Assign
	for _, st := range stmts {
		d, ok := st.Cmd.(*syntax.DeclClause)
		if !ok || !isLocalSet(d) {
			continue
		}
		for _, as := range d.Args {
			if as.Name != nil && as.Name.Value != "" {
				names = append(names, &syntax.Assign{Naked: true, Name: as.Name})
			}
		}
	}
	if len(names) == 0 {
		return stmts
	}
	at := stmts[len(stmts)-1].End()
	erase := &syntax.Assign{Naked: true, Value: &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{ValuePos: at, ValueEnd: at, Value: "-e"}}}}
	for _, n := range names {
		n.Name = &syntax.Lit{ValuePos: at, ValueEnd: at, Value: n.Name.Value}
	}
	return append(stmts, &syntax.Stmt{Position: at, Cmd: p.setDecl(at, []*syntax.Assign{erase}, names...)})
}

// isLocalSet reports whether a set has -l (--local).
func isLocalSet(d *syntax.DeclClause) bool {
	for _, as := range d.Args {
		if as.Name != nil || as.Value == nil {
			continue
		}
		f := as.Value.Lit()
		if f == "--local" || (!strings.HasPrefix(f, "--") && strings.Contains(f, "l")) {
			return true
		}
	}
	return false
}

// functionStatement reads function NAME [OPTIONS]; …; end. The body is
// a block; its $argv is unknown, and so are the variables that -a
// (--argument-names) names: they are set from $argv at its start. The
// redirections after end apply to every call, so to the body.
func (p *fishParser) functionStatement() *syntax.Stmt {
	t := p.next()
	name := p.takeWord()
	if name.kind != ftWord {
		p.fail(name.pos, false, "Expected a string, but found %s", p.describe(name))
		return nil
	}
	s := &syntax.Stmt{Position: p.posAt(t.pos)}
	fd := &syntax.FuncDecl{Position: p.posAt(t.pos), RsrvWord: true, Name: p.lit(name.pos, name.end)}
	body := &syntax.Stmt{Position: p.posAt(t.pos)}
	block := &syntax.Block{Lbrace: p.posAt(t.pos)}
	body.Cmd = block
	fd.Body = body
	s.Cmd = fd
	end := len(p.src)
	defer func() { block.Rbrace = p.closer(end, len("}")) }()
	opts, ok := p.header("function definition", t.pos)
	if !ok {
		return s
	}
	block.Stmts = append(p.argNames(opts), p.body(t.pos)...)
	end = p.blockEnd("function definition", t.pos, body)
	return s
}

// argNames turns the names given to function -a (--argument-names) into
// set -l NAME $argv[N] statements. fish makes every word that is not an
// option a name once -a is given; taking option values (-d TEXT) for
// names too only makes more variables unknown.
func (p *fishParser) argNames(opts []*syntax.Word) []*syntax.Stmt {
	var names []string
	var at []*syntax.Word
	given := false
	for _, w := range opts {
		lit := w.Lit()
		name := lit
		switch {
		case lit == "-a" || lit == "--argument-names":
			given = true
			continue
		case strings.HasPrefix(lit, "--argument-names="):
			given = true
			name = strings.TrimPrefix(lit, "--argument-names=")
		case strings.HasPrefix(lit, "-a") && !strings.HasPrefix(lit, "--"):
			given = true
			name = lit[2:]
		case strings.HasPrefix(lit, "-"):
			continue
		}
		if validVarName(name) {
			names = append(names, name)
			at = append(at, w)
		}
	}
	if !given {
		return nil
	}
	var out []*syntax.Stmt
	for i, name := range names {
		from, end := at[i].Pos(), at[i].End()
		argv := &syntax.ParamExp{Dollar: from, Short: true, Param: &syntax.Lit{ValuePos: from, ValueEnd: from, Value: "argv"},
			Index: &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{ValuePos: from, ValueEnd: from, Value: strconv.Itoa(i + 1)}}}}
		as := &syntax.Assign{Name: &syntax.Lit{ValuePos: from, ValueEnd: end, Value: name}, Value: &syntax.Word{Parts: []syntax.WordPart{argv}}}
		flag := &syntax.Assign{Naked: true, Value: &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{ValuePos: from, ValueEnd: from, Value: "-l"}}}}
		out = append(out, &syntax.Stmt{Position: from, Cmd: p.setDecl(from, []*syntax.Assign{flag}, as)})
	}
	return out
}

// prefixFlag marks the set made of VAR=val before a block; fish's set has
// no such option, so no set typed in a line has it.
const prefixFlag = "--prefix"

// setFlags are the options of fish's set, with whether each changes
// variables (true) or only shows them (false).
var setFlags = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"e": true, "erase": true, "a": true, "append": true, "p": true, "prepend": true,
		"x": true, "export": true, "u": true, "unexport": true, "g": true, "global": true,
		"l": true, "local": true, "U": true, "universal": true, "f": true, "function": true,
		"path": true, "unpath": true,
		"q": false, "query": false, "n": false, "names": false, "S": false, "show": false,
		"L": false, "long": false, "h": false, "help": false,
	}
}}

// setStatement returns the DeclClause for set NAME VALUES… (and set -e
// NAMES…), or nil when the call changes no variable (set -q, a listing).
// When what it changes is not known (set $name …, set $opt x), it is an
// assignment with an empty name, all its words as values: any variable
// may have changed.
func (p *fishParser) setStatement(call *syntax.CallExpr) *syntax.DeclClause {
	args := call.Args
	if len(args) < 2 || args[0].Lit() != "set" || len(args[0].Parts) != 1 {
		return nil
	}
	at := args[0].Pos()
	unknown := func() *syntax.DeclClause {
		arr := &syntax.ArrayExpr{Lparen: args[1].Pos(), Rparen: p.closer(int(call.End().Offset()), len(")"))}
		for _, w := range args[1:] {
			arr.Elems = append(arr.Elems, &syntax.ArrayElem{Value: w})
		}
		name := &syntax.Lit{ValuePos: args[1].Pos(), ValueEnd: args[1].Pos()}
		return p.setDecl(at, nil, &syntax.Assign{Name: name, Array: arr})
	}
	var flags []*syntax.Assign
	erase := false
	i := 1
	for ; i < len(args); i++ {
		lit := args[i].Lit()
		if lit == "" {
			if p.src[args[i].Pos().Offset()] == '-' {
				return unknown() // an option that is not plain text
			}
			break
		}
		if lit == "--" {
			i++
			break
		}
		if !strings.HasPrefix(lit, "-") || lit == "-" {
			break
		}
		var names []string
		if long, ok := strings.CutPrefix(lit, "--"); ok {
			names = []string{long}
		} else {
			for _, c := range lit[1:] {
				names = append(names, string(c))
			}
		}
		for _, n := range names {
			changes, known := setFlags.Get()[n]
			if !known || !changes {
				return nil
			}
			if n == "e" || n == "erase" {
				erase = true
			}
		}
		flags = append(flags, &syntax.Assign{Naked: true, Value: args[i]})
	}
	if i >= len(args) {
		return nil
	}
	if erase {
		var as []*syntax.Assign
		for _, w := range args[i:] {
			a := p.setName(w)
			if a == nil {
				return unknown()
			}
			a.Naked = true
			as = append(as, a)
		}
		return p.setDecl(at, flags, as...)
	}
	a := p.setName(args[i])
	if a == nil {
		return unknown()
	}
	values := args[i+1:]
	if len(values) == 1 {
		a.Value = values[0]
	} else {
		arr := &syntax.ArrayExpr{Lparen: args[i].End(), Rparen: p.closer(int(call.End().Offset()), len(")"))}
		for _, v := range values {
			arr.Elems = append(arr.Elems, &syntax.ArrayElem{Value: v})
		}
		a.Array = arr
	}
	return p.setDecl(at, flags, a)
}

// setName reads NAME or NAME[INDEX] for set, or returns nil when the
// name is not plain text.
func (p *fishParser) setName(w *syntax.Word) *syntax.Assign {
	first, ok := w.Parts[0].(*syntax.Lit)
	if !ok {
		return nil
	}
	name, rest, indexed := strings.Cut(first.Value, "[")
	if !validVarName(name) || (!indexed && len(w.Parts) > 1) {
		return nil
	}
	from := int(first.ValuePos.Offset())
	a := &syntax.Assign{Name: p.lit(from, from+len(name))}
	if indexed {
		// The index as written, without its ]: only its substitutions matter.
		at := from + len(name) + 1
		parts := append([]syntax.WordPart{p.lit(at, at+len(rest))}, w.Parts[1:]...)
		if last, ok := parts[len(parts)-1].(*syntax.Lit); ok && strings.HasSuffix(last.Value, "]") {
			to := int(last.ValueEnd.Offset()) - 1
			parts[len(parts)-1] = p.lit(int(last.ValuePos.Offset()), to)
		}
		a.Index = &syntax.Word{Parts: parts}
	}
	return a
}
