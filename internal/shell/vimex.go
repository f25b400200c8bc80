package shell

import (
	"path"
	"strings"

	"github.com/belay-sh/belay/internal/inline"
)

// Vim's Ex commands, as given by vim -c CMD, +CMD and --cmd CMD (and ex,
// view, nvim, vimdiff): :!CMD and :{range}!FILTER run a shell line, so do
// :r !CMD, :w !CMD, :terminal CMD and system('CMD'); :lua, :python3,
// :perl and :ruby run code in those languages; :silent, :global, :argdo
// and kin run another Ex command; :execute of a literal string runs it.
// A write (:w, :wq, :x) after a change edits the files vim was given.
// Vim's -Z (restricted) runs no shell command.

// exMaxCommands bounds the Ex commands read from one line.
const exMaxCommands = 256

// exState is what a run of Ex commands does.
type exState struct {
	a       *analyzer
	sc      *scope
	host    *Invocation
	label   string
	writes  bool     // a command writes the buffer back to its file
	changes bool     // a command other than a write, quit or setting ran
	files   []string // files named by :w FILE, :saveas FILE
	texts   []string // text the commands put in the buffer (:put ="…", :s///, :append): code in a startup file (deferred.go)
	n       int
}

// vimCommands reads the Ex commands vim is given.
func (a *analyzer) vimCommands(s *codeSpec, argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	name := path.Base(argv[0].Value)
	type cmd struct {
		label string
		val   Arg
	}
	var cmds []cmd
	for i, o := range ca.opts {
		if slicesHas(s.codeOpts, o.name) && o.hasValue {
			cmds = append(cmds, cmd{name + " " + o.name, ca.vals[i]})
		}
	}
	var files []Arg
	for _, op := range ca.operands {
		if strings.HasPrefix(op.Value, "+") && !op.Dynamic && !ca.dashes {
			v := op.Value[1:]
			if v != "" && !isDigits(v) && !strings.HasPrefix(v, "/") {
				cmds = append(cmds, cmd{name + " +", Arg{Value: v}})
			}
			continue
		}
		files = append(files, op)
	}
	// ex -s FILE <<< SCRIPT, vim -es: in Ex mode, standard input is a
	// script of Ex commands.
	exMode := name == "ex" || hasOpt(ca.opts, []string{"-e", "-E"})
	script := exMode && sc.stdin != nil && !sc.stdinDyn && !sc.stdinGlob
	if len(cmds) == 0 && !script {
		return false
	}
	inv := a.plain(argv, sc, redir)
	ex := &exState{a: a, sc: sc, host: inv}
	if script && a.chargeCode(len(*sc.stdin)) {
		ex.label = name + " <<<"
		ex.script(*sc.stdin)
	}
	for _, c := range cmds {
		ex.label = c.label
		if c.val.Dynamic {
			a.unseen(inv, "Ex commands computed at run time in "+c.label, nil)
			continue
		}
		if !a.chargeCode(len(c.val.Value)) {
			return true
		}
		ex.line(c.val.Value, 0)
	}
	if ex.writes && ex.changes {
		for _, f := range files {
			inv.Effects = append(inv.Effects, a.effect(Write, f, sc, false))
		}
	}
	for _, f := range ex.files {
		inv.Effects = append(inv.Effects, a.effect(Write, Arg{Value: f}, sc, false))
	}
	if ex.writes && len(ex.texts) > 0 {
		// vim -c '$put =\"reboot\"' -c wq ~/.bashrc: the text it puts
		// in a file whose code runs later is code (deferred.go).
		text := strings.Join(ex.texts, "\n") + "\n"
		a.editedCode(argv, inv, text, sc)
	}
	return true
}

// editedCode judges text that argv, an editor, writes into those of
// inv's files whose code runs later, as lines added to each.
func (a *analyzer) editedCode(argv []Arg, inv *Invocation, text string, sc *scope) {
	for _, e := range inv.Effects {
		if e.Kind != Write && e.Kind != Edit {
			continue
		}
		if fc, ok := codeFile(e.Path); ok {
			e.Kind = Append
			a.fileCode(argv, "", e, fc, stageOut{text: &text}, sc)
		}
	}
}

// script reads a script of Ex commands, one a line, as ex -s reads its
// standard input: the lines after :append, :insert or :change, up to a
// line that is ".", are text put in the buffer.
func (ex *exState) script(text string) {
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines) && ex.n < exMaxCommands; i++ {
		if rest, ok := exTextCommand(lines[i]); ok && strings.TrimSpace(rest) == "" {
			ex.n++
			ex.changes = true
			var body []string
			for i++; i < len(lines) && lines[i] != "."; i++ {
				body = append(body, lines[i])
			}
			ex.texts = append(ex.texts, strings.Join(body, "\n"))
			continue
		}
		ex.line(lines[i], 0)
	}
}

