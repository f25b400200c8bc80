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
package shell
