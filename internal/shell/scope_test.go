package shell

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestVars: the persistent map holds what a plain map would, whatever
// the order of writes, and a copy is not changed by writes to another.
func TestVars(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var v vars
	want := map[string]varVal{}
	var snaps []vars
	var wants []map[string]varVal
	for i := range 5000 {
		k := fmt.Sprint("V", r.IntN(2000))
		x := varVal{val: fmt.Sprint(i), dynamic: i%3 == 0}
		v = v.with(k, x)
		want[k] = x
		if i%500 == 0 {
			snaps = append(snaps, v)
			wants = append(wants, maps(want))
		}
	}
	check := func(v vars, want map[string]varVal) {
		t.Helper()
		if v.n != len(want) {
			t.Errorf("n = %d, want %d", v.n, len(want))
		}
		for k, x := range want {
			if got, ok := v.get(k); !ok || got != x {
				t.Errorf("get(%s) = %v %v, want %v", k, got, ok, x)
			}
		}
		if _, ok := v.get("missing"); ok {
			t.Error("found a name never set")
		}
		n := 0
		v.each(func(k string, x varVal) bool {
			n++
			if want[k] != x {
				t.Errorf("each: %s = %v, want %v", k, x, want[k])
			}
			return true
		})
		if n != len(want) {
			t.Errorf("each saw %d, want %d", n, len(want))
		}
	}
	check(v, want)
	for i := range snaps {
		check(snaps[i], wants[i])
	}
}

func maps(m map[string]varVal) map[string]varVal {
	c := make(map[string]varVal, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// TestVarsChanged: changed reports what was set since a copy, and not
// the rest of the map.
func TestVarsChanged(t *testing.T) {
	var base vars
	for i := range 3000 {
		base = base.with(fmt.Sprint("V", i), varVal{val: "x"})
	}
	v := base.with("V7", varVal{val: "y"}).with("NEW", varVal{val: "z"}).with("V2999", varVal{val: "x", dynamic: true})
	var got []string
	v.changed(base, func(k string, x varVal) {
		if old, ok := base.get(k); !ok || old != x {
			got = append(got, k)
		}
	})
	slices.Sort(got)
	if strings.Join(got, " ") != "NEW V2999 V7" {
		t.Errorf("changed: %v", got)
	}
	n := 0
	v.changed(base, func(string, varVal) { n++ })
	if n > 3*32 {
		t.Errorf("changed looked at %d variables for 3 set", n)
	}
}

// TestWrapChain: a chain lists its labels outermost first, and past
// 2×maxShownWrappers the first and last of them with a count.
func TestWrapChain(t *testing.T) {
	var w *wrapChain
	if w.list() != nil || w.len() != 0 {
		t.Error("empty chain")
	}
	for i := range 3 {
		w = w.push(fmt.Sprint(i))
	}
	if got := strings.Join(w.list(), ","); got != "0,1,2" {
		t.Errorf("list %s", got)
	}
	base := w
	for i := 3; i < 1000; i++ {
		w = w.push(fmt.Sprint(i))
	}
	l := w.list()
	if len(l) != 2*maxShownWrappers+1 || l[0] != "0" || l[maxShownWrappers-1] != "15" || l[maxShownWrappers] != "… 968 more …" || l[len(l)-1] != "999" || w.len() != 1000 {
		t.Errorf("list %v", l)
	}
	if got := strings.Join(base.list(), ","); got != "0,1,2" {
		t.Errorf("a longer chain changed its parent: %s", got)
	}
}

// BenchmarkScope: entering a wrapper (within) costs the same with 60
// variables and a chain of 10,000 as with none.
func BenchmarkScope(b *testing.B) {
	sc := &scope{}
	for i := range 60 {
		sc.set(fmt.Sprint("VAR_", i), varVal{val: strings.Repeat("v", 40)})
	}
	for range 10000 {
		sc = within(sc, "env")
	}
	b.ReportAllocs()
	for b.Loop() {
		within(sc, "env")
	}
}
