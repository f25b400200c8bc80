package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/belay-sh/belay/internal/policy"
)

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// packDirs returns the directories rule packs are read from, in order:
// the fleet's, the user's, then any named by BELAY_RULES and --rules.
func (a *app) packDirs(extra []string) []string {
	dirs := []string{"/etc/belay/rules.d"}
	if x := a.getenv("XDG_CONFIG_HOME"); x != "" {
		dirs = append(dirs, filepath.Join(x, "belay", "rules.d"))
	} else if h := a.getenv("HOME"); h != "" {
		dirs = append(dirs, filepath.Join(h, ".config", "belay", "rules.d"))
	}
	for _, d := range strings.Split(a.getenv("BELAY_RULES"), ":") {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return append(dirs, extra...)
}

// loaded is the rule set of one run, with what could not be loaded.
type loaded struct {
	set     *policy.Set
	packs   []*policy.Pack
	refused []string // "FILE: reason", one per pack that did not load
}

// loadRules reads the built-in packs and every pack in dirs. A pack that
// fails to load is refused and named; belay keeps protecting with the rest.
func (a *app) loadRules(extra []string) (*loaded, error) {
	l := &loaded{}
	builtin, err := policy.Builtin()
	if err != nil {
		// The built-in packs are compiled in: this is a broken build.
		return nil, fmt.Errorf("built-in rule packs: %v", err)
	}
	l.packs = append(l.packs, builtin...)
	for _, dir := range a.packDirs(extra) {
		files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
		if err != nil {
			continue
		}
		sort.Strings(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				l.refused = append(l.refused, fmt.Sprintf("%s: %v", f, err))
				continue
			}
			p, err := policy.ParsePack(f, data)
			if err != nil {
				l.refused = append(l.refused, err.Error())
				continue
			}
			l.packs = append(l.packs, p)
		}
	}
	set, err := policy.Compile(l.packs, policy.Options{})
	if err == nil {
		l.set = set
		return l, nil
	}
	// Some pack conflicts with another: add them one at a time and refuse
	// the ones that do not fit, so everything else still protects.
	var ok []*policy.Pack
	for _, p := range l.packs {
		if _, err := policy.Compile(append(ok, p), policy.Options{}); err != nil {
			if len(ok) < len(builtin) {
				return nil, fmt.Errorf("built-in rule packs: %v", err)
			}
			l.refused = append(l.refused, err.Error())
			continue
		}
		ok = append(ok, p)
	}
	l.packs = ok
	l.set, err = policy.Compile(ok, policy.Options{})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// warnRefused says on every check which packs did not load.
func (a *app) warnRefused(l *loaded) {
	for _, r := range l.refused {
		a.out.warnf("rule pack refused: %s", r)
	}
	if len(l.refused) > 0 {
		a.out.hint("belay still checks with every other pack; fix the file, then 'belay rules lint FILE'")
	}
}
