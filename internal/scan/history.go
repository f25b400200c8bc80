package scan

import (
	"iter"
	"path/filepath"
	"strings"

	"github.com/belay-sh/belay/internal/shell"
)

// HistoryFormat is the layout of a shell history file.
type HistoryFormat string

// The history formats.
const (
	// BashHistory is one command a line or, when HISTTIMEFORMAT was set,
	// entries each after a "#1700000000" line, which may span lines.
	BashHistory HistoryFormat = "bash"
	// ZshHistory is ": 1700000000:0;command" (EXTENDED_HISTORY) or plain
	// commands; a newline inside a command is written as a backslash at
	// the end of the line.
	ZshHistory HistoryFormat = "zsh"
	// FishHistory is "- cmd: command" entries with indented "when:" and
	// "paths:" lines; newlines and backslashes in the command are escaped.
	FishHistory HistoryFormat = "fish"
)

// DetectHistory tells a history's format from its content, or else from
// its name; bash when neither says.
func DetectHistory(name string, data string) HistoryFormat {
	head := data[:min(len(data), 4096)]
	if f := historyShape(head); f != "" {
		return f
	}
	switch base := filepath.Base(name); {
	case base == "fish_history" || strings.HasSuffix(base, ".fish_history"):
		return FishHistory
	case strings.Contains(base, "zsh") || base == ".zhistory" || base == ".histfile":
		return ZshHistory
	}
	return BashHistory
}

// historyShape tells a history's format from its first non-blank line,
// when that line has a shape only a history file has; "" otherwise.
func historyShape(head string) HistoryFormat {
	first := ""
	lines(head, func(_ int, l string) bool {
		if strings.TrimSpace(l) == "" {
			return true
		}
		first = l
		return false
	})
	switch {
	case zshPrefix(first) > 0:
		return ZshHistory
	case strings.HasPrefix(first, "- cmd: ") || first == "- cmd:":
		return FishHistory
	case isTimestamp(first):
		return BashHistory
	}
	return ""
}

// ParseHistory returns each entry of a history file as a unit of its own,
// at the line where the entry starts. d is the language of bash and zsh
// entries ("" for the shell's own); fish entries are always fish.
func ParseHistory(data string, f HistoryFormat, d shell.Dialect) iter.Seq[Unit] {
	switch f {
	case ZshHistory:
		return parseZsh(data, cmpOr(d, shell.Zsh))
	case FishHistory:
		return parseFish(data)
	}
	return parseBash(data, cmpOr(d, shell.Bash))
}

func cmpOr(d, def shell.Dialect) shell.Dialect {
	if d == "" {
		return def
	}
	return d
}

// isTimestamp reports whether a bash history line is a timestamp: "#"
// followed by digits only.
func isTimestamp(l string) bool {
	l = strings.TrimRight(l, " \t")
	if len(l) < 2 || l[0] != '#' {
		return false
	}
	for i := 1; i < len(l); i++ {
		if l[i] < '0' || l[i] > '9' {
			return false
		}
	}
	return true
}

// parseBash reads a bash history. Without timestamps every line is an
// entry (a multi-line command was saved as separate lines, and each is
// judged on what it holds); with them, an entry is every line up to the
// next timestamp.
func parseBash(data string, d shell.Dialect) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		s := data
		stamped := historyShape(s[:min(len(s), 4096)]) == BashHistory
		if !stamped {
			lines(s, func(n int, l string) bool {
				if strings.TrimSpace(l) == "" {
					return true
				}
				return yield(Unit{Line: n, Col: 1, Text: l, Dialect: d})
			})
			return
		}
		var entry []string
		start := 0
		flush := func() bool {
			if len(entry) == 0 {
				return true
			}
			text := entry[0]
			if len(entry) > 1 {
				text = strings.Join(entry, "\n")
			}
			entry = entry[:0]
			if strings.TrimSpace(text) == "" {
				return true
			}
			return yield(Unit{Line: start, Col: 1, Text: text, Dialect: d})
		}
		ok := true
		lines(s, func(n int, l string) bool {
			if isTimestamp(l) {
				ok = flush()
				start = n + 1
				return ok
			}
			if len(entry) == 0 {
				start = n
			}
			entry = append(entry, l)
			return true
		})
		if ok {
			flush()
		}
	}
}

