package cli

import (
	"bufio"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/belay-sh/belay/internal/shell"
)

func init() {
	subUsages["sudo"] = `usage: belay sudo [SUDO-OPTION...] [VAR=value...] [COMMAND [ARG...]]

Judge what sudo would run, reading sudo's options as sudo does (-u, -g,
-E, -H, -i, -s, -e, -D, -k, -n, --user=, combined flags, VAR=value, --),
then run the real sudo with the arguments byte for byte. Only what runs
is judged: sudo -i and sudo -s with no command, -l, -v, -k and -V pass.
sudo -e FILE is a write to FILE; sudo -s CMD and sudo -i CMD are the
line sudo hands the shell. The real sudo is the first sudo in PATH that
is not belay itself, else /usr/bin/sudo.

Run as "sudo" through a symlink early in PATH, belay does the same; so
does alias sudo='belay sudo'. Both are bypassed by \sudo and
/usr/bin/sudo: the sudo approval plugin is not (see the README).

environment:
  BELAY_SUDO_DEPTH   how many belay sudo runs led to this one; at 3 belay stops a loop
`
}

// sudoMode is what sudo does with its arguments.
type sudoMode int

const (
	sudoRun     sudoMode = iota // run a command, or a shell
	sudoEdit                    // -e, sudoedit: edit files
	sudoNothing                 // -l, -v, -k alone, -K, -V, -h: runs nothing
)

// sudoArgs is sudo's command line as sudo 1.9 reads it: getopt_long with
// "+Aa:BbC:c:D:Eeg:Hh::iKklNnPp:R:r:SsT:t:U:u:Vv" (stop at the first
// operand), long options by unique prefix, and VAR=value operands among
// the options.
type sudoArgs struct {
	mode    sudoMode
	shell   bool     // -s: run the command through the shell
	login   bool     // -i: through the target user's login shell, in their home
	user    string   // -u
	dir     string   // -D
	env     []string // VAR=value operands: the command's environment
	command []string // the command and its arguments, or the files for -e
	bad     string   // sudo would refuse these arguments with its usage: why
}

// sudoShort maps sudo's short options to their argument: 0 none,
// 1 required, 2 optional and attached only.
var sudoShort = map[byte]int{
	'A': 0, 'a': 1, 'B': 0, 'b': 0, 'C': 1, 'c': 1, 'D': 1, 'E': 0, 'e': 0,
	'g': 1, 'H': 0, 'h': 2, 'i': 0, 'K': 0, 'k': 0, 'l': 0, 'N': 0, 'n': 0,
	'P': 0, 'p': 1, 'R': 1, 'r': 1, 'S': 0, 's': 0, 'T': 1, 't': 1, 'U': 1,
	'u': 1, 'V': 0, 'v': 0,
}

// sudoLongOpt is one of sudo's long options.
type sudoLongOpt struct {
	name  string
	arg   int  // as in sudoShort
	short byte // the short option it stands for
}

// sudoLong is sudo's long options: name, argument (as sudoShort) and the
// short option it stands for ('@' for --host, which has none).
var sudoLong = []sudoLongOpt{
	{"background", 0, 'b'}, {"preserve-env", 2, 'E'}, {"edit", 0, 'e'},
	{"set-home", 0, 'H'}, {"login", 0, 'i'}, {"remove-timestamp", 0, 'K'},
	{"list", 0, 'l'}, {"preserve-groups", 0, 'P'}, {"shell", 0, 's'},
	{"other-user", 1, 'U'}, {"validate", 0, 'v'}, {"askpass", 0, 'A'},
	{"auth-type", 1, 'a'}, {"bell", 0, 'B'}, {"close-from", 1, 'C'},
	{"login-class", 1, 'c'}, {"chdir", 1, 'D'}, {"group", 1, 'g'},
	{"help", 0, 'h'}, {"host", 1, '@'}, {"reset-timestamp", 0, 'k'},
	{"no-update", 0, 'N'}, {"non-interactive", 0, 'n'}, {"prompt", 1, 'p'},
	{"chroot", 1, 'R'}, {"role", 1, 'r'}, {"stdin", 0, 'S'},
	{"command-timeout", 1, 'T'}, {"type", 1, 't'}, {"user", 1, 'u'},
	{"version", 0, 'V'},
}

// isSudoEnv says whether sudo takes an operand as VAR=value.
func isSudoEnv(s string) bool {
	return s != "" && s[0] != '/' && s[0] != '=' && strings.Contains(s, "=")
}

