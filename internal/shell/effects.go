package shell

import (
	"path"
	"slices"
	"strings"
)

// effectCtx is one command's operands on their way to effects.
type effectCtx struct {
	a    *analyzer
	c    *command // the innermost subcommand read
	argv []Arg
	p    *parsedArgs
	sc   *scope
	rec  bool // a recursive option is present
	out  []Effect
}

// effects returns what a command does to the paths it is given, from the
// command table: nothing for a command the table does not know, one run
// with a read-only option, or one without the option its effect needs.
func (a *analyzer) effects(argv []Arg, p *parsedArgs, sc *scope) []Effect {
	c := p.node
	if c == nil || p.readOnly() {
		return nil
	}
	out := a.optionWrites(c, p, sc)
	if c.role == roleNone {
		return out
	}
	if len(c.needs) > 0 && !p.has(c.needs...) {
		return out
	}
	e := &effectCtx{a: a, c: c, argv: argv, p: p, sc: sc, rec: len(c.recursive) > 0 && p.has(c.recursive...), out: out}
	kind := c.effect
	if len(c.appendOpt) > 0 && p.has(c.appendOpt...) {
		kind = Append
	}
	if !e.whenHolds() {
		return out
	}
	n := len(p.own())
	switch c.role {
	case roleAll:
		for i := range n {
			e.add(kind, e.op(i), e.rec)
			e.alsoDelete(e.op(i))
		}
	case roleAfterOne:
		start := 1
		if _, ok := p.value(c.refOpt...); ok {
			start = 0
		}
		for i := start; i < n; i++ {
			e.add(c.effect, e.op(i), e.rec)
		}
	case roleAfterTwo:
		for i := 2; i < n; i++ {
			e.add(c.effect, e.op(i), false)
		}
	case roleKeyValue:
		e.keyValues()
	case roleFirst:
		if n > 0 {
			e.add(c.effect, e.op(0), false)
		}
	case roleLast:
		if n > 0 {
			e.add(c.effect, e.op(n-1), false)
		}
	case roleSrcDst:
		e.srcDst()
	case roleSelf:
		e.add(c.effect, Arg{}, false)
	}
	return e.out
}

// optionWrites returns the writes named by option values (curl -o FILE,
// wget -O FILE): the option's value, with what the shell knows of it.
func (a *analyzer) optionWrites(c *command, p *parsedArgs, sc *scope) []Effect {
	var out []Effect
	for _, o := range p.opts {
		if !o.hasValue || o.value == "-" && !o.valDyn || !slices.Contains(c.writeOpt, o.name) {
			continue
		}
		out = append(out, a.effect(Write, Arg{Value: o.value, Dynamic: o.valDyn, Raw: o.valRaw}, sc, false))
	}
	return out
}

// op returns the node's own operand i as it stands in argv.
func (e *effectCtx) op(i int) Arg { return e.argv[e.p.opIdx[e.p.first+i]] }

func (e *effectCtx) add(k EffectKind, x Arg, rec bool) {
	e.out = append(e.out, e.a.effect(k, x, e.sc, rec))
}

// alsoDelete adds the deletion that an option such as shred -u or rsync
// --delete makes of a path the command writes.
func (e *effectCtx) alsoDelete(x Arg) {
	if len(e.c.alsoDel) > 0 && e.p.has(e.c.alsoDel...) {
		e.add(Delete, x, e.c.alsoTree || (e.rec && e.c.role != roleAll))
	}
}

// whenHolds says whether the operands the effect is not on allow it: for
// systemctl start, one must be a power target; for parted DEVICE, the
// command after it must change the disk, or be absent.
func (e *effectCtx) whenHolds() bool {
	if len(e.c.when) == 0 {
		return true
	}
	others := e.p.own()
	switch e.c.role {
	case roleSelf:
	case roleFirst:
		if len(others) == 0 {
			return false
		}
		others = others[1:]
	default:
		return true
	}
	if len(others) == 0 {
		return e.c.whenAbsent
	}
	for _, o := range others {
		for _, w := range e.c.when {
			if o == w || e.c.whenPrefix > 0 && len(o) >= e.c.whenPrefix && strings.HasPrefix(w, o) {
				return true
			}
		}
	}
	return false
}

// keyValues reads dd-style operands: of= is written, if= read.
func (e *effectCtx) keyValues() {
	for i := range len(e.p.own()) {
		x := e.op(i)
		k, v, ok := strings.Cut(x.Value, "=")
		if !ok {
			continue
		}
		x.Value = v
		switch k {
		case "of":
			e.add(Write, x, false)
		case "if":
			e.add(Read, x, false)
		}
	}
}

