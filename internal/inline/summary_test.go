package inline

import (
	"strconv"
	"strings"
)

// findingSummary is a compact form of findings for tables:
// sh(TEXT) argv(W W …) delete(P) delete-r(P) write(P) rename(P,D) chmod(P)
// chown(P) kill(T) power forkbomb dynamic(CALL); a dynamic word ends in …,
// words with spaces or empty are quoted; findings are joined by "; ".
func findingSummary(fs []Finding) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.summary())
	}
	return strings.Join(parts, "; ")
}

func wordSummary(w Word) string {
	v := w.Value
	if strings.ContainsAny(v, " \t\n\"") || v == "" && !w.Dynamic {
		v = strconv.Quote(v)
	}
	if w.Dynamic {
		v += "…"
	}
	return v
}

func (f Finding) summary() string {
	switch f.Kind {
	case ShellLine:
		v := f.Text.Value
		if f.Text.Dynamic {
			v += "…"
		}
		return "sh(" + v + ")"
	case Argv:
		var ws []string
		for _, w := range f.Argv {
			ws = append(ws, wordSummary(w))
		}
		return "argv(" + strings.Join(ws, " ") + ")"
	case Effect:
		e := f.Effect
		if f.Recurse {
			e += "-r"
		}
		s := e + "(" + wordSummary(f.Path)
		if f.Effect == "rename" {
			s += "," + wordSummary(f.Dest)
		}
		return s + ")"
	case Kill:
		return "kill(" + wordSummary(f.Target) + ")"
	case Power:
		return "power"
	case ForkBomb:
		return "forkbomb"
	case Dynamic:
		return "dynamic(" + f.Call + ")"
	}
	return "?"
}
