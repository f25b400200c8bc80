package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/belay-sh/belay/internal/policy"
)

// Config is belay.toml: read from /etc/belay, then from the user's
// $XDG_CONFIG_HOME/belay, later files tightening earlier ones.
type Config struct {
	Environment   string            `toml:"environment"`    // the host's environment name, e.g. "production"
	Mode          string            `toml:"mode"`           // "enforce" (default) or "observe": check and log, never stop
	DisabledPacks []string          `toml:"disabled_packs"` // pack names not loaded (honoured from /etc only)
	Actions       map[string]string `toml:"actions"`        // rule id → action
	PromptTimeout duration          `toml:"prompt_timeout"` // how long a confirmation waits; 60s
	HookTimeout   duration          `toml:"hook_timeout"`   // how long a hook waits for belay; 2s
	Audit         AuditConfig       `toml:"audit"`
	Shell         ShellConfig       `toml:"shell"`

	sources []string        // files read, for messages
	userSet map[string]bool // ids whose action the user's file set: they may only tighten
}

// AuditConfig says where decisions are recorded.
type AuditConfig struct {
	File       string `toml:"file"`        // the JSON lines file; default /var/log/belay/audit.jsonl or $XDG_STATE_HOME/belay/audit.jsonl
	Syslog     *bool  `toml:"syslog"`      // also send to syslog/journald; default true
	Facility   string `toml:"facility"`    // syslog facility; default auth
	LogAllowed bool   `toml:"log_allowed"` // record allowed lines too
}

// ShellConfig is for the login-shell wrapper (belay shell).
type ShellConfig struct {
	Real         string `toml:"real"`           // the shell to run after the check; default /bin/bash
	NoTTYConfirm string `toml:"no_tty_confirm"` // what confirm means with no terminal: "block" (default) or "allow"
}

// duration is a time.Duration written as "60s" in TOML.
type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	if v <= 0 || v > 24*time.Hour {
		return fmt.Errorf("%s is out of range", b)
	}
	d.Duration = v
	return nil
}

// configFile is one belay.toml with the layer it belongs to.
type configFile struct {
	path  string
	layer policy.Layer
}

// configFiles returns the config files to read, in order. BELAY_CONFIG or
// --config replaces them all (for tests and for inspecting a config).
func (a *app) configFiles(explicit string) []configFile {
	if explicit == "" && !a.trusted {
		explicit = a.getenv("BELAY_CONFIG")
	}
	if explicit != "" {
		return []configFile{{explicit, policy.LayerSystem}}
	}
	files := []configFile{{filepath.Join(a.etcDir(), "belay.toml"), policy.LayerSystem}}
	if !a.trusted {
		if d := a.userConfigDir(); d != "" {
			files = append(files, configFile{filepath.Join(d, "belay.toml"), policy.LayerUser})
		}
	}
	return files
}

// etcDir is /etc/belay, or BELAY_ETC for tests (not in trusted mode).
func (a *app) etcDir() string {
	if d := a.getenv("BELAY_ETC"); d != "" && !a.trusted {
		return d
	}
	return "/etc/belay"
}

// userConfigDir is $XDG_CONFIG_HOME/belay, default ~/.config/belay.
func (a *app) userConfigDir() string {
	if x := a.getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "belay")
	}
	if h := a.getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "belay")
	}
	return ""
}

// loadConfig reads the config files. The user's file may only tighten:
// its disabled_packs and any action lower than the fleet's are refused.
func (a *app) loadConfig(explicit string) (*Config, []string, error) {
	cfg := &Config{}
	var warnings []string
	for _, cf := range a.configFiles(explicit) {
		data, err := readRegular(cf.path, 1<<20)
		if errors.Is(err, os.ErrNotExist) {
			if explicit != "" {
				return nil, nil, fmt.Errorf("config %s: no such file", cf.path)
			}
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("config %s: %v", cf.path, err)
		}
		if err := checkTrust(cf.path, cf.layer); err != nil {
			warnings = append(warnings, err.Error())
			continue
		}
		c, err := parseConfig(cf.path, data)
		if err != nil {
			return nil, nil, err
		}
		cfg.merge(c, cf, &warnings)
	}
	return cfg, warnings, nil
}

// merge folds a later file into cfg.
func (cfg *Config) merge(c *Config, cf configFile, warnings *[]string) {
	cfg.sources = append(cfg.sources, cf.path)
	user := cf.layer >= policy.LayerUser
	if c.Environment != "" && !user {
		cfg.Environment = c.Environment
	}
	switch {
	case c.Mode == "observe" && user:
		*warnings = append(*warnings, cf.path+": mode = \"observe\" is only honoured from /etc/belay (it would loosen every rule)")
	case c.Mode != "":
		cfg.Mode = c.Mode
	}
	if len(c.DisabledPacks) > 0 {
		if user {
			*warnings = append(*warnings, cf.path+": disabled_packs is only honoured from /etc/belay")
		} else {
			cfg.DisabledPacks = append(cfg.DisabledPacks, c.DisabledPacks...)
		}
	}
	if len(c.Actions) > 0 {
		if cfg.Actions == nil {
			cfg.Actions = map[string]string{}
		}
		for id, act := range c.Actions {
			if old, ok := cfg.Actions[id]; ok && user {
				oa, _ := policy.ParseAction(old)
				na, _ := policy.ParseAction(act)
				if na < oa {
					*warnings = append(*warnings, fmt.Sprintf("%s: actions.%s = %q would loosen the fleet's %q: ignored", cf.path, id, act, old))
					continue
				}
			}
			cfg.Actions[id] = act
			if cfg.userSet == nil {
				cfg.userSet = map[string]bool{}
			}
			cfg.userSet[id] = user
		}
	}
	if c.PromptTimeout.Duration > 0 {
		cfg.PromptTimeout = c.PromptTimeout
	}
	if c.HookTimeout.Duration > 0 {
		cfg.HookTimeout = c.HookTimeout
	}
	if !user {
		if c.Audit.File != "" {
			cfg.Audit.File = c.Audit.File
		}
		if c.Audit.Syslog != nil {
			cfg.Audit.Syslog = c.Audit.Syslog
		}
		if c.Audit.Facility != "" {
			cfg.Audit.Facility = c.Audit.Facility
		}
		cfg.Audit.LogAllowed = cfg.Audit.LogAllowed || c.Audit.LogAllowed
		if c.Shell.Real != "" {
			cfg.Shell.Real = c.Shell.Real
		}
		if c.Shell.NoTTYConfirm != "" {
			cfg.Shell.NoTTYConfirm = c.Shell.NoTTYConfirm
		}
	}
}

// overridePacks turns the config's [actions] into override packs, one
// for each layer the settings came from: the user's may only tighten,
// against the fleet's config (which merge has made sure of) and against
// the rules themselves (which policy.Compile refuses to loosen).
func (cfg *Config) overridePacks() []*policy.Pack {
	var packs []*policy.Pack
	for _, user := range []bool{false, true} {
		p := &policy.Pack{Name: "config", Source: "belay.toml", Layer: policy.LayerSystem}
		if user {
			p.Name, p.Layer = "user-config", policy.LayerUser
		}
		ids := make([]string, 0, len(cfg.Actions))
		for id := range cfg.Actions {
			if cfg.userSet[id] == user {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			a, _ := policy.ParseAction(cfg.Actions[id])
			p.Overrides = append(p.Overrides, policy.Override{ID: id, Action: &a, Reason: "set in belay.toml", Source: "belay.toml actions." + id})
		}
		if len(ids) > 0 {
			packs = append(packs, p)
		}
	}
	return packs
}
