package shell

import (
	"fmt"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
	"mvdan.cc/sh/v3/syntax"
)

// The state of the interactive session a line is typed in (Options.State):
// the hooks pass the variables, aliases and functions the line refers to,
// as definitions in the line's own language:
//
//	bash:  D='/srv/app'   declare -x E='1'   a=('rm' '-rf' '/')
//	       alias -- 'x=rm -rf /'   f () { …; }
//	zsh:   the same, and alias -g -- 'G=…' for a global alias
//	fish:  set -g -- D /srv/app   function f …; end   abbr -a -- x 'rm -rf /'
//
// It is outside input, read by rules of its own: only assignments,
// declare/typeset/export/readonly/local, alias, abbr and function
// definitions, their words literal text (no $, no substitution). Anything
// else, a parse error, or more than the bounds below, and the whole state
// is ignored (Analysis.StateError says why): the line is judged as without
// it, its unknowns at their worst. A state can only tell belay more: a
// session alias or function is judged as what it runs and as the word
// itself.

// Bounds on the state: the hooks pass at most 64 KiB.
const (
	maxStateBytes   = 128 << 10
	maxStateStmts   = 512
	maxAliasExpands = 16 // alias expansions followed in one line
)

// sessionFunc is a function of the session: its body and the text its
// positions point into.
type sessionFunc struct {
	body *syntax.Stmt
	src  string
}

// session reads the state into sc, silently: nothing in it is judged
// (it has run already); only the line's uses of it are.
func (a *analyzer) session(state string, dropped bool, d Dialect, sc *scope) {
	if dropped {
		a.problem("the session's definitions this line refers to are more than the shell hook passes to belay: what its aliases, functions and variables run is unknown")
	}
	if state == "" {
		return
	}
	if len(state) > maxStateBytes {
		a.out.StateError = fmt.Sprintf("the session state is %d bytes, more than belay reads (%d)", len(state), maxStateBytes)
		return
	}
	if !a.charge(costParse * len(state)) {
		return
	}
	src := a.carry(state)
	f, err := parseState(src, d)
	if err != nil {
		a.out.StateError = "the session state does not parse: " + printable(uncarry(err.Error()))
		return
	}
	if len(f.Stmts) > maxStateStmts {
		a.out.StateError = fmt.Sprintf("the session state holds more than %d definitions", maxStateStmts)
		return
	}
	for _, s := range f.Stmts {
		if why := stateStmt(s, d); why != "" {
			a.out.StateError = "the session state holds " + why
			return
		}
	}
	// Read it as the line's own statements would be, into the root scope,
	// with whatever that finds set aside: it has already run.
	saved, savedSrc, savedD := a.out, a.src, a.dialect
	a.out, a.src, a.dialect = &Analysis{}, src, d
	a.inState = true // what it defines to run later was judged where it was defined (deferred.go)
	defer func() { a.inState = false }()
	base := sc.vars
	funcs := map[string]sessionFunc{}
	aliases := map[string]string{}
	global := map[string]string{}
	var bad string
	func() {
		defer func() {
			if r := recover(); r != nil {
				bad = "something belay could not read"
			}
		}()
		for _, s := range f.Stmts {
			if a.spent() {
				bad = "more than belay reads"
				return
			}
			switch c := s.Cmd.(type) {
			case *syntax.FuncDecl:
				names := c.Names
				if c.Name != nil {
					names = append(names, c.Name)
				}
				for _, n := range names {
					funcs[n.Value] = sessionFunc{body: c.Body, src: src}
				}
			case *syntax.CallExpr:
				if len(c.Args) == 0 {
					for _, as := range c.Assigns {
						a.assign(as, sc)
					}
					continue
				}
				if why := a.stateAlias(c, sc, aliases, global); why != "" {
					bad = why
					return
				}
			case *syntax.DeclClause:
				if d == Fish {
					a.fishSet(c, sc)
					continue
				}
				if unknownAttrs(c) {
					// declare -n r='D': $r is D's value, not D.
					for _, as := range c.Args {
						if as.Name != nil {
							sc.set(as.Name.Value, varVal{dynamic: true})
						}
					}
					continue
				}
				for _, as := range c.Args {
					a.assign(as, sc)
				}
			}
		}
	}()
	problems := a.out.Problems
	a.out, a.src, a.dialect = saved, savedSrc, savedD
	if bad == "" && len(problems) > 0 {
		bad = problems[0]
	}
	if bad != "" {
		sc.vars = base
		a.out.StateError = "the session state holds " + bad
		return
	}
	// What the state set is the session's: named as such in messages, and
	// never taken as unknown.
	var vals map[string]string
	sc.vars.changed(base, func(name string, v varVal) {
		if v.dynamic {
			return
		}
		v.session = true
		sc.set(name, v)
		if vals == nil {
			vals = map[string]string{}
		}
		if v.list == nil || d == Fish && len(*v.list) == 1 {
			vals[name] = uncarry(v.val)
		}
	})
	a.out.Session = vals
	a.sessFuncs, a.aliases, a.galiases = funcs, aliases, global
}

