package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/shell"
)

// defaultRealShell is the shell belay-sh runs when belay.toml's [shell]
// real does not name one.
const defaultRealShell = "/bin/bash"

// runAsArgv0 runs belay under the names its symlinks give it: "sudo"
// (early in PATH) and "belay-sh" (a login shell; "-belay-sh" for a login).
// ok is false for any other name.
func (a *app) runAsArgv0(name string, args []string) (code int, ok bool) {
	switch name {
	case "sudo":
		a.source = "sudo"
		a.out = newOutput(a.stderr, a.getenv, "auto")
		return a.finish(a.sudoCmd(args)), true
	case "belay-sh", "-belay-sh":
		a.source = "login-shell"
		a.out = newOutput(a.stderr, a.getenv, "auto")
		return a.finish(a.loginShell(name, args)), true
	}
	return 0, false
}

// shellCmd is `belay shell ARGS…`: belay-sh without the symlink.
func (a *app) shellCmd(args []string) error {
	return a.loginShell("belay-sh", args)
}

// loginShell is belay as a user's login shell, for the sessions that
// never reach an interactive prompt: sshd runs `SHELL -c 'cmd'` for
// `ssh host cmd` (and for scp, rsync and git over ssh), su runs it for
// `su -c`. The -c line is judged like `belay check`; when allowed, or
// when there is no -c (an interactive login, a script), the real shell
// runs with the same arguments, as "-bash" when belay was "-belay-sh".
//
// It never writes to standard output: that is the session's data stream.
// With no terminal to ask on, a line that needs confirmation follows
// [shell] no_tty_confirm: "block" (the default) or "allow". A config that
// does not load locks no one out and switches nothing off: it is named
// and ignored, and the line is judged without it.
func (a *app) loginShell(argv0 string, args []string) error {
	a.stdout = io.Discard
	cfg, _ := a.loadConfig()
	real := defaultRealShell
	if cfg.Shell.Real != "" {
		real = cfg.Shell.Real
	}
	real = a.realShell(real)
	if line, ok := shellCommand(args); ok {
		if err := a.checkShellLine(line, real, cfg); err != nil {
			return err
		}
	}
	name := filepath.Base(real)
	if strings.HasPrefix(argv0, "-") {
		name = "-" + name
	}
	err := syscall.Exec(real, append([]string{name}, args...), a.environ())
	return &exitError{code: 126, msg: "cannot run the shell " + quote(real) + ": " + err.Error(),
		hint: "set [shell] real in /etc/belay/belay.toml to an installed shell"}
}

// realShell checks the shell to run: an absolute path to an executable
// that is not belay itself (which would loop). Otherwise /bin/bash, with
// a warning.
func (a *app) realShell(path string) string {
	why := ""
	fi, err := os.Stat(path)
	switch {
	case !filepath.IsAbs(path):
		why = "is not an absolute path"
	case err != nil:
		why = "cannot be run: " + err.Error()
	case !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0:
		why = "is not an executable file"
	default:
		if self, err := os.Executable(); err == nil {
			if si, err := os.Stat(self); err == nil && os.SameFile(fi, si) {
				why = "is belay itself"
			}
		}
	}
	if why == "" || path == defaultRealShell {
		return path
	}
	a.out.warnf("[shell] real = %s %s: running %s", quote(path), why, defaultRealShell)
	return defaultRealShell
}

// shellCommand finds the -c line in a shell's arguments, reading them as
// bash does: options up to the first operand, -o/-O and --rcfile taking a
// value, the line being the first operand after them.
func shellCommand(args []string) (string, bool) {
	first, hasC, _ := shell.ShellArgs(args)
	if !hasC || first >= len(args) {
		// bash itself says "-c: option requires an argument".
		return "", false
	}
	return args[first], true
}

// checkShellLine judges the -c line in the dialect of the real shell.
func (a *app) checkShellLine(line, real string, cfg *packs.Config) error {
	o := checkOpts{root: "/", shell: "bash", color: "auto"}
	if d, ok := shell.ParseDialect(filepath.Base(real)); ok {
		o.shell = string(d)
	}
	v, err := a.judge(&o, line, nil)
	if err != nil {
		msg := err.Error()
		var ee *exitError
		if errors.As(err, &ee) {
			msg = ee.msg
		}
		a.out.warnf("cannot check the command: %s: running it unchecked", msg)
		return nil
	}
	switch code := a.conclude(&o, v); code {
	case ExitAllow:
		return nil
	case ExitConfirm:
		if cfg != nil && cfg.Shell.NoTTYConfirm == "allow" {
			a.out.warnf("running it without confirmation: no terminal, and [shell] no_tty_confirm = \"allow\"")
			return nil
		}
		a.out.line(a.out.red, "blocked", "it needs confirmation and this session has no terminal to ask on")
		a.out.hint("ssh -t gives it one; [shell] no_tty_confirm = \"allow\" in /etc/belay/belay.toml runs such lines unasked")
		return &exitError{code: code}
	default:
		return &exitError{code: code}
	}
}
