package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Builtins that set variables from text rather than from an assignment:
// read NAME <<< TEXT, mapfile/readarray ARRAY < <(…), printf -v NAME
// FORMAT ARGS…. What they read or print is computed as a pipeline's is
// (decode.go), so read -r c <<< reboot; $c is reboot; what cannot be
// computed leaves the names unknown, judged at their worst case.

// bindsVars reports whether the command named name sets variables of the
// shell it runs in, so that its scope is kept after it runs.
func bindsVars(name string) bool {
	switch name {
	case "read", "mapfile", "readarray", "printf", "hash":
		return true
	}
	return false
}

// runsHere says whether name is a builtin that runs code in the caller's
// shell, whose variables stay set after it (wrap.current).
func runsHere(name string) bool {
	return name == "eval" || name == "source" || name == "."
}

// bindBuiltin sets the variables argv's builtin sets in sc, whose stdin
// is what the builtin reads. Other commands are left alone.
func (a *analyzer) bindBuiltin(argv []Arg, sc *scope, assigns []*syntax.Assign) {
	if len(argv) == 0 || argv[0].Dynamic || a.dialect == Fish || !bindsVars(argv[0].Value) {
		return
	}
	// IFS=: read a b: the prefix's IFS is read's.
	for _, as := range assigns {
		if as.Name != nil && as.Name.Value == "IFS" && as.Value != nil && as.Array == nil && as.Index == nil {
			v, dyn := a.literal(as.Value, sc)
			tmp := sc.clone()
			tmp.set("IFS", varVal{val: v, dynamic: dyn})
			a.bindBuiltin(argv, tmp, nil)
			tmp.vars.changed(sc.vars, func(name string, val varVal) {
				if name != "IFS" {
					sc.set(name, val)
				}
			})
			return
		}
	}
	switch argv[0].Value {
	case "read":
		a.bindRead(argv[1:], sc)
	case "mapfile", "readarray":
		a.bindMapfile(argv[1:], sc)
	case "printf":
		a.bindPrintf(argv[1:], sc)
	case "hash":
		a.bindHash(argv[1:])
	}
}

// bindHash follows hash -p PATH NAME…: each NAME runs PATH from then on,
// whatever it is called. maxOwnFiles bounds them.
func (a *analyzer) bindHash(args []Arg) {
	if len(args) < 3 || args[0].Value != "-p" || args[1].Dynamic {
		return
	}
	for _, n := range args[2:] {
		if n.Dynamic || len(a.hashed) >= maxOwnFiles {
			continue
		}
		if a.hashed == nil {
			a.hashed = map[string]string{}
		}
		a.hashed[n.Value] = args[1].Value
	}
}

// stdinText is what a builtin in sc reads: known is false when it is
// not known in full.
func stdinText(sc *scope) (text string, known bool) {
	if sc.stdin == nil || sc.stdinDyn || sc.stdinGlob {
		return "", false
	}
	return *sc.stdin, true
}

// readDelim is the delimiter read and mapfile stop at: a newline, or the
// first character of -d's value (an empty one is NUL).
func readDelim(opts map[byte]string) string {
	d, has := opts['d']
	switch {
	case !has:
		return "\n"
	case d == "":
		return "\x00"
	}
	return d[:1]
}

// readOpts takes the options of read or mapfile off args: the ones in
// withValue take a value (bundled or the next word). It returns the
// options seen, the operands, and whether all was understood.
func readOpts(args []Arg, withValue string) (opts map[byte]string, names []Arg, ok bool) {
	opts = map[byte]string{}
	for i := 0; i < len(args); i++ {
		x := args[i]
		if x.Dynamic {
			return opts, nil, false
		}
		v := x.Value
		if v == "--" {
			return opts, args[i+1:], true
		}
		if !strings.HasPrefix(v, "-") || v == "-" {
			return opts, args[i:], true
		}
		for j := 1; j < len(v); j++ {
			c := v[j]
			if strings.IndexByte(withValue, c) < 0 {
				opts[c] = ""
				continue
			}
			if j+1 < len(v) {
				opts[c] = v[j+1:]
			} else if i+1 < len(args) {
				i++
				if args[i].Dynamic {
					return opts, nil, false
				}
				opts[c] = args[i].Value
			} else {
				return opts, nil, false
			}
			break
		}
	}
	return opts, nil, true
}

// unknownNames marks every operand that names a variable as unknown.
func unknownNames(names []Arg, sc *scope, fallback string) {
	if len(names) == 0 && fallback != "" {
		sc.set(fallback, varVal{dynamic: true})
	}
	for _, n := range names {
		if !n.Dynamic && isName(n.Value) {
			sc.set(n.Value, varVal{dynamic: true})
		}
	}
}

