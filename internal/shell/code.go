package shell

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/inline"
)

// Code carried by a line in another language, or commands carried in the
// values of options. An interpreter's inline code (python3 -c CODE, perl
// -e, an awk program, a script on standard input), SQL given to a
// database client, a command in tar --to-command=CMD: internal/inline
// reads the code with a tokenizer of its language, and each thing it
// finds becomes an invocation judged like any other (codeFindings):
//
//   - a shell line: analysed like sh -c LINE, through every wrapper;
//   - an argv: an invocation of that program;
//   - an effect on a path: an invocation named by the call
//     (shutil.rmtree) with the same effect rm or mv has;
//   - power, kill, fork bomb: reboot, kill -9 TARGET, the fork-bomb effect;
//   - code it cannot read: the Unseen effect, which a rule confirms;
//   - a statement that drops or empties data: an invocation of the
//     pseudo-command sql, redis or mongo (dbclient.go).
//
// The command itself is recorded too, with its own effects. Every
// invocation made from code carries an Origin: where in the code it was
// found. Code not in the line (python3 script.py, psql -f file.sql, mysql
// < dump.sql, python3 -m module) is not read.

// codeReader is what a codeSpec reads.
type codeReader uint8

const (
	codeInterp codeReader = iota // an interpreter: code in lang from options, an operand or stdin
	codeSQL                      // a database client reading SQL (dbclient.go)
	codeRedis                    // redis-cli: a command in its operands or on stdin
	codeMongo                    // mongo, mongosh: JavaScript in --eval or on stdin
	codeLines                    // a command that runs the commands given in its option values (optlines.go)
	codeGit                      // git: -c settings that hold commands, its aliases, ext:: URLs
	codeVim                      // vim, ex and kin: Ex commands in -c, +CMD, --cmd (vimex.go)
	codeSed                      // sed: its e command, s///e and w (sedscript.go)
	codeMake                     // make: a makefile on stdin or in --eval (makefile.go)
	codeLess                     // less: +!CMD, an initial command that runs CMD (optlines.go)
	codeEd                       // ed: a script on stdin (edscript.go)
)

// codeSpec says what code a command reads and where from. The option
// names in its lists are in the command's grammar (a test checks).
type codeSpec struct {
	kind     codeReader
	lang     inline.Lang // codeInterp: the language of the code
	codeOpts []string    // options whose value is code, read in order (perl -e -e, psql -c -c)
	ends     []string    // options after which no option is read (python -c and -m end python's)
	fileOpts []string    // options whose value is a script or module belay does not read (awk -f, python -m, psql -f): with one, no operand is code and stdin is data, unless the value is "-"
	flagOpts []string    // options with which the first operand is the code (node -p CODE)
	first    bool        // the first operand (after skip) is code when no option gave it (awk PROGRAM); for a database client, every operand after skip is (sqlite3 DB SQL…)
	skip     int         // operands before the code (sqlite3 DB)
	stdin    bool        // with no code and no script operand, or "-" for one, the code is on standard input
	permute  bool        // options may follow operands (mysql shop -e SQL)
	noRun    []string    // options with which no code runs (python -V, ruby -c)
	inPlace  []string    // options that make the operands after the code files it edits in place (perl -i, sed -i)
	codeSubs []string    // subcommands whose first operand is the code (deno eval)
	readSubs []string    // subcommands that read the code on stdin when their operand is "-" (deno run -)
	dbOpts   []string    // a database client's options that name the database
	hostOpts []string    // …and the host
	dbFirst  bool        // the first operand names the database (mysql shop, psql shop, mongosh host/shop)
	lineOpts []string    // options whose value is a shell line; "OPT PREFIX" for a value that starts with PREFIX (tar --checkpoint-action=exec=)
	progOpts []string    // options whose value is a program it runs without a shell (scp -S PROG)
	remote   []string    // options whose line runs on the host an operand names (rsync --rsync-path)
}

// codeArgs is a command's arguments read by its grammar, with the value
// of each option as a word (dynamic when the word it came from is).
type codeArgs struct {
	opts     []option
	vals     []Arg
	operands []Arg
	dashes   bool // "--" ended the options
}

