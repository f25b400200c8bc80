package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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

	trusted    bool   // the sudo plugin's path: rules and config only from root-owned files in /etc/belay
	configPath string // --config: replaces the config files
	withTests  bool   // load the built-in packs with their test cases (rules test, show, lint)

	exit func(int) // ends the process (os.Exit); nil in tests, and then there is no watchdog
	wd   *watchdog // the time limit on judging; nil when there is none

	acks    []string // rule ids acknowledged outside the line: on sudo's command line, or by a ticket
	tickets bool     // issue tickets for the sudo commands a person let through (belay hook, belay sudo)
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

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(a *app, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"check", "judge a command line: exit 0 to run it, 1 blocked, 3 needs confirmation", (*app).check},
		{"explain", "show the invocations, effects, facts and rules behind a verdict", (*app).explain},
		{"exec", "check one argv (no shell parsing), then run it", (*app).execCmd},
		{"sudo", "check what sudo would run, then run the real sudo", (*app).sudoCmd},
		{"shell", "a login shell that checks -c lines (belay-sh)", (*app).shellCmd},
		{"approve", "check for the sudo approval plugin, as root (hidden)", (*app).approve},
		{"rules", "list, show, test or lint rule packs", (*app).rules},
		{"facts", "show the host facts rules can ask about", (*app).facts},
		{"log", "show the decision log, newest first", (*app).logCmd},
		{"audit-event", "record a line a shell hook ran unchecked (hidden)", (*app).auditEvent},
		{"scan", "judge the commands in scripts, history, crontabs and unit files without running them", (*app).scan},
		{"init", "print the shell hook: eval \"$(belay init bash)\"", (*app).initCmd},
		{"hook", "check as the shell hooks run it (hidden)", (*app).hookCmd},
		{"completion", "print the tab-completion script for bash, zsh or fish", (*app).completion},
		{"man", "print belay(1) in roff (hidden)", (*app).manCmd},
		{"version", "print belay's version", (*app).version},
	}
}

// Version is set at build time with -ldflags "-X …/cli.Version=…".
var Version = "dev"

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
	for _, c := range commands {
		if c.name == sub {
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
	}
	a.out.errorf("unknown command %s", quote(sub))
	a.out.hint("run 'belay help' for the list of commands")
	return ExitUsage
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
	fmt.Fprint(w, Usage)
}

func (a *app) version(args []string) error {
	fmt.Fprintf(a.stdout, "belay %s\n", Version)
	return nil
}

// newFlags returns a flag set for a subcommand that reports errors as
// usage errors rather than exiting.
func (a *app) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("belay "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses a subcommand's flags; flags may come before the
// operands only, so that a command line after them is never misread.
func (a *app) parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(a.stdout, subUsage(strings.TrimPrefix(fs.Name(), "belay ")))
			return flag.ErrHelp
		}
		return usageErr(err.Error(), "run '"+fs.Name()+" --help' for its flags")
	}
	return nil
}
