package shell

import (
	"path"
	"strconv"
	"strings"
	"unicode"

	"mvdan.cc/sh/v3/syntax"
)

// More of zsh's expansion: case flags ${(L)x} ${(U)x} ${(C)x}, joins
// ${(j: :)x} ${(F)x}, line splits ${(f)x}, modifiers :l :u :r :e and the
// unbraced $x:t, and the forms that run code: ${(e)x} expands x's value
// again, and the glob qualifiers e:CODE: and +CMD run CODE or CMD for
// every match.

// zshModifier applies one history modifier to e; false for one not
// followed.
func zshModifier(e, m string) (string, bool) {
	switch m {
	case "h":
		return path.Dir(e), true
	case "t":
		return path.Base(e), true
	case "l":
		return strings.ToLower(e), true
	case "u":
		return strings.ToUpper(e), true
	case "r":
		if ext := path.Ext(e); ext != "" && !strings.Contains(ext, "/") {
			return strings.TrimSuffix(e, ext), true
		}
		return e, true
	case "e":
		if ext := path.Ext(e); ext != "" {
			return ext[1:], true
		}
		return "", true
	case "A", "a", "P", "q", "Q":
		return e, true
	}
	return "", false
}

// zshCase applies a case flag: L, U or C (each word capitalised).
func zshCase(e string, flag byte) string {
	switch flag {
	case 'L':
		return strings.ToLower(e)
	case 'U':
		return strings.ToUpper(e)
	case 'C':
		prev := false
		return strings.Map(func(r rune) rune {
			word := unicode.IsLetter(r) || unicode.IsDigit(r)
			defer func() { prev = word }()
			if !word {
				return r
			}
			if prev {
				return unicode.ToLower(r)
			}
			return unicode.ToUpper(r)
		}, e)
	}
	return e
}

// unbracedModifiers returns $x followed by :m… (zsh applies history
// modifiers to an unbraced parameter) as one expansion with those
// modifiers, or nil when w is not that.
func unbracedModifiers(w *syntax.Word) *syntax.ParamExp {
	pe, ok := w.Parts[0].(*syntax.ParamExp)
	lit, ok2 := w.Parts[1].(*syntax.Lit)
	if !ok || !ok2 || !pe.Short || pe.Param == nil || !strings.HasPrefix(lit.Value, ":") || len(lit.Value) > 16 {
		return nil
	}
	cp := *pe
	cp.Modifiers = nil
	for _, m := range strings.Split(lit.Value[1:], ":") {
		if len(m) != 1 || !strings.Contains("htlureAaPqQ", m) {
			return nil
		}
		cp.Modifiers = append(cp.Modifiers, &syntax.Lit{Value: m})
	}
	cp.Short = false
	return &cp
}

// zshReexpand judges what ${(e)x} runs: the substitutions in x's value,
// read as a command line's words.
func (a *analyzer) zshReexpand(elems []string, sc *scope) {
	for _, e := range elems {
		if strings.ContainsAny(e, "$`") {
			a.line(": "+e, Zsh, sc, false)
		}
	}
}