// unknownAttrs says whether a declare or typeset makes its variables name
// references (-n): their value is another variable's, not the text.
func unknownAttrs(c *syntax.DeclClause) bool {
	for _, as := range c.Args {
		if as.Name != nil || as.Value == nil {
			continue
		}
		if f := as.Value.Lit(); strings.HasPrefix(f, "-") && strings.Contains(f[1:], "n") {
			return true
		}
	}
	return false
}

// parseState parses the state in the line's language.
func parseState(src string, d Dialect) (*syntax.File, error) {
	if d == Fish {
		return parseFish(src)
	}
	f, err := parse(src, d)
	if err != nil && d == Zsh {
		f, err = parse(src, Bash)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// declVariants are the builtins a state may set variables with.
var declVariants = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"declare": true, "typeset": true, "export": true, "readonly": true,
		"local": true, "integer": true, "float": true, "set": true}
}}

// stateStmt says what a statement of the state is that a state may not
// hold, or "" when it is a definition.
func stateStmt(s *syntax.Stmt, d Dialect) string {
	if s.Negated || s.Background || s.Coprocess || len(s.Redirs) > 0 {
		return "a statement that is not a definition"
	}
	switch c := s.Cmd.(type) {
	case *syntax.FuncDecl:
		return ""
	case *syntax.CallExpr:
		if len(c.Args) > 0 {
			name := c.Args[0].Lit()
			if len(c.Assigns) > 0 || !(name == "alias" && d != Fish || name == "abbr" && d == Fish) {
				return "a command"
			}
		}
		if !literalNode(c) {
			return "a word that is not literal text"
		}
		return ""
	case *syntax.DeclClause:
		if c.Variant == nil || !declVariants.Get()[c.Variant.Value] || (c.Variant.Value == "set") != (d == Fish) {
			return "a statement that is not a definition"
		}
		if !literalNode(c) {
			return "a word that is not literal text"
		}
		return ""
	}
	return "a statement that is not a definition"
}

// literalNode says whether n holds only literal text: quoted or not, but
// no expansion, substitution or arithmetic.
func literalNode(n syntax.Node) bool {
	ok := true
	syntax.Walk(n, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.ParamExp, *syntax.CmdSubst, *syntax.ProcSubst, *syntax.ArithmExp,
			*syntax.ExtGlob, *syntax.BraceExp:
			ok = false
		}
		return ok
	})
	return ok
}

// stateAlias reads alias -- NAME=VALUE… (-g: a zsh global alias) or
// fish's abbr -a -- NAME VALUE into aliases and global.
func (a *analyzer) stateAlias(c *syntax.CallExpr, sc *scope, aliases, global map[string]string) string {
	var words []string
	for _, w := range c.Args[1:] {
		v, dyn := a.literal(w, sc)
		if dyn {
			return "a word that is not literal text"
		}
		words = append(words, v)
	}
	isGlobal, opts := false, true
	var rest []string
	for _, w := range words {
		switch {
		case opts && w == "--":
			opts = false
		case opts && strings.HasPrefix(w, "-") && len(w) > 1:
			for _, f := range w[1:] {
				switch f {
				case 'g':
					// zsh's alias -g; fish's abbr -g is global scope.
					isGlobal = a.dialect == Zsh
				case 'a', 'U':
					if a.dialect != Fish {
						return "an alias it cannot read"
					}
				default:
					return "an alias it cannot read"
				}
			}
		default:
			opts = false
			rest = append(rest, w)
		}
	}
	if a.dialect == Fish {
		if len(rest) != 2 || rest[0] == "" {
			return "an abbreviation it cannot read"
		}
		aliases[rest[0]] = rest[1]
		return ""
	}
	for _, kv := range rest {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return "an alias it cannot read"
		}
		if isGlobal {
			global[name] = val
		} else {
			aliases[name] = val
		}
	}
	return ""
}

