package inline

import (
	"strings"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/lazy"
)

// lexJS splits JavaScript into tokens: names, numbers, punctuation, strings
// with their escapes decoded, template literals (a string token holding the
// text up to the first ${, then each ${ … } as a bracketed group of tokens,
// so the code inside is read too), regular expression literals told from
// division by the token before, and comments dropped. It never fails:
// unterminated strings and comments end at the end of the code.
func lexJS(code string) *tkList {
	lx := jsLexer{s: code, out: make([]tk, 0, len(code)/4+8)}
	lx.run()
	l := &tkList{t: lx.out}
	l.matchBrackets()
	return l
}

type jsLexer struct {
	s     string
	i     int
	out   []tk
	tpl   []int  // for each open ${, the braces opened inside it and not yet closed
	paren []bool // for each open (, whether it follows if, while, for or with
	nl    bool
}

func (lx *jsLexer) emit(t tk) {
	t.nl = lx.nl
	lx.nl = false
	lx.out = append(lx.out, t)
}

func isNameStart(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isNameByte(c byte) bool { return isNameStart(c) || '0' <= c && c <= '9' }

func isDecimal(c byte) bool { return '0' <= c && c <= '9' }

// jsRegexAfter lists the keywords after which a / starts a regular
// expression rather than a division.
var jsRegexAfter = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"return": true, "typeof": true, "instanceof": true, "in": true, "of": true, "new": true,
		"delete": true, "void": true, "throw": true, "case": true, "do": true, "else": true,
		"yield": true, "await": true,
	}
}}

func (lx *jsLexer) regexAllowed() bool {
	if len(lx.out) == 0 {
		return true
	}
	t := lx.out[len(lx.out)-1]
	switch t.kind {
	case ctIdent:
		return jsRegexAfter.Get()[t.text]
	case ctNum, ctStr, ctRegex:
		return false
	}
	switch t.text {
	case ")":
		return t.flag
	case "]", "++", "--":
		return false
	}
	return true
}

var jsPuncts = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=",
	"%=", "&=", "|=", "^=", "**", "<<", ">>",
}

func (lx *jsLexer) run() {
	s := lx.s
	if strings.HasPrefix(s, "#!") {
		lx.lineComment()
	}
	for lx.i < len(s) {
		c := s[lx.i]
		switch {
		case c == '\n' || c == '\r':
			lx.nl = true
			lx.i++
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			lx.i++
		case c == '/' && lx.i+1 < len(s) && s[lx.i+1] == '/':
			lx.lineComment()
		case c == '/' && lx.i+1 < len(s) && s[lx.i+1] == '*':
			end := strings.Index(s[lx.i+2:], "*/")
			if end < 0 {
				lx.i = len(s)
			} else {
				if strings.ContainsAny(s[lx.i:lx.i+2+end], "\n\r") {
					lx.nl = true
				}
				lx.i += end + 4
			}
		case c == '/' && lx.regexAllowed():
			lx.regex()
		case c == '\'' || c == '"':
			lx.str(c)
		case c == '`':
			lx.template(true)
		case isNameStart(c) || c == '#' && lx.i+1 < len(s) && isNameStart(s[lx.i+1]):
			j := lx.i + 1
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			lx.emit(tk{kind: ctIdent, text: s[lx.i:j], pos: lx.i, end: j})
			lx.i = j
		case isDecimal(c) || c == '.' && lx.i+1 < len(s) && isDecimal(s[lx.i+1]):
			lx.number()
		default:
			lx.punct()
		}
	}
}

func (lx *jsLexer) lineComment() {
	for lx.i < len(lx.s) && lx.s[lx.i] != '\n' && lx.s[lx.i] != '\r' {
		lx.i++
	}
}

func (lx *jsLexer) number() {
	s, j := lx.s, lx.i
	for j < len(s) {
		c := s[j]
		switch {
		case isNameByte(c) && c != '$':
			j++
		case c == '.' && j+1 < len(s) && isDecimal(s[j+1]):
			j++
		case (c == '+' || c == '-') && j > lx.i && (s[j-1] == 'e' || s[j-1] == 'E') && !strings.HasPrefix(s[lx.i:], "0x") && !strings.HasPrefix(s[lx.i:], "0X"):
			j++
		default:
			goto done
		}
	}
done:
	lx.emit(tk{kind: ctNum, text: strings.ReplaceAll(s[lx.i:j], "_", ""), pos: lx.i, end: j})
	lx.i = j
}

func (lx *jsLexer) punct() {
	s, i := lx.s, lx.i
	p := s[i : i+1]
	if s[i] >= 0x80 {
		_, n := utf8.DecodeRuneInString(s[i:])
		p = s[i : i+n]
	} else {
		for _, q := range jsPuncts {
			if strings.HasPrefix(s[i:], q) {
				if q == "?." && i+2 < len(s) && isDecimal(s[i+2]) {
					continue
				}
				p = q
				break
			}
		}
	}
	t := tk{kind: ctPunct, text: p, pos: i, end: i + len(p)}
	switch p {
	case "(":
		cond := false
		if n := len(lx.out); n > 0 && lx.out[n-1].kind == ctIdent {
			switch lx.out[n-1].text {
			case "if", "while", "for", "with":
				cond = true
			}
		}
		lx.paren = append(lx.paren, cond)
	case ")":
		if n := len(lx.paren); n > 0 {
			t.flag = lx.paren[n-1]
			lx.paren = lx.paren[:n-1]
		}
	case "{":
		if n := len(lx.tpl); n > 0 {
			lx.tpl[n-1]++
		}
	case "}":
		if n := len(lx.tpl); n > 0 {
			if lx.tpl[n-1] == 0 {
				lx.tpl = lx.tpl[:n-1]
				lx.emit(t)
				lx.i += len(p)
				lx.template(false)
				return
			}
			lx.tpl[n-1]--
		}
	}
	lx.emit(t)
	lx.i += len(p)
}

