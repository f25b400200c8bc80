package policy

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/suggest"
)

// Options tell Compile about the host the Set will judge lines for.
type Options struct {
	Environment string // e.g. "production": picks the action of rules with environments
}

// Set is the rules of an ordered list of packs with their overrides
// applied, compiled and indexed for matching. Its rules are numbered in
// load order, the disabled ones too; when the packs start with the
// built-in ones, those are found through builtinIndex and each is compiled
// on first use (it may be in several goroutines' Decide at once).
type Set struct {
	opt       Options
	all       []*Rule                 // the effective rules by number, the disabled ones too
	off       []bool                  // parallel to all, nil when no rule is disabled
	rules     []*Rule                 // all without the disabled ones
	compiled  []atomic.Pointer[crule] // parallel to all; a built-in rule's is made on first use
	base      *RuleIndex              // indexes all[:base.Rules] (the built-in rules), or nil
	pos       map[string]int32        // number by id of the rules base does not index
	byName    map[string][]int32      // the rules base does not index, by command name,
	cmdGlob   []int32                 // those whose command list holds a glob,
	byEffect  [numEffects][]int32     // and those without command, by effect kind
	overrides map[string][]Override   // applied overrides by rule id
	disabled  []*Rule
}

// crule is a Rule compiled for matching.
type crule struct {
	r                                                      *Rule
	command                                                []wordGlob
	subcommand                                             [][]wordGlob // per pattern, one glob per word
	operands, unlessOperands, args, sources, unlessSources []wordGlob
	flags, allFlags, unlessFlags                           []string
	effects                                                uint16 // bit per effect kind index
	paths, exclude                                         []pathPattern
	names                                                  []wordGlob
	values                                                 []cvalue
	facts                                                  bool // has when or when_not

	lazyPaths bool      // paths and exclude are compiled by ensurePaths
	pathsOnce sync.Once // for ensurePaths
	lazyWords bool      // subcommand, operands, args, values and names are compiled by ensureWords
	wordsOnce sync.Once // for ensureWords

	reOnce  sync.Once // the regexps are compiled on first use: most never are
	argvRe  *regexp.Regexp
	stdinRe *regexp.Regexp
}

// cvalue is one ValueCond compiled.
type cvalue struct {
	opts  []string // spellings of the option
	globs []wordGlob
}

const numEffects = 14

// effectIndex returns the index of an effect kind in effectKinds, or -1.
func effectIndex(k shell.EffectKind) int {
	switch k {
	case shell.Delete:
		return 0
	case shell.Rename:
		return 1
	case shell.Write:
		return 2
	case shell.Format:
		return 3
	case shell.Chmod:
		return 4
	case shell.Chown:
		return 5
	case shell.LinkOver:
		return 6
	case shell.Read:
		return 7
	case shell.Exec:
		return 8
	case shell.ForkBomb:
		return 9
	case shell.Power:
		return 10
	case shell.Append:
		return 11
	case shell.Edit:
		return 12
	case shell.Unseen:
		return 13
	}
	return -1
}

