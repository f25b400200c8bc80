package shell

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"encoding/base64"
	"encoding/hex"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// What a command prints, computed without running it, when its input is
// text belay knows: echo X | base64 -d | rev | sh is judged as the line
// it decodes to. Each stage is bounded, and so is the whole line: what is
// past a bound is not guessed at but unknown, which a shell reading it
// turns into code belay cannot see (unseen.go).
const (
	maxStageBytes  = 64 << 10 // what one computed stage may print
	maxDecodeBytes = 1 << 20  // what all computed stages of a line may print
	maxStages      = 16       // stages computed in a row, substitutions inside substitutions included
	maxFormatWidth = 4096     // a printf width or precision past this is not computed
)

// decodeState is what computing output has cost the line so far.
type decodeState struct {
	bytes    int // output computed
	depth    int // substitutions being computed inside one another
	textOnly int // substitutions being computed for their text alone: words need no Raw
}

// stageOut is what one stage of a pipeline writes to the next, or what a
// redirection gives a command on its standard input.
type stageOut struct {
	text  *string // the text, when known; with dyn its worst case, unknown parts left out
	dyn   bool    // part of it could not be computed
	src   string  // when it is code belay cannot see, where it comes from (unseen.go); "" otherwise
	chain string  // the stages that made it, as written, for naming them
	n     int     // stages computed in a row
}

// chargeOutput counts n bytes of computed output against the bounds: of
// one stage, and of the line, whose end is a problem (so: confirm) since
// everything after it goes unknown.
func (a *analyzer) chargeOutput(n int) bool {
	if n > maxStageBytes {
		return false
	}
	if a.dec.bytes+n > maxDecodeBytes {
		a.problem("more than %d bytes of output computed (base64 -d, printf, tr…)", maxDecodeBytes)
		return false
	}
	a.dec.bytes += n
	return true
}

// stageOutput returns what the statement s writes when in is what it
// reads: computed for the commands below, unknown otherwise. With named,
// output that is code belay cannot see says where it comes from (src);
// a substitution being expanded needs only its text.
func (a *analyzer) stageOutput(s *syntax.Stmt, in stageOut, sc *scope, named bool) stageOut {
	out := stageOut{dyn: true, n: in.n + 1}
	if named {
		out.chain = joinChain(in.chain, a.print(s))
	}
	if body, exact := compoundBody(s.Cmd); body != nil && out.n <= maxStages {
		// { echo x; } | sh, if …; then echo x; fi | sh: what the body
		// prints, each branch and one pass of a loop; only a block or a
		// subshell prints exactly that.
		o := a.stmtsOutput(body, sc, named)
		o.n, o.chain = out.n, out.chain
		o.dyn = o.dyn || !exact
		return o
	}
	if s.Cmd == nil && len(s.Redirs) == 1 && s.Redirs[0].Op == syntax.RdrIn && isStdin(s.Redirs[0]) && out.n <= maxStages {
		// $(< FILE) prints FILE, as $(cat FILE); a here-string alone
		// prints nothing in bash (zsh's $READNULLCMD is zsh.go's).
		o := a.stdinRedirect(s.Redirs[0], in, sc, named)
		o.n, o.chain = out.n, out.chain
		if o.text == nil && o.src == "" && named {
			o.src = a.unseenFrom(s, in, out.chain, sc)
		}
		return o
	}
	c, ok := s.Cmd.(*syntax.CallExpr)
	if (s.Cmd == nil || ok && len(c.Args) == 0 && len(c.Assigns) == 0) && a.dialect == Zsh && out.n <= maxStages {
		// zsh runs $READNULLCMD (a pager, cat when its output is not a
		// terminal) for a command of input redirections alone:
		// <<< reboot | sh, $(<<< reboot), =(<<< 'rm -rf /').
		for _, r := range s.Redirs {
			if isStdin(r) {
				in = a.stdinRedirect(r, stageOut{chain: in.chain, n: in.n}, sc, named)
				in.n, in.chain = out.n, out.chain
				return in
			}
		}
	}
	if !ok || len(c.Args) == 0 || out.n > maxStages {
		if named {
			out.src = a.unseenFrom(s, in, out.chain, sc)
		}
		return out
	}
	for _, r := range s.Redirs {
		if isStdin(r) {
			// A redirection of its own replaces the pipe.
			in = a.stdinRedirect(r, stageOut{chain: in.chain, n: in.n}, sc, named)
		}
	}
	if !a.charge(costCopy * len(c.Args)) {
		return out
	}
	argv := make([]Arg, 0, len(c.Args))
	for _, w := range c.Args {
		argv = a.expandAppend(argv, w, sc)
	}
	text, dyn, known := "", true, false
	if len(argv) > 0 && !argv[0].Dynamic {
		text, dyn, known = a.compute(argv, in)
	}
	if known && !a.charge(costByte*len(text)) {
		return out
	}
	switch {
	case !known:
		if named {
			out.src = a.unseenFrom(s, in, out.chain, sc)
		}
		return out
	case dyn && named:
		out.src = a.unseenPart(s, in, out.chain, text, sc)
	}
	out.text, out.dyn = &text, dyn
	return out
}

