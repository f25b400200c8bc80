package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/belay-sh/belay/internal/packs"
	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/ticket"
)

// An acknowledgement (BELAY_ACK=rule.id) lets one rule through for one
// command. belay takes it only where it cannot have been left over from
// something else:
//
//   - the line's own prefix on the command: BELAY_ACK=id cmd, or
//     env BELAY_ACK=id cmd (the analyzer reads it; for belay exec, whose
//     argv has no shell syntax, the env form is the way);
//   - sudo's own command line: sudo BELAY_ACK=id cmd (belay sudo, and the
//     approval plugin, which passes sudo's arguments to belay approve);
//   - a ticket (package ticket), left by the belay that saw
//     `BELAY_ACK=id sudo cmd` at a hooked prompt or heard the person
//     confirm a sudo command, for the belay that judges it next.
//
// Never the environment: an exported BELAY_ACK would reach every later
// command, and under sudo the command's environment may be the invoking
// user's (sudo -E, env_keep).

// ackIDs returns the rule ids acknowledged by BELAY_ACK=… assignments
// among env (sudo's VAR=value operands).
func ackIDs(env []string) []string {
	var ids []string
	for _, kv := range env {
		v, ok := strings.CutPrefix(kv, "BELAY_ACK=")
		if !ok {
			continue
		}
		for _, id := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// issueTickets leaves a ticket for each sudo command of the line whose
// findings the person acknowledged or confirmed, so that the approval
// plugin's belay, which cannot see the line, does not stop or ask again.
// Only a command sudo runs directly (sudo [options] cmd args, every word
// known) gets one: its words are what the plugin sees.
//
// Tickets are left only when /etc/sudo.conf names the plugin: without it
// nothing would take them, and a ticket left lying could answer for the
// same command typed again within its lifetime. (One is left lying, for
// as long, when sudo never asks its plugin: a refused password.)
func (a *app) issueTickets(v *verdict) {
	if v.rules != nil && v.rules.Config.Mode == "observe" {
		return
	}
	type command struct {
		argv  []string
		rules []string
	}
	var cmds []*command
	byInv := map[*shell.Invocation]*command{}
	for _, f := range v.decision.Findings {
		inv := f.Invocation
		if inv == nil || !(f.Acknowledged || f.Action == policy.Confirm) || !sudoDirect(inv) {
			continue
		}
		c := byInv[inv]
		if c == nil {
			c = &command{}
			for _, w := range inv.Argv {
				c.argv = append(c.argv, w.Value)
			}
			byInv[inv] = c
			cmds = append(cmds, c)
		}
		if !slices.Contains(c.rules, f.RuleID) {
			c.rules = append(c.rules, f.RuleID)
		}
	}
	if len(cmds) == 0 || !pluginConfigured(sudoConf) {
		return
	}
	store := ticketStore()
	for _, c := range cmds {
		if err := store.Issue(c.rules, c.argv); err != nil {
			a.out.warnf("%v", err)
			a.out.hint("sudo's belay may ask again, or stop it: sudo BELAY_ACK=" + strings.Join(c.rules, ",") + " … acknowledges on sudo's command line")
		}
	}
}

// ticketStore is where this user's acknowledgement tickets live; tests
// move it.
var ticketStore = func() *ticket.Store { return ticket.For(os.Getuid()) }

// sudoConf is sudo's front-end configuration, which names its plugins.
var sudoConf = "/etc/sudo.conf"

// pluginConfigured says whether the sudo configuration conf loads belay's
// approval plugin: a line "Plugin belay_approval PATH …".
func pluginConfigured(conf string) bool {
	data, err := packs.ReadRegular(conf, 1<<20)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "Plugin" && f[1] == "belay_approval" {
			return true
		}
	}
	return false
}

// sudoDirect says whether inv is run by sudo directly, with every word
// known: the command sudo's approval plugin will be asked about.
func sudoDirect(inv *shell.Invocation) bool {
	if len(inv.Wrappers) != 1 || inv.Remote != "" || len(inv.Argv) == 0 || inv.Name == "sudoedit" {
		return false
	}
	w := inv.Wrappers[0]
	if w != "sudo" && !strings.HasPrefix(w, "sudo ") {
		return false
	}
	for _, arg := range inv.Argv {
		if arg.Dynamic || arg.Glob {
			return false
		}
	}
	return true
}

// maxHintLine bounds the line an ack hint repeats; past it the hint says
// where the ack goes instead of printing the line again.
const maxHintLine = 1000

// maxRejudge bounds the hinted lines ackHint tries.
const maxRejudge = 12

// ackHint tells how to run the line anyway, deliberately: the line as
// typed, with BELAY_ACK=ids before each command that a rule stopped (the
// ids of that command's rules only), newlines kept. Each hint is judged
// again before it is printed: it is shown only when, typed, it would let
// the line through; else the hint names the ids and where they go.
func ackHint(a *app, v *verdict) string {
	if line, ok := hintedLine(a, v); ok {
		if n := strings.Count(line, "\n"); n > 0 {
			return fmt.Sprintf("to run it anyway (%d lines):\n%s", n+1, line)
		}
		return "to run it anyway: " + line
	}
	ids := strings.Join(findingIDs(v.decision, policy.Confirm), ",")
	return "to run it anyway, put BELAY_ACK=" + ids + " before the command it names (as a prefix of that command, or after sudo's options: sudo BELAY_ACK=id cmd)"
}

// ackSite is where a prefix goes: a byte offset in the line, and the
// offsets to try after it when that one does not acknowledge (the words
// after sudo, whose VAR=value operands follow its options).
type ackSite struct {
	ids  []string
	offs []int
}

// hintedLine returns v's line with the acks inserted, and whether
// re-judging it found every stop acknowledged.
func hintedLine(a *app, v *verdict) (string, bool) {
	// A line the analysis could not finish is not judged again (each try
	// would cost the whole budget): its hint names the ids.
	if v.analysis == nil || v.rules == nil || len(v.line) > maxHintLine || len(v.analysis.Problems) > 0 {
		return "", false
	}
	// The hint is printed line by line through safe(): a line it would
	// escape (a tab in a heredoc's recipe) could not be typed as shown.
	for _, l := range strings.Split(v.line, "\n") {
		if safe(l) != l {
			return "", false
		}
	}
	dec := v.decision
	if v.argv {
		// An argv (belay sudo, exec) is hinted as the line a person types:
		// its words quoted, judged as such for the places of its commands.
		dec = v.rules.Set.DecideAcked(shell.Analyze(v.line, v.opt), hostAsker{v.host}, a.acks)
	}
	sites := map[int]*ackSite{}
	for _, f := range dec.Findings {
		if f.Acknowledged || f.Action < policy.Confirm {
			continue
		}
		if f.Invocation == nil || !f.Invocation.Pos.IsValid() {
			return "", false
		}
		off, ok := offsetOf(v.line, f.Invocation.Pos)
		if !ok {
			return "", false
		}
		st := sites[off]
		if st == nil {
			st = &ackSite{offs: candidateOffsets(v.line, off)}
			sites[off] = st
		}
		if !slices.Contains(st.ids, f.RuleID) {
			st.ids = append(st.ids, f.RuleID)
		}
	}
	if len(sites) == 0 {
		return "", false
	}
	starts := make([]int, 0, len(sites))
	for off := range sites {
		starts = append(starts, off)
	}
	slices.Sort(starts)
	choice := make([]int, len(starts)) // index into each site's offs
	build := func() string {
		line := v.line
		for i := len(starts) - 1; i >= 0; i-- {
			st := sites[starts[i]]
			at := st.offs[choice[i]]
			line = line[:at] + "BELAY_ACK=" + strings.Join(st.ids, ",") + " " + line[at:]
		}
		return line
	}
	for tries := 0; tries < maxRejudge; tries++ {
		line := build()
		d := v.rules.Set.DecideAcked(shell.Analyze(line, v.opt), hostAsker{v.host}, a.acks)
		if d.Action < policy.Confirm && allAcked(d, sites) {
			return line, true
		}
		// Move the first site whose ids still stop the line to its next
		// place.
		moved := false
		for i, off := range starts {
			st := sites[off]
			if stillStops(d, st.ids) && choice[i]+1 < len(st.offs) {
				choice[i]++
				moved = true
				break
			}
		}
		if !moved {
			return "", false
		}
	}
	return "", false
}

// allAcked says whether every rule that stopped the line still matches
// in d, acknowledged: a hint that made the command unrecognisable (an
// assignment where sudo expects an option) would also lose the stop.
func allAcked(d policy.Decision, sites map[int]*ackSite) bool {
	for _, st := range sites {
		for _, id := range st.ids {
			if !slices.ContainsFunc(d.Findings, func(f policy.Finding) bool { return f.RuleID == id && f.Acknowledged }) {
				return false
			}
		}
	}
	return true
}

// stillStops says whether d is still stopped by one of ids.
func stillStops(d policy.Decision, ids []string) bool {
	for _, f := range d.Findings {
		if !f.Acknowledged && f.Action >= policy.Confirm && slices.Contains(ids, f.RuleID) {
			return true
		}
	}
	return false
}

// offsetOf turns a 1-based line and byte column into an offset of line.
func offsetOf(line string, p shell.Pos) (int, bool) {
	off := 0
	for l := 1; l < p.Line; l++ {
		nl := strings.IndexByte(line[off:], '\n')
		if nl < 0 {
			return 0, false
		}
		off += nl + 1
	}
	off += p.Col - 1
	return off, off >= 0 && off <= len(line)
}

// candidateOffsets returns where an ack for the command at off may go:
// before it, and, when it is sudo, before each of the next words (sudo
// takes VAR=value after its options, before the command).
func candidateOffsets(line string, off int) []int {
	offs := []int{off}
	if !strings.HasPrefix(line[off:], "sudo ") {
		return offs
	}
	i := off + len("sudo")
	for len(offs) < 8 {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) || strings.IndexByte("\n;&|", line[i]) >= 0 {
			break
		}
		offs = append(offs, i)
		for i < len(line) && strings.IndexByte(" \t\n;&|", line[i]) < 0 {
			i++
		}
	}
	// After sudo's first word is the likeliest place: try it first.
	if len(offs) > 1 {
		offs[0], offs[1] = offs[1], offs[0]
	}
	return offs
}