// zshScalar computes the zsh forms of a parameter expansion bash's
// expansion does not know, on a scalar: the empty name (${:-WORD}), a
// nested expansion (${${:-x}#x}), a range subscript counted from 1
// (${v[2,-1]}, ${v[1,2]}), then a default (:- -) or a literal prefix or
// suffix removed (# ## % %%). ok is false for anything else, left to the
// other readings; dyn when the value is known only in part.
func (a *analyzer) zshScalar(pe *syntax.ParamExp, sc *scope) (val string, dyn, ok bool) {
	if pe.Flags != nil || pe.Repl != nil || pe.Slice != nil || pe.Excl || pe.Length || pe.IsSet || pe.Names != 0 || len(pe.Modifiers) > 0 {
		return "", false, false
	}
	rng := pe.Index != nil
	if pe.Param != nil && pe.NestedParam == nil && !rng && pe.Exp == nil || pe.Param == nil && pe.NestedParam == nil && pe.Exp == nil {
		return "", false, false // $v, ${v}: bash's reading is zsh's
	}
	if pe.Param != nil && pe.Exp != nil && !rng {
		return "", false, false // ${v:-x}, ${v#x}: bash's reading is zsh's
	}
	set := false
	switch {
	case pe.NestedParam != nil:
		v, s := a.zshNested(pe.NestedParam, sc)
		if v.dynamic || v.list != nil && len(*v.list) != 1 {
			return "", false, false
		}
		val, set = v.val, s
		if v.list != nil {
			val = (*v.list)[0]
		}
	case pe.Param != nil:
		v, s := sc.get(pe.Param.Value)
		if v.dynamic || v.list != nil || v.assoc != nil {
			return "", false, false
		}
		val, set = v.val, s
	}
	if rng {
		var ok bool
		if val, ok = zshRange(pe.Index, val); !ok {
			return "", false, false
		}
	}
	if pe.Exp != nil {
		arg, adyn := "", false
		if pe.Exp.Word != nil {
			arg, adyn = a.literal(pe.Exp.Word, sc) // ${:#} has none
		}
		switch pe.Exp.Op {
		case syntax.DefaultUnsetOrNull:
			if val == "" {
				val, dyn = arg, adyn
			}
		case syntax.DefaultUnset:
			if !set {
				val, dyn = arg, adyn
			}
		case syntax.RemSmallPrefix, syntax.RemLargePrefix, syntax.RemSmallSuffix, syntax.RemLargeSuffix:
			if adyn || strings.ContainsAny(arg, "*?[") {
				return "", false, false
			}
			if pe.Exp.Op == syntax.RemSmallPrefix || pe.Exp.Op == syntax.RemLargePrefix {
				val = strings.TrimPrefix(val, arg)
			} else {
				val = strings.TrimSuffix(val, arg)
			}
		default:
			return "", false, false
		}
	}
	a.charge(costExpand + len(val))
	return val, dyn, true
}

// zshRange applies a subscript of a scalar: [N] or [A,B], counted from 1,
// negative from the end, by characters.
func zshRange(idx syntax.ArithmExpr, v string) (string, bool) {
	num := func(e syntax.ArithmExpr) (int, bool) {
		neg := false
		if u, ok := e.(*syntax.UnaryArithm); ok && u.Op == syntax.Minus && !u.Post {
			neg, e = true, u.X
		}
		w, ok := e.(*syntax.Word)
		if !ok {
			return 0, false
		}
		n, err := strconv.Atoi(w.Lit())
		if err != nil || n > maxVarBytes {
			return 0, false
		}
		if neg {
			n = -n
		}
		return n, true
	}
	from, to := 0, 0
	if b, ok := idx.(*syntax.BinaryArithm); ok && b.Op == syntax.Comma {
		f, ok1 := num(b.X)
		t, ok2 := num(b.Y)
		if !ok1 || !ok2 {
			return "", false
		}
		from, to = f, t
	} else {
		n, ok := num(idx)
		if !ok {
			return "", false
		}
		from, to = n, n
	}
	r := []rune(v)
	pos := func(n int) int {
		if n < 0 {
			n += len(r) + 1
		}
		return n
	}
	from, to = max(pos(from), 1), min(pos(to), len(r))
	if from > to {
		return "", true
	}
	return string(r[from-1 : to]), true
}

// zshReexpanded is the word ${(e)x} makes of x's one value: the value
// expanded again as in double quotes (its parameters, substitutions and
// arithmetic; no splitting), as far as belay computes it. false for a
// list, a value with quotes or backslashes of its own, or past depth.
func (a *analyzer) zshReexpanded(elems []string, sc *scope) ([]Arg, bool) {
	if len(elems) != 1 || strings.ContainsAny(elems[0], "\"\\") || a.depth >= maxDepth {
		return nil, false
	}
	w := parseWord(`"` + elems[0] + `"`)
	if w == nil {
		return nil, false
	}
	a.depth++
	defer func() { a.depth-- }()
	out := a.expand(w, sc)
	if len(out) != 1 {
		return nil, false
	}
	return out, true
}

