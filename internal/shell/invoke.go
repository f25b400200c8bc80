package shell

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// wrapper sees through a command that runs another command. It returns
// false when argv turned out not to wrap anything it understands, so the
// command is recorded as itself.
type wrapper func(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool

var wrappers map[string]wrapper

func init() {
	wrappers = map[string]wrapper{
		"sudo":        wrapSudo,
		"sudoedit":    wrapSudo,
		"doas":        wrapDoas,
		"su":          wrapSu,
		"runuser":     wrapSu,
		"env":         wrapEnv,
		"nice":        wrapOpts("n", []string{"--adjustment"}, 0),
		"ionice":      wrapIonice,
		"nohup":       wrapOpts("", nil, 0),
		"timeout":     wrapOpts("sk", []string{"--signal", "--kill-after"}, 1),
		"time":        wrapOpts("fo", []string{"--format", "--output"}, 0),
		"command":     wrapCommand,
		"builtin":     wrapOpts("", nil, 0),
		"exec":        wrapOpts("a", nil, 0),
		"stdbuf":      wrapOpts("ioe", []string{"--input", "--output", "--error"}, 0),
		"setsid":      wrapOpts("", nil, 0),
		"chroot":      wrapOpts("", []string{"--userspec", "--groups"}, 1),
		"pkexec":      wrapOpts("", []string{"--user"}, 0),
		"busybox":     wrapOpts("", nil, 0),
		"unbuffer":    wrapOpts("", nil, 0),
		"taskset":     wrapTaskset,
		"chrt":        wrapTaskset,
		"systemd-run": wrapOpts("upEMHs", []string{"--unit", "--property", "--setenv", "--description", "--slice", "--machine", "--host", "--uid", "--gid", "--working-directory", "--on-active", "--on-boot", "--on-startup", "--on-unit-active", "--on-unit-inactive", "--on-calendar", "--timer-property", "--path-property", "--socket-property", "--nice", "--service-type"}, 0),
		"watch":       wrapWatch,
		"flock":       wrapFlock,
		"xargs":       wrapXargs,
		"find":        wrapFind,
		"sh":          wrapShell(POSIX),
		"dash":        wrapShell(POSIX),
		"ash":         wrapShell(POSIX),
		"ksh":         wrapShell(POSIX),
		"mksh":        wrapShell(POSIX),
		"bash":        wrapShell(Bash),
		"zsh":         wrapShell(Zsh),
		"fish":        wrapShell(Fish),
		"eval":        wrapEval,
		"at":          wrapAt,
		"batch":       wrapAt,
		"ssh":         wrapSSH,
		// fish's words that run the command after them.
		"and":   wrapOpts("", nil, 0),
		"or":    wrapOpts("", nil, 0),
		"not":   wrapOpts("", nil, 0),
		"begin": wrapOpts("", nil, 0),
	}
}

// invoke records the command argv would run, seeing through wrappers.
func (a *analyzer) invoke(argv []Arg, sc *scope, redir []Effect, _ string) {
	if len(argv) == 0 {
		if len(redir) > 0 {
			a.emit(&Invocation{Effects: redir, Text: "redirection"}, sc)
		}
		return
	}
	name := path.Base(argv[0].Value)
	// /etc/init.d/ssh is a script, not the ssh client: only commands found
	// by name or in a bin directory are wrappers.
	if dir := path.Dir(argv[0].Value); !argv[0].Dynamic && (!strings.Contains(argv[0].Value, "/") || strings.HasSuffix(dir, "bin")) {
		if w, ok := wrappers[name]; ok && w(a, argv, sc, redir) {
			return
		}
	}
	a.plain(argv, sc, redir)
}

// plain records argv as a command of its own, with its effects.
func (a *analyzer) plain(argv []Arg, sc *scope, redir []Effect) *Invocation {
	name := path.Base(argv[0].Value)
	if argv[0].Value == "" {
		name = ""
	}
	c := lookup(name)
	p := splitArgs(c, argv[1:])
	inv := &Invocation{Argv: argv, Name: name, Operands: p.operands, Text: quoteArgv(argv), Stdin: sc.stdin}
	inv.Effects = append(a.effects(c, name, argv, &p, sc), redir...)
	if a.bombs[name] {
		inv.Effects = append(inv.Effects, Effect{Kind: ForkBomb})
	}
	if inv.PowersOff() {
		inv.Effects = append(inv.Effects, Effect{Kind: Power})
	}
	a.emit(inv, sc)
	return inv
}

// within returns a copy of sc for a command run through the wrapper label.
func within(sc *scope, label string) *scope {
	in := sc.clone()
	in.wrappers = append(in.wrappers, label)
	in.stdin, in.stdinDyn = sc.stdin, sc.stdinDyn
	return in
}

// quoteArgv prints an argv as a shell line, quoting what needs it, so that
// no control character in a command reaches a terminal raw.
func quoteArgv(argv []Arg) string {
	parts := make([]string, len(argv))
	for i, x := range argv {
		if x.Raw != "" {
			parts[i] = Quote(x.Raw)
			if !strings.ContainsAny(x.Raw, "\x00\x1b\r\n\t\a\b\f\v\x7f") {
				parts[i] = x.Raw
			}
			continue
		}
		parts[i] = Quote(x.Value)
		if x.Glob && !strings.ContainsAny(x.Value, " '\"\\$`\x00\x1b\r\n\t") {
			parts[i] = x.Value
		}
	}
	return strings.Join(parts, " ")
}

// Quote returns s quoted for a bash command line when it needs quoting;
// control characters are written as $'\x..' escapes.
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	if plainWord(s) {
		return s
	}
	q, err := syntax.Quote(s, syntax.LangBash)
	if err != nil {
		// syntax.Quote refuses NUL bytes; print them escaped.
		return "$'" + strings.ReplaceAll(strings.ReplaceAll(s, "\\", "\\\\"), "\x00", "\\x00") + "'"
	}
	return q
}

