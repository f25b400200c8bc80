package packs

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/belay-sh/belay/internal/facts"
	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/suggest"
)

// AnalyzeTest analyses a rule test case the way every rule test is run
// (policy.Test.Analyze): the analyze function of Set.RunTests.
func AnalyzeTest(t policy.Test) *shell.Analysis { return t.Analyze() }

// selfTest runs a pack's own test cases alone: a pack whose tests fail
// is refused, so a broken rule never silently guards nothing.
func selfTest(p *policy.Pack) error {
	set, err := policy.Compile([]*policy.Pack{p}, policy.Options{})
	if err != nil {
		// Overrides of other packs' rules cannot be compiled alone.
		if len(p.Overrides) > 0 {
			return nil
		}
		return err
	}
	var failed []string
	for _, r := range set.RunTests(AnalyzeTest) {
		if !r.Passed {
			failed = append(failed, r.String())
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s: refused: its own tests fail:\n  %s", p.Source, strings.Join(failed, "\n  "))
	}
	return nil
}

// Files are pack files read for belay rules test and lint, compiled on
// top of the built-in packs so that their overrides find the rules they
// name.
type Files struct {
	Set     *policy.Set     // the built-in packs and those of the files that fit
	Only    map[string]bool // the names of the files' packs: only their rules are tested
	Refused []string        // files that could not be read or did not fit, one "FILE: why" each
}

// ReadFiles reads the named pack files, with their test cases, as they
// are: no layer's trust checks (a pack being written is tested before it
// is installed), but the same limits on size and what is a file.
func ReadFiles(files []string) *Files {
	packs, _ := policy.BuiltinWithTests()
	out := &Files{Only: map[string]bool{}}
	for _, f := range files {
		fo, fi, err := openRegular(f)
		if err != nil {
			out.Refused = append(out.Refused, err.Error())
			continue
		}
		data, err := readAtMost(fo, f, fi.Size(), policy.MaxPackSize, nil)
		fo.Close()
		if err != nil {
			out.Refused = append(out.Refused, err.Error())
			continue
		}
		p, err := policy.ParsePack(filepath.Clean(f), data)
		if err != nil {
			out.Refused = append(out.Refused, err.Error())
			continue
		}
		out.Only[p.Name] = true
		// A file of a built-in pack's name is that pack as edited (belay
		// rules test rules/disks.toml while writing it): it is tested in
		// the built-in's place, not refused as a second copy of its ids.
		packs = slices.DeleteFunc(packs, func(b *policy.Pack) bool { return b.Layer == policy.LayerBuiltin && b.Name == p.Name })
		packs = append(packs, p)
	}
	set, _, refused := policy.Fit(packs, policy.Options{})
	for _, err := range refused {
		out.Refused = append(out.Refused, err.Error())
	}
	out.Set = set
	return out
}

// Lint finds rules whose tests never show them matching or never show
// them not matching, so a pack cannot claim coverage it does not have;
// facts that do not exist; and conditions that can never hold together.
// keep, when not nil, picks the rules looked at.
func Lint(set *policy.Set, keep func(*policy.Rule) bool) []string {
	var out []string
	known := map[string]bool{}
	for _, n := range facts.Names() {
		known[n] = true
	}
	for _, r := range set.Rules() {
		if keep != nil && !keep(r) {
			continue
		}
		bad := func(format string, args ...any) {
			out = append(out, fmt.Sprintf("%s: %s: ", r.Source, r.ID)+fmt.Sprintf(format, args...))
		}
		pos, neg := 0, 0
		for _, t := range r.Tests {
			if t.Match {
				pos++
			} else {
				neg++
			}
		}
		switch {
		case pos == 0:
			bad("no test shows the rule matching ([[rule.test]] with match = true)")
		case neg == 0:
			bad("no test shows a near miss the rule must let through (match = false)")
		}
		for _, n := range append(append([]string(nil), r.When...), r.WhenNot...) {
			base, pattern, glob := strings.Cut(n, "=")
			switch {
			case !known[base]:
				msg := "unknown fact %q (docs/rules.md lists them)"
				if near := suggest.Nearest(base, facts.Names()); near != "" {
					msg += " (did you mean " + near + "?)"
				}
				bad(msg, n)
			case glob && !facts.TakesPattern(base):
				bad("fact %s takes no pattern (only host.name, session.user and session.groups do)", base)
			case glob:
				if _, err := path.Match(pattern, ""); err != nil {
					bad("fact %s: bad pattern %q: %v", base, pattern, err)
				}
			}
		}
		for _, f := range r.UnlessFlags {
			if slices.Contains(r.AllFlags, f) || (len(r.Flags) == 1 && r.Flags[0] == f) {
				bad("can never match: %s is both required and excluded", f)
			}
		}
		for _, w := range r.When {
			if slices.Contains(r.WhenNot, w) {
				bad("can never match: fact %s is in both when and when_not", w)
			}
		}
		pathless := len(r.Effect) > 0
		for _, k := range r.Effect {
			// Code belay cannot see is named by where it comes from (a
			// URL, a command), which no path pattern matches.
			if k != shell.Power && k != shell.ForkBomb && k != shell.Unseen {
				pathless = false
			}
		}
		if pathless && (len(r.Paths) > 0 || len(r.Names) > 0) {
			bad("can never match: %v effects have no path, but the rule names paths", r.Effect)
		}
	}
	sort.Strings(out)
	return out
}
