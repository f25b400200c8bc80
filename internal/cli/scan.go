package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/scan"
	"github.com/belay-sh/belay/internal/scan/sarif"
	"github.com/belay-sh/belay/internal/shell"
)

// scanOpts are the flags of belay scan.
type scanOpts struct {
	json, sarif bool
	kind        string
	shell       string
	failOn      string
	root        string
	rules       stringList
}

// progressAfter is how long a scan runs before it shows progress; a
// variable for tests.
var progressAfter = time.Second

// scanFlags are the flags of belay scan (commands.go), bound to o.
func (a *app) scanFlags(o *scanOpts) *flag.FlagSet {
	return flagSet("scan", map[string]any{"json": &o.json, "sarif": &o.sarif, "kind": &o.kind, "shell": &o.shell,
		"fail-on": &o.failOn, "root": &o.root, "rules": &o.rules, "config": &a.configPath})
}

// scan is belay scan: it parses the flags, runs a scan.Scanner and prints
// what it finds.
func (a *app) scan(args []string) error {
	var o scanOpts
	fs := a.scanFlags(&o)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	s, failOn, err := a.scanner(&o, fs.NArg())
	if err != nil {
		return err
	}
	text := !o.json && !o.sarif
	var p *progress
	if f, ok := a.stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		p = &progress{w: a.stderr, start: time.Now()}
		s.Progress = p.show
	}
	var findings []*scan.Finding
	failed := false
	for f, err := range s.Scan(fs.Args()) {
		p.clear()
		if err != nil {
			a.scanError(err)
			continue
		}
		findings = append(findings, f)
		failed = failed || !f.Acknowledged && failOn >= 0 && f.Action >= failOn
		if text {
			a.printFinding(f)
		}
	}
	p.clear()
	switch {
	case o.json:
		a.scanJSON(s, findings, failed)
	case o.sarif:
		_ = sarif.Write(a.stdout, findings, sarif.Tool{Name: "belay", Version: Version, InformationURI: belayURL}, a.cwd)
	default:
		a.scanSummary(s, findings)
	}
	if s.Skipped > 0 {
		a.out.hint(fmt.Sprintf("%d file(s) of no kind belay reads were skipped; --kind reads them as one", s.Skipped))
	}
	switch {
	case s.Unreadable > 0:
		return &exitError{code: ExitUsage}
	case failed:
		return &exitError{code: ExitBlock}
	}
	return nil
}

// belayURL is where belay lives, for tools that read its output.
const belayURL = "https://github.com/belay-sh/belay"

// scanner checks scan's flags and that it has paths, and returns the
// Scanner they ask for and the action at which a finding fails the scan
// (-1 for none).
func (a *app) scanner(o *scanOpts, paths int) (*scan.Scanner, policy.Action, error) {
	if o.json && o.sarif {
		return nil, 0, usageErr("--json and --sarif cannot be used together", "")
	}
	s := &scan.Scanner{Stdin: a.stdin}
	if o.kind != "" {
		k, ok := scan.ParseKind(o.kind)
		if !ok {
			return nil, 0, usageErr("unknown kind "+quote(o.kind), "use script, history, crontab, unit or audit")
		}
		s.Kind = k
	}
	if o.shell != "" {
		d, ok := shell.ParseDialect(o.shell)
		if !ok || d == shell.Fish {
			return nil, 0, usageErr("unknown shell "+quote(o.shell), "use bash, zsh or sh (fish history is always read as fish)")
		}
		s.Options.Dialect = d
	}
	failOn := policy.Action(-1)
	if o.failOn != "none" {
		act, err := policy.ParseAction(o.failOn)
		if err != nil || act == policy.Allow {
			return nil, 0, usageErr("--fail-on takes warn, confirm, block or none", "")
		}
		failOn = act
	}
	if paths == 0 {
		return nil, 0, usageErr("nothing to scan", "belay scan FILE|DIR...; '-' reads standard input")
	}
	l := a.loadRules(o.rules)
	a.warnRefused(l)
	s.Rules = l.Set
	if o.root != "" {
		s.Asker = hostAsker{a.newHost(o.root, cmpDialect(s.Options.Dialect))}
	}
	return s, failOn, nil
}

// scanError prints a file that could not be read, with a hint when only
// its kind was unknown.
func (a *app) scanError(err error) {
	if errors.Is(err, scan.ErrUnknownKind) {
		a.out.errorf("%s; give --kind script, history, crontab, unit or audit", err)
		return
	}
	a.out.errorf("%s", err)
}

// cmpDialect is d, or bash when no --shell was given.
func cmpDialect(d shell.Dialect) shell.Dialect {
	if d == "" {
		return shell.Bash
	}
	return d
}

// printFinding prints one finding as FILE:LINE:COL RULE ACTION MESSAGE.
func (a *app) printFinding(f *scan.Finding) {
	msg := f.Message
	if f.Acknowledged {
		msg += " (acknowledged with BELAY_ACK)"
	}
	fmt.Fprintf(a.stdout, "%s:%d:%d %s %s %s\n", safe(f.File.Path), f.Line, f.Col, safe(f.RuleID), f.Action, safe(msg))
}

