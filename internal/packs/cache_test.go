package packs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/policy"
)

// loosenPack is a personal pack that tries to loosen a built-in rule: it
// parses (so it is cached) but is refused when compiled in the user's
// layer.
const loosenPack = `[pack]
name = "loosen"

[[override]]
id = "filesystem.delete-root"
action = "allow"
reason = "I know what I am doing"
`

// tamper rewrites every entry of the cache file at path with f, as
// someone who edits the file would.
func tamper(t *testing.T, path string, f func(ce *cacheEntry)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &cache{entries: map[string]*cacheEntry{}, path: path, write: true}
	c.parse(data)
	if len(c.entries) == 0 {
		t.Fatal("no entries in the cache")
	}
	for _, ce := range c.entries {
		f(ce)
		ce.used = true
	}
	c.dirty = true
	c.save()
}

// emptyRules removes the pack's rules and overrides from an entry, as
// someone who wants a pack to guard nothing would.
func emptyRules(t *testing.T, ce *cacheEntry) {
	p, err := decodePack(ce.pack)
	if err != nil {
		t.Fatal(err)
	}
	p.Rules, p.Overrides = nil, nil
	ce.pack = string(encodePack(nil, p))
}

// setLayer rewrites the layer an entry says its source is in.
func setLayer(t *testing.T, ce *cacheEntry, layer policy.Layer) {
	d := &decoder{s: ce.meta}
	path := d.str()
	d.uint()
	if d.err != nil {
		t.Fatal(d.err)
	}
	var e encoder
	e.str(path)
	e.uint(uint64(layer))
	ce.meta = string(e.b) + ce.meta[d.i:]
}

// cachedLayers is a user's layers with a fleet pack, a good personal pack
// and a refused personal pack, loaded once so that the cache is warm.
func cachedLayers(t *testing.T) *layers {
	t.Helper()
	needRoot(t)
	ly := newLayers(t)
	write(t, filepath.Join(ly.fleetDir(), "team.toml"), teamPack)
	write(t, filepath.Join(ly.userDir(), "loosen.toml"), loosenPack)
	l := Load(ly.opts())
	if l.parsed != 2 || len(l.Refused) != 1 {
		t.Fatalf("parsed %d, refused %q", l.parsed, l.Refused)
	}
	if l = Load(ly.opts()); l.parsed != 0 {
		t.Fatalf("the cache is not used: parsed %d", l.parsed)
	}
	return ly
}

// mustGuard fails unless the fleet's rule blocks, the personal loosening
// is refused, and parsed packs were read from their files, not the cache.
func mustGuard(t *testing.T, ly *layers, parsed int) {
	t.Helper()
	l := Load(ly.opts())
	if l.parsed != parsed {
		t.Errorf("parsed %d packs from their files, want %d: the tampered cache was used", l.parsed, parsed)
	}
	if d := decide(l, "systemctl stop postgresql"); d.Action != policy.Block {
		t.Errorf("the fleet's rule: %v", d.Action)
	}
	if len(l.Refused) != 1 || !strings.Contains(l.Refused[0], "a personal pack cannot loosen filesystem.delete-root") {
		t.Errorf("refused %q", l.Refused)
	}
	mustBlockRoot(t, l)
	// The cache is rebuilt, and good again.
	if l := Load(ly.opts()); l.parsed != 0 {
		t.Errorf("the cache was not rebuilt: parsed %d", l.parsed)
	}
}

