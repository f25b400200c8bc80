package shell

import "strings"

// fdValueOpt says whether an fd option (fd 8 and 9) takes a value: a
// switch, so that nothing is built when belay starts.
func fdValueOpt(o string) bool {
	switch o {
	case "-e", "--extension", "-t", "--type", "-d", "--max-depth", "--min-depth", "--exact-depth", "-E", "--exclude",
		"-S", "--size", "--changed-within", "--changed-before", "--newer", "--older", "-o", "--owner", "-j", "--threads",
		"--max-results", "-c", "--color", "--base-directory", "--search-path", "--path-separator", "--batch-size",
		"--ignore-file", "--format", "--max-buffer-time", "--hyperlink", "--strip-cwd-prefix":
		return true
	}
	return false
}

// fdArgv returns the find that fd (fdfind) [OPTIONS] [PATTERN] [PATH…]
// -x|-X CMD… is: find PATH… [-name PATTERN] -exec CMD… {} +, so that the
// command is judged on what the search finds below each path, as find's
// is (handlers.go). A pattern that is not empty, "." or "^", and -e, -t or
// -E, narrow what is found. false when fd runs no command.
func fdArgv(argv []Arg) ([]Arg, bool) {
	if len(argv) == 0 || argv[0].Dynamic || argv[0].Value != "fd" && argv[0].Value != "fdfind" {
		return nil, false
	}
	var ops, cmd, search []Arg
	narrowed, batch, found := false, false, false
	for i := 1; i < len(argv); i++ {
		x := argv[i]
		v := x.Value
		switch {
		case x.Dynamic:
			ops = append(ops, x)
		case v == "-x" || v == "--exec" || v == "-X" || v == "--exec-batch":
			cmd, found, batch = argv[i+1:], true, v == "-X" || v == "--exec-batch"
			i = len(argv)
		case v == "--search-path" && i+1 < len(argv):
			i++
			search = append(search, argv[i])
		case fdValueOpt(v):
			narrowed = narrowed || v == "-e" || v == "--extension" || v == "-t" || v == "--type" || v == "-E" || v == "--exclude"
			i++
		case strings.HasPrefix(v, "--") && strings.Contains(v, "="):
			k, _, _ := strings.Cut(v, "=")
			narrowed = narrowed || k == "--extension" || k == "--type" || k == "--exclude"
		case strings.HasPrefix(v, "-") && len(v) > 1:
			// Flags; in a bundle, the first option that takes a value
			// takes the rest of the bundle, or the next word (-td, -t d).
			if strings.HasPrefix(v, "--") {
				break
			}
			for j := 1; j < len(v); j++ {
				o := "-" + v[j:j+1]
				if !fdValueOpt(o) {
					continue
				}
				narrowed = narrowed || o == "-e" || o == "-t" || o == "-E"
				if j == len(v)-1 {
					i++
				}
				break
			}
		default:
			ops = append(ops, x)
		}
	}
	if !found || len(cmd) == 0 {
		return nil, false
	}
	out := []Arg{{Value: "find"}}
	paths := []Arg{{Value: "."}}
	if len(ops) > 1 {
		paths = ops[1:]
	}
	if len(search) > 0 {
		paths = append(paths[:0:0], search...) // --search-path: only those
		if len(ops) > 1 {
			paths = append(paths, ops[1:]...)
		}
	}
	out = append(out, paths...)
	if len(ops) > 0 {
		if p := ops[0]; p.Dynamic || p.Value != "" && p.Value != "." && p.Value != "^" {
			narrowed = true
		}
	}
	if narrowed {
		out = append(out, Arg{Value: "-name"}, Arg{Value: "*"}, Arg{Value: "-prune"})
	}
	out = append(out, Arg{Value: "-exec"})
	out = append(out, cmd...)
	hasBraces := false
	for _, c := range cmd {
		hasBraces = hasBraces || strings.Contains(c.Value, "{")
	}
	if !hasBraces {
		out = append(out, Arg{Value: "{}"})
	}
	if batch {
		out = append(out, Arg{Value: "+"})
	} else {
		out = append(out, Arg{Value: ";"})
	}
	return out, true
}
