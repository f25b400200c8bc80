package cli

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
)

// configCmd is belay config lint [FILE]: every problem of the config files
// belay reads (or of FILE), at once, each with its file:line:col and the
// nearest key, rule id or fact for a typo; a setting the user's file may
// not make is named too. Exit 1 when there is any.
func (a *app) configCmd(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, lookup("config").help())
		return &exitError{code: ExitUsage}
	}
	if slices.Contains(args, "-h") || slices.Contains(args, "--help") {
		fmt.Fprint(a.stdout, lookup("config").help())
		return flag.ErrHelp
	}
	if args[0] != "lint" {
		return usageErr("config takes: lint [FILE]", "belay config lint checks the config files belay reads")
	}
	if len(args) > 2 {
		return usageErr("config lint takes at most one file", "belay config lint [FILE]")
	}
	if len(args) == 2 {
		if _, err := os.Stat(args[1]); err != nil {
			return usageErr(safe(err.Error()), "belay config lint [FILE]")
		}
		a.configPath = args[1]
	}
	l := a.loadRules(nil)
	var problems []string
	problems = append(problems, l.Ignored...)
	for _, r := range l.Refused {
		if fromConfig(l, r) {
			problems = append(problems, r)
		}
	}
	if l.Config != nil {
		for _, src := range l.Config.Sources {
			fmt.Fprintf(a.stdout, "read %s\n", safe(src))
		}
	}
	for _, p := range problems {
		fmt.Fprintf(a.stdout, "%s\n", safe(strings.TrimSuffix(p, ": ignored")))
	}
	fmt.Fprintf(a.stdout, "config: %d problem(s)\n", len(problems))
	if len(problems) > 0 {
		return &exitError{code: ExitBlock}
	}
	return nil
}
