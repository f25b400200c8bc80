package shell

import (
	"hash/maphash"
	"math/bits"
	"slices"
	"strconv"
)

// varVal is a variable as the analyzer knows it.
type varVal struct {
	val     string
	dynamic bool               // set from something that could not be resolved
	list    *[]string          // a fish list's elements (val is them joined); nil for a plain value
	glob    bool               // a glob pattern a for loop runs over (for f in *.bak): each value one of its matches
	session bool               // set in the interactive session, as the hook said (session.go)
	assoc   *map[string]string // a bash associative array (declare -A): its keys and values; nil for any other
	ref     string             // declare -n: the name this one stands for; its reads and writes are that variable's
	found   *[]Arg             // one of the paths a lister printed (find DIR | while read f): them (listed.go); nil for any other
}

// scope is the state that flows along a sequence of statements.
//
// Copying a scope is O(1) whatever it holds: the variables are a
// persistent map (a write copies one path of it, never the whole map) and
// the wrappers a chain linked to its parent. A line of 8,000 nested
// wrappers used to copy both at every level.
type scope struct {
	vars      vars
	cwd       string // "" when unknown
	wrappers  *wrapChain
	remote    string
	pos       Pos   // position of the outermost command, for nested lines
	acks      []Ack // BELAY_ACK prefixes of the command being run and its wrappers
	stdin     *string
	stdinDyn  bool         // stdin comes from something that could not be resolved
	stdinSrc  string       // stdin is code belay cannot see, from here (unseen.go); "" otherwise
	stdinGlob bool         // stdin is the names ls prints for glob patterns: each line one of their matches
	stdinFrom *piped       // what the pipe's earlier stages are known to print when the text is not: paths, query output
	fs        *containerFS // in a container (docker run): the host paths it sees
	deferred  string       // code defined now and run later: what defines it and when it runs (deferred.go)
}

// clone returns a copy of sc whose changes do not reach sc.
func (s *scope) clone() *scope {
	c := *s
	return &c
}

// get returns the variable name as known in the scope, through the
// namerefs it stands for (declare -n); a chain longer than maxRefHops (a
// cycle) is unknown.
func (s *scope) get(name string) (varVal, bool) {
	for range maxRefHops {
		v, ok := s.vars.get(name)
		if !ok || v.ref == "" {
			return v, ok
		}
		name = v.ref
	}
	return varVal{dynamic: true}, true
}

// set records a value for the variable name in this scope only; for a
// nameref, in the variable it stands for.
func (s *scope) set(name string, v varVal) {
	for range maxRefHops {
		cur, ok := s.vars.get(name)
		if !ok || cur.ref == "" {
			break
		}
		name = cur.ref
	}
	s.vars = s.vars.with(name, v)
}

// setRef makes name a nameref to target (declare -n name=target).
func (s *scope) setRef(name, target string) { s.vars = s.vars.with(name, varVal{ref: target}) }

// maxRefHops bounds a chain of namerefs followed.
const maxRefHops = 8

// clearVars forgets every variable (a remote shell has its own).
func (s *scope) clearVars() { s.vars = vars{} }

// wrap returns the wrapper chain of the scope with label added.
func (s *scope) wrap(label string) *wrapChain { return s.wrappers.push(label) }

// vars is a persistent map of variables: a hash array mapped trie whose
// nodes are never changed once built, so a copy is the value itself and
// with() copies only the nodes on one path (at most 13 of them).
type vars struct {
	root *vnode
	n    int
}

type vnode struct {
	bits  uint32  // which of the 32 slots of this level are in use
	slots []vslot // the slots in use, in bit order
}

// vslot is a subtree or a leaf.
type vslot struct {
	sub  *vnode
	leaf *vleaf
}

// vleaf holds the variables whose names hash the same.
type vleaf struct {
	hash uint64
	name string
	val  varVal
	next *vleaf // another name with the same 64-bit hash: practically never
}

