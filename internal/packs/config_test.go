package packs

import (
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
			c, _, err := parseConfig("belay.toml", []byte(data))
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
		if _, problems, err := parseConfig("belay.toml", []byte(good)); err != nil || len(problems) > 0 {
			t.Errorf("%q: %v %v", good, err, problems)
		}
	}
}

// TestParseConfigKeys: a key belay does not know, or a value it cannot
// use, costs that one setting, named with its position; the file's other
// settings hold.
func TestParseConfigKeys(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		problems   []string // each a substring of one problem, in order
		check      func(*Config) string
	}{
		{name: "typo in a key", data: "environment = \"prod\"\nprompt_timout = 5\n",
			problems: []string{"belay.toml:2:1: unknown key prompt_timout (did you mean prompt_timeout?): ignored"},
			check: func(c *Config) string {
				if c.Environment != "prod" {
					return "environment lost"
				}
				return ""
			}},
		{name: "bad mode", data: "mode = \"obsreve\"\n[actions]\n\"system.reboot\" = \"block\"\n",
			problems: []string{`belay.toml:1:1: mode must be "enforce" or "observe", not "obsreve": ignored`},
			check: func(c *Config) string {
				if c.Mode != "" || c.Actions["system.reboot"] != "block" {
					return "mode set, or the action lost"
				}
				return ""
			}},
		{name: "bad action", data: "[actions]\n\"a.b\" = \"blok\"\n\"c.d\" = \"block\"\n",
			problems: []string{`belay.toml:2:1: actions.a.b: bad action "blok"`},
			check: func(c *Config) string {
				if _, ok := c.Actions["a.b"]; ok || c.Actions["c.d"] != "block" || c.actionPos["c.d"] != "belay.toml:3" {
					return "a.b kept or c.d lost"
				}
				return ""
			}},
		{name: "wrong types", data: "environment = 5\ndisabled_packs = \"git\"\naudit = 3\n[shell]\nreal = true\nno_tty_confirm = \"yes\"\n",
			problems: []string{"1:1: environment: want a string, got an integer", "2:1: disabled_packs: want a list of strings, got a string",
				"3:1: audit: want a table, got an integer", "5:1: shell.real: want a string, got a boolean", `6:1: shell.no_tty_confirm must be "block" or "allow"`}},
		{name: "durations", data: "prompt_timeout = \"0s\"\nhook_timeout = \"soon\"\n",
			problems: []string{"1:1: prompt_timeout: 0s is out of range", "2:1: hook_timeout: \"soon\" is not a duration"}},
		{name: "unknown table keys", data: "[audit]\nfiel = \"/x\"\n[shell]\nrael = \"/bin/sh\"\n[extra]\n",
			problems: []string{"2:1: unknown key audit.fiel", "4:1: unknown key shell.rael", "5:1: unknown key extra"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, problems, err := parseConfig("belay.toml", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems %q, want %d", problems, len(tt.problems))
			}
			for i, p := range problems {
				if !strings.Contains(p.Error(), tt.problems[i]) {
					t.Errorf("problem %q, want %q in it", p, tt.problems[i])
				}
			}
			if tt.check != nil {
				if msg := tt.check(c); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

// FuzzParseConfig: any belay.toml is read or refused, quickly, without a
// panic; one that is read merges and makes override packs.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("environment = \"production\"\nmode = \"observe\"\n[actions]\n\"a.b\" = \"block\"\n[audit]\nsyslog = false\n"))
	f.Add([]byte("prompt_timeout = \"30s\"\n[shell]\nreal = \"/bin/zsh\"\ndisabled_packs = ['x']"))
	f.Add([]byte("a = [[[[[[[[[[1]]]]]]]]]]"))
	f.Add([]byte("x = {y = {z = 1}}\n'q'.\"r\".s = '''t'''"))
	f.Add([]byte("hook_timeout = \"-1s\"\nprompt_timeout = \"9999h\""))
	f.Add([]byte("mode = \"obsreve\"\nprompt_timout = 5\n[actions]\n\"a.b\" = 1\n[audit]\nsyslog = \"no\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		c, problems, err := parseConfig("belay.toml", data)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("took %v", took)
		}
		if err != nil {
			if c != nil || problems != nil {
				t.Fatal("config and error")
			}
			if !strings.HasPrefix(err.Error(), "belay.toml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, p := range problems {
			if !strings.HasPrefix(p.Error(), "belay.toml") {
				t.Fatalf("problem does not name the file: %v", p)
			}
		}
		if c.Mode != "" && c.Mode != "enforce" && c.Mode != "observe" {
			t.Fatalf("mode %q", c.Mode)
		}
		var ignored []string
		cfg := &Config{}
		cfg.merge(c, configFile{path: "belay.toml"}, &ignored)
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
