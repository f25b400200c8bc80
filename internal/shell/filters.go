package shell

import (
	"path"
	"strconv"
	"strings"
)

// More of what decode.go computes: the text filters a disguise pipes a
// command through (openssl base64 -d, head -c, cut -c, tail -n), and the
// wrappers that pass their command's output on unchanged (sudo tee, nice
// base64 -d).

// peelPassThrough takes off the wrappers in front of a command whose
// output is the command's own: sudo, doas, command, nice, nohup, stdbuf,
// env and time, with no option that takes a value (sudo -u USER is kept:
// its output is still the command's, but its grammar is sudo's).
func peelPassThrough(argv []Arg) []Arg {
	for n := 0; n < 4 && len(argv) > 1 && !argv[0].Dynamic; n++ {
		if path.Base(argv[0].Value) == "command" && strings.HasPrefix(argv[1].Value, "-") && strings.ContainsAny(argv[1].Value, "vV") {
			return argv // command -v NAME looks NAME up, runs nothing
		}
		switch path.Base(argv[0].Value) {
		case "sudo", "doas", "command", "builtin", "nice", "nohup", "stdbuf", "env", "time", "exec":
		default:
			return argv
		}
		i := 1
		for i < len(argv) && !argv[i].Dynamic && strings.HasPrefix(argv[i].Value, "-") && argv[i].Value != "-" {
			v := argv[i].Value
			if v == "--" {
				i++
				break
			}
			// Only flags known to take no value: -E, -n, -p, -S, -H.
			if !isBundleOf(v[1:], "EnpSHkA") {
				return nil
			}
			i++
		}
		argv = argv[i:]
	}
	if len(argv) > 0 && argv[0].Dynamic {
		return nil
	}
	return argv
}

// isBundleOf reports whether every letter of s is one of letters.
func isBundleOf(s, letters string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(letters, s[i]) < 0 {
			return false
		}
	}
	return true
}

// filterOutput computes openssl base64 -d (and enc -d -a / -base64),
// head and tail by bytes (-c) or lines (-n), and cut -c/-b or -f with a
// delimiter, on input; false for any other use.
func filterOutput(name string, args []Arg, input string) (string, bool) {
	for _, x := range args {
		if x.Dynamic {
			return "", false
		}
	}
	switch name {
	case "openssl":
		if len(args) == 0 {
			return "", false
		}
		sub, decode, b64 := args[0].Value, false, args[0].Value == "base64"
		if sub != "enc" && sub != "base64" {
			return "", false
		}
		for _, x := range args[1:] {
			switch x.Value {
			case "-d":
				decode = true
			case "-a", "-base64":
				b64 = true
			case "-A":
			default:
				return "", false // a cipher, a key, a file: not computed
			}
		}
		if !decode || !b64 {
			return "", false
		}
		return decodeBase("base64", input, true)
	case "head", "tail":
		return headTail(name == "head", args, input)
	case "cut":
		return cut(args, input)
	case "awk":
		if len(args) != 1 {
			return "", false
		}
		return awkBeginPrint(args[0].Value)
	}
	return "", false
}

// awkBeginPrint computes an awk program that is only BEGIN { print
// STRINGS…; … }: string literals, juxtaposed (joined) or separated by
// commas (joined by a space). false for any other program.
func awkBeginPrint(prog string) (string, bool) {
	p := strings.TrimSpace(prog)
	body, ok := strings.CutPrefix(p, "BEGIN")
	if !ok {
		return "", false
	}
	body = strings.TrimSpace(body)
	if !strings.HasPrefix(body, "{") || !strings.HasSuffix(body, "}") {
		return "", false
	}
	body = body[1 : len(body)-1]
	var out strings.Builder
	i := 0
	skip := func() {
		for i < len(body) && (body[i] == ' ' || body[i] == '\t') {
			i++
		}
	}
	for {
		skip()
		for i < len(body) && (body[i] == ';' || body[i] == '\n' || body[i] == ' ' || body[i] == '\t') {
			i++
		}
		if i >= len(body) {
			return out.String(), true
		}
		if !strings.HasPrefix(body[i:], "print") {
			return "", false
		}
		i += len("print")
		if i < len(body) && (isAlnum(body[i]) || body[i] == '_') {
			return "", false // printf, a name: not computed
		}
		n := 0
		for {
			skip()
			if i >= len(body) || body[i] != '"' {
				break
			}
			i++
			for i < len(body) && body[i] != '"' {
				c := body[i]
				if c == '\\' && i+1 < len(body) {
					i++
					switch body[i] {
					case 'n':
						c = '\n'
					case 't':
						c = '\t'
					case '"', '\\', '/':
						c = body[i]
					default:
						return "", false
					}
				}
				out.WriteByte(c)
				i++
			}
			if i >= len(body) {
				return "", false
			}
			i++
			n++
			skip()
			if i < len(body) && body[i] == ',' {
				out.WriteByte(' ')
				i++
			}
		}
		if n == 0 {
			return "", false // print alone prints $0, or an expression
		}
		skip()
		if i < len(body) && body[i] != ';' && body[i] != '\n' {
			return "", false
		}
		out.WriteByte('\n')
		if out.Len() > maxStageBytes {
			return "", false
		}
	}
}

