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
// The way to a log is walked one component at a time without following
// links blindly: every directory and symbolic link on it must belong to
// root or to the user belay runs as, and the log must be a regular file
// of theirs with one link, so that no one else can steer a record (root's
// above all) into a file of their choosing. A record is never glued to a
// torn one: a write cut short is ended with a newline, and a file that
// ends without one gets one before the next record.
//
// Reading goes backwards from the end of the file, newest first, and
// skips lines that are torn or are not records, counting them.
package audit
