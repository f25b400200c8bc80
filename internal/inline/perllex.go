package inline

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/lazy"
)

// plLexer turns perl source into tokens. Perl cannot be tokenized without
// knowing whether a term or an operator comes next (/ starts a regex or
// divides, < reads a line or compares, % is a hash or modulo, <<"EOF" is a
// heredoc or a shift), so the lexer tracks that as perl's own lexer does:
// after a value an operator is expected, after an operator or a function
// name a term. Strings are decoded: '…' "…" q() qq() qw() with any
// delimiters, heredocs (<<"EOF", <<'EOF', <<~EOF, <<`EOF`), backticks and
// qx//; regexes m// qr// s/// tr/// y/// keep their contents away from the
// code, except the replacement of s///e, which is code. "…" strings give
// their interpolated variables by name and read the code of @{[ … ]} and
// ${\ … }. Comments, POD and what follows __END__ are dropped.
type plLexer struct {
	src     string
	i, hi   int
	toks    []tok
	nest    int
	term    bool   // a term comes next
	blocks  []bool // for each open "{": whether it opens a block (else a hash or subscript)
	pending []plHeredoc
	closed  bool // the last "}" closed a block
	sp      bool
	bol     bool // at the start of a line
}

// plHeredoc is a heredoc whose body starts at the next line.
type plHeredoc struct {
	tok    int // index of its token
	tag    string
	interp bool
	indent bool // <<~: the terminator may be indented, and the body is dedented
}

func plLex(src string, lo, hi, nest int) []tok {
	l := &plLexer{src: src, i: lo, hi: hi, nest: nest, term: true, sp: true, bol: true, toks: make([]tok, 0, (hi-lo)/4+4)}
	l.run()
	matchBrackets(l.toks)
	return l.toks
}

func (l *plLexer) run() {
	for l.i < l.hi {
		c := l.src[l.i]
		if l.bol && c == '=' && l.i+1 < l.hi && isAlpha(l.src[l.i+1]) {
			l.pod()
			continue
		}
		l.bol = false
		switch {
		case c == '\n':
			l.i++
			l.sp, l.bol = true, true
			if len(l.pending) > 0 {
				l.heredocs()
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.i++
			l.sp = true
		case c == '#':
			for l.i < l.hi && l.src[l.i] != '\n' {
				l.i++
			}
			l.sp = true
		case isIdentStart(c) || c == ':' && l.i+2 < l.hi && l.src[l.i+1] == ':' && isIdentStart(l.src[l.i+2]) && l.term:
			if l.word() {
				return
			}
		case isDigit(c) || c == '.' && l.term && l.i+1 < l.hi && isDigit(l.src[l.i+1]):
			l.number()
		case c == '\'':
			l.quoted(l.i, l.i, '\'', "q")
		case c == '"':
			l.quoted(l.i, l.i, '"', "qq")
		case c == '`':
			l.quoted(l.i, l.i, '`', "qx")
		case c == '$':
			l.scalar()
		case c == '@' || c == '%' && l.term || c == '&' && l.term || c == '*' && l.term:
			l.sigil(c)
		case c == '/' && l.term:
			l.quoted(l.i, l.i, '/', "m")
		case c == '<' && l.term && l.readline():
		case c == '<' && l.i+1 < l.hi && l.src[l.i+1] == '<' && l.heredoc():
		default:
			l.operator()
		}
	}
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// pod skips a POD block: from a line starting with "=word" to the line
// after "=cut".
func (l *plLexer) pod() {
	for l.i < l.hi {
		end := strings.IndexByte(l.src[l.i:l.hi], '\n')
		line := l.src[l.i:l.hi]
		if end >= 0 {
			line = line[:end]
		}
		cut := strings.HasPrefix(line, "=cut") && (len(line) == 4 || !isIdentChar(line[4]))
		if end < 0 {
			l.i = l.hi
			return
		}
		l.i += end + 1
		if cut {
			break
		}
	}
	l.bol, l.sp = true, true
}

func (l *plLexer) add(t tok) {
	t.sp = l.sp
	if t.kind != tkStr && t.kind != tkCmd {
		t.body = -1
	}
	l.sp = false
	l.toks = append(l.toks, t)
	switch t.kind {
	case tkNum, tkStr, tkCmd, tkRegex, tkVar:
		l.term = false
	case tkName:
		l.term = !plTermNames.Get()[t.text] && !l.after("->")
	case tkOp:
		switch t.text {
		case ")", "]":
			l.term = false
		case "}":
			l.term, l.closed = false, false
			if n := len(l.blocks); n > 0 {
				l.term, l.closed = l.blocks[n-1], l.blocks[n-1]
				l.blocks = l.blocks[:n-1]
			}
		case "{":
			l.blocks = append(l.blocks, l.blockBrace())
			l.term = true
		default:
			l.term = true
		}
	}
}

// after reports whether the token before the last one is the operator op.
func (l *plLexer) after(op string) bool {
	n := len(l.toks)
	return n >= 2 && l.toks[n-2].op(op)
}

// plTermNames are names that are whole terms: an operator comes after them.
var plTermNames = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"__FILE__": true, "__LINE__": true, "__PACKAGE__": true, "time": true,
		"wantarray": true, "STDIN": true, "STDOUT": true, "STDERR": true}
}}

