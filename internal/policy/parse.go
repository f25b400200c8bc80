package policy

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/belay-sh/belay/internal/suggest"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/tomlscan"
)

// MaxPackSize is the size of the largest rule pack file that is read.
const MaxPackSize = 4 << 20

// maxNesting bounds arrays and inline tables inside each other, and the
// number of parts of a dotted key or table name. Rule packs need 3.
const maxNesting = 16

// maxErrors bounds the errors reported for one pack.
const maxErrors = 50

// Error is a problem in a rule pack, at a place in its file. It prints as
// FILE:LINE:COL: message, leaving out what is not known.
type Error struct {
	Source    string // the file
	Line, Col int    // 1-based; 0 when not known
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Source, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Source, e.Msg)
}

// ParsePack reads one rule pack. source names the file in errors and in the
// Source fields of what it returns. All problems found are returned
// together (errors.Join of *Error values, in file order); a pack with any
// problem is refused as a whole.
func ParsePack(source string, data []byte) (pack *Pack, err error) {
	defer func() {
		if r := recover(); r != nil {
			pack, err = nil, &Error{Source: source, Msg: fmt.Sprintf("cannot read the pack: internal error: %v", r)}
		}
	}()
	if len(data) > MaxPackSize {
		return nil, &Error{Source: source, Msg: fmt.Sprintf("too large: %d bytes, at most %d", len(data), MaxPackSize)}
	}
	sc := tomlscan.Scan(data, maxNesting)
	if sc.Deep {
		return nil, &Error{Source: source, Line: sc.DeepLine, Col: sc.DeepCol,
			Msg: fmt.Sprintf("nested too deeply (more than %d levels)", maxNesting)}
	}
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Source: source, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		}
		return nil, &Error{Source: source, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	p := &parser{source: source, sc: sc}
	pack = p.pack(doc)
	if err := p.err(); err != nil {
		return nil, err
	}
	pack.Checked = true
	return pack, nil
}

// ParseDir reads every *.toml file at the top of fsys, in name order, as a
// rule pack. label is put before the file names in errors and Source
// fields ("rules" gives "rules/system.toml"). Packs that fail are left out
// and their errors joined.
func ParseDir(fsys fs.FS, label string) ([]*Pack, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var packs []*Pack
	var errs []error
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".toml") {
			continue
		}
		src := path.Join(label, e.Name())
		data, err := readLimited(fsys, e.Name())
		if err != nil {
			errs = append(errs, &Error{Source: src, Msg: err.Error()})
			continue
		}
		pk, err := ParsePack(src, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		packs = append(packs, pk)
	}
	return packs, errors.Join(errs...)
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxPackSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxPackSize {
		return nil, fmt.Errorf("too large: more than %d bytes", MaxPackSize)
	}
	return data, nil
}

// The keys each table may hold.
var (
	topKeys      = []string{"pack", "rule", "override"}
	packKeys     = []string{"name", "description"}
	ruleKeys     = []string{"id", "action", "message", "reference", "challenge", "environments", "command", "subcommand", "flags", "all_flags", "unless_flags", "operands", "unless_operands", "args", "sources", "unless_sources", "values", "argv_regex", "stdin_regex", "effect", "paths", "exclude_paths", "names", "recursive", "filtered", "dynamic", "remote", "when", "when_not", "test"}
	testKeys     = []string{"line", "match", "cwd", "env", "facts"}
	overrideKeys = []string{"id", "action", "disabled", "reason"}
)

// effectKinds lists the effects a rule may name, in the order of the docs.
var effectKinds = []shell.EffectKind{shell.Delete, shell.Rename, shell.Write, shell.Append, shell.Edit, shell.Format, shell.Chmod, shell.Chown, shell.LinkOver, shell.Read, shell.Exec, shell.ForkBomb, shell.Power, shell.Unseen}

