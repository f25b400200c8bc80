package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeUserPacks writes n packs of m rules each, shaped like real ones,
// into dir.
func writeUserPacks(tb testing.TB, dir string, n, m int) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "[pack]\nname = \"team%d\"\n", i)
		for j := range m {
			switch j % 3 {
			case 0:
				fmt.Fprintf(&b, "\n[[rule]]\nid = \"team%d.r%d\"\naction = \"confirm\"\nmessage = \"{command} stops service %d\"\ncommand = [\"systemctl\"]\nsubcommand = [\"stop\", \"restart\"]\noperands = [\"svc%d-%d\", \"svc%d-%d@*\"]\n", i, j, j, i, j, i, j)
				fmt.Fprintf(&b, "  [[rule.test]]\n  line = \"systemctl stop svc%d-%d\"\n  match = true\n  [[rule.test]]\n  line = \"systemctl status svc%d-%d\"\n  match = false\n", i, j, i, j)
			case 1:
				fmt.Fprintf(&b, "\n[[rule]]\nid = \"team%d.r%d\"\naction = \"block\"\nmessage = \"{command} deletes {target}\"\neffect = [\"delete\", \"rename\"]\npaths = [\"/srv/team%d/data%d/**\"]\n", i, j, i, j)
				fmt.Fprintf(&b, "  [[rule.test]]\n  line = \"rm -rf /srv/team%d/data%d\"\n  match = true\n  [[rule.test]]\n  line = \"rm -rf /srv/team%d/other\"\n  match = false\n", i, j, i)
			default:
				fmt.Fprintf(&b, "\n[[rule]]\nid = \"team%d.r%d\"\naction = \"warn\"\nmessage = \"{command} touches prod db %d\"\ncommand = [\"psql\", \"mysql\"]\nargv_regex = '(?i)\\bprod%d-%d\\b'\n", i, j, j, i, j)
				fmt.Fprintf(&b, "  [[rule.test]]\n  line = \"psql -h prod%d-%d\"\n  match = true\n  [[rule.test]]\n  line = \"psql -h staging\"\n  match = false\n", i, j)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("team%d.toml", i)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkUserPacks measures what ten user packs of 50 rules each add to
// a check of an ordinary line, with the parsed-pack cache warm (the state
// after the first check), against no user packs at all.
func BenchmarkUserPacks(b *testing.B) {
	home := b.TempDir()
	writeUserPacks(b, filepath.Join(home, "config", "belay", "rules.d"), 10, 50)
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
			if v, err := a.judge(o, "ls -la", nil); err != nil || (withPacks && len(v.rules.set.Rules()) < 500) {
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

// TestUserPacksLoad checks the benchmark's packs load, pass their own
// tests and are served from the cache the second time.
func TestUserPacksLoad(t *testing.T) {
	home := t.TempDir()
	writeUserPacks(t, filepath.Join(home, "config", "belay", "rules.d"), 2, 6)
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_CACHE_HOME": filepath.Join(home, "cache")}
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(k string) string { return env[k] }, environ: func() []string { return nil }}
	l, err := a.loadRules(nil)
	if err != nil || len(l.refused) > 0 {
		t.Fatalf("%v %v", err, l.refused)
	}
	if _, err := os.Stat(filepath.Join(home, "cache", "belay", "packs.json")); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	l2, err := a.loadRules(nil)
	if err != nil || len(l2.set.Rules()) != len(l.set.Rules()) {
		t.Fatalf("from the cache: %v, %d rules, want %d", err, len(l2.set.Rules()), len(l.set.Rules()))
	}
}

// TestPackFIFORefused: a FIFO in rules.d must not hang the check; it is
// refused like any other bad file, and the check goes on.
func TestPackFIFORefused(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "config", "belay", "rules.d")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.toml"), 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(home, "config")}
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(k string) string { return env[k] }, environ: func() []string { return nil }}
	done := make(chan *loaded, 1)
	go func() {
		l, _ := a.loadRules(nil)
		done <- l
	}()
	select {
	case l := <-done:
		if l == nil || len(l.refused) != 1 || !strings.Contains(l.refused[0], "not a regular file") {
			t.Fatalf("refused: %v", l)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a FIFO in rules.d hung the check")
	}
}