// blockBrace reports whether the "{" just added opens a block (code) rather
// than a hash subscript or an anonymous hash.
func (l *plLexer) blockBrace() bool {
	n := len(l.toks) - 1
	if n == 0 {
		return true
	}
	p := &l.toks[n-1]
	switch p.kind {
	case tkVar:
		return false
	case tkName:
		if plBlockNames.Get()[p.text] {
			return true
		}
		// sub NAME {
		return n >= 2 && l.toks[n-2].name("sub")
	case tkOp:
		switch p.text {
		case ";", "{", ")":
			return true
		case "}":
			return l.closed
		}
	}
	return false
}

var plBlockNames = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"do": true, "eval": true, "sub": true, "else": true, "BEGIN": true,
		"END": true, "INIT": true, "CHECK": true, "UNITCHECK": true, "map": true, "grep": true, "sort": true,
		"continue": true, "default": true, "try": true, "catch": true, "finally": true, "defer": true,
		"system": true, "exec": true}
}}

// word reads a name, or a quote-like operator (q qq qw qx m qr s tr y)
// with its literal. It reports whether the code ends there (__END__).
func (l *plLexer) word() bool {
	start := l.i
	for l.i < l.hi {
		c := l.src[l.i]
		if isIdentChar(c) {
			l.i++
			continue
		}
		if c == ':' && l.i+1 < l.hi && l.src[l.i+1] == ':' {
			l.i += 2
			continue
		}
		break
	}
	w := l.src[start:l.i]
	if w == "__END__" || w == "__DATA__" {
		l.i = l.hi
		return true
	}
	switch w {
	case "q", "qq", "qw", "qx", "m", "qr", "s", "tr", "y":
		if d := l.quoteDelim(start); d >= 0 {
			l.quoted(start, d, l.src[d], w)
			return false
		}
	}
	l.add(tok{kind: tkName, pos: start, text: w})
	return false
}

// quoteDelim finds the opening delimiter of a quote-like operator whose
// name ends at l.i, or gives -1 when the name is not one here: a hash key
// ({s}, q => 1), a method (->s), a file test (-s $f).
func (l *plLexer) quoteDelim(start int) int {
	if n := len(l.toks); n > 0 {
		p := &l.toks[n-1]
		if p.op("->") || p.op("-") && p.end() == start || p.kind == tkName && p.text == "sub" {
			return -1
		}
	}
	j := l.i
	for j < l.hi && (l.src[j] == ' ' || l.src[j] == '\t' || l.src[j] == '\n' || l.src[j] == '\r') {
		j++
	}
	if j >= l.hi {
		return -1
	}
	c := l.src[j]
	switch {
	case c == '#' && j > l.i, isIdentChar(c), c == ',', c == ';', c == ')', c == ']', c == '}', c == '>':
		return -1
	case c == '=' && j+1 < l.hi && (l.src[j+1] == '>' || l.src[j+1] == '=' || l.src[j+1] == '~'):
		return -1
	case c == '=' && j > l.i:
		return -1 // s = …: an assignment to a bareword is not perl, a quote is
	}
	return j
}

