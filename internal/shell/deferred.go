package shell

import (
	"path"
	"slices"
	"strings"

	"github.com/belay-sh/belay/internal/crontab"
	"github.com/belay-sh/belay/internal/lazy"
	"mvdan.cc/sh/v3/syntax"
)

// Code a line defines now for a shell, cron or systemd to run later: an
// alias, a trap, PROMPT_COMMAND and the prompts' substitutions, a key
// binding, a completion command, a fish abbreviation, a cron job, a line
// added to a shell's startup file, the Exec lines of a systemd unit. It is
// judged where it is defined, as nested code in the language that will
// run it (like sh -c), and its invocations carry what defines it and when
// it would run (Invocation.Deferred), so that the message says "defines an
// alias ls, run when ls is typed: rm -rf / deletes everything under /".
// Where the code comes from what belay cannot see (a URL, a decoded
// string, a variable that is all of it) it is unseen code, as for sh -c;
// a local file or a local program's output is the user's own, as a script
// file is (crontab mycron.txt, cat x >> ~/.bashrc). Everything here goes
// through line(), bounded by its depth, nested bytes and the work budget.

// maxDeferredName bounds a name shown in a phrase (an alias, a path).
const maxDeferredName = 80

// maxCronJobs bounds the jobs of one crontab judged; past it, a limit.
const maxCronJobs = 256

// shown is s quoted for a phrase, bounded.
func shown(s string) string {
	if len(s) > maxDeferredName {
		s = strings.ToValidUTF8(s[:maxDeferredName], "") + "…"
	}
	return Quote(s)
}

// deferScope returns the scopes for code defined now and run later, as
// phrase says: dsc for what is recorded about the definition itself
// (code belay cannot see), in for the code, which starts with no standard
// input. The outermost definition names it: an alias defined in a trap
// set by PROMPT_COMMAND is PROMPT_COMMAND's.
func deferScope(sc *scope, phrase string) (dsc, in *scope) {
	dsc = sc.clone()
	if dsc.deferred == "" {
		dsc.deferred = phrase
	}
	in = dsc.clone()
	in.stdin, in.stdinDyn, in.stdinSrc, in.stdinGlob, in.stdinFrom = nil, false, "", false, nil
	return dsc, in
}

// deferCode judges code made of words that argv defines to run later.
func (a *analyzer) deferCode(argv []Arg, code []Arg, d Dialect, sc *scope, phrase string) {
	if !a.charge(costInvoke) {
		return
	}
	dsc, in := deferScope(sc, phrase)
	// trap "$CMD" EXIT: code belay cannot see, by what it held where it
	// was defined (dsc).
	a.readCode(argv, code, d, dsc, in)
}

// unexpanded returns code given in double quotes with a part unknown
// where the line defines it (alias x="rm -rf $D") as it was written, for
// the nested line to expand in the same scope: the unknown variable is
// then an unknown word of the command (rm -rf $D, judged at its worst
// case), not text left out of it (rm -rf). Only a plain "…" with no
// quote, escape or substitution of its own is read so.
func unexpanded(x Arg, d Dialect) Arg {
	r := x.Raw
	if !x.Dynamic || d == Fish || len(r) < 2 || r[0] != '"' || r[len(r)-1] != '"' {
		return x
	}
	inner := r[1 : len(r)-1]
	if strings.ContainsAny(inner, "\"\\`'") || strings.Contains(inner, "$(") {
		return x
	}
	x.Value = inner
	return x
}

// codeDialect is the language code defined in the line will run in: the
// line's own (an alias is read by the shell that defines it).
func (a *analyzer) codeDialect() Dialect {
	if a.dialect == "" {
		return Bash
	}
	return a.dialect
}

// defines judges the code a builtin or a command defines to run later;
// argv is also recorded as itself by the caller.
func (a *analyzer) defines(argv []Arg, sc *scope) {
	if len(argv) == 0 || argv[0].Dynamic {
		return
	}
	switch path.Base(argv[0].Value) {
	case "alias":
		a.defineAlias(argv, sc)
	case "trap":
		a.defineTrap(argv, sc)
	case "bind":
		a.defineBind(argv, sc)
	case "complete", "compgen":
		a.defineComplete(argv, sc)
	case "abbr":
		if a.dialect == Fish {
			a.defineAbbr(argv, sc)
		}
	case "crontab":
		a.defineCrontab(argv, sc)
	case "systemctl":
		a.systemctlEdit(argv, sc)
	case "git":
		a.gitConfig(argv, sc)
	}
}

// defineAlias judges alias NAME=VALUE… (bash, zsh, sh; zsh's -g global
// and -s suffix aliases too) and fish's alias NAME VALUE.
func (a *analyzer) defineAlias(argv []Arg, sc *scope) {
	ops := argv[1:]
	global, suffix := false, false
	for len(ops) > 0 && !ops[0].Dynamic && strings.HasPrefix(ops[0].Value, "-") && ops[0].Value != "-" {
		v := ops[0].Value
		ops = ops[1:]
		if v == "--" {
			break
		}
		if strings.HasPrefix(v, "--") {
			if v == "--help" {
				return
			}
			continue // fish's --save
		}
		global = global || strings.Contains(v, "g")
		suffix = suffix || strings.Contains(v, "s") && a.dialect == Zsh
		if strings.Contains(v, "h") && a.dialect == Fish {
			return
		}
	}
	if a.dialect == Fish && len(ops) >= 2 && !ops[0].Dynamic && !strings.Contains(ops[0].Value, "=") {
		a.deferCode(argv, ops[1:], Fish, sc, aliasPhrase(ops[0].Value, false, false))
		if len(ops) == 2 && !ops[1].Dynamic {
			a.lineAlias(ops[0].Value, ops[1].Value, false)
		}
		return
	}
	for _, x := range ops {
		name, val, ok := strings.Cut(x.Value, "=")
		if !ok || name == "" {
			continue // alias ls: shows it
		}
		if !x.Dynamic && !suffix {
			a.lineAlias(name, val, global)
		}
		raw := x.Raw
		if r, ok := strings.CutPrefix(raw, name+"="); ok {
			raw = r
		}
		if !x.Dynamic && sameCommand(name, val) {
			continue // alias reboot='sudo reboot': what is typed is judged when it is
		}
		code := Arg{Value: a.fragment(val), Dynamic: x.Dynamic, Raw: raw}
		a.deferCode(argv, []Arg{code}, a.codeDialect(), sc, aliasPhrase(name, global, suffix))
	}
}

