// Package shell turns a command line, or one argv, into the invocations it
// would really run.
//
// A line is parsed with mvdan.cc/sh/v3 into a syntax tree and every branch
// is walked statically: both sides of && and ||, if/case/loop bodies,
// functions, command and process substitutions. Words are expanded without
// running anything (quotes, braces, tilde, known variables); what cannot be
// known is marked dynamic. Wrappers such as sudo, env, xargs, bash -c, eval
// and ssh are seen through, and what each invocation does to paths (its
// effects) comes from one table of command knowledge (knowledge.go).
package shell