// exTextCommand says whether an Ex command is :append, :insert or
// :change (the text follows it), and returns what follows its name.
func exTextCommand(s string) (string, bool) {
	s = exRange(exSpace(s))
	name, rest := exName(s)
	if exAbbrev(name, "append", 1) || exAbbrev(name, "insert", 1) || exAbbrev(name, "change", 1) {
		return strings.TrimPrefix(rest, "!"), true
	}
	return "", false
}

// exSubst reads the replacement of :s/PAT/REPL/ (any delimiter that is
// not a letter, a digit, a blank, " or |), as the text it puts in the
// line: \r and \n are line breaks, & ~ and \0-\9 what was there.
func exSubst(rest string) (string, bool) {
	if rest == "" {
		return "", false
	}
	d := rest[0]
	if isWordByte(d) || d == ' ' || d == '"' || d == '|' || d == '\\' {
		return "", false
	}
	_, i, ok := sedPart(rest, 1, d)
	if !ok {
		return "", false
	}
	repl, _, ok := sedPart(rest, i, d)
	if !ok {
		repl = rest[i:] // the last delimiter may be left out
	}
	repl = strings.ReplaceAll(strings.ReplaceAll(repl, `\r`, `\n`), "~", "&")
	return strings.ReplaceAll(sedRepl(repl), unknownRef, ""), true
}

// line reads a line of Ex commands separated by "|".
func (ex *exState) line(s string, depth int) {
	for s != "" && ex.n < exMaxCommands && depth < 8 {
		ex.n++
		s = ex.command(s, depth)
	}
}

// exSpace skips blanks and the colons Ex allows before a command.
func exSpace(s string) string { return strings.TrimLeft(s, " \t:") }

// exRange skips a command's range: %, ., $, numbers, 'x marks, /pat/,
// ?pat?, \/ \? \&, offsets, and the , ; between them.
func exRange(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%' || c == '.' || c == '$' || c == ',' || c == ';' || c == '+' || c == '-' || c == ' ' || c == '\t' || ('0' <= c && c <= '9'):
			i++
		case c == '\'' && i+1 < len(s):
			i += 2
		case c == '\\' && i+1 < len(s) && strings.IndexByte("/?&", s[i+1]) >= 0:
			i += 2
		case c == '/' || c == '?':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			i = min(j+1, len(s))
		default:
			return s[i:]
		}
	}
	return ""
}

// exName splits an Ex command into its name (letters, or one sign such
// as ! & < > = @) and the rest.
func exName(s string) (name, rest string) {
	i := 0
	for i < len(s) && ('a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == 0 && s != "" {
		i = 1
	}
	if n := s[:i]; i < len(s) && s[i] == '3' && (n == "py" || n == "python") {
		i++ // :py3, :python3
	}
	return s[:i], s[i:]
}

// exAbbrev reports whether name is cmd written in full or abbreviated to
// at least min letters (:w, :wri, :write).
func exAbbrev(name, cmd string, min int) bool {
	return len(name) >= min && len(name) <= len(cmd) && cmd[:len(name)] == name
}