// lineAlias makes an alias the line defines one that the commands after
// it expand, as the session's are (session.go): alias r='rm -rf' on one
// line and r / on the next runs rm -rf /. bash and zsh expand an alias
// only on lines read after the one that defines it, so on the same line
// this adds a reading the shell would not make; it can only add
// findings. maxLineAliases bounds them.
func (a *analyzer) lineAlias(name, val string, global bool) {
	if a.inState || len(a.aliases)+len(a.galiases) >= maxLineAliases || len(val) > maxNestedBytes {
		return
	}
	if global {
		if a.dialect != Zsh {
			return
		}
		if a.galiases == nil {
			a.galiases = map[string]string{}
		}
		a.galiases[name] = val
		return
	}
	if a.aliases == nil {
		a.aliases = map[string]string{}
	}
	a.aliases[name] = val
}

// maxLineAliases bounds the aliases a line may define and use.
const maxLineAliases = 256

// fragment returns an alias's value as a line that parses: a global
// alias is often the middle of one (alias -g L='| less', alias
// x='&& make'), read after a command that does nothing.
func (a *analyzer) fragment(v string) string {
	d := a.codeDialect()
	if d == Fish || len(v) > maxNestedBytes || !a.charge(costParse*len(v)) {
		return v
	}
	if _, err := parse(v, d); err == nil {
		return v
	}
	if _, err := parse(": "+v, d); err == nil {
		return ": " + v
	}
	return v
}

// sameCommand says whether an alias's value runs the command its name
// already names and adds nothing to it (alias reboot='sudo reboot', alias
// rm=\\rm): typed, it is judged as that command where it is used.
func sameCommand(name, val string) bool {
	f := strings.Fields(val)
	for len(f) > 1 {
		switch f[0] {
		case "sudo", "doas", "command", "builtin", "nocorrect", "noglob", "env":
			f = f[1:]
			continue
		}
		break
	}
	return len(f) == 1 && path.Base(strings.TrimPrefix(f[0], "\\")) == name
}

func aliasPhrase(name string, global, suffix bool) string {
	switch {
	case suffix:
		return "defines a suffix alias for *." + shown(name) + " files, run when one is typed as a command"
	case global:
		return "defines a global alias " + shown(name) + ", expanded wherever it is typed"
	}
	return "defines an alias " + shown(name) + ", run when " + shown(name) + " is typed"
}

// defineTrap judges trap ACTION CONDITION… (bash, zsh, sh, fish).
func (a *analyzer) defineTrap(argv []Arg, sc *scope) {
	ops := argv[1:]
	for len(ops) > 0 && !ops[0].Dynamic && strings.HasPrefix(ops[0].Value, "-") && ops[0].Value != "-" {
		v := ops[0].Value
		ops = ops[1:]
		if v == "--" {
			break
		}
		if strings.ContainsAny(v, "lph") {
			return // lists traps or signals
		}
	}
	if len(ops) < 2 {
		return // trap SIGNAL resets it
	}
	act := ops[0]
	if !act.Dynamic && (act.Value == "-" || act.Value == "" || isUint(act.Value)) {
		return // reset or ignored; POSIX: a number first means every operand is a condition
	}
	a.deferCode(argv, []Arg{act}, a.codeDialect(), sc, "sets a trap, run "+trapWhen(ops[1:]))
}