// TestCacheTampering: whatever is done to the cache, belay judges with
// what the pack files say.
func TestCacheTampering(t *testing.T) {
	for _, tt := range []struct {
		name   string
		do     func(t *testing.T, ly *layers)
		parsed int // packs then read from their files
	}{
		{"rules emptied", func(t *testing.T, ly *layers) {
			tamper(t, ly.cacheFile(), func(ce *cacheEntry) { emptyRules(t, ce) })
		}, 2},
		{"a byte changed", func(t *testing.T, ly *layers) {
			tamper(t, ly.cacheFile(), func(ce *cacheEntry) {
				b := []byte(ce.pack)
				b[len(b)/2] ^= 1
				ce.pack = string(b)
			})
		}, 2},
		{"layer changed, checksum made good", func(t *testing.T, ly *layers) {
			// The refused personal pack made a fleet pack, and the fleet's
			// emptied, each with a checksum that matches: the layer is
			// where the file is, not what the cache says.
			tamper(t, ly.cacheFile(), func(ce *cacheEntry) {
				if strings.Contains(ce.meta, "loosen.toml") {
					setLayer(t, ce, policy.LayerSystem)
				} else {
					setLayer(t, ce, policy.LayerUser)
				}
				ce.sum = entrySum(ce.meta, ce.pack)
			})
		}, 2},
		{"source edited, size and time kept", func(t *testing.T, ly *layers) {
			// The fleet's rule is lowered in its file, keeping its size
			// and modification time: the cache, which holds the rule as
			// it was, must not stand in for the file.
			f := filepath.Join(ly.fleetDir(), "team.toml")
			fi, _ := os.Stat(f)
			edited := strings.Replace(teamPack, `"block"`, `"warn" `, 1)
			if len(edited) != len(teamPack) {
				t.Fatal("the edit changed the size")
			}
			write(t, f, edited)
			os.Chtimes(f, fi.ModTime(), fi.ModTime())
			l := Load(ly.opts())
			if l.parsed != 1 {
				t.Fatalf("parsed %d, want the edited file", l.parsed)
			}
			if d := decide(l, "systemctl stop postgresql"); d.Action != policy.Warn {
				t.Fatalf("the edited rule: %v", d.Action)
			}
			write(t, f, teamPack)
		}, 1},
		{"owned by someone else", func(t *testing.T, ly *layers) {
			tamper(t, ly.cacheFile(), func(ce *cacheEntry) { emptyRules(t, ce); ce.sum = entrySum(ce.meta, ce.pack) })
			if err := os.Chown(ly.cacheFile(), 1000, 1000); err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"writable by others", func(t *testing.T, ly *layers) {
			tamper(t, ly.cacheFile(), func(ce *cacheEntry) { emptyRules(t, ce); ce.sum = entrySum(ce.meta, ce.pack) })
			os.Chmod(ly.cacheFile(), 0o622)
		}, 2},
		{"a link to another file", func(t *testing.T, ly *layers) {
			tamper(t, ly.cacheFile(), func(ce *cacheEntry) { emptyRules(t, ce); ce.sum = entrySum(ce.meta, ce.pack) })
			other := filepath.Join(ly.dir, "elsewhere.cache")
			os.Rename(ly.cacheFile(), other)
			os.Symlink(other, ly.cacheFile())
		}, 2},
		{"from another build", func(t *testing.T, ly *layers) {
			data, _ := os.ReadFile(ly.cacheFile())
			data[len(cacheMagic)] ^= 1
			os.WriteFile(ly.cacheFile(), data, 0o600)
		}, 2},
		{"cut short", func(t *testing.T, ly *layers) {
			data, _ := os.ReadFile(ly.cacheFile())
			os.WriteFile(ly.cacheFile(), data[:len(data)-40], 0o600)
			if l := Load(ly.opts()); l.parsed < 1 {
				t.Fatal("an entry cut short was used")
			}
			os.WriteFile(ly.cacheFile(), data[:len(data)-40], 0o600)
		}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ly := cachedLayers(t)
			tt.do(t, ly)
			mustGuard(t, ly, tt.parsed)
		})
	}
}

// trustedRoot is a host root for trusted mode with a fleet pack, the
// directory the root cache goes in, and a user's cache the sudo path
// must never read.
func trustedRoot(t *testing.T) (Options, string) {
	t.Helper()
	needRoot(t)
	root := t.TempDir()
	write(t, filepath.Join(root, "etc", "belay", "rules.d", "team.toml"), teamPack)
	if err := os.MkdirAll(filepath.Join(root, "var", "cache"), 0o755); err != nil {
		t.Fatal(err)
	}
	ly := newLayers(t)
	opt := ly.opts()
	opt.Trusted, opt.Root = true, root
	return opt, filepath.Join(root, "var", "cache", "belay", cacheName)
}

