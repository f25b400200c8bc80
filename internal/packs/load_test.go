package packs

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/packs/packstest"
	"github.com/belay-sh/belay/internal/policy"
)

// layers is a hermetic set of layers under one temp dir: the fleet's in
// etc, the user's in config, the user's cache in cache.
type layers struct {
	dir string
	env map[string]string
}

func newLayers(t testing.TB) *layers {
	dir := t.TempDir()
	return &layers{dir: dir, env: map[string]string{
		"HOME":            filepath.Join(dir, "home"),
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_CACHE_HOME":  filepath.Join(dir, "cache"),
		"BELAY_ETC":       filepath.Join(dir, "etc"),
	}}
}

func (l *layers) opts() Options {
	return Options{Getenv: func(k string) string { return l.env[k] }}
}

func (l *layers) fleetDir() string { return filepath.Join(l.dir, "etc", "rules.d") }
func (l *layers) userDir() string  { return filepath.Join(l.dir, "config", "belay", "rules.d") }
func (l *layers) fleetConfig() string {
	return filepath.Join(l.dir, "etc", "belay.toml")
}
func (l *layers) userConfig() string {
	return filepath.Join(l.dir, "config", "belay", "belay.toml")
}
func (l *layers) cacheFile() string { return filepath.Join(l.dir, "cache", "belay", cacheName) }

// write writes a file, making its directory.
func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// needRoot skips a test of the fleet's layer, whose files must be owned
// by root, when not running as root.
func needRoot(t testing.TB) {
	if os.Getuid() != 0 {
		t.Skip("the fleet's files must be owned by root")
	}
}

// decide judges line with the loaded rules; no host fact holds.
func decide(l *Loaded, line string) policy.Decision {
	a := AnalyzeTest(policy.Test{Line: line})
	return l.Set.Decide(a, policy.AskerFunc(func(string, string) (policy.Answer, error) { return policy.Answer{}, nil }))
}

// mustBlockRoot fails unless rm -rf / is blocked by the built-in rule.
func mustBlockRoot(t *testing.T, l *Loaded) {
	t.Helper()
	d := decide(l, "rm -rf /")
	if d.Action != policy.Block || len(d.Findings) == 0 || d.Findings[0].RuleID != "filesystem.delete-root" {
		t.Fatalf("rm -rf /: %v %+v", d.Action, d.Findings)
	}
}

const teamPack = `[pack]
name = "team"

[[rule]]
id = "team.stop-postgres"
action = "block"
message = "{command} stops the primary database"
command = ["systemctl"]
subcommand = ["stop"]
operands = ["postgresql"]

  [[rule.test]]
  line = "systemctl stop postgresql"
  match = true
  [[rule.test]]
  line = "systemctl status postgresql"
  match = false
`

// TestUserPacksLoad checks generated packs load, pass their own tests
// and are served from the cache the second time.
func TestUserPacksLoad(t *testing.T) {
	ly := newLayers(t)
	// With no pack file, the cache is not even opened.
	if l := Load(ly.opts()); l.cached || len(l.Set.Rules()) == 0 {
		t.Fatalf("no pack files: cache opened %v, %d rules", l.cached, len(l.Set.Rules()))
	}
	packstest.UserPacks(t, ly.userDir(), 2, 6)
	l := Load(ly.opts())
	if len(l.Refused) > 0 || l.parsed != 2 || !l.cached {
		t.Fatalf("refused %v, parsed %d, cache opened %v", l.Refused, l.parsed, l.cached)
	}
	if fi, err := os.Stat(ly.cacheFile()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("no cache written, or not 0600: %v", err)
	}
	l2 := Load(ly.opts())
	if l2.parsed != 0 || len(l2.Set.Rules()) != len(l.Set.Rules()) {
		t.Fatalf("from the cache: parsed %d, %d rules, want %d", l2.parsed, len(l2.Set.Rules()), len(l.Set.Rules()))
	}
	if d := decide(l2, "rm -rf /srv/team1/data4"); d.Action != policy.Block {
		t.Errorf("a cached path rule does not match: %v", d.Action)
	}
	if d := decide(l2, "psql -h prod0-5"); d.Action != policy.Warn {
		t.Errorf("a cached regexp rule does not match: %v", d.Action)
	}
}

