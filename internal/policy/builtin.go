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

// Builtin returns the built-in packs (rules/*.toml), in file name order.
// Each call returns fresh values.
func Builtin() ([]*Pack, error) {
	packs, err := UnmarshalPacks(builtinGob)
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

// MarshalPacks encodes packs for UnmarshalPacks (the format of builtin.gob).
func MarshalPacks(packs []*Pack) ([]byte, error) {
	gp := make([]gobPack, 0, len(packs))
	for _, p := range packs {
		g := gobPack{Name: p.Name, Description: p.Description, Source: p.Source, Rules: p.Rules}
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
	if err := gob.NewEncoder(&buf).Encode(gp); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalPacks decodes what MarshalPacks encoded.
func UnmarshalPacks(data []byte) ([]*Pack, error) {
	var gp []gobPack
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&gp); err != nil {
		return nil, err
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
