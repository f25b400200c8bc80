// Package e2e holds belay's end-to-end tests: real interactive bash, zsh
// and fish sessions on a pseudo-terminal, with the hooks of `belay init`
// loaded, typed at the way a person would.
//
// Nothing dangerous runs for real. The deletions typed target a
// directory made by the test and protected by a rule pack the test
// writes (BELAY_RULES), and every test checks that it is still there.
//
// The shells are required when CI is set; elsewhere a test whose shell is
// not installed is skipped with a message. scripts/bench-hook.sh measures
// what the hooks cost per command.
package e2e
