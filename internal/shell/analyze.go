package shell

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	osuser "os/user"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// Limits on what one line may cost to analyse. Input past them is not
// guessed at: it becomes a Problem, which the policy turns into confirm.
const (
	maxDepth       = 64        // nested bash -c / eval / ssh strings
	maxInvocations = 10000     // invocations found in one line
	maxLoopItems   = 8         // for-loop items analysed one by one
	maxLineBytes   = 1 << 20   // the most any caller may ask for (Options.MaxBytes)
	maxNestedBytes = 256 << 10 // all nested lines together (bash -c, eval, ssh, heredocs into a shell)
	maxPrint       = 4096      // source bytes of a node printed for display
)

type analyzer struct {
	out     *Analysis
	depth   int             // nested lines (bash -c, eval, ssh) and substitutions
	bombs   map[string]bool // functions that call themselves in a background pipe
	printer *syntax.Printer
	src     string  // the line being parsed, for showing large nodes
	dialect Dialect // the language of that line: fish words expand as fish's
	nested  int     // bytes of nested lines parsed so far

	work    int64 // work units spent (budget.go)
	budget  int64 // work units the line may cost
	stopped bool  // the budget ran out: nothing more is analysed
	mult    int   // copies of the current work analysed one by one (fan)

	limits   map[string]bool // bounds met, by message (limit)
	carried  bool            // some bytes that are not UTF-8 are carried (bytes.go)
	finished bool            // finish gave the bytes back
	offs     []int           // offsets of carrier runes in the line as parsed
	dec      decodeState     // what computing literal output has cost (decode.go)
	// substIn is the standard input of the substitutions in a command's
	// words when a redirection of its own gives the command another:
	// the shell expands the words first (bash -c "$(cat)" <<< x reads
	// the shell's input, not x). nil: the scope's.
	substIn *stageOut
	// substSrc is where the output of the last substitution computed
	// comes from when it is code belay cannot see: curl … | bash -c
	// "$(cat)" (decode.go).
	substSrc string
	guesses  int                     // readings of unknown command names recorded (guess.go)
	runners  int                     // readings of unknown names as programs that run their arguments (guess.go)
	funcs    map[string]*syntax.Stmt // functions the line defines, by name (computed.go)
	calling  map[string]bool         // functions being analysed as called: no recursion
	calls    int                     // function calls analysed

	sessFuncs map[string]sessionFunc // functions of the session (session.go)
	aliases   map[string]string      // aliases of the session (fish: abbreviations)
	galiases  map[string]string      // zsh global aliases of the session
	expanding map[string]bool        // aliases being expanded: not again inside
	expands   int                    // alias expansions followed
	sessRead  bool                   // the word being expanded read a variable of the session
	inState   bool                   // reading the session's state: what it defines was judged where it was defined (deferred.go)

	queries int // database clients run with a query in the line: a pipe stage that ran one prints data (piped.go)

	own    ownFiles                     // files and descriptors the line wrote or opened (ownfiles.go)
	host   func(string) (string, error) // Options.ReadFile
	hostN  int                          // files read through it
	hashed map[string]string            // hash -p PATH NAME: NAME runs PATH (bindings.go)
}

// Analyze parses a command line and returns every invocation it would run.
// It never panics: an internal error becomes a Problem.
func Analyze(line string, opt Options) (res *Analysis) {
	a := newAnalyzer()
	defer a.recover(&res)
	defer a.finish()
	limit := opt.maxBytes()
	if len(line) > limit {
		a.problem("line is %d bytes, more than belay analyses (%d)", len(line), limit)
		return a.out
	}
	a.budget = budgetFor(limit)
	a.host = opt.ReadFile
	a.charge(costVar * len(opt.Env))
	sc := rootScope(a.carryOptions(opt))
	a.session(opt.State, opt.StateDropped, opt.Dialect, sc)
	a.line(line, opt.Dialect, sc, true)
	return a.out
}

// AnalyzeArgv checks one argv as given: no shell parsing of the argv itself
// (a bash -c string inside it is still parsed).
func AnalyzeArgv(argv []string, opt Options) (res *Analysis) {
	a := newAnalyzer()
	defer a.recover(&res)
	defer a.finish()
	a.host = opt.ReadFile
	a.charge(costVar * len(opt.Env))
	sc := rootScope(a.carryOptions(opt))
	sc.pos = Pos{Line: 1, Col: 1}
	args := make([]Arg, len(argv))
	for i, s := range argv {
		args[i] = Arg{Value: a.carry(s)}
	}
	a.charge(costArg * len(args))
	a.invoke(args, sc, nil, "")
	return a.out
}

func newAnalyzer() *analyzer {
	return &analyzer{
		out:    &Analysis{},
		bombs:  map[string]bool{},
		mult:   1,
		budget: maxWork,
	}
}

func (a *analyzer) recover(res **Analysis) {
	if r := recover(); r != nil {
		a.problem("internal error while analysing: %s", printable(uncarry(fmt.Sprint(r))))
		a.finish()
		*res = a.out
	}
}

// finish gives the analysis its bytes back: what was carried (bytes.go)
// in problems and the parse error. Invocations got theirs in emit. It
// runs once, after a panic too.
func (a *analyzer) finish() {
	a.out.work = a.work
	if !a.carried || a.finished {
		return
	}
	a.finished = true
	for i, s := range a.out.Problems {
		a.out.Problems[i] = printable(uncarry(s))
	}
	if pe, ok := a.out.ParseError.(*ParseError); ok {
		pe.Msg = printable(uncarry(pe.Msg))
	}
}

// errColumn returns err with its column counted in bytes of the line as
// given rather than as carried (offs: its carrier runes).
func errColumn(err error, offs []int) error {
	fix := func(p syntax.Pos) syntax.Pos {
		return syntax.NewPos(p.Offset(), p.Line(), uint(column(offs, int(p.Offset()), int(p.Col()))))
	}
	if len(offs) == 0 {
		return err
	}
	switch e := err.(type) {
	case syntax.ParseError:
		e.Pos = fix(e.Pos)
		return e
	case syntax.LangError:
		e.Pos = fix(e.Pos)
		return e
	}
	return err
}

// carry carries the bytes of s that are not UTF-8 (bytes.go).
func (a *analyzer) carry(s string) string {
	c, changed := carry(s)
	a.carried = a.carried || changed
	return c
}

// carryOptions carries the bytes of the environment and working
// directory that are not UTF-8, as the line's are.
func (a *analyzer) carryOptions(opt Options) Options {
	opt.Cwd = a.carry(opt.Cwd)
	var env map[string]string
	for k, v := range opt.Env {
		ck, cv := a.carry(k), a.carry(v)
		if env == nil && (ck != k || cv != v) {
			env = make(map[string]string, len(opt.Env))
			for k2, v2 := range opt.Env {
				env[k2] = v2
			}
		}
		if env != nil {
			delete(env, k)
			env[ck] = cv
		}
	}
	if env != nil {
		opt.Env = env
	}
	return opt
}

func rootScope(opt Options) *scope {
	sc := &scope{cwd: opt.Cwd, vars: varsOf(opt.Env)}
	if sc.cwd != "" {
		sc.cwd = path.Clean(sc.cwd)
	}
	return sc
}

func variant(d Dialect) syntax.LangVariant {
	switch d {
	case POSIX:
		return syntax.LangPOSIX
	case Zsh:
		return syntax.LangZsh
	}
	return syntax.LangBash
}