// Compile builds a Set from packs in load order (built-in, then system,
// then user). Rule ids must be unique across all packs. Overrides are then
// applied in order, each naming a rule of any pack: a new action replaces
// the rule's action and its per-environment actions; disabled removes the
// rule (a later action override does not bring it back).
func Compile(packs []*Pack, opt Options) (*Set, error) {
	s, perrs := compile(packs, opt)
	if len(perrs) > 0 {
		errs := make([]error, len(perrs))
		for i, e := range perrs {
			errs[i] = e.err
		}
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// packError is an error found by compile, with the index of the pack at
// fault: the later of two with the same rule id, the one whose override
// does not apply, the one whose rule does not compile.
type packError struct {
	pack int
	err  error
}

// Fit compiles packs as Compile does, but leaves out each pack that does
// not fit instead of failing: one that repeats a rule id of an earlier
// pack, overrides a rule that no pack kept has, loosens a rule from the
// user's layer, or has a rule that does not compile. Leaving a pack out
// can leave another's override without its rule; that one is then left
// out in turn. It returns the Set of the packs kept, those packs in order,
// and one error per pack left out, naming its file. It compiles once per
// pack left out, plus once.
func Fit(packs []*Pack, opt Options) (*Set, []*Pack, []error) {
	kept := slices.Clone(packs)
	var refused []error
	for {
		s, perrs := compile(kept, opt)
		if len(perrs) == 0 {
			return s, kept, refused
		}
		// The earliest pack at fault is at fault whatever comes after it.
		first := perrs[0].pack
		for _, e := range perrs {
			first = min(first, e.pack)
		}
		var errs []error
		for _, e := range perrs {
			if e.pack == first {
				errs = append(errs, e.err)
			}
		}
		refused = append(refused, errors.Join(errs...))
		kept = slices.Delete(kept, first, first+1)
	}
}

// compile builds a Set from packs, and says what does not fit, by pack.
func compile(packs []*Pack, opt Options) (*Set, []packError) {
	s := &Set{
		opt:       opt,
		pos:       map[string]int32{},
		byName:    map[string][]int32{},
		overrides: map[string][]Override{},
	}
	g, errs := s.gather(packs)
	disabled, oerrs := s.override(packs, &g)
	errs = append(errs, oerrs...)
	s.compiled = make([]atomic.Pointer[crule], len(s.all))
	first := 0
	if s.base != nil {
		first = int(s.base.Rules) // compiled on first use (crule)
	}
	for i := first; i < len(s.all); i++ {
		r := s.all[i]
		if disabled[r.ID] {
			continue
		}
		cr := new(crule)
		if err := compileRule(cr, r, g.checked[i-g.first]); err != nil {
			errs = append(errs, packError{g.from[i-g.first], fmt.Errorf("%s: rule %s: %v", r.Source, r.ID, err)})
			continue
		}
		s.compiled[i].Store(cr)
		s.add(int32(i), cr)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	s.rules = s.all
	if len(disabled) > 0 {
		s.off = make([]bool, len(s.all))
		s.rules = make([]*Rule, 0, len(s.all))
		for i, r := range s.all {
			if disabled[r.ID] {
				s.off[i] = true
				s.disabled = append(s.disabled, r)
			} else {
				s.rules = append(s.rules, r)
			}
		}
	}
	return s, nil
}

// gathered is what compile knows of each rule of the packs, by number:
// the rules themselves are in Set.all, the packs' own or a copy where the
// Set changes one (its action for the environment, an override), so that
// the packs are never modified and the rules no line needs are not copied
// on every check. Nothing in it is per built-in rule unless the Set
// changes that rule: a check's cost does not grow with the built-in packs.
type gathered struct {
	first   int    // the number of the first rule checked and from are about: the built-in rules are compiled on first use
	checked []bool // from a pack ParsePack checked
	from    []int  // the index of its pack
	owned   []bool // a copy the Set may change; made when the first rule is changed
}

// gather puts the rules of the packs into s.all, each with its action for
// the environment; a rule id seen before is an error of its pack.
func (s *Set) gather(packs []*Pack) (gathered, []packError) {
	var errs []packError
	n := 0
	for _, pk := range packs {
		if pk != nil {
			n += len(pk.Rules)
		}
	}
	var g gathered
	s.all = make([]*Rule, 0, n)
	first := 0
	if s.base = builtinBase(packs); s.base != nil {
		first = len(builtinPacks)
		for _, pk := range packs[:first] {
			s.all = append(s.all, pk.Rules...)
		}
		g.first = len(s.all)
		if s.opt.Environment != "" {
			for _, i := range s.base.Env {
				s.forEnvironment(&g, i)
			}
		}
	}
	for pi, pk := range packs[first:] {
		pi += first
		if pk == nil {
			continue
		}
		for _, r := range pk.Rules {
			if prev, dup := s.find(r.ID); dup {
				errs = append(errs, packError{pi, fmt.Errorf("%s: duplicate rule id %s (first at %s)", r.Source, r.ID, s.all[prev].Source)})
				continue
			}
			i := int32(len(s.all))
			s.pos[r.ID] = i
			s.all = append(s.all, r)
			g.checked = append(g.checked, pk.Checked)
			g.from = append(g.from, pi)
			s.forEnvironment(&g, i)
		}
	}
	return g, errs
}

// forEnvironment gives rule i its action for the Set's environment.
func (s *Set) forEnvironment(g *gathered, i int32) {
	if s.opt.Environment == "" {
		return
	}
	if a, ok := s.all[i].Environments[s.opt.Environment]; ok && a != s.all[i].Action {
		s.own(g, i).Action = a
	}
}

// find returns the number of the rule with this id, and whether there is
// one, disabled or not.
func (s *Set) find(id string) (int32, bool) {
	if i, ok := s.pos[id]; ok {
		return i, true
	}
	if s.base != nil {
		return s.base.rule(id)
	}
	return 0, false
}

// own returns rule i as a copy the Set may change.
func (s *Set) own(g *gathered, i int32) *Rule {
	if g.owned == nil {
		g.owned = make([]bool, cap(s.all)) // s.all's capacity is every rule of the packs
	}
	if !g.owned[i] {
		c := *s.all[i]
		s.all[i], g.owned[i] = &c, true
	}
	return s.all[i]
}

// override applies the packs' overrides to the rules gathered, and
// returns the ids they disable. An override of a rule no pack has, or one
// from the user's layer that disables or loosens, is an error of its pack.
func (s *Set) override(packs []*Pack, g *gathered) (map[string]bool, []packError) {
	var errs []packError
	var disabled map[string]bool
	for pi, pk := range packs {
		if pk == nil {
			continue
		}
		for _, o := range pk.Overrides {
			i, ok := s.find(o.ID)
			if !ok {
				msg := fmt.Sprintf("%s: override of unknown rule %s", o.Source, o.ID)
				if near := suggest.Nearest(o.ID, s.ids()); near != "" {
					msg += " (did you mean " + near + "?)"
				}
				errs = append(errs, packError{pi, errors.New(msg)})
				continue
			}
			r := s.all[i]
			if pk.Layer >= LayerUser {
				if o.Disabled {
					errs = append(errs, packError{pi, fmt.Errorf("%s: a personal pack cannot disable %s (from %s): personal packs may only tighten rules; ask for the change in /etc/belay", o.Source, o.ID, r.Source)})
					continue
				}
				if o.Action != nil && *o.Action < r.Action {
					errs = append(errs, packError{pi, fmt.Errorf("%s: a personal pack cannot loosen %s from %s to %s (set at %s): personal packs may only tighten rules", o.Source, o.ID, r.Action, *o.Action, r.Source)})
					continue
				}
			}
			if o.Disabled {
				if disabled == nil {
					disabled = map[string]bool{}
				}
				disabled[o.ID] = true
			}
			if o.Action != nil {
				s.own(g, i).Action = *o.Action
			}
			s.overrides[o.ID] = append(s.overrides[o.ID], o)
		}
	}
	return disabled, errs
}

// add indexes rule i, which base does not.
func (s *Set) add(i int32, cr *crule) {
	if len(cr.command) > 0 {
		glob := false
		for _, g := range cr.command {
			if g.kind == globExact {
				if l := s.byName[g.lit]; len(l) == 0 || l[len(l)-1] != i {
					s.byName[g.lit] = append(l, i)
				}
			} else {
				glob = true
			}
		}
		if glob {
			s.cmdGlob = append(s.cmdGlob, i)
		}
		return
	}
	for k := range numEffects {
		if cr.effects&(1<<k) != 0 {
			s.byEffect[k] = append(s.byEffect[k], i)
		}
	}
}

// crule returns rule i compiled, compiling a built-in rule on first use.
// gen compiled the built-in rules when it wrote them: one that does not
// compile panics here, which Decide turns into a confirm finding.
func (s *Set) crule(i int32) *crule {
	if cr := s.compiled[i].Load(); cr != nil {
		return cr
	}
	cr := new(crule)
	if err := compileRule(cr, s.all[i], true); err != nil {
		panic(fmt.Sprintf("rule %s: %v", s.all[i].ID, err))
	}
	if s.compiled[i].CompareAndSwap(nil, cr) {
		return cr
	}
	return s.compiled[i].Load()
}

// compileRule compiles r into cr. Of a checked rule, only what the index
// needs is compiled here (its command names and effect kinds); its other
// patterns are compiled on first use (ensureWords, ensurePaths): most
// rules are never a candidate in a check, and compiling them all made
// every check's start-up grow with the number of rules.
func compileRule(cr *crule, r *Rule, checked bool) error {
	cr.r, cr.flags, cr.allFlags, cr.unlessFlags = r, r.Flags, r.AllFlags, r.UnlessFlags
	cr.facts = len(r.When) > 0 || len(r.WhenNot) > 0
	var err error
	cr.command = compileAll("command", r.Command, compileWordGlob, &err)
	if checked {
		cr.lazyWords, cr.lazyPaths = true, true
	} else {
		cr.compileWords(&err)
		cr.paths = compileAll("paths", r.Paths, compilePathPattern, &err)
		cr.exclude = compileAll("exclude_paths", r.ExcludePaths, compilePathPattern, &err)
	}
	for _, k := range r.Effect {
		i := effectIndex(k)
		if i < 0 {
			return fmt.Errorf("unknown effect %q", k)
		}
		cr.effects |= 1 << i
	}
	if len(cr.command) == 0 && cr.effects == 0 {
		return errors.New("needs command or effect")
	}
	return err
}

// compileAll compiles the patterns of a rule's field; the first that does
// not compile is kept in *err.
func compileAll[T any](field string, pats []string, compile func(string) (T, error), err *error) []T {
	out := make([]T, 0, len(pats))
	for _, p := range pats {
		v, e := compile(p)
		if e != nil && *err == nil {
			*err = fmt.Errorf("bad pattern %q in %s: %v", p, field, e)
		}
		out = append(out, v)
	}
	return out
}

// compileWords compiles the rule's conditions on words other than its
// command; the first pattern that does not compile is kept in *err.
func (cr *crule) compileWords(err *error) {
	r := cr.r
	globs := func(field string, pats []string) []wordGlob {
		return compileAll(field, pats, compileWordGlob, err)
	}
	for _, p := range r.Subcommand {
		cr.subcommand = append(cr.subcommand, globs("subcommand", strings.Fields(p)))
	}
	cr.operands = globs("operands", r.Operands)
	cr.unlessOperands = globs("unless_operands", r.UnlessOperands)
	cr.args = globs("args", r.Args)
	cr.sources = globs("sources", r.Sources)
	cr.unlessSources = globs("unless_sources", r.UnlessSources)
	for _, v := range r.Values {
		cr.values = append(cr.values, cvalue{opts: strings.Fields(v.Option), globs: globs("values", v.Globs)})
	}
	cr.names = globs("names", r.Names)
}

// ensureWords compiles the word patterns of a rule whose compilation was
// deferred. ParsePack has checked them; a bad one panics here, which Decide
// turns into a confirm finding.
func (cr *crule) ensureWords() {
	if !cr.lazyWords {
		return
	}
	cr.wordsOnce.Do(func() {
		var err error
		cr.compileWords(&err)
		if err != nil {
			panic(fmt.Sprintf("rule %s: %v", cr.r.ID, err))
		}
	})
}

// ensurePaths compiles the path patterns of a rule whose compilation was
// deferred. ParsePack has checked them; a bad one panics here, which Decide
// turns into a confirm finding.
func (cr *crule) ensurePaths() {
	if !cr.lazyPaths {
		return
	}
	cr.pathsOnce.Do(func() {
		comp := func(pats []string) []pathPattern {
			out := make([]pathPattern, 0, len(pats))
			for _, p := range pats {
				pp, err := compilePathPattern(p)
				if err != nil {
					panic(fmt.Sprintf("rule %s: bad pattern %q: %v", cr.r.ID, p, err))
				}
				out = append(out, pp)
			}
			return out
		}
		cr.paths = comp(cr.r.Paths)
		cr.exclude = comp(cr.r.ExcludePaths)
	})
}

// regexps returns the compiled argv_regex and stdin_regex, nil when absent.
// They are compiled on first use, which keeps Compile cheap; ParsePack has
// checked them, and a bad one in a pack built by hand panics here, which
// Decide turns into a confirm finding.
func (cr *crule) regexps() (argv, stdin *regexp.Regexp) {
	cr.reOnce.Do(func() {
		if cr.r.ArgvRegex != "" {
			cr.argvRe = regexp.MustCompile(cr.r.ArgvRegex)
		}
		if cr.r.StdinRegex != "" {
			cr.stdinRe = regexp.MustCompile(cr.r.StdinRegex)
		}
	})
	return cr.argvRe, cr.stdinRe
}

// Rules returns the effective rules, in load order, without the disabled
// ones. The caller must not modify them.
func (s *Set) Rules() []*Rule { return s.rules }

// Rule returns the effective rule with this id, or nil. It also knows the
// ids of belay's own findings (belay.parse-error, belay.analysis).
func (s *Set) Rule(id string) *Rule {
	if i, ok := s.find(id); ok && (s.off == nil || !s.off[i]) {
		return s.all[i]
	}
	for _, r := range builtinRules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Disabled returns the rules that overrides switched off.
func (s *Set) Disabled() []*Rule { return s.disabled }

// Overrides returns the overrides applied to the rule with this id, in
// order.
func (s *Set) Overrides(id string) []Override { return s.overrides[id] }

// Options returns the options the Set was compiled with.
func (s *Set) Options() Options { return s.opt }

// ids returns the ids of the set's rules, sorted, for suggestions.
func (s *Set) ids() []string {
	ids := make([]string, 0, len(s.all))
	for _, r := range s.all {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids
}