// delimited reads a body from just after the opening delimiter at d up to
// its closer, nesting brackets. It returns the body's bounds and the index
// after the closer.
func (l *plLexer) delimited(d int) (int, int, int) {
	open := l.src[d]
	closer := open
	switch open {
	case '(':
		closer = ')'
	case '[':
		closer = ']'
	case '{':
		closer = '}'
	case '<':
		closer = '>'
	}
	depth := 0
	j := d + 1
	for j < l.hi {
		c := l.src[j]
		switch {
		case c == '\\' && j+1 < l.hi:
			j += 2
			continue
		case c == closer && depth == 0:
			return d + 1, j, j + 1
		case c == closer:
			depth--
		case c == open && open != closer:
			depth++
		}
		j++
	}
	return d + 1, l.hi, l.hi
}

// quoted reads a literal of kind op ("q", "qq", "qw", "qx", "m", "qr",
// "s", "tr", "y") starting at start with its delimiter at d.
func (l *plLexer) quoted(start, d int, delim byte, op string) {
	lo, hi, next := l.delimited(d)
	t := tok{pos: start, text: "", body: -1}
	switch op {
	case "q":
		t.kind = tkStr
		val, verbatim := plSingle(l.src[lo:hi], delim)
		t.parts = []part{{lit: val}}
		if verbatim {
			t.body = lo
		}
	case "qq":
		t.kind = tkStr
		t.parts, t.body = l.interp(lo, hi, delim)
	case "qw":
		t.kind, t.words = tkStr, true
		val, _ := plSingle(l.src[lo:hi], delim)
		for _, w := range strings.Fields(val) {
			t.parts = append(t.parts, part{lit: w})
		}
	case "qx":
		t.kind = tkCmd
		if delim == '\'' {
			val, verbatim := plSingle(l.src[lo:hi], delim)
			t.parts = []part{{lit: val}}
			if verbatim {
				t.body = lo
			}
		} else {
			t.parts, t.body = l.interp(lo, hi, delim)
		}
	case "m", "qr":
		t.kind = tkRegex
		t.parts = l.regexCode(lo, hi)
	case "s", "tr", "y":
		t.kind = tkRegex
		if op == "s" {
			t.parts = l.regexCode(lo, hi)
		}
		rlo, rhi := next, next
		if delim == '(' || delim == '[' || delim == '{' || delim == '<' {
			j := next
			for j < l.hi && (l.src[j] == ' ' || l.src[j] == '\t' || l.src[j] == '\n' || l.src[j] == '\r') {
				j++
			}
			if j < l.hi {
				rlo, rhi, next = l.delimited(j)
			}
		} else {
			// The middle delimiter closes the pattern and opens the replacement.
			if hi < l.hi {
				rlo, rhi, next = l.delimited(hi)
			} else {
				rlo, rhi, next = l.hi, l.hi, l.hi
			}
		}
		mods := next
		for mods < l.hi && isAlpha(l.src[mods]) {
			mods++
		}
		flags := l.src[next:mods]
		next = mods
		if op == "s" {
			switch e := strings.Count(flags, "e"); {
			case e == 1 && l.nest < maxNest:
				t.parts = append(t.parts, part{dyn: true, sub: plLex(l.src, rlo, rhi, l.nest+1)})
			case e >= 1:
				t.parts = append(t.parts, part{dyn: true, note: "s///ee evaluates code computed at run time"})
			case delim != '\'':
				ps, _ := l.interp(rlo, rhi, delim)
				t.parts = append(t.parts, subsOnly(ps)...)
				t.repl = ps
			default:
				t.repl = []part{{lit: l.src[rlo:rhi]}}
			}
		}
	}
	if op == "m" || op == "qr" {
		for next < l.hi && isAlpha(l.src[next]) {
			next++
		}
	}
	l.i = next

	t.text = l.src[start:next]
	l.add(t)
}

