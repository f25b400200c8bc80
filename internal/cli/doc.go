// Package cli implements the belay command: its subcommands, flags, exit
// statuses, output and the confirmation prompt. cmd/belay only calls Main.
//
// The voice: everything goes to stderr prefixed "belay:", lower case, no
// final period; "belay: blocked: …", "belay: confirm: …", "belay: error: …",
// each followed by "belay: hint: …" lines that say how to go ahead. Every
// string that comes from a command line or a rule pack is made safe for
// the terminal before it is printed.
package cli