// optSpec describes a wrapper's own options.
type optSpec struct {
	short string   // short options taking a value
	long  []string // long options taking a value
}

// scanOpts walks a wrapper's options and returns the index of the first
// operand. visit sees every option with its value, if any.
func scanOpts(args []Arg, spec optSpec, visit func(opt, val string)) int {
	i := 0
	for i < len(args) {
		s := args[i].Value
		if s == "--" {
			return i + 1
		}
		if len(s) < 2 || s[0] != '-' || args[i].Dynamic {
			return i
		}
		if strings.HasPrefix(s, "--") {
			name, val, has := strings.Cut(s, "=")
			if !has && contains(spec.long, name) && i+1 < len(args) {
				i++
				val = args[i].Value
			}
			if visit != nil {
				visit(name, val)
			}
			i++
			continue
		}
		for k := 1; k < len(s); k++ {
			if strings.IndexByte(spec.short, s[k]) >= 0 {
				val := s[k+1:]
				if val == "" && i+1 < len(args) {
					i++
					val = args[i].Value
				}
				if visit != nil {
					visit("-"+s[k:k+1], val)
				}
				break
			}
			if visit != nil {
				visit("-"+s[k:k+1], "")
			}
		}
		i++
	}
	return i
}

// wrapOpts builds a wrapper that skips its options and skip more operands
// (timeout's DURATION, chroot's NEWROOT), then runs the rest.
func wrapOpts(short string, long []string, skip int) wrapper {
	return func(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
		args := argv[1:]
		i := scanOpts(args, optSpec{short, long}, nil)
		// nice -10 cmd: a numeric option.
		for i < len(args) && strings.HasPrefix(args[i].Value, "-") && strings.Trim(args[i].Value[1:], "0123456789") == "" && len(args[i].Value) > 1 {
			i++
		}
		i += skip
		if i >= len(args) {
			return false // nothing runs through it: record the command itself
		}
		a.invoke(args[i:], within(sc, path.Base(argv[0].Value)), redir, "")
		return true
	}
}

func wrapCommand(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	lookupOnly := false
	i := scanOpts(args, optSpec{}, func(o, _ string) {
		if o == "-v" || o == "-V" {
			lookupOnly = true
		}
	})
	if lookupOnly || i >= len(args) {
		return false
	}
	a.invoke(args[i:], within(sc, "command"), redir, "")
	return true
}

