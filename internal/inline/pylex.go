package inline

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/lazy"
)

// pyLexer turns python source into tokens: names, numbers, strings of every
// kind ('…' "…" ”'…”' """…""" with r, b, u, f and t prefixes, escapes
// decoded, f-string fields read as code), operators, and logical newlines
// (none inside brackets, none after a backslash). Comments are dropped.
// Each token carries the indentation of its line.
type pyLexer struct {
	src   string
	i, hi int
	toks  []tok
	depth int // open brackets
	base  int // 1 in an f-string field, whose "{" counts as open
	nest  int // f-string fields this lexer sits in
	ind   int
	bol   bool // at the start of a line: indentation to measure
	sp    bool
}

// pyLex reads src[lo:hi]. In an f-string field (field true) it stops at the
// field's end at bracket depth 0 — "}", "!" (conversion), ":" (format
// spec) or a self-documenting "=" — and returns where it stopped.
func pyLex(src string, lo, hi, nest int, field bool) ([]tok, int) {
	l := &pyLexer{src: src, i: lo, hi: hi, nest: nest, bol: !field, sp: true}
	if field {
		// A field ends long before hi, the end of all the code.
		l.depth, l.base = 1, 1
	} else {
		l.toks = make([]tok, 0, (hi-lo)/4+4)
	}
	for l.i < l.hi {
		c := l.src[l.i]
		if l.bol {
			l.indent()
			continue
		}
		switch {
		case c == '\n':
			l.i++
			if l.depth == 0 {
				l.newline()
				l.bol = true
			}
			l.sp = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.i++
			l.sp = true
		case c == '#':
			for l.i < l.hi && l.src[l.i] != '\n' {
				l.i++
			}
		case c == '\\' && l.i+1 < l.hi && (l.src[l.i+1] == '\n' || l.src[l.i+1] == '\r'):
			l.i += 2
			if l.i < l.hi && l.src[l.i-1] == '\r' && l.src[l.i] == '\n' {
				l.i++
			}
			l.sp = true
		case field && l.depth == 1 && (c == '}' || c == ':' || c == '!' && !strings.HasPrefix(l.src[l.i:l.hi], "!=") ||
			c == '=' && l.selfDoc()):
			matchBrackets(l.toks)
			return l.toks, l.i
		case isIdentStart(c):
			l.word()
		case c >= '0' && c <= '9' || c == '.' && l.i+1 < l.hi && isDigit(l.src[l.i+1]):
			l.number()
		case c == '\'' || c == '"':
			l.str(l.i, l.i, "")
		default:
			l.operator()
		}
	}
	matchBrackets(l.toks)
	return l.toks, l.i
}

// selfDoc reports whether the "=" at l.i ends an f-string field ({x=}).
func (l *pyLexer) selfDoc() bool {
	j := l.i + 1
	if j < l.hi && l.src[j] == '=' {
		return false
	}
	if len(l.toks) > 0 {
		if p := l.toks[len(l.toks)-1]; p.kind == tkOp && strings.ContainsAny(p.text, "=<>!") && p.end() == l.i {
			return false
		}
	}
	for j < l.hi && (l.src[j] == ' ' || l.src[j] == '\t') {
		j++
	}
	return j >= l.hi || l.src[j] == '}' || l.src[j] == '!' || l.src[j] == ':'
}

func (l *pyLexer) indent() {
	col, j := 0, l.i
	for j < l.hi {
		switch l.src[j] {
		case ' ':
			col++
		case '\t':
			col = col/8*8 + 8
		case '\f', '\r':
		default:
			goto done
		}
		j++
	}
done:
	l.i = j
	if j >= l.hi || l.src[j] == '\n' || l.src[j] == '#' {
		// A blank or comment-only line does not indent anything.
		for l.i < l.hi && l.src[l.i] != '\n' {
			l.i++
		}
		if l.i < l.hi {
			l.i++
		}
		return
	}
	if l.src[j] == '\\' && j+1 < l.hi && l.src[j+1] == '\n' {
		l.i = j + 2
		return
	}
	l.ind, l.bol, l.sp = col, false, true
}

func (l *pyLexer) newline() {
	if n := len(l.toks); n > 0 && l.toks[n-1].kind != tkNL {
		l.toks = append(l.toks, tok{kind: tkNL, pos: l.i - 1, text: "\n", ind: int32(l.ind), body: -1})
	}
}

