package shell

import (
	"path"
	"strings"
)

// runKind says what a wrapper's operands (after its options and skipped
// operands) are.
type runKind uint8

const (
	runArgv runKind = iota // a command and its arguments (nice CMD…, timeout DUR CMD…)
	runLine                // words joined into one shell line (eval WORDS…, watch WORDS…)
	runNone                // not a command (su USER ARGS…, at TIME): only lineOpts, argvOpts or stdin run one
	runKeys                // keys typed into a terminal, by tmux's key names (tmux send-keys 'rm -rf /' Enter): mux.go
)

// stdinKind says when a wrapper reads the commands it runs from its
// standard input.
type stdinKind uint8

const (
	stdinNever  stdinKind = iota
	stdinAlways           // at, batch: whatever the operands
	stdinIdle             // when it runs nothing else: su, sudo -s, newgrp, a shell or python3 with no script
)

// special names a Go handler for a wrapper whose logic no field says; its
// option grammar still comes from its table entry.
type special uint8

const (
	specialNone      special = iota
	specialSudo              // sudo, sudoedit: -e edits files, -i/-s hand a line to a shell, -l/-v/-k run nothing (sudo.go)
	specialShell             // sh -c LINE $0 $1…, a script on stdin, a script file
	specialSSH               // ssh HOST CMD…: runs on another host
	specialXargs             // xargs: its input becomes arguments, -I replaces
	specialFind              // find's expression: -exec, -execdir, -delete
	specialContainer         // docker run IMAGE CMD…: CMD in a container, seeing the host's paths mounted into it (container.go)
	specialCode              // code in another language or commands in option values, by the entry's code field (code.go)
	specialParallel          // GNU parallel and sem: ::: and :::: argument sources, {} replacement strings (parallel.go)
	specialTmux              // tmux: commands separated by ";", each a subcommand with its own entry (mux.go)
	specialScreen            // screen: -dm CMD, -X stuff and other window commands (mux.go)
	specialAnsible           // ansible -m MODULE -a ARGS: a module read as the command it amounts to (ansible.go)
)

// wrap says how a command runs another command. A wrapper of an existing
// kind is a table entry with these fields and no Go code.
type wrap struct {
	kind      runKind
	special   special   // a handler in Go, for logic no field says
	dialect   Dialect   // of the lines it runs (Bash when empty; bashOrFish: fish in a fish line; foreign: another language's code)
	skip      int       // operands before the inner command: timeout DURATION, chroot DIR, flock FILE
	noSkip    []string  // options with which no operand is skipped (runcon -t TYPE CMD, but runcon CONTEXT CMD)
	login     bool      // a leading "-" operand is an option, not the first operand (su -, sg - GROUP, newgrp -)
	assigns   bool      // NAME=value operands before the inner command set its environment (env, sudo)
	permute   bool      // options may follow operands (su USER -c CMD); otherwise they stop at the first operand
	stops     []string  // options with which nothing runs: command -v, ionice -p
	argvOpts  []string  // options that make the operands a command and its arguments (watch -x, runuser -u); "OPT VALUE" with that value only (gdb -ex run)
	lineOpts  []string  // options whose value is a shell line (su -c, flock -c); "OPT PREFIX" when the value starts with PREFIX
	progOpts  []string  // options whose value is the program to run, the operands its arguments (start-stop-daemon --exec)
	program   string    // the program the operands are the arguments of when no progOpts names one (capsh -- ARGS is bash ARGS)
	multi     []string  // "OPT N": options that take N words (bwrap --bind SRC DEST: 2), so that none is taken for the command
	cwdOpts   []string  // options whose value is the inner command's working directory (env -C)
	splitOpts []string  // options whose value is split into words before the operands (env -S)
	labelOpts []string  // options whose value the wrapper chain names ("doas -u www")
	remote    bool      // it runs elsewhere, not here: on the host, VM, container or pod its first operand names, unless a hostOpts option names it (ssh H, docker exec C CMD, az vm run-command invoke -n VM)
	hostOpts  []string  // options whose value names the host it runs on, remote or not (systemd-run -H HOST, az … -n VM)
	literal   []string  // runKeys: options that make every operand text, not a key name (tmux send-keys -l)
	hex       []string  // runKeys: options that make every operand a byte in hex (tmux send-keys -H)
	script    bool      // its first operand is a script it reads: standard input, <(…) and sockets are judged, a file is not read (source FILE, python3 FILE)
	fileOpts  []string  // options whose value is a file of code it runs later (at -f FILE): judged as script is, and a file belay cannot read is code it cannot see
	stdin     stdinKind // when it reads commands from its standard input
	code      *codeSpec // specialCode: the code it reads and where from
	current   bool      // it runs the code in the caller's shell: the variables it sets stay set (eval, source)
}

