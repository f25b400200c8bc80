// Package scan reads files that hold shell commands without running them —
// shell scripts, shell history, crontabs, systemd units and belay's audit
// log — and turns each into the commands it holds, each with where it
// starts in the file and the language it is written in.
//
// A parser never gives up on a whole file: an entry it cannot read becomes
// a Unit with Err set at that entry's line, and the rest of the file is
// still read. Judging the commands is the caller's business
// (internal/shell, internal/policy); this package only knows file formats.
package scan