// subsOnly keeps the parts that hold code.
func subsOnly(ps []part) []part {
	var out []part
	for _, p := range ps {
		if len(p.sub) > 0 || p.note != "" {
			out = append(out, p)
		}
	}
	return out
}

// regexCode finds code blocks in a pattern: (?{ … }) and (??{ … }) run
// perl code when the pattern matches; interpolated @{[ … ]} too.
func (l *plLexer) regexCode(lo, hi int) []part {
	var out []part
	if i := strings.Index(l.src[lo:hi], "(?{"); i >= 0 || strings.Contains(l.src[lo:hi], "(??{") {
		out = append(out, part{dyn: true, note: "code inside a regex"})
	}
	if strings.Contains(l.src[lo:hi], "@{") || strings.Contains(l.src[lo:hi], "${") {
		ps, _ := l.interp(lo, hi, 0)
		out = append(out, subsOnly(ps)...)
	}
	return out
}

// plSingle decodes a '…' or q() body: only \\ and the escaped delimiter.
func plSingle(body string, delim byte) (string, bool) {
	if !strings.Contains(body, "\\") {
		return body, true
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' && i+1 < len(body) && (body[i+1] == '\\' || body[i+1] == delim || body[i+1] == plCloser(delim)) {
			i++
		}
		b.WriteByte(body[i])
	}
	return b.String(), b.Len() == len(body)
}

func plCloser(d byte) byte {
	switch d {
	case '(':
		return ')'
	case '[':
		return ']'
	case '{':
		return '}'
	case '<':
		return '>'
	}
	return d
}

// interp decodes an interpolating body src[lo:hi]: escapes, $scalars by
// name, anything else interpolated as unknown, and the code of @{[ … ]}
// and ${\ … } read as perl. It returns the parts, and the body's offset
// when the value is the body byte for byte (else -1).
func (l *plLexer) interp(lo, hi int, delim byte) ([]part, int) {
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
	for j := lo; j < hi; {
		c := src[j]
		switch {
		case c == '\\' && j+1 < hi:
			verbatim = false
			j = plEscape(src, j, hi, delim, &b, &parts, flush)
		case c == '$' && j+1 < hi:
			k, p, ok := l.interpVar(j, hi)
			if !ok {
				b.WriteByte(c)
				j++
				continue
			}
			verbatim = false
			flush()
			parts = append(parts, p)
			j = k
		case c == '@' && j+1 < hi && (isIdentStart(src[j+1]) || src[j+1] == '{' || src[j+1] == '$' || src[j+1] == '_' || src[j+1] == ':'):
			verbatim = false
			flush()
			k, p := l.interpArray(j, hi)
			parts = append(parts, p)
			j = k
		default:
			b.WriteByte(c)
			j++
		}
	}
	flush()
	if verbatim {
		return parts, lo
	}
	return parts, -1
}