// parseSudoArgs reads sudo's arguments (without "sudo" itself).
func parseSudoArgs(args []string) sudoArgs {
	var sa sudoArgs
	mode := byte(0) // the mode option seen: e h K l v V
	ticket := false // -k
	setMode := func(m byte) {
		if mode != 0 && mode != m {
			sa.bad = "more than one of -e, -h, -K, -l, -v, -V"
		}
		mode = m
	}
	opt := func(c byte, val string) {
		switch c {
		case 'e', 'K', 'l', 'v', 'V':
			setMode(c)
		case 'h':
			if val == "" {
				setMode('h')
			}
		case 'k':
			ticket = true
		case 'i':
			sa.login = true
		case 's':
			sa.shell = true
		case 'u':
			sa.user = val
		case 'D':
			sa.dir = val
		}
	}
	i := 0
	for i < len(args) {
		s := args[i]
		if s == "--" {
			i++ // after "--", not even VAR=value: the command
			break
		}
		if len(s) < 2 || s[0] != '-' {
			if isSudoEnv(s) {
				sa.env = append(sa.env, s)
				i++
				continue
			}
			break
		}
		i++
		if strings.HasPrefix(s, "--") {
			name, val, hasVal := strings.Cut(s[2:], "=")
			l, why := matchSudoLong(name)
			if why != "" {
				sa.bad = why
				continue
			}
			switch {
			case l.arg == 0 && hasVal:
				sa.bad = "--" + l.name + " takes no argument"
			case l.arg == 1 && !hasVal:
				if i >= len(args) {
					sa.bad = "--" + l.name + " needs an argument"
					continue
				}
				val = args[i]
				i++
			}
			opt(l.short, val)
			continue
		}
		for k := 1; k < len(s); k++ {
			c := s[k]
			arg, ok := sudoShort[c]
			if !ok {
				sa.bad = "unknown option -" + string(c)
				break
			}
			val := ""
			switch arg {
			case 1:
				val = s[k+1:]
				k = len(s)
				if val == "" && i < len(args) {
					val = args[i]
					i++
				} else if val == "" {
					sa.bad = "-" + string(c) + " needs an argument"
				}
			case 2:
				val = s[k+1:]
				k = len(s)
				// sudo takes "-h host" as a host when -h stands alone.
				if val == "" && s == "-h" && i < len(args) && !strings.HasPrefix(args[i], "-") && !isSudoEnv(args[i]) {
					val = args[i]
					i++
				}
			}
			opt(c, val)
		}
	}
	sa.command = args[i:]
	if sa.login && sa.shell {
		sa.bad = "both -i and -s"
	}
	switch mode {
	case 'e':
		sa.mode = sudoEdit
		if len(sa.command) == 0 {
			sa.bad = "-e without a file"
		}
	case 0:
		sa.mode = sudoRun
		if ticket && len(sa.command) == 0 && !sa.shell && !sa.login {
			sa.mode = sudoNothing // -k alone
		}
	default:
		// -l [command] only lists; -v, -K, -V, -h run nothing.
		sa.mode = sudoNothing
	}
	return sa
}

// matchSudoLong finds a long option by its name or a unique prefix, as
// getopt_long does.
func matchSudoLong(name string) (l sudoLongOpt, why string) {
	found := -1
	for k, o := range sudoLong {
		if o.name == name {
			return o, ""
		}
		if name != "" && strings.HasPrefix(o.name, name) {
			if found >= 0 {
				return l, "option --" + name + " is ambiguous"
			}
			found = k
		}
	}
	if found < 0 {
		return l, "unknown option --" + name
	}
	return sudoLong[found], ""
}

// sudoShellEscape builds the line sudo -s and sudo -i hand to the shell:
// every byte but letters, digits, '_', '-' and '$' gets a backslash, and
// the words are joined with spaces.
func sudoShellEscape(words []string) string {
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

// passwdEntry is the home directory and login shell of a user in
// /etc/passwd; name may be "#UID" as sudo -u allows.
func passwdEntry(name string) (home, sh string, ok bool) {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return "", "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) < 7 {
			continue
		}
		if fields[0] == name || (strings.HasPrefix(name, "#") && fields[2] == name[1:]) {
			return fields[5], fields[6], true
		}
	}
	return "", "", false
}

// shellWord names a shell the analyzer knows by the dialect of path:
// what belay-sh, or a shell it does not know, runs is read as bash.
func shellWord(path string) string {
	if d, ok := shell.ParseDialect(filepath.Base(path)); ok {
		return string(d)
	}
	return "bash"
}

