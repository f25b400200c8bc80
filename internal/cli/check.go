package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/belay-sh/belay/internal/facts"
	"github.com/belay-sh/belay/internal/lazy"
	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
)

// checkOpts are the flags shared by check, explain and exec.
type checkOpts struct {
	json     bool
	noPrompt bool
	observe  bool // check and report, never stop (also mode = "observe" in belay.toml)
	root     string
	shell    string
	color    string
	rules    stringList
	config   string // belay hook's --config (check binds it to app.configPath)
	// What belay hook is told of the shell's session (--state): the
	// definitions the line refers to; stateDropped (--state-dropped):
	// there were more than the hook passes.
	state        string
	stateDropped bool
}

// checkFlags returns the flag set of check, explain, exec or hook (name),
// bound to o: each has those of checkFlagSpecs it lists (commands.go).
func (a *app) checkFlags(name string, o *checkOpts) *flag.FlagSet {
	return flagSet(name, map[string]any{"json": &o.json, "no-prompt": &o.noPrompt, "observe": &o.observe,
		"root": &o.root, "shell": &o.shell, "color": &o.color, "rules": &o.rules, "config": &a.configPath})
}

// verdict is everything one check produced.
type verdict struct {
	line     string
	argv     bool          // judged as an argv (belay exec, approve): line is its words quoted
	opt      shell.Options // as analysed, to judge an ack hint again
	analysis *shell.Analysis
	rules    *packs.Loaded
	decision policy.Decision
	host     *facts.Host
	reason   string // why a confirmation was declined (a timeout, Ctrl-C), for the audit log

	impact     []facts.Impact // what the stop puts at stake; measured only for confirm and block
	impactDone bool
}

// judge analyses a line (or an argv) and decides on it. When it returns,
// the verdict (or the error) is claimed from the watchdog: the caller may
// report it. If the watchdog answered first, judge never returns.
func (a *app) judge(o *checkOpts, line string, argv []string) (res *verdict, err error) {
	defer a.wd.claimOrPark()
	defer a.settleJudge(o, line, argv, &res, &err)
	if argv != nil {
		a.wd.about(joinArgv(argv), o.shell, o.noPrompt, nil, nil)
	} else {
		a.wd.about(line, o.shell, o.noPrompt, nil, nil)
	}
	d, ok := shell.ParseDialect(o.shell)
	if !ok {
		return nil, usageErr("unknown shell "+quote(o.shell), "use bash, zsh, fish or sh")
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		return nil, usageErr("--color takes auto, always or never", "")
	}
	a.out = newOutput(a.stderr, a.getenv, o.color)
	opt := shell.Options{Dialect: d, Env: a.envMap(), Cwd: a.cwd, State: o.state, StateDropped: o.stateDropped,
		ReadFile: codeFileReader(o.root)}
	v := &verdict{line: line, opt: opt}
	a.wd.phase("analysing the line")
	if argv != nil {
		v.line, v.argv = joinArgv(argv), true
		v.analysis = shell.AnalyzeArgv(argv, opt)
	} else {
		v.analysis = shell.Analyze(line, opt)
		if e := v.analysis.StateError; e != "" {
			a.out.warnf("%s: the line is judged without it", safe(e))
		}
	}
	a.wd.phase("reading the configuration and rule packs")
	l := a.loadRules(o.rules)
	v.rules = l
	v.host = a.newHost(o.root, d)
	a.wd.phase("matching the rules and asking the host")
	// Acknowledgements come from the line itself (BELAY_ACK=id cmd, carried
	// by the invocations it prefixes), never from the environment: an
	// exported BELAY_ACK would reach every later command. a.acks are those
	// given on sudo's own command line, or carried by a ticket (belay
	// approve, belay sudo): they apply to the whole line.
	v.decision = l.Set.DecideAcked(v.analysis, hostAsker{v.host}, a.acks)
	return v, nil
}

// newHost returns the facts of the host under root, probed lazily.
func (a *app) newHost(root string, d shell.Dialect) *facts.Host {
	opt := facts.Options{Root: root, Env: a.getenv, Now: a.now, TTY: a.ttyFact, Parent: a.parentPID}
	if a.agent != nil {
		opt.Agent, opt.Guarded = a.agent.detail(), a.agent.guarded
	}
	return facts.New(opt)
}