func wrapIonice(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	byPid := false
	i := scanOpts(args, optSpec{short: "cnPpu", long: []string{"--class", "--classdata", "--pid", "--pgid", "--uid"}}, func(o, _ string) {
		switch o {
		case "-p", "-P", "-u", "--pid", "--pgid", "--uid":
			byPid = true
		}
	})
	if byPid || i >= len(args) {
		return false
	}
	a.invoke(args[i:], within(sc, "ionice"), redir, "")
	return true
}

func wrapTaskset(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	byPid := false
	i := scanOpts(args, optSpec{short: "T", long: []string{"--sched-runtime", "--sched-deadline", "--sched-period"}}, func(o, _ string) {
		if o == "-p" || o == "--pid" {
			byPid = true
		}
	})
	i++ // the mask or priority
	if byPid || i >= len(args) {
		return false
	}
	a.invoke(args[i:], within(sc, path.Base(argv[0].Value)), redir, "")
	return true
}

func wrapSudo(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	edit := path.Base(argv[0].Value) == "sudoedit"
	user, dir := "", ""
	list := false
	i := scanOpts(args, optSpec{
		short: "aCcDghpRrtTUu",
		long:  []string{"--auth-type", "--close-from", "--login-class", "--chdir", "--group", "--host", "--prompt", "--chroot", "--role", "--type", "--command-timeout", "--other-user", "--user"},
	}, func(o, v string) {
		switch o {
		case "-e", "--edit":
			edit = true
		case "-u", "--user":
			user = v
		case "-D", "--chdir":
			dir = v
		case "-l", "--list":
			list = true
		}
	})
	// sudo VAR=value cmd: environment assignments before the command;
	// BELAY_ACK among them acknowledges, as sudo's approval plugin reads it.
	for i < len(args) && !args[i].Dynamic && isAssignment(args[i].Value) {
		if v, ok := strings.CutPrefix(args[i].Value, "BELAY_ACK="); ok {
			a.out.Acks = append(a.out.Acks, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })...)
		}
		i++
	}
	rest := args[i:]
	if list {
		return true // sudo -l [cmd] only says whether cmd is allowed
	}
	label := "sudo"
	if user != "" {
		label += " -u " + user
	}
	in := within(sc, label)
	if dir != "" {
		in.cwd = a.chdir([]Arg{{Value: dir}}, sc)
	}
	if edit {
		inv := &Invocation{Argv: argv, Name: "sudoedit", Text: quoteArgv(argv)}
		for _, f := range rest {
			inv.Operands = append(inv.Operands, f.Value)
			inv.Effects = append(inv.Effects, a.effect(Write, f, sc, false))
		}
		a.emit(inv, in)
		return true
	}
	if len(rest) == 0 {
		// sudo -i, sudo -s, sudo -l: a shell or a question, nothing to judge.
		return true
	}
	a.invoke(rest, in, redir, "")
	return true
}

// isAssignment reports whether s is NAME=value.
func isAssignment(s string) bool {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return false
	}
	for i := 0; i < eq; i++ {
		c := s[i]
		if c != '_' && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') && !(i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func wrapDoas(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	user := ""
	i := scanOpts(args, optSpec{short: "uC"}, func(o, v string) {
		if o == "-u" {
			user = v
		}
	})
	if i >= len(args) {
		return true
	}
	label := "doas"
	if user != "" {
		label += " -u " + user
	}
	a.invoke(args[i:], within(sc, label), redir, "")
	return true
}

// wrapSu handles su and runuser: -c CMD is a shell line; runuser -u USER
// -- CMD… is an argv.
func wrapSu(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	name := path.Base(argv[0].Value)
	var cmd *string
	asArgv := false
	for i := 0; i < len(args); i++ {
		s := args[i].Value
		switch {
		case s == "--":
			if asArgv && i+1 < len(args) {
				a.invoke(args[i+1:], within(sc, name), redir, "")
				return true
			}
		case s == "-c" || s == "--command" || s == "--session-command":
			if i+1 < len(args) {
				i++
				v := args[i].Value
				cmd = &v
			}
		case strings.HasPrefix(s, "--command=") || strings.HasPrefix(s, "--session-command="):
			_, v, _ := strings.Cut(s, "=")
			cmd = &v
		case strings.HasPrefix(s, "-c") && len(s) > 2:
			v := s[2:]
			cmd = &v
		case s == "-u" && name == "runuser":
			asArgv = true
			i++
		case s == "-s" || s == "--shell" || s == "-g" || s == "--group" || s == "-G" || s == "--supp-group" || s == "-w" || s == "--whitelist-environment":
			i++
		case !strings.HasPrefix(s, "-") && asArgv:
			a.invoke(args[i:], within(sc, name), redir, "")
			return true
		}
	}
	if cmd != nil {
		a.line(*cmd, Bash, withLine(sc, name+" -c"), false)
	}
	return true
}