// interpVar reads an interpolated scalar at src[j] == '$'.
func (l *plLexer) interpVar(j, hi int) (int, part, bool) {
	src := l.src
	k := j + 1
	c := src[k]
	switch {
	case c == '{':
		end := braceEnd(src, k, hi)
		inner := strings.TrimSpace(src[k+1 : max(end-1, k+1)])
		if isPlainName(inner) {
			return end, part{name: "$" + inner}, true
		}
		if inner != "" && inner[0] == '^' {
			return end, part{dyn: true}, true
		}
		return end, l.codePart(k+1, end-1), true
	case isIdentStart(c) || c == ':' && k+1 < hi && src[k+1] == ':':
		for k < hi && (isIdentChar(src[k]) || src[k] == ':' && k+1 < hi && src[k+1] == ':' && k+2 < hi && isIdentStart(src[k+2])) {
			if src[k] == ':' {
				k++
			}
			k++
		}
		name := src[j:k]
		if k < hi && (src[k] == '[' || src[k] == '{' || k+2 < hi && src[k] == '-' && src[k+1] == '>' && (src[k+2] == '[' || src[k+2] == '{')) {
			return l.subscripts(k, hi), part{dyn: true}, true
		}
		return k, part{name: name}, true
	case isDigit(c) || strings.IndexByte("&`'+!@/\\,;.$", c) >= 0:
		if c == '$' && k+1 < hi && (isIdentStart(src[k+1]) || src[k+1] == '{') {
			// $$ref: a dereference.
			k2, _, _ := l.interpVar(k, hi)
			return k2, part{dyn: true}, true
		}
		k++
		for isDigit(c) && k < hi && isDigit(src[k]) {
			k++
		}
		if k < hi && (src[k] == '[' || src[k] == '{') {
			return l.subscripts(k, hi), part{dyn: true}, true
		}
		return k, part{dyn: true}, true
	}
	return j, part{}, false
}

// interpArray reads an interpolated array at src[j] == '@'.
func (l *plLexer) interpArray(j, hi int) (int, part) {
	src := l.src
	k := j + 1
	if src[k] == '{' {
		end := braceEnd(src, k, hi)
		return end, l.codePart(k+1, end-1)
	}
	if src[k] == '$' {
		k++
	}
	for k < hi && (isIdentChar(src[k]) || src[k] == ':') {
		k++
	}
	if k < hi && (src[k] == '[' || src[k] == '{') {
		k = l.subscripts(k, hi)
	}
	return k, part{dyn: true}
}

// codePart reads src[lo:hi], the code of an interpolated block.
func (l *plLexer) codePart(lo, hi int) part {
	if l.nest >= maxNest {
		return part{dyn: true, note: "interpolated code nested too deep to read"}
	}
	return part{dyn: true, sub: plLex(l.src, lo, max(lo, hi), l.nest+1)}
}

// subscripts skips [..] {..} and ->[..] ->{..} after an interpolated name.
func (l *plLexer) subscripts(k, hi int) int {
	src := l.src
	for k < hi {
		if k+2 < hi && src[k] == '-' && src[k+1] == '>' && (src[k+2] == '[' || src[k+2] == '{') {
			k += 2
		}
		if src[k] != '[' && src[k] != '{' {
			return k
		}
		k = braceEnd(src, k, hi)
	}
	return k
}

