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

	"github.com/belay-sh/belay/internal/agent"
	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/shellhooks"
)

// exitIncomplete is the exit status of `belay hook` besides those of
// check: the line is unfinished (an open quote, a for without done, a
// heredoc, a trailing backslash); the hook adds a newline and reads on,
// and the whole command is judged once. The whole contract between the
// hooks and belay hook is in the shellhooks package.
const exitIncomplete = 4

// initCmd prints the hook for a shell, with the path of this binary
// written in as the belay it calls; or for an AI agent its hook settings,
// which --install merges into the agent's settings file.
func (a *app) initCmd(args []string) error {
	var install, project bool
	fs := flagSet("init", map[string]any{"install": &install, "project": &project})
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	names := fs.Args()
	if len(names) > 0 {
		// Flags may follow the name: belay init claude --install.
		if err := a.parseFlags(fs, names[1:]); err != nil {
			return err
		}
		names = append(names[:1], fs.Args()...)
	}
	if len(names) != 1 {
		return usageErr("name one shell or agent", lookup("init").usageLine())
	}
	bin, err := os.Executable()
	if err != nil {
		return &exitError{code: ExitUsage, msg: "cannot find the belay binary: " + err.Error(),
			hint: "set BELAY_BIN to its absolute path"}
	}
	if f, ok := agent.ParseFormat(names[0]); ok {
		return a.initAgent(f, bin, install, project)
	}
	if install || project {
		return usageErr("--install and --project are for an agent's hook", "a shell loads its hook itself: "+lookup("init").usageLine())
	}
	hook, ok := shellhooks.Hook(names[0], bin)
	if !ok {
		return usageErr("no hook for "+quote(names[0]), "belay init bash|zsh|fish|"+strings.ReplaceAll(formatList(), ", ", "|"))
	}
	_, err = io.WriteString(a.stdout, hook)
	return err
}

// initAgent prints agent f's hook settings, running bin, or merges them
// into the agent's settings file (install; the project's with project).
func (a *app) initAgent(f agent.Format, bin string, install, project bool) error {
	cmd := agent.HookCommand(bin, f)
	if !install {
		if project {
			return usageErr("--project goes with --install", "belay init "+string(f)+" --install --project")
		}
		_, err := a.stdout.Write(agent.Config(f, cmd))
		return err
	}
	file, err := agent.SettingsFile(f, a.getenv, project, a.cwd)
	if err != nil {
		return &exitError{code: ExitUsage, msg: "cannot find " + f.Name() + "'s settings: " + safe(err.Error()),
			hint: "belay init " + string(f) + " prints the settings to add by hand"}
	}
	res, err := agent.Install(f, file, cmd, time.Now())
	if err != nil {
		return &exitError{code: ExitUsage, msg: safe(err.Error())}
	}
	switch {
	case !res.Changed:
		fmt.Fprintf(a.stdout, "belay: %s already runs belay's hook: %s unchanged\n", f.Name(), safe(file))
	case res.Created:
		fmt.Fprintf(a.stdout, "belay: wrote %s with belay's hook for %s\n", safe(file), f.Name())
	default:
		fmt.Fprintf(a.stdout, "belay: added belay's hook to %s (the old one is in %s)\n", safe(file), safe(res.Backup))
	}
	switch f {
	case agent.Codex:
		fmt.Fprintf(a.stdout, "belay: hint: Codex runs a new or changed hook only once you trust it: open /hooks in Codex and trust it\n")
	case agent.Claude:
		fmt.Fprintf(a.stdout, "belay: hint: Claude Code reads its hooks at start: restart running sessions, and check with /hooks\n")
	}
	return nil
}

