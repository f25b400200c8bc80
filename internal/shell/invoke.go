package shell

import (
	"path"
	"slices"
	"strings"
)

// invoke records the command argv would run, seeing through wrappers.
func (a *analyzer) invoke(argv []Arg, sc *scope, redir []Effect, _ string) {
	cost := costInvoke
	if sc.wrappers != nil {
		cost += costWrapper
	}
	if !a.charge(cost) {
		return
	}
	if sc.wrappers.len() > maxWrappers {
		a.limit("too complex to judge here: a chain of more than %d wrappers (env, sudo, xargs…); the command at its end is not judged", maxWrappers)
		return
	}
	if len(argv) == 0 {
		if len(redir) > 0 {
			a.emit(&Invocation{Effects: redir, Text: "redirection"}, sc)
		}
		return
	}
	if !argv[0].Dynamic && a.callFunc(argv, sc) {
		a.redirection(redir, sc)
		return
	}
	if !argv[0].Dynamic {
		a.callSession(argv, sc) // and the word itself, below
	}
	if p, ok := a.hashed[argv[0].Value]; ok && !argv[0].Dynamic {
		argv = append([]Arg{{Value: p, Raw: argv[0].Value}}, argv[1:]...) // hash -p /bin/rm ls; ls -rf /
	}
	if a.dialect == Zsh && !argv[0].Dynamic {
		if n := zshName(argv[0].Value); n != argv[0].Value {
			argv = append([]Arg{{Value: n}}, argv[1:]...)
		}
		if cmd, ok := zargsArgv(argv); ok {
			a.invoke(cmd, within(sc, "zargs"), redir, "") // zargs -- ARGS -- CMD (zshmods.go)
			return
		}
		if argv[0].Value == "repeat" && len(argv) > 3 && argv[2].Value == "{" && !argv[2].Dynamic {
			// repeat N { CMD }: parsed as words; the braces are not CMD's.
			inner := argv[3:]
			if n := len(inner); inner[n-1].Value == "}" && !inner[n-1].Dynamic {
				inner = inner[:n-1]
			}
			if len(inner) > 0 {
				a.invoke(inner, within(sc, "repeat"), redir, "")
				return
			}
		}
		if cmd, ok := zmvArgv(argv); ok {
			a.invoke(cmd, within(sc, argv[0].Value), redir, "") // zmv '/etc/(*)' '/tmp/$1' (zshmods.go)
			return
		}
		if c := zshCommands.Get()[argv[0].Value]; c != nil && a.wrappedBy(c, argv, sc, redir) {
			return
		}
	}
	if cmd, ok := fdArgv(argv); ok {
		a.invoke(cmd, within(sc, "fd"), redir, "") // fd . / -x rm -rf: find's -exec (fdfind.go)
		return
	}
	name := path.Base(argv[0].Value)
	// /etc/init.d/ssh is a script, not the ssh client: only commands found
	// by name or in a bin directory are wrappers.
	if dir := path.Dir(argv[0].Value); !argv[0].Dynamic && (!strings.Contains(argv[0].Value, "/") || strings.HasSuffix(dir, "bin")) {
		if c := lookup(name); c != nil && a.wrappedBy(c, argv, sc, redir) {
			return
		}
	}
	a.defines(argv, sc) // alias x='…', trap '…' EXIT, crontab <<< '…' (deferred.go)
	a.plain(argv, sc, redir)
	if argv[0].Dynamic && len(argv) > 1 {
		a.guessName(argv, sc)
		a.guessRunner(argv, sc)
	}
	if argv[0].Glob && !argv[0].Dynamic {
		a.globName(argv, sc, redir) // /???/r?boot (globname.go)
	}
	if strings.Contains(argv[0].Value, "/") {
		// ./x.sh after echo 'rm -rf /' > x.sh (ownfiles.go): run by sh.
		in := within(sc, name)
		a.setPositional(in, &argv[0], argv[1:])
		a.readOwn(argv, argv[0], a.scriptDialect(), sc, in)
	}
}

// plain records argv as a command of its own, with its effects.
func (a *analyzer) plain(argv []Arg, sc *scope, redir []Effect) *Invocation {
	name := path.Base(argv[0].Value)
	if argv[0].Value == "" {
		name = ""
	}
	c := lookup(name)
	p := parseArgs(c, argv[1:])
	inv := &Invocation{Argv: argv, Name: name, Operands: p.operands, Sub: p.sub, Text: quoteArgv(argv), Stdin: sc.stdin}
	if c != nil && inv.Operands == nil {
		// Known to have none (pkill -u root): not to be guessed from
		// the words, where root would pass for one.
		inv.Operands = []string{}
	}
	if len(p.opts) > 0 {
		inv.Options = make([]Option, len(p.opts))
		for i, o := range p.opts {
			inv.Options[i] = Option{Name: o.name, Value: o.value, HasValue: o.hasValue}
		}
	}
	if p.dryRun() {
		// Nothing changes, and no rule stops it; its redirections still
		// write.
		inv.DryRun = true
		a.emit(inv, sc)
		a.redirection(redir, sc)
		return inv
	}
	effs := a.effects(argv, &p, sc)
	if (sc.stdin != nil || sc.stdinSrc != "") && writesStdin(name, argv) {
		a.deferredTee(argv, effs, sc) // echo reboot | sudo tee -a /etc/profile (deferred.go)
	}
	if len(effs) > 0 && slices.Contains(fetchers, name) {
		a.deferredFetch(argv, effs, sc) // curl -o ~/.bashrc URL (deferred.go)
	}
	inv.Effects = append(effs, redir...)
	if a.bombs[name] {
		inv.Effects = append(inv.Effects, Effect{Kind: ForkBomb})
	}
	a.emit(inv, sc)
	return inv
}

// writesStdin says whether argv copies its standard input into the files
// it writes: tee, dd without if=, cp and install of /dev/stdin.
func writesStdin(name string, argv []Arg) bool {
	switch name {
	case "tee", "sponge":
		return true
	case "dd":
		for _, x := range argv[1:] {
			if strings.HasPrefix(x.Value, "if=") && x.Value != "if=/dev/stdin" {
				return false
			}
		}
		return true
	case "cp", "install":
		for _, x := range argv[1:] {
			if !x.Dynamic && isStdinPath(x.Value) && x.Value != "-" {
				return true
			}
		}
	}
	return false
}

// within returns a copy of sc for a command run through the wrapper label.
// It costs O(1), however long the chain (scope.go).
func within(sc *scope, label string) *scope {
	in := sc.clone()
	in.wrappers = sc.wrap(label)
	in.stdin, in.stdinDyn, in.stdinSrc = sc.stdin, sc.stdinDyn, sc.stdinSrc
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
// control characters are written as $'\x..' escapes (quote.go).
func Quote(s string) string { return quoteBash(s) }

// withLine returns the scope for a shell line found inside a wrapper.
func withLine(sc *scope, label string) *scope {
	in := within(sc, label)
	in.stdin, in.stdinDyn, in.stdinSrc, in.stdinGlob, in.stdinFrom = nil, false, "", false, nil
	return in
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
