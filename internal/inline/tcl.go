package inline

import (
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// The Tcl reader: tclsh, wish and expect scripts. Tcl is read as Tcl
// reads itself: a script is commands of words; {braces} are literal, "…"
// and bare words substitute $variables, [commands] and backslashes; a
// command substitution runs a script, read here in turn. The bodies of
// control commands (if, while, for, foreach, proc, catch, try, after,
// eval of literal text, subst …) are scripts too. It reports exec (argv,
// one per pipeline stage, and the files its redirections write), open of
// a |pipeline or of a file for writing, file delete/rename/copy/
// attributes, expect's spawn and system, TclX kill and fork, eval, uplevel
// and subst of computed text (dynamic), and commands whose name is
// computed at run time (dynamic).

func readTcl(code string) []Finding {
	c := newCollector(len(code))
	r := &tclReader{c: c, vars: map[string]Word{}}
	r.script(tclSrc{s: code, exact: true}, 0, len(code), false, 0, false)
	return c.f
}

type tclReader struct {
	c    *collector
	vars map[string]Word
	last Word // the value of the last command read, when known (list, set, concat)
}

// tclSrc is text being read: the code itself (exact: offsets are
// positions in the code, shifted by base) or text computed from it (eval
// of a literal), whose findings are placed at at.
type tclSrc struct {
	s     string
	base  int
	exact bool
	at    int
}

func (src tclSrc) pos(i int) int {
	if src.exact {
		return src.base + i
	}
	return src.at
}

// tclWord is one word of a command.
type tclWord struct {
	Word
	pos    int
	braced bool // {…}: lo..hi is its literal text
	lo, hi int  // the text inside the braces or quotes, or the bare word, in src
	expand bool // {*}: it may stand for any number of words
}

// maxTclDepth bounds scripts inside scripts ([…] and bodies).
const maxTclDepth = 24

// maxTclWords bounds the words of one command that are read.
const maxTclWords = 4096

func isTclSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// script reads commands from i to hi, or to the ] that closes a command
// substitution (bracket), and returns the index after what it read.
func (r *tclReader) script(src tclSrc, i, hi int, bracket bool, depth int, loop bool) int {
	s := src.s
	if depth > maxTclDepth {
		r.c.add(Finding{Kind: Dynamic, Pos: src.pos(i), Call: "scripts nested too deep"})
		if bracket {
			return skipBracket(s, i, hi)
		}
		return hi
	}
	for i < hi {
		if r.c.full || !r.c.spend(1) {
			return hi
		}
		c := s[i]
		switch {
		case isTclSpace(c) || c == '\n' || c == ';':
			i++
			continue
		case c == '\\' && i+1 < hi && s[i+1] == '\n':
			i += 2
			continue
		case c == ']' && bracket:
			return i + 1
		case c == '#':
			for i < hi && s[i] != '\n' {
				if s[i] == '\\' {
					i++
				}
				i++
			}
			continue
		}
		var words []tclWord
		cut := false
		start := i
		for i < hi {
			for i < hi && (isTclSpace(s[i]) || s[i] == '\\' && i+1 < hi && s[i+1] == '\n') {
				if s[i] == '\\' {
					i++
				}
				i++
			}
			if i >= hi || s[i] == '\n' || s[i] == ';' || bracket && s[i] == ']' {
				break
			}
			var w tclWord
			w, i = r.word(src, i, hi, bracket, depth, loop)
			if len(words) < maxTclWords {
				words = append(words, w)
			} else {
				cut = true
			}
		}
		r.command(src, words, src.pos(start), depth, loop)
		if cut {
			// The words past the bound were not read: what the command
			// runs is not known, a limit rather than a guess.
			r.c.add(Finding{Kind: Dynamic, Pos: src.pos(start), Call: callTooLong})
		}
		if bracket && i < hi && s[i] == ']' {
			return i + 1
		}
	}
	return hi
}

// skipBracket skips to the ] that closes a command substitution, counting
// brackets only.
func skipBracket(s string, i, hi int) int {
	n := 1
	for ; i < hi; i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			n++
		case ']':
			n--
			if n == 0 {
				return i + 1
			}
		}
	}
	return hi
}