// line parses src and analyses every statement in it. top says whether it
// is the line as typed (its parse errors are the Analysis's) or a string
// found inside it (bash -c, eval, ssh), whose errors are Problems.
func (a *analyzer) line(src string, d Dialect, sc *scope, top bool) {
	if a.depth >= maxDepth {
		a.limit("commands nested more than %d levels deep (bash -c, eval, ssh)", maxDepth)
		return
	}
	a.depth++
	defer func() { a.depth-- }()
	if !top {
		// eval eval eval … re-parses nearly the whole line at each level.
		if a.nested += len(src); a.nested > maxNestedBytes {
			a.limit("more than %d bytes of nested command lines (bash -c, eval, ssh)", maxNestedBytes)
			return
		}
	}
	if top {
		src = a.carry(src)
	} else if c, changed := carryNested(src); changed {
		src, a.carried = c, true
	}
	if !a.charge(costParse * len(src)) {
		return
	}
	if d != Fish {
		// The fish parser bounds its own nesting (maxFishDepth).
		switch cut, changed, ok := cutDeep(src, maxNesting); {
		case !ok:
			a.limit("too complex to judge here: brackets nested more than %d deep in quoted text; the line is not read", maxNesting)
			return
		case changed:
			a.limit("too complex to judge here: brackets nested more than %d deep; what is inside them is taken as unknown", maxNesting)
			src = cut
		}
	}
	saved, savedD := a.src, a.dialect
	a.src, a.dialect = src, d
	defer func() { a.src, a.dialect = saved, savedD }()
	var f *syntax.File
	var err error
	if d == Fish {
		f, err = parseFish(src)
	} else {
		if d == Zsh && strings.Contains(src, "foreach") {
			// foreach x (…) …; end parses as zsh, as something else.
			if re, ok := zshRewrite(src); ok && a.charge(costParse*len(re)) {
				src = re
				a.src = re
			}
		}
		f, err = parse(src, d)
	}
	var offs []int
	if a.carried {
		offs = carriers(src)
	}
	if top {
		a.offs = offs
	}
	if err != nil && d == Zsh {
		// LangZsh is experimental upstream; most zsh lines are bash lines.
		if f2, err2 := parse(src, Bash); err2 == nil {
			f, err = f2, nil
		} else if re, ok := zshRewrite(src); ok && a.charge(costParse*len(re)) {
			// zsh's short loops and brace bodies, as bash's (zshforms.go).
			if f3, err3 := parse(re, Zsh); err3 == nil {
				f, err = f3, nil
				a.src = re
			}
		}
	}
	if err != nil {
		err = errColumn(err, offs)
		incomplete := syntax.IsIncomplete(err)
		switch {
		case top && incomplete:
			a.out.Incomplete = true
		case top:
			a.out.ParseError = parseError(err)
		case incomplete:
			a.problem("a nested command line is unfinished: %v", err)
		default:
			a.problem("cannot parse a nested command line: %v", err)
		}
	}
	if top && a.out.Incomplete && (f == nil || len(f.Stmts) == 0) {
		// Too unfinished for the parser to recover any of it (more than
		// 8 missing closers): what it holds is unknown, not nothing.
		a.problem("the line is unfinished and could not be read: %v", err)
	}
	if f == nil {
		return
	}
	a.stmts(f.Stmts, sc)
}

// parsers keeps parsers for reuse, one pool per language variant: a new
// parser costs kilobytes of buffers, and Parse resets all of its state.
var parsers = map[syntax.LangVariant]*sync.Pool{syntax.LangBash: {}, syntax.LangPOSIX: {}, syntax.LangZsh: {}}

// parse parses src; on an error it returns the error with as much of the
// tree as the parser could recover, so that `rm -rf / &&` is still judged.
func parse(src string, d Dialect) (*syntax.File, error) {
	// The trailing newline lets the parser see a heredoc as unfinished.
	src += "\n"
	v := variant(d)
	pool := parsers[v]
	p, _ := pool.Get().(*syntax.Parser)
	if p == nil {
		p = syntax.NewParser(syntax.Variant(v))
	}
	f, err := p.Parse(strings.NewReader(src), "")
	pool.Put(p)
	if err == nil {
		return f, nil
	}
	r := syntax.NewParser(syntax.Variant(variant(d)), syntax.RecoverErrors(8))
	f, _ = r.Parse(strings.NewReader(src), "")
	return f, err
}

func (a *analyzer) stmts(list []*syntax.Stmt, sc *scope) {
	for _, s := range list {
		if a.full() || a.spent() {
			return
		}
		a.stmt(s, sc)
	}
}

// full says whether the line holds more invocations than are analysed,
// and records that as a problem.
func (a *analyzer) full() bool {
	if len(a.out.Invocations) < maxInvocations {
		return false
	}
	a.limit("more than %d commands in one line", maxInvocations)
	return true
}

func (a *analyzer) pos(sc *scope, p syntax.Pos) Pos {
	if sc.pos.IsValid() {
		return sc.pos
	}
	pos := toPos(p)
	if pos.IsValid() {
		pos.Col = column(a.offs, int(p.Offset()), pos.Col)
	}
	return pos
}

