package crontab

import (
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// Format says whether a crontab's jobs have a user column.
type Format uint8

// The crontab formats.
const (
	User   Format = iota // crontab -l, /var/spool/cron/crontabs/*: schedule, command
	System               // /etc/crontab, /etc/cron.d/*: schedule, user, command
)

func (f Format) String() string {
	if f == System {
		return "system"
	}
	return "user"
}

// Kind is what a line of a crontab is.
type Kind uint8

// The kinds of entry. Blank lines and comments are not entries.
const (
	Job Kind = iota + 1 // a schedule and a command
	Env                 // a variable setting, NAME = value
	Bad                 // a line cron refuses
)

// Entry is one line of a crontab that is not blank or a comment.
type Entry struct {
	Line int    // 1-based line number
	Text string // the line without the blanks around it
	Kind Kind

	Name, Value string // Env: the variable and its value, quotes removed

	Schedule []string // Job: five time fields, or one @ special ("@daily", "@reboot")
	NoLog    bool     // Job: cronie's leading "-", which keeps the job out of syslog
	User     string   // Job of a system crontab: who it runs as
	Command  string   // Job: what cron hands to $SHELL -c, up to the first unescaped %; \% there is %
	Stdin    string   // Job: what cron writes to the command's standard input, after that %; "" for none
	Col      int      // Job: 1-based byte column of Command in the line

	Err string // Bad: why cron refuses the line
}

// MaxLine bounds a line; cron itself refuses long lines (cronie's
// MAX_COMMAND is 128 KiB, Vixie cron's 1000 bytes).
const MaxLine = 64 << 10

// specials are the @ schedules of cron(5), which it matches case-sensitively.
var specials = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{"@reboot": true, "@yearly": true, "@annually": true, "@monthly": true,
		"@weekly": true, "@daily": true, "@midnight": true, "@hourly": true}
}}

// Parse returns the entries of a crontab in format f, one for each line
// that is not blank or a comment.
//
// Where cron implementations differ, the one that runs more wins, so that
// no job cron may run is missed: cronie's leading "-" is read, and a last
// line without a newline (which cron ignores) is a job like the others.
func Parse(data string, f Format) iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		lines(data, func(n int, raw string) bool {
			l := strings.TrimLeft(raw, " \t")
			indent := len(raw) - len(l)
			l = strings.TrimRight(l, " \t")
			if l == "" || l[0] == '#' {
				return true
			}
			if len(l) > MaxLine {
				return yield(bad(n, l, "line is longer than %d bytes", MaxLine))
			}
			if name, val, ok := parseEnv(l); ok {
				return yield(Entry{Line: n, Text: l, Kind: Env, Name: name, Value: val})
			}
			e := parseJob(l, f)
			e.Line, e.Text = n, l
			if e.Kind == Job {
				e.Col += indent
			}
			return yield(e)
		})
	}
}

// bad is a line cron refuses.
func bad(n int, text string, format string, args ...any) Entry {
	return Entry{Line: n, Text: text, Kind: Bad, Err: fmt.Sprintf(format, args...)}
}

// parseJob reads a trimmed line that is not a variable setting as a job.
// Col in the result is relative to l.
func parseJob(l string, f Format) Entry {
	s, ok := splitSchedule(l)
	switch {
	case !ok:
		return Entry{Kind: Bad, Err: "not a job, a variable setting or a comment: " + short(l)}
	case s.bad != "":
		return Entry{Kind: Bad, Err: s.bad}
	case strings.HasPrefix(s.rest, "*"):
		// cron's check for a common typo: a sixth time field.
		return Entry{Kind: Bad, Err: "a command cannot start with * (six time fields?)"}
	}
	e := Entry{Kind: Job, Schedule: s.fields, NoLog: s.noLog}
	rest, col := s.rest, s.restCol
	if f == System {
		user, after := cutField(rest)
		if after == "" {
			return Entry{Kind: Bad, Err: "a job with no command"}
		}
		if !ValidUser(user) {
			return Entry{Kind: Bad, Err: "expected a user name before the command, not " + short(user)}
		}
		e.User = user
		col += len(rest) - len(after)
		rest = after
	}
	e.Command, e.Stdin = splitStdin(rest)
	e.Command = strings.TrimRight(e.Command, " \t")
	if e.Command == "" {
		return Entry{Kind: Bad, Err: "a job with no command"}
	}
	e.Col = col
	return e
}

// schedule is a job line split after its schedule.
type schedule struct {
	fields  []string // five time fields, or one @ special
	noLog   bool     // the line starts with cronie's "-"
	rest    string   // what follows the schedule and its blanks: [user] command
	restCol int      // 1-based column of rest in the line
	bad     string   // why the schedule is not one, when it starts like one
}

// splitSchedule splits a trimmed line that starts like a job (a digit, *
// or @, after cronie's optional -) after its schedule. ok is false for
// lines that are not jobs at all.
func splitSchedule(l string) (s schedule, ok bool) {
	rest := l
	if strings.HasPrefix(rest, "-") {
		s.noLog, rest = true, rest[1:]
	}
	if rest == "" || !(rest[0] >= '0' && rest[0] <= '9' || rest[0] == '*' || rest[0] == '@') {
		return s, false
	}
	if rest[0] == '@' {
		var f string
		f, rest = cutField(rest)
		if !specials.Get()[f] {
			s.bad = "unknown schedule " + short(f)
		}
		s.fields = []string{f}
	} else {
		for range 5 {
			var f string
			f, rest = cutField(rest)
			if f == "" {
				s.bad = "a schedule needs five fields (minute hour day month weekday)"
				break
			}
			if !timeField(f) {
				s.bad = "bad schedule field " + short(f)
				break
			}
			s.fields = append(s.fields, f)
		}
	}
	s.rest = rest
	s.restCol = len(l) - len(rest) + 1
	return s, true
}

