package shell

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/belay-sh/belay/internal/inline"
)

// Commands that run commands given in the values of their options (tar
// --to-command=CMD, rsync -e CMD, zip -TT CMD, man -P CMD), in git's
// settings (git -c core.sshCommand=CMD), and in environment variables
// programs run (PAGER=CMD, GIT_SSH_COMMAND=CMD, LESSOPEN='|CMD %s'). The
// command itself is recorded with its own effects, and each command it
// would run is judged like sh -c CMD.

// optionLines runs what a command's lineOpts, progOpts and remote options
// hold. It returns false when they hold nothing, so that the command is
// recorded as itself.
func (a *analyzer) optionLines(s *codeSpec, argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	name := path.Base(argv[0].Value)
	type run struct {
		label string
		val   Arg
		prog  bool
	}
	var runs []run
	var remote []run
	for i, o := range ca.opts {
		if !o.hasValue {
			continue
		}
		v := ca.vals[i]
		switch {
		case slicesHas(s.progOpts, o.name):
			runs = append(runs, run{name + " " + o.name, v, true})
		case slicesHas(s.remote, o.name):
			remote = append(remote, run{name + " " + o.name, v, false})
		default:
			if line, ok := lineValue(s.lineOpts, o.name, v.Value, true); ok {
				runs = append(runs, run{name + " " + o.name, Arg{Value: line, Dynamic: v.Dynamic}, false})
			}
		}
	}
	if len(runs) == 0 && len(remote) == 0 {
		return false
	}
	inv := a.plain(argv, sc, redir)
	for _, r := range runs {
		if r.prog {
			a.invoke([]Arg{r.val}, withLine(sc, r.label), nil, "")
			continue
		}
		a.codeLine(inline.Word{Value: r.val.Value, Dynamic: r.val.Dynamic}, shDialect, sc, r.label, inv, &Origin{In: r.label, Offset: -1})
	}
	host := operandHost(ca.operands)
	for _, r := range remote {
		in := withLine(sc, r.label)
		if host != "" {
			// rsync --rsync-path runs on the other end, through its shell.
			in.remote, in.cwd = host, ""
			in.clearVars()
		}
		a.line(r.val.Value, shDialect, in, false)
	}
	return true
}

// operandHost returns the host the first HOST:PATH, USER@HOST:PATH or
// rsync://HOST/ operand names, or "".
func operandHost(ops []Arg) string {
	for _, op := range ops {
		v := op.Value
		if op.Dynamic || strings.HasPrefix(v, "/") || strings.HasPrefix(v, ".") {
			continue
		}
		if rest, ok := strings.CutPrefix(v, "rsync://"); ok {
			h, _, _ := strings.Cut(rest, "/")
			return hostOnly(h)
		}
		if h, _, ok := strings.Cut(v, ":"); ok && h != "" && !strings.Contains(h, "/") {
			return hostOnly(h)
		}
	}
	return ""
}

func hostOnly(h string) string {
	if k := strings.LastIndexByte(h, '@'); k >= 0 {
		return h[k+1:]
	}
	return h
}

// How a variable's value runs.
const (
	varLine     = 1 + iota // a shell line (PAGER, EDITOR, GIT_SSH_COMMAND)
	varProgram             // a program, run without a shell (GIT_SSH, SSH_ASKPASS)
	varLessOpen            // less's input preprocessor: "|CMD %s", "||CMD %s" or "CMD %s"
	varScript              // a file a shell reads at its start (BASH_ENV, ENV)
)

// commandVar says how programs run the value of an environment variable
// that holds a command, or 0 for any other variable.
func commandVar(name string) int {
	switch name {
	case "PAGER", "MANPAGER", "GIT_PAGER", "SYSTEMD_PAGER", "PSQL_PAGER", "MYSQL_PAGER", "BAT_PAGER", "DELTA_PAGER",
		"EDITOR", "VISUAL", "GIT_EDITOR", "SUDO_EDITOR", "SYSTEMD_EDITOR", "GIT_SEQUENCE_EDITOR", "KUBE_EDITOR", "FCEDIT",
		"GIT_SSH_COMMAND", "RSYNC_RSH", "BROWSER", "GIT_EXTERNAL_DIFF":
		return varLine
	case "GIT_SSH", "GIT_ASKPASS", "SSH_ASKPASS", "SUDO_ASKPASS", "GIT_PROXY_COMMAND", "CVS_RSH":
		return varProgram
	case "LESSOPEN", "LESSCLOSE":
		return varLessOpen
	case "BASH_ENV", "ENV":
		return varScript
	}
	return 0
}