// word reads one word at i.
func (r *tclReader) word(src tclSrc, i, hi int, bracket bool, depth int, loop bool) (tclWord, int) {
	s := src.s
	w := tclWord{pos: src.pos(i)}
	if strings.HasPrefix(s[i:hi], "{*}") && i+3 < hi && !isTclSpace(s[i+3]) && s[i+3] != '\n' && s[i+3] != ';' {
		w.expand = true
		i += 3
	}
	switch s[i] {
	case '{':
		end := tclBraceEnd(s, i, hi)
		w.braced, w.lo, w.hi = true, i+1, max(i+1, end-1)
		w.Value = s[w.lo:w.hi]
		if strings.Contains(w.Value, "\\\n") {
			w.Value = joinContinuations(w.Value)
		}
		return w, end
	case '"':
		var b strings.Builder
		j, dyn := r.subst(src, i+1, hi, &b, func(c byte) bool { return c == '"' }, depth, loop)
		w.lo, w.hi = i+1, j
		w.Value, w.Dynamic = b.String(), dyn
		if j < hi {
			j++
		}
		return w, j
	}
	var b strings.Builder
	j, dyn := r.subst(src, i, hi, &b, func(c byte) bool {
		return isTclSpace(c) || c == '\n' || c == ';' || bracket && c == ']'
	}, depth, loop)
	w.lo, w.hi = i, j
	w.Value, w.Dynamic = b.String(), dyn
	return w, j
}

// tclBraceEnd returns the index after the } that closes the { at i.
func tclBraceEnd(s string, i, hi int) int {
	n := 0
	for j := i; j < hi; j++ {
		switch s[j] {
		case '\\':
			j++
		case '{':
			n++
		case '}':
			n--
			if n == 0 {
				return j + 1
			}
		}
	}
	return hi
}