// str reads a '…' or "…" string. A newline not escaped ends it (the code
// is wrong; the string is what came before).
func (lx *jsLexer) str(q byte) {
	s, start := lx.s, lx.i
	j := start + 1
	var b strings.Builder
	esc := false
	for j < len(s) && s[j] != q && s[j] != '\n' && s[j] != '\r' {
		if s[j] == '\\' {
			if !esc {
				esc = true
				b.WriteString(s[start+1 : j])
			}
			j = jsEscape(s, j, &b)
			continue
		}
		if esc {
			b.WriteByte(s[j])
		}
		j++
	}
	val := s[start+1 : j]
	if esc {
		val = b.String()
	}
	if j < len(s) && s[j] == q {
		j++
	}
	lx.emit(tk{kind: ctStr, text: val, pos: start, end: j, exact: !esc})
	lx.i = j
}

// jsEscape decodes the escape at s[i] (a backslash) into b and returns the
// index after it.
func jsEscape(s string, i int, b *strings.Builder) int {
	i++
	if i >= len(s) {
		return i
	}
	c := s[i]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case '\r':
		if i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
	case '\n': // line continuation
	case 'x':
		if r, ok := hexRune(s, i+1, 2); ok {
			b.WriteRune(r)
			return i + 3
		}
		b.WriteByte('x')
	case 'u':
		if i+1 < len(s) && s[i+1] == '{' {
			end := strings.IndexByte(s[i+2:min(len(s), i+12)], '}')
			if end >= 0 && end <= 8 {
				if r, ok := hexRune(s, i+2, end); ok {
					b.WriteRune(r)
					return i + 3 + end
				}
			}
		} else if r, ok := hexRune(s, i+1, 4); ok {
			b.WriteRune(r)
			return i + 5
		}
		b.WriteByte('u')
	default:
		if '0' <= c && c <= '7' {
			// legacy octal: up to three digits, at most \377
			v, j := 0, i
			for j < len(s) && j < i+3 && '0' <= s[j] && s[j] <= '7' && v*8+int(s[j]-'0') <= 0377 {
				v = v*8 + int(s[j]-'0')
				j++
			}
			b.WriteRune(rune(v))
			return j
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		return i + n
	}
	return i + 1
}

// hexRune reads n hex digits at s[i:].
func hexRune(s string, i, n int) (rune, bool) {
	if n <= 0 || i+n > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+n]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(d)
		if r > utf8.MaxRune {
			return utf8.RuneError, true
		}
	}
	return r, true
}

// template reads a template literal from its backquote (first) or from the
// } that closed an interpolation. The string token is emitted once, at the
// start, holding the text up to the first ${; later parts only move on.
func (lx *jsLexer) template(first bool) {
	s := lx.s
	start := lx.i
	j := lx.i
	if first {
		j++
	}
	var b strings.Builder
	for j < len(s) {
		switch {
		case s[j] == '\\':
			j = jsEscape(s, j, &b)
			continue
		case s[j] == '`':
			if first {
				lx.emit(tk{kind: ctStr, text: b.String(), pos: start, end: j + 1, flag: true, exact: b.Len() == j-start-1 && b.String() == s[start+1:j]})
			}
			lx.i = j + 1
			return
		case s[j] == '$' && j+1 < len(s) && s[j+1] == '{':
			if first {
				lx.emit(tk{kind: ctStr, text: b.String(), pos: start, end: j, dyn: true, flag: true})
			}
			lx.emit(tk{kind: ctPunct, text: "${", pos: j, end: j + 2})
			lx.tpl = append(lx.tpl, 0)
			lx.i = j + 2
			return
		}
		b.WriteByte(s[j])
		j++
	}
	if first {
		lx.emit(tk{kind: ctStr, text: b.String(), pos: start, end: j, flag: true})
	}
	lx.i = j
}

// regex reads a regular expression literal: to the / that is neither
// escaped nor inside a [class], then its flags. A newline first means it
// was a division after all.
func (lx *jsLexer) regex() {
	s, j := lx.s, lx.i+1
	class := false
	for j < len(s) {
		c := s[j]
		switch {
		case c == '\n' || c == '\r':
			lx.emit(tk{kind: ctPunct, text: "/", pos: lx.i, end: lx.i + 1})
			lx.i++
			return
		case c == '\\':
			j += 2
			continue
		case c == '[':
			class = true
		case c == ']':
			class = false
		case c == '/' && !class:
			j++
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			lx.emit(tk{kind: ctRegex, text: s[lx.i:j], pos: lx.i, end: j})
			lx.i = j
			return
		}
		j++
	}
	lx.emit(tk{kind: ctRegex, text: s[lx.i:], pos: lx.i, end: len(s)})
	lx.i = len(s)
}
