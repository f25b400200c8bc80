package shell

import (
	"path"
	"strconv"
	"strings"
)

// Terminal multiplexers run commands three ways: as a window's program
// (tmux new CMD, screen -dm CMD), as a line for a
// shell (tmux run-shell LINE), and as keys typed into a shell that is
// already running (tmux send-keys 'rm -rf /' Enter, screen -X stuff). Typed
// keys are judged as the line they type; keys that recall or edit what
// belay cannot see (Up, C-r, M-.) are code it cannot see. expect's Tcl
// (spawn, system, send) is read by internal/inline (commands_interpreters.go).

// wrapTmux sees what a tmux command line runs: -c LINE, and each command
// of a sequence separated by ";" by its subcommand's entry.
func (a *analyzer) wrapTmux(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	name := path.Base(argv[0].Value)
	wa := readWrapper(c, argv[1:])
	if line, label, ok := lineOption(c.run, wa.opts, nil); ok {
		a.readCode(argv, []Arg{line}, Bash, sc, within(sc, name+" "+label))
		a.redirection(redir, sc)
		return true
	}
	ran := false
	for _, cmd := range tmuxCommands(wa.operands) {
		if a.tmuxCommand(c, name, cmd, sc, redir) {
			ran = true
		}
	}
	return ran
}

// tmuxCommands cuts tmux's operands into commands at ";" (a word of its
// own, or at the end of a word).
func tmuxCommands(ops []Arg) [][]Arg {
	var out [][]Arg
	var cur []Arg
	for _, x := range ops {
		v := x.Value
		switch {
		case !x.Dynamic && v == ";":
			out, cur = append(out, cur), nil
		case !x.Dynamic && strings.HasSuffix(v, ";") && !strings.HasSuffix(v, `\;`):
			x.Value = strings.TrimSuffix(v, ";")
			out, cur = append(out, append(cur, x)), nil
		default:
			cur = append(cur, x)
		}
	}
	return append(out, cur)
}

// tmuxCommand sees what one tmux command runs, by its subcommand's entry;
// if-shell runs a line, then tmux commands.
func (a *analyzer) tmuxCommand(c *command, name string, cmd []Arg, sc *scope, redir []Effect) bool {
	if len(cmd) == 0 || cmd[0].Dynamic {
		return false
	}
	sub := c.subcommand(cmd[0].Value)
	if sub == nil || sub.run == nil {
		return false
	}
	label := name + " " + cmd[0].Value
	if sub.run.kind == runNone && sub.run.special == specialTmux {
		// if-shell [-bF] [-t PANE] LINE CMD [CMD]: LINE runs unless -F
		// makes it a format; the others are tmux commands.
		wa := readWrapper(sub, cmd[1:])
		if len(wa.operands) == 0 {
			return false
		}
		if !hasOpt(wa.opts, []string{"-F"}) {
			a.readCode(append([]Arg{{Value: label}}, cmd[1:]...), wa.operands[:1], Bash, sc, within(sc, label))
		}
		for _, x := range wa.operands[1:] {
			a.line("tmux "+x.Value, Bash, within(sc, label), false)
		}
		return true
	}
	return a.wrapped(sub, append([]Arg{{Value: label}}, cmd[1:]...), sc, redir)
}

// typeKeys judges keys typed into a terminal (tmux send-keys) as the line
// they type, in scope in; sc is the wrapper's.
func (a *analyzer) typeKeys(argv []Arg, w *wrap, opts []option, keys []Arg, sc, in *scope) {
	literal, hexKeys := hasOpt(opts, w.literal), hasOpt(opts, w.hex)
	var line []byte
	src := ""
	for _, k := range keys {
		switch {
		case k.Dynamic:
			line = append(line, k.Value...)
			if src == "" {
				src = a.wordSource(k)
			}
		case hexKeys:
			if b, err := strconv.ParseUint(strings.TrimPrefix(k.Value, "0x"), 16, 8); err == nil {
				line = append(line, byte(b))
			}
		case literal:
			line = append(line, k.Value...)
		default:
			text, edit, ok := tmuxKey(k.Value)
			switch {
			case !ok && src == "":
				src = "the terminal's history and line editing (the key " + k.Value + ")"
			case edit == keyErase:
				if n := len(line); n > 0 && line[n-1] != '\n' {
					line = line[:n-1]
				}
			default:
				line = append(line, text...)
			}
		}
	}
	a.line(strings.ReplaceAll(string(line), "\r", "\n"), Bash, in, false)
	if src != "" {
		a.unseenCode(argv, src, sc)
	}
}

// keyEdit is what a key does to the line being typed.
type keyEdit uint8

const (
	keyText  keyEdit = iota // types its text
	keyErase                // erases the character before
)