// joinChain adds a stage to the command line that names a pipeline's
// output; past maxSourceText the rest is left out (outputOf shortens it
// anyway), so that a pipeline of thousands of stages costs no more.
func joinChain(before, s string) string {
	switch {
	case before == "":
		return s
	case len(before) > maxSourceText:
		return before
	}
	return before + " | " + s
}

// isStdin reports whether a redirection gives its command a standard
// input.
func isStdin(r *syntax.Redirect) bool {
	if r.N != nil && r.N.Value != "0" {
		return false
	}
	switch r.Op {
	case syntax.RdrIn, syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
		return true
	}
	return false
}

// stdinRedirect returns what a redirection gives its command to read,
// replacing in: the text of a here-document or here-string, what a
// process substitution prints (sh < <(echo x)), a file (not read), or a
// network connection (/dev/tcp/HOST/PORT).
func (a *analyzer) stdinRedirect(r *syntax.Redirect, in stageOut, sc *scope, named bool) stageOut {
	if !isStdin(r) {
		return in
	}
	out := stageOut{chain: in.chain, n: in.n}
	switch r.Op {
	case syntax.Hdoc, syntax.DashHdoc:
		s := ""
		if r.Hdoc != nil {
			s, out.dyn = a.document(r.Hdoc, sc)
		}
		out.text = &s
		if out.dyn && named {
			out.src = a.unseenPart(r.Hdoc, stageOut{}, "here-document", s, sc)
		}
	case syntax.WordHdoc:
		s, dyn := a.literal(r.Word, sc)
		s += "\n"
		out.text, out.dyn = &s, dyn
		if dyn && named {
			out.src = a.unseenPart(r.Word, stageOut{}, a.print(r.Word), s, sc)
		}
	case syntax.RdrIn:
		switch r.Word.Lit() {
		case "/dev/null":
			e := "" // nothing to read: a literal, empty
			out.text = &e
			return out
		case "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0":
			return in // its own input, as it is
		}
		out.dyn = true
		if ps := procSubst(r.Word); ps != nil {
			return a.procOutput(ps, sc, named)
		}
		for _, f := range a.expand(r.Word, sc) {
			if isSocket(f.Value) {
				out.src = f.Value
			}
		}
	}
	return out
}

// procSubst returns the process substitution a word is made of, or nil.
func procSubst(w *syntax.Word) *syntax.ProcSubst {
	if w == nil || len(w.Parts) != 1 {
		return nil
	}
	ps, _ := w.Parts[0].(*syntax.ProcSubst)
	return ps
}

// procOutput returns what the commands of <(…) print.
func (a *analyzer) procOutput(ps *syntax.ProcSubst, sc *scope, named bool) stageOut {
	if ps.Op != syntax.CmdIn && ps.Op != syntax.CmdInTemp {
		return stageOut{dyn: true}
	}
	return a.stmtsOutput(ps.Stmts, sc, named)
}