// srcDst handles cp, mv, install, ln, rsync: the sources, then the
// destination (the last operand, or the -t directory).
func (e *effectCtx) srcDst() {
	c, n := e.c, len(e.p.own())
	var dst *Arg
	var srcs []int
	switch v, ok := e.p.value(c.targetOpt...); {
	case ok:
		dst = &Arg{Value: v}
		for i := range n {
			srcs = append(srcs, i)
		}
	case n >= 2:
		d := e.op(n - 1)
		dst = &d
		for i := range n - 1 {
			srcs = append(srcs, i)
		}
	case n == 1 && c.effect == LinkOver:
		// ln -s TARGET: a link named after TARGET in the current directory.
		d := Arg{Value: path.Base(e.op(0).Value), Dynamic: e.op(0).Dynamic}
		dst = &d
	}
	if dst == nil || c.remoteDst && strings.Contains(dst.Value, ":") {
		return
	}
	for _, i := range srcs {
		if c.srcKind != "" {
			e.add(c.srcKind, e.op(i), e.rec && c.srcKind != Rename)
		}
	}
	// mv replaces a directory tree at the destination as a whole.
	e.add(c.effect, *dst, e.rec || c.srcKind == Rename)
	e.alsoDelete(*dst)
}

// readOnly reports whether an option of the command or of a subcommand
// makes it only look.
func (p *parsedArgs) readOnly() bool {
	for _, c := range p.path {
		if len(c.readOnly) > 0 && p.has(c.readOnly...) {
			return true
		}
	}
	return false
}

// dryRun reports whether the command runs as a dry run. The last option
// that speaks of it decides: kubectl --dry-run=client is one, a later
// --dry-run=none undoes it, and so does rsync's --no-dry-run after -n. A
// subcommand that only shows help (aws … help) is one whatever the options.
func (p *parsedArgs) dryRun() bool {
	for _, c := range p.path {
		if c.dry {
			return true
		}
	}
	if p.helpOnly() {
		return true
	}
	dry := false
	for _, o := range p.opts {
		switch dryVerdict(p.path, o) {
		case 1:
			dry = true
		case -1:
			dry = false
		}
	}
	return dry
}

// helpOnly reports whether the command only asks for its usage: --help is
// the first word after the command and its subcommand path, and no operand
// of its own follows. getopt, cobra, click and argparse tools print their
// usage for it and do nothing else; bash's builtins (kill) read it only
// there, which is why it must come first, and an operand after it keeps
// the line judged. The table must name --help in the command's grammar: a
// script that reads no options (k3s-uninstall.sh --help) just runs.
func (p *parsedArgs) helpOnly() bool {
	if len(p.own()) > 0 {
		return false
	}
	at := 0 // the word after the subcommand path, in the arguments
	if n := len(p.sub); n > 0 {
		at = p.opIdx[n-1]
	}
	for _, o := range p.opts {
		if o.word == at && o.name == "--help" && !o.hasValue && (o.bad == fine || p.pathKnows("help")) {
			return true
		}
	}
	return false
}

// pathKnows reports whether the command or a subcommand on its path names
// the long option in its grammar (docker --help, read after docker volume
// rm too).
func (p *parsedArgs) pathKnows(name string) bool {
	found := false
	for _, c := range p.path {
		longFields(c.long, func(n string, _ argKind) bool {
			found = n == name
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// dryVerdict says what option o does to a dry run: 1 starts one, -1 ends
// one (the same option with another value, or a "!" entry), 0 nothing.
func dryVerdict(path []*command, o option) int {
	v := 0
	for _, c := range path {
		for _, d := range c.dryRun {
			neg := strings.HasPrefix(d, "!")
			name, val, hasVal := strings.Cut(strings.TrimPrefix(d, "!"), "=")
			switch {
			case name != o.name:
			case neg:
				v = -1
			case hasVal == o.hasValue && (!hasVal || val == o.value):
				return 1
			default:
				v = -1
			}
		}
	}
	return v
}

// effect resolves an argument to an absolute, cleaned path against the
// directory the command runs in.
func (a *analyzer) effect(k EffectKind, x Arg, sc *scope, rec bool) Effect {
	if !a.judges(costEffect) {
		// Out of budget: a path not looked at is unknown, its worst case.
		return Effect{Kind: k, Dynamic: true, Recursive: rec}
	}
	e := Effect{Kind: k, Dynamic: x.Dynamic, Glob: x.Glob, Recursive: (rec || x.Tree) && !x.Filtered, Filtered: x.Filtered}
	p := x.Value
	switch {
	case p == "":
	case strings.HasPrefix(p, "/"):
		e.Path = path.Clean(p)
	case sc.cwd != "":
		e.Path = path.Join(sc.cwd, p)
	case !x.Dynamic && !dangerousRelative(p):
		// Below an unknown working directory (a history scanned, a
		// script's start) a relative path is as dangerous as its own
		// shape: build/ is somewhere's build, while ., .., ../* and *
		// may be anything.
		e.Path = path.Clean(p)
	default:
		e.Dynamic = true
	}
	if k == Append && appendWrites(e.Path) {
		e.Kind = Write
	}
	return e
}

// dangerousRelative reports whether a relative path may name a tree
// that matters wherever it is resolved: ., .., ../x, *, .*, ./*.
func dangerousRelative(p string) bool {
	c := path.Clean(p)
	first, _, _ := strings.Cut(c, "/")
	switch {
	case c == ".", first == "..":
		return true
	case first == "*", first == ".*", strings.HasPrefix(first, "-"):
		return true
	case strings.ContainsAny(first, "*?[") && strings.Trim(first, "*?[]!.") == "":
		return true // .?*, [.]*…
	}
	return false
}