// TestTrustedCache: the sudo path caches in /var/cache/belay, root's
// alone, and ignores a cache there that anyone else could have written.
func TestTrustedCache(t *testing.T) {
	opt, file := trustedRoot(t)
	l := Load(opt)
	if l.parsed != 1 || len(l.Refused) > 0 {
		t.Fatalf("parsed %d, refused %q", l.parsed, l.Refused)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 || fileUID(fi) != 0 {
		t.Fatalf("root cache: %v %v", err, fi)
	}
	dir, _ := os.Stat(filepath.Dir(file))
	if dir.Mode().Perm() != 0o700 {
		t.Errorf("cache directory mode %v", dir.Mode())
	}
	if l := Load(opt); l.parsed != 0 {
		t.Fatalf("the root cache is not used: parsed %d", l.parsed)
	}
	// Not from the environment: the user's cache is not read or written.
	if _, err := os.Stat(filepath.Join(opt.Getenv("XDG_CACHE_HOME"), "belay")); err == nil {
		t.Error("trusted mode wrote the user's cache")
	}

	for _, tt := range []struct {
		name string
		do   func()
	}{
		{"owned by a user", func() { os.Chown(file, 1000, 1000) }},
		{"writable by others", func() { os.Chmod(file, 0o606) }},
		{"its directory writable by others", func() { os.Chmod(filepath.Dir(file), 0o777) }},
		{"its directory a user's", func() { os.Chown(filepath.Dir(file), 1000, 1000) }},
		{"its directory a link", func() {
			os.Rename(filepath.Dir(file), filepath.Dir(file)+".real")
			os.Symlink(filepath.Base(filepath.Dir(file))+".real", filepath.Dir(file))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			Load(opt)
			if l := Load(opt); l.parsed != 0 {
				t.Fatalf("the root cache is not used: parsed %d", l.parsed)
			}
			tamper(t, file, func(ce *cacheEntry) { emptyRules(t, ce); ce.sum = entrySum(ce.meta, ce.pack) })
			tt.do()
			l := Load(opt)
			if l.parsed != 1 {
				t.Errorf("parsed %d: the cache was used", l.parsed)
			}
			if d := decide(l, "systemctl stop postgresql"); d.Action != policy.Block {
				t.Errorf("the fleet's rule: %v", d.Action)
			}
			// Put things back for the next case.
			os.Remove(filepath.Dir(file))
			os.RemoveAll(filepath.Dir(file) + ".real")
			os.RemoveAll(filepath.Dir(file))
		})
	}
}

// TestCacheStaysSmall: the cache keeps the packs of the last run only,
// and is rewritten only when something changed.
func TestCacheStaysSmall(t *testing.T) {
	ly := newLayers(t)
	write(t, filepath.Join(ly.userDir(), "a.toml"), strings.ReplaceAll(teamPack, "team", "a"))
	write(t, filepath.Join(ly.userDir(), "b.toml"), strings.ReplaceAll(teamPack, "team", "b"))
	Load(ly.opts())
	before, _ := os.Stat(ly.cacheFile())
	time.Sleep(10 * time.Millisecond)
	Load(ly.opts())
	after, _ := os.Stat(ly.cacheFile())
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("an unchanged cache was rewritten")
	}
	os.Remove(filepath.Join(ly.userDir(), "b.toml"))
	write(t, filepath.Join(ly.userDir(), "a.toml"), strings.ReplaceAll(teamPack, "team", "a")+"\n")
	Load(ly.opts())
	data, _ := os.ReadFile(ly.cacheFile())
	c := &cache{entries: map[string]*cacheEntry{}}
	c.parse(data)
	if len(c.entries) != 1 {
		t.Errorf("%d entries, want 1", len(c.entries))
	}
}

// FuzzCache: a cache file of any content is read without a panic, and
// never stands in for a pack file it was not made from.
func FuzzCache(f *testing.F) {
	dir := f.TempDir()
	src := filepath.Join(dir, "team.toml")
	write(f, src, teamPack)
	ly := &layers{dir: dir, env: map[string]string{"XDG_CACHE_HOME": filepath.Join(dir, "cache"), "BELAY_RULES": dir}}
	Load(ly.opts())
	good, err := os.ReadFile(ly.cacheFile())
	if err != nil {
		f.Fatal(err)
	}
	id := buildID()
	head := cacheMagic + string(id[:])
	f.Add(good[len(head):])
	f.Add([]byte{})
	f.Add([]byte("\x05hello\x03abc"))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := &cache{entries: map[string]*cacheEntry{}}
		c.parse(append([]byte(head), body...))
		for _, ce := range c.entries {
			decodePack(ce.pack)
		}
	})
}

// TestNoPacksNoCache: with nothing to cache, a check writes nothing, not
// even the cache's directory.
func TestNoPacksNoCache(t *testing.T) {
	ly := newLayers(t)
	Load(ly.opts())
	if _, err := os.Lstat(filepath.Join(ly.dir, "cache")); err == nil {
		t.Error("a cache directory was made with nothing to cache")
	}
}

// TestCacheChecksSource: an entry stands only for the file it was made
// from: another checksum of the content, another layer or other times
// are a miss, whatever the entry holds.
func TestCacheChecksSource(t *testing.T) {
	ly := newLayers(t)
	f := filepath.Join(ly.userDir(), "team.toml")
	write(t, f, teamPack)
	fi, err := os.Stat(f)
	if err != nil {
		t.Fatal(err)
	}
	c := &cache{entries: map[string]*cacheEntry{}}
	src := newSource(f, policy.LayerUser, fi, []byte(teamPack))
	c.put(src, &policy.Pack{Name: "team", Source: f})
	if c.get(src) == nil {
		t.Fatal("no hit for the same file")
	}
	other := src
	other.crc++
	if c.get(other) != nil {
		t.Error("a hit for other content")
	}
	other = src
	other.layer = policy.LayerSystem
	if c.get(other) != nil {
		t.Error("a hit in another layer")
	}
	os.Chtimes(f, fi.ModTime().Add(time.Second), fi.ModTime().Add(time.Second))
	fi2, _ := os.Stat(f)
	if c.get(newSource(f, policy.LayerUser, fi2, []byte(teamPack))) != nil {
		t.Error("a hit for other times")
	}
}