func (a *analyzer) stmt(s *syntax.Stmt, sc *scope) {
	if s == nil || len(a.out.Invocations) >= maxInvocations {
		if len(a.out.Invocations) >= maxInvocations {
			a.limit("more than %d commands in one line", maxInvocations)
		}
		return
	}
	if !a.charge(costStmt) {
		return
	}
	redir, stdin, stdinDyn, stdinSrc := a.redirects(s, sc)
	var listed *piped // < <(find DIR …): paths, when the text is not known (listed.go)
	if (stdin == nil || stdinDyn) && len(s.Redirs) > 0 {
		if listed = a.redirListed(s, sc); listed != nil {
			stdin, stdinDyn = nil, true
		}
	}
	if c, ok := s.Cmd.(*syntax.CallExpr); len(redir) > 0 && (!ok || len(c.Args) == 0) {
		a.deferredWrites(s, redir, sc) // { echo reboot; } >> ~/.bashrc (deferred.go); a command's in call
	}
	a.noteOwn(s, sc)
	inner := sc
	if stdin != nil || stdinDyn {
		inner = sc.clone()
		inner.stdin, inner.stdinDyn, inner.stdinSrc, inner.stdinGlob, inner.stdinFrom = stdin, stdinDyn, stdinSrc, false, listed
	}
	switch c := s.Cmd.(type) {
	case nil:
		if len(redir) > 0 {
			a.emit(&Invocation{Effects: redir, Pos: a.pos(sc, s.Pos()), Text: a.print(s)}, sc)
		}
	case *syntax.CallExpr:
		prev := a.substIn
		a.substIn = nil
		if inner != sc {
			a.substIn = &stageOut{text: sc.stdin, dyn: sc.stdinDyn || sc.stdinGlob, src: sc.stdinSrc}
		}
		a.call(c, inner, redir, s)
		a.substIn = prev
		// Effects of assignments stay in the sequence's scope, and so do
		// the variables read <<< TEXT sets (bindings.go), and those the code
		// eval or source reads sets (. /dev/stdin <<< c=reboot; $c).
		if inner != sc && (len(c.Args) == 0 || bindsVars(c.Args[0].Lit()) || runsHere(c.Args[0].Lit())) {
			sc.vars = inner.vars
		}
	case *syntax.BinaryCmd:
		a.attachRedirs(redir, sc, s)
		switch c.Op {
		case syntax.Pipe, syntax.PipeAll:
			// a | b | c parses as (a | b) | c: walked as a list, not by
			// recursion, and no scope is cloned past the invocation limit.
			chain := pipeChain(c)
			var out stageOut
			var from *piped // what the stage before read, when known as paths or query output
			queried := false
			for i, x := range chain {
				if a.full() || a.spent() {
					break
				}
				part := sc.clone()
				if i > 0 {
					// What the stage before writes, computed stage by
					// stage (decode.go): echo X | base64 -d | sh.
					out = a.stageOutput(chain[i-1], out, sc, true)
					part.stdin, part.stdinDyn, part.stdinSrc = out.text, out.dyn, out.src
					part.stdinGlob, part.stdinFrom = false, nil
					if part.stdin == nil {
						// ls -d build-* | xargs rm -rf: the names of
						// the pattern's matches (computed.go).
						if names, ok := a.lsOutput(chain[i-1], sc); ok {
							part.stdin, part.stdinDyn, part.stdinGlob = &names, false, true
						} else {
							// find DIR | xargs rm, psql -Atc … | psql
							// (piped.go).
							part.stdinFrom = a.pipedFrom(chain, i, from, queried, sc)
							// exiqgrep -i | xargs exim -Mrm: the
							// input is what $(exiqgrep -i) is.
							if part.stdinFrom == nil {
								part.stdinFrom = &piped{}
							}
							part.stdinFrom.stage, part.stdinFrom.stageSc = chain[i-1], sc
						}
					}
				}
				from = part.stdinFrom
				q := a.queries
				a.stmt(x, part)
				queried = a.queries > q
			}
		default: // && and ||
			// a && b && c: each runs only when the ones before it
			// succeeded, so they share one state; a || b: b may or may
			// not run. After the chain, only the first is certain to have
			// run. The chain is walked as a list, not by recursion: a
			// line of 16,000 &&s is a tree as deep.
			chain, ops := logicChain(c)
			a.stmt(chain[0], sc)
			var branch *scope
			for i, x := range chain[1:] {
				if a.full() || a.spent() {
					break
				}
				if i == 0 || ops[i] != syntax.AndStmt || ops[i-1] != syntax.AndStmt {
					if branch != nil {
						a.mergeConditional(sc, branch)
					}
					branch = sc.clone()
				}
				a.stmt(x, branch)
			}
			if branch != nil {
				a.mergeConditional(sc, branch)
			}
		}
	case *syntax.Subshell:
		a.attachRedirs(redir, sc, s)
		a.stmts(c.Stmts, sc.clone())
	case *syntax.Block:
		a.attachRedirs(redir, sc, s)
		a.stmts(c.Stmts, inner)
	case *syntax.IfClause:
		a.attachRedirs(redir, sc, s)
		for ic := c; ic != nil; ic = ic.Else {
			a.stmts(ic.Cond, sc)
			branch := sc.clone()
			a.stmts(ic.Then, branch)
			a.mergeConditional(sc, branch)
		}
	case *syntax.WhileClause:
		a.attachRedirs(redir, sc, s)
		// The loop's redirections are its condition's and its body's
		// stdin: while read -r c; do $c; done <<< reboot.
		if a.whileRead(c, inner, sc) || a.whileListed(c, inner, sc) {
			break
		}
		a.stmts(c.Cond, inner)
		branch := inner.clone()
		a.stmts(c.Do, branch)
		a.mergeConditional(sc, branch)
	case *syntax.ForClause:
		a.attachRedirs(redir, sc, s)
		a.forClause(c, sc)
	case *syntax.CaseClause:
		a.attachRedirs(redir, sc, s)
		a.substs(c.Word, sc)
		for _, it := range c.Items {
			for _, p := range it.Patterns {
				a.substs(p, sc) // case x in $(cmd)) runs cmd
			}
			branch := sc.clone()
			a.stmts(it.Stmts, branch)
			a.mergeConditional(sc, branch)
		}
	case *syntax.FuncDecl:
		a.funcDecl(c, sc)
	case *syntax.TimeClause:
		a.attachRedirs(redir, sc, s)
		a.stmt(c.Stmt, inner)
	case *syntax.CoprocClause:
		a.stmt(c.Stmt, sc.clone())
	case *syntax.DeclClause:
		a.attachRedirs(redir, sc, s)
		if a.dialect == Fish {
			a.fishSet(c, sc)
			break
		}
		ref := declNameref(c)
		assoc := declFlag(c, 'A')
		for _, as := range c.Args {
			if ref && as.Name != nil && as.Value != nil && as.Array == nil && as.Index == nil {
				t, _ := a.literal(as.Value, sc)
				a.nameref(as.Name.Value, t, sc)
				continue
			}
			if assoc && as.Name != nil && as.Index == nil && a.dialect != Fish {
				sc.set(as.Name.Value, a.assocValue(as, sc)) // declare -A m=([k]=v) (computed.go)
				continue
			}
			a.assign(as, sc)
			a.declCase(c, as, sc) // declare -l c=REBOOT (bindings.go)
		}
	default:
		// Test clauses, arithmetic, let: nothing runs but substitutions.
		a.attachRedirs(redir, sc, s)
		a.substs(c, sc)
	}
}

// attachRedirs records the redirections of a compound statement as an
// invocation of their own, so that `{ …; } > /dev/sda` is still a write.
func (a *analyzer) attachRedirs(redir []Effect, sc *scope, s *syntax.Stmt) {
	if len(redir) == 0 {
		return
	}
	var b bytes.Buffer
	for i, r := range s.Redirs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a.print(r.Word))
	}
	a.emit(&Invocation{Effects: redir, Pos: a.pos(sc, s.Pos()), Text: "redirection to " + b.String()}, sc)
}

func (a *analyzer) print(n syntax.Node) string {
	// Printing walks the whole node: a word nested 10,000 $( deep, printed
	// once per level analysed, made a line cost seconds. A large node is
	// shown by the start of its source text instead.
	if from, to := int(n.Pos().Offset()), int(n.End().Offset()); to-from > maxPrint {
		if from < len(a.src) {
			s := a.src[from:min(from+maxPrint, len(a.src))]
			return strings.ToValidUTF8(strings.TrimSpace(s), "") + "…"
		}
		return "…"
	}
	if a.printer == nil {
		// Made on first use: most lines print nothing, and a printer
		// allocates a 4 KiB buffer.
		a.printer = syntax.NewPrinter(syntax.SingleLine(true))
	}
	var b bytes.Buffer
	if err := a.printer.Print(&b, n); err != nil {
		return ""
	}
	return strings.TrimSpace(b.String())
}

// pipeChain flattens a | b | c (parsed as (a | b) | c) into its parts.
func pipeChain(c *syntax.BinaryCmd) []*syntax.Stmt {
	var rev []*syntax.Stmt
	for {
		rev = append(rev, c.Y)
		x := c.X
		inner, ok := x.Cmd.(*syntax.BinaryCmd)
		if !ok || (inner.Op != syntax.Pipe && inner.Op != syntax.PipeAll) || len(x.Redirs) > 0 || x.Negated || x.Background {
			rev = append(rev, x)
			break
		}
		c = inner
	}
	slices.Reverse(rev)
	return rev
}

// logicChain flattens a && b || c (parsed as (a && b) || c) into its
// parts and the operator before each part after the first.
func logicChain(c *syntax.BinaryCmd) ([]*syntax.Stmt, []syntax.BinCmdOperator) {
	var rev []*syntax.Stmt
	var ops []syntax.BinCmdOperator
	for {
		rev = append(rev, c.Y)
		ops = append(ops, c.Op)
		x := c.X
		inner, ok := x.Cmd.(*syntax.BinaryCmd)
		if !ok || (inner.Op != syntax.AndStmt && inner.Op != syntax.OrStmt) || len(x.Redirs) > 0 || x.Negated || x.Background {
			rev = append(rev, x)
			break
		}
		c = inner
	}
	slices.Reverse(rev)
	slices.Reverse(ops)
	return rev, ops
}

