package shell

import "strings"

// A command's grammar is written in its table entry as two strings, so the
// table stays plain data that costs nothing at start-up:
//
//	short: getopt's notation: "rf" flags, "t:" a value (attached -tDIR or
//	       the next word), "h::" an optional value, attached only (-hHOST)
//	long:  names separated by spaces, with the same suffixes:
//	       "recursive target-directory: backup::" (--backup[=CONTROL])
//
// An option the grammar does not name is a flag: a long one may still
// carry a value after "=".

// argKind is what an option takes after it.
type argKind uint8

const (
	argNone     argKind = iota // a flag
	argRequired                // a value, attached or the next word
	argOptional                // a value only when attached (-hHOST, --backup=x)
)

// shortArg looks letter c up in a getopt string.
func shortArg(spec string, c byte) (argKind, bool) {
	for i := 0; i < len(spec); i++ {
		if spec[i] == ':' || spec[i] == '+' || spec[i] != c {
			continue
		}
		switch {
		case i+2 < len(spec) && spec[i+1] == ':' && spec[i+2] == ':':
			return argOptional, true
		case i+1 < len(spec) && spec[i+1] == ':':
			return argRequired, true
		}
		return argNone, true
	}
	return argNone, false
}

// longFields calls f with each option of a long spec: its name and kind.
// f returns false to stop.
func longFields(spec string, f func(name string, k argKind) bool) {
	for spec != "" {
		var field string
		field, spec, _ = strings.Cut(spec, " ")
		if field == "" {
			continue
		}
		k := argNone
		switch {
		case strings.HasSuffix(field, "::"):
			field, k = field[:len(field)-2], argOptional
		case strings.HasSuffix(field, ":"):
			field, k = field[:len(field)-1], argRequired
		}
		if !f(field, k) {
			return
		}
	}
}

// problem is why a command would refuse an option.
type problem uint8

const (
	fine problem = iota
	unknownOpt
	ambiguousOpt
	valueNotAllowed
	valueMissing
)

// option is one option as read from a command's arguments.
type option struct {
	name     string // "-r", "+o", "--recursive" (in full when given abbreviated), "-netns"
	value    string
	hasValue bool
	word     int     // index in the arguments of the word it was read from
	solo     bool    // the word held this option alone ("-h", not "-sh")
	bad      problem // why the command would refuse it; most commands' grammars name only some options
	valDyn   bool    // the value is a word that could not be resolved statically
	valRaw   string  // and its source text
}

// why says what is wrong with the option, for a command whose grammar is
// complete (sudo).
func (o option) why() string {
	switch o.bad {
	case unknownOpt:
		return "unknown option " + o.name
	case ambiguousOpt:
		return "option " + o.name + " is ambiguous"
	case valueNotAllowed:
		return o.name + " takes no value"
	case valueMissing:
		return o.name + " needs a value"
	}
	return ""
}

// argReader reads a command's arguments one option at a time, by the
// grammar of the command and of the subcommands read so far.
type argReader struct {
	path []*command // the command, then each subcommand read
	args []Arg      // the arguments after the command name
	i    int        // the word being read
	k    int        // inside a bundle of short options: the next letter; 0 at a word's start
	done bool       // "--" was read: every word left is an operand
}

func newArgReader(c *command, args []Arg) *argReader {
	r := &argReader{args: args}
	if c != nil {
		r.path = []*command{c}
	}
	return r
}

// grammars calls f with each command whose options apply at this point:
// the innermost first, then each outer one that lends its options to its
// subcommands. f returns false to stop.
func (r *argReader) grammars(f func(c *command) bool) {
	for j := len(r.path) - 1; j >= 0; j-- {
		c := r.path[j]
		if j < len(r.path)-1 && !c.inherit {
			continue
		}
		if !f(c) {
			return
		}
	}
}

// flag reports whether any grammar in scope has the given property.
func (r *argReader) flag(get func(c *command) bool) bool {
	found := false
	r.grammars(func(c *command) bool {
		found = get(c)
		return !found
	})
	return found
}

