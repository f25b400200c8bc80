package inline

import (
	"strings"
	"unicode/utf8"
)

// lexPHP splits PHP into tokens: names (namespaced \a\b as one), $variables,
// numbers, punctuation, strings with escapes decoded — '…', "…", heredoc
// and nowdoc, backticks (flag set) — and comments # // /* */ dropped.
// Interpolation in "…", heredoc and backticks makes the string dynamic;
// {$…} and ${…} inside them become bracketed groups of tokens, so code
// there is read too. ?> switches to HTML until the next <?php; html says
// whether the code starts in HTML (a file on standard input) rather than
// in PHP (php -r).
func lexPHP(code string, html bool) *tkList {
	lx := phpLexer{s: code, out: make([]tk, 0, len(code)/4+8)}
	if html {
		lx.skipHTML()
	}
	lx.run()
	l := &tkList{t: lx.out}
	l.matchBrackets()
	return l
}

type phpStrCtx struct {
	quote byte // '"', '`', or 0 for a heredoc
	end   int  // heredoc: where its body ends
	after int  // heredoc: the index after its closing marker
	depth int  // braces opened inside the interpolation and not closed
}

type phpLexer struct {
	s    string
	i    int
	out  []tk
	strs []phpStrCtx
	nl   bool
}

func (lx *phpLexer) emit(t tk) {
	t.nl = lx.nl
	lx.nl = false
	lx.out = append(lx.out, t)
}

var phpPuncts = []string{
	"<=>", "===", "!==", "**=", "...", "<<=", ">>=", "??=", "?->",
	"->", "::", "=>", "==", "!=", "<>", "<=", ">=", "&&", "||", "??", "++", "--",
	".=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
}

// skipHTML moves past text outside PHP to the next opening tag.
func (lx *phpLexer) skipHTML() {
	k := strings.Index(lx.s[lx.i:], "<?")
	if k < 0 {
		lx.i = len(lx.s)
		return
	}
	lx.i += k + 2
	switch {
	case len(lx.s)-lx.i >= 3 && strings.EqualFold(lx.s[lx.i:lx.i+3], "php"):
		lx.i += 3
	case lx.i < len(lx.s) && lx.s[lx.i] == '=':
		lx.i++
	}
}

func (lx *phpLexer) run() {
	s := lx.s
	for lx.i < len(s) {
		c := s[lx.i]
		switch {
		case c == '\n' || c == '\r':
			lx.nl = true
			lx.i++
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			lx.i++
		case c == '?' && lx.i+1 < len(s) && s[lx.i+1] == '>':
			lx.emit(tk{kind: ctPunct, text: ";", pos: lx.i, end: lx.i + 2})
			lx.i += 2
			lx.skipHTML()
		case c == '<' && strings.HasPrefix(s[lx.i:], "<?"):
			lx.skipHTML()
		case c == '#' && !(lx.i+1 < len(s) && s[lx.i+1] == '['), c == '/' && lx.i+1 < len(s) && s[lx.i+1] == '/':
			for lx.i < len(s) && s[lx.i] != '\n' && s[lx.i] != '\r' && !strings.HasPrefix(s[lx.i:], "?>") {
				lx.i++
			}
		case c == '/' && lx.i+1 < len(s) && s[lx.i+1] == '*':
			end := strings.Index(s[lx.i+2:], "*/")
			if end < 0 {
				lx.i = len(s)
			} else {
				lx.i += end + 4
			}
		case c == '$' && lx.i+1 < len(s) && isNameStart(s[lx.i+1]) && s[lx.i+1] != '$':
			j := lx.i + 1
			for j < len(s) && isNameByte(s[j]) && s[j] != '$' {
				j++
			}
			lx.emit(tk{kind: ctVar, text: s[lx.i+1 : j], pos: lx.i, end: j})
			lx.i = j
		case c == '\\' && lx.i+1 < len(s) && isNameStart(s[lx.i+1]) || isNameStart(c) && c != '$':
			j := lx.i + 1
			for j < len(s) && (isNameByte(s[j]) && s[j] != '$' || s[j] == '\\' && j+1 < len(s) && isNameStart(s[j+1])) {
				j++
			}
			w := s[lx.i:j]
			switch strings.ToLower(w) {
			case "true", "false", "null":
				w = strings.ToLower(w)
			}
			lx.emit(tk{kind: ctIdent, text: w, pos: lx.i, end: j})
			lx.i = j
		case isDecimal(c) || c == '.' && lx.i+1 < len(s) && isDecimal(s[lx.i+1]):
			j := lx.i
			for j < len(s) && (isNameByte(s[j]) && s[j] != '$' || s[j] == '.' && j+1 < len(s) && isDecimal(s[j+1])) {
				j++
			}
			lx.emit(tk{kind: ctNum, text: strings.ReplaceAll(s[lx.i:j], "_", ""), pos: lx.i, end: j})
			lx.i = j
		case c == '\'':
			lx.single()
		case c == '"' || c == '`':
			lx.interp(lx.i+1, c, 0, 0, lx.i, true)
		case c == '<' && strings.HasPrefix(s[lx.i:], "<<<"):
			if !lx.heredoc() {
				lx.punct()
			}
		default:
			lx.punct()
		}
	}
}

