package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/belay-sh/belay/internal/policy"
)

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// packDir is a directory of rule packs and the layer its packs belong to.
type packDir struct {
	dir   string
	layer policy.Layer
}

// packDirs returns the directories rule packs are read from, in order:
// the fleet's (/etc/belay/rules.d), the user's, then any named by
// BELAY_RULES and --rules, which count as the user's. In trusted mode
// (the sudo plugin) only the fleet's.
func (a *app) packDirs(extra []string) []packDir {
	dirs := []packDir{{filepath.Join(a.etcDir(), "rules.d"), policy.LayerSystem}}
	if a.trusted {
		return dirs
	}
	if d := a.userConfigDir(); d != "" {
		dirs = append(dirs, packDir{filepath.Join(d, "rules.d"), policy.LayerUser})
	}
	for _, d := range strings.Split(a.getenv("BELAY_RULES"), ":") {
		if d != "" {
			dirs = append(dirs, packDir{d, policy.LayerUser})
		}
	}
	for _, d := range extra {
		dirs = append(dirs, packDir{d, policy.LayerUser})
	}
	return dirs
}

// loaded is the rule set of one run, with what could not be loaded.
type loaded struct {
	set     *policy.Set
	packs   []*policy.Pack
	config  *Config
	refused []string // "FILE: reason", one per pack or setting that did not load
}

// checkTrust refuses a rule or config file that others could have changed:
// group- or world-writable, or in the fleet's layer not owned by root.
func checkTrust(path string, layer policy.Layer) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	return trusted(path, fi, layer)
}

// trusted is checkTrust on a file already stat'ed.
func trusted(path string, fi fs.FileInfo, layer policy.Layer) error {
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s: refused: writable by group or others (mode %04o); chmod go-w it", path, fi.Mode().Perm())
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && layer == policy.LayerSystem && st.Uid != 0 {
		return fmt.Errorf("%s: refused: fleet rule files must be owned by root (owner uid %d)", path, st.Uid)
	}
	return nil
}

// loadRules reads the config, the built-in packs and every pack in the
// pack directories. A pack that fails to load is refused and named;
// belay keeps protecting with the rest and says so on every check.
func (a *app) loadRules(extra []string) (*loaded, error) {
	cfg, warnings, err := a.loadConfig(a.configPath)
	if err != nil {
		return nil, err
	}
	l := &loaded{config: cfg, refused: warnings}
	load := policy.Builtin
	if a.withTests {
		load = policy.BuiltinWithTests
	}
	builtin, err := load()
	if err != nil {
		// The built-in packs are compiled in: this is a broken build.
		return nil, fmt.Errorf("built-in rule packs: %v", err)
	}
	for _, p := range builtin {
		if slices.Contains(cfg.DisabledPacks, p.Name) {
			continue
		}
		l.packs = append(l.packs, p)
	}
	cache := a.openPackCache()
	for _, d := range a.packDirs(extra) {
		files, err := filepath.Glob(filepath.Join(d.dir, "*.toml"))
		if err != nil {
			continue
		}
		sort.Strings(files)
		for _, f := range files {
			p, err := a.readPack(f, d.layer, cache)
			if err != nil {
				l.refused = append(l.refused, err.Error())
				continue
			}
			if slices.Contains(cfg.DisabledPacks, p.Name) && d.layer == policy.LayerSystem {
				continue
			}
			l.packs = append(l.packs, p)
		}
	}
	cache.save()
	l.packs = append(l.packs, cfg.overridePacks()...)
	opt := policy.Options{Environment: cfg.Environment}
	if set, err := policy.Compile(l.packs, opt); err == nil {
		l.set = set
		return l, nil
	}
	// Some pack conflicts with another: add them one at a time and refuse
	// the ones that do not fit, so everything else still protects.
	var ok []*policy.Pack
	for i, p := range l.packs {
		if _, err := policy.Compile(append(ok, p), opt); err != nil {
			if i < len(builtin) {
				return nil, fmt.Errorf("built-in rule packs: %v", err)
			}
			l.refused = append(l.refused, err.Error())
			continue
		}
		ok = append(ok, p)
	}
	l.packs = ok
	l.set, err = policy.Compile(ok, opt)
	if err != nil {
		return nil, err
	}
	return l, nil
}