// exBar splits an argument at the first "|" that is not escaped.
func exBar(s string) (arg, rest string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '\x16':
			i++
		case '|':
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// exLangs are the Ex commands that run code in another language.
var exLangs = []struct {
	cmd  string
	min  int
	lang inline.Lang
}{
	{"lua", 3, inline.Lua}, {"python", 2, inline.Python}, {"python3", 4, inline.Python}, {"py3", 3, inline.Python},
	{"pythonx", 7, inline.Python}, {"pyx", 3, inline.Python}, {"perl", 2, inline.Perl}, {"ruby", 3, inline.Ruby},
	{"tcl", 3, inline.Tcl},
}

// command reads one Ex command and returns what follows it.
func (ex *exState) command(s string, depth int) string {
	s = exRange(exSpace(s))
	if s == "" {
		return ""
	}
	if s[0] == '|' || s[0] == '"' { // an empty command; a comment
		if s[0] == '"' {
			return ""
		}
		return s[1:]
	}
	name, rest := exName(s)
	bang := strings.HasPrefix(rest, "!")
	switch {
	case name == "!":
		// :!CMD, :{range}!FILTER: the rest of the line is the shell's.
		ex.changes = true
		ex.shell(rest)
		return ""
	case exAbbrev(name, "read", 1):
		if r := strings.TrimLeft(rest, " \t"); strings.HasPrefix(r, "!") {
			ex.changes = true
			ex.shell(r[1:])
			return ""
		}
		ex.changes = true
	case exAbbrev(name, "write", 1) || exAbbrev(name, "wq", 2) || exAbbrev(name, "xit", 1) || exAbbrev(name, "exit", 3) ||
		exAbbrev(name, "update", 2) || exAbbrev(name, "wall", 2) || exAbbrev(name, "wqall", 3) || exAbbrev(name, "xall", 2) ||
		exAbbrev(name, "saveas", 3):
		arg := rest
		if bang {
			arg = rest[1:]
		}
		if r := strings.TrimLeft(arg, " \t"); !bang && strings.HasPrefix(r, "!") && r != arg {
			ex.shell(r[1:]) // :w !CMD pipes the buffer to CMD
			return ""
		}
		arg, next := exBar(arg)
		ex.writes = true
		if f := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(arg), ">>")); f != "" && !strings.HasPrefix(f, "++") {
			ex.files = append(ex.files, f)
		}
		return next
	case exAbbrev(name, "silent", 3) || exAbbrev(name, "unsilent", 3) || exAbbrev(name, "noautocmd", 3) ||
		exAbbrev(name, "keepjumps", 5) || exAbbrev(name, "keepmarks", 3) || exAbbrev(name, "lockmarks", 3) ||
		exAbbrev(name, "verbose", 4) || exAbbrev(name, "argdo", 5) ||
		exAbbrev(name, "bufdo", 5) || exAbbrev(name, "windo", 5) || exAbbrev(name, "tabdo", 5) ||
		exAbbrev(name, "cdo", 3) || exAbbrev(name, "ldo", 3) || exAbbrev(name, "cfdo", 4) || exAbbrev(name, "lfdo", 4):
		// A modifier, or a command run for each buffer: the rest is a command.
		return ex.command(strings.TrimPrefix(rest, "!"), depth+1)
	case exAbbrev(name, "global", 1) || exAbbrev(name, "vglobal", 1):
		// :g/PAT/CMD runs CMD, the rest of the line, on each match.
		r := strings.TrimPrefix(rest, "!")
		if r != "" {
			d := r[0]
			j := 1
			for j < len(r) && r[j] != d {
				if r[j] == '\\' {
					j++
				}
				j++
			}
			ex.changes = true
			if j+1 < len(r) {
				ex.line(r[j+1:], depth+1)
			}
		}
		return ""
	case exAbbrev(name, "execute", 3):
		arg, next := exBar(rest)
		if lit, ok := exLiteral(strings.TrimSpace(arg)); ok {
			ex.line(lit, depth+1)
		} else {
			ex.a.unseen(ex.host, "an Ex command computed at run time in "+ex.label, nil)
		}
		return next
	case exAbbrev(name, "terminal", 3):
		arg, next := exBar(rest)
		for arg = strings.TrimLeft(arg, " \t"); strings.HasPrefix(arg, "++"); {
			_, arg, _ = strings.Cut(arg, " ")
			arg = strings.TrimLeft(arg, " \t")
		}
		if arg != "" {
			ex.shell(arg)
		}
		return next
	case exAbbrev(name, "normal", 4):
		// Keys, to the end of the line: what an insert key (o, O, a,
		// A, i, I) types after it is text (normal Goreboot).
		keys := strings.TrimPrefix(rest, "!")
		if k := strings.IndexAny(keys, "oOaAiI"); k >= 0 && strings.TrimSpace(keys[k+1:]) != "" {
			ex.changes = true
			ex.texts = append(ex.texts, keys[k+1:])
		}
		return ""
	case exAbbrev(name, "put", 2):
		// :put =EXPR puts EXPR's value in the buffer; in a -c command
		// its quotes are written \".
		arg, next := exBar(strings.TrimPrefix(rest, "!"))
		ex.changes = true
		if e, ok := strings.CutPrefix(strings.TrimSpace(arg), "="); ok {
			e = strings.ReplaceAll(strings.TrimSpace(e), `\"`, `"`)
			if lit, ok := exLiteral(e); ok {
				ex.texts = append(ex.texts, lit)
			} else {
				ex.calls(e)
			}
		}
		return next
	case exAbbrev(name, "substitute", 1) || name == "&" || name == "~":
		arg, next := exBar(rest)
		ex.changes = true
		if t, ok := exSubst(arg); ok && strings.TrimSpace(t) != "" {
			ex.texts = append(ex.texts, t)
		}
		return next
	case exAbbrev(name, "append", 1) || exAbbrev(name, "insert", 1) || exAbbrev(name, "change", 1):
		// In a -c command the text is what follows the name (and a
		// "|" or a blank): :$a|reboot.
		t := strings.TrimPrefix(rest, "!")
		t = strings.TrimPrefix(strings.TrimLeft(t, " \t"), "|")
		ex.changes = true
		if strings.TrimSpace(t) != "" {
			ex.texts = append(ex.texts, t)
		}
		return ""
	case exAbbrev(name, "sandbox", 3):
		_, next := exBar(rest) // runs its command with no shell
		return next
	case exAbbrev(name, "quit", 1) || exAbbrev(name, "qall", 2) || exAbbrev(name, "quitall", 5) || exAbbrev(name, "set", 2) ||
		exAbbrev(name, "setlocal", 4) || exAbbrev(name, "syntax", 2) || exAbbrev(name, "filetype", 5) || exAbbrev(name, "edit", 1) ||
		exAbbrev(name, "echo", 2) || exAbbrev(name, "redraw", 4) || exAbbrev(name, "nohlsearch", 3) || exAbbrev(name, "help", 1) ||
		exAbbrev(name, "let", 3) || exAbbrev(name, "source", 2) || exAbbrev(name, "call", 3) || exAbbrev(name, "colorscheme", 4):
		arg, next := exBar(rest)
		ex.calls(arg)
		return next
	}
	for _, l := range exLangs {
		if exAbbrev(name, l.cmd, l.min) {
			code := strings.TrimSpace(rest)
			if code == "" || strings.HasPrefix(code, "<<") {
				return ""
			}
			ex.changes = true
			label := ex.label + ": " + l.cmd
			in := codeText{text: code, label: label}
			ex.a.codeFindings(inline.Analyze(l.lang, code), in, ex.host, ex.sc)
			return ""
		}
	}
	arg, next := exBar(rest)
	ex.changes = true
	ex.calls(arg)
	return next
}