// varSeed keys the hash: names are chosen by whoever wrote the line, and a
// per-process seed keeps them from being crafted to collide.
var varSeed = maphash.MakeSeed()

func hashName(name string) uint64 { return maphash.String(varSeed, name) }

func (v vars) get(name string) (varVal, bool) {
	h := hashName(name)
	n := v.root
	for shift := uint(0); n != nil; shift += 5 {
		bit := uint32(1) << ((h >> shift) & 31)
		if n.bits&bit == 0 {
			return varVal{}, false
		}
		s := n.slots[bits.OnesCount32(n.bits&(bit-1))]
		if s.sub != nil {
			n = s.sub
			continue
		}
		for l := s.leaf; l != nil; l = l.next {
			if l.hash == h && l.name == name {
				return l.val, true
			}
		}
		return varVal{}, false
	}
	return varVal{}, false
}

// with returns v with name set to val; v itself is unchanged.
func (v vars) with(name string, val varVal) vars {
	h := hashName(name)
	root, added := v.root.with(&vleaf{hash: h, name: name, val: val}, 0)
	if added {
		v.n++
	}
	v.root = root
	return v
}

func (n *vnode) with(l *vleaf, shift uint) (*vnode, bool) {
	bit := uint32(1) << ((l.hash >> shift) & 31)
	if n == nil {
		return &vnode{bits: bit, slots: []vslot{{leaf: l}}}, true
	}
	i := bits.OnesCount32(n.bits & (bit - 1))
	c := &vnode{bits: n.bits}
	if n.bits&bit == 0 {
		c.bits |= bit
		c.slots = make([]vslot, len(n.slots)+1)
		copy(c.slots, n.slots[:i])
		c.slots[i] = vslot{leaf: l}
		copy(c.slots[i+1:], n.slots[i:])
		return c, true
	}
	c.slots = append([]vslot(nil), n.slots...)
	s := n.slots[i]
	added := false
	switch {
	case s.sub != nil:
		c.slots[i].sub, added = s.sub.with(l, shift+5)
	case s.leaf.hash == l.hash:
		c.slots[i].leaf, added = s.leaf.with(l)
	default:
		// Two names share this slot: push both one level down. Their
		// hashes differ, so some level below tells them apart.
		sub := &vnode{bits: 1 << ((s.leaf.hash >> (shift + 5)) & 31), slots: []vslot{{leaf: s.leaf}}}
		c.slots[i] = vslot{}
		c.slots[i].sub, added = sub.with(l, shift+5)
	}
	return c, added
}

// varsOf is the vars of env, the same trie as setting each name in turn
// with with(), built in place: nothing holds its nodes yet, so they need
// not be copied to keep an earlier version, and an environment of n
// variables costs its n leaves and the nodes they fill, not a copy of
// the root for each (belay builds it for every line).
func varsOf(env map[string]string) vars {
	var v vars
	for name, val := range env {
		v.root = v.root.insert(&vleaf{hash: hashName(name), name: name, val: varVal{val: val}}, 0)
		v.n++
	}
	return v
}

// insert adds l to n in place, as with() would add it to a copy; l's name
// is not in n, and n was built by insert alone.
func (n *vnode) insert(l *vleaf, shift uint) *vnode {
	bit := uint32(1) << ((l.hash >> shift) & 31)
	if n == nil {
		return &vnode{bits: bit, slots: []vslot{{leaf: l}}}
	}
	i := bits.OnesCount32(n.bits & (bit - 1))
	if n.bits&bit == 0 {
		n.bits |= bit
		n.slots = slices.Insert(n.slots, i, vslot{leaf: l})
		return n
	}
	s := &n.slots[i]
	switch {
	case s.sub != nil:
		s.sub = s.sub.insert(l, shift+5)
	case s.leaf.hash == l.hash:
		last := s.leaf
		for last.next != nil {
			last = last.next
		}
		last.next = l // with() adds a new name at the end of the chain
	default:
		// Two names share this slot: push both one level down, as with().
		sub := &vnode{bits: 1 << ((s.leaf.hash >> (shift + 5)) & 31), slots: []vslot{{leaf: s.leaf}}}
		*s = vslot{sub: sub.insert(l, shift+5)}
	}
	return n
}

