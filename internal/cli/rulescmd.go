package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/belay-sh/belay/internal/facts"
	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
)

// TestAnalyze analyses a rule test case the way every rule test is run:
// bash, in /home/tester with HOME=/home/tester unless the case says
// otherwise, and nothing else from the environment.
func TestAnalyze(t policy.Test) *shell.Analysis {
	env := map[string]string{"HOME": "/home/tester", "USER": "tester", "PATH": "/usr/local/bin:/usr/bin:/bin"}
	for k, v := range t.Env {
		env[k] = v
	}
	cwd := t.Cwd
	if cwd == "" {
		cwd = "/home/tester"
	}
	return shell.Analyze(t.Line, shell.Options{Dialect: shell.Bash, Env: env, Cwd: cwd})
}

func (a *app) rules(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, subUsage("rules"))
		return &exitError{code: ExitUsage}
	}
	sub, rest := args[0], args[1:]
	a.withTests = true
	fs := a.newFlags("rules " + sub)
	var dirs stringList
	fs.Var(&dirs, "rules", "extra rule pack directory")
	if err := a.parseFlags(fs, rest); err != nil {
		return err
	}
	switch sub {
	case "list":
		return a.rulesList(dirs)
	case "show":
		if fs.NArg() != 1 {
			return usageErr("rules show takes one rule id", "belay rules list shows them")
		}
		return a.rulesShow(dirs, fs.Arg(0))
	case "test":
		return a.rulesTest(dirs, fs.Args(), false)
	case "lint":
		return a.rulesTest(dirs, fs.Args(), true)
	case "new":
		name := "team"
		if fs.NArg() > 0 {
			name = fs.Arg(0)
		}
		fmt.Fprintf(a.stdout, packSkeleton, name, name, name, name)
		return nil
	case "-h", "--help", "help":
		fmt.Fprint(a.stdout, subUsage("rules"))
		return nil
	}
	return usageErr("unknown rules command "+quote(sub), "use list, show, test, lint or new")
}

func (a *app) rulesList(dirs []string) error {
	l, err := a.loadRules(dirs)
	if err != nil {
		return err
	}
	a.warnRefused(l)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tACTION\tSOURCE")
	for _, r := range l.set.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", safe(r.ID), r.Action, safe(r.Source))
	}
	for _, r := range l.set.Disabled() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", safe(r.ID), "disabled", safe(r.Source))
	}
	return tw.Flush()
}

func (a *app) rulesShow(dirs []string, id string) error {
	l, err := a.loadRules(dirs)
	if err != nil {
		return err
	}
	r := l.set.Rule(id)
	if r == nil {
		return usageErr("no rule "+quote(id), "belay rules list shows the loaded rules")
	}
	w := a.stdout
	p := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-13s %s\n", k+":", safe(v))
		}
	}
	list := func(k string, v []string) {
		if len(v) > 0 {
			p(k, strings.Join(v, ", "))
		}
	}
	p("id", r.ID)
	p("action", r.Action.String())
	p("source", r.Source)
	p("message", r.Message)
	p("reference", r.Reference)
	p("challenge", r.Challenge)
	list("command", r.Command)
	list("subcommand", r.Subcommand)
	list("flags", r.Flags)
	list("all_flags", r.AllFlags)
	list("unless_flags", r.UnlessFlags)
	list("operands", r.Operands)
	list("args", r.Args)
	p("argv_regex", r.ArgvRegex)
	var kinds []string
	for _, k := range r.Effect {
		kinds = append(kinds, string(k))
	}
	list("effect", kinds)
	list("paths", r.Paths)
	list("exclude_paths", r.ExcludePaths)
	p("recursive", r.Recursive.String())
	p("dynamic", r.Dynamic.String())
	p("remote", r.Remote.String())
	list("when", r.When)
	list("when_not", r.WhenNot)
	for _, o := range l.set.Overrides(r.ID) {
		what := "disabled"
		if o.Action != nil {
			what = "action " + o.Action.String()
		}
		p("overridden", fmt.Sprintf("%s at %s: %s", what, o.Source, o.Reason))
	}
	for _, t := range r.Tests {
		want := "match   "
		if !t.Match {
			want = "no match"
		}
		fmt.Fprintf(w, "test:         %s  %s\n", want, safe(t.Line))
	}
	return nil
}