// withLine returns the scope for a shell line found inside a wrapper.
func withLine(sc *scope, label string) *scope {
	in := within(sc, label)
	in.stdin, in.stdinDyn = nil, false
	return in
}

func wrapEnv(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	in := within(sc, "env")
	var split []Arg
	i := scanOpts(args, optSpec{short: "uCSP", long: []string{"--unset", "--chdir", "--split-string"}}, func(o, v string) {
		switch o {
		case "-C", "--chdir":
			in.cwd = a.chdir([]Arg{{Value: v}}, sc)
		case "-S", "--split-string":
			for _, f := range strings.Fields(v) {
				split = append(split, Arg{Value: f})
			}
		}
	})
	for i < len(args) && strings.Contains(args[i].Value, "=") && !strings.HasPrefix(args[i].Value, "=") {
		if k, v, _ := strings.Cut(args[i].Value, "="); k == "BELAY_ACK" {
			a.out.Acks = append(a.out.Acks, strings.Split(v, ",")...)
		}
		i++
	}
	rest := append(split, args[i:]...)
	if len(rest) == 0 {
		return true
	}
	a.invoke(rest, in, redir, "")
	return true
}

func wrapWatch(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	execArgv := false
	i := scanOpts(args, optSpec{short: "nq", long: []string{"--interval", "--equexit"}}, func(o, _ string) {
		if o == "-x" || o == "--exec" {
			execArgv = true
		}
	})
	if i >= len(args) {
		return true
	}
	if execArgv {
		a.invoke(args[i:], within(sc, "watch"), redir, "")
		return true
	}
	a.line(joinArgs(args[i:]), POSIX, withLine(sc, "watch"), false)
	return true
}

func wrapFlock(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	var cmd *string
	i := scanOpts(args, optSpec{short: "wEc", long: []string{"--timeout", "--conflict-exit-code", "--command"}}, func(o, v string) {
		if o == "-c" || o == "--command" {
			cmd = &v
		}
	})
	if i < len(args) {
		i++ // the lock file or descriptor
	}
	// flock FILE -c CMD: the option may follow the file.
	if cmd == nil && i+1 < len(args) && args[i].Value == "-c" {
		v := args[i+1].Value
		cmd = &v
	}
	if cmd != nil {
		a.line(*cmd, POSIX, withLine(sc, "flock -c"), false)
		return true
	}
	if i < len(args) {
		a.invoke(args[i:], within(sc, "flock"), redir, "")
	}
	return true
}

func joinArgs(args []Arg) string {
	parts := make([]string, len(args))
	for i, x := range args {
		parts[i] = x.Value
	}
	return strings.Join(parts, " ")
}

func wrapEval(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	if len(argv) < 2 {
		return true
	}
	in := withLine(sc, "eval")
	a.line(joinArgs(argv[1:]), Bash, in, false)
	if len(redir) > 0 {
		a.emit(&Invocation{Effects: redir, Text: "redirection"}, sc)
	}
	return true
}

// wrapShell sees through sh -c STRING, and through a literal piped into a
// shell that reads its commands from standard input.
func wrapShell(d Dialect) wrapper {
	return func(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
		args := argv[1:]
		name := path.Base(argv[0].Value)
		words := make([]string, len(args))
		for k, x := range args {
			words[k] = x.Value
		}
		i, hasC, readStdin := ShellArgs(words)
		label := name
		if hasC {
			label = name + " -c"
			if i >= len(args) {
				return true
			}
			a.line(args[i].Value, d, withLine(sc, label), false)
			return true
		}
		if i < len(args) && !readStdin {
			return false // a script file: record the command itself
		}
		if sc.stdin != nil {
			a.line(*sc.stdin, d, withLine(sc, name+" <<<"), false)
			return true
		}
		return false
	}
}

