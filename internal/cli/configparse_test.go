package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pathologicalConfigs are belay.toml files built to be slow to decode.
func pathologicalConfigs() map[string]string {
	return map[string]string{
		"inline-tables-10000": "a = " + strings.Repeat("{b=", 10000) + "1" + strings.Repeat("}", 10000),
		"arrays-100000":       "a = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
		"dotted-key-10000":    strings.Repeat("a.", 10000) + "b = 1\n",
		"header-10000":        "[" + strings.Repeat("a.", 10000) + "b]\n",
		"huge":                "environment = \"" + strings.Repeat("x", 1<<20) + "\"\n",
		"nested-9":            "a = " + strings.Repeat("[", 9) + strings.Repeat("]", 9),
	}
}

func TestParseConfigLimits(t *testing.T) {
	for name, data := range pathologicalConfigs() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			c, err := parseConfig("belay.toml", []byte(data))
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %v", took)
			}
			if err == nil || c != nil {
				t.Fatalf("accepted")
			}
			if !strings.Contains(err.Error(), "nested too deeply") && !strings.Contains(err.Error(), "too large") {
				t.Errorf("error: %v", err)
			}
		})
	}
	for _, good := range []string{
		"",
		"environment = \"production\"\nmode = 'observe'\n[actions]\n\"filesystem.delete-root\" = \"block\"\n",
		"# comment with [[[[[[[[[[[ and {{{{{{{{{{ and a.b.c.d.e.f.g.h.i.j\n[audit]\nfile = \"/var/log/x.jsonl\" # ]]]]\nsyslog = false\nfacility = \"local3\"\nlog_allowed = true\n",
		"prompt_timeout = \"30s\"\nhook_timeout = \"1.5s\"\n[shell]\nreal = '/bin/bash'\nno_tty_confirm = \"\"\"block\"\"\"\n",
		"disabled_packs = [\"a\", \"b\"]\nenvironment = \"\"\"\n[[[[[[[[[[[{{{{{{{{{{{\n\\\"\"\"\"\n",
	} {
		if _, err := parseConfig("belay.toml", []byte(good)); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

func TestTOMLTooDeep(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int
	}{
		{"a = [[1]]", 0},
		{"a = [[[[[[[[1]]]]]]]]", 0},
		{"a = [[[[[[[[[1]]]]]]]]]", 1},
		{"x = 1\n\ny = {a={b={c={d={e={f={g={h={i=1}}}}}}}}}", 3},
		{"a.b.c.d.e.f.g.h = 1", 0},
		{"a.b.c.d.e.f.g.h.i = 1", 1},
		{"v = 1.5\nw = 2.5", 0},
		{"s = \"[[[[[[[[[[[[[[[[\"", 0},
		{"s = '''\n{{{{{{{{{{{{{{{{{\n'''\nt = [[[[[[[[[[1]]]]]]]]]]", 4},
		{"# {{{{{{{{{{{{{{{{{{\nk = 1", 0},
		{"s = \"\\\"[[[[[[[[[[[[[\"", 0},
		{"[[[[[[[[[[", 1},
	} {
		if got := tomlTooDeep([]byte(tt.src), maxConfigDepth); got != tt.want {
			t.Errorf("tomlTooDeep(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

// TestConfigTooDeepIsAnError: a pathological belay.toml is an error that
// names the file, like any broken config; never exit 2 on a check, which
// hooks and agents run.
func TestConfigTooDeepIsAnError(t *testing.T) {
	env := auditEnv(t)
	cfg := filepath.Join(t.TempDir(), "belay.toml")
	os.WriteFile(cfg, []byte(pathologicalConfigs()["inline-tables-10000"]), 0o644)
	env["BELAY_CONFIG"] = cfg
	code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", "ls")
	if code == ExitUsage || !strings.Contains(stderr, cfg+":1: nested too deeply") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// FuzzParseConfig: any belay.toml is read or refused, quickly, without a
// panic; one that is read merges and makes an override pack.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("environment = \"production\"\nmode = \"observe\"\n[actions]\n\"a.b\" = \"block\"\n[audit]\nsyslog = false\n"))
	f.Add([]byte("prompt_timeout = \"30s\"\n[shell]\nreal = \"/bin/zsh\"\ndisabled_packs = ['x']"))
	f.Add([]byte("a = [[[[[[[[[[1]]]]]]]]]]"))
	f.Add([]byte("x = {y = {z = 1}}\n'q'.\"r\".s = '''t'''"))
	f.Add([]byte("hook_timeout = \"-1s\"\nprompt_timeout = \"9999h\""))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		c, err := parseConfig("belay.toml", data)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("took %v", took)
		}
		if err != nil {
			if c != nil {
				t.Fatal("config and error")
			}
			return
		}
		var warnings []string
		cfg := &Config{}
		cfg.merge(c, configFile{path: "belay.toml"}, &warnings)
		cfg.overridePacks()
	})
}

// BenchmarkParseConfig: how long a pathological belay.toml takes to be
// refused.
func BenchmarkParseConfig(b *testing.B) {
	for name, data := range pathologicalConfigs() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				parseConfig("belay.toml", []byte(data))
			}
		})
	}
}

// TestConfigActionsLayers: [actions] in the fleet's belay.toml may set
// any action; in the user's they may only tighten, against the built-in
// rules as well as against the fleet's settings.
func TestConfigActionsLayers(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("the fleet's config must be owned by root")
	}
	for _, tt := range []struct {
		name, fleet, user, line string
		code                    int
		stderr                  string
	}{
		{name: "user loosens a built-in rule", user: `"filesystem.delete-root" = "allow"`, line: "rm -rf /", code: ExitBlock,
			stderr: "a personal pack cannot loosen filesystem.delete-root from block to allow"},
		{name: "user tightens", user: `"filesystem.delete-system-tree" = "block"`, line: "rm -rf /var/www/*", code: ExitBlock},
		{name: "fleet loosens", fleet: `"filesystem.delete-root" = "confirm"`, line: "rm -rf /", code: ExitConfirm},
		{name: "user loosens the fleet's", fleet: `"filesystem.delete-system-tree" = "block"`, user: `"filesystem.delete-system-tree" = "warn"`,
			line: "rm -rf /var/www/*", code: ExitBlock, stderr: "would loosen the fleet's"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := auditEnv(t)
			for dir, actions := range map[string]string{env["BELAY_ETC"]: tt.fleet, filepath.Join(env["XDG_CONFIG_HOME"], "belay"): tt.user} {
				if actions == "" {
					continue
				}
				os.MkdirAll(dir, 0o755)
				if err := os.WriteFile(filepath.Join(dir, "belay.toml"), []byte("[actions]\n"+actions+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stderr := runEnv(env, nil, "check", "--no-prompt", "--", tt.line)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
		})
	}
}