// isName reports whether s is a shell variable name.
func isName(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// ifsOf is the IFS of sc: the default when unknown (as env.Get takes it).
func ifsOf(sc *scope) string {
	if v, ok := sc.get("IFS"); ok && !v.dynamic && v.list == nil {
		return v.val
	}
	return " \t\n"
}

// bindRead sets the names of read [-r] [-a ARRAY] [-d DELIM] NAME… from
// the first line of its input, split at IFS, the last name taking the
// rest of the line.
func (a *analyzer) bindRead(args []Arg, sc *scope) {
	opts, names, ok := readOpts(args, "adinNptu")
	text, known := stdinText(sc)
	_, fd := opts['u']
	_, n1 := opts['n']
	_, n2 := opts['N']
	if arr, isArr := opts['a']; isArr && isName(arr) {
		names = []Arg{{Value: arr}}
	}
	if !ok || !known || fd || n1 || n2 || len(names) > maxArrayItems {
		unknownNames(names, sc, "REPLY")
		if _, isArr := opts['a']; isArr {
			unknownNames(nil, sc, opts['a'])
		}
		return
	}
	delim := readDelim(opts)
	line, _, _ := strings.Cut(text, delim)
	if _, raw := opts['r']; !raw {
		line = strings.ReplaceAll(line, "\\", "")
	}
	a.charge(costVar + costByte*len(line))
	if len(names) == 0 {
		sc.set("REPLY", varVal{val: line})
		return
	}
	ifs := ifsOf(sc)
	if _, isArr := opts['a']; isArr {
		fields := splitIFS(line, ifs, 0)
		if len(fields) > maxArrayItems {
			sc.set(names[0].Value, varVal{dynamic: true})
			return
		}
		sc.set(names[0].Value, listVal(fields, false))
		return
	}
	fields := splitIFS(line, ifs, len(names))
	for i, n := range names {
		if n.Dynamic || !isName(n.Value) {
			continue
		}
		v := ""
		if i < len(fields) {
			v = fields[i]
		}
		sc.set(n.Value, varVal{val: v})
	}
}

// splitIFS splits s at the characters of ifs as read does: into at most
// max fields when max > 0, the last taking the rest with the IFS
// whitespace around it trimmed.
func splitIFS(s, ifs string, max int) []string {
	isSep := func(c byte) bool { return strings.IndexByte(ifs, c) >= 0 }
	isWS := func(c byte) bool { return isSep(c) && (c == ' ' || c == '\t' || c == '\n') }
	var out []string
	i := 0
	for i < len(s) && isWS(s[i]) {
		i++
	}
	for i < len(s) && len(out) < maxArrayItems+1 {
		if max > 0 && len(out) == max-1 {
			rest := s[i:]
			for len(rest) > 0 && isWS(rest[len(rest)-1]) {
				rest = rest[:len(rest)-1]
			}
			out = append(out, rest)
			return out
		}
		j := i
		for j < len(s) && !isSep(s[j]) {
			j++
		}
		out = append(out, s[i:j])
		i = j
		for i < len(s) && isWS(s[i]) {
			i++
		}
		if i < len(s) && isSep(s[i]) && !isWS(s[i]) {
			i++
			for i < len(s) && isWS(s[i]) {
				i++
			}
		}
	}
	return out
}

// bindMapfile sets the array of mapfile [-t] [-d DELIM] [ARRAY] to the
// lines of its input. A callback (-C) is code run for the lines: it is
// read as a command line of its own.
func (a *analyzer) bindMapfile(args []Arg, sc *scope) {
	opts, names, ok := readOpts(args, "dnOsuCc")
	name := "MAPFILE"
	if len(names) > 0 && !names[0].Dynamic && isName(names[0].Value) {
		name = names[0].Value
	}
	for i, x := range args {
		if x.Value == "-C" && i+1 < len(args) {
			// Called with an index and a line after its own words.
			in := sc.clone()
			in.wrappers = sc.wrap("mapfile -C")
			a.readCode(append([]Arg{{Value: "mapfile"}}, args...), args[i+1:i+2], a.dialect, sc, in)
			break
		}
	}
	text, known := stdinText(sc)
	_, fd := opts['u']
	_, skip := opts['s']
	_, origin := opts['O']
	if paths := listedStdin(sc); ok && !known && !fd && !skip && !origin && len(paths) > 0 && (readDelim(opts) == "\n" || readDelim(opts) == "\x00") {
		// mapfile -t arr < <(find DIR …): paths under DIR (listed.go).
		sc.set(name, listedVal(paths))
		return
	}
	if !ok || !known || fd || skip || origin {
		sc.set(name, varVal{dynamic: true})
		return
	}
	delim := readDelim(opts)
	_, trim := opts['t']
	var lines []string
	for text != "" {
		if len(lines) > maxArrayItems {
			a.limit("too complex to judge here: an array of more than %d elements; its value is taken as unknown", maxArrayItems)
			sc.set(name, varVal{dynamic: true})
			return
		}
		l, rest, found := strings.Cut(text, delim)
		if found && !trim {
			l += delim
		}
		lines = append(lines, l)
		text = rest
	}
	a.charge(costVar + costField*len(lines))
	sc.set(name, listVal(lines, false))
}

// bindPrintf sets the name of printf -v NAME FORMAT ARGS… to what printf
// FORMAT ARGS… prints.
func (a *analyzer) bindPrintf(args []Arg, sc *scope) {
	if len(args) == 0 || args[0].Dynamic || !strings.HasPrefix(args[0].Value, "-v") {
		return
	}
	name, rest := strings.TrimPrefix(args[0].Value, "-v"), args[1:]
	if name == "" {
		if len(rest) == 0 || rest[0].Dynamic {
			return
		}
		name, rest = rest[0].Value, rest[1:]
	}
	if i := strings.IndexByte(name, '['); i > 0 {
		name = name[:i] // an element: the array is unknown
		sc.set(name, varVal{dynamic: true})
		return
	}
	if !isName(name) {
		return
	}
	out, dyn, ok := commandOutput(append([]Arg{{Value: "printf"}}, rest...))
	if !ok || !a.chargeOutput(len(out)) {
		sc.set(name, varVal{dynamic: true})
		return
	}
	sc.set(name, varVal{val: out, dynamic: dyn})
}

// nameref binds each NAME=TARGET of declare -n (local -n, typeset -n) to
// TARGET: NAME's reads and writes are TARGET's from then on (declare -n
// n=c; c=poweroff; $n). A TARGET that is not a plain name (a[1], or
// unknown) leaves NAME unknown.
func (a *analyzer) nameref(name, target string, sc *scope) {
	a.charge(costVar)
	if isName(target) && target != name {
		sc.setRef(name, target)
		return
	}
	sc.set(name, varVal{dynamic: true})
}

// declNameref reports whether a declare, local or typeset has -n among
// its options.
func declNameref(c *syntax.DeclClause) bool {
	for _, as := range c.Args {
		if !as.Naked || as.Name != nil || as.Value == nil {
			continue
		}
		if v := as.Value.Lit(); strings.HasPrefix(v, "-") && strings.Contains(v, "n") {
			return true
		}
	}
	return false
}

// declFlag says whether a declare (typeset, local) sets the attribute
// flag: declare -A m, local -Ar m.
func declFlag(c *syntax.DeclClause, flag byte) bool {
	for _, as := range c.Args {
		if !as.Naked || as.Name != nil || as.Value == nil {
			continue
		}
		if v := as.Value.Lit(); strings.HasPrefix(v, "-") && strings.IndexByte(v, flag) >= 0 {
			return true
		}
	}
	return false
}

// declCase applies declare -l or -u (typeset -l, -u) to the value as
// just assigned: declare -l c=REBOOT; $c is reboot.
func (a *analyzer) declCase(c *syntax.DeclClause, as *syntax.Assign, sc *scope) {
	if as.Name == nil || as.Value == nil || as.Array != nil {
		return
	}
	flag := byte(0)
	for _, x := range c.Args {
		if !x.Naked || x.Name != nil || x.Value == nil {
			continue
		}
		if v := x.Value.Lit(); strings.HasPrefix(v, "-") {
			switch {
			case strings.Contains(v, "l"):
				flag = 'l'
			case strings.Contains(v, "u"):
				flag = 'u'
			}
		}
	}
	if flag == 0 {
		return
	}
	v, ok := sc.get(as.Name.Value)
	if !ok || v.dynamic || v.list != nil {
		return
	}
	if flag == 'l' {
		v.val = strings.ToLower(v.val)
	} else {
		v.val = strings.ToUpper(v.val)
	}
	sc.set(as.Name.Value, v)
}

// whileRead follows while read … NAME…; do BODY; done over input that is
// known (a here-string, a literal pipe): the body is analysed once per
// line, with read's names bound to that line and the rest of the input
// as its stdin, as the shell runs it. It reports false, and does nothing,
// when the loop is not of that form, the input is unknown, or the lines
// are more than the loops' fan allows; the caller then analyses the body
// once with the names unknown.
func (a *analyzer) whileRead(c *syntax.WhileClause, in, sc *scope) bool {
	if c.Until || len(c.Cond) != 1 || a.dialect == Fish {
		return false
	}
	st := c.Cond[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || st.Negated || st.Background || len(st.Redirs) > 0 || len(call.Args) == 0 {
		return false
	}
	if name, ok := plainLit(call.Args[0]); !ok || name != "read" {
		return false
	}
	text, known := stdinText(in)
	if !known {
		return false
	}
	delim := "\n"
	for _, w := range call.Args[1:] {
		if v, ok := plainLit(w); ok && strings.HasPrefix(v, "-d") {
			return false // another delimiter: left to the single pass
		}
	}
	var lines []string
	for rest := text; rest != "" && len(lines) <= maxLoopItems; {
		line, after, found := strings.Cut(rest, delim)
		if !found && line == "" {
			break
		}
		lines = append(lines, line+delim)
		rest = after
	}
	if len(lines) < 2 || len(lines) > maxLoopItems {
		return false // one line is what the single pass binds
	}
	done, ok := a.fan(len(lines))
	if !ok {
		return false
	}
	defer done()
	for i := range lines {
		body := in.clone()
		line, rest := lines[i], strings.Join(lines[i+1:], "")
		body.stdin, body.stdinDyn, body.stdinGlob = &line, false, false
		a.stmts(c.Cond, body)
		body.stdin = &rest
		a.stmts(c.Do, body)
		a.mergeConditional(sc, body)
	}
	return true
}