// wrapAt sees the commands at and batch will run later: their standard
// input, when it is a literal (echo reboot | at now + 5 min).
func wrapAt(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	for _, x := range argv[1:] {
		switch x.Value {
		case "-l", "-d", "-r", "-c", "-f", "-V", "-h":
			return false // listing, removing, showing, or a script file
		}
	}
	if sc.stdin == nil {
		return false
	}
	a.line(*sc.stdin, POSIX, withLine(sc, path.Base(argv[0].Value)), false)
	return true
}

// ShellArgs reads a shell's arguments as bash does: options up to the
// first operand, -o, -O, --rcfile and --init-file taking a value. It
// returns the index of the first operand (with -c, the command line) and
// whether -c and -s were given. belay shell uses it too, so the two agree.
func ShellArgs(args []string) (first int, c, s bool) {
	i := 0
	for i < len(args) {
		w := args[i]
		if w == "--" || w == "-" {
			i++
			break
		}
		if len(w) < 2 || (w[0] != '-' && w[0] != '+') {
			break
		}
		switch {
		case w == "-o" || w == "+o" || w == "-O" || w == "+O" || w == "--rcfile" || w == "--init-file":
			i++
		case strings.HasPrefix(w, "--"):
		case w[0] == '-':
			c = c || strings.ContainsRune(w[1:], 'c')
			s = s || strings.ContainsRune(w[1:], 's')
		}
		i++
	}
	return i, c, s
}

func wrapSSH(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	i := scanOpts(args, optSpec{short: "BbcDEeFIiJLlmOoPpQRSWw"}, nil)
	if i >= len(args) {
		return true
	}
	host := args[i].Value
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	rest := args[i+1:]
	if len(rest) == 0 {
		return true // an interactive login
	}
	in := withLine(sc, "ssh "+host)
	in.remote = host
	in.cwd = ""
	// The remote shell's variables are not ours.
	in.vars = map[string]varVal{}
	a.line(joinArgs(rest), Bash, in, false)
	return true
}