// braceEnd is the index after the bracket that closes the one at src[k].
func braceEnd(src string, k, hi int) int {
	open := src[k]
	closer := plCloser(open)
	depth := 0
	for j := k; j < hi; j++ {
		switch src[j] {
		case '\\':
			j++
		case open:
			depth++
		case closer:
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return hi
}

func isPlainName(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentChar(s[i]) && s[i] != ':' {
			return false
		}
	}
	return true
}

// plEscape decodes the escape at src[j] ('\\') in an interpolating string.
func plEscape(src string, j, hi int, delim byte, b *strings.Builder, parts *[]part, flush func()) int {
	c := src[j+1]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'f':
		b.WriteByte('\f')
	case 'b':
		b.WriteByte('\b')
	case 'a':
		b.WriteByte(7)
	case 'e':
		b.WriteByte(27)
	case '0', '1', '2', '3', '4', '5', '6', '7':
		k := j + 1
		for k < hi && k < j+4 && src[k] >= '0' && src[k] <= '7' {
			k++
		}
		n, _ := strconv.ParseUint(src[j+1:k], 8, 32)
		writeCode(b, rune(n), false)
		return k
	case 'o':
		if j+2 < hi && src[j+2] == '{' {
			if k := strings.IndexByte(src[j+2:hi], '}'); k >= 0 {
				n, err := strconv.ParseUint(strings.TrimSpace(src[j+3:j+2+k]), 8, 32)
				if err == nil {
					writeCode(b, rune(n), false)
				}
				return j + 2 + k + 1
			}
		}
		b.WriteByte(c)
	case 'x':
		k := j + 2
		if k < hi && src[k] == '{' {
			if e := strings.IndexByte(src[k:hi], '}'); e >= 0 {
				n, err := strconv.ParseUint(strings.TrimSpace(src[k+1:k+e]), 16, 32)
				if err == nil {
					writeCode(b, rune(n), false)
				}
				return k + e + 1
			}
		}
		e := k
		for e < hi && e < k+2 && strings.IndexByte("0123456789abcdefABCDEF", src[e]) >= 0 {
			e++
		}
		n, _ := strconv.ParseUint("0"+src[k:e], 16, 32)
		writeCode(b, rune(n), false)
		return e
	case 'c':
		if j+2 < hi {
			b.WriteByte((src[j+2] &^ 0x20) ^ 0x40)
			return j + 3
		}
	case 'N':
		if j+2 < hi && src[j+2] == '{' {
			if k := strings.IndexByte(src[j+2:hi], '}'); k >= 0 {
				name := src[j+3 : j+2+k]
				if n, err := strconv.ParseUint(strings.TrimPrefix(name, "U+"), 16, 32); err == nil && strings.HasPrefix(name, "U+") {
					writeCode(b, rune(n), false)
				} else {
					flush()
					*parts = append(*parts, part{dyn: true})
				}
				return j + 2 + k + 1
			}
		}
	case 'l', 'u', 'L', 'U', 'Q', 'F':
		// Case changes and quoting: the value is not the text as written.
		flush()
		*parts = append(*parts, part{dyn: true})
	case 'E':
	default:
		if c < utf8.RuneSelf {
			b.WriteByte(c)
		} else {
			return j + 1
		}
	}
	return j + 2
}

// scalar reads a $ variable: $name, $pkg::name, ${name}, $$, $1, $_, $#a,
// $#{…}, ${^NAME}; "${" of a dereference block gives "$" and leaves the
// brace to the block.
func (l *plLexer) scalar() {
	start := l.i
	j := l.i + 1
	src := l.src
	if j < l.hi && src[j] == '#' {
		if j+1 < l.hi && (src[j+1] == '{' || src[j+1] == '$' || isIdentStart(src[j+1])) {
			j++
			if src[j] == '{' || src[j] == '$' {
				l.i = j
				l.add(tok{kind: tkVar, pos: start, text: src[start:j]})
				return
			}
		} else {
			l.i = j + 1
			l.add(tok{kind: tkVar, pos: start, text: src[start:l.i]})
			return
		}
	}
	switch {
	case j >= l.hi:
		l.i = j
	case isIdentStart(src[j]) || src[j] == ':' && j+2 < l.hi && src[j+1] == ':' && isIdentStart(src[j+2]):
		for j < l.hi && (isIdentChar(src[j]) || src[j] == ':' && j+2 < l.hi && src[j+1] == ':' && isIdentStart(src[j+2])) {
			if src[j] == ':' {
				j++
			}
			j++
		}
		l.i = j
	case src[j] == '{':
		// ${name} or ${^NAME}: a name and a brace, looked at no further.
		k := skipBlanks(src, j+1, l.hi)
		if k < l.hi && src[k] == '^' {
			k++
		}
		e := k
		for e < l.hi && (isIdentChar(src[e]) || src[e] == ':') {
			e++
		}
		if e > k {
			if c := skipBlanks(src, e, l.hi); c < l.hi && src[c] == '}' {
				l.i = c + 1
				l.add(tok{kind: tkVar, pos: start, text: src[start : c+1]})
				return
			}
		}
		l.i = j
	case src[j] == '$' && j+1 < l.hi && (isIdentStart(src[j+1]) || src[j+1] == '{' || src[j+1] == '$' || src[j+1] == ':'):
		l.i = j // $$ref: the sigil, then the variable
	case src[j] == '^' && j+1 < l.hi && isAlpha(src[j+1]):
		l.i = j + 2
	case isDigit(src[j]):
		for j < l.hi && isDigit(src[j]) {
			j++
		}
		l.i = j
	case strings.IndexByte("&`'+!@/\\,;.0_$<>[]()|?\"-:=~%", src[j]) >= 0:
		l.i = j + 1
	default:
		l.i = j
	}
	l.add(tok{kind: tkVar, pos: start, text: src[start:l.i]})
}

