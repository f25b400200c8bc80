package shell

import (
	"errors"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// ParseExports reads the exported variables as bash's `declare -px` prints
// them (declare -x NAME="…", or NAME=$'…'; a name exported without a value
// is not in the environment) or zsh's `typeset -x` (NAME=value, quoted as
// needed, $'…' with zsh's \M- and \C- too). Anything else is an error.
func ParseExports(text string) (map[string]string, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(text), "")
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	bad := errors.New("not an exported variable")
	set := func(as *syntax.Assign) error {
		if as.Name == nil || as.Array != nil || as.Index != nil || as.Append {
			return bad
		}
		if as.Naked {
			return nil // exported, no value
		}
		v, ok := exportWord(as.Value)
		if !ok {
			return errors.New("an environment value that is not literal")
		}
		env[as.Name.Value] = v
		return nil
	}
	for _, st := range f.Stmts {
		if len(st.Redirs) > 0 || st.Negated || st.Background || st.Coprocess {
			return nil, bad
		}
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			if len(c.Args) > 0 {
				return nil, bad
			}
			for _, as := range c.Assigns {
				if err := set(as); err != nil {
					return nil, err
				}
			}
		case *syntax.DeclClause:
			switch c.Variant.Value {
			case "declare", "typeset", "export":
			default:
				return nil, bad
			}
			for _, as := range c.Args {
				if as.Naked && as.Name == nil {
					// the flags: -x, -rx, -ix …
					if w, ok := exportWord(as.Value); !ok || !strings.HasPrefix(w, "-") {
						return nil, bad
					}
					continue
				}
				if err := set(as); err != nil {
					return nil, err
				}
			}
		default:
			return nil, bad
		}
	}
	return env, nil
}

// ParseExportsNUL reads the exported variables as the fish hook writes
// them: NAME=VALUE entries, each ended by NUL. Anything else is an error.
func ParseExportsNUL(text string) (map[string]string, error) {
	env := map[string]string{}
	if text == "" {
		return env, nil
	}
	if !strings.HasSuffix(text, "\x00") {
		return nil, errors.New("the environment does not end with NUL")
	}
	for _, kv := range strings.Split(strings.TrimSuffix(text, "\x00"), "\x00") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !isName(k) {
			return nil, errors.New("an environment entry that is not NAME=VALUE")
		}
		env[k] = v
	}
	return env, nil
}

// exportWord is the value of a word made only of literal text, quotes and
// escapes.
func exportWord(w *syntax.Word) (string, bool) {
	if w == nil {
		return "", true
	}
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(exportUnescape(p.Value, ""))
		case *syntax.SglQuoted:
			if !p.Dollar {
				b.WriteString(p.Value)
				continue
			}
			v, ok := exportANSIC(p.Value)
			if !ok {
				return "", false
			}
			b.WriteString(v)
		case *syntax.DblQuoted:
			if p.Dollar {
				return "", false
			}
			for _, q := range p.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(exportUnescape(l.Value, "$`\"\\\n"))
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

// exportUnescape takes the backslashes off text: before any character outside
// quotes (only "" given), before those of only inside double quotes; a
// backslash before a newline goes with it.
func exportUnescape(text, only string) string {
	if !strings.Contains(text, `\`) {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\\' && i+1 < len(text) && (only == "" || strings.IndexByte(only, text[i+1]) >= 0) {
			i++
			if text[i] != '\n' {
				b.WriteByte(text[i])
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// exportANSIC decodes the text of $'…' as bash and zsh print it: \a \b \e \E \f
// \n \r \t \v \\ \' \" \? \NNN (octal) \xHH \uHHHH \UHHHHHHHH \cX, and
// zsh's \C-X (control), \M-X (meta: the high bit) and \M-\C-X. Anything
// else is an error: the server hands the line back.
func exportANSIC(text string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(text); {
		c := text[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		r, n, ok := exportEscape(text[i:])
		if !ok {
			return "", false
		}
		b.WriteString(r)
		i += n
	}
	return b.String(), true
}

// exportEscape decodes the escape at the start of s (s[0] is a backslash),
// and says how many bytes it took.
func exportEscape(s string) (string, int, bool) {
	if len(s) < 2 {
		return "", 0, false
	}
	simple := map[byte]byte{'a': 7, 'b': 8, 'e': 27, 'E': 27, 'f': 12, 'n': 10, 'r': 13, 't': 9, 'v': 11, '\\': '\\', '\'': '\'', '"': '"', '?': '?'}
	if c, ok := simple[s[1]]; ok {
		return string([]byte{c}), 2, true
	}
	hex := func(from, max int) (uint64, int) {
		n := from
		for n < len(s) && n-from < max && strings.IndexByte("0123456789abcdefABCDEF", s[n]) >= 0 {
			n++
		}
		if n == from {
			return 0, 0
		}
		v, err := strconv.ParseUint(s[from:n], 16, 32)
		if err != nil {
			return 0, 0
		}
		return v, n
	}
	switch s[1] {
	case '0', '1', '2', '3', '4', '5', '6', '7':
		n := 1
		for n < len(s) && n < 4 && s[n] >= '0' && s[n] <= '7' {
			n++
		}
		v, _ := strconv.ParseUint(s[1:n], 8, 16)
		return string([]byte{byte(v)}), n, true
	case 'x':
		v, n := hex(2, 2)
		if n == 0 {
			return "", 0, false
		}
		return string([]byte{byte(v)}), n, true
	case 'u', 'U':
		max := 4
		if s[1] == 'U' {
			max = 8
		}
		v, n := hex(2, max)
		if n == 0 || v > 0x10FFFF {
			return "", 0, false
		}
		return string(rune(v)), n, true
	case 'c':
		if len(s) < 3 {
			return "", 0, false
		}
		return string([]byte{s[2] & 0x1f}), 3, true
	case 'C':
		if len(s) < 4 || s[2] != '-' {
			return "", 0, false
		}
		x, n, ok := exportPlain(s[3:])
		if !ok {
			return "", 0, false
		}
		if x == '?' {
			return "\x7f", 3 + n, true
		}
		return string([]byte{x & 0x1f}), 3 + n, true
	case 'M':
		if len(s) < 4 || s[2] != '-' {
			return "", 0, false
		}
		x, n, ok := exportPlain(s[3:])
		if !ok {
			return "", 0, false
		}
		return string([]byte{x | 0x80}), 3 + n, true
	}
	return "", 0, false
}

// exportPlain is the byte after \C- or \M-: a character, or an escape of one.
func exportPlain(s string) (byte, int, bool) {
	if s == "" {
		return 0, 0, false
	}
	if s[0] != '\\' {
		return s[0], 1, true
	}
	r, n, ok := exportEscape(s)
	if !ok || len(r) != 1 {
		return 0, 0, false
	}
	return r[0], n, true
}
