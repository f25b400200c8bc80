package shell

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/belay-sh/belay/internal/lazy"
	"mvdan.cc/sh/v3/syntax"
)

// Code belay cannot see. A shell or an interpreter that reads code from
// the network (curl … | sh, bash <(wget …)), from the output of a command
// belay cannot compute, decoded from text it does not know (echo "$X" |
// base64 -d | sh) or from a variable (eval "$CMD") runs something no rule
// can judge. Its invocation gets an Unseen effect whose Path names where
// the code comes from, for a rule to confirm. What belay can compute is
// judged instead (decode.go); a local file (bash deploy.sh, sh < x.sh,
// source ~/.bashrc) and the output of a local program (eval "$(ssh-agent
// -s)", source <(kubectl completion bash)) are what they always were:
// the user's own code.

// codeKind is what made some code, from harmless to unseen.
type codeKind uint8

const (
	codeLocal   codeKind = iota // a file, or a local program's own output
	codeMade                    // made by a decoder or a filter from text: base64 -d, sed, awk
	codeFetched                 // from the network
)

// fetchers are programs whose output comes from another machine.
var fetchers = []string{
	"curl", "wget", "fetch", "http", "https", "xh", "aria2c", "lwp-request", "GET", "lynx", "w3m", "links", "elinks",
	"nc", "ncat", "netcat", "socat", "telnet", "ssh", "scp", "sftp", "tftp", "ftp", "s3cmd", "gsutil", "rclone",
}

// makers are programs that decode or rewrite text: code they print is
// not the code belay saw.
var makers = []string{
	"base64", "base32", "basenc", "xxd", "uudecode", "openssl", "gpg", "rev", "tr", "sed", "awk", "gawk", "mawk", "nawk",
	"perl", "python", "python2", "python3", "ruby", "node", "php", "lua", "jq", "yq", "xargs", "m4", "envsubst", "iconv",
	"printf",             // whose output belay would not compute (printf '%0999999999d')
	"string", "dc", "bc", // fish's string, and calculators
}

// foreign is the dialect of code in a language other than a shell's
// (python3 <(curl …)): where it comes from is judged, not what it says.
const foreign Dialect = "-"

func isShellDialect(d Dialect) bool { return d != foreign }

var urlRE = lazy.Regexp{Expr: `[A-Za-z][A-Za-z0-9+.-]*://[^\s'"` + "`" + `)|;&<>]+`} // compiled on first use

// maxSourceText is the longest command shown in "the output of `…`".
const maxSourceText = 100

// outputOf names code that comes from the output of a command line.
func outputOf(cmd string) string {
	cmd = strings.TrimSpace(cmd)
	if len(cmd) > maxSourceText {
		cmd = strings.ToValidUTF8(cmd[:maxSourceText], "") + "…"
	}
	return "the output of `" + cmd + "`"
}

// maxClassifyNodes bounds the nodes classify looks at; past it the output
// is taken for made by something belay did not see.
const maxClassifyNodes = 4096

// classify says what made the output of a node: the worst of the programs
// it runs, and the first URL or /dev/tcp path it names.
func classify(n syntax.Node) (kind codeKind, where string) {
	if n == nil {
		return codeLocal, ""
	}
	seen := 0
	syntax.Walk(n, func(n syntax.Node) bool {
		if seen++; seen > maxClassifyNodes {
			kind = max(kind, codeMade)
			return false
		}
		switch n := n.(type) {
		case *syntax.CallExpr:
			for i, w := range n.Args {
				lit, ok := wordLit(w)
				if !ok {
					if i == 0 {
						kind = max(kind, codeMade) // a computed program
					}
					continue
				}
				switch base := path.Base(lit); {
				case slices.Contains(fetchers, base):
					kind = codeFetched
				case slices.Contains(makers, base):
					kind = max(kind, codeMade)
				}
				if u := urlRE.Get().FindString(lit); u != "" {
					kind = codeFetched
					if where == "" {
						where = u
					}
				}
			}
		case *syntax.Redirect:
			if lit, ok := wordLit(n.Word); ok && isSocket(lit) {
				kind = codeFetched
				if where == "" {
					where = lit
				}
			}
		}
		return true
	})
	return kind, where
}