// mergeConditional folds the state after a branch that may or may not have
// run back into sc: a variable the branch changed is no longer known (its
// worst case is the value it had before, empty if unset), and neither is a
// directory the branch changed to. So `if …; then D=/srv; fi; rm -rf "$D/"*`
// is judged on the path where D is still unset.
//
// Only what the branch set is looked at, not every variable of the line.
func (a *analyzer) mergeConditional(sc, branch *scope) {
	merged := sc.vars
	branch.vars.changed(sc.vars, func(k string, v varVal) {
		a.charge(costVar)
		if old, ok := sc.vars.get(k); !ok || old != v {
			merged = merged.with(k, varVal{val: old.val, list: old.list, dynamic: true})
		}
	})
	sc.vars = merged
	if branch.cwd != sc.cwd {
		sc.cwd = ""
	}
}

func (a *analyzer) forClause(c *syntax.ForClause, sc *scope) {
	wi, ok := c.Loop.(*syntax.WordIter)
	if !ok {
		a.substs(c.Loop, sc)
		a.stmts(c.Do, sc)
		return
	}
	name := wi.Name.Value
	if a.forListed(name, wi, c, sc) {
		return
	}
	items := make([]Arg, 0, len(wi.Items))
	dynamic := !wi.InPos.IsValid() // over "$@"
	for _, w := range wi.Items {
		a.substs(w, sc)
		a.charge(costArg)
		items = a.expandAppend(items, w, sc)
	}
	globs := false
	for _, it := range items {
		dynamic = dynamic || it.Dynamic
		globs = globs || it.Glob
	}
	if globs && !dynamic && a.dialect != Fish && len(items) > 0 && len(items) <= maxLoopItems {
		// for f in *.bak: each value is one match of a pattern, known
		// as the pattern (relative ones judged where the loop runs).
		if done, ok := a.fan(len(items)); ok {
			for _, it := range items {
				body := sc.clone()
				body.set(name, varVal{val: it.Value, glob: it.Glob})
				a.stmts(c.Do, body)
				a.mergeConditional(sc, body)
			}
			done()
			return
		}
	}
	dynamic = dynamic || globs
	// Each item is analysed on its own while the product of items across
	// nested loops stays small (fan): eight loops of eight items nested
	// were 16 million analyses of the innermost body. Past it, the body
	// is analysed once with the variable unknown, its worst case.
	if !dynamic && len(items) > 0 && len(items) <= maxLoopItems {
		if done, ok := a.fan(len(items)); ok {
			for _, it := range items {
				body := sc.clone()
				body.set(name, varVal{val: it.Value})
				a.stmts(c.Do, body)
				a.mergeConditional(sc, body)
			}
			done()
			return
		}
	}
	body := sc.clone()
	worst := ""
	for _, it := range items {
		if it.Glob || it.Dynamic {
			worst = it.Value
			break
		}
	}
	body.set(name, varVal{val: worst, dynamic: true})
	a.stmts(c.Do, body)
	a.mergeConditional(sc, body)
}

func (a *analyzer) funcDecl(c *syntax.FuncDecl, sc *scope) {
	names := c.Names
	if c.Name != nil {
		names = append(names, c.Name)
	}
	for _, n := range names {
		if a.isForkBomb(n.Value, c.Body) {
			a.bombs[n.Value] = true
		}
	}
	body := sc.clone()
	for _, p := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#", "argv"} {
		body.set(p, varVal{dynamic: true})
	}
	a.stmt(c.Body, body)
	for _, n := range names {
		if !a.bombs[n.Value] {
			a.defineFunc(n.Value, c.Body) // after: its own calls inside are not followed
		}
	}
}

// isForkBomb reports whether a function body calls the function itself in
// a pipeline or in the background: the shape of :(){ :|:& };:. It walks
// the body twice, not once per pipe or background statement in it, and
// not into the functions declared inside (each is looked at on its own):
// f(){ f(){ f(){ … walked every body again at every level.
func (a *analyzer) isForkBomb(name string, body *syntax.Stmt) bool {
	var calls []uint // offsets of the calls to name
	syntax.Walk(body, func(n syntax.Node) bool {
		if n == nil {
			return true
		}
		if !a.charge(costNode) {
			return false
		}
		switch n := n.(type) {
		case *syntax.FuncDecl:
			return false
		case *syntax.CallExpr:
			if len(n.Args) > 0 && n.Args[0].Lit() == name {
				calls = append(calls, n.Pos().Offset())
			}
		}
		return true
	})
	if len(calls) == 0 {
		return false
	}
	slices.Sort(calls)
	// calls reports whether a call to name lies inside the node.
	callsIn := func(n syntax.Node) bool {
		i, _ := slices.BinarySearch(calls, n.Pos().Offset())
		return i < len(calls) && calls[i] < n.End().Offset()
	}
	found := false
	syntax.Walk(body, func(n syntax.Node) bool {
		if n == nil {
			return true
		}
		if found || !a.charge(costNode) {
			return false
		}
		switch n := n.(type) {
		case *syntax.FuncDecl:
			return false
		case *syntax.Stmt:
			found = n.Background && callsIn(n)
		case *syntax.BinaryCmd:
			found = (n.Op == syntax.Pipe || n.Op == syntax.PipeAll) && callsIn(n.X) && callsIn(n.Y)
		}
		return !found
	})
	return found
}

func (a *analyzer) assign(as *syntax.Assign, sc *scope) {
	if as.Name == nil {
		return
	}
	a.charge(costVar)
	if as.Value != nil {
		a.substs(as.Value, sc)
	}
	if as.Index != nil {
		a.substs(as.Index, sc) // a[$(cmd)]=x runs cmd
	}
	if as.Array != nil {
		a.substs(as.Array, sc)
		a.deferVar(as, sc) // PROMPT_COMMAND=(…), in the scope before it is set
		sc.set(as.Name.Value, a.arrayValue(as, sc))
		return
	}
	if as.Naked || as.Index != nil {
		if as.Index != nil {
			a.deferVar(as, sc)                         // PROMPT_COMMAND[1]=…
			sc.set(as.Name.Value, a.elemValue(as, sc)) // a[0]=rm (computed.go)
		}
		return
	}
	val, dyn := "", false
	if as.Value != nil {
		val, dyn = a.literal(as.Value, sc)
	}
	n := len(val)
	if as.Append {
		old, _ := sc.get(as.Name.Value)
		if n += len(old.val); n <= maxVarBytes {
			val = old.val + val
		}
		dyn = dyn || old.dynamic
	}
	if n > maxVarBytes {
		// X=$X$X thirty times is a gigabyte: past the bound the value is
		// unknown, judged at its worst case.
		a.limit("too complex to judge here: a variable grows past %d bytes; its value is taken as unknown", maxVarBytes)
		val, dyn = "", true
	}
	a.deferVar(as, sc) // PROMPT_COMMAND=…, PS1='$(…)' (deferred.go), before it is set
	sc.set(as.Name.Value, varVal{val: val, dynamic: dyn})
}