// readCodeArgs reads a command's options up to its first operand (or all
// of them, for one that permutes), stopping after an option of ends.
func readCodeArgs(c *command, s *codeSpec, args []Arg) codeArgs {
	r := newArgReader(c, args)
	var ca codeArgs
	for r.i < len(args) || r.k > 0 {
		if o, ok := r.next(); ok {
			ca.opts = append(ca.opts, o)
			ca.vals = append(ca.vals, optionWord(args, o, r.i))
			if r.k == 0 && slicesHas(s.ends, o.name) {
				break
			}
			continue
		}
		if r.i >= len(args) || !s.permute {
			break
		}
		ca.operands = append(ca.operands, args[r.i])
		r.i++
	}
	if !s.permute || r.done {
		ca.operands = append(ca.operands, args[min(r.i, len(args)):]...)
	}
	ca.dashes = r.done
	return ca
}

// optionWord is the value of option o as a word: the next word when the
// reader took it from there (it stands at o.word+2), else the part of
// o's own word after the option, dynamic when that word is.
func optionWord(args []Arg, o option, next int) Arg {
	if !o.hasValue {
		return Arg{}
	}
	if next == o.word+2 && o.word+1 < len(args) {
		return args[o.word+1]
	}
	w := args[o.word]
	v := Arg{Value: o.value, Dynamic: w.Dynamic}
	if w.Dynamic {
		v.Raw = w.Raw
	}
	return v
}

func slicesHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// firstOpt returns the index of the first option of ca named in names, or -1.
func (ca *codeArgs) firstOpt(names []string) int {
	for i, o := range ca.opts {
		if slicesHas(names, o.name) {
			return i
		}
	}
	return -1
}

// wrapCode reads the code a command carries, by its entry's code field.
// It returns false when the command carries none, so that it is recorded
// as itself.
func (a *analyzer) wrapCode(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	s := c.run.code
	ca := readCodeArgs(c, s, argv[1:])
	if ca.firstOpt(s.noRun) >= 0 {
		return false
	}
	switch s.kind {
	case codeInterp:
		return a.interp(c, s, argv, &ca, sc, redir)
	case codeSQL, codeRedis, codeMongo:
		return a.dbClient(c, s, argv, &ca, sc, redir)
	case codeGit:
		return a.gitCommands(c, argv, &ca, sc, redir)
	case codeVim:
		return a.vimCommands(s, argv, &ca, sc, redir)
	case codeSed:
		return a.sedScript(s, argv, &ca, sc, redir)
	case codeLess:
		return a.lessCommands(argv, &ca, sc, redir)
	case codeMake:
		return a.makeScript(s, argv, &ca, sc, redir)
	case codeEd:
		return a.edScript(argv, &ca, sc, redir)
	}
	return a.optionLines(s, argv, &ca, sc, redir)
}

// codeText is some code and how the line gives it.
type codeText struct {
	text  string
	dyn   bool   // part of it could not be resolved: every word found in it is taken as unknown
	label string // how the wrapper chain names where it came from: "python3 -c", "awk", "perl <<<"
	src   string // the word it came from as written ("$CODE"), when that is known
}

