package scan

import (
	"iter"
	"path"
	"strings"

	"github.com/belay-sh/belay/internal/shell"
)

// ParseScript returns a shell script as one unit: the analyzer parses it
// whole (functions, heredocs, loops), and the positions of what it finds
// are the file's. The language is d, or else the shebang's, or the one its
// name ends in (.zsh, .fish, .sh), or bash.
func ParseScript(name string, data string, d shell.Dialect) iter.Seq[Unit] {
	return func(yield func(Unit) bool) {
		s := data
		if d == "" {
			d = shell.Bash
			if strings.HasPrefix(s, "#!") {
				if sd, ok := shebangDialect(firstLine(s)); ok {
					d = sd
				}
			} else {
				switch path.Ext(name) {
				case ".zsh":
					d = shell.Zsh
				case ".fish":
					d = shell.Fish
				}
			}
		}
		yield(Unit{Line: 1, Col: 1, Text: s, Dialect: d})
	}
}

// shebangDialect returns the language a #! line runs its script in:
// "#!/bin/sh -e", "#!/usr/bin/env bash", "#!/usr/bin/env -S zsh -f".
func shebangDialect(line string) (shell.Dialect, bool) {
	f := strings.Fields(strings.TrimPrefix(line, "#!"))
	if len(f) == 0 {
		return "", false
	}
	prog := path.Base(f[0])
	if prog == "env" {
		prog = ""
		for _, w := range f[1:] {
			if strings.HasPrefix(w, "-") || strings.Contains(w, "=") {
				continue
			}
			prog = path.Base(w)
			break
		}
	}
	switch prog {
	case "bash", "ksh", "mksh", "ksh93":
		return shell.Bash, true
	case "sh", "dash", "ash", "busybox", "posh":
		return shell.POSIX, true
	case "zsh":
		return shell.Zsh, true
	case "fish":
		return shell.Fish, true
	}
	return "", false
}