func joinContinuations(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '\n' {
			b.WriteByte(' ')
			i += 2
			for i < len(s) && isTclSpace(s[i]) {
				i++
			}
			i--
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// subst reads text with Tcl's substitutions from i until stop, writing
// its value to b; command substitutions are read as scripts. It returns
// the index of the stop byte and whether the value is dynamic (only the
// part before the first unknown substitution is in b then).
func (r *tclReader) subst(src tclSrc, i, hi int, b *strings.Builder, stop func(byte) bool, depth int, loop bool) (int, bool) {
	s := src.s
	dyn := false
	put := func(str string) {
		if dyn {
			return
		}
		if b.Len()+len(str) > maxWordLen { // set x $x$x doubles at each step
			b.WriteString(str[:maxWordLen-b.Len()])
			dyn = true
			return
		}
		b.WriteString(str)
	}
	for i < hi && !stop(s[i]) {
		if !r.c.spend(1) {
			return hi, true
		}
		switch c := s[i]; c {
		case '\\':
			var e strings.Builder
			i = tclEscape(s, i, hi, &e)
			put(e.String())
		case '[':
			r.last = Word{Dynamic: true}
			i = r.script(src, i+1, hi, true, depth+1, loop)
			put(r.last.Value)
			dyn = dyn || r.last.Dynamic
		case '$':
			name, end := tclVarName(s, i+1, hi)
			if name == "" {
				put("$")
				i++
				continue
			}
			if end < hi && s[end] == '(' { // array element: the index substitutes too
				var idx strings.Builder
				end, _ = r.subst(src, end+1, hi, &idx, func(c byte) bool { return c == ')' }, depth, loop)
				if end < hi {
					end++
				}
				dyn = true
				i = end
				continue
			}
			if v, ok := r.vars[strings.TrimPrefix(name, "::")]; ok && !v.Dynamic {
				put(v.Value)
			} else {
				if ok {
					put(v.Value)
				}
				dyn = true
			}
			i = end
		default:
			put(s[i : i+1])
			i++
		}
	}
	return i, dyn
}

// tclVarName reads a variable name after $: ${any}, or letters, digits,
// _ and :: namespaces.
func tclVarName(s string, i, hi int) (string, int) {
	if i < hi && s[i] == '{' {
		end := strings.IndexByte(s[i:hi], '}')
		if end < 0 { // no close: the rest is the name (searching again from each ${ would be quadratic)
			return s[i+1 : hi], hi
		}
		return s[i+1 : i+end], i + end + 1
	}
	j := i
	for j < hi {
		c := s[j]
		if c == '_' || isDecimal(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80 {
			j++
		} else if c == ':' && j+1 < hi && s[j+1] == ':' {
			j += 2
		} else {
			break
		}
	}
	return s[i:j], j
}

// tclEscape decodes the backslash sequence at s[i].
func tclEscape(s string, i, hi int, b *strings.Builder) int {
	if i+1 >= hi {
		b.WriteByte('\\')
		return i + 1
	}
	c := s[i+1]
	switch c {
	case 'a':
		b.WriteByte('\a')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'v':
		b.WriteByte('\v')
	case '\n':
		j := i + 2
		for j < hi && isTclSpace(s[j]) {
			j++
		}
		b.WriteByte(' ')
		return j
	case 'x', 'u', 'U':
		max := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
		n := 0
		for n < max && i+2+n < hi && isHex(s[i+2+n]) {
			n++
		}
		if n == 0 {
			b.WriteByte(c)
			return i + 2
		}
		v, _ := hexRune(s, i+2, n)
		b.WriteRune(v)
		return i + 2 + n
	default:
		if '0' <= c && c <= '7' {
			v, j := 0, i+1
			for j < hi && j < i+4 && '0' <= s[j] && s[j] <= '7' {
				v = v*8 + int(s[j]-'0')
				j++
			}
			b.WriteByte(byte(v))
			return j
		}
		b.WriteByte(c)
	}
	return i + 2
}

// tclList splits a Tcl list into its elements (at most 4096).
func tclList(s string) []string {
	var out []string
	i := 0
	for i < len(s) && len(out) < 4096 {
		for i < len(s) && (isTclSpace(s[i]) || s[i] == '\n') {
			i++
		}
		if i >= len(s) {
			break
		}
		switch s[i] {
		case '{':
			end := tclBraceEnd(s, i, len(s))
			out = append(out, s[i+1:max(i+1, end-1)])
			i = end
		case '"':
			var b strings.Builder
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j = tclEscape(s, j, len(s), &b)
					continue
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, b.String())
			i = j + 1
		default:
			var b strings.Builder
			j := i
			for j < len(s) && !isTclSpace(s[j]) && s[j] != '\n' {
				if s[j] == '\\' {
					j = tclEscape(s, j, len(s), &b)
					continue
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, b.String())
			i = j
		}
	}
	return out
}

// tclBindsVars lists commands that set variables named by their literal
// words, which then hold values this reader does not know.
var tclBindsVars = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"foreach": true, "lmap": true, "lassign": true, "gets": true, "incr": true, "scan": true,
		"regexp": true, "regsub": true, "binary": true, "upvar": true, "global": true, "variable": true,
		"lappend": true, "array": true, "dict": true, "read": true, "unset": true, "info": true,
	}
}}

// body reads a word that is a script: literal text is read in place,
// computed text is dynamic.
func (r *tclReader) body(src tclSrc, w tclWord, depth int, loop bool, call string) {
	if w.Dynamic || w.expand {
		r.c.add(Finding{Kind: Dynamic, Pos: w.pos, Call: call})
		return
	}
	if w.braced {
		r.script(src, w.lo, w.hi, false, depth+1, loop)
		return
	}
	// a quoted or bare word: its value, already substituted, is read again
	r.text(w.Value, w.pos, depth, loop)
}

// text reads computed literal text as a script (eval of a literal).
func (r *tclReader) text(s string, at, depth int, loop bool) {
	if depth >= maxTclDepth {
		r.c.add(Finding{Kind: Dynamic, Pos: at, Call: "scripts nested too deep"})
		return
	}
	r.script(tclSrc{s: s, at: at}, 0, len(s), false, depth+1, loop)
}