// stmtsOutput returns what a list of statements prints: computed for one
// statement (a pipeline or a command), unknown for more.
func (a *analyzer) stmtsOutput(stmts []*syntax.Stmt, sc *scope, named bool) stageOut {
	if a.dec.depth >= maxStages {
		out := stageOut{dyn: true}
		if named {
			out.src = "commands nested too deep to compute"
		}
		return out
	}
	a.dec.depth++
	defer func() { a.dec.depth-- }()
	if len(stmts) == 1 {
		return a.stmtOutput(stmts[0], sc, named)
	}
	// Several statements print one after another: the text of those
	// computed, unknown (dyn) where one is not, and the first source of
	// code belay cannot see.
	out := stageOut{dyn: len(stmts) == 0 || len(stmts) > maxBodyStmts}
	var text strings.Builder
	for i, s := range stmts {
		if i == maxBodyStmts || a.spent() {
			out.dyn = true
			break
		}
		o := a.stmtOutput(s, sc, named)
		if o.text != nil {
			text.WriteString(*o.text)
		}
		out.dyn = out.dyn || o.dyn || o.text == nil
		if out.src == "" {
			out.src = o.src
		}
	}
	if t := text.String(); t != "" || !out.dyn {
		out.text = &t
	}
	return out
}

// maxBodyStmts bounds the statements of one list whose output is
// computed; past it the rest is unknown.
const maxBodyStmts = 64

// stmtOutput returns what one statement prints: a pipeline stage by
// stage, or a command.
func (a *analyzer) stmtOutput(s *syntax.Stmt, sc *scope, named bool) stageOut {
	if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) && len(s.Redirs) == 0 {
		var out stageOut
		for _, x := range pipeChain(b) {
			out = a.stageOutput(x, out, sc, named)
		}
		return out
	}
	return a.stageOutput(s, stageOut{}, sc, named)
}

// compoundBody returns the statements whose output a compound command
// prints: a block's or a subshell's exactly (exact), every branch of an
// if or a case, a loop's condition and body once. nil for a command that
// is not one of these.
func compoundBody(c syntax.Command) (body []*syntax.Stmt, exact bool) {
	switch c := c.(type) {
	case *syntax.Block:
		return c.Stmts, true
	case *syntax.Subshell:
		return c.Stmts, true
	case *syntax.IfClause:
		for x := c; x != nil && len(body) <= maxBodyStmts; x = x.Else {
			body = append(append(body, x.Cond...), x.Then...)
		}
	case *syntax.ForClause:
		body = c.Do
	case *syntax.WhileClause:
		body = append(append(body, c.Cond...), c.Do...)
	case *syntax.CaseClause:
		for _, it := range c.Items {
			if body = append(body, it.Stmts...); len(body) > maxBodyStmts {
				break
			}
		}
	default:
		return nil, false
	}
	if body == nil {
		body = []*syntax.Stmt{}
	}
	return body, false
}

// substOutput returns what the command substitution $(…) prints, and
// whether all of it is known. Its trailing newlines are the caller's to
// remove (expand does).
func (a *analyzer) substOutput(cs *syntax.CmdSubst, sc *scope) (string, bool) {
	a.dec.textOnly++
	defer func() { a.dec.textOnly-- }()
	var out stageOut
	if len(cs.Stmts) == 1 && a.dec.depth < maxStages {
		// $(cat), $(< /dev/stdin), $(base64 -d) read the input of the
		// command whose word they are in.
		in := stageOut{text: sc.stdin, dyn: sc.stdinDyn || sc.stdinGlob, src: sc.stdinSrc}
		if a.substIn != nil {
			in = *a.substIn
		}
		if in.text == nil && !in.dyn && in.src == "" {
			in = stageOut{}
		}
		a.dec.depth++
		out = a.stmtOutputIn(cs.Stmts[0], in, sc, in.src != "")
		a.dec.depth--
		if out.src != "" && in.src != "" {
			a.substSrc = out.src
		}
	} else {
		out = a.stmtsOutput(cs.Stmts, sc, false)
	}
	if out.text == nil {
		return "", false
	}
	return *out.text, !out.dyn
}

// stmtOutputIn is stmtOutput for a statement that reads in: a
// substitution's, which reads its command's input.
func (a *analyzer) stmtOutputIn(s *syntax.Stmt, in stageOut, sc *scope, named bool) stageOut {
	if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) && len(s.Redirs) == 0 {
		out := in
		for _, x := range pipeChain(b) {
			out = a.stageOutput(x, out, sc, named)
		}
		return out
	}
	return a.stageOutput(s, in, sc, named)
}

