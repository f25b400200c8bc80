package shell

import (
	"path"
	"strings"
)

// GNU sed's script, as given by -e, --expression or its first operand:
// the e command runs a shell line (e CMD), or each line of its input (e
// alone); s/RE/REPL/e runs what the substitution makes; w FILE, W FILE
// and s///w FILE write FILE. -i and --in-place write the files sed is
// given. --sandbox refuses e, r and w. A script in a file (-f) is not
// read.

// sedInputLines is what e alone runs.
const sedInputLines = "its input lines (e)"

// sedMaxCommands bounds the commands read from one script.
const sedMaxCommands = 4096

// sedRun is what a script does.
type sedRun struct {
	lines   []string // shell lines it runs (unknownRef: unknown parts)
	unseen  []string // what it runs that is not in the script
	writes  []string // files it writes
	texts   []string // the text its a, i and c commands put in the output, and its s commands' replacements
	aborted bool     // the script could not be read to its end
}

// sedScript judges what sed's script runs and writes.
func (a *analyzer) sedScript(s *codeSpec, argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	name := path.Base(argv[0].Value)
	var parts []Arg
	for i, o := range ca.opts {
		if slicesHas(s.codeOpts, o.name) && o.hasValue {
			parts = append(parts, ca.vals[i])
		}
	}
	// Without -e or -f the first operand is the script; the rest are the
	// files, whose in-place edits the table's effect makes.
	if len(parts) == 0 && ca.firstOpt(s.fileOpts) < 0 && len(ca.operands) > 0 {
		parts = ca.operands[:1]
	}
	inPlace := ca.firstOpt(s.inPlace) >= 0
	if len(parts) == 0 && !inPlace {
		return false
	}
	var run sedRun
	dyn := false
	script := ""
	for i, p := range parts {
		if i > 0 {
			script += "\n"
		}
		script += p.Value
		dyn = dyn || p.Dynamic
	}
	if !a.chargeCode(len(script)) {
		return true
	}
	sandbox := ca.firstOpt([]string{"--sandbox"}) >= 0
	if !sandbox {
		readSed(script, &run)
	}
	if len(run.lines) == 0 && len(run.unseen) == 0 && len(run.writes) == 0 && !inPlace {
		return false
	}
	// -i edits the files in place: the table's effect (Edit), made by plain.
	inv := a.plain(argv, sc, redir)
	for _, w := range run.writes {
		if w != "/dev/stdout" && w != "/dev/stderr" {
			inv.Effects = append(inv.Effects, a.effect(Write, Arg{Value: w, Dynamic: dyn}, sc, false))
		}
	}
	// e alone runs each input line: known when sed reads its standard
	// input (no file, or "-") and that is known (echo date | sed e).
	files := ca.operands
	if ca.firstOpt(s.codeOpts) < 0 && ca.firstOpt(s.fileOpts) < 0 && len(files) > 0 {
		files = files[1:] // the first operand is the script
	}
	fromStdin := len(files) == 0 || len(files) == 1 && files[0].Value == "-" && !files[0].Dynamic
	input, known := stdinText(sc)
	for _, u := range run.unseen {
		if u == sedInputLines && fromStdin && known && !inPlace {
			a.line(input, shDialect, withLine(sc, name+" e"), false)
			continue
		}
		a.unseen(inv, u, nil)
	}
	if inPlace && len(run.texts) > 0 {
		// sed -i '$a reboot' ~/.bashrc: the text added to a file whose
		// code runs later (deferred.go).
		text := strings.Join(run.texts, "\n") + "\n"
		for _, e := range inv.Effects {
			if fc, ok := codeFile(e.Path); ok && e.Kind == Edit {
				e.Kind = Append
				a.fileCode(argv, "", e, fc, stageOut{text: &text, dyn: dyn}, sc)
			}
		}
	}
	for _, l := range run.lines {
		if dyn {
			l += unknownRef
		}
		a.lineWithUnknown(l, shDialect, withLine(sc, name+" e"))
	}
	return true
}

