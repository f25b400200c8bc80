package shell

import (
	"path"
	"strings"
)

// SudoMode is what sudo does with its arguments.
type SudoMode int

// The modes of sudo.
const (
	SudoRun     SudoMode = iota // run a command, or a shell
	SudoEdit                    // -e, sudoedit: edit files
	SudoNothing                 // -l, -v, -k alone, -K, -V, -h, a remote host: runs nothing
)

// SudoArgs is sudo's command line as sudo 1.9 reads it: getopt_long with
// its table entry's grammar ("+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv",
// stopping at the first operand), long options by unique prefix, and
// VAR=value operands among the options.
type SudoArgs struct {
	Mode    SudoMode
	Shell   bool     // -s: run the command through the shell
	Login   bool     // -i: through the target user's login shell, in their home
	User    string   // -u
	Dir     string   // -D
	Host    string   // -h HOST, -hHOST, --host=HOST: sudoers then only lists privileges
	Env     []string // VAR=value operands: the command's environment
	Command []string // the command and its arguments, or the files for -e
	At      int      // index in the arguments where Command starts
	Bad     string   // sudo would refuse these arguments with its usage: why
}

// ParseSudo reads sudo's arguments (without "sudo" itself).
func ParseSudo(args []string) SudoArgs {
	sa := parseSudo(find("sudo"), toArgs(args), false)
	sa.Command = args[sa.At:]
	return sa
}

// sudoReader is the state of reading sudo's arguments.
type sudoReader struct {
	sa     SudoArgs
	mode   byte // the mode option seen: e h K l v V
	ticket bool // -k
}

// parseSudo reads sudo's arguments by the grammar of its table entry; edit
// is set when it runs as sudoedit. The command is args[At:]; Command is
// left for ParseSudo to fill, so that the analyzer copies no words.
func parseSudo(c *command, args []Arg, edit bool) SudoArgs {
	var s sudoReader
	if edit {
		s.mode = 'e'
	}
	r := newArgReader(c, args)
	for {
		if o, ok := r.next(); ok {
			if o.bad != fine && s.sa.Bad == "" {
				s.sa.Bad = o.why()
			}
			// parse_args.c's got_host_flag: a word that is exactly "-h",
			// followed by one that is neither an option nor VAR=value,
			// names a remote host.
			if o.name == "-h" && o.solo && !o.hasValue && r.i < len(args) && !args[r.i].Dynamic &&
				!strings.HasPrefix(args[r.i].Value, "-") && !isSudoEnv(args[r.i].Value) {
				s.sa.Host = args[r.i].Value
				r.i++
				continue
			}
			s.option(o)
			continue
		}
		if r.done || r.i >= len(args) || args[r.i].Dynamic || !isSudoEnv(args[r.i].Value) {
			break
		}
		s.sa.Env = append(s.sa.Env, args[r.i].Value)
		r.i++
	}
	s.sa.At = min(r.i, len(args))
	s.settle(len(args) - s.sa.At)
	return s.sa
}

func (s *sudoReader) setMode(m byte) {
	if s.mode != 0 && s.mode != m && s.sa.Bad == "" {
		s.sa.Bad = "more than one of -e, -h, -K, -l, -v, -V"
	}
	s.mode = m
}

func (s *sudoReader) option(o option) {
	switch o.name {
	case "-e", "--edit":
		s.setMode('e')
	case "-K", "--remove-timestamp":
		s.setMode('K')
	case "-l", "--list":
		s.setMode('l')
	case "-v", "--validate":
		s.setMode('v')
	case "-V", "--version":
		s.setMode('V')
	case "-h", "--help":
		if !o.hasValue {
			s.setMode('h')
		} else {
			s.sa.Host = o.value
		}
	case "--host":
		s.sa.Host = o.value
	case "-k", "--reset-timestamp":
		s.ticket = true
	case "-i", "--login":
		s.sa.Login = true
	case "-s", "--shell":
		s.sa.Shell = true
	case "-u", "--user":
		s.sa.User = o.value
	case "-D", "--chdir":
		s.sa.Dir = o.value
	}
}