// compute returns what argv prints when it reads in, for the commands
// whose output needs nothing but their arguments and input: echo, printf,
// which (command -v, type -P: the name looked up), print, cat, tee, base64, base32, xxd, rev, tr, gzip -d, bzip2 -d, and
// fish's string. known is false for any other command, or past a bound.
func (a *analyzer) compute(argv []Arg, in stageOut) (out string, dyn, known bool) {
	for _, x := range argv {
		dyn = dyn || x.Dynamic
	}
	argv = peelPassThrough(argv)
	if len(argv) == 0 {
		return "", true, false
	}
	name := path.Base(argv[0].Value)
	args := argv[1:]
	input := ""
	if in.text != nil {
		input = *in.text
	}
	// A decoder of text not all known has nothing to say about it.
	decodable := in.text != nil && !in.dyn
	switch name {
	case "echo", "printf", "which", "command", "type", "whence":
		var ok bool
		out, dyn, ok = commandOutput(argv)
		if !ok {
			return "", true, false
		}
	case "print":
		out, known = zshPrint(args)
		if !known {
			return "", true, false
		}
	case "string":
		out, known = fishString(args, input, in.text != nil)
		if !known {
			return "", true, false
		}
		dyn = dyn || in.dyn && len(args) > 0 && args[0].Value == "collect"
	case "cat", "tee":
		if in.text == nil {
			return "", true, false
		}
		for _, x := range args {
			if name == "cat" && x.Value != "-" && !strings.HasPrefix(x.Value, "-") && !isStdinPath(x.Value) || x.Dynamic {
				return "", true, false // a file
			}
		}
		out, dyn = input, dyn || in.dyn
	case "base64", "base32", "basenc":
		if in.text == nil || hasOperand(args) {
			return "", true, false
		}
		if hasFlag(args, "-d", "--decode", "-D") {
			if !decodable {
				return "", true, false
			}
			out, known = decodeBase(name, input, hasFlag(args, "-i", "--ignore-garbage"))
			if !known {
				return "", true, false
			}
		} else {
			out = encodeBase(name, input)
			dyn = dyn || in.dyn
		}
	case "xxd":
		if !decodable || hasOperand(args) {
			return "", true, false
		}
		if !hasFlag(args, "-r", "-revert") {
			if !hasFlag(args, "-p", "-ps", "-plain", "-postscript") {
				return "", true, false
			}
			out = hex.EncodeToString([]byte(input)) + "\n"
			break
		}
		out, known = unhex(input, hasFlag(args, "-p", "-ps", "-plain", "-postscript"))
		if !known {
			return "", true, false
		}
	case "rev":
		if in.text == nil || hasOperand(args) {
			return "", true, false
		}
		out, dyn = revLines(input), dyn || in.dyn
	case "tr":
		if !decodable {
			return "", true, false
		}
		out, known = translate(args, input)
		if !known {
			return "", true, false
		}
	case "gunzip", "zcat", "gzip", "bunzip2", "bzcat", "bzip2":
		if !decodable || hasOperand(args) {
			return "", true, false
		}
		if (name == "gzip" || name == "bzip2") && !hasFlag(args, "-d", "--decompress", "--uncompress") {
			return "", true, false
		}
		out, known = decompress(name, input)
		if !known {
			return "", true, false
		}
	case "awk", "gawk", "mawk", "nawk":
		// awk 'BEGIN { print "…" }': no input read (filters.go).
		out, known = filterOutput("awk", args, input)
		if !known {
			return "", true, false
		}
	case "openssl", "head", "tail", "cut":
		if !decodable {
			return "", true, false
		}
		out, known = filterOutput(name, args, input)
		if !known {
			return "", true, false
		}
	default:
		return "", true, false
	}
	// What cat, tee and echo pass on is text of the line itself; what
	// the others make is bounded.
	if name != "cat" && name != "tee" && name != "echo" && !a.chargeOutput(len(out)) {
		return "", true, false
	}
	return out, dyn, true
}