// zshPrefix returns the length of the ": START:ELAPSED;" prefix of an
// extended zsh history line, 0 when it has none.
func zshPrefix(l string) int {
	if !strings.HasPrefix(l, ": ") {
		return 0
	}
	i := 2
	digits := func() bool {
		j := i
		for i < len(l) && l[i] >= '0' && l[i] <= '9' {
			i++
		}
		return i > j
	}
	if !digits() || i >= len(l) || l[i] != ':' {
		return 0
	}
	i++
	if !digits() || i >= len(l) || l[i] != ';' {
		return 0
	}
	return i + 1
}

// zshMeta is the byte zsh puts before a byte it "metafies" (stores xor 32)
// in its history file.
const zshMeta = 0x83

// unmetafy undoes zsh's metafication of non-ASCII bytes. zsh metafies
// only NUL and bytes from 0x83 up, so a pair that would decode to anything
// else (a newline, say) is not zsh's and is kept as written.
func unmetafy(s string) string {
	if strings.IndexByte(s, zshMeta) < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == zshMeta && i+1 < len(s) {
			if c := s[i+1] ^ 32; c == 0 || c >= 0x80 {
				b = append(b, c)
				i++
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

// parseZsh reads a zsh history, extended or plain.
func parseZsh(data string, d shell.Dialect) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		s := unmetafy(data)
		var b strings.Builder
		start, col := 0, 1
		cont := false // the entry goes on on the next line
		ok := true
		lines(s, func(n int, l string) bool {
			if !cont {
				start, col = n, 1
				if p := zshPrefix(l); p > 0 {
					l = l[p:]
					col = p + 1
				}
				if !strings.HasSuffix(l, "\\") {
					if strings.TrimSpace(l) == "" {
						return true
					}
					ok = yield(Unit{Line: start, Col: col, Text: l, Dialect: d})
					return ok
				}
				b.Reset()
			}
			if strings.HasSuffix(l, "\\") {
				b.WriteString(l[:len(l)-1])
				b.WriteByte('\n')
				cont = true
				return true
			}
			b.WriteString(l)
			cont = false
			ok = yield(Unit{Line: start, Col: col, Text: b.String(), Dialect: d})
			return ok
		})
		if ok && cont {
			// The file ends inside an entry: judge what it holds.
			text := strings.TrimSuffix(b.String(), "\n")
			if strings.TrimSpace(text) != "" {
				yield(Unit{Line: start, Col: col, Text: text, Dialect: d})
			}
		}
	}
}

// fishCmd is the start of an entry of a fish history.
const fishCmd = "- cmd:"

// parseFish reads a fish history. Its lines are YAML-like but not YAML:
// the command is everything after "- cmd: ", with "\\" for a backslash
// and "\n" for a newline.
func parseFish(data string) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		lines(data, func(n int, l string) bool {
			switch {
			case strings.HasPrefix(l, fishCmd):
				text := strings.TrimPrefix(l[len(fishCmd):], " ")
				if strings.TrimSpace(text) == "" {
					return true
				}
				return yield(Unit{Line: n, Col: len(l) - len(text) + 1, Text: fishUnescape(text), Dialect: shell.Fish, Flat: true})
			case l == "" || l[0] == ' ' || l[0] == '\t':
				// when:, paths: and their items, or a blank line.
				return true
			}
			return yield(errUnit(n, "fish history: expected \"- cmd:\" or an indented field, not %s", short(l)))
		})
	}
}

// fishUnescape undoes fish's escaping of a history command.
func fishUnescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '\\':
				b.WriteByte('\\')
				i++
				continue
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
