package packs

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/belay-sh/belay/internal/policy"
)

// Config is belay.toml: read from /etc/belay, then from the user's
// $XDG_CONFIG_HOME/belay, later files tightening earlier ones. A zero
// Config is belay's defaults.
type Config struct {
	Environment   string            // the host's environment name, e.g. "production"
	Mode          string            // "enforce" (default) or "observe": check and log, never stop
	DisabledPacks []string          // pack names not loaded (honoured from /etc only)
	Actions       map[string]string // rule id → action
	PromptTimeout time.Duration     // how long a confirmation waits; 0 for the default
	HookTimeout   time.Duration     // how long a hook waits for belay; 0 for the default
	Audit         AuditConfig
	Shell         ShellConfig

	Sources []string // the files read, in order

	userSet   map[string]bool   // ids whose action the user's file set: they may only tighten
	actionPos map[string]string // id → FILE:LINE of its setting
}

// AuditConfig says where decisions are recorded.
type AuditConfig struct {
	File       string // the JSON lines file; default /var/log/belay/audit.jsonl or $XDG_STATE_HOME/belay/audit.jsonl
	Syslog     *bool  // also send to syslog/journald; default true
	Facility   string // syslog facility; default auth
	LogAllowed bool   // record allowed lines too
}

// ShellConfig is for the login-shell wrapper (belay shell).
type ShellConfig struct {
	Real         string // the shell to run after the check; default /bin/bash
	NoTTYConfirm string // what confirm means with no terminal: "block" (default) or "allow"
}

// LoadConfig reads the config files of opt: /etc/belay/belay.toml, then
// the user's (not in trusted mode), or only the one --config or
// BELAY_CONFIG names. It never fails: a file that cannot be used is left
// out, and a setting that cannot be used or that the user's file may not
// make is left out alone; each is described in ignored, one line apiece,
// starting with the file's name.
func LoadConfig(opt Options) (cfg *Config, ignored []string) {
	cfg = &Config{}
	for _, cf := range opt.configFiles() {
		data, _, err := readTrusted(cf.path, cf.layer, maxConfigSize, nil)
		if errors.Is(err, fs.ErrNotExist) && !cf.explicit {
			continue
		}
		var problems []error
		var c *Config
		if err == nil {
			c, problems, err = parseConfig(cf.path, data)
		}
		if err != nil {
			ignored = append(ignored, err.Error()+": the whole file is ignored")
			continue
		}
		for _, p := range problems {
			ignored = append(ignored, p.Error())
		}
		cfg.merge(c, cf, &ignored)
	}
	return cfg, ignored
}

// merge folds a later file into cfg. The user's file may only tighten:
// its disabled_packs, observe mode and any action lower than the fleet's
// are left out, each with a line in ignored.
func (cfg *Config) merge(c *Config, cf configFile, ignored *[]string) {
	cfg.Sources = append(cfg.Sources, cf.path)
	user := cf.layer >= policy.LayerUser
	switch {
	case c.Environment != "" && user:
		*ignored = append(*ignored, cf.path+": environment is only honoured from /etc/belay (it picks the actions of every rule): ignored")
	case c.Environment != "":
		cfg.Environment = c.Environment
	}
	switch {
	case c.Mode == "observe" && user:
		*ignored = append(*ignored, cf.path+": mode = \"observe\" is only honoured from /etc/belay (it would loosen every rule): ignored")
	case c.Mode != "":
		cfg.Mode = c.Mode
	}
	if len(c.DisabledPacks) > 0 {
		if user {
			*ignored = append(*ignored, cf.path+": disabled_packs is only honoured from /etc/belay: ignored")
		} else {
			cfg.DisabledPacks = append(cfg.DisabledPacks, c.DisabledPacks...)
		}
	}
	for _, id := range sortedKeys(c.Actions) {
		act := c.Actions[id]
		if old, ok := cfg.Actions[id]; ok && user {
			oa, _ := policy.ParseAction(old)
			na, _ := policy.ParseAction(act)
			if na < oa {
				*ignored = append(*ignored, fmt.Sprintf("%s: actions.%s = %q would loosen the fleet's %q: ignored", c.actionPos[id], id, act, old))
				continue
			}
		}
		if cfg.Actions == nil {
			cfg.Actions, cfg.userSet, cfg.actionPos = map[string]string{}, map[string]bool{}, map[string]string{}
		}
		cfg.Actions[id] = act
		cfg.userSet[id] = user
		cfg.actionPos[id] = c.actionPos[id]
	}
	if c.PromptTimeout > 0 {
		cfg.PromptTimeout = c.PromptTimeout
	}
	if c.HookTimeout > 0 {
		cfg.HookTimeout = c.HookTimeout
	}
	if user {
		return
	}
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

// overridePacks turns the config's [actions] into override packs, one per
// rule id, so that a setting for a rule no pack has is left out alone.
// The user's may only tighten, against the fleet's config (which merge
// has made sure of) and against the rules themselves (which policy.Fit
// refuses to loosen).
func (cfg *Config) overridePacks() []*policy.Pack {
	ids := make([]string, 0, len(cfg.Actions))
	for id := range cfg.Actions {
		ids = append(ids, id)
	}
	// The fleet's first: a user's setting for the same rule must tighten
	// what the fleet's made of it.
	sort.Slice(ids, func(i, j int) bool {
		if cfg.userSet[ids[i]] != cfg.userSet[ids[j]] {
			return !cfg.userSet[ids[i]]
		}
		return ids[i] < ids[j]
	})
	packs := make([]*policy.Pack, 0, len(ids))
	for _, id := range ids {
		a, _ := policy.ParseAction(cfg.Actions[id])
		src := cfg.actionPos[id]
		if src == "" {
			src = "belay.toml"
		}
		p := &policy.Pack{Name: "config", Source: src, Layer: policy.LayerSystem}
		if cfg.userSet[id] {
			p.Name, p.Layer = "user-config", policy.LayerUser
		}
		p.Overrides = []policy.Override{{ID: id, Action: &a, Reason: "set in belay.toml actions." + id, Source: src}}
		packs = append(packs, p)
	}
	return packs
}