// hostAsker adapts facts.Host to the policy's Asker.
type hostAsker struct{ h *facts.Host }

func (h hostAsker) Ask(name, target string) (policy.Answer, error) {
	ans, err := h.h.Ask(name, target)
	return policy.Answer{Holds: ans.Holds, Detail: ans.Detail}, err
}

func (a *app) envMap() map[string]string {
	m := map[string]string{}
	for _, kv := range a.environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	// The shell puts _ in the environment of what it runs: belay's own
	// path, not what $_ will be when the line runs (the last word of the
	// command before it): unknown, judged at its worst.
	delete(m, "_")
	// A stale PWD must not stand for the directory belay really runs in.
	if a.cwd != "" {
		m["PWD"] = a.cwd
	}
	return m
}

func joinArgv(argv []string) string {
	parts := make([]string, len(argv))
	for i, s := range argv {
		parts[i] = shell.Quote(s)
	}
	return strings.Join(parts, " ")
}

// checkArgs parses the flags of check, explain or exec (name) into o and
// returns the operands, of which there must be some: else a usage
// error, msg with hint.
func (a *app) checkArgs(name string, args []string, o *checkOpts, msg, hint string) ([]string, error) {
	fs := a.checkFlags(name, o)
	if err := a.parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		return nil, usageErr(msg, hint)
	}
	return fs.Args(), nil
}

func (a *app) check(args []string) error {
	var o checkOpts
	words, err := a.checkArgs("check", args, &o, "no command line to check", "belay check -- 'COMMAND LINE'")
	if err != nil {
		return err
	}
	return a.checkLine(&o, strings.Join(words, " "))
}

// checkLine judges line and concludes: reports, asks, records, and
// returns the exit status as an error.
func (a *app) checkLine(o *checkOpts, line string) error {
	v, err := a.judge(o, line, nil)
	if err != nil {
		return err
	}
	if code := a.conclude(o, v); code != ExitAllow {
		return &exitError{code: code}
	}
	return nil
}

// conclude reports a verdict, asks at the terminal when a rule wants
// confirmation and a terminal is there, and returns the exit status.
func (a *app) conclude(o *checkOpts, v *verdict) (code int) {
	outcome := "allowed"
	defer a.settle(o, v, &outcome, &code)
	a.warnRefused(v.rules)
	d := v.decision
	code = ExitAllow
	if a.serving && (d.Action > policy.Allow || len(d.Acknowledged) > 0) {
		// belay serve answers only for lines that pass without a word:
		// belay hook reports this one (and measures what is at stake).
		outcome = "handed back"
		return ExitConfirm
	}
	if o.observe || v.rules.Config.Mode == "observe" {
		// Rollout: show what would have been stopped, stop nothing.
		if d.Action > policy.Allow {
			outcome = "observed " + d.Action.String()
			a.report(v, policy.Warn)
			a.out.hint("observe mode: nothing is stopped; this would have been: " + d.Action.String())
		}
		if o.json {
			a.printJSON(v, outcome)
		}
		return ExitAllow
	}
	switch d.Action {
	case policy.Allow:
		if len(d.Acknowledged) > 0 {
			outcome = "acknowledged"
			a.out.line(a.out.yellow, "acknowledged", strings.Join(d.Acknowledged, ", "))
		}
	case policy.Warn:
		outcome = "warned"
		a.report(v, policy.Warn)
		if len(d.Acknowledged) > 0 {
			// A stop acknowledged beside a warning: say both.
			a.out.line(a.out.yellow, "acknowledged", strings.Join(d.Acknowledged, ", "))
		}
	case policy.Block:
		outcome, code = "blocked", ExitBlock
		a.measureImpact(v)
		a.report(v, policy.Block)
		flushTerminal()
	case policy.Confirm:
		a.measureImpact(v)
		a.report(v, policy.Confirm)
		if o.noPrompt {
			outcome, code = "confirmation needed", ExitConfirm
			a.out.hintLines("no prompt (--no-prompt): " + ackHint(a, v))
			break
		}
		ok, err := a.ask(v)
		switch {
		case err == errNoTerminal:
			outcome, code = "confirmation needed", ExitConfirm
			a.out.hintLines("no terminal to ask on: " + ackHint(a, v))
		case err != nil:
			outcome, code, v.reason = "declined", ExitBlock, err.Error()
			a.out.line(a.out.red, "declined", safe(err.Error()))
			flushTerminal()
		case ok:
			outcome = "confirmed"
		default:
			outcome, code = "declined", ExitBlock
			a.out.line(a.out.red, "declined", "not run")
			flushTerminal()
		}
	}
	if o.json {
		a.printJSON(v, outcome)
	}
	if code == ExitAllow && a.tickets {
		a.issueTickets(v)
	}
	return code
}