func isUint(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// trapWhen says when a trap on conds runs.
func trapWhen(conds []Arg) string {
	var parts []string
	for i, c := range conds {
		if i == 4 {
			parts = append(parts, "…")
			break
		}
		v := strings.ToUpper(strings.TrimPrefix(strings.ToUpper(c.Value), "SIG"))
		switch v {
		case "EXIT", "0":
			parts = append(parts, "when the shell exits")
		case "DEBUG":
			parts = append(parts, "before every command")
		case "ERR", "ZERR":
			parts = append(parts, "when a command fails")
		case "RETURN":
			parts = append(parts, "when a function returns")
		default:
			parts = append(parts, "on "+shown(c.Value))
		}
	}
	return strings.Join(parts, ", ")
}

// deferVar judges an assignment to a variable a shell runs as code later:
// PROMPT_COMMAND (bash runs it before each prompt), and the prompts, whose
// command substitutions run each time one is shown (bash; zsh with
// prompt_subst). sc is the scope before the assignment.
func (a *analyzer) deferVar(as *syntax.Assign, sc *scope) {
	name := as.Name.Value
	if _, _, ok := codeVar(name); !ok || a.dialect == Fish || a.inState || !a.charge(costInvoke) {
		return
	}
	var vals []Arg
	switch {
	case as.Array != nil:
		for _, e := range as.Array.Elems {
			if e.Value != nil {
				vals = a.expandAppend(vals, e.Value, sc)
			}
		}
	case as.Value != nil:
		v, dyn := a.literal(as.Value, sc)
		vals = []Arg{{Value: v, Dynamic: dyn, Raw: a.print(as.Value)}}
	}
	if !sc.pos.IsValid() {
		sc = sc.clone()
		sc.pos = a.pos(sc, as.Pos())
	}
	a.deferVals(name, vals, sc)
}

// codeVar says whether a variable holds code a shell runs later: as a
// command line (code), or by the substitutions in it; when says so.
func codeVar(name string) (code bool, when string, ok bool) {
	switch name {
	case "PROMPT_COMMAND":
		return true, "sets PROMPT_COMMAND, run before every prompt", true
	case "PS0":
		return false, "sets PS0, whose substitutions run before every command", true
	case "PS1", "PROMPT", "PS2", "PROMPT2", "PS3", "PROMPT3", "RPROMPT", "RPS1", "RPROMPT2", "RPS2", "SPROMPT":
		return false, "sets the prompt " + name + ", whose substitutions run each time it is shown", true
	case "PS4", "PROMPT4":
		return false, "sets " + name + ", whose substitutions run for every command traced (set -x)", true
	}
	return false, "", false
}

// deferVals judges the values given to a variable codeVar names.
func (a *analyzer) deferVals(name string, vals []Arg, sc *scope) {
	code, when, ok := codeVar(name)
	if !ok {
		return
	}
	argv := []Arg{{Value: name + "="}}
	dsc, in := deferScope(sc, when)
	for _, x := range vals {
		if code {
			// PROMPT_COMMAND="$PROMPT_COMMAND; history -a": what it was is
			// judged where it was set.
			x.Value = strings.TrimLeft(x.Value, "; \t\n")
			for _, self := range []string{`"$` + name, `"${` + name + `}`} {
				if rest, ok := strings.CutPrefix(x.Raw, self); ok && (rest == "" || !isNameByte(rest[0])) {
					x.Raw = `"` + strings.TrimLeft(rest, "; \t\n")
				}
			}
			a.readCode(argv, []Arg{x}, a.codeDialect(), dsc, in)
			continue
		}
		a.promptSubsts(x.Value, in)
	}
}

// promptSubsts judges the command substitutions of a prompt string.
func (a *analyzer) promptSubsts(s string, in *scope) {
	if !strings.ContainsAny(s, "$`") {
		return
	}
	if a.nested += len(s); a.nested > maxNestedBytes {
		a.limit("more than %d bytes of nested command lines (bash -c, eval, ssh)", maxNestedBytes)
		return
	}
	if !a.charge(costParse * len(s)) {
		return
	}
	d := a.codeDialect()
	p := syntax.NewParser(syntax.Variant(variant(d)))
	w, err := p.Document(strings.NewReader(s))
	if err != nil || w == nil {
		// A prompt the parser cannot read (zsh's ${(%):-…}) may still
		// hold substitutions the shell runs: each $(…) found by its
		// parentheses is judged as a line of its own.
		for i, sub := range promptCommands(s) {
			if i == maxPromptSubsts {
				a.limit("too complex to judge here: more than %d command substitutions in a prompt", maxPromptSubsts)
				break
			}
			a.line(sub, d, in, false)
		}
		return
	}
	saved := a.src
	a.src = s
	a.substs(w, in)
	a.src = saved
}

// maxPromptSubsts bounds the substitutions read from a prompt that does
// not parse.
const maxPromptSubsts = 16

// promptCommands returns the text inside each $(…) and `…` of s, found by
// counting parentheses (quotes not read), up to maxPromptSubsts+1.
func promptCommands(s string) []string {
	var out []string
	for i := 0; i < len(s) && len(out) <= maxPromptSubsts; i++ {
		switch {
		case s[i] == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return out
			}
			out = append(out, s[i+1:i+1+j])
			i += j + 1
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '(':
			depth, j := 0, i+1
			for ; j < len(s); j++ {
				if s[j] == '(' {
					depth++
				} else if s[j] == ')' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			out = append(out, s[i+2:min(j, len(s))])
			i = j
		}
	}
	return out
}

// defineBind judges bash's bind -x KEYSEQ:COMMAND and fish's bind SEQ
// COMMAND…
func (a *analyzer) defineBind(argv []Arg, sc *scope) {
	if a.dialect == Fish {
		ops, opts := fishOpts(argv[1:], "Mm", []string{"--mode", "--sets-mode"})
		for _, o := range opts {
			switch o {
			case "-e", "--erase", "-K", "--key-names", "-f", "--function-names", "-L", "--list-modes", "-h", "--help":
				return
			}
		}
		if len(ops) < 2 {
			return
		}
		phrase := "binds the key " + shown(ops[0].Value) + " to code, run when it is pressed"
		for _, x := range ops[1:] {
			a.deferCode(argv, []Arg{x}, Fish, sc, phrase)
		}
		return
	}
	for _, o := range shortOpts(argv[1:], "fqumrx") {
		if o.name != 'x' {
			continue
		}
		seq, cmd, ok := bindCommand(o.val.Value)
		if !ok {
			continue
		}
		x := o.val
		x.Value = cmd
		a.deferCode(argv, []Arg{x}, a.codeDialect(), sc, "binds the key "+shown(seq)+" to a command, run when it is pressed")
	}
}

// bindCommand splits bind -x's KEYSEQ:COMMAND as bash reads it: the key
// sequence (quoted or not), blanks, a colon, blanks, and the command, one
// pair of quotes around it taken off.
func bindCommand(s string) (seq, cmd string, ok bool) {
	s = strings.TrimLeft(s, " \t")
	i := 0
	if strings.HasPrefix(s, `"`) || strings.HasPrefix(s, `'`) {
		q := s[0]
		for i = 1; i < len(s) && s[i] != q; i++ {
			if s[i] == '\\' {
				i++
			}
		}
		i++
	}
	j := strings.IndexByte(s[min(i, len(s)):], ':')
	if j < 0 {
		return "", "", false
	}
	seq = s[:i+j]
	cmd = strings.TrimLeft(s[i+j+1:], " \t")
	if len(cmd) >= 2 && (cmd[0] == '"' || cmd[0] == '\'') && cmd[len(cmd)-1] == cmd[0] {
		cmd = cmd[1 : len(cmd)-1]
	}
	return strings.TrimSpace(seq), cmd, true
}

// shortOpt is one option of a builtin read by its short letters.
type shortOpt struct {
	name byte
	val  Arg
}

// shortOpts reads the options of a builtin with short options only, those
// in valued taking a value (attached or the next word), up to the first
// operand or "--".
func shortOpts(args []Arg, valued string) []shortOpt {
	var out []shortOpt
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		if args[i].Dynamic || !strings.HasPrefix(v, "-") || v == "-" {
			break
		}
		if v == "--" {
			break
		}
		for j := 1; j < len(v); j++ {
			if strings.IndexByte(valued, v[j]) < 0 {
				out = append(out, shortOpt{name: v[j]})
				continue
			}
			switch {
			case j+1 < len(v):
				x := args[i]
				x.Value = v[j+1:]
				if r, ok := strings.CutPrefix(x.Raw, v[:j+1]); ok {
					x.Raw = r
				}
				out = append(out, shortOpt{name: v[j], val: x})
			case i+1 < len(args):
				i++
				out = append(out, shortOpt{name: v[j], val: args[i]})
			}
			break
		}
	}
	return out
}