// hookCmd is `belay check` as the shell hooks run it, on every Enter:
//
//	belay hook [--rows-below N] [--rows-above N] [--state=DEFS] [--state-dropped] [check flags] --shell SHELL -- LINE
//
// It differs from check in these ways. A bash, zsh or sh line that is
// unfinished exits exitIncomplete without being judged. The watchdog
// (BELAY_HOOK_TIMEOUT seconds, default 2, started before anything else)
// answers confirm for a line not judged in time. Ctrl-\ and Ctrl-Z
// cannot end or stop belay, and an internal error keeps the line off, so
// that the hook never takes them for a missing guard and runs the line.
// It never fails on its own options: one it does not know, or a value it
// cannot use, is ignored with a warning, and the line is judged.
//
// For zsh and fish, which leave the cursor in the typed line and redraw
// the prompt afterwards by climbing back to its first row, anything belay
// writes is preceded by 1+N newlines (--rows-below: rows of the buffer
// below the cursor) and followed by N newlines (--rows-above: rows the
// shell climbs), so that messages are neither written over the buffer
// nor overwritten by the prompt. bash clears the line itself.
//
// --state is what the hook passes of the session: the variables, aliases
// and functions the line refers to, as definitions in its dialect
// (shell.Options.State); --state-dropped says there were more than the
// hook passes, so that what the line calls is unknown (confirm).
func (a *app) hookCmd(args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &exitError{code: ExitBlock, msg: fmt.Sprintf("internal error: %v", r),
				hint: "the line was not run; please report this with the line that caused it"}
		}
	}()
	hookPrompt = true
	// What the person acknowledges or confirms for a sudo command here,
	// sudo's approval plugin is told through a ticket (acks.go).
	a.tickets = !a.serving
	signal.Ignore(syscall.SIGQUIT, syscall.SIGTSTP)
	o, below, above, line, warnings := parseHookArgs(args)
	if o.config != "" {
		a.configPath = o.config
	}
	d, _ := shell.ParseDialect(o.shell)
	finish := func() {}
	if d != shell.Bash && d != shell.POSIX {
		pad := &padded{w: a.stderr, before: 1 + below, after: above}
		a.stderr = pad
		finish = pad.finish
		defer pad.finish()
	}
	a.wd.about(line, o.shell, o.noPrompt, a.stderr, finish)
	if len(warnings) > 0 {
		a.wd.speak(func() {
			out := newOutput(a.stderr, a.getenv, o.color)
			for _, w := range warnings {
				out.warnf("%s", w)
			}
		})
	}
	if d != shell.Fish {
		a.wd.phase("reading the line")
		if unfinished(line, d) {
			// fish decides that itself (commandline --is-valid).
			a.wd.claimOrPark()
			return &exitError{code: exitIncomplete}
		}
	}
	return a.checkLine(&o, line)
}

// hookFlag says whether name is a flag of belay hook (commands.go), and
// whether it takes a value.
func hookFlag(name string) (known, value bool) {
	for _, f := range lookup("hook").flags {
		if f.name == name {
			return true, f.arg != ""
		}
	}
	return false, false
}

// parseHookArgs reads belay hook's arguments without ever failing: the
// line is everything after "--" (or after the last option, when there is
// no "--"); an option it does not know, or a value it cannot use, is left
// out and named in warnings.
func parseHookArgs(args []string) (o checkOpts, below, above int, line string, warnings []string) {
	o = checkOpts{root: "/", shell: "bash", color: "auto"}
	i := 0
	for ; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			i++
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		known, takesValue := hookFlag(name)
		switch {
		case known && !takesValue:
			on := !hasVal || val == "true" || val == "1"
			switch name {
			case "json":
				o.json = on
			case "no-prompt":
				o.noPrompt = on
			case "observe":
				o.observe = on
			case "state-dropped":
				o.stateDropped = on
			}
			continue
		case !known:
			warnings = append(warnings, "belay hook: unknown option "+quote(arg)+" ignored")
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				warnings = append(warnings, "belay hook: "+quote(arg)+" without a value ignored")
				continue
			}
			i++
			val = args[i]
		}
		switch name {
		case "rows-below", "rows-above":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > 1000 {
				warnings = append(warnings, "belay hook: --"+name+" "+quote(val)+" is not a number of rows: 0 used")
				n = 0
			}
			if name == "rows-below" {
				below = n
			} else {
				above = n
			}
		case "shell":
			if _, ok := shell.ParseDialect(val); !ok {
				warnings = append(warnings, "belay hook: unknown shell "+quote(val)+": judged as bash")
				val = "bash"
			}
			o.shell = val
		case "color":
			if val != "auto" && val != "always" && val != "never" {
				warnings = append(warnings, "belay hook: --color "+quote(val)+" ignored")
				val = "auto"
			}
			o.color = val
		case "root":
			o.root = val
		case "rules":
			o.rules = append(o.rules, val)
		case "config":
			o.config = val
		case "state":
			o.state = val
		}
	}
	return o, below, above, strings.Join(args[min(i, len(args)):], " "), warnings
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
