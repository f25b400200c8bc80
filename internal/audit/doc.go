// Package audit is belay's decision log: one JSON object per line for
// every command belay stopped, asked about, let through on an
// acknowledgement, or could not check, with who typed it, where, and what
// became of it.
//
// A record is appended to a file with a single write(2) on a descriptor
// opened with O_APPEND, so that records written at the same time by many
// belay processes never interleave; a record longer than PIPE_BUF also
// takes an exclusive flock around its write, for file systems where a
// large append is not atomic. Records are also sent to syslog (journald)
// when a syslog socket is there.
//
// Reading goes backwards from the end of the file, newest first, and
// skips lines that are torn or are not records, counting them.
package audit
