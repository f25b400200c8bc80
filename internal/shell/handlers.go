package shell

import (
	"path"
	"slices"
	"strings"
)

// The wrappers whose logic no table field says. Each reads its options by
// the grammar of its table entry (commands_wrappers.go).

// ShellArgs reads a shell's arguments as bash does: options up to the
// first operand, -o, -O, --rcfile and --init-file taking a value. It
// returns the index of the first operand (with -c, the command line) and
// whether -c and -s were given. belay shell uses it too, so the two agree.
func ShellArgs(args []string) (first int, c, s bool) {
	sa := shellArgs(find("bash"), toArgs(args))
	return sa.first, sa.c, sa.s
}

func toArgs(words []string) []Arg {
	args := make([]Arg, len(words))
	for i, w := range words {
		args[i] = Arg{Value: w}
	}
	return args
}

// shellOpts is a shell's arguments read by its table entry.
type shellOpts struct {
	first   int  // index of the first operand: the line of -c, or the script
	c, s, n bool // -c, -s (read the script from stdin), -n (read it, run nothing)
	line    Arg  // the line, for a shell whose -c takes a value (fish -c LINE)
	lineOK  bool
}

// shellArgs reads a shell's options by its table entry.
func shellArgs(c *command, args []Arg) shellOpts {
	var sa shellOpts
	r := newArgReader(c, args)
	for {
		o, ok := r.next()
		if !ok {
			break
		}
		switch o.name {
		case "-c", "--command":
			sa.c = true
			if o.hasValue {
				sa.line, sa.lineOK = Arg{Value: o.value, Dynamic: o.valDyn, Raw: o.valRaw}, true
			}
		case "-s":
			sa.s = true
		case "-n", "--no-execute":
			sa.n = true
		}
	}
	if !r.done && r.i < len(args) && args[r.i].Value == "-" {
		r.i++ // "-" ends the options too
	}
	sa.first = min(r.i, len(args))
	return sa
}

// wrapShell sees through sh -c STRING, a script a shell reads from
// standard input, and one it reads from <(…): the code when it is known,
// where it comes from when belay cannot see it. A script file is not
// read.
func (a *analyzer) wrapShell(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	name := path.Base(argv[0].Value)
	d := c.run.dialect
	if d == Fish {
		return a.wrapFish(c, argv, sc, redir) // -C, several -c, -n: fish's own
	}
	sa := shellArgs(c, args)
	if sa.n {
		return false // -n: the script is read, not run
	}
	if sa.c {
		line, i := sa.line, sa.first
		if !sa.lineOK {
			if sa.first >= len(args) {
				return true
			}
			line = args[sa.first]
			i++
		}
		in := within(sc, name+" -c")
		// sh -c LINE NAME ARGS…: NAME is $0, ARGS are $1…, "$@".
		var dollar0 *Arg
		var pos []Arg
		if i < len(args) {
			dollar0, pos = &args[i], args[i+1:]
		}
		a.setPositional(in, dollar0, pos)
		// The line's commands keep the shell's standard input.
		a.readCode(argv, []Arg{line}, d, sc, in)
		a.redirection(redir, sc)
		return true
	}
	in := withLine(sc, name+" <<<")
	if sa.first < len(args) && !sa.s {
		if !a.readFile(argv, args[sa.first], d, sc, in) {
			return false // a script file: record the command itself
		}
	} else if !a.readScript(argv, d, sc, in) {
		return false
	}
	a.redirection(redir, sc)
	return true
}

// wrapSSH sees the command ssh runs on another host (ssh reads options
// again after the host, unless "--" came before it), a script it hands
// the remote shell on standard input, and the local commands its options
// run (-o ProxyCommand=…).
func (a *analyzer) wrapSSH(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	wa := readWrapper(c, args)
	opts, ops := wa.opts, wa.operands
	if len(ops) > 0 {
		at := len(args) - len(ops)
		if at == 0 || args[at-1].Value != "--" {
			more := readWrapper(c, ops[1:])
			opts = append(opts, more.opts...)
			ops = append([]Arg{ops[0]}, more.operands...)
		}
	}
	if line, label, ok := lineOption(c.run, opts, nil); ok {
		a.readCode(argv, []Arg{line}, POSIX, sc, withLine(sc, "ssh "+label))
	}
	a.redirection(redir, sc) // the output lands here, not on the host
	if len(ops) == 0 || hasOpt(opts, c.run.stops) {
		return true
	}
	host := ops[0].Value
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	rest := ops[1:]
	there := sc.clone()
	there.remote = host
	in := withLine(there, "ssh "+host)
	if len(rest) > 0 {
		// The remote command reads ssh's standard input: curl … | ssh
		// h sh.
		in = within(there, "ssh "+host)
	}
	in.cwd = ""
	// The remote shell's variables are not ours.
	in.clearVars()
	if len(rest) == 0 {
		// An interactive login, or a script on standard input.
		a.readScript(argv, Bash, there, in)
		return true
	}
	a.readCode(argv, rest, Bash, there, in)
	return true
}

