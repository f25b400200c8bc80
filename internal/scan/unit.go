package scan

import (
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/crontab"
	"github.com/belay-sh/belay/internal/shell"
)

// Unit is one command found in a file: the text to analyse, or an entry
// that could not be read.
type Unit struct {
	Line    int               // 1-based line of the file where the command starts
	Col     int               // 1-based byte column of the file where line 1, column 1 of Text is
	Text    string            // the command line; for an argv unit, its words quoted and joined, for display
	Argv    []string          // the command as an argv, analysed without shell parsing (systemd); nil for a line
	Dialect shell.Dialect     // the language of Text
	Env     map[string]string // variables the file sets for the command (crontab HOME, PATH, SHELL); shared, do not modify
	Cwd     string            // the directory it ran in when the file says (audit log); "" when unknown
	Acks    []string          // rule ids the file says were acknowledged for it (audit log)
	Flat    bool              // Text's lines are not the file's lines: only Line and Col are known
	Err     string            // why the entry could not be read; Text and Argv are empty then
}

// Position maps a position in u.Text (1-based line and column, as in an
// Invocation's Pos) to the file.
func (u *Unit) Position(line, col int) (int, int) {
	if line < 1 {
		return u.Line, u.Col
	}
	if line > 1 {
		if u.Flat {
			return u.Line, u.Col
		}
		return u.Line + line - 1, max(col, 1)
	}
	return u.Line, max(u.Col+col-1, 1)
}

// Options change how files are read.
type Options struct {
	Dialect shell.Dialect // the language of scripts, bash and zsh history and crontabs; "" to tell from the file
}

// Parse returns the units of a file of the given kind. name is the file's
// path, used to tell formats apart (system or user crontab, which shell's
// history); data is its content.
func Parse(kind Kind, name string, data string, opt Options) iter.Seq[Unit] {
	switch kind {
	case Script:
		return ParseScript(name, data, opt.Dialect)
	case History:
		f := DetectHistory(name, data)
		return ParseHistory(data, f, opt.Dialect)
	case Crontab:
		return ParseCrontab(data, crontab.DetectFormat(name, data), opt.Dialect)
	case Systemd:
		return ParseSystemd(data)
	case Audit:
		return ParseAudit(data)
	}
	return func(yield func(Unit) bool) {
		yield(Unit{Line: 1, Col: 1, Err: "unknown kind of file " + string(kind)})
	}
}

// lines calls f with each line of s (without its newline or a trailing
// carriage return) and its 1-based number, until f returns false.
func lines(s string, f func(n int, line string) bool) {
	n := 0
	for len(s) > 0 {
		n++
		var l string
		if i := strings.IndexByte(s, '\n'); i < 0 {
			l, s = s, ""
		} else {
			l, s = s[:i], s[i+1:]
		}
		if len(l) > 0 && l[len(l)-1] == '\r' {
			l = l[:len(l)-1]
		}
		if !f(n, l) {
			return
		}
	}
}

// errUnit is an entry at line n that could not be read.
func errUnit(n int, format string, args ...any) Unit {
	return Unit{Line: n, Col: 1, Err: fmt.Sprintf(format, args...)}
}

// short quotes at most 40 bytes of s for an error message.
func short(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}