// wrapXargs runs its command with arguments read from standard input:
// known when a literal is piped in, dynamic otherwise.
func wrapXargs(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	repl := ""
	fromFile := false
	i := scanOpts(args, optSpec{short: "adEILnPs", long: []string{"--arg-file", "--delimiter", "--eof", "--replace", "--max-lines", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"}}, func(o, v string) {
		switch o {
		case "-I", "--replace":
			repl = v
			if repl == "" {
				repl = "{}"
			}
		case "-i":
			repl = "{}"
		case "-a", "--arg-file":
			fromFile = true
		}
	})
	rest := append([]Arg(nil), args[i:]...)
	if len(rest) == 0 {
		rest = []Arg{{Value: "echo"}}
	}
	var input []Arg
	if sc.stdin != nil && !sc.stdinDyn && !fromFile {
		for _, f := range strings.Fields(*sc.stdin) {
			input = append(input, Arg{Value: f})
		}
	} else {
		input = []Arg{{Value: "", Dynamic: true, Raw: "{xargs input}"}}
	}
	in := within(sc, "xargs")
	in.stdin, in.stdinDyn = nil, true
	if repl != "" {
		for _, x := range input {
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
	a.invoke(append(rest, input...), in, redir, "")
	return true
}

// findTests are find's expression words that take one argument.
var findTests = map[string]bool{
	"-name": true, "-iname": true, "-path": true, "-ipath": true, "-wholename": true, "-iwholename": true,
	"-regex": true, "-iregex": true, "-lname": true, "-ilname": true, "-type": true, "-xtype": true,
	"-mtime": true, "-mmin": true, "-atime": true, "-amin": true, "-ctime": true, "-cmin": true,
	"-size": true, "-user": true, "-group": true, "-uid": true, "-gid": true, "-perm": true,
	"-newer": true, "-anewer": true, "-cnewer": true, "-maxdepth": true, "-mindepth": true,
	"-inum": true, "-links": true, "-fstype": true, "-samefile": true, "-printf": true,
	"-fprint": true, "-fprint0": true, "-fls": true, "-used": true, "-context": true, "-regextype": true,
	"-newerXY": true, "-files0-from": true,
}

// findNarrowing are the tests that pick files by name, so that -delete or
// -exec does not reach every file below the start.
var findNarrowing = map[string]bool{
	"-name": true, "-iname": true, "-path": true, "-ipath": true, "-wholename": true,
	"-iwholename": true, "-regex": true, "-iregex": true, "-lname": true, "-ilname": true,
	"-samefile": true, "-inum": true, "-newer": true, "-mmin": true, "-mtime": true, "-size": true,
}

func wrapFind(a *analyzer, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	i := 0
	for i < len(args) && (args[i].Value == "-H" || args[i].Value == "-L" || args[i].Value == "-P" || strings.HasPrefix(args[i].Value, "-O")) {
		i++
	}
	if i < len(args) && args[i].Value == "-D" {
		i += 2
	}
	var starts []Arg
	for i < len(args) {
		v := args[i].Value
		if (strings.HasPrefix(v, "-") && !args[i].Dynamic) || v == "(" || v == "!" {
			break
		}
		starts = append(starts, args[i])
		i++
	}
	if len(starts) == 0 {
		starts = []Arg{{Value: "."}}
	}
	narrowed, del := false, false
	type execGroup struct {
		cmd    []Arg
		subdir bool
	}
	var execs []execGroup
	for i < len(args) {
		v := args[i].Value
		switch {
		case v == "-delete":
			del = true
		case v == "-exec" || v == "-execdir" || v == "-ok" || v == "-okdir":
			j := i + 1
			for j < len(args) && args[j].Value != ";" && args[j].Value != "+" {
				j++
			}
			execs = append(execs, execGroup{cmd: args[i+1 : j], subdir: strings.HasSuffix(v, "dir")})
			i = j
		case findTests[v]:
			if findNarrowing[v] {
				narrowed = true
			}
			i++
		case strings.HasPrefix(v, "-newer"):
			narrowed = true
			i++
		}
		i++
	}
	inv := &Invocation{Argv: argv, Name: "find", Text: quoteArgv(argv)}
	for _, s := range starts {
		inv.Operands = append(inv.Operands, s.Value)
		if del && !narrowed {
			inv.Effects = append(inv.Effects, a.effect(Delete, s, sc, true))
		} else if del {
			// Only files picked by name or age go: some of what is below the
			// start, never the start itself.
			some := Arg{Value: path.Join(s.Value, "*"), Dynamic: true, Glob: true, Raw: s.Raw}
			if s.Value == "" {
				some = s
			}
			inv.Effects = append(inv.Effects, a.effect(Delete, some, sc, false))
		}
	}
	inv.Effects = append(inv.Effects, redir...)
	a.emit(inv, sc)
	for _, g := range execs {
		if len(g.cmd) == 0 {
			continue
		}
		for _, s := range starts {
			found := Arg{Value: "", Dynamic: true, Raw: "{}"}
			if !narrowed && !s.Dynamic {
				found = Arg{Value: path.Join(s.Value, "*"), Dynamic: true, Glob: true, Raw: "{}"}
			}
			cmd := make([]Arg, len(g.cmd))
			for k, c := range g.cmd {
				cmd[k] = c
				if strings.Contains(c.Value, "{}") {
					cmd[k] = Arg{Value: strings.ReplaceAll(c.Value, "{}", found.Value), Dynamic: true, Glob: found.Glob, Raw: c.Value}
				}
			}
			in := within(sc, "find -exec")
			if g.subdir {
				in.cwd = ""
			}
			a.invoke(cmd, in, nil, "")
		}
	}
	return true
}

// effects returns what a command does to the paths it is given, from the
// command table.
func (a *analyzer) effects(c *command, name string, argv []Arg, p *parsedArgs, sc *scope) []Effect {
	if c == nil {
		return nil
	}
	if len(c.readOnly) > 0 && p.has(c.readOnly...) {
		return nil
	}
	if len(c.needs) > 0 && !p.has(c.needs...) {
		return nil
	}
	rec := len(c.recursive) > 0 && p.has(c.recursive...)
	op := func(i int) Arg { return argv[p.opIdx[i]] }
	n := len(p.operands)
	var out []Effect
	add := func(k EffectKind, x Arg, r bool) {
		out = append(out, a.effect(k, x, sc, r))
	}
	switch c.role {
	case roleAll:
		for i := 0; i < n; i++ {
			add(c.effect, op(i), rec)
			if len(c.alsoDel) > 0 && p.has(c.alsoDel...) {
				add(Delete, op(i), false)
			}
		}
	case roleAfterOne:
		start := 1
		if _, ok := p.values["--reference"]; ok {
			start = 0
		}
		for i := start; i < n; i++ {
			add(c.effect, op(i), rec)
		}
	case roleAfterTwo:
		for i := 2; i < n; i++ {
			add(c.effect, op(i), false)
		}
	case roleKeyValue:
		for i := 0; i < n; i++ {
			x := op(i)
			k, v, ok := strings.Cut(x.Value, "=")
			if !ok {
				continue
			}
			x.Value = v
			switch k {
			case "of":
				add(Write, x, false)
			case "if":
				add(Read, x, false)
			}
		}
	case roleFirst: // parted DEVICE [COMMAND…]
		if n == 0 {
			return nil
		}
		if n > 1 && !contains(c.subcommands, p.operands[1]) {
			return nil
		}
		add(c.effect, op(0), false)
	case roleSrcDst:
		first := 0
		if len(c.subcommands) > 0 { // qemu-img SUBCOMMAND …
			if n == 0 || !contains(c.subcommands, p.operands[0]) {
				return nil
			}
			first = 1
			if p.operands[0] == "create" || p.operands[0] == "resize" || p.operands[0] == "amend" || p.operands[0] == "commit" {
				if n > 1 {
					add(Write, op(1), false)
				}
				return out
			}
			if p.operands[0] == "dd" {
				for i := 1; i < n; i++ {
					if k, v, ok := strings.Cut(op(i).Value, "="); ok && k == "of" {
						x := op(i)
						x.Value = v
						add(Write, x, false)
					}
				}
				return out
			}
		}
		var dst *Arg
		srcs := []int{}
		if c.targetOp != "" {
			for _, key := range []string{"-" + c.targetOp, "--target-directory"} {
				if v, ok := p.values[key]; ok {
					dst = &Arg{Value: v}
				}
			}
		}
		if dst != nil {
			for i := first; i < n; i++ {
				srcs = append(srcs, i)
			}
		} else if n-first >= 2 {
			d := op(n - 1)
			dst = &d
			for i := first; i < n-1; i++ {
				srcs = append(srcs, i)
			}
		} else if n-first == 1 && c.effect == LinkOver {
			// ln -s TARGET: a link named after TARGET in the current directory.
			d := Arg{Value: path.Base(op(first).Value), Dynamic: op(first).Dynamic}
			dst = &d
		}
		if dst == nil {
			return nil
		}
		if name == "rsync" && strings.Contains(dst.Value, ":") {
			return nil // the destination is on another host
		}
		for _, i := range srcs {
			if c.srcKind != "" {
				add(c.srcKind, op(i), rec && c.srcKind != Rename)
			}
		}
		if c.srcKind == Rename {
			// mv replaces a directory tree at the destination as a whole.
			add(c.effect, *dst, true)
		} else {
			add(c.effect, *dst, rec)
		}
		if name == "rsync" && (p.has("--delete", "--delete-before", "--delete-during", "--delete-after", "--delete-delay", "--del")) {
			add(Delete, *dst, true)
		}
	}
	return out
}

// effect resolves an argument to an absolute, cleaned path against the
// directory the command runs in.
func (a *analyzer) effect(k EffectKind, x Arg, sc *scope, rec bool) Effect {
	e := Effect{Kind: k, Dynamic: x.Dynamic, Glob: x.Glob, Recursive: rec}
	p := x.Value
	switch {
	case p == "":
	case strings.HasPrefix(p, "/"):
		e.Path = path.Clean(p)
	case sc.cwd != "":
		e.Path = path.Join(sc.cwd, p)
	default:
		e.Dynamic = true
	}
	return e
}

// plainWord reports whether s needs no quoting on a command line.
func plainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("_@%+=:,./-", c) >= 0:
		default:
			return false
		}
	}
	return true
}
