package cli

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/belay-sh/belay/internal/packs/packstest"
)

// BenchmarkUserPacks measures what ten user packs of 50 rules each add to
// a check of an ordinary line, with the parsed-pack cache warm (the state
// after the first check), against no user packs at all.
func BenchmarkUserPacks(b *testing.B) {
	home := b.TempDir()
	packstest.UserPacks(b, filepath.Join(home, "config", "belay", "rules.d"), 10, 50)
	for _, withPacks := range []bool{false, true} {
		name := "builtin-only"
		if withPacks {
			name = "10x50-user-packs"
		}
		b.Run(name, func(b *testing.B) {
			env := map[string]string{"XDG_CACHE_HOME": filepath.Join(home, "cache")}
			if withPacks {
				env["XDG_CONFIG_HOME"] = filepath.Join(home, "config")
			}
			a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(k string) string { return env[k] },
				environ: func() []string { return nil }, cwd: "/home/u"}
			a.out = newOutput(a.stderr, a.getenv, "never")
			o := &checkOpts{root: "/", shell: "bash", color: "never"}
			if v, err := a.judge(o, "ls -la", nil); err != nil || (withPacks && len(v.rules.Set.Rules()) < 500) {
				b.Fatalf("warm-up: %v", err)
			}
			for b.Loop() {
				if _, err := a.judge(o, "ls -la", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