func (a *analyzer) call(c *syntax.CallExpr, sc *scope, redir []Effect, s *syntax.Stmt) {
	for _, w := range c.Args {
		a.substs(w, sc)
	}
	a.expandAliases(c, sc)
	if len(c.Args) == 0 {
		// BELAY_ACK=id PROMPT_COMMAND=…: the acknowledgement of what the
		// assignments after it define to run later (deferred.go).
		savedAcks := sc.acks
		for _, as := range c.Assigns {
			if as.Name != nil && as.Name.Value == "BELAY_ACK" && as.Value != nil {
				v, _ := a.literal(as.Value, sc)
				sc.acks = append(sc.acks[:len(sc.acks):len(sc.acks)], ackIDs(v, a.pos(sc, as.Pos()))...)
			}
		}
		for _, as := range c.Assigns {
			a.assign(as, sc)
		}
		sc.acks = savedAcks
		if len(redir) > 0 {
			a.emit(&Invocation{Effects: redir, Pos: a.pos(sc, s.Pos()), Text: a.print(s)}, sc)
		}
		return
	}
	var acks []Ack
	for _, as := range c.Assigns {
		if as.Value != nil {
			a.substs(as.Value, sc)
		}
		if as.Name != nil && as.Name.Value == "BELAY_ACK" && as.Value != nil {
			v, _ := a.literal(as.Value, sc)
			acks = append(acks, ackIDs(v, a.pos(sc, as.Pos()))...)
		}
		if as.Name != nil && as.Value != nil && a.dialect != Fish {
			a.deferVar(as, sc) // PROMPT_COMMAND=reboot bash -i: its prompts run it
		}
	}
	argv := make([]Arg, 0, len(c.Args))
	run := a.invoke
	esc := sc
	if a.dialect == Fish && len(c.Assigns) > 0 {
		esc = a.fishPrefix(c.Assigns, sc) // fish sets them before it expands
	}
	for _, w := range c.Args {
		if !a.charge(costArg) {
			// Out of budget: the command is recorded as it is, on the
			// words so far and an unknown rest (its worst case).
			argv = append(argv, Arg{Dynamic: true, Raw: "…"})
			run = func(argv []Arg, sc *scope, redir []Effect, _ string) { a.plain(argv, sc, redir) }
			break
		}
		argv = a.expandAppend(argv, w, esc)
	}
	// The command's position is the one its invocations report, and its
	// acknowledgements are theirs; nothing below invoke changes sc itself
	// (wrappers work on copies).
	savedPos, savedAcks := sc.pos, sc.acks
	if !sc.pos.IsValid() {
		sc.pos = a.pos(sc, c.Pos())
	}
	if len(acks) > 0 {
		sc.acks = append(sc.acks[:len(sc.acks):len(sc.acks)], acks...)
	}
	a.prefixCommands(c.Assigns, esc) // PAGER='…' git log (optlines.go)
	if len(redir) > 0 {
		a.deferredWrites(s, redir, sc) // echo reboot >> ~/.bashrc, with the command's acks (deferred.go)
	}
	run(argv, sc, redir, "")
	sc.pos, sc.acks = savedPos, savedAcks
	if len(argv) > 1 && argv[0].Value == "set" && a.dialect != Fish {
		a.setArgs(argv[1:], sc)
	}
	if len(argv) > 0 && a.dialect != Fish {
		// $_ is the last word of the command before: : reboot; $_.
		last := argv[len(argv)-1]
		if len(last.Value) <= maxVarBytes {
			sc.set("_", varVal{val: last.Value, dynamic: last.Dynamic})
		}
	}
	if len(argv) > 0 && argv[0].Value == "shift" && !argv[0].Dynamic && a.dialect != Fish {
		a.shiftArgs(argv[1:], sc) // set -- x rm -rf /; shift; "$@" (computed.go)
	}
	a.bindBuiltin(argv, sc, c.Assigns)
	// cd changes the directory for the rest of the sequence.
	if len(argv) > 0 {
		switch argv[0].Value {
		case "cd", "pushd":
			sc.cwd = a.chdir(argv[1:], sc)
		case "popd":
			sc.cwd = ""
		}
	}
}

// chdir returns the directory cd would change to, or "" if unknown.
func (a *analyzer) chdir(args []Arg, sc *scope) string {
	var dir *Arg
	for i := range args {
		if args[i].Value == "--" {
			continue
		}
		if strings.HasPrefix(args[i].Value, "-") && args[i].Value != "-" {
			continue
		}
		dir = &args[i]
		break
	}
	if dir == nil {
		if h, ok := sc.get("HOME"); ok && !h.dynamic {
			return path.Clean(h.val)
		}
		return ""
	}
	if dir.Dynamic || dir.Glob || dir.Value == "-" || dir.Value == "" {
		return ""
	}
	d := ""
	switch {
	case path.IsAbs(dir.Value):
		d = path.Clean(dir.Value)
	case sc.cwd != "":
		d = path.Join(sc.cwd, dir.Value)
	}
	if len(d) > maxPathBytes {
		// cd a; cd a; … made a path, and a copy of it, per cd: a
		// directory that deep is taken as unknown.
		return ""
	}
	return d
}

// maxPathBytes is the longest working directory followed (PATH_MAX).
const maxPathBytes = 4096

// emit records an invocation found in scope sc.
func (a *analyzer) emit(inv *Invocation, sc *scope) {
	if len(a.out.Invocations) >= maxInvocations {
		a.limit("more than %d commands in one line", maxInvocations)
		return
	}
	inv.Cwd = sc.cwd
	inv.Wrappers = sc.wrappers.list()
	inv.Remote = sc.remote
	inv.Deferred = sc.deferred
	if !inv.Pos.IsValid() {
		inv.Pos = sc.pos
	}
	inv.Acks = sc.acks
	if sc.fs != nil {
		inv.Effects = sc.fs.mapEffects(inv.Effects)
	}
	sysrq(inv)
	// What the invocation holds is judged against every rule: it costs
	// by its size. It is recorded even past the budget (the work to find
	// it is done, and it may be the one that matters).
	cost := costEmit + costByte*len(inv.Text) + costJudge*len(inv.Argv) + costArg*len(inv.Wrappers)
	for _, x := range inv.Argv {
		cost += costByte * len(x.Value)
	}
	a.charge(cost)
	if a.stopped {
		// Effects made past the budget are all alike (unknown paths):
		// one of each is judged, not 60,000.
		inv.Effects = distinct(inv.Effects)
	}
	if a.carried {
		a.uncarry(inv)
	} else if !utf8.ValidString(inv.Text) {
		inv.Text = printable(inv.Text)
	}
	a.out.Invocations = append(a.out.Invocations, inv)
}

