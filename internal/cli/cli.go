package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/belay-sh/belay/internal/audit"
	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/suggest"
)

// app is one run of belay: its streams and environment, so that tests can
// run it in-process.
type app struct {
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	getenv  func(string) string
	environ func() []string
	cwd     string
	out     *output

	source     string // where the check comes from, for the log: hook, sudo-plugin, sudo, exec, login-shell, check
	trusted    bool   // the sudo plugin's path: rules and config only from root-owned files in /etc/belay
	configPath string // --config: replaces the config files
	withTests  bool   // load the built-in packs with their test cases (rules test, show, lint)

	exit func(int) // ends the process (os.Exit); nil in tests, and then there is no watchdog
	wd   *watchdog // the time limit on judging; nil when there is none

	acks    []string  // rule ids acknowledged outside the line: on sudo's command line, or by a ticket
	tickets bool      // issue tickets for the sudo commands a person let through (belay hook, belay sudo)
	agent   *agentRun // the AI agent belay agent-hook judges for; nil when belay judges for a person

	now          func() time.Time                                             // the clock of facts (cron's next runs, "3 minutes ago"); time.Now if nil
	impactBudget time.Duration                                                // the time a stop may spend measuring its impact; facts.ImpactBudget if 0
	askTTY       func(question string, timeout time.Duration) (string, error) // the prompt; promptTTY if nil

	serving   bool          // judging for belay serve: no tickets (a line that needs one is handed back to belay hook)
	holdAudit bool          // keep records in held until releaseAudit (belay serve: a line handed back is recorded by belay hook)
	held      []heldRecord  // the records kept
	ttyFact   func() bool   // session.tty as the hook's process would see it; nil looks at the standard streams
	parentPID int           // the shell belay judges for (session.ssh walks up from it); belay's parent if 0
	auditTTY  func() string // the terminal audit records name; nil: belay's own (audit.Record.Who)
}

// heldRecord is an audit record kept back by holdAudit.
type heldRecord struct {
	rec *audit.Record
	cfg *packs.Config
}

// Main runs belay with os.Args and returns the exit status.
func Main(args []string) int {
	cwd, _ := os.Getwd()
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, environ: os.Environ, cwd: cwd, exit: os.Exit}
	name := "belay"
	if len(args) > 0 {
		name = filepath.Base(args[0])
		args = args[1:]
	}
	if code, ok := a.runAsArgv0(name, args); ok {
		return code
	}
	return a.run(name, args)
}

// Version is set at build time with -ldflags "-X …/cli.Version=…"; when
// it is not, init takes the module's version from the build information
// (go install …@v1.2.3), else the commit it was built from.
var Version = "dev"

func init() {
	if Version != "dev" {
		return
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		Version = versionFrom(bi)
	}
}

// versionFrom is the version the build information gives: the module's,
// else the commit's, else "dev".
func versionFrom(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if len(rev) >= 12 {
		return "dev-" + rev[:12] + dirty
	}
	return "dev"
}

func (a *app) run(name string, args []string) int {
	a.out = newOutput(a.stderr, a.getenv, "auto")
	if len(args) == 0 {
		a.usage(a.stderr)
		return ExitUsage
	}
	sub := args[0]
	switch sub {
	case "-h", "--help", "help":
		a.usage(a.stdout)
		return 0
	case "--version":
		sub = "version"
	}
	if c := lookup(sub); c != nil {
		if a.source == "" {
			a.source = sourceOf(sub)
		}
		a.startWatch(sub)
		err := c.run(a, args[1:])
		a.wd.claimOrPark()
		code := a.finish(err)
		if code == ExitUsage && (sub == "hook" || sub == "approve") {
			// Never an outcome of the hook's or the sudo plugin's path,
			// which take 2 for a broken belay: should anything still
			// return it, the line needs confirmation and is not run.
			code = ExitConfirm
		}
		return code
	}
	a.out.errorf("unknown command %s", quote(sub))
	if near := nearestCommand(sub); near != "" {
		a.out.hint("did you mean 'belay " + near + "'? ('belay help' lists the commands)")
	} else {
		a.out.hint("run 'belay help' for the list of commands")
	}
	return ExitUsage
}

// sourceOf names where a check made by the subcommand sub comes from.
func sourceOf(sub string) string {
	switch sub {
	case "hook", "audit-event":
		return "hook"
	case "approve":
		return "sudo-plugin"
	case "shell":
		return "login-shell"
	}
	return sub
}

// nearestCommand returns the command a typo was meant to be, or "".
func nearestCommand(s string) string {
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, c.name)
	}
	return suggest.Nearest(s, names)
}

// finish turns a subcommand's error into an exit status.
func (a *app) finish(err error) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			a.out.errorf("%s", ee.msg)
		}
		if ee.hint != "" {
			a.out.hint(ee.hint)
		}
		return ee.code
	}
	a.out.errorf("%s", err.Error())
	return ExitUsage
}

func (a *app) usage(w io.Writer) {
	fmt.Fprint(w, mainHelp())
}

func (a *app) version(args []string) error {
	fmt.Fprintf(a.stdout, "belay %s\n", Version)
	return nil
}
