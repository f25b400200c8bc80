package scan

import (
	"iter"
	"maps"
	"path"

	"github.com/belay-sh/belay/internal/crontab"
	"github.com/belay-sh/belay/internal/lazy"
	"github.com/belay-sh/belay/internal/shell"
)

// cronEnvVars are the variable settings of a crontab that feed the
// analysis of its commands.
var cronEnvVars = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"HOME": true, "PATH": true, "SHELL": true}
}}

// ParseCrontab returns the command of each job of a crontab (read by
// internal/crontab). HOME, PATH and SHELL settings are passed to the
// commands after them, and SHELL says their language (/bin/sh unless set;
// d, when not "", wins). A job with standard input (after a "%") is its
// command with that input as a here-document, so that a shell fed its
// commands that way is seen to run them.
func ParseCrontab(data string, f crontab.Format, d shell.Dialect) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		var env map[string]string
		dialect := cmpOr(d, shell.POSIX)
		for e := range crontab.Parse(data, f) {
			switch e.Kind {
			case crontab.Env:
				if !cronEnvVars.Get()[e.Name] {
					continue
				}
				// Copy: units already yielded keep the settings they had.
				env = maps.Clone(env)
				if env == nil {
					env = map[string]string{}
				}
				env[e.Name] = e.Value
				if e.Name == "SHELL" && d == "" {
					dialect = shellDialect(e.Value)
				}
			case crontab.Bad:
				if !yield(errUnit(e.Line, "crontab: %s", e.Err)) {
					return
				}
			case crontab.Job:
				// With standard input, Text is more lines than the file's one.
				text, shift := e.Shell()
				if !yield(Unit{Line: e.Line, Col: e.Col - shift, Text: text, Dialect: dialect, Env: env, Flat: shift > 0}) {
					return
				}
			}
		}
	}
}

// shellDialect is the language of a crontab's SHELL.
func shellDialect(sh string) shell.Dialect {
	switch path.Base(sh) {
	case "bash", "ksh":
		return shell.Bash
	case "zsh":
		return shell.Zsh
	}
	return shell.POSIX
}
