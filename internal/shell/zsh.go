package shell

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
	"mvdan.cc/sh/v3/syntax"
)

// zsh forms (issue #15): what zsh does to a word or a command that bash
// does not, so that a zsh line is judged like its bash equivalent.

// zshCommands are zsh's precommand modifiers, repeat and sched: they run
// the command after them. Looked up only for zsh lines.
var zshCommands = lazy.Value[map[string]*command]{Build: func() map[string]*command {
	return map[string]*command{
		"noglob":    {name: "noglob", run: argvWrap},
		"nocorrect": {name: "nocorrect", run: argvWrap},
		"-":         {name: "-", run: argvWrap},
		"repeat":    {name: "repeat", run: &wrap{skip: 1}},
		"coproc":    {name: "coproc", run: argvWrap}, // coproc CMD: CMD runs beside the shell
		// sched [-o] [+]TIME CMD…: CMD, a line, runs at TIME in this
		// shell (sched -N takes item N off the list).
		"sched": {name: "sched", short: "o", run: &wrap{kind: runLine, skip: 1}},
	}
}}

// zshName returns the command a zsh command word names: =cmd is cmd's
// path (=rm -rf / runs rm).
func zshName(v string) string {
	if len(v) > 1 && v[0] == '=' {
		return v[1:]
	}
	return v
}

// cutQualifiers removes a zsh glob qualifier list from the end of a word:
// /*(D), build(N/), *(om[1,5]). Only a word whose last parenthesised
// part holds qualifier characters is cut, so that a literal (x) stays.
func cutQualifiers(v string) (string, bool) {
	open, q, ok := lastParens(v)
	if !ok {
		return v, false
	}
	if strings.HasPrefix(q, "#") {
		return v, false // (#i) and friends are pattern flags, not qualifiers
	}
	for _, c := range q {
		if !strings.ContainsRune("/.@=p*%rwxRWXAIEsStfeUGugaymcLNDnoOF^-+:[],0123456789 hdwMs", c) {
			return v, false
		}
	}
	return v[:open], true
}

// lastParens finds the parenthesised part a word ends with, where zsh
// writes a glob qualifier list: the index of its "(" and what it holds.
func lastParens(v string) (open int, inside string, ok bool) {
	if !strings.HasSuffix(v, ")") {
		return 0, "", false
	}
	open = strings.LastIndexByte(v, '(')
	if open < 0 {
		return 0, "", false
	}
	return open, v[open+1 : len(v)-1], true
}

// zshWord expands a word made of one unquoted zsh parameter expansion
// that bash's expansion does not know: an array (all its elements),
// ${=x} and $=x (split), ${(s.:.)x} and ${(z)x} (split by flags),
// ${x:h} and ${x:t} (modifiers). ok is false for any other word.
func (a *analyzer) zshWord(w *syntax.Word, sc *scope) ([]Arg, bool) {
	if len(w.Parts) == 2 {
		// $x:t, unbraced: the modifiers are zsh's (zshmods.go).
		if pe := unbracedModifiers(w); pe != nil {
			w = &syntax.Word{Parts: []syntax.WordPart{pe}}
		}
	}
	if _, dq := w.Parts[0].(*syntax.DblQuoted); len(w.Parts) != 1 || dq {
		return a.zshParts(w, sc)
	}
	pe, isPE := w.Parts[0].(*syntax.ParamExp)
	if !isPE {
		return nil, false
	}
	if out, ok := a.zshIndex(pe, sc); ok {
		return out, true // $a[1] counts from 1 (zshmods.go)
	}
	if v, dyn, ok := a.zshScalar(pe, sc); ok {
		return []Arg{{Value: v, Dynamic: dyn, Raw: a.print(w)}}, true // ${:-reboot}, ${v[2,-1]}, ${${:-xrm}#x}
	}
	if pe.Index != nil || pe.Exp != nil || pe.Repl != nil || pe.Slice != nil || pe.Excl || pe.Length || pe.IsSet || pe.Names != 0 ||
		pe.Param == nil && pe.NestedParam == nil {
		if pe.Flags != nil || pe.NestedParam != nil {
			// zsh's flags or nesting, with more than is followed:
			// unknown, never bash's reading of them.
			return []Arg{{Dynamic: true, Raw: a.print(w)}}, true
		}
		return nil, false
	}
	var v varVal
	set := false
	if pe.NestedParam != nil {
		// ${(j: :)${(s:,:)x}}: the inner expansion's words.
		v, set = a.zshNested(pe.NestedParam, sc)
	} else {
		v, set = sc.get(pe.Param.Value)
	}
	if !set || v.dynamic {
		if pe.Flags == nil && pe.Split == syntax.OptUnset && len(pe.Modifiers) == 0 {
			return nil, false
		}
		raw := a.print(w)
		return []Arg{{Dynamic: true, Raw: raw}}, true
	}
	a.charge(costExpand)
	var elems []string
	isList := v.list != nil
	if isList {
		elems = append(elems, (*v.list)...)
	} else {
		elems = []string{v.val}
	}
	split := pe.Split == syntax.OptOn
	sep, join, caseFlag := "", "", byte(0)
	unquote := false
	joined := false
	if pe.Flags != nil {
		f := pe.Flags.Value
		for i := 0; i < len(f); i++ {
			switch f[i] {
			case 'L', 'U', 'C':
				caseFlag = f[i]
			case 'e':
				// ${(e)x}: x's value is expanded again, its
				// substitutions run (zshmods.go).
				a.zshReexpand(elems, sc)
				if out, ok := a.zshReexpanded(elems, sc); ok {
					return out, true // v='$(echo reboot)'; ${(e)v} is reboot
				}
				return []Arg{{Dynamic: true, Raw: a.print(w)}}, true
			case 'f':
				sep = "\n"
			case 'F':
				join, joined = "\n", true
			case 'j':
				arg, end, ok := delimited(f, i)
				if !ok {
					return nil, false
				}
				join, joined = arg, true
				i = end
			case 'z', '=':
				split = true
			case 's':
				arg, end, ok := delimited(f, i)
				if !ok {
					return nil, false
				}
				sep = arg
				i = end
			case 'Q':
				unquote = true
			case '@':
			default:
				return []Arg{{Dynamic: true, Raw: a.print(w)}}, true // other flags: unknown, never bash's reading
			}
		}
	}
	if !isList && !split && sep == "" && len(pe.Modifiers) == 0 && caseFlag == 0 && !unquote {
		return nil, false // a plain string variable: bash's expansion is zsh's
	}
	if joined {
		elems = []string{strings.Join(elems, join)}
	}
	var out []Arg
	for _, e := range elems {
		for _, m := range pe.Modifiers {
			var ok bool
			if e, ok = zshModifier(e, m.Value); !ok {
				return nil, false
			}
		}
		e = zshCase(e, caseFlag)
		if unquote {
			e = zshUnquoteAll(e)
		}
		var fields []string
		switch {
		case sep != "":
			fields = strings.Split(e, sep)
		case split:
			fields = strings.Fields(e)
		default:
			fields = []string{e}
		}
		for _, f := range fields {
			if f == "" && (split || sep != "" || isList) {
				continue // zsh drops empty elements of an unquoted expansion
			}
			out = append(out, Arg{Value: f})
			if len(out) > maxArrayItems {
				a.limit("too complex to judge here: an array of more than %d elements; its value is taken as unknown", maxArrayItems)
				return []Arg{{Dynamic: true, Raw: a.print(w)}}, true
			}
		}
	}
	a.charge(costField * len(out))
	return out, true
}

