package policy

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/suggest"
)

// Options tell Compile about the host the Set will judge lines for.
type Options struct {
	Environment string // e.g. "production": picks the action of rules with environments
}

// Set is the rules of an ordered list of packs with their overrides
// applied, compiled and indexed for matching.
type Set struct {
	opt       Options
	rules     []*Rule // effective rules, in pack and file order
	byID      map[string]*Rule
	compiled  []*crule // parallel to rules
	byName    map[string][]int32
	cmdGlob   []int32               // rules whose command list holds a glob
	byEffect  [numEffects][]int32   // rules without command, by effect kind
	overrides map[string][]Override // applied overrides by rule id
	disabled  []*Rule
}

// crule is a Rule compiled for matching.
type crule struct {
	r                              *Rule
	command                        []wordGlob
	subcommand                     [][]wordGlob // per pattern, one glob per word
	operands, unlessOperands, args []wordGlob
	flags, allFlags, unlessFlags   []string
	effects                        uint16 // bit per effect kind index
	paths, exclude                 []pathPattern
	names                          []wordGlob
	values                         []cvalue
	facts                          bool // has when or when_not

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
		byID:      map[string]*Rule{},
		byName:    map[string][]int32{},
		overrides: map[string][]Override{},
	}
	g, errs := s.gather(packs)
	disabled, oerrs := s.override(packs, &g)
	errs = append(errs, oerrs...)
	crules := make([]crule, len(g.all))
	s.rules = make([]*Rule, 0, len(g.all))
	s.compiled = make([]*crule, 0, len(g.all))
	for i, r := range g.all {
		if disabled[r.ID] {
			s.disabled = append(s.disabled, r)
			delete(s.byID, r.ID)
			continue
		}
		cr := &crules[i]
		if err := compileRule(cr, r, g.checked[i]); err != nil {
			errs = append(errs, packError{g.from[i], fmt.Errorf("%s: rule %s: %v", r.Source, r.ID, err)})
			continue
		}
		s.add(r, cr)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// gathered are the rules of the packs, in load order: the packs' own, or
// a copy where the Set changes one (its action for the environment, an
// override), so that the packs are never modified and the rules no line
// needs are not copied on every check.
type gathered struct {
	all     []*Rule
	checked []bool         // parallel to all: from a pack ParsePack checked
	from    []int          // parallel to all: the index of its pack
	owned   []bool         // parallel to all: a copy the Set may change
	pos     map[string]int // index in all by id, made when an override first needs it
}

// gather puts the rules of the packs into s.byID, each with its action for
// the environment; a rule id seen before is an error of its pack.
func (s *Set) gather(packs []*Pack) (gathered, []packError) {
	var errs []packError
	n := 0
	for _, pk := range packs {
		if pk != nil {
			n += len(pk.Rules)
		}
	}
	g := gathered{all: make([]*Rule, 0, n), checked: make([]bool, 0, n), from: make([]int, 0, n), owned: make([]bool, 0, n)}
	for pi, pk := range packs {
		if pk == nil {
			continue
		}
		for _, r := range pk.Rules {
			if prev, dup := s.byID[r.ID]; dup {
				errs = append(errs, packError{pi, fmt.Errorf("%s: duplicate rule id %s (first at %s)", r.Source, r.ID, prev.Source)})
				continue
			}
			owned := false
			if s.opt.Environment != "" {
				if a, ok := r.Environments[s.opt.Environment]; ok && a != r.Action {
					c := *r
					c.Action = a
					r, owned = &c, true
				}
			}
			s.byID[r.ID] = r
			g.all = append(g.all, r)
			g.checked = append(g.checked, pk.Checked)
			g.from = append(g.from, pi)
			g.owned = append(g.owned, owned)
		}
	}
	return g, errs
}

// own returns the rule with this id as a copy the Set may change.
func (s *Set) own(g *gathered, id string) *Rule {
	if g.pos == nil {
		g.pos = make(map[string]int, len(g.all))
		for i, r := range g.all {
			g.pos[r.ID] = i
		}
	}
	i := g.pos[id]
	if !g.owned[i] {
		c := *g.all[i]
		g.all[i], g.owned[i] = &c, true
		s.byID[id] = &c
	}
	return g.all[i]
}

// override applies the packs' overrides to the rules gathered, and
// returns the ids they disable. An override of a rule no pack has, or one
// from the user's layer that disables or loosens, is an error of its pack.
func (s *Set) override(packs []*Pack, g *gathered) (map[string]bool, []packError) {
	var errs []packError
	disabled := map[string]bool{}
	for pi, pk := range packs {
		if pk == nil {
			continue
		}
		for _, o := range pk.Overrides {
			r := s.byID[o.ID]
			if r == nil {
				msg := fmt.Sprintf("%s: override of unknown rule %s", o.Source, o.ID)
				if near := suggest.Nearest(o.ID, s.ids()); near != "" {
					msg += " (did you mean " + near + "?)"
				}
				errs = append(errs, packError{pi, errors.New(msg)})
				continue
			}
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
				disabled[o.ID] = true
			}
			if o.Action != nil {
				s.own(g, o.ID).Action = *o.Action
			}
			s.overrides[o.ID] = append(s.overrides[o.ID], o)
		}
	}
	return disabled, errs
}

func (s *Set) add(r *Rule, cr *crule) {
	i := int32(len(s.rules))
	s.rules = append(s.rules, r)
	s.compiled = append(s.compiled, cr)
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
	if r := s.byID[id]; r != nil {
		return r
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
	ids := make([]string, 0, len(s.byID))
	for id := range s.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
