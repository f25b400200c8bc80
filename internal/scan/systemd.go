package scan

import (
	"iter"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
	"github.com/belay-sh/belay/internal/shell"
)

// execKeys are the settings of a unit file whose value is a command line
// (systemd.service(5), systemd.socket(5)).
var execKeys = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"ExecStart": true, "ExecStartPre": true, "ExecStartPost": true, "ExecCondition": true,
		"ExecReload": true, "ExecStop": true, "ExecStopPre": true, "ExecStopPost": true,
	}
}}

// maxUnitLine bounds a logical line of a unit file (systemd's own limit).
const maxUnitLine = 1 << 20

// unitLine is one logical line of a unit file: physical lines joined at a
// trailing backslash.
type unitLine struct {
	text  string
	segs  []unitSeg // where each physical line's text starts in text
	first int       // 1-based line number of the first physical line
}

// unitSeg maps the text of one physical line into a logical line.
type unitSeg struct {
	off  int // offset in the logical line
	line int // 1-based line in the file
	col  int // 1-based column in that line of the byte at off
}

// pos returns the file line and column of offset off of the logical line.
func (u *unitLine) pos(off int) (int, int) {
	s := u.segs[0]
	for _, t := range u.segs[1:] {
		if t.off > off {
			break
		}
		s = t
	}
	return s.line, s.col + off - s.off
}

// unitLines splits a unit file into logical lines, dropping comments and
// blank lines; a comment inside a continued line is dropped as systemd
// drops it.
func unitLines(s string, yield func(unitLine) bool) bool {
	var cur *unitLine
	var b strings.Builder
	ok := true
	lines(s, func(n int, raw string) bool {
		l := strings.TrimLeft(raw, " \t")
		col := len(raw) - len(l) + 1
		if l == "" && cur == nil {
			return true
		}
		if l != "" && (l[0] == '#' || l[0] == ';') {
			return true
		}
		if cur == nil {
			cur = &unitLine{first: n}
			b.Reset()
		}
		cur.segs = append(cur.segs, unitSeg{off: b.Len(), line: n, col: col})
		if strings.HasSuffix(l, "\\") && b.Len() < maxUnitLine {
			b.WriteString(l[:len(l)-1])
			b.WriteByte(' ')
			return true
		}
		b.WriteString(l)
		cur.text = strings.TrimRight(b.String(), " \t")
		if cur.text != "" {
			ok = yield(*cur)
		}
		cur = nil
		return ok
	})
	if ok && cur != nil {
		// The file ends in a continued line.
		if cur.text = strings.TrimRight(b.String(), " "); cur.text != "" {
			ok = yield(*cur)
		}
	}
	return ok
}

// ParseSystemd returns the commands of a unit file's Exec*= settings, each
// as an argv split the way systemd splits it: quotes, C escapes, ";" between
// commands, the "-@+!:" prefixes stripped, $VAR and ${VAR} replaced from
// the unit's Environment= settings (unset ones are empty, as systemd makes
// them). %-specifiers are kept as written, except %% for %. The argv is
// not a shell line; a /bin/sh -c string inside it is still parsed by the
// analyzer.
func ParseSystemd(data string) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		s := data
		env := unitEnv(s)
		unitLines(s, func(ul unitLine) bool {
			key, val, off, ok := unitSetting(ul.text)
			if !ok {
				if ul.text[0] == '[' {
					return true
				}
				line, _ := ul.pos(0)
				return yield(errUnit(line, "unit: expected [Section] or Key=Value, not %s", short(ul.text)))
			}
			if !execKeys.Get()[key] || strings.TrimSpace(val) == "" {
				return true
			}
			words, err := systemdWords(val, off)
			if err != "" {
				line, _ := ul.pos(off)
				return yield(errUnit(line, "unit: %s=: %s", key, err))
			}
			for _, cmd := range splitCommands(words) {
				u := execUnit(cmd, env)
				if u.Err != "" {
					u.Err = "unit: " + key + "=: " + u.Err
				}
				u.Line, u.Col = ul.pos(cmd[0].off)
				if !yield(u) {
					return false
				}
			}
			return true
		})
	}
}

// unitSetting splits a logical line into key and value; off is where the
// value starts.
func unitSetting(l string) (key, val string, off int, ok bool) {
	i := strings.IndexByte(l, '=')
	if i <= 0 || l[0] == '[' {
		return "", "", 0, false
	}
	key = strings.TrimRight(l[:i], " \t")
	if strings.ContainsAny(key, " \t") {
		return "", "", 0, false
	}
	val = strings.TrimLeft(l[i+1:], " \t")
	return key, val, len(l) - len(val), true
}

// unitEnv collects the unit's Environment= settings. systemd applies them
// whatever their order relative to the Exec lines, so they are read first.
func unitEnv(s string) map[string]string {
	env := map[string]string{}
	unitLines(s, func(ul unitLine) bool {
		key, val, _, ok := unitSetting(ul.text)
		if !ok || key != "Environment" {
			return true
		}
		words, err := systemdWords(val, 0)
		if err != "" {
			return true
		}
		for _, w := range words {
			if k, v, ok := strings.Cut(w.text, "="); ok && isIdent(k) {
				env[k] = v
			}
		}
		return true
	})
	return env
}