// hasFlag reports whether one of the short or long options is among
// args: a short one also inside a bundle (-di).
func hasFlag(args []Arg, names ...string) bool {
	for _, x := range args {
		v := x.Value
		if v == "--" {
			return false
		}
		for _, n := range names {
			if v == n || strings.HasPrefix(n, "--") && strings.HasPrefix(v, n+"=") {
				return true
			}
			if len(n) == 2 && n[0] == '-' && len(v) > 2 && v[0] == '-' && v[1] != '-' && strings.IndexByte(v[1:], n[1]) >= 0 && isBundle(v[1:]) {
				return true
			}
		}
	}
	return false
}

func isBundle(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// hasOperand reports whether args name a file: anything that is not an
// option (or "-", standard input). An option's value is taken for a file
// too, which only makes the command's output unknown.
func hasOperand(args []Arg) bool {
	for _, x := range args {
		if x.Dynamic || x.Value != "-" && !strings.HasPrefix(x.Value, "-") {
			return true
		}
	}
	return false
}

// zshPrint is what zsh's print writes: its words joined by spaces (by
// newlines with -l), escapes taken unless -r, a newline unless -n. Options
// that send the words elsewhere (-s, -S, -z, -u) or format them (-f, -P,
// -c, -C) are not computed.
func zshPrint(args []Arg) (string, bool) {
	raw, nl, sep := false, true, " "
	for len(args) > 0 {
		v := args[0].Value
		if v == "--" || v == "-" {
			args = args[1:]
			break
		}
		if len(v) < 2 || v[0] != '-' || args[0].Dynamic {
			break
		}
		for _, c := range v[1:] {
			switch c {
			case 'r', 'R':
				raw = true
			case 'n':
				nl = false
			case 'l':
				sep = "\n"
			case 'N':
				sep = "\x00"
			case 'e', 'E', 'i', 'o', 'O', 'm':
			default:
				return "", false
			}
		}
		args = args[1:]
	}
	words := make([]string, len(args))
	for i, x := range args {
		words[i] = x.Value
		if !raw {
			words[i] = echoEscapes(x.Value)
		}
	}
	out := strings.Join(words, sep)
	if nl {
		out += "\n"
	}
	return out, true
}

// stringOperands are the words fish's string works on: its operands, or
// else the lines of its input; false when it has neither.
func stringOperands(args []Arg, input string, hasInput bool) ([]string, bool) {
	if len(args) > 0 {
		out := make([]string, len(args))
		for i, x := range args {
			out[i] = x.Value
		}
		return out, true
	}
	if !hasInput {
		return nil, false
	}
	return strings.Split(strings.TrimSuffix(input, "\n"), "\n"), true
}

// fishString is what the simple subcommands of fish's string write:
// join, join0, upper, lower, trim, repeat, collect. With no words they
// read their input.
func fishString(args []Arg, input string, hasInput bool) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	sub := args[0].Value
	args = args[1:]
	var opts []string
	for len(args) > 0 && strings.HasPrefix(args[0].Value, "-") && len(args[0].Value) > 1 && !args[0].Dynamic {
		if args[0].Value == "--" {
			args = args[1:]
			break
		}
		opts = append(opts, args[0].Value)
		args = args[1:]
	}
	words := func() ([]string, bool) { return stringOperands(args, input, hasInput) }
	switch sub {
	case "join", "join0":
		sep := "\x00"
		if sub == "join" {
			if len(args) == 0 {
				return "", false
			}
			sep, args = args[0].Value, args[1:]
		}
		w, ok := words()
		if !ok {
			return "", false
		}
		return strings.Join(w, sep) + "\n", true
	case "upper", "lower", "trim", "collect":
		if len(opts) > 0 && sub != "collect" {
			return "", false
		}
		w, ok := words()
		if !ok {
			return "", false
		}
		for i := range w {
			switch sub {
			case "upper":
				w[i] = strings.ToUpper(w[i])
			case "lower":
				w[i] = strings.ToLower(w[i])
			case "trim":
				w[i] = strings.TrimSpace(w[i])
			}
		}
		if sub == "collect" {
			return strings.Join(w, "\n"), true
		}
		return strings.Join(w, "\n") + "\n", true
	}
	return fishStringMore(sub, opts, args, input, hasInput)
}

