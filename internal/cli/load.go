package cli

import (
	"strings"

	"github.com/belay-sh/belay/internal/packs"
)

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// packOptions says where this run finds its config and packs: extra are
// --rules directories.
func (a *app) packOptions(extra []string) packs.Options {
	return packs.Options{Trusted: a.trusted, Getenv: a.getenv, Config: a.configPath, Rules: extra, WithTests: a.withTests}
}

// loadRules reads the config and the packs; what cannot be used is named
// in the result, never an error: belay judges with the rest.
func (a *app) loadRules(extra []string) *packs.Loaded {
	return packs.Load(a.packOptions(extra))
}

// loadConfig reads only the config, for the audit log and belay shell.
func (a *app) loadConfig() (*packs.Config, []string) {
	return packs.LoadConfig(a.packOptions(nil))
}

// warnRefused says on every check which packs and settings belay does
// not use, and that it checks with the rest.
func (a *app) warnRefused(l *packs.Loaded) {
	packsRefused := 0
	for _, r := range l.Refused {
		if fromConfig(l, r) {
			// An [actions] setting of belay.toml, made into an override.
			a.out.warnf("config: %s: ignored", r)
			continue
		}
		packsRefused++
		// one line per problem: each names its FILE:LINE:COL
		for _, p := range strings.Split(r, "\n") {
			a.out.warnf("rule pack refused: %s", p)
		}
	}
	for _, r := range l.Ignored {
		a.out.warnf("config: %s", r)
	}
	switch {
	case packsRefused > 0:
		a.out.hint("belay still checks with every other pack; fix the file, then 'belay rules lint FILE'")
	case len(l.Ignored) > 0 || len(l.Refused) > 0:
		a.out.hint("belay still checks with everything else; fix the file")
	}
}

// fromConfig says whether a refusal is of a config file's setting.
func fromConfig(l *packs.Loaded, r string) bool {
	if l.Config == nil {
		return false
	}
	for _, src := range l.Config.Sources {
		if strings.HasPrefix(r, src+":") {
			return true
		}
	}
	return false
}

// refusedList is what --json reports as refused_packs: every pack and
// every config file or setting belay does not use.
func refusedList(l *packs.Loaded) []string {
	return append(append([]string(nil), l.Refused...), l.Ignored...)
}