// distinct returns effs without the effects equal to one before them.
func distinct(effs []Effect) []Effect {
	seen := map[Effect]bool{}
	out := effs[:0:0]
	for _, e := range effs {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// uncarry gives an invocation its bytes back (bytes.go): its words and
// paths byte for byte as the shell would pass them, its Text quoted so
// that no byte that is not UTF-8 reaches a terminal raw.
func (a *analyzer) uncarry(inv *Invocation) {
	if inv.Argv != nil {
		// Argv may share its array with other invocations' (wrappers
		// pass on slices of it).
		argv := make([]Arg, len(inv.Argv))
		for i, x := range inv.Argv {
			x.Value, x.Raw = uncarry(x.Value), uncarry(x.Raw)
			argv[i] = x
		}
		inv.Argv = argv
		inv.Text = quoteArgv(argv)
	}
	inv.Text = printable(uncarry(inv.Text))
	inv.Name = uncarry(inv.Name)
	if inv.Operands != nil {
		ops := make([]string, len(inv.Operands))
		for i, o := range inv.Operands {
			ops[i] = uncarry(o)
		}
		inv.Operands = ops
	}
	inv.Cwd = uncarry(inv.Cwd)
	if inv.Effects != nil {
		effs := make([]Effect, len(inv.Effects))
		for i, e := range inv.Effects {
			e.Path = uncarry(e.Path)
			effs[i] = e
		}
		inv.Effects = effs
	}
	for i, w := range inv.Wrappers {
		inv.Wrappers[i] = uncarry(w)
	}
	inv.Remote = uncarry(inv.Remote)
	inv.Deferred = printable(uncarry(inv.Deferred))
	if inv.Stdin != nil {
		in := uncarry(*inv.Stdin)
		inv.Stdin = &in
	}
	if inv.Acks != nil {
		// Shared with the other invocations of the same prefix.
		acks := make([]Ack, len(inv.Acks))
		for i, k := range inv.Acks {
			k.ID = uncarry(k.ID)
			acks[i] = k
		}
		inv.Acks = acks
	}
	if inv.Sub != nil {
		sub := make([]string, len(inv.Sub))
		for i, s := range inv.Sub {
			sub[i] = uncarry(s)
		}
		inv.Sub = sub
	}
}

// substs analyses the command and process substitutions inside a node,
// each in a scope of its own.
func (a *analyzer) substs(n syntax.Node, sc *scope) {
	if n == nil {
		return
	}
	if w, ok := n.(*syntax.Word); ok && w != nil && len(w.Parts) == 1 {
		if _, ok := w.Parts[0].(*syntax.Lit); ok {
			a.charge(costNode)
			return // a plain word, the common case: nothing to walk
		}
	}
	syntax.Walk(n, func(n syntax.Node) bool {
		if n == nil {
			return true // after a node's children
		}
		if !a.charge(costNode) {
			return false
		}
		var stmts []*syntax.Stmt
		switch n := n.(type) {
		case *syntax.CmdSubst:
			stmts = n.Stmts
		case *syntax.ProcSubst:
			stmts = n.Stmts
		default:
			return true
		}
		if a.depth >= maxDepth {
			a.limit("commands nested more than %d levels deep ($(…), bash -c, eval, ssh)", maxDepth)
			return false
		}
		a.depth++
		a.stmts(stmts, sc.clone())
		a.depth--
		return false
	})
}

// redirects returns the write effects of a statement's redirections and,
// when its standard input is a literal (heredoc, here-string), that text;
// stdinSrc names where it comes from when it is code belay cannot see.
func (a *analyzer) redirects(s *syntax.Stmt, sc *scope) (effects []Effect, stdin *string, stdinDyn bool, stdinSrc string) {
	var in stageOut
	var out *scope // what >(…) reads: the statement's output
	var socks map[string]string
	for _, r := range s.Redirs {
		if ps := procSubst(r.Word); ps != nil && ps.Op == syntax.CmdOut && isStdout(r) {
			// curl … > >(sh): the commands inside read what it prints.
			if out == nil {
				o := a.stageOutput(s, stageOut{}, sc, true)
				out = sc.clone()
				out.stdin, out.stdinDyn, out.stdinSrc = o.text, o.dyn, o.src
			}
			a.substs(r.Word, out)
		} else {
			a.substs(r.Word, sc)
		}
		switch r.Op {
		case syntax.RdrOut, syntax.RdrClob, syntax.RdrAll, syntax.RdrAllClob, syntax.RdrInOut:
			for _, f := range a.expand(r.Word, sc) {
				effects = append(effects, a.effect(Write, f, sc, false))
			}
		case syntax.AppOut, syntax.AppAll:
			for _, f := range a.expand(r.Word, sc) {
				effects = append(effects, a.effect(Append, f, sc, false))
			}
		case syntax.DplOut:
			// >&2 duplicates a descriptor; >&file (bash) writes a file.
			if lit := r.Word.Lit(); lit != "" && lit != "-" && strings.Trim(lit, "0123456789") != "" {
				for _, f := range a.expand(r.Word, sc) {
					effects = append(effects, a.effect(Write, f, sc, false))
				}
			}
		case syntax.Hdoc, syntax.DashHdoc:
			if r.Hdoc != nil {
				a.substs(r.Hdoc, sc)
			}
			in = a.stdinRedirect(r, in, sc, true)
		case syntax.WordHdoc, syntax.RdrIn:
			in = a.stdinRedirect(r, in, sc, true)
		case syntax.DplIn:
			if o, ok := a.dupStdin(r, sc); ok {
				in = o // sh <&3 after exec 3<<<TEXT (ownfiles.go)
			}
		}
		socks = a.sockFds(r, socks)
	}
	if src := socks["0"]; src != "" && in.src == "" {
		// bash -i >& /dev/tcp/HOST/PORT 0>&1: what it reads is the network.
		in = stageOut{dyn: true, src: src}
	}
	return effects, in.text, in.dyn, in.src
}

// maxSockFds bounds the descriptors sockFds follows in one statement.
const maxSockFds = 16

// sockFds follows which of a statement's descriptors its redirections
// connect to bash's network paths (/dev/tcp/HOST/PORT), through
// duplications (0>&1, <&5), so that a shell reading its commands from a
// connection is known for one: socks maps a descriptor to the path.
func (a *analyzer) sockFds(r *syntax.Redirect, socks map[string]string) map[string]string {
	n := ""
	if r.N != nil {
		n = r.N.Value
	}
	set := func(fd, v string) {
		if v == "" {
			delete(socks, fd)
			return
		}
		if socks == nil {
			socks = map[string]string{}
		}
		if _, ok := socks[fd]; ok || len(socks) < maxSockFds {
			socks[fd] = v
		}
	}
	sock := ""
	if r.Word != nil && len(r.Word.Parts) > 0 && isLitSocket(r.Word.Parts[0]) {
		sock = a.print(r.Word)
	}
	def := func(d string) string {
		if n != "" {
			return n
		}
		return d
	}
	switch r.Op {
	case syntax.RdrIn, syntax.RdrInOut:
		set(def("0"), sock)
	case syntax.RdrOut, syntax.RdrClob, syntax.AppOut:
		set(def("1"), sock)
	case syntax.RdrAll, syntax.RdrAllClob, syntax.AppAll:
		set("1", sock)
		set("2", sock)
	case syntax.DplIn, syntax.DplOut:
		w := r.Word.Lit()
		if w != "" && strings.Trim(w, "0123456789") == "" {
			d := "0"
			if r.Op == syntax.DplOut {
				d = "1"
			}
			set(def(d), socks[w]) // N>&M: N is what M is
			if r.Op == syntax.DplIn && socks[w] == "" {
				if o, ok := a.own.fds[w]; ok && o.src != "" && isSocket(o.src) {
					set(def(d), o.src) // exec 5<>/dev/tcp/…; sh <&5
				}
			}
			return socks
		}
		if n == "" && r.Op == syntax.DplOut {
			set("1", sock) // >&FILE is &>FILE
			set("2", sock)
			return socks
		}
		set(def("1"), sock)
	}
	return socks
}

// isStdout reports whether a redirection sends its command's standard
// output somewhere.
func isStdout(r *syntax.Redirect) bool {
	if r.N != nil && r.N.Value != "1" {
		return false
	}
	switch r.Op {
	case syntax.RdrOut, syntax.RdrClob, syntax.AppOut, syntax.RdrAll, syntax.RdrAllClob, syntax.AppAll:
		return true
	}
	return false
}

// env is the expand.Environ the analyzer expands words with. Reading a
// variable that is unknown, or that was set from something dynamic, marks
// the word being expanded as dynamic.
type env struct {
	a       *analyzer
	sc      *scope
	dyn     *bool
	guarded map[string]bool // names read as ${NAME:?}: never empty (computed.go)
}

func (e env) Get(name string) expand.Variable {
	switch name {
	case "IFS":
		if v, ok := e.sc.get("IFS"); ok && !v.dynamic && v.list == nil {
			return expand.Variable{Set: true, Kind: expand.String, Str: v.val}
		}
		// An unknown IFS is taken as the default: the words a line
		// splits into under any other are judged as the worst case
		// of the command name anyway (computed.go).
		return expand.Variable{Set: true, Kind: expand.String, Str: " \t\n"}
	case "PWD":
		if e.sc.cwd != "" {
			return expand.Variable{Set: true, Kind: expand.String, Str: e.sc.cwd}
		}
		if _, ok := e.sc.get("PWD"); !ok {
			// expand asks for PWD before every word, to glob against
			// it: that is no sign the word uses it. Words that do are
			// marked dynamic by readsUnknownPWD.
			return expand.Variable{}
		}
	}
	if name == deepVar {
		*e.dyn = true // a part of the line nested too deep (nesting.go)
		return expand.Variable{}
	}
	if user, ok := strings.CutPrefix(name, "HOME "); ok {
		// ~user: the user's home on this machine, as expand would look it
		// up; for a user this machine does not have (the line may be for
		// another, or the user made later), the usual home rather than
		// ~user kept as a name.
		if !validUserName(user) {
			return expand.Variable{}
		}
		home := "/home/" + user
		if u, err := osuser.Lookup(user); err == nil && u.HomeDir != "" {
			home = u.HomeDir
		} else if user == "root" {
			home = "/root"
		}
		return expand.Variable{Set: true, Kind: expand.String, Str: home}
	}
	if v, ok := e.sc.get(name); ok && !(v.dynamic && e.guarded[name]) {
		if v.dynamic {
			*e.dyn = true
		}
		if v.session {
			e.a.sessRead = true
		}
		if v.list != nil && e.a.dialect != Fish {
			// A bash or zsh array, or the positional parameters.
			return expand.Variable{Set: true, Kind: expand.Indexed, List: *v.list}
		}
		if v.assoc != nil {
			return expand.Variable{Set: true, Kind: expand.Associative, Map: *v.assoc}
		}
		return expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: v.val}
	}
	if v, ok := opaqueVar(name, e.guarded); ok {
		return expand.Variable{Set: true, Kind: expand.String, Str: v}
	}
	*e.dyn = true
	return expand.Variable{}
}

// Set is how ${NAME:=WORD} and ${NAME=WORD} assign while a word expands:
// without it expand refused them, and ${X:=rm} -rf / was a word of
// unknown text. A name that was known takes the value; one that was
// unknown stays unknown (the session may have set it, and then nothing
// is assigned), while the word itself expands to WORD, marked dynamic by
// Get; later reads of it are WORD marked dynamic too (: ${C:=reboot}; $C
// is reboot, or what the session held). Arrays and attribute changes are
// not followed.
func (e env) Set(name string, vr expand.Variable) error {
	if vr.Kind != expand.String || !vr.IsSet() || e.a.dialect == Fish {
		return nil
	}
	cur, ok := e.sc.get(name)
	switch {
	case len(vr.Str) > maxVarBytes:
		e.sc.set(name, varVal{dynamic: true})
	case ok && !cur.dynamic && cur.list == nil:
		e.sc.set(name, varVal{val: vr.Str})
	case !ok:
		e.sc.set(name, varVal{val: vr.Str, dynamic: true})
	}
	return nil
}

func (e env) Each(f func(name string, vr expand.Variable) bool) {
	// ${!prefix*} lists every variable: charged per variable.
	e.a.charge(costVar * e.sc.vars.n)
	e.sc.vars.each(func(k string, v varVal) bool {
		return f(k, expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: v.val})
	})
}