// fishOpts reads the options of a fish builtin: short ones (those in
// valued take a value), long ones (those in long take one, attached with
// = or the next word), anywhere among the operands, as fish's argparse
// does. It returns the operands and the options' names, values apart.
func fishOpts(args []Arg, valued string, long []string) (ops []Arg, opts []string) {
	return fishOptsVals(args, valued, long, map[string]Arg{})
}

// fishOptsVals is fishOpts with the options' values, the last of each,
// in vals by name.
func fishOptsVals(args []Arg, valued string, long []string, vals map[string]Arg) (ops []Arg, opts []string) {
	for i := 0; i < len(args); i++ {
		x := args[i]
		v := x.Value
		switch {
		case x.Dynamic || !strings.HasPrefix(v, "-") || v == "-":
			ops = append(ops, x)
		case v == "--":
			return append(ops, args[i+1:]...), opts
		case strings.HasPrefix(v, "--"):
			name, val, eq := strings.Cut(v, "=")
			opts = append(opts, name)
			takes := false
			for _, l := range long {
				takes = takes || l == name
			}
			switch {
			case takes && eq:
				vals[name] = Arg{Value: val, Dynamic: x.Dynamic}
			case takes && i+1 < len(args):
				i++
				vals[name] = args[i]
			}
		default:
			for j := 1; j < len(v); j++ {
				name := "-" + v[j:j+1]
				opts = append(opts, name)
				if strings.IndexByte(valued, v[j]) < 0 {
					continue
				}
				switch {
				case j+1 < len(v):
					vals[name] = Arg{Value: v[j+1:]}
				case i+1 < len(args):
					i++
					vals[name] = args[i]
				}
				break
			}
		}
	}
	return ops, opts
}

// defineComplete judges the code a completion runs: bash's complete -C
// COMMAND and the substitutions of -W WORDLIST (compgen runs them now);
// fish's complete -a ARGUMENTS (its substitutions) and -n CONDITION.
func (a *analyzer) defineComplete(argv []Arg, sc *scope) {
	phrase := "defines a completion, run when a command's arguments are completed"
	if path.Base(argv[0].Value) == "compgen" {
		phrase = ""
	}
	if a.dialect == Fish {
		vals := map[string]Arg{}
		fishOptsVals(argv[1:], "cpsldanw", []string{"--command", "--path", "--short-option", "--long-option",
			"--old-option", "--description", "--arguments", "--condition", "--wraps"}, vals)
		for _, k := range []string{"-n", "--condition"} {
			if x, ok := vals[k]; ok {
				a.deferLine(argv, x, Fish, sc, phrase)
			}
		}
		for _, k := range []string{"-a", "--arguments"} {
			if x, ok := vals[k]; ok {
				// Its words are expanded as fish expands a command's.
				x.Value = "echo " + x.Value
				a.deferLine(argv, x, Fish, sc, phrase)
			}
		}
		return
	}
	for _, o := range shortOpts(argv[1:], "oAGWFCXPS") {
		switch o.name {
		case 'C':
			a.deferLine(argv, o.val, a.codeDialect(), sc, phrase)
		case 'W':
			_, in := deferScope(sc, phrase)
			if phrase == "" {
				in = withLine(sc, "compgen -W")
			}
			a.promptSubsts(o.val.Value, in)
		}
	}
}

// deferLine judges one word of code; with no phrase it runs now (compgen).
func (a *analyzer) deferLine(argv []Arg, x Arg, d Dialect, sc *scope, phrase string) {
	if phrase == "" {
		a.readCode(argv, []Arg{x}, d, sc, withLine(sc, path.Base(argv[0].Value)))
		return
	}
	a.deferCode(argv, []Arg{x}, d, sc, phrase)
}

// defineAbbr judges fish's abbr [-a] NAME EXPANSION…: the expansion is
// what the line becomes when NAME is typed. --set-cursor takes its marker
// only attached (--set-cursor=MARKER).
func (a *analyzer) defineAbbr(argv []Arg, sc *scope) {
	vals := map[string]Arg{}
	ops, opts := fishOptsVals(argv[1:], "rf", []string{"--position", "--regex", "--function"}, vals)
	for _, o := range opts {
		switch o {
		case "-e", "--erase", "-l", "--list", "-s", "--show", "-q", "--query", "--rename", "-h", "--help", "-f", "--function":
			return
		}
	}
	if len(ops) < 2 {
		return
	}
	a.deferCode(argv, ops[1:], Fish, sc, "defines an abbreviation "+shown(ops[0].Value)+", expanded when it is typed")
}

// defineCrontab judges the jobs crontab installs from its standard input
// (crontab, crontab -, crontab -u USER -) or from <(…). A file operand is
// the user's own, as a script file is: not read.
func (a *analyzer) defineCrontab(argv []Arg, sc *scope) {
	var file *Arg
	args := argv[1:]
	for i := 0; i < len(args); i++ {
		x := args[i]
		v := x.Value
		switch {
		case x.Dynamic || !strings.HasPrefix(v, "-") || v == "-":
			if file == nil {
				file = &args[i]
			}
		case v == "--":
			if i+1 < len(args) && file == nil {
				file = &args[i+1]
			}
			i = len(args)
		default:
			for j := 1; j < len(v); j++ {
				switch v[j] {
				case 'l', 'r', 'e', 'V', 'T', 'h':
					return // lists, removes, edits, checks: installs nothing from the line
				case 'u', 'n':
					if j+1 == len(v) {
						i++
					}
					j = len(v)
				}
			}
		}
	}
	switch {
	case file == nil || !file.Dynamic && isStdinPath(file.Value):
		dsc, _ := deferScope(sc, "installs a crontab")
		if sc.stdin != nil {
			a.cronJobs(*sc.stdin, crontab.User, "installs a cron job", sc)
		}
		if sc.stdinSrc != "" && deferUnseen(sc.stdinSrc) {
			a.unseenCode(argv, sc.stdinSrc, dsc)
		}
	case file.Dynamic && strings.HasPrefix(file.Raw, "<("):
		ps := procSubst(parseWord(file.Raw))
		if ps == nil {
			return
		}
		out := a.procOutput(ps, sc, true)
		if out.text != nil {
			a.cronJobs(*out.text, crontab.User, "installs a cron job", sc)
		}
		if out.src != "" && deferUnseen(out.src) {
			dsc, _ := deferScope(sc, "installs a crontab")
			a.unseenCode(argv, out.src, dsc)
		}
	}
}

