package shell

import (
	"path"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// This file expands the words of a fish line (built by parseFish) as fish
// does, and keeps fish's variables, which are lists:
//
//   - A variable is a list; $var is one argument per element, never split
//     further, and a word with an empty list in it ($empty, x$empty) is no
//     argument at all. Inside double quotes the elements are joined with
//     spaces (with ':' for a variable whose name ends in PATH).
//   - Lists multiply: x$l is one argument per element of l; a$l$m is the
//     product, the first list varying fastest, as in fish.
//   - Braces {a,b} expand after variables; braces with neither a comma nor
//     a variable in them are literal ({}, {a}); spaces around items go.
//   - ~ expands only at the start of a word; *, ** and ? are wildcards
//     (fish 3.6 still globs ?).
//   - A NUL from an escape (\x00) ends the argument there, as fish passes
//     it to the program.
//
// What cannot be known (a command substitution, an unknown variable)
// makes the argument dynamic, with the unknown part empty, as for bash.

// maxFishBytes bounds the text one word may expand to.
const maxFishBytes = 1 << 20

// fishVar is a variable of the scope as fish sees it: a list.
func fishVar(sc *scope, name string) (elems []string, v varVal, ok bool) {
	if name == "PWD" && sc.cwd != "" {
		return []string{sc.cwd}, varVal{val: sc.cwd}, true
	}
	v, ok = sc.get(name)
	if !ok {
		return nil, v, false
	}
	if v.list != nil {
		return *v.list, v, true
	}
	// Set outside fish (the environment): fish splits a variable whose
	// name ends in PATH at colons.
	if strings.HasSuffix(name, "PATH") {
		return strings.Split(v.val, ":"), v, true
	}
	return []string{v.val}, v, true
}

// fishList makes the varVal of a fish list.
func fishList(name string, elems []string, dynamic bool) varVal {
	sep := " "
	if strings.HasSuffix(name, "PATH") {
		sep = ":"
	}
	return varVal{val: strings.Join(elems, sep), dynamic: dynamic, list: &elems}
}

// fishBounded is fishList for a value set by the line: past maxVarBytes
// (set X $X $X, forty times) it is unknown, judged at its worst case.
func (a *analyzer) fishBounded(name string, elems []string, dynamic bool) varVal {
	n := 0
	for _, e := range elems {
		n += len(e) + 1
	}
	if n > maxVarBytes {
		a.limit("too complex to judge here: a variable grows past %d bytes; its value is taken as unknown", maxVarBytes)
		return varVal{dynamic: true}
	}
	return fishList(name, elems, dynamic)
}

// fishExpander expands the words of one fish line in one scope.
type fishExpander struct {
	a     *analyzer
	sc    *scope
	dyn   bool // something was unknown
	over  bool // the word expands to more than is analysed
	sess  bool // a variable of the session was read
	bytes int  // text built so far
}

// fishFields expands a fish word into the arguments it becomes.
func (a *analyzer) fishFields(w *syntax.Word, sc *scope) []Arg {
	e := &fishExpander{a: a, sc: sc}
	pats := e.patterns(w)
	// The text built, kept or not, and each alternative (budget.go).
	a.charge(costOutByte*e.bytes + costBrace*len(pats))
	raw := ""
	if e.dyn || e.over || e.sess && len(pats) == 1 {
		raw = a.fishRaw(w)
	}
	if e.over {
		return []Arg{{Value: raw, Dynamic: true, Glob: strings.ContainsAny(raw, "*?"), Raw: raw}}
	}
	var out []Arg
	for _, pat := range pats {
		v, glob := fishValue(pat)
		out = append(out, Arg{Value: v, Dynamic: e.dyn, Glob: glob, Raw: raw})
	}
	if len(out) == 0 && e.dyn {
		return []Arg{{Value: "", Dynamic: true, Raw: raw}}
	}
	return out
}

// fishLiteral expands a fish word as one string: its arguments joined by
// spaces.
func (a *analyzer) fishLiteral(w *syntax.Word, sc *scope) (string, bool) {
	fields := a.fishFields(w, sc)
	parts := make([]string, len(fields))
	dyn := false
	for i, f := range fields {
		parts[i] = f.Value
		dyn = dyn || f.Dynamic
	}
	return strings.Join(parts, " "), dyn
}

// fishRaw is a word's source text, shown for a dynamic argument.
func (a *analyzer) fishRaw(w *syntax.Word) string {
	from, to := int(w.Pos().Offset()), int(w.End().Offset())
	if from < 0 || to > len(a.src) || from > to {
		return a.print(w)
	}
	s := a.src[from:to]
	if len(s) > maxPrint {
		return strings.ToValidUTF8(s[:maxPrint], "") + "…"
	}
	return s
}

// fishPrefix returns the scope a command's arguments are expanded in:
// fish sets VAR=val before it expands the command after it.
func (a *analyzer) fishPrefix(assigns []*syntax.Assign, sc *scope) *scope {
	in := sc.clone()
	for _, as := range assigns {
		if as.Name == nil {
			continue
		}
		vals, dyn := []string{""}, false
		if as.Value != nil {
			vals, dyn = a.fishValues([]*syntax.Word{as.Value}, sc, as.Name.Value)
		}
		in.set(as.Name.Value, a.fishBounded(as.Name.Value, vals, dyn))
	}
	return in
}

// fishValues expands the values given to set or VAR=: a variable whose
// name ends in PATH is split at colons.
func (a *analyzer) fishValues(words []*syntax.Word, sc *scope, name string) ([]string, bool) {
	vals := []string{}
	dyn := false
	for _, w := range words {
		for _, f := range a.fishFields(w, sc) {
			dyn = dyn || f.Dynamic
			if strings.HasSuffix(name, "PATH") {
				vals = append(vals, strings.Split(f.Value, ":")...)
			} else {
				vals = append(vals, f.Value)
			}
		}
	}
	return vals, dyn
}

// fishSet applies fish's set (a DeclClause from parseFish): flags first,
// then the variables. -e erases (what is left is unknown: a variable of
// an outer scope may show through); -a and -p append and prepend; an
// empty name (set $name …) may be any variable.
func (a *analyzer) fishSet(c *syntax.DeclClause, sc *scope) {
	erase, appendTo, prepend, prefix := false, false, false, false
	for _, as := range c.Args {
		if as.Name != nil || as.Value == nil {
			continue
		}
		flag := as.Value.Lit()
		if flag == prefixFlag {
			prefix = true
			continue
		}
		long, isLong := strings.CutPrefix(flag, "--")
		switch {
		case isLong:
			erase = erase || long == "erase"
			appendTo = appendTo || long == "append"
			prepend = prepend || long == "prepend"
		default:
			erase = erase || strings.Contains(flag, "e")
			appendTo = appendTo || strings.Contains(flag, "a")
			prepend = prepend || strings.Contains(flag, "p")
		}
	}
	for _, as := range c.Args {
		if as.Name == nil {
			continue
		}
		name := as.Name.Value
		if name == "" {
			// set $name …: which variable changes is not known.
			a.substs(as.Array, sc)
			sc.vars.each(func(k string, v varVal) bool {
				sc.set(k, varVal{val: v.val, list: v.list, dynamic: true})
				return true
			})
			continue
		}
		a.substs(as.Index, sc)
		var words []*syntax.Word
		if as.Value != nil {
			words = append(words, as.Value)
		}
		if as.Array != nil {
			for _, el := range as.Array.Elems {
				words = append(words, el.Value)
			}
		}
		for _, w := range words {
			a.substs(w, sc)
		}
		old, _ := sc.get(name)
		if erase || as.Index != nil {
			// An element changed, or the variable erased in this scope: its
			// worst case is what it held.
			sc.set(name, varVal{val: old.val, list: old.list, dynamic: true})
			continue
		}
		vals, dyn := a.fishValues(words, sc, name)
		if prefix && name == "BELAY_ACK" {
			// Before a block, it acknowledges for the commands in it: this
			// scope is the block's own.
			for _, v := range vals {
				sc.acks = append(sc.acks[:len(sc.acks):len(sc.acks)], ackIDs(v, a.pos(sc, as.Pos()))...)
			}
		}
		if appendTo || prepend {
			prev, v, ok := fishVar(sc, name)
			if !ok || v.dynamic {
				dyn = true
			}
			if appendTo {
				vals = append(append([]string{}, prev...), vals...)
			}
			if prepend {
				vals = append(vals, prev...)
			}
		}
		sc.set(name, a.fishBounded(name, vals, dyn))
	}
}

// patterns expands a word into patterns: the text of each argument with
// the characters that are special to what follows (braces, wildcards, a
// leading ~, spaces inside braces) bare, and every other one escaped by
// a backslash.
func (e *fishExpander) patterns(w *syntax.Word) []string {
	segs := e.segments(w)
	if e.over {
		return nil
	}
	// Each alternative grows in its own builder: text is appended to all,
	// and only an expansion with several values copies them.
	alts := []*strings.Builder{{}}
	for _, s := range segs {
		vals := s.vals
		if !s.exp {
			t := s.text
			if s.brace >= 0 {
				t = s.braceText()
			}
			vals = []string{t}
		}
		switch {
		case len(vals) == 0:
			return nil
		case len(vals) == 1:
			for _, b := range alts {
				b.WriteString(vals[0])
				e.bytes += len(vals[0])
			}
		case len(alts)*len(vals) > maxBraceWords:
			e.over = true
			return nil
		default:
			next := make([]*strings.Builder, 0, len(alts)*len(vals))
			for _, v := range vals {
				for _, p := range alts {
					b := &strings.Builder{}
					b.Grow(p.Len() + len(v))
					b.WriteString(p.String())
					b.WriteString(v)
					e.bytes += b.Len()
					next = append(next, b)
				}
			}
			alts = next
		}
		if e.bytes > maxFishBytes {
			e.over = true
			return nil
		}
	}
	var out []string
	for _, alt := range alts {
		out = e.braces(alt.String(), out, 0)
		if e.over {
			return nil
		}
	}
	for i, p := range out {
		if strings.HasPrefix(p, "~") {
			out[i] = e.tilde(p)
		}
	}
	return out
}

// fseg is a piece of a word: text, a brace, or the values of an expansion.
type fseg struct {
	text  string
	brace int // for a brace: its index in real
	real  *[]bool
	exp   bool // an expansion, with these values, escaped:
	vals  []string
}

func (s fseg) braceText() string {
	if (*s.real)[s.brace] {
		return s.text
	}
	return `\` + s.text
}

// fishEscapeSet are the bytes a pattern escapes when they stand for
// themselves.
const fishEscapeSet = "\\{},*?~ "

func patEscape(s string) string {
	if !strings.ContainsAny(s, fishEscapeSet) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(fishEscapeSet, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// segments reads a word's parts into segments, deciding which braces
// expand: those with a comma or a variable directly inside.
func (e *fishExpander) segments(w *syntax.Word) []fseg {
	var segs []fseg
	real := []bool{}
	var open []int
	mark := func() {
		if len(open) > 0 {
			real[open[len(open)-1]] = true
		}
	}
	var cur strings.Builder // text not yet in segs
	text := func(s string) { cur.WriteString(s) }
	product := 1 // how many arguments the expansions make
	add := func(seg fseg) {
		if cur.Len() > 0 {
			segs = append(segs, fseg{text: cur.String(), brace: -1})
			cur.Reset()
		}
		if seg.exp {
			if product *= max(len(seg.vals), 1); product > maxBraceWords {
				e.over = true
			}
		}
		segs = append(segs, seg)
	}

	for i, part := range w.Parts {
		if e.over {
			return nil
		}
		switch p := part.(type) {
		case *syntax.Lit:
			v := p.Value
			for j := 0; j < len(v); {
				c := v[j]
				switch {
				case c == '\\':
					out, next, _ := fishEscape(v, j)
					text(patEscape(out))
					j = next
					continue
				case c == '{':
					open = append(open, len(real))
					real = append(real, false)
					add(fseg{text: "{", brace: len(real) - 1, real: &real})
				case c == '}' && len(open) > 0:
					add(fseg{text: "}", brace: open[len(open)-1], real: &real})
					open = open[:len(open)-1]
				case c == ',' && len(open) > 0:
					mark()
					text(",")
				case c == ' ' && len(open) > 0:
					text(" ")
				case c == '*' || c == '?':
					text(string(c))
				case c == '~' && i == 0 && j == 0:
					text("~")
				default:
					text(patEscape(string(c)))
				}
				j++
			}
		case *syntax.SglQuoted:
			text(patEscape(fishSingle(p.Value)))
		case *syntax.DblQuoted:
			var b strings.Builder
			for _, q := range p.Parts {
				switch q := q.(type) {
				case *syntax.Lit:
					b.WriteString(fishDouble(q.Value))
				case *syntax.ParamExp:
					mark()
					vals := e.param(q)
					sep := " "
					if q.Param != nil && strings.HasSuffix(q.Param.Value, "PATH") {
						sep = ":"
					}
					b.WriteString(strings.Join(vals, sep))
				case *syntax.CmdSubst:
					// "$(echo x)": its output computed, one string.
					if out, ok := e.a.substOutput(q, e.sc); ok {
						b.WriteString(strings.TrimRight(out, "\n"))
						break
					}
					e.dyn = true
				default:
					e.dyn = true
				}
			}
			text(patEscape(b.String()))
		case *syntax.ParamExp:
			mark()
			vals := e.param(p)
			for k, v := range vals {
				vals[k] = patEscape(v)
			}
			add(fseg{brace: -1, exp: true, vals: vals})
		case *syntax.CmdSubst:
			if vals, ok := e.a.fishSubstLines(p, e.sc); ok {
				// (echo rm): its output computed (decode.go), a line
				// an element.
				mark()
				add(fseg{brace: -1, exp: true, vals: vals})
				break
			}
			// Its output, unknown: its worst case is one empty argument.
			e.dyn = true
			add(fseg{brace: -1, exp: true, vals: []string{""}})
		}
	}
	if cur.Len() > 0 {
		segs = append(segs, fseg{text: cur.String(), brace: -1})
	}
	return segs
}

// param returns the values of $name or $name[…], unescaped.
func (e *fishExpander) param(pe *syntax.ParamExp) []string {
	if pe.Param == nil {
		// $$name, (cmd)[…]: unknown.
		e.dyn = true
		return []string{""}
	}
	name := pe.Param.Value
	elems, v, ok := fishVar(e.sc, name)
	e.sess = e.sess || v.session
	if !ok || v.dynamic {
		e.dyn = true
		if !ok {
			return []string{""}
		}
	}
	iw, isWord := pe.Index.(*syntax.Word)
	if pe.Index == nil || !isWord {
		return append([]string(nil), elems...)
	}
	idx, dyn := e.a.fishLiteral(iw, e.sc)
	if dyn {
		e.dyn = true
		return []string{""}
	}
	picked, good := fishSlice(elems, idx)
	if !good {
		e.dyn = true
		return []string{""}
	}
	return picked
}

// fishSlice picks the elements of a list that an index like "1", "-1",
// "2..3", "3..1", "..2" or "1 3" names, as fish 3.6 does. It reports
// false for an index fish rejects.
func fishSlice(elems []string, idx string) ([]string, bool) {
	size := len(elems)
	var out []string
	fields := strings.Fields(idx)
	if len(fields) == 0 {
		return nil, false
	}
	budget := maxBraceWords
	pick := func(i int) bool {
		if budget--; budget < 0 {
			return false
		}
		if i >= 1 && i <= size {
			out = append(out, elems[i-1])
		}
		return true
	}
	num := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		if err != nil || n == 0 || n > 1<<30 || n < -(1<<30) {
			return 0, false
		}
		return n, true
	}
	for _, f := range fields {
		from, to, isRange := strings.Cut(f, "..")
		if !isRange {
			n, ok := num(f)
			if !ok {
				return nil, false
			}
			if n < 0 {
				n += size + 1
			}
			if !pick(n) {
				return nil, false
			}
			continue
		}
		a, b := 1, -1
		var ok bool
		if from != "" {
			if a, ok = num(from); !ok {
				return nil, false
			}
		}
		if to != "" {
			if b, ok = num(to); !ok {
				return nil, false
			}
		}
		i1, i2 := a, b
		if i1 < 0 {
			i1 += size + 1
		}
		if i2 < 0 {
			i2 += size + 1
		}
		if i1 > size && i2 > size {
			continue
		}
		dir := 1
		if i2 < i1 {
			dir = -1
		}
		if (a < 0) != (b < 0) {
			// Only one end counts from the back: the direction is fixed.
			dir = 1
			if b >= 0 {
				dir = -1
			}
		} else {
			i1, i2 = min(i1, size), min(i2, size)
		}
		for i := i1; i*dir <= i2*dir; i += dir {
			if !pick(i) {
				return nil, false
			}
		}
	}
	return out, true
}

// braces expands the braces of a pattern into out, the last pair first,
// as fish does.
func (e *fishExpander) braces(pat string, out []string, depth int) []string {
	begin, end := -1, -1
	level := 0
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '{':
			if level == 0 {
				begin = i
			}
			level++
		case '}':
			if level > 0 {
				level--
				if level == 0 {
					end = i
				}
			}
		}
	}
	if begin < 0 || end < begin || level != 0 {
		return append(out, pat)
	}
	if depth > maxFishDepth || len(out) > maxBraceWords {
		e.over = true
		return out
	}
	pre, inner, post := pat[:begin], pat[begin+1:end], pat[end+1:]
	var items []string
	level, from := 0, 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '\\':
			i++
		case '{':
			level++
		case '}':
			level--
		case ',':
			if level == 0 {
				items = append(items, inner[from:i])
				from = i + 1
			}
		}
	}
	items = append(items, inner[from:])
	for _, it := range items {
		it = trimBare(it)
		whole := pre + it + post
		if e.bytes += len(whole); e.bytes > maxFishBytes {
			e.over = true
			return out
		}
		out = e.braces(whole, out, depth+1)
		if e.over {
			return out
		}
	}
	return out
}

// trimBare removes the bare spaces at both ends of a brace item (an
// escaped space stays).
func trimBare(it string) string {
	it = strings.TrimLeft(it, " ")
	for strings.HasSuffix(it, " ") {
		n := 0
		for i := len(it) - 2; i >= 0 && it[i] == '\\'; i-- {
			n++
		}
		if n%2 == 1 {
			break
		}
		it = it[:len(it)-1]
	}
	return it
}

// tilde expands a leading ~ or ~user of a pattern: ~ is $HOME when that
// is known; another user's home is unknown here.
func (e *fishExpander) tilde(pat string) string {
	end := strings.IndexByte(pat, '/')
	if end < 0 {
		end = len(pat)
	}
	if end == 1 {
		if home, v, ok := fishVar(e.sc, "HOME"); ok && len(home) == 1 {
			if v.dynamic {
				e.dyn = true
			}
			return patEscape(home[0]) + pat[1:]
		}
	}
	e.dyn = true
	return pat[end:]
}

// fishValue turns a pattern into the argument's text, and says whether
// it holds a wildcard. A NUL ends the argument, as it does for fish.
func fishValue(pat string) (string, bool) {
	if !strings.ContainsAny(pat, "\\*?\x00") {
		return pat, false
	}
	var b strings.Builder
	glob := false
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch c {
		case '\\':
			if i+1 < len(pat) {
				i++
				c = pat[i]
			}
			if c == 0 {
				return b.String(), glob
			}
		case '*', '?':
			glob = true
		case 0:
			return b.String(), glob
		}
		b.WriteByte(c)
	}
	return b.String(), glob
}

// fishSingle undoes the escapes of a single-quoted string: \' and \\.
func fishSingle(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '\\') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// fishDouble undoes the escapes of double-quoted text: \", \$, \\, and a
// backslash before a newline, which goes with it.
func fishDouble(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '"', '$', '\\':
				i++
			case '\n':
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// wrapFish sees through fish -c LINE (--command) and -C LINE
// (--init-command, run before the script or the prompt), each given any
// number of times, bundled or not (-ic LINE, -cLINE), and through a
// script it reads from standard input or <(…) (unseen.go). fish -n only
// parses. Its options are read by fish's entry in the command table.
func (a *analyzer) wrapFish(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	name := path.Base(argv[0].Value)
	r := newArgReader(c, args)
	var lines []Arg
	for {
		o, ok := r.next()
		if !ok {
			break
		}
		switch o.name {
		case "-c", "--command", "-C", "--init-command":
			lines = append(lines, Arg{Value: o.value, Dynamic: o.valDyn, Raw: o.valRaw})
		case "-n", "--no-execute":
			return false
		}
	}
	switch {
	case len(lines) > 0:
		for _, l := range lines {
			a.readCode(argv, []Arg{l}, Fish, sc, withLine(sc, name+" -c"))
		}
	case r.i < len(args):
		// A script file is not read: the command itself is recorded;
		// standard input, <(…) and sockets are judged (unseen.go).
		if !a.readFile(argv, args[r.i], Fish, sc, withLine(sc, name+" <<<")) {
			return false
		}
	default:
		if !a.readScript(argv, Fish, sc, withLine(sc, name+" <<<")) {
			return false
		}
	}
	a.redirection(redir, sc)
	return true
}