// wordLit returns a word's text when it is made of literal parts only.
func wordLit(w *syntax.Word) (string, bool) {
	if w == nil {
		return "", false
	}
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(p.Value)
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(l.Value)
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

// isSocket reports whether a path is one of bash's network connections.
func isSocket(p string) bool {
	return strings.HasPrefix(p, "/dev/tcp/") || strings.HasPrefix(p, "/dev/udp/")
}

// isLitSocket reports whether a word's first part is literal text that
// starts one of bash's network paths (/dev/tcp/$HOST/$PORT included).
func isLitSocket(p syntax.WordPart) bool {
	l, ok := p.(*syntax.Lit)
	return ok && isSocket(l.Value)
}

// isStdinPath reports whether a script operand names standard input.
func isStdinPath(p string) bool {
	switch p {
	case "-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0":
		return true
	}
	return false
}

// named returns where code that in passes on, or that the node n makes
// from it, comes from; chain is the command line that printed it.
func named(kind codeKind, where, chain string) string {
	if kind == codeFetched && where != "" {
		return where
	}
	return outputOf(chain)
}

// unseenFrom says where the output of n comes from when it is code belay
// cannot see, n being a stage whose output is not computed and in what it
// reads; "" when it is the output of a local program or file.
func (a *analyzer) unseenFrom(n syntax.Node, in stageOut, chain string, sc *scope) string {
	if in.src != "" {
		if !strings.HasPrefix(in.src, "the output of") {
			return in.src // a URL or a socket flows through
		}
		return outputOf(chain)
	}
	kind, where := classify(n)
	switch {
	case kind > codeLocal:
		return named(kind, where, chain)
	case in.text != nil:
		// Known text rewritten by a program belay cannot run.
		return outputOf(chain)
	}
	return ""
}

// unseenPart says where the unknown part of computed output comes from
// when it is code belay cannot see: a substitution of something fetched
// or decoded, or output with no known text at all (echo "$CMD").
func (a *analyzer) unseenPart(n syntax.Node, in stageOut, chain, text string, sc *scope) string {
	if in.src != "" {
		return a.unseenFrom(n, in, chain, sc)
	}
	if kind, where := classify(n); kind > codeLocal {
		return named(kind, where, chain)
	}
	if strings.TrimSpace(text) == "" {
		return outputOf(chain)
	}
	return ""
}

// inputMark is how the Raw of an argument read from standard input names
// where that input comes from when it is code belay cannot see: xargs sh
// -c, parallel.
const inputMark = " input from "

// wordSource says where the unknown part of a word that is code comes
// from (sh -c WORD, eval WORD…), when it is code belay cannot see: a
// substitution of something fetched or decoded, or a variable that is all
// of it ("$CMD"). A substitution of a local program's output (eval
// "$(ssh-agent -s)") is the user's own code.
func (a *analyzer) wordSource(x Arg) string {
	if !x.Dynamic {
		return ""
	}
	raw := x.Raw
	if i := strings.Index(raw, inputMark); i >= 0 && strings.HasPrefix(raw, "{") && strings.HasSuffix(raw, "}") {
		return raw[i+len(inputMark) : len(raw)-1]
	}
	if raw == "{xargs input}" || raw == "{parallel input}" {
		// Input from a file or a local program (xargs sh -c < cmds.txt):
		// the user's own code, as sh < cmds.txt is.
		return ""
	}
	w := parseWord(raw)
	if w == nil && a.dialect == Fish && strings.HasPrefix(raw, "(") {
		w = parseWord("$" + raw) // fish's (cmd) is $(cmd)
	}
	if w == nil {
		if strings.TrimSpace(x.Value) == "" {
			return outputOf(raw)
		}
		return ""
	}
	if vars, ok := echoedVars(w, a); ok {
		// `echo $X` is $X: eval `echo $X` runs X's code, as eval $X.
		return a.wordSource(Arg{Value: x.Value, Dynamic: true, Raw: vars})
	}
	kind, where := classify(w)
	subst := ""
	syntax.Walk(w, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			if subst == "" {
				subst = a.printStmts(n.Stmts)
			}
			return false
		case *syntax.ProcSubst:
			if subst == "" {
				subst = a.printStmts(n.Stmts)
			}
			return false
		}
		return true
	})
	switch {
	case kind > codeLocal:
		return named(kind, where, subst)
	case subst != "":
		return "" // a local program's output
	case strings.TrimSpace(x.Value) == "":
		return strings.Trim(raw, `"`)
	}
	return ""
}

