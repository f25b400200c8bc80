package shell

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/expand"
)

// Which commands reboot, halt or power off the machine is in the command
// table (commands_system.go): reboot, shutdown but not shutdown -c,
// systemctl reboot and systemctl start reboot.target, init 6, kexec but not
// kexec -l. Here is the one way that is not a command: a write to the
// kernel's SysRq trigger.

// sysrqTrigger is the file whose first byte the kernel runs as a SysRq key.
const sysrqTrigger = "/proc/sysrq-trigger"

// appendWrites reports whether appending to p is writing it: p is a
// kernel file under /proc or /sys, which has no end to append at (echo b
// >> /proc/sysrq-trigger reboots as > does).
func appendWrites(p string) bool {
	return strings.HasPrefix(p, "/proc/") || strings.HasPrefix(p, "/sys/")
}

// sysrqPowerKeys are the SysRq keys that take the machine down: reboot,
// power off, crash.
const sysrqPowerKeys = "bocBOC"

// PowersOff reports whether the invocation reboots, halts, powers off or
// kexecs the machine it runs on, in any of the usual spellings.
func (inv *Invocation) PowersOff() bool {
	for _, e := range inv.Effects {
		if e.Kind == Power {
			return true
		}
	}
	return false
}

// Reboots reports whether any invocation of the analysis powers off or
// reboots this machine (not a host reached through ssh). Facts use it to
// judge cron, at and shutdown lines with the same analyzer as check.
func (a *Analysis) Reboots() bool {
	for _, inv := range a.Invocations {
		if inv.Remote == "" && inv.PowersOff() {
			return true
		}
	}
	return false
}

// sysrq adds the power effect to an invocation that writes a key that
// takes the machine down to /proc/sysrq-trigger, or a key not known here.
func sysrq(inv *Invocation) {
	if inv.DryRun || inv.PowersOff() {
		return
	}
	for _, e := range inv.Effects {
		if e.Kind == Write && isTrigger(e.Path, e.Glob) {
			powerIfKey(inv)
			return
		}
	}
	// tee -a is no write in the table (it appends), but appending to the
	// trigger is writing it.
	if inv.Name == "tee" {
		for _, op := range inv.Operands {
			if !path.IsAbs(op) && inv.Cwd != "" {
				op = path.Join(inv.Cwd, op)
			}
			if glob := strings.ContainsAny(op, "*?["); isTrigger(path.Clean(op), glob) {
				inv.Effects = append(inv.Effects, Effect{Kind: Write, Path: path.Clean(op), Glob: glob})
				powerIfKey(inv)
				return
			}
		}
	}
}

func isTrigger(p string, glob bool) bool {
	return p == sysrqTrigger || glob && globMatch(p, sysrqTrigger)
}

// powerIfKey adds the power effect when what the invocation writes to the
// trigger takes the machine down, or is not known.
func powerIfKey(inv *Invocation) {
	if text, ok := writtenText(inv); !ok || sysrqPowers(text) {
		inv.Effects = append(inv.Effects, Effect{Kind: Power})
	}
}

func globMatch(pat, name string) bool {
	ok, err := path.Match(pat, name)
	return ok && err == nil
}

// sysrqPowers reports whether text, written to the trigger, takes the
// machine down: its first byte, or with "_" first (bulk mode, Linux 5.13)
// any byte up to the end of the line.
func sysrqPowers(text string) bool {
	if text == "" {
		return false
	}
	if text[0] != '_' {
		return strings.IndexByte(sysrqPowerKeys, text[0]) >= 0
	}
	line, _, _ := strings.Cut(text[1:], "\n")
	return strings.ContainsAny(line, sysrqPowerKeys)
}

// writtenText is what an invocation writes, when that is known: the
// output of echo and printf, the input tee, dd and cat copy.
func writtenText(inv *Invocation) (string, bool) {
	switch inv.Name {
	case "echo", "printf":
		out, dyn, ok := commandOutput(inv.Argv)
		return out, ok && !dyn
	case "tee", "dd", "cat":
		if inv.Stdin != nil && (inv.Name != "cat" || len(inv.Argv) == 1) {
			return *inv.Stdin, true
		}
	}
	return "", false
}