// sigil reads @name, %name, &name, *name (or just the sigil before a
// block or a $ref), or the operator the character is when no name follows.
// % & * only come here where a term is expected.
func (l *plLexer) sigil(c byte) {
	start := l.i
	j := l.i + 1
	src := l.src
	switch {
	case j < l.hi && (isIdentStart(src[j]) || src[j] == ':' && j+2 < l.hi && src[j+1] == ':'):
		for j < l.hi && (isIdentChar(src[j]) || src[j] == ':' && j+1 < l.hi && src[j+1] == ':') {
			if src[j] == ':' {
				j++
			}
			j++
		}
	case j < l.hi && (src[j] == '$' || src[j] == '{'):
	case c == '@' && j < l.hi && (src[j] == '-' || src[j] == '+'):
		j++
	default:
		l.operator()
		return
	}
	l.i = j
	l.add(tok{kind: tkVar, pos: start, text: src[start:j]})
}

// readline reads <FH>, <$fh>, <>, <<>> or a glob <*.c> where a term is
// expected, and reports whether it found one.
func (l *plLexer) readline() bool {
	src := l.src
	start := l.i
	if strings.HasPrefix(src[l.i:l.hi], "<<>>") {
		l.i += 4
		l.add(tok{kind: tkVar, pos: start, text: "<<>>"})
		return true
	}
	for k := l.i + 1; k < l.hi && k < l.i+256; k++ {
		switch src[k] {
		case '>':
			l.i = k + 1
			l.add(tok{kind: tkVar, pos: start, text: src[start:l.i]})
			return true
		case ' ', '\t', '\n', ';', '=', '(', ')', '<', '"', '\'':
			return false
		}
	}
	return false
}