// deferUnseen says whether text installed to run later that comes from
// src (unseen.go) is code belay cannot see: fetched from the network, or
// decoded. A local program's output rewritten by a filter (crontab -l |
// sed … | crontab -, a variable echoed) is the user's own, as a local
// file is: installing it is ordinary work, and it is judged when it runs.
func deferUnseen(src string) bool {
	cmd, ok := strings.CutPrefix(src, "the output of `")
	if !ok {
		return true // a URL or a socket
	}
	for _, w := range strings.FieldsFunc(cmd, func(r rune) bool { return strings.ContainsRune(" \t|;&()`$<>'\"", r) }) {
		switch b := path.Base(w); {
		case slices.Contains(fetchers, b), slices.Contains(decoders, b):
			return true
		}
	}
	return false
}

// decoders turn text into other text: code they print was not seen.
var decoders = []string{"base64", "base32", "basenc", "xxd", "uudecode", "openssl", "gpg", "gunzip", "zcat", "bzip2", "xz", "rev"}

// systemctlEdit judges systemctl edit --stdin UNIT…: the drop-in (or
// with --full the unit) it writes from its standard input.
func (a *analyzer) systemctlEdit(argv []Arg, sc *scope) {
	edit, stdin := false, false
	var units []string
	for _, x := range argv[1:] {
		switch v := x.Value; {
		case x.Dynamic:
		case v == "edit":
			edit = true
		case v == "--stdin":
			stdin = true
		case edit && !strings.HasPrefix(v, "-"):
			units = append(units, v)
		}
	}
	if !edit || !stdin || len(units) == 0 || sc.stdin == nil && sc.stdinSrc == "" {
		return
	}
	e := Effect{Kind: Write, Path: "/etc/systemd/system/" + units[0] + ".d/override.conf"}
	a.fileCode(argv, "", e, fileCode{unit: true}, stageOut{text: sc.stdin, dyn: sc.stdinDyn, src: sc.stdinSrc}, sc)
}

// gitConfig judges git config [--global…] KEY VALUE (and git config set
// KEY VALUE) for a setting git runs as a command later: alias.NAME='!…',
// core.pager, core.sshCommand… (gitConfigLine, optlines.go).
func (a *analyzer) gitConfig(argv []Arg, sc *scope) {
	args := argv[1:]
	i := 0
	for ; i < len(args); i++ {
		v := args[i].Value
		if args[i].Dynamic {
			return
		}
		if v == "-C" || v == "-c" {
			i++
			continue
		}
		if !strings.HasPrefix(v, "-") {
			break
		}
	}
	if i >= len(args) || args[i].Value != "config" {
		return
	}
	var ops []Arg
	for j := i + 1; j < len(args); j++ {
		x := args[j]
		v := x.Value
		switch {
		case x.Dynamic || !strings.HasPrefix(v, "-"):
			ops = append(ops, x)
		case v == "-f" || v == "--file" || v == "--blob" || v == "-t" || v == "--type" || v == "--comment" || v == "--default":
			j++
		case v == "--get" || v == "--get-all" || v == "--unset" || v == "--unset-all" || v == "-l" || v == "--list" ||
			v == "--get-regexp" || v == "--remove-section" || v == "--rename-section" || v == "-e" || v == "--edit":
			return
		}
	}
	if len(ops) > 0 && !ops[0].Dynamic && ops[0].Value == "set" {
		ops = ops[1:]
	}
	if len(ops) < 2 || ops[0].Dynamic {
		return
	}
	key := ops[0].Value
	name := ""
	if k, ok := strings.CutPrefix(strings.ToLower(key), "alias."); ok {
		name = k
	}
	line, kind := gitConfigLine(key, ops[1].Value, name)
	if kind == 0 {
		return
	}
	phrase := "sets git's " + shown(key) + ", run when git uses it"
	if name != "" {
		phrase = "defines a git alias " + shown(name) + ", run when git " + shown(name) + " is typed"
	}
	x := ops[1]
	x.Value = line
	a.deferCode(argv, []Arg{x}, POSIX, sc, phrase)
}

// cronJobs judges the jobs of a crontab's text in format f, each as the
// line cron hands to /bin/sh -c; verb says what puts them there.
func (a *analyzer) cronJobs(text string, f crontab.Format, verb string, sc *scope) {
	n := 0
	for e := range crontab.Parse(text, f) {
		if e.Kind != crontab.Job {
			continue
		}
		if n++; n > maxCronJobs {
			a.limit("too complex to judge here: more than %d cron jobs in one crontab", maxCronJobs)
			return
		}
		if !a.charge(costInvoke) {
			return
		}
		phrase := verb + ", run " + cronWhen(e.Schedule)
		if e.User != "" {
			phrase += " as " + shown(e.User)
		}
		code, _ := e.Shell()
		_, in := deferScope(sc, phrase)
		a.line(code, POSIX, in, false)
	}
}

// cronWhen says when a job on a schedule runs.
func cronWhen(sched []string) string {
	s := strings.Join(sched, " ")
	switch s {
	case "@reboot":
		return "at every boot"
	case "* * * * *":
		return "every minute"
	case "@hourly":
		return "every hour"
	case "@daily", "@midnight":
		return "every day"
	case "@weekly":
		return "every week"
	case "@monthly":
		return "every month"
	case "@yearly", "@annually":
		return "every year"
	}
	return "at " + shown(s)
}