// lookupOutput is the name a lookup of one command prints: which NAME,
// command -v NAME, type -P NAME (-p, -fP), zsh's whence -p NAME; false for
// anything else (command NAME runs it; type NAME describes it).
func lookupOutput(argv []Arg) (string, bool) {
	var name string
	flag := false
	for _, x := range argv[1:] {
		v := x.Value
		switch {
		case x.Dynamic:
			return "", false
		case len(v) > 1 && v[0] == '-' && name == "":
			if strings.Trim(v[1:], "vpPfa") != "" {
				return "", false // which -a, type -t: not one path
			}
			flag = flag || strings.ContainsAny(v[1:], "vpP")
		case name != "":
			return "", false
		default:
			name = v
		}
	}
	switch path.Base(argv[0].Value) {
	case "command", "type", "whence":
		if !flag {
			return "", false
		}
	case "hash":
		return "", false
	}
	return name, name != "" && !strings.ContainsAny(name, " \t\n")
}

// commandOutput is what echo or printf print for argv, known without
// running anything; dyn when part of it could not be resolved. echo reads
// -n, -e and -E; without -e the escapes that dash's and zsh's echo take
// anyway are judged too: the output holds both readings, a line each. A
// printf format with a width or precision over maxFormatWidth is not
// computed (printf '%0999999999d' would print a gigabyte).
func commandOutput(argv []Arg) (out string, dyn, ok bool) {
	if len(argv) == 0 {
		return "", false, false
	}
	for _, x := range argv {
		dyn = dyn || x.Dynamic
	}
	switch path.Base(argv[0].Value) {
	case "which", "command", "type", "whence", "hash":
		// $(which rm), $(command -v reboot), $(type -P rm): where the
		// command is found, which runs it again; its name stands for
		// the path. Dynamic: what the host's PATH finds is read as that
		// name and, as any name known only when the line runs, guessed.
		if name, ok := lookupOutput(argv); ok {
			return name + "\n", true, true
		}
		return "", dyn, false
	case "echo":
		args := argv[1:]
		nl, esc, noEsc := true, false, false
		for len(args) > 0 && isEchoFlags(args[0].Value) {
			for _, c := range args[0].Value[1:] {
				switch c {
				case 'n':
					nl = false
				case 'e':
					esc, noEsc = true, false
				case 'E':
					esc, noEsc = false, true
				}
			}
			args = args[1:]
		}
		parts := make([]string, len(args))
		for i, x := range args {
			parts[i] = x.Value
		}
		raw := strings.Join(parts, " ")
		out = raw
		if esc || !noEsc {
			out = echoEscapes(raw)
			if !esc && out != raw {
				out = raw + "\n" + out
			}
		}
		if nl {
			out += "\n"
		}
		return out, dyn, true
	case "printf":
		args := argv[1:]
		if len(args) > 0 && args[0].Value == "--" {
			args = args[1:]
		}
		if len(args) == 0 || strings.HasPrefix(args[0].Value, "-v") || wideFormat(args[0].Value) {
			return "", dyn, false
		}
		rest := make([]string, 0, len(args)-1)
		for _, x := range args[1:] {
			rest = append(rest, x.Value)
		}
		f := args[0].Value
		s, n, err := expand.Format(nil, f, rest)
		if err != nil || len(s) > maxStageBytes {
			return "", dyn, false
		}
		if n > 0 && n < len(rest) {
			// The format is used again while arguments are left: once
			// more for all of them, written out, which costs one call.
			again := (len(rest) - n + n - 1) / n
			if len(f)*again > maxStageBytes {
				return "", dyn, false
			}
			more, _, err := expand.Format(nil, strings.Repeat(f, again), rest[n:])
			if err != nil || len(s)+len(more) > maxStageBytes {
				return "", dyn, false
			}
			s += more
		}
		return s, dyn, true
	}
	return "", dyn, false
}

// isEchoFlags reports whether an argument of echo is its options (-n,
// -e, -E and bundles of them), as bash's echo reads them.
func isEchoFlags(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	return strings.Trim(s[1:], "neE") == ""
}

// wideFormat reports whether a printf format asks for a width or a
// precision over maxFormatWidth, or takes one from an argument (%*d).
func wideFormat(f string) bool {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		for i < len(f) && strings.IndexByte("-+ #0'", f[i]) >= 0 {
			i++ // flags
		}
		for i < len(f) && (f[i] >= '0' && f[i] <= '9' || f[i] == '.' || f[i] == '*') {
			if f[i] == '*' {
				return true
			}
			n := 0
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				if n = n*10 + int(f[i]-'0'); n > maxFormatWidth {
					return true
				}
				i++
			}
			if i < len(f) && f[i] == '.' {
				i++
			}
		}
	}
	return false
}
