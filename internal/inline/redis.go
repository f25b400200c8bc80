package inline

import (
	"strconv"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// redisOptValue lists redis-cli's options that take a value.
var redisOptValue = lazy.Value[map[string]bool]{Build: func() map[string]bool {
	return map[string]bool{
		"-h": true, "-p": true, "-s": true, "-a": true, "-u": true, "-r": true, "-i": true, "-n": true,
		"-d": true, "-D": true, "-t": true, "-X": true, "--user": true, "--pass": true, "--sni": true,
		"--cacert": true, "--cacertdir": true, "--tls-ciphers": true, "--tls-ciphersuites": true,
		"--cert": true, "--key": true, "--show-pushes": true, "--lru-test": true, "--rdb": true,
		"--functions-rdb": true, "--pipe-timeout": true, "--memkeys-samples": true, "--pattern": true,
		"--quoted-pattern": true, "--count": true, "--intrinsic-latency": true, "--eval": true,
		"--keystats-samples": true, "--top": true, "--cursor": true,
	}
}}

// Redis reads one redis-cli command (valkey-cli, keydb-cli): its
// arguments, the words after the program's name, and its standard input
// when the line gives it (a heredoc, a here-string, echo … |; "" when none
// or not known). The command is the first argument after the options;
// when there is none, each command of stdin is read: one a line, split
// as redis-cli splits them ("…" with escapes, '…'), or RESP arrays as
// --pipe sends them; SELECT n is followed. -n and -u set the database
// FLUSHDB empties; --cluster call HOST CMD runs CMD on every node. Command
// names are case-insensitive. Pos is the index of the command's word in
// argv, or the byte offset of its line in stdin.
func Redis(argv []string, stdin string) (out []Statement) {
	if len(stdin) > MaxCode {
		return []Statement{{Verb: "EVAL", Part: "input too long to read"}}
	}
	defer func() {
		if r := recover(); r != nil {
			out = append(out, Statement{Verb: "EVAL", Part: "internal error reading the command"})
		}
	}()
	return redis(argv, stdin)
}

func redis(argv []string, stdin string) []Statement {
	db := "0"
	i := 0
	for i < len(argv) && strings.HasPrefix(argv[i], "-") && len(argv[i]) > 1 {
		a := argv[i]
		switch {
		case a == "--cluster":
			if i+2 < len(argv) && strings.EqualFold(argv[i+1], "call") {
				return redisCommand(argv[i+3:], i+3, "")
			}
			return nil
		case a == "-n" && i+1 < len(argv):
			db = argv[i+1]
		case a == "-u" && i+1 < len(argv):
			db = redisURLDB(argv[i+1])
		case a == "--eval":
			return nil // a script in a file
		}
		if redisOptValue.Get()[a] {
			i++
		}
		i++
	}
	if i >= len(argv) {
		return redisScript(stdin, db)
	}
	return redisCommand(argv[i:], i, db)
}

// redisURLDB is the database a redis:// URL names (its path).
func redisURLDB(u string) string {
	rest := u
	if k := strings.Index(rest, "://"); k >= 0 {
		rest = rest[k+3:]
	}
	if k := strings.IndexByte(rest, '/'); k >= 0 {
		if d := rest[k+1:]; d != "" {
			return d
		}
	}
	return "0"
}

// redisCommand judges one command with its arguments; pos is where it is.
func redisCommand(args []string, pos int, db string) []Statement {
	if len(args) == 0 {
		return nil
	}
	up := func(k int) string {
		if k < len(args) {
			return strings.ToUpper(args[k])
		}
		return ""
	}
	st := func(verb, object, part string, unfiltered bool) []Statement {
		return []Statement{{Verb: verb, Object: object, Part: part, Pos: pos, Unfiltered: unfiltered}}
	}
	switch up(0) {
	case "FLUSHALL":
		return st("FLUSHALL", "", "", true)
	case "FLUSHDB":
		return st("FLUSHDB", db, "", true)
	case "SHUTDOWN":
		var mods []string
		for k := 1; k < len(args); k++ {
			if up(k) == "ABORT" {
				return nil
			}
			mods = append(mods, up(k))
		}
		return st("SHUTDOWN", "", strings.Join(mods, " "), false)
	case "DEBUG":
		switch up(1) {
		case "SEGFAULT", "CRASH-AND-RECOVER", "RESTART", "OOM", "PANIC", "ASSERT", "RELOAD", "FLUSHALL":
			return st("DEBUG "+up(1), "", "", false)
		}
	case "CONFIG":
		if up(1) != "SET" {
			return nil
		}
		var out []Statement
		for k := 2; k+1 < len(args); k += 2 {
			p := strings.ToLower(args[k])
			verb := "CONFIG SET"
			if p == "dir" || p == "dbfilename" {
				verb += " " + p
			}
			out = append(out, Statement{Verb: verb, Object: args[k+1], Part: p, Pos: pos})
		}
		return out
	case "KEYS":
		if len(args) > 1 {
			return st("KEYS", args[1], "", args[1] == "*")
		}
	case "REPLICAOF", "SLAVEOF":
		if len(args) >= 3 && !(up(1) == "NO" && up(2) == "ONE") {
			return st("REPLICAOF", args[1]+":"+args[2], "", false)
		}
	case "CLUSTER":
		switch up(1) {
		case "RESET":
			return st("CLUSTER RESET", "", up(2), false)
		case "FLUSHSLOTS":
			return st("CLUSTER FLUSHSLOTS", "", "", false)
		}
	case "SCRIPT", "FUNCTION":
		if up(1) == "FLUSH" {
			return st(up(0)+" FLUSH", "", "", false)
		}
	case "MODULE":
		if up(1) == "LOAD" && len(args) > 2 {
			return st("MODULE LOAD", args[2], "", false)
		}
	case "EVAL":
		if len(args) > 1 {
			return redisLua(args[1], pos, db)
		}
	}
	return nil
}

// redisLua reads a script given to EVAL: each redis.call or redis.pcall
// (server.call in Valkey) with a literal command is judged as a command;
// one whose command is computed makes the script an EVAL statement.
func redisLua(code string, pos int, db string) []Statement {
	if len(code) > MaxCode {
		return []Statement{{Verb: "EVAL", Pos: pos, Part: "script too long to read"}}
	}
	l := lexLua(code)
	var out []Statement
	for i := 0; i+3 < len(l.t) && len(out) < findingsCap; i++ {
		if !(l.is(i, "redis") || l.is(i, "server")) || !l.isPunct(i+1, ".") || !(l.is(i+2, "call") || l.is(i+2, "pcall")) || !l.isPunct(i+3, "(") {
			continue
		}
		a := l.args(i + 3)
		var words []string
		for k, s := range a {
			if s.hi-s.lo == 1 && (l.t[s.lo].kind == ctStr || l.t[s.lo].kind == ctNum) {
				words = append(words, l.t[s.lo].text)
				continue
			}
			if k == 0 {
				out = append(out, Statement{Verb: "EVAL", Pos: pos, Part: "a command computed in the script"})
				words = nil
				break
			}
			words = append(words, "")
		}
		out = append(out, redisCommand(words, pos, db)...)
	}
	return out
}

// redisScript reads the commands redis-cli gets on standard input.
func redisScript(text, db string) (out []Statement) {
	for pos := 0; pos < len(text) && len(out) < findingsCap; {
		var args []string
		start := pos
		if text[pos] == '*' {
			args, pos = respArray(text, pos)
		} else {
			end := strings.IndexByte(text[pos:], '\n')
			line := text[pos:]
			if end >= 0 {
				line = text[pos : pos+end]
				pos += end + 1
			} else {
				pos = len(text)
			}
			args = redisSplit(strings.TrimRight(line, "\r"))
		}
		if len(args) == 0 {
			continue
		}
		if strings.EqualFold(args[0], "SELECT") && len(args) > 1 {
			db = args[1]
			continue
		}
		out = append(out, redisCommand(args, start, db)...)
	}
	return out
}

// respArray reads *N\r\n then N bulk strings $len\r\ndata\r\n at i.
func respArray(s string, i int) ([]string, int) {
	line := func(j int) (string, int) {
		e := strings.IndexByte(s[j:], '\n')
		if e < 0 {
			return s[j:], len(s)
		}
		return strings.TrimRight(s[j:j+e], "\r"), j + e + 1
	}
	hdr, j := line(i)
	n, err := strconv.Atoi(hdr[1:])
	if err != nil || n <= 0 {
		return nil, j
	}
	var out []string
	for k := 0; k < n && k < 4096 && j < len(s); k++ {
		var h string
		h, j = line(j)
		if !strings.HasPrefix(h, "$") {
			out = append(out, h) // an inline word
			continue
		}
		size, err := strconv.Atoi(h[1:])
		if err != nil || size < 0 || j+size > len(s) {
			return out, len(s)
		}
		out = append(out, s[j:j+size])
		j += size
		if strings.HasPrefix(s[j:], "\r\n") {
			j += 2
		} else if strings.HasPrefix(s[j:], "\n") {
			j++
		}
	}
	return out, j
}

// redisSplit splits a line into words as redis-cli does (sdssplitargs).
func redisSplit(line string) []string {
	var out []string
	i := 0
	for i < len(line) && len(out) < 4096 {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			break
		}
		var b strings.Builder
		switch line[i] {
		case '"':
			j := i + 1
			for j < len(line) && line[j] != '"' {
				if line[j] == '\\' && j+1 < len(line) {
					switch c := line[j+1]; c {
					case 'n':
						b.WriteByte('\n')
					case 'r':
						b.WriteByte('\r')
					case 't':
						b.WriteByte('\t')
					case 'b':
						b.WriteByte('\b')
					case 'a':
						b.WriteByte('\a')
					case 'x':
						if r, ok := hexRune(line, j+2, 2); ok {
							b.WriteByte(byte(r))
							j += 4
							continue
						}
						b.WriteByte(c)
					default:
						b.WriteByte(c)
					}
					j += 2
					continue
				}
				b.WriteByte(line[j])
				j++
			}
			i = j + 1
		case '\'':
			j := i + 1
			for j < len(line) && line[j] != '\'' {
				if line[j] == '\\' && j+1 < len(line) && line[j+1] == '\'' {
					b.WriteByte('\'')
					j += 2
					continue
				}
				b.WriteByte(line[j])
				j++
			}
			i = j + 1
		default:
			j := i
			for j < len(line) && line[j] != ' ' && line[j] != '\t' {
				j++
			}
			b.WriteString(line[i:j])
			i = j
		}
		out = append(out, b.String())
	}
	return out
}