// fileCode is what runs the code a file holds, by its path.
type fileCode struct {
	dialect Dialect        // the shell that reads it; "" for none
	cron    bool           // a crontab, in format
	format  crontab.Format // of a crontab
	unit    bool           // a systemd unit or drop-in: its Exec lines
	udev    bool           // udev rules: their RUN and PROGRAM programs
	keys    bool           // ssh's authorized_keys: the command="…" of a key
	rotate  bool           // a logrotate configuration: its postrotate… endscript scripts
	when    string         // when what it holds runs
}

// startupNames are the files a shell reads when it starts or ends,
// wherever they are ($HOME, $ZDOTDIR, /etc/skel), and when.
var startupNames = lazy.Value[map[string]fileCode]{Build: func() map[string]fileCode {
	return map[string]fileCode{
		".bashrc":       {dialect: Bash, when: "in every new interactive bash"},
		".bash_aliases": {dialect: Bash, when: "in every new interactive bash"},
		".bash_profile": {dialect: Bash, when: "at every login"},
		".bash_login":   {dialect: Bash, when: "at every login"},
		".profile":      {dialect: Bash, when: "at every login"},
		".bash_logout":  {dialect: Bash, when: "at every logout"},
		".zshrc":        {dialect: Zsh, when: "in every new interactive zsh"},
		".zshenv":       {dialect: Zsh, when: "in every zsh that starts"},
		".zprofile":     {dialect: Zsh, when: "at every login"},
		".zlogin":       {dialect: Zsh, when: "at every login"},
		".zlogout":      {dialect: Zsh, when: "at every logout"},
		".kshrc":        {dialect: POSIX, when: "in every new interactive ksh"},
		".mkshrc":       {dialect: POSIX, when: "in every new interactive mksh"},
		".shrc":         {dialect: POSIX, when: "in every new interactive sh"},
		".xprofile":     {dialect: Bash, when: "at every graphical login"},
		".xsessionrc":   {dialect: Bash, when: "at every graphical login"},
		".xinitrc":      {dialect: Bash, when: "at every startx"},
	}
}}

// etcStartup are system-wide startup files by full path.
var etcStartup = lazy.Value[map[string]fileCode]{Build: func() map[string]fileCode {
	return map[string]fileCode{
		"/etc/profile":          {dialect: Bash, when: "at every login"},
		"/etc/bashrc":           {dialect: Bash, when: "in every new interactive bash"},
		"/etc/zshrc":            {dialect: Zsh, when: "in every new interactive zsh"},
		"/etc/zshenv":           {dialect: Zsh, when: "in every zsh that starts"},
		"/etc/zprofile":         {dialect: Zsh, when: "at every login"},
		"/etc/zlogin":           {dialect: Zsh, when: "at every login"},
		"/etc/zlogout":          {dialect: Zsh, when: "at every logout"},
		"/etc/zsh/zshrc":        {dialect: Zsh, when: "in every new interactive zsh"},
		"/etc/zsh/zshenv":       {dialect: Zsh, when: "in every zsh that starts"},
		"/etc/zsh/zprofile":     {dialect: Zsh, when: "at every login"},
		"/etc/zsh/zlogin":       {dialect: Zsh, when: "at every login"},
		"/etc/zsh/zlogout":      {dialect: Zsh, when: "at every logout"},
		"/etc/bash.bashrc":      {dialect: Bash, when: "in every new interactive bash"},
		"/etc/bash.bash_logout": {dialect: Bash, when: "at every logout"},
		"/etc/rc.local":         {dialect: Bash, when: "at every boot"},
		"/etc/rc.d/rc.local":    {dialect: Bash, when: "at every boot"},
		"/etc/ssh/sshrc":        {dialect: Bash, when: "at every ssh login"},
		"/etc/crontab":          {cron: true, format: crontab.System},
		"/etc/anacrontab":       {},
	}
}}

// gitHooks are the hooks git runs from .git/hooks (githooks(5)).
var gitHooks = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"applypatch-msg": true, "pre-applypatch": true, "post-applypatch": true,
		"pre-commit": true, "pre-merge-commit": true, "prepare-commit-msg": true, "commit-msg": true,
		"post-commit": true, "pre-rebase": true, "post-checkout": true, "post-merge": true, "pre-push": true,
		"pre-receive": true, "update": true, "proc-receive": true, "post-receive": true, "post-update": true,
		"reference-transaction": true, "push-to-checkout": true, "pre-auto-gc": true, "post-rewrite": true,
		"sendemail-validate": true, "fsmonitor-watchman": true, "post-index-change": true}
}}

// codeFile says what runs the code in the file at p, an effect's path
// (absolute, or worst case with unknown parts left out); ok is false for
// a file that is not code run later.
func codeFile(p string) (fileCode, bool) {
	if p == "" {
		return fileCode{}, false
	}
	if fc, ok := etcStartup.Get()[p]; ok {
		return fc, fc.dialect != "" || fc.cron
	}
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	if fc, ok := startupNames.Get()[base]; ok {
		return fc, true
	}
	switch {
	case base == "rc" && path.Base(dir) == ".ssh":
		return fileCode{dialect: Bash, when: "at every ssh login"}, true
	case dir == "/etc/profile.d":
		return fileCode{dialect: Bash, when: "at every login"}, true
	case dir == "/etc/cron.d":
		return fileCode{cron: true, format: crontab.System}, true
	case dir == "/var/spool/cron/crontabs" || dir == "/var/spool/cron/tabs" || dir == "/var/spool/cron":
		return fileCode{cron: true, format: crontab.User}, true
	case dir == "/etc/cron.hourly":
		return fileCode{dialect: Bash, when: "every hour by cron"}, true
	case dir == "/etc/cron.daily":
		return fileCode{dialect: Bash, when: "every day by cron"}, true
	case dir == "/etc/cron.weekly":
		return fileCode{dialect: Bash, when: "every week by cron"}, true
	case dir == "/etc/cron.monthly":
		return fileCode{dialect: Bash, when: "every month by cron"}, true
	case base == "config.fish" && path.Base(dir) == "fish":
		return fileCode{dialect: Fish, when: "in every new fish"}, true
	case strings.HasSuffix(base, ".fish") && path.Base(dir) == "conf.d" && path.Base(path.Dir(dir)) == "fish":
		return fileCode{dialect: Fish, when: "in every new fish"}, true
	case strings.HasPrefix(dir, "/etc/zsh/") || dir == "/etc/zsh":
		return fileCode{dialect: Zsh, when: "when zsh starts"}, true
	case dir == "/etc/logrotate.d" || p == "/etc/logrotate.conf":
		return fileCode{rotate: true}, true
	case dir == "/etc/init.d" || dir == "/etc/rc.d/init.d":
		return fileCode{dialect: Bash, when: "by init when the service starts or stops, at boot if it is enabled"}, true
	case strings.HasSuffix(base, ".desktop") && path.Base(dir) == "autostart":
		// ~/.config/autostart, /etc/xdg/autostart: the Exec= line runs
		// at the next graphical login (read as a unit's Exec lines).
		return fileCode{unit: true}, true
	}
	switch {
	case strings.HasSuffix(dir, "/udev/rules.d") && strings.HasSuffix(base, ".rules"):
		return fileCode{udev: true}, true
	case (base == "authorized_keys" || base == "authorized_keys2") && path.Base(dir) == ".ssh":
		return fileCode{keys: true}, true
	case path.Base(dir) == "hooks" && path.Base(path.Dir(dir)) == ".git" && gitHooks.Get()[base]:
		// A hook runs as the script it is; #!/bin/sh is the usual first line.
		return fileCode{dialect: Bash, when: "by git as its " + base + " hook"}, true
	}
	if strings.Contains(dir, "/systemd/") || strings.HasSuffix(dir, "/systemd") {
		ext := path.Ext(base)
		switch {
		case ext == ".service" || ext == ".socket":
			return fileCode{unit: true}, true
		case ext == ".conf" && (strings.HasSuffix(dir, ".service.d") || strings.HasSuffix(dir, ".socket.d")):
			return fileCode{unit: true}, true
		}
	}
	return fileCode{}, false
}

