// Package shell turns a command line, or one argv, into the invocations it
// would really run.
//
// A line is parsed into a syntax tree of mvdan.cc/sh/v3's types: by that
// package for bash, sh and zsh, by this one's own parser for fish
// (fish.go), whose words expand by fish's rules (lists, no splitting;
// fishexpand.go). Every branch is walked statically: both sides of && and ||, if/case/loop bodies,
// functions, command and process substitutions. Words are expanded without
// running anything (quotes, braces, tilde, known variables); what cannot be
// known is marked dynamic. Only this package reads shell syntax: the rest
// of belay gets positions, parse errors and acknowledgements as its types.
//
// What belay knows about commands is one table of data (commands_*.go,
// described in knowledge.go and docs/knowledge.md): each command's options
// and which take a value, its subcommands, what it does to its operands
// (its effects), its dry-run options, and how it runs another command.
// Wrappers such as sudo, env, nice, su -c, xargs, bash -c, eval and ssh are
// seen through by their entries; sudo's grammar is exported (ParseSudo) so
// that belay sudo reads it the same way.
//
// An analysis is bounded whatever the line (budget.go): every step is
// charged to one work budget; loops are unrolled only while the product
// of their items across nesting stays small, a variable past 64 KiB and a
// word that would expand past 1 MiB become unknown, scopes are shared
// rather than copied per wrapper (scope.go), and parts of a line nested
// deeper than the parser can bear are cut out before parsing
// (nesting.go). Where a bound loses what a command would do, the analysis
// degrades to the worst case and records a Problem, which the policy
// turns into confirm at least; it never stops silently.
//
// A line is bytes: bytes that are not UTF-8 are carried through the
// parser as private-use runes and given back in words, paths and text
// (bytes.go), so such a line is judged on what it runs.
package shell