func (r *argReader) short(c byte) (argKind, bool) {
	k, ok := argNone, false
	r.grammars(func(g *command) bool {
		k, ok = shortArg(g.short, c)
		return !ok
	})
	return k, ok
}

// long finds a long option by its name or, where the command allows it, a
// unique prefix of it. It returns the full name, or what is wrong.
func (r *argReader) long(name string) (full string, k argKind, bad problem) {
	found := false
	r.grammars(func(g *command) bool {
		longFields(g.long, func(n string, kind argKind) bool {
			if n == name {
				full, k, found = n, kind, true
			}
			return !found
		})
		return !found
	})
	if found {
		return full, k, fine
	}
	if name == "" || !r.flag(func(c *command) bool { return c.abbrev }) {
		return name, argNone, unknownOpt
	}
	matches := 0
	r.grammars(func(g *command) bool {
		longFields(g.long, func(n string, kind argKind) bool {
			if strings.HasPrefix(n, name) && n != full {
				full, k = n, kind
				matches++
			}
			return true
		})
		return true
	})
	switch matches {
	case 0:
		return name, argNone, unknownOpt
	case 1:
		return full, k, fine
	}
	return name, argNone, ambiguousOpt
}

// next reads the next option. It returns false at an operand (r.i is its
// index), after "--" (skipped; r.done is set) and at the end.
func (r *argReader) next() (option, bool) {
	if r.k > 0 {
		return r.shortOpt()
	}
	if r.done || r.i >= len(r.args) {
		return option{}, false
	}
	w := r.args[r.i]
	s := w.Value
	switch {
	case w.Dynamic && !namedLong(w):
		// An unknown word: an operand, so that it is judged as one.
		return option{}, false
	case s == "--":
		r.i++
		r.done = true
		return option{}, false
	case len(s) < 2 || s[0] != '-' && (s[0] != '+' || !r.flag(func(c *command) bool { return c.plus })):
		return option{}, false
	case s[0] == '-' && isDigits(s[1:]) && r.flag(func(c *command) bool { return c.numeric }):
		r.i++
		return option{name: s, word: r.i - 1, solo: true}, true
	case s[1] != '-' && r.modeWord(s[1:]):
		return option{}, false
	case strings.HasPrefix(s, "--"):
		return r.longOpt(s[2:], "--")
	case s[0] == '-' && r.flag(func(c *command) bool { return c.dashLong }):
		name, _, _ := strings.Cut(s[1:], "=")
		if _, _, bad := r.long(name); bad == fine {
			return r.longOpt(s[1:], "-")
		}
	}
	r.k = 1
	return r.shortOpt()
}

// namedLong reports whether a dynamic word is a long option whose name is
// written out and only its value unknown: --context=$CTX is the option
// --context, and the words after it are read as they would be.
func namedLong(w Arg) bool {
	eq := strings.IndexByte(w.Raw, '=')
	return eq > 2 && strings.HasPrefix(w.Raw, "--") && !strings.ContainsAny(w.Raw[:eq], "$`'\"\\{}*?[") &&
		strings.HasPrefix(w.Value, w.Raw[:eq+1])
}

// modeWord reports whether s (a word without its "-") is made only of the
// letters the command reads as a mode there (chmod -x, -rw).
func (r *argReader) modeWord(s string) bool {
	found := false
	r.grammars(func(c *command) bool {
		found = c.modeWord != "" && strings.Trim(s, c.modeWord) == ""
		return !found
	})
	return found
}

