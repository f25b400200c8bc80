package facts

import (
	"path"
	"strings"
)

// wordReboot is the fallback for Options.IsReboot: a small shell-word reading
// of a command line that says whether any command in it reboots, halts or
// powers off the host (reboot, poweroff, halt, shutdown without -c/-k,
// systemctl reboot|poweroff|halt|kexec, init/telinit 0|6, kexec -e, a write
// of b/o to /proc/sysrq-trigger), looking through sudo, env, nohup, sh -c and
// the like. The CLI injects the real shell analyzer instead.
func wordReboot(cmd string) bool { return rebootLine(cmd, 0) }

func rebootLine(cmd string, depth int) bool {
	if depth > 4 {
		return false
	}
	for _, c := range splitCommands(cmd) {
		if rebootCommand(c, depth) {
			return true
		}
	}
	return false
}

// simpleCmd is one command of a line: its words and redirection targets.
type simpleCmd struct {
	words  []string
	redirs []string
}

// splitCommands splits a shell line into simple commands: quotes group and
// are removed, backslash escapes, ; & | newline ( ) ` separate commands, #
// starts a comment, < and > start a redirection whose target is set aside.
// It never fails: it is a reading, not a parser.
func splitCommands(s string) []simpleCmd {
	var out []simpleCmd
	var cur simpleCmd
	var w strings.Builder
	inWord, redir := false, false
	endWord := func() {
		if !inWord {
			return
		}
		if redir {
			cur.redirs = append(cur.redirs, w.String())
			redir = false
		} else {
			cur.words = append(cur.words, w.String())
		}
		w.Reset()
		inWord = false
	}
	endCmd := func() {
		endWord()
		redir = false
		if len(cur.words) > 0 || len(cur.redirs) > 0 {
			out = append(out, cur)
		}
		cur = simpleCmd{}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				w.WriteString(s[i+1:])
				i = len(s)
			} else {
				w.WriteString(s[i+1 : i+1+j])
				i += j + 1
			}
		case '"':
			inWord = true
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
		case '\\':
			if i+1 < len(s) {
				i++
				if s[i] == '\n' {
					continue
				}
				inWord = true
				w.WriteByte(s[i])
			}
		case ' ', '\t', '\r':
			endWord()
		case ';', '&', '|', '\n', '(', ')', '`':
			endCmd()
		case '<', '>':
			// a file descriptor number before the operator is not a word
			if inWord && isDigits(w.String()) {
				w.Reset()
				inWord = false
			}
			endWord()
			for i+1 < len(s) && (s[i+1] == '>' || s[i+1] == '<' || s[i+1] == '|') {
				i++
			}
			if i+1 < len(s) && s[i+1] == '&' { // >&2, <&0
				i++
				for i+1 < len(s) && (s[i+1] >= '0' && s[i+1] <= '9' || s[i+1] == '-') {
					i++
				}
				continue
			}
			redir = true
		case '#':
			if !inWord {
				j := strings.IndexByte(s[i:], '\n')
				if j < 0 {
					i = len(s)
				} else {
					i += j - 1
				}
				continue
			}
			w.WriteByte(c)
		default:
			inWord = true
			w.WriteByte(c)
		}
	}
	endCmd()
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isAssignment reports whether a word is NAME=value.
func isAssignment(w string) bool {
	i := strings.IndexByte(w, '=')
	if i <= 0 {
		return false
	}
	for j := 0; j < i; j++ {
		c := w[j]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// wrapperArgs lists, per wrapper, the options that take an argument.
var wrapperArgs = map[string]map[string]bool{
	"sudo":    {"-u": true, "-g": true, "-p": true, "-C": true, "-D": true, "-h": true, "-r": true, "-t": true, "-U": true, "-T": true, "-R": true},
	"doas":    {"-u": true, "-C": true},
	"env":     {"-u": true, "-C": true, "-S": true, "--unset": true, "--chdir": true},
	"nice":    {"-n": true, "--adjustment": true},
	"ionice":  {"-c": true, "-n": true, "-p": true, "-P": true, "-u": true},
	"timeout": {"-s": true, "-k": true, "--signal": true, "--kill-after": true},
	"nohup":   {},
	"exec":    {"-a": true},
	"command": {},
	"builtin": {},
	"time":    {"-f": true, "-o": true},
	"chronic": {},
	"flock":   {"-w": true, "-E": true, "--timeout": true, "--conflict-exit-code": true},
	"stdbuf":  {},
	"setsid":  {},
}

// rebootCommand judges one simple command.
func rebootCommand(c simpleCmd, depth int) bool {
	for _, r := range c.redirs {
		if strings.HasSuffix(r, "sysrq-trigger") && len(c.words) >= 2 && path.Base(c.words[0]) == "echo" {
			if a := c.words[len(c.words)-1]; a != "" && strings.IndexByte("boBO", a[0]) >= 0 {
				return true
			}
		}
	}
	w := c.words
	for len(w) > 0 && isAssignment(w[0]) {
		w = w[1:]
	}
	for len(w) > 0 {
		base := path.Base(w[0])
		args := w[1:]
		if opts, ok := wrapperArgs[base]; ok {
			i := 0
			for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" {
				if args[i] == "--" {
					i++
					break
				}
				if opts[args[i]] {
					i++
				}
				i++
			}
			for i < len(args) && (isAssignment(args[i]) && (base == "env" || base == "sudo")) {
				i++
			}
			switch base {
			case "timeout": // the duration
				i++
			case "flock": // the lock file
				i++
			}
			if i >= len(args) {
				return false
			}
			w = args[i:]
			continue
		}
		switch base {
		case "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "busybox", "su":
			if base == "busybox" && len(args) > 0 && args[0] != "sh" && args[0] != "ash" {
				w = args
				continue
			}
			for i, a := range args {
				if len(a) > 1 && a[0] == '-' && a[1] != '-' && strings.Contains(a, "c") && i+1 < len(args) {
					return rebootLine(args[i+1], depth+1)
				}
				if a == "--command" && i+1 < len(args) {
					return rebootLine(args[i+1], depth+1)
				}
			}
			return false
		case "reboot", "poweroff", "halt":
			for _, a := range args {
				if a == "-w" || a == "--wtmp-only" || a == "--help" {
					return false
				}
			}
			return true
		case "shutdown":
			for _, a := range args {
				if a == "-c" || a == "-k" || a == "--help" {
					return false
				}
			}
			return true
		case "systemctl":
			verb, rest := systemctlVerb(args)
			switch verb {
			case "reboot", "poweroff", "halt", "kexec", "soft-reboot":
				return true
			case "start", "isolate", "restart":
				for _, u := range rest {
					switch strings.TrimSuffix(u, ".target") {
					case "reboot", "poweroff", "halt", "kexec", "soft-reboot":
						return true
					}
				}
			}
			return false
		case "init", "telinit":
			return len(args) > 0 && (args[0] == "0" || args[0] == "6")
		case "kexec":
			for _, a := range args {
				if a == "-e" || a == "--exec" {
					return true
				}
			}
			return false
		}
		return false
	}
	return false
}

// systemctlVerb skips systemctl's options and returns its verb and the words after it.
func systemctlVerb(args []string) (string, []string) {
	withArg := map[string]bool{"-H": true, "--host": true, "-M": true, "--machine": true, "-t": true, "--type": true,
		"-p": true, "--property": true, "-s": true, "--signal": true, "--state": true, "-n": true, "--lines": true,
		"-o": true, "--output": true, "--root": true, "--job-mode": true, "--when": true, "--message": true}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-H" || a == "--host" || strings.HasPrefix(a, "--host=") || strings.HasPrefix(a, "-H") && len(a) > 2 {
			return "", nil // another host
		}
		if strings.HasPrefix(a, "-") {
			if withArg[a] {
				i++
			}
			continue
		}
		return a, args[i+1:]
	}
	return "", nil
}
