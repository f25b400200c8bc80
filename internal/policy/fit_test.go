package policy

import (
	"fmt"
	"strings"
	"testing"
)

// fitPack is a pack with one rule per id and the overrides given as
// "id=action"; file is its name, or "file=name".
func fitPack(t *testing.T, file string, layer Layer, ids []string, overrides ...string) *Pack {
	t.Helper()
	file, name, ok := strings.Cut(file, "=")
	if !ok {
		name = file
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[pack]\nname = %q\n", name)
	for _, id := range ids {
		fmt.Fprintf(&b, "[[rule]]\nid = %q\naction = \"confirm\"\nmessage = \"m\"\ncommand = [%q]\n", id, "cmd-"+id)
	}
	for _, o := range overrides {
		id, act, _ := strings.Cut(o, "=")
		fmt.Fprintf(&b, "[[override]]\nid = %q\naction = %q\nreason = \"r\"\n", id, act)
	}
	p, err := ParsePack(file+".toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	p.Layer = layer
	return p
}

// TestFit: each pack that does not fit is left out alone, named, and the
// others are kept in order.
func TestFit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		packs   func() []*Pack
		kept    string // pack names, in order
		refused []string
	}{
		{
			name: "all fit",
			packs: func() []*Pack {
				return []*Pack{fitPack(t, "a", LayerBuiltin, []string{"a.x"}), fitPack(t, "b", LayerSystem, nil, "a.x=block")}
			},
			kept: "a b",
		},
		{
			// A fleet pack that overrides a rule of a pack not loaded (a
			// disabled built-in pack) is left out; one after it still loads.
			name: "override of a missing pack's rule",
			packs: func() []*Pack {
				return []*Pack{fitPack(t, "a", LayerBuiltin, []string{"a.x"}), fitPack(t, "fleet", LayerSystem, nil, "git.force-push=warn"),
					fitPack(t, "c", LayerSystem, []string{"c.y"}, "a.x=block")}
			},
			kept:    "a c",
			refused: []string{"fleet.toml:", "override of unknown rule git.force-push"},
		},
		{
			name: "duplicate id: the later pack is left out",
			packs: func() []*Pack {
				return []*Pack{fitPack(t, "a", LayerBuiltin, []string{"a.x"}), fitPack(t, "a2=a", LayerUser, []string{"a.x"})}
			},
			kept:    "a",
			refused: []string{"a2.toml:", "duplicate rule id a.x"},
		},
		{
			name: "personal loosening",
			packs: func() []*Pack {
				return []*Pack{fitPack(t, "a", LayerBuiltin, []string{"a.x"}), fitPack(t, "me", LayerUser, []string{"me.z"}, "a.x=allow")}
			},
			kept:    "a",
			refused: []string{"me.toml:", "cannot loosen a.x"},
		},
		{
			// b is left out for its own fault; c's override of b's rule then
			// has nothing to apply to, so c goes too; d stays.
			name: "cascade",
			packs: func() []*Pack {
				return []*Pack{fitPack(t, "a", LayerBuiltin, []string{"a.x"}), fitPack(t, "b", LayerSystem, []string{"b.y"}, "nope.z=warn"),
					fitPack(t, "c", LayerSystem, nil, "b.y=block"), fitPack(t, "d", LayerUser, []string{"d.w"})}
			},
			kept:    "a d",
			refused: []string{"b.toml:", "nope.z", "c.toml:", "override of unknown rule b.y"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			set, kept, refused := Fit(tt.packs(), Options{})
			var names []string
			for _, p := range kept {
				names = append(names, p.Name)
			}
			if got := strings.Join(names, " "); got != tt.kept {
				t.Errorf("kept %q, want %q", got, tt.kept)
			}
			var msgs []string
			for _, e := range refused {
				msgs = append(msgs, e.Error())
			}
			all := strings.Join(msgs, "\n")
			for _, want := range tt.refused {
				if !strings.Contains(all, want) {
					t.Errorf("refused %q, want %q in it", all, want)
				}
			}
			if len(tt.refused) == 0 && len(refused) > 0 {
				t.Errorf("refused %q", all)
			}
			if set == nil || set.Rule("a.x") == nil {
				t.Fatal("no set, or a.x lost")
			}
		})
	}
}