// config returns an expand.Config that never runs anything: command and
// process substitutions only mark the word dynamic.
func (a *analyzer) config(sc *scope, dyn *bool) *expand.Config {
	return a.configGuarded(sc, dyn, nil)
}

// configGuarded is config with the names a word reads as ${NAME:?}.
func (a *analyzer) configGuarded(sc *scope, dyn *bool, guarded map[string]bool) *expand.Config {
	return &expand.Config{
		Env: env{a: a, sc: sc, dyn: dyn, guarded: guarded},
		CmdSubst: func(w io.Writer, cs *syntax.CmdSubst) error {
			if sc.cwd != "" && isPwd(cs) {
				// $(pwd) is the working directory, when it is known:
				// docker run -v "$(pwd)":/app mounts it.
				_, err := io.WriteString(w, sc.cwd)
				return err
			}
			// $(echo X | base64 -d): what a substitution of literal
			// text prints is computed (decode.go); mktemp's output is
			// a new name (computed.go).
			out, known := a.mktempSubst(cs, sc)
			if !known {
				out, known = a.substOutput(cs, sc)
			}
			if !known {
				*dyn = true
			}
			_, err := io.WriteString(w, out)
			return err
		},
		ProcSubst: func(*syntax.ProcSubst) (string, error) {
			*dyn = true
			return "/dev/fd/63", nil
		},
	}
}

// isPwd reports whether a command substitution is only pwd (-L or -P):
// it prints the working directory.
func isPwd(cs *syntax.CmdSubst) bool {
	if len(cs.Stmts) != 1 {
		return false
	}
	st := cs.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || st.Negated || st.Background || st.Coprocess || len(st.Redirs) > 0 || len(call.Assigns) > 0 || len(call.Args) == 0 {
		return false
	}
	for i, w := range call.Args {
		v, ok := plainLit(w)
		switch {
		case !ok:
			return false
		case i == 0 && v != "pwd" && v != "/bin/pwd" && v != "/usr/bin/pwd":
			return false
		case i > 0 && v != "-L" && v != "-P":
			return false
		}
	}
	return true
}

// validUserName reports whether s is a user name as useradd accepts it.
func validUserName(s string) bool {
	if s == "" || len(s) > 32 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.' || c == '$' && i == len(s)-1) {
			return false
		}
	}
	return true
}

// plainLit returns a word's value when it is a plain literal that expansion
// cannot change, the common case, so expand is skipped.
func plainLit(w *syntax.Word) (string, bool) {
	if len(w.Parts) != 1 {
		return "", false
	}
	l, ok := w.Parts[0].(*syntax.Lit)
	if !ok || strings.ContainsAny(l.Value, "\\~{*?[") {
		return "", false
	}
	return l.Value, true
}

// expandAppend appends the fields of w to argv.
func (a *analyzer) expandAppend(argv []Arg, w *syntax.Word, sc *scope) []Arg {
	if w == nil {
		return argv
	}
	if v, ok := plainLit(w); ok && (a.dialect != Zsh || !strings.HasSuffix(v, ")")) {
		return append(argv, Arg{Value: v})
	}
	return append(argv, a.expand(w, sc)...)
}

// expand turns one word into the fields it would become.
func (a *analyzer) expand(w *syntax.Word, sc *scope) []Arg {
	if w == nil {
		return nil
	}
	if v, ok := plainLit(w); ok && (a.dialect != Zsh || !strings.HasSuffix(v, ")")) {
		return []Arg{{Value: v}}
	}
	if out, ok := a.foundFields(w, sc); ok && a.dialect != Fish {
		return out // "$f" of find DIR | while read f (listed.go)
	}
	if a.dialect == Fish {
		// fishFields bounds each word (maxFishBytes); the budget bounds
		// them all.
		if !a.affords(costExpand) {
			a.limit("too complex to judge here: the words of the line expand to more than belay follows; the rest are taken as unknown")
			raw := a.print(w)
			return []Arg{{Value: raw, Dynamic: true, Raw: raw}}
		}
		out := a.fishFields(w, sc)
		a.charge(costExpand + costField*len(out))
		return out
	}
	if a.dialect == Zsh {
		if out, ok := a.zshWord(w, sc); ok {
			return out
		}
		if q, ok := a.zshQualified(w, sc); ok {
			return q
		}
	}
	dyn := false
	glob := hasGlob(w)
	substSrc := "" // code belay cannot see that a substitution in it printed
	var fields []string
	var err error
	var guarded map[string]bool
	sessRead := false
	if braceWords(w) > maxBraceWords {
		// expand would build thousands of words before giving up.
		err = fmt.Errorf("brace expansion makes more than %d words", maxBraceWords)
	} else if err = a.affordWord(w, sc); err == nil {
		guarded = a.guards(w, sc)
		savedRead := a.sessRead
		a.sessRead = false
		a.substSrc = ""
		fields, err = a.safeFields(a.configGuarded(sc, &dyn, guarded), w)
		substSrc = a.substSrc
		sessRead = a.sessRead
		a.sessRead = savedRead || sessRead
		if err == nil && guarded != nil && !dyn && guardClimbs(fields) {
			dyn = true // ${D:?}/.. is D's parent: whatever D is
		}
		dyn = dyn || readsUnknownPWD(w, sc)
		a.charge(costField * len(fields))
	}
	if err != nil {
		raw := a.print(w)
		return []Arg{{Value: raw, Dynamic: true, Glob: glob, Raw: raw}}
	}
	if len(fields) > 1 && slices.Contains(fields, "") && unquotedBraces(w) {
		// {,rm} -rf /: bash drops the empty word an unquoted brace
		// element makes; expand keeps it, and the command was ''.
		fields = slices.DeleteFunc(fields, func(f string) bool { return f == "" })
	}
	// Computing a substitution's output (decode.go) needs no source
	// text, and printing a word nested a thousand deep once per level
	// cost seconds.
	shown := dyn && a.dec.textOnly == 0
	if len(fields) == 0 {
		if shown {
			return []Arg{{Value: "", Dynamic: true, Raw: a.print(w)}}
		}
		if dyn {
			return []Arg{{Value: "", Dynamic: true}}
		}
		return nil
	}
	globVar := a.readsGlobVar(w, sc)
	glob = glob || globVar
	raw := ""
	if shown || (guarded != nil || globVar || sessRead && len(fields) == 1) && a.dec.textOnly == 0 {
		raw = a.print(w) // shown as written, not as "…"
	}
	if dyn && substSrc != "" && a.dec.textOnly == 0 {
		// bash -c "$(cat)" reading curl's output: where it comes
		// from, as xargs's input names it (unseen.go).
		raw = "{" + a.print(w) + inputMark + substSrc + "}"
	}
	out := make([]Arg, len(fields))
	for i, f := range fields {
		out[i] = Arg{Value: f, Dynamic: dyn, Glob: glob && strings.ContainsAny(f, "*?["), Raw: raw}
	}
	return out
}

