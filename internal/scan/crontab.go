package scan

import (
	"iter"
	"path"
	"path/filepath"
	"strings"

	"github.com/belay-sh/belay/internal/shell"
)

// CrontabFormat says whether a crontab has a user column.
type CrontabFormat string

// The crontab formats.
const (
	SystemCrontab CrontabFormat = "system" // /etc/crontab, /etc/cron.d/*: schedule, user, command
	UserCrontab   CrontabFormat = "user"   // crontab -l, /var/spool/cron/crontabs/*: schedule, command
)

// specials are the @-schedules of cron(8).
var specials = map[string]bool{"@reboot": true, "@yearly": true, "@annually": true, "@monthly": true,
	"@weekly": true, "@daily": true, "@midnight": true, "@hourly": true}

// maxCronLine bounds a crontab line; cron itself refuses long lines.
const maxCronLine = 64 << 10

// DetectCrontab tells a crontab's format from its path (/etc/crontab and
// /etc/cron.d are system crontabs, the spool holds user crontabs), or else
// from its content: system when every job has a user-like word before its
// command (not one followed by an option) and at least one of them is root.
func DetectCrontab(name string, data string) CrontabFormat {
	slash := filepath.ToSlash(name)
	dir := path.Base(path.Dir(slash))
	switch {
	case strings.Contains(slash, "/spool/cron/") || dir == "crontabs":
		return UserCrontab
	case dir == "cron.d" || path.Base(slash) == "crontab" && strings.HasSuffix(path.Dir(slash), "etc"):
		return SystemCrontab
	}
	jobs, root := 0, false
	system := true
	lines(data, func(_ int, l string) bool {
		j, ok := cronJob(strings.Trim(l, " \t"))
		if !ok {
			return true
		}
		jobs++
		user, rest := cutField(j.rest)
		next, _ := cutField(rest)
		// "ls -la" is a command and its option, not a user and a command.
		if !isUserName(user) || next == "" || next[0] == '-' {
			system = false
			return false
		}
		root = root || user == "root"
		return true
	})
	if jobs > 0 && system && root {
		return SystemCrontab
	}
	return UserCrontab
}

// isUserName reports whether s looks like a login name.
func isUserName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.' || c == '$' && i == len(s)-1):
		default:
			return false
		}
	}
	return true
}

// cronLine is a job line split after its schedule.
type cronLine struct {
	special string // "@daily", or "" for a five-field schedule
	rest    string // what follows the schedule: [user] command
	restCol int    // 1-based column of rest in the line
	bad     string // why the schedule is not one, when it starts like one
}

// cronJob splits a trimmed line that starts like a job (a digit, * or @)
// after its schedule. ok is false for lines that are not jobs at all.
func cronJob(l string) (j cronLine, ok bool) {
	if l == "" || !(l[0] >= '0' && l[0] <= '9' || l[0] == '*' || l[0] == '@') {
		return j, false
	}
	rest := l
	if l[0] == '@' {
		var f string
		f, rest = cutField(l)
		if !specials[f] {
			j.bad = "unknown schedule " + short(f)
		}
		j.special = f
	} else {
		for i := 0; i < 5; i++ {
			var f string
			f, rest = cutField(rest)
			if f == "" {
				j.bad = "a schedule needs five fields (minute hour day month weekday)"
				break
			}
			if !cronField(f) {
				j.bad = "bad schedule field " + short(f)
				break
			}
		}
	}
	rest = strings.TrimLeft(rest, " \t")
	j.rest = rest
	j.restCol = len(l) - len(rest) + 1
	return j, true
}

// cronField reports whether f is made of what schedule fields are made of:
// numbers, names, *, ranges, steps and lists.
func cronField(f string) bool {
	for i := 0; i < len(f); i++ {
		c := f[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte("*,-/?#", c) >= 0) {
			return false
		}
	}
	return true
}

// looksLikeCrontab reports whether the first lines of a file that are not
// blank, comments or variable settings are all job lines, and there is one.
func looksLikeCrontab(head string) bool {
	jobs := 0
	ok := true
	lines(head, func(_ int, l string) bool {
		l = strings.Trim(l, " \t")
		if l == "" || l[0] == '#' {
			return true
		}
		if _, _, isEnv := cronEnv(l); isEnv {
			return true
		}
		j, isJob := cronJob(l)
		if !isJob || j.bad != "" || j.rest == "" {
			ok = false
			return false
		}
		jobs++
		return jobs < 5
	})
	return ok && jobs > 0
}