func (lx *phpLexer) punct() {
	s, i := lx.s, lx.i
	p := s[i : i+1]
	if s[i] >= 0x80 {
		_, n := utf8.DecodeRuneInString(s[i:])
		p = s[i : i+n]
	} else {
		for _, q := range phpPuncts {
			if strings.HasPrefix(s[i:], q) {
				p = q
				break
			}
		}
	}
	switch p {
	case "{":
		if n := len(lx.strs); n > 0 {
			lx.strs[n-1].depth++
		}
	case "}":
		if n := len(lx.strs); n > 0 {
			if lx.strs[n-1].depth == 0 {
				ctx := lx.strs[n-1]
				lx.strs = lx.strs[:n-1]
				lx.emit(tk{kind: ctPunct, text: "}", pos: i, end: i + 1})
				lx.interp(i+1, ctx.quote, ctx.end, ctx.after, i, false)
				return
			}
			lx.strs[n-1].depth--
		}
	}
	lx.emit(tk{kind: ctPunct, text: p, pos: i, end: i + len(p)})
	lx.i += len(p)
}

// single reads a '…' string: only \\ and \' are escapes.
func (lx *phpLexer) single() {
	s, start := lx.s, lx.i
	j := start + 1
	var b strings.Builder
	esc := false
	for j < len(s) && s[j] != '\'' {
		if s[j] == '\\' && j+1 < len(s) && (s[j+1] == '\\' || s[j+1] == '\'') {
			if !esc {
				esc = true
				b.WriteString(s[start+1 : j])
			}
			b.WriteByte(s[j+1])
			j += 2
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
	if j < len(s) {
		j++
	}
	lx.emit(tk{kind: ctStr, text: val, pos: start, end: j, exact: !esc})
	lx.i = j
}

// interp reads an interpolating string from i: "…" and `…` to their quote,
// a heredoc body (quote 0) to end and then on at after. The string token
// is emitted once (first), with the text up to the first interpolation.
func (lx *phpLexer) interp(i int, quote byte, end, after, start int, first bool) {
	s := lx.s
	limit := len(s)
	if quote == 0 {
		limit = end
	}
	var b strings.Builder
	dyn, esc := false, false
	emit := func(stop int) {
		if first {
			lx.emit(tk{kind: ctStr, text: b.String(), pos: start, end: stop, dyn: dyn, exact: !esc && quote != 0, flag: quote == '`'})
			first = false
		}
	}
	j := i
	for j < limit {
		c := s[j]
		switch {
		case c == quote && quote != 0:
			emit(j + 1)
			lx.i = j + 1
			return
		case c == '\\' && j+1 < limit:
			esc = true
			j = phpEscape(s, j, quote, &b)
			continue
		case c == '$' && j+1 < limit && isNameStart(s[j+1]) && s[j+1] != '$':
			dyn = true
			k := j + 1
			for k < limit && isNameByte(s[k]) && s[k] != '$' {
				k++
			}
			j = k
			continue
		case c == '{' && j+1 < limit && s[j+1] == '$', c == '$' && j+1 < limit && s[j+1] == '{':
			dyn = true
			emit(j)
			open := "{$"
			next := j + 1 // {$: the $ starts the code
			if c == '$' {
				open, next = "${", j+2
			}
			lx.emit(tk{kind: ctPunct, text: open, pos: j, end: next})
			lx.strs = append(lx.strs, phpStrCtx{quote: quote, end: end, after: after})
			lx.i = next
			return
		}
		if !dyn {
			b.WriteByte(c)
		}
		j++
	}
	emit(j)
	if quote == 0 {
		j = after
	}
	lx.i = j
}

// phpEscape decodes the escape at s[i] in a "…" string or heredoc.
func phpEscape(s string, i int, quote byte, b *strings.Builder) int {
	c := s[i+1]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'v':
		b.WriteByte('\v')
	case 'e':
		b.WriteByte(0x1b)
	case 'f':
		b.WriteByte('\f')
	case '\\', '$':
		b.WriteByte(c)
	case '"', '`':
		if c == quote || quote == 0 && c == '"' {
			b.WriteByte(c)
		} else {
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	case 'x':
		n := 0
		for n < 2 && i+2+n < len(s) && isHex(s[i+2+n]) {
			n++
		}
		if n > 0 {
			r, _ := hexRune(s, i+2, n)
			b.WriteByte(byte(r))
			return i + 2 + n
		}
		b.WriteString(`\x`)
	case 'u':
		if i+2 < len(s) && s[i+2] == '{' {
			end := strings.IndexByte(s[i+3:min(len(s), i+13)], '}')
			if end > 0 && end <= 8 {
				if r, ok := hexRune(s, i+3, end); ok {
					b.WriteRune(r)
					return i + 4 + end
				}
			}
		}
		b.WriteString(`\u`)
	default:
		if '0' <= c && c <= '7' {
			v, j := 0, i+1
			for j < len(s) && j < i+4 && '0' <= s[j] && s[j] <= '7' {
				v = v*8 + int(s[j]-'0')
				j++
			}
			b.WriteByte(byte(v))
			return j
		}
		b.WriteByte('\\')
		return i + 1
	}
	return i + 2
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// heredoc reads <<<ID, <<<"ID" (both interpolate) or <<<'ID' (nowdoc): the
// body runs to a line whose first non-blank text is ID not followed by a
// name character; that line's indentation is taken off every line.
func (lx *phpLexer) heredoc() bool {
	s, start := lx.s, lx.i
	j := start + 3
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	quote := byte(0)
	if j < len(s) && (s[j] == '\'' || s[j] == '"') {
		quote = s[j]
		j++
	}
	k := j
	for k < len(s) && isNameByte(s[k]) && s[k] != '$' {
		k++
	}
	id := s[j:k]
	if id == "" {
		return false
	}
	if quote != 0 {
		if k >= len(s) || s[k] != quote {
			return false
		}
		k++
	}
	// the line ends right after the marker (searching further for a
	// newline would make <<<A<<<A… quadratic)
	nl := k
	if nl < len(s) && s[nl] == '\r' {
		nl++
	}
	if nl >= len(s) || s[nl] != '\n' {
		return false
	}
	body := nl + 1
	// find the closing line
	end, after, indent := len(s), len(s), ""
	for p := body; p <= len(s); {
		q := p
		for q < len(s) && (s[q] == ' ' || s[q] == '\t') {
			q++
		}
		if strings.HasPrefix(s[q:], id) && (q+len(id) >= len(s) || !isNameByte(s[q+len(id)])) {
			end, after, indent = p, q+len(id), s[p:q]
			break
		}
		e := strings.IndexByte(s[p:], '\n')
		if e < 0 {
			break
		}
		p += e + 1
	}
	bodyEnd := end
	if bodyEnd > body {
		bodyEnd-- // the newline before the closing marker
		if bodyEnd > body && s[bodyEnd-1] == '\r' {
			bodyEnd--
		}
	}
	lx.nl = true
	if quote == '\'' {
		text := phpDedent(s[body:bodyEnd], indent)
		lx.emit(tk{kind: ctStr, text: text, pos: start, end: after})
		lx.i = after
		return true
	}
	n := len(lx.out)
	lx.interp(body, 0, bodyEnd, after, start, true)
	if n < len(lx.out) && indent != "" && lx.out[n].kind == ctStr {
		lx.out[n].text = phpDedent(lx.out[n].text, indent)
	}
	return true
}

// phpDedent takes indent off the start of every line of s.
func phpDedent(s, indent string) string {
	if indent == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	for k, ln := range lines {
		lines[k] = strings.TrimPrefix(ln, indent)
	}
	return strings.Join(lines, "\n")
}