// deferredWrites judges what a statement writes into files whose code
// runs later (echo reboot >> ~/.bashrc, cat <<EOF > /etc/cron.d/x): effs
// are its redirections' effects, in what the statement reads.
func (a *analyzer) deferredWrites(s *syntax.Stmt, effs []Effect, sc *scope) {
	if !sc.pos.IsValid() {
		// What it writes is reported where the statement is.
		sc = sc.clone()
		sc.pos = a.pos(sc, s.Pos())
	}
	var in stageOut
	computed := false
	for _, e := range withWritten(s, effs) {
		if e.Kind != Write && e.Kind != Append {
			continue
		}
		fc, ok := codeFile(e.Path)
		if !ok {
			continue
		}
		if !computed {
			computed = true
			in = a.stageOutput(s, stageOut{text: sc.stdin, dyn: sc.stdinDyn, src: sc.stdinSrc}, sc, true)
		}
		a.fileCode(nil, a.print(s), e, fc, in, sc)
	}
}

// withWritten adds to effs, when one of them has no known path, the
// redirections' words as written: ssh host 'echo x >> ~/.bashrc' writes a
// ~/.bashrc whose home is not known here, but still a startup file.
func withWritten(s *syntax.Stmt, effs []Effect) []Effect {
	unknown := false
	for _, e := range effs {
		unknown = unknown || e.Path == "" && e.Dynamic
	}
	if !unknown {
		return effs
	}
	out := effs[:len(effs):len(effs)]
	for _, r := range s.Redirs {
		k := Write
		switch r.Op {
		case syntax.AppOut, syntax.AppAll:
			k = Append
		case syntax.RdrOut, syntax.RdrClob, syntax.RdrAll, syntax.RdrAllClob:
		default:
			continue
		}
		if w, ok := wordLit(r.Word); ok || r.Word != nil && len(r.Word.Parts) > 0 {
			if !ok {
				w = wordText(r.Word)
			}
			out = append(out, Effect{Kind: k, Path: w, Dynamic: true})
		}
	}
	return out
}

// wordText is a word's literal parts, the rest left out: ~/.bashrc,
// "$HOME"/.bashrc as /.bashrc.
func wordText(w *syntax.Word) string {
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(p.Value)
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		}
	}
	return b.String()
}

// deferredTee judges what tee (or dd, cp /dev/stdin…) writes from its
// standard input into files whose code runs later (echo reboot | sudo tee
// -a /etc/profile): effs are the command's own.
func (a *analyzer) deferredTee(argv []Arg, effs []Effect, sc *scope) {
	a.codeWrites(argv, effs, stageOut{text: sc.stdin, dyn: sc.stdinDyn, src: sc.stdinSrc}, sc)
}

// codeWrites judges what argv writes, out, into those of its effects'
// files whose code runs later.
func (a *analyzer) codeWrites(argv []Arg, effs []Effect, out stageOut, sc *scope) {
	for _, e := range effs {
		if e.Kind != Write && e.Kind != Append {
			continue
		}
		if fc, ok := codeFile(e.Path); ok {
			a.fileCode(argv, "", e, fc, out, sc)
		}
		if !e.Dynamic && e.Path != "" && e.Path != "/dev/null" && !strings.HasPrefix(e.Path, "/dev/") {
			// tee x.sh <<< 'rm -rf /'; sh x.sh, curl -o i.sh URL; bash
			// i.sh: what a script the line then runs holds (ownfiles.go).
			a.remember(&a.own.files, ownKey(e.Path, sc), out, e.Kind == Append)
		}
	}
}

// deferredFetch judges what a download writes into files whose code runs
// later (curl -o ~/.bashrc URL, wget -O /etc/cron.d/x URL): code fetched
// from the network, which belay cannot see.
func (a *analyzer) deferredFetch(argv []Arg, effs []Effect, sc *scope) {
	src := "the network"
	for _, x := range argv[1:] {
		if u := urlRE.Get().FindString(x.Value); u != "" {
			src = u
			break
		}
	}
	a.codeWrites(argv, effs, stageOut{src: src}, sc)
}