// cronEnv splits a variable setting: NAME=value, with optional blanks
// around = and optional quotes around the value.
func cronEnv(l string) (name, val string, ok bool) {
	i := strings.IndexByte(l, '=')
	if i <= 0 {
		return "", "", false
	}
	name = strings.TrimRight(l[:i], " \t")
	if !isIdent(name) {
		return "", "", false
	}
	val = strings.Trim(l[i+1:], " \t")
	if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
		val = val[1 : len(val)-1]
	}
	return name, val, true
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// cutField returns the first blank-separated field of s and the rest.
func cutField(s string) (string, string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// cronEnvVars are the variable settings of a crontab that feed the
// analysis of its commands.
var cronEnvVars = map[string]bool{"HOME": true, "PATH": true, "SHELL": true}

// ParseCrontab returns the command of each job of a crontab. Comments,
// blank lines and variable settings are skipped; HOME, PATH and SHELL are
// passed to the commands after them, and SHELL says their language
// (/bin/sh unless set; d, when not "", wins). A "%" in a command ends it:
// what follows is its standard input, with each further "%" a newline,
// as crontab(5) says ("\%" is a plain %).
func ParseCrontab(data string, f CrontabFormat, d shell.Dialect) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		var env map[string]string
		dialect := cmpOr(d, shell.POSIX)
		lines(data, func(n int, raw string) bool {
			l := strings.TrimLeft(raw, " \t")
			indent := len(raw) - len(l)
			l = strings.TrimRight(l, " \t")
			if l == "" || l[0] == '#' {
				return true
			}
			if len(l) > maxCronLine {
				return yield(errUnit(n, "crontab: line is longer than %d bytes", maxCronLine))
			}
			if name, val, ok := cronEnv(l); ok {
				if cronEnvVars[name] {
					// Copy: units already yielded keep the settings they had.
					m := make(map[string]string, len(env)+1)
					for k, v := range env {
						m[k] = v
					}
					m[name] = val
					env = m
					if name == "SHELL" && d == "" {
						dialect = shellDialect(val)
					}
				}
				return true
			}
			j, ok := cronJob(l)
			switch {
			case !ok:
				return yield(errUnit(n, "crontab: not a job, a variable setting or a comment: %s", short(l)))
			case j.bad != "":
				return yield(errUnit(n, "crontab: %s", j.bad))
			}
			cmd, col := j.rest, j.restCol
			if f == SystemCrontab {
				user, rest := cutField(cmd)
				if !isUserName(user) {
					return yield(errUnit(n, "crontab: expected a user name before the command, not %s", short(user)))
				}
				cmd = strings.TrimLeft(rest, " \t")
				col += len(j.rest) - len(cmd)
			}
			if cmd == "" {
				return yield(errUnit(n, "crontab: a job with no command"))
			}
			// With standard input, Text is more lines than the file's one.
			text, shift := cronCommand(cmd)
			return yield(Unit{Line: n, Col: indent + col - shift, Text: text, Dialect: dialect, Env: env, Flat: shift > 0})
		})
	}
}

// shellDialect is the language of a crontab's SHELL.
func shellDialect(sh string) shell.Dialect {
	switch path.Base(sh) {
	case "bash", "ksh":
		return shell.Bash
	case "zsh":
		return shell.Zsh
	}
	return shell.POSIX
}

// cronCommand turns a crontab command into a shell line: up to the first
// unescaped %, with the rest as a heredoc on a block around it, so that
// every command of the line reads it, as they would read cron's pipe.
// shift is how many bytes the line's first line was moved right.
func cronCommand(cmd string) (text string, shift int) {
	var head strings.Builder
	var stdin []string
	var cur strings.Builder
	inStdin := false
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case c == '\\' && i+1 < len(cmd) && cmd[i+1] == '%':
			if inStdin {
				cur.WriteByte('%')
			} else {
				head.WriteByte('%')
			}
			i++
		case c == '%':
			if inStdin {
				stdin = append(stdin, cur.String())
				cur.Reset()
			}
			inStdin = true
		case inStdin:
			cur.WriteByte(c)
		default:
			head.WriteByte(c)
		}
	}
	if !inStdin {
		return head.String(), 0
	}
	stdin = append(stdin, cur.String())
	body := strings.Join(stdin, "\n")
	delim := "BELAY_CRON_STDIN"
	for strings.Contains(body, delim) {
		delim += "_"
	}
	return "{ " + head.String() + "\n} <<'" + delim + "'\n" + body + "\n" + delim, 2
}
