package shell

import (
	"path"
	"strings"
)

// globName judges a command name that is a pattern (/???/r?boot,
// /usr/sbin/re*t): the shell runs whichever file matches first, which
// belay cannot know, so each command of the table whose name the
// pattern's last part matches is a reading, recorded through "if PATTERN
// is NAME" like an unknown name's (guess.go).
func (a *analyzer) globName(argv []Arg, sc *scope, redir []Effect) {
	pat := path.Base(argv[0].Value)
	if strings.ContainsAny(pat, "/") || !strings.ContainsAny(pat, "*?[") || strings.Trim(pat, "*?") == "" {
		return // * alone names whatever file comes first, no command in particular
	}
	for f := range families {
		for i := range families[f] {
			c := &families[f][i]
			if strings.ContainsAny(c.name, "*") {
				continue
			}
			if ok, err := path.Match(pat, c.name); err != nil || !ok {
				continue
			}
			if a.guesses >= maxGuesses {
				a.limit("too complex to judge here: more than %d commands whose name is only known when they run; the rest are not read as any command", maxGuesses)
				return
			}
			if a.full() || !a.charge(costInvoke) {
				return
			}
			a.guesses++
			cand := append([]Arg{{Value: c.name, Raw: argv[0].Value}}, argv[1:]...)
			a.invoke(cand, within(sc, "if "+argv[0].Value+" is "+c.name), redir, "")
		}
	}
}