// longOpt reads --name[=value] (or -name for commands with one-dash long
// options), taking the next word as its value when the option needs one.
func (r *argReader) longOpt(s, dash string) (option, bool) {
	name, val, hasVal := strings.Cut(s, "=")
	full, k, bad := r.long(name)
	o := option{name: dash + full, value: val, hasValue: hasVal, word: r.i, solo: true, bad: bad}
	if full == name {
		o.name = r.args[r.i].Value[:len(dash)+len(name)] // as written: no copy
	}
	r.i++
	if bad != fine {
		return o, true
	}
	switch {
	case k == argNone && hasVal:
		o.bad = valueNotAllowed
	case k == argRequired && !hasVal:
		if r.i >= len(r.args) {
			o.bad = valueMissing
			break
		}
		o.value, o.hasValue, o.valDyn, o.valRaw = r.args[r.i].Value, true, r.args[r.i].Dynamic, r.args[r.i].Raw
		r.i++
	}
	return o, true
}

// shortOpt reads the letter at r.k of a bundle such as -rf or -uroot.
func (r *argReader) shortOpt() (option, bool) {
	s := r.args[r.i].Value
	c := s[r.k]
	k, known := r.short(c)
	o := option{word: r.i, solo: len(s) == 2}
	if r.k == 1 {
		o.name = s[:2] // as written: no copy
	} else {
		o.name = string(s[0]) + string(c)
	}
	if !known {
		o.bad = unknownOpt
	}
	rest := s[r.k+1:]
	r.k++
	if k == argNone {
		if r.k >= len(s) {
			r.i, r.k = r.i+1, 0
		}
		return o, true
	}
	r.i, r.k = r.i+1, 0
	switch {
	case rest != "":
		o.value, o.hasValue = rest, true
	case k == argOptional:
	case r.i < len(r.args):
		o.value, o.hasValue, o.valDyn, o.valRaw = r.args[r.i].Value, true, r.args[r.i].Dynamic, r.args[r.i].Raw
		r.i++
	default:
		o.bad = valueMissing
	}
	return o, true
}

// parsedArgs is a command's arguments read by its grammar.
type parsedArgs struct {
	opts     []option
	operands []string   // every operand, subcommand words included
	opIdx    []int      // index in argv (argv[0] is the command) of each operand
	sub      []string   // the subcommand path
	node     *command   // the innermost subcommand read, or the command
	path     []*command // the command and each subcommand
	first    int        // index in operands of the node's own first operand
}

// parseArgs reads every argument of a command as GNU getopt does: options
// may follow operands, and "--" ends them. A command with subcommands
// takes its first operand as one when the table names it, then reads the
// rest by the subcommand's grammar. args excludes argv[0].
func parseArgs(c *command, args []Arg) parsedArgs {
	r := newArgReader(c, args)
	p := parsedArgs{node: c}
	for r.i < len(args) || r.k > 0 {
		if o, ok := r.next(); ok {
			p.opts = append(p.opts, o)
			continue
		}
		if r.i >= len(args) {
			break
		}
		v := args[r.i].Value
		if !r.done && len(p.operands) == p.first && !args[r.i].Dynamic {
			if s := p.node.subcommand(v); s != nil {
				p.node = s
				r.path = append(r.path, s)
				if s.name != "*" {
					v = s.name // ip l s: link set, as rules name it
				}
				p.sub = append(p.sub, v)
				p.first = len(p.operands) + 1
			}
		}
		p.operands = append(p.operands, v)
		p.opIdx = append(p.opIdx, r.i+1)
		r.i++
	}
	p.path = r.path
	return p
}

// own returns the node's own operands: those after the subcommand path.
func (p *parsedArgs) own() []string { return p.operands[p.first:] }

// has reports whether any of the given options is present. A short option
// such as -r is found inside a bundle such as -rf.
func (p *parsedArgs) has(names ...string) bool {
	for _, o := range p.opts {
		for _, n := range names {
			if o.name == n {
				return true
			}
		}
	}
	return false
}

// value returns the value of the last of the given options present.
func (p *parsedArgs) value(names ...string) (string, bool) {
	for j := len(p.opts) - 1; j >= 0; j-- {
		for _, n := range names {
			if p.opts[j].name == n && p.opts[j].hasValue {
				return p.opts[j].value, true
			}
		}
	}
	return "", false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