// word is one word of an Exec line, after unquoting.
type word struct {
	text  string
	off   int  // where it starts in the logical line
	plain bool // written without quotes or escapes (a lone ";" separates commands)
}

// systemdWords splits a value the way systemd splits a command line:
// blanks separate words, "…" and '…' quote (also inside a word), and a
// backslash starts a C escape. base is the value's offset in its line.
func systemdWords(s string, base int) ([]word, string) {
	var out []word
	var b strings.Builder
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return out, ""
		}
		b.Reset()
		start := i
		plain := true
		var quote byte
		for ; i < len(s); i++ {
			c := s[i]
			switch {
			case quote == 0 && (c == ' ' || c == '\t'):
				goto done
			case c == quote:
				quote = 0
				continue
			case quote == 0 && (c == '"' || c == '\''):
				quote, plain = c, false
				continue
			case c == '\\':
				plain = false
				if i+1 >= len(s) {
					return nil, "a backslash at the end"
				}
				n, adv := cUnescape(s[i+1:])
				b.WriteString(n)
				i += adv
				continue
			}
			b.WriteByte(c)
		}
		if quote != 0 {
			return nil, "a quote that is not closed"
		}
	done:
		out = append(out, word{text: b.String(), off: base + start, plain: plain})
	}
}

// cUnescape decodes the escape after a backslash (s starts after it) and
// returns the bytes it stands for and how many bytes of s it used.
func cUnescape(s string) (string, int) {
	switch c := s[0]; c {
	case 'a':
		return "\a", 1
	case 'b':
		return "\b", 1
	case 'f':
		return "\f", 1
	case 'n':
		return "\n", 1
	case 'r':
		return "\r", 1
	case 't':
		return "\t", 1
	case 'v':
		return "\v", 1
	case 's':
		return " ", 1
	case 'x':
		if len(s) >= 3 && isHex(s[1]) && isHex(s[2]) {
			return string([]byte{unhex(s[1])<<4 | unhex(s[2])}), 3
		}
	case '0', '1', '2', '3':
		if len(s) >= 3 && isOct(s[1]) && isOct(s[2]) {
			return string([]byte{(c-'0')<<6 | (s[1]-'0')<<3 | (s[2] - '0')}), 3
		}
	}
	// \\, \", \', \; and anything systemd does not know: the byte itself.
	return s[:1], 1
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isOct(c byte) bool { return c >= '0' && c <= '7' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// splitCommands splits the words of an Exec line at lone ";" words.
func splitCommands(words []word) [][]word {
	var out [][]word
	var cur []word
	for _, w := range words {
		if w.plain && w.text == ";" {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// execUnit turns the words of one command into an argv unit.
func execUnit(cmd []word, env map[string]string) Unit {
	exe := cmd[0].text
	// "-" ignore failure, "@" argv[0] follows, "+" "!" "!!" privileges,
	// ":" no variable expansion; in any order.
	prefix := exe[:len(exe)-len(strings.TrimLeft(exe, "-@+!:"))]
	exe = exe[len(prefix):]
	argv0 := strings.Contains(prefix, "@")
	expandVars := !strings.Contains(prefix, ":")
	rest := cmd[1:]
	if exe == "" {
		// The prefixes stand alone: the program is the next word.
		if len(rest) == 0 {
			return Unit{Err: "a prefix with no command"}
		}
		exe, rest = rest[0].text, rest[1:]
	}
	if argv0 {
		// "@/bin/prog name args": name is only argv[0]; /bin/prog runs.
		if len(rest) == 0 {
			return Unit{Err: "\"@\" needs the argv[0] after the program"}
		}
		rest = rest[1:]
	}
	argv := []string{specifiers(exe)}
	for _, w := range rest {
		if !expandVars {
			argv = append(argv, specifiers(w.text))
			continue
		}
		argv = append(argv, expandWord(w, env)...)
	}
	parts := make([]string, len(argv))
	for i, a := range argv {
		parts[i] = shell.Quote(a)
	}
	return Unit{Text: strings.Join(parts, " "), Argv: argv, Flat: true}
}

// expandWord replaces $VAR (a whole word, split at blanks) and ${VAR}
// (anywhere in a word) from env, as systemd does; unset variables are
// empty, and an empty $VAR word disappears.
func expandWord(w word, env map[string]string) []string {
	t := w.text
	if len(t) > 1 && t[0] == '$' && t[1] != '{' && isIdent(t[1:]) {
		return strings.Fields(env[t[1:]])
	}
	if !strings.Contains(t, "${") {
		return []string{specifiers(t)}
	}
	var b strings.Builder
	for {
		i := strings.Index(t, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 || !isIdent(t[i+2:i+j]) {
			b.WriteString(t[:i+2])
			t = t[i+2:]
			continue
		}
		b.WriteString(t[:i])
		b.WriteString(env[t[i+2:i+j]])
		t = t[i+j+1:]
	}
	b.WriteString(t)
	return []string{specifiers(b.String())}
}

// specifiers turns %% into %; other specifiers (%n, %h, …) depend on the
// unit and the host and are kept as written.
func specifiers(s string) string {
	return strings.ReplaceAll(s, "%%", "%")
}

// isIdent reports whether s is a variable name: a letter or _, then
// letters, digits and _.
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