// interp reads an interpreter's code: from its options (python3 -c, perl
// -e -e), its first operand (awk PROGRAM, node -p CODE), a subcommand's
// (deno eval CODE), or its standard input when it has no script (python3
// <<< CODE, echo CODE | perl, lua -). A script file or a module is not
// read; the interpreter is then what the table's other fields say.
func (a *analyzer) interp(c *command, s *codeSpec, argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	name := path.Base(argv[0].Value)
	var parts []Arg
	label := ""
	for i, o := range ca.opts {
		if slicesHas(s.codeOpts, o.name) && o.hasValue {
			parts = append(parts, ca.vals[i])
			if label == "" {
				label = name + " " + o.name
			}
		}
	}
	ops := ca.operands
	fromStdin := false
	file := ca.firstOpt(s.fileOpts)
	switch {
	case len(parts) > 0:
	case len(s.codeSubs) > 0 || len(s.readSubs) > 0:
		p := parseArgs(c, argv[1:])
		if len(p.sub) != 1 {
			break
		}
		own := p.own()
		switch {
		case slicesHas(s.codeSubs, p.sub[0]) && len(own) > 0:
			parts = []Arg{argv[p.opIdx[p.first]]}
			label = name + " " + p.sub[0]
		case slicesHas(s.readSubs, p.sub[0]) && len(own) > 0 && own[0] == "-":
			fromStdin = true
		}
		ops = nil
	case file >= 0:
		if v := ca.vals[file]; !v.Dynamic && (v.Value == "-" || v.Value == "/dev/stdin") {
			fromStdin = true
		}
	case ca.firstOpt(s.flagOpts) >= 0 && len(ops) > 0:
		parts, ops = ops[:1], ops[1:]
		label = name + " " + ca.opts[ca.firstOpt(s.flagOpts)].name
	case s.first && len(ops) > 0:
		parts, ops = ops[:1], ops[1:]
		label = name
	case s.stdin && (len(ops) == 0 || ops[0].Value == "-" && !ops[0].Dynamic):
		fromStdin = true
	}
	var code codeText
	switch {
	case len(parts) > 0:
		code.label = label
		for i, p := range parts {
			if i > 0 {
				code.text += "\n"
			}
			code.text += p.Value
			code.dyn = code.dyn || p.Dynamic
			if p.Dynamic && code.src == "" {
				code.src = p.Raw
			}
		}
	case fromStdin && sc.stdin != nil:
		code = codeText{text: *sc.stdin, dyn: sc.stdinDyn, label: name + " <<<"}
	default:
		return a.wrapGeneric(c, argv, sc, redir)
	}
	inv := a.plain(argv, sc, redir)
	if len(parts) > 0 && ca.firstOpt(s.inPlace) >= 0 {
		for _, f := range ops {
			inv.Effects = append(inv.Effects, a.effect(Edit, f, sc, false))
		}
		a.inPlaceCode(s.lang, code, argv, inv, sc)
	}
	if code.computed() {
		a.unseen(inv, code.source(), nil)
		return true
	}
	if !a.chargeCode(len(code.text)) {
		return true
	}
	a.codeFindings(inline.Analyze(s.lang, code.text), code, inv, sc)
	return true
}

// inPlaceCode judges what code that edits files in place (perl -i -pe
// CODE FILE…) writes into those of inv's files whose code runs later
// (deferred.go): the text of its strings and substitutions' replacements
// (inline.Written), as lines added to the file. perl -i -pe
// 's/^/rm -rf ~\n/' ~/.bashrc puts rm -rf ~ in every new bash.
func (a *analyzer) inPlaceCode(lang inline.Lang, code codeText, argv []Arg, inv *Invocation, sc *scope) {
	var files []Effect
	for _, e := range inv.Effects {
		if _, ok := codeFile(e.Path); ok && e.Kind == Edit {
			files = append(files, e)
		}
	}
	if len(files) == 0 || !a.chargeCode(len(code.text)) {
		return
	}
	dyn := code.dyn
	var b strings.Builder
	for _, w := range inline.Written(lang, code.text) {
		dyn = dyn || w.Dynamic
		if strings.TrimSpace(w.Value) != "" {
			b.WriteString(w.Value)
			b.WriteByte('\n')
		}
	}
	text := b.String()
	out := stageOut{text: &text, dyn: dyn}
	if code.computed() {
		out = stageOut{src: code.source()}
	}
	for _, e := range files {
		fc, _ := codeFile(e.Path)
		e.Kind = Append
		a.fileCode(argv, "", e, fc, out, sc)
	}
}

// computed reports whether the code is known only when it runs, all of
// it (python3 -c "$CODE", mysql -e "$(…)"): nothing in it can be read,
// so it is judged as code belay cannot see.
func (c codeText) computed() bool { return c.dyn && strings.TrimSpace(c.text) == "" }

// source names where computed code comes from: the word as written, or
// what reads it.
func (c codeText) source() string {
	switch {
	case c.src != "":
		return c.src + " (" + c.label + ")"
	case strings.HasSuffix(c.label, " <<<"):
		return "its standard input"
	}
	return "what " + c.label + " is given when it runs"
}