// scanSummary prints the findings per rule and per action.
func (a *app) scanSummary(s *scan.Scanner, findings []*scan.Finding) {
	type ruleKey struct {
		id     string
		action policy.Action
	}
	byRule := map[ruleKey]int{}
	byAction := map[policy.Action]int{}
	acked := 0
	for _, f := range findings {
		if f.Acknowledged {
			acked++
			continue
		}
		byRule[ruleKey{f.RuleID, f.Action}]++
		byAction[f.Action]++
	}
	w := a.stdout
	lines := 0
	for _, f := range s.Files {
		lines += f.Lines
	}
	where := fmt.Sprintf("%d file(s), %d line(s), %d command(s)", len(s.Files), lines, s.Commands)
	if len(byRule) == 0 {
		fmt.Fprintf(w, "scanned %s: no findings", where)
		if acked > 0 {
			fmt.Fprintf(w, " (%d acknowledged)", acked)
		}
		fmt.Fprintln(w)
		return
	}
	keys := make([]ruleKey, 0, len(byRule))
	for k := range byRule {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].action != keys[j].action {
			return keys[i].action > keys[j].action
		}
		if byRule[keys[i]] != byRule[keys[j]] {
			return byRule[keys[i]] > byRule[keys[j]]
		}
		return keys[i].id < keys[j].id
	})
	width := len("rule")
	for _, k := range keys {
		width = max(width, len(safe(k.id)))
	}
	fmt.Fprintf(w, "\n%-*s  %-7s  %8s\n", width, "rule", "action", "findings")
	for _, k := range keys {
		fmt.Fprintf(w, "%-*s  %-7s  %8d\n", width, safe(k.id), k.action, byRule[k])
	}
	fmt.Fprintf(w, "\n%-7s  %8s\n", "action", "findings")
	total := 0
	for _, act := range []policy.Action{policy.Block, policy.Confirm, policy.Warn} {
		fmt.Fprintf(w, "%-7s  %8d\n", act, byAction[act])
		total += byAction[act]
	}
	fmt.Fprintf(w, "\nscanned %s: %d finding(s)", where, total)
	if acked > 0 {
		fmt.Fprintf(w, ", %d acknowledged", acked)
	}
	fmt.Fprintln(w)
}

// jsonScanFinding is one finding in belay scan --json.
type jsonScanFinding struct {
	File         string `json:"file"`
	Line         int    `json:"line"`
	Col          int    `json:"col"`
	Kind         string `json:"kind"`
	Rule         string `json:"rule"`
	Action       string `json:"action"`
	Message      string `json:"message"`
	Command      string `json:"command,omitempty"`
	Reference    string `json:"reference,omitempty"`
	Acknowledged bool   `json:"acknowledged,omitempty"`
}

// scanJSON prints the whole scan as one JSON object.
func (a *app) scanJSON(s *scan.Scanner, findings []*scan.Finding, failed bool) {
	type summary struct {
		Files    int            `json:"files"`
		Lines    int            `json:"lines"`
		Commands int            `json:"commands"`
		Skipped  int            `json:"skipped,omitempty"`
		Errors   int            `json:"unreadable,omitempty"`
		ByRule   map[string]int `json:"by_rule"`
		ByAction map[string]int `json:"by_action"`
	}
	out := struct {
		Findings []jsonScanFinding `json:"findings"`
		Summary  summary           `json:"summary"`
		Failed   bool              `json:"failed"`
	}{Findings: []jsonScanFinding{}, Failed: failed}
	out.Summary = summary{Files: len(s.Files), Commands: s.Commands, Skipped: s.Skipped, Errors: s.Unreadable,
		ByRule: map[string]int{}, ByAction: map[string]int{}}
	for _, f := range s.Files {
		out.Summary.Lines += f.Lines
	}
	for _, f := range findings {
		out.Findings = append(out.Findings, jsonScanFinding{File: f.File.Path, Line: f.Line, Col: f.Col, Kind: string(f.File.Kind),
			Rule: f.RuleID, Action: f.Action.String(), Message: f.Message, Command: f.Command, Reference: f.Reference,
			Acknowledged: f.Acknowledged})
		if !f.Acknowledged {
			out.Summary.ByRule[f.RuleID]++
			out.Summary.ByAction[f.Action.String()]++
		}
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}

// progress is a line on a terminal's stderr, rewritten in place, for
// scans that take more than a second.
type progress struct {
	w     io.Writer
	start time.Time
	last  time.Time
	shown bool
}

// show draws the line for a file and a line in it, at most ten times a
// second, once the scan has run for progressAfter.
func (p *progress) show(f *scan.File, line int) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < progressAfter || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\rbelay: scanning %s: line %d of %d\x1b[K", safe(f.Path), line, f.Lines)
}

// clear takes the line away, before findings are printed and at the end.
func (p *progress) clear() {
	if p == nil || !p.shown {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.shown = false
}
