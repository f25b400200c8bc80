package shell

import (
	"path"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// A command name that is still unknown after expansion ($CMD -rf /,
// "$(which rm)" -rf /) is judged at its worst case, like a dynamic
// argument: the arguments are read as those of every command belay knows
// to act on paths whose grammar accepts them, and each reading that has
// an effect is recorded, through "if NAME is CMD", for the rules to judge.
// A reading needs an option the command knows (or dd's key=value
// operands): `$EDITOR file` and "$cmd" --help are read as nothing, since
// an editor, a pager or a compiler takes words like those of any command.

// guessCandidates are the commands whose arguments name paths they act
// on: the top-level entries of the table with an effect role.
var guessCandidates = lazy.Value[[]*command]{Build: func() []*command {
	var out []*command
	for f := range families {
		for i := range families[f] {
			c := &families[f][i]
			if c.run != nil || c.role == roleNone || c.role == roleSelf || strings.ContainsAny(c.name, "*") {
				continue
			}
			out = append(out, c)
		}
	}
	return out
}}

// guessName records the readings of argv whose name is unknown.
func (a *analyzer) guessName(argv []Arg, sc *scope) {
	args := argv[1:]
	hasOpt, hasKV := false, false
	for _, x := range args {
		v := x.Value
		hasOpt = hasOpt || len(v) > 1 && v[0] == '-' && v != "--"
		hasKV = hasKV || strings.Contains(v, "=") && !strings.HasPrefix(v, "-")
	}
	if !hasOpt && !hasKV {
		return
	}
	if a.guesses >= maxGuesses {
		a.limit("too complex to judge here: more than %d commands whose name is only known when they run; the rest are not read as any command", maxGuesses)
		return
	}
	raw := argv[0].Raw
	if raw == "" {
		raw = "the command"
	}
	for _, c := range guessCandidates.Get() {
		if a.full() || !a.charge(costInvoke) {
			return
		}
		if c.role == roleKeyValue {
			if !hasKV {
				continue
			}
		} else if !hasOpt {
			continue
		}
		p := parseArgs(c, args)
		fits := true
		for _, o := range p.opts {
			if o.bad != 0 {
				fits = false
				break
			}
		}
		if !fits || len(p.operands) == 0 {
			continue
		}
		cand := make([]Arg, len(argv))
		copy(cand, argv)
		cand[0] = Arg{Value: c.name, Raw: raw}
		in := within(sc, "if "+raw+" is "+c.name)
		effs := a.effects(cand, &p, in)
		if len(effs) == 0 || p.dryRun() {
			continue
		}
		inv := &Invocation{Argv: cand, Name: c.name, Operands: p.operands, Sub: p.sub, Text: quoteArgv(cand), Stdin: sc.stdin, Effects: effs}
		if len(p.opts) > 0 {
			inv.Options = make([]Option, len(p.opts))
			for i, o := range p.opts {
				inv.Options[i] = Option{Name: o.name, Value: o.value, HasValue: o.hasValue}
			}
		}
		a.guesses++
		a.emit(inv, in)
	}
}

// maxGuesses bounds the readings of unknown names recorded in one
// analysis: a script of a thousand $CC -o … lines is not judged as a
// thousand times every command.
const maxGuesses = 256

// guessRunner records the readings of argv, whose name is unknown, as a
// program that runs a command ($SUDO reboot, "$(which env)" rm -rf /,
// $X nice $Y poweroff, $SUDO -u root rm …): its words from the first
// after its options (or after the value the last of them may take), when
// that is a plain word, as a command of their own; and as a shell
// ($BASH -c 'reboot', ${SH:-sh} -lc …) when an option ending in c is
// followed by literal code that parses as a shell line. Code that does not ($PYTHON -c 'print(1)',
// $EDITOR -c 'set nu' is harmless either way) is read as nothing.
func (a *analyzer) guessRunner(argv []Arg, sc *scope) {
	if a.runners >= maxRunnerGuesses {
		a.limit("too complex to judge here: more than %d commands whose name is only known when they run; the rest are not read as programs that run their arguments", maxRunnerGuesses)
		return
	}
	a.runners++
	raw := argv[0].Raw
	if raw == "" {
		raw = "the command"
	}
	// The command starts at the first word after the options ($SUDO -E
	// rm …), or at the next when the last option took it as its value
	// ($SUDO -u root rm …).
	start := 1
	for start < len(argv) && start <= maxGuessWords && isFlagWord(argv[start]) {
		start++
	}
	cands := []int{start}
	if start > 1 {
		cands = append(cands, start+1)
	}
	done := 0
	for _, i := range cands {
		if i < len(argv) && argv[i].Value == "--" && !argv[i].Dynamic {
			i++ // $SUDO -u root -- reboot
		}
		if i >= len(argv) || i == done {
			break
		}
		done = i
		first := argv[i]
		switch {
		case first.Dynamic && i+1 < len(argv):
			// $X $Y reboot: $Y is guessed in turn.
			a.invoke(argv[i:], within(sc, "if "+raw+" runs its arguments"), nil, "")
		case !first.Dynamic && first.Value != "" && first.Value[0] != '-' && !strings.Contains(first.Value, "=") &&
			(!strings.Contains(first.Value, "/") || strings.HasSuffix(path.Dir(first.Value), "bin")):
			// $EDITOR /etc/hosts names a file; $SUDO /sbin/reboot a command.
			a.invoke(argv[i:], within(sc, "if "+raw+" runs its arguments"), nil, "")
		}
	}
	for i := 1; i+1 < len(argv) && i <= maxGuessWords; i++ {
		o := argv[i].Value
		if argv[i].Dynamic || !shellCodeOpt(o) {
			continue
		}
		code := argv[i+1]
		if code.Dynamic {
			return
		}
		if !a.charge(costParse * len(code.Value)) {
			return
		}
		if _, err := parse(code.Value, Bash); err != nil {
			return
		}
		cand := append([]Arg{{Value: "sh", Raw: raw}}, argv[1:]...)
		a.invoke(cand, within(sc, "if "+raw+" is a shell"), nil, "")
		return
	}
}

// maxRunnerGuesses bounds the unknown names read as programs that run
// their arguments in one analysis: each may read two ways, and a chain of
// them ($A -x $B $C -x $D …) would double at each.
const maxRunnerGuesses = 256

// isFlagWord says whether x is a literal option word (-E, --preserve-env).
func isFlagWord(x Arg) bool {
	return !x.Dynamic && len(x.Value) > 1 && x.Value[0] == '-' && x.Value != "--"
}

// maxGuessWords is how far into an unknown command's words guessRunner
// looks for -c.
const maxGuessWords = 8

// shellCodeOpt says whether o is -c, alone or last in a bundle of a
// shell's one-letter options (-lc, -xec).
func shellCodeOpt(o string) bool {
	if len(o) < 2 || len(o) > 6 || o[0] != '-' || o[len(o)-1] != 'c' {
		return false
	}
	for _, r := range o[1 : len(o)-1] {
		if !strings.ContainsRune("abefhiklmnpstuvxBCEHPT", r) {
			return false
		}
	}
	return true
}
