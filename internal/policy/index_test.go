package policy

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/shell"
)

// summary is what a decision says, for comparing two.
func summary(d Decision) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v:", d.Action)
	for _, f := range d.Findings {
		fmt.Fprintf(&b, " %s/%v/%v %q %q;", f.RuleID, f.Action, f.Acknowledged, f.Target, f.Message)
	}
	return b.String()
}

// TestBuiltinIndex: builtinIndex is what NewRuleIndex makes of the
// built-in packs, a Set of the packs Builtin returns finds their rules
// through it, and that Set decides every rule test's line as a Set that
// compiles and indexes every rule itself (BuiltinWithTests' packs are
// copies, which builtinIndex does not number), with overrides too.
func TestBuiltinIndex(t *testing.T) {
	want, err := NewRuleIndex(builtinPacks)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(builtinIndex, want) {
		t.Fatal("builtinIndex is not the index of builtinPacks: run go generate ./internal/policy")
	}
	fast, _ := Builtin()
	slow, _ := BuiltinWithTests()
	if builtinBase(fast) == nil || builtinBase(slow) != nil || builtinBase(fast[1:]) != nil {
		t.Fatal("builtinBase does not tell the built-in packs from copies")
	}
	site := &Pack{Name: "site", Source: "site.toml", Layer: LayerSystem, Overrides: []Override{
		{ID: "filesystem.delete-root", Disabled: true, Source: "site.toml:2"},
		{ID: "system.reboot", Action: ptrTo(Block), Source: "site.toml:3"},
	}}
	extra := &Pack{Name: "team", Source: "team.toml", Layer: LayerSystem, Rules: []*Rule{
		{ID: "team.ls", Pack: "team", Action: Warn, Message: "ls {target}", Command: []string{"ls"}, Source: "team.toml:1"},
	}}
	for _, tail := range [][]*Pack{nil, {extra, site}} {
		fs, err := Compile(append(fast, tail...), Options{Environment: "production"})
		if err != nil {
			t.Fatal(err)
		}
		ss, err := Compile(append(slow, tail...), Options{Environment: "production"})
		if err != nil {
			t.Fatal(err)
		}
		if fs.base == nil || ss.base != nil {
			t.Fatal("the Sets do not take the paths meant")
		}
		if len(fs.Rules()) != len(ss.Rules()) || len(fs.Disabled()) != len(ss.Disabled()) {
			t.Fatalf("rules %d and %d, disabled %d and %d", len(fs.Rules()), len(ss.Rules()), len(fs.Disabled()), len(ss.Disabled()))
		}
		for i, r := range ss.Rules() {
			f := fs.Rules()[i]
			if f.ID != r.ID || f.Action != r.Action || fs.Rule(r.ID) != f {
				t.Fatalf("rule %d: %s %v, want %s %v", i, f.ID, f.Action, r.ID, r.Action)
			}
		}
		for _, id := range []string{"filesystem.delete-root", "system.reboot", "team.ls", "no.such"} {
			f, s := fs.Rule(id), ss.Rule(id)
			if (f == nil) != (s == nil) || f != nil && f.Action != s.Action {
				t.Errorf("%d packs after: Rule(%s): %+v, want %+v", len(tail), id, f, s)
			}
		}
		n := 0
		for _, p := range slow {
			for _, r := range p.Rules {
				for _, tc := range append(r.Tests, Test{Line: "ls -la /etc"}) {
					a := tc.Analyze()
					got, want := summary(fs.Decide(a, factsAsker(tc.Facts))), summary(ss.Decide(a, factsAsker(tc.Facts)))
					if got != want {
						t.Errorf("%s: %s:\n got %s\nwant %s", tc.Pos, tc.Line, got, want)
					}
					n++
				}
			}
		}
		if n < 1000 {
			t.Errorf("only %d lines compared", n)
		}
	}
	// An id of a built-in rule given again is refused on either path.
	dup := &Pack{Name: "dup", Source: "dup.toml", Rules: []*Rule{{ID: "system.reboot", Command: []string{"reboot"}, Source: "dup.toml:1"}}}
	for _, packs := range [][]*Pack{fast, slow} {
		_, _, refused := Fit(append(packs, dup), Options{})
		if len(refused) != 1 || !strings.Contains(refused[0].Error(), "duplicate rule id system.reboot") {
			t.Errorf("a duplicate of a built-in id: %v", refused)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestNewRuleIndex: rules are numbered in pack and file order and indexed
// as a Set indexes them; what Compile refuses, NewRuleIndex refuses.
func TestNewRuleIndex(t *testing.T) {
	p := &Pack{Name: "p", Rules: []*Rule{
		{ID: "p.b", Command: []string{"rm", "unlink"}},
		{ID: "p.a", Effect: []shell.EffectKind{shell.Delete, shell.Write}},
		{ID: "p.c", Command: []string{"mkfs.*", "rm"}, Effect: []shell.EffectKind{shell.Format}, Environments: map[string]Action{"lab": Allow}},
	}}
	x, err := NewRuleIndex([]*Pack{nil, p})
	if err != nil {
		t.Fatal(err)
	}
	want := &RuleIndex{
		Rules:    3,
		Names:    []string{"rm", "unlink"},
		ByName:   [][]int32{{0, 2}, {0}},
		CmdGlob:  []int32{2},
		ByEffect: [][]int32{{1}, nil, {1}, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
		IDs:      []string{"p.a", "p.b", "p.c"},
		IDRule:   []int32{1, 0, 2},
		Env:      []int32{2},
	}
	if !reflect.DeepEqual(x, want) {
		t.Errorf("got  %+v\nwant %+v", x, want)
	}
	for _, bad := range []*Rule{
		{ID: "p.x"},
		{ID: "p.x", Command: []string{"a[b"}},
		{ID: "p.x", Effect: []shell.EffectKind{"fly"}},
		{ID: "p.b", Command: []string{"x"}},
	} {
		q := &Pack{Name: "p", Rules: append([]*Rule{p.Rules[0]}, bad)}
		_, ierr := NewRuleIndex([]*Pack{q})
		_, cerr := Compile([]*Pack{q}, Options{})
		if ierr == nil || cerr == nil {
			t.Errorf("%+v: NewRuleIndex %v, Compile %v", bad, ierr, cerr)
		}
	}
}
