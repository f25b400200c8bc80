package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// fishSubstLines returns the elements fish makes of what the command
// substitution (…) prints, when all of it is computed (decode.go): one
// per line, the last newline dropped. false when the output is unknown,
// empty (no element: the word vanishes, which is not followed) or holds
// more lines than an array is followed for.
func (a *analyzer) fishSubstLines(cs *syntax.CmdSubst, sc *scope) ([]string, bool) {
	out, ok := a.substOutput(cs, sc)
	if !ok {
		return nil, false
	}
	out = strings.TrimSuffix(out, "\n")
	if out == "" || strings.Count(out, "\n") >= maxArrayItems {
		return nil, false
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = patEscape(l)
	}
	a.charge(costField * len(lines))
	return lines, true
}