// heredoc reads <<"TAG", <<'TAG', <<`TAG`, <<TAG, <<~TAG, <<\TAG at l.i and
// queues its body, and reports whether it was one.
func (l *plLexer) heredoc() bool {
	src := l.src
	start := l.i
	j := l.i + 2
	indent := false
	if j < l.hi && src[j] == '~' {
		indent = true
		j++
	}
	k := j
	for k < l.hi && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	var tag string
	interp, cmd := true, false
	switch {
	case k < l.hi && (src[k] == '"' || src[k] == '\'' || src[k] == '`'):
		q := src[k]
		e := strings.IndexByte(src[k+1:l.hi], q)
		if e < 0 || strings.Contains(src[k+1:k+1+e], "\n") {
			return false
		}
		tag = src[k+1 : k+1+e]
		interp, cmd = q != '\'', q == '`'
		j = k + 1 + e + 1
	case k == j && k < l.hi && (isIdentStart(src[k]) || src[k] == '\\' && k+1 < l.hi && isIdentStart(src[k+1])):
		if !l.term && !indent && !(isAlpha(src[k]) && src[k] >= 'A' && src[k] <= 'Z') {
			return false
		}
		if src[k] == '\\' {
			interp = false
			k++
		}
		e := k
		for e < l.hi && isIdentChar(src[e]) {
			e++
		}
		tag = src[k:e]
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
	l.pending = append(l.pending, plHeredoc{tok: len(l.toks) - 1, tag: tag, interp: interp, indent: indent})
	return true
}

// heredocs reads the bodies of the queued heredocs, from l.i (a line start).
func (l *plLexer) heredocs() {
	for _, h := range l.pending {
		lo, hi, next, minInd := heredocBody(l.src, l.i, l.hi, h.tag, h.indent)
		t := &l.toks[h.tok]
		if h.interp {
			t.parts, t.body = l.interp(lo, hi, 0)
		} else {
			t.parts, t.body = []part{{lit: l.src[lo:hi]}}, lo
		}
		if h.indent && minInd > 0 {
			t.body = -1
			for k := range t.parts {
				t.parts[k].lit = dedent(t.parts[k].lit, minInd, k == 0)
			}
		}
		l.i = next
	}
	l.pending = l.pending[:0]
}

// heredocBody finds a heredoc's body from the line start at from: the
// lines up to the one that is tag (after blanks, when indented). It returns
// the body's bounds, the index after the terminator, and the least
// indentation of the body's non-blank lines (for <<~).
func heredocBody(src string, from, end int, tag string, indented bool) (lo, hi, next, minInd int) {
	lo, hi, next, minInd = from, end, end, -1
	for j := from; j < end; {
		e := strings.IndexByte(src[j:end], '\n')
		lineEnd := end
		if e >= 0 {
			lineEnd = j + e
		}
		line := strings.TrimSuffix(src[j:lineEnd], "\r")
		trimmed := line
		if indented {
			trimmed = strings.TrimLeft(line, " \t")
		}
		if trimmed == tag {
			return lo, j, min(lineEnd+1, end), minInd
		}
		if indented && strings.TrimSpace(line) != "" {
			if n := len(line) - len(strings.TrimLeft(line, " \t")); minInd < 0 || n < minInd {
				minInd = n
			}
		}
		if e < 0 {
			break
		}
		j = lineEnd + 1
	}
	return lo, hi, next, minInd
}

// dedent removes up to n blanks at the start of each line of s (and at its
// start, when first).
func dedent(s string, n int, first bool) string {
	if s == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	for i := range lines {
		if i == 0 && !first {
			continue
		}
		k := 0
		for k < n && k < len(lines[i]) && (lines[i][k] == ' ' || lines[i][k] == '\t') {
			k++
		}
		lines[i] = lines[i][k:]
	}
	return strings.Join(lines, "\n")
}

func (l *plLexer) number() {
	start := l.i
	src := l.src
	j := l.i
	if j+1 < l.hi && src[j] == '0' && strings.IndexByte("xXbBoO", src[j+1]) >= 0 {
		j += 2
		for j < l.hi && (isIdentChar(src[j])) {
			j++
		}
	} else {
		for j < l.hi && (isDigit(src[j]) || src[j] == '_') {
			j++
		}
		if j+1 < l.hi && src[j] == '.' && isDigit(src[j+1]) {
			j++
			for j < l.hi && (isDigit(src[j]) || src[j] == '_') {
				j++
			}
		}
		if j < l.hi && (src[j] == 'e' || src[j] == 'E') {
			k := j + 1
			if k < l.hi && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < l.hi && isDigit(src[k]) {
				j = k
				for j < l.hi && isDigit(src[j]) {
					j++
				}
			}
		}
	}
	l.i = max(j, start+1)
	l.add(tok{kind: tkNum, pos: start, text: src[start:l.i]})
}

var plOps3 = []string{"<=>", "**=", "||=", "&&=", "//=", "...", "<<=", ">>="}
var plOps2 = []string{"->", "++", "--", "**", "=~", "!~", "==", "!=", "<=", ">=", "&&", "||", "//", "..",
	"::", "=>", "+=", "-=", "*=", "/=", ".=", "%=", "&=", "|=", "^=", "<<", ">>"}

func (l *plLexer) operator() {
	start := l.i
	rest := l.src[l.i:l.hi]
	n := 1
	for _, o := range plOps3 {
		if strings.HasPrefix(rest, o) {
			n = 3
			break
		}
	}
	if n == 1 {
		for _, o := range plOps2 {
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