// validName says whether s is a letter or digit followed by letters,
// digits and the punctuation in extra: a pack name ("_-") or the part of a
// rule id after the pack's name ("_.-"). Hand-written, not a regexp
// compiled at init: belay starts on every command line.
func validName(s, extra string) bool {
	for i, c := range s {
		alnum := c < 0x80 && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
		if !alnum && (i == 0 || !strings.ContainsRune(extra, c)) {
			return false
		}
	}
	return s != ""
}

type parser struct {
	source string
	sc     *tomlscan.Doc
	errs   []*Error
}

func (p *parser) errorf(line, col int, format string, args ...any) {
	p.errs = append(p.errs, &Error{Source: p.source, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(p.errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	var errs []error
	for i, e := range p.errs {
		if i == maxErrors {
			errs = append(errs, &Error{Source: p.source, Msg: fmt.Sprintf("… and %d more errors", len(p.errs)-maxErrors)})
			break
		}
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

func (p *parser) pos(line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", p.source, line)
	}
	return p.source
}

// table is a decoded TOML table with where its keys are written.
type table struct {
	p      *parser
	m      map[string]any
	name   string            // its key path, for messages: "rule", "rule.test"
	sec    *tomlscan.Section // the section holding its keys
	prefix []string          // the keys' parts inside sec
	line   int               // its own line
}

func (t *table) pos(key string) (int, int) {
	if t.sec == nil {
		return t.line, 0
	}
	parts := append(slices.Clip(t.prefix), key)
	if line, col := t.sec.KeyPos(parts...); col > 0 {
		return line, col
	}
	return t.line, 0
}

func (t *table) errorf(key, format string, args ...any) {
	line, col := t.pos(key)
	t.p.errorf(line, col, format, args...)
}

// unknown reports the keys that are not in known.
func (t *table) unknown(known []string) {
	for _, k := range sortedKeys(t.m) {
		if !slices.Contains(known, k) {
			t.errorf(k, "unknown key %s.%s%s", t.name, k, didYouMean(k, known))
		}
	}
}

func (t *table) typeErr(key, want string, v any) {
	t.errorf(key, "%s: want %s, got %s", t.join(key), want, typeName(v))
}

func (t *table) str(key string) string {
	v, ok := t.m[key]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.typeErr(key, "a string", v)
	}
	return s
}

func (t *table) boolean(key string) (val, set bool) {
	v, ok := t.m[key]
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		t.typeErr(key, "true or false", v)
		return false, false
	}
	return b, true
}

func (t *table) tri(key string) Tri {
	b, set := t.boolean(key)
	switch {
	case !set:
		return Unset
	case b:
		return True
	}
	return False
}

// list reads an array of strings; a single string is a list of one, and an
// empty list is no list.
func (t *table) list(key string) []string {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		if len(v) == 0 {
			return nil
		}
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				t.typeErr(key, "a list of strings", v)
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	t.typeErr(key, "a list of strings", v)
	return nil
}

// strMap reads a table of strings; an empty one is none.
func (t *table) strMap(key string) map[string]string {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.typeErr(key, "a table of strings", v)
		return nil
	}
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for _, k := range sortedKeys(m) {
		s, ok := m[k].(string)
		if !ok {
			t.typeErr(key, "a table of strings", m[k])
			return nil
		}
		out[k] = s
	}
	return out
}

// values reads a rule's values condition: a table of option names, each
// with a list of globs on the option's value, as ValueConds sorted by
// option (a slice, not a map, so that built-in packs are laid out by the
// linker).
func (t *table) values(key, who string) []ValueCond {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.typeErr(key, "a table of option names to lists of patterns", v)
		return nil
	}
	var out []ValueCond
	for _, opt := range sortedKeys(m) {
		bad := false
		for _, o := range strings.Fields(opt) {
			bad = bad || !strings.HasPrefix(o, "-") || o == "-" || o == "--" || strings.Contains(o, "=")
		}
		if bad || strings.TrimSpace(opt) == "" {
			t.errorf(key, "%s: bad option %q in %s: want -x, --long or -long, or several spelling the same option (\"-n --namespace\")", who, opt, key)
			continue
		}
		var list []any
		switch l := m[opt].(type) {
		case string:
			list = []any{l}
		case []any:
			list = l
		default:
			t.typeErr(key, "a list of patterns for "+opt, m[opt])
			continue
		}
		c := ValueCond{Option: opt}
		for _, g := range list {
			gs, ok := g.(string)
			if !ok {
				t.typeErr(key, "a list of patterns for "+opt, g)
				continue
			}
			if err := checkWordGlob(gs); err != nil {
				t.errorf(key, "%s: bad pattern %q for %s in %s: %v", who, gs, opt, key, err)
				continue
			}
			c.Globs = append(c.Globs, gs)
		}
		if len(c.Globs) == 0 {
			t.errorf(key, "%s: no patterns for %s in %s", who, opt, key)
			continue
		}
		out = append(out, c)
	}
	return out
}