func (l *pyLexer) add(kind tokKind, start int) {
	l.toks = append(l.toks, tok{kind: kind, pos: start, text: l.src[start:l.i], ind: int32(l.ind), sp: l.sp, body: -1})
	l.sp = false
}

func (l *pyLexer) word() {
	start := l.i
	for l.i < l.hi && isIdentChar(l.src[l.i]) {
		l.i++
	}
	if l.i < l.hi && (l.src[l.i] == '\'' || l.src[l.i] == '"') && l.i-start <= 2 {
		if p := strings.ToLower(l.src[start:l.i]); pyPrefixes.Get()[p] {
			l.str(start, l.i, p)
			return
		}
	}
	l.add(tkName, start)
}

var pyPrefixes = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"r": true, "u": true, "b": true, "f": true, "t": true,
		"br": true, "rb": true, "fr": true, "rf": true, "tr": true, "rt": true}
}}

func (l *pyLexer) number() {
	start := l.i
	hex := l.i+1 < l.hi && l.src[l.i] == '0' && strings.IndexByte("xXoObB", l.src[l.i+1]) >= 0
	for l.i < l.hi {
		c := l.src[l.i]
		if isIdentChar(c) || c == '.' {
			l.i++
			continue
		}
		if (c == '+' || c == '-') && !hex && (l.src[l.i-1] == 'e' || l.src[l.i-1] == 'E') {
			l.i++
			continue
		}
		break
	}
	l.add(tkNum, start)
}

var pyOps3 = []string{"**=", "//=", ">>=", "<<=", "..."}
var pyOps2 = []string{"**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="}

func (l *pyLexer) operator() {
	start := l.i
	rest := l.src[l.i:l.hi]
	n := 1
	for _, o := range pyOps3 {
		if strings.HasPrefix(rest, o) {
			n = 3
			break
		}
	}
	if n == 1 {
		for _, o := range pyOps2 {
			if strings.HasPrefix(rest, o) {
				n = 2
				break
			}
		}
	}
	if n == 1 {
		// One byte, or one whole UTF-8 character that is not an identifier.
		_, size := utf8.DecodeRuneInString(rest)
		n = max(size, 1)
	}
	l.i += n
	switch l.src[start] {
	case '(', '[', '{':
		if n == 1 {
			l.depth++
		}
	case ')', ']', '}':
		if n == 1 && l.depth > l.base {
			l.depth--
		}
	}
	l.add(tkOp, start)
}

// str reads a string literal whose prefix starts at start and whose quote
// is at q.
func (l *pyLexer) str(start, q int, prefix string) {
	raw := strings.Contains(prefix, "r")
	bytesLit := strings.Contains(prefix, "b")
	fstr := strings.Contains(prefix, "f") || strings.Contains(prefix, "t")
	quote := l.src[q]
	triple := q+2 < l.hi && l.src[q+1] == quote && l.src[q+2] == quote
	j := q + 1
	if triple {
		j = q + 3
	}
	bodyStart := j
	verbatim := true
	var parts []part
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, part{lit: b.String()})
			b.Reset()
		}
	}
	for j < l.hi {
		c := l.src[j]
		if c == quote && (!triple || j+2 < l.hi && l.src[j+1] == quote && l.src[j+2] == quote) {
			break
		}
		if c == '\n' && !triple {
			break // unterminated: python would not run the code at all
		}
		if c == '\\' && j+1 < l.hi {
			if raw {
				b.WriteByte('\\')
				b.WriteByte(l.src[j+1])
				j += 2
				continue
			}
			verbatim = false
			j = pyEscape(l.src, j, l.hi, bytesLit, &b, &parts, flush)
			continue
		}
		if fstr && (c == '{' || c == '}') {
			verbatim = false
			if j+1 < l.hi && l.src[j+1] == c {
				b.WriteByte(c)
				j += 2
				continue
			}
			if c == '}' {
				b.WriteByte(c)
				j++
				continue
			}
			flush()
			j = l.field(j+1, &parts)
			continue
		}
		b.WriteByte(c)
		j++
	}
	switch {
	case j < l.hi && triple && l.src[j] == quote:
		j += 3
	case j < l.hi && l.src[j] == quote:
		j++
	}
	j = min(j, l.hi)
	flush()
	body := -1
	if verbatim {
		body = bodyStart
	}
	l.i = j
	l.toks = append(l.toks, tok{kind: tkStr, pos: start, text: l.src[start:j], parts: parts, body: body, ind: int32(l.ind), sp: l.sp})
	l.sp = false
}