// TestPackFIFORefused: a FIFO in rules.d must not hang the check; it is
// refused like any other bad file, and the check goes on.
func TestPackFIFORefused(t *testing.T) {
	ly := newLayers(t)
	if err := os.MkdirAll(ly.userDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(ly.userDir(), "fifo.toml"), 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
	done := make(chan *Loaded, 1)
	go func() { done <- Load(ly.opts()) }()
	select {
	case l := <-done:
		if len(l.Refused) != 1 || !strings.Contains(l.Refused[0], "not a regular file") {
			t.Fatalf("refused: %v", l.Refused)
		}
		mustBlockRoot(t, l)
	case <-time.After(5 * time.Second):
		t.Fatal("a FIFO in rules.d hung the check")
	}
}

// TestDisabledPackOverride: with a built-in pack disabled in the fleet's
// belay.toml, a fleet pack that overrides one of its rules is refused
// alone, by name; the other fleet packs, the fleet's config and the
// other built-in packs keep working.
func TestDisabledPackOverride(t *testing.T) {
	needRoot(t)
	ly := newLayers(t)
	write(t, ly.fleetConfig(), "disabled_packs = [\"git\"]\n[actions]\n\"system.reboot\" = \"block\"\n")
	write(t, filepath.Join(ly.fleetDir(), "10-gitpolicy.toml"), "[pack]\nname = \"gitpolicy\"\n\n[[override]]\nid = \"git.force-push-main\"\naction = \"warn\"\nreason = \"we rebase\"\n")
	write(t, filepath.Join(ly.fleetDir(), "20-team.toml"), teamPack)
	l := Load(ly.opts())
	if len(l.Refused) != 1 || !strings.Contains(l.Refused[0], "10-gitpolicy.toml") || !strings.Contains(l.Refused[0], "override of unknown rule git.force-push-main") {
		t.Fatalf("refused %q", l.Refused)
	}
	mustBlockRoot(t, l)
	if d := decide(l, "systemctl stop postgresql"); d.Action != policy.Block {
		t.Errorf("the team pack after the refused one: %v", d.Action)
	}
	if d := decide(l, "reboot"); d.Action != policy.Block {
		t.Errorf("the fleet's [actions]: %v", d.Action)
	}
	if l.Set.Rule("git.force-push-main") != nil {
		t.Error("the disabled pack is loaded")
	}
	// An [actions] setting for a rule of the disabled pack is left out
	// alone, too.
	write(t, ly.fleetConfig(), "disabled_packs = [\"git\"]\n[actions]\n\"git.force-push-main\" = \"block\"\n\"system.reboot\" = \"block\"\n")
	l = Load(ly.opts())
	if len(l.Refused) != 2 || !strings.Contains(l.Refused[1], ly.fleetConfig()+":3: override of unknown rule git.force-push-main") {
		t.Fatalf("refused %q", l.Refused)
	}
	if d := decide(l, "reboot"); d.Action != policy.Block {
		t.Errorf("the fleet's other [actions]: %v", d.Action)
	}
}

// brokenConfigs are the ways a belay.toml can fail, each with what the
// message about it says. make writes the broken file at path.
var brokenConfigs = []struct {
	name string
	make func(t *testing.T, path string)
	want string
}{
	{name: "typo in a key", make: func(t *testing.T, p string) { write(t, p, "prompt_timout = \"5s\"\n") }, want: ":1:1: unknown key prompt_timout (did you mean prompt_timeout?): ignored"},
	{name: "bad value", make: func(t *testing.T, p string) { write(t, p, "mode = \"obsreve\"\n") }, want: ":1:1: mode must be"},
	{name: "invalid TOML", make: func(t *testing.T, p string) { write(t, p, "mode = enforce\n") }, want: ":1:8: expected value but found \"enforce\" instead: the whole file is ignored"},
	{name: "too large", make: func(t *testing.T, p string) { write(t, p, "# "+strings.Repeat("x", 2<<20)+"\n") }, want: ": refused: 2097155 bytes, more than 65536: the whole file is ignored"},
	{name: "too deep", make: func(t *testing.T, p string) { write(t, p, "a = "+strings.Repeat("[", 20)+strings.Repeat("]", 20)+"\n") }, want: ":1:13: nested too deeply"},
	{name: "a directory", make: func(t *testing.T, p string) {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}, want: ": refused: not a regular file: the whole file is ignored"},
	{name: "a FIFO", make: func(t *testing.T, p string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip(err)
		}
	}, want: ": refused: not a regular file"},
	{name: "a link loop", make: func(t *testing.T, p string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(filepath.Base(p), p); err != nil {
			t.Fatal(err)
		}
	}, want: ": too many levels of symbolic links: the whole file is ignored"},
	{name: "a file for its directory", make: func(t *testing.T, p string) {
		if _, err := os.Stat(filepath.Dir(p)); err == nil {
			t.Skip("its directory holds packs")
		}
		write(t, filepath.Dir(p)+".d", "")
		if err := os.Symlink(filepath.Base(filepath.Dir(p))+".d", filepath.Dir(p)); err != nil && !os.IsExist(err) {
			t.Fatal(err)
		}
	}, want: ": not a directory: the whole file is ignored"},
	{name: "unreadable", make: func(t *testing.T, p string) {
		if os.Getuid() == 0 {
			t.Skip("root reads any file")
		}
		write(t, p, "mode = \"enforce\"\n")
		os.Chmod(p, 0)
	}, want: ": permission denied: the whole file is ignored"},
	{name: "writable by others", make: func(t *testing.T, p string) {
		write(t, p, "environment = \"x\"\n")
		os.Chmod(p, 0o666)
	}, want: ": refused: writable by group or others (mode 0666)"},
}

