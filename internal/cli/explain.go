package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
)

// explain is belay explain: what belay sees in a line, and why it decides
// as it does.
func (a *app) explain(args []string) error {
	o := &checkOpts{}
	words, err := a.checkArgs("explain", args, o, "no command line to explain", "belay explain -- 'COMMAND LINE'")
	if err != nil {
		return err
	}
	v, err := a.judge(o, strings.Join(words, " "), nil)
	if err != nil {
		return err
	}
	w := a.stdout
	an := v.analysis
	fmt.Fprintf(w, "line: %s\n", safe(v.line))
	if an.Incomplete {
		fmt.Fprintln(w, "  (unfinished: judged on what it holds so far)")
	}
	if an.ParseError != nil {
		fmt.Fprintf(w, "  parse error: %s\n", safe(an.ParseError.Error()))
	}
	for _, p := range an.Problems {
		fmt.Fprintf(w, "  problem: %s\n", safe(p))
	}
	for i, inv := range an.Invocations {
		explainInvocation(w, i, inv)
	}
	if v.decision.Action >= policy.Confirm {
		a.measureImpact(v)
	}
	explainDecision(w, v)
	return nil
}

// explainInvocation writes invocation i: where it is, its wrappers, its
// working directory, argv and effects.
func explainInvocation(w io.Writer, i int, inv *shell.Invocation) {
	fmt.Fprintf(w, "\ninvocation %d at %s: %s\n", i+1, inv.Pos, safe(inv.Text))
	if len(inv.Wrappers) > 0 {
		fmt.Fprintf(w, "  through:  %s\n", safe(strings.Join(inv.Wrappers, " → ")))
	}
	if inv.Remote != "" {
		fmt.Fprintf(w, "  remote:   %s\n", safe(inv.Remote))
	}
	if inv.Deferred != "" {
		fmt.Fprintf(w, "  later:    %s\n", safe(inv.Deferred))
	}
	if inv.Origin != nil {
		fmt.Fprintf(w, "  found in: %s\n", safe(originText(inv.Origin)))
	}
	if len(inv.Sub) > 0 {
		fmt.Fprintf(w, "  subcommand: %s\n", safe(strings.Join(inv.Sub, " ")))
	}
	if inv.DryRun {
		fmt.Fprintln(w, "  dry run:  changes nothing; no rule applies")
	}
	for _, k := range inv.Acks {
		fmt.Fprintf(w, "  acknowledges: %s (at %s)\n", safe(k.ID), k.Pos)
	}
	cwd := inv.Cwd
	if cwd == "" {
		cwd = "(unknown)"
	}
	fmt.Fprintf(w, "  cwd:      %s\n", safe(cwd))
	for j, arg := range inv.Argv {
		note := ""
		if arg.Dynamic {
			note += " dynamic"
			if arg.Raw != "" {
				note += " from " + arg.Raw
			}
		}
		if arg.Glob {
			note += " glob"
		}
		fmt.Fprintf(w, "  argv[%d]:  %s%s\n", j, safe(shellQuote(arg.Value)), safe(note))
	}
	for _, e := range inv.Effects {
		var notes []string
		if e.Recursive {
			notes = append(notes, "recursive")
		}
		if e.Filtered {
			notes = append(notes, "filtered")
		}
		if e.Dynamic {
			notes = append(notes, "dynamic")
		}
		if e.Glob {
			notes = append(notes, "glob")
		}
		p := e.Path
		if p == "" {
			p = "(unknown path)"
		}
		if e.Kind == "fork-bomb" {
			p = ""
		}
		fmt.Fprintf(w, "  effect:   %s\n", strings.TrimRight(fmt.Sprintf("%s %s %s", e.Kind, safe(p), strings.Join(notes, " ")), " "))
	}
}

// explainDecision writes the decision, each finding with its rule and the
// facts it asked, and how many host files were read for them.
func explainDecision(w io.Writer, v *verdict) {
	fmt.Fprintf(w, "\ndecision: %s\n", v.decision.Action)
	for _, f := range v.decision.Findings {
		ack := ""
		if f.Acknowledged {
			ack = " (acknowledged)"
		}
		fmt.Fprintf(w, "  %s %s%s: %s\n", f.Action, safe(f.RuleID), ack, safe(f.Message))
		if f.Rule != nil && f.Rule.Source != "" {
			fmt.Fprintf(w, "    rule at %s\n", safe(f.Rule.Source))
		}
		names := make([]string, 0, len(f.Facts))
		for k := range f.Facts {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(w, "    fact %s: %s\n", k, safe(f.Facts[k]))
		}
	}
	writeExplainImpact(w, v.impact)
	if reads := v.host.Reads(); reads > 0 {
		fmt.Fprintf(w, "host files read for facts: %d\n", reads)
	}
	if v.decision.Action == policy.Allow && len(v.decision.Findings) == 0 {
		fmt.Fprintln(w, "  no rule matched")
	}
}

// originText says where in code carried by the line an invocation was
// found: "the code of python3 -c at 1:18 (byte 17): os.system".
func originText(o *shell.Origin) string {
	where := "the code of " + o.In
	switch {
	case o.Offset >= 0:
		where += fmt.Sprintf(" at %d:%d (byte %d)", o.Line, o.Col, o.Offset)
	case o.Word > 0:
		where += fmt.Sprintf(", word %d", o.Word)
	}
	if o.Call != "" {
		where += ": " + o.Call
	}
	return where
}

func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	return s
}
