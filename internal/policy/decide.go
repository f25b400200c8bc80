package policy

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/belay-sh/belay/internal/shell"
)

// Asker answers questions about the live state of the host. name is a fact
// such as "init.cannot-start"; target is the path the matched effect is on
// (for command rules the first operand), which facts about a path use and
// the others ignore. An Answer has the fields of facts.Answer, so a
// facts.Host is adapted with a conversion:
//
//	policy.AskerFunc(func(name, target string) (policy.Answer, error) {
//		a, err := host.Ask(name, target)
//		return policy.Answer(a), err
//	})
type Asker interface {
	Ask(name, target string) (Answer, error)
}

// Answer is what an Asker says about one fact.
type Answer struct {
	Holds  bool   // the fact holds
	Detail string // what was seen: the cron line, the process using a file
}

// AskerFunc is an Asker made of a function.
type AskerFunc func(name, target string) (Answer, error)

// Ask calls f.
func (f AskerFunc) Ask(name, target string) (Answer, error) { return f(name, target) }

// Finding is one rule that matched one invocation.
type Finding struct {
	Rule         *Rule             // the effective rule
	RuleID       string            // Rule.ID
	Action       Action            // the rule's action, lowered to Confirm when a fact could not be told
	Message      string            // the rule's message with {command}, {target} and {facts} filled in, unquoted
	Invocation   *shell.Invocation // nil for belay.parse-error and belay.analysis
	Target       string            // the path of the matched effect, or the first operand for command rules
	Facts        map[string]string // fact name → detail, for the facts asked; "cannot tell: …" on error
	Untold       bool              // some of its facts could not be told (Action lowered to Confirm)
	Challenge    string            // the rule's challenge
	Reference    string            // the rule's reference
	Acknowledged bool              // its id was acknowledged: it does not count towards the decision
}

// Decision is the verdict on a line.
type Decision struct {
	Action       Action    // the strongest action of the findings not acknowledged; Allow when none
	Findings     []Finding // in the order of the line's invocations, then of the rules
	Acknowledged []string  // ids of the acknowledged findings, each once
}

// Ids of belay's own findings.
const (
	ParseErrorID = "belay.parse-error" // the line does not parse
	AnalysisID   = "belay.analysis"    // the analyzer hit a limit or an internal error
)

var (
	parseErrorRule = &Rule{ID: ParseErrorID, Pack: "belay", Action: Confirm, Message: "cannot parse the line", Source: "belay"}
	analysisRule   = &Rule{ID: AnalysisID, Pack: "belay", Action: Confirm, Message: "the line could not be fully analysed", Source: "belay"}
	builtinRules   = []*Rule{parseErrorRule, analysisRule}
)

var errNoHost = errors.New("no host facts available")

// Decide matches every invocation of the analysed line against the rules
// and returns the verdict. Facts are asked from host only for rules whose
// other conditions all matched; host may be nil, and then such rules are
// "cannot tell" and confirm at most. A finding whose invocation carries an
// acknowledgement of its rule (BELAY_ACK=id as a prefix of that command)
// is kept, marked, and does not count. An invocation run as a dry run
// matches no rule. Decide does not panic: an internal error becomes a
// confirm finding. It may be called from several goroutines at once.
func (s *Set) Decide(a *shell.Analysis, host Asker) Decision {
	return s.DecideAcked(a, host, nil)
}

// DecideAcked is Decide with rule ids acknowledged for the whole line by
// the caller, from a source other than the line itself (an audit record
// being replayed, a confirmation already given): they apply to every
// finding, belay's own included.
func (s *Set) DecideAcked(a *shell.Analysis, host Asker, acks []string) (d Decision) {
	dc := &decider{set: s, host: host}
	defer func() {
		if r := recover(); r != nil {
			dc.synthetic(analysisRule, fmt.Sprintf("internal error while checking the line: %v", r))
		}
		d = dc.decision(acks)
	}()
	if a == nil {
		dc.synthetic(analysisRule, "nothing to check: no analysis of the line")
		return
	}
	if a.ParseError != nil {
		dc.synthetic(parseErrorRule, "cannot parse the line: "+a.ParseError.Error())
	}
	for _, p := range a.Problems {
		dc.synthetic(analysisRule, p)
	}
	for _, inv := range a.Invocations {
		if inv != nil {
			dc.invocation(inv)
		}
	}
	return
}