// bashOrFish is the dialect of a wrapper that reads the language of the
// line it is in when that is fish, and bash otherwise: fish's eval reads
// fish.
const bashOrFish Dialect = "bash or fish"

// lineDialect is the dialect of the lines w runs.
func (a *analyzer) lineDialect(w *wrap) Dialect {
	if w.dialect != bashOrFish {
		return w.dialect
	}
	if a.dialect == Fish || a.dialect == Zsh {
		return a.dialect // zsh's eval and source read zsh
	}
	return Bash
}

// wrapped sees through a command that runs another command, by its table
// entry. It returns false when nothing runs through it, so that the
// command is recorded as itself.
func (a *analyzer) wrapped(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	switch c.run.special {
	case specialSudo:
		return a.wrapSudo(c, argv, sc, redir)
	case specialShell:
		return a.wrapShell(c, argv, sc, redir)
	case specialSSH:
		return a.wrapSSH(c, argv, sc, redir)
	case specialXargs:
		return a.wrapXargs(c, argv, sc, redir)
	case specialFind:
		return a.wrapFind(c, argv, sc, redir)
	case specialContainer:
		return a.wrapContainer(c, argv, path.Base(argv[0].Value), argv[1:], sc, redir)
	case specialCode:
		return a.wrapCode(c, argv, sc, redir)
	case specialParallel:
		return a.wrapParallel(c, argv, sc, redir)
	case specialTmux:
		return a.wrapTmux(c, argv, sc, redir)
	case specialScreen:
		return a.wrapScreen(c, argv, sc, redir)
	case specialAnsible:
		return a.wrapAnsible(c, argv, sc, redir)
	}
	return a.wrapGeneric(c, argv, sc, redir)
}

// wrappedBy sees through a command that runs another, or through its
// subcommand that does (ip netns exec NAME CMD…).
func (a *analyzer) wrappedBy(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	if c.run != nil {
		if len(c.subs) > 0 && c.run.special == specialNone && len(argv) > 1 && !argv[1].Dynamic {
			// A subcommand of its own that runs nothing else (microk8s
			// reset): the command is recorded as itself.
			if s := c.subcommand(argv[1].Value); s != nil && s.run == nil {
				return false
			}
		}
		return a.wrapped(c, argv, sc, redir)
	}
	if len(c.subs) == 0 {
		return false
	}
	node, label, rest := subWrapper(c, argv[1:])
	switch {
	case node == nil:
		return false
	case node.run.special == specialContainer:
		// docker run is recorded as itself too, with the options before
		// its image: it needs the whole argv.
		return a.wrapContainer(node, argv, label, rest, sc, redir)
	}
	if !a.charge(costCopy * len(rest)) {
		return true // out of budget, with a Problem: the copy below is of the whole rest
	}
	return a.wrapped(node, append([]Arg{{Value: label}}, rest...), sc, redir)
}

// subWrapper finds the subcommand of c that runs another command: the
// options before it read by the grammar of each level. It returns the
// subcommand, its path as the wrapper chain names it, and the arguments
// after it; nil when the subcommand path leads to none.
func subWrapper(c *command, args []Arg) (*command, string, []Arg) {
	r := newArgReader(c, args)
	node, label := c, c.name
	for {
		if _, ok := r.next(); ok {
			continue
		}
		if r.done || r.i >= len(args) || args[r.i].Dynamic {
			return nil, "", nil
		}
		s := node.subcommand(args[r.i].Value)
		if s == nil {
			return nil, "", nil
		}
		node, label = s, label+" "+args[r.i].Value
		r.path = append(r.path, s)
		r.i++
		if node.run != nil {
			return node, label, args[r.i:]
		}
	}
}

