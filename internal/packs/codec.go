package packs

import (
	"encoding/binary"
	"errors"
	"slices"
	"sync"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
)

// The cache stores packs in this small binary form rather than JSON or
// gob: decoding ten 50-rule packs from JSON took longer than everything
// else in a check, and gob's start-up cost is paid by every run. Every
// field of Pack, Rule and Override is written except a pack's Layer (the
// loader sets it from where the file is), Checked (only packs ParsePack
// checked are cached) and the rules' Tests (a check does not run them);
// TestCodecCoversEveryField fails when a field is added and not here.

var errCodec = errors.New("cache entry does not decode")

// The fewest bytes a rule and an override take in the cache's form: a
// count read is bounded by what many of them the rest could hold, so that
// no input makes the decoder allocate more than a few times its size.
// Measured on first use, not at init.
var minSizes = sync.OnceValues(func() (rule, override int) {
	empty := len(encodePack(nil, &policy.Pack{}))
	return len(encodePack(nil, &policy.Pack{Rules: []*policy.Rule{{}}})) - empty,
		len(encodePack(nil, &policy.Pack{Overrides: []policy.Override{{}}})) - empty
})

// encodePack appends p to b.
func encodePack(b []byte, p *policy.Pack) []byte {
	e := &encoder{b: b}
	e.str(p.Name)
	e.str(p.Description)
	e.str(p.Source)
	e.uint(uint64(len(p.Rules)))
	for _, r := range p.Rules {
		e.rule(r)
	}
	e.uint(uint64(len(p.Overrides)))
	for _, o := range p.Overrides {
		e.str(o.ID)
		if o.Action != nil {
			e.uint(1 + uint64(*o.Action))
		} else {
			e.uint(0)
		}
		e.bool(o.Disabled)
		e.str(o.Reason)
		e.str(o.Source)
	}
	return e.b
}

func (e *encoder) rule(r *policy.Rule) {
	e.str(r.ID)
	e.str(r.Pack)
	e.uint(uint64(r.Action))
	envs := make([]string, 0, len(r.Environments))
	for k := range r.Environments {
		envs = append(envs, k)
	}
	slices.Sort(envs)
	e.uint(uint64(len(envs)))
	for _, k := range envs {
		e.str(k)
		e.uint(uint64(r.Environments[k]))
	}
	e.str(r.Message)
	e.str(r.Reference)
	e.str(r.Challenge)
	for _, l := range [][]string{r.Command, r.Subcommand, r.Flags, r.AllFlags, r.UnlessFlags, r.Operands, r.UnlessOperands, r.Args, r.Sources, r.UnlessSources} {
		e.strs(l)
	}
	e.uint(uint64(len(r.Values)))
	for _, v := range r.Values {
		e.str(v.Option)
		e.strs(v.Globs)
	}
	e.str(r.ArgvRegex)
	e.str(r.StdinRegex)
	e.uint(uint64(len(r.Effect)))
	for _, k := range r.Effect {
		e.str(string(k))
	}
	for _, l := range [][]string{r.Paths, r.ExcludePaths, r.Names} {
		e.strs(l)
	}
	for _, t := range []policy.Tri{r.Recursive, r.Filtered, r.Dynamic, r.Remote} {
		e.uint(uint64(t))
	}
	e.strs(r.When)
	e.strs(r.WhenNot)
	e.str(r.Source)
}

// decodePack reads a pack written by encodePack. Its strings share the
// memory of s. It never panics: any inconsistency is errCodec.
func decodePack(s string) (p *policy.Pack, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, errCodec
		}
	}()
	d := &decoder{s: s}
	p = &policy.Pack{Checked: true}
	p.Name = d.str()
	p.Description = d.str()
	p.Source = d.str()
	minRuleSize, minOverrideSize := minSizes()
	n := d.count(minRuleSize)
	if n > 0 {
		rules := make([]policy.Rule, n)
		p.Rules = make([]*policy.Rule, n)
		for i := range rules {
			d.rule(&rules[i])
			p.Rules[i] = &rules[i]
		}
	}
	if n := d.count(minOverrideSize); n > 0 {
		p.Overrides = make([]policy.Override, n)
		for i := range p.Overrides {
			o := &p.Overrides[i]
			o.ID = d.str()
			if a := d.uint(); a > 0 {
				act := d.action(a - 1)
				o.Action = &act
			}
			o.Disabled = d.bool()
			o.Reason = d.str()
			o.Source = d.str()
		}
	}
	if d.err != nil || d.i != len(d.s) {
		return nil, errCodec
	}
	return p, nil
}

func (d *decoder) rule(r *policy.Rule) {
	r.ID = d.str()
	r.Pack = d.str()
	r.Action = d.action(d.uint())
	if n := d.count(2); n > 0 {
		r.Environments = make(map[string]policy.Action, n)
		prev := ""
		for i := range n {
			k := d.str()
			if i > 0 && k <= prev {
				d.fail() // written in order, each once
			}
			prev = k
			r.Environments[k] = d.action(d.uint())
		}
	}
	r.Message = d.str()
	r.Reference = d.str()
	r.Challenge = d.str()
	for _, l := range []*[]string{&r.Command, &r.Subcommand, &r.Flags, &r.AllFlags, &r.UnlessFlags, &r.Operands, &r.UnlessOperands, &r.Args, &r.Sources, &r.UnlessSources} {
		*l = d.strs()
	}
	if n := d.count(2); n > 0 {
		r.Values = make([]policy.ValueCond, n)
		for i := range r.Values {
			r.Values[i].Option = d.str()
			r.Values[i].Globs = d.strs()
		}
	}
	r.ArgvRegex = d.str()
	r.StdinRegex = d.str()
	if n := d.count(1); n > 0 {
		r.Effect = make([]shell.EffectKind, n)
		for i := range r.Effect {
			r.Effect[i] = shell.EffectKind(d.str())
		}
	}
	for _, l := range []*[]string{&r.Paths, &r.ExcludePaths, &r.Names} {
		*l = d.strs()
	}
	for _, t := range []*policy.Tri{&r.Recursive, &r.Filtered, &r.Dynamic, &r.Remote} {
		v := d.uint()
		if v > uint64(policy.True) {
			d.fail()
		}
		*t = policy.Tri(v)
	}
	r.When = d.strs()
	r.WhenNot = d.strs()
	r.Source = d.str()
}

// encoder appends varints and length-prefixed strings.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }

func (e *encoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *encoder) strs(l []string) {
	e.uint(uint64(len(l)))
	for _, s := range l {
		e.str(s)
	}
}

// decoder reads what encoder wrote; after the first error it returns
// zero values and keeps err.
type decoder struct {
	s   string
	i   int
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCodec
	}
	d.i = len(d.s)
}

func (d *decoder) uint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if d.i >= len(d.s) {
			d.fail()
			return 0
		}
		c := d.s[d.i]
		d.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if c == 0 && shift > 0 {
				break // not the shortest form: one pack, one encoding
			}
			return v
		}
	}
	d.fail()
	return 0
}

// count reads a number of elements, each at least size bytes long.
func (d *decoder) count(size int) int {
	n := d.uint()
	if n > uint64((len(d.s)-d.i)/size) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count(1)
	s := d.s[d.i : d.i+n]
	d.i += n
	return s
}

func (d *decoder) strs() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) bool() bool {
	v := d.uint()
	if v > 1 {
		d.fail()
	}
	return v == 1
}

func (d *decoder) action(v uint64) policy.Action {
	if v > uint64(policy.Block) {
		d.fail()
		return policy.Block
	}
	return policy.Action(v)
}