// timeField reports whether f is made of what time fields are made of:
// numbers, names, *, ranges, steps and lists.
func timeField(f string) bool {
	for i := 0; i < len(f); i++ {
		c := f[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte("*,-/?#", c) >= 0) {
			return false
		}
	}
	return true
}

// splitStdin splits a job's command the way cron does before it runs it:
// up to the first % that is not escaped is the command, with \% there
// turned into %; after it is standard input, in which % is a newline and
// \% a plain %. Other backslashes are left as they are.
func splitStdin(s string) (cmd, stdin string) {
	var b strings.Builder
	escaped := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
			if c != '%' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		case c == '\\':
			escaped = true
		case c == '%':
			return b.String(), translateStdin(s[i+1:])
		default:
			b.WriteByte(c)
		}
	}
	if escaped {
		b.WriteByte('\\')
	}
	return b.String(), ""
}

// translateStdin is cron's translation of what follows the first %:
// \% is %, % is a newline, and \x is \x for any other x.
func translateStdin(s string) string {
	var b strings.Builder
	escaped := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if escaped {
			if c != '%' {
				b.WriteByte('\\')
			}
		} else if c == '%' {
			c = '\n'
		}
		escaped = c == '\\'
		if !escaped {
			b.WriteByte(c)
		}
	}
	if escaped {
		b.WriteByte('\\')
	}
	return b.String()
}

// parseEnv reads a variable setting the way cronie's load_env does:
// a name up to a blank or =, or in quotes; blanks; =; blanks; a value to
// the end of the line, trailing blanks cut, or in quotes followed only by
// blanks. An empty value must be quoted (cron(5)); an empty name is refused.
func parseEnv(l string) (name, val string, ok bool) {
	name, rest, ok := envWord(l, true)
	if !ok || name == "" {
		return "", "", false
	}
	rest = strings.TrimLeftFunc(rest, isSpace)
	if !strings.HasPrefix(rest, "=") {
		return "", "", false
	}
	rest = strings.TrimLeftFunc(rest[1:], isSpace)
	if rest == "" {
		return "", "", false
	}
	val, rest, ok = envWord(rest, false)
	if !ok || strings.TrimLeftFunc(rest, isSpace) != "" {
		return "", "", false
	}
	return name, val, true
}

// envWord reads a quoted word, or else a name (up to a blank or =) or a
// value (to the end, trailing blanks cut), and returns what follows it.
func envWord(s string, isName bool) (word, rest string, ok bool) {
	if q := s[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 || isName && strings.IndexByte(s[1:1+end], '=') >= 0 {
			return "", "", false
		}
		return s[1 : 1+end], s[2+end:], true
	}
	if !isName {
		return strings.TrimRightFunc(s, isSpace), "", true
	}
	end := strings.IndexFunc(s, func(r rune) bool { return r == '=' || isSpace(r) })
	if end < 0 {
		return "", "", false
	}
	return s[:end], s[end:], true
}

// isSpace is C's isspace, which cron's variable settings use.
func isSpace(r rune) bool { return r == ' ' || r >= '\t' && r <= '\r' }

// ValidUser reports whether s can be the user column of a system crontab:
// a login name of letters, digits, '_', '.', '-' (not first), and a final
// '$' (Samba machine accounts). cron looks the name up; a word that no
// account can have, such as a path, means the column is missing.
func ValidUser(s string) bool {
	if s == "" || len(s) > 256 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '.', c == '-':
		case c == '$' && i > 0 && i == len(s)-1:
		default:
			return false
		}
	}
	return true
}

// Shell returns the job as shell code that reads as cron runs it: the
// command, with its standard input (if any) as a here-document on a group
// around it, so that every command of the line reads it as they would read
// cron's pipe. shift is how many bytes the command lies right of the start
// of the code's first line.
func (e Entry) Shell() (code string, shift int) {
	if e.Stdin == "" {
		return e.Command, 0
	}
	// cron ends the input with a newline when it has none; a here-document
	// always does.
	body := strings.TrimSuffix(e.Stdin, "\n")
	delim := "BELAY_CRON_STDIN"
	for strings.Contains(body, delim) {
		delim += "_"
	}
	return "{ " + e.Command + "\n} <<'" + delim + "'\n" + body + "\n" + delim, 2
}

// cutField returns the first blank-separated field of s and the rest,
// without the blanks between them.
func cutField(s string) (string, string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], " \t")
}

// lines calls f with each line of s (without its newline or a trailing
// carriage return) and its 1-based number, until f returns false.
func lines(s string, f func(n int, line string) bool) {
	for n := 1; len(s) > 0; n++ {
		l, rest, _ := strings.Cut(s, "\n")
		s = rest
		if !f(n, strings.TrimSuffix(l, "\r")) {
			return
		}
	}
}

// short quotes at most 40 bytes of s for a message.
func short(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}