// checkArgv is the argv belay judges for what sudo would run, and the
// variables sudo sets for it; nil when sudo runs nothing to judge (a
// listing, an interactive shell).
func (sa *sudoArgs) checkArgv(getenv func(string) string) (argv, env []string) {
	env = sa.env
	target := sa.user
	if target == "" {
		target = "root"
	}
	head := []string{"sudo"}
	if sa.user != "" {
		head = append(head, "-u", sa.user)
	}
	switch {
	case sa.mode == sudoNothing || len(sa.command) == 0:
		return nil, nil
	case sa.mode == sudoEdit:
		return withOperands(append([]string{"sudoedit"}, head[1:]...), sa.command), nil
	}
	dir := sa.dir
	var run []string
	switch {
	case sa.login:
		home, sh, ok := passwdEntry(target)
		if ok {
			dir = home
			env = append(env, "HOME="+home)
		}
		run = []string{shellWord(sh), "-c", sudoShellEscape(sa.command)}
	case sa.shell:
		sh := getenv("SHELL")
		if sh == "" {
			sh = "/bin/sh"
		}
		run = []string{shellWord(sh), "-c", sudoShellEscape(sa.command)}
	default:
		run = sa.command
	}
	if dir != "" {
		head = append(head, "-D", dir)
	}
	return withOperands(head, run), env
}

// withOperands appends words to a wrapper's argv, after "--" when the
// first of them would read as an option.
func withOperands(head, words []string) []string {
	if len(words) > 0 && strings.HasPrefix(words[0], "-") {
		head = append(head, "--")
	}
	return append(head, words...)
}

// sudoDepthVar counts belay sudo runs nested in one another: a PATH
// that leads back to belay is stopped instead of looping.
const (
	sudoDepthVar = "BELAY_SUDO_DEPTH"
	maxSudoDepth = 3
)

// sudoCmd is `belay sudo ARGS…`, and belay run as "sudo": judge what sudo
// would run, then exec the real sudo with the arguments byte for byte.
func (a *app) sudoCmd(args []string) error {
	depth, _ := strconv.Atoi(a.getenv(sudoDepthVar))
	if depth >= maxSudoDepth {
		return &exitError{code: ExitUsage, msg: "sudo leads back to belay " + strconv.Itoa(depth) + " times: stopped",
			hint: "the first sudo in PATH must be the real one, or a symlink to belay; a script that calls belay sudo loops"}
	}
	sa := parseSudoArgs(args)
	argv, env := sa.checkArgv(a.getenv)
	if sa.bad != "" {
		// sudo will print its usage and run nothing; should it disagree,
		// what it runs is still judged, read the simple way.
		argv, env = append([]string{"sudo"}, args...), nil
	}
	// Acknowledged on sudo's own command line (sudo BELAY_ACK=id cmd), or
	// by a ticket from the hook that saw this line: never from the
	// environment (see acks.go).
	a.acks = ackIDs(sa.env)
	if sa.bad == "" && sa.mode == sudoRun && !sa.shell && !sa.login && len(sa.command) > 0 {
		a.acks = append(a.acks, ticketStore().Redeem(sa.command)...)
	}
	// What the person confirms or acknowledges here, sudo's approval
	// plugin is told through a ticket, and does not ask again.
	a.tickets = true
	if argv != nil {
		o := checkOpts{root: "/", shell: "bash", color: "auto"}
		environ := a.environ
		a.environ = func() []string { return append(environ(), env...) }
		v, err := a.judge(&o, "", argv)
		a.environ = environ
		if err != nil {
			return a.notJudged(&o, joinArgv(append([]string{"sudo"}, args...)), err)
		}
		v.line = joinArgv(append([]string{"sudo"}, args...))
		code := a.conclude(&o, v)
		if code != ExitAllow {
			return &exitError{code: code}
		}
	}
	real, err := a.realSudo()
	if err != nil {
		return err
	}
	environ := setEnv(a.environ(), sudoDepthVar, strconv.Itoa(depth+1))
	err = syscall.Exec(real, append([]string{"sudo"}, args...), environ)
	return &exitError{code: 126, msg: "cannot run " + quote(real) + ": " + err.Error()}
}

// realSudo finds the sudo that is not belay: the first "sudo" in PATH
// that is not this binary (a symlink to it, a copy linked to it), else
// /usr/bin/sudo.
func (a *app) realSudo() (string, error) {
	self, err := os.Executable()
	var selfInfo os.FileInfo
	if err == nil {
		if p, err := filepath.EvalSymlinks(self); err == nil {
			self = p
		}
		selfInfo, _ = os.Stat(self)
	}
	isSelf := func(fi os.FileInfo) bool { return selfInfo != nil && os.SameFile(fi, selfInfo) }
	for _, dir := range filepath.SplitList(a.getenv("PATH")) {
		if !filepath.IsAbs(dir) {
			continue // never a sudo from a relative directory
		}
		cand := filepath.Join(dir, "sudo")
		fi, err := os.Stat(cand)
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 || isSelf(fi) {
			continue
		}
		return cand, nil
	}
	if fi, err := os.Stat("/usr/bin/sudo"); err == nil && !isSelf(fi) {
		return "/usr/bin/sudo", nil
	}
	return "", &exitError{code: 127, msg: "cannot find the real sudo: every sudo in PATH is belay",
		hint: "install sudo, or put its directory in PATH after the one with the belay symlink"}
}