// qualifierCode judges the code a zsh glob qualifier list at the end of v
// runs, e:CODE: (any delimiter) and +CMD, and returns v without the list;
// false when v does not end in a qualifier list that runs code.
func (a *analyzer) qualifierCode(v string, sc *scope) (string, bool) {
	open, q, ok := lastParens(v)
	if !ok {
		return v, false
	}
	found := false
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == 'e' && i+1 < len(q):
			code, end, ok := delimited(q, i)
			if !ok {
				return v, false
			}
			a.line(zshUnquote(code), Zsh, sc, false)
			found = true
			i = end
		case c == '+':
			j := i + 1
			for j < len(q) && (q[j] == '_' || q[j] == '-' || q[j] == '.' || q[j] == '/' || isAlnum(q[j])) {
				j++
			}
			if j == i+1 {
				return v, false
			}
			a.line(q[i+1:j], Zsh, sc, false)
			found = true
			i = j - 1
		}
	}
	return v[:open], found
}

// zshUnquote takes one level of single quotes off s: e:'reboot': runs
// reboot.
func zshUnquote(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return s[1 : len(s)-1]
	}
	return s
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// zshNested returns the value of the expansion nested in ${…${x}}: a
// list of its words, unknown when any is.
func (a *analyzer) zshNested(n syntax.WordPart, sc *scope) (varVal, bool) {
	if a.depth >= maxDepth {
		return varVal{dynamic: true}, true
	}
	a.depth++
	defer func() { a.depth-- }()
	inner := &syntax.Word{Parts: []syntax.WordPart{n}}
	args, ok := a.zshWord(inner, sc)
	if !ok {
		args = a.expand(inner, sc)
	}
	list := make([]string, 0, len(args))
	for _, x := range args {
		if x.Dynamic {
			return varVal{dynamic: true}, true
		}
		list = append(list, x.Value)
	}
	return listVal(list, false), true
}

// zshParts expands a word of several parts holding zsh's flags, nesting
// or modifiers (/${(L)x}, ${(U)a}b): each such part is computed alone and
// put back as quoted text (zsh does not glob a parameter's value), the
// word then expanded as usual. A part that is unknown or a list makes the
// word unknown; false when no part needs this.
func (a *analyzer) zshParts(w *syntax.Word, sc *scope) ([]Arg, bool) {
	if dq, ok := w.Parts[0].(*syntax.DblQuoted); ok && len(w.Parts) == 1 && len(dq.Parts) == 1 {
		// "$a[@]", "${(@)a}": the elements, a word each.
		if pe, ok := dq.Parts[0].(*syntax.ParamExp); ok && (indexLit(pe) == "@" || pe.Flags != nil && pe.Flags.Value == "@") {
			if pe.Param == nil {
				return []Arg{{Dynamic: true, Raw: a.print(w)}}, true
			}
			if v, ok := sc.get(pe.Param.Value); ok && !v.dynamic && v.list != nil {
				out := make([]Arg, 0, len(*v.list))
				for _, e := range *v.list {
					out = append(out, Arg{Value: e})
				}
				a.charge(costField * len(out))
				return out, true
			}
			return []Arg{{Dynamic: true, Raw: a.print(w)}}, true
		}
	}
	var parts []syntax.WordPart
	for i, p := range w.Parts {
		if dq, ok := p.(*syntax.DblQuoted); ok && zshFlagged(dq.Parts) {
			v, ok := a.zshQuoted(dq, sc)
			if !ok {
				return []Arg{{Dynamic: true, Raw: a.print(w)}}, true
			}
			if parts == nil {
				parts = append([]syntax.WordPart(nil), w.Parts...)
			}
			parts[i] = &syntax.SglQuoted{Left: dq.Pos(), Right: dq.End(), Value: v}
			continue
		}
		pe, ok := p.(*syntax.ParamExp)
		if !ok || pe.Flags == nil && pe.NestedParam == nil && len(pe.Modifiers) == 0 && pe.Index == nil {
			continue
		}
		if parts == nil {
			parts = append([]syntax.WordPart(nil), w.Parts...)
		}
		vals, ok := a.zshWord(&syntax.Word{Parts: []syntax.WordPart{pe}}, sc)
		if !ok {
			vals = a.expand(&syntax.Word{Parts: []syntax.WordPart{pe}}, sc)
		}
		if len(vals) != 1 || vals[0].Dynamic {
			return []Arg{{Dynamic: true, Raw: a.print(w)}}, true
		}
		parts[i] = &syntax.SglQuoted{Left: pe.Pos(), Right: pe.End(), Value: vals[0].Value}
	}
	if parts == nil {
		return nil, false
	}
	cp := *w
	cp.Parts = parts
	return a.expand(&cp, sc), true
}