// with returns the chain with l's name set to l's value.
func (c *vleaf) with(l *vleaf) (*vleaf, bool) {
	if c == nil {
		return l, true
	}
	if c.name == l.name {
		n := *l
		n.next = c.next
		return &n, false
	}
	rest, added := c.next.with(l)
	n := *c
	n.next = rest
	return &n, added
}

// changed calls f for every variable of v that is not shared, as the same
// entry, with base: the ones set since v was a copy of base. Subtrees the
// two still share are skipped, so this costs what was changed, not what
// the map holds.
func (v vars) changed(base vars, f func(name string, val varVal)) {
	v.root.changed(base.root, f)
}

func (n *vnode) changed(base *vnode, f func(string, varVal)) {
	if n == base || n == nil {
		return
	}
	for b, i := n.bits, 0; b != 0; b, i = b&(b-1), i+1 {
		bit := b & -b
		s := n.slots[i]
		var old vslot
		if base != nil && base.bits&bit != 0 {
			old = base.slots[bits.OnesCount32(base.bits&(bit-1))]
		}
		switch {
		case s.sub != nil && old.sub != nil:
			s.sub.changed(old.sub, f)
		case s.sub != nil:
			s.sub.each(func(name string, val varVal) bool { f(name, val); return true })
		case s.leaf != old.leaf:
			for l := s.leaf; l != nil; l = l.next {
				f(l.name, l.val)
			}
		}
	}
}

// each calls f for every variable until f returns false.
func (v vars) each(f func(name string, val varVal) bool) { v.root.each(f) }

func (n *vnode) each(f func(string, varVal) bool) bool {
	if n == nil {
		return true
	}
	for _, s := range n.slots {
		if s.sub != nil {
			if !s.sub.each(f) {
				return false
			}
			continue
		}
		for l := s.leaf; l != nil; l = l.next {
			if !f(l.name, l.val) {
				return false
			}
		}
	}
	return true
}

// wrapChain is the chain of wrappers a command is found through, linked
// to its parent so that entering a wrapper costs O(1). It is made into a
// list only for an invocation, and then at most the first and last
// maxShownWrappers labels.
type wrapChain struct {
	parent *wrapChain
	label  string
	n      int      // labels in the chain, this one included
	first  []string // the first labels of the chain, up to maxShownWrappers (shared)
}

// maxShownWrappers is how many wrappers an invocation lists from each end
// of a longer chain; the ones between are counted, not named.
const maxShownWrappers = 16

func (w *wrapChain) push(label string) *wrapChain {
	c := &wrapChain{parent: w, label: label, n: 1}
	if w != nil {
		c.n = w.n + 1
		c.first = w.first
	}
	if len(c.first) < maxShownWrappers {
		c.first = append(c.first[:len(c.first):len(c.first)], label)
	}
	return c
}

// len returns the number of wrappers in the chain.
func (w *wrapChain) len() int {
	if w == nil {
		return 0
	}
	return w.n
}

// list returns the labels outermost first; past 2×maxShownWrappers, the
// first and last maxShownWrappers with a count of the ones left out.
func (w *wrapChain) list() []string {
	if w == nil {
		return nil
	}
	if w.n <= 2*maxShownWrappers {
		out := make([]string, w.n)
		for c, i := w, w.n-1; c != nil; c, i = c.parent, i-1 {
			out[i] = c.label
		}
		return out
	}
	out := make([]string, 0, 2*maxShownWrappers+1)
	out = append(out, w.first...)
	out = append(out, "… "+strconv.Itoa(w.n-2*maxShownWrappers)+" more …")
	last := make([]string, maxShownWrappers)
	for c, i := w, maxShownWrappers-1; i >= 0; c, i = c.parent, i-1 {
		last[i] = c.label
	}
	return append(out, last...)
}
