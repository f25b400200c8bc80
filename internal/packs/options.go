package packs

import (
	"path/filepath"
	"strings"

	"github.com/belay-sh/belay/internal/policy"
)

// Options say where one run of belay finds its configuration and packs.
type Options struct {
	// Trusted is the sudo plugin's path (belay approve): configuration and
	// packs only from root-owned files in /etc/belay, the cache only in
	// /var/cache/belay and only when root owns it, nothing from Getenv.
	Trusted bool

	// Getenv reads the environment, in untrusted mode only: HOME,
	// XDG_CONFIG_HOME, XDG_CACHE_HOME, and for tests and trying packs
	// BELAY_ETC, BELAY_RULES and BELAY_CONFIG. nil reads nothing.
	Getenv func(string) string

	// Config, when set, is the one belay.toml read instead of the fleet's
	// and the user's (--config); BELAY_CONFIG does the same in untrusted
	// mode. Neither is read in trusted mode.
	Config string

	// Rules are more pack directories, in the user's layer (--rules).
	Rules []string

	// WithTests keeps the rules' test cases (rules test, show and lint)
	// and reads every pack from its file rather than from the cache.
	WithTests bool

	// Root is where /etc/belay and /var/cache/belay are looked for, ""
	// for /. It is for tests only, of trusted mode above all: no flag and
	// no environment variable sets it.
	Root string
}

func (o *Options) getenv(k string) string {
	if o.Trusted || o.Getenv == nil {
		return ""
	}
	return o.Getenv(k)
}

// etcDir is /etc/belay, or BELAY_ETC for tests (not in trusted mode).
func (o *Options) etcDir() string {
	if d := o.getenv("BELAY_ETC"); d != "" {
		return d
	}
	return filepath.Join(o.root(), "etc", "belay")
}

func (o *Options) root() string {
	if o.Root == "" {
		return "/"
	}
	return o.Root
}

// userConfigDir is $XDG_CONFIG_HOME/belay, default ~/.config/belay; ""
// in trusted mode.
func (o *Options) userConfigDir() string {
	if x := o.getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "belay")
	}
	if h := o.getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "belay")
	}
	return ""
}

// packDir is a directory of rule packs and the layer its packs belong to.
type packDir struct {
	dir   string
	layer policy.Layer
}

// packDirs returns the directories rule packs are read from, in order:
// the fleet's (/etc/belay/rules.d), the user's, then any named by
// BELAY_RULES and --rules, which count as the user's. In trusted mode
// only the fleet's.
func (o *Options) packDirs() []packDir {
	dirs := []packDir{{filepath.Join(o.etcDir(), "rules.d"), policy.LayerSystem}}
	if o.Trusted {
		return dirs
	}
	if d := o.userConfigDir(); d != "" {
		dirs = append(dirs, packDir{filepath.Join(d, "rules.d"), policy.LayerUser})
	}
	for _, d := range strings.Split(o.getenv("BELAY_RULES"), ":") {
		if d != "" {
			dirs = append(dirs, packDir{d, policy.LayerUser})
		}
	}
	for _, d := range o.Rules {
		dirs = append(dirs, packDir{d, policy.LayerUser})
	}
	return dirs
}

// configFile is one belay.toml with the layer it belongs to.
type configFile struct {
	path     string
	layer    policy.Layer
	explicit bool // named by --config or BELAY_CONFIG: its absence is worth a word
}

// configFiles returns the config files to read, in order. --config or
// BELAY_CONFIG replaces them all (for tests and for inspecting a config);
// such a file counts as the fleet's, so it must be owned by root.
func (o *Options) configFiles() []configFile {
	explicit := ""
	if !o.Trusted {
		explicit = o.Config
		if explicit == "" {
			explicit = o.getenv("BELAY_CONFIG")
		}
	}
	if explicit != "" {
		return []configFile{{explicit, policy.LayerSystem, true}}
	}
	files := []configFile{{filepath.Join(o.etcDir(), "belay.toml"), policy.LayerSystem, false}}
	if d := o.userConfigDir(); d != "" {
		files = append(files, configFile{filepath.Join(d, "belay.toml"), policy.LayerUser, false})
	}
	return files
}
