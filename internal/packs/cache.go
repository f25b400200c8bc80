package packs

import (
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/belay-sh/belay/internal/lazy"
	"github.com/belay-sh/belay/internal/policy"
)

// The parsed-pack cache spares a check decoding TOML (about 4 ms per 200
// rules) for every pack on every line. It is one file:
//
//   - untrusted mode: $XDG_CACHE_HOME/belay/packs.cache (default
//     ~/.cache/belay), read only when owned by the user belay runs as and
//     not writable by group or others;
//   - trusted mode (the sudo plugin): /var/cache/belay/packs.cache, read
//     only when it and every directory above it are owned by root and
//     writable by no one else, written only by root. No environment
//     variable moves it.
//
// Running as root in untrusted mode (root's own shell), the same rule
// on directories applies to root's ~/.cache.
//
// It is only a cache. An entry is used only when the pack file it was
// made from is, right now, the same file in the same layer with the same
// owner, mode, size, modification and change times, and the same
// checksum of its content, and when the entry's own SHA-256, bound to
// all of that and to this build of belay, matches. Anything else is a
// miss: the pack is read from its file.
//
// The file's checksum is CRC-32C, computed on every check. It is there to
// catch a change its size and times do not show (a filesystem whose
// timestamps are coarser than two edits), not to resist forgery: a
// change that keeps the change time (ctime) takes root, and whoever can
// write a pack file or the cache can put what they like in it directly.
// CRC-32C runs at the speed of reading the file; SHA-256 cost ten times
// as much, which for 48 packs of 4 MiB was most of a check (see
// BenchmarkFleet), and still far less than decoding the TOML.
//
// The checksum is not a secret: a process running as the user can
// rewrite the user's cache and its checksums, as it can the user's packs,
// belay.toml, BELAY_ETC and shell hooks. What the user's cache protects
// is belay from a cache edited by hand, corrupted, left over from
// another build or planted by someone else; what guards a fleet's rules
// against the user is the sudo path, whose cache only root can write.
const cacheName = "packs.cache"

// maxCacheSize bounds the cache file read.
const maxCacheSize = 64 << 20

// cacheMagic starts a cache file; the byte after it is the format.
const cacheMagic = "belay parsed packs\n\x01"

// source is a pack file as it is now: where, whose, and a checksum of
// its content.
type source struct {
	path  string
	layer policy.Layer
	fi    fs.FileInfo
	crc   uint32 // CRC-32C
}

// castagnoli is made on first use, not at init: a check that reads no
// pack file pays nothing for it.
var castagnoli = lazy.Value[*crc32.Table]{Build: func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }}

// newSource describes the pack file at path, whose content is data.
func newSource(path string, layer policy.Layer, fi fs.FileInfo, data []byte) source {
	return source{path: path, layer: layer, fi: fi, crc: crc32.Checksum(data, castagnoli.Get())}
}

// meta is what an entry records about its source, in the entry's order.
func (s source) meta(e *encoder) {
	e.str(s.path)
	e.uint(uint64(s.layer))
	st, _ := s.fi.Sys().(*syscall.Stat_t)
	if st == nil {
		st = &syscall.Stat_t{}
	}
	e.uint(uint64(st.Uid))
	e.uint(uint64(s.fi.Mode()))
	e.uint(uint64(s.fi.Size()))
	e.uint(uint64(s.fi.ModTime().UnixNano()))
	e.uint(uint64(st.Ctim.Sec)*1e9 + uint64(st.Ctim.Nsec))
	e.uint(uint64(st.Dev))
	e.uint(uint64(st.Ino))
	e.uint(uint64(s.crc))
}

// cacheEntry is one cached pack: the bytes of its source's meta, then of
// the pack, as written; sum is sha256(build id, meta, pack).
type cacheEntry struct {
	meta, pack string
	sum        [sha256.Size]byte
	used       bool
}

// entrySum is the checksum of an entry: sha256(build id, meta, pack).
func entrySum(meta, pack string) [sha256.Size]byte {
	h := sha256.New()
	id := buildID()
	h.Write(id[:])
	h.Write([]byte(meta))
	h.Write([]byte(pack))
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// cache is the parsed-pack cache of one run.
type cache struct {
	path    string // "" when there is none
	write   bool   // this run may write it
	root    bool   // root's: only where no one else can put or swap a file
	entries map[string]*cacheEntry
	dirty   bool
}

// openCache reads the cache of opt's mode; what cannot be trusted is
// left unread, and then rewritten if this run may.
func openCache(opt *Options) *cache {
	c := &cache{entries: map[string]*cacheEntry{}}
	euid := uint32(os.Geteuid())
	owner := euid
	var dir string
	if opt.Trusted {
		dir, owner = filepath.Join(opt.root(), "var", "cache", "belay"), 0
	} else {
		dir = opt.getenv("XDG_CACHE_HOME")
		if dir == "" {
			h := opt.getenv("HOME")
			if h == "" {
				return c
			}
			dir = filepath.Join(h, ".cache")
		}
		dir = filepath.Join(dir, "belay")
	}
	c.path, c.write, c.root = filepath.Join(dir, cacheName), euid == owner, owner == 0
	// Root reads and writes only where no one else can put or swap a
	// file: a user could otherwise have root write into a directory of
	// their choosing through a link.
	if c.root && !rootPath(dir, false) {
		return c
	}
	if data, err := readCache(c.path, owner); err == nil {
		c.parse(data)
	}
	return c
}

// maxPathDepth bounds the directories rootPath walks through.
const maxPathDepth = 64

// rootPath says whether dir and every directory above it are real
// directories (not links) owned by root that no one else can change:
// writable by root alone, or sticky (as /tmp is), where others cannot
// rename or remove what is not theirs. With create, running as root, it
// makes what is missing, 0700, below directories that passed.
func rootPath(dir string, create bool) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	ok := func(fi fs.FileInfo) bool {
		return fi.IsDir() && fileUID(fi) == 0 && (fi.Mode().Perm()&0o022 == 0 || fi.Mode()&fs.ModeSticky != 0)
	}
	parts := strings.Split(strings.Trim(dir, "/"), "/")
	if len(parts) > maxPathDepth {
		return false
	}
	p := "/"
	for _, part := range append([]string{""}, parts...) {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if os.IsNotExist(err) && create && os.Geteuid() == 0 {
			if os.Mkdir(p, 0o700) != nil {
				return false
			}
			fi, err = os.Lstat(p)
		}
		if err != nil || !ok(fi) {
			return false
		}
	}
	return true
}

