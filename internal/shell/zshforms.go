package shell

import (
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
)

// zsh's alternate forms that mvdan.cc/sh's zsh mode does not parse: short
// loops (for x (a b) cmd, foreach x (a b) cmd; end), if/while with a
// { } body, { … } always { … }, and anonymous functions () { … } args.
// A line that fails to parse as zsh is rewritten into the bash form of
// the same commands and parsed again (zshRewrite); when the rewrite does
// not parse either, the original error stands. Each rewrite keeps every
// word of the line, so nothing it runs is lost, only its shape changes.

// maxRewrites bounds the forms rewritten in one line.
const maxRewrites = 64

// The forms' patterns, compiled when a line first needs a rewrite, not at
// every start of belay.
var (
	reShortFor = lazy.Regexp{Expr: `(^|[;&|{(]|\n|\bthen|\bdo|\belse)(\s*)(for|foreach)\s+([A-Za-z_][A-Za-z_0-9]*)\s*\(`}
	reBraceIf  = lazy.Regexp{Expr: `(^|[;&|{(]|\n)(\s*)(if|elif|while|until)\s+`}
	reAlways   = lazy.Regexp{Expr: `\}\s*always\s*\{`}
	reAnon     = lazy.Regexp{Expr: `(^|[;&|{(]|\n)(\s*)\(\)\s*\{`}
)

// zshRewrite returns src with zsh's alternate forms written as bash's.
func zshRewrite(src string) (string, bool) {
	out, changed := src, false
	for i := 0; i < maxRewrites; i++ {
		next, ok := rewriteOne(out)
		if !ok {
			break
		}
		out, changed = next, true
	}
	return out, changed
}

func rewriteOne(s string) (string, bool) {
	if loc := reAlways.Get().FindStringIndex(s); loc != nil {
		return s[:loc[0]] + "}; {" + s[loc[1]:], true
	}
	if m := reShortFor.Get().FindStringSubmatchIndex(s); m != nil {
		open := m[1] - 1
		end := matchClose(s, open, '(', ')')
		if end < 0 {
			return s, false
		}
		name := s[m[8]:m[9]]
		items := s[open+1 : end]
		body, rest, ok := zshBody(s[end+1:], s[m[6]:m[7]] == "foreach")
		if !ok {
			return s, false
		}
		return s[:m[5]] + "for " + name + " in " + items + "; do " + body + "; done" + rest, true
	}
	if m := reAnon.Get().FindStringSubmatchIndex(s); m != nil {
		open := m[1] - 1
		end := matchClose(s, open, '{', '}')
		if end < 0 {
			return s, false
		}
		args, rest := cutStatement(s[end+1:])
		return s[:m[5]] + "{ set -- " + args + "; " + s[open+1:end] + "; }" + rest, true
	}
	for _, m := range reBraceIf.Get().FindAllStringSubmatchIndex(s, maxRewrites) {
		// if COND { BODY }: COND is what comes before the first { that
		// is not inside [[ ]], quotes or $( ).
		open := condBrace(s, m[1])
		if open < 0 {
			continue
		}
		end := matchClose(s, open, '{', '}')
		if end < 0 {
			continue
		}
		kw := s[m[6]:m[7]]
		then, closer := "; then ", "; fi"
		switch kw {
		case "while", "until":
			then, closer = "; do ", "; done"
		case "elif":
			closer = ""
		}
		rest := s[end+1:]
		if t := strings.TrimLeft(rest, " \t"); kw != "while" && kw != "until" && (strings.HasPrefix(t, "elif ") || strings.HasPrefix(t, "else")) {
			closer = ""
			if strings.HasPrefix(t, "else") {
				t = strings.TrimSpace(strings.TrimPrefix(t, "else"))
				if strings.HasPrefix(t, "{") {
					e2 := matchClose(t, 0, '{', '}')
					if e2 < 0 {
						continue
					}
					rest = "; else " + t[1:e2] + "; fi" + t[e2+1:]
				}
			} else {
				rest = "; " + t
			}
		}
		return s[:open] + then + s[open+1:end] + closer + rest, true
	}
	return s, false
}

// zshBody returns the body of a short loop after its word list: a { }
// block, or one statement (up to ; or a newline), or for foreach the
// statements up to end.
func zshBody(s string, foreach bool) (body, rest string, ok bool) {
	t := strings.TrimLeft(s, " \t")
	if foreach {
		t = strings.TrimLeft(t, " \t\n;")
		idx := findEnd(t)
		if idx < 0 {
			return "", "", false
		}
		return strings.TrimRight(strings.TrimSpace(t[:idx]), ";"), t[idx+3:], true
	}
	if strings.HasPrefix(t, "{") {
		end := matchClose(t, 0, '{', '}')
		if end < 0 {
			return "", "", false
		}
		return t[1:end], t[end+1:], true
	}
	if strings.HasPrefix(t, "do ") || strings.HasPrefix(t, "do\n") || strings.HasPrefix(t, ";") {
		return "", "", false // for x (a b); do …; done: a form bash has
	}
	b, r := cutStatement(t)
	return b, r, strings.TrimSpace(b) != ""
}

// findEnd finds the word end that closes a foreach, at a statement's start.
func findEnd(s string) int {
	for i := 0; i+3 <= len(s); i++ {
		if s[i:i+3] != "end" || (i+3 < len(s) && !strings.ContainsRune(" \t\n;&|)", rune(s[i+3]))) {
			continue
		}
		j := strings.TrimRight(s[:i], " \t")
		if j == "" || strings.HasSuffix(j, ";") || strings.HasSuffix(j, "\n") {
			return i
		}
	}
	return -1
}

// cutStatement splits s at the first ; or newline outside quotes and
// brackets.
func cutStatement(s string) (string, string) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++
		case '\'', '"', '`':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return s, ""
			}
			i += j + 1
		case '(', '{':
			depth++
		case ')', '}':
			if depth == 0 {
				return s[:i], s[i:]
			}
			depth--
		case ';', '\n', '&', '|':
			if depth == 0 {
				return s[:i], s[i:]
			}
		}
	}
	return s, ""
}

// condBrace returns the index of the { that opens the body of an if or
// while whose condition starts at from, or -1 when there is none before
// the condition ends (then it is the bash form).
func condBrace(s string, from int) int {
	depth := 0
	for i := from; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++
		case '\'', '"', '`':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return -1
			}
			i += j + 1
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case '$':
			if i+1 < len(s) && s[i+1] == '{' {
				end := matchClose(s, i+1, '{', '}')
				if end < 0 {
					return -1
				}
				i = end
			}
		case ';', '\n':
			if depth <= 0 {
				return -1
			}
		case '{':
			if depth <= 0 && i > from && (s[i-1] == ' ' || s[i-1] == '\t') {
				return i
			}
		}
	}
	return -1
}

// matchClose returns the index of the bracket closing the one at open,
// skipping quoted text, or -1.
func matchClose(s string, open int, o, c byte) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '\'', '"', '`':
			q := s[i]
			j := strings.IndexByte(s[i+1:], q)
			if j < 0 {
				return -1
			}
			i += j + 1
		case o:
			depth++
		case c:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