// echoedVars says whether w is only a command substitution that prints
// variables as they are (`echo $X`, $(printf %s "$X"), $(cat <<< $X)),
// and returns those words as written: what it prints is their value.
func echoedVars(w *syntax.Word, a *analyzer) (string, bool) {
	if len(w.Parts) != 1 {
		return "", false
	}
	part := w.Parts[0]
	if dq, ok := part.(*syntax.DblQuoted); ok && len(dq.Parts) == 1 {
		part = dq.Parts[0] // "$(echo "$X")"
	}
	cs, ok := part.(*syntax.CmdSubst)
	if !ok || len(cs.Stmts) != 1 {
		return "", false
	}
	st := cs.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || st.Negated || st.Background || len(call.Assigns) > 0 || len(call.Args) == 0 {
		return "", false
	}
	args := call.Args[1:]
	switch call.Args[0].Lit() {
	case "echo":
	case "printf":
		if len(args) == 0 {
			return "", false
		}
		switch f, _ := wordLit(args[0]); f {
		case "%s", `%s\n`, "%b":
		default:
			return "", false
		}
		args = args[1:]
	case "cat":
		if len(args) != 0 || len(st.Redirs) != 1 || st.Redirs[0].Op != syntax.WordHdoc {
			return "", false
		}
		args = []*syntax.Word{st.Redirs[0].Word}
	default:
		return "", false
	}
	if call.Args[0].Lit() != "cat" && len(st.Redirs) > 0 || len(args) == 0 {
		return "", false
	}
	params := false
	var parts []string
	for _, x := range args {
		clean := true
		syntax.Walk(x, func(n syntax.Node) bool {
			switch n.(type) {
			case *syntax.CmdSubst, *syntax.ProcSubst, *syntax.ArithmExp:
				clean = false
			case *syntax.ParamExp:
				params = true
			}
			return clean
		})
		if !clean {
			return "", false
		}
		parts = append(parts, a.print(x))
	}
	return strings.Join(parts, " "), params
}

// printStmts prints a list of statements on one line.
func (a *analyzer) printStmts(stmts []*syntax.Stmt) string {
	parts := make([]string, 0, len(stmts))
	for _, s := range stmts {
		parts = append(parts, a.print(s))
	}
	return strings.Join(parts, "; ")
}

// parseWord parses the text of one shell word, as Raw holds it; nil when
// it is not one.
func parseWord(raw string) *syntax.Word {
	if raw == "" || len(raw) > maxPrint+8 {
		return nil
	}
	d := Bash
	if strings.HasPrefix(raw, "=(") {
		d = Zsh
	}
	f, err := parse(": "+raw, d)
	if err != nil || len(f.Stmts) != 1 {
		return nil
	}
	c, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(c.Args) != 2 {
		return nil
	}
	return c.Args[1]
}

// unseenCode records that the program argv runs code belay cannot see,
// from src.
func (a *analyzer) unseenCode(argv []Arg, src string, sc *scope) {
	inv := &Invocation{Argv: argv, Name: path.Base(argv[0].Value), Text: quoteArgv(argv),
		Effects: []Effect{{Kind: Unseen, Path: src, Dynamic: true}}}
	if label, _, sub := strings.Cut(argv[0].Value, " "); sub && !argv[0].Dynamic && !strings.Contains(label, "/") {
		// A subcommand's wrapper label (tmux send-keys): its command.
		inv.Name, inv.Text = label, strings.TrimSpace(argv[0].Value+" "+quoteArgv(argv[1:]))
	}
	a.emit(inv, sc)
}

// readScript judges what a program that reads its commands from its
// standard input (that of sc) reads there: the text when it is known, run
// in scope in, and code belay cannot see when it comes from where no one
// can read it. It returns false when there is nothing to judge (a file, a
// terminal).
func (a *analyzer) readScript(argv []Arg, d Dialect, sc, in *scope) bool {
	if sc.stdin == nil && sc.stdinSrc == "" {
		return false
	}
	if sc.stdin != nil && isShellDialect(d) {
		a.line(*sc.stdin, d, in, false)
	}
	if sc.stdinSrc != "" {
		a.unseenCode(argv, sc.stdinSrc, sc)
	}
	return true
}

