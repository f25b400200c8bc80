// Package shellhooks holds the shell hooks that put belay in front of
// every command line typed at an interactive bash, zsh or fish prompt.
// They are embedded in the binary and printed by `belay init SHELL`.
//
// Each hook binds Enter to a function that hands the whole buffer to
// `belay hook --shell SHELL -- LINE` (the hidden form of `belay check`
// made for hooks) and runs the line only when that exits 0. The contract
// between the hooks and belay hook is its exit status (below). Before the
// line, each hook passes --state=DEFS: what its session holds that the
// line refers to (the variables it names, the aliases, abbreviations and
// functions its words name, and what those use down to 8 levels), as
// definitions in its own language, or --state-dropped when that is over
// 16384 characters or deeper (__belay_state in each hook;
// shell.Options.State reads it). The exit status:
//
//	0        run the line (allowed, warned, confirmed, acknowledged)
//	1        blocked or declined: keep the line in the buffer, do not run it
//	3        confirmation needed but no prompt possible: keep it, do not run it
//	4        the line is unfinished: add a newline and read on (bash, zsh)
//	130      Ctrl-C while belay judged (SIGINT): keep it, do not run it
//	126, 127 belay cannot be run (the shell's statuses), and
//	killed   any other signal: the guard is gone. Run the line, with one
//	         warning and a record
//	other    belay failed (2, garbage, a status it never gives): keep the
//	         line off, with an error and a record
//
// A missing belay (not found, not executable) is also "the guard is gone":
// run, warn, record. belay answers for its own time: a line it cannot
// judge within BELAY_HOOK_TIMEOUT seconds gets confirm, asked like any
// other (its watchdog starts before anything else), so a slow belay never
// means an unchecked line; belay hook never exits 2 on its own options.
// BELAY_HOOK_HARD_TIMEOUT=1 also wraps belay in timeout(1), for a belay
// that could hang before its watchdog starts, 2 seconds past the
// watchdog's limit (whole seconds) so that the watchdog asks first: a
// belay ended that way was killed, and the line runs, with a warning and
// a record.
//
// When belay cannot record a line itself (it is missing, killed, broken)
// the hook does: one JSON line of belay's decision log, to syslog through
// logger(1) (facility auth, tag belay) and to the log file
// (BELAY_AUDIT_FILE, else $XDG_STATE_HOME/belay/audit.jsonl; for root
// /var/log/belay/audit.jsonl, never a home directory). The decision is
// "unchecked"; the outcome "fallback" (it ran), "not run", or "hook off"
// (__belay_off, which each hook defines and lets through unasked, so that
// a broken belay cannot lock anyone out of their shell).
//
// How each shell is hooked, and why that way, is told at the top of its
// file.
package shellhooks

import (
	"embed"
	"strings"
)

// FS holds the hooks: belay.bash, belay.zsh and belay.fish.
//
//go:embed belay.bash belay.zsh belay.fish
var FS embed.FS

// Shells are the shells there is a hook for.
var Shells = []string{"bash", "zsh", "fish"}

// binPlaceholder stands, quoted, for the belay binary in each hook; Hook
// replaces it with the real path.
const binPlaceholder = "@BELAY_BIN@"

// Hook returns the hook for shell with bin, the absolute path of the
// belay binary, written in as the default to call (BELAY_BIN overrides
// it at run time). ok is false for a shell without a hook.
func Hook(shell, bin string) (hook string, ok bool) {
	data, err := FS.ReadFile("belay." + shell)
	if err != nil {
		return "", false
	}
	quoted := shQuote(bin)
	if shell == "fish" {
		quoted = fishQuote(bin)
	}
	return strings.ReplaceAll(string(data), "'"+binPlaceholder+"'", quoted), true
}

// shQuote quotes s for bash and zsh: in single quotes, where each single
// quote of s closes the quotes, is escaped, and opens them again.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote quotes s for fish: single quotes, in which \ and ' are escaped.
func fishQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}
