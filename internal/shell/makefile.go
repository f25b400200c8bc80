package shell

import (
	"path"
	"strings"
)

// A makefile given on the line: make -f - with a heredoc, a here-string
// or a literal pipe, and make --eval TEXT. Every recipe line is a shell
// line make may run (which targets run is make's choice: all are judged),
// with make's variables expanded where the text defines them ($(RM) is
// rm -f, as make's own default) and unknown where it does not ($@, $(X)
// set elsewhere); $(shell CMD) and X != CMD run CMD when make reads the
// file, even with -n. A makefile in a file is not read.

// Bounds on reading one makefile.
const (
	makeMaxLines = 1 << 14  // logical lines read
	makeMaxText  = 64 << 10 // bytes one expansion may make
	makeMaxDepth = 8        // variables expanded inside variables
)

// makeReader reads one makefile's text.
type makeReader struct {
	vars   map[string]string
	lines  []string // shell lines: recipes and $(shell …)
	parsed []string // shell lines make runs while it reads the file ($(shell), !=)
	budget int
}

// makeScript judges the recipes of a makefile make is given on the line.
func (a *analyzer) makeScript(s *codeSpec, argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	name := path.Base(argv[0].Value)
	type text struct {
		label, text string
		dyn         bool
	}
	var texts []text
	for i, o := range ca.opts {
		switch {
		case slicesHas(s.codeOpts, o.name) && o.hasValue:
			texts = append(texts, text{name + " " + o.name, ca.vals[i].Value, ca.vals[i].Dynamic})
		case slicesHas(s.fileOpts, o.name) && o.hasValue && (o.value == "-" || o.value == "/dev/stdin") && sc.stdin != nil:
			texts = append(texts, text{name + " " + o.name + " -", *sc.stdin, sc.stdinDyn})
		}
	}
	if len(texts) == 0 {
		return false
	}
	dry := false
	for _, o := range ca.opts {
		switch o.name {
		case "-n", "--just-print", "--dry-run", "--recon", "-q", "--question":
			dry = true
		}
	}
	r := &makeReader{vars: map[string]string{"RM": "rm -f", "MAKE": "make", "SHELL": "/bin/sh", "CC": "cc", "CXX": "g++"}}
	for _, op := range ca.operands {
		if k, v, ok := strings.Cut(op.Value, "="); ok && !op.Dynamic && isMakeName(k) {
			r.vars[strings.TrimSuffix(strings.TrimSpace(k), ":")] = v
		}
	}
	a.plain(argv, sc, redir)
	for _, t := range texts {
		if !a.chargeCode(len(t.text)) {
			return true
		}
		r.budget = 16*len(t.text) + 4096
		r.lines, r.parsed = nil, nil
		r.read(t.text)
		run := r.parsed
		if !dry {
			run = append(run, r.lines...)
		}
		for _, l := range run {
			if t.dyn {
				l += unknownRef
			}
			a.lineWithUnknown(l, shDialect, withLine(sc, t.label))
		}
	}
	return true
}

func isMakeName(k string) bool {
	k = strings.TrimSpace(k)
	return k != "" && !strings.ContainsAny(k, " \t$()")
}

// read reads a makefile: its variables, rules and recipe lines.
func (r *makeReader) read(text string) {
	text = strings.ReplaceAll(text, "\\\n", " ")
	inRecipe := false
	inDefine := false
	for n, line := range strings.Split(text, "\n") {
		if n >= makeMaxLines || r.budget <= 0 {
			return
		}
		if inDefine {
			if strings.TrimSpace(line) == "endef" {
				inDefine = false
			}
			continue
		}
		if strings.HasPrefix(line, "\t") {
			if inRecipe {
				r.recipe(line[1:])
			}
			continue
		}
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		inRecipe = false
		word, _, _ := strings.Cut(t, " ")
		switch word {
		case "define":
			inDefine = true
			continue
		case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "include", "-include", "sinclude", "vpath", "unexport":
			continue
		case "export", "override", "private":
			t = strings.TrimSpace(strings.TrimPrefix(t, word))
		}
		if r.assign(t) {
			continue
		}
		// A rule: TARGETS: PREREQUISITES [; RECIPE].
		if k := strings.IndexByte(t, ':'); k > 0 {
			inRecipe = true
			rest := t[k+1:]
			r.expand(t[:k], 0) // $(shell …) in the targets runs too
			if pre, recipe, ok := strings.Cut(rest, ";"); ok {
				r.expand(pre, 0)
				r.recipe(recipe)
			} else {
				r.expand(rest, 0)
			}
		}
	}
}

// assign reads NAME = VALUE and its kin; it reports whether t is one.
func (r *makeReader) assign(t string) bool {
	for _, op := range []string{"::=", ":::=", ":=", "?=", "+=", "!=", "="} {
		k := strings.Index(t, op)
		if k <= 0 {
			continue
		}
		name := strings.TrimSpace(t[:k])
		if !isMakeName(name) || strings.Contains(name, ":") {
			return false
		}
		val := strings.TrimSpace(t[k+len(op):])
		switch op {
		case "!=":
			r.parsed = append(r.parsed, r.expand(val, 0))
			r.vars[name] = unknownRef
		case "+=":
			r.vars[name] = strings.TrimSpace(r.vars[name] + " " + val)
		case "?=":
			if _, ok := r.vars[name]; !ok {
				r.vars[name] = val
			}
		case ":=", "::=", ":::=":
			r.vars[name] = r.expand(val, 0)
		default:
			r.vars[name] = val
		}
		return true
	}
	return false
}

// recipe records a recipe line: its @, - and + prefixes off, its
// variables expanded.
func (r *makeReader) recipe(line string) {
	line = strings.TrimLeft(line, " \t@-+")
	if line == "" {
		return
	}
	r.lines = append(r.lines, r.expand(line, 0))
}

// expand expands make's $ references in s: $$ is $, $(NAME) and ${NAME}
// a variable (unknown when not defined here), $(shell CMD) runs CMD (a
// line of its own) and makes something unknown, other functions make
// something unknown.
func (r *makeReader) expand(s string, depth int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		r.budget--
		if r.budget <= 0 || b.Len() > makeMaxText {
			b.WriteString(unknownRef)
			return b.String()
		}
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case '$':
			b.WriteByte('$')
		case '(', '{':
			close := byte(')')
			if c == '{' {
				close = '}'
			}
			j, lvl := i+1, 0
			for ; j < len(s); j++ {
				if s[j] == c {
					lvl++
				} else if s[j] == close {
					if lvl == 0 {
						break
					}
					lvl--
				}
			}
			ref := s[i+1 : min(j, len(s))]
			i = j
			b.WriteString(r.ref(ref, depth))
		default:
			b.WriteString(r.ref(string(c), depth))
		}
	}
	return b.String()
}

// ref expands one $(…) reference.
func (r *makeReader) ref(ref string, depth int) string {
	if depth >= makeMaxDepth {
		return unknownRef
	}
	fn, arg, hasArg := strings.Cut(ref, " ")
	if hasArg && fn == "shell" {
		r.parsed = append(r.parsed, r.expand(arg, depth+1))
		return unknownRef
	}
	if hasArg || strings.ContainsAny(ref, ":$") {
		return unknownRef // a function, a substitution reference
	}
	if v, ok := r.vars[ref]; ok {
		return r.expand(v, depth+1)
	}
	return unknownRef
}