// wrapperArgs is a wrapper's arguments read by its grammar.
type wrapperArgs struct {
	opts     []option
	operands []Arg // what follows the options: the inner command, unless kind says otherwise
}

// readWrapper reads a wrapper's options: up to its first operand, or, for
// one that permutes, all of them until an argvOpts option makes the rest
// a command.
func readWrapper(c *command, args []Arg) wrapperArgs {
	r := newArgReader(c, args)
	var w wrapperArgs
	for r.i < len(args) || r.k > 0 {
		if o, ok := r.next(); ok {
			w.opts = append(w.opts, o)
			if n := multiWords(c.run.multi, o.name); n > 1 && o.hasValue && r.k == 0 {
				r.i = min(r.i+n-1, len(args))
			}
			continue
		}
		if r.i >= len(args) || r.done || !c.run.permute || hasOptSpec(w.opts, c.run.argvOpts) {
			break
		}
		w.operands = append(w.operands, args[r.i])
		r.i++
	}
	rest := args[min(r.i, len(args)):]
	if w.operands == nil {
		// The usual case, and no copy: a chain of wrappers costs each level
		// the words it reads, not the whole rest of the line.
		w.operands = rest
	} else {
		w.operands = append(w.operands, rest...)
	}
	return w
}

// multiWords returns how many words the option name takes by a "OPT N"
// entry of multi; 1 for an option not listed.
func multiWords(multi []string, name string) int {
	for _, m := range multi {
		if opt, n, _ := strings.Cut(m, " "); opt == name && len(n) == 1 && n[0] > '1' && n[0] <= '9' {
			return int(n[0] - '0')
		}
	}
	return 1
}

// hasOptSpec is hasOpt for entries that may name a value: "OPT VALUE" is
// the option with exactly that value.
func hasOptSpec(opts []option, specs []string) bool {
	for _, o := range opts {
		for _, spec := range specs {
			name, val, withVal := strings.Cut(spec, " ")
			if o.name == name && (!withVal || o.hasValue && o.value == val) {
				return true
			}
		}
	}
	return false
}

func hasOpt(opts []option, names []string) bool {
	for _, o := range opts {
		for _, n := range names {
			if o.name == n {
				return true
			}
		}
	}
	return false
}

// optArg returns the value of the last of the options present as an
// argument: dynamic, and shown as written, when it is.
func optArg(opts []option, names []string) (Arg, bool) {
	for j := len(opts) - 1; j >= 0; j-- {
		for _, n := range names {
			if opts[j].name == n && opts[j].hasValue {
				return Arg{Value: opts[j].value, Dynamic: opts[j].valDyn, Raw: opts[j].valRaw}, true
			}
		}
	}
	return Arg{}, false
}

// optValue returns the value of the last of the options present.
func optValue(opts []option, names []string) (string, bool) {
	for j := len(opts) - 1; j >= 0; j-- {
		for _, n := range names {
			if opts[j].name == n && opts[j].hasValue {
				return opts[j].value, true
			}
		}
	}
	return "", false
}