// chargeCode counts code read by internal/inline against what one
// analysis may read of nested text (bash -c, eval, ssh), so that code
// nested in code nested in code stays bounded. It returns false, with a
// Problem, when that is spent.
func (a *analyzer) chargeCode(n int) bool {
	if a.nested += n; a.nested > maxNestedBytes {
		a.problem("more than %d bytes of nested command lines and code (bash -c, eval, ssh, python3 -c)", maxNestedBytes)
		return false
	}
	return true
}

// unknownVar is the variable a line found in code reads where the code
// computes part of it at run time (os.system("rm -rf " + d)): unset, so
// the line is judged at its worst case, as `rm -rf "$X"` would be.
// Invocations made from such a line show that part as "…".
const unknownVar = "__belay_computed"

const unknownRef = "${" + unknownVar + "}"

// shDialect is the dialect of the lines code hands to /bin/sh (os.system,
// system(), a recipe, a pager): bash on some systems, so read as bash,
// the wider of the two (a fork bomb named ":" is bash's).
const shDialect = Bash

// codeFindings turns what inline found in some code into invocations,
// each with its Origin. host is the invocation of the command that reads
// the code: what belay cannot read in it is an Unseen effect of its own.
func (a *analyzer) codeFindings(fs []inline.Finding, code codeText, host *Invocation, sc *scope) {
	var lines []int // offsets of the code's newlines, for positions
	for _, f := range fs {
		if a.full() {
			return
		}
		label := code.label
		if f.Call != "" {
			label += ": " + f.Call
		}
		if lines == nil {
			lines = newlines(code.text)
		}
		o := origin(code.label, f.Call, f.Pos, lines)
		mark := len(a.out.Invocations)
		switch f.Kind {
		case inline.ShellLine:
			t := f.Text
			t.Dynamic = t.Dynamic || code.dyn
			a.codeLine(t, shDialect, sc, label, host, o)
		case inline.Argv:
			args := words(f.Argv, code.dyn)
			if len(args) == 0 || args[0].Dynamic && args[0].Value == "" {
				a.unseen(host, "a program "+code.label+" names at run time ("+f.Call+")", o)
				break
			}
			in := withLine(sc, label)
			a.invoke(args, in, nil, "")
		case inline.Effect:
			a.codeEffect(f, code.dyn, sc, label)
		case inline.Power:
			a.invoke([]Arg{{Value: "reboot"}}, withLine(sc, label), nil, "")
		case inline.Kill:
			target := words([]inline.Word{f.Target}, code.dyn)
			a.invoke(append([]Arg{{Value: "kill"}, {Value: "-9"}}, target...), withLine(sc, label), nil, "")
		case inline.ForkBomb:
			a.emit(&Invocation{Argv: []Arg{{Value: f.Call}}, Name: f.Call, Text: f.Call + "() in an endless loop",
				Effects: []Effect{{Kind: ForkBomb}}}, withLine(sc, label))
		case inline.Dynamic:
			if f.Stopped() {
				// Not code computed at run time: what follows was not
				// read, a limit of belay's (which no override lowers).
				a.limit("too complex to judge here: %s in %s; what follows is not judged", f.Call, code.label)
			}
			a.unseen(host, unseenWhat(f.Call, code.label), o)
		}
		a.originate(mark, o)
	}
}

// codeLine analyses a shell line found in code, like sh -c LINE. A line
// computed in part is judged with that part unknown; a line computed
// whole is code belay cannot see, an effect of host (nil: not judged).
func (a *analyzer) codeLine(t inline.Word, d Dialect, sc *scope, label string, host *Invocation, o *Origin) {
	if t.Dynamic && strings.TrimSpace(t.Value) == "" {
		if host != nil {
			a.unseen(host, "a command "+o.In+" computes at run time ("+o.Call+")", o)
		}
		return
	}
	src := t.Value
	if t.Dynamic {
		src += unknownRef
	}
	a.lineWithUnknown(src, d, withLine(sc, label))
}

