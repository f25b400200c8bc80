package packs

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"

	"github.com/belay-sh/belay/internal/policy"
)

// maxPackFiles bounds the pack files read from one directory; the rest
// are named as not read.
const maxPackFiles = 1000

// Loaded is the rule set of one run, with what could not be used.
type Loaded struct {
	Set     *policy.Set    // the rules to judge with; never nil
	Packs   []*policy.Pack // the packs in Set, in load order
	Config  *Config        // the merged belay.toml files; never nil
	Refused []string       // rule packs left out, one "FILE: why" each
	Ignored []string       // belay.toml files and settings left out, one "FILE[:LINE:COL]: why" each

	parsed int  // packs read from their files rather than the cache, for tests
	cached bool // the cache was opened, for tests
}

// Load reads the configuration, the built-in packs and every pack in the
// pack directories of opt, through the cache. It never fails: what
// cannot be used is left out and named in Refused or Ignored, and the Set
// holds everything else.
func Load(opt Options) *Loaded {
	cfg, ignored := LoadConfig(opt)
	l := &Loaded{Config: cfg, Ignored: ignored}
	builtin, _ := policy.Builtin() // compiled in: it cannot fail
	if opt.WithTests {
		builtin, _ = policy.BuiltinWithTests()
	}
	var packs []*policy.Pack
	for _, p := range builtin {
		if !slices.Contains(cfg.DisabledPacks, p.Name) {
			packs = append(packs, p)
		}
	}
	r := &reader{opt: &opt}
	for _, d := range opt.packDirs() {
		files, err := filepath.Glob(filepath.Join(d.dir, "*.toml"))
		if err != nil {
			continue
		}
		sort.Strings(files)
		if len(files) > maxPackFiles {
			l.Refused = append(l.Refused, fmt.Sprintf("%s: refused: more than %d packs; %s and after are not read", d.dir, maxPackFiles, filepath.Base(files[maxPackFiles])))
			files = files[:maxPackFiles]
		}
		for _, f := range files {
			p, err := r.read(f, d.layer)
			if err != nil {
				l.Refused = append(l.Refused, err.Error())
				continue
			}
			if d.layer == policy.LayerSystem && slices.Contains(cfg.DisabledPacks, p.Name) {
				continue
			}
			packs = append(packs, p)
		}
	}
	if r.cache != nil {
		r.cache.save()
	}
	l.parsed, l.cached = r.parsed, r.cache != nil
	packs = append(packs, cfg.overridePacks()...)
	set, kept, refused := policy.Fit(packs, policy.Options{Environment: cfg.Environment})
	for _, err := range refused {
		l.Refused = append(l.Refused, err.Error())
	}
	l.Set, l.Packs = set, kept
	return l
}

// reader reads pack files through the cache, reusing one buffer.
type reader struct {
	opt    *Options
	cache  *cache // opened at the first pack file: with none, nothing is read
	buf    []byte
	parsed int
}

// read returns the pack in file f of layer: from the cache when an entry
// matches the file as it is now, else parsed, self-tested and cached.
func (r *reader) read(f string, layer policy.Layer) (*policy.Pack, error) {
	data, fi, err := readTrusted(f, layer, policy.MaxPackSize, &r.buf)
	if err != nil {
		return nil, err
	}
	src := newSource(f, layer, fi, data)
	if r.cache == nil {
		r.cache = openCache(r.opt)
	}
	if !r.opt.WithTests {
		if p := r.cache.get(src); p != nil {
			return p, nil
		}
	}
	r.parsed++
	p, err := policy.ParsePack(f, data)
	if err != nil {
		return nil, err
	}
	p.Layer = layer
	if err := selfTest(p); err != nil {
		return nil, err
	}
	// The cache keeps packs without their test cases: a check does not
	// run them, and they are most of a pack's size.
	bare := withoutTests(p)
	r.cache.put(src, bare)
	if r.opt.WithTests {
		return p, nil
	}
	return bare, nil
}

// withoutTests is a copy of p whose rules have no test cases.
func withoutTests(p *policy.Pack) *policy.Pack {
	bare := *p
	bare.Rules = make([]*policy.Rule, len(p.Rules))
	for i, r := range p.Rules {
		c := *r
		c.Tests = nil
		bare.Rules[i] = &c
	}
	return &bare
}