// wrapGeneric runs what a wrapper described by its fields runs.
func (a *analyzer) wrapGeneric(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	w := c.run
	name := path.Base(argv[0].Value)
	wa := readWrapper(c, argv[1:])
	if w.permute && !a.charge(costField*len(wa.operands)) {
		// Reading options among the operands reads every word to the
		// end of the line, at each level of a chain of such wrappers
		// (mosh h mosh h …): charged, so that the chain is bounded.
		return false
	}
	if hasOpt(wa.opts, w.stops) {
		return false
	}
	if f, ok := optArg(wa.opts, w.fileOpts); ok {
		// at -f FILE: the job is FILE's text, read when the job is
		// queued. The file as it is on the host, standard input, <(…)
		// and a file the line wrote are judged; a file that cannot be
		// read here is code belay cannot see.
		in := withLine(sc, name)
		if text, ok := a.hostFile(f, sc); ok {
			a.line(text, a.lineDialect(w), in, false)
		} else if !a.readFile(argv, f, a.lineDialect(w), sc, in) {
			src := f.Value
			if f.Dynamic && f.Raw != "" {
				src = f.Raw
			}
			if src == "" {
				src = "a file named when it runs"
			}
			a.unseenCode(argv, src, sc)
		}
		a.redirection(redir, sc)
		return true
	}
	ops := wa.operands
	if w.login && len(ops) > 0 && ops[0].Value == "-" && !ops[0].Dynamic {
		ops = ops[1:]
	}
	if line, label, ok := lineOption(w, wa.opts, ops); ok {
		in := within(sc, name+" "+label)
		if w.remote || hasOpt(wa.opts, w.hostOpts) {
			runsOn(in, remoteHost(w, wa))
		}
		a.readCode(argv, []Arg{line}, a.lineDialect(w), sc, in)
		a.redirection(redir, sc)
		return true
	}
	host := ""
	if hasOpt(wa.opts, w.hostOpts) {
		host = remoteHost(w, wa)
	}
	if skip := w.skip; skip > 0 && !hasOpt(wa.opts, w.noSkip) {
		if len(ops) <= skip {
			return false // nothing runs through it: record the command itself
		}
		if w.remote && host == "" {
			host = hostName(ops[0])
		}
		ops = ops[skip:]
		if w.remote && len(ops) > 0 && ops[0].Value == "--" && !ops[0].Dynamic {
			ops = ops[1:] // mosh HOST -- CMD…
		}
	} else if w.remote && host == "" && len(w.noSkip) > 0 {
		host = "the latest container" // podman exec -l CMD…
	} else if w.remote && host == "" {
		host = "every host it targets" // salt TARGET cmd.run, pdsh -a, clush -a
	}

	label := name
	for _, o := range w.labelOpts {
		if v, ok := optValue(wa.opts, []string{o}); ok {
			label += " " + o + " " + v
		}
	}
	kind := w.kind
	if hasOptSpec(wa.opts, w.argvOpts) {
		kind = runArgv
	}
	if v, ok := optValue(wa.opts, w.progOpts); ok {
		if !a.charge(costField * len(ops)) {
			return false // a copy of the rest of the line at each level: bounded
		}
		ops, kind = append([]Arg{{Value: v}}, ops...), runArgv
	} else if w.program != "" && len(ops) > 0 {
		if !a.charge(costField * len(ops)) {
			return false
		}
		ops, kind = append([]Arg{{Value: w.program}}, ops...), runArgv
	}
	// A command run as an argv keeps the wrapper's standard input; a line
	// or a script read from stdin starts without it.
	in := withLine(sc, label)
	if kind == runArgv {
		in = within(sc, label)
	}
	if host != "" {
		runsOn(in, host)
	}
	if v, ok := optValue(wa.opts, w.cwdOpts); ok {
		in.cwd = a.chdir([]Arg{{Value: v}}, in)
	}
	if w.assigns {
		ops = a.assignments(ops, in)
	}
	if v, ok := optValue(wa.opts, w.splitOpts); ok {
		var split []Arg
		for _, f := range strings.Fields(v) {
			split = append(split, Arg{Value: f})
		}
		ops = append(split, ops...)
	}
	switch {
	case kind == runArgv && len(ops) > 0:
		a.invoke(ops, in, redir, "")
	case kind == runLine && len(ops) > 0:
		a.readCode(argv, ops, a.lineDialect(w), sc, in)
		a.redirection(redir, sc)
		if w.current && host == "" {
			sc.vars = in.vars // eval "a=(rm -rf /)"; "${a[@]}"
		}
	case kind == runKeys && len(ops) > 0:
		a.typeKeys(argv, w, wa.opts, ops, sc, in)
		a.redirection(redir, sc)
	case w.script && len(ops) > 0 && kind != runArgv:
		if !a.readFile(argv, ops[0], a.lineDialect(w), sc, in) {
			return false
		}
	case w.stdin == stdinAlways || w.stdin == stdinIdle && (kind == runNone || len(ops) == 0):
		if !a.readScript(argv, a.lineDialect(w), sc, in) {
			return false
		}
	default:
		return false
	}
	if w.current && host == "" && kind != runLine {
		sc.vars = in.vars // source <(echo c=reboot); $c
	}
	return true
}

// remoteHost names the host a remote wrapper runs on: its hostOpts
// option, else its first operand without a user@, else "?" (a host not
// known).
func remoteHost(w *wrap, wa wrapperArgs) string {
	if v, ok := optValue(wa.opts, w.hostOpts); ok && v != "" {
		return v
	}
	if len(wa.operands) > 0 && wa.operands[0].Value != "" {
		return hostName(wa.operands[0])
	}
	return "?"
}