// lineWithUnknown analyses src, a line in which unknownRef stands for
// what is only known when it runs.
func (a *analyzer) lineWithUnknown(src string, d Dialect, in *scope) {
	dyn := strings.Contains(src, unknownRef)
	if dyn {
		in.set(unknownVar, varVal{dynamic: true})
	}
	mark := len(a.out.Invocations)
	a.line(src, d, in, false)
	if !dyn {
		return
	}
	for _, inv := range a.out.Invocations[mark:] {
		inv.Text = strings.ReplaceAll(inv.Text, unknownRef, "…")
		for i := range inv.Argv {
			inv.Argv[i].Raw = strings.ReplaceAll(inv.Argv[i].Raw, unknownRef, "…")
		}
	}
}

// unseen records code belay cannot read, as an effect of the invocation
// that runs it; explain shows where it is in the code (o).
func (a *analyzer) unseen(host *Invocation, what string, o *Origin) {
	if o != nil && o.Line > 0 {
		what += " (at " + itoa(o.Line) + ":" + itoa(o.Col) + ")"
	}
	host.Effects = append(host.Effects, Effect{Kind: Unseen, Path: what, Dynamic: true})
}

// unseenWhat names code a reader could not read: "eval(…) in node -e",
// or the reader's own words ("code too long to read in python3 -c").
func unseenWhat(call, in string) string {
	if call == "" {
		return "code in " + in
	}
	if strings.ContainsAny(call, " …") {
		return call + " in " + in
	}
	return call + "(…) in " + in
}

// words turns words found in code into arguments; dyn marks them all
// unknown (the code itself was computed in part).
func words(ws []inline.Word, dyn bool) []Arg {
	out := make([]Arg, len(ws))
	for i, w := range ws {
		out[i] = Arg{Value: w.Value, Glob: w.Glob}
		if w.Dynamic || dyn {
			out[i].Dynamic = true
			out[i].Raw = w.Value + "…"
		}
	}
	return out
}

// codeEffect records what a call in code does to a path, named by the
// call, with the effect the same operation has as a command.
func (a *analyzer) codeEffect(f inline.Finding, dyn bool, sc *scope, label string) {
	p := words([]inline.Word{f.Path}, dyn)[0]
	inv := &Invocation{Argv: []Arg{{Value: f.Call}, p}, Name: f.Call}
	in := withLine(sc, label)
	switch f.Effect {
	case "delete":
		inv.Effects = []Effect{a.effect(Delete, p, in, f.Recurse)}
	case "chmod":
		inv.Effects = []Effect{a.effect(Chmod, p, in, f.Recurse)}
	case "chown":
		inv.Effects = []Effect{a.effect(Chown, p, in, f.Recurse)}
	case "rename":
		d := words([]inline.Word{f.Dest}, dyn)[0]
		inv.Argv = append(inv.Argv, d)
		inv.Effects = []Effect{a.effect(Rename, p, in, false), a.effect(Write, d, in, true)}
	default: // write, and any kind a reader adds later: its worst
		inv.Effects = []Effect{a.effect(Write, p, in, f.Recurse)}
	}
	shown := make([]string, len(inv.Argv)-1)
	for i, x := range inv.Argv[1:] {
		shown[i] = quoteArgv([]Arg{x})
	}
	inv.Text = f.Call + "(" + strings.Join(shown, ", ") + ")"
	a.emit(inv, in)
}

// originate gives every invocation made since mark that has no origin of
// its own (code in code keeps the innermost) the origin o.
func (a *analyzer) originate(mark int, o *Origin) {
	for _, inv := range a.out.Invocations[mark:] {
		if inv.Origin == nil {
			inv.Origin = o
		}
	}
}

// newlines returns the offsets of the newlines in s.
func newlines(s string) []int {
	out := []int{}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, i)
		}
	}
	return out
}

// origin is where a finding is in code whose newlines are at lines; off
// < 0 for code given as words.
func origin(in, call string, off int, lines []int) *Origin {
	o := &Origin{In: in, Call: call, Offset: off}
	if off < 0 {
		return o
	}
	n := sort.SearchInts(lines, off) // newlines before off
	o.Line = n + 1
	o.Col = off + 1
	if n > 0 {
		o.Col = off - lines[n-1]
	}
	return o
}

func itoa(n int) string { return strconv.Itoa(n) }