// wrapXargs runs its command with arguments read from standard input:
// known when a literal is piped in, dynamic otherwise. Words are read as
// xargs reads them (blanks, quotes and backslashes; NULs with -0, a
// delimiter with -d); -I (--replace, -i) reads whole lines and runs the
// command once for each, replacing the string in its arguments; BSD's -J
// puts all of them where the string is.
func (a *analyzer) wrapXargs(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	wa := readWrapper(c, argv[1:])
	repl, jrepl, delim, eof := "", "", "", ""
	fromFile, byDelim := false, false
	for _, o := range wa.opts {
		switch o.name {
		case "-I", "--replace", "-i":
			repl = o.value
			if repl == "" {
				repl = "{}"
			}
		case "-J":
			jrepl = o.value
		case "-a", "--arg-file":
			fromFile = !isStdinPath(o.value) // -a /dev/stdin is its input
		case "-0", "--null":
			delim, byDelim = "\x00", true
		case "-d", "--delimiter":
			delim, byDelim = xargsDelim(o.value), true
		case "-E", "-e", "--eof":
			eof = o.value
		}
	}
	rest := slices.Clip(wa.operands) // appending to it copies
	if len(rest) == 0 {
		rest = []Arg{{Value: "echo"}}
	}
	unknown := []Arg{{Value: "", Dynamic: true, Raw: "{xargs input}"}}
	if sc.stdin == nil && sc.stdinFrom != nil && sc.stdinFrom.stage != nil && !fromFile && len(sc.stdinFrom.paths) == 0 {
		unknown[0].Source = a.sourceOf(sc.stdinFrom)
	}
	var input []Arg
	switch {
	case sc.stdin != nil && !sc.stdinDyn && !fromFile:
		items, more := xargsItems(*sc.stdin, repl != "", byDelim, delim, eof)
		if !a.charge(costCopy * len(items)) {
			return true
		}
		for _, f := range items {
			input = append(input, Arg{Value: f, Glob: sc.stdinGlob && strings.ContainsAny(f, "*?[")})
		}
		if more {
			// Past the bound, the rest is unknown: the worst case.
			input = append(input, unknown[0])
		}
	case sc.stdin == nil && sc.stdinFrom != nil && len(sc.stdinFrom.paths) > 0 && !fromFile:
		// find DIR | xargs rm: paths under DIR (piped.go).
		if !a.charge(costCopy * len(sc.stdinFrom.paths)) {
			return true
		}
		input = slices.Clone(sc.stdinFrom.paths)
	case sc.stdinSrc != "" && !fromFile:
		// Code belay cannot see, for xargs sh -c to name (unseen.go).
		input = []Arg{{Value: "", Dynamic: true, Raw: "{xargs" + inputMark + sc.stdinSrc + "}"}}
	default:
		input = unknown
	}
	in := within(sc, "xargs")
	in.stdin, in.stdinDyn, in.stdinSrc, in.stdinFrom = nil, true, "", nil
	if jrepl != "" {
		// BSD's -J: all the input where the string stands, once.
		for k, r := range rest {
			if r.Value == jrepl && k > 0 {
				if !a.charge(costCopy * (len(rest) + len(input))) {
					return true
				}
				cmd := append(append(append([]Arg(nil), rest[:k]...), input...), rest[k+1:]...)
				a.invoke(cmd, in, redir, "")
				return true
			}
		}
	}
	if repl == "" {
		if last := len(rest) - 1; len(input) == 1 && input[0] == unknown[0] && rest[last] == unknown[0] {
			// xargs xargs …: one unknown input stands for any number of
			// them; adding another at each level copied the line each time.
			a.invoke(rest, in, redir, "")
			return true
		}
		if !a.charge(costCopy * (len(rest) + len(input))) {
			return true
		}
		a.invoke(append(rest, input...), in, redir, "")
		return true
	}
	// One command per input item while the budget allows (fan); past it,
	// one with the input unknown.
	done, ok := a.fan(len(input))
	if !ok {
		input, done = unknown, func() {}
	}
	defer done()
	for _, x := range input {
		if !a.charge(costCopy * len(rest)) {
			break
		}
		cmd := make([]Arg, len(rest))
		job := in
		for k, r := range rest {
			cmd[k] = r
			listed := x.Tree || x.Filtered || x.Glob
			switch {
			case r.Value == repl && listed:
				// -I{} rm -rf {}: the listed path as it is (piped.go).
				cmd[k] = x
			case lsNames(x) && !r.Dynamic && path.Clean(strings.TrimSuffix(r.Value, repl)) == path.Clean(globDir(x.Value)) &&
				strings.HasSuffix(r.Value, "/"+repl):
				// ls DIR | xargs -I{} rm -rf DIR/{}: DIR's entries.
				cmd[k] = x
			case listed && isListed(x) && strings.Contains(r.Value, repl) && shellScriptAt(rest, k) && !r.Dynamic:
				// -I{} sh -c 'rm -rf {}': the script with a variable
				// holding the listed path where {} is (listed.go). A
				// script that names the variable itself could set it:
				// code belay does not follow.
				cmd[k] = Arg{Value: substListed(r.Value, repl)}
				if strings.Contains(r.Value, listedVar) {
					cmd[k] = Arg{Dynamic: true, Raw: "{xargs" + inputMark + "a script that sets " + listedVar + "}"}
				}
				if job == in {
					job = in.clone()
				}
				job.set(listedVar, listedVal([]Arg{x}))
			case listed && strings.Contains(r.Value, repl):
				// /srv/{}: some path there, as with input unknown.
				cmd[k] = Arg{Value: strings.ReplaceAll(r.Value, repl, ""), Dynamic: true, Raw: x.Raw}
			case strings.Contains(r.Value, repl):
				cmd[k] = Arg{Value: strings.ReplaceAll(r.Value, repl, x.Value), Dynamic: x.Dynamic || r.Dynamic, Raw: x.Raw}
			}
		}
		a.invoke(cmd, job, redir, "")
	}
	return true
}