// headTail computes head or tail with -c N or -n N (and -N).
func headTail(head bool, args []Arg, input string) (string, bool) {
	bytes, n := false, 10
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		switch {
		case v == "-c" || v == "-n" || v == "--bytes" || v == "--lines":
			if i+1 >= len(args) {
				return "", false
			}
			bytes = v == "-c" || v == "--bytes"
			i++
			k, err := strconv.Atoi(args[i].Value)
			if err != nil || k < 0 {
				return "", false
			}
			n = k
		case len(v) > 2 && (v[:2] == "-c" || v[:2] == "-n"):
			k, err := strconv.Atoi(v[2:])
			if err != nil || k < 0 {
				return "", false
			}
			bytes, n = v[1] == 'c', k
		case len(v) > 1 && v[0] == '-':
			k, err := strconv.Atoi(v[1:])
			if err != nil || k < 0 {
				return "", false
			}
			n = k
		default:
			return "", false // a file
		}
	}
	if bytes {
		if n > len(input) {
			n = len(input)
		}
		if head {
			return input[:n], true
		}
		return input[len(input)-n:], true
	}
	lines := strings.SplitAfter(input, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if n > len(lines) {
		n = len(lines)
	}
	if head {
		return strings.Join(lines[:n], ""), true
	}
	return strings.Join(lines[len(lines)-n:], ""), true
}

// cut computes cut -c LIST / -b LIST, or -f LIST with -d DELIM, line by
// line; LIST is N, N-, -M, N-M or a comma list of these.
func cut(args []Arg, input string) (string, bool) {
	mode, list, delim := byte(0), "", "\t"
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		if len(v) < 2 || v[0] != '-' {
			return "", false
		}
		val := v[2:]
		if val == "" {
			if i+1 >= len(args) {
				return "", false
			}
			i++
			val = args[i].Value
		}
		switch v[1] {
		case 'c', 'b', 'f':
			mode, list = v[1], val
		case 'd':
			if len(val) != 1 {
				return "", false
			}
			delim = val
		default:
			return "", false
		}
	}
	if mode == 0 {
		return "", false
	}
	var ranges [][2]int
	for _, r := range strings.Split(list, ",") {
		lo, hi, isRange := strings.Cut(r, "-")
		a, b := 1, 1<<30
		var err error
		if lo != "" {
			if a, err = strconv.Atoi(lo); err != nil || a < 1 {
				return "", false
			}
		}
		if !isRange {
			b = a
		} else if hi != "" {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return "", false
			}
		}
		ranges = append(ranges, [2]int{a, b})
		if len(ranges) > 64 {
			return "", false
		}
	}
	in := func(k int) bool {
		for _, r := range ranges {
			if k >= r[0] && k <= r[1] {
				return true
			}
		}
		return false
	}
	var out strings.Builder
	lines := strings.SplitAfter(input, "\n")
	for _, l := range lines {
		if l == "" {
			continue
		}
		body, nl := strings.CutSuffix(l, "\n")
		if mode == 'f' {
			fields := strings.Split(body, delim)
			if len(fields) == 1 {
				out.WriteString(body) // no delimiter: the line as it is
			} else {
				var keep []string
				for k, f := range fields {
					if in(k + 1) {
						keep = append(keep, f)
					}
				}
				out.WriteString(strings.Join(keep, delim))
			}
		} else {
			for k := 0; k < len(body); k++ {
				if in(k + 1) {
					out.WriteByte(body[k])
				}
			}
		}
		if nl {
			out.WriteByte('\n')
		}
	}
	return out.String(), true
}
