package shell

import (
	"path"
	"strings"
)

// ed's script, read on its standard input (ed -s FILE <<< SCRIPT,
// printf '%s\n' … | ed FILE): !CMD, e !CMD, r !CMD and w !CMD run a shell
// line; a, i and c put the lines after them, up to a line that is ".",
// in the buffer, and s/RE/REPL/ its replacement; w writes the buffer to
// the file ed was given, or to the file it names. -r (restricted) runs no
// shell line. What it writes into a file whose code runs later is judged
// as that code (deferred.go).

// edMaxCommands bounds the commands read from one script.
const edMaxCommands = 4096

// edScript judges what ed's script on its standard input runs and writes.
func (a *analyzer) edScript(argv []Arg, ca *codeArgs, sc *scope, redir []Effect) bool {
	if sc.stdin == nil || sc.stdinDyn || sc.stdinGlob || len(ca.operands) > 1 {
		return false
	}
	text := *sc.stdin
	if !a.chargeCode(len(text)) {
		return true
	}
	name := path.Base(argv[0].Value)
	restricted := hasOpt(ca.opts, []string{"-r", "--restricted"})
	inv := a.plain(argv, sc, redir)
	var texts, shell, files []string
	writes, changes := false, false
	lines := strings.Split(text, "\n")
	n := 0
	var cmd func(l string, depth int)
	cmd = func(l string, depth int) {
		if n++; n > edMaxCommands || depth > 4 {
			return
		}
		s := exRange(strings.TrimLeft(l, " \t"))
		if s == "" {
			return
		}
		c, rest := s[0], s[1:]
		switch c {
		case '!':
			shell = append(shell, rest)
		case 'e', 'E', 'r':
			if r := strings.TrimLeft(rest, " \t"); strings.HasPrefix(r, "!") {
				shell = append(shell, r[1:])
			}
			changes = changes || c == 'r'
		case 'w', 'W':
			r := strings.TrimPrefix(rest, "q")
			if t := strings.TrimLeft(r, " \t"); strings.HasPrefix(t, "!") {
				shell = append(shell, t[1:])
				return
			}
			writes = true
			if f := strings.TrimSpace(r); f != "" {
				files = append(files, f)
			}
		case 's':
			if t, ok := exSubst(rest); ok && strings.TrimSpace(t) != "" {
				texts = append(texts, t)
			}
			changes = true
		case 'g', 'v', 'G', 'V':
			// g/RE/COMMANDS: the commands run on each match.
			if rest != "" {
				if _, i, ok := sedPart(rest, 1, rest[0]); ok {
					cmd(rest[i:], depth+1)
				}
			}
			changes = true
		case 'd', 'j', 'm', 't', 'x', 'y', 'u':
			changes = true
		}
	}
	for i := 0; i < len(lines) && n <= edMaxCommands; i++ {
		s := exRange(strings.TrimLeft(lines[i], " \t"))
		if s != "" && strings.IndexByte("aic", s[0]) >= 0 && strings.TrimSpace(s[1:]) == "" {
			n++
			changes = true
			var body []string
			for i++; i < len(lines) && lines[i] != "."; i++ {
				body = append(body, lines[i])
			}
			texts = append(texts, strings.Join(body, "\n"))
			continue
		}
		cmd(lines[i], 0)
	}
	if n > edMaxCommands {
		a.limit("too complex to judge here: more than %d commands in an ed script", edMaxCommands)
	}
	if writes && changes && len(ca.operands) == 1 {
		inv.Effects = append(inv.Effects, a.effect(Edit, ca.operands[0], sc, false))
	}
	for _, f := range files {
		inv.Effects = append(inv.Effects, a.effect(Write, Arg{Value: f}, sc, false))
	}
	if writes && len(texts) > 0 {
		a.editedCode(argv, inv, strings.Join(texts, "\n")+"\n", sc)
	}
	if !restricted {
		for _, l := range shell {
			if l = strings.TrimSpace(l); l != "" {
				// % is the file's name, as in Vim.
				a.lineWithUnknown(exFileNames(l), shDialect, withLine(sc, name+" !"))
			}
		}
	}
	return true
}
