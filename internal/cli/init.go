package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/shellhooks"
)

// Exit statuses of `belay hook` besides those of check. The hooks in
// shellhooks act on them.
const (
	// exitIncomplete: the line is unfinished (an open quote, a for
	// without done, a heredoc, a trailing backslash); the hook adds a
	// newline and reads on, and the whole command is judged once.
	exitIncomplete = 4
	// exitTimedOut: judging took longer than BELAY_HOOK_TIMEOUT; the
	// hook runs the line unchecked and says so. It is timeout(1)'s status.
	exitTimedOut = 124
)

// defaultHookTimeout is how long a hook waits for a verdict when
// BELAY_HOOK_TIMEOUT does not say. The person's time at the prompt does
// not count.
const defaultHookTimeout = 2 * time.Second

func init() {
	subUsages["init"] = `usage: belay init bash|zsh|fish

Print the shell hook that puts belay in front of every line typed at an
interactive prompt. Enter hands the whole line to belay first, and the
line runs only when belay allows it or the person confirms it; a blocked
line stays in the buffer. If belay is missing, crashes or takes too long,
the line runs, with one warning.

loading it:
  bash    eval "$(belay init bash)"   in ~/.bashrc
  zsh     eval "$(belay init zsh)"    in ~/.zshrc
  fish    belay init fish | source    in ~/.config/fish/config.fish

environment:
  BELAY_BIN            the belay the hook runs (default: the one that printed it)
  BELAY_HOOK_TIMEOUT   seconds a check may take, not counting the person's answer (default 2)
`
}

// initCmd prints the hook for a shell, with the path of this binary
// written in as the belay it calls.
func (a *app) initCmd(args []string) error {
	fs := a.newFlags("init")
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("name one shell", "belay init bash|zsh|fish")
	}
	bin, err := os.Executable()
	if err != nil {
		return &exitError{code: ExitUsage, msg: "cannot find the belay binary: " + err.Error(),
			hint: "set BELAY_BIN to its absolute path"}
	}
	hook, ok := shellhooks.Hook(fs.Arg(0), bin)
	if !ok {
		return usageErr("no hook for "+quote(fs.Arg(0)), "belay init bash|zsh|fish")
	}
	_, err = io.WriteString(a.stdout, hook)
	return err
}

// hookCmd is `belay check` as the shell hooks run it, on every Enter:
//
//	belay hook [--rows-below N] [--rows-above N] [check flags] --shell SHELL -- LINE
//
// It differs from check in these ways. A bash, zsh or sh line that is
// unfinished exits exitIncomplete without being judged. Judging that takes
// longer than BELAY_HOOK_TIMEOUT seconds (default 2) exits exitTimedOut;
// that, and SIGTERM from timeout(1) in the hook, no longer apply once the
// person is being asked. Ctrl-\ and Ctrl-Z cannot end or stop belay, and
// an internal error keeps the line off, so that the hook never takes them
// for a missing guard and runs the line.
//
// For zsh and fish, which leave the cursor in the typed line and redraw
// the prompt afterwards by climbing back to its first row, anything belay
// writes is preceded by 1+N newlines (--rows-below: rows of the buffer
// below the cursor) and followed by N newlines (--rows-above: rows the
// shell climbs), so that messages are neither written over the buffer
// nor overwritten by the prompt. bash clears the line itself.
func (a *app) hookCmd(args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &exitError{code: ExitBlock, msg: fmt.Sprintf("internal error: %v", r),
				hint: "the line was not run; please report this with the line that caused it"}
		}
	}()
	below, above := 0, 0
	for len(args) >= 2 && (args[0] == "--rows-below" || args[0] == "--rows-above") {
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 0 || n > 1000 {
			return usageErr(args[0]+" takes a number of rows", "")
		}
		if args[0] == "--rows-below" {
			below = n
		} else {
			above = n
		}
		args = args[2:]
	}
	var o checkOpts
	fs := a.checkFlags("hook", &o)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("no command line to check", "belay hook --shell SHELL -- 'COMMAND LINE'")
	}
	line := strings.Join(fs.Args(), " ")
	d, ok := shell.ParseDialect(o.shell)
	if ok && d != shell.Fish && unfinished(line, d) {
		// fish decides that itself (commandline --is-valid).
		return &exitError{code: exitIncomplete}
	}
	if ok && d != shell.Bash && d != shell.POSIX {
		pad := &padded{w: a.stderr, before: 1 + below, after: above}
		a.stderr = pad
		defer pad.finish()
	}
	stop := watchHook(hookTimeout(a.getenv("BELAY_HOOK_TIMEOUT")))
	defer stop()
	return a.check(args)
}

// unfinished says whether the shell would read another line before
// running line: the parser finds it incomplete, or it ends in an odd
// number of backslashes (a continuation the parser does not report).
func unfinished(line string, d shell.Dialect) bool {
	n := 0
	for i := len(line) - 1; i >= 0 && line[i] == '\\'; i-- {
		n++
	}
	if n%2 == 1 {
		return true
	}
	return shell.Analyze(line, shell.Options{Dialect: d}).Incomplete
}

// hookTimeout reads BELAY_HOOK_TIMEOUT (seconds, fractions allowed);
// 0 means no limit, and anything unreadable the default.
func hookTimeout(s string) time.Duration {
	if s == "" {
		return defaultHookTimeout
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e6 {
		return defaultHookTimeout
	}
	return time.Duration(f * float64(time.Second))
}

// watchHook ends belay with exitTimedOut when judging takes longer than
// limit, unless the person is already being asked: the time is then
// theirs. It also keeps Ctrl-\ and Ctrl-Z from ending or stopping belay
// while it judges, which a hook would take for a crash. (Ctrl-C ends it
// by SIGINT, which the hooks take for "do not run"; SIGTERM from
// timeout(1) ends it too, unless the person is being asked.) Signals are
// ignored rather than caught: catching costs a goroutine and a good part
// of a millisecond on every Enter. stop ends the watch.
func watchHook(limit time.Duration) (stop func()) {
	signal.Ignore(syscall.SIGQUIT, syscall.SIGTSTP)
	hookPrompt = true
	if limit <= 0 {
		return func() {}
	}
	t := time.AfterFunc(limit, func() { endUnlessAsking(exitTimedOut) })
	return func() { t.Stop() }
}

// padded is a writer that puts blank lines around whatever is written
// to it, if anything is: before of them first, after of them at finish.
type padded struct {
	w             io.Writer
	before, after int
	started       bool
}

func (p *padded) Write(b []byte) (int, error) {
	if !p.started && len(b) > 0 {
		p.started = true
		if _, err := io.WriteString(p.w, strings.Repeat("\n", p.before)); err != nil {
			return 0, err
		}
	}
	return p.w.Write(b)
}

// finish writes the blank lines that go after, if anything was written.
func (p *padded) finish() {
	if p.started {
		_, _ = io.WriteString(p.w, strings.Repeat("\n", p.after))
	}
}