// calls finds the shell lines in an expression's calls of system(),
// systemlist(), jobstart(), job_start() and termopen(): a literal string
// is a shell line, anything else a command computed at run time; and the
// text append() and setline() put in the buffer, when it is literal.
func (ex *exState) calls(s string) {
	for _, fn := range []string{"append(", "setline("} {
		for rest := s; ; {
			k := strings.Index(rest, fn)
			if k < 0 {
				break
			}
			other := k > 0 && (isWordByte(rest[k-1]) || rest[k-1] == '#' || rest[k-1] == '.')
			rest = rest[k+len(fn):]
			if other {
				continue // listappend(, s:append(
			}
			_, arg, ok := strings.Cut(rest, ",") // the line number, then the text
			if !ok {
				continue
			}
			arg = strings.TrimLeft(arg, " \t[")
			ex.changes = true
			if lit, _, ok := exString(arg); ok {
				ex.texts = append(ex.texts, lit)
			}
		}
	}
	for _, fn := range []string{"systemlist(", "system(", "jobstart(", "job_start(", "termopen("} {
		for rest := s; ; {
			k := strings.Index(rest, fn)
			if k < 0 {
				break
			}
			if k > 0 && (isWordByte(rest[k-1]) || rest[k-1] == '#' || rest[k-1] == '.') {
				rest = rest[k+len(fn):]
				continue
			}
			arg := strings.TrimSpace(rest[k+len(fn):])
			if lit, ok := exLiteralPrefix(arg); ok {
				ex.shell(lit)
			} else {
				ex.a.unseen(ex.host, fn+"…) computed at run time in "+ex.label, nil)
			}
			rest = rest[k+len(fn):]
		}
	}
}

func isWordByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// exLiteral reads a Vim string literal that is the whole of s: '…' (”
// is a quote) or "…" (backslash escapes).
func exLiteral(s string) (string, bool) {
	lit, n, ok := exString(s)
	return lit, ok && n == len(s)
}

// exLiteralPrefix reads a Vim string literal at the start of s that ends
// the argument: followed by ")" or ",".
func exLiteralPrefix(s string) (string, bool) {
	lit, n, ok := exString(s)
	if !ok {
		return "", false
	}
	r := strings.TrimSpace(s[n:])
	return lit, strings.HasPrefix(r, ")") || strings.HasPrefix(r, ",")
}

// exString reads a Vim string literal at the start of s, returning its
// value and length.
func exString(s string) (string, int, bool) {
	if s == "" || s[0] != '\'' && s[0] != '"' {
		return "", 0, false
	}
	var b strings.Builder
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case s[i] == q:
			return b.String(), i + 1, true
		case q == '"' && s[i] == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, false
}

// shell judges a shell line an Ex command runs.
func (ex *exState) shell(line string) {
	line = strings.TrimSpace(line)
	if line == "" {
		return
	}
	// Vim replaces % and # with file names before the shell sees the
	// line; \% is a %.
	ex.a.lineWithUnknown(exFileNames(line), shDialect, withLine(ex.sc, ex.label+": !"))
}

// exFileNames replaces Vim's unescaped % and # (the current and the
// alternate file) with a name known only when it runs.
func exFileNames(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '%' || s[i+1] == '#'):
			b.WriteByte(s[i+1])
			i++
		case c == '%' || c == '#':
			b.WriteString(unknownRef)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
