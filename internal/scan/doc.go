// Package scan judges the commands written down in files without running
// any of them: shell scripts, shell history, crontabs, systemd units and
// belay's audit log.
//
// It has two layers. The readers (Parse and its kind-specific functions)
// only know file formats: each turns a file into the commands it holds,
// each with where it starts in the file and the language it is written
// in. A reader never gives up on a whole file: an entry it cannot read
// becomes a Unit with Err set at that entry's line, and the rest of the
// file is still read.
//
// A Scanner runs a scan: it walks the paths it is given, reads each file
// with the readers, has internal/shell analyse every unit and
// internal/policy judge it, in parallel, and yields the findings at their
// places in the files, in order. Printing them is the caller's business;
// package sarif writes them for code scanning services.
package scan