// rulesTest runs the test cases of the named pack files, or of every
// loaded pack. With lint it also reports rules no test exercises.
func (a *app) rulesTest(dirs, files []string, lint bool) error {
	var set *policy.Set
	var refused []string
	only := map[string]bool{} // with files: the packs whose rules are tested
	if len(files) == 0 {
		l, err := a.loadRules(dirs)
		if err != nil {
			return err
		}
		set, refused = l.set, l.refused
	} else {
		// The named packs are compiled on top of the built-in ones, so their
		// overrides find the rules they name; only their own rules are tested.
		packs, err := policy.BuiltinWithTests()
		if err != nil {
			return err
		}
		base := len(packs)
		for _, f := range files {
			data, err := readRegular(f, policy.MaxPackSize)
			if err != nil {
				refused = append(refused, fmt.Sprintf("%s: %v", f, err))
				continue
			}
			p, err := policy.ParsePack(filepath.Clean(f), data)
			if err != nil {
				refused = append(refused, err.Error())
				continue
			}
			only[p.Name] = true
			packs = append(packs, p)
		}
		set, err = policy.Compile(packs, policy.Options{})
		if err != nil {
			refused = append(refused, err.Error())
			set, _ = policy.Compile(packs[:base], policy.Options{})
		}
	}
	for _, r := range refused {
		fmt.Fprintf(a.stdout, "FAIL %s\n", safe(r))
	}
	var keep func(*policy.Rule) bool
	if len(files) > 0 {
		keep = func(r *policy.Rule) bool { return only[r.Pack] }
	}
	results := set.RunTestsOf(keep, TestAnalyze)
	passed, failed := 0, len(refused)
	for _, r := range results {
		if r.Passed {
			passed++
			continue
		}
		failed++
		fmt.Fprintf(a.stdout, "FAIL %s\n", safe(r.String()))
	}
	if lint {
		for _, msg := range lintSet(set, keep) {
			failed++
			fmt.Fprintf(a.stdout, "LINT %s\n", safe(msg))
		}
	}
	fmt.Fprintf(a.stdout, "rules: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return &exitError{code: ExitBlock}
	}
	return nil
}

// lintSet finds rules whose tests never show them matching or never show
// them not matching, so a pack cannot claim coverage it does not have;
// facts that do not exist; and conditions that can never hold together.
func lintSet(set *policy.Set, keep func(*policy.Rule) bool) []string {
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
			if !known[n] {
				bad("unknown fact %q (belay facts --json lists them)", n)
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
			if k != shell.Power && k != shell.ForkBomb {
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

// packSkeleton is what `belay rules new NAME` prints: a pack to start from.
const packSkeleton = `# A belay rule pack. Install it in /etc/belay/rules.d (the fleet's, owned by
# root, mode 0644) or ~/.config/belay/rules.d (yours: may only tighten).
# Every field is described in docs/rules.md. Check it with:
#   belay rules lint THIS-FILE && belay rules test THIS-FILE

[pack]
name = "%s"                 # every rule id starts with this and a dot
description = "what this pack guards"

[[rule]]
id = "%s.stop-database"
action = "block"             # allow, warn, confirm or block
message = "{command} stops the primary database"
reference = "runbook: https://wiki.example.com/db"
command = ["systemctl", "service"]
subcommand = ["stop", "restart"]
operands = ["postgresql", "postgresql@*"]
# environments = { staging = "warn" }   # per environment, from belay.toml

  [[rule.test]]              # lines that must trigger the rule...
  line = "sudo systemctl stop postgresql"
  match = true

  [[rule.test]]              # ...and near misses that must not
  line = "systemctl status postgresql"
  match = false

# Change or switch off a rule of another pack (fleet packs only may loosen):
# [[override]]
# id = "system.reboot"
# action = "warn"
# reason = "lab machines reboot freely"

# A rule on what a command does to paths, wherever it is spelled:
[[rule]]
id = "%s.delete-data"
action = "confirm"
message = "{command} deletes {target}, our data"
effect = ["delete", "rename"]
paths = ["/srv/data/**"]

  [[rule.test]]
  line = "rm -rf /srv/data/customers"
  match = true

  [[rule.test]]
  line = "rm -rf /srv/tmp/x"
  match = false

# %s: end of pack
`
