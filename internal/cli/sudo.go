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

// checkArgv is the argv belay judges for what sudo would run (its
// arguments read by shell.ParseSudo), and the variables sudo sets for it;
// nil when sudo runs nothing to judge (a listing, an interactive shell).
// The target's home and login shell come from this host's /etc/passwd.
func checkArgv(sa shell.SudoArgs, getenv func(string) string) (argv, env []string) {
	env = sa.Env
	target := sa.User
	if target == "" {
		target = "root"
	}
	head := []string{"sudo"}
	if sa.User != "" {
		head = append(head, "-u", sa.User)
	}
	switch {
	case sa.Mode == shell.SudoNothing || len(sa.Command) == 0:
		return nil, nil
	case sa.Mode == shell.SudoEdit:
		return withOperands(append([]string{"sudoedit"}, head[1:]...), sa.Command), nil
	}
	dir := sa.Dir
	var run []string
	switch {
	case sa.Login:
		home, sh, ok := passwdEntry(target)
		if ok {
			dir = home
			env = append(env, "HOME="+home)
		}
		run = []string{shellWord(sh), "-c", shell.SudoShellLine(sa.Command)}
	case sa.Shell:
		sh := getenv("SHELL")
		if sh == "" {
			sh = "/bin/sh"
		}
		run = []string{shellWord(sh), "-c", shell.SudoShellLine(sa.Command)}
	default:
		run = sa.Command
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
	sa := shell.ParseSudo(args)
	argv, env := checkArgv(sa, a.getenv)
	if sa.Bad != "" {
		// sudo will print its usage and run nothing; should it disagree,
		// what it runs is still judged, read the simple way.
		argv, env = append([]string{"sudo"}, args...), nil
	}
	// Acknowledged on sudo's own command line (sudo BELAY_ACK=id cmd), or
	// by a ticket from the hook that saw this line: never from the
	// environment (see acks.go).
	a.acks = ackIDs(sa.Env)
	if sa.Bad == "" && sa.Mode == shell.SudoRun && !sa.Shell && !sa.Login && len(sa.Command) > 0 {
		a.acks = append(a.acks, ticketStore().Redeem(sa.Command)...)
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
			return err
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
	var command, user string
	var edit, noPrompt bool
	var timeout float64
	var status, optind int
	var sudoArgv stringList
	fs := flagSet("approve", map[string]any{"command": &command, "user": &user, "edit": &edit, "no-prompt": &noPrompt,
		"timeout": &timeout, "status-fd": &status, "sudo-optind": &optind, "sudo-arg": &sudoArgv})
	if err := a.parseFlags(fs, args); err != nil {
		// The plugin and belay disagree (versions): deny, never exit 2.
		return &exitError{code: ExitBlock, msg: "belay approve: " + err.Error() + ": not run",
			hint: "the sudo plugin and belay are of different versions: install both from one build"}
	}
	if timeout > 0 {
		a.wd.setLimit(approveLimit(time.Duration(timeout * float64(time.Second))))
	}
	if status > 2 {
		statusFD = os.NewFile(uintptr(status), "status")
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return &exitError{code: ExitBlock, msg: "belay approve: no command to approve: not run"}
	}
	head := []string{"sudo"}
	if edit {
		head[0] = "sudoedit"
	}
	if user != "" && user != "root" {
		head = append(head, "-u", user)
	}
	run := append([]string(nil), argv...)
	if command != "" && !edit {
		run[0] = command
	}
	a.acks = a.sudoLineAcks(sudoArgv, optind)
	if !edit {
		a.acks = append(a.acks, ticketStore().Redeem(argv)...)
	}
	line := joinArgv(append(head, argv...))
	if len(sudoArgv) > 0 {
		line = joinArgv(append([]string{"sudo"}, sudoArgv...))
	}
	o := checkOpts{root: "/", shell: "bash", color: "auto", noPrompt: noPrompt}
	v, err := a.judge(&o, "", withOperands(head, run))
	if err != nil {
		return err
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
	sa := shell.ParseSudo(sudoArgv)
	if optind >= 1 && sa.At != optind-1 {
		return nil
	}
	return ackIDs(sa.Env)
}