type factKey struct{ name, target string }

type factAnswer struct {
	Answer
	err error
}

// decider holds the state of one Decide call.
type decider struct {
	set      *Set
	host     Asker
	findings []Finding
	cache    map[factKey]factAnswer
	cand     []int32
}

func (dc *decider) synthetic(r *Rule, msg string) {
	dc.findings = append(dc.findings, Finding{Rule: r, RuleID: r.ID, Action: r.Action, Message: msg})
}

func (dc *decider) decision(acks []string) Decision {
	d := Decision{Findings: dc.findings}
	for i := range d.Findings {
		f := &d.Findings[i]
		if slices.Contains(acks, f.RuleID) || f.Invocation != nil && f.Invocation.Acked(f.RuleID) {
			f.Acknowledged = true
			if !slices.Contains(d.Acknowledged, f.RuleID) {
				d.Acknowledged = append(d.Acknowledged, f.RuleID)
			}
			continue
		}
		d.Action = max(d.Action, f.Action)
	}
	return d
}

// invCtx is an invocation prepared for matching; its parts are computed
// once, when a rule first needs them.
type invCtx struct {
	inv      *shell.Invocation
	operands []string
	opts     []string // the arguments that are options, up to "--"
	joined   string
	joinedOK bool
	targets  []target // per effect
}

func newInvCtx(inv *shell.Invocation) *invCtx {
	ic := &invCtx{inv: inv, operands: inv.Operands}
	generic := inv.Operands == nil
	for i := 1; i < len(inv.Argv); i++ {
		v := inv.Argv[i].Value
		if v == "--" {
			if generic {
				for _, a := range inv.Argv[i+1:] {
					ic.operands = append(ic.operands, a.Value)
				}
			}
			break
		}
		if len(v) > 1 && v[0] == '-' {
			ic.opts = append(ic.opts, v)
		} else if generic {
			// No operands from the command table: take every
			// argument that is not an option.
			ic.operands = append(ic.operands, v)
		}
	}
	return ic
}

// leads reports whether the invocation's first operands match the words of
// a subcommand pattern ("ec2 terminate-instances" matches two).
func (ic *invCtx) leads(words []wordGlob) bool {
	if len(words) == 0 || len(ic.operands) < len(words) {
		return false
	}
	for i := range words {
		if !words[i].match(ic.operands[i]) {
			return false
		}
	}
	return true
}

func (ic *invCtx) argv() string {
	if !ic.joinedOK {
		var b strings.Builder
		b.WriteString(ic.inv.Name)
		for _, a := range ic.inv.Argv[min(1, len(ic.inv.Argv)):] {
			b.WriteByte(' ')
			b.WriteString(a.Value)
		}
		ic.joined, ic.joinedOK = b.String(), true
	}
	return ic.joined
}

func (ic *invCtx) target(i int) *target {
	if ic.targets == nil {
		ic.targets = make([]target, len(ic.inv.Effects))
		for j, e := range ic.inv.Effects {
			ic.targets[j] = newTarget(e.Path, e.Glob)
		}
	}
	return &ic.targets[i]
}