// prefixCommands judges the commands held by the environment variables a
// simple command sets before it (PAGER='…' git log): the program may run
// them, so they are judged at the worst, as if it does.
func (a *analyzer) prefixCommands(assigns []*syntax.Assign, sc *scope) {
	for _, as := range assigns {
		if as.Name == nil || as.Value == nil || commandVar(as.Name.Value) == 0 {
			continue
		}
		if commandVar(as.Name.Value) == varScript {
			// BASH_ENV=<(echo reboot) bash -c true: what the file
			// holds when it is a substitution or the line wrote it.
			label := as.Name.Value + "="
			for _, f := range a.expand(as.Value, sc) {
				a.readFile([]Arg{{Value: label}}, f, Bash, sc, withLine(sc, label))
			}
			continue
		}
		v, dyn := a.literal(as.Value, sc)
		a.envCommand(as.Name.Value, v, dyn, sc)
	}
}

// envCommand judges the command an environment variable holds, when it
// is one that programs run (commandVar).
func (a *analyzer) envCommand(name, val string, dyn bool, sc *scope) {
	kind := commandVar(name)
	if kind == 0 || strings.TrimSpace(val) == "" {
		return
	}
	label := name + "="
	switch kind {
	case varProgram:
		a.invoke([]Arg{{Value: val, Dynamic: dyn}}, withLine(sc, label), nil, "")
	case varLessOpen:
		v := strings.TrimLeft(val, "|")
		v = strings.TrimPrefix(v, "-")
		src := strings.ReplaceAll(v, "%s", unknownRef)
		if dyn {
			src += unknownRef
		}
		a.lineWithUnknown(src, shDialect, withLine(sc, label))
	default:
		a.codeLine(inline.Word{Value: val, Dynamic: dyn}, shDialect, sc, label, nil, &Origin{In: label, Offset: -1})
	}
}

// lessCommands judges less's initial commands (+CMD, ++CMD for every
// file) that run a shell command: +!CMD, where % is the file's name and
// # the previous one's, known only when it runs.
func (a *analyzer) lessCommands(argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	var lines []Arg
	for _, op := range ca.operands {
		cmd, ok := strings.CutPrefix(op.Value, "+")
		if !ok {
			continue
		}
		cmd = strings.TrimPrefix(cmd, "+")
		if rest, ok := strings.CutPrefix(cmd, "!"); ok && !strings.HasPrefix(rest, "!") {
			lines = append(lines, Arg{Value: rest, Dynamic: op.Dynamic})
		}
	}
	if len(lines) == 0 {
		return false
	}
	inv := a.plain(argv, sc, redir)
	label := path.Base(argv[0].Value) + " +!"
	for _, l := range lines {
		src := strings.NewReplacer("%", unknownRef, "#", unknownRef).Replace(l.Value)
		if l.Dynamic {
			src += unknownRef
		}
		mark := len(a.out.Invocations)
		if strings.TrimSpace(l.Value) == "" && l.Dynamic {
			a.unseen(inv, "a command "+label+" is given at run time", nil)
			continue
		}
		a.lineWithUnknown(src, shDialect, withLine(sc, label))
		a.originate(mark, &Origin{In: label, Offset: -1})
	}
	return true
}

// gitConfigLine says how git runs the value of a setting given with -c
// NAME=VALUE: as a shell line, as a program, or not at all (0). Section
// and key names are case-insensitive; sub is the alias git runs, if any.
func gitConfigLine(key, val, sub string) (string, int) {
	k := strings.ToLower(key)
	section, rest, _ := strings.Cut(k, ".")
	last := rest
	if j := strings.LastIndexByte(rest, '.'); j >= 0 {
		last = rest[j+1:]
	}
	switch {
	case k == "core.sshcommand", k == "core.pager", k == "core.editor", k == "sequence.editor", k == "diff.external",
		k == "core.gitproxy", k == "core.askpass", k == "gpg.program", section == "gpg" && last == "program",
		section == "diff" && (last == "command" || last == "textconv"), section == "merge" && last == "driver",
		section == "filter" && (last == "clean" || last == "smudge" || last == "process"),
		k == "uploadpack.packobjectshook", section == "remote" && (last == "uploadpack" || last == "receivepack"):
		return val, varLine
	case k == "core.fsmonitor":
		// The hook's path, run through the shell (use_shell): a line.
		if isGitBool(val) {
			return "", 0
		}
		return val, varLine
	case section == "pager":
		if isGitBool(val) {
			return "", 0
		}
		return val, varLine
	case section == "credential" && last == "helper":
		if line, ok := strings.CutPrefix(val, "!"); ok {
			return line, varLine
		}
		if strings.HasPrefix(val, "/") {
			return val, varLine
		}
		return "", 0 // git credential-NAME: a helper belay knows nothing of
	case section == "alias":
		// An alias with ! is a shell line; it runs only as the subcommand.
		if line, ok := strings.CutPrefix(val, "!"); ok && strings.EqualFold(rest, sub) {
			return line, varLine
		}
	}
	return "", 0
}