// hostName is the host an operand names: ssh's user@host without the
// user; "?" when the operand says none.
func hostName(x Arg) string {
	if h := x.Value[strings.LastIndexByte(x.Value, '@')+1:]; h != "" {
		return h
	}
	return "?"
}

// runsOn makes in the scope of a line run on host: its directory and
// variables are not ours.
func runsOn(in *scope, host string) {
	in.remote = host
	in.cwd = ""
	in.clearVars()
}

// lineOption finds the shell line a wrapper runs from an option's value
// (su -c LINE, flock -c LINE). flock FILE -c LINE writes the option after
// the lock file, so an option word there is read too. It returns the line
// and the option as the wrapper chain names it.
func lineOption(w *wrap, opts []option, ops []Arg) (line Arg, label string, ok bool) {
	if len(w.lineOpts) == 0 {
		return Arg{}, "", false
	}
	label, _, _ = strings.Cut(w.lineOpts[0], " ")
	for j := len(opts) - 1; j >= 0; j-- {
		if v, ok := lineValue(w.lineOpts, opts[j].name, opts[j].value, opts[j].hasValue); ok {
			return Arg{Value: v, Dynamic: opts[j].valDyn, Raw: opts[j].valRaw}, label, true
		}
	}
	if w.skip > 0 && len(ops) > w.skip+1 && !ops[w.skip].Dynamic {
		x := ops[w.skip+1]
		name := ops[w.skip].Value
		if len(name) > 2 && name[0] == '-' && name[1] != '-' {
			name = "-" + name[len(name)-1:] // script FILE -qc LINE: the bundle's last letter
		}
		if v, ok := lineValue(w.lineOpts, name, x.Value, true); ok {
			return Arg{Value: v, Dynamic: x.Dynamic, Raw: x.Raw}, label, true
		}
	}
	return Arg{}, "", false
}

// lineValue says whether option name with value val carries a shell line
// by one of the entries of lineOpts ("-c", or "-o ProxyCommand=" for a
// value that starts with a prefix, compared without regard to case).
func lineValue(lineOpts []string, name, val string, hasVal bool) (string, bool) {
	if !hasVal {
		return "", false
	}
	for _, l := range lineOpts {
		opt, prefix, _ := strings.Cut(l, " ")
		if opt != name {
			continue
		}
		if len(val) >= len(prefix) && strings.EqualFold(val[:len(prefix)], prefix) {
			return val[len(prefix):], true
		}
	}
	return "", false
}

// assignments skips the NAME=value words before a wrapper's command (as
// env reads them: any word with "=" but at its start), adding the acknowledgements among them to the inner scope.
func (a *analyzer) assignments(ops []Arg, in *scope) []Arg {
	for len(ops) > 0 && !ops[0].Dynamic && strings.Contains(ops[0].Value, "=") && !strings.HasPrefix(ops[0].Value, "=") {
		if k, v, _ := strings.Cut(ops[0].Value, "="); k == "BELAY_ACK" {
			in.acks = append(in.acks[:len(in.acks):len(in.acks)], ackIDs(v, in.pos)...)
		} else {
			a.envCommand(k, v, false, in)         // env PAGER='…' git log (optlines.go)
			a.deferVals(k, []Arg{{Value: v}}, in) // env PROMPT_COMMAND=… bash (deferred.go)
		}
		ops = ops[1:]
	}
	return ops
}

// ackIDs reads the rule ids of a BELAY_ACK value: separated by commas or
// spaces.
func ackIDs(v string, pos Pos) []Ack {
	var out []Ack
	for _, id := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, Ack{ID: id, Pos: pos})
	}
	return out
}

// redirection records a wrapper's redirections as an invocation of their
// own, when what it runs is a line that does not carry them.
func (a *analyzer) redirection(redir []Effect, sc *scope) {
	if len(redir) > 0 {
		a.emit(&Invocation{Effects: redir, Text: "redirection"}, sc)
	}
}

func joinArgs(args []Arg) string {
	parts := make([]string, len(args))
	for i, x := range args {
		parts[i] = x.Value
	}
	return strings.Join(parts, " ")
}