// zshFlagged reports whether parts hold a parameter expansion with zsh's
// flags, nesting or modifiers.
func zshFlagged(parts []syntax.WordPart) bool {
	for _, p := range parts {
		if pe, ok := p.(*syntax.ParamExp); ok && (pe.Flags != nil || pe.NestedParam != nil || len(pe.Modifiers) > 0 || pe.Index != nil) {
			return true
		}
	}
	return false
}

// zshQuoted computes "…${(L)x}…": the text, false when a part is unknown
// or not followed.
func (a *analyzer) zshQuoted(dq *syntax.DblQuoted, sc *scope) (string, bool) {
	var b strings.Builder
	for _, p := range dq.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			v := p.Value
			for i := 0; i < len(v); i++ {
				if v[i] == '\\' && i+1 < len(v) && strings.IndexByte("$`\"\\", v[i+1]) >= 0 {
					i++
				}
				b.WriteByte(v[i])
			}
		case *syntax.ParamExp:
			w := &syntax.Word{Parts: []syntax.WordPart{p}}
			vals, ok := a.zshWord(w, sc)
			if !ok {
				if zshFlagged([]syntax.WordPart{p}) {
					return "", false // not followed: unknown (and no way back here)
				}
				vals = a.expand(&syntax.Word{Parts: []syntax.WordPart{&syntax.DblQuoted{Parts: []syntax.WordPart{p}}}}, sc)
			}
			for j, x := range vals {
				if x.Dynamic {
					return "", false
				}
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(x.Value)
			}
		default:
			return "", false
		}
		if b.Len() > maxVarBytes {
			return "", false
		}
	}
	return b.String(), true
}

// zshIndex expands $a[N] and ${a[N]} as zsh does: elements counted from
// 1, from the end when negative; on a string, its Nth character. false
// when the expansion is not a plain subscript by a literal integer.
func (a *analyzer) zshIndex(pe *syntax.ParamExp, sc *scope) ([]Arg, bool) {
	iw, ok := pe.Index.(*syntax.Word)
	if !ok || pe.Param == nil || pe.Flags != nil || pe.Exp != nil || pe.Repl != nil || pe.Slice != nil || pe.Excl ||
		pe.Length || pe.IsSet || pe.NestedParam != nil || pe.Names != 0 || len(pe.Modifiers) > 0 {
		return nil, false
	}
	lit := iw.Lit()
	if lit == "@" || lit == "*" {
		v, set := sc.get(pe.Param.Value)
		if !set || v.dynamic {
			return []Arg{{Dynamic: true, Raw: "$" + pe.Param.Value + "[" + lit + "]"}}, true
		}
		if v.list == nil {
			return nil, false
		}
		var out []Arg
		for _, e := range *v.list {
			if e != "" {
				out = append(out, Arg{Value: e})
			}
		}
		a.charge(costField * len(out))
		return out, true
	}
	n, err := strconv.Atoi(lit)
	if err != nil || lit == "" {
		return nil, false
	}
	v, set := sc.get(pe.Param.Value)
	if !set || v.dynamic {
		return []Arg{{Dynamic: true, Raw: "$" + pe.Param.Value + "[" + lit + "]"}}, true
	}
	a.charge(costExpand)
	var elems []string
	if v.list != nil {
		elems = *v.list
	} else {
		for _, r := range v.val {
			elems = append(elems, string(r))
			if len(elems) > maxVarBytes {
				break
			}
		}
	}
	switch {
	case n > 0 && n <= len(elems):
		n--
	case n < 0 && -n <= len(elems):
		n += len(elems)
	default:
		return []Arg{}, true // out of range: nothing (unquoted)
	}
	if v.list == nil {
		return []Arg{{Value: elems[n]}}, true
	}
	if elems[n] == "" {
		return []Arg{}, true
	}
	return []Arg{{Value: elems[n]}}, true
}

// indexLit is the literal subscript of an expansion, "" for none.
func indexLit(pe *syntax.ParamExp) string {
	if iw, ok := pe.Index.(*syntax.Word); ok {
		return iw.Lit()
	}
	return ""
}

