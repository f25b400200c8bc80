package shell

import (
	"strconv"
	"strings"
)

// fishStringMore is what more of fish's string subcommands write, with
// the options given as separate words: replace (literal, -a), repeat
// (-n, -m, -N), sub (-s, -l, -e), split (literal separator, -m) and
// unescape, on the operands after the subcommand's own or else the
// lines of input. false for anything else.
func fishStringMore(sub string, opts []string, args []Arg, input string, hasInput bool) (string, bool) {
	for _, x := range args {
		if x.Dynamic {
			return "", false
		}
	}
	num := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 0 && n <= maxStageBytes
	}
	// Options with a value were read as options (-n) and their value as
	// the first operand: take them back in order.
	takeVal := func() (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		v := args[0].Value
		args = args[1:]
		return v, true
	}
	// optVal is an option's name and value: bundled (-n3, --count=3) or
	// the next operand.
	optVal := func(o string) (string, string, bool) {
		if name, v, ok := strings.Cut(o, "="); ok && strings.HasPrefix(o, "--") {
			return name, v, true
		}
		if len(o) > 2 && o[1] != '-' {
			return o[:2], o[2:], true
		}
		v, ok := takeVal()
		return o, v, ok
	}
	// fish's builtins take options anywhere: one left among the operands
	// is not computed.
	words := func() ([]string, bool) {
		for _, x := range args {
			if strings.HasPrefix(x.Value, "-") && len(x.Value) > 1 {
				return nil, false
			}
		}
		return stringOperands(args, input, hasInput)
	}
	var w []string
	switch sub {
	case "replace":
		all := false
		for _, o := range opts {
			switch o {
			case "-a", "--all":
				all = true
			case "-q", "--quiet":
				return "", true
			default:
				return "", false // -r, -f, -i: not computed
			}
		}
		pat, ok1 := takeVal()
		rep, ok2 := takeVal()
		if !ok1 || !ok2 || pat == "" {
			return "", false
		}
		ws, ok := words()
		if !ok {
			return "", false
		}
		for _, s := range ws {
			n := 1
			if all {
				n = -1
			}
			w = append(w, strings.Replace(s, pat, rep, n))
		}
	case "repeat":
		count, max, nl := -1, -1, true
		for _, o := range opts {
			if o == "-N" || o == "--no-newline" {
				nl = false
				continue
			}
			o, v, ok := optVal(o)
			switch o {
			case "-n", "--count", "-m", "--max":
				k, ok2 := num(v)
				if !ok || !ok2 {
					return "", false
				}
				if o == "-n" || o == "--count" {
					count = k
				} else {
					max = k
				}
			default:
				return "", false
			}
		}
		if count < 0 && len(args) > 0 {
			// fish 3.6+: string repeat COUNT STRING.
			if k, ok := num(args[0].Value); ok && len(args) > 1 {
				count, args = k, args[1:]
			}
		}
		ws, ok := words()
		if !ok || count < 0 && max < 0 {
			return "", false
		}
		for _, s := range ws {
			n := count
			if n < 0 || s == "" {
				n = 1
			}
			if len(s)*n > maxStageBytes {
				return "", false
			}
			r := strings.Repeat(s, n)
			if max >= 0 && len(r) > max {
				r = r[:max]
			}
			w = append(w, r)
		}
		out := strings.Join(w, "\n")
		if nl {
			out += "\n"
		}
		return out, true
	case "sub":
		start, length, end := 1, -1, 0
		for _, o := range opts {
			o, v, ok := optVal(o)
			if !ok {
				return "", false
			}
			k, err := strconv.Atoi(v)
			if err != nil || k > maxStageBytes || k < -maxStageBytes {
				return "", false
			}
			switch o {
			case "-s", "--start":
				start = k
			case "-l", "--length":
				length = k
			case "-e", "--end":
				end = k
			default:
				return "", false
			}
		}
		ws, ok := words()
		if !ok || start == 0 || length < -1 {
			return "", false
		}
		for _, s := range ws {
			r := []rune(s)
			i := start - 1
			if start < 0 {
				i = len(r) + start
			}
			i = max(0, min(i, len(r)))
			j := len(r)
			if length >= 0 {
				j = min(len(r), i+length)
			} else if end > 0 {
				j = min(len(r), end)
			} else if end < 0 {
				j = max(i, len(r)+end)
			}
			if j < i {
				j = i
			}
			w = append(w, string(r[i:j]))
		}
	case "split":
		most := -1
		for _, o := range opts {
			o, v, ok := optVal(o)
			switch o {
			case "-m", "--max":
				k, ok2 := num(v)
				if !ok || !ok2 {
					return "", false
				}
				most = k
			default:
				return "", false
			}
		}
		sep, ok := takeVal()
		if !ok || sep == "" {
			return "", false
		}
		ws, ok := words()
		if !ok {
			return "", false
		}
		for _, s := range ws {
			n := -1
			if most >= 0 {
				n = most + 1
			}
			w = append(w, strings.SplitN(s, sep, n)...)
			if len(w) > maxArrayItems {
				return "", false
			}
		}
	case "unescape":
		if len(opts) > 0 {
			return "", false
		}
		ws, ok := words()
		if !ok {
			return "", false
		}
		for _, s := range ws {
			var b strings.Builder
			for i := 0; i < len(s); {
				if s[i] != '\\' {
					b.WriteByte(s[i])
					i++
					continue
				}
				out, next, _ := fishEscape(s, i)
				b.WriteString(out)
				if next <= i {
					next = i + 1
				}
				i = next
			}
			w = append(w, b.String())
		}
	default:
		return "", false
	}
	return strings.Join(w, "\n") + "\n", true
}