// maxXargsItems is how many items of known input xargs is judged with
// (with -I, one command each); past it the rest is one unknown item.
const maxXargsItems = 256

// xargsItems splits xargs's input into its items, at most maxXargsItems
// of them; more says there were more.
func xargsItems(text string, lines, byDelim bool, delim, eof string) (items []string, more bool) {
	switch {
	case byDelim:
		items = strings.Split(text, delim)
		if n := len(items); n > 0 && items[n-1] == "" {
			items = items[:n-1]
		}
	case lines:
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimLeft(l, " \t"); l != "" {
				items = append(items, l)
			}
		}
	default:
		items = xargsWords(text)
	}
	if eof != "" && !byDelim {
		for i, it := range items {
			if it == eof {
				items = items[:i]
				break
			}
		}
	}
	if len(items) > maxXargsItems {
		return items[:maxXargsItems], true
	}
	return items, false
}

// xargsWords reads words as xargs does without -0 or -d: separated by
// blanks and newlines, with single and double quotes and backslashes.
func xargsWords(s string) []string {
	var words []string
	var b strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
			in = true
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				words = append(words, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, b.String())
	}
	return words
}

// xargsDelim reads the delimiter of xargs -d: a character or an escape.
func xargsDelim(v string) string {
	switch v {
	case `\n`:
		return "\n"
	case `\t`:
		return "\t"
	case `\0`:
		return "\x00"
	case `\\`:
		return `\`
	}
	if len(v) == 0 {
		return "\n"
	}
	return v[:1]
}

// findExpr is what find's expression does.
type findExpr struct {
	starts   []Arg
	narrowed bool // a test picks files by name or age, so -delete or -exec does not reach all below the start
	del      bool
	execs    []findExec
}

type findExec struct {
	cmd    []Arg
	subdir bool // -execdir, -okdir: run in the file's directory
}

// readFind reads find's start points and expression, by the primaries its
// table entry lists.
func readFind(c *command, args []Arg) findExpr {
	var f findExpr
	inverts := false
	r := newArgReader(c, args)
	for {
		o, ok := r.next()
		if !ok {
			break
		}
		if o.bad != fine {
			// Not one of find's options (-H, -L, -P, -D x, -O3): the
			// expression has begun (-name, -print).
			r.i, r.k = o.word, 0
			break
		}
	}
	i := min(r.i, len(args))
	for i < len(args) {
		v := args[i].Value
		if (strings.HasPrefix(v, "-") && !args[i].Dynamic) || v == "(" || v == "!" {
			break
		}
		f.starts = append(f.starts, args[i])
		i++
	}
	if len(f.starts) == 0 {
		f.starts = []Arg{{Value: "."}}
	}
	for ; i < len(args); i++ {
		v := args[i].Value
		switch {
		case v == "-delete":
			f.del = true
		case v == "-o" || v == "-or" || v == "!" || v == "-not":
			inverts = true
		case v == "-exec" || v == "-execdir" || v == "-ok" || v == "-okdir":
			j := i + 1
			for j < len(args) && args[j].Value != ";" && args[j].Value != "+" {
				j++
			}
			f.execs = append(f.execs, findExec{cmd: args[i+1 : j], subdir: strings.HasSuffix(v, "dir")})
			i = j
		case strings.HasPrefix(v, "-newer"):
			f.narrowed = true
			i++
		case (v == "-type" || v == "-xtype") && i+1 < len(args):
			// Links, sockets, pipes, devices: not the files and
			// directories that make a tree.
			f.narrowed = f.narrowed || !strings.ContainsAny(args[i+1].Value, "fd")
			i++
		case strings.HasPrefix(v, "-"):
			if k, ok := primaryArg(c, v[1:]); ok {
				f.narrowed = f.narrowed || slices.Contains(findNarrowing, v)
				if k == argRequired {
					i++
				}
			}
		}
	}
	// With -o or a negation, what the tests pick may be everything
	// else, the start included (find / -name x -prune -o -exec rm -rf
	// {} +): no narrowing holds.
	f.narrowed = f.narrowed && !inverts
	return f
}

// primaryArg looks a find primary up in find's long grammar.
func primaryArg(c *command, name string) (k argKind, found bool) {
	longFields(c.long, func(n string, kind argKind) bool {
		if n == name {
			k, found = kind, true
		}
		return !found
	})
	return k, found
}

// wrapFind records find with its deletions and runs what -exec runs. With
// no test that picks files (by name, age, owner…), -delete and the
// commands -exec runs on {} reach the whole tree at each start, the start
// included; with one, only what it picks, anywhere below: a Filtered
// effect, judged by its start directory.
func (a *analyzer) wrapFind(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	f := readFind(c, argv[1:])
	inv := &Invocation{Argv: argv, Name: "find", Text: quoteArgv(argv)}
	for _, s := range f.starts {
		inv.Operands = append(inv.Operands, s.Value)
		if f.del {
			inv.Effects = append(inv.Effects, a.effect(Delete, foundArg(s, f.narrowed), sc, true))
		}
	}
	inv.Effects = append(inv.Effects, redir...)
	inv.Effects = append(inv.Effects, a.findWrites(argv[1:], sc)...) // -fprint FILE (optlines.go)
	a.emit(inv, sc)
	for _, g := range f.execs {
		if len(g.cmd) == 0 {
			continue
		}
		// One command per start point while the budget allows (fan);
		// past it, one with the found file unknown.
		starts := f.starts
		done, ok := a.fan(len(starts))
		if !ok {
			starts, done = []Arg{{Value: "", Dynamic: true}}, func() {}
		}
		for _, s := range starts {
			if !a.charge(costCopy * len(g.cmd)) {
				break
			}
			if !s.Dynamic && !strings.HasPrefix(s.Value, "/") && sc.cwd != "" {
				s.Value = path.Join(sc.cwd, s.Value) // -execdir runs elsewhere
			}
			found := foundArg(s, f.narrowed)
			// {} inside a longer word ({}.bak, --file={}): some path
			// below the start, or nothing known.
			part := Arg{Value: "", Dynamic: true}
			if !s.Dynamic {
				// Picked by tests or not, a path below the start:
				// of={} under /dev is a device.
				part = Arg{Value: path.Join(s.Value, "*"), Dynamic: true, Glob: true}
			}
			cmd := make([]Arg, len(g.cmd))
			for k, x := range g.cmd {
				switch {
				case x.Value == "{}":
					cmd[k] = found
				case strings.Contains(x.Value, "{}"):
					cmd[k] = Arg{Value: strings.ReplaceAll(x.Value, "{}", part.Value), Dynamic: true, Glob: part.Glob, Raw: x.Value}
				default:
					cmd[k] = x
				}
			}
			in := within(sc, "find -exec")
			if g.subdir {
				in.cwd = ""
			}
			a.invoke(cmd, in, nil, "")
		}
		done()
	}
	return true
}

// foundArg is what find's {} stands for at start s: the whole tree, or
// the entries its tests pick below it.
func foundArg(s Arg, narrowed bool) Arg {
	s.Raw = "{}"
	s.Tree, s.Filtered = !narrowed, narrowed
	return s
}
