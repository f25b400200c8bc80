package shell

import (
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Loops over a lister's output. find DIR | xargs rm is judged as find
// DIR -delete reaches the paths (piped.go); the same paths read one at a
// time by a loop are judged the same way: the loop variable of
//
//	find DIR … | while read f; do rm "$f"; done
//	while IFS= read -r -d '' f; do …; done < <(find DIR … -print0)
//	for f in $(find DIR …); do rm -rf "$f"; done
//	ls DIR | while read x; do …; done
//	mapfile -t arr < <(find DIR …); rm "${arr[@]}"
//
// holds "a path under DIR", and a word that is the variable alone ("$f",
// ${arr[@]}) stands for those paths as xargs's input or find's {} does.
// Any other reading of it ("$f.bak", ${f%/*}) is unknown, its worst case,
// as before.

// listedVal is the value of a variable that holds one of the paths a
// lister prints: found is them; val is the start they are all below
// (with a slash, so "$f/x" is judged somewhere below it), "" when there
// are several or the names are printed without their directory (ls).
func listedVal(paths []Arg) varVal {
	l := slices.Clone(paths)
	v := varVal{dynamic: true, found: &l}
	if len(l) == 1 && (l[0].Tree || l[0].Filtered) && !l[0].Glob && l[0].Value != "" {
		v.val = strings.TrimSuffix(l[0].Value, "/") + "/"
	}
	return v
}

// foundFields returns what a word stands for when it is a variable that
// holds listed paths read alone: $f, "$f", ${f}, "${arr[@]}", ${arr[0]};
// or, for the names ls DIR prints, DIR/ before it ("/srv/data/$x"), what
// the names were listed for.
func (a *analyzer) foundFields(w *syntax.Word, sc *scope) ([]Arg, bool) {
	if w == nil || len(w.Parts) == 0 || len(w.Parts) > 8 {
		return nil, false
	}
	// The parts, quotes taken off; empty ones ('rm -rf '"$v"'' as
	// substListed writes it) are nothing.
	var parts []syntax.WordPart
	add := func(x syntax.WordPart) bool {
		switch x := x.(type) {
		case *syntax.SglQuoted:
			if x.Value == "" {
				return true
			}
		case *syntax.Lit:
			if x.Value == "" {
				return true
			}
		}
		parts = append(parts, x)
		return len(parts) <= 2
	}
	for _, x := range w.Parts {
		if dq, ok := x.(*syntax.DblQuoted); ok {
			for _, y := range dq.Parts {
				if !add(y) {
					return nil, false
				}
			}
			continue
		}
		if !add(x) {
			return nil, false
		}
	}
	prefix := ""
	switch len(parts) {
	case 1:
	case 2:
		lit, ok := parts[0].(*syntax.Lit)
		if !ok || !strings.HasSuffix(lit.Value, "/") {
			return nil, false
		}
		prefix = lit.Value
	default:
		return nil, false
	}
	pe, ok := parts[len(parts)-1].(*syntax.ParamExp)
	if !ok || pe.Param == nil || pe.Flags != nil || pe.Excl || pe.Length || pe.Width || pe.IsSet ||
		pe.Split != syntax.OptUnset || pe.GlobSubst != syntax.OptUnset || pe.RcExpand != syntax.OptUnset ||
		pe.NestedParam != nil || len(pe.Modifiers) > 0 || pe.Slice != nil || pe.Repl != nil || pe.Names != 0 || pe.Exp != nil {
		return nil, false
	}
	v, ok := sc.get(pe.Param.Value)
	if !ok || v.found == nil || !a.charge(costCopy*len(*v.found)) {
		return nil, false
	}
	out := slices.Clone(*v.found)
	if prefix != "" {
		for _, x := range out {
			if !lsNames(x) || path.Clean(prefix) != path.Clean(globDir(x.Value)) {
				return nil, false
			}
		}
	}
	raw := a.print(w)
	for i := range out {
		out[i].Raw = raw
	}
	return out, true
}

// lsNames reports whether x stands for the names ls DIR prints (piped.go):
// DIR's entries, printed without DIR.
func lsNames(x Arg) bool { return x.Raw == lsRaw && x.Glob && !x.Tree && !x.Filtered }

// listedBy is what a list of statements prints when it is one lister,
// or a pipeline ending in a lister or in filters after one: find DIR …,
// ls DIR, find DIR | grep -v x. Nil otherwise.
func (a *analyzer) listedBy(stmts []*syntax.Stmt, sc *scope) *piped {
	if len(stmts) != 1 || a.spent() {
		return nil
	}
	s := stmts[0]
	chain := []*syntax.Stmt{s}
	if b, ok := s.Cmd.(*syntax.BinaryCmd); ok {
		if b.Op != syntax.Pipe && b.Op != syntax.PipeAll {
			return nil
		}
		chain = pipeChain(b)
	}
	if len(chain) > maxListedStages {
		return nil
	}
	var p *piped
	for i := 1; i <= len(chain); i++ {
		// pipedFrom reads stage i-1: with i past the end, what the
		// last stage prints.
		p = a.pipedFrom(chain, i, p, false, sc)
	}
	if p == nil || p.query || len(p.paths) == 0 {
		return nil
	}
	return p
}

// maxListedStages bounds the stages of a pipeline read for the paths it
// prints into a loop or an array.
const maxListedStages = 16

// listedStdin is what the lines of sc's standard input are known to be
// when the text is not: paths a lister printed, or the names ls -d prints
// for patterns (each one of their matches). Nil when neither.
func listedStdin(sc *scope) []Arg {
	switch {
	case sc.stdin == nil && sc.stdinFrom != nil && !sc.stdinFrom.query && len(sc.stdinFrom.paths) > 0:
		return sc.stdinFrom.paths
	case sc.stdin != nil && sc.stdinGlob && !sc.stdinDyn:
		var out []Arg
		for _, l := range strings.Split(*sc.stdin, "\n") {
			if l == "" {
				continue
			}
			if len(out) == maxListedStarts {
				return nil
			}
			out = append(out, Arg{Value: l, Glob: strings.ContainsAny(l, "*?[")})
		}
		return out
	}
	return nil
}

// redirListed is what a statement's < <(…) redirection, or a here-string
// of one substitution, reads when the commands inside list paths: while
// read f; do …; done < <(find DIR …), <<< "$(find DIR …)".
func (a *analyzer) redirListed(s *syntax.Stmt, sc *scope) *piped {
	var p *piped
	for _, r := range s.Redirs {
		if !isStdin(r) {
			continue
		}
		p = nil // the last one is what is read
		switch r.Op {
		case syntax.RdrIn:
			if ps := procSubst(r.Word); ps != nil && ps.Op == syntax.CmdIn {
				p = a.listedBy(ps.Stmts, sc)
			}
		case syntax.WordHdoc:
			if cs := onlySubst(r.Word); cs != nil {
				p = a.listedBy(cs.Stmts, sc)
			}
		}
	}
	return p
}

// onlySubst returns the command substitution a word is made of, quoted
// or not, or nil.
func onlySubst(w *syntax.Word) *syntax.CmdSubst {
	if w == nil || len(w.Parts) != 1 {
		return nil
	}
	p := w.Parts[0]
	if dq, ok := p.(*syntax.DblQuoted); ok && len(dq.Parts) == 1 {
		p = dq.Parts[0]
	}
	cs, _ := p.(*syntax.CmdSubst)
	return cs
}

// readsLines returns the variable a read reads whole lines (or NUL
// separated names) into: read [-r] [-d ""] [NAME], IFS= or not. ok is
// false for any other read: several names, a count (-n, -N), another
// descriptor (-u), an array (-a), another delimiter.
func (a *analyzer) readsLines(st *syntax.Stmt, sc *scope) (name string, ok bool) {
	call, isCall := st.Cmd.(*syntax.CallExpr)
	if !isCall || st.Negated || st.Background || len(st.Redirs) > 0 || len(call.Args) == 0 || len(call.Args) > 8 {
		return "", false
	}
	if n, lit := plainLit(call.Args[0]); !lit || n != "read" {
		return "", false
	}
	var args []Arg
	for _, w := range call.Args[1:] {
		args = a.expandAppend(args, w, sc)
	}
	opts, names, good := readOpts(args, "adinNptu")
	if !good || len(names) > 1 {
		return "", false
	}
	for _, o := range []byte("anNu") {
		if _, has := opts[o]; has {
			return "", false
		}
	}
	if d := readDelim(opts); d != "\n" && d != "\x00" {
		return "", false
	}
	if len(names) == 0 {
		return "REPLY", true
	}
	if names[0].Dynamic || !isName(names[0].Value) {
		return "", false
	}
	return names[0].Value, true
}

// whileListed follows while read f; do BODY; done over a lister's
// output: the body is analysed once with f holding the listed paths. It
// reports false, and does nothing, when the loop is not of that form or
// its input is not known to be paths.
func (a *analyzer) whileListed(c *syntax.WhileClause, in, sc *scope) bool {
	if c.Until || len(c.Cond) != 1 || a.dialect == Fish {
		return false
	}
	paths := listedStdin(in)
	if len(paths) == 0 {
		return false
	}
	name, ok := a.readsLines(c.Cond[0], in)
	if !ok {
		return false
	}
	body := in.clone()
	a.stmts(c.Cond, body)
	body.set(name, listedVal(paths))
	a.stmts(c.Do, body)
	a.mergeConditional(sc, body)
	return true
}

// forListed follows for f in $(find DIR …); do BODY; done: the body is
// analysed once with f holding the listed paths. It reports false, and
// does nothing, when the loop does not run over one such substitution.
func (a *analyzer) forListed(name string, wi *syntax.WordIter, c *syntax.ForClause, sc *scope) bool {
	if len(wi.Items) != 1 || len(wi.Items[0].Parts) != 1 || a.dialect == Fish {
		return false
	}
	cs, ok := wi.Items[0].Parts[0].(*syntax.CmdSubst)
	if !ok {
		return false
	}
	p := a.listedBy(cs.Stmts, sc)
	if p == nil {
		return false
	}
	a.substs(wi.Items[0], sc)
	body := sc.clone()
	body.set(name, listedVal(p.paths))
	a.stmts(c.Do, body)
	a.mergeConditional(sc, body)
	return true
}

// listedVar is the variable that stands for listed paths in a line a
// wrapper builds from text: xargs -I{} sh -c 'rm -rf {}', parallel rm
// {} after find DIR.
const listedVar = "belay_listed"

// listedRaw marks an argument of parallel that is the listed paths its
// standard input holds (piped.go): its jobs read them as $belay_listed.
const listedRaw = "{listed paths}"

// substListed puts a reference to listedVar where a placeholder (xargs
// -I's string) stands in a shell script, quoted as the place it is at
// needs so that the reference alone is one word: "${belay_listed}" bare,
// ${belay_listed} inside double quotes, '"${belay_listed}"' inside
// single quotes.
func substListed(script, repl string) string {
	if repl == "" {
		return script
	}
	const ref = "${" + listedVar + "}"
	var b strings.Builder
	state := byte(0) // 0 bare, '\'' or '"' inside those quotes
	for i := 0; i < len(script); {
		if strings.HasPrefix(script[i:], repl) {
			switch state {
			case 0:
				b.WriteString(`"` + ref + `"`)
			case '"':
				b.WriteString(ref)
			default:
				b.WriteString(`'"` + ref + `"'`)
			}
			i += len(repl)
			continue
		}
		c := script[i]
		b.WriteByte(c)
		i++
		switch {
		case c == '\\' && state != '\'' && i < len(script):
			b.WriteByte(script[i])
			i++
		case state == 0 && (c == '\'' || c == '"'):
			state = c
		case state != 0 && c == state:
			state = 0
		}
	}
	return b.String()
}

// shellScriptAt reports whether argv[k] is the script of a shell's -c:
// sh -c SCRIPT, bash -ec SCRIPT.
func shellScriptAt(argv []Arg, k int) bool {
	if k < 2 || argv[0].Dynamic || argv[k-1].Dynamic {
		return false
	}
	switch path.Base(argv[0].Value) {
	case "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "posh", "yash":
	default:
		return false
	}
	o := argv[k-1].Value
	return strings.HasPrefix(o, "-") && !strings.HasPrefix(o, "--") && strings.IndexByte(o, 'c') > 0
}

// isListed reports whether x stands for paths a lister printed (find's
// {}, xargs's input after find DIR, the names ls DIR prints).
func isListed(x Arg) bool { return x.Tree || x.Filtered || x.Raw == lsRaw }