// field reads an f-string replacement field from just after its "{": the
// expression as code, then a conversion and a format spec (which may hold
// fields of its own), up to the closing "}". It returns the index after it.
func (l *pyLexer) field(j int, parts *[]part) int {
	if l.nest >= maxNest {
		// Too deep to read: skip to the matching brace, ignoring quotes.
		d := 1
		for j < l.hi && d > 0 {
			switch l.src[j] {
			case '{':
				d++
			case '}':
				d--
			}
			j++
		}
		*parts = append(*parts, part{dyn: true, note: "f-string nested too deep to read"})
		return j
	}
	sub, k := pyLex(l.src, j, l.hi, l.nest+1, true)
	p := part{dyn: true, sub: sub}
	if len(sub) == 1 && sub[0].kind == tkName {
		p.name = sub[0].text
	}
	*parts = append(*parts, p)
	if k < l.hi && l.src[k] == '=' {
		k++
		for k < l.hi && (l.src[k] == ' ' || l.src[k] == '\t') {
			k++
		}
	}
	if k < l.hi && l.src[k] == '!' {
		for k < l.hi && l.src[k] != ':' && l.src[k] != '}' && l.src[k] != '\n' {
			k++
		}
	}
	if k < l.hi && l.src[k] == ':' {
		k++
		for k < l.hi && l.src[k] != '}' {
			if l.src[k] == '{' {
				var spec []part
				k = l.field(k+1, &spec)
				*parts = append(*parts, spec...)
				continue
			}
			if l.src[k] == '\n' || l.src[k] == '\'' || l.src[k] == '"' {
				break
			}
			k++
		}
	}
	if k < l.hi && l.src[k] == '}' {
		k++
	}
	return k
}

// pyEscape decodes the escape sequence at src[j] ('\\') into b and returns
// the index after it. An escape it cannot decode (\N{name}) becomes an
// unknown part of the value.
func pyEscape(src string, j, hi int, bytesLit bool, b *strings.Builder, parts *[]part, flush func()) int {
	c := src[j+1]
	switch c {
	case '\n':
		return j + 2
	case '\r':
		if j+2 < hi && src[j+2] == '\n' {
			return j + 3
		}
		return j + 2
	case '\\', '\'', '"':
		b.WriteByte(c)
	case 'a':
		b.WriteByte(7)
	case 'b':
		b.WriteByte(8)
	case 'f':
		b.WriteByte(12)
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'v':
		b.WriteByte(11)
	case '0', '1', '2', '3', '4', '5', '6', '7':
		k := j + 1
		for k < hi && k < j+4 && src[k] >= '0' && src[k] <= '7' {
			k++
		}
		n, _ := strconv.ParseUint(src[j+1:k], 8, 32)
		writeCode(b, rune(n), bytesLit)
		return k
	case 'x', 'u', 'U':
		width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
		if c != 'x' && bytesLit {
			b.WriteByte('\\')
			b.WriteByte(c)
			return j + 2
		}
		k := j + 2
		if k+width <= hi {
			if n, err := strconv.ParseUint(src[k:k+width], 16, 32); err == nil {
				writeCode(b, rune(n), bytesLit && c == 'x')
				return k + width
			}
		}
		b.WriteByte('\\')
		b.WriteByte(c)
	case 'N':
		if !bytesLit && j+2 < hi && src[j+2] == '{' {
			k := strings.IndexByte(src[j+2:hi], '}')
			if k >= 0 {
				flush()
				*parts = append(*parts, part{dyn: true})
				return j + 2 + k + 1
			}
		}
		b.WriteByte('\\')
		b.WriteByte(c)
	default:
		b.WriteByte('\\')
		b.WriteByte(c)
	}
	return j + 2
}

// writeCode writes code point n, or byte n in a bytes literal.
func writeCode(b *strings.Builder, n rune, asByte bool) {
	if asByte || n < utf8.RuneSelf {
		b.WriteByte(byte(n))
		return
	}
	if !utf8.ValidRune(n) {
		n = utf8.RuneError
	}
	b.WriteRune(n)
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