// echoEscapes interprets the backslash escapes of echo -e and zsh's print.
func echoEscapes(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'e', 'E':
			b.WriteByte(0x1b)
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\':
			b.WriteByte('\\')
		case 'c':
			return b.String() // no further output
		case 'x':
			n, v := 0, 0
			for n < 2 && i+1 < len(s) && isHex(s[i+1]) {
				i++
				v = v*16 + hexVal(s[i])
				n++
			}
			if n == 0 {
				b.WriteString(`\x`)
			} else {
				b.WriteByte(byte(v))
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, n := 0, 0
			if e != '0' {
				v, n = int(e-'0'), 1
			}
			for n < 3 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7' {
				i++
				v = v*8 + int(s[i]-'0')
				n++
			}
			b.WriteByte(byte(v))
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c <= '9':
		return int(c - '0')
	case c >= 'a':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

// decodeBase decodes base64 or base32 as coreutils does: white space
// ignored, padding optional, other bytes an error unless ignored.
func decodeBase(name, s string, ignore bool) (string, bool) {
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if name == "base32" {
		alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	}
	var clean strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(alphabet, c) >= 0:
			clean.WriteByte(c)
		case c == '=' || c == ' ' || c == '\n' || c == '\t' || c == '\r':
		case ignore:
		default:
			return "", false
		}
	}
	t := clean.String()
	if name == "base32" {
		return base32Decode(t)
	}
	b, err := base64.RawStdEncoding.DecodeString(t)
	if err != nil {
		// A trailing partial group is dropped, as coreutils does.
		b, err = base64.RawStdEncoding.DecodeString(t[:len(t)/4*4])
	}
	return string(b), err == nil
}

// encodeBase is what base64 and base32 print for s: wrapped at 76
// columns, with a newline.
func encodeBase(name, s string) string {
	var e string
	if name == "base32" {
		e = base32Encode(s)
	} else {
		e = base64.StdEncoding.EncodeToString([]byte(s))
	}
	var b strings.Builder
	for len(e) > 76 {
		b.WriteString(e[:76])
		b.WriteByte('\n')
		e = e[76:]
	}
	b.WriteString(e)
	b.WriteByte('\n')
	return b.String()
}

// unhex is xxd -r: -p reads plain hex digits, white space ignored; without
// it each line is OFFSET: HEX… and the text column after two spaces.
func unhex(s string, plain bool) (string, bool) {
	var digits strings.Builder
	if plain {
		for i := 0; i < len(s); i++ {
			if isHex(s[i]) {
				digits.WriteByte(s[i])
			}
		}
	} else {
		for _, line := range strings.Split(s, "\n") {
			_, rest, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			rest = strings.TrimLeft(rest, " ")
			if i := strings.Index(rest, "  "); i >= 0 {
				rest = rest[:i]
			}
			for i := 0; i < len(rest); i++ {
				if isHex(rest[i]) {
					digits.WriteByte(rest[i])
				}
			}
		}
	}
	d := digits.String()
	b, err := hex.DecodeString(d[:len(d)/2*2])
	return string(b), err == nil
}

// revLines reverses the characters of each line.
func revLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		r := []rune(body)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		b.WriteString(string(r))
		if len(body) < len(l) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// translate is tr SET1 SET2, tr -d SET1 and tr -s with sets of