// readCache reads the cache file when owner owns it, it is a regular file
// (not a link) and no one else can write it.
func readCache(path string, owner uint32) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fileUID(fi) != owner || fi.Mode().Perm()&0o022 != 0 {
		return nil, fmt.Errorf("%s: not a regular file of uid %d that only it can write", path, owner)
	}
	return readAtMost(f, path, fi.Size(), maxCacheSize, nil)
}

// parse indexes the entries of a cache file. A file of another format or
// build is ignored whole; an entry cut short ends the reading.
func (c *cache) parse(data []byte) {
	id := buildID()
	head := cacheMagic + string(id[:])
	if len(data) < len(head) || string(data[:len(head)]) != head {
		return
	}
	d := &decoder{s: string(data[len(head):])}
	for d.i < len(d.s) && d.err == nil {
		meta, pack := d.str(), d.str()
		if d.err != nil || len(d.s)-d.i < sha256.Size {
			return
		}
		ce := &cacheEntry{meta: meta, pack: pack}
		copy(ce.sum[:], d.s[d.i:])
		d.i += sha256.Size
		md := &decoder{s: meta}
		path, layer := md.str(), md.uint()
		// Bounded like a pack file: decoding work stays in proportion.
		// (A pack whose cached form is larger is read from its file.)
		if md.err == nil && len(pack) <= policy.MaxPackSize {
			c.entries[cacheKey(path, policy.Layer(layer))] = ce
		}
	}
}

func cacheKey(path string, layer policy.Layer) string {
	return fmt.Sprintf("%d\x00%s", layer, path)
}

// get returns the cached pack made from src as it is now, or nil.
func (c *cache) get(src source) *policy.Pack {
	ce := c.entries[cacheKey(src.path, src.layer)]
	if ce == nil {
		return nil
	}
	var e encoder
	src.meta(&e)
	if string(e.b) != ce.meta || entrySum(ce.meta, ce.pack) != ce.sum {
		return nil
	}
	p, err := decodePack(ce.pack)
	if err != nil || p.Source != src.path {
		return nil
	}
	p.Layer = src.layer
	ce.used = true
	return p
}

// put caches p, read from src.
func (c *cache) put(src source, p *policy.Pack) {
	var e encoder
	src.meta(&e)
	ce := &cacheEntry{meta: string(e.b), pack: string(encodePack(nil, p)), used: true}
	ce.sum = entrySum(ce.meta, ce.pack)
	c.entries[cacheKey(src.path, src.layer)] = ce
	c.dirty = true
}

// save writes the cache when it changed, keeping only the entries this
// run used: stale versions of edited packs go. The file is replaced
// whole (a new file renamed over it), mode 0600.
func (c *cache) save() {
	if !c.dirty || c.path == "" || !c.write {
		return
	}
	id := buildID()
	e := &encoder{b: append([]byte(cacheMagic), id[:]...)}
	for _, k := range sortedKeys(c.entries) {
		ce := c.entries[k]
		if !ce.used {
			continue
		}
		e.str(ce.meta)
		e.str(ce.pack)
		e.b = append(e.b, ce.sum[:]...)
	}
	dir := filepath.Dir(c.path)
	if c.root && !rootPath(dir, true) {
		return
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, "packs-*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(e.b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path) != nil {
		os.Remove(tmp.Name())
	}
}

var buildIDOnce = lazy.Value[[sha256.Size]byte]{Build: func() [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintln(h, cacheMagic, runtime.Version())
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintln(h, bi.Main.Path, bi.Main.Version, bi.Main.Sum)
		for _, s := range bi.Settings {
			fmt.Fprintln(h, s.Key, s.Value)
		}
	}
	// A build from a modified tree says nothing of which modification:
	// the executable itself does.
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			st, _ := fi.Sys().(*syscall.Stat_t)
			fmt.Fprintln(h, exe, fi.Size(), fi.ModTime().UnixNano())
			if st != nil {
				fmt.Fprintln(h, st.Dev, st.Ino)
			}
		}
	}
	var id [sha256.Size]byte
	copy(id[:], h.Sum(nil))
	return id
}}

// buildID tells this build of belay from others: a pack's self-test, and
// the form of a cached pack, depend on it.
func buildID() [sha256.Size]byte { return buildIDOnce.Get() }
