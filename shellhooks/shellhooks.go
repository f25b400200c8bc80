// Package shellhooks holds the shell hooks that put belay in front of
// every command line typed at an interactive bash, zsh or fish prompt.
// They are embedded in the binary and printed by `belay init SHELL`.
//
// Each hook binds Enter to a function that hands the whole buffer to
// `belay hook --shell SHELL -- LINE` (the hidden form of `belay check`
// made for hooks) and runs the line only when that exits 0. The exit
// statuses the hooks act on:
//
//	0        run the line
//	1        blocked or declined: keep the line in the buffer, do not run it
//	3        confirmation needed but no prompt possible: keep it, do not run it
//	4        the line is unfinished: add a newline and read on (bash, zsh)
//	130      Ctrl-C while belay judged (SIGINT): keep it, do not run it
//	124      the check took longer than BELAY_HOOK_TIMEOUT: warn once, run it
//	other    belay is broken or missing (or killed by a signal): warn once,
//	         record it with `belay audit-event fallback` if belay can start,
//	         and run it
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
