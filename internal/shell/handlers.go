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
	first, c, s, _, _ = shellArgs(find("bash"), toArgs(args))
	return first, c, s
}

func toArgs(words []string) []Arg {
	args := make([]Arg, len(words))
	for i, w := range words {
		args[i] = Arg{Value: w}
	}
	return args
}

// shellArgs reads a shell's options by its table entry. A shell whose -c
// takes a value (fish -c LINE) returns the line itself.
func shellArgs(c *command, args []Arg) (first int, hasC, hasS bool, line string, lineOK bool) {
	r := newArgReader(c, args)
	for {
		o, ok := r.next()
		if !ok {
			break
		}
		switch o.name {
		case "-c", "--command":
			hasC = true
			if o.hasValue {
				line, lineOK = o.value, true
			}
		case "-s":
			hasS = true
		}
	}
	if !r.done && r.i < len(args) && args[r.i].Value == "-" {
		r.i++ // "-" ends the options too
	}
	return min(r.i, len(args)), hasC, hasS, line, lineOK
}

// wrapShell sees through sh -c STRING, and through a literal piped into a
// shell that reads its commands from standard input.
func (a *analyzer) wrapShell(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	name := path.Base(argv[0].Value)
	d := c.run.dialect
	if d == Fish {
		return a.wrapFish(c, argv, sc, redir) // -C, several -c, -n: fish's own
	}
	i, hasC, readStdin, line, lineOK := shellArgs(c, args)
	if hasC {
		if !lineOK {
			if i >= len(args) {
				return true
			}
			line = args[i].Value
		}
		a.line(line, d, withLine(sc, name+" -c"), false)
		a.redirection(redir, sc)
		return true
	}
	if i < len(args) && !readStdin {
		return false // a script file: record the command itself
	}
	if sc.stdin != nil {
		a.line(*sc.stdin, d, withLine(sc, name+" <<<"), false)
		a.redirection(redir, sc)
		return true
	}
	return false
}

// wrapSSH sees the command ssh runs on another host, and the local
// commands its options run (-o ProxyCommand=…).
func (a *analyzer) wrapSSH(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	wa := readWrapper(c, argv[1:])
	if line, label, ok := lineOption(c.run, wa.opts, nil); ok {
		a.line(line, POSIX, withLine(sc, "ssh "+label), false)
	}
	a.redirection(redir, sc) // the output lands here, not on the host
	if len(wa.operands) == 0 {
		return true
	}
	host := wa.operands[0].Value
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	rest := wa.operands[1:]
	if len(rest) == 0 {
		return true // an interactive login
	}
	in := withLine(sc, "ssh "+host)
	in.remote = host
	in.cwd = ""
	// The remote shell's variables are not ours.
	in.clearVars()
	a.line(joinArgs(rest), Bash, in, false)
	return true
}

// wrapXargs runs its command with arguments read from standard input:
// known when a literal is piped in, dynamic otherwise.
func (a *analyzer) wrapXargs(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	wa := readWrapper(c, argv[1:])
	repl, fromFile := "", false
	for _, o := range wa.opts {
		switch o.name {
		case "-I", "--replace", "-i":
			repl = o.value
			if repl == "" {
				repl = "{}"
			}
		case "-a", "--arg-file":
			fromFile = true
		}
	}
	rest := slices.Clip(wa.operands) // appending to it copies
	if len(rest) == 0 {
		rest = []Arg{{Value: "echo"}}
	}
	unknown := []Arg{{Value: "", Dynamic: true, Raw: "{xargs input}"}}
	var input []Arg
	if sc.stdin != nil && !sc.stdinDyn && !fromFile {
		for _, f := range strings.Fields(*sc.stdin) {
			input = append(input, Arg{Value: f})
		}
	} else {
		input = unknown
	}
	in := within(sc, "xargs")
	in.stdin, in.stdinDyn = nil, true
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
		for k, r := range rest {
			cmd[k] = r
			if strings.Contains(r.Value, repl) {
				cmd[k] = Arg{Value: strings.ReplaceAll(r.Value, repl, x.Value), Dynamic: x.Dynamic || r.Dynamic, Raw: x.Raw}
			}
		}
		a.invoke(cmd, in, redir, "")
	}
	return true
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
			if !f.narrowed && !s.Dynamic {
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