// told is how many facts of the host a finding learnt: none when some of
// them could not be told.
func told(f policy.Finding) int {
	if f.Untold {
		return 0
	}
	return len(f.Facts)
}

// findingIDs returns the ids of the findings at or above min, each once.
func findingIDs(d policy.Decision, min policy.Action) []string {
	var ids []string
	seen := map[string]bool{}
	for _, f := range d.Findings {
		if f.Acknowledged || f.Action < min || seen[f.RuleID] {
			continue
		}
		seen[f.RuleID] = true
		ids = append(ids, f.RuleID)
	}
	return ids
}

// report prints one finding per thing at stake: of the findings on the
// same command and target, the first at the decision's action (packs
// come in order, the specific rules of a pack before its general ones
// only where the pack says so; the rest are in belay explain). Under it,
// why a dynamic target is what it is, what is at stake on this host, one
// reference, and the way forward.
func (a *app) report(v *verdict, top policy.Action) {
	type key struct {
		inv    *shell.Invocation
		target string
	}
	// Group the findings to show by what they are about, in order; each
	// group shows its most specific finding: the one that learnt the most
	// of the host (a rule with facts says why it matters here; one whose
	// facts could not be told says nothing the others do not), else the
	// first; the agent pack's yield to any other (guardRule).
	var groups []key
	best := map[key]policy.Finding{}
	seen := map[string]bool{}
	more := 0
	for _, f := range v.decision.Findings {
		if f.Acknowledged || f.Action < policy.Warn || seen[f.RuleID+"\x00"+f.Target] {
			continue
		}
		seen[f.RuleID+"\x00"+f.Target] = true
		if f.Action < top {
			more++
			continue
		}
		k := key{f.Invocation, f.Target}
		b, ok := best[k]
		switch {
		case !ok:
			groups = append(groups, k)
			best[k] = f
		case f.Action > b.Action || f.Action == b.Action && guardRule(b) && !guardRule(f) ||
			f.Action == b.Action && guardRule(b) == guardRule(f) && told(f) > told(b):
			best[k] = f
			more++
		default:
			more++
		}
	}
	var ref string
	var why []string
	for _, k := range groups {
		f := best[k]
		// At top == Warn (a warning, or observe mode) everything is a warning.
		label, kind := a.out.yellow, "warning"
		switch {
		case top > policy.Warn && f.Action == policy.Block:
			label, kind = a.out.red, "blocked"
		case top > policy.Warn && f.Action == policy.Confirm:
			label, kind = a.out.yellow, "confirm"
		}
		msg := safe(f.Message) + " " + a.out.dim.Sprint("["+safe(f.RuleID)+"]")
		if f.Invocation != nil && f.Invocation.Deferred != "" {
			// Code the line defines to run later: what defines it, then
			// what it would do (defines an alias ls, run when ls is
			// typed: rm -rf / deletes everything under /).
			msg = safe(bounded(f.Invocation.Deferred, 300)) + ": " + msg
		}
		if f.Invocation != nil && len(f.Invocation.Wrappers) > 0 {
			msg += a.out.dim.Sprint(" (through " + safe(wrapperChain(f.Invocation.Wrappers)) + ")")
		}
		if f.Invocation != nil && f.Invocation.Remote != "" {
			msg += a.out.dim.Sprint(" on " + safe(bounded(f.Invocation.Remote, 200)))
		}
		a.out.line(label, kind, msg)
		if w := dynamicWhy(f, v.opt.Env); w != "" && !slices.Contains(why, w) {
			why = append(why, w)
		}
		if w := sessionWhy(f, v.analysis.Session); w != "" && !slices.Contains(why, w) {
			why = append(why, w)
		}
		if ref == "" {
			ref = f.Reference
		}
	}
	for _, w := range why {
		fmt.Fprintf(a.out.w, "  %s  %s\n", a.out.dim.Sprint("why  "), safe(w))
	}
	if top >= policy.Confirm {
		writeImpact(a.out.w, a.out, v.impactLines())
	}
	if ref != "" {
		a.out.hint(ref)
	}
	if more > 0 {
		if more == 1 {
			a.out.hint("1 more rule matched: belay explain shows it")
		} else {
			a.out.hint(fmt.Sprintf("%d more rules matched: belay explain shows them", more))
		}
	}
	if top == policy.Block && a.agent == nil {
		// An agent is never taught an override: a person acknowledges.
		a.out.hintLines(ackHint(a, v))
	}
}