// expr reads an expression word for its command substitutions.
func (r *tclReader) expr(src tclSrc, w tclWord, depth int, loop bool) {
	if !w.braced {
		return // its substitutions were read with the word
	}
	s := src.s
	for i := w.lo; i < w.hi; i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			i = tclBraceEnd(s, i, w.hi) - 1
		case '[':
			i = r.script(src, i+1, w.hi, true, depth+1, loop) - 1
		}
	}
}

// exprTrue reports whether an expression is a constant true.
func exprTrue(w tclWord) bool {
	if w.Dynamic {
		return false
	}
	v := strings.TrimSpace(w.Value)
	for len(v) > 1 && v[0] == '(' && v[len(v)-1] == ')' {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	switch strings.ToLower(v) {
	case "true", "yes", "on", "!0", "!false":
		return true
	}
	n, err := strconv.ParseFloat(v, 64)
	return err == nil && n != 0
}

// command judges one command.
func (r *tclReader) command(src tclSrc, words []tclWord, pos, depth int, loop bool) {
	if len(words) == 0 {
		return
	}
	w0 := words[0]
	if w0.Dynamic || w0.expand {
		r.c.add(Finding{Kind: Dynamic, Pos: pos, Call: "a command named at run time"})
		return
	}
	name := strings.TrimPrefix(w0.Value, "::")
	args := words[1:]
	r.last = Word{Dynamic: true}
	switch name {
	case "list", "concat":
		var parts []string
		for _, a := range args {
			if a.Dynamic || a.expand {
				return
			}
			if name == "list" && (a.Value == "" || strings.ContainsAny(a.Value, " \t\n{}\"\\")) {
				parts = append(parts, "{"+a.Value+"}")
			} else {
				parts = append(parts, strings.TrimSpace(a.Value))
			}
		}
		r.last = Word{Value: strings.Join(parts, " ")}
		return
	case "set":
		if len(args) == 1 && !args[0].Dynamic {
			if v, ok := r.vars[strings.TrimPrefix(args[0].Value, "::")]; ok {
				r.last = v
			}
			return
		}
		if len(args) == 2 {
			r.last = args[1].Word
		}
	}
	add := func(f Finding) {
		f.Pos, f.Call = pos, name
		r.c.add(f)
	}
	lit := func(k int) string {
		if k < len(args) && !args[k].Dynamic {
			return args[k].Value
		}
		return ""
	}
	switch name {
	case "set":
		if len(args) == 2 && !args[0].Dynamic {
			r.vars[strings.TrimPrefix(args[0].Value, "::")] = args[1].Word
		}
	case "append":
		if len(args) >= 1 && !args[0].Dynamic {
			n := strings.TrimPrefix(args[0].Value, "::")
			v := r.vars[n]
			for _, a := range args[1:] {
				if v.Dynamic {
					break
				}
				v = capWord(Word{Value: v.Value + a.Value, Dynamic: a.Dynamic})
			}
			r.vars[n] = v
		}
	case "exec":
		r.exec(args, loop, add)
	case "open":
		if len(args) == 0 {
			return
		}
		p := args[0].Word
		if strings.HasPrefix(p.Value, "|") {
			if loop {
				add(Finding{Kind: ForkBomb})
			}
			ws := listWords(Word{Value: p.Value[1:], Dynamic: p.Dynamic})
			r.exec(tclWordsOf(ws), false, add)
			return
		}
		if len(args) < 2 {
			return
		}
		if m := args[1]; m.Dynamic || strings.ContainsAny(m.Value, "wa+") || strings.Contains(m.Value, "WRONLY") || strings.Contains(m.Value, "RDWR") {
			add(Finding{Kind: Effect, Effect: "write", Path: p})
		}
	case "file":
		r.file(args, add)
	case "spawn":
		k := 0
		for k < len(args) && strings.HasPrefix(lit(k), "-") {
			if lit(k) == "-open" || lit(k) == "-leaveopen" || lit(k) == "-ignore" {
				k++
			}
			k++
		}
		if k < len(args) {
			if loop {
				add(Finding{Kind: ForkBomb})
			}
			add(Finding{Kind: Argv, Argv: argvOf(args[k:])})
		}
	case "system":
		var ws []Word
		for _, a := range args {
			ws = append(ws, a.Word)
		}
		add(Finding{Kind: ShellLine, Text: joinWords(ws)})
	case "send", "exp_send":
		// expect types the last word into what it spawned, a shell as
		// often as not: judged as a line, each \r ending one.
		k := 0
		for k < len(args)-1 && strings.HasPrefix(lit(k), "-") {
			if lit(k) == "--" {
				k++
				break
			}
			if lit(k) == "-i" {
				k++
			}
			k++
		}
		if k < len(args) {
			w := args[len(args)-1].Word
			w.Value = strings.TrimRight(strings.ReplaceAll(w.Value, "\r", "\n"), "\n")
			add(Finding{Kind: ShellLine, Text: w})
		}
	case "kill":
		if len(args) == 0 {
			return
		}
		last := args[len(args)-1].Word
		for _, id := range listWords(last) {
			add(Finding{Kind: Kill, Target: id})
		}
	case "fork":
		if loop {
			add(Finding{Kind: ForkBomb})
		}
	case "eval", "uplevel":
		k := 0
		if name == "uplevel" && len(args) > 1 && (strings.HasPrefix(lit(0), "#") || isNumber(lit(0))) {
			k = 1
		}
		if k >= len(args) {
			return
		}
		if len(args)-k == 1 {
			r.body(src, args[k], depth, loop, name)
			return
		}
		var ws []Word
		for _, a := range args[k:] {
			ws = append(ws, a.Word)
		}
		j := joinWords(ws)
		if j.Dynamic {
			add(Finding{Kind: Dynamic})
			return
		}
		r.text(j.Value, pos, depth, loop)
	case "subst":
		if len(args) == 0 {
			return
		}
		last := args[len(args)-1]
		for _, a := range args[:len(args)-1] {
			if a.Value == "-nocommands" {
				return
			}
		}
		if last.Dynamic {
			add(Finding{Kind: Dynamic})
			return
		}
		var b strings.Builder
		if last.braced {
			r.subst(src, last.lo, last.hi, &b, func(byte) bool { return false }, depth+1, loop)
			return
		}
		r.subst(tclSrc{s: last.Value, at: pos}, 0, len(last.Value), &b, func(byte) bool { return false }, depth+1, loop)
	case "if":
		for k := 0; k < len(args); {
			r.expr(src, args[k], depth, loop)
			k++
			if lit(k) == "then" {
				k++
			}
			if k < len(args) {
				r.body(src, args[k], depth, loop, name)
			}
			k++
			switch lit(k) {
			case "elseif":
				k++
			case "else":
				if k+1 < len(args) {
					r.body(src, args[k+1], depth, loop, name)
				}
				return
			default:
				if k < len(args) { // if c b1 b2: the else without its keyword
					r.body(src, args[k], depth, loop, name)
				}
				return
			}
		}
	case "while":
		if len(args) == 2 {
			r.expr(src, args[0], depth, loop)
			r.body(src, args[1], depth, loop || exprTrue(args[0]) && !tclWaits(args[1].Value), name)
		}
	case "for":
		if len(args) == 4 {
			r.body(src, args[0], depth, loop, name)
			r.expr(src, args[1], depth, loop)
			endless := (exprTrue(args[1]) || strings.TrimSpace(args[1].Value) == "" && !args[1].Dynamic) && !tclWaits(args[3].Value)
			r.body(src, args[2], depth, loop || endless, name)
			r.body(src, args[3], depth, loop || endless, name)
		}
	case "foreach", "lmap", "time", "timerate", "catch", "proc", "namespace", "dict", "apply", "after", "try", "switch", "interp":
		r.control(src, name, args, depth, loop, add)
	}
	if tclBindsVars.Get()[name] {
		for _, a := range args {
			if !a.Dynamic {
				for _, v := range tclList(a.Value) {
					delete(r.vars, strings.TrimPrefix(v, "::"))
				}
			}
		}
	}
}

// control reads the script arguments of the other commands that take
// scripts.
func (r *tclReader) control(src tclSrc, name string, args []tclWord, depth int, loop bool, add func(Finding)) {
	body := func(k int) {
		if k >= 0 && k < len(args) {
			r.body(src, args[k], depth, loop, name)
		}
	}
	switch name {
	case "foreach", "lmap":
		body(len(args) - 1)
	case "time", "timerate", "catch":
		body(0)
	case "proc":
		body(2)
	case "namespace":
		if len(args) >= 3 && args[0].Value == "eval" {
			body(len(args) - 1)
		}
	case "dict":
		if len(args) >= 4 && (args[0].Value == "for" || args[0].Value == "map" || args[0].Value == "with" || args[0].Value == "update") {
			body(len(args) - 1)
		}
	case "interp":
		if len(args) >= 3 && args[0].Value == "eval" {
			body(len(args) - 1)
		}
	case "apply":
		if len(args) >= 1 && !args[0].Dynamic {
			if el := tclList(args[0].Value); len(el) >= 2 {
				r.text(el[1], args[0].pos, depth, loop)
			}
		}
	case "after":
		if len(args) >= 2 && (isNumber(args[0].Value) || args[0].Value == "idle") {
			if len(args) == 2 {
				body(1)
				return
			}
			var ws []Word
			for _, a := range args[1:] {
				ws = append(ws, a.Word)
			}
			if j := joinWords(ws); j.Dynamic {
				add(Finding{Kind: Dynamic})
			} else {
				r.text(j.Value, args[1].pos, depth, loop)
			}
		}
	case "try":
		body(0)
		for k := 1; k < len(args); k++ {
			switch args[k].Value {
			case "on", "trap":
				body(k + 3)
				k += 3
			case "finally":
				body(k + 1)
				k++
			}
		}
	case "switch":
		k := 0
		for k < len(args)-1 && strings.HasPrefix(args[k].Value, "-") && !args[k].Dynamic {
			if args[k].Value == "--" {
				k++
				break
			}
			if args[k].Value == "-matchvar" || args[k].Value == "-indexvar" {
				k++
			}
			k++
		}
		k++ // the string
		rest := args[min(k, len(args)):]
		if len(rest) == 1 && !rest[0].Dynamic {
			el := tclList(rest[0].Value)
			for p := 1; p < len(el); p += 2 {
				if el[p] != "-" {
					r.text(el[p], rest[0].pos, depth, loop)
				}
			}
			return
		}
		for p := 1; p < len(rest); p += 2 {
			if rest[p].Value != "-" {
				r.body(src, rest[p], depth, loop, name)
			}
		}
	}
}

// tclWaits reports whether a loop body can leave or waits (break,
// return, after, vwait): then the loop is not a fork bomb.
func tclWaits(body string) bool {
	for _, w := range strings.FieldsFunc(body, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == ';' || r == '[' || r == ']' || r == '{' || r == '}'
	}) {
		switch w {
		case "break", "return", "after", "vwait", "exit":
			return true
		}
	}
	return false
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// listWords splits a word's value as a Tcl list; a dynamic tail is one
// dynamic word.
func listWords(w Word) []Word {
	var out []Word
	val := w.Value
	if w.Dynamic {
		// the elements before the last space are whole; the last one may go on
		k := strings.LastIndexAny(val, " \t\n")
		for _, e := range tclList(val[:max(k, 0)]) {
			out = append(out, Word{Value: e})
		}
		return append(out, Word{Value: strings.TrimLeft(val[max(k, 0):], " \t\n"), Dynamic: true})
	}
	for _, e := range tclList(val) {
		out = append(out, Word{Value: e})
	}
	return out
}

func tclWordsOf(ws []Word) []tclWord {
	out := make([]tclWord, len(ws))
	for k, w := range ws {
		out[k] = tclWord{Word: w}
	}
	return out
}

// argvOf turns words into an argv; {*}$x stands for any number of words.
func argvOf(ws []tclWord) []Word {
	out := make([]Word, 0, len(ws))
	for _, w := range ws {
		if w.expand {
			if !w.Dynamic {
				out = append(out, listWords(w.Word)...)
				continue
			}
			out = append(out, Word{Dynamic: true})
			continue
		}
		out = append(out, w.Word)
	}
	return out
}

// exec reports the pipeline of exec or open "|…": an argv per stage, a
// write effect per output redirection, a fork bomb for a background exec
// in an endless loop.
func (r *tclReader) exec(args []tclWord, loop bool, add func(Finding)) {
	k := 0
	for k < len(args) && !args[k].Dynamic && strings.HasPrefix(args[k].Value, "-") {
		k++
		if args[k-1].Value == "--" {
			break
		}
	}
	args = args[k:]
	if n := len(args); n > 0 && !args[n-1].Dynamic && args[n-1].Value == "&" {
		args = args[:n-1]
		if loop {
			add(Finding{Kind: ForkBomb})
		}
	}
	var stage []tclWord
	flush := func() {
		if len(stage) > 0 {
			add(Finding{Kind: Argv, Argv: argvOf(stage)})
		}
		stage = nil
	}
	for k := 0; k < len(args); k++ {
		a := args[k]
		if a.Dynamic && !a.expand || a.Value == "" {
			stage = append(stage, a)
			continue
		}
		v := a.Value
		switch {
		case v == "|" || v == "|&":
			flush()
			continue
		case strings.HasPrefix(v, "<"):
			if v == "<" || v == "<@" || v == "<<" {
				k++
			}
			continue
		case strings.HasPrefix(v, ">") || strings.HasPrefix(v, "2>"):
			op := strings.TrimLeft(v, "2>&")
			target := Word{Value: op}
			if strings.HasPrefix(op, "@") {
				if op == "@" {
					k++
				}
				continue
			}
			if op == "" {
				k++
				if k >= len(args) {
					continue
				}
				target = args[k].Word
			}
			add(Finding{Kind: Effect, Effect: "write", Path: target})
			continue
		}
		stage = append(stage, a)
	}
	flush()
}

// file reports file delete, rename, copy, link and attributes.
func (r *tclReader) file(args []tclWord, add func(Finding)) {
	if len(args) == 0 || args[0].Dynamic {
		return
	}
	sub := args[0].Value
	rest := args[1:]
	force := false
	k := 0
	for k < len(rest) && !rest[k].Dynamic && strings.HasPrefix(rest[k].Value, "-") {
		if rest[k].Value == "--" {
			k++
			break
		}
		if rest[k].Value == "-force" {
			force = true
		}
		k++
	}
	paths := rest[k:]
	switch sub {
	case "delete":
		for _, p := range paths {
			for _, w := range expandWord(p) {
				add(Finding{Kind: Effect, Effect: "delete", Path: w, Recurse: force})
			}
		}
	case "rename":
		if len(paths) >= 2 {
			dest := paths[len(paths)-1].Word
			for _, p := range paths[:len(paths)-1] {
				add(Finding{Kind: Effect, Effect: "rename", Path: p.Word, Dest: dest})
			}
		}
	case "copy":
		if len(paths) >= 2 {
			add(Finding{Kind: Effect, Effect: "write", Path: paths[len(paths)-1].Word, Recurse: force})
		}
	case "link":
		if len(paths) >= 2 {
			add(Finding{Kind: Effect, Effect: "write", Path: paths[0].Word})
		}
	case "attributes":
		if len(rest) >= 3 {
			for j := 1; j+1 < len(rest); j += 2 {
				switch rest[j].Value {
				case "-permissions":
					add(Finding{Kind: Effect, Effect: "chmod", Path: rest[0].Word})
				case "-owner", "-group":
					add(Finding{Kind: Effect, Effect: "chown", Path: rest[0].Word})
				}
			}
		}
	}
}

func expandWord(w tclWord) []Word {
	if w.expand {
		if w.Dynamic {
			return []Word{{Dynamic: true}}
		}
		return listWords(w.Word)
	}
	return []Word{w.Word}
}