// unquotedBraces reports whether w has a brace expansion and no quotes or
// expansions that could make an empty word of their own: its empty
// fields come from the braces alone.
func unquotedBraces(w *syntax.Word) bool {
	cp := *w // SplitBraces replaces the Parts slice
	if !syntax.SplitBraces(&cp) {
		return false
	}
	quoted := false
	syntax.Walk(w, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.SglQuoted, *syntax.DblQuoted, *syntax.ParamExp, *syntax.CmdSubst, *syntax.ArithmExp, *syntax.ProcSubst:
			quoted = true
		}
		return !quoted
	})
	return !quoted
}

// affordWord charges the expansion of w to the budget, or returns why it
// is not expanded: what it would expand to is too large to follow, and
// the word is judged as unknown, its worst case.
func (a *analyzer) affordWord(w *syntax.Word, sc *scope) error {
	return a.affordExpansion(a.wordCost(w, sc))
}

// affordExpansion charges an expansion's work, or says why it is too
// large.
func (a *analyzer) affordExpansion(e expansion) error {
	switch {
	case e.size > maxWordBytes:
		a.limit("too complex to judge here: a word expands to more than %d bytes; it is taken as unknown", maxWordBytes)
		return errTooLarge
	case !a.affords(e.work):
		a.limit("too complex to judge here: the words of the line expand to more than belay follows; the rest are taken as unknown")
		return errTooLarge
	}
	a.charge(costExpand + int(e.work))
	return nil
}

var errTooLarge = errors.New("too large to expand")

// maxBraceWords is where expand gives up on brace expansion.
const maxBraceWords = 16 << 10

// braceWords returns how many words brace expansion makes of w, or a
// number over maxBraceWords when that is more.
func braceWords(w *syntax.Word) int {
	cp := *w // SplitBraces replaces the Parts slice
	if !syntax.SplitBraces(&cp) {
		return 1
	}
	return braceParts(cp.Parts)
}

func braceParts(parts []syntax.WordPart) int {
	n := 1
	for _, p := range parts {
		b, ok := p.(*syntax.BraceExp)
		if !ok {
			continue
		}
		k := 0
		if b.Sequence {
			k = braceSeqLen(b)
		} else {
			for _, e := range b.Elems {
				k += braceParts(e.Parts)
				if k > maxBraceWords {
					break
				}
			}
		}
		n *= max(k, 1)
		if n > maxBraceWords {
			return maxBraceWords + 1
		}
	}
	return n
}

// braceSeqLen is the length of {x..y[..incr]}, or 1 when it is not one
// that expands.
func braceSeqLen(b *syntax.BraceExp) int {
	if len(b.Elems) < 2 {
		return 1
	}
	x, y := b.Elems[0].Lit(), b.Elems[1].Lit()
	from, err1 := strconv.Atoi(x)
	to, err2 := strconv.Atoi(y)
	if err1 != nil || err2 != nil {
		if len(x) != 1 || len(y) != 1 {
			return 1
		}
		from, to = int(x[0]), int(y[0])
	}
	step := 1
	if len(b.Elems) > 2 {
		if s, err := strconv.Atoi(b.Elems[2].Lit()); err == nil && s != 0 {
			step = s
		}
	}
	d := to - from
	if d < 0 {
		d = -d
	}
	if step < 0 {
		step = -step
	}
	return d/step + 1
}

// safeFields is expand.Fields with a panic turned into an error.
func (a *analyzer) safeFields(cfg *expand.Config, w *syntax.Word) (fields []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("expand: %v", r)
		}
	}()
	return expand.Fields(cfg, w)
}

// literal expands a word as an assignment value: no splitting, no globbing.
func (a *analyzer) literal(w *syntax.Word, sc *scope) (val string, dyn bool) {
	if v, ok := plainLit(w); ok {
		return v, false
	}
	if a.dialect == Fish {
		if !a.affords(costExpand) {
			a.limit("too complex to judge here: the words of the line expand to more than belay follows; the rest are taken as unknown")
			return a.print(w), true
		}
		a.charge(costExpand)
		return a.fishLiteral(w, sc)
	}
	defer func() {
		if r := recover(); r != nil {
			val, dyn = a.print(w), true
		}
	}()
	if a.affordWord(w, sc) != nil {
		return a.print(w), true
	}
	s, err := expand.Literal(a.configGuarded(sc, &dyn, a.guards(w, sc)), w)
	if err != nil {
		return a.print(w), true
	}
	return s, dyn || readsUnknownPWD(w, sc)
}

// document expands a heredoc body.
func (a *analyzer) document(w *syntax.Word, sc *scope) (val string, dyn bool) {
	defer func() {
		if r := recover(); r != nil {
			val, dyn = "", true
		}
	}()
	// A heredoc's body is not brace-expanded: {a,b} in it is text, so its
	// cost is that of its parts alone.
	if a.affordExpansion(a.partsCost(w.Parts, sc)) != nil {
		return "", true
	}
	s, err := expand.Document(a.config(sc, &dyn), w)
	if err != nil {
		return "", true
	}
	return s, dyn || readsUnknownPWD(w, sc)
}

// readsUnknownPWD reports whether a word reads $PWD while the working
// directory is not known (and PWD was not given).
func readsUnknownPWD(w *syntax.Word, sc *scope) bool {
	if sc.cwd != "" {
		return false
	}
	if _, ok := sc.get("PWD"); ok {
		return false
	}
	found := false
	syntax.Walk(w, func(n syntax.Node) bool {
		if pe, ok := n.(*syntax.ParamExp); ok && pe.Param != nil && pe.Param.Value == "PWD" {
			found = true
		}
		return !found
	})
	return found
}

// hasGlob reports whether a word holds an unquoted glob character.
func hasGlob(w *syntax.Word) bool {
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			v := p.Value
			for i := 0; i < len(v); i++ {
				switch v[i] {
				case '\\':
					i++
				case '*', '?', '[':
					return true
				}
			}
		case *syntax.ExtGlob:
			return true
		}
	}
	return false
}