// delimited returns the argument of the zsh flag or glob qualifier at
// s[i], written between the delimiter at s[i+1] and its closer ((j:,:),
// (s.x.), e{…}), and the index of the closer; false when there is none.
func delimited(s string, i int) (arg string, end int, ok bool) {
	if i+1 >= len(s) {
		return "", 0, false
	}
	n := strings.IndexByte(s[i+2:], closer(s[i+1]))
	if n < 0 {
		return "", 0, false
	}
	return s[i+2 : i+2+n], i + 2 + n, true
}

// closer is the delimiter that closes one opened by d: ) for (, d itself
// for a character that is not a bracket.
func closer(d byte) byte {
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

// zshQualified expands a word ending in a glob qualifier list, /*(D) or
// build(N/), as the pattern without it: the qualifiers only narrow what
// the pattern matches.
func (a *analyzer) zshQualified(w *syntax.Word, sc *scope) ([]Arg, bool) {
	var last *syntax.Lit
	switch p := w.Parts[len(w.Parts)-1].(type) {
	case *syntax.Lit:
		last = p
	case *syntax.ExtGlob:
		// *(D) reads as an extended glob: * and a qualifier list.
		if p.Op != syntax.GlobZeroOrMore || p.Pattern == nil {
			return nil, false
		}
		last = &syntax.Lit{ValuePos: p.OpPos, ValueEnd: p.Pattern.ValueEnd, Value: "*(" + p.Pattern.Value + ")"}
	default:
		return nil, false
	}
	cut, ok := cutQualifiers(last.Value)
	if !ok {
		// (e:'code':) and (+cmd) run code for each match (zshmods.go).
		if cut, ok = a.qualifierCode(last.Value, sc); !ok {
			return nil, false
		}
	}
	cp := *w
	cp.Parts = append(append([]syntax.WordPart(nil), w.Parts[:len(w.Parts)-1]...), &syntax.Lit{ValuePos: last.ValuePos, ValueEnd: last.ValueEnd, Value: cut})
	if cut == "" {
		cp.Parts = cp.Parts[:len(cp.Parts)-1]
		if len(cp.Parts) == 0 {
			return nil, false
		}
	}
	a.charge(costExpand)
	out := a.expand(&cp, sc)
	for i := range out {
		// A qualified pattern is a glob even without * (build(N)).
		out[i].Glob = out[i].Glob || !out[i].Dynamic && strings.ContainsAny(out[i].Value, "*?[")
	}
	return out, true
}
