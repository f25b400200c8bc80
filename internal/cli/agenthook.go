package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/belay-sh/belay/internal/agent"
	"github.com/belay-sh/belay/internal/audit"
	"github.com/belay-sh/belay/internal/facts"
	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
)

// PayloadID is the rule id, in the log, of an agent's tool call belay
// could not read: a payload that is not the agent's, too large, or a hook
// configured without its --format.
const PayloadID = "belay.agent-payload"

// agentRun is the agent belay agent-hook answers, and what it asked.
type agentRun struct {
	format  agent.Format
	call    *agent.Call
	ignored []string        // the line's own BELAY_ACK ids, ignored: acknowledgements never come from an agent
	guarded []facts.Guarded // the files path.guards-agent holds for
}

// detail is the agent and its session, as session.agent's detail.
func (r *agentRun) detail() string {
	if r.call == nil || r.call.Session == "" {
		return string(r.format)
	}
	return string(r.format) + ", session " + r.call.Session
}

// agentOpts are belay agent-hook's flags.
type agentOpts struct {
	checkOpts
	format  string
	confirm string
	timeout float64
}

// agentHook is belay agent-hook: it reads an AI agent's pre-tool-use
// payload on standard input, judges the tool call as belay check judges
// a line (in the agent's directory, in agent mode: the agent pack's
// rules apply, and the line's own BELAY_ACK is ignored), and answers in
// the agent's format (package agent): allow, deny with the reason, or
// ask the person where the agent can. Whatever goes wrong — its own
// flags, a payload it cannot read or that is too large, a judgement that
// takes too long, an internal error — is a deny with the reason, in the
// agent's format when belay knows it: never an allow, never a usage
// error the agent would take for no answer.
func (a *app) agentHook(args []string) (err error) {
	stdout, stderr := a.stdout, a.stderr
	var o agentOpts
	var f agent.Format
	var payload []byte
	known := false
	// answer writes the response; belay has claimed the watch.
	answer := func(r agent.Response) error {
		_, _ = stdout.Write(r.Stdout)
		if r.Stderr != "" {
			_, _ = io.WriteString(stderr, strings.TrimRight(r.Stderr, "\n")+"\n")
		}
		if r.Code == 0 {
			return nil
		}
		return &exitError{code: r.Code}
	}
	// deny answers a deny with reason, in the agent's format when it is
	// known, and records it.
	deny := func(id, reason string) error {
		a.recordAgent(&o, f, id, reason)
		if known {
			return answer(f.Respond(agent.Deny, reason))
		}
		return answer(agent.RespondUnknown(payload, reason))
	}
	defer func() {
		if r := recover(); r != nil {
			a.wd.claimOrPark()
			err = deny(policy.AnalysisID, fmt.Sprintf("belay: error: internal error: %v\nbelay: hint: not run; please report this with the command that caused it", r))
		}
	}()
	// Until belay reads the flags, the watchdog's answer is a deny in
	// every format; then in the format they name.
	timedOut := func(f agent.Format, known bool) func(string) int {
		return func(reason string) int {
			reason = "belay: error: " + reason + " [belay.timeout]\nbelay: hint: not run"
			r := agent.RespondUnknown(nil, reason)
			if known {
				r = f.Respond(agent.Deny, reason)
			}
			// Not a.agent, which the main goroutine may be setting.
			a.recordDeny(&o, &agentRun{format: f}, "", TimeoutID, reason)
			_ = answer(r)
			return r.Code
		}
	}
	a.wd.answerWith(timedOut("", false))
	// What belay would print while judging (a refused pack, a config it
	// cannot use) is kept for the reason of a stop: a stray line on
	// standard error is what Claude Code shows the model.
	var warnings bytes.Buffer
	a.stderr = &warnings

	fs := a.agentFlags(&o)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.wd.claimOrPark()
			fmt.Fprint(stdout, lookup("agent-hook").help())
			return nil
		}
		f, known = agent.ParseFormat(o.format)
		a.wd.claimOrPark()
		return deny(PayloadID, "belay: error: belay agent-hook: "+safe(err.Error())+"\nbelay: hint: not run; the hook's command is wrong: belay init AGENT prints the right one")
	}
	f, known = agent.ParseFormat(o.format)
	a.wd.answerWith(timedOut(f, known))
	if o.timeout > 0 {
		a.wd.setLimit(time.Duration(min(o.timeout, agent.MaxTimeout) * float64(time.Second)))
	}
	a.wd.phase("reading the agent's tool call")
	payload, err = agent.ReadPayload(a.stdin)
	if !known {
		a.wd.claimOrPark()
		return deny(PayloadID, "belay: error: belay agent-hook was not told which agent asks (--format "+formatList()+")"+
			"\nbelay: hint: not run; belay init AGENT prints the hook's command with it")
	}
	if fs.NArg() > 0 || (o.confirm != "ask" && o.confirm != "deny") {
		a.wd.claimOrPark()
		return deny(PayloadID, "belay: error: belay agent-hook takes no operands, and --confirm takes ask or deny"+
			"\nbelay: hint: not run; belay init "+string(f)+" prints the hook's command")
	}
	if _, ok := shell.ParseDialect(o.shell); !ok {
		a.wd.claimOrPark()
		return deny(PayloadID, "belay: error: unknown shell "+quote(o.shell)+"\nbelay: hint: not run; use bash, zsh, fish or sh")
	}
	if err != nil {
		a.wd.claimOrPark()
		return deny(PayloadID, "belay: error: "+safe(err.Error())+"\nbelay: hint: not run: belay reads at most "+strconv.Itoa(agent.MaxPayload>>20)+" MiB of a tool call")
	}
	call, err := agent.Parse(payload, f)
	if err != nil {
		a.wd.claimOrPark()
		return deny(PayloadID, "belay: error: "+f.Name()+"'s tool call could not be read: "+safe(err.Error())+
			"\nbelay: hint: not run; if "+f.Name()+" is not the agent that runs this hook, the hook's --format is wrong")
	}
	if !call.Judge {
		a.wd.claimOrPark()
		return answer(f.Respond(agent.Allow, ""))
	}
	a.agent = &agentRun{format: f, call: call}
	if call.Cwd != "" {
		if !filepath.IsAbs(call.Cwd) {
			call.Cwd = filepath.Join(a.cwd, call.Cwd)
		}
		a.cwd = filepath.Clean(call.Cwd)
	}
	line := callLine(call)
	a.wd.answerWith(func(reason string) int {
		r := f.Respond(agent.Deny, "belay: error: "+reason+" [belay.timeout]"+
			"\nbelay: hint: not run; try a simpler command, or ask the person to run it")
		a.recordCall(&o, line, policy.Confirm.String(), "confirmation needed", []string{TimeoutID}, reason)
		_ = answer(r)
		return r.Code
	})
	if call.Opaque != "" {
		a.wd.claimOrPark()
		reason := "belay: confirm: " + safe(line) + ": " + call.Opaque + " [" + policy.AnalysisID + "]"
		v := a.verdictFor(o.confirm)
		outcome := "asked"
		if r := f.Respond(v, reason); r.Code != 0 || v == agent.Deny || !f.Asks() {
			outcome = "confirmation needed"
		}
		a.recordCall(&o, line, policy.Confirm.String(), outcome, []string{policy.AnalysisID}, call.Opaque)
		return answer(f.Respond(v, reason))
	}
	v, err := a.judgeCall(&o.checkOpts, call, line)
	if err != nil {
		// judgeCall recorded it.
		msg := "internal error"
		var ee *exitError
		if errors.As(err, &ee) && ee.msg != "" {
			msg = ee.msg
		}
		return answer(f.Respond(agent.Deny, "belay: error: "+safe(msg)+"\nbelay: hint: not run; please report this with the command that caused it"))
	}
	return answer(a.concludeAgent(&o, v, &warnings))
}

