package cli

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/policy"
)

func (a *app) rules(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, lookup("rules").help())
		return &exitError{code: ExitUsage}
	}
	sub, rest := args[0], args[1:]
	a.withTests = true
	var dirs stringList
	fs := flagSet("rules "+sub, map[string]any{"rules": &dirs})
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
		fmt.Fprint(a.stdout, lookup("rules").help())
		return nil
	}
	return usageErr("unknown rules command "+quote(sub), "use list, show, test, lint or new")
}

func (a *app) rulesList(dirs []string) error {
	l := a.loadRules(dirs)
	a.warnRefused(l)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tACTION\tSOURCE")
	for _, r := range l.Set.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", safe(r.ID), r.Action, safe(r.Source))
	}
	for _, r := range l.Set.Disabled() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", safe(r.ID), "disabled", safe(r.Source))
	}
	return tw.Flush()
}

func (a *app) rulesShow(dirs []string, id string) error {
	l := a.loadRules(dirs)
	r := l.Set.Rule(id)
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
	list("unless_operands", r.UnlessOperands)
	list("args", r.Args)
	list("sources", r.Sources)
	list("unless_sources", r.UnlessSources)
	p("argv_regex", r.ArgvRegex)
	var kinds []string
	for _, k := range r.Effect {
		kinds = append(kinds, string(k))
	}
	list("effect", kinds)
	list("paths", r.Paths)
	list("exclude_paths", r.ExcludePaths)
	p("recursive", r.Recursive.String())
	p("filtered", r.Filtered.String())
	p("dynamic", r.Dynamic.String())
	p("remote", r.Remote.String())
	list("when", r.When)
	list("when_not", r.WhenNot)
	for _, o := range l.Set.Overrides(r.ID) {
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
	var keep func(*policy.Rule) bool
	if len(files) == 0 {
		l := a.loadRules(dirs)
		set, refused = l.Set, refusedList(l)
	} else {
		// A file that is not there is a usage error, as for scan.
		for _, f := range files {
			if _, err := os.Stat(f); err != nil {
				return usageErr(safe(err.Error()), "give the pack files to test, or none for every loaded pack")
			}
		}
		fl := packs.ReadFiles(files)
		set, refused = fl.Set, fl.Refused
		keep = func(r *policy.Rule) bool { return fl.Only[r.Pack] }
	}
	for _, r := range refused {
		for _, p := range strings.Split(r, "\n") { // one line per problem
			fmt.Fprintf(a.stdout, "FAIL %s\n", safe(p))
		}
	}
	results := set.RunTestsOf(keep, packs.AnalyzeTest)
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
		lints := 0
		for _, msg := range packs.Lint(set, keep) {
			lints++
			fmt.Fprintf(a.stdout, "LINT %s\n", safe(msg))
		}
		fmt.Fprintf(a.stdout, "lint: %d test(s) passed, %d failed, %d lint finding(s)\n", passed, failed, lints)
		failed += lints
	} else {
		fmt.Fprintf(a.stdout, "rules: %d passed, %d failed\n", passed, failed)
	}
	if failed > 0 {
		return &exitError{code: ExitBlock}
	}
	return nil
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
