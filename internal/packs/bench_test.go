package packs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/belay-sh/belay/internal/packs/packstest"
)

// BenchmarkFleet measures loading 48 fleet packs of 4 MiB each (a few
// rules and much documentation), which every sudo call decoded before the
// root cache (seconds and more than a gigabyte allocated a call):
//
//   - trusted-no-cache: the sudo path with nowhere to cache, as before;
//   - trusted-root-cache: the sudo path with /var/cache/belay warm;
//   - untrusted-user-cache: a check in a shell, its cache warm.
//
// Every pack file is still read and checksummed on every run: that is
// the price of never trusting the cache further than its source.
func BenchmarkFleet(b *testing.B) {
	if os.Getuid() != 0 {
		b.Skip("the fleet's files must be owned by root")
	}
	root := b.TempDir()
	packstest.BigPacks(b, filepath.Join(root, "etc", "belay", "rules.d"), 48, 4<<20-1024)
	ly := newLayers(b)
	ly.env["BELAY_ETC"] = filepath.Join(root, "etc", "belay")
	for _, bc := range []struct {
		name  string
		opt   Options
		cache bool
	}{
		{"trusted-no-cache", Options{Trusted: true, Root: root}, false},
		{"trusted-root-cache", Options{Trusted: true, Root: root}, true},
		{"untrusted-user-cache", ly.opts(), true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			os.RemoveAll(filepath.Join(root, "var"))
			os.MkdirAll(filepath.Join(root, "var", "cache"), 0o755)
			if !bc.cache {
				// Not root's: no cache goes below it.
				os.Chown(filepath.Join(root, "var"), 1000, 1000)
			}
			l := Load(bc.opt)
			if len(l.Refused) > 0 || len(l.Set.Rules()) < 480 {
				b.Fatalf("refused %q, %d rules", l.Refused, len(l.Set.Rules()))
			}
			b.ReportAllocs()
			for b.Loop() {
				l := Load(bc.opt)
				if bc.cache && l.parsed != 0 {
					b.Fatalf("parsed %d", l.parsed)
				}
			}
		})
	}
}

// BenchmarkUserPacksLoad measures loading ten user packs of 50 rules
// from a warm cache, the part of BenchmarkUserPacks (internal/cli) that
// is this package's.
func BenchmarkUserPacksLoad(b *testing.B) {
	ly := newLayers(b)
	packstest.UserPacks(b, ly.userDir(), 10, 50)
	if l := Load(ly.opts()); len(l.Refused) > 0 {
		b.Fatal(l.Refused)
	}
	b.ReportAllocs()
	for b.Loop() {
		if l := Load(ly.opts()); l.parsed != 0 {
			b.Fatalf("parsed %d", l.parsed)
		}
	}
}