// agentFlags returns belay agent-hook's flag set, bound to o.
func (a *app) agentFlags(o *agentOpts) *flag.FlagSet {
	return flagSet("agent-hook", map[string]any{"format": &o.format, "confirm": &o.confirm, "shell": &o.shell,
		"timeout": &o.timeout, "root": &o.root, "rules": &o.rules, "config": &a.configPath})
}

// formatList is the agents belay answers, for messages.
func formatList() string {
	names := make([]string, len(agent.Formats))
	for i, f := range agent.Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// verdictFor is what a confirm-level stop answers: ask the person, or
// deny (--confirm).
func (a *app) verdictFor(confirm string) agent.Verdict {
	if confirm == "deny" {
		return agent.Deny
	}
	return agent.Ask
}

// callLine is the tool call as a line, for messages and the log: the
// command line, or the tool and its files.
func callLine(c *agent.Call) string {
	switch {
	case c.IsShell && c.Argv != nil:
		return joinArgv(c.Argv)
	case c.IsShell:
		return c.Line
	}
	parts := []string{c.Tool}
	for _, op := range c.Files {
		parts = append(parts, shell.Quote(op.Path))
	}
	return strings.Join(parts, " ")
}

// judgeCall analyses an agent's tool call and decides on it, as judge
// does a line: in agent mode, with the line's own acknowledgements taken
// out.
func (a *app) judgeCall(o *checkOpts, c *agent.Call, line string) (res *verdict, err error) {
	defer a.wd.claimOrPark()
	defer a.settleJudge(o, line, nil, &res, &err)
	a.wd.about(line, o.shell, true, nil, nil)
	d, _ := shell.ParseDialect(o.shell)
	a.out = newOutput(a.stderr, a.getenv, "never")
	// An agent's command has no argv limit to keep it short: read up to
	// the analyzer's most.
	opt := shell.Options{Dialect: d, Env: a.envMap(), Cwd: a.cwd, MaxBytes: 1 << 20}
	v := &verdict{line: line}
	a.wd.phase("analysing the tool call")
	switch {
	case c.IsShell && c.Argv != nil:
		v.analysis = shell.AnalyzeArgv(c.Argv, opt)
	case c.IsShell:
		v.analysis = shell.Analyze(c.Line, opt)
	default:
		v.analysis = shell.AnalyzeTool(c.Tool, c.Files, opt)
	}
	patchesInLine(v.analysis, opt)
	a.agent.ignored = dropAcks(v.analysis)
	a.wd.phase("reading the configuration and rule packs")
	l := a.loadRules(o.rules)
	v.rules = l
	a.agent.guarded = agent.Guarded(a.getenv, a.ownFiles(o, l.Config)...)
	v.host = a.newHost(o.root, d)
	a.wd.phase("matching the rules and asking the host")
	v.decision = l.Set.DecideAcked(v.analysis, hostAsker{v.host}, nil)
	if len(a.agent.ignored) > 0 {
		v.reason = "the line's own BELAY_ACK=" + strings.Join(a.agent.ignored, ",") + " was ignored: acknowledgements never come from an agent"
	}
	return v, nil
}

// patchesInLine adds the files of a Codex patch run as a command
// (apply_patch <<'EOF' … EOF, or its patch as the argument) to the
// analysis, as the apply_patch tool's are: the shell sees only a command
// with its input.
func patchesInLine(an *shell.Analysis, opt shell.Options) {
	for _, inv := range an.Invocations {
		if inv.Name != "apply_patch" && inv.Name != "applypatch" {
			continue
		}
		patch := ""
		switch {
		case len(inv.Argv) > 1:
			patch = inv.Argv[1].Value
		case inv.Stdin != nil:
			patch = *inv.Stdin
		}
		ops, err := agent.PatchFiles(patch)
		if err != nil {
			an.Problems = append(an.Problems, "apply_patch: "+err.Error())
			continue
		}
		o := opt
		o.Cwd = inv.Cwd
		an.Invocations = append(an.Invocations, shell.AnalyzeTool(inv.Name, ops, o).Invocations...)
	}
}

// dropAcks takes the acknowledgements out of every invocation, and
// returns their ids: in agent mode a line cannot acknowledge its own stop.
func dropAcks(an *shell.Analysis) []string {
	var ids []string
	for _, inv := range an.Invocations {
		for _, ack := range inv.Acks {
			if !strings.Contains(","+strings.Join(ids, ",")+",", ","+ack.ID+",") {
				ids = append(ids, ack.ID)
			}
		}
		inv.Acks = nil
	}
	return ids
}

// ownFiles are belay's files that this run knows of beyond the usual
// ones: the log it writes, the binary the hook runs, the config and pack
// directories its environment and flags name.
func (a *app) ownFiles(o *checkOpts, cfg *packs.Config) []facts.Guarded {
	var out []facts.Guarded
	add := func(p, what string) {
		if filepath.IsAbs(p) {
			out = append(out, facts.Guarded{Path: filepath.Clean(p), What: what})
		}
	}
	for _, f := range a.auditFiles(cfg) {
		add(f.Path, "belay's decision log")
	}
	if bin, err := os.Executable(); err == nil {
		add(bin, "belay, which the hook runs")
	}
	add(a.configPath, "belay's configuration")
	add(a.getenv("BELAY_CONFIG"), "belay's configuration")
	add(a.getenv("BELAY_ETC"), "belay's configuration and rule packs")
	for _, d := range append(strings.Split(a.getenv("BELAY_RULES"), ":"), o.rules...) {
		add(d, "belay's rule packs")
	}
	return out
}

// mark says in rec which agent asked, in which session, with which tool.
func (r *agentRun) mark(rec *audit.Record) {
	if r == nil {
		return
	}
	rec.Agent = string(r.format)
	if r.call != nil {
		rec.Session, rec.Tool = r.call.Session, r.call.Tool
	}
}

// recordAgent records a tool call belay denied without judging it (a
// payload it could not read, its own flags, an internal error): rule id,
// with reason.
func (a *app) recordAgent(o *agentOpts, f agent.Format, id, reason string) {
	r, line := a.agent, ""
	if r == nil {
		r = &agentRun{format: f}
	} else if r.call != nil {
		line = callLine(r.call)
	}
	a.recordDeny(o, r, line, id, reason)
}

// recordDeny records a deny of line (for run's agent) by rule id.
func (a *app) recordDeny(o *agentOpts, r *agentRun, line, id, reason string) {
	rec := &audit.Record{Decision: policy.Block.String(), Outcome: "blocked", Shell: o.shell, Rules: []string{id}, Reason: reason}
	rec.SetLine(line)
	r.mark(rec)
	cfg, _ := a.loadConfig()
	a.writeAudit(rec, cfg)
}

// recordCall records an answer given to the agent without a verdict (a
// timeout, a command belay cannot read).
func (a *app) recordCall(o *agentOpts, line, decision, outcome string, rules []string, reason string) {
	rec := &audit.Record{Decision: decision, Outcome: outcome, Shell: o.shell, Rules: rules, Reason: reason}
	rec.SetLine(line)
	a.agent.mark(rec)
	cfg, _ := a.loadConfig()
	a.writeAudit(rec, cfg)
}

// concludeAgent turns a verdict into the agent's answer, and records it:
// a block denies, a confirm asks the person where the agent can (else
// denies), anything else is no objection. The reason is what belay check
// would print — the rules' messages, what is at stake, the rules' safer
// alternatives — without the acknowledgement hint: an agent is never
// taught an override. A panic while reporting is a deny.
func (a *app) concludeAgent(o *agentOpts, v *verdict, warnings *bytes.Buffer) (r agent.Response) {
	f := a.agent.format
	outcome := "allowed"
	defer func() {
		if p := recover(); p != nil {
			outcome = "internal error"
			r = f.Respond(agent.Deny, fmt.Sprintf("belay: error: internal error: %v\nbelay: hint: not run; please report this with the command that caused it", p))
		}
		a.auditCheck(&o.checkOpts, v, outcome)
	}()
	var msg bytes.Buffer
	a.out = newOutput(&msg, a.getenv, "never")
	d := v.decision
	if v.rules.Config.Mode == "observe" && d.Action > policy.Allow {
		// Rollout: record what would have been stopped, stop nothing.
		outcome = "observed " + d.Action.String()
		return f.Respond(agent.Allow, "")
	}
	switch d.Action {
	case policy.Allow:
		if len(d.Acknowledged) > 0 {
			outcome = "acknowledged"
		}
		return f.Respond(agent.Allow, "")
	case policy.Warn:
		outcome = "warned"
		return f.Respond(agent.Allow, "")
	}
	_, _ = msg.Write(warnings.Bytes())
	a.warnRefused(v.rules)
	a.measureImpact(v)
	a.report(v, d.Action)
	if len(a.agent.ignored) > 0 {
		a.out.line(a.out.yellow, "note", "BELAY_ACK="+safe(strings.Join(a.agent.ignored, ","))+
			" was ignored: a command an agent runs cannot acknowledge its own stop")
	}
	verdict := agent.Deny
	outcome = "blocked"
	if d.Action == policy.Confirm {
		verdict = a.verdictFor(o.confirm)
		outcome = "confirmation needed"
		if verdict == agent.Ask && f.Asks() {
			outcome = "asked"
			a.out.hint("not run unless the person allows it")
		} else {
			a.out.hint("not run; " + f.Name() + " cannot ask the person here: ask them to run it, or to allow it")
		}
	} else {
		a.out.hint("not run")
	}
	return f.Respond(verdict, strings.TrimRight(msg.String(), "\n"))
}