// tables reads an array of tables.
func (t *table) tables(key string) []map[string]any {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case []map[string]any:
		return v
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				t.typeErr(key, "an array of tables ([["+t.join(key)+"]])", v)
				return nil
			}
			out = append(out, m)
		}
		return out
	}
	t.typeErr(key, "an array of tables ([["+t.join(key)+"]])", v)
	return nil
}

func (t *table) join(key string) string {
	if t.name == "" {
		return key
	}
	return t.name + "." + key
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// sections returns the sections of the file that hold the n tables of an
// array of tables, or nil when they are not written as [[path]] headers
// (the positions then fall back to coarser ones).
func (p *parser) sections(n int, path ...string) []int {
	idx := p.sc.Find(true, path...)
	if len(idx) != n {
		return nil
	}
	return idx
}

// pack reads a pack's document: [pack], its [[rule]]s and [[override]]s.
func (p *parser) pack(doc map[string]any) *Pack {
	root := p.sc.Sections[0]
	top := &table{p: p, m: doc, sec: root, line: 0}
	p.topKeys(doc)
	pk := &Pack{Source: p.source}
	p.packTable(top, pk)
	p.rules(top, pk)
	overrides := top.tables("override")
	osecs := p.sections(len(overrides), "override")
	for i, m := range overrides {
		t := &table{p: p, m: m, name: "override", sec: root, prefix: []string{"override"}}
		if osecs != nil {
			s := p.sc.Sections[osecs[i]]
			t.sec, t.prefix, t.line = s, nil, s.Line
		}
		if o, ok := p.override(t); ok {
			pk.Overrides = append(pk.Overrides, o)
		}
	}
	return pk
}

// topKeys reports the keys of the document that a pack does not have, at
// the key or else at the first section under it.
func (p *parser) topKeys(doc map[string]any) {
	root := p.sc.Sections[0]
	for _, k := range sortedKeys(doc) {
		if slices.Contains(topKeys, k) {
			continue
		}
		line, col := root.KeyPos(k)
		if line == root.Line && col == 0 {
			line, col = 0, 0
			for _, s := range p.sc.Sections {
				if len(s.Path) > 0 && s.Path[0] == k {
					line, col = s.Line, s.Col
					break
				}
			}
		}
		p.errorf(line, col, "unknown key %s%s", k, didYouMean(k, topKeys))
	}
}

// packTable reads [pack]: the pack's name and description.
func (p *parser) packTable(top *table, pk *Pack) {
	switch v := top.m["pack"].(type) {
	case nil:
		p.errorf(0, 0, "missing [pack] table with the pack's name")
	case map[string]any:
		t := &table{p: p, m: v, name: "pack", sec: top.sec, prefix: []string{"pack"}}
		if idx := p.sc.Find(false, "pack"); len(idx) > 0 {
			s := p.sc.Sections[idx[0]]
			t.sec, t.prefix, t.line = s, nil, s.Line
		}
		t.unknown(packKeys)
		pk.Name = t.str("name")
		pk.Description = t.str("description")
		switch {
		case pk.Name == "":
			p.errorf(t.line, 0, "[pack] has no name")
		case !validName(pk.Name, "_-"):
			t.errorf("name", "bad pack name %q: want letters, digits, - and _", pk.Name)
		case pk.Name == "belay":
			t.errorf("name", "pack name %q is reserved", pk.Name)
		}
	default:
		top.typeErr("pack", "a table ([pack])", v)
	}
}

// rules reads the [[rule]]s, each with its tests, into pk; a rule whose
// id is missing or already taken is reported and left out.
func (p *parser) rules(top *table, pk *Pack) {
	rules := top.tables("rule")
	secs := p.sections(len(rules), "rule")
	seen := map[string]string{}
	for i, m := range rules {
		t := &table{p: p, m: m, name: "rule", sec: top.sec, prefix: []string{"rule"}}
		next := len(p.sc.Sections)
		if secs != nil {
			s := p.sc.Sections[secs[i]]
			t.sec, t.prefix, t.line = s, nil, s.Line
			if i+1 < len(secs) {
				next = secs[i+1]
			}
		}
		r := p.rule(t, pk.Name)
		if secs != nil {
			p.tests(t, r, secs[i], next)
		} else {
			p.tests(t, r, -1, -1)
		}
		if r.ID == "" {
			continue
		}
		if first, dup := seen[r.ID]; dup {
			t.errorf("id", "duplicate rule id %s (first at %s)", r.ID, first)
			continue
		}
		seen[r.ID] = r.Source
		pk.Rules = append(pk.Rules, r)
	}
}

// ruleTable is a [[rule]] table being read, with how its errors name it.
type ruleTable struct {
	*table
	who string // "rule ID", or "rule" when it has no id
}

// rule reads one [[rule]] table of pack packName.
func (p *parser) rule(t *table, packName string) *Rule {
	t.unknown(ruleKeys)
	r := &Rule{Pack: packName, Source: p.pos(t.line)}
	rt := &ruleTable{table: t, who: "rule"}
	rt.id(r, packName)
	rt.verdict(r)
	rt.words(r)
	effects := rt.effects(r)
	if len(r.Command) == 0 && len(effects) == 0 {
		p.errorf(t.line, 0, "%s: needs command or effect", rt.who)
	}
	r.When = rt.facts("when")
	r.WhenNot = rt.facts("when_not")
	return r
}

// id reads the rule's id, which starts with its pack's name.
func (rt *ruleTable) id(r *Rule, packName string) {
	r.ID = rt.str("id")
	switch {
	case r.ID == "":
		rt.p.errorf(rt.line, 0, "rule without id")
		return
	case packName != "" && !strings.HasPrefix(r.ID, packName+"."):
		rt.errorf("id", "rule id %q does not start with the pack name %q", r.ID, packName+".")
	case !validName(strings.TrimPrefix(r.ID, packName+"."), "_.-"):
		rt.errorf("id", "bad rule id %q: want %s. then letters, digits, ., - and _", r.ID, packName)
	}
	rt.who = "rule " + r.ID
}

// verdict reads what the rule says when it matches: its action (and per
// environment), message, reference and challenge.
func (rt *ruleTable) verdict(r *Rule) {
	who := rt.who
	if _, ok := rt.m["action"]; !ok {
		rt.p.errorf(rt.line, 0, "%s: missing action", who)
	} else if a, err := ParseAction(rt.str("action")); err != nil {
		rt.errorf("action", "%s: %v", who, err)
	} else {
		r.Action = a
	}
	r.Message = rt.str("message")
	if strings.TrimSpace(r.Message) == "" {
		if _, ok := rt.m["message"]; ok {
			rt.errorf("message", "%s: empty message", who)
		} else {
			rt.p.errorf(rt.line, 0, "%s: missing message", who)
		}
	}
	r.Reference = rt.str("reference")
	r.Challenge = rt.str("challenge")
	switch r.Challenge {
	case "", "yes", "hostname":
	default:
		rt.errorf("challenge", "%s: bad challenge %q: want yes or hostname", who, r.Challenge)
	}
	if envs := rt.strMap("environments"); envs != nil {
		r.Environments = make(map[string]Action, len(envs))
		for _, name := range sortedKeys(envs) {
			a, err := ParseAction(envs[name])
			if err != nil {
				rt.errorf("environments", "%s: environment %s: %v", who, name, err)
				continue
			}
			r.Environments[name] = a
		}
	}
}

// words reads what the rule matches in an invocation's words: command,
// subcommand, operands, args, options and their values, and regular
// expressions.
func (rt *ruleTable) words(r *Rule) {
	r.Command = rt.globs("command")
	r.Subcommand = rt.globs("subcommand")
	// A subcommand path is matched word by word: each word must be a
	// pattern of its own ("[a b]" is one good glob but two bad words).
	for _, p := range r.Subcommand {
		for _, w := range strings.Fields(p) {
			if checkWordGlob(w) != nil {
				rt.errorf("subcommand", "%s: bad pattern %q in subcommand %q: %v", rt.who, w, p, errBadGlob)
			}
		}
	}
	r.Operands = rt.globs("operands")
	r.UnlessOperands = rt.globs("unless_operands")
	r.Args = rt.globs("args")
	r.Sources = rt.globs("sources")
	r.UnlessSources = rt.globs("unless_sources")
	r.Flags = rt.flags("flags")
	r.Values = rt.values("values", rt.who)
	r.AllFlags = rt.flags("all_flags")
	r.UnlessFlags = rt.flags("unless_flags")
	r.ArgvRegex = rt.regex("argv_regex")
	r.StdinRegex = rt.regex("stdin_regex")
}

// effects reads what the rule matches in an invocation's effects on
// paths, and returns the effect names as written.
func (rt *ruleTable) effects(r *Rule) []string {
	effects := rt.list("effect")
	for _, e := range effects {
		k := shell.EffectKind(e)
		if !slices.Contains(effectKinds, k) {
			names := make([]string, len(effectKinds))
			for i, k := range effectKinds {
				names[i] = string(k)
			}
			rt.errorf("effect", "%s: unknown effect %q: want one of %s", rt.who, e, strings.Join(names, ", "))
			continue
		}
		r.Effect = append(r.Effect, k)
	}
	r.Paths = rt.paths("paths")
	r.ExcludePaths = rt.paths("exclude_paths")
	r.Names = rt.list("names")
	for _, pat := range r.Names {
		if err := checkWordGlob(pat); err != nil {
			rt.errorf("names", "%s: bad pattern %q in names: %v", rt.who, pat, err)
		}
	}
	r.Recursive = rt.tri("recursive")
	r.Filtered = rt.tri("filtered")
	r.Dynamic = rt.tri("dynamic")
	r.Remote = rt.tri("remote")
	if len(effects) == 0 {
		for _, k := range []string{"paths", "exclude_paths", "names", "recursive", "filtered", "dynamic"} {
			if _, ok := rt.m[k]; ok {
				rt.errorf(k, "%s: %s needs effect", rt.who, k)
			}
		}
	}
	return effects
}

// globs reads a list of word patterns.
func (rt *ruleTable) globs(key string) []string {
	l := rt.list(key)
	for _, g := range l {
		if err := checkWordGlob(g); err != nil {
			rt.errorf(key, "%s: bad pattern %q in %s: %v", rt.who, g, key, err)
		} else if g == "" {
			rt.errorf(key, "%s: empty pattern in %s", rt.who, key)
		}
	}
	return l
}

// flags reads a list of options: -x, --long or -long.
func (rt *ruleTable) flags(key string) []string {
	l := rt.list(key)
	for _, f := range l {
		if !strings.HasPrefix(f, "-") || f == "-" || f == "--" || strings.ContainsAny(f, " =") {
			rt.errorf(key, "%s: bad option %q in %s: want -x, --long or -long", rt.who, f, key)
		}
	}
	return l
}

// regex reads a regular expression.
func (rt *ruleTable) regex(key string) string {
	s := rt.str(key)
	if s != "" {
		if _, err := regexp.Compile(s); err != nil {
			rt.errorf(key, "%s: bad %s: %v", rt.who, key, err)
		}
	}
	return s
}

// paths reads a list of path patterns.
func (rt *ruleTable) paths(key string) []string {
	l := rt.list(key)
	for _, pat := range l {
		if _, err := compilePathPattern(pat); err != nil {
			rt.errorf(key, "%s: bad pattern %q in %s: %v", rt.who, pat, key, err)
		}
	}
	return l
}

// facts reads a list of fact names.
func (rt *ruleTable) facts(key string) []string {
	l := rt.list(key)
	for _, f := range l {
		if f == "" || strings.ContainsAny(f, " \t\n") {
			rt.errorf(key, "%s: bad fact name %q in %s", rt.who, f, key)
		}
	}
	return l
}

// tests reads the [[rule.test]] tables of the rule in section si, whose
// test sections lie before section next.
func (p *parser) tests(rt *table, r *Rule, si, next int) {
	tests := rt.tables("test")
	var secs []*tomlscan.Section
	if si >= 0 {
		for _, s := range p.sc.Sections[si+1 : next] {
			if s.Array && slices.Equal(s.Path, []string{"rule", "test"}) {
				secs = append(secs, s)
			}
		}
		if len(secs) != len(tests) {
			secs = nil
		}
	}
	who := "rule " + r.ID
	for i, m := range tests {
		t := &table{p: p, m: m, name: "rule.test", sec: rt.sec, prefix: append(slices.Clip(rt.prefix), "test"), line: rt.line}
		if secs != nil {
			t.sec, t.prefix, t.line = secs[i], nil, secs[i].Line
		}
		t.unknown(testKeys)
		tc := Test{Pos: p.pos(t.line)}
		tc.Line = t.str("line")
		if _, ok := t.m["line"]; !ok {
			p.errorf(t.line, 0, "%s: test without line", who)
		}
		match, set := t.boolean("match")
		if !set {
			if _, ok := t.m["match"]; !ok {
				p.errorf(t.line, 0, "%s: test without match = true or false", who)
			}
		}
		tc.Match = match
		tc.Cwd = t.str("cwd")
		if tc.Cwd != "" && !strings.HasPrefix(tc.Cwd, "/") {
			t.errorf("cwd", "%s: test cwd %q is not absolute", who, tc.Cwd)
		}
		tc.Env = t.strMap("env")
		tc.Facts = t.strMap("facts")
		r.Tests = append(r.Tests, tc)
	}
}

func (p *parser) override(t *table) (Override, bool) {
	t.unknown(overrideKeys)
	n := len(p.errs)
	o := Override{Source: p.pos(t.line)}
	o.ID = t.str("id")
	if o.ID == "" {
		p.errorf(t.line, 0, "override without id")
	}
	if _, ok := t.m["action"]; ok {
		a, err := ParseAction(t.str("action"))
		if err != nil {
			t.errorf("action", "override %s: %v", o.ID, err)
		}
		o.Action = &a
	}
	o.Disabled, _ = t.boolean("disabled")
	o.Reason = t.str("reason")
	if strings.TrimSpace(o.Reason) == "" {
		p.errorf(t.line, 0, "override %s: missing reason", o.ID)
	}
	switch {
	case o.Action != nil && o.Disabled:
		p.errorf(t.line, 0, "override %s: both action and disabled = true", o.ID)
	case o.Action == nil && !o.Disabled:
		p.errorf(t.line, 0, "override %s: needs action or disabled = true", o.ID)
	}
	return o, len(p.errs) == n
}

// didYouMean returns " (did you mean K?)" for the known key closest to k.
func didYouMean(k string, known []string) string {
	if near := suggest.Nearest(k, known); near != "" {
		return " (did you mean " + near + "?)"
	}
	return ""
}
