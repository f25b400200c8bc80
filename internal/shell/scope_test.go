package shell

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
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

// TestVarsOf: the trie varsOf builds in place is the one with() builds
// name by name: the same variables, count and order of iteration, and a
// later with() leaves it unchanged.
func TestVarsOf(t *testing.T) {
	for _, n := range []int{0, 1, 2, 31, 33, 100, 2000} {
		env := map[string]string{}
		for i := range n {
			env["V"+strconv.Itoa(i)] = strconv.Itoa(i * 7)
		}
		got := varsOf(env)
		var want vars
		for k, v := range env {
			want = want.with(k, varVal{val: v})
		}
		if got.n != want.n || got.n != n {
			t.Fatalf("%d variables: n = %d, with() gives %d", n, got.n, want.n)
		}
		var gotOrder, wantOrder []string
		got.root.each(func(name string, v varVal) bool { gotOrder = append(gotOrder, name+"="+v.val); return true })
		want.root.each(func(name string, v varVal) bool { wantOrder = append(wantOrder, name+"="+v.val); return true })
		if !slices.Equal(gotOrder, wantOrder) {
			t.Fatalf("%d variables: order %v, with() gives %v", n, gotOrder, wantOrder)
		}
		for k, v := range env {
			if val, ok := got.get(k); !ok || val.val != v {
				t.Fatalf("%s = %q, %v", k, val.val, ok)
			}
		}
		later := got.with("V0", varVal{val: "changed"})
		if val, _ := got.get("V0"); n > 0 && val.val != "0" {
			t.Fatalf("with() changed the trie varsOf built: V0 = %q", val.val)
		}
		if val, _ := later.get("V0"); val.val != "changed" {
			t.Fatalf("with() on it: V0 = %q", val.val)
		}
	}
}

// TestInsertCollisions: insert places names whose hashes share levels, or
// the whole 64 bits, as with() does.
func TestInsertCollisions(t *testing.T) {
	hashes := []uint64{1, 1 + 32, 1 + 32*32, 1, 2, 1 << 60, 1<<60 | 1, 1 + 32, 7}
	var got, want *vnode
	for i, h := range hashes {
		name := "n" + strconv.Itoa(i)
		got = got.insert(&vleaf{hash: h, name: name}, 0)
		want, _ = want.with(&vleaf{hash: h, name: name}, 0)
	}
	var g, w []string
	got.each(func(name string, _ varVal) bool { g = append(g, name); return true })
	want.each(func(name string, _ varVal) bool { w = append(w, name); return true })
	if !slices.Equal(g, w) || len(g) != len(hashes) {
		t.Fatalf("insert: %v, with(): %v", g, w)
	}
}