// zargsArgv returns what zsh's zargs [OPTIONS] -- ARGS -- CMD… runs: CMD
// with ARGS after its own words (the batches it splits them into change
// nothing the rules see). false for any other form.
func zargsArgv(argv []Arg) ([]Arg, bool) {
	if len(argv) == 0 || argv[0].Value != "zargs" || argv[0].Dynamic {
		return nil, false
	}
	first, second := -1, -1
	for i, x := range argv[1:] {
		if x.Value == "--" && !x.Dynamic {
			if first < 0 {
				first = i + 1
			} else {
				second = i + 1
				break
			}
		}
	}
	if first < 0 || second < 0 || second+1 >= len(argv) {
		return nil, false
	}
	cmd := append([]Arg(nil), argv[second+1:]...)
	return append(cmd, argv[first+1:second]...), true
}

// zmvArgv returns what zsh's zmv, zcp and zln [OPTIONS] SRCPAT DEST run,
// as one command: mv (cp for zcp and -C, ln for zln and -L, the program
// of -p or -P) of every file SRCPAT matches (its grouping parentheses
// taken out: '/etc/(*)' is /etc/*) to DEST, known only when it runs ($1
// in it is a part of each match). -n prints the commands and runs
// nothing; false for that and any other form.
func zmvArgv(argv []Arg) ([]Arg, bool) {
	if len(argv) == 0 || argv[0].Dynamic {
		return nil, false
	}
	prog := ""
	switch argv[0].Value {
	case "zmv":
		prog = "mv"
	case "zcp":
		prog = "cp"
	case "zln":
		prog = "ln"
	default:
		return nil, false
	}
	var opts []Arg
	i := 1
	for ; i < len(argv); i++ {
		x := argv[i]
		if x.Dynamic || !strings.HasPrefix(x.Value, "-") || x.Value == "-" {
			break
		}
		if x.Value == "--" {
			i++
			break
		}
		for j := 1; j < len(x.Value); j++ {
			switch c := x.Value[j]; c {
			case 'n', 'h':
				return nil, false // a dry run; help
			case 'C':
				prog = "cp"
			case 'L':
				prog = "ln"
			case 'M':
				prog = "mv"
			case 's':
				opts = append(opts, Arg{Value: "-s"})
			case 'f':
				opts = append(opts, Arg{Value: "-f"})
			case 'p', 'P', 'o':
				// The value is the rest of the word or the next one.
				v := x.Value[j+1:]
				if v == "" && i+1 < len(argv) {
					i++
					v = argv[i].Value
					if argv[i].Dynamic {
						return nil, false
					}
				}
				if c == 'o' {
					for _, f := range strings.Fields(v) {
						opts = append(opts, Arg{Value: f})
					}
				} else {
					prog = v
				}
				j = len(x.Value)
			}
		}
	}
	if len(argv)-i != 2 || prog == "" {
		return nil, false
	}
	src, dest := argv[i], argv[i+1]
	var b strings.Builder
	for k := 0; k < len(src.Value); k++ {
		c := src.Value[k]
		if c == '\\' && k+1 < len(src.Value) {
			b.WriteByte(c)
			k++
			b.WriteByte(src.Value[k])
			continue
		}
		if c != '(' && c != ')' {
			b.WriteByte(c)
		}
	}
	pat := b.String()
	out := append([]Arg{{Value: prog}}, opts...)
	out = append(out, Arg{Value: pat, Dynamic: src.Dynamic, Glob: strings.ContainsAny(pat, "*?["), Raw: src.Raw})
	if strings.Contains(dest.Value, "$") || dest.Dynamic {
		raw := dest.Raw
		if raw == "" {
			raw = dest.Value
		}
		dest = Arg{Value: "", Dynamic: true, Raw: raw}
	}
	return append(out, dest), true
}

// zshUnquoteAll is ${(Q)x}: one level of quotes and backslashes taken
// off, as the shell's quote removal does.
func zshUnquoteAll(s string) string {
	var b strings.Builder
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q == 0 && (c == '\'' || c == '"'):
			q = c
		case c == q:
			q = 0
		case c == '\\' && q != '\'' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
