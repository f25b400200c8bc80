package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// RuleIndex is where a Set finds the rules an invocation may match, for a
// list of packs whose rules are numbered in pack and file order: the rules
// naming its command, those whose command list holds a glob, and those
// without a command, by the kind of effect they match. go generate writes
// the built-in packs' index into belay as a Go value (builtinIndex), so
// that a check neither compiles nor indexes a built-in rule no line of it
// can match: its start-up does not grow with the number of rules.
type RuleIndex struct {
	Rules    int32     // how many rules it numbers
	Names    []string  // the exact command names of the rules, sorted
	ByName   [][]int32 // parallel to Names: the rules naming it, ascending
	CmdGlob  []int32   // the rules whose command list holds a glob
	ByEffect [][]int32 // by effect kind (effectIndex): the rules without command that match it
	IDs      []string  // the rules' ids, sorted
	IDRule   []int32   // parallel to IDs: the rule's number
	Env      []int32   // the rules with an action per environment
}

// NewRuleIndex indexes the rules of packs, as go generate does for the
// built-in packs. It fails where Compile would on a rule's command or
// effects, or on a rule id given twice.
func NewRuleIndex(packs []*Pack) (*RuleIndex, error) {
	x := &RuleIndex{ByEffect: make([][]int32, numEffects)}
	byName := map[string][]int32{}
	var n int32
	for _, pk := range packs {
		if pk == nil {
			continue
		}
		for _, r := range pk.Rules {
			names, glob, effects, err := indexKeys(r)
			if err != nil {
				return nil, fmt.Errorf("%s: rule %s: %v", r.Source, r.ID, err)
			}
			for _, name := range names {
				if l := byName[name]; len(l) == 0 || l[len(l)-1] != n {
					byName[name] = append(l, n)
				}
			}
			if glob {
				x.CmdGlob = append(x.CmdGlob, n)
			}
			for k := range numEffects {
				if effects&(1<<k) != 0 {
					x.ByEffect[k] = append(x.ByEffect[k], n)
				}
			}
			x.IDs = append(x.IDs, r.ID)
			x.IDRule = append(x.IDRule, n)
			if len(r.Environments) > 0 {
				x.Env = append(x.Env, n)
			}
			n++
		}
	}
	x.Rules = n
	for name := range byName {
		x.Names = append(x.Names, name)
	}
	sort.Strings(x.Names)
	x.ByName = make([][]int32, len(x.Names))
	for i, name := range x.Names {
		x.ByName[i] = byName[name]
	}
	sort.Sort(byID{x})
	for i := 1; i < len(x.IDs); i++ {
		if x.IDs[i] == x.IDs[i-1] {
			return nil, fmt.Errorf("duplicate rule id %s", x.IDs[i])
		}
	}
	return x, nil
}

// byID sorts an index's IDs and IDRule together.
type byID struct{ x *RuleIndex }

func (b byID) Len() int           { return len(b.x.IDs) }
func (b byID) Less(i, j int) bool { return b.x.IDs[i] < b.x.IDs[j] }
func (b byID) Swap(i, j int) {
	b.x.IDs[i], b.x.IDs[j] = b.x.IDs[j], b.x.IDs[i]
	b.x.IDRule[i], b.x.IDRule[j] = b.x.IDRule[j], b.x.IDRule[i]
}

// indexKeys returns what a rule is indexed by: the exact names in its
// command list, whether that list holds a glob, and its effect kinds, one
// bit per effectIndex when it has no command. It fails where compileRule
// would on these fields.
func indexKeys(r *Rule) (names []string, glob bool, effects uint16, err error) {
	for _, p := range r.Command {
		if e := checkWordGlob(p); e != nil {
			return nil, false, 0, fmt.Errorf("bad pattern %q in command: %v", p, e)
		}
		if strings.ContainsAny(p, globMeta) {
			glob = true
		} else {
			names = append(names, p)
		}
	}
	var kinds uint16
	for _, k := range r.Effect {
		i := effectIndex(k)
		if i < 0 {
			return nil, false, 0, fmt.Errorf("unknown effect %q", k)
		}
		kinds |= 1 << i
	}
	if len(r.Command) == 0 {
		if kinds == 0 {
			return nil, false, 0, fmt.Errorf("needs command or effect")
		}
		effects = kinds
	}
	return names, glob, effects, nil
}

// rule returns the number of the rule with this id, and whether there is
// one.
func (x *RuleIndex) rule(id string) (int32, bool) {
	if i, ok := slices.BinarySearch(x.IDs, id); ok {
		return x.IDRule[i], true
	}
	return 0, false
}

// named returns the rules naming this command.
func (x *RuleIndex) named(name string) []int32 {
	if i, ok := slices.BinarySearch(x.Names, name); ok {
		return x.ByName[i]
	}
	return nil
}

// builtinBase returns the index of the built-in rules when packs start
// with the built-in packs as Builtin returns them, all of them and in
// order, and builtinIndex numbers exactly their rules; else nil, and the
// Set indexes every rule itself.
func builtinBase(packs []*Pack) *RuleIndex {
	if builtinIndex == nil || len(builtinIndex.ByEffect) != numEffects || len(packs) < len(builtinPacks) {
		return nil
	}
	var n int32
	for i, b := range builtinPacks {
		p := packs[i]
		if p == nil || len(p.Rules) != len(b.Rules) || len(b.Rules) > 0 && &p.Rules[0] != &b.Rules[0] {
			return nil
		}
		n += int32(len(b.Rules))
	}
	if n != builtinIndex.Rules {
		return nil // an index not regenerated with the packs: never trusted
	}
	return builtinIndex
}