// setEnv returns env with name set to val.
func setEnv(env []string, name, val string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k != name {
			out = append(out, kv)
		}
	}
	return append(out, name+"="+val)
}

// approve is the hidden `belay approve` that the sudo approval plugin
// runs as root for every command sudo is about to run:
//
//	belay approve [--timeout SECONDS] [--status-fd N] [--command PATH] [--user NAME] [--edit]
//	              [--sudo-optind N] [--sudo-arg ARG]... -- ARGV...
//
// ARGV is sudo's run_argv (for --edit, the files); --command the path sudo
// resolved, which replaces ARGV[0]; --sudo-arg the arguments sudo was
// given, from which acknowledgements on sudo's command line are read
// (sudo BELAY_ACK=id cmd; --sudo-optind is where sudo found the command
// in them, as a cross-check). --timeout is the plugin's own time limit:
// belay's watchdog answers before it. On --status-fd belay writes
// "asking SECONDS" when it asks the person, so that the plugin waits for
// the answer. Rules and config come only from root-owned files in
// /etc/belay: no user packs, no user config, no BELAY_* variables, and no
// BELAY_ACK from the environment. Exit 0 approves; anything else denies:
// 1 blocked or declined, 3 confirmation needed and no terminal to ask on.
func (a *app) approve(args []string) error {
	a.trusted = true
	a.configPath = ""
	// Ctrl-C, Ctrl-\ and Ctrl-Z reach belay with sudo: they must not end
	// or stop it while it judges (the plugin denies then, but the person
	// meant the question, not the verdict). At a question, Ctrl-C is a no.
	signal.Ignore(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP)
	fs := a.newFlags("approve")
	command := fs.String("command", "", "the command's resolved path")
	user := fs.String("user", "", "the user it runs as")
	edit := fs.Bool("edit", false, "sudoedit: ARGV are the files")
	noPrompt := fs.Bool("no-prompt", false, "never ask")
	timeout := fs.Float64("timeout", 0, "the plugin's time limit, in seconds")
	status := fs.Int("status-fd", -1, "where to say that belay asks the person")
	optind := fs.Int("sudo-optind", -1, "where sudo found the command in its arguments")
	var sudoArgv stringList
	fs.Var(&sudoArgv, "sudo-arg", "an argument sudo was given")
	if err := a.parseFlags(fs, args); err != nil {
		// The plugin and belay disagree (versions): deny, never exit 2.
		return &exitError{code: ExitBlock, msg: "belay approve: " + err.Error() + ": not run",
			hint: "the sudo plugin and belay are of different versions: install both from one build"}
	}
	if *timeout > 0 {
		a.wd.setLimit(approveLimit(time.Duration(*timeout * float64(time.Second))))
	}
	if *status > 2 {
		statusFD = os.NewFile(uintptr(*status), "status")
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return &exitError{code: ExitBlock, msg: "belay approve: no command to approve: not run"}
	}
	head := []string{"sudo"}
	if *edit {
		head[0] = "sudoedit"
	}
	if *user != "" && *user != "root" {
		head = append(head, "-u", *user)
	}
	run := append([]string(nil), argv...)
	if *command != "" && !*edit {
		run[0] = *command
	}
	a.acks = a.sudoLineAcks(sudoArgv, *optind)
	if !*edit {
		a.acks = append(a.acks, ticketStore().Redeem(argv)...)
	}
	line := joinArgv(append(head, argv...))
	if len(sudoArgv) > 0 {
		line = joinArgv(append([]string{"sudo"}, sudoArgv...))
	}
	o := checkOpts{root: "/", shell: "bash", color: "auto", noPrompt: *noPrompt}
	v, err := a.judge(&o, "", withOperands(head, run))
	if err != nil {
		return a.notJudged(&o, line, err)
	}
	v.line = line
	if code := a.conclude(&o, v); code != ExitAllow {
		return &exitError{code: code}
	}
	return nil
}

// approveLimit is belay approve's own time limit under a plugin whose
// limit is plugin: enough before it that belay's answer (a question to
// the person) reaches the plugin in time.
func approveLimit(plugin time.Duration) time.Duration {
	return max(plugin/2, plugin-2*time.Second)
}

// sudoLineAcks reads the acknowledgements on sudo's own command line: its
// VAR=value operands, read as sudo reads them. When sudo found the command
// elsewhere than belay does (optind, counting sudo itself), none are
// taken.
func (a *app) sudoLineAcks(sudoArgv []string, optind int) []string {
	sa := parseSudoArgs(sudoArgv)
	if optind >= 1 && len(sudoArgv)-len(sa.command) != optind-1 {
		return nil
	}
	return ackIDs(sa.env)
}