// tmuxKey returns what a key named as tmux names it types. ok is false
// for a key that moves, recalls history or edits in a way belay cannot
// follow (Up, C-r, M-.); a word that is no key name is typed as it is.
func tmuxKey(k string) (text string, edit keyEdit, ok bool) {
	switch k {
	case "Enter", "KPEnter", "C-m", "C-j", "^M", "^J", "M-Enter":
		return "\n", keyText, true
	case "Space":
		return " ", keyText, true
	case "Tab", "C-i", "^I":
		return "\t", keyText, true
	case "BSpace", "C-h", "^H", "C-?", "^?":
		return "", keyErase, true
	case "C-c", "^C", "C-d", "^D", "C-l", "^L", "C-z", "^Z", "C-g", "^G", "C-\\":
		// Interrupts and the like: the typed text stays judged.
		return "", keyText, true
	case "Up", "Down", "Left", "Right", "Home", "End", "PPage", "PageUp", "PgUp", "NPage", "PageDown", "PgDn",
		"IC", "Insert", "DC", "Delete", "BTab", "Escape", "Esc":
		return "", keyText, false
	}
	if len(k) > 2 && (k[1] == '-' && strings.IndexByte("CMS", k[0]) >= 0) || len(k) == 2 && k[0] == '^' {
		return "", keyText, false // C-r, M-., ^P: history, completion, editing
	}
	if len(k) >= 2 && k[0] == 'F' && isDigits(k[1:]) {
		return "", keyText, false
	}
	return k, keyText, true
}

// wrapScreen sees what screen runs: a window's program (screen [-dm] [-S
// NAME] CMD…), and the window commands of -X (stuff TEXT types keys,
// exec and screen run a program). Its options are read as screen reads
// them: bundled letters, some taking the rest of the word or the next
// one, and the words -ls, -list, -wipe and -Logfile FILE.
func (a *analyzer) wrapScreen(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	args := argv[1:]
	detach, create, attach, command := false, false, false, false
	i := 0
scan:
	for ; i < len(args); i++ {
		v := args[i].Value
		if args[i].Dynamic || len(v) < 2 || v[0] != '-' {
			break
		}
		switch v {
		case "--":
			i++
			break scan
		case "-ls", "-list", "-wipe", "-version", "-help":
			return false
		case "-Logfile", "-logfile":
			i++
			continue
		}
		for k := 1; k < len(v); k++ {
			if kind, _ := shortArg(c.short, v[k]); kind == argRequired {
				if k == len(v)-1 {
					i++ // the value is the next word
				}
				break
			}
			switch v[k] {
			case 'd', 'D':
				detach = true
			case 'm':
				create = true
			case 'r', 'R', 'x', 'Q':
				attach = true
			case 'X':
				command = true
			case 'v':
				return false
			}
		}
	}
	ops := args[min(i, len(args)):]
	switch {
	case command:
		return a.screenCommand(argv, ops, sc, redir, 0)
	case attach || detach && !create || len(ops) == 0:
		return false // attaching, detaching or listing sessions; or a shell
	case strings.HasPrefix(ops[0].Value, "/dev/tty"):
		return false // a serial line
	}
	a.invoke(ops, within(sc, "screen"), redir, "")
	return true
}

// screenCommand sees what one of screen's window commands runs.
func (a *analyzer) screenCommand(argv []Arg, ops []Arg, sc *scope, redir []Effect, depth int) bool {
	if len(ops) == 0 || ops[0].Dynamic || depth > 4 {
		return false
	}
	rest := ops[1:]
	switch ops[0].Value {
	case "stuff":
		if len(rest) == 0 {
			return false
		}
		text := screenString(rest[0].Value)
		a.line(strings.ReplaceAll(text, "\r", "\n"), Bash, withLine(sc, "screen -X stuff"), false)
		if src := a.wordSource(rest[0]); src != "" {
			a.unseenCode(argv, src, sc)
		}
	case "exec":
		if len(rest) > 0 && strings.Trim(rest[0].Value, ".|!:") == "" {
			rest = rest[1:] // the file descriptor pattern
		}
		if len(rest) == 0 {
			return false
		}
		a.invoke(rest, within(sc, "screen -X exec"), redir, "")
	case "screen":
		for len(rest) > 0 && strings.HasPrefix(rest[0].Value, "-") && !rest[0].Dynamic {
			if v := rest[0].Value; v == "-t" || v == "-T" || v == "-h" {
				rest = rest[1:]
			}
			rest = rest[min(1, len(rest)):]
		}
		if len(rest) == 0 {
			return false
		}
		a.invoke(rest, within(sc, "screen -X screen"), redir, "")
	case "eval":
		ran := false
		for _, x := range rest {
			if a.screenCommand(argv, toArgs(strings.Fields(x.Value)), sc, redir, depth+1) {
				ran = true
			}
		}
		return ran
	default:
		return false
	}
	return true
}

// screenString reads the escapes of a string given to screen's commands:
// \n, \r, \t, \e, \\, \^, octal \NNN, and ^X for a control character.
func screenString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '^' && i+1 < len(s):
			i++
			if s[i] == '?' {
				b.WriteByte(0x7f)
			} else {
				b.WriteByte(s[i] & 0x1f)
			}
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; {
			case e == 'n':
				b.WriteByte('\n')
			case e == 'r':
				b.WriteByte('\r')
			case e == 't':
				b.WriteByte('\t')
			case e == 'e':
				b.WriteByte(0x1b)
			case e >= '0' && e <= '7':
				v := int(e - '0')
				for n := 1; n < 3 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; n++ {
					i++
					v = v*8 + int(s[i]-'0')
				}
				b.WriteByte(byte(v))
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