func (dc *decider) invocation(inv *shell.Invocation) {
	if inv.DryRun {
		return // nothing changes: no rule stops it
	}
	s := dc.set
	cand := dc.cand[:0]
	cand = append(cand, s.byName[inv.Name]...)
	cand = append(cand, s.cmdGlob...)
	if s.base != nil {
		cand = append(cand, s.base.named(inv.Name)...)
		cand = append(cand, s.base.CmdGlob...)
	}
	for _, e := range inv.Effects {
		if k := effectIndex(e.Kind); k >= 0 {
			cand = append(cand, s.byEffect[k]...)
			if s.base != nil {
				cand = append(cand, s.base.ByEffect[k]...)
			}
		}
	}
	dc.cand = cand
	if len(cand) == 0 {
		return
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	ic := newInvCtx(inv)
	for _, i := range cand {
		if s.off == nil || !s.off[i] {
			dc.match(s.crule(i), ic)
		}
	}
}

// match adds a finding when the rule matches the invocation.
func (dc *decider) match(cr *crule, ic *invCtx) {
	if !cr.matchesWords(ic) {
		return
	}
	inv := ic.inv

	// The targets the rule matched: the effects' paths, or the first
	// operand of a command rule.
	var buf [4]string
	targets := buf[:0]
	if cr.effects != 0 {
		for i := range inv.Effects {
			if dc.matchEffect(cr, ic, i) {
				targets = append(targets, inv.Effects[i].Path)
			}
		}
		if len(targets) == 0 {
			return
		}
	} else {
		targets = append(targets, ic.commandTarget(cr))
	}
	if !cr.facts {
		dc.add(cr, inv, targets[0], nil, false)
		return
	}
	// Facts last, and only until one target's facts hold.
	var unsure map[string]string
	unsureTarget := ""
	for _, t := range targets {
		facts, res := dc.facts(cr.r, t, inv.Remote)
		switch res {
		case factsHold:
			dc.add(cr, inv, t, facts, false)
			return
		case factsUnknown:
			if unsure == nil {
				unsure, unsureTarget = facts, t
			}
		}
	}
	if unsure != nil {
		dc.add(cr, inv, unsureTarget, unsure, true)
	}
}

// matchesWords reports whether the invocation's words meet the rule's
// conditions on them: command, remote, subcommand, options and their
// values, operands, args, and the regular expressions.
func (cr *crule) matchesWords(ic *invCtx) bool {
	inv := ic.inv
	if len(cr.command) > 0 && !matchAnyWord(cr.command, inv.Name) {
		return false
	}
	if !cr.r.Remote.holds(inv.Remote != "") {
		return false
	}
	cr.ensureWords()
	if len(cr.subcommand) > 0 && !slices.ContainsFunc(cr.subcommand, ic.leads) {
		return false
	}
	if len(cr.flags) > 0 && !slices.ContainsFunc(cr.flags, ic.hasFlag) {
		return false
	}
	for _, f := range cr.allFlags {
		if !ic.hasFlag(f) {
			return false
		}
	}
	if slices.ContainsFunc(cr.unlessFlags, ic.hasFlag) {
		return false
	}
	for i := range cr.values {
		if !ic.hasValue(&cr.values[i]) {
			return false
		}
	}
	if len(cr.operands) > 0 && !slices.ContainsFunc(ic.operands, func(o string) bool { return matchAnyWord(cr.operands, o) }) {
		return false
	}
	if len(cr.unlessOperands) > 0 && slices.ContainsFunc(ic.operands, func(o string) bool { return matchAnyWord(cr.unlessOperands, o) }) {
		return false
	}
	if len(cr.args) > 0 && !slices.ContainsFunc(inv.Argv[min(1, len(inv.Argv)):], func(a shell.Arg) bool { return matchAnyWord(cr.args, a.Value) }) {
		return false
	}
	if len(cr.sources) > 0 && !slices.ContainsFunc(inv.Argv[min(1, len(inv.Argv)):], func(a shell.Arg) bool {
		return a.Dynamic && (matchAnyWord(cr.sources, a.Raw) || a.Source != "" && matchAnyWord(cr.sources, a.Source))
	}) {
		return false
	}
	if len(cr.unlessSources) > 0 && slices.ContainsFunc(inv.Argv[min(1, len(inv.Argv)):], func(a shell.Arg) bool {
		return a.Dynamic && (matchAnyWord(cr.unlessSources, a.Raw) || a.Source != "" && matchAnyWord(cr.unlessSources, a.Source))
	}) {
		return false
	}
	if cr.r.ArgvRegex != "" || cr.r.StdinRegex != "" {
		// One condition: found in the argv or in the standard input.
		argvRe, stdinRe := cr.regexps()
		if !(argvRe != nil && argvRe.MatchString(ic.argv()) ||
			stdinRe != nil && inv.Stdin != nil && stdinRe.MatchString(*inv.Stdin)) {
			return false
		}
	}
	return true
}

func (dc *decider) matchEffect(cr *crule, ic *invCtx, i int) bool {
	e := &ic.inv.Effects[i]
	k := effectIndex(e.Kind)
	if k < 0 || cr.effects&(1<<k) == 0 {
		return false
	}
	if !cr.r.Recursive.holds(e.Recursive) || !cr.r.Filtered.holds(e.Filtered) || !cr.r.Dynamic.holds(e.Dynamic) {
		return false
	}
	cr.ensureWords()
	if len(cr.names) > 0 && (e.Path == "" || !matchAnyWord(cr.names, path.Base(e.Path))) {
		return false
	}
	cr.ensurePaths()
	if len(cr.paths) == 0 && len(cr.exclude) == 0 {
		return true
	}
	if e.Path == "" {
		return len(cr.paths) == 0
	}
	t := ic.target(i)
	if len(cr.paths) > 0 && !slices.ContainsFunc(cr.paths, func(p pathPattern) bool { return p.matches(t) }) {
		return false
	}
	for j := range cr.exclude {
		if cr.exclude[j].covers(t) {
			return false
		}
	}
	return true
}

// hasFlag reports whether the option f is among the invocation's options:
// -x also inside a bundle such as -xyz, --long and -long also as
// --long=value and -long=value.
func (ic *invCtx) hasFlag(f string) bool {
	short := len(f) == 2 && f[0] == '-' && f[1] != '-'
	for _, a := range ic.opts {
		if a == f {
			return true
		}
		if !short {
			if len(a) > len(f) && a[len(f)] == '=' && a[:len(f)] == f {
				return true
			}
			continue
		}
		if len(a) > 2 && a[1] != '-' && isBundle(a[1:]) && strings.IndexByte(a[1:], f[1]) >= 0 {
			return true
		}
	}
	return false
}

// commandTarget is the target of a command rule: the operand its
// operands condition matched, else the first operand after the subcommand
// path (kubectl delete namespace prod: "namespace"; apt-get purge
// sysvinit-core: "sysvinit-core"), else "".
func (ic *invCtx) commandTarget(cr *crule) string {
	skip := len(ic.inv.Sub)
	for _, words := range cr.subcommand {
		if len(words) > skip && ic.leads(words) {
			skip = len(words)
		}
	}
	skip = min(skip, len(ic.operands))
	if len(cr.operands) > 0 {
		for _, o := range ic.operands[skip:] {
			if matchAnyWord(cr.operands, o) {
				return o
			}
		}
		for _, o := range ic.operands[:skip] {
			if matchAnyWord(cr.operands, o) {
				return o
			}
		}
	}
	if skip < len(ic.operands) {
		return ic.operands[skip]
	}
	return ""
}

// hasValue reports whether the invocation has option v (any of its
// spellings) with a value
// one of v's globs matches. The option is read by the command's grammar
// (shell.Invocation.Options); an option given as --name=value is found
// even for a command the table does not know.
func (ic *invCtx) hasValue(v *cvalue) bool {
	for _, o := range ic.inv.Options {
		if o.HasValue && slices.Contains(v.opts, o.Name) && matchAnyWord(v.globs, o.Value) {
			return true
		}
	}
	return false
}

// isBundle reports whether s (an option without its dash) looks like
// single-letter options run together.
func isBundle(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

type factsResult int

const (
	factsFail    factsResult = iota // a fact says the rule does not apply
	factsHold                       // every fact says it applies
	factsUnknown                    // no fact says no, some could not be told
)

// facts asks the rule's facts about target, lazily and in order: it stops
// at the first fact that says the rule does not apply. An invocation that
// runs on another host (remote) meets that host's state, which belay does
// not read: a fact about the host is then unknown there, never this host's
// answer (a broken init here says nothing of web-01's); the facts about
// who types the line (sessionFact) are still this session's.
func (dc *decider) facts(r *Rule, target, remote string) (map[string]string, factsResult) {
	out := map[string]string{}
	res := factsHold
	ask := func(name string, want bool) bool {
		var a factAnswer
		if remote != "" && !sessionFact(name) {
			a = factAnswer{err: fmt.Errorf("it runs on %s, whose state belay does not read", remote)}
		} else {
			a = dc.ask(name, target)
		}
		if a.err != nil {
			out[name] = "cannot tell: " + a.err.Error()
			res = factsUnknown
			return true
		}
		if a.Holds != want {
			return false
		}
		out[name] = a.Detail
		return true
	}
	for _, name := range r.When {
		if !ask(name, true) {
			return nil, factsFail
		}
	}
	for _, name := range r.WhenNot {
		if !ask(name, false) {
			return nil, factsFail
		}
	}
	return out, res
}

// sessionFact reports whether a fact is about the person or agent typing
// the line rather than the host it runs on: the session (over SSH, an
// agent's, as root), the account they work as (ssh logs in as the same
// name unless told otherwise), the files that keep an agent's commands
// checked (a path here; ssh localhost reaches them too).
func sessionFact(name string) bool {
	return strings.HasPrefix(name, "session.") || name == "account.own" || name == "path.guards-agent"
}

func (dc *decider) ask(name, target string) (a factAnswer) {
	key := factKey{name, target}
	if a, ok := dc.cache[key]; ok {
		return a
	}
	if dc.cache == nil {
		dc.cache = map[factKey]factAnswer{}
	}
	defer func() { dc.cache[key] = a }()
	if dc.host == nil {
		return factAnswer{err: errNoHost}
	}
	defer func() {
		if r := recover(); r != nil {
			a = factAnswer{err: fmt.Errorf("internal error: %v", r)}
		}
	}()
	ans, err := dc.host.Ask(name, target)
	return factAnswer{Answer: ans, err: err}
}

func (dc *decider) add(cr *crule, inv *shell.Invocation, target string, facts map[string]string, unsure bool) {
	r := cr.r
	f := Finding{
		Rule:       r,
		RuleID:     r.ID,
		Action:     r.Action,
		Invocation: inv,
		Target:     target,
		Facts:      facts,
		Challenge:  r.Challenge,
		Reference:  r.Reference,
	}
	if unsure {
		f.Action = min(f.Action, Confirm)
		f.Untold = true
	}
	f.Message = fillMessage(r, r.Message, inv, target, facts)
	f.Reference = fillMessage(r, r.Reference, inv, target, facts)
	dc.findings = append(dc.findings, f)
}

// fillMessage fills the placeholders of msg, the rule's message or reference.
func fillMessage(r *Rule, msg string, inv *shell.Invocation, target string, facts map[string]string) string {
	if !strings.Contains(msg, "{") {
		return msg
	}
	cmd := inv.Text
	if cmd == "" {
		parts := make([]string, len(inv.Argv))
		for i, a := range inv.Argv {
			parts[i] = a.Value
		}
		cmd = strings.Join(parts, " ")
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		b.WriteString(msg[:i])
		msg = msg[i:]
		switch {
		case strings.HasPrefix(msg, "{command}"):
			b.WriteString(cmd)
			msg = msg[len("{command}"):]
		case strings.HasPrefix(msg, "{target}"):
			b.WriteString(target)
			msg = msg[len("{target}"):]
		case strings.HasPrefix(msg, "{facts}"):
			b.WriteString(factsText(r, facts))
			msg = msg[len("{facts}"):]
		default:
			b.WriteByte('{')
			msg = msg[1:]
		}
	}
	b.WriteString(msg)
	return b.String()
}

// factsText joins the details of the facts in rule order.
func factsText(r *Rule, facts map[string]string) string {
	var parts []string
	for _, n := range r.When {
		if d, ok := facts[n]; ok {
			parts = append(parts, cmp.Or(d, n))
		}
	}
	for _, n := range r.WhenNot {
		if d, ok := facts[n]; ok {
			parts = append(parts, cmp.Or(d, "not "+n))
		}
	}
	return strings.Join(parts, "; ")
}