// TestBrokenConfig: a belay.toml that cannot be used, the fleet's or the
// user's, is named and ignored; the packs and the other file still load.
func TestBrokenConfig(t *testing.T) {
	for _, layer := range []string{"fleet", "user"} {
		for _, bc := range brokenConfigs {
			t.Run(layer+"/"+bc.name, func(t *testing.T) {
				ly := newLayers(t)
				broken, other := ly.fleetConfig(), ly.userConfig()
				if layer == "user" {
					broken, other = other, broken
				}
				if os.Getuid() == 0 {
					write(t, filepath.Join(ly.fleetDir(), "team.toml"), teamPack)
				} else if layer == "fleet" {
					t.Skip("the fleet's files must be owned by root")
				} else {
					// Not root: the fleet's layer is unusable; the team
					// pack goes in the user's, and there is no other config.
					write(t, filepath.Join(ly.userDir(), "team.toml"), teamPack)
					other = ""
				}
				bc.make(t, broken)
				if other != "" {
					write(t, other, "[actions]\n\"system.reboot\" = \"block\"\n")
				}
				l := Load(ly.opts())
				if len(l.Ignored) != 1 || !strings.HasPrefix(l.Ignored[0], broken) || !strings.Contains(l.Ignored[0], bc.want) {
					t.Fatalf("ignored %q, want %s%s", l.Ignored, broken, bc.want)
				}
				if len(l.Refused) > 0 {
					t.Errorf("refused %q", l.Refused)
				}
				mustBlockRoot(t, l)
				if d := decide(l, "systemctl stop postgresql"); d.Action != policy.Block {
					t.Errorf("the fleet's pack: %v", d.Action)
				}
				if d := decide(l, "reboot"); other != "" && d.Action != policy.Block {
					t.Errorf("the other config file: %v", d.Action)
				}
			})
		}
	}
}

// TestFleetConfigOwner: in /etc, a belay.toml not owned by root is
// ignored, named.
func TestFleetConfigOwner(t *testing.T) {
	needRoot(t)
	ly := newLayers(t)
	write(t, ly.fleetConfig(), "mode = \"observe\"\n")
	if err := os.Chown(ly.fleetConfig(), 1000, 1000); err != nil {
		t.Fatal(err)
	}
	cfg, ignored := LoadConfig(ly.opts())
	if cfg.Mode != "" || len(ignored) != 1 || !strings.Contains(ignored[0], ly.fleetConfig()+": refused: fleet files must be owned by root (owner uid 1000)") {
		t.Fatalf("mode %q, ignored %q", cfg.Mode, ignored)
	}
}

// TestExplicitConfigMissing: --config naming a file that is not there is
// said, and belay goes on with no config.
func TestExplicitConfigMissing(t *testing.T) {
	ly := newLayers(t)
	opt := ly.opts()
	opt.Config = filepath.Join(ly.dir, "nope.toml")
	l := Load(opt)
	if len(l.Ignored) != 1 || !strings.Contains(l.Ignored[0], "nope.toml: no such file or directory") {
		t.Fatalf("ignored %q", l.Ignored)
	}
	mustBlockRoot(t, l)
}

// TestUserConfigOnlyTightens: the user's belay.toml cannot switch on
// observe mode, disable packs or lower the fleet's action; each is named.
func TestUserConfigOnlyTightens(t *testing.T) {
	needRoot(t)
	ly := newLayers(t)
	write(t, ly.fleetConfig(), "[actions]\n\"filesystem.delete-system-tree\" = \"block\"\n")
	write(t, ly.userConfig(), "mode = \"observe\"\nenvironment = \"dev\"\ndisabled_packs = [\"filesystem\"]\n[actions]\n\"filesystem.delete-system-tree\" = \"warn\"\n\"system.reboot\" = \"block\"\n")
	l := Load(ly.opts())
	all := strings.Join(l.Ignored, "\n")
	for _, want := range []string{"mode = \"observe\" is only honoured from /etc/belay", "disabled_packs is only honoured from /etc/belay",
		"environment is only honoured from /etc/belay",
		ly.userConfig() + ":5: actions.filesystem.delete-system-tree = \"warn\" would loosen the fleet's \"block\": ignored"} {
		if !strings.Contains(all, want) {
			t.Errorf("ignored %q, want %q", all, want)
		}
	}
	if l.Config.Mode != "" {
		t.Errorf("mode %q", l.Config.Mode)
	}
	mustBlockRoot(t, l)
	if d := decide(l, "rm -rf /var/www/*"); d.Action != policy.Block {
		t.Errorf("the fleet's action: %v", d.Action)
	}
	if d := decide(l, "reboot"); d.Action != policy.Block {
		t.Errorf("the user's tightening: %v", d.Action)
	}
}