// expandAliases judges a call whose words the session has aliases for
// (alias x='rm -rf /'; x at a later prompt) as the shell runs it: the
// text with the aliases in place, parsed and analysed as a nested line.
// bash and zsh expand the command word, and the next when the alias ends
// in a space; zsh a global alias anywhere; fish an abbreviation in
// command position. The call itself is judged as well, by the caller.
func (a *analyzer) expandAliases(c *syntax.CallExpr, sc *scope) {
	if len(a.aliases) == 0 && len(a.galiases) == 0 || len(c.Args) == 0 {
		return
	}
	var b strings.Builder
	changed := false
	at := int(c.Args[0].Pos().Offset())
	from := int(c.Pos().Offset())
	if from < 0 || at < from || at > len(a.src) {
		return
	}
	b.WriteString(a.src[from:at]) // assignments before the command
	command := true
	used := map[string]bool{}
	for i, w := range c.Args {
		start, end := int(w.Pos().Offset()), int(w.End().Offset())
		if start < 0 || end > len(a.src) || start > end {
			return
		}
		if i > 0 {
			prev := int(c.Args[i-1].End().Offset())
			b.WriteString(a.src[prev:start])
		}
		text := a.src[start:end]
		lit, plain := unquotedLit(w)
		val, ok := "", false
		switch {
		case plain && command && !used[lit] && !a.expanding[lit]:
			val, ok = a.aliases[lit]
		}
		if !ok && plain && a.dialect == Zsh {
			val, ok = a.galiases[lit]
		}
		if ok && a.expands < maxAliasExpands {
			a.expands++
			used[lit] = true
			changed = true
			b.WriteString(val)
			// bash and zsh: an alias that ends in a blank makes the next
			// word a command word too (alias sudo='sudo ').
			command = a.dialect != Fish && strings.HasSuffix(val, " ")
			continue
		}
		if ok {
			a.limit("too complex to judge here: more than %d session aliases in one line; the rest are judged as the words typed", maxAliasExpands)
		}
		command = false
		b.WriteString(text)
	}
	if !changed {
		return
	}
	if a.expanding == nil {
		a.expanding = map[string]bool{}
	}
	for n := range used {
		a.expanding[n] = true
	}
	a.line(b.String(), a.dialect, sc.clone(), false)
	for n := range used {
		delete(a.expanding, n)
	}
}

// unquotedLit returns a word that is one unquoted literal: only such a
// word is looked up as an alias.
func unquotedLit(w *syntax.Word) (string, bool) {
	if len(w.Parts) != 1 {
		return "", false
	}
	l, ok := w.Parts[0].(*syntax.Lit)
	if !ok || strings.ContainsAny(l.Value, "\\'\"") {
		return "", false
	}
	return l.Value, true
}

// callSession analyses a call of a function of the session, its
// arguments bound, as callFunc does for the line's own. It returns false
// when argv does not call one; the caller judges the word as a command
// either way.
func (a *analyzer) callSession(argv []Arg, sc *scope) {
	fn, ok := a.sessFuncs[argv[0].Value]
	if !ok || a.calling[argv[0].Value] {
		return
	}
	if _, own := a.funcs[argv[0].Value]; own {
		return // the line redefined it
	}
	if a.calls >= maxFuncCalls {
		a.limit("too complex to judge here: more than %d calls of functions defined in the line; the rest are judged with their arguments unknown", maxFuncCalls)
		return
	}
	if a.depth >= maxDepth {
		a.limit("commands nested more than %d levels deep ($(…), bash -c, eval, ssh)", maxDepth)
		return
	}
	a.calls++
	if a.calling == nil {
		a.calling = map[string]bool{}
	}
	a.calling[argv[0].Value] = true
	a.depth++
	savedSrc := a.src
	a.src = fn.src
	in := within(sc, argv[0].Value+"()")
	a.setPositional(in, nil, argv[1:])
	if a.dialect == Fish {
		list := make([]string, 0, len(argv)-1)
		dyn := false
		for _, x := range argv[1:] {
			list = append(list, x.Value)
			dyn = dyn || x.Dynamic
		}
		in.set("argv", listVal(list, dyn))
	}
	a.stmt(fn.body, in)
	a.src = savedSrc
	a.depth--
	delete(a.calling, argv[0].Value)
}