// readSed reads a sed script for what it runs and writes.
func readSed(s string, run *sedRun) {
	i := 0
	n := 0
	toEOL := func() string {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			j = len(s) - i
		}
		v := s[i : i+j]
		i += j
		return v
	}
	for i < len(s) {
		if n++; n > sedMaxCommands {
			run.aborted = true
			return
		}
		// Blanks, separators and braces between commands.
		for i < len(s) && strings.IndexByte(" \t\n;{}", s[i]) >= 0 {
			i++
		}
		if i >= len(s) {
			return
		}
		i = sedAddresses(s, i)
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '!') {
			i++
		}
		if i >= len(s) {
			return
		}
		c := s[i]
		i++
		switch c {
		case '#', ':', 'b', 't', 'T':
			j := strings.IndexAny(s[i:], "\n;")
			if c == '#' || c == ':' {
				j = strings.IndexByte(s[i:], '\n')
			}
			if j < 0 {
				return
			}
			i += j
		case 'a', 'i', 'c':
			// Text to the end of the line, a backslash continuing it (GNU's
			// one-line a TEXT, and a\ then TEXT on the lines after).
			var text []string
			for first := true; i < len(s); first = false {
				line := toEOL()
				t := line
				if first {
					t = strings.TrimPrefix(strings.TrimLeft(t, " \t"), "\\")
				}
				cont := strings.HasSuffix(line, "\\")
				if t = strings.TrimSuffix(t, "\\"); t != "" {
					text = append(text, t)
				}
				if !cont || i >= len(s) {
					break
				}
				i++
			}
			run.texts = append(run.texts, strings.Join(text, "\n"))
		case 'r', 'R':
			toEOL()
		case 'w', 'W':
			if f := strings.TrimSpace(toEOL()); f != "" {
				run.writes = append(run.writes, f)
			}
		case 'e':
			if cmd := strings.TrimSpace(toEOL()); cmd != "" {
				run.lines = append(run.lines, cmd)
			} else {
				run.unseen = append(run.unseen, sedInputLines)
			}
		case 's':
			var ok bool
			i, ok = sedSubst(s, i, run)
			if !ok {
				run.aborted = true
				return
			}
		case 'y':
			if i >= len(s) {
				return
			}
			d := s[i]
			var ok bool
			if _, i, ok = sedPart(s, i+1, d); !ok {
				return
			}
			if _, i, ok = sedPart(s, i, d); !ok {
				return
			}
		case 'l', 'L', 'q', 'Q', 'v':
			for i < len(s) && (s[i] == ' ' || '0' <= s[i] && s[i] <= '9' || s[i] == '.') {
				i++
			}
		case '=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F':
		default:
			run.aborted = true
			return
		}
	}
}

// sedAddresses skips the addresses before a command: a number, $,
// /RE/ or \cREc with I and M, first~step, and after a comma +N or ~N.
func sedAddresses(s string, i int) int {
	for k := 0; k < 2 && i < len(s); k++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9' || c == '$' || c == '+' || c == '~':
			for i < len(s) && strings.IndexByte("0123456789$+~", s[i]) >= 0 {
				i++
			}
		case c == '/' || c == '\\' && i+1 < len(s):
			d := byte('/')
			if c == '\\' {
				d = s[i+1]
				i++
			}
			_, i, _ = sedPart(s, i+1, d)
			for i < len(s) && (s[i] == 'I' || s[i] == 'M') {
				i++
			}
		default:
			return i
		}
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		return i
	}
	return i
}

// sedPart reads a regex or replacement up to the delimiter d, starting
// at i; it returns its text (escapes kept) and the index after d.
func sedPart(s string, i int, d byte) (string, int, bool) {
	start := i
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case d:
			return s[start:i], i + 1, true
		case '\n':
			if d != '\n' {
				return "", i, false
			}
		}
		i++
	}
	return "", len(s), false
}

// sedSubst reads s/RE/REPL/FLAGS from just after the s.
func sedSubst(s string, i int, run *sedRun) (int, bool) {
	if i >= len(s) || s[i] == '\n' || s[i] == '\\' {
		return i, false
	}
	d := s[i]
	re, i, ok := sedPart(s, i+1, d)
	if !ok {
		return i, false
	}
	repl, i, ok := sedPart(s, i, d)
	if !ok {
		return i, false
	}
	// What the replacement writes into the line: in a file whose code
	// runs later, code (sed -i 's/^/reboot\n/' ~/.bashrc). The parts of
	// the line it keeps (&, \1) were there before.
	if t := strings.ReplaceAll(sedRepl(repl), unknownRef, ""); strings.TrimSpace(t) != "" {
		run.texts = append(run.texts, t)
	}
	exec := false
	for i < len(s) {
		c := s[i]
		switch {
		case c == 'e':
			exec = true
		case c == 'w':
			i++
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			if f := strings.TrimSpace(s[i : i+j]); f != "" {
				run.writes = append(run.writes, f)
			}
			i += j
			continue
		case strings.IndexByte("gpiImM0123456789", c) >= 0:
		default:
			if exec {
				run.lines, run.unseen = sedExec(re, repl, run.lines, run.unseen)
			}
			return i, true
		}
		i++
	}
	if exec {
		run.lines, run.unseen = sedExec(re, repl, run.lines, run.unseen)
	}
	return i, true
}

// sedExec is what s/RE/REPL/e runs: the line after the substitution. When
// RE matches the whole line, that is REPL; when it matches its start, REPL
// and then the rest of the line, unknown; otherwise the line as read,
// rewritten, which belay cannot see.
func sedExec(re, repl string, lines, unseen []string) ([]string, []string) {
	r := sedRepl(repl)
	switch re {
	case ".*", "^.*$", "^.*", ".*$", "^\\(.*\\)$", "^(.*)$":
		return append(lines, r), unseen
	}
	if strings.HasPrefix(re, "^") {
		return append(lines, r+unknownRef), unseen
	}
	return lines, append(unseen, "its input lines (s///e)")
}

// sedRepl turns a replacement into the text it makes: & and \1…\9 are
// parts of the line, unknown here; \n a newline; \X is X.
func sedRepl(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		switch c := r[i]; {
		case c == '&':
			b.WriteString(unknownRef)
		case c == '\\' && i+1 < len(r):
			i++
			switch n := r[i]; {
			case '0' <= n && n <= '9':
				b.WriteString(unknownRef)
			case n == 'n':
				b.WriteByte('\n')
			case n == 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(n)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