// readCode judges a line of code made of words (sh -c WORD, eval WORD…),
// run in scope in: its known text, and code belay cannot see in its
// unknown parts.
func (a *analyzer) readCode(argv []Arg, code []Arg, d Dialect, sc, in *scope) {
	unseen := ""
	written := make([]Arg, len(code))
	for i, x := range code {
		written[i] = x
		if isListed(x) {
			// eval "$f" after find DIR | while read f: the paths a
			// lister prints, run as code (listed.go).
			if unseen == "" {
				unseen = "the paths listed under " + x.Value
			}
			written[i] = Arg{Dynamic: true}
			continue
		}
		if src := a.wordSource(x); src != "" {
			if unseen == "" {
				unseen = src // a wholly unknown word is code belay cannot see
			}
			continue
		}
		// bash -c "rm -rf $D" with D unknown: the nested line is rm -rf
		// $D, an unknown operand judged at its worst case, not rm -rf
		// with the unknown part left out (deferred.go's unexpanded).
		written[i] = unexpanded(x, d)
	}
	if isShellDialect(d) {
		a.line(joinArgs(written), d, in, false)
	}
	if unseen != "" {
		a.unseenCode(argv, unseen, sc)
	}
}

// readFile judges a script a program reads from a file operand when that
// is standard input, a process substitution (bash <(curl …)) or a network
// connection. It returns false for a file, which belay does not read.
func (a *analyzer) readFile(argv []Arg, f Arg, d Dialect, sc, in *scope) bool {
	if raw, ok := fishPsub(f, a.dialect); ok {
		f.Raw = raw // source (cmd | psub) reads what <(cmd) would (ownfiles.go)
	}
	switch {
	case !f.Dynamic && isStdinPath(f.Value):
		return a.readScript(argv, d, sc, in)
	case f.Dynamic && (strings.HasPrefix(f.Raw, "<(") || strings.HasPrefix(f.Raw, "=(")):
		ps := procSubst(parseWord(f.Raw))
		if ps == nil {
			a.unseenCode(argv, outputOf(f.Raw), sc)
			return true
		}
		out := a.procOutput(ps, sc, true)
		if out.text != nil && isShellDialect(d) {
			a.line(*out.text, d, in, false)
		}
		if out.src != "" {
			a.unseenCode(argv, out.src, sc)
		}
		return true
	case !f.Dynamic && isSocket(f.Value):
		a.unseenCode(argv, f.Value, sc)
		return true
	}
	return a.readOwn(argv, f, d, sc, in)
}

// hostFile reads f, a file of code a program keeps to run later (at -f
// FILE), on the host through Options.ReadFile: its text and true ("" and
// true when there is no such file and nothing before it in the line could
// have made one: nothing is queued), or false
// when there is no reader, the file is one the line writes first (its
// text is that, ownfiles.go), its name or directory is unknown, it is on
// another host or below another root, it cannot be read, or it is longer
// than a line belay reads. maxHostFiles bounds the files read.
func (a *analyzer) hostFile(f Arg, sc *scope) (string, bool) {
	if a.host == nil || f.Dynamic || f.Value == "" || sc.remote != "" || sc.fs != nil || isStdinPath(f.Value) {
		return "", false
	}
	if _, own := a.ownScript(f.Value, sc); own {
		return "", false
	}
	p := f.Value
	if !path.IsAbs(p) {
		if sc.cwd == "" {
			return "", false
		}
		p = path.Join(sc.cwd, p)
	}
	if a.hostN >= maxHostFiles || !a.charge(costInvoke) {
		return "", false
	}
	a.hostN++
	text, err := a.host(p)
	if errors.Is(err, fs.ErrNotExist) && a.nothingRanBefore() {
		// The program cannot read it either: it queues nothing (at:
		// "Cannot open input file"). Only when nothing before it in the
		// line could have made the file: cp, a build, an unknown program.
		return "", true
	}
	if err != nil || len(text) > DefaultMaxBytes {
		return "", false
	}
	return text, true
}

// nothingRanBefore reports whether every command found so far in the
// line is one that makes no file: a wrapper of the one being judged (sudo,
// env, nice…) or cd, with no effect on any path.
func (a *analyzer) nothingRanBefore() bool {
	for _, inv := range a.out.Invocations {
		if len(inv.Argv) == 0 || len(inv.Effects) > 0 {
			return false
		}
		// A switch, not a map: nothing built at every start.
		switch path.Base(inv.Argv[0].Value) {
		case "sudo", "doas", "env", "nice", "nohup", "ionice", "time", "command", "builtin", "exec", "cd", "pushd":
		default:
			return false
		}
	}
	return true
}

// maxHostFiles bounds the files one analysis reads on the host.
const maxHostFiles = 8
