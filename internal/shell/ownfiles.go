package shell

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Code a line writes and then runs: echo 'rm -rf /' > /tmp/x.sh; sh
// /tmp/x.sh, curl URL > i.sh && bash i.sh, exec 3<<<'reboot'; sh <&3,
// exec 3< <(curl URL); sh <&3. What a statement writes to a file by a
// redirection is computed as a pipeline's output is (decode.go), and so
// is what a descriptor opened by exec reads; a shell that later reads that
// file or descriptor reads that text, or code belay cannot see when it
// came from where no one can read it. Files are known by the path as
// written, in the line only: a file written before the line is not read.

// maxOwnFiles bounds the files and descriptors remembered per line.
const maxOwnFiles = 32

// ownFiles are the files and descriptors the line wrote or opened.
type ownFiles struct {
	files map[string]stageOut // by absolute or written path
	fds   map[string]stageOut // by number, or {NAME}'s variable name
}

// ownKey is the key a path is remembered by: absolute when the working
// directory is known, as written otherwise.
func ownKey(p string, sc *scope) string {
	if !path.IsAbs(p) && sc.cwd != "" {
		p = path.Join(sc.cwd, p)
	}
	return path.Clean(p)
}

// noteOwn records what statement s writes to files by its redirections,
// and the descriptors exec opens for reading, with sc its scope (stdin
// included: the pipe it reads).
func (a *analyzer) noteOwn(s *syntax.Stmt, sc *scope) {
	if len(s.Redirs) == 0 || a.spent() {
		return
	}
	c, _ := s.Cmd.(*syntax.CallExpr)
	isExec := c != nil && len(c.Args) == 1 && c.Args[0].Lit() == "exec"
	var out *stageOut
	for _, r := range s.Redirs {
		if isExec && r.N != nil {
			a.noteFd(r, sc)
			continue
		}
		if !isStdout(r) || c == nil || len(c.Args) == 0 || r.Word == nil {
			continue
		}
		name, ok := wordLit(r.Word)
		if !ok || name == "" || name == "/dev/null" {
			continue
		}
		if out == nil {
			in := stageOut{text: sc.stdin, dyn: sc.stdinDyn, src: sc.stdinSrc}
			o := a.stageOutput(s, in, sc, true)
			out = &o
		}
		a.remember(&a.own.files, ownKey(name, sc), *out, r.Op == syntax.AppOut || r.Op == syntax.AppAll)
	}
}

// remember sets m[key] to o, or adds o's text to what is there (>>).
func (a *analyzer) remember(m *map[string]stageOut, key string, o stageOut, appendTo bool) {
	if *m == nil {
		*m = map[string]stageOut{}
	}
	if old, ok := (*m)[key]; ok && appendTo {
		t := ""
		if old.text != nil {
			t = *old.text
		}
		if o.text != nil && a.chargeOutput(len(t)+len(*o.text)) {
			t += *o.text
		}
		src := old.src
		if src == "" {
			src = o.src
		}
		o = stageOut{text: &t, dyn: old.dyn || o.dyn || o.text == nil, src: src}
	}
	if _, ok := (*m)[key]; !ok && len(*m) >= maxOwnFiles {
		a.limit("too complex to judge here: more than %d files written and run in one line", maxOwnFiles)
		return
	}
	(*m)[key] = o
}

// noteFd records what exec N<… or exec {NAME}<… opens for reading.
func (a *analyzer) noteFd(r *syntax.Redirect, sc *scope) {
	key := r.N.Value
	if strings.HasPrefix(key, "{") && strings.HasSuffix(key, "}") {
		key = "$" + key[1:len(key)-1]
	}
	switch r.Op {
	case syntax.RdrIn, syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
	case syntax.RdrInOut:
		// exec 5<>/dev/tcp/HOST/PORT: what <&5 reads is the network.
		if r.Word != nil && len(r.Word.Parts) > 0 && isLitSocket(r.Word.Parts[0]) {
			a.remember(&a.own.fds, key, stageOut{dyn: true, src: a.print(r.Word)}, false)
			return
		}
		delete(a.own.fds, key)
		return
	default:
		delete(a.own.fds, key) // reopened for something else
		return
	}
	in := *r
	in.N = nil
	o := a.stdinRedirect(&in, stageOut{}, sc, true)
	if r.Op == syntax.RdrIn && procSubst(r.Word) == nil {
		// A file: what the line wrote there, if it did.
		if name, ok := wordLit(r.Word); ok {
			if f, ok := a.own.files[ownKey(name, sc)]; ok {
				o = f
			}
		}
	}
	a.remember(&a.own.fds, key, o, false)
}

// dupStdin returns what <&N gives its command to read when the line
// opened N with exec, and false otherwise.
func (a *analyzer) dupStdin(r *syntax.Redirect, sc *scope) (stageOut, bool) {
	if r.Op != syntax.DplIn || r.N != nil && r.N.Value != "0" || r.Word == nil || len(a.own.fds) == 0 {
		return stageOut{}, false
	}
	key, ok := wordLit(r.Word)
	if !ok {
		if len(r.Word.Parts) != 1 {
			return stageOut{}, false
		}
		pe, isParam := r.Word.Parts[0].(*syntax.ParamExp)
		if !isParam || pe.Param == nil {
			return stageOut{}, false
		}
		if o, found := a.own.fds["$"+pe.Param.Value]; found {
			return o, true
		}
		key = ""
		for _, x := range a.expand(r.Word, sc) {
			key = x.Value
		}
	}
	o, found := a.own.fds[key]
	return o, found
}

// ownScript returns what the line wrote to the file p, when it did.
func (a *analyzer) ownScript(p string, sc *scope) (stageOut, bool) {
	if len(a.own.files) == 0 || p == "" {
		return stageOut{}, false
	}
	o, ok := a.own.files[ownKey(p, sc)]
	return o, ok
}

// readOwn judges the script a program reads from the file f when the
// line wrote it: its text run in scope in, and code belay cannot see where
// it came from. It returns false for any other file.
func (a *analyzer) readOwn(argv []Arg, f Arg, d Dialect, sc, in *scope) bool {
	if f.Dynamic {
		return false
	}
	o, ok := a.ownScript(f.Value, sc)
	if !ok {
		return false
	}
	if o.text != nil && isShellDialect(d) {
		a.line(*o.text, d, in, false)
	}
	if o.src != "" {
		a.unseenCode(argv, o.src, sc)
	}
	return true
}

// scriptDialect is the language a script the line wrote and runs is
// taken to be in: the line's, POSIX sh's for fish (no shebang is read).
func (a *analyzer) scriptDialect() Dialect {
	if a.dialect == Fish {
		return POSIX
	}
	return a.dialect
}

// fishPsub returns fish's (CMD | psub), a file holding CMD's output, as
// bash's <(CMD); false for any other word.
func fishPsub(f Arg, d Dialect) (string, bool) {
	if d != Fish || !f.Dynamic || !strings.HasPrefix(f.Raw, "(") || !strings.HasSuffix(f.Raw, ")") {
		return "", false
	}
	inner := strings.TrimSpace(f.Raw[1 : len(f.Raw)-1])
	code, ok := strings.CutSuffix(inner, "psub")
	if !ok {
		return "", false
	}
	code, ok = strings.CutSuffix(strings.TrimSpace(code), "|")
	if !ok || strings.TrimSpace(code) == "" {
		return "", false
	}
	return "<(" + code + ")", true
}