// fileCode judges text written by effect e into a file whose code runs
// later, as fc says: the code it knows, and code belay cannot see where
// the text comes from somewhere no one can read. The writer is argv, or
// the statement text when it is a redirection.
func (a *analyzer) fileCode(argv []Arg, text string, e Effect, fc fileCode, out stageOut, sc *scope) {
	verb := "adds to " + shown(e.Path)
	if e.Kind == Write {
		verb = "writes to " + shown(e.Path)
	}
	if out.src != "" && deferUnseen(out.src) {
		dsc, _ := deferScope(sc, verb+" code that runs later")
		if argv != nil {
			a.unseenCode(argv, out.src, dsc)
		} else {
			a.emit(&Invocation{Text: text, Effects: []Effect{{Kind: Unseen, Path: out.src, Dynamic: true}}}, dsc)
		}
	}
	if out.text == nil || !a.charge(costInvoke) {
		return
	}
	switch {
	case fc.cron:
		a.cronJobs(*out.text, fc.format, verb+" a cron job", sc)
	case fc.unit:
		a.unitExecs(*out.text, verb, sc)
	case fc.udev:
		a.quotedCommands(*out.text, udevKeys, verb+" a udev rule, run when a device matches it", POSIX, sc)
	case fc.keys:
		a.quotedCommands(*out.text, []string{"command="}, verb+" a key whose command runs at every ssh login with it", Bash, sc)
	case fc.rotate:
		a.rotateScripts(*out.text, verb, sc)
	case fc.dialect != "":
		_, in := deferScope(sc, verb+" code run "+fc.when)
		a.line(*out.text, fc.dialect, in, false)
	}
}

// udevKeys are the assignments of a udev rule whose value is a program
// it runs (RUN{builtin} is udev's own code, not a program).
var udevKeys = []string{"RUN=", "RUN+=", "RUN:=", "RUN{program}=", "RUN{program}+=", "RUN{program}:=", "PROGRAM=", "IMPORT{program}="}

// maxQuoted bounds the commands read from one file by quotedCommands.
const maxQuoted = 256

// quotedCommands judges the double-quoted values after each of keys in
// text (RUN+="…" of a udev rule, command="…" of an authorized key; \"
// in them is a quote) as lines of code in dialect d.
func (a *analyzer) quotedCommands(text string, keys []string, phrase string, d Dialect, sc *scope) {
	n := 0
	for _, k := range keys {
		rest := text
		for {
			i := strings.Index(rest, k+`"`)
			if i < 0 {
				break
			}
			if i > 0 && (rest[i-1] == '_' || rest[i-1] >= 'A' && rest[i-1] <= 'Z' || rest[i-1] >= 'a' && rest[i-1] <= 'z') {
				rest = rest[i+len(k):] // ENV{X_RUN}=…, not RUN
				continue
			}
			rest = rest[i+len(k)+1:]
			var b strings.Builder
			j := 0
			for ; j < len(rest) && rest[j] != '"' && rest[j] != '\n'; j++ {
				if rest[j] == '\\' && j+1 < len(rest) && rest[j+1] == '"' {
					j++
				}
				b.WriteByte(rest[j])
			}
			rest = rest[j:]
			if n++; n > maxQuoted {
				a.limit("too complex to judge here: more than %d commands in one file", maxQuoted)
				return
			}
			_, in := deferScope(sc, phrase)
			a.line(b.String(), d, in, false)
		}
	}
}

// maxUnitLines bounds the lines of a unit file read for Exec lines.
const maxUnitLines = 4096

// unitExecs judges the Exec lines of a systemd unit or drop-in: each a
// command line systemd runs (not through a shell), judged as one.
func (a *analyzer) unitExecs(text, verb string, sc *scope) {
	for i, l := range strings.Split(text, "\n") {
		if i == maxUnitLines {
			a.limit("too complex to judge here: more than %d lines in a unit file", maxUnitLines)
			return
		}
		k, v, ok := strings.Cut(strings.TrimSpace(l), "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		var when string
		switch k {
		case "ExecStart", "ExecStartPre", "ExecStartPost", "ExecCondition":
			when = "when the unit starts"
		case "ExecStop", "ExecStopPre", "ExecStopPost":
			when = "when the unit stops"
		case "ExecReload":
			when = "when the unit reloads"
		case "Exec":
			when = "at the next graphical login" // an XDG autostart entry
		default:
			continue
		}
		// Prefixes: - ignores failure, @ sets argv[0], : no
		// substitution, + and ! privileges.
		v = strings.TrimLeft(strings.TrimSpace(v), "-@:+!|")
		if v == "" {
			continue
		}
		_, in := deferScope(sc, verb+" "+k+"=, run "+when)
		a.line(v, POSIX, in, false)
	}
}

// rotateScripts judges the scripts of a logrotate configuration: the
// lines between postrotate, prerotate, firstaction, lastaction or
// preremove and endscript, which logrotate hands to /bin/sh as root when
// it rotates the logs. Text after the keyword on its line is read too,
// and a script without its endscript runs to the end of the text: the
// worst case of what logrotate reads.
func (a *analyzer) rotateScripts(text, verb string, sc *scope) {
	var script []string
	key := ""
	n := 0
	flush := func() bool {
		if key == "" {
			return true
		}
		if n++; n > maxQuoted {
			a.limit("too complex to judge here: more than %d scripts in one logrotate configuration", maxQuoted)
			return false
		}
		_, in := deferScope(sc, verb+" a logrotate "+key+" script, run as root when the logs rotate")
		a.line(strings.Join(script, "\n"), POSIX, in, false)
		key, script = "", nil
		return true
	}
	for i, l := range strings.Split(text, "\n") {
		if i == maxUnitLines {
			a.limit("too complex to judge here: more than %d lines in a logrotate configuration", maxUnitLines)
			break
		}
		f := strings.Fields(l)
		if key != "" {
			if len(f) > 0 && f[0] == "endscript" {
				if !flush() {
					return
				}
				continue
			}
			script = append(script, l)
			continue
		}
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "postrotate", "prerotate", "firstaction", "lastaction", "preremove":
			key = f[0]
			rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), f[0]))
			if rest, _, _ = strings.Cut(rest, "endscript"); strings.TrimSpace(rest) != "" {
				script = append(script, rest)
			}
			if len(f) > 1 && f[len(f)-1] == "endscript" && !flush() {
				return
			}
		}
	}
	flush()
}

// isNameByte says whether b may continue a shell variable name.
func isNameByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