// readPack parses one pack file after checking who could have written it,
// through the cache of parsed packs.
func (a *app) readPack(f string, layer policy.Layer, cache *packCache) (*policy.Pack, error) {
	fi, err := os.Stat(f)
	if err != nil {
		return nil, err
	}
	if err := trusted(f, fi, layer); err != nil {
		return nil, err
	}
	key := cacheKey(f, fi, layer)
	if p := cache.get(key); p != nil && !a.withTests {
		return p, nil
	}
	data, err := readRegular(f, policy.MaxPackSize)
	if err != nil {
		return nil, err
	}
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
	bare := *p
	bare.Rules = make([]*policy.Rule, len(p.Rules))
	for i, r := range p.Rules {
		c := *r
		c.Tests = nil
		bare.Rules[i] = &c
	}
	cache.put(key, &bare)
	if a.withTests {
		return p, nil
	}
	return &bare, nil
}

// selfTest runs a pack's own test cases alone: a pack whose tests fail
// is refused, so a broken rule never silently guards nothing.
func selfTest(p *policy.Pack) error {
	set, err := policy.Compile([]*policy.Pack{p}, policy.Options{})
	if err != nil {
		// Overrides of other packs' rules cannot be compiled alone.
		if len(p.Overrides) > 0 {
			return nil
		}
		return err
	}
	var failed []string
	for _, r := range set.RunTests(TestAnalyze) {
		if !r.Passed {
			failed = append(failed, r.String())
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s: refused: its own tests fail:\n  %s", p.Source, strings.Join(failed, "\n  "))
	}
	return nil
}

// warnRefused says on every check which packs did not load.
func (a *app) warnRefused(l *loaded) {
	for _, r := range l.refused {
		a.out.warnf("rule pack refused: %s", r)
	}
	if len(l.refused) > 0 {
		a.out.hint("belay still checks with every other pack; fix the file, then 'belay rules lint FILE'")
	}
}

// packCache keeps parsed user and fleet packs between runs, keyed by path,
// size, modification time, mode and owner, so a check does not decode TOML
// (about 4 ms per 200 rules) every time. It lives in the user's cache
// directory; in trusted mode there is none.
type packCache struct {
	path    string
	entries map[string]*policy.Pack
	used    map[string]bool
	dirty   bool
}

func cacheKey(path string, fi fs.FileInfo, layer policy.Layer) string {
	uid := uint32(0)
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		uid = st.Uid
	}
	return fmt.Sprintf("%s\x00%d\x00%d\x00%o\x00%d\x00%d", path, fi.Size(), fi.ModTime().UnixNano(), fi.Mode(), uid, layer)
}

func (a *app) openPackCache() *packCache {
	c := &packCache{entries: map[string]*policy.Pack{}, used: map[string]bool{}}
	if a.trusted {
		return c
	}
	dir := a.getenv("XDG_CACHE_HOME")
	if dir == "" {
		h := a.getenv("HOME")
		if h == "" {
			return c
		}
		dir = filepath.Join(h, ".cache")
	}
	c.path = filepath.Join(dir, "belay", "packs.json")
	data, err := readRegular(c.path, 64<<20)
	if err != nil {
		return c
	}
	// A cache that does not decode is rebuilt, never trusted in part.
	var m map[string]*policy.Pack
	if json.Unmarshal(data, &m) == nil && m != nil {
		c.entries = m
	}
	return c
}

func (c *packCache) get(key string) *policy.Pack {
	p := c.entries[key]
	if p != nil {
		c.used[key] = true
	}
	return p
}

func (c *packCache) put(key string, p *policy.Pack) {
	c.entries[key] = p
	c.used[key] = true
	c.dirty = true
}

// save writes the cache atomically when it changed, keeping only the
// entries this run used: stale versions of edited packs are dropped.
func (c *packCache) save() {
	if !c.dirty || c.path == "" {
		return
	}
	for k := range c.entries {
		if !c.used[k] {
			delete(c.entries, k)
		}
	}
	data, err := json.Marshal(c.entries)
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), "packs-*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path) != nil {
		os.Remove(tmp.Name())
	}
}

// readRegular reads a file belay was told to trust, refusing what is not a
// regular file (a FIFO would hang the check) or is larger than max.
func readRegular(name string, max int64) ([]byte, error) {
	// O_NONBLOCK: opening a FIFO must not wait for a writer.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: refused: not a regular file", name)
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("%s: refused: %d bytes, more than %d", name, fi.Size(), max)
	}
	return io.ReadAll(io.LimitReader(f, max+1))
}
