package policy

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"fmt"
)

//go:generate go run ./gen

// builtinGob holds the packs of rules/*.toml, parsed at generate time: gob
// decodes about ten times faster than TOML, and belay runs on every line.
//
//go:embed builtin.gob
var builtinGob []byte

// Builtin returns the built-in packs (rules/*.toml), in file name order,
// without their rules' test cases, which a check does not need.
// Each call returns fresh values.
func Builtin() ([]*Pack, error) {
	return builtin(false)
}

// BuiltinWithTests returns the built-in packs with their test cases, for
// belay rules test, show and lint.
func BuiltinWithTests() ([]*Pack, error) {
	return builtin(true)
}

func builtin(tests bool) ([]*Pack, error) {
	packs, err := unmarshalPacks(builtinGob, tests)
	if err != nil {
		return nil, fmt.Errorf("built-in rules: %v (run go generate ./internal/policy)", err)
	}
	return packs, nil
}

// gobPack is how a Pack is stored: gob drops a pointer to a zero value, so
// an override's action travels with a flag.
type gobPack struct {
	Name, Description, Source string
	Rules                     []*Rule
	Overrides                 []gobOverride
}

type gobOverride struct {
	ID        string
	Action    Action
	HasAction bool
	Disabled  bool
	Reason    string
	Source    string
}

// MarshalPacks encodes packs for UnmarshalPacks (the format of builtin.gob):
// the packs without their rules' tests, then the tests, as two gob values,
// so that a check decodes only the first (a third of the time saved).
func MarshalPacks(packs []*Pack) ([]byte, error) {
	gp := make([]gobPack, 0, len(packs))
	tests := make([][][]Test, 0, len(packs))
	for _, p := range packs {
		rules := make([]*Rule, len(p.Rules))
		pt := make([][]Test, len(p.Rules))
		for i, r := range p.Rules {
			c := *r
			pt[i], c.Tests = c.Tests, nil
			rules[i] = &c
		}
		tests = append(tests, pt)
		g := gobPack{Name: p.Name, Description: p.Description, Source: p.Source, Rules: rules}
		for _, o := range p.Overrides {
			go_ := gobOverride{ID: o.ID, Disabled: o.Disabled, Reason: o.Reason, Source: o.Source}
			if o.Action != nil {
				go_.Action, go_.HasAction = *o.Action, true
			}
			g.Overrides = append(g.Overrides, go_)
		}
		gp = append(gp, g)
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(gp); err != nil {
		return nil, err
	}
	if err := enc.Encode(tests); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalPacks decodes what MarshalPacks encoded, tests included.
func UnmarshalPacks(data []byte) ([]*Pack, error) {
	return unmarshalPacks(data, true)
}

func unmarshalPacks(data []byte, withTests bool) ([]*Pack, error) {
	var gp []gobPack
	dec := gob.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&gp); err != nil {
		return nil, err
	}
	var tests [][][]Test
	if withTests {
		if err := dec.Decode(&tests); err != nil {
			return nil, err
		}
		if len(tests) != len(gp) {
			return nil, fmt.Errorf("tests for %d packs, want %d", len(tests), len(gp))
		}
		for i, g := range gp {
			if len(tests[i]) != len(g.Rules) {
				return nil, fmt.Errorf("pack %s: tests for %d rules, want %d", g.Name, len(tests[i]), len(g.Rules))
			}
			for j, r := range g.Rules {
				r.Tests = tests[i][j]
			}
		}
	}
	var packs []*Pack
	for _, g := range gp {
		p := &Pack{Name: g.Name, Description: g.Description, Source: g.Source, Rules: g.Rules}
		for _, o := range g.Overrides {
			ov := Override{ID: o.ID, Disabled: o.Disabled, Reason: o.Reason, Source: o.Source}
			if o.HasAction {
				a := o.Action
				ov.Action = &a
			}
			p.Overrides = append(p.Overrides, ov)
		}
		packs = append(packs, p)
	}
	return packs, nil
}