// guardRule says whether f is the agent pack's: it says the target keeps
// an agent checked, which any other rule stopping the same target says
// more usefully, so it yields to that one.
func guardRule(f policy.Finding) bool {
	return strings.HasPrefix(f.RuleID, "agent.")
}

// wrapperChain is the chain a finding was seen through, bounded: the
// first and last few of a long chain, and how many are left out.
func wrapperChain(ws []string) string {
	if len(ws) <= 6 {
		return bounded(strings.Join(ws, " → "), 300)
	}
	return bounded(strings.Join(ws[:3], " → ")+fmt.Sprintf(" → … %d more → ", len(ws)-6)+strings.Join(ws[len(ws)-3:], " → "), 300)
}

// bounded cuts s to at most n bytes (at a rune boundary), marking the cut.
func bounded(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// sessionWhy names the values of the session's variables (as the hook
// passed them) that a finding's target came from: "D is /srv/app here".
func sessionWhy(f policy.Finding, session map[string]string) string {
	if f.Invocation == nil || len(session) == 0 {
		return ""
	}
	for i, arg := range f.Invocation.Argv {
		if i == 0 || arg.Raw == "" || len(arg.Raw) > 200 {
			continue
		}
		if f.Target != "" && (arg.Value == "" || !strings.Contains(f.Target, strings.TrimRight(arg.Value, "*/"))) {
			continue
		}
		var said []string
		for _, m := range dynVar.Get().FindAllStringSubmatch(arg.Raw, 8) {
			val, ok := session[m[1]]
			if s := m[1] + " is " + bounded(val, 200) + " here"; ok && !slices.Contains(said, s) {
				said = append(said, s)
			}
		}
		if len(said) > 0 {
			return strings.Join(said, ", ") + " (set in this shell)"
		}
	}
	return ""
}

// dynVar finds the variables a word's source text expands.
var dynVar = lazy.Regexp{Expr: `\$\{?([A-Za-z_][A-Za-z0-9_]*)`} // compiled on first use

// dynamicWhy says why a finding's target is what it is when the word it
// came from could not be read as written: the variables in it that belay
// does not see (not exported, or unset), or the substitution that is
// only known when it runs. "" when the target is as typed.
func dynamicWhy(f policy.Finding, env map[string]string) string {
	if f.Invocation == nil {
		return ""
	}
	for i, arg := range f.Invocation.Argv {
		if i == 0 || !arg.Dynamic || arg.Raw == "" || len(arg.Raw) > 200 {
			continue
		}
		// Only the word the target came from: its worst case is in it.
		if f.Target != "" && (arg.Value == "" || !strings.Contains(f.Target, strings.TrimRight(arg.Value, "*/"))) {
			continue
		}
		var unset []string
		for _, m := range dynVar.Get().FindAllStringSubmatch(arg.Raw, 8) {
			if _, ok := env[m[1]]; !ok && !slices.Contains(unset, m[1]) {
				unset = append(unset, m[1])
			}
		}
		judged := "judged at its worst"
		if f.Target != "" {
			judged = "judged as " + f.Target
		}
		switch {
		case len(unset) > 0:
			return fmt.Sprintf("%s is not in belay's environment (unset, or set in the shell without export), so %s is %s", strings.Join(unset, ", "), arg.Raw, judged)
		case strings.Contains(arg.Raw, "$(") || strings.Contains(arg.Raw, "`"):
			return fmt.Sprintf("%s is only known when it runs, so it is %s", arg.Raw, judged)
		}
	}
	return ""
}

// jsonFinding is one finding in --json output.
type jsonFinding struct {
	Rule         string            `json:"rule"`
	Action       string            `json:"action"`
	Message      string            `json:"message"`
	Invocation   string            `json:"invocation,omitempty"`
	Wrappers     []string          `json:"wrappers,omitempty"`
	Deferred     string            `json:"deferred,omitempty"`
	Target       string            `json:"target,omitempty"`
	Facts        map[string]string `json:"facts,omitempty"`
	Challenge    string            `json:"challenge,omitempty"`
	Reference    string            `json:"reference,omitempty"`
	Acknowledged bool              `json:"acknowledged,omitempty"`
}

func (a *app) printJSON(v *verdict, outcome string) {
	out := struct {
		Decision     string         `json:"decision"`
		Outcome      string         `json:"outcome"`
		Findings     []jsonFinding  `json:"findings"`
		Acknowledged []string       `json:"acknowledged,omitempty"`
		Incomplete   bool           `json:"incomplete,omitempty"`
		Refused      []string       `json:"refused_packs,omitempty"`
		Impact       []facts.Impact `json:"impact,omitempty"`
	}{
		Decision:     v.decision.Action.String(),
		Outcome:      outcome,
		Findings:     []jsonFinding{},
		Acknowledged: v.decision.Acknowledged,
		Incomplete:   v.analysis.Incomplete,
		Refused:      refusedList(v.rules),
		Impact:       v.impact,
	}
	for _, f := range v.decision.Findings {
		jf := jsonFinding{Rule: f.RuleID, Action: f.Action.String(), Message: f.Message, Target: f.Target,
			Facts: f.Facts, Challenge: f.Challenge, Reference: f.Reference, Acknowledged: f.Acknowledged}
		if f.Invocation != nil {
			jf.Invocation = f.Invocation.Text
			jf.Wrappers = f.Invocation.Wrappers
			jf.Deferred = f.Invocation.Deferred
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}

// shortHostname is the host's name up to the first dot, for the
// hostname challenge.
func shortHostname(h *facts.Host) string {
	name := ""
	if ans, err := h.Ask(facts.HostName, ""); err == nil {
		name = ans.Detail
	}
	if name == "" {
		name, _ = os.Hostname()
	}
	name, _, _ = strings.Cut(strings.TrimSpace(name), ".")
	return name
}

// promptTimeout is how long the prompt waits for an answer.
var promptTimeout = 60 * time.Second

// ask puts the confirmation question to the person at the terminal.
func (a *app) ask(v *verdict) (bool, error) {
	challenge := ""
	for _, f := range v.decision.Findings {
		if f.Acknowledged || f.Action != policy.Confirm {
			continue
		}
		switch {
		case f.Challenge == "hostname":
			challenge = "hostname"
		case f.Challenge == "yes" && challenge == "":
			challenge = "yes"
		}
	}
	question, want := "Run it? [y/N] ", ""
	switch challenge {
	case "hostname":
		want = shortHostname(v.host)
		question = "Type the hostname of the machine to go ahead: "
	case "yes":
		want = "yes"
		question = "Type yes to run it: "
	}
	ask := a.askTTY
	if ask == nil {
		ask = promptTTY
	}
	answer, err := ask(question, promptTimeout)
	if err != nil {
		return false, err
	}
	answer = strings.TrimSpace(answer)
	if want == "" {
		return answer == "y" || answer == "Y" || strings.EqualFold(answer, "yes"), nil
	}
	if challenge == "hostname" && want != "" && strings.EqualFold(answer, want) {
		return true, nil
	}
	if challenge == "yes" && answer == "yes" {
		return true, nil
	}
	if challenge == "hostname" {
		return false, fmt.Errorf("that is not this machine's name: not run")
	}
	return false, nil
}
