package shell

import (
	"path"
	"strings"
	"unicode"

	"mvdan.cc/sh/v3/syntax"
)

// More of zsh's expansion: case flags ${(L)x} ${(U)x} ${(C)x}, joins
// ${(j: :)x} ${(F)x}, line splits ${(f)x}, modifiers :l :u :r :e and the
// unbraced $x:t, and the forms that run code: ${(e)x} expands x's value
// again, and the glob qualifiers e:CODE: and +CMD run CODE or CMD for
// every match.

// zshModifier applies one history modifier to e; false for one not
// followed.
func zshModifier(e, m string) (string, bool) {
	switch m {
	case "h":
		return path.Dir(e), true
	case "t":
		return path.Base(e), true
	case "l":
		return strings.ToLower(e), true
	case "u":
		return strings.ToUpper(e), true
	case "r":
		if ext := path.Ext(e); ext != "" && !strings.Contains(ext, "/") {
			return strings.TrimSuffix(e, ext), true
		}
		return e, true
	case "e":
		if ext := path.Ext(e); ext != "" {
			return ext[1:], true
		}
		return "", true
	case "A", "a", "P", "q", "Q":
		return e, true
	}
	return "", false
}

// zshCase applies a case flag: L, U or C (each word capitalised).
func zshCase(e string, flag byte) string {
	switch flag {
	case 'L':
		return strings.ToLower(e)
	case 'U':
		return strings.ToUpper(e)
	case 'C':
		prev := false
		return strings.Map(func(r rune) rune {
			word := unicode.IsLetter(r) || unicode.IsDigit(r)
			defer func() { prev = word }()
			if !word {
				return r
			}
			if prev {
				return unicode.ToLower(r)
			}
			return unicode.ToUpper(r)
		}, e)
	}
	return e
}

// unbracedModifiers returns $x followed by :m… (zsh applies history
// modifiers to an unbraced parameter) as one expansion with those
// modifiers, or nil when w is not that.
func unbracedModifiers(w *syntax.Word) *syntax.ParamExp {
	pe, ok := w.Parts[0].(*syntax.ParamExp)
	lit, ok2 := w.Parts[1].(*syntax.Lit)
	if !ok || !ok2 || !pe.Short || pe.Param == nil || !strings.HasPrefix(lit.Value, ":") || len(lit.Value) > 16 {
		return nil
	}
	cp := *pe
	cp.Modifiers = nil
	for _, m := range strings.Split(lit.Value[1:], ":") {
		if len(m) != 1 || !strings.Contains("htlureAaPqQ", m) {
			return nil
		}
		cp.Modifiers = append(cp.Modifiers, &syntax.Lit{Value: m})
	}
	cp.Short = false
	return &cp
}

// zshReexpand judges what ${(e)x} runs: the substitutions in x's value,
// read as a command line's words.
func (a *analyzer) zshReexpand(elems []string, sc *scope) {
	for _, e := range elems {
		if strings.ContainsAny(e, "$`") {
			a.line(": "+e, Zsh, sc, false)
		}
	}
}

// qualifierCode judges the code a zsh glob qualifier list at the end of v
// runs, e:CODE: (any delimiter) and +CMD, and returns v without the list;
// false when v does not end in a qualifier list that runs code.
func (a *analyzer) qualifierCode(v string, sc *scope) (string, bool) {
	if !strings.HasSuffix(v, ")") {
		return v, false
	}
	open := strings.LastIndexByte(v, '(')
	if open < 0 {
		return v, false
	}
	q := v[open+1 : len(v)-1]
	found := false
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == 'e' && i+1 < len(q):
			d := q[i+1]
			end := strings.IndexByte(q[i+2:], closer(d))
			if end < 0 {
				return v, false
			}
			a.line(zshUnquote(q[i+2:i+2+end]), Zsh, sc, false)
			found = true
			i += 2 + end
		case c == '+':
			j := i + 1
			for j < len(q) && (q[j] == '_' || q[j] == '-' || q[j] == '.' || q[j] == '/' || isAlnum(q[j])) {
				j++
			}
			if j == i+1 {
				return v, false
			}
			a.line(q[i+1:j], Zsh, sc, false)
			found = true
			i = j - 1
		}
	}
	return v[:open], found
}

// zshUnquote takes one level of single quotes off s: e:'reboot': runs
// reboot.
func zshUnquote(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return s[1 : len(s)-1]
	}
	return s
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