func isGitBool(v string) bool {
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "1", "0":
		return true
	}
	return false
}

// gitCommands judges the commands git would run from what the line gives
// it: -c settings (core.sshCommand, core.pager, alias.NAME='!…'),
// --upload-pack, --receive-pack and --exec of clone, fetch, pull, push and
// ls-remote, and ext:: URLs (git's transport that runs a command).
func (a *analyzer) gitCommands(c *command, argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	sub := ""
	subAt := -1
	if len(ca.operands) > 0 && !ca.operands[0].Dynamic {
		sub = ca.operands[0].Value
		subAt = len(argv) - len(ca.operands)
	}
	type run struct {
		label string
		val   Arg
		kind  int
	}
	var runs []run
	for i, o := range ca.opts {
		if o.name != "-c" || !o.hasValue {
			continue
		}
		key, val, _ := strings.Cut(ca.vals[i].Value, "=")
		if line, kind := gitConfigLine(key, val, sub); kind != 0 {
			runs = append(runs, run{"git -c " + key, Arg{Value: line, Dynamic: ca.vals[i].Dynamic}, kind})
		}
	}
	var ext []Arg
	if subAt > 0 {
		rest := argv[subAt+1:]
		for j := 0; j < len(rest); j++ {
			v := rest[j].Value
			if rest[j].Dynamic {
				continue
			}
			if u, ok := strings.CutPrefix(v, "ext::"); ok {
				ext = append(ext, Arg{Value: u})
				continue
			}
			for _, opt := range []string{"--upload-pack", "--receive-pack", "--exec"} {
				if val, ok := strings.CutPrefix(v, opt+"="); ok {
					runs = append(runs, run{"git " + sub + " " + opt, Arg{Value: val}, varLine})
				} else if v == opt && j+1 < len(rest) {
					runs = append(runs, run{"git " + sub + " " + opt, rest[j+1], varLine})
				}
			}
			if v == "-u" && sub == "clone" && j+1 < len(rest) {
				runs = append(runs, run{"git clone -u", rest[j+1], varLine})
			}
		}
	}
	if len(runs) == 0 && len(ext) == 0 {
		return false
	}
	inv := a.plain(argv, sc, redir)
	for _, r := range runs {
		if r.kind == varProgram {
			a.invoke([]Arg{r.val}, withLine(sc, r.label), nil, "")
			continue
		}
		a.codeLine(inline.Word{Value: r.val.Value, Dynamic: r.val.Dynamic}, shDialect, sc, r.label, inv, &Origin{In: r.label, Offset: -1})
	}
	for _, u := range ext {
		if args := extArgv(u.Value); len(args) > 0 {
			a.invoke(args, withLine(sc, "git ext::"), nil, "")
		}
	}
	return true
}

// extArgv splits the command of a git ext:: URL as git does: words
// separated by spaces, "% " a space inside a word, "%%" a percent sign,
// %S, %s, %G and %V filled in by git (unknown here).
func extArgv(u string) []Arg {
	var out []Arg
	var b strings.Builder
	dyn := false
	flush := func() {
		if b.Len() > 0 || dyn {
			a := Arg{Value: b.String(), Dynamic: dyn}
			if dyn {
				a.Raw = a.Value + "…"
			}
			out = append(out, a)
		}
		b.Reset()
		dyn = false
	}
	for i := 0; i < len(u); i++ {
		switch {
		case u[i] == ' ':
			flush()
		case u[i] == '%' && i+1 < len(u):
			i++
			switch u[i] {
			case ' ', '%':
				b.WriteByte(u[i])
			default:
				dyn = true
			}
		default:
			b.WriteByte(u[i])
		}
	}
	flush()
	return out
}

// findWrites returns the files find's -fprint, -fprint0, -fprintf and
// -fls primaries write (each is truncated first, even when nothing
// matches).
func (a *analyzer) findWrites(args []Arg, sc *scope) []Effect {
	var out []Effect
	for i := 0; i+1 < len(args); i++ {
		switch args[i].Value {
		case "-fprint", "-fprint0", "-fprintf", "-fls":
			if !args[i].Dynamic {
				out = append(out, a.effect(Write, args[i+1], sc, false))
				i++
			}
		}
	}
	return out
}