// settle decides the mode once every option is read and n words of
// command are left.
func (s *sudoReader) settle(n int) {
	sa := &s.sa
	if sa.Login && sa.Shell && sa.Bad == "" {
		sa.Bad = "both -i and -s"
	}
	switch s.mode {
	case 'e':
		sa.Mode = SudoEdit
		if n == 0 && sa.Bad == "" {
			sa.Bad = "-e without a file"
		}
	case 0:
		sa.Mode = SudoRun
		if s.ticket && n == 0 && !sa.Shell && !sa.Login {
			sa.Mode = SudoNothing // -k alone
		}
	default:
		// -l [command] only lists; -v, -K, -V, -h run nothing.
		sa.Mode = SudoNothing
	}
	if sa.Host != "" {
		// sudoers: "a remote host may only be specified when listing
		// privileges": it runs nothing.
		sa.Mode = SudoNothing
	}
}

// isSudoEnv says whether sudo takes an operand as VAR=value.
func isSudoEnv(s string) bool {
	return s != "" && s[0] != '/' && s[0] != '=' && strings.Contains(s, "=")
}

// SudoShellLine builds the line sudo -s and sudo -i hand to the shell:
// every byte but letters, digits, '_', '-' and '$' gets a backslash, and
// the words are joined with spaces.
func SudoShellLine(words []string) string {
	var b strings.Builder
	for n, w := range words {
		if n > 0 {
			b.WriteByte(' ')
		}
		for i := 0; i < len(w); i++ {
			c := w[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '$') {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// wrapSudo sees what sudo runs. Arguments sudo would refuse are judged as
// if it ran them anyway: the worst case, should sudo disagree.
func (a *analyzer) wrapSudo(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	edit := path.Base(argv[0].Value) == "sudoedit"
	sa := parseSudo(c, argv[1:], edit)
	rest := argv[1+sa.At:]
	if sa.Bad != "" && sa.Mode == SudoNothing {
		sa.Mode = SudoRun
	}
	if sa.Mode == SudoNothing {
		return true // sudo -l [cmd] only says whether cmd is allowed
	}
	label := "sudo"
	if sa.User != "" {
		label += " -u " + sa.User
	}
	in := within(sc, label)
	if sa.Dir != "" {
		in.cwd = a.chdir([]Arg{{Value: sa.Dir}}, sc)
	}
	for _, kv := range sa.Env {
		if k, v, _ := strings.Cut(kv, "="); k == "BELAY_ACK" {
			in.acks = append(in.acks[:len(in.acks):len(in.acks)], ackIDs(v, in.pos)...)
		}
	}
	switch {
	case sa.Mode == SudoEdit:
		inv := &Invocation{Argv: argv, Name: "sudoedit", Text: quoteArgv(argv)}
		for _, f := range rest {
			inv.Operands = append(inv.Operands, f.Value)
			inv.Effects = append(inv.Effects, a.effect(Edit, f, sc, false))
		}
		a.emit(inv, in)
	case len(rest) == 0 && (sa.Shell || sa.Login):
		// sudo -i, sudo -s: an interactive shell, or one that reads a
		// script from standard input.
		name, d := sudoShellName(sa, in)
		if sa.Login {
			in.cwd = ""
		}
		a.readScript(argv, d, in, withLine(in, name+" <<<"))
	case len(rest) == 0:
	case sa.Shell || sa.Login:
		a.sudoShell(sa, rest, in)
		a.redirection(redir, sc)
	default:
		a.invoke(rest, in, redir, "")
	}
	return true
}

// sudoShell sees the line sudo -s and sudo -i hand to a shell: $SHELL's
// for -s, the target's login shell (not known here) in their home for -i.
func (a *analyzer) sudoShell(sa SudoArgs, rest []Arg, in *scope) {
	words := make([]string, len(rest))
	for i, x := range rest {
		words[i] = x.Value
	}
	name, d := sudoShellName(sa, in)
	if sa.Login {
		in.cwd = ""
	}
	a.line(SudoShellLine(words), d, withLine(in, name+" -c"), false)
}

// sudoShellName is the shell sudo -s and sudo -i run and the dialect of
// its lines: $SHELL's for -s, the target's login shell (not known here:
// sh) for -i.
func sudoShellName(sa SudoArgs, in *scope) (string, Dialect) {
	name := "sh"
	if v, ok := in.get("SHELL"); ok && sa.Shell && !v.dynamic && v.val != "" {
		name = path.Base(v.val)
	}
	d, ok := ParseDialect(name)
	if !ok || d == Fish {
		d = Bash
	}
	return name, d
}