// characters, ranges, classes and escapes; -c and [x*n] are not computed.
func translate(args []Arg, s string) (string, bool) {
	del, squeeze := false, false
	var sets []string
	for i, x := range args {
		v := x.Value
		if x.Dynamic {
			return "", false
		}
		if len(sets) == 0 && len(v) > 1 && v[0] == '-' && v != "--" {
			for _, c := range v[1:] {
				switch c {
				case 'd':
					del = true
				case 's':
					squeeze = true
				case 't':
				default:
					return "", false // -c, -C: complements
				}
			}
			continue
		}
		if v == "--" && len(sets) == 0 {
			for _, y := range args[i+1:] {
				sets = append(sets, y.Value)
			}
			break
		}
		sets = append(sets, v)
	}
	var set1, set2 []byte
	var ok bool
	if len(sets) == 0 || len(sets) > 2 {
		return "", false
	}
	if set1, ok = trSet(sets[0]); !ok {
		return "", false
	}
	if len(sets) == 2 {
		if set2, ok = trSet(sets[1]); !ok {
			return "", false
		}
	}
	var m [256]int
	for i := range m {
		m[i] = i
	}
	switch {
	case del:
		for _, c := range set1 {
			m[c] = -1
		}
	case len(set2) > 0:
		for i, c := range set1 {
			m[c] = int(set2[min(i, len(set2)-1)])
		}
	case !squeeze:
		return "", false
	}
	var squeezeSet [256]bool
	if squeeze {
		last := set1
		if len(set2) > 0 || del {
			last = set2
		}
		for _, c := range last {
			squeezeSet[c] = true
		}
	}
	var b strings.Builder
	prev := -1
	for i := 0; i < len(s); i++ {
		c := m[s[i]]
		if c < 0 {
			continue
		}
		if squeeze && c == prev && squeezeSet[c] {
			continue
		}
		b.WriteByte(byte(c))
		prev = c
	}
	return b.String(), true
}

// trSet expands one of tr's sets into its bytes, in order.
func trSet(s string) ([]byte, bool) {
	var out []byte
	classes := map[string]func(rune) bool{
		"upper": unicode.IsUpper, "lower": unicode.IsLower, "digit": unicode.IsDigit, "alpha": unicode.IsLetter,
		"alnum": func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) },
		"space": unicode.IsSpace, "blank": func(r rune) bool { return r == ' ' || r == '\t' },
		"punct": unicode.IsPunct, "cntrl": unicode.IsControl,
		"xdigit": func(r rune) bool { return r < utf8.RuneSelf && isHex(byte(r)) },
	}
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "[:") {
			end := strings.Index(s[i:], ":]")
			if end < 0 {
				return nil, false
			}
			f := classes[s[i+2:i+end]]
			if f == nil {
				return nil, false
			}
			for c := 0; c < 128; c++ {
				if f(rune(c)) {
					out = append(out, byte(c))
				}
			}
			i += end + 2
			continue
		}
		if strings.HasPrefix(s[i:], "[=") || s[i] == '[' && strings.Contains(s[i:], "*") {
			return nil, false
		}
		c, n := trChar(s[i:])
		i += n
		if i+1 < len(s) && s[i] == '-' {
			hi, m := trChar(s[i+1:])
			if hi < c {
				return nil, false
			}
			for x := int(c); x <= int(hi); x++ {
				out = append(out, byte(x))
			}
			i += 1 + m
			continue
		}
		out = append(out, c)
	}
	return out, true
}

// trChar reads one character of a tr set, escapes included.
func trChar(s string) (byte, int) {
	if s[0] != '\\' || len(s) == 1 {
		return s[0], 1
	}
	switch s[1] {
	case 'n':
		return '\n', 2
	case 't':
		return '\t', 2
	case 'r':
		return '\r', 2
	case '\\':
		return '\\', 2
	case 'a':
		return '\a', 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'v':
		return '\v', 2
	}
	if s[1] >= '0' && s[1] <= '7' {
		v, n := 0, 1
		for n < 4 && n < len(s) && s[n] >= '0' && s[n] <= '7' {
			v = v*8 + int(s[n]-'0')
			n++
		}
		return byte(v), n
	}
	return s[1], 2
}

// decompress is gzip -d and bzip2 -d on known input, bounded.
func decompress(name, s string) (string, bool) {
	var r io.Reader
	switch name {
	case "gunzip", "zcat", "gzip":
		z, err := gzip.NewReader(strings.NewReader(s))
		if err != nil {
			return "", false
		}
		r = z
	default:
		r = bzip2.NewReader(strings.NewReader(s))
	}
	var b bytes.Buffer
	n, err := io.Copy(&b, io.LimitReader(r, maxStageBytes+1))
	if err != nil || n > maxStageBytes {
		return "", false
	}
	return b.String(), true
}
